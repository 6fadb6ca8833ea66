//! `sigil rules`: the registry, listed or one rule explained.

use std::io::{self, Write};

use anyhow::bail;
use serde::Serialize;
use sigil_core::{Rule, Severity, docs, rules, suggest};

use crate::cli::{Format, RulesArgs};
use crate::exit::Status;

#[derive(Serialize)]
struct RuleReport {
    id: &'static str,
    name: &'static str,
    group: &'static str,
    severity: Severity,
    summary: &'static str,
    explanation: &'static str,
    lenient: Option<&'static str>,
    valid: &'static [&'static str],
    invalid: &'static [&'static str],
    sources: Vec<SourceReport>,
}

#[derive(Serialize)]
struct SourceReport {
    title: &'static str,
    url: &'static str,
}

impl From<&'static Rule> for RuleReport {
    fn from(rule: &'static Rule) -> Self {
        RuleReport {
            id: rule.id,
            name: rule.name,
            group: rule.group.title(),
            severity: rule.severity,
            summary: rule.summary,
            explanation: rule.explanation,
            lenient: rule.lenient,
            valid: rule.valid,
            invalid: rule.invalid,
            sources: rule
                .sources
                .iter()
                .map(|s| SourceReport {
                    title: s.title,
                    url: s.url,
                })
                .collect(),
        }
    }
}

pub(crate) fn run(args: &RulesArgs) -> anyhow::Result<Status> {
    let selected: Vec<&'static Rule> = match &args.rule {
        None => rules::ALL.to_vec(),
        Some(key) => match rules::find(key) {
            Some(rule) => vec![rule],
            None => bail!("{}", unknown_rule(key)),
        },
    };
    let mut out = io::stdout().lock();
    match (args.format, args.rule.is_some()) {
        (Format::Json, _) => {
            let reports: Vec<RuleReport> = selected.into_iter().map(RuleReport::from).collect();
            serde_json::to_writer_pretty(&mut out, &reports)?;
            writeln!(out)?;
        }
        (Format::Human, true) => write!(out, "{}", docs::rule_markdown(selected[0]))?,
        (Format::Human, false) => {
            for rule in selected {
                writeln!(
                    out,
                    "{}  {:<7}  {:<34}  {}",
                    rule.id, rule.severity, rule.name, rule.summary
                )?;
            }
        }
    }
    Ok(Status::Clean)
}

fn unknown_rule(key: &str) -> String {
    let known = rules::ALL.iter().flat_map(|rule| [rule.id, rule.name]);
    match suggest::closest(key, known) {
        Some(suggestion) => {
            format!("no rule `{key}`; did you mean `{suggestion}`? (`sigil rules` lists them all)")
        }
        None => format!("no rule `{key}` (`sigil rules` lists them all)"),
    }
}
