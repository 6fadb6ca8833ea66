//! TOML specs, read with the `toml` crate's `DeTable`: the parser behind `toml::from_str`, already a
//! workspace dependency. It keeps the byte range of every key and value (`serde_spanned::Spanned`), refuses
//! duplicate keys as TOML requires, and bounds nesting, so no input can exhaust the stack.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::document::{Entry, Kind, Node, SyntaxError};

/// The TOML document in `text` as a tree, or the first place the parser could not read.
pub fn parse_toml(text: &str) -> Result<Node, Vec<SyntaxError>> {
    let table = DeTable::parse(text).map_err(|error| vec![syntax_error(text, &error)])?;
    let range = table.span();
    let kind = table_kind(table.get_ref()).map_err(|error| vec![error])?;
    Ok(Node::new(range, kind))
}

fn syntax_error(text: &str, error: &toml::de::Error) -> SyntaxError {
    let range = error.span().unwrap_or(0..0);
    let message = error.message();
    let message = match text.get(range.clone()) {
        Some(key) if message == "duplicate key" => {
            format!("invalid TOML: duplicate key `{key}`: write each key once in a table")
        }
        // The parser's words for a raw NUL byte are about "visible characters"; say what is there.
        _ if text.as_bytes().get(range.start) == Some(&0) => NUL.to_owned(),
        _ => format!("invalid TOML: {message}"),
    };
    SyntaxError { range, message }
}

/// What a spec is told when a string holds NUL, raw or written `\u0000`.
pub(crate) const NUL: &str = "a string holds the NUL character (U+0000), which no deployment can carry \
     (a shell drops it from a script, so the value would not arrive as written): remove it";

fn node(value: &Spanned<DeValue<'_>>) -> Result<Node, SyntaxError> {
    let range = value.span();
    let kind = match value.get_ref() {
        DeValue::String(text) if text.contains('\0') => {
            return Err(SyntaxError {
                range,
                message: NUL.to_owned(),
            });
        }
        DeValue::String(text) => Kind::String(text.to_string()),
        DeValue::Integer(integer) => {
            let parsed = i64::from_str_radix(integer.as_str(), integer.radix())
                .map_err(|_| out_of_range(&range, "integer", &integer.to_string()))?;
            Kind::Integer(parsed)
        }
        DeValue::Float(float) => {
            let parsed = float
                .as_str()
                .parse()
                .map_err(|_| out_of_range(&range, "float", float.as_str()))?;
            Kind::Float(parsed)
        }
        DeValue::Boolean(value) => Kind::Bool(*value),
        DeValue::Datetime(datetime) => Kind::Datetime(datetime.to_string()),
        DeValue::Array(items) => {
            let mut nodes = Vec::with_capacity(items.len());
            for (index, item) in items.iter().enumerate() {
                let mut item = node(item)?;
                item.index = index;
                nodes.push(item);
            }
            Kind::Array(nodes)
        }
        DeValue::Table(table) => table_kind(table)?,
    };
    Ok(Node::new(range, kind))
}

fn table_kind(table: &DeTable<'_>) -> Result<Kind, SyntaxError> {
    let mut entries = Vec::with_capacity(table.len());
    for (key, value) in table {
        entries.push(Entry {
            key: key.get_ref().to_string(),
            key_range: key.span(),
            value: node(value)?,
        });
    }
    // The parser keeps keys sorted; a spec is read, and its findings reported, in the file's order.
    entries.sort_by_key(|entry| entry.key_range.start);
    Ok(Kind::Table(entries))
}

fn out_of_range(range: &Range<usize>, what: &str, text: &str) -> SyntaxError {
    SyntaxError {
        range: range.clone(),
        message: format!("invalid TOML: {what} `{text}` cannot be represented in 64 bits"),
    }
}
