use proc_macro2::TokenStream;
use quote::quote;

use super::Name;

pub(super) fn emit(name: &Name) -> TokenStream {
    let inherent = inherent(name);
    let conversions = conversions(name);
    let serde = serde(name);
    let validate = validate(name);
    quote! {
        #inherent
        #conversions
        #serde
        #validate
    }
}

/// Errors cannot survive construction, but warnings (a leading zero in a version) can: validating the
/// name reports them at the field that holds it.
fn validate(Name { ident, .. }: &Name) -> TokenStream {
    quote! {
        #[automatically_derived]
        impl ::sigil_core::Validate for #ident {
            fn validate_into(&self, validator: &mut ::sigil_core::Validator<'_>) {
                let findings = Self::KIND.check(&self.0, validator.mode());
                validator.extend(findings.into_iter().filter(|finding| !finding.is_error()));
            }
        }
    }
}

fn inherent(Name { ident, rule }: &Name) -> TokenStream {
    // No `quote_spanned!` for `KIND`: the rule keeps its own spans, so a rule of the wrong type is
    // reported on it, while spanning the whole item there would make lints such as `unreachable_pub`
    // blame the user's tokens for the generated `pub`.
    quote! {
        impl #ident {
            /// The kind of name this type holds, and so the rules it is checked against.
            pub const KIND: ::sigil_core::names::NameKind = #rule;

            /// Checks `value` against the rules of [`Self::KIND`] in the given mode.
            pub fn parse(
                value: impl ::core::convert::Into<::std::string::String>,
                mode: ::sigil_core::Mode,
            ) -> ::core::result::Result<Self, ::sigil_core::names::NameError> {
                let value = ::core::convert::Into::<::std::string::String>::into(value);
                Self::KIND.validate(&value, mode)?;
                ::core::result::Result::Ok(Self(value))
            }

            /// The name as written.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The name as an owned `String`.
            pub fn into_inner(self) -> ::std::string::String {
                self.0
            }
        }
    }
}

fn conversions(Name { ident, .. }: &Name) -> TokenStream {
    let strict = quote!(::sigil_core::Mode::Strict);
    let error = quote!(::sigil_core::names::NameError);
    quote! {
        #[automatically_derived]
        impl ::core::str::FromStr for #ident {
            type Err = #error;

            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                Self::parse(value, #strict)
            }
        }

        #[automatically_derived]
        impl ::core::convert::TryFrom<::std::string::String> for #ident {
            type Error = #error;

            fn try_from(value: ::std::string::String) -> ::core::result::Result<Self, Self::Error> {
                Self::parse(value, #strict)
            }
        }

        #[automatically_derived]
        impl ::core::convert::TryFrom<&str> for #ident {
            type Error = #error;

            fn try_from(value: &str) -> ::core::result::Result<Self, Self::Error> {
                Self::parse(value, #strict)
            }
        }

        #[automatically_derived]
        impl ::core::convert::AsRef<str> for #ident {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        #[automatically_derived]
        impl ::core::ops::Deref for #ident {
            type Target = str;

            fn deref(&self) -> &str {
                &self.0
            }
        }

        #[automatically_derived]
        impl ::core::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                <str as ::core::fmt::Display>::fmt(&self.0, f)
            }
        }

        #[automatically_derived]
        impl ::core::convert::From<#ident> for ::std::string::String {
            fn from(name: #ident) -> Self {
                name.0
            }
        }
    }
}

fn serde(Name { ident, .. }: &Name) -> TokenStream {
    let serde = quote!(::sigil_core::__private::serde);
    quote! {
        #[automatically_derived]
        impl #serde::Serialize for #ident {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: #serde::Serializer,
            {
                serializer.serialize_str(&self.0)
            }
        }

        #[automatically_derived]
        impl<'de> #serde::Deserialize<'de> for #ident {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: #serde::Deserializer<'de>,
            {
                let value = <::std::string::String as #serde::Deserialize<'de>>::deserialize(deserializer)?;
                Self::parse(value, ::sigil_core::Mode::Strict)
                    .map_err(<D::Error as #serde::de::Error>::custom)
            }
        }
    }
}
