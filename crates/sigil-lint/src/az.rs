//! Azure CLI scripts (`*.sh`, `*.bash`, `*.azcli`): the `az sig` commands as a spec-shaped document,
//! parsed with `tree-sitter-bash`, which keeps the byte range of every word (a command continued over
//! several lines with `\` is one command node).
//!
//! | command | spec |
//! |---|---|
//! | `az sig create\|update` | `gallery` |
//! | `az sig image-definition create\|update` | `image-definition` |
//! | `az sig image-version create\|update` | `image-version` |
//! | `az sig gallery-application create\|update` | `application` |
//! | `az sig gallery-application version create\|update` | `application-version` |
//!
//! A `create` goes into the document, with only the properties the command writes (az's own defaults stay
//! absent, as a missing key does in a spec). An `update`, `show` or `delete` names resources made
//! elsewhere: it is checked by the name and value rules only ([`Read::alternatives`]).
//!
//! A value is read when it is a literal (a word, `'...'`, `"..."`, `$'...'`, and `--flag=value`), or a
//! variable assigned a literal earlier in the file (`gallery=myGallery`, `GALLERY=${GALLERY:-myGallery}`),
//! which then points at that literal. Anything else (command substitution, a variable assigned elsewhere)
//! is known only when the script runs, and listed as unresolved.
//!
//! The prefilter looks for `az sig`: a command written with more than one space between `az` and `sig`
//! is not looked at.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use sigil_core::model::FeatureName;
use sigil_core::rules::SIG000;
use sigil_core::{Diagnostic, Located};
use sigil_spec::document::{Entry, Lines, Node};
use tree_sitter::Parser;

use crate::resources::{ResourceKind, document};
use crate::syntax_tree::{first_error, too_deep};
use crate::{Read, Unresolved};

/// How `az sig` names its resources.
impl ResourceKind {
    /// The kind and verb of `az sig ...` from its positional words.
    fn of_words(words: &[&str]) -> Option<(Self, &'static str)> {
        let (kind, verb) = match words {
            ["sig", verb] => (Self::Gallery, *verb),
            ["sig", "image-definition", verb] => (Self::ImageDefinition, *verb),
            ["sig", "image-version", verb] => (Self::ImageVersion, *verb),
            ["sig", "gallery-application", "version", verb] => (Self::ApplicationVersion, *verb),
            ["sig", "gallery-application", verb] => (Self::Application, *verb),
            _ => return None,
        };
        let verb = ["create", "update", "show", "delete"]
            .into_iter()
            .find(|known| *known == verb)?;
        Some((kind, verb))
    }

    /// The flags that name the resource and its parents, under the spec's keys (as azure-cli spells them,
    /// short forms included).
    fn naming_flags(self) -> &'static [(&'static [&'static str], &'static str)] {
        const GALLERY: &[&str] = &["--gallery-name", "-r"];
        const DEFINITION: &[&str] = &["--gallery-image-definition", "-i"];
        match self {
            Self::Gallery => &[(GALLERY, "name")],
            Self::ImageDefinition => &[(GALLERY, "gallery"), (DEFINITION, "name")],
            Self::ImageVersion => &[
                (GALLERY, "gallery"),
                (DEFINITION, "image-definition"),
                (&["--gallery-image-version", "-e"], "name"),
            ],
            Self::Application => &[
                (&["--gallery-name"], "gallery"),
                (&["--application-name", "--name", "-n"], "name"),
            ],
            Self::ApplicationVersion => &[
                (&["--gallery-name"], "gallery"),
                (&["--application-name"], "application"),
                (&["--version-name", "--name", "-n"], "name"),
            ],
        }
    }

    fn flags(self) -> &'static [Field] {
        match self {
            Self::Gallery => GALLERY,
            Self::ImageDefinition => IMAGE_DEFINITION,
            Self::ImageVersion => IMAGE_VERSION,
            Self::Application => APPLICATION,
            Self::ApplicationVersion => APPLICATION_VERSION,
        }
    }
}

/// What a flag's values become.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Text,
    Integer,
    Bool,
    /// `key=value ...`
    Tags,
    /// `SecurityType=X IsAcceleratedNetworkSupported=True DiskControllerTypes=SCSI,NVMe`
    Features,
    /// `name[=count[=type]] ...`
    Regions,
    /// `a b c` or `a,b,c`: an array of texts.
    List,
    /// A source: only its presence matters, an unknown value is kept as written.
    Present,
}

/// A flag (and its other spellings), the spec's key, and its shape.
type Field = (&'static [&'static str], &'static str, Shape);

const GALLERY: &[Field] = &[
    (&["--description"], "description", Shape::Text),
    (&["--tags"], "tags", Shape::Tags),
    (&["--soft-delete"], "soft-delete", Shape::Bool),
];

const IMAGE_DEFINITION: &[Field] = &[
    (&["--publisher", "-p"], "publisher", Shape::Text),
    (&["--offer", "-f"], "offer", Shape::Text),
    (&["--sku", "-s"], "sku", Shape::Text),
    (&["--os-type"], "os-type", Shape::Text),
    (&["--os-state"], "os-state", Shape::Text),
    (&["--hyper-v-generation"], "hyper-v-generation", Shape::Text),
    (&["--architecture"], "architecture", Shape::Text),
    (&["--features"], "features", Shape::Features),
    (&["--minimum-cpu-core"], "minimum-cpu-core", Shape::Integer),
    (&["--maximum-cpu-core"], "maximum-cpu-core", Shape::Integer),
    (&["--minimum-memory"], "minimum-memory", Shape::Integer),
    (&["--maximum-memory"], "maximum-memory", Shape::Integer),
    (
        &["--disallowed-disk-types"],
        "disallowed-disk-types",
        Shape::List,
    ),
    (&["--plan-name"], "plan-name", Shape::Text),
    (&["--plan-product"], "plan-product", Shape::Text),
    (&["--plan-publisher"], "plan-publisher", Shape::Text),
    (&["--eula"], "eula", Shape::Text),
    (
        &["--privacy-statement-uri"],
        "privacy-statement-uri",
        Shape::Text,
    ),
    (&["--release-note-uri"], "release-note-uri", Shape::Text),
    (&["--description"], "description", Shape::Text),
    (&["--end-of-life-date"], "end-of-life-date", Shape::Text),
    (&["--tags"], "tags", Shape::Tags),
];

const IMAGE_VERSION: &[Field] = &[
    (&["--location", "-l"], "location", Shape::Text),
    (&["--managed-image"], "managed-image", Shape::Present),
    (&["--os-snapshot"], "os-snapshot", Shape::Present),
    (&["--virtual-machine"], "virtual-machine", Shape::Present),
    (&["--os-vhd-uri"], "os-vhd-uri", Shape::Present),
    (
        &["--os-vhd-storage-account"],
        "os-vhd-storage-account",
        Shape::Present,
    ),
    (&["--target-regions"], "target-regions", Shape::Regions),
    (&["--replica-count"], "replica-count", Shape::Integer),
    (
        &["--storage-account-type"],
        "storage-account-type",
        Shape::Text,
    ),
    (&["--replication-mode"], "replication-mode", Shape::Text),
    (
        &["--exclude-from-latest"],
        "exclude-from-latest",
        Shape::Bool,
    ),
    (&["--end-of-life-date"], "end-of-life-date", Shape::Text),
    (&["--tags"], "tags", Shape::Tags),
];

const APPLICATION: &[Field] = &[
    (&["--os-type"], "os-type", Shape::Text),
    (&["--description"], "description", Shape::Text),
    (&["--end-of-life-date"], "end-of-life-date", Shape::Text),
    (&["--tags"], "tags", Shape::Tags),
];

const APPLICATION_VERSION: &[Field] = &[
    (&["--location", "-l"], "location", Shape::Text),
    (
        &["--package-file-link"],
        "package-file-link",
        Shape::Present,
    ),
    (&["--install-command"], "install-command", Shape::Present),
    (&["--remove-command"], "remove-command", Shape::Present),
    (&["--target-regions"], "target-regions", Shape::Regions),
    (
        &["--exclude-from-latest"],
        "exclude-from-latest",
        Shape::Bool,
    ),
    (&["--end-of-life-date"], "end-of-life-date", Shape::Text),
    (&["--tags"], "tags", Shape::Tags),
];

/// A word of the script, before it runs.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    /// Its text, and where that text is written (for a variable, its literal assignment). `exact` when
    /// the range holds exactly the text, so that parts of it can be pointed at.
    Known {
        text: String,
        range: Range<usize>,
        exact: bool,
    },
    /// Known only when the script runs: the word as written, and where.
    Unknown(String, Range<usize>),
}

impl Value {
    fn range(&self) -> Range<usize> {
        match self {
            Self::Known { range, .. } | Self::Unknown(_, range) => range.clone(),
        }
    }

    fn text(&self) -> Option<&str> {
        match self {
            Self::Known { text, .. } => Some(text),
            Self::Unknown(..) => None,
        }
    }

    /// The range of `text[from..to]`, when the range holds the text exactly; the whole range otherwise.
    fn sub(&self, from: usize, to: usize) -> Range<usize> {
        match self {
            Self::Known {
                range, exact: true, ..
            } => range.start + from..range.start + to,
            _ => self.range(),
        }
    }
}

struct Reader<'a> {
    text: &'a str,
    variables: HashMap<String, Value>,
    unresolved: Vec<(Range<usize>, String)>,
    /// Each `create`, and each `update`, `show` or `delete`.
    created: Vec<(ResourceKind, Node)>,
    named: Vec<(ResourceKind, Node)>,
}

type TsNode<'t> = tree_sitter::Node<'t>;

/// The text of an ANSI-C string's body, its usual escapes read.
fn ansi_c(body: &str) -> String {
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// The text of an unquoted word, its backslashes read.
fn unescape(word: &str) -> String {
    let mut out = String::new();
    let mut chars = word.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('\n') | None => {}
                Some(other) => out.push(other),
            },
            _ => out.push(c),
        }
    }
    out
}

impl<'a> Reader<'a> {
    fn written(&self, node: TsNode) -> &'a str {
        &self.text[node.byte_range()]
    }

    /// The value of one word of a command or assignment; `skip` bytes of a leading word are left out
    /// (`--flag=` of `--flag=value`).
    fn word(&self, node: TsNode, skip: usize) -> Value {
        let range = node.byte_range();
        let unknown = || Value::Unknown(self.written(node).to_owned(), range.clone());
        match node.kind() {
            "word" | "number" => {
                let raw = &self.written(node)[skip..];
                let text = unescape(raw);
                Value::Known {
                    exact: text == raw,
                    text,
                    range: range.start + skip..range.end,
                }
            }
            "raw_string" => {
                let raw = self.written(node);
                let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or_default();
                Value::Known {
                    text: inner.to_owned(),
                    range: range.start + 1..range.end.saturating_sub(1).max(range.start + 1),
                    exact: true,
                }
            }
            "ansi_c_string" => {
                let raw = self.written(node);
                let inner = raw.get(2..raw.len().saturating_sub(1)).unwrap_or_default();
                let text = ansi_c(inner);
                Value::Known {
                    exact: text == inner,
                    text,
                    range: range.start + 2..range.end.saturating_sub(1).max(range.start + 2),
                }
            }
            "string" => {
                let mut cursor = node.walk();
                let parts: Vec<TsNode> = node.named_children(&mut cursor).collect();
                match parts.as_slice() {
                    [] => Value::Known {
                        text: String::new(),
                        range: range.start + 1..range.start + 1,
                        exact: true,
                    },
                    [only] if only.kind() != "string_content" => self.word(*only, 0),
                    _ => {
                        let raw = self.written(node);
                        let inner = &raw[1..raw.len().saturating_sub(1).max(1)];
                        let mut text = String::new();
                        for part in &parts {
                            match part.kind() {
                                "string_content" => text.push_str(self.written(*part)),
                                _ => match self.word(*part, 0) {
                                    Value::Known { text: known, .. } => text.push_str(&known),
                                    Value::Unknown(..) => return unknown(),
                                },
                            }
                        }
                        Value::Known {
                            exact: text == inner,
                            text,
                            range: range.start + 1
                                ..range.end.saturating_sub(1).max(range.start + 1),
                        }
                    }
                }
            }
            "simple_expansion" | "expansion" => self.expansion(node).unwrap_or_else(unknown),
            "concatenation" => {
                let mut cursor = node.walk();
                let mut parts: Vec<(TsNode, usize)> = node
                    .children(&mut cursor)
                    .enumerate()
                    .map(|(index, part)| (part, if index == 0 { skip } else { 0 }))
                    .collect();
                parts.retain(|(part, skip)| *skip < part.byte_range().len());
                if let [(only, skip)] = parts.as_slice() {
                    return self.word(*only, *skip);
                }
                let mut text = String::new();
                for (part, skip) in &parts {
                    match self.word(*part, *skip) {
                        Value::Known { text: known, .. } => text.push_str(&known),
                        Value::Unknown(..) => return unknown(),
                    }
                }
                let start = parts
                    .first()
                    .map_or(range.start, |(part, skip)| part.start_byte() + skip);
                Value::Known {
                    text,
                    range: start..range.end,
                    exact: false,
                }
            }
            _ => unknown(),
        }
    }

    /// `$name`, `${name}` and `${name:-default}`: the variable's literal, or the default's.
    fn expansion(&self, node: TsNode) -> Option<Value> {
        let mut cursor = node.walk();
        let children: Vec<TsNode> = node.children(&mut cursor).collect();
        let name = children
            .iter()
            .find(|child| child.kind() == "variable_name")?;
        let known = self.variables.get(self.written(*name));
        match children.as_slice() {
            [_, name_node] | [_, name_node, _] if name_node.kind() == "variable_name" => {
                known.cloned()
            }
            _ => {
                // `${name:-default}` or `${name-default}`: the default, when the variable is not known.
                let operator = children
                    .iter()
                    .position(|child| matches!(child.kind(), ":-" | "-"))?;
                if let Some(value) = known {
                    return Some(value.clone());
                }
                let default = children.get(operator + 1).filter(|d| d.kind() != "}")?;
                match self.word(*default, 0) {
                    value @ Value::Known { .. } => Some(value),
                    Value::Unknown(..) => None,
                }
            }
        }
    }

    /// Every node, in the order it is written: assignments recorded, `az sig` commands read.
    fn visit(&mut self, node: TsNode) {
        match node.kind() {
            "variable_assignment" => {
                if let Some(name) = node.child_by_field_name("name") {
                    let name = self.written(name).to_owned();
                    let value = match node.child_by_field_name("value") {
                        Some(value) => self.word(value, 0),
                        None => Value::Known {
                            text: String::new(),
                            range: node.end_byte()..node.end_byte(),
                            exact: true,
                        },
                    };
                    self.variables.insert(name, value);
                }
            }
            "command" => self.command(node),
            _ => {}
        }
        let mut cursor = node.walk();
        let children: Vec<TsNode> = node.children(&mut cursor).collect();
        for child in children {
            self.visit(child);
        }
    }

    fn command(&mut self, node: TsNode) {
        let Some(name) = node.child_by_field_name("name") else {
            return;
        };
        if self.written(name) != "az" {
            return;
        }
        let mut cursor = node.walk();
        let arguments: Vec<TsNode> = node
            .children_by_field_name("argument", &mut cursor)
            .collect();
        let words: Vec<&str> = arguments
            .iter()
            .map(|argument| self.written(*argument))
            .take_while(|word| !word.starts_with('-'))
            .collect();
        let Some((kind, verb)) = ResourceKind::of_words(&words) else {
            return;
        };
        // Each flag and its values.
        let mut flags: Vec<(&str, Range<usize>, Vec<Value>)> = Vec::new();
        for argument in &arguments[words.len()..] {
            let written = self.written(*argument);
            if (written.starts_with('-') && argument.kind() == "word")
                || (argument.kind() == "concatenation" && written.starts_with("--"))
            {
                if let Some(at) = written.find('=').filter(|_| written.starts_with("--")) {
                    let flag = &written[..at];
                    let key = argument.start_byte()..argument.start_byte() + at;
                    flags.push((flag, key, vec![self.word(*argument, at + 1)]));
                } else {
                    flags.push((written, argument.byte_range(), Vec::new()));
                }
            } else if let Some((_, _, values)) = flags.last_mut() {
                values.push(self.word(*argument, 0));
            }
        }
        let flag = |names: &[&str]| {
            flags
                .iter()
                .rev()
                .find(|(flag, ..)| names.contains(flag))
                .filter(|(_, _, values)| !values.is_empty())
        };
        let mut entries = Vec::new();
        for (names, key) in kind.naming_flags() {
            let Some((flag, key_range, values)) = flag(names) else {
                continue;
            };
            match &values[0] {
                Value::Known { text, range, .. } => {
                    entries.push(Entry::new(
                        *key,
                        key_range.clone(),
                        Node::string(range.clone(), text),
                    ));
                }
                Value::Unknown(written, range) => self.unresolved.push((
                    range.clone(),
                    format!(
                        "`{flag}` of `az {}`: `{written}` is known only when the script runs",
                        words.join(" ")
                    ),
                )),
            }
        }
        if matches!(verb, "create" | "update") {
            for (names, key, shape) in kind.flags() {
                let Some((flag, key_range, values)) = flag(names) else {
                    continue;
                };
                if let Some(value) = self.field(flag, *shape, values) {
                    entries.push(Entry::new(*key, key_range.clone(), value));
                }
            }
        }
        if entries.is_empty() {
            return;
        }
        let table = Node::table(node.byte_range(), entries);
        if verb == "create" {
            self.created.push((kind, table));
        } else {
            self.named.push((kind, table));
        }
    }

    /// The value of a flag, or nothing (recording why when it is known only when the script runs).
    fn field(&mut self, flag: &str, shape: Shape, values: &[Value]) -> Option<Node> {
        let range = values
            .iter()
            .map(Value::range)
            .reduce(|a, b| a.start.min(b.start)..a.end.max(b.end))?;
        if let Some(Value::Unknown(written, at)) =
            values.iter().find(|value| value.text().is_none())
        {
            if shape == Shape::Present {
                return Some(Node::string(at.clone(), written));
            }
            self.unresolved.push((
                at.clone(),
                format!("`{flag}` is `{written}`: sigil checks literal values only"),
            ));
            return None;
        }
        let first = &values[0];
        let text = first.text().unwrap_or_default();
        let node = match shape {
            Shape::Text | Shape::Present => Node::string(first.range(), text),
            Shape::Integer => match text.parse::<i64>() {
                Ok(number) => Node::integer(first.range(), number),
                Err(_) => Node::string(first.range(), text),
            },
            Shape::Bool => match text.to_ascii_lowercase().as_str() {
                "true" => Node::bool(first.range(), true),
                "false" => Node::bool(first.range(), false),
                _ => Node::string(first.range(), text),
            },
            Shape::List => {
                let items = pieces(values, &[' ', ','])
                    .map(|(text, at)| Node::string(at, text))
                    .collect();
                Node::array(range, items)
            }
            Shape::Tags => {
                let entries = pieces(values, &[' '])
                    .map(|(pair, at)| match pair.split_once('=') {
                        Some((key, value)) => Entry::new(
                            key,
                            at.start..at.start + key.len(),
                            Node::string(at.start + key.len() + 1..at.end, value),
                        ),
                        None => Entry::new(pair, at.clone(), Node::string(at.end..at.end, "")),
                    })
                    .collect();
                Node::table(range, entries)
            }
            Shape::Features => features(values, range),
            Shape::Regions => regions(values, range),
        };
        Some(node)
    }
}

/// `--features` as the `features` table.
fn features(values: &[Value], range: Range<usize>) -> Node {
    let mut entries = Vec::new();
    for (pair, at) in pieces(values, &[' ']) {
        let Some((key, value)) = pair.split_once('=') else {
            continue;
        };
        let key_range = at.start..at.start + key.len();
        let value_range = at.start + key.len() + 1..at.end;
        let Some(feature) = FeatureName::from_service_name(key) else {
            continue;
        };
        let value_node = if feature.is_flag() {
            crate::values::flag(value_range.clone(), value)
        } else if feature == FeatureName::DiskControllerTypes {
            let mut offset = value_range.start;
            let mut items = Vec::new();
            for item in value.split(',') {
                items.push(Node::string(offset..offset + item.len(), item));
                offset += item.len() + 1;
            }
            Node::array(value_range, items)
        } else {
            Node::string(value_range, value)
        };
        let entry = Entry::new(feature.spec_key(), key_range, value_node);
        entries.push(entry);
    }
    Node::table(range, entries)
}

/// `--target-regions` as `target-regions`.
fn regions(values: &[Value], range: Range<usize>) -> Node {
    let mut items = Vec::new();
    for (region, at) in pieces(values, &[' ']) {
        let mut entries = Vec::new();
        let mut offset = at.start;
        for (index, part) in region.split('=').enumerate() {
            let part_range = offset..offset + part.len();
            offset += part.len() + 1;
            let (key, node) = match index {
                0 => ("name", Node::string(part_range.clone(), part)),
                1 => (
                    "replica-count",
                    match part.parse::<i64>() {
                        Ok(number) => Node::integer(part_range.clone(), number),
                        Err(_) => Node::string(part_range.clone(), part),
                    },
                ),
                2 => (
                    "storage-account-type",
                    Node::string(part_range.clone(), part),
                ),
                _ => continue,
            };
            entries.push(Entry::new(key, part_range, node));
        }
        items.push(Node::table(at, entries));
    }
    Node::array(range, items)
}

/// The pieces of known values split at `separators`, each with its range (the value's, when its text
/// is not written as it reads).
fn pieces<'v>(
    values: &'v [Value],
    separators: &'v [char],
) -> impl Iterator<Item = (&'v str, Range<usize>)> + 'v {
    values.iter().flat_map(move |value| {
        let text = value.text().unwrap_or_default();
        let mut offset = 0;
        text.split(separators)
            .map(move |piece| {
                let at = offset;
                offset += piece.len() + 1;
                (piece, value.sub(at, at + piece.len()))
            })
            .filter(|(piece, _)| !piece.is_empty())
    })
}

/// Reads an Azure CLI script: its `az sig` commands as a document. `text` has no byte order mark.
pub fn read(file: &Path, text: &str) -> Read {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_bash::LANGUAGE.into())
        .expect("the bash grammar matches tree-sitter");
    let Some(tree) = parser.parse(text, None) else {
        return Read::default();
    };
    let root = tree.root_node();
    if let Some(at) = too_deep(root, MAX_DEPTH) {
        return Read {
            diagnostics: vec![Located {
                file: file.to_path_buf(),
                span: Lines::new(text).span(&(at..at)),
                diagnostic: Diagnostic::new(
                    &SIG000,
                    format!("invalid shell syntax: nested more than {MAX_DEPTH} levels deep"),
                ),
            }],
            ..Read::default()
        };
    }
    let mut reader = Reader {
        text,
        variables: HashMap::new(),
        unresolved: Vec::new(),
        created: Vec::new(),
        named: Vec::new(),
    };
    reader.visit(root);
    let lines = Lines::new(text);
    let mut diagnostics = Vec::new();
    if root.has_error()
        && (!reader.created.is_empty() || !reader.named.is_empty())
        && let Some(at) = first_error(root)
    {
        diagnostics.push(Located {
            file: file.to_path_buf(),
            span: lines.span(&(at..at)),
            diagnostic: Diagnostic::new(
                &SIG000,
                "invalid shell syntax: the az commands after it may be read wrong",
            ),
        });
    }
    let unresolved = reader
        .unresolved
        .iter()
        .map(|(range, what)| Unresolved {
            file: file.to_path_buf(),
            span: lines.span(range),
            what: what.clone(),
        })
        .collect();
    Read {
        ignored: Vec::new(),
        document: document(reader.created, text.len()),
        alternatives: document(reader.named, text.len()),
        unresolved,
        diagnostics,
    }
}

/// How deep in the syntax tree the reader goes, in nodes: it visits the tree recursively, on the walk's
/// threads (2 MiB stacks), so a deeper script (`$($($(...` ten thousand times) is refused as the JSON
/// reader refuses a document nested more than 512 levels.
const MAX_DEPTH: u32 = 512;

#[cfg(test)]
mod tests {
    use super::*;
    use sigil_spec::document::Kind;

    fn read_text(text: &str) -> Read {
        read(Path::new("deploy.sh"), text)
    }

    fn first<'d>(document: &'d Node, array: &str) -> &'d Node {
        &document.get(array).expect(array).items()[0]
    }

    #[test]
    fn a_continued_command_maps_to_the_spec_keys() {
        let text = "az sig image-definition create \\\n  --resource-group rg \\\n  -r 'myGallery' \\\n  --gallery-image-definition=\"ubuntu\" \\\n  --publisher $'contoso' --offer ubuntu --sku 24.04 \\\n  --os-type Linux --minimum-cpu-core 2 \\\n  --features 'SecurityType=TrustedLaunch IsAcceleratedNetworkSupported=True DiskControllerTypes=SCSI,NVMe' \\\n  --tags team=images owner=me\n";
        let read = read_text(text);
        assert!(read.unresolved.is_empty(), "{:?}", read.unresolved);
        assert!(read.diagnostics.is_empty(), "{:?}", read.diagnostics);
        let document = read.document.expect("a document");
        let definition = first(&document, "image-definition");
        let keys: Vec<&str> = definition
            .entries()
            .iter()
            .map(|e| e.key.as_str())
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
                "features",
                "minimum-cpu-core",
                "tags"
            ]
        );
        let gallery = definition.get("gallery").unwrap();
        assert_eq!(&text[gallery.range.clone()], "myGallery");
        let name = definition.get("name").unwrap();
        assert_eq!(
            (name.as_str(), &text[name.range.clone()]),
            (Some("ubuntu"), "ubuntu")
        );
        assert_eq!(
            definition.get("minimum-cpu-core").unwrap().kind,
            Kind::Integer(2)
        );
        let features = definition.get("features").unwrap();
        let security = features.get("security-type").unwrap();
        assert_eq!(&text[security.range.clone()], "TrustedLaunch");
        assert_eq!(
            features.get("accelerated-networking").unwrap().kind,
            Kind::Bool(true)
        );
        let types = features.get("disk-controller-types").unwrap().items();
        assert_eq!(&text[types[1].range.clone()], "NVMe");
        let owner = definition
            .get("tags")
            .and_then(|tags| tags.get("owner"))
            .unwrap();
        assert_eq!(&text[owner.range.clone()], "me");
    }

    #[test]
    fn variables_stand_for_their_literals_and_the_rest_is_unresolved() {
        let text = "GALLERY=${GALLERY:-myGallery}\nimage=\"my image\"\nversion=$(date +%Y)\n\
az sig image-version create -r \"$GALLERY\" -i $image -e \"$version\" \\\n  --target-regions westus=2=Standard_ZRS eastus \\\n  --managed-image \"$(az image show -n x --query id -o tsv)\"\naz sig show --gallery-name $other\n";
        let read = read_text(text);
        let document = read.document.expect("a document");
        let version = first(&document, "image-version");
        let gallery = version.get("gallery").unwrap();
        assert_eq!(
            (gallery.as_str(), &text[gallery.range.clone()]),
            (Some("myGallery"), "myGallery")
        );
        let image = version.get("image-definition").unwrap();
        assert_eq!(
            (image.as_str(), &text[image.range.clone()]),
            (Some("my image"), "my image")
        );
        assert!(version.get("name").is_none());
        assert!(version.get("managed-image").is_some());
        let regions = version.get("target-regions").unwrap().items();
        assert_eq!(regions.len(), 2);
        assert_eq!(
            regions[0].get("replica-count").unwrap().kind,
            Kind::Integer(2)
        );
        let account = regions[0].get("storage-account-type").unwrap();
        assert_eq!(&text[account.range.clone()], "Standard_ZRS");
        assert_eq!(read.unresolved.len(), 2, "{:?}", read.unresolved);
        assert!(read.alternatives.is_none());
    }

    #[test]
    fn show_update_and_delete_name_resources_made_elsewhere() {
        let text = "id=$(az sig image-definition show -r g -i my-def --query id -o tsv)\naz sig update -r other.gallery --description x\naz vm create -n vm\n";
        let read = read_text(text);
        assert!(read.document.is_none());
        let named = read.alternatives.expect("names");
        assert_eq!(
            first(&named, "image-definition")
                .get("name")
                .and_then(Node::as_str),
            Some("my-def")
        );
        assert_eq!(
            first(&named, "gallery")
                .get("description")
                .and_then(Node::as_str),
            Some("x")
        );
    }

    #[test]
    fn a_script_that_does_not_parse_is_a_syntax_error() {
        let read = read_text("az sig create -r myGallery\nif then fi (\n");
        assert_eq!(read.diagnostics.len(), 1, "{:?}", read.diagnostics);
        assert_eq!(read.diagnostics[0].diagnostic.rule.id, "SIG000");
    }

    /// A gallery created with the description `value`.
    fn described(value: &str) -> String {
        format!("az sig create -g rg -r my-gallery --description {value}\n")
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

    /// Ways to nest shell syntax: what opens a level and what closes it, around `x`.
    const NESTINGS: [(&str, &str); 4] = [
        ("\"$(echo ", ")\""),
        ("$((", "))"),
        ("\"${a:-", "}\""),
        ("\"$(", ")\""),
    ];

    #[test]
    fn nesting_deeper_than_the_reader_goes_is_refused_not_a_stack_overflow() {
        let depth = 10_000;
        for (open, close) in NESTINGS {
            let value = format!("{}x{}", open.repeat(depth), close.repeat(depth));
            let read = read_on_walk_stack(described(&value));
            let ids: Vec<_> = read
                .diagnostics
                .iter()
                .map(|d| d.diagnostic.rule.id)
                .collect();
            assert_eq!(ids, ["SIG000"], "{open}");
            let message = &read.diagnostics[0].diagnostic.message;
            assert!(
                message.contains("nested more than 512"),
                "{open}: {message}"
            );
            // Unclosed, as in a file cut short: no overflow either.
            read_on_walk_stack(described(&open.repeat(depth)));
        }
    }

    #[test]
    fn nesting_up_to_the_limit_is_read() {
        // The deepest nesting the limit lets through, found by bisection and read on the stack of the walk's
        // threads.
        for (open, close) in NESTINGS {
            let read_at = |depth: usize| {
                let value = format!("{}x{}", open.repeat(depth), close.repeat(depth));
                read_on_walk_stack(described(&value)).document.is_some()
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
            assert!(read >= 100, "{open}: only {read} levels are read");
        }
    }

    #[test]
    fn scripts_without_gallery_commands_give_no_document() {
        let read = read_text("az group create -n rg -l westus\necho az sig create\n");
        assert!(read.document.is_none() && read.alternatives.is_none());
    }
}
