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

/// An image definition, keyed as `az sig image-definition create` names its flags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[validate(check = rules::check_generation)]
#[validate(check = rules::check_recommended)]
#[validate(check = rules::check_purchase_plan)]
pub struct ImageDefinition {
    pub gallery: GalleryName,
    #[validate(nested)]
    pub name: ImageDefinitionName,
    /// Referenced, not created. It still states the properties its versions' rules depend on.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub existing: bool,
    pub publisher: Publisher,
    pub offer: Offer,
    pub sku: Sku,
    pub os_type: OsType,
    pub os_state: OsState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hyper_v_generation: Option<HyperVGeneration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub architecture: Option<Architecture>,
    #[serde(default, skip_serializing_if = "Features::is_empty")]
    #[validate(nested)]
    pub features: Features,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_cpu_core: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_cpu_core: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_memory: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_memory: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[validate(check = rules::check_disallowed_disk_types)]
    pub disallowed_disk_types: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(check = check_end_of_life)]
    pub end_of_life_date: Option<EndOfLife>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eula: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(check = check_uri)]
    pub privacy_statement_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(check = check_uri)]
    pub release_note_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_product: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_publisher: Option<String>,
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_type: Option<SecurityType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accelerated_networking: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hibernation: Option<bool>,
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
