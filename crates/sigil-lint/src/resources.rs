//! The gallery resources the script readers find, and the spec-shaped document they make of them. Each
//! reader adds its own way of recognising a resource (`az sig image-version create`,
//! `New-AzGalleryImageVersion`) in an `impl ResourceKind` of its own.

use std::ops::Range;

use sigil_spec::document::{Entry, Node};

/// A kind of gallery resource, as the spec's top-level arrays hold them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ResourceKind {
    Gallery,
    ImageDefinition,
    ImageVersion,
    Application,
    ApplicationVersion,
}

impl ResourceKind {
    /// The spec's top-level key for resources of this kind.
    pub(crate) fn array(self) -> &'static str {
        match self {
            Self::Gallery => "gallery",
            Self::ImageDefinition => "image-definition",
            Self::ImageVersion => "image-version",
            Self::Application => "application",
            Self::ApplicationVersion => "application-version",
        }
    }
}

/// The resources as a document of the spec's arrays, each in the order written; `None` when there are
/// none. `length` is the length of the file the ranges point into.
pub(crate) fn document(resources: Vec<(ResourceKind, Node)>, length: usize) -> Option<Node> {
    let mut arrays: Vec<(ResourceKind, Range<usize>, Vec<Node>)> = Vec::new();
    for (kind, node) in resources {
        match arrays.iter_mut().find(|(known, ..)| *known == kind) {
            Some((_, range, items)) => {
                range.end = range.end.max(node.range.end);
                items.push(node);
            }
            None => arrays.push((kind, node.range.clone(), vec![node])),
        }
    }
    (!arrays.is_empty()).then(|| {
        let entries = arrays
            .into_iter()
            .map(|(kind, range, items)| Entry::new(kind.array(), 0..0, Node::array(range, items)))
            .collect();
        Node::table(0..length, entries)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resources_are_grouped_by_kind_in_the_order_written() {
        let resource = |at: usize, name: &str| {
            Node::table(
                at..at + 10,
                vec![Entry::new(
                    "name",
                    at..at + 4,
                    Node::string(at + 5..at + 10, name),
                )],
            )
        };
        let document = document(
            vec![
                (ResourceKind::ImageDefinition, resource(20, "d1")),
                (ResourceKind::Gallery, resource(0, "g1")),
                (ResourceKind::ImageDefinition, resource(40, "d2")),
            ],
            60,
        )
        .expect("a document");
        let keys: Vec<&str> = document
            .entries()
            .iter()
            .map(|entry| entry.key.as_str())
            .collect();
        assert_eq!(keys, ["image-definition", "gallery"]);
        let definitions = document.get("image-definition").unwrap();
        assert_eq!(definitions.range, 20..50);
        let names: Vec<_> = definitions
            .items()
            .iter()
            .map(|item| item.get("name").and_then(Node::as_str))
            .collect();
        assert_eq!(names, [Some("d1"), Some("d2")]);
        assert!(super::document(Vec::new(), 0).is_none());
    }
}
