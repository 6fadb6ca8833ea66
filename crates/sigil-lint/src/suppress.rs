//! Suppression comments: `sigil: ignore[SIG102]` silences a rule on one resource.
//!
//! The comment is written in the file's own syntax (`# ...` in TOML, shell, PowerShell and Terraform,
//! `// ...` in Bicep and Terraform, `/* ... */`, `<# ... #>`), or, in JSON, which has no comments, inside a
//! string: an ARM resource's `"metadata": {"comments": "sigil: ignore[SIG102]"}` or its `"comments"`
//! property. What it silences is the resource it is written in, or the resource that starts on the next
//! line (only blank lines and other comments between): every finding of the named rules about that
//! resource, wherever the value is written (a name that comes from a parameter's `defaultValue` too).
//!
//! Rules are named as `--select` names them: ids, names or id prefixes, separated by commas. A comment
//! that names no rule silences nothing, and is reported ([`SIG011`]). Syntax errors cannot be silenced.
//!
//! The comment is found by a byte search, then kept only when a comment opener or a quote comes before
//! it on its line: the readers' parsers are not asked, so that one mechanism serves every format.

use std::ops::Range;
use std::path::Path;

use sigil_core::rules::{SIG000, SIG011};
use sigil_core::{Diagnostic, Located, Position, Segment, Selector, Span};
use sigil_spec::document::{Kind, Lines, Node};

pub(crate) const MARKER: &str = "sigil: ignore";

/// What opens a comment, or a string, before a marker on its line.
const OPENERS: &[&str] = &["#", "//", "/*", "<#", "<!--", "\"", "'"];

/// What a line holding only a comment starts with.
const COMMENT_LINES: &[&str] = &["#", "//", "/*", "*", "<#", "<!--"];

/// One `sigil: ignore[...]` comment.
#[derive(Debug, Clone)]
pub(crate) struct Suppression {
    /// Where the marker is written.
    offset: usize,
    selectors: Vec<Selector>,
}

/// The suppression comments of `text`, and the problems with them ([`SIG011`]).
pub(crate) fn find(file: &Path, text: &str) -> (Vec<Suppression>, Vec<Located>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    let lines = Lines::new(text);
    for (offset, _) in text.match_indices(MARKER) {
        if !in_comment_or_string(text, offset) {
            continue;
        }
        let after = &text[offset + MARKER.len()..];
        let problem = |range: Range<usize>, message: String| Located {
            file: file.to_path_buf(),
            span: lines.span(&range),
            diagnostic: Diagnostic::new(&SIG011, message),
        };
        let Some(list) = after
            .strip_prefix('[')
            .and_then(|rest| rest.find(']').map(|end| &rest[..end]))
            .filter(|list| !list.contains('\n'))
        else {
            let range = offset..offset + MARKER.len();
            problems.push(problem(
                range,
                "`sigil: ignore` names no rule, so it silences nothing: write `sigil: ignore[SIG102]`"
                    .to_owned(),
            ));
            continue;
        };
        let list_start = offset + MARKER.len() + 1;
        let mut selectors = Vec::new();
        for (at, item) in items(list) {
            match item.parse::<Selector>() {
                Ok(selector) => selectors.push(selector),
                Err(unknown) => {
                    let start = list_start + at;
                    problems.push(problem(
                        start..start + item.len(),
                        format!("{unknown}; this comment does not silence it"),
                    ));
                }
            }
        }
        if selectors.is_empty() && items(list).next().is_none() {
            let range = offset..list_start + list.len() + 1;
            problems.push(problem(
                range,
                "`sigil: ignore[]` names no rule, so it silences nothing".to_owned(),
            ));
        }
        found.push(Suppression { offset, selectors });
    }
    (found, problems)
}

/// The comma-separated items of a list, each with its offset in the list, trimmed.
fn items(list: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    list.split(',').filter_map(move |item| {
        let at = start;
        start += item.len() + 1;
        let trimmed = item.trim_start();
        let at = at + (item.len() - trimmed.len());
        let trimmed = trimmed.trim_end();
        (!trimmed.is_empty()).then_some((at, trimmed))
    })
}

fn in_comment_or_string(text: &str, offset: usize) -> bool {
    let line_start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
    let before = &text[line_start..offset];
    OPENERS.iter().any(|opener| before.contains(opener))
}

/// Where a resource of a document is written, in lines.
#[derive(Debug, Clone)]
struct Extent {
    /// The top-level key and the index the file gives the resource: `("image-version", 2)`.
    array: String,
    index: usize,
    start: Position,
    end: Position,
}

impl Extent {
    fn contains_line(&self, line: usize) -> bool {
        (self.start.line..=self.end.line).contains(&line)
    }

    fn contains(&self, span: Span) -> bool {
        self.start <= span.start && span.start <= self.end
    }

    fn size(&self) -> (usize, usize) {
        (self.end.line - self.start.line, self.end.column)
    }
}

/// The resources of `document`, each with its extent: from its range's start to the end of its range or of
/// the last value written after its start and before the next resource (a TOML table's range is its
/// header alone).
fn extents(document: &Node, lines: &Lines<'_>) -> Vec<Extent> {
    let mut resources: Vec<(String, &Node)> = Vec::new();
    for entry in document.entries() {
        if let Kind::Array(items) = &entry.value.kind {
            resources.extend(items.iter().map(|item| (entry.key.clone(), item)));
        }
    }
    let mut starts: Vec<usize> = resources.iter().map(|(_, node)| node.range.start).collect();
    starts.sort_unstable();
    resources
        .into_iter()
        .map(|(array, node)| {
            let next = starts
                .iter()
                .copied()
                .find(|&start| start > node.range.start)
                .unwrap_or(usize::MAX);
            let end = last_end(node, node.range.start, next).max(node.range.end);
            Extent {
                array,
                index: node.index,
                start: lines.position(node.range.start),
                end: lines.position(end),
            }
        })
        .collect()
}

/// The greatest end of the ranges in `node` that start within `from..before`.
fn last_end(node: &Node, from: usize, before: usize) -> usize {
    let own = if (from..before).contains(&node.range.start) {
        node.range.end
    } else {
        0
    };
    let children = match &node.kind {
        Kind::Array(items) => items.iter().map(|item| last_end(item, from, before)).max(),
        Kind::Table(entries) => entries
            .iter()
            .map(|entry| last_end(&entry.value, from, before))
            .max(),
        _ => None,
    };
    own.max(children.unwrap_or(0))
}

/// The findings of one document (or of the reader, with `document` `None`) less those a suppression
/// silences.
pub(crate) fn apply(
    text: &str,
    suppressions: &[Suppression],
    document: Option<&Node>,
    findings: Vec<Located>,
) -> Vec<Located> {
    if suppressions.is_empty() {
        return findings;
    }
    let lines = Lines::new(text);
    let extents = document
        .map(|document| extents(document, &lines))
        .unwrap_or_default();
    let line_texts: Vec<&str> = text.lines().collect();
    let targets: Vec<(&Suppression, Option<&Extent>)> = suppressions
        .iter()
        .map(|suppression| {
            let at = lines.position(suppression.offset);
            (suppression, target(at, &extents, &line_texts))
        })
        .collect();
    findings
        .into_iter()
        .filter(|located| {
            if located.diagnostic.rule.id == SIG000.id {
                return true;
            }
            let resource = resource_of(located, &extents);
            !targets.iter().any(|(suppression, target)| {
                target.is_some()
                    && resource.is_some()
                    && target.map(|extent| (&extent.array, extent.index))
                        == resource.map(|extent| (&extent.array, extent.index))
                    && suppression
                        .selectors
                        .iter()
                        .any(|selector| selector.matches(located.diagnostic.rule))
            })
        })
        .collect()
}

/// The resource a suppression at `at` is about. A comment on a line of its own is about the resource that
/// starts on the next line (blank and comment lines between), or else the smallest one around it; a comment
/// after something else on its line, about the smallest one around it.
fn target<'e>(at: Position, extents: &'e [Extent], lines: &[&str]) -> Option<&'e Extent> {
    let is_comment_line =
        |line: usize| is_comment_line(lines.get(line - 1).map_or("", |text| text.trim()));
    let around = || {
        extents
            .iter()
            .filter(|extent| extent.contains_line(at.line))
            .min_by_key(|extent| extent.size())
    };
    if !is_comment_line(at.line) {
        return around();
    }
    extents
        .iter()
        .filter(|extent| extent.start.line > at.line)
        .filter(|extent| {
            (at.line + 1..extent.start.line).all(|line| {
                let written = lines.get(line - 1).map_or("", |text| text.trim());
                written.is_empty() || is_comment_line(line)
            })
        })
        .min_by_key(|extent| extent.start)
        .or_else(around)
}

fn is_comment_line(trimmed: &str) -> bool {
    COMMENT_LINES
        .iter()
        .any(|opener| trimmed.starts_with(opener))
}

/// The resource a finding is about: the one its path names, or else the smallest one around it.
fn resource_of<'e>(located: &Located, extents: &'e [Extent]) -> Option<&'e Extent> {
    if let [Segment::Key(array), Segment::Index(index), ..] = located.diagnostic.path.segments()
        && let Some(extent) = extents
            .iter()
            .find(|extent| extent.array == *array && extent.index == *index)
    {
        return Some(extent);
    }
    extents
        .iter()
        .filter(|extent| extent.contains(located.span))
        .min_by_key(|extent| extent.size())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sigil_core::Context;
    use sigil_spec::document::parse_toml;
    use sigil_spec::{CheckOptions, check_document};

    fn lint_toml(text: &str) -> (Vec<String>, Vec<String>) {
        let file = Path::new("sigil.toml");
        let document = parse_toml(text).unwrap();
        let checked = check_document(
            file,
            text,
            &document,
            &Context::strict(),
            &CheckOptions::lint(),
        );
        let (suppressions, problems) = find(file, text);
        let kept = apply(text, &suppressions, Some(&document), checked.diagnostics);
        let show = |found: &[Located]| {
            found
                .iter()
                .map(|located| {
                    format!("{}:{}", located.span.start.line, located.diagnostic.rule.id)
                })
                .collect()
        };
        (show(&kept), show(&problems))
    }

    #[test]
    fn a_comment_above_a_table_silences_its_rule_there_only() {
        let text = "\
# sigil: ignore[SIG102]
[[gallery]]
name = \"my-gallery\"

[[gallery]]
name = \"other-gallery\"
";
        assert_eq!(lint_toml(text), (vec!["6:SIG102".to_owned()], vec![]));
    }

    #[test]
    fn a_comment_inside_a_table_silences_it_and_other_rules_stay() {
        let text = "\
[[gallery]]
name = \"my-gallery\" # sigil: ignore[gallery-name-characters]

[[gallery]]
name = \"_x\"
# sigil: ignore[SIG1]
description = \"fine\"
";
        let (kept, problems) = lint_toml(text);
        assert!(kept.is_empty(), "{kept:?}");
        assert!(problems.is_empty());
        let unrelated = text.replace("SIG1]", "SIG2]");
        let (kept, _) = lint_toml(&unrelated);
        assert_eq!(kept.first().map(String::as_str), Some("5:SIG103"));
    }

    #[test]
    fn a_comment_far_above_silences_nothing() {
        let text = "# sigil: ignore[SIG102]\nx = 1\n\n[[gallery]]\nname = \"my-gallery\"\n";
        let document = parse_toml(text);
        // `x` is an unknown key of the spec, but this test only looks at the gallery's finding.
        assert!(document.is_ok());
        let (kept, _) = lint_toml(text);
        assert!(kept.iter().any(|found| found == "5:SIG102"), "{kept:?}");
    }

    #[test]
    fn comments_naming_no_rule_are_reported_and_silence_nothing() {
        let text = "\
# sigil: ignore
[[gallery]]
name = \"my-gallery\" # sigil: ignore[SIG1022, SIG103]
";
        let (kept, problems) = lint_toml(text);
        assert_eq!(kept, ["3:SIG102"]);
        assert_eq!(problems, ["1:SIG011", "3:SIG011"]);
        let (_, problems) = lint_toml("[[gallery]] # sigil: ignore[]\nname = \"g\"\n");
        assert_eq!(problems, ["1:SIG011"]);
    }

    #[test]
    fn the_marker_outside_a_comment_or_string_is_not_one() {
        let (found, problems) = find(Path::new("a.sh"), "echo sigil: ignore[SIG102]\n");
        assert!(found.is_empty() && problems.is_empty());
        let (found, _) = find(Path::new("a.sh"), "echo 'sigil: ignore[SIG102]'\n");
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn items_keep_their_offsets() {
        let list: Vec<_> = items(" SIG1, ,gallery-name-length ").collect();
        assert_eq!(list, [(1, "SIG1"), (8, "gallery-name-length")]);
    }
}
