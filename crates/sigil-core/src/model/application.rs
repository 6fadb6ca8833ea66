//! A gallery application (`galleries/applications`) and its versions.

use serde::{Deserialize, Serialize};

use crate::Validate;
use crate::model::common::{EndOfLife, Region, Tags};
use crate::model::image_version::TargetRegion;
use crate::model::names::{ApplicationName, ApplicationVersionName, GalleryName};
use crate::model::values::{OsType, StorageAccountType};
use crate::rules::application as rules;
use crate::rules::common::{check_end_of_life, check_uri};
use crate::rules::version::check_duplicate_regions;

/// A gallery application, keyed as `az sig gallery-application create` names its flags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Application {
    pub gallery: GalleryName,
    #[validate(nested)]
    pub name: ApplicationName,
    pub os_type: OsType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eula: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(check = check_uri)]
    pub privacy_statement_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(check = check_uri)]
    pub release_note_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(check = check_end_of_life)]
    pub end_of_life_date: Option<EndOfLife>,
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
}

/// A gallery application version, keyed as `az sig gallery-application version create` names its flags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[validate(check = rules::check_package)]
pub struct ApplicationVersion {
    pub gallery: GalleryName,
    pub application: ApplicationName,
    #[validate(nested)]
    pub name: ApplicationVersionName,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Region>,
    /// The package's blob URL (`source.mediaLink`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_file_link: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_configuration_file_link: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub install_command: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remove_command: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_command: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_file_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_file_name: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[validate(check = check_duplicate_regions)]
    #[validate(check = rules::check_target_region_replicas)]
    pub target_regions: Vec<TargetRegion>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(check = rules::check_replica_count)]
    pub replica_count: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_account_type: Option<StorageAccountType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclude_from_latest: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(check = check_end_of_life)]
    pub end_of_life_date: Option<EndOfLife>,
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
}
