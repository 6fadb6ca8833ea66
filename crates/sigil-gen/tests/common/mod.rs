//! What every emitter test needs: the example specs, found by listing `examples/` so a new example is
//! covered by every test at once, and the options every test renders with.

#![allow(dead_code, unreachable_pub)] // each test file uses the part it needs

use std::path::{Path, PathBuf};

use sigil_core::model::Spec;
use sigil_gen::{Format, Options, Plan, render};

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// The name of every `examples/*/sigil.toml` folder, sorted.
pub fn example_names() -> Vec<String> {
    let root = examples_dir();
    let mut names: Vec<String> = std::fs::read_dir(&root)
        .unwrap_or_else(|error| panic!("{}: {error}", root.display()))
        .map(|entry| entry.expect("a readable entry").path())
        .filter(|folder| folder.join("sigil.toml").is_file())
        .map(|folder| {
            folder
                .file_name()
                .expect("a folder name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    assert!(
        !names.is_empty(),
        "no examples/*/sigil.toml in {}",
        root.display()
    );
    names
}

/// The text of `examples/NAME/sigil.toml`.
pub fn example_text(name: &str) -> String {
    let path = examples_dir().join(name).join("sigil.toml");
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

pub fn example(name: &str) -> Spec {
    spec(&example_text(name))
}

/// Every example, by name.
pub fn examples() -> Vec<(String, Spec)> {
    example_names()
        .into_iter()
        .map(|name| {
            let spec = example(&name);
            (name, spec)
        })
        .collect()
}

pub fn spec(text: &str) -> Spec {
    toml::from_str(text).unwrap_or_else(|error| panic!("{error}"))
}

/// A fixed date, so that outputs are the same on every day the tests run.
pub fn options() -> Options {
    Options {
        source_name: "sigil.toml".to_owned(),
        date: jiff::civil::Date::constant(2026, 1, 1),
    }
}

pub fn rendered(spec: &Spec, format: Format) -> String {
    let plan = Plan::new(spec).expect("the spec plans");
    render(&plan, format, &options()).expect("the output renders")
}

/// A version made elsewhere (`existing = true`) in a definition made elsewhere, beside a version the
/// deployment creates: a grant on the existing version, a VM pinned to it and a VM from `latest`.
pub const EXISTING_VERSION: &str = r#"
[resource-group]
name = "rg"
location = "eastus"

[[gallery]]
name = "g"
existing = true

[[image-definition]]
gallery = "g"
name = "d"
existing = true
publisher = "p"
offer = "o"
sku = "s"
os-type = "Linux"
os-state = "Specialized"

[[image-version]]
gallery = "g"
image-definition = "d"
name = "1.0.0"
existing = true
parameters = { name = "existingGalleryImageVersionName" }

[[image-version]]
gallery = "g"
image-definition = "d"
name = "1.1.0"
managed-image = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/b/providers/Microsoft.Compute/images/i"

[[role-assignment]]
scope = "g/d/1.0.0"
role = "Reader"
assignee-object-id = "11111111-2222-3333-4444-555555555555"

[[vm]]
name = "pinned"
image = "g/d/1.0.0"

[[vm]]
name = "newest"
image = "g/d"
"#;
