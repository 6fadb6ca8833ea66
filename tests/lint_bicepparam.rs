//! `sigil lint` on Bicep parameters files (`*.bicepparam`): the values they give the Bicep file their
//! `using` names are checked where the parameters file writes them.

use std::path::Path;

use assert_cmd::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn sigil_in(folder: Option<&Path>, args: &[&str]) -> Run {
    let mut command = Command::cargo_bin("sigil").expect("the sigil binary is built");
    if let Some(folder) = folder {
        command.current_dir(folder);
    }
    let output = command.args(args).output().unwrap();
    Run {
        code: output.status.code().expect("sigil exits, it is not killed"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

fn sigil(args: &[&str]) -> Run {
    sigil_in(None, args)
}

impl Run {
    fn transcript(&self) -> String {
        format!(
            "exit {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// A Bicep file whose gallery and image definition are named by parameters.
const TEMPLATE: &str = "param galleryName string = 'fine_gallery'
param imageName string = 'fine-image'
resource gallery 'Microsoft.Compute/galleries@2023-07-03' = {
  name: galleryName
}
resource image 'Microsoft.Compute/galleries/images@2023-07-03' = {
  parent: gallery
  name: imageName
}
";

/// Lints the `.bicepparam` files of a folder holding `TEMPLATE` as `main.bicep`, each `(name, text)`.
fn lint_beside_template(files: &[(&str, &str)]) -> Run {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("main.bicep"), TEMPLATE).unwrap();
    for (name, text) in files {
        std::fs::write(folder.path().join(name), text).unwrap();
    }
    sigil_in(
        Some(folder.path()),
        &["lint", "--format", "concise", "--show-unresolved"],
    )
}

#[test]
fn values_are_checked_where_the_parameters_file_writes_them() {
    // Named alone, the parameters file is read against the Bicep file its `using` names.
    let run = sigil(&[
        "lint",
        "--format",
        "concise",
        "--show-unresolved",
        "tests/fixtures/lint/bicep/main.bicepparam",
    ]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn what_cannot_be_checked_is_unresolved_and_a_syntax_error_is_an_error() {
    let run = lint_beside_template(&[
        (
            "module.bicepparam",
            "using 'br/public:avm/res/compute/gallery:0.9.0'\nparam name = 'my-gallery'\n",
        ),
        (
            "expression.bicepparam",
            "using './main.bicep'\nparam galleryName = toLower('My_Gallery')\n",
        ),
        (
            "broken.bicepparam",
            "using './main.bicep'\nparam galleryName = \n",
        ),
    ]);
    // A file that does not parse is exit 2, as in every format.
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn values_for_no_template_or_a_missing_one_are_not_checked() {
    let run = lint_beside_template(&[
        (
            "none.bicepparam",
            "using none\nparam galleryName = 'my-gallery'\n",
        ),
        (
            "missing.bicepparam",
            "using './other.bicep'\nparam galleryName = 'my-gallery'\n",
        ),
        (
            "fine.bicepparam",
            "using './main.bicep'\nparam galleryName = 'my_gallery'\n",
        ),
    ]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.stderr);
}

#[test]
fn a_suppression_comment_in_the_parameters_file_silences_its_value() {
    let run = lint_beside_template(&[(
        "main.bicepparam",
        "using './main.bicep'\n// sigil: ignore[SIG202]\nparam imageName = 'ubuntu server'\n",
    )]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.stderr);
}
