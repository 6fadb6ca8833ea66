//! A gallery (`Microsoft.Compute/galleries`).

use serde::{Deserialize, Serialize};

use crate::Validate;
use crate::model::common::Tags;
use crate::model::names::{GalleryName, PublicNamePrefix};
use crate::model::parameters::GalleryParameters;
use crate::model::values::SharingPermission;
use crate::rules::gallery as rules;

/// A gallery, keyed as `az sig create` names its flags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[validate(check = rules::check_community_info)]
pub struct Gallery {
    #[validate(nested)]
    pub name: GalleryName,
    /// Referenced, not created: a gallery made elsewhere that this description adds to.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub existing: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soft_delete: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<SharingPermission>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_name_prefix: Option<PublicNamePrefix>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eula: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(check = crate::rules::common::check_uri)]
    pub publisher_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher_email: Option<String>,
    /// The template parameters that carry this resource's values in the ARM template and Bicep file, by key.
    #[serde(default, skip_serializing_if = "GalleryParameters::is_empty")]
    pub parameters: GalleryParameters,
}

impl Gallery {
    pub fn is_community(&self) -> bool {
        self.permissions == Some(SharingPermission::Community)
    }

    /// Shared beyond role assignments: directly (`Groups`) or with the community.
    pub fn is_shared(&self) -> bool {
        matches!(
            self.permissions,
            Some(SharingPermission::Groups | SharingPermission::Community)
        )
    }
}
