//! Where in a file something is written. Readers fill spans; diagnostics carry them; renderers print them
//! and never recompute positions.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

use crate::diagnostic::Diagnostic;

/// A 1-based line and column; the column counts characters, as editors do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    pub fn new(line: usize, column: usize) -> Self {
        Self { line, column }
    }

    /// The position of byte `offset` in `text` (clamped to its length and to a character boundary).
    pub fn of_offset(text: &str, offset: usize) -> Self {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
        let column = before[line_start..].chars().count() + 1;
        Self { line, column }
    }
}

/// A range in a file, from `start` up to (not including) `end`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: Position,
    pub end: Position,
}

impl Span {
    /// The span of the byte range `range` of `text`.
    pub fn of_range(text: &str, range: std::ops::Range<usize>) -> Self {
        Self {
            start: Position::of_offset(text, range.start),
            end: Position::of_offset(text, range.end),
        }
    }
}

/// A diagnostic at a place in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub file: PathBuf,
    pub span: Span,
    pub diagnostic: Diagnostic,
}

impl fmt::Display for Located {
    /// `path:line:column: severity[ID] message`, the shape editors and CI annotate from.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Position { line, column } = self.span.start;
        let diagnostic = &self.diagnostic;
        write!(
            f,
            "{}:{line}:{column}: {}[{}] {}",
            self.file.display(),
            diagnostic.severity,
            diagnostic.rule.id,
            diagnostic.message
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_one_based_character_positions() {
        let text = "a = 1\nnäme = \"x\"\n";
        assert_eq!(Position::of_offset(text, 0), Position::new(1, 1));
        assert_eq!(Position::of_offset(text, 6), Position::new(2, 1));
        // "ä" is two bytes; the `=` after "näme " is the 6th character of line 2.
        let equals = text.find("= \"").unwrap();
        assert_eq!(Position::of_offset(text, equals), Position::new(2, 6));
        assert_eq!(Position::of_offset(text, 10_000), Position::new(3, 1));
    }
}
