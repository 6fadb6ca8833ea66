//! `teardown.sh` and `teardown.ps1`: snapshots of every example; children deleted before their parents;
//! what the spec marks `existing` kept; every example's script through `bash -n` and shellcheck, and run by a
//! real bash with `az` recorded (hostile values arrive as exactly the spec's text).
//!
//! shellcheck is taken from `PATH`: without it that check is skipped with a note, unless `CI` is set (CI
//! installs it), where its absence fails the test.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use sigil_core::model::Spec;
use sigil_gen::{Format, Plan, render};

mod common;

use common::{EXISTING_VERSION, example, example_names, options, spec};

fn teardown(spec: &Spec, format: Format) -> String {
    let plan = Plan::new(spec).expect("the spec plans");
    render(&plan, format, &options()).expect("the teardown renders")
}

/// The first line of each command of a script (comments and blank lines left out), in order.
fn command_lines(script: &str) -> Vec<&str> {
    script
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter(|line| !line.starts_with(' '))
        .collect()
}

/// The indexes of the first command lines starting with each of `prefixes` that the script has, in order.
fn positions(lines: &[&str], prefixes: &[&str]) -> Vec<usize> {
    prefixes
        .iter()
        .filter_map(|prefix| lines.iter().position(|line| line.starts_with(prefix)))
        .collect()
}

#[test]
fn snapshots_of_every_example() {
    for name in &example_names() {
        let spec = example(name);
        insta::assert_snapshot!(format!("{name}-sh"), teardown(&spec, Format::TeardownAz));
        insta::assert_snapshot!(format!("{name}-ps1"), teardown(&spec, Format::TeardownPwsh));
    }
}

const AZ_ORDER: [&str; 10] = [
    "az role assignment delete",
    "az vm delete",
    "az disk delete",
    "az network nic delete",
    "az network nsg delete",
    "az network vnet delete",
    "az sig image-version delete",
    "az sig image-definition delete",
    "az sig share reset",
    "az sig delete",
];

const PS_ORDER: [&str; 10] = [
    "Remove-AzRoleAssignment",
    "Remove-AzVM",
    "Remove-AzDisk",
    "Remove-AzNetworkInterface",
    "Remove-AzNetworkSecurityGroup",
    "Remove-AzVirtualNetwork",
    "Remove-AzGalleryImageVersion",
    "Remove-AzGalleryImageDefinition",
    "$null = Update-AzGallery",
    "Remove-AzGallery ",
];

#[test]
fn children_are_deleted_before_their_parents_and_role_assignments_first() {
    let mut seen = 0;
    for name in example_names() {
        let spec = example(&name);
        let sh = teardown(&spec, Format::TeardownAz);
        let order = positions(&command_lines(&sh), &AZ_ORDER);
        assert!(order.is_sorted(), "{name}: {order:?}\n{sh}");
        let ps1 = teardown(&spec, Format::TeardownPwsh);
        let ps_order = positions(&command_lines(&ps1), &PS_ORDER);
        assert!(ps_order.is_sorted(), "{name}: {ps_order:?}\n{ps1}");
        assert_eq!(order.len(), ps_order.len(), "{name}");
        seen = seen.max(order.len());
    }
    // Some example has a role assignment, a VM, a version, a definition and a gallery to delete.
    assert!(seen >= 9, "{seen}");
}

#[test]
fn every_created_resource_is_deleted_and_nothing_existing_is() {
    for name in example_names() {
        let spec = example(&name);
        let sh = teardown(&spec, Format::TeardownAz);
        let ps1 = teardown(&spec, Format::TeardownPwsh);
        let count = |text: &str, needle: &str| text.matches(needle).count();
        let created = |existing: &[bool]| existing.iter().filter(|existing| !**existing).count();
        let galleries = created(
            &spec
                .galleries
                .iter()
                .map(|g| g.existing)
                .collect::<Vec<_>>(),
        );
        let definitions = created(
            &spec
                .image_definitions
                .iter()
                .map(|d| d.existing)
                .collect::<Vec<_>>(),
        );
        let versions = created(
            &spec
                .image_versions
                .iter()
                .map(|v| v.existing)
                .collect::<Vec<_>>(),
        );
        assert_eq!(count(&sh, "\naz sig delete "), galleries, "{name}\n{sh}");
        assert_eq!(
            count(&ps1, "\nRemove-AzGallery -"),
            galleries,
            "{name}\n{ps1}"
        );
        assert_eq!(
            count(&sh, "\naz sig image-definition delete"),
            definitions,
            "{name}"
        );
        assert_eq!(
            count(&ps1, "\nRemove-AzGalleryImageDefinition"),
            definitions,
            "{name}"
        );
        assert_eq!(
            count(&sh, "\naz sig image-version delete"),
            versions,
            "{name}"
        );
        assert_eq!(
            count(&ps1, "\nRemove-AzGalleryImageVersion"),
            versions,
            "{name}"
        );
        assert_eq!(count(&sh, "\naz vm delete"), spec.vms.len(), "{name}");
        assert_eq!(count(&ps1, "\nRemove-AzVM "), spec.vms.len(), "{name}");
        let assignments = spec.role_assignments.len();
        assert_eq!(
            count(&sh, "\naz role assignment delete"),
            assignments,
            "{name}"
        );
        assert_eq!(
            count(&ps1, "\nRemove-AzRoleAssignment"),
            assignments,
            "{name}"
        );
        assert!(
            !command_lines(&sh)
                .iter()
                .any(|line| line.contains("group delete"))
        );
        assert!(
            !command_lines(&ps1)
                .iter()
                .any(|line| line.contains("ResourceGroup "))
        );
    }
}

#[test]
fn an_existing_gallery_definition_and_version_are_kept() {
    let spec = spec(EXISTING_VERSION);
    let sh = teardown(&spec, Format::TeardownAz);
    assert!(!sh.contains("\naz sig delete"), "{sh}");
    assert!(!sh.contains("\naz sig image-definition delete"), "{sh}");
    assert_eq!(
        sh.matches("\naz sig image-version delete").count(),
        1,
        "{sh}"
    );
    assert!(sh.contains("--gallery-image-version 1.1.0"), "{sh}");
    assert!(!sh.contains("--gallery-image-version 1.0.0\n"), "{sh}");
    // The grant on the existing version is the deployment's: it goes.
    assert!(sh.contains("az role assignment delete"), "{sh}");
    let ps1 = teardown(&spec, Format::TeardownPwsh);
    assert!(!ps1.contains("Remove-AzGallery -"), "{ps1}");
    assert!(!ps1.contains("Remove-AzGalleryImageDefinition"), "{ps1}");
    assert!(ps1.contains("-Name '1.1.0'") && !ps1.contains("-Name '1.0.0' `\n   -Force"));
}

#[test]
fn every_example_passes_bash_n_and_shellcheck() {
    for name in example_names() {
        check_bash(&name, &teardown(&example(&name), Format::TeardownAz));
    }
}

fn check_bash(name: &str, script: &str) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("teardown.sh");
    std::fs::write(&path, script).expect("the script is written");
    let output = Command::new("bash")
        .arg("-n")
        .arg(&path)
        .output()
        .expect("bash runs");
    assert!(
        output.status.success(),
        "{name}: bash -n: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    match Command::new("shellcheck").arg(&path).output() {
        Ok(output) => assert!(
            output.status.success(),
            "{name}: shellcheck:\n{}\n{script}",
            String::from_utf8_lossy(&output.stdout)
        ),
        Err(error) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "`shellcheck` not found ({error}): CI must check the teardown scripts"
            );
            eprintln!("shellcheck skipped: not found ({error})");
        }
    }
}

static RUNS: AtomicUsize = AtomicUsize::new(0);

const FAKE_AZ: &str = r#"
az() {
  { printf '%s\0' "$@"; printf '__end_of_call__\0'; } >> "$AZ_RECORD"
  case " $* " in
    *" --query "*) echo "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Compute/disks/d" ;;
  esac
}
"#;

/// Runs `script` with real bash, `az` recorded: the exit status and the calls, each as its words.
fn run(script: &str) -> (bool, Vec<Vec<String>>) {
    let record: PathBuf = std::env::temp_dir().join(format!(
        "sigil-teardown-test-{}-{}",
        std::process::id(),
        RUNS.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::write(&record, b"").expect("the record file is writable");
    let output = Command::new("bash")
        .arg("--noprofile")
        .arg("--norc")
        .arg("-c")
        .arg(format!("{FAKE_AZ}\n{script}"))
        .env("AZ_RECORD", &record)
        .stdin(Stdio::null())
        .output()
        .expect("bash runs");
    let raw = std::fs::read(&record).expect("the record is readable");
    let _ = std::fs::remove_file(&record);
    let mut calls = Vec::new();
    let mut call = Vec::new();
    for word in raw.split(|byte| *byte == 0) {
        if word == b"__end_of_call__" {
            calls.push(std::mem::take(&mut call));
        } else if !word.is_empty() || !call.is_empty() || !calls.is_empty() {
            call.push(String::from_utf8(word.to_vec()).expect("UTF-8"));
        }
    }
    (output.status.success(), calls)
}

fn value_of<'c>(call: &'c [String], flag: &str) -> Option<&'c str> {
    call.iter()
        .position(|word| word == flag)
        .and_then(|index| call.get(index + 1))
        .map(String::as_str)
}

#[test]
fn every_example_runs_to_the_end_under_bash() {
    for name in example_names() {
        let (success, calls) = run(&teardown(&example(&name), Format::TeardownAz));
        assert!(success, "{name}");
        assert!(!calls.is_empty(), "{name}");
        // The disk ids az vm show printed reach az disk delete, one word each.
        for call in calls
            .iter()
            .filter(|call| call.starts_with(&["disk".into()]))
        {
            assert_eq!(
                value_of(call, "--ids"),
                Some("/subscriptions/0/resourceGroups/rg/providers/Microsoft.Compute/disks/d")
            );
        }
    }
}

#[test]
fn a_hostile_assignee_and_group_reach_az_as_written() {
    let assignee = "it's $HOME `id` \\ \u{2019}x";
    let mut spec = example("quickstart-names");
    for assignment in &mut spec.role_assignments {
        assignment.assignee = Some(assignee.to_owned());
        assignment.assignee_object_id = None;
    }
    let group = "rg-(x).y";
    for vm in &mut spec.vms {
        vm.resource_group = Some(group.to_owned());
    }
    let script = teardown(&spec, Format::TeardownAz);
    check_bash("hostile", &script);
    let (success, calls) = run(&script);
    assert!(success, "{script}");
    let delete = calls
        .iter()
        .find(|call| call.starts_with(&["role".into(), "assignment".into(), "delete".into()]))
        .expect("a role assignment deletion");
    assert_eq!(value_of(delete, "--assignee"), Some(assignee));
    let vm_delete = calls
        .iter()
        .find(|call| call.starts_with(&["vm".into(), "delete".into()]))
        .expect("a VM deletion");
    assert_eq!(value_of(vm_delete, "--resource-group"), Some(group));
}
