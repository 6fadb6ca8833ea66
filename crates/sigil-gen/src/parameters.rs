//! The deployment's template parameters, decided once: ARM, Bicep and the README list the same names,
//! descriptions and defaults.

use crate::plan::{
    Credential, DefinitionPlan, GalleryPlan, Location, Plan, RoleAssignmentPlan, Scope,
    VersionPlan, VersionSource, VmImage, VmPlan,
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
    /// For a principal's object id, the spec's `assignee` it belongs to: the templates keep it in the
    /// parameter's metadata, so that an import gives it back.
    pub assignee: Option<String>,
}

impl Parameter {
    fn text(name: &str, description: String, value: &str) -> Self {
        Self {
            name: name.to_owned(),
            description,
            default: Default::Text(value.to_owned()),
            secure: false,
            assignee: None,
        }
    }
}

/// Every parameter, in the order the templates declare them.
pub fn parameters(plan: &Plan<'_>) -> Vec<Parameter> {
    let mut parameters = vec![location_parameter()];
    let several_galleries = plan.galleries.len() > 1;
    for gallery in &plan.galleries {
        parameters.push(gallery_parameter(gallery, several_galleries));
    }
    for definition in &plan.image_definitions {
        parameters.push(definition_parameter(plan, definition));
    }
    for version in &plan.image_versions {
        parameters.push(version_parameter(plan, version));
        parameters.extend(managed_image_parameter(version));
    }
    for assignment in &plan.role_assignments {
        parameters.push(principal_parameter(plan, assignment));
    }
    for vm in &plan.vms {
        if let Some((nested, _)) = plan.nested_deployment_of(vm)
            && nested.creates_group
        {
            parameters.push(group_parameter(plan, nested.group));
        }
        parameters.extend(vm_parameters(vm));
    }
    parameters
}

/// A parameter of the template of a VM's nested deployment (its Bicep module), and the value the outer
/// template passes to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InnerParameter {
    pub parameter: Parameter,
    pub value: InnerValue,
}

/// What the outer template passes to a parameter of a nested deployment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InnerValue {
    /// Its own parameter of the same name.
    Parameter,
    /// The resource id of the VM's image, which only the outer template can build: the gallery is in the
    /// spec's resource group.
    ImageId,
}

/// The parameters of the template of a VM's nested deployment, in the order it declares them: those of the
/// outer template its resources use (the `location` parameter when the VM has no location of its own, its
/// name, admin user and password), under the same names and with the same descriptions, none defaulted, then
/// the image's resource id. Empty for a VM in the spec's resource group.
pub fn inner_parameters(plan: &Plan<'_>, vm: &VmPlan<'_>) -> Vec<InnerParameter> {
    let Some((nested, _)) = plan.nested_deployment_of(vm) else {
        return Vec::new();
    };
    let mut inner: Vec<InnerParameter> = Vec::new();
    let passed = |parameter: Parameter| InnerParameter {
        parameter: Parameter {
            default: Default::Required,
            ..parameter
        },
        value: InnerValue::Parameter,
    };
    if matches!(vm.location, Location::ResourceGroup(_)) {
        inner.push(passed(location_parameter()));
    }
    inner.extend(vm_parameters(vm).into_iter().map(passed));
    let image = match vm.image {
        VmImage::Latest(_) => format!("the latest version of image definition {}", vm.vm.image),
        VmImage::Version(_) => format!("image version {}", vm.vm.image),
    };
    inner.push(InnerParameter {
        parameter: Parameter {
            name: nested.image_parameter.to_owned(),
            description: format!(
                "Resource id of {image}, which virtual machine {} is made from.",
                vm.vm.name
            ),
            default: Default::Required,
            secure: false,
            assignee: None,
        },
        value: InnerValue::ImageId,
    });
    inner
}

fn location_parameter() -> Parameter {
    Parameter {
        name: LOCATION.to_owned(),
        description: "Location for all resources.".to_owned(),
        default: Default::ResourceGroupLocation,
        secure: false,
        assignee: None,
    }
}

/// The name of a resource group other than the spec's (an index into [`Plan::other_groups`]), where VMs go
/// through nested deployments.
fn group_parameter(plan: &Plan<'_>, index: usize) -> Parameter {
    let group = &plan.other_groups[index];
    let vms: Vec<&str> = plan
        .vms
        .iter()
        .filter(|vm| {
            plan.nested_deployment_of(vm)
                .is_some_and(|(nested, _)| nested.group == index)
        })
        .map(|vm| vm.vm.name.as_str())
        .collect();
    let what = match vms.as_slice() {
        [one] => format!("virtual machine {one} and its network go"),
        several => format!(
            "virtual machines {} and their networks go",
            several.join(", ")
        ),
    };
    Parameter::text(
        &group.parameter,
        format!(
            "Name of the resource group {} where {what}, with a nested deployment. It must exist before this \
             deployment, which cannot create it.",
            group.name
        ),
        group.name,
    )
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
    let description = if version.version.existing {
        format!("Name of the existing image version {name} of {definition}, made elsewhere.")
    } else {
        format!("Name of image version {name} of {definition}.")
    };
    Parameter::text(&version.naming.parameter, description, name)
}

/// The managed image a version is made from, when the spec's `parameters` names a parameter for it.
fn managed_image_parameter(version: &VersionPlan<'_>) -> Option<Parameter> {
    let (Some(VersionSource::ManagedImage(image)), Some(parameter)) =
        (version.source, &version.managed_image_parameter)
    else {
        return None;
    };
    let description = format!(
        "Resource id of the managed image (or gallery image version) image version {} is made from.",
        version.version.name
    );
    Some(Parameter::text(parameter, description, image))
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
        assignee: spec.assignee.clone(),
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

/// The VM's name, its size when the spec names a parameter for it, for a generalized image its admin user
/// and, with password authentication, the password, and its DNS name label when the spec names a parameter for
/// it.
fn vm_parameters(vm: &VmPlan<'_>) -> Vec<Parameter> {
    let name = &vm.vm.name;
    let mut parameters = vec![Parameter::text(
        &vm.naming.parameter,
        format!("Name of the virtual machine {name}; its network resources are named after it."),
        name,
    )];
    if let Some(parameter) = &vm.size_parameter {
        parameters.push(Parameter::text(
            parameter,
            format!("Size of virtual machine {name}."),
            vm.size,
        ));
    }
    parameters.extend(credential_parameters(vm));
    if let (Some(parameter), Some(label)) = (&vm.dns_label_parameter, vm.dns_label) {
        parameters.push(Parameter::text(
            parameter,
            format!(
                "DNS name label of the public IP address of virtual machine {name}, which is reached at \
                 LABEL.REGION.cloudapp.azure.com."
            ),
            label,
        ));
    }
    parameters
}

/// For a generalized image, the VM's admin user and, with password authentication, the password.
fn credential_parameters(vm: &VmPlan<'_>) -> Vec<Parameter> {
    let name = &vm.vm.name;
    let mut parameters = Vec::new();
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
            assignee: None,
        });
    }
    parameters
}
