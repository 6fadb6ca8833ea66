//! sigil's own specs, linted as `sigil validate` checks them: with [`sigil_spec::load`], unknown and
//! missing keys included, since the format is sigil's.

use std::path::Path;

use sigil_core::Context;
use sigil_spec::document::{JsonSyntax, Node, parse_json, parse_toml};

use crate::Read;

/// The top-level keys of a spec that hold gallery resources.
const RESOURCE_KEYS: &[&str] = &[
    "gallery",
    "image-definition",
    "image-version",
    "application",
    "application-version",
];

/// Checks the spec in `text` (TOML, or JSON for `*.json`). A JSON file is a spec only when it is shaped as
/// one: an object with no `$schema` and an array under one of the resource keys; any other JSON is not
/// sigil's and gives nothing. `text` has no byte order mark.
pub fn read(file: &Path, text: &str, context: &Context) -> Read {
    let json_name = crate::Format::of_name(file) == Some(crate::Syntax::Json);
    // sigil reads a JSON spec only as `*.json` (a `.jsonc` file would be read as TOML).
    let json_spec = sigil_spec::Format::of(file) == sigil_spec::Format::Json;
    if json_name && !(json_spec && is_json_spec(text)) {
        return Read::default();
    }
    let loaded = sigil_spec::load(file, text, context);
    Read {
        diagnostics: loaded.diagnostics,
        ..Read::default()
    }
}

/// Where the resources of the spec in `text` are written, for suppression comments; `None` when the file
/// has none or does not parse.
pub(crate) fn layout(file: &Path, text: &str) -> Option<Node> {
    if !text.contains(crate::suppress::MARKER) {
        return None;
    }
    match sigil_spec::Format::of(file) {
        sigil_spec::Format::Toml => parse_toml(text).ok(),
        sigil_spec::Format::Json => parse_json(text, JsonSyntax::Strict).ok(),
    }
}

fn is_json_spec(text: &str) -> bool {
    let Ok(root) = parse_json(text, JsonSyntax::WithComments) else {
        return false;
    };
    root.get("$schema").is_none()
        && root.entries().iter().any(|entry| {
            RESOURCE_KEYS.contains(&entry.key.as_str())
                && matches!(entry.value.kind, sigil_spec::document::Kind::Array(_))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spec_is_checked_like_validate_checks_it() {
        let read = read(
            Path::new("sigil.toml"),
            "[[gallery]]\nnme = \"g\"\n",
            &Context::strict(),
        );
        let ids: Vec<&str> = read
            .diagnostics
            .iter()
            .map(|l| l.diagnostic.rule.id)
            .collect();
        assert_eq!(ids, ["SIG007"]);
    }

    #[test]
    fn json_that_is_not_shaped_as_a_spec_is_not_sigils() {
        let context = Context::strict();
        assert!(
            read(Path::new("a.json"), r#"{"gallery": "x"}"#, &context)
                .diagnostics
                .is_empty()
        );
        assert!(
            read(Path::new("a.json"), "{ not json", &context)
                .diagnostics
                .is_empty()
        );
        let spec = read(
            Path::new("a.json"),
            r#"{"gallery": [{"name": "my-gallery"}]}"#,
            &context,
        );
        assert_eq!(spec.diagnostics[0].diagnostic.rule.id, "SIG102");
    }
}
