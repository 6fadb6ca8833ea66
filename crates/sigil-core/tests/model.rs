//! The resource model and the rules it carries: each rule that is not a naming rule, triggered and not,
//! with the path of its finding in the spec's own key names.

use jiff::civil::Date;
use serde_json::{Value, json};
use sigil_core::model::{HyperVGeneration, SecurityType, Spec};
use sigil_core::{Context, Mode, Validate};

const TODAY: Date = Date::constant(2026, 11, 23);

fn seed() -> Value {
    json!({
        "resource-group": { "name": "myGalleryRG", "location": "eastus" },
        "gallery": [{ "name": "myGallery" }],
        "image-definition": [{
            "gallery": "myGallery", "name": "myImageDefinition",
            "publisher": "myPublisher", "offer": "myOffer", "sku": "16.04-LTS",
            "os-type": "Linux", "os-state": "Specialized"
        }],
        "image-version": [{
            "gallery": "myGallery", "image-definition": "myImageDefinition", "name": "1.0.0",
            "managed-image": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Compute/images/myImage",
            "target-regions": [{ "name": "eastus", "replica-count": 1 }, { "name": "westus", "replica-count": 2 }]
        }],
        "role-assignment": [{
            "scope": "myGallery", "role": "Reader",
            "assignee": "someone@example.com", "assignee-object-id": "11111111-2222-3333-4444-555555555555"
        }]
    })
}

fn spec(value: Value) -> Spec {
    serde_json::from_value(value).expect("the test's spec deserialises")
}

/// `(rule id, path)` of every finding, strict, on [`TODAY`].
fn findings(value: Value) -> Vec<(&'static str, String)> {
    findings_in(value, Mode::Strict)
}

fn findings_in(value: Value, mode: Mode) -> Vec<(&'static str, String)> {
    let context = Context::strict().with_mode(mode).with_today(TODAY);
    spec(value)
        .validate(&context)
        .into_iter()
        .map(|d| (d.rule.id, d.path.to_string()))
        .collect()
}

fn with(mut value: Value, pointer: &str, new: Value) -> Value {
    *value
        .pointer_mut(pointer)
        .unwrap_or_else(|| panic!("{pointer} exists in the seed")) = new;
    value
}

fn with_key(mut value: Value, pointer: &str, key: &str, new: Value) -> Value {
    value
        .pointer_mut(pointer)
        .unwrap()
        .as_object_mut()
        .unwrap()
        .insert(key.to_owned(), new);
    value
}

#[test]
fn the_seed_scenario_is_clean() {
    assert_eq!(findings(seed()), []);
}

#[test]
fn defaults_are_stated_in_one_place() {
    let spec = spec(seed());
    let definition = &spec.image_definitions[0];
    assert_eq!(definition.hyper_v_generation(), HyperVGeneration::V2);
    assert_eq!(
        definition.security_type(),
        SecurityType::TrustedLaunchSupported
    );
    let v1 = spec_with_definition(&json!({ "hyper-v-generation": "V1" }));
    assert_eq!(
        v1.image_definitions[0].security_type(),
        SecurityType::Standard
    );
}

/// The seed with `extra`'s keys merged into the object at `pointer`.
fn seed_with(pointer: &str, extra: &Value) -> Value {
    let mut value = seed();
    let object = value.pointer_mut(pointer).and_then(Value::as_object_mut);
    object
        .unwrap_or_else(|| panic!("{pointer} is an object in the seed"))
        .extend(extra.as_object().unwrap().clone());
    value
}

fn spec_with_definition(extra: &Value) -> Spec {
    spec(seed_with("/image-definition/0", extra))
}

fn definition_findings(extra: &Value) -> Vec<(&'static str, String)> {
    findings(seed_with("/image-definition/0", extra))
}

fn version_findings(extra: &Value) -> Vec<(&'static str, String)> {
    findings(seed_with("/image-version/0", extra))
}

#[test]
fn invalid_names_and_values_are_refused_while_deserialising_with_the_rule_message() {
    let error =
        serde_json::from_value::<Spec>(with(seed(), "/gallery/0/name", json!("my-gallery")))
            .unwrap_err();
    assert!(error.to_string().contains("SIG102"), "{error}");
    let error =
        serde_json::from_value::<Spec>(with(seed(), "/image-definition/0/os-type", json!("Linx")))
            .unwrap_err();
    assert!(
        error.to_string().contains("did you mean `Linux`?"),
        "{error}"
    );
    let error =
        serde_json::from_value::<Spec>(with_key(seed(), "/gallery/0", "descripton", json!("x")))
            .unwrap_err();
    assert!(
        error.to_string().contains("unknown field `descripton`"),
        "{error}"
    );
}

#[test]
fn sig001_names_are_unique_within_their_parent_ignoring_case() {
    let mut value = seed();
    value["gallery"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "name": "MYGALLERY" }));
    let versions = value["image-version"].as_array_mut().unwrap();
    let mut twin = versions[0].clone();
    twin["image-definition"] = json!("MyImageDefinition");
    versions.push(twin);
    assert_eq!(
        findings(value),
        [
            ("SIG001", "gallery[1].name".to_owned()),
            ("SIG001", "image-version[1].name".to_owned())
        ]
    );
}

/// Found by the `round_trip` fuzz target: two VMs named alike in one resource group (one of them in
/// another region) validated, and every output deployed the second over the first.
#[test]
fn sig001_vm_names_are_unique_within_their_resource_group() {
    let vm = json!({
        "name": "consumer-01", "image": "myGallery/myImageDefinition/1.0.0",
        "resource-group": "rg-vms"
    });
    let mut value = seed();
    let mut twin = vm.clone();
    twin["name"] = json!("CONSUMER-01");
    twin["location"] = json!("westus");
    value["vm"] = json!([vm.clone(), twin]);
    assert_eq!(findings(value), [("SIG001", "vm[1].name".to_owned())]);

    let mut value = seed();
    let mut elsewhere = vm.clone();
    elsewhere["resource-group"] = json!("rg-other");
    value["vm"] = json!([vm, elsewhere]);
    assert_eq!(findings(value), []);
}

#[test]
fn sig001_the_same_name_in_another_parent_is_fine() {
    let mut value = seed();
    value["gallery"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "name": "other" }));
    let mut definition = value["image-definition"][0].clone();
    definition["gallery"] = json!("other");
    value["image-definition"]
        .as_array_mut()
        .unwrap()
        .push(definition);
    assert_eq!(findings(value), []);
}

#[test]
fn sig002_end_of_life_dates_lie_ahead_in_strict_mode_only() {
    let past = definition_findings(&json!({ "end-of-life-date": "2026-11-23" }));
    assert_eq!(
        past,
        [("SIG002", "image-definition[0].end-of-life-date".to_owned())]
    );
    assert_eq!(
        definition_findings(&json!({ "end-of-life-date": "2026-11-24T00:00:00Z" })),
        []
    );
    let mut value = seed();
    value["image-definition"][0]["end-of-life-date"] = json!("2001-01-01");
    assert_eq!(findings_in(value.clone(), Mode::Lenient), []);
    let unknown_day = Context::strict();
    assert_eq!(spec(value).validate(&unknown_day), []);
}

#[test]
fn sig003_references_resolve_with_a_suggestion() {
    let value = with(seed(), "/image-definition/0/gallery", json!("myGalery"));
    let context = Context::strict().with_today(TODAY);
    let diagnostics = spec(value).validate(&context);
    let references: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.rule.id == "SIG003")
        .collect();
    assert_eq!(
        references[0].path.to_string(),
        "image-definition[0].gallery"
    );
    assert!(
        references[0].message.contains("did you mean `myGallery`?"),
        "{}",
        references[0].message
    );
    // The version's definition (myGalery/myImageDefinition) no longer exists either.
    assert_eq!(
        references[1].path.to_string(),
        "image-version[0].image-definition"
    );
}

#[test]
fn sig003_role_assignments_and_vms_reference_what_exists() {
    let mut value = with(
        seed(),
        "/role-assignment/0/scope",
        json!("myGallery/myImageDefinition/9.9.9"),
    );
    value["vm"] = json!([{ "name": "vm1", "image": "myGallery/nope" }, { "name": "vm2", "image": "myGallery/myImageDefinition/latest" }]);
    let found = findings(value);
    assert!(
        found.contains(&("SIG003", "role-assignment[0].scope".to_owned())),
        "{found:?}"
    );
    assert!(
        found.contains(&("SIG003", "vm[0].image".to_owned())),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|(_, path)| path == "vm[1].image"),
        "{found:?}"
    );
}

#[test]
fn sig005_uris_are_absolute() {
    let found = definition_findings(
        &json!({ "privacy-statement-uri": "example.com/privacy", "release-note-uri": "https://example.com/notes" }),
    );
    assert_eq!(
        found,
        [(
            "SIG005",
            "image-definition[0].privacy-statement-uri".to_owned()
        )]
    );
}

#[test]
fn sig105_community_galleries_say_who_publishes() {
    let value = with_key(seed(), "/gallery/0", "permissions", json!("Community"));
    assert_eq!(
        findings(value.clone()),
        [("SIG105", "gallery[0].permissions".to_owned())]
    );
    let mut complete = value;
    let gallery = complete
        .pointer_mut("/gallery/0")
        .unwrap()
        .as_object_mut()
        .unwrap();
    gallery.insert("public-name-prefix".into(), json!("contoso"));
    gallery.insert("eula".into(), json!("https://example.com/eula"));
    gallery.insert("publisher-uri".into(), json!("https://example.com"));
    gallery.insert("publisher-email".into(), json!("images@example.com"));
    assert_eq!(findings(complete), []);
}

#[test]
fn sig207_publisher_offer_and_sku_are_unique_per_gallery() {
    let mut value = seed();
    let mut twin = value["image-definition"][0].clone();
    twin["name"] = json!("another");
    twin["sku"] = json!("16.04-lts");
    value["image-definition"].as_array_mut().unwrap().push(twin);
    assert_eq!(
        findings(value),
        [("SIG207", "image-definition[1].sku".to_owned())]
    );
}

#[test]
fn sig208_sig209_security_types_and_arm64_need_gen2() {
    let found = definition_findings(
        &json!({ "hyper-v-generation": "V1", "features": { "security-type": "TrustedLaunch" } }),
    );
    assert_eq!(
        found,
        [(
            "SIG208",
            "image-definition[0].hyper-v-generation".to_owned()
        )]
    );
    let found =
        definition_findings(&json!({ "hyper-v-generation": "V1", "architecture": "Arm64" }));
    assert_eq!(
        found,
        [
            (
                "SIG209",
                "image-definition[0].hyper-v-generation".to_owned()
            ),
            ("SIG216", "image-version[0].managed-image".to_owned())
        ]
    );
    assert_eq!(
        definition_findings(
            &json!({ "hyper-v-generation": "V1", "features": { "security-type": "Standard" } })
        ),
        []
    );
    // Generation 2 satisfies Arm64; the seed's managed-image source still cannot be Arm64.
    assert_eq!(
        definition_findings(
            &json!({ "architecture": "Arm64", "features": { "security-type": "TrustedLaunch" } })
        ),
        [("SIG216", "image-version[0].managed-image".to_owned())]
    );
}

#[test]
fn sig210_private_only_security_types_stay_out_of_shared_galleries() {
    let mut value = with_key(seed(), "/gallery/0", "permissions", json!("Groups"));
    value["image-definition"][0]["features"] = json!({ "security-type": "ConfidentialVM" });
    assert_eq!(
        findings(value),
        [(
            "SIG210",
            "image-definition[0].features.security-type".to_owned()
        )]
    );
}

#[test]
fn sig211_disk_controllers_include_scsi_once() {
    let nvme_only =
        definition_findings(&json!({ "features": { "disk-controller-types": ["NVMe"] } }));
    assert_eq!(
        nvme_only,
        [(
            "SIG211",
            "image-definition[0].features.disk-controller-types".to_owned()
        )]
    );
    let twice =
        definition_findings(&json!({ "features": { "disk-controller-types": ["SCSI", "scsi"] } }));
    assert_eq!(twice.len(), 1);
    assert_eq!(
        definition_findings(&json!({ "features": { "disk-controller-types": ["SCSI", "NVMe"] } })),
        []
    );
}

#[test]
fn sig212_sig213_recommended_ranges() {
    let found = definition_findings(
        &json!({ "minimum-cpu-core": 0, "minimum-memory": 16, "maximum-memory": 8 }),
    );
    assert_eq!(
        found,
        [
            ("SIG212", "image-definition[0].minimum-cpu-core".to_owned()),
            ("SIG212", "image-definition[0].minimum-memory".to_owned())
        ]
    );
    let found = definition_findings(&json!({ "maximum-cpu-core": 129, "maximum-memory": 4000 }));
    assert_eq!(
        found,
        [("SIG213", "image-definition[0].maximum-cpu-core".to_owned())]
    );
    assert_eq!(
        definition_findings(
            &json!({ "minimum-cpu-core": 1, "maximum-cpu-core": 128, "minimum-memory": 1 })
        ),
        []
    );
}

#[test]
fn sig214_sig215_disk_types_and_purchase_plans() {
    let found = definition_findings(&json!({ "disallowed-disk-types": ["Standard_LRS", "HDD"] }));
    assert_eq!(
        found,
        [(
            "SIG214",
            "image-definition[0].disallowed-disk-types[1]".to_owned()
        )]
    );
    let found = definition_findings(&json!({ "plan-name": "p", "plan-product": "q" }));
    assert_eq!(found, [("SIG215", "image-definition[0]".to_owned())]);
    assert_eq!(
        definition_findings(
            &json!({ "plan-name": "p", "plan-product": "q", "plan-publisher": "r" })
        ),
        []
    );
    // Found by the round-trip fuzz target: an empty part was accepted, and deploy.ps1 dropped it.
    assert_eq!(
        definition_findings(
            &json!({ "plan-name": "p", "plan-product": "q", "plan-publisher": " " })
        ),
        [("SIG215", "image-definition[0]".to_owned())]
    );
    assert_eq!(
        definition_findings(&json!({ "plan-name": "", "plan-product": "", "plan-publisher": "" })),
        [
            ("SIG215", "image-definition[0]".to_owned()),
            ("SIG215", "image-definition[0]".to_owned()),
            ("SIG215", "image-definition[0]".to_owned())
        ]
    );
}

#[test]
fn sig216_arm64_versions_do_not_come_from_managed_images() {
    let mut value = seed();
    value["image-definition"][0]["architecture"] = json!("Arm64");
    assert_eq!(
        findings(value),
        [("SIG216", "image-version[0].managed-image".to_owned())]
    );
}

#[test]
fn sig305_sig306_target_regions() {
    let missing_source = version_findings(&json!({ "target-regions": [{ "name": "westus" }] }));
    assert_eq!(
        missing_source,
        [("SIG305", "image-version[0].target-regions".to_owned())]
    );
    let elsewhere = version_findings(
        &json!({ "location": "westus", "target-regions": [{ "name": "West US" }] }),
    );
    assert_eq!(elsewhere, []);
    let twice = version_findings(
        &json!({ "target-regions": [{ "name": "eastus" }, { "name": "East US" }] }),
    );
    assert_eq!(
        twice,
        [(
            "SIG306",
            "image-version[0].target-regions[1].name".to_owned()
        )]
    );
}

#[test]
fn sig307_sig308_replica_counts() {
    let found = version_findings(
        &json!({ "replica-count": 0, "target-regions": [{ "name": "eastus", "replica-count": 101 }] }),
    );
    // 101 in eastus and 0 (out of range) falling back on westus's own 2: 103 in all.
    assert_eq!(
        found,
        [
            (
                "SIG307",
                "image-version[0].target-regions[0].replica-count".to_owned()
            ),
            ("SIG307", "image-version[0].replica-count".to_owned()),
            ("SIG308", "image-version[0].target-regions".to_owned()),
        ]
    );
    let high = version_findings(
        &json!({ "target-regions": [{ "name": "eastus", "replica-count": 51 }, { "name": "westus", "replica-count": 50 }] }),
    );
    assert_eq!(
        high,
        [
            (
                "SIG308",
                "image-version[0].target-regions[0].replica-count".to_owned()
            ),
            ("SIG308", "image-version[0].target-regions".to_owned())
        ]
    );
}

#[test]
fn sig309_one_replica_per_twenty_concurrent_vms() {
    let mut value = seed();
    let vms: Vec<Value> = (0..21)
        .map(|i| json!({ "name": format!("vm{i}"), "image": "myGallery/myImageDefinition" }))
        .collect();
    value["vm"] = json!(vms);
    assert_eq!(
        findings(value.clone()),
        [("SIG309", "image-version[0].target-regions".to_owned())]
    );
    value["vm"].as_array_mut().unwrap().pop();
    assert_eq!(findings(value), []);
}

#[test]
fn sig310_shallow_replication_stays_home_with_one_replica() {
    let found = version_findings(&json!({ "replication-mode": "Shallow" }));
    assert_eq!(
        found,
        [
            (
                "SIG310",
                "image-version[0].target-regions[1].replica-count".to_owned()
            ),
            ("SIG310", "image-version[0].target-regions".to_owned())
        ]
    );
    let home = version_findings(
        &json!({ "replication-mode": "Shallow", "target-regions": [{ "name": "eastus" }] }),
    );
    assert_eq!(home, []);
}

#[test]
fn sig311_exactly_one_source() {
    let mut value = seed();
    value["image-version"][0]
        .as_object_mut()
        .unwrap()
        .remove("managed-image");
    assert_eq!(
        findings(value.clone()),
        [("SIG311", "image-version[0]".to_owned())]
    );
    let both = version_findings(&json!({ "os-snapshot": "/snapshots/os" }));
    assert_eq!(
        both,
        [
            ("SIG311", "image-version[0].os-snapshot".to_owned()),
            ("SIG313", "image-version[0].os-snapshot".to_owned())
        ]
    );
    value["image-version"][0]["os-vhd-uri"] =
        json!("https://account.blob.core.windows.net/vhds/os.vhd");
    assert_eq!(
        findings(value),
        [("SIG311", "image-version[0].os-vhd-uri".to_owned())]
    );
}

/// A version made elsewhere is not created here: it needs no source, and what only creating it needs
/// (regions, replicas, replication) is not checked against VMs and locations; references to it resolve, and
/// grants on it still warn.
#[test]
fn existing_versions_need_no_source_and_their_creating_keys_are_not_this_descriptions() {
    let mut value = seed();
    let version = value["image-version"][0].as_object_mut().unwrap();
    version.remove("managed-image");
    version.insert("existing".to_owned(), json!(true));
    assert!(spec(value.clone()).image_versions[0].existing);
    assert_eq!(findings(value.clone()), []);

    let mut replicated = with_key(
        value.clone(),
        "/image-version/0",
        "replication-mode",
        json!("Shallow"),
    );
    let vms: Vec<Value> = (0..41)
        .map(|i| json!({ "name": format!("vm{i}"), "image": "myGallery/myImageDefinition/1.0.0" }))
        .collect();
    replicated["vm"] = json!(vms);
    replicated["image-version"][0]["location"] = json!("centralus");
    // The values as written are still checked on their own (as an existing definition's are), but not
    // against the version's location and the VMs made from it, which only its creation would concern.
    let found = findings(replicated.clone());
    assert!(
        found
            .iter()
            .all(|(id, _)| !["SIG305", "SIG309", "SIG311"].contains(id)),
        "{found:?}"
    );
    replicated["image-version"][0]["existing"] = json!(false);
    replicated["image-version"][0]["managed-image"] = json!("/images/myImage");
    let created = findings(replicated);
    for expected in ["SIG305", "SIG309"] {
        assert!(
            created.iter().any(|(id, _)| *id == expected),
            "{expected} missing from {created:?}"
        );
    }

    let granted = with(
        value,
        "/role-assignment/0/scope",
        json!("myGallery/myImageDefinition/1.0.0"),
    );
    assert_eq!(
        findings(granted),
        [("SIG601", "role-assignment[0].scope".to_owned())]
    );
}

#[test]
fn sig312_data_disk_layout() {
    let mut value = seed();
    let version = value["image-version"][0].as_object_mut().unwrap();
    version.remove("managed-image");
    version.insert("os-snapshot".into(), json!("/snapshots/os"));
    version.insert("data-snapshots".into(), json!([{ "lun": 0, "snapshot": "/snapshots/d0" }, { "lun": 0, "snapshot": "/snapshots/d1" }, { "lun": 2, "snapshot": "/SNAPSHOTS/OS" }]));
    value["image-definition"][0]["features"] = json!({ "security-type": "TrustedLaunch" });
    assert_eq!(
        findings(value),
        [
            (
                "SIG312",
                "image-version[0].data-snapshots[1].lun".to_owned()
            ),
            (
                "SIG312",
                "image-version[0].data-snapshots[2].snapshot".to_owned()
            )
        ]
    );
}

#[test]
fn sig313_trusted_launch_supported_from_snapshots_warns_in_strict_mode() {
    let mut value = seed();
    let version = value["image-version"][0].as_object_mut().unwrap();
    version.remove("managed-image");
    version.insert("virtual-machine".into(), json!("/virtualMachines/vm"));
    assert_eq!(
        findings(value.clone()),
        [("SIG313", "image-version[0].virtual-machine".to_owned())]
    );
    assert_eq!(findings_in(value, Mode::Lenient), []);
}

#[test]
fn sig404_sig405_sig406_applications() {
    let mut value = with_key(seed(), "/gallery/0", "permissions", json!("Community"));
    let gallery = value
        .pointer_mut("/gallery/0")
        .unwrap()
        .as_object_mut()
        .unwrap();
    gallery.insert("public-name-prefix".into(), json!("contoso"));
    gallery.insert("eula".into(), json!("e"));
    gallery.insert("publisher-uri".into(), json!("https://example.com"));
    gallery.insert("publisher-email".into(), json!("a@example.com"));
    value["application"] =
        json!([{ "gallery": "myGallery", "name": "myApp", "os-type": "Windows" }]);
    value["application-version"] = json!([{
        "gallery": "myGallery", "application": "myApp", "name": "1.0.0",
        "package-file-link": "https://account.blob.core.windows.net/apps/app.zip",
        "install-command": "x".repeat(4097),
        "replica-count": 11, "target-regions": [{ "name": "eastus", "replica-count": 3 }]
    }]);
    assert_eq!(
        findings(value),
        [
            ("SIG404", "application-version[0].replica-count".to_owned()),
            ("SIG405", "application-version[0].remove-command".to_owned()),
            (
                "SIG405",
                "application-version[0].install-command".to_owned()
            ),
            ("SIG406", "application[0].gallery".to_owned()),
        ]
    );
}

#[test]
fn sig601_version_scoped_grants_warn() {
    let value = with(
        seed(),
        "/role-assignment/0/scope",
        json!("myGallery/myImageDefinition/1.0.0"),
    );
    assert_eq!(
        findings(value),
        [("SIG601", "role-assignment[0].scope".to_owned())]
    );
}

#[test]
fn every_violation_is_collected_not_just_the_first() {
    let found = definition_findings(&json!({
        "hyper-v-generation": "V1", "architecture": "Arm64", "features": { "security-type": "TrustedLaunch" },
        "minimum-cpu-core": 0, "end-of-life-date": "2020-01-01", "plan-name": "p"
    }));
    let ids: Vec<&str> = found.iter().map(|(id, _)| *id).collect();
    for expected in ["SIG002", "SIG208", "SIG209", "SIG212", "SIG215", "SIG216"] {
        assert!(ids.contains(&expected), "{expected} missing from {ids:?}");
    }
}

fn with_vm(definition_extra: &Value, vm: Value) -> Vec<(&'static str, String)> {
    let mut value = seed_with("/image-definition/0", definition_extra);
    value["vm"] = Value::Array(vec![vm]);
    findings(value)
}

#[test]
fn sig701_specialized_images_take_no_credentials() {
    let vm = json!({ "name": "vm1", "image": "myGallery/myImageDefinition", "admin-username": "azureuser" });
    assert_eq!(
        with_vm(&json!({}), vm),
        [("SIG701", "vm[0].admin-username".to_owned())]
    );
    let bare = json!({ "name": "vm1", "image": "myGallery/myImageDefinition" });
    assert_eq!(with_vm(&json!({}), bare), []);
}

#[test]
fn sig702_generalized_images_need_an_administrator() {
    let generalized = json!({ "os-state": "Generalized" });
    let bare = json!({ "name": "vm1", "image": "myGallery/myImageDefinition" });
    assert_eq!(
        with_vm(&generalized, bare),
        [
            ("SIG702", "vm[0].admin-username".to_owned()),
            ("SIG702", "vm[0].ssh-key-value".to_owned())
        ]
    );
    let ssh = json!({ "name": "vm1", "image": "myGallery/myImageDefinition", "admin-username": "azureuser", "ssh-key-value": "ssh-ed25519 AAAA" });
    assert_eq!(with_vm(&generalized, ssh), []);
    let password = json!({ "name": "vm1", "image": "myGallery/myImageDefinition", "admin-username": "azureuser", "authentication-type": "password" });
    assert_eq!(with_vm(&generalized, password), []);
    let windows_ssh = json!({ "name": "vm1", "image": "myGallery/myImageDefinition", "admin-username": "azureuser", "authentication-type": "ssh", "ssh-key-value": "k" });
    assert_eq!(
        with_vm(
            &json!({ "os-state": "Generalized", "os-type": "Windows" }),
            windows_ssh
        ),
        [("SIG702", "vm[0].authentication-type".to_owned())]
    );
}

#[test]
fn sig703_vm_names() {
    let vm = |name: &str| json!({ "name": name, "image": "myGallery/myImageDefinition" });
    assert_eq!(with_vm(&json!({}), vm("web-01")), []);
    assert_eq!(
        with_vm(&json!({}), vm("web 01")),
        [("SIG703", "vm[0].name".to_owned())]
    );
    assert_eq!(
        with_vm(&json!({}), vm("web-")),
        [("SIG703", "vm[0].name".to_owned())]
    );
    let windows = json!({ "os-type": "Windows" });
    assert_eq!(
        with_vm(&windows, vm("a-very-long-windows-name")),
        [("SIG703", "vm[0].name".to_owned())]
    );
}

#[test]
fn vm_defaults_follow_the_image() {
    let mut value = seed_with(
        "/image-definition/0",
        &json!({ "os-state": "Generalized", "architecture": "Arm64" }),
    );
    value["vm"] = json!([{ "name": "vm1", "image": "myGallery/myImageDefinition", "admin-username": "a", "ssh-key-value": "k" }]);
    let spec = spec(value);
    let (vm, definition) = (&spec.vms[0], &spec.image_definitions[0]);
    assert_eq!(vm.size(definition), sigil_core::model::DEFAULT_ARM64_SIZE);
    assert_eq!(
        vm.authentication_type(definition),
        Some(sigil_core::model::AuthenticationType::Ssh)
    );
}

#[test]
fn sig602_sig603_roles_and_principals() {
    let unknown_role = with(seed(), "/role-assignment/0/role", json!("Readers"));
    assert_eq!(
        findings(unknown_role),
        [("SIG602", "role-assignment[0].role".to_owned())]
    );
    let guid_role = with(
        seed(),
        "/role-assignment/0/role",
        json!("acdd72a7-3385-48ef-bd42-f606fba81ae7"),
    );
    assert_eq!(findings(guid_role), []);
    let mut nobody = seed();
    let assignment = nobody["role-assignment"][0].as_object_mut().unwrap();
    assignment.remove("assignee");
    assignment.remove("assignee-object-id");
    assert_eq!(
        findings(nobody),
        [("SIG603", "role-assignment[0]".to_owned())]
    );
    let not_a_guid = with(
        seed(),
        "/role-assignment/0/assignee-object-id",
        json!("someone"),
    );
    assert_eq!(
        findings(not_a_guid),
        [("SIG603", "role-assignment[0].assignee-object-id".to_owned())]
    );
    let mut at_file = with(seed(), "/role-assignment/0/assignee", json!("@users.txt"));
    at_file["role-assignment"][0]
        .as_object_mut()
        .unwrap()
        .remove("assignee-object-id");
    assert_eq!(
        findings(at_file),
        [("SIG603", "role-assignment[0].assignee".to_owned())]
    );
}

#[test]
fn sig316_a_retired_version_states_its_end_of_life_and_is_not_kept_in_latest() {
    let newer = json!({
        "gallery": "myGallery", "image-definition": "myImageDefinition", "name": "1.1.0",
        "managed-image": "/images/myImage"
    });
    let mut value = seed();
    value["image-version"].as_array_mut().unwrap().push(newer);
    let retired = |extra: &Value| {
        let mut value = value.clone();
        value["image-version"][0]
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        findings(value)
    };
    assert_eq!(
        retired(&json!({ "retired": true })),
        [("SIG316", "image-version[0].retired".to_owned())]
    );
    assert_eq!(
        retired(&json!({ "retired": true, "end-of-life-date": "2031-12-31" })),
        []
    );
    assert_eq!(
        retired(&json!({
            "retired": true, "end-of-life-date": "2031-12-31", "exclude-from-latest": true
        })),
        []
    );
    assert_eq!(
        retired(&json!({
            "retired": true, "end-of-life-date": "2031-12-31", "exclude-from-latest": false,
            "target-regions": [{ "name": "eastus", "exclude-from-latest": false }, { "name": "westus" }]
        })),
        [
            ("SIG316", "image-version[0].exclude-from-latest".to_owned()),
            (
                "SIG316",
                "image-version[0].target-regions[0].exclude-from-latest".to_owned()
            )
        ]
    );
}

/// Two versions of the seed's definition, 1.0.0 and 1.1.0, with `older` and `newer` merged in.
fn two_versions(older: &Value, newer: &Value) -> Value {
    let mut value = seed_with("/image-version/0", older);
    let mut second = json!({
        "gallery": "myGallery", "image-definition": "myImageDefinition", "name": "1.1.0",
        "managed-image": "/images/myImage"
    });
    second
        .as_object_mut()
        .unwrap()
        .extend(newer.as_object().unwrap().clone());
    value["image-version"].as_array_mut().unwrap().push(second);
    value
}

#[test]
fn sig317_sig706_a_definition_with_no_version_left_in_latest() {
    let retired = json!({ "retired": true, "end-of-life-date": "2031-12-31" });
    let excluded = json!({ "exclude-from-latest": true });
    assert_eq!(findings(two_versions(&retired, &json!({}))), []);
    let none_left = two_versions(&retired, &excluded);
    assert_eq!(
        findings(none_left.clone()),
        [("SIG317", "image-version[1].exclude-from-latest".to_owned())]
    );
    // Excluded in each target region is excluded everywhere; one region kept in latest is enough.
    let by_region = two_versions(
        &retired,
        &json!({ "target-regions": [{ "name": "eastus", "exclude-from-latest": true }] }),
    );
    assert_eq!(
        findings(by_region),
        [("SIG317", "image-version[1].target-regions".to_owned())]
    );
    let one_region_kept = two_versions(
        &retired,
        &json!({
            "exclude-from-latest": true,
            "target-regions": [{ "name": "eastus", "exclude-from-latest": false }]
        }),
    );
    assert_eq!(findings(one_region_kept), []);
    // A version made elsewhere may be latest.
    let elsewhere = two_versions(&retired, &json!({ "existing": true }));
    assert_eq!(findings(elsewhere), []);

    // A VM from latest would fail: an error at the VM instead of the warning; a pinned VM is fine.
    let mut with_vms = none_left;
    with_vms["vm"] = json!([
        { "name": "fromLatest", "image": "myGallery/myImageDefinition" },
        { "name": "pinned", "image": "myGallery/myImageDefinition/1.0.0" }
    ]);
    assert_eq!(findings(with_vms), [("SIG706", "vm[0].image".to_owned())]);
}

#[test]
fn sig318_latest_is_the_newest_version() {
    let retired = json!({ "retired": true, "end-of-life-date": "2031-12-31" });
    assert_eq!(
        findings(two_versions(&json!({}), &retired)),
        [("SIG318", "image-version[1].retired".to_owned())]
    );
    assert_eq!(
        findings(two_versions(
            &json!({}),
            &json!({ "exclude-from-latest": true })
        )),
        [("SIG318", "image-version[1].exclude-from-latest".to_owned())]
    );
    // An older version made elsewhere may itself be excluded: no warning on its account.
    let older_elsewhere = two_versions(&json!({ "existing": true }), &retired);
    let mut older_elsewhere = older_elsewhere;
    older_elsewhere["image-version"][0]
        .as_object_mut()
        .unwrap()
        .remove("managed-image");
    assert_eq!(findings(older_elsewhere), []);
}
