//! `sigil plan`: the script that takes Azure from the resources of one spec to those of another.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context as _, bail};
use sigil_core::model::Spec;
use sigil_core::{Context, Located, Mode};
use sigil_plan::ScriptFormat;

use crate::cli::{PlanArgs, PlanFormat};
use crate::exit::Status;
use crate::output::{self, Format};

/// A spec as read: its label in messages, its text, and what loading it found.
struct Read {
    label: PathBuf,
    text: String,
    loaded: sigil_spec::Loaded,
}

pub(crate) fn run(args: &PlanArgs) -> anyhow::Result<Status> {
    let context = Context::strict()
        .with_mode(Mode::Strict)
        .with_today(jiff::Zoned::now().date());
    let (old_path, new_path) = match (args.specs.as_slice(), &args.base) {
        ([old, new], None) => (Some(old), new),
        ([new], Some(_)) => (None, new),
        ([_, _], Some(_)) => bail!("--base REV reads OLD from git: give NEW alone"),
        _ => bail!("say what to compare NEW with: OLD NEW, or --base REV NEW"),
    };
    let new = read(new_path, &fs_bytes(new_path)?, &context);
    let old = match (old_path, &args.base) {
        (Some(path), _) => Some(read(path, &fs_bytes(path)?, &context)),
        (None, Some(revision)) => {
            git_bytes(revision, new_path)?.map(|(label, bytes)| read(&label, &bytes, &context))
        }
        (None, None) => None,
    };
    let reads: Vec<&Read> = old.iter().chain([&new]).collect();
    let (specs, status) = report_findings(&reads)?;
    let [old_spec, new_spec] = match specs.as_slice() {
        [Some(old), Some(new)] => [(*old).clone(), (*new).clone()],
        [Some(new)] => [Spec::default(), (*new).clone()],
        _ => {
            eprintln!("sigil: the specs have errors: no plan was written");
            return Ok(status);
        }
    };
    let plan = match sigil_plan::plan(&old_spec, &new_spec) {
        Ok(plan) => plan,
        Err(refused) => return report_refused(&new, refused),
    };
    if plan.is_empty() {
        eprintln!("No changes: OLD and NEW deploy the same resources.");
        return Ok(Status::Clean);
    }
    eprint!("{}", plan.summary());
    let options = sigil_gen::Options {
        source_name: file_name(new_path),
        date: jiff::Zoned::now().date(),
    };
    let format = match args.format {
        PlanFormat::Az => ScriptFormat::Az,
        PlanFormat::Pwsh => ScriptFormat::Pwsh,
    };
    // Creations are rendered from NEW, which may lack what generating needs (its [resource-group]).
    let script = plan
        .script(format, &options)
        .with_context(|| new_path.display().to_string())?;
    write_script(args.output.as_deref(), &script)?;
    Ok(Status::Clean)
}

fn fs_bytes(path: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("reading {}", path.display()))
}

fn read(label: &Path, bytes: &[u8], context: &Context) -> Read {
    let loaded = sigil_spec::load_bytes(label, bytes, context);
    Read {
        label: label.to_path_buf(),
        text: String::from_utf8_lossy(bytes).into_owned(),
        loaded,
    }
}

/// NEW's file as it is at `revision`, labelled `REV:FILE`; `None` when the file is not there yet.
fn git_bytes(revision: &str, new: &Path) -> anyhow::Result<Option<(PathBuf, Vec<u8>)>> {
    let folder = new
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = file_name(new);
    let git = |arguments: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(folder)
            .args(arguments)
            .output()
            .context("running git (needed by --base)")
    };
    let commit = format!("{revision}^{{commit}}");
    let verified = git(&["rev-parse", "--verify", "--quiet", &commit])?;
    if !verified.status.success() {
        bail!(
            "--base {revision}: not a revision of the git repository of {}",
            new.display()
        );
    }
    // `REV:./FILE` is relative to the folder git runs in, wherever the repository's root is.
    let object = format!("{revision}:./{name}");
    if !git(&["cat-file", "-e", &object])?.status.success() {
        return Ok(None);
    }
    let shown = git(&["show", &object])?;
    if !shown.status.success() {
        bail!(
            "git show {object}: {}",
            String::from_utf8_lossy(&shown.stderr).trim()
        );
    }
    Ok(Some((
        PathBuf::from(format!("{revision}:{name}")),
        shown.stdout,
    )))
}

/// Prints every finding of the specs; the specs when none has errors, else the exit status to return.
fn report_findings<'r>(reads: &[&'r Read]) -> anyhow::Result<(Vec<Option<&'r Spec>>, Status)> {
    let diagnostics: Vec<Located> = reads
        .iter()
        .flat_map(|read| read.loaded.diagnostics.iter().cloned())
        .collect();
    write_findings(reads, &diagnostics)?;
    let status = if reads.iter().any(|read| read.loaded.has_syntax_errors()) {
        Status::InputError
    } else {
        Status::from_diagnostics(diagnostics.iter().map(|located| &located.diagnostic))
    };
    let specs = reads
        .iter()
        .map(|read| {
            read.loaded
                .spec
                .as_ref()
                .filter(|_| status == Status::Clean)
        })
        .collect();
    Ok((specs, status))
}

fn write_findings(reads: &[&Read], diagnostics: &[Located]) -> io::Result<()> {
    let texts: HashMap<&Path, &str> = reads
        .iter()
        .map(|read| (read.label.as_path(), read.text.as_str()))
        .collect();
    let mut err = io::stderr().lock();
    output::write(Format::Human, &mut err, diagnostics, |path| {
        texts.get(path).copied()
    })
}

/// Prints the changes the service refuses, at their places in NEW.
fn report_refused(new: &Read, refused: Vec<sigil_core::Diagnostic>) -> anyhow::Result<Status> {
    let located: Vec<Located> = refused
        .into_iter()
        .map(|diagnostic| Located {
            file: new.label.clone(),
            span: new.loaded.index.locate(&diagnostic.path),
            diagnostic,
        })
        .collect();
    write_findings(&[new], &located)?;
    eprintln!(
        "sigil: {} {} the service refuses: no plan was written",
        located.len(),
        if located.len() == 1 {
            "change"
        } else {
            "changes"
        }
    );
    Ok(Status::RuleErrors)
}

fn write_script(output: Option<&Path>, script: &str) -> anyhow::Result<()> {
    match output {
        Some(path) => {
            std::fs::write(path, script).with_context(|| format!("writing {}", path.display()))?;
        }
        None => io::stdout().lock().write_all(script.as_bytes())?,
    }
    Ok(())
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}
