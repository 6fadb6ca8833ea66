//! Each file through its lint reader; ARM templates as a deployment with the parameters file would go.

use std::path::{Path, PathBuf};

use sigil_core::rules::SIG000;
use sigil_core::{Located, Severity};
use sigil_lint::arm::{self, Deployment};
use sigil_lint::{Format, Read, Unresolved};

use crate::{ImportError, NOT_CARRIED_OVER, Options, Source};

/// One file as its reader read it.
#[derive(Debug)]
pub(crate) struct File<'s> {
    pub(crate) path: &'s Path,
    pub(crate) text: &'s str,
    pub(crate) read: Read,
}

/// Reads every source, refusing what no reader takes and files that do not parse.
pub(crate) fn read_all<'s>(
    sources: &'s [Source],
    options: &'s Options,
) -> Result<Vec<File<'s>>, ImportError> {
    let formats = sources
        .iter()
        .map(format_of)
        .collect::<Result<Vec<_>, _>>()?;
    let templates = formats
        .iter()
        .filter(|format| **format == Format::ArmTemplate)
        .count();
    match (&options.parameters, templates) {
        (Some(_), 0) => return Err(ImportError::ParametersWithoutTemplate),
        (Some(_), count) if count > 1 => {
            return Err(ImportError::ParametersForSeveralTemplates { count });
        }
        _ => {}
    }
    let files: Vec<File<'s>> = sources
        .iter()
        .zip(formats)
        .map(|(source, format)| File {
            path: &source.path,
            text: &source.text,
            read: read_one(source, format, options),
        })
        .collect();
    let syntax: Vec<Located> = files
        .iter()
        .flat_map(|file| &file.read.diagnostics)
        .filter(|located| located.diagnostic.rule.id == SIG000.id)
        .cloned()
        .collect();
    if syntax.is_empty() {
        Ok(files)
    } else {
        Err(ImportError::Unreadable { findings: syntax })
    }
}

fn format_of(source: &Source) -> Result<Format, ImportError> {
    match sigil_lint::detect(&source.path, source.text.as_bytes()) {
        Some(Format::ArmParameters | Format::BicepParameters) => Err(ImportError::ParametersFile {
            path: source.path.clone(),
        }),
        Some(format) => Ok(format),
        None => Err(ImportError::NotImportable {
            path: source.path.clone(),
        }),
    }
}

fn read_one(source: &Source, format: Format, options: &Options) -> Read {
    if format == Format::ArmTemplate {
        let deployment = Deployment {
            parameters: options
                .parameters
                .as_ref()
                .map(|parameters| (parameters.path.as_path(), parameters.text.as_str())),
            location: options.location.as_deref(),
        };
        return arm::read_deployment(&source.path, &source.text, &deployment);
    }
    sigil_lint::read_file(&source.path, &source.text, &options.context)
        .map(|(_, read)| read)
        .unwrap_or_default()
}

/// A reader's unresolved value or ignored property as a finding.
pub(crate) fn finding(unresolved: &Unresolved, lead: &str) -> Located {
    located(
        &unresolved.file,
        unresolved.span,
        format!("{lead}{}", unresolved.what),
    )
}

pub(crate) fn located(file: &Path, span: sigil_core::Span, message: String) -> Located {
    Located {
        file: PathBuf::from(file),
        span,
        diagnostic: sigil_core::Diagnostic::new(&NOT_CARRIED_OVER, message),
    }
}

/// A finding of a reader or of the checks, as a warning of what was not carried over.
pub(crate) fn as_warning(mut located: Located) -> Located {
    located.diagnostic.severity = Severity::Warning;
    located
}
