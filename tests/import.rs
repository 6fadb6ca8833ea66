//! `sigil import` end to end: what it writes, what it reports and where, its exit codes, and the upstream
//! quickstarts imported and generated again without drift.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn sigil() -> Command {
    Command::cargo_bin("sigil").expect("the binary")
}

fn quickstart(name: &str) -> PathBuf {
    Path::new("tests/data/quickstarts").join(name)
}

/// The quickstart's parameters file with its placeholders (`GEN-UNIQUE`, `GET-PREREQ-...`) replaced, as
/// a deployer does: each by the value `values` gives for its parameter.
fn parameters(name: &str, values: &[(&str, &str)], folder: &Path) -> PathBuf {
    let path = quickstart(name).join("azuredeploy.parameters.json");
    let mut file: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("the parameters file"))
            .expect("JSON");
    for (parameter, value) in values {
        file["parameters"][*parameter] = serde_json::json!({ "value": value });
    }
    let written = folder.join(format!("{name}.parameters.json"));
    std::fs::write(&written, file.to_string()).expect("written");
    written
}

fn import(name: &str, values: &[(&str, &str)], folder: &Path) -> (String, String, Option<i32>) {
    let parameters = parameters(name, values, folder);
    let output = sigil()
        .arg("import")
        .arg(quickstart(name).join("azuredeploy.json"))
        .arg("--parameters")
        .arg(parameters)
        .args(["--resource-group", "rg-quickstart", "--location", "eastus"])
        .output()
        .expect("sigil import runs");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code(),
    )
}

/// The resource of `kind` in a template.
fn resource<'t>(template: &'t Value, kind: &str) -> &'t Value {
    template["resources"]
        .as_array()
        .and_then(|resources| resources.iter().find(|resource| resource["type"] == kind))
        .unwrap_or_else(|| panic!("no {kind} in {template:#}"))
}

fn generated_template(spec: &str, folder: &Path) -> Value {
    let spec_path = folder.join("sigil.toml");
    std::fs::write(&spec_path, spec).expect("written");
    let output = sigil()
        .args(["generate", "--format", "arm"])
        .arg(&spec_path)
        .output()
        .expect("sigil generate runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("a template")
}

#[test]
fn the_2019_image_definition_imports_with_its_api_defaults_stated() {
    let folder = tempfile::tempdir().expect("a folder");
    let (spec, report, _) = import(
        "sig-image-definition-create",
        &[
            ("galleryName", "myGallery"),
            ("galleryImageDefinitionName", "myImageDefinition"),
        ],
        folder.path(),
    );
    // API 2019-12-01 deployed generation V1 without a security type: the spec says V1 (whose security type
    // is Standard), for neither can change after creation; the regenerated template states both below.
    assert!(spec.contains("hyper-v-generation = \"V1\""), "{spec}");
    assert!(spec.contains("existing = true"), "{spec}");
    // The recommended sizes are strings there, which the spec does not take: reported where they are.
    assert!(report.contains("azuredeploy.json:"), "{report}");

    let upstream: Value = serde_json::from_str(
        &std::fs::read_to_string(
            quickstart("sig-image-definition-create").join("azuredeploy.json"),
        )
        .expect("the template"),
    )
    .expect("JSON");
    let upstream = &resource(&upstream, "Microsoft.Compute/galleries/images")["properties"];
    let template = generated_template(&spec, folder.path());
    let regenerated = &resource(&template, "Microsoft.Compute/galleries/images")["properties"];
    for key in ["osType", "osState", "identifier", "description"] {
        assert_eq!(regenerated[key], upstream[key], "{key}");
    }
    assert_eq!(regenerated["hyperVGeneration"], "V1");
    assert_eq!(
        regenerated["features"],
        serde_json::json!([{ "name": "SecurityType", "value": "Standard" }])
    );
}

#[test]
fn the_gallery_quickstart_imports_and_regenerates_the_same_gallery() {
    let folder = tempfile::tempdir().expect("a folder");
    let (spec, report, code) = import("sig-create", &[("galleryName", "myGallery")], folder.path());
    assert_eq!(code, Some(0), "{report}");
    assert!(spec.contains("name = \"myGallery\""), "{spec}");
    assert!(
        spec.contains("description = \"My Private Gallery\""),
        "{spec}"
    );
    let template = generated_template(&spec, folder.path());
    let gallery = resource(&template, "Microsoft.Compute/galleries");
    assert_eq!(gallery["properties"]["description"], "My Private Gallery");
    assert_eq!(
        template["parameters"]["galleryName"]["defaultValue"],
        "myGallery"
    );
}

#[test]
fn the_version_quickstart_keeps_its_parameter_names() {
    let folder = tempfile::tempdir().expect("a folder");
    let image = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/images/img";
    let (spec, report, _) = import(
        "sig-image-version-create",
        &[
            ("existingGalleryName", "myGallery"),
            ("existingGalleryImageDefinitionName", "myImageDefinition"),
            ("existingManagedImageID", image),
        ],
        folder.path(),
    );
    assert!(
        spec.contains(&format!("managed-image = \"{image}\"")),
        "{spec}"
    );
    assert!(
        spec.contains("managed-image = \"existingManagedImageID\""),
        "{spec}"
    );
    assert!(
        spec.contains("name = \"galleryImageVersionName\""),
        "{spec}"
    );
    assert!(spec.contains("name = \"existingGalleryName\""), "{spec}");
    // The existing definition's properties are in no template.
    assert!(report.contains("missing key"), "{report}");
}

#[test]
fn the_vm_quickstart_reads_its_vm_and_network() {
    let folder = tempfile::tempdir().expect("a folder");
    let (spec, report, code) = import(
        "vm-from-sig",
        &[
            ("adminUsername", "azureuser"),
            ("dnsLabelPrefix", "mysigvm-label"),
            ("existingGalleryName", "myGallery"),
            ("existingGalleryImageDefinitionName", "myImageDefinition"),
            ("existingGalleryImageVersionName", "1.0.0"),
        ],
        folder.path(),
    );
    assert_eq!(code, Some(1), "{report}");
    for line in [
        "name = \"mysigvm\"",
        "image = \"myGallery/myImageDefinition/1.0.0\"",
        "size = \"Standard_D2_v2\"",
        "admin-username = \"azureuser\"",
        "public-ip = true",
        "dns-label = \"mysigvm-label\"",
        "nsg-rule = \"SSH\"",
        "dns-label = \"dnsLabelPrefix\"",
        "size = \"vmSize\"",
    ] {
        assert!(spec.contains(line), "{line} in\n{spec}");
    }
    // The quickstart's second open port is reported where it is written.
    assert!(report.contains("a second open port"), "{report}");
}

#[test]
fn an_existing_output_is_kept_unless_forced() {
    let folder = tempfile::tempdir().expect("a folder");
    let parameters = parameters("sig-create", &[("galleryName", "myGallery")], folder.path());
    let output = folder.path().join("sigil.toml");
    std::fs::write(&output, "# mine\n").expect("written");
    let run = |force: bool| {
        let mut command = sigil();
        command
            .arg("import")
            .arg(quickstart("sig-create").join("azuredeploy.json"))
            .arg("--parameters")
            .arg(&parameters)
            .args(["--resource-group", "rg", "--location", "eastus", "-o"])
            .arg(&output);
        if force {
            command.arg("--force");
        }
        command.assert()
    };
    run(false).code(2);
    assert_eq!(std::fs::read_to_string(&output).unwrap(), "# mine\n");
    run(true).code(0);
    assert!(
        std::fs::read_to_string(&output)
            .unwrap()
            .contains("[[gallery]]")
    );
}

#[test]
fn files_sigil_cannot_import_are_usage_errors() {
    let folder = tempfile::tempdir().expect("a folder");
    let notes = folder.path().join("notes.txt");
    std::fs::write(&notes, "nothing\n").expect("written");
    sigil().arg("import").arg(&notes).assert().code(2);
    // A parameters file alone says which template it is for only with --parameters.
    sigil()
        .arg("import")
        .arg(quickstart("sig-create").join("azuredeploy.parameters.json"))
        .assert()
        .code(2);
    let broken = folder.path().join("broken.json");
    std::fs::write(
        &broken,
        "{\"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\", \"resources\": [{\"type\": \"Microsoft.Compute/galleries\",]}",
    )
    .expect("written");
    let assert = sigil().arg("import").arg(&broken).assert().code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("broken.json:1:"), "{stderr}");
}

#[test]
fn without_a_resource_group_the_spec_is_written_and_the_group_reported() {
    let folder = tempfile::tempdir().expect("a folder");
    let parameters = parameters("sig-create", &[("galleryName", "myGallery")], folder.path());
    let assert = sigil()
        .arg("import")
        .arg(quickstart("sig-create").join("azuredeploy.json"))
        .arg("--parameters")
        .arg(parameters)
        .assert()
        .code(1);
    let output = assert.get_output();
    assert!(String::from_utf8_lossy(&output.stdout).contains("[[gallery]]"));
    assert!(String::from_utf8_lossy(&output.stderr).contains("the resource group"));
}
