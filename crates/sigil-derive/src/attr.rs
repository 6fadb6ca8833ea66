//! The syntax shared by sigil's helper attributes: `#[name(rule = ...)]`, `#[validate(nested, check = f)]`.
//!
//! Arguments are read loosely here (any key, with or without a value) so that the derives can say
//! what is wrong with each one, all at once, instead of stopping at the first surprise.

use proc_macro2::{Group, Span};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Attribute, Expr, Ident, Meta, Token};

use crate::errors::Errors;

/// One `key`, `key = value` or `key(...)` inside a helper attribute.
pub(crate) struct Arg {
    pub(crate) key: Ident,
    pub(crate) value: Value,
}

pub(crate) enum Value {
    /// `key`
    Absent,
    /// `key =` and nothing after it.
    Missing,
    /// `key = expr`
    Expr(Expr),
    /// `key(...)`
    List(Group),
}

impl Arg {
    pub(crate) fn name(&self) -> String {
        self.key.unraw().to_string()
    }

    /// The value of `key = value`, or an error saying how to write one.
    pub(crate) fn expr(&self, example: &str) -> syn::Result<&Expr> {
        let message = format!("`{}` needs a value, like `{example}`", self.name());
        match &self.value {
            Value::Expr(expr) => Ok(expr),
            Value::Absent | Value::Missing => Err(syn::Error::new(self.key.span(), message)),
            Value::List(group) => Err(syn::Error::new(group.span(), message)),
        }
    }

    /// Checks that a flag such as `nested` came alone.
    pub(crate) fn flag(&self) -> syn::Result<()> {
        let message = format!("`{}` takes no value", self.name());
        match &self.value {
            Value::Absent => Ok(()),
            Value::Missing => Err(syn::Error::new(self.key.span(), message)),
            Value::Expr(expr) => Err(syn::Error::new_spanned(expr, message)),
            Value::List(group) => Err(syn::Error::new(group.span(), message)),
        }
    }

    pub(crate) fn span(&self) -> Span {
        self.key.span()
    }
}

impl Parse for Arg {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        // Keywords are keys too, so that `#[validate(type)]` is an unknown key rather than a parse error.
        let key = Ident::parse_any(input)?;
        let value = if input.peek(Token![=]) {
            input.parse::<Token![=]>()?;
            if input.is_empty() || input.peek(Token![,]) {
                Value::Missing
            } else {
                Value::Expr(input.parse()?)
            }
        } else if input.peek(syn::token::Paren) {
            Value::List(input.parse()?)
        } else {
            Value::Absent
        };
        Ok(Self { key, value })
    }
}

/// The arguments of every attribute named `name` among `attrs`, each with the attribute it came from.
pub(crate) fn args<'a>(
    attrs: &'a [Attribute],
    name: &str,
    errors: &mut Errors,
) -> Vec<(&'a Attribute, Vec<Arg>)> {
    let mut found = Vec::new();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident(name)) {
        if !matches!(attr.meta, Meta::List(_)) {
            errors.at(attr, format!("expected `#[{name}(...)]`"));
            continue;
        }
        match attr.parse_args_with(Punctuated::<Arg, Token![,]>::parse_terminated) {
            Ok(args) => found.push((attr, args.into_iter().collect())),
            Err(error) => errors.push(error),
        }
    }
    found
}

/// Reports a second `key` where only one may be given.
pub(crate) fn once<T>(slot: &mut Option<T>, arg: &Arg, value: T, errors: &mut Errors) {
    if slot.is_some() {
        errors.push(syn::Error::new(
            arg.span(),
            format!("duplicate `{}`", arg.name()),
        ));
    } else {
        *slot = Some(value);
    }
}

/// Turns an error into a report, keeping what it would have held.
pub(crate) fn collect<T>(result: syn::Result<T>, errors: &mut Errors) -> Option<T> {
    result.map_err(|error| errors.push(error)).ok()
}

#[cfg(test)]
mod tests {
    use quote::ToTokens;

    use super::*;

    fn parse(tokens: &str) -> Vec<Arg> {
        let parser = Punctuated::<Arg, Token![,]>::parse_terminated;
        syn::parse::Parser::parse_str(parser, tokens)
            .unwrap()
            .into_iter()
            .collect()
    }

    #[test]
    fn reads_every_shape_of_argument() {
        let args = parse("nested, check = a::b, rename =, type(x), rule = NameKind::Gallery");
        let shapes: Vec<_> = args
            .iter()
            .map(|arg| match &arg.value {
                Value::Absent => format!("{} absent", arg.name()),
                Value::Missing => format!("{} missing", arg.name()),
                Value::Expr(expr) => format!("{} = {}", arg.name(), expr.to_token_stream()),
                Value::List(group) => format!("{} {}", arg.name(), group),
            })
            .collect();
        assert_eq!(
            shapes,
            [
                "nested absent",
                "check = a :: b",
                "rename missing",
                "type (x)",
                "rule = NameKind :: Gallery",
            ]
        );
    }
}
