//! The resources the script readers find, and the spec-shaped document they make of them. Each reader adds
//! its own way of recognising a resource (`az sig image-version create`, `New-AzGalleryImageVersion`) in an
//! `impl ResourceKind` of its own. Both read gallery resource ids (`/subscriptions/.../galleries/G/images/D`)
//! with [`GalleryId::parse`].

use std::ops::Range;
use std::path::Path;

use sigil_core::rules::SIG000;
use sigil_core::{Diagnostic, Located};
use sigil_spec::document::{Entry, Lines, Node};

use crate::syntax_tree::first_error;
use crate::{Read, Unresolved};

/// A kind of resource, as the spec's top-level arrays hold them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ResourceKind {
    Gallery,
    ImageDefinition,
    ImageVersion,
    Application,
    ApplicationVersion,
    VirtualMachine,
    RoleAssignment,
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
            Self::VirtualMachine => "vm",
            Self::RoleAssignment => "role-assignment",
        }
    }

    /// The spec's keys of a gallery resource's names, parents first (none for the other kinds).
    pub(crate) fn name_keys(self) -> &'static [&'static str] {
        match self {
            Self::Gallery => &["name"],
            Self::ImageDefinition | Self::Application => &["gallery", "name"],
            Self::ImageVersion => &["gallery", "image-definition", "name"],
            Self::ApplicationVersion => &["gallery", "application", "name"],
            Self::VirtualMachine | Self::RoleAssignment => &[],
        }
    }

    /// The ARM reader's kind of a gallery resource, whose property mapping reads REST bodies too.
    pub(crate) fn arm(self) -> Option<crate::arm::ResourceKind> {
        let arm_type = match self {
            Self::Gallery => "Microsoft.Compute/galleries",
            Self::ImageDefinition => "Microsoft.Compute/galleries/images",
            Self::ImageVersion => "Microsoft.Compute/galleries/images/versions",
            Self::Application => "Microsoft.Compute/galleries/applications",
            Self::ApplicationVersion => "Microsoft.Compute/galleries/applications/versions",
            Self::VirtualMachine | Self::RoleAssignment => return None,
        };
        crate::arm::ResourceKind::of_type(arm_type)
    }
}

/// A gallery resource named by its resource id: the kind, the names (gallery first) with their ranges in
/// the id, and the resource group the id names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GalleryId {
    pub(crate) kind: ResourceKind,
    pub(crate) names: Vec<(String, Range<usize>)>,
    pub(crate) resource_group: Option<(String, Range<usize>)>,
}

impl GalleryId {
    /// `/subscriptions/S/resourceGroups/RG/providers/Microsoft.Compute/galleries/G[/images/D[/versions/V]]`
    /// (or `/applications/A[/versions/V]`), segment names ignoring case, a `?query` left out. Anything else
    /// (another resource type, a shared or community gallery id) is `None`.
    pub(crate) fn parse(id: &str) -> Option<Self> {
        let path = id.split('?').next().unwrap_or_default();
        let mut segments = Vec::new();
        let mut offset = 0;
        for segment in path.split('/') {
            segments.push((segment, offset..offset + segment.len()));
            offset += segment.len() + 1;
        }
        segments.retain(|(segment, _)| !segment.is_empty());
        let is = |index: usize, word: &str| {
            segments
                .get(index)
                .is_some_and(|(segment, _)| segment.eq_ignore_ascii_case(word))
        };
        let provider = (0..segments.len()).find(|&at| {
            is(at, "providers") && is(at + 1, "Microsoft.Compute") && is(at + 2, "galleries")
        })?;
        let resource_group = (0..provider)
            .find(|&at| is(at, "resourceGroups"))
            .and_then(|at| segments.get(at + 1))
            .map(|(name, range)| ((*name).to_owned(), range.clone()));
        let rest = &segments[provider + 3..];
        let kind = match rest.len() {
            1 => ResourceKind::Gallery,
            3 if is(provider + 4, "images") => ResourceKind::ImageDefinition,
            3 if is(provider + 4, "applications") => ResourceKind::Application,
            5 if is(provider + 4, "images") && is(provider + 6, "versions") => {
                ResourceKind::ImageVersion
            }
            5 if is(provider + 4, "applications") && is(provider + 6, "versions") => {
                ResourceKind::ApplicationVersion
            }
            _ => return None,
        };
        let names = rest
            .iter()
            .step_by(2)
            .map(|(name, range)| ((*name).to_owned(), range.clone()))
            .collect();
        Some(Self {
            kind,
            names,
            resource_group,
        })
    }

    /// The id text of a resource of `kind` named `names` (gallery first), as a script's `$x.Id` holds it;
    /// the subscription is left out, as sigil does not read it.
    pub(crate) fn text(
        kind: ResourceKind,
        names: &[&str],
        resource_group: Option<&str>,
    ) -> Option<String> {
        let children: &[&str] = match kind {
            ResourceKind::Gallery => &[],
            ResourceKind::ImageDefinition => &["images"],
            ResourceKind::ImageVersion => &["images", "versions"],
            ResourceKind::Application => &["applications"],
            ResourceKind::ApplicationVersion => &["applications", "versions"],
            ResourceKind::VirtualMachine | ResourceKind::RoleAssignment => return None,
        };
        let (gallery, rest) = names.split_first()?;
        if rest.len() != children.len() {
            return None;
        }
        let mut id = String::new();
        if let Some(group) = resource_group {
            id.push_str("/resourceGroups/");
            id.push_str(group);
        }
        id.push_str("/providers/Microsoft.Compute/galleries/");
        id.push_str(gallery);
        for (child, name) in children.iter().zip(rest) {
            id.push('/');
            id.push_str(child);
            id.push('/');
            id.push_str(name);
        }
        Some(id)
    }

    /// The same id with its ranges moved by `offset` (from the id's text to the file's).
    pub(crate) fn shifted(mut self, offset: usize) -> Self {
        let shift = |range: &mut Range<usize>| *range = range.start + offset..range.end + offset;
        self.names.iter_mut().for_each(|(_, range)| shift(range));
        if let Some((_, range)) = &mut self.resource_group {
            shift(range);
        }
        self
    }

    /// The same id with every range `range`: for an id whose text is not written as it reads.
    pub(crate) fn placed(mut self, range: &Range<usize>) -> Self {
        self.names
            .iter_mut()
            .for_each(|(_, at)| *at = range.clone());
        if let Some((_, at)) = &mut self.resource_group {
            *at = range.clone();
        }
        self
    }

    /// `GALLERY/DEFINITION[/VERSION]`, as the spec's `scope` and `image` write it.
    pub(crate) fn path(&self) -> String {
        self.names
            .iter()
            .map(|(name, _)| name.as_str())
            .collect::<Vec<_>>()
            .join("/")
    }

    /// The names as the entries of a resource of this kind (`gallery`, `image-definition`, `name`), each
    /// at `key_range`.
    pub(crate) fn entries(&self, key_range: &Range<usize>) -> Vec<Entry> {
        self.kind
            .name_keys()
            .iter()
            .zip(&self.names)
            .map(|(key, (name, range))| {
                Entry::new(*key, key_range.clone(), Node::string(range.clone(), name))
            })
            .collect()
    }
}

/// The spec's `resource-group` table: `name` and, when known, `location`, each at its range.
pub(crate) fn resource_group(
    range: Range<usize>,
    name: (&str, Range<usize>, Range<usize>),
    location: Option<(&str, Range<usize>, Range<usize>)>,
) -> Entry {
    let mut entries = Vec::new();
    for (key, (text, key_range, value_range)) in [("name", Some(name)), ("location", location)]
        .into_iter()
        .filter_map(|(key, value)| Some((key, value?)))
    {
        entries.push(Entry::new(key, key_range, Node::string(value_range, text)));
    }
    Entry::new("resource-group", range.clone(), Node::table(range, entries))
}

/// `document` with the `resource-group` table first (a document of its own when there is nothing else).
pub(crate) fn with_resource_group(
    document: Option<Node>,
    group: Option<Entry>,
    length: usize,
) -> Option<Node> {
    let Some(group) = group else {
        return document;
    };
    let mut entries = vec![group];
    entries.extend(
        document
            .map(|node| node.entries().to_vec())
            .unwrap_or_default(),
    );
    Some(Node::table(0..length, entries))
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

/// What a script reader found in one file.
pub(crate) struct Found {
    /// The resources the script creates.
    pub(crate) created: Vec<(ResourceKind, Node)>,
    /// The resources it only names (updates, shows, deletes).
    pub(crate) named: Vec<(ResourceKind, Node)>,
    /// The spec's `resource-group` table, when the script creates the group.
    pub(crate) group: Option<Entry>,
    pub(crate) unresolved: Vec<(Range<usize>, String)>,
    pub(crate) ignored: Vec<(Range<usize>, String)>,
}

/// A script reader's [`Read`]: its documents, what it could not resolve or has no key for, each placed in
/// `file`, and a syntax error at the first node of `root` that does not parse when the script has gallery
/// commands (`invalid` says what may then be read wrong).
pub(crate) fn script_read(
    file: &Path,
    text: &str,
    root: tree_sitter::Node<'_>,
    mut found: Found,
    invalid: &str,
) -> Read {
    let lines = Lines::new(text);
    let mut diagnostics = Vec::new();
    if root.has_error()
        && (!found.created.is_empty() || !found.named.is_empty())
        && let Some(at) = first_error(root)
    {
        diagnostics.push(Located {
            file: file.to_path_buf(),
            span: lines.span(&(at..at)),
            diagnostic: Diagnostic::new(&SIG000, invalid),
        });
    }
    let located = |found: &[(Range<usize>, String)]| {
        found
            .iter()
            .map(|(range, what)| Unresolved {
                file: file.to_path_buf(),
                span: lines.span(range),
                what: what.clone(),
            })
            .collect()
    };
    found.ignored.sort_by_key(|(range, _)| range.start);
    Read {
        unresolved: located(&found.unresolved),
        ignored: located(&found.ignored),
        document: with_resource_group(document(found.created, text.len()), found.group, text.len()),
        alternatives: document(found.named, text.len()),
        diagnostics,
    }
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
