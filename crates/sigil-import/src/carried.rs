//! What each deployable output carries back through an import, so that a round trip (the tests, the fuzz
//! target) compares exactly that: docs/import.md says the same in words.

use sigil_core::model::{
    GalleryParameters, ImageDefinitionParameters, ImageVersionParameters, LintSettings, Metadata,
    RoleAssignmentParameters, Spec, VmParameters,
};

use crate::minimize;

/// A deployable output `sigil generate` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// `azuredeploy.json` (with its parameters file) or `main.bicep`.
    Template,
    /// `deploy.sh`.
    AzScript,
    /// `deploy.ps1`.
    PowerShellScript,
}

/// `spec` as `output` can say it, minimized: without `[metadata]` and `[lint]` (no deployable output
/// carries them), without the template parameters' names for a script (scripts have none), and, through
/// PowerShell, without an `assignee` beside its object id (`New-AzRoleAssignment` takes one principal).
pub fn carried_by(spec: Spec, output: Output) -> Spec {
    let mut spec = Spec {
        metadata: Metadata::default(),
        lint: LintSettings::default(),
        ..minimize(spec)
    };
    if output != Output::Template {
        spec.galleries
            .iter_mut()
            .for_each(|gallery| gallery.parameters = GalleryParameters::default());
        spec.image_definitions
            .iter_mut()
            .for_each(|definition| definition.parameters = ImageDefinitionParameters::default());
        spec.image_versions
            .iter_mut()
            .for_each(|version| version.parameters = ImageVersionParameters::default());
        spec.role_assignments
            .iter_mut()
            .for_each(|assignment| assignment.parameters = RoleAssignmentParameters::default());
        spec.vms
            .iter_mut()
            .for_each(|vm| vm.parameters = VmParameters::default());
    }
    if output == Output::PowerShellScript {
        for assignment in &mut spec.role_assignments {
            if assignment.assignee_object_id.is_some() {
                assignment.assignee = None;
            }
        }
    }
    spec
}
