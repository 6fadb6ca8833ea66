//! Reading sigil specs: `sigil.toml` (TOML) or `*.json` (the same structure as JSON) into
//! [`sigil_core::model::Spec`], with every finding placed at the line and column of the key or value it
//! is about.
//!
//! [`load`] collects every finding, not the first: a syntax error stops the reading (`SIG000`), but an
//! unknown key (`SIG007`), a missing key (`SIG008`), a refused name or value (its own rule) or a value
//! of the wrong type or form (`SIG009`) is reported for every resource and key, and when the whole spec
//! reads, every rule of the core is checked and its findings placed through a [`SpanIndex`].
//! Nothing here prints or reads files: the caller reads, and renders [`Located`] diagnostics.
//!
//! ```
//! use std::path::Path;
//! use sigil_core::Context;
//!
//! let text = "[[gallery]]\nname = \"my-gallery\"\n";
//! let loaded = sigil_spec::load(Path::new("sigil.toml"), text, &Context::strict());
//! assert!(loaded.spec.is_none());
//! let finding = &loaded.diagnostics[0];
//! assert_eq!(finding.diagnostic.rule.id, "SIG102");
//! assert_eq!((finding.span.start.line, finding.span.start.column), (2, 8));
//! ```

mod de;
pub mod document;
mod index;
mod read_json;
mod read_toml;
mod resources;

use std::path::Path;

use sigil_core::model::Spec;
use sigil_core::rules::{SIG000, SIG003};
use sigil_core::{Context, Diagnostic, Located, Validate, Validator};

pub use index::{Place, SpanIndex};

use document::{JsonSyntax, Lines, Node};

/// The syntax a spec is written in, chosen by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Json,
}

impl Format {
    /// JSON for a `.json` file (any case), TOML for anything else.
    pub fn of(file: &Path) -> Self {
        let is_json = file
            .extension()
            .is_some_and(|extension| extension.eq_ignore_ascii_case("json"));
        if is_json { Format::Json } else { Format::Toml }
    }
}

/// What reading a spec found.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The spec, when it parsed and every resource deserialised (rule findings may still be errors). With
    /// [`CheckOptions::partial`], the spec of the resources that deserialised.
    pub spec: Option<Spec>,
    /// Every finding, in the order of their positions in the file.
    pub diagnostics: Vec<Located>,
    /// Where each key and value is written; empty when the file does not parse.
    pub index: SpanIndex,
}

impl Loaded {
    /// Whether the file could not be read as TOML or JSON at all (`SIG000`).
    pub fn has_syntax_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|located| located.diagnostic.rule.id == SIG000.id)
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|located| located.diagnostic.is_error())
    }
}

/// What [`check_document`] reports, beyond the findings every document gets (names and values refused
/// with their rule ids, values of the wrong type or form).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent switches, each of a kind of finding"
)]
pub struct CheckOptions {
    /// Report a required key the document does not write (`SIG008`). Off for documents in which a reader
    /// leaves out what it could not resolve: such a resource is then simply not checked by the rules.
    pub missing_keys: bool,
    /// Report a parent a resource names that the document does not define (`SIG003`). Off where parents
    /// are normally defined in other files.
    pub unknown_references: bool,
    /// Check the model's rules (`Validate`) after deserialising. Off for a document that only carries
    /// names, such as the other allowed values of a parameter: its resources are not all deployed together,
    /// so only the names' own rules are checked (their warnings; errors are refused while reading).
    pub rules: bool,
    /// Check the rules over the resources that deserialised even when others did not; otherwise a single
    /// resource that does not read leaves no spec to check.
    pub partial: bool,
}

impl Default for CheckOptions {
    /// [`CheckOptions::spec`].
    fn default() -> Self {
        Self::spec()
    }
}

impl CheckOptions {
    /// What [`load`] checks in a spec: everything.
    pub fn spec() -> Self {
        Self {
            missing_keys: true,
            unknown_references: true,
            rules: true,
            partial: false,
        }
    }

    /// What the linter checks in a document it read from a template or script: everything except missing
    /// keys and references to parents defined elsewhere, over every resource that reads.
    pub fn lint() -> Self {
        Self {
            missing_keys: false,
            unknown_references: false,
            rules: true,
            partial: true,
        }
    }

    /// These options without the model's rules: only names and values are checked.
    #[must_use]
    pub fn names_only(mut self) -> Self {
        self.rules = false;
        self
    }
}

/// Reads the spec in `text`, as TOML or JSON by `file`'s extension, and checks it under `context`.
/// `file` is only named in the diagnostics. A leading UTF-8 byte order mark is skipped.
pub fn load(file: &Path, text: &str, context: &Context) -> Loaded {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let parsed = match Format::of(file) {
        Format::Toml => document::parse_toml(text),
        Format::Json => document::parse_json(text, JsonSyntax::Strict),
    };
    match parsed {
        Ok(root) => check_document(file, text, &root, context, &CheckOptions::spec()),
        Err(errors) => {
            let lines = Lines::new(text);
            let diagnostics = errors
                .into_iter()
                .map(|error| Located {
                    file: file.to_path_buf(),
                    span: lines.span(&error.range),
                    diagnostic: Diagnostic::new(&SIG000, error.message),
                })
                .collect();
            finish(None, diagnostics, SpanIndex::default())
        }
    }
}

/// Checks a spec-shaped [`document`] exactly as [`load`] checks a spec: each resource deserialised on its
/// own (refused names and values reported with their rules' ids, the offending value removed and the
/// resource read again), then the model's rules, every finding placed at the range of the key or value it
/// is about. `text` is the file the document's ranges point into, `file` its name in the findings (and
/// what chooses the words of some messages: "an object" for `.json`, "a table" otherwise).
///
/// ```
/// use std::path::Path;
/// use sigil_core::Context;
/// use sigil_spec::document::{Entry, Node};
/// use sigil_spec::{CheckOptions, check_document};
///
/// // A template writes `"name": "my-gallery"`; a reader turned it into the spec's `gallery[0].name`.
/// let text = r#"{"type": "Microsoft.Compute/galleries", "name": "my-gallery"}"#;
/// let at = text.find("\"my-gallery\"").unwrap();
/// let name = Entry::new("name", at - 8..at - 2, Node::string(at..at + 12, "my-gallery"));
/// let gallery = Node::table(0..text.len(), vec![name]);
/// let galleries = Entry::new("gallery", 0..0, Node::array(0..text.len(), vec![gallery]));
/// let root = Node::table(0..text.len(), vec![galleries]);
///
/// let file = Path::new("azuredeploy.json");
/// let checked = check_document(file, text, &root, &Context::strict(), &CheckOptions::lint());
/// let finding = &checked.diagnostics[0];
/// assert_eq!(finding.diagnostic.rule.id, "SIG102");
/// assert_eq!((finding.span.start.line, finding.span.start.column), (1, 49));
/// ```
pub fn check_document(
    file: &Path,
    text: &str,
    root: &Node,
    context: &Context,
    options: &CheckOptions,
) -> Loaded {
    let lines = Lines::new(text);
    let index = SpanIndex::build(root, &lines);
    let reading = resources::Reading {
        missing_keys: options.missing_keys,
        partial: options.partial,
    };
    let read = resources::read(root, file, &lines, Format::of(file), reading);
    let mut diagnostics = read.found;
    if let Some(spec) = &read.spec {
        let tree = read.pruned.as_ref().unwrap_or(root);
        let checked = if options.rules {
            spec.validate(context)
        } else {
            name_rules(spec, context)
        };
        let found = checked
            .into_iter()
            .filter(|diagnostic| options.unknown_references || diagnostic.rule.id != SIG003.id)
            .map(|diagnostic| {
                let path = resources::file_path(tree, &diagnostic.path);
                Located {
                    file: file.to_path_buf(),
                    span: index.locate(&path),
                    diagnostic: diagnostic.at(path),
                }
            });
        diagnostics.extend(found);
    }
    finish(read.spec, diagnostics, index)
}

/// Like [`load`], for bytes as read from a file: text that is not UTF-8 is a syntax error at the first
/// byte that is not.
pub fn load_bytes(file: &Path, bytes: &[u8], context: &Context) -> Loaded {
    match utf8_text(file, bytes) {
        Ok(text) => load(file, text, context),
        Err(not_utf8) => finish(None, vec![not_utf8], SpanIndex::default()),
    }
}

/// The bytes of `file` as text, or `SIG000` at the line and column of the first byte that is not UTF-8
/// (counted after a byte order mark, as the readers count). Every command that reads a file reports
/// such a file through here, so they all name the same place.
pub fn utf8_text<'b>(file: &Path, bytes: &'b [u8]) -> Result<&'b str, Located> {
    let error = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok(text),
        Err(error) => error,
    };
    let valid = &bytes[..error.valid_up_to()];
    let valid = std::str::from_utf8(valid).unwrap_or_default();
    let valid = valid.strip_prefix('\u{feff}').unwrap_or(valid);
    let at = Lines::new(valid).position(valid.len());
    let byte = bytes[error.valid_up_to()];
    let message =
        format!("the file is not UTF-8 text (byte 0x{byte:02X} cannot be read): save it as UTF-8");
    Err(Located {
        file: file.to_path_buf(),
        span: sigil_core::Span { start: at, end: at },
        diagnostic: Diagnostic::new(&SIG000, message),
    })
}

/// The rules of each resource's own name, at `KIND[i].name`: what a document of names alone is checked by.
fn name_rules(spec: &Spec, context: &Context) -> Vec<Diagnostic> {
    fn each<T>(
        validator: &mut Validator<'_>,
        array: &'static str,
        resources: &[T],
        name: impl Fn(&T) -> &dyn Validate,
    ) {
        validator.in_field(array, |validator| {
            for (index, resource) in resources.iter().enumerate() {
                validator.in_index(index, |validator| {
                    validator.in_field("name", |validator| name(resource).validate_into(validator));
                });
            }
        });
    }
    let mut validator = Validator::new(context);
    each(&mut validator, "gallery", &spec.galleries, |g| &g.name);
    each(
        &mut validator,
        "image-definition",
        &spec.image_definitions,
        |d| &d.name,
    );
    each(&mut validator, "image-version", &spec.image_versions, |v| {
        &v.name
    });
    each(&mut validator, "application", &spec.applications, |a| {
        &a.name
    });
    each(
        &mut validator,
        "application-version",
        &spec.application_versions,
        |v| &v.name,
    );
    validator.finish()
}

fn finish(spec: Option<Spec>, mut diagnostics: Vec<Located>, index: SpanIndex) -> Loaded {
    diagnostics.sort_by_key(|located| located.span.start);
    Loaded {
        spec,
        diagnostics,
        index,
    }
}
