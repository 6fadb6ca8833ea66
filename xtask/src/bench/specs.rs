//! The specs `sigil generate` is timed on: one gallery, `definitions` image definitions and three versions
//! of each, every name valid and no warning, so the run measures planning and rendering only.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;

/// Versions per image definition.
pub(super) const VERSIONS: usize = 3;

/// The spec's text.
pub(super) fn spec(definitions: usize) -> String {
    let mut out = String::from(
        "[resource-group]\nname = \"rg-bench\"\nlocation = \"eastus\"\n\n[[gallery]]\nname = \"benchGallery\"\n",
    );
    for definition in 0..definitions {
        let _ = write!(
            out,
            "\n[[image-definition]]\ngallery = \"benchGallery\"\nname = \"image-{definition}\"\n\
             publisher = \"contoso\"\noffer = \"offer-{definition}\"\nsku = \"sku-{definition}\"\n\
             os-type = \"Linux\"\nos-state = \"Generalized\"\nhyper-v-generation = \"V1\"\n"
        );
        for version in 0..VERSIONS {
            let _ = write!(
                out,
                "\n[[image-version]]\ngallery = \"benchGallery\"\nimage-definition = \"image-{definition}\"\n\
                 name = \"1.0.{version}\"\nos-snapshot = \"/subscriptions/00000000-0000-0000-0000-000000000000/\
                 resourceGroups/rg-build/providers/Microsoft.Compute/snapshots/os-{definition}-{version}\"\n\
                 replica-count = 1\n"
            );
        }
    }
    out
}

/// Writes the spec of `definitions` image definitions under `dir`, returning its path.
pub(super) fn write_spec(dir: &Path, definitions: usize) -> anyhow::Result<PathBuf> {
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = dir.join(format!("spec-{definitions}.toml"));
    fs::write(&path, spec(definitions)).with_context(|| format!("writing {}", path.display()))?;
    Ok(path)
}
