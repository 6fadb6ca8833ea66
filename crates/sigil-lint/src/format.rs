//! Which reader a file needs: by its name first (a file no reader takes is never opened), then by the
//! markers in its bytes.

use std::path::Path;

use crate::prefilter::{self, Marker};

/// The formats sigil lints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// An ARM template with gallery resources: JSON with a `deploymentTemplate` `$schema`.
    ArmTemplate,
    /// An ARM parameters file (`*.parameters.json`, or a `deploymentParameters` `$schema`), read against
    /// the template beside it.
    ArmParameters,
    /// A sigil spec: TOML with sigil's table arrays, or JSON of the same shape.
    Spec,
    /// A Terraform configuration (`*.tf`) with `azurerm` gallery resources.
    Terraform,
    /// A Bicep file (`*.bicep`) with `Microsoft.Compute/galleries` resources.
    Bicep,
    /// A Bicep parameters file (`*.bicepparam`), read against the Bicep file its `using` names.
    BicepParameters,
    /// An Azure CLI script (`*.sh`, `*.bash`, `*.azcli`) with `az sig` commands.
    AzScript,
    /// An Az PowerShell script (`*.ps1`, `*.psm1`) with gallery cmdlets (`New-AzGallery`...).
    PowerShell,
    /// A Markdown page (`*.md`, `*.markdown`) whose fenced code blocks hold `az sig` commands or gallery
    /// cmdlets.
    Markdown,
}

/// What a file's name says it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Json,
    Toml,
    /// HCL: Terraform's `.tf`.
    Hcl,
    /// Bicep's `.bicep`.
    Bicep,
    /// Bicep's parameters files, `.bicepparam`.
    BicepParameters,
    /// A shell script: `.sh`, `.bash`, `.azcli`.
    Shell,
    /// PowerShell: `.ps1`, `.psm1`.
    PowerShell,
    /// Markdown: `.md`, `.markdown`.
    Markdown,
}

/// Every file name extension a reader takes (compared ignoring case), and the syntax it says. The
/// pre-commit hook's `files:` pattern lists the same extensions (a test holds them together).
pub const EXTENSIONS: &[(&str, Syntax)] = &[
    ("json", Syntax::Json),
    ("jsonc", Syntax::Json),
    ("toml", Syntax::Toml),
    ("tf", Syntax::Hcl),
    ("bicep", Syntax::Bicep),
    ("bicepparam", Syntax::BicepParameters),
    ("sh", Syntax::Shell),
    ("bash", Syntax::Shell),
    ("azcli", Syntax::Shell),
    ("ps1", Syntax::PowerShell),
    ("psm1", Syntax::PowerShell),
    ("md", Syntax::Markdown),
    ("markdown", Syntax::Markdown),
];

impl Format {
    /// The syntax of the formats a file with this name may hold ([`EXTENSIONS`]); `None` for a name no
    /// reader takes.
    pub fn of_name(path: &Path) -> Option<Syntax> {
        let extension = path.extension()?.to_str()?;
        EXTENSIONS
            .iter()
            .find(|(known, _)| extension.eq_ignore_ascii_case(known))
            .map(|(_, syntax)| *syntax)
    }
}

/// Whether `path` is named as a parameters file: `azuredeploy.parameters.json`, `main.parameters.dev.json`.
pub(crate) fn is_parameters_name(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| name.to_ascii_lowercase().contains(".parameters."))
}

/// The format of a file, from its name and the markers in its bytes; `None` when it cannot hold a gallery
/// resource, in which case it is not parsed.
pub fn detect(path: &Path, bytes: &[u8]) -> Option<Format> {
    let syntax = Format::of_name(path)?;
    let markers = prefilter::scan(bytes);
    match syntax {
        Syntax::Toml => markers.has(Marker::SpecTable).then_some(Format::Spec),
        Syntax::Hcl => markers.has(Marker::Terraform).then_some(Format::Terraform),
        Syntax::Bicep => markers.has(Marker::GalleryType).then_some(Format::Bicep),
        // Known by name, as `*.parameters.json` are: the resources its values name are in another file.
        Syntax::BicepParameters => Some(Format::BicepParameters),
        Syntax::Shell => markers.has(Marker::AzSig).then_some(Format::AzScript),
        Syntax::PowerShell => markers
            .has(Marker::GalleryCmdlet)
            .then_some(Format::PowerShell),
        Syntax::Markdown => (markers.has(Marker::AzSig) || markers.has(Marker::GalleryCmdlet))
            .then_some(Format::Markdown),
        Syntax::Json if markers.has(Marker::ParametersSchema) || is_parameters_name(path) => {
            Some(Format::ArmParameters)
        }
        Syntax::Json if markers.has(Marker::TemplateSchema) => markers
            .has(Marker::GalleryType)
            .then_some(Format::ArmTemplate),
        Syntax::Json => markers.has(Marker::SpecKey).then_some(Format::Spec),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMA: &str =
        "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";

    #[test]
    fn templates_need_their_schema_and_a_gallery_type() {
        let template = format!(
            r#"{{"$schema": "{SCHEMA}", "resources": [{{"type": "Microsoft.Compute/galleries"}}]}}"#
        );
        assert_eq!(
            detect(Path::new("a.json"), template.as_bytes()),
            Some(Format::ArmTemplate)
        );
        assert_eq!(
            detect(Path::new("a.JSONC"), template.as_bytes()),
            Some(Format::ArmTemplate)
        );
        let other = format!(
            r#"{{"$schema": "{SCHEMA}", "resources": [{{"type": "Microsoft.Network/virtualNetworks"}}]}}"#
        );
        assert_eq!(detect(Path::new("a.json"), other.as_bytes()), None);
        // The same text in a file no reader takes is not looked at.
        assert_eq!(detect(Path::new("a.txt"), template.as_bytes()), None);
    }

    #[test]
    fn parameters_files_are_known_by_name_or_schema() {
        assert_eq!(
            detect(Path::new("azuredeploy.parameters.json"), b"{}"),
            Some(Format::ArmParameters)
        );
        let text = br#"{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#"}"#;
        assert_eq!(
            detect(Path::new("values.json"), text),
            Some(Format::ArmParameters)
        );
    }

    #[test]
    fn scripts_are_known_by_their_az_sig_commands() {
        let text = b"az sig create -g rg -r myGallery\n";
        assert_eq!(detect(Path::new("deploy.sh"), text), Some(Format::AzScript));
        assert_eq!(detect(Path::new("a.BASH"), text), Some(Format::AzScript));
        assert_eq!(detect(Path::new("a.azcli"), text), Some(Format::AzScript));
        assert_eq!(detect(Path::new("deploy.sh"), b"az vm create -n x\n"), None);
    }

    #[test]
    fn powershell_scripts_are_known_by_their_gallery_cmdlets() {
        let text = b"$g = new-azgallery -GalleryName myGallery\n";
        assert_eq!(
            detect(Path::new("deploy.ps1"), text),
            Some(Format::PowerShell)
        );
        assert_eq!(
            detect(Path::new("Gallery.PSM1"), text),
            Some(Format::PowerShell)
        );
        assert_eq!(
            detect(Path::new("deploy.ps1"), b"New-AzVM -Name vm\n"),
            None
        );
        // A PowerShell file is not read for `az sig`, nor a shell script for cmdlets.
        assert_eq!(
            detect(Path::new("deploy.ps1"), b"az sig create -r g\n"),
            None
        );
        assert_eq!(detect(Path::new("deploy.sh"), text), None);
    }

    #[test]
    fn markdown_pages_are_known_by_either_marker() {
        let cli = b"```azurecli\naz sig create -g rg -r g\n```\n";
        let ps = b"```azurepowershell\nGet-AzGallery -Name g\n```\n";
        assert_eq!(detect(Path::new("README.md"), cli), Some(Format::Markdown));
        assert_eq!(
            detect(Path::new("howto.MARKDOWN"), ps),
            Some(Format::Markdown)
        );
        assert_eq!(detect(Path::new("README.md"), b"# Notes\n"), None);
        assert_eq!(Format::of_name(Path::new("notes.txt")), None);
    }

    #[test]
    fn specs_are_known_by_their_tables_or_keys() {
        assert_eq!(
            detect(Path::new("sigil.toml"), b"[[gallery]]\nname = \"g\"\n"),
            Some(Format::Spec)
        );
        assert_eq!(
            detect(Path::new("Cargo.toml"), b"[package]\nname = \"x\"\n"),
            None
        );
        assert_eq!(
            detect(Path::new("spec.json"), br#"{"gallery": []}"#),
            Some(Format::Spec)
        );
        assert_eq!(detect(Path::new("package.json"), br#"{"name": "x"}"#), None);
    }

    #[test]
    fn terraform_is_known_by_its_gallery_resources() {
        let text = b"resource \"azurerm_shared_image\" \"x\" {}\n";
        assert_eq!(detect(Path::new("main.tf"), text), Some(Format::Terraform));
        let app = b"resource \"azurerm_gallery_application_version\" \"x\" {}\n";
        assert_eq!(detect(Path::new("apps.TF"), app), Some(Format::Terraform));
        let other = b"resource \"azurerm_resource_group\" \"rg\" {}\n";
        assert_eq!(detect(Path::new("main.tf"), other), None);
        assert_eq!(detect(Path::new("main.tfvars"), text), None);
    }

    #[test]
    fn bicep_is_known_by_its_gallery_type() {
        let text = b"resource g 'Microsoft.Compute/galleries@2023-07-03' = {}\n";
        assert_eq!(detect(Path::new("main.bicep"), text), Some(Format::Bicep));
        let other = b"resource s 'Microsoft.Storage/storageAccounts@2023-01-01' = {}\n";
        assert_eq!(detect(Path::new("main.bicep"), other), None);
    }

    #[test]
    fn bicep_parameters_files_are_known_by_name() {
        let text = b"using './main.bicep'\nparam galleryName = 'g'\n";
        assert_eq!(
            detect(Path::new("main.BICEPPARAM"), text),
            Some(Format::BicepParameters)
        );
        assert_eq!(detect(Path::new("main.bicep"), text), None);
    }
}
