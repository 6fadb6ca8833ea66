//! The Az PowerShell output, `deploy.ps1`: the documented cmdlets of the Azure Compute Gallery PowerShell
//! quickstart (`New-AzResourceGroup`, `New-AzGallery`, `New-AzGalleryImageDefinition`,
//! `New-AzGalleryImageVersion`, `New-AzRoleAssignment`), one call per resource, sending what the ARM template
//! deploys.
//!
//! The view built here holds raw values and the decisions of the plan; `templates/pwsh/deploy.ps1.hbs` writes
//! every value through the `ps` helper (a verbatim string) or a checked `ident`, `int` or `bool`. Two things
//! the cmdlets do on their own are written around here rather than left to them:
//! - `New-AzGalleryImageDefinition` sends Hyper-V generation `V2` and appends `SecurityType=TrustedLaunchSupported`
//!   unless told otherwise: the plan's generation and features are always given, so nothing is appended;
//! - `New-AzGalleryImageVersion` defaults nothing and sends `excludeFromLatest` only when the switch is bound: the
//!   plan's version-wide values are always given, the switch as `-PublishingProfileExcludeFromLatest:$false`.

use serde::Serialize;
use sigil_core::model::{
    AuthenticationType, HostCaching, OsState, OsType, StorageAccountType, Tags,
};

use crate::plan::{
    Credential, OsProfilePlan, PASSWORD_VARIABLE, Plan, Principal, RemoteAccessRule, Scope,
    SecurityProfilePlan, TargetRegionPlan, VersionSource, VmImage, VmPlan,
};
use crate::{GenError, Options, api_versions, templates};

#[derive(Serialize)]
struct View<'a> {
    /// The spec's file name, on one line (it is written in a comment).
    source: String,
    resource_group: ResourceGroupView<'a>,
    /// The environment variable holding the VM administrator password, when a VM needs one.
    password_variable: Option<&'static str>,
    /// The api-version of gallery resources, as in the template: that of a gallery created with
    /// `New-AzResource`.
    gallery_api_version: &'static str,
    galleries: Vec<GalleryView<'a>>,
    definitions: Vec<DefinitionView<'a>>,
    versions: Vec<VersionView<'a>>,
    role_assignments: Vec<RoleAssignmentView<'a>>,
    vms: Vec<VmView<'a>>,
}

#[derive(Serialize)]
struct ResourceGroupView<'a> {
    name: &'a str,
    location: &'a str,
}

#[derive(Serialize)]
struct TagView<'a> {
    key: &'a str,
    value: &'a str,
}

fn tags(tags: &Tags) -> Vec<TagView<'_>> {
    tags.iter()
        .map(|(key, value)| TagView { key, value })
        .collect()
}

/// How a child names its parent: through the variable holding the created parent (`$gallery.Name`), or by
/// its name when the parent exists already and is not read.
#[derive(Serialize)]
struct ParentRef<'a> {
    /// The variable of a parent the script creates.
    symbol: Option<&'a str>,
    name: &'a str,
}

#[derive(Serialize)]
#[allow(clippy::struct_excessive_bools)]
struct GalleryView<'a> {
    symbol: &'a str,
    name: &'a str,
    location: &'a str,
    existing: bool,
    /// An existing gallery a role assignment is scoped to: read with `Get-AzGallery` for its id.
    lookup: bool,
    description: Option<&'a str>,
    tags: Vec<TagView<'a>>,
    /// Soft delete has no `New-AzGallery` parameter: the gallery is created with `New-AzResource`.
    soft_delete: Option<Flag>,
    permission: Option<&'static str>,
    community: Option<CommunityView<'a>>,
}

#[derive(Serialize)]
struct CommunityView<'a> {
    publisher_uri: Option<&'a str>,
    publisher_contact: Option<&'a str>,
    eula: Option<&'a str>,
    public_name_prefix: Option<&'a str>,
}

#[derive(Serialize)]
struct FeatureView<'a> {
    name: &'a str,
    value: &'a str,
}

#[derive(Serialize)]
#[allow(clippy::struct_excessive_bools)]
struct DefinitionView<'a> {
    symbol: &'a str,
    name: &'a str,
    gallery: ParentRef<'a>,
    location: &'a str,
    existing: bool,
    /// An existing definition a role assignment is scoped to, or a VM is created from: read with
    /// `Get-AzGalleryImageDefinition` for its id.
    lookup: bool,
    publisher: &'a str,
    offer: &'a str,
    sku: &'a str,
    os_type: &'static str,
    os_state: &'static str,
    hyper_v_generation: &'static str,
    /// The generation is sigil's default, not the spec's.
    default_generation: bool,
    security_type: &'static str,
    /// The security type is sigil's default, not the spec's.
    default_security_type: bool,
    architecture: &'static str,
    features: Vec<FeatureView<'a>>,
    minimum_cpu_core: Option<u32>,
    maximum_cpu_core: Option<u32>,
    minimum_memory: Option<u32>,
    maximum_memory: Option<u32>,
    disallowed_disk_types: Vec<&'a str>,
    end_of_life_date: Option<String>,
    eula: Option<&'a str>,
    privacy_statement_uri: Option<&'a str>,
    release_note_uri: Option<&'a str>,
    description: Option<&'a str>,
    plan_name: Option<&'a str>,
    plan_product: Option<&'a str>,
    plan_publisher: Option<&'a str>,
    tags: Vec<TagView<'a>>,
}

/// `-OSDiskImage`: the OS disk's host caching and its source (snapshot or VHD).
#[derive(Serialize)]
struct OsDiskView<'a> {
    host_caching: Option<&'static str>,
    source: Option<DiskSourceView<'a>>,
}

/// A disk image's `Source`: a snapshot id, or a VHD's URI and storage account.
#[derive(Serialize)]
struct DiskSourceView<'a> {
    id: Option<&'a str>,
    uri: Option<&'a str>,
    storage_account_id: Option<&'a str>,
}

/// An optional boolean: handlebars treats `false` as absent, so a present value is an object.
#[derive(Serialize)]
struct Flag {
    value: bool,
}

fn flag(value: Option<bool>) -> Option<Flag> {
    value.map(|value| Flag { value })
}

#[derive(Serialize)]
struct DataDiskView<'a> {
    lun: u32,
    host_caching: Option<&'static str>,
    snapshot: &'a str,
}

#[derive(Serialize)]
struct TargetRegionView<'a> {
    name: &'a str,
    replica_count: u32,
    storage_account_type: Option<&'static str>,
    exclude_from_latest: Option<Flag>,
}

#[derive(Serialize)]
#[allow(clippy::struct_excessive_bools)]
struct VersionView<'a> {
    symbol: &'a str,
    name: &'a str,
    gallery: ParentRef<'a>,
    definition: ParentRef<'a>,
    existing: bool,
    /// An existing version a role assignment is scoped to, or a VM is created from: read with
    /// `Get-AzGalleryImageVersion` for its id.
    lookup: bool,
    location: &'a str,
    managed_image: Option<&'a str>,
    virtual_machine: Option<&'a str>,
    os_disk: Option<OsDiskView<'a>>,
    data_disks: Vec<DataDiskView<'a>>,
    replica_count: u32,
    storage_account_type: &'static str,
    replication_mode: &'static str,
    /// The spec names no target region: the version's own region is stated, as the template does.
    default_target_region: bool,
    target_regions: Vec<TargetRegionView<'a>>,
    exclude_from_latest: bool,
    end_of_life_date: Option<String>,
    tags: Vec<TagView<'a>>,
}

/// Who a role assignment is for, in the form `New-AzRoleAssignment` takes.
#[derive(Serialize)]
struct PrincipalView<'a> {
    /// `-ObjectId`: the spec's `assignee-object-id`, or an `assignee` that is a GUID.
    object_id: Option<&'a str>,
    /// `-SignInName`: an `assignee` that is a sign-in name (it has an `@`), resolved by the cmdlet.
    sign_in_name: Option<&'a str>,
    /// `-ApplicationId`: any other `assignee`, a service principal name, resolved by the cmdlet.
    service_principal_name: Option<&'a str>,
}

#[derive(Serialize)]
struct RoleAssignmentView<'a> {
    symbol: &'a str,
    /// What the comment above the call names: `gallery`, `definition` or `version`.
    scope_kind: &'static str,
    /// The scope's path, `GALLERY[/DEFINITION[/VERSION]]`, made of validated names.
    scope_path: String,
    /// The variable holding the scope resource (created, or read for an existing one).
    scope_symbol: &'a str,
    role: &'a str,
    role_name: Option<&'static str>,
    role_definition_id: &'a str,
    assignee: Option<String>,
    principal: PrincipalView<'a>,
    /// The principal must be looked up first: a custom role (`-RoleDefinitionId`) takes only `-ObjectId`.
    lookup_user: Option<&'a str>,
    lookup_service_principal: Option<&'a str>,
}

/// A VM and what `az vm create` makes for it, as the template makes it: a virtual network with one subnet,
/// a network security group (with the SSH or RDP rule only when the VM has a public IP), the public IP when
/// asked, a NIC, and the VM, all named after the VM.
#[derive(Serialize)]
struct VmView<'a> {
    symbol: &'a str,
    name: &'a str,
    /// The name on one line, for the comment above the VM.
    comment_name: String,
    location: &'a str,
    /// The VM's resource group when it is not the spec's.
    other_resource_group: Option<&'a str>,
    /// The other group's location, when this VM is the first in it: the group is created (or updated) first.
    creates_group: Option<&'a str>,
    tags: Vec<TagView<'a>>,
    vnet: String,
    address_prefix: &'static str,
    subnet: String,
    subnet_prefix: &'static str,
    nsg: String,
    public_ip: Option<PublicIpView>,
    /// The public IP's DNS name label.
    dns_label: Option<&'a str>,
    nic: String,
    ip_configuration: String,
    /// The rule opening SSH or RDP: the spec's `nsg-rule`, by default only for a VM with a public IP.
    remote_access: Option<RemoteAccessRule>,
    size: &'a str,
    /// The variable holding the image: a definition (latest) or a version.
    image_symbol: &'a str,
    image_is_version: bool,
    os_disk_caching: &'static str,
    security_profile: Option<SecurityProfilePlan>,
    /// `None` for a specialized image: no OS profile.
    os_profile: Option<OsProfileView<'a>>,
}

#[derive(Serialize)]
struct PublicIpView {
    name: String,
    sku: &'static str,
    allocation: &'static str,
}

#[derive(Serialize)]
struct OsProfileView<'a> {
    windows: bool,
    computer_name: &'a str,
    admin_username: &'a str,
    /// Password authentication: the password comes from the environment.
    password: bool,
    /// SSH authentication, with the key when the spec gives one.
    ssh: bool,
    ssh_key: Option<&'a str>,
    ssh_key_path: Option<String>,
}

pub fn render(plan: &Plan<'_>, options: &Options) -> Result<String, GenError> {
    templates::render("pwsh", &view(plan, options))
}

fn view<'a>(plan: &'a Plan<'a>, options: &Options) -> View<'a> {
    let location = plan.resource_group.location.as_str();
    let needs_password = plan
        .vms
        .iter()
        .any(|planned| planned.authentication() == Some(AuthenticationType::Password));
    View {
        source: one_line(&options.source_name),
        resource_group: ResourceGroupView {
            name: &plan.resource_group.name,
            location,
        },
        password_variable: needs_password.then_some(PASSWORD_VARIABLE),
        gallery_api_version: api_versions::GALLERY,
        galleries: galleries(plan, location),
        definitions: definitions(plan, location),
        versions: versions(plan),
        role_assignments: role_assignments(plan),
        vms: vms(plan),
    }
}

/// Whether a role assignment is scoped to `scope`.
fn scoped(plan: &Plan<'_>, scope: Scope) -> bool {
    plan.role_assignments
        .iter()
        .any(|assignment| assignment.scope == scope)
}

/// How a child names its gallery.
fn gallery_ref<'a>(plan: &'a Plan<'a>, index: usize) -> ParentRef<'a> {
    let planned = &plan.galleries[index];
    ParentRef {
        symbol: (!planned.gallery.existing).then_some(planned.naming.symbol.as_str()),
        name: &planned.gallery.name,
    }
}

/// How a version names its definition.
fn definition_ref<'a>(plan: &'a Plan<'a>, index: usize) -> ParentRef<'a> {
    let planned = &plan.image_definitions[index];
    ParentRef {
        symbol: (!planned.definition.existing).then_some(planned.naming.symbol.as_str()),
        name: &planned.definition.name,
    }
}

fn galleries<'a>(plan: &'a Plan<'a>, location: &'a str) -> Vec<GalleryView<'a>> {
    plan.galleries
        .iter()
        .enumerate()
        .map(|(index, planned)| {
            let gallery = planned.gallery;
            let sharing = planned.sharing;
            let community = sharing
                .and_then(|sharing| sharing.community)
                .map(|community| CommunityView {
                    publisher_uri: community.publisher_uri,
                    publisher_contact: community.publisher_contact,
                    eula: community.eula,
                    public_name_prefix: community.public_name_prefix,
                });
            GalleryView {
                symbol: &planned.naming.symbol,
                name: &gallery.name,
                location,
                existing: gallery.existing,
                lookup: gallery.existing && scoped(plan, Scope::Gallery(index)),
                description: gallery.description.as_deref(),
                tags: tags(&gallery.tags),
                soft_delete: flag(gallery.soft_delete),
                permission: sharing.map(|sharing| sharing.permissions.as_str()),
                community,
            }
        })
        .collect()
}

fn definitions<'a>(plan: &'a Plan<'a>, location: &'a str) -> Vec<DefinitionView<'a>> {
    plan.image_definitions
        .iter()
        .enumerate()
        .map(|(index, planned)| {
            let definition = planned.definition;
            DefinitionView {
                symbol: &planned.naming.symbol,
                name: &definition.name,
                gallery: gallery_ref(plan, planned.gallery),
                location,
                existing: definition.existing,
                lookup: definition.existing
                    && (scoped(plan, Scope::ImageDefinition(index))
                        || plan.vms.iter().any(|vm| vm.image == VmImage::Latest(index))),
                publisher: &definition.publisher,
                offer: &definition.offer,
                sku: &definition.sku,
                os_type: os_type(definition.os_type),
                os_state: os_state(definition.os_state),
                hyper_v_generation: planned.hyper_v_generation.as_str(),
                default_generation: definition.hyper_v_generation.is_none(),
                security_type: planned.security_type.as_str(),
                default_security_type: definition.features.security_type.is_none(),
                architecture: planned.architecture.as_str(),
                features: planned
                    .features
                    .iter()
                    .map(|feature| FeatureView {
                        name: feature.name,
                        value: &feature.value,
                    })
                    .collect(),
                minimum_cpu_core: definition.minimum_cpu_core,
                maximum_cpu_core: definition.maximum_cpu_core,
                minimum_memory: definition.minimum_memory,
                maximum_memory: definition.maximum_memory,
                disallowed_disk_types: definition
                    .disallowed_disk_types
                    .iter()
                    .map(String::as_str)
                    .collect(),
                end_of_life_date: definition.end_of_life_date.map(|date| date.to_string()),
                eula: definition.eula.as_deref(),
                privacy_statement_uri: definition.privacy_statement_uri.as_deref(),
                release_note_uri: definition.release_note_uri.as_deref(),
                description: definition.description.as_deref(),
                plan_name: definition.plan_name.as_deref(),
                plan_product: definition.plan_product.as_deref(),
                plan_publisher: definition.plan_publisher.as_deref(),
                tags: tags(&definition.tags),
            }
        })
        .collect()
}

fn versions<'a>(plan: &'a Plan<'a>) -> Vec<VersionView<'a>> {
    plan.image_versions
        .iter()
        .enumerate()
        .map(|(index, planned)| {
            let version = planned.version;
            let definition = plan.definition_of(planned);
            let host_caching = version.os_disk_host_caching.map(HostCaching::as_str);
            let (managed_image, virtual_machine, os_disk) = match planned.source {
                None => (None, None, None),
                Some(VersionSource::ManagedImage(id)) => {
                    (Some(id), None, host_caching.map(OsDiskView::caching))
                }
                Some(VersionSource::VirtualMachine(id)) => {
                    (None, Some(id), host_caching.map(OsDiskView::caching))
                }
                Some(VersionSource::Snapshot(id)) => {
                    let source = DiskSourceView {
                        id: Some(id),
                        uri: None,
                        storage_account_id: None,
                    };
                    (
                        None,
                        None,
                        Some(OsDiskView {
                            host_caching,
                            source: Some(source),
                        }),
                    )
                }
                Some(VersionSource::Vhd {
                    uri,
                    storage_account,
                }) => {
                    let source = DiskSourceView {
                        id: None,
                        uri: Some(uri),
                        storage_account_id: Some(storage_account),
                    };
                    (
                        None,
                        None,
                        Some(OsDiskView {
                            host_caching,
                            source: Some(source),
                        }),
                    )
                }
            };
            VersionView {
                symbol: &planned.naming.symbol,
                name: &version.name,
                gallery: gallery_ref(plan, definition.gallery),
                definition: definition_ref(plan, planned.definition),
                existing: version.existing,
                lookup: version.existing
                    && (scoped(plan, Scope::ImageVersion(index))
                        || plan
                            .vms
                            .iter()
                            .any(|vm| vm.image == VmImage::Version(index))),
                location: planned.location.region().as_str(),
                managed_image,
                virtual_machine,
                os_disk,
                data_disks: version
                    .data_snapshots
                    .iter()
                    .map(|disk| DataDiskView {
                        lun: disk.lun,
                        host_caching: disk.host_caching.map(HostCaching::as_str),
                        snapshot: &disk.snapshot,
                    })
                    .collect(),
                replica_count: planned.replica_count,
                storage_account_type: planned.storage_account_type.as_str(),
                replication_mode: planned.replication_mode.as_str(),
                default_target_region: version.target_regions.is_empty(),
                target_regions: planned.target_regions.iter().map(target_region).collect(),
                exclude_from_latest: planned.exclude_from_latest,
                end_of_life_date: version.end_of_life_date.map(|date| date.to_string()),
                tags: tags(&version.tags),
            }
        })
        .collect()
}

fn role_assignments<'a>(plan: &'a Plan<'a>) -> Vec<RoleAssignmentView<'a>> {
    plan.role_assignments
        .iter()
        .map(|planned| {
            let assignment = planned.assignment;
            let (scope_kind, scope_symbol) = match planned.scope {
                Scope::Gallery(index) => ("gallery", plan.galleries[index].naming.symbol.as_str()),
                Scope::ImageDefinition(index) => (
                    "definition",
                    plan.image_definitions[index].naming.symbol.as_str(),
                ),
                Scope::ImageVersion(index) => {
                    ("version", plan.image_versions[index].naming.symbol.as_str())
                }
            };
            let principal = principal(planned.principal);
            let role = plan.role_of(planned);
            // A custom role is given by id, whose parameter set takes only an object id: a sign-in name or
            // service principal name is looked up first.
            let custom = role.name.is_none();
            RoleAssignmentView {
                symbol: &planned.naming.symbol,
                scope_kind,
                scope_path: assignment.scope.to_string(),
                scope_symbol,
                role: &assignment.role,
                role_name: role.name,
                role_definition_id: &role.definition_id,
                assignee: assignment.assignee.as_deref().map(one_line),
                lookup_user: principal.sign_in_name.filter(|_| custom),
                lookup_service_principal: principal.service_principal_name.filter(|_| custom),
                principal,
            }
        })
        .collect()
}

fn vms<'a>(plan: &'a Plan<'a>) -> Vec<VmView<'a>> {
    plan.vms
        .iter()
        .map(|planned| {
            let vm = planned.vm;
            let name = vm.name.as_str();
            let definition = &plan.image_definitions[planned.definition];
            let os_type = definition.definition.os_type;
            let nested = plan.nested_deployment_of(planned);
            let other_resource_group = nested.map(|_| planned.resource_group);
            let creates_group = nested
                .filter(|(nested, _)| nested.creates_group)
                .map(|(_, group)| group.location.as_str());
            let (image_symbol, image_is_version) = match planned.image {
                VmImage::Latest(index) => {
                    (plan.image_definitions[index].naming.symbol.as_str(), false)
                }
                VmImage::Version(index) => {
                    (plan.image_versions[index].naming.symbol.as_str(), true)
                }
            };
            let network = &planned.network;
            VmView {
                symbol: &planned.naming.symbol,
                name,
                comment_name: one_line(name),
                location: planned.location.region().as_str(),
                other_resource_group,
                creates_group,
                tags: tags(&vm.tags),
                vnet: network.virtual_network.apply(name),
                address_prefix: network.address_prefix,
                subnet: network.subnet.apply(name),
                subnet_prefix: network.subnet_prefix,
                nsg: network.security_group.apply(name),
                public_ip: network.public_ip.map(|public_ip| PublicIpView {
                    name: public_ip.name.apply(name),
                    sku: public_ip.sku,
                    allocation: public_ip.allocation,
                }),
                dns_label: planned.dns_label,
                nic: network.interface.apply(name),
                ip_configuration: network.ip_configuration.apply(name),
                remote_access: network.remote_access,
                size: planned.size,
                image_symbol,
                image_is_version,
                os_disk_caching: planned.os_disk_caching.as_str(),
                security_profile: planned.security_profile,
                os_profile: planned
                    .os_profile
                    .as_ref()
                    .map(|profile| os_profile(planned, profile, os_type)),
            }
        })
        .collect()
}

/// The OS profile of a VM from a generalized image.
fn os_profile<'a>(
    planned: &'a VmPlan<'a>,
    profile: &'a OsProfilePlan<'a>,
    os_type: OsType,
) -> OsProfileView<'a> {
    let (ssh_key, ssh_key_path) = match &profile.credential {
        Credential::Password { .. } => (None, None),
        Credential::Ssh { public_key, path } => {
            (*public_key, Some(path.apply(profile.admin_username)))
        }
    };
    OsProfileView {
        windows: os_type == OsType::Windows,
        computer_name: profile.computer_name.as_deref().unwrap_or(&planned.vm.name),
        admin_username: profile.admin_username,
        password: matches!(profile.credential, Credential::Password { .. }),
        ssh: matches!(profile.credential, Credential::Ssh { .. }),
        ssh_key,
        ssh_key_path,
    }
}

/// A target region as the plan states it: the spec's (or, when it names none, the version's own region, which
/// `New-AzGalleryImageVersion` would not send).
fn target_region<'a>(region: &TargetRegionPlan<'a>) -> TargetRegionView<'a> {
    TargetRegionView {
        name: region.location.region().as_str(),
        replica_count: region.replica_count,
        storage_account_type: region.storage_account_type.map(StorageAccountType::as_str),
        exclude_from_latest: flag(region.exclude_from_latest),
    }
}
impl OsDiskView<'_> {
    /// Host caching alone, for a version whose source is a managed image or a VM.
    fn caching(host_caching: &'static str) -> Self {
        OsDiskView {
            host_caching: Some(host_caching),
            source: None,
        }
    }
}

/// The principal in the form `New-AzRoleAssignment` takes it.
fn principal(principal: Principal<'_>) -> PrincipalView<'_> {
    let mut view = PrincipalView {
        object_id: None,
        sign_in_name: None,
        service_principal_name: None,
    };
    match principal {
        Principal::ObjectId(id) => view.object_id = Some(id),
        Principal::SignInName(name) => view.sign_in_name = Some(name),
        Principal::ServicePrincipalName(name) => view.service_principal_name = Some(name),
    }
    view
}

/// `-OsType` takes the enum's member name.
fn os_type(os_type: OsType) -> &'static str {
    match os_type {
        OsType::Windows => "Windows",
        OsType::Linux => "Linux",
    }
}

/// `-OsState` takes the enum's member name.
fn os_state(os_state: OsState) -> &'static str {
    match os_state {
        OsState::Generalized => "Generalized",
        OsState::Specialized => "Specialized",
    }
}

/// Text for a comment: a line break (or any control character) would end the comment and start code, so
/// each becomes a space. The result is still quoted with `ps` where the template writes it.
pub fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_stay_on_one_line() {
        assert_eq!(one_line("a\nb\r\u{2028}c\u{85}d"), "a b  c d");
    }
}
