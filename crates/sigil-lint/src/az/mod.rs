//! Azure CLI scripts (`*.sh`, `*.bash`, `*.azcli`): the resources a script makes as a spec-shaped document,
//! parsed with `tree-sitter-bash`, which keeps the byte range of every word (a command continued over
//! several lines with `\` is one command node).
//!
//! | command | spec |
//! |---|---|
//! | `az group create` | `resource-group` (the group of the gallery resources; another group is a VM's) |
//! | `az sig create\|update` | `gallery` |
//! | `az sig image-definition create\|update` | `image-definition` |
//! | `az sig image-version create\|update` | `image-version` |
//! | `az sig gallery-application create\|update` | `application` |
//! | `az sig gallery-application version create\|update` | `application-version` |
//! | `az rest --method put --url .../galleries/...` | the gallery resource the URL names, its body read as ARM's |
//! | `az role assignment create --scope ID` | `role-assignment` on the gallery resource `ID` is |
//! | `az vm create --image ID` | `vm` from the gallery image `ID` is |
//!
//! A `create` goes into the document, with only the properties the command writes (az's own defaults stay
//! absent, as a missing key does in a spec), and the `--set` of an `update` of the same resource merged in.
//! Another `update`, a `show` or `delete` names resources made elsewhere: it is checked by the name and
//! value rules only ([`Read::alternatives`]); a `show` on its own line (not `$(...)`) of a gallery or image
//! definition the script does not create is that resource made elsewhere (`existing = true`).
//!
//! A value is read when it is a literal (a word, `'...'`, `"..."`, `$'...'`, and `--flag=value`), or a
//! variable assigned a literal earlier in the file (`gallery=myGallery`, `GALLERY=${GALLERY:-myGallery}`),
//! which then points at that literal. A variable assigned `$(az sig ... show ... --query id)` holds that
//! resource's id, as `--scope` and `--image` take it. Anything else (another command substitution, a
//! variable assigned elsewhere) is known only when the script runs, and listed as unresolved. A flag sigil
//! has no key for is listed as ignored ([`Read::ignored`]).
//!
//! A VM goes into the document when the script gives its credentials (or `--specialized`): with the local
//! user name, generated keys or a password prompt, az makes them up when it runs, and the VM is named only.
//! Its `--security-type` follows from the image, as sigil derives it. A role assignment named by a command of
//! its scope and a GUID (`arm_guid "$scope" OBJECT-ID "$role"`, ARM's `guid(scope, principal, role)`) has
//! that GUID as `assignee-object-id`.
//!
//! The prefilter looks for `az sig`: a command written with more than one space between `az` and `sig`
//! is not looked at.

mod flags;
mod gallery;
mod rest;
mod role;
mod shapes;
mod vm;
mod words;

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use sigil_core::rules::SIG000;
use sigil_core::{Diagnostic, Located};
use sigil_spec::document::{Entry, Lines, Node};
use tree_sitter::Parser;

use crate::Read;
use crate::resources::{Found, GalleryId, ResourceKind, script_read};
use crate::syntax_tree::too_deep;
use flags::QUIET;
use words::Value;

struct Reader<'a> {
    text: &'a str,
    variables: HashMap<String, Value>,
    /// Variables assigned the id of a gallery resource (`id=$(az sig show ... --query id -o tsv)`).
    ids: HashMap<String, GalleryId>,
    /// Variables assigned the output of another command: that command's arguments.
    outputs: HashMap<String, Vec<Value>>,
    unresolved: Vec<(Range<usize>, String)>,
    ignored: Vec<(Range<usize>, String)>,
    /// Each `create`, and each `update`, `show` or `delete`.
    created: Vec<(ResourceKind, Node)>,
    named: Vec<(ResourceKind, Node)>,
    /// Each `show` on its own line: a resource made elsewhere, unless the script creates it.
    shown: Vec<(ResourceKind, Node)>,
    groups: Vec<vm::Group>,
    /// The resource group of the first gallery resource created: the spec's.
    gallery_group: Option<String>,
    vms: Vec<vm::Pending>,
}

type TsNode<'t> = tree_sitter::Node<'t>;

/// A flag of a command and its values, each with the word as written.
struct Flag<'t> {
    name: &'t str,
    range: Range<usize>,
    values: Vec<Value>,
    written: Vec<&'t str>,
}

/// An `az` command: its positional words and its flags.
struct Command<'t> {
    range: Range<usize>,
    words: Vec<&'t str>,
    /// From the first positional word to the last.
    words_range: Range<usize>,
    flags: Vec<Flag<'t>>,
}

impl Command<'_> {
    /// The last of the flags named `names` that has a value.
    fn get(&self, names: &[&str]) -> Option<&Flag<'_>> {
        self.flags
            .iter()
            .rev()
            .find(|flag| names.contains(&flag.name) && !flag.values.is_empty())
    }

    fn has(&self, names: &[&str]) -> bool {
        self.flags.iter().any(|flag| names.contains(&flag.name))
    }

    /// The known text of the flag's first value.
    fn text(&self, names: &[&str]) -> Option<&str> {
        self.get(names).and_then(|flag| flag.values[0].text())
    }

    /// `az vm create`, as messages name it.
    fn describe(&self) -> String {
        format!("az {}", self.words.join(" "))
    }
}

/// What a resource id argument (`--scope`, `--image`) names.
enum Target {
    Gallery(GalleryId),
    /// A literal that is not a gallery resource's id: another resource, or an image alias.
    Other,
    /// Known only when the script runs.
    Unknown(String, Range<usize>),
}

/// The variable a word expands, `"$name"`, `$name` or `"${name}"`.
fn variable_name(written: &str) -> Option<&str> {
    let bare = written.trim_matches('"').strip_prefix('$')?;
    let name = bare
        .strip_prefix('{')
        .and_then(|inner| inner.strip_suffix('}'))
        .unwrap_or(bare);
    (!name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
        .then_some(name)
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            variables: HashMap::new(),
            ids: HashMap::new(),
            outputs: HashMap::new(),
            unresolved: Vec::new(),
            ignored: Vec::new(),
            created: Vec::new(),
            named: Vec::new(),
            shown: Vec::new(),
            groups: Vec::new(),
            gallery_group: None,
            vms: Vec::new(),
        }
    }

    /// Every node, in the order it is written: assignments recorded, `az` commands read.
    fn visit(&mut self, node: TsNode<'a>) {
        match node.kind() {
            "variable_assignment" => self.assignment(node),
            "command" => self.command(node),
            _ => {}
        }
        let mut cursor = node.walk();
        let children: Vec<TsNode> = node.children(&mut cursor).collect();
        for child in children {
            self.visit(child);
        }
    }

    fn assignment(&mut self, node: TsNode<'a>) {
        let Some(name) = node.child_by_field_name("name") else {
            return;
        };
        let name = self.written(name).to_owned();
        let value = match node.child_by_field_name("value") {
            Some(value) => {
                self.substitution(&name, value);
                self.word(value, 0)
            }
            None => Value::Known {
                text: String::new(),
                range: node.end_byte()..node.end_byte(),
                exact: true,
            },
        };
        self.variables.insert(name, value);
    }

    /// `name=$(command ...)`: the id of the gallery resource an `az sig ... show --query id` prints, or the
    /// arguments of another command.
    fn substitution(&mut self, name: &str, value: TsNode<'a>) {
        self.ids.remove(name);
        self.outputs.remove(name);
        if value.kind() != "command_substitution" {
            return;
        }
        let mut cursor = value.walk();
        let commands: Vec<TsNode> = value
            .named_children(&mut cursor)
            .filter(|child| child.kind() == "command")
            .collect();
        let [command] = commands.as_slice() else {
            return;
        };
        if let Some(id) = self
            .parse(*command)
            .and_then(|parsed| Self::shown_id(&parsed))
        {
            self.ids.insert(name.to_owned(), id);
            return;
        }
        let mut cursor = command.walk();
        let arguments = command
            .children_by_field_name("argument", &mut cursor)
            .map(|argument| self.word(argument, 0))
            .collect();
        self.outputs.insert(name.to_owned(), arguments);
    }

    /// `az sig ... show ... --query id`: the id of the resource shown, when its names are known.
    fn shown_id(command: &Command) -> Option<GalleryId> {
        let (kind, "show") = ResourceKind::of_words(&command.words)? else {
            return None;
        };
        if !command.text(&["--query"])?.eq_ignore_ascii_case("id") {
            return None;
        }
        let mut names = Vec::new();
        for (flags, _) in kind.naming_flags() {
            let flag = command.get(flags)?;
            let text = flag.values[0].text()?;
            names.push((text.to_owned(), flag.values[0].range()));
        }
        let resource_group = command
            .get(&["--resource-group", "-g"])
            .and_then(|flag| Some((flag.values[0].text()?.to_owned(), flag.values[0].range())));
        Some(GalleryId {
            kind,
            names,
            resource_group,
        })
    }

    /// An `az` command's words and flags; `None` for another command.
    fn parse(&self, node: TsNode<'a>) -> Option<Command<'a>> {
        let name = node.child_by_field_name("name")?;
        if self.written(name) != "az" {
            return None;
        }
        let mut cursor = node.walk();
        let arguments: Vec<TsNode> = node
            .children_by_field_name("argument", &mut cursor)
            .collect();
        let words: Vec<&str> = arguments
            .iter()
            .map(|argument| self.written(*argument))
            .take_while(|word| !word.starts_with('-'))
            .collect();
        let words_range = match words.len() {
            0 => name.byte_range(),
            count => arguments[0].start_byte()..arguments[count - 1].end_byte(),
        };
        let mut flags: Vec<Flag> = Vec::new();
        for argument in &arguments[words.len()..] {
            let written = self.written(*argument);
            if (written.starts_with('-') && argument.kind() == "word")
                || (argument.kind() == "concatenation" && written.starts_with("--"))
            {
                if let Some(at) = written.find('=').filter(|_| written.starts_with("--")) {
                    flags.push(Flag {
                        name: &written[..at],
                        range: argument.start_byte()..argument.start_byte() + at,
                        values: vec![self.word(*argument, at + 1)],
                        written: vec![&written[at + 1..]],
                    });
                } else {
                    flags.push(Flag {
                        name: written,
                        range: argument.byte_range(),
                        values: Vec::new(),
                        written: Vec::new(),
                    });
                }
            } else if let Some(flag) = flags.last_mut() {
                let value = self.word(*argument, 0);
                // bash splits an unquoted expansion at its blanks, and each word is a tag to az:
                // `--tags $TAGS` is several tags, `--tags 'team=my team'` one. Elsewhere a variable's
                // value is kept whole, as its author meant it (`-i $image`).
                let expansion = matches!(argument.kind(), "simple_expansion" | "expansion");
                let values = if expansion && flag.name == "--tags" {
                    value.split_at_blanks()
                } else {
                    vec![value]
                };
                for value in values {
                    flag.values.push(value);
                    flag.written.push(written);
                }
            }
        }
        Some(Command {
            range: node.byte_range(),
            words,
            words_range,
            flags,
        })
    }

    fn command(&mut self, node: TsNode<'a>) {
        let Some(command) = self.parse(node) else {
            return;
        };
        match command.words.as_slice() {
            ["group", "create"] => self.group(&command),
            ["vm", "create"] => self.vm(&command),
            ["role", "assignment", "create"] => self.role_assignment(&command),
            ["rest"] => self.rest(&command),
            words => {
                if let Some((kind, verb)) = ResourceKind::of_words(words) {
                    let substituted = inside_substitution(node);
                    self.gallery_command(kind, verb, &command, substituted);
                }
            }
        }
    }

    /// What a `--scope` or `--image` value names: a variable holding a gallery resource's id, or an id
    /// written out.
    fn target(&self, flag: &Flag) -> Target {
        if let Some(id) = variable_name(flag.written[0]).and_then(|name| self.ids.get(name)) {
            return Target::Gallery(id.clone());
        }
        match &flag.values[0] {
            Value::Known { text, range, exact } => match GalleryId::parse(text) {
                Some(id) if *exact => Target::Gallery(id.shifted(range.start)),
                Some(id) => Target::Gallery(id.placed(range)),
                None => Target::Other,
            },
            Value::Unknown(written, range) => Target::Unknown(written.clone(), range.clone()),
        }
    }

    /// Lists each flag of `command` that `known` does not take as ignored.
    fn ignore_other_flags(&mut self, command: &Command, known: &[&[&str]]) {
        for flag in &command.flags {
            if QUIET.contains(&flag.name) || known.iter().any(|names| names.contains(&flag.name)) {
                continue;
            }
            let end = flag.values.last().map_or(flag.range.end, |value| {
                value.range().end.max(flag.range.end)
            });
            let written = &self.text[flag.range.start..end];
            self.ignored.push((
                flag.range.start..end,
                format!(
                    "`{written}` of `{}`: sigil has no key for it",
                    command.describe()
                ),
            ));
        }
    }

    /// The resources read, sorted as written, with what could only be decided once every command was read.
    fn finish(&mut self) -> Option<Entry> {
        self.place_shown();
        let spec_group = self
            .gallery_group
            .clone()
            .or_else(|| self.groups.first().map(|group| group.name.clone()));
        self.place_vms(spec_group.as_deref());
        self.created.sort_by_key(|(_, node)| node.range.start);
        self.named.sort_by_key(|(_, node)| node.range.start);
        self.resource_group(spec_group.as_deref())
    }
}

/// Whether `node` runs inside `$(...)` or backquotes, its output used rather than its effect.
fn inside_substitution(node: TsNode) -> bool {
    let mut parent = node.parent();
    while let Some(node) = parent {
        if node.kind() == "command_substitution" {
            return true;
        }
        parent = node.parent();
    }
    false
}

/// Reads an Azure CLI script: the resources its `az` commands make, as a document. `text` has no byte
/// order mark.
pub fn read(file: &Path, text: &str) -> Read {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_bash::LANGUAGE.into())
        .expect("the bash grammar matches tree-sitter");
    let Some(tree) = parser.parse(text, None) else {
        return Read::default();
    };
    let root = tree.root_node();
    if let Some(at) = too_deep(root, MAX_DEPTH) {
        return Read {
            diagnostics: vec![Located {
                file: file.to_path_buf(),
                span: Lines::new(text).span(&(at..at)),
                diagnostic: Diagnostic::new(
                    &SIG000,
                    format!("invalid shell syntax: nested more than {MAX_DEPTH} levels deep"),
                ),
            }],
            ..Read::default()
        };
    }
    let mut reader = Reader::new(text);
    reader.visit(root);
    let group = reader.finish();
    script_read(
        file,
        text,
        root,
        Found {
            created: reader.created,
            named: reader.named,
            group,
            unresolved: reader.unresolved,
            ignored: reader.ignored,
        },
        "invalid shell syntax: the az commands after it may be read wrong",
    )
}

/// How deep in the syntax tree the reader goes, in nodes: it visits the tree recursively, on the walk's
/// threads (2 MiB stacks), so a deeper script (`$($($(...` ten thousand times) is refused as the JSON
/// reader refuses a document nested more than 512 levels.
const MAX_DEPTH: u32 = 512;

#[cfg(test)]
mod tests {
    use super::*;
    use sigil_spec::document::Kind;

    fn read_text(text: &str) -> Read {
        read(Path::new("deploy.sh"), text)
    }

    fn first<'d>(document: &'d Node, array: &str) -> &'d Node {
        &document.get(array).expect(array).items()[0]
    }

    /// Found by the round-trip fuzz target: a quoted `--tags` word with spaces is one tag to az (which is
    /// how `sigil generate` writes it), and was read as several; an unquoted expansion is split by bash.
    #[test]
    fn a_tag_is_a_word_and_an_unquoted_expansion_is_several() {
        let text = "TAGS=\"a=1 b=2\"\naz sig create -g rg -r g --tags 'team=my team, ok' x=y\naz sig create -g rg -r h --tags $TAGS\naz sig create -g rg -r i --tags \"$TAGS\"\n";
        let read = read_text(text);
        let document = read.document.expect("a document");
        let tags = |index: usize| -> Vec<(String, String)> {
            let gallery = &document.get("gallery").expect("galleries").items()[index];
            gallery
                .get("tags")
                .expect("tags")
                .entries()
                .iter()
                .map(|entry| {
                    let value = entry.value.as_str().expect("a text");
                    assert_eq!(&text[entry.value.range.clone()], value);
                    (entry.key.clone(), value.to_owned())
                })
                .collect()
        };
        let pairs = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
                .collect()
        };
        assert_eq!(tags(0), pairs(&[("team", "my team, ok"), ("x", "y")]));
        assert_eq!(tags(1), pairs(&[("a", "1"), ("b", "2")]));
        assert_eq!(tags(2), pairs(&[("a", "1 b=2")]));
    }

    /// Found by the lint fuzz target: an unterminated string at the end of the file has no closing quote,
    /// and its last byte, taken for one, was inside a letter of two or more bytes (a panic).
    #[test]
    fn an_unterminated_string_ending_the_file_in_a_wide_letter_is_read() {
        for text in [
            "az sig show -r \"é",
            "az sig show -r \"x $y é",
            "az sig create --resource-group rg --gallery-name \"x\né",
        ] {
            let _ = read_text(text);
        }
    }

    #[test]
    fn a_continued_command_maps_to_the_spec_keys() {
        let text = "az sig image-definition create \\\n  --resource-group rg \\\n  -r 'myGallery' \\\n  --gallery-image-definition=\"ubuntu\" \\\n  --publisher $'contoso' --offer ubuntu --sku 24.04 \\\n  --os-type Linux --minimum-cpu-core 2 \\\n  --features 'SecurityType=TrustedLaunch IsAcceleratedNetworkSupported=True DiskControllerTypes=SCSI,NVMe' \\\n  --tags team=images owner=me\n";
        let read = read_text(text);
        assert!(read.unresolved.is_empty(), "{:?}", read.unresolved);
        assert!(read.diagnostics.is_empty(), "{:?}", read.diagnostics);
        let document = read.document.expect("a document");
        let definition = first(&document, "image-definition");
        let keys: Vec<&str> = definition
            .entries()
            .iter()
            .map(|e| e.key.as_str())
            .collect();
        assert_eq!(
            keys,
            [
                "gallery",
                "name",
                "publisher",
                "offer",
                "sku",
                "os-type",
                "features",
                "minimum-cpu-core",
                "tags"
            ]
        );
        let gallery = definition.get("gallery").unwrap();
        assert_eq!(&text[gallery.range.clone()], "myGallery");
        let name = definition.get("name").unwrap();
        assert_eq!(
            (name.as_str(), &text[name.range.clone()]),
            (Some("ubuntu"), "ubuntu")
        );
        assert_eq!(
            definition.get("minimum-cpu-core").unwrap().kind,
            Kind::Integer(2)
        );
        let features = definition.get("features").unwrap();
        let security = features.get("security-type").unwrap();
        assert_eq!(&text[security.range.clone()], "TrustedLaunch");
        assert_eq!(
            features.get("accelerated-networking").unwrap().kind,
            Kind::Bool(true)
        );
        let types = features.get("disk-controller-types").unwrap().items();
        assert_eq!(&text[types[1].range.clone()], "NVMe");
        let owner = definition
            .get("tags")
            .and_then(|tags| tags.get("owner"))
            .unwrap();
        assert_eq!(&text[owner.range.clone()], "me");
    }

    #[test]
    fn variables_stand_for_their_literals_and_the_rest_is_unresolved() {
        let text = "GALLERY=${GALLERY:-myGallery}\nimage=\"my image\"\nversion=$(date +%Y)\n\
az sig image-version create -r \"$GALLERY\" -i $image -e \"$version\" \\\n  --target-regions westus=2=Standard_ZRS eastus \\\n  --managed-image \"$(az image show -n x --query id -o tsv)\"\naz sig show --gallery-name $other\n";
        let read = read_text(text);
        let document = read.document.expect("a document");
        let version = first(&document, "image-version");
        let gallery = version.get("gallery").unwrap();
        assert_eq!(
            (gallery.as_str(), &text[gallery.range.clone()]),
            (Some("myGallery"), "myGallery")
        );
        let image = version.get("image-definition").unwrap();
        assert_eq!(
            (image.as_str(), &text[image.range.clone()]),
            (Some("my image"), "my image")
        );
        assert!(version.get("name").is_none());
        assert!(version.get("managed-image").is_some());
        let regions = version.get("target-regions").unwrap().items();
        assert_eq!(regions.len(), 2);
        assert_eq!(
            regions[0].get("replica-count").unwrap().kind,
            Kind::Integer(2)
        );
        let account = regions[0].get("storage-account-type").unwrap();
        assert_eq!(&text[account.range.clone()], "Standard_ZRS");
        assert_eq!(read.unresolved.len(), 2, "{:?}", read.unresolved);
        assert!(read.alternatives.is_none());
    }

    #[test]
    fn show_update_and_delete_name_resources_made_elsewhere() {
        let text = "id=$(az sig image-definition show -r g -i my-def --query id -o tsv)\naz sig update -r other.gallery --description x\naz vm create -n vm\n";
        let read = read_text(text);
        assert!(read.document.is_none());
        let named = read.alternatives.expect("names");
        assert_eq!(
            first(&named, "image-definition")
                .get("name")
                .and_then(Node::as_str),
            Some("my-def")
        );
        assert_eq!(
            first(&named, "gallery")
                .get("description")
                .and_then(Node::as_str),
            Some("x")
        );
    }

    #[test]
    fn a_script_that_does_not_parse_is_a_syntax_error() {
        let read = read_text("az sig create -r myGallery\nif then fi (\n");
        assert_eq!(read.diagnostics.len(), 1, "{:?}", read.diagnostics);
        assert_eq!(read.diagnostics[0].diagnostic.rule.id, "SIG000");
    }

    /// A gallery created with the description `value`.
    fn described(value: &str) -> String {
        format!("az sig create -g rg -r my-gallery --description {value}\n")
    }

    /// Reads `text` on a thread with the stack of the walk's threads.
    fn read_on_walk_stack(text: String) -> Read {
        std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || read_text(&text))
            .unwrap()
            .join()
            .unwrap()
    }

    /// Ways to nest shell syntax: what opens a level and what closes it, around `x`.
    const NESTINGS: [(&str, &str); 4] = [
        ("\"$(echo ", ")\""),
        ("$((", "))"),
        ("\"${a:-", "}\""),
        ("\"$(", ")\""),
    ];

    #[test]
    fn nesting_deeper_than_the_reader_goes_is_refused_not_a_stack_overflow() {
        let depth = 10_000;
        for (open, close) in NESTINGS {
            let value = format!("{}x{}", open.repeat(depth), close.repeat(depth));
            let read = read_on_walk_stack(described(&value));
            let ids: Vec<_> = read
                .diagnostics
                .iter()
                .map(|d| d.diagnostic.rule.id)
                .collect();
            assert_eq!(ids, ["SIG000"], "{open}");
            let message = &read.diagnostics[0].diagnostic.message;
            assert!(
                message.contains("nested more than 512"),
                "{open}: {message}"
            );
            // Unclosed, as in a file cut short: no overflow either.
            read_on_walk_stack(described(&open.repeat(depth)));
        }
    }

    #[test]
    fn nesting_up_to_the_limit_is_read() {
        // The deepest nesting the limit lets through, found by bisection and read on the stack of the walk's
        // threads.
        for (open, close) in NESTINGS {
            let read_at = |depth: usize| {
                let value = format!("{}x{}", open.repeat(depth), close.repeat(depth));
                read_on_walk_stack(described(&value)).document.is_some()
            };
            let (mut read, mut refused) = (1, 10_000);
            assert!(read_at(read) && !read_at(refused), "{open}");
            while refused - read > 1 {
                let middle = usize::midpoint(read, refused);
                if read_at(middle) {
                    read = middle;
                } else {
                    refused = middle;
                }
            }
            assert!(read >= 100, "{open}: only {read} levels are read");
        }
    }

    #[test]
    fn scripts_without_gallery_commands_give_no_gallery_resources() {
        let read = read_text("echo az sig create\n");
        assert!(read.document.is_none() && read.alternatives.is_none());
        let read = read_text("az group create -n rg -l westus\n");
        let document = read.document.expect("the resource group");
        let keys: Vec<&str> = document.entries().iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["resource-group"]);
    }

    /// The value of `key` in `table`, as text.
    fn text_of<'d>(table: &'d Node, key: &str) -> Option<&'d str> {
        table.get(key).and_then(Node::as_str)
    }

    const SHARED: &str = "az group create --name rg --location eastus\n\
az sig create -g rg --gallery-name g\n\
az sig image-definition create -g rg -r g -i d -p p -f o -s s --os-type Linux --os-state generalized\n\
az sig image-definition update -g rg -r g -i d --set 'description=\"a \\\"b\\\"\"' 'releaseNoteUri=\"https://x\"' 'tags.team=imgs' 'osDiskSize=3'\n\
id=$(az sig image-definition show -g rg -r g -i d --query id -o tsv)\n\
name=$(arm_guid \"$id\" 11111111-2222-3333-4444-555555555555 \"$role\")\n\
az role assignment create --role Reader --assignee me@example.com --scope \"$id\" --name \"$name\"\n";

    #[test]
    fn updates_merge_into_the_created_resource_and_role_assignments_name_their_scope() {
        let read = read_text(SHARED);
        let document = read.document.expect("a document");
        let group = document.get("resource-group").unwrap();
        assert_eq!(text_of(group, "location"), Some("eastus"));
        let definition = first(&document, "image-definition");
        assert_eq!(text_of(definition, "description"), Some("a \"b\""));
        let uri = definition.get("release-note-uri").unwrap();
        assert_eq!(&SHARED[uri.range.clone()], "https://x");
        assert_eq!(
            text_of(definition.get("tags").unwrap(), "team"),
            Some("imgs")
        );
        let assignment = first(&document, "role-assignment");
        assert_eq!(text_of(assignment, "scope"), Some("g/d"));
        assert_eq!(text_of(assignment, "assignee"), Some("me@example.com"));
        let object_id = assignment.get("assignee-object-id").unwrap();
        assert_eq!(
            &SHARED[object_id.range.clone()],
            "11111111-2222-3333-4444-555555555555"
        );
        let ignored: Vec<&str> = read.ignored.iter().map(|i| i.what.as_str()).collect();
        assert_eq!(ignored.len(), 1, "{ignored:?}");
        assert!(ignored[0].contains("osDiskSize"), "{ignored:?}");
    }

    #[test]
    fn a_vm_from_a_gallery_image_in_another_group_takes_that_groups_location() {
        let text = "az group create -n rg -l eastus\naz sig create -g rg -r g\n\
az sig image-definition create -g rg -r g -i d -p p -f o -s s --os-type Windows --os-state generalized\n\
az group create -n vms -l westus2\n\
az vm create -g vms -n vm1 --image /subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/d/versions/1.0.0 \\\n  --admin-username admin --admin-password \"$PASSWORD\" --public-ip-address '' --os-disk-size-gb 64\n\
az vm create -g rg -n vm2 --image Ubuntu2204 --generate-ssh-keys\n";
        let read = read_text(text);
        let document = read.document.expect("a document");
        let vm = first(&document, "vm");
        assert_eq!(text_of(vm, "image"), Some("g/d/1.0.0"));
        assert_eq!(text_of(vm, "resource-group"), Some("vms"));
        let location = vm.get("location").unwrap();
        assert_eq!(
            (location.as_str(), &text[location.range.clone()]),
            (Some("westus2"), "westus2")
        );
        assert_eq!(text_of(vm, "authentication-type"), Some("password"));
        assert_eq!(vm.get("public-ip").unwrap().kind, Kind::Bool(false));
        // az opens RDP on a Windows VM without --nsg-rule, public IP or not.
        assert_eq!(text_of(vm, "nsg-rule"), Some("RDP"));
        assert_eq!(document.get("vm").unwrap().items().len(), 1);
        let ignored: Vec<&str> = read.ignored.iter().map(|i| i.what.as_str()).collect();
        assert!(ignored[0].contains("--os-disk-size-gb 64"), "{ignored:?}");
        assert!(ignored[1].contains("`Ubuntu2204`"), "{ignored:?}");
        assert_eq!(ignored.len(), 2, "{ignored:?}");
    }

    #[test]
    fn a_vm_whose_credentials_az_makes_up_is_named_only() {
        let text = "az vm create -g rg -n vm1 --image \"$(az sig image-definition show -g rg -r g -i d --query id -o tsv)\" --generate-ssh-keys\n\
id=$(az sig image-definition show -g rg -r g -i d --query id -o tsv)\n\
az vm create -g rg -n vm2 --image \"$id\" --generate-ssh-keys\n\
az vm create -g rg -n vm3 --image \"$id\" --specialized\n";
        let read = read_text(text);
        let named = read.alternatives.expect("names");
        let vms: Vec<_> = named
            .get("vm")
            .unwrap()
            .items()
            .iter()
            .map(|vm| text_of(vm, "name"))
            .collect();
        // vm1's image is a command substitution written in place: known only when the script runs.
        assert_eq!(vms, [Some("vm1"), Some("vm2")]);
        let document = read.document.expect("a document");
        assert_eq!(text_of(first(&document, "vm"), "name"), Some("vm3"));
        assert_eq!(read.unresolved.len(), 3, "{:?}", read.unresolved);
    }

    #[test]
    fn a_rest_put_is_the_resource_its_url_names_with_its_body() {
        let text = "az sig create -g rg -r g\naz rest --method put \\\n  --url '/subscriptions/{subscriptionId}/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/d?api-version=2025-03-03' \\\n  --body='{\"properties\": {\"osType\": \"Linux\", \"identifier\": {\"publisher\": \"p\", \"offer\": \"o\", \"sku\": \"s\"}, \"features\": [{\"name\": \"DiskControllerTypes\", \"value\": \"SCSI,NVMe\"}]}, \"tags\": {\"a\": \"b\"}}'\n\
az sig show -g rg -r other -o none\n";
        let read = read_text(text);
        let document = read.document.expect("a document");
        let definition = first(&document, "image-definition");
        let name = definition.get("name").unwrap();
        assert_eq!(&text[name.range.clone()], "d");
        let os = definition.get("os-type").unwrap();
        assert_eq!(&text[os.range.clone()], "\"Linux\"");
        let types = definition
            .get("features")
            .unwrap()
            .get("disk-controller-types")
            .unwrap();
        assert_eq!(&text[types.items()[1].range.clone()], "NVMe");
        assert_eq!(text_of(definition.get("tags").unwrap(), "a"), Some("b"));
        let galleries = document.get("gallery").unwrap().items();
        assert_eq!(text_of(&galleries[1], "name"), Some("other"));
        assert_eq!(galleries[1].get("existing").unwrap().kind, Kind::Bool(true));
    }
}
