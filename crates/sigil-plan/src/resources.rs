//! A spec as a set of resources: each keyed by its identity as Azure compares it (names ignoring case), with
//! its properties as the service holds them (sigil's defaults applied), each marked updatable or fixed.

use std::collections::BTreeMap;
use std::fmt;

use sigil_core::Rule;
use sigil_core::model::{
    Gallery, ImageDefinition, ImageVersion, ResourcePath, RoleAssignment, Spec, Tags, Vm,
};
use sigil_core::rules::{SIG106, SIG217, SIG315, SIG705};

/// The kinds of resource a plan handles, in the order they are deleted: children first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    RoleAssignment,
    Vm,
    ImageVersion,
    ImageDefinition,
    Gallery,
}

impl Kind {
    /// As the summary names it: `image definition`.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::RoleAssignment => "role assignment",
            Kind::Vm => "VM",
            Kind::ImageVersion => "image version",
            Kind::ImageDefinition => "image definition",
            Kind::Gallery => "gallery",
        }
    }

    /// The spec's table array of this kind: `image-definition`.
    pub fn spec_key(self) -> &'static str {
        match self {
            Kind::RoleAssignment => "role-assignment",
            Kind::Vm => "vm",
            Kind::ImageVersion => "image-version",
            Kind::ImageDefinition => "image-definition",
            Kind::Gallery => "gallery",
        }
    }
}

/// A resource's identity: its kind and its names, lowercased, as Azure compares them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub kind: Kind,
    pub names: Vec<String>,
}

impl Key {
    fn new<'n>(kind: Kind, names: impl IntoIterator<Item = &'n str>) -> Self {
        let names = names.into_iter().map(str::to_ascii_lowercase).collect();
        Self { kind, names }
    }
}

/// Whether the service lets a property change, and if not, the rule that says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Updatable,
    Fixed(&'static Rule),
}

/// One property: its key in the spec (dotted below a resource: `features.security-type`), its value as the
/// summary shows it (`None`: not set), and whether it may change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    pub key: &'static str,
    pub value: Option<String>,
    pub change: Change,
}

/// A resource of a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// Its names as the spec writes them, joined with `/` (`myGallery/ubuntu/1.0.0`).
    pub label: String,
    /// Its position in the spec's array of its kind.
    pub index: usize,
    /// Referenced, not created (`existing = true`): a plan neither changes nor deletes it.
    pub existing: bool,
    pub properties: Vec<Property>,
}

impl Resource {
    pub fn value(&self, key: &str) -> Option<&str> {
        self.properties
            .iter()
            .find(|property| property.key == key)
            .and_then(|property| property.value.as_deref())
    }
}

/// Every resource of a spec, by identity.
pub type Resources = BTreeMap<Key, Resource>;

/// The resources of `spec`.
pub fn resources(spec: &Spec) -> Resources {
    let mut all = Resources::new();
    for (index, gallery) in spec.galleries.iter().enumerate() {
        all.insert(gallery_key(gallery), gallery_resource(gallery, index));
    }
    for (index, definition) in spec.image_definitions.iter().enumerate() {
        all.insert(
            definition_key(definition),
            definition_resource(definition, index),
        );
    }
    for (index, version) in spec.image_versions.iter().enumerate() {
        all.insert(version_key(version), version_resource(spec, version, index));
    }
    for (index, assignment) in spec.role_assignments.iter().enumerate() {
        all.insert(
            assignment_key(assignment),
            assignment_resource(assignment, index),
        );
    }
    for (index, vm) in spec.vms.iter().enumerate() {
        all.insert(vm_key(spec, vm), vm_resource(spec, vm, index));
    }
    all
}

pub(crate) fn gallery_key(gallery: &Gallery) -> Key {
    Key::new(Kind::Gallery, [gallery.name.as_str()])
}

pub(crate) fn definition_key(definition: &ImageDefinition) -> Key {
    Key::new(
        Kind::ImageDefinition,
        [definition.gallery.as_str(), definition.name.as_str()],
    )
}

pub(crate) fn version_key(version: &ImageVersion) -> Key {
    Key::new(
        Kind::ImageVersion,
        [
            version.gallery.as_str(),
            version.image_definition.as_str(),
            version.name.as_str(),
        ],
    )
}

pub(crate) fn assignment_key(assignment: &RoleAssignment) -> Key {
    let scope = assignment.scope.to_string();
    Key::new(
        Kind::RoleAssignment,
        [
            scope.as_str(),
            assignment.role.as_str(),
            principal(assignment),
        ],
    )
}

/// The principal a role assignment names: its object id, else its assignee.
pub(crate) fn principal(assignment: &RoleAssignment) -> &str {
    assignment
        .assignee_object_id
        .as_deref()
        .or(assignment.assignee.as_deref())
        .unwrap_or_default()
}

pub(crate) fn vm_key(spec: &Spec, vm: &Vm) -> Key {
    Key::new(Kind::Vm, [vm_group(spec, vm), vm.name.as_str()])
}

/// The resource group a VM is in: its own, else the spec's.
pub(crate) fn vm_group<'s>(spec: &'s Spec, vm: &'s Vm) -> &'s str {
    vm.resource_group
        .as_deref()
        .or(spec
            .resource_group
            .as_ref()
            .map(|group| group.name.as_str()))
        .unwrap_or_default()
}

/// The keys of the resources a resource is in: a version's definition and gallery, a scope's resources.
pub(crate) fn parents(key: &Key) -> Vec<Key> {
    let names = |count: usize| key.names[..count].iter().map(String::as_str);
    match key.kind {
        Kind::ImageDefinition => vec![Key::new(Kind::Gallery, names(1))],
        Kind::ImageVersion => vec![
            Key::new(Kind::Gallery, names(1)),
            Key::new(Kind::ImageDefinition, names(2)),
        ],
        Kind::Gallery | Kind::RoleAssignment | Kind::Vm => Vec::new(),
    }
}

/// The keys of a scope's resource and the resources it is in.
pub(crate) fn path_keys(path: &ResourcePath) -> Vec<Key> {
    let key = match path {
        ResourcePath::Gallery(gallery) => Key::new(Kind::Gallery, [gallery.as_str()]),
        ResourcePath::ImageDefinition(gallery, definition) => Key::new(
            Kind::ImageDefinition,
            [gallery.as_str(), definition.as_str()],
        ),
        ResourcePath::ImageVersion(gallery, definition, version) => Key::new(
            Kind::ImageVersion,
            [gallery.as_str(), definition.as_str(), version.as_str()],
        ),
    };
    let mut keys = parents(&key);
    keys.push(key);
    keys
}

/// Collects a resource's properties in the order the spec documents them.
struct Properties(Vec<Property>);

impl Properties {
    fn updatable(&mut self, key: &'static str, value: Option<String>) -> &mut Self {
        self.0.push(Property {
            key,
            value,
            change: Change::Updatable,
        });
        self
    }

    fn fixed(
        &mut self,
        rule: &'static Rule,
        key: &'static str,
        value: Option<String>,
    ) -> &mut Self {
        self.0.push(Property {
            key,
            value,
            change: Change::Fixed(rule),
        });
        self
    }
}

fn text(value: Option<&str>) -> Option<String> {
    value.map(|value| serde_json::Value::from(value).to_string())
}

fn shown(value: Option<impl fmt::Display>) -> Option<String> {
    value.map(|value| value.to_string())
}

fn tags(tags: &Tags) -> String {
    let pairs: Vec<String> = tags
        .iter()
        .map(|(key, value)| {
            format!(
                "{} = {}",
                text(Some(key)).unwrap_or_default(),
                text(Some(value)).unwrap_or_default()
            )
        })
        .collect();
    format!("{{{}}}", pairs.join(", "))
}

fn list(items: &[String]) -> Option<String> {
    (!items.is_empty()).then(|| serde_json::Value::from(items.to_vec()).to_string())
}

fn gallery_resource(gallery: &Gallery, index: usize) -> Resource {
    let mut properties = Properties(Vec::new());
    properties
        .updatable("description", text(gallery.description.as_deref()))
        .updatable("tags", Some(tags(&gallery.tags)))
        .fixed(&SIG106, "soft-delete", shown(gallery.soft_delete))
        .fixed(&SIG106, "permissions", shown(gallery.permissions))
        .fixed(
            &SIG106,
            "public-name-prefix",
            shown(gallery.public_name_prefix.as_ref()),
        )
        .fixed(&SIG106, "eula", text(gallery.eula.as_deref()))
        .fixed(
            &SIG106,
            "publisher-uri",
            text(gallery.publisher_uri.as_deref()),
        )
        .fixed(
            &SIG106,
            "publisher-email",
            text(gallery.publisher_email.as_deref()),
        );
    Resource {
        label: gallery.name.to_string(),
        index,
        existing: gallery.existing,
        properties: properties.0,
    }
}

fn definition_resource(definition: &ImageDefinition, index: usize) -> Resource {
    let features = &definition.features;
    let disk_controllers = features.disk_controller_types.as_ref().map(|types| {
        let names: Vec<String> = types.iter().map(ToString::to_string).collect();
        names.join(", ")
    });
    let plan = [
        &definition.plan_name,
        &definition.plan_product,
        &definition.plan_publisher,
    ];
    let plan = plan.iter().any(|part| part.is_some()).then(|| {
        let parts: Vec<&str> = plan
            .iter()
            .map(|part| part.as_deref().unwrap_or(""))
            .collect();
        serde_json::Value::from(parts.join("/")).to_string()
    });
    let mut properties = Properties(Vec::new());
    properties
        .fixed(&SIG217, "publisher", shown(Some(&definition.publisher)))
        .fixed(&SIG217, "offer", shown(Some(&definition.offer)))
        .fixed(&SIG217, "sku", shown(Some(&definition.sku)))
        .fixed(&SIG217, "os-type", shown(Some(definition.os_type)))
        .fixed(&SIG217, "os-state", shown(Some(definition.os_state)))
        .fixed(
            &SIG217,
            "hyper-v-generation",
            shown(Some(definition.hyper_v_generation())),
        )
        .fixed(
            &SIG217,
            "architecture",
            shown(Some(definition.architecture())),
        )
        .fixed(
            &SIG217,
            "features.security-type",
            shown(Some(definition.security_type())),
        )
        .fixed(
            &SIG217,
            "features.accelerated-networking",
            shown(features.accelerated_networking),
        )
        .fixed(&SIG217, "features.hibernation", shown(features.hibernation))
        .fixed(&SIG217, "features.disk-controller-types", disk_controllers)
        .fixed(&SIG217, "plan-name", plan)
        .updatable("description", text(definition.description.as_deref()))
        .updatable("end-of-life-date", shown(definition.end_of_life_date))
        .updatable("eula", text(definition.eula.as_deref()))
        .updatable(
            "release-note-uri",
            text(definition.release_note_uri.as_deref()),
        )
        .updatable(
            "privacy-statement-uri",
            text(definition.privacy_statement_uri.as_deref()),
        )
        .updatable("minimum-cpu-core", shown(definition.minimum_cpu_core))
        .updatable("maximum-cpu-core", shown(definition.maximum_cpu_core))
        .updatable("minimum-memory", shown(definition.minimum_memory))
        .updatable("maximum-memory", shown(definition.maximum_memory))
        .updatable(
            "disallowed-disk-types",
            list(&definition.disallowed_disk_types),
        )
        .updatable("tags", Some(tags(&definition.tags)));
    Resource {
        label: format!("{}/{}", definition.gallery, definition.name),
        index,
        existing: definition.existing,
        properties: properties.0,
    }
}

fn version_resource(spec: &Spec, version: &ImageVersion, index: usize) -> Resource {
    let data_snapshots = (!version.data_snapshots.is_empty()).then(|| {
        let disks: Vec<String> = version
            .data_snapshots
            .iter()
            .map(|disk| format!("{}:{}:{:?}", disk.lun, disk.snapshot, disk.host_caching))
            .collect();
        disks.join(", ")
    });
    let mut properties = Properties(Vec::new());
    properties
        .fixed(&SIG315, "location", shown(version_location(spec, version)))
        .fixed(
            &SIG315,
            "managed-image",
            text(version.managed_image.as_deref()),
        )
        .fixed(
            &SIG315,
            "virtual-machine",
            text(version.virtual_machine.as_deref()),
        )
        .fixed(&SIG315, "os-snapshot", text(version.os_snapshot.as_deref()))
        .fixed(&SIG315, "data-snapshots", data_snapshots)
        .fixed(&SIG315, "os-vhd-uri", text(version.os_vhd_uri.as_deref()))
        .fixed(
            &SIG315,
            "os-vhd-storage-account",
            text(version.os_vhd_storage_account.as_deref()),
        )
        .fixed(
            &SIG315,
            "os-disk-host-caching",
            shown(version.os_disk_host_caching),
        )
        .fixed(
            &SIG315,
            "storage-account-type",
            Some(version_storage(version)),
        )
        .fixed(
            &SIG315,
            "replication-mode",
            Some(
                version
                    .replication_mode
                    .map_or_else(|| "Full".to_owned(), |mode| mode.to_string()),
            ),
        )
        .updatable("target-regions", Some(target_regions(spec, version)))
        .updatable(
            "replica-count",
            Some(version.replica_count.unwrap_or(1).to_string()),
        )
        .updatable(
            "exclude-from-latest",
            Some(version.exclude_from_latest().to_string()),
        )
        .updatable("end-of-life-date", shown(version.end_of_life_date))
        .updatable("tags", Some(tags(&version.tags)));
    Resource {
        label: format!(
            "{}/{}/{}",
            version.gallery, version.image_definition, version.name
        ),
        index,
        existing: version.existing,
        properties: properties.0,
    }
}

/// Where a version is created: its own location, else the resource group's.
pub(crate) fn version_location<'s>(spec: &'s Spec, version: &'s ImageVersion) -> Option<&'s str> {
    version
        .location
        .as_ref()
        .or(spec.location())
        .map(sigil_core::model::Region::as_str)
}

fn version_storage(version: &ImageVersion) -> String {
    version
        .storage_account_type
        .map_or_else(|| "Standard_LRS".to_owned(), |storage| storage.to_string())
}

/// One target region as the service holds it: name, replicas, storage and exclusion from latest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RegionState {
    pub(crate) name: String,
    pub(crate) replicas: u32,
    pub(crate) storage: String,
    pub(crate) exclude_from_latest: Option<bool>,
}

/// The regions a version is replicated to: its target regions, else its location alone.
pub(crate) fn region_states(spec: &Spec, version: &ImageVersion) -> Vec<RegionState> {
    if version.target_regions.is_empty() {
        return version_location(spec, version)
            .map(|name| RegionState {
                name: name.to_owned(),
                replicas: version.replica_count.unwrap_or(1),
                storage: version_storage(version),
                exclude_from_latest: None,
            })
            .into_iter()
            .collect();
    }
    version
        .target_regions
        .iter()
        .map(|region| RegionState {
            name: region.name.as_str().to_owned(),
            replicas: version.replicas_in(region),
            storage: region
                .storage_account_type
                .map_or_else(|| version_storage(version), |storage| storage.to_string()),
            exclude_from_latest: region.exclude_from_latest,
        })
        .collect()
}

fn target_regions(spec: &Spec, version: &ImageVersion) -> String {
    let regions: Vec<String> = region_states(spec, version)
        .iter()
        .map(|region| {
            let exclude = match region.exclude_from_latest {
                Some(true) => " excluded from latest",
                Some(false) => " in latest",
                None => "",
            };
            format!(
                "{}={}={}{exclude}",
                region.name.to_ascii_lowercase(),
                region.replicas,
                region.storage
            )
        })
        .collect();
    regions.join(" ")
}

fn assignment_resource(assignment: &RoleAssignment, index: usize) -> Resource {
    Resource {
        label: format!(
            "{} on {} for {}",
            assignment.role,
            assignment.scope,
            principal(assignment)
        ),
        index,
        existing: false,
        properties: Vec::new(),
    }
}

fn vm_resource(spec: &Spec, vm: &Vm, index: usize) -> Resource {
    let mut properties = Properties(Vec::new());
    properties
        .fixed(&SIG705, "image", shown(Some(&vm.image)))
        .fixed(&SIG705, "size", text(vm.size.as_deref()))
        .fixed(
            &SIG705,
            "admin-username",
            text(vm.admin_username.as_deref()),
        )
        .fixed(
            &SIG705,
            "authentication-type",
            shown(vm.authentication_type),
        )
        .fixed(&SIG705, "ssh-key-value", text(vm.ssh_key_value.as_deref()))
        .fixed(&SIG705, "public-ip", Some(vm.public_ip.to_string()))
        .fixed(&SIG705, "dns-label", text(vm.dns_label.as_deref()))
        .fixed(&SIG705, "nsg-rule", shown(vm.nsg_rule))
        .fixed(
            &SIG705,
            "location",
            shown(vm.location.as_ref().or(spec.location())),
        )
        .fixed(&SIG705, "tags", Some(tags(&vm.tags)));
    Resource {
        label: format!("{}/{}", vm_group(spec, vm), vm.name),
        index,
        existing: false,
        properties: properties.0,
    }
}
