//! `az role assignment create`: a role on a gallery resource, as the spec's `role-assignment`.

use sigil_core::rules::is_guid;
use sigil_spec::document::{Entry, Node};

use super::flags::ROLE_ASSIGNMENT;
use super::words::Value;
use super::{Command, Flag, Reader, Target, variable_name};
use crate::resources::ResourceKind;

impl Reader<'_> {
    pub(super) fn role_assignment(&mut self, command: &Command) {
        let Some(scope) = command.get(&["--scope"]) else {
            self.ignored.push((
                command.range.clone(),
                format!(
                    "`{}` without `--scope`: sigil shares gallery resources only",
                    command.describe()
                ),
            ));
            return;
        };
        let id = match self.target(scope) {
            Target::Gallery(id)
                if matches!(
                    id.kind,
                    ResourceKind::Gallery
                        | ResourceKind::ImageDefinition
                        | ResourceKind::ImageVersion
                ) =>
            {
                id
            }
            Target::Gallery(_) | Target::Other => {
                self.ignored.push((
                    command.range.clone(),
                    format!(
                        "a role assignment on `{}`: sigil shares galleries, image definitions and image versions only",
                        scope.written[0]
                    ),
                ));
                return;
            }
            Target::Unknown(written, range) => {
                self.unresolved.push((
                    range,
                    format!(
                        "the `--scope` of `{}` is `{written}`: known only when the script runs",
                        command.describe()
                    ),
                ));
                return;
            }
        };
        let mut entries = vec![Entry::new(
            "scope",
            scope.range.clone(),
            Node::string(scope.values[0].range(), id.path()),
        )];
        for (names, key, shape) in ROLE_ASSIGNMENT {
            let Some(flag) = command.get(names) else {
                continue;
            };
            if let Some(value) = self.field(flag.name, *shape, &flag.values) {
                entries.push(Entry::new(*key, flag.range.clone(), value));
            }
        }
        if let Some(name) = command.get(&["--name"]) {
            match self.name_arguments(name, scope) {
                Some(arguments) if !command.has(&["--assignee-object-id"]) => {
                    entries.extend(principal(&arguments, name));
                }
                Some(_) => {}
                None => self.ignored.push((
                    name.values[0].range(),
                    "the role assignment's name: sigil names an assignment after its scope, principal and role"
                        .to_owned(),
                )),
            }
        }
        let known: Vec<&[&str]> = ROLE_ASSIGNMENT
            .iter()
            .map(|(names, ..)| *names)
            .chain([&["--scope", "--name"][..]])
            .collect();
        self.ignore_other_flags(command, &known);
        self.created.push((
            ResourceKind::RoleAssignment,
            Node::table(command.range.clone(), entries),
        ));
    }

    /// `--name "$name"` where `name=$(guid_of "$scope" PRINCIPAL "$role")`, ARM's `guid(scope, principal,
    /// role)` written in the script as sigil names assignments: the arguments of that command.
    fn name_arguments(&self, name: &Flag, scope: &Flag) -> Option<Vec<Value>> {
        let arguments = self.outputs.get(variable_name(name.written[0])?)?;
        let scope = &scope.values[0];
        arguments
            .iter()
            .any(|argument| {
                argument.range() == scope.range()
                    || (argument.text().is_some() && argument.text() == scope.text())
            })
            .then(|| arguments.clone())
    }
}

/// The GUID among the arguments naming an assignment: its principal's object id.
fn principal(arguments: &[Value], name: &Flag) -> Option<Entry> {
    arguments.iter().find_map(|argument| match argument {
        Value::Known { text, range, .. } if is_guid(text) => Some(Entry::new(
            "assignee-object-id",
            name.range.clone(),
            Node::string(range.clone(), text),
        )),
        _ => None,
    })
}
