//! The documents of several files as one, checked into a [`Spec`].
//!
//! `sigil_spec::check_document` places its findings in the one text a document's ranges point into. So
//! that a merged document can be checked at once (a VM in a script naming an image definition of a
//! template), the files are laid end to end in one text, each document's ranges shifted by where its file
//! starts, and each finding's line is mapped back to its file's own.

use std::ops::Range;
use std::path::Path;

use sigil_core::model::Spec;
use sigil_core::{Located, Position, Span};
use sigil_spec::document::{Entry, Kind, Lines, Node};
use sigil_spec::{CheckOptions, check_document};

use crate::Options;
use crate::read::{File, as_warning, finding, located};

/// The keys that say two resources of an array are the same resource.
const IDENTITIES: &[(&str, &[&str])] = &[
    ("gallery", &["name"]),
    ("image-definition", &["gallery", "name"]),
    ("image-version", &["gallery", "image-definition", "name"]),
    ("application", &["gallery", "name"]),
    ("application-version", &["gallery", "application", "name"]),
    ("role-assignment", &["scope", "role"]),
    ("vm", &["name"]),
];

/// What merging and checking made.
#[derive(Debug)]
pub(crate) struct Merged {
    pub(crate) spec: Option<Spec>,
    pub(crate) findings: Vec<Located>,
}

/// The files laid end to end.
struct Combined<'f> {
    text: String,
    /// Each file, the byte and the line (from 1) it starts at.
    starts: Vec<(&'f Path, usize, usize)>,
}

impl<'f> Combined<'f> {
    fn new(files: &[File<'f>]) -> Self {
        let mut text = String::new();
        let mut starts = Vec::new();
        let mut line = 1;
        for file in files {
            starts.push((file.path, text.len(), line));
            text.push_str(file.text);
            text.push('\n');
            line += file.text.matches('\n').count() + 1;
        }
        Self { text, starts }
    }

    /// A span of the combined text as the file's own.
    fn locate(&self, mut located: Located) -> Located {
        let line = located.span.start.line;
        let Some((path, _, first)) = self
            .starts
            .iter()
            .rev()
            .find(|(_, _, first)| *first <= line)
        else {
            return located;
        };
        let back = |position: Position| Position::new(position.line + 1 - first, position.column);
        located.file = path.to_path_buf();
        located.span = Span {
            start: back(located.span.start),
            end: back(located.span.end),
        };
        located
    }

    fn at(&self, range: &Range<usize>, message: String) -> Located {
        let span = Lines::new(&self.text).span(range);
        self.locate(located(Path::new(""), span, message))
    }
}

/// Merges the files' documents, with the resource group of `options` when none writes one, and checks
/// the result.
pub(crate) fn merge(files: &[File<'_>], options: &Options) -> Merged {
    let combined = Combined::new(files);
    let mut findings = reader_findings(files);
    let mut tables = Tables::default();
    for (file, (_, start, _)) in files.iter().zip(&combined.starts) {
        if let Some(document) = &file.read.document {
            tables.add(&shifted(document, *start));
        }
    }
    tables.resource_group(options);
    tables.existing_galleries();
    for (range, message) in std::mem::take(&mut tables.conflicts) {
        findings.push(combined.at(&range, message));
    }
    if tables.group.is_none() {
        findings.push(located(
            files.first().map_or(Path::new(""), |file| file.path),
            Span::default(),
            "not carried over: the resource group: no file creates one; name it with `--resource-group` and `--location`"
                .to_owned(),
        ));
    }
    let root = tables.root(0..combined.text.len());
    let mut check = CheckOptions::lint().names_only();
    check.missing_keys = true;
    let loaded = check_document(
        Path::new("sigil.toml"),
        &combined.text,
        &root,
        &options.context,
        &check,
    );
    findings.extend(
        loaded
            .diagnostics
            .into_iter()
            .map(|located| as_warning(combined.locate(located)))
            .map(|mut located| {
                located.diagnostic.message =
                    format!("not carried over: {}", located.diagnostic.message);
                located
            }),
    );
    Merged {
        spec: loaded.spec,
        findings,
    }
}

/// What the readers could not read or carry over.
fn reader_findings(files: &[File<'_>]) -> Vec<Located> {
    let mut findings = Vec::new();
    for file in files {
        let read = &file.read;
        findings.extend(
            read.unresolved.iter().map(|unresolved| {
                finding(unresolved, "not carried over, known only at deployment: ")
            }),
        );
        findings.extend(
            read.ignored
                .iter()
                .map(|ignored| finding(ignored, "not carried over: ")),
        );
        findings.extend(read.diagnostics.iter().cloned().map(as_warning));
    }
    findings
}

/// The merged arrays, in the order first met.
#[derive(Debug, Default)]
struct Tables {
    group: Option<Node>,
    arrays: Vec<(String, Vec<Node>)>,
    conflicts: Vec<(Range<usize>, String)>,
}

impl Tables {
    fn add(&mut self, document: &Node) {
        for entry in document.entries() {
            if entry.key == "resource-group" {
                self.group = Some(match self.group.take() {
                    Some(group) => self.merged(group, &entry.value, "the resource group"),
                    None => entry.value.clone(),
                });
                continue;
            }
            for resource in entry.value.items() {
                self.resource(&entry.key, resource);
            }
        }
    }

    fn resource(&mut self, array: &str, resource: &Node) {
        let identity = IDENTITIES
            .iter()
            .find(|(name, _)| *name == array)
            .map_or(&[][..], |(_, keys)| *keys);
        let position = self
            .arrays
            .iter()
            .position(|(name, _)| name == array)
            .unwrap_or_else(|| {
                self.arrays.push((array.to_owned(), Vec::new()));
                self.arrays.len() - 1
            });
        let same = self.arrays[position].1.iter().position(|known| {
            !identity.is_empty()
                && identity
                    .iter()
                    .all(|key| same_value(known.get(key), resource.get(key)))
                && (array != "role-assignment" || !principals_differ(known, resource))
        });
        match same {
            Some(at) => {
                let known = self.arrays[position].1[at].clone();
                let merged = self.merged(known, resource, &format!("this {array}"));
                self.arrays[position].1[at] = merged;
            }
            None => self.arrays[position].1.push(resource.clone()),
        }
    }

    /// `known` with the keys `other` adds; a key both write differently is a conflict, the first kept.
    fn merged(&mut self, mut known: Node, other: &Node, what: &str) -> Node {
        let Kind::Table(entries) = &mut known.kind else {
            return known;
        };
        for entry in other.entries() {
            match entries.iter().find(|mine| mine.key == entry.key) {
                Some(mine) if !same_node(&mine.value, &entry.value) => {
                    self.conflicts.push((
                        entry.value.range.clone(),
                        format!(
                            "not carried over: `{}` of {what}: another file gives it another value, which the spec keeps",
                            entry.key
                        ),
                    ));
                }
                Some(_) => {}
                None => entries.push(entry.clone()),
            }
        }
        known
    }

    /// The resource group `--resource-group`/`--location` give, when no file writes one.
    fn resource_group(&mut self, options: &Options) {
        if self.group.is_some() {
            return;
        }
        let mut entries = Vec::new();
        if let Some(name) = &options.resource_group {
            entries.push(Entry::new("name", 0..0, Node::string(0..0, name.clone())));
        }
        if let Some(location) = &options.location {
            entries.push(Entry::new(
                "location",
                0..0,
                Node::string(0..0, location.clone()),
            ));
        }
        if !entries.is_empty() {
            self.group = Some(Node::table(0..0, entries));
        }
    }

    /// Adds, as `existing`, each gallery a resource names that no file creates: a template that adds
    /// definitions to a gallery made elsewhere.
    fn existing_galleries(&mut self) {
        let mut named: Vec<(String, Range<usize>)> = Vec::new();
        for (array, resources) in &self.arrays {
            for resource in resources {
                let parent = match array.as_str() {
                    "image-definition"
                    | "image-version"
                    | "application"
                    | "application-version" => resource.get("gallery"),
                    "role-assignment" => resource.get("scope"),
                    "vm" => resource.get("image"),
                    _ => None,
                };
                if let Some(node) = parent
                    && let Some(text) = node.as_str()
                {
                    let gallery = text.split('/').next().unwrap_or_default().to_owned();
                    named.push((gallery, node.range.clone()));
                }
            }
        }
        let declared: Vec<String> = self
            .array("gallery")
            .iter()
            .filter_map(|gallery| gallery.get("name").and_then(Node::as_str))
            .map(str::to_ascii_lowercase)
            .collect();
        let mut seen = declared;
        for (gallery, range) in named {
            if gallery.is_empty() || seen.contains(&gallery.to_ascii_lowercase()) {
                continue;
            }
            seen.push(gallery.to_ascii_lowercase());
            let node = Node::table(
                range.clone(),
                vec![
                    Entry::new("name", range.clone(), Node::string(range.clone(), gallery)),
                    Entry::new("existing", range.clone(), Node::bool(range.clone(), true)),
                ],
            );
            self.resource("gallery", &node);
        }
    }

    fn array(&self, name: &str) -> &[Node] {
        self.arrays
            .iter()
            .find(|(array, _)| array == name)
            .map_or(&[][..], |(_, items)| items)
    }

    fn root(&self, whole: Range<usize>) -> Node {
        let mut entries = Vec::new();
        if let Some(group) = &self.group {
            entries.push(Entry::new(
                "resource-group",
                group.range.clone(),
                group.clone(),
            ));
        }
        for (array, items) in &self.arrays {
            entries.push(Entry::new(
                array.clone(),
                0..0,
                Node::array(whole.clone(), items.clone()),
            ));
        }
        Node::table(whole, entries)
    }
}

/// Whether two role assignments name different principals.
fn principals_differ(a: &Node, b: &Node) -> bool {
    ["assignee", "assignee-object-id"]
        .iter()
        .any(|key| match (a.get(key), b.get(key)) {
            (Some(a), Some(b)) => !same_node(a, b),
            _ => false,
        })
}

fn same_value(a: Option<&Node>, b: Option<&Node>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => same_node(a, b),
        (None, None) => true,
        _ => false,
    }
}

/// Two values equal regardless of where they are written; text compared without regard to case, as
/// Azure compares names and enumerations.
fn same_node(a: &Node, b: &Node) -> bool {
    match (&a.kind, &b.kind) {
        (Kind::String(a), Kind::String(b)) => a.eq_ignore_ascii_case(b),
        (Kind::Array(a), Kind::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same_node(a, b))
        }
        (Kind::Table(a), Kind::Table(b)) => {
            a.len() == b.len()
                && a.iter().all(|entry| {
                    b.iter().any(|other| {
                        other.key == entry.key && same_node(&entry.value, &other.value)
                    })
                })
        }
        (a, b) => a == b,
    }
}

/// `node` with every range moved `by` bytes on.
fn shifted(node: &Node, by: usize) -> Node {
    let kind = match &node.kind {
        Kind::Array(items) => Kind::Array(items.iter().map(|item| shifted(item, by)).collect()),
        Kind::Table(entries) => Kind::Table(
            entries
                .iter()
                .map(|entry| Entry {
                    key: entry.key.clone(),
                    key_range: move_range(&entry.key_range, by),
                    value: shifted(&entry.value, by),
                })
                .collect(),
        ),
        other => other.clone(),
    };
    Node {
        range: move_range(&node.range, by),
        index: node.index,
        kind,
    }
}

fn move_range(range: &Range<usize>, by: usize) -> Range<usize> {
    range.start + by..range.end + by
}
