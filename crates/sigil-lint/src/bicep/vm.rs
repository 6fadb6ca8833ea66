//! Virtual machines (`Microsoft.Compute/virtualMachines`) made from a gallery image, with the network
//! `az vm create` makes for one, which sigil writes too: a virtual network with one subnet, a network security
//! group, a public IP address when asked, and a network interface joining them. A VM whose image is not a
//! gallery image definition or version is not one the spec describes.
//!
//! The network resources are found through the VM's references (`nic.id`, `nsg.id`,
//! `resourceId('Microsoft.Network/virtualNetworks/subnets', vnet.name, ...)`); what they hold beyond the
//! spec's keys (`public-ip`, `dns-label`, `nsg-rule`) is compared with what `az vm create` and sigil write,
//! and a difference is noted as ignored.

use std::ops::Range;

use sigil_spec::document::{Entry, Node};
use tree_sitter::Node as Syntax;

use super::leftovers::{self, Expect, Layout};
use super::{Collected, Notes, Other, Reader, named_children, parameters_entry, push};
use crate::arm::ResourceKind;

use Expect::{Is, Read};

const VM_TYPE: &str = "Microsoft.Compute/virtualMachines";
const INTERFACE_TYPE: &str = "Microsoft.Network/networkInterfaces";
const PUBLIC_IP_TYPE: &str = "Microsoft.Network/publicIPAddresses";
const SECURITY_GROUP_TYPE: &str = "Microsoft.Network/networkSecurityGroups";
const VIRTUAL_NETWORK_TYPE: &str = "Microsoft.Network/virtualNetworks";

/// What every resource of a VM may hold: its name (checked on its own), where it goes, its tags (the VM's),
/// its dependencies.
const COMMON: [(&[&str], Expect); 4] = [
    (&["name"], Read),
    (&["location"], Read),
    (&["tags"], Read),
    (&["dependsOn"], Read),
];

const VM: Layout = &[
    COMMON[0],
    COMMON[1],
    COMMON[2],
    COMMON[3],
    (&["properties", "hardwareProfile", "vmSize"], Read),
    (
        &[
            "properties",
            "networkProfile",
            "networkInterfaces",
            "0",
            "id",
        ],
        Read,
    ),
    (
        &["properties", "storageProfile", "osDisk", "createOption"],
        Is("FromImage"),
    ),
    (
        &["properties", "storageProfile", "osDisk", "caching"],
        Is("ReadWrite"),
    ),
    (
        &["properties", "storageProfile", "imageReference", "id"],
        Read,
    ),
    // One data disk per data disk image of a pinned version.
    (
        &["properties", "storageProfile", "dataDisks", "*", "lun"],
        Read,
    ),
    (
        &[
            "properties",
            "storageProfile",
            "dataDisks",
            "*",
            "createOption",
        ],
        Is("FromImage"),
    ),
    (&["properties", "osProfile", "computerName"], Read),
    (&["properties", "osProfile", "adminUsername"], Read),
    (&["properties", "osProfile", "adminPassword"], Read),
    (
        &[
            "properties",
            "osProfile",
            "linuxConfiguration",
            "disablePasswordAuthentication",
        ],
        Is("true"),
    ),
    (
        &[
            "properties",
            "osProfile",
            "linuxConfiguration",
            "ssh",
            "publicKeys",
            "0",
        ],
        Read,
    ),
    // Trusted Launch, which sigil turns on for an image definition that needs it.
    (
        &["properties", "securityProfile", "securityType"],
        Is("TrustedLaunch"),
    ),
    (
        &[
            "properties",
            "securityProfile",
            "uefiSettings",
            "secureBootEnabled",
        ],
        Is("true"),
    ),
    (
        &[
            "properties",
            "securityProfile",
            "uefiSettings",
            "vTpmEnabled",
        ],
        Is("true"),
    ),
];

const INTERFACE: Layout = &[
    COMMON[0],
    COMMON[1],
    COMMON[2],
    COMMON[3],
    (&["properties", "ipConfigurations", "0", "name"], Read),
    (
        &[
            "properties",
            "ipConfigurations",
            "0",
            "properties",
            "privateIPAllocationMethod",
        ],
        Is("Dynamic"),
    ),
    (
        &[
            "properties",
            "ipConfigurations",
            "0",
            "properties",
            "subnet",
            "id",
        ],
        Read,
    ),
    (
        &[
            "properties",
            "ipConfigurations",
            "0",
            "properties",
            "publicIPAddress",
            "id",
        ],
        Read,
    ),
    (&["properties", "networkSecurityGroup", "id"], Read),
];

const PUBLIC_IP: Layout = &[
    COMMON[0],
    COMMON[1],
    COMMON[2],
    COMMON[3],
    (&["sku", "name"], Is("Standard")),
    (&["properties", "publicIPAllocationMethod"], Is("Static")),
    (&["properties", "dnsSettings", "domainNameLabel"], Read),
];

/// The rule `az vm create --nsg-rule SSH|RDP` opens; its port is read as `nsg-rule`.
const SECURITY_GROUP: Layout = &[
    COMMON[0],
    COMMON[1],
    COMMON[2],
    COMMON[3],
    (&["properties", "securityRules", "0", "name"], Read),
    (
        &["properties", "securityRules", "0", "properties", "protocol"],
        Is("Tcp"),
    ),
    (
        &[
            "properties",
            "securityRules",
            "0",
            "properties",
            "sourcePortRange",
        ],
        Is("*"),
    ),
    (
        &[
            "properties",
            "securityRules",
            "0",
            "properties",
            "destinationPortRange",
        ],
        Read,
    ),
    (
        &[
            "properties",
            "securityRules",
            "0",
            "properties",
            "sourceAddressPrefix",
        ],
        Read,
    ),
    (
        &[
            "properties",
            "securityRules",
            "0",
            "properties",
            "destinationAddressPrefix",
        ],
        Is("*"),
    ),
    (
        &["properties", "securityRules", "0", "properties", "access"],
        Is("Allow"),
    ),
    (
        &["properties", "securityRules", "0", "properties", "priority"],
        Is("1000"),
    ),
    (
        &[
            "properties",
            "securityRules",
            "0",
            "properties",
            "direction",
        ],
        Is("Inbound"),
    ),
];

const VIRTUAL_NETWORK: Layout = &[
    COMMON[0],
    COMMON[1],
    COMMON[2],
    COMMON[3],
    (
        &["properties", "addressSpace", "addressPrefixes", "0"],
        Is("10.0.0.0/16"),
    ),
    (&["properties", "subnets", "0", "name"], Read),
    (
        &["properties", "subnets", "0", "properties", "addressPrefix"],
        Is("10.0.0.0/24"),
    ),
];

/// The keys of a VM whose template parameter a spec names.
const PARAMETERISED: &[&str] = &[
    "name",
    "size",
    "admin-username",
    "admin-password",
    "dns-label",
];

/// A value read from the file: its text, where it is written, and the template parameter it is.
struct Scalar {
    text: String,
    range: Range<usize>,
    parameter: Option<String>,
}

/// A VM's spec table as it is read.
#[derive(Default)]
struct Table {
    entries: Vec<Entry>,
    parameters: Vec<Entry>,
}

impl Table {
    fn string(&mut self, key: &'static str, key_range: Range<usize>, scalar: &Scalar) {
        self.entries.push(Entry::new(
            key,
            key_range.clone(),
            Node::string(scalar.range.clone(), scalar.text.clone()),
        ));
        self.parameter(key, key_range, scalar.parameter.clone(), &scalar.range);
    }

    fn parameter(
        &mut self,
        key: &'static str,
        key_range: Range<usize>,
        parameter: Option<String>,
        range: &Range<usize>,
    ) {
        if let Some(parameter) = parameter.filter(|_| PARAMETERISED.contains(&key)) {
            self.parameters.push(Entry::new(
                key,
                key_range,
                Node::string(range.clone(), parameter),
            ));
        }
    }
}

impl<'t> Reader<'t> {
    /// The VMs made from a gallery image, each a `vm` table; `used` gains their symbols and their network's.
    pub(super) fn vms(&self, collected: &mut Collected, used: &mut Vec<String>) {
        for other in &self.others {
            if other.existing || !other.resource_type.eq_ignore_ascii_case(VM_TYPE) {
                continue;
            }
            if let Some(node) = self.vm(other, collected, used) {
                push(&mut collected.arrays, "vm", node);
                used.push(other.symbol.clone());
            }
        }
    }

    fn vm(
        &self,
        vm: &Other<'t>,
        collected: &mut Collected,
        used: &mut Vec<String>,
    ) -> Option<Node> {
        let body = vm.body;
        let (image_key, image_id) = self.syntax_at(
            body,
            &["properties", "storageProfile", "imageReference", "id"],
        )?;
        let image = self.image_path(image_id)?;
        let what = format!("virtual machine `{}`", vm.symbol);
        let mut table = Table::default();
        let name = self.take(
            &mut table,
            body,
            &["name"],
            "name",
            &mut collected.unresolved,
            &what,
        );
        table.entries.push(Entry::new(
            "image",
            image_key,
            Node::string(image_id.byte_range(), image),
        ));
        let size = ["properties", "hardwareProfile", "vmSize"];
        self.take(
            &mut table,
            body,
            &size,
            "size",
            &mut collected.unresolved,
            &what,
        );
        self.take_literal(&mut table, body, &["location"], "location");
        if let Some(tags) = self.tags(body, &mut collected.unresolved) {
            table.entries.push(tags);
        }
        self.os_profile(&mut table, body, collected, &what);
        let vm_name = name.as_ref().map(|name| name.text.as_str());
        self.network(&mut table, body, vm_name, collected, used);
        let resource = Node::table(body.byte_range(), self.entries(body));
        collected.ignored.extend(leftovers::leftovers(
            &resource,
            VM,
            &[],
            &format!("this {what}"),
        ));
        let Table {
            mut entries,
            parameters,
        } = table;
        entries.extend(parameters_entry(parameters));
        Some(Node::table(body.byte_range(), entries))
    }

    /// A value known before deployment; the expression as written otherwise.
    fn scalar(&self, node: Syntax<'t>) -> Result<Scalar, String> {
        let (text, range) = match node.kind() {
            "boolean" | "true" | "false" | "number" | "int" => {
                (self.written(node).to_owned(), node.byte_range())
            }
            _ => self
                .text_and_range(node)
                .ok_or_else(|| self.written(node).to_owned())?,
        };
        Ok(Scalar {
            text,
            range,
            parameter: self.parameter(node),
        })
    }

    /// Reads the value at `path` of `object` into `table` as `key`; an expression is unresolved.
    fn take(
        &self,
        table: &mut Table,
        object: Syntax<'t>,
        path: &[&str],
        key: &'static str,
        unresolved: &mut Notes,
        what: &str,
    ) -> Option<Scalar> {
        let (key_range, value) = self.syntax_at(object, path)?;
        match self.scalar(value) {
            Ok(scalar) => {
                table.string(key, key_range, &scalar);
                Some(scalar)
            }
            Err(written) => {
                let path = path.join(".");
                unresolved.push((
                    value.byte_range(),
                    format!("`{path}` of {what} is `{written}`, known only at deployment"),
                ));
                None
            }
        }
    }

    /// Reads the value at `path` into `table` when it is known before deployment; nothing otherwise (a
    /// location that is the resource group's).
    fn take_literal(
        &self,
        table: &mut Table,
        object: Syntax<'t>,
        path: &[&str],
        key: &'static str,
    ) {
        if let Some((key_range, value)) = self.syntax_at(object, path)
            && let Ok(scalar) = self.scalar(value)
        {
            table.string(key, key_range, &scalar);
        }
    }

    /// `admin-username`, and how the admin signs in: `ssh-key-value`, or the password's parameter.
    fn os_profile(
        &self,
        table: &mut Table,
        body: Syntax<'t>,
        collected: &mut Collected,
        what: &str,
    ) {
        let Some((_, profile)) = self.syntax_at(body, &["properties", "osProfile"]) else {
            return;
        };
        let username = ["adminUsername"];
        self.take(
            table,
            profile,
            &username,
            "admin-username",
            &mut collected.unresolved,
            what,
        );
        if let Some((key, password)) = self.syntax_at(profile, &["adminPassword"]) {
            let range = password.byte_range();
            table.entries.push(Entry::new(
                "authentication-type",
                key.clone(),
                Node::string(range.clone(), "password"),
            ));
            table.parameter("admin-password", key, self.parameter(password), &range);
        }
        let key_data = ["linuxConfiguration", "ssh", "publicKeys", "keyData"];
        if let Some(key) = self.syntax_at(profile, &key_data) {
            let (key_range, value) = key;
            table.entries.push(Entry::new(
                "authentication-type",
                key_range,
                Node::string(value.byte_range(), "ssh"),
            ));
            self.take(
                table,
                profile,
                &key_data,
                "ssh-key-value",
                &mut collected.unresolved,
                what,
            );
        }
    }

    /// `GALLERY/DEFINITION[/VERSION]` of an image id: `SYMBOL.id` of an image definition or version, a
    /// module's parameter given one, `resourceId('Microsoft.Compute/galleries/images...', ...)` or a
    /// literal resource id.
    fn image_path(&self, id: Syntax<'t>) -> Option<String> {
        if let Some(path) = self.gallery_image_id(id) {
            return Some(path);
        }
        if id.kind() == "identifier"
            && let Some(super::Passed::Image(path)) = self.passed.get(self.written(id))
        {
            return Some(path.clone());
        }
        if id.kind() == "call_expression" {
            return self.image_resource_id(id);
        }
        let (text, _) = self.text_and_range(id)?;
        image_path_of_id(&text)
    }

    /// `resourceId('Microsoft.Compute/galleries/images[/versions]', GALLERY, DEFINITION[, VERSION])`.
    fn image_resource_id(&self, call: Syntax<'t>) -> Option<String> {
        let [function, arguments] = named_children(call)[..] else {
            return None;
        };
        if self.written(function) != "resourceId" {
            return None;
        }
        let texts: Option<Vec<String>> = named_children(arguments)
            .into_iter()
            .map(|argument| self.text_and_range(argument).map(|(text, _)| text))
            .collect();
        let texts = texts?;
        let at = texts
            .iter()
            .position(|text| ResourceKind::of_type(text).is_some())?;
        let kind = ResourceKind::of_type(&texts[at])?;
        let names = &texts[at + 1..];
        (matches!(
            kind,
            ResourceKind::ImageDefinition | ResourceKind::ImageVersion
        ) && names.len() == kind.segment_keys().len())
        .then(|| names.join("/"))
    }

    /// The network the VM's interface joins: `public-ip`, `dns-label` and `nsg-rule`; `used` gains the
    /// network resources' symbols.
    fn network(
        &self,
        table: &mut Table,
        vm: Syntax<'t>,
        vm_name: Option<&str>,
        collected: &mut Collected,
        used: &mut Vec<String>,
    ) {
        let path = ["properties", "networkProfile", "networkInterfaces", "id"];
        let Some(interface) = self.referenced(vm, &path, INTERFACE_TYPE) else {
            return;
        };
        self.network_resource(
            interface,
            INTERFACE,
            vm_name.map(|n| format!("{n}VMNic")),
            collected,
            used,
        );
        let configuration = ["properties", "ipConfigurations", "properties"];
        let public_ip = [&configuration[..], &["publicIPAddress", "id"]].concat();
        if let Some(public_ip) = self.referenced(interface.body, &public_ip, PUBLIC_IP_TYPE) {
            table.entries.push(Entry::new(
                "public-ip",
                public_ip.at.clone(),
                Node::bool(public_ip.at.clone(), true),
            ));
            let label = ["properties", "dnsSettings", "domainNameLabel"];
            let what = format!("public IP address `{}`", public_ip.symbol);
            self.take(
                table,
                public_ip.body,
                &label,
                "dns-label",
                &mut collected.unresolved,
                &what,
            );
            let name = vm_name.map(|n| format!("{n}PublicIP"));
            self.network_resource(public_ip, PUBLIC_IP, name, collected, used);
        }
        let group = ["properties", "networkSecurityGroup", "id"];
        if let Some(group) = self.referenced(interface.body, &group, SECURITY_GROUP_TYPE) {
            self.nsg_rule(table, group);
            let name = vm_name.map(|n| format!("{n}NSG"));
            self.network_resource(group, SECURITY_GROUP, name, collected, used);
        }
        let subnet = [&configuration[..], &["subnet", "id"]].concat();
        if let Some((_, id)) = self.syntax_at(interface.body, &subnet)
            && let Some(network) = self.subnet_network(id)
        {
            let name = vm_name.map(|n| format!("{n}VNET"));
            self.network_resource(network, VIRTUAL_NETWORK, name, collected, used);
        }
    }

    /// The resource of type `resource_type` that the value at `path` of `object` is the `.id` of.
    fn referenced(
        &self,
        object: Syntax<'t>,
        path: &[&str],
        resource_type: &str,
    ) -> Option<&Other<'t>> {
        let (_, id) = self.syntax_at(object, path)?;
        if id.kind() != "member_expression" {
            return None;
        }
        let [symbol, property] = named_children(id)[..] else {
            return None;
        };
        (self.written(property) == "id").then_some(())?;
        self.other(self.written(symbol), resource_type)
    }

    fn other(&self, symbol: &str, resource_type: &str) -> Option<&Other<'t>> {
        self.others.iter().find(|other| {
            other.symbol == symbol && other.resource_type.eq_ignore_ascii_case(resource_type)
        })
    }

    /// The virtual network of `resourceId('Microsoft.Network/virtualNetworks/subnets', NETWORK.name, ...)`.
    fn subnet_network(&self, id: Syntax<'t>) -> Option<&Other<'t>> {
        if id.kind() != "call_expression" {
            return None;
        }
        let [_, arguments] = named_children(id)[..] else {
            return None;
        };
        named_children(arguments).into_iter().find_map(|argument| {
            let [symbol, property] = named_children(argument)[..] else {
                return None;
            };
            (argument.kind() == "member_expression" && self.written(property) == "name")
                .then(|| self.other(self.written(symbol), VIRTUAL_NETWORK_TYPE))?
        })
    }

    /// `nsg-rule` of a network security group: the port its first rule opens, `None` without one.
    fn nsg_rule(&self, table: &mut Table, group: &Other<'t>) {
        let rules = ["properties", "securityRules"];
        let rule = match self.syntax_at(group.body, &rules) {
            None => Some(("None", group.at.clone(), group.at.clone())),
            Some((key, _)) => {
                let port = [
                    "properties",
                    "securityRules",
                    "properties",
                    "destinationPortRange",
                ];
                self.syntax_at(group.body, &port)
                    .and_then(|(_, port)| self.text_and_range(port))
                    .and_then(|(port, range)| match port.as_str() {
                        "22" => Some(("SSH", key.clone(), range)),
                        "3389" => Some(("RDP", key.clone(), range)),
                        _ => None,
                    })
            }
        };
        if let Some((rule, key, range)) = rule {
            table
                .entries
                .push(Entry::new("nsg-rule", key, Node::string(range, rule)));
        }
    }

    /// Notes what a network resource of a VM sets beyond `layout`, and a name other than `name`.
    fn network_resource(
        &self,
        resource: &Other<'t>,
        layout: Layout,
        name: Option<String>,
        collected: &mut Collected,
        used: &mut Vec<String>,
    ) {
        used.push(resource.symbol.clone());
        let what = format!("{} `{}`", noun(&resource.resource_type), resource.symbol);
        if let (Some(expected), Some((_, written))) = (name, self.property(resource.body, "name"))
            && let Some((text, range)) = self.text_and_range(written)
            && text != expected
        {
            collected.ignored.push((
                range,
                format!("{what} is named `{text}`: sigil names it `{expected}`, after the VM"),
            ));
        }
        let node = Node::table(resource.body.byte_range(), self.entries(resource.body));
        collected.ignored.extend(leftovers::leftovers(
            &node,
            layout,
            &[],
            &format!("the {what}"),
        ));
    }
}

/// What a network resource type is, in words.
fn noun(resource_type: &str) -> &'static str {
    [
        (INTERFACE_TYPE, "network interface"),
        (PUBLIC_IP_TYPE, "public IP address"),
        (SECURITY_GROUP_TYPE, "network security group"),
        (VIRTUAL_NETWORK_TYPE, "virtual network"),
    ]
    .into_iter()
    .find(|(known, _)| known.eq_ignore_ascii_case(resource_type))
    .map_or("resource", |(_, noun)| noun)
}

/// `GALLERY/DEFINITION[/VERSION]` of a resource id `.../galleries/G/images/D[/versions/V]`.
fn image_path_of_id(id: &str) -> Option<String> {
    let segments: Vec<&str> = id.split('/').collect();
    let at = segments
        .iter()
        .position(|segment| segment.eq_ignore_ascii_case("galleries"))?;
    match &segments[at + 1..] {
        [gallery, images, definition] if images.eq_ignore_ascii_case("images") => {
            Some(format!("{gallery}/{definition}"))
        }
        [gallery, images, definition, versions, version]
            if images.eq_ignore_ascii_case("images")
                && versions.eq_ignore_ascii_case("versions") =>
        {
            Some(format!("{gallery}/{definition}/{version}"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_image_id_names_its_definition_or_version() {
        let base = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g";
        assert_eq!(
            image_path_of_id(&format!("{base}/images/d")).as_deref(),
            Some("g/d")
        );
        assert_eq!(
            image_path_of_id(&format!("{base}/images/d/versions/1.0.0")).as_deref(),
            Some("g/d/1.0.0")
        );
        assert_eq!(image_path_of_id(base), None);
        assert_eq!(image_path_of_id("/subscriptions/s/images/x"), None);
    }
}

#[cfg(test)]
mod reading {
    use std::path::Path;

    use sigil_spec::document::Node;

    use super::super::{read, read_deployment, read_with_modules};

    const IMAGES: &str = "param location string = resourceGroup().location
resource gallery 'Microsoft.Compute/galleries@2023-07-03' = {
  name: 'images'
}
resource definition 'Microsoft.Compute/galleries/images@2022-03-03' = {
  parent: gallery
  name: 'ubuntu'
  location: location
}
resource version 'Microsoft.Compute/galleries/images/versions@2023-07-03' = {
  parent: definition
  name: '1.0.0'
  location: location
}
";

    /// A VM from `IMAGE`, with the network `az vm create` makes, its address space `PREFIX`.
    const VM: &str = "param vmName string = 'web-01'
param dnsLabel string = 'web'
@secure()
param password string
resource network 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: '${vmName}VNET'
  location: location
  properties: {
    addressSpace: {
      addressPrefixes: [
        'PREFIX'
      ]
    }
    subnets: [
      {
        name: '${vmName}Subnet'
        properties: {
          addressPrefix: '10.0.0.0/24'
        }
      }
    ]
  }
}
resource group 'Microsoft.Network/networkSecurityGroups@2024-05-01' = {
  name: '${vmName}NSG'
  location: location
  properties: {
    securityRules: [
      {
        name: 'rdp'
        properties: {
          protocol: 'Tcp'
          sourcePortRange: '*'
          destinationPortRange: '3389'
          sourceAddressPrefix: '*'
          destinationAddressPrefix: '*'
          access: 'Allow'
          priority: 1000
          direction: 'Inbound'
        }
      }
    ]
  }
}
resource ip 'Microsoft.Network/publicIPAddresses@2024-05-01' = {
  name: '${vmName}PublicIP'
  location: location
  sku: {
    name: 'Standard'
  }
  properties: {
    publicIPAllocationMethod: 'Static'
    dnsSettings: {
      domainNameLabel: dnsLabel
    }
  }
}
resource nic 'Microsoft.Network/networkInterfaces@2024-05-01' = {
  name: '${vmName}VMNic'
  location: location
  properties: {
    ipConfigurations: [
      {
        name: 'ipconfig${vmName}'
        properties: {
          privateIPAllocationMethod: 'Dynamic'
          subnet: {
            id: resourceId('Microsoft.Network/virtualNetworks/subnets', network.name, '${vmName}Subnet')
          }
          publicIPAddress: {
            id: ip.id
          }
        }
      }
    ]
    networkSecurityGroup: {
      id: group.id
    }
  }
}
resource machine 'Microsoft.Compute/virtualMachines@2024-07-01' = {
  name: vmName
  location: location
  properties: {
    hardwareProfile: {
      vmSize: 'Standard_D4s_v5'
    }
    networkProfile: {
      networkInterfaces: [
        {
          id: nic.id
        }
      ]
    }
    storageProfile: {
      imageReference: {
        id: IMAGE
      }
    }
    osProfile: {
      computerName: vmName
      adminUsername: 'azureadmin'
      adminPassword: password
    }
  }
}
";

    fn vm(image: &str, prefix: &str) -> String {
        VM.replace("IMAGE", image).replace("PREFIX", prefix)
    }

    fn only_vm(document: &Node) -> &Node {
        let vms = document.get("vm").expect("a vm array").items();
        assert_eq!(vms.len(), 1);
        &vms[0]
    }

    fn text_of<'n>(node: &'n Node, key: &str) -> Option<&'n str> {
        node.get(key).and_then(Node::as_str)
    }

    #[test]
    fn a_vm_and_its_network_read_as_the_spec_keys() {
        let text = format!("{IMAGES}{}", vm("version.id", "10.0.0.0/16"));
        let read = read(Path::new("main.bicep"), &text);
        assert!(read.ignored.is_empty(), "{:?}", read.ignored);
        let document = read.document.expect("a document");
        let vm = only_vm(&document);
        for (key, value) in [
            ("name", "web-01"),
            ("image", "images/ubuntu/1.0.0"),
            ("size", "Standard_D4s_v5"),
            ("admin-username", "azureadmin"),
            ("authentication-type", "password"),
            ("dns-label", "web"),
            ("nsg-rule", "RDP"),
        ] {
            assert_eq!(text_of(vm, key), Some(value), "{key}");
        }
        assert!(vm.get("public-ip").is_some());
        // The resource group's location is not known to lint.
        assert!(vm.get("location").is_none());
        let parameters = vm.get("parameters").unwrap();
        assert_eq!(text_of(parameters, "name"), Some("vmName"));
        assert_eq!(text_of(parameters, "admin-password"), Some("password"));
        assert_eq!(text_of(parameters, "dns-label"), Some("dnsLabel"));
        // Where the name is written: the parameter's default.
        let name = vm.get("name").unwrap();
        assert_eq!(&text[name.range.clone()], "web-01");
    }

    #[test]
    fn what_differs_from_what_sigil_writes_is_ignored() {
        let marketplace = "resource other 'Microsoft.Compute/virtualMachines@2024-07-01' = {
  name: 'plain'
  properties: {
    storageProfile: {
      imageReference: {
        publisher: 'Canonical'
      }
    }
  }
}
";
        let text = format!(
            "{IMAGES}{}{marketplace}",
            vm("definition.id", "10.1.0.0/16")
        );
        let read = read(Path::new("main.bicep"), &text);
        let document = read.document.expect("a document");
        assert_eq!(text_of(only_vm(&document), "image"), Some("images/ubuntu"));
        let ignored: Vec<&str> = read.ignored.iter().map(|note| note.what.as_str()).collect();
        assert_eq!(ignored.len(), 2, "{ignored:?}");
        assert!(
            ignored[0].contains("is `10.1.0.0/16`: sigil writes `10.0.0.0/16`"),
            "{}",
            ignored[0]
        );
        assert!(ignored[1].starts_with("resource `other`"), "{}", ignored[1]);
    }

    #[test]
    fn a_deployment_knows_the_resource_groups_location_and_older_api_defaults() {
        let text = format!("{IMAGES}{}", vm("version.id", "10.0.0.0/16"));
        let read = read_deployment(Path::new("main.bicep"), &text, Some("westeurope"));
        let document = read.document.expect("a document");
        assert_eq!(text_of(only_vm(&document), "location"), Some("westeurope"));
        let version = &document.get("image-version").unwrap().items()[0];
        assert_eq!(text_of(version, "location"), Some("westeurope"));
        // The 2022 API's image definition is a V1 one.
        let definition = &document.get("image-definition").unwrap().items()[0];
        assert_eq!(text_of(definition, "hyper-v-generation"), Some("V1"));
    }

    #[test]
    fn a_vm_of_a_module_goes_to_the_resource_group_of_its_scope() {
        let main = format!(
            "{IMAGES}param vmGroup string = 'rg-vms'
param webName string = 'web-01'
module web 'modules/web.bicep' = {{
  name: 'web'
  scope: resourceGroup(vmGroup)
  params: {{
    vmName: webName
    location: location
    password: 'x'
    imageId: version.id
  }}
}}
"
        );
        let module = vm("imageId", "10.0.0.0/16")
            .replace(
                "param vmName string = 'web-01'",
                "param vmName string\nparam imageId string\nparam location string",
            )
            .replace("Standard_D4s_v5", "Standard_D8s_v5")
            + "resource extra 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: 'x'\n}\n";
        let load =
            |path: &Path| (path == Path::new("infra/modules/web.bicep")).then(|| module.clone());
        let read = read_with_modules(Path::new("infra/main.bicep"), &main, &load);
        let document = read.document.expect("a document");
        let vm = only_vm(&document);
        assert_eq!(text_of(vm, "name"), Some("web-01"));
        assert_eq!(text_of(vm, "image"), Some("images/ubuntu/1.0.0"));
        assert_eq!(text_of(vm, "size"), Some("Standard_D8s_v5"));
        assert_eq!(text_of(vm, "resource-group"), Some("rg-vms"));
        assert_eq!(
            text_of(vm.get("parameters").unwrap(), "name"),
            Some("webName")
        );
        // Placed at the module's path in the deploying file.
        assert_eq!(&main[vm.range.clone()], "'modules/web.bicep'");
        let [extra] = &read.ignored[..] else {
            panic!("{:?}", read.ignored);
        };
        assert_eq!(extra.file, Path::new("infra/modules/web.bicep"));
        // Without the module's file, its VM is unknown.
        let read = read_with_modules(Path::new("infra/main.bicep"), &main, &|_| None);
        assert!(read.document.unwrap().get("vm").is_none());
        assert!(
            read.unresolved
                .iter()
                .any(|note| note.what.contains("cannot be read"))
        );
    }
}
