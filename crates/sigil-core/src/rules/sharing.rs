//! Sharing rules: role assignments on gallery resources.

use std::fmt::Write as _;

use crate::diagnostic::Severity;
use crate::model::{ResourcePath, RoleAssignment};
use crate::rule::{Rule, RuleGroup};
use crate::rules::sources::{BUILT_IN_ROLES, GALLERY_OVERVIEW, SHARE_RBAC};
use crate::suggest::closest;
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

pub static SIG602: Rule = Rule {
    id: "SIG602",
    name: "role-definition",
    group: RuleGroup::Sharing,
    severity: Severity::Error,
    summary: "A role is a built-in role sigil knows by name, or a role definition GUID",
    explanation: "Templates assign roles by role definition id. sigil knows the ids of the built-in roles used to \
share galleries (Reader, Contributor, Owner, Compute Gallery Sharing Admin); any other role, built-in or custom, \
is given by its GUID.",
    lenient: None,
    sources: &[SHARE_RBAC, BUILT_IN_ROLES],
    valid: &["Reader", "acdd72a7-3385-48ef-bd42-f606fba81ae7"],
    invalid: &["Readers", "Image Reader"],
};

pub static SIG603: Rule = Rule {
    id: "SIG603",
    name: "role-assignment-principal",
    group: RuleGroup::Sharing,
    severity: Severity::Error,
    summary: "A role assignment names its principal by sign-in name, object id, or both",
    explanation: "`az role assignment create --assignee` and PowerShell take a sign-in name or an object id; ARM \
templates and Bicep need the object id (`assignee-object-id`). With only a sign-in name, the template asks for the \
object id as a parameter at deployment. An object id is a GUID. An assignee starting with `@` needs the object id \
too: the az CLI would read it as a file to load.",
    lenient: None,
    sources: &[SHARE_RBAC],
    valid: &[
        "assignee = \"someone@example.com\"",
        "assignee-object-id = \"11111111-2222-3333-4444-555555555555\"",
    ],
    invalid: &[
        "neither assignee nor assignee-object-id",
        "assignee-object-id = \"someone\"",
    ],
};

/// Built-in roles by name, with their role definition ids.
pub const BUILT_IN_ROLE_IDS: [(&str, &str); 4] = [
    ("Reader", "acdd72a7-3385-48ef-bd42-f606fba81ae7"),
    ("Contributor", "b24988ac-6180-42a0-ab88-20f7382dd24c"),
    ("Owner", "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"),
    (
        "Compute Gallery Sharing Admin",
        "1ef6a3be-d0ac-425d-8c01-acb62866290b",
    ),
];

/// The role definition id of `role`: a built-in role's, matched ignoring case, or `role` itself when it is
/// a GUID.
pub fn role_definition_id(role: &str) -> Option<String> {
    if let Some((_, id)) = BUILT_IN_ROLE_IDS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(role))
    {
        return Some((*id).to_owned());
    }
    is_guid(role).then(|| role.to_ascii_lowercase())
}

/// Whether `text` is a GUID in its 8-4-4-4-12 hexadecimal form.
pub fn is_guid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(group, length)| {
            group.len() == length && group.bytes().all(|b| b.is_ascii_hexdigit())
        })
}

/// SIG602, SIG603: the role is known and the principal named.
pub(crate) fn check_assignment(assignment: &RoleAssignment, validator: &mut Validator<'_>) {
    if role_definition_id(&assignment.role).is_none() {
        let known = BUILT_IN_ROLE_IDS.iter().map(|(name, _)| *name);
        let mut message = format!(
            "role `{}` is neither a built-in role sigil knows ({}) nor a role definition GUID",
            assignment.role,
            BUILT_IN_ROLE_IDS.map(|(name, _)| name).join(", ")
        );
        if let Some(suggestion) = closest(&assignment.role, known) {
            let _ = write!(message, "; did you mean `{suggestion}`?");
        }
        validator.report_at("role", &SIG602, message);
    }
    match (&assignment.assignee, &assignment.assignee_object_id) {
        (None, None) => validator.report(
            &SIG603,
            "role assignment names no principal: set assignee (a sign-in name or object id), assignee-object-id, or both",
        ),
        (_, Some(object_id)) if !is_guid(object_id) => validator.report_at(
            "assignee-object-id",
            &SIG603,
            format!("assignee-object-id `{object_id}` is not an object id (a GUID)"),
        ),
        // The az CLI reads any argument starting with `@` as a file to load, with no escape.
        (Some(assignee), None) if assignee.starts_with('@') => validator.report_at(
            "assignee",
            &SIG603,
            format!("assignee `{assignee}` starts with `@`, which the az CLI reads as a file name: set assignee-object-id"),
        ),
        _ => {}
    }
}
