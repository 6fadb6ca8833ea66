//! `sarif`: SARIF 2.1.0, the format GitHub code scanning uploads (`github/codeql-action/upload-sarif`).
//!
//! One run. Its `tool.driver.rules` is the whole registry, in id order, so an alert links to its rule's
//! documentation whichever rules a run found; each result names its rule by id and index, and its place by a
//! relative URI (forward slashes, percent-encoded) and a region. Regions count columns in Unicode code points
//! (`columnKind`), as spans do, and end exclusively, as spans do.
//!
//! No `fixes`: a span covers what is written (the quotes of a string among it) while a suggestion is the bare
//! value, so a correct replacement needs each reader's quoting rules; a wrong automatic fix is worse than none.
//! The suggestion stays in the message.

use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;
use sigil_core::{Located, Rule, Severity};

use super::slash_path;

/// The schema sigil's SARIF follows: SARIF 2.1.0 with its errata, as OASIS publishes it.
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The repository, whose `docs/rules.md` documents each rule under the anchor `sigxxx-rule-name`.
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<ReportingDescriptor>,
}

/// A rule, as SARIF describes one.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    id: &'static str,
    name: &'static str,
    short_description: Message<&'static str>,
    full_description: Message<&'static str>,
    /// What GitHub shows beside an alert: the rule as `sigil rules ID` explains it.
    help: Help,
    help_uri: String,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Message<T> {
    text: T,
}

#[derive(Serialize)]
struct Help {
    text: &'static str,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Message<&'a str>,
    locations: [Location; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<usize>,
    end_line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
}

pub(super) fn write(out: &mut impl Write, diagnostics: &[Located]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &log(diagnostics))?;
    writeln!(out)
}

fn log(diagnostics: &[Located]) -> Log<'_> {
    // The registry, and after it any rule a finding names that the registry does not list, so that every
    // result's `ruleIndex` points at its rule.
    let mut rules: Vec<&'static Rule> = sigil_core::rules::ALL.to_vec();
    let results = diagnostics
        .iter()
        .map(|located| {
            let rule = located.diagnostic.rule;
            let rule_index = rules
                .iter()
                .position(|known| known.id == rule.id)
                .unwrap_or_else(|| {
                    rules.push(rule);
                    rules.len() - 1
                });
            result(located, rule_index)
        })
        .collect();
    Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "sigil",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: REPOSITORY,
                    rules: rules.into_iter().map(descriptor).collect(),
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    }
}

fn descriptor(rule: &'static Rule) -> ReportingDescriptor {
    ReportingDescriptor {
        id: rule.id,
        name: rule.name,
        short_description: Message { text: rule.summary },
        full_description: Message {
            text: rule.explanation,
        },
        help: Help {
            text: rule.explanation,
            markdown: sigil_core::docs::rule_markdown(rule),
        },
        help_uri: help_uri(rule),
        default_configuration: Configuration {
            level: level(rule.severity),
        },
    }
}

/// The rule's section of `docs/rules.md` on GitHub, whose anchor `docs.rs` writes in its index.
fn help_uri(rule: &Rule) -> String {
    let anchor = format!("{}-{}", rule.id, rule.name).to_lowercase();
    format!("{REPOSITORY}/blob/main/docs/rules.md#{anchor}")
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn result(located: &Located, rule_index: usize) -> SarifResult<'_> {
    let diagnostic = &located.diagnostic;
    let (start, end) = (located.span.start, located.span.end.max(located.span.start));
    // SARIF lines and columns start at 1: a place sigil does not know (0) is left out.
    let region = (start.line > 0).then(|| {
        let columns = start.column > 0 && end.column > 0;
        Region {
            start_line: start.line,
            start_column: columns.then_some(start.column),
            end_line: end.line,
            end_column: columns.then_some(end.column),
        }
    });
    SarifResult {
        rule_id: diagnostic.rule.id,
        rule_index,
        level: level(diagnostic.severity),
        message: Message {
            text: &diagnostic.message,
        },
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation {
                    uri: artifact_uri(&located.file),
                },
                region,
            },
        }],
    }
}

/// The URI of a file: relative as the path is (`specs/sigil.toml`, which GitHub reads from the repository's
/// root), `file:///...` when the path is absolute; each name percent-encoded.
fn artifact_uri(path: &std::path::Path) -> String {
    let slashed = slash_path(path, percent_encode);
    if path.has_root() {
        let separator = if slashed.starts_with('/') { "" } else { "/" };
        format!("file://{separator}{slashed}")
    } else {
        slashed
    }
}

/// `name` with every byte but URI's unreserved characters and sub-delimiters percent-encoded (`:` too, which
/// would make a relative URI's first segment a scheme).
fn percent_encode(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for &byte in name.as_bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::Value;

    use super::*;
    use crate::output::{Format, testing};

    /// The SARIF of the test findings, as JSON.
    fn rendered() -> Value {
        serde_json::from_str(&testing::render(Format::Sarif)).unwrap()
    }

    /// The SARIF 2.1.0 schema, copied to `tests/data/sarif` (see its SOURCE.md), compiled with nothing
    /// fetched: it refers to no other document, and its draft-04 meta-schema comes with the validator.
    fn validator() -> jsonschema::Validator {
        struct Offline;
        impl jsonschema::Retrieve for Offline {
            fn retrieve(
                &self,
                uri: &jsonschema::Uri<String>,
            ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
                Err(format!("{uri}: the SARIF schema test fetches nothing").into())
            }
        }
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/sarif/sarif-schema-2.1.0.json"
        );
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert_eq!(
            schema["id"], SCHEMA,
            "the output names the schema it is checked against"
        );
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft4)
            .should_validate_formats(true)
            .with_retriever(Offline)
            .build(&schema)
            .unwrap()
    }

    fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
        validator
            .iter_errors(instance)
            .map(|error| format!("{}: {error}", error.instance_path()))
            .collect()
    }

    #[test]
    fn the_output_validates_against_the_sarif_schema() {
        let validator = validator();
        let sarif = rendered();
        assert_eq!(errors(&validator, &sarif), Vec::<String>::new());
        let mut empty = Vec::new();
        super::write(&mut empty, &[]).unwrap();
        let empty: Value = serde_json::from_slice(&empty).unwrap();
        assert_eq!(errors(&validator, &empty), Vec::<String>::new());
    }

    #[test]
    fn the_schema_check_can_fail() {
        let validator = validator();
        let mut sarif = rendered();
        sarif["runs"][0]["results"][0]["level"] = "fatal".into();
        sarif["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] =
            0.into();
        sarif["runs"][0]["tool"]["driver"]["informationUri"] = "not a uri".into();
        assert_eq!(errors(&validator, &sarif).len(), 3, "{sarif:#}");
    }

    #[test]
    fn every_rule_of_the_registry_is_described() {
        let sarif = rendered();
        let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap();
        let ids: Vec<&str> = rules
            .iter()
            .map(|rule| rule["id"].as_str().unwrap())
            .collect();
        let registry: Vec<&str> = sigil_core::rules::ALL.iter().map(|rule| rule.id).collect();
        assert_eq!(ids, registry);
        for rule in rules {
            // GitHub code scanning keeps at most 1,000 characters of a description.
            assert!(rule["fullDescription"]["text"].as_str().unwrap().len() <= 1000);
        }
        for result in sarif["runs"][0]["results"].as_array().unwrap() {
            let index = usize::try_from(result["ruleIndex"].as_u64().unwrap()).unwrap();
            assert_eq!(rules[index]["id"], result["ruleId"]);
        }
    }

    #[test]
    fn a_rule_outside_the_registry_is_described_after_it() {
        static ODD: Rule = Rule {
            id: "SIG999",
            name: "odd",
            group: sigil_core::RuleGroup::Common,
            severity: Severity::Warning,
            summary: "Odd",
            explanation: "A rule made by a test.",
            lenient: None,
            sources: &[],
            valid: &[],
            invalid: &[],
        };
        let findings = [
            testing::located("a.toml", (1, 1), (1, 2), &ODD, "odd"),
            testing::located("a.toml", (2, 1), (2, 2), &ODD, "odd again"),
        ];
        let log = serde_json::to_value(log(&findings)).unwrap();
        let rules = log["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap();
        assert_eq!(rules.len(), sigil_core::rules::ALL.len() + 1);
        for result in log["runs"][0]["results"].as_array().unwrap() {
            assert_eq!(result["ruleIndex"], sigil_core::rules::ALL.len());
        }
    }

    #[test]
    fn help_uris_point_at_the_headings_of_docs_rules_md() {
        let docs =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md")).unwrap();
        // GitHub's anchor of a heading: lowercase, punctuation but `-` and `_` dropped, spaces as `-`.
        let anchors: Vec<String> = docs
            .lines()
            .filter_map(|line| line.strip_prefix("### "))
            .map(|heading| {
                heading
                    .to_lowercase()
                    .chars()
                    .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
                    .map(|c| if c == ' ' { '-' } else { c })
                    .collect()
            })
            .collect();
        for rule in sigil_core::rules::ALL {
            let uri = help_uri(rule);
            let anchor = uri.split_once('#').unwrap().1;
            assert!(
                uri.starts_with("https://github.com/sigil-azure/sigil/blob/main/docs/rules.md#")
            );
            assert!(anchors.iter().any(|known| known == anchor), "{uri}");
        }
    }

    #[test]
    fn uris_are_relative_with_forward_slashes_and_percent_encoded() {
        assert_eq!(
            artifact_uri(Path::new("./specs/sigil.toml")),
            "specs/sigil.toml"
        );
        assert_eq!(
            artifact_uri(Path::new("specs/v1 draft #2 ü.json")),
            "specs/v1%20draft%20%232%20%C3%BC.json"
        );
        assert_eq!(artifact_uri(Path::new("a:b/c%d")), "a%3Ab/c%25d");
        assert_eq!(artifact_uri(Path::new("../x.json")), "../x.json");
        if cfg!(windows) {
            assert_eq!(
                artifact_uri(Path::new(r"C:\work\a b.json")),
                "file:///C:/work/a%20b.json"
            );
        } else {
            assert_eq!(
                artifact_uri(Path::new("/work/a b.json")),
                "file:///work/a%20b.json"
            );
        }
    }

    #[test]
    fn sarif() {
        // The registry is pinned by `docs/rules.md`; here, the run around it, one rule and the results.
        let mut sarif = rendered();
        let driver = &mut sarif["runs"][0]["tool"]["driver"];
        let rules = driver["rules"].take();
        let sig102 = rules
            .as_array()
            .unwrap()
            .iter()
            .find(|rule| rule["id"] == "SIG102")
            .unwrap();
        driver["rules"] = Value::Array(vec![sig102.clone()]);
        driver["version"] = "[version]".into();
        driver["semanticVersion"] = "[version]".into();
        insta::assert_json_snapshot!(sarif);
    }
}
