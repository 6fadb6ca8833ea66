//! The API version of each resource type, the same in every output that names one (the templates, the
//! scripts' `az rest` and `New-AzResource` calls, their comments).

/// `Microsoft.Compute/galleries` and its images and versions.
pub const GALLERY: &str = "2025-03-03";
/// `Microsoft.Authorization/roleAssignments`.
pub const ROLE_ASSIGNMENT: &str = "2022-04-01";
/// The `Microsoft.Network` resources of a VM: the newest version with a published schema.
pub const NETWORK: &str = "2025-07-01";
/// `Microsoft.Compute/virtualMachines`: the newest version with a published schema.
pub const VIRTUAL_MACHINE: &str = "2026-03-01";
/// `Microsoft.Resources/deployments`, the nested deployment of a VM in another resource group: the newest
/// version with a published schema.
pub const DEPLOYMENT: &str = "2025-04-01";
