//! What a resource sets that the spec has no key for: every value of its body (as the ARM-shaped tree
//! [`super::Reader::entries`] makes of it) that the reader did not take and that is not what sigil writes
//! there itself. `sigil import` lists these as not carried over.

use std::ops::Range;

use sigil_spec::document::{Entry, Kind, Node};

/// What a resource may hold at a path.
#[derive(Debug, Clone, Copy)]
pub(super) enum Expect {
    /// Anything: the reader reads it into a spec key, or sigil derives it (a `dependsOn`, a role
    /// assignment's `guid(...)` name).
    Read,
    /// The value sigil always writes there.
    Is(&'static str),
}

/// The paths of a resource's body (`*` for any array element) and what each may hold. A `Read` path
/// covers everything under it.
pub(super) type Layout = &'static [(&'static [&'static str], Expect)];

use Expect::{Is, Read};

/// A gallery resource: its properties are taken where `arm/properties.rs` maps them.
pub(super) const GALLERY_RESOURCE: Layout = &[
    (&["name"], Read),
    (&["parent"], Read),
    (&["location"], Read),
    (&["tags"], Read),
    (&["dependsOn"], Read),
];

/// The leaf values of `entries` (their keys too), as ranges.
pub(super) fn ranges_of(entries: &[Entry], into: &mut Vec<Range<usize>>) {
    for entry in entries {
        into.push(entry.key_range.clone());
        node_ranges(&entry.value, into);
    }
}

fn node_ranges(node: &Node, into: &mut Vec<Range<usize>>) {
    match &node.kind {
        Kind::Table(entries) => ranges_of(entries, into),
        Kind::Array(items) => items.iter().for_each(|item| node_ranges(item, into)),
        _ => into.push(node.range.clone()),
    }
}

/// The values of `resource` (ARM-shaped) that neither `layout` nor the ranges `taken` account for, as
/// notes about `what` (`this gallery`).
pub(super) fn leftovers(
    resource: &Node,
    layout: Layout,
    taken: &[Range<usize>],
    what: &str,
) -> Vec<(Range<usize>, String)> {
    let mut leaves = Vec::new();
    collect_leaves(resource, &mut Vec::new(), &mut leaves);
    leaves
        .into_iter()
        .filter(|(_, leaf)| !taken.contains(&leaf.range))
        .filter_map(|(path, leaf)| {
            let value = shown(leaf);
            let written = path.join(".");
            match expected(layout, &path) {
                Some(Read) => None,
                Some(Is(expected)) if expected == value => None,
                Some(Is(expected)) => Some((
                    leaf.range.clone(),
                    format!(
                        "`{written}` of {what} is `{value}`: sigil writes `{expected}` there, and has no key to change it"
                    ),
                )),
                None => Some((
                    leaf.range.clone(),
                    format!("`{written}` of {what} is `{value}`: sigil has no key for it"),
                )),
            }
        })
        .collect()
}

/// The scalar values under `node`, with their paths.
fn collect_leaves<'n>(
    node: &'n Node,
    path: &mut Vec<String>,
    into: &mut Vec<(Vec<String>, &'n Node)>,
) {
    match &node.kind {
        Kind::Table(entries) => {
            for entry in entries {
                path.push(entry.key.clone());
                collect_leaves(&entry.value, path, into);
                path.pop();
            }
        }
        Kind::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                path.push(index.to_string());
                collect_leaves(item, path, into);
                path.pop();
            }
        }
        _ => into.push((path.clone(), node)),
    }
}

/// What `layout` expects at `path`: a `Read` path also covers the paths under it.
fn expected(layout: Layout, path: &[String]) -> Option<Expect> {
    layout.iter().find_map(|(pattern, expect)| {
        let covers = match expect {
            Read => pattern.len() <= path.len(),
            Is(_) => pattern.len() == path.len(),
        };
        let matches = covers
            && pattern.iter().zip(path).all(|(want, key)| {
                (*want == "*" && key.bytes().all(|b| b.is_ascii_digit()))
                    || want.eq_ignore_ascii_case(key)
            });
        matches.then_some(*expect)
    })
}

/// A leaf as Bicep writes it: an expression without the brackets the ARM-shaped tree gives it.
fn shown(leaf: &Node) -> String {
    match &leaf.kind {
        Kind::String(text) => match text.strip_prefix('[') {
            Some(literal) if literal.starts_with('[') => literal.to_owned(),
            Some(expression) => expression
                .strip_suffix(']')
                .unwrap_or(expression)
                .to_owned(),
            None => text.clone(),
        },
        Kind::Bool(value) => value.to_string(),
        Kind::Integer(value) => value.to_string(),
        Kind::Unsigned(value) => value.to_string(),
        Kind::Float(value) => value.to_string(),
        Kind::Datetime(text) => text.clone(),
        Kind::Null | Kind::Table(_) | Kind::Array(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sigil_spec::document::{JsonSyntax, parse_json};

    const LAYOUT: Layout = &[
        (&["name"], Read),
        (&["properties", "rules", "*", "port"], Is("22")),
    ];

    #[test]
    fn values_neither_taken_nor_laid_out_are_left_over() {
        let text = r#"{"name": "x", "extra": true, "properties": {"rules": [{"port": "22"}, {"port": "80"}],
            "taken": "yes"}}"#;
        let node = parse_json(text, JsonSyntax::WithComments).unwrap();
        let taken_at = text.find("\"yes\"").unwrap();
        let taken = taken_at..taken_at + 5;
        let left = leftovers(&node, LAYOUT, std::slice::from_ref(&taken), "this thing");
        let messages: Vec<&str> = left.iter().map(|(_, what)| what.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`extra` of this thing is `true`: sigil has no key for it",
                "`properties.rules.1.port` of this thing is `80`: sigil writes `22` there, and has no key to change it",
            ]
        );
    }
}
