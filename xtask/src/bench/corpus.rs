//! The generated corpora: mostly files without gallery resources (source code, JSON, YAML, Markdown, text,
//! some large logs and data files), and gallery resources in every format sigil lint reads, some with bad
//! names. Each size is made from the same seed, so the ordinary files of the 1k corpus are the first thousand of the
//! 10k one; a corpus is made
//! again only when missing or when [`GENERATOR`] or its size changes.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, bail};

use super::{extension_of, mb};

/// Bump when the corpus changes: a corpus made by another version is made again.
pub(super) const GENERATOR: u32 = 2;
const SEED: u64 = 0x5167_11b3_0c0f_fee5;

/// How many files a corpus holds: `files` ordinary ones (some with gallery resources) and, on top, large
/// logs and data files (1 to 6 MB each), about three per thousand as in the original 10k corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Size {
    pub(super) name: &'static str,
    pub(super) files: usize,
    pub(super) large_files: usize,
}

impl Size {
    pub(super) const fn new(name: &'static str, files: usize) -> Size {
        Size {
            name,
            files,
            large_files: files.div_ceil(325),
        }
    }
}

/// What the generator made (kept in the stamp file, so a reused corpus reports the same).
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Corpus {
    pub(super) files: usize,
    pub(super) bytes: u64,
    pub(super) by_extension: BTreeMap<String, ExtensionStats>,
    /// Small files with gallery resources, relative to the corpus, for the pre-commit style run.
    pub(super) small_files: Vec<String>,
}

#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct ExtensionStats {
    pub(super) files: usize,
    pub(super) gallery_files: usize,
    pub(super) bad_files: usize,
}

impl Corpus {
    fn stamp(&self, size: Size) -> String {
        let mut out = format!(
            "sigil bench corpus\ngenerator {GENERATOR}\nseed {SEED:#x}\nsize {} {}\nfiles {}\nbytes {}\n",
            size.files, size.large_files, self.files, self.bytes
        );
        for (extension, stats) in &self.by_extension {
            let _ = writeln!(
                out,
                "extension {extension} {} {} {}",
                stats.files, stats.gallery_files, stats.bad_files
            );
        }
        for file in &self.small_files {
            let _ = writeln!(out, "small {file}");
        }
        out
    }

    /// The corpus a stamp describes, when the current generator wrote it.
    fn from_stamp(stamp: &str, size: Size) -> Option<Corpus> {
        let mut lines = stamp.lines();
        if lines.next()? != "sigil bench corpus"
            || lines.next()? != format!("generator {GENERATOR}")
            || lines.next()? != format!("seed {SEED:#x}")
            || lines.next()? != format!("size {} {}", size.files, size.large_files)
        {
            return None;
        }
        let mut corpus = Corpus {
            files: lines.next()?.strip_prefix("files ")?.parse().ok()?,
            bytes: lines.next()?.strip_prefix("bytes ")?.parse().ok()?,
            ..Corpus::default()
        };
        for line in lines {
            if let Some(file) = line.strip_prefix("small ") {
                corpus.small_files.push(file.to_owned());
            } else {
                let mut words = line.strip_prefix("extension ")?.split(' ');
                let extension = words.next()?.to_owned();
                let mut number = || words.next()?.parse().ok();
                let stats = ExtensionStats {
                    files: number()?,
                    gallery_files: number()?,
                    bad_files: number()?,
                };
                corpus.by_extension.insert(extension, stats);
            }
        }
        Some(corpus)
    }
}

/// The corpus at `dir`, made unless the stamp says the current generator made it.
pub(super) fn ensure_corpus(dir: &Path, stamp: &Path, size: Size) -> anyhow::Result<Corpus> {
    if let Some(corpus) = fs::read_to_string(stamp)
        .ok()
        .as_deref()
        .and_then(|stamp| Corpus::from_stamp(stamp, size))
        && dir.is_dir()
    {
        println!("corpus: {} (generator {GENERATOR}, reused)", dir.display());
        return Ok(corpus);
    }
    println!("corpus: generating {}", dir.display());
    let started = Instant::now();
    let _ = fs::remove_file(stamp);
    if dir.exists() {
        fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    let corpus = generate(dir, size)
        .with_context(|| format!("generating the corpus in {}", dir.display()))?;
    fs::write(stamp, corpus.stamp(size)).with_context(|| format!("writing {}", stamp.display()))?;
    println!(
        "corpus: {} files, {:.1} MB in {:.1} s",
        corpus.files,
        mb(corpus.bytes),
        started.elapsed().as_secs_f64()
    );
    Ok(corpus)
}

/// xorshift64*: deterministic, and enough for choosing words and sizes.
#[derive(Debug)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    #[allow(clippy::cast_possible_truncation)]
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

#[rustfmt::skip]
const WORDS: &[&str] = &[
    "account", "buffer", "cache", "client", "config", "context", "cursor", "data", "debug", "delta", "engine",
    "event", "field", "filter", "frame", "handler", "header", "index", "input", "item", "kernel", "layer",
    "limit", "loader", "logger", "manager", "matrix", "message", "metric", "model", "module", "node",
    "option", "output", "packet", "parser", "path", "pixel", "policy", "pool", "queue", "reader", "record",
    "region", "request", "result", "router", "sample", "schema", "scope", "server", "session", "signal",
    "socket", "source", "state", "stream", "table", "task", "token", "tracker", "update", "user", "value",
    "vector", "window", "worker", "writer",
];

/// The kinds of file in the corpus, with their weight (per 1000 ordinary files).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Rust,
    Python,
    TypeScript,
    Go,
    C,
    JsonConfig,
    Yaml,
    Markdown,
    Text,
    TomlConfig,
    Shell,
    TerraformPlain,
    BicepPlain,
    PowerShellPlain,
    ArmTemplate,
    Bicep,
    Terraform,
    AzScript,
    PowerShell,
    MarkdownFences,
    Spec,
}

const KINDS: &[(Kind, usize)] = &[
    (Kind::Rust, 150),
    (Kind::Python, 120),
    (Kind::TypeScript, 120),
    (Kind::Go, 70),
    (Kind::C, 50),
    (Kind::JsonConfig, 100),
    (Kind::Yaml, 80),
    (Kind::Markdown, 80),
    (Kind::Text, 40),
    (Kind::TomlConfig, 30),
    (Kind::Shell, 40),
    (Kind::TerraformPlain, 25),
    (Kind::BicepPlain, 10),
    (Kind::PowerShellPlain, 20),
    (Kind::ArmTemplate, 20),
    (Kind::Bicep, 8),
    (Kind::Terraform, 10),
    (Kind::AzScript, 10),
    (Kind::PowerShell, 7),
    (Kind::MarkdownFences, 5),
    (Kind::Spec, 5),
];

impl Kind {
    fn choose(rng: &mut Rng) -> Kind {
        let total: usize = KINDS.iter().map(|(_, weight)| weight).sum();
        let mut at = rng.below(total);
        for &(kind, weight) in KINDS {
            if at < weight {
                return kind;
            }
            at -= weight;
        }
        unreachable!("the weights add up to the total")
    }

    /// The folder (under a repository) and file name of the `index`th file.
    fn place(self, rng: &mut Rng, index: usize) -> String {
        let word = rng.pick(WORDS);
        let module = rng.pick(WORDS);
        let sub = rng.below(6);
        match self {
            Kind::Rust => format!("src/{module}/m{sub}/{word}_{index}.rs"),
            Kind::Python => format!("python/{module}/p{sub}/{word}_{index}.py"),
            Kind::TypeScript => format!("web/src/{module}/c{sub}/{word}_{index}.ts"),
            Kind::Go => format!("go/{module}/{word}_{index}.go"),
            Kind::C => format!("native/{module}/{word}_{index}.c"),
            Kind::JsonConfig => format!("config/{module}/{word}_{index}.json"),
            Kind::Yaml => format!("deploy/{module}/{word}_{index}.yaml"),
            Kind::Markdown => format!("docs/{module}/{word}_{index}.md"),
            Kind::Text => format!("notes/{module}/{word}_{index}.txt"),
            Kind::TomlConfig => format!("crates/{module}_{index}/Cargo.toml"),
            Kind::Shell => format!("scripts/{module}/{word}_{index}.sh"),
            Kind::TerraformPlain => format!("terraform/{module}/{word}_{index}.tf"),
            Kind::BicepPlain => format!("bicep/{module}/{word}_{index}.bicep"),
            Kind::PowerShellPlain => format!("ops/{module}/{word}_{index}.ps1"),
            Kind::ArmTemplate => format!("infra/arm/{module}_{index}/azuredeploy.json"),
            Kind::Bicep => format!("infra/bicep/{module}/{word}_{index}.bicep"),
            Kind::Terraform => format!("infra/terraform/{module}_{index}/main.tf"),
            Kind::AzScript => format!("infra/scripts/{word}_{index}.sh"),
            Kind::PowerShell => format!("infra/pwsh/{word}_{index}.ps1"),
            Kind::MarkdownFences => format!("docs/images/{word}_{index}.md"),
            Kind::Spec => format!("images/{module}_{index}/sigil.toml"),
        }
    }
}

/// Line templates per language: `{a}`..`{d}` become words, `{n}` a number.
fn templates(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Rust => &[
            "use crate::{a}::{b}_{c};",
            "    let {a}_{b} = {c}.{d}({n});",
            "    // The {a} keeps the {b} until the {c} is done with {d}.",
            "pub fn {a}_{b}({c}: &mut {d}) -> Result<usize, Error> {",
            "    }",
            "#[derive(Debug, Clone, PartialEq)]",
            "    if {a}.len() > {n} { return Err(Error::{b}); }",
            "        .map(|{a}| {a}.{b}_{c}())",
        ],
        Kind::Python => &[
            "from {a}.{b} import {c}_{d}",
            "    {a}_{b} = self.{c}.{d}({n})",
            "    # The {a} keeps the {b} until the {c} is done.",
            "def {a}_{b}(self, {c}, {d}={n}):",
            "        return [{a} for {a} in {b} if {a}.{c}]",
            "class {a}{b}({c}):",
        ],
        Kind::TypeScript => &[
            "import { {a}{b} } from './{c}/{d}';",
            "  const {a}{b} = await this.{c}.{d}({n});",
            "  // The {a} keeps the {b} until the {c} is done.",
            "export function {a}{b}({c}: {d}): number {",
            "  }",
            "    return {a}.filter(({b}) => {b}.{c} > {n});",
        ],
        Kind::Go => &[
            "\t{a}{b} := {c}.{d}({n})",
            "// {a} keeps the {b} until the {c} is done.",
            "func ({a} *{b}) {c}{d}(n int) error {",
            "\tif err != nil { return fmt.Errorf(\"{a}: %w\", err) }",
            "}",
        ],
        Kind::C => &[
            "static int {a}_{b}(struct {c} *{d}, size_t n) {",
            "    {a}->{b} = {c}_{d}({n});",
            "    /* The {a} keeps the {b} until the {c} is done. */",
            "    if ({a} == NULL) return -{n};",
            "}",
        ],
        Kind::JsonConfig => &[
            "  \"{a}_{b}\": \"{c}-{d}\",",
            "  \"{a}{b}\": {n},",
            "  \"{a}\": { \"{b}\": true, \"{c}\": \"{d}\" },",
        ],
        Kind::Yaml => &[
            "{a}_{b}:",
            "  {a}: {b}-{c}",
            "  - name: {a}-{b}",
            "    {c}: {n}",
            "# {a} {b} {c} {d}",
        ],
        Kind::Markdown | Kind::Text => &[
            "The {a} keeps the {b} until the {c} is done with the {d}.",
            "## The {a} {b}",
            "",
            "- {a}: the {b} of each {c} ({n} at most)",
            "Every {a} writes its {b} to the {c}; see `{d}_{n}`.",
        ],
        Kind::TomlConfig => &[
            "{a}-{b} = \"{n}.{n}\"",
            "{a} = { version = \"{n}\", features = [\"{b}\"] }",
            "[{a}]",
        ],
        Kind::Shell => &[
            "{a}_{b}=\"$HOME/{c}/{d}\"",
            "echo \"{a} {b} {c}\" >&2",
            "az vm create --resource-group rg-{a} --name vm-{b}-{n} --image Ubuntu2204",
            "az storage account create --name st{a}{n} --resource-group rg-{b}",
            "if [ -z \"${a}\" ]; then exit {n}; fi",
        ],
        Kind::TerraformPlain => &[
            "resource \"azurerm_linux_virtual_machine\" \"{a}_{n}\" {",
            "  name                = \"vm-{a}-{b}\"",
            "  resource_group_name = azurerm_resource_group.{c}.name",
            "  source_image_id     = data.azurerm_image.{d}.id",
            "}",
            "# {a} {b} {c}",
        ],
        Kind::BicepPlain => &[
            "resource st{a}{n} 'Microsoft.Storage/storageAccounts@2023-01-01' = {",
            "  name: 'st{a}{b}'",
            "  location: location",
            "}",
            "param {a}{b} string = '{c}'",
        ],
        Kind::PowerShellPlain => &[
            "New-AzVM -ResourceGroupName 'rg-{a}' -Name 'vm-{b}-{n}' -Image Ubuntu2204",
            "${a}{b} = Get-AzResource -Name '{c}'",
            "Write-Verbose \"{a} {b} {c}\"",
            "# The {a} keeps the {b}.",
        ],
        _ => &[],
    }
}

/// A few hundred lines of a kind, from which its files are assembled.
fn line_pool(rng: &mut Rng, kind: Kind) -> Vec<String> {
    let templates = templates(kind);
    (0..256)
        .map(|_| {
            let template = templates[rng.below(templates.len())];
            let mut line = template.to_owned();
            for slot in ["{a}", "{b}", "{c}", "{d}"] {
                line = line.replace(slot, rng.pick(WORDS));
            }
            line.replace("{n}", &rng.below(1000).to_string())
        })
        .collect()
}

fn fill(out: &mut String, rng: &mut Rng, pool: &[String], size: usize) {
    while out.len() < size {
        out.push_str(&pool[rng.below(pool.len())]);
        out.push('\n');
    }
}

/// A size for an ordinary file: mostly a few kilobytes, one in twelve several times larger.
fn ordinary_size(rng: &mut Rng) -> usize {
    let size = 400 + rng.below(16_000);
    if rng.chance(8) { size * 5 } else { size }
}

/// The names of one file's gallery resources, some bad.
#[derive(Debug)]
struct Names {
    gallery: String,
    definition: String,
    publisher: &'static str,
    offer: &'static str,
    sku: String,
    /// Whether a name above breaks a rule.
    bad: bool,
}

impl Names {
    fn new(rng: &mut Rng, index: usize) -> Names {
        let team = rng.pick(WORDS);
        let mut bad = false;
        let gallery = if rng.chance(15) {
            bad = true;
            format!("{team}-images-{index}")
        } else {
            format!("{team}Images{index}")
        };
        let os = rng.pick(&["ubuntu", "windows", "rhel", "debian"]);
        let definition = if rng.chance(10) {
            bad = true;
            format!("{os} server {index}")
        } else {
            format!("{os}-server-{index}")
        };
        Names {
            gallery,
            definition,
            publisher: rng.pick(&["contoso", "fabrikam", "northwind"]),
            offer: os,
            sku: format!("{}-gen2", 20 + rng.below(6)),
            bad,
        }
    }
}

/// The text of a file with gallery resources, and whether a name in it is bad.
fn gallery_file(kind: Kind, rng: &mut Rng, index: usize) -> (String, bool) {
    let names = Names::new(rng, index);
    let Names {
        gallery,
        definition,
        publisher,
        offer,
        sku,
        bad,
    } = &names;
    let text = match kind {
        Kind::ArmTemplate => {
            let mut padding = String::new();
            for storage in 0..rng.below(12) {
                let _ = write!(
                    padding,
                    ",\n    {{\n      \"type\": \"Microsoft.Storage/storageAccounts\",\n      \"apiVersion\": \"2023-01-01\",\n      \"name\": \"st{}{storage}{index}\",\n      \"location\": \"[parameters('location')]\",\n      \"sku\": {{ \"name\": \"Standard_LRS\" }},\n      \"kind\": \"StorageV2\",\n      \"properties\": {{ \"minimumTlsVersion\": \"TLS1_2\", \"supportsHttpsTrafficOnly\": true }}\n    }}",
                    rng.pick(WORDS)
                );
            }
            format!(
                r#"{{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {{
    "location": {{ "type": "string", "defaultValue": "[resourceGroup().location]" }}
  }},
  "resources": [
    {{
      "type": "Microsoft.Compute/galleries",
      "apiVersion": "2023-07-03",
      "name": "{gallery}",
      "location": "[parameters('location')]",
      "properties": {{ "description": "Images of the {publisher} {offer} team" }}
    }},
    {{
      "type": "Microsoft.Compute/galleries/images",
      "apiVersion": "2023-07-03",
      "name": "{gallery}/{definition}",
      "location": "[parameters('location')]",
      "dependsOn": [ "[resourceId('Microsoft.Compute/galleries', '{gallery}')]" ],
      "properties": {{
        "osType": "Linux",
        "osState": "Generalized",
        "hyperVGeneration": "V2",
        "identifier": {{ "publisher": "{publisher}", "offer": "{offer}", "sku": "{sku}" }}
      }}
    }}{padding}
  ]
}}
"#
            )
        }
        Kind::Bicep => format!(
            "param location string = resourceGroup().location\n\n\
             resource gallery 'Microsoft.Compute/galleries@2023-07-03' = {{\n  name: '{gallery}'\n  location: location\n}}\n\n\
             resource definition 'Microsoft.Compute/galleries/images@2023-07-03' = {{\n  parent: gallery\n  name: '{definition}'\n  location: location\n  properties: {{\n    osType: 'Linux'\n    osState: 'Generalized'\n    hyperVGeneration: 'V2'\n    identifier: {{\n      publisher: '{publisher}'\n      offer: '{offer}'\n      sku: '{sku}'\n    }}\n  }}\n}}\n"
        ),
        Kind::Terraform => format!(
            "resource \"azurerm_resource_group\" \"rg\" {{\n  name     = \"rg-{offer}-{index}\"\n  location = \"eastus\"\n}}\n\n\
             resource \"azurerm_shared_image_gallery\" \"gallery\" {{\n  name                = \"{gallery}\"\n  resource_group_name = azurerm_resource_group.rg.name\n  location            = azurerm_resource_group.rg.location\n}}\n\n\
             resource \"azurerm_shared_image\" \"definition\" {{\n  name                = \"{definition}\"\n  gallery_name        = azurerm_shared_image_gallery.gallery.name\n  resource_group_name = azurerm_resource_group.rg.name\n  location            = azurerm_resource_group.rg.location\n  os_type             = \"Linux\"\n  hyper_v_generation  = \"V2\"\n\n  identifier {{\n    publisher = \"{publisher}\"\n    offer     = \"{offer}\"\n    sku       = \"{sku}\"\n  }}\n}}\n"
        ),
        Kind::AzScript => format!(
            "#!/usr/bin/env bash\nset -euo pipefail\nrg=rg-{offer}-{index}\naz group create --name \"$rg\" --location eastus\n\
             az sig create --resource-group \"$rg\" --gallery-name '{gallery}'\n\
             az sig image-definition create --resource-group \"$rg\" --gallery-name '{gallery}' \\\n  --gallery-image-definition '{definition}' --publisher {publisher} --offer {offer} --sku {sku} \\\n  --os-type Linux --os-state generalized --hyper-v-generation V2\n"
        ),
        Kind::PowerShell => format!(
            "$rg = 'rg-{offer}-{index}'\nNew-AzResourceGroup -Name $rg -Location 'eastus'\n\
             New-AzGallery -ResourceGroupName $rg -Name '{gallery}' -Location 'eastus'\n\
             New-AzGalleryImageDefinition -ResourceGroupName $rg -GalleryName '{gallery}' -Name '{definition}' `\n  -Location 'eastus' -Publisher '{publisher}' -Offer '{offer}' -Sku '{sku}' -OsState Generalized -OsType Linux\n"
        ),
        Kind::MarkdownFences => format!(
            "# Images of the {offer} team\n\nCreate the gallery and the image definition:\n\n```bash\n\
             az sig create --resource-group rg-{offer} --gallery-name '{gallery}'\n\
             az sig image-definition create --resource-group rg-{offer} --gallery-name '{gallery}' --gallery-image-definition '{definition}' --publisher {publisher} --offer {offer} --sku {sku} --os-type Linux --os-state generalized\n```\n\n\
             Or with Az PowerShell:\n\n```powershell\nNew-AzGallery -ResourceGroupName 'rg-{offer}' -Name '{gallery}' -Location 'eastus'\n```\n"
        ),
        Kind::Spec => format!(
            "[resource-group]\nname = \"rg-{offer}-{index}\"\nlocation = \"eastus\"\n\n[[gallery]]\nname = \"{gallery}\"\n\n\
             [[image-definition]]\ngallery = \"{gallery}\"\nname = \"{definition}\"\npublisher = \"{publisher}\"\noffer = \"{offer}\"\nsku = \"{sku}\"\nos-type = \"Linux\"\nos-state = \"Generalized\"\n"
        ),
        _ => unreachable!("{kind:?} holds no gallery resource"),
    };
    (text, *bad)
}

/// A large file: a log, a data dump, a minified bundle.
fn large_file(rng: &mut Rng, index: usize, pools: &[(Kind, Vec<String>)]) -> (String, String) {
    let size = 1_000_000 + rng.below(5_000_000);
    let (path, pool_kind) = match index % 4 {
        0 => (format!("logs/build_{index}.log"), Kind::Text),
        1 => (
            format!("data/{}_{index}.json", rng.pick(WORDS)),
            Kind::JsonConfig,
        ),
        2 => (format!("web/dist/bundle_{index}.js"), Kind::TypeScript),
        _ => (format!("data/{}_{index}.csv", rng.pick(WORDS)), Kind::Yaml),
    };
    let pool = &pools
        .iter()
        .find(|(kind, _)| *kind == pool_kind)
        .expect("every ordinary kind has a pool")
        .1;
    let json = pool_kind == Kind::JsonConfig;
    let mut text = String::with_capacity(size + 200);
    if json {
        text.push_str("{\n");
    }
    fill(&mut text, rng, pool, size);
    if json {
        text.push_str("  \"end\": 0\n}\n");
    }
    (path, text)
}

fn generate(dir: &Path, size: Size) -> anyhow::Result<Corpus> {
    let mut rng = Rng(SEED);
    let pools: Vec<(Kind, Vec<String>)> = KINDS
        .iter()
        .filter(|(kind, _)| !templates(*kind).is_empty())
        .map(|&(kind, _)| (kind, line_pool(&mut rng, kind)))
        .collect();
    let mut corpus = Corpus::default();
    let write = |corpus: &mut Corpus, path: &str, text: &str, bad: Option<bool>| {
        let full = dir.join(path);
        if let Some(parent) = full.parent() {
            fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        fs::write(&full, text).with_context(|| format!("writing {}", full.display()))?;
        corpus.files += 1;
        corpus.bytes += text.len() as u64;
        let stats = corpus
            .by_extension
            .entry(extension_of(Path::new(path)))
            .or_default();
        stats.files += 1;
        if let Some(bad) = bad {
            stats.gallery_files += 1;
            stats.bad_files += usize::from(bad);
        }
        anyhow::Ok(())
    };

    for index in 0..size.files {
        let kind = Kind::choose(&mut rng);
        // Forty repositories side by side, each with its own tree.
        let path = format!("repo{:02}/{}", rng.below(40), kind.place(&mut rng, index));
        if let Some((_, pool)) = pools.iter().find(|(pooled, _)| *pooled == kind) {
            let mut text = String::new();
            if kind == Kind::JsonConfig {
                text.push_str("{\n");
            }
            let size = ordinary_size(&mut rng);
            fill(&mut text, &mut rng, pool, size);
            if kind == Kind::JsonConfig {
                text.push_str("  \"end\": 0\n}\n");
            }
            write(&mut corpus, &path, &text, None)?;
        } else {
            let (text, bad) = gallery_file(kind, &mut rng, index);
            // One small file of each gallery format, for the pre-commit style run.
            let extension = extension_of(Path::new(&path));
            if corpus.small_files.len() < 5
                && !corpus
                    .small_files
                    .iter()
                    .any(|file| extension_of(Path::new(file)) == extension)
            {
                corpus.small_files.push(path.clone());
            }
            write(&mut corpus, &path, &text, Some(bad))?;
        }
    }
    for index in 0..size.large_files {
        let (path, text) = large_file(&mut rng, index, &pools);
        write(&mut corpus, &path, &text, None)?;
    }
    if corpus.small_files.len() < 5 {
        bail!("the corpus has fewer than five gallery formats");
    }
    Ok(corpus)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_reads_back_as_the_corpus_it_describes() {
        let size = Size::new("test", 3);
        let mut corpus = Corpus {
            files: 3,
            bytes: 1234,
            small_files: vec!["repo00/infra/a.sh".to_owned()],
            ..Corpus::default()
        };
        corpus.by_extension.insert(
            "sh".to_owned(),
            ExtensionStats {
                files: 2,
                gallery_files: 1,
                bad_files: 1,
            },
        );
        assert_eq!(Corpus::from_stamp(&corpus.stamp(size), size), Some(corpus));
        assert_eq!(
            Corpus::from_stamp(&Corpus::default().stamp(size), Size::new("other", 4)),
            None
        );
        assert_eq!(
            Corpus::from_stamp("sigil bench corpus\ngenerator 0\n", size),
            None
        );
    }
}
