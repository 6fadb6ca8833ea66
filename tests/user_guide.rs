//! The user guide, `docs/README.md`, links a page for every subcommand `sigil --help` lists, and the page
//! exists: a new command without a page fails here.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

/// The subcommands `sigil --help` lists under `Commands:` (`help` aside; hidden ones are not listed).
fn subcommands() -> Vec<String> {
    let output = Command::cargo_bin("sigil")
        .unwrap()
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    help.lines()
        .skip_while(|line| line.trim() != "Commands:")
        .skip(1)
        .take_while(|line| !line.trim().is_empty())
        .filter(|line| line.starts_with("  ") && !line.starts_with("    "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_subcommand_has_a_page_linked_from_the_guide() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let index = fs::read_to_string(docs.join("README.md")).unwrap();
    let commands = subcommands();
    assert!(
        commands.len() >= 10,
        "too few subcommands parsed: {commands:?}"
    );
    for command in commands {
        let row = index
            .lines()
            .find(|line| line.starts_with(&format!("| `sigil {command}` |")))
            .unwrap_or_else(|| {
                panic!("docs/README.md has no row for `sigil {command}`: add a page and link it")
            });
        let page = row
            .split("](")
            .nth(1)
            .and_then(|rest| rest.split([')', '#']).next())
            .unwrap_or_else(|| panic!("the row of `sigil {command}` links no page: {row}"));
        let path = docs.join(page);
        let text = fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("`sigil {command}` links {page}, which does not exist"));
        assert!(
            text.contains(&format!("sigil {command}")),
            "{page} does not mention `sigil {command}`"
        );
    }
}

#[test]
fn every_link_of_the_guide_resolves() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let index = fs::read_to_string(docs.join("README.md")).unwrap();
    for target in index.split("](").skip(1) {
        let target = target.split(')').next().unwrap();
        let file = target.split('#').next().unwrap();
        if file.is_empty() || file.starts_with("http") {
            continue;
        }
        assert!(
            docs.join(file).exists(),
            "docs/README.md links {target}, which does not exist"
        );
    }
}
