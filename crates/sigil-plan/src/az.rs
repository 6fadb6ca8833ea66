//! The az CLI commands of deletions and updates, as the update and delete docs write them. Every value is
//! quoted with `sigil_gen::quote::bash`.

use std::collections::BTreeSet;

use sigil_core::model::{Gallery, ImageDefinition, ImageVersion, RoleAssignment, Spec, Tags, Vm};
use sigil_gen::quote;

use crate::diff::PropertyChange;
use crate::resources::{region_states, vm_group};

/// One az command: its words, then flags each with its values, written one flag a line.
pub(crate) struct Command {
    head: String,
    flags: Vec<String>,
    /// What shellcheck says about the values written literally (see [`literal_findings`]).
    shellcheck: BTreeSet<&'static str>,
}

impl Command {
    fn new(head: &str) -> Self {
        Self {
            head: head.to_owned(),
            flags: Vec::new(),
            shellcheck: BTreeSet::new(),
        }
    }

    fn flag(mut self, flag: &str, values: &[&str]) -> Self {
        let mut line = flag.to_owned();
        for value in values {
            self.shellcheck.extend(literal_findings(value));
            line.push(' ');
            line.push_str(&quote::bash(value));
        }
        self.flags.push(line);
        self
    }

    /// A flag whose value is a command substitution, written as it is: the caller builds it from quoted words.
    fn raw_flag(mut self, flag: &str, value: &str) -> Self {
        self.flags.push(format!("{flag} {value}"));
        self
    }

    /// `--set PATH=JSON`: the az CLI parses the value as JSON, so text stays text (`"123"` is not a number).
    fn set(self, path: &str, json: &serde_json::Value) -> Self {
        let value = format!("{path}={json}");
        self.flag("--set", &[&value])
    }

    pub(crate) fn render(&self) -> String {
        let mut text = String::new();
        if !self.shellcheck.is_empty() {
            let findings: Vec<&str> = self.shellcheck.iter().copied().collect();
            text = format!(
                "# shellcheck disable={} # values are literal text\n",
                findings.join(",")
            );
        }
        text.push_str(&self.head);
        for flag in &self.flags {
            text.push_str(" \\\n  ");
            text.push_str(flag);
        }
        text.push('\n');
        text
    }
}

/// What shellcheck says about a value written literally in single quotes, which is what it is meant to be:
/// `$` or a backtick (SC2016, "expressions don't expand in single quotes"), a backslash (SC1003, "want to
/// escape a single quote?") and a typographic single quote (SC1112, "this is a unicode quote"); as sigil-gen
/// disables them for its own commands.
fn literal_findings(value: &str) -> impl Iterator<Item = &'static str> {
    [
        (value.contains('\\'), "SC1003"),
        (value.contains(['\u{2018}', '\u{2019}']), "SC1112"),
        (value.contains(['$', '`']), "SC2016"),
    ]
    .into_iter()
    .filter_map(|(found, finding)| found.then_some(finding))
}

fn group(spec: &Spec) -> &str {
    spec.resource_group
        .as_ref()
        .map(|group| group.name.as_str())
        .unwrap_or_default()
}

fn tags_json(tags: &Tags) -> serde_json::Value {
    serde_json::to_value(tags).unwrap_or_default()
}

pub(crate) fn delete_gallery(spec: &Spec, gallery: &Gallery) -> Command {
    Command::new("az sig delete")
        .flag("--resource-group", &[group(spec)])
        .flag("--gallery-name", &[&gallery.name])
}

pub(crate) fn delete_definition(spec: &Spec, definition: &ImageDefinition) -> Command {
    Command::new("az sig image-definition delete")
        .flag("--resource-group", &[group(spec)])
        .flag("--gallery-name", &[&definition.gallery])
        .flag("--gallery-image-definition", &[&definition.name])
}

pub(crate) fn delete_version(spec: &Spec, version: &ImageVersion) -> Command {
    Command::new("az sig image-version delete")
        .flag("--resource-group", &[group(spec)])
        .flag("--gallery-name", &[&version.gallery])
        .flag("--gallery-image-definition", &[&version.image_definition])
        .flag("--gallery-image-version", &[&version.name])
}

pub(crate) fn delete_vm(spec: &Spec, vm: &Vm) -> Command {
    Command::new("az vm delete")
        .flag("--resource-group", &[vm_group(spec, vm)])
        .flag("--name", &[&vm.name])
        .flag("--yes", &[])
}

/// `az role assignment delete` on the scope's id, which `az sig ... show` looks up.
pub(crate) fn delete_assignment(spec: &Spec, assignment: &RoleAssignment) -> Command {
    let scope = &assignment.scope;
    let mut show = Command::new("az sig")
        .flag("--resource-group", &[group(spec)])
        .flag("--gallery-name", &[scope.gallery()]);
    show.head = match scope {
        sigil_core::model::ResourcePath::Gallery(_) => "az sig show".to_owned(),
        sigil_core::model::ResourcePath::ImageDefinition(_, definition) => {
            show = show.flag("--gallery-image-definition", &[definition]);
            "az sig image-definition show".to_owned()
        }
        sigil_core::model::ResourcePath::ImageVersion(_, definition, version) => {
            show = show
                .flag("--gallery-image-definition", &[definition])
                .flag("--gallery-image-version", &[version]);
            "az sig image-version show".to_owned()
        }
    };
    let lookup = format!(
        "\"$({} {} --query id -o tsv)\"",
        show.head,
        show.flags.join(" ")
    );
    let mut command = Command::new("az role assignment delete")
        .flag("--assignee", &[crate::resources::principal(assignment)])
        .flag("--role", &[&assignment.role])
        .raw_flag("--scope", &lookup);
    command.shellcheck.extend(show.shellcheck);
    command
}

pub(crate) fn update_gallery(
    spec: &Spec,
    gallery: &Gallery,
    changes: &[PropertyChange],
) -> Command {
    let mut command = Command::new("az sig update")
        .flag("--resource-group", &[group(spec)])
        .flag("--gallery-name", &[&gallery.name]);
    for change in changes {
        command = match change.key {
            "description" => command.set("description", &text(gallery.description.as_deref())),
            "tags" => command.set("tags", &tags_json(&gallery.tags)),
            _ => command,
        };
    }
    command
}

fn text(value: Option<&str>) -> serde_json::Value {
    value.map_or(serde_json::Value::Null, serde_json::Value::from)
}

pub(crate) fn update_definition(
    spec: &Spec,
    definition: &ImageDefinition,
    changes: &[PropertyChange],
) -> Command {
    let mut command = Command::new("az sig image-definition update")
        .flag("--resource-group", &[group(spec)])
        .flag("--gallery-name", &[&definition.gallery])
        .flag("--gallery-image-definition", &[&definition.name]);
    let mut recommended = false;
    for change in changes {
        command = match change.key {
            "description" => command.set("description", &text(definition.description.as_deref())),
            "eula" => command.set("eula", &text(definition.eula.as_deref())),
            "release-note-uri" => command.set(
                "releaseNoteUri",
                &text(definition.release_note_uri.as_deref()),
            ),
            "privacy-statement-uri" => command.set(
                "privacyStatementUri",
                &text(definition.privacy_statement_uri.as_deref()),
            ),
            "end-of-life-date" => command.set(
                "endOfLifeDate",
                &text(
                    definition
                        .end_of_life_date
                        .map(|date| date.to_string())
                        .as_deref(),
                ),
            ),
            "disallowed-disk-types" => command.set(
                "disallowed",
                &serde_json::json!({ "diskTypes": definition.disallowed_disk_types }),
            ),
            "tags" => command.set("tags", &tags_json(&definition.tags)),
            "minimum-cpu-core" | "maximum-cpu-core" | "minimum-memory" | "maximum-memory"
                if !recommended =>
            {
                recommended = true;
                command.set("recommended", &crate::recommended_json(definition))
            }
            _ => command,
        };
    }
    command
}

/// The update of a version's publishing profile and tags; a second command sets the exclusion from latest
/// of single regions, for which `--target-regions` has no field.
pub(crate) fn update_version(
    spec: &Spec,
    version: &ImageVersion,
    changes: &[PropertyChange],
) -> Vec<Command> {
    let base = |head: &str| {
        Command::new(head)
            .flag("--resource-group", &[group(spec)])
            .flag("--gallery-name", &[&version.gallery])
            .flag("--gallery-image-definition", &[&version.image_definition])
            .flag("--gallery-image-version", &[&version.name])
    };
    let mut command = base("az sig image-version update");
    let regions = region_states(spec, version);
    let mut regions_changed = false;
    for change in changes {
        command = match change.key {
            "target-regions" | "replica-count" if !regions_changed => {
                regions_changed = true;
                let words: Vec<String> = regions
                    .iter()
                    .map(|region| format!("{}={}={}", region.name, region.replicas, region.storage))
                    .collect();
                let words: Vec<&str> = words.iter().map(String::as_str).collect();
                command.flag("--target-regions", &words).flag(
                    "--replica-count",
                    &[&version.replica_count.unwrap_or(1).to_string()],
                )
            }
            "exclude-from-latest" => command.set(
                "publishingProfile.excludeFromLatest",
                &serde_json::Value::from(version.exclude_from_latest()),
            ),
            "end-of-life-date" => command.set(
                "publishingProfile.endOfLifeDate",
                &text(
                    version
                        .end_of_life_date
                        .map(|date| date.to_string())
                        .as_deref(),
                ),
            ),
            "tags" => command.set("tags", &tags_json(&version.tags)),
            _ => command,
        };
    }
    let mut commands = vec![command];
    let exclusions: Vec<(usize, bool)> = regions
        .iter()
        .enumerate()
        .filter_map(|(index, region)| region.exclude_from_latest.map(|exclude| (index, exclude)))
        .collect();
    if regions_changed && !exclusions.is_empty() {
        let mut exclusion = base("az sig image-version update");
        for (index, exclude) in exclusions {
            exclusion = exclusion.set(
                &format!("publishingProfile.targetRegions[{index}].excludeFromLatest"),
                &serde_json::Value::from(exclude),
            );
        }
        commands.push(exclusion);
    }
    commands
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: a value with `$` in single quotes made shellcheck fail the plan (SC2016), as a backslash
    /// (SC1003) and a typographic quote (SC1112) would; they are literal text, so the command disables them.
    #[test]
    fn literal_values_disable_what_shellcheck_would_flag_and_nothing_else() {
        let command = |value: &str| {
            Command::new("az sig update")
                .flag("--set", &[value])
                .render()
        };
        assert!(!command("plain text").contains("shellcheck"));
        for (value, findings) in [
            ("$(not run)", "SC2016"),
            ("`tick`", "SC2016"),
            ("a \\ b", "SC1003"),
            ("it\u{2019}s", "SC1112"),
            ("$x \\ \u{2018}", "SC1003,SC1112,SC2016"),
        ] {
            let rendered = command(value);
            let first = rendered.lines().next().unwrap_or_default();
            assert_eq!(
                first,
                format!("# shellcheck disable={findings} # values are literal text"),
                "{value}"
            );
        }
    }
}
