//! Creations through sigil-gen: the new resources, with the parents they need marked `existing = true`, are
//! a spec of their own, whose generated script holds exactly their create commands.

use std::collections::BTreeSet;

use sigil_core::model::Spec;
use sigil_gen::{Format, Options};

use crate::PlanError;
use crate::resources::{
    Key, Kind, assignment_key, definition_key, gallery_key, parents, path_keys, version_key, vm_key,
};

/// The commands that create the resources of `created`, as the generated script of `format` writes them,
/// split into what must run before anything else (the check of the VM password) and the commands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Creation {
    pub(crate) preamble: String,
    pub(crate) commands: String,
}

pub(crate) fn creation(
    new: &Spec,
    created: &BTreeSet<Key>,
    format: Format,
    options: &Options,
) -> Result<Creation, PlanError> {
    let spec = creation_spec(new, created);
    let plan = sigil_gen::Plan::new(&spec)?;
    let script = sigil_gen::render(&plan, format, options)?;
    split(&script, format)
}

/// NEW reduced to the created resources and their parents, the parents that are not created marked
/// `existing = true` (the generated script then checks that they exist, and creates nothing else).
pub(crate) fn creation_spec(new: &Spec, created: &BTreeSet<Key>) -> Spec {
    let needed = needed(new, created);
    let keep = |key: &Key, existing: bool| -> Option<bool> {
        if created.contains(key) {
            Some(existing)
        } else {
            needed.contains(key).then_some(true)
        }
    };
    let mut spec = Spec {
        resource_group: new.resource_group.clone(),
        metadata: new.metadata.clone(),
        ..Spec::default()
    };
    for gallery in &new.galleries {
        if let Some(existing) = keep(&gallery_key(gallery), gallery.existing) {
            let mut gallery = gallery.clone();
            gallery.existing = existing;
            spec.galleries.push(gallery);
        }
    }
    for definition in &new.image_definitions {
        if let Some(existing) = keep(&definition_key(definition), definition.existing) {
            let mut definition = definition.clone();
            definition.existing = existing;
            spec.image_definitions.push(definition);
        }
    }
    for version in &new.image_versions {
        if let Some(existing) = keep(&version_key(version), version.existing) {
            let mut version = version.clone();
            version.existing = existing;
            spec.image_versions.push(version);
        }
    }
    spec.role_assignments = new
        .role_assignments
        .iter()
        .filter(|assignment| created.contains(&assignment_key(assignment)))
        .cloned()
        .collect();
    spec.vms = new
        .vms
        .iter()
        .filter(|vm| created.contains(&vm_key(new, vm)))
        .cloned()
        .collect();
    spec
}

/// The gallery resources the created ones are in, grant roles on or run from.
fn needed(new: &Spec, created: &BTreeSet<Key>) -> BTreeSet<Key> {
    let mut needed: BTreeSet<Key> = created.iter().flat_map(parents).collect();
    for assignment in &new.role_assignments {
        if created.contains(&assignment_key(assignment)) {
            needed.extend(path_keys(&assignment.scope));
        }
    }
    for vm in &new.vms {
        if created.contains(&vm_key(new, vm)) {
            let image = &vm.image;
            let path = match &image.version {
                Some(version) => sigil_core::model::ResourcePath::ImageVersion(
                    image.gallery.clone(),
                    image.image_definition.clone(),
                    version.clone(),
                ),
                None => sigil_core::model::ResourcePath::ImageDefinition(
                    image.gallery.clone(),
                    image.image_definition.clone(),
                ),
            };
            needed.extend(path_keys(&path));
        }
    }
    needed.retain(|key| key.kind != Kind::RoleAssignment && key.kind != Kind::Vm);
    needed
}

/// The generated script without its header: the password check (if any) and the commands, which start
/// with the resource group's creation.
fn split(script: &str, format: Format) -> Result<Creation, PlanError> {
    let (first_line, group_line) = match format {
        Format::Pwsh => (
            "$ErrorActionPreference = 'Stop'\n",
            "$resourceGroup = New-AzResourceGroup ",
        ),
        _ => ("set -euo pipefail\n", "az group create "),
    };
    let body = script
        .split_once(first_line)
        .map(|(_, body)| body)
        .ok_or(PlanError::Layout(first_line.trim_end()))?;
    let group = body
        .find(group_line)
        .ok_or(PlanError::Layout(group_line.trim_end()))?;
    let (preamble, commands) = body.split_at(group);
    let comment_start = commands_comment_start(preamble);
    Ok(Creation {
        preamble: preamble[..comment_start].trim().to_owned(),
        commands: format!("{}{commands}", &preamble[comment_start..])
            .trim()
            .to_owned(),
    })
}

/// Where the comment lines just above the resource group's command begin: they belong to the commands.
fn commands_comment_start(preamble: &str) -> usize {
    let trimmed = preamble.trim_end_matches('\n');
    let mut start = trimmed.len();
    for line in trimmed.rsplit('\n') {
        if !line.starts_with('#') {
            break;
        }
        start = start.saturating_sub(line.len() + 1);
    }
    start.min(trimmed.len())
}
