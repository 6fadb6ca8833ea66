//! Located diagnostics as text: the output formats of every command that reports findings in files
//! (`sigil validate`, `sigil lint`).
//!
//! Plain data in, text out. A renderer reads [`Located`] diagnostics (and, for [`Format::Human`], the text of
//! their files, through a `sources` function) and writes to the writer it is given; it opens no file and
//! prints nothing else. Positions come from the spans as the readers made them and are never recomputed.
//! Sorting, the summary line and the exit code are the command's.
//!
//! ```ignore
//! let texts: HashMap<PathBuf, String> = ...;
//! output::write(format, &mut stdout, &diagnostics, |path| texts.get(path).map(String::as_str))?;
//! ```

mod github;
mod human;
mod json;
mod sarif;

use std::io::{self, Write};
use std::path::{Component, Path};

use sigil_core::Located;

/// How findings are written: `--format` of `sigil validate` and `sigil lint`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// rustc-style: each finding with its source line, a caret under the span and the suggested fix.
    #[default]
    Human,
    /// One line each: `path:line:col: severity[ID] message`.
    Concise,
    /// A JSON array: each finding's place, rule, severity, message and suggested fix.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow commands, shown as annotations on the files of a pull request.
    Github,
}

impl Format {
    /// Whether people read this format, so that a command may add its summary line (on standard error);
    /// the other formats are read by programs, which get exactly the document and nothing else.
    pub(crate) fn is_for_people(self) -> bool {
        matches!(self, Format::Human | Format::Concise)
    }
}

/// Writes `diagnostics`, in the order given, as `format`.
///
/// `sources` gives the text of a file as its reader read it (`None` when it is not at hand, or not text):
/// only [`Format::Human`] reads it, to show the source line; without it (`|_| None`), that format shows the
/// place alone. A leading byte order mark is not part of the first line, as readers skip it.
pub(crate) fn write<'s>(
    format: Format,
    out: &mut impl Write,
    diagnostics: &[Located],
    sources: impl Fn(&Path) -> Option<&'s str>,
) -> io::Result<()> {
    match format {
        Format::Human => human::write(out, diagnostics, sources),
        Format::Concise => concise(out, diagnostics),
        Format::Json => json::write(out, diagnostics),
        Format::Sarif => sarif::write(out, diagnostics),
        Format::Github => github::write(out, diagnostics),
    }
}

/// `path:line:col: severity[ID] message`, one per line: [`Located`]'s `Display`, the shape editors and
/// problem matchers read.
pub(crate) fn concise(out: &mut impl Write, diagnostics: &[Located]) -> io::Result<()> {
    for located in diagnostics {
        writeln!(out, "{located}")?;
    }
    Ok(())
}

/// The fix a message suggests, split from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Suggestion<'m> {
    /// The message without the suggestion: what is wrong.
    pub(crate) problem: &'m str,
    /// The suggestion as the message words it: ``use `a` or `b` `` or ``did you mean `a`?``.
    pub(crate) help: &'m str,
    /// The replacement text it suggests first: `a`.
    pub(crate) replacement: &'m str,
}

/// The suggestion that ends `message`, if it has one.
///
/// This relies on a convention of sigil-core's rule messages, not on data: a message that suggests a fix
/// ends with ``; use `x` `` (or ``; use `x` or `y` ``, best first), or with ``; did you mean `x`?``, and
/// nothing follows. A message in another shape has no suggestion, and is shown whole.
pub(crate) fn suggestion(message: &str) -> Option<Suggestion<'_>> {
    const USE: &str = "; use ";
    const DID_YOU_MEAN: &str = "; did you mean ";

    if let Some(question) = message.strip_suffix('?') {
        let at = question.rfind(DID_YOU_MEAN)?;
        let replacement = backticked(&question[at + DID_YOU_MEAN.len()..])?;
        return Some(Suggestion {
            problem: &message[..at],
            help: &message[at + 2..],
            replacement,
        });
    }
    let at = message.rfind(USE)?;
    let mut rest = &message[at + USE.len()..];
    let mut first = None;
    loop {
        let (quoted, after) = leading_backticked(rest)?;
        first.get_or_insert(quoted);
        if after.is_empty() {
            break;
        }
        rest = after.strip_prefix(" or ")?;
    }
    Some(Suggestion {
        problem: &message[..at],
        help: &message[at + 2..],
        replacement: first?,
    })
}

/// The text between the backticks of `` `text` ``, when that is all of `quoted`.
fn backticked(quoted: &str) -> Option<&str> {
    match leading_backticked(quoted)? {
        (inner, "") => Some(inner),
        _ => None,
    }
}

/// The text between the backticks that start `text`, and what follows the closing one. The text is not
/// empty and holds no backtick.
fn leading_backticked(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix('`')?;
    let close = rest.find('`')?;
    (close > 0).then(|| (&rest[..close], &rest[close + 1..]))
}

/// `path` with `/` between its components and without a leading `./`, on every OS: how SARIF and GitHub
/// name files. Each name goes through `name` (percent-encoding, for a URI); a Windows prefix (`C:`) does not.
fn slash_path(path: &Path, name: impl Fn(&str) -> String) -> String {
    let mut out = String::new();
    for component in path.components() {
        let segment = match component {
            Component::Prefix(prefix) => {
                out.push_str(&prefix.as_os_str().to_string_lossy());
                continue;
            }
            Component::RootDir => {
                out.push('/');
                continue;
            }
            Component::CurDir => continue,
            Component::ParentDir => "..".to_owned(),
            Component::Normal(part) => name(&part.to_string_lossy()),
        };
        if !out.is_empty() && !out.ends_with('/') {
            out.push('/');
        }
        out.push_str(&segment);
    }
    out
}

#[cfg(test)]
pub(crate) mod testing {
    //! Findings made in the tests, with the text of their files: every format is pinned on these.

    use std::collections::HashMap;
    use std::path::{Path, PathBuf};

    use sigil_core::rules::{SIG004, SIG005, SIG007, SIG102, SIG301};
    use sigil_core::{Diagnostic, FieldPath, Located, Position, Rule, Span};

    pub(crate) const TOML: &str = "\u{feff}[[gallery]]\nname = \"my-gallery\"\n\n[[image-definition]]\n\
        gallery = \"myGallery\"\nos-type = \"Linx\"\n\tpublisher-uri = \"contoso.example\"\n";
    pub(crate) const JSON: &str = "{\n  \"image-version\": [{ \"note\": \"ünïcödé: 50%\", \"name\": \"1.0\" }],\n  \
        \"gallery\": [\n  ]\n}\n";

    pub(crate) fn located(
        file: &str,
        (line, column): (usize, usize),
        (end_line, end_column): (usize, usize),
        rule: &'static Rule,
        message: &str,
    ) -> Located {
        Located {
            file: PathBuf::from(file),
            span: Span {
                start: Position::new(line, column),
                end: Position::new(end_line, end_column),
            },
            diagnostic: Diagnostic::new(rule, message).at(FieldPath::root().key("x")),
        }
    }

    /// An error with two suggestions, one with a did-you-mean, one without, a warning after a tab, a span
    /// after multi-byte characters, a span over two lines, and a file whose text is not at hand.
    pub(crate) fn findings() -> Vec<Located> {
        vec![
            located(
                "specs/sigil.toml",
                (2, 8),
                (2, 20),
                &SIG102,
                "gallery name `my-gallery` contains `-`: only ASCII letters, digits, `_` and `.` are \
                 allowed; use `my_gallery` or `my.gallery`",
            ),
            located(
                "specs/sigil.toml",
                (6, 11),
                (6, 17),
                &SIG004,
                "os-type `Linx` is not one of Windows, Linux; did you mean `Linux`?",
            ),
            located(
                "specs/sigil.toml",
                (7, 18),
                (7, 35),
                &SIG005,
                "publisher-uri `contoso.example` is not an absolute http(s) URI",
            ),
            located(
                "specs/v1, draft.json",
                (2, 55),
                (2, 60),
                &SIG301,
                "image version name `1.0` has 2 parts: it must be Major.Minor.Patch, such as `1.0.0`; \
                 use `1.0.0`",
            ),
            located(
                "specs/v1, draft.json",
                (3, 14),
                (4, 4),
                &SIG007,
                "an empty list\r\nof galleries: 100% of nothing",
            ),
            located(
                "elsewhere/missing.toml",
                (1, 1),
                (1, 1),
                &SIG004,
                "the text of this file is not at hand",
            ),
        ]
    }

    pub(crate) fn texts() -> HashMap<&'static Path, &'static str> {
        HashMap::from([
            (Path::new("specs/sigil.toml"), TOML),
            (Path::new("specs/v1, draft.json"), JSON),
        ])
    }

    /// What `format` writes for [`findings`].
    pub(crate) fn render(format: super::Format) -> String {
        let texts = texts();
        let mut out = Vec::new();
        super::write(format, &mut out, &findings(), |path| {
            texts.get(path).copied()
        })
        .unwrap();
        String::from_utf8(out).unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_use_suggestion_is_split_from_the_message() {
        let message = "gallery name `a;b` contains `;`: only `_` and `.` are allowed; use `a_b`";
        assert_eq!(
            suggestion(message),
            Some(Suggestion {
                problem: "gallery name `a;b` contains `;`: only `_` and `.` are allowed",
                help: "use `a_b`",
                replacement: "a_b",
            })
        );
    }

    #[test]
    fn of_several_alternatives_the_first_is_the_replacement() {
        let found = suggestion("bad; use `my_gallery` or `my.gallery` or `mygallery`").unwrap();
        assert_eq!(found.problem, "bad");
        assert_eq!(
            found.help,
            "use `my_gallery` or `my.gallery` or `mygallery`"
        );
        assert_eq!(found.replacement, "my_gallery");
    }

    #[test]
    fn a_did_you_mean_is_split_from_the_message() {
        let message = "unknown key `hibernate` in features; did you mean `hibernation`?";
        assert_eq!(
            suggestion(message),
            Some(Suggestion {
                problem: "unknown key `hibernate` in features",
                help: "did you mean `hibernation`?",
                replacement: "hibernation",
            })
        );
    }

    #[test]
    fn only_a_suggestion_that_ends_the_message_counts() {
        for message in [
            "permissions `Public` is not one of Private, Groups, Community",
            "unknown key `sku` in gallery[0]: remove it, or use one of `name`, `existing`",
            "x; use `a` to do this",
            "x; use `a`, or `b`",
            "x; use `a` or",
            "x; use ``",
            "x; use `a",
            "x; did you mean `a`",
            "x; did you mean `a` or `b`?",
            "what; did you mean?",
            "",
        ] {
            assert_eq!(suggestion(message), None, "{message:?}");
        }
    }

    #[test]
    fn the_last_use_is_the_suggestion() {
        let found = suggestion("x; use `-` as a separator; use `a-b`").unwrap();
        assert_eq!(found.problem, "x; use `-` as a separator");
        assert_eq!(found.replacement, "a-b");
    }

    #[test]
    fn suggestions_keep_multi_byte_text() {
        let found = suggestion("name `näme` is not ASCII; use `name`").unwrap();
        assert_eq!(found.problem, "name `näme` is not ASCII");
        assert_eq!(found.replacement, "name");
        let found = suggestion("région `wèst`; did you mean `wést`?").unwrap();
        assert_eq!(
            (found.problem, found.replacement),
            ("région `wèst`", "wést")
        );
    }

    #[test]
    fn paths_use_forward_slashes_without_a_leading_dot() {
        let same = |name: &str| name.to_owned();
        assert_eq!(
            slash_path(Path::new("./specs/a.toml"), same),
            "specs/a.toml"
        );
        assert_eq!(slash_path(Path::new("../a/./b.json"), same), "../a/b.json");
        assert_eq!(
            slash_path(Path::new("/srv/a b.toml"), same),
            "/srv/a b.toml"
        );
        assert_eq!(slash_path(Path::new("."), same), "");
        if cfg!(windows) {
            assert_eq!(slash_path(Path::new(r"specs\a.toml"), same), "specs/a.toml");
            assert_eq!(slash_path(Path::new(r"C:\a\b.toml"), same), "C:/a/b.toml");
        }
    }

    #[test]
    fn concise_is_the_display_of_located() {
        let findings = testing::findings();
        let text = testing::render(Format::Concise);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], findings[0].to_string());
        insta::assert_snapshot!(text);
    }

    #[test]
    fn only_human_and_concise_are_for_people() {
        use clap::ValueEnum;
        let for_people: Vec<Format> = Format::value_variants()
            .iter()
            .copied()
            .filter(|format| format.is_for_people())
            .collect();
        assert_eq!(for_people, [Format::Human, Format::Concise]);
    }
}
