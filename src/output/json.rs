//! `json`: one array of findings, for scripts.
//!
//! Each finding is `{path, line, column, end_line, end_column, rule, severity, message, fix?}`: positions
//! 1-based, columns in characters, the end exclusive; `message` whole; `fix` the replacement text the
//! message suggests (the first, when it offers several), and absent when it suggests none.

use std::io::{self, Write};

use serde::Serialize;
use sigil_core::{Located, Severity};

use super::suggestion;

#[derive(Serialize)]
struct Finding<'a> {
    path: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    rule: &'static str,
    severity: Severity,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<&'a str>,
}

impl<'a> Finding<'a> {
    fn new(located: &'a Located) -> Self {
        let diagnostic = &located.diagnostic;
        Self {
            path: located.file.display().to_string(),
            line: located.span.start.line,
            column: located.span.start.column,
            end_line: located.span.end.line,
            end_column: located.span.end.column,
            rule: diagnostic.rule.id,
            severity: diagnostic.severity,
            message: &diagnostic.message,
            fix: suggestion(&diagnostic.message).map(|found| found.replacement),
        }
    }
}

pub(super) fn write(out: &mut impl Write, diagnostics: &[Located]) -> io::Result<()> {
    let findings: Vec<Finding<'_>> = diagnostics.iter().map(Finding::new).collect();
    serde_json::to_writer_pretty(&mut *out, &findings)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use crate::output::{Format, testing};

    #[test]
    fn json() {
        insta::assert_snapshot!(testing::render(Format::Json));
    }

    #[test]
    fn fix_is_there_only_when_the_message_suggests_one() {
        let parsed: serde_json::Value =
            serde_json::from_str(&testing::render(Format::Json)).unwrap();
        let fixes: Vec<Option<&str>> = parsed
            .as_array()
            .unwrap()
            .iter()
            .map(|finding| finding.get("fix").map(|fix| fix.as_str().unwrap()))
            .collect();
        assert_eq!(
            fixes,
            [
                Some("my_gallery"),
                Some("Linux"),
                None,
                Some("1.0.0"),
                None,
                None
            ]
        );
    }

    #[test]
    fn no_findings_is_an_empty_array() {
        let mut out = Vec::new();
        super::write(&mut out, &[]).unwrap();
        assert_eq!(out, b"[]\n");
    }
}
