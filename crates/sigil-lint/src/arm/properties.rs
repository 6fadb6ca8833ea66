//! An ARM resource's properties under the spec's keys, so that the core's property rules apply to them.
//!
//! Only literal values are mapped; a property whose value is an expression is left out and listed as
//! unresolved, except for the few whose presence is all the rules look at (an image version's source, an
//! application's package and commands): those keep the expression's text, so that "no source" is not
//! reported for a source only the deployment knows. A value of the wrong type is mapped as it is, for the
//! deserialiser to refuse (`SIG009`) where it is written. Keys are looked up without regard to case, as
//! Resource Manager does.

use std::ops::Range;

use sigil_core::model::FeatureName;
use sigil_spec::document::{Entry, Kind, Node};

use super::ResourceKind;
use super::compute::ParameterRanges;
use super::expr::{Evaluator, Origin, Scope, Sources, Value, get, is_expression, unescaped};

/// What a property's value becomes when it is an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expression {
    /// Left out, and listed as unresolved.
    Unresolved,
    /// Kept as its text: only its presence matters to the rules.
    Present,
    /// Left out without a word: usually an expression (`location`), and rarely decisive.
    Quiet,
}

/// One property: its path under the resource, the spec's key, and what an expression there becomes.
type Field = (&'static [&'static str], &'static str, Expression);

use Expression::{Present, Quiet, Unresolved};

const GALLERY: &[Field] = &[
    (&["existing"], "existing", Unresolved),
    (&["properties", "description"], "description", Unresolved),
    (
        &["properties", "softDeletePolicy", "isSoftDeleteEnabled"],
        "soft-delete",
        Unresolved,
    ),
    (
        &["properties", "sharingProfile", "permissions"],
        "permissions",
        Unresolved,
    ),
    (
        &[
            "properties",
            "sharingProfile",
            "communityGalleryInfo",
            "publicNamePrefix",
        ],
        "public-name-prefix",
        Unresolved,
    ),
    (
        &[
            "properties",
            "sharingProfile",
            "communityGalleryInfo",
            "eula",
        ],
        "eula",
        Unresolved,
    ),
    (
        &[
            "properties",
            "sharingProfile",
            "communityGalleryInfo",
            "publisherUri",
        ],
        "publisher-uri",
        Unresolved,
    ),
    (
        &[
            "properties",
            "sharingProfile",
            "communityGalleryInfo",
            "publisherContact",
        ],
        "publisher-email",
        Unresolved,
    ),
];

const IMAGE_DEFINITION: &[Field] = &[
    (&["existing"], "existing", Unresolved),
    (
        &["properties", "identifier", "publisher"],
        "publisher",
        Unresolved,
    ),
    (&["properties", "identifier", "offer"], "offer", Unresolved),
    (&["properties", "identifier", "sku"], "sku", Unresolved),
    (&["properties", "osType"], "os-type", Unresolved),
    (&["properties", "osState"], "os-state", Unresolved),
    (
        &["properties", "hyperVGeneration"],
        "hyper-v-generation",
        Unresolved,
    ),
    (&["properties", "architecture"], "architecture", Unresolved),
    (
        &["properties", "recommended", "vCPUs", "min"],
        "minimum-cpu-core",
        Unresolved,
    ),
    (
        &["properties", "recommended", "vCPUs", "max"],
        "maximum-cpu-core",
        Unresolved,
    ),
    (
        &["properties", "recommended", "memory", "min"],
        "minimum-memory",
        Unresolved,
    ),
    (
        &["properties", "recommended", "memory", "max"],
        "maximum-memory",
        Unresolved,
    ),
    (
        &["properties", "endOfLifeDate"],
        "end-of-life-date",
        Unresolved,
    ),
    (&["properties", "eula"], "eula", Unresolved),
    (
        &["properties", "privacyStatementUri"],
        "privacy-statement-uri",
        Unresolved,
    ),
    (
        &["properties", "releaseNoteUri"],
        "release-note-uri",
        Unresolved,
    ),
    (&["properties", "description"], "description", Unresolved),
    (
        &["properties", "purchasePlan", "name"],
        "plan-name",
        Unresolved,
    ),
    (
        &["properties", "purchasePlan", "product"],
        "plan-product",
        Unresolved,
    ),
    (
        &["properties", "purchasePlan", "publisher"],
        "plan-publisher",
        Unresolved,
    ),
];

const IMAGE_VERSION: &[Field] = &[
    (&["location"], "location", Quiet),
    (
        &["properties", "publishingProfile", "replicaCount"],
        "replica-count",
        Unresolved,
    ),
    (
        &["properties", "publishingProfile", "storageAccountType"],
        "storage-account-type",
        Unresolved,
    ),
    (
        &["properties", "publishingProfile", "replicationMode"],
        "replication-mode",
        Unresolved,
    ),
    (
        &["properties", "publishingProfile", "excludeFromLatest"],
        "exclude-from-latest",
        Unresolved,
    ),
    (
        &["properties", "publishingProfile", "endOfLifeDate"],
        "end-of-life-date",
        Unresolved,
    ),
    (
        &["properties", "storageProfile", "source", "id"],
        "managed-image",
        Present,
    ),
    (
        &["properties", "storageProfile", "source", "virtualMachineId"],
        "virtual-machine",
        Present,
    ),
    (
        &[
            "properties",
            "storageProfile",
            "osDiskImage",
            "source",
            "id",
        ],
        "os-snapshot",
        Present,
    ),
    (
        &[
            "properties",
            "storageProfile",
            "osDiskImage",
            "source",
            "uri",
        ],
        "os-vhd-uri",
        Present,
    ),
    (
        &[
            "properties",
            "storageProfile",
            "osDiskImage",
            "source",
            "storageAccountId",
        ],
        "os-vhd-storage-account",
        Present,
    ),
    (
        &["properties", "storageProfile", "osDiskImage", "hostCaching"],
        "os-disk-host-caching",
        Unresolved,
    ),
];

const APPLICATION: &[Field] = &[
    (&["properties", "supportedOSType"], "os-type", Unresolved),
    (&["properties", "description"], "description", Unresolved),
    (&["properties", "eula"], "eula", Unresolved),
    (
        &["properties", "privacyStatementUri"],
        "privacy-statement-uri",
        Unresolved,
    ),
    (
        &["properties", "releaseNoteUri"],
        "release-note-uri",
        Unresolved,
    ),
    (
        &["properties", "endOfLifeDate"],
        "end-of-life-date",
        Unresolved,
    ),
];

const APPLICATION_VERSION: &[Field] = &[
    (&["location"], "location", Quiet),
    (
        &["properties", "publishingProfile", "source", "mediaLink"],
        "package-file-link",
        Present,
    ),
    (
        &[
            "properties",
            "publishingProfile",
            "source",
            "defaultConfigurationLink",
        ],
        "default-configuration-file-link",
        Unresolved,
    ),
    (
        &[
            "properties",
            "publishingProfile",
            "manageActions",
            "install",
        ],
        "install-command",
        Present,
    ),
    (
        &["properties", "publishingProfile", "manageActions", "remove"],
        "remove-command",
        Present,
    ),
    (
        &["properties", "publishingProfile", "manageActions", "update"],
        "update-command",
        Unresolved,
    ),
    (
        &[
            "properties",
            "publishingProfile",
            "settings",
            "packageFileName",
        ],
        "package-file-name",
        Unresolved,
    ),
    (
        &[
            "properties",
            "publishingProfile",
            "settings",
            "configFileName",
        ],
        "config-file-name",
        Unresolved,
    ),
    (
        &["properties", "publishingProfile", "replicaCount"],
        "replica-count",
        Unresolved,
    ),
    (
        &["properties", "publishingProfile", "storageAccountType"],
        "storage-account-type",
        Unresolved,
    ),
    (
        &["properties", "publishingProfile", "excludeFromLatest"],
        "exclude-from-latest",
        Unresolved,
    ),
    (
        &["properties", "publishingProfile", "endOfLifeDate"],
        "end-of-life-date",
        Unresolved,
    ),
];

/// A target region's keys.
const TARGET_REGION: &[Field] = &[
    (&["regionalReplicaCount"], "replica-count", Unresolved),
    (&["storageAccountType"], "storage-account-type", Unresolved),
    (&["excludeFromLatest"], "exclude-from-latest", Unresolved),
];

/// A resource's properties under the spec's keys, and what could not be mapped.
#[derive(Default)]
pub(crate) struct Mapped<'r> {
    /// Evaluates expressions, for `sigil import`; without it only literals are mapped.
    resolve: Option<Resolve<'r>>,
    pub(crate) entries: Vec<Entry>,
    pub(crate) unresolved: Vec<(Range<usize>, String)>,
    /// With a resolver: properties the spec has no key for.
    pub(crate) ignored: Vec<(Range<usize>, String)>,
    /// With a resolver: the `parameters` entries of values given by a template parameter.
    pub(crate) parameters: Vec<Entry>,
}

impl std::fmt::Debug for Mapped<'_> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Mapped")
            .field("entries", &self.entries)
            .field("unresolved", &self.unresolved)
            .field("ignored", &self.ignored)
            .field("parameters", &self.parameters)
            .finish_non_exhaustive()
    }
}

/// An expression's value, and the template parameter it comes from.
#[derive(Debug)]
pub(crate) struct Resolved {
    pub(crate) value: Node,
    pub(crate) parameter: Option<String>,
}

/// Evaluates an expression as it is deployed by default, for `sigil import`.
pub(crate) type Resolve<'r> = &'r dyn Fn(&Node) -> Option<Resolved>;

/// The default value of the expression `node`, placed at the expression, when it is known.
pub(crate) fn resolve(
    sources: Sources<'_>,
    scope: &Scope<'_>,
    parameters: &ParameterRanges,
    node: &Node,
) -> Option<Resolved> {
    // The evaluator borrows the template's nodes for its lifetime; a copy of this one will do.
    let owned = node.clone();
    let evaluator = Evaluator::new(sources, scope);
    match evaluator
        .node(&owned, Origin::Template)
        .into_iter()
        .next()?
    {
        Value::Text(text) => Some(Resolved {
            value: Node::string(node.range.clone(), text.known()?),
            parameter: parameters.of(&text),
        }),
        Value::Json(value, _) => Some(Resolved {
            value: Node {
                range: node.range.clone(),
                ..value.clone()
            },
            parameter: super::compute::parameter_written(node),
        }),
    }
}

/// The service's defaults of API versions before 2025-03-03 for an image definition that does not state
/// them: Hyper-V generation V1 and no security type (Standard). They cannot change after creation, so the
/// spec states them.
pub(crate) fn older_api_defaults(resource: &Node, entries: &mut Vec<Entry>) {
    const FIRST_WITH_NEW_DEFAULTS: &str = "2025-03-03";
    let Some(api) = get(resource, "apiVersion") else {
        return;
    };
    let older = api
        .as_str()
        .is_some_and(|version| version.get(..10).unwrap_or(version) < FIRST_WITH_NEW_DEFAULTS);
    if !older {
        return;
    }
    let range = api.range.clone();
    if !entries
        .iter()
        .any(|entry| entry.key == "hyper-v-generation")
    {
        entries.push(Entry::new(
            "hyper-v-generation",
            range.clone(),
            Node::string(range.clone(), "V1"),
        ));
    }
    let features = entries.iter_mut().find(|entry| entry.key == "features");
    let security = Entry::new(
        "security-type",
        range.clone(),
        Node::string(range.clone(), "Standard"),
    );
    match features {
        Some(features) => {
            if let Kind::Table(entries) = &mut features.value.kind
                && !entries.iter().any(|entry| entry.key == "security-type")
            {
                entries.push(security);
            }
        }
        None => entries.push(Entry::new(
            "features",
            range.clone(),
            Node::table(range, vec![security]),
        )),
    }
}

/// The properties of `resource`, a resource of `kind` in the template `text`.
pub(crate) fn map(kind: ResourceKind, resource: &Node, text: &str) -> Mapped<'static> {
    map_resolved(kind, resource, text, None)
}

/// [`map`], and with `resolve` expressions evaluated, tags read and what the spec has no key for listed.
pub(crate) fn map_resolved<'r>(
    kind: ResourceKind,
    resource: &Node,
    text: &str,
    resolve: Option<Resolve<'r>>,
) -> Mapped<'r> {
    let mut mapped = Mapped {
        resolve,
        ..Mapped::default()
    };
    let fields = match kind {
        ResourceKind::Gallery => GALLERY,
        ResourceKind::ImageDefinition => IMAGE_DEFINITION,
        ResourceKind::ImageVersion => IMAGE_VERSION,
        ResourceKind::Application => APPLICATION,
        ResourceKind::ApplicationVersion => APPLICATION_VERSION,
    };
    for field in fields {
        mapped.field(resource, field);
    }
    match kind {
        ResourceKind::ImageDefinition => {
            mapped.features(resource, text);
            mapped.disallowed_disk_types(resource);
        }
        ResourceKind::ImageVersion => {
            mapped.target_regions(resource);
            mapped.data_disks(resource);
        }
        ResourceKind::ApplicationVersion => mapped.target_regions(resource),
        ResourceKind::Gallery | ResourceKind::Application => {}
    }
    if mapped.resolve.is_some() {
        mapped.tags(resource);
        mapped.unmodelled(kind, resource, fields);
    }
    mapped
}

/// What a resource of each kind may write besides its mapped fields without anything being lost: what
/// Resource Manager reads to deploy it, and what sigil's outputs derive from the spec.
const DEPLOYMENT_KEYS: &[&str] = &[
    "type",
    "apiVersion",
    "name",
    "location",
    "dependsOn",
    "tags",
    "comments",
    "properties",
    "resources",
    "existing",
];

/// Paths under `properties` the mapping reads besides its fields.
const READ_PATHS: &[&[&str]] = &[
    &["properties", "features"],
    &["properties", "disallowed", "diskTypes"],
    &["properties", "publishingProfile", "targetRegions"],
    &["properties", "storageProfile", "dataDiskImages"],
];

impl Mapped<'_> {
    /// `tags`, a table of strings.
    fn tags(&mut self, resource: &Node) {
        let Some(tags) = at(resource, &["tags"]) else {
            return;
        };
        let mut entries = Vec::new();
        for entry in tags.value.entries() {
            match literal(&entry.value) {
                Ok(value) => entries.push(Entry::new(
                    entry.key.clone(),
                    entry.key_range.clone(),
                    value,
                )),
                Err(expression) => match self.resolved(&entry.value) {
                    Some(resolved) => entries.push(Entry::new(
                        entry.key.clone(),
                        entry.key_range.clone(),
                        resolved.value,
                    )),
                    None => self.unresolved(&["tags", &entry.key], &entry.value, expression),
                },
            }
        }
        self.entries.push(Entry::new(
            "tags",
            tags.key_range.clone(),
            Node::table(tags.value.range.clone(), entries),
        ));
    }

    fn resolved(&self, node: &Node) -> Option<Resolved> {
        (self.resolve?)(node)
    }

    /// Lists every value `resource` sets outside the mapped fields, each where it is written.
    fn unmodelled(&mut self, kind: ResourceKind, resource: &Node, fields: &[Field]) {
        for entry in resource.entries() {
            if !DEPLOYMENT_KEYS
                .iter()
                .any(|key| key.eq_ignore_ascii_case(&entry.key))
            {
                self.ignored.push((
                    entry.key_range.start..entry.value.range.end,
                    format!(
                        "`{}` of this {}: the spec has no key for it",
                        entry.key,
                        kind.noun()
                    ),
                ));
            }
        }
        let mut read: Vec<&[&str]> = fields.iter().map(|(path, _, _)| *path).collect();
        read.extend(READ_PATHS);
        if let Some(properties) = at(resource, &["properties"]) {
            let mut path = vec![properties.key.clone()];
            self.leaves(kind, &properties.value, &mut path, &read);
        }
    }

    fn leaves(
        &mut self,
        kind: ResourceKind,
        node: &Node,
        path: &mut Vec<String>,
        read: &[&[&str]],
    ) {
        let covered = read.iter().any(|known| {
            known.len() <= path.len()
                && known
                    .iter()
                    .zip(path.iter())
                    .all(|(a, b)| a.eq_ignore_ascii_case(b))
        });
        if covered {
            return;
        }
        let on_the_way = read.iter().any(|known| {
            known.len() > path.len()
                && known
                    .iter()
                    .zip(path.iter())
                    .all(|(a, b)| a.eq_ignore_ascii_case(b))
        });
        match &node.kind {
            Kind::Table(entries) if on_the_way => {
                for entry in entries {
                    path.push(entry.key.clone());
                    self.leaves(kind, &entry.value, path, read);
                    path.pop();
                }
            }
            Kind::Table(entries) if entries.is_empty() => {}
            _ => self.ignored.push((
                node.range.clone(),
                format!(
                    "`{}` of this {}: the spec has no key for it",
                    path.join("."),
                    kind.noun()
                ),
            )),
        }
    }
}

/// The entry at `path` under `node`, keys compared without regard to case.
fn at<'a>(node: &'a Node, path: &[&str]) -> Option<&'a Entry> {
    let (last, parents) = path.split_last()?;
    let mut node = node;
    for key in parents {
        node = get(node, key)?;
    }
    node.entries()
        .iter()
        .find(|entry| entry.key.eq_ignore_ascii_case(last))
}

/// A literal value as the document holds it (`[[x` is `[x`), or the expression it is.
fn literal(value: &Node) -> Result<Node, &str> {
    match &value.kind {
        Kind::String(text) if is_expression(text) => Err(text),
        Kind::String(text) => Ok(Node::string(value.range.clone(), unescaped(text))),
        _ => Ok(value.clone()),
    }
}

/// The property keys whose template parameter a spec names (besides names).
const PARAMETERISED: &[&str] = &["managed-image"];

impl Mapped<'_> {
    fn unresolved(&mut self, path: &[&str], value: &Node, expression: &str) {
        self.unresolved.push((
            value.range.clone(),
            format!(
                "`{}` is the expression `{expression}`: sigil checks literal values only",
                path.join(".")
            ),
        ));
    }

    /// The entry of `field` in `node`, or nothing (recording why when it is an expression).
    fn value(&mut self, node: &Node, (path, key, expression): &Field) -> Option<Entry> {
        let entry = at(node, path)?;
        let value = match literal(&entry.value) {
            Ok(value) => value,
            Err(_) if self.resolve.is_some() => {
                let Some(resolved) = self.resolved(&entry.value) else {
                    if *expression != Quiet {
                        let written = entry.value.as_str().unwrap_or_default().to_owned();
                        self.unresolved(path, &entry.value, &written);
                    }
                    return None;
                };
                if let Some(parameter) = resolved.parameter.filter(|_| PARAMETERISED.contains(key))
                {
                    let range = entry.value.range.clone();
                    self.parameters.push(Entry::new(
                        *key,
                        range.clone(),
                        Node::string(range, parameter),
                    ));
                }
                resolved.value
            }
            Err(text) => match expression {
                Present => Node::string(entry.value.range.clone(), text),
                Unresolved => {
                    self.unresolved(path, &entry.value, text);
                    return None;
                }
                Quiet => return None,
            },
        };
        Some(Entry::new(*key, entry.key_range.clone(), value))
    }

    fn field(&mut self, node: &Node, field: &Field) {
        if let Some(entry) = self.value(node, field) {
            self.entries.push(entry);
        }
    }

    /// `properties.features`, an array of `{name, value}`, as the `features` table.
    fn features(&mut self, resource: &Node, text: &str) {
        const PATH: &[&str] = &["properties", "features"];
        let Some(features) = at(resource, PATH) else {
            return;
        };
        if let Kind::String(expression) = &features.value.kind {
            self.unresolved(PATH, &features.value, expression);
            return;
        }
        let mut entries: Vec<Entry> = Vec::new();
        for feature in features.value.items() {
            let (Some(name), Some(value)) = (get(feature, "name"), get(feature, "value")) else {
                continue;
            };
            let Some(written) = name.as_str() else {
                continue;
            };
            // Features sigil has no rule about are not its to check.
            let Some(feature) = FeatureName::from_service_name(written) else {
                continue;
            };
            let key = feature.spec_key();
            if entries.iter().any(|entry| entry.key == key) {
                continue;
            }
            let path = ["properties", "features", written];
            let value = match (key, literal(value)) {
                (_, Err(expression)) => {
                    self.unresolved(&path, value, expression);
                    continue;
                }
                (_, Ok(value)) if feature.is_flag() => flag(value),
                (_, Ok(value)) if feature == FeatureName::DiskControllerTypes => list(value, text),
                (_, Ok(value)) => value,
            };
            entries.push(Entry::new(key, name.range.clone(), value));
        }
        if !entries.is_empty() {
            self.entries.push(Entry::new(
                "features",
                features.key_range.clone(),
                Node::table(features.value.range.clone(), entries),
            ));
        }
    }

    /// `properties.disallowed.diskTypes`, its literal elements.
    fn disallowed_disk_types(&mut self, resource: &Node) {
        const PATH: &[&str] = &["properties", "disallowed", "diskTypes"];
        let Some(types) = at(resource, PATH) else {
            return;
        };
        let mut items = Vec::new();
        for item in types.value.items() {
            match literal(item) {
                Ok(value) => items.push(value.with_index(item.index)),
                Err(expression) => self.unresolved(PATH, item, expression),
            }
        }
        self.entries.push(Entry::new(
            "disallowed-disk-types",
            types.key_range.clone(),
            Node::new(types.value.range.clone(), Kind::Array(items)),
        ));
    }

    /// `properties.publishingProfile.targetRegions`: each region whose name is known.
    fn target_regions(&mut self, resource: &Node) {
        const PATH: &[&str] = &["properties", "publishingProfile", "targetRegions"];
        let Some(regions) = at(resource, PATH) else {
            return;
        };
        if let Kind::String(expression) = &regions.value.kind {
            self.unresolved(PATH, &regions.value, expression);
            return;
        }
        let mut items = Vec::new();
        for region in regions.value.items() {
            let Some(name) = self.value(region, &(&["name"], "name", Unresolved)) else {
                continue;
            };
            let mut entries = vec![name];
            for field in TARGET_REGION {
                if let Some(entry) = self.value(region, field) {
                    entries.push(entry);
                }
            }
            items.push(Node::table(region.range.clone(), entries).with_index(region.index));
        }
        self.entries.push(Entry::new(
            "target-regions",
            regions.key_range.clone(),
            Node::new(regions.value.range.clone(), Kind::Array(items)),
        ));
    }

    /// `properties.storageProfile.dataDiskImages` as `data-snapshots`: each disk with a LUN and a source id.
    fn data_disks(&mut self, resource: &Node) {
        const PATH: &[&str] = &["properties", "storageProfile", "dataDiskImages"];
        let Some(disks) = at(resource, PATH) else {
            return;
        };
        let mut items = Vec::new();
        for disk in disks.value.items() {
            let lun = self.value(disk, &(&["lun"], "lun", Unresolved));
            let snapshot = self.value(disk, &(&["source", "id"], "snapshot", Present));
            let (Some(lun), Some(snapshot)) = (lun, snapshot) else {
                continue;
            };
            let mut entries = vec![lun, snapshot];
            if let Some(caching) = self.value(disk, &(&["hostCaching"], "host-caching", Unresolved))
            {
                entries.push(caching);
            }
            items.push(Node::table(disk.range.clone(), entries).with_index(disk.index));
        }
        self.entries.push(Entry::new(
            "data-snapshots",
            disks.key_range.clone(),
            Node::new(disks.value.range.clone(), Kind::Array(items)),
        ));
    }
}

/// A feature flag written as a string, through the readers' one `True`/`False` parser.
fn flag(value: Node) -> Node {
    match value.as_str() {
        Some(text) => crate::values::flag(value.range.clone(), text),
        None => value,
    }
}

/// `"SCSI, NVMe"` as a list, each element at its own text when the string holds it without escapes.
fn list(value: Node, text: &str) -> Node {
    let Some(written) = value.as_str() else {
        return value;
    };
    let start = text
        .get(value.range.clone())
        .and_then(|raw| raw.strip_prefix('"')?.strip_suffix('"'))
        .filter(|inner| *inner == written)
        .map(|_| value.range.start + 1);
    let mut items = Vec::new();
    let mut offset = 0;
    for part in written.split(',') {
        let trimmed = part.trim();
        let lead = part.len() - part.trim_start().len();
        let range = start.map_or(value.range.clone(), |start| {
            let from = start + offset + lead;
            from..from + trimmed.len()
        });
        items.push(Node::string(range, trimmed));
        offset += part.len() + 1;
    }
    Node::array(value.range, items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sigil_spec::document::{JsonSyntax, parse_json};

    fn mapped(kind: ResourceKind, resource: &str) -> (Mapped<'static>, Node) {
        let node = parse_json(resource, JsonSyntax::WithComments).unwrap();
        (map(kind, &node, resource), node)
    }

    fn keys<'m>(mapped: &'m Mapped<'_>) -> Vec<&'m str> {
        mapped
            .entries
            .iter()
            .map(|entry| entry.key.as_str())
            .collect()
    }

    #[test]
    fn an_image_definition_maps_to_the_spec_keys() {
        let text = r#"{"properties": {
            "identifier": {"publisher": "contoso", "offer": "[parameters('offer')]", "SKU": "22.04"},
            "osType": "Linux", "OSState": "Generalized", "hyperVGeneration": "V1",
            "features": [{"name": "SecurityType", "value": "TrustedLaunch"},
                         {"name": "IsAcceleratedNetworkSupported", "value": "True"},
                         {"name": "DiskControllerTypes", "value": "SCSI, NVMe"},
                         {"name": "SomethingNew", "value": "x"}],
            "recommended": {"vCPUs": {"min": 2, "max": 0}}
        }}"#;
        let (mapped, _) = mapped(ResourceKind::ImageDefinition, text);
        assert_eq!(
            keys(&mapped),
            [
                "publisher",
                "sku",
                "os-type",
                "os-state",
                "hyper-v-generation",
                "minimum-cpu-core",
                "maximum-cpu-core",
                "features"
            ]
        );
        assert_eq!(mapped.unresolved.len(), 1);
        assert!(
            mapped.unresolved[0]
                .1
                .starts_with("`properties.identifier.offer` is the expression")
        );
        let features = &mapped.entries.last().unwrap().value;
        assert_eq!(
            features
                .get("accelerated-networking")
                .map(|node| &node.kind),
            Some(&Kind::Bool(true))
        );
        let types = features.get("disk-controller-types").unwrap().items();
        assert_eq!(&text[types[1].range.clone()], "NVMe");
        assert!(features.get("SomethingNew").is_none());
    }

    #[test]
    fn a_version_keeps_the_presence_of_a_source_only_the_deployment_knows() {
        let text = r#"{"location": "[parameters('location')]", "properties": {
            "publishingProfile": {"replicaCount": 2, "targetRegions": [
                {"name": "[parameters('location')]"}, {"name": "West Europe", "regionalReplicaCount": 0}
            ]},
            "storageProfile": {"source": {"id": "[resourceId('Microsoft.Compute/images', 'img')]"}}
        }}"#;
        let (mapped, _) = mapped(ResourceKind::ImageVersion, text);
        assert_eq!(
            keys(&mapped),
            ["replica-count", "managed-image", "target-regions"]
        );
        let regions = mapped.entries[2].value.items();
        assert_eq!(regions.len(), 1);
        assert_eq!(
            regions[0].index, 1,
            "the region keeps its index in the template"
        );
        // The location is silent; the region's expression name is listed.
        assert_eq!(mapped.unresolved.len(), 1);
    }
}
