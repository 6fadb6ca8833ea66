//! `sigil check-name`: names against the rules of their kind.

use std::io::{self, Write};

use serde::Serialize;
use sigil_core::{Diagnostic, Mode, NameKind, Severity};

use crate::cli::{CheckNameArgs, Format};
use crate::exit::Status;

#[derive(Serialize)]
struct NameReport<'a> {
    name: &'a str,
    kind: &'static str,
    valid: bool,
    diagnostics: Vec<DiagnosticReport<'a>>,
}

#[derive(Serialize)]
struct DiagnosticReport<'a> {
    rule: &'static str,
    severity: Severity,
    message: &'a str,
}

pub(crate) fn run(args: &CheckNameArgs) -> anyhow::Result<Status> {
    let kind = args.kind;
    let mode = if args.lenient {
        Mode::Lenient
    } else {
        Mode::Strict
    };
    let checked: Vec<(&str, Vec<Diagnostic>)> = args
        .names
        .iter()
        .map(|name| (name.as_str(), kind.check(name, mode)))
        .collect();

    let mut out = io::stdout().lock();
    match args.format {
        Format::Human => write_human(&mut out, &checked)?,
        Format::Json => write_json(&mut out, kind, &checked)?,
    }
    Ok(Status::from_diagnostics(
        checked.iter().flat_map(|(_, diagnostics)| diagnostics),
    ))
}

fn write_human(out: &mut impl Write, checked: &[(&str, Vec<Diagnostic>)]) -> io::Result<()> {
    for (name, diagnostics) in checked {
        let shown = if name.is_empty() { "\"\"" } else { name };
        for diagnostic in diagnostics {
            writeln!(
                out,
                "{shown}: {}[{}] {}",
                diagnostic.severity, diagnostic.rule.id, diagnostic.message
            )?;
        }
    }
    Ok(())
}

fn write_json(
    out: &mut impl Write,
    kind: NameKind,
    checked: &[(&str, Vec<Diagnostic>)],
) -> io::Result<()> {
    let reports: Vec<NameReport<'_>> = checked
        .iter()
        .map(|(name, diagnostics)| NameReport {
            name,
            kind: kind.id(),
            valid: !diagnostics.iter().any(Diagnostic::is_error),
            diagnostics: diagnostics
                .iter()
                .map(|d| DiagnosticReport {
                    rule: d.rule.id,
                    severity: d.severity,
                    message: &d.message,
                })
                .collect(),
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &reports)?;
    writeln!(out)
}
