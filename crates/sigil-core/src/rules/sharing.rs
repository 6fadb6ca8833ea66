//! Sharing rules: role assignments on gallery resources.

use crate::diagnostic::Severity;
use crate::model::ResourcePath;
use crate::rule::{Rule, RuleGroup};
use crate::rules::sources::{GALLERY_OVERVIEW, SHARE_RBAC};
use crate::validate::Validator;

pub static SIG601: Rule = Rule {
    id: "SIG601",
    name: "role-assignment-version-scope",
    group: RuleGroup::Sharing,
    severity: Severity::Warning,
    summary: "Share at gallery or image definition scope rather than on single versions",
    explanation: "A Reader role at gallery scope (recommended) or image definition scope flows down to every \
version, present and future. Grants on single versions are \"not recommended\": each new version needs a new grant.",
    lenient: None,
    sources: &[SHARE_RBAC, GALLERY_OVERVIEW],
    valid: &[
        "scope = \"myGallery\"",
        "scope = \"myGallery/myImageDefinition\"",
    ],
    invalid: &["scope = \"myGallery/myImageDefinition/1.0.0\""],
};

/// SIG601: grants on single versions are not recommended.
pub(crate) fn check_scope(scope: &ResourcePath, validator: &mut Validator<'_>) {
    if let ResourcePath::ImageVersion(gallery, definition, _) = scope {
        validator.report(
            &SIG601,
            format!(
                "sharing version `{scope}` alone needs a new grant for every version: share `{gallery}/{definition}` or \
                 `{gallery}` instead"
            ),
        );
    }
}
