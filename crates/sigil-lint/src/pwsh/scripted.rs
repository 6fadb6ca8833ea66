//! The cmdlets around the gallery resources: `New-AzResourceGroup`, `New-AzRoleAssignment` on a gallery
//! resource, `New-AzVM` from a configuration whose image is a gallery image, and `New-AzResource` of a
//! gallery resource type (its `-Properties` read as a template's).

use std::ops::Range;

use sigil_spec::document::{Entry, Kind, Node};

use super::objects::bound;
use super::{Binding, Reader, TsNode, Value, tags};
use crate::arm::properties;
use crate::resources::{GalleryId, ResourceKind, resource_group};

/// `New-AzRoleAssignment`: the parameters that become the spec's keys.
const ROLE_ASSIGNMENT: &[(&[&str], &str)] = &[
    (&["RoleDefinitionName", "RoleDefinitionId"], "role"),
    (
        &["SignInName", "ServicePrincipalName", "ApplicationId"],
        "assignee",
    ),
    (&["ObjectId", "PrincipalId", "Id"], "assignee-object-id"),
];

/// A `New-AzResourceGroup`: its name and location, each with the range of its parameter and its value.
pub(super) struct Group {
    name: (String, Range<usize>, Range<usize>),
    location: Option<(String, Range<usize>, Range<usize>)>,
    range: Range<usize>,
}

/// A VM read from `New-AzVM`, placed once the spec's resource group is known.
pub(super) struct Pending {
    range: Range<usize>,
    entries: Vec<Entry>,
    group: Option<(String, Range<usize>, Range<usize>)>,
    complete: bool,
}

/// The text of a known value, with the range of its parameter and its own.
fn written(binding: &Binding) -> Option<(String, Range<usize>, Range<usize>)> {
    let text = binding.value.text()?;
    Some((
        text.to_owned(),
        binding.key_range.clone(),
        binding.value.range(),
    ))
}

/// A gallery resource id in a value: a literal id, or the `Id` of a gallery cmdlet's result.
fn gallery_id(value: &Value) -> Option<GalleryId> {
    let Value::Known { text, range, exact } = value else {
        return None;
    };
    let id = GalleryId::parse(text)?;
    Some(if *exact {
        id.shifted(range.start)
    } else {
        id.placed(range)
    })
}

/// The spec's resource kind of an ARM resource type of a gallery.
fn kind_of_type(arm_type: &str) -> Option<ResourceKind> {
    [
        ResourceKind::Gallery,
        ResourceKind::ImageDefinition,
        ResourceKind::ImageVersion,
        ResourceKind::Application,
        ResourceKind::ApplicationVersion,
    ]
    .into_iter()
    .find(|kind| {
        kind.arm()
            .is_some_and(|arm| crate::arm::ResourceKind::of_type(arm_type) == Some(arm))
    })
}

impl Reader<'_> {
    /// A cmdlet other than a gallery cmdlet: read when it is one of those around the gallery resources.
    pub(super) fn other_command(&mut self, cmdlet: &str, node: TsNode) {
        let cmdlet = cmdlet.rsplit('\\').next().unwrap_or(cmdlet);
        let is = |name: &str| cmdlet.eq_ignore_ascii_case(name);
        if is("New-AzResourceGroup") {
            self.group(node);
        } else if is("New-AzRoleAssignment") {
            self.role_assignment(node);
        } else if is("New-AzVM") {
            self.vm(node);
        } else if is("New-AzResource") {
            self.resource(node);
        }
    }

    fn group(&mut self, node: TsNode) {
        let (bindings, _) = self.bindings(node, &["Name", "Location"], "New-AzResourceGroup");
        let Some(name) = bound(&bindings, &["Name", "ResourceGroupName"]).and_then(written) else {
            return;
        };
        let location = bound(&bindings, &["Location"]).and_then(written);
        self.groups.push(Group {
            name,
            location,
            range: node.byte_range(),
        });
    }

    fn role_assignment(&mut self, node: TsNode) {
        let cmdlet = "New-AzRoleAssignment";
        let (bindings, notes) = self.bindings(node, &[], cmdlet);
        self.unresolved.extend(notes);
        let Some(scope) = bound(&bindings, &["Scope"]) else {
            self.ignored.push((
                node.byte_range(),
                format!("`{cmdlet}` without `-Scope`: sigil shares gallery resources only"),
            ));
            return;
        };
        let id = match gallery_id(&scope.value) {
            Some(id)
                if matches!(
                    id.kind,
                    ResourceKind::Gallery
                        | ResourceKind::ImageDefinition
                        | ResourceKind::ImageVersion
                ) =>
            {
                id
            }
            _ if scope.value.text().is_some() => {
                self.ignored.push((
                    node.byte_range(),
                    format!(
                        "a role assignment on `{}`: sigil shares galleries, image definitions and image versions only",
                        &self.text[scope.value.range()]
                    ),
                ));
                return;
            }
            _ => {
                self.unresolved.push((
                    scope.value.range(),
                    format!(
                        "the `-Scope` of `{cmdlet}` is `{}`: known only when the script runs",
                        &self.text[scope.value.range()]
                    ),
                ));
                return;
            }
        };
        let mut entries = vec![Entry::new(
            "scope",
            scope.key_range.clone(),
            Node::string(scope.value.range(), id.path()),
        )];
        for (aliases, key) in ROLE_ASSIGNMENT {
            if let Some(binding) = bound(&bindings, aliases) {
                entries.extend(self.field(aliases[0], key, super::Shape::Text, binding));
            }
        }
        self.created.push((
            ResourceKind::RoleAssignment,
            Node::table(node.byte_range(), entries),
        ));
    }

    /// `New-AzResource -ResourceType Microsoft.Compute/galleries... -ResourceName NAME -Properties @{...}`.
    fn resource(&mut self, node: TsNode) {
        let (bindings, _) = self.bindings(node, &[], "New-AzResource");
        let Some(kind) = bound(&bindings, &["ResourceType"])
            .and_then(|b| b.value.text())
            .and_then(kind_of_type)
        else {
            return;
        };
        let Some(arm_kind) = kind.arm() else {
            return;
        };
        let Some(name) = bound(&bindings, &["ResourceName", "Name"]) else {
            return;
        };
        let Some((text, _, value_range)) = written(name) else {
            return;
        };
        let names: Vec<&str> = text.split('/').collect();
        if names.len() != kind.name_keys().len() {
            return;
        }
        let mut entries: Vec<Entry> = kind
            .name_keys()
            .iter()
            .zip(&names)
            .map(|(key, name_text)| {
                Entry::new(
                    *key,
                    name.key_range.clone(),
                    Node::string(value_range.clone(), *name_text),
                )
            })
            .collect();
        if self.gallery_group.is_none() {
            self.gallery_group = bound(&bindings, &["ResourceGroupName"])
                .and_then(|b| b.value.text())
                .map(str::to_owned);
        }
        if let Some(properties) = bound(&bindings, &["Properties", "PropertyObject"]) {
            let body = Node::table(
                properties.value.range(),
                vec![Entry::new(
                    "properties",
                    properties.key_range.clone(),
                    self.json(&properties.value),
                )],
            );
            let mapped = properties::map(arm_kind, &body, self.text);
            self.unresolved.extend(mapped.unresolved);
            entries.extend(mapped.entries);
        }
        if let Some(tag) = bound(&bindings, &["Tag", "Tags"]) {
            entries.push(Entry::new("tags", tag.key_range.clone(), tags(&tag.value)));
        }
        self.created
            .push((kind, Node::table(node.byte_range(), entries)));
    }

    /// A hashtable as the JSON a template writes: `$true` a boolean, an unquoted number an integer.
    fn json(&self, value: &Value) -> Node {
        match value {
            Value::Table(pairs, range) => Node::table(
                range.clone(),
                pairs
                    .iter()
                    .map(|pair| {
                        Entry::new(&pair.key, pair.key_range.clone(), self.json(&pair.value))
                    })
                    .collect(),
            ),
            Value::List(items, range) => Node::array(
                range.clone(),
                items.iter().map(|item| self.json(item)).collect(),
            ),
            Value::Known { text, range, .. } => {
                let source = &self.text[range.clone()];
                if source.eq_ignore_ascii_case("$true") || source.eq_ignore_ascii_case("$false") {
                    Node::bool(range.clone(), source.eq_ignore_ascii_case("$true"))
                } else if source == text
                    && let Ok(number) = text.parse::<i64>()
                {
                    Node::integer(range.clone(), number)
                } else {
                    Node::string(range.clone(), text)
                }
            }
            Value::Unknown(written, range) => {
                Node::new(range.clone(), Kind::String(format!("[{written}]")))
            }
        }
    }
}

impl Reader<'_> {
    /// `New-AzVM -VM $config`: the VM its configuration describes, when the image is a gallery image.
    fn vm(&mut self, node: TsNode) {
        let (bindings, _) = self.bindings(node, &[], "New-AzVM");
        let Some(configuration) = bound(&bindings, &["VM", "VMProfile"]) else {
            self.ignored.push((
                node.byte_range(),
                "a VM of `New-AzVM`'s simple parameter set: sigil reads VMs built with `New-AzVMConfig`".to_owned(),
            ));
            return;
        };
        let Value::Table(..) = &configuration.value else {
            self.unresolved.push((
                configuration.value.range(),
                "the configuration of `New-AzVM` is known only when the script runs".to_owned(),
            ));
            return;
        };
        let config = configuration.value.clone();
        let Some(image) = self.vm_image(&config, node) else {
            return;
        };
        let mut entries = Vec::new();
        for (key, property) in [("name", "VMName"), ("size", "VMSize")] {
            if let Some(pair) = config.get(property) {
                entries.extend(self.text_entry(key, pair.key_range.clone(), &pair.value));
            }
        }
        entries.push(image);
        let complete = self.vm_credentials(&config, &mut entries);
        self.vm_network(&config, node, &mut entries);
        if let Some(location) = bound(&bindings, &["Location"]) {
            entries.extend(self.text_entry(
                "location",
                location.key_range.clone(),
                &location.value,
            ));
        }
        if let Some(tag) = bound(&bindings, &["Tag", "Tags"]) {
            entries.push(Entry::new("tags", tag.key_range.clone(), tags(&tag.value)));
        }
        self.vms.push(Pending {
            range: node.byte_range(),
            entries,
            group: bound(&bindings, &["ResourceGroupName"]).and_then(written),
            complete,
        });
    }

    fn text_entry(&mut self, key: &str, key_range: Range<usize>, value: &Value) -> Option<Entry> {
        match value {
            Value::Known { text, range, .. } => Some(Entry::new(
                key,
                key_range,
                Node::string(range.clone(), text),
            )),
            other => {
                self.unresolved.push((
                    other.range(),
                    format!(
                        "the VM's `{key}` is `{}`: known only when the script runs",
                        &self.text[other.range()]
                    ),
                ));
                None
            }
        }
    }

    /// The `image` entry of a configuration whose image is a gallery image; `None` otherwise (ignored, or
    /// unresolved).
    fn vm_image(&mut self, config: &Value, node: TsNode) -> Option<Entry> {
        let Some(image) = config.get("Image") else {
            self.ignored.push((
                node.byte_range(),
                "a VM not made from a gallery image (`Set-AzVMSourceImage -Id`): sigil makes VMs from gallery images only"
                    .to_owned(),
            ));
            return None;
        };
        match gallery_id(&image.value) {
            Some(id)
                if matches!(
                    id.kind,
                    ResourceKind::ImageDefinition | ResourceKind::ImageVersion
                ) =>
            {
                Some(Entry::new(
                    "image",
                    image.key_range.clone(),
                    Node::string(image.value.range(), id.path()),
                ))
            }
            _ if image.value.text().is_some() => {
                self.ignored.push((
                    image.value.range(),
                    "a VM from an image that is not a gallery image definition or version: sigil makes VMs from gallery images only"
                        .to_owned(),
                ));
                None
            }
            _ => {
                self.unresolved.push((
                    image.value.range(),
                    format!(
                        "the VM's image is `{}`: known only when the script runs",
                        &self.text[image.value.range()]
                    ),
                ));
                None
            }
        }
    }

    /// `admin-username`, `authentication-type` and `ssh-key-value` from `Set-AzVMOperatingSystem` and
    /// `Add-AzVMSshPublicKey`; no OS profile is a VM from a specialized image. Whether every credential is
    /// written in the script.
    fn vm_credentials(&mut self, config: &Value, entries: &mut Vec<Entry>) -> bool {
        let Some(credential) = config.get("Credential") else {
            return true;
        };
        let user = credential
            .value
            .get("ArgumentList")
            .and_then(|list| list.value.items().first().copied().cloned());
        let Some(user @ Value::Known { .. }) = user else {
            self.unresolved.push((
                credential.value.range(),
                "the admin user name of this VM: its credential is known only when the script runs"
                    .to_owned(),
            ));
            return false;
        };
        entries.extend(self.text_entry("admin-username", credential.key_range.clone(), &user));
        let ssh = config.get("DisablePasswordAuthentication").is_some();
        let (key_range, kind) = match config.get("DisablePasswordAuthentication") {
            Some(pair) => (pair.key_range.clone(), "ssh"),
            None => (credential.key_range.clone(), "password"),
        };
        entries.push(Entry::new(
            "authentication-type",
            key_range.clone(),
            Node::string(key_range, kind),
        ));
        if let Some(key) = config.get("SshKey") {
            entries.extend(self.text_entry("ssh-key-value", key.key_range.clone(), &key.value));
        }
        !ssh || config.get("SshKey").is_some()
    }

    /// `public-ip`, `dns-label` and `nsg-rule` from the network interface the configuration adds.
    fn vm_network(&mut self, config: &Value, node: TsNode, entries: &mut Vec<Entry>) {
        let Some(nic) = config.get("NetworkInterface") else {
            return;
        };
        let public_ip = nic.value.get("PublicIpAddress");
        let at = public_ip.map_or(nic.key_range.clone(), |pair| pair.key_range.clone());
        entries.push(Entry::new(
            "public-ip",
            at.clone(),
            Node::bool(at, public_ip.is_some()),
        ));
        if let Some(label) = public_ip.and_then(|pair| pair.value.get("DomainNameLabel")) {
            entries.extend(self.text_entry("dns-label", label.key_range.clone(), &label.value));
        }
        let Some(nsg) = nic.value.get("NetworkSecurityGroup") else {
            self.ignored.push((
                node.byte_range(),
                "a VM whose network interface has no network security group: sigil always gives it one".to_owned(),
            ));
            return;
        };
        let rules: Vec<&Value> = nsg
            .value
            .get("SecurityRules")
            .map(|pair| pair.value.items())
            .unwrap_or_default();
        let rule = match rules.as_slice() {
            [] => Some(("None", nsg.key_range.clone())),
            [only] => only
                .get("DestinationPortRange")
                .and_then(|port| match port.value.text() {
                    Some("22") => Some(("SSH", port.value.range())),
                    Some("3389") => Some(("RDP", port.value.range())),
                    _ => None,
                }),
            _ => None,
        };
        match rule {
            Some((rule, range)) => entries.push(Entry::new(
                "nsg-rule",
                nsg.key_range.clone(),
                Node::string(range, rule),
            )),
            None => self.ignored.push((
                nsg.value.range(),
                "the rules of the VM's network security group: sigil opens SSH, RDP or nothing"
                    .to_owned(),
            )),
        }
    }

    /// Each VM with its resource group kept when it is not the spec's.
    pub(super) fn place_vms(&mut self, spec_group: Option<&str>) {
        for mut vm in std::mem::take(&mut self.vms) {
            if let Some((name, key, value)) = vm.group
                && !spec_group.is_some_and(|spec| spec.eq_ignore_ascii_case(&name))
            {
                vm.entries
                    .push(Entry::new("resource-group", key, Node::string(value, name)));
            }
            let table = Node::table(vm.range, vm.entries);
            if vm.complete {
                self.created.push((ResourceKind::VirtualMachine, table));
            } else {
                self.named.push((ResourceKind::VirtualMachine, table));
            }
        }
    }

    /// The spec's `resource-group`: the group of the gallery resources (else the first), when the script
    /// creates it; another group no VM goes to is ignored.
    pub(super) fn resource_group(&mut self) -> Option<Entry> {
        let spec_group = self
            .gallery_group
            .clone()
            .or_else(|| self.groups.first().map(|group| group.name.0.clone()));
        self.place_vms(spec_group.as_deref());
        let mut found = None;
        for group in std::mem::take(&mut self.groups) {
            let (name, name_key, name_value) = &group.name;
            if found.is_none()
                && spec_group
                    .as_deref()
                    .is_some_and(|spec| spec.eq_ignore_ascii_case(name))
            {
                found = Some(resource_group(
                    group.range.clone(),
                    (name, name_key.clone(), name_value.clone()),
                    group
                        .location
                        .as_ref()
                        .map(|(text, key, value)| (text.as_str(), key.clone(), value.clone())),
                ));
                continue;
            }
            let holds_vm = self.created.iter().chain(&self.named).any(|(kind, node)| {
                *kind == ResourceKind::VirtualMachine
                    && node
                        .get("resource-group")
                        .and_then(Node::as_str)
                        .is_some_and(|vm_group| vm_group.eq_ignore_ascii_case(name))
            });
            if !holds_vm {
                self.ignored.push((
                    group.range.clone(),
                    format!("resource group `{name}`: sigil creates the spec's resource group and those of its VMs"),
                ));
            }
        }
        found
    }
}
