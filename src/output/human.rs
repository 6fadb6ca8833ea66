//! `human`: rustc-style findings, for people at a terminal.
//!
//! ```text
//! error[SIG102]: gallery name `my-gallery` contains `-`: only ASCII letters, digits, `_` and `.` are allowed
//!  --> specs/sigil.toml:2:8
//!   |
//! 2 | name = "my-gallery"
//!   |        ^^^^^^^^^^^^
//!   = help: use `my_gallery` or `my.gallery`
//! ```
//!
//! The carets sit under the span's characters as the source line shows them: tabs before the span are
//! written as tabs, so they line up at any tab width, and every other character counts one column, as
//! spans count them. A span over several lines is marked on its first line, to the end of it. Control
//! characters of the source, and of messages (which quote values from it), are shown as their Unicode
//! pictures, so a file cannot drive the terminal.

use std::cmp::Ordering;
use std::io::{self, Write};
use std::path::Path;

use sigil_core::{Located, Span};

use super::suggestion;

/// The most characters of a source line shown; a longer line (minified JSON) is cut around the span.
const MAX_LINE: usize = 160;
/// How many characters before the span a cut line keeps.
const CONTEXT_BEFORE: usize = 60;
/// What stands for the part of a cut line that is not shown.
const ELLIPSIS: &str = "...";

pub(super) fn write<'s>(
    out: &mut impl Write,
    diagnostics: &[Located],
    sources: impl Fn(&Path) -> Option<&'s str>,
) -> io::Result<()> {
    // Findings come grouped by file and in order within it: keep the file at hand, and walk its lines
    // forward, instead of looking up and splitting the text again for each finding.
    let mut current: Option<(&Path, Option<Lines<'s>>)> = None;
    for located in diagnostics {
        let file = located.file.as_path();
        if current.as_ref().is_none_or(|(path, _)| *path != file) {
            current = Some((file, sources(file).map(Lines::new)));
        }
        let lines = current.as_mut().and_then(|(_, lines)| lines.as_mut());
        let line = lines.and_then(|lines| lines.get(located.span.start.line));
        write_one(out, located, line)?;
    }
    Ok(())
}

/// One finding, followed by an empty line.
fn write_one(out: &mut impl Write, located: &Located, line: Option<&str>) -> io::Result<()> {
    let diagnostic = &located.diagnostic;
    let suggested = suggestion(&diagnostic.message);
    let problem = suggested.map_or(diagnostic.message.as_str(), |found| found.problem);
    writeln!(
        out,
        "{}[{}]: {}",
        diagnostic.severity,
        diagnostic.rule.id,
        shown(problem)
    )?;

    let start = located.span.start;
    let number = start.line.to_string();
    let gutter = " ".repeat(number.len());
    if start.line == 0 {
        writeln!(out, "{gutter}--> {}", located.file.display())?;
    } else {
        writeln!(
            out,
            "{gutter}--> {}:{}:{}",
            located.file.display(),
            start.line,
            start.column
        )?;
    }
    if let Some(line) = line {
        let excerpt = Excerpt::new(line, located.span);
        writeln!(out, "{gutter} |")?;
        if excerpt.source.is_empty() {
            writeln!(out, "{number} |")?;
        } else {
            writeln!(out, "{number} | {}", excerpt.source)?;
        }
        writeln!(out, "{gutter} | {}", excerpt.markers)?;
    }
    if let Some(found) = suggested {
        writeln!(out, "{gutter} = help: {}", shown(found.help))?;
    }
    writeln!(out)
}

/// The lines of one file's text, found by walking forward from the last one asked for.
#[derive(Debug)]
struct Lines<'s> {
    text: &'s str,
    /// The 1-based number of the line that starts at `offset`.
    line: usize,
    offset: usize,
}

impl<'s> Lines<'s> {
    fn new(text: &'s str) -> Self {
        // Readers skip a byte order mark: it is not a column of the first line.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        Self {
            text,
            line: 1,
            offset: 0,
        }
    }

    /// Line `number` (1-based) without its line ending, or `None` past the last line. Lines end at `\n`,
    /// as spans count them; the `\r` of a CRLF ending is dropped.
    fn get(&mut self, number: usize) -> Option<&'s str> {
        if number == 0 {
            return None;
        }
        if number < self.line {
            self.line = 1;
            self.offset = 0;
        }
        while self.line < number {
            let newline = self.text[self.offset..].find('\n')?;
            self.offset += newline + 1;
            self.line += 1;
        }
        let rest = &self.text[self.offset..];
        let line = rest.find('\n').map_or(rest, |end| &rest[..end]);
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

/// A source line as shown, and the line of carets under its span.
#[derive(Debug, PartialEq, Eq)]
struct Excerpt {
    source: String,
    markers: String,
}

impl Excerpt {
    /// `line` is the span's first line. The span's columns are clamped to the line: a span past its end
    /// is marked just after its last character, and an empty span gets one caret.
    fn new(line: &str, span: Span) -> Self {
        let length = line.chars().count();
        // 0-based character indices: the first marked character, and the one after the last.
        let first = span.start.column.saturating_sub(1).min(length);
        let end = match span.end.line.cmp(&span.start.line) {
            Ordering::Equal => span.end.column.saturating_sub(1).clamp(first, length),
            Ordering::Greater => length,
            Ordering::Less => first,
        };

        // The characters shown: all of them, or a cut around the start of the span.
        let (shown_from, shown_to) = if length <= MAX_LINE {
            (0, length)
        } else {
            let from = first.saturating_sub(CONTEXT_BEFORE).min(length - MAX_LINE);
            (from, from + MAX_LINE)
        };
        let cut_before = shown_from > 0;
        let cut_after = shown_to < length;

        let mut source = String::new();
        let mut markers = String::new();
        if cut_before {
            source.push_str(ELLIPSIS);
            markers.push_str(&" ".repeat(ELLIPSIS.len()));
        }
        for (index, c) in line
            .chars()
            .enumerate()
            .skip(shown_from)
            .take(shown_to - shown_from)
        {
            source.push(visible(c));
            if index < first {
                markers.push(if c == '\t' { '\t' } else { ' ' });
            }
        }
        if cut_after {
            source.push_str(ELLIPSIS);
        }
        let carets = end.min(shown_to).saturating_sub(first).max(1);
        markers.push_str(&"^".repeat(carets));
        Self { source, markers }
    }
}

/// A message as shown: its lines (a `\r\n` ending read as `\n`) with their control characters as pictures,
/// since messages quote values from the files.
fn shown(message: &str) -> String {
    let lines: Vec<String> = message
        .lines()
        .map(|line| line.chars().map(visible).collect())
        .collect();
    lines.join("\n")
}

/// `c` as a source line shows it: itself, but a control character as its Unicode picture (`␛` for
/// escape) and a bidirectional override as `�`, each still one column wide.
fn visible(c: char) -> char {
    match c {
        '\t' => '\t',
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => '\u{fffd}',
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use sigil_core::Position;

    use super::*;
    use crate::output::{Format, testing};

    fn span((line, column): (usize, usize), (end_line, end_column): (usize, usize)) -> Span {
        Span {
            start: Position::new(line, column),
            end: Position::new(end_line, end_column),
        }
    }

    fn excerpt(line: &str, start: (usize, usize), end: (usize, usize)) -> (String, String) {
        let Excerpt { source, markers } = Excerpt::new(line, span(start, end));
        (source, markers)
    }

    #[test]
    fn carets_sit_under_an_ascii_span() {
        let (source, markers) = excerpt("name = \"my-gallery\"", (2, 8), (2, 20));
        assert_eq!(source, "name = \"my-gallery\"");
        assert_eq!(markers, "       ^^^^^^^^^^^^");
    }

    #[test]
    fn tabs_before_the_span_stay_tabs() {
        let (source, markers) = excerpt("\t\tname =\t\"x\"", (1, 10), (1, 13));
        assert_eq!(source, "\t\tname =\t\"x\"");
        assert_eq!(markers, "\t\t      \t^^^");
    }

    #[test]
    fn multi_byte_characters_count_one_column_each() {
        // "ü", "é" are two bytes and "🦀" four, each one character: the span is the quoted word after them.
        let line = "nüme = \"é🦀\" # \"wörd\"";
        let (_, markers) = excerpt(line, (1, 15), (1, 21));
        assert_eq!(markers, "              ^^^^^^");
        let at = line.chars().position(|c| c == '#').unwrap();
        assert_eq!(at, 12, "the comment sign is the 13th character");
    }

    #[test]
    fn a_span_past_the_end_of_the_line_is_marked_after_its_last_character() {
        assert_eq!(excerpt("abc", (1, 9), (1, 12)).1, "   ^");
        assert_eq!(excerpt("abc", (1, 2), (1, 40)).1, " ^^");
        assert_eq!(excerpt("", (1, 1), (1, 5)), (String::new(), "^".to_owned()));
    }

    #[test]
    fn an_empty_span_gets_one_caret() {
        assert_eq!(excerpt("name = \"my", (1, 11), (1, 11)).1, "          ^");
        assert_eq!(excerpt("abc", (1, 2), (1, 2)).1, " ^");
        // An end before the start, or column 0 of an unknown place, still marks one character.
        assert_eq!(excerpt("abc", (1, 3), (1, 1)).1, "  ^");
        assert_eq!(excerpt("abc", (1, 0), (1, 0)).1, "^");
    }

    #[test]
    fn a_span_over_several_lines_is_marked_to_the_end_of_its_first() {
        assert_eq!(
            excerpt("  \"gallery\": [", (1, 14), (2, 4)).1,
            "             ^"
        );
        assert_eq!(excerpt("key = \"\"\"abc", (1, 7), (3, 4)).1, "      ^^^^^^");
    }

    #[test]
    fn a_long_line_is_cut_around_the_span() {
        let line = format!("{}\"bad-name\"{}", "x".repeat(300), "y".repeat(300));
        let (source, markers) = excerpt(&line, (1, 301), (1, 311));
        assert!(
            source.starts_with("...xxx") && source.ends_with("yyy..."),
            "{source}"
        );
        assert_eq!(source.chars().count(), MAX_LINE + 2 * ELLIPSIS.len());
        assert_eq!(
            markers,
            format!("{}^^^^^^^^^^", " ".repeat(3 + CONTEXT_BEFORE))
        );
        let marked: String = source.chars().skip(3 + CONTEXT_BEFORE).take(10).collect();
        assert_eq!(marked, "\"bad-name\"");

        // Near the end of a long line, the cut keeps the last characters.
        let (source, markers) = excerpt(&line, (1, 600), (1, 601));
        assert!(!source.ends_with(ELLIPSIS), "{source}");
        assert_eq!(markers, format!("{}^", " ".repeat(3 + 599 - 450)));
        // A span longer than what is shown is marked to the edge.
        let (source, markers) = excerpt(&line, (1, 1), (1, 601));
        assert!(source.ends_with(ELLIPSIS) && !source.starts_with(ELLIPSIS));
        assert_eq!(markers, "^".repeat(MAX_LINE));
    }

    #[test]
    fn control_characters_are_shown_as_pictures_one_column_each() {
        let (source, markers) = excerpt("a\u{1b}[31m = \"x\u{202e}y\"", (1, 10), (1, 15));
        assert_eq!(source, "a\u{241b}[31m = \"x\u{fffd}y\"");
        assert_eq!(markers, "         ^^^^^");
    }

    #[test]
    fn messages_keep_their_lines_and_show_control_characters() {
        assert_eq!(shown("one\r\ntwo\nthree"), "one\ntwo\nthree");
        assert_eq!(
            shown("name `a\u{1b}[2Jb`\r"),
            "name `a\u{241b}[2Jb`\u{240d}"
        );
    }

    #[test]
    fn lines_are_found_forward_and_back_without_their_endings() {
        let mut lines = Lines::new("\u{feff}one\r\ntwo\n\nfour");
        assert_eq!(lines.get(2), Some("two"));
        assert_eq!(lines.get(4), Some("four"));
        assert_eq!(
            lines.get(1),
            Some("one"),
            "the byte order mark is not shown"
        );
        assert_eq!(lines.get(3), Some(""));
        assert_eq!(lines.get(5), None);
        assert_eq!(lines.get(0), None);
        assert_eq!(
            Lines::new("end\n").get(2),
            Some(""),
            "the empty line after the last newline"
        );
    }

    #[test]
    fn without_its_source_a_finding_shows_its_place() {
        let mut out = Vec::new();
        let findings = &testing::findings()[..1];
        crate::output::write(Format::Human, &mut out, findings, |_| None).unwrap();
        insta::assert_snapshot!(String::from_utf8(out).unwrap(), @r"
        error[SIG102]: gallery name `my-gallery` contains `-`: only ASCII letters, digits, `_` and `.` are allowed
         --> specs/sigil.toml:2:8
          = help: use `my_gallery` or `my.gallery`
        ");
    }

    #[test]
    fn a_line_number_past_the_file_shows_the_place_alone() {
        let mut out = Vec::new();
        let findings = [testing::located(
            "a.toml",
            (12, 1),
            (12, 2),
            &sigil_core::rules::SIG004,
            "x",
        )];
        crate::output::write(Format::Human, &mut out, &findings, |_| Some("one line\n")).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "error[SIG004]: x\n  --> a.toml:12:1\n\n"
        );
    }

    #[test]
    fn human() {
        insta::assert_snapshot!(testing::render(Format::Human));
    }
}
