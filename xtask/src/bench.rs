//! `cargo xtask bench`: how fast `sigil lint` walks repositories of 1k, 10k and 50k files against ripgrep
//! searching the same files for the same markers (the floor for reading them) and `checkov -d` (when
//! installed; it reads about a thousand files a minute, so by default it is timed once, on corpora of at
//! most 1,000 files: `--checkov-runs`, `--checkov-max-files`), how long a pre-commit style run on five named
//! files takes, and how `sigil generate` grows with the size of a spec. One run prints a table and writes `target/bench/results.json` (its shape is
//! [`results_json`]'s documentation).
//!
//! The corpora (`target/bench/corpus-1k`, `-10k`, `-50k`) are generated from a fixed seed ([`corpus`]) and
//! kept between runs. Times are wall clock, process start included, medians after a warm-up run (so the page
//! cache is warm); peak memory is the child's maximum RSS from one more run under GNU time. Nothing is
//! asserted except the growth of `sigil generate`, which is flagged, not failed.

mod corpus;
mod json;
mod measure;
mod specs;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;
use std::{env, fs};

use anyhow::{Context, bail};

use corpus::{Corpus, Size};
use json::Json;
use measure::Timing;

/// Where the `PATTERNS` of sigil's prefilter are written: ripgrep searches for the same markers.
const PREFILTER: &str = "crates/sigil-lint/src/prefilter.rs";
/// The pre-commit hook, whose `files` pattern names the extensions sigil reads: ripgrep searches only those
/// too, in a second run, for the same choice of files.
const HOOKS: &str = ".pre-commit-hooks.yaml";

/// The corpora, and the timed runs of each by default (fewer on the larger ones, to stay within minutes).
const SIZES: &[(Size, usize)] = &[
    (Size::new("1k", 1_000), 11),
    (Size::new("10k", 10_000), 5),
    (Size::new("50k", 50_000), 3),
];
/// The specs of `sigil generate`: image definitions, three versions each.
const GENERATE_SIZES: &[usize] = &[1, 100, 1_000];
/// The 1000/100 growth of `sigil generate` above which the report flags it as no longer linear.
const GROWTH_LIMIT: f64 = 15.0;

#[derive(Debug)]
struct Options {
    /// Timed runs per corpus; `None`: the defaults of [`SIZES`].
    runs: Option<usize>,
    small_runs: usize,
    generate_runs: usize,
    quick: bool,
    /// A sigil binary to time instead of building one.
    sigil: Option<PathBuf>,
    /// checkov's timed runs per corpus, and the largest corpus it runs on: it reads about a thousand files
    /// a minute, so its runs are budgeted apart from the others.
    checkov: CheckovBudget,
}

#[derive(Debug, Clone, Copy)]
struct CheckovBudget {
    runs: usize,
    max_files: usize,
}

const USAGE: &str = "cargo xtask bench [--quick] [--runs N] [--small-runs N] [--generate-runs N] \
     [--checkov-runs N] [--checkov-max-files N] [--sigil PATH]";

pub(crate) fn run(root: &Path, args: &[&str]) -> anyhow::Result<()> {
    let options = parse_args(args)?;
    let target = target_dir(root);
    let bench_dir = target.join("bench");
    let markers = prefilter_patterns(&root.join(PREFILTER))?;
    let extensions = hook_extensions(&root.join(HOOKS))?;
    let sigil = match &options.sigil {
        Some(sigil) => sigil.clone(),
        None => build_sigil(root, &target)?,
    };
    let tools = Tools {
        rg: measure::available("rg"),
        checkov: measure::available("checkov"),
        gnu_time: measure::gnu_time_available(),
    };
    let memory_file = bench_dir.join("peak-memory.txt");
    let memory = tools.gnu_time.then_some(memory_file.as_path());

    let sizes: Vec<(Size, usize)> = SIZES
        .iter()
        .take(if options.quick { 1 } else { SIZES.len() })
        .map(|&(size, runs)| {
            let quick_runs = if options.quick { 3 } else { runs };
            (size, options.runs.unwrap_or(quick_runs))
        })
        .collect();
    let mut lints = Vec::new();
    for &(size, runs) in &sizes {
        let dir = bench_dir.join(format!("corpus-{}", size.name));
        let corpus = corpus::ensure_corpus(
            &dir,
            &bench_dir.join(format!("corpus-{}.stamp", size.name)),
            size,
        )?;
        println!("timing lint on the {} corpus: {runs} runs each", size.name);
        lints.push(lint_corpus(
            &sigil,
            size,
            corpus,
            &dir,
            (runs, options.checkov),
            memory,
            &tools,
            (&markers, &extensions),
        )?);
    }

    let first = &lints[0];
    let small: Vec<PathBuf> = first
        .corpus
        .small_files
        .iter()
        .map(|file| first.dir.join(file))
        .collect();
    println!(
        "timing the pre-commit style run: {} runs",
        options.small_runs
    );
    let named = measure::time(options.small_runs, memory, || {
        let mut command = Command::new(&sigil);
        command.args(["lint", "--format", "concise"]).args(&small);
        command
    })?;
    let version = measure::time(options.small_runs, memory, || {
        let mut command = Command::new(&sigil);
        command.arg("--version");
        command
    })?;

    println!(
        "timing sigil generate: {} runs per spec",
        options.generate_runs
    );
    let mut generates = Vec::new();
    for &definitions in GENERATE_SIZES {
        let spec = specs::write_spec(&bench_dir.join("specs"), definitions)?;
        let out = bench_dir.join(format!("generate-{definitions}"));
        let timing = measure::time(options.generate_runs, memory, || {
            let mut command = Command::new(&sigil);
            command.args(["generate", "--force", "--output"]);
            command.arg(&out).arg(&spec);
            command
        })?;
        generates.push((definitions, timing));
    }

    let results = Results {
        quick: options.quick,
        tools,
        lints,
        precommit: (named, version),
        generates,
    };
    print!("{}", report(&results, (&markers, &extensions)));
    let json_path = bench_dir.join("results.json");
    fs::write(&json_path, results_json(&results).render())
        .with_context(|| format!("writing {}", json_path.display()))?;
    println!("\nwritten: {}", json_path.display());
    Ok(())
}

fn build_sigil(root: &Path, target: &Path) -> anyhow::Result<PathBuf> {
    println!("building sigil (release)");
    let status = Command::new(env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["build", "--release", "--quiet", "--bin", "sigil"])
        .current_dir(root)
        .status()
        .context("running cargo build")?;
    if !status.success() {
        bail!("cargo build --release --bin sigil failed ({status})");
    }
    Ok(target
        .join("release")
        .join(format!("sigil{}", env::consts::EXE_SUFFIX)))
}

fn parse_args(args: &[&str]) -> anyhow::Result<Options> {
    let mut options = Options {
        runs: None,
        small_runs: 51,
        generate_runs: 5,
        quick: false,
        sigil: None,
        checkov: CheckovBudget {
            runs: 1,
            max_files: 1_000,
        },
    };
    let mut small_runs = None;
    let mut generate_runs = None;
    let mut checkov_runs = None;
    let mut checkov_max_files = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let slot = match *arg {
            "--quick" => {
                options.quick = true;
                continue;
            }
            "--sigil" => {
                let path = args
                    .next()
                    .with_context(|| format!("--sigil needs a path: {USAGE}"))?;
                options.sigil = Some(PathBuf::from(path));
                continue;
            }
            "--runs" => &mut options.runs,
            "--small-runs" => &mut small_runs,
            "--generate-runs" => &mut generate_runs,
            "--checkov-runs" => &mut checkov_runs,
            "--checkov-max-files" => &mut checkov_max_files,
            other => bail!("unknown argument `{other}`: {USAGE}"),
        };
        *slot = Some(
            args.next()
                .and_then(|value| value.parse().ok())
                .filter(|&value: &usize| value > 0)
                .with_context(|| format!("{arg} needs a positive number"))?,
        );
    }
    options.small_runs = small_runs.unwrap_or(if options.quick { 11 } else { 51 });
    options.generate_runs = generate_runs.unwrap_or(if options.quick { 2 } else { 5 });
    options.checkov.runs = checkov_runs.unwrap_or(options.checkov.runs);
    options.checkov.max_files = checkov_max_files.unwrap_or(options.checkov.max_files);
    Ok(options)
}

fn target_dir(root: &Path) -> PathBuf {
    env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}

/// Which of the compared tools this machine has.
#[derive(Debug)]
struct Tools {
    rg: bool,
    checkov: bool,
    gnu_time: bool,
}

/// One tool over one corpus: its timing, or why there is none.
#[derive(Debug)]
struct ToolRun {
    tool: &'static str,
    command: String,
    outcome: Outcome,
}

#[derive(Debug)]
enum Outcome {
    Measured(Timing),
    NotInstalled,
    /// Left out to keep the run within minutes; the reason says by which option.
    Skipped(String),
}

impl Outcome {
    fn timing(&self) -> Option<&Timing> {
        match self {
            Outcome::Measured(timing) => Some(timing),
            Outcome::NotInstalled | Outcome::Skipped(_) => None,
        }
    }

    fn status(&self) -> String {
        match self {
            Outcome::Measured(_) => "measured".to_owned(),
            Outcome::NotInstalled => "not installed".to_owned(),
            Outcome::Skipped(reason) => format!("skipped: {reason}"),
        }
    }
}

/// Everything measured on one corpus.
#[derive(Debug)]
struct LintRun {
    size: Size,
    corpus: Corpus,
    dir: PathBuf,
    check: Check,
    tools: Vec<ToolRun>,
}

#[allow(clippy::too_many_arguments)]
fn lint_corpus(
    sigil: &Path,
    size: Size,
    corpus: Corpus,
    dir: &Path,
    (runs, checkov_budget): (usize, CheckovBudget),
    memory: Option<&Path>,
    tools: &Tools,
    (markers, extensions): (&[String], &[String]),
) -> anyhow::Result<LintRun> {
    let check = check_run(sigil, dir)?;
    let mut runs_of = Vec::new();
    let lint = measure::time(runs, memory, || {
        let mut command = Command::new(sigil);
        command.args(["lint", "--format", "concise"]).arg(dir);
        command
    })?;
    runs_of.push(ToolRun {
        tool: "sigil",
        command: "sigil lint --format concise CORPUS".to_owned(),
        outcome: Outcome::Measured(lint),
    });
    let rg_command = |globs: &[String]| {
        let mut command = Command::new("rg");
        command.args(["--count-matches", "--ignore-case", "--fixed-strings"]);
        for marker in markers {
            command.arg("-e").arg(marker);
        }
        if !globs.is_empty() {
            command.arg("--glob-case-insensitive");
        }
        for glob in globs {
            command.arg("--glob").arg(glob);
        }
        command.arg(dir);
        command
    };
    let globs: Vec<String> = extensions
        .iter()
        .map(|extension| format!("*.{extension}"))
        .collect();
    let rg_all = if tools.rg {
        Outcome::Measured(measure::time(runs, memory, || rg_command(&[]))?)
    } else {
        Outcome::NotInstalled
    };
    runs_of.push(ToolRun {
        tool: "rg",
        command: format!(
            "rg --count-matches -i -F ({} markers) CORPUS",
            markers.len()
        ),
        outcome: rg_all,
    });
    let rg_hook = if tools.rg {
        Outcome::Measured(measure::time(runs, memory, || rg_command(&globs))?)
    } else {
        Outcome::NotInstalled
    };
    runs_of.push(ToolRun {
        tool: "rg-hook-extensions",
        command: format!(
            "the same rg, only the hook's {} extensions (--glob)",
            extensions.len()
        ),
        outcome: rg_hook,
    });
    let checkov = if !tools.checkov {
        Outcome::NotInstalled
    } else if size.files > checkov_budget.max_files {
        Outcome::Skipped(format!(
            "{} files > --checkov-max-files {}",
            size.files, checkov_budget.max_files
        ))
    } else {
        // The sigil and rg runs above have warmed the page cache over the same files, and one more
        // checkov run would cost a minute per thousand files.
        Outcome::Measured(measure::time_warm(checkov_budget.runs, memory, || {
            let mut command = Command::new("checkov");
            command.args(["--quiet", "--compact", "-d"]).arg(dir);
            command
        })?)
    };
    runs_of.push(ToolRun {
        tool: "checkov",
        command: "checkov --quiet --compact -d CORPUS".to_owned(),
        outcome: checkov,
    });
    Ok(LintRun {
        size,
        corpus,
        dir: dir.to_owned(),
        check,
        tools: runs_of,
    })
}

fn prefilter_patterns(path: &Path) -> anyhow::Result<Vec<String>> {
    let source = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let start = source
        .find("const PATTERNS")
        .with_context(|| format!("no `const PATTERNS` in {}", path.display()))?;
    let body = &source[start..];
    let body = &body[..body.find("];").unwrap_or(body.len())];
    let mut patterns = Vec::new();
    let mut rest = body;
    while let Some(open) = rest.find("(\"") {
        let mut text = String::new();
        let mut chars = rest[open + 2..].char_indices();
        let mut end = None;
        while let Some((at, c)) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some((_, 'n')) => text.push('\n'),
                    Some((_, 't')) => text.push('\t'),
                    Some((_, escaped)) => text.push(escaped),
                    None => break,
                },
                '"' => {
                    end = Some(open + 2 + at + 1);
                    break;
                }
                c => text.push(c),
            }
        }
        let end = end.with_context(|| format!("an unclosed string in {}", path.display()))?;
        patterns.push(text);
        rest = &rest[end..];
    }
    if patterns.is_empty() {
        bail!("no marker found in `PATTERNS` of {}", path.display());
    }
    Ok(patterns)
}

/// The extensions in the hook's `files` pattern, `(?i)\.(json|toml|...)$`.
fn hook_extensions(path: &Path) -> anyhow::Result<Vec<String>> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    text.lines()
        .find_map(|line| line.trim().strip_prefix("files:"))
        .and_then(|pattern| {
            let inner = pattern.split_once("\\.(")?.1.split_once(")$")?.0;
            Some(inner.split('|').map(str::to_owned).collect())
        })
        .with_context(|| format!("no `files: ...\\.(a|b)$` pattern in {}", path.display()))
}

/// What one untimed run of sigil over the corpus found: the files with findings, by extension, and its
/// summary.
#[derive(Debug)]
struct Check {
    flagged: BTreeMap<String, usize>,
    summary: String,
    code: Option<i32>,
}

fn check_run(sigil: &Path, corpus_dir: &Path) -> anyhow::Result<Check> {
    let output = Command::new(sigil)
        .args(["lint", "--format", "concise"])
        .arg(corpus_dir)
        .output()
        .context("running sigil lint")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let files: BTreeSet<&str> = stdout
        .lines()
        // `path:line:col: severity[ID] message`
        .filter_map(|line| line.split_once(": "))
        .map(|(at, _)| at.rsplitn(3, ':').last().unwrap_or(at))
        .collect();
    let mut flagged = BTreeMap::new();
    for file in files {
        *flagged.entry(extension_of(Path::new(file))).or_default() += 1;
    }
    let summary = String::from_utf8_lossy(&output.stderr)
        .lines()
        .rfind(|line| line.contains("files read"))
        .unwrap_or("(no summary)")
        .to_owned();
    Ok(Check {
        flagged,
        summary,
        code: output.status.code(),
    })
}

fn extension_of(path: &Path) -> String {
    path.extension().map_or_else(String::new, |extension| {
        extension.to_string_lossy().to_ascii_lowercase()
    })
}

/// Every figure of one bench run.
#[derive(Debug)]
struct Results {
    quick: bool,
    tools: Tools,
    lints: Vec<LintRun>,
    /// `sigil lint` on the five small files, and `sigil --version`.
    precommit: (Timing, Timing),
    /// `sigil generate` per number of image definitions.
    generates: Vec<(usize, Timing)>,
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

#[allow(clippy::cast_precision_loss)]
fn per_second(count: u64, duration: Duration) -> f64 {
    count as f64 / duration.as_secs_f64()
}

#[allow(clippy::cast_precision_loss)]
fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1_000_000.0
}

fn exit_code(code: Option<i32>) -> String {
    code.map_or_else(|| "signal".to_owned(), |code| code.to_string())
}

fn memory(timing: &Timing) -> String {
    timing.peak_kb.map_or_else(
        || "unknown".to_owned(),
        |kb| format!("{:.1} MB", mb(kb * 1024)),
    )
}

/// The growth of `sigil generate` from each size to the next: the ratio of the medians.
fn growth(generates: &[(usize, Timing)]) -> Vec<Option<f64>> {
    let mut factors = vec![None];
    for pair in generates.windows(2) {
        factors.push(Some(
            pair[1].1.median.as_secs_f64() / pair[0].1.median.as_secs_f64(),
        ));
    }
    factors
}

/// Whether the last growth factor (1000 over 100 definitions) exceeds [`GROWTH_LIMIT`].
fn growth_flagged(generates: &[(usize, Timing)]) -> bool {
    growth(generates)
        .last()
        .copied()
        .flatten()
        .is_some_and(|factor| factor > GROWTH_LIMIT)
}

fn report(results: &Results, (markers, extensions): (&[String], &[String])) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nmarkers: {} (rg -e each); hook extensions: {}; peak memory: {}",
        markers.len(),
        extensions.join(","),
        if results.tools.gnu_time {
            "max RSS from /usr/bin/time"
        } else {
            "unknown (no GNU time)"
        }
    );
    for lint in &results.lints {
        let corpus = &lint.corpus;
        let _ = writeln!(
            out,
            "corpus {}: {} files, {:.1} MB; sigil's check run: {} (exit {})",
            lint.size.name,
            corpus.files,
            mb(corpus.bytes),
            lint.check.summary,
            exit_code(lint.check.code)
        );
    }
    if let Some(largest) = results.lints.last() {
        let _ = writeln!(
            out,
            "\nthe {} corpus by extension:\n\n| extension | files | with gallery resources | with a bad name | flagged by sigil |\n|---|---:|---:|---:|---:|",
            largest.size.name
        );
        for (extension, stats) in &largest.corpus.by_extension {
            let _ = writeln!(
                out,
                "| .{extension} | {} | {} | {} | {} |",
                stats.files,
                stats.gallery_files,
                stats.bad_files,
                largest.check.flagged.get(extension).copied().unwrap_or(0)
            );
        }
    }
    let _ = writeln!(
        out,
        "\n| corpus | tool | runs | median | min | files/s | MB/s | peak memory | exit |\n|---|---|---:|---:|---:|---:|---:|---:|---:|"
    );
    for lint in &results.lints {
        for tool in &lint.tools {
            match tool.outcome.timing() {
                Some(timing) => {
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} | {:.1} ms | {:.1} ms | {:.0} | {:.1} | {} | {} |",
                        lint.size.name,
                        tool.command,
                        timing.runs,
                        ms(timing.median),
                        ms(timing.min),
                        per_second(lint.corpus.files as u64, timing.median),
                        per_second(lint.corpus.bytes, timing.median) / 1_000_000.0,
                        memory(timing),
                        exit_code(timing.code)
                    );
                }
                None => {
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} | | | | | | |",
                        lint.size.name,
                        tool.command,
                        tool.outcome.status()
                    );
                }
            }
        }
    }
    for lint in &results.lints {
        let sigil = lint.tools[0].outcome.timing();
        for tool in &lint.tools[1..] {
            if let (Some(sigil), Some(other)) = (sigil, tool.outcome.timing()) {
                let _ = writeln!(
                    out,
                    "{}: sigil / {} = {} (medians)",
                    lint.size.name,
                    tool.tool,
                    ratio(sigil.median, other.median, tool.tool)
                );
            }
        }
    }
    report_small(results, &mut out);
    out
}

/// `sigil / other` of two medians; far below 1 (checkov), the inverse reads better.
fn ratio(sigil: Duration, other: Duration, tool: &str) -> String {
    let ratio = sigil.as_secs_f64() / other.as_secs_f64();
    if ratio < 0.1 {
        format!("{ratio:.5}x: {tool} takes {:.0}x as long", ratio.recip())
    } else {
        format!("{ratio:.2}x")
    }
}

/// The pre-commit style runs and `sigil generate`.
fn report_small(results: &Results, out: &mut String) {
    let (named, version) = &results.precommit;
    let _ = writeln!(
        out,
        "\n| pre-commit style | runs | median | min | peak memory | exit |\n|---|---:|---:|---:|---:|---:|"
    );
    for (label, timing) in [
        ("sigil lint on 5 named small files", named),
        ("sigil --version (process start)", version),
    ] {
        let _ = writeln!(
            out,
            "| {label} | {} | {:.2} ms | {:.2} ms | {} | {} |",
            timing.runs,
            ms(timing.median),
            ms(timing.min),
            memory(timing),
            exit_code(timing.code)
        );
    }
    let _ = writeln!(
        out,
        "\n| sigil generate | runs | median | min | peak memory | growth over the previous size | exit |\n|---|---:|---:|---:|---:|---:|---:|"
    );
    for ((definitions, timing), factor) in results.generates.iter().zip(growth(&results.generates))
    {
        let _ = writeln!(
            out,
            "| {definitions} image definitions x {} versions | {} | {:.2} ms | {:.2} ms | {} | {} | {} |",
            specs::VERSIONS,
            timing.runs,
            ms(timing.median),
            ms(timing.min),
            memory(timing),
            factor.map_or_else(|| "-".to_owned(), |factor| format!("{factor:.2}x")),
            exit_code(timing.code)
        );
    }
    let _ = writeln!(
        out,
        "{}",
        if growth_flagged(&results.generates) {
            format!(
                "FLAG: sigil generate grew more than {GROWTH_LIMIT}x from 100 to 1000 image definitions: not linear"
            )
        } else {
            format!(
                "sigil generate: growth from 100 to 1000 image definitions within {GROWTH_LIMIT}x (near linear)"
            )
        }
    );
}

/// The fields of a timing in `results.json`.
fn timing_fields(timing: &Timing) -> Vec<(&'static str, Json)> {
    vec![
        ("runs", Json::Int(timing.runs as u64)),
        ("median_ms", Json::float(ms(timing.median))),
        ("min_ms", Json::float(ms(timing.min))),
        ("peak_rss_kb", Json::opt(timing.peak_kb, Json::Int)),
        (
            "exit",
            Json::opt(timing.code, |code| {
                Json::Int(u64::from(code.unsigned_abs()))
            }),
        ),
    ]
}

/// One tool's entry in `lint[].tools`.
fn tool_json(corpus: &Corpus, tool: &ToolRun) -> Json {
    let mut fields = vec![
        ("tool", Json::str(tool.tool)),
        ("command", Json::str(tool.command.clone())),
        ("status", Json::str(tool.outcome.status())),
    ];
    match tool.outcome.timing() {
        Some(timing) => {
            let mut timed = timing_fields(timing);
            timed.insert(
                3,
                (
                    "files_per_s",
                    Json::float(per_second(corpus.files as u64, timing.median)),
                ),
            );
            timed.insert(
                4,
                (
                    "mb_per_s",
                    Json::float(per_second(corpus.bytes, timing.median) / 1_000_000.0),
                ),
            );
            fields.extend(timed);
        }
        None => {
            for key in [
                "runs",
                "median_ms",
                "min_ms",
                "files_per_s",
                "mb_per_s",
                "peak_rss_kb",
                "exit",
            ] {
                fields.push((key, Json::Null));
            }
        }
    }
    Json::Object(fields)
}

/// `target/bench/results.json`:
///
/// ```text
/// {
///   "schema": 1,
///   "quick": bool,                       // --quick: the 1k corpus only, few runs
///   "peak_memory_source": "gnu-time" | null,
///   "lint": [ {                          // one per corpus: 1k, 10k, 50k
///     "corpus": "1k", "files": int, "bytes": int,
///     "sigil_summary": "...", "sigil_exit": int | null,
///     "tools": [ {                       // sigil, rg, rg-hook-extensions, checkov
///       "tool": "sigil", "command": "...",
///       "status": "measured" | "not installed" | "skipped: REASON",
///       // when measured, else null:
///       "runs": int, "median_ms": float, "min_ms": float,
///       "files_per_s": float, "mb_per_s": float,   // the corpus's files and bytes over the median
///       "peak_rss_kb": int | null, "exit": int | null
///     } ]
///   } ],
///   "precommit": { "files": 5, "lint": TIMING, "version": TIMING },
///   "generate": [ {                      // 1, 100, 1000 image definitions
///     "definitions": int, "versions_each": 3, ...TIMING,
///     "growth": float | null             // this median over the previous size's
///   } ],
///   "generate_growth_limit": 15.0, "generate_flagged": bool
/// }
/// ```
///
/// where TIMING is `runs`, `median_ms`, `min_ms`, `peak_rss_kb` and `exit`.
fn results_json(results: &Results) -> Json {
    let lint = results
        .lints
        .iter()
        .map(|lint| {
            let tools = lint
                .tools
                .iter()
                .map(|tool| tool_json(&lint.corpus, tool))
                .collect();
            Json::Object(vec![
                ("corpus", Json::str(lint.size.name)),
                ("files", Json::Int(lint.corpus.files as u64)),
                ("bytes", Json::Int(lint.corpus.bytes)),
                ("sigil_summary", Json::str(lint.check.summary.clone())),
                (
                    "sigil_exit",
                    Json::opt(lint.check.code, |code| {
                        Json::Int(u64::from(code.unsigned_abs()))
                    }),
                ),
                ("tools", Json::Array(tools)),
            ])
        })
        .collect();
    let (named, version) = &results.precommit;
    let generate = results
        .generates
        .iter()
        .zip(growth(&results.generates))
        .map(|((definitions, timing), factor)| {
            let mut fields = vec![
                ("definitions", Json::Int(*definitions as u64)),
                ("versions_each", Json::Int(specs::VERSIONS as u64)),
            ];
            fields.extend(timing_fields(timing));
            fields.push(("growth", Json::opt(factor, Json::float)));
            Json::Object(fields)
        })
        .collect();
    Json::Object(vec![
        ("schema", Json::Int(1)),
        ("quick", Json::Bool(results.quick)),
        (
            "peak_memory_source",
            if results.tools.gnu_time {
                Json::str("gnu-time")
            } else {
                Json::Null
            },
        ),
        ("lint", Json::Array(lint)),
        (
            "precommit",
            Json::Object(vec![
                ("files", Json::Int(5)),
                ("lint", Json::Object(timing_fields(named))),
                ("version", Json::Object(timing_fields(version))),
            ]),
        ),
        ("generate", Json::Array(generate)),
        ("generate_growth_limit", Json::float(GROWTH_LIMIT)),
        (
            "generate_flagged",
            Json::Bool(growth_flagged(&results.generates)),
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timing(median_ms: u64) -> Timing {
        Timing {
            runs: 1,
            median: Duration::from_millis(median_ms),
            min: Duration::from_millis(median_ms),
            code: Some(0),
            peak_kb: None,
        }
    }

    #[test]
    fn generate_growth_is_flagged_above_the_limit() {
        let linear = [(1, timing(10)), (100, timing(20)), (1000, timing(150))];
        assert!(!growth_flagged(&linear));
        let quadratic = [(1, timing(10)), (100, timing(20)), (1000, timing(400))];
        assert!(growth_flagged(&quadratic));
    }

    #[test]
    fn the_arguments_are_read() {
        let options = parse_args(&["--quick"]).expect("options");
        assert!(options.quick);
        assert_eq!((options.small_runs, options.generate_runs), (11, 2));
        let options = parse_args(&["--runs", "2", "--sigil", "/bin/sigil"]).expect("options");
        assert_eq!(options.runs, Some(2));
        assert_eq!(options.sigil, Some(PathBuf::from("/bin/sigil")));
        assert!(parse_args(&["--runs", "0"]).is_err());
        assert!(parse_args(&["--other"]).is_err());
    }

    #[test]
    fn the_extensions_are_read_from_the_hook() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(HOOKS);
        let extensions = hook_extensions(&path).expect("the hook's extensions");
        for extension in ["json", "toml", "tf", "bicep", "sh", "ps1", "md"] {
            assert!(
                extensions.iter().any(|known| known == extension),
                "{extensions:?}"
            );
        }
    }

    #[test]
    fn the_markers_are_read_from_the_prefilter() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join(PREFILTER);
        let patterns = prefilter_patterns(&path).expect("the prefilter's patterns");
        assert!(patterns.contains(&"Microsoft.Compute/galleries".to_owned()));
        assert!(patterns.contains(&"[[gallery]]".to_owned()));
        assert!(patterns.contains(&"\"gallery\"".to_owned()), "{patterns:?}");
    }
}
