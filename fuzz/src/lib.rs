//! The fuzz targets of sigil, as functions of the input bytes that panic when the property fails:
//!
//! - [`spec`]: a spec read (parsed and validated) as TOML and as JSON does not panic;
//! - [`lint`]: a lint reader, on the bytes as a file of its format, does not panic;
//! - [`round_trip`]: a spec that validates, generated as ARM template, Bicep, az and PowerShell and
//!   imported back, is the spec again (minimized, as `tests/import_round_trip.rs` compares).
//!
//! `fuzz_targets/*.rs` run them under libFuzzer (`cargo fuzz run`, feature `libfuzzer`) or under the
//! small mutation driver of [`driver`] (`cargo xtask fuzz`, stable Rust).

pub mod driver;

use std::borrow::Cow;
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

/// How the lint target reads an input past the prefilter: the reader of the file's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reader {
    ArmTemplate,
    /// Against the fixture template beside it, or with none.
    ArmParameters(Option<&'static str>),
    Bicep,
    /// Against the fixture Bicep file it uses, or with none.
    BicepParameters(Option<&'static str>),
    Az,
    PowerShell,
    Markdown,
    Terraform,
    Spec,
}

/// The fixture template and Bicep file `paired/` holds, beside which parameters files are read.
const PAIRED_TEMPLATE: &str = include_str!("../../tests/fixtures/lint/quickstart/azuredeploy.json");
const PAIRED_BICEP: &str = include_str!("../../tests/fixtures/lint/bicep/main.bicep");

/// Every file the lint target reads an input as, by its path under the target's folder: a name of each
/// format a reader takes, and the parameters files of a fixture template and Bicep file.
const LINT_FILES: &[(&str, Reader)] = &[
    ("azuredeploy.json", Reader::ArmTemplate),
    ("azuredeploy.parameters.json", Reader::ArmParameters(None)),
    ("main.bicep", Reader::Bicep),
    ("main.bicepparam", Reader::BicepParameters(None)),
    ("deploy.sh", Reader::Az),
    ("deploy.ps1", Reader::PowerShell),
    ("README.md", Reader::Markdown),
    ("main.tf", Reader::Terraform),
    ("sigil.toml", Reader::Spec),
    ("sigil.json", Reader::Spec),
    (
        "paired/azuredeploy.parameters.json",
        Reader::ArmParameters(Some(PAIRED_TEMPLATE)),
    ),
    (
        "paired/main.bicepparam",
        Reader::BicepParameters(Some(PAIRED_BICEP)),
    ),
];

/// The folder the lint target writes its file in: one per process, with the paired fixtures.
fn lint_folder() -> &'static Path {
    static FOLDER: OnceLock<PathBuf> = OnceLock::new();
    FOLDER.get_or_init(|| {
        let folder = std::env::temp_dir().join(format!("sigil-fuzz-lint-{}", std::process::id()));
        let paired = folder.join("paired");
        fs::create_dir_all(&paired).expect("a temporary folder");
        fs::write(paired.join("azuredeploy.json"), PAIRED_TEMPLATE).expect("a fixture template");
        fs::write(paired.join("main.bicep"), PAIRED_BICEP).expect("a fixture Bicep file");
        folder
    })
}

/// Which file of [`LINT_FILES`] an input is read as, and its content: a first line naming one (as the
/// seeds `cargo xtask fuzz` writes: `main.bicep\n...`), or else the first byte choosing one, so that every
/// input, however mutated, reaches a reader.
fn lint_input(data: &[u8]) -> (usize, &[u8]) {
    if let Some(end) = data.iter().position(|byte| *byte == b'\n') {
        let named = LINT_FILES
            .iter()
            .position(|(name, _)| name.as_bytes() == &data[..end]);
        if let Some(index) = named {
            return (index, &data[end + 1..]);
        }
    }
    match data.split_first() {
        Some((first, rest)) => (usize::from(*first) % LINT_FILES.len(), rest),
        None => (0, data),
    }
}

/// One lint reader on one file ([`lint_input`]), in memory as `sigil lint FILE` reads it: the format
/// detected from the name and the markers (the prefilter), its reader, the rules on the documents it makes;
/// then, when the prefilter declines the file or picks another reader, the file's own reader all the same.
/// Bytes that are not UTF-8 are read as text with U+FFFD in their place.
///
/// Through [`sigil_lint::lint`] on disk too when what it adds depends on the input: a `sigil: ignore`
/// comment (suppressions) or bytes that are not UTF-8 (the finding at the first one). For every other
/// input it runs the same reader and checks, plus a parallel walk that costs more than they do (threads
/// started, files opened), which is why it is not run for each input.
pub fn lint(data: &[u8]) {
    let (index, content) = lint_input(data);
    let (name, own) = LINT_FILES[index];
    let text = String::from_utf8_lossy(content);
    if matches!(text, Cow::Owned(_)) || text.contains("sigil: ignore") {
        let path = lint_folder().join(name);
        fs::write(&path, content).expect("writing the input");
        let _ = sigil_lint::lint(std::slice::from_ref(&path), &sigil_lint::Options::default());
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let path = Path::new(name);
    let detected = sigil_lint::detect(path, text.as_bytes()).and_then(|format| match format {
        sigil_lint::Format::ArmTemplate => Some(Reader::ArmTemplate),
        // Read against the template beside it; lint skips one without.
        sigil_lint::Format::ArmParameters => {
            matches!(own, Reader::ArmParameters(Some(_))).then_some(own)
        }
        sigil_lint::Format::Bicep => Some(Reader::Bicep),
        sigil_lint::Format::BicepParameters => Some(own),
        sigil_lint::Format::AzScript => Some(Reader::Az),
        sigil_lint::Format::PowerShell => Some(Reader::PowerShell),
        sigil_lint::Format::Markdown => Some(Reader::Markdown),
        sigil_lint::Format::Terraform => Some(Reader::Terraform),
        sigil_lint::Format::Spec => Some(Reader::Spec),
    });
    if let Some(reader) = detected {
        read_and_check(reader, path, text);
    }
    if detected != Some(own) {
        read_and_check(own, path, text);
    }
}

/// `reader` on `text`, and its documents checked as `sigil lint` checks them.
fn read_and_check(reader: Reader, path: &Path, text: &str) {
    let context = Context::strict();
    let read = match reader {
        Reader::ArmTemplate => sigil_lint::arm::read_template(path, text),
        Reader::ArmParameters(template) => {
            sigil_lint::arm::read_parameters(path, text, template.unwrap_or_default())
        }
        Reader::Bicep => sigil_lint::bicep::read(path, text),
        Reader::BicepParameters(bicep) => {
            sigil_lint::bicepparam::read(path, text, |_| bicep.map(Into::into))
        }
        Reader::Az => sigil_lint::az::read(path, text),
        Reader::PowerShell => sigil_lint::pwsh::read(path, text),
        Reader::Markdown => sigil_lint::markdown::read(path, text),
        Reader::Terraform => sigil_lint::terraform::read(path, text),
        Reader::Spec => sigil_lint::spec::read(path, text, &context),
    };
    if let Some(document) = &read.document {
        let lint = sigil_spec::CheckOptions::lint();
        let _ = sigil_spec::check_document(path, text, document, &context, &lint);
    }
    if let Some(alternatives) = &read.alternatives {
        let names_only = sigil_spec::CheckOptions::lint().names_only();
        let _ = sigil_spec::check_document(path, text, alternatives, &context, &names_only);
    }
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
/// by its definition id, which import reads back as the role's own spelling (`ReadEr` as `Reader`). And a
/// VM's resource group: the templates deploy the VMs of `rg-a` and `rg-A`, one group to Azure, through one
/// parameter spelled as the first VM spells it.
fn fold_references(toml: &str) -> String {
    toml.lines()
        .map(|line| {
            let key = line.split(" = ").next().unwrap_or_default();
            if [
                "gallery",
                "image-definition",
                "scope",
                "image",
                "role",
                "resource-group",
            ]
            .contains(&key)
            {
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
