//! Az PowerShell scripts (`*.ps1`, `*.psm1`): the gallery cmdlets as a spec-shaped document, parsed with
//! `tree-sitter-powershell`, which keeps the byte range of every argument (a command continued over several
//! lines with a backtick is one command node).
//!
//! | cmdlet | spec |
//! |---|---|
//! | `New-AzGallery` | `gallery` |
//! | `New-AzGalleryImageDefinition` | `image-definition` |
//! | `New-AzGalleryImageVersion` | `image-version` |
//! | `New-AzGalleryApplication` | `application` |
//! | `New-AzGalleryApplicationVersion` | `application-version` |
//! | `New-AzResourceGroup` | `resource-group` (the group of the gallery resources; another group is a VM's) |
//! | `New-AzResource -ResourceType Microsoft.Compute/galleries...` | the gallery resource, `-Properties` read as a template's |
//! | `New-AzRoleAssignment -Scope ID` | `role-assignment` on the gallery resource `ID` is (`$definition.Id`) |
//! | `New-AzVM -VM $config` | `vm` from the configuration's gallery image (the `objects` module follows the configuration) |
//!
//! Cmdlet and parameter names are matched ignoring case, as PowerShell does, by their full names and their
//! aliases (`-GalleryImageDefinitionName` for `-Name`); PowerShell's unambiguous prefixes (`-ResourceGroup`)
//! are not. A `New-` cmdlet goes into the document, with only the parameters it is given (the cmdlet's own
//! defaults stay absent, as a missing key does in a spec). `Update-`, `Get-` and `Remove-` name resources
//! made elsewhere: they are checked by the name and value rules only ([`Read::alternatives`]).
//!
//! Parameters are bound as PowerShell binds them: `-Name value`, `-Name:value`, a switch alone or as
//! `-Switch:$false`, positional arguments of the Compute cmdlets (`Get-AzGallery rg myGallery`), and a
//! hashtable splatted with `@params`. A value is read when it is a literal (a bare word, `'...'` with `''`,
//! `"..."` without variables, a here-string, a number, `$true`, `$false`), a hashtable or an array of them
//! (`-Tag`, `-Feature`, `-TargetRegion`, `-OSDiskImage`, `-DataDiskImage`), or a variable assigned one
//! earlier in the file, which then points at that literal. `$x.Name` is read when `$x` holds a hashtable,
//! or the result of a gallery cmdlet (its `Name`, `Location` or `ResourceGroupName`). A date written
//! `MM/dd/yyyy` is read as PowerShell reads it, in the invariant culture. Anything else (an expandable
//! string with a variable or `$(...)`, a method call, a variable assigned elsewhere) is known only when the
//! script runs, and listed as unresolved. Loops and branches are not followed: every cmdlet is read once,
//! with the assignments written before it.

mod objects;
mod scripted;

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use sigil_core::model::FeatureName;

use sigil_spec::document::{Entry, Node};
use tree_sitter::Parser;

use crate::Read;
use crate::resources::{Found, GalleryId, ResourceKind, script_read};

/// Hashtables and arrays nested deeper than this are not read (no gallery parameter nests more than three).
const MAX_DEPTH: usize = 16;

/// What a cmdlet does to its resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verb {
    New,
    Update,
    Get,
    Remove,
}

impl ResourceKind {
    /// The kind and verb of a cmdlet name, ignoring case and a module qualifier (`Az.Compute\New-AzGallery`).
    fn of_cmdlet(name: &str) -> Option<(Self, Verb)> {
        let name = name.rsplit('\\').next().unwrap_or(name);
        let (verb, noun) = name.split_once('-')?;
        let verb = [
            ("New", Verb::New),
            ("Update", Verb::Update),
            ("Get", Verb::Get),
            ("Remove", Verb::Remove),
        ]
        .into_iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(verb))?
        .1;
        let kind = [
            ("AzGallery", Self::Gallery),
            ("AzGalleryImageDefinition", Self::ImageDefinition),
            ("AzGalleryImageVersion", Self::ImageVersion),
            ("AzGalleryApplication", Self::Application),
            ("AzGalleryApplicationVersion", Self::ApplicationVersion),
        ]
        .into_iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(noun))?
        .1;
        Some((kind, verb))
    }

    /// The cmdlet's name, as Az spells it.
    fn cmdlet(self, verb: Verb) -> String {
        let verb = match verb {
            Verb::New => "New",
            Verb::Update => "Update",
            Verb::Get => "Get",
            Verb::Remove => "Remove",
        };
        let noun = match self {
            Self::Gallery => "AzGallery",
            Self::ImageDefinition => "AzGalleryImageDefinition",
            Self::ImageVersion => "AzGalleryImageVersion",
            Self::Application => "AzGalleryApplication",
            Self::ApplicationVersion => "AzGalleryApplicationVersion",
            Self::VirtualMachine => "AzVM",
            Self::RoleAssignment => "AzRoleAssignment",
        };
        format!("{verb}-{noun}")
    }

    /// The parameters that name the resource and its parents (each name first, then its aliases), under
    /// the spec's keys.
    fn naming_parameters(self) -> &'static [(&'static [&'static str], &'static str)] {
        const GALLERY: &[&str] = &["GalleryName"];
        match self {
            Self::Gallery => &[(&["Name", "GalleryName"], "name")],
            Self::ImageDefinition => &[
                (GALLERY, "gallery"),
                (&["Name", "GalleryImageDefinitionName"], "name"),
            ],
            Self::ImageVersion => &[
                (GALLERY, "gallery"),
                (
                    &["GalleryImageDefinitionName", "GalleryImageName"],
                    "image-definition",
                ),
                (&["Name", "GalleryImageVersionName"], "name"),
            ],
            Self::Application => &[
                (GALLERY, "gallery"),
                (&["Name", "GalleryApplicationName"], "name"),
            ],
            Self::ApplicationVersion => &[
                (GALLERY, "gallery"),
                (&["GalleryApplicationName"], "application"),
                (&["Name", "GalleryApplicationVersionName"], "name"),
            ],
            Self::VirtualMachine | Self::RoleAssignment => &[],
        }
    }

    /// The parameters that take positional arguments, in position order (those of the Compute module's
    /// default parameter sets; the application cmdlets have none).
    fn positions(self, verb: Verb) -> &'static [&'static str] {
        match (self, verb) {
            (Self::Gallery, Verb::New) => &["ResourceGroupName", "Name", "Location"],
            (Self::Gallery, _) => &["ResourceGroupName", "Name"],
            (Self::ImageDefinition, Verb::New) => {
                &["ResourceGroupName", "GalleryName", "Name", "Location"]
            }
            (Self::ImageDefinition, _) => &["ResourceGroupName", "GalleryName", "Name"],
            (Self::ImageVersion, _) => &[
                "ResourceGroupName",
                "GalleryName",
                "GalleryImageDefinitionName",
                "Name",
            ],
            (
                Self::Application
                | Self::ApplicationVersion
                | Self::VirtualMachine
                | Self::RoleAssignment,
                _,
            ) => &[],
        }
    }

    fn parameters(self) -> &'static [Field] {
        match self {
            Self::Gallery => GALLERY,
            Self::ImageDefinition => IMAGE_DEFINITION,
            Self::ImageVersion => IMAGE_VERSION,
            Self::Application => APPLICATION,
            Self::ApplicationVersion => APPLICATION_VERSION,
            Self::VirtualMachine | Self::RoleAssignment => &[],
        }
    }
}

/// What a parameter's value becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Text,
    Integer,
    /// A switch: present, or `-Switch:$false`.
    Switch,
    /// A `DateTime`: `2030-12-31`, or `12/31/2030` as the invariant culture reads it.
    Date,
    /// `@{ key = 'value'; ... }`
    Tags,
    /// `@(@{ Name = 'SecurityType'; Value = 'TrustedLaunch' }, ...)`
    Features,
    /// `@(@{ Name = 'eastus'; ReplicaCount = 2; StorageAccountType = 'Standard_ZRS' }, ...)`
    Regions,
    /// `a, b`: an array of texts.
    List,
    /// A source: only its presence matters, an unknown value is kept as written.
    Present,
    /// `@{ HostCaching = 'ReadOnly'; Source = @{ Id = '...' } }` or `Source = @{ Uri = ...; StorageAccountId = ... }`.
    OsDisk,
    /// `@(@{ Lun = 0; HostCaching = 'None'; Source = @{ Id = '...' } }, ...)`
    DataDisks,
}

/// A parameter (and its aliases), the spec's key, and its shape.
type Field = (&'static [&'static str], &'static str, Shape);

const GALLERY: &[Field] = &[
    (&["Description"], "description", Shape::Text),
    (&["Tag"], "tags", Shape::Tags),
    (&["Permission"], "permissions", Shape::Text),
    (&["PublicNamePrefix"], "public-name-prefix", Shape::Text),
    (&["Eula"], "eula", Shape::Text),
    (&["PublisherUri"], "publisher-uri", Shape::Text),
    (&["PublisherContact"], "publisher-email", Shape::Text),
];

const IMAGE_DEFINITION: &[Field] = &[
    (&["Publisher"], "publisher", Shape::Text),
    (&["Offer"], "offer", Shape::Text),
    (&["Sku"], "sku", Shape::Text),
    (&["OsType"], "os-type", Shape::Text),
    (&["OsState"], "os-state", Shape::Text),
    (&["HyperVGeneration"], "hyper-v-generation", Shape::Text),
    (&["Architecture"], "architecture", Shape::Text),
    (&["Feature"], "features", Shape::Features),
    (&["MinimumVCPU"], "minimum-cpu-core", Shape::Integer),
    (&["MaximumVCPU"], "maximum-cpu-core", Shape::Integer),
    (&["MinimumMemory"], "minimum-memory", Shape::Integer),
    (&["MaximumMemory"], "maximum-memory", Shape::Integer),
    (
        &["DisallowedDiskType"],
        "disallowed-disk-types",
        Shape::List,
    ),
    (&["EndOfLifeDate"], "end-of-life-date", Shape::Date),
    (&["Eula"], "eula", Shape::Text),
    (
        &["PrivacyStatementUri"],
        "privacy-statement-uri",
        Shape::Text,
    ),
    (&["ReleaseNoteUri"], "release-note-uri", Shape::Text),
    (&["Description"], "description", Shape::Text),
    (&["PurchasePlanName"], "plan-name", Shape::Text),
    (&["PurchasePlanProduct"], "plan-product", Shape::Text),
    (&["PurchasePlanPublisher"], "plan-publisher", Shape::Text),
    (&["Tag"], "tags", Shape::Tags),
];

const IMAGE_VERSION: &[Field] = &[
    (&["Location"], "location", Shape::Text),
    (&["SourceImageId"], "managed-image", Shape::Present),
    (&["SourceImageVMId"], "virtual-machine", Shape::Present),
    (&["OSDiskImage"], "", Shape::OsDisk),
    (&["DataDiskImage"], "data-snapshots", Shape::DataDisks),
    (&["TargetRegion"], "target-regions", Shape::Regions),
    (&["ReplicaCount"], "replica-count", Shape::Integer),
    (&["StorageAccountType"], "storage-account-type", Shape::Text),
    (&["ReplicationMode"], "replication-mode", Shape::Text),
    (
        &["PublishingProfileExcludeFromLatest"],
        "exclude-from-latest",
        Shape::Switch,
    ),
    (
        &["PublishingProfileEndOfLifeDate"],
        "end-of-life-date",
        Shape::Date,
    ),
    (&["Tag"], "tags", Shape::Tags),
];

const APPLICATION: &[Field] = &[
    (&["SupportedOSType"], "os-type", Shape::Text),
    (&["Description"], "description", Shape::Text),
    (&["Tag"], "tags", Shape::Tags),
];

const APPLICATION_VERSION: &[Field] = &[
    (&["Location"], "location", Shape::Text),
    (&["PackageFileLink"], "package-file-link", Shape::Present),
    (
        &["DefaultConfigFileLink"],
        "default-configuration-file-link",
        Shape::Present,
    ),
    (&["Install"], "install-command", Shape::Present),
    (&["Remove"], "remove-command", Shape::Present),
    (&["Update"], "update-command", Shape::Present),
    (&["PackageFileName"], "package-file-name", Shape::Text),
    (&["ConfigFileName"], "config-file-name", Shape::Text),
    (&["TargetRegion"], "target-regions", Shape::Regions),
    (&["ReplicaCount"], "replica-count", Shape::Integer),
    (
        &["PublishingProfileExcludeFromLatest"],
        "exclude-from-latest",
        Shape::Switch,
    ),
    (
        &["PublishingProfileEndOfLifeDate"],
        "end-of-life-date",
        Shape::Date,
    ),
    (&["Tag"], "tags", Shape::Tags),
];

/// The switches of the gallery cmdlets and the common ones: a value after them is positional, not theirs.
const SWITCHES: &[&str] = &[
    "PublishingProfileExcludeFromLatest",
    "BlockDeletionBeforeEndOfLife",
    "EnableSystemAssignedIdentity",
    "DisableSystemAssignedIdentity",
    "ExpandReplicationStatus",
    "Community",
    "Reset",
    "Share",
    "AsJob",
    "NoWait",
    "Force",
    "PassThru",
    "Confirm",
    "WhatIf",
    "Verbose",
    "Debug",
    // Of the cmdlets a VM is assembled from.
    "Linux",
    "Windows",
    "DisablePasswordAuthentication",
    "DisableBginfoExtension",
    "Disable",
    "Enable",
    "AsPlainText",
];

/// The properties of a cmdlet's result that `$result.Property` reads, from the parameters it was given.
const RESULT_PROPERTIES: &[&str] = &["Name", "Location", "ResourceGroupName"];

fn named(names: &[&str], parameter: &str) -> bool {
    names
        .iter()
        .any(|name| name.eq_ignore_ascii_case(parameter))
}

/// A value of the script, before it runs.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    /// Its text, and where that text is written (for a variable, its literal assignment). `exact` when
    /// the range holds exactly the text, so that parts of it can be pointed at.
    Known {
        text: String,
        range: Range<usize>,
        exact: bool,
    },
    /// Known only when the script runs: the value as written, and where.
    Unknown(String, Range<usize>),
    /// A hashtable (or a gallery cmdlet's result, its properties): keys as written, in order.
    Table(Vec<Pair>, Range<usize>),
    /// An array.
    List(Vec<Value>, Range<usize>),
}

#[derive(Debug, Clone, PartialEq)]
struct Pair {
    key: String,
    key_range: Range<usize>,
    value: Value,
}

impl Value {
    fn range(&self) -> Range<usize> {
        match self {
            Self::Known { range, .. }
            | Self::Unknown(_, range)
            | Self::Table(_, range)
            | Self::List(_, range) => range.clone(),
        }
    }

    fn text(&self) -> Option<&str> {
        match self {
            Self::Known { text, .. } => Some(text),
            _ => None,
        }
    }

    /// The value of `key` in a hashtable, ignoring case as PowerShell's hashtables do.
    fn get(&self, key: &str) -> Option<&Pair> {
        match self {
            Self::Table(pairs, _) => pairs.iter().find(|pair| pair.key.eq_ignore_ascii_case(key)),
            _ => None,
        }
    }

    /// The items of an array; a single value is an array of one, as PowerShell binds it to an array parameter.
    fn items(&self) -> Vec<&Value> {
        match self {
            Self::List(items, _) => items.iter().collect(),
            other => vec![other],
        }
    }

    /// The first value in it that is known only when the script runs.
    fn first_unknown(&self) -> Option<(&str, Range<usize>)> {
        match self {
            Self::Known { .. } => None,
            Self::Unknown(written, range) => Some((written, range.clone())),
            Self::Table(pairs, _) => pairs.iter().find_map(|pair| pair.value.first_unknown()),
            Self::List(items, _) => items.iter().find_map(Value::first_unknown),
        }
    }
}

/// A parameter bound to a value: by name, by position, or through a splatted hashtable.
#[derive(Debug, Clone)]
struct Binding {
    /// As written, without its `-` (the parameter's own name for a positional argument).
    parameter: String,
    /// Where the parameter is named (the value's range for a positional argument).
    key_range: Range<usize>,
    value: Value,
}

/// One element of a command line: `-Name`, or an argument (its parts written without space between them).
enum Element<'t> {
    Parameter {
        name: String,
        range: Range<usize>,
        /// `-Name:value`: the value is the parameter's, even for a switch.
        colon: bool,
    },
    Argument(Vec<TsNode<'t>>),
}

type TsNode<'t> = tree_sitter::Node<'t>;

struct Reader<'a> {
    text: &'a str,
    /// Variables by name, lowercase (PowerShell's variable names ignore case).
    variables: HashMap<String, Value>,
    unresolved: Vec<(Range<usize>, String)>,
    ignored: Vec<(Range<usize>, String)>,
    /// Each `New-` cmdlet, and each `Update-`, `Get-` or `Remove-`.
    created: Vec<(ResourceKind, Node)>,
    named: Vec<(ResourceKind, Node)>,
    /// Each `Get-AzGalleryImageVersion` whose result a variable holds (also in `named`).
    read_versions: Vec<Node>,
    groups: Vec<scripted::Group>,
    /// The resource group of the first gallery resource created: the spec's.
    gallery_group: Option<String>,
    vms: Vec<scripted::Pending>,
}

/// Whether a command's result is assigned to a variable (`$v = Get-...`): the script keeps what it reads.
fn assigned(command: TsNode) -> bool {
    std::iter::successors(command.parent(), TsNode::parent)
        .take_while(|node| node.kind() != "statement_list" && node.kind() != "program")
        .any(|node| node.kind() == "assignment_expression")
}

/// The text of a backtick-escaped word or double-quoted string body (`` `n ``, `` `t ``, `` `$ ``...), and
/// `""` in a double-quoted string.
fn unescape(body: &str, quoted: bool) -> String {
    let mut out = String::new();
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '`' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some('0') => out.push('\0'),
                Some('\n') | None => {}
                Some(other) => out.push(other),
            },
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                out.push('"');
            }
            _ => out.push(c),
        }
    }
    out
}

/// The range inside a string's quotes: one character each side (PowerShell also takes typographic quotes,
/// which are several bytes long).
fn inside_quotes(written: &str, range: &Range<usize>) -> Range<usize> {
    let open = written.chars().next().map_or(0, char::len_utf8);
    let close = written.chars().next_back().map_or(0, char::len_utf8);
    if written.len() < open + close {
        return range.end..range.end;
    }
    range.start + open..range.end - close
}

/// The range of a here-string's body: from the line after `@'` to the line break before `'@`.
fn here_string_body(written: &str, range: &Range<usize>) -> Range<usize> {
    let start = written.find('\n').map_or(written.len(), |at| at + 1);
    let end = written
        .rfind('\n')
        .filter(|&at| at >= start)
        .map_or(start, |at| {
            if written[..at].ends_with('\r') {
                at - 1
            } else {
                at
            }
        });
    range.start + start..range.start + end.max(start)
}

/// `12/31/2030` (the invariant culture's short date, which PowerShell uses to convert text to a
/// `DateTime`) as `2030-12-31`; anything else as written.
fn invariant_date(text: &str) -> Option<String> {
    let date = text.split_whitespace().next()?;
    let mut parts = date.split('/');
    let (month, day, year) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || year.len() != 4 {
        return None;
    }
    let number = |part: &str| -> Option<u32> {
        (part.len() <= 2 && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse().ok())
            .flatten()
    };
    let (month, day) = (number(month)?, number(day)?);
    year.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| format!("{year}-{month:02}-{day:02}"))
}

/// The node a chain of single-child wrappers (`pipeline`, `unary_expression`...) stands for.
fn unwrap(mut node: TsNode) -> TsNode {
    // Nodes that mean something of their own even with one child: `"$x"` is a string, not `$x`.
    const MEANINGFUL: &[&str] = &[
        "variable",
        "expandable_string_literal",
        "expandable_here_string_literal",
        "sub_expression",
        "command",
    ];
    while node.child_count() == 1 && !MEANINGFUL.contains(&node.kind()) {
        let Some(only) = node.child(0) else { break };
        node = only;
    }
    node
}

/// A variable's name as PowerShell compares it: without `$`, `@`, braces or a scope, in lowercase.
fn variable_name(written: &str) -> String {
    let name = written.trim_start_matches(['$', '@']);
    let name = name
        .strip_prefix('{')
        .and_then(|inner| inner.strip_suffix('}'))
        .unwrap_or(name);
    let lower = name.to_ascii_lowercase();
    ["script:", "global:", "local:", "private:"]
        .iter()
        .find_map(|scope| lower.strip_prefix(scope))
        .map_or(lower.clone(), str::to_owned)
}

impl<'a> Reader<'a> {
    fn written(&self, node: TsNode) -> &'a str {
        &self.text[node.byte_range()]
    }

    fn unknown(&self, node: TsNode) -> Value {
        Value::Unknown(self.written(node).to_owned(), node.byte_range())
    }

    /// The value of an expression.
    fn value(&self, node: TsNode, depth: usize) -> Value {
        let node = unwrap(node);
        if depth > MAX_DEPTH {
            return self.unknown(node);
        }
        let range = node.byte_range();
        let written = self.written(node);
        match node.kind() {
            "verbatim_string_characters" => {
                let inner = inside_quotes(written, &range);
                let raw = &self.text[inner.clone()];
                let text = raw.replace("''", "'");
                Value::Known {
                    exact: text == raw,
                    text,
                    range: inner,
                }
            }
            "verbatim_here_string_characters" => {
                let body = here_string_body(written, &range);
                Value::Known {
                    text: self.text[body.clone()].to_owned(),
                    range: body,
                    exact: true,
                }
            }
            "expandable_string_literal" | "expandable_here_string_literal" => {
                self.expandable(node, depth)
            }
            "generic_token"
            | "decimal_integer_literal"
            | "hexadecimal_integer_literal"
            | "real_literal" => {
                let text = unescape(written, false);
                Value::Known {
                    exact: text == written,
                    text,
                    range,
                }
            }
            "variable" => self.variable(node),
            "member_access" => self
                .member(node, depth)
                .unwrap_or_else(|| self.unknown(node)),
            "parenthesized_expression" => {
                let mut cursor = node.walk();
                let inner: Vec<TsNode> = node.named_children(&mut cursor).collect();
                match inner.as_slice() {
                    [only] => self.value(*only, depth + 1),
                    _ => self.unknown(node),
                }
            }
            "hash_literal_expression" => self.hashtable(node, depth),
            "array_expression" => self.array(node, depth),
            "array_literal_expression" => {
                let mut cursor = node.walk();
                let items = node
                    .named_children(&mut cursor)
                    .map(|item| self.value(item, depth + 1))
                    .collect();
                Value::List(items, range)
            }
            _ => self.unknown(node),
        }
    }

    /// `"text"` (escapes read); `"$name"` stands for the variable; any other variable or `$(...)` in it is
    /// known only when the script runs.
    fn expandable(&self, node: TsNode, depth: usize) -> Value {
        let range = node.byte_range();
        let written = self.written(node);
        let here = node.kind() == "expandable_here_string_literal";
        let inner = if here {
            here_string_body(written, &range)
        } else {
            inside_quotes(written, &range)
        };
        let mut cursor = node.walk();
        let parts: Vec<TsNode> = node.named_children(&mut cursor).collect();
        match parts.as_slice() {
            [] => {
                let raw = &self.text[inner.clone()];
                let text = unescape(raw, !here);
                Value::Known {
                    exact: text == raw,
                    text,
                    range: inner,
                }
            }
            [only] if only.kind() == "variable" && only.byte_range() == inner => {
                match self.value(*only, depth + 1) {
                    known @ Value::Known { .. } => known,
                    _ => self.unknown(node),
                }
            }
            _ => self.unknown(node),
        }
    }

    /// `$name`: the variable's value; `$true` and `$false`; the rest (`$env:X`, a variable assigned
    /// elsewhere) is unknown.
    fn variable(&self, node: TsNode) -> Value {
        let name = variable_name(self.written(node));
        match name.as_str() {
            "true" | "false" => Value::Known {
                text: if name == "true" { "True" } else { "False" }.to_owned(),
                range: node.byte_range(),
                exact: false,
            },
            _ => self
                .variables
                .get(&name)
                .cloned()
                .unwrap_or_else(|| self.unknown(node)),
        }
    }

    /// `$x.Key`: a key of the hashtable (or cmdlet result) `$x` holds.
    fn member(&self, node: TsNode, depth: usize) -> Option<Value> {
        let mut cursor = node.walk();
        let children: Vec<TsNode> = node.named_children(&mut cursor).collect();
        let [object, member] = children.as_slice() else {
            return None;
        };
        if self.written(node)[..member.start_byte() - node.start_byte()].ends_with("::") {
            return None;
        }
        let object = self.value(*object, depth + 1);
        let key = self.written(*member);
        object.get(key).map(|pair| pair.value.clone())
    }

    fn hashtable(&self, node: TsNode, depth: usize) -> Value {
        let mut pairs = Vec::new();
        let mut stack = vec![node];
        while let Some(current) = stack.pop() {
            let mut cursor = current.walk();
            let children: Vec<TsNode> = current.named_children(&mut cursor).collect();
            for child in children.into_iter().rev() {
                match child.kind() {
                    "hash_literal_body" => stack.push(child),
                    "hash_entry" => pairs.push(child),
                    _ => {}
                }
            }
        }
        let pairs = pairs
            .into_iter()
            .rev()
            .filter_map(|entry| self.hash_entry(entry, depth))
            .collect();
        Value::Table(pairs, node.byte_range())
    }

    /// `key = value` of a hashtable; the key a name or a string.
    fn hash_entry(&self, entry: TsNode, depth: usize) -> Option<Pair> {
        let mut cursor = entry.walk();
        let children: Vec<TsNode> = entry.named_children(&mut cursor).collect();
        let key = children.iter().find(|c| c.kind() == "key_expression")?;
        let value = children.iter().rfind(|c| c.kind() != "key_expression")?;
        let (key, key_range) = match self.value(*key, depth + 1) {
            Value::Known { text, range, .. } => (text, range),
            _ => (self.written(*key).to_owned(), key.byte_range()),
        };
        Some(Pair {
            key,
            key_range,
            value: self.value(*value, depth + 1),
        })
    }

    /// `@( ... )`: its statements' values, an array written with commas flattened into it.
    fn array(&self, node: TsNode, depth: usize) -> Value {
        let mut items = Vec::new();
        if let Some(statements) = node.child_by_field_name("statements") {
            let mut cursor = statements.walk();
            let children: Vec<TsNode> = statements.named_children(&mut cursor).collect();
            for statement in children {
                match self.value(statement, depth + 1) {
                    Value::List(inner, _) => items.extend(inner),
                    other => items.push(other),
                }
            }
        }
        Value::List(items, node.byte_range())
    }

    /// A command's elements: parameters and arguments (parts written together are one argument:
    /// `(Get-Date).AddYears(1)`).
    fn elements<'t>(&self, command: TsNode<'t>) -> Vec<Element<'t>> {
        let Some(list) = command.child_by_field_name("command_elements") else {
            return Vec::new();
        };
        let mut elements = Vec::new();
        let mut joined = false;
        let mut cursor = list.walk();
        let children: Vec<TsNode> = list.named_children(&mut cursor).collect();
        for child in children {
            match child.kind() {
                "command_argument_sep" => {
                    if self.written(child).trim() == ":" {
                        if let Some(Element::Parameter { colon, .. }) = elements.last_mut() {
                            *colon = true;
                        }
                    } else {
                        joined = false;
                    }
                }
                "command_parameter" => {
                    let written = self.written(child);
                    let name = written.trim_start_matches('-').trim_end_matches(':');
                    elements.push(Element::Parameter {
                        name: name.to_owned(),
                        range: child.byte_range(),
                        colon: written.ends_with(':'),
                    });
                    joined = false;
                }
                "redirection" | "stop_parsing" => joined = false,
                _ => {
                    match elements.last_mut() {
                        Some(Element::Argument(parts)) if joined => parts.push(child),
                        _ => elements.push(Element::Argument(vec![child])),
                    }
                    joined = true;
                }
            }
        }
        elements
    }

    /// An argument's value; one written in several parts (`$x.Method(1)`) is known only when the script runs.
    fn argument(&self, parts: &[TsNode]) -> Value {
        if let [only] = parts {
            return self.value(*only, 0);
        }
        let range =
            parts.first().map_or(0, TsNode::start_byte)..parts.last().map_or(0, TsNode::end_byte);
        Value::Unknown(self.text[range.clone()].to_owned(), range)
    }

    /// The parameters a cmdlet call binds, and what it says it could not read (a splatted variable that
    /// is not a hashtable written in the file).
    fn bindings(
        &self,
        command: TsNode,
        positions: &[&str],
        cmdlet: &str,
    ) -> (Vec<Binding>, Vec<(Range<usize>, String)>) {
        let mut bound = Vec::new();
        let mut positional = Vec::new();
        let mut notes = Vec::new();
        let mut elements = self.elements(command).into_iter().peekable();
        while let Some(element) = elements.next() {
            match element {
                Element::Parameter { name, range, colon } => {
                    let takes_value = colon || !named(SWITCHES, &name);
                    let value = match elements.peek() {
                        Some(Element::Argument(parts)) if takes_value => {
                            let value = self.argument(parts);
                            elements.next();
                            value
                        }
                        _ => Value::Known {
                            text: "True".to_owned(),
                            range: range.clone(),
                            exact: false,
                        },
                    };
                    bound.push(Binding {
                        parameter: name,
                        key_range: range,
                        value,
                    });
                }
                Element::Argument(parts) => match parts.as_slice() {
                    [only]
                        if self.written(*only).starts_with('@')
                            && unwrap(*only).kind() == "variable" =>
                    {
                        match self.variable(unwrap(*only)) {
                            Value::Table(pairs, _) => {
                                bound.extend(pairs.into_iter().map(|pair| Binding {
                                    parameter: pair.key,
                                    key_range: pair.key_range,
                                    value: pair.value,
                                }));
                            }
                            _ => notes.push((
                                only.byte_range(),
                                format!(
                                    "the parameters `{}` gives `{cmdlet}` are known only when the script runs",
                                    self.written(*only),
                                ),
                            )),
                        }
                    }
                    _ => positional.push(self.argument(&parts)),
                },
            }
        }
        let free: Vec<&str> = positions
            .iter()
            .copied()
            .filter(|position| {
                !bound
                    .iter()
                    .any(|b| b.parameter.eq_ignore_ascii_case(position))
            })
            .collect();
        for (parameter, value) in free.into_iter().zip(positional) {
            bound.push(Binding {
                parameter: (*parameter).to_owned(),
                key_range: value.range(),
                value,
            });
        }
        (bound, notes)
    }

    /// What `$x = New-AzGallery ...` puts in `$x`: the properties `$x.Name`, `$x.Location` and
    /// `$x.ResourceGroupName` read.
    fn result(&self, command: TsNode) -> Option<Value> {
        let name = command.child_by_field_name("command_name")?;
        let Some((kind, verb)) = ResourceKind::of_cmdlet(self.written(name)) else {
            return self.object(self.written(name), command);
        };
        let (bindings, _) = self.bindings(command, kind.positions(verb), &kind.cmdlet(verb));
        let binding =
            |aliases: &[&str]| bindings.iter().rev().find(|b| named(aliases, &b.parameter));
        let name_parameters = kind
            .naming_parameters()
            .iter()
            .find(|(_, key)| *key == "name")?
            .0;
        let mut pairs: Vec<Pair> = RESULT_PROPERTIES
            .iter()
            .filter_map(|property| {
                let aliases: &[&str] = if *property == "Name" {
                    name_parameters
                } else {
                    &[property]
                };
                let binding = binding(aliases)?;
                Some(Pair {
                    key: (*property).to_owned(),
                    key_range: binding.key_range.clone(),
                    value: binding.value.clone(),
                })
            })
            .collect();
        let names: Option<Vec<&str>> = kind
            .naming_parameters()
            .iter()
            .map(|(aliases, _)| binding(aliases)?.value.text())
            .collect();
        let group = binding(&["ResourceGroupName"]).and_then(|b| b.value.text());
        if let Some(id) = names.and_then(|names| GalleryId::text(kind, &names, group)) {
            pairs.push(Pair {
                key: "Id".to_owned(),
                key_range: command.byte_range(),
                value: Value::Known {
                    text: id,
                    range: command.byte_range(),
                    exact: false,
                },
            });
        }
        Some(Value::Table(pairs, command.byte_range()))
    }

    /// `$name = value` (also `$a = $b = value`): the variable's value, for the cmdlets after it.
    fn assignment(&mut self, node: TsNode) {
        let Some(left) = node.named_child(0) else {
            return;
        };
        let left = unwrap(left);
        let operator = node.child(1).map(|op| self.written(op));
        if left.kind() != "variable" || operator != Some("=") {
            return;
        }
        let Some(right) = node.child_by_field_name("value") else {
            return;
        };
        let mut value_node = unwrap(right);
        while value_node.kind() == "assignment_expression" {
            match value_node.child_by_field_name("value") {
                Some(inner) => value_node = unwrap(inner),
                None => return,
            }
        }
        let value = match value_node.kind() {
            "command" => self
                .result(value_node)
                .unwrap_or_else(|| self.unknown(value_node)),
            _ => self.value(value_node, 0),
        };
        self.variables
            .insert(variable_name(self.written(left)), value);
    }

    /// Every node, in the order it is written: assignments recorded, gallery cmdlets read. Walked with a
    /// cursor, not recursion, so that deeply nested scripts cannot exhaust the stack.
    fn visit(&mut self, root: TsNode) {
        let mut cursor = root.walk();
        loop {
            let node = cursor.node();
            match node.kind() {
                "assignment_expression" => self.assignment(node),
                "command" => self.command(node),
                _ => {}
            }
            if cursor.goto_first_child() {
                continue;
            }
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() {
                    return;
                }
            }
        }
    }

    fn command(&mut self, node: TsNode) {
        let Some(name) = node.child_by_field_name("command_name") else {
            return;
        };
        let Some((kind, verb)) = ResourceKind::of_cmdlet(self.written(name)) else {
            self.other_command(self.written(name), node);
            return;
        };
        let cmdlet = kind.cmdlet(verb);
        let (bindings, notes) = self.bindings(node, kind.positions(verb), &cmdlet);
        self.unresolved.extend(notes);
        let binding = |names: &[&str]| bindings.iter().rev().find(|b| named(names, &b.parameter));
        if verb == Verb::New && self.gallery_group.is_none() {
            self.gallery_group = binding(&["ResourceGroupName"])
                .and_then(|b| b.value.text())
                .map(str::to_owned);
        }
        let mut entries = Vec::new();
        for (names, key) in kind.naming_parameters() {
            let Some(binding) = binding(names) else {
                continue;
            };
            match &binding.value {
                Value::Known { text, range, .. } => {
                    entries.push(Entry::new(
                        *key,
                        binding.key_range.clone(),
                        Node::string(range.clone(), text),
                    ));
                }
                other => self.unresolved.push((
                    other.range(),
                    format!(
                        "`-{}` of `{cmdlet}`: `{}` is known only when the script runs",
                        names[0],
                        &self.text[other.range()]
                    ),
                )),
            }
        }
        if matches!(verb, Verb::New | Verb::Update) {
            for (names, key, shape) in kind.parameters() {
                let Some(binding) = binding(names) else {
                    continue;
                };
                entries.extend(self.field(names[0], key, *shape, binding));
            }
        }
        if entries.is_empty() {
            return;
        }
        let table = Node::table(node.byte_range(), entries);
        if verb == Verb::New {
            self.created.push((kind, table));
        } else {
            if verb == Verb::Get && kind == ResourceKind::ImageVersion && assigned(node) {
                self.read_versions.push(table.clone());
            }
            self.named.push((kind, table));
        }
    }

    /// Each `$v = Get-AzGalleryImageVersion` of one version (all its names known) that the script does not
    /// create: the version made elsewhere (`existing = true`), which the script reads to use (its id).
    fn place_versions_read(&mut self) {
        let kind = ResourceKind::ImageVersion;
        let keys = kind.name_keys();
        let same = |a: &Node, b: &Node| {
            keys.iter().all(|key| {
                match (
                    a.get(key).and_then(Node::as_str),
                    b.get(key).and_then(Node::as_str),
                ) {
                    (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                    _ => false,
                }
            })
        };
        let mut existing = Vec::new();
        for node in std::mem::take(&mut self.read_versions) {
            let known = self
                .created
                .iter()
                .chain(&existing)
                .any(|(other_kind, other)| *other_kind == kind && same(other, &node));
            if !keys.iter().all(|key| node.get(key).is_some()) || known {
                continue;
            }
            let mut entries: Vec<Entry> = node
                .entries()
                .iter()
                .filter(|entry| keys.contains(&entry.key.as_str()))
                .cloned()
                .collect();
            let at = node.range.start..node.range.start;
            entries.push(Entry::new("existing", at.clone(), Node::bool(at, true)));
            existing.push((kind, Node::table(node.range.clone(), entries)));
        }
        self.created.extend(existing);
    }

    /// The entries a parameter's value becomes, or none (recording why when it is known only when the
    /// script runs).
    fn field(&mut self, parameter: &str, key: &str, shape: Shape, binding: &Binding) -> Vec<Entry> {
        let value = &binding.value;
        let key_range = binding.key_range.clone();
        if shape == Shape::Present {
            let node = match value {
                Value::Known { text, range, .. } => Node::string(range.clone(), text),
                other => Node::string(other.range(), &self.text[other.range()]),
            };
            return vec![Entry::new(key, key_range, node)];
        }
        if let Some((written, at)) = value.first_unknown() {
            self.unresolved.push((
                at,
                format!("`-{parameter}` is `{written}`: sigil checks literal values only"),
            ));
            return Vec::new();
        }
        let node = match shape {
            Shape::Text | Shape::Present => scalar(value, |range, text| Node::string(range, text)),
            Shape::Integer => scalar(value, |range, text| match text.parse::<i64>() {
                Ok(number) => Node::integer(range, number),
                Err(_) => Node::string(range, text),
            }),
            Shape::Switch => scalar(value, crate::values::flag),
            Shape::Date => scalar(value, |range, text| {
                Node::string(
                    range,
                    invariant_date(text).unwrap_or_else(|| text.to_owned()),
                )
            }),
            Shape::List => Some(Node::array(
                value.range(),
                value
                    .items()
                    .into_iter()
                    .filter_map(|item| scalar(item, |range, text| Node::string(range, text)))
                    .collect(),
            )),
            Shape::Tags => Some(tags(value)),
            Shape::Features => Some(features(value)),
            Shape::Regions => Some(regions(value)),
            Shape::DataDisks => Some(data_disks(value)),
            Shape::OsDisk => return os_disk(value, &key_range),
        };
        node.map(|node| Entry::new(key, key_range, node))
            .into_iter()
            .collect()
    }
}

/// A text value as a node; `None` for a hashtable or array where text is expected (the cmdlet would
/// refuse it; sigil has no rule for it).
fn scalar(value: &Value, make: impl Fn(Range<usize>, &str) -> Node) -> Option<Node> {
    match value {
        Value::Known { text, range, .. } => Some(make(range.clone(), text)),
        Value::List(items, _) if items.len() == 1 => scalar(&items[0], make),
        _ => None,
    }
}

fn text_node(value: &Value) -> Option<Node> {
    scalar(value, |range, text| Node::string(range, text))
}

fn integer_node(value: &Value) -> Option<Node> {
    scalar(value, |range, text| match text.parse::<i64>() {
        Ok(number) => Node::integer(range, number),
        Err(_) => Node::string(range, text),
    })
}

/// `-Tag @{ key = 'value' }` as `tags`.
fn tags(value: &Value) -> Node {
    let entries = match value {
        Value::Table(pairs, _) => pairs
            .iter()
            .filter_map(|pair| {
                text_node(&pair.value)
                    .map(|node| Entry::new(pair.key.clone(), pair.key_range.clone(), node))
            })
            .collect(),
        _ => Vec::new(),
    };
    Node::table(value.range(), entries)
}

/// `-Feature @(@{ Name = ...; Value = ... })` as the `features` table.
fn features(value: &Value) -> Node {
    let mut entries = Vec::new();
    for item in value.items() {
        let (Some(name), Some(setting)) = (item.get("Name"), item.get("Value")) else {
            continue;
        };
        let (Some(name_text), Some(text)) = (name.value.text(), setting.value.text()) else {
            continue;
        };
        let Some(feature) = FeatureName::from_service_name(name_text) else {
            continue;
        };
        let range = setting.value.range();
        let node = if feature.is_flag() {
            crate::values::flag(range, text)
        } else if feature == FeatureName::DiskControllerTypes {
            disk_controller_types(&setting.value, text)
        } else {
            Node::string(range, text)
        };
        entries.push(Entry::new(feature.spec_key(), name.value.range(), node));
    }
    Node::table(value.range(), entries)
}

/// `'SCSI, NVMe'` as an array, each item where it is written when the text is.
fn disk_controller_types(value: &Value, text: &str) -> Node {
    let range = value.range();
    let exact = matches!(value, Value::Known { exact: true, .. });
    let mut offset = 0;
    let mut items = Vec::new();
    for item in text.split(',') {
        let trimmed = item.trim();
        let at = offset + (item.len() - item.trim_start().len());
        offset += item.len() + 1;
        let item_range = if exact {
            range.start + at..range.start + at + trimmed.len()
        } else {
            range.clone()
        };
        items.push(Node::string(item_range, trimmed));
    }
    Node::array(range, items)
}

/// `-TargetRegion @(@{ Name = ...; ReplicaCount = ...; StorageAccountType = ...; ExcludeFromLatest = ... })`
/// as `target-regions` (`RegionalReplicaCount` is the application cmdlets' spelling).
fn regions(value: &Value) -> Node {
    const KEYS: &[(&[&str], &str)] = &[
        (&["Name"], "name"),
        (&["ReplicaCount", "RegionalReplicaCount"], "replica-count"),
        (&["StorageAccountType"], "storage-account-type"),
        (&["ExcludeFromLatest"], "exclude-from-latest"),
    ];
    let items = value
        .items()
        .into_iter()
        .map(|region| {
            let entries = KEYS
                .iter()
                .filter_map(|(names, key)| {
                    let pair = names.iter().find_map(|name| region.get(name))?;
                    let node = match *key {
                        "replica-count" => integer_node(&pair.value),
                        "exclude-from-latest" => scalar(&pair.value, crate::values::flag),
                        _ => text_node(&pair.value),
                    }?;
                    Some(Entry::new(*key, pair.key_range.clone(), node))
                })
                .collect();
            Node::table(region.range(), entries)
        })
        .collect();
    Node::array(value.range(), items)
}

/// `-OSDiskImage @{ HostCaching = ...; Source = @{ Id = ... } }` (a snapshot or managed disk) or
/// `Source = @{ Uri = ...; StorageAccountId = ... }` (a VHD) as the spec's source keys.
fn os_disk(value: &Value, key_range: &Range<usize>) -> Vec<Entry> {
    let mut entries = Vec::new();
    if let Some(caching) = value.get("HostCaching").and_then(|p| text_node(&p.value)) {
        entries.push(Entry::new(
            "os-disk-host-caching",
            key_range.clone(),
            caching,
        ));
    }
    let Some(source) = value.get("Source") else {
        return entries;
    };
    for (property, key) in [
        ("Id", "os-snapshot"),
        ("Uri", "os-vhd-uri"),
        ("StorageAccountId", "os-vhd-storage-account"),
    ] {
        if let Some(node) = source.value.get(property).and_then(|p| text_node(&p.value)) {
            entries.push(Entry::new(key, key_range.clone(), node));
        }
    }
    entries
}

/// `-DataDiskImage @(@{ Lun = 0; HostCaching = ...; Source = @{ Id = ... } })` as `data-snapshots`.
fn data_disks(value: &Value) -> Node {
    let items = value
        .items()
        .into_iter()
        .map(|disk| {
            let mut entries = Vec::new();
            if let Some(pair) = disk.get("Lun")
                && let Some(node) = integer_node(&pair.value)
            {
                entries.push(Entry::new("lun", pair.key_range.clone(), node));
            }
            if let Some(pair) = disk.get("HostCaching")
                && let Some(node) = text_node(&pair.value)
            {
                entries.push(Entry::new("host-caching", pair.key_range.clone(), node));
            }
            if let Some(source) = disk.get("Source")
                && let Some(id) = source.value.get("Id")
                && let Some(node) = text_node(&id.value)
            {
                entries.push(Entry::new("snapshot", source.key_range.clone(), node));
            }
            Node::table(disk.range(), entries)
        })
        .collect();
    Node::array(value.range(), items)
}

/// Reads an Az PowerShell script: its gallery cmdlets as a document. `text` has no byte order mark.
pub fn read(file: &Path, text: &str) -> Read {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_powershell::LANGUAGE.into())
        .expect("the PowerShell grammar matches tree-sitter");
    let Some(tree) = parser.parse(text, None) else {
        return Read::default();
    };
    let root = tree.root_node();
    let mut reader = Reader {
        text,
        variables: HashMap::new(),
        unresolved: Vec::new(),
        ignored: Vec::new(),
        created: Vec::new(),
        named: Vec::new(),
        read_versions: Vec::new(),
        groups: Vec::new(),
        gallery_group: None,
        vms: Vec::new(),
    };
    reader.visit(root);
    reader.place_versions_read();
    let group = reader.resource_group();
    reader.created.sort_by_key(|(_, node)| node.range.start);
    reader.named.sort_by_key(|(_, node)| node.range.start);
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
        "invalid PowerShell syntax: the cmdlets after it may be read wrong",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use sigil_spec::document::Kind;

    fn read_text(text: &str) -> Read {
        read(Path::new("deploy.ps1"), text)
    }

    fn first<'d>(document: &'d Node, array: &str) -> &'d Node {
        &document.get(array).expect(array).items()[0]
    }

    fn keys(table: &Node) -> Vec<&str> {
        table.entries().iter().map(|e| e.key.as_str()).collect()
    }

    #[test]
    fn a_continued_cmdlet_maps_to_the_spec_keys() {
        let text = "new-azgalleryimagedefinition `\n   -GALLERYNAME 'myGallery' `\n   -ResourceGroupName rg `\n   -Location eastus `\n   -Name:\"ubuntu\" -Publisher contoso -Offer ubuntu -Sku 24.04 `\n   -OsType Linux -OsState Generalized -MinimumVCPU 2 `\n   -Feature @(\n      @{ Name = 'SecurityType'; Value = 'TrustedLaunch' },\n      @{ Name = 'IsAcceleratedNetworkSupported'; Value = 'True' }\n      @{ Name = 'DiskControllerTypes'; Value = 'SCSI, NVMe' }\n   ) `\n   -EndOfLifeDate 12/31/2031 `\n   -Tag @{ team = 'images'; 'owner' = \"me\" }\n";
        let read = read_text(text);
        assert!(read.unresolved.is_empty(), "{:?}", read.unresolved);
        assert!(read.diagnostics.is_empty(), "{:?}", read.diagnostics);
        let document = read.document.expect("a document");
        let definition = first(&document, "image-definition");
        assert_eq!(
            keys(definition),
            [
                "gallery",
                "name",
                "publisher",
                "offer",
                "sku",
                "os-type",
                "os-state",
                "features",
                "minimum-cpu-core",
                "end-of-life-date",
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
        let end = definition.get("end-of-life-date").unwrap();
        assert_eq!(
            (end.as_str(), &text[end.range.clone()]),
            (Some("2031-12-31"), "12/31/2031")
        );
        let owner = definition
            .get("tags")
            .and_then(|tags| tags.get("owner"))
            .unwrap();
        assert_eq!(&text[owner.range.clone()], "me");
    }

    #[test]
    fn variables_results_and_splatting_stand_for_their_literals() {
        let text = "$galleryName = 'myGallery'\n$gallery = New-AzGallery -Name $galleryName -ResourceGroupName rg -Location eastus\n$params = @{\n   GalleryName = $gallery.Name\n   GalleryImageDefinitionName = \"my image\"\n}\n$regions = @(@{Name='westus';ReplicaCount=2;StorageAccountType='Standard_ZRS'}, @{Name='eastus'})\n$job = $version = New-AzGalleryImageVersion @params -Name '1.0.0' -Location $gallery.Location `\n   -TargetRegion $regions -SourceImageId $vm.Id.ToString() -PublishingProfileExcludeFromLatest -AsJob\n";
        let read = read_text(text);
        assert!(read.unresolved.is_empty(), "{:?}", read.unresolved);
        let document = read.document.expect("a document");
        let gallery = first(&document, "gallery").get("name").unwrap();
        assert_eq!(&text[gallery.range.clone()], "myGallery");
        let version = first(&document, "image-version");
        assert_eq!(
            keys(version),
            [
                "gallery",
                "image-definition",
                "name",
                "location",
                "managed-image",
                "target-regions",
                "exclude-from-latest"
            ]
        );
        let parent = version.get("gallery").unwrap();
        assert_eq!(
            (parent.as_str(), &text[parent.range.clone()]),
            (Some("myGallery"), "myGallery")
        );
        let image = version.get("image-definition").unwrap();
        assert_eq!(&text[image.range.clone()], "my image");
        assert_eq!(
            &text[version.get("location").unwrap().range.clone()],
            "eastus"
        );
        let regions = version.get("target-regions").unwrap().items();
        assert_eq!(regions.len(), 2);
        assert_eq!(
            regions[0].get("replica-count").unwrap().kind,
            Kind::Integer(2)
        );
        let account = regions[0].get("storage-account-type").unwrap();
        assert_eq!(&text[account.range.clone()], "Standard_ZRS");
        assert_eq!(
            version.get("exclude-from-latest").unwrap().kind,
            Kind::Bool(true)
        );
    }

    #[test]
    fn what_is_known_only_when_the_script_runs_is_unresolved() {
        let text = "$prefix = Read-Host\nNew-AzGallery -Name \"$prefix-gallery\" -ResourceGroupName rg -Location eastus -Description \"built $(Get-Date)\"\nNew-AzGalleryImageDefinition -GalleryName $env:GALLERY -Name ok -Publisher p -Offer o -Sku s @extra\n";
        let read = read_text(text);
        let definition = first(read.document.as_ref().unwrap(), "image-definition");
        assert!(definition.get("gallery").is_none());
        let mut unresolved = read.unresolved.clone();
        unresolved.sort();
        let what: Vec<&str> = unresolved.iter().map(|u| u.what.as_str()).collect();
        assert_eq!(
            what,
            [
                "`-Name` of `New-AzGallery`: `\"$prefix-gallery\"` is known only when the script runs",
                "`-Description` is `\"built $(Get-Date)\"`: sigil checks literal values only",
                "`-GalleryName` of `New-AzGalleryImageDefinition`: `$env:GALLERY` is known only when the script runs",
                "the parameters `@extra` gives `New-AzGalleryImageDefinition` are known only when the script runs",
            ]
        );
    }

    #[test]
    fn positional_arguments_bind_in_order_and_switches_take_none() {
        let text = "Get-AzGalleryImageVersion -Community rg myGallery myImage 1.0.0\nRemove-AzGalleryImageDefinition -Force -ResourceGroupName rg myGallery old-image\n";
        let read = read_text(text);
        assert!(read.document.is_none());
        let named = read.alternatives.expect("names");
        let version = first(&named, "image-version");
        assert_eq!(keys(version), ["gallery", "image-definition", "name"]);
        assert_eq!(version.get("name").and_then(Node::as_str), Some("1.0.0"));
        let definition = first(&named, "image-definition");
        assert_eq!(
            definition.get("name").and_then(Node::as_str),
            Some("old-image")
        );
    }

    #[test]
    fn a_version_read_into_a_variable_and_not_created_is_made_elsewhere() {
        let text = "$old = Get-AzGalleryImageVersion -ResourceGroupName rg -GalleryName g -GalleryImageDefinitionName d -Name 1.0.0\n\
                    $new = New-AzGalleryImageVersion -ResourceGroupName rg -GalleryName g -GalleryImageDefinitionName d -Name 2.0.0 -Location eastus\n\
                    $again = Get-AzGalleryImageVersion -ResourceGroupName rg -GalleryName g -GalleryImageDefinitionName d -Name 2.0.0\n\
                    Get-AzGalleryImageVersion -ResourceGroupName rg -GalleryName g -GalleryImageDefinitionName d -Name 3.0.0\n";
        let read = read_text(text);
        let document = read.document.expect("a document");
        let versions = document.get("image-version").expect("versions").items();
        let described: Vec<(Option<&str>, bool)> = versions
            .iter()
            .map(|version| {
                (
                    version.get("name").and_then(Node::as_str),
                    version.get("existing").map(|node| &node.kind) == Some(&Kind::Bool(true)),
                )
            })
            .collect();
        // 2.0.0 is created, not made elsewhere; 3.0.0 is only printed, not kept for use.
        assert_eq!(described, [(Some("1.0.0"), true), (Some("2.0.0"), false)]);
    }

    #[test]
    fn update_get_and_remove_name_resources_made_elsewhere() {
        let text = "$definition = Get-AzGalleryImageDefinition -ResourceGroupName rg -GalleryName g -Name my-def\nUpdate-AzGalleryImageVersion -GalleryName g -GalleryImageDefinitionName $definition.Name -Name 1.0.0 -PublishingProfileExcludeFromLatest:$false -ReplicaCount 3\nNew-AzVM -Name vm\n";
        let read = read_text(text);
        assert!(read.document.is_none());
        let named = read.alternatives.expect("names");
        assert_eq!(
            first(&named, "image-definition")
                .get("name")
                .and_then(Node::as_str),
            Some("my-def")
        );
        let version = first(&named, "image-version");
        assert_eq!(
            version.get("image-definition").and_then(Node::as_str),
            Some("my-def")
        );
        assert_eq!(
            version.get("exclude-from-latest").unwrap().kind,
            Kind::Bool(false)
        );
        assert_eq!(version.get("replica-count").unwrap().kind, Kind::Integer(3));
    }

    #[test]
    fn strings_are_read_as_powershell_reads_them() {
        let text = "New-AzGallery -Name 'it''s' -Description \"tab`there \"\"quoted\"\"\" -ResourceGroupName rg -Location x -Eula @'\nline one\nline two\n'@\n";
        let read = read_text(text);
        let gallery = first(read.document.as_ref().unwrap(), "gallery");
        let name = gallery.get("name").unwrap();
        assert_eq!(name.as_str(), Some("it's"));
        assert_eq!(&text[name.range.clone()], "it''s");
        assert_eq!(
            gallery.get("description").and_then(Node::as_str),
            Some("tab\there \"quoted\"")
        );
        let eula = gallery.get("eula").unwrap();
        assert_eq!(eula.as_str(), Some("line one\nline two"));
        assert_eq!(&text[eula.range.clone()], "line one\nline two");
    }

    #[test]
    fn the_image_version_sources_map_to_the_spec_keys() {
        let text = "New-AzGalleryImageVersion -GalleryName g -GalleryImageDefinitionName d -Name 1.0.0 `\n   -OSDiskImage @{ HostCaching = 'ReadOnly'; Source = @{ Id = '/snapshots/os' } } `\n   -DataDiskImage @(@{ Lun = 1; HostCaching = 'None'; Source = @{ Id = '/snapshots/data' } })\n";
        let read = read_text(text);
        let version = first(read.document.as_ref().unwrap(), "image-version");
        assert_eq!(
            version.get("os-snapshot").and_then(Node::as_str),
            Some("/snapshots/os")
        );
        assert_eq!(
            version.get("os-disk-host-caching").and_then(Node::as_str),
            Some("ReadOnly")
        );
        let disk = &version.get("data-snapshots").unwrap().items()[0];
        assert_eq!(disk.get("lun").unwrap().kind, Kind::Integer(1));
        assert_eq!(
            disk.get("snapshot").and_then(Node::as_str),
            Some("/snapshots/data")
        );
    }

    #[test]
    fn a_script_that_does_not_parse_is_a_syntax_error() {
        let read = read_text("New-AzGallery -Name myGallery -ResourceGroupName rg\nif ( {\n");
        assert_eq!(read.diagnostics.len(), 1, "{:?}", read.diagnostics);
        assert_eq!(read.diagnostics[0].diagnostic.rule.id, "SIG000");
    }

    #[test]
    fn truncated_and_deeply_nested_scripts_do_not_panic() {
        let script = "$r = @(@{ Name = 'eastus'; ReplicaCount = 1 })\nNew-AzGalleryImageVersion -GalleryName g -GalleryImageDefinitionName d -Name 1.0.0 -TargetRegion $r -Tag @{ a = \"b\" } -OSDiskImage @{ Source = @{ Id = 'x' } }\n";
        for end in 0..=script.len() {
            if script.is_char_boundary(end) {
                let _ = read_text(&script[..end]);
            }
        }
        let deep = format!(
            "New-AzGallery -Name g -Tag {}1{}\n",
            "@{ a = ".repeat(5_000),
            " }".repeat(5_000)
        );
        let _ = read_text(&deep);
        let parens = format!(
            "New-AzGallery -Name {}'g'{}\n",
            "(".repeat(5_000),
            ")".repeat(5_000)
        );
        let _ = read_text(&parens);
    }

    #[test]
    fn scripts_without_gallery_cmdlets_give_no_gallery_resources() {
        let read = read_text("Write-Host 'New-AzGallery -Name x'\n");
        assert!(read.document.is_none() && read.alternatives.is_none());
        let read = read_text("New-AzResourceGroup -Name rg -Location westus\n");
        let document = read.document.expect("the resource group");
        assert_eq!(keys(&document), ["resource-group"]);
    }

    fn text_of<'d>(table: &'d Node, key: &str) -> Option<&'d str> {
        table.get(key).and_then(Node::as_str)
    }

    const SHARED: &str = "$rg = New-AzResourceGroup -Name 'rg' -Location 'eastus' -Force\n\
$null = New-AzResourceGroup -Name 'other' -Location 'westus'\n\
$null = New-AzResource -ResourceGroupName $rg.ResourceGroupName -ResourceType 'Microsoft.Compute/galleries' `\n  -ResourceName 'g' -Properties @{ description = 'd'; softDeletePolicy = @{ isSoftDeleteEnabled = $true } } -Tag @{ a = 'b' } -Force\n\
$definition = New-AzGalleryImageDefinition -ResourceGroupName $rg.ResourceGroupName -GalleryName 'g' -Name 'def' `\n  -Location $rg.Location -Publisher p -Offer o -Sku s -OsType Linux -OsState Generalized\n\
New-AzRoleAssignment -SignInName 'me@example.com' -RoleDefinitionName Reader -Scope $definition.Id\n\
New-AzRoleAssignment -ObjectId '11111111-2222-3333-4444-555555555555' -RoleDefinitionName Reader `\n  -Scope '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/galleries/g'\n\
New-AzRoleAssignment -ObjectId '11111111-2222-3333-4444-555555555555' -RoleDefinitionName Reader -Scope '/subscriptions/x'\n";

    #[test]
    fn groups_role_assignments_and_generic_resources_are_read() {
        let read = read_text(SHARED);
        let document = read.document.expect("a document");
        let group = document.get("resource-group").unwrap();
        assert_eq!(text_of(group, "name"), Some("rg"));
        let gallery = first(&document, "gallery");
        assert_eq!(text_of(gallery, "description"), Some("d"));
        assert_eq!(gallery.get("soft-delete").unwrap().kind, Kind::Bool(true));
        assert_eq!(text_of(gallery.get("tags").unwrap(), "a"), Some("b"));
        let assignments = document.get("role-assignment").unwrap().items();
        assert_eq!(assignments.len(), 2);
        assert_eq!(text_of(&assignments[0], "scope"), Some("g/def"));
        assert_eq!(text_of(&assignments[0], "assignee"), Some("me@example.com"));
        assert_eq!(text_of(&assignments[1], "scope"), Some("g"));
        let object_id = assignments[1].get("assignee-object-id").unwrap();
        assert_eq!(
            &SHARED[object_id.range.clone()],
            "11111111-2222-3333-4444-555555555555"
        );
        let ignored: Vec<&str> = read.ignored.iter().map(|i| i.what.as_str()).collect();
        assert_eq!(ignored.len(), 2, "{ignored:?}");
        assert!(ignored[0].contains("resource group `other`"), "{ignored:?}");
        assert!(ignored[1].contains("/subscriptions/x"), "{ignored:?}");
    }

    const VM: &str = "$version = New-AzGalleryImageVersion -ResourceGroupName 'rg' -GalleryName 'g' `\n  -GalleryImageDefinitionName 'd' -Name '1.0.0' -Location 'eastus' -SourceImageId '/x'\n\
$rule = New-AzNetworkSecurityRuleConfig -Name 'ssh' -Protocol Tcp -Direction Inbound -Priority 1000 -DestinationPortRange '22' -Access Allow\n\
$nsg = New-AzNetworkSecurityGroup -ResourceGroupName 'vms' -Location 'westus' -Name 'n' -SecurityRules $rule\n\
$ip = New-AzPublicIpAddress -ResourceGroupName 'vms' -Location 'westus' -Name 'ip' -DomainNameLabel 'my-vm' -Sku Standard -AllocationMethod Static\n\
$nic = New-AzNetworkInterface -ResourceGroupName 'vms' -Location 'westus' -Name 'nic' -SubnetId $subnet -NetworkSecurityGroupId $nsg.Id -PublicIpAddressId $ip.Id\n\
$config = New-AzVMConfig -VMName 'vm1' -VMSize 'Standard_D4s_v5'\n\
$config = Set-AzVMSourceImage -VM $config -Id $version.Id\n\
$config = Add-AzVMNetworkInterface -VM $config -Id $nic.Id\n\
$credential = New-Object System.Management.Automation.PSCredential ('admin', $password)\n\
$config = Set-AzVMOperatingSystem -VM $config -Linux -ComputerName 'vm1' -Credential $credential\n\
New-AzVM -ResourceGroupName 'vms' -Location 'westus' -VM $config -Tag @{ team = 'x' }\n\
$other = Set-AzVMOperatingSystem -VM $config -Linux -ComputerName 'vm2' -Credential (Get-Credential)\n\
New-AzVM -ResourceGroupName 'rg' -Location 'westus' -VM $other\n";

    #[test]
    fn a_vm_is_read_from_its_configuration_and_network() {
        let read = read_text(VM);
        let document = read.document.expect("a document");
        let vm = first(&document, "vm");
        assert_eq!(text_of(vm, "name"), Some("vm1"));
        assert_eq!(text_of(vm, "image"), Some("g/d/1.0.0"));
        assert_eq!(text_of(vm, "size"), Some("Standard_D4s_v5"));
        let user = vm.get("admin-username").unwrap();
        assert_eq!(&VM[user.range.clone()], "admin");
        assert_eq!(text_of(vm, "authentication-type"), Some("password"));
        assert_eq!(vm.get("public-ip").unwrap().kind, Kind::Bool(true));
        assert_eq!(text_of(vm, "dns-label"), Some("my-vm"));
        let rule = vm.get("nsg-rule").unwrap();
        assert_eq!(
            (rule.as_str(), &VM[rule.range.clone()]),
            (Some("SSH"), "22")
        );
        assert_eq!(text_of(vm, "resource-group"), Some("vms"));
        assert_eq!(text_of(vm.get("tags").unwrap(), "team"), Some("x"));
        // The second VM's credential is asked for when the script runs: it is named only.
        let named = read.alternatives.expect("names");
        assert_eq!(text_of(first(&named, "vm"), "name"), Some("vm1"));
        assert_eq!(document.get("vm").unwrap().items().len(), 1);
    }

    #[test]
    fn dates_in_the_invariant_culture() {
        assert_eq!(invariant_date("1/2/2030").as_deref(), Some("2030-01-02"));
        assert_eq!(
            invariant_date("12/31/2030 00:00").as_deref(),
            Some("2030-12-31")
        );
        assert_eq!(invariant_date("2030-12-31"), None);
        assert_eq!(invariant_date("31/12/30"), None);
    }
}
