//! What editors show from the spec's JSON Schema: a description on every key.

#![cfg(feature = "schema")]

use serde_json::{Map, Value};
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
