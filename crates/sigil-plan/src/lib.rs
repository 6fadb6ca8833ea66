//! `sigil plan`: compares two specs and writes the az CLI or Az PowerShell script that takes Azure from the
//! resources of one to those of the other, in the documented style: deletions children first, updates with the
//! documented update commands, creations with sigil-gen's own commands. A change the service refuses is a
//! rule finding, and then there is no script.

mod az;
mod create;
mod diff;
mod pwsh;
mod resources;

use std::collections::BTreeSet;
use std::fmt::Write as _;

use sigil_core::Diagnostic;
use sigil_core::model::{ImageDefinition, Spec};
use sigil_gen::{Format, Options};

pub use diff::{Operation, PropertyChange, apply};
pub use resources::{Change, Key, Kind, Property, Resource, Resources, resources};

/// Why a script could not be written: a defect of sigil's, never of the specs.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error(transparent)]
    Generate(#[from] sigil_gen::GenError),
    #[error(transparent)]
    Resolve(#[from] sigil_gen::PlanError),
    #[error("the generated script has no `{0}` line to start the creations from")]
    Layout(&'static str),
}

/// The language of a plan's script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScriptFormat {
    Az,
    Pwsh,
}

/// What takes OLD to NEW.
#[derive(Debug, Clone)]
pub struct Plan<'a> {
    old: &'a Spec,
    new: &'a Spec,
    operations: Vec<Operation>,
}

/// The plan from `old` to `new`, or every change the service refuses, each at its place in `new`.
pub fn plan<'a>(old: &'a Spec, new: &'a Spec) -> Result<Plan<'a>, Vec<Diagnostic>> {
    let mut operations = diff::operations(old, new)?;
    operations.sort_by_key(order);
    Ok(Plan {
        old,
        new,
        operations,
    })
}

/// Script order: deletions children first (the order of [`Kind`]), then updates, then creations parents first.
fn order(operation: &Operation) -> (u8, u8, Key) {
    let key = operation.key().clone();
    let depth = key.kind as u8;
    match operation {
        Operation::Delete { .. } | Operation::Release { .. } => (0, depth, key),
        Operation::Update { .. } => (1, u8::MAX - depth, key),
        Operation::Create { .. } => (2, u8::MAX - depth, key),
    }
}

impl Plan<'_> {
    pub fn operations(&self) -> &[Operation] {
        &self.operations
    }

    /// Whether OLD and NEW deploy the same resources.
    pub fn is_empty(&self) -> bool {
        self.operations.is_empty()
    }

    /// The plan for people, one line per resource, as `terraform plan` shows one:
    /// `~ update image definition g/d: description "a" → "b"`, then a count.
    pub fn summary(&self) -> String {
        let mut text = String::new();
        let (mut created, mut updated, mut deleted) = (0, 0, 0);
        for operation in &self.operations {
            let line = match operation {
                Operation::Create { key, resource } => {
                    created += 1;
                    format!("+ create {} {}", key.kind.noun(), resource.label)
                }
                Operation::Update {
                    key,
                    label,
                    changes,
                } => {
                    updated += 1;
                    format!(
                        "~ update {} {label}: {}",
                        key.kind.noun(),
                        changes_text(changes)
                    )
                }
                Operation::Delete { key, resource } => {
                    deleted += 1;
                    format!("- delete {} {}", key.kind.noun(), resource.label)
                }
                Operation::Release { key, resource } => format!(
                    "= keep {} {}: existing = true in NEW, so it is left as it is and no longer managed",
                    key.kind.noun(),
                    resource.label
                ),
            };
            let _ = writeln!(text, "{line}");
        }
        let _ = writeln!(
            text,
            "Plan: {created} to create, {updated} to update, {deleted} to delete."
        );
        text
    }

    /// The script: deletions, updates, then the creations sigil-gen writes for the new resources.
    pub fn script(&self, format: ScriptFormat, options: &Options) -> Result<String, PlanError> {
        let created: BTreeSet<Key> = self
            .operations
            .iter()
            .filter(|operation| matches!(operation, Operation::Create { .. }))
            .map(|operation| operation.key().clone())
            .collect();
        let creation = if created.is_empty() {
            None
        } else {
            let generated = match format {
                ScriptFormat::Az => Format::Az,
                ScriptFormat::Pwsh => Format::Pwsh,
            };
            Some(create::creation(self.new, &created, generated, options)?)
        };
        let mut script = header(format, &options.source_name);
        if let Some(creation) = creation
            .as_ref()
            .filter(|creation| !creation.preamble.is_empty())
        {
            let _ = write!(script, "\n{}\n", creation.preamble);
        }
        for operation in &self.operations {
            let Some(commands) = self.commands(operation, format) else {
                continue;
            };
            let _ = write!(script, "\n{}\n{commands}", comment(operation));
        }
        if let Some(creation) = creation {
            let _ = write!(
                script,
                "\n# Creations: the commands of `sigil generate` for the new resources; parents that exist already are\n# not created again.\n{}\n",
                creation.commands
            );
        }
        Ok(script)
    }

    fn commands(&self, operation: &Operation, format: ScriptFormat) -> Option<String> {
        match operation {
            Operation::Delete { key, resource } => Some(self.delete(key, resource, format)),
            Operation::Update { key, changes, .. } => {
                let index = resources::resources(self.new).get(key)?.index;
                Some(self.update(key.kind, index, changes, format))
            }
            Operation::Create { .. } | Operation::Release { .. } => None,
        }
    }

    fn delete(&self, key: &Key, resource: &Resource, format: ScriptFormat) -> String {
        let (spec, index) = (self.old, resource.index);
        match (format, key.kind) {
            (ScriptFormat::Az, Kind::Gallery) => {
                az::delete_gallery(spec, &spec.galleries[index]).render()
            }
            (ScriptFormat::Az, Kind::ImageDefinition) => {
                az::delete_definition(spec, &spec.image_definitions[index]).render()
            }
            (ScriptFormat::Az, Kind::ImageVersion) => {
                az::delete_version(spec, &spec.image_versions[index]).render()
            }
            (ScriptFormat::Az, Kind::Vm) => az::delete_vm(spec, &spec.vms[index]).render(),
            (ScriptFormat::Az, Kind::RoleAssignment) => {
                az::delete_assignment(spec, &spec.role_assignments[index]).render()
            }
            (ScriptFormat::Pwsh, Kind::Gallery) => {
                pwsh::delete_gallery(spec, &spec.galleries[index]).render()
            }
            (ScriptFormat::Pwsh, Kind::ImageDefinition) => {
                pwsh::delete_definition(spec, &spec.image_definitions[index]).render()
            }
            (ScriptFormat::Pwsh, Kind::ImageVersion) => {
                pwsh::delete_version(spec, &spec.image_versions[index]).render()
            }
            (ScriptFormat::Pwsh, Kind::Vm) => pwsh::delete_vm(spec, &spec.vms[index]).render(),
            (ScriptFormat::Pwsh, Kind::RoleAssignment) => {
                pwsh::delete_assignment(spec, &spec.role_assignments[index]).render()
            }
        }
    }

    fn update(
        &self,
        kind: Kind,
        index: usize,
        changes: &[PropertyChange],
        format: ScriptFormat,
    ) -> String {
        let spec = self.new;
        match (format, kind) {
            (ScriptFormat::Az, Kind::Gallery) => {
                az::update_gallery(spec, &spec.galleries[index], changes).render()
            }
            (ScriptFormat::Az, Kind::ImageDefinition) => {
                az::update_definition(spec, &spec.image_definitions[index], changes).render()
            }
            (ScriptFormat::Az, Kind::ImageVersion) => {
                az::update_version(spec, &spec.image_versions[index], changes)
                    .iter()
                    .map(az::Command::render)
                    .collect()
            }
            (ScriptFormat::Pwsh, Kind::Gallery) => {
                pwsh::update_gallery(spec, &spec.galleries[index], changes).render()
            }
            (ScriptFormat::Pwsh, Kind::ImageDefinition) => {
                pwsh::update_definition(spec, &spec.image_definitions[index], changes).render()
            }
            (ScriptFormat::Pwsh, Kind::ImageVersion) => {
                pwsh::update_version(spec, &spec.image_versions[index], changes).render()
            }
            // Role assignments have no properties and VM changes are refused: nothing to update.
            (_, Kind::RoleAssignment | Kind::Vm) => String::new(),
        }
    }
}

fn changes_text(changes: &[PropertyChange]) -> String {
    let parts: Vec<String> = changes
        .iter()
        .map(|change| {
            format!(
                "{} {} → {}",
                change.key,
                change.old.as_deref().unwrap_or("(not set)"),
                change.new.as_deref().unwrap_or("(not set)")
            )
        })
        .collect();
    parts.join("; ")
}

/// The comment above an operation's commands, in both languages.
fn comment(operation: &Operation) -> String {
    match operation {
        Operation::Delete { key, resource } => format!(
            "# Delete {} {}{}.",
            key.kind.noun(),
            resource.label,
            match key.kind {
                Kind::Vm =>
                    " (its disk, network interface, public IP and security group stay, as az vm delete and Remove-AzVM leave them)",
                Kind::Gallery | Kind::ImageDefinition =>
                    " (what it held is deleted above: the service refuses to delete a parent first)",
                Kind::ImageVersion | Kind::RoleAssignment => "",
            }
        ),
        Operation::Update {
            key,
            label,
            changes,
        } => format!(
            "# Update {} {label}: {}.",
            key.kind.noun(),
            one_line(&changes_text(changes))
        ),
        Operation::Create { .. } | Operation::Release { .. } => String::new(),
    }
}

/// Text for a comment: line breaks become spaces, so a value cannot end the comment.
fn one_line(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}

fn header(format: ScriptFormat, source: &str) -> String {
    match format {
        ScriptFormat::Az => format!(
            "#!/usr/bin/env bash\n# Generated by sigil plan for {}: takes the resources of the old spec to those of the new one,\n# with the documented commands: deletions (children first), updates, then creations.\n#\n# Run it signed in to the subscription (az login, az account set --subscription ...).\nset -euo pipefail\n",
            one_line(source)
        ),
        ScriptFormat::Pwsh => format!(
            "# Generated by sigil plan for {}: takes the resources of the old spec to those of the new one,\n# with the documented cmdlets: deletions (children first), updates, then creations.\n# Run it signed in to Azure (Connect-AzAccount), with the target subscription selected (Set-AzContext).\n$ErrorActionPreference = 'Stop'\n",
            one_line(source)
        ),
    }
}

/// The `recommended` object of a definition as the API writes it, for `az ... update --set recommended=`.
fn recommended_json(definition: &ImageDefinition) -> serde_json::Value {
    let mut recommended = serde_json::Map::new();
    let range = |min: Option<u32>, max: Option<u32>| {
        let mut range = serde_json::Map::new();
        if let Some(min) = min {
            range.insert("min".to_owned(), min.into());
        }
        if let Some(max) = max {
            range.insert("max".to_owned(), max.into());
        }
        range
    };
    let cpus = range(definition.minimum_cpu_core, definition.maximum_cpu_core);
    if !cpus.is_empty() {
        recommended.insert("vCPUs".to_owned(), cpus.into());
    }
    let memory = range(definition.minimum_memory, definition.maximum_memory);
    if !memory.is_empty() {
        recommended.insert("memory".to_owned(), memory.into());
    }
    recommended.into()
}

/// Whether `text` is a GUID (`8-4-4-4-12` hexadecimal digits): an object id or role definition id.
fn is_guid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(group, length)| {
            group.len() == length && group.chars().all(|c| c.is_ascii_hexdigit())
        })
}
