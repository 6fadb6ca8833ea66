//! `sigil lint` end to end over the fixture corpus `tests/fixtures/lint/`: findings pinned with their lines
//! and columns by insta snapshots (`concise`, the `path:line:col: severity[ID] message` lines, and `json`),
//! exit codes, unresolved names, Terraform, `.gitignore`, files named explicitly and files that cannot be read.

use std::path::Path;

use assert_cmd::Command;

const CORPUS: &str = "tests/fixtures/lint";

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

fn corpus(path: &str) -> String {
    format!("{CORPUS}/{path}")
}

/// A bad ARM template: a gallery name with a dash.
const BAD_TEMPLATE: &str = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "resources": [{ "type": "Microsoft.Compute/galleries", "name": "my-gallery" }]
}
"#;

#[test]
fn the_corpus_reports_each_finding_where_it_is_written() {
    let run = sigil(&["lint", "--format", "concise", CORPUS]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn the_corpus_as_json() {
    let run = sigil(&["lint", "--format", "json", CORPUS]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.is_empty(),
        "json prints nothing else: {}",
        run.stderr
    );
    let findings: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(findings.as_array().is_some_and(|all| !all.is_empty()));
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn runs_are_deterministic() {
    let first = sigil(&["lint", "--format", "json", CORPUS]);
    for _ in 0..3 {
        assert_eq!(
            sigil(&["lint", "--format", "json", CORPUS]).stdout,
            first.stdout
        );
    }
}

#[test]
fn a_parameters_file_is_checked_against_its_template() {
    // Named alone, as pre-commit names a changed file: the template beside it is read for it.
    let run = sigil(&[
        "lint",
        "--format",
        "concise",
        &corpus("quickstart/azuredeploy.parameters.json"),
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout.lines().collect::<Vec<_>>(),
        [
            "tests/fixtures/lint/quickstart/azuredeploy.parameters.json:6:16: error[SIG102] gallery name \
             `my-gallery` contains `-`: the service rejects dashes in gallery names, although the ARM schema \
             and REST specification pattern let them through; only ASCII letters, digits, `_` and `.` are \
             allowed; use `my_gallery` or `my.gallery`"
        ]
    );
}

#[test]
fn names_known_only_at_deployment_are_skipped_and_listed_on_request() {
    let quiet = sigil(&["lint", &corpus("unresolved")]);
    assert_eq!(
        (quiet.code, quiet.stdout.as_str(), quiet.stderr.as_str()),
        (0, "", "")
    );
    let listed = sigil(&["lint", "--show-unresolved", &corpus("unresolved")]);
    assert_eq!(listed.code, 0);
    insta::assert_snapshot!(listed.transcript());
}

#[test]
fn terraform_resources_are_checked_where_they_are_written() {
    // Names written literally or as a variable's default are checked; references to other resources are
    // known only when Terraform plans, and listed on request.
    let run = sigil(&[
        "lint",
        "--format",
        "concise",
        "--show-unresolved",
        &corpus("terraform"),
    ]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn az_commands_are_checked_where_they_are_written() {
    // Flags written literally or as a variable assigned a literal are checked (a variable's finding at its
    // assignment); a command substitution is known only when the script runs, and listed on request.
    let run = sigil(&[
        "lint",
        "--format",
        "concise",
        "--show-unresolved",
        &corpus("az"),
    ]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn the_scripts_sigil_generates_lint_as_their_spec_validates() {
    let folder = tempfile::tempdir().unwrap();
    let mut examples: Vec<_> = std::fs::read_dir("examples")
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.join("sigil.toml").is_file())
        .collect();
    examples.sort();
    assert!(!examples.is_empty());
    for example in examples {
        let spec = example.join("sigil.toml");
        let generated = sigil(&["generate", spec.to_str().unwrap(), "--format", "az"]);
        assert_eq!(generated.code, 0, "{}", generated.stderr);
        assert!(generated.stdout.contains("az sig"), "{}", example.display());
        let script = folder.path().join("deploy.sh");
        std::fs::write(&script, &generated.stdout).unwrap();
        let run = sigil(&["lint", "--format", "concise", script.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{}: {}", example.display(), run.stdout);
        assert_eq!(
            findings_without_places(&run.stdout),
            validate_findings(&spec),
            "{}",
            example.display()
        );
    }
}

/// What `sigil validate` says of a spec, without places: the script sigil generates from it must say the
/// same, no more (a finding of its own would be a false one) and no less.
fn validate_findings(spec: &Path) -> Vec<String> {
    let run = sigil(&["validate", "--format", "concise", spec.to_str().unwrap()]);
    findings_without_places(&run.stdout)
}

/// `severity[ID] message` of each `path:line:col: severity[ID] message` line, sorted.
fn findings_without_places(concise: &str) -> Vec<String> {
    let mut findings: Vec<String> = concise
        .lines()
        .filter_map(|line| {
            let at = line.find(": error[").or_else(|| line.find(": warning["))?;
            Some(line[at + 2..].to_owned())
        })
        .collect();
    findings.sort();
    findings
}

#[test]
fn bicep_resources_are_checked_where_they_are_written() {
    // Literal names, a parameter's default and its other allowed values, nested and `parent:` children.
    let run = sigil(&[
        "lint",
        "--format",
        "concise",
        "--show-unresolved",
        &corpus("bicep"),
    ]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn files_that_cannot_hold_a_gallery_resource_are_clean() {
    let run = sigil(&[
        "lint",
        &corpus("not-a-template"),
        &corpus("no-markers"),
        &corpus("unresolved"),
    ]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
}

#[test]
fn lenient_applies_the_lenient_forms() {
    let folder = tempfile::tempdir().unwrap();
    let template = folder.path().join("azuredeploy.json");
    let expired = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "resources": [{
    "type": "Microsoft.Compute/galleries/images", "name": "myGallery/myImage",
    "properties": {
      "osType": "Linux", "osState": "Generalized",
      "identifier": { "publisher": "contoso", "offer": "ubuntu", "sku": "24.04" },
      "endOfLifeDate": "2020-01-01T00:00:00Z"
    }
  }]
}
"#;
    std::fs::write(&template, expired).unwrap();
    let path = template.to_str().unwrap();
    let strict = sigil(&["lint", "--format", "concise", path]);
    assert_eq!(strict.code, 1);
    assert!(
        strict.stdout.contains(":8:24: error[SIG002]"),
        "{}",
        strict.stdout
    );
    let lenient = sigil(&["lint", "--lenient", "--format", "concise", path]);
    assert_eq!((lenient.code, lenient.stdout.as_str()), (0, ""));
}

#[test]
fn gitignored_files_are_skipped_unless_named() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join(".gitignore"), "generated/\n").unwrap();
    std::fs::create_dir(folder.path().join("generated")).unwrap();
    let ignored = folder.path().join("generated/azuredeploy.json");
    std::fs::write(&ignored, BAD_TEMPLATE).unwrap();

    let walked = sigil(&[
        "lint",
        "--format",
        "concise",
        folder.path().to_str().unwrap(),
    ]);
    assert_eq!((walked.code, walked.stdout.as_str()), (0, ""));

    let named = sigil(&["lint", "--format", "concise", ignored.to_str().unwrap()]);
    assert_eq!(named.code, 1);
    assert!(
        named.stdout.contains(":3:66: error[SIG102]"),
        "{}",
        named.stdout
    );
}

#[test]
fn no_path_lints_the_current_folder() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::create_dir(folder.path().join("infra")).unwrap();
    std::fs::write(folder.path().join("infra/azuredeploy.json"), BAD_TEMPLATE).unwrap();
    let run = sigil_in(Some(folder.path()), &["lint", "--format", "concise"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .starts_with("infra/azuredeploy.json:3:66: error[SIG102]"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_unreadable_file_exits_2_and_the_others_are_still_reported() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("azuredeploy.json"), BAD_TEMPLATE).unwrap();
    let missing = folder.path().join("missing.json");
    let mut args = vec![
        "lint".to_owned(),
        "--format".to_owned(),
        "concise".to_owned(),
        folder.path().display().to_string(),
        missing.display().to_string(),
    ];
    // A link to nothing, named (pre-commit names what changed): unreadable. Met in the walk, it is not
    // followed, as ripgrep does not follow links.
    #[cfg(unix)]
    {
        let dangling = folder.path().join("dangling.json");
        std::os::unix::fs::symlink("nowhere.json", &dangling).unwrap();
        args.push(dangling.display().to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = sigil(&args);
    assert_eq!(run.code, 2, "unreadable input wins over rule errors");
    assert_eq!(
        run.stdout.matches("error[SIG102]").count(),
        1,
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains(&format!("{}: error: ", missing.display())),
        "{}",
        run.stderr
    );
    #[cfg(unix)]
    assert!(
        run.stderr.contains("dangling.json: error: "),
        "{}",
        run.stderr
    );
}

#[test]
fn links_met_while_walking_are_not_followed() {
    let folder = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("azuredeploy.json"), BAD_TEMPLATE).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(elsewhere.path(), folder.path().join("linked")).unwrap();
        std::os::unix::fs::symlink("nowhere.json", folder.path().join("dangling.json")).unwrap();
    }
    let run = sigil(&["lint", folder.path().to_str().unwrap()]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "", "")
    );
}

#[test]
fn a_template_that_does_not_parse_exits_2() {
    let folder = tempfile::tempdir().unwrap();
    let broken = folder.path().join("azuredeploy.json");
    let cut = BAD_TEMPLATE.find("\"name\"").unwrap();
    std::fs::write(&broken, &BAD_TEMPLATE[..cut]).unwrap();
    let run = sigil(&["lint", "--format", "concise", broken.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stdout.contains("error[SIG000] invalid JSON"),
        "{}",
        run.stdout
    );
}

#[test]
fn powershell_cmdlets_are_checked_where_they_are_written() {
    // Parameters written literally, splatted, or as a variable assigned a literal are checked (a variable's
    // finding at its assignment); a subexpression is known only when the script runs, and listed on request.
    let run = sigil(&[
        "lint",
        "--format",
        "concise",
        "--show-unresolved",
        &corpus("pwsh"),
    ]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn the_powershell_scripts_sigil_generates_lint_as_their_spec_validates() {
    let folder = tempfile::tempdir().unwrap();
    let mut examples: Vec<_> = std::fs::read_dir("examples")
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.join("sigil.toml").is_file())
        .collect();
    examples.sort();
    assert!(!examples.is_empty());
    for example in examples {
        let spec = example.join("sigil.toml");
        let generated = sigil(&["generate", spec.to_str().unwrap(), "--format", "pwsh"]);
        assert_eq!(generated.code, 0, "{}", generated.stderr);
        assert!(
            generated.stdout.contains("-AzGallery"),
            "{}",
            example.display()
        );
        let script = folder.path().join("deploy.ps1");
        std::fs::write(&script, &generated.stdout).unwrap();
        let run = sigil(&[
            "lint",
            "--format",
            "concise",
            "--show-unresolved",
            script.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 0, "{}: {}", example.display(), run.stdout);
        assert_eq!(
            findings_without_places(&run.stdout),
            validate_findings(&spec),
            "{}",
            example.display()
        );
        // Every gallery name the script passes is one it wrote, or a variable holding a created resource.
        assert!(
            !run.stderr.contains("note:"),
            "{}: {}",
            example.display(),
            run.stderr
        );
    }
}

#[test]
fn markdown_fences_are_checked_where_the_page_writes_them() {
    // az CLI and Az PowerShell fences (indented in a list, quoted, one language's fences as one script, both
    // languages as one document) with their findings at the page's lines; pages of the Azure docs among them.
    let run = sigil(&[
        "lint",
        "--format",
        "concise",
        "--show-unresolved",
        &corpus("markdown"),
    ]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.transcript());
}
