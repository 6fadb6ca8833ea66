//! One tree for both formats: every key and value with the byte range it was read from. The readers
//! build it, [`crate::de`] deserialises from it, and [`crate::index`] turns it into positions.

use std::ops::Range;

use sigil_core::{Position, Span};

/// A value and where it is written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    /// The value's bytes; for a TOML table opened by a header, the header.
    pub(crate) range: Range<usize>,
    /// The position in the parent array as written in the file, kept when earlier elements are
    /// removed to retry a deserialisation.
    pub(crate) index: usize,
    pub(crate) kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    Null,
    Bool(bool),
    Integer(i64),
    /// A JSON number above `i64::MAX`.
    Unsigned(u64),
    Float(f64),
    String(String),
    /// A TOML date or date-time, read as the text it is written as.
    Datetime(String),
    Array(Vec<Node>),
    /// Entries in the order they are written.
    Table(Vec<Entry>),
}

/// A key of a table and its value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    pub(crate) key: String,
    pub(crate) key_range: Range<usize>,
    pub(crate) value: Node,
}

impl Node {
    pub(crate) fn new(range: Range<usize>, kind: Kind) -> Self {
        Self {
            range,
            index: 0,
            kind,
        }
    }
}

/// Byte offsets to line and column, as [`Position::of_offset`] computes them, without rescanning the
/// text for every position.
#[derive(Debug)]
pub(crate) struct Lines<'a> {
    text: &'a str,
    /// The byte offset where each line starts.
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        Self { text, starts }
    }

    pub(crate) fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset);
        let line_start = self.starts[line - 1];
        let column = self.text[line_start..offset].chars().count() + 1;
        Position::new(line, column)
    }

    pub(crate) fn span(&self, range: &Range<usize>) -> Span {
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
}
