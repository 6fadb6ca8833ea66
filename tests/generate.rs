//! `sigil generate` end to end: what it writes, what it refuses, and what it never overwrites.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

const EXAMPLES: [&str; 6] = [
    "seed",
    "windows-trusted-launch",
    "linux-arm64",
    "specialized-vm",
    "existing-gallery",
    "vm-other-group",
];
const OUTPUTS: [&str; 7] = [
    "azuredeploy.json",
    "azuredeploy.parameters.json",
    "main.bicep",
    "deploy.sh",
    "deploy.ps1",
    "README.md",
    "metadata.json",
];

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
        .join("sigil.toml")
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn sigil(args: &[&str]) -> Run {
    let output = Command::cargo_bin("sigil")
        .unwrap()
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .args(args)
        .output()
        .unwrap();
    Run {
        code: output.status.code().expect("sigil exits"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

fn generate(spec: &Path, dir: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "generate",
        spec.to_str().unwrap(),
        "-o",
        dir.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    sigil(&args)
}

#[test]
fn every_example_generates_every_output() {
    for name in EXAMPLES {
        let dir = tempfile::tempdir().unwrap();
        let run = generate(&example(name), dir.path(), &[]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        for output in OUTPUTS {
            let text = fs::read_to_string(dir.path().join(output)).unwrap();
            assert!(!text.is_empty(), "{name}/{output} is empty");
        }
        assert!(run.stderr.contains("created"), "{}", run.stderr);
    }
}

#[test]
fn the_same_spec_gives_the_same_bytes() {
    let (first, second) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    generate(&example("windows-trusted-launch"), first.path(), &[]);
    generate(&example("windows-trusted-launch"), second.path(), &[]);
    for output in OUTPUTS {
        let a = fs::read(first.path().join(output)).unwrap();
        let b = fs::read(second.path().join(output)).unwrap();
        assert!(a == b, "{output} differs between two runs");
    }
    let metadata = fs::read_to_string(first.path().join("metadata.json")).unwrap();
    assert!(
        metadata.contains("\"dateUpdated\": \"2026-01-01\""),
        "{metadata}"
    );
}

#[test]
fn format_prints_what_the_folder_holds() {
    let dir = tempfile::tempdir().unwrap();
    generate(&example("linux-arm64"), dir.path(), &[]);
    let spec = example("linux-arm64");
    for (format, output) in [
        ("arm", "azuredeploy.json"),
        ("bicep", "main.bicep"),
        ("az", "deploy.sh"),
        ("pwsh", "deploy.ps1"),
    ] {
        let run = sigil(&["generate", spec.to_str().unwrap(), "--format", format]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(
            run.stdout,
            fs::read_to_string(dir.path().join(output)).unwrap(),
            "{format}"
        );
    }
}

#[test]
fn a_vm_in_another_group_gets_its_bicep_module_beside_main_bicep() {
    let dir = tempfile::tempdir().unwrap();
    let spec = example("vm-other-group");
    let run = generate(&spec, dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let main = fs::read_to_string(dir.path().join("main.bicep")).unwrap();
    for module in ["modules/vm.bicep", "modules/vm2.bicep"] {
        let path = dir.path().join(module);
        assert!(path.is_file(), "{module}: {}", run.stderr);
        assert!(
            main.contains(&format!("'{module}'")),
            "{module} is what main.bicep uses"
        );
    }
    let manifest = fs::read_to_string(dir.path().join(".sigil-manifest.json")).unwrap();
    assert!(manifest.contains("\"modules/vm2.bicep\""), "{manifest}");
    let again = generate(&spec, dir.path(), &[]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(!again.stderr.contains("created"), "{}", again.stderr);

    // Standard output holds main.bicep alone, and says which modules only the folder has.
    let printed = sigil(&["generate", spec.to_str().unwrap(), "--format", "bicep"]);
    assert_eq!(printed.code, 0, "{}", printed.stderr);
    assert_eq!(printed.stdout, main);
    assert!(
        printed.stderr.contains("modules/vm.bicep") && printed.stderr.contains("-o DIR"),
        "{}",
        printed.stderr
    );
}

#[test]
fn regenerating_replaces_own_files_and_keeps_edited_ones() {
    let dir = tempfile::tempdir().unwrap();
    let spec = example("seed");
    assert_eq!(generate(&spec, dir.path(), &[]).code, 0);
    let again = generate(&spec, dir.path(), &[]);
    assert_eq!(again.code, 0);
    assert!(
        again.stderr.contains("unchanged") && !again.stderr.contains("created"),
        "{}",
        again.stderr
    );

    let edited = dir.path().join("deploy.sh");
    fs::write(&edited, "# mine\n").unwrap();
    let kept = generate(&spec, dir.path(), &[]);
    assert_eq!(kept.code, 1, "{}", kept.stderr);
    assert!(
        kept.stderr.contains("kept deploy.sh") && kept.stderr.contains("--force"),
        "{}",
        kept.stderr
    );
    assert_eq!(fs::read_to_string(&edited).unwrap(), "# mine\n");

    let forced = generate(&spec, dir.path(), &["--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert_ne!(fs::read_to_string(&edited).unwrap(), "# mine\n");
}

#[test]
fn a_file_sigil_did_not_write_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("README.md"), "# our own readme\n").unwrap();
    let run = generate(&example("seed"), dir.path(), &[]);
    assert_eq!(run.code, 1);
    assert_eq!(
        fs::read_to_string(dir.path().join("README.md")).unwrap(),
        "# our own readme\n"
    );
    assert!(dir.path().join("azuredeploy.json").exists());
}

#[test]
fn a_spec_with_errors_writes_nothing_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("sigil.toml");
    fs::write(&spec, "[resource-group]\nname = \"rg\"\nlocation = \"eastus\"\n\n[[gallery]]\nname = \"my-gallery\"\n").unwrap();
    let out = dir.path().join("out");
    let run = generate(&spec, &out, &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("sigil.toml:6:8: error[SIG102]"),
        "{}",
        run.stderr
    );
    assert!(
        !out.exists(),
        "nothing may be written for a spec with errors"
    );
}

#[test]
fn unreadable_or_unparsable_input_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.toml");
    assert_eq!(generate(&missing, &dir.path().join("out"), &[]).code, 2);
    let broken = dir.path().join("broken.toml");
    fs::write(&broken, "[[gallery]\nname = \n").unwrap();
    let run = generate(&broken, &dir.path().join("out"), &[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("SIG000"), "{}", run.stderr);
}

#[test]
fn generate_needs_a_destination() {
    let run = sigil(&["generate", example("seed").to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--output") || run.stderr.contains("-o"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_seed_script_holds_the_documented_commands() {
    let run = sigil(&[
        "generate",
        example("seed").to_str().unwrap(),
        "--format",
        "az",
    ]);
    let joined = run.stdout.replace(" \\\n  ", " ");
    for command in [
        "az group create --name myGalleryRG --location eastus",
        "az sig create --resource-group myGalleryRG --gallery-name myGallery",
        "az sig image-definition create --resource-group myGalleryRG --gallery-name myGallery \
         --gallery-image-definition myImageDefinition --publisher myPublisher --offer myOffer --sku 16.04-LTS \
         --os-type Linux --os-state specialized",
    ] {
        assert!(
            joined.contains(command),
            "deploy.sh lacks `{command}`:\n{joined}"
        );
    }
    let run = sigil(&[
        "generate",
        example("seed").to_str().unwrap(),
        "--format",
        "pwsh",
    ]);
    for cmdlet in [
        "New-AzResourceGroup",
        "New-AzGallery",
        "New-AzGalleryImageDefinition",
        "New-AzRoleAssignment",
    ] {
        assert!(run.stdout.contains(cmdlet), "deploy.ps1 lacks {cmdlet}");
    }
}

#[test]
fn teardown_writes_the_teardown_scripts_only_when_asked_and_format_prints_them() {
    let spec = example("linux-arm64");
    let plain = tempfile::tempdir().unwrap();
    assert_eq!(generate(&spec, plain.path(), &[]).code, 0);
    assert!(!plain.path().join("teardown.sh").exists());
    assert!(!plain.path().join("teardown.ps1").exists());

    let dir = tempfile::tempdir().unwrap();
    let run = generate(&spec, dir.path(), &["--teardown"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for output in OUTPUTS {
        assert!(dir.path().join(output).is_file(), "{output}");
    }
    let manifest = fs::read_to_string(dir.path().join(".sigil-manifest.json")).unwrap();
    for (format, output) in [
        ("teardown-az", "teardown.sh"),
        ("teardown-pwsh", "teardown.ps1"),
    ] {
        assert!(run.stderr.contains(output), "{}", run.stderr);
        assert!(manifest.contains(output), "{manifest}");
        let printed = sigil(&["generate", spec.to_str().unwrap(), "--format", format]);
        assert_eq!(printed.code, 0, "{}", printed.stderr);
        assert_eq!(
            printed.stdout,
            fs::read_to_string(dir.path().join(output)).unwrap(),
            "{format}"
        );
    }

    // An edited teardown script is kept, as any edited output.
    fs::write(dir.path().join("teardown.sh"), "# mine\n").unwrap();
    let again = generate(&spec, dir.path(), &["--teardown"]);
    assert_eq!(again.code, 1, "{}", again.stderr);
    assert_eq!(
        fs::read_to_string(dir.path().join("teardown.sh")).unwrap(),
        "# mine\n"
    );
}
