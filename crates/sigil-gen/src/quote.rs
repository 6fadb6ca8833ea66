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
///
/// A `/` that would open a comment where tree-sitter-bicep starts a token is written as the escape `\u{2F}`:
/// the same value to the Bicep compiler, and a literal that the outside tools built on that grammar (the
/// checkers, editors' syntax highlighting) read as Bicep does. The grammar lets whitespace and comments
/// appear between the tokens of a string (after the opening quote, an escape, or a lone `$`), so `'// x'`
/// reads as an unterminated string and a comment, and `'/*'` in one string and `'*/'` in a later one swallow
/// everything between them without an error. The Bicep compiler's lexer has no such rule.
pub fn bicep(value: &str) -> String {
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('\'');
    bicep_text(value, &mut quoted);
    quoted.push('\'');
    quoted
}

/// A Bicep string `'{prefix}${expression}{suffix}'`: `prefix` and `suffix` escaped as [`bicep`] escapes a
/// value, `expression` (an identifier, which the caller checks) interpolated.
pub fn bicep_interpolation(prefix: &str, expression: &str, suffix: &str) -> String {
    let mut quoted = String::with_capacity(prefix.len() + expression.len() + suffix.len() + 5);
    quoted.push('\'');
    bicep_text(prefix, &mut quoted);
    quoted.push_str("${");
    quoted.push_str(expression);
    quoted.push('}');
    bicep_text(suffix, &mut quoted);
    quoted.push('\'');
    quoted
}

/// The inside of a Bicep string literal for `value`, where a token starts (see [`bicep`]).
fn bicep_text(value: &str, quoted: &mut String) {
    // Whether tree-sitter-bicep starts a new token here, where it also accepts whitespace and comments.
    let mut token_start = true;
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        let escape = match c {
            '\\' => Some(r"\\"),
            '\'' => Some(r"\'"),
            '$' if chars.peek() == Some(&'{') => Some(r"\$"),
            '\n' => Some(r"\n"),
            '\r' => Some(r"\r"),
            '\t' => Some(r"\t"),
            '/' if token_start && matches!(chars.peek(), Some('/' | '*')) => Some(r"\u{2F}"),
            _ => None,
        };
        match (escape, c) {
            (Some(escape), _) => quoted.push_str(escape),
            (None, c) if c.is_control() => {
                let _ = write!(quoted, "\\u{{{:X}}}", u32::from(c));
            }
            (None, c) => quoted.push(c),
        }
        // After an escape or a lone `$` a token starts; a `#` or a space (skipped there) changes nothing.
        token_start = escape.is_some()
            || c.is_control()
            || c == '$'
            || (token_start && matches!(c, '#' | ' '));
    }
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
    fn bicep_escapes_a_slash_that_would_open_a_comment_where_a_token_starts() {
        assert_eq!(bicep("// x"), r"'\u{2F}/ x'");
        assert_eq!(bicep("/*"), r"'\u{2F}*'");
        assert_eq!(bicep("  # /* x"), r"'  # \u{2F}* x'");
        assert_eq!(bicep("///"), r"'\u{2F}\u{2F}/'");
        assert_eq!(bicep("it'//"), r"'it\'\u{2F}/'");
        assert_eq!(bicep("it's//"), r"'it\'s//'");
        assert_eq!(bicep("a\n/*b"), r"'a\n\u{2F}*b'");
        assert_eq!(bicep("$//"), r"'$\u{2F}/'");
        assert_eq!(bicep("${x}//"), r"'\${x}//'");
        assert_eq!(bicep("\u{7}/*"), r"'\u{7}\u{2F}*'");
    }

    #[test]
    fn bicep_leaves_slashes_inside_a_token_alone() {
        assert_eq!(
            bicep("https://contoso.example/a*b"),
            "'https://contoso.example/a*b'"
        );
        assert_eq!(bicep("a /* b"), "'a /* b'");
        assert_eq!(bicep("/home/x"), "'/home/x'");
    }

    #[test]
    fn bicep_interpolation_escapes_around_the_expression() {
        assert_eq!(bicep_interpolation("", "vmName", "VNET"), "'${vmName}VNET'");
        assert_eq!(
            bicep_interpolation("/home/", "user", "/.ssh/authorized_keys"),
            "'/home/${user}/.ssh/authorized_keys'"
        );
        assert_eq!(
            bicep_interpolation("it's ", "x", "//"),
            r"'it\'s ${x}\u{2F}/'"
        );
    }

    #[test]
    fn markdown_cannot_add_markup() {
        assert_eq!(markdown("a | b\n[x](y)"), r"a \| b \[x\]\(y\)");
    }
}
