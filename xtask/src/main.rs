//! Repository chores: `cargo xtask docs` regenerates the files generated from the code;
//! `cargo xtask docs --check` fails when one of them is stale (CI and the tests run the same comparison).
//! The man pages in `docs/man/` come from the clap definitions, which live in the binary: both build it and
//! run its hidden `sigil man`;
//! `cargo xtask bench [--quick]` times `sigil lint`, `rg` and `sigil generate` on generated inputs (`bench.rs`).

mod bench;
mod fuzz;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::{env, fs};

use anyhow::{Context, bail};

/// A file generated from the code, and how to generate it.
struct Generated {
    path: &'static str,
    render: fn() -> String,
}

const GENERATED: &[Generated] = &[
    Generated {
        path: "docs/rules.md",
        render: sigil_core::docs::registry_markdown,
    },
    Generated {
        path: "docs/sigil.schema.json",
        render: sigil_core::schema::spec_schema_json,
    },
    Generated {
        path: "docs/spec-reference.md",
        render: sigil_core::spec_reference::spec_reference_markdown,
    },
];

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> anyhow::Result<()> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["docs"] => write_docs(&repo_root()),
        ["docs", "--check"] => check_docs(&repo_root()),
        ["bench", options @ ..] => bench::run(&repo_root(), options),
        ["fuzz", options @ ..] => fuzz::run(&repo_root(), options),
        _ => bail!(
            "usage: cargo xtask docs [--check] | cargo xtask bench [--quick] [--runs N] [...]"
        ),
    }
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repository root")
        .to_owned()
}

/// Where the man pages go; every `*.1` there is generated.
const MAN_DIR: &str = "docs/man";

/// Every generated file, by its path from the root, with its fresh contents.
fn generated(root: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let mut files: Vec<(String, String)> = GENERATED
        .iter()
        .map(|generated| (generated.path.to_owned(), (generated.render)()))
        .collect();
    files.extend(man_pages(root)?);
    Ok(files)
}

/// Builds sigil and has it write its man pages into a scratch folder, then reads them back.
fn man_pages(root: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let target = env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let scratch = target.join("xtask-man");
    if scratch.exists() {
        fs::remove_dir_all(&scratch).with_context(|| format!("removing {}", scratch.display()))?;
    }
    let status = Command::new(env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .current_dir(root)
        .args(["run", "--quiet", "--bin", "sigil", "--", "man", "--output"])
        .arg(&scratch)
        .status()
        .context("running cargo run --bin sigil -- man")?;
    if !status.success() {
        bail!("sigil man failed ({status})");
    }
    let mut pages = Vec::new();
    for entry in fs::read_dir(&scratch).with_context(|| format!("reading {}", scratch.display()))? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .context("a man page name")?;
        let text =
            fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        pages.push((format!("{MAN_DIR}/{name}"), text));
    }
    pages.sort();
    Ok(pages)
}

/// Man pages in `docs/man/` that sigil no longer generates (a subcommand removed or renamed).
fn orphaned_pages(root: &Path, files: &[(String, String)]) -> Vec<String> {
    let Ok(entries) = fs::read_dir(root.join(MAN_DIR)) else {
        return Vec::new();
    };
    let mut orphans: Vec<String> = entries
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".1"))
        .map(|name| format!("{MAN_DIR}/{name}"))
        .filter(|path| files.iter().all(|(generated, _)| generated != path))
        .collect();
    orphans.sort();
    orphans
}

fn write_docs(root: &Path) -> anyhow::Result<()> {
    let files = generated(root)?;
    for orphan in orphaned_pages(root, &files) {
        fs::remove_file(root.join(&orphan)).with_context(|| format!("removing {orphan}"))?;
        println!("removed {orphan}");
    }
    for (relative, fresh) in &files {
        let path = root.join(relative);
        if fs::read_to_string(&path).ok().as_deref() == Some(fresh.as_str()) {
            println!("{relative} is up to date");
            continue;
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        fs::write(&path, fresh).with_context(|| format!("writing {}", path.display()))?;
        println!("wrote {relative}");
    }
    Ok(())
}

fn check_docs(root: &Path) -> anyhow::Result<()> {
    let files = generated(root)?;
    let mut stale: Vec<String> = files
        .iter()
        .filter(|(relative, fresh)| {
            fs::read_to_string(root.join(relative)).ok().as_deref() != Some(fresh.as_str())
        })
        .map(|(relative, _)| relative.clone())
        .collect();
    stale.extend(orphaned_pages(root, &files));
    if stale.is_empty() {
        println!("generated files are up to date");
        Ok(())
    } else {
        bail!("stale: {} (run `cargo xtask docs`)", stale.join(", "))
    }
}
