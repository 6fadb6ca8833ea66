//! `#[derive(ValidatedName)]`: a `String` newtype that holds only names its rule accepts.

mod check;
mod emit;

use proc_macro2::TokenStream;
use syn::{DeriveInput, Expr, Ident};

/// A checked `#[name(rule = ...)]` tuple struct.
struct Name {
    ident: Ident,
    rule: Expr,
}

pub(crate) fn derive(input: &DeriveInput) -> syn::Result<TokenStream> {
    check::check(input).map(|name| emit::emit(&name))
}
