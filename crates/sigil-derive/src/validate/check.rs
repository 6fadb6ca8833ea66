use syn::{Attribute, Data, DeriveInput, Expr, ExprPath, Fields, FieldsNamed, Lit, LitStr};

use super::{Field, Input};
use crate::attr::{self, Arg};
use crate::errors::Errors;
use crate::key;

pub(super) fn check(input: &DeriveInput) -> syn::Result<Input> {
    let mut errors = Errors::default();
    let checks = container_checks(&input.attrs, &mut errors);
    let fields = fields(input, &mut errors);
    errors.finish()?;
    Ok(Input {
        ident: input.ident.clone(),
        generics: input.generics.clone(),
        fields,
        checks,
    })
}

fn fields(input: &DeriveInput, errors: &mut Errors) -> Vec<Field> {
    let Some(named) = named_fields(input, errors) else {
        return Vec::new();
    };
    let rename_all = key::rename_all(&input.attrs);
    named
        .named
        .iter()
        .filter_map(|field| {
            let member = field.ident.clone().expect("named fields have identifiers");
            let attrs = field_attrs(&field.attrs, errors)?;
            let key = match attrs.rename {
                Some(rename) => rename.value(),
                None => key::field_key(&member, &field.attrs, rename_all),
            };
            Some(Field {
                member,
                ty: field.ty.clone(),
                key,
                nested: attrs.nested,
                checks: attrs.checks,
            })
        })
        .collect()
}

fn named_fields<'a>(input: &'a DeriveInput, errors: &mut Errors) -> Option<&'a FieldsNamed> {
    const SHAPE: &str = "`Validate` can only be derived for structs with named fields";
    match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) => return Some(named),
            Fields::Unnamed(unnamed) => errors.at(unnamed, SHAPE),
            Fields::Unit => errors.at(&input.ident, SHAPE),
        },
        Data::Enum(data) => errors.at(data.enum_token, SHAPE),
        Data::Union(data) => errors.at(data.union_token, SHAPE),
    }
    None
}

fn container_checks(attrs: &[Attribute], errors: &mut Errors) -> Vec<ExprPath> {
    let mut checks = Vec::new();
    for (attr, args) in attr::args(attrs, "validate", errors) {
        if args.is_empty() {
            errors.at(attr, "empty `validate` attribute");
        }
        for arg in args {
            match arg.name().as_str() {
                "check" => checks.extend(attr::collect(check_path(&arg), errors)),
                other => errors.push(syn::Error::new(
                    arg.span(),
                    format!("unknown validate attribute `{other}`, expected `check`"),
                )),
            }
        }
    }
    checks
}

struct FieldAttrs {
    nested: bool,
    checks: Vec<ExprPath>,
    rename: Option<LitStr>,
}

/// What a field's `#[validate(...)]` attributes ask for; `None` if it has none or they ask for nothing.
fn field_attrs(attrs: &[Attribute], errors: &mut Errors) -> Option<FieldAttrs> {
    let mut nested = None;
    let mut checks = Vec::new();
    let mut rename = None;
    let found = attr::args(attrs, "validate", errors);
    for (attr, args) in &found {
        if args.is_empty() {
            errors.at(attr, "empty `validate` attribute");
        }
        for arg in args {
            match arg.name().as_str() {
                "nested" => {
                    if attr::collect(arg.flag(), errors).is_some() {
                        attr::once(&mut nested, arg, (), errors);
                    }
                }
                "check" => checks.extend(attr::collect(check_path(arg), errors)),
                "rename" => {
                    if let Some(key) = attr::collect(rename_key(arg), errors) {
                        attr::once(&mut rename, arg, key, errors);
                    }
                }
                other => errors.push(syn::Error::new(
                    arg.span(),
                    format!(
                        "unknown validate attribute `{other}`, expected `nested`, `check` or `rename`"
                    ),
                )),
            }
        }
    }
    let nested = nested.is_some();
    if !nested && checks.is_empty() {
        // A field that is renamed and never visited is almost surely a mistake.
        if let Some(rename) = &rename {
            errors.at(
                rename,
                "`rename` alone validates nothing: add `nested` or `check = ...`",
            );
        }
        return None;
    }
    Some(FieldAttrs {
        nested,
        checks,
        rename,
    })
}

fn check_path(arg: &Arg) -> syn::Result<ExprPath> {
    match arg.expr("check = path::to::function")? {
        Expr::Path(path) => Ok(path.clone()),
        other => Err(syn::Error::new_spanned(
            other,
            "expected a path to a function, like `check = path::to::function`",
        )),
    }
}

fn rename_key(arg: &Arg) -> syn::Result<LitStr> {
    let expr = arg.expr("rename = \"key\"")?;
    match expr {
        Expr::Lit(lit) => match &lit.lit {
            Lit::Str(key) if key.value().is_empty() => {
                Err(syn::Error::new(key.span(), "the key cannot be empty"))
            }
            Lit::Str(key) => Ok(key.clone()),
            _ => Err(syn::Error::new_spanned(expr, "expected a string literal")),
        },
        _ => Err(syn::Error::new_spanned(expr, "expected a string literal")),
    }
}
