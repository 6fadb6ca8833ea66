//! A virtual machine created from a gallery image.

use serde::{Deserialize, Serialize};

use crate::model::common::{ImageReference, Region};

/// A VM, keyed as `az vm create` names its flags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Vm {
    pub name: String,
    /// `GALLERY/DEFINITION` for the latest version, or `GALLERY/DEFINITION/VERSION`.
    pub image: ImageReference,
    /// Where the VM runs; the resource group's location when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Region>,
}
