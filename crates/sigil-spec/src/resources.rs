//! Deserialising a spec resource by resource, so that every bad key is reported rather than the first
//! serde meets. Each element of each top-level array (and the `resource-group` table) is deserialised on
//! its own, as a spec holding only it; when that fails, the finding is reported, the offending key or
//! value is removed from a copy, and the resource is read again, until it reads or nothing is left to
//! remove. The model decides what is valid; nothing here lists its keys.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

use sigil_core::model::Spec;
use sigil_core::rules::{SIG007, SIG008, SIG009};
use sigil_core::suggest::closest;
use sigil_core::{Diagnostic, FieldPath, Located, Segment, parse_tagged};

use crate::Format;
use crate::de::De;
use crate::document::{Entry, Kind, Lines, Node};

/// Attempts per resource. Each one removes at least one value, so this only bounds hostile input.
const MAX_ATTEMPTS: usize = 256;

/// How [`read`] treats what does not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reading {
    /// Report a required key the document does not write (SIG008).
    pub(crate) missing_keys: bool,
    /// Keep the resources that read when others do not, rather than no spec at all.
    pub(crate) partial: bool,
}

/// What [`read`] found.
#[derive(Debug)]
pub(crate) struct Read {
    /// The spec: when every resource deserialised, or, when reading partially, of those that did.
    pub(crate) spec: Option<Spec>,
    /// The tree the spec was read from when it is not the whole document: what read, each array element
    /// keeping its index in the document.
    pub(crate) pruned: Option<Node>,
    pub(crate) found: Vec<Located>,
}

/// Reads the resources of `root`, each on its own, reporting what fails.
pub(crate) fn read(
    root: &Node,
    file: &Path,
    lines: &Lines<'_>,
    format: Format,
    reading: Reading,
) -> Read {
    let mut reader = Reader {
        file,
        lines,
        format,
        missing_keys: reading.missing_keys,
        found: Vec::new(),
    };
    let mut kept = Vec::new();
    match &root.kind {
        Kind::Table(entries) => {
            for entry in entries {
                reader.read_top_level(root, entry, &mut kept);
            }
        }
        _ => {
            reader.read_piece(root.clone());
        }
    }
    if reading.partial {
        let pruned = Node {
            range: root.range.clone(),
            index: 0,
            kind: Kind::Table(kept),
        };
        // Each piece read on its own, so what read reads together too; should it not, say why all the same.
        return match serde_path_to_error::deserialize::<_, Spec>(De(&pruned)) {
            Ok(spec) => Read {
                spec: Some(spec),
                pruned: Some(pruned),
                found: reader.found,
            },
            Err(error) => {
                reader.report_whole(&pruned, &error);
                Read {
                    spec: None,
                    pruned: None,
                    found: reader.found,
                }
            }
        };
    }
    if !reader.found.is_empty() {
        return Read {
            spec: None,
            pruned: None,
            found: reader.found,
        };
    }
    // Every resource read on its own, so the whole reads too; should it not, say why all the same.
    match serde_path_to_error::deserialize::<_, Spec>(De(root)) {
        Ok(spec) => Read {
            spec: Some(spec),
            pruned: None,
            found: Vec::new(),
        },
        Err(error) => {
            reader.report_whole(root, &error);
            Read {
                spec: None,
                pruned: None,
                found: reader.found,
            }
        }
    }
}

/// `path`, a path in the resources of a spec read from `tree` (indices counting what is in the spec), as
/// the file writes it (indices the elements' own): a rule's finding about `image-version[1]` of a spec
/// from which an earlier version was left out is about the document's `image-version[2]`. Steps beyond
/// the tree (a key the file does not write) are kept as they are.
pub(crate) fn file_path(tree: &Node, path: &FieldPath) -> FieldPath {
    let mut node = Some(tree);
    let mut written = FieldPath::root();
    for segment in path.segments() {
        match (segment, node.map(|node| &node.kind)) {
            (Segment::Key(key), Some(Kind::Table(entries))) => {
                node = entries
                    .iter()
                    .find(|entry| entry.key == *key)
                    .map(|entry| &entry.value);
                written.push_key(key.clone());
            }
            (Segment::Index(index), Some(Kind::Array(items))) => {
                let item = items.get(*index);
                written.push_index(item.map_or(*index, |item| item.index));
                node = item;
            }
            (Segment::Key(key), _) => {
                written.push_key(key.clone());
                node = None;
            }
            (Segment::Index(index), _) => {
                written.push_index(*index);
                node = None;
            }
        }
    }
    written
}

/// One step of a path as serde reports it, in the tree being deserialised (indices count the elements
/// left in it, not those written in the file).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

fn steps(path: &serde_path_to_error::Path) -> Vec<Step> {
    path.iter()
        .map_while(|segment| match segment {
            serde_path_to_error::Segment::Map { key } => Some(Step::Key(key.clone())),
            serde_path_to_error::Segment::Seq { index } => Some(Step::Index(*index)),
            _ => None,
        })
        .collect()
}

/// Where a path leads in the tree: as far as it exists, with the path as the file writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Found {
    /// The path in the file's own indices.
    path: FieldPath,
    /// How many steps exist in the tree.
    depth: usize,
    range: Range<usize>,
    key_range: Option<Range<usize>>,
}

fn resolve(root: &Node, steps: &[Step]) -> Found {
    let mut node = root;
    let mut path = FieldPath::root();
    let mut key_range = None;
    let mut depth = 0;
    for step in steps {
        match (step, &node.kind) {
            (Step::Key(key), Kind::Table(entries)) => {
                let Some(entry) = entries.iter().find(|entry| entry.key == *key) else {
                    break;
                };
                path.push_key(key.clone());
                key_range = Some(entry.key_range.clone());
                node = &entry.value;
            }
            (Step::Index(index), Kind::Array(items)) => {
                let Some(item) = items.get(*index) else {
                    break;
                };
                path.push_index(item.index);
                key_range = None;
                node = item;
            }
            _ => break,
        }
        depth += 1;
    }
    Found {
        path,
        depth,
        range: node.range.clone(),
        key_range,
    }
}

/// Removes the value at the end of `steps`; false when there is none.
fn remove(root: &mut Node, steps: &[Step]) -> bool {
    let Some((last, parents)) = steps.split_last() else {
        return false;
    };
    let mut node = root;
    for step in parents {
        let child = match (step, &mut node.kind) {
            (Step::Key(key), Kind::Table(entries)) => entries
                .iter_mut()
                .find(|entry| entry.key == *key)
                .map(|entry| &mut entry.value),
            (Step::Index(index), Kind::Array(items)) => items.get_mut(*index),
            _ => None,
        };
        let Some(child) = child else {
            return false;
        };
        node = child;
    }
    match (last, &mut node.kind) {
        (Step::Key(key), Kind::Table(entries)) => {
            let Some(position) = entries.iter().position(|entry| entry.key == *key) else {
                return false;
            };
            entries.remove(position);
            true
        }
        (Step::Index(index), Kind::Array(items)) if *index < items.len() => {
            items.remove(*index);
            true
        }
        _ => false,
    }
}

struct Reader<'a> {
    file: &'a Path,
    lines: &'a Lines<'a>,
    format: Format,
    missing_keys: bool,
    found: Vec<Located>,
}

impl Reader<'_> {
    /// Reads one top-level key: each element of an array on its own, anything else as a whole. What
    /// reads (after removing what did not) goes to `kept`.
    fn read_top_level(&mut self, root: &Node, entry: &Entry, kept: &mut Vec<Entry>) {
        let alone = |value: Node| Node {
            range: root.range.clone(),
            index: 0,
            kind: Kind::Table(vec![Entry {
                key: entry.key.clone(),
                key_range: entry.key_range.clone(),
                value,
            }]),
        };
        // What read of this key: the value, or the elements of the array.
        let value = match &entry.value.kind {
            Kind::Array(items) if !items.is_empty() => {
                let mut elements = Vec::new();
                for item in items {
                    let single = Node {
                        range: entry.value.range.clone(),
                        index: 0,
                        kind: Kind::Array(vec![item.clone()]),
                    };
                    let (about_top_level, read) = self.read_piece(alone(single));
                    if let Some(Kind::Array(mut items)) = read.map(|read| read.kind) {
                        elements.append(&mut items);
                    }
                    // A finding about the key itself (unknown, or not an array) is made once.
                    if about_top_level {
                        break;
                    }
                }
                Some(Node {
                    range: entry.value.range.clone(),
                    index: entry.value.index,
                    kind: Kind::Array(elements),
                })
            }
            _ => self.read_piece(alone(entry.value.clone())).1,
        };
        if let Some(value) = value {
            kept.push(Entry {
                key: entry.key.clone(),
                key_range: entry.key_range.clone(),
                value,
            });
        }
    }

    /// Deserialises `working` as a spec until it reads, reporting and removing what fails. Whether a
    /// finding was about a top-level key itself rather than something inside it, and, when the spec
    /// reads in the end, the value of its one top-level key (if that was not removed).
    fn read_piece(&mut self, mut working: Node) -> (bool, Option<Node>) {
        // Keys removed to read on, and keys an unknown key was taken for: neither is reported missing.
        let mut accounted: HashSet<FieldPath> = HashSet::new();
        let mut about_top_level = false;
        for _ in 0..MAX_ATTEMPTS {
            let Err(error) = serde_path_to_error::deserialize::<_, Spec>(De(&working)) else {
                let value = match working.kind {
                    Kind::Table(entries) => entries.into_iter().next().map(|entry| entry.value),
                    _ => None,
                };
                return (about_top_level, value);
            };
            let steps = steps(error.path());
            let found = resolve(&working, &steps);
            about_top_level |= found.depth <= 1;
            self.report(&error.inner().0, &found, &mut accounted);
            if !remove(&mut working, &steps[..found.depth]) {
                break;
            }
            accounted.insert(found.path);
        }
        (about_top_level, None)
    }

    /// Reports why a tree whose pieces each read does not read whole.
    fn report_whole(&mut self, tree: &Node, error: &serde_path_to_error::Error<crate::de::Error>) {
        let steps = steps(error.path());
        let found = resolve(tree, &steps);
        self.report(&error.inner().0, &found, &mut HashSet::new());
    }

    /// Turns serde's message into findings at the key or value it is about.
    fn report(&mut self, message: &str, found: &Found, accounted: &mut HashSet<FieldPath>) {
        let (range, diagnostics) = if let Some(rest) = message.strip_prefix("unknown field `") {
            let range = found
                .key_range
                .clone()
                .unwrap_or_else(|| found.range.clone());
            let (diagnostic, suggested) = unknown_key(rest, &found.path);
            accounted.extend(suggested);
            (range, vec![diagnostic])
        } else if let Some(rest) = message.strip_prefix("missing field `") {
            let key = rest.strip_suffix('`').unwrap_or(rest);
            // A key removed to read on, or misspelt (and so already reported), is not missing; nor is
            // any key when the caller's documents leave out what they could not resolve.
            if !self.missing_keys || accounted.contains(&found.path.key(key.to_owned())) {
                return;
            }
            let message = format!("missing key `{key}` in {}: add it", shown(&found.path));
            (found.range.clone(), vec![Diagnostic::new(&SIG008, message)])
        } else {
            let tagged = parse_tagged(message);
            let diagnostics = if tagged.is_empty() {
                let message = invalid_value(message, &found.path, self.format);
                vec![Diagnostic::new(&SIG009, message)]
            } else {
                tagged
            };
            (found.range.clone(), diagnostics)
        };
        let span = self.lines.span(&range);
        for diagnostic in diagnostics {
            self.found.push(Located {
                file: self.file.to_path_buf(),
                span,
                diagnostic: diagnostic.at(found.path.clone()),
            });
        }
    }
}

/// SIG007, from serde's "unknown field `KEY`, expected one of `a`, `b`": the keys it lists are the
/// model's, and the closest is suggested. Also the path of the suggested key.
fn unknown_key(rest: &str, path: &FieldPath) -> (Diagnostic, Option<FieldPath>) {
    let key = match path.segments().last() {
        Some(Segment::Key(key)) => key.to_string(),
        _ => rest.split('`').next().unwrap_or_default().to_owned(),
    };
    let expected: Vec<&str> = rest
        .strip_prefix(key.as_str())
        .and_then(|after| after.strip_prefix('`'))
        .unwrap_or_default()
        .split('`')
        .skip(1)
        .step_by(2)
        .collect();
    let mut parent = path.clone();
    parent.pop();
    let mut message = if parent.is_root() {
        format!("unknown top-level key `{key}`")
    } else {
        format!("unknown key `{key}` in {parent}")
    };
    let suggestion = closest(&key, expected.iter().copied());
    if let Some(suggestion) = suggestion {
        let _ = write!(message, "; did you mean `{suggestion}`?");
    } else if expected.is_empty() {
        message.push_str(": remove it");
    } else {
        let listed: Vec<String> = expected.iter().map(|key| format!("`{key}`")).collect();
        let _ = write!(message, ": remove it, or use one of {}", listed.join(", "));
    }
    let suggested = suggestion.map(|suggestion| parent.key(suggestion.to_owned()));
    (Diagnostic::new(&SIG007, message), suggested)
}

/// A path for a message: `image-definition[1]`, or `the spec` for the whole document.
fn shown(path: &FieldPath) -> String {
    if path.is_root() {
        "the spec".to_owned()
    } else {
        path.to_string()
    }
}

/// What a message calls a value: its path inside its resource (`target-regions[1].replica-count`), or
/// the resource's own path for the resource itself.
fn subject(path: &FieldPath) -> String {
    let segments = path.segments();
    let resource = match segments.get(1) {
        Some(Segment::Index(_)) => 2,
        _ => 1,
    };
    if segments.len() <= resource {
        return if path.is_root() {
            "the spec".to_owned()
        } else {
            format!("`{path}`")
        };
    }
    let mut inside = FieldPath::root();
    for segment in &segments[resource..] {
        match segment {
            Segment::Key(key) => inside.push_key(key.clone()),
            Segment::Index(index) => inside.push_index(*index),
        }
    }
    format!("`{inside}`")
}

/// SIG009: a value of the wrong type or form. serde's "invalid type: string \"two\", expected u32"
/// becomes "`replica-count` must be a whole number from 0 to 4294967295, not the string \"two\"".
fn invalid_value(message: &str, path: &FieldPath, format: Format) -> String {
    let subject = subject(path);
    for prefix in ["invalid type: ", "invalid value: "] {
        let Some(rest) = message.strip_prefix(prefix) else {
            continue;
        };
        if let Some((found, expected)) = rest.rsplit_once(", expected ") {
            return format!(
                "{subject} must be {}, not {}",
                expected_text(expected, format),
                found_text(found, format)
            );
        }
    }
    format!("{subject}: {message}")
}

fn table_word(format: Format) -> &'static str {
    match format {
        Format::Toml => "a table",
        Format::Json => "an object",
    }
}

fn expected_text(expected: &str, format: Format) -> String {
    match expected {
        "u32" => "a whole number from 0 to 4294967295".to_owned(),
        "u8" | "u16" | "u64" | "i8" | "i16" | "i32" | "i64" => "a whole number".to_owned(),
        "a boolean" => "`true` or `false`".to_owned(),
        "a sequence" => "an array".to_owned(),
        "a map" => table_word(format).to_owned(),
        "unit" => "null".to_owned(),
        _ if expected.starts_with("struct ") => table_word(format).to_owned(),
        _ => expected.to_owned(),
    }
}

fn found_text(found: &str, format: Format) -> String {
    if let Some(text) = found.strip_prefix("string ") {
        return format!("the string {text}");
    }
    for kind in ["integer ", "floating point ", "boolean "] {
        if let Some(value) = found.strip_prefix(kind) {
            return value.to_owned();
        }
    }
    match found {
        "map" => table_word(format).to_owned(),
        "sequence" => "an array".to_owned(),
        "unit value" => "null".to_owned(),
        _ => found.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> Node {
        crate::read_toml::parse_toml(text).unwrap()
    }

    fn key(key: &str) -> Step {
        Step::Key(key.to_owned())
    }

    #[test]
    fn removing_an_element_keeps_the_file_indices_of_the_others() {
        let text = "list = [{ a = 1 }, { a = 2 }, { a = 3 }]\n";
        let mut root = tree(text);
        assert!(remove(&mut root, &[key("list"), Step::Index(0)]));
        // serde now counts the third element as the second; the file still calls it list[2].
        let found = resolve(&root, &[key("list"), Step::Index(1), key("a")]);
        assert_eq!(found.path.to_string(), "list[2].a");
        assert_eq!(found.depth, 3);
        assert_eq!(&text[found.range.clone()], "3");
        assert_eq!(&text[found.key_range.unwrap()], "a");
    }

    #[test]
    fn a_path_resolves_as_far_as_the_tree_goes() {
        let text = "[table]\nkey = \"value\"\n";
        let root = tree(text);
        let found = resolve(&root, &[key("table"), key("absent"), key("deeper")]);
        assert_eq!(found.path.to_string(), "table");
        assert_eq!(found.depth, 1);
        assert_eq!(&text[found.range], "[table]");
        assert!(!remove(&mut tree(text), &[key("table"), key("absent")]));
        assert!(!remove(&mut tree(text), &[]));
    }

    #[test]
    fn serde_messages_become_instructions() {
        let path = FieldPath::root()
            .key("image-version")
            .index(0)
            .key("target-regions")
            .index(1)
            .key("replica-count");
        assert_eq!(
            invalid_value(
                "invalid type: string \"two\", expected u32",
                &path,
                Format::Toml
            ),
            "`target-regions[1].replica-count` must be a whole number from 0 to 4294967295, not the string \"two\""
        );
        let group = FieldPath::root().key("resource-group");
        assert_eq!(
            invalid_value(
                "invalid type: sequence, expected struct ResourceGroup",
                &group,
                Format::Json
            ),
            "`resource-group` must be an object, not an array"
        );
        assert_eq!(
            invalid_value("something else", &FieldPath::root(), Format::Toml),
            "the spec: something else"
        );
    }

    #[test]
    fn unknown_keys_suggest_from_the_keys_serde_lists() {
        let path = FieldPath::root().key("gallery").index(0).key("nme");
        let (diagnostic, suggested) = unknown_key("nme`, expected one of `name`, `tags`", &path);
        assert_eq!(
            diagnostic.message,
            "unknown key `nme` in gallery[0]; did you mean `name`?"
        );
        assert_eq!(suggested.unwrap().to_string(), "gallery[0].name");
        let path = FieldPath::root().key("zzz");
        let (diagnostic, suggested) = unknown_key("zzz`, expected `gallery` or `vm`", &path);
        assert_eq!(
            diagnostic.message,
            "unknown top-level key `zzz`: remove it, or use one of `gallery`, `vm`"
        );
        assert_eq!(suggested, None);
    }
}
