//! `sigil import`: existing templates and scripts into a spec, reporting what is not carried over.

use std::collections::HashMap;
use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use sigil_core::{Context, Located};
use sigil_import::{ImportError, Imported, Options, Source};

use crate::cli::ImportArgs;
use crate::exit::Status;
use crate::output::{self, Format};

pub(crate) fn run(args: &ImportArgs) -> anyhow::Result<Status> {
    let mut sources = Vec::new();
    let mut parameters = None;
    // Texts by path, for the lines the report shows; a file that is not UTF-8 shown as best it can be.
    let mut texts: HashMap<PathBuf, String> = HashMap::new();
    let mut not_utf8 = Vec::new();
    let mut unreadable = false;
    let files = args.files.iter().map(|path| (path, false));
    for (path, is_parameters) in files.chain(args.parameters.iter().map(|path| (path, true))) {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) => {
                eprintln!("{}: error: {error}", path.display());
                unreadable = true;
                continue;
            }
        };
        match Source::from_bytes(path, &bytes) {
            Ok(source) => {
                texts.insert(source.path.clone(), source.text.clone());
                if is_parameters {
                    parameters = Some(source);
                } else {
                    sources.push(source);
                }
            }
            Err(finding) => {
                texts.insert(path.clone(), String::from_utf8_lossy(&bytes).into_owned());
                not_utf8.push(finding);
            }
        }
    }
    if unreadable || !not_utf8.is_empty() {
        report(&not_utf8, &texts)?;
        eprintln!("sigil: a file cannot be read: nothing imported");
        return Ok(Status::InputError);
    }
    let options = Options {
        parameters,
        resource_group: args.resource_group.clone(),
        location: args.location.clone(),
        context: Context::strict().with_today(jiff::Zoned::now().date()),
    };
    let imported = match sigil_import::import(&sources, &options) {
        Ok(imported) => imported,
        Err(ImportError::Unreadable { findings }) => {
            report(&findings, &texts)?;
            eprintln!("sigil: a file cannot be read: nothing imported");
            return Ok(Status::InputError);
        }
        Err(error) => {
            eprintln!("sigil: error: {error}");
            return Ok(Status::InputError);
        }
    };
    if let Err(error) = write_spec(&imported, args) {
        eprintln!("sigil: error: {error:#}");
        return Ok(Status::InputError);
    }
    report(&imported.findings, &texts)?;
    Ok(if imported.findings.is_empty() {
        Status::Clean
    } else {
        eprintln!(
            "sigil: {} not carried over into the spec: review {} before deploying it",
            plural(imported.findings.len(), "thing", "things"),
            if imported.findings.len() == 1 {
                "it"
            } else {
                "them"
            }
        );
        Status::RuleErrors
    })
}

/// The spec to the output file (never replacing one without `--force`) or to standard output.
fn write_spec(imported: &Imported, args: &ImportArgs) -> anyhow::Result<()> {
    let path = args
        .output
        .as_deref()
        .filter(|path| *path != Path::new("-"));
    let Some(path) = path else {
        let mut out = io::stdout().lock();
        out.write_all(imported.toml.as_bytes())?;
        return Ok(out.flush()?);
    };
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(args.force)
        .create_new(!args.force)
        .open(path)
        .with_context(|| {
            if path.exists() {
                format!("{} exists: pass --force to replace it", path.display())
            } else {
                format!("{} cannot be written", path.display())
            }
        })?;
    file.write_all(imported.toml.as_bytes())
        .with_context(|| format!("{} cannot be written", path.display()))?;
    Ok(())
}

/// What was not carried over, on standard error (standard output may hold the spec).
fn report(findings: &[Located], texts: &HashMap<PathBuf, String>) -> io::Result<()> {
    let mut err = io::stderr().lock();
    output::write(Format::Human, &mut err, findings, |path| {
        texts.get(path).map(String::as_str)
    })?;
    err.flush()
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}
