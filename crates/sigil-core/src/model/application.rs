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
    /// The name of the gallery the application belongs to (`az sig gallery-application create
    /// --gallery-name`): a `gallery` of the spec (SIG003), not a community gallery (SIG406).
    pub gallery: GalleryName,
    /// The application's name (`--application-name`): 1 to 80 ASCII letters, digits, `-`, `_` and `.`,
    /// starting and ending with a letter or digit (SIG401, SIG402, SIG403). Unique in its gallery (SIG001).
    /// The schema also accepts up to 117 characters and any ends but a trailing `.`, which
    /// `sigil validate --lenient` allows for applications that already exist.
    #[validate(nested)]
    pub name: ApplicationName,
    /// The operating system the application runs on (`--os-type`): `Linux` or `Windows`.
    pub os_type: OsType,
    /// What the application is (`--description`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The application's end-user license agreement (`--eula`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eula: Option<String>,
    /// The application's privacy statement (`--privacy-statement-uri`), an absolute http(s) URI (SIG005).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(check = check_uri)]
    pub privacy_statement_uri: Option<String>,
    /// The application's release notes (`--release-note-uri`), an absolute http(s) URI (SIG005).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(check = check_uri)]
    pub release_note_uri: Option<String>,
    /// When the application reaches its end of life (`--end-of-life-date`): `2031-12-31` or
    /// `2031-12-31T00:00:00Z`, in the future (SIG002).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(check = check_end_of_life)]
    pub end_of_life_date: Option<EndOfLife>,
    /// Resource tags (`--tags`): a table of strings.
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
}

/// A gallery application version, keyed as `az sig gallery-application version create` names its flags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[validate(check = rules::check_package)]
pub struct ApplicationVersion {
    /// The name of the gallery (`az sig gallery-application version create --gallery-name`): a `gallery` of
    /// the spec (SIG003).
    pub gallery: GalleryName,
    /// The name of the application the version belongs to (`--application-name`): an `application` of the
    /// spec in that gallery (SIG003).
    pub application: ApplicationName,
    /// The version's name (`--version-name`): Major.Minor.Patch, three numbers of 1 to 10 digits up to
    /// 2,147,483,647 (SIG301, SIG302), never `latest` (SIG303), without leading zeros (SIG304). Unique in its
    /// application (SIG001).
    #[validate(nested)]
    pub name: ApplicationVersionName,
    /// Where the version is created (`--location`); the resource group's location when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Region>,
    /// The package's blob URL (`--package-file-link`, `source.mediaLink`): required (SIG405).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_file_link: Option<String>,
    /// The blob URL of the default configuration file (`--default-configuration-file-link`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_configuration_file_link: Option<String>,
    /// The command that installs the package (`--install-command`): required, up to 4,096 characters
    /// (SIG405).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub install_command: Option<String>,
    /// The command that removes the package (`--remove-command`): required, up to 4,096 characters (SIG405).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remove_command: Option<String>,
    /// The command that updates the package in place (`--update-command`): up to 4,096 characters (SIG405).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_command: Option<String>,
    /// The name the package is downloaded as on the VM (`--package-file-name`): up to 4,096 characters
    /// (SIG405).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_file_name: Option<String>,
    /// The name the configuration file is downloaded as on the VM (`--config-file-name`): up to 4,096
    /// characters (SIG405).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_file_name: Option<String>,
    /// The regions the version is replicated to (`--target-regions`), each once (SIG306), with 1 to 10
    /// replicas (SIG404).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[validate(check = check_duplicate_regions)]
    #[validate(check = rules::check_target_region_replicas)]
    pub target_regions: Vec<TargetRegion>,
    /// Replicas in each target region without its own `replica-count` (`--replica-count`): 1 to 10 (SIG404).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(check = rules::check_replica_count)]
    pub replica_count: Option<u32>,
    /// The storage of the replicas (`--storage-account-type`): `Standard_LRS`, `Standard_ZRS`, `Premium_LRS`
    /// or `PremiumV2_LRS` (SIG314).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_account_type: Option<StorageAccountType>,
    /// `true`: `latest` does not name this version (`--exclude-from-latest`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclude_from_latest: Option<bool>,
    /// When the version reaches its end of life (`--end-of-life-date`): `2031-12-31` or
    /// `2031-12-31T00:00:00Z`, in the future (SIG002).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(check = check_end_of_life)]
    pub end_of_life_date: Option<EndOfLife>,
    /// Resource tags (`--tags`): a table of strings.
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
}
