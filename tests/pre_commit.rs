//! The pre-commit hook of `.pre-commit-hooks.yaml`, run by the real `pre-commit try-repo` on this repository
//! (its HEAD plus uncommitted changes to tracked or staged files) in throwaway git repositories made from
//! `tests/fixtures/pre-commit/`: pre-commit builds sigil with `cargo install --path .` as it does for users, and
//! runs the hook on every file.
//!
//! `try-repo` keeps its pre-commit store in a temporary folder, so each run builds sigil anew; the runs share
//! a cargo target folder under `target/pre-commit/` (dependencies built once, about two minutes on two cores,
//! then sigil's own crates, about half a minute per run). Without `pre-commit` on `PATH` the test is skipped,
//! unless `CI` is set: CI installs it (`.ci/run`) and must run this.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;
use std::{env, fs};

const HOOK: &str = "sigil-lint";

#[test]
fn the_hook_fails_on_bad_names_and_passes_clean_files() {
    if let Some(missing) = missing_tool() {
        assert!(
            env::var_os("CI").is_none(),
            "{missing}: CI must run the pre-commit hook test (.ci/run installs pre-commit)"
        );
        eprintln!("skipped: {missing} (`.ci/run` installs pre-commit; CI fails without it)");
        return;
    }
    let fixtures = repo_root().join("tests/fixtures/pre-commit");

    let bad = try_repo(&fixtures.join("bad"));
    let text = bad.text();
    assert_eq!(bad.code, Some(1), "bad names must fail the hook\n{text}");
    assert!(
        text.contains("sigil lint...") && text.contains("Failed"),
        "{text}"
    );
    let expected: BTreeSet<(String, String)> = [
        ("SIG102", "infra/azuredeploy.json:11:15"),
        ("SIG102", "scripts/deploy.sh:4:57"),
        ("SIG103", "sigil.toml:6:8"),
    ]
    .into_iter()
    .map(|(rule, at)| (rule.to_owned(), at.to_owned()))
    .collect();
    assert_eq!(findings(&text), expected, "{text}");

    let good = try_repo(&fixtures.join("good"));
    let text = good.text();
    assert_eq!(good.code, Some(0), "clean files must pass the hook\n{text}");
    // `Skipped` would mean the hook's `files` pattern matched nothing: a pass that checked nothing.
    assert!(
        text.contains("sigil lint...") && text.contains("Passed"),
        "{text}"
    );
    assert_eq!(findings(&text), BTreeSet::new(), "{text}");
}

/// Why the test cannot run here, if it cannot.
fn missing_tool() -> Option<String> {
    for (tool, arg) in [("pre-commit", "--version"), ("git", "--version")] {
        match Command::new(tool).arg(arg).output() {
            Ok(output) if output.status.success() => {}
            Ok(output) => return Some(format!("`{tool} {arg}` exited with {}", output.status)),
            Err(error) => return Some(format!("`{tool}` not found: {error}")),
        }
    }
    None
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Cargo's target folder (this test's `CARGO_TARGET_TMPDIR` is `<target>/tmp`).
fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR is inside the target folder")
        .to_owned()
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn text(&self) -> String {
        format!("--- stdout\n{}--- stderr\n{}", self.stdout, self.stderr)
    }
}

/// `pre-commit try-repo <this repository> sigil-lint --all-files` in a new git repository holding a copy of
/// `fixture`.
fn try_repo(fixture: &Path) -> Run {
    let work = tempfile::tempdir().expect("a temporary folder");
    copy_tree(fixture, work.path());
    git(
        work.path(),
        &["-c", "init.defaultBranch=main", "init", "--quiet"],
    );
    git(work.path(), &["add", "--all"]);

    let tools = target_dir().join("pre-commit");
    let started = Instant::now();
    let output: Output = Command::new("pre-commit")
        .args(["try-repo", "--color", "never", "--verbose", "--all-files"])
        .arg(repo_root())
        .arg(HOOK)
        .current_dir(work.path())
        .env("PRE_COMMIT_HOME", tools.join("home"))
        // `cargo install` keeps its build here instead of a temporary folder: the runs share it.
        .env("CARGO_TARGET_DIR", tools.join("cargo"))
        .output()
        .expect("pre-commit runs");
    eprintln!(
        "pre-commit try-repo on {}: {:.1} s",
        fixture.display(),
        started.elapsed().as_secs_f64()
    );
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The `(rule, file:line:col)` of each finding in the hook's human output: an `error[SIG102]: ...` line,
/// then its ` --> file:line:col` line.
fn findings(text: &str) -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    let mut rule = None;
    for line in text.lines() {
        if let Some(rest) = line
            .strip_prefix("error[")
            .or_else(|| line.strip_prefix("warning["))
        {
            rule = rest.split_once(']').map(|(id, _)| id.to_owned());
        } else if let Some(at) = line.trim_start().strip_prefix("--> ") {
            let rule = rule
                .take()
                .unwrap_or_else(|| format!("no rule before {at}"));
            found.insert((rule, at.trim().to_owned()));
        }
    }
    found
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).expect("the fixture folder is readable") {
        let entry = entry.expect("a fixture entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            fs::create_dir_all(&target).expect("a folder in the temporary repository");
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("a copy of a fixture file");
        }
    }
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?} failed in {}", dir.display());
}

/// The hook is given exactly the files `sigil lint` reads: a format missing from `files:` would never be
/// checked in a commit, and an extension no reader takes would only cost a process start.
#[test]
fn the_hook_takes_exactly_the_files_sigil_lint_reads() {
    let manifest = fs::read_to_string(repo_root().join(".pre-commit-hooks.yaml")).unwrap();
    let pattern = manifest
        .lines()
        .find_map(|line| line.trim().strip_prefix("files:"))
        .expect("the hook has a files pattern")
        .trim();
    let alternatives = pattern
        .strip_prefix(r"(?i)\.(")
        .and_then(|rest| rest.strip_suffix(")$"))
        .unwrap_or_else(|| panic!("`{pattern}` is `(?i)\\.(a|b|...)$`"));
    let hooked: BTreeSet<&str> = alternatives.split('|').collect();
    let read: BTreeSet<&str> = sigil_lint::EXTENSIONS
        .iter()
        .map(|(extension, _)| *extension)
        .collect();
    assert_eq!(hooked, read);
}
