//! Quoting, once per target language. Every value a template writes goes through one of these (as a
//! handlebars helper); nothing else quotes. JSON outputs are built with serde and need none of this.

use std::borrow::Cow;
use std::fmt::Write as _;

/// A bash word that stands for exactly `value`: as it is when every character is one the shell never
/// interprets (the docs' `--gallery-name myGallery`), otherwise in single quotes, where nothing is
/// interpreted and a `'` is written as `'\''`.
pub fn bash(value: &str) -> Cow<'_, str> {
    let plain = |c: char| {
        c.is_ascii_alphanumeric()
            || matches!(c, '@' | '%' | '+' | '=' | ':' | ',' | '.' | '/' | '_' | '-')
    };
    if !value.is_empty() && value.chars().all(plain) {
        return Cow::Borrowed(value);
    }
    Cow::Owned(format!("'{}'", value.replace('\'', r"'\''")))
}

/// A PowerShell verbatim string: single quotes, with every quote character PowerShell treats as a single
/// quote (`'` and the typographic `‘ ’ ‚ ‛`) doubled, so none can end the string.
pub fn powershell(value: &str) -> String {
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('\'');
    for c in value.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
            quoted.push(c);
        }
        quoted.push(c);
    }
    quoted.push('\'');
    quoted
}

/// A Bicep string literal: single quotes, with `\`, `'` and `${` escaped so nothing is interpolated, and
/// control characters written as escapes so the literal stays on one line.
pub fn bicep(value: &str) -> String {
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('\'');
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => quoted.push_str(r"\\"),
            '\'' => quoted.push_str(r"\'"),
            '$' if chars.peek() == Some(&'{') => quoted.push_str(r"\$"),
            '\n' => quoted.push_str(r"\n"),
            '\r' => quoted.push_str(r"\r"),
            '\t' => quoted.push_str(r"\t"),
            c if c.is_control() => {
                let _ = write!(quoted, "\\u{{{:X}}}", u32::from(c));
            }
            c => quoted.push(c),
        }
    }
    quoted.push('\'');
    quoted
}

/// Text for a Markdown table cell or sentence: characters that would start markup are escaped and line
/// breaks become spaces, so a value cannot add rows, links or HTML.
pub fn markdown(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\n' | '\r' => escaped.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' | '(' | ')' | '{'
            | '}' | '&' => {
                escaped.push('\\');
                escaped.push(c);
            }
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bash_leaves_plain_words_alone_and_quotes_the_rest() {
        assert_eq!(bash("myGalleryRG"), "myGalleryRG");
        assert_eq!(bash("16.04-LTS"), "16.04-LTS");
        assert_eq!(bash(""), "''");
        assert_eq!(bash("it's $(rm -rf /)"), r"'it'\''s $(rm -rf /)'");
        assert_eq!(bash("a b"), "'a b'");
    }

    #[test]
    fn powershell_doubles_every_single_quote_character() {
        assert_eq!(powershell("myGallery"), "'myGallery'");
        assert_eq!(powershell("it's"), "'it''s'");
        assert_eq!(
            powershell("\u{2019}; Remove-Item"),
            "'\u{2019}\u{2019}; Remove-Item'"
        );
        assert_eq!(powershell("$env:HOME `n"), "'$env:HOME `n'");
    }

    #[test]
    fn bicep_escapes_quotes_backslashes_interpolation_and_line_breaks() {
        assert_eq!(bicep("myGallery"), "'myGallery'");
        assert_eq!(bicep(r"it's ${x} \ $y"), r"'it\'s \${x} \\ $y'");
        assert_eq!(bicep("a\nb\u{7}"), r"'a\nb\u{7}'");
    }

    #[test]
    fn markdown_cannot_add_markup() {
        assert_eq!(markdown("a | b\n[x](y)"), r"a \| b \[x\]\(y\)");
    }
}
