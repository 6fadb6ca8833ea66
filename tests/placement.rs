//! SIG017 (resource group names) and SIG018 (unknown regions) through every command that reads the model:
//! `validate`, `generate`, `plan`, `new` (by flag) and `lint` (a fixture in each format), each finding at the
//! line and column of the value, values known only at deployment skipped.

use std::path::Path;

use assert_cmd::Command;

const FIXTURES: &str = "tests/fixtures/placement";
const SPEC: &str = "tests/fixtures/placement/sigil.toml";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn sigil(args: &[&str]) -> Run {
    sigil_in(Path::new("."), args)
}

fn sigil_in(folder: &Path, args: &[&str]) -> Run {
    let output = Command::cargo_bin("sigil")
        .expect("the sigil binary is built")
        .env_remove("SOURCE_DATE_EPOCH")
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

/// The `path:line:col: severity[ID]` start of each concise finding line.
fn locations(output: &str) -> Vec<String> {
    output
        .lines()
        .filter_map(|line| {
            let end = line.find("] ")?;
            Some(line[..=end].to_owned())
        })
        .collect()
}

const SPEC_FINDINGS: [&str; 3] = [
    "tests/fixtures/placement/sigil.toml:4:8: error[SIG017]",
    "tests/fixtures/placement/sigil.toml:5:12: warning[SIG018]",
    "tests/fixtures/placement/sigil.toml:25:54: warning[SIG018]",
];

#[test]
fn validate_reports_the_group_name_and_each_unknown_region_where_written() {
    let run = sigil(&["validate", "--format", "concise", SPEC]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert_eq!(locations(&all), SPEC_FINDINGS, "{all}");
    assert!(
        all.contains("resource group name `my rg!` contains ` ` (space), `!`"),
        "{all}"
    );
    assert!(all.contains("; use `my-rg`"), "{all}");
    assert!(all.contains("; did you mean `westeurope`?"), "{all}");
    // `West Europe` (a display name) at 23 and 25 is the known region westeurope: nothing reported there.
}

#[test]
fn an_unknown_region_alone_is_a_warning_that_does_not_fail_validate() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("sigil.toml");
    let text = std::fs::read_to_string(SPEC)
        .unwrap()
        .replace("\"my rg!\"", "\"rg-images\"");
    std::fs::write(&spec, text).unwrap();
    let run = sigil(&["validate", "--format", "concise", spec.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert_eq!(all.matches("warning[SIG018]").count(), 2, "{all}");
    assert!(!all.contains("SIG017"), "{all}");
}

#[test]
fn generate_and_plan_refuse_a_resource_group_name_the_service_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let run = sigil(&["generate", SPEC, "-o", out.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[SIG017]"), "{}", run.stderr);
    assert!(!out.exists(), "generate wrote {}", out.display());

    let script = dir.path().join("plan.sh");
    let run = sigil(&["plan", SPEC, SPEC, "-o", script.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[SIG017]"), "{}", run.stderr);
    assert!(run.stderr.contains("warning[SIG018]"), "{}", run.stderr);
    assert!(!script.exists());
}

#[test]
fn new_reports_a_bad_resource_group_by_its_flag_and_writes_nothing() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("out");
    let run = sigil(&[
        "new",
        "sig-create",
        "-o",
        dir.to_str().unwrap(),
        "--resource-group",
        "a/b",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "--resource-group \"a/b\": error[SIG017] resource group name `a/b` contains `/`"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("; use `a-b`"), "{}", run.stderr);
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert!(!dir.exists(), "{} was made", dir.display());
}

#[test]
fn new_warns_of_an_unknown_region_by_its_flag_and_still_writes() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("out");
    let out = dir.to_str().unwrap();
    let run = sigil(&["new", "sig-create", "-o", out, "--location", "eastus5"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("--location \"eastus5\": warning[SIG018] region `eastus5`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `eastus`?"),
        "{}",
        run.stderr
    );
    assert!(dir.join("sigil.toml").exists());

    let run = sigil(&["new", "sig-create", "-o", out, "--location", "West Europe"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("SIG018"), "{}", run.stderr);
}

#[test]
fn lint_reports_groups_and_regions_in_every_format_where_written() {
    let run = sigil(&["lint", "--format", "concise", FIXTURES]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
    let found = locations(&run.stdout);
    for expected in [
        // az: `az group create --name 'a/b' --location eastus5`, then a target region; the VM's `$region`
        // group and location have no value to check.
        "tests/fixtures/placement/deploy.sh:5:25: error[SIG017]",
        "tests/fixtures/placement/deploy.sh:5:41: warning[SIG018]",
        "tests/fixtures/placement/deploy.sh:13:55: warning[SIG018]",
        // PowerShell: `New-AzResourceGroup -Name 'rg.' -Location 'West Europ'`.
        "tests/fixtures/placement/deploy.ps1:2:28: error[SIG017]",
        "tests/fixtures/placement/deploy.ps1:2:44: warning[SIG018]",
        // ARM: the default of the parameter naming a nested deployment's group, a target region, a VM's
        // location; `[parameters('location')]` has no value to check.
        "tests/fixtures/placement/azuredeploy.json:6:52: error[SIG017]",
        "tests/fixtures/placement/azuredeploy.json:16:65: warning[SIG018]",
        "tests/fixtures/placement/azuredeploy.json:38:27: warning[SIG018]",
        // Bicep: a version's location and target regions; a module's `resourceGroup(...)` scope, at the
        // parameter default it resolves to.
        "tests/fixtures/placement/main.bicep:6:13: warning[SIG018]",
        "tests/fixtures/placement/main.bicep:10:17: warning[SIG018]",
        "tests/fixtures/placement/main.bicep:11:17: warning[SIG018]",
        "tests/fixtures/placement/bicep-vm/main.bicep:16:37: error[SIG017]",
        // Terraform: the `azurerm_resource_group` the gallery resources use (its location from a variable's
        // default), a version's location and target regions; `var.region` has no default.
        "tests/fixtures/placement/main.tf:9:13: warning[SIG018]",
        "tests/fixtures/placement/main.tf:13:14: error[SIG017]",
        "tests/fixtures/placement/main.tf:22:25: warning[SIG018]",
        "tests/fixtures/placement/main.tf:26:30: warning[SIG018]",
        "tests/fixtures/placement/main.tf:30:30: warning[SIG018]",
    ] {
        assert!(
            found.iter().any(|line| line == expected),
            "{expected} in\n{}",
            run.stdout
        );
    }
    for line in &found {
        assert!(
            line.contains("[SIG017]") || line.contains("[SIG018]"),
            "{line}"
        );
    }
}

#[test]
fn lint_ignores_unknown_regions_when_asked() {
    let run = sigil(&[
        "lint", "--format", "concise", "--ignore", "SIG018", FIXTURES,
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stdout.contains("SIG018"), "{}", run.stdout);
    assert_eq!(
        run.stdout.matches("error[SIG017]").count(),
        6,
        "{}",
        run.stdout
    );

    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(FIXTURES).join("main.bicep"),
        dir.path().join("main.bicep"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join(".sigil.toml"),
        "[lint]\nignore = [\"unknown-region\"]\n",
    )
    .unwrap();
    // The `[lint]` section is found from the folder sigil runs in.
    let run = sigil_in(dir.path(), &["lint", "--format", "concise", "."]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(!run.stdout.contains("SIG018"), "{}", run.stdout);
}
