//! Rendering located diagnostics, the same for every command that reads files.

use std::io::{self, Write};

use serde::Serialize;
use sigil_core::{Located, Severity};

/// `path:line:col: severity[ID] message`, one per line.
pub(crate) fn diagnostics_human(out: &mut impl Write, diagnostics: &[Located]) -> io::Result<()> {
    for located in diagnostics {
        writeln!(out, "{located}")?;
    }
    Ok(())
}

#[derive(Serialize)]
struct LocatedReport<'a> {
    path: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    rule: &'static str,
    severity: Severity,
    message: &'a str,
}

/// One JSON array of objects with `path`, `line`, `column`, `end_line`, `end_column`, `rule`, `severity`
/// and `message`.
pub(crate) fn diagnostics_json(out: &mut impl Write, diagnostics: &[Located]) -> io::Result<()> {
    let reports: Vec<LocatedReport<'_>> = diagnostics
        .iter()
        .map(|located| LocatedReport {
            path: located.file.display().to_string(),
            line: located.span.start.line,
            column: located.span.start.column,
            end_line: located.span.end.line,
            end_column: located.span.end.column,
            rule: located.diagnostic.rule.id,
            severity: located.diagnostic.severity,
            message: &located.diagnostic.message,
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &reports)?;
    writeln!(out)
}
