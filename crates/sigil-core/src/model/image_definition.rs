//! An image definition (`galleries/images`) and the defaults sigil applies to it.

use serde::{Deserialize, Serialize};

use crate::Validate;
use crate::model::common::{EndOfLife, Tags};
use crate::model::names::{GalleryName, ImageDefinitionName, Offer, Publisher, Sku};
use crate::model::parameters::ImageDefinitionParameters;
use crate::model::values::{
    Architecture, DiskControllerType, HyperVGeneration, OsState, OsType, SecurityType,
};
use crate::rules::common::{check_end_of_life, check_uri};
use crate::rules::image_definition as rules;
#[cfg(feature = "schema")]
use crate::schema::defaults;

/// An image definition, keyed as `az sig image-definition create` names its flags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[validate(check = rules::check_generation)]
#[validate(check = rules::check_recommended)]
#[validate(check = rules::check_purchase_plan)]
pub struct ImageDefinition {
    /// The name of the gallery the definition belongs to (`az sig image-definition create --gallery-name`): a
    /// `gallery` of the spec (SIG003).
    pub gallery: GalleryName,
    /// The definition's name (`--gallery-image-definition`): 1 to 80 ASCII letters, digits, `-`, `_` and `.`,
    /// starting and ending with a letter or digit (SIG201, SIG202, SIG203). Unique in its gallery (SIG001).
    /// The schema also accepts a trailing `_`, which `sigil validate --lenient` allows for definitions that
    /// already exist.
    #[validate(nested)]
    pub name: ImageDefinitionName,
    /// Referenced, not created. It still states the properties its versions' rules depend on.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = defaults::flag())))]
    pub existing: bool,
    /// The publisher of the image's identifier (`--publisher`): 1 to 128 ASCII letters, digits, `-`, `.` and
    /// `_`, not ending with `.` (SIG204, SIG205, SIG206). Publisher, offer and SKU are unique together in the
    /// gallery (SIG207) and fixed once created (SIG217).
    pub publisher: Publisher,
    /// The offer of the image's identifier (`--offer`): 1 to 64 ASCII letters, digits, `-`, `.` and `_`, not
    /// ending with `.` (SIG204, SIG205, SIG206). Unique with publisher and SKU in the gallery (SIG207); fixed
    /// once created (SIG217).
    pub offer: Offer,
    /// The SKU of the image's identifier (`--sku`): 1 to 64 ASCII letters, digits, `-`, `.` and `_`, not
    /// ending with `.` (SIG204, SIG205, SIG206). Unique with publisher and offer in the gallery (SIG207);
    /// fixed once created (SIG217).
    pub sku: Sku,
    /// The operating system of the image (`--os-type`): `Linux` or `Windows`. Fixed once created (SIG217).
    pub os_type: OsType,
    /// `Generalized` (VMs from the image are provisioned anew and need an administrator: SIG702) or
    /// `Specialized` (they keep the accounts of the VM it was captured from: SIG701) (`--os-state`). Fixed
    /// once created (SIG217).
    pub os_state: OsState,
    /// The Hyper-V generation (`--hyper-v-generation`): `V1` or `V2`, `V2` when omitted (the default of API
    /// 2025-03-03, the az CLI and PowerShell), stated in every output. Security types other than `Standard`
    /// and Arm64 need `V2` (SIG208, SIG209); fixed once created (SIG217).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = defaults::hyper_v_generation())))]
    pub hyper_v_generation: Option<HyperVGeneration>,
    /// The CPU architecture (`--architecture`): `x64` or `Arm64`, `x64` when omitted. Arm64 needs
    /// `hyper-v-generation = "V2"` (SIG209) and a version source other than a managed image (SIG216); fixed
    /// once created (SIG217).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = defaults::architecture())))]
    pub architecture: Option<Architecture>,
    /// The image's features (`--features`): security type, accelerated networking, hibernation and disk
    /// controller types. Fixed once created (SIG217).
    #[serde(default, skip_serializing_if = "Features::is_empty")]
    #[validate(nested)]
    pub features: Features,
    /// The recommended minimum vCPU count (`--minimum-cpu-core`): at least 1 and not above `maximum-cpu-core`
    /// (SIG212); above 128 is probably a mistake (SIG213).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_cpu_core: Option<u32>,
    /// The recommended maximum vCPU count (`--maximum-cpu-core`): at least 1 and not below `minimum-cpu-core`
    /// (SIG212); above 128 is probably a mistake (SIG213).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_cpu_core: Option<u32>,
    /// The recommended minimum memory in GB (`--minimum-memory`): at least 1 and not above `maximum-memory`
    /// (SIG212); above 4,000 is probably a mistake (SIG213).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_memory: Option<u32>,
    /// The recommended maximum memory in GB (`--maximum-memory`): at least 1 and not below `minimum-memory`
    /// (SIG212); above 4,000 is probably a mistake (SIG213).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_memory: Option<u32>,
    /// Managed disk SKUs a VM from the image may not use for its OS disk (`--disallowed-disk-types`), such as
    /// `Standard_LRS` (SIG214).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[validate(check = rules::check_disallowed_disk_types)]
    pub disallowed_disk_types: Vec<String>,
    /// When the definition reaches its end of life (`--end-of-life-date`): `2031-12-31` or
    /// `2031-12-31T00:00:00Z`, in the future (SIG002).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(check = check_end_of_life)]
    pub end_of_life_date: Option<EndOfLife>,
    /// The image's end-user license agreement (`--eula`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eula: Option<String>,
    /// The image's privacy statement (`--privacy-statement-uri`), an absolute http(s) URI (SIG005).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(check = check_uri)]
    pub privacy_statement_uri: Option<String>,
    /// The image's release notes (`--release-note-uri`), an absolute http(s) URI (SIG005).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(check = check_uri)]
    pub release_note_uri: Option<String>,
    /// What the image is (`--description`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The Marketplace purchase plan's name (`--plan-name`), given with `plan-product` and `plan-publisher`
    /// (SIG215). Fixed once created (SIG217).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_name: Option<String>,
    /// The Marketplace purchase plan's product (`--plan-product`), given with `plan-name` and
    /// `plan-publisher` (SIG215).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_product: Option<String>,
    /// The Marketplace purchase plan's publisher (`--plan-publisher`), given with `plan-name` and
    /// `plan-product` (SIG215).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_publisher: Option<String>,
    /// Resource tags (`--tags`): a table of strings.
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
    /// The template parameters that carry this resource's values in the ARM template and Bicep file, by key.
    #[serde(default, skip_serializing_if = "ImageDefinitionParameters::is_empty")]
    pub parameters: ImageDefinitionParameters,
}

/// The `features` of an image definition.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Features {
    /// The security type VMs from the image get (`--features SecurityType=...`). When omitted, every output
    /// states `TrustedLaunchSupported` on `V2` and `Standard` on `V1`. Every type but `Standard` needs `V2`
    /// (SIG208); `TrustedLaunch` and `ConfidentialVM` only in private galleries (SIG210).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_type: Option<SecurityType>,
    /// Whether VMs from the image support accelerated networking (`--features
    /// IsAcceleratedNetworkSupported=...`); left unsaid when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accelerated_networking: Option<bool>,
    /// Whether VMs from the image support hibernation (`--features IsHibernateSupported=...`); left unsaid
    /// when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hibernation: Option<bool>,
    /// The disk controllers the image supports (`--features DiskControllerTypes=...`): `["SCSI"]` or
    /// `["SCSI", "NVMe"]` (SIG211); left unsaid when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(check = rules::check_disk_controller_types)]
    pub disk_controller_types: Option<Vec<DiskControllerType>>,
}

impl Features {
    pub fn is_empty(&self) -> bool {
        *self == Features::default()
    }
}

/// An image definition feature: the name the service gives it in `features[].name` (and the az CLI in
/// `--features`), and the key of [`Features`] that holds it in a spec. Every output and every reader
/// spells features through this, in the order of [`FeatureName::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeatureName {
    SecurityType,
    AcceleratedNetworking,
    Hibernation,
    DiskControllerTypes,
}

impl FeatureName {
    /// The one order every output writes features in.
    pub const ALL: [FeatureName; 4] = [
        FeatureName::SecurityType,
        FeatureName::AcceleratedNetworking,
        FeatureName::Hibernation,
        FeatureName::DiskControllerTypes,
    ];

    /// As the service names it: `IsAcceleratedNetworkSupported`.
    pub fn service_name(self) -> &'static str {
        match self {
            FeatureName::SecurityType => "SecurityType",
            FeatureName::AcceleratedNetworking => "IsAcceleratedNetworkSupported",
            FeatureName::Hibernation => "IsHibernateSupported",
            FeatureName::DiskControllerTypes => "DiskControllerTypes",
        }
    }

    /// As a spec names it, under `features`: `accelerated-networking`.
    pub fn spec_key(self) -> &'static str {
        match self {
            FeatureName::SecurityType => "security-type",
            FeatureName::AcceleratedNetworking => "accelerated-networking",
            FeatureName::Hibernation => "hibernation",
            FeatureName::DiskControllerTypes => "disk-controller-types",
        }
    }

    /// Whether the service writes its value as `True` or `False`.
    pub fn is_flag(self) -> bool {
        matches!(
            self,
            FeatureName::AcceleratedNetworking | FeatureName::Hibernation
        )
    }

    /// The feature the service calls `name`, ignoring case as the service does.
    pub fn from_service_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|feature| feature.service_name().eq_ignore_ascii_case(name))
    }
}

impl ImageDefinition {
    /// The Hyper-V generation every output states: the spec's, or V2, the default of API 2025-03-03,
    /// of `az sig image-definition create` and of `New-AzGalleryImageDefinition`.
    pub fn hyper_v_generation(&self) -> HyperVGeneration {
        self.hyper_v_generation.unwrap_or(HyperVGeneration::V2)
    }

    /// The security type every output states: the spec's, or the platform default for the generation
    /// (`TrustedLaunchSupported` on V2, as API 2025-03-03, the CLI and PowerShell apply it; `Standard` on
    /// V1, where nothing else is allowed).
    pub fn security_type(&self) -> SecurityType {
        self.features
            .security_type
            .unwrap_or(match self.hyper_v_generation() {
                HyperVGeneration::V2 => SecurityType::TrustedLaunchSupported,
                HyperVGeneration::V1 => SecurityType::Standard,
            })
    }

    pub fn architecture(&self) -> Architecture {
        self.architecture.unwrap_or(Architecture::X64)
    }

    /// The identifier as the service compares it: publisher, offer and SKU, ignoring case.
    pub fn identifier_key(&self) -> (String, String, String) {
        (
            self.publisher.to_ascii_lowercase(),
            self.offer.to_ascii_lowercase(),
            self.sku.to_ascii_lowercase(),
        )
    }
}
