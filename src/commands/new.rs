//! `sigil new SCENARIO -o DIR`: a scenario's spec, filled in from the command line, checked by every rule, then
//! written with everything `sigil generate` makes from it.

use std::io;
use std::path::Path;

use anyhow::Context as _;
use jiff::civil::Date;
use sigil_core::{Context, Located, Mode, Position};
use sigil_gen::scenario::{Scenario, toml_string};
use sigil_gen::write::{Outcome, Report, write_outputs};
use sigil_gen::{Options, Plan};

use crate::cli::{NewArgs, ScenarioArgs};
use crate::exit::Status;
use crate::output;

/// The spec's file name in the folder.
const SPEC: &str = "sigil.toml";

pub(crate) fn run(args: &NewArgs) -> anyhow::Result<Status> {
    let ScenarioArgs {
        scenario,
        values,
        output: dir,
        force,
    } = &args.scenario;
    let values: Vec<(&str, &str)> = values
        .iter()
        .map(|(name, value)| (*name, value.as_str()))
        .collect();
    let today = reference_date()?;
    let text = scenario.render(&values, today)?;
    let spec_path = dir.join(SPEC);
    // The end-of-life dates are reckoned from this date, so they are checked against it too.
    let context = Context::strict().with_mode(Mode::Strict).with_today(today);
    let loaded = sigil_spec::load(&spec_path, &text, &context);
    report_findings(scenario, &values, &text, &loaded.diagnostics)?;
    let has_errors = loaded.has_errors();
    let Some(spec) = loaded.spec.filter(|_| !has_errors) else {
        eprintln!(
            "sigil: `sigil new {}` with these values breaks the rules above: nothing was written",
            scenario.id
        );
        return Ok(Status::RuleErrors);
    };
    let plan = Plan::new(&spec)?;
    let options = Options {
        source_name: SPEC.to_owned(),
        date: today,
    };
    let outputs = sigil_gen::generate(&plan, &options)?;
    // The spec first, alone: when a person's spec is kept, outputs of the scenario's would not match it.
    let spec_report = write_outputs(dir, &[(SPEC.to_owned(), text)], *force)?;
    if spec_report
        .iter()
        .any(|(_, outcome)| *outcome == Outcome::Kept)
    {
        report_writes(dir, &spec_report);
        eprintln!(
            "sigil: nothing else was written, so the outputs still match that spec: run `sigil generate` on it, \
             or `sigil new` with --force to start over"
        );
        return Ok(Status::RuleErrors);
    }
    let report = write_outputs(dir, &outputs, *force)?;
    let status = report_writes(dir, &[spec_report, report].concat());
    Ok(status)
}

/// Each finding, named by the flag whose value it is about when there is one (`--gallery-name my-gallery:
/// error[SIG102] ...`), else at its place in the spec that would have been written.
fn report_findings(
    scenario: &Scenario,
    values: &[(&str, &str)],
    text: &str,
    diagnostics: &[Located],
) -> io::Result<()> {
    let mut unplaced = Vec::new();
    for located in diagnostics {
        match flag_of(values, text, located.span.start) {
            Some((flag, value)) => {
                let diagnostic = &located.diagnostic;
                eprintln!(
                    "--{flag} {}: {}[{}] {}",
                    toml_string(value),
                    diagnostic.severity,
                    diagnostic.rule.id,
                    diagnostic.message
                );
            }
            None => unplaced.push(located.clone()),
        }
    }
    if !unplaced.is_empty() {
        eprintln!(
            "sigil: in the sigil.toml of scenario {} for these values:",
            scenario.id
        );
        output::write(
            output::Format::Human,
            &mut io::stderr().lock(),
            &unplaced,
            |_| Some(text),
        )?;
    }
    Ok(())
}

/// The flag whose value the spec writes at `position`: the one whose quoted value starts there, else the one
/// named as the key of that line (flags are named after spec keys: `target-regions = [`).
fn flag_of<'v>(
    values: &[(&'v str, &'v str)],
    text: &str,
    position: Position,
) -> Option<(&'v str, &'v str)> {
    let line = text.lines().nth(position.line.checked_sub(1)?)?;
    let at = line
        .char_indices()
        .nth(position.column.checked_sub(1)?)
        .map(|(offset, _)| offset)?;
    let written = &line[at..];
    let key = line.split_once(" =").map(|(key, _)| key.trim());
    values
        .iter()
        .find(|(_, value)| written.starts_with(&toml_string(value)))
        .or_else(|| values.iter().find(|(name, _)| Some(*name) == key))
        .copied()
}

/// What was done to each file, and the status: 1 when an edited or foreign file was kept.
fn report_writes(dir: &Path, report: &Report) -> Status {
    let mut kept = Vec::new();
    for (name, outcome) in report {
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
        return Status::Clean;
    }
    eprintln!(
        "sigil: kept {} (edited since sigil wrote it, or not written by sigil): use --force to replace",
        kept.join(", ")
    );
    Status::RuleErrors
}

/// The day the scenario is written for: `SOURCE_DATE_EPOCH` (reproducible builds), else today. It dates
/// metadata.json and the end-of-life dates are reckoned from it.
fn reference_date() -> anyhow::Result<Date> {
    let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") else {
        return Ok(jiff::Zoned::now().date());
    };
    let seconds: i64 = epoch
        .trim()
        .parse()
        .with_context(|| format!("SOURCE_DATE_EPOCH `{epoch}` is not a number of seconds"))?;
    let timestamp = jiff::Timestamp::from_second(seconds)
        .with_context(|| format!("SOURCE_DATE_EPOCH `{epoch}` is out of range"))?;
    Ok(jiff::tz::Offset::UTC.to_datetime(timestamp).date())
}
