//! Terraform configurations (`*.tf`): the `azurerm` provider's gallery resources as a spec-shaped
//! document, parsed with `hcl-edit`, which keeps the byte range of every attribute and value.
//!
//! | resource | spec |
//! |---|---|
//! | `azurerm_shared_image_gallery` | `gallery` |
//! | `azurerm_shared_image` | `image-definition` |
//! | `azurerm_shared_image_version` | `image-version` |
//! | `azurerm_gallery_application` | `application` |
//! | `azurerm_gallery_application_version` | `application-version` |
//! | `azurerm_resource_group` | `resource-group`, when the gallery resources are deployed to it (named by `azurerm_resource_group.X.name` or by its literal name) |
//!
//! A value is read when it is a literal, or `var.NAME` for a variable of the same file with a literal
//! `default` (the value then points at that default). Anything else (a reference to another resource, an
//! interpolation, a function call) is known only when Terraform plans, and is listed as unresolved; the
//! few values whose presence is all the rules look at (an image version's source, an application
//! version's package and commands) keep the expression's text. Nothing is invented for an attribute the
//! file does not write: the provider's defaults (`hyper_v_generation = "V1"`, `specialized = false`) stay
//! absent, as a missing key does in a spec.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use hcl_edit::expr::{Expression, ObjectKey, Traversal, TraversalOperator};
use hcl_edit::structure::{Block, Body};
use sigil_core::rules::SIG000;
use sigil_core::{Diagnostic, Located};
use sigil_spec::document::{Entry, Kind, Lines, Node};

use crate::{Read, Unresolved};

/// The gallery resources of the `azurerm` provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ResourceKind {
    Gallery,
    ImageDefinition,
    ImageVersion,
    Application,
    ApplicationVersion,
}

impl ResourceKind {
    fn of_type(resource_type: &str) -> Option<Self> {
        Some(match resource_type {
            "azurerm_shared_image_gallery" => Self::Gallery,
            "azurerm_shared_image" => Self::ImageDefinition,
            "azurerm_shared_image_version" => Self::ImageVersion,
            "azurerm_gallery_application" => Self::Application,
            "azurerm_gallery_application_version" => Self::ApplicationVersion,
            _ => return None,
        })
    }

    /// The spec's array of this kind.
    fn array(self) -> &'static str {
        match self {
            Self::Gallery => "gallery",
            Self::ImageDefinition => "image-definition",
            Self::ImageVersion => "image-version",
            Self::Application => "application",
            Self::ApplicationVersion => "application-version",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Self::Gallery => "gallery",
            Self::ImageDefinition => "image definition",
            Self::ImageVersion => "image version",
            Self::Application => "application",
            Self::ApplicationVersion => "application version",
        }
    }

    /// The attributes that name the resource and its parents, under the spec's keys.
    fn names(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Self::Gallery | Self::Application | Self::ApplicationVersion => &[("name", "name")],
            Self::ImageDefinition => &[("gallery_name", "gallery"), ("name", "name")],
            Self::ImageVersion => &[
                ("gallery_name", "gallery"),
                ("image_name", "image-definition"),
                ("name", "name"),
            ],
        }
    }

    /// The attributes mapped one to one.
    fn fields(self) -> &'static [Field] {
        match self {
            Self::Gallery => GALLERY,
            Self::ImageDefinition => IMAGE_DEFINITION,
            Self::ImageVersion => IMAGE_VERSION,
            Self::Application => APPLICATION,
            Self::ApplicationVersion => APPLICATION_VERSION,
        }
    }
}

/// What an attribute's value becomes when Terraform only knows it when it plans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unknown {
    /// Left out, and listed as unresolved.
    Unresolved,
    /// Kept as its text: only its presence matters to the rules.
    Present,
    /// Left out without a word: usually a reference (`location`), and rarely decisive.
    Quiet,
}

use Unknown::{Present, Quiet, Unresolved as Listed};

/// One attribute: the blocks it is nested in, its name, the spec's key, and what an unknown value becomes.
type Field = (&'static [&'static str], &'static str, &'static str, Unknown);

const GALLERY: &[Field] = &[
    (&[], "description", "description", Listed),
    (&[], "tags", "tags", Listed),
];

const IMAGE_DEFINITION: &[Field] = &[
    (&["identifier"], "publisher", "publisher", Listed),
    (&["identifier"], "offer", "offer", Listed),
    (&["identifier"], "sku", "sku", Listed),
    (&[], "os_type", "os-type", Listed),
    (&[], "hyper_v_generation", "hyper-v-generation", Listed),
    (&[], "architecture", "architecture", Listed),
    (
        &[],
        "min_recommended_vcpu_count",
        "minimum-cpu-core",
        Listed,
    ),
    (
        &[],
        "max_recommended_vcpu_count",
        "maximum-cpu-core",
        Listed,
    ),
    (
        &[],
        "min_recommended_memory_in_gb",
        "minimum-memory",
        Listed,
    ),
    (
        &[],
        "max_recommended_memory_in_gb",
        "maximum-memory",
        Listed,
    ),
    (
        &[],
        "disk_types_not_allowed",
        "disallowed-disk-types",
        Listed,
    ),
    (&[], "end_of_life_date", "end-of-life-date", Listed),
    (&[], "eula", "eula", Listed),
    (
        &[],
        "privacy_statement_uri",
        "privacy-statement-uri",
        Listed,
    ),
    (&[], "release_note_uri", "release-note-uri", Listed),
    (&[], "description", "description", Listed),
    (&["purchase_plan"], "name", "plan-name", Listed),
    (&["purchase_plan"], "product", "plan-product", Listed),
    (&["purchase_plan"], "publisher", "plan-publisher", Listed),
    (&[], "tags", "tags", Listed),
];

const IMAGE_VERSION: &[Field] = &[
    (&[], "location", "location", Quiet),
    (&[], "managed_image_id", "managed-image", Present),
    (&[], "os_disk_snapshot_id", "os-snapshot", Present),
    (&[], "blob_uri", "os-vhd-uri", Present),
    (&[], "storage_account_id", "os-vhd-storage-account", Present),
    (&[], "replication_mode", "replication-mode", Listed),
    (&[], "exclude_from_latest", "exclude-from-latest", Listed),
    (&[], "end_of_life_date", "end-of-life-date", Listed),
    (&[], "tags", "tags", Listed),
];

const APPLICATION: &[Field] = &[
    (&[], "supported_os_type", "os-type", Listed),
    (&[], "description", "description", Listed),
    (&[], "eula", "eula", Listed),
    (
        &[],
        "privacy_statement_uri",
        "privacy-statement-uri",
        Listed,
    ),
    (&[], "release_note_uri", "release-note-uri", Listed),
    (&[], "end_of_life_date", "end-of-life-date", Listed),
    (&[], "tags", "tags", Listed),
];

const APPLICATION_VERSION: &[Field] = &[
    (&[], "location", "location", Quiet),
    (&["source"], "media_link", "package-file-link", Present),
    (
        &["source"],
        "default_configuration_link",
        "default-configuration-file-link",
        Listed,
    ),
    (&["manage_action"], "install", "install-command", Present),
    (&["manage_action"], "remove", "remove-command", Present),
    (&["manage_action"], "update", "update-command", Listed),
    (&[], "package_file", "package-file-name", Listed),
    (&[], "config_file", "config-file-name", Listed),
    (&[], "exclude_from_latest", "exclude-from-latest", Listed),
    (&[], "end_of_life_date", "end-of-life-date", Listed),
    (&[], "tags", "tags", Listed),
];

/// A target region's attributes.
const TARGET_REGION: &[Field] = &[
    (&[], "name", "name", Listed),
    (&[], "regional_replica_count", "replica-count", Listed),
    (&[], "storage_account_type", "storage-account-type", Listed),
    (
        &[],
        "exclude_from_latest_enabled",
        "exclude-from-latest",
        Listed,
    ),
];

/// The flags of an image definition that choose its security type, in the order they win.
const SECURITY_TYPES: &[(&str, &str)] = &[
    ("confidential_vm_enabled", "ConfidentialVM"),
    ("confidential_vm_supported", "ConfidentialVmSupported"),
    ("trusted_launch_enabled", "TrustedLaunch"),
    ("trusted_launch_supported", "TrustedLaunchSupported"),
];

/// An image definition's boolean features.
const FEATURE_FLAGS: &[(&str, &str)] = &[
    (
        "accelerated_network_support_enabled",
        "accelerated-networking",
    ),
    ("hibernation_enabled", "hibernation"),
];

/// What a value is before Terraform plans.
#[derive(Debug)]
enum Value {
    /// A literal, or the literal default of a variable.
    Known(Node),
    /// `null`: the attribute is not set.
    Null,
    /// Known only when Terraform plans: the expression as written, and where.
    Unknown(String, Range<usize>),
}

struct Reader<'a> {
    text: &'a str,
    /// Each variable of the file and its `default`, when it has one.
    variables: HashMap<&'a str, Option<&'a Expression>>,
    unresolved: Vec<(Range<usize>, String)>,
}

fn range_of(item: &impl hcl_edit::Span) -> Range<usize> {
    item.span().unwrap_or(0..0)
}

/// The variable `var.NAME` refers to.
fn variable(traversal: &Traversal) -> Option<&str> {
    let root = traversal.expr.as_variable()?;
    if root.as_str() != "var" {
        return None;
    }
    match traversal.operators.as_slice() {
        [operator] => match operator.value() {
            TraversalOperator::GetAttr(name) => Some(name.as_str()),
            _ => None,
        },
        _ => None,
    }
}

/// The label `X` of a reference to a resource group's name, `azurerm_resource_group.X.name`.
fn group_reference(expression: &Expression) -> Option<&str> {
    let Expression::Traversal(traversal) = expression else {
        return None;
    };
    if traversal.expr.as_variable()?.as_str() != "azurerm_resource_group" {
        return None;
    }
    match traversal.operators.as_slice() {
        [label, attribute] => match (label.value(), attribute.value()) {
            (TraversalOperator::GetAttr(label), TraversalOperator::GetAttr(attribute))
                if attribute.as_str() == "name" =>
            {
                Some(label.as_str())
            }
            _ => None,
        },
        _ => None,
    }
}

/// The blocks of `body` at `path` (`["identifier"]`), the first of each name.
fn nested<'b>(body: &'b Body, path: &[&str]) -> Option<&'b Body> {
    let mut body = body;
    for name in path {
        body = &body.blocks().find(|block| block.has_ident(name))?.body;
    }
    Some(body)
}

impl Reader<'_> {
    fn written(&self, range: &Range<usize>) -> String {
        self.text.get(range.clone()).unwrap_or_default().to_owned()
    }

    /// The value of `expression`, a variable's literal default standing for the variable.
    fn resolve(&self, expression: &Expression) -> Value {
        if let Expression::Traversal(traversal) = expression
            && let Some(name) = variable(traversal)
            && let Some(Some(default)) = self.variables.get(name)
            && let value @ (Value::Known(_) | Value::Null) = self.literal(default)
        {
            return value;
        }
        self.literal(expression)
    }

    /// The value of `expression` when it is a literal.
    fn literal(&self, expression: &Expression) -> Value {
        let range = range_of(expression);
        let unknown = || Value::Unknown(self.written(&range), range.clone());
        let node = match expression {
            Expression::Null(_) => return Value::Null,
            Expression::Bool(value) => Node::bool(range.clone(), *value.value()),
            Expression::Number(number) => {
                if let Some(integer) = number.as_i64() {
                    Node::integer(range.clone(), integer)
                } else if let Some(float) = number.as_f64() {
                    Node::new(range.clone(), Kind::Float(float))
                } else {
                    return unknown();
                }
            }
            Expression::String(text) => Node::string(range.clone(), text.value().clone()),
            Expression::Parenthesis(inner) => return self.literal(inner.inner()),
            Expression::Array(array) => {
                let mut items = Vec::new();
                for item in array {
                    match self.resolve(item) {
                        Value::Known(node) => items.push(node),
                        Value::Null => {}
                        Value::Unknown(..) => return unknown(),
                    }
                }
                Node::array(range.clone(), items)
            }
            Expression::Object(object) => {
                let mut entries = Vec::new();
                for (key, value) in object {
                    let key_range = match key {
                        ObjectKey::Ident(ident) => range_of(ident),
                        ObjectKey::Expression(expression) => range_of(expression),
                    };
                    let key = match key {
                        ObjectKey::Ident(ident) => ident.as_str().to_owned(),
                        ObjectKey::Expression(Expression::String(text)) => text.value().clone(),
                        ObjectKey::Expression(_) => return unknown(),
                    };
                    match self.resolve(value.expr()) {
                        Value::Known(node) => entries.push(Entry::new(key, key_range, node)),
                        Value::Null => {}
                        Value::Unknown(..) => return unknown(),
                    }
                }
                Node::table(range.clone(), entries)
            }
            _ => return unknown(),
        };
        Value::Known(node)
    }

    /// The entry of the attribute `name` of `body` under `key`, or nothing (recording why when it is
    /// known only when Terraform plans).
    fn field(&mut self, body: &Body, (path, name, key, unknown): &Field) -> Option<Entry> {
        let attribute = nested(body, path)?.get_attribute(name)?;
        let key_range = range_of(&attribute.key);
        let value = match self.resolve(&attribute.value) {
            Value::Known(node) => node,
            Value::Null => return None,
            Value::Unknown(written, range) => match unknown {
                Present => Node::string(range, written),
                Quiet => return None,
                Listed => {
                    let attribute = path
                        .iter()
                        .chain(std::iter::once(name))
                        .copied()
                        .collect::<Vec<_>>()
                        .join(".");
                    self.unresolved.push((
                        range,
                        format!(
                            "`{attribute}` is the expression `{written}`: sigil checks literal values only"
                        ),
                    ));
                    return None;
                }
            },
        };
        Some(Entry::new(*key, key_range, value))
    }

    /// A name of the resource (its own, or a parent's), recording why when it is not known.
    fn name(
        &mut self,
        body: &Body,
        kind: ResourceKind,
        (name, key): (&str, &'static str),
    ) -> Option<Entry> {
        let attribute = body.get_attribute(name)?;
        match self.resolve(&attribute.value) {
            Value::Known(node) => Some(Entry::new(key, range_of(&attribute.key), node)),
            Value::Null => None,
            Value::Unknown(written, range) => {
                self.unresolved.push((
                    range,
                    format!(
                        "the `{name}` of this {}: `{written}` is known only when Terraform plans",
                        kind.noun()
                    ),
                ));
                None
            }
        }
    }

    /// The names in a resource id (`gallery_id`, `gallery_application_id`): each segment after one of
    /// `segments` as the spec's key, each at its own text when the id is written without escapes.
    fn id(
        &mut self,
        body: &Body,
        kind: ResourceKind,
        name: &str,
        segments: &[(&str, &'static str)],
    ) -> Vec<Entry> {
        let Some(attribute) = body.get_attribute(name) else {
            return Vec::new();
        };
        let node = match self.resolve(&attribute.value) {
            Value::Known(node) => node,
            Value::Null => return Vec::new(),
            Value::Unknown(written, range) => {
                self.unresolved.push((
                    range,
                    format!(
                        "the `{name}` of this {}: `{written}` is known only when Terraform plans",
                        kind.noun()
                    ),
                ));
                return Vec::new();
            }
        };
        let Some(id) = node.as_str() else {
            return Vec::new();
        };
        // Where the id's text starts in the file, when it is written as it reads.
        let start = self
            .text
            .get(node.range.clone())
            .and_then(|raw| raw.strip_prefix('"')?.strip_suffix('"'))
            .filter(|inner| *inner == id)
            .map(|_| node.range.start + 1);
        let mut offset = 0;
        let mut pieces = Vec::new();
        for piece in id.split('/') {
            pieces.push((offset, piece));
            offset += piece.len() + 1;
        }
        let mut entries = Vec::new();
        for pair in pieces.windows(2) {
            let [(_, segment), (at, value)] = pair else {
                continue;
            };
            let Some((_, key)) = segments
                .iter()
                .find(|(name, _)| segment.eq_ignore_ascii_case(name))
            else {
                continue;
            };
            if value.is_empty() || entries.iter().any(|entry: &Entry| entry.key == *key) {
                continue;
            }
            let range = match start {
                Some(start) => start + at..start + at + value.len(),
                None => node.range.clone(),
            };
            entries.push(Entry::new(
                *key,
                range_of(&attribute.key),
                Node::string(range, *value),
            ));
        }
        entries
    }

    /// `specialized` as `os-state`.
    fn os_state(&mut self, body: &Body) -> Option<Entry> {
        let entry = self.field(body, &(&[], "specialized", "os-state", Listed))?;
        let value = match entry.value.kind {
            Kind::Bool(true) => Node::string(entry.value.range, "Specialized"),
            Kind::Bool(false) => Node::string(entry.value.range, "Generalized"),
            _ => entry.value,
        };
        Some(Entry::new("os-state", entry.key_range, value))
    }

    /// The flags of an image definition as its `features` table.
    fn features(&mut self, body: &Body, range: &Range<usize>) -> Option<Entry> {
        let mut entries: Vec<Entry> = Vec::new();
        for (name, security_type) in SECURITY_TYPES {
            let Some(entry) = self.field(body, &(&[], name, "security-type", Listed)) else {
                continue;
            };
            if entry.value.kind == Kind::Bool(true)
                && !entries.iter().any(|entry| entry.key == "security-type")
            {
                let value = Node::string(entry.value.range, *security_type);
                entries.push(Entry::new("security-type", entry.key_range, value));
            }
        }
        for (name, key) in FEATURE_FLAGS {
            if let Some(entry) = self.field(body, &(&[], name, key, Listed)) {
                entries.push(entry);
            }
        }
        if let Some(entry) = self.field(
            body,
            &(
                &[],
                "disk_controller_type_nvme_enabled",
                "disk-controller-types",
                Listed,
            ),
        ) && entry.value.kind == Kind::Bool(true)
        {
            let range = entry.value.range;
            let types = ["SCSI", "NVMe"].map(|name| Node::string(range.clone(), name));
            entries.push(Entry::new(
                "disk-controller-types",
                entry.key_range,
                Node::array(range, types.into()),
            ));
        }
        let key_range = entries.first()?.key_range.clone();
        Some(Entry::new(
            "features",
            key_range,
            Node::table(range.clone(), entries),
        ))
    }

    /// Each `target_region` block whose name is known, as `target-regions`.
    fn target_regions(&mut self, body: &Body) -> Option<Entry> {
        let mut items = Vec::new();
        let mut key_range = None;
        for (index, region) in body.get_blocks("target_region").enumerate() {
            key_range.get_or_insert_with(|| range_of(&region.ident));
            let mut entries = Vec::new();
            for field in TARGET_REGION {
                if let Some(entry) = self.field(&region.body, field) {
                    entries.push(entry);
                }
            }
            if entries.first().is_some_and(|entry| entry.key == "name") {
                items.push(Node::table(range_of(region), entries).with_index(index));
            }
        }
        let key_range = key_range?;
        let range = items
            .iter()
            .map(|item| item.range.clone())
            .reduce(|a, b| a.start.min(b.start)..a.end.max(b.end))
            .unwrap_or_else(|| key_range.clone());
        Some(Entry::new(
            "target-regions",
            key_range,
            Node::new(range, Kind::Array(items)),
        ))
    }

    /// A gallery resource as a table of the spec's keys.
    fn resource(&mut self, kind: ResourceKind, block: &Block) -> Node {
        let body = &block.body;
        let range = range_of(block);
        let mut entries = Vec::new();
        match kind {
            ResourceKind::Application => {
                entries.extend(self.id(body, kind, "gallery_id", &[("galleries", "gallery")]));
            }
            ResourceKind::ApplicationVersion => entries.extend(self.id(
                body,
                kind,
                "gallery_application_id",
                &[("galleries", "gallery"), ("applications", "application")],
            )),
            _ => {}
        }
        for name in kind.names() {
            entries.extend(self.name(body, kind, *name));
        }
        for field in kind.fields() {
            entries.extend(self.field(body, field));
        }
        match kind {
            ResourceKind::ImageDefinition => {
                entries.extend(self.os_state(body));
                entries.extend(self.features(body, &range));
            }
            ResourceKind::ImageVersion | ResourceKind::ApplicationVersion => {
                entries.extend(self.target_regions(body));
            }
            ResourceKind::Gallery | ResourceKind::Application => {}
        }
        Node::table(range, entries)
    }
}

impl Reader<'_> {
    /// The text and ranges (key, value) of a string attribute the file writes, or a variable's default.
    fn text_of(&self, body: &Body, name: &str) -> Option<(String, Range<usize>, Range<usize>)> {
        let attribute = body.get_attribute(name)?;
        let Value::Known(node) = self.resolve(&attribute.value) else {
            return None;
        };
        let text = node.as_str()?.to_owned();
        Some((text, range_of(&attribute.key), node.range))
    }

    /// The spec's `resource-group`: the first `azurerm_resource_group` a gallery resource of `gallery`
    /// is deployed to, named by reference or by its literal name, when the file writes that group's name.
    fn resource_group(&self, body: &Body, gallery: &[&Block]) -> Option<Entry> {
        let groups: Vec<&Block> = body
            .get_blocks("resource")
            .filter(|block| {
                block.labels.len() == 2 && block.labels[0].as_str() == "azurerm_resource_group"
            })
            .collect();
        let group = gallery.iter().find_map(|resource| {
            let named = &resource.body.get_attribute("resource_group_name")?.value;
            if let Some(label) = group_reference(named) {
                return groups
                    .iter()
                    .find(|group| group.labels[1].as_str() == label);
            }
            let Value::Known(node) = self.resolve(named) else {
                return None;
            };
            let name = node.as_str()?;
            groups.iter().find(|group| {
                self.text_of(&group.body, "name")
                    .is_some_and(|(text, ..)| text.eq_ignore_ascii_case(name))
            })
        })?;
        let (name, key, value) = self.text_of(&group.body, "name")?;
        let location = self.text_of(&group.body, "location");
        let location = location
            .as_ref()
            .map(|(text, key, value)| (text.as_str(), key.clone(), value.clone()));
        Some(crate::resources::resource_group(
            range_of(*group),
            (&name, key, value),
            location,
        ))
    }
}

/// Reads a Terraform configuration: its gallery resources as a document. `text` has no byte order mark.
pub fn read(file: &Path, text: &str) -> Read {
    let body = match hcl_edit::parser::parse_body(text) {
        Ok(body) => body,
        Err(error) => {
            let at = error.location().offset();
            let span = Lines::new(text).span(&(at..at));
            return Read {
                diagnostics: vec![Located {
                    file: file.to_path_buf(),
                    span,
                    diagnostic: Diagnostic::new(
                        &SIG000,
                        format!("invalid HCL: {}", error.message()),
                    ),
                }],
                ..Read::default()
            };
        }
    };
    let variables = body
        .get_blocks("variable")
        .filter_map(|block| {
            let [label] = block.labels.as_slice() else {
                return None;
            };
            let default = block
                .body
                .get_attribute("default")
                .map(|attribute| &attribute.value);
            Some((label.as_str(), default))
        })
        .collect();
    let mut reader = Reader {
        text,
        variables,
        unresolved: Vec::new(),
    };
    let mut arrays: Vec<(ResourceKind, Range<usize>, Vec<Node>)> = Vec::new();
    let mut gallery_blocks = Vec::new();
    for block in body.get_blocks("resource") {
        let [resource_type, _] = block.labels.as_slice() else {
            continue;
        };
        let Some(kind) = ResourceKind::of_type(resource_type.as_str()) else {
            continue;
        };
        gallery_blocks.push(block);
        let node = reader.resource(kind, block);
        match arrays.iter_mut().find(|(known, ..)| *known == kind) {
            Some((_, range, items)) => {
                range.end = range.end.max(node.range.end);
                items.push(node);
            }
            None => arrays.push((kind, node.range.clone(), vec![node])),
        }
    }
    let lines = Lines::new(text);
    let unresolved = reader
        .unresolved
        .iter()
        .map(|(range, what)| Unresolved {
            file: file.to_path_buf(),
            span: lines.span(range),
            what: what.clone(),
        })
        .collect();
    let group = reader.resource_group(&body, &gallery_blocks);
    let document = (!arrays.is_empty()).then(|| {
        let entries = group
            .into_iter()
            .chain(arrays.into_iter().map(|(kind, range, items)| {
                Entry::new(kind.array(), 0..0, Node::array(range, items))
            }))
            .collect();
        Node::table(0..text.len(), entries)
    });
    Read {
        document,
        unresolved,
        ..Read::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(text: &str) -> (Node, Read) {
        let read = read(Path::new("main.tf"), text);
        (read.document.clone().expect("a document"), read)
    }

    fn first<'d>(document: &'d Node, array: &str) -> &'d Node {
        &document.get(array).expect(array).items()[0]
    }

    #[test]
    fn an_image_definition_maps_to_the_spec_keys() {
        let text = r#"
resource "azurerm_shared_image" "linux" {
  name                = "ubuntu"
  gallery_name        = "myGallery"
  os_type             = "Linux"
  hyper_v_generation  = "V2"
  specialized         = true
  trusted_launch_enabled = true
  disk_controller_type_nvme_enabled = true
  min_recommended_vcpu_count = 2
  disk_types_not_allowed = ["Standard_LRS"]
  identifier {
    publisher = "contoso"
    offer     = "ubuntu"
    sku       = "24.04"
  }
  purchase_plan {
    name = "plan"
  }
  tags = { team = "images" }
}
"#;
        let (document, read) = document(text);
        assert!(read.unresolved.is_empty(), "{:?}", read.unresolved);
        let definition = first(&document, "image-definition");
        let keys: Vec<&str> = definition
            .entries()
            .iter()
            .map(|entry| entry.key.as_str())
            .collect();
        assert_eq!(
            keys,
            [
                "gallery",
                "name",
                "publisher",
                "offer",
                "sku",
                "os-type",
                "hyper-v-generation",
                "minimum-cpu-core",
                "disallowed-disk-types",
                "plan-name",
                "tags",
                "os-state",
                "features"
            ]
        );
        let name = definition.get("name").unwrap();
        assert_eq!(&text[name.range.clone()], "\"ubuntu\"");
        assert_eq!(
            definition.get("os-state").and_then(Node::as_str),
            Some("Specialized")
        );
        let features = definition.get("features").unwrap();
        assert_eq!(
            features.get("security-type").and_then(Node::as_str),
            Some("TrustedLaunch")
        );
        assert_eq!(
            features.get("disk-controller-types").unwrap().items().len(),
            2
        );
        assert_eq!(
            definition
                .get("tags")
                .and_then(|tags| tags.get("team"))
                .and_then(Node::as_str),
            Some("images")
        );
    }

    #[test]
    fn a_variable_stands_for_its_default_and_references_are_unresolved() {
        let text = r#"
variable "gallery" {
  type    = string
  default = "my-gallery"
}
variable "nothing" {}

resource "azurerm_shared_image_gallery" "g" {
  name        = var.gallery
  description = "built by ${var.gallery}"
}

resource "azurerm_shared_image_version" "v" {
  name              = "1.0.0"
  gallery_name      = azurerm_shared_image_gallery.g.name
  image_name        = var.nothing
  managed_image_id  = azurerm_image.source.id
  target_region {
    name                   = "westeurope"
    regional_replica_count = 2
  }
}
"#;
        let (document, read) = document(text);
        let gallery = first(&document, "gallery");
        let name = gallery.get("name").unwrap();
        assert_eq!(name.as_str(), Some("my-gallery"));
        assert_eq!(&text[name.range.clone()], "\"my-gallery\"");
        assert!(gallery.get("description").is_none());

        let version = first(&document, "image-version");
        assert!(version.get("gallery").is_none());
        assert!(version.get("image-definition").is_none());
        assert_eq!(
            version.get("managed-image").and_then(Node::as_str),
            Some("azurerm_image.source.id")
        );
        let regions = version.get("target-regions").unwrap().items();
        assert_eq!(
            regions[0].get("replica-count").unwrap().kind,
            Kind::Integer(2)
        );

        let what: Vec<&str> = read.unresolved.iter().map(|u| u.what.as_str()).collect();
        assert_eq!(what.len(), 3, "{what:?}");
        assert!(what[0].starts_with("`description` is the expression"));
        assert!(what[1].contains("`gallery_name` of this image version"));
        assert!(what[2].contains("`var.nothing`"));
    }

    #[test]
    fn an_application_takes_its_gallery_from_a_literal_id_only() {
        let text = r#"
resource "azurerm_gallery_application" "literal" {
  name              = "app"
  gallery_id        = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/galleries/myGallery"
  supported_os_type = "Linux"
}
resource "azurerm_gallery_application" "reference" {
  name              = "app2"
  gallery_id        = azurerm_shared_image_gallery.g.id
  supported_os_type = "Windows"
}
"#;
        let (document, read) = document(text);
        let applications = document.get("application").unwrap().items();
        let gallery = applications[0].get("gallery").unwrap();
        assert_eq!(gallery.as_str(), Some("myGallery"));
        assert_eq!(&text[gallery.range.clone()], "myGallery");
        assert_eq!(
            applications[0].get("os-type").and_then(Node::as_str),
            Some("Linux")
        );
        assert!(applications[1].get("gallery").is_none());
        assert_eq!(applications[1].index, 1);
        assert_eq!(read.unresolved.len(), 1);
    }

    #[test]
    fn the_resource_group_the_gallery_resources_use_is_read() {
        let text = r#"
variable "where" {
  default = "westeurope"
}
resource "azurerm_resource_group" "other" {
  name     = "rg-other"
  location = "eastus"
}
resource "azurerm_resource_group" "images" {
  name     = "rg-images"
  location = var.where
}
resource "azurerm_shared_image_gallery" "g" {
  name                = "myGallery"
  resource_group_name = azurerm_resource_group.images.name
}
"#;
        let (document, _) = document(text);
        let group = document.get("resource-group").unwrap();
        let name = group.get("name").unwrap();
        assert_eq!(&text[name.range.clone()], "\"rg-images\"");
        let location = group.get("location").unwrap();
        assert_eq!(&text[location.range.clone()], "\"westeurope\"");

        let by_name = text.replace("azurerm_resource_group.images.name", "\"RG-OTHER\"");
        let (document, _) = self::document(&by_name);
        let group = document.get("resource-group").unwrap();
        assert_eq!(group.get("name").and_then(Node::as_str), Some("rg-other"));
        assert_eq!(group.get("location").and_then(Node::as_str), Some("eastus"));

        let elsewhere = text.replace("azurerm_resource_group.images.name", "\"rg-elsewhere\"");
        let (document, _) = self::document(&elsewhere);
        assert!(document.get("resource-group").is_none());
    }

    #[test]
    fn other_resources_give_no_document() {
        let read = read(
            Path::new("main.tf"),
            "resource \"azurerm_resource_group\" \"rg\" {\n  name = \"rg\"\n}\n",
        );
        assert!(read.document.is_none());
        assert!(read.diagnostics.is_empty());
    }

    #[test]
    fn a_configuration_that_does_not_parse_is_a_syntax_error() {
        let read = read(
            Path::new("main.tf"),
            "resource \"azurerm_shared_image\" \"x\" {\n  name = \n",
        );
        assert!(read.document.is_none());
        assert_eq!(read.diagnostics.len(), 1);
        assert_eq!(read.diagnostics[0].diagnostic.rule.id, "SIG000");
        assert_eq!(read.diagnostics[0].span.start.line, 2);
    }
}
