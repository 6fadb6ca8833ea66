//! The deployment's template parameters, decided once: ARM, Bicep and the README list the same names,
//! descriptions and defaults.

use crate::plan::{
    Credential, DefinitionPlan, GalleryPlan, Plan, RoleAssignmentPlan, Scope, VersionPlan, VmPlan,
};

/// The parameter every resource without a location of its own takes its location from.
pub const LOCATION: &str = "location";

/// What a parameter defaults to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Default {
    /// The resource group's location (`resourceGroup().location`).
    ResourceGroupLocation,
    /// A string from the spec.
    Text(String),
    /// No default: the deployer supplies it.
    Required,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parameter {
    pub name: String,
    pub description: String,
    pub default: Default,
    /// A `securestring`: never logged, never defaulted.
    pub secure: bool,
}

impl Parameter {
    fn text(name: &str, description: String, value: &str) -> Self {
        Self {
            name: name.to_owned(),
            description,
            default: Default::Text(value.to_owned()),
            secure: false,
        }
    }
}

/// Every parameter, in the order the templates declare them.
pub fn parameters(plan: &Plan<'_>) -> Vec<Parameter> {
    let mut parameters = vec![Parameter {
        name: LOCATION.to_owned(),
        description: "Location for all resources.".to_owned(),
        default: Default::ResourceGroupLocation,
        secure: false,
    }];
    let several_galleries = plan.galleries.len() > 1;
    for gallery in &plan.galleries {
        parameters.push(gallery_parameter(gallery, several_galleries));
    }
    for definition in &plan.image_definitions {
        parameters.push(definition_parameter(plan, definition));
    }
    for version in &plan.image_versions {
        parameters.push(version_parameter(plan, version));
    }
    for assignment in &plan.role_assignments {
        parameters.push(principal_parameter(plan, assignment));
    }
    for vm in &plan.vms {
        parameters.extend(vm_parameters(vm));
    }
    parameters
}

fn gallery_parameter(gallery: &GalleryPlan<'_>, several: bool) -> Parameter {
    let name = &gallery.gallery.name;
    let description = match (gallery.gallery.existing, several) {
        (false, false) => "Name of the Azure Compute Gallery.".to_owned(),
        (false, true) => format!("Name of the Azure Compute Gallery {name}."),
        (true, _) => format!("Name of the existing Azure Compute Gallery {name}, made elsewhere."),
    };
    Parameter::text(&gallery.naming.parameter, description, name)
}

fn definition_parameter(plan: &Plan<'_>, definition: &DefinitionPlan<'_>) -> Parameter {
    let name = &definition.definition.name;
    let gallery = &plan.gallery_of(definition).gallery.name;
    let existing = if definition.definition.existing {
        "existing "
    } else {
        ""
    };
    let description =
        format!("Name of the {existing}image definition {name} in gallery {gallery}.");
    Parameter::text(&definition.naming.parameter, description, name)
}

fn version_parameter(plan: &Plan<'_>, version: &VersionPlan<'_>) -> Parameter {
    let name = &version.version.name;
    let definition = &plan.definition_of(version).definition.name;
    let description = format!("Name of image version {name} of {definition}.");
    Parameter::text(&version.naming.parameter, description, name)
}

/// The object id of an assignment's principal: the spec's `assignee-object-id` by default, else required.
fn principal_parameter(plan: &Plan<'_>, assignment: &RoleAssignmentPlan<'_>) -> Parameter {
    let spec = assignment.assignment;
    let role = plan.role_of(assignment).name.unwrap_or(&spec.role);
    let scope = describe_scope(plan, assignment.scope);
    let description = match (&spec.assignee_object_id, &spec.assignee) {
        (Some(_), Some(assignee)) => format!("Object id of {assignee}, given {role} on {scope}."),
        (Some(_), None) => format!("Object id of the principal given {role} on {scope}."),
        (None, assignee) => {
            let who = assignee.as_deref().unwrap_or("the principal");
            format!(
                "Object id of {who}, given {role} on {scope}. The spec names no assignee-object-id: pass the \
                 object id of {who}."
            )
        }
    };
    Parameter {
        name: assignment.naming.parameter.clone(),
        description,
        default: spec
            .assignee_object_id
            .clone()
            .map_or(Default::Required, Default::Text),
        secure: false,
    }
}

/// `gallery G`, `image definition D`, `image version V of D`.
fn describe_scope(plan: &Plan<'_>, scope: Scope) -> String {
    match scope {
        Scope::Gallery(index) => format!("gallery {}", plan.galleries[index].gallery.name),
        Scope::ImageDefinition(index) => format!(
            "image definition {}",
            plan.image_definitions[index].definition.name
        ),
        Scope::ImageVersion(index) => {
            let version = &plan.image_versions[index];
            format!(
                "image version {} of {}",
                version.version.name,
                plan.definition_of(version).definition.name
            )
        }
    }
}

/// The VM's name, and for a generalized image its admin user and, with password authentication, the password.
fn vm_parameters(vm: &VmPlan<'_>) -> Vec<Parameter> {
    let name = &vm.vm.name;
    let mut parameters = vec![Parameter::text(
        &vm.naming.parameter,
        format!("Name of the virtual machine {name}; its network resources are named after it."),
        name,
    )];
    let Some(profile) = &vm.os_profile else {
        return parameters;
    };
    let user = profile.admin_username;
    parameters.push(Parameter::text(
        &profile.admin_username_parameter,
        format!("Administrator user name of virtual machine {name}."),
        user,
    ));
    if let Credential::Password { parameter } = &profile.credential {
        parameters.push(Parameter {
            name: parameter.clone(),
            description: format!("Password of {user} on virtual machine {name}."),
            default: Default::Required,
            secure: true,
        });
    }
    parameters
}
