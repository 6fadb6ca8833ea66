//! Everything one description holds: the resource group and the gallery resources in it.

use serde::{Deserialize, Serialize};

use crate::Validate;
use crate::model::application::{Application, ApplicationVersion};
use crate::model::common::Region;
use crate::model::gallery::Gallery;
use crate::model::image_definition::ImageDefinition;
use crate::model::image_version::ImageVersion;
use crate::model::role_assignment::RoleAssignment;
use crate::model::vm::Vm;
use crate::rules::{common, cross};
use crate::selection::Selector;

/// The resources of one description, each kind an array, children naming their parents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[validate(check = cross::check_unique_names)]
#[validate(check = cross::check_references)]
#[validate(check = common::check_resource_groups_and_regions)]
#[validate(check = cross::check_unique_identifiers)]
#[validate(check = cross::check_definition_rules)]
#[validate(check = cross::check_version_rules)]
#[validate(check = cross::check_latest)]
#[validate(check = cross::check_applications_in_community_galleries)]
#[validate(check = cross::check_subscription_limits)]
#[validate(check = cross::check_vm_credentials)]
#[validate(check = crate::rules::parameters::check_template_parameters)]
pub struct Spec {
    /// The resource group everything is deployed to (`az group create`): its name and location. Resources
    /// without a `location` of their own go to its location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_group: Option<ResourceGroup>,
    /// The galleries (`az sig create`), one table each. Names are unique in the resource group, compared
    /// without regard to case (SIG001); at most 100 galleries per subscription and region (SIG006).
    #[serde(default, rename = "gallery", skip_serializing_if = "Vec::is_empty")]
    #[validate(nested)]
    pub galleries: Vec<Gallery>,
    /// The image definitions (`az sig image-definition create`), each naming its gallery (SIG003). Names are
    /// unique in their gallery (SIG001), and so are publisher, offer and SKU together (SIG207).
    #[serde(
        default,
        rename = "image-definition",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[validate(nested)]
    pub image_definitions: Vec<ImageDefinition>,
    /// The image versions (`az sig image-version create`), each naming its gallery and image definition
    /// (SIG003). Names are unique in their definition (SIG001).
    #[serde(
        default,
        rename = "image-version",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[validate(nested)]
    pub image_versions: Vec<ImageVersion>,
    /// The gallery applications (`az sig gallery-application create`), each naming its gallery (SIG003); a
    /// community gallery holds none (SIG406). `sigil validate` checks them; `sigil generate` does not write
    /// them yet.
    #[serde(default, rename = "application", skip_serializing_if = "Vec::is_empty")]
    #[validate(nested)]
    pub applications: Vec<Application>,
    /// The gallery application versions (`az sig gallery-application version create`), each naming its
    /// gallery and application (SIG003). `sigil validate` checks them; `sigil generate` does not write them
    /// yet.
    #[serde(
        default,
        rename = "application-version",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[validate(nested)]
    pub application_versions: Vec<ApplicationVersion>,
    /// The role assignments that share gallery resources (`az role assignment create`), each on a gallery,
    /// image definition or image version of the spec (SIG003).
    #[serde(
        default,
        rename = "role-assignment",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[validate(nested)]
    pub role_assignments: Vec<RoleAssignment>,
    /// The VMs created from gallery images (`az vm create`), each naming an image definition of the spec
    /// (SIG003).
    #[serde(default, rename = "vm", skip_serializing_if = "Vec::is_empty")]
    #[validate(nested)]
    pub vms: Vec<Vm>,
    /// What the generated README and quickstart `metadata.json` say about the deployment.
    #[serde(default, skip_serializing_if = "Metadata::is_empty")]
    #[validate(check = crate::rules::common::check_metadata)]
    pub metadata: Metadata,
    /// How `sigil lint` runs in this spec's folder and below; nothing else reads it.
    #[serde(default, skip_serializing_if = "LintSettings::is_empty")]
    pub lint: LintSettings,
}

/// The `[lint]` section: which rules `sigil lint` reports and which files it skips, for the folder of
/// the file that holds it and every folder below. Command-line `--select` replaces `select`; `--ignore`
/// adds to `ignore`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct LintSettings {
    /// The rules to report (ids, names or id prefixes); every rule when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub select: Option<Vec<Selector>>,
    /// Rules not to report, even when selected.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<Selector>,
    /// Files and folders not to lint, as `.gitignore` lines relative to the folder of the file that holds
    /// the section (`vendor/`, `**/*.generated.json`, `!keep.json`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
}

impl LintSettings {
    pub fn is_empty(&self) -> bool {
        *self == LintSettings::default()
    }
}

/// Describes the deployment for people: the generated README and the quickstart `metadata.json`.
/// Everything has a default derived from the resources.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Metadata {
    /// A title of 10 to 60 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// One sentence of 10 to 200 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// A paragraph of 10 to 1,000 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The GitHub account that owns the sample.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub github_username: Option<String>,
    /// The `dateUpdated` of `metadata.json`, when `SOURCE_DATE_EPOCH` does not set it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_updated: Option<jiff::civil::Date>,
}

impl Metadata {
    pub fn is_empty(&self) -> bool {
        *self == Metadata::default()
    }
}

/// The resource group everything is deployed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ResourceGroup {
    /// The resource group's name (`az group create --name`); the scripts create it.
    pub name: String,
    /// The resource group's region (`az group create --location`), such as `eastus` or `West Europe`: where
    /// every resource without a `location` of its own goes.
    pub location: Region,
}

impl Spec {
    /// The resource group's location, where resources without a location of their own go.
    pub fn location(&self) -> Option<&Region> {
        self.resource_group.as_ref().map(|group| &group.location)
    }
}
