//! `cargo xtask fuzz [--seconds N] [TARGET]`: builds the fuzz crate (`fuzz/`, outside the workspace) on
//! stable Rust, copies the seed corpus from the repository's fixtures and examples into
//! `fuzz/corpus/TARGET/`, and runs each target's mutation driver for N seconds (60 by default), printing
//! executions and crashes per target. Crashing inputs land in `fuzz/artifacts/TARGET/`; the run fails
//! when there is one. See docs/fuzzing.md.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::{env, fs};

use anyhow::{Context, bail};

/// A fuzz target and what its seeds are.
struct Target {
    name: &'static str,
    /// How a fixture is given to the target: once as it is (`[""]`), once per name it is read as (the
    /// lint target's inputs start with a line naming the file they are read as), or not at all (`[]`).
    seeds: fn(&Path) -> &'static [&'static str],
}

const AS_IS: &[&str] = &[""];

const TARGETS: &[Target] = &[
    Target {
        name: "spec",
        seeds: |path| {
            if has_extension(path, &["toml", "json"]) {
                AS_IS
            } else {
                &[]
            }
        },
    },
    Target {
        name: "lint",
        seeds: lint_names,
    },
    Target {
        name: "round_trip",
        seeds: |path| {
            if has_extension(path, &["toml"]) {
                AS_IS
            } else {
                &[]
            }
        },
    },
];

/// The files of the lint target (`LINT_FILES` in fuzz/src/lib.rs) a fixture is read as, by its extension:
/// a JSON file as an ARM template and a spec, or as both parameters files (standalone and beside the
/// fixture template); a `.bicepparam` standalone and beside the fixture Bicep file.
fn lint_names(path: &Path) -> &'static [&'static str] {
    let parameters = path
        .file_name()
        .is_some_and(|name| name.to_string_lossy().contains(".parameters."));
    let extension = path.extension().and_then(|extension| extension.to_str());
    match extension.unwrap_or_default() {
        "json" if parameters => &[
            "azuredeploy.parameters.json",
            "paired/azuredeploy.parameters.json",
        ],
        "json" => &["azuredeploy.json", "sigil.json"],
        "bicep" => &["main.bicep"],
        "bicepparam" => &["main.bicepparam", "paired/main.bicepparam"],
        "sh" => &["deploy.sh"],
        "ps1" => &["deploy.ps1"],
        "md" => &["README.md"],
        "tf" => &["main.tf"],
        "toml" => &["sigil.toml"],
        // The target picks a reader by the first byte.
        _ => AS_IS,
    }
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| extensions.contains(&extension))
}

pub(crate) fn run(root: &Path, options: &[&str]) -> anyhow::Result<()> {
    let mut seconds = 60u64;
    let mut only = None;
    let mut driver = false;
    let mut options = options.iter();
    while let Some(option) = options.next() {
        match *option {
            "--seconds" => {
                let value = options.next().context("--seconds needs a number")?;
                seconds = value.parse().context("--seconds needs a number")?;
            }
            "--driver" => driver = true,
            name if TARGETS.iter().any(|target| target.name == name) => only = Some(name),
            other => bail!(
                "unknown fuzz option or target `{other}`: cargo xtask fuzz [--seconds N] [--driver] [{}]",
                TARGETS
                    .iter()
                    .map(|target| target.name)
                    .collect::<Vec<_>>()
                    .join("|")
            ),
        }
    }
    let fuzz = root.join("fuzz");
    let libfuzzer = !driver && cargo_fuzz_installed();
    if !libfuzzer {
        build_driver(&fuzz)?;
    }
    let files = fixture_files(root)?;
    let mut summary = Vec::new();
    let mut failed = false;
    for target in TARGETS
        .iter()
        .filter(|target| only.is_none_or(|name| name == target.name))
    {
        let corpus = fuzz.join("corpus").join(target.name);
        let copied = copy_seeds(root, &files, target, &corpus)?;
        println!(
            "{}: {copied} seed files copied into {}",
            target.name,
            corpus.display()
        );
        let (line, success) = if libfuzzer {
            run_libfuzzer(&fuzz, target.name, seconds)?
        } else {
            run_driver(&fuzz, target.name, &corpus, seconds)?
        };
        failed |= !success;
        summary.push(if success {
            line
        } else {
            format!("{line} (FAILED: see fuzz/artifacts/{}/)", target.name)
        });
    }
    let engine = if libfuzzer {
        "cargo fuzz, libFuzzer"
    } else {
        "the built-in driver"
    };
    println!("\nfuzz summary ({seconds} s per target, {engine}):");
    for line in &summary {
        println!("  {line}");
    }
    if failed {
        bail!(
            "a fuzz target found a crash; reproduce with fuzz/target/release/TARGET fuzz/artifacts/TARGET/crash-*"
        );
    }
    Ok(())
}

fn cargo() -> std::ffi::OsString {
    env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// Whether `cargo fuzz` runs here.
fn cargo_fuzz_installed() -> bool {
    Command::new(cargo())
        .args(["fuzz", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Builds the targets as plain binaries with the mutation driver (no libFuzzer).
fn build_driver(fuzz: &Path) -> anyhow::Result<()> {
    let status = Command::new(cargo())
        .args(["build", "--release", "--manifest-path"])
        .arg(fuzz.join("Cargo.toml"))
        .status()
        .context("running cargo build for fuzz/")?;
    if !status.success() {
        bail!("the fuzz crate does not build");
    }
    Ok(())
}

/// Runs the driver build of `name`, echoing its output: its last line (executions and crashes) and whether
/// it found nothing.
fn run_driver(
    fuzz: &Path,
    name: &str,
    corpus: &Path,
    seconds: u64,
) -> anyhow::Result<(String, bool)> {
    let mut child = Command::new(fuzz.join("target/release").join(name))
        .arg("--corpus")
        .arg(corpus)
        .arg("--artifacts")
        .arg(fuzz.join("artifacts").join(name))
        .args(["--seconds", &seconds.to_string()])
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("running the fuzz target {name}"))?;
    let mut last = String::new();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let line = line.context("reading the target's output")?;
            println!("{line}");
            last = line;
        }
    }
    let status = child.wait().context("waiting for the fuzz target")?;
    Ok((last, status.success()))
}

/// Runs `cargo fuzz run` on stable Rust (`RUSTC_BOOTSTRAP=1` lets it pass its `-Z` flags; no sanitizer,
/// which would need a nightly standard library): libFuzzer's coverage-guided mutations from the corpus
/// folder, which it grows. The executions from libFuzzer's `Done N runs` line, and whether it found nothing.
fn run_libfuzzer(fuzz: &Path, name: &str, seconds: u64) -> anyhow::Result<(String, bool)> {
    let mut child = Command::new(cargo())
        .current_dir(fuzz)
        .env("RUSTC_BOOTSTRAP", "1")
        .args([
            "fuzz",
            "run",
            name,
            "--sanitizer",
            "none",
            "--features",
            "libfuzzer",
            "--",
        ])
        .arg(format!("-max_total_time={seconds}"))
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("running cargo fuzz run {name}"))?;
    let mut executions = None;
    if let Some(stderr) = child.stderr.take() {
        for line in BufReader::new(stderr).lines() {
            let line = line.context("reading libFuzzer's output")?;
            eprintln!("{line}");
            // `Done 75535 runs in 16 second(s)`, or `#75535 DONE ...`/`pulse`/`NEW` as it goes.
            if let Some(runs) = line
                .strip_prefix("Done ")
                .and_then(|rest| rest.split_whitespace().next())
                .or_else(|| {
                    line.strip_prefix('#')
                        .and_then(|rest| rest.split_whitespace().next())
                })
            {
                executions = runs.parse::<u64>().ok().or(executions);
            }
        }
    }
    let status = child.wait().context("waiting for cargo fuzz")?;
    let findings = usize::from(!status.success());
    let executions = executions.map_or_else(|| "?".to_owned(), |runs| runs.to_string());
    Ok((
        format!(
            "{name}: {executions} executions, {findings} crashes (libFuzzer stops at the first)"
        ),
        status.success(),
    ))
}

/// Every file under `tests/fixtures` and `examples`, relative to the root, sorted.
fn fixture_files(root: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut folders = vec![root.join("tests/fixtures"), root.join("examples")];
    while let Some(folder) = folders.pop() {
        for entry in
            fs::read_dir(&folder).with_context(|| format!("reading {}", folder.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.is_file() {
                files.push(path.strip_prefix(root)?.to_owned());
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Copies the target's seeds into its corpus folder, each named after its path (`/` as `__`) and the name
/// it is read as, if any; the count.
fn copy_seeds(
    root: &Path,
    files: &[PathBuf],
    target: &Target,
    corpus: &Path,
) -> anyhow::Result<usize> {
    fs::create_dir_all(corpus).with_context(|| format!("creating {}", corpus.display()))?;
    let mut copied = 0;
    for file in files {
        let names = (target.seeds)(file);
        if names.is_empty() {
            continue;
        }
        let bytes =
            fs::read(root.join(file)).with_context(|| format!("reading {}", file.display()))?;
        let flat = file.to_string_lossy().replace(['/', '\\'], "__");
        for name in names {
            let (seed, input) = if name.is_empty() {
                (flat.clone(), bytes.clone())
            } else {
                let first_line = format!("{name}\n").into_bytes();
                (
                    format!("{flat}@{}", name.replace('/', "__")),
                    [first_line, bytes.clone()].concat(),
                )
            };
            let path = corpus.join(seed);
            fs::write(&path, input).with_context(|| format!("writing {}", path.display()))?;
            copied += 1;
        }
    }
    Ok(copied)
}
