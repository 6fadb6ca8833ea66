//! A gallery (`Microsoft.Compute/galleries`).

use serde::{Deserialize, Serialize};

use crate::Validate;
use crate::model::common::Tags;
use crate::model::names::{GalleryName, PublicNamePrefix};
use crate::model::parameters::GalleryParameters;
use crate::model::values::SharingPermission;
use crate::rules::gallery as rules;
#[cfg(feature = "schema")]
use crate::schema::defaults;

/// A gallery, keyed as `az sig create` names its flags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[validate(check = rules::check_community_info)]
pub struct Gallery {
    /// The gallery's name (`az sig create --gallery-name`): 1 to 80 ASCII letters, digits, `_` and `.`,
    /// starting and ending with a letter or digit, no dashes (SIG101, SIG102, SIG103). Unique in the resource
    /// group (SIG001).
    #[validate(nested)]
    pub name: GalleryName,
    /// Referenced, not created: a gallery made elsewhere that this description adds to.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = defaults::flag())))]
    pub existing: bool,
    /// What the gallery holds (`--description`); the one property besides tags a plan can update (SIG106).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Resource tags (`--tags`): a table of strings.
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
    /// `true` keeps deleted image versions recoverable (`--soft-delete`). Left to the service when omitted;
    /// fixed once created (SIG106).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soft_delete: Option<bool>,
    /// How the gallery is shared (`--permissions`): `Private`, `Groups` (direct sharing) or `Community`; left
    /// to the service (private) when omitted. `Community` needs the community fields (SIG105); a shared
    /// gallery holds only the `*Supported` security types (SIG210) and a community gallery no applications
    /// (SIG406). Fixed once created (SIG106).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<SharingPermission>,
    /// The prefix of a community gallery's public name (`--public-name-prefix`): 5 to 16 ASCII letters or
    /// digits (SIG104). Required with `permissions = "Community"` (SIG105); fixed once created (SIG106).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_name_prefix: Option<PublicNamePrefix>,
    /// The end-user license agreement of a community gallery (`--eula`). Required with `permissions =
    /// "Community"` (SIG105); fixed once created (SIG106).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eula: Option<String>,
    /// The publisher's URI for a community gallery (`--publisher-uri`), an absolute http(s) URI (SIG005).
    /// Required with `permissions = "Community"` (SIG105); fixed once created (SIG106).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(check = crate::rules::common::check_uri)]
    pub publisher_uri: Option<String>,
    /// The publisher's contact e-mail for a community gallery (`--publisher-email`). Required with
    /// `permissions = "Community"` (SIG105); fixed once created (SIG106).
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
