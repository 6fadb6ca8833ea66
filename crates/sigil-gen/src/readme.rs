//! The README of a generated folder: what it deploys, the four ways to deploy it, and its parameters.

use std::fmt::Write as _;

use serde::Serialize;
use sigil_core::model::OsState;

use crate::metadata::{display_name, summary};
use crate::parameters::{self, Default};
use crate::plan::{Plan, Scope, VersionSource, VmImage};
use crate::{GenError, Options, templates};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct View {
    title: String,
    summary: String,
    source: String,
    resource_group: String,
    location: String,
    /// The resource groups other than the spec's where VMs go, which template deployments need to exist.
    other_groups: Vec<GroupRow>,
    resources: Vec<Row>,
    parameters: Vec<ParameterRow>,
    has_secure_parameters: bool,
    /// The spec's galleries, and its image definitions by gallery, for the list commands.
    galleries: Vec<String>,
    definitions: Vec<DefinitionRow>,
}

#[derive(Serialize)]
struct DefinitionRow {
    gallery: String,
    name: String,
}

#[derive(Serialize)]
struct Row {
    kind: &'static str,
    name: String,
    details: String,
}

#[derive(Serialize)]
struct GroupRow {
    name: String,
    location: String,
}

#[derive(Serialize)]
struct ParameterRow {
    name: String,
    description: String,
    default: String,
}

pub fn render(plan: &Plan<'_>, options: &Options) -> Result<String, GenError> {
    let parameters = parameters::parameters(plan);
    let view = View {
        title: display_name(plan),
        summary: summary(plan),
        source: options.source_name.clone(),
        resource_group: plan.resource_group.name.clone(),
        location: plan.resource_group.location.to_string(),
        other_groups: plan
            .other_groups
            .iter()
            .map(|group| GroupRow {
                name: group.name.to_owned(),
                location: group.location.to_string(),
            })
            .collect(),
        resources: rows(plan),
        galleries: plan
            .galleries
            .iter()
            .map(|planned| planned.gallery.name.to_string())
            .collect(),
        definitions: plan
            .image_definitions
            .iter()
            .map(|planned| DefinitionRow {
                gallery: planned.definition.gallery.to_string(),
                name: planned.definition.name.to_string(),
            })
            .collect(),
        has_secure_parameters: parameters.iter().any(|parameter| parameter.secure),
        parameters: parameters
            .into_iter()
            .map(|parameter| ParameterRow {
                default: match parameter.default {
                    Default::ResourceGroupLocation => "the resource group's location".to_owned(),
                    Default::Text(text) => text,
                    Default::Required => "none: required".to_owned(),
                },
                name: parameter.name,
                description: parameter.description,
            })
            .collect(),
    };
    templates::render("readme", &view)
}

fn rows(plan: &Plan<'_>) -> Vec<Row> {
    let mut rows = Vec::new();
    gallery_rows(plan, &mut rows);
    image_rows(plan, &mut rows);
    sharing_and_vm_rows(plan, &mut rows);
    rows
}

fn gallery_rows(plan: &Plan<'_>, rows: &mut Vec<Row>) {
    for gallery in &plan.galleries {
        let details = if gallery.gallery.existing {
            "existing: referenced, not created".to_owned()
        } else {
            gallery.gallery.description.clone().unwrap_or_default()
        };
        rows.push(Row {
            kind: "Gallery",
            name: gallery.gallery.name.to_string(),
            details,
        });
    }
}

fn image_rows(plan: &Plan<'_>, rows: &mut Vec<Row>) {
    for definition in &plan.image_definitions {
        let spec = definition.definition;
        let state = match spec.os_state {
            OsState::Generalized => "generalized",
            OsState::Specialized => "specialized",
        };
        let mut details = format!(
            "{} {state}, {}, {}, {}, {}/{}/{}",
            spec.os_type,
            definition.hyper_v_generation,
            definition.architecture,
            definition.security_type,
            spec.publisher,
            spec.offer,
            spec.sku
        );
        if spec.existing {
            details.push_str("; existing: referenced, not created");
        }
        rows.push(Row {
            kind: "Image definition",
            name: format!("{}/{}", spec.gallery, spec.name),
            details,
        });
    }
    for version in &plan.image_versions {
        let spec = version.version;
        let source = match version.source {
            None => None,
            Some(VersionSource::ManagedImage(_)) => Some("from a managed image"),
            Some(VersionSource::VirtualMachine(_)) => Some("from a virtual machine"),
            Some(VersionSource::Snapshot(_)) => Some("from snapshots"),
            Some(VersionSource::Vhd { .. }) => Some("from a VHD"),
        };
        let details = match source {
            Some(source) => {
                let regions: Vec<&str> = version
                    .target_regions
                    .iter()
                    .map(|region| region.location.region().as_str())
                    .collect();
                format!("{source}, in {}", regions.join(", "))
            }
            None => "existing: referenced, not created".to_owned(),
        };
        let name = format!("{}/{}/{}", spec.gallery, spec.image_definition, spec.name);
        rows.push(Row {
            kind: "Image version",
            name,
            details,
        });
    }
}

fn sharing_and_vm_rows(plan: &Plan<'_>, rows: &mut Vec<Row>) {
    for assignment in &plan.role_assignments {
        let role = plan.role_of(assignment);
        let role = role.name.unwrap_or(&role.definition_id);
        let spec = assignment.assignment;
        let who = spec
            .assignee
            .as_deref()
            .or(spec.assignee_object_id.as_deref())
            .unwrap_or_default();
        let scope = match assignment.scope {
            Scope::Gallery(_) => "gallery",
            Scope::ImageDefinition(_) => "image definition",
            Scope::ImageVersion(_) => "image version",
        };
        let details = format!("{role} for {who} on the {scope}");
        rows.push(Row {
            kind: "Role assignment",
            name: spec.scope.to_string(),
            details,
        });
    }
    for vm in &plan.vms {
        let image = match vm.image {
            VmImage::Latest(_) => format!("latest of {}", vm.vm.image),
            VmImage::Version(_) => vm.vm.image.to_string(),
        };
        let exposure = if vm.vm.public_ip {
            "with a public IP address"
        } else {
            "no public IP address"
        };
        let mut details = format!("{}, from {image}, {exposure}", vm.size);
        if let Some((_, group)) = plan.nested_deployment_of(vm) {
            let _ = write!(details, ", in resource group {}", group.name);
        }
        rows.push(Row {
            kind: "Virtual machine",
            name: vm.vm.name.clone(),
            details,
        });
    }
}
