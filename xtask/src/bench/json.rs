//! Just enough JSON to write `results.json` without a dependency.

use std::fmt::Write as _;

#[derive(Debug, Clone)]
pub(super) enum Json {
    Null,
    Bool(bool),
    Int(u64),
    Float(f64),
    Str(String),
    Array(Vec<Json>),
    Object(Vec<(&'static str, Json)>),
}

impl Json {
    pub(super) fn str(text: impl Into<String>) -> Json {
        Json::Str(text.into())
    }

    /// A float rounded to three decimals (milliseconds to the microsecond); `null` when not finite.
    pub(super) fn float(value: f64) -> Json {
        if value.is_finite() {
            Json::Float((value * 1000.0).round() / 1000.0)
        } else {
            Json::Null
        }
    }

    pub(super) fn opt<T>(value: Option<T>, into: impl FnOnce(T) -> Json) -> Json {
        value.map_or(Json::Null, into)
    }

    /// Pretty-printed, two spaces per level, with a final newline.
    pub(super) fn render(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, 0);
        out.push('\n');
        out
    }

    fn write(&self, out: &mut String, depth: usize) {
        let indent = |out: &mut String, depth: usize| {
            out.push('\n');
            out.extend(std::iter::repeat_n("  ", depth));
        };
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(value) => {
                let _ = write!(out, "{value}");
            }
            Json::Int(value) => {
                let _ = write!(out, "{value}");
            }
            Json::Float(value) => {
                let _ = write!(out, "{value}");
            }
            Json::Str(text) => write_string(out, text),
            Json::Array(items) if items.is_empty() => out.push_str("[]"),
            Json::Array(items) => {
                out.push('[');
                for (at, item) in items.iter().enumerate() {
                    if at > 0 {
                        out.push(',');
                    }
                    indent(out, depth + 1);
                    item.write(out, depth + 1);
                }
                indent(out, depth);
                out.push(']');
            }
            Json::Object(entries) if entries.is_empty() => out.push_str("{}"),
            Json::Object(entries) => {
                out.push('{');
                for (at, (key, value)) in entries.iter().enumerate() {
                    if at > 0 {
                        out.push(',');
                    }
                    indent(out, depth + 1);
                    write_string(out, key);
                    out.push_str(": ");
                    value.write(out, depth + 1);
                }
                indent(out, depth);
                out.push('}');
            }
        }
    }
}

fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_render_as_json() {
        let value = Json::Object(vec![
            ("name", Json::str("a \"b\"\n\u{1}")),
            (
                "list",
                Json::Array(vec![Json::Int(1), Json::float(1.23456), Json::Null]),
            ),
            ("empty", Json::Array(Vec::new())),
            ("yes", Json::Bool(true)),
            ("nan", Json::float(f64::NAN)),
        ]);
        assert_eq!(
            value.render(),
            "{\n  \"name\": \"a \\\"b\\\"\\n\\u0001\",\n  \"list\": [\n    1,\n    1.235,\n    null\n  ],\n  \"empty\": [],\n  \"yes\": true,\n  \"nan\": null\n}\n"
        );
    }
}
