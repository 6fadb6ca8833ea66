//! The run: files and folders walked in parallel (respecting `.gitignore`), each file read once, filtered
//! by name and markers, read by its format's reader, and its documents checked by sigil-spec.
//!
//! Parameters files are read last: each needs its template (the ARM template beside it, the Bicep file a
//! `.bicepparam` uses), which the walk has usually just read (and kept), or which is read then when the
//! run did not include it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};

use ignore::{WalkBuilder, WalkState};
use sigil_core::Located;
use sigil_spec::document::Node;
use sigil_spec::{CheckOptions, check_document};

use crate::format::{self, Format};
use crate::{
    FileError, Options, Read, Report, Unresolved, arm, bicep, bicepparam, spec, suppress, terraform,
};

/// What happened to one file.
#[derive(Debug)]
enum Outcome {
    /// Read, and not parsed: no reader takes it, or no marker is in it.
    Skipped {
        path: PathBuf,
    },
    /// Read and checked.
    Checked {
        path: PathBuf,
        found: Found,
        /// The text of an ARM template or a Bicep file, kept for a parameters file of it.
        template: Option<Arc<str>>,
    },
    /// A parameters file, read after the walk against its template.
    Parameters {
        path: PathBuf,
        format: Format,
        bytes: Vec<u8>,
    },
    Failed(FileError),
}

/// What checking one file found.
#[derive(Debug, Default)]
struct Found {
    diagnostics: Vec<Located>,
    unresolved: Vec<Unresolved>,
    /// The file's text, when it has findings.
    source: Option<String>,
}

/// Lints `paths` (files and folders; the current folder when there are none).
///
/// Folders are walked in parallel, respecting `.gitignore`, `.ignore` and hidden files as ripgrep does
/// (also outside a git repository), without following links; files named in `paths` are always read,
/// ignored or not, whatever their name. A file or folder that cannot be read is a [`FileError`], and the run goes on.
pub fn lint(paths: &[PathBuf], options: &Options) -> Report {
    let default = [PathBuf::from(".")];
    let implicit = paths.is_empty();
    let paths = if implicit { &default[..] } else { paths };
    let mut outcomes = Vec::new();
    let mut roots = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(metadata) if options.exclude.excludes(path, metadata.is_dir()) => {}
            Ok(_) => roots.push(path.clone()),
            Err(error) => outcomes.push(Outcome::Failed(FileError {
                path: path.clone(),
                message: error.to_string(),
            })),
        }
    }
    outcomes.extend(walk(&roots, options));
    let mut report = finish(outcomes, options);
    if implicit {
        // The current folder, unnamed: its files are named as ripgrep names them, without `./`.
        report = without_dot(report);
    }
    report
}

fn without_dot(mut report: Report) -> Report {
    let strip = |path: &mut PathBuf| {
        if let Ok(inside) = path.strip_prefix(".") {
            *path = inside.to_path_buf();
        }
    };
    report
        .diagnostics
        .iter_mut()
        .for_each(|located| strip(&mut located.file));
    report
        .unresolved
        .iter_mut()
        .for_each(|unresolved| strip(&mut unresolved.file));
    report
        .errors
        .iter_mut()
        .for_each(|error| strip(&mut error.path));
    report.sources = std::mem::take(&mut report.sources)
        .into_iter()
        .map(|(mut path, text)| {
            strip(&mut path);
            (path, text)
        })
        .collect();
    report
}

/// Walks `roots` in parallel, each file processed on the thread that finds it.
fn walk(roots: &[PathBuf], options: &Options) -> Vec<Outcome> {
    let Some((first, rest)) = roots.split_first() else {
        return Vec::new();
    };
    let mut builder = WalkBuilder::new(first);
    for root in rest {
        builder.add(root);
    }
    // A `.gitignore` means the same in a folder that is not (yet) a git repository.
    builder.require_git(false);
    let exclude = options.exclude.clone();
    builder.filter_entry(move |entry| {
        let is_dir = entry.file_type().is_some_and(|kind| kind.is_dir());
        !exclude.excludes(entry.path(), is_dir)
    });
    let (sender, receiver) = mpsc::channel();
    builder.build_parallel().run(|| {
        let sender = sender.clone();
        Box::new(move |entry| {
            let outcome = match entry {
                Ok(entry) => {
                    // A root is a file named on the command line: always read (a link, followed).
                    let named = entry.depth() == 0;
                    let Some(kind) = entry.file_type() else {
                        return WalkState::Continue;
                    };
                    // Links met while walking are not followed, as ripgrep does not follow them.
                    if kind.is_dir() || (kind.is_symlink() && !named) {
                        return WalkState::Continue;
                    }
                    if !named && Format::of_name(entry.path()).is_none() {
                        return WalkState::Continue;
                    }
                    process(entry.into_path(), options)
                }
                Err(error) => Outcome::Failed(walk_error(&error)),
            };
            if sender.send(outcome).is_err() {
                return WalkState::Quit;
            }
            WalkState::Continue
        })
    });
    drop(sender);
    receiver.into_iter().collect()
}

fn walk_error(error: &ignore::Error) -> FileError {
    let mut path = PathBuf::new();
    let mut current = error;
    loop {
        match current {
            ignore::Error::WithPath { path: at, err } => {
                path.clone_from(at);
                current = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                current = err;
            }
            _ => break,
        }
    }
    FileError {
        path,
        message: current.to_string(),
    }
}

/// Reads one file and checks it.
fn process(path: PathBuf, options: &Options) -> Outcome {
    let context = &options.context;
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) => {
            return Outcome::Failed(FileError {
                path,
                message: error.to_string(),
            });
        }
    };
    let Some(format) = format::detect(&path, &bytes) else {
        return Outcome::Skipped { path };
    };
    if matches!(format, Format::ArmParameters | Format::BicepParameters) {
        return Outcome::Parameters {
            path,
            format,
            bytes,
        };
    }
    let text = match sigil_spec::utf8_text(&path, &bytes) {
        Ok(text) => text,
        Err(not_utf8) => {
            let found = not_utf8_found(not_utf8, &bytes);
            return Outcome::Checked {
                path,
                found,
                template: None,
            };
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let read = match format {
        Format::ArmTemplate => arm::read_template(&path, text),
        Format::Spec => spec::read(&path, text, context),
        Format::Terraform => terraform::read(&path, text),
        Format::Bicep => bicep::read(&path, text),
        Format::AzScript => crate::az::read(&path, text),
        Format::PowerShell => crate::pwsh::read(&path, text),
        Format::Markdown => crate::markdown::read(&path, text),
        Format::ArmParameters | Format::BicepParameters => unreachable!("read after the walk"),
    };
    let template = matches!(format, Format::ArmTemplate | Format::Bicep).then(|| Arc::from(text));
    // A spec's findings come already checked, without its document: suppression comments need its layout.
    let layout = (format == Format::Spec)
        .then(|| spec::layout(&path, text))
        .flatten();
    let found = check(&path, text, read, layout.as_ref(), options, &bytes);
    Outcome::Checked {
        path,
        found,
        template,
    }
}

/// The findings of a reader and of the checks of its documents, less those the run does not report and
/// those a suppression comment silences. `layout` is where the resources are written when the reader's
/// own findings are about resources its document does not hold.
fn check(
    path: &Path,
    text: &str,
    read: Read,
    layout: Option<&Node>,
    options: &Options,
    bytes: &[u8],
) -> Found {
    let context = &options.context;
    let (suppressions, mut diagnostics) = suppress::find(path, text);
    diagnostics.extend(suppress::apply(
        text,
        &suppressions,
        read.document.as_ref().or(layout),
        read.diagnostics,
    ));
    if let Some(document) = &read.document {
        let checked = check_document(path, text, document, context, &CheckOptions::lint());
        diagnostics.extend(suppress::apply(
            text,
            &suppressions,
            Some(document),
            checked.diagnostics,
        ));
    }
    if let Some(alternatives) = &read.alternatives {
        let names_only = CheckOptions::lint().names_only();
        let checked = check_document(path, text, alternatives, context, &names_only);
        diagnostics.extend(suppress::apply(
            text,
            &suppressions,
            Some(alternatives),
            checked.diagnostics,
        ));
    }
    diagnostics.retain(|located| options.rules.allows(located.diagnostic.rule));
    let source = (!diagnostics.is_empty()).then(|| String::from_utf8_lossy(bytes).into_owned());
    Found {
        diagnostics,
        unresolved: read.unresolved,
        source,
    }
}

/// A file that is not UTF-8 ([`sigil_spec::utf8_text`]'s `SIG000`, the place every command reports), with
/// its bytes shown as well as they can be.
fn not_utf8_found(not_utf8: Located, bytes: &[u8]) -> Found {
    Found {
        diagnostics: vec![not_utf8],
        unresolved: Vec::new(),
        source: Some(String::from_utf8_lossy(bytes).into_owned()),
    }
}

/// The template a parameters file goes with: `azuredeploy.parameters.json` → `azuredeploy.json`.
fn template_of(parameters: &Path) -> Option<PathBuf> {
    let name = parameters.file_name()?.to_str()?;
    let at = name.to_ascii_lowercase().find(".parameters.")?;
    let extension = parameters.extension()?.to_str()?;
    Some(parameters.with_file_name(format!("{}.{extension}", &name[..at])))
}

/// Reads a parameters file against its template, which `template_text` gives by path and format, and
/// checks it; `None` for an ARM parameters file without a template beside it.
fn check_parameters(
    path: &Path,
    format: Format,
    bytes: &[u8],
    template_text: &dyn Fn(&Path, Format) -> Option<Arc<str>>,
    options: &Options,
) -> Option<Found> {
    let arm_template = match format {
        Format::BicepParameters => None,
        _ => Some(template_of(path).and_then(|path| template_text(&path, Format::ArmTemplate))?),
    };
    Some(match sigil_spec::utf8_text(path, bytes) {
        Ok(text) => {
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            let read = match &arm_template {
                Some(template) => {
                    let template = template.strip_prefix('\u{feff}').unwrap_or(template);
                    arm::read_parameters(path, text, template)
                }
                None => bicepparam::read(path, text, |bicep| template_text(bicep, Format::Bicep)),
            };
            check(path, text, read, None, options, bytes)
        }
        Err(not_utf8) => not_utf8_found(not_utf8, bytes),
    })
}

/// Reads the parameters files against their templates, and gathers everything into the report.
fn finish(outcomes: Vec<Outcome>, options: &Options) -> Report {
    let mut report = Report::default();
    // The templates of this run, and the other files it read (which are not templates).
    let mut templates: HashMap<PathBuf, Option<Arc<str>>> = HashMap::new();
    let mut parameters = Vec::new();
    let mut found = Vec::new();
    for outcome in outcomes {
        match outcome {
            Outcome::Skipped { path } => {
                report.files_read += 1;
                templates.insert(path, None);
            }
            Outcome::Checked {
                path,
                found: checked,
                template,
            } => {
                report.files_read += 1;
                report.files_parsed += 1;
                found.push((path.clone(), checked));
                templates.insert(path, template);
            }
            Outcome::Parameters {
                path,
                format,
                bytes,
            } => {
                report.files_read += 1;
                report.files_parsed += 1;
                parameters.push((path, format, bytes));
            }
            Outcome::Failed(error) => report.errors.push(error),
        }
    }
    let template_text = |template: &Path, format: Format| match templates.get(template) {
        Some(text) => text.clone(),
        // Not part of this run: read it now, if it is a template with gallery resources.
        None => std::fs::read(template).ok().and_then(|bytes| {
            (format::detect(template, &bytes) == Some(format))
                .then(|| String::from_utf8(bytes).ok().map(Arc::from))
                .flatten()
        }),
    };
    for (path, format, bytes) in parameters {
        if let Some(checked) = check_parameters(&path, format, &bytes, &template_text, options) {
            found.push((path, checked));
        }
    }
    for (path, checked) in found {
        report.diagnostics.extend(checked.diagnostics);
        report.unresolved.extend(checked.unresolved);
        if let Some(source) = checked.source {
            report.sources.insert(path, source);
        }
    }
    // The same value can be checked more than once (a gallery's name, and the same name as a child's
    // parent; a name in the document and in an alternative): each finding once.
    report.diagnostics.sort_by(|a, b| {
        (&a.file, a.span, a.diagnostic.rule.id, &a.diagnostic.message).cmp(&(
            &b.file,
            b.span,
            b.diagnostic.rule.id,
            &b.diagnostic.message,
        ))
    });
    report.diagnostics.dedup_by(|a, b| {
        a.file == b.file
            && a.span == b.span
            && a.diagnostic.rule.id == b.diagnostic.rule.id
            && a.diagnostic.message == b.diagnostic.message
    });
    report.unresolved.sort();
    report.unresolved.dedup();
    report.errors.sort_by(|a, b| a.path.cmp(&b.path));
    report.sources.retain(|path, _| {
        report
            .diagnostics
            .iter()
            .any(|located| &located.file == path)
    });
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMA: &str =
        "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";

    fn run(paths: &[PathBuf]) -> Report {
        lint(paths, &Options::default())
    }

    #[test]
    fn a_file_without_markers_is_read_but_never_parsed() {
        let folder = tempfile::tempdir().unwrap();
        // Not JSON at all: parsing it would report SIG000.
        let broken = format!("{{\"$schema\": \"{SCHEMA}\", \"resources\": [ oops");
        std::fs::write(folder.path().join("network.json"), &broken).unwrap();
        let report = run(&[folder.path().to_path_buf()]);
        assert_eq!((report.files_read, report.files_parsed), (1, 0));
        assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);

        // The same file with a gallery type in it is parsed, and its syntax error reported.
        let marked = broken.replace("oops", "\"Microsoft.Compute/galleries\" oops");
        std::fs::write(folder.path().join("network.json"), marked).unwrap();
        let report = run(&[folder.path().to_path_buf()]);
        assert_eq!((report.files_read, report.files_parsed), (1, 1));
        assert_eq!(report.diagnostics[0].diagnostic.rule.id, "SIG000");
    }

    #[test]
    fn files_no_reader_takes_are_not_read_unless_named() {
        let folder = tempfile::tempdir().unwrap();
        let script = folder.path().join("notes.txt");
        std::fs::write(&script, "az sig create -g rg -r my-gallery\n").unwrap();
        assert_eq!(run(&[folder.path().to_path_buf()]).files_read, 0);
        assert_eq!(run(&[script]).files_read, 1);
    }

    #[test]
    fn a_path_that_cannot_be_read_is_an_error_and_the_run_goes_on() {
        let folder = tempfile::tempdir().unwrap();
        let spec = folder.path().join("sigil.toml");
        std::fs::write(&spec, "[[gallery]]\nname = \"my-gallery\"\n").unwrap();
        let missing = folder.path().join("missing.json");
        let report = run(&[missing.clone(), spec]);
        assert_eq!(report.errors.len(), 1);
        assert_eq!(report.errors[0].path, missing);
        assert_eq!(report.diagnostics[0].diagnostic.rule.id, "SIG102");
        assert!(report.sources.contains_key(&report.diagnostics[0].file));
    }

    #[test]
    fn a_parameters_file_goes_with_the_template_of_its_name() {
        assert_eq!(
            template_of(Path::new("q/azuredeploy.parameters.json")),
            Some(PathBuf::from("q/azuredeploy.json"))
        );
        assert_eq!(
            template_of(Path::new("main.parameters.dev.json")),
            Some(PathBuf::from("main.json"))
        );
        assert_eq!(template_of(Path::new("values.json")), None);
    }
}
