//! What the words of a script are before it runs: literals, quoted strings and variables assigned a literal.

use std::ops::Range;

use super::{Reader, TsNode};

/// A word of the script, before it runs.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value {
    /// Its text, and where that text is written (for a variable, its literal assignment). `exact` when
    /// the range holds exactly the text, so that parts of it can be pointed at.
    Known {
        text: String,
        range: Range<usize>,
        exact: bool,
    },
    /// Known only when the script runs: the word as written, and where.
    Unknown(String, Range<usize>),
}

impl Value {
    pub(super) fn range(&self) -> Range<usize> {
        match self {
            Self::Known { range, .. } | Self::Unknown(_, range) => range.clone(),
        }
    }

    pub(super) fn text(&self) -> Option<&str> {
        match self {
            Self::Known { text, .. } => Some(text),
            Self::Unknown(..) => None,
        }
    }

    /// The words bash makes of an unquoted expansion with this value: its text split at blanks, the
    /// empty ones dropped.
    pub(super) fn split_at_blanks(self) -> Vec<Value> {
        let Self::Known { text, exact, .. } = &self else {
            return vec![self];
        };
        let blanks = [' ', '\t', '\n'];
        if !text.contains(blanks) {
            return vec![self];
        }
        let mut words = Vec::new();
        let mut offset = 0;
        for word in text.split(blanks) {
            if !word.is_empty() {
                words.push(Self::Known {
                    text: word.to_owned(),
                    range: self.sub(offset, offset + word.len()),
                    exact: *exact,
                });
            }
            offset += word.len() + 1;
        }
        words
    }

    /// The range of `text[from..to]`, when the range holds the text exactly; the whole range otherwise.
    pub(super) fn sub(&self, from: usize, to: usize) -> Range<usize> {
        match self {
            Self::Known {
                range, exact: true, ..
            } => range.start + from..range.start + to,
            _ => self.range(),
        }
    }
}

/// The text of an ANSI-C string's body, its usual escapes read.
fn ansi_c(body: &str) -> String {
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// The text of an unquoted word, its backslashes read.
fn unescape(word: &str) -> String {
    let mut out = String::new();
    let mut chars = word.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('\n') | None => {}
                Some(other) => out.push(other),
            },
            _ => out.push(c),
        }
    }
    out
}
impl<'a> Reader<'a> {
    pub(super) fn written(&self, node: TsNode) -> &'a str {
        &self.text[node.byte_range()]
    }

    /// The value of one word of a command or assignment; `skip` bytes of a leading word are left out
    /// (`--flag=` of `--flag=value`).
    pub(super) fn word(&self, node: TsNode, skip: usize) -> Value {
        let range = node.byte_range();
        let unknown = || Value::Unknown(self.written(node).to_owned(), range.clone());
        match node.kind() {
            "word" | "number" => {
                let raw = &self.written(node)[skip..];
                let text = unescape(raw);
                Value::Known {
                    exact: text == raw,
                    text,
                    range: range.start + skip..range.end,
                }
            }
            "raw_string" => {
                let raw = self.written(node);
                let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or_default();
                Value::Known {
                    text: inner.to_owned(),
                    range: range.start + 1..range.end.saturating_sub(1).max(range.start + 1),
                    exact: true,
                }
            }
            "ansi_c_string" => {
                let raw = self.written(node);
                let inner = raw.get(2..raw.len().saturating_sub(1)).unwrap_or_default();
                let text = ansi_c(inner);
                Value::Known {
                    exact: text == inner,
                    text,
                    range: range.start + 2..range.end.saturating_sub(1).max(range.start + 2),
                }
            }
            "string" => {
                let mut cursor = node.walk();
                let parts: Vec<TsNode> = node.named_children(&mut cursor).collect();
                match parts.as_slice() {
                    [] => Value::Known {
                        text: String::new(),
                        range: range.start + 1..range.start + 1,
                        exact: true,
                    },
                    [only] if only.kind() != "string_content" => self.word(*only, 0),
                    _ => {
                        let raw = self.written(node);
                        // An unterminated string, which ends the file, has no closing quote.
                        let opened = raw.strip_prefix('"').unwrap_or(raw);
                        let inner = opened.strip_suffix('"').unwrap_or(opened);
                        let start = range.start + (raw.len() - opened.len());
                        let mut text = String::new();
                        for part in &parts {
                            match part.kind() {
                                "string_content" => text.push_str(self.written(*part)),
                                _ => match self.word(*part, 0) {
                                    Value::Known { text: known, .. } => text.push_str(&known),
                                    Value::Unknown(..) => return unknown(),
                                },
                            }
                        }
                        Value::Known {
                            exact: text == inner,
                            text,
                            range: start..start + inner.len(),
                        }
                    }
                }
            }
            "simple_expansion" | "expansion" => self.expansion(node).unwrap_or_else(unknown),
            "concatenation" => {
                let mut cursor = node.walk();
                let mut parts: Vec<(TsNode, usize)> = node
                    .children(&mut cursor)
                    .enumerate()
                    .map(|(index, part)| (part, if index == 0 { skip } else { 0 }))
                    .collect();
                parts.retain(|(part, skip)| *skip < part.byte_range().len());
                if let [(only, skip)] = parts.as_slice() {
                    return self.word(*only, *skip);
                }
                let mut text = String::new();
                for (part, skip) in &parts {
                    match self.word(*part, *skip) {
                        Value::Known { text: known, .. } => text.push_str(&known),
                        Value::Unknown(..) => return unknown(),
                    }
                }
                let start = parts
                    .first()
                    .map_or(range.start, |(part, skip)| part.start_byte() + skip);
                Value::Known {
                    text,
                    range: start..range.end,
                    exact: false,
                }
            }
            _ => unknown(),
        }
    }

    /// `$name`, `${name}` and `${name:-default}`: the variable's literal, or the default's.
    fn expansion(&self, node: TsNode) -> Option<Value> {
        let mut cursor = node.walk();
        let children: Vec<TsNode> = node.children(&mut cursor).collect();
        let name = children
            .iter()
            .find(|child| child.kind() == "variable_name")?;
        let known = self.variables.get(self.written(*name));
        match children.as_slice() {
            [_, name_node] | [_, name_node, _] if name_node.kind() == "variable_name" => {
                known.cloned()
            }
            _ => {
                // `${name:-default}` or `${name-default}`: the default, when the variable is not known.
                let operator = children
                    .iter()
                    .position(|child| matches!(child.kind(), ":-" | "-"))?;
                if let Some(value) = known {
                    return Some(value.clone());
                }
                let default = children.get(operator + 1).filter(|d| d.kind() != "}")?;
                match self.word(*default, 0) {
                    value @ Value::Known { .. } => Some(value),
                    Value::Unknown(..) => None,
                }
            }
        }
    }
}
