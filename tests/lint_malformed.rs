//! `sigil lint` on malformed files of every format it reads: cut short, not UTF-8, binary, 100 MB, and
//! nested 10,000 levels deep. Each is linted beside a good spec with a bad name, and whatever the file,
//! the run must not panic or overflow its stack, must report the file at a line and column (in `human`
//! and `json`), and must still report the good file's finding.
//!
//! Every sample is a small valid file whose gallery is named `bad-gallery`, so a malformed file that still
//! parses has a finding all the same. Two exceptions are pinned: a `.json` that does not parse is not known
//! to be a spec, so a broken JSON spec is not reported; and scripts (shell, PowerShell, Markdown fences)
//! read noise as words, so random text in one may have nothing to report. The 100 MB files are generated
//! into a temporary folder, never kept, and linted in one run.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// A format sigil lints, as a small valid file and the ways to break it.
struct Sample {
    /// The file's name; its folder is the format's label.
    name: &'static str,
    /// A valid file with a gallery named `bad-gallery`, whose first line can be followed by padding.
    text: &'static str,
    /// Where the file is cut: in the middle of this text, inside a resource.
    cut: &'static str,
    /// The description of the valid file, written in its syntax.
    description: &'static str,
    /// Lines that change nothing, repeated after the first line to make the file 100 MB.
    padding: &'static str,
    /// The file with something nested `depth` levels deep where its syntax nests.
    nested: fn(usize) -> String,
    /// What makes the format's reader take a file (with its name), put in a binary file.
    marker: &'static str,
    /// A file written beside it: the template of a parameters file.
    beside: Option<(&'static str, &'static str)>,
    /// A script language (shell, PowerShell, their Markdown fences), which reads noise as words.
    script: bool,
    /// A `.json` that does not parse is not known to be a spec (`sigil_lint::spec`: "any other JSON is
    /// not sigil's"), so a broken JSON spec is not reported. When that changes, this test says so.
    broken_is_silent: bool,
}

const ARM: &str = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "resources": [
    {
      "type": "Microsoft.Compute/galleries",
      "apiVersion": "2022-03-03",
      "name": "bad-gallery",
      "location": "westus",
      "properties": { "description": DESCRIPTION }
    }
  ]
}
"#;

/// The template a parameters file goes with: its gallery named by a parameter, whose default is good.
const PARAMETERS_TEMPLATE: &str = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "parameters": { "galleryName": { "type": "string", "defaultValue": "goodGallery" } },
  "resources": [{ "type": "Microsoft.Compute/galleries", "name": "[parameters('galleryName')]" }]
}
"#;

const PARAMETERS: &str = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "parameters": {
    "galleryName": { "value": "bad-gallery" },
    "description": { "value": DESCRIPTION }
  }
}
"#;

const TOML_SPEC: &str = r#"[[gallery]]
name = "bad-gallery"
description = DESCRIPTION
"#;

const JSON_SPEC: &str = r#"{
  "gallery": [
    { "name": "bad-gallery", "description": DESCRIPTION }
  ]
}
"#;

const TERRAFORM: &str = r#"resource "azurerm_shared_image_gallery" "bad" {
  name                = "bad-gallery"
  resource_group_name = "rg-images"
  location            = "westus"
  description         = DESCRIPTION
}
"#;

const BICEP: &str = r"resource gallery 'Microsoft.Compute/galleries@2023-07-03' = {
  name: 'bad-gallery'
  location: 'westus'
  properties: {
    description: DESCRIPTION
  }
}
";

const AZ: &str = r"#!/usr/bin/env bash
az sig create --resource-group rg-images \
  --gallery-name bad-gallery \
  --description DESCRIPTION
";

const POWERSHELL: &str = "# Az PowerShell
New-AzGallery -ResourceGroupName rg-images -Name 'bad-gallery' `
   -Location westus -Description DESCRIPTION
";

const MARKDOWN: &str = "# Images

The gallery:

```azurecli
az sig create --resource-group rg-images --gallery-name bad-gallery --description DESCRIPTION
```
";

/// `open` `depth` times, `inner`, `close` `depth` times.
fn nest(open: &str, inner: &str, close: &str, depth: usize) -> String {
    format!("{}{inner}{}", open.repeat(depth), close.repeat(depth))
}

#[allow(clippy::too_many_lines, reason = "a table, one entry per format")]
fn samples() -> Vec<(&'static str, Sample)> {
    vec![
        (
            "arm",
            Sample {
                name: "azuredeploy.json",
                text: ARM,
                cut: r#""apiVersion": "2022-03-03""#,
                description: r#""Golden images""#,
                padding: "                                                                    \n",
                nested: |depth| ARM.replace("DESCRIPTION", &nest("[", r#""x""#, "]", depth)),
                marker: "deploymentTemplate Microsoft.Compute/galleries",
                beside: None,
                script: false,
                broken_is_silent: false,
            },
        ),
        (
            "parameters",
            Sample {
                name: "azuredeploy.parameters.json",
                text: PARAMETERS,
                cut: r#""value": "bad-gallery""#,
                description: r#""Golden images""#,
                padding: "                                                                    \n",
                nested: |depth| {
                    PARAMETERS.replace("DESCRIPTION", &nest(r#"{"a": "#, "1", "}", depth))
                },
                marker: "deploymentParameters",
                beside: Some(("azuredeploy.json", PARAMETERS_TEMPLATE)),
                script: false,
                broken_is_silent: false,
            },
        ),
        (
            "toml-spec",
            Sample {
                name: "sigil.toml",
                text: TOML_SPEC,
                cut: r#"name = "bad-gallery""#,
                description: r#""Golden images""#,
                padding: "# A comment that pads the file, and changes nothing in it at all.\n",
                nested: |depth| TOML_SPEC.replace("DESCRIPTION", &nest("[", "1", "]", depth)),
                marker: "[[gallery]]",
                beside: None,
                script: false,
                broken_is_silent: false,
            },
        ),
        (
            "json-spec",
            Sample {
                name: "spec.json",
                text: JSON_SPEC,
                cut: r#""name": "bad-gallery""#,
                description: r#""Golden images""#,
                padding: "                                                                    \n",
                nested: |depth| JSON_SPEC.replace("DESCRIPTION", &nest("[", "1", "]", depth)),
                marker: "\"gallery\"",
                beside: None,
                script: false,
                broken_is_silent: true,
            },
        ),
        (
            "terraform",
            Sample {
                name: "main.tf",
                text: TERRAFORM,
                cut: r#"resource_group_name = "rg-images""#,
                description: r#""Golden images""#,
                padding: "  # A comment that pads the file, and changes nothing in it at all.\n",
                nested: |depth| TERRAFORM.replace("DESCRIPTION", &nest("(", r#""x""#, ")", depth)),
                marker: "azurerm_shared_image",
                beside: None,
                script: false,
                broken_is_silent: false,
            },
        ),
        (
            "bicep",
            Sample {
                name: "main.bicep",
                text: BICEP,
                cut: "location: 'westus'",
                description: "'Golden images'",
                padding: "  // A comment that pads the file, and changes nothing in it at all.\n",
                nested: |depth| BICEP.replace("DESCRIPTION", &nest("(", "'x'", ")", depth)),
                marker: "Microsoft.Compute/galleries",
                beside: None,
                script: false,
                broken_is_silent: false,
            },
        ),
        (
            "az",
            Sample {
                name: "deploy.sh",
                text: AZ,
                cut: r#""Golden images""#,
                description: r#""Golden images""#,
                padding: "# A comment that pads the file, and changes nothing in it at all.\n",
                nested: |depth| {
                    AZ.replace(
                        "DESCRIPTION",
                        &format!("\"{}\"", nest("$(echo ", "x", ")", depth)),
                    )
                },
                marker: "az sig create",
                beside: None,
                script: true,
                broken_is_silent: false,
            },
        ),
        (
            "powershell",
            Sample {
                name: "deploy.ps1",
                text: POWERSHELL,
                cut: "'Golden images'",
                description: "'Golden images'",
                padding: "# A comment that pads the file, and changes nothing in it at all.\n",
                nested: |depth| POWERSHELL.replace("DESCRIPTION", &nest("(", "'x'", ")", depth)),
                marker: "New-AzGallery",
                beside: None,
                script: true,
                broken_is_silent: false,
            },
        ),
        (
            "markdown",
            Sample {
                name: "README.md",
                text: MARKDOWN,
                cut: "'Golden images'",
                description: "'Golden images'",
                padding: "A paragraph that pads the page, and changes nothing in it at all.\n\n",
                // Blockquotes, 10,000 deep, around the whole page.
                nested: |depth| {
                    let quote = "> ".repeat(depth);
                    let mut page = String::new();
                    for line in MARKDOWN.replace("DESCRIPTION", "'x'").lines() {
                        page.push_str(&quote);
                        page.push_str(line);
                        page.push('\n');
                    }
                    page
                },
                marker: "```azurecli\naz sig create",
                beside: None,
                script: true,
                broken_is_silent: false,
            },
        ),
    ]
}

impl Sample {
    /// The valid file: its description filled in.
    fn valid(&self) -> String {
        self.text.replace("DESCRIPTION", self.description)
    }

    /// The valid file cut in the middle of [`Sample::cut`].
    fn truncated(&self) -> Vec<u8> {
        let text = self.valid();
        let at = text.find(self.cut).expect("the cut is in the file") + self.cut.len() / 2;
        text.as_bytes()[..at].to_vec()
    }

    /// The valid file with bytes that are not UTF-8 right after the gallery's name.
    fn not_utf8(&self) -> Vec<u8> {
        let text = self.valid();
        let at = text.find("bad-gallery").unwrap() + "bad-gallery".len();
        let mut bytes = text.as_bytes()[..at].to_vec();
        bytes.extend_from_slice(&[0xFF, 0xFE, 0x00, 0xC3]);
        bytes.extend_from_slice(&text.as_bytes()[at..]);
        bytes
    }
}

/// A generator of reproducible noise (xorshift64).
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// 4 KiB of random bytes and runs of NULs, with `marker` in the middle.
fn binary(seed: u64, marker: &str) -> Vec<u8> {
    let mut noise = Noise(seed);
    let mut bytes: Vec<u8> = (0..4096)
        .map(|_| match noise.next() % 4 {
            0 => 0,
            _ => noise.next().to_le_bytes()[0],
        })
        .collect();
    bytes.splice(2048..2048, format!("\0{marker}\0").into_bytes());
    bytes
}

/// 4 KiB of random characters (NULs, controls, punctuation, letters of any script) with `marker` in the
/// middle: binary-looking, but UTF-8, so the reader parses it.
fn binary_text(seed: u64, marker: &str) -> Vec<u8> {
    let mut noise = Noise(seed);
    let mut text: String = (0..4096)
        .map(|_| {
            let pick = noise.next();
            match pick % 5 {
                0 => '\0',
                1 => char::from(u8::try_from(pick % 32).unwrap()),
                2 => char::from(u8::try_from(33 + pick % 94).unwrap()),
                _ => char::from_u32(u32::try_from(pick % 0x3_0000).unwrap()).unwrap_or('\u{fffd}'),
            }
        })
        .collect();
    let middle = text.char_indices().nth(2048).unwrap().0;
    text.insert_str(middle, &format!("\0{marker}\0"));
    text.into_bytes()
}

/// What one run printed.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn lint(folder: &Path, format: &str, paths: &[&str]) -> Run {
    let output = Command::cargo_bin("sigil")
        .expect("the sigil binary is built")
        .current_dir(folder)
        .args(["lint", "--format", format])
        .args(paths)
        .output()
        .unwrap();
    Run {
        // A process killed by a signal (a stack overflow aborts) has no code.
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// The good file linted in every run, and where its finding is.
const GOOD: (&str, &str) = ("good/sigil.toml", "[[gallery]]\nname = \"my-gallery\"\n");
const GOOD_FINDING: (&str, u64, u64, &str) = ("good/sigil.toml", 2, 8, "SIG102");

fn write(folder: &Path, path: &str, bytes: &[u8]) {
    let path = folder.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// The output formats that name a finding's place, both checked on every malformed file.
const BOTH: &[&str] = &["json", "human"];

/// A finding as `json` gives it: path, line, column, rule.
type Finding = (String, u64, u64, String);

/// The findings `human` shows: each `error[ID]: ...` (or `warning[ID]`) header and the ` --> path:line:col`
/// line under it.
fn human_findings(stdout: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut rule = None;
    for line in stdout.lines() {
        if let Some(header) = line
            .strip_prefix("error[")
            .or_else(|| line.strip_prefix("warning["))
        {
            rule = header.split_once(']').map(|(id, _)| id.to_owned());
        } else if let Some(place) = line.trim_start().strip_prefix("--> ") {
            let mut parts = place.rsplitn(3, ':');
            let (Some(column), Some(line), Some(path)) = (parts.next(), parts.next(), parts.next())
            else {
                panic!("` --> path:line:col`: {place}");
            };
            findings.push((
                path.to_owned(),
                line.parse().unwrap(),
                column.parse().unwrap(),
                rule.take().expect("a header above ` --> `"),
            ));
        }
    }
    findings
}

/// Lints `paths` and the good file in each of `formats` (`json`, `human`), checks what every run must
/// hold (no panic, the good file's finding, the same findings in each format), and returns the findings.
fn lint_checked(folder: &Path, paths: &[&str], formats: &[&str], case: &str) -> Vec<Finding> {
    let mut all = vec![GOOD.0];
    all.extend_from_slice(paths);
    let mut seen: Option<Vec<Finding>> = None;
    for &format in formats {
        let run = lint(folder, format, &all);
        assert!(
            run.code == 1 || run.code == 2,
            "{case}, {format}: exit {} (101 is a panic, -1 a signal)\n{}",
            run.code,
            run.stderr
        );
        assert!(
            !run.stderr.contains("panicked") && !run.stderr.contains("overflow"),
            "{case}, {format}: {}",
            run.stderr
        );
        let mut findings = match format {
            "json" => {
                let parsed: Value = serde_json::from_str(&run.stdout)
                    .unwrap_or_else(|error| panic!("{case}: json: {error}\n{}", run.stdout));
                parsed
                    .as_array()
                    .expect("an array of findings")
                    .iter()
                    .map(|finding| {
                        (
                            finding["path"].as_str().unwrap().to_owned(),
                            finding["line"].as_u64().unwrap(),
                            finding["column"].as_u64().unwrap(),
                            finding["rule"].as_str().unwrap().to_owned(),
                        )
                    })
                    .collect()
            }
            "human" => human_findings(&run.stdout),
            other => unreachable!("{other}"),
        };
        findings.sort();
        let (path, line, column, rule) = GOOD_FINDING;
        assert!(
            findings.contains(&(path.to_owned(), line, column, rule.to_owned())),
            "{case}, {format}: the good file's finding is reported: {findings:?}"
        );
        if let Some(seen) = &seen {
            assert_eq!(&findings, seen, "{case}: {format} and {formats:?}[0] agree");
        }
        seen = Some(findings);
    }
    seen.expect("a format")
}

/// The findings in `path`, each at a line and column (both from 1).
fn located_in<'f>(findings: &'f [Finding], path: &str) -> Vec<&'f Finding> {
    let found: Vec<_> = findings.iter().filter(|f| f.0 == path).collect();
    for (_, line, column, _) in &found {
        assert!(*line >= 1 && *column >= 1, "{path}: {found:?}");
    }
    found
}

/// What a run must say of a broken file.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// A finding of this rule (of any rule for `None`), at a line and column.
    Reported(Option<&'static str>),
    /// Nothing: the reader does not take the file as its own ([`Sample::broken_is_silent`]).
    Silent,
    /// A finding or nothing: a script reads noise as words, and a command without readable flags has
    /// nothing to check.
    Either,
}

/// Lints each sample broken by `break_it`, alone beside the good file, and checks what `expect` says of it.
fn each_sample_broken(
    case: &str,
    break_it: impl Fn(&Sample) -> Vec<u8>,
    expect: impl Fn(&Sample) -> Expect,
) {
    for (label, sample) in samples() {
        let folder = tempfile::tempdir().unwrap();
        write(folder.path(), GOOD.0, GOOD.1.as_bytes());
        if let Some((name, text)) = sample.beside {
            write(folder.path(), &format!("{label}/{name}"), text.as_bytes());
        }
        let path = format!("{label}/{}", sample.name);
        write(folder.path(), &path, &break_it(&sample));
        let case = format!("{case} {label}");
        let findings = lint_checked(folder.path(), &[&path], BOTH, &case);
        let found = located_in(&findings, &path);
        match expect(&sample) {
            Expect::Reported(rule) => {
                assert!(
                    !found.is_empty(),
                    "{case}: the file is reported: {findings:?}"
                );
                if let Some(rule) = rule {
                    assert!(
                        found.iter().any(|finding| finding.3 == rule),
                        "{case}: {rule} in {found:?}"
                    );
                }
            }
            Expect::Silent => assert!(found.is_empty(), "{case}: {found:?}"),
            Expect::Either => {}
        }
    }
}

/// What a run must say of a file that no longer parses.
fn syntax_error(sample: &Sample) -> Expect {
    if sample.broken_is_silent {
        Expect::Silent
    } else {
        Expect::Reported(Some("SIG000"))
    }
}

#[test]
fn a_file_cut_in_the_middle_of_a_resource_is_reported_not_a_panic() {
    each_sample_broken("cut short", Sample::truncated, syntax_error);
}

#[test]
fn a_file_that_is_not_utf8_is_reported_where_it_stops_being_text() {
    let mut checked = 0;
    for (label, sample) in samples() {
        let folder = tempfile::tempdir().unwrap();
        write(folder.path(), GOOD.0, GOOD.1.as_bytes());
        if let Some((name, text)) = sample.beside {
            write(folder.path(), &format!("{label}/{name}"), text.as_bytes());
        }
        let path = format!("{label}/{}", sample.name);
        let bytes = sample.not_utf8();
        write(folder.path(), &path, &bytes);
        let findings = lint_checked(folder.path(), &[&path], BOTH, &format!("not UTF-8 {label}"));
        // Right after the name, which is ASCII: line and column count bytes.
        let valid = &bytes[..bytes.iter().position(|&b| b == 0xFF).unwrap()];
        let valid = std::str::from_utf8(valid).unwrap();
        let line = 1 + valid.matches('\n').count() as u64;
        let column = 1 + valid.len() - valid.rfind('\n').map_or(0, |newline| newline + 1);
        let column = column as u64;
        assert_eq!(
            located_in(&findings, &path),
            [&(path.clone(), line, column, "SIG000".to_owned())],
            "{label}"
        );
        checked += 1;
    }
    assert_eq!(checked, samples().len());
}

#[test]
fn a_binary_file_with_markers_is_reported_not_a_panic() {
    each_sample_broken(
        "binary",
        |sample| binary(0x5EED, sample.marker),
        // Not UTF-8: reported before any reader sees it.
        |_| Expect::Reported(Some("SIG000")),
    );
}

#[test]
fn a_binary_looking_text_file_with_markers_is_parsed_without_a_panic() {
    for seed in [1, 2, 3] {
        each_sample_broken(
            &format!("binary text (seed {seed})"),
            |sample| binary_text(seed, sample.marker),
            |sample| {
                if sample.script {
                    Expect::Either
                } else {
                    syntax_error(sample)
                }
            },
        );
    }
}

#[test]
fn nesting_10000_levels_deep_is_reported_not_a_stack_overflow() {
    each_sample_broken(
        "nested 10,000 deep",
        |sample| (sample.nested)(10_000).into_bytes(),
        // Refused as too deep (SIG000), or read and the bad name found (SIG102).
        |sample| match syntax_error(sample) {
            Expect::Reported(_) => Expect::Reported(None),
            other => other,
        },
    );
}

/// A file of 100 MB of each format, linted in one run. That run is `human` only, the format that shows each
/// finding's source line (out of the 100 MB text): in a debug build each run over 700 MB takes some 20 s;
/// `json` is checked against `human` on every other malformed file.
#[test]
fn files_of_100_mb_are_read_in_one_run() {
    const SIZE: usize = 100 << 20;
    let folder = tempfile::tempdir().unwrap();
    write(folder.path(), GOOD.0, GOOD.1.as_bytes());
    let mut expected = Vec::new();
    let mut paths = Vec::new();
    for (label, sample) in samples() {
        if let Some((name, text)) = sample.beside {
            write(folder.path(), &format!("{label}/{name}"), text.as_bytes());
        }
        // The valid file with its first line followed by padding lines.
        let text = sample.valid();
        let (first, rest) = text.split_at(text.find('\n').unwrap() + 1);
        let lines = SIZE / sample.padding.len() + 1;
        let big = [first, &sample.padding.repeat(lines), rest].concat();
        assert!(big.len() >= SIZE);
        // The bad name, after the padding: reported there, at the name or its opening quote.
        let at = rest.find("bad-gallery").unwrap();
        let line =
            2 + rest[..at].matches('\n').count() + lines * sample.padding.matches('\n').count();
        let column = 1 + rest[..at].len() - rest[..at].rfind('\n').map_or(0, |newline| newline + 1);
        let path = format!("{label}/{}", sample.name);
        write(folder.path(), &path, big.as_bytes());
        expected.push((path.clone(), line as u64, column as u64));
        paths.push(path);
    }
    let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    let findings = lint_checked(folder.path(), &paths, &["human"], "100 MB");
    for (path, line, column) in expected {
        let found = located_in(&findings, &path);
        assert!(
            found.iter().any(|(_, at_line, at_column, rule)| {
                rule == "SIG102" && *at_line == line && (column - 1..=column).contains(at_column)
            }),
            "{path}: SIG102 at {line}:{column} in {found:?}"
        );
    }
}
