//! What a rule says about a value: severity, message, and where in the resource description it points.

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;

use crate::rule::Rule;

/// How bad a finding is. Errors fail a run (exit 1); warnings are reported and do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// One step of a [`FieldPath`]: a key, in the spec's own (kebab-case) spelling, or an index in an array.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    Key(Cow<'static, str>),
    Index(usize),
}

/// Where a finding points inside a resource description, written the way the spec spells it:
/// `image-definition[2].sku`. Readers turn a path into a file position; rules never deal in positions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct FieldPath(Vec<Segment>);

impl FieldPath {
    pub fn root() -> Self {
        Self::default()
    }

    pub fn segments(&self) -> &[Segment] {
        &self.0
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    pub fn push_key(&mut self, key: impl Into<Cow<'static, str>>) {
        self.0.push(Segment::Key(key.into()));
    }

    pub fn push_index(&mut self, index: usize) {
        self.0.push(Segment::Index(index));
    }

    pub fn pop(&mut self) -> Option<Segment> {
        self.0.pop()
    }

    /// This path with one more key, leaving `self` as it is.
    #[must_use]
    pub fn key(&self, key: impl Into<Cow<'static, str>>) -> Self {
        let mut path = self.clone();
        path.push_key(key);
        path
    }

    /// This path with one more index, leaving `self` as it is.
    #[must_use]
    pub fn index(&self, index: usize) -> Self {
        let mut path = self.clone();
        path.push_index(index);
        path
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (position, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(key) if position == 0 => f.write_str(key)?,
                Segment::Key(key) => write!(f, ".{key}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

impl Serialize for FieldPath {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A rule's finding about one value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub message: String,
    pub path: FieldPath,
}

impl Diagnostic {
    pub fn new(rule: &'static Rule, message: impl Into<String>) -> Self {
        Self {
            rule,
            severity: rule.severity,
            message: message.into(),
            path: FieldPath::root(),
        }
    }

    #[must_use]
    pub fn at(mut self, path: FieldPath) -> Self {
        self.path = path;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_root() {
            write!(f, "{}: ", self.path)?;
        }
        write!(f, "{} [{}] {}", self.severity, self.rule.id, self.message)
    }
}

/// Whether any diagnostic in the list is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

/// Findings written as text, `ID message; ID message`: the one form a serde error can carry. Name and
/// value types write their errors this way, and spec readers read the rule ids back with
/// [`parse_tagged`], so a finding keeps its rule across a deserializer.
pub fn write_tagged<'a>(
    f: &mut fmt::Formatter<'_>,
    diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
) -> fmt::Result {
    for (position, diagnostic) in diagnostics.into_iter().enumerate() {
        if position > 0 {
            f.write_str("; ")?;
        }
        write!(f, "{} {}", diagnostic.rule.id, diagnostic.message)?;
    }
    Ok(())
}

/// The findings in text written by [`write_tagged`], or an empty list when it holds none (a message
/// that does not start with a registered rule id).
pub fn parse_tagged(text: &str) -> Vec<Diagnostic> {
    let mut found: Vec<Diagnostic> = Vec::new();
    let mut rest = text;
    while let Some((rule, after_id)) = leading_rule(rest) {
        let end = next_tag(after_id).unwrap_or(after_id.len());
        found.push(Diagnostic::new(rule, &after_id[..end]));
        rest = after_id.get(end + 2..).unwrap_or_default();
    }
    found
}

/// The registered rule whose id starts `text` (followed by a space), and the text after that space.
fn leading_rule(text: &str) -> Option<(&'static Rule, &str)> {
    let (id, rest) = text.split_once(' ')?;
    let rule = crate::rules::ALL
        .iter()
        .copied()
        .find(|rule| rule.id == id)?;
    Some((rule, rest))
}

/// Where the next `; ID ` begins in `text`.
fn next_tag(text: &str) -> Option<usize> {
    text.match_indices("; ")
        .map(|(at, _)| at)
        .find(|&at| leading_rule(&text[at + 2..]).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tagged_text_round_trips() {
        struct Tagged(Vec<Diagnostic>);
        impl fmt::Display for Tagged {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write_tagged(f, &self.0)
            }
        }
        let diagnostics = vec![
            Diagnostic::new(
                &crate::rules::SIG102,
                "gallery name `a;b` contains `;`; use `a_b`",
            ),
            Diagnostic::new(&crate::rules::SIG103, "gallery name ends with `_`"),
        ];
        let text = Tagged(diagnostics.clone()).to_string();
        assert_eq!(parse_tagged(&text), diagnostics);
        assert_eq!(parse_tagged("missing field `name`"), []);
    }

    #[test]
    fn paths_print_in_spec_spelling() {
        let path = FieldPath::root()
            .key("image-definition")
            .index(2)
            .key("sku");
        assert_eq!(path.to_string(), "image-definition[2].sku");
        assert_eq!(
            FieldPath::root().index(0).key("name").to_string(),
            "[0].name"
        );
        assert_eq!(FieldPath::root().to_string(), "");
    }
}
