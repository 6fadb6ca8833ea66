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
    /// `GALLERY`, `GALLERY/DEFINITION` or `GALLERY/DEFINITION/VERSION`.
    #[validate(check = rules::check_scope)]
    pub scope: ResourcePath,
    /// A role name (`Reader`) or role definition id.
    pub role: String,
    /// What `az role assignment create --assignee` and PowerShell take: a sign-in name or an object id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// What ARM templates and Bicep need: the principal's object id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee_object_id: Option<String>,
    /// The template parameters that carry this resource's values in the ARM template and Bicep file, by key.
    #[serde(default, skip_serializing_if = "RoleAssignmentParameters::is_empty")]
    pub parameters: RoleAssignmentParameters,
}
