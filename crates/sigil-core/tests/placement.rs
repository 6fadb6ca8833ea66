//! SIG017 and SIG018 over a whole description: every resource group name and every region the model holds is
//! checked, each finding at the path of the value.

use serde_json::{Value, json};
use sigil_core::model::Spec;
use sigil_core::{Context, Mode, Validate};

fn seed() -> Value {
    json!({
        "resource-group": { "name": "rg-gallery", "location": "West Europe" },
        "gallery": [{ "name": "myGallery" }],
        "image-definition": [{
            "gallery": "myGallery", "name": "myImage", "publisher": "contoso", "offer": "ubuntu",
            "sku": "24.04", "os-type": "Linux", "os-state": "Generalized"
        }],
        "image-version": [{
            "gallery": "myGallery", "image-definition": "myImage", "name": "1.0.0", "location": "westeurope",
            "managed-image": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Compute/images/myImage",
            "target-regions": [{ "name": "westeurope" }, { "name": "North Europe" }]
        }],
        "application": [{ "gallery": "myGallery", "name": "myApp", "os-type": "Linux" }],
        "application-version": [{
            "gallery": "myGallery", "application": "myApp", "name": "1.0.0", "location": "westeurope",
            "package-file-link": "https://example.com/app.tar.gz",
            "install-command": "install", "remove-command": "remove",
            "target-regions": [{ "name": "westeurope" }]
        }],
        "vm": [{
            "name": "vm1", "image": "myGallery/myImage", "resource-group": "rg-vms.(test)",
            "location": "westeurope", "admin-username": "azureuser", "authentication-type": "ssh",
            "ssh-key-value": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB example"
        }]
    })
}

/// `(rule id, path)` of every SIG017 and SIG018 finding, in either mode.
fn placement_findings(value: Value) -> Vec<(&'static str, String)> {
    let spec: Spec = serde_json::from_value(value).expect("the test's spec deserialises");
    let mut found = Vec::new();
    for mode in [Mode::Strict, Mode::Lenient] {
        let findings: Vec<_> = spec
            .validate(&Context::strict().with_mode(mode))
            .into_iter()
            .filter(|d| matches!(d.rule.id, "SIG017" | "SIG018"))
            .map(|d| (d.rule.id, d.path.to_string()))
            .collect();
        if mode == Mode::Strict {
            found = findings;
        } else {
            assert_eq!(found, findings, "the rules have no lenient form");
        }
    }
    found
}

fn set(mut value: Value, pointer: &str, new: Value) -> Value {
    *value
        .pointer_mut(pointer)
        .unwrap_or_else(|| panic!("{pointer} is in the seed")) = new;
    value
}

#[test]
fn the_seed_names_only_valid_groups_and_known_regions() {
    assert_eq!(placement_findings(seed()), []);
}

#[test]
fn every_resource_group_name_is_checked_at_its_path() {
    let cases = [
        ("/resource-group/name", "resource-group.name"),
        ("/vm/0/resource-group", "vm[0].resource-group"),
    ];
    for (pointer, path) in cases {
        for bad in ["a/b", "my rg!", "rg.", ""] {
            let found = placement_findings(set(seed(), pointer, json!(bad)));
            assert_eq!(found, [("SIG017", path.to_owned())], "{bad:?} at {pointer}");
        }
    }
}

#[test]
fn every_region_is_checked_at_its_path() {
    let cases = [
        ("/resource-group/location", "resource-group.location"),
        ("/image-version/0/location", "image-version[0].location"),
        (
            "/application-version/0/location",
            "application-version[0].location",
        ),
        ("/vm/0/location", "vm[0].location"),
    ];
    for (pointer, path) in cases {
        let found = placement_findings(set(seed(), pointer, json!("westeurop")));
        assert_eq!(found, [("SIG018", path.to_owned())], "{pointer}");
    }
    let found = placement_findings(set(
        seed(),
        "/image-version/0/target-regions/1/name",
        json!("eastus5"),
    ));
    assert_eq!(
        found,
        [(
            "SIG018",
            "image-version[0].target-regions[1].name".to_owned()
        )]
    );
    let found = placement_findings(set(
        seed(),
        "/application-version/0/target-regions/0/name",
        json!("Mars Central"),
    ));
    assert_eq!(
        found,
        [(
            "SIG018",
            "application-version[0].target-regions[0].name".to_owned()
        )]
    );
}

#[test]
fn an_unknown_region_is_a_warning_with_the_region_meant() {
    let spec: Spec =
        serde_json::from_value(set(seed(), "/vm/0/location", json!("East US5"))).unwrap();
    let findings = spec.validate(&Context::strict());
    let finding = findings.iter().find(|d| d.rule.id == "SIG018").unwrap();
    assert_eq!(finding.severity, sigil_core::Severity::Warning);
    assert!(
        finding.message.ends_with("; did you mean `eastus`?"),
        "{}",
        finding.message
    );
    assert!(!sigil_core::has_errors(&findings), "{findings:?}");
}
