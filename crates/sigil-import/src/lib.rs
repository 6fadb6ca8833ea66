//! `sigil import`: existing ARM templates (with their parameters file), Bicep files, az CLI and Az
//! PowerShell scripts back into the spec that reproduces the same resources.
//!
//! ```text
//! files ──► sigil-lint readers (one spec-shaped document each) ──► merged document ──► Spec (check_document)
//!        ──► minimized (sigil's defaults and default parameter names dropped) ──► TOML
//! ```
//!
//! The readers are the linter's, so import understands exactly what lint does; ARM templates are read as
//! a deployment would go ([`sigil_lint::arm::read_deployment`]: the parameters file's values, the
//! parameters names come from). The documents of several files are merged into one: the same resource
//! twice is one resource, a conflicting value is reported. Everything that is not carried over (a value
//! only the deployment knows, a property the spec has no key for, a resource that lacks a required key,
//! a value the spec refuses) is a [`Located`] finding of the rule [`NOT_CARRIED_OVER`], a warning at the
//! file, line and column where it is written.
//!
//! Nothing here reads files or prints: the caller reads the files ([`Source::from_bytes`]) and writes
//! [`Imported`].

mod carried;
mod merge;
mod minimize;
mod read;
mod write;

use std::path::{Path, PathBuf};

use sigil_core::model::Spec;
use sigil_core::{Context, Located, Rule, RuleGroup, Severity};

pub use carried::{Output, carried_by};
pub use minimize::minimize;
pub use write::to_toml;

/// What `sigil import` reports: something a file says that the written spec does not. Not a rule of the
/// registry (no spec can break it); it names import's findings in lint's output formats.
pub static NOT_CARRIED_OVER: Rule = Rule {
    id: "import",
    name: "not-carried-over",
    group: RuleGroup::Common,
    severity: Severity::Warning,
    summary: "What an imported file says is carried over into the spec",
    explanation: "An expression only the deployment can evaluate, a property the spec has no key for, a \
resource without a key the spec requires or two files that disagree: the spec written does not say it, \
so review it before deploying the spec's outputs in place of the files.",
    lenient: None,
    sources: &[],
    valid: &[],
    invalid: &[],
};

/// A file to import, as read.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    /// The text, without a byte order mark.
    pub text: String,
}

impl Source {
    /// A file's bytes as read: the text without its byte order mark, or, when it is not UTF-8, `SIG000` at
    /// the line and column of the first byte that is not, as every other command reports it.
    pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Source, Located> {
        let text = sigil_spec::utf8_text(path, bytes)?;
        Ok(Source {
            path: path.to_path_buf(),
            text: text.strip_prefix('\u{feff}').unwrap_or(text).to_owned(),
        })
    }
}

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The parameters file of the ARM template among the sources (`--parameters`).
    pub parameters: Option<Source>,
    /// The resource group deployed to, when no script creates one (`--resource-group`).
    pub resource_group: Option<String>,
    /// Its location (`--location`); also the value of `resourceGroup().location` in templates.
    pub location: Option<String>,
    /// The rules' mode and today's date, for reading spec values.
    pub context: Context,
}

/// What an import made.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The spec, minimized: without values equal to sigil's defaults.
    pub spec: Spec,
    /// The spec as TOML.
    pub toml: String,
    /// What was not carried over, by file and position.
    pub findings: Vec<Located>,
}

/// Why nothing could be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(
        "{}: sigil imports ARM templates, Bicep files, az CLI and PowerShell scripts, and Markdown pages holding them; this file is none with a gallery resource",
        path.display()
    )]
    NotImportable { path: PathBuf },
    #[error(
        "{}: a parameters file: pass it with `--parameters` beside its template",
        path.display()
    )]
    ParametersFile { path: PathBuf },
    #[error("`--parameters` goes with an ARM template, and no file given is one")]
    ParametersWithoutTemplate,
    #[error("`--parameters` goes with one ARM template, and {count} files given are templates")]
    ParametersForSeveralTemplates { count: usize },
    /// A file does not parse: its syntax errors.
    #[error("a file cannot be read")]
    Unreadable { findings: Vec<Located> },
    #[error("the files hold no resource sigil can import")]
    Nothing,
}

/// Imports `sources` into one spec.
pub fn import(sources: &[Source], options: &Options) -> Result<Imported, ImportError> {
    let files = read::read_all(sources, options)?;
    let merged = merge::merge(&files, options);
    let mut findings = merged.findings;
    let Some(spec) = merged.spec else {
        return Err(ImportError::Nothing);
    };
    if spec == Spec::default() {
        return Err(ImportError::Nothing);
    }
    let spec = minimize(spec);
    findings.sort_by(|a, b| (&a.file, a.span.start).cmp(&(&b.file, b.span.start)));
    findings.dedup();
    let toml = to_toml(&spec);
    Ok(Imported {
        spec,
        toml,
        findings,
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::Source;

    #[test]
    fn a_source_is_its_text_without_the_byte_order_mark() {
        let source =
            Source::from_bytes(Path::new("a.json"), "\u{feff}{}\n".as_bytes()).expect("UTF-8 text");
        assert_eq!(source.text, "{}\n");
        assert_eq!(source.path, Path::new("a.json"));
    }

    #[test]
    fn bytes_that_are_not_utf8_are_refused_at_the_first_bad_byte() {
        let bytes = b"\xef\xbb\xbf{\n  \"name\": \"g\xc3\xa9\xff\"\n}\n";
        let refused = Source::from_bytes(Path::new("a.json"), bytes).expect_err("not UTF-8");
        assert_eq!(refused.file, Path::new("a.json"));
        assert_eq!(refused.diagnostic.rule.id, "SIG000");
        assert_eq!(
            (refused.span.start.line, refused.span.start.column),
            (2, 14)
        );
        assert_eq!(refused.span.start, refused.span.end);
        assert!(
            refused
                .diagnostic
                .message
                .contains("not UTF-8 text (byte 0xFF cannot be read)"),
            "{}",
            refused.diagnostic.message
        );
    }
}
