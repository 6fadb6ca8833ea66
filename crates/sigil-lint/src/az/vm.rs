//! `az group create` and `az vm create`: the spec's resource group, and the VMs made from gallery images,
//! placed once every command is read (a VM in another group takes that group's location).

use std::ops::Range;

use sigil_spec::document::{Entry, Node};

use super::flags::{VM, VM_NETWORK_NAMES, VM_UNDERSTOOD};
use super::gallery::same_names;
use super::{Command, Reader, Target};
use crate::resources::{GalleryId, ResourceKind, resource_group};

/// A text the script writes, the range of its flag and of its value.
type Written = (String, Range<usize>, Range<usize>);

/// An `az group create`.
pub(super) struct Group {
    pub(super) name: String,
    name_at: (Range<usize>, Range<usize>),
    location: Option<Written>,
    range: Range<usize>,
}

/// An `az vm create`, until the spec's resource group is known.
pub(super) struct Pending {
    range: Range<usize>,
    /// Where a value sigil derives is placed: `vm create`.
    words: Range<usize>,
    entries: Vec<Entry>,
    group: Option<Written>,
    image: Option<GalleryId>,
    public_ip: bool,
    /// The script gives every credential (or the image is specialized), so nothing is made up when it runs.
    complete: bool,
}

/// Whether a VM's credentials are all written: `Err` says what az would make up when the script runs.
fn credentials(command: &Command) -> Result<(), &'static str> {
    if command.has(&["--specialized"]) {
        return Ok(());
    }
    if command.get(&["--admin-username"]).is_none() {
        return Err("takes the name of the user running the script as the admin user name");
    }
    let authentication = command.text(&["--authentication-type"]);
    let password = matches!(authentication, Some(kind) if kind.eq_ignore_ascii_case("password"))
        || (authentication.is_none() && command.get(&["--admin-password"]).is_some());
    if password
        || command
            .get(&["--ssh-key-values", "--ssh-key-value"])
            .is_some()
    {
        Ok(())
    } else {
        Err("generates an SSH key or asks for a password")
    }
}

/// The network flags of `command` that give az's own default name (`--vnet-name myVmVNET`).
fn default_network_names<'c>(command: &Command<'c>) -> Vec<&'c str> {
    let Some(vm) = command.text(&["--name", "-n"]) else {
        return Vec::new();
    };
    VM_NETWORK_NAMES
        .iter()
        .filter_map(|(flag, suffix)| {
            let given = command
                .flags
                .iter()
                .rev()
                .find(|given| given.name == *flag)?;
            let text = given.values.first()?.text()?;
            (text == format!("{vm}{suffix}")).then_some(given.name)
        })
        .collect()
}

impl Reader<'_> {
    pub(super) fn group(&mut self, command: &Command) {
        let Some(name) = command.get(&["--name", "-n", "--resource-group", "-g"]) else {
            return;
        };
        let Some(text) = name.values[0].text() else {
            return;
        };
        let location = command.get(&["--location", "-l"]).and_then(|flag| {
            let text = flag.values[0].text()?;
            Some((text.to_owned(), flag.range.clone(), flag.values[0].range()))
        });
        self.groups.push(Group {
            name: text.to_owned(),
            name_at: (name.range.clone(), name.values[0].range()),
            location,
            range: command.range.clone(),
        });
        self.ignore_other_flags(command, &[&["--name", "-n", "--location", "-l"]]);
    }

    pub(super) fn vm(&mut self, command: &Command) {
        let image = match command
            .get(&["--image"])
            .map(|flag| (flag, self.target(flag)))
        {
            Some((_, Target::Gallery(id)))
                if matches!(
                    id.kind,
                    ResourceKind::ImageDefinition | ResourceKind::ImageVersion
                ) =>
            {
                Some(id)
            }
            Some((flag, Target::Gallery(_) | Target::Other)) => {
                self.ignored.push((
                    command.range.clone(),
                    format!(
                        "a VM from `{}`: sigil makes VMs from gallery image definitions and versions only",
                        flag.written[0]
                    ),
                ));
                return;
            }
            Some((_, Target::Unknown(written, range))) => {
                self.unresolved.push((
                    range,
                    format!("the `--image` of `az vm create` is `{written}`: known only when the script runs"),
                ));
                None
            }
            None => return,
        };
        let mut entries = Vec::new();
        for (names, key, shape) in VM {
            let Some(flag) = command.get(names) else {
                continue;
            };
            if let Some(value) = self.field(flag.name, *shape, &flag.values) {
                entries.push(Entry::new(*key, flag.range.clone(), value));
            }
        }
        if let (Some(id), Some(flag)) = (&image, command.get(&["--image"])) {
            entries.insert(
                1.min(entries.len()),
                Entry::new(
                    "image",
                    flag.range.clone(),
                    Node::string(flag.values[0].range(), id.path()),
                ),
            );
        }
        Self::derived_authentication(command, &mut entries);
        let public_ip = self.public_ip(command, &mut entries);
        let complete = match credentials(command) {
            Ok(()) => true,
            Err(why) => {
                self.unresolved.push((
                    command.words_range.clone(),
                    format!(
                        "the credentials of this VM: `az vm create` {why} when the script runs"
                    ),
                ));
                false
            }
        };
        let group = command.get(&["--resource-group", "-g"]).and_then(|flag| {
            let text = flag.values[0].text()?;
            Some((text.to_owned(), flag.range.clone(), flag.values[0].range()))
        });
        let default_names = default_network_names(command);
        let known: Vec<&[&str]> = VM
            .iter()
            .map(|(names, ..)| *names)
            .chain([VM_UNDERSTOOD, &default_names])
            .collect();
        self.ignore_other_flags(command, &known);
        self.vms.push(Pending {
            range: command.range.clone(),
            words: command.words_range.clone(),
            entries,
            group,
            image,
            public_ip,
            complete,
        });
    }

    /// `--admin-password` without `--authentication-type`: az then signs in with the password.
    fn derived_authentication(command: &Command, entries: &mut Vec<Entry>) {
        if command.has(&["--authentication-type"]) || command.has(&["--specialized"]) {
            return;
        }
        if let Some(flag) = command.get(&["--admin-password"]) {
            entries.push(Entry::new(
                "authentication-type",
                flag.range.clone(),
                Node::string(flag.range.clone(), "password"),
            ));
        }
    }

    /// `public-ip`: az gives a VM a public IP unless `--public-ip-address ""`; a name for it is ignored.
    fn public_ip(&mut self, command: &Command, entries: &mut Vec<Entry>) -> bool {
        let default_public_ip = command
            .text(&["--name", "-n"])
            .map(|vm| format!("{vm}PublicIP"));
        let (public_ip, range) = match command.get(&["--public-ip-address"]) {
            None => (true, command.words_range.clone()),
            Some(flag) => {
                let value = &flag.values[0];
                match value.text() {
                    Some("") => (false, flag.range.clone()),
                    Some(name) if Some(name) != default_public_ip.as_deref() => {
                        self.ignored.push((
                            value.range(),
                            format!("the name `{name}` of the VM's public IP address: sigil names it after the VM"),
                        ));
                        (true, flag.range.clone())
                    }
                    Some(_) | None => (true, flag.range.clone()),
                }
            }
        };
        entries.push(Entry::new(
            "public-ip",
            range.clone(),
            Node::bool(range, public_ip),
        ));
        public_ip
    }

    /// Each VM with its resource group and location decided: the group when it is not the spec's, and
    /// then that group's location unless the VM has its own.
    pub(super) fn place_vms(&mut self, spec_group: Option<&str>) {
        let placed_in =
            |group: &str| spec_group.is_some_and(|spec| spec.eq_ignore_ascii_case(group));
        for mut vm in std::mem::take(&mut self.vms) {
            if let Some((name, key, value)) = vm.group.clone()
                && !placed_in(&name)
            {
                vm.entries.push(Entry::new(
                    "resource-group",
                    key,
                    Node::string(value, &name),
                ));
                let location = self
                    .groups
                    .iter()
                    .find(|group| group.name.eq_ignore_ascii_case(&name))
                    .and_then(|group| group.location.clone());
                if vm.entries.iter().all(|entry| entry.key != "location")
                    && let Some((text, key, value)) = location
                {
                    vm.entries
                        .push(Entry::new("location", key, Node::string(value, text)));
                }
            }
            self.default_nsg_rule(&mut vm);
            let table = Node::table(vm.range.clone(), vm.entries);
            if vm.complete {
                self.created.push((ResourceKind::VirtualMachine, table));
            } else {
                self.named.push((ResourceKind::VirtualMachine, table));
            }
        }
    }

    /// Without `--nsg-rule`, az opens SSH on Linux and RDP on Windows even without a public IP, where sigil
    /// opens nothing: the rule is written out when the image's OS type is known.
    fn default_nsg_rule(&mut self, vm: &mut Pending) {
        if vm.public_ip || vm.entries.iter().any(|entry| entry.key == "nsg-rule") {
            return;
        }
        let os_type = vm.image.as_ref().and_then(|image| self.os_type(image));
        let rule = match os_type.as_deref() {
            Some(os) if os.eq_ignore_ascii_case("linux") => "SSH",
            Some(os) if os.eq_ignore_ascii_case("windows") => "RDP",
            _ => {
                self.unresolved.push((
                    vm.words.clone(),
                    "the inbound rule `az vm create` opens without `--nsg-rule`: SSH or RDP by the image's OS \
                     type, which the script does not give"
                        .to_owned(),
                ));
                return;
            }
        };
        vm.entries.push(Entry::new(
            "nsg-rule",
            vm.words.clone(),
            Node::string(vm.words.clone(), rule),
        ));
    }

    /// The OS type of the image definition a VM's image names, when the script creates it.
    fn os_type(&self, image: &GalleryId) -> Option<String> {
        let names: Vec<Entry> = image
            .names
            .iter()
            .take(2)
            .zip(["gallery", "name"])
            .map(|((name, range), key)| {
                Entry::new(key, range.clone(), Node::string(range.clone(), name))
            })
            .collect();
        let wanted = Node::table(0..0, names);
        self.created
            .iter()
            .find(|(kind, node)| {
                *kind == ResourceKind::ImageDefinition
                    && same_names(ResourceKind::ImageDefinition, node, &wanted)
            })
            .and_then(|(_, node)| node.get("os-type")?.as_str().map(str::to_owned))
    }

    /// The spec's `resource-group`: the group of the gallery resources, when the script creates it. The
    /// other groups it creates are those of VMs, or ignored.
    pub(super) fn resource_group(&mut self, spec_group: Option<&str>) -> Option<Entry> {
        let mut found = None;
        let mut ignored = Vec::new();
        for group in &self.groups {
            let is_spec = spec_group.is_some_and(|spec| spec.eq_ignore_ascii_case(&group.name));
            if is_spec && found.is_none() {
                let (name_key, name_value) = group.name_at.clone();
                found = Some(resource_group(
                    group.range.clone(),
                    (&group.name, name_key, name_value),
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
                        .is_some_and(|name| name.eq_ignore_ascii_case(&group.name))
            });
            if !is_spec && !holds_vm {
                ignored.push((
                    group.range.clone(),
                    format!(
                        "resource group `{}`: sigil creates the spec's resource group and those of its VMs",
                        group.name
                    ),
                ));
            }
        }
        self.ignored.extend(ignored);
        found
    }
}
