//! `sigil lint`: Azure Compute Gallery resources wherever their names are written, checked by sigil's rules.
//!
//! Each reader turns a file of its format into a **spec-shaped document** ([`sigil_spec::document`]): the
//! tree a `sigil.toml` becomes, with every value's range pointing where the file writes it (for a name
//! built from `parameters('galleryName')`, that parameter's `defaultValue`). The document is then checked by
//! [`sigil_spec::check_document`], the path `sigil validate` takes, so lint, validate and generate share one
//! set of rules and nothing here re-implements one.
//!
//! [`lint`] walks files and folders (respecting `.gitignore`, in parallel), reads each file once, skips
//! without parsing a file in which a fast byte search finds no marker of a gallery resource
//! ([`prefilter`]), and returns every finding with the values it could not resolve.
//!
//! | format | reader | files |
//! |---|---|---|
//! | ARM template | [`arm::read_template`] | `*.json`, `*.jsonc` with a `deploymentTemplate` `$schema` |
//! | ARM parameters | [`arm::read_parameters`] | `*.parameters.json`, or a `deploymentParameters` `$schema`, beside its template |
//! | sigil spec | [`spec::read`] (`sigil_spec::load`) | `*.toml` with sigil's tables, `*.json` shaped as a spec |
//! | Terraform | [`terraform::read`] (`hcl-edit`) | `*.tf` with `azurerm_shared_image*` or `azurerm_gallery_application*` resources |
//! | Bicep | [`bicep::read`] (`tree-sitter-bicep`) | `*.bicep` with `Microsoft.Compute/galleries` resources |
//! | Bicep parameters | [`bicepparam::read`] (`tree-sitter-bicep`) | `*.bicepparam`, against the Bicep file its `using` names |
//! | az CLI script | [`az::read`] (`tree-sitter-bash`) | `*.sh`, `*.bash`, `*.azcli` with `az sig` commands |
//! | Az PowerShell script | [`pwsh::read`] (`tree-sitter-powershell`) | `*.ps1`, `*.psm1` with gallery cmdlets (`New-AzGallery`...) |
//! | Markdown | [`markdown::read`] (`pulldown-cmark`, then the two above) | `*.md`, `*.markdown` whose `azurecli`, `bash`, `azurepowershell`, `powershell`... fences hold either |
//!
//! A new format is a variant of [`Format`]; its file names in [`Format::of_name`] (a name no reader takes
//! is never opened); its markers in [`prefilter`] and the choice between formats of one syntax in
//! [`detect`]; a reader returning [`Read`]; and one line in the walk's dispatch.

pub mod arm;
pub mod az;
pub mod bicep;
pub mod bicepparam;
pub mod config;
mod format;
pub mod markdown;
pub mod prefilter;
pub mod pwsh;
mod resources;
pub mod spec;
mod suppress;
mod syntax_tree;
pub mod terraform;
mod values;
mod walk;

use std::path::PathBuf;

use sigil_core::{Context, Located, RuleFilter, Span};
use sigil_spec::document::Node;

pub use format::{EXTENSIONS, Format, Syntax, detect};
pub use walk::lint;

/// Reads one file of a format that stands alone (not a parameters file, which goes with its template) with
/// its reader, as a lint run would: `None` when no reader takes it. `text` has no byte order mark.
pub fn read_file(path: &std::path::Path, text: &str, context: &Context) -> Option<(Format, Read)> {
    let format = detect(path, text.as_bytes())?;
    let read = match format {
        Format::ArmTemplate => arm::read_template(path, text),
        Format::Spec => spec::read(path, text, context),
        Format::Terraform => terraform::read(path, text),
        Format::Bicep => bicep::read(path, text),
        Format::AzScript => az::read(path, text),
        Format::PowerShell => pwsh::read(path, text),
        Format::Markdown => markdown::read(path, text),
        Format::ArmParameters | Format::BicepParameters => return None,
    };
    Some((format, read))
}

/// What a reader made of one file.
#[derive(Debug, Clone, Default)]
pub struct Read {
    /// The resources as the file deploys them by default, checked by every rule except missing keys and
    /// references to parents defined elsewhere ([`sigil_spec::CheckOptions::lint`]).
    pub document: Option<Node>,
    /// Resources that only carry names, checked by the name and value rules but not by the rules that
    /// relate resources: the other allowed values of a parameter, which are not deployed together, or
    /// the values a parameters file gives. Their ranges point into the same file as the document's.
    pub alternatives: Option<Node>,
    /// What the reader could not know before deployment.
    pub unresolved: Vec<Unresolved>,
    /// The reader's own findings: the file does not parse, or a name has the wrong shape. Checking the
    /// documents adds the rules' findings.
    pub diagnostics: Vec<Located>,
    /// What the file sets that the spec has no key for (a property sigil does not model, a network
    /// resource it names after the VM): not checked by lint, and listed by `sigil import` as not carried
    /// over.
    pub ignored: Vec<Unresolved>,
}

/// A name or value known only at deployment: sigil skips it, and `--show-unresolved` lists it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Unresolved {
    pub file: PathBuf,
    pub span: Span,
    /// What is unknown and why: ``the name of this image definition: `uniqueString(...)` is known only at deployment``.
    pub what: String,
}

/// How to lint.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The rules' mode and today's date.
    pub context: Context,
    /// The rules whose findings are reported (`--select`, `--ignore`, `[lint]`).
    pub rules: RuleFilter,
    /// Files and folders not linted, even when named (`exclude` of `[lint]`).
    pub exclude: config::Exclude,
}

/// What a run found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Every finding, sorted by file and position, each once.
    pub diagnostics: Vec<Located>,
    /// Every name or value that could not be resolved, sorted by file and position.
    pub unresolved: Vec<Unresolved>,
    /// Files and paths that could not be read; the others were linted all the same.
    pub errors: Vec<FileError>,
    /// The text of each file that has a finding, as read (bytes that are not UTF-8 as U+FFFD), for
    /// renderers that show source lines.
    pub sources: std::collections::BTreeMap<PathBuf, String>,
    /// How many files were read (a file whose name no reader takes is not read, unless named).
    pub files_read: usize,
    /// How many files held a marker of a gallery resource and were parsed.
    pub files_parsed: usize,
}

impl Report {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|located| located.diagnostic.is_error())
    }
}

/// A file or folder that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub path: PathBuf,
    pub message: String,
}
