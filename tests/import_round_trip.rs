//! `sigil generate` then `sigil import` gives back the spec, for every example and each of the four
//! deployable outputs.
//!
//! Both specs are compared minimized (`sigil_import::minimize`: values equal to sigil's defaults and default
//! parameter names dropped), since every output states the defaults explicitly. `[metadata]` and `[lint]`
//! are left out of the comparison: they describe the README and `sigil lint`, and no deployable output
//! carries them. ARM and Bicep are imported with `--resource-group`/`--location` of the spec, which a
//! template does not name; the scripts create the group themselves. The scripts have no template
//! parameters, so the `parameters` tables (which name them) are compared for ARM and Bicep only. And
//! `New-AzRoleAssignment` takes one principal: given both an `assignee` and its `assignee-object-id`, the
//! PowerShell script passes the object id (the template's principal) and names the assignee in a comment
//! only, so through PowerShell such an assignee is not compared.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use sigil_core::Context;
use sigil_core::model::Spec;

/// One deployable output and how it is imported.
#[derive(Debug, Clone, Copy)]
enum Output {
    Arm,
    Bicep,
    Az,
    Pwsh,
}

impl Output {
    fn file(self) -> &'static str {
        match self {
            Output::Arm => "azuredeploy.json",
            Output::Bicep => "main.bicep",
            Output::Az => "deploy.sh",
            Output::Pwsh => "deploy.ps1",
        }
    }

    /// The arguments of `sigil import` beyond the file.
    fn arguments(self, folder: &Path, spec: &Spec) -> Vec<String> {
        let mut arguments = Vec::new();
        if let Output::Arm = self {
            arguments.push("--parameters".to_owned());
            arguments.push(
                folder
                    .join("azuredeploy.parameters.json")
                    .display()
                    .to_string(),
            );
        }
        if matches!(self, Output::Arm | Output::Bicep)
            && let Some(group) = &spec.resource_group
        {
            arguments.extend([
                "--resource-group".to_owned(),
                group.name.clone(),
                "--location".to_owned(),
                group.location.to_string(),
            ]);
        }
        arguments
    }
}

fn examples() -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir("examples")
        .expect("the examples folder")
        .map(|entry| entry.expect("an example").path().join("sigil.toml"))
        .filter(|path| path.is_file())
        .collect();
    specs.sort();
    assert!(!specs.is_empty(), "no example found");
    specs
}

fn load(path: &Path, text: &str) -> Spec {
    let loaded = sigil_spec::load(path, text, &Context::strict());
    loaded.spec.unwrap_or_else(|| {
        panic!(
            "{} does not load: {:#?}",
            path.display(),
            loaded.diagnostics
        )
    })
}

/// The spec as `output` can say it (`sigil_import::carried_by`).
fn comparable(spec: Spec, output: Output) -> Spec {
    let carrier = match output {
        Output::Arm | Output::Bicep => sigil_import::Output::Template,
        Output::Az => sigil_import::Output::AzScript,
        Output::Pwsh => sigil_import::Output::PowerShellScript,
    };
    sigil_import::carried_by(spec, carrier)
}

/// Generates `spec_path` into a temporary folder and imports `output` back; the differences, if any.
fn round_trip(spec_path: &Path, output: Output) -> Option<String> {
    let text = std::fs::read_to_string(spec_path).expect("the example");
    let original = load(spec_path, &text);
    let folder = tempfile::tempdir().expect("a temporary folder");
    Command::cargo_bin("sigil")
        .expect("the binary")
        .args(["generate", "--force", "-o"])
        .arg(folder.path())
        .arg(spec_path)
        .env("SOURCE_DATE_EPOCH", "0")
        .assert()
        .success();
    let imported_path = folder.path().join("imported.toml");
    let run = Command::cargo_bin("sigil")
        .expect("the binary")
        .arg("import")
        .arg(folder.path().join(output.file()))
        .args(output.arguments(folder.path(), &original))
        .arg("-o")
        .arg(&imported_path)
        .output()
        .expect("sigil import runs");
    let Ok(imported_text) = std::fs::read_to_string(&imported_path) else {
        return Some(format!(
            "{} of {}: nothing imported (exit {:?}):\n{}",
            output.file(),
            spec_path.display(),
            run.status.code(),
            String::from_utf8_lossy(&run.stderr)
        ));
    };
    let imported = load(&imported_path, &imported_text);
    let (expected, found) = (comparable(original, output), comparable(imported, output));
    (expected != found).then(|| {
        format!(
            "{} of {} imports as\n{imported_text}\nwhich differs from the example:\n{}\nsigil import said:\n{}",
            output.file(),
            spec_path.display(),
            differences(&expected, &found),
            String::from_utf8_lossy(&run.stderr)
        )
    })
}

/// The lines of the two specs' TOML that the other lacks.
fn differences(expected: &Spec, found: &Spec) -> String {
    let expected = sigil_import::to_toml(expected);
    let found = sigil_import::to_toml(found);
    let mut out = String::new();
    for line in expected.lines().filter(|line| !found.contains(line)) {
        out.extend(["  - ", line, "\n"]);
    }
    for line in found.lines().filter(|line| !expected.contains(line)) {
        out.extend(["  + ", line, "\n"]);
    }
    if out.is_empty() {
        out = format!("  (the same lines in another order)\n{found}");
    }
    out
}

fn every_example(output: Output) {
    let failures: Vec<String> = examples()
        .iter()
        .filter_map(|spec| round_trip(spec, output))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn arm() {
    every_example(Output::Arm);
}

#[test]
fn bicep() {
    every_example(Output::Bicep);
}

#[test]
fn az() {
    every_example(Output::Az);
}

#[test]
fn pwsh() {
    every_example(Output::Pwsh);
}
