//! An image version (`galleries/images/versions`).

use serde::{Deserialize, Serialize};

use crate::Validate;
use crate::model::common::{EndOfLife, Region, Tags};
use crate::model::names::{GalleryName, ImageDefinitionName, ImageVersionName};
use crate::model::parameters::ImageVersionParameters;
use crate::model::values::{HostCaching, ReplicationMode, StorageAccountType};
use crate::rules::common::check_end_of_life;
use crate::rules::version as rules;
#[cfg(feature = "schema")]
use crate::schema::defaults;

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
    /// The name of the gallery (`az sig image-version create --gallery-name`): a `gallery` of the spec
    /// (SIG003).
    pub gallery: GalleryName,
    /// The name of the image definition the version belongs to (`--gallery-image-definition`): an
    /// `image-definition` of the spec in that gallery (SIG003).
    pub image_definition: ImageDefinitionName,
    /// The version's name (`--gallery-image-version`): Major.Minor.Patch, three numbers of 1 to 10 digits up
    /// to 2,147,483,647 (SIG301, SIG302), never `latest` (SIG303), without leading zeros (SIG304). Unique in
    /// its definition (SIG001).
    #[validate(nested)]
    pub name: ImageVersionName,
    /// Referenced, not created: a version made elsewhere, which VMs and role assignments use. What only
    /// creating it needs (its source, location, regions, replicas, storage, tags...) is ignored.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = defaults::flag())))]
    pub existing: bool,
    /// Where the version is created (`--location`); the resource group's location when omitted. Its target
    /// regions include it (SIG305); fixed once created (SIG315).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Region>,
    /// Source: a managed image id, or another gallery image version's id (`--managed-image`). Exactly one
    /// source is given (SIG311); not for Arm64 definitions (SIG216); fixed once created (SIG315).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_image: Option<String>,
    /// Source: the id of a VM to capture (`--virtual-machine`). Exactly one source is given (SIG311, SIG313);
    /// fixed once created (SIG315).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virtual_machine: Option<String>,
    /// Source: the id of an OS disk snapshot or managed disk (`--os-snapshot`), with optional
    /// `data-snapshots`. Exactly one source is given (SIG311, SIG313); fixed once created (SIG315).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_snapshot: Option<String>,
    /// The data disk images of a version made from `os-snapshot` (`--data-snapshots` and
    /// `--data-snapshot-luns`), each with its LUN: LUNs and snapshots unique (SIG312); fixed once created
    /// (SIG315).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_snapshots: Vec<DataSnapshot>,
    /// Source: the URI of an OS disk VHD (`--os-vhd-uri`), with `os-vhd-storage-account`. Exactly one source
    /// is given (SIG311); fixed once created (SIG315).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_vhd_uri: Option<String>,
    /// The id of the storage account holding `os-vhd-uri` (`--os-vhd-storage-account`), required with it
    /// (SIG311); fixed once created (SIG315).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_vhd_storage_account: Option<String>,
    /// The OS disk image's host caching: `None`, `ReadOnly` or `ReadWrite`; left to the service when omitted.
    /// `az sig image-version create` has no flag for it, so the az script PUTs the template's body. Fixed
    /// once created (SIG315).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_disk_host_caching: Option<HostCaching>,
    /// The regions the version is replicated to (`--target-regions`), each once (SIG306) and including the
    /// version's own location (SIG305); only that location when omitted. Shallow replication allows no other
    /// region (SIG310).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[validate(nested)]
    #[validate(check = rules::check_duplicate_regions)]
    pub target_regions: Vec<TargetRegion>,
    /// Replicas in each target region without its own `replica-count` (`--replica-count`): 1 to 100 (SIG307),
    /// above 50 more than the service advises (SIG308), one per 20 VMs created at once in a region (SIG309);
    /// exactly 1 with Shallow replication (SIG310).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(check = rules::check_replica_count)]
    #[cfg_attr(feature = "schema", schemars(extend("default" = defaults::replica_count())))]
    pub replica_count: Option<u32>,
    /// The storage of the replicas (`--storage-account-type`): `Standard_LRS`, `Standard_ZRS`, `Premium_LRS`
    /// or `PremiumV2_LRS` (SIG314), for target regions without their own. Fixed once created (SIG315).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = defaults::storage_account_type())))]
    pub storage_account_type: Option<StorageAccountType>,
    /// `Full`, or `Shallow` for development and test: one replica in the source region only (SIG310)
    /// (`--replication-mode`). Fixed once created (SIG315).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = defaults::replication_mode())))]
    pub replication_mode: Option<ReplicationMode>,
    /// `true`: VMs created from `latest` do not get this version (`--exclude-from-latest`); a target region's
    /// own value wins there. `false` on a retired version is refused (SIG316); see SIG317, SIG318 and SIG706
    /// for what `latest` then names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = defaults::exclude_from_latest())))]
    pub exclude_from_latest: Option<bool>,
    /// When the version reaches its end of life (`--end-of-life-date`): `2031-12-31` or
    /// `2031-12-31T00:00:00Z`, in the future (SIG002); required on a retired version (SIG316).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(check = check_end_of_life)]
    pub end_of_life_date: Option<EndOfLife>,
    /// Kept but no longer offered: every output excludes the version from latest and writes its end-of-life
    /// date, which SIG316 requires. Version-wide: its target regions hold no exclusion of their own but `true`
    /// (SIG316), so the version-wide value applies in each.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = defaults::flag())))]
    pub retired: bool,
    /// Resource tags (`--tags`): a table of strings.
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
    /// The logical unit number the data disk is attached at (`--data-snapshot-luns`), unique in the version
    /// (SIG312).
    pub lun: u32,
    /// The id of the data disk's snapshot or managed disk (`--data-snapshots`), unique in the version
    /// (SIG312).
    pub snapshot: String,
    /// The data disk image's host caching: `None`, `ReadOnly` or `ReadWrite`; left to the service when
    /// omitted. No az CLI flag takes it, so the az script PUTs the template's body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_caching: Option<HostCaching>,
}

/// A region an image version is replicated to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct TargetRegion {
    /// The region (`--target-regions REGION=...`), such as `eastus`; each listed once (SIG306).
    pub name: Region,
    /// Replicas in this region: the version's `replica-count` when omitted. 1 to 100 for image versions
    /// (SIG307, SIG308), 1 to 10 for application versions (SIG404).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(check = rules::check_replica_count)]
    pub replica_count: Option<u32>,
    /// The storage of this region's replicas (SIG314); the version's `storage-account-type` applies when
    /// omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_account_type: Option<StorageAccountType>,
    /// Whether `latest` skips the version in this region; the version's `exclude-from-latest` applies when
    /// omitted. `false` on a retired version is refused (SIG316).
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

    /// The storage of the replicas without a type of their own, [`Self::DEFAULT_STORAGE_ACCOUNT_TYPE`] when
    /// not given.
    pub fn storage_account_type(&self) -> StorageAccountType {
        self.storage_account_type
            .unwrap_or(Self::DEFAULT_STORAGE_ACCOUNT_TYPE)
    }

    /// How the version replicates, [`Self::DEFAULT_REPLICATION_MODE`] when not given.
    pub fn replication_mode(&self) -> ReplicationMode {
        self.replication_mode
            .unwrap_or(Self::DEFAULT_REPLICATION_MODE)
    }

    pub const DEFAULT_STORAGE_ACCOUNT_TYPE: StorageAccountType = StorageAccountType::StandardLrs;
    pub const DEFAULT_REPLICATION_MODE: ReplicationMode = ReplicationMode::Full;
}
