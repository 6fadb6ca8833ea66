//! Writing a generated folder without losing anyone's work.
//!
//! Every write goes to a temporary file beside its target and is renamed over it, so a file is either the
//! old one or the new one, never half of each. A manifest (`.sigil-manifest.json`) records the SHA-256 of
//! each file sigil wrote; a file is replaced only when it is missing, unchanged since sigil wrote it, or
//! already identical. Anything else, a person's edit or a file sigil never wrote, is kept unless forced.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The manifest's file name in a generated folder.
pub const MANIFEST: &str = ".sigil-manifest.json";

#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    generator: String,
    /// File name to `sha256:<hex>` of the contents sigil wrote.
    files: BTreeMap<String, String>,
}

/// What happened to one output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
    /// Edited by someone, or not written by sigil: left as it was.
    Kept,
    /// Edited or foreign, replaced because the caller forced it.
    Overwritten,
}

/// A write that failed, naming the file.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {source}")]
pub struct WriteError {
    pub path: PathBuf,
    #[source]
    pub source: io::Error,
}

/// The outcome for each output, in the order given.
pub type Report = Vec<(String, Outcome)>;

/// Writes `outputs` into `dir` (created if missing), each at its path relative to `dir` (`/`-separated, its
/// folders created as needed, e.g. `modules/vm.bicep`). With `force`, edited and foreign files are replaced
/// too. On an error, the files already written stay written and recorded in the manifest.
pub fn write_outputs(
    dir: &Path,
    outputs: &[(String, String)],
    force: bool,
) -> Result<Report, WriteError> {
    fs::create_dir_all(dir).map_err(|source| WriteError {
        path: dir.to_owned(),
        source,
    })?;
    let manifest_path = dir.join(MANIFEST);
    let mut manifest = read_manifest(&manifest_path);
    manifest.generator = format!("sigil {}", env!("CARGO_PKG_VERSION"));
    let mut report = Vec::with_capacity(outputs.len());
    let mut failure = None;
    for (name, contents) in outputs {
        match write_one(dir, name, contents, &manifest, force) {
            Ok(outcome) => {
                if outcome != Outcome::Kept {
                    manifest
                        .files
                        .insert(name.clone(), digest(contents.as_bytes()));
                }
                report.push((name.clone(), outcome));
            }
            Err(error) => {
                failure = Some(error);
                break;
            }
        }
    }
    let manifest_text =
        serde_json::to_string_pretty(&manifest).expect("a manifest serialises") + "\n";
    let recorded = write_atomically(&manifest_path, manifest_text.as_bytes());
    match (failure, recorded) {
        (Some(error), _) => Err(error),
        (None, Err(source)) => Err(WriteError {
            path: manifest_path,
            source,
        }),
        (None, Ok(())) => Ok(report),
    }
}

fn write_one(
    dir: &Path,
    name: &str,
    contents: &str,
    manifest: &Manifest,
    force: bool,
) -> Result<Outcome, WriteError> {
    let path = dir.join(name);
    let error = |source| WriteError {
        path: path.clone(),
        source,
    };
    let outcome = match fs::read(&path) {
        Err(missing) if missing.kind() == io::ErrorKind::NotFound => {
            if let Some(folder) = path.parent() {
                fs::create_dir_all(folder).map_err(error)?;
            }
            Outcome::Created
        }
        Err(other) => return Err(error(other)),
        Ok(existing) if existing == contents.as_bytes() => return Ok(Outcome::Unchanged),
        Ok(existing) if manifest.files.get(name) == Some(&digest(&existing)) => Outcome::Updated,
        Ok(_) if force => Outcome::Overwritten,
        Ok(_) => return Ok(Outcome::Kept),
    };
    write_atomically(&path, contents.as_bytes()).map_err(error)?;
    Ok(outcome)
}

fn read_manifest(path: &Path) -> Manifest {
    // A missing or unreadable manifest only means sigil cannot prove it wrote a file, so it keeps it.
    fs::read_to_string(path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

fn digest(bytes: &[u8]) -> String {
    let hash = Sha256::digest(bytes);
    let mut text = String::from("sha256:");
    for byte in hash {
        let _ = write!(text, "{byte:02x}");
    }
    text
}

/// Writes `bytes` to a temporary file beside `path`, flushes it to disk and renames it over `path`.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or("output");
    let temporary = path.with_file_name(format!(".{name}.sigil-tmp"));
    let result = (|| {
        let mut file = fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outputs(text: &str) -> Vec<(String, String)> {
        vec![
            ("a.txt".to_owned(), text.to_owned()),
            ("b.txt".to_owned(), format!("b {text}")),
        ]
    }

    fn outcomes(report: &Report) -> Vec<(&str, Outcome)> {
        report
            .iter()
            .map(|(name, outcome)| (name.as_str(), outcome.clone()))
            .collect()
    }

    #[test]
    fn regenerating_over_own_unchanged_files_just_works() {
        let dir = tempfile::tempdir().unwrap();
        let first = write_outputs(dir.path(), &outputs("1"), false).unwrap();
        assert_eq!(
            outcomes(&first),
            [("a.txt", Outcome::Created), ("b.txt", Outcome::Created)]
        );
        let same = write_outputs(dir.path(), &outputs("1"), false).unwrap();
        assert_eq!(
            outcomes(&same),
            [("a.txt", Outcome::Unchanged), ("b.txt", Outcome::Unchanged)]
        );
        let next = write_outputs(dir.path(), &outputs("2"), false).unwrap();
        assert_eq!(
            outcomes(&next),
            [("a.txt", Outcome::Updated), ("b.txt", Outcome::Updated)]
        );
        assert_eq!(fs::read_to_string(dir.path().join("a.txt")).unwrap(), "2");
    }

    #[test]
    fn an_edited_file_is_kept_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        write_outputs(dir.path(), &outputs("1"), false).unwrap();
        fs::write(dir.path().join("a.txt"), "my edit").unwrap();
        let report = write_outputs(dir.path(), &outputs("2"), false).unwrap();
        assert_eq!(
            outcomes(&report),
            [("a.txt", Outcome::Kept), ("b.txt", Outcome::Updated)]
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("a.txt")).unwrap(),
            "my edit"
        );
        // Still the person's: a second run keeps it again.
        assert_eq!(
            outcomes(&write_outputs(dir.path(), &outputs("2"), false).unwrap())[0],
            ("a.txt", Outcome::Kept)
        );
        let forced = write_outputs(dir.path(), &outputs("2"), true).unwrap();
        assert_eq!(outcomes(&forced)[0], ("a.txt", Outcome::Overwritten));
        assert_eq!(fs::read_to_string(dir.path().join("a.txt")).unwrap(), "2");
    }

    #[test]
    fn a_file_sigil_did_not_write_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), "someone else's").unwrap();
        let report = write_outputs(dir.path(), &outputs("1"), false).unwrap();
        assert_eq!(outcomes(&report)[0], ("a.txt", Outcome::Kept));
        assert_eq!(
            fs::read_to_string(dir.path().join("a.txt")).unwrap(),
            "someone else's"
        );
        assert!(!dir.path().join(".a.txt.sigil-tmp").exists());
    }

    #[test]
    fn a_failed_write_leaves_earlier_files_written_and_recorded() {
        let dir = tempfile::tempdir().unwrap();
        // A directory where b.txt should go makes its rename fail.
        fs::create_dir(dir.path().join("b.txt")).unwrap();
        fs::write(dir.path().join("b.txt").join("x"), "").unwrap();
        let error = write_outputs(dir.path(), &outputs("1"), false).unwrap_err();
        assert!(error.path.ends_with("b.txt"), "{error}");
        assert_eq!(fs::read_to_string(dir.path().join("a.txt")).unwrap(), "1");
        let manifest = fs::read_to_string(dir.path().join(MANIFEST)).unwrap();
        assert!(
            manifest.contains("a.txt") && !manifest.contains("\"b.txt\""),
            "{manifest}"
        );
    }

    #[test]
    fn an_output_in_a_folder_gets_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let outputs = vec![("modules/vm.bicep".to_owned(), "module".to_owned())];
        let first = write_outputs(dir.path(), &outputs, false).unwrap();
        assert_eq!(outcomes(&first), [("modules/vm.bicep", Outcome::Created)]);
        assert_eq!(
            fs::read_to_string(dir.path().join("modules").join("vm.bicep")).unwrap(),
            "module"
        );
        let again = write_outputs(dir.path(), &outputs, false).unwrap();
        assert_eq!(outcomes(&again), [("modules/vm.bicep", Outcome::Unchanged)]);
        let manifest = fs::read_to_string(dir.path().join(MANIFEST)).unwrap();
        assert!(manifest.contains("\"modules/vm.bicep\""), "{manifest}");
    }
}
