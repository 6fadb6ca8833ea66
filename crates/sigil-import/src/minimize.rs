//! A spec without what sigil would decide the same way by itself: values equal to the model's defaults,
//! and `parameters` entries naming the parameter sigil's outputs would choose anyway. Every output states
//! the defaults explicitly, so an imported output would otherwise give back a spec longer than the one
//! it was generated from; minimizing both sides makes them comparable.

use sigil_core::model::{
    Architecture, HyperVGeneration, ImageDefinition, ImageVersion, ParameterName, ResourceKind,
    Spec, TargetRegion, Vm,
};

/// `spec` without values equal to sigil's defaults, its resources in the order their default parameter
/// names give.
pub fn minimize(mut spec: Spec) -> Spec {
    in_spec_order(
        &mut spec.galleries,
        ResourceKind::Gallery,
        "name",
        |gallery| gallery.parameters.name.as_ref(),
    );
    in_spec_order(
        &mut spec.image_definitions,
        ResourceKind::ImageDefinition,
        "name",
        |definition| definition.parameters.name.as_ref(),
    );
    in_spec_order(
        &mut spec.image_versions,
        ResourceKind::ImageVersion,
        "name",
        |version| version.parameters.name.as_ref(),
    );
    in_spec_order(
        &mut spec.role_assignments,
        ResourceKind::RoleAssignment,
        "assignee-object-id",
        |assignment| assignment.parameters.assignee_object_id.as_ref(),
    );
    in_spec_order(&mut spec.vms, ResourceKind::Vm, "name", |vm| {
        vm.parameters.name.as_ref()
    });
    let group_location = spec.location().cloned();
    let group_name = spec.resource_group.as_ref().map(|group| group.name.clone());
    for (index, gallery) in spec.galleries.iter_mut().enumerate() {
        drop_default(
            &mut gallery.parameters.name,
            ResourceKind::Gallery,
            index,
            "name",
        );
    }
    for (index, definition) in spec.image_definitions.iter_mut().enumerate() {
        minimize_definition(definition, index);
    }
    for (index, version) in spec.image_versions.iter_mut().enumerate() {
        if version.location.is_some() && version.location == group_location {
            version.location = None;
        }
        minimize_version(version, index, group_location.as_ref());
    }
    for (index, assignment) in spec.role_assignments.iter_mut().enumerate() {
        let parameters = &mut assignment.parameters;
        drop_default(
            &mut parameters.assignee_object_id,
            ResourceKind::RoleAssignment,
            index,
            "assignee-object-id",
        );
    }
    let definitions = spec.image_definitions.clone();
    for (index, vm) in spec.vms.iter_mut().enumerate() {
        if vm.location.is_some() && vm.location == group_location {
            vm.location = None;
        }
        if vm.resource_group.is_some() && vm.resource_group == group_name {
            vm.resource_group = None;
        }
        let definition = definitions.iter().find(|definition| {
            same(definition.gallery.as_str(), vm.image.gallery.as_str())
                && same(definition.name.as_str(), vm.image.image_definition.as_str())
        });
        minimize_vm(vm, definition, index);
    }
    spec
}

/// Puts each resource whose `key` parameter is the one sigil names the `i`-th resource's at position `i`,
/// and the others, in their order, in the positions left. An output lists resources in its own order (a
/// template its existing parents after what it creates), while the parameter names it was generated with
/// remember the spec's order; in that order they are the defaults, which minimizing then drops. Left as
/// it is when two resources claim one position.
fn in_spec_order<T>(
    resources: &mut Vec<T>,
    kind: ResourceKind,
    key: &str,
    parameter: impl Fn(&T) -> Option<&ParameterName>,
) {
    let count = resources.len();
    let defaults: Vec<Option<String>> = (0..count)
        .map(|index| kind.default_parameter(index, key))
        .collect();
    let slots: Vec<Option<usize>> = resources
        .iter()
        .map(|resource| {
            let name = parameter(resource)?;
            defaults
                .iter()
                .position(|default| default.as_deref() == Some(name.as_str()))
        })
        .collect();
    let mut taken = vec![false; count];
    for slot in slots.iter().flatten() {
        if std::mem::replace(&mut taken[*slot], true) {
            return;
        }
    }
    let mut placed: Vec<Option<T>> = (0..count).map(|_| None).collect();
    let mut free = (0..count).filter(|index| !taken[*index]);
    for (resource, slot) in resources.drain(..).zip(slots) {
        let at = slot
            .or_else(|| free.next())
            .expect("a position for each resource");
        placed[at] = Some(resource);
    }
    resources.extend(placed.into_iter().flatten());
}

fn same(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// Forgets `parameter` when it is the name sigil gives `key` of the `index`-th resource of `kind`.
fn drop_default(
    parameter: &mut Option<ParameterName>,
    kind: ResourceKind,
    index: usize,
    key: &str,
) {
    let default = kind.default_parameter(index, key);
    if parameter
        .as_ref()
        .is_some_and(|name| default.as_deref() == Some(name.as_str()))
    {
        *parameter = None;
    }
}

fn minimize_definition(definition: &mut ImageDefinition, index: usize) {
    // The security type's default depends on the generation: decided before the generation is dropped.
    let without_security = ImageDefinition {
        features: sigil_core::model::Features {
            security_type: None,
            ..definition.features.clone()
        },
        ..definition.clone()
    };
    if definition.features.security_type == Some(without_security.security_type()) {
        definition.features.security_type = None;
    }
    if definition.hyper_v_generation == Some(HyperVGeneration::V2) {
        definition.hyper_v_generation = None;
    }
    if definition.architecture == Some(Architecture::X64) {
        definition.architecture = None;
    }
    drop_default(
        &mut definition.parameters.name,
        ResourceKind::ImageDefinition,
        index,
        "name",
    );
}

fn minimize_version(
    version: &mut ImageVersion,
    index: usize,
    group_location: Option<&sigil_core::model::Region>,
) {
    let replicas = version.replica_count.unwrap_or(1);
    let storage = version.storage_account_type();
    let excluded = version.exclude_from_latest.unwrap_or(false);
    for region in &mut version.target_regions {
        if region.replica_count == Some(replicas) {
            region.replica_count = None;
        }
        if region.storage_account_type == Some(storage) {
            region.storage_account_type = None;
        }
        if region.exclude_from_latest == Some(excluded) {
            region.exclude_from_latest = None;
        }
    }
    // Excluded from latest everywhere with an end-of-life date is what `retired = true` generates.
    if excluded
        && version.end_of_life_date.is_some()
        && version
            .target_regions
            .iter()
            .all(|region| region.exclude_from_latest.is_none())
    {
        version.retired = true;
        version.exclude_from_latest = None;
    }
    let location = version.location.as_ref().or(group_location);
    if let [only] = version.target_regions.as_slice()
        && is_bare(only)
        && location.is_some_and(|location| *location == only.name)
    {
        version.target_regions.clear();
    }
    if version.replica_count == Some(1) {
        version.replica_count = None;
    }
    if version.storage_account_type == Some(ImageVersion::DEFAULT_STORAGE_ACCOUNT_TYPE) {
        version.storage_account_type = None;
    }
    if version.replication_mode == Some(ImageVersion::DEFAULT_REPLICATION_MODE) {
        version.replication_mode = None;
    }
    if version.exclude_from_latest == Some(false) {
        version.exclude_from_latest = None;
    }
    drop_default(
        &mut version.parameters.name,
        ResourceKind::ImageVersion,
        index,
        "name",
    );
}

/// A target region that says nothing but its name.
fn is_bare(region: &TargetRegion) -> bool {
    region.replica_count.is_none()
        && region.storage_account_type.is_none()
        && region.exclude_from_latest.is_none()
}

fn minimize_vm(vm: &mut Vm, definition: Option<&ImageDefinition>, index: usize) {
    if let Some(definition) = definition {
        let default_size = Vm {
            size: None,
            ..vm.clone()
        };
        if vm.size.as_deref() == Some(default_size.size(definition)) {
            vm.size = None;
        }
        let default_authentication = Vm {
            authentication_type: None,
            ..vm.clone()
        };
        if vm.authentication_type.is_some()
            && vm.authentication_type == default_authentication.authentication_type(definition)
        {
            vm.authentication_type = None;
        }
        let default_rule = Vm {
            nsg_rule: None,
            ..vm.clone()
        };
        if vm.nsg_rule == Some(default_rule.nsg_rule(definition.os_type)) {
            vm.nsg_rule = None;
        }
    }
    let parameters = &mut vm.parameters;
    for (key, parameter) in [
        ("name", &mut parameters.name),
        ("admin-username", &mut parameters.admin_username),
        ("admin-password", &mut parameters.admin_password),
    ] {
        drop_default(parameter, ResourceKind::Vm, index, key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(extra: &str) -> ImageVersion {
        let text = format!(
            "gallery = \"g\"\nimage-definition = \"d\"\nname = \"1.0.0\"\nmanaged-image = \"/images/i\"\n{extra}"
        );
        toml::from_str(&text).expect("a version")
    }

    fn minimized(extra: &str) -> ImageVersion {
        let mut version = version(extra);
        minimize_version(&mut version, 0, None);
        version
    }

    #[test]
    fn excluded_everywhere_with_an_end_of_life_date_is_retired() {
        let eol = "end-of-life-date = \"2031-12-31\"\n";
        let retired = minimized(&format!(
            "exclude-from-latest = true\n{eol}target-regions = [{{ name = \"eastus\", exclude-from-latest = true }}]"
        ));
        assert!(retired.retired);
        assert_eq!(retired.exclude_from_latest, None);
        assert_eq!(retired.target_regions[0].exclude_from_latest, None);

        // Without a date, or with a region kept in latest, it is not what `retired` generates.
        let undated = minimized("exclude-from-latest = true");
        assert!(!undated.retired);
        assert_eq!(undated.exclude_from_latest, Some(true));
        let region_kept = minimized(&format!(
            "exclude-from-latest = true\n{eol}target-regions = [{{ name = \"eastus\", exclude-from-latest = false }}]"
        ));
        assert!(!region_kept.retired);
        assert_eq!(region_kept.exclude_from_latest, Some(true));
        let kept = minimized(eol);
        assert!(!kept.retired);
    }

    #[test]
    fn resources_are_put_in_the_order_their_default_parameter_names_give() {
        let spec: Spec = toml::from_str(
            r#"
[[gallery]]
name = "created"
parameters = { name = "gallery3Name" }

[[gallery]]
name = "unnamed"

[[gallery]]
name = "existing"
existing = true
parameters = { name = "galleryName" }
"#,
        )
        .expect("a spec");
        let spec = minimize(spec);
        let order: Vec<(&str, bool)> = spec
            .galleries
            .iter()
            .map(|gallery| (gallery.name.as_str(), gallery.parameters.name.is_none()))
            .collect();
        assert_eq!(
            order,
            [("existing", true), ("unnamed", true), ("created", true)]
        );

        // Two resources claiming one position: nothing is moved, and the names are kept where they are
        // not the defaults.
        let spec: Spec = toml::from_str(
            r#"
[[gallery]]
name = "a"
parameters = { name = "gallery2Name" }

[[gallery]]
name = "b"
parameters = { name = "gallery2Name" }
"#,
        )
        .expect("a spec");
        let spec = minimize(spec);
        let order: Vec<&str> = spec.galleries.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(order, ["a", "b"]);
        assert!(spec.galleries[0].parameters.name.is_some());
        assert!(spec.galleries[1].parameters.name.is_none());
    }
}
