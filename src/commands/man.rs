//! `sigil man --output DIR` (hidden): the man pages, generated from the clap definitions: `sigil.1` and one
//! page per subcommand, nested ones included (`sigil-lint.1`, `sigil-new-quickstart.1`). `cargo xtask docs`
//! writes them into `docs/man/`.

use std::fs;
use std::path::Path;

use anyhow::Context;
use clap::CommandFactory;

use crate::cli::{Cli, ManArgs};
use crate::exit::Status;

pub(crate) fn run(args: &ManArgs) -> anyhow::Result<Status> {
    fs::create_dir_all(&args.output)
        .with_context(|| format!("creating {}", args.output.display()))?;
    let mut command = Cli::command();
    command.build();
    write_pages(&command, &args.output)?;
    Ok(Status::Clean)
}

/// Writes the page of `command` (built, so its display name is `sigil-lint`) and those of its visible
/// subcommands.
fn write_pages(command: &clap::Command, dir: &Path) -> anyhow::Result<()> {
    let name = command.get_display_name().unwrap_or(command.get_name());
    let mut page = Vec::new();
    clap_mangen::Man::new(command.clone())
        .source(concat!("sigil ", env!("CARGO_PKG_VERSION")))
        .render(&mut page)?;
    let path = dir.join(format!("{name}.1"));
    fs::write(&path, page).with_context(|| format!("writing {}", path.display()))?;
    for subcommand in command.get_subcommands() {
        if !subcommand.is_hide_set() && subcommand.get_name() != "help" {
            write_pages(subcommand, dir)?;
        }
    }
    Ok(())
}
