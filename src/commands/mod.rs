//! One module per command. Each turns its arguments into calls on the core and renders the result.

mod check_name;
mod completions;
mod generate;
mod import;
mod lint;
mod man;
mod new;
mod plan;
mod rules;
mod schema;
mod validate;

use crate::cli::{Cli, Command};
use crate::exit::Status;

pub(crate) fn run(cli: Cli) -> anyhow::Result<Status> {
    match cli.command {
        Command::CheckName(args) => check_name::run(&args),
        Command::Rules(args) => rules::run(&args),
        Command::Validate(args) => validate::run(&args),
        Command::Generate(args) => generate::run(&args),
        Command::Lint(args) => lint::run(&args),
        Command::Import(args) => import::run(&args),
        Command::New(args) => new::run(&args),
        Command::Plan(args) => plan::run(&args),
        Command::Completions(args) => completions::run(&args),
        Command::Man(args) => man::run(&args),
        Command::Schema => schema::run(),
    }
}
