//! The operations that take one set of resources to another, and the changes the service refuses.

use sigil_core::model::Spec;
use sigil_core::rules::{SIG015, SIG016};
use sigil_core::{Diagnostic, FieldPath};

use crate::resources::{Change, Key, Property, Resource, Resources};

/// One property that changes, with its value before and after (`None`: not set).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertyChange {
    pub key: &'static str,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// What a plan does to one resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operation {
    /// New in NEW (or made elsewhere in OLD and created by NEW).
    Create { key: Key, resource: Resource },
    /// In both, with updatable properties changed.
    Update {
        key: Key,
        label: String,
        changes: Vec<PropertyChange>,
    },
    /// Created by OLD, gone from NEW.
    Delete { key: Key, resource: Resource },
    /// Created by OLD, made elsewhere in NEW (`existing = true`): left as it is, no longer managed.
    Release { key: Key, resource: Resource },
}

impl Operation {
    pub fn key(&self) -> &Key {
        match self {
            Operation::Create { key, .. }
            | Operation::Update { key, .. }
            | Operation::Delete { key, .. }
            | Operation::Release { key, .. } => key,
        }
    }
}

/// The operations from `old` to `new`, or every change the service refuses, each at its place in NEW.
pub(crate) fn operations(old: &Spec, new: &Spec) -> Result<Vec<Operation>, Vec<Diagnostic>> {
    let mut refused = resource_group_change(old, new);
    let (old_set, new_set) = (crate::resources(old), crate::resources(new));
    let mut operations = Vec::new();
    for (key, before) in &old_set {
        match new_set.get(key) {
            _ if before.existing => {}
            None => operations.push(Operation::Delete {
                key: key.clone(),
                resource: before.clone(),
            }),
            Some(after) if after.existing => operations.push(Operation::Release {
                key: key.clone(),
                resource: before.clone(),
            }),
            Some(after) => match compare(key, before, after) {
                Ok(changes) if changes.is_empty() => {}
                Ok(changes) => operations.push(Operation::Update {
                    key: key.clone(),
                    label: after.label.clone(),
                    changes,
                }),
                Err(diagnostics) => refused.extend(diagnostics),
            },
        }
    }
    for (key, after) in &new_set {
        let created_before = old_set.get(key).is_some_and(|before| !before.existing);
        if !after.existing && !created_before {
            operations.push(Operation::Create {
                key: key.clone(),
                resource: after.clone(),
            });
        }
    }
    if refused.is_empty() {
        Ok(operations)
    } else {
        Err(refused)
    }
}

/// The changed properties of one resource, or why the service refuses some.
fn compare(
    key: &Key,
    before: &Resource,
    after: &Resource,
) -> Result<Vec<PropertyChange>, Vec<Diagnostic>> {
    let mut changes = Vec::new();
    let mut refused = Vec::new();
    for (old, new) in before.properties.iter().zip(&after.properties) {
        if old.value == new.value {
            continue;
        }
        let change = PropertyChange {
            key: new.key,
            old: old.value.clone(),
            new: new.value.clone(),
        };
        match refusal(key, after, new, &change) {
            Some(diagnostic) => refused.push(diagnostic),
            None => changes.push(change),
        }
    }
    if refused.is_empty() {
        Ok(changes)
    } else {
        Err(refused)
    }
}

fn refusal(
    key: &Key,
    resource: &Resource,
    property: &Property,
    change: &PropertyChange,
) -> Option<Diagnostic> {
    let path = property_path(key, resource, property.key);
    let noun = key.kind.noun();
    let label = &resource.label;
    let (old, new) = (shown(change.old.as_deref()), shown(change.new.as_deref()));
    let diagnostic = match property.change {
        Change::Fixed(rule) => Diagnostic::new(
            rule,
            format!(
                "{noun} {label}: {} changes from {old} to {new}, which the service does not allow on an existing {noun}: {}",
                property.key,
                way_out(key)
            ),
        ),
        Change::Updatable if change.new.is_none() => Diagnostic::new(
            &SIG016,
            format!(
                "{noun} {label}: {} is removed (it was {old}), which no update command can do: keep a value, or remove it by hand",
                property.key
            ),
        ),
        Change::Updatable => return None,
    };
    Some(diagnostic.at(path))
}

fn shown(value: Option<&str>) -> &str {
    value.unwrap_or("(not set)")
}

fn way_out(key: &Key) -> &'static str {
    use crate::resources::Kind;
    match key.kind {
        Kind::Gallery => {
            "change it by hand (az sig share, az sig update --soft-delete) or create a new gallery"
        }
        Kind::ImageDefinition => {
            "create a new image definition (a new name and publisher/offer/sku) and retire this one"
        }
        Kind::ImageVersion => {
            "publish a new version (the next version number) and exclude this one from latest"
        }
        Kind::Vm | Kind::RoleAssignment => {
            "give the VM a new name (the plan then creates it and deletes this one), or change it by hand"
        }
    }
}

/// The path of a property in NEW: `image-definition[0].features.security-type`.
fn property_path(key: &Key, resource: &Resource, property: &'static str) -> FieldPath {
    let mut path = FieldPath::root()
        .key(key.kind.spec_key())
        .index(resource.index);
    for segment in property.split('.') {
        path = path.key(segment);
    }
    path
}

/// SIG015: both specs deploy to one resource group, in one region. An empty OLD has none.
fn resource_group_change(old: &Spec, new: &Spec) -> Vec<Diagnostic> {
    let (Some(before), Some(after)) = (&old.resource_group, &new.resource_group) else {
        return Vec::new();
    };
    let mut refused = Vec::new();
    if !before.name.eq_ignore_ascii_case(&after.name) {
        refused.push(
            Diagnostic::new(
                &SIG015,
                format!(
                    "the resource group changes from `{}` to `{}`: gallery resources cannot move to another group by an update; create them in the new group with `sigil generate`, then delete the old ones",
                    before.name, after.name
                ),
            )
            .at(FieldPath::root().key("resource-group").key("name")),
        );
    }
    if !before
        .location
        .as_str()
        .eq_ignore_ascii_case(after.location.as_str())
    {
        refused.push(
            Diagnostic::new(
                &SIG015,
                format!(
                    "the resource group's location changes from `{}` to `{}`: a resource group's region cannot change; deploy to a new group instead",
                    before.location, after.location
                ),
            )
            .at(FieldPath::root().key("resource-group").key("location")),
        );
    }
    refused
}

/// The resources after `operations` are applied to `resources`: the model of what running the plan does,
/// for the tests that check a plan reaches NEW.
pub fn apply(operations: &[Operation], resources: &Resources) -> Resources {
    let mut after: Resources = resources
        .iter()
        .filter(|(_, resource)| !resource.existing)
        .map(|(key, resource)| (key.clone(), resource.clone()))
        .collect();
    for operation in operations {
        match operation {
            Operation::Create { key, resource } => {
                after.insert(key.clone(), resource.clone());
            }
            Operation::Update { key, changes, .. } => {
                if let Some(resource) = after.get_mut(key) {
                    for change in changes {
                        set(resource, change);
                    }
                }
            }
            Operation::Delete { key, .. } | Operation::Release { key, .. } => {
                after.remove(key);
            }
        }
    }
    after
}

fn set(resource: &mut Resource, change: &PropertyChange) {
    if let Some(property) = resource
        .properties
        .iter_mut()
        .find(|property| property.key == change.key)
    {
        property.value.clone_from(&change.new);
    }
}
