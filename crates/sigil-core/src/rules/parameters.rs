//! Rules of the template parameters a spec names in `parameters` tables: a valid name, one value per
//! parameter, and a value for it to carry.

use std::collections::HashMap;

use crate::diagnostic::{FieldPath, Severity};
use crate::model::parameters::{ParameterName, ResourceKind, is_reserved};
use crate::model::{AuthenticationType, ImageDefinition, OsState, Spec, Vm};
use crate::names::same_name;
use crate::rule::{Rule, RuleGroup};
use crate::rules::sources::{ARM_PARAMETERS, BICEP_PARAMETERS, SPEC_FORMAT};
use crate::validate::Validator;

pub static SIG012: Rule = Rule {
    id: "SIG012",
    name: "template-parameter-name",
    group: RuleGroup::Common,
    severity: Severity::Error,
    summary: "A template parameter named in `parameters` is a Bicep identifier",
    explanation: "The ARM template and the Bicep file declare the parameters a `parameters` table names, so the \
name must be one both accept: a letter or `_`, then letters, digits and `_`, at most 255 characters, and no Bicep \
keyword (`param`, `resource`, `null`...).",
    lenient: None,
    sources: &[BICEP_PARAMETERS, ARM_PARAMETERS],
    valid: &["galleryName", "dnsLabelPrefix", "_name"],
    invalid: &["gallery-name", "1stGallery", "param"],
};

pub static SIG013: Rule = Rule {
    id: "SIG013",
    name: "template-parameter-unique",
    group: RuleGroup::Common,
    severity: Severity::Error,
    summary: "Each template parameter carries one value",
    explanation: "A parameter named in a `parameters` table may be used by no other key, whether named there or \
given sigil's default name (`galleryName`, `vm2AdminUsername`), and may not be a name sigil's templates use \
themselves: `location`, `imageId`, `vmResourceGroupName`, role definition variables (`readerRoleDefinitionId`) and \
Bicep symbols (`gallery`, `vmNetworkInterface`). ARM compares parameter names without regard to case.",
    lenient: None,
    sources: &[ARM_PARAMETERS, SPEC_FORMAT],
    valid: &["parameters = { name = \"existingGalleryName\" }"],
    invalid: &[
        "parameters = { name = \"vmName\" } on a gallery beside a VM",
        "parameters = { name = \"location\" }",
    ],
};

pub static SIG014: Rule = Rule {
    id: "SIG014",
    name: "template-parameter-without-value",
    group: RuleGroup::Common,
    severity: Severity::Error,
    summary: "A key named in `parameters` has a value in the templates",
    explanation: "A `parameters` entry names the template parameter that carries a key's value, which it \
defaults to. A VM's `dns-label` parameter needs `dns-label`, an image version's `managed-image` parameter needs \
`managed-image`; `admin-username` needs a generalized image and `admin-password` password authentication, for a VM \
from a specialized image or signing in with SSH keys takes no password.",
    lenient: None,
    sources: &[SPEC_FORMAT],
    valid: &["dns-label = \"mysigvm\" with parameters = { dns-label = \"dnsLabelPrefix\" }"],
    invalid: &["parameters = { dns-label = \"dnsLabelPrefix\" } without dns-label"],
};

/// One template parameter a resource's key is carried by.
struct Use {
    at: FieldPath,
    name: String,
    /// Named in the spec's `parameters` table, not sigil's default.
    named: bool,
}

/// SIG013 and SIG014 over every resource's `parameters` table.
pub(crate) fn check_template_parameters(spec: &Spec, validator: &mut Validator<'_>) {
    let uses = parameter_uses(spec);
    check_unique(&uses, validator);
    check_values(spec, validator);
}

fn check_unique(uses: &[Use], validator: &mut Validator<'_>) {
    let mut by_name: HashMap<String, Vec<&Use>> = HashMap::new();
    for parameter in uses {
        by_name
            .entry(parameter.name.to_ascii_lowercase())
            .or_default()
            .push(parameter);
    }
    for parameter in uses.iter().filter(|parameter| parameter.named) {
        if is_reserved(&parameter.name) {
            validator.report_below(
                &parameter.at,
                &SIG013,
                format!(
                    "template parameter `{}` is a name sigil's templates use themselves; choose another",
                    parameter.name
                ),
            );
            continue;
        }
        let others: Vec<String> = by_name[&parameter.name.to_ascii_lowercase()]
            .iter()
            .filter(|other| other.at != parameter.at)
            .map(|other| other.at.to_string())
            .collect();
        if !others.is_empty() {
            validator.report_below(
                &parameter.at,
                &SIG013,
                format!(
                    "template parameter `{}` also carries {}: each parameter carries one value",
                    parameter.name,
                    others.join(", ")
                ),
            );
        }
    }
}

/// Every parameter the templates take a resource's key from, named or by default. A named entry is at its
/// `parameters` key; a default at the key it carries.
fn parameter_uses(spec: &Spec) -> Vec<Use> {
    let mut uses = Vec::new();
    let mut add = |kind: ResourceKind,
                   index: usize,
                   key: &'static str,
                   named: Option<&str>,
                   exists_by_default: bool| {
        let at = FieldPath::root().key(kind.array()).index(index);
        if let Some(name) = named {
            uses.push(Use {
                at: at.key("parameters").key(key),
                name: name.to_owned(),
                named: true,
            });
        } else if exists_by_default && let Some(name) = kind.default_parameter(index, key) {
            uses.push(Use {
                at: at.key(key),
                name,
                named: false,
            });
        }
    };
    for (index, gallery) in spec.galleries.iter().enumerate() {
        let named = gallery.parameters.name.as_ref().map(ParameterName::as_str);
        add(ResourceKind::Gallery, index, "name", named, true);
    }
    for (index, definition) in spec.image_definitions.iter().enumerate() {
        let named = definition
            .parameters
            .name
            .as_ref()
            .map(ParameterName::as_str);
        add(ResourceKind::ImageDefinition, index, "name", named, true);
    }
    for (index, version) in spec.image_versions.iter().enumerate() {
        for key in ResourceKind::ImageVersion.parameter_keys() {
            let named = version.parameters.get(key).map(ParameterName::as_str);
            add(ResourceKind::ImageVersion, index, key, named, true);
        }
    }
    for (index, assignment) in spec.role_assignments.iter().enumerate() {
        let named = assignment
            .parameters
            .assignee_object_id
            .as_ref()
            .map(ParameterName::as_str);
        add(
            ResourceKind::RoleAssignment,
            index,
            "assignee-object-id",
            named,
            true,
        );
    }
    for (index, vm) in spec.vms.iter().enumerate() {
        let definition = vm_definition(spec, vm);
        for key in ResourceKind::Vm.parameter_keys() {
            let named = vm.parameters.get(key).map(ParameterName::as_str);
            add(
                ResourceKind::Vm,
                index,
                key,
                named,
                vm_has_value(vm, definition, key),
            );
        }
    }
    uses
}

fn vm_definition<'a>(spec: &'a Spec, vm: &Vm) -> Option<&'a ImageDefinition> {
    let image = &vm.image;
    spec.image_definitions.iter().find(|definition| {
        same_name(&definition.gallery, &image.gallery)
            && same_name(&definition.name, &image.image_definition)
    })
}

/// Whether the templates have a value for the VM's `key`: the credentials only for a generalized image (the
/// password only with password authentication), the DNS label only when the spec gives one. Without its
/// definition, credentials are taken to be there: the missing reference is reported on its own.
fn vm_has_value(vm: &Vm, definition: Option<&ImageDefinition>, key: &str) -> bool {
    let generalized =
        definition.is_none_or(|definition| definition.os_state == OsState::Generalized);
    match key {
        "admin-username" => generalized,
        "admin-password" => definition.map_or(generalized, |definition| {
            vm.authentication_type(definition) == Some(AuthenticationType::Password)
        }),
        "dns-label" => vm.dns_label.is_some(),
        _ => true,
    }
}

/// SIG014: every named parameter has a value to carry.
fn check_values(spec: &Spec, validator: &mut Validator<'_>) {
    for (index, version) in spec.image_versions.iter().enumerate() {
        if version.parameters.managed_image.is_some() && version.managed_image.is_none() {
            let at = FieldPath::root().key("image-version").index(index);
            report_without_value(
                validator,
                &at,
                "managed-image",
                "the version has no managed-image",
            );
        }
    }
    for (index, vm) in spec.vms.iter().enumerate() {
        let definition = vm_definition(spec, vm);
        let at = FieldPath::root().key("vm").index(index);
        for (key, _) in vm.parameters.entries() {
            if vm_has_value(vm, definition, key) {
                continue;
            }
            let why = match key {
                "admin-username" => {
                    "the VM comes from a specialized image, which keeps its accounts"
                }
                "admin-password" => "the VM's administrator signs in without a password",
                _ => "the VM has no dns-label",
            };
            report_without_value(validator, &at, key, why);
        }
    }
}

fn report_without_value(
    validator: &mut Validator<'_>,
    at: &FieldPath,
    key: &'static str,
    why: &str,
) {
    validator.report_below(
        &at.key("parameters").key(key),
        &SIG014,
        format!("parameters.{key} names a template parameter for no value: {why}; remove it"),
    );
}
