//! `sigil generate`: a spec into the equivalent ARM, Bicep, az CLI and Az PowerShell deployments.

use std::io::{self, Write};
use std::path::Path;

use anyhow::{Context as _, bail};
use jiff::civil::Date;
use sigil_core::{Context, Mode};
use sigil_gen::write::{Outcome, write_outputs};
use sigil_gen::{Options, Plan};

use crate::cli::GenerateArgs;
use crate::exit::Status;
use crate::output;

pub(crate) fn run(args: &GenerateArgs) -> anyhow::Result<Status> {
    let bytes =
        std::fs::read(&args.spec).with_context(|| format!("reading {}", args.spec.display()))?;
    let context = Context::strict()
        .with_mode(Mode::Strict)
        .with_today(jiff::Zoned::now().date());
    let loaded = sigil_spec::load_bytes(&args.spec, &bytes, &context);
    output::concise(&mut io::stderr().lock(), &loaded.diagnostics)?;
    if loaded.has_syntax_errors() {
        return Ok(Status::InputError);
    }
    let has_errors = loaded.has_errors();
    let Some(spec) = loaded.spec.filter(|_| !has_errors) else {
        eprintln!(
            "sigil: {} has errors: nothing was generated",
            args.spec.display()
        );
        return Ok(Status::RuleErrors);
    };
    // A spec can be valid and still not generate (no [resource-group]): say which spec.
    let plan = Plan::new(&spec).with_context(|| args.spec.display().to_string())?;
    let options = Options {
        source_name: source_name(&args.spec),
        date: metadata_date(spec.metadata.date_updated)?,
    };

    if let Some(format) = args.format {
        let format = format.into();
        let text = sigil_gen::render(&plan, format, &options)?;
        io::stdout().lock().write_all(text.as_bytes())?;
        if format == sigil_gen::Format::Bicep {
            for (path, _) in sigil_gen::bicep::modules(&plan, &options)? {
                eprintln!(
                    "sigil: main.bicep uses the module {path}, which only -o DIR writes (beside main.bicep)"
                );
            }
        }
        return Ok(Status::Clean);
    }
    let Some(dir) = &args.output else {
        bail!("say where to write: -o DIR, or --format FORMAT for standard output");
    };
    let mut outputs = sigil_gen::generate(&plan, &options)?;
    if args.teardown {
        outputs.extend(sigil_gen::teardown(&plan, &options)?);
    }
    let report = write_outputs(dir, &outputs, args.force)?;
    let mut kept = Vec::new();
    for (name, outcome) in &report {
        let verb = match outcome {
            Outcome::Created => "created",
            Outcome::Updated => "updated",
            Outcome::Unchanged => "unchanged",
            Outcome::Overwritten => "overwritten",
            Outcome::Kept => {
                kept.push(name.as_str());
                "kept"
            }
        };
        eprintln!("{verb:>11} {}", dir.join(name).display());
    }
    if kept.is_empty() {
        return Ok(Status::Clean);
    }
    eprintln!(
        "sigil: kept {} because {} edited since sigil wrote {} (or not written by sigil): use --force to replace",
        kept.join(", "),
        if kept.len() == 1 {
            "it was"
        } else {
            "they were"
        },
        if kept.len() == 1 { "it" } else { "them" },
    );
    Ok(Status::RuleErrors)
}

fn source_name(spec: &Path) -> String {
    spec.file_name().map_or_else(
        || spec.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// `dateUpdated` of metadata.json: `SOURCE_DATE_EPOCH` (reproducible builds), else the spec's, else today.
fn metadata_date(from_spec: Option<Date>) -> anyhow::Result<Date> {
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let seconds: i64 = epoch
            .trim()
            .parse()
            .with_context(|| format!("SOURCE_DATE_EPOCH `{epoch}` is not a number of seconds"))?;
        let timestamp = jiff::Timestamp::from_second(seconds)
            .with_context(|| format!("SOURCE_DATE_EPOCH `{epoch}` is out of range"))?;
        return Ok(jiff::tz::Offset::UTC.to_datetime(timestamp).date());
    }
    Ok(from_spec.unwrap_or_else(|| jiff::Zoned::now().date()))
}
