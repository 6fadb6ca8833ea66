//! The resolved plan: what every output deploys, with each default decided and each parameter and symbol
//! named, once, before any emitter runs. Emitters render a plan; none of them decides a value.

use serde::Serialize;
use sigil_core::model::{
    Architecture, AuthenticationType, FeatureName, Gallery, HostCaching, HyperVGeneration,
    ImageDefinition, ImageVersion, NsgRule, ParameterName, Region, ReplicationMode, ResourceGroup,
    ResourcePath, RoleAssignment, SecurityType, SharingPermission, Spec, StorageAccountType,
    TargetRegion, Vm,
};
use sigil_core::names::same_name;
use sigil_core::rules::{BUILT_IN_ROLE_IDS, is_guid, role_definition_id};

/// The environment variable the scripts read a VM administrator password from (the templates take it as
/// the VM's secure password parameter).
pub const PASSWORD_VARIABLE: &str = "SIGIL_ADMIN_PASSWORD";

/// Why a spec cannot be planned. A spec that passed validation only fails here for what generation does not
/// cover.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("the spec has no [resource-group]: generated deployments need its name and location")]
    NoResourceGroup,
    #[error(
        "the spec has gallery applications, which sigil checks but does not generate yet: remove the \
         [[application]] and [[application-version]] tables to generate the rest"
    )]
    Applications,
    #[error("{what} `{name}` is not defined in the spec (run `sigil validate`)")]
    Unresolved { what: &'static str, name: String },
    #[error(
        "role `{0}` is neither a built-in role sigil knows nor a role definition GUID (run `sigil validate`)"
    )]
    UnknownRole(String),
    #[error("the role assignment on `{0}` names no principal (run `sigil validate`)")]
    NoPrincipal(String),
}

/// Everything one deployment creates, in dependency order within each kind.
#[derive(Debug)]
pub struct Plan<'a> {
    pub spec: &'a Spec,
    pub resource_group: &'a ResourceGroup,
    pub galleries: Vec<GalleryPlan<'a>>,
    pub image_definitions: Vec<DefinitionPlan<'a>>,
    pub image_versions: Vec<VersionPlan<'a>>,
    /// The role definitions the role assignments use, each once, in order of first use.
    pub roles: Vec<RolePlan>,
    pub role_assignments: Vec<RoleAssignmentPlan<'a>>,
    pub vms: Vec<VmPlan<'a>>,
    /// The resource groups other than the spec's that VMs go to, each once, in order of first use.
    pub other_groups: Vec<OtherGroupPlan<'a>>,
}

/// Where a resource goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location<'a> {
    /// The spec names no region for it: the resource group's. Templates write their `location` parameter
    /// (which defaults to the resource group's location), scripts the resource group's region.
    ResourceGroup(&'a Region),
    /// The region the spec names for it, written as it is everywhere.
    Given(&'a Region),
}

impl<'a> Location<'a> {
    /// The spec's region for the resource, else the resource group's.
    fn of(given: Option<&'a Region>, resource_group: &'a ResourceGroup) -> Self {
        given.map_or(
            Location::ResourceGroup(&resource_group.location),
            Location::Given,
        )
    }

    /// The region itself.
    pub fn region(self) -> &'a Region {
        match self {
            Location::ResourceGroup(region) | Location::Given(region) => region,
        }
    }

    /// The region the spec names, if it names one.
    pub fn given(self) -> Option<&'a Region> {
        match self {
            Location::ResourceGroup(_) => None,
            Location::Given(region) => Some(region),
        }
    }
}

/// A name made from another: `{prefix}{name}{suffix}`, as `az vm create` names what it makes for a VM after
/// the VM (`{vm}VNET`), or a path after a user name. Templates build it from the parameter holding the name,
/// scripts from the name itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct NamePattern {
    pub prefix: &'static str,
    pub suffix: &'static str,
}

impl NamePattern {
    const fn new(prefix: &'static str, suffix: &'static str) -> Self {
        Self { prefix, suffix }
    }

    /// The name made from `name`.
    pub fn apply(self, name: &str) -> String {
        format!("{}{name}{}", self.prefix, self.suffix)
    }
}

/// How outputs refer to a resource: a Bicep symbol and a template parameter that holds its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Naming {
    /// The Bicep symbolic name and the variable stem in scripts: `gallery`, `imageDefinition2`.
    pub symbol: String,
    /// The template parameter: `galleryName`, `imageDefinition2Name`, `roleAssignmentPrincipalId`.
    pub parameter: String,
}

impl Naming {
    /// The `index`-th (from 0) resource of a kind: the first is `stem`, the next `stem2`, `stem3`...
    fn nth(stem: &str, index: usize, parameter_suffix: &str) -> Self {
        let symbol = if index == 0 {
            stem.to_owned()
        } else {
            format!("{stem}{}", index + 1)
        };
        let parameter = format!("{symbol}{parameter_suffix}");
        Self { symbol, parameter }
    }

    /// The same symbol, with the parameter the spec's `parameters` table names in place of sigil's, if any.
    fn named(self, parameter: Option<&ParameterName>) -> Self {
        match parameter {
            Some(parameter) => Self {
                parameter: parameter.as_str().to_owned(),
                ..self
            },
            None => self,
        }
    }
}

/// The template parameter the spec's `parameters` table names for a value that templates otherwise write
/// as a literal (a VM's size, a DNS label, a managed image): the value becomes that parameter's default.
fn named_parameter(parameter: Option<&ParameterName>) -> Option<String> {
    parameter.map(|parameter| parameter.as_str().to_owned())
}

#[derive(Debug)]
pub struct GalleryPlan<'a> {
    pub gallery: &'a Gallery,
    pub naming: Naming,
    /// `sharingProfile`, when the spec sets permissions.
    pub sharing: Option<SharingPlan<'a>>,
}

/// Who a gallery is shared with, and its `communityGalleryInfo` when the spec gives any of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SharingPlan<'a> {
    pub permissions: SharingPermission,
    pub community: Option<CommunityPlan<'a>>,
}

/// `communityGalleryInfo`: what the spec gives of it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CommunityPlan<'a> {
    pub publisher_uri: Option<&'a str>,
    /// `publisherContact`, the spec's `publisher-email`.
    pub publisher_contact: Option<&'a str>,
    pub eula: Option<&'a str>,
    pub public_name_prefix: Option<&'a str>,
}

/// A feature of an image definition as every output writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feature {
    pub name: &'static str,
    pub value: String,
}

#[derive(Debug)]
pub struct DefinitionPlan<'a> {
    pub definition: &'a ImageDefinition,
    /// Index into [`Plan::galleries`].
    pub gallery: usize,
    pub naming: Naming,
    pub hyper_v_generation: HyperVGeneration,
    pub security_type: SecurityType,
    pub architecture: Architecture,
    /// In the one order every output uses: `SecurityType`, `IsAcceleratedNetworkSupported`,
    /// `IsHibernateSupported`, `DiskControllerTypes`. `SecurityType` is always there.
    pub features: Vec<Feature>,
}

/// Where an image version's disks come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionSource<'a> {
    /// A managed image, or another gallery image version (`storageProfile.source.id`).
    ManagedImage(&'a str),
    /// A VM (`storageProfile.source.virtualMachineId`).
    VirtualMachine(&'a str),
    /// OS disk snapshot (`storageProfile.osDiskImage.source.id`), with the version's data snapshots.
    Snapshot(&'a str),
    /// A VHD in a storage account (`storageProfile.osDiskImage.source.uri` and `storageAccountId`).
    Vhd {
        uri: &'a str,
        storage_account: &'a str,
    },
}

#[derive(Debug)]
pub struct VersionPlan<'a> {
    pub version: &'a ImageVersion,
    /// Index into [`Plan::image_definitions`].
    pub definition: usize,
    pub naming: Naming,
    /// The template parameter holding the managed image's id, when the spec's `parameters` names one.
    pub managed_image_parameter: Option<String>,
    /// The version's own location: its `location`, or the resource group's.
    pub location: Location<'a>,
    /// `None` for a version made elsewhere (`existing = true`), which the deployment does not create.
    pub source: Option<VersionSource<'a>>,
    /// The version-wide publishing profile, stated in full: the CLI, PowerShell and the API default
    /// differently, so every output says the same explicit value.
    pub replica_count: u32,
    pub storage_account_type: StorageAccountType,
    pub replication_mode: ReplicationMode,
    /// The spec's, or `true` for a retired version.
    pub exclude_from_latest: bool,
    /// Never empty: the spec's, or, when it lists none, the version's own location (what the CLI sends).
    pub target_regions: Vec<TargetRegionPlan<'a>>,
}

/// A target region as every output states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TargetRegionPlan<'a> {
    /// A region the spec lists (given), or the version's own location when it lists none.
    pub location: Location<'a>,
    /// Always stated: the region's, else the version's ([`ImageVersion::replicas_in`]).
    pub replica_count: u32,
    /// As the spec gives them: unset, the version-wide values apply.
    pub storage_account_type: Option<StorageAccountType>,
    pub exclude_from_latest: Option<bool>,
}

/// What a role assignment is scoped to: an index into the plan's galleries, definitions or versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Gallery(usize),
    ImageDefinition(usize),
    ImageVersion(usize),
}

/// A role definition that role assignments use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RolePlan {
    /// The role definition GUID.
    pub definition_id: String,
    /// The built-in role's name, when it is one (scripts name built-in roles by name, as the docs do).
    pub name: Option<&'static str>,
    /// The variable every output holds the role definition's resource id in: `readerRoleDefinitionId` for a
    /// built-in role, `customRoleDefinitionId`, `customRole2DefinitionId`... for the others.
    pub variable: String,
}

#[derive(Debug)]
pub struct RoleAssignmentPlan<'a> {
    pub assignment: &'a RoleAssignment,
    pub naming: Naming,
    pub scope: Scope,
    /// Index into [`Plan::roles`].
    pub role: usize,
    /// The principal as the scripts name it (the templates take its object id from the principal parameter).
    pub principal: Principal<'a>,
}

/// Who a role assignment is for, as `az role assignment create --assignee` resolves an assignee.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Principal<'a> {
    /// The spec's `assignee-object-id`, else an `assignee` that is an object id (a GUID): the template's
    /// principal exactly.
    ObjectId(&'a str),
    /// An `assignee` with an `@`: a user's sign-in name, looked up among users.
    SignInName(&'a str),
    /// Any other `assignee`: a service principal name, looked up among service principals.
    ServicePrincipalName(&'a str),
}

/// What a role assignment's name is the GUID of, in [`ASSIGNMENT_NAME_INPUTS`] order: ARM's
/// `guid(scope id, principal id, role definition id)`, which the scripts compute the same way so that every
/// output makes the same assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignmentNameInput {
    /// The resource id of the assignment's scope.
    ScopeId,
    /// The principal's object id.
    PrincipalId,
    /// The role definition's resource id (the role's [`RolePlan::variable`]).
    RoleDefinitionId,
}

/// The arguments of a role assignment's name GUID, in order.
pub const ASSIGNMENT_NAME_INPUTS: [AssignmentNameInput; 3] = [
    AssignmentNameInput::ScopeId,
    AssignmentNameInput::PrincipalId,
    AssignmentNameInput::RoleDefinitionId,
];

/// The image a VM is created from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VmImage {
    /// The latest version of a definition (index into [`Plan::image_definitions`]).
    Latest(usize),
    /// A pinned version (index into [`Plan::image_versions`]).
    Version(usize),
}

/// A resource group other than the spec's, where VMs go. A resource group deployment cannot create a resource
/// group: the templates deploy its VMs with a nested deployment into it (a Bicep module), and it must exist
/// before them; the scripts create it.
#[derive(Debug)]
pub struct OtherGroupPlan<'a> {
    /// As the first VM in it writes it.
    pub name: &'a str,
    /// Where the scripts create it, and the README tells to create it: the location of its first VM.
    pub location: &'a Region,
    /// The template parameter holding its name: `vmResourceGroupName`, `vmResourceGroup2Name`...
    pub parameter: String,
}

/// Where a VM and its network are deployed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VmPlacement {
    /// The spec's resource group, with everything else.
    SpecGroup,
    /// Another resource group: a deployment of its own there, nested in the template's (a Bicep module).
    Nested(NestedDeployment),
}

/// The deployment that puts a VM and its network into another resource group. Its template is evaluated in
/// its own (inner) scope: it takes as parameters the template parameters its resources use, under the same
/// names, and the image's resource id, which only the outer template can build (the gallery is in the spec's
/// group).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NestedDeployment {
    /// Index into [`Plan::other_groups`].
    pub group: usize,
    /// Whether the VM is the first in its group: the scripts create the group before it.
    pub creates_group: bool,
    /// The deployment's name, and the Bicep module's symbol: `vmDeployment`.
    pub name: String,
    /// The Bicep module's file, relative to `main.bicep`: `modules/vm.bicep`.
    pub module_path: String,
    /// The inner template's parameter holding the image's resource id.
    pub image_parameter: &'static str,
}

#[derive(Debug)]
pub struct VmPlan<'a> {
    pub vm: &'a Vm,
    pub naming: Naming,
    pub image: VmImage,
    /// Index into [`Plan::image_definitions`]: the definition the image belongs to.
    pub definition: usize,
    /// For a VM from `latest`, the versions of its definition this deployment makes (indexes into
    /// [`Plan::image_versions`]): `latest` resolves only once one exists, so the VM waits for them, which no
    /// reference says. Empty for a pinned version.
    pub latest_versions: Vec<usize>,
    /// For a VM from a pinned version, the LUNs of the data disks made from its data disk images, one per
    /// image, as `az vm create` sends them.
    pub data_disk_luns: Vec<u32>,
    pub size: &'a str,
    /// The template parameter holding the size, when the spec's `parameters` names one.
    pub size_parameter: Option<String>,
    /// The public IP's DNS name label, when the spec gives one.
    pub dns_label: Option<&'a str>,
    /// The template parameter holding the DNS name label, when the spec's `parameters` names one.
    pub dns_label_parameter: Option<String>,
    pub location: Location<'a>,
    /// The resource group the scripts create the VM in, as the spec writes it.
    pub resource_group: &'a str,
    /// The spec's resource group, or another one through a nested deployment.
    pub placement: VmPlacement,
    /// The OS disk's caching, as `az vm create` sets it.
    pub os_disk_caching: HostCaching,
    /// `None` for specialized images, which keep the accounts they were captured with.
    pub os_profile: Option<OsProfilePlan<'a>>,
    /// Trusted Launch when the image definition requires it (`az vm create` does not infer it).
    pub security_profile: Option<SecurityProfilePlan>,
    pub network: NetworkPlan,
}

impl VmPlan<'_> {
    /// How the admin signs in; `None` for specialized images.
    pub fn authentication(&self) -> Option<AuthenticationType> {
        self.os_profile
            .as_ref()
            .map(|profile| match profile.credential {
                Credential::Password { .. } => AuthenticationType::Password,
                Credential::Ssh { .. } => AuthenticationType::Ssh,
            })
    }
}

/// The OS profile of a VM from a generalized image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OsProfilePlan<'a> {
    /// The computer name `az vm create` derives from the VM name (without the characters it removes), when
    /// it differs from the name; `None` when it is the name itself.
    pub computer_name: Option<String>,
    pub admin_username: &'a str,
    /// The template parameter holding the admin user name: `vmAdminUsername`.
    pub admin_username_parameter: String,
    pub credential: Credential<'a>,
}

/// How the admin signs in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential<'a> {
    /// A password, never in the spec: the templates' secure `parameter` (`vmAdminPassword`), the scripts'
    /// environment variable [`PASSWORD_VARIABLE`].
    Password { parameter: String },
    /// SSH keys only, password sign-in disabled: the spec's public key, when it gives one, authorized at
    /// `path` made from the admin user name.
    Ssh {
        public_key: Option<&'a str>,
        path: NamePattern,
    },
}

/// `securityProfile` of a VM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SecurityProfilePlan {
    pub security_type: SecurityType,
    pub secure_boot: bool,
    pub vtpm: bool,
}

/// The network `az vm create` makes for a VM, named after it as the CLI names it: a virtual network with one
/// subnet, a network security group (with the spec's `nsg-rule`, by default the SSH or RDP rule only when the
/// VM has a public IP: nothing is open to the internet otherwise), the public IP when asked, and a NIC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct NetworkPlan {
    pub virtual_network: NamePattern,
    pub address_prefix: &'static str,
    pub subnet: NamePattern,
    pub subnet_prefix: &'static str,
    pub security_group: NamePattern,
    /// The spec's `nsg-rule`, or the default of [`Vm::nsg_rule`].
    pub nsg_rule: NsgRule,
    /// The rule `nsg_rule` opens.
    pub remote_access: Option<RemoteAccessRule>,
    pub public_ip: Option<PublicIpPlan>,
    pub interface: NamePattern,
    pub ip_configuration: NamePattern,
    pub private_ip_allocation: &'static str,
}

/// The inbound rule `az vm create` opens for a VM with a public IP: `protocol` on `port`, from anywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RemoteAccessRule {
    pub name: &'static str,
    pub protocol: &'static str,
    pub port: &'static str,
    pub priority: u32,
}

/// The public IP address `az vm create` makes for a VM when asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PublicIpPlan {
    pub name: NamePattern,
    pub sku: &'static str,
    pub allocation: &'static str,
}

impl<'a> Plan<'a> {
    /// Resolves a spec that passed validation.
    pub fn new(spec: &'a Spec) -> Result<Self, PlanError> {
        let resource_group = spec
            .resource_group
            .as_ref()
            .ok_or(PlanError::NoResourceGroup)?;
        if !spec.applications.is_empty() || !spec.application_versions.is_empty() {
            return Err(PlanError::Applications);
        }
        let galleries: Vec<GalleryPlan<'a>> = spec
            .galleries
            .iter()
            .enumerate()
            .map(|(index, gallery)| GalleryPlan {
                gallery,
                naming: Naming::nth("gallery", index, "Name")
                    .named(gallery.parameters.name.as_ref()),
                sharing: sharing(gallery),
            })
            .collect();
        let image_definitions = spec
            .image_definitions
            .iter()
            .enumerate()
            .map(|(index, definition)| plan_definition(spec, index, definition))
            .collect::<Result<Vec<_>, _>>()?;
        let image_versions = spec
            .image_versions
            .iter()
            .enumerate()
            .map(|(index, version)| plan_version(spec, resource_group, index, version))
            .collect::<Result<Vec<_>, _>>()?;
        let mut roles = Vec::new();
        let role_assignments = spec
            .role_assignments
            .iter()
            .enumerate()
            .map(|(index, assignment)| plan_role_assignment(spec, index, assignment, &mut roles))
            .collect::<Result<Vec<_>, _>>()?;
        let mut other_groups = Vec::new();
        let vms = spec
            .vms
            .iter()
            .enumerate()
            .map(|(index, vm)| {
                plan_vm(
                    spec,
                    resource_group,
                    &image_versions,
                    &mut other_groups,
                    index,
                    vm,
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Plan {
            spec,
            resource_group,
            galleries,
            image_definitions,
            image_versions,
            roles,
            role_assignments,
            vms,
            other_groups,
        })
    }

    pub fn gallery_of(&self, definition: &DefinitionPlan<'_>) -> &GalleryPlan<'a> {
        &self.galleries[definition.gallery]
    }

    pub fn definition_of(&self, version: &VersionPlan<'_>) -> &DefinitionPlan<'a> {
        &self.image_definitions[version.definition]
    }

    pub fn role_of(&self, assignment: &RoleAssignmentPlan<'_>) -> &RolePlan {
        &self.roles[assignment.role]
    }

    /// The nested deployment of a VM in another resource group, with that group; `None` for a VM in the
    /// spec's group.
    pub fn nested_deployment_of<'p>(
        &'p self,
        vm: &'p VmPlan<'_>,
    ) -> Option<(&'p NestedDeployment, &'p OtherGroupPlan<'a>)> {
        match &vm.placement {
            VmPlacement::SpecGroup => None,
            VmPlacement::Nested(nested) => Some((nested, &self.other_groups[nested.group])),
        }
    }

    /// The location of the resource group a VM is created in.
    pub fn group_location_of(&self, vm: &VmPlan<'_>) -> &'a Region {
        match &vm.placement {
            VmPlacement::SpecGroup => &self.resource_group.location,
            VmPlacement::Nested(nested) => self.other_groups[nested.group].location,
        }
    }

    /// The naming of what a role assignment is scoped to.
    pub fn scope_naming(&self, scope: Scope) -> &Naming {
        match scope {
            Scope::Gallery(index) => &self.galleries[index].naming,
            Scope::ImageDefinition(index) => &self.image_definitions[index].naming,
            Scope::ImageVersion(index) => &self.image_versions[index].naming,
        }
    }

    /// Whether the deployment creates the resource, rather than referring to one made elsewhere
    /// (`existing = true`).
    pub fn creates(&self, scope: Scope) -> bool {
        match scope {
            Scope::Gallery(index) => !self.galleries[index].gallery.existing,
            Scope::ImageDefinition(index) => !self.image_definitions[index].definition.existing,
            Scope::ImageVersion(index) => !self.image_versions[index].version.existing,
        }
    }

    /// What a resource on or under `scope` waits for: `scope` itself when the deployment creates it, else
    /// the nearest parent it creates (an existing definition in a gallery the deployment creates is there only
    /// once the gallery is), else nothing.
    pub fn waited_for(&self, scope: Scope) -> Option<Scope> {
        if self.creates(scope) {
            return Some(scope);
        }
        match scope {
            Scope::Gallery(_) => None,
            Scope::ImageDefinition(index) => {
                self.waited_for(Scope::Gallery(self.image_definitions[index].gallery))
            }
            Scope::ImageVersion(index) => self.waited_for(Scope::ImageDefinition(
                self.image_versions[index].definition,
            )),
        }
    }
}

/// A gallery's sharing profile: its permissions, with whatever community information the spec gives.
fn sharing(gallery: &Gallery) -> Option<SharingPlan<'_>> {
    let community = CommunityPlan {
        publisher_uri: gallery.publisher_uri.as_deref(),
        publisher_contact: gallery.publisher_email.as_deref(),
        eula: gallery.eula.as_deref(),
        public_name_prefix: gallery.public_name_prefix.as_deref(),
    };
    let given = community.publisher_uri.is_some()
        || community.publisher_contact.is_some()
        || community.eula.is_some()
        || community.public_name_prefix.is_some();
    gallery.permissions.map(|permissions| SharingPlan {
        permissions,
        community: given.then_some(community),
    })
}

fn gallery_index(spec: &Spec, name: &str) -> Result<usize, PlanError> {
    spec.galleries
        .iter()
        .position(|gallery| same_name(&gallery.name, name))
        .ok_or_else(|| PlanError::Unresolved {
            what: "gallery",
            name: name.to_owned(),
        })
}

fn definition_index(spec: &Spec, gallery: &str, name: &str) -> Result<usize, PlanError> {
    spec.image_definitions
        .iter()
        .position(|definition| {
            same_name(&definition.gallery, gallery) && same_name(&definition.name, name)
        })
        .ok_or_else(|| PlanError::Unresolved {
            what: "image definition",
            name: format!("{gallery}/{name}"),
        })
}

fn version_index(
    spec: &Spec,
    gallery: &str,
    definition: &str,
    name: &str,
) -> Result<usize, PlanError> {
    spec.image_versions
        .iter()
        .position(|version| {
            same_name(&version.gallery, gallery)
                && same_name(&version.image_definition, definition)
                && same_name(&version.name, name)
        })
        .ok_or_else(|| PlanError::Unresolved {
            what: "image version",
            name: format!("{gallery}/{definition}/{name}"),
        })
}

fn plan_definition<'a>(
    spec: &Spec,
    index: usize,
    definition: &'a ImageDefinition,
) -> Result<DefinitionPlan<'a>, PlanError> {
    Ok(DefinitionPlan {
        definition,
        gallery: gallery_index(spec, &definition.gallery)?,
        naming: Naming::nth("imageDefinition", index, "Name")
            .named(definition.parameters.name.as_ref()),
        hyper_v_generation: definition.hyper_v_generation(),
        security_type: definition.security_type(),
        architecture: definition.architecture(),
        features: features(definition),
    })
}

/// Booleans as the service documents them and the CLI sends them: `True`, `False`.
fn flag(value: bool) -> String {
    if value { "True" } else { "False" }.to_owned()
}

fn features(definition: &ImageDefinition) -> Vec<Feature> {
    FeatureName::ALL
        .into_iter()
        .filter_map(|feature| {
            let value = feature_value(definition, feature)?;
            Some(Feature {
                name: feature.service_name(),
                value,
            })
        })
        .collect()
}

/// A feature's value as every output writes it, `None` when the spec leaves it unsaid. The security type
/// is always said: the plan's explicit default.
fn feature_value(definition: &ImageDefinition, feature: FeatureName) -> Option<String> {
    let given = &definition.features;
    match feature {
        FeatureName::SecurityType => Some(definition.security_type().as_str().to_owned()),
        FeatureName::AcceleratedNetworking => given.accelerated_networking.map(flag),
        FeatureName::Hibernation => given.hibernation.map(flag),
        FeatureName::DiskControllerTypes => {
            given.disk_controller_types.as_ref().map(|controllers| {
                let mut controllers = controllers.clone();
                controllers.sort_unstable();
                controllers.dedup();
                let names: Vec<&str> = controllers
                    .iter()
                    .map(|controller| controller.as_str())
                    .collect();
                names.join(",")
            })
        }
    }
}

fn plan_version<'a>(
    spec: &Spec,
    resource_group: &'a ResourceGroup,
    index: usize,
    version: &'a ImageVersion,
) -> Result<VersionPlan<'a>, PlanError> {
    let location = Location::of(version.location.as_ref(), resource_group);
    let replica_count = version.replica_count.unwrap_or(1);
    Ok(VersionPlan {
        version,
        definition: definition_index(spec, &version.gallery, &version.image_definition)?,
        naming: Naming::nth("imageVersion", index, "Name").named(version.parameters.name.as_ref()),
        managed_image_parameter: named_parameter(version.parameters.managed_image.as_ref())
            .filter(|_| version.managed_image.is_some()),
        location,
        source: if version.existing {
            None
        } else {
            Some(version_source(version)?)
        },
        replica_count,
        storage_account_type: version.storage_account_type(),
        replication_mode: version.replication_mode(),
        exclude_from_latest: version.exclude_from_latest(),
        target_regions: target_regions(version, location, replica_count),
    })
}

fn version_source(version: &ImageVersion) -> Result<VersionSource<'_>, PlanError> {
    if let Some(image) = &version.managed_image {
        Ok(VersionSource::ManagedImage(image))
    } else if let Some(vm) = &version.virtual_machine {
        Ok(VersionSource::VirtualMachine(vm))
    } else if let Some(snapshot) = &version.os_snapshot {
        Ok(VersionSource::Snapshot(snapshot))
    } else if let (Some(uri), Some(storage_account)) =
        (&version.os_vhd_uri, &version.os_vhd_storage_account)
    {
        Ok(VersionSource::Vhd {
            uri,
            storage_account,
        })
    } else {
        Err(PlanError::Unresolved {
            what: "source of image version",
            name: version.name.to_string(),
        })
    }
}

/// The spec's target regions, each replica count stated; with none listed, the version's own location with
/// the version-wide count.
fn target_regions<'a>(
    version: &'a ImageVersion,
    location: Location<'a>,
    replica_count: u32,
) -> Vec<TargetRegionPlan<'a>> {
    if version.target_regions.is_empty() {
        return vec![TargetRegionPlan {
            location,
            replica_count,
            storage_account_type: None,
            exclude_from_latest: None,
        }];
    }
    version
        .target_regions
        .iter()
        .map(|region: &'a TargetRegion| TargetRegionPlan {
            location: Location::Given(&region.name),
            replica_count: version.replicas_in(region),
            storage_account_type: region.storage_account_type,
            exclude_from_latest: region.exclude_from_latest,
        })
        .collect()
}

fn plan_role_assignment<'a>(
    spec: &Spec,
    index: usize,
    assignment: &'a RoleAssignment,
    roles: &mut Vec<RolePlan>,
) -> Result<RoleAssignmentPlan<'a>, PlanError> {
    let scope = match &assignment.scope {
        ResourcePath::Gallery(gallery) => Scope::Gallery(gallery_index(spec, gallery)?),
        ResourcePath::ImageDefinition(gallery, definition) => {
            Scope::ImageDefinition(definition_index(spec, gallery, definition)?)
        }
        ResourcePath::ImageVersion(gallery, definition, version) => {
            Scope::ImageVersion(version_index(spec, gallery, definition, version)?)
        }
    };
    let definition_id = role_definition_id(&assignment.role)
        .ok_or_else(|| PlanError::UnknownRole(assignment.role.clone()))?;
    Ok(RoleAssignmentPlan {
        assignment,
        naming: Naming::nth("roleAssignment", index, "PrincipalId")
            .named(assignment.parameters.assignee_object_id.as_ref()),
        scope,
        role: role_index(roles, definition_id),
        principal: principal(
            assignment.assignee_object_id.as_deref(),
            assignment.assignee.as_deref(),
        )
        .ok_or_else(|| PlanError::NoPrincipal(assignment.scope.to_string()))?,
    })
}

/// The index of a role definition in `roles`, added the first time it is used.
fn role_index(roles: &mut Vec<RolePlan>, definition_id: String) -> usize {
    if let Some(index) = roles
        .iter()
        .position(|role| role.definition_id == definition_id)
    {
        return index;
    }
    let name = BUILT_IN_ROLE_IDS
        .iter()
        .find(|(_, id)| *id == definition_id)
        .map(|(name, _)| *name);
    let variable = match name {
        Some(name) => format!("{}RoleDefinitionId", lower_camel(name)),
        None => match 1 + roles.iter().filter(|role| role.name.is_none()).count() {
            1 => "customRoleDefinitionId".to_owned(),
            custom => format!("customRole{custom}DefinitionId"),
        },
    };
    roles.push(RolePlan {
        definition_id,
        name,
        variable,
    });
    roles.len() - 1
}

/// `Compute Gallery Sharing Admin` → `computeGallerySharingAdmin`.
fn lower_camel(words: &str) -> String {
    let mut camel = String::with_capacity(words.len());
    for (index, word) in words
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .enumerate()
    {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            if index == 0 {
                camel.push(first.to_ascii_lowercase());
            } else {
                camel.push(first.to_ascii_uppercase());
            }
            camel.extend(chars);
        }
    }
    camel
}

/// The principal as the CLI resolves `--assignee`: the object id when the spec gives one, else the assignee
/// as an object id (a GUID), a sign-in name (with an `@`) or a service principal name; `None` when the spec
/// names neither.
fn principal<'a>(object_id: Option<&'a str>, assignee: Option<&'a str>) -> Option<Principal<'a>> {
    if let Some(object_id) = object_id {
        return Some(Principal::ObjectId(object_id));
    }
    assignee.map(|assignee| {
        if is_guid(assignee) {
            Principal::ObjectId(assignee)
        } else if assignee.contains('@') {
            Principal::SignInName(assignee)
        } else {
            Principal::ServicePrincipalName(assignee)
        }
    })
}

fn plan_vm<'a>(
    spec: &'a Spec,
    resource_group: &'a ResourceGroup,
    versions: &[VersionPlan<'a>],
    other_groups: &mut Vec<OtherGroupPlan<'a>>,
    index: usize,
    vm: &'a Vm,
) -> Result<VmPlan<'a>, PlanError> {
    let location = Location::of(vm.location.as_ref(), resource_group);
    let naming = Naming::nth("vm", index, "Name").named(vm.parameters.name.as_ref());
    let placement = placement(vm, resource_group, location, &naming, other_groups);
    let image = &vm.image;
    let definition = definition_index(spec, &image.gallery, &image.image_definition)?;
    let vm_image = match &image.version {
        None => VmImage::Latest(definition),
        Some(version) => VmImage::Version(version_index(
            spec,
            &image.gallery,
            &image.image_definition,
            version,
        )?),
    };
    let definition_spec = &spec.image_definitions[definition];
    let os_profile = vm
        .authentication_type(definition_spec)
        .map(|authentication| os_profile(vm, &naming, authentication));
    Ok(VmPlan {
        vm,
        image: vm_image,
        definition,
        latest_versions: latest_versions(versions, vm_image),
        data_disk_luns: data_disk_luns(versions, vm_image),
        size: vm.size(definition_spec),
        size_parameter: named_parameter(vm.parameters.size.as_ref()),
        dns_label: vm.dns_label.as_deref().filter(|_| vm.public_ip),
        dns_label_parameter: named_parameter(vm.parameters.dns_label.as_ref())
            .filter(|_| vm.public_ip && vm.dns_label.is_some()),
        location,
        resource_group: vm.resource_group.as_deref().unwrap_or(&resource_group.name),
        placement,
        os_disk_caching: HostCaching::ReadWrite,
        os_profile,
        security_profile: security_profile(definition_spec),
        network: network(vm, vm.nsg_rule(definition_spec.os_type)),
        naming,
    })
}

/// The spec's group for a VM that names none or names it (in any case); otherwise a nested deployment into
/// the VM's group, added to `other_groups` the first time a VM names it.
fn placement<'a>(
    vm: &'a Vm,
    resource_group: &ResourceGroup,
    location: Location<'a>,
    naming: &Naming,
    other_groups: &mut Vec<OtherGroupPlan<'a>>,
) -> VmPlacement {
    let Some(name) = vm
        .resource_group
        .as_deref()
        .filter(|name| !same_name(name, &resource_group.name))
    else {
        return VmPlacement::SpecGroup;
    };
    let known = other_groups
        .iter()
        .position(|group| same_name(group.name, name));
    let group = known.unwrap_or_else(|| {
        other_groups.push(OtherGroupPlan {
            name,
            location: location.region(),
            parameter: Naming::nth("vmResourceGroup", other_groups.len(), "Name").parameter,
        });
        other_groups.len() - 1
    });
    VmPlacement::Nested(NestedDeployment {
        group,
        creates_group: known.is_none(),
        name: format!("{}Deployment", naming.symbol),
        module_path: format!("modules/{}.bicep", naming.symbol),
        image_parameter: "imageId",
    })
}

/// For `latest`, the versions of the definition this deployment makes (not those made elsewhere).
fn latest_versions(versions: &[VersionPlan<'_>], image: VmImage) -> Vec<usize> {
    let VmImage::Latest(definition) = image else {
        return Vec::new();
    };
    versions
        .iter()
        .enumerate()
        .filter(|(_, version)| version.definition == definition && version.source.is_some())
        .map(|(index, _)| index)
        .collect()
}

/// For a pinned version, one data disk per data disk image of the version; none for a version made
/// elsewhere, whose data disk images the spec does not state.
fn data_disk_luns(versions: &[VersionPlan<'_>], image: VmImage) -> Vec<u32> {
    let VmImage::Version(version) = image else {
        return Vec::new();
    };
    if versions[version].version.existing {
        return Vec::new();
    }
    versions[version]
        .version
        .data_snapshots
        .iter()
        .map(|disk| disk.lun)
        .collect()
}

fn os_profile<'a>(
    vm: &'a Vm,
    naming: &Naming,
    authentication: AuthenticationType,
) -> OsProfilePlan<'a> {
    let credential = match authentication {
        AuthenticationType::Password => Credential::Password {
            parameter: named_parameter(vm.parameters.admin_password.as_ref())
                .unwrap_or_else(|| format!("{}AdminPassword", naming.symbol)),
        },
        AuthenticationType::Ssh => Credential::Ssh {
            public_key: vm.ssh_key_value.as_deref(),
            path: NamePattern::new("/home/", "/.ssh/authorized_keys"),
        },
    };
    OsProfilePlan {
        computer_name: computer_name(&vm.name),
        admin_username: vm.admin_username.as_deref().unwrap_or_default(),
        admin_username_parameter: named_parameter(vm.parameters.admin_username.as_ref())
            .unwrap_or_else(|| format!("{}AdminUsername", naming.symbol)),
        credential,
    }
}

/// The computer name `az vm create` derives from a VM name (the name without the characters it removes), when
/// that differs from the name.
fn computer_name(vm_name: &str) -> Option<String> {
    const REMOVED: &str = "`~!@#$%^&*()=+_[]{}\\|;:'\",<>/?";
    let computer: String = vm_name.chars().filter(|c| !REMOVED.contains(*c)).collect();
    (computer != vm_name).then_some(computer)
}

/// A definition that only runs as Trusted Launch needs a Trusted Launch VM, with secure boot and vTPM (`az vm
/// create --security-type TrustedLaunch --enable-secure-boot true --enable-vtpm true`).
fn security_profile(definition: &ImageDefinition) -> Option<SecurityProfilePlan> {
    (definition.security_type() == SecurityType::TrustedLaunch).then_some(SecurityProfilePlan {
        security_type: SecurityType::TrustedLaunch,
        secure_boot: true,
        vtpm: true,
    })
}

fn network(vm: &Vm, nsg_rule: NsgRule) -> NetworkPlan {
    NetworkPlan {
        virtual_network: NamePattern::new("", "VNET"),
        address_prefix: "10.0.0.0/16",
        subnet: NamePattern::new("", "Subnet"),
        subnet_prefix: "10.0.0.0/24",
        security_group: NamePattern::new("", "NSG"),
        nsg_rule,
        remote_access: remote_access_rule(nsg_rule),
        public_ip: vm.public_ip.then_some(PublicIpPlan {
            name: NamePattern::new("", "PublicIP"),
            sku: "Standard",
            allocation: "Static",
        }),
        interface: NamePattern::new("", "VMNic"),
        ip_configuration: NamePattern::new("ipconfig", ""),
        private_ip_allocation: "Dynamic",
    }
}

/// The inbound rule `az vm create --nsg-rule` opens, named as the CLI names it; none for `None`.
fn remote_access_rule(nsg_rule: NsgRule) -> Option<RemoteAccessRule> {
    let (name, port) = match nsg_rule {
        NsgRule::Ssh => ("default-allow-ssh", "22"),
        NsgRule::Rdp => ("rdp", "3389"),
        NsgRule::None => return None,
    };
    Some(RemoteAccessRule {
        name,
        protocol: "Tcp",
        port,
        priority: 1000,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn principals_resolve_as_the_cli_resolves_assignees() {
        let object_id = "11111111-2222-3333-4444-555555555555";
        assert_eq!(
            principal(Some(object_id), Some("someone@example.com")),
            Some(Principal::ObjectId(object_id))
        );
        assert_eq!(
            principal(None, Some(object_id)),
            Some(Principal::ObjectId(object_id))
        );
        assert_eq!(
            principal(None, Some("someone@example.com")),
            Some(Principal::SignInName("someone@example.com"))
        );
        assert_eq!(
            principal(None, Some("http://app")),
            Some(Principal::ServicePrincipalName("http://app"))
        );
        assert_eq!(principal(None, None), None);
    }

    #[test]
    fn role_variables_are_named_after_the_role() {
        assert_eq!(lower_camel("Reader"), "reader");
        assert_eq!(
            lower_camel("Compute Gallery Sharing Admin"),
            "computeGallerySharingAdmin"
        );
    }

    #[test]
    fn roles_are_listed_once_and_custom_roles_numbered() {
        let mut roles = Vec::new();
        let custom = "11111111-2222-3333-4444-555555555555";
        let other = "66666666-2222-3333-4444-555555555555";
        let reader = BUILT_IN_ROLE_IDS[0].1;
        let indexes: Vec<usize> = [custom, reader, custom, other]
            .into_iter()
            .map(|id| role_index(&mut roles, id.to_owned()))
            .collect();
        assert_eq!(indexes, [0, 1, 0, 2]);
        let variables: Vec<&str> = roles.iter().map(|role| role.variable.as_str()).collect();
        assert_eq!(
            variables,
            [
                "customRoleDefinitionId",
                "readerRoleDefinitionId",
                "customRole2DefinitionId"
            ]
        );
    }

    #[test]
    fn computer_names_drop_what_az_vm_create_removes() {
        assert_eq!(computer_name("win-test-01"), None);
        assert_eq!(computer_name("web_01.x"), Some("web01.x".to_owned()));
    }

    #[test]
    fn vms_in_other_groups_share_a_group_named_alike_and_the_first_vm_places_it() {
        let spec: Spec = toml::from_str(
            r#"
            [resource-group]
            name = "rg"
            location = "eastus"

            [[gallery]]
            name = "g"

            [[image-definition]]
            gallery = "g"
            name = "d"
            publisher = "p"
            offer = "o"
            sku = "s"
            os-type = "Linux"
            os-state = "Specialized"

            [[vm]]
            name = "a"
            image = "g/d"
            resource-group = "Other"
            location = "westus2"

            [[vm]]
            name = "b"
            image = "g/d"
            resource-group = "RG"

            [[vm]]
            name = "c"
            image = "g/d"
            resource-group = "other"

            [[vm]]
            name = "d"
            image = "g/d"
            resource-group = "third"
            "#,
        )
        .unwrap();
        let plan = Plan::new(&spec).unwrap();
        let groups: Vec<(&str, &str, &str)> = plan
            .other_groups
            .iter()
            .map(|group| {
                (
                    group.name,
                    group.location.as_str(),
                    group.parameter.as_str(),
                )
            })
            .collect();
        assert_eq!(
            groups,
            [
                ("Other", "westus2", "vmResourceGroupName"),
                ("third", "eastus", "vmResourceGroup2Name")
            ]
        );
        let placements: Vec<Option<(usize, bool, &str)>> = plan
            .vms
            .iter()
            .map(|vm| match &vm.placement {
                VmPlacement::SpecGroup => None,
                VmPlacement::Nested(nested) => Some((
                    nested.group,
                    nested.creates_group,
                    nested.module_path.as_str(),
                )),
            })
            .collect();
        assert_eq!(
            placements,
            [
                Some((0, true, "modules/vm.bicep")),
                None,
                Some((0, false, "modules/vm3.bicep")),
                Some((1, true, "modules/vm4.bicep"))
            ]
        );
        assert_eq!(plan.group_location_of(&plan.vms[2]).as_str(), "westus2");
        assert_eq!(plan.group_location_of(&plan.vms[1]).as_str(), "eastus");
    }

    #[test]
    fn default_names_are_the_cores() {
        use sigil_core::model::ResourceKind;
        for index in 0..3 {
            for (kind, stem, suffix, key) in [
                (ResourceKind::Gallery, "gallery", "Name", "name"),
                (ResourceKind::ImageVersion, "imageVersion", "Name", "name"),
                (
                    ResourceKind::RoleAssignment,
                    "roleAssignment",
                    "PrincipalId",
                    "assignee-object-id",
                ),
                (ResourceKind::Vm, "vm", "Name", "name"),
            ] {
                let naming = Naming::nth(stem, index, suffix);
                assert_eq!(naming.symbol, kind.symbol(index));
                assert_eq!(Some(naming.parameter), kind.default_parameter(index, key));
            }
        }
    }

    #[test]
    fn parameters_tables_name_the_template_parameters() {
        let spec: Spec = toml::from_str(
            r#"
            [resource-group]
            name = "rg"
            location = "eastus"

            [[gallery]]
            name = "g"
            parameters = { name = "existingGalleryName" }

            [[image-definition]]
            gallery = "g"
            name = "d"
            publisher = "p"
            offer = "o"
            sku = "s"
            os-type = "Windows"
            os-state = "Generalized"

            [[image-version]]
            gallery = "g"
            image-definition = "d"
            name = "1.0.0"
            managed-image = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Compute/images/i"
            parameters = { managed-image = "existingManagedImageID" }

            [[vm]]
            name = "a"
            image = "g/d"
            admin-username = "azureuser"
            public-ip = true
            dns-label = "my-vm"
            parameters = { size = "vmSize", admin-username = "adminUsername", admin-password = "adminPassword", dns-label = "dnsLabelPrefix" }

            [[vm]]
            name = "b"
            image = "g/d"
            admin-username = "azureuser"
            "#,
        )
        .unwrap();
        let plan = Plan::new(&spec).unwrap();
        assert_eq!(plan.galleries[0].naming.symbol, "gallery");
        assert_eq!(plan.galleries[0].naming.parameter, "existingGalleryName");
        assert_eq!(
            plan.image_definitions[0].naming.parameter,
            "imageDefinitionName"
        );
        assert_eq!(
            plan.image_versions[0].managed_image_parameter.as_deref(),
            Some("existingManagedImageID")
        );
        let [named, unnamed] = plan.vms.as_slice() else {
            panic!("two VMs")
        };
        assert_eq!(named.naming.parameter, "vmName");
        assert_eq!(named.size_parameter.as_deref(), Some("vmSize"));
        assert_eq!(named.dns_label, Some("my-vm"));
        assert_eq!(named.dns_label_parameter.as_deref(), Some("dnsLabelPrefix"));
        let profile = named.os_profile.as_ref().unwrap();
        assert_eq!(profile.admin_username_parameter, "adminUsername");
        assert_eq!(
            profile.credential,
            Credential::Password {
                parameter: "adminPassword".to_owned()
            }
        );
        assert_eq!(named.network.nsg_rule, NsgRule::Rdp);
        assert_eq!(unnamed.naming.parameter, "vm2Name");
        assert_eq!(unnamed.size_parameter, None);
        assert_eq!(
            unnamed
                .os_profile
                .as_ref()
                .unwrap()
                .admin_username_parameter,
            "vm2AdminUsername"
        );
        assert_eq!(unnamed.network.nsg_rule, NsgRule::None);
        assert_eq!(unnamed.network.remote_access, None);
    }

    #[test]
    fn nsg_rules_open_what_az_vm_create_opens() {
        assert_eq!(remote_access_rule(NsgRule::None), None);
        let ssh = remote_access_rule(NsgRule::Ssh).unwrap();
        assert_eq!((ssh.name, ssh.port), ("default-allow-ssh", "22"));
        let rdp = remote_access_rule(NsgRule::Rdp).unwrap();
        assert_eq!((rdp.name, rdp.port), ("rdp", "3389"));
    }

    #[test]
    fn name_patterns_put_the_name_between_prefix_and_suffix() {
        assert_eq!(NamePattern::new("", "VNET").apply("vm1"), "vm1VNET");
        assert_eq!(NamePattern::new("ipconfig", "").apply("vm1"), "ipconfigvm1");
    }
}
