//! Where each key and value of a spec is written, by its path in the spec's own keys.

use std::collections::HashMap;

use sigil_core::{FieldPath, Span};

use crate::document::{Kind, Lines, Node};

/// The place of one key and its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// The key, for a value in a table; `None` for an array element and the document itself.
    pub key: Option<Span>,
    /// The value; for a TOML table opened by a `[table]` or `[[array]]` header, the header.
    pub value: Span,
}

/// Every key and value of a spec by its [`FieldPath`] (`image-definition[2].features.security-type`),
/// which is how diagnostics name what they are about.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpanIndex {
    places: HashMap<FieldPath, Place>,
}

impl SpanIndex {
    pub(crate) fn build(root: &Node, lines: &Lines<'_>) -> Self {
        let mut index = Self::default();
        index.places.insert(
            FieldPath::root(),
            Place {
                key: None,
                value: lines.span(&root.range),
            },
        );
        index.add_children(&FieldPath::root(), root, lines);
        index
    }

    fn add_children(&mut self, path: &FieldPath, node: &Node, lines: &Lines<'_>) {
        match &node.kind {
            Kind::Table(entries) => {
                for entry in entries {
                    let child = path.key(entry.key.clone());
                    let place = Place {
                        key: Some(lines.span(&entry.key_range)),
                        value: lines.span(&entry.value.range),
                    };
                    self.places.insert(child.clone(), place);
                    self.add_children(&child, &entry.value, lines);
                }
            }
            Kind::Array(items) => {
                for item in items {
                    let child = path.index(item.index);
                    let place = Place {
                        key: None,
                        value: lines.span(&item.range),
                    };
                    self.places.insert(child.clone(), place);
                    self.add_children(&child, item, lines);
                }
            }
            _ => {}
        }
    }

    /// The place of exactly this path, if the file writes it.
    pub fn get(&self, path: &FieldPath) -> Option<Place> {
        self.places.get(path).copied()
    }

    /// Where a finding about `path` points: the value at `path`, or, for a key the file does not write
    /// (a missing `admin-username`, a default), the value of its nearest ancestor that it does write,
    /// such as the `[[vm]]` header. The start of the file when the index is empty.
    pub fn locate(&self, path: &FieldPath) -> Span {
        let mut path = path.clone();
        loop {
            if let Some(place) = self.places.get(&path) {
                return place.value;
            }
            if path.pop().is_none() {
                let start = sigil_core::Position::new(1, 1);
                return Span { start, end: start };
            }
        }
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }
}
