//! ARM templates (`azuredeploy.json`, any JSON with a `deploymentTemplate` `$schema`) and their parameters
//! files.
//!
//! The reader finds every resource of type `Microsoft.Compute/galleries`, `/images`, `/images/versions`,
//! `/applications` and `/applications/versions`: in `resources` (an array, or the object of symbolic names of
//! `languageVersion` 2.0), as child `resources` of another (type and name relative to the parent), and in the
//! inline template of a nested deployment (`Microsoft.Resources/deployments`, in the outer scope or, with
//! `expressionEvaluationOptions.scope` `inner`, with the parameters the deployment passes). Names are resolved
//! by the `expr` module: literals, `gallery/image` segments, parameters (their default and each allowed value),
//! variables, `concat` and `format`.
//!
//! Each resource becomes a resource of a spec-shaped document, its name split into the spec's keys
//! (`gallery`, `image-definition`, `name`) and its literal properties mapped to the spec's keys
//! (the `properties` module). A value that is an expression is left out and listed as unresolved.
//!
//! - The **document** holds each resource as deployed by default: its name from the parameters' default
//!   values (or the first allowed value), with its properties. Every rule checks it.
//! - The **alternatives** hold the other allowed values of name parameters, one virtual resource each, with
//!   only their names: they are not deployed together, so only the name rules check them.
//! - A **parameters file** ([`read_parameters`]) gives values for the template beside it: each resource
//!   whose name uses one becomes a virtual resource of the parameters file's own alternatives, placed at the
//!   value in the parameters file.

mod compute;
mod expr;
pub(crate) mod properties;

use std::ops::Range;
use std::path::Path;

use sigil_core::rules::{SIG000, SIG009};
use sigil_core::{Diagnostic, Located};
use sigil_spec::document::{Entry, JsonSyntax, Kind, Lines, Node, SyntaxError, parse_json};

use crate::{Read, Unresolved};
use compute::{Other, OtherKind, ParameterRanges};
use expr::{Evaluator, Origin, Scope, Sources, Text, Value, get};

/// The kinds of gallery resource a template can create.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ResourceKind {
    Gallery,
    ImageDefinition,
    ImageVersion,
    Application,
    ApplicationVersion,
}

impl ResourceKind {
    const ALL: [ResourceKind; 5] = [
        ResourceKind::Gallery,
        ResourceKind::ImageDefinition,
        ResourceKind::ImageVersion,
        ResourceKind::Application,
        ResourceKind::ApplicationVersion,
    ];

    fn arm_type(self) -> &'static str {
        match self {
            ResourceKind::Gallery => "Microsoft.Compute/galleries",
            ResourceKind::ImageDefinition => "Microsoft.Compute/galleries/images",
            ResourceKind::ImageVersion => "Microsoft.Compute/galleries/images/versions",
            ResourceKind::Application => "Microsoft.Compute/galleries/applications",
            ResourceKind::ApplicationVersion => "Microsoft.Compute/galleries/applications/versions",
        }
    }

    pub(crate) fn of_type(arm_type: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.arm_type().eq_ignore_ascii_case(arm_type))
    }

    /// The spec's array of this kind.
    pub(crate) fn array(self) -> &'static str {
        match self {
            ResourceKind::Gallery => "gallery",
            ResourceKind::ImageDefinition => "image-definition",
            ResourceKind::ImageVersion => "image-version",
            ResourceKind::Application => "application",
            ResourceKind::ApplicationVersion => "application-version",
        }
    }

    /// The spec's keys of the segments of an ARM name, in order.
    pub(crate) fn segment_keys(self) -> &'static [&'static str] {
        match self {
            ResourceKind::Gallery => &["name"],
            ResourceKind::ImageDefinition | ResourceKind::Application => &["gallery", "name"],
            ResourceKind::ImageVersion => &["gallery", "image-definition", "name"],
            ResourceKind::ApplicationVersion => &["gallery", "application", "name"],
        }
    }

    pub(crate) fn noun(self) -> &'static str {
        match self {
            ResourceKind::Gallery => "gallery",
            ResourceKind::ImageDefinition => "image definition",
            ResourceKind::ImageVersion => "image version",
            ResourceKind::Application => "application",
            ResourceKind::ApplicationVersion => "application version",
        }
    }

    /// How the name is written: `GALLERY/IMAGE-DEFINITION`.
    fn name_shape(self) -> &'static str {
        match self {
            ResourceKind::Gallery => "GALLERY",
            ResourceKind::ImageDefinition => "GALLERY/IMAGE-DEFINITION",
            ResourceKind::ImageVersion => "GALLERY/IMAGE-DEFINITION/VERSION",
            ResourceKind::Application => "GALLERY/APPLICATION",
            ResourceKind::ApplicationVersion => "GALLERY/APPLICATION/VERSION",
        }
    }
}

const DEPLOYMENT_TYPE: &str = "Microsoft.Resources/deployments";

/// One value a resource's name can have.
#[derive(Debug, Clone)]
enum Name {
    /// The name's segments, as many as the type has.
    Segments(Vec<Text>),
    /// A name with the wrong number of segments for its type.
    Misshapen { text: Text, message: String },
}

impl Name {
    fn has_origin(&self, origin: Origin) -> bool {
        let texts: &[Text] = match self {
            Name::Segments(segments) => segments,
            Name::Misshapen { text, .. } => std::slice::from_ref(text),
        };
        texts
            .iter()
            .flat_map(|text| &text.pieces)
            .any(|piece| piece.origin == origin)
    }
}

/// A gallery resource found in a template.
#[derive(Debug)]
struct Found<'t> {
    kind: ResourceKind,
    /// The resource's object.
    node: &'t Node,
    /// The `name` key and its value.
    name: Option<&'t Entry>,
    /// The name's values, the one deployed by default first. Never empty.
    names: Vec<Name>,
    /// Where its expressions are evaluated.
    scope: Scope<'t>,
}

/// Walks a template and the templates it nests, collecting gallery resources.
struct Walker<'t> {
    sources: Sources<'t>,
    found: Vec<Found<'t>>,
    /// Virtual machines, role assignments and the network resources VMs use.
    others: Vec<Other<'t>>,
    /// The resource group of the nested deployment being walked, when it names one.
    group: Option<Text>,
}

impl<'t> Walker<'t> {
    fn template(&mut self, template: &'t Node, scope: &Scope<'t>) {
        if let Some(resources) = get(template, "resources") {
            self.resources(resources, scope, None);
        }
    }

    /// `resources`: an array, or (`languageVersion` 2.0) an object of symbolic names.
    fn resources(
        &mut self,
        resources: &'t Node,
        scope: &Scope<'t>,
        parent: Option<(ResourceKind, &[Text])>,
    ) {
        let list: Vec<&'t Node> = if resources.items().is_empty() {
            resources
                .entries()
                .iter()
                .map(|entry| &entry.value)
                .collect()
        } else {
            resources.items().iter().collect()
        };
        for resource in list {
            self.resource(resource, scope, parent);
        }
    }

    fn resource(
        &mut self,
        resource: &'t Node,
        scope: &Scope<'t>,
        parent: Option<(ResourceKind, &[Text])>,
    ) {
        let Some(written) = get(resource, "type").and_then(Node::as_str) else {
            return;
        };
        // A child's type is relative to its parent's (`images` under a gallery), unless written in full.
        let arm_type = match parent {
            Some((parent, _)) if !written.contains('.') => {
                format!("{}/{written}", parent.arm_type())
            }
            _ => written.to_owned(),
        };
        if parent.is_none() && arm_type.eq_ignore_ascii_case(DEPLOYMENT_TYPE) {
            self.nested(resource, scope);
            return;
        }
        let Some(kind) = ResourceKind::of_type(&arm_type) else {
            if let Some(kind) = OtherKind::of_type(&arm_type) {
                self.others.push(Other {
                    kind,
                    node: resource,
                    scope: scope.clone(),
                    group: self.group.clone(),
                });
            }
            return;
        };
        let name = resource
            .entries()
            .iter()
            .find(|entry| entry.key.eq_ignore_ascii_case("name"));
        let parent_segments = parent.map(|(_, segments)| segments);
        let names = self.names(kind, name, scope, parent_segments);
        let primary = match &names[0] {
            Name::Segments(segments) => segments.clone(),
            Name::Misshapen { text, .. } => vec![text.clone(); kind.segment_keys().len()],
        };
        self.found.push(Found {
            kind,
            node: resource,
            name,
            names,
            scope: scope.clone(),
        });
        if let Some(children) = get(resource, "resources") {
            self.resources(children, scope, Some((kind, &primary)));
        }
    }

    /// The values of a resource's name, as segments of its type.
    fn names(
        &self,
        kind: ResourceKind,
        name: Option<&'t Entry>,
        scope: &Scope<'t>,
        parent: Option<&[Text]>,
    ) -> Vec<Name> {
        let wanted = kind.segment_keys().len();
        let Some(name) = name else {
            return vec![Name::Segments(vec![Text::default(); wanted])];
        };
        let evaluator = Evaluator::new(self.sources, scope);
        let mut names = Vec::new();
        for value in evaluator.node(&name.value, Origin::Template) {
            let Value::Text(text) = value else {
                // Not a string: the name is wrong, but that is for the template's own schema to say.
                names.push(Name::Segments(vec![Text::default(); wanted]));
                continue;
            };
            let own = text.segments();
            // A child names itself relative to its parent, or in full.
            let segments = match parent {
                Some(parent) if own.len() == 1 && parent.len() + 1 == wanted => {
                    let mut full = parent.to_vec();
                    full.extend(own);
                    full
                }
                _ => own,
            };
            if segments.len() == wanted {
                names.push(Name::Segments(segments));
            } else if text.unknowns().next().is_some() {
                // Where the unknown parts hold the `/`s cannot be told: no segment is known.
                names.push(Name::Segments(vec![text; wanted]));
            } else {
                let message = format!(
                    "the name of a {} is {}: `{}` has {} segment{}",
                    kind.arm_type(),
                    kind.name_shape(),
                    text.known().unwrap_or_default(),
                    segments.len(),
                    if segments.len() == 1 { "" } else { "s" }
                );
                names.push(Name::Misshapen { text, message });
            }
        }
        names
    }

    /// A nested deployment's inline template: in the outer scope by default, or in its own with the
    /// parameter values the deployment passes (evaluated in the outer scope).
    fn nested(&mut self, deployment: &'t Node, outer: &Scope<'t>) {
        let Some(properties) = get(deployment, "properties") else {
            return;
        };
        let Some(template) = get(properties, "template") else {
            return;
        };
        let group = get(deployment, "resourceGroup").and_then(|group| {
            match Evaluator::new(self.sources, outer)
                .node(group, Origin::Template)
                .into_iter()
                .next()
            {
                Some(Value::Text(text)) => Some(text),
                _ => None,
            }
        });
        let group = group.or_else(|| self.group.clone());
        let enclosing = std::mem::replace(&mut self.group, group);
        self.nested_template(properties, template, outer);
        self.group = enclosing;
    }

    fn nested_template(&mut self, properties: &'t Node, template: &'t Node, outer: &Scope<'t>) {
        let inner = get(properties, "expressionEvaluationOptions")
            .and_then(|options| get(options, "scope"))
            .and_then(Node::as_str)
            .is_some_and(|scope| scope.eq_ignore_ascii_case("inner"));
        if !inner {
            self.template(template, outer);
            return;
        }
        let mut scope = Scope::of(template);
        let evaluator = Evaluator::new(self.sources, outer);
        for entry in get(properties, "parameters").map_or(&[][..], Node::entries) {
            if let Some(value) = get(&entry.value, "value") {
                scope.given.insert(
                    entry.key.to_ascii_lowercase(),
                    evaluator.node(value, Origin::Template),
                );
            }
        }
        self.template(template, &scope);
    }
}

/// Which of a resource's names a document holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pick {
    /// The name deployed by default, with the resource's properties.
    Primary,
    /// The other values of the name, names only.
    Others,
    /// Every value with a piece written in the parameters file, names only.
    FromParameters,
}

/// Where a segment's finding goes in the file of `origin`: the literal it is written in (with its quotes,
/// as the spec readers place a value) when it is all of it, the exact text when it is part of one, the name
/// itself when it is built from several literals. `None` when no piece of it is written in that file.
fn place(segment: &Text, origin: Origin, name: Option<&Range<usize>>) -> Option<Range<usize>> {
    let mine: Vec<_> = segment
        .pieces
        .iter()
        .filter(|piece| piece.origin == origin)
        .collect();
    let first = mine.first()?;
    let one_literal = segment
        .pieces
        .iter()
        .all(|piece| piece.origin == origin && piece.literal == first.literal);
    if one_literal {
        if segment.pieces.len() == 1 && first.whole {
            return Some(first.literal.clone());
        }
        let exact: Option<Vec<&Range<usize>>> =
            mine.iter().map(|piece| piece.exact.as_ref()).collect();
        return Some(match exact {
            Some(ranges) => {
                let start = ranges.iter().map(|range| range.start).min().unwrap_or(0);
                let end = ranges.iter().map(|range| range.end).max().unwrap_or(0);
                start..end
            }
            None => first.literal.clone(),
        });
    }
    match (origin, name) {
        (Origin::Template, Some(name)) => Some(name.clone()),
        _ => Some(first.literal.clone()),
    }
}

/// A resource without its `parameters` table.
fn drop_parameters_table(resource: &mut Node) {
    if let Kind::Table(entries) = &mut resource.kind {
        entries.retain(|entry| entry.key != "parameters");
    }
}

/// Builds the documents of what the walker found.
struct Builder<'w, 't> {
    found: &'w [Found<'t>],
    others: &'w [Other<'t>],
    sources: Sources<'t>,
    /// Which parameter each value comes from.
    parameters: &'w ParameterRanges,
    /// Reading for `sigil import`: property values evaluated, the parameters names come from kept, and
    /// the service's defaults of older API versions written out.
    import: bool,
    ignored: Vec<(Range<usize>, String)>,
    /// The file the documents are placed in.
    origin: Origin,
    /// The findings of the name shapes, by range in that file.
    misshapen: Vec<(Range<usize>, String)>,
    unresolved: Vec<(Range<usize>, String)>,
}

/// Adds, as `existing`, each image version a VM or role assignment names that the template does not create
/// (once each): an import must say that it is made elsewhere, as for galleries and image definitions.
fn existing_versions(arrays: &mut [(ResourceKind, Vec<Node>)], referenced: Vec<Node>) {
    let versions = &mut arrays
        .iter_mut()
        .find(|(kind, _)| *kind == ResourceKind::ImageVersion)
        .expect("every kind has an array")
        .1;
    let keys = ResourceKind::ImageVersion.segment_keys();
    for version in referenced {
        let same = |other: &Node| {
            keys.iter().all(|key| {
                match (
                    other.get(key).and_then(Node::as_str),
                    version.get(key).and_then(Node::as_str),
                ) {
                    (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                    _ => false,
                }
            })
        };
        if !versions.iter().any(same) {
            versions.push(version);
        }
    }
}

impl Builder<'_, '_> {
    fn text(&self) -> &str {
        match self.origin {
            Origin::Template => self.sources.template,
            Origin::Parameters => self.sources.parameters,
        }
    }

    fn document(&mut self, pick: Pick) -> Option<Node> {
        let mut arrays: Vec<(ResourceKind, Vec<Node>)> = ResourceKind::ALL
            .into_iter()
            .map(|kind| (kind, Vec::new()))
            .collect();
        let found = self.found;
        for resource in found {
            let names: Vec<&Name> = match pick {
                Pick::Primary => resource.names.iter().take(1).collect(),
                Pick::Others => resource.names.iter().skip(1).collect(),
                Pick::FromParameters => resource
                    .names
                    .iter()
                    .filter(|name| name.has_origin(Origin::Parameters))
                    .collect(),
            };
            for name in names {
                if let Some(node) = self.resource(resource, name, pick) {
                    let array = &mut arrays
                        .iter_mut()
                        .find(|(kind, _)| *kind == resource.kind)
                        .expect("every kind has an array")
                        .1;
                    array.push(node);
                }
            }
        }
        if pick == Pick::Primary && self.import {
            self.existing_parents(&mut arrays);
        }
        let whole = 0..self.text().len();
        let (around, referenced) = if pick == Pick::Primary {
            self.around_galleries(&whole)
        } else {
            (Vec::new(), Vec::new())
        };
        if self.import {
            existing_versions(&mut arrays, referenced);
        }
        let mut entries: Vec<Entry> = arrays
            .into_iter()
            .filter(|(_, resources)| !resources.is_empty())
            .map(|(kind, resources)| {
                Entry::new(kind.array(), 0..0, Node::array(whole.clone(), resources))
            })
            .collect();
        entries.extend(around);
        (!entries.is_empty()).then(|| Node::table(whole, entries))
    }

    /// The galleries and image definitions the template's resources are children of but it does not
    /// create, as `existing`, with the parameters their names come from: an import must say that they
    /// are made elsewhere (an existing image definition's properties are not in the template, and an
    /// import reports them missing).
    fn existing_parents(&self, arrays: &mut [(ResourceKind, Vec<Node>)]) {
        let children = [ResourceKind::ImageDefinition, ResourceKind::ImageVersion];
        for found in self
            .found
            .iter()
            .filter(|found| children.contains(&found.kind))
        {
            let Some(Name::Segments(segments)) = found.names.first() else {
                continue;
            };
            let range = found
                .name
                .map_or(found.node.range.clone(), |entry| entry.value.range.clone());
            let parents = [
                (ResourceKind::Gallery, 1),
                (ResourceKind::ImageDefinition, 2),
            ];
            for (kind, depth) in parents {
                if depth >= segments.len() {
                    continue;
                }
                let keys: Vec<Option<String>> = segments[..depth].iter().map(Text::known).collect();
                let Some(keys) = keys.into_iter().collect::<Option<Vec<String>>>() else {
                    continue;
                };
                let array = &mut arrays
                    .iter_mut()
                    .find(|(array_kind, _)| *array_kind == kind)
                    .expect("every kind has an array")
                    .1;
                let named = |node: &Node| {
                    kind.segment_keys().iter().zip(&keys).all(|(key, value)| {
                        node.get(key)
                            .and_then(Node::as_str)
                            .is_some_and(|known| known.eq_ignore_ascii_case(value))
                    })
                };
                if array.iter().any(named) {
                    continue;
                }
                let mut entries: Vec<Entry> = kind
                    .segment_keys()
                    .iter()
                    .zip(&keys)
                    .map(|(key, value)| {
                        Entry::new(
                            *key,
                            range.clone(),
                            Node::string(range.clone(), value.clone()),
                        )
                    })
                    .collect();
                entries.push(Entry::new(
                    "existing",
                    range.clone(),
                    Node::bool(range.clone(), true),
                ));
                if let Some(parameter) = self.parameters.of(&segments[depth - 1]) {
                    let name = Entry::new(
                        "name",
                        range.clone(),
                        Node::string(range.clone(), parameter),
                    );
                    entries.push(Entry::new(
                        "parameters",
                        range.clone(),
                        Node::table(range.clone(), vec![name]),
                    ));
                }
                array.push(Node::table(range.clone(), entries));
            }
        }
    }

    /// The `role-assignment` and `vm` arrays, and the image versions they name (see
    /// [`compute::Reader::versions`]).
    fn around_galleries(&mut self, whole: &Range<usize>) -> (Vec<Entry>, Vec<Node>) {
        let mut reader = compute::Reader {
            sources: self.sources,
            parameters: self.parameters,
            others: self.others,
            unresolved: Vec::new(),
            ignored: Vec::new(),
            versions: Vec::new(),
        };
        let mut arrays = [
            ("role-assignment", reader.role_assignments()),
            ("vm", reader.vms()),
        ];
        if !self.import {
            // Which template parameters carry the values matters to an import; lint checks the values, and
            // a third party's parameter names need not be the Bicep identifiers the spec's tables hold.
            for (_, items) in &mut arrays {
                items.iter_mut().for_each(drop_parameters_table);
            }
        }
        self.unresolved.append(&mut reader.unresolved);
        self.ignored.append(&mut reader.ignored);
        let entries = arrays
            .into_iter()
            .filter(|(_, items)| !items.is_empty())
            .map(|(key, items)| Entry::new(key, 0..0, Node::array(whole.clone(), items)))
            .collect();
        (entries, reader.versions)
    }

    /// One resource of a document: the segments of `name` written in this file, and, for the primary
    /// name, the properties.
    fn resource(&mut self, found: &Found<'_>, name: &Name, pick: Pick) -> Option<Node> {
        let name_value = found.name.map(|entry| &entry.value.range);
        let segments = match name {
            Name::Segments(segments) => segments,
            Name::Misshapen { text, message } => {
                if let Some(range) = place(text, self.origin, name_value) {
                    self.misshapen.push((range, message.clone()));
                }
                return None;
            }
        };
        if pick == Pick::Primary {
            // Each reason once per resource, where it first appears.
            let mut reasons: Vec<&str> = Vec::new();
            for piece in segments.iter().flat_map(Text::unknowns) {
                let why = piece.unknown.as_deref().unwrap_or_default();
                if reasons.contains(&why) {
                    continue;
                }
                reasons.push(why);
                let what = format!("the name of this {}: {why}", found.kind.noun());
                self.unresolved.push((piece.literal.clone(), what));
            }
        }
        let mut entries = Vec::new();
        for (key, segment) in found.kind.segment_keys().iter().zip(segments) {
            let Some(text) = segment.known() else {
                continue;
            };
            // An import places a name the parameters file gives at the template's name.
            let fallback = name_value.filter(|_| self.import).cloned();
            let Some(range) = place(segment, self.origin, name_value).or(fallback) else {
                continue;
            };
            let key_range = match (self.origin, found.name) {
                (Origin::Template, Some(entry)) => entry.key_range.clone(),
                _ => range.clone(),
            };
            entries.push(Entry::new(*key, key_range, Node::string(range, text)));
        }
        if pick != Pick::Primary {
            // A resource that only carries names has nothing to check without one.
            let range = entries.first()?.value.range.clone();
            return Some(Node::table(range, entries));
        }
        let (sources, scope, parameters) = (self.sources, &found.scope, self.parameters);
        let resolver = move |node: &Node| properties::resolve(sources, scope, parameters, node);
        let resolve: Option<properties::Resolve<'_>> = self.import.then_some(&resolver);
        let mapped =
            properties::map_resolved(found.kind, found.node, self.sources.template, resolve);
        entries.extend(mapped.entries);
        self.unresolved.extend(mapped.unresolved);
        self.ignored.extend(mapped.ignored);
        if self.import {
            if found.kind == ResourceKind::ImageDefinition {
                properties::older_api_defaults(found.node, &mut entries);
            }
            let mut named = mapped.parameters;
            if let Some(parameter) = segments.last().and_then(|name| self.parameters.of(name)) {
                let range = found
                    .name
                    .map_or(found.node.range.clone(), |entry| entry.value.range.clone());
                named.insert(
                    0,
                    Entry::new("name", range.clone(), Node::string(range, parameter)),
                );
            }
            if let Some(first) = named.first() {
                let range = first.value.range.clone();
                entries.push(Entry::new(
                    "parameters",
                    range.clone(),
                    Node::table(range, named),
                ));
            }
        }
        Some(Node::table(found.node.range.clone(), entries))
    }
}

/// The documents of one file, with the findings and unresolved values the reading made.
fn finish(file: &Path, text: &str, mut builder: Builder<'_, '_>, picks: &[Pick]) -> Read {
    let mut documents = picks.iter().map(|pick| builder.document(*pick));
    let (document, alternatives) = match picks {
        [Pick::Primary, Pick::Others] => (documents.next().flatten(), documents.next().flatten()),
        _ => (None, documents.next().flatten()),
    };
    let lines = Lines::new(text);
    let diagnostics = builder
        .misshapen
        .iter()
        .map(|(range, message)| Located {
            file: file.to_path_buf(),
            span: lines.span(range),
            diagnostic: Diagnostic::new(&SIG009, message.clone()),
        })
        .collect();
    let unresolved = builder
        .unresolved
        .iter()
        .map(|(range, what)| Unresolved {
            file: file.to_path_buf(),
            span: lines.span(range),
            what: what.clone(),
        })
        .collect();
    let ignored = builder
        .ignored
        .iter()
        .map(|(range, what)| Unresolved {
            file: file.to_path_buf(),
            span: lines.span(range),
            what: what.clone(),
        })
        .collect();
    Read {
        document,
        alternatives,
        unresolved,
        diagnostics,
        ignored,
    }
}

fn syntax_errors(file: &Path, text: &str, errors: Vec<SyntaxError>) -> Read {
    let lines = Lines::new(text);
    Read {
        diagnostics: errors
            .into_iter()
            .map(|error| Located {
                file: file.to_path_buf(),
                span: lines.span(&error.range),
                diagnostic: Diagnostic::new(&SIG000, error.message),
            })
            .collect(),
        ..Read::default()
    }
}

/// What a deployment gives a template, as `sigil import` knows it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Deployment<'a> {
    /// The parameters file and its text (no byte order mark).
    pub parameters: Option<(&'a Path, &'a str)>,
    /// The location of the resource group deployed to: the value of `resourceGroup().location`.
    pub location: Option<&'a str>,
}

/// Reads an ARM template: its gallery resources as a document, the other allowed values of their names as
/// alternatives. `text` has no byte order mark.
pub fn read_template(file: &Path, text: &str) -> Read {
    let root = match parse_json(text, JsonSyntax::WithComments) {
        Ok(root) => root,
        Err(errors) => return syntax_errors(file, text, errors),
    };
    let sources = Sources {
        template: text,
        parameters: "",
        location: None,
    };
    let walker = walk(&root, &Scope::of(&root), sources);
    let parameters = ParameterRanges::of_assignees(&root);
    let builder = Builder::new(&walker, &parameters, Origin::Template, false);
    finish(file, text, builder, &[Pick::Primary, Pick::Others])
}

/// Reads an ARM template as a deployment of it would go, for `sigil import`: the document of every
/// resource it deploys by default (with the values the parameters file gives), property values evaluated
/// where they can be, each resource's `parameters` table naming the template parameters its values come
/// from, and what the spec has no key for in [`Read::ignored`]. Every range points into `text`: a value
/// the parameters file gives is placed at the expression that uses it.
pub fn read_deployment(file: &Path, text: &str, deployment: &Deployment<'_>) -> Read {
    let root = match parse_json(text, JsonSyntax::WithComments) {
        Ok(root) => root,
        Err(errors) => return syntax_errors(file, text, errors),
    };
    let (parameters_file, parameters_text) = deployment.parameters.unwrap_or((file, ""));
    let parameters_root = if deployment.parameters.is_some() {
        match parse_json(parameters_text, JsonSyntax::WithComments) {
            Ok(root) => Some(root),
            Err(errors) => return syntax_errors(parameters_file, parameters_text, errors),
        }
    } else {
        None
    };
    let sources = Sources {
        template: text,
        parameters: parameters_text,
        location: deployment.location,
    };
    let scope = given_scope(&root, parameters_root.as_ref(), sources);
    let walker = walk(&root, &scope, sources);
    let parameters = ParameterRanges::new(&root, parameters_root.as_ref());
    let builder = Builder::new(&walker, &parameters, Origin::Template, true);
    let mut read = finish(file, text, builder, &[Pick::Primary, Pick::Others]);
    read.alternatives = None;
    read
}

/// Reads a parameters file against the template beside it: the names of the template's gallery resources
/// built from the values it gives, as alternatives placed at those values. A template that does not parse
/// gives nothing here (its own reading reports it). Neither text has a byte order mark.
pub fn read_parameters(file: &Path, text: &str, template: &str) -> Read {
    let Ok(template_root) = parse_json(template, JsonSyntax::WithComments) else {
        return Read::default();
    };
    let root = match parse_json(text, JsonSyntax::WithComments) {
        Ok(root) => root,
        Err(errors) => return syntax_errors(file, text, errors),
    };
    let sources = Sources {
        template,
        parameters: text,
        location: None,
    };
    let scope = given_scope(&template_root, Some(&root), sources);
    let walker = walk(&template_root, &scope, sources);
    let parameters = ParameterRanges::default();
    let builder = Builder::new(&walker, &parameters, Origin::Parameters, false);
    finish(file, text, builder, &[Pick::FromParameters])
}

/// The scope of a template with the values a parameters file gives its parameters.
fn given_scope<'t>(
    template: &'t Node,
    parameters: Option<&'t Node>,
    sources: Sources<'t>,
) -> Scope<'t> {
    let mut scope = Scope::of(template);
    let empty = Scope::default();
    let evaluator = Evaluator::new(sources, &empty);
    let given = parameters.and_then(|root| get(root, "parameters"));
    for entry in given.map_or(&[][..], Node::entries) {
        if let Some(value) = get(&entry.value, "value") {
            scope.given.insert(
                entry.key.to_ascii_lowercase(),
                evaluator.node(value, Origin::Parameters),
            );
        }
    }
    scope
}

fn walk<'t>(template: &'t Node, scope: &Scope<'t>, sources: Sources<'t>) -> Walker<'t> {
    let mut walker = Walker {
        sources,
        found: Vec::new(),
        others: Vec::new(),
        group: None,
    };
    walker.template(template, scope);
    walker
}

impl<'w, 't> Builder<'w, 't> {
    fn new(
        walker: &'w Walker<'t>,
        parameters: &'w ParameterRanges,
        origin: Origin,
        import: bool,
    ) -> Self {
        Self {
            found: &walker.found,
            others: &walker.others,
            sources: walker.sources,
            parameters,
            import,
            ignored: Vec::new(),
            origin,
            misshapen: Vec::new(),
            unresolved: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(document: &Node, array: &str, key: &str) -> Vec<String> {
        document
            .get(array)
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .filter_map(|resource| resource.get(key).and_then(Node::as_str))
            .map(str::to_owned)
            .collect()
    }

    const TEMPLATE: &str = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  // ARM reads comments.
  "parameters": {
    "galleryName": { "type": "string", "defaultValue": "myGallery", "allowedValues": ["myGallery", "other_gallery"] },
    "imageName": { "type": "string" }
  },
  "variables": { "version": "1.0.0" },
  "resources": [
    {
      "type": "Microsoft.Compute/galleries",
      "name": "[parameters('galleryName')]",
      "resources": [
        { "type": "images", "name": "child-image", "properties": { "osType": "Linux" } }
      ]
    },
    { "type": "Microsoft.Compute/galleries/images/versions", "name": "[concat(parameters('galleryName'), '/', parameters('imageName'), '/', variables('version'))]" },
    {
      "type": "Microsoft.Resources/deployments",
      "properties": {
        "expressionEvaluationOptions": { "scope": "inner" },
        "parameters": { "g": { "value": "[parameters('galleryName')]" } },
        "template": {
          "parameters": { "g": { "type": "string" } },
          "resources": [ { "type": "Microsoft.Compute/galleries/applications", "name": "[format('{0}/app', parameters('g'))]" } ]
        }
      }
    }
  ]
}"#;

    #[test]
    fn resources_are_found_at_top_level_as_children_and_in_nested_deployments() {
        let read = read_template(Path::new("azuredeploy.json"), TEMPLATE);
        assert!(read.diagnostics.is_empty(), "{:?}", read.diagnostics);
        let document = read.document.unwrap();
        assert_eq!(names(&document, "gallery", "name"), ["myGallery"]);
        assert_eq!(
            names(&document, "image-definition", "name"),
            ["child-image"]
        );
        assert_eq!(
            names(&document, "image-definition", "gallery"),
            ["myGallery"]
        );
        // The version's image name is a parameter without a default: left out, and listed.
        assert_eq!(names(&document, "image-version", "name"), ["1.0.0"]);
        assert!(names(&document, "image-version", "image-definition").is_empty());
        assert_eq!(names(&document, "application", "gallery"), ["myGallery"]);
        assert_eq!(names(&document, "application", "name"), ["app"]);
        let unresolved: Vec<&str> = read.unresolved.iter().map(|u| u.what.as_str()).collect();
        assert_eq!(
            unresolved,
            [
                "the name of this image version: parameter `imageName` has no default value: it is given at deployment"
            ]
        );
        // The other allowed value is an alternative of each resource that uses it.
        let alternatives = read.alternatives.unwrap();
        assert_eq!(names(&alternatives, "gallery", "name"), ["other_gallery"]);
        assert_eq!(
            names(&alternatives, "application", "gallery"),
            ["other_gallery"]
        );
        // A child takes its parent's default name only.
        assert!(names(&alternatives, "image-definition", "gallery").is_empty());
    }

    #[test]
    fn a_name_with_the_wrong_number_of_segments_is_reported_where_it_is_written() {
        let text =
            r#"{"resources": [{"type": "Microsoft.Compute/galleries/images", "name": "a/b/c"}]}"#;
        let read = read_template(Path::new("t.json"), text);
        assert_eq!(read.diagnostics.len(), 1);
        assert_eq!(
            read.diagnostics[0].diagnostic.message,
            "the name of a Microsoft.Compute/galleries/images is GALLERY/IMAGE-DEFINITION: `a/b/c` has 3 segments"
        );
        let at = text.find("\"a/b/c\"").unwrap();
        assert_eq!(read.diagnostics[0].span.start.column, at + 1);
    }

    #[test]
    fn segments_of_one_literal_point_at_their_own_text() {
        let text = r#"{"resources": [{"type": "Microsoft.Compute/galleries/images", "name": "my-gallery/my_image"}]}"#;
        let read = read_template(Path::new("t.json"), text);
        let document = read.document.unwrap();
        let definition = &document.get("image-definition").unwrap().items()[0];
        let gallery = definition.get("gallery").unwrap();
        assert_eq!(&text[gallery.range.clone()], "my-gallery");
        let name = definition.get("name").unwrap();
        assert_eq!(&text[name.range.clone()], "my_image");
    }

    #[test]
    fn a_parameters_file_names_resources_at_its_values() {
        let parameters = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "parameters": { "imageName": { "value": "bad image" }, "galleryName": { "value": "fromFile" } }
}"#;
        let read = read_parameters(
            Path::new("azuredeploy.parameters.json"),
            parameters,
            TEMPLATE,
        );
        assert!(read.document.is_none());
        let alternatives = read.alternatives.unwrap();
        assert_eq!(names(&alternatives, "gallery", "name"), ["fromFile"]);
        assert_eq!(
            names(&alternatives, "image-version", "image-definition"),
            ["bad image"]
        );
        // Segments written in the template are not this file's to report.
        assert!(names(&alternatives, "image-version", "name").is_empty());
        let version = &alternatives.get("image-version").unwrap().items()[0];
        let image = version.get("image-definition").unwrap();
        assert_eq!(&parameters[image.range.clone()], "\"bad image\"");
    }

    #[test]
    fn a_template_that_does_not_parse_is_a_syntax_error() {
        let read = read_template(Path::new("t.json"), "{\"resources\": [}");
        assert_eq!(read.diagnostics[0].diagnostic.rule.id, "SIG000");
        assert!(read.document.is_none());
    }
}

#[cfg(test)]
mod principal_tests {
    use super::*;

    /// A template sigil generates for an assignee without an object id: the principal is a parameter the
    /// deployer supplies, and its metadata names the assignee.
    const TEMPLATE: &str = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "parameters": {
    "principalId": { "type": "string", "metadata": { "assignee": "someone@example.com" } }
  },
  "resources": [
    { "type": "Microsoft.Compute/galleries", "apiVersion": "2025-03-03", "name": "myGallery", "location": "eastus" },
    {
      "type": "Microsoft.Authorization/roleAssignments",
      "apiVersion": "2022-04-01",
      "scope": "[format('Microsoft.Compute/galleries/{0}', 'myGallery')]",
      "name": "[guid('myGallery', parameters('principalId'))]",
      "properties": {
        "roleDefinitionId": "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'acdd72a7-3385-48ef-bd42-f606fba81ae7')]",
        "principalId": "[parameters('principalId')]"
      }
    }
  ]
}"#;

    #[test]
    fn a_principal_supplied_at_deployment_is_named_by_its_parameter_s_assignee() {
        let read = read_template(Path::new("azuredeploy.json"), TEMPLATE);
        let document = read.document.expect("a document");
        let assignments = document
            .get("role-assignment")
            .expect("the role assignment");
        let assignee = assignments.items()[0]
            .get("assignee")
            .and_then(Node::as_str);
        assert_eq!(assignee, Some("someone@example.com"));
        // Lint reads no template parameter names into `parameters` tables: a third party's names need not
        // be Bicep identifiers.
        assert!(assignments.items()[0].get("parameters").is_none());
    }
}
