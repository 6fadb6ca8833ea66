//! Role assignments (`Microsoft.Authorization/roleAssignments`) on a gallery resource: `scope: SYMBOL` of a
//! gallery, image definition or version is the spec's `scope`; the role definition's GUID (literal, or in
//! `subscriptionResourceId('Microsoft.Authorization/roleDefinitions', GUID)`, directly or through a `var`)
//! is the built-in role's name when sigil knows it; a principal id with a literal default is
//! `assignee-object-id`, and the `assignee` of its parameter's `@metadata` is `assignee`.

use std::ops::Range;

use sigil_core::rules::BUILT_IN_ROLE_IDS;
use sigil_spec::document::{Entry, Node};
use tree_sitter::Node as Syntax;

use super::leftovers::{self, Expect, Layout};
use super::{Collected, Other, Reader, named_children, parameters_entry, push};
use crate::arm::ResourceKind;

const ROLE_ASSIGNMENT_TYPE: &str = "Microsoft.Authorization/roleAssignments";
const ROLE_DEFINITION_TYPE: &str = "Microsoft.Authorization/roleDefinitions";

/// Everything sigil writes for a role assignment is read or derived (its name is a `guid(...)` of the rest).
const ROLE_ASSIGNMENT: Layout = &[
    (&["name"], Expect::Read),
    (&["scope"], Expect::Read),
    (&["dependsOn"], Expect::Read),
    (&["properties", "roleDefinitionId"], Expect::Read),
    (&["properties", "principalId"], Expect::Read),
];

impl<'t> Reader<'t> {
    /// The role assignments on gallery resources, each a `role-assignment` table; `used` gains their symbols.
    pub(super) fn role_assignments(&self, collected: &mut Collected, used: &mut Vec<String>) {
        for other in &self.others {
            if other.existing
                || !other
                    .resource_type
                    .eq_ignore_ascii_case(ROLE_ASSIGNMENT_TYPE)
            {
                continue;
            }
            if let Some(node) = self.role_assignment(other, collected) {
                push(&mut collected.arrays, "role-assignment", node);
                used.push(other.symbol.clone());
            }
        }
    }

    fn role_assignment(&self, other: &Other<'t>, collected: &mut Collected) -> Option<Node> {
        let body = other.body;
        let (scope_key, scope) = self.property(body, "scope")?;
        let scope_path = self.gallery_scope(scope)?;
        let mut entries = vec![Entry::new(
            "scope",
            scope_key,
            Node::string(scope.byte_range(), scope_path),
        )];
        let what = format!("role assignment `{}`", other.symbol);
        match self.syntax_at(body, &["properties", "roleDefinitionId"]) {
            Some((key, role)) => match self.role(role) {
                Some((name, range)) => {
                    entries.push(Entry::new("role", key, Node::string(range, name)));
                }
                None => collected.unresolved.push((
                    role.byte_range(),
                    format!(
                        "the role of {what}: `{}` is known only at deployment",
                        self.written(role)
                    ),
                )),
            },
            None => return None,
        }
        let principal = self.principal(body, &mut entries);
        if !principal {
            // Without a principal the spec cannot hold it: say so rather than report a missing assignee.
            let at = self
                .syntax_at(body, &["properties", "principalId"])
                .map_or_else(|| other.at.clone(), |(_, value)| value.byte_range());
            collected.unresolved.push((
                at,
                format!("the principal of {what} is known only at deployment"),
            ));
            return None;
        }
        let resource = Node::table(body.byte_range(), self.entries(body));
        collected.ignored.extend(leftovers::leftovers(
            &resource,
            ROLE_ASSIGNMENT,
            &[],
            &format!("this {what}"),
        ));
        Some(Node::table(body.byte_range(), entries))
    }

    /// `GALLERY[/DEFINITION[/VERSION]]` of a scope that is a gallery resource's symbol whose name is known.
    fn gallery_scope(&self, scope: Syntax<'t>) -> Option<String> {
        let symbol: String = self
            .written(scope)
            .chars()
            .filter(|ch| !ch.is_whitespace())
            .collect();
        let declared = self.symbols.get(&symbol)?;
        ResourceKind::of_type(&declared.resource_type).filter(|kind| {
            matches!(
                kind,
                ResourceKind::Gallery | ResourceKind::ImageDefinition | ResourceKind::ImageVersion
            )
        })?;
        let segments: Option<Vec<&str>> = declared
            .segments
            .iter()
            .map(|segment| segment.as_ref().map(|(text, _)| text.as_str()))
            .collect();
        Some(segments?.join("/"))
    }

    /// The role a role definition id names: a built-in role's name, else its GUID; and where the GUID is
    /// written.
    fn role(&self, node: Syntax<'t>) -> Option<(String, Range<usize>)> {
        let guid = self.role_guid(node)?;
        let (text, range) = guid;
        let name = BUILT_IN_ROLE_IDS
            .iter()
            .find(|(_, id)| id.eq_ignore_ascii_case(&text))
            .map_or(text, |(name, _)| (*name).to_owned());
        Some((name, range))
    }

    fn role_guid(&self, node: Syntax<'t>) -> Option<(String, Range<usize>)> {
        match node.kind() {
            "identifier" => {
                let name = self.written(node);
                let value = self
                    .vars
                    .get(name)
                    .copied()
                    .or_else(|| self.params.get(name)?.default)?;
                self.role_guid(value)
            }
            "call_expression" => {
                let [function, arguments] = named_children(node)[..] else {
                    return None;
                };
                let function = self.written(function);
                if !["subscriptionResourceId", "resourceId", "tenantResourceId"].contains(&function)
                {
                    return None;
                }
                let arguments = named_children(arguments);
                let (guid, rest) = arguments.split_last()?;
                let resource_type = rest.last()?;
                let (text, _) = self.text_and_range(*resource_type)?;
                text.eq_ignore_ascii_case(ROLE_DEFINITION_TYPE)
                    .then(|| self.text_and_range(*guid))?
            }
            _ => {
                let (text, range) = self.text_and_range(node)?;
                let guid = text.rsplit('/').next().unwrap_or(&text).to_owned();
                Some((guid, range))
            }
        }
    }

    /// The text of a value known before deployment, and where it is written.
    pub(super) fn text_and_range(&self, node: Syntax<'t>) -> Option<(String, Range<usize>)> {
        let pieces = self.pieces(node, &[]).ok()?;
        let range = pieces
            .iter()
            .filter(|piece| !piece.given)
            .map(|piece| piece.range.clone())
            .reduce(|all, one| all.start.min(one.start)..all.end.max(one.end))
            .unwrap_or_else(|| node.byte_range());
        Some((pieces.into_iter().map(|piece| piece.text).collect(), range))
    }

    /// Adds the principal of a role assignment's body to `entries`: `assignee-object-id` (and the parameter
    /// that carries it), `assignee` from the parameter's `@metadata`. Whether either is known.
    fn principal(&self, body: Syntax<'t>, entries: &mut Vec<Entry>) -> bool {
        let Some((key, principal)) = self.syntax_at(body, &["properties", "principalId"]) else {
            return false;
        };
        let mut known = false;
        if let Some((text, range)) = self.text_and_range(principal) {
            entries.push(Entry::new(
                "assignee-object-id",
                key.clone(),
                Node::string(range, text),
            ));
            known = true;
        }
        if let Some(assignee) = self.metadata_assignee(principal) {
            entries.push(Entry::new("assignee", key.clone(), assignee));
            known = true;
        }
        if let Some(parameter) = self.parameter(principal) {
            let parameters = vec![Entry::new(
                "assignee-object-id",
                key,
                Node::string(principal.byte_range(), parameter),
            )];
            entries.extend(parameters_entry(parameters));
        }
        known
    }

    /// The `assignee` of the `@metadata` of the parameter `principal` is.
    fn metadata_assignee(&self, principal: Syntax<'t>) -> Option<Node> {
        if principal.kind() != "identifier" {
            return None;
        }
        let metadata = self.params.get(self.written(principal))?.metadata?;
        let (_, assignee) = self.property(metadata, "assignee")?;
        let (text, range) = self.text_and_range(assignee)?;
        Some(Node::string(range, text))
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::read;

    const GALLERY: &str = "resource gallery 'Microsoft.Compute/galleries@2023-07-03' = {
  name: 'images'
}
resource definition 'Microsoft.Compute/galleries/images@2023-07-03' = {
  parent: gallery
  name: 'ubuntu'
}
";

    fn assignments(text: &str) -> (Vec<String>, crate::Read) {
        let read = read(Path::new("main.bicep"), text);
        let found = read
            .document
            .as_ref()
            .and_then(|document| document.get("role-assignment"))
            .map(|array| {
                array
                    .items()
                    .iter()
                    .map(|item| format!("{item:?}"))
                    .collect()
            })
            .unwrap_or_default();
        (found, read)
    }

    #[test]
    fn an_assignment_on_a_gallery_resource_reads_its_scope_role_and_principal() {
        let text = format!(
            "{GALLERY}@metadata({{
  assignee: 'team@example.com'
}})
param principalId string = '11111111-2222-3333-4444-555555555555'
var reader = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'acdd72a7-3385-48ef-bd42-f606fba81ae7')
resource share 'Microsoft.Authorization/roleAssignments@2022-04-01' = {{
  scope: definition
  name: guid(definition.id, principalId, reader)
  properties: {{
    roleDefinitionId: reader
    principalId: principalId
    principalType: 'Group'
  }}
}}
"
        );
        let (_, read) = assignments(&text);
        let document = read.document.expect("a document");
        let assignment = &document.get("role-assignment").unwrap().items()[0];
        let get = |key: &str| assignment.get(key).and_then(|node| node.as_str());
        assert_eq!(get("scope"), Some("images/ubuntu"));
        assert_eq!(get("role"), Some("Reader"));
        assert_eq!(
            get("assignee-object-id"),
            Some("11111111-2222-3333-4444-555555555555")
        );
        assert_eq!(get("assignee"), Some("team@example.com"));
        let parameters = assignment.get("parameters").unwrap();
        assert_eq!(
            parameters
                .get("assignee-object-id")
                .and_then(|node| node.as_str()),
            Some("principalId")
        );
        let [ignored] = &read.ignored[..] else {
            panic!("{:?}", read.ignored);
        };
        assert!(
            ignored.what.contains("`properties.principalType`"),
            "{}",
            ignored.what
        );
    }

    #[test]
    fn a_custom_role_is_its_guid_and_an_unknown_principal_is_unresolved() {
        let custom = "66666666-2222-3333-4444-555555555555";
        let text = format!(
            "{GALLERY}param principalId string
resource known 'Microsoft.Authorization/roleAssignments@2022-04-01' = {{
  scope: gallery
  name: guid('a')
  properties: {{
    roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/{custom}'
    principalId: '22222222-2222-3333-4444-555555555555'
  }}
}}
resource unknown 'Microsoft.Authorization/roleAssignments@2022-04-01' = {{
  scope: gallery
  name: guid('b')
  properties: {{
    roleDefinitionId: '{custom}'
    principalId: principalId
  }}
}}
"
        );
        let (found, read) = assignments(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains(custom), "{}", found[0]);
        assert!(
            read.unresolved.iter().any(|unknown| unknown
                .what
                .contains("principal of role assignment `unknown`")),
            "{:?}",
            read.unresolved
        );
    }
}
