//! The `[lint]` section that configures a run: found in `sigil.toml` or `.sigil.toml`, in the current folder
//! or the nearest folder above it whose file has one (a spec without the section is passed over, as ruff
//! passes over a `pyproject.toml` without `[tool.ruff]`).
//!
//! The section is part of the spec model ([`LintSettings`]), so `sigil validate` and the linter read it
//! with the same keys, and a misspelt key or a rule that does not exist is reported at its line and column.

use std::path::{Path, PathBuf};

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use sigil_core::model::LintSettings;
use sigil_core::rules::SIG009;
use sigil_core::{Context, Diagnostic, Located};
use sigil_spec::document::{self, Lines, Node};
use sigil_spec::{CheckOptions, check_document};

/// The names a configuration file may have, in the order they are looked for in each folder.
pub const FILE_NAMES: [&str; 2] = ["sigil.toml", ".sigil.toml"];

/// A `[lint]` section and where it was found.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file that holds the section.
    pub path: PathBuf,
    pub settings: LintSettings,
    /// `exclude`, relative to the file's folder.
    pub exclude: Exclude,
}

/// Files and folders a configuration excludes.
#[derive(Debug, Clone)]
pub struct Exclude {
    /// The absolute folder the patterns are relative to.
    root: PathBuf,
    patterns: Gitignore,
}

impl Default for Exclude {
    fn default() -> Self {
        Self::none()
    }
}

impl Exclude {
    /// Nothing excluded.
    pub fn none() -> Self {
        Self {
            root: PathBuf::new(),
            patterns: Gitignore::empty(),
        }
    }

    /// Whether `path` (absolute, or relative to the current folder) or a folder above it is excluded.
    pub fn excludes(&self, path: &Path, is_dir: bool) -> bool {
        if self.patterns.is_empty() {
            return false;
        }
        let Ok(absolute) = std::path::absolute(path) else {
            return false;
        };
        // The matcher requires paths under its root; anything else is outside what the section governs.
        let Ok(inside) = absolute.strip_prefix(&self.root) else {
            return false;
        };
        if inside.as_os_str().is_empty() {
            return false;
        }
        self.patterns
            .matched_path_or_any_parents(inside, is_dir)
            .is_ignore()
    }
}

/// Why a configuration could not be used: each problem at its place in the file.
#[derive(Debug, Clone)]
pub struct ConfigError {
    pub path: PathBuf,
    /// The problems, positioned; empty when the file could not be read at all.
    pub diagnostics: Vec<Located>,
    /// Why the file could not be read, when it could not.
    pub io: Option<String>,
}

/// The configuration that governs `start` (a folder): the nearest `sigil.toml` or `.sigil.toml` with a
/// `[lint]` section, in `start` or above it.
///
/// # Errors
/// The nearest file with a `[lint]` section has a problem in it.
pub fn discover(start: &Path) -> Result<Option<Config>, ConfigError> {
    let start = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
    for folder in start.ancestors() {
        for name in FILE_NAMES {
            let path = folder.join(name);
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            if let Some(config) = parse(&path, &text)? {
                return Ok(Some(config));
            }
        }
    }
    Ok(None)
}

/// The configuration in the file at `path`, named with `--config`: it must have a `[lint]` section.
///
/// # Errors
/// The file cannot be read, has no `[lint]` section, or has a problem in it.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|error| ConfigError {
        path: path.to_path_buf(),
        diagnostics: Vec::new(),
        io: Some(error.to_string()),
    })?;
    parse(path, &text)?.ok_or_else(|| ConfigError {
        path: path.to_path_buf(),
        diagnostics: Vec::new(),
        io: Some("the file has no [lint] section".to_owned()),
    })
}

/// The `[lint]` section of `text`, `None` when it has none. Only the section is read: the rest of the file
/// is a spec, which `sigil lint` checks as any other.
fn parse(path: &Path, text: &str) -> Result<Option<Config>, ConfigError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let error = |diagnostics| ConfigError {
        path: path.to_path_buf(),
        diagnostics,
        io: None,
    };
    // A file that does not parse is reported as the spec it is when it is linted; it configures nothing.
    let Ok(root) = document::parse_toml(text) else {
        return Ok(None);
    };
    let Some(section) = root.entry("lint") else {
        return Ok(None);
    };
    let alone = Node::table(root.range.clone(), vec![section.clone()]);
    let loaded = check_document(
        path,
        text,
        &alone,
        &Context::strict(),
        &CheckOptions::spec(),
    );
    if !loaded.diagnostics.is_empty() {
        return Err(error(loaded.diagnostics));
    }
    let settings = loaded.spec.map(|spec| spec.lint).unwrap_or_default();
    let folder = path.parent().unwrap_or(Path::new("."));
    let root_folder = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
    let exclude = exclude(path, text, &section.value, &root_folder, &settings)
        .map_err(|found| error(vec![found]))?;
    Ok(Some(Config {
        path: path.to_path_buf(),
        settings,
        exclude,
    }))
}

/// `exclude` as a matcher; a pattern that is not a glob is reported where it is written.
fn exclude(
    path: &Path,
    text: &str,
    section: &Node,
    root: &Path,
    settings: &LintSettings,
) -> Result<Exclude, Located> {
    let mut builder = GitignoreBuilder::new(root);
    let written = section
        .get("exclude")
        .map(|node| node.items().to_vec())
        .unwrap_or_default();
    for (index, pattern) in settings.exclude.iter().enumerate() {
        if let Err(problem) = builder.add_line(None, pattern) {
            let range = written
                .get(index)
                .map_or(section.range.clone(), |node| node.range.clone());
            return Err(Located {
                file: path.to_path_buf(),
                span: Lines::new(text).span(&range),
                diagnostic: Diagnostic::new(
                    &SIG009,
                    format!("`{pattern}` is not a glob: {problem}"),
                ),
            });
        }
    }
    let patterns = builder.build().map_err(|problem| Located {
        file: path.to_path_buf(),
        span: Lines::new(text).span(&section.range),
        diagnostic: Diagnostic::new(&SIG009, format!("`exclude` cannot be used: {problem}")),
    })?;
    Ok(Exclude {
        root: root.to_path_buf(),
        patterns,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(folder: &Path, name: &str, text: &str) -> PathBuf {
        let path = folder.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn the_nearest_file_with_a_lint_section_governs() {
        let top = tempfile::tempdir().unwrap();
        write(top.path(), ".sigil.toml", "[lint]\nignore = [\"SIG102\"]\n");
        // A spec without the section is passed over.
        write(top.path(), "a/sigil.toml", "[[gallery]]\nname = \"g\"\n");
        let config = discover(&top.path().join("a")).unwrap().unwrap();
        assert_eq!(config.path, top.path().join(".sigil.toml"));
        assert_eq!(config.settings.ignore[0].as_str(), "SIG102");

        write(top.path(), "a/sigil.toml", "[lint]\nselect = [\"SIG2\"]\n");
        let config = discover(&top.path().join("a")).unwrap().unwrap();
        assert_eq!(config.path, top.path().join("a/sigil.toml"));
        assert!(config.settings.ignore.is_empty());
    }

    #[test]
    fn no_file_means_no_configuration() {
        let top = tempfile::tempdir().unwrap();
        write(top.path(), "sigil.toml", "[[gallery]]\nname = \"g\"\n");
        // Folders above the temporary one are not ours to control: only check that none is found here.
        let found = discover(top.path()).unwrap();
        assert!(found.is_none_or(|config| !config.path.starts_with(top.path())));
    }

    #[test]
    fn problems_are_reported_where_they_are_written() {
        let top = tempfile::tempdir().unwrap();
        let path = write(
            top.path(),
            "sigil.toml",
            "[lint]\nselect = [\"SIG1\", \"gallery-name-charcters\"]\nignor = []\n",
        );
        let error = discover(top.path()).unwrap_err();
        assert_eq!(error.path, path);
        let found: Vec<_> = error
            .diagnostics
            .iter()
            .map(|located| {
                (
                    located.diagnostic.rule.id,
                    located.span.start.line,
                    located.span.start.column,
                )
            })
            .collect();
        assert_eq!(found, [("SIG009", 2, 19), ("SIG007", 3, 1)]);
        assert!(
            error.diagnostics[0]
                .diagnostic
                .message
                .contains("did you mean `gallery-name-characters`")
        );
    }

    #[test]
    fn a_pattern_that_is_not_a_glob_is_reported_at_its_place() {
        let top = tempfile::tempdir().unwrap();
        write(
            top.path(),
            "sigil.toml",
            "[lint]\nexclude = [\"ok/\", \"a[z-a]\"]\n",
        );
        let error = discover(top.path()).unwrap_err();
        let located = &error.diagnostics[0];
        assert_eq!(
            (located.span.start.line, located.span.start.column),
            (2, 19)
        );
    }

    #[test]
    fn exclude_matches_below_the_file_s_folder_as_gitignore_does() {
        let top = tempfile::tempdir().unwrap();
        write(
            top.path(),
            "sigil.toml",
            "[lint]\nexclude = [\"vendor/\", \"**/*.generated.json\", \"/only-top.sh\"]\n",
        );
        let config = discover(top.path()).unwrap().unwrap();
        let exclude = &config.exclude;
        let at = |relative: &str| top.path().join(relative);
        assert!(exclude.excludes(&at("vendor"), true));
        assert!(exclude.excludes(&at("vendor/x/main.tf"), false));
        assert!(exclude.excludes(&at("deep/vendor/main.tf"), false));
        assert!(exclude.excludes(&at("a/b.generated.json"), false));
        assert!(exclude.excludes(&at("only-top.sh"), false));
        assert!(!exclude.excludes(&at("a/only-top.sh"), false));
        assert!(!exclude.excludes(&at("main.tf"), false));
        assert!(!exclude.excludes(Path::new("/elsewhere/vendor/main.tf"), false));
        assert!(!Exclude::none().excludes(&at("vendor"), true));
    }

    #[test]
    fn load_wants_a_lint_section() {
        let top = tempfile::tempdir().unwrap();
        let path = write(top.path(), "other.toml", "[[gallery]]\nname = \"g\"\n");
        assert!(load(&path).unwrap_err().io.unwrap().contains("[lint]"));
        assert!(
            load(&top.path().join("missing.toml"))
                .unwrap_err()
                .io
                .is_some()
        );
        let path = write(top.path(), "lint.toml", "[lint]\nignore = [\"SIG1\"]\n");
        assert_eq!(load(&path).unwrap().settings.ignore.len(), 1);
    }
}
