//! Repository chores: `cargo xtask docs` regenerates the files generated from the code;
//! `cargo xtask docs --check` fails when one of them is stale (CI and the tests run the same comparison);
//! `cargo xtask bench` times `sigil lint` on a generated corpus (`bench.rs`).

mod bench;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::{env, fs};

use anyhow::{Context, bail};

/// A file generated from the code, and how to generate it.
struct Generated {
    path: &'static str,
    render: fn() -> String,
}

const GENERATED: &[Generated] = &[Generated {
    path: "docs/rules.md",
    render: sigil_core::docs::registry_markdown,
}];

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
        _ => bail!(
            "usage: cargo xtask docs [--check] | cargo xtask bench [--runs N] [--small-runs N]"
        ),
    }
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repository root")
        .to_owned()
}

fn write_docs(root: &Path) -> anyhow::Result<()> {
    for generated in GENERATED {
        let path = root.join(generated.path);
        let fresh = (generated.render)();
        if fs::read_to_string(&path).ok().as_deref() == Some(fresh.as_str()) {
            println!("{} is up to date", generated.path);
            continue;
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        fs::write(&path, fresh).with_context(|| format!("writing {}", path.display()))?;
        println!("wrote {}", generated.path);
    }
    Ok(())
}

fn check_docs(root: &Path) -> anyhow::Result<()> {
    let stale: Vec<&str> = GENERATED
        .iter()
        .filter(|generated| {
            fs::read_to_string(root.join(generated.path))
                .ok()
                .as_deref()
                != Some((generated.render)().as_str())
        })
        .map(|generated| generated.path)
        .collect();
    if stale.is_empty() {
        println!("generated files are up to date");
        Ok(())
    } else {
        bail!("stale: {} (run `cargo xtask docs`)", stale.join(", "))
    }
}
