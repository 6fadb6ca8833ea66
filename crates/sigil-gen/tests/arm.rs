//! `azuredeploy.json` and `azuredeploy.parameters.json`: snapshots of every example, the template's fixed
//! shape (schema, api versions, parameters, names, scopes, dependencies), every spec value in its place, hostile
//! values kept literal, and a property test that `arm::literal` round-trips any string through JSON and ARM's
//! expression rule.

use proptest::prelude::*;
use serde_json::Value;
use sigil_core::model::Spec;
use sigil_gen::{Format, Plan, arm, render};

mod common;

use common::{EXISTING_VERSION, example, example_names, options, spec};

fn text(spec: &Spec, format: Format) -> String {
    let plan = Plan::new(spec).expect("the spec plans");
    render(&plan, format, &options()).expect("the output renders")
}

fn template(spec: &Spec) -> Value {
    serde_json::from_str(&text(spec, Format::Arm)).expect("the template is JSON")
}

fn parameters_file(spec: &Spec) -> Value {
    serde_json::from_str(&text(spec, Format::ArmParameters)).expect("the parameters file is JSON")
}

/// The template's resources of one type.
fn resources<'t>(template: &'t Value, kind: &str) -> Vec<&'t Value> {
    template["resources"]
        .as_array()
        .expect("resources is an array")
        .iter()
        .filter(|r| r["type"] == kind)
        .collect()
}

fn only<'t>(template: &'t Value, kind: &str) -> &'t Value {
    let found = resources(template, kind);
    assert_eq!(found.len(), 1, "one {kind}");
    found[0]
}

/// What ARM makes of a JSON string: an expression when it is `[...]` (only the single string literals `arm`
/// writes are understood here), `[[` unescaped, anything else as it is.
fn arm_value(text: &str) -> String {
    if text.starts_with("[[") {
        return text[1..].to_owned();
    }
    if text.starts_with('[') && text.ends_with(']') {
        let inner = &text[1..text.len() - 1];
        let body = inner
            .strip_prefix('\'')
            .and_then(|rest| rest.strip_suffix('\''))
            .unwrap_or_else(|| panic!("{text:?} is an expression other than a string literal"));
        assert!(
            !body.replace("''", "").contains('\''),
            "{text:?}: an unescaped quote ends the literal early"
        );
        return body.replace("''", "'");
    }
    text.to_owned()
}

// ------------------------------------------------------------------------------------------------ snapshots

#[test]
fn every_example_matches_its_snapshots() {
    for name in &example_names() {
        let spec = example(name);
        insta::assert_snapshot!(name.as_str(), text(&spec, Format::Arm));
        insta::assert_snapshot!(
            format!("parameters__{name}"),
            text(&spec, Format::ArmParameters)
        );
    }
}

#[test]
fn output_is_deterministic_pretty_json_with_a_trailing_newline() {
    for name in &example_names() {
        let spec = example(name);
        let first = text(&spec, Format::Arm);
        assert_eq!(first, text(&spec, Format::Arm), "{name}");
        assert!(first.ends_with("}\n") && !first.ends_with("\n\n"), "{name}");
        assert!(
            first.starts_with("{\n  \"$schema\""),
            "{name}: two-space indentation, $schema first"
        );
        let parameters = text(&spec, Format::ArmParameters);
        assert!(parameters.ends_with("}\n"), "{name}");
    }
}

// ---------------------------------------------------------------------------------------------- the shape

#[test]
fn every_template_has_the_fixed_header_and_api_versions() {
    for name in &example_names() {
        let template = template(&example(name));
        assert_eq!(
            template["$schema"],
            "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
            "{name}"
        );
        assert_eq!(template["contentVersion"], "1.0.0.0");
        assert_eq!(template["metadata"]["_generator"]["name"], "sigil");
        assert_eq!(
            template["metadata"]["_generator"]["version"],
            env!("CARGO_PKG_VERSION")
        );
        let location = &template["parameters"]["location"];
        assert_eq!(location["type"], "string");
        assert_eq!(location["defaultValue"], "[resourceGroup().location]");
        assert!(location["metadata"]["description"].is_string());
        let mut resources: Vec<&Value> = template["resources"].as_array().unwrap().iter().collect();
        while let Some(resource) = resources.pop() {
            let kind = resource["type"].as_str().unwrap();
            let expected = match kind {
                k if k.starts_with("Microsoft.Compute/galleries") => "2025-03-03",
                "Microsoft.Authorization/roleAssignments" => "2022-04-01",
                k if k.starts_with("Microsoft.Network/") => "2025-07-01",
                "Microsoft.Compute/virtualMachines" => "2026-03-01",
                "Microsoft.Resources/deployments" => {
                    let inner = &resource["properties"]["template"];
                    assert_eq!(inner["$schema"], template["$schema"], "{name}");
                    assert_eq!(inner["contentVersion"], "1.0.0.0", "{name}");
                    resources.extend(inner["resources"].as_array().unwrap());
                    "2025-04-01"
                }
                other => panic!("{name}: unexpected resource type {other}"),
            };
            assert_eq!(resource["apiVersion"], expected, "{name}: {kind}");
        }
    }
}

#[test]
fn keys_come_in_a_readable_order() {
    let text = text(&example("windows-trusted-launch"), Format::Arm);
    let top: Vec<&str> = [
        "\"$schema\"",
        "\"contentVersion\"",
        "\"metadata\"",
        "\"parameters\"",
        "\"variables\"",
        "\"resources\"",
    ]
    .into_iter()
    .collect();
    let positions: Vec<usize> = top.iter().map(|key| text.find(key).unwrap()).collect();
    assert!(
        positions.windows(2).all(|pair| pair[0] < pair[1]),
        "{top:?} in order"
    );
    let gallery = text
        .find("\"type\": \"Microsoft.Compute/galleries\"")
        .unwrap();
    let rest = &text[gallery..];
    let keys = [
        "\"apiVersion\"",
        "\"name\"",
        "\"location\"",
        "\"tags\"",
        "\"properties\"",
    ];
    let positions: Vec<usize> = keys.iter().map(|key| rest.find(key).unwrap()).collect();
    assert!(
        positions.windows(2).all(|pair| pair[0] < pair[1]),
        "{keys:?} in order"
    );
}

#[test]
fn every_name_is_a_parameter_with_a_description_and_the_spec_value() {
    let spec = example("linux-arm64");
    let template = template(&spec);
    let parameters = &template["parameters"];
    for (parameter, value) in [
        ("galleryName", "armImages"),
        ("imageDefinitionName", "ubuntu-24.04-arm64"),
        ("imageVersionName", "1.0.0"),
        ("imageVersion2Name", "1.1.0"),
        (
            "roleAssignmentPrincipalId",
            "22222222-3333-4444-5555-666666666666",
        ),
        ("vmName", "arm-builder-01"),
        ("vmAdminUsername", "azureuser"),
    ] {
        assert_eq!(parameters[parameter]["type"], "string", "{parameter}");
        assert_eq!(parameters[parameter]["defaultValue"], value, "{parameter}");
        assert!(
            !parameters[parameter]["metadata"]["description"]
                .as_str()
                .unwrap()
                .is_empty(),
            "{parameter}"
        );
    }
    let file = parameters_file(&spec);
    assert_eq!(
        file["$schema"],
        "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#"
    );
    assert_eq!(file["contentVersion"], "1.0.0.0");
    let in_file: Vec<&str> = file["parameters"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    // serde_json sorts the keys it reads back
    assert_eq!(
        in_file,
        [
            "galleryName",
            "imageDefinitionName",
            "imageVersion2Name",
            "imageVersionName",
            "roleAssignmentPrincipalId",
            "vmAdminUsername",
            "vmName"
        ]
    );
    assert_eq!(file["parameters"]["imageVersion2Name"]["value"], "1.1.0");
}

#[test]
fn children_are_named_with_format_and_depend_on_parents_the_template_creates() {
    let template = template(&example("windows-trusted-launch"));
    let text = serde_json::to_string(&template).unwrap();
    assert!(!text.contains("concat("), "never concat");
    let gallery = only(&template, "Microsoft.Compute/galleries");
    assert_eq!(gallery["name"], "[parameters('galleryName')]");
    let definition = only(&template, "Microsoft.Compute/galleries/images");
    assert_eq!(
        definition["name"],
        "[format('{0}/{1}', parameters('galleryName'), parameters('imageDefinitionName'))]"
    );
    assert_eq!(
        definition["dependsOn"],
        serde_json::json!([
            "[resourceId('Microsoft.Compute/galleries', parameters('galleryName'))]"
        ])
    );
    let version = only(&template, "Microsoft.Compute/galleries/images/versions");
    assert_eq!(
        version["name"],
        "[format('{0}/{1}/{2}', parameters('galleryName'), parameters('imageDefinitionName'), parameters('imageVersionName'))]"
    );
    assert_eq!(
        version["dependsOn"],
        serde_json::json!([
            "[resourceId('Microsoft.Compute/galleries/images', parameters('galleryName'), parameters('imageDefinitionName'))]"
        ])
    );
}

#[test]
fn existing_resources_are_referenced_not_created_nor_waited_for() {
    let template = template(&example("existing-gallery"));
    assert!(resources(&template, "Microsoft.Compute/galleries").is_empty());
    let definition = only(&template, "Microsoft.Compute/galleries/images");
    assert!(
        definition.get("dependsOn").is_none(),
        "no dependsOn on a gallery made elsewhere"
    );
    assert!(
        template["parameters"]["galleryName"]["metadata"]["description"]
            .as_str()
            .unwrap()
            .contains("existing")
    );

    let existing_definition = spec(
        r#"
        [resource-group]
        name = "rg"
        location = "eastus"
        [[gallery]]
        name = "g"
        existing = true
        [[image-definition]]
        gallery = "g"
        name = "d"
        existing = true
        publisher = "p"
        offer = "o"
        sku = "s"
        os-type = "Linux"
        os-state = "Generalized"
        [[image-version]]
        gallery = "g"
        image-definition = "d"
        name = "1.0.0"
        managed-image = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/b/providers/Microsoft.Compute/images/i"
        [[role-assignment]]
        scope = "g/d"
        role = "Reader"
        assignee-object-id = "11111111-2222-3333-4444-555555555555"
        "#,
    );
    let template = self::template(&existing_definition);
    assert!(resources(&template, "Microsoft.Compute/galleries/images").is_empty());
    let version = only(&template, "Microsoft.Compute/galleries/images/versions");
    assert!(version.get("dependsOn").is_none());
    let assignment = only(&template, "Microsoft.Authorization/roleAssignments");
    assert!(assignment.get("dependsOn").is_none());
    assert_eq!(
        assignment["scope"],
        "[format('Microsoft.Compute/galleries/{0}/images/{1}', parameters('galleryName'), parameters('imageDefinitionName'))]"
    );
}

#[test]
fn an_existing_version_is_named_by_its_parameter_not_created_nor_waited_for() {
    let template = template(&spec(EXISTING_VERSION));
    let versions = resources(&template, "Microsoft.Compute/galleries/images/versions");
    assert_eq!(versions.len(), 1, "only the version the template creates");
    assert_eq!(
        versions[0]["name"],
        "[format('{0}/{1}/{2}', parameters('galleryName'), parameters('imageDefinitionName'), parameters('imageVersion2Name'))]"
    );
    let parameter = &template["parameters"]["existingGalleryImageVersionName"];
    assert_eq!(parameter["defaultValue"], "1.0.0");
    assert!(
        parameter["metadata"]["description"]
            .as_str()
            .unwrap()
            .contains("existing")
    );
    let existing_id = "[resourceId('Microsoft.Compute/galleries/images/versions', parameters('galleryName'), \
                       parameters('imageDefinitionName'), parameters('existingGalleryImageVersionName'))]";
    let assignment = only(&template, "Microsoft.Authorization/roleAssignments");
    assert_eq!(
        assignment["scope"],
        "[format('Microsoft.Compute/galleries/{0}/images/{1}/versions/{2}', parameters('galleryName'), \
         parameters('imageDefinitionName'), parameters('existingGalleryImageVersionName'))]"
    );
    assert!(
        assignment.get("dependsOn").is_none(),
        "nothing to wait for: the version, its definition and gallery are made elsewhere"
    );
    let vms = resources(&template, "Microsoft.Compute/virtualMachines");
    let image = |vm: &Value| vm["properties"]["storageProfile"]["imageReference"]["id"].clone();
    assert_eq!(image(vms[0]), existing_id);
    let waits = |vm: &Value| {
        vm["dependsOn"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|id| id.as_str().unwrap().contains("galleries"))
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(waits(vms[0]), Vec::<Value>::new());
    // `latest` waits for the version the template makes, not for the one made elsewhere.
    assert_eq!(
        waits(vms[1]),
        [Value::from(
            "[resourceId('Microsoft.Compute/galleries/images/versions', parameters('galleryName'), \
             parameters('imageDefinitionName'), parameters('imageVersion2Name'))]"
        )]
    );
}

#[test]
fn an_existing_definition_in_a_gallery_the_template_creates_waits_for_the_gallery() {
    let spec = spec(
        r#"
        [resource-group]
        name = "rg"
        location = "eastus"
        [[gallery]]
        name = "g"
        [[image-definition]]
        gallery = "g"
        name = "d"
        existing = true
        publisher = "p"
        offer = "o"
        sku = "s"
        os-type = "Linux"
        os-state = "Generalized"
        [[image-version]]
        gallery = "g"
        image-definition = "d"
        name = "1.0.0"
        managed-image = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/b/providers/Microsoft.Compute/images/i"
        [[role-assignment]]
        scope = "g/d"
        role = "Reader"
        assignee-object-id = "11111111-2222-3333-4444-555555555555"
        "#,
    );
    let template = template(&spec);
    only(&template, "Microsoft.Compute/galleries");
    assert!(resources(&template, "Microsoft.Compute/galleries/images").is_empty());
    let gallery = serde_json::json!([
        "[resourceId('Microsoft.Compute/galleries', parameters('galleryName'))]"
    ]);
    let version = only(&template, "Microsoft.Compute/galleries/images/versions");
    assert_eq!(version["dependsOn"], gallery);
    let assignment = only(&template, "Microsoft.Authorization/roleAssignments");
    assert_eq!(assignment["dependsOn"], gallery);

    // A VM from the latest version of that definition, with no version in the template, waits for the
    // gallery too.
    let mut spec = spec;
    spec.image_versions.clear();
    spec.role_assignments.clear();
    spec.vms = self::spec(
        r#"
        [[vm]]
        name = "vm1"
        image = "g/d"
        admin-username = "azureuser"
        ssh-key-value = "ssh-ed25519 AAAA"
        "#,
    )
    .vms;
    let template = self::template(&spec);
    let vm = only(&template, "Microsoft.Compute/virtualMachines");
    assert_eq!(vm["dependsOn"][1], gallery[0]);
    assert_eq!(vm["dependsOn"].as_array().unwrap().len(), 2);
}

#[test]
fn the_gallery_always_has_properties() {
    let gallery = only(&template(&example("seed")), "Microsoft.Compute/galleries").clone();
    assert_eq!(gallery["properties"], serde_json::json!({}));
}

// ------------------------------------------------------------------------------------------ the resources

#[test]
fn every_property_of_the_windows_example_appears() {
    let template = template(&example("windows-trusted-launch"));
    let gallery = only(&template, "Microsoft.Compute/galleries");
    assert_eq!(gallery["location"], "[parameters('location')]");
    assert_eq!(
        gallery["tags"],
        serde_json::json!({"costCenter": "4711", "owner": "platform"})
    );
    assert_eq!(
        gallery["properties"],
        serde_json::json!({"description": "Golden images for the platform team", "softDeletePolicy": {"isSoftDeleteEnabled": true}})
    );

    let definition = only(&template, "Microsoft.Compute/galleries/images");
    assert_eq!(definition["tags"], serde_json::json!({"os": "windows"}));
    let properties = &definition["properties"];
    assert_eq!(
        properties["description"],
        "Windows Server 2022 Datacenter Azure Edition, hardened"
    );
    assert_eq!(
        properties["identifier"],
        serde_json::json!({"publisher": "Contoso", "offer": "WindowsServer", "sku": "2022-datacenter-azure-edition"})
    );
    assert_eq!(properties["osType"], "Windows");
    assert_eq!(properties["osState"], "Generalized");
    assert_eq!(properties["hyperVGeneration"], "V2");
    assert_eq!(properties["architecture"], "x64");
    assert_eq!(
        properties["features"],
        serde_json::json!([
            {"name": "SecurityType", "value": "TrustedLaunch"},
            {"name": "IsAcceleratedNetworkSupported", "value": "True"},
            {"name": "DiskControllerTypes", "value": "SCSI,NVMe"},
        ])
    );
    assert_eq!(
        properties["recommended"],
        serde_json::json!({"vCPUs": {"min": 2, "max": 32}, "memory": {"min": 4, "max": 128}})
    );
    assert_eq!(properties["endOfLifeDate"], "2031-12-31T00:00:00Z");
    assert_eq!(properties["eula"], "https://contoso.example/eula");
    assert_eq!(
        properties["privacyStatementUri"],
        "https://contoso.example/privacy"
    );
    assert_eq!(
        properties["releaseNoteUri"],
        "https://contoso.example/notes"
    );

    let version = only(&template, "Microsoft.Compute/galleries/images/versions");
    assert_eq!(
        version["properties"],
        serde_json::json!({
            "publishingProfile": {
                "targetRegions": [
                    {"name": "westeurope", "regionalReplicaCount": 3, "storageAccountType": "Standard_ZRS"},
                    {"name": "northeurope", "regionalReplicaCount": 2},
                ],
                "replicaCount": 1,
                "storageAccountType": "Standard_LRS",
                "replicationMode": "Full",
                "excludeFromLatest": false,
                "endOfLifeDate": "2027-06-30T00:00:00Z",
            },
            "storageProfile": {
                "source": {"id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-build/providers/Microsoft.Compute/images/win2022-build-118"}
            },
        })
    );
}

#[test]
fn every_property_of_the_arm64_example_appears() {
    let template = template(&example("linux-arm64"));
    let definition = only(&template, "Microsoft.Compute/galleries/images");
    let properties = &definition["properties"];
    assert_eq!(properties["architecture"], "Arm64");
    assert_eq!(
        properties["features"],
        serde_json::json!([
            {"name": "SecurityType", "value": "Standard"},
            {"name": "IsHibernateSupported", "value": "False"},
            {"name": "DiskControllerTypes", "value": "SCSI"},
        ])
    );
    assert_eq!(
        properties["disallowed"],
        serde_json::json!({"diskTypes": ["Standard_LRS"]})
    );

    let versions = resources(&template, "Microsoft.Compute/galleries/images/versions");
    assert_eq!(versions.len(), 2);
    let first = &versions[0]["properties"];
    assert_eq!(first["publishingProfile"]["excludeFromLatest"], true);
    assert_eq!(
        first["storageProfile"],
        serde_json::json!({
            "osDiskImage": {
                "hostCaching": "ReadOnly",
                "source": {"id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-build/providers/Microsoft.Compute/snapshots/ubuntu-arm-os-100"},
            },
            "dataDiskImages": [{
                "lun": 0,
                "hostCaching": "None",
                "source": {"id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-build/providers/Microsoft.Compute/snapshots/ubuntu-arm-data-100"},
            }],
        })
    );
    let second = &versions[1];
    assert_eq!(second["tags"], serde_json::json!({"build": "110"}));
    assert_eq!(
        second["properties"]["publishingProfile"],
        serde_json::json!({
            "targetRegions": [
                {"name": "eastus2", "regionalReplicaCount": 2},
                {"name": "westus2", "regionalReplicaCount": 1, "excludeFromLatest": true},
                {"name": "centralus", "regionalReplicaCount": 2, "storageAccountType": "Standard_LRS"},
            ],
            "replicaCount": 2,
            "storageAccountType": "Premium_LRS",
            "replicationMode": "Full",
            "excludeFromLatest": false,
            "endOfLifeDate": "2030-04-30T00:00:00Z",
        })
    );
}

#[test]
fn sources_and_purchase_plans_land_where_the_cli_puts_them() {
    let template = template(&example("existing-gallery"));
    let definition = only(&template, "Microsoft.Compute/galleries/images");
    assert_eq!(
        definition["properties"]["purchasePlan"],
        serde_json::json!({"name": "rhel-lvm9", "publisher": "redhat", "product": "rhel-byos"})
    );
    assert_eq!(
        definition["properties"]["releaseNoteUri"],
        "https://contoso.example/rhel-9/notes"
    );
    let version = only(&template, "Microsoft.Compute/galleries/images/versions");
    assert_eq!(
        version["properties"]["storageProfile"],
        serde_json::json!({"osDiskImage": {"source": {
            "uri": "https://contosobuild.blob.core.windows.net/vhds/rhel-9.4.vhd",
            "storageAccountId": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-build/providers/Microsoft.Storage/storageAccounts/contosobuild",
        }}})
    );
    // No target regions in the spec: the version's own region, stated.
    assert_eq!(
        version["properties"]["publishingProfile"]["targetRegions"],
        serde_json::json!([{"name": "[parameters('location')]", "regionalReplicaCount": 1}])
    );

    let template = self::template(&example("specialized-vm"));
    let version = only(&template, "Microsoft.Compute/galleries/images/versions");
    assert_eq!(
        version["properties"]["storageProfile"],
        serde_json::json!({"source": {"virtualMachineId": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/app-golden"}})
    );
    assert_eq!(
        version["properties"]["publishingProfile"]["replicationMode"],
        "Shallow"
    );
    let definition = only(&template, "Microsoft.Compute/galleries/images");
    assert_eq!(definition["properties"]["hyperVGeneration"], "V1");
}

#[test]
fn role_assignments_are_extension_resources_named_by_guid() {
    let template = template(&example("linux-arm64"));
    assert_eq!(
        template["variables"]["readerRoleDefinitionId"],
        "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'acdd72a7-3385-48ef-bd42-f606fba81ae7')]"
    );
    let assignment = only(&template, "Microsoft.Authorization/roleAssignments");
    let version = "resourceId('Microsoft.Compute/galleries/images/versions', parameters('galleryName'), parameters('imageDefinitionName'), parameters('imageVersion2Name'))";
    assert_eq!(
        assignment["scope"],
        "[format('Microsoft.Compute/galleries/{0}/images/{1}/versions/{2}', parameters('galleryName'), parameters('imageDefinitionName'), parameters('imageVersion2Name'))]"
    );
    assert_eq!(
        assignment["name"],
        format!(
            "[guid({version}, parameters('roleAssignmentPrincipalId'), variables('readerRoleDefinitionId'))]"
        )
    );
    assert_eq!(
        assignment["properties"],
        serde_json::json!({
            "roleDefinitionId": "[variables('readerRoleDefinitionId')]",
            "principalId": "[parameters('roleAssignmentPrincipalId')]",
        })
    );
    assert_eq!(
        assignment["dependsOn"],
        serde_json::json!([format!("[{version}]")])
    );
    assert!(assignment.get("location").is_none());

    let seed = self::template(&example("seed"));
    let assignment = only(&seed, "Microsoft.Authorization/roleAssignments");
    assert_eq!(
        assignment["scope"],
        "[format('Microsoft.Compute/galleries/{0}', parameters('galleryName'))]"
    );
}

#[test]
fn a_principal_without_object_id_has_no_default_and_says_what_to_pass() {
    let spec = example("existing-gallery");
    let template = template(&spec);
    let principal = &template["parameters"]["roleAssignmentPrincipalId"];
    assert!(principal.get("defaultValue").is_none());
    let description = principal["metadata"]["description"].as_str().unwrap();
    assert!(
        description.contains("object id of rhel-consumers@example.com"),
        "{description}"
    );
    assert!(
        parameters_file(&spec)["parameters"]
            .get("roleAssignmentPrincipalId")
            .is_none()
    );
}

#[test]
fn custom_roles_and_several_assignments_share_variables() {
    let template = template(&spec(
        r#"
        [resource-group]
        name = "rg"
        location = "eastus"
        [[gallery]]
        name = "g"
        [[role-assignment]]
        scope = "g"
        role = "reader"
        assignee-object-id = "11111111-2222-3333-4444-555555555555"
        [[role-assignment]]
        scope = "g"
        role = "Compute Gallery Sharing Admin"
        assignee-object-id = "11111111-2222-3333-4444-555555555555"
        [[role-assignment]]
        scope = "g"
        role = "0A1B2C3D-0000-1111-2222-333333333333"
        assignee-object-id = "11111111-2222-3333-4444-555555555555"
        [[role-assignment]]
        scope = "g"
        role = "Reader"
        assignee-object-id = "66666666-2222-3333-4444-555555555555"
        "#,
    ));
    assert_eq!(
        template["variables"],
        serde_json::json!({
            "readerRoleDefinitionId": "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'acdd72a7-3385-48ef-bd42-f606fba81ae7')]",
            "computeGallerySharingAdminRoleDefinitionId": "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '1ef6a3be-d0ac-425d-8c01-acb62866290b')]",
            "customRoleDefinitionId": "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '0a1b2c3d-0000-1111-2222-333333333333')]",
        })
    );
    let assignments = resources(&template, "Microsoft.Authorization/roleAssignments");
    let names: Vec<&str> = assignments
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert!(
        names[3].contains(
            "parameters('roleAssignment4PrincipalId'), variables('readerRoleDefinitionId')"
        )
    );
    let unique: std::collections::BTreeSet<&&str> = names.iter().collect();
    assert_eq!(unique.len(), 4, "distinct guid() arguments");
}

// ------------------------------------------------------------------------------------------------------ VMs

#[test]
fn a_vm_from_latest_gets_the_network_az_vm_create_makes_and_no_public_access() {
    let template = template(&example("linux-arm64"));
    let vnet = only(&template, "Microsoft.Network/virtualNetworks");
    assert_eq!(vnet["name"], "[format('{0}VNET', parameters('vmName'))]");
    assert_eq!(
        vnet["properties"],
        serde_json::json!({
            "addressSpace": {"addressPrefixes": ["10.0.0.0/16"]},
            "subnets": [{"name": "[format('{0}Subnet', parameters('vmName'))]", "properties": {"addressPrefix": "10.0.0.0/24"}}],
        })
    );
    assert!(
        resources(&template, "Microsoft.Network/publicIPAddresses").is_empty(),
        "no public IP unless asked"
    );
    let nsg = only(&template, "Microsoft.Network/networkSecurityGroups");
    assert_eq!(
        nsg["properties"],
        serde_json::json!({}),
        "no rule open to the internet"
    );
    let nic = only(&template, "Microsoft.Network/networkInterfaces");
    assert!(
        nic["properties"]["ipConfigurations"][0]["properties"]
            .get("publicIPAddress")
            .is_none()
    );

    let vm = only(&template, "Microsoft.Compute/virtualMachines");
    let properties = &vm["properties"];
    assert_eq!(properties["hardwareProfile"]["vmSize"], "Standard_D2ps_v5");
    assert_eq!(
        properties["storageProfile"]["imageReference"]["id"],
        "[resourceId('Microsoft.Compute/galleries/images', parameters('galleryName'), parameters('imageDefinitionName'))]"
    );
    assert_eq!(
        properties["osProfile"],
        serde_json::json!({
            "computerName": "[parameters('vmName')]",
            "adminUsername": "[parameters('vmAdminUsername')]",
            "linuxConfiguration": {
                "disablePasswordAuthentication": true,
                "ssh": {"publicKeys": [{
                    "keyData": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl azureuser@example",
                    "path": "[format('/home/{0}/.ssh/authorized_keys', parameters('vmAdminUsername'))]",
                }]},
            },
        })
    );
    assert!(properties.get("securityProfile").is_none());
    // latest needs a version: the VM waits for every version of its definition.
    let depends_on = vm["dependsOn"].as_array().unwrap();
    assert_eq!(depends_on.len(), 3, "{depends_on:?}");
    assert!(
        depends_on[0]
            .as_str()
            .unwrap()
            .contains("Microsoft.Network/networkInterfaces")
    );
}

#[test]
fn a_password_vm_takes_a_secure_parameter_and_trusted_launch() {
    let spec = example("windows-trusted-launch");
    let template = template(&spec);
    let password = &template["parameters"]["vmAdminPassword"];
    assert_eq!(password["type"], "securestring");
    assert!(password.get("defaultValue").is_none());
    assert!(
        parameters_file(&spec)["parameters"]
            .get("vmAdminPassword")
            .is_none()
    );
    assert!(
        parameters_file(&spec)["parameters"]
            .get("location")
            .is_none()
    );
    let vm = only(&template, "Microsoft.Compute/virtualMachines");
    assert_eq!(
        vm["properties"]["osProfile"]["adminPassword"],
        "[parameters('vmAdminPassword')]"
    );
    assert!(
        vm["properties"]["osProfile"]
            .get("linuxConfiguration")
            .is_none()
    );
    assert_eq!(
        vm["properties"]["securityProfile"],
        serde_json::json!({"securityType": "TrustedLaunch", "uefiSettings": {"secureBootEnabled": true, "vTpmEnabled": true}})
    );
}

#[test]
fn a_specialized_vm_has_no_os_profile_and_a_public_ip_when_asked() {
    let template = template(&example("specialized-vm"));
    let vm = only(&template, "Microsoft.Compute/virtualMachines");
    assert!(vm["properties"].get("osProfile").is_none());
    assert_eq!(
        vm["properties"]["storageProfile"]["imageReference"]["id"],
        "[resourceId('Microsoft.Compute/galleries/images/versions', parameters('galleryName'), parameters('imageDefinitionName'), parameters('imageVersionName'))]"
    );
    assert_eq!(
        vm["properties"]["hardwareProfile"]["vmSize"],
        "Standard_D4s_v5"
    );
    let ip = only(&template, "Microsoft.Network/publicIPAddresses");
    assert_eq!(ip["sku"], serde_json::json!({"name": "Standard"}));
    assert_eq!(
        ip["properties"],
        serde_json::json!({"publicIPAllocationMethod": "Static"})
    );
    let nsg = only(&template, "Microsoft.Network/networkSecurityGroups");
    assert_eq!(
        nsg["properties"]["securityRules"][0]["name"],
        "default-allow-ssh"
    );
    assert_eq!(
        nsg["properties"]["securityRules"][0]["properties"]["destinationPortRange"],
        "22"
    );
    let nic = only(&template, "Microsoft.Network/networkInterfaces");
    assert_eq!(
        nic["properties"]["ipConfigurations"][0]["properties"]["publicIPAddress"]["id"],
        "[resourceId('Microsoft.Network/publicIPAddresses', format('{0}PublicIP', parameters('vmName')))]"
    );
    assert_eq!(nic["dependsOn"].as_array().unwrap().len(), 3);
}

// ------------------------------------------------------------------------------------------ hostile values

const HOSTILE: &[&str] = &[
    "it's \"quoted\"",
    "$(rm -rf /) and `id` and ${HOME}",
    "two\nlines\r\n\ttabbed",
    "‘single’ “double”",
    "[parameters('x')]",
    "[[escaped]",
    "['already literal']",
    "[not closed",
    "\\ back \\\\ slashes \u{0}",
];

#[test]
fn hostile_values_stay_literal() {
    for hostile in HOSTILE {
        let spec: Spec = serde_json::from_value(serde_json::json!({
            "resource-group": {"name": "rg", "location": "eastus"},
            "gallery": [{"name": "g", "description": hostile, "tags": {*hostile: hostile}}],
            "image-definition": [{
                "gallery": "g", "name": "d", "publisher": "p", "offer": "o", "sku": "s",
                "os-type": "Linux", "os-state": "Generalized", "eula": hostile, "description": hostile,
            }],
        }))
        .expect("the spec deserialises");
        let text = text(&spec, Format::Arm);
        let template: Value = serde_json::from_str(&text).expect("the template is JSON");
        let gallery = only(&template, "Microsoft.Compute/galleries");
        assert_eq!(
            arm_value(gallery["properties"]["description"].as_str().unwrap()),
            *hostile
        );
        let (key, value) = gallery["tags"].as_object().unwrap().iter().next().unwrap();
        assert_eq!(arm_value(key), *hostile);
        assert_eq!(arm_value(value.as_str().unwrap()), *hostile);
        let definition = only(&template, "Microsoft.Compute/galleries/images");
        assert_eq!(
            arm_value(definition["properties"]["eula"].as_str().unwrap()),
            *hostile
        );
        assert_eq!(
            arm_value(definition["properties"]["description"].as_str().unwrap()),
            *hostile
        );
    }
}

#[test]
fn literal_leaves_ordinary_text_alone() {
    assert_eq!(arm::literal("Golden images"), "Golden images");
    assert_eq!(arm::literal("a [b]"), "a [b]");
    assert_eq!(arm::literal("[x]"), "['[x]']");
    assert_eq!(arm::literal("[it's"), "['[it''s']");
}

proptest! {
    #[test]
    fn literal_round_trips_any_string_through_json_and_arm(text in any::<String>()) {
        let written = serde_json::to_string(&arm::literal(&text)).unwrap();
        let read: String = serde_json::from_str(&written).unwrap();
        prop_assert_eq!(arm_value(&read), text);
    }

    #[test]
    fn literal_round_trips_bracketed_strings(text in "\\[[\\[\\]'a-z ()]{0,12}\\]?") {
        prop_assert_eq!(arm_value(&arm::literal(&text)), text);
    }
}

#[test]
fn sharing_vm_tags_data_disks_and_computer_names_follow_the_spec() {
    let template = template(&spec(
        r#"
        [resource-group]
        name = "rg"
        location = "eastus"
        [[gallery]]
        name = "g"
        permissions = "Community"
        publisher-uri = "https://contoso.example"
        publisher-email = "images@contoso.example"
        eula = "https://contoso.example/eula"
        public-name-prefix = "contoso"
        soft-delete = false
        [[image-definition]]
        gallery = "g"
        name = "win"
        publisher = "p"
        offer = "o"
        sku = "s"
        os-type = "Windows"
        os-state = "Generalized"
        [[image-version]]
        gallery = "g"
        image-definition = "win"
        name = "1.0.0"
        location = "East US"
        os-snapshot = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/b/providers/Microsoft.Compute/snapshots/os"
        data-snapshots = [ { lun = 1, snapshot = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/b/providers/Microsoft.Compute/snapshots/d1" } ]
        [[vm]]
        name = "web_01"
        image = "g/win/1.0.0"
        admin-username = "admin1"
        public-ip = true
        location = "westus"
        tags = { env = "test" }
        "#,
    ));
    let gallery = only(&template, "Microsoft.Compute/galleries");
    assert_eq!(
        gallery["properties"],
        serde_json::json!({
            "sharingProfile": {
                "permissions": "Community",
                "communityGalleryInfo": {
                    "publisherUri": "https://contoso.example",
                    "publisherContact": "images@contoso.example",
                    "eula": "https://contoso.example/eula",
                    "publicNamePrefix": "contoso",
                },
            },
            "softDeletePolicy": {"isSoftDeleteEnabled": false},
        })
    );
    let version = only(&template, "Microsoft.Compute/galleries/images/versions");
    assert_eq!(
        version["location"], "eastus",
        "a version's own location, normalised"
    );

    let vm = only(&template, "Microsoft.Compute/virtualMachines");
    assert_eq!(vm["location"], "westus");
    assert_eq!(
        vm["properties"]["osProfile"]["computerName"], "web01",
        "as the CLI strips `_`"
    );
    assert_eq!(
        vm["properties"]["storageProfile"]["dataDisks"],
        serde_json::json!([{"lun": 1, "createOption": "FromImage", "managedDisk": {}}])
    );
    assert!(
        vm["properties"].get("securityProfile").is_none(),
        "TrustedLaunchSupported asks for nothing"
    );
    let nsg = only(&template, "Microsoft.Network/networkSecurityGroups");
    assert_eq!(nsg["properties"]["securityRules"][0]["name"], "rdp");
    assert_eq!(
        nsg["properties"]["securityRules"][0]["properties"]["destinationPortRange"],
        "3389"
    );
    for resource in template["resources"].as_array().unwrap() {
        let kind = resource["type"].as_str().unwrap();
        if kind.starts_with("Microsoft.Network/") || kind == "Microsoft.Compute/virtualMachines" {
            assert_eq!(
                resource["tags"],
                serde_json::json!({"env": "test"}),
                "{kind}: the VM's tags, as az --tags"
            );
            assert_eq!(resource["location"], "westus", "{kind}");
        }
    }
}

/// A generalized Linux image and a VM from its latest version, with a password, in group `elsewhere`.
fn other_group_spec() -> Spec {
    spec(
        r#"
        [resource-group]
        name = "rg"
        location = "eastus"

        [[gallery]]
        name = "g"

        [[image-definition]]
        gallery = "g"
        name = "d"
        publisher = "p"
        offer = "o"
        sku = "s"
        os-type = "Linux"
        os-state = "Generalized"

        [[vm]]
        name = "vm1"
        image = "g/d"
        admin-username = "azureuser"
        authentication-type = "password"
        resource-group = "elsewhere"
        "#,
    )
}

const DEFINITION_ID: &str = "[resourceId('Microsoft.Compute/galleries/images', parameters('galleryName'), parameters('imageDefinitionName'))]";

#[test]
fn a_vm_in_another_resource_group_is_deployed_there_by_a_nested_deployment() {
    let template = template(&other_group_spec());
    let parameters = &template["parameters"];
    assert_eq!(
        parameters["vmResourceGroupName"]["defaultValue"], "elsewhere",
        "the group is a parameter, as every name"
    );
    assert!(
        resources(&template, "Microsoft.Compute/virtualMachines").is_empty()
            && resources(&template, "Microsoft.Network/virtualNetworks").is_empty(),
        "nothing of the VM is deployed into the spec's group"
    );
    let deployment = only(&template, "Microsoft.Resources/deployments");
    assert_eq!(deployment["apiVersion"], "2025-04-01");
    assert_eq!(deployment["name"], "vmDeployment");
    assert_eq!(
        deployment["resourceGroup"],
        "[parameters('vmResourceGroupName')]"
    );
    let properties = &deployment["properties"];
    assert_eq!(
        properties["expressionEvaluationOptions"],
        serde_json::json!({"scope": "inner"})
    );
    assert_eq!(properties["mode"], "Incremental");
    // The definition's id is built out here, where the gallery is; the rest is the outer parameters, under
    // the same names, the password still a secure string.
    assert_eq!(
        properties["parameters"],
        serde_json::json!({
            "location": {"value": "[parameters('location')]"},
            "vmName": {"value": "[parameters('vmName')]"},
            "vmAdminUsername": {"value": "[parameters('vmAdminUsername')]"},
            "vmAdminPassword": {"value": "[parameters('vmAdminPassword')]"},
            "imageId": {"value": DEFINITION_ID},
        })
    );
    assert_eq!(parameters["vmAdminPassword"]["type"], "securestring");
    assert_eq!(
        deployment["dependsOn"],
        serde_json::json!([DEFINITION_ID]),
        "the deployment waits for the image, as the VM would"
    );
}

#[test]
fn a_nested_template_holds_the_vm_and_its_network_with_its_own_parameters() {
    let template = template(&other_group_spec());
    let deployment = only(&template, "Microsoft.Resources/deployments");
    let inner = &deployment["properties"]["template"];
    assert_eq!(
        inner["$schema"],
        "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"
    );
    let declared = inner["parameters"].as_object().unwrap();
    assert_eq!(
        declared.keys().collect::<Vec<_>>(),
        [
            "imageId",
            "location",
            "vmAdminPassword",
            "vmAdminUsername",
            "vmName"
        ],
        "serde_json sorts the keys it reads back"
    );
    assert_eq!(declared["vmAdminPassword"]["type"], "securestring");
    assert!(
        declared
            .values()
            .all(|parameter| parameter.get("defaultValue").is_none()),
        "every inner parameter is passed"
    );
    let kinds: Vec<&str> = inner["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|resource| resource["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "Microsoft.Network/virtualNetworks",
            "Microsoft.Network/networkSecurityGroups",
            "Microsoft.Network/networkInterfaces",
            "Microsoft.Compute/virtualMachines"
        ]
    );
    let vm = only(inner, "Microsoft.Compute/virtualMachines");
    assert_eq!(
        vm["properties"]["storageProfile"]["imageReference"]["id"],
        "[parameters('imageId')]"
    );
    assert_eq!(
        vm["properties"]["osProfile"]["adminPassword"],
        "[parameters('vmAdminPassword')]"
    );
    assert_eq!(vm["location"], "[parameters('location')]");
    assert_eq!(
        vm["dependsOn"],
        serde_json::json!([
            "[resourceId('Microsoft.Network/networkInterfaces', format('{0}VMNic', parameters('vmName')))]"
        ]),
        "inside, the VM waits for its NIC only"
    );
}

#[test]
fn the_spec_group_in_another_case_is_the_same_group() {
    let template = template(&spec_with_group(&other_group_spec(), "RG"));
    assert!(resources(&template, "Microsoft.Resources/deployments").is_empty());
    assert!(template["parameters"].get("vmResourceGroupName").is_none());
    only(&template, "Microsoft.Compute/virtualMachines");
}

fn spec_with_group(spec: &Spec, group: &str) -> Spec {
    toml::from_str(&toml::to_string(spec).unwrap().replace("elsewhere", group)).unwrap()
}

#[test]
fn vms_in_one_other_group_share_its_parameter_and_keep_their_locations() {
    let template = template(&example("vm-other-group"));
    let deployments = resources(&template, "Microsoft.Resources/deployments");
    assert_eq!(deployments.len(), 2);
    for deployment in &deployments {
        assert_eq!(
            deployment["resourceGroup"],
            "[parameters('vmResourceGroupName')]"
        );
    }
    assert!(template["parameters"].get("vmResourceGroup2Name").is_none());
    let locations: Vec<&Value> = deployments
        .iter()
        .map(|deployment| &deployment["properties"]["template"]["resources"][0]["location"])
        .collect();
    assert_eq!(
        locations,
        ["westus2", "[parameters('location')]"],
        "the VM's own location, else the spec's (the location parameter), wherever its group is"
    );
    assert!(
        deployments[0]["properties"]["parameters"]
            .get("location")
            .is_none(),
        "a parameter the inner template does not use is not passed"
    );
}
