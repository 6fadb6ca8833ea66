//! `sigil new` end to end: every scenario writes its spec and the seven outputs, keeps the quickstarts'
//! parameter names, modernises what aged, passes `validate` and `lint`, refuses a bad value before writing
//! anything, and never overwrites an edited file.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;
use sigil_gen::api_versions;

/// 2026-01-01, so the snapshots hold still.
const EPOCH: &str = "1767225600";

const FILES: [&str; 8] = [
    "sigil.toml",
    "azuredeploy.json",
    "azuredeploy.parameters.json",
    "main.bicep",
    "deploy.sh",
    "deploy.ps1",
    "README.md",
    "metadata.json",
];

const MANAGED_IMAGE: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-build/providers/Microsoft.Compute/images/golden";

/// Each scenario, the flags it cannot do without (the rest default), and the template parameters its ARM
/// template declares: the quickstarts' names where there is a quickstart.
const SCENARIOS: [(&str, &[&str], &[&str]); 6] = [
    ("sig-create", &[], &["location", "galleryName"]),
    (
        "sig-image-definition-create",
        &[],
        &["location", "galleryName", "galleryImageDefinitionName"],
    ),
    (
        "sig-image-version-create",
        &["--managed-image", MANAGED_IMAGE],
        &[
            "location",
            "existingGalleryName",
            "existingGalleryImageDefinitionName",
            "galleryImageVersionName",
            "existingManagedImageID",
        ],
    ),
    (
        "vm-from-sig",
        &[],
        &[
            "location",
            "existingGalleryName",
            "existingGalleryImageDefinitionName",
            "existingGalleryImageVersionName",
            "vmName",
            "vmSize",
            "adminUsername",
            "adminPassword",
            "dnsLabelPrefix",
        ],
    ),
    (
        "sig-share",
        &[
            "--assignee",
            "someone@example.com",
            "--assignee-object-id",
            "11111111-2222-3333-4444-555555555555",
        ],
        &[
            "location",
            "galleryName",
            "galleryImageDefinitionName",
            "principalId",
        ],
    ),
    (
        "image-factory",
        &[
            "--linux-managed-image",
            MANAGED_IMAGE,
            "--windows-managed-image",
            MANAGED_IMAGE,
            "--assignee-object-id",
            "11111111-2222-3333-4444-555555555555",
        ],
        &[
            "location",
            "galleryName",
            "linuxImageDefinitionName",
            "windowsImageDefinitionName",
            "linuxImageVersionName",
            "linuxManagedImageId",
            "windowsImageVersionName",
            "windowsManagedImageId",
            "principalId",
        ],
    ),
];

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn sigil(args: &[&str], epoch: Option<&str>) -> Run {
    let mut command = Command::cargo_bin("sigil").unwrap();
    command.env_remove("SOURCE_DATE_EPOCH");
    if let Some(epoch) = epoch {
        command.env("SOURCE_DATE_EPOCH", epoch);
    }
    let output = command.args(args).output().unwrap();
    Run {
        code: output.status.code().expect("sigil exits"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// `sigil new SCENARIO -o DIR` with the scenario's required flags and `extra`.
fn new(scenario: &str, dir: &Path, extra: &[&str], epoch: Option<&str>) -> Run {
    let (_, required, _) = SCENARIOS.iter().find(|(id, _, _)| *id == scenario).unwrap();
    let mut args = vec!["new", scenario, "-o", dir.to_str().unwrap()];
    args.extend_from_slice(required);
    args.extend_from_slice(extra);
    sigil(&args, epoch)
}

/// A folder with the scenario written with its defaults, on the pinned date.
fn written(scenario: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let run = new(scenario, dir.path(), &[], Some(EPOCH));
    assert_eq!(run.code, 0, "{scenario}: {}", run.stderr);
    dir
}

fn read(dir: &Path, file: &str) -> String {
    fs::read_to_string(dir.join(file)).unwrap_or_else(|error| panic!("{file}: {error}"))
}

fn template(dir: &Path) -> Value {
    serde_json::from_str(&read(dir, "azuredeploy.json")).unwrap()
}

/// Every resource of a template, nested deployments' inner templates included.
fn resources(template: &Value) -> Vec<&Value> {
    let mut all = Vec::new();
    for resource in template["resources"].as_array().into_iter().flatten() {
        all.push(resource);
        all.extend(resources(&resource["properties"]["template"]));
    }
    all
}

#[test]
fn every_scenario_writes_its_spec_and_every_output_as_pinned() {
    for (scenario, _, _) in SCENARIOS {
        let dir = written(scenario);
        for file in FILES {
            let text = read(dir.path(), file);
            insta::assert_snapshot!(format!("{scenario}-{file}"), text);
        }
        let mut names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name != ".sigil-manifest.json")
            .collect();
        names.sort();
        let mut expected = FILES.map(str::to_owned).to_vec();
        expected.sort();
        assert_eq!(names, expected, "{scenario}");
    }
}

#[test]
fn the_templates_keep_the_quickstarts_parameter_names() {
    for (scenario, _, parameters) in SCENARIOS {
        let dir = written(scenario);
        let template = template(dir.path());
        let declared: Vec<&str> = template["parameters"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut expected = parameters.to_vec();
        expected.sort_unstable();
        assert_eq!(declared, expected, "{scenario}");
        let bicep = read(dir.path(), "main.bicep");
        for parameter in parameters {
            assert!(
                bicep.contains(&format!("param {parameter} ")),
                "{scenario}: main.bicep lacks param {parameter}"
            );
        }
    }
}

#[test]
fn what_aged_in_the_quickstarts_is_modernised() {
    for (scenario, _, _) in SCENARIOS {
        let dir = written(scenario);
        for file in FILES {
            assert!(
                !read(dir.path(), file).contains("concat("),
                "{scenario}/{file} uses concat"
            );
        }
        let template = template(dir.path());
        for resource in resources(&template) {
            let kind = resource["type"].as_str().unwrap();
            assert_eq!(
                resource["apiVersion"].as_str(),
                Some(current_api_version(kind)),
                "{scenario}: {kind}"
            );
            if kind == "Microsoft.Compute/galleries/images" {
                let properties = &resource["properties"];
                assert_eq!(properties["hyperVGeneration"], "V2", "{scenario}");
                assert_eq!(
                    properties["features"][0],
                    serde_json::json!({ "name": "SecurityType", "value": "TrustedLaunchSupported" }),
                    "{scenario}"
                );
            }
        }
        for (name, parameter) in template["parameters"].as_object().unwrap() {
            if parameter["type"] == "securestring" {
                assert!(
                    parameter.get("defaultValue").is_none(),
                    "{scenario}: secure parameter {name} has a default"
                );
            }
        }
    }
}

fn current_api_version(kind: &str) -> &'static str {
    match kind {
        "Microsoft.Compute/galleries"
        | "Microsoft.Compute/galleries/images"
        | "Microsoft.Compute/galleries/images/versions" => api_versions::GALLERY,
        "Microsoft.Authorization/roleAssignments" => api_versions::ROLE_ASSIGNMENT,
        "Microsoft.Compute/virtualMachines" => api_versions::VIRTUAL_MACHINE,
        "Microsoft.Resources/deployments" => api_versions::DEPLOYMENT,
        network if network.starts_with("Microsoft.Network/") => api_versions::NETWORK,
        other => panic!("unexpected resource type {other}"),
    }
}

#[test]
fn vm_from_sig_has_a_password_parameter_and_opens_no_port_unless_asked() {
    let dir = written("vm-from-sig");
    let template = template(dir.path());
    assert_eq!(
        template["parameters"]["adminPassword"]["type"],
        "securestring"
    );
    let security_groups: Vec<&Value> = resources(&template)
        .into_iter()
        .filter(|r| r["type"] == "Microsoft.Network/networkSecurityGroups")
        .collect();
    assert_eq!(security_groups.len(), 1);
    let rules = &security_groups[0]["properties"]["securityRules"];
    assert!(
        rules.as_array().is_none_or(Vec::is_empty),
        "inbound rules by default: {rules}"
    );
    let public_ip = resources(&template)
        .into_iter()
        .find(|r| r["type"] == "Microsoft.Network/publicIPAddresses")
        .expect("a public IP");
    assert_eq!(
        public_ip["properties"]["dnsSettings"]["domainNameLabel"],
        "[parameters('dnsLabelPrefix')]"
    );

    let ssh = tempfile::tempdir().unwrap();
    let run = new(
        "vm-from-sig",
        ssh.path(),
        &["--nsg-rule", "SSH"],
        Some(EPOCH),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let template = self::template(ssh.path());
    let rules: Vec<&Value> = resources(&template)
        .into_iter()
        .filter(|r| r["type"] == "Microsoft.Network/networkSecurityGroups")
        .flat_map(|r| r["properties"]["securityRules"].as_array().unwrap())
        .collect();
    assert_eq!(rules.len(), 1);
    assert_eq!(rules[0]["properties"]["destinationPortRange"], "22");
}

#[test]
fn image_factory_replicates_on_zrs_only_where_the_region_has_zones() {
    let dir = written("image-factory");
    let template = template(dir.path());
    let versions: Vec<&Value> = resources(&template)
        .into_iter()
        .filter(|r| r["type"] == "Microsoft.Compute/galleries/images/versions")
        .collect();
    assert_eq!(versions.len(), 2);
    for version in versions {
        let regions: Vec<(&str, &str)> =
            version["properties"]["publishingProfile"]["targetRegions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|region| {
                    (
                        region["name"].as_str().unwrap(),
                        region["storageAccountType"].as_str().unwrap(),
                    )
                })
                .collect();
        assert_eq!(
            regions,
            [
                ("eastus2", "Standard_ZRS"),
                ("westus3", "Standard_ZRS"),
                ("northcentralus", "Standard_LRS"),
            ]
        );
        assert!(
            version["properties"]["publishingProfile"]["endOfLifeDate"].is_string(),
            "{version}"
        );
    }
}

#[test]
fn metadata_validates_against_the_quickstart_schema() {
    let schema: Value = serde_json::from_str(
        &fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("crates/sigil-gen/tests/data/quickstart-metadata.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    // The schema names no draft; its keywords mean the same in draft 4, as the generator's own test reads it.
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(false)
        .build(&schema)
        .unwrap();
    for (scenario, _, _) in SCENARIOS {
        let dir = written(scenario);
        let metadata: Value = serde_json::from_str(&read(dir.path(), "metadata.json")).unwrap();
        let problems: Vec<String> = validator
            .iter_errors(&metadata)
            .map(|error| error.to_string())
            .collect();
        assert!(problems.is_empty(), "{scenario}: {problems:?}");
        assert_eq!(metadata["dateUpdated"], "2026-01-01", "{scenario}");
    }
    let broken = serde_json::json!({ "itemDisplayName": "Short" });
    assert!(!validator.is_valid(&broken), "the check can fail");
}

/// On today's date, so that the end-of-life dates are checked against the real calendar.
#[test]
fn what_every_scenario_writes_validates_and_lints_clean() {
    for (scenario, _, _) in SCENARIOS {
        let dir = tempfile::tempdir().unwrap();
        let run = new(scenario, dir.path(), &[], None);
        assert_eq!(run.code, 0, "{scenario}: {}", run.stderr);
        let spec = dir.path().join("sigil.toml");
        let validate = sigil(&["validate", spec.to_str().unwrap()], None);
        assert_eq!(
            (validate.code, validate.stdout.as_str()),
            (0, ""),
            "{scenario}: {}",
            validate.stderr
        );
        let lint = sigil(
            &["lint", "--format", "concise", dir.path().to_str().unwrap()],
            None,
        );
        assert_eq!(
            (lint.code, lint.stdout.as_str()),
            (0, ""),
            "{scenario}: {}",
            lint.stderr
        );
    }
}

/// With an assignee and no object id, the templates take the principal as a parameter without a default,
/// which names the assignee in its metadata: lint knows the assignment has a principal.
#[test]
fn sharing_with_an_assignee_alone_lints_clean() {
    let dir = tempfile::tempdir().unwrap();
    let run = sigil(
        &[
            "new",
            "sig-share",
            "-o",
            dir.path().to_str().unwrap(),
            "--assignee",
            "someone@example.com",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lint = sigil(
        &["lint", "--format", "concise", dir.path().to_str().unwrap()],
        None,
    );
    assert_eq!(
        (lint.code, lint.stdout.as_str()),
        (0, ""),
        "{}",
        lint.stderr
    );
}

#[test]
fn a_value_a_rule_refuses_is_reported_by_flag_and_nothing_is_written() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("out");
    let run = new(
        "sig-create",
        &dir,
        &["--gallery-name", "my-gallery"],
        Some(EPOCH),
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("--gallery-name \"my-gallery\": error[SIG102]"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert!(!dir.exists(), "{} was made", dir.display());

    let run = new(
        "vm-from-sig",
        &dir,
        &["--dns-label", "Not_A_Label", "--nsg-rule", "telnet"],
        Some(EPOCH),
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("--nsg-rule \"telnet\": error[SIG004]"),
        "{}",
        run.stderr
    );
    assert!(!dir.exists());

    let run = new(
        "image-factory",
        &dir,
        &["--target-regions", "westus3"],
        Some(EPOCH),
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("--target-regions \"westus3\": error[SIG305]"),
        "{}",
        run.stderr
    );
    assert!(!dir.exists());
}

#[test]
fn a_missing_required_flag_is_a_usage_error_that_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let run = sigil(
        &[
            "new",
            "sig-image-version-create",
            "-o",
            dir.path().to_str().unwrap(),
        ],
        Some(EPOCH),
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--managed-image"), "{}", run.stderr);
    let run = sigil(
        &["new", "sig-share", "-o", dir.path().to_str().unwrap()],
        Some(EPOCH),
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--assignee") && run.stderr.contains("--assignee-object-id"),
        "{}",
        run.stderr
    );
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn help_lists_the_scenarios_and_each_scenarios_own_flags() {
    let run = sigil(&["new", "--help"], None);
    for (scenario, _, _) in SCENARIOS {
        assert!(run.stdout.contains(scenario), "{}", run.stdout);
    }
    let run = sigil(&["new", "sig-create", "--help"], None);
    assert!(run.stdout.contains("--gallery-name"), "{}", run.stdout);
    assert!(!run.stdout.contains("--managed-image"), "{}", run.stdout);
}

#[test]
fn a_hostile_value_stays_inside_its_string() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = "x\"\nname = \"evil\"\n[[gallery]]\nname = \"other\"";
    let run = new(
        "sig-create",
        dir.path(),
        &["--description", hostile],
        Some(EPOCH),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = read(dir.path(), "sigil.toml");
    let loaded = sigil_spec::load(
        Path::new("sigil.toml"),
        &text,
        &sigil_core::Context::strict(),
    );
    let spec = loaded.spec.expect("the spec reads");
    assert_eq!(spec.galleries.len(), 1);
    assert_eq!(spec.galleries[0].description.as_deref(), Some(hostile));
}

#[test]
fn writing_again_changes_nothing_and_keeps_an_edited_file() {
    let dir = written("sig-share");
    let again = new("sig-share", dir.path(), &[], Some(EPOCH));
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(
        again.stderr.matches("unchanged").count(),
        FILES.len(),
        "{}",
        again.stderr
    );

    let edited = "# mine\n";
    fs::write(dir.path().join("README.md"), edited).unwrap();
    let kept = new("sig-share", dir.path(), &[], Some(EPOCH));
    assert_eq!(kept.code, 1, "{}", kept.stderr);
    assert!(kept.stderr.contains("kept"), "{}", kept.stderr);
    assert_eq!(read(dir.path(), "README.md"), edited);

    let forced = new("sig-share", dir.path(), &["--force"], Some(EPOCH));
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert_ne!(read(dir.path(), "README.md"), edited);
}

#[test]
fn an_edited_spec_is_kept_and_then_nothing_else_is_written() {
    let dir = written("sig-create");
    let template = read(dir.path(), "azuredeploy.json");
    let edited = read(dir.path(), "sigil.toml").replace("My Private Gallery", "Ours");
    fs::write(dir.path().join("sigil.toml"), &edited).unwrap();
    let run = new(
        "sig-create",
        dir.path(),
        &["--gallery-name", "otherGallery"],
        Some(EPOCH),
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("nothing else was written"),
        "{}",
        run.stderr
    );
    assert_eq!(read(dir.path(), "sigil.toml"), edited);
    assert_eq!(read(dir.path(), "azuredeploy.json"), template);
}
