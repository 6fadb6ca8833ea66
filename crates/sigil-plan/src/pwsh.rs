//! The Az PowerShell commands of deletions and updates, as the update and delete docs write them. Every value
//! is quoted with `sigil_gen::quote::powershell`.

use sigil_core::model::{
    Gallery, ImageDefinition, ImageVersion, ResourcePath, RoleAssignment, Spec, Tags, Vm,
};
use sigil_gen::quote;

use crate::diff::PropertyChange;
use crate::resources::{region_states, vm_group};

/// One cmdlet call: its name, then parameters each with its value (already PowerShell), one a line.
pub(crate) struct Cmdlet {
    name: &'static str,
    parameters: Vec<String>,
}

impl Cmdlet {
    fn new(name: &'static str) -> Self {
        Self {
            name,
            parameters: Vec::new(),
        }
    }

    fn text(self, parameter: &str, value: &str) -> Self {
        self.expression(parameter, &quote::powershell(value))
    }

    fn expression(mut self, parameter: &str, value: &str) -> Self {
        self.parameters.push(format!("-{parameter} {value}"));
        self
    }

    fn present(mut self, parameter: &str) -> Self {
        self.parameters.push(format!("-{parameter}"));
        self
    }

    fn switch(mut self, parameter: &str, on: bool) -> Self {
        self.parameters.push(format!(
            "-{parameter}:{}",
            if on { "$true" } else { "$false" }
        ));
        self
    }

    pub(crate) fn render(&self) -> String {
        let mut text = self.name.to_owned();
        for parameter in &self.parameters {
            text.push_str(" `\n   ");
            text.push_str(parameter);
        }
        text.push('\n');
        text
    }
}

fn group(spec: &Spec) -> &str {
    spec.resource_group
        .as_ref()
        .map(|group| group.name.as_str())
        .unwrap_or_default()
}

fn tags(tags: &Tags) -> String {
    let pairs: Vec<String> = tags
        .iter()
        .map(|(key, value)| format!("{} = {}", quote::powershell(key), quote::powershell(value)))
        .collect();
    format!("@{{ {} }}", pairs.join("; "))
}

pub(crate) fn delete_gallery(spec: &Spec, gallery: &Gallery) -> Cmdlet {
    Cmdlet::new("Remove-AzGallery")
        .text("ResourceGroupName", group(spec))
        .text("Name", gallery.name.as_str())
        .present("Force")
}

pub(crate) fn delete_definition(spec: &Spec, definition: &ImageDefinition) -> Cmdlet {
    Cmdlet::new("Remove-AzGalleryImageDefinition")
        .text("ResourceGroupName", group(spec))
        .text("GalleryName", definition.gallery.as_str())
        .text("Name", definition.name.as_str())
        .present("Force")
}

pub(crate) fn delete_version(spec: &Spec, version: &ImageVersion) -> Cmdlet {
    Cmdlet::new("Remove-AzGalleryImageVersion")
        .text("ResourceGroupName", group(spec))
        .text("GalleryName", version.gallery.as_str())
        .text(
            "GalleryImageDefinitionName",
            version.image_definition.as_str(),
        )
        .text("Name", version.name.as_str())
        .present("Force")
}

pub(crate) fn delete_vm(spec: &Spec, vm: &Vm) -> Cmdlet {
    Cmdlet::new("Remove-AzVM")
        .text("ResourceGroupName", vm_group(spec, vm))
        .text("Name", &vm.name)
        .present("Force")
}

/// `Remove-AzRoleAssignment` on the scope's id, which the `Get-` cmdlet of the scope looks up.
pub(crate) fn delete_assignment(spec: &Spec, assignment: &RoleAssignment) -> Cmdlet {
    let group = quote::powershell(group(spec));
    let scope = match &assignment.scope {
        ResourcePath::Gallery(gallery) => format!(
            "(Get-AzGallery -ResourceGroupName {group} -Name {}).Id",
            quote::powershell(gallery)
        ),
        ResourcePath::ImageDefinition(gallery, definition) => format!(
            "(Get-AzGalleryImageDefinition -ResourceGroupName {group} -GalleryName {} -Name {}).Id",
            quote::powershell(gallery),
            quote::powershell(definition)
        ),
        ResourcePath::ImageVersion(gallery, definition, version) => format!(
            "(Get-AzGalleryImageVersion -ResourceGroupName {group} -GalleryName {} -GalleryImageDefinitionName {} -Name {}).Id",
            quote::powershell(gallery),
            quote::powershell(definition),
            quote::powershell(version)
        ),
    };
    let principal = crate::resources::principal(assignment);
    let principal_parameter = if crate::is_guid(principal) {
        "ObjectId"
    } else {
        "SignInName"
    };
    let role_parameter = if crate::is_guid(&assignment.role) {
        "RoleDefinitionId"
    } else {
        "RoleDefinitionName"
    };
    Cmdlet::new("Remove-AzRoleAssignment")
        .text(principal_parameter, principal)
        .text(role_parameter, &assignment.role)
        .expression("Scope", &scope)
}

pub(crate) fn update_gallery(spec: &Spec, gallery: &Gallery, changes: &[PropertyChange]) -> Cmdlet {
    let mut cmdlet = Cmdlet::new("Update-AzGallery")
        .text("ResourceGroupName", group(spec))
        .text("Name", gallery.name.as_str());
    for change in changes {
        cmdlet = match change.key {
            "description" => cmdlet.text(
                "Description",
                gallery.description.as_deref().unwrap_or_default(),
            ),
            "tags" => cmdlet.expression("Tag", &tags(&gallery.tags)),
            _ => cmdlet,
        };
    }
    cmdlet
}

pub(crate) fn update_definition(
    spec: &Spec,
    definition: &ImageDefinition,
    changes: &[PropertyChange],
) -> Cmdlet {
    let mut cmdlet = Cmdlet::new("Update-AzGalleryImageDefinition")
        .text("ResourceGroupName", group(spec))
        .text("GalleryName", definition.gallery.as_str())
        .text("Name", definition.name.as_str());
    let number = |value: Option<u32>| value.unwrap_or_default().to_string();
    for change in changes {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        cmdlet = match change.key {
            "description" => cmdlet.text("Description", &text(&definition.description)),
            "eula" => cmdlet.text("Eula", &text(&definition.eula)),
            "release-note-uri" => {
                cmdlet.text("ReleaseNoteUri", &text(&definition.release_note_uri))
            }
            "privacy-statement-uri" => cmdlet.text(
                "PrivacyStatementUri",
                &text(&definition.privacy_statement_uri),
            ),
            "end-of-life-date" => cmdlet.text(
                "EndOfLifeDate",
                &definition
                    .end_of_life_date
                    .map(|date| date.to_string())
                    .unwrap_or_default(),
            ),
            "minimum-cpu-core" => {
                cmdlet.expression("MinimumVCPU", &number(definition.minimum_cpu_core))
            }
            "maximum-cpu-core" => {
                cmdlet.expression("MaximumVCPU", &number(definition.maximum_cpu_core))
            }
            "minimum-memory" => {
                cmdlet.expression("MinimumMemory", &number(definition.minimum_memory))
            }
            "maximum-memory" => {
                cmdlet.expression("MaximumMemory", &number(definition.maximum_memory))
            }
            "disallowed-disk-types" => {
                let types: Vec<String> = definition
                    .disallowed_disk_types
                    .iter()
                    .map(|disk| quote::powershell(disk))
                    .collect();
                cmdlet.expression("DisallowedDiskType", &format!("@({})", types.join(", ")))
            }
            "tags" => cmdlet.expression("Tag", &tags(&definition.tags)),
            _ => cmdlet,
        };
    }
    cmdlet
}

pub(crate) fn update_version(
    spec: &Spec,
    version: &ImageVersion,
    changes: &[PropertyChange],
) -> Cmdlet {
    let mut cmdlet = Cmdlet::new("Update-AzGalleryImageVersion")
        .text("ResourceGroupName", group(spec))
        .text("GalleryName", version.gallery.as_str())
        .text(
            "GalleryImageDefinitionName",
            version.image_definition.as_str(),
        )
        .text("Name", version.name.as_str());
    let mut regions_changed = false;
    for change in changes {
        cmdlet = match change.key {
            "target-regions" | "replica-count" if !regions_changed => {
                regions_changed = true;
                cmdlet
                    .expression("TargetRegion", &target_regions(spec, version))
                    .expression(
                        "ReplicaCount",
                        &version.replica_count.unwrap_or(1).to_string(),
                    )
            }
            "exclude-from-latest" => cmdlet.switch(
                "PublishingProfileExcludeFromLatest",
                version.exclude_from_latest(),
            ),
            "end-of-life-date" => cmdlet.text(
                "PublishingProfileEndOfLifeDate",
                &version
                    .end_of_life_date
                    .map(|date| date.to_string())
                    .unwrap_or_default(),
            ),
            "tags" => cmdlet.expression("Tag", &tags(&version.tags)),
            _ => cmdlet,
        };
    }
    cmdlet
}

fn target_regions(spec: &Spec, version: &ImageVersion) -> String {
    let regions: Vec<String> = region_states(spec, version)
        .iter()
        .map(|region| {
            let exclude = match region.exclude_from_latest {
                Some(exclude) => format!("; ExcludeFromLatest = ${exclude}"),
                None => String::new(),
            };
            format!(
                "@{{ Name = {}; ReplicaCount = {}; StorageAccountType = {}{exclude} }}",
                quote::powershell(&region.name),
                region.replicas,
                quote::powershell(&region.storage)
            )
        })
        .collect();
    format!("@({})", regions.join(", "))
}
