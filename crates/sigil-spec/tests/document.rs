//! `check_document` through its public API: the same checks as `load` over a tree parsed from a spec, and
//! what `CheckOptions::lint()` leaves out and keeps.

use std::path::Path;

use sigil_core::{Context, Located};
use sigil_spec::document::{JsonSyntax, Node, parse_json, parse_toml};
use sigil_spec::{CheckOptions, Loaded, check_document, load};

/// `line:column rule path` of each finding.
fn found(loaded: &Loaded) -> Vec<String> {
    loaded
        .diagnostics
        .iter()
        .map(
            |Located {
                 span, diagnostic, ..
             }| {
                format!(
                    "{}:{} {} {}",
                    span.start.line, span.start.column, diagnostic.rule.id, diagnostic.path
                )
            },
        )
        .collect()
}

fn check(text: &str, options: CheckOptions) -> Loaded {
    let root = parse_toml(text).unwrap();
    check_document(
        Path::new("sigil.toml"),
        text,
        &root,
        &Context::strict(),
        &options,
    )
}

/// A definition missing its publisher, in a gallery no resource defines, then a V1 Trusted Launch definition
/// with an unknown parent of its own.
const PARTIAL: &str = r#"[[image-definition]]
gallery = "elsewhere"
name = "first"
offer = "o"
sku = "s"
os-type = "Linux"
os-state = "Generalized"

[[image-definition]]
gallery = "elsewhere"
name = "second"
publisher = "p"
offer = "o"
sku = "s"
os-type = "Linux"
os-state = "Generalized"
hyper-v-generation = "V1"
features = { security-type = "TrustedLaunch" }
"#;

#[test]
fn a_spec_checked_as_a_document_is_checked_as_load_checks_it() {
    let text =
        "[[gallery]]\nname = \"my-gallery\"\n\n[[image-definition]]\ngallery = \"nowhere\"\n";
    let loaded = load(Path::new("sigil.toml"), text, &Context::strict());
    let checked = check(text, CheckOptions::spec());
    assert_eq!(found(&checked), found(&loaded));
    assert!(!found(&loaded).is_empty());
}

#[test]
fn lint_leaves_out_missing_keys_and_unknown_parents_and_checks_what_reads() {
    // As a spec: the missing publisher, and nothing else (the spec does not read whole).
    assert_eq!(
        found(&check(PARTIAL, CheckOptions::spec())),
        ["1:1 SIG008 image-definition[0]"]
    );
    // As a linted document: no SIG008, no SIG003 for `elsewhere`, and the second definition's rule,
    // placed at the second definition although the first was left out.
    assert_eq!(
        found(&check(PARTIAL, CheckOptions::lint())),
        ["17:22 SIG208 image-definition[1].hyper-v-generation"]
    );
    // Names only: the definitions' names and values, no rule relating keys.
    assert!(found(&check(PARTIAL, CheckOptions::lint().names_only())).is_empty());
}

#[test]
fn names_only_checks_the_names_own_warnings() {
    let text = "[[image-version]]\ngallery = \"g\"\nimage-definition = \"d\"\nname = \"1.0.01\"\n";
    assert_eq!(
        found(&check(text, CheckOptions::lint().names_only())),
        ["4:8 SIG304 image-version[0].name"]
    );
    // With every rule, the version also has no source.
    assert_eq!(
        found(&check(text, CheckOptions::lint())),
        [
            "1:1 SIG311 image-version[0]",
            "4:8 SIG304 image-version[0].name"
        ]
    );
}

#[test]
fn values_refused_while_reading_are_reported_whatever_the_options() {
    let text = "[[image-version]]\ngallery = \"my-gallery\"\nname = \"1.0\"\n";
    for options in [
        CheckOptions::spec(),
        CheckOptions::lint(),
        CheckOptions::lint().names_only(),
    ] {
        let ids: Vec<String> = found(&check(text, options))
            .into_iter()
            .filter(|finding| !finding.contains("SIG008"))
            .collect();
        assert_eq!(
            ids,
            [
                "2:11 SIG102 image-version[0].gallery",
                "3:8 SIG301 image-version[0].name"
            ]
        );
    }
}

#[test]
fn json_with_comments_is_read_when_asked_for() {
    let text = "{\n  // a comment\n  \"gallery\": [{\"name\": \"g\"},],\n}";
    assert!(parse_json(text, JsonSyntax::Strict).is_err());
    let root = parse_json(text, JsonSyntax::WithComments).unwrap();
    let name = &root.get("gallery").unwrap().items()[0];
    assert_eq!(name.get("name").and_then(Node::as_str), Some("g"));
}
