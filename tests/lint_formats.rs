//! `sigil lint` over the whole fixture corpus `tests/fixtures/lint/` in the output formats `tests/lint.rs`
//! does not pin (it snapshots `concise` and `json`): `human`, `sarif` and `github`, one run each, so every
//! reader's findings are seen in every format. The SARIF is also checked against the SARIF 2.1.0 schema
//! (`tests/data/sarif`) and against what GitHub code scanning needs of an upload: each result's rule
//! described, a region with start and end lines and columns, and a URI relative to the repository's root.
//!
//! Paths are the corpus's relative to the repository's root, with forward slashes on every platform.

use std::collections::BTreeSet;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const CORPUS: &str = "tests/fixtures/lint";

/// The corpus linted in `format`: exit code, standard output and standard error.
fn lint_corpus(format: &str) -> (i32, String, String) {
    let output = Command::cargo_bin("sigil")
        .expect("the sigil binary is built")
        .args(["lint", "--format", format, CORPUS])
        .output()
        .unwrap();
    (
        output.status.code().expect("sigil exits, it is not killed"),
        String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    )
}

#[test]
fn the_corpus_as_human() {
    let (code, stdout, stderr) = lint_corpus("human");
    assert_eq!(code, 1);
    insta::assert_snapshot!(format!(
        "exit {code}\n--- stdout\n{stdout}--- stderr\n{stderr}"
    ));
}

#[test]
fn the_corpus_as_github_annotations() {
    let (code, stdout, stderr) = lint_corpus("github");
    assert_eq!(code, 1);
    assert!(stderr.is_empty(), "github prints nothing else: {stderr}");
    for line in stdout.lines() {
        assert!(
            line.starts_with("::error file=tests/fixtures/lint/")
                || line.starts_with("::warning file=tests/fixtures/lint/"),
            "{line}"
        );
    }
    insta::assert_snapshot!(stdout);
}

/// The SARIF of the corpus, as JSON.
fn sarif() -> Value {
    let (code, stdout, stderr) = lint_corpus("sarif");
    assert_eq!(code, 1);
    assert!(stderr.is_empty(), "sarif prints nothing else: {stderr}");
    serde_json::from_str(&stdout).expect("SARIF is JSON")
}

#[test]
fn the_corpus_as_sarif() {
    // The registry, all of `tool.driver.rules`, is pinned by `docs/rules.md` and `src/output/sarif.rs`:
    // here, the ids it lists, and the results.
    let mut sarif = sarif();
    let driver = &mut sarif["runs"][0]["tool"]["driver"];
    let ids: Vec<Value> = driver["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|rule| rule["id"].clone())
        .collect();
    driver["rules"] = Value::Array(ids);
    driver["version"] = "[version]".into();
    driver["semanticVersion"] = "[version]".into();
    insta::assert_json_snapshot!(sarif);
}

/// The SARIF 2.1.0 schema of `tests/data/sarif` (see its SOURCE.md), compiled as `src/output/sarif.rs`
/// compiles it: draft 4, formats checked, nothing fetched.
fn sarif_validator() -> jsonschema::Validator {
    struct Offline;
    impl jsonschema::Retrieve for Offline {
        fn retrieve(
            &self,
            uri: &jsonschema::Uri<String>,
        ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
            Err(format!("{uri}: the SARIF schema test fetches nothing").into())
        }
    }
    let schema = std::fs::read_to_string("tests/data/sarif/sarif-schema-2.1.0.json").unwrap();
    let schema: Value = serde_json::from_str(&schema).unwrap();
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(true)
        .with_retriever(Offline)
        .build(&schema)
        .unwrap()
}

fn schema_errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|error| format!("{}: {error}", error.instance_path()))
        .collect()
}

#[test]
fn the_corpus_sarif_validates_against_the_sarif_schema() {
    let validator = sarif_validator();
    let mut sarif = sarif();
    assert_eq!(schema_errors(&validator, &sarif), Vec::<String>::new());
    // The check can fail: a level SARIF does not have, a line 0 and a missing message are refused.
    sarif["runs"][0]["results"][0]["level"] = "fatal".into();
    sarif["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    sarif["runs"][0]["results"][2]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert_eq!(schema_errors(&validator, &sarif).len(), 3);
}

#[test]
fn the_corpus_sarif_has_what_github_code_scanning_needs() {
    let sarif = sarif();
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());

    // Each rule a result names is described: id, name, descriptions, help and a link to it.
    let mut named = BTreeSet::new();
    for result in results {
        let index = usize::try_from(result["ruleIndex"].as_u64().unwrap()).unwrap();
        let rule = &rules[index];
        assert_eq!(rule["id"], result["ruleId"], "{result}");
        for text in [
            &rule["name"],
            &rule["shortDescription"]["text"],
            &rule["fullDescription"]["text"],
            &rule["help"]["text"],
            &rule["help"]["markdown"],
        ] {
            assert!(text.as_str().is_some_and(|text| !text.is_empty()), "{rule}");
        }
        assert!(
            rule["helpUri"]
                .as_str()
                .unwrap()
                .contains("/docs/rules.md#"),
            "{rule}"
        );
        named.insert(result["ruleId"].as_str().unwrap().to_owned());
    }
    assert!(named.len() > 5, "the corpus finds many rules: {named:?}");

    for result in results {
        let location = &result["locations"][0]["physicalLocation"];
        // A URI relative to the repository's root (which GitHub resolves against the checkout), with
        // forward slashes: the file it names is there.
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.starts_with("tests/fixtures/lint/"), "{uri}");
        assert!(
            !uri.contains('\\') && !uri.contains("./") && !uri.contains(':'),
            "{uri}"
        );
        assert!(Path::new(uri).is_file(), "{uri} is a file of the corpus");
        // A region with both ends, lines and columns from 1, the end not before the start.
        let region = &location["region"];
        let number = |key: &str| {
            region[key]
                .as_u64()
                .unwrap_or_else(|| panic!("{key} in {result}"))
        };
        let (start_line, start_column) = (number("startLine"), number("startColumn"));
        let (end_line, end_column) = (number("endLine"), number("endColumn"));
        assert!(start_line >= 1 && start_column >= 1, "{result}");
        assert!(
            (end_line, end_column) >= (start_line, start_column),
            "{result}"
        );
    }
}
