//! A role assignment that shares a gallery resource (RBAC).

use serde::{Deserialize, Serialize};

use crate::Validate;
use crate::model::common::ResourcePath;
use crate::model::parameters::RoleAssignmentParameters;
use crate::rules::sharing as rules;

/// A role on a gallery, image definition or image version, for one principal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[validate(check = rules::check_assignment)]
pub struct RoleAssignment {
    /// What the role is on (`--scope`): `GALLERY`, `GALLERY/DEFINITION` or `GALLERY/DEFINITION/VERSION`, of
    /// the spec (SIG003); single versions are better shared through their definition (SIG601).
    #[validate(check = rules::check_scope)]
    pub scope: ResourcePath,
    /// The role (`--role`): `Reader`, `Contributor`, `Owner`, `Compute Gallery Sharing Admin`, or a role
    /// definition GUID (SIG602).
    pub role: String,
    /// What `az role assignment create --assignee` and PowerShell take: a sign-in name or an object id. This,
    /// `assignee-object-id` or both (SIG603).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// What ARM templates and Bicep need (`--assignee-object-id`): the principal's object id, a GUID
    /// (SIG603); without it, the templates ask for it as a parameter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee_object_id: Option<String>,
    /// The template parameters that carry this resource's values in the ARM template and Bicep file, by key.
    #[serde(default, skip_serializing_if = "RoleAssignmentParameters::is_empty")]
    pub parameters: RoleAssignmentParameters,
}
