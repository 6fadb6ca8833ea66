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
//! tree-sitter-bicep reads a few things more loosely than Bicep does (array commas are optional, member
//! access binds looser than operators, a string holding `//` or `/*` can be misread): only literals and
//! parameters are read here, so those readings only make a value unresolved or an error node.

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

/// A piece of a string's value: its text, where it is written, and whether that text is the file's
/// byte for byte (a piece decoded from an escape is not).
#[derive(Debug, Clone)]
struct Piece {
    text: String,
    range: Range<usize>,
    exact: bool,
}

/// A parameter: its literal default and its `@allowed` values.
#[derive(Debug, Default)]
struct Param<'t> {
    default: Option<Syntax<'t>>,
    allowed: Vec<Syntax<'t>>,
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

/// A resource to check.
struct Found<'t> {
    kind: ResourceKind,
    segments: Vec<Segment>,
    /// The other values its name can have.
    alternatives: Vec<Vec<Segment>>,
    name_key: Range<usize>,
    body: Syntax<'t>,
}

struct Reader<'t> {
    text: &'t str,
    params: HashMap<&'t str, Param<'t>>,
    symbols: HashMap<String, Declared>,
    found: Vec<Found<'t>>,
    unresolved: Vec<(Range<usize>, String)>,
    misshapen: Vec<(Range<usize>, String)>,
}

fn named_children(node: Syntax<'_>) -> Vec<Syntax<'_>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|child| !matches!(child.kind(), "comment" | "diagnostic_comment"))
        .collect()
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

/// The segments of a name made of `pieces`, split at `/`, each at its own text where it can be.
fn split(pieces: &[Piece]) -> Vec<(String, Range<usize>)> {
    let mut segments = Vec::new();
    let mut current = String::new();
    let mut range: Option<Range<usize>> = None;
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
                segments.push((std::mem::take(&mut current), done));
                continue;
            }
            current.push(ch);
            let add = if piece.exact {
                let start = piece.range.start + at;
                start..start + ch.len_utf8()
            } else {
                piece.range.clone()
            };
            join(&mut range, add);
        }
    }
    segments.push((current, range.unwrap_or(last)));
    segments
}

impl<'t> Reader<'t> {
    fn written(&self, node: Syntax<'_>) -> &'t str {
        self.text.get(node.byte_range()).unwrap_or_default()
    }

    /// The pieces of the value of `node`, a parameter standing for its literal default (or for the value
    /// `overrides` gives it); the expression as written when it is not known before deployment.
    fn pieces(
        &self,
        node: Syntax<'t>,
        overrides: &[(&str, Syntax<'t>)],
    ) -> Result<Vec<Piece>, (String, Range<usize>)> {
        let unknown = || Err((self.written(node).to_owned(), node.byte_range()));
        match node.kind() {
            "string" => {
                let mut pieces = Vec::new();
                for child in named_children(node) {
                    match child.kind() {
                        "string_content" => pieces.push(Piece {
                            text: self.written(child).to_owned(),
                            range: child.byte_range(),
                            exact: true,
                        }),
                        "escape_sequence" => pieces.push(Piece {
                            text: unescape(self.written(child)),
                            range: child.byte_range(),
                            exact: false,
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
                let value = overrides
                    .iter()
                    .find(|(param, _)| *param == name)
                    .map(|(_, value)| *value)
                    .or_else(|| self.params.get(name)?.default);
                match value {
                    Some(value) if value.kind() == "string" => {
                        self.pieces(value, &[]).or_else(|_| unknown())
                    }
                    _ => unknown(),
                }
            }
            "parenthesized_expression" => match named_children(node)[..] {
                [inner] => self.pieces(inner, overrides),
                _ => unknown(),
            },
            _ => unknown(),
        }
    }

    /// The parameters `node` is made of that have `@allowed` values.
    fn allowed_params(&self, node: Syntax<'t>, into: &mut Vec<&'t str>) {
        if node.kind() == "identifier" {
            let name = self.written(node);
            if self
                .params
                .get(name)
                .is_some_and(|param| !param.allowed.is_empty())
                && !into.contains(&name)
            {
                into.push(name);
            }
            return;
        }
        for child in named_children(node) {
            self.allowed_params(child, into);
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
                    if primary {
                        let text: String = pieces.iter().map(|piece| piece.text.as_str()).collect();
                        self.misshapen.push((
                            name.byte_range(),
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
                segments.extend(split.into_iter().map(Some));
            }
            Err((written, range)) => {
                if primary {
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

    /// The names `name` has with the other `@allowed` values of its parameters.
    fn alternatives(
        &mut self,
        kind: ResourceKind,
        name: Syntax<'t>,
        inherited: &[Segment],
    ) -> Vec<Vec<Segment>> {
        let mut params = Vec::new();
        self.allowed_params(name, &mut params);
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
        let written_type = written_type.split('@').next().unwrap_or_default();
        let parent_property = self.property(body, "parent").and_then(|(_, value)| {
            let key: String = self
                .written(value)
                .chars()
                .filter(|ch| !ch.is_whitespace())
                .collect();
            self.symbols
                .get(&key)
                .cloned()
                .map(|declared| (key, declared))
        });
        let parent = parent
            .map(|(key, declared)| (key.to_owned(), declared.clone()))
            .or(parent_property);
        let resource_type = match &parent {
            Some((_, declared)) if !written_type.contains('/') => {
                format!("{}/{written_type}", declared.resource_type)
            }
            _ => written_type.to_owned(),
        };
        let Some(kind) = ResourceKind::of_type(&resource_type) else {
            return;
        };
        let inherited = parent
            .as_ref()
            .filter(|(_, declared)| resource_type.starts_with(&declared.resource_type))
            .map(|(_, declared)| declared.segments.clone())
            .unwrap_or_default();
        let symbol = match &parent {
            Some((key, _))
                if declaration
                    .parent()
                    .is_some_and(|p| p.kind() == "object_property") =>
            {
                format!("{key}::{}", self.written(*symbol))
            }
            _ => self.written(*symbol).to_owned(),
        };
        let (name_key, segments, alternatives) = match self.property(body, "name") {
            Some((name_key, name)) => {
                let segments = self.name_segments(kind, name, &inherited, &[], !existing);
                let alternatives = if existing {
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
        if !existing && let Some(segments) = segments {
            self.found.push(Found {
                kind,
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
                        if text.get(function.byte_range()) != Some("allowed") {
                            continue;
                        }
                        if let Some(array) = named_children(arguments).into_iter().next()
                            && array.kind() == "array"
                        {
                            param.allowed = named_children(array);
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

/// The document and the alternatives of what `reader` found, and what it could not resolve.
fn documents(reader: &mut Reader<'_>) -> (Option<Node>, Option<Node>, Notes) {
    let mut arrays: Vec<(ResourceKind, Vec<Node>)> = Vec::new();
    let mut others: Vec<(ResourceKind, Vec<Node>)> = Vec::new();
    let push = |arrays: &mut Vec<(ResourceKind, Vec<Node>)>, kind, node| match arrays
        .iter_mut()
        .find(|(known, _)| *known == kind)
    {
        Some((_, items)) => items.push(node),
        None => arrays.push((kind, vec![node])),
    };
    let names = |found: &Found<'_>, segments: &[Segment]| -> Vec<Entry> {
        found
            .kind
            .segment_keys()
            .iter()
            .zip(segments)
            .filter_map(|(key, segment)| {
                let (text, range) = segment.clone()?;
                Some(Entry::new(
                    *key,
                    found.name_key.clone(),
                    Node::string(range, text),
                ))
            })
            .collect()
    };
    let mut unresolved = std::mem::take(&mut reader.unresolved);
    let text = reader.text;
    for found in &reader.found {
        let mut entries = names(found, &found.segments);
        let resource = Node::table(found.body.byte_range(), reader.entries(found.body));
        let mapped = properties::map(found.kind, &resource, text);
        entries.extend(mapped.entries);
        unresolved.extend(mapped.unresolved);
        push(
            &mut arrays,
            found.kind,
            Node::table(found.body.byte_range(), entries),
        );
        for alternative in &found.alternatives {
            let entries = names(found, alternative);
            if let Some(first) = entries.first() {
                let range = first.value.range.clone();
                push(&mut others, found.kind, Node::table(range, entries));
            }
        }
    }
    let document = |arrays: Vec<(ResourceKind, Vec<Node>)>| {
        (!arrays.is_empty()).then(|| {
            let whole = 0..text.len();
            let entries = arrays
                .into_iter()
                .map(|(kind, items)| {
                    Entry::new(kind.array(), 0..0, Node::array(whole.clone(), items))
                })
                .collect();
            Node::table(whole, entries)
        })
    };
    (document(arrays), document(others), unresolved)
}

/// Reads a Bicep file: its gallery resources as a document, the other allowed values of their names as
/// alternatives. `text` has no byte order mark.
pub fn read(file: &Path, text: &str) -> Read {
    let mut parser = tree_sitter::Parser::new();
    let lines = Lines::new(text);
    let located = |range: &Range<usize>, rule, message: String| Located {
        file: file.to_path_buf(),
        span: lines.span(range),
        diagnostic: Diagnostic::new(rule, message),
    };
    let tree = parser
        .set_language(&tree_sitter_bicep::LANGUAGE.into())
        .ok()
        .and_then(|()| parser.parse(text, None));
    let Some(tree) = tree else {
        return Read {
            diagnostics: vec![located(
                &(0..0),
                &SIG000,
                "invalid Bicep: the file cannot be parsed".into(),
            )],
            ..Read::default()
        };
    };
    let root = tree.root_node();
    if let Some(deep) = too_deep(root) {
        let at = deep.start_byte();
        let message = format!("invalid Bicep: nested more than {MAX_DEPTH} levels deep");
        return Read {
            diagnostics: vec![located(&(at..at), &SIG000, message)],
            ..Read::default()
        };
    }
    let mut diagnostics = Vec::new();
    if let Some(error) = first_error(root) {
        let message = if error.is_missing() {
            format!("invalid Bicep: `{}` is missing here", error.kind())
        } else {
            "invalid Bicep: this cannot be read".to_owned()
        };
        diagnostics.push(located(&error.byte_range(), &SIG000, message));
    }
    let mut reader = Reader {
        text,
        params: params(root, text),
        symbols: HashMap::new(),
        found: Vec::new(),
        unresolved: Vec::new(),
        misshapen: Vec::new(),
    };
    for child in named_children(root) {
        if child.kind() == "resource_declaration" {
            reader.declaration(child, None);
        }
    }
    let (document, alternatives, unresolved) = documents(&mut reader);
    diagnostics.extend(
        reader
            .misshapen
            .iter()
            .map(|(range, message)| located(range, &SIG009, message.clone())),
    );
    let unresolved = unresolved
        .into_iter()
        .map(|(range, what)| Unresolved {
            file: file.to_path_buf(),
            span: lines.span(&range),
            // The reader wrote Bicep expressions as ARM ones, `[...]`, for the ARM mapping.
            what: what
                .replace("the expression `[", "the expression `")
                .replace("]`: sigil checks", "`: sigil checks"),
        })
        .collect();
    Read {
        document,
        alternatives,
        unresolved,
        diagnostics,
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
        // The existing gallery is not checked.
        assert_eq!(names(&document, "gallery", "name"), ["other"]);
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
    fn a_file_that_does_not_parse_is_a_syntax_error() {
        let read = read_text("resource g 'Microsoft.Compute/galleries@2023-07-03' = {\n  name: \n");
        assert_eq!(read.diagnostics[0].diagnostic.rule.id, "SIG000");
    }
}
