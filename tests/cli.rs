//! End-to-end tests of the `sigil` binary: output pinned by insta snapshots, exit codes asserted.

use assert_cmd::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn sigil(args: &[&str]) -> Run {
    let output = Command::cargo_bin("sigil")
        .expect("the sigil binary is built")
        .args(args)
        .output()
        .unwrap();
    Run {
        code: output.status.code().expect("sigil exits, it is not killed"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

#[test]
fn check_name_reports_each_finding_with_its_rule_and_exits_1() {
    let run = sigil(&[
        "check-name",
        "--kind",
        "gallery",
        "myGallery",
        "my-gallery",
        "_gallery.",
        "gällery",
        "",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn check_name_json_has_one_object_per_name_in_input_order() {
    let run = sigil(&[
        "check-name",
        "--kind",
        "image-version",
        "--format",
        "json",
        "1.0.0",
        "1.0.01",
        "latest",
        "v1.2",
    ]);
    assert_eq!(run.code, 1);
    let parsed: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let names: Vec<&str> = parsed
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["1.0.0", "1.0.01", "latest", "v1.2"]);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn valid_names_print_nothing_and_exit_0() {
    let run = sigil(&["check-name", "--kind", "sku", "16.04-LTS", "22_04-lts-gen2"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
}

#[test]
fn warnings_alone_exit_0() {
    let run = sigil(&["check-name", "--kind", "image-version", "2024.0105.0930"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("warning[SIG304]"), "{}", run.stdout);
}

#[test]
fn lenient_applies_the_lenient_forms() {
    let strict = sigil(&["check-name", "--kind", "image-definition", "image_"]);
    let lenient = sigil(&[
        "check-name",
        "--kind",
        "image-definition",
        "--lenient",
        "image_",
    ]);
    assert_eq!((strict.code, lenient.code), (1, 0));
    assert!(strict.stdout.contains("SIG203"));
}

#[test]
fn usage_errors_exit_2() {
    let unknown_kind = sigil(&["check-name", "--kind", "galery", "x"]);
    assert_eq!(unknown_kind.code, 2);
    assert!(
        unknown_kind.stderr.contains("gallery"),
        "{}",
        unknown_kind.stderr
    );
    assert_eq!(sigil(&["check-name", "--kind", "gallery"]).code, 2);
    assert_eq!(sigil(&["no-such-command"]).code, 2);
}

#[test]
fn rules_lists_every_rule() {
    let run = sigil(&["rules"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout.lines().count(), sigil_core::rules::ALL.len());
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn rules_explains_one_rule_by_id_or_name() {
    let by_id = sigil(&["rules", "SIG102"]);
    let by_name = sigil(&["rules", "gallery-name-characters"]);
    assert_eq!(by_id.code, 0);
    assert_eq!(by_id.stdout, by_name.stdout);
    insta::assert_snapshot!(by_id.stdout);
}

#[test]
fn rules_json_serialises_the_registry() {
    let run = sigil(&["rules", "--format", "json"]);
    let parsed: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let rules = parsed.as_array().unwrap();
    assert_eq!(rules.len(), sigil_core::rules::ALL.len());
    assert_eq!(rules[0]["id"], "SIG000");
    assert!(
        rules
            .iter()
            .all(|rule| !rule["sources"].as_array().unwrap().is_empty())
    );
}

#[test]
fn an_unknown_rule_is_an_input_error_with_a_suggestion() {
    let run = sigil(&["rules", "SIG1O2"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `SIG102`?"),
        "{}",
        run.stderr
    );
}
