//! A flag's values as the spec's values: texts, numbers, tags, features, target regions.

use std::ops::Range;

use sigil_core::model::FeatureName;
use sigil_spec::document::{Entry, Node};

use super::Reader;
use super::flags::Shape;
use super::words::Value;

impl Reader<'_> {
    /// The value of a flag, or nothing (recording why when it is known only when the script runs).
    pub(super) fn field(&mut self, flag: &str, shape: Shape, values: &[Value]) -> Option<Node> {
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
                // One tag per word, as az reads them: `--tags 'team=my team'` is the tag `team`.
                let entries = pieces(values, &[])
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
