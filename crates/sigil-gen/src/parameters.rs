//! The deployment's template parameters, decided once: ARM, Bicep and the README list the same names,
//! descriptions and defaults.

use sigil_core::model::AuthenticationType;

use crate::plan::{Plan, Scope, VmImage};

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

/// Every parameter, in the order the template declares them.
pub fn parameters(plan: &Plan<'_>) -> Vec<Parameter> {
    let mut parameters = vec![Parameter {
        name: "location".to_owned(),
        description: "Location for all resources.".to_owned(),
        default: Default::ResourceGroupLocation,
        secure: false,
    }];
    for gallery in &plan.galleries {
        let description = if gallery.gallery.existing {
            "Name of the existing Azure Compute Gallery.".to_owned()
        } else {
            "Name of the Azure Compute Gallery.".to_owned()
        };
        parameters.push(Parameter::text(
            &gallery.naming.parameter,
            description,
            &gallery.gallery.name,
        ));
    }
    for definition in &plan.image_definitions {
        let gallery = &plan.gallery_of(definition).gallery.name;
        let name = &definition.definition.name;
        let description = format!("Name of the image definition {name} in gallery {gallery}.");
        parameters.push(Parameter::text(
            &definition.naming.parameter,
            description,
            name,
        ));
    }
    for version in &plan.image_versions {
        let definition = &plan.definition_of(version).definition.name;
        let name = &version.version.name;
        let description = format!("Name of image version {name} of {definition}.");
        parameters.push(Parameter::text(
            &version.naming.parameter,
            description,
            name,
        ));
    }
    for assignment in &plan.role_assignments {
        parameters.push(principal_parameter(plan, assignment));
    }
    for vm in &plan.vms {
        parameters.extend(vm_parameters(vm));
    }
    parameters
}

fn principal_parameter(
    plan: &Plan<'_>,
    assignment: &crate::plan::RoleAssignmentPlan<'_>,
) -> Parameter {
    let role = assignment
        .role_name
        .unwrap_or(&assignment.role_definition_id);
    let scope = match assignment.scope {
        Scope::Gallery(index) => format!("gallery {}", plan.galleries[index].gallery.name),
        Scope::ImageDefinition(index) => format!(
            "image definition {}",
            plan.image_definitions[index].definition.name
        ),
        Scope::ImageVersion(index) => {
            format!("image version {}", plan.image_versions[index].version.name)
        }
    };
    let who = assignment
        .assignment
        .assignee
        .as_deref()
        .unwrap_or("the principal");
    let description = format!("Object id of {who}, given {role} on {scope}.");
    Parameter {
        name: assignment.naming.parameter.clone(),
        description,
        default: assignment
            .assignment
            .assignee_object_id
            .clone()
            .map_or(Default::Required, Default::Text),
        secure: false,
    }
}

fn vm_parameters(vm: &crate::plan::VmPlan<'_>) -> Vec<Parameter> {
    let symbol = &vm.naming.symbol;
    let source = match vm.image {
        VmImage::Latest(_) => "the latest version of its image definition",
        VmImage::Version(_) => "a pinned image version",
    };
    let mut parameters = vec![Parameter::text(
        &vm.naming.parameter,
        format!("Name of the virtual machine created from {source}."),
        &vm.vm.name,
    )];
    let Some(authentication) = vm.authentication else {
        return parameters;
    };
    let username = vm.vm.admin_username.as_deref().unwrap_or_default();
    parameters.push(Parameter::text(
        &format!("{symbol}AdminUsername"),
        format!("Administrator user name of {}.", vm.vm.name),
        username,
    ));
    parameters.push(match authentication {
        AuthenticationType::Password => Parameter {
            name: format!("{symbol}AdminPassword"),
            description: format!("Administrator password of {}.", vm.vm.name),
            default: Default::Required,
            secure: true,
        },
        AuthenticationType::Ssh => Parameter::text(
            &format!("{symbol}SshPublicKey"),
            format!("SSH public key of the administrator of {}.", vm.vm.name),
            vm.vm.ssh_key_value.as_deref().unwrap_or_default(),
        ),
    });
    parameters
}
