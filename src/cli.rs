//! The command line, as clap sees it.

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand, ValueEnum};
use sigil_core::NameKind;

#[derive(Debug, Parser)]
#[command(
    name = "sigil",
    version,
    about = "Azure Compute Gallery toolkit: validated names, OS and feature rules"
)]
#[command(
    after_help = "Exit codes: 0 nothing wrong (warnings allowed), 1 a rule reported an error, 2 usage or input error."
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check names against the naming rules of their kind.
    CheckName(CheckNameArgs),
    /// List every rule, or explain one.
    Rules(RulesArgs),
}

#[derive(Debug, clap::Args)]
pub(crate) struct CheckNameArgs {
    /// What the names name.
    #[arg(long, value_parser = name_kind_parser())]
    pub(crate) kind: NameKind,
    /// The names to check.
    #[arg(required = true, value_name = "NAME")]
    pub(crate) names: Vec<String>,
    /// Apply the lenient forms of the rules (for resources that already exist).
    #[arg(long)]
    pub(crate) lenient: bool,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub(crate) format: Format,
}

#[derive(Debug, clap::Args)]
pub(crate) struct RulesArgs {
    /// A rule id (`SIG102`) or name (`gallery-name-characters`) to explain.
    pub(crate) rule: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub(crate) format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Human,
    Json,
}

/// `--kind` takes exactly the ids of [`NameKind`], so the two cannot drift apart.
fn name_kind_parser() -> impl TypedValueParser<Value = NameKind> {
    PossibleValuesParser::new(NameKind::ALL.map(NameKind::id)).map(|id| {
        id.parse::<NameKind>()
            .expect("the possible values are NameKind ids")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_name_kind_is_accepted_by_its_id() {
        for kind in NameKind::ALL {
            let cli =
                Cli::try_parse_from(["sigil", "check-name", "--kind", kind.id(), "x"]).unwrap();
            let Command::CheckName(args) = cli.command else {
                panic!("check-name parses as check-name")
            };
            assert_eq!(args.kind, kind);
        }
    }
}
