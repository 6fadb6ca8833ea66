//! `sigil validate`: spec files against the syntax, the model and every rule.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use sigil_core::rules::SIG000;
use sigil_core::{Context, Located, Mode};

use crate::cli::ValidateArgs;
use crate::exit::Status;
use crate::output::{self, Format};

pub(crate) fn run(args: &ValidateArgs) -> anyhow::Result<Status> {
    let mode = if args.lenient {
        Mode::Lenient
    } else {
        Mode::Strict
    };
    let context = Context::strict()
        .with_mode(mode)
        .with_today(jiff::Zoned::now().date());

    let mut unreadable = 0;
    let mut diagnostics: Vec<Located> = Vec::new();
    // The text of each file, for the source lines of `human`: as read, with any byte that is not UTF-8
    // shown as U+FFFD (the finding about it points at the first one).
    let mut texts: HashMap<PathBuf, String> = HashMap::new();
    for path in &args.specs {
        match std::fs::read(path) {
            Ok(bytes) => {
                let loaded = sigil_spec::load_bytes(path, &bytes, &context);
                diagnostics.extend(loaded.diagnostics);
                if args.format == Format::Human {
                    texts.insert(path.clone(), String::from_utf8_lossy(&bytes).into_owned());
                }
            }
            Err(error) => {
                unreadable += 1;
                eprintln!("{}: error: {error}", path.display());
            }
        }
    }
    diagnostics.sort_by(|a, b| (&a.file, a.span.start).cmp(&(&b.file, b.span.start)));

    let mut out = io::stdout().lock();
    output::write(args.format, &mut out, &diagnostics, |path| {
        texts.get(path).map(String::as_str)
    })?;
    out.flush()?;
    if args.format.is_for_people() && !diagnostics.is_empty() {
        eprintln!("{}", summary(&diagnostics, args.specs.len()));
    }

    let syntax_errors = diagnostics
        .iter()
        .any(|located| located.diagnostic.rule.id == SIG000.id);
    Ok(if unreadable > 0 || syntax_errors {
        Status::InputError
    } else {
        Status::from_diagnostics(diagnostics.iter().map(|located| &located.diagnostic))
    })
}

/// `2 errors, 1 warning in 1 of 3 files`.
fn summary(diagnostics: &[Located], files: usize) -> String {
    let errors = diagnostics
        .iter()
        .filter(|located| located.diagnostic.is_error())
        .count();
    let warnings = diagnostics.len() - errors;
    let mut with_findings: Vec<&Path> = diagnostics
        .iter()
        .map(|located| located.file.as_path())
        .collect();
    with_findings.dedup();
    format!(
        "{} {}, {} {} in {} of {} {}",
        errors,
        plural(errors, "error", "errors"),
        warnings,
        plural(warnings, "warning", "warnings"),
        with_findings.len(),
        files,
        plural(files, "file", "files"),
    )
}

fn plural(count: usize, one: &'static str, many: &'static str) -> &'static str {
    if count == 1 { one } else { many }
}
