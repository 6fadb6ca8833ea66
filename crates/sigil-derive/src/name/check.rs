use syn::{Data, DeriveInput, Expr, Fields, Type};

use super::Name;
use crate::attr;
use crate::errors::Errors;

const MISSING: &str = "missing `#[name(rule = ...)]`";

pub(super) fn check(input: &DeriveInput) -> syn::Result<Name> {
    let mut errors = Errors::default();
    let rule = rule(input, &mut errors);
    if !input.generics.params.is_empty() {
        errors.at(&input.generics, "validated names cannot be generic");
    }
    check_shape(input, &mut errors);
    errors.finish()?;
    // Every way to end up without a rule has been reported above; this only keeps that promise local.
    let Some(rule) = rule else {
        return Err(syn::Error::new(input.ident.span(), MISSING));
    };
    Ok(Name {
        ident: input.ident.clone(),
        rule,
    })
}

fn check_shape(input: &DeriveInput, errors: &mut Errors) {
    const SHAPE: &str = "expected a tuple struct with one `String` field";
    let fields = match &input.data {
        Data::Struct(data) => &data.fields,
        Data::Enum(data) => return errors.at(data.enum_token, SHAPE),
        Data::Union(data) => return errors.at(data.union_token, SHAPE),
    };
    match fields {
        Fields::Unnamed(unnamed) if unnamed.unnamed.len() == 1 => {
            let field = &unnamed.unnamed[0];
            if !is_string(&field.ty) {
                errors.at(&field.ty, "the name field must be a `String`");
            }
        }
        Fields::Unit => errors.at(&input.ident, SHAPE),
        Fields::Named(_) | Fields::Unnamed(_) => errors.at(fields, SHAPE),
    }
}

fn is_string(ty: &Type) -> bool {
    let Type::Path(path) = ty else { return false };
    path.qself.is_none()
        && path
            .path
            .segments
            .last()
            .is_some_and(|last| last.ident == "String" && last.arguments.is_none())
}

/// The `rule` expression; `None` once its absence or misuse is reported.
fn rule(input: &DeriveInput, errors: &mut Errors) -> Option<Expr> {
    let mut rule = None;
    for (attr, args) in attr::args(&input.attrs, "name", errors) {
        if args.is_empty() {
            errors.at(attr, "empty `name` attribute, expected `rule = ...`");
        }
        for arg in args {
            match arg.name().as_str() {
                "rule" => {
                    let expr = arg.expr("rule = NameKind::Gallery").cloned();
                    if let Some(expr) = attr::collect(expr, errors) {
                        attr::once(&mut rule, &arg, expr, errors);
                    }
                }
                other => errors.push(syn::Error::new(
                    arg.span(),
                    format!("unknown name attribute `{other}`, expected `rule`"),
                )),
            }
        }
    }
    // A `#[name]` without a rule has its own error; only a missing attribute is reported on the struct.
    if !input.attrs.iter().any(|attr| attr.path().is_ident("name")) {
        errors.at(&input.ident, MISSING);
    }
    rule
}
