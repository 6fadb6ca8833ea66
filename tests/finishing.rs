//! The finishing touches: shell completions, the man pages in `docs/man/` (current with the clap
//! definitions), and the JSON Schema of the spec.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;

/// Every visible top-level subcommand, which each completion script must offer.
const SUBCOMMANDS: &[&str] = &[
    "check-name",
    "rules",
    "validate",
    "generate",
    "lint",
    "new",
    "import",
    "plan",
    "completions",
];

fn sigil(args: &[&str]) -> String {
    let output = Command::cargo_bin("sigil")
        .expect("the sigil binary is built")
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "sigil {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stderr.is_empty(), "sigil {args:?} wrote to stderr");
    String::from_utf8(output.stdout).expect("stdout is UTF-8")
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn each_shell_gets_a_completion_script_offering_every_subcommand() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = sigil(&["completions", shell]);
        for subcommand in SUBCOMMANDS {
            assert!(
                script.contains(subcommand),
                "the {shell} script does not offer `{subcommand}`"
            );
        }
        // Scenario names and option values are completed too.
        assert!(script.contains("vm-from-sig"), "{shell}: no scenarios");
        assert!(script.contains("format"), "{shell}: no options");
    }
}

#[test]
fn the_bash_script_is_valid_bash() {
    let script = sigil(&["completions", "bash"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sigil.bash");
    fs::write(&path, &script).unwrap();
    let status = Process::new("bash").arg("-n").arg(&path).status().unwrap();
    assert!(status.success(), "bash -n refused the completion script");
    // Sourced, it registers the completion function.
    let status = Process::new("bash")
        .arg("-c")
        .arg(format!(
            "source {} && complete -p sigil | grep -q _sigil",
            path.display()
        ))
        .status()
        .unwrap();
    assert!(
        status.success(),
        "sourcing the script does not register `complete -F _sigil sigil`"
    );
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let output = Command::cargo_bin("sigil")
        .unwrap()
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("possible values"));
}

fn pages(dir: &Path) -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "1"))
        .map(|path: PathBuf| {
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read_to_string(&path).unwrap(),
            )
        })
        .collect();
    pages.sort();
    pages
}

#[test]
fn docs_man_is_current() {
    let dir = tempfile::tempdir().unwrap();
    sigil(&["man", "--output", dir.path().to_str().unwrap()]);
    let fresh = pages(dir.path());
    let names: Vec<&str> = fresh.iter().map(|(name, _)| name.as_str()).collect();
    for expected in [
        "sigil.1",
        "sigil-lint.1",
        "sigil-new.1",
        "sigil-new-vm-from-sig.1",
    ] {
        assert!(names.contains(&expected), "no {expected} among {names:?}");
    }
    let lint = &fresh
        .iter()
        .find(|(name, _)| name == "sigil-lint.1")
        .unwrap()
        .1;
    assert!(lint.contains(".TH sigil-lint 1") && lint.contains("\\-\\-format"));
    assert!(
        pages(&root().join("docs/man")) == fresh,
        "docs/man is stale: run `cargo xtask docs` and commit the result"
    );
}

/// `sigil schema`, compiled with nothing fetched (the 2020-12 meta-schema comes with the validator), formats
/// asserted.
fn schema_validator() -> (serde_json::Value, jsonschema::Validator) {
    let schema: serde_json::Value =
        serde_json::from_str(&sigil(&["schema"])).expect("sigil schema prints JSON");
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles");
    (schema, validator)
}

fn schema_errors(validator: &jsonschema::Validator, spec: &serde_json::Value) -> Vec<String> {
    validator
        .iter_errors(spec)
        .map(|error| format!("{}: {error}", error.instance_path()))
        .collect()
}

/// A TOML spec as the JSON structure the schema describes (the same one `*.json` specs are written in).
fn toml_as_json(path: &Path) -> serde_json::Value {
    let text = fs::read_to_string(path).unwrap();
    let value: toml::Value = toml::from_str(&text).unwrap();
    serde_json::to_value(value).unwrap()
}

#[test]
fn docs_sigil_schema_json_is_current() {
    let committed = fs::read_to_string(root().join("docs/sigil.schema.json")).unwrap_or_default();
    assert!(
        committed == sigil(&["schema"]),
        "docs/sigil.schema.json is stale: run `cargo xtask docs` and commit the result"
    );
}

#[test]
fn the_schema_describes_keys_closed_sets_and_names() {
    let (schema, _) = schema_validator();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(schema["additionalProperties"], false);
    let defs = &schema["$defs"];
    for (name, keys) in [
        (
            "Gallery",
            &["name", "permissions", "public-name-prefix"][..],
        ),
        (
            "ImageDefinition",
            &["os-type", "hyper-v-generation", "features", "plan-name"],
        ),
        (
            "ImageVersion",
            &["target-regions", "retired", "replication-mode"],
        ),
        ("Vm", &["image", "authentication-type"]),
    ] {
        assert_eq!(defs[name]["additionalProperties"], false, "{name}");
        for key in keys {
            assert!(
                defs[name]["properties"].get(*key).is_some(),
                "{name} has no `{key}`"
            );
        }
    }
    let os_type = serde_json::to_string(&defs["OsType"]).unwrap();
    assert!(os_type.contains("\"Linux\"") && os_type.contains("\"Windows\""));
    assert_eq!(defs["GalleryName"]["maxLength"], 80);
    assert_eq!(defs["PublicNamePrefix"]["minLength"], 5);
}

#[test]
fn every_example_spec_validates_against_the_schema() {
    let (_, validator) = schema_validator();
    let mut checked = 0;
    for entry in fs::read_dir(root().join("examples")).unwrap() {
        let path = entry.unwrap().path().join("sigil.toml");
        if !path.exists() {
            continue;
        }
        let errors = schema_errors(&validator, &toml_as_json(&path));
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} examples");
}

/// The flags each scenario of `sigil new` cannot do without; the others default.
const SCENARIO_FLAGS: &[(&str, &[&str])] = &[
    ("sig-create", &[]),
    ("sig-image-definition-create", &[]),
    (
        "sig-image-version-create",
        &["--managed-image", MANAGED_IMAGE],
    ),
    ("vm-from-sig", &[]),
    (
        "sig-share",
        &[
            "--assignee",
            "someone@example.com",
            "--assignee-object-id",
            "11111111-2222-3333-4444-555555555555",
        ],
    ),
    (
        "image-factory",
        &[
            "--linux-managed-image",
            MANAGED_IMAGE,
            "--windows-managed-image",
            MANAGED_IMAGE,
            "--assignee-object-id",
            "11111111-2222-3333-4444-555555555555",
        ],
    ),
];

const MANAGED_IMAGE: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-build/providers/Microsoft.Compute/images/golden";

#[test]
fn every_scenario_spec_validates_against_the_schema() {
    let (_, validator) = schema_validator();
    for scenario in sigil_gen::scenario::SCENARIOS {
        let (_, flags) = SCENARIO_FLAGS
            .iter()
            .find(|(id, _)| *id == scenario.id)
            .unwrap_or_else(|| panic!("add scenario `{}` to SCENARIO_FLAGS", scenario.id));
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let mut args = vec!["new", scenario.id, "-o", out.to_str().unwrap()];
        args.extend_from_slice(flags);
        let output = Command::cargo_bin("sigil")
            .unwrap()
            .args(&args)
            .output()
            .unwrap();
        assert!(output.status.success(), "sigil {args:?} failed");
        let errors = schema_errors(&validator, &toml_as_json(&out.join("sigil.toml")));
        assert!(errors.is_empty(), "{}: {errors:#?}", scenario.id);
    }
}

#[test]
fn the_schema_refuses_what_sigil_refuses() {
    let (_, validator) = schema_validator();
    let spec = toml_as_json(&root().join("examples/seed/sigil.toml"));
    assert!(schema_errors(&validator, &spec).is_empty());
    let refused = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut spec = spec.clone();
        edit(&mut spec);
        !schema_errors(&validator, &spec).is_empty()
    };
    assert!(refused(&|spec| spec["unknown-key"] = true.into()));
    assert!(refused(&|spec| spec["gallery"][0]["colour"] = "blue".into()));
    assert!(refused(&|spec| {
        spec["image-definition"][0]["os-type"] = "Solaris".into();
    }));
    assert!(refused(&|spec| {
        spec["image-definition"][0]
            .as_object_mut()
            .unwrap()
            .remove("publisher");
    }));
    assert!(refused(
        &|spec| spec["gallery"][0]["name"] = "g".repeat(81).into()
    ));
    // Values sigil compares without regard to case are accepted in any case.
    assert!(!refused(&|spec| {
        spec["image-definition"][0]["os-type"] = "linux".into();
    }));
}
