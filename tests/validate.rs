//! `sigil validate` end to end over the spec fixtures: exit codes asserted, output pinned by insta
//! snapshots (exit code, stdout and stderr of each run).

use std::path::Path;

use assert_cmd::Command;

const VALID: &str = "tests/fixtures/specs/valid";
const INVALID: &str = "tests/fixtures/specs/invalid";

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

impl Run {
    /// What a snapshot pins. SIG002 names today's date, which the snapshot writes as `[today]`.
    fn transcript(&self) -> String {
        without_today(&format!(
            "exit {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        ))
    }
}

fn without_today(text: &str) -> String {
    let marker = "today is ";
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(marker) {
        let date_end = at + marker.len() + "2031-12-31".len();
        out.push_str(&rest[..at + marker.len()]);
        out.push_str("[today]");
        rest = rest.get(date_end..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

fn fixture(folder: &str, name: &str) -> String {
    format!("{folder}/{name}")
}

/// Each invalid fixture and the exit code it gives: 2 when the file does not parse, 1 for rule errors.
const INVALID_FIXTURES: &[(&str, i32)] = &[
    ("bad-enum.toml", 1),
    ("bad-name.toml", 1),
    ("bad-values.toml", 1),
    ("bom.toml", 1),
    ("crlf.json", 2),
    ("crlf.toml", 1),
    ("duplicate-key.json", 2),
    ("empty.json", 2),
    ("many-bad-names.toml", 1),
    ("missing-gallery.toml", 1),
    ("missing-key.toml", 1),
    ("not-utf8.toml", 2),
    ("root-array.json", 1),
    ("security-type-v1.json", 1),
    ("syntax.json", 2),
    ("syntax.toml", 2),
    ("unknown-key.json", 1),
    ("unknown-key.toml", 1),
    ("vm-without-admin.toml", 1),
    ("wrong-type.toml", 1),
];

#[test]
fn every_invalid_fixture_is_checked() {
    let mut on_disk: Vec<String> = std::fs::read_dir(INVALID)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    on_disk.sort();
    let listed: Vec<&str> = INVALID_FIXTURES.iter().map(|(name, _)| *name).collect();
    assert_eq!(on_disk, listed);
}

#[test]
fn each_invalid_fixture_reports_every_finding_at_its_line_and_column() {
    for &(name, code) in INVALID_FIXTURES {
        let run = sigil(&["validate", &fixture(INVALID, name)]);
        assert_eq!(run.code, code, "{name}: {}{}", run.stdout, run.stderr);
        assert!(!run.stdout.is_empty(), "{name} reports its findings");
        let snapshot = format!("invalid_{}", name.replace(['-', '.'], "_"));
        insta::assert_snapshot!(snapshot, run.transcript());
    }
}

#[test]
fn valid_specs_print_nothing_and_exit_0() {
    for name in ["seed.toml", "seed.json", "empty.toml"] {
        let run = sigil(&["validate", &fixture(VALID, name)]);
        assert_eq!(
            (run.code, run.stdout.as_str(), run.stderr.as_str()),
            (0, "", ""),
            "{name}"
        );
    }
}

#[test]
fn warnings_alone_exit_0_with_a_summary() {
    let run = sigil(&["validate", &fixture(VALID, "uri-warning.toml")]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn several_files_are_sorted_by_file_and_summarised() {
    let run = sigil(&[
        "validate",
        &fixture(INVALID, "missing-gallery.toml"),
        &fixture(VALID, "seed.toml"),
        &fixture(INVALID, "bad-name.toml"),
        &fixture(INVALID, "bad-enum.toml"),
    ]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn an_unreadable_file_is_reported_and_the_others_still_checked() {
    let missing = fixture(INVALID, "no-such-spec.toml");
    let run = sigil(&["validate", &missing, &fixture(INVALID, "bad-name.toml")]);
    assert_eq!(run.code, 2, "unreadable input wins over rule errors");
    assert!(run.stdout.contains("error[SIG102]"), "{}", run.stdout);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn a_file_that_does_not_parse_exits_2_even_beside_rule_errors() {
    let run = sigil(&[
        "validate",
        "--format",
        "concise",
        &fixture(INVALID, "bad-name.toml"),
        &fixture(INVALID, "syntax.toml"),
    ]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout.lines().count(), 2, "{}", run.stdout);
}

#[test]
fn lenient_applies_the_lenient_forms() {
    let spec = fixture(INVALID, "vm-without-admin.toml");
    let strict = sigil(&["validate", &spec]);
    assert!(strict.stdout.contains("error[SIG002]"), "{}", strict.stdout);
    let lenient = sigil(&["validate", "--lenient", &spec]);
    assert_eq!(lenient.code, 1);
    assert!(!lenient.stdout.contains("SIG002"), "{}", lenient.stdout);
    assert!(
        lenient.stdout.contains("error[SIG702]"),
        "{}",
        lenient.stdout
    );
}

#[test]
fn json_has_one_object_per_finding_with_its_span() {
    let run = sigil(&[
        "validate",
        "--format",
        "json",
        &fixture(INVALID, "many-bad-names.toml"),
        &fixture(INVALID, "unknown-key.json"),
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr, "", "JSON output has no summary line");
    let parsed: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let findings = parsed.as_array().unwrap();
    assert_eq!(findings.len(), 10);
    let keys = [
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "rule",
        "severity",
        "message",
    ];
    for finding in findings {
        let finding = finding.as_object().unwrap();
        let mut expected = keys.to_vec();
        if finding.contains_key("fix") {
            expected.push("fix");
        }
        let mut found: Vec<&str> = finding.keys().map(String::as_str).collect();
        found.sort_unstable();
        expected.sort_unstable();
        assert_eq!(found, expected, "fix is the only optional key");
    }
    let fixes = findings
        .iter()
        .filter(|finding| finding.get("fix").is_some());
    assert_eq!(
        fixes.count(),
        7,
        "every suggestion of the messages is a fix"
    );
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn valid_json_prints_an_empty_array() {
    let run = sigil(&["validate", "--format", "json", &fixture(VALID, "seed.json")]);
    assert_eq!((run.code, run.stdout.as_str()), (0, "[]\n"));
}

#[test]
fn the_line_ending_and_encoding_fixtures_are_what_they_say() {
    let read = |name: &str| std::fs::read(Path::new(INVALID).join(name)).unwrap();
    assert!(read("bom.toml").starts_with(b"\xef\xbb\xbf"));
    for name in ["crlf.toml", "crlf.json"] {
        let bytes = read(name);
        let lines = bytes.split(|&b| b == b'\n').count() - 1;
        let crlf = bytes.windows(2).filter(|pair| pair == b"\r\n").count();
        assert_eq!(crlf, lines, "{name} ends every line with CRLF");
    }
    assert!(std::str::from_utf8(&read("not-utf8.toml")).is_err());
    assert!(read("empty.json").is_empty());
}

/// The findings of `many-bad-names.toml` and `unknown-key.json` in one format.
fn findings_as(format: &str) -> Run {
    sigil(&[
        "validate",
        "--format",
        format,
        &fixture(INVALID, "many-bad-names.toml"),
        &fixture(INVALID, "unknown-key.json"),
    ])
}

#[test]
fn concise_has_one_line_per_finding_and_a_summary() {
    let run = findings_as("concise");
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout.lines().count(), 10, "{}", run.stdout);
    assert_eq!(run.stderr, "10 errors, 0 warnings in 2 of 2 files\n");
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn github_annotates_each_finding() {
    let run = findings_as("github");
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr, "", "a workflow log gets the annotations alone");
    assert!(
        run.stdout
            .lines()
            .all(|line| line.starts_with("::error file="))
    );
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn sarif_has_one_result_per_finding_at_its_span() {
    let run = findings_as("sarif");
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr, "", "SARIF output has no summary line");
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let json: serde_json::Value = serde_json::from_str(&findings_as("json").stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let findings = json.as_array().unwrap();
    assert_eq!(results.len(), findings.len());
    for (result, finding) in results.iter().zip(findings) {
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], finding["path"]);
        let region = &location["region"];
        assert_eq!(region["startLine"], finding["line"]);
        assert_eq!(region["startColumn"], finding["column"]);
        assert_eq!(region["endLine"], finding["end_line"]);
        assert_eq!(region["endColumn"], finding["end_column"]);
        assert_eq!(result["ruleId"], finding["rule"]);
        assert_eq!(result["level"], finding["severity"]);
        assert_eq!(result["message"]["text"], finding["message"]);
    }
}

#[test]
fn an_unknown_format_is_a_usage_error() {
    let run = sigil(&["validate", "--format", "xml", &fixture(VALID, "seed.toml")]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("human, concise, json, sarif, github"),
        "{}",
        run.stderr
    );
}
