//! The command line, as clap sees it.

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::error::ErrorKind;
use clap::{Arg, ArgAction, ArgGroup, ArgMatches, Parser, Subcommand, ValueEnum};
use sigil_core::NameKind;
use sigil_gen::scenario::{Flag, Need, SCENARIOS, Scenario};

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
    /// Start from a scenario (the Microsoft quickstarts modernised, the docs' sharing step, an image factory): write its sigil.toml and everything `sigil generate` makes from it.
    New(NewArgs),
    /// Write the spec that reproduces what ARM templates, Bicep files, az CLI or PowerShell scripts deploy, reporting what is not carried over.
    Import(ImportArgs),
    /// Compare two specs and write the az CLI or Az PowerShell script that takes Azure from OLD to NEW: deletions children first, the documented updates, creations.
    Plan(PlanArgs),
    /// Print the shell completion script for SHELL; source it, or save it where the shell loads completions.
    Completions(CompletionsArgs),
    /// Print the JSON Schema of the spec, for editors' TOML and JSON language servers (completion, hover docs).
    Schema,
    /// Write the man pages (sigil.1, sigil-lint.1, ...) into a folder, for packagers.
    #[command(hide = true)]
    Man(ManArgs),
}

#[derive(Debug, clap::Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub(crate) shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ManArgs {
    /// The folder to write the pages into (created if missing).
    #[arg(short, long, value_name = "DIR")]
    pub(crate) output: PathBuf,
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
    /// Also write teardown.sh and teardown.ps1, which delete what the deployment creates, children first.
    #[arg(long, conflicts_with = "format")]
    pub(crate) teardown: bool,
}

#[derive(Debug, clap::Args)]
pub(crate) struct PlanArgs {
    /// OLD NEW: the spec as deployed now and the spec to deploy; NEW alone with --base.
    #[arg(value_name = "SPEC", required = true, num_args = 1..=2)]
    pub(crate) specs: Vec<PathBuf>,
    /// Read OLD from git: NEW's file as it is at this revision (`HEAD`, `main`); absent there, everything is created.
    #[arg(long, value_name = "REV")]
    pub(crate) base: Option<String>,
    /// The script's language.
    #[arg(long, value_enum, default_value_t = PlanFormat::Az)]
    pub(crate) format: PlanFormat,
    /// Where to write the script; standard output when not given.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

/// The language of `sigil plan`'s script.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PlanFormat {
    /// bash with the az CLI
    Az,
    /// Az PowerShell
    Pwsh,
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

#[derive(Debug, clap::Args)]
#[command(
    subcommand_value_name = "SCENARIO",
    subcommand_help_heading = "Scenarios",
    after_help = "Each scenario takes its values as flags named after the spec keys they set: `sigil new SCENARIO --help` lists them."
)]
pub(crate) struct NewArgs {
    #[command(subcommand)]
    pub(crate) scenario: ScenarioArgs,
}

/// A scenario of `sigil new` and what its command line gives: one subcommand per scenario, each with the
/// scenario's own flags (built from [`Scenario::flags`], so `--help` lists exactly those).
#[derive(Debug)]
pub(crate) struct ScenarioArgs {
    pub(crate) scenario: &'static Scenario,
    /// Flag name to value, for the flags given or defaulted.
    pub(crate) values: Vec<(&'static str, String)>,
    pub(crate) output: PathBuf,
    pub(crate) force: bool,
}

impl clap::FromArgMatches for ScenarioArgs {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let Some((id, matches)) = matches.subcommand() else {
            return Err(clap::Error::raw(
                ErrorKind::MissingSubcommand,
                "name a scenario",
            ));
        };
        let scenario = Scenario::find(id).ok_or_else(|| {
            clap::Error::raw(ErrorKind::InvalidSubcommand, format!("no scenario `{id}`"))
        })?;
        let values = scenario
            .flags
            .iter()
            .filter_map(|flag| {
                matches
                    .get_one::<String>(flag.name)
                    .map(|value| (flag.name, value.clone()))
            })
            .collect();
        let output = matches
            .get_one::<PathBuf>("output")
            .cloned()
            .ok_or_else(|| clap::Error::raw(ErrorKind::MissingRequiredArgument, "-o DIR"))?;
        Ok(Self {
            scenario,
            values,
            output,
            force: matches.get_flag("force"),
        })
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl clap::Subcommand for ScenarioArgs {
    fn augment_subcommands(command: clap::Command) -> clap::Command {
        SCENARIOS
            .into_iter()
            .fold(command, |command, scenario| {
                command.subcommand(scenario_command(scenario))
            })
            .subcommand_required(true)
    }

    fn augment_subcommands_for_update(command: clap::Command) -> clap::Command {
        Self::augment_subcommands(command)
    }

    fn has_subcommand(name: &str) -> bool {
        Scenario::find(name).is_some()
    }
}

fn scenario_command(scenario: &'static Scenario) -> clap::Command {
    let mut command = clap::Command::new(scenario.id)
        .about(scenario.about)
        .arg(
            Arg::new("output")
                .short('o')
                .long("output")
                .value_name("DIR")
                .required(true)
                .value_parser(clap::value_parser!(PathBuf))
                .help("The folder to write sigil.toml and the outputs into (created if missing); files sigil wrote and nobody edited are replaced, others kept"),
        )
        .arg(
            Arg::new("force")
                .long("force")
                .action(ArgAction::SetTrue)
                .help("Replace files even when they were edited or not written by sigil"),
        );
    for flag in scenario.flags {
        command = command.arg(flag_arg(flag));
    }
    let mut groups: Vec<&str> = Vec::new();
    for flag in scenario.flags {
        if let Need::OneOf(group) = flag.need
            && !groups.contains(&group)
        {
            groups.push(group);
            let members = scenario.flags.iter().filter(|f| f.need == flag.need);
            command = command.group(
                ArgGroup::new(group)
                    .args(members.map(|member| member.name))
                    .required(true)
                    .multiple(true),
            );
        }
    }
    command
}

fn flag_arg(flag: &'static Flag) -> Arg {
    let mut arg = Arg::new(flag.name).long(flag.name).help(flag.help);
    if !flag.choices.is_empty() {
        arg = arg.value_parser(PossibleValuesParser::new(flag.choices));
    }
    match flag.need {
        Need::Default(value) => arg.default_value(value),
        Need::Required => arg.required(true),
        Need::RequiredWhen { flag, value } => arg.required_if_eq(flag, value),
        Need::OneOf(_) => arg,
    }
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
    /// teardown.sh, which deletes what deploy.sh creates
    TeardownAz,
    /// teardown.ps1, which deletes what deploy.ps1 creates
    TeardownPwsh,
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
            OutputFormat::TeardownAz => sigil_gen::Format::TeardownAz,
            OutputFormat::TeardownPwsh => sigil_gen::Format::TeardownPwsh,
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
