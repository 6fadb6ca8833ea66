//! `sigil plan` end to end: each kind of change (creations, an update of every updatable property, deletions,
//! every refused change, no change) pinned by insta snapshots in both script languages, the CLI's behaviour
//! (`-o FILE`, `--base REV` in a throwaway git repository, specs with errors), and every az plan put through
//! `bash -n` and shellcheck.
//!
//! shellcheck is taken from `PATH`: without it that check is skipped with a note, unless `CI` is set (CI
//! installs it, `.ci/test`), where its absence fails the test.

use std::env;
use std::fs;
use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn transcript(&self) -> String {
        format!(
            "exit {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
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

/// A folder holding `old.toml` and `new.toml`.
fn specs(old: &str, new: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("old.toml"), old).unwrap();
    fs::write(dir.path().join("new.toml"), new).unwrap();
    dir
}

/// `sigil plan old.toml new.toml --format FORMAT` in `dir`, the script on standard output.
fn plan(dir: &Path, format: &str) -> Run {
    let run = sigil_in(dir, &["plan", "old.toml", "new.toml", "--format", format]);
    if format == "az" && run.code == 0 && !run.stdout.is_empty() {
        check_bash(&run.stdout);
    }
    run
}

const GROUP: &str = r#"[resource-group]
name = "myGalleryRG"
location = "eastus"
"#;

const SOURCE: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/img/providers/Microsoft.Compute/images/ubuntu-1";

const SSH_KEY: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH3xq9Tm0Zb2KqN8wV7d5Lr6eYcP1sJfUo4gHtA2iBxQ azureuser@example";

/// A gallery, a definition and a version, each with `extra` lines (`[gallery, definition, version]`) added to
/// its table, then `more` (role assignments, VMs, other resources).
fn spec(extra: [&str; 3], more: &str) -> String {
    let [gallery, definition, version] = extra;
    format!(
        r#"{GROUP}
[[gallery]]
name = "myGallery"
{gallery}
[[image-definition]]
gallery = "myGallery"
name = "ubuntu"
publisher = "contoso"
offer = "ubuntu"
sku = "24.04"
os-type = "Linux"
os-state = "Generalized"
{definition}
[[image-version]]
gallery = "myGallery"
image-definition = "ubuntu"
name = "1.0.0"
managed-image = "{SOURCE}"
{version}
{more}"#
    )
}

/// A role assignment on the gallery and a VM from the version.
fn grant_and_vm() -> String {
    format!(
        r#"
[[role-assignment]]
scope = "myGallery"
role = "Reader"
assignee = "someone@example.com"

[[vm]]
name = "app-vm-01"
image = "myGallery/ubuntu/1.0.0"
admin-username = "azureuser"
ssh-key-value = "{SSH_KEY}"
"#
    )
}

/// Runs the plan in both languages and pins each transcript as `NAME-az` and `NAME-pwsh`.
fn snapshot_both(name: &str, old: &str, new: &str, code: i32) -> [Run; 2] {
    let dir = specs(old, new);
    let runs = ["az", "pwsh"].map(|format| {
        let run = plan(dir.path(), format);
        assert_eq!(run.code, code, "{format}\n{}", run.transcript());
        insta::assert_snapshot!(format!("{name}-{format}"), run.transcript());
        run
    });
    // The summary does not depend on the language.
    assert_eq!(runs[0].stderr, runs[1].stderr);
    runs
}

/// Where each of `needles` first appears in `text`, which must hold them all in this order.
fn assert_in_order(text: &str, needles: &[&str]) {
    let positions: Vec<usize> = needles
        .iter()
        .map(|needle| {
            text.find(needle)
                .unwrap_or_else(|| panic!("`{needle}` not in\n{text}"))
        })
        .collect();
    assert!(
        positions.is_sorted(),
        "expected in the order {needles:?}, found at {positions:?}\n{text}"
    );
}

#[test]
fn creations_come_parents_first() {
    let new = spec(["", "", ""], &grant_and_vm());
    let [az, pwsh] = snapshot_both("creations", GROUP, &new, 0);
    assert!(
        az.stderr
            .contains("Plan: 5 to create, 0 to update, 0 to delete."),
        "{}",
        az.stderr
    );
    assert_in_order(
        &az.stdout,
        &[
            "az sig create",
            "az sig image-definition create",
            "az sig image-version create",
            "az role assignment create",
            "az vm create",
        ],
    );
    assert_in_order(
        &pwsh.stdout,
        &[
            "New-AzGallery ",
            "New-AzGalleryImageDefinition ",
            "New-AzGalleryImageVersion ",
            "New-AzRoleAssignment ",
            "New-AzVM ",
        ],
    );
    // Nothing exists yet, so nothing is deleted, updated or only checked.
    for absent in ["delete", "update", " show "] {
        assert!(!az.stdout.contains(&format!("az sig {absent}")), "{absent}");
    }
}

#[test]
fn a_new_child_of_existing_parents_only_checks_them() {
    let old = spec(["", "", ""], "");
    let new = spec(
        ["", "", ""],
        &format!(
            r#"
[[image-version]]
gallery = "myGallery"
image-definition = "ubuntu"
name = "1.1.0"
managed-image = "{SOURCE}"
"#
        ),
    );
    let [az, pwsh] = snapshot_both("creation-under-existing-parents", &old, &new, 0);
    assert!(
        az.stderr
            .contains("+ create image version myGallery/ubuntu/1.1.0")
    );
    assert!(!az.stdout.contains("az sig create"), "{}", az.stdout);
    assert!(!az.stdout.contains("az sig image-definition create"));
    assert!(az.stdout.contains("az sig show"));
    assert!(!pwsh.stdout.contains("New-AzGallery "), "{}", pwsh.stdout);
    assert!(!pwsh.stdout.contains("New-AzGalleryImageDefinition "));
}

#[test]
fn every_updatable_property_of_a_gallery_changes_in_one_update() {
    let old = spec([r#"description = "Images of the team""#, "", ""], "");
    let new = spec(
        [
            r#"description = "Images of the team, 'quoted' $(not run) `and` \\ back"
tags = { team = "platform", "cost center" = "a b" }"#,
            "",
            "",
        ],
        "",
    );
    snapshot_both("update-gallery", &old, &new, 0);
}

#[test]
fn every_updatable_property_of_a_definition_changes_in_one_update() {
    let old = spec(
        [
            "",
            r#"description = "a"
end-of-life-date = "2030-01-01"
eula = "old terms"
release-note-uri = "https://example.com/notes/1"
privacy-statement-uri = "https://example.com/privacy/1"
minimum-cpu-core = 1
maximum-cpu-core = 4
minimum-memory = 1
maximum-memory = 8
disallowed-disk-types = ["Standard_LRS"]
tags = { team = "a" }"#,
            "",
        ],
        "",
    );
    let new = spec(
        [
            "",
            r#"description = "b"
end-of-life-date = "2031-12-31"
eula = "new terms"
release-note-uri = "https://example.com/notes/2"
privacy-statement-uri = "https://example.com/privacy/2"
minimum-cpu-core = 2
maximum-cpu-core = 8
minimum-memory = 4
maximum-memory = 16
disallowed-disk-types = ["Standard_LRS", "Premium_LRS"]
tags = { team = "b" }"#,
            "",
        ],
        "",
    );
    snapshot_both("update-definition", &old, &new, 0);
}

#[test]
fn every_updatable_property_of_a_version_changes_in_one_update() {
    let old = spec(["", "", r#"end-of-life-date = "2030-01-01""#], "");
    let new = spec(
        [
            "",
            "",
            r#"target-regions = [{ name = "eastus" }, { name = "westus", replica-count = 3, exclude-from-latest = true }]
replica-count = 2
exclude-from-latest = true
end-of-life-date = "2031-12-31"
tags = { release = "2031" }"#,
        ],
        "",
    );
    snapshot_both("update-version", &old, &new, 0);
}

/// Retiring a version is the documented update of its two publishing properties (exclusion from latest, end of
/// life), nothing else: its regions follow the version-wide exclusion. A newer version stays in latest.
#[test]
fn retiring_a_version_excludes_it_from_latest_and_sets_its_end_of_life() {
    let newer = format!(
        r#"
[[image-version]]
gallery = "myGallery"
image-definition = "ubuntu"
name = "1.1.0"
managed-image = "{SOURCE}"
"#
    );
    let regions = r#"target-regions = [{ name = "eastus" }, { name = "westus" }]"#;
    let old = spec(["", "", regions], &newer);
    let new = spec(
        [
            "",
            "",
            &format!("{regions}\nretired = true\nend-of-life-date = \"2031-12-31\""),
        ],
        &newer,
    );
    let [az, pwsh] = snapshot_both("retire-version", &old, &new, 0);
    assert!(
        az.stdout.contains(
            "--set publishingProfile.excludeFromLatest=true \\\n  --set 'publishingProfile.endOfLifeDate=\"2031-12-31T00:00:00Z\"'"
        ),
        "{}",
        az.stdout
    );
    assert!(!az.stdout.contains("--target-regions"), "{}", az.stdout);
    assert!(
        pwsh.stdout
            .contains("-PublishingProfileExcludeFromLatest:$true")
            && pwsh
                .stdout
                .contains("-PublishingProfileEndOfLifeDate '2031-12-31T00:00:00Z'"),
        "{}",
        pwsh.stdout
    );
    assert!(!az.stderr.contains("warning"), "{}", az.stderr);
}

/// One updatable property: the table it is in (0 gallery, 1 definition, 2 version), its line in OLD and NEW,
/// its key in the summary, and what the az and PowerShell updates write for it.
struct Updatable {
    table: usize,
    old: &'static str,
    new: &'static str,
    key: &'static str,
    az: &'static str,
    pwsh: &'static str,
}

const UPDATABLE: &[Updatable] = &[
    Updatable {
        table: 0,
        old: r#"description = "a""#,
        new: r#"description = "b""#,
        key: "description",
        az: "az sig update",
        pwsh: "-Description 'b'",
    },
    Updatable {
        table: 0,
        old: "",
        new: r#"tags = { team = "platform" }"#,
        key: "tags",
        az: r#"--set 'tags={"team":"platform"}'"#,
        pwsh: "-Tag @{ 'team' = 'platform' }",
    },
    Updatable {
        table: 1,
        old: r#"description = "a""#,
        new: r#"description = "b""#,
        key: "description",
        az: r#"--set 'description="b"'"#,
        pwsh: "-Description 'b'",
    },
    Updatable {
        table: 1,
        old: "",
        new: r#"end-of-life-date = "2031-12-31""#,
        key: "end-of-life-date",
        az: r#"--set 'endOfLifeDate="2031-12-31T00:00:00Z"'"#,
        pwsh: "-EndOfLifeDate '2031-12-31T00:00:00Z'",
    },
    Updatable {
        table: 1,
        old: r#"eula = "a""#,
        new: r#"eula = "b""#,
        key: "eula",
        az: r#"--set 'eula="b"'"#,
        pwsh: "-Eula 'b'",
    },
    Updatable {
        table: 1,
        old: "",
        new: r#"release-note-uri = "https://example.com/notes""#,
        key: "release-note-uri",
        az: r#"--set 'releaseNoteUri="https://example.com/notes"'"#,
        pwsh: "-ReleaseNoteUri 'https://example.com/notes'",
    },
    Updatable {
        table: 1,
        old: "",
        new: r#"privacy-statement-uri = "https://example.com/privacy""#,
        key: "privacy-statement-uri",
        az: r#"--set 'privacyStatementUri="https://example.com/privacy"'"#,
        pwsh: "-PrivacyStatementUri 'https://example.com/privacy'",
    },
    Updatable {
        table: 1,
        old: "minimum-cpu-core = 1",
        new: "minimum-cpu-core = 2",
        key: "minimum-cpu-core",
        az: r#"--set 'recommended={"vCPUs":{"min":2}}'"#,
        pwsh: "-MinimumVCPU 2",
    },
    Updatable {
        table: 1,
        old: "maximum-cpu-core = 4",
        new: "maximum-cpu-core = 8",
        key: "maximum-cpu-core",
        az: r#"--set 'recommended={"vCPUs":{"max":8}}'"#,
        pwsh: "-MaximumVCPU 8",
    },
    Updatable {
        table: 1,
        old: "minimum-memory = 1",
        new: "minimum-memory = 2",
        key: "minimum-memory",
        az: r#"--set 'recommended={"memory":{"min":2}}'"#,
        pwsh: "-MinimumMemory 2",
    },
    Updatable {
        table: 1,
        old: "maximum-memory = 8",
        new: "maximum-memory = 16",
        key: "maximum-memory",
        az: r#"--set 'recommended={"memory":{"max":16}}'"#,
        pwsh: "-MaximumMemory 16",
    },
    Updatable {
        table: 1,
        old: "",
        new: r#"disallowed-disk-types = ["Standard_LRS"]"#,
        key: "disallowed-disk-types",
        az: r#"--set 'disallowed={"diskTypes":["Standard_LRS"]}'"#,
        pwsh: "-DisallowedDiskType @('Standard_LRS')",
    },
    Updatable {
        table: 1,
        old: r#"tags = { a = "1" }"#,
        new: r#"tags = { a = "2" }"#,
        key: "tags",
        az: r#"--set 'tags={"a":"2"}'"#,
        pwsh: "-Tag @{ 'a' = '2' }",
    },
    Updatable {
        table: 2,
        old: "",
        new: r#"target-regions = [{ name = "eastus" }, { name = "westus" }]"#,
        key: "target-regions",
        az: "--target-regions eastus=1=Standard_LRS westus=1=Standard_LRS",
        pwsh: "-TargetRegion @(@{ Name = 'eastus'; ReplicaCount = 1; StorageAccountType = 'Standard_LRS' }, @{ Name = 'westus'; ReplicaCount = 1; StorageAccountType = 'Standard_LRS' })",
    },
    Updatable {
        table: 2,
        old: "",
        new: "replica-count = 3",
        key: "replica-count",
        az: "--replica-count 3",
        pwsh: "-ReplicaCount 3",
    },
    Updatable {
        table: 2,
        old: "",
        new: "exclude-from-latest = true",
        key: "exclude-from-latest",
        az: "--set publishingProfile.excludeFromLatest=true",
        pwsh: "-PublishingProfileExcludeFromLatest:$true",
    },
    Updatable {
        table: 2,
        old: "",
        new: r#"end-of-life-date = "2031-12-31""#,
        key: "end-of-life-date",
        az: r#"--set 'publishingProfile.endOfLifeDate="2031-12-31T00:00:00Z"'"#,
        pwsh: "-PublishingProfileEndOfLifeDate '2031-12-31T00:00:00Z'",
    },
    Updatable {
        table: 2,
        old: r#"tags = { a = "1" }"#,
        new: "",
        key: "tags",
        az: "--set 'tags={}'",
        pwsh: "-Tag @{  }",
    },
];

#[test]
fn each_updatable_property_alone_is_one_update_of_that_property() {
    let commands = [
        ("az sig update", "Update-AzGallery"),
        (
            "az sig image-definition update",
            "Update-AzGalleryImageDefinition",
        ),
        (
            "az sig image-version update",
            "Update-AzGalleryImageVersion",
        ),
    ];
    let nouns = ["gallery", "image definition", "image version"];
    for case in UPDATABLE {
        let lines = |line: &'static str| {
            let mut extra = ["", "", ""];
            extra[case.table] = line;
            spec(extra, "")
        };
        let dir = specs(&lines(case.old), &lines(case.new));
        let what = format!("{} `{}` → `{}`", nouns[case.table], case.old, case.new);
        let az = plan(dir.path(), "az");
        let pwsh = plan(dir.path(), "pwsh");
        assert_eq!(az.code, 0, "{what}\n{}", az.transcript());
        assert_eq!(pwsh.code, 0, "{what}\n{}", pwsh.transcript());
        let updates: Vec<&str> = az
            .stderr
            .lines()
            .filter(|line| line.starts_with("~ update"))
            .collect();
        assert_eq!(updates.len(), 1, "{what}\n{}", az.stderr);
        assert!(
            updates[0].starts_with(&format!("~ update {} ", nouns[case.table]))
                && (updates[0].contains(&format!(": {} ", case.key))
                    || updates[0].contains(&format!("; {} ", case.key))),
            "{what}: {}",
            updates[0]
        );
        assert!(
            az.stderr
                .contains("Plan: 0 to create, 1 to update, 0 to delete."),
            "{what}\n{}",
            az.stderr
        );
        let (az_command, cmdlet) = commands[case.table];
        assert!(az.stdout.contains(az_command), "{what}\n{}", az.stdout);
        assert!(az.stdout.contains(case.az), "{what}\n{}", az.stdout);
        assert!(pwsh.stdout.contains(cmdlet), "{what}\n{}", pwsh.stdout);
        assert!(pwsh.stdout.contains(case.pwsh), "{what}\n{}", pwsh.stdout);
        // An update creates nothing: no creation section, so no resource group command.
        assert!(!az.stdout.contains("az group create"), "{what}");
        assert!(!pwsh.stdout.contains("New-AzResourceGroup"), "{what}");
    }
}

#[test]
fn deletions_come_children_first_and_role_assignments_before_all() {
    let old = spec(["", "", ""], &grant_and_vm());
    let [az, pwsh] = snapshot_both("deletions", &old, GROUP, 0);
    assert!(
        az.stderr
            .contains("Plan: 0 to create, 0 to update, 5 to delete.")
    );
    assert_in_order(
        &az.stdout,
        &[
            "az role assignment delete",
            "az vm delete",
            "az sig image-version delete",
            "az sig image-definition delete",
            "az sig delete",
        ],
    );
    assert_in_order(
        &pwsh.stdout,
        &[
            "Remove-AzRoleAssignment",
            "Remove-AzVM",
            "Remove-AzGalleryImageVersion",
            "Remove-AzGalleryImageDefinition",
            "Remove-AzGallery ",
        ],
    );
    assert!(!az.stdout.contains("create"), "{}", az.stdout);
}

/// A change the service refuses: OLD, NEW, the rule, and what the message must name.
struct Refused {
    name: &'static str,
    old: String,
    new: String,
    rule: &'static str,
    names: &'static [&'static str],
}

fn refused_cases() -> Vec<Refused> {
    let base = spec(["", "", ""], "");
    let vm = |size: &str| {
        spec(
            ["", "", ""],
            &format!(
                "\n[[vm]]\nname = \"app-vm-01\"\nimage = \"myGallery/ubuntu/1.0.0\"\nadmin-username = \"azureuser\"\nssh-key-value = \"{SSH_KEY}\"\nsize = \"{size}\"\n"
            ),
        )
    };
    vec![
        Refused {
            name: "SIG015",
            old: base.clone(),
            new: base.replace("myGalleryRG", "otherRG"),
            rule: "SIG015",
            names: &["`myGalleryRG`", "`otherRG`", "create them in the new group"],
        },
        Refused {
            name: "SIG016",
            old: spec(["", r#"description = "a""#, ""], ""),
            new: base.clone(),
            rule: "SIG016",
            names: &["description", "\"a\"", "keep a value, or remove it by hand"],
        },
        Refused {
            name: "SIG106",
            old: spec(["soft-delete = false", "", ""], ""),
            new: spec(["soft-delete = true", "", ""], ""),
            rule: "SIG106",
            names: &["soft-delete", "false", "true", "create a new gallery"],
        },
        Refused {
            name: "SIG217",
            old: base.clone(),
            new: base.replace(r#"os-state = "Generalized""#, r#"os-state = "Specialized""#),
            rule: "SIG217",
            names: &[
                "os-state",
                "Generalized",
                "Specialized",
                "create a new image definition",
            ],
        },
        Refused {
            name: "SIG315",
            old: base.clone(),
            new: spec(["", "", r#"storage-account-type = "Standard_ZRS""#], ""),
            rule: "SIG315",
            names: &[
                "storage-account-type",
                "Standard_LRS",
                "Standard_ZRS",
                "publish a new version",
            ],
        },
        Refused {
            name: "SIG705",
            old: vm("Standard_D2s_v5"),
            new: vm("Standard_D4s_v5"),
            rule: "SIG705",
            names: &[
                "size",
                "Standard_D2s_v5",
                "Standard_D4s_v5",
                "give the VM a new name",
            ],
        },
    ]
}

#[test]
fn a_change_the_service_refuses_is_an_error_naming_both_values_and_nothing_is_written() {
    for case in refused_cases() {
        let dir = specs(&case.old, &case.new);
        for format in ["az", "pwsh"] {
            let run = sigil_in(
                dir.path(),
                &[
                    "plan", "old.toml", "new.toml", "--format", format, "-o", "plan.out",
                ],
            );
            assert_eq!(run.code, 1, "{}\n{}", case.name, run.transcript());
            assert!(run.stdout.is_empty(), "{}", case.name);
            assert!(
                !dir.path().join("plan.out").exists(),
                "{}: a refused plan writes no script",
                case.name
            );
            assert!(
                run.stderr.contains(&format!("[{}]", case.rule)),
                "{}\n{}",
                case.name,
                run.stderr
            );
            for name in case.names {
                assert!(
                    run.stderr.contains(name),
                    "{}: `{name}` not in\n{}",
                    case.name,
                    run.stderr
                );
            }
            assert!(run.stderr.contains("no plan was written"), "{}", run.stderr);
            if format == "az" {
                insta::assert_snapshot!(format!("refused-{}", case.name), run.transcript());
            }
        }
    }
}

#[test]
fn no_change_says_so_and_writes_nothing() {
    // The same resources, written differently: names in another case, defaults stated, tables reordered.
    let old = spec(["", "", ""], &grant_and_vm());
    let new = spec(
        [
            "",
            r#"hyper-v-generation = "V2"
architecture = "x64""#,
            "replica-count = 1\nexclude-from-latest = false",
        ],
        &grant_and_vm(),
    )
    .replace("scope = \"myGallery\"", "scope = \"MYGALLERY\"");
    let dir = specs(&old, &new);
    for format in ["az", "pwsh"] {
        let run = sigil_in(
            dir.path(),
            &[
                "plan", "old.toml", "new.toml", "--format", format, "-o", "plan.out",
            ],
        );
        assert_eq!(run.code, 0, "{}", run.transcript());
        assert!(run.stdout.is_empty());
        assert!(!dir.path().join("plan.out").exists());
        insta::assert_snapshot!("no-change", run.transcript());
        let to_stdout = plan(dir.path(), format);
        assert_eq!((to_stdout.code, to_stdout.stdout.as_str()), (0, ""));
    }
}

#[test]
fn with_o_the_script_goes_to_the_file_and_the_summary_to_stderr() {
    let dir = specs(
        &spec(["", "", ""], ""),
        &spec([r#"description = "b""#, "", ""], ""),
    );
    for format in ["az", "pwsh"] {
        let to_stdout = plan(dir.path(), format);
        let to_file = sigil_in(
            dir.path(),
            &[
                "plan", "old.toml", "new.toml", "--format", format, "-o", "plan.out",
            ],
        );
        assert_eq!(to_file.code, 0, "{}", to_file.transcript());
        assert!(to_file.stdout.is_empty(), "{}", to_file.stdout);
        assert_eq!(to_file.stderr, to_stdout.stderr);
        assert!(
            to_file
                .stderr
                .contains("~ update gallery myGallery: description")
        );
        let written = fs::read_to_string(dir.path().join("plan.out")).unwrap();
        assert_eq!(written, to_stdout.stdout);
    }
}

fn git(dir: &Path, args: &[&str]) {
    let output = Process::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn base_reads_old_from_git() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("infra");
    fs::create_dir(&folder).unwrap();
    let spec_path = folder.join("sigil.toml");
    let old = spec(["", "", ""], "");
    let new = spec([r#"description = "b""#, "", ""], &grant_and_vm());
    git(dir.path(), &["init", "--quiet"]);
    fs::write(&spec_path, &old).unwrap();
    git(dir.path(), &["add", "infra/sigil.toml"]);
    git(dir.path(), &["commit", "--quiet", "-m", "old"]);
    fs::write(&spec_path, &new).unwrap();

    // The same plan as OLD and NEW given as files, from the repository's root and from the spec's folder.
    let files = specs(&old, &new);
    let expected = plan(files.path(), "az");
    assert_eq!(expected.code, 0, "{}", expected.transcript());
    for (cwd, path) in [
        (dir.path(), "infra/sigil.toml"),
        (folder.as_path(), "sigil.toml"),
    ] {
        let run = sigil_in(cwd, &["plan", "--base", "HEAD", path, "--format", "az"]);
        assert_eq!(run.code, 0, "{}", run.transcript());
        assert_eq!(run.stderr, expected.stderr);
        assert_eq!(
            run.stdout,
            expected.stdout.replace("new.toml", "sigil.toml"),
            "the script names NEW's file"
        );
    }

    // A file absent at REV: everything is created.
    let other = folder.join("other.toml");
    fs::write(&other, &old).unwrap();
    let run = sigil_in(
        &folder,
        &["plan", "--base", "HEAD", "other.toml", "--format", "az"],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stderr
            .contains("Plan: 3 to create, 0 to update, 0 to delete."),
        "{}",
        run.stderr
    );
    check_bash(&run.stdout);

    // A revision git does not know, and OLD given twice: usage errors.
    let run = sigil_in(
        &folder,
        &["plan", "--base", "nope", "sigil.toml", "--format", "az"],
    );
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("nope"), "{}", run.stderr);
    let run = sigil_in(
        &folder,
        &[
            "plan",
            "--base",
            "HEAD",
            "sigil.toml",
            "other.toml",
            "--format",
            "az",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.transcript());
}

#[test]
fn a_spec_with_errors_exits_as_validate_does_and_writes_nothing() {
    let good = spec(["", "", ""], "");
    // A rule error (a dash in a gallery name: SIG102), and a syntax error.
    let rule_error = good.replace("myGallery", "my-gallery");
    let syntax_error = format!("{good}\n[[gallery]\n");
    for (bad, code) in [(&rule_error, 1), (&syntax_error, 2)] {
        for (old, new) in [(&good, bad), (bad, &good)] {
            let dir = specs(old, new);
            let bad_file = if new == bad { "new.toml" } else { "old.toml" };
            let validate = sigil_in(dir.path(), &["validate", bad_file]);
            assert_eq!(validate.code, code, "{}", validate.transcript());
            let run = sigil_in(
                dir.path(),
                &[
                    "plan", "old.toml", "new.toml", "--format", "az", "-o", "plan.out",
                ],
            );
            assert_eq!(run.code, validate.code, "{}", run.transcript());
            assert!(run.stdout.is_empty());
            assert!(!dir.path().join("plan.out").exists());
            assert!(run.stderr.contains(bad_file), "{}", run.stderr);
            if code == 1 {
                assert!(run.stderr.contains("SIG102"), "{}", run.stderr);
            }
        }
    }
}

/// `bash -n`, then shellcheck when it can be found.
fn check_bash(script: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.sh");
    fs::write(&path, script).unwrap();
    let output = Process::new("bash")
        .arg("-n")
        .arg(&path)
        .output()
        .expect("bash runs");
    assert!(
        output.status.success(),
        "bash -n: {}\n{script}",
        String::from_utf8_lossy(&output.stderr)
    );
    match Process::new("shellcheck").arg(&path).output() {
        Ok(output) => assert!(
            output.status.success(),
            "shellcheck:\n{}\n{script}",
            String::from_utf8_lossy(&output.stdout)
        ),
        Err(error) => {
            assert!(
                env::var_os("CI").is_none(),
                "`shellcheck` not found ({error}): CI must check the plans (.ci/test installs it)"
            );
            eprintln!("shellcheck skipped: not found ({error}); `.ci/test` installs it");
        }
    }
}
