//! What decides which findings `sigil lint` reports: `sigil: ignore[...]` comments in every format
//! (`tests/fixtures/lint-suppress/`), `--select` and `--ignore`, and the `[lint]` section of `sigil.toml` or
//! `.sigil.toml` found from the current folder up, with its `exclude` globs.

use std::path::Path;

use assert_cmd::Command;

const SUPPRESS: &str = "tests/fixtures/lint-suppress";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn sigil_in(folder: &Path, args: &[&str]) -> Run {
    let output = Command::cargo_bin("sigil")
        .expect("the sigil binary is built")
        .current_dir(folder)
        .args(args)
        .output()
        .unwrap();
    Run {
        code: output.status.code().expect("sigil exits, it is not killed"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

fn sigil(args: &[&str]) -> Run {
    sigil_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// `path:line:col rule` of each finding of a `--format concise` run.
fn findings(run: &Run) -> Vec<String> {
    run.stdout
        .lines()
        .filter_map(|line| {
            let (place, rest) = line.split_once(": ")?;
            let rule = rest.split_once('[')?.1.split_once(']')?.0;
            Some(format!("{place} {rule}"))
        })
        .collect()
}

fn write(folder: &Path, name: &str, text: &str) {
    let path = folder.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const BAD_SPEC: &str = "[[gallery]]\nname = \"my-gallery\"\n\n[[gallery]]\nname = \"_edge\"\n";

#[test]
fn suppression_comments_silence_their_rule_on_their_resource_in_every_format() {
    let run = sigil(&["lint", "--format", "concise", "--no-config", SUPPRESS]);
    insta::assert_snapshot!(run.stdout);
    assert_eq!(run.code, 1);
}

#[test]
fn select_and_ignore_choose_the_rules_reported() {
    let folder = tempfile::tempdir().unwrap();
    write(folder.path(), "specs/sigil.toml", BAD_SPEC);
    let all = sigil_in(folder.path(), &["lint", "--format", "concise"]);
    assert_eq!(
        findings(&all),
        ["specs/sigil.toml:2:8 SIG102", "specs/sigil.toml:5:8 SIG103"]
    );
    let edges = sigil_in(
        folder.path(),
        &[
            "lint",
            "--format",
            "concise",
            "--select",
            "gallery-name-edges",
        ],
    );
    assert_eq!(findings(&edges), ["specs/sigil.toml:5:8 SIG103"]);
    let neither = sigil_in(
        folder.path(),
        &[
            "lint",
            "--format",
            "concise",
            "--select",
            "SIG1",
            "--ignore",
            "SIG102,SIG103",
        ],
    );
    assert_eq!(findings(&neither), Vec::<String>::new());
    assert_eq!(neither.code, 0);
}

#[test]
fn a_rule_that_does_not_exist_is_a_usage_error() {
    let run = sigil(&["lint", "--select", "SIG1022", SUPPRESS]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("did you mean `SIG102`"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_lint_section_is_found_from_the_current_folder_up() {
    let folder = tempfile::tempdir().unwrap();
    write(
        folder.path(),
        ".sigil.toml",
        "[lint]\nignore = [\"SIG103\"]\nexclude = [\"vendor/\", \"*.generated.toml\"]\n",
    );
    write(folder.path(), "app/sigil.toml", BAD_SPEC);
    write(folder.path(), "app/vendor/sigil.toml", BAD_SPEC);
    write(folder.path(), "app/old.generated.toml", BAD_SPEC);

    let from_top = sigil_in(folder.path(), &["lint", "--format", "concise"]);
    assert_eq!(findings(&from_top), ["app/sigil.toml:2:8 SIG102"]);
    // From a folder below, with the files named as pre-commit names them: excluded all the same.
    let app = folder.path().join("app");
    let named = sigil_in(
        &app,
        &[
            "lint",
            "--format",
            "concise",
            "sigil.toml",
            "vendor/sigil.toml",
            "old.generated.toml",
        ],
    );
    assert_eq!(findings(&named), ["sigil.toml:2:8 SIG102"]);
    // `--ignore` adds to the section's `ignore`; `--select` replaces its `select`.
    let more = sigil_in(&app, &["lint", "--format", "concise", "--ignore", "SIG102"]);
    assert_eq!(findings(&more), Vec::<String>::new());
    // `--no-config` reads none; `--config` reads the one named.
    let none = sigil_in(&app, &["lint", "--format", "concise", "--no-config"]);
    assert_eq!(findings(&none).len(), 6, "{}", none.stdout);
    write(
        folder.path(),
        "strict.toml",
        "[lint]\nselect = [\"SIG103\"]\n",
    );
    let named_config = sigil_in(
        &app,
        &[
            "lint",
            "--format",
            "concise",
            "--config",
            "../strict.toml",
            "sigil.toml",
        ],
    );
    assert_eq!(findings(&named_config), ["sigil.toml:5:8 SIG103"]);
}

#[test]
fn a_configuration_with_a_problem_stops_the_run_with_its_place() {
    let folder = tempfile::tempdir().unwrap();
    write(
        folder.path(),
        "sigil.toml",
        "[lint]\nselect = [\"SIG1\"]\nignore = [\"gallery-name-charcters\"]\n",
    );
    write(folder.path(), "app/sigil.toml", BAD_SPEC);
    let run = sigil_in(&folder.path().join("app"), &["lint"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let expected = format!(
        "{}:3:11: error[SIG009]",
        folder.path().join("sigil.toml").display()
    );
    assert!(run.stderr.contains(&expected), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("did you mean `gallery-name-characters`"),
        "{}",
        run.stderr
    );
    let missing = sigil_in(folder.path(), &["lint", "--config", "nowhere.toml"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("nowhere.toml"),
        "{}",
        missing.stderr
    );
}

#[test]
fn validate_and_generate_accept_a_spec_with_a_lint_section() {
    let folder = tempfile::tempdir().unwrap();
    let spec = "[lint]\nignore = [\"SIG2\"]\nexclude = [\"out/\"]\n\n\
[resource-group]\nname = \"rg\"\nlocation = \"eastus\"\n\n[[gallery]]\nname = \"myGallery\"\n";
    write(folder.path(), "sigil.toml", spec);
    let validate = sigil_in(folder.path(), &["validate", "sigil.toml"]);
    assert_eq!(validate.code, 0, "{}", validate.stdout);
    let generate = sigil_in(folder.path(), &["generate", "sigil.toml", "-o", "out"]);
    assert_eq!(generate.code, 0, "{}", generate.stderr);
    let misspelt = spec.replace("exclude", "exclud");
    write(folder.path(), "sigil.toml", &misspelt);
    let validate = sigil_in(folder.path(), &["validate", "sigil.toml"]);
    assert_eq!(validate.code, 1);
    assert!(
        validate.stdout.contains("unknown key `exclud` in lint"),
        "{}",
        validate.stdout
    );
}
