//! The spec as TOML, keys in the model's order, so that the same spec is always the same text.

use sigil_core::model::Spec;

/// `spec` as the TOML of a `sigil.toml`, with a header saying where it comes from.
pub fn to_toml(spec: &Spec) -> String {
    // The model serialises to plain tables, strings, integers and booleans, which TOML always holds.
    let body = toml::to_string_pretty(spec).unwrap_or_else(|error| format!("# {error}\n"));
    format!("# Written by `sigil import`: review what it reports as not carried over.\n\n{body}")
}
