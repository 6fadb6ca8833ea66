//! The command line, as clap sees it.

use std::path::PathBuf;

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
    /// Check spec files (TOML, or JSON for `*.json`): syntax, keys, names, references and every rule.
    Validate(ValidateArgs),
    /// Generate the ARM template, Bicep file, az CLI and Az PowerShell scripts, README and metadata.json of a spec.
    Generate(GenerateArgs),
    /// Find gallery resources in ARM templates and parameters files, Bicep, Terraform, az CLI and PowerShell scripts, Markdown fences and specs, and check them with every rule.
    Lint(LintArgs),
    /// Write the spec that reproduces what ARM templates, Bicep files, az CLI or PowerShell scripts deploy, reporting what is not carried over.
    Import(ImportArgs),
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

#[derive(Debug, clap::Args)]
pub(crate) struct ValidateArgs {
    /// The spec files to check.
    #[arg(required = true, value_name = "SPEC")]
    pub(crate) specs: Vec<std::path::PathBuf>,
    /// Apply the lenient forms of the rules (for resources that already exist).
    #[arg(long)]
    pub(crate) lenient: bool,
    /// How to write the findings.
    #[arg(long, value_enum, default_value_t)]
    pub(crate) format: crate::output::Format,
}

#[derive(Debug, clap::Args)]
pub(crate) struct LintArgs {
    /// Files and folders to lint; the current folder when none is given. Folders are walked respecting
    /// `.gitignore`; files named here are always read.
    #[arg(value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,
    /// How to write the findings.
    #[arg(long, value_enum, default_value_t)]
    pub(crate) format: crate::output::Format,
    /// Apply the lenient forms of the rules (for resources that already exist).
    #[arg(long)]
    pub(crate) lenient: bool,
    /// List on standard error the names and values known only at deployment, which were not checked.
    #[arg(long)]
    pub(crate) show_unresolved: bool,
    /// Report only these rules: ids (`SIG102`), names (`gallery-name-characters`) or id prefixes (`SIG1`),
    /// comma-separated. Replaces `select` of the `[lint]` section.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub(crate) select: Option<Vec<sigil_core::Selector>>,
    /// Do not report these rules (same forms as `--select`). Adds to `ignore` of the `[lint]` section.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub(crate) ignore: Vec<sigil_core::Selector>,
    /// Read the `[lint]` section of this file instead of looking for `sigil.toml` or `.sigil.toml` in the
    /// current folder and the folders above it.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub(crate) config: Option<PathBuf>,
    /// Use no configuration file.
    #[arg(long)]
    pub(crate) no_config: bool,
}

#[derive(Debug, clap::Args)]
pub(crate) struct GenerateArgs {
    /// The spec: `sigil.toml`, or the same structure as `*.json`.
    #[arg(value_name = "SPEC")]
    pub(crate) spec: PathBuf,
    /// The folder to write into (created if missing). Files sigil wrote and nobody edited are replaced;
    /// others are kept.
    #[arg(short, long, value_name = "DIR", required_unless_present = "format")]
    pub(crate) output: Option<PathBuf>,
    /// Write one output to standard output instead of a folder.
    #[arg(long, value_enum, conflicts_with = "output")]
    pub(crate) format: Option<OutputFormat>,
    /// Replace files even when they were edited or not written by sigil.
    #[arg(long)]
    pub(crate) force: bool,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ImportArgs {
    /// The files: ARM templates (`*.json`), Bicep files, az CLI scripts, PowerShell scripts, Markdown pages.
    #[arg(value_name = "FILE", required = true)]
    pub(crate) files: Vec<PathBuf>,
    /// Where to write the spec; `-` or nothing for standard output.
    #[arg(short, long, value_name = "SPEC")]
    pub(crate) output: Option<PathBuf>,
    /// The parameters file of the ARM template: its values are the ones imported.
    #[arg(long, value_name = "FILE")]
    pub(crate) parameters: Option<PathBuf>,
    /// The resource group deployed to, when no script creates one.
    #[arg(long, value_name = "NAME")]
    pub(crate) resource_group: Option<String>,
    /// Its region; also `resourceGroup().location` in templates.
    #[arg(long, value_name = "REGION")]
    pub(crate) location: Option<String>,
    /// Replace the output file when it exists.
    #[arg(long)]
    pub(crate) force: bool,
}

/// The outputs `--format` can print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum OutputFormat {
    /// azuredeploy.json
    Arm,
    /// azuredeploy.parameters.json
    Parameters,
    /// main.bicep
    Bicep,
    /// deploy.sh
    Az,
    /// deploy.ps1
    Pwsh,
    /// README.md
    Readme,
    /// metadata.json
    Metadata,
}

impl From<OutputFormat> for sigil_gen::Format {
    fn from(format: OutputFormat) -> Self {
        match format {
            OutputFormat::Arm => sigil_gen::Format::Arm,
            OutputFormat::Parameters => sigil_gen::Format::ArmParameters,
            OutputFormat::Bicep => sigil_gen::Format::Bicep,
            OutputFormat::Az => sigil_gen::Format::Az,
            OutputFormat::Pwsh => sigil_gen::Format::Pwsh,
            OutputFormat::Readme => sigil_gen::Format::Readme,
            OutputFormat::Metadata => sigil_gen::Format::Metadata,
        }
    }
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
