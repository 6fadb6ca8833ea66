//! `az sig ... create|update|show|delete`: the gallery resources, an update's `--set` merged into the
//! resource the script creates.

use std::ops::Range;

use sigil_spec::document::{Entry, JsonSyntax, Kind, Node, parse_json};

use super::words::Value;
use super::{Command, Reader};
use crate::resources::ResourceKind;

/// Where a `--set` value goes under a resource: keys, and indexes into arrays.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

/// One `--set PATH=VALUE` under the spec's keys.
struct Setting {
    path: Vec<Step>,
    key_range: Range<usize>,
    value: Node,
}

impl Reader<'_> {
    pub(super) fn gallery_command(
        &mut self,
        kind: ResourceKind,
        verb: &str,
        command: &Command,
        substituted: bool,
    ) {
        let mut entries = self.names(kind, command);
        if matches!(verb, "create" | "update") {
            for (names, key, shape) in kind.flags() {
                let Some(flag) = command.get(names) else {
                    continue;
                };
                if let Some(value) = self.field(flag.name, *shape, &flag.values) {
                    entries.push(Entry::new(*key, flag.range.clone(), value));
                }
            }
            let known: Vec<&[&str]> = kind
                .naming_flags()
                .iter()
                .map(|(names, _)| *names)
                .chain(kind.flags().iter().map(|(names, ..)| *names))
                .chain([&["--set"][..]])
                .collect();
            self.ignore_other_flags(command, &known);
        }
        if verb == "create" && self.gallery_group.is_none() {
            self.gallery_group = command.text(&["--resource-group", "-g"]).map(str::to_owned);
        }
        let settings = if verb == "update" {
            self.settings(kind, command)
        } else {
            Vec::new()
        };
        if entries.is_empty() {
            return;
        }
        let table = Node::table(command.range.clone(), entries);
        match verb {
            "create" => self.created.push((kind, table)),
            "update" => self.update(kind, table, settings),
            "show"
                if !substituted
                    && matches!(
                        kind,
                        ResourceKind::Gallery
                            | ResourceKind::ImageDefinition
                            | ResourceKind::ImageVersion
                    ) =>
            {
                self.shown.push((kind, table));
            }
            _ => self.named.push((kind, table)),
        }
    }

    /// The entries of the flags that name the resource and its parents (unresolved when not literal).
    fn names(&mut self, kind: ResourceKind, command: &Command) -> Vec<Entry> {
        let mut entries = Vec::new();
        for (names, key) in kind.naming_flags() {
            let Some(flag) = command.get(names) else {
                continue;
            };
            match &flag.values[0] {
                Value::Known { text, range, .. } => {
                    entries.push(Entry::new(
                        *key,
                        flag.range.clone(),
                        Node::string(range.clone(), text),
                    ));
                }
                Value::Unknown(written, range) => self.unresolved.push((
                    range.clone(),
                    format!(
                        "`{}` of `{}`: `{written}` is known only when the script runs",
                        flag.name,
                        command.describe()
                    ),
                )),
            }
        }
        entries
    }

    /// An update: merged into the resource the script creates, or a resource made elsewhere.
    fn update(&mut self, kind: ResourceKind, mut table: Node, settings: Vec<Setting>) {
        let created = self
            .created
            .iter_mut()
            .find(|(known, node)| *known == kind && same_names(kind, node, &table));
        if let Some((_, node)) = created {
            let properties = table
                .entries()
                .iter()
                .filter(|entry| !kind.name_keys().contains(&entry.key.as_str()));
            for entry in properties {
                let path = [Step::Key(entry.key.clone())];
                set(node, &path, entry.key_range.clone(), entry.value.clone());
            }
            for setting in settings {
                set(node, &setting.path, setting.key_range, setting.value);
            }
            return;
        }
        for setting in settings {
            if let [Step::Key(_)] = setting.path.as_slice() {
                set(&mut table, &setting.path, setting.key_range, setting.value);
            }
        }
        self.named.push((kind, table));
    }

    /// The `--set PATH=VALUE` pairs of an update sigil has keys for; the others are ignored.
    fn settings(&mut self, kind: ResourceKind, command: &Command) -> Vec<Setting> {
        let mut settings = Vec::new();
        for flag in command.flags.iter().filter(|flag| flag.name == "--set") {
            for value in &flag.values {
                let Some(text) = value.text() else {
                    if let Value::Unknown(written, range) = value {
                        self.unresolved.push((
                            range.clone(),
                            format!(
                                "`--set` of `{}` is `{written}`: sigil checks literal values only",
                                command.describe()
                            ),
                        ));
                    }
                    continue;
                };
                let Some((path, raw)) = text.split_once('=') else {
                    continue;
                };
                let at = path.len() + 1;
                match set_path(kind, path) {
                    Some(steps) => settings.push(Setting {
                        path: steps,
                        key_range: value.sub(0, path.len()),
                        value: json_value(raw, value.sub(at, text.len()), value),
                    }),
                    None => self.ignored.push((
                        value.range(),
                        format!(
                            "`--set {text}` of `{}`: sigil has no key for `{path}`",
                            command.describe()
                        ),
                    )),
                }
            }
        }
        settings
    }

    /// Each `show` on its own line: the resource made elsewhere (`existing = true`) when the script does
    /// not create it, a name to check otherwise.
    pub(super) fn place_shown(&mut self) {
        for (kind, node) in std::mem::take(&mut self.shown) {
            let created = self
                .created
                .iter()
                .any(|(known, other)| *known == kind && same_names(kind, other, &node));
            if created {
                self.named.push((kind, node));
                continue;
            }
            let mut entries: Vec<Entry> = node
                .entries()
                .iter()
                .filter(|entry| kind.name_keys().contains(&entry.key.as_str()))
                .cloned()
                .collect();
            let at = node.range.start..node.range.start;
            entries.push(Entry::new("existing", at.clone(), Node::bool(at, true)));
            self.created
                .push((kind, Node::table(node.range.clone(), entries)));
        }
    }
}

/// Whether two resources of `kind` have the same names, ignoring case as Azure does.
pub(super) fn same_names(kind: ResourceKind, a: &Node, b: &Node) -> bool {
    kind.name_keys().iter().all(|key| {
        match (
            a.get(key).and_then(Node::as_str),
            b.get(key).and_then(Node::as_str),
        ) {
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            _ => false,
        }
    })
}

/// The spec path of an az `--set` path (`publishingProfile.targetRegions[1].excludeFromLatest`).
fn set_path(kind: ResourceKind, path: &str) -> Option<Vec<Step>> {
    if let Some(tag) = path
        .get(..5)
        .filter(|prefix| prefix.eq_ignore_ascii_case("tags."))
        .map(|_| &path[5..])
    {
        return Some(vec![
            Step::Key("tags".to_owned()),
            Step::Key(tag.to_owned()),
        ]);
    }
    let mut indexes = Vec::new();
    let mut normal = String::new();
    let mut rest = path;
    while let Some(open) = rest.find('[') {
        let close = rest[open..].find(']')? + open;
        normal.push_str(&rest[..open]);
        normal.push_str("[]");
        indexes.push(rest[open + 1..close].parse::<usize>().ok()?);
        rest = &rest[close + 1..];
    }
    normal.push_str(rest);
    let normal: String = normal
        .chars()
        .filter(|c| *c != '_')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let (_, keys) = kind
        .set_paths()
        .iter()
        .find(|(known, _)| *known == normal)?;
    let mut indexes = indexes.into_iter();
    keys.iter()
        .map(|key| match *key {
            "[]" => indexes.next().map(Step::Index),
            key => Some(Step::Key(key.to_owned())),
        })
        .collect()
}

/// A `--set` value as az reads it: JSON when it parses as a JSON scalar, the text otherwise.
fn json_value(raw: &str, range: Range<usize>, whole: &Value) -> Node {
    match raw {
        "true" => return Node::bool(range, true),
        "false" => return Node::bool(range, false),
        _ => {}
    }
    if let Ok(number) = raw.parse::<i64>() {
        return Node::integer(range, number);
    }
    if let Some(inner) = raw
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
    {
        let text = match parse_json(raw, JsonSyntax::Strict).map(|node| node.kind) {
            Ok(Kind::String(text)) => text,
            _ => inner.to_owned(),
        };
        let inside = if text == inner && range.len() == raw.len() {
            range.start + 1..range.end - 1
        } else {
            whole.range()
        };
        return Node::string(inside, text);
    }
    Node::string(range, raw)
}

/// Sets `value` at `path` under `node`, making tables on the way; an index past an array's end is not set.
fn set(node: &mut Node, path: &[Step], key_range: Range<usize>, value: Node) {
    let Some((step, rest)) = path.split_first() else {
        *node = value;
        return;
    };
    match (step, &mut node.kind) {
        (Step::Key(key), Kind::Table(entries)) => {
            if let Some(entry) = entries.iter_mut().find(|entry| entry.key == *key) {
                entry.key_range = key_range.clone();
                set(&mut entry.value, rest, key_range, value);
                return;
            }
            let mut child = Node::table(value.range.clone(), Vec::new());
            set(&mut child, rest, key_range.clone(), value);
            entries.push(Entry::new(key.clone(), key_range, child));
        }
        (Step::Index(index), Kind::Array(items)) => {
            if let Some(item) = items.get_mut(*index) {
                set(item, rest, key_range, value);
            }
        }
        _ => {}
    }
}
