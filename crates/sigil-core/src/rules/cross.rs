//! Checks that span resources: uniqueness within a parent, references to parents, and the rules of a
//! version or definition that depend on its parent, its siblings or the VMs made from it.

use std::collections::HashMap;

use std::fmt::Write as _;

use crate::diagnostic::FieldPath;
use crate::model::{
    Architecture, AuthenticationType, Gallery, ImageDefinition, ImageVersion, OsState, OsType,
    Region, ReplicationMode, ResourcePath, SecurityType, SourceKind, Spec, Vm,
};
use crate::names::same_name;
use crate::rules::{
    SIG001, SIG003, SIG006, SIG207, SIG210, SIG216, SIG305, SIG309, SIG310, SIG313, SIG317, SIG318,
    SIG406, SIG701, SIG702, SIG703, SIG706,
};
use crate::suggest::closest;
use crate::validate::{Mode, Validator};

/// A key under which resources must be unique: their names and their parents', lowercased.
type NameKey = Vec<String>;

fn key(parts: &[&str]) -> NameKey {
    parts.iter().map(|part| part.to_ascii_lowercase()).collect()
}

/// Reports the second and later resource of each kind with a name already used in the same parent.
fn report_duplicates<'a>(
    validator: &mut Validator<'_>,
    array: &'static str,
    what: &str,
    keys: impl Iterator<Item = (NameKey, &'a str)>,
) {
    let mut first_seen: HashMap<NameKey, usize> = HashMap::new();
    for (index, (name_key, shown)) in keys.enumerate() {
        if let Some(&first) = first_seen.get(&name_key) {
            let below = FieldPath::root().key(array).index(index).key("name");
            validator.report_below(
                &below,
                &SIG001,
                format!(
                    "{what} `{shown}` is defined twice (first at {array}[{first}]): names are compared without regard to case"
                ),
            );
        } else {
            first_seen.insert(name_key, index);
        }
    }
}

/// SIG001: names are unique within their parent.
pub(crate) fn check_unique_names(spec: &Spec, validator: &mut Validator<'_>) {
    report_duplicates(
        validator,
        "gallery",
        "gallery",
        spec.galleries
            .iter()
            .map(|g| (key(&[&g.name]), g.name.as_str())),
    );
    report_duplicates(
        validator,
        "image-definition",
        "image definition",
        spec.image_definitions
            .iter()
            .map(|d| (key(&[&d.gallery, &d.name]), d.name.as_str())),
    );
    report_duplicates(
        validator,
        "image-version",
        "image version",
        spec.image_versions.iter().map(|v| {
            (
                key(&[&v.gallery, &v.image_definition, &v.name]),
                v.name.as_str(),
            )
        }),
    );
    report_duplicates(
        validator,
        "application",
        "application",
        spec.applications
            .iter()
            .map(|a| (key(&[&a.gallery, &a.name]), a.name.as_str())),
    );
    report_duplicates(
        validator,
        "application-version",
        "application version",
        spec.application_versions
            .iter()
            .map(|v| (key(&[&v.gallery, &v.application, &v.name]), v.name.as_str())),
    );
    // A VM's parent is its resource group: its own, or the spec's.
    let spec_group = spec
        .resource_group
        .as_ref()
        .map_or("", |group| group.name.as_str());
    report_duplicates(
        validator,
        "vm",
        "VM",
        spec.vms.iter().map(|vm| {
            let group = vm.resource_group.as_deref().unwrap_or(spec_group);
            (key(&[group, &vm.name]), vm.name.as_str())
        }),
    );
}

fn find_gallery<'a>(spec: &'a Spec, name: &str) -> Option<&'a Gallery> {
    spec.galleries
        .iter()
        .find(|gallery| same_name(&gallery.name, name))
}

fn find_definition<'a>(spec: &'a Spec, gallery: &str, name: &str) -> Option<&'a ImageDefinition> {
    spec.image_definitions.iter().find(|definition| {
        same_name(&definition.gallery, gallery) && same_name(&definition.name, name)
    })
}

fn find_version<'a>(
    spec: &'a Spec,
    gallery: &str,
    definition: &str,
    name: &str,
) -> Option<&'a ImageVersion> {
    spec.image_versions.iter().find(|version| {
        same_name(&version.gallery, gallery)
            && same_name(&version.image_definition, definition)
            && same_name(&version.name, name)
    })
}

/// A reference that does not resolve, with the closest defined name when there is a plausible one.
fn unresolved(what: &str, name: &str, defined: impl IntoIterator<Item = String>) -> String {
    let defined: Vec<String> = defined.into_iter().collect();
    let mut message = format!(
        "{what} `{name}` is not defined in this description (nor marked `existing = true`)"
    );
    if let Some(suggestion) = closest(name, defined.iter().map(String::as_str)) {
        let _ = write!(message, "; did you mean `{suggestion}`?");
    }
    message
}

/// SIG003: every parent a resource names is in the description.
pub(crate) fn check_references(spec: &Spec, validator: &mut Validator<'_>) {
    let gallery_names = || spec.galleries.iter().map(|g| g.name.to_string());
    let definition_paths = || {
        spec.image_definitions
            .iter()
            .map(|d| format!("{}/{}", d.gallery, d.name))
    };
    let version_paths = || {
        spec.image_versions
            .iter()
            .map(|v| format!("{}/{}/{}", v.gallery, v.image_definition, v.name))
    };
    let mut report = |array: &'static str, index: usize, field: &'static str, message: String| {
        let below = FieldPath::root().key(array).index(index).key(field);
        validator.report_below(&below, &SIG003, message);
    };

    for (index, definition) in spec.image_definitions.iter().enumerate() {
        if find_gallery(spec, &definition.gallery).is_none() {
            report(
                "image-definition",
                index,
                "gallery",
                unresolved("gallery", &definition.gallery, gallery_names()),
            );
        }
    }
    for (index, version) in spec.image_versions.iter().enumerate() {
        if find_definition(spec, &version.gallery, &version.image_definition).is_none() {
            let path = format!("{}/{}", version.gallery, version.image_definition);
            report(
                "image-version",
                index,
                "image-definition",
                unresolved("image definition", &path, definition_paths()),
            );
        }
    }
    for (index, application) in spec.applications.iter().enumerate() {
        if find_gallery(spec, &application.gallery).is_none() {
            report(
                "application",
                index,
                "gallery",
                unresolved("gallery", &application.gallery, gallery_names()),
            );
        }
    }
    for (index, version) in spec.application_versions.iter().enumerate() {
        let known = spec.applications.iter().any(|application| {
            same_name(&application.gallery, &version.gallery)
                && same_name(&application.name, &version.application)
        });
        if !known {
            let path = format!("{}/{}", version.gallery, version.application);
            let defined = spec
                .applications
                .iter()
                .map(|a| format!("{}/{}", a.gallery, a.name));
            report(
                "application-version",
                index,
                "application",
                unresolved("application", &path, defined),
            );
        }
    }
    for (index, assignment) in spec.role_assignments.iter().enumerate() {
        let scope = assignment.scope.to_string();
        let message = match &assignment.scope {
            ResourcePath::Gallery(gallery) => find_gallery(spec, gallery)
                .is_none()
                .then(|| unresolved("gallery", &scope, gallery_names())),
            ResourcePath::ImageDefinition(gallery, definition) => {
                find_definition(spec, gallery, definition)
                    .is_none()
                    .then(|| unresolved("image definition", &scope, definition_paths()))
            }
            ResourcePath::ImageVersion(gallery, definition, version) => {
                find_version(spec, gallery, definition, version)
                    .is_none()
                    .then(|| unresolved("image version", &scope, version_paths()))
            }
        };
        if let Some(message) = message {
            report("role-assignment", index, "scope", message);
        }
    }
    for (index, vm) in spec.vms.iter().enumerate() {
        let image = &vm.image;
        let message = match &image.version {
            None => find_definition(spec, &image.gallery, &image.image_definition)
                .is_none()
                .then(|| unresolved("image definition", &image.to_string(), definition_paths())),
            Some(version) => find_version(spec, &image.gallery, &image.image_definition, version)
                .is_none()
                .then(|| unresolved("image version", &image.to_string(), version_paths())),
        };
        if let Some(message) = message {
            report("vm", index, "image", message);
        }
    }
}

/// SIG207: publisher, offer and SKU together are unique within a gallery.
pub(crate) fn check_unique_identifiers(spec: &Spec, validator: &mut Validator<'_>) {
    let mut first_seen: HashMap<(String, (String, String, String)), usize> = HashMap::new();
    for (index, definition) in spec.image_definitions.iter().enumerate() {
        let identity = (
            definition.gallery.to_ascii_lowercase(),
            definition.identifier_key(),
        );
        if let Some(&first) = first_seen.get(&identity) {
            let below = FieldPath::root()
                .key("image-definition")
                .index(index)
                .key("sku");
            validator.report_below(
                &below,
                &SIG207,
                format!(
                    "image definition `{}` has the same publisher, offer and SKU ({}, {}, {}) as image-definition[{first}] \
                     in gallery `{}`: change one of them",
                    definition.name, definition.publisher, definition.offer, definition.sku, definition.gallery
                ),
            );
        } else {
            first_seen.insert(identity, index);
        }
    }
}

/// SIG210: `TrustedLaunch` and `ConfidentialVM` definitions stay in private galleries.
pub(crate) fn check_definition_rules(spec: &Spec, validator: &mut Validator<'_>) {
    for (index, definition) in spec.image_definitions.iter().enumerate() {
        let Some(gallery) = find_gallery(spec, &definition.gallery) else {
            continue;
        };
        let security_type = definition.security_type();
        if gallery.is_shared() && security_type.is_private_only() {
            let below = FieldPath::root()
                .key("image-definition")
                .index(index)
                .key("features")
                .key("security-type");
            validator.report_below(
                &below,
                &SIG210,
                format!(
                    "image definition `{}` is {security_type}, which a shared gallery (`{}`) cannot hold: use {}Supported",
                    definition.name,
                    gallery.name,
                    if security_type == SecurityType::TrustedLaunch { "TrustedLaunch" } else { "ConfidentialVm" }
                ),
            );
        }
    }
}

/// SIG305, SIG310, SIG216, SIG313, SIG309: what a version's rules need of its definition, the resource
/// group's location and the VMs made from it. A version made elsewhere is not created here: its source,
/// regions and replicas are not this description's.
pub(crate) fn check_version_rules(spec: &Spec, validator: &mut Validator<'_>) {
    for (index, version) in spec.image_versions.iter().enumerate() {
        if version.existing {
            continue;
        }
        let at = FieldPath::root().key("image-version").index(index);
        let location = version.location.as_ref().or(spec.location());
        if let Some(location) = location {
            check_regions_include_source(version, location, &at, validator);
            check_shallow_regions(version, location, &at, validator);
            check_replicas_for_vms(spec, version, location, &at, validator);
        }
        if let Some(definition) = find_definition(spec, &version.gallery, &version.image_definition)
        {
            check_source_fits_definition(version, definition, &at, validator);
        }
    }
}

fn check_regions_include_source(
    version: &ImageVersion,
    location: &Region,
    at: &FieldPath,
    validator: &mut Validator<'_>,
) {
    if version.target_regions.is_empty()
        || version
            .target_regions
            .iter()
            .any(|region| &region.name == location)
    {
        return;
    }
    validator.report_below(
        &at.key("target-regions"),
        &SIG305,
        format!(
            "image version `{}` is created in {location}, which its target regions must include",
            version.name
        ),
    );
}

fn check_shallow_regions(
    version: &ImageVersion,
    location: &Region,
    at: &FieldPath,
    validator: &mut Validator<'_>,
) {
    if version.replication_mode != Some(ReplicationMode::Shallow) {
        return;
    }
    if let Some(other) = version
        .target_regions
        .iter()
        .find(|region| &region.name != location)
    {
        validator.report_below(
            &at.key("target-regions"),
            &SIG310,
            format!(
                "image version `{}` uses Shallow replication, which stays in {location}: remove {} or use Full",
                version.name, other.name
            ),
        );
    }
}

fn check_source_fits_definition(
    version: &ImageVersion,
    definition: &ImageDefinition,
    at: &FieldPath,
    validator: &mut Validator<'_>,
) {
    let sources = version.sources();
    if definition.architecture() == Architecture::Arm64
        && sources.contains(&SourceKind::ManagedImage)
    {
        validator.report_below(
            &at.key("managed-image"),
            &SIG216,
            format!(
                "image definition `{}` is Arm64, and managed images cannot be Arm64: use an os-snapshot, VM or VHD source",
                definition.name
            ),
        );
    }
    let snapshot_or_vm = sources
        .iter()
        .find(|kind| matches!(kind, SourceKind::OsSnapshot | SourceKind::VirtualMachine));
    if validator.mode() == Mode::Strict
        && definition.security_type() == SecurityType::TrustedLaunchSupported
        && let Some(kind) = snapshot_or_vm
    {
        validator.report_below(
            &at.key(kind.key()),
            &SIG313,
            format!(
                "image definition `{}` is TrustedLaunchSupported, which the service has refused for {} sources; \
                 a managed image, VHD or gallery version source is safe",
                definition.name,
                kind.key()
            ),
        );
    }
}

const VMS_PER_REPLICA: usize = 20;

/// The version a VM gets from `latest`: the highest not excluded from latest (a version made elsewhere may
/// be latest: whether it is excluded is not this description's to say).
fn latest_version<'a>(spec: &'a Spec, gallery: &str, definition: &str) -> Option<&'a ImageVersion> {
    spec.image_versions
        .iter()
        .filter(|v| same_name(&v.gallery, gallery) && same_name(&v.image_definition, definition))
        .filter(|v| v.existing || !v.excluded_from_latest())
        .max_by_key(|v| v.name.numbers())
}

/// The key of a version that says why it is excluded from latest: `retired`, its own exclusion, or its target
/// regions' exclusions.
fn exclusion_key(version: &ImageVersion) -> &'static str {
    if version.retired {
        "retired"
    } else if version.exclude_from_latest.is_some() {
        "exclude-from-latest"
    } else {
        "target-regions"
    }
}

/// SIG317, SIG318, SIG706: what `latest` names once versions are excluded from it. Per definition the
/// description creates versions of: none left in latest (an error for each VM that uses `latest`, else a warning
/// at the newest version), or the newest excluded while an older one is kept. A version marked `existing` may be
/// latest, so it ends both questions.
pub(crate) fn check_latest(spec: &Spec, validator: &mut Validator<'_>) {
    let mut definitions: Vec<NameKey> = Vec::new();
    for version in &spec.image_versions {
        let key = key(&[&version.gallery, &version.image_definition]);
        if !definitions.contains(&key) {
            definitions.push(key);
        }
    }
    for definition in definitions {
        let versions: Vec<(usize, &ImageVersion)> = spec
            .image_versions
            .iter()
            .enumerate()
            .filter(|(_, v)| key(&[&v.gallery, &v.image_definition]) == definition)
            .collect();
        let Some(&(newest_index, newest)) = versions.iter().max_by_key(|(_, v)| v.name.numbers())
        else {
            continue;
        };
        if newest.existing || !newest.excluded_from_latest() {
            continue;
        }
        let at = FieldPath::root().key("image-version").index(newest_index);
        let full_name = format!("{}/{}", newest.gallery, newest.image_definition);
        match latest_version(spec, &newest.gallery, &newest.image_definition) {
            Some(latest) if !latest.existing => validator.report_below(
                &at.key(exclusion_key(newest)),
                &SIG318,
                format!(
                    "image version `{}` is the newest of `{full_name}` but excluded from latest, so latest is \
                     the older `{}`",
                    newest.name, latest.name
                ),
            ),
            Some(_) => {}
            None => report_no_latest(spec, newest, &full_name, &at, validator),
        }
    }
}

/// Every version of a definition excluded from latest: an error at each VM that uses `latest`, else a warning.
fn report_no_latest(
    spec: &Spec,
    newest: &ImageVersion,
    full_name: &str,
    at: &FieldPath,
    validator: &mut Validator<'_>,
) {
    let mut used = false;
    for (index, vm) in spec.vms.iter().enumerate() {
        let image = &vm.image;
        if image.version.is_none()
            && same_name(&image.gallery, &newest.gallery)
            && same_name(&image.image_definition, &newest.image_definition)
        {
            used = true;
            validator.report_below(
                &FieldPath::root().key("vm").index(index).key("image"),
                &SIG706,
                format!(
                    "VM `{}` is created from latest of `{full_name}`, whose every version is excluded from latest; \
                     pin a version (`{full_name}/{}`) or keep one in latest",
                    vm.name, newest.name
                ),
            );
        }
    }
    if !used {
        validator.report_below(
            &at.key(exclusion_key(newest)),
            &SIG317,
            format!(
                "every version of `{full_name}` is excluded from latest, so a VM cannot be created from its latest"
            ),
        );
    }
}

fn check_replicas_for_vms(
    spec: &Spec,
    version: &ImageVersion,
    location: &Region,
    at: &FieldPath,
    validator: &mut Validator<'_>,
) {
    let mut vms_per_region: HashMap<&Region, usize> = HashMap::new();
    for vm in &spec.vms {
        let image = &vm.image;
        let uses_version = match &image.version {
            Some(pinned) => find_version(spec, &image.gallery, &image.image_definition, pinned),
            None => latest_version(spec, &image.gallery, &image.image_definition),
        }
        .is_some_and(|used| std::ptr::eq(used, version));
        if let (true, Some(region)) = (uses_version, vm.location.as_ref().or(spec.location())) {
            *vms_per_region.entry(region).or_default() += 1;
        }
    }
    let mut regions: Vec<(&Region, usize)> = vms_per_region.into_iter().collect();
    regions.sort();
    for (region, vms) in regions {
        let replicas = match version
            .target_regions
            .iter()
            .find(|target| &target.name == region)
        {
            Some(target) => version.replicas_in(target),
            None if region == location => version.replica_count.unwrap_or(1),
            None => continue,
        };
        let replicas = usize::try_from(replicas).unwrap_or(usize::MAX);
        if vms > replicas.saturating_mul(VMS_PER_REPLICA) {
            let advised = vms.div_ceil(VMS_PER_REPLICA);
            validator.report_below(
                &at.key("target-regions"),
                &SIG309,
                format!(
                    "{vms} VMs are created from image version `{}` in {region}, which has {replicas} replica(s): \
                     keep one replica per {VMS_PER_REPLICA} VMs ({advised})",
                    version.name
                ),
            );
        }
    }
}

/// SIG406: community galleries hold no applications.
pub(crate) fn check_applications_in_community_galleries(
    spec: &Spec,
    validator: &mut Validator<'_>,
) {
    for (index, application) in spec.applications.iter().enumerate() {
        if find_gallery(spec, &application.gallery).is_some_and(Gallery::is_community) {
            let below = FieldPath::root()
                .key("application")
                .index(index)
                .key("gallery");
            validator.report_below(
                &below,
                &SIG406,
                format!(
                    "application `{}` is in community gallery `{}`, which cannot hold VM applications",
                    application.name, application.gallery
                ),
            );
        }
    }
}

const MAX_GALLERIES_PER_REGION: usize = 100;
const MAX_DEFINITIONS_PER_REGION: usize = 1000;
const MAX_VERSIONS_PER_REGION: usize = 10_000;

/// SIG006: one description cannot create more than a subscription may hold in a region. Galleries and
/// definitions live in the resource group's location.
pub(crate) fn check_subscription_limits(spec: &Spec, validator: &mut Validator<'_>) {
    let Some(location) = spec.location() else {
        return;
    };
    let galleries = spec.galleries.iter().filter(|g| !g.existing).count();
    let definitions = spec
        .image_definitions
        .iter()
        .filter(|d| !d.existing)
        .count();
    let mut versions: HashMap<&Region, usize> = HashMap::new();
    for version in spec.image_versions.iter().filter(|v| !v.existing) {
        *versions
            .entry(version.location.as_ref().unwrap_or(location))
            .or_default() += 1;
    }
    let counts = [
        (
            "gallery",
            "galleries",
            galleries,
            MAX_GALLERIES_PER_REGION,
            location,
        ),
        (
            "image-definition",
            "image definitions",
            definitions,
            MAX_DEFINITIONS_PER_REGION,
            location,
        ),
    ];
    let version_counts = versions.into_iter().map(|(region, count)| {
        (
            "image-version",
            "image versions",
            count,
            MAX_VERSIONS_PER_REGION,
            region,
        )
    });
    for (array, what, count, limit, region) in counts.into_iter().chain(version_counts) {
        if count > limit {
            validator.report_below(
                &FieldPath::root().key(array),
                &SIG006,
                format!("this description creates {count} {what} in {region}: a subscription may hold {limit} per region"),
            );
        }
    }
}

/// SIG701, SIG702, SIG703 (Windows part): a VM's credentials and name fit the image it comes from.
pub(crate) fn check_vm_credentials(spec: &Spec, validator: &mut Validator<'_>) {
    for (index, vm) in spec.vms.iter().enumerate() {
        let image = &vm.image;
        let Some(definition) = find_definition(spec, &image.gallery, &image.image_definition)
        else {
            continue;
        };
        let at = FieldPath::root().key("vm").index(index);
        match definition.os_state {
            OsState::Specialized => check_specialized_vm(vm, &at, validator),
            OsState::Generalized => check_generalized_vm(vm, definition, &at, validator),
        }
        if definition.os_type == OsType::Windows && vm.name.chars().count() > 15 {
            validator.report_below(
                &at.key("name"),
                &SIG703,
                format!("VM name `{}` is longer than 15 characters, the limit of a Windows computer name", vm.name),
            );
        }
    }
}

fn check_specialized_vm(vm: &Vm, at: &FieldPath, validator: &mut Validator<'_>) {
    let given = [
        ("admin-username", vm.admin_username.is_some()),
        ("authentication-type", vm.authentication_type.is_some()),
        ("ssh-key-value", vm.ssh_key_value.is_some()),
    ];
    for (key, _) in given.into_iter().filter(|(_, given)| *given) {
        validator.report_below(
            &at.key(key),
            &SIG701,
            format!(
                "VM `{}` comes from a specialized image, which keeps its own accounts: remove {key}",
                vm.name
            ),
        );
    }
}

fn check_generalized_vm(
    vm: &Vm,
    definition: &ImageDefinition,
    at: &FieldPath,
    validator: &mut Validator<'_>,
) {
    if vm.admin_username.is_none() {
        validator.report_below(
            &at.key("admin-username"),
            &SIG702,
            format!(
                "VM `{}` comes from a generalized image and needs admin-username",
                vm.name
            ),
        );
    }
    if vm.authentication_type(definition) != Some(AuthenticationType::Ssh) {
        return;
    }
    if definition.os_type == OsType::Windows {
        validator.report_below(
            &at.key("authentication-type"),
            &SIG702,
            format!(
                "VM `{}` runs Windows, which signs in with a password, not SSH keys",
                vm.name
            ),
        );
    } else if vm.ssh_key_value.is_none() {
        validator.report_below(
            &at.key("ssh-key-value"),
            &SIG702,
            format!(
                "VM `{}` signs in with SSH keys and needs ssh-key-value, the public key",
                vm.name
            ),
        );
    }
}
