//! sigil's own Bicep, generated for every example, linted clean: the Bicep reader reads what sigil writes.

use assert_cmd::Command;

#[test]
fn the_generated_bicep_of_every_example_lints_clean() {
    let folder = tempfile::tempdir().unwrap();
    let mut examples: Vec<_> = std::fs::read_dir("examples")
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.join("sigil.toml").is_file())
        .collect();
    examples.sort();
    assert!(!examples.is_empty());
    for example in examples {
        let spec = example.join("sigil.toml");
        let generated = Command::cargo_bin("sigil")
            .unwrap()
            .args(["generate", spec.to_str().unwrap(), "--format", "bicep"])
            .output()
            .unwrap();
        assert!(generated.status.success(), "{}", example.display());
        let bicep = folder.path().join(format!(
            "{}.bicep",
            example.file_name().unwrap().to_str().unwrap()
        ));
        std::fs::write(&bicep, &generated.stdout).unwrap();
        let linted = Command::cargo_bin("sigil")
            .unwrap()
            .args(["lint", "--format", "concise", bicep.to_str().unwrap()])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&linted.stdout);
        assert_eq!(
            linted.status.code(),
            Some(0),
            "{}:\n{stdout}{}",
            example.display(),
            String::from_utf8_lossy(&linted.stderr)
        );
        assert!(
            !stdout.contains("error["),
            "{}:\n{stdout}",
            example.display()
        );
    }
}
