//! `az rest --method put --url .../galleries/... --body JSON`: a gallery resource created with the body an
//! ARM template would give it, read by the ARM reader's property mapping.

use std::ops::Range;

use sigil_spec::document::{Entry, JsonSyntax, Kind, Node, parse_json};

use super::words::Value;
use super::{Command, Reader};
use crate::arm::properties;
use crate::resources::GalleryId;

impl<'a> Reader<'a> {
    pub(super) fn rest(&mut self, command: &Command) {
        let method = command.text(&["--method", "-m"]).unwrap_or("get");
        if !method.eq_ignore_ascii_case("put") {
            return;
        }
        let Some(url) = command.get(&["--url", "--uri", "-u"]) else {
            return;
        };
        let id = match &url.values[0] {
            Value::Known { text, range, exact } => match GalleryId::parse(text) {
                Some(id) if *exact => id.shifted(range.start),
                Some(id) => id.placed(range),
                None => return,
            },
            Value::Unknown(..) => return,
        };
        let Some(arm_kind) = id.kind.arm() else {
            return;
        };
        if self.gallery_group.is_none() {
            self.gallery_group = id.resource_group.as_ref().map(|(name, _)| name.clone());
        }
        let mut entries = id.entries(&url.range);
        if let Some(body) = command.get(&["--body", "-b"]) {
            match self.body(&body.values[0]) {
                Some((json, text)) => {
                    let mapped = properties::map(arm_kind, &json, text);
                    self.unresolved.extend(mapped.unresolved);
                    entries.extend(mapped.entries);
                    if !entries.iter().any(|entry| entry.key == "tags")
                        && let Some(tags) = json.entry("tags")
                    {
                        entries.push(tags.clone());
                    }
                }
                None => self.unresolved.push((
                    body.values[0].range(),
                    format!(
                        "the `--body` of `{}` is not literal JSON: sigil checks literal values only",
                        command.describe()
                    ),
                )),
            }
        }
        self.created
            .push((id.kind, Node::table(command.range.clone(), entries)));
    }

    /// The body as JSON with ranges in the script, and the text those ranges point into.
    fn body(&self, value: &Value) -> Option<(Node, &'a str)> {
        let Value::Known { text, range, exact } = value else {
            return None;
        };
        let mut json = parse_json(text, JsonSyntax::Strict).ok()?;
        if *exact {
            relocate(&mut json, &|at| {
                at.start + range.start..at.end + range.start
            });
            Some((json, self.text))
        } else {
            // Escapes make the body's text differ from the script's: every value points at the whole body.
            relocate(&mut json, &|_| range.clone());
            Some((json, ""))
        }
    }
}

/// `node` with every range, keys' included, moved by `to`.
fn relocate(node: &mut Node, to: &dyn Fn(Range<usize>) -> Range<usize>) {
    node.range = to(node.range.clone());
    match &mut node.kind {
        Kind::Array(items) => items.iter_mut().for_each(|item| relocate(item, to)),
        Kind::Table(entries) => {
            for Entry {
                key_range, value, ..
            } in entries
            {
                *key_range = to(key_range.clone());
                relocate(value, to);
            }
        }
        _ => {}
    }
}
