//! Bicep files (`*.bicep`): `Microsoft.Compute/galleries` resources as a spec-shaped document, parsed with
//! `tree-sitter-bicep`, which keeps the byte range of every value.
//!
//! A resource is found at top level, nested in its parent's body (`resource img 'images' = {...}`, its type
//! relative to the parent's) or naming its parent (`parent: gallery`, the parent's name resolved through
//! its symbol). An `existing` resource only gives its name to its children. A name is read when it is a
//! literal string, a parameter with a literal default, or a string interpolating such parameters
//! (`'${galleryName}/image'`): each segment then points where it is written, a parameter's at its
//! default. The other `@allowed` values of such a parameter are alternatives, checked by the name rules
//! only. The properties are the ARM ones ([`crate::arm`]'s mapping); a value that is not a literal is known
//! only at deployment and listed as unresolved.
//!
//! For a `.bicepparam` file ([`crate::bicepparam`]), the file is read again with the values that file gives
//! in place of the defaults: only the name segments it writes are kept, placed where it writes them, and
//! checked by the name rules.
//!
//! tree-sitter-bicep reads a few things more loosely than Bicep does (array commas are optional, member
//! access binds looser than operators, a string holding `//` or `/*` can be misread): only literals and
//! parameters are read here, so those readings only make a value unresolved or an error node.

use std::cell::Cell;
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use sigil_core::rules::{SIG000, SIG009};
use sigil_core::{Diagnostic, Located};
use sigil_spec::document::{Entry, Kind, Lines, Node};
use tree_sitter::Node as Syntax;

use crate::arm::ResourceKind;
use crate::arm::properties;
use crate::{Read, Unresolved};

mod leftovers;
mod module;
mod role;
mod vm;

pub(crate) use module::Passed;

/// A piece of a string's value: its text, where it is written, whether that text is the file's byte for
/// byte (a piece decoded from an escape is not), and whether it is written in a `.bicepparam` file rather
/// than in the Bicep file (its range then points into that file).
#[derive(Debug, Clone)]
pub(crate) struct Piece {
    text: String,
    range: Range<usize>,
    exact: bool,
    given: bool,
}

/// The value a `.bicepparam` file gives a parameter: its pieces, ranges in that file, or the expression as
/// written there when it is not a literal.
pub(crate) type Given = Result<Vec<Piece>, (String, Range<usize>)>;

/// A parameter: its literal default, its `@allowed` values and the object of its `@metadata`.
#[derive(Debug, Default)]
struct Param<'t> {
    default: Option<Syntax<'t>>,
    allowed: Vec<Syntax<'t>>,
    metadata: Option<Syntax<'t>>,
}

/// Messages at ranges of the file.
type Notes = Vec<(Range<usize>, String)>;

/// A name segment: its text and where it is written.
type Segment = Option<(String, Range<usize>)>;

/// A resource declaration, as its children see it.
#[derive(Debug, Clone)]
struct Declared {
    /// The full type, without its API version: `Microsoft.Compute/galleries/images`.
    resource_type: String,
    /// The name's segments, as many as the kind has.
    segments: Vec<Segment>,
}

/// A gallery resource to check.
struct Found<'t> {
    kind: ResourceKind,
    /// The API version of its type, and where the type is written.
    api_version: Option<(String, Range<usize>)>,
    /// Referenced with `existing`, not deployed.
    existing: bool,
    /// What its name is written as.
    name: Option<Syntax<'t>>,
    segments: Vec<Segment>,
    /// The other values its name can have.
    alternatives: Vec<Vec<Segment>>,
    name_key: Range<usize>,
    body: Syntax<'t>,
}

/// A resource of another type than a gallery resource's: a VM, its network, a role assignment...
struct Other<'t> {
    symbol: String,
    /// Where its symbol is written.
    at: Range<usize>,
    /// The full type, without its API version.
    resource_type: String,
    body: Syntax<'t>,
    existing: bool,
}

/// Why a file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose<'t> {
    Lint,
    /// For `sigil import`: `resourceGroup().location` stands for `location` when it is known, and the
    /// service's defaults of older API versions are stated.
    Import {
        location: Option<&'t str>,
    },
}

struct Reader<'t> {
    text: &'t str,
    params: HashMap<&'t str, Param<'t>>,
    /// The top-level `var` declarations.
    vars: HashMap<&'t str, Syntax<'t>>,
    /// The values a module's declaration passes to its parameters, when the file is read as that module.
    passed: HashMap<String, Passed>,
    /// Why the file is read.
    purpose: Purpose<'t>,
    /// The values a `.bicepparam` file gives the parameters, when the file is read for that file's sake:
    /// only what it writes is then found.
    given: Option<&'t HashMap<String, Given>>,
    /// How deep [`Reader::pieces`] is in its own calls.
    depth: Cell<u32>,
    symbols: HashMap<String, Declared>,
    found: Vec<Found<'t>>,
    others: Vec<Other<'t>>,
    modules: Vec<Syntax<'t>>,
    unresolved: Vec<(Range<usize>, String)>,
    misshapen: Vec<(Range<usize>, String)>,
}

fn named_children(node: Syntax<'_>) -> Vec<Syntax<'_>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|child| !matches!(child.kind(), "comment" | "diagnostic_comment"))
        .collect()
}

/// A part of a string literal: a node of the tree, or an escape the grammar leaves out of it.
enum StringPart<'t> {
    Node(Syntax<'t>),
    Escape(&'t str, Range<usize>),
}

/// The text of an escape sequence: `\'`, `\n`, `\u{2F}`.
fn unescape(escape: &str) -> String {
    match escape {
        "\\n" => "\n".into(),
        "\\r" => "\r".into(),
        "\\t" => "\t".into(),
        _ => {
            if let Some(hex) = escape
                .strip_prefix("\\u{")
                .and_then(|rest| rest.strip_suffix('}'))
                && let Some(ch) = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
            {
                return ch.to_string();
            }
            escape.strip_prefix('\\').unwrap_or(escape).into()
        }
    }
}

/// The segments of a name made of `pieces`, split at `/`, each at its own text where it can be, and whether
/// a `.bicepparam` file writes part of it (it is then placed there only).
fn split(pieces: &[Piece]) -> Vec<(String, Range<usize>, bool)> {
    let mut segments = Vec::new();
    let mut current = String::new();
    let mut range: Option<Range<usize>> = None;
    let mut given = false;
    let mut last = 0..0;
    let join = |range: &mut Option<Range<usize>>, add: Range<usize>| {
        *range = Some(match range.take() {
            Some(old) => old.start.min(add.start)..old.end.max(add.end),
            None => add,
        });
    };
    for piece in pieces {
        last = piece.range.clone();
        for (at, ch) in piece.text.char_indices() {
            if ch == '/' {
                let done = range.take().unwrap_or_else(|| last.clone());
                segments.push((
                    std::mem::take(&mut current),
                    done,
                    std::mem::take(&mut given),
                ));
                continue;
            }
            current.push(ch);
            let add = if piece.exact {
                let start = piece.range.start + at;
                start..start + ch.len_utf8()
            } else {
                piece.range.clone()
            };
            // Ranges in two files cannot be joined: the `.bicepparam` file's are kept.
            if piece.given && !given {
                range = None;
                given = true;
            }
            if piece.given == given {
                join(&mut range, add);
            }
        }
    }
    segments.push((current, range.unwrap_or(last), given));
    segments
}

impl<'t> Reader<'t> {
    fn new(
        text: &'t str,
        params: HashMap<&'t str, Param<'t>>,
        given: Option<&'t HashMap<String, Given>>,
    ) -> Self {
        Reader {
            text,
            params,
            vars: HashMap::new(),
            passed: HashMap::new(),
            purpose: Purpose::Lint,
            given,
            depth: Cell::new(0),
            symbols: HashMap::new(),
            found: Vec::new(),
            others: Vec::new(),
            modules: Vec::new(),
            unresolved: Vec::new(),
            misshapen: Vec::new(),
        }
    }

    fn written(&self, node: Syntax<'_>) -> &'t str {
        self.text.get(node.byte_range()).unwrap_or_default()
    }

    /// The pieces of the value of `node`, a parameter standing for its literal default (or for the value
    /// `overrides` or the `.bicepparam` file gives it); the expression as written when it is not known
    /// before deployment.
    fn pieces(
        &self,
        node: Syntax<'t>,
        overrides: &[(&str, Syntax<'t>)],
    ) -> Result<Vec<Piece>, (String, Range<usize>)> {
        // A parameter's default is read where the parameter is used, so the syntax tree's depth alone
        // does not bound this (defaults naming each other in a cycle, which Bicep refuses, never end).
        if self.depth.get() >= MAX_DEPTH {
            return Err((self.written(node).to_owned(), node.byte_range()));
        }
        self.depth.set(self.depth.get() + 1);
        let pieces = self.pieces_within_depth(node, overrides);
        self.depth.set(self.depth.get() - 1);
        pieces
    }

    /// The parts of a string literal: content, escapes and interpolations. The grammar drops from the tree
    /// the escape of a character with no meaning of its own (`\$`, `\#`), leaving a gap between the parts
    /// around it: each gap is read as the escape it is, or `'\${x}'` would lose its `$`.
    fn string_parts(&self, node: Syntax<'t>) -> Vec<StringPart<'t>> {
        let inner = node.start_byte() + 1..node.end_byte().saturating_sub(1);
        let mut parts = Vec::new();
        let mut at = inner.start;
        let gap = |from: usize, to: usize, parts: &mut Vec<StringPart<'t>>| {
            if let Some(written) = self.text.get(from..to).filter(|gap| gap.starts_with('\\')) {
                parts.push(StringPart::Escape(written, from..to));
            }
        };
        for child in named_children(node) {
            gap(at, child.start_byte(), &mut parts);
            at = child.end_byte();
            parts.push(StringPart::Node(child));
        }
        gap(at, inner.end, &mut parts);
        parts
    }

    fn pieces_within_depth(
        &self,
        node: Syntax<'t>,
        overrides: &[(&str, Syntax<'t>)],
    ) -> Result<Vec<Piece>, (String, Range<usize>)> {
        let unknown = || Err((self.written(node).to_owned(), node.byte_range()));
        match node.kind() {
            "string" => {
                let mut pieces = Vec::new();
                for part in self.string_parts(node) {
                    let child = match part {
                        StringPart::Escape(written, range) => {
                            pieces.push(Piece {
                                text: unescape(written),
                                range,
                                exact: false,
                                given: false,
                            });
                            continue;
                        }
                        StringPart::Node(child) => child,
                    };
                    match child.kind() {
                        "string_content" => pieces.push(Piece {
                            text: self.written(child).to_owned(),
                            range: child.byte_range(),
                            exact: true,
                            given: false,
                        }),
                        "escape_sequence" => pieces.push(Piece {
                            text: unescape(self.written(child)),
                            range: child.byte_range(),
                            exact: false,
                            given: false,
                        }),
                        "interpolation" => {
                            let [inner] = named_children(child)[..] else {
                                return unknown();
                            };
                            match self.pieces(inner, overrides) {
                                Ok(inner) => pieces.extend(inner),
                                Err(_) => return unknown(),
                            }
                        }
                        _ => return unknown(),
                    }
                }
                Ok(pieces)
            }
            "identifier" => {
                let name = self.written(node);
                let overridden = overrides
                    .iter()
                    .find(|(param, _)| *param == name)
                    .map(|(_, value)| *value);
                if overridden.is_none() {
                    if let Some(given) = self.given.and_then(|given| given.get(name)) {
                        return given.clone();
                    }
                    if let Some(passed) = self.passed.get(name) {
                        return passed
                            .pieces(node.byte_range())
                            .ok_or_else(|| (self.written(node).to_owned(), node.byte_range()));
                    }
                }
                let value = overridden
                    .or_else(|| self.params.get(name)?.default)
                    .or_else(|| self.vars.get(name).copied());
                match value {
                    Some(value) if matches!(value.kind(), "string" | "member_expression") => {
                        self.pieces(value, &[]).or_else(|_| unknown())
                    }
                    _ => unknown(),
                }
            }
            "parenthesized_expression" => match named_children(node)[..] {
                [inner] => self.pieces(inner, overrides),
                _ => unknown(),
            },
            "member_expression" => match self.group_location(node) {
                Some(location) => Ok(vec![Piece {
                    text: location.to_owned(),
                    range: node.byte_range(),
                    exact: false,
                    given: false,
                }]),
                None => unknown(),
            },
            _ => unknown(),
        }
    }

    /// The location of the resource group deployed to, when `node` is `resourceGroup().location` and the
    /// file is read as a deployment to a known location.
    fn group_location(&self, node: Syntax<'_>) -> Option<&'t str> {
        let Purpose::Import {
            location: Some(location),
        } = self.purpose
        else {
            return None;
        };
        let written: String = self
            .written(node)
            .chars()
            .filter(|ch| !ch.is_whitespace())
            .collect();
        (written == "resourceGroup().location").then_some(location)
    }

    /// The identifiers `node` is made of, each once.
    fn identifiers(&self, node: Syntax<'t>, into: &mut Vec<&'t str>) {
        if node.kind() == "identifier" {
            let name = self.written(node);
            if !into.contains(&name) {
                into.push(name);
            }
            return;
        }
        for child in named_children(node) {
            self.identifiers(child, into);
        }
    }

    /// The values the `.bicepparam` file gives the parameters of `name` that are known only at deployment.
    fn unknown_given(&mut self, kind: ResourceKind, name: Syntax<'t>) {
        let Some(given) = self.given else {
            return;
        };
        let mut identifiers = Vec::new();
        self.identifiers(name, &mut identifiers);
        for identifier in identifiers {
            if let Some(Err((written, range))) = given.get(identifier) {
                let what = format!(
                    "the name of this {}: `{written}` is known only at deployment",
                    kind.noun()
                );
                self.unresolved.push((range.clone(), what));
            }
        }
    }

    /// A value of the body as the JSON an ARM template holds: literals as they are, a parameter as its
    /// literal default, anything else as an expression `[...]`; `None` for `null`.
    fn value(&self, node: Syntax<'t>) -> Option<Node> {
        let range = node.byte_range();
        let written = self.written(node);
        let expression = || Some(Node::string(range.clone(), format!("[{written}]")));
        match node.kind() {
            "null" => None,
            "boolean" | "true" | "false" => Some(Node::bool(range, written == "true")),
            "number" | "int" => match written.parse::<i64>() {
                Ok(integer) => Some(Node::integer(range, integer)),
                Err(_) => match written.parse::<f64>() {
                    Ok(float) => Some(Node::new(range, Kind::Float(float))),
                    Err(_) => expression(),
                },
            },
            "parenthesized_expression" => match named_children(node)[..] {
                [inner] => self.value(inner),
                _ => expression(),
            },
            "member_expression" if self.group_location(node).is_some() => Some(Node::string(
                range,
                self.group_location(node).unwrap_or_default(),
            )),
            "identifier" if self.passed.contains_key(written) => match self.pieces(node, &[]) {
                Ok(pieces) => Some(Node::string(
                    range,
                    pieces
                        .into_iter()
                        .map(|piece| piece.text)
                        .collect::<String>(),
                )),
                Err(_) => expression(),
            },
            "identifier" => match self.params.get(written).and_then(|param| param.default) {
                Some(default) if default.kind() != "identifier" && !default.has_error() => {
                    match self.value(default) {
                        Some(node) if !is_bracketed(&node) => Some(node),
                        _ => expression(),
                    }
                }
                _ => expression(),
            },
            "string" => {
                let interpolated = named_children(node)
                    .iter()
                    .any(|child| child.kind() == "interpolation");
                match self.pieces(node, &[]) {
                    Ok(pieces) => {
                        let text: String = pieces.iter().map(|piece| piece.text.as_str()).collect();
                        // A string starting with `[` is a literal in JSON when written `[[`.
                        let text = if text.starts_with('[') {
                            format!("[{text}")
                        } else {
                            text
                        };
                        let range = match (&pieces[..], interpolated) {
                            ([piece], true) => piece.range.clone(),
                            _ => range,
                        };
                        Some(Node::string(range, text))
                    }
                    Err(_) => expression(),
                }
            }
            "array" => {
                let items = named_children(node)
                    .into_iter()
                    .filter_map(|item| self.value(item))
                    .collect();
                Some(Node::array(range, items))
            }
            "object" => Some(Node::table(range, self.entries(node))),
            _ => expression(),
        }
    }

    /// The properties of an object, without the resources nested in it.
    fn entries(&self, object: Syntax<'t>) -> Vec<Entry> {
        let mut entries = Vec::new();
        for property in named_children(object) {
            if property.kind() != "object_property" {
                continue;
            }
            let children = named_children(property);
            let [key, .., value] = children[..] else {
                continue;
            };
            let name = match key.kind() {
                "string" => match self.pieces(key, &[]) {
                    Ok(pieces) => pieces.into_iter().map(|piece| piece.text).collect(),
                    Err(_) => continue,
                },
                _ => self.written(key).to_owned(),
            };
            if let Some(value) = self.value(value) {
                entries.push(Entry::new(name, key.byte_range(), value));
            }
        }
        entries
    }

    /// The value of the property `key` of `object`, and the key's range.
    fn property(&self, object: Syntax<'t>, key: &str) -> Option<(Range<usize>, Syntax<'t>)> {
        named_children(object).into_iter().find_map(|property| {
            if property.kind() != "object_property" {
                return None;
            }
            let children = named_children(property);
            let [name, .., value] = children[..] else {
                return None;
            };
            (name.kind() != "string" && self.written(name) == key)
                .then(|| (name.byte_range(), value))
        })
    }

    /// The segments of a resource's name written as `name`, under a parent with `inherited` segments.
    fn name_segments(
        &mut self,
        kind: ResourceKind,
        name: Syntax<'t>,
        inherited: &[Segment],
        overrides: &[(&str, Syntax<'t>)],
        primary: bool,
    ) -> Option<Vec<Segment>> {
        let own = kind.segment_keys().len().saturating_sub(inherited.len());
        let mut segments = inherited.to_vec();
        match self.pieces(name, overrides) {
            Ok(pieces) => {
                let split = split(&pieces);
                if split.len() != own {
                    if primary && let Some(at) = self.placed(name, &pieces) {
                        let text: String = pieces.iter().map(|piece| piece.text.as_str()).collect();
                        self.misshapen.push((
                            at,
                            format!(
                                "the name `{text}` of this {} has {} segment(s) where {own} are expected{}",
                                kind.noun(),
                                split.len(),
                                if inherited.is_empty() {
                                    ""
                                } else {
                                    " (its parent names the others)"
                                }
                            ),
                        ));
                    }
                    return None;
                }
                // Read for a `.bicepparam` file, a name has only the segments that file writes.
                let only_given = self.given.is_some();
                segments.extend(
                    split.into_iter().map(|(text, range, given)| {
                        (given || !only_given).then_some((text, range))
                    }),
                );
            }
            Err((written, range)) => {
                // Read for a `.bicepparam` file, what the Bicep file leaves unknown is its own.
                if primary && self.given.is_none() {
                    self.unresolved.push((
                        range,
                        format!(
                            "the name of this {}: `{written}` is known only at deployment",
                            kind.noun()
                        ),
                    ));
                }
                segments.extend(std::iter::repeat_n(None, own));
            }
        }
        Some(segments)
    }

    /// Where a finding about the name `name` made of `pieces` goes: the name, or when read for a
    /// `.bicepparam` file, the pieces that file writes (nowhere when it writes none).
    fn placed(&self, name: Syntax<'_>, pieces: &[Piece]) -> Option<Range<usize>> {
        if self.given.is_none() {
            return Some(name.byte_range());
        }
        pieces
            .iter()
            .filter(|piece| piece.given)
            .map(|piece| piece.range.clone())
            .reduce(|all, one| all.start.min(one.start)..all.end.max(one.end))
    }

    /// The names `name` has with the other `@allowed` values of its parameters.
    fn alternatives(
        &mut self,
        kind: ResourceKind,
        name: Syntax<'t>,
        inherited: &[Segment],
    ) -> Vec<Vec<Segment>> {
        let mut params = Vec::new();
        self.identifiers(name, &mut params);
        params.retain(|name| {
            self.params
                .get(name)
                .is_some_and(|param| !param.allowed.is_empty())
        });
        let mut alternatives = Vec::new();
        let text_of = |reader: &Self, node: Syntax<'t>| {
            reader
                .pieces(node, &[])
                .ok()
                .map(|pieces| pieces.into_iter().map(|p| p.text).collect::<String>())
        };
        for param in params {
            let default = self.params[param]
                .default
                .and_then(|default| text_of(self, default));
            for value in self.params[param].allowed.clone() {
                let text = text_of(self, value);
                if text.is_none() || text == default {
                    continue;
                }
                if let Some(other) =
                    self.name_segments(kind, name, inherited, &[(param, value)], false)
                {
                    alternatives.push(other);
                }
            }
        }
        alternatives
    }

    /// The resources declared in `body`, the body of the resource `symbol`.
    fn nested(&mut self, body: Syntax<'t>, symbol: &str, declared: &Declared) {
        for property in named_children(body) {
            if property.kind() != "object_property" {
                continue;
            }
            for child in named_children(property) {
                if child.kind() == "resource_declaration" {
                    self.declaration(child, Some((symbol, declared)));
                }
            }
        }
    }

    /// A resource that is not a gallery resource, and the resources nested in it.
    fn other_declaration(&mut self, other: Other<'t>) {
        let declared = Declared {
            resource_type: other.resource_type.clone(),
            segments: Vec::new(),
        };
        let (symbol, body) = (other.symbol.clone(), other.body);
        self.others.push(other);
        self.nested(body, &symbol, &declared);
    }

    /// The symbol of a declaration: `parent::child` for a resource nested in its parent's body.
    fn symbol_of(
        &self,
        declaration: Syntax<'t>,
        symbol: Syntax<'t>,
        parent: Option<&(String, Declared)>,
    ) -> String {
        match parent {
            Some((key, _))
                if declaration
                    .parent()
                    .is_some_and(|p| p.kind() == "object_property") =>
            {
                format!("{key}::{}", self.written(symbol))
            }
            _ => self.written(symbol).to_owned(),
        }
    }

    /// The resource `parent:` names, by its symbol.
    fn parent_property(&self, body: Syntax<'t>) -> Option<(String, Declared)> {
        let (_, value) = self.property(body, "parent")?;
        let key: String = self
            .written(value)
            .chars()
            .filter(|ch| !ch.is_whitespace())
            .collect();
        let declared = self.symbols.get(&key)?.clone();
        Some((key, declared))
    }

    /// A resource declaration, and the resources nested in it.
    fn declaration(&mut self, declaration: Syntax<'t>, parent: Option<(&str, &Declared)>) {
        if declaration.has_error() {
            return;
        }
        let children = named_children(declaration);
        let (Some(symbol), Some(type_node)) = (children.first(), children.get(1)) else {
            return;
        };
        let Some(body) = children
            .iter()
            .copied()
            .find(|child| child.kind() == "object")
        else {
            return;
        };
        let mut cursor = declaration.walk();
        let existing = declaration
            .children(&mut cursor)
            .any(|child| child.kind() == "existing");
        let Ok(type_pieces) = self.pieces(*type_node, &[]) else {
            return;
        };
        let written_type: String = type_pieces.into_iter().map(|piece| piece.text).collect();
        let (written_type, api_version) = match written_type.split_once('@') {
            Some((written_type, version)) => (written_type, Some(version.to_owned())),
            None => (written_type.as_str(), None),
        };
        let parent = parent
            .map(|(key, declared)| (key.to_owned(), declared.clone()))
            .or_else(|| self.parent_property(body));
        let resource_type = match &parent {
            Some((_, declared)) if !written_type.contains('/') => {
                format!("{}/{written_type}", declared.resource_type)
            }
            _ => written_type.to_owned(),
        };
        let symbol = self.symbol_of(declaration, *symbol, parent.as_ref());
        let Some(kind) = ResourceKind::of_type(&resource_type) else {
            let other = Other {
                symbol,
                at: declaration.byte_range().start..body.start_byte(),
                resource_type,
                body,
                existing,
            };
            self.other_declaration(other);
            return;
        };
        let inherited = parent
            .as_ref()
            .filter(|(_, declared)| resource_type.starts_with(&declared.resource_type))
            .map(|(_, declared)| declared.segments.clone())
            .unwrap_or_default();
        let name_property = self.property(body, "name");
        let (name_key, segments, alternatives) = match name_property.clone() {
            Some((name_key, name)) => {
                let segments = self.name_segments(kind, name, &inherited, &[], !existing);
                if !existing {
                    self.unknown_given(kind, name);
                }
                // The `.bicepparam` file's values replace the parameters' defaults, and their other
                // allowed values with them.
                let alternatives = if existing || self.given.is_some() {
                    Vec::new()
                } else {
                    self.alternatives(kind, name, &inherited)
                };
                (name_key, segments, alternatives)
            }
            None => (0..0, None, Vec::new()),
        };
        let declared = Declared {
            resource_type,
            segments: segments.clone().unwrap_or_else(|| {
                let mut all = inherited.clone();
                all.resize(kind.segment_keys().len(), None);
                all
            }),
        };
        self.symbols.insert(symbol.clone(), declared.clone());
        if let Some(segments) = segments {
            self.found.push(Found {
                kind,
                api_version: api_version.map(|version| (version, type_node.byte_range())),
                existing,
                name: name_property.map(|(_, name)| name),
                segments,
                alternatives,
                name_key,
                body,
            });
        }
        self.nested(body, &symbol, &declared);
    }
}

fn is_bracketed(node: &Node) -> bool {
    matches!(&node.kind, Kind::String(text) if text.starts_with('[') && !text.starts_with("[["))
}

/// How deep in the syntax tree the reader goes, in nodes: it walks expressions recursively, on the walk's
/// threads (2 MiB stacks), so a deeper file (`((((...` ten thousand times) is refused as the JSON reader
/// refuses one nested more than 512 levels.
const MAX_DEPTH: u32 = 512;

/// The first node deeper than [`MAX_DEPTH`], found without recursion.
fn too_deep(root: Syntax<'_>) -> Option<Syntax<'_>> {
    let mut cursor = root.walk();
    loop {
        if cursor.depth() > MAX_DEPTH {
            return Some(cursor.node());
        }
        if cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                return None;
            }
        }
    }
}

/// The first error or missing node under `node`.
fn first_error(node: Syntax<'_>) -> Option<Syntax<'_>> {
    if node.is_error() || node.is_missing() {
        return Some(node);
    }
    if !node.has_error() {
        return None;
    }
    let mut cursor = node.walk();
    let children: Vec<_> = node.children(&mut cursor).collect();
    children.into_iter().find_map(first_error)
}

/// The parameters of a file, with their literal defaults and `@allowed` values.
fn params<'t>(root: Syntax<'t>, text: &'t str) -> HashMap<&'t str, Param<'t>> {
    let mut params = HashMap::new();
    let mut decorators = None;
    for child in named_children(root) {
        match child.kind() {
            "decorators" => {
                decorators = Some(child);
                continue;
            }
            "parameter_declaration" => {
                let children = named_children(child);
                let mut param = Param::default();
                // A decorator is read as the parameter's child or as the sibling before it.
                let own = children.iter().copied().find(|c| c.kind() == "decorators");
                for decorators in own.into_iter().chain(decorators) {
                    for decorator in named_children(decorators) {
                        let Some(call) = named_children(decorator).into_iter().next() else {
                            continue;
                        };
                        let call_children = named_children(call);
                        let [function, arguments] = call_children[..] else {
                            continue;
                        };
                        let Some(argument) = named_children(arguments).into_iter().next() else {
                            continue;
                        };
                        match (text.get(function.byte_range()), argument.kind()) {
                            (Some("allowed"), "array") => param.allowed = named_children(argument),
                            (Some("metadata"), "object") => param.metadata = Some(argument),
                            _ => {}
                        }
                    }
                }
                let mut rest = children
                    .iter()
                    .copied()
                    .filter(|c| c.kind() != "decorators");
                let Some(name) = rest.next() else {
                    continue;
                };
                param.default = rest.find(|c| c.kind() != "type");
                if let Some(name) = text.get(name.byte_range()) {
                    params.insert(name, param);
                }
            }
            _ => {}
        }
        decorators = None;
    }
    params
}

/// Resources by the spec's array they go in, in the order their arrays are first found.
type Arrays = Vec<(&'static str, Vec<Node>)>;

fn push(arrays: &mut Arrays, array: &'static str, node: Node) {
    match arrays.iter_mut().find(|(known, _)| *known == array) {
        Some((_, items)) => items.push(node),
        None => arrays.push((array, vec![node])),
    }
}

/// A document of `arrays` spanning `whole`; none when they are empty.
fn document(arrays: Arrays, whole: &Range<usize>) -> Option<Node> {
    (!arrays.is_empty()).then(|| {
        let entries = arrays
            .into_iter()
            .map(|(array, items)| Entry::new(array, 0..0, Node::array(whole.clone(), items)))
            .collect();
        Node::table(whole.clone(), entries)
    })
}

/// The known segments of `found`'s name as entries, each keyed at `key` (the name's key) or, when `key`
/// is `None`, at its own value.
fn names(found: &Found<'_>, segments: &[Segment], key: Option<&Range<usize>>) -> Vec<Entry> {
    found
        .kind
        .segment_keys()
        .iter()
        .zip(segments)
        .filter_map(|(name, segment)| {
            let (text, range) = segment.clone()?;
            let key = key.unwrap_or(&range).clone();
            Some(Entry::new(*name, key, Node::string(range, text)))
        })
        .collect()
}

/// What a file deploys, as the spec's arrays, and what it says that the spec cannot.
#[derive(Default)]
struct Collected {
    arrays: Arrays,
    alternatives: Arrays,
    unresolved: Notes,
    /// What the file sets that the spec has no key for.
    ignored: Notes,
    /// The same for the modules it deploys, in their own files.
    elsewhere: Vec<Unresolved>,
    /// What the modules it deploys leave unknown, in their own files.
    unresolved_elsewhere: Vec<Unresolved>,
}

impl<'t> Reader<'t> {
    /// Everything the file deploys: gallery resources, role assignments, VMs (the modules' too, their files
    /// read with `load`), and the resources the spec has no kind for, as ignored.
    fn collect(&mut self, file: &Path, load: &dyn Fn(&Path) -> Option<String>) -> Collected {
        let mut collected = Collected {
            unresolved: std::mem::take(&mut self.unresolved),
            ..Collected::default()
        };
        self.gallery_resources(&mut collected);
        let mut used = Vec::new();
        self.role_assignments(&mut collected, &mut used);
        self.vms(&mut collected, &mut used);
        self.modules(file, load, &mut collected);
        self.unknown_resources(&used, &mut collected.ignored);
        collected
    }

    /// The gallery resources found, with their properties, and the other names they can have.
    fn gallery_resources(&self, collected: &mut Collected) {
        for found in &self.found {
            if found.existing {
                // Galleries, image definitions and image versions can be marked existing in a spec.
                if matches!(
                    found.kind,
                    ResourceKind::Gallery
                        | ResourceKind::ImageDefinition
                        | ResourceKind::ImageVersion
                ) {
                    let mut entries = names(found, &found.segments, Some(&found.name_key));
                    entries.push(Entry::new(
                        "existing",
                        found.name_key.clone(),
                        Node::bool(found.name_key.clone(), true),
                    ));
                    entries.extend(parameters_entry(
                        self.name_parameter(found).into_iter().collect(),
                    ));
                    let node = Node::table(found.body.byte_range(), entries);
                    push(&mut collected.arrays, found.kind.array(), node);
                }
                continue;
            }
            let node = self.gallery_resource(found, collected);
            push(&mut collected.arrays, found.kind.array(), node);
            for alternative in &found.alternatives {
                let entries = names(found, alternative, Some(&found.name_key));
                if let Some(first) = entries.first() {
                    let range = first.value.range.clone();
                    push(
                        &mut collected.alternatives,
                        found.kind.array(),
                        Node::table(range, entries),
                    );
                }
            }
        }
    }

    /// One gallery resource: its name, its properties under the spec's keys, the parameters naming them.
    fn gallery_resource(&self, found: &Found<'t>, collected: &mut Collected) -> Node {
        let mut entries = names(found, &found.segments, Some(&found.name_key));
        let resource = Node::table(found.body.byte_range(), self.entries(found.body));
        let mapped = properties::map(found.kind, &resource, self.text);
        let mut taken: Vec<Range<usize>> = mapped
            .unresolved
            .iter()
            .map(|(range, _)| range.clone())
            .collect();
        leftovers::ranges_of(&mapped.entries, &mut taken);
        entries.extend(mapped.entries);
        collected.unresolved.extend(mapped.unresolved);
        if self.purpose != Purpose::Lint
            && found.kind == ResourceKind::ImageDefinition
            && let Some((version, at)) = &found.api_version
        {
            let api = Entry::new("apiVersion", at.clone(), Node::string(at.clone(), version));
            properties::older_api_defaults(&Node::table(at.clone(), vec![api]), &mut entries);
        }
        if !entries.iter().any(|entry| entry.key == "tags")
            && let Some(tags) = self.tags(found.body, &mut collected.unresolved)
        {
            entries.push(tags);
        }
        let mut parameters: Vec<Entry> = self.name_parameter(found).into_iter().collect();
        if found.kind == ResourceKind::ImageVersion
            && let Some((key, source)) = self.syntax_at(
                found.body,
                &["properties", "storageProfile", "source", "id"],
            )
            && let Some(parameter) = self.parameter(source)
        {
            parameters.push(Entry::new(
                "managed-image",
                key,
                Node::string(source.byte_range(), parameter),
            ));
        }
        if let Some(parameters) = parameters_entry(parameters) {
            entries.push(parameters);
        }
        let what = format!("this {}", found.kind.noun());
        collected.ignored.extend(leftovers::leftovers(
            &resource,
            leftovers::GALLERY_RESOURCE,
            &taken,
            &what,
        ));
        Node::table(found.body.byte_range(), entries)
    }

    /// `name = "PARAMETER"` when the resource's own name is a template parameter.
    fn name_parameter(&self, found: &Found<'t>) -> Option<Entry> {
        let name = found.name?;
        let parameter = self.parameter(name)?;
        Some(Entry::new(
            "name",
            found.name_key.clone(),
            Node::string(name.byte_range(), parameter),
        ))
    }

    /// The template parameter `node` is, when it is one: a parameter of the file, or, in a module, the
    /// parameter of the deploying file that the module's declaration passes.
    fn parameter(&self, node: Syntax<'t>) -> Option<String> {
        if node.kind() != "identifier" {
            return None;
        }
        let name = self.written(node);
        match self.passed.get(name) {
            Some(Passed::Value { parameter, .. }) => parameter.clone(),
            Some(_) => None,
            None => {
                (self.passed.is_empty() && self.params.contains_key(name)).then(|| name.to_owned())
            }
        }
    }

    /// The `tags` of a resource body, each tag's literal value; expressions are unresolved.
    fn tags(&self, body: Syntax<'t>, unresolved: &mut Notes) -> Option<Entry> {
        let (key, object) = self.property(body, "tags")?;
        let Some(Node {
            kind: Kind::Table(tags),
            range,
            ..
        }) = self.value(object)
        else {
            unresolved.push((
                object.byte_range(),
                format!(
                    "`tags` is the expression `{}`: sigil reads literal values only",
                    self.written(object)
                ),
            ));
            return None;
        };
        let mut known = Vec::new();
        for tag in tags {
            if is_bracketed(&tag.value) {
                unresolved.push((
                    tag.value.range.clone(),
                    format!(
                        "the tag `{}` is an expression: sigil reads literal values only",
                        tag.key
                    ),
                ));
            } else {
                known.push(tag);
            }
        }
        Some(Entry::new("tags", key, Node::table(range, known)))
    }

    /// The value at `path` under the object `object` (an array's first element for an array), and the
    /// range of its last key.
    fn syntax_at(&self, object: Syntax<'t>, path: &[&str]) -> Option<(Range<usize>, Syntax<'t>)> {
        let (first, rest) = path.split_first()?;
        let (key, mut value) = self.property(object, first)?;
        if value.kind() == "array" {
            value = named_children(value).into_iter().next()?;
        }
        if rest.is_empty() {
            return Some((key, value));
        }
        (value.kind() == "object").then_some(())?;
        self.syntax_at(value, rest)
    }

    /// The resources the file declares that are neither gallery resources nor what a VM or role assignment
    /// of the spec is made of (`used`), as ignored.
    fn unknown_resources(&self, used: &[String], ignored: &mut Notes) {
        for other in &self.others {
            if other.existing || used.contains(&other.symbol) {
                continue;
            }
            ignored.push((
                other.at.clone(),
                format!(
                    "resource `{}` ({}): sigil has no kind of resource for it",
                    other.symbol, other.resource_type
                ),
            ));
        }
    }
}

/// A `parameters` table of `entries`; none when empty.
fn parameters_entry(entries: Vec<Entry>) -> Option<Entry> {
    let first = entries.first()?;
    let range = entries
        .iter()
        .map(|entry| entry.value.range.clone())
        .fold(first.value.range.clone(), |all, one| {
            all.start.min(one.start)..all.end.max(one.end)
        });
    let key = first.key_range.clone();
    Some(Entry::new("parameters", key, Node::table(range, entries)))
}

/// The names a `.bicepparam` file of `len` bytes gives the resources `reader` found, names only, each at
/// its value in that file.
fn given_names(reader: &Reader<'_>, len: usize) -> Option<Node> {
    let mut arrays = Arrays::new();
    for found in reader.found.iter().filter(|found| !found.existing) {
        let entries = names(found, &found.segments, None);
        if let Some(first) = entries.first() {
            let range = first.value.range.clone();
            push(&mut arrays, found.kind.array(), Node::table(range, entries));
        }
    }
    document(arrays, &(0..len))
}

/// A file of Bicep syntax parsed, with its syntax error if it has one; `Err` with the finding when it
/// cannot be read at all. `language` names the syntax in the messages.
pub(crate) fn parse(
    file: &Path,
    text: &str,
    language: &str,
) -> Result<(tree_sitter::Tree, Vec<Located>), Located> {
    let lines = Lines::new(text);
    let located = |range: &Range<usize>, message: String| Located {
        file: file.to_path_buf(),
        span: lines.span(range),
        diagnostic: Diagnostic::new(&SIG000, message),
    };
    let mut parser = tree_sitter::Parser::new();
    let tree = parser
        .set_language(&tree_sitter_bicep::LANGUAGE.into())
        .ok()
        .and_then(|()| parser.parse(text, None));
    let Some(tree) = tree else {
        let message = format!("invalid {language}: the file cannot be parsed");
        return Err(located(&(0..0), message));
    };
    if let Some(deep) = too_deep(tree.root_node()) {
        let at = deep.start_byte();
        let message = format!("invalid {language}: nested more than {MAX_DEPTH} levels deep");
        return Err(located(&(at..at), message));
    }
    let errors = first_error(tree.root_node())
        .map(|error| {
            let message = if error.is_missing() {
                format!("invalid {language}: `{}` is missing here", error.kind())
            } else {
                format!("invalid {language}: this cannot be read")
            };
            located(&error.byte_range(), message)
        })
        .into_iter()
        .collect();
    Ok((tree, errors))
}

/// Notes of `reader` as what a file could not resolve.
fn unresolved(file: &Path, lines: &Lines, notes: Notes) -> Vec<Unresolved> {
    notes
        .into_iter()
        .map(|(range, what)| Unresolved {
            file: file.to_path_buf(),
            span: lines.span(&range),
            // The reader wrote Bicep expressions as ARM ones, `[...]`, for the ARM mapping.
            what: what
                .replace("the expression `[", "the expression `")
                .replace("]`: sigil checks", "`: sigil checks"),
        })
        .collect()
}

fn misshapen(file: &Path, lines: &Lines, reader: &Reader<'_>) -> Vec<Located> {
    reader
        .misshapen
        .iter()
        .map(|(range, message)| Located {
            file: file.to_path_buf(),
            span: lines.span(range),
            diagnostic: Diagnostic::new(&SIG009, message.clone()),
        })
        .collect()
}

impl<'t> Reader<'t> {
    /// The resources declared at top level of `root`, and those nested in them.
    fn declarations(&mut self, root: Syntax<'t>) {
        let children = named_children(root);
        for child in &children {
            if child.kind() == "variable_declaration"
                && !child.has_error()
                && let [name, value, ..] = named_children(*child)[..]
            {
                self.vars.insert(self.written(name), value);
            }
        }
        for child in children {
            match child.kind() {
                "resource_declaration" => self.declaration(child, None),
                "module_declaration" if !child.has_error() => self.modules.push(child),
                _ => {}
            }
        }
    }
}

/// Reads a Bicep file: its gallery resources, role assignments and VMs as a document (the VMs of the
/// modules it deploys too, their files read from beside it), the other allowed values of their names as
/// alternatives. `text` has no byte order mark.
pub fn read(file: &Path, text: &str) -> Read {
    read_with_modules(file, text, &|path| std::fs::read_to_string(path).ok())
}

/// Reads a Bicep file as a deployment of it to a resource group in `location` would go, for `sigil
/// import`: as [`read`] does, with `resourceGroup().location` known, each resource's `parameters` table, and
/// the properties the service defaults to in the older API versions the file uses stated.
pub fn read_deployment(file: &Path, text: &str, location: Option<&str>) -> Read {
    read_as(
        file,
        text,
        &|path| std::fs::read_to_string(path).ok(),
        Purpose::Import { location },
    )
}

/// [`read`], with the modules' files read by `load` (`None` when one cannot be read).
pub fn read_with_modules(file: &Path, text: &str, load: &dyn Fn(&Path) -> Option<String>) -> Read {
    read_as(file, text, load, Purpose::Lint)
}

fn read_as(
    file: &Path,
    text: &str,
    load: &dyn Fn(&Path) -> Option<String>,
    purpose: Purpose<'_>,
) -> Read {
    let (tree, mut diagnostics) = match parse(file, text, "Bicep") {
        Ok(parsed) => parsed,
        Err(located) => {
            return Read {
                diagnostics: vec![located],
                ..Read::default()
            };
        }
    };
    let root = tree.root_node();
    let mut reader = Reader::new(text, params(root, text), None);
    reader.purpose = purpose;
    reader.declarations(root);
    let collected = reader.collect(file, load);
    let lines = Lines::new(text);
    diagnostics.extend(misshapen(file, &lines, &reader));
    let whole = 0..text.len();
    let mut ignored = unresolved(file, &lines, collected.ignored);
    ignored.extend(collected.elsewhere);
    let mut unknown = unresolved(file, &lines, collected.unresolved);
    unknown.extend(collected.unresolved_elsewhere);
    Read {
        ignored,
        document: document(collected.arrays, &whole),
        alternatives: document(collected.alternatives, &whole),
        unresolved: unknown,
        diagnostics,
    }
}

/// The values of the top-level `var` declarations of `root` whose keyword is at an offset `is_given`
/// accepts, each resolved as a name is (through the other declarations as through parameters' defaults),
/// marked as written in the `.bicepparam` file `text` is.
pub(crate) fn given(
    root: Syntax<'_>,
    text: &str,
    is_given: impl Fn(usize) -> bool,
) -> HashMap<String, Given> {
    let mut declared = Vec::new();
    for declaration in named_children(root) {
        if declaration.kind() != "variable_declaration" {
            continue;
        }
        let mut cursor = declaration.walk();
        let keyword = declaration
            .children(&mut cursor)
            .find(|child| child.kind() == "var");
        let children = named_children(declaration);
        // A declaration that does not parse is the file's syntax error, not a value to resolve.
        if let (Some(keyword), [name, value, ..]) = (keyword, &children[..])
            && !declaration.has_error()
            && let Some(name) = text.get(name.byte_range())
        {
            declared.push((keyword.start_byte(), name, *value));
        }
    }
    let params = declared
        .iter()
        .map(|(_, name, value)| {
            let param = Param {
                default: Some(*value),
                ..Param::default()
            };
            (*name, param)
        })
        .collect();
    let reader = Reader::new(text, params, None);
    declared
        .into_iter()
        .filter(|(at, _, _)| is_given(*at))
        .map(|(_, name, value)| {
            let whole = value.byte_range();
            let pieces = reader.pieces(value, &[]).map(|pieces| {
                // A piece written in a `var` is placed at the value that uses it, with the parameter.
                let elsewhere = pieces
                    .iter()
                    .any(|piece| !(whole.start..=whole.end).contains(&piece.range.end));
                pieces
                    .into_iter()
                    .map(|piece| Piece {
                        given: true,
                        exact: piece.exact && !elsewhere,
                        range: if elsewhere {
                            whole.clone()
                        } else {
                            piece.range
                        },
                        text: piece.text,
                    })
                    .collect()
            });
            (name.to_owned(), pieces)
        })
        .collect()
}

/// The text of a literal string of `text`; `None` for anything else.
pub(crate) fn literal(node: Syntax<'_>, text: &str) -> Option<String> {
    let reader = Reader::new(text, HashMap::new(), None);
    let pieces = reader.pieces(node, &[]).ok()?;
    Some(pieces.into_iter().map(|piece| piece.text).collect())
}

/// Reads the Bicep file `template` for the `.bicepparam` file `file`, `text`, which gives its parameters
/// the values `given`: the names of gallery resources those values write, as alternatives placed in that
/// file, with the values that are known only at deployment. The template's own findings are its own.
pub(crate) fn read_given(
    file: &Path,
    text: &str,
    template: &str,
    given: &HashMap<String, Given>,
) -> Read {
    let Ok((tree, _)) = parse(file, template, "Bicep") else {
        return Read::default();
    };
    let root = tree.root_node();
    let mut reader = Reader::new(template, params(root, template), Some(given));
    reader.declarations(root);
    let lines = Lines::new(text);
    Read {
        ignored: Vec::new(),
        document: None,
        alternatives: given_names(&reader, text.len()),
        unresolved: unresolved(file, &lines, std::mem::take(&mut reader.unresolved)),
        diagnostics: misshapen(file, &lines, &reader),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> Read {
        read(Path::new("main.bicep"), text)
    }

    fn names(document: &Node, array: &str, key: &str) -> Vec<String> {
        document
            .get(array)
            .map(|array| {
                array
                    .items()
                    .iter()
                    .filter_map(|item| Some(item.get(key)?.as_str()?.to_owned()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Found by the round-trip fuzz target: the grammar leaves `\$` out of the tree, and `'\${x}'` read as
    /// `{x}`.
    #[test]
    fn an_escaped_dollar_is_kept() {
        let text = "resource g 'Microsoft.Compute/galleries@2023-07-03' = {
  name: 'myGallery'
  properties: {
    description: 'cost \\${x}, \\$ and \\' \\\\ $y'
  }
}
";
        let document = read_text(text).document.expect("a document");
        assert_eq!(
            names(&document, "gallery", "description"),
            ["cost ${x}, $ and ' \\ $y"]
        );
    }

    #[test]
    fn nested_parent_and_existing_resources_are_named_through_their_parents() {
        let text = "param imageName string = 'ubuntu'
resource gallery 'Microsoft.Compute/galleries@2023-07-03' existing = {
  name: 'shared'
}
resource other 'Microsoft.Compute/galleries@2023-07-03' = {
  name: 'other'
  resource app 'applications' = {
    name: 'tool'
  }
}
resource image 'Microsoft.Compute/galleries/images@2023-07-03' = {
  parent: gallery
  name: imageName
  properties: {
    osType: 'Linux'
    hyperVGeneration: 'V2'
  }
}
resource version 'Microsoft.Compute/galleries/images/versions@2023-07-03' = {
  name: '${gallery.name}/${imageName}/1.0.0'
}
resource appVersion 'Microsoft.Compute/galleries/applications/versions@2023-07-03' = {
  parent: other::app
  name: '2.0.0'
}
";
        let read = read_text(text);
        assert!(read.diagnostics.is_empty(), "{:?}", read.diagnostics);
        let document = read.document.expect("a document");
        // The existing gallery is in the document, marked so.
        assert_eq!(names(&document, "gallery", "name"), ["shared", "other"]);
        let shared = &document.get("gallery").unwrap().items()[0];
        assert_eq!(
            shared.get("existing").map(|node| &node.kind),
            Some(&Kind::Bool(true))
        );
        assert_eq!(names(&document, "application", "gallery"), ["other"]);
        assert_eq!(names(&document, "image-definition", "gallery"), ["shared"]);
        assert_eq!(names(&document, "image-definition", "name"), ["ubuntu"]);
        assert_eq!(
            names(&document, "application-version", "application"),
            ["tool"]
        );
        // The default of the parameter is where the name is written.
        let image = &document.get("image-definition").unwrap().items()[0];
        let name = image.get("name").unwrap();
        assert_eq!(&text[name.range.clone()], "ubuntu");
        assert_eq!(image.get("os-type").unwrap().as_str(), Some("Linux"));
        // A name built from a resource's property is known only at deployment.
        assert!(names(&document, "image-version", "name").is_empty());
        assert_eq!(read.unresolved.len(), 1, "{:?}", read.unresolved);
    }

    #[test]
    fn segments_of_an_interpolated_name_point_at_their_own_text() {
        let text = "param galleryName string = 'my-gallery'
resource image 'Microsoft.Compute/galleries/images@2023-07-03' = {
  name: '${galleryName}/image'
}
resource bad 'Microsoft.Compute/galleries/images@2023-07-03' = {
  name: 'a/b/c'
}
";
        let read = read_text(text);
        let document = read.document.expect("a document");
        let image = &document.get("image-definition").unwrap().items()[0];
        let gallery = image.get("gallery").unwrap();
        assert_eq!(&text[gallery.range.clone()], "my-gallery");
        let name = image.get("name").unwrap();
        assert_eq!(&text[name.range.clone()], "image");
        let [misshapen] = &read.diagnostics[..] else {
            panic!("{:?}", read.diagnostics);
        };
        assert_eq!(misshapen.diagnostic.rule.id, "SIG009");
    }

    #[test]
    fn allowed_values_are_alternatives_and_expressions_are_unresolved() {
        let text = "@allowed([
  'first'
  'second-one'
])
param galleryName string = 'first'
resource gallery 'Microsoft.Compute/galleries@2023-07-03' = {
  name: galleryName
  properties: {
    description: concat('a', 'b')
  }
}
";
        let read = read_text(text);
        let alternatives = read.alternatives.expect("alternatives");
        assert_eq!(names(&alternatives, "gallery", "name"), ["second-one"]);
        assert_eq!(read.unresolved.len(), 1);
        assert!(
            read.unresolved[0].what.contains("`concat('a', 'b')`"),
            "{}",
            read.unresolved[0].what
        );
    }

    /// A gallery whose description is `value`.
    fn nested(value: &str) -> String {
        format!(
            "resource g 'Microsoft.Compute/galleries@2023-07-03' = {{\n  name: 'my-gallery'\n  \
             properties: {{\n    description: {value}\n  }}\n}}\n"
        )
    }

    /// Reads `text` on a thread with the stack of the walk's threads.
    fn read_on_walk_stack(text: String) -> Read {
        std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || read_text(&text))
            .unwrap()
            .join()
            .unwrap()
    }

    #[test]
    fn nesting_deeper_than_the_reader_goes_is_refused_not_a_stack_overflow() {
        let depth = 10_000;
        for (open, close) in [("(", ")"), ("[", "]"), ("'${", "}'")] {
            let value = format!("{}'x'{}", open.repeat(depth), close.repeat(depth));
            let read = read_on_walk_stack(nested(&value));
            assert_eq!(read.diagnostics.len(), 1, "{open}: {:?}", read.diagnostics);
            let message = &read.diagnostics[0].diagnostic.message;
            assert!(
                message.contains("nested more than 512"),
                "{open}: {message}"
            );
            // Unclosed, as in a file cut short: a syntax error, whichever the parser makes of it.
            let read = read_on_walk_stack(nested(&open.repeat(depth)));
            let ids: Vec<_> = read
                .diagnostics
                .iter()
                .map(|d| d.diagnostic.rule.id)
                .collect();
            assert_eq!(ids, ["SIG000"], "{open}");
        }
    }

    #[test]
    fn nesting_up_to_the_limit_is_read() {
        // The deepest nesting the limit lets through, found by bisection and read on the stack of the walk's
        // threads.
        for (open, close) in [("(", ")"), ("[", "]"), ("{a:", "}"), ("'${", "}'")] {
            let read_at = |depth: usize| {
                let value = format!("{}'x'{}", open.repeat(depth), close.repeat(depth));
                read_on_walk_stack(nested(&value)).document.is_some()
            };
            let (mut read, mut refused) = (1, 10_000);
            assert!(read_at(read) && !read_at(refused), "{open}");
            while refused - read > 1 {
                let middle = usize::midpoint(read, refused);
                if read_at(middle) {
                    read = middle;
                } else {
                    refused = middle;
                }
            }
            assert!(read >= 200, "{open}: only {read} levels are read");
        }
    }

    #[test]
    fn defaults_naming_each_other_in_a_cycle_are_unresolved_not_a_stack_overflow() {
        // Each default as deep as the reader goes, so the cycle is the depth of many.
        let deep = |name: &str| format!("{}{name}{}", "'${".repeat(160), "}'".repeat(160));
        let text = format!(
            "param a string = {}\nparam b string = {}\n\
             resource g 'Microsoft.Compute/galleries@2023-07-03' = {{\n  name: a\n}}\n",
            deep("b"),
            deep("a")
        );
        let read = read_on_walk_stack(text);
        assert!(read.diagnostics.is_empty(), "{:?}", read.diagnostics);
        assert_eq!(read.unresolved.len(), 1, "{:?}", read.unresolved);
    }

    #[test]
    fn a_file_that_does_not_parse_is_a_syntax_error() {
        let read = read_text("resource g 'Microsoft.Compute/galleries@2023-07-03' = {\n  name: \n");
        assert_eq!(read.diagnostics[0].diagnostic.rule.id, "SIG000");
    }
}
