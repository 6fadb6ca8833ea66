//! Validated names: a value of these types always passes the strict rules of its kind (or, built with
//! `parse(.., Mode::Lenient)` for a resource that already exists, the lenient ones).

use crate::ValidatedName;
use crate::names::NameKind;

/// The name of a gallery (`Microsoft.Compute/galleries`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, ValidatedName)]
#[name(rule = NameKind::Gallery)]
pub struct GalleryName(String);

/// The name of an image definition (`galleries/images`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, ValidatedName)]
#[name(rule = NameKind::ImageDefinition)]
pub struct ImageDefinitionName(String);

/// The name of an image version: Major.Minor.Patch.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, ValidatedName)]
#[name(rule = NameKind::ImageVersion)]
pub struct ImageVersionName(String);

/// The name of a gallery application (`galleries/applications`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, ValidatedName)]
#[name(rule = NameKind::Application)]
pub struct ApplicationName(String);

/// The name of a gallery application version: Major.Minor.Patch.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, ValidatedName)]
#[name(rule = NameKind::ApplicationVersion)]
pub struct ApplicationVersionName(String);

/// The name of a gallery script (`galleries/scripts`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, ValidatedName)]
#[name(rule = NameKind::Script)]
pub struct ScriptName(String);

/// The name of a gallery script version: Major.Minor.Patch.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, ValidatedName)]
#[name(rule = NameKind::ScriptVersion)]
pub struct ScriptVersionName(String);

/// The publisher of an image definition's identifier.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, ValidatedName)]
#[name(rule = NameKind::Publisher)]
pub struct Publisher(String);

/// The offer of an image definition's identifier.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, ValidatedName)]
#[name(rule = NameKind::Offer)]
pub struct Offer(String);

/// The SKU of an image definition's identifier.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, ValidatedName)]
#[name(rule = NameKind::Sku)]
pub struct Sku(String);

/// The prefix of a community gallery's public name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, ValidatedName)]
#[name(rule = NameKind::PublicNamePrefix)]
pub struct PublicNamePrefix(String);

impl ImageVersionName {
    /// The numeric Major, Minor and Patch, which order versions for `latest`.
    pub fn numbers(&self) -> [u32; 3] {
        let mut numbers = [0; 3];
        for (slot, segment) in numbers.iter_mut().zip(self.as_str().split('.')) {
            *slot = segment
                .parse()
                .expect("a valid version has three int32 segments");
        }
        numbers
    }
}
