//! The ARM template and its parameters file, built as data with serde (never as text).
//!
//! Every object is a struct (or an [`Ordered`] map), so keys come out in one readable order — `type`,
//! `apiVersion`, `name`, `location`, `properties`, `dependsOn` — without `serde_json`'s `preserve_order`. Every
//! value the spec supplies passes through [`literal`], so none can turn into a template expression.

use std::fmt::Write as _;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use sigil_core::model::{AuthenticationType, OsType, SecurityType, Tags, TargetRegion};

use crate::plan::{
    DefinitionPlan, GalleryPlan, Plan, RoleAssignmentPlan, Scope, VersionPlan, VersionSource,
    VmImage, VmPlan,
};
use crate::{GenError, Options};

const TEMPLATE_SCHEMA: &str =
    "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";
const PARAMETERS_SCHEMA: &str =
    "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#";
const CONTENT_VERSION: &str = "1.0.0.0";
/// Microsoft.Compute gallery resources.
const GALLERY_API: &str = "2025-03-03";
/// Microsoft.Authorization role assignments.
const ROLE_ASSIGNMENT_API: &str = "2022-04-01";
/// Microsoft.Network resources: the newest version with a published schema.
const NETWORK_API: &str = "2025-07-01";
/// Microsoft.Compute virtual machines: the newest version with a published schema.
const VM_API: &str = "2026-03-01";

const GALLERY_TYPE: &str = "Microsoft.Compute/galleries";
const DEFINITION_TYPE: &str = "Microsoft.Compute/galleries/images";
const VERSION_TYPE: &str = "Microsoft.Compute/galleries/images/versions";
const ROLE_ASSIGNMENT_TYPE: &str = "Microsoft.Authorization/roleAssignments";
const VNET_TYPE: &str = "Microsoft.Network/virtualNetworks";
const NSG_TYPE: &str = "Microsoft.Network/networkSecurityGroups";
const PUBLIC_IP_TYPE: &str = "Microsoft.Network/publicIPAddresses";
const NIC_TYPE: &str = "Microsoft.Network/networkInterfaces";
const VM_TYPE: &str = "Microsoft.Compute/virtualMachines";

/// The template parameter every resource's location comes from.
const LOCATION: &str = "location";

/// The ARM template (`azuredeploy.json`).
pub fn template(plan: &Plan<'_>, options: &Options) -> Result<String, GenError> {
    let builder = Builder::new(plan);
    let template = Template {
        schema: TEMPLATE_SCHEMA,
        content_version: CONTENT_VERSION,
        metadata: TemplateMetadata {
            generator: Generator {
                name: "sigil",
                version: env!("CARGO_PKG_VERSION"),
            },
            source: &options.source_name,
        },
        parameters: builder.parameters(),
        variables: builder.variables(),
        resources: builder.resources(),
    };
    to_text(&template)
}

/// The parameters file (`azuredeploy.parameters.json`): the spec's value of every name and principal
/// parameter. `location` keeps its default (the resource group's); secure parameters and principals the spec
/// has no object id for are left to the deployer.
pub fn parameters(plan: &Plan<'_>) -> Result<String, GenError> {
    let parameters = Builder::new(plan)
        .parameters()
        .0
        .into_iter()
        .filter_map(|(name, parameter)| {
            parameter
                .value_for_file
                .map(|value| (name, ParameterValue { value }))
        })
        .collect();
    to_text(&ParametersFile {
        schema: PARAMETERS_SCHEMA,
        content_version: CONTENT_VERSION,
        parameters: Ordered(parameters),
    })
}

/// `text` as a JSON string that ARM reads as exactly `text`. ARM evaluates a string that starts with `[` (and
/// ends with `]`) as an expression, and its `[[` escape is read differently by different tools when the string
/// does not end with `]`; so any text starting with `[` is written as an expression whose value is the text: a
/// single-quoted string literal, with `'` doubled.
pub fn literal(text: &str) -> String {
    if text.starts_with('[') {
        format!("['{}']", text.replace('\'', "''"))
    } else {
        text.to_owned()
    }
}

/// A string literal inside an ARM expression.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn to_text(value: &impl Serialize) -> Result<String, GenError> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    Ok(text)
}

// ------------------------------------------------------------------------------------------------ the shapes

/// A JSON object whose keys keep the order they were inserted in.
#[derive(Debug)]
struct Ordered<V>(Vec<(String, V)>);

impl<V> Ordered<V> {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<V: Serialize> Serialize for Ordered<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// Tags as a template writes them: sorted (they come from a `BTreeMap`), every key and value a literal.
fn tags(tags: &Tags) -> Ordered<String> {
    Ordered(
        tags.iter()
            .map(|(key, value)| (literal(key), literal(value)))
            .collect(),
    )
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Template<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    content_version: &'static str,
    metadata: TemplateMetadata<'a>,
    parameters: Ordered<Parameter>,
    #[serde(skip_serializing_if = "Ordered::is_empty")]
    variables: Ordered<String>,
    resources: Vec<Resource>,
}

#[derive(Serialize)]
struct TemplateMetadata<'a> {
    #[serde(rename = "_generator")]
    generator: Generator,
    /// The spec the template was generated from.
    source: &'a str,
}

#[derive(Serialize)]
struct Generator {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Parameter {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    default_value: Option<String>,
    metadata: Description,
    /// What the parameters file says, if anything.
    #[serde(skip)]
    value_for_file: Option<String>,
}

impl Parameter {
    /// A string parameter whose default is the spec's value, repeated in the parameters file.
    fn named(value: &str, description: String) -> Self {
        Parameter {
            kind: "string",
            default_value: Some(literal(value)),
            metadata: Description { description },
            value_for_file: Some(value.to_owned()),
        }
    }
}

#[derive(Serialize)]
struct Description {
    description: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ParametersFile {
    #[serde(rename = "$schema")]
    schema: &'static str,
    content_version: &'static str,
    parameters: Ordered<ParameterValue>,
}

#[derive(Serialize)]
struct ParameterValue {
    value: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Resource {
    #[serde(rename = "type")]
    kind: &'static str,
    api_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    scope: Option<String>,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<String>,
    #[serde(skip_serializing_if = "Ordered::is_empty")]
    tags: Ordered<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sku: Option<Sku>,
    properties: Properties,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    depends_on: Vec<String>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Properties {
    Gallery(GalleryProperties),
    ImageDefinition(Box<DefinitionProperties>),
    ImageVersion(Box<VersionProperties>),
    RoleAssignment(RoleAssignmentProperties),
    VirtualNetwork(VirtualNetworkProperties),
    SecurityGroup(SecurityGroupProperties),
    PublicIp(PublicIpProperties),
    NetworkInterface(NetworkInterfaceProperties),
    VirtualMachine(Box<VmProperties>),
}

#[derive(Serialize)]
struct Sku {
    name: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct GalleryProperties {
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sharing_profile: Option<SharingProfile>,
    #[serde(skip_serializing_if = "Option::is_none")]
    soft_delete_policy: Option<SoftDeletePolicy>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SharingProfile {
    permissions: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    community_gallery_info: Option<CommunityGalleryInfo>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CommunityGalleryInfo {
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher_contact: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    eula: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    public_name_prefix: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SoftDeletePolicy {
    is_soft_delete_enabled: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DefinitionProperties {
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    identifier: Identifier,
    os_type: &'static str,
    os_state: &'static str,
    hyper_v_generation: &'static str,
    architecture: &'static str,
    features: Vec<Feature>,
    #[serde(skip_serializing_if = "Option::is_none")]
    recommended: Option<Recommended>,
    #[serde(skip_serializing_if = "Option::is_none")]
    disallowed: Option<Disallowed>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_of_life_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    eula: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    privacy_statement_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    release_note_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    purchase_plan: Option<PurchasePlan>,
}

#[derive(Serialize)]
struct Identifier {
    publisher: String,
    offer: String,
    sku: String,
}

#[derive(Serialize)]
struct Feature {
    name: &'static str,
    value: String,
}

#[derive(Serialize)]
struct Recommended {
    #[serde(rename = "vCPUs", skip_serializing_if = "Range::is_empty")]
    v_cpus: Range,
    #[serde(skip_serializing_if = "Range::is_empty")]
    memory: Range,
}

#[derive(Serialize)]
struct Range {
    #[serde(skip_serializing_if = "Option::is_none")]
    min: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max: Option<u32>,
}

impl Range {
    fn is_empty(&self) -> bool {
        self.min.is_none() && self.max.is_none()
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Disallowed {
    disk_types: Vec<String>,
}

#[derive(Serialize)]
struct PurchasePlan {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    product: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct VersionProperties {
    publishing_profile: PublishingProfile,
    storage_profile: StorageProfile,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PublishingProfile {
    target_regions: Vec<Region>,
    replica_count: u32,
    storage_account_type: &'static str,
    replication_mode: &'static str,
    exclude_from_latest: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_of_life_date: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    name: String,
    regional_replica_count: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    storage_account_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    exclude_from_latest: Option<bool>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StorageProfile {
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<FullSource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    os_disk_image: Option<DiskImage>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    data_disk_images: Vec<DataDiskImage>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FullSource {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    virtual_machine_id: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DiskImage {
    #[serde(skip_serializing_if = "Option::is_none")]
    host_caching: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<DiskSource>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DataDiskImage {
    lun: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    host_caching: Option<&'static str>,
    source: DiskSource,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DiskSource {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    storage_account_id: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RoleAssignmentProperties {
    role_definition_id: String,
    principal_id: String,
}

// Virtual machines: the resources `az vm create` makes, with the bodies it sends.

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct VirtualNetworkProperties {
    address_space: AddressSpace,
    subnets: Vec<Subnet>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AddressSpace {
    address_prefixes: Vec<&'static str>,
}

#[derive(Serialize)]
struct Subnet {
    name: String,
    properties: SubnetProperties,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SubnetProperties {
    address_prefix: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SecurityGroupProperties {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    security_rules: Vec<SecurityRule>,
}

#[derive(Serialize)]
struct SecurityRule {
    name: &'static str,
    properties: SecurityRuleProperties,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SecurityRuleProperties {
    protocol: &'static str,
    source_port_range: &'static str,
    destination_port_range: &'static str,
    source_address_prefix: &'static str,
    destination_address_prefix: &'static str,
    access: &'static str,
    priority: u32,
    direction: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PublicIpProperties {
    #[serde(rename = "publicIPAllocationMethod")]
    public_ip_allocation_method: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NetworkInterfaceProperties {
    ip_configurations: Vec<IpConfiguration>,
    network_security_group: Id,
}

#[derive(Serialize)]
struct IpConfiguration {
    name: String,
    properties: IpConfigurationProperties,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct IpConfigurationProperties {
    #[serde(rename = "privateIPAllocationMethod")]
    private_ip_allocation_method: &'static str,
    subnet: Id,
    #[serde(rename = "publicIPAddress", skip_serializing_if = "Option::is_none")]
    public_ip_address: Option<Id>,
}

#[derive(Serialize)]
struct Id {
    id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(clippy::struct_field_names, reason = "the API's names")]
struct VmProperties {
    hardware_profile: HardwareProfile,
    network_profile: NetworkProfile,
    storage_profile: VmStorageProfile,
    #[serde(skip_serializing_if = "Option::is_none")]
    os_profile: Option<OsProfile>,
    #[serde(skip_serializing_if = "Option::is_none")]
    security_profile: Option<SecurityProfile>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct HardwareProfile {
    vm_size: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NetworkProfile {
    network_interfaces: Vec<NetworkInterfaceReference>,
}

/// `properties` is empty, as in the CLI's request (`{"deleteOption": null}`): the service's default.
#[derive(Serialize)]
struct NetworkInterfaceReference {
    id: String,
    properties: Empty,
}

/// `{}`: where the CLI sends an object of nulls, the service's defaults.
#[derive(Serialize)]
struct Empty {}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct VmStorageProfile {
    os_disk: OsDisk,
    image_reference: Id,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    data_disks: Vec<DataDisk>,
}

/// A data disk made from the image's data disk image of the same LUN.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DataDisk {
    lun: u32,
    create_option: &'static str,
    /// Empty, as in the CLI's request: the size's default disk type.
    managed_disk: Empty,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OsDisk {
    create_option: &'static str,
    caching: &'static str,
    /// Empty, as in the CLI's request (`{"storageAccountType": null}`): the size's default disk type.
    managed_disk: Empty,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OsProfile {
    computer_name: String,
    admin_username: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    admin_password: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    linux_configuration: Option<LinuxConfiguration>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LinuxConfiguration {
    disable_password_authentication: bool,
    ssh: SshConfiguration,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SshConfiguration {
    public_keys: Vec<SshPublicKey>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SshPublicKey {
    key_data: String,
    path: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SecurityProfile {
    security_type: &'static str,
    uefi_settings: UefiSettings,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UefiSettings {
    secure_boot_enabled: bool,
    #[serde(rename = "vTpmEnabled")]
    v_tpm_enabled: bool,
}

// ----------------------------------------------------------------------------------------- references

/// A gallery resource as the template refers to it: its type and the parameters holding its name's segments.
struct Path<'p> {
    kind: &'static str,
    segments: Vec<&'p str>,
}

impl Path<'_> {
    fn arguments(&self) -> String {
        self.segments
            .iter()
            .map(|parameter| format!("parameters('{parameter}')"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The resource's `name`: `[parameters('galleryName')]`, `[format('{0}/{1}', ...)]` for children.
    fn name(&self) -> String {
        if let [only] = self.segments.as_slice() {
            return format!("[parameters('{only}')]");
        }
        let placeholders = (0..self.segments.len())
            .map(|index| format!("{{{index}}}"))
            .collect::<Vec<_>>()
            .join("/");
        format!("[format('{placeholders}', {})]", self.arguments())
    }

    /// `resourceId(...)`, without brackets.
    fn id(&self) -> String {
        format!("resourceId('{}', {})", self.kind, self.arguments())
    }

    /// The `scope` of an extension resource on it: `Microsoft.Compute/galleries/{0}/images/{1}`.
    fn scope(&self) -> String {
        let mut pattern = String::from("Microsoft.Compute");
        for (index, kind) in ["galleries", "images", "versions"]
            .iter()
            .take(self.segments.len())
            .enumerate()
        {
            let _ = write!(pattern, "/{kind}/{{{index}}}");
        }
        format!("[format('{pattern}', {})]", self.arguments())
    }
}

struct Builder<'p, 'a> {
    plan: &'p Plan<'a>,
    /// Role definition GUIDs and the variables holding their ids, in order of first use.
    roles: Vec<(String, String)>,
}

impl<'p, 'a> Builder<'p, 'a> {
    fn new(plan: &'p Plan<'a>) -> Self {
        let mut roles: Vec<(String, String)> = Vec::new();
        let mut custom = 0;
        for assignment in &plan.role_assignments {
            if roles
                .iter()
                .any(|(id, _)| *id == assignment.role_definition_id)
            {
                continue;
            }
            let variable = if let Some(name) = assignment.role_name {
                format!("{}RoleDefinitionId", lower_camel(name))
            } else {
                custom += 1;
                if custom == 1 {
                    "customRoleDefinitionId".to_owned()
                } else {
                    format!("customRole{custom}DefinitionId")
                }
            };
            roles.push((assignment.role_definition_id.clone(), variable));
        }
        Builder { plan, roles }
    }

    fn gallery_path(gallery: &'p GalleryPlan<'a>) -> Path<'p> {
        Path {
            kind: GALLERY_TYPE,
            segments: vec![&gallery.naming.parameter],
        }
    }

    fn definition_path(&self, definition: &'p DefinitionPlan<'a>) -> Path<'p> {
        let gallery = self.plan.gallery_of(definition);
        Path {
            kind: DEFINITION_TYPE,
            segments: vec![&gallery.naming.parameter, &definition.naming.parameter],
        }
    }

    fn version_path(&self, version: &'p VersionPlan<'a>) -> Path<'p> {
        let definition = self.plan.definition_of(version);
        let gallery = self.plan.gallery_of(definition);
        Path {
            kind: VERSION_TYPE,
            segments: vec![
                &gallery.naming.parameter,
                &definition.naming.parameter,
                &version.naming.parameter,
            ],
        }
    }

    fn scope_path(&self, scope: Scope) -> Path<'p> {
        match scope {
            Scope::Gallery(index) => Self::gallery_path(&self.plan.galleries[index]),
            Scope::ImageDefinition(index) => {
                self.definition_path(&self.plan.image_definitions[index])
            }
            Scope::ImageVersion(index) => self.version_path(&self.plan.image_versions[index]),
        }
    }

    /// Whether the template creates the resource (rather than referring to one made elsewhere).
    fn creates(&self, scope: Scope) -> bool {
        match scope {
            Scope::Gallery(index) => !self.plan.galleries[index].gallery.existing,
            Scope::ImageDefinition(index) => {
                !self.plan.image_definitions[index].definition.existing
            }
            Scope::ImageVersion(_) => true,
        }
    }

    /// `dependsOn` on a parent: only when this template creates it.
    fn depends_on(&self, scope: Scope) -> Vec<String> {
        if self.creates(scope) {
            vec![format!("[{}]", self.scope_path(scope).id())]
        } else {
            Vec::new()
        }
    }

    // ------------------------------------------------------------------------------------- parameters

    fn parameters(&self) -> Ordered<Parameter> {
        let plan = self.plan;
        let mut parameters = vec![(
            LOCATION.to_owned(),
            Parameter {
                kind: "string",
                default_value: Some("[resourceGroup().location]".to_owned()),
                metadata: Description {
                    description: "Location for all resources.".to_owned(),
                },
                value_for_file: None,
            },
        )];
        for gallery in &plan.galleries {
            let name = &gallery.gallery.name;
            let description = match (gallery.gallery.existing, plan.galleries.len()) {
                (false, 1) => "Name of the Azure Compute Gallery.".to_owned(),
                (false, _) => format!("Name of the Azure Compute Gallery {name}."),
                (true, _) => {
                    format!("Name of the existing Azure Compute Gallery {name}, made elsewhere.")
                }
            };
            parameters.push((
                gallery.naming.parameter.clone(),
                Parameter::named(name, description),
            ));
        }
        for definition in &plan.image_definitions {
            let name = &definition.definition.name;
            let gallery = &plan.gallery_of(definition).gallery.name;
            let existing = if definition.definition.existing {
                "existing "
            } else {
                ""
            };
            let description =
                format!("Name of the {existing}image definition {name} in gallery {gallery}.");
            parameters.push((
                definition.naming.parameter.clone(),
                Parameter::named(name, description),
            ));
        }
        for version in &plan.image_versions {
            let name = &version.version.name;
            let definition = &plan.definition_of(version).definition.name;
            let description = format!("Name of image version {name} of {definition}.");
            parameters.push((
                version.naming.parameter.clone(),
                Parameter::named(name, description),
            ));
        }
        for assignment in &plan.role_assignments {
            parameters.push((
                assignment.naming.parameter.clone(),
                self.principal_parameter(assignment),
            ));
        }
        for vm in &plan.vms {
            let name = &vm.vm.name;
            let description = format!(
                "Name of the virtual machine {name}; its network resources are named after it."
            );
            parameters.push((
                vm.naming.parameter.clone(),
                Parameter::named(name, description),
            ));
            if vm.authentication == Some(AuthenticationType::Password) {
                let user = vm.vm.admin_username.as_deref().unwrap_or_default();
                parameters.push((
                    password_parameter(vm),
                    Parameter {
                        kind: "securestring",
                        default_value: None,
                        metadata: Description {
                            description: format!("Password of {user} on virtual machine {name}."),
                        },
                        value_for_file: None,
                    },
                ));
            }
        }
        Ordered(parameters)
    }

    fn principal_parameter(&self, assignment: &RoleAssignmentPlan<'_>) -> Parameter {
        let spec = assignment.assignment;
        let role = assignment.role_name.unwrap_or(&spec.role);
        let scope = self.describe_scope(assignment.scope);
        let (default_value, description) = match (&spec.assignee_object_id, &spec.assignee) {
            (Some(id), Some(assignee)) => (
                Some(id.clone()),
                format!("Object id of {assignee}, given {role} on {scope}."),
            ),
            (Some(id), None) => (
                Some(id.clone()),
                format!("Object id of the principal given {role} on {scope}."),
            ),
            (None, assignee) => {
                let who = assignee.as_deref().unwrap_or("the principal");
                (
                    None,
                    format!(
                        "Object id of {who}, given {role} on {scope}. The spec names no assignee-object-id: pass the \
                         object id of {who}."
                    ),
                )
            }
        };
        Parameter {
            kind: "string",
            default_value: default_value.as_deref().map(literal),
            metadata: Description { description },
            value_for_file: default_value,
        }
    }

    fn describe_scope(&self, scope: Scope) -> String {
        let plan = self.plan;
        match scope {
            Scope::Gallery(index) => format!("gallery {}", plan.galleries[index].gallery.name),
            Scope::ImageDefinition(index) => {
                format!(
                    "image definition {}",
                    plan.image_definitions[index].definition.name
                )
            }
            Scope::ImageVersion(index) => {
                let version = &plan.image_versions[index];
                format!(
                    "image version {} of {}",
                    version.version.name,
                    plan.definition_of(version).definition.name
                )
            }
        }
    }

    fn variables(&self) -> Ordered<String> {
        Ordered(
            self.roles
                .iter()
                .map(|(id, variable)| {
                    let value = format!(
                        "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', {})]",
                        quoted(id)
                    );
                    (variable.clone(), value)
                })
                .collect(),
        )
    }

    // -------------------------------------------------------------------------------------- resources

    fn resources(&self) -> Vec<Resource> {
        let plan = self.plan;
        let mut resources = Vec::new();
        resources.extend(
            plan.galleries
                .iter()
                .filter(|gallery| !gallery.gallery.existing)
                .map(Self::gallery),
        );
        resources.extend(
            plan.image_definitions
                .iter()
                .filter(|definition| !definition.definition.existing)
                .map(|d| self.definition(d)),
        );
        resources.extend(
            plan.image_versions
                .iter()
                .map(|version| self.version(version)),
        );
        resources.extend(
            plan.role_assignments
                .iter()
                .map(|assignment| self.role_assignment(assignment)),
        );
        for vm in &plan.vms {
            resources.extend(self.vm(vm));
        }
        resources
    }

    fn gallery(gallery: &'p GalleryPlan<'a>) -> Resource {
        let spec = gallery.gallery;
        let community = (spec.publisher_uri.is_some()
            || spec.publisher_email.is_some()
            || spec.eula.is_some()
            || spec.public_name_prefix.is_some())
        .then(|| CommunityGalleryInfo {
            publisher_uri: spec.publisher_uri.as_deref().map(literal),
            publisher_contact: spec.publisher_email.as_deref().map(literal),
            eula: spec.eula.as_deref().map(literal),
            public_name_prefix: spec
                .public_name_prefix
                .as_ref()
                .map(|prefix| literal(prefix)),
        });
        let sharing_profile = spec.permissions.map(|permissions| SharingProfile {
            permissions: permissions.as_str(),
            community_gallery_info: community,
        });
        Resource {
            kind: GALLERY_TYPE,
            api_version: GALLERY_API,
            scope: None,
            name: Self::gallery_path(gallery).name(),
            location: Some(location(None)),
            tags: tags(&spec.tags),
            sku: None,
            properties: Properties::Gallery(GalleryProperties {
                description: spec.description.as_deref().map(literal),
                sharing_profile,
                soft_delete_policy: spec.soft_delete.map(|enabled| SoftDeletePolicy {
                    is_soft_delete_enabled: enabled,
                }),
            }),
            depends_on: Vec::new(),
        }
    }

    fn definition(&self, definition: &'p DefinitionPlan<'a>) -> Resource {
        let spec = definition.definition;
        let recommended = Recommended {
            v_cpus: Range {
                min: spec.minimum_cpu_core,
                max: spec.maximum_cpu_core,
            },
            memory: Range {
                min: spec.minimum_memory,
                max: spec.maximum_memory,
            },
        };
        let purchase_plan = (spec.plan_name.is_some()
            || spec.plan_product.is_some()
            || spec.plan_publisher.is_some())
        .then(|| PurchasePlan {
            name: spec.plan_name.as_deref().map(literal),
            publisher: spec.plan_publisher.as_deref().map(literal),
            product: spec.plan_product.as_deref().map(literal),
        });
        let properties = DefinitionProperties {
            description: spec.description.as_deref().map(literal),
            identifier: Identifier {
                publisher: literal(&spec.publisher),
                offer: literal(&spec.offer),
                sku: literal(&spec.sku),
            },
            os_type: spec.os_type.as_str(),
            os_state: spec.os_state.as_str(),
            hyper_v_generation: definition.hyper_v_generation.as_str(),
            architecture: definition.architecture.as_str(),
            features: definition
                .features
                .iter()
                .map(|feature| Feature {
                    name: feature.name,
                    value: literal(&feature.value),
                })
                .collect(),
            recommended: (!recommended.v_cpus.is_empty() || !recommended.memory.is_empty())
                .then_some(recommended),
            disallowed: (!spec.disallowed_disk_types.is_empty()).then(|| Disallowed {
                disk_types: spec
                    .disallowed_disk_types
                    .iter()
                    .map(|disk| literal(disk))
                    .collect(),
            }),
            end_of_life_date: spec.end_of_life_date.map(|date| date.to_string()),
            eula: spec.eula.as_deref().map(literal),
            privacy_statement_uri: spec.privacy_statement_uri.as_deref().map(literal),
            release_note_uri: spec.release_note_uri.as_deref().map(literal),
            purchase_plan,
        };
        Resource {
            kind: DEFINITION_TYPE,
            api_version: GALLERY_API,
            scope: None,
            name: self.definition_path(definition).name(),
            location: Some(location(None)),
            tags: tags(&spec.tags),
            sku: None,
            properties: Properties::ImageDefinition(Box::new(properties)),
            depends_on: self.depends_on(Scope::Gallery(definition.gallery)),
        }
    }

    fn version(&self, version: &'p VersionPlan<'a>) -> Resource {
        let spec = version.version;
        let own_location = spec
            .location
            .as_ref()
            .map(sigil_core::model::Region::as_str);
        let target_regions = if spec.target_regions.is_empty() {
            // The CLI's default, stated: the version's own region.
            vec![Region {
                name: location(own_location),
                regional_replica_count: version.replica_count,
                storage_account_type: None,
                exclude_from_latest: None,
            }]
        } else {
            spec.target_regions
                .iter()
                .map(|region| target_region(version, region))
                .collect()
        };
        let properties = VersionProperties {
            publishing_profile: PublishingProfile {
                target_regions,
                replica_count: version.replica_count,
                storage_account_type: version.storage_account_type.as_str(),
                replication_mode: version.replication_mode.as_str(),
                exclude_from_latest: version.exclude_from_latest,
                end_of_life_date: spec.end_of_life_date.map(|date| date.to_string()),
            },
            storage_profile: storage_profile(version),
        };
        Resource {
            kind: VERSION_TYPE,
            api_version: GALLERY_API,
            scope: None,
            name: self.version_path(version).name(),
            location: Some(location(own_location)),
            tags: tags(&spec.tags),
            sku: None,
            properties: Properties::ImageVersion(Box::new(properties)),
            depends_on: self.depends_on(Scope::ImageDefinition(version.definition)),
        }
    }

    fn role_assignment(&self, assignment: &RoleAssignmentPlan<'_>) -> Resource {
        let scope = self.scope_path(assignment.scope);
        let role = self
            .roles
            .iter()
            .find(|(id, _)| *id == assignment.role_definition_id)
            .map(|(_, variable)| format!("variables('{variable}')"))
            .expect("every role assignment's role has a variable");
        let principal = format!("parameters('{}')", assignment.naming.parameter);
        Resource {
            kind: ROLE_ASSIGNMENT_TYPE,
            api_version: ROLE_ASSIGNMENT_API,
            scope: Some(scope.scope()),
            name: format!("[guid({}, {principal}, {role})]", scope.id()),
            location: None,
            tags: Ordered(Vec::new()),
            sku: None,
            properties: Properties::RoleAssignment(RoleAssignmentProperties {
                role_definition_id: format!("[{role}]"),
                principal_id: format!("[{principal}]"),
            }),
            depends_on: self.depends_on(assignment.scope),
        }
    }

    /// What `az vm create` makes for a VM: the network of [`vm_network`], then the VM, waiting for its NIC and
    /// for the image versions it can be created from.
    fn vm(&self, vm: &VmPlan<'_>) -> Vec<Resource> {
        let spec = vm.vm;
        let definition = &self.plan.image_definitions[vm.definition];
        let (mut resources, nic_id) = vm_network(vm, definition.definition.os_type);
        let mut data_disks = Vec::new();
        let (image, mut depends_on) = match vm.image {
            VmImage::Version(index) => {
                let version = &self.plan.image_versions[index];
                // As the CLI does, one data disk per data disk image of the version.
                data_disks = version
                    .version
                    .data_snapshots
                    .iter()
                    .map(|disk| DataDisk {
                        lun: disk.lun,
                        create_option: "FromImage",
                        managed_disk: Empty {},
                    })
                    .collect();
                let id = format!("[{}]", self.version_path(version).id());
                (id.clone(), vec![id])
            }
            VmImage::Latest(index) => {
                let path = self.definition_path(&self.plan.image_definitions[index]);
                // `latest` needs a version: wait for every version of the definition this template makes.
                let versions = self
                    .plan
                    .image_versions
                    .iter()
                    .filter(|version| version.definition == index)
                    .map(|version| format!("[{}]", self.version_path(version).id()))
                    .collect();
                (format!("[{}]", path.id()), versions)
            }
        };
        depends_on.insert(0, nic_id.clone());
        // A definition that only runs as Trusted Launch needs a Trusted Launch VM (`az vm create
        // --security-type TrustedLaunch --enable-secure-boot true --enable-vtpm true`).
        let security_profile =
            (definition.security_type == SecurityType::TrustedLaunch).then_some(SecurityProfile {
                security_type: "TrustedLaunch",
                uefi_settings: UefiSettings {
                    secure_boot_enabled: true,
                    v_tpm_enabled: true,
                },
            });
        resources.push(Resource {
            kind: VM_TYPE,
            api_version: VM_API,
            scope: None,
            name: format!("[parameters('{}')]", vm.naming.parameter),
            location: Some(location(
                spec.location
                    .as_ref()
                    .map(sigil_core::model::Region::as_str),
            )),
            tags: tags(&spec.tags),
            sku: None,
            properties: Properties::VirtualMachine(Box::new(VmProperties {
                hardware_profile: HardwareProfile {
                    vm_size: literal(vm.size),
                },
                network_profile: NetworkProfile {
                    network_interfaces: vec![NetworkInterfaceReference {
                        id: nic_id,
                        properties: Empty {},
                    }],
                },
                storage_profile: VmStorageProfile {
                    os_disk: OsDisk {
                        create_option: "FromImage",
                        caching: "ReadWrite",
                        managed_disk: Empty {},
                    },
                    image_reference: Id { id: image },
                    data_disks,
                },
                os_profile: os_profile(vm),
                security_profile,
            })),
            depends_on,
        });
        resources
    }
}

/// The network `az vm create` makes for a VM, named after it as the CLI names it: a virtual network with one
/// subnet, a network security group (with the SSH or RDP rule only when the VM has a public IP: nothing is open
/// to the internet otherwise), the public IP when asked, and a NIC; with the NIC's id.
fn vm_network(vm: &VmPlan<'_>, os_type: OsType) -> (Vec<Resource>, String) {
    let spec = vm.vm;
    let name = format!("parameters('{}')", vm.naming.parameter);
    let derived = |pattern: &str| format!("format('{pattern}', {name})");
    let (vnet, subnet, nsg, public_ip, nic) = (
        derived("{0}VNET"),
        derived("{0}Subnet"),
        derived("{0}NSG"),
        derived("{0}PublicIP"),
        derived("{0}VMNic"),
    );
    let location = location(
        spec.location
            .as_ref()
            .map(sigil_core::model::Region::as_str),
    );
    let network = |kind: &'static str,
                   name: &str,
                   sku: Option<Sku>,
                   properties: Properties,
                   depends_on: Vec<String>| {
        Resource {
            kind,
            api_version: NETWORK_API,
            scope: None,
            name: format!("[{name}]"),
            location: Some(location.clone()),
            tags: tags(&spec.tags),
            sku,
            properties,
            depends_on,
        }
    };
    let id = |kind: &str, arguments: &str| format!("[resourceId('{kind}', {arguments})]");
    let (vnet_id, nsg_id, public_ip_id, nic_id) = (
        id(VNET_TYPE, &vnet),
        id(NSG_TYPE, &nsg),
        id(PUBLIC_IP_TYPE, &public_ip),
        id(NIC_TYPE, &nic),
    );

    let mut resources = vec![network(
        VNET_TYPE,
        &vnet,
        None,
        virtual_network(&subnet),
        Vec::new(),
    )];
    let security_rules = if spec.public_ip {
        vec![remote_access_rule(os_type)]
    } else {
        Vec::new()
    };
    resources.push(network(
        NSG_TYPE,
        &nsg,
        None,
        Properties::SecurityGroup(SecurityGroupProperties { security_rules }),
        Vec::new(),
    ));
    let mut nic_depends_on = vec![vnet_id, nsg_id.clone()];
    if spec.public_ip {
        resources.push(network(
            PUBLIC_IP_TYPE,
            &public_ip,
            Some(Sku { name: "Standard" }),
            Properties::PublicIp(PublicIpProperties {
                public_ip_allocation_method: "Static",
            }),
            Vec::new(),
        ));
        nic_depends_on.push(public_ip_id.clone());
    }
    resources.push(network(
        NIC_TYPE,
        &nic,
        None,
        Properties::NetworkInterface(NetworkInterfaceProperties {
            ip_configurations: vec![IpConfiguration {
                name: format!("[{}]", derived("ipconfig{0}")),
                properties: IpConfigurationProperties {
                    private_ip_allocation_method: "Dynamic",
                    subnet: Id {
                        id: id(
                            "Microsoft.Network/virtualNetworks/subnets",
                            &format!("{vnet}, {subnet}"),
                        ),
                    },
                    public_ip_address: spec.public_ip.then_some(Id { id: public_ip_id }),
                },
            }],
            network_security_group: Id { id: nsg_id },
        }),
        nic_depends_on,
    ));
    (resources, nic_id)
}

/// The virtual network `az vm create` makes: `10.0.0.0/16`, with one subnet `10.0.0.0/24`.
fn virtual_network(subnet: &str) -> Properties {
    Properties::VirtualNetwork(VirtualNetworkProperties {
        address_space: AddressSpace {
            address_prefixes: vec!["10.0.0.0/16"],
        },
        subnets: vec![Subnet {
            name: format!("[{subnet}]"),
            properties: SubnetProperties {
                address_prefix: "10.0.0.0/24",
            },
        }],
    })
}

/// The OS profile of a VM from a generalized image (a specialized one takes none): the admin, and either the SSH
/// key or the password from its secure parameter.
fn os_profile(vm: &VmPlan<'_>) -> Option<OsProfile> {
    let spec = vm.vm;
    let authentication = vm.authentication?;
    let user = spec.admin_username.as_deref().unwrap_or_default();
    Some(OsProfile {
        computer_name: computer_name(&spec.name).map_or_else(
            || format!("[parameters('{}')]", vm.naming.parameter),
            |computer| literal(&computer),
        ),
        admin_username: literal(user),
        admin_password: (authentication == AuthenticationType::Password)
            .then(|| format!("[parameters('{}')]", password_parameter(vm))),
        linux_configuration: spec
            .ssh_key_value
            .as_deref()
            .filter(|_| authentication == AuthenticationType::Ssh)
            .map(|key| LinuxConfiguration {
                disable_password_authentication: true,
                ssh: SshConfiguration {
                    public_keys: vec![SshPublicKey {
                        key_data: literal(key),
                        path: literal(&format!("/home/{user}/.ssh/authorized_keys")),
                    }],
                },
            }),
    })
}

/// A resource's location: the spec's own for it, else the `location` parameter.
fn location(own: Option<&str>) -> String {
    own.map_or_else(|| format!("[parameters('{LOCATION}')]"), literal)
}

/// The secure parameter holding a VM's admin password.
fn password_parameter(vm: &VmPlan<'_>) -> String {
    format!("{}AdminPassword", vm.naming.symbol)
}

/// The computer name `az vm create` derives from a VM name (the name without the characters it removes), when
/// that differs from the name.
fn computer_name(vm_name: &str) -> Option<String> {
    const REMOVED: &str = "`~!@#$%^&*()=+_[]{}\\|;:'\",<>/?";
    let computer: String = vm_name.chars().filter(|c| !REMOVED.contains(*c)).collect();
    (computer != vm_name).then_some(computer)
}

/// The inbound rule `az vm create` opens for a VM with a public IP: SSH on Linux, RDP on Windows.
fn remote_access_rule(os_type: OsType) -> SecurityRule {
    let (name, port) = match os_type {
        OsType::Linux => ("default-allow-ssh", "22"),
        OsType::Windows => ("rdp", "3389"),
    };
    SecurityRule {
        name,
        properties: SecurityRuleProperties {
            protocol: "Tcp",
            source_port_range: "*",
            destination_port_range: port,
            source_address_prefix: "*",
            destination_address_prefix: "*",
            access: "Allow",
            priority: 1000,
            direction: "Inbound",
        },
    }
}

/// Where a version's disks come from, as the CLI's flags put it (see [`VersionSource`]).
fn storage_profile(version: &VersionPlan<'_>) -> StorageProfile {
    let spec = version.version;
    let host_caching = spec
        .os_disk_host_caching
        .map(sigil_core::model::HostCaching::as_str);
    let (source, os_source) = match version.source {
        VersionSource::ManagedImage(id) => (
            Some(FullSource {
                id: Some(literal(id)),
                virtual_machine_id: None,
            }),
            None,
        ),
        VersionSource::VirtualMachine(id) => (
            Some(FullSource {
                id: None,
                virtual_machine_id: Some(literal(id)),
            }),
            None,
        ),
        VersionSource::Snapshot(id) => (
            None,
            Some(DiskSource {
                id: Some(literal(id)),
                uri: None,
                storage_account_id: None,
            }),
        ),
        VersionSource::Vhd {
            uri,
            storage_account,
        } => (
            None,
            Some(DiskSource {
                id: None,
                uri: Some(literal(uri)),
                storage_account_id: Some(literal(storage_account)),
            }),
        ),
    };
    let os_disk_image = (host_caching.is_some() || os_source.is_some()).then_some(DiskImage {
        host_caching,
        source: os_source,
    });
    let data_disk_images = spec
        .data_snapshots
        .iter()
        .map(|disk| DataDiskImage {
            lun: disk.lun,
            host_caching: disk
                .host_caching
                .map(sigil_core::model::HostCaching::as_str),
            source: DiskSource {
                id: Some(literal(&disk.snapshot)),
                uri: None,
                storage_account_id: None,
            },
        })
        .collect();
    StorageProfile {
        source,
        os_disk_image,
        data_disk_images,
    }
}

/// A target region as the spec gives it, its replica count always stated (the region's, else the version's).
fn target_region(version: &VersionPlan<'_>, region: &TargetRegion) -> Region {
    Region {
        name: literal(region.name.as_str()),
        regional_replica_count: version.version.replicas_in(region),
        storage_account_type: region
            .storage_account_type
            .map(sigil_core::model::StorageAccountType::as_str),
        exclude_from_latest: region.exclude_from_latest,
    }
}

/// `Compute Gallery Sharing Admin` → `computeGallerySharingAdmin`.
fn lower_camel(name: &str) -> String {
    let mut camel = String::new();
    for (index, word) in name
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
