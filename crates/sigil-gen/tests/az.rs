//! `deploy.sh`: snapshots of every example; the documented commands of the seed; every spec value in its
//! command; the routes around what the az CLI cannot send; scripts run by a real bash with `az` recorded
//! (hostile values arrive as exactly the spec's text, role assignments get the template's names, the admin
//! password comes from the environment); and property tests that `quote::bash` round-trips any string through
//! `shlex` and through bash itself.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use serde_json::Value;
use sigil_core::model::Spec;
use sigil_gen::{Format, Options, Plan, quote, render};

const EXAMPLES: &[&str] = &[
    "existing-gallery",
    "linux-arm64",
    "seed",
    "specialized-vm",
    "vm-other-group",
    "windows-trusted-launch",
];

fn example(name: &str) -> Spec {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name)
        .join("sigil.toml");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    toml::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn spec(text: &str) -> Spec {
    toml::from_str(text).unwrap_or_else(|error| panic!("{error}"))
}

fn options() -> Options {
    Options {
        source_name: "sigil.toml".to_owned(),
        date: jiff::civil::Date::constant(2026, 1, 1),
    }
}

fn script(spec: &Spec) -> String {
    let plan = Plan::new(spec).expect("the spec plans");
    render(&plan, Format::Az, &options()).expect("the script renders")
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Quote {
    None,
    Single,
    Double,
}

/// The script's commands as a reader sees them: continuation lines joined (a quoted value keeps its line
/// breaks), comments and blank lines left out.
fn commands(script: &str) -> Vec<String> {
    let mut commands = Vec::new();
    let mut current = String::new();
    let mut state = Quote::None;
    for line in script.lines() {
        let starts_quoted = state != Quote::None;
        if !starts_quoted
            && current.is_empty()
            && (line.trim().is_empty() || line.trim_start().starts_with('#'))
        {
            continue;
        }
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            state = match (state, c) {
                (Quote::None | Quote::Double, '\\') => {
                    chars.next();
                    state
                }
                (Quote::None, '\'') => Quote::Single,
                (Quote::None, '"') => Quote::Double,
                (Quote::Single, '\'') | (Quote::Double, '"') => Quote::None,
                (state, _) => state,
            };
        }
        let text = if starts_quoted {
            line
        } else {
            line.trim_start()
        };
        if state != Quote::None {
            current.push_str(text);
            current.push('\n');
        } else if let Some(continued) = text.strip_suffix('\\') {
            current.push_str(continued);
        } else {
            current.push_str(text);
            commands.push(std::mem::take(&mut current));
        }
    }
    commands
}

/// The first command starting with `prefix`, split into words as bash would.
fn words(script: &str, prefix: &str) -> Vec<String> {
    let command = commands(script)
        .into_iter()
        .find(|command| command.starts_with(prefix))
        .unwrap_or_else(|| panic!("no command starts with `{prefix}` in:\n{script}"));
    shlex::split(&command).unwrap_or_else(|| panic!("`{command}` does not split"))
}

/// The value of `flag` in split `words`: the next word, or what follows `=` in `--flag=value`.
fn value_of<'w>(words: &'w [String], flag: &str) -> Option<&'w str> {
    words.iter().enumerate().find_map(|(index, word)| {
        if word == flag {
            words.get(index + 1).map(String::as_str)
        } else {
            word.strip_prefix(flag)
                .and_then(|rest| rest.strip_prefix('='))
        }
    })
}

/// The values of `flag` up to the next flag.
fn values_of<'w>(words: &'w [String], flag: &str) -> Vec<&'w str> {
    let Some(start) = words.iter().position(|word| word == flag) else {
        return Vec::new();
    };
    words[start + 1..]
        .iter()
        .take_while(|word| !word.starts_with("--"))
        .map(String::as_str)
        .collect()
}

// ------------------------------------------------------------------------------------------------ snapshots

#[test]
fn snapshots_of_every_example() {
    for name in EXAMPLES {
        insta::assert_snapshot!(*name, script(&example(name)));
    }
}

#[test]
fn the_same_spec_gives_the_same_bytes() {
    for name in EXAMPLES {
        assert_eq!(script(&example(name)), script(&example(name)), "{name}");
    }
}

#[test]
fn every_script_starts_as_documented() {
    for name in EXAMPLES {
        let text = script(&example(name));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "#!/usr/bin/env bash", "{name}");
        assert!(
            lines[1].starts_with("# Generated by sigil from sigil.toml"),
            "{name}: {}",
            lines[1]
        );
        assert!(lines.contains(&"set -euo pipefail"), "{name}");
        assert!(
            text.ends_with('\n') && !text.ends_with("\n\n"),
            "{name}: one final newline"
        );
    }
}

// ------------------------------------------------------------------------------------------ the seed, as documented

#[test]
fn the_seed_holds_the_documented_commands() {
    let commands = commands(&script(&example("seed")));
    for documented in [
        "az group create --name myGalleryRG --location eastus",
        "az sig create --resource-group myGalleryRG --gallery-name myGallery",
        "az sig image-definition create --resource-group myGalleryRG --gallery-name myGallery \
         --gallery-image-definition myImageDefinition --publisher myPublisher --offer myOffer --sku 16.04-LTS \
         --os-type Linux --os-state specialized",
        "az sig show --resource-group myGalleryRG --gallery-name myGallery --query id -o tsv",
        "az role assignment create --role Reader --assignee someone@example.com --scope \"$galleryId\"",
    ] {
        assert!(
            commands.iter().any(|command| command.contains(documented)),
            "`{documented}` is not in:\n{}",
            commands.join("\n")
        );
    }
}

#[test]
fn image_definitions_state_generation_and_security_type() {
    let seed = script(&example("seed"));
    let seed_words = words(&seed, "az sig image-definition create");
    assert_eq!(value_of(&seed_words, "--hyper-v-generation"), Some("V2"));
    assert_eq!(
        value_of(&seed_words, "--features"),
        Some("SecurityType=TrustedLaunchSupported")
    );
    assert_eq!(value_of(&seed_words, "--architecture"), Some("x64"));

    let windows = script(&example("windows-trusted-launch"));
    let windows_words = words(&windows, "az sig image-definition create");
    assert_eq!(
        value_of(&windows_words, "--features"),
        Some(
            "SecurityType=TrustedLaunch IsAcceleratedNetworkSupported=True DiskControllerTypes=SCSI,NVMe"
        ),
        "one argument, split on spaces by the CLI"
    );
    let specialized = script(&example("specialized-vm"));
    let specialized_words = words(&specialized, "az sig image-definition create");
    assert_eq!(
        value_of(&specialized_words, "--hyper-v-generation"),
        Some("V1")
    );
    assert_eq!(
        value_of(&specialized_words, "--features"),
        Some("SecurityType=Standard")
    );
}

// ------------------------------------------------------------------------------ every property in its command

#[test]
fn every_property_of_the_windows_example_is_in_its_command() {
    let text = script(&example("windows-trusted-launch"));
    let gallery = words(&text, "az sig create");
    assert_eq!(
        value_of(&gallery, "--gallery-name"),
        Some("corp.images_prod")
    );
    assert_eq!(
        value_of(&gallery, "--description"),
        Some("Golden images for the platform team")
    );
    assert_eq!(
        values_of(&gallery, "--tags"),
        ["costCenter=4711", "owner=platform"]
    );
    assert_eq!(value_of(&gallery, "--soft-delete"), Some("true"));

    let definition = words(&text, "az sig image-definition create");
    for (flag, value) in [
        ("--resource-group", "rg-images-prod"),
        (
            "--gallery-image-definition",
            "win2022-datacenter-azure-edition",
        ),
        ("--publisher", "Contoso"),
        ("--offer", "WindowsServer"),
        ("--sku", "2022-datacenter-azure-edition"),
        ("--os-type", "Windows"),
        ("--os-state", "generalized"),
        ("--minimum-cpu-core", "2"),
        ("--maximum-cpu-core", "32"),
        ("--minimum-memory", "4"),
        ("--maximum-memory", "128"),
        ("--end-of-life-date", "2031-12-31T00:00:00Z"),
        ("--eula", "https://contoso.example/eula"),
        ("--tags", "os=windows"),
    ] {
        assert_eq!(value_of(&definition, flag), Some(value), "{flag}");
    }
    let update = words(&text, "az sig image-definition update");
    assert_eq!(
        values_of(&update, "--set"),
        [
            r#"description="Windows Server 2022 Datacenter Azure Edition, hardened""#,
            r#"privacyStatementUri="https://contoso.example/privacy""#,
            r#"releaseNoteUri="https://contoso.example/notes""#,
        ]
    );

    let version = words(&text, "az sig image-version create");
    assert_eq!(
        value_of(&version, "--managed-image"),
        Some(
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-build/providers/Microsoft.Compute/\
             images/win2022-build-118"
        )
    );
    assert_eq!(
        values_of(&version, "--target-regions"),
        ["westeurope=3=Standard_ZRS", "northeurope=2"]
    );
    for (flag, value) in [
        ("--gallery-image-version", "2025.1104.1200"),
        ("--replica-count", "1"),
        ("--storage-account-type", "Standard_LRS"),
        ("--replication-mode", "Full"),
        ("--exclude-from-latest", "false"),
        ("--end-of-life-date", "2027-06-30T00:00:00Z"),
    ] {
        assert_eq!(value_of(&version, flag), Some(value), "{flag}");
    }

    let assignment = words(&text, "az role assignment create");
    assert_eq!(
        value_of(&assignment, "--assignee-object-id"),
        Some("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee")
    );
    assert_eq!(value_of(&assignment, "--scope"), Some("$imageDefinitionId"));

    let vm = words(&text, "az vm create");
    for (flag, value) in [
        ("--name", "win-test-01"),
        ("--size", "Standard_D2s_v5"),
        ("--admin-username", "azureadmin"),
        ("--authentication-type", "password"),
        ("--admin-password", "$SIGIL_ADMIN_PASSWORD"),
        ("--security-type", "TrustedLaunch"),
        ("--public-ip-address", ""),
        ("--nsg-rule", "NONE"),
    ] {
        assert_eq!(value_of(&vm, flag), Some(value), "{flag}");
    }
}

#[test]
fn every_property_of_the_arm64_example_is_in_its_command_or_body() {
    let text = script(&example("linux-arm64"));
    // V2 with SecurityType=Standard: the CLI would drop the feature, so the template's body is PUT.
    let definition = words(
        &text,
        "az rest --method put --url '/subscriptions/{subscriptionId}/resourceGroups/rg-arm-images/providers/Microsoft.Compute/galleries/armImages/images/ubuntu-24.04-arm64?",
    );
    let body: Value =
        serde_json::from_str(value_of(&definition, "--body").expect("a body")).expect("JSON");
    assert_eq!(body["properties"]["hyperVGeneration"], "V2");
    assert_eq!(body["properties"]["architecture"], "Arm64");
    assert_eq!(
        body["properties"]["features"],
        serde_json::json!([
            { "name": "SecurityType", "value": "Standard" },
            { "name": "IsHibernateSupported", "value": "False" },
            { "name": "DiskControllerTypes", "value": "SCSI" },
        ])
    );
    assert_eq!(
        body["properties"]["disallowed"]["diskTypes"],
        serde_json::json!(["Standard_LRS"])
    );
    assert_eq!(body["location"], "eastus2");

    // Host caching has no flag: the template's body.
    let first = words(
        &text,
        "az rest --method put --url '/subscriptions/{subscriptionId}/resourceGroups/rg-arm-images/providers/Microsoft.Compute/galleries/armImages/images/ubuntu-24.04-arm64/versions/1.0.0?",
    );
    let body: Value =
        serde_json::from_str(value_of(&first, "--body").expect("a body")).expect("JSON");
    let storage = &body["properties"]["storageProfile"];
    assert_eq!(storage["osDiskImage"]["hostCaching"], "ReadOnly");
    assert_eq!(storage["dataDiskImages"][0]["hostCaching"], "None");
    assert_eq!(storage["dataDiskImages"][0]["lun"], 0);
    assert_eq!(
        body["properties"]["publishingProfile"]["excludeFromLatest"],
        true
    );
    assert_eq!(
        body["properties"]["publishingProfile"]["targetRegions"],
        serde_json::json!([
            { "name": "eastus2", "regionalReplicaCount": 2, "storageAccountType": "Standard_ZRS" },
            { "name": "westus2", "regionalReplicaCount": 1 },
        ])
    );

    let second = words(&text, "az sig image-version create");
    assert_eq!(value_of(&second, "--gallery-image-version"), Some("1.1.0"));
    assert_eq!(
        values_of(&second, "--target-regions"),
        ["eastus2=2", "westus2=1", "centralus=2=Standard_LRS"]
    );
    assert_eq!(value_of(&second, "--replica-count"), Some("2"));
    assert_eq!(
        value_of(&second, "--storage-account-type"),
        Some("Premium_LRS")
    );
    assert_eq!(
        value_of(&second, "--end-of-life-date"),
        Some("2030-04-30T00:00:00Z")
    );
    assert_eq!(value_of(&second, "--tags"), Some("build=110"));
    let exclusions = words(&text, "az sig image-version update");
    assert_eq!(
        values_of(&exclusions, "--set"),
        ["publishingProfile.targetRegions[1].excludeFromLatest=true"]
    );

    assert!(
        text.contains("imageVersion2Id=$(az sig image-version show"),
        "the version's id is read for its scope"
    );

    let vm = words(&text, "az vm create");
    assert_eq!(value_of(&vm, "--size"), Some("Standard_D2ps_v5"));
    assert_eq!(value_of(&vm, "--authentication-type"), Some("ssh"));
    assert!(value_of(&vm, "--ssh-key-values").is_some_and(|key| key.starts_with("ssh-ed25519 ")));
}

#[test]
fn existing_resources_are_checked_not_created() {
    let text = script(&example("existing-gallery"));
    assert!(
        !commands(&text)
            .iter()
            .any(|command| command.starts_with("az sig create"))
    );
    let show = words(&text, "az sig show");
    assert_eq!(value_of(&show, "--gallery-name"), Some("sharedGallery"));
    let definition = words(&text, "az sig image-definition create");
    assert_eq!(value_of(&definition, "--plan-name"), Some("rhel-lvm9"));
    assert_eq!(value_of(&definition, "--plan-product"), Some("rhel-byos"));
    assert_eq!(value_of(&definition, "--plan-publisher"), Some("redhat"));
    let version = words(&text, "az sig image-version create");
    assert_eq!(
        value_of(&version, "--os-vhd-uri"),
        Some("https://contosobuild.blob.core.windows.net/vhds/rhel-9.4.vhd")
    );
    assert!(
        value_of(&version, "--os-vhd-storage-account")
            .is_some_and(|id| id.ends_with("/contosobuild"))
    );
    assert_eq!(
        values_of(&version, "--target-regions"),
        ["uksouth=1"],
        "the version's own region, stated"
    );
    // No object id in the spec: the script looks the principal up to name the assignment.
    assert!(text.contains("roleAssignmentPrincipalId=$(az ad user show"));
}

#[test]
fn specialized_vms_get_no_credentials() {
    let text = script(&example("specialized-vm"));
    let vm = words(&text, "az vm create");
    assert!(vm.iter().any(|word| word == "--specialized"));
    assert!(vm.iter().any(|word| word == "--generate-ssh-keys"));
    assert_eq!(value_of(&vm, "--admin-username"), None);
    assert_eq!(
        value_of(&vm, "--public-ip-address"),
        None,
        "public-ip = true: the CLI's default public IP"
    );
    let version = words(&text, "az sig image-version create");
    assert_eq!(value_of(&version, "--replication-mode"), Some("Shallow"));
    assert!(
        value_of(&version, "--virtual-machine")
            .is_some_and(|id| id.ends_with("/virtualMachines/app-golden"))
    );
}

#[test]
fn vms_in_another_group_are_created_there_after_the_group() {
    let run = run(
        &script(&example("vm-other-group")),
        &[("SIGIL_ADMIN_PASSWORD", "Pa55word!Pa55word")],
    );
    assert!(
        run.output.status.success(),
        "{}",
        String::from_utf8_lossy(&run.output.stderr)
    );
    let groups: Vec<(Option<&str>, Option<&str>)> = run
        .calls
        .iter()
        .filter(|call| call.starts_with(&["group".to_owned(), "create".to_owned()]))
        .map(|call| (value_of(call, "--name"), value_of(call, "--location")))
        .collect();
    assert_eq!(
        groups,
        [
            (Some("rg-images"), Some("eastus")),
            (Some("rg-vm-consumers"), Some("westus2"))
        ],
        "the other group once, where its first VM goes"
    );
    let position = |prefix: &[&str]| {
        run.calls
            .iter()
            .position(|call| call.iter().zip(prefix).all(|(word, want)| word == want))
            .unwrap()
    };
    assert!(
        position(&["group", "create", "--name", "rg-vm-consumers"]) < position(&["vm", "create"])
    );
    let vms: Vec<&Vec<String>> = run
        .calls
        .iter()
        .filter(|call| call.starts_with(&["vm".to_owned(), "create".to_owned()]))
        .collect();
    assert_eq!(vms.len(), 2);
    for vm in &vms {
        assert_eq!(value_of(vm, "--resource-group"), Some("rg-vm-consumers"));
    }
    // az vm create defaults to its group's location: the first VM is there, the second in the spec's region.
    assert_eq!(value_of(vms[0], "--location"), None);
    assert_eq!(value_of(vms[1], "--location"), Some("eastus"));
    // The image is still read from the gallery in the spec's group.
    let show = call(&run, &["sig", "image-version", "show"]);
    assert_eq!(value_of(show, "--resource-group"), Some("rg-images"));
}

#[test]
fn a_hostile_group_name_reaches_az_as_written() {
    for group in [
        "rg 'it's' \"$(rm -rf /)\" `id` ${HOME}",
        "two\nlines # not a comment",
        "-dash",
    ] {
        let mut spec = example("vm-other-group");
        for vm in &mut spec.vms {
            vm.resource_group = Some(group.to_owned());
        }
        let text = script(&spec);
        let run = run(&text, &[("SIGIL_ADMIN_PASSWORD", "Pa55word!Pa55word")]);
        assert!(
            run.output.status.success(),
            "{group:?}: {}\n{text}",
            String::from_utf8_lossy(&run.output.stderr)
        );
        let created: Vec<Option<&str>> = run
            .calls
            .iter()
            .filter(|call| call.starts_with(&["group".to_owned(), "create".to_owned()]))
            .map(|call| value_of(call, "--name"))
            .collect();
        assert_eq!(created, [Some("rg-images"), Some(group)], "{text}");
        for vm in run
            .calls
            .iter()
            .filter(|call| call.starts_with(&["vm".to_owned(), "create".to_owned()]))
        {
            assert_eq!(value_of(vm, "--resource-group"), Some(group));
        }
    }
}

// ------------------------------------------------------------------------ running the scripts with a recorded az

static RUNS: AtomicUsize = AtomicUsize::new(0);

/// A bash function standing in for `az`: records every call's arguments (NUL-separated, one call a record)
/// and prints what the `show` commands print.
const FAKE_AZ: &str = r#"
az() {
  { printf '%s\0' "$@"; printf '__end_of_call__\0'; } >> "$AZ_RECORD"
  case " $* " in
    *" account show "*) echo 00000000-0000-0000-0000-000000000000 ;;
    *" ad user show "* | *" ad sp show "*) echo 99999999-8888-7777-6666-555555555555 ;;
    *" --query id "*) echo "$FAKE_ID" ;;
  esac
}
"#;

struct Run {
    output: Output,
    calls: Vec<Vec<String>>,
}

/// Runs `script` with real bash, `az` recorded; `env` is added to the environment (and `SIGIL_ADMIN_PASSWORD`
/// removed unless given).
fn run(script: &str, env: &[(&str, &str)]) -> Run {
    let record: PathBuf = std::env::temp_dir().join(format!(
        "sigil-az-test-{}-{}",
        std::process::id(),
        RUNS.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::write(&record, b"").expect("the record file is writable");
    let mut command = Command::new("bash");
    command
        .arg("--noprofile")
        .arg("--norc")
        .arg("-c")
        .arg(format!("{FAKE_AZ}\n{script}"))
        .env_remove("SIGIL_ADMIN_PASSWORD")
        .env("AZ_RECORD", &record)
        .env(
            "FAKE_ID",
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/myGalleryRG/providers/Microsoft.Compute/galleries/myGallery",
        )
        .stdin(Stdio::null());
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().expect("bash runs");
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
    Run { output, calls }
}

/// The recorded call whose first words are `prefix`.
fn call<'r>(run: &'r Run, prefix: &[&str]) -> &'r [String] {
    run.calls
        .iter()
        .find(|call| {
            call.len() >= prefix.len() && call.iter().zip(prefix).all(|(word, want)| word == want)
        })
        .unwrap_or_else(|| panic!("no az call {prefix:?} among {:?}", run.calls))
}

#[test]
fn every_example_runs_to_the_end_under_bash() {
    for name in EXAMPLES {
        let run = run(
            &script(&example(name)),
            &[("SIGIL_ADMIN_PASSWORD", "Pa55word!Pa55word")],
        );
        assert!(
            run.output.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&run.output.stderr)
        );
        assert!(!run.calls.is_empty());
    }
}

#[test]
fn role_assignments_get_the_template_guid() {
    // The name ARM gives guid(galleryId, principalId, roleDefinitionId) for the seed (UUID v5 in ARM's
    // namespace of the three joined with `-`), as arm_eval computes it.
    let run = run(&script(&example("seed")), &[]);
    assert!(
        run.output.status.success(),
        "{}",
        String::from_utf8_lossy(&run.output.stderr)
    );
    let create = call(&run, &["role", "assignment", "create"]);
    assert_eq!(
        value_of(create, "--name"),
        Some("576b2c48-dda1-55c7-9b4b-e67507f6410c")
    );
    assert_eq!(
        value_of(create, "--scope"),
        Some(
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/myGalleryRG/providers/Microsoft.\
             Compute/galleries/myGallery"
        )
    );
    assert_eq!(value_of(create, "--assignee"), Some("someone@example.com"));
}

#[test]
fn the_admin_password_comes_from_the_environment() {
    let text = script(&example("windows-trusted-launch"));
    assert!(!text.contains("Pa55word"));
    let refused = run(&text, &[]);
    assert_eq!(refused.output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.output.stderr).contains("set SIGIL_ADMIN_PASSWORD"));
    assert!(
        refused.calls.is_empty(),
        "nothing is created before the check"
    );

    let password = "it's a \"$(pa55)\" `word`!";
    let deployed = run(&text, &[("SIGIL_ADMIN_PASSWORD", password)]);
    assert!(
        deployed.output.status.success(),
        "{}",
        String::from_utf8_lossy(&deployed.output.stderr)
    );
    assert_eq!(
        value_of(call(&deployed, &["vm", "create"]), "--admin-password"),
        Some(password)
    );
}

/// Reads a value as the shorthand syntax of aaz commands does for a simple string: `'...'` quoted (with `'/`
/// for `'`), else as it is.
fn aaz_decode(value: &str) -> String {
    match value
        .strip_prefix('\'')
        .and_then(|rest| rest.strip_suffix('\''))
    {
        Some(inner) => inner.replace("'/", "'"),
        None => value.to_owned(),
    }
}

const HOSTILE: &[&str] = &[
    "it's \"quoted\" $(rm -rf /) `id` ${HOME} \\ ; | & > <",
    "line one\nline two\r\n\ttabbed",
    "\u{2018}single\u{2019} \u{201C}double\u{201D} \u{2032}",
    "-starts-with-a-dash",
    "--",
    "null",
    "??",
    "'leading quote",
    "",
    "#not a comment",
    "*.glob ? [x]",
    "ünïcödé ✓",
    "@/etc/passwd",
    "@-",
    "a=@b",
    "@",
];

/// `value` as a single-line TOML basic string.
fn toml_string(value: &str) -> String {
    let mut quoted = String::from('"');
    for c in value.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(quoted, "\\u{:04X}", u32::from(c));
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

fn hostile_spec(value: &str) -> Spec {
    let toml_value = toml_string(value);
    spec(&format!(
        r#"
[resource-group]
name = "rg"
location = "eastus"

[[gallery]]
name = "g"
description = {toml_value}
tags = {{ plain = {toml_value}, "key 'with' quotes" = "x" }}

[[image-definition]]
gallery = "g"
name = "d"
publisher = "p"
offer = "o"
sku = "s"
os-type = "Linux"
os-state = "Generalized"
description = {toml_value}
eula = {toml_value}
release-note-uri = "https://example.com/notes"
tags = {{ plain = {toml_value} }}

[[image-version]]
gallery = "g"
image-definition = "d"
name = "1.0.0"
managed-image = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/b/providers/Microsoft.Compute/images/i"
tags = {{ plain = {toml_value} }}

[[role-assignment]]
scope = "g"
role = "Reader"
assignee = {toml_value}
assignee-object-id = "11111111-2222-3333-4444-555555555555"
"#
    ))
}

/// Checks that every hostile value reaches `az` as exactly the spec's text (after the CLI's own decoding of
/// aaz shorthand and JSON).
/// Whether the az CLI would replace `word` with the contents of a file before parsing: it splits each word at
/// its first `=` and loads `@PATH` found after it (or at the start of a word without `=`).
fn reads_file(word: &str) -> bool {
    let target = word.split_once('=').map_or(word, |(_, after)| after);
    target.len() > 1 && target.starts_with('@')
}

/// The `az rest` call that PUTs the resource whose id ends with `suffix`, and its body.
fn rest_body(run: &Run, suffix: &str) -> Option<Value> {
    run.calls
        .iter()
        .filter(|call| call.first().is_some_and(|word| word == "rest"))
        .find(|call| {
            value_of(call, "--url")
                .is_some_and(|url| url.split('?').next().unwrap_or(url).ends_with(suffix))
        })
        .map(|call| serde_json::from_str(value_of(call, "--body").expect("a body")).expect("JSON"))
}

/// Checks that every hostile value reaches `az` as exactly the spec's text (after the CLI's own decoding of
/// aaz shorthand and JSON), on the documented command or in the template's body where the CLI cannot carry
/// it, and that no argument is one the CLI would read as a file to load.
fn assert_hostile_value_arrives(value: &str) {
    let text = script(&hostile_spec(value));
    let run = run(&text, &[]);
    assert!(
        run.output.status.success(),
        "{value:?}: {}\n{text}",
        String::from_utf8_lossy(&run.output.stderr)
    );
    for call in &run.calls {
        assert!(
            !call.iter().any(|word| reads_file(word)),
            "{value:?}: az would load a file: {call:?}"
        );
    }

    if let Some(body) = rest_body(&run, "/galleries/g") {
        assert!(
            value.contains(['\n', '\r']) || value.starts_with('@'),
            "{value:?}"
        );
        assert_eq!(body["properties"]["description"], value);
        assert_eq!(body["tags"]["plain"], value);
    } else {
        let gallery = call(&run, &["sig", "create"]);
        assert_eq!(
            value_of(gallery, "--description")
                .map(aaz_decode)
                .as_deref(),
            Some(value),
            "{value:?}"
        );
        let tags = values_of(gallery, "--tags");
        assert!(
            tags.iter()
                .any(|tag| tag.strip_prefix("plain=").map(aaz_decode).as_deref() == Some(value)),
            "{tags:?}"
        );
        assert!(tags.contains(&"'key '/with'/ quotes'=x"), "{tags:?}");
    }

    if let Some(body) = rest_body(&run, "/images/d") {
        assert!(value.starts_with('@'), "{value:?}");
        assert_eq!(body["properties"]["eula"], value);
        assert_eq!(body["properties"]["description"], value);
        assert_eq!(body["tags"]["plain"], value);
    } else {
        let definition = call(&run, &["sig", "image-definition", "create"]);
        assert_eq!(value_of(definition, "--eula"), Some(value), "{value:?}");
        assert_eq!(values_of(definition, "--tags"), [format!("plain={value}")]);
        let update = call(&run, &["sig", "image-definition", "update"]);
        let description = values_of(update, "--set")
            .into_iter()
            .find_map(|set| set.strip_prefix("description="))
            .expect("the description is set");
        assert_eq!(
            serde_json::from_str::<String>(description).expect("a JSON string"),
            value
        );
    }

    if let Some(body) = rest_body(&run, "/versions/1.0.0") {
        assert!(value.starts_with('@'), "{value:?}");
        assert_eq!(body["tags"]["plain"], value);
    } else {
        let version = call(&run, &["sig", "image-version", "create"]);
        assert_eq!(values_of(version, "--tags"), [format!("plain={value}")]);
    }

    let assignment = call(&run, &["role", "assignment", "create"]);
    if value.len() > 1 && value.starts_with('@') {
        assert_eq!(
            value_of(assignment, "--assignee-object-id"),
            Some("11111111-2222-3333-4444-555555555555")
        );
    } else {
        assert_eq!(value_of(assignment, "--assignee"), Some(value));
    }
}

#[test]
fn hostile_values_reach_az_as_the_spec_wrote_them() {
    for value in HOSTILE {
        assert_hostile_value_arrives(value);
    }
}

#[test]
fn values_the_cli_cannot_carry_take_the_template_body() {
    // A tag key starting with `-` cannot follow --tags: the definition and version are PUT with az rest.
    let text = script(&spec(
        r#"
[resource-group]
name = "rg"
location = "eastus"

[[gallery]]
name = "g"
tags = { "line\nbreak" = "x" }

[[image-definition]]
gallery = "g"
name = "d"
publisher = "p"
offer = "o"
sku = "s"
os-type = "Linux"
os-state = "Generalized"
tags = { "-dash" = "x" }

[[image-version]]
gallery = "g"
image-definition = "d"
name = "1.0.0"
managed-image = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/b/providers/Microsoft.Compute/images/i"
storage-account-type = "PremiumV2_LRS"
"#,
    ));
    let commands = commands(&text);
    for create in [
        "az sig create",
        "az sig image-definition create",
        "az sig image-version create",
    ] {
        assert!(
            !commands.iter().any(|command| command.starts_with(create)),
            "{create}"
        );
    }
    let run = run(&text, &[]);
    assert!(
        run.output.status.success(),
        "{}",
        String::from_utf8_lossy(&run.output.stderr)
    );
    let bodies: Vec<Value> = run
        .calls
        .iter()
        .filter(|call| call.starts_with(&["rest".to_owned()]))
        .map(|call| serde_json::from_str(value_of(call, "--body").expect("a body")).expect("JSON"))
        .collect();
    assert_eq!(bodies.len(), 3);
    assert_eq!(bodies[0]["tags"]["line\nbreak"], "x");
    assert_eq!(bodies[1]["tags"]["-dash"], "x");
    assert_eq!(
        bodies[2]["properties"]["publishingProfile"]["storageAccountType"],
        "PremiumV2_LRS"
    );
}

#[test]
fn a_value_starting_with_a_dash_is_attached_to_its_flag() {
    let text = script(&hostile_spec("-x"));
    let definition = words(&text, "az sig image-definition create");
    assert!(
        definition.iter().any(|word| word == "--eula=-x"),
        "{definition:?}"
    );
    let gallery = words(&text, "az sig create");
    assert!(
        gallery.iter().any(|word| word == "--description=-x"),
        "{gallery:?}"
    );
}

#[test]
fn the_spec_name_cannot_break_out_of_the_header_comment() {
    let plan_spec = example("seed");
    let plan = Plan::new(&plan_spec).expect("the spec plans");
    let options = Options {
        source_name: "evil\nrm -rf /\n.toml".to_owned(),
        ..options()
    };
    let text = render(&plan, Format::Az, &options).expect("the script renders");
    assert!(!text.lines().any(|line| line.starts_with("rm ")), "{text}");
    let run = run(&text, &[]);
    assert!(run.output.status.success());
}

// ----------------------------------------------------------------------------------------- quoting properties

fn hostile_string() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 '\"$`\\\\(){}\\[\\]\n\t\r\u{2018}\u{2019}\u{201C}\u{201D}!#&*;<>|~=@%+:,./_-]{0,24}",
        "-[a-z' $]{0,8}",
        "@[a-z/=@-]{0,8}",
        "[a-z]{0,3}=@[a-z/-]{0,8}",
        any::<String>().prop_map(|text| text.replace('\0', "")),
    ]
}

proptest! {
    #[test]
    fn bash_quoting_splits_back_to_the_same_single_word_with_shlex(value in hostile_string()) {
        let quoted = quote::bash(&value);
        prop_assert_eq!(shlex::split(&quoted), Some(vec![value.clone()]), "quoted as {}", quoted);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn bash_quoting_gives_bash_the_same_text(value in hostile_string()) {
        let quoted = quote::bash(&value);
        let output = Command::new("bash")
            .arg("--noprofile")
            .arg("--norc")
            .arg("-c")
            .arg(format!("printf %s {quoted}"))
            .stdin(Stdio::null())
            .output()
            .expect("bash runs");
        prop_assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        prop_assert_eq!(String::from_utf8_lossy(&output.stdout).into_owned(), value);
    }

    #[test]
    fn any_value_reaches_az_as_the_spec_wrote_it(value in hostile_string()) {
        assert_hostile_value_arrives(&value);
    }
}

#[test]
fn every_example_passes_bash_syntax_check() {
    for name in EXAMPLES {
        let mut child = Command::new("bash")
            .arg("-n")
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("bash runs");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(script(&example(name)).as_bytes())
            .expect("written");
        let output = child.wait_with_output().expect("bash -n ends");
        assert!(
            output.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
