//! The Bicep output, `main.bicep`: the resources of `azuredeploy.json` in idiomatic Bicep, written from
//! `templates/bicep/main.bicep.hbs`.
//!
//! The same parameter names and defaults as the ARM template (the plan's [`Naming::parameter`]), so that
//! its parameters file deploys this file too; the plan's symbols as symbolic names; `parent:` for
//! children; `existing` for galleries and definitions made elsewhere; role assignments scoped to the symbol
//! they share; dependencies from symbolic references, with a `dependsOn` only where none says it (a VM from
//! a definition's latest version waits for the versions this file makes).
//!
//! Written for the Bicep linter's default rules: only the `location` parameter, variables and `existing`
//! resources that something uses are declared; a VM's admin user is a parameter
//! (`adminusername-should-not-be-literal`), which the ARM template does not have; and a string the
//! `no-hardcoded-env-urls` rule would flag (a spec value such as a VHD URI in `*.blob.core.windows.net`)
//! is kept as the spec wrote it, the value the other outputs deploy, with the rule disabled for its line.
//! String literals are also kept readable to tree-sitter-bicep, which the outside tools use (see
//! [`guard_comment_starts`]).

use std::collections::BTreeSet;

use serde::Serialize;
use sigil_core::model::{
    AuthenticationType, HostCaching, OsType, Region, SecurityType, StorageAccountType, Tags,
};

use crate::plan::{
    DefinitionPlan, GalleryPlan, Naming, Plan, RoleAssignmentPlan, Scope, VersionPlan,
    VersionSource, VmImage, VmPlan,
};
use crate::{GenError, Options, quote, templates};

/// The API version of every `Microsoft.Compute` gallery resource.
const GALLERY_API_VERSION: &str = "2025-03-03";
/// The API version of role assignments.
const ROLE_ASSIGNMENT_API_VERSION: &str = "2022-04-01";
/// The API version of the network resources of VMs, as the ARM template has them.
const NETWORK_API_VERSION: &str = "2025-07-01";
/// The API version of VMs, as the ARM template has them.
const VM_API_VERSION: &str = "2026-03-01";

/// Renders `main.bicep`.
pub fn render(plan: &Plan<'_>, options: &Options) -> Result<String, GenError> {
    let view = View::new(plan, options);
    let text = templates::render("bicep", &view)?;
    let text = guard_comment_starts(&text);
    Ok(disable_env_url_rule_where_needed(&text))
}

/// A Bicep string literal for `value`, as `main.bicep` writes it: [`quote::bicep`], with the `/` that
/// would start a comment to tree-sitter-bicep escaped (see [`guard_comment_starts`]).
pub fn literal(value: &str) -> String {
    let quoted = quote::bicep(value);
    let mut out = String::with_capacity(quoted.len());
    out.push('\'');
    guard_literal(&quoted[1..quoted.len() - 1], &mut out);
    out.push('\'');
    out
}

#[derive(Serialize)]
struct View<'a> {
    source: &'a str,
    gallery_api_version: &'static str,
    role_assignment_api_version: &'static str,
    network_api_version: &'static str,
    vm_api_version: &'static str,
    parameters: Vec<Parameter>,
    variables: Vec<Variable>,
    galleries: Vec<GalleryView<'a>>,
    image_definitions: Vec<DefinitionView<'a>>,
    image_versions: Vec<VersionView<'a>>,
    role_assignments: Vec<AssignmentView>,
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
}

impl Parameter {
    fn string(name: &str, description: String, default: Option<&str>) -> Self {
        Self {
            name: name.to_owned(),
            description,
            location: false,
            secure: false,
            default: given(default.map(str::to_owned)),
        }
    }
}

/// A `var` holding a role definition's resource id.
#[derive(Serialize)]
struct Variable {
    name: String,
    role_definition_guid: String,
    custom: bool,
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

/// A target region, its replica count always stated (the region's, else the version's). With no target
/// regions in the spec, the version's own region is the one, as the CLI does: `name` is then `None` where
/// that is the `location` parameter.
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
    source_virtual_machine: Text<'a>,
    os_disk: Option<OsDiskView<'a>>,
    data_disks: Vec<DataDiskView<'a>>,
}

#[derive(Serialize)]
struct AssignmentView {
    symbol: String,
    scope: String,
    principal: String,
    role_variable: String,
}

/// A VM and the network `az vm create` makes for it, named after it as the CLI names them, with the same
/// choices as the ARM template.
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
    public_ip: bool,
    /// The inbound rule for SSH or RDP, only with a public IP: nothing is open to the internet otherwise.
    remote_access: Option<RemoteAccessRule>,
    size: &'a str,
    /// The symbol of the image: a definition (its latest version) or a version.
    image: &'a str,
    /// For `latest`, the versions of the definition this file makes: the VM waits for them, which no
    /// reference says.
    waits_for: Vec<&'a str>,
    os_profile: Option<OsProfileView<'a>>,
    trusted_launch: bool,
}

#[derive(Serialize)]
struct RemoteAccessRule {
    name: &'static str,
    port: &'static str,
}

#[derive(Serialize)]
struct OsProfileView<'a> {
    /// The computer name when `az vm create` derives one that differs from the VM name.
    computer_name: Option<String>,
    admin_username_parameter: String,
    password_parameter: Option<String>,
    ssh_key: Text<'a>,
}

impl<'a> View<'a> {
    fn new(plan: &'a Plan<'a>, options: &'a Options) -> Self {
        let used = Used::of(plan);
        let mut parameters = Vec::new();
        if used.location {
            parameters.push(Parameter {
                name: "location".to_owned(),
                description: "Location for all resources.".to_owned(),
                location: true,
                secure: false,
                default: None,
            });
        }
        let several_galleries = plan.galleries.len() > 1;
        let mut galleries = Vec::new();
        for (index, gallery) in plan.galleries.iter().enumerate() {
            parameters.push(Parameter::string(
                &gallery.naming.parameter,
                gallery_description(gallery, several_galleries),
                Some(&gallery.gallery.name),
            ));
            if used.galleries.contains(&index) {
                galleries.push(gallery_view(gallery));
            }
        }
        let mut image_definitions = Vec::new();
        for (index, definition) in plan.image_definitions.iter().enumerate() {
            let gallery = plan.gallery_of(definition);
            parameters.push(Parameter::string(
                &definition.naming.parameter,
                format!(
                    "Name of the {}image definition {} in gallery {}.",
                    if definition.definition.existing {
                        "existing "
                    } else {
                        ""
                    },
                    definition.definition.name,
                    gallery.gallery.name
                ),
                Some(&definition.definition.name),
            ));
            if used.definitions.contains(&index) {
                image_definitions.push(definition_view(definition, &gallery.naming));
            }
        }
        let mut image_versions = Vec::new();
        for version in &plan.image_versions {
            let definition = plan.definition_of(version);
            parameters.push(Parameter::string(
                &version.naming.parameter,
                format!(
                    "Name of image version {} of {}.",
                    version.version.name, definition.definition.name
                ),
                Some(&version.version.name),
            ));
            image_versions.push(version_view(version, &definition.naming));
        }
        let mut variables: Vec<Variable> = Vec::new();
        let mut role_assignments = Vec::new();
        for assignment in &plan.role_assignments {
            parameters.push(Parameter::string(
                &assignment.naming.parameter,
                assignment_description(plan, assignment),
                assignment.assignment.assignee_object_id.as_deref(),
            ));
            let role_variable = role_variable(&mut variables, assignment);
            role_assignments.push(AssignmentView {
                symbol: assignment.naming.symbol.clone(),
                scope: scope_naming(plan, assignment.scope).symbol.clone(),
                principal: assignment.naming.parameter.clone(),
                role_variable,
            });
        }
        let vms = plan
            .vms
            .iter()
            .map(|vm| vm_view(plan, vm, &mut parameters))
            .collect();
        View {
            source: &options.source_name,
            gallery_api_version: GALLERY_API_VERSION,
            role_assignment_api_version: ROLE_ASSIGNMENT_API_VERSION,
            network_api_version: NETWORK_API_VERSION,
            vm_api_version: VM_API_VERSION,
            parameters,
            variables,
            galleries,
            image_definitions,
            image_versions,
            role_assignments,
            vms,
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
}

impl Used {
    fn of(plan: &Plan<'_>) -> Self {
        let mut definitions: BTreeSet<usize> = BTreeSet::new();
        let mut galleries: BTreeSet<usize> = BTreeSet::new();
        for (index, definition) in plan.image_definitions.iter().enumerate() {
            if !definition.definition.existing {
                definitions.insert(index);
            }
        }
        for version in &plan.image_versions {
            definitions.insert(version.definition);
        }
        for vm in &plan.vms {
            definitions.insert(vm.definition);
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
                    definitions.insert(plan.image_versions[version].definition);
                }
            }
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
                .any(|version| version.version.location.is_none())
            || plan.vms.iter().any(|vm| vm.vm.location.is_none());
        Self {
            location,
            galleries,
            definitions,
        }
    }
}

fn gallery_description(gallery: &GalleryPlan<'_>, several: bool) -> String {
    let name = &gallery.gallery.name;
    match (gallery.gallery.existing, several) {
        (false, false) => "Name of the Azure Compute Gallery.".to_owned(),
        (false, true) => format!("Name of the Azure Compute Gallery {name}."),
        (true, _) => format!("Name of the existing Azure Compute Gallery {name}, made elsewhere."),
    }
}

fn gallery_view<'a>(gallery: &'a GalleryPlan<'a>) -> GalleryView<'a> {
    let spec = gallery.gallery;
    let sharing = spec.permissions.map(|permissions| SharingView {
        permissions: permissions.as_str(),
        community: (spec.eula.is_some()
            || spec.public_name_prefix.is_some()
            || spec.publisher_email.is_some()
            || spec.publisher_uri.is_some())
        .then(|| CommunityView {
            eula: text(spec.eula.as_deref()),
            public_name_prefix: text(spec.public_name_prefix.as_deref()),
            publisher_contact: text(spec.publisher_email.as_deref()),
            publisher_uri: text(spec.publisher_uri.as_deref()),
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
        VersionSource::ManagedImage(id) => source_id = Some(id),
        VersionSource::VirtualMachine(id) => source_virtual_machine = Some(id),
        VersionSource::Snapshot(id) => snapshot = Some(id),
        VersionSource::Vhd {
            uri,
            storage_account,
        } => vhd = Some((uri, storage_account)),
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
    let location = spec.location.as_ref().map(Region::as_str);
    let target_regions = if spec.target_regions.is_empty() {
        vec![TargetRegionView {
            name: location,
            replica_count: version.replica_count,
            storage_account_type: None,
            exclude_from_latest: None,
        }]
    } else {
        spec.target_regions
            .iter()
            .map(|region| TargetRegionView {
                name: Some(region.name.as_str()),
                replica_count: spec.replicas_in(region),
                storage_account_type: region.storage_account_type.map(StorageAccountType::as_str),
                exclude_from_latest: given(region.exclude_from_latest),
            })
            .collect()
    };
    VersionView {
        symbol: &version.naming.symbol,
        parameter: &version.naming.parameter,
        parent: &definition.symbol,
        location,
        tags: tags(&spec.tags),
        target_regions,
        replica_count: version.replica_count,
        storage_account_type: version.storage_account_type.as_str(),
        replication_mode: version.replication_mode.as_str(),
        exclude_from_latest: version.exclude_from_latest,
        end_of_life_date: spec.end_of_life_date.map(|date| date.to_string()),
        source_id: text(source_id),
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

/// The naming of what a role assignment is scoped to.
fn scope_naming<'p>(plan: &'p Plan<'_>, scope: Scope) -> &'p Naming {
    match scope {
        Scope::Gallery(index) => &plan.galleries[index].naming,
        Scope::ImageDefinition(index) => &plan.image_definitions[index].naming,
        Scope::ImageVersion(index) => &plan.image_versions[index].naming,
    }
}

/// The description of a principal parameter, as the ARM template words it.
fn assignment_description(plan: &Plan<'_>, assignment: &RoleAssignmentPlan<'_>) -> String {
    let spec = assignment.assignment;
    let role = assignment.role_name.unwrap_or(&spec.role);
    let scope = match assignment.scope {
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
    };
    match (&spec.assignee_object_id, &spec.assignee) {
        (Some(_), Some(assignee)) => format!("Object id of {assignee}, given {role} on {scope}."),
        (Some(_), None) => format!("Object id of the principal given {role} on {scope}."),
        (None, assignee) => {
            let who = assignee.as_deref().unwrap_or("the principal");
            format!(
                "Object id of {who}, given {role} on {scope}. The spec names no assignee-object-id: pass the object id \
                 of {who}."
            )
        }
    }
}

/// The variable that holds the assignment's role definition id, declared once per role, named as the ARM
/// template names it: `readerRoleDefinitionId` for a built-in role, `customRoleDefinitionId`,
/// `customRole2DefinitionId`... for the others.
fn role_variable(variables: &mut Vec<Variable>, assignment: &RoleAssignmentPlan<'_>) -> String {
    if let Some(variable) = variables
        .iter()
        .find(|variable| variable.role_definition_guid == assignment.role_definition_id)
    {
        return variable.name.clone();
    }
    let name = if let Some(role) = assignment.role_name {
        format!("{}RoleDefinitionId", lower_camel(role))
    } else {
        let custom = 1 + variables.iter().filter(|variable| variable.custom).count();
        if custom == 1 {
            "customRoleDefinitionId".to_owned()
        } else {
            format!("customRole{custom}DefinitionId")
        }
    };
    variables.push(Variable {
        name: name.clone(),
        role_definition_guid: assignment.role_definition_id.clone(),
        custom: assignment.role_name.is_none(),
    });
    name
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

fn vm_view<'a>(
    plan: &'a Plan<'a>,
    vm: &'a VmPlan<'a>,
    parameters: &mut Vec<Parameter>,
) -> VmView<'a> {
    let spec = vm.vm;
    let definition = &plan.image_definitions[vm.definition];
    parameters.push(Parameter::string(
        &vm.naming.parameter,
        format!(
            "Name of the virtual machine {}; its network resources are named after it.",
            spec.name
        ),
        Some(&spec.name),
    ));
    let os_profile = vm.authentication.map(|authentication| {
        let user = spec.admin_username.as_deref().unwrap_or_default();
        let admin_username_parameter = format!("{}AdminUsername", vm.naming.symbol);
        parameters.push(Parameter::string(
            &admin_username_parameter,
            format!("Administrator of virtual machine {}.", spec.name),
            Some(user),
        ));
        let password_parameter = (authentication == AuthenticationType::Password).then(|| {
            let name = format!("{}AdminPassword", vm.naming.symbol);
            parameters.push(Parameter {
                name: name.clone(),
                description: format!("Password of {user} on virtual machine {}.", spec.name),
                location: false,
                secure: true,
                default: None,
            });
            name
        });
        OsProfileView {
            computer_name: computer_name(&spec.name),
            admin_username_parameter,
            password_parameter,
            ssh_key: text(
                spec.ssh_key_value
                    .as_deref()
                    .filter(|_| authentication == AuthenticationType::Ssh),
            ),
        }
    });
    let (image, waits_for) = match vm.image {
        VmImage::Latest(index) => (
            plan.image_definitions[index].naming.symbol.as_str(),
            plan.image_versions
                .iter()
                .filter(|version| version.definition == index)
                .map(|version| version.naming.symbol.as_str())
                .collect(),
        ),
        VmImage::Version(index) => (
            plan.image_versions[index].naming.symbol.as_str(),
            Vec::new(),
        ),
    };
    let symbol = &vm.naming.symbol;
    VmView {
        symbol,
        parameter: &vm.naming.parameter,
        network_symbol: format!("{symbol}VirtualNetwork"),
        security_group_symbol: format!("{symbol}NetworkSecurityGroup"),
        public_ip_symbol: format!("{symbol}PublicIp"),
        interface_symbol: format!("{symbol}NetworkInterface"),
        location: spec.location.as_ref().map(Region::as_str),
        tags: tags(&spec.tags),
        public_ip: spec.public_ip,
        remote_access: spec
            .public_ip
            .then_some(match definition.definition.os_type {
                OsType::Linux => RemoteAccessRule {
                    name: "default-allow-ssh",
                    port: "22",
                },
                OsType::Windows => RemoteAccessRule {
                    name: "rdp",
                    port: "3389",
                },
            }),
        size: vm.size,
        image,
        waits_for,
        os_profile,
        trusted_launch: definition.security_type == SecurityType::TrustedLaunch,
    }
}

/// The computer name `az vm create` derives from a VM name (the name without the characters it removes),
/// when that differs from the name.
fn computer_name(vm_name: &str) -> Option<String> {
    const REMOVED: &str = "`~!@#$%^&*()=+_[]{}\\|;:'\",<>/?";
    let computer: String = vm_name.chars().filter(|c| !REMOVED.contains(*c)).collect();
    (computer != vm_name).then_some(computer)
}

/// Writes, in every string literal of `text`, a `/` that tree-sitter-bicep would take for the start of a
/// comment as the escape `\u{2F}`: the same value to the Bicep compiler, and a file that the outside
/// tools built on that grammar (the checkers, editors' syntax highlighting) read as Bicep does.
///
/// The grammar lets whitespace and comments appear between the tokens of a string (after the opening
/// quote, an escape, or a lone `$` or `#`), so `'// x'` reads as an unterminated string and a comment, and
/// `'/*'` in one string and `'*/'` in a later one swallow everything between them without an error.
/// The Bicep compiler's lexer has no such rule.
fn guard_comment_starts(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with("//") {
            out.push_str(line);
            continue;
        }
        let mut rest = line;
        for literal in string_literals(line) {
            // `literal` is a slice of `line`: copy what precedes it, then the guarded literal.
            let start = literal.as_ptr() as usize - rest.as_ptr() as usize;
            out.push_str(&rest[..start]);
            guard_literal(literal, &mut out);
            rest = &rest[start + literal.len()..];
        }
        out.push_str(rest);
    }
    out
}

/// The contents of one string literal (escapes as written), guarded as [`guard_comment_starts`] says.
fn guard_literal(literal: &str, out: &mut String) {
    // Whether tree-sitter-bicep starts a new token here, where it also accepts whitespace and comments.
    let mut token_start = true;
    let mut chars = literal.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                if let Some(escaped) = chars.next() {
                    out.push(escaped);
                    if escaped == 'u' {
                        for c in chars.by_ref() {
                            out.push(c);
                            if c == '}' {
                                break;
                            }
                        }
                    }
                }
                token_start = true;
            }
            '$' => {
                out.push(c);
                token_start = true;
            }
            // A lone `#` is a token of its own, after which another starts, only where one starts
            // already; whitespace there is skipped. Neither changes where tokens start.
            '#' | ' ' | '\t' => out.push(c),
            '/' if token_start && matches!(chars.peek(), Some('/' | '*')) => {
                out.push_str("\\u{2F}");
            }
            c => {
                out.push(c);
                token_start = false;
            }
        }
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
    fn role_variables_are_named_after_the_role() {
        assert_eq!(lower_camel("Reader"), "reader");
        assert_eq!(
            lower_camel("Compute Gallery Sharing Admin"),
            "computeGallerySharingAdmin"
        );
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
