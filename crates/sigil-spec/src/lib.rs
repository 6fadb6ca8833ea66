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
mod index;
mod read_json;
mod read_toml;
mod resources;
mod tree;

use std::ops::Range;
use std::path::Path;

use sigil_core::model::Spec;
use sigil_core::rules::SIG000;
use sigil_core::{Context, Diagnostic, Located, Validate};

pub use index::{Place, SpanIndex};

use tree::Lines;

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
    /// The spec, when it parsed and every resource deserialised (rule findings may still be errors).
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

/// A place the parser could not read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub(crate) range: Range<usize>,
    pub(crate) message: String,
}

/// Reads the spec in `text`, as TOML or JSON by `file`'s extension, and checks it under `context`.
/// `file` is only named in the diagnostics. A leading UTF-8 byte order mark is skipped.
pub fn load(file: &Path, text: &str, context: &Context) -> Loaded {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = Lines::new(text);
    let format = Format::of(file);
    let parsed = match format {
        Format::Toml => read_toml::parse(text),
        Format::Json => read_json::parse(text, &lines),
    };
    let root = match parsed {
        Ok(root) => root,
        Err(errors) => {
            let diagnostics = errors
                .into_iter()
                .map(|error| Located {
                    file: file.to_path_buf(),
                    span: lines.span(&error.range),
                    diagnostic: Diagnostic::new(&SIG000, error.message),
                })
                .collect();
            return finish(None, diagnostics, SpanIndex::default());
        }
    };
    let index = SpanIndex::build(&root, &lines);
    let (spec, mut diagnostics) = resources::read(&root, file, &lines, format);
    if let Some(spec) = &spec {
        diagnostics.extend(
            spec.validate(context)
                .into_iter()
                .map(|diagnostic| Located {
                    file: file.to_path_buf(),
                    span: index.locate(&diagnostic.path),
                    diagnostic,
                }),
        );
    }
    finish(spec, diagnostics, index)
}

/// Like [`load`], for bytes as read from a file: text that is not UTF-8 is a syntax error at the first
/// byte that is not.
pub fn load_bytes(file: &Path, bytes: &[u8], context: &Context) -> Loaded {
    match std::str::from_utf8(bytes) {
        Ok(text) => load(file, text, context),
        Err(error) => {
            let valid = &bytes[..error.valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let valid = valid.strip_prefix('\u{feff}').unwrap_or(valid);
            let at = Lines::new(valid).position(valid.len());
            let byte = bytes[error.valid_up_to()];
            let message = format!(
                "the file is not UTF-8 text (byte 0x{byte:02X} cannot be read): save it as UTF-8"
            );
            let diagnostics = vec![Located {
                file: file.to_path_buf(),
                span: sigil_core::Span { start: at, end: at },
                diagnostic: Diagnostic::new(&SIG000, message),
            }];
            finish(None, diagnostics, SpanIndex::default())
        }
    }
}

fn finish(spec: Option<Spec>, mut diagnostics: Vec<Located>, index: SpanIndex) -> Loaded {
    diagnostics.sort_by_key(|located| located.span.start);
    Loaded {
        spec,
        diagnostics,
        index,
    }
}
