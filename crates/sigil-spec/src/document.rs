//! A spec-shaped document: every key and value with the byte range of the file it was read from.
//!
//! The spec readers build one from TOML ([`parse_toml`]) or JSON ([`parse_json`]); other readers (the
//! linter's ARM, Bicep or script readers) build one from what they find in their own formats, with ranges
//! pointing where each value is written in *their* file. Either way the document is checked by
//! [`crate::check_document`], the path `sigil validate` takes: each resource deserialised on its own (names
//! and values refused with their rule ids), the model's rules, and every finding placed at the range of
//! the key or value it is about.
//!
//! A document has the structure of a spec: a table whose keys are the spec's top-level keys
//! (`gallery`, `image-definition`, ...), each an array of tables keyed as the spec keys them
//! (`os-type`, `features.security-type`, ...). Ranges need not be nested or ordered: a value resolved
//! from a parameter points at the parameter's default, wherever it is.
//!
//! ```
//! use sigil_spec::document::{Entry, Node};
//!
//! // `{"name": "my-gallery"}` as the spec's `gallery[0].name`, every range into that text.
//! let text = r#"{"name": "my-gallery"}"#;
//! let name = Entry::new("name", 1..7, Node::string(9..21, "my-gallery"));
//! let gallery = Node::table(0..text.len(), vec![name]);
//! let galleries = Entry::new("gallery", 0..0, Node::array(0..text.len(), vec![gallery]));
//! let root = Node::table(0..text.len(), vec![galleries]);
//!
//! let first = &root.get("gallery").unwrap().items()[0];
//! assert_eq!(first.get("name").and_then(Node::as_str), Some("my-gallery"));
//! assert_eq!(&text[first.get("name").unwrap().range.clone()], "\"my-gallery\"");
//! ```

use std::ops::Range;

use sigil_core::{Position, Span};

pub use crate::read_json::{JsonSyntax, parse_json};
pub use crate::read_toml::parse_toml;

/// A value and where it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value's bytes; for a TOML table opened by a header, the header.
    pub range: Range<usize>,
    /// The position in the parent array as written in the file. Findings about array elements name this
    /// index (`image-version[2]`), so it stays right when earlier elements are removed to retry a
    /// deserialisation, or when a reader leaves out an element it could not read.
    pub index: usize,
    pub kind: Kind,
}

/// What a value is.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    Integer(i64),
    /// A JSON number above `i64::MAX`.
    Unsigned(u64),
    Float(f64),
    String(String),
    /// A TOML date or date-time, read as the text it is written as.
    Datetime(String),
    /// Elements in the order they are written, each with its [`Node::index`].
    Array(Vec<Node>),
    /// Entries in the order they are written.
    Table(Vec<Entry>),
}

/// A key of a table and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    /// Where the key is written: findings about the key itself (an unknown key) point here. A reader whose
    /// format has no key for a value (a positional argument, a name segment) gives the value's range.
    pub key_range: Range<usize>,
    pub value: Node,
}

impl Entry {
    pub fn new(key: impl Into<String>, key_range: Range<usize>, value: Node) -> Self {
        Self {
            key: key.into(),
            key_range,
            value,
        }
    }
}

impl Node {
    /// A value at index 0 of its parent; see [`Node::with_index`].
    pub fn new(range: Range<usize>, kind: Kind) -> Self {
        Self {
            range,
            index: 0,
            kind,
        }
    }

    pub fn string(range: Range<usize>, text: impl Into<String>) -> Self {
        Self::new(range, Kind::String(text.into()))
    }

    pub fn bool(range: Range<usize>, value: bool) -> Self {
        Self::new(range, Kind::Bool(value))
    }

    pub fn integer(range: Range<usize>, value: i64) -> Self {
        Self::new(range, Kind::Integer(value))
    }

    pub fn table(range: Range<usize>, entries: Vec<Entry>) -> Self {
        Self::new(range, Kind::Table(entries))
    }

    /// An array whose elements are numbered by their position in `items`. A reader that leaves elements
    /// out numbers the others itself ([`Node::with_index`]) and builds the array with [`Kind::Array`].
    pub fn array(range: Range<usize>, items: Vec<Node>) -> Self {
        let items = items
            .into_iter()
            .enumerate()
            .map(|(index, item)| item.with_index(index))
            .collect();
        Self::new(range, Kind::Array(items))
    }

    /// This value as the element at `index` of its array, as the file numbers it.
    #[must_use]
    pub fn with_index(mut self, index: usize) -> Self {
        self.index = index;
        self
    }

    /// The value of `key`, when this is a table that has it (the first, should it repeat).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|entry| &entry.value)
    }

    /// The entry of `key`, when this is a table that has it.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.kind {
            Kind::Table(entries) => entries.iter().find(|entry| entry.key == key),
            _ => None,
        }
    }

    /// The entries of a table; none for anything else.
    pub fn entries(&self) -> &[Entry] {
        match &self.kind {
            Kind::Table(entries) => entries,
            _ => &[],
        }
    }

    /// The elements of an array; none for anything else.
    pub fn items(&self) -> &[Node] {
        match &self.kind {
            Kind::Array(items) => items,
            _ => &[],
        }
    }

    /// The text of a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(text) => Some(text),
            _ => None,
        }
    }
}

/// Where a file cannot be read as its syntax, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub range: Range<usize>,
    pub message: String,
}

/// Byte offsets to line and column, as [`Position::of_offset`] computes them, without rescanning the
/// text for every position.
#[derive(Debug)]
pub struct Lines<'a> {
    text: &'a str,
    /// The byte offset where each line starts.
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        Self { text, starts }
    }

    /// The position of byte `offset` (clamped to the text and to a character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset);
        let line_start = self.starts[line - 1];
        let column = self.text[line_start..offset].chars().count() + 1;
        Position::new(line, column)
    }

    pub fn span(&self, range: &Range<usize>) -> Span {
        Span {
            start: self.position(range.start),
            end: self.position(range.end),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_agree_with_the_core() {
        let text = "a = 1\r\nnäme = \"x\"\n\n  ü = \"日本\"\nlast";
        let lines = Lines::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                lines.position(offset),
                Position::of_offset(text, offset),
                "offset {offset}"
            );
        }
        assert_eq!(Lines::new("").position(0), Position::new(1, 1));
    }

    #[test]
    fn arrays_number_their_elements_unless_told() {
        let array = Node::array(0..0, vec![Node::bool(0..0, true), Node::bool(0..0, false)]);
        let indices: Vec<usize> = array.items().iter().map(|item| item.index).collect();
        assert_eq!(indices, [0, 1]);
        let kept = Node::new(
            0..0,
            Kind::Array(vec![Node::bool(0..0, true).with_index(3)]),
        );
        assert_eq!(kept.items()[0].index, 3);
        assert_eq!(kept.get("x"), None);
        assert!(kept.entries().is_empty());
    }
}
