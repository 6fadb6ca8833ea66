//! Values several resources share: regions, end-of-life dates, tags, and references between resources.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::Offset;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::names::{GalleryName, ImageDefinitionName, ImageVersionName};
use crate::names::NameError;

/// Resource tags, kept sorted so that every output lists them in the same order.
pub type Tags = BTreeMap<String, String>;

/// An Azure region, normalised the way Azure Resource Manager compares them: `West US` is `westus`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Region(String);

impl Region {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Text that cannot be a region name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("region `{0}` is not a region name such as `eastus` or `West Europe`")]
pub struct RegionError(pub String);

impl FromStr for Region {
    type Err = RegionError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let normalised = crate::regions::normalise(text);
        if normalised.is_empty() || !normalised.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(RegionError(text.to_owned()));
        }
        Ok(Region(normalised))
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Region {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Region {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// An end-of-life date, always a full UTC date-time: the az CLI turns a bare date into `T12:59:59Z`, so
/// a bare date in the spec becomes midnight UTC, written out in full in every output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EndOfLife(Timestamp);

impl EndOfLife {
    pub fn timestamp(self) -> Timestamp {
        self.0
    }

    /// The UTC calendar day.
    pub fn date(self) -> Date {
        Offset::UTC.to_datetime(self.0).date()
    }

    /// Whether the date is still ahead on `today` (a date of today counts as past: the service wants a
    /// future date at the moment of deployment).
    pub fn is_after(self, today: Date) -> bool {
        self.date() > today
    }
}

/// Text that is neither an RFC 3339 date-time nor a calendar date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "end-of-life date `{0}` is not a date-time such as `2031-12-31T00:00:00Z` or a date such as `2031-12-31`"
)]
pub struct DateError(pub String);

impl FromStr for EndOfLife {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if let Ok(timestamp) = text.parse::<Timestamp>() {
            return Ok(EndOfLife(timestamp));
        }
        let date: Date = text.parse().map_err(|_| DateError(text.to_owned()))?;
        let midnight = date.to_datetime(jiff::civil::Time::midnight());
        Offset::UTC
            .to_timestamp(midnight)
            .map(EndOfLife)
            .map_err(|_| DateError(text.to_owned()))
    }
}

impl fmt::Display for EndOfLife {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = Offset::UTC.to_datetime(self.0);
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            at.year(),
            at.month(),
            at.day(),
            at.hour(),
            at.minute(),
            at.second()
        )
    }
}

impl Serialize for EndOfLife {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for EndOfLife {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// A gallery resource named by path, `GALLERY`, `GALLERY/DEFINITION` or `GALLERY/DEFINITION/VERSION`:
/// the scope of a role assignment.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ResourcePath {
    Gallery(GalleryName),
    ImageDefinition(GalleryName, ImageDefinitionName),
    ImageVersion(GalleryName, ImageDefinitionName, ImageVersionName),
}

impl ResourcePath {
    pub fn gallery(&self) -> &GalleryName {
        match self {
            ResourcePath::Gallery(gallery)
            | ResourcePath::ImageDefinition(gallery, _)
            | ResourcePath::ImageVersion(gallery, _, _) => gallery,
        }
    }
}

/// A path that is not one to three valid names separated by `/`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    #[error("`{0}` is not GALLERY, GALLERY/DEFINITION or GALLERY/DEFINITION/VERSION")]
    Shape(String),
    #[error(transparent)]
    Name(#[from] NameError),
}

impl FromStr for ResourcePath {
    type Err = PathError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let parts: Vec<&str> = text.split('/').collect();
        Ok(match parts.as_slice() {
            [gallery] => ResourcePath::Gallery(gallery.parse()?),
            [gallery, definition] => {
                ResourcePath::ImageDefinition(gallery.parse()?, definition.parse()?)
            }
            [gallery, definition, version] => {
                ResourcePath::ImageVersion(gallery.parse()?, definition.parse()?, version.parse()?)
            }
            _ => return Err(PathError::Shape(text.to_owned())),
        })
    }
}

impl fmt::Display for ResourcePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResourcePath::Gallery(gallery) => write!(f, "{gallery}"),
            ResourcePath::ImageDefinition(gallery, definition) => {
                write!(f, "{gallery}/{definition}")
            }
            ResourcePath::ImageVersion(gallery, definition, version) => {
                write!(f, "{gallery}/{definition}/{version}")
            }
        }
    }
}

/// The image a VM is created from: a definition's `latest` version, or a pinned version.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ImageReference {
    pub gallery: GalleryName,
    pub image_definition: ImageDefinitionName,
    /// `None` is `latest`: the highest version not excluded from latest.
    pub version: Option<ImageVersionName>,
}

/// Text that is not `GALLERY/DEFINITION`, `GALLERY/DEFINITION/latest` or `GALLERY/DEFINITION/VERSION`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageReferenceError {
    #[error("image `{0}` is not GALLERY/DEFINITION (for latest) or GALLERY/DEFINITION/VERSION")]
    Shape(String),
    #[error(transparent)]
    Name(#[from] NameError),
}

impl FromStr for ImageReference {
    type Err = ImageReferenceError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let parts: Vec<&str> = text.split('/').collect();
        let (gallery, definition, version) = match parts.as_slice() {
            [gallery, definition] => (gallery, definition, None),
            [gallery, definition, version] => (gallery, definition, Some(*version)),
            _ => return Err(ImageReferenceError::Shape(text.to_owned())),
        };
        let version = match version {
            None => None,
            Some(latest) if latest.eq_ignore_ascii_case("latest") => None,
            Some(version) => Some(version.parse()?),
        };
        Ok(ImageReference {
            gallery: gallery.parse()?,
            image_definition: definition.parse()?,
            version,
        })
    }
}

impl fmt::Display for ImageReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.gallery, self.image_definition)?;
        if let Some(version) = &self.version {
            write!(f, "/{version}")?;
        }
        Ok(())
    }
}

macro_rules! serde_via_str {
    ($($name:ty),+) => {$(
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer)?.parse().map_err(serde::de::Error::custom)
            }
        }
    )+};
}

serde_via_str!(ResourcePath, ImageReference);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_compare_normalised() {
        assert_eq!("West US".parse::<Region>(), "westus".parse::<Region>());
        assert!("west-us".parse::<Region>().is_err());
        assert!("".parse::<Region>().is_err());
    }

    #[test]
    fn end_of_life_dates_are_full_utc_date_times() {
        let bare: EndOfLife = "2031-12-31".parse().unwrap();
        assert_eq!(bare.to_string(), "2031-12-31T00:00:00Z");
        let full: EndOfLife = "2031-12-31T00:00:00Z".parse().unwrap();
        assert_eq!(bare, full);
        let offset: EndOfLife = "2032-01-01T01:00:00+02:00".parse().unwrap();
        assert_eq!(offset.to_string(), "2031-12-31T23:00:00Z");
        assert!("31/12/2031".parse::<EndOfLife>().is_err());
        let today = Date::constant(2031, 12, 31);
        assert!(!full.is_after(today));
        assert!(full.is_after(Date::constant(2031, 12, 30)));
    }

    #[test]
    fn resource_paths_hold_only_valid_names() {
        let path: ResourcePath = "myGallery/myImage/1.0.0".parse().unwrap();
        assert_eq!(path.to_string(), "myGallery/myImage/1.0.0");
        assert!(matches!(
            "my-gallery".parse::<ResourcePath>(),
            Err(PathError::Name(_))
        ));
        assert!(matches!(
            "a/b/1.0.0/x".parse::<ResourcePath>(),
            Err(PathError::Shape(_))
        ));
    }

    #[test]
    fn image_references_treat_latest_as_a_reference() {
        let latest: ImageReference = "g/d/latest".parse().unwrap();
        assert_eq!(latest.version, None);
        assert_eq!(latest.to_string(), "g/d");
        let pinned: ImageReference = "g/d/1.2.3".parse().unwrap();
        assert_eq!(pinned.to_string(), "g/d/1.2.3");
        assert!("g".parse::<ImageReference>().is_err());
    }
}
