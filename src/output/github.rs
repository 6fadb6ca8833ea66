//! `github`: GitHub Actions workflow commands, which a workflow turns into annotations on the files of a
//! pull request: `::error file=PATH,line=L,col=C,endLine=L,endColumn=C,title=ID::message`, `::warning` for
//! warnings. Positions are 1-based, columns in characters, the end exclusive.
//!
//! GitHub reads `%`, `\r` and `\n` escaped as `%25`, `%0D` and `%0A` in the message, and also `:` and `,`
//! (`%3A`, `%2C`) in the properties, whose list those characters delimit.

use std::fmt::Write as _;
use std::io::{self, Write};

use sigil_core::{Located, Severity};

use super::slash_path;

pub(super) fn write(out: &mut impl Write, diagnostics: &[Located]) -> io::Result<()> {
    for located in diagnostics {
        writeln!(out, "{}", command(located))?;
    }
    Ok(())
}

/// The workflow command of one finding. A place sigil does not know (line 0, or column 0) is left out.
fn command(located: &Located) -> String {
    let diagnostic = &located.diagnostic;
    let kind = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let file = slash_path(&located.file, str::to_owned);
    let mut command = format!("::{kind} file={}", escape_property(&file));
    let (start, end) = (located.span.start, located.span.end.max(located.span.start));
    if start.line > 0 {
        let _ = write!(command, ",line={}", start.line);
        if start.column > 0 {
            let _ = write!(command, ",col={}", start.column);
        }
        let _ = write!(command, ",endLine={}", end.line);
        if start.column > 0 && end.column > 0 {
            let _ = write!(command, ",endColumn={}", end.column);
        }
    }
    let _ = write!(
        command,
        ",title={}::{}",
        escape_property(diagnostic.rule.id),
        escape_data(&diagnostic.message)
    );
    command
}

/// A message as GitHub reads it back: `%`, `\r` and `\n` escaped.
fn escape_data(text: &str) -> String {
    escape(text, false)
}

/// A property value as GitHub reads it back: also `:` and `,` escaped.
fn escape_property(text: &str) -> String {
    escape(text, true)
}

fn escape(text: &str, property: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{Format, testing};

    #[test]
    fn messages_escape_percent_and_line_breaks_only() {
        assert_eq!(
            escape_data("100% sure:\r\nfirst, second"),
            "100%25 sure:%0D%0Afirst, second"
        );
        assert_eq!(
            escape_data("%0A is not a line break"),
            "%250A is not a line break"
        );
    }

    #[test]
    fn properties_also_escape_their_delimiters() {
        assert_eq!(
            escape_property("specs/v1, draft: 50%.json\n"),
            "specs/v1%2C draft%3A 50%25.json%0A"
        );
    }

    #[test]
    fn an_unknown_place_is_left_out() {
        let mut located =
            testing::located("a.toml", (0, 0), (0, 0), &sigil_core::rules::SIG004, "x");
        assert_eq!(command(&located), "::error file=a.toml,title=SIG004::x");
        located.span.start.line = 3;
        assert_eq!(
            command(&located),
            "::error file=a.toml,line=3,endLine=3,title=SIG004::x",
            "an end before the start is the start"
        );
    }

    #[test]
    fn github() {
        insta::assert_snapshot!(testing::render(Format::Github));
    }
}
