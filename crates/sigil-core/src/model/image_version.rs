//! An image version (`galleries/images/versions`).

use serde::{Deserialize, Serialize};

use crate::Validate;
use crate::model::common::{EndOfLife, Region, Tags};
use crate::model::names::{GalleryName, ImageDefinitionName, ImageVersionName};
use crate::model::parameters::ImageVersionParameters;
use crate::model::values::{HostCaching, ReplicationMode, StorageAccountType};
use crate::rules::common::check_end_of_life;
use crate::rules::version as rules;

/// An image version, keyed as `az sig image-version create` names its flags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[validate(check = rules::check_source)]
#[validate(check = rules::check_data_disks)]
#[validate(check = rules::check_shallow_replication)]
#[validate(check = rules::check_replica_totals)]
#[validate(check = rules::check_retired)]
pub struct ImageVersion {
    pub gallery: GalleryName,
    pub image_definition: ImageDefinitionName,
    #[validate(nested)]
    pub name: ImageVersionName,
    /// Referenced, not created: a version made elsewhere, which VMs and role assignments use. What only
    /// creating it needs (its source, location, regions, replicas, storage, tags...) is ignored.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub existing: bool,
    /// Where the version is created; the resource group's location when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Region>,
    /// A managed image id, or another gallery image version's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_image: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virtual_machine: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_snapshot: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_snapshots: Vec<DataSnapshot>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_vhd_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_vhd_storage_account: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_disk_host_caching: Option<HostCaching>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[validate(nested)]
    #[validate(check = rules::check_duplicate_regions)]
    pub target_regions: Vec<TargetRegion>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(check = rules::check_replica_count)]
    pub replica_count: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_account_type: Option<StorageAccountType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replication_mode: Option<ReplicationMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclude_from_latest: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(check = check_end_of_life)]
    pub end_of_life_date: Option<EndOfLife>,
    /// Kept but no longer offered: every output excludes the version from latest and writes its end-of-life
    /// date, which SIG316 requires. Version-wide: its target regions hold no exclusion of their own but `true`
    /// (SIG316), so the version-wide value applies in each.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub retired: bool,
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
    /// The template parameters that carry this resource's values in the ARM template and Bicep file, by key.
    #[serde(default, skip_serializing_if = "ImageVersionParameters::is_empty")]
    pub parameters: ImageVersionParameters,
}

/// A data disk image taken from a snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct DataSnapshot {
    pub lun: u32,
    pub snapshot: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_caching: Option<HostCaching>,
}

/// A region an image version is replicated to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct TargetRegion {
    pub name: Region,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(check = rules::check_replica_count)]
    pub replica_count: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_account_type: Option<StorageAccountType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclude_from_latest: Option<bool>,
}

/// Where an image version's disks come from. Exactly one is given (SIG311).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    ManagedImage,
    VirtualMachine,
    OsSnapshot,
    OsVhd,
}

impl SourceKind {
    pub fn key(self) -> &'static str {
        match self {
            SourceKind::ManagedImage => "managed-image",
            SourceKind::VirtualMachine => "virtual-machine",
            SourceKind::OsSnapshot => "os-snapshot",
            SourceKind::OsVhd => "os-vhd-uri",
        }
    }
}

impl ImageVersion {
    /// Every source the version names; a valid version names exactly one.
    pub fn sources(&self) -> Vec<SourceKind> {
        [
            (self.managed_image.is_some(), SourceKind::ManagedImage),
            (self.virtual_machine.is_some(), SourceKind::VirtualMachine),
            (self.os_snapshot.is_some(), SourceKind::OsSnapshot),
            (self.os_vhd_uri.is_some(), SourceKind::OsVhd),
        ]
        .into_iter()
        .filter_map(|(given, kind)| given.then_some(kind))
        .collect()
    }

    /// The version-wide exclusion from latest every output states: `true` when retired, else the spec's, else
    /// `false`.
    pub fn exclude_from_latest(&self) -> bool {
        self.retired || self.exclude_from_latest.unwrap_or(false)
    }

    /// Whether `latest` skips this version in every region it is in: retired, or excluded in each target
    /// region (a region's own `exclude-from-latest` wins there, else the version's applies).
    pub fn excluded_from_latest(&self) -> bool {
        let version = self.exclude_from_latest == Some(true);
        self.retired
            || (version && self.target_regions.is_empty())
            || (!self.target_regions.is_empty()
                && self
                    .target_regions
                    .iter()
                    .all(|region| region.exclude_from_latest.unwrap_or(version)))
    }

    /// The replica count of a region: its own, else the version's, else 1.
    pub fn replicas_in(&self, region: &TargetRegion) -> u32 {
        region.replica_count.or(self.replica_count).unwrap_or(1)
    }
}
