//! The fuzz targets of sigil, as functions of the input bytes that panic when the property fails:
//!
//! - [`spec`]: a spec read (parsed and validated) as TOML and as JSON does not panic;
//! - [`lint`]: every lint reader, on the bytes under each file name it takes, does not panic;
//! - [`round_trip`]: a spec that validates, generated as ARM template, Bicep, az and PowerShell and
//!   imported back, is the spec again (minimized, as `tests/import_round_trip.rs` compares).
//!
//! `fuzz_targets/*.rs` run them under libFuzzer (`cargo fuzz run`, feature `libfuzzer`) or under the
//! small mutation driver of [`driver`] (`cargo xtask fuzz`, stable Rust).

pub mod driver;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use sigil_core::Context;
use sigil_core::model::Spec;

/// The spec reader: `sigil.toml` and `sigil.json`, strict and lenient.
pub fn spec(data: &[u8]) {
    for name in ["sigil.toml", "sigil.json"] {
        let _ = sigil_spec::load_bytes(Path::new(name), data, &Context::strict());
    }
    let lenient = Context::strict().with_mode(sigil_core::Mode::Lenient);
    let _ = sigil_spec::load_bytes(Path::new("sigil.toml"), data, &lenient);
}

/// Every file name a lint reader takes; each gets the input.
const LINT_NAMES: &[&str] = &[
    "azuredeploy.json",
    "azuredeploy.parameters.json",
    "main.bicep",
    "main.bicepparam",
    "deploy.sh",
    "deploy.ps1",
    "README.md",
    "main.tf",
    "sigil.toml",
    "sigil.json",
];

/// A template and a Bicep file from the fixtures, beside which the input is also read as the parameters
/// file (a parameters file is read against its template).
const PAIRED: &[(&str, &str, &str)] = &[
    (
        "azuredeploy.json",
        include_str!("../../tests/fixtures/lint/quickstart/azuredeploy.json"),
        "azuredeploy.parameters.json",
    ),
    (
        "main.bicep",
        include_str!("../../tests/fixtures/lint/bicep/main.bicep"),
        "main.bicepparam",
    ),
];

/// The folder the lint target writes its files in: one per process.
fn lint_folder() -> &'static Path {
    static FOLDER: OnceLock<PathBuf> = OnceLock::new();
    FOLDER.get_or_init(|| {
        let folder = std::env::temp_dir().join(format!("sigil-fuzz-lint-{}", std::process::id()));
        for (template, text, _) in PAIRED {
            let paired = folder.join("paired");
            fs::create_dir_all(&paired).expect("a temporary folder");
            fs::write(paired.join(template), text).expect("a fixture template");
        }
        folder
    })
}

/// Every lint reader, as `sigil lint` runs them (detection, prefilter, reader, rules, suppressions):
/// the bytes under every file name a reader takes, and as the parameters file of a fixture template.
pub fn lint(data: &[u8]) {
    let folder = lint_folder();
    let mut paths = Vec::new();
    for name in LINT_NAMES {
        let path = folder.join(name);
        fs::write(&path, data).expect("writing the input");
        paths.push(path);
    }
    for (_, _, parameters) in PAIRED {
        let path = folder.join("paired").join(parameters);
        fs::write(&path, data).expect("writing the input");
        paths.push(path);
    }
    let options = sigil_lint::Options::default();
    let _ = sigil_lint::lint(&paths, &options);
    // The readers directly too, past the prefilter that skips files without a gallery marker.
    let text = String::from_utf8_lossy(data);
    let context = Context::strict();
    for name in LINT_NAMES {
        let _ = sigil_lint::read_file(Path::new(name), &text, &context);
    }
    let _ = sigil_lint::arm::read_parameters(
        Path::new("azuredeploy.parameters.json"),
        &text,
        PAIRED[0].1,
    );
    let _ = sigil_lint::bicepparam::read(Path::new("main.bicepparam"), &text, |_| {
        Some(PAIRED[1].1.into())
    });
}

/// One deployable output, and how `sigil import` is given it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    Arm,
    Bicep,
    Az,
    Pwsh,
}

impl Output {
    const ALL: [Output; 4] = [Output::Arm, Output::Bicep, Output::Az, Output::Pwsh];

    fn format(self) -> sigil_gen::Format {
        match self {
            Output::Arm => sigil_gen::Format::Arm,
            Output::Bicep => sigil_gen::Format::Bicep,
            Output::Az => sigil_gen::Format::Az,
            Output::Pwsh => sigil_gen::Format::Pwsh,
        }
    }
}

/// The folder the round trip target writes the outputs in: one per process, emptied on each input.
fn round_trip_folder() -> &'static Path {
    static FOLDER: OnceLock<PathBuf> = OnceLock::new();
    let folder = FOLDER.get_or_init(|| {
        std::env::temp_dir().join(format!("sigil-fuzz-round-trip-{}", std::process::id()))
    });
    let _ = fs::remove_dir_all(folder);
    fs::create_dir_all(folder).expect("a temporary folder");
    folder
}

/// Generate → import: when the bytes are a spec that loads without an error, each deployable output
/// imports back to the same spec (see `tests/import_round_trip.rs` for what is compared).
pub fn round_trip(data: &[u8]) {
    let context = Context::strict();
    let loaded = sigil_spec::load_bytes(Path::new("sigil.toml"), data, &context);
    if loaded.has_errors() {
        return;
    }
    let Some(original) = loaded.spec else { return };
    let Ok(plan) = sigil_gen::Plan::new(&original) else {
        return;
    };
    let options = sigil_gen::Options {
        source_name: "sigil.toml".to_owned(),
        date: jiff::civil::date(2026, 1, 1),
    };
    for output in Output::ALL {
        let format = output.format();
        let text = sigil_gen::render(&plan, format, &options)
            .unwrap_or_else(|error| panic!("{format:?} does not render: {error}"));
        let mut import = sigil_import::Options {
            context: context.clone(),
            ..sigil_import::Options::default()
        };
        if output == Output::Arm {
            let parameters = sigil_gen::render(&plan, sigil_gen::Format::ArmParameters, &options)
                .expect("the parameters file renders");
            import.parameters = Some(sigil_import::Source {
                path: "azuredeploy.parameters.json".into(),
                text: parameters,
            });
        }
        if matches!(output, Output::Arm | Output::Bicep)
            && let Some(group) = &original.resource_group
        {
            import.resource_group = Some(group.name.clone());
            import.location = Some(group.location.to_string());
        }
        // Written to disk as `sigil generate` does: the Bicep reader reads the modules beside main.bicep.
        let folder = round_trip_folder();
        if output == Output::Bicep {
            for (path, module) in
                sigil_gen::bicep::modules(&plan, &options).expect("modules render")
            {
                let path = folder.join(path);
                fs::create_dir_all(path.parent().expect("a module's folder")).expect("a folder");
                fs::write(path, module).expect("writing a module");
            }
        }
        let path = folder.join(format.file_name());
        fs::write(&path, &text).expect("writing the output");
        let source = sigil_import::Source { path, text };
        let imported = match sigil_import::import(std::slice::from_ref(&source), &import) {
            Ok(imported) => imported,
            // A spec of a resource group alone deploys no gallery resource, which import says.
            Err(
                sigil_import::ImportError::Nothing
                | sigil_import::ImportError::NotImportable { .. },
            ) if Spec {
                resource_group: None,
                ..comparable(original.clone(), output)
            } == comparable(Spec::default(), output) =>
            {
                continue;
            }
            Err(error) => panic!(
                "{} does not import: {error:?}\n{}",
                format.file_name(),
                source.text
            ),
        };
        let (expected, found) = (
            comparable(original.clone(), output),
            comparable(imported.spec, output),
        );
        assert!(
            expected == found
                || fold_references(&sigil_import::to_toml(&expected))
                    == fold_references(&sigil_import::to_toml(&found)),
            "{} imports as\n{}\nwhich differs from the spec:\n{}",
            format.file_name(),
            imported.toml,
            sigil_import::to_toml(&expected)
        );
    }
}

/// A spec's TOML with the values of the keys that refer to other resources lowercased. References match
/// names without regard to case, as Azure's do, and every output names a parent by its own spelling (the
/// parent's template parameter or variable), so `gallery = "myGallery"` beside `name = "MyGallery"` comes
/// back as `gallery = "MyGallery"`: the same resources. Built-in role names too: the outputs name the role
/// by its definition id, which import reads back as the role's own spelling (`ReadEr` as `Reader`).
fn fold_references(toml: &str) -> String {
    toml.lines()
        .map(|line| {
            let key = line.split(" = ").next().unwrap_or_default();
            if ["gallery", "image-definition", "scope", "image", "role"].contains(&key) {
                line.to_ascii_lowercase()
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The spec as `output` can say it: minimized, without what no deployable output carries, and without
/// the template parameters' names for a script.
fn comparable(spec: Spec, output: Output) -> Spec {
    let carrier = match output {
        Output::Arm | Output::Bicep => sigil_import::Output::Template,
        Output::Az => sigil_import::Output::AzScript,
        Output::Pwsh => sigil_import::Output::PowerShellScript,
    };
    sigil_import::carried_by(spec, carrier)
}
