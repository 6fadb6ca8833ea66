//! A field's key in the spec, as the item's own serde attributes spell it.
//!
//! Diagnostics point at the spec's keys, not at Rust identifiers, so the key follows serde: a field's
//! `rename` wins, then the container's `rename_all`, then the identifier. Only the deserialize side
//! counts, since paths point into files that were read. Attributes serde will reject are ignored here:
//! serde reports them better.

use syn::ext::IdentExt;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, Expr, Ident, LitStr, Token};

use crate::case::RenameRule;

pub(crate) fn rename_all(attrs: &[Attribute]) -> Option<RenameRule> {
    serde_value(attrs, "rename_all").and_then(|name| RenameRule::from_name(&name))
}

pub(crate) fn field_key(
    ident: &Ident,
    attrs: &[Attribute],
    rename_all: Option<RenameRule>,
) -> String {
    if let Some(rename) = serde_value(attrs, "rename") {
        return rename;
    }
    let ident = ident.unraw().to_string();
    match rename_all {
        Some(rule) => rule.apply(&ident),
        None => ident,
    }
}

/// The string given to `#[serde(wanted = "..")]` or `#[serde(wanted(deserialize = ".."))]`; the last wins.
fn serde_value(attrs: &[Attribute], wanted: &str) -> Option<String> {
    let mut found = None;
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if !meta.path.is_ident(wanted) {
                return skip(&meta);
            }
            if meta.input.peek(Token![=]) {
                found = Some(meta.value()?.parse::<LitStr>()?.value());
                return Ok(());
            }
            meta.parse_nested_meta(|side| {
                if side.path.is_ident("deserialize") {
                    found = Some(side.value()?.parse::<LitStr>()?.value());
                    Ok(())
                } else {
                    skip(&side)
                }
            })
        });
    }
    found
}

fn skip(meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.value()?.parse::<Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        meta.parse_nested_meta(|inner| skip(&inner))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use syn::{Field, ItemStruct, parse_quote};

    use super::*;

    fn keys(item: &ItemStruct) -> Vec<String> {
        let rename_all = rename_all(&item.attrs);
        item.fields
            .iter()
            .map(|Field { ident, attrs, .. }| field_key(ident.as_ref().unwrap(), attrs, rename_all))
            .collect()
    }

    #[test]
    fn follows_serde_precedence() {
        let item: ItemStruct = parse_quote! {
            #[serde(deny_unknown_fields, rename_all = "kebab-case", bound(serialize = "T: X"))]
            struct Spec {
                os_state: String,
                #[serde(default, rename = "hyperVGeneration", skip_serializing_if = "Option::is_none")]
                hyper_v_generation: String,
                r#type: String,
                #[serde(rename(serialize = "out", deserialize = "in"))]
                both_sides: String,
                #[serde(rename(serialize = "out"))]
                serialize_only: String,
            }
        };
        assert_eq!(
            keys(&item),
            [
                "os-state",
                "hyperVGeneration",
                "type",
                "in",
                "serialize-only"
            ]
        );
    }

    #[test]
    fn rename_all_for_deserialize_and_unknown_rules() {
        let item: ItemStruct = parse_quote! {
            #[serde(rename_all(serialize = "UPPERCASE", deserialize = "camelCase"))]
            struct A { end_of_life: String }
        };
        assert_eq!(keys(&item), ["endOfLife"]);
        let item: ItemStruct = parse_quote! {
            #[serde(rename_all = "no-such-case", crate = "x")]
            struct B { end_of_life: String }
        };
        assert_eq!(keys(&item), ["end_of_life"]);
    }
}
