//! The resolved plan: what every output deploys, with each default decided and each parameter and symbol
//! named, once, before any emitter runs. Emitters render a plan; none of them decides a value.

use sigil_core::model::{
    Architecture, AuthenticationType, Gallery, HyperVGeneration, ImageDefinition, ImageVersion,
    Region, ReplicationMode, ResourceGroup, ResourcePath, RoleAssignment, SecurityType, Spec,
    StorageAccountType, Vm,
};
use sigil_core::names::same_name;
use sigil_core::rules::{BUILT_IN_ROLE_IDS, role_definition_id};

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
}

/// Everything one deployment creates, in dependency order within each kind.
#[derive(Debug)]
pub struct Plan<'a> {
    pub spec: &'a Spec,
    pub resource_group: &'a ResourceGroup,
    pub galleries: Vec<GalleryPlan<'a>>,
    pub image_definitions: Vec<DefinitionPlan<'a>>,
    pub image_versions: Vec<VersionPlan<'a>>,
    pub role_assignments: Vec<RoleAssignmentPlan<'a>>,
    pub vms: Vec<VmPlan<'a>>,
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
}

#[derive(Debug)]
pub struct GalleryPlan<'a> {
    pub gallery: &'a Gallery,
    pub naming: Naming,
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
    /// The version's own location: its `location`, or the resource group's.
    pub location: &'a Region,
    pub source: VersionSource<'a>,
    /// The version-wide publishing profile, stated in full: the CLI, PowerShell and the API default
    /// differently, so every output says the same explicit value.
    pub replica_count: u32,
    pub storage_account_type: StorageAccountType,
    pub replication_mode: ReplicationMode,
    pub exclude_from_latest: bool,
}

/// What a role assignment is scoped to: an index into the plan's galleries, definitions or versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Gallery(usize),
    ImageDefinition(usize),
    ImageVersion(usize),
}

#[derive(Debug)]
pub struct RoleAssignmentPlan<'a> {
    pub assignment: &'a RoleAssignment,
    pub naming: Naming,
    pub scope: Scope,
    /// The role definition GUID.
    pub role_definition_id: String,
    /// The built-in role's name, when it is one (scripts name built-in roles by name, as the docs do).
    pub role_name: Option<&'static str>,
}

/// The image a VM is created from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VmImage {
    /// The latest version of a definition (index into [`Plan::image_definitions`]).
    Latest(usize),
    /// A pinned version (index into [`Plan::image_versions`]).
    Version(usize),
}

#[derive(Debug)]
pub struct VmPlan<'a> {
    pub vm: &'a Vm,
    pub naming: Naming,
    pub image: VmImage,
    /// Index into [`Plan::image_definitions`]: the definition the image belongs to.
    pub definition: usize,
    pub size: &'a str,
    /// `None` for specialized images, which take no credentials.
    pub authentication: Option<AuthenticationType>,
    pub location: &'a Region,
    pub resource_group: &'a str,
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
                naming: Naming::nth("gallery", index, "Name"),
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
        let role_assignments = spec
            .role_assignments
            .iter()
            .enumerate()
            .map(|(index, assignment)| plan_role_assignment(spec, index, assignment))
            .collect::<Result<Vec<_>, _>>()?;
        let vms = spec
            .vms
            .iter()
            .enumerate()
            .map(|(index, vm)| plan_vm(spec, resource_group, index, vm))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Plan {
            spec,
            resource_group,
            galleries,
            image_definitions,
            image_versions,
            role_assignments,
            vms,
        })
    }

    pub fn gallery_of(&self, definition: &DefinitionPlan<'_>) -> &GalleryPlan<'a> {
        &self.galleries[definition.gallery]
    }

    pub fn definition_of(&self, version: &VersionPlan<'_>) -> &DefinitionPlan<'a> {
        &self.image_definitions[version.definition]
    }
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
        naming: Naming::nth("imageDefinition", index, "Name"),
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
    let given = &definition.features;
    let mut features = vec![Feature {
        name: "SecurityType",
        value: definition.security_type().as_str().to_owned(),
    }];
    if let Some(accelerated) = given.accelerated_networking {
        features.push(Feature {
            name: "IsAcceleratedNetworkSupported",
            value: flag(accelerated),
        });
    }
    if let Some(hibernation) = given.hibernation {
        features.push(Feature {
            name: "IsHibernateSupported",
            value: flag(hibernation),
        });
    }
    if let Some(controllers) = &given.disk_controller_types {
        let mut controllers = controllers.clone();
        controllers.sort_unstable();
        controllers.dedup();
        let value = controllers
            .iter()
            .map(|controller| controller.as_str())
            .collect::<Vec<_>>()
            .join(",");
        features.push(Feature {
            name: "DiskControllerTypes",
            value,
        });
    }
    features
}

fn plan_version<'a>(
    spec: &Spec,
    resource_group: &'a ResourceGroup,
    index: usize,
    version: &'a ImageVersion,
) -> Result<VersionPlan<'a>, PlanError> {
    let source = if let Some(image) = &version.managed_image {
        VersionSource::ManagedImage(image)
    } else if let Some(vm) = &version.virtual_machine {
        VersionSource::VirtualMachine(vm)
    } else if let Some(snapshot) = &version.os_snapshot {
        VersionSource::Snapshot(snapshot)
    } else if let (Some(uri), Some(storage_account)) =
        (&version.os_vhd_uri, &version.os_vhd_storage_account)
    {
        VersionSource::Vhd {
            uri,
            storage_account,
        }
    } else {
        return Err(PlanError::Unresolved {
            what: "source of image version",
            name: version.name.to_string(),
        });
    };
    Ok(VersionPlan {
        version,
        definition: definition_index(spec, &version.gallery, &version.image_definition)?,
        naming: Naming::nth("imageVersion", index, "Name"),
        location: version
            .location
            .as_ref()
            .unwrap_or(&resource_group.location),
        source,
        replica_count: version.replica_count.unwrap_or(1),
        storage_account_type: version
            .storage_account_type
            .unwrap_or(StorageAccountType::StandardLrs),
        replication_mode: version.replication_mode.unwrap_or(ReplicationMode::Full),
        exclude_from_latest: version.exclude_from_latest.unwrap_or(false),
    })
}

fn plan_role_assignment<'a>(
    spec: &Spec,
    index: usize,
    assignment: &'a RoleAssignment,
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
    let role_definition_id = role_definition_id(&assignment.role)
        .ok_or_else(|| PlanError::UnknownRole(assignment.role.clone()))?;
    let role_name = BUILT_IN_ROLE_IDS
        .iter()
        .find(|(_, id)| *id == role_definition_id)
        .map(|(name, _)| *name);
    Ok(RoleAssignmentPlan {
        assignment,
        naming: Naming::nth("roleAssignment", index, "PrincipalId"),
        scope,
        role_definition_id,
        role_name,
    })
}

fn plan_vm<'a>(
    spec: &'a Spec,
    resource_group: &'a ResourceGroup,
    index: usize,
    vm: &'a Vm,
) -> Result<VmPlan<'a>, PlanError> {
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
    Ok(VmPlan {
        vm,
        naming: Naming::nth("vm", index, "Name"),
        image: vm_image,
        definition,
        size: vm.size(definition_spec),
        authentication: vm.authentication_type(definition_spec),
        location: vm.location.as_ref().unwrap_or(&resource_group.location),
        resource_group: vm.resource_group.as_deref().unwrap_or(&resource_group.name),
    })
}
