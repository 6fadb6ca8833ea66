//! Every command against the inputs that break tools: empty, not UTF-8, a byte order mark, CRLF, binary,
//! 100 MB, nested 10,000 deep, duplicate keys, NUL, a symlink loop, an unreadable file, a folder where a file
//! is expected, a path with spaces and non-ASCII letters, and values holding every quoting hazard.
//!
//! Whatever the input, a command exits 2 (input) or 1 (rule findings) with the file at `path:line:col` and a
//! message a person can act on; it never panics (exit 101, "panicked" on standard error) and never leaves a
//! partial output: `generate`, `new`, `import` and `plan` write nothing when they refuse. `validate` and
//! `lint` take several files, and the good one beside the bad one is still reported.
//!
//! `tests/lint_malformed.rs` covers `lint` over every format it reads (cut short, binary, 100 MB, deep) and
//! `tests/validate.rs` the invalid spec fixtures' messages; this file covers the other commands and the
//! cases those miss. The 100 MB spec is generated once into a temporary folder and read by `validate`,
//! `generate` and `plan`: about 13 s in a debug build, the longest test here; the file runs in about 20 s.
//!
//! The second half interrupts `generate` and `new` half way (an output's path is a folder, so its write
//! fails) and checks what a failed write leaves: whole files, no temporary files, a manifest that matches.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use assert_cmd::Command;
use tempfile::TempDir;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Both streams, for assertion messages and searches.
    fn text(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
}

fn sigil_in(dir: &Path, args: &[&OsStr]) -> Run {
    let output = Command::cargo_bin("sigil")
        .expect("the sigil binary is built")
        .current_dir(dir)
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("sigil runs");
    finished(&output, args)
}

/// What a run of sigil gave, after checking it did not panic.
fn finished(output: &std::process::Output, args: &[impl std::fmt::Debug]) -> Run {
    let run = Run {
        code: output.status.code().expect("sigil exits with a code"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        run.code != 101 && !run.stderr.contains("panicked"),
        "sigil {args:?} panicked:\n{}",
        run.text()
    );
    run
}

/// Runs sigil in `dir` with string arguments.
fn sigil(dir: &Path, args: &[&str]) -> Run {
    let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    sigil_in(dir, &args)
}

/// A spec whose one finding is the gallery name on line 2, column 8 (SIG102): the good file beside a bad one.
const GOOD: &str = "[[gallery]]\nname = \"good-gallery\"\n";

/// The seed example: a valid spec that generates.
fn seed() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/seed/sigil.toml"))
        .expect("the seed example is readable")
}

/// Every file under `dir` (relative path → bytes); empty when `dir` does not exist.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, files: &mut BTreeMap<PathBuf, Vec<u8>>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                walk(root, &path, files);
            } else {
                let relative = path.strip_prefix(root).expect("under root").to_owned();
                files.insert(relative, fs::read(&path).unwrap_or_default());
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(dir, dir, &mut files);
    files
}

/// A spec file that breaks a reader, and what each spec-reading command must say about it.
struct Case {
    name: &'static str,
    bytes: Vec<u8>,
    /// `line:col` of the finding, or `None` when the file has none.
    at: Option<&'static str>,
    /// Words of the message.
    says: &'static str,
    /// The exit codes of `validate` and `lint` on this file alone, of `generate`, and of `plan OLD THIS`.
    exits: [i32; 4],
}

fn cases() -> Vec<Case> {
    // Every byte value, after a header that makes the linter take the file as a spec.
    let mut binary = b"[[gallery]]\nname = \"g\"\n".to_vec();
    binary.extend((0..=255u8).cycle().take(4096));
    let deep = format!(
        "[[gallery]]\nname = \"g\"\ntags = {{ a = {}{} }}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    vec![
        Case {
            name: "empty.toml",
            bytes: Vec::new(),
            at: None,
            says: "",
            // An empty spec is valid and has nothing to lint; `generate` needs a resource group; `plan`
            // from the seed to nothing deletes everything.
            exits: [0, 0, 2, 0],
        },
        Case {
            name: "not-utf8.toml",
            bytes: b"[[gallery]]\nname = \"g\xff\"\n".to_vec(),
            at: Some("2:10"),
            says: "not UTF-8 text (byte 0xFF cannot be read)",
            exits: [2, 2, 2, 2],
        },
        Case {
            name: "bom.toml",
            bytes: [b"\xef\xbb\xbf", GOOD.replace("good", "bom").as_bytes()].concat(),
            at: Some("2:8"),
            says: "gallery name `bom-gallery` contains `-`",
            exits: [1, 1, 1, 1],
        },
        Case {
            name: "crlf.toml",
            bytes: GOOD
                .replace("good", "crlf")
                .replace('\n', "\r\n")
                .into_bytes(),
            at: Some("2:8"),
            says: "gallery name `crlf-gallery` contains `-`",
            exits: [1, 1, 1, 1],
        },
        Case {
            name: "binary.toml",
            bytes: binary,
            // The first 10 of the bytes ends line 3; 0x80 is 118 bytes into line 4.
            at: Some("4:118"),
            says: "not UTF-8 text (byte 0x80 cannot be read)",
            exits: [2, 2, 2, 2],
        },
        Case {
            name: "deep.toml",
            bytes: deep.into_bytes(),
            at: Some("3:93"),
            says: "max recursion depth met",
            exits: [2, 2, 2, 2],
        },
        Case {
            name: "duplicate.toml",
            bytes: b"[[gallery]]\nname = \"a\"\nname = \"b\"\n".to_vec(),
            at: Some("3:1"),
            says: "duplicate key `name`: write each key once",
            exits: [2, 2, 2, 2],
        },
        Case {
            name: "duplicate.json",
            bytes: br#"{"gallery": [{"name": "a", "name": "b"}]}"#.to_vec(),
            at: Some("1:28"),
            says: "duplicate key `name` (first at line 1, column 15)",
            exits: [2, 0, 2, 2],
        },
        Case {
            name: "nul.toml",
            bytes: b"[[gallery]]\nname = \"g\"\ndescription = \"a\0b\"\n".to_vec(),
            at: Some("3:17"),
            says: "NUL",
            exits: [2, 2, 2, 2],
        },
        Case {
            // TOML can write NUL escaped, but no deployment tool can pass it on: bash drops it from a
            // script, so the value would not arrive as written.
            name: "nul-escaped.toml",
            bytes: b"[[gallery]]\nname = \"g\"\ndescription = \"a\\u0000b\"\n".to_vec(),
            at: Some("3:15"),
            says: "NUL",
            exits: [2, 2, 2, 2],
        },
        Case {
            name: "nul-escaped.json",
            bytes: br#"{"gallery": [{"name": "g", "description": "a\u0000b"}]}"#.to_vec(),
            at: Some("1:43"),
            says: "NUL",
            exits: [2, 0, 2, 2],
        },
        Case {
            name: "dir ü é/spëc ä.toml",
            bytes: GOOD.replace("good", "spaced").into_bytes(),
            at: Some("2:8"),
            says: "gallery name `spaced-gallery` contains `-`",
            exits: [1, 1, 1, 1],
        },
    ]
}

/// Checks that `run` exits `code` and, when the case has a place, names `file:at` with the message.
fn assert_reported(run: &Run, code: i32, file: &str, case: &Case, command: &str) {
    assert_eq!(run.code, code, "{command} {}:\n{}", case.name, run.text());
    if let Some(at) = case.at {
        let place = format!("{file}:{at}");
        let text = run.text();
        assert!(
            text.contains(&place) && text.contains(case.says),
            "{command} {}: expected `{place}` and `{}`:\n{text}",
            case.name,
            case.says
        );
    }
}

#[test]
fn each_spec_command_reports_each_bad_file_at_its_place_and_writes_nothing() {
    for case in cases() {
        let dir = TempDir::new().expect("a temporary folder");
        let file = dir.path().join(case.name);
        fs::create_dir_all(file.parent().expect("a folder")).expect("the folder is made");
        fs::write(&file, &case.bytes).expect("the case is written");
        fs::write(dir.path().join("good.toml"), GOOD).expect("written");
        fs::write(dir.path().join("old.toml"), seed()).expect("written");
        let [validate_code, lint_code, generate_code, plan_code] = case.exits;
        // The good file's finding, which must be reported whatever the bad file does.
        let good = "good.toml:2:8";

        for (command, alone) in [("validate", validate_code), ("lint", lint_code)] {
            let run = sigil(dir.path(), &[command, "--format", "concise", case.name]);
            if alone == 0 {
                // Nothing to report (an empty spec), or a JSON file that does not parse, which the linter
                // does not know to be a spec (`tests/lint_malformed.rs` pins it): silent, never a panic.
                assert_eq!(run.code, 0, "{command} {}: {}", case.name, run.text());
                assert!(run.stdout.trim().is_empty(), "{}", run.stdout);
            } else {
                assert_reported(&run, alone, case.name, &case, command);
            }
            let run = sigil(
                dir.path(),
                &[command, "--format", "concise", case.name, "good.toml"],
            );
            if alone != 0 {
                assert_reported(&run, alone.max(1), case.name, &case, command);
            }
            assert!(
                run.stdout.contains(good),
                "{command} {}:\n{}",
                case.name,
                run.text()
            );
        }

        let run = sigil(dir.path(), &["generate", case.name, "-o", "out"]);
        assert_reported(&run, generate_code, case.name, &case, "generate");
        assert!(
            !dir.path().join("out").exists(),
            "generate {}: wrote a folder",
            case.name
        );
        if case.name == "empty.toml" {
            assert!(
                run.stderr
                    .contains("empty.toml: the spec has no [resource-group]"),
                "{}",
                run.stderr
            );
        }

        let run = sigil(
            dir.path(),
            &["plan", "old.toml", case.name, "-o", "plan.sh"],
        );
        assert_reported(&run, plan_code, case.name, &case, "plan");
        assert_eq!(
            dir.path().join("plan.sh").exists(),
            plan_code == 0,
            "plan {}: a script only when the plan is made:\n{}",
            case.name,
            run.text()
        );
        // And the bad file as OLD: refused the same way, nothing written.
        if plan_code != 0 {
            let run = sigil(
                dir.path(),
                &["plan", case.name, "old.toml", "-o", "plan.sh"],
            );
            assert_reported(&run, plan_code, case.name, &case, "plan (as OLD)");
            assert!(!dir.path().join("plan.sh").exists());
        }
    }
}

/// An ARM template with one gallery, which `import` turns into a spec.
const TEMPLATE: &str = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "resources": [
    { "type": "Microsoft.Compute/galleries", "apiVersion": "2022-03-03", "name": "myGallery", "location": "eastus" }
  ]
}
"#;

#[test]
fn import_refuses_bad_files_at_their_place_and_writes_nothing() {
    let mut binary = TEMPLATE.as_bytes()[..100].to_vec();
    binary.extend((0..=255u8).cycle().take(4096));
    let deep = TEMPLATE.replace(
        "\"location\"",
        &format!(
            "\"tags\": {}{}, \"location\"",
            "[".repeat(10_000),
            "]".repeat(10_000)
        ),
    );
    let refused: [(&str, Vec<u8>, &str, &str); 6] = [
        (
            "empty.json",
            Vec::new(),
            "empty.json: sigil imports ARM templates",
            "this file is none with a gallery resource",
        ),
        (
            "not-utf8.json",
            [TEMPLATE.as_bytes(), b"\xff"].concat(),
            // After the template's six lines.
            "not-utf8.json:7:1",
            "not UTF-8 text (byte 0xFF cannot be read)",
        ),
        (
            // The first 100 bytes end in line 3, bytes 0 to 9 continue it and 0x0A ends it: 0x80 is the
            // 118th character of line 4.
            "binary.json",
            binary,
            "binary.json:4:118",
            "not UTF-8 text (byte 0x80 cannot be read)",
        ),
        (
            "deep.json",
            deep.into_bytes(),
            "deep.json:4:",
            "nesting depth",
        ),
        (
            "duplicate.json",
            TEMPLATE
                .replace("\"location\"", "\"name\": \"other\", \"location\"")
                .into_bytes(),
            "duplicate.json:4:",
            "duplicate key `name`",
        ),
        ("a folder.json", Vec::new(), "a folder.json", "folder"),
    ];
    for (name, bytes, place, says) in refused {
        let dir = TempDir::new().expect("a temporary folder");
        if name == "a folder.json" {
            fs::create_dir(dir.path().join(name)).expect("made");
        } else {
            fs::write(dir.path().join(name), bytes).expect("written");
        }
        fs::write(dir.path().join("good.json"), TEMPLATE).expect("written");
        let run = sigil(
            dir.path(),
            &[
                "import",
                "--location",
                "eastus",
                "--resource-group",
                "rg",
                name,
                "good.json",
                "-o",
                "out.toml",
            ],
        );
        assert_eq!(run.code, 2, "{name}:\n{}", run.text());
        assert!(
            run.stderr.contains(place) && run.stderr.contains(says),
            "{name}: expected `{place}` and `{says}`:\n{}",
            run.stderr
        );
        assert!(
            !dir.path().join("out.toml").exists(),
            "{name}: wrote a spec"
        );
    }
}

#[test]
fn import_reads_a_byte_order_mark_crlf_and_a_path_with_spaces_and_non_ascii_letters() {
    let accepted = [
        ("bom.json", format!("\u{feff}{TEMPLATE}")),
        ("crlf.json", TEMPLATE.replace('\n', "\r\n")),
        ("dïr ü/tëmplate ä.json", TEMPLATE.to_owned()),
    ];
    for (name, text) in accepted {
        let dir = TempDir::new().expect("a temporary folder");
        let file = dir.path().join(name);
        fs::create_dir_all(file.parent().expect("a folder")).expect("made");
        fs::write(&file, text).expect("written");
        let run = sigil(
            dir.path(),
            &[
                "import",
                "--location",
                "eastus",
                "--resource-group",
                "rg",
                name,
                "-o",
                "out ü.toml",
            ],
        );
        assert_eq!(run.code, 0, "{name}:\n{}", run.text());
        let spec = fs::read_to_string(dir.path().join("out ü.toml")).expect("the spec is written");
        assert!(spec.contains("name = \"myGallery\""), "{name}:\n{spec}");
    }
}

/// `--parameters` given a file that is not UTF-8: at its place, as a template would be. The column counts
/// from after the byte order mark.
#[test]
fn import_refuses_a_parameters_file_that_is_not_utf8_at_its_place() {
    let dir = TempDir::new().expect("a temporary folder");
    fs::write(dir.path().join("good.json"), TEMPLATE).expect("written");
    fs::write(
        dir.path().join("bad.parameters.json"),
        b"\xef\xbb\xbf{\n  \"parameters\": { \"x\": \"\xff\" }\n}\n",
    )
    .expect("written");
    let run = sigil(
        dir.path(),
        &[
            "import",
            "good.json",
            "--parameters",
            "bad.parameters.json",
            "-o",
            "out.toml",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.text());
    assert!(
        run.stderr.contains("bad.parameters.json:2:25")
            && run
                .stderr
                .contains("not UTF-8 text (byte 0xFF cannot be read)"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("out.toml").exists(), "wrote a spec");
}

#[test]
fn a_folder_or_a_missing_file_where_a_file_is_expected_is_named() {
    let dir = TempDir::new().expect("a temporary folder");
    fs::create_dir(dir.path().join("a folder.toml")).expect("made");
    fs::write(dir.path().join("good.toml"), GOOD).expect("written");
    fs::write(dir.path().join("old.toml"), seed()).expect("written");
    for bad in ["a folder.toml", "missing ü.toml"] {
        let run = sigil(
            dir.path(),
            &["validate", "--format", "concise", bad, "good.toml"],
        );
        assert_eq!(run.code, 2, "{}", run.text());
        assert!(
            run.text().contains(bad) && run.stdout.contains("good.toml:2:8"),
            "{}",
            run.text()
        );
        for args in [
            &["generate", bad, "-o", "out"][..],
            &["plan", "old.toml", bad, "-o", "plan.sh"],
        ] {
            let run = sigil(dir.path(), args);
            assert_eq!(run.code, 2, "{args:?}: {}", run.text());
            assert!(run.stderr.contains(bad), "{args:?}: {}", run.stderr);
            assert!(!dir.path().join("out").exists() && !dir.path().join("plan.sh").exists());
        }
    }
}

/// `nobody`: who sigil runs as when the tests run as root, for whom chmod 000 stops nothing.
const NOBODY: u32 = 65534;

/// Runs sigil in `dir` as the user `uid` (this process's user when `None`); `Err` when the process cannot
/// be started as that user (no right to change user, or no such user in this user namespace).
fn sigil_as(dir: &Path, uid: Option<u32>, args: &[&str]) -> std::io::Result<Run> {
    use std::os::unix::process::CommandExt;
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_sigil"));
    command
        .current_dir(dir)
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH");
    if let Some(uid) = uid {
        command.uid(uid).gid(uid);
    }
    let output = command.output()?;
    Ok(finished(&output, args))
}

/// Whether every folder from the root down to `path` lets others through, and `path` lets them `mode`.
fn others_may(path: &Path, mode: u32) -> bool {
    let reaches = path.ancestors().skip(1).all(|folder| {
        fs::metadata(folder).is_ok_and(|meta| meta.permissions().mode() & 0o001 != 0)
    });
    reaches && fs::metadata(path).is_ok_and(|meta| meta.permissions().mode() & mode == mode)
}

/// A folder of `locked.toml` (the seed) and `locked.json` (a template), both chmod 000, beside `good.toml`,
/// `good.json` and `old.toml`, and the user sigil must run as for the locked files to be unreadable;
/// `None` (and a message) when no such user can be had.
fn locked_folder() -> Option<(TempDir, Option<u32>)> {
    // A folder others can enter, in a folder others can enter, so `nobody` reaches it when sigil runs so.
    let dir = tempfile::Builder::new()
        .prefix("sigil-unreadable-")
        .tempdir_in(std::env::temp_dir())
        .expect("a temporary folder");
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).expect("chmod 755");
    let locked = dir.path().join("locked.toml");
    fs::write(&locked, seed()).expect("written");
    fs::write(dir.path().join("locked.json"), TEMPLATE).expect("written");
    fs::write(dir.path().join("good.toml"), GOOD).expect("written");
    fs::write(dir.path().join("good.json"), TEMPLATE).expect("written");
    fs::write(dir.path().join("old.toml"), seed()).expect("written");
    for name in ["locked.toml", "locked.json"] {
        let path = dir.path().join(name);
        fs::set_permissions(path, fs::Permissions::from_mode(0o000)).expect("chmod 000");
    }
    // As root (a container, CI) chmod 000 does not stop reading, so sigil runs as `nobody`, who owns the
    // folder (so that writing an output would succeed: nothing written is sigil's refusal) and reads every
    // file but the locked ones.
    let user = if fs::read(&locked).is_ok() {
        let binary = Path::new(env!("CARGO_BIN_EXE_sigil"));
        assert!(
            others_may(binary, 0o005),
            "{}: `nobody` cannot run it; make its folders others may enter",
            binary.display()
        );
        assert!(
            others_may(dir.path(), 0o005),
            "{}: `nobody` cannot enter it",
            dir.path().display()
        );
        std::os::unix::fs::chown(dir.path(), Some(NOBODY), Some(NOBODY)).expect("chown nobody");
        if let Err(error) = sigil_as(dir.path(), Some(NOBODY), &["--version"]) {
            eprintln!(
                "skipped: chmod 000 does not stop this user (root), and sigil cannot run as nobody: {error}"
            );
            return None;
        }
        Some(NOBODY)
    } else {
        None
    };
    Some((dir, user))
}

#[test]
fn an_unreadable_file_is_named_and_the_others_still_checked() {
    let Some((dir, user)) = locked_folder() else {
        return;
    };
    let sigil = |args: &[&str]| sigil_as(dir.path(), user, args).expect("sigil runs");
    let denied = "Permission denied";

    for args in [
        &[
            "validate",
            "--format",
            "concise",
            "locked.toml",
            "good.toml",
        ][..],
        &["lint", "--format", "concise", "locked.toml", "good.toml"],
        &["lint", "--format", "concise", "locked.json", "good.toml"],
    ] {
        let run = sigil(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.text());
        let locked = args[3];
        assert!(
            run.stderr.contains(&format!("{locked}: error: {denied}"))
                && run.stdout.contains("good.toml:2:8"),
            "{args:?}: {}",
            run.text()
        );
    }
    // A folder: both locked files named, every other file still linted.
    let run = sigil(&["lint", "--format", "concise", "."]);
    assert_eq!(run.code, 2, "{}", run.text());
    for locked in ["./locked.toml", "./locked.json"] {
        assert!(
            run.stderr.contains(&format!("{locked}: error: {denied}")),
            "{}",
            run.text()
        );
    }
    assert!(run.stdout.contains("./good.toml:2:8"), "{}", run.text());
    assert!(
        run.stderr.contains("(3 files read, 3 parsed)"),
        "good.toml, good.json and old.toml are read: {}",
        run.text()
    );

    for args in [
        &["generate", "locked.toml", "-o", "out"][..],
        &["plan", "old.toml", "locked.toml", "-o", "plan.sh"],
        &["plan", "locked.toml", "old.toml", "-o", "plan.sh"],
        &["import", "good.json", "locked.json", "-o", "out.toml"],
        &[
            "import",
            "good.json",
            "--parameters",
            "locked.json",
            "-o",
            "out.toml",
        ],
    ] {
        let run = sigil(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.text());
        let locked = args
            .iter()
            .find(|arg| arg.starts_with("locked"))
            .expect("a locked file");
        assert!(
            run.stderr.contains(locked) && run.stderr.contains(denied),
            "{args:?}: {}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
    }
    let mut left: Vec<_> = fs::read_dir(dir.path())
        .expect("the folder is readable")
        .map(|entry| entry.expect("an entry").file_name())
        .collect();
    left.sort();
    assert_eq!(
        left,
        [
            "good.json",
            "good.toml",
            "locked.json",
            "locked.toml",
            "old.toml"
        ],
        "nothing written beside the inputs"
    );
}

#[test]
fn a_symlink_loop_in_a_linted_folder_ends_and_the_spec_beside_it_is_reported() {
    let dir = TempDir::new().expect("a temporary folder");
    let folder = dir.path().join("linted ü");
    fs::create_dir_all(folder.join("a/b")).expect("made");
    std::os::unix::fs::symlink("../..", folder.join("a/b/up")).expect("a link to an ancestor");
    std::os::unix::fs::symlink("self", folder.join("self")).expect("a link to itself");
    std::os::unix::fs::symlink("two", folder.join("one")).expect("a link");
    std::os::unix::fs::symlink("one", folder.join("two")).expect("a link back");
    fs::write(folder.join("a/b/sigil.toml"), GOOD).expect("written");
    let run = sigil(dir.path(), &["lint", "--format", "concise", "linted ü"]);
    assert_eq!(run.code, 1, "{}", run.text());
    assert!(
        run.stdout.contains("linted ü/a/b/sigil.toml:2:8"),
        "{}",
        run.text()
    );
}

/// A spec of 100 MB: a bad gallery name at line 2 and comments after it.
#[test]
fn a_100_mb_spec_is_read_once_and_reported_at_its_line() {
    let dir = TempDir::new().expect("a temporary folder");
    let mut text = String::with_capacity(100 << 20);
    text.push_str(&seed().replace("name = \"myGallery\"", "name = \"big-gallery\""));
    let line = "# padding that changes nothing, repeated until the file is 100 MB ......................\n";
    while text.len() < 100 << 20 {
        text.push_str(line);
    }
    fs::write(dir.path().join("big.toml"), &text).expect("written");
    fs::write(dir.path().join("old.toml"), seed()).expect("written");
    let at = "big.toml:8:8";
    let start = std::time::Instant::now();
    for args in [
        &["validate", "--format", "concise", "big.toml"][..],
        &["generate", "big.toml", "-o", "out"],
        &["plan", "old.toml", "big.toml", "-o", "plan.sh"],
    ] {
        let run = sigil(dir.path(), args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.text());
        assert!(run.text().contains(at), "{args:?}: {}", run.text());
    }
    assert!(!dir.path().join("out").exists() && !dir.path().join("plan.sh").exists());
    eprintln!("three runs over 100 MB took {:?}", start.elapsed());
}

/// Every character a shell, PowerShell, TOML or a template engine treats specially.
const HAZARD: &str =
    "it's \"quoted\" \\ $(id) `id` ${HOME} $HOME ; | & < > # % ! * ? ~ {a,b} 'x' \"y\" \\n";

/// `value` as a TOML basic string.
fn toml_string(value: &str) -> String {
    let mut quoted = String::from('"');
    for c in value.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// A fake `az` recording each call's arguments, NUL-separated, one call per `__end__`.
const FAKE_AZ: &str = r#"#!/bin/sh
for word in "$@"; do printf '%s\0' "$word" >> "$AZ_RECORD"; done
printf '__end__\0' >> "$AZ_RECORD"
case " $* " in
  *" --query id "*) echo "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Compute/galleries/g" ;;
esac
"#;

/// Runs `script` with bash and the fake `az` first on `PATH`; each call's arguments.
fn run_with_fake_az(dir: &Path, script: &Path) -> Vec<Vec<String>> {
    let bin = dir.join("fake bin");
    fs::create_dir_all(&bin).expect("made");
    fs::write(bin.join("az"), FAKE_AZ).expect("written");
    fs::set_permissions(bin.join("az"), fs::Permissions::from_mode(0o755)).expect("executable");
    let record = dir.join("az-record");
    fs::write(&record, b"").expect("written");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = std::process::Command::new("bash")
        .arg("--noprofile")
        .arg("--norc")
        .arg(script)
        .env("PATH", path)
        .env("AZ_RECORD", &record)
        .env_remove("SIGIL_ADMIN_PASSWORD")
        .stdin(Stdio::null())
        .output()
        .expect("bash runs");
    assert!(
        output.status.success(),
        "deploy.sh failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let raw = fs::read(&record).expect("the record is readable");
    let mut calls = Vec::new();
    let mut call = Vec::new();
    for word in raw.split(|byte| *byte == 0) {
        if word == b"__end__" {
            calls.push(std::mem::take(&mut call));
        } else if !(word.is_empty() && call.is_empty()) {
            call.push(String::from_utf8(word.to_vec()).expect("UTF-8"));
        }
    }
    calls
}

fn bash_n(script: &Path) {
    let output = std::process::Command::new("bash")
        .arg("-n")
        .arg(script)
        .output()
        .expect("bash runs");
    assert!(
        output.status.success(),
        "bash -n {}: {}",
        script.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn quoting_hazards_in_values_reach_az_exactly_as_written() {
    let dir = TempDir::new().expect("a temporary folder");
    let multi_line = format!("{HAZARD}\nsecond line\n");
    let spec = format!(
        r#"[resource-group]
name = "rg"
location = "eastus"

[[gallery]]
name = "g"

[[image-definition]]
gallery = "g"
name = "d"
publisher = "p"
offer = "o"
sku = "s"
os-type = "Linux"
os-state = "Generalized"
eula = {eula}
tags = {{ hazard = {tag} }}
"#,
        eula = toml_string(&multi_line),
        tag = toml_string(HAZARD),
    );
    fs::write(dir.path().join("spëc ü.toml"), &spec).expect("written");
    let run = sigil(dir.path(), &["generate", "spëc ü.toml", "-o", "out dir ü"]);
    assert_eq!(run.code, 0, "{}", run.text());
    let out = dir.path().join("out dir ü");
    bash_n(&out.join("deploy.sh"));

    let calls = run_with_fake_az(dir.path(), &out.join("deploy.sh"));
    let create = calls
        .iter()
        .find(|call| call.starts_with(&["sig".into(), "image-definition".into(), "create".into()]))
        .unwrap_or_else(|| panic!("no image-definition create among {calls:?}"));
    let after = |flag: &str| {
        create
            .iter()
            .position(|word| word == flag)
            .and_then(|at| create.get(at + 1))
            .unwrap_or_else(|| panic!("no {flag} in {create:?}"))
            .clone()
    };
    assert_eq!(after("--eula"), multi_line);
    assert_eq!(after("--tags"), format!("hazard={HAZARD}"));
}

#[test]
fn new_refuses_bad_flag_values_and_writes_nothing() {
    let dir = TempDir::new().expect("a temporary folder");
    for (flag, value, says) in [
        (
            "--gallery-name",
            "my-gallery",
            "gallery name `my-gallery` contains `-`",
        ),
        ("--gallery-name", "", "gallery name is empty"),
        ("--gallery-name", "g$(id)`id`", "contains `$`, `(`"),
    ] {
        let run = sigil(dir.path(), &["new", "sig-create", "-o", "out", flag, value]);
        assert_eq!(run.code, 1, "{flag} {value:?}: {}", run.text());
        assert!(
            run.stderr.contains(says),
            "{flag} {value:?}: {}",
            run.stderr
        );
        assert!(!dir.path().join("out").exists(), "{flag} {value:?} wrote");
    }
    // A flag value that is not UTF-8 is refused by the command line, before anything is written.
    let run = sigil_in(
        dir.path(),
        &[
            OsStr::new("new"),
            OsStr::new("sig-create"),
            OsStr::new("-o"),
            OsStr::new("out"),
            OsStr::new("--description"),
            OsStr::from_bytes(b"caf\xe9"),
        ],
    );
    assert_eq!(run.code, 2, "{}", run.text());
    assert!(run.stderr.contains("UTF-8"), "{}", run.stderr);
    assert!(!dir.path().join("out").exists());

    // Every quoting hazard in a description: written, and the spec and script read back whole.
    let description = format!("{HAZARD}\nsecond line");
    let run = sigil(
        dir.path(),
        &[
            "new",
            "sig-create",
            "-o",
            "out ü",
            "--description",
            &description,
        ],
    );
    assert_eq!(run.code, 0, "{}", run.text());
    let out = dir.path().join("out ü");
    let run = sigil(&out, &["validate", "sigil.toml"]);
    assert_eq!(run.code, 0, "{}", run.text());
    bash_n(&out.join("deploy.sh"));
    let calls = run_with_fake_az(dir.path(), &out.join("deploy.sh"));
    assert!(
        calls.iter().flatten().any(|word| word.contains(HAZARD)),
        "{calls:?}"
    );
}

#[test]
fn check_name_reports_hostile_names_without_panicking() {
    let dir = TempDir::new().expect("a temporary folder");
    let long = "a".repeat(100_000);
    for (name, says) in [
        ("", "gallery name is empty"),
        ("a$(id)`id`;|&<>", "contains `$`"),
        ("ünï cödé", "not ASCII"),
        ("line\nbreak", "contains"),
        (long.as_str(), "is 100000 characters long: the limit is 80"),
    ] {
        let run = sigil(dir.path(), &["check-name", "--kind", "gallery", name]);
        let shown: String = name.chars().take(40).collect();
        assert_eq!(run.code, 1, "{shown:?}: {}", run.stderr);
        assert!(run.stdout.contains(says), "{shown:?}: {}", run.stdout.len());
    }
    let run = sigil_in(
        dir.path(),
        &[
            OsStr::new("check-name"),
            OsStr::new("--kind"),
            OsStr::new("gallery"),
            OsStr::from_bytes(b"g\xff"),
        ],
    );
    assert_eq!(run.code, 2, "{}", run.text());
    assert!(run.stderr.contains("UTF-8"), "{}", run.stderr);
}

/// `sha256:<hex>` of a file, as the manifest records it.
fn sha256(path: &Path) -> String {
    let output = std::process::Command::new("sha256sum")
        .arg(path)
        .output()
        .expect("sha256sum runs");
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    format!(
        "sha256:{}",
        text.split_whitespace().next().expect("a digest")
    )
}

/// The files a run says it wrote, in its order (`created OUT/NAME` on standard error).
fn written(run: &Run, out: &str) -> Vec<String> {
    run.stderr
        .lines()
        .filter_map(|line| line.trim().split_once(' '))
        .filter_map(|(_, path)| path.strip_prefix(&format!("{out}/")))
        .map(str::to_owned)
        .collect()
}

/// Runs `args(OUT)` for the previous generation into `out`, then `next(OUT)` with the output `broken` made a
/// folder so its write fails half way; checks what the failed run leaves, then that the next run, once the
/// folder is gone, replaces everything (the manifest still proves every file is sigil's).
fn assert_interrupted_write_keeps_whole_files(
    dir: &Path,
    previous: &dyn Fn(&str) -> Vec<String>,
    next: &dyn Fn(&str) -> Vec<String>,
    broken: &str,
) {
    let run_args = |args: Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        sigil(dir, &args)
    };
    let run = run_args(previous("out"));
    assert_eq!(run.code, 0, "{}", run.text());
    let order = written(&run, "out");
    assert!(order.iter().any(|name| name == broken), "{order:?}");
    let old = tree(&dir.join("out"));
    let run = run_args(next("expected"));
    assert_eq!(run.code, 0, "{}", run.text());
    let new = tree(&dir.join("expected"));

    let out = dir.join("out");
    fs::remove_file(out.join(broken)).expect("removed");
    fs::create_dir(out.join(broken)).expect("a folder in its place");
    fs::write(out.join(broken).join("keep"), "").expect("written");
    let run = run_args(next("out"));
    assert_eq!(run.code, 2, "{}", run.text());
    assert!(
        run.stderr.contains(&format!("out/{broken}")),
        "the error names the file: {}",
        run.stderr
    );

    let after = tree(&out);
    let at = order
        .iter()
        .position(|name| name == broken)
        .expect("listed");
    for (index, name) in order.iter().enumerate() {
        let path = PathBuf::from(name);
        if index < at {
            assert_eq!(
                after.get(&path),
                new.get(&path),
                "{name}: written before the failure"
            );
        } else if index > at {
            assert_eq!(
                after.get(&path),
                old.get(&path),
                "{name}: the previous generation's, whole"
            );
        }
    }
    assert!(
        after
            .keys()
            .all(|path| !path.to_string_lossy().contains("sigil-tmp")),
        "temporary files left: {:?}",
        after.keys()
    );
    let manifest: serde_json::Value = serde_json::from_slice(
        after
            .get(Path::new(".sigil-manifest.json"))
            .expect("the manifest is kept"),
    )
    .expect("the manifest is JSON");
    let recorded = manifest["files"].as_object().expect("files");
    for name in &order {
        let path = out.join(name);
        if path.is_file() {
            assert_eq!(
                recorded.get(name).and_then(serde_json::Value::as_str),
                Some(sha256(&path).as_str()),
                "{name}: the manifest records what is on disk"
            );
        }
    }

    fs::remove_dir_all(out.join(broken)).expect("removed");
    let run = run_args(next("out"));
    assert_eq!(
        run.code,
        0,
        "nothing kept as someone's edit: {}",
        run.text()
    );
    let mut again = tree(&out);
    let mut new = new;
    again.remove(Path::new(".sigil-manifest.json"));
    new.remove(Path::new(".sigil-manifest.json"));
    assert_eq!(again, new);
}

#[test]
fn generate_interrupted_half_way_leaves_whole_files_and_a_true_manifest() {
    let dir = TempDir::new().expect("a temporary folder");
    fs::write(dir.path().join("old.toml"), seed()).expect("written");
    fs::write(
        dir.path().join("new.toml"),
        seed().replace("myGallery", "otherGallery"),
    )
    .expect("written");
    let args = |spec: &'static str| {
        move |out: &str| -> Vec<String> {
            ["generate", spec, "-o", out].map(str::to_owned).to_vec()
        }
    };
    assert_interrupted_write_keeps_whole_files(
        dir.path(),
        &args("old.toml"),
        &args("new.toml"),
        "deploy.sh",
    );
}

#[test]
fn new_interrupted_half_way_leaves_whole_files_and_a_true_manifest() {
    let dir = TempDir::new().expect("a temporary folder");
    let args = |gallery: &'static str| {
        move |out: &str| -> Vec<String> {
            ["new", "sig-create", "-o", out, "--gallery-name", gallery]
                .map(str::to_owned)
                .to_vec()
        }
    };
    assert_interrupted_write_keeps_whole_files(
        dir.path(),
        &args("firstGallery"),
        &args("secondGallery"),
        "deploy.sh",
    );
}

#[test]
fn a_valid_spec_that_cannot_generate_is_named() {
    let dir = TempDir::new().expect("a temporary folder");
    // Valid (a spec need not deploy), but generating needs the resource group's name and location.
    fs::write(
        dir.path().join("no group ü.toml"),
        "[[gallery]]\nname = \"g\"\n",
    )
    .expect("written");
    fs::write(dir.path().join("old.toml"), seed()).expect("written");
    for args in [
        &["generate", "no group ü.toml", "-o", "out"][..],
        &["plan", "old.toml", "no group ü.toml", "-o", "plan.sh"],
    ] {
        let run = sigil(dir.path(), args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.text());
        assert!(
            run.stderr
                .contains("no group ü.toml: the spec has no [resource-group]"),
            "{args:?}: {}",
            run.stderr
        );
    }
    assert!(!dir.path().join("out").exists() && !dir.path().join("plan.sh").exists());
}
