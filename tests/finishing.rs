//! The finishing touches: shell completions, the man pages in `docs/man/` (current with the clap
//! definitions), and the JSON Schema of the spec.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;

/// Every visible top-level subcommand, which each completion script must offer.
const SUBCOMMANDS: &[&str] = &[
    "check-name",
    "rules",
    "validate",
    "generate",
    "lint",
    "new",
    "import",
    "plan",
    "completions",
];

fn sigil(args: &[&str]) -> String {
    let output = Command::cargo_bin("sigil")
        .expect("the sigil binary is built")
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "sigil {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stderr.is_empty(), "sigil {args:?} wrote to stderr");
    String::from_utf8(output.stdout).expect("stdout is UTF-8")
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn each_shell_gets_a_completion_script_offering_every_subcommand() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = sigil(&["completions", shell]);
        for subcommand in SUBCOMMANDS {
            assert!(
                script.contains(subcommand),
                "the {shell} script does not offer `{subcommand}`"
            );
        }
        // Scenario names and option values are completed too.
        assert!(script.contains("vm-from-sig"), "{shell}: no scenarios");
        assert!(script.contains("format"), "{shell}: no options");
    }
}

#[test]
fn the_bash_script_is_valid_bash() {
    let script = sigil(&["completions", "bash"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sigil.bash");
    fs::write(&path, &script).unwrap();
    let status = Process::new("bash").arg("-n").arg(&path).status().unwrap();
    assert!(status.success(), "bash -n refused the completion script");
    // Sourced, it registers the completion function.
    let status = Process::new("bash")
        .arg("-c")
        .arg(format!(
            "source {} && complete -p sigil | grep -q _sigil",
            path.display()
        ))
        .status()
        .unwrap();
    assert!(
        status.success(),
        "sourcing the script does not register `complete -F _sigil sigil`"
    );
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let output = Command::cargo_bin("sigil")
        .unwrap()
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("possible values"));
}

fn pages(dir: &Path) -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "1"))
        .map(|path: PathBuf| {
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read_to_string(&path).unwrap(),
            )
        })
        .collect();
    pages.sort();
    pages
}

#[test]
fn docs_man_is_current() {
    let dir = tempfile::tempdir().unwrap();
    sigil(&["man", "--output", dir.path().to_str().unwrap()]);
    let fresh = pages(dir.path());
    let names: Vec<&str> = fresh.iter().map(|(name, _)| name.as_str()).collect();
    for expected in [
        "sigil.1",
        "sigil-lint.1",
        "sigil-new.1",
        "sigil-new-vm-from-sig.1",
    ] {
        assert!(names.contains(&expected), "no {expected} among {names:?}");
    }
    let lint = &fresh
        .iter()
        .find(|(name, _)| name == "sigil-lint.1")
        .unwrap()
        .1;
    assert!(lint.contains(".TH sigil-lint 1") && lint.contains("\\-\\-format"));
    assert!(
        pages(&root().join("docs/man")) == fresh,
        "docs/man is stale: run `cargo xtask docs` and commit the result"
    );
}
