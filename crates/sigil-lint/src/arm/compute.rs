//! The resources around a gallery that the spec also describes: virtual machines made from gallery images
//! (with the network resources named after them, which say whether a VM has a public IP, a DNS label and
//! an open port) and role assignments on gallery resources.
//!
//! Values are evaluated like names ([`super::expr`]): a value built from a parameter keeps that
//! parameter's name, which becomes the resource's `parameters` table, so that an import writes a spec
//! whose outputs take the same parameters.

use std::collections::HashMap;
use std::ops::Range;

use sigil_core::rules::BUILT_IN_ROLE_IDS;
use sigil_spec::document::{Entry, Kind, Node};

use super::expr::{Evaluator, Origin, Scope, Sources, Text, Value, get, is_expression};
use super::place;

/// The types of the resources this module reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OtherKind {
    VirtualMachine,
    RoleAssignment,
    NetworkInterface,
    PublicIp,
    SecurityGroup,
    VirtualNetwork,
}

impl OtherKind {
    const ALL: [(OtherKind, &'static str); 6] = [
        (
            OtherKind::VirtualMachine,
            "Microsoft.Compute/virtualMachines",
        ),
        (
            OtherKind::RoleAssignment,
            "Microsoft.Authorization/roleAssignments",
        ),
        (
            OtherKind::NetworkInterface,
            "Microsoft.Network/networkInterfaces",
        ),
        (OtherKind::PublicIp, "Microsoft.Network/publicIPAddresses"),
        (
            OtherKind::SecurityGroup,
            "Microsoft.Network/networkSecurityGroups",
        ),
        (
            OtherKind::VirtualNetwork,
            "Microsoft.Network/virtualNetworks",
        ),
    ];

    pub(crate) fn of_type(arm_type: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|(_, name)| name.eq_ignore_ascii_case(arm_type))
            .map(|(kind, _)| kind)
    }
}

/// A resource of [`OtherKind`] found in a template, with the scope its expressions are evaluated in.
#[derive(Debug)]
pub(crate) struct Other<'t> {
    pub(crate) kind: OtherKind,
    pub(crate) node: &'t Node,
    pub(crate) scope: Scope<'t>,
    /// The resource group of the nested deployment it is in, when that names one.
    pub(crate) group: Option<Text>,
}

/// Which template parameter a value was written in: by the range of the parameter's default value (or
/// allowed values) in the template, and of its value in the parameters file.
#[derive(Debug, Default)]
pub(crate) struct ParameterRanges {
    by_range: HashMap<(bool, usize, usize), String>,
    /// Each parameter's `metadata.assignee`, which sigil's templates write for a role assignment's
    /// principal.
    assignees: HashMap<String, (String, Range<usize>)>,
}

impl ParameterRanges {
    /// The ranges of `template`'s declared parameters and of the values `parameters_file` gives them.
    pub(crate) fn new(template: &Node, parameters_file: Option<&Node>) -> Self {
        let mut ranges = Self::of_assignees(template);
        for entry in get(template, "parameters").map_or(&[][..], Node::entries) {
            let name = entry.key.clone();
            if let Some(default) = get(&entry.value, "defaultValue") {
                ranges.insert(Origin::Template, &default.range, &name);
            }
            for allowed in get(&entry.value, "allowedValues").map_or(&[][..], Node::items) {
                ranges.insert(Origin::Template, &allowed.range, &name);
            }
        }
        let given = parameters_file
            .and_then(|root| get(root, "parameters"))
            .map_or(&[][..], Node::entries);
        for entry in given {
            if let Some(value) = get(&entry.value, "value") {
                ranges.insert(Origin::Parameters, &value.range, &entry.key);
            }
        }
        ranges
    }

    /// Only the assignees `template`'s parameters name: what lint needs to know that a role assignment
    /// whose principal is a parameter without a default still names its principal.
    pub(crate) fn of_assignees(template: &Node) -> Self {
        let mut ranges = Self::default();
        for entry in get(template, "parameters").map_or(&[][..], Node::entries) {
            let assignee = get(&entry.value, "metadata").and_then(|meta| get(meta, "assignee"));
            if let Some(assignee) = assignee
                && let Some(text) = assignee.as_str()
            {
                ranges.assignees.insert(
                    entry.key.to_ascii_lowercase(),
                    (text.to_owned(), assignee.range.clone()),
                );
            }
        }
        ranges
    }

    fn insert(&mut self, origin: Origin, range: &Range<usize>, name: &str) {
        self.by_range.insert(
            (origin == Origin::Parameters, range.start, range.end),
            name.to_owned(),
        );
    }

    /// The parameter all of `text` comes from, if one.
    pub(crate) fn of(&self, text: &Text) -> Option<String> {
        let mut names = text.pieces.iter().map(|piece| {
            let key = (
                piece.origin == Origin::Parameters,
                piece.literal.start,
                piece.literal.end,
            );
            self.by_range.get(&key)
        });
        let first = names.next()??;
        names.all(|name| name == Some(first)).then(|| first.clone())
    }
}

/// A value of a resource, evaluated.
#[derive(Debug, Clone)]
struct Evaluated {
    text: Text,
    /// Where the document places it: the literal it is written in, or the expression.
    range: Range<usize>,
}

/// What the module reads, with the template's sources.
pub(crate) struct Reader<'a, 't> {
    pub(crate) sources: Sources<'t>,
    pub(crate) parameters: &'a ParameterRanges,
    pub(crate) others: &'a [Other<'t>],
    pub(crate) unresolved: Vec<(Range<usize>, String)>,
    pub(crate) ignored: Vec<(Range<usize>, String)>,
    /// The image versions VMs are made from and role assignments are scoped to, as spec tables marked
    /// `existing` (with the parameter their name comes from): those the template does not create are made
    /// elsewhere.
    pub(crate) versions: Vec<Node>,
}

impl<'a, 't> Reader<'a, 't> {
    /// Notes the version `evaluated` names, if it names one: `GALLERY/DEFINITION/VERSION`.
    fn referenced_version(&mut self, evaluated: &Evaluated, path: &[String]) {
        let [gallery, definition, version] = path else {
            return;
        };
        let range = evaluated.range.clone();
        let string = |key: &str, value: &str| {
            Entry::new(key, range.clone(), Node::string(range.clone(), value))
        };
        let mut entries = vec![
            string("gallery", gallery),
            string("image-definition", definition),
            string("name", version),
            Entry::new("existing", range.clone(), Node::bool(range.clone(), true)),
        ];
        if let Some(parameter) =
            version_segment(&evaluated.text).and_then(|name| self.parameters.of(&name))
        {
            entries.push(Entry::new(
                "parameters",
                range.clone(),
                Node::table(range.clone(), vec![string("name", &parameter)]),
            ));
        }
        self.versions.push(Node::table(range.clone(), entries));
    }

    /// The default value of `node`, evaluated in the scope of the resource it belongs to.
    fn evaluate(&self, other: &Other<'t>, node: &'t Node) -> Option<Evaluated> {
        let evaluator = Evaluator::new(self.sources, &other.scope);
        let value = evaluator.node(node, Origin::Template).into_iter().next()?;
        let text = match value {
            Value::Text(text) => text,
            Value::Json(..) => return None,
        };
        let range = place(&text, Origin::Template, Some(&node.range)).unwrap_or(node.range.clone());
        Some(Evaluated { text, range })
    }

    /// The known text of `node`, or nothing, saying why when it is an expression sigil cannot evaluate.
    fn known(
        &mut self,
        other: &Other<'t>,
        node: &'t Node,
        what: &str,
    ) -> Option<(String, Evaluated)> {
        let evaluated = self.evaluate(other, node)?;
        if let Some(text) = evaluated.text.known() {
            return Some((text, evaluated));
        }
        let why = evaluated
            .text
            .unknowns()
            .next()
            .and_then(|piece| piece.unknown.clone())
            .unwrap_or_default();
        self.unresolved
            .push((node.range.clone(), format!("{what}: {why}")));
        None
    }

    /// The name of the resource of `kind` that `id` (a `resourceId(...)`) points at, if it is here.
    fn referenced(
        &self,
        from: &Other<'t>,
        id: Option<&'t Node>,
        kind: OtherKind,
    ) -> Option<&'a Other<'t>> {
        let evaluated = self.evaluate(from, id?)?;
        let name = signature(evaluated.text.segments().last()?);
        self.named(kind, &name)
    }

    /// The resource of `kind` whose name has the signature `name`.
    fn named(&self, kind: OtherKind, name: &str) -> Option<&'a Other<'t>> {
        self.others.iter().find(|other| {
            other.kind == kind
                && get(other.node, "name")
                    .and_then(|node| self.evaluate(other, node))
                    .is_some_and(|evaluated| signature(&evaluated.text).eq_ignore_ascii_case(name))
        })
    }

    /// The `vm` array: each virtual machine's spec keys.
    pub(crate) fn vms(&mut self) -> Vec<Node> {
        let others = self.others;
        others
            .iter()
            .filter(|other| other.kind == OtherKind::VirtualMachine)
            .map(|vm| self.vm(vm))
            .collect()
    }

    fn vm(&mut self, vm: &Other<'t>) -> Node {
        let mut table = Table::default();
        let node = vm.node;
        if let Some(name) = get(node, "name") {
            self.string(
                vm,
                name,
                "name",
                "the name of this virtual machine",
                &mut table,
            );
        }
        let properties = get(node, "properties");
        let at = |path: &[&str]| path_in(properties, path);
        if let Some(image) = at(&["storageProfile", "imageReference", "id"]) {
            self.image(vm, image, &mut table);
        } else if let Some(reference) = at(&["storageProfile", "imageReference"]) {
            self.ignored.push((
                reference.range.clone(),
                "the virtual machine's image is not a gallery image: the spec's VMs are made from gallery images"
                    .to_owned(),
            ));
        }
        if let Some(size) = at(&["hardwareProfile", "vmSize"]) {
            self.string(
                vm,
                size,
                "size",
                "the size of this virtual machine",
                &mut table,
            );
        }
        if let Some(user) = at(&["osProfile", "adminUsername"]) {
            self.string(
                vm,
                user,
                "admin-username",
                "the admin user name",
                &mut table,
            );
        }
        self.authentication(vm, properties, &mut table);
        if let Some(location) = get(node, "location")
            && let Some(evaluated) = self.evaluate(vm, location)
            && let Some(text) = evaluated.text.known()
        {
            table.push("location", Node::string(evaluated.range, text));
        }
        if let Some(group) = &vm.group
            && let Some(text) = group.known()
        {
            let range = place(group, Origin::Template, None).unwrap_or(node.range.clone());
            table.push("resource-group", Node::string(range, text));
        }
        if let Some(tags) = self.tags(vm, get(node, "tags")) {
            table.push("tags", tags);
        }
        self.network(vm, properties, &mut table);
        table.node(node.range.clone())
    }

    /// A string key, with the parameter it comes from.
    fn string(
        &mut self,
        other: &Other<'t>,
        node: &'t Node,
        key: &str,
        what: &str,
        table: &mut Table,
    ) {
        let Some((text, evaluated)) = self.known(other, node, what) else {
            if let Some(parameter) = parameter_written(node) {
                table.parameter(key, &parameter, node.range.clone());
            }
            return;
        };
        if let Some(parameter) = self.parameters.of(&evaluated.text) {
            table.parameter(key, &parameter, evaluated.range.clone());
        }
        table.push(key, Node::string(evaluated.range, text));
    }

    /// `storageProfile.imageReference.id` as `GALLERY/DEFINITION[/VERSION]`.
    fn image(&mut self, vm: &Other<'t>, id: &'t Node, table: &mut Table) {
        let Some(evaluated) = self.evaluate(vm, id) else {
            return;
        };
        match gallery_path(&evaluated.text) {
            Some(path) if path.len() >= 2 => {
                self.referenced_version(&evaluated, &path);
                table.push("image", Node::string(evaluated.range, path.join("/")));
            }
            Some(_) | None => self.unresolved.push((
                id.range.clone(),
                "the image of this virtual machine: not the id of a gallery image definition or version sigil can read"
                    .to_owned(),
            )),
        }
    }

    /// `authentication-type` and `ssh-key-value` from the OS profile.
    fn authentication(&mut self, vm: &Other<'t>, properties: Option<&'t Node>, table: &mut Table) {
        let Some(os) = path_in(properties, &["osProfile"]) else {
            return;
        };
        if let Some(password) = get(os, "adminPassword") {
            table.push(
                "authentication-type",
                Node::string(password.range.clone(), "password"),
            );
            if let Some(parameter) = parameter_written(password) {
                table.parameter("admin-password", &parameter, password.range.clone());
            }
            return;
        }
        let keys = path_in(Some(os), &["linuxConfiguration", "ssh", "publicKeys"]);
        let Some(key) = keys.and_then(|keys| keys.items().first()) else {
            return;
        };
        table.push(
            "authentication-type",
            Node::string(key.range.clone(), "ssh"),
        );
        if let Some(data) = get(key, "keyData") {
            self.string(vm, data, "ssh-key-value", "the SSH public key", table);
        }
        if keys.is_some_and(|keys| keys.items().len() > 1) {
            self.ignored.push((
                keys.map_or(0..0, |keys| keys.range.clone()),
                "more than one SSH public key: the spec takes one".to_owned(),
            ));
        }
    }

    /// `public-ip`, `dns-label` and `nsg-rule` from the network interface, public IP and security group
    /// the VM uses.
    fn network(&mut self, vm: &Other<'t>, properties: Option<&'t Node>, table: &mut Table) {
        let nic_id = path_in(properties, &["networkProfile", "networkInterfaces"])
            .and_then(|nics| nics.items().first())
            .and_then(|nic| get(nic, "id"));
        let Some(nic) = self.referenced(vm, nic_id, OtherKind::NetworkInterface) else {
            return;
        };
        let configuration = path_in(get(nic.node, "properties"), &["ipConfigurations"])
            .and_then(|configurations| configurations.items().first())
            .and_then(|configuration| get(configuration, "properties"));
        let ip_id = path_in(configuration, &["publicIPAddress", "id"]);
        if let Some(ip) = self.referenced(nic, ip_id, OtherKind::PublicIp) {
            table.push("public-ip", Node::bool(ip.node.range.clone(), true));
            let label = path_in(
                get(ip.node, "properties"),
                &["dnsSettings", "domainNameLabel"],
            );
            if let Some(label) = label {
                self.string(
                    ip,
                    label,
                    "dns-label",
                    "the DNS label of the public IP",
                    table,
                );
            }
        }
        let nsg_id = path_in(get(nic.node, "properties"), &["networkSecurityGroup", "id"])
            .or_else(|| self.subnet_security_group(nic, configuration));
        if let Some(nsg) = self.referenced(nic, nsg_id, OtherKind::SecurityGroup) {
            self.security_rules(nsg, table);
        }
    }

    /// The security group of the subnet a NIC's configuration is in, when the VNET is in the template.
    fn subnet_security_group(
        &self,
        nic: &Other<'t>,
        configuration: Option<&'t Node>,
    ) -> Option<&'t Node> {
        let subnet_id = path_in(configuration, &["subnet", "id"])?;
        let segments = self.evaluate(nic, subnet_id)?.text.segments();
        let subnet = signature(segments.last()?);
        let network = signature(segments.get(segments.len().checked_sub(3)?)?);
        let vnet = self.named(OtherKind::VirtualNetwork, &network)?;
        let subnets = path_in(get(vnet.node, "properties"), &["subnets"])?;
        let found = subnets.items().iter().find(|item| {
            get(item, "name")
                .and_then(|name| self.evaluate(vnet, name))
                .is_some_and(|evaluated| signature(&evaluated.text).eq_ignore_ascii_case(&subnet))
        })?;
        path_in(get(found, "properties"), &["networkSecurityGroup", "id"])
    }

    /// `nsg-rule`: the inbound port the group opens (22 for SSH, 3389 for RDP), `None` for none.
    fn security_rules(&mut self, nsg: &Other<'t>, table: &mut Table) {
        let rules = path_in(get(nsg.node, "properties"), &["securityRules"]);
        let mut opened: Vec<(&'static str, Range<usize>)> = Vec::new();
        for rule in rules.map_or(&[][..], Node::items) {
            let properties = get(rule, "properties");
            let text = |key: &str| {
                path_in(properties, &[key])
                    .and_then(Node::as_str)
                    .map(str::to_ascii_lowercase)
            };
            let port = match text("destinationPortRange").as_deref() {
                Some("22") => "SSH",
                Some("3389") => "RDP",
                _ => {
                    self.ignored.push((
                        rule.range.clone(),
                        "a security rule other than an inbound SSH or RDP rule: the spec's `nsg-rule` is SSH, RDP or None"
                            .to_owned(),
                    ));
                    continue;
                }
            };
            let inbound_allow = text("access").as_deref() == Some("allow")
                && text("direction").as_deref() == Some("inbound");
            if inbound_allow {
                opened.push((port, rule.range.clone()));
            }
        }
        let range = rules.map_or(nsg.node.range.clone(), |rules| rules.range.clone());
        match opened.split_first() {
            None => table.push("nsg-rule", Node::string(range, "None")),
            Some(((port, range), rest)) => {
                table.push("nsg-rule", Node::string(range.clone(), *port));
                for (_, range) in rest {
                    self.ignored.push((
                        range.clone(),
                        "a second open port: the spec's `nsg-rule` opens one".to_owned(),
                    ));
                }
            }
        }
    }

    /// A `tags` object of literal strings.
    fn tags(&mut self, other: &Other<'t>, tags: Option<&'t Node>) -> Option<Node> {
        let tags = tags?;
        if let Kind::String(expression) = &tags.kind
            && is_expression(expression)
        {
            let evaluated = self.evaluate(other, tags);
            if evaluated.is_none() {
                self.unresolved.push((
                    tags.range.clone(),
                    format!("the tags are the expression `{expression}`"),
                ));
            }
            return None;
        }
        let mut entries = Vec::new();
        for entry in tags.entries() {
            if let Some((text, evaluated)) = self.known(other, &entry.value, "a tag's value") {
                entries.push(Entry::new(
                    entry.key.clone(),
                    entry.key_range.clone(),
                    Node::string(evaluated.range, text),
                ));
            }
        }
        Some(Node::table(tags.range.clone(), entries))
    }

    /// The `role-assignment` array.
    pub(crate) fn role_assignments(&mut self) -> Vec<Node> {
        let others = self.others;
        others
            .iter()
            .filter(|other| other.kind == OtherKind::RoleAssignment)
            .filter_map(|assignment| self.role_assignment(assignment))
            .collect()
    }

    fn role_assignment(&mut self, assignment: &Other<'t>) -> Option<Node> {
        let node = assignment.node;
        let mut table = Table::default();
        let scope = get(node, "scope");
        let Some(path) = scope.and_then(|scope| self.evaluate(assignment, scope)) else {
            self.ignored.push((
                node.range.clone(),
                "a role assignment without a `scope` on a gallery resource: the spec's role assignments share gallery resources"
                    .to_owned(),
            ));
            return None;
        };
        let Some(segments) = gallery_path(&path.text) else {
            self.ignored.push((
                path.range,
                "the scope of this role assignment is not a gallery resource sigil can read"
                    .to_owned(),
            ));
            return None;
        };
        self.referenced_version(&path, &segments);
        table.push("scope", Node::string(path.range, segments.join("/")));
        let properties = get(node, "properties");
        if let Some(role) = path_in(properties, &["roleDefinitionId"])
            && let Some(evaluated) = self.evaluate(assignment, role)
        {
            match evaluated.text.segments().last().and_then(Text::known) {
                Some(id) => table.push("role", Node::string(evaluated.range, role_name(&id))),
                None => self.unresolved.push((
                    role.range.clone(),
                    "the role of this assignment: its id is known only at deployment".to_owned(),
                )),
            }
        }
        if let Some(principal) = path_in(properties, &["principalId"]) {
            self.principal(assignment, principal, &mut table);
        }
        Some(table.node(node.range.clone()))
    }

    /// `assignee-object-id` from the principal, and `assignee` from its parameter's metadata.
    fn principal(&mut self, assignment: &Other<'t>, principal: &'t Node, table: &mut Table) {
        let written = parameter_written(principal);
        if let Some(parameter) = &written
            && let Some((assignee, range)) = self
                .parameters
                .assignees
                .get(&parameter.to_ascii_lowercase())
        {
            table.push("assignee", Node::string(range.clone(), assignee.clone()));
        }
        let evaluated = self.evaluate(assignment, principal);
        match evaluated
            .as_ref()
            .and_then(|evaluated| evaluated.text.known())
        {
            Some(id) => {
                let evaluated = evaluated.expect("known");
                if let Some(parameter) = self.parameters.of(&evaluated.text) {
                    table.parameter("assignee-object-id", &parameter, evaluated.range.clone());
                }
                table.push("assignee-object-id", Node::string(evaluated.range, id));
            }
            None => {
                if let Some(parameter) = written {
                    table.parameter("assignee-object-id", &parameter, principal.range.clone());
                }
            }
        }
    }
}

/// Keys and values of one resource, with its `parameters` table.
#[derive(Debug, Default)]
pub(crate) struct Table {
    entries: Vec<Entry>,
    parameters: Vec<Entry>,
}

impl Table {
    pub(crate) fn push(&mut self, key: &str, value: Node) {
        if self.entries.iter().any(|entry| entry.key == key) {
            return;
        }
        let range = value.range.clone();
        self.entries.push(Entry::new(key, range, value));
    }

    pub(crate) fn parameter(&mut self, key: &str, parameter: &str, range: Range<usize>) {
        if self.parameters.iter().any(|entry| entry.key == key) {
            return;
        }
        self.parameters.push(Entry::new(
            key,
            range.clone(),
            Node::string(range, parameter),
        ));
    }

    pub(crate) fn node(mut self, range: Range<usize>) -> Node {
        if let Some(first) = self.parameters.first() {
            let at = first.value.range.clone();
            self.entries.push(Entry::new(
                "parameters",
                at.clone(),
                Node::table(at, self.parameters),
            ));
        }
        Node::table(range, self.entries)
    }
}

/// The node at `path` under `node`, keys compared without regard to case.
fn path_in<'a>(node: Option<&'a Node>, path: &[&str]) -> Option<&'a Node> {
    path.iter().try_fold(node?, |node, key| get(node, key))
}

/// `X` when `node` is written `[parameters('X')]`: the parameter a value is given in even when the
/// value itself is known only at deployment.
pub(crate) fn parameter_written(node: &Node) -> Option<String> {
    let text = node.as_str()?;
    let inner = text.strip_prefix('[')?.strip_suffix(']')?.trim();
    let (function, rest) = inner.split_once('(')?;
    if !function.trim().eq_ignore_ascii_case("parameters") {
        return None;
    }
    let name = rest
        .strip_suffix(')')?
        .trim()
        .strip_prefix('\'')?
        .strip_suffix('\'')?;
    (!name.contains('\'')).then(|| name.to_owned())
}

/// The gallery resource an id or a scope names, as `GALLERY[/DEFINITION[/VERSION]]`: the known segments
/// after `galleries`, `images` and `versions`.
pub(crate) fn gallery_path(text: &Text) -> Option<Vec<String>> {
    let segments: Vec<Option<String>> = text.segments().iter().map(Text::known).collect();
    let start = segments.iter().position(|segment| {
        segment
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("galleries"))
    })?;
    let mut path = Vec::new();
    for (offset, kind) in ["galleries", "images", "versions"].iter().enumerate() {
        let at = start + offset * 2;
        match (segments.get(at), segments.get(at + 1)) {
            (Some(Some(written)), Some(Some(name))) if written.eq_ignore_ascii_case(kind) => {
                path.push(name.clone());
            }
            (Some(Some(written)), Some(None)) if written.eq_ignore_ascii_case(kind) => return None,
            _ => break,
        }
    }
    (!path.is_empty()).then_some(path)
}

/// The segment of an id after `versions`: a version's name, with the pieces it is made of.
fn version_segment(text: &Text) -> Option<Text> {
    let segments = text.segments();
    let at = segments.iter().position(|segment| {
        segment
            .known()
            .is_some_and(|known| known.eq_ignore_ascii_case("versions"))
    })?;
    segments.into_iter().nth(at + 1)
}

/// A name as far as it is known, each unknown piece by what it is (`{uniqueString(...)}myVMNic`): two
/// names built by the same expression have the same signature, so a VM finds the NIC it refers to even
/// when only the deployment knows its name.
fn signature(text: &Text) -> String {
    text.pieces
        .iter()
        .map(|piece| match &piece.unknown {
            Some(why) => format!("{{{why}}}"),
            None => piece.text.clone(),
        })
        .collect()
}

/// A built-in role's name for its definition id; any other id as it is.
fn role_name(id: &str) -> String {
    BUILT_IN_ROLE_IDS
        .iter()
        .find(|(_, known)| known.eq_ignore_ascii_case(id))
        .map_or_else(|| id.to_ascii_lowercase(), |(name, _)| (*name).to_owned())
}
