//! Files generated from the code are committed; this fails when one is stale, naming the command that
//! regenerates it (the rust-analyzer "sourcegen" habit: the test is the check, no CI-only step).

use std::fs;
use std::path::Path;

#[test]
fn docs_rules_md_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let committed = fs::read_to_string(&path).unwrap_or_default();
    let fresh = sigil_core::docs::registry_markdown();
    assert!(
        committed == fresh,
        "docs/rules.md is stale: run `cargo xtask docs` and commit the result"
    );
}

#[test]
fn docs_spec_reference_md_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/spec-reference.md");
    let committed = fs::read_to_string(&path).unwrap_or_default();
    let fresh = sigil_core::spec_reference::spec_reference_markdown();
    assert!(
        committed == fresh,
        "docs/spec-reference.md is stale: run `cargo xtask docs` and commit the result"
    );
}
