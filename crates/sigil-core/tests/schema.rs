//! What editors show from the spec's JSON Schema: a description on every key, and the fixed defaults the
//! model applies.

#![cfg(feature = "schema")]

use serde_json::{Map, Value, json};
use sigil_core::model::{ImageDefinition, ImageVersion};
use sigil_core::schema::spec_schema;

/// Every `properties` map in `schema`, with the path of the object that holds it.
fn property_maps<'a>(
    schema: &'a Value,
    path: &str,
    found: &mut Vec<(String, &'a Map<String, Value>)>,
) {
    match schema {
        Value::Object(object) => {
            if let Some(Value::Object(properties)) = object.get("properties") {
                found.push((path.to_owned(), properties));
            }
            for (key, value) in object {
                property_maps(value, &format!("{path}/{key}"), found);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                property_maps(item, &format!("{path}/{index}"), found);
            }
        }
        _ => {}
    }
}

#[test]
fn every_property_has_a_description() {
    let schema = spec_schema().to_value();
    let mut maps = Vec::new();
    property_maps(&schema, "#", &mut maps);
    assert!(
        maps.len() > 15,
        "only {} objects with properties",
        maps.len()
    );
    let missing: Vec<String> = maps
        .iter()
        .flat_map(|(path, properties)| {
            properties
                .iter()
                .filter(|(_, property)| {
                    property
                        .get("description")
                        .and_then(Value::as_str)
                        .is_none_or(|text| text.trim().is_empty())
                })
                .map(move |(key, _)| format!("{path}/properties/{key}"))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "properties without a description (add a doc comment to the model field): {missing:#?}"
    );
}

fn defaults_of(schema: &Value, definition: &str) -> Map<String, Value> {
    schema["$defs"][definition]["properties"]
        .as_object()
        .unwrap()
        .iter()
        .filter_map(|(key, property)| Some((key.clone(), property.get("default")?.clone())))
        .collect()
}

#[test]
fn the_fixed_defaults_are_stated() {
    let schema = spec_schema().to_value();
    let defaults: Vec<(String, Value)> = ["Gallery", "ImageDefinition", "ImageVersion", "Vm"]
        .iter()
        .flat_map(|definition| {
            defaults_of(&schema, definition)
                .into_iter()
                .map(move |(key, value)| (format!("{definition}.{key}"), value))
        })
        .collect();
    let expected = [
        ("Gallery.existing", json!(false)),
        ("ImageDefinition.architecture", json!("x64")),
        ("ImageDefinition.existing", json!(false)),
        ("ImageDefinition.hyper-v-generation", json!("V2")),
        ("ImageVersion.exclude-from-latest", json!(false)),
        ("ImageVersion.existing", json!(false)),
        ("ImageVersion.replica-count", json!(1)),
        ("ImageVersion.replication-mode", json!("Full")),
        ("ImageVersion.retired", json!(false)),
        ("ImageVersion.storage-account-type", json!("Standard_LRS")),
        ("Vm.public-ip", json!(false)),
    ];
    let expected: Vec<(String, Value)> = expected
        .into_iter()
        .map(|(key, value)| (key.to_owned(), value))
        .collect();
    assert_eq!(defaults, expected);
}

/// Stating every default explicitly changes nothing the model derives: the defaults are values the model
/// reads, and the ones it applies.
#[test]
fn stating_the_defaults_changes_nothing() {
    let schema = spec_schema().to_value();
    let mut definition = json!({
        "gallery": "gallery",
        "name": "definition",
        "publisher": "publisher",
        "offer": "offer",
        "sku": "sku",
        "os-type": "Linux",
        "os-state": "Generalized",
    });
    let bare: ImageDefinition = serde_json::from_value(definition.clone()).unwrap();
    definition
        .as_object_mut()
        .unwrap()
        .extend(defaults_of(&schema, "ImageDefinition"));
    let stated: ImageDefinition = serde_json::from_value(definition).unwrap();
    assert_eq!(stated.hyper_v_generation(), bare.hyper_v_generation());
    assert_eq!(stated.architecture(), bare.architecture());
    assert_eq!(stated.security_type(), bare.security_type());
    assert_eq!(stated.existing, bare.existing);

    let mut version = json!({
        "gallery": "gallery",
        "image-definition": "definition",
        "name": "1.0.0",
        "target-regions": [{ "name": "eastus" }],
    });
    let bare: ImageVersion = serde_json::from_value(version.clone()).unwrap();
    version
        .as_object_mut()
        .unwrap()
        .extend(defaults_of(&schema, "ImageVersion"));
    let stated: ImageVersion = serde_json::from_value(version).unwrap();
    assert_eq!(
        stated.replicas_in(&stated.target_regions[0]),
        bare.replicas_in(&bare.target_regions[0])
    );
    assert_eq!(stated.exclude_from_latest(), bare.exclude_from_latest());
    assert_eq!(stated.excluded_from_latest(), bare.excluded_from_latest());
    assert_eq!(
        (stated.existing, stated.retired),
        (bare.existing, bare.retired)
    );
    assert!(stated.storage_account_type.is_some() && stated.replication_mode.is_some());
}
