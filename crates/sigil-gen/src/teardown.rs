//! `teardown.sh` and `teardown.ps1` (`sigil generate --teardown`): delete what the deployment creates,
//! children first, with the documented delete commands, written from `templates/az/teardown.sh.hbs` and
//! `templates/pwsh/teardown.ps1.hbs`.
//!
//! The order is the docs': role assignments (deleting their scope would leave them behind), virtual machines
//! with what `az vm create` made for them (their disks, which a VM's deletion keeps, then the NIC, public IP,
//! network security group and virtual network, named after the VM), image versions, image definitions,
//! galleries (a shared gallery's sharing reset first). What the spec marks `existing = true` is not the
//! deployment's and is kept. Resource groups are kept too: `az group create` and `New-AzResourceGroup -Force`
//! succeed on a group that exists, so nothing says the deployment made one, and it may hold other resources;
//! the scripts' headers name them and the command that deletes a group.

use serde::Serialize;
use sigil_core::model::SharingPermission;

use crate::plan::{Plan, Principal, Scope};
use crate::{GenError, Options, az, templates};

/// The `JMESPath` query of `az vm show` that lists the ids of a VM's managed disks, the OS disk first.
const DISK_QUERY: &str = "storageProfile.[osDisk.managedDisk.id, dataDisks[].managedDisk.id][]";

/// Renders `teardown.sh`.
pub fn render_az(plan: &Plan<'_>, options: &Options) -> Result<String, GenError> {
    templates::render("teardown_az", &View::new(plan, options))
}

/// Renders `teardown.ps1`.
pub fn render_pwsh(plan: &Plan<'_>, options: &Options) -> Result<String, GenError> {
    templates::render("teardown_pwsh", &View::new(plan, options))
}

#[derive(Debug, Serialize)]
struct View<'a> {
    source: &'a str,
    resource_group: &'a str,
    other_groups: Vec<&'a str>,
    disk_query: &'static str,
    assignments: Vec<AssignmentView<'a>>,
    vms: Vec<VmView<'a>>,
    versions: Vec<VersionView<'a>>,
    definitions: Vec<DefinitionView<'a>>,
    galleries: Vec<GalleryView<'a>>,
}

/// The resource a role assignment is scoped to, looked up for its id.
#[derive(Debug, Serialize)]
struct ScopeView<'a> {
    /// `az sig show`, `az sig image-definition show`...: the words after `sig`.
    az_noun: Option<&'static str>,
    /// `Get-AzGallery`, `Get-AzGalleryImageDefinition`...
    cmdlet: &'static str,
    gallery: &'a str,
    definition: Option<&'a str>,
    version: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct AssignmentView<'a> {
    /// What `az role assignment delete --assignee` takes: an object id, a sign-in name or a service principal
    /// name.
    assignee: &'a str,
    /// The PowerShell parameter naming the principal: `ObjectId`, `SignInName` or `ServicePrincipalName`.
    principal_parameter: &'static str,
    /// A built-in role by name, as the docs name it.
    role_name: Option<&'static str>,
    /// A custom role by its definition GUID.
    role_id: Option<&'a str>,
    scope: ScopeView<'a>,
    /// The shellcheck findings its literal values raise, disabled for the command.
    shellcheck: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
struct VmView<'a> {
    name: &'a str,
    group: &'a str,
    /// The variable stem: `vm`, `vm2`.
    symbol: &'a str,
    nic: String,
    public_ip: Option<String>,
    nsg: String,
    vnet: String,
}

#[derive(Debug, Serialize)]
struct VersionView<'a> {
    gallery: &'a str,
    definition: &'a str,
    name: &'a str,
}

#[derive(Debug, Serialize)]
struct DefinitionView<'a> {
    gallery: &'a str,
    name: &'a str,
}

#[derive(Debug, Serialize)]
struct GalleryView<'a> {
    name: &'a str,
    /// Shared with groups or the community: its sharing is reset before it is deleted.
    shared: bool,
}

impl<'a> View<'a> {
    fn new(plan: &'a Plan<'a>, options: &'a Options) -> Self {
        let assignments = plan
            .role_assignments
            .iter()
            .map(|planned| {
                let (assignee, principal_parameter) = match planned.principal {
                    Principal::ObjectId(id) => (id, "ObjectId"),
                    Principal::SignInName(name) => (name, "SignInName"),
                    Principal::ServicePrincipalName(name) => (name, "ServicePrincipalName"),
                };
                let role = &plan.roles[planned.role];
                let scope = scope(plan, planned.scope);
                let shellcheck = az::literal_findings(
                    [
                        Some(assignee),
                        Some(scope.gallery),
                        scope.definition,
                        scope.version,
                    ]
                    .into_iter()
                    .flatten(),
                );
                AssignmentView {
                    assignee,
                    principal_parameter,
                    role_name: role.name,
                    role_id: role.name.is_none().then_some(role.definition_id.as_str()),
                    scope,
                    shellcheck,
                }
            })
            .collect();
        let vms = plan
            .vms
            .iter()
            .map(|planned| {
                let name = planned.vm.name.as_str();
                let network = &planned.network;
                VmView {
                    name,
                    group: planned.resource_group,
                    symbol: &planned.naming.symbol,
                    nic: network.interface.apply(name),
                    public_ip: network.public_ip.map(|ip| ip.name.apply(name)),
                    nsg: network.security_group.apply(name),
                    vnet: network.virtual_network.apply(name),
                }
            })
            .collect();
        let versions = plan
            .image_versions
            .iter()
            .rev()
            .filter(|planned| !planned.version.existing)
            .map(|planned| VersionView {
                gallery: &planned.version.gallery,
                definition: &planned.version.image_definition,
                name: &planned.version.name,
            })
            .collect();
        let definitions = plan
            .image_definitions
            .iter()
            .rev()
            .filter(|planned| !planned.definition.existing)
            .map(|planned| DefinitionView {
                gallery: &planned.definition.gallery,
                name: &planned.definition.name,
            })
            .collect();
        let galleries = plan
            .galleries
            .iter()
            .rev()
            .filter(|planned| !planned.gallery.existing)
            .map(|planned| GalleryView {
                name: &planned.gallery.name,
                shared: planned
                    .sharing
                    .is_some_and(|sharing| sharing.permissions != SharingPermission::Private),
            })
            .collect();
        View {
            source: &options.source_name,
            resource_group: &plan.resource_group.name,
            other_groups: plan.other_groups.iter().map(|group| group.name).collect(),
            disk_query: DISK_QUERY,
            assignments,
            vms,
            versions,
            definitions,
            galleries,
        }
    }
}

fn scope<'a>(plan: &'a Plan<'a>, scope: Scope) -> ScopeView<'a> {
    match scope {
        Scope::Gallery(index) => ScopeView {
            az_noun: None,
            cmdlet: "Get-AzGallery",
            gallery: &plan.galleries[index].gallery.name,
            definition: None,
            version: None,
        },
        Scope::ImageDefinition(index) => {
            let definition = plan.image_definitions[index].definition;
            ScopeView {
                az_noun: Some("image-definition"),
                cmdlet: "Get-AzGalleryImageDefinition",
                gallery: &definition.gallery,
                definition: Some(&definition.name),
                version: None,
            }
        }
        Scope::ImageVersion(index) => {
            let version = plan.image_versions[index].version;
            ScopeView {
                az_noun: Some("image-version"),
                cmdlet: "Get-AzGalleryImageVersion",
                gallery: &version.gallery,
                definition: Some(&version.image_definition),
                version: Some(&version.name),
            }
        }
    }
}
