//! The byte search that decides whether a file can hold a gallery resource at all, before anything parses
//! it: a linter run over a repository reads thousands of files that never mention a gallery, and finding
//! that out must cost no more than a search. One Aho-Corasick automaton looks for every marker at once,
//! ignoring ASCII case (Resource Manager compares types without regard to case), and the search stops as
//! soon as every marker is found.
//!
//! A format's reader is only run on a file whose markers [`crate::detect`] finds; a marker found by
//! accident only costs a parse.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// What a marker tells about a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Marker {
    /// `Microsoft.Compute/galleries`: the type of every gallery resource, in templates and resource ids.
    GalleryType = 1,
    /// `deploymentTemplate`: an ARM template's `$schema`.
    TemplateSchema = 2,
    /// `deploymentParameters`: an ARM parameters file's `$schema`.
    ParametersSchema = 4,
    /// `[[gallery]]` and the other table arrays of a TOML spec.
    SpecTable = 8,
    /// `"gallery"` and the other top-level keys of a JSON spec.
    SpecKey = 16,
    /// `azurerm_shared_image` (also the start of `azurerm_shared_image_gallery` and
    /// `azurerm_shared_image_version`) and `azurerm_gallery_application`: Terraform's gallery resources.
    Terraform = 32,
    /// `az sig`: an Azure CLI gallery command (written with one space: `az  sig` is not found).
    AzSig = 64,
    /// `-AzGallery`: the noun of every Az PowerShell gallery cmdlet (`New-AzGallery`,
    /// `Get-AzGalleryImageVersion`...).
    GalleryCmdlet = 128,
}

/// Each marker's texts. A new reader adds its markers here with its own [`Marker`]; the bits of the `u8`
/// are all taken, so the next marker widens it to `u16`.
const PATTERNS: &[(&str, Marker)] = &[
    ("Microsoft.Compute/galleries", Marker::GalleryType),
    ("deploymentTemplate", Marker::TemplateSchema),
    ("deploymentParameters", Marker::ParametersSchema),
    ("[[gallery]]", Marker::SpecTable),
    ("[[image-definition]]", Marker::SpecTable),
    ("[[image-version]]", Marker::SpecTable),
    ("[[application]]", Marker::SpecTable),
    ("[[application-version]]", Marker::SpecTable),
    ("\"gallery\"", Marker::SpecKey),
    ("\"image-definition\"", Marker::SpecKey),
    ("\"image-version\"", Marker::SpecKey),
    ("\"application\"", Marker::SpecKey),
    ("\"application-version\"", Marker::SpecKey),
    ("azurerm_shared_image", Marker::Terraform),
    ("azurerm_gallery_application", Marker::Terraform),
    ("az sig", Marker::AzSig),
    ("-AzGallery", Marker::GalleryCmdlet),
];

static SEARCHER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(PATTERNS.iter().map(|(pattern, _)| pattern))
        .expect("the markers are a handful of short texts")
});

/// The markers found in a file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Markers(u8);

impl Markers {
    pub fn has(self, marker: Marker) -> bool {
        self.0 & marker as u8 != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    fn all() -> u8 {
        PATTERNS
            .iter()
            .fold(0, |all, (_, marker)| all | *marker as u8)
    }
}

/// Every marker in `bytes`.
pub fn scan(bytes: &[u8]) -> Markers {
    let all = Markers::all();
    let mut found = 0;
    for hit in SEARCHER.find_iter(bytes) {
        found |= PATTERNS[hit.pattern().as_usize()].1 as u8;
        if found == all {
            break;
        }
    }
    Markers(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_found_in_any_case() {
        let found = scan(br#"{"type": "microsoft.compute/GALLERIES/images"}"#);
        assert!(found.has(Marker::GalleryType));
        assert!(!found.has(Marker::TemplateSchema));
        let found = scan(b"[[image-version]]\nname = \"1.0.0\"\n");
        assert!(found.has(Marker::SpecTable));
        assert!(!found.has(Marker::GalleryType));
    }

    #[test]
    fn gallery_cmdlets_are_found_in_any_case() {
        assert!(scan(b"NEW-AZGALLERYIMAGEVERSION -Name 1.0.0").has(Marker::GalleryCmdlet));
        assert!(scan(b"remove-azgallery -Name g").has(Marker::GalleryCmdlet));
        assert!(!scan(b"New-AzVM -Name vm").has(Marker::GalleryCmdlet));
    }

    #[test]
    fn a_file_without_markers_has_none() {
        assert!(scan(b"fn main() { println!(\"Microsoft.Compute/virtualMachines\"); }").is_empty());
        assert!(scan(b"").is_empty());
        assert!(scan(&[0xff, 0xfe, 0x00]).is_empty());
    }
}
