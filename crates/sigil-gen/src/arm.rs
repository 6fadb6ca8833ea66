//! The ARM template and its parameters file, built as data with serde (never as text).
//!
//! Every object is a struct (or an [`Ordered`] map), so keys come out in one readable order — `type`,
//! `apiVersion`, `name`, `location`, `properties`, `dependsOn` — without `serde_json`'s `preserve_order`. Every
//! value the spec supplies passes through [`literal`], so none can turn into a template expression.
//!
//! A VM in another resource group, and its network, are the inline template of a nested deployment into that
//! group (`Microsoft.Resources/deployments`, evaluated in its own scope), which the Bicep module of that VM
//! compiles to.

use std::fmt::Write as _;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use sigil_core::model::{HostCaching, StorageAccountType, Tags};

use crate::api_versions;
use crate::parameters::{self, InnerValue, LOCATION};
use crate::plan::{
    ASSIGNMENT_NAME_INPUTS, AssignmentNameInput, Credential, DefinitionPlan, GalleryPlan, Location,
    NamePattern, NestedDeployment, NetworkPlan, OsProfilePlan, OtherGroupPlan, Plan,
    RemoteAccessRule, RoleAssignmentPlan, Scope, TargetRegionPlan, VersionPlan, VersionSource,
    VmImage, VmPlan,
};
use crate::{GenError, Options};

const TEMPLATE_SCHEMA: &str =
    "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";
const PARAMETERS_SCHEMA: &str =
    "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#";
const CONTENT_VERSION: &str = "1.0.0.0";

const GALLERY_TYPE: &str = "Microsoft.Compute/galleries";
const DEFINITION_TYPE: &str = "Microsoft.Compute/galleries/images";
const VERSION_TYPE: &str = "Microsoft.Compute/galleries/images/versions";
const ROLE_ASSIGNMENT_TYPE: &str = "Microsoft.Authorization/roleAssignments";
const VNET_TYPE: &str = "Microsoft.Network/virtualNetworks";
const NSG_TYPE: &str = "Microsoft.Network/networkSecurityGroups";
const PUBLIC_IP_TYPE: &str = "Microsoft.Network/publicIPAddresses";
const NIC_TYPE: &str = "Microsoft.Network/networkInterfaces";
const VM_TYPE: &str = "Microsoft.Compute/virtualMachines";
const DEPLOYMENT_TYPE: &str = "Microsoft.Resources/deployments";

/// The ARM template (`azuredeploy.json`).
pub fn template(plan: &Plan<'_>, options: &Options) -> Result<String, GenError> {
    let builder = Builder { plan };
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
    let parameters = template_parameters(plan)
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

/// `format('{prefix}{0}{suffix}', argument)`: the name `pattern` makes from the value of the expression
/// `argument`, without brackets.
fn format_pattern(pattern: NamePattern, argument: &str) -> String {
    let format_text = |text: &str| text.replace('{', "{{").replace('}', "}}");
    let format = format!(
        "{}{{0}}{}",
        format_text(pattern.prefix),
        format_text(pattern.suffix)
    );
    format!("format({}, {argument})", quoted(&format))
}

/// `[parameters('name')]` when the spec names a template parameter for the value, else the value itself.
fn parameter_or_literal(name: Option<&str>, value: &str) -> String {
    name.map_or_else(|| literal(value), |name| format!("[{}]", parameter(name)))
}

/// `parameters('name')`, without brackets.
fn parameter(name: &str) -> String {
    format!("parameters('{name}')")
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
    /// A parameter of [`parameters::parameters`]: a string defaulting to the spec's value, repeated in the
    /// parameters file; the location, defaulting to the resource group's; or one the deployer supplies.
    fn of(parameter: parameters::Parameter) -> Self {
        let (default_value, value_for_file) = match parameter.default {
            parameters::Default::ResourceGroupLocation => {
                (Some("[resourceGroup().location]".to_owned()), None)
            }
            parameters::Default::Text(value) => (Some(literal(&value)), Some(value)),
            parameters::Default::Required => (None, None),
        };
        Parameter {
            kind: if parameter.secure {
                "securestring"
            } else {
                "string"
            },
            default_value,
            metadata: Description {
                description: parameter.description,
                assignee: parameter.assignee,
            },
            value_for_file,
        }
    }
}

/// The template's parameters, by name.
fn template_parameters(plan: &Plan<'_>) -> Ordered<Parameter> {
    Ordered(
        parameters::parameters(plan)
            .into_iter()
            .map(|parameter| (parameter.name.clone(), Parameter::of(parameter)))
            .collect(),
    )
}

#[derive(Serialize)]
struct Description {
    description: String,
    /// The principal an object id parameter belongs to, as the spec names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    assignee: Option<String>,
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
    /// `resourceGroup`: the resource group a nested deployment deploys to.
    #[serde(rename = "resourceGroup", skip_serializing_if = "Option::is_none")]
    target_group: Option<String>,
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
    Deployment(Box<DeploymentProperties>),
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

/// A nested deployment's properties: an inline template evaluated in its own scope, with the values the outer
/// template passes to its parameters.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DeploymentProperties {
    expression_evaluation_options: ExpressionEvaluationOptions,
    mode: &'static str,
    parameters: Ordered<ParameterValue>,
    template: InnerTemplate,
}

#[derive(Serialize)]
struct ExpressionEvaluationOptions {
    scope: &'static str,
}

/// The template of a nested deployment: no metadata, parameters without defaults.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct InnerTemplate {
    #[serde(rename = "$schema")]
    schema: &'static str,
    content_version: &'static str,
    parameters: Ordered<Parameter>,
    resources: Vec<Resource>,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    dns_settings: Option<DnsSettings>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DnsSettings {
    domain_name_label: String,
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
}

impl<'p, 'a> Builder<'p, 'a> {
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

    /// `dependsOn` of a resource on or under `scope`: the scope when this template creates it, else its
    /// nearest parent the template creates ([`Plan::waited_for`]).
    fn depends_on(&self, scope: Scope) -> Vec<String> {
        self.plan
            .waited_for(scope)
            .map(|waited_for| format!("[{}]", self.scope_path(waited_for).id()))
            .into_iter()
            .collect()
    }

    // ------------------------------------------------------------------------------------- parameters

    fn parameters(&self) -> Ordered<Parameter> {
        template_parameters(self.plan)
    }

    /// The resource id of each role definition the role assignments use.
    fn variables(&self) -> Ordered<String> {
        Ordered(
            self.plan
                .roles
                .iter()
                .map(|role| {
                    let value = format!(
                        "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', {})]",
                        quoted(&role.definition_id)
                    );
                    (role.variable.clone(), value)
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
                .filter_map(|version| version.source.map(|source| self.version(version, source))),
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
        let sharing_profile = gallery.sharing.map(|sharing| SharingProfile {
            permissions: sharing.permissions.as_str(),
            community_gallery_info: sharing.community.map(|community| CommunityGalleryInfo {
                publisher_uri: community.publisher_uri.map(literal),
                publisher_contact: community.publisher_contact.map(literal),
                eula: community.eula.map(literal),
                public_name_prefix: community.public_name_prefix.map(literal),
            }),
        });
        Resource {
            kind: GALLERY_TYPE,
            api_version: api_versions::GALLERY,
            scope: None,
            name: Self::gallery_path(gallery).name(),
            target_group: None,
            location: Some(deployment_location()),
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
            api_version: api_versions::GALLERY,
            scope: None,
            name: self.definition_path(definition).name(),
            target_group: None,
            location: Some(deployment_location()),
            tags: tags(&spec.tags),
            sku: None,
            properties: Properties::ImageDefinition(Box::new(properties)),
            depends_on: self.depends_on(Scope::Gallery(definition.gallery)),
        }
    }

    /// A version the template creates, from `source`; one made elsewhere is only named by `resourceId`.
    fn version(&self, version: &'p VersionPlan<'a>, source: VersionSource<'_>) -> Resource {
        let spec = version.version;
        let properties = VersionProperties {
            publishing_profile: PublishingProfile {
                target_regions: version.target_regions.iter().map(target_region).collect(),
                replica_count: version.replica_count,
                storage_account_type: version.storage_account_type.as_str(),
                replication_mode: version.replication_mode.as_str(),
                exclude_from_latest: version.exclude_from_latest,
                end_of_life_date: spec.end_of_life_date.map(|date| date.to_string()),
            },
            storage_profile: storage_profile(version, source),
        };
        Resource {
            kind: VERSION_TYPE,
            api_version: api_versions::GALLERY,
            scope: None,
            name: self.version_path(version).name(),
            target_group: None,
            location: Some(location(version.location)),
            tags: tags(&spec.tags),
            sku: None,
            properties: Properties::ImageVersion(Box::new(properties)),
            depends_on: self.depends_on(Scope::ImageDefinition(version.definition)),
        }
    }

    fn role_assignment(&self, assignment: &RoleAssignmentPlan<'_>) -> Resource {
        let scope = self.scope_path(assignment.scope);
        let role = format!("variables('{}')", self.plan.role_of(assignment).variable);
        let principal = parameter(&assignment.naming.parameter);
        let name_inputs: Vec<String> = ASSIGNMENT_NAME_INPUTS
            .iter()
            .map(|input| match input {
                AssignmentNameInput::ScopeId => scope.id(),
                AssignmentNameInput::PrincipalId => principal.clone(),
                AssignmentNameInput::RoleDefinitionId => role.clone(),
            })
            .collect();
        Resource {
            kind: ROLE_ASSIGNMENT_TYPE,
            api_version: api_versions::ROLE_ASSIGNMENT,
            scope: Some(scope.scope()),
            name: format!("[guid({})]", name_inputs.join(", ")),
            target_group: None,
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

    /// The resources of a VM: in the spec's group, those of [`vm_resources`], waiting for its image; in
    /// another group, the nested deployment that makes them there.
    fn vm(&self, vm: &VmPlan<'_>) -> Vec<Resource> {
        let (image, image_scope) = match vm.image {
            VmImage::Version(index) => (
                self.version_path(&self.plan.image_versions[index]),
                Scope::ImageVersion(index),
            ),
            VmImage::Latest(index) => (
                self.definition_path(&self.plan.image_definitions[index]),
                Scope::ImageDefinition(index),
            ),
        };
        let image_id = format!("[{}]", image.id());
        let waits_for = self.image_depends_on(vm, image_scope);
        match self.plan.nested_deployment_of(vm) {
            None => vm_resources(vm, image_id, waits_for),
            Some((nested, group)) => {
                vec![self.nested_deployment(vm, nested, group, &image_id, waits_for)]
            }
        }
    }

    /// A deployment into the VM's resource group, nested in this one: its template holds the resources of
    /// [`vm_resources`], evaluated in its own (inner) scope, so that `resourceId()` names them in that group.
    /// The outer template passes the parameters they use and the image's id, built here, where the gallery is;
    /// the deployment waits for the image as the VM would.
    fn nested_deployment(
        &self,
        vm: &VmPlan<'_>,
        nested: &NestedDeployment,
        group: &OtherGroupPlan<'_>,
        image_id: &str,
        waits_for: Vec<String>,
    ) -> Resource {
        let inner = parameters::inner_parameters(self.plan, vm);
        let values = inner
            .iter()
            .map(|inner| {
                let value = match inner.value {
                    InnerValue::Parameter => format!("[{}]", parameter(&inner.parameter.name)),
                    InnerValue::ImageId => image_id.to_owned(),
                };
                (inner.parameter.name.clone(), ParameterValue { value })
            })
            .collect();
        let declared = inner
            .into_iter()
            .map(|inner| (inner.parameter.name.clone(), Parameter::of(inner.parameter)))
            .collect();
        let template = InnerTemplate {
            schema: TEMPLATE_SCHEMA,
            content_version: CONTENT_VERSION,
            parameters: Ordered(declared),
            resources: vm_resources(
                vm,
                format!("[{}]", parameter(nested.image_parameter)),
                Vec::new(),
            ),
        };
        Resource {
            kind: DEPLOYMENT_TYPE,
            api_version: api_versions::DEPLOYMENT,
            scope: None,
            name: literal(&nested.name),
            target_group: Some(format!("[{}]", parameter(&group.parameter))),
            location: None,
            tags: Ordered(Vec::new()),
            sku: None,
            properties: Properties::Deployment(Box::new(DeploymentProperties {
                expression_evaluation_options: ExpressionEvaluationOptions { scope: "inner" },
                mode: "Incremental",
                parameters: Ordered(values),
                template,
            })),
            depends_on: waits_for,
        }
    }

    /// What a VM waits for before it can be made from its image: for `latest`, the versions of the definition
    /// this template makes (which wait for the definition in turn); otherwise the image itself, or its
    /// nearest parent the template makes ([`Plan::waited_for`]).
    fn image_depends_on(&self, vm: &VmPlan<'_>, image: Scope) -> Vec<String> {
        if vm.latest_versions.is_empty() {
            return self.depends_on(image);
        }
        vm.latest_versions
            .iter()
            .map(|&version| self.version_path(&self.plan.image_versions[version]).id())
            .map(|id| format!("[{id}]"))
            .collect()
    }
}

/// What `az vm create` makes for a VM: the network of [`vm_network`], then the VM, made from the image whose id
/// `image_id` holds, waiting for its NIC and for what `waits_for` lists.
fn vm_resources(vm: &VmPlan<'_>, image_id: String, waits_for: Vec<String>) -> Vec<Resource> {
    let (mut resources, nic_id) = vm_network(vm);
    let mut depends_on = vec![nic_id.clone()];
    depends_on.extend(waits_for);
    resources.push(Resource {
        kind: VM_TYPE,
        api_version: api_versions::VIRTUAL_MACHINE,
        scope: None,
        name: format!("[{}]", parameter(&vm.naming.parameter)),
        target_group: None,
        location: Some(location(vm.location)),
        tags: tags(&vm.vm.tags),
        sku: None,
        properties: Properties::VirtualMachine(Box::new(vm_properties(vm, nic_id, image_id))),
        depends_on,
    });
    resources
}

/// A VM's properties: its size, NIC, disks from the image, OS profile and security profile.
fn vm_properties(vm: &VmPlan<'_>, nic_id: String, image: String) -> VmProperties {
    VmProperties {
        hardware_profile: HardwareProfile {
            vm_size: parameter_or_literal(vm.size_parameter.as_deref(), vm.size),
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
                caching: vm.os_disk_caching.as_str(),
                managed_disk: Empty {},
            },
            image_reference: Id { id: image },
            data_disks: vm
                .data_disk_luns
                .iter()
                .map(|&lun| DataDisk {
                    lun,
                    create_option: "FromImage",
                    managed_disk: Empty {},
                })
                .collect(),
        },
        os_profile: vm
            .os_profile
            .as_ref()
            .map(|profile| os_profile(vm, profile)),
        security_profile: vm.security_profile.map(|profile| SecurityProfile {
            security_type: profile.security_type.as_str(),
            uefi_settings: UefiSettings {
                secure_boot_enabled: profile.secure_boot,
                v_tpm_enabled: profile.vtpm,
            },
        }),
    }
}

/// The expressions of the names of a VM's network resources, each made from the VM's name parameter.
struct NetworkNames {
    vnet: String,
    subnet: String,
    nsg: String,
    public_ip: Option<String>,
    nic: String,
    ip_configuration: String,
}

impl NetworkNames {
    fn of(vm: &VmPlan<'_>) -> Self {
        let vm_name = parameter(&vm.naming.parameter);
        let derived = |pattern: NamePattern| format_pattern(pattern, &vm_name);
        let network = &vm.network;
        Self {
            vnet: derived(network.virtual_network),
            subnet: derived(network.subnet),
            nsg: derived(network.security_group),
            public_ip: network.public_ip.map(|public_ip| derived(public_ip.name)),
            nic: derived(network.interface),
            ip_configuration: derived(network.ip_configuration),
        }
    }
}

/// `[resourceId('kind', arguments)]`.
fn resource_id(kind: &str, arguments: &str) -> String {
    format!("[resourceId('{kind}', {arguments})]")
}

/// The network `az vm create` makes for a VM ([`NetworkPlan`]), with the NIC's id.
fn vm_network(vm: &VmPlan<'_>) -> (Vec<Resource>, String) {
    let plan = &vm.network;
    let names = NetworkNames::of(vm);
    let network = |kind: &'static str,
                   name: &str,
                   sku: Option<Sku>,
                   properties: Properties,
                   depends_on: Vec<String>| {
        Resource {
            kind,
            api_version: api_versions::NETWORK,
            scope: None,
            name: format!("[{name}]"),
            target_group: None,
            location: Some(location(vm.location)),
            tags: tags(&vm.vm.tags),
            sku,
            properties,
            depends_on,
        }
    };
    let security_group = Properties::SecurityGroup(SecurityGroupProperties {
        security_rules: plan.remote_access.map(security_rule).into_iter().collect(),
    });
    let mut resources = vec![
        network(
            VNET_TYPE,
            &names.vnet,
            None,
            virtual_network(plan, &names.subnet),
            Vec::new(),
        ),
        network(NSG_TYPE, &names.nsg, None, security_group, Vec::new()),
    ];
    let mut nic_depends_on = vec![
        resource_id(VNET_TYPE, &names.vnet),
        resource_id(NSG_TYPE, &names.nsg),
    ];
    if let (Some(public_ip), Some(name)) = (plan.public_ip, &names.public_ip) {
        let properties = Properties::PublicIp(PublicIpProperties {
            public_ip_allocation_method: public_ip.allocation,
            dns_settings: vm.dns_label.map(|label| DnsSettings {
                domain_name_label: parameter_or_literal(vm.dns_label_parameter.as_deref(), label),
            }),
        });
        let sku = Some(Sku {
            name: public_ip.sku,
        });
        resources.push(network(PUBLIC_IP_TYPE, name, sku, properties, Vec::new()));
        nic_depends_on.push(resource_id(PUBLIC_IP_TYPE, name));
    }
    let interface = network_interface(plan, &names);
    resources.push(network(
        NIC_TYPE,
        &names.nic,
        None,
        interface,
        nic_depends_on,
    ));
    (resources, resource_id(NIC_TYPE, &names.nic))
}

/// The NIC of a VM: one IP configuration in the subnet, with the public IP when there is one, and the NSG.
fn network_interface(network: &NetworkPlan, names: &NetworkNames) -> Properties {
    let subnet_arguments = format!("{}, {}", names.vnet, names.subnet);
    Properties::NetworkInterface(NetworkInterfaceProperties {
        ip_configurations: vec![IpConfiguration {
            name: format!("[{}]", names.ip_configuration),
            properties: IpConfigurationProperties {
                private_ip_allocation_method: network.private_ip_allocation,
                subnet: Id {
                    id: resource_id(
                        "Microsoft.Network/virtualNetworks/subnets",
                        &subnet_arguments,
                    ),
                },
                public_ip_address: names.public_ip.as_ref().map(|name| Id {
                    id: resource_id(PUBLIC_IP_TYPE, name),
                }),
            },
        }],
        network_security_group: Id {
            id: resource_id(NSG_TYPE, &names.nsg),
        },
    })
}

/// The virtual network of a VM, with its one subnet (`subnet` is the expression of the subnet's name).
fn virtual_network(network: &NetworkPlan, subnet: &str) -> Properties {
    Properties::VirtualNetwork(VirtualNetworkProperties {
        address_space: AddressSpace {
            address_prefixes: vec![network.address_prefix],
        },
        subnets: vec![Subnet {
            name: format!("[{subnet}]"),
            properties: SubnetProperties {
                address_prefix: network.subnet_prefix,
            },
        }],
    })
}

/// The OS profile of a VM from a generalized image: the admin from its parameter, and either the SSH key or
/// the password from its secure parameter.
fn os_profile(vm: &VmPlan<'_>, profile: &OsProfilePlan<'_>) -> OsProfile {
    let user = parameter(&profile.admin_username_parameter);
    let (admin_password, linux_configuration) = match &profile.credential {
        Credential::Password {
            parameter: password,
        } => (Some(format!("[{}]", parameter(password))), None),
        Credential::Ssh { public_key, path } => (
            None,
            public_key.map(|key| LinuxConfiguration {
                disable_password_authentication: true,
                ssh: SshConfiguration {
                    public_keys: vec![SshPublicKey {
                        key_data: literal(key),
                        path: format!("[{}]", format_pattern(*path, &user)),
                    }],
                },
            }),
        ),
    };
    OsProfile {
        computer_name: profile
            .computer_name
            .as_deref()
            .map_or_else(|| format!("[{}]", parameter(&vm.naming.parameter)), literal),
        admin_username: format!("[{user}]"),
        admin_password,
        linux_configuration,
    }
}

/// A resource's location: the spec's own for it, else the `location` parameter.
fn location(location: Location<'_>) -> String {
    location
        .given()
        .map_or_else(deployment_location, |region| literal(region.as_str()))
}

/// The `location` parameter: the deployment's location, which defaults to the resource group's.
fn deployment_location() -> String {
    format!("[{}]", parameter(LOCATION))
}

/// The inbound rule opening SSH or RDP to a VM with a public IP.
fn security_rule(rule: RemoteAccessRule) -> SecurityRule {
    SecurityRule {
        name: rule.name,
        properties: SecurityRuleProperties {
            protocol: rule.protocol,
            source_port_range: "*",
            destination_port_range: rule.port,
            source_address_prefix: "*",
            destination_address_prefix: "*",
            access: "Allow",
            priority: rule.priority,
            direction: "Inbound",
        },
    }
}

/// Where a version's disks come from, as the CLI's flags put it (see [`VersionSource`]).
fn storage_profile(version: &VersionPlan<'_>, source: VersionSource<'_>) -> StorageProfile {
    let spec = version.version;
    let host_caching = spec.os_disk_host_caching.map(HostCaching::as_str);
    let (source, os_source) = match source {
        VersionSource::ManagedImage(id) => (
            Some(FullSource {
                id: Some(parameter_or_literal(
                    version.managed_image_parameter.as_deref(),
                    id,
                )),
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
            host_caching: disk.host_caching.map(HostCaching::as_str),
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

/// A target region as the plan states it.
fn target_region(region: &TargetRegionPlan<'_>) -> Region {
    Region {
        name: location(region.location),
        regional_replica_count: region.replica_count,
        storage_account_type: region.storage_account_type.map(StorageAccountType::as_str),
        exclude_from_latest: region.exclude_from_latest,
    }
}
