//! The Bicep output, `main.bicep`: the resources of `azuredeploy.json` in idiomatic Bicep, written from
//! `templates/bicep/main.bicep.hbs`.
//!
//! The same parameter names and defaults as the ARM template (the plan's [`Naming::parameter`]), so that
//! its parameters file deploys this file too; the plan's symbols as symbolic names; `parent:` for
//! children; `existing` for galleries and definitions made elsewhere; role assignments scoped to the symbol
//! they share; dependencies from symbolic references, with a `dependsOn` only where none says it (a VM from
//! a definition's latest version waits for the versions this file makes).
//!
//! A VM in another resource group is deployed there with a module, `modules/<symbol>.bicep` beside
//! `main.bicep` ([`modules`]): a module is Bicep's one way to deploy to another scope, and it compiles to the
//! nested deployment `azuredeploy.json` states, evaluated in its own scope, with the same parameters. An
//! inline `Microsoft.Resources/deployments` resource could not say it: a resource cannot be scoped to another
//! resource group (BCP139) and `resourceGroup` is not a property Bicep knows for it; the compiler escapes a
//! string that looks like an ARM expression (`[parameters('x')]` is deployed as that text), so its inner
//! template could not refer to its own parameters; and the linter's default `no-deployments-resources` rule
//! flags it.
//!
//! Written for the Bicep linter's default rules: only the `location` parameter, variables and `existing`
//! resources that something uses are declared; a VM's admin user is a parameter
//! (`adminusername-should-not-be-literal`); and a string the `no-hardcoded-env-urls` rule would flag (a spec
//! value such as a VHD URI in `*.blob.core.windows.net`) is kept as the spec wrote it, the value the other
//! outputs deploy, with the rule disabled for its line. String literals are also kept readable to
//! tree-sitter-bicep, which the outside tools use (see [`quote::bicep`]).

use std::collections::BTreeSet;

use serde::Serialize;
use sigil_core::model::{HostCaching, Region, StorageAccountType, Tags};

use crate::parameters::{self, InnerValue, LOCATION};
use crate::plan::{
    ASSIGNMENT_NAME_INPUTS, AssignmentNameInput, Credential, DefinitionPlan, GalleryPlan,
    NamePattern, Naming, NetworkPlan, OsProfilePlan, Plan, RoleAssignmentPlan, Scope,
    SecurityProfilePlan, VersionPlan, VersionSource, VmImage, VmPlan,
};
use crate::{GenError, Options, api_versions, templates};

/// Renders `main.bicep`.
pub fn render(plan: &Plan<'_>, options: &Options) -> Result<String, GenError> {
    let view = View::new(plan, options);
    let text = templates::render("bicep", &view)?;
    Ok(disable_env_url_rule_where_needed(&text))
}

/// Renders the modules `main.bicep` uses, one for each VM in another resource group: `(path relative to
/// main.bicep, text)`, in the order of the VMs.
pub fn modules(plan: &Plan<'_>, options: &Options) -> Result<Vec<(String, String)>, GenError> {
    plan.vms
        .iter()
        .filter_map(|vm| plan.nested_deployment_of(vm).map(|nested| (vm, nested)))
        .map(|(vm, (nested, group))| {
            let view = ModuleFileView {
                source: &options.source_name,
                vm_name: &vm.vm.name,
                group: group.name,
                deployment: &nested.name,
                network_api_version: api_versions::NETWORK,
                vm_api_version: api_versions::VIRTUAL_MACHINE,
                parameters: parameters::inner_parameters(plan, vm)
                    .into_iter()
                    .map(|inner| Parameter::of(inner.parameter))
                    .collect(),
                vm: vm_view(plan, vm, Some(nested.image_parameter)),
            };
            let text = templates::render("bicep_module", &view)?;
            Ok((
                nested.module_path.clone(),
                disable_env_url_rule_where_needed(&text),
            ))
        })
        .collect()
}

/// A VM's module: its parameters (what main.bicep passes), then the VM and its network.
#[derive(Serialize)]
struct ModuleFileView<'a> {
    source: &'a str,
    vm_name: &'a str,
    group: &'a str,
    deployment: &'a str,
    network_api_version: &'static str,
    vm_api_version: &'static str,
    parameters: Vec<Parameter>,
    vm: VmView<'a>,
}

#[derive(Serialize)]
struct View<'a> {
    source: &'a str,
    gallery_api_version: &'static str,
    role_assignment_api_version: &'static str,
    network_api_version: &'static str,
    vm_api_version: &'static str,
    parameters: Vec<Parameter>,
    variables: Vec<Variable<'a>>,
    galleries: Vec<GalleryView<'a>>,
    image_definitions: Vec<DefinitionView<'a>>,
    image_versions: Vec<VersionView<'a>>,
    role_assignments: Vec<AssignmentView<'a>>,
    vms: Vec<VmView<'a>>,
}

/// A `param`: `location` (defaulting to the resource group's), a string with the spec's value as its
/// default, a string without default, or a secure string.
#[derive(Serialize)]
struct Parameter {
    name: String,
    description: String,
    location: bool,
    secure: bool,
    default: Option<Given<String>>,
    /// The principal an object id parameter belongs to, kept in `@metadata`.
    assignee: Option<String>,
}

impl Parameter {
    /// A parameter of [`parameters::parameters`].
    fn of(parameter: parameters::Parameter) -> Self {
        let (location, default) = match parameter.default {
            parameters::Default::ResourceGroupLocation => (true, None),
            parameters::Default::Text(value) => (false, Some(value)),
            parameters::Default::Required => (false, None),
        };
        Self {
            name: parameter.name,
            description: parameter.description,
            location,
            secure: parameter.secure,
            default: given(default),
            assignee: parameter.assignee,
        }
    }
}

/// A `var` holding a role definition's resource id.
#[derive(Serialize)]
struct Variable<'a> {
    name: &'a str,
    role_definition_guid: &'a str,
}

/// A tag, its key unquoted where Bicep allows it (the linter prefers unquoted property names).
#[derive(Serialize)]
struct Tag<'a> {
    key: &'a str,
    plain_key: bool,
    value: &'a str,
}

fn tags(tags: &Tags) -> Vec<Tag<'_>> {
    tags.iter()
        .map(|(key, value)| Tag {
            key,
            plain_key: is_plain_property_name(key),
            value,
        })
        .collect()
}

/// Whether `key` can be written as a bare object property name: a Bicep identifier (ASCII letters, digits
/// and `_`, not starting with a digit, at most 255 characters) that is not one of the literal keywords,
/// which the parser does not take as a property name.
fn is_plain_property_name(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && key.len() <= 255
        && !matches!(key, "true" | "false" | "null")
}

/// An optional value as an object, so that a template's `{{#if}}` tells a given `0`, `false` or `""` from
/// an absent value.
#[derive(Serialize)]
struct Given<T> {
    value: T,
}

fn given<T>(value: Option<T>) -> Option<Given<T>> {
    value.map(|value| Given { value })
}

/// Optional text from the spec: given, even empty, or absent (handlebars' `{{#if}}` takes `""` for absent).
type Text<'a> = Option<Given<&'a str>>;

fn text(value: Option<&str>) -> Text<'_> {
    given(value)
}

#[derive(Serialize)]
struct GalleryView<'a> {
    symbol: &'a str,
    parameter: &'a str,
    existing: bool,
    tags: Vec<Tag<'a>>,
    /// Whether `properties` has anything in it (the schema wants `properties: {}` otherwise).
    has_properties: bool,
    description: Text<'a>,
    soft_delete: Option<Given<bool>>,
    sharing: Option<SharingView<'a>>,
}

#[derive(Serialize)]
struct SharingView<'a> {
    permissions: &'static str,
    community: Option<CommunityView<'a>>,
}

#[derive(Serialize)]
struct CommunityView<'a> {
    eula: Text<'a>,
    public_name_prefix: Text<'a>,
    publisher_contact: Text<'a>,
    publisher_uri: Text<'a>,
}

#[derive(Serialize)]
struct Feature<'a> {
    name: &'a str,
    value: &'a str,
}

#[derive(Serialize)]
struct MinMax {
    min: Option<Given<u32>>,
    max: Option<Given<u32>>,
}

impl MinMax {
    fn of(min: Option<u32>, max: Option<u32>) -> Option<Self> {
        (min.is_some() || max.is_some()).then_some(Self {
            min: given(min),
            max: given(max),
        })
    }
}

#[derive(Serialize)]
struct PurchasePlanView<'a> {
    name: Text<'a>,
    publisher: Text<'a>,
    product: Text<'a>,
}

#[derive(Serialize)]
struct DefinitionView<'a> {
    symbol: &'a str,
    parameter: &'a str,
    parent: &'a str,
    existing: bool,
    tags: Vec<Tag<'a>>,
    description: Text<'a>,
    publisher: &'a str,
    offer: &'a str,
    sku: &'a str,
    os_type: &'static str,
    os_state: &'static str,
    hyper_v_generation: &'static str,
    architecture: &'static str,
    features: Vec<Feature<'a>>,
    recommended: bool,
    vcpus: Option<MinMax>,
    memory: Option<MinMax>,
    disallowed_disk_types: Vec<&'a str>,
    end_of_life_date: Option<String>,
    eula: Text<'a>,
    privacy_statement_uri: Text<'a>,
    release_note_uri: Text<'a>,
    purchase_plan: Option<PurchasePlanView<'a>>,
}

/// A target region of the plan: `name` is `None` for the `location` parameter.
#[derive(Serialize)]
struct TargetRegionView<'a> {
    name: Option<&'a str>,
    replica_count: u32,
    storage_account_type: Option<&'static str>,
    exclude_from_latest: Option<Given<bool>>,
}

/// `storageProfile.osDiskImage`: its host caching and, for snapshots and VHDs, its source.
#[derive(Serialize)]
struct OsDiskView<'a> {
    host_caching: Option<&'static str>,
    snapshot: Text<'a>,
    vhd: Option<VhdView<'a>>,
}

#[derive(Serialize)]
struct VhdView<'a> {
    uri: &'a str,
    storage_account: &'a str,
}

#[derive(Serialize)]
struct DataDiskView<'a> {
    lun: u32,
    host_caching: Option<&'static str>,
    snapshot: &'a str,
}

#[derive(Serialize)]
struct VersionView<'a> {
    symbol: &'a str,
    parameter: &'a str,
    parent: &'a str,
    /// Made elsewhere: declared `existing`, with its parent and name only.
    existing: bool,
    /// The spec's location of the version; `None` for the `location` parameter.
    location: Option<&'a str>,
    tags: Vec<Tag<'a>>,
    target_regions: Vec<TargetRegionView<'a>>,
    replica_count: u32,
    storage_account_type: &'static str,
    replication_mode: &'static str,
    exclude_from_latest: bool,
    end_of_life_date: Option<String>,
    source_id: Text<'a>,
    /// The parameter holding the managed image's id, when the spec names one.
    source_id_parameter: Option<&'a str>,
    source_virtual_machine: Text<'a>,
    os_disk: Option<OsDiskView<'a>>,
    data_disks: Vec<DataDiskView<'a>>,
}

#[derive(Serialize)]
struct AssignmentView<'a> {
    symbol: &'a str,
    scope: &'a str,
    principal: &'a str,
    role_variable: &'a str,
    /// The expressions the name is the GUID of, in the plan's order.
    name_inputs: Vec<String>,
}

/// A VM and the network `az vm create` makes for it, as the plan has them.
#[derive(Serialize)]
struct VmView<'a> {
    symbol: &'a str,
    parameter: &'a str,
    network_symbol: String,
    security_group_symbol: String,
    public_ip_symbol: String,
    interface_symbol: String,
    /// The spec's location of the VM; `None` for the `location` parameter.
    location: Option<&'a str>,
    tags: Vec<Tag<'a>>,
    network: &'a NetworkPlan,
    size: &'a str,
    /// The parameter holding the size, when the spec names one.
    size_parameter: Option<&'a str>,
    /// The public IP's DNS name label, and the parameter holding it when the spec names one.
    dns_label: Text<'a>,
    dns_label_parameter: Option<&'a str>,
    /// The image's id: `.id` of a definition (its latest version) or a version, or in a module its parameter.
    image_id: String,
    /// For `latest`, the versions of the definition this file makes: the VM waits for them, which no
    /// reference says.
    waits_for: Vec<&'a str>,
    os_disk_caching: &'static str,
    data_disk_luns: &'a [u32],
    os_profile: Option<OsProfileView<'a>>,
    security_profile: Option<SecurityProfilePlan>,
    /// For a VM in another resource group, in `main.bicep`: the module that deploys it there, declared
    /// instead of its resources.
    module: Option<ModuleView<'a>>,
}

/// The declaration of a VM's module: its file, deployment name and scope, and the values of its parameters.
#[derive(Serialize)]
struct ModuleView<'a> {
    symbol: &'a str,
    path: &'a str,
    name: &'a str,
    group_parameter: &'a str,
    params: Vec<ModuleParam>,
    /// As a VM in main.bicep would: for `latest`, the versions of the definition this file makes.
    waits_for: Vec<&'a str>,
}

/// `name: value`, the value a parameter of this file or a symbol's `.id`.
#[derive(Serialize)]
struct ModuleParam {
    name: String,
    value: String,
}

#[derive(Serialize)]
struct OsProfileView<'a> {
    /// The computer name when `az vm create` derives one that differs from the VM name.
    computer_name: Option<&'a str>,
    admin_username_parameter: &'a str,
    password_parameter: Option<&'a str>,
    ssh_key: Text<'a>,
    /// The key's path, made from the admin user name parameter.
    ssh_key_path: Option<NamePattern>,
}

impl<'a> View<'a> {
    fn new(plan: &'a Plan<'a>, options: &'a Options) -> Self {
        let used = Used::of(plan);
        let parameters = parameters::parameters(plan)
            .into_iter()
            .filter(|parameter| used.location || parameter.name != LOCATION)
            .map(Parameter::of)
            .collect();
        let galleries = plan
            .galleries
            .iter()
            .enumerate()
            .filter(|(index, _)| used.galleries.contains(index))
            .map(|(_, gallery)| gallery_view(gallery))
            .collect();
        let image_definitions = plan
            .image_definitions
            .iter()
            .enumerate()
            .filter(|(index, _)| used.definitions.contains(index))
            .map(|(_, definition)| definition_view(definition, &plan.gallery_of(definition).naming))
            .collect();
        let image_versions = plan
            .image_versions
            .iter()
            .enumerate()
            .filter(|(index, _)| used.versions.contains(index))
            .map(|(_, version)| version_view(version, &plan.definition_of(version).naming))
            .collect();
        let variables = plan
            .roles
            .iter()
            .map(|role| Variable {
                name: &role.variable,
                role_definition_guid: &role.definition_id,
            })
            .collect();
        View {
            source: &options.source_name,
            gallery_api_version: api_versions::GALLERY,
            role_assignment_api_version: api_versions::ROLE_ASSIGNMENT,
            network_api_version: api_versions::NETWORK,
            vm_api_version: api_versions::VIRTUAL_MACHINE,
            parameters,
            variables,
            galleries,
            image_definitions,
            image_versions,
            role_assignments: plan
                .role_assignments
                .iter()
                .map(|assignment| assignment_view(plan, assignment))
                .collect(),
            vms: plan.vms.iter().map(|vm| vm_view(plan, vm, None)).collect(),
        }
    }
}

/// The resources the file declares: every one it creates, and each `existing` one only when something
/// refers to it (the linter's `no-unused-existing-resources`). Their name parameters are declared all the
/// same, as in the ARM template, so that its parameters file deploys `main.bicep` too.
struct Used {
    location: bool,
    galleries: BTreeSet<usize>,
    definitions: BTreeSet<usize>,
    versions: BTreeSet<usize>,
}

impl Used {
    fn of(plan: &Plan<'_>) -> Self {
        let mut versions: BTreeSet<usize> = BTreeSet::new();
        let mut definitions: BTreeSet<usize> = BTreeSet::new();
        let mut galleries: BTreeSet<usize> = BTreeSet::new();
        for (index, definition) in plan.image_definitions.iter().enumerate() {
            if !definition.definition.existing {
                definitions.insert(index);
            }
        }
        for (index, version) in plan.image_versions.iter().enumerate() {
            if !version.version.existing {
                versions.insert(index);
            }
        }
        for vm in &plan.vms {
            definitions.insert(vm.definition);
            if let VmImage::Version(version) = vm.image {
                versions.insert(version);
            }
        }
        for assignment in &plan.role_assignments {
            match assignment.scope {
                Scope::Gallery(gallery) => {
                    galleries.insert(gallery);
                }
                Scope::ImageDefinition(definition) => {
                    definitions.insert(definition);
                }
                Scope::ImageVersion(version) => {
                    versions.insert(version);
                }
            }
        }
        for &version in &versions {
            definitions.insert(plan.image_versions[version].definition);
        }
        for &definition in &definitions {
            galleries.insert(plan.image_definitions[definition].gallery);
        }
        for (index, gallery) in plan.galleries.iter().enumerate() {
            if !gallery.gallery.existing {
                galleries.insert(index);
            }
        }
        let location = galleries
            .iter()
            .any(|&index| !plan.galleries[index].gallery.existing)
            || definitions
                .iter()
                .any(|&index| !plan.image_definitions[index].definition.existing)
            || plan
                .image_versions
                .iter()
                .any(|version| !version.version.existing && version.location.given().is_none())
            || plan.vms.iter().any(|vm| vm.location.given().is_none());
        Self {
            location,
            galleries,
            definitions,
            versions,
        }
    }
}

fn gallery_view<'a>(gallery: &'a GalleryPlan<'a>) -> GalleryView<'a> {
    let spec = gallery.gallery;
    let sharing = gallery.sharing.map(|sharing| SharingView {
        permissions: sharing.permissions.as_str(),
        community: sharing.community.map(|community| CommunityView {
            eula: text(community.eula),
            public_name_prefix: text(community.public_name_prefix),
            publisher_contact: text(community.publisher_contact),
            publisher_uri: text(community.publisher_uri),
        }),
    });
    GalleryView {
        symbol: &gallery.naming.symbol,
        parameter: &gallery.naming.parameter,
        existing: spec.existing,
        tags: tags(&spec.tags),
        has_properties: spec.description.is_some()
            || spec.soft_delete.is_some()
            || sharing.is_some(),
        description: text(spec.description.as_deref()),
        soft_delete: given(spec.soft_delete),
        sharing,
    }
}

fn definition_view<'a>(
    definition: &'a DefinitionPlan<'a>,
    gallery: &'a Naming,
) -> DefinitionView<'a> {
    let spec = definition.definition;
    let vcpus = MinMax::of(spec.minimum_cpu_core, spec.maximum_cpu_core);
    let memory = MinMax::of(spec.minimum_memory, spec.maximum_memory);
    let purchase_plan =
        (spec.plan_name.is_some() || spec.plan_product.is_some() || spec.plan_publisher.is_some())
            .then(|| PurchasePlanView {
                name: text(spec.plan_name.as_deref()),
                publisher: text(spec.plan_publisher.as_deref()),
                product: text(spec.plan_product.as_deref()),
            });
    DefinitionView {
        symbol: &definition.naming.symbol,
        parameter: &definition.naming.parameter,
        parent: &gallery.symbol,
        existing: spec.existing,
        tags: tags(&spec.tags),
        description: text(spec.description.as_deref()),
        publisher: &spec.publisher,
        offer: &spec.offer,
        sku: &spec.sku,
        os_type: spec.os_type.as_str(),
        os_state: spec.os_state.as_str(),
        hyper_v_generation: definition.hyper_v_generation.as_str(),
        architecture: definition.architecture.as_str(),
        features: definition
            .features
            .iter()
            .map(|feature| Feature {
                name: feature.name,
                value: &feature.value,
            })
            .collect(),
        recommended: vcpus.is_some() || memory.is_some(),
        vcpus,
        memory,
        disallowed_disk_types: spec
            .disallowed_disk_types
            .iter()
            .map(String::as_str)
            .collect(),
        end_of_life_date: spec.end_of_life_date.map(|date| date.to_string()),
        eula: text(spec.eula.as_deref()),
        privacy_statement_uri: text(spec.privacy_statement_uri.as_deref()),
        release_note_uri: text(spec.release_note_uri.as_deref()),
        purchase_plan,
    }
}

fn version_view<'a>(version: &'a VersionPlan<'a>, definition: &'a Naming) -> VersionView<'a> {
    let spec = version.version;
    let (mut source_id, mut source_virtual_machine, mut snapshot, mut vhd) =
        (None, None, None, None);
    match version.source {
        None => {}
        Some(VersionSource::ManagedImage(id)) => source_id = Some(id),
        Some(VersionSource::VirtualMachine(id)) => source_virtual_machine = Some(id),
        Some(VersionSource::Snapshot(id)) => snapshot = Some(id),
        Some(VersionSource::Vhd {
            uri,
            storage_account,
        }) => vhd = Some((uri, storage_account)),
    }
    let host_caching = spec.os_disk_host_caching.map(HostCaching::as_str);
    let os_disk =
        (host_caching.is_some() || snapshot.is_some() || vhd.is_some()).then(|| OsDiskView {
            host_caching,
            snapshot: text(snapshot),
            vhd: vhd.map(|(uri, storage_account)| VhdView {
                uri,
                storage_account,
            }),
        });
    let target_regions = version
        .target_regions
        .iter()
        .map(|region| TargetRegionView {
            name: region.location.given().map(Region::as_str),
            replica_count: region.replica_count,
            storage_account_type: region.storage_account_type.map(StorageAccountType::as_str),
            exclude_from_latest: given(region.exclude_from_latest),
        })
        .collect();
    VersionView {
        symbol: &version.naming.symbol,
        parameter: &version.naming.parameter,
        parent: &definition.symbol,
        existing: spec.existing,
        location: version.location.given().map(Region::as_str),
        tags: tags(&spec.tags),
        target_regions,
        replica_count: version.replica_count,
        storage_account_type: version.storage_account_type.as_str(),
        replication_mode: version.replication_mode.as_str(),
        exclude_from_latest: version.exclude_from_latest,
        end_of_life_date: spec.end_of_life_date.map(|date| date.to_string()),
        source_id: text(source_id),
        source_id_parameter: version.managed_image_parameter.as_deref(),
        source_virtual_machine: text(source_virtual_machine),
        os_disk,
        data_disks: spec
            .data_snapshots
            .iter()
            .map(|disk| DataDiskView {
                lun: disk.lun,
                host_caching: disk.host_caching.map(HostCaching::as_str),
                snapshot: &disk.snapshot,
            })
            .collect(),
    }
}

fn assignment_view<'a>(
    plan: &'a Plan<'a>,
    assignment: &'a RoleAssignmentPlan<'a>,
) -> AssignmentView<'a> {
    let scope = &plan.scope_naming(assignment.scope).symbol;
    let role_variable = &plan.role_of(assignment).variable;
    let principal = &assignment.naming.parameter;
    AssignmentView {
        symbol: &assignment.naming.symbol,
        scope,
        principal,
        role_variable,
        name_inputs: ASSIGNMENT_NAME_INPUTS
            .iter()
            .map(|input| match input {
                AssignmentNameInput::ScopeId => format!("{scope}.id"),
                AssignmentNameInput::PrincipalId => principal.clone(),
                AssignmentNameInput::RoleDefinitionId => role_variable.clone(),
            })
            .collect(),
    }
}

/// A VM as `main.bicep` has it (`image_parameter` `None`), or as its module has it: made from the image whose
/// id that parameter holds, with nothing to wait for (main.bicep's module waits).
fn vm_view<'a>(
    plan: &'a Plan<'a>,
    vm: &'a VmPlan<'a>,
    image_parameter: Option<&'static str>,
) -> VmView<'a> {
    let image = match vm.image {
        VmImage::Latest(index) => &plan.image_definitions[index].naming,
        VmImage::Version(index) => &plan.image_versions[index].naming,
    };
    let image_id = format!("{}.id", image.symbol);
    let waits_for: Vec<&str> = vm
        .latest_versions
        .iter()
        .map(|&version| plan.image_versions[version].naming.symbol.as_str())
        .collect();
    let module = plan
        .nested_deployment_of(vm)
        .filter(|_| image_parameter.is_none())
        .map(|(nested, group)| ModuleView {
            symbol: &nested.name,
            path: &nested.module_path,
            name: &nested.name,
            group_parameter: &group.parameter,
            params: parameters::inner_parameters(plan, vm)
                .into_iter()
                .map(|inner| ModuleParam {
                    value: match inner.value {
                        InnerValue::Parameter => inner.parameter.name.clone(),
                        InnerValue::ImageId => image_id.clone(),
                    },
                    name: inner.parameter.name,
                })
                .collect(),
            waits_for: waits_for.clone(),
        });
    let symbol = &vm.naming.symbol;
    VmView {
        symbol,
        parameter: &vm.naming.parameter,
        network_symbol: format!("{symbol}VirtualNetwork"),
        security_group_symbol: format!("{symbol}NetworkSecurityGroup"),
        public_ip_symbol: format!("{symbol}PublicIp"),
        interface_symbol: format!("{symbol}NetworkInterface"),
        location: vm.location.given().map(Region::as_str),
        tags: tags(&vm.vm.tags),
        network: &vm.network,
        size: vm.size,
        size_parameter: vm.size_parameter.as_deref(),
        dns_label: text(vm.dns_label),
        dns_label_parameter: vm.dns_label_parameter.as_deref(),
        image_id: image_parameter.map_or(image_id, str::to_owned),
        waits_for: if image_parameter.is_some() {
            Vec::new()
        } else {
            waits_for
        },
        os_disk_caching: vm.os_disk_caching.as_str(),
        data_disk_luns: &vm.data_disk_luns,
        os_profile: vm.os_profile.as_ref().map(os_profile_view),
        security_profile: vm.security_profile,
        module,
    }
}

fn os_profile_view<'a>(profile: &'a OsProfilePlan<'a>) -> OsProfileView<'a> {
    let (password_parameter, ssh_key, ssh_key_path) = match &profile.credential {
        Credential::Password { parameter } => (Some(parameter.as_str()), None, None),
        Credential::Ssh { public_key, path } => (None, *public_key, Some(*path)),
    };
    OsProfileView {
        computer_name: profile.computer_name.as_deref(),
        admin_username_parameter: &profile.admin_username_parameter,
        password_parameter,
        ssh_key: text(ssh_key),
        ssh_key_path,
    }
}

/// The hosts the linter's `no-hardcoded-env-urls` rule refuses in any string, by default, and the one it
/// lets through.
const DISALLOWED_HOSTS: &[&str] = &[
    "gallery.azure.com",
    "management.core.windows.net",
    "management.azure.com",
    "database.windows.net",
    "core.windows.net",
    "login.microsoftonline.com",
    "graph.windows.net",
    "trafficmanager.net",
    "datalake.azure.net",
    "azuredatalakestore.net",
    "azuredatalakeanalytics.net",
    "vault.azure.net",
    "api.loganalytics.io",
    "asazure.windows.net",
    "region.asazure.windows.net",
    "batch.core.windows.net",
];
const EXCLUDED_HOSTS: &[&str] = &["schema.management.azure.com"];

/// Puts `#disable-next-line no-hardcoded-env-urls` before each line with a string literal the rule would
/// flag. The values are the spec's, deployed as written by every output; rewriting them with
/// `environment()` would make the Bicep deployment differ from the template's in other clouds.
fn disable_env_url_rule_where_needed(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if string_literals(line)
            .iter()
            .any(|literal| names_disallowed_host(literal))
        {
            let indent = &line[..line.len() - line.trim_start().len()];
            out.push_str(indent);
            out.push_str("#disable-next-line no-hardcoded-env-urls\n");
        }
        out.push_str(line);
    }
    out
}

/// The raw text of the single-quoted string literals of a line (escapes left as written, as the linter
/// reads tokens); nothing of a `//` comment line.
fn string_literals(line: &str) -> Vec<&str> {
    if line.trim_start().starts_with("//") {
        return Vec::new();
    }
    let mut literals = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find('\'') {
        let after = &rest[start + 1..];
        let mut end = None;
        let mut escaped = false;
        for (index, c) in after.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '\'' => {
                    end = Some(index);
                    break;
                }
                _ => {}
            }
        }
        let Some(end) = end else { break };
        literals.push(&after[..end]);
        rest = &after[end + 1..];
    }
    literals
}

/// The rule's match: a disallowed host, ignoring case, not part of a longer word, and not inside an
/// excluded host.
fn names_disallowed_host(text: &str) -> bool {
    let matches = |host: &str| host_matches(text, host);
    DISALLOWED_HOSTS
        .iter()
        .flat_map(|host| matches(host))
        .any(|(start, end)| {
            !EXCLUDED_HOSTS
                .iter()
                .flat_map(|host| matches(host))
                .any(|(from, to)| from < end && start < to)
        })
}

/// Where `host` occurs in `text` (ignoring ASCII case) with no letter or digit right before or after it.
fn host_matches(text: &str, host: &str) -> Vec<(usize, usize)> {
    let haystack = text.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(offset) = haystack[from..].find(host) {
        let start = from + offset;
        let end = start + host.len();
        let before = haystack[..start].chars().next_back();
        let after = haystack[end..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            found.push((start, end));
        }
        from = end;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_property_names_are_bicep_identifiers() {
        assert!(is_plain_property_name("costCenter"));
        assert!(is_plain_property_name("_x1"));
        assert!(!is_plain_property_name("cost-center"));
        assert!(!is_plain_property_name("1x"));
        assert!(!is_plain_property_name(""));
        assert!(!is_plain_property_name("true"));
        assert!(!is_plain_property_name("caf\u{e9}"));
        assert!(!is_plain_property_name(&"a".repeat(256)));
    }

    #[test]
    fn env_url_rule_is_disabled_only_for_lines_it_would_flag() {
        let text = "  uri: 'https://a.blob.core.windows.net/x.vhd'\n  x: 'mycore.windows.net'\n  \
                    y: 'https://schema.management.azure.com/x'\n// 'core.windows.net'\n";
        assert_eq!(
            disable_env_url_rule_where_needed(text),
            "  #disable-next-line no-hardcoded-env-urls\n  uri: 'https://a.blob.core.windows.net/x.vhd'\n  \
             x: 'mycore.windows.net'\n  y: 'https://schema.management.azure.com/x'\n// 'core.windows.net'\n"
        );
        assert_eq!(string_literals(r"a: 'it\'s', b: 'c'"), vec![r"it\'s", "c"]);
    }
}
