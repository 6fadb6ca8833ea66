//! The `parameters` tables, `dns-label` and `nsg-rule`: how they read, and the rules that relate them to the
//! rest of the spec (SIG012, SIG013, SIG014, SIG704), each finding at its spec path.

use serde_json::{Value, json};
use sigil_core::model::{NsgRule, OsType, Spec};
use sigil_core::{Context, Validate};

fn base() -> Value {
    json!({
        "resource-group": { "name": "rg", "location": "eastus" },
        "gallery": [{ "name": "myGallery" }],
        "image-definition": [{
            "gallery": "myGallery", "name": "myImage",
            "publisher": "p", "offer": "o", "sku": "s",
            "os-type": "Windows", "os-state": "Generalized"
        }],
        "image-version": [{
            "gallery": "myGallery", "image-definition": "myImage", "name": "1.0.0",
            "managed-image": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Compute/images/i"
        }],
        "vm": [{ "name": "myVm", "image": "myGallery/myImage", "admin-username": "azureuser" }]
    })
}

fn set(mut value: Value, pointer: &str, key: &str, new: Value) -> Value {
    value
        .pointer_mut(pointer)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("{pointer} is an object of the base spec"))
        .insert(key.to_owned(), new);
    value
}

fn findings(value: Value) -> Vec<(&'static str, String)> {
    let spec: Spec = serde_json::from_value(value).expect("the test's spec deserialises");
    spec.validate(&Context::strict())
        .into_iter()
        .map(|d| (d.rule.id, d.path.to_string()))
        .collect()
}

#[test]
fn the_base_spec_is_clean_and_so_are_quickstart_names() {
    assert_eq!(findings(base()), []);
    let named = set(
        base(),
        "/vm/0",
        "parameters",
        json!({ "name": "vmName", "size": "vmSize", "admin-username": "adminUsername",
                "admin-password": "adminPassword", "dns-label": "dnsLabelPrefix" }),
    );
    let named = set(named, "/vm/0", "public-ip", json!(true));
    let named = set(named, "/vm/0", "dns-label", json!("mysigvm"));
    let named = set(
        named,
        "/gallery/0",
        "parameters",
        json!({ "name": "existingGalleryName" }),
    );
    let named = set(
        named,
        "/image-version/0",
        "parameters",
        json!({ "name": "galleryImageVersionName", "managed-image": "existingManagedImageID" }),
    );
    assert_eq!(findings(named), []);
}

#[test]
fn a_parameter_name_that_is_no_bicep_identifier_is_refused_while_reading() {
    let bad = set(
        base(),
        "/gallery/0",
        "parameters",
        json!({ "name": "gallery-name" }),
    );
    let error = serde_json::from_value::<Spec>(bad).unwrap_err().to_string();
    assert!(error.contains("SIG012"), "{error}");
}

#[test]
fn an_unknown_parameters_key_is_refused_while_reading() {
    let bad = set(base(), "/gallery/0", "parameters", json!({ "size": "x" }));
    let error = serde_json::from_value::<Spec>(bad).unwrap_err().to_string();
    assert!(error.contains("unknown field `size`"), "{error}");
}

#[test]
fn a_name_used_twice_is_reported_where_the_spec_names_it() {
    let clash = set(
        base(),
        "/gallery/0",
        "parameters",
        json!({ "name": "vmName" }),
    );
    assert_eq!(
        findings(clash),
        [("SIG013", "gallery[0].parameters.name".to_owned())]
    );
    let case_only = set(
        base(),
        "/vm/0",
        "parameters",
        json!({ "size": "GALLERYNAME" }),
    );
    assert_eq!(
        findings(case_only),
        [("SIG013", "vm[0].parameters.size".to_owned())]
    );
    let reserved = set(base(), "/vm/0", "parameters", json!({ "size": "location" }));
    assert_eq!(
        findings(reserved),
        [("SIG013", "vm[0].parameters.size".to_owned())]
    );
}

#[test]
fn a_parameter_for_a_value_the_resource_lacks_is_reported() {
    let no_label = set(
        base(),
        "/vm/0",
        "parameters",
        json!({ "dns-label": "dnsLabelPrefix" }),
    );
    assert_eq!(
        findings(no_label),
        [("SIG014", "vm[0].parameters.dns-label".to_owned())]
    );
    let ssh = set(
        set(base(), "/image-definition/0", "os-type", json!("Linux")),
        "/vm/0",
        "parameters",
        json!({ "admin-password": "adminPassword" }),
    );
    let ssh = set(ssh, "/vm/0", "ssh-key-value", json!("ssh-ed25519 AAAA"));
    assert_eq!(
        findings(ssh),
        [("SIG014", "vm[0].parameters.admin-password".to_owned())]
    );
}

#[test]
fn a_dns_label_is_checked_and_needs_a_public_ip() {
    let without_ip = set(base(), "/vm/0", "dns-label", json!("mysigvm"));
    assert_eq!(
        findings(without_ip.clone()),
        [("SIG704", "vm[0].dns-label".to_owned())]
    );
    let bad = set(
        set(without_ip, "/vm/0", "public-ip", json!(true)),
        "/vm/0",
        "dns-label",
        json!("MySigVm"),
    );
    assert_eq!(findings(bad), [("SIG704", "vm[0].dns-label".to_owned())]);
}

#[test]
fn nsg_rules_read_ignoring_case_and_default_to_the_clis_choice() {
    let spec: Spec =
        serde_json::from_value(set(base(), "/vm/0", "nsg-rule", json!("ssh"))).unwrap();
    assert_eq!(spec.vms[0].nsg_rule, Some(NsgRule::Ssh));
    assert_eq!(spec.vms[0].nsg_rule(OsType::Windows), NsgRule::Ssh);
    let spec: Spec = serde_json::from_value(base()).unwrap();
    assert_eq!(spec.vms[0].nsg_rule(OsType::Windows), NsgRule::None);
    let spec: Spec =
        serde_json::from_value(set(base(), "/vm/0", "public-ip", json!(true))).unwrap();
    assert_eq!(spec.vms[0].nsg_rule(OsType::Windows), NsgRule::Rdp);
    assert_eq!(spec.vms[0].nsg_rule(OsType::Linux), NsgRule::Ssh);
    let error = serde_json::from_value::<Spec>(set(base(), "/vm/0", "nsg-rule", json!("HTTP")))
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("SIG004 nsg-rule `HTTP` is not one of SSH, RDP, None"),
        "{error}"
    );
}
