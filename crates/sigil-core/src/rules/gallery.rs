//! Gallery rules (`Microsoft.Compute/galleries`).

use crate::diagnostic::Severity;
use crate::model::Gallery;
use crate::rule::{Rule, RuleGroup};
use crate::rules::sources::{
    ARM_SCHEMA, NAMING_RULES, PORTAL_GALLERY_NAME, REST_SPEC, SHARE_COMMUNITY,
    TERRAFORM_DASH_ISSUE, TERRAFORM_VALIDATORS, TROUBLESHOOTING,
};
use crate::validate::Validator;

pub static SIG101: Rule = Rule {
    id: "SIG101",
    name: "gallery-name-length",
    group: RuleGroup::Gallery,
    severity: Severity::Error,
    summary: "Gallery names are 1 to 80 characters long",
    explanation: "Every source agrees on 80 characters: the naming rules page, the REST specification, the ARM \
schema pattern and the service's own error text (\"... up to 80 characters total\").",
    lenient: None,
    sources: &[NAMING_RULES, TROUBLESHOOTING, REST_SPEC],
    valid: &["g", "myGallery"],
    invalid: &[""],
};

pub static SIG102: Rule = Rule {
    id: "SIG102",
    name: "gallery-name-characters",
    group: RuleGroup::Gallery,
    severity: Severity::Error,
    summary: "Gallery names hold only ASCII letters, digits, `_` and `.`; no dashes",
    explanation: "The service says: \"Gallery name is invalid. Allowed characters are English alphanumeric \
characters, with underscores, and periods allowed in the middle, up to 80 characters total. All other special \
characters, including dashes, are disallowed.\" The ARM schema and REST specification pattern \
`^[^_\\W][\\w-._]{0,79}(?<![-.])$` (CRP's generic entity-name rule) lets dashes and non-ASCII letters through, and \
so does the az CLI's client-side check: such a name passes template validation and then fails at deployment.",
    lenient: None,
    sources: &[
        TROUBLESHOOTING,
        TERRAFORM_DASH_ISSUE,
        PORTAL_GALLERY_NAME,
        NAMING_RULES,
    ],
    valid: &["my_gallery", "my.gallery", "Gallery01"],
    invalid: &["my-gallery", "my gallery", "gällery"],
};

pub static SIG103: Rule = Rule {
    id: "SIG103",
    name: "gallery-name-edges",
    group: RuleGroup::Gallery,
    severity: Severity::Error,
    summary: "Gallery names start and end with a letter or digit",
    explanation: "Underscores and periods are allowed only in the middle (\"The name cannot begin or end with \
underscores or periods\"). The service reports a trailing one as \"The provided resource name <galleryName> has \
these invalid trailing characters\". The REST pattern forbids a leading `_` but lets a trailing one through; the \
service does not.",
    lenient: None,
    sources: &[TROUBLESHOOTING, PORTAL_GALLERY_NAME, NAMING_RULES],
    valid: &["a", "my_gallery.v2"],
    invalid: &["_gallery", "gallery_", ".gallery", "gallery."],
};

pub static SIG104: Rule = Rule {
    id: "SIG104",
    name: "public-name-prefix",
    group: RuleGroup::Gallery,
    severity: Severity::Error,
    summary: "A community gallery's public name prefix is 5 to 16 ASCII letters or digits",
    explanation: "The public name of a community gallery is this prefix followed by a GUID. The Terraform \
provider enforces `^[A-Za-z0-9]{5,16}$`; no service text contradicts it.",
    lenient: None,
    sources: &[TERRAFORM_VALIDATORS, SHARE_COMMUNITY],
    valid: &["contoso", "Contoso2024"],
    invalid: &["ctso", "contoso-images", "contosoimagesabcd1"],
};

pub static SIG105: Rule = Rule {
    id: "SIG105",
    name: "community-gallery-info",
    group: RuleGroup::Gallery,
    severity: Severity::Error,
    summary: "A gallery shared with the community names its public name prefix, EULA, publisher URI and contact",
    explanation: "Sharing permission `Community` requires `communityGalleryInfo` with `publicNamePrefix`, `eula`, \
`publisherUri` and `publisherContact`; the Terraform provider requires all four, and the share operation fails \
without them.",
    lenient: None,
    sources: &[ARM_SCHEMA, SHARE_COMMUNITY, TERRAFORM_VALIDATORS],
    valid: &["permissions = \"Community\" with all four community fields"],
    invalid: &["permissions = \"Community\" without publisher-contact"],
};

/// SIG105: community sharing states everything the share operation needs.
pub(crate) fn check_community_info(gallery: &Gallery, validator: &mut Validator<'_>) {
    if !gallery.is_community() {
        return;
    }
    let missing: Vec<&str> = [
        ("public-name-prefix", gallery.public_name_prefix.is_none()),
        ("eula", gallery.eula.is_none()),
        ("publisher-uri", gallery.publisher_uri.is_none()),
        ("publisher-email", gallery.publisher_email.is_none()),
    ]
    .into_iter()
    .filter_map(|(key, absent)| absent.then_some(key))
    .collect();
    if !missing.is_empty() {
        validator.report_at(
            "permissions",
            &SIG105,
            format!(
                "gallery `{}` is shared with the community but does not set {}: a community gallery needs its \
                 public name prefix, EULA, publisher URI and contact",
                gallery.name,
                missing.join(", ")
            ),
        );
    }
}
