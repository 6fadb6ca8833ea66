//! Markdown pages (`*.md`, `*.markdown`): the az CLI commands and Az PowerShell cmdlets of their fenced code
//! blocks, read by [`crate::az`] and [`crate::pwsh`], every finding at its line and column in the page.
//!
//! | info string (first word, any case) | reader |
//! |---|---|
//! | `azurecli`, `azurecli-interactive`, `azure-cli`, `azcli`, `bash`, `sh`, `shell` | [`crate::az::read`] |
//! | `azurepowershell`, `azurepowershell-interactive`, `powershell`, `pwsh`, `ps1`, `ps` | [`crate::pwsh::read`] |
//!
//! The page is parsed with `pulldown-cmark`, a `CommonMark` parser, which gives the source range of each line of a
//! fence's content, also for a fence indented in a list item or quoted with `>`. The fences of one language
//! are read as one script: the page's text with every byte outside them blanked (line breaks kept), so that
//! each byte of a fence stays at its offset, every range the reader makes already points into the page, and
//! a variable assigned in one fence is known in the fences after it, as a reader following the page has it.
//! The documents of both languages are then merged, one array per kind of resource, so that the page is
//! checked as one file (an image definition made in a PowerShell fence names the gallery an az fence made).
//! A resource both languages create is the same resource shown twice, as docs pages show the CLI and
//! PowerShell in tabs: the second is checked by the name and value rules only, not reported as a duplicate.
//!
//! Not read: fences without one of these info strings (a `console` block, with its `$ ` prompts and output,
//! is not a script), indented code blocks (they have no language), and inline code. A construct left open
//! at the end of a fence (an unclosed quote) runs on into the next fence of its language, as it would in a
//! script pasted from the page: the reader reports the syntax error.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use sigil_spec::document::{Kind, Node};

use crate::{Read, az, pwsh};

/// The script language of a fence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Language {
    Shell,
    PowerShell,
}

impl Language {
    /// The language of a fence's info string, from its first word (`azurecli-interactive`,
    /// `powershell {data-x}`), ignoring case.
    fn of_info(info: &str) -> Option<Self> {
        const SHELL: &[&str] = &[
            "azurecli",
            "azurecli-interactive",
            "azure-cli",
            "azcli",
            "bash",
            "sh",
            "shell",
        ];
        const POWERSHELL: &[&str] = &[
            "azurepowershell",
            "azurepowershell-interactive",
            "powershell",
            "pwsh",
            "ps1",
            "ps",
        ];
        let word = info
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | '{'))
            .next()
            .unwrap_or_default();
        let known = |names: &[&str]| names.iter().any(|name| name.eq_ignore_ascii_case(word));
        if known(SHELL) {
            Some(Self::Shell)
        } else if known(POWERSHELL) {
            Some(Self::PowerShell)
        } else {
            None
        }
    }

    fn read(self, file: &Path, script: &str) -> Read {
        match self {
            Self::Shell => az::read(file, script),
            Self::PowerShell => pwsh::read(file, script),
        }
    }
}

/// The source ranges of the content of every fence of a script language, in page order.
fn fences(text: &str) -> Vec<(Language, Range<usize>)> {
    let mut found = Vec::new();
    let mut open: Option<Language> = None;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                open = Language::of_info(&info);
            }
            Event::End(TagEnd::CodeBlock) => open = None,
            Event::Text(_) => {
                if let Some(language) = open {
                    found.push((language, range));
                }
            }
            _ => {}
        }
    }
    found
}

/// The page with every byte outside `keep` replaced by a space, line breaks kept: the same length, lines and
/// columns (outside bytes on a fence's line are container markers and indentation, which are ASCII).
fn blank_outside(text: &str, keep: &[Range<usize>]) -> String {
    let mut bytes: Vec<u8> = text
        .bytes()
        .map(|byte| {
            if matches!(byte, b'\n' | b'\r') {
                byte
            } else {
                b' '
            }
        })
        .collect();
    for range in keep {
        bytes[range.clone()].copy_from_slice(&text.as_bytes()[range.clone()]);
    }
    // Every kept range starts and ends at a character boundary of `text`, and the rest is ASCII.
    String::from_utf8(bytes).unwrap_or_default()
}

/// Reads a Markdown page: the resources of its az CLI and Az PowerShell fences as one document. `text` has
/// no byte order mark.
pub fn read(file: &Path, text: &str) -> Read {
    let fences = fences(text);
    let mut merged = Read::default();
    for language in [Language::Shell, Language::PowerShell] {
        let keep: Vec<Range<usize>> = fences
            .iter()
            .filter(|(of, _)| *of == language)
            .map(|(_, range)| range.clone())
            .collect();
        if keep.is_empty() {
            continue;
        }
        let read = language.read(file, &blank_outside(text, &keep));
        merged = merge(merged, read);
    }
    merged
}

/// Two reads of one page as one. A resource the first read already creates is, in the second, the same
/// resource shown in the other language (the CLI and PowerShell tabs of a docs page): it is checked by the
/// name and value rules, as an alternative, rather than reported as defined twice.
fn merge(mut into: Read, read: Read) -> Read {
    let (new, shown_again) = split_known(into.document.as_ref(), read.document);
    into.document = merge_documents(into.document, new);
    into.alternatives = merge_documents(into.alternatives, read.alternatives);
    into.alternatives = merge_documents(into.alternatives, shown_again);
    into.unresolved.extend(read.unresolved);
    into.ignored.extend(read.ignored);
    into.diagnostics.extend(read.diagnostics);
    into
}

/// The resources of `document` that `known` does not create, and those it does (same kind, same name and
/// parents, ignoring case as Azure does).
fn split_known(known: Option<&Node>, document: Option<Node>) -> (Option<Node>, Option<Node>) {
    let (Some(known), Some(document)) = (known, &document) else {
        return (document, None);
    };
    let mut new = Vec::new();
    let mut again = Vec::new();
    for entry in document.entries() {
        let (fresh, seen): (Vec<Node>, Vec<Node>) =
            entry.value.items().iter().cloned().partition(|item| {
                !known.get(&entry.key).is_some_and(|items| {
                    items.items().iter().any(|other| same_resource(item, other))
                })
            });
        for (items, into) in [(fresh, &mut new), (seen, &mut again)] {
            if !items.is_empty() {
                let mut kept = entry.clone();
                kept.value = Node::array(entry.value.range.clone(), items);
                into.push(kept);
            }
        }
    }
    let table = |entries: Vec<_>| {
        (!entries.is_empty()).then(|| Node::table(document.range.clone(), entries))
    };
    (table(new), table(again))
}

/// Whether two resources of one kind have the same name and parents.
fn same_resource(a: &Node, b: &Node) -> bool {
    ["name", "gallery", "image-definition", "application"]
        .iter()
        .all(|key| {
            match (
                a.get(key).and_then(Node::as_str),
                b.get(key).and_then(Node::as_str),
            ) {
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                (None, None) => true,
                _ => false,
            }
        })
}

/// Two documents as one: the resources of each kind in one array, the first document's first.
fn merge_documents(first: Option<Node>, second: Option<Node>) -> Option<Node> {
    let (Some(first), Some(second)) = (&first, &second) else {
        return first.or(second);
    };
    let mut entries = first.entries().to_vec();
    for entry in second.entries() {
        match entries.iter_mut().find(|known| known.key == entry.key) {
            Some(known) => known.value = concatenate(&known.value, &entry.value),
            None => entries.push(entry.clone()),
        }
    }
    let range = first.range.start.min(second.range.start)..first.range.end.max(second.range.end);
    Some(Node::table(range, entries))
}

/// The items of two arrays in one, numbered again in order.
fn concatenate(first: &Node, second: &Node) -> Node {
    let items: Vec<Node> = first
        .items()
        .iter()
        .chain(second.items())
        .cloned()
        .collect();
    let range = first.range.start.min(second.range.start)..first.range.end.max(second.range.end);
    match (&first.kind, &second.kind) {
        (Kind::Array(_), Kind::Array(_)) => Node::array(range, items),
        // Not arrays: the readers make none such, keep the first.
        _ => first.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sigil_spec::document::Lines;

    /// The names of the resources of one kind.
    fn names(document: &Node, array: &str) -> Vec<String> {
        document
            .get(array)
            .map(|items| {
                items
                    .items()
                    .iter()
                    .filter_map(|item| item.get("name").and_then(Node::as_str).map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn read_page(text: &str) -> Read {
        read(Path::new("README.md"), text)
    }

    /// The line and column where a value of the document is written.
    fn position(text: &str, node: &Node) -> (usize, usize) {
        let at = Lines::new(text).position(node.range.start);
        (at.line, at.column)
    }

    #[test]
    fn fences_are_chosen_by_their_info_string() {
        assert_eq!(
            Language::of_info("azurecli-interactive"),
            Some(Language::Shell)
        );
        assert_eq!(
            Language::of_info("Bash {.line-numbers}"),
            Some(Language::Shell)
        );
        assert_eq!(
            Language::of_info("AzurePowerShell"),
            Some(Language::PowerShell)
        );
        assert_eq!(
            Language::of_info("pwsh,linenums"),
            Some(Language::PowerShell)
        );
        assert_eq!(Language::of_info("console"), None);
        assert_eq!(Language::of_info(""), None);
        assert_eq!(Language::of_info("json"), None);
    }

    #[test]
    fn values_point_into_the_page_and_fences_of_a_language_are_one_script() {
        let text = "# Create a gallery\n\nSet the names:\n\n```azurecli\ngallery=my-gallery\n```\n\nThen:\n\n1. Create it:\n\n   ```azurecli-interactive\n   az sig create \\\n      --resource-group rg --gallery-name \"$gallery\"\n   ```\n\n```json\n{\"az sig create\": \"--gallery-name not-read\"}\n```\n";
        let read = read_page(text);
        let document = read.document.expect("a document");
        let name = first_name(&document, "gallery");
        assert_eq!(name.as_str(), Some("my-gallery"));
        assert_eq!(&text[name.range.clone()], "my-gallery");
        assert_eq!(position(text, name), (6, 9));
        assert!(read.unresolved.is_empty(), "{:?}", read.unresolved);
    }

    fn first_name<'d>(document: &'d Node, array: &str) -> &'d Node {
        document.get(array).expect(array).items()[0]
            .get("name")
            .expect("a name")
    }

    #[test]
    fn both_languages_merge_into_one_document() {
        let text = "```powershell\nNew-AzGalleryImageDefinition -GalleryName myGallery -Name first `\n   -Publisher p -Offer o -Sku s -OsType Linux -OsState Generalized\n```\n\n```bash\naz sig create -g rg -r myGallery\naz sig image-definition create -g rg -r myGallery -i second --publisher p --offer o --sku t --os-type Linux --os-state Generalized\n```\n\n> ```pwsh\n> Get-AzGalleryImageVersion -GalleryName myGallery -GalleryImageDefinitionName first -Name 1.0\n> ```\n";
        let read = read_page(text);
        let document = read.document.expect("a document");
        assert_eq!(names(&document, "gallery"), ["myGallery"]);
        assert_eq!(names(&document, "image-definition"), ["second", "first"]);
        let definitions = document.get("image-definition").unwrap().items();
        assert_eq!((definitions[0].index, definitions[1].index), (0, 1));
        assert_eq!(position(text, definitions[1].get("name").unwrap()), (2, 59));
        let alternatives = read.alternatives.expect("names");
        let version = first_name(&alternatives, "image-version");
        assert_eq!(position(text, version), (12, 92));
    }

    #[test]
    fn a_resource_shown_in_both_languages_is_one_resource() {
        let text = "```azurecli\naz sig create -g rg -r myGallery\n```\n\n```azurepowershell\nNew-AzGallery -ResourceGroupName rg -Name MYGALLERY -Location eastus\nNew-AzGallery -ResourceGroupName rg -Name other -Location eastus\n```\n";
        let read = read_page(text);
        assert_eq!(
            names(&read.document.expect("a document"), "gallery"),
            ["myGallery", "other"]
        );
        // The PowerShell tab's gallery is still checked, by the name and value rules.
        assert_eq!(
            names(&read.alternatives.expect("names"), "gallery"),
            ["MYGALLERY"]
        );
    }

    #[test]
    fn a_fence_that_does_not_parse_is_reported_in_the_page() {
        let text = "Intro\n\n```azurepowershell\nNew-AzGallery -Name g -ResourceGroupName rg\nif ( {\n```\n";
        let read = read_page(text);
        assert_eq!(read.diagnostics.len(), 1, "{:?}", read.diagnostics);
        assert_eq!(read.diagnostics[0].diagnostic.rule.id, "SIG000");
        assert_eq!(read.diagnostics[0].span.start.line, 5);
    }

    #[test]
    fn pages_without_script_fences_give_no_document() {
        let text = "Run `az sig create -r g` or:\n\n    az sig create -r indented\n\n```console\n$ az sig create -r prompt\n```\n\n```azurecli\n";
        let read = read_page(text);
        assert!(read.document.is_none() && read.alternatives.is_none());
        // Unclosed, truncated and odd pages do not panic.
        for cut in 0..text.len() {
            let _ = read_page(&text[..cut]);
        }
        let _ = read_page("```bash\naz sig create -r 'g\n```\n```bash\necho x'\n```\n");
        let _ = read_page(&"> - ".repeat(2_000));
        let _ = read_page("```sh\r\naz sig create -r g\u{e9}\r\n```\r\n");
    }
}
