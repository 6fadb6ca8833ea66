//! JSON documents: sigil's JSON specs, and the ARM templates the linter reads, with dprint's
//! `jsonc-parser`. Unlike `serde_json` it gives the byte range of every key and value; it is maintained,
//! bounds nesting depth (no input can exhaust the stack), and can be told to accept only strict JSON (no
//! comments, trailing commas or other JSON5 forms) or the JSON with comments ARM reads. It keeps a
//! duplicate key silently, so duplicates are refused here.

use std::collections::HashMap;
use std::ops::Range;

use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use crate::document::{Entry, Kind, Lines, Node, SyntaxError};

/// Which JSON a reader accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonSyntax {
    /// Strict JSON, as sigil's own JSON specs are written.
    Strict,
    /// JSON with `//` and `/* */` comments and trailing commas, as Azure Resource Manager reads templates.
    WithComments,
}

/// The JSON document in `text` as a tree, or where it is not JSON: the parser's first error, or every
/// duplicate key (which the parser would keep silently).
pub fn parse_json(text: &str, syntax: JsonSyntax) -> Result<Node, Vec<SyntaxError>> {
    let lenient = syntax == JsonSyntax::WithComments;
    let options = ParseOptions {
        allow_comments: lenient,
        allow_loose_object_property_names: false,
        allow_trailing_commas: lenient,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let lines = Lines::new(text);
    let parsed = parse_to_ast(text, &CollectOptions::default(), &options).map_err(|error| {
        let range = error.range();
        vec![SyntaxError {
            range: range.start..range.end,
            message: format!(
                "invalid JSON: {}",
                lowercase_first(&error.kind().to_string())
            ),
        }]
    })?;
    let Some(value) = parsed.value else {
        let message = match syntax {
            JsonSyntax::Strict => {
                "invalid JSON: the file holds no value; a JSON spec is an object such as \
                 `{\"gallery\": [{\"name\": \"myGallery\"}]}`"
            }
            JsonSyntax::WithComments => "invalid JSON: the file holds no value",
        };
        return Err(vec![SyntaxError {
            range: text.len()..text.len(),
            message: message.to_owned(),
        }]);
    };
    let mut refused = Vec::new();
    let what = match syntax {
        JsonSyntax::Strict => "invalid JSON spec",
        JsonSyntax::WithComments => "invalid JSON",
    };
    let root = node(
        &value,
        &Reading {
            lines: &lines,
            what,
        },
        &mut refused,
    );
    if refused.is_empty() {
        Ok(root)
    } else {
        Err(refused)
    }
}

/// What the conversion needs besides the value: positions for messages, and how they name the file.
struct Reading<'a> {
    lines: &'a Lines<'a>,
    what: &'static str,
}

fn node(value: &Value<'_>, reading: &Reading<'_>, refused: &mut Vec<SyntaxError>) -> Node {
    let range = value_range(value);
    let kind = match value {
        Value::NullKeyword(_) => Kind::Null,
        Value::BooleanLit(literal) => Kind::Bool(literal.value),
        Value::StringLit(literal) => {
            if literal.value.contains('\0') {
                refused.push(SyntaxError {
                    range: range.clone(),
                    message: crate::read_toml::NUL.to_owned(),
                });
            }
            Kind::String(literal.value.to_string())
        }
        Value::NumberLit(literal) => number(literal.value),
        Value::Array(array) => Kind::Array(
            array
                .elements
                .iter()
                .enumerate()
                .map(|(index, element)| {
                    let mut element = node(element, reading, refused);
                    element.index = index;
                    element
                })
                .collect(),
        ),
        Value::Object(object) => {
            let mut first_seen: HashMap<&str, usize> = HashMap::new();
            let mut entries = Vec::with_capacity(object.properties.len());
            for property in &object.properties {
                let (key, key_range) = match &property.name {
                    ObjectPropName::String(literal) => (literal.value.as_ref(), literal.range),
                    ObjectPropName::Word(word) => (word.value, word.range),
                };
                if let Some(&first) = first_seen.get(key) {
                    let first = reading.lines.position(first);
                    refused.push(SyntaxError {
                        range: key_range.start..key_range.end,
                        message: format!(
                            "{}: duplicate key `{key}` (first at line {}, column {}): write each key \
                             once in an object",
                            reading.what, first.line, first.column
                        ),
                    });
                    continue;
                }
                first_seen.insert(key, key_range.start);
                entries.push(Entry {
                    key: key.to_owned(),
                    key_range: key_range.start..key_range.end,
                    value: node(&property.value, reading, refused),
                });
            }
            Kind::Table(entries)
        }
    };
    Node::new(range, kind)
}

fn value_range(value: &Value<'_>) -> Range<usize> {
    let range = match value {
        Value::StringLit(literal) => literal.range,
        Value::NumberLit(literal) => literal.range,
        Value::BooleanLit(literal) => literal.range,
        Value::Object(object) => object.range,
        Value::Array(array) => array.range,
        Value::NullKeyword(null) => null.range,
    };
    range.start..range.end
}

/// A JSON number: whole numbers as integers when they fit, everything else as a float.
fn number(text: &str) -> Kind {
    if let Ok(integer) = text.parse::<i64>() {
        Kind::Integer(integer)
    } else if let Ok(unsigned) = text.parse::<u64>() {
        Kind::Unsigned(unsigned)
    } else {
        // The parser accepted the text as a JSON number, which Rust's float syntax includes.
        Kind::Float(text.parse().unwrap_or(f64::NAN))
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}
