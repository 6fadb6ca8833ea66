//! `#[derive(Validate)]`: walks a struct's fields under their spec keys and runs their checks.

mod check;
mod emit;

use proc_macro2::TokenStream;
use syn::{DeriveInput, ExprPath, Generics, Ident, Type};

/// A checked struct: what to visit, in order.
struct Input {
    ident: Ident,
    generics: Generics,
    fields: Vec<Field>,
    /// Container-level `check = f`: `f(&Self, &mut Validator)`, run after the fields.
    checks: Vec<ExprPath>,
}

/// A field with something to validate; fields without `#[validate]` are not visited.
struct Field {
    member: Ident,
    ty: Type,
    key: String,
    nested: bool,
    checks: Vec<ExprPath>,
}

pub(crate) fn derive(input: &DeriveInput) -> syn::Result<TokenStream> {
    check::check(input).map(|input| emit::emit(&input))
}
