//! `sigil lint`: gallery resources wherever they are written, checked by every rule. The walking, reading
//! and checking are `sigil_lint`'s; this prints what it found, in the format asked for.

use std::io::{self, Write};

use sigil_core::rules::SIG000;
use sigil_core::{Context, Mode, RuleFilter};
use sigil_lint::config::{self, Config, ConfigError};
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
    let config = match configuration(args) {
        Ok(config) => config,
        Err(error) => {
            report_config_error(&error);
            return Ok(Status::InputError);
        }
    };
    let options = options(args, context, config);
    let report = sigil_lint::lint(&args.paths, &options);

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

/// The `[lint]` section that governs the run: `--config`'s, none with `--no-config`, or the nearest
/// one from the current folder up.
fn configuration(args: &LintArgs) -> Result<Option<Config>, ConfigError> {
    if args.no_config {
        return Ok(None);
    }
    if let Some(path) = &args.config {
        return config::load(path).map(Some);
    }
    let here = std::env::current_dir().map_err(|error| ConfigError {
        path: ".".into(),
        diagnostics: Vec::new(),
        io: Some(error.to_string()),
    })?;
    config::discover(&here)
}

/// The command line over the configuration: `--select` replaces `select`, `--ignore` adds to `ignore`.
fn options(args: &LintArgs, context: Context, config: Option<Config>) -> Options {
    let (settings, exclude) = config
        .map(|config| (config.settings, config.exclude))
        .unwrap_or_default();
    let mut ignore = settings.ignore;
    ignore.extend(args.ignore.iter().cloned());
    Options {
        context,
        rules: RuleFilter {
            select: args.select.clone().or(settings.select),
            ignore,
        },
        exclude,
    }
}

fn report_config_error(error: &ConfigError) {
    if let Some(io) = &error.io {
        eprintln!("{}: error: {io}", error.path.display());
    }
    for located in &error.diagnostics {
        eprintln!("{located}");
    }
    eprintln!(
        "error: the configuration in {} cannot be used; fix it, or run with --no-config",
        error.path.display()
    );
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
