//! The command line, as clap sees it.

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
    #[arg(long, value_enum)]
    pub(crate) kind: KindArg,
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

/// The kinds `--kind` accepts, spelt as [`NameKind::id`] spells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum KindArg {
    Gallery,
    ImageDefinition,
    ImageVersion,
    Application,
    ApplicationVersion,
    Script,
    ScriptVersion,
    Publisher,
    Offer,
    Sku,
    PublicNamePrefix,
}

impl From<KindArg> for NameKind {
    fn from(kind: KindArg) -> Self {
        match kind {
            KindArg::Gallery => NameKind::Gallery,
            KindArg::ImageDefinition => NameKind::ImageDefinition,
            KindArg::ImageVersion => NameKind::ImageVersion,
            KindArg::Application => NameKind::Application,
            KindArg::ApplicationVersion => NameKind::ApplicationVersion,
            KindArg::Script => NameKind::Script,
            KindArg::ScriptVersion => NameKind::ScriptVersion,
            KindArg::Publisher => NameKind::Publisher,
            KindArg::Offer => NameKind::Offer,
            KindArg::Sku => NameKind::Sku,
            KindArg::PublicNamePrefix => NameKind::PublicNamePrefix,
        }
    }
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
    fn every_name_kind_has_a_flag_value_spelt_like_its_id() {
        for kind in KindArg::value_variants() {
            let flag = kind.to_possible_value().expect("no hidden values");
            assert_eq!(flag.get_name(), NameKind::from(*kind).id());
        }
        assert_eq!(KindArg::value_variants().len(), NameKind::ALL.len());
    }
}
