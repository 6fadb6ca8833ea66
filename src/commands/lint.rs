//! `sigil lint`: gallery resources wherever they are written, checked by every rule. The walking, reading
//! and checking are `sigil_lint`'s; this prints what it found, in the format asked for.

use std::io::{self, Write};

use sigil_core::rules::SIG000;
use sigil_core::{Context, Mode};
use sigil_lint::{Options, Report};

use crate::cli::LintArgs;
use crate::exit::Status;
use crate::output;

pub(crate) fn run(args: &LintArgs) -> anyhow::Result<Status> {
    let mode = if args.lenient {
        Mode::Lenient
    } else {
        Mode::Strict
    };
    let context = Context::strict()
        .with_mode(mode)
        .with_today(jiff::Zoned::now().date());
    let report = sigil_lint::lint(&args.paths, &Options { context });

    for error in &report.errors {
        eprintln!("{}: error: {}", error.path.display(), error.message);
    }
    let mut out = io::stdout().lock();
    output::write(args.format, &mut out, &report.diagnostics, |path| {
        report.sources.get(path).map(String::as_str)
    })?;
    out.flush()?;
    if args.show_unresolved {
        for unresolved in &report.unresolved {
            let start = unresolved.span.start;
            eprintln!(
                "{}:{}:{}: note: {}",
                unresolved.file.display(),
                start.line,
                start.column,
                unresolved.what
            );
        }
    }
    if args.format.is_for_people() && !report.diagnostics.is_empty() {
        eprintln!("{}", summary(&report));
    }

    let syntax_errors = report
        .diagnostics
        .iter()
        .any(|located| located.diagnostic.rule.id == SIG000.id);
    Ok(if !report.errors.is_empty() || syntax_errors {
        Status::InputError
    } else {
        Status::from_diagnostics(report.diagnostics.iter().map(|located| &located.diagnostic))
    })
}

/// `2 errors, 1 warning in 1 file (12 files read, 3 parsed)`.
fn summary(report: &Report) -> String {
    let errors = report
        .diagnostics
        .iter()
        .filter(|located| located.diagnostic.is_error())
        .count();
    let warnings = report.diagnostics.len() - errors;
    let mut files: Vec<_> = report
        .diagnostics
        .iter()
        .map(|located| &located.file)
        .collect();
    files.dedup();
    format!(
        "{errors} {}, {warnings} {} in {} {} ({} {} read, {} parsed)",
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
        files.len(),
        plural(files.len(), "file", "files"),
        report.files_read,
        plural(report.files_read, "file", "files"),
        report.files_parsed,
    )
}

fn plural(count: usize, one: &'static str, many: &'static str) -> &'static str {
    if count == 1 { one } else { many }
}
