//! Derives for sigil's validated resource types; use them through `sigil_core`, which re-exports both.
//!
//! - [`ValidatedName`](macro@ValidatedName): a `String` newtype that only holds names its rule accepts.
//! - [`Validate`](macro@Validate): walks a struct's fields under their spec keys, collecting every finding.
//!
//! Each derive checks the whole item before it writes anything, so one compile reports every mistake.

mod attr;
mod case;
mod errors;
mod key;
mod name;
mod validate;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// Makes a tuple struct over one `String` a validated name.
///
/// ```ignore
/// #[derive(Debug, Clone, PartialEq, Eq, Hash, ValidatedName)]
/// #[name(rule = NameKind::Gallery)]
/// pub struct GalleryName(String);
/// ```
///
/// `rule` is any expression of type `sigil_core::names::NameKind`. The derive writes `KIND`, `parse(value,
/// mode)`, `as_str` and `into_inner`, and implements `FromStr`, `TryFrom<String>`, `TryFrom<&str>`,
/// `AsRef<str>`, `Deref<Target = str>`, `Display`, `From<Self> for String`, and serde's `Serialize` and
/// `Deserialize`. Every conversion but `parse` applies the strict rules.
#[proc_macro_derive(ValidatedName, attributes(name))]
pub fn derive_validated_name(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    name::derive(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Implements `sigil_core::Validate` for a struct with named fields.
///
/// ```ignore
/// #[derive(Deserialize, Validate)]
/// #[serde(rename_all = "kebab-case")]
/// #[validate(check = versions_are_unique)]            // fn(&Self, &mut Validator<'_>), after the fields
/// pub struct ImageDefinition {
///     #[validate(nested)]                              // visited under the key `name`
///     name: ImageDefinitionName,
///     #[validate(nested, check = end_of_life_ahead)]   // fn(&Vec<ImageVersion>, &mut Validator<'_>)
///     image_versions: Vec<ImageVersion>,               // key `image-versions`
///     #[validate(check = sku_fits, rename = "SKU")]    // key `SKU`
///     sku: String,
///     publisher: String,                               // not visited
/// }
/// ```
///
/// A field's key is its `#[validate(rename = "..")]`, else its `#[serde(rename = "..")]`, else its
/// identifier under the container's `#[serde(rename_all = "..")]`. `nested` runs before the field's
/// checks, and the container's checks run last.
#[proc_macro_derive(Validate, attributes(validate))]
pub fn derive_validate(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    validate::derive(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
