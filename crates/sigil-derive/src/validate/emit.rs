use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Ident, LitStr};

use super::{Field, Input};

pub(super) fn emit(input: &Input) -> TokenStream {
    let Input {
        ident,
        generics,
        fields,
        checks,
    } = input;
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let fields = fields.iter().map(field);
    // Spanned on the user's path so that a function of the wrong signature is reported there.
    let checks = checks
        .iter()
        .map(|check| quote_spanned!(check.span()=> #check(self, __validator);));
    quote! {
        #[automatically_derived]
        impl #impl_generics ::sigil_core::Validate for #ident #ty_generics #where_clause {
            fn validate_into(&self, __validator: &mut ::sigil_core::Validator<'_>) {
                #(#fields)*
                #(#checks)*
            }
        }
    }
}

fn field(field: &Field) -> TokenStream {
    let Field {
        member,
        ty,
        key,
        nested,
        checks,
    } = field;
    let key = LitStr::new(key, Span::call_site());
    // A missing `Validate` impl is reported on `&self.field`, which rustc spans from its first token to
    // its last: placed here from the start of the field's type to its end.
    let nested = nested.then(|| {
        let (start, end) = ends(ty);
        let member = respan(member, end);
        quote_spanned! {start=>
            ::sigil_core::Validate::validate_into(&self.#member, __validator);
        }
    });
    let checks = checks.iter().map(|check| {
        let member = respan(member, check.span());
        quote_spanned!(check.span()=> #check(&self.#member, __validator);)
    });
    quote! {
        __validator.in_field(#key, |__validator| {
            #nested
            #(#checks)*
        });
    }
}

/// The field's identifier placed at `span`, so that an error about `&self.field` stays on one line
/// rather than stretching from the attribute to the field.
fn respan(member: &Ident, span: Span) -> Ident {
    let mut member = member.clone();
    member.set_span(span);
    member
}

/// The spans of the first and last tokens of `tokens`, which `Spanned::span` cannot join on stable.
fn ends(tokens: &impl ToTokens) -> (Span, Span) {
    let mut spans = tokens
        .to_token_stream()
        .into_iter()
        .map(|token| token.span());
    let start = spans.next().unwrap_or_else(Span::call_site);
    (start, spans.last().unwrap_or(start))
}
