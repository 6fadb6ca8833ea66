//! `main.bicep` and the modules of VMs in other resource groups: snapshots of every example, their syntax by
//! tree-sitter-bicep, the Bicep linter's default rules that can be checked on the syntax tree, every spec
//! value surviving its quoting, and a property test that `quote::bicep` round-trips any string through the
//! Bicep grammar and the language's escapes.

use std::collections::BTreeSet;

use proptest::prelude::*;
use sigil_core::model::Spec;
use sigil_gen::{Format, Options, Plan, bicep as emitter, quote, render};
use tree_sitter::{Node, Parser, Tree};

mod common;

use common::{EXISTING_VERSION, example, example_names, options, spec};

fn bicep(spec: &Spec) -> String {
    let plan = Plan::new(spec).expect("the spec plans");
    render(&plan, Format::Bicep, &options()).expect("main.bicep renders")
}

/// `main.bicep` and its modules, by path.
fn files(spec: &Spec) -> Vec<(String, String)> {
    let plan = Plan::new(spec).expect("the spec plans");
    let mut files = vec![("main.bicep".to_owned(), bicep(spec))];
    files.extend(emitter::modules(&plan, &options()).expect("the modules render"));
    files
}

fn parse(text: &str) -> Tree {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_bicep::LANGUAGE.into())
        .expect("the Bicep grammar loads");
    parser
        .parse(text, None)
        .expect("tree-sitter returns a tree")
}

/// Every node of the tree, depth first.
fn nodes(tree: &Tree) -> Vec<Node<'_>> {
    let mut all = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        all.push(node);
        let mut cursor = node.walk();
        let children: Vec<Node<'_>> = node.children(&mut cursor).collect();
        stack.extend(children.into_iter().rev());
    }
    all
}

/// The syntax errors tree-sitter found, with their lines.
fn syntax_errors(tree: &Tree, text: &str) -> Vec<String> {
    nodes(tree)
        .into_iter()
        .filter(|node| node.is_error() || node.is_missing())
        .map(|node| {
            format!(
                "line {}: {:?}",
                node.start_position().row + 1,
                &text[node.byte_range()]
            )
        })
        .collect()
}

fn text_of<'t>(node: Node<'_>, text: &'t str) -> &'t str {
    &text[node.byte_range()]
}

/// The value of a single-line Bicep string literal (quotes included) as the Bicep compiler's lexer reads
/// it: `\n \r \t \\ \' \$` and `\u{HEX}` escapes; a raw line break, an unescaped `'`, an unknown escape or a
/// `${` (which would start an interpolation) is an error.
fn decode(literal: &str) -> Result<String, String> {
    let inner = literal
        .strip_prefix('\'')
        .and_then(|rest| rest.strip_suffix('\''))
        .ok_or_else(|| format!("{literal:?} is not quoted"))?;
    let mut value = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                return Err(format!(
                    "{literal:?}: an unescaped quote ends the string early"
                ));
            }
            '\n' | '\r' => return Err(format!("{literal:?}: a line break inside a string")),
            '$' if chars.peek() == Some(&'{') => {
                return Err(format!("{literal:?}: an interpolation"));
            }
            '\\' => match chars.next() {
                Some('n') => value.push('\n'),
                Some('r') => value.push('\r'),
                Some('t') => value.push('\t'),
                Some(escaped @ ('\\' | '\'' | '$')) => value.push(escaped),
                Some('u') => {
                    if chars.next() != Some('{') {
                        return Err(format!("{literal:?}: \\u without {{"));
                    }
                    let mut hex = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some(digit) if digit.is_ascii_hexdigit() => hex.push(digit),
                            other => {
                                return Err(format!("{literal:?}: bad \\u escape at {other:?}"));
                            }
                        }
                    }
                    let code = u32::from_str_radix(&hex, 16)
                        .map_err(|error| format!("{literal:?}: {error}"))?;
                    value.push(
                        char::from_u32(code)
                            .ok_or_else(|| format!("{literal:?}: no char {code:X}"))?,
                    );
                }
                other => return Err(format!("{literal:?}: unknown escape \\{other:?}")),
            },
            c => value.push(c),
        }
    }
    Ok(value)
}

/// The decoded value of every string literal of a file. The file's only interpolated strings are names
/// derived from a parameter (`'${vmName}VNET'`): their holes hold one identifier and nothing from the spec.
fn string_values(tree: &Tree, text: &str) -> Vec<String> {
    nodes(tree)
        .into_iter()
        .filter(|node| {
            node.kind() == "string"
                && node
                    .parent()
                    .is_none_or(|parent| parent.kind() != "primitive_type")
        })
        .filter(|node| {
            let mut cursor = node.walk();
            let holes: Vec<Node<'_>> = node
                .children(&mut cursor)
                .filter(|child| child.kind() == "interpolation")
                .collect();
            for hole in &holes {
                let inner = text_of(*hole, text);
                let identifier = &inner[2..inner.len() - 1];
                assert!(
                    !identifier.is_empty() && identifier.chars().all(|c| c.is_ascii_alphanumeric()),
                    "an interpolation of more than a parameter: {}",
                    text_of(*node, text)
                );
            }
            holes.is_empty()
        })
        .map(|node| decode(text_of(node, text)).unwrap_or_else(|error| panic!("{error}")))
        .collect()
}

/// The name declared by a `param`, `var` or `resource` node.
fn declared_name<'t>(node: Node<'_>, text: &'t str) -> &'t str {
    let mut cursor = node.walk();
    let identifier = node
        .children(&mut cursor)
        .find(|child| child.kind() == "identifier")
        .expect("a name");
    text_of(identifier, text)
}

/// How often each identifier is used, outside the place it is declared.
fn uses(tree: &Tree, text: &str) -> Vec<String> {
    nodes(tree)
        .into_iter()
        .filter(|node| node.kind() == "identifier")
        .filter(|node| {
            let parent = node.parent().expect("an identifier has a parent");
            let declares = matches!(
                parent.kind(),
                "parameter_declaration" | "variable_declaration" | "resource_declaration"
            ) && parent.child(1).is_some_and(|name| name.id() == node.id());
            let property_name = parent.kind() == "object_property"
                && parent.child(0).is_some_and(|key| key.id() == node.id());
            !declares && !property_name
        })
        .map(|node| text_of(node, text).to_owned())
        .collect()
}

// ------------------------------------------------------------------------------------------ snapshots

#[test]
fn every_example_matches_its_snapshot() {
    for name in &example_names() {
        let files = files(&example(name));
        for (path, text) in files {
            if path == "main.bicep" {
                insta::assert_snapshot!(name.as_str(), text);
            } else {
                let module = path.trim_end_matches(".bicep").replace('/', "_");
                insta::assert_snapshot!(format!("{name}__{module}"), text);
            }
        }
    }
}

#[test]
fn rendering_is_deterministic() {
    for name in &example_names() {
        let spec = example(name);
        assert_eq!(files(&spec), files(&spec), "{name}");
    }
}

// ------------------------------------------------------------------------------------ syntax and lint

#[test]
fn every_example_parses_without_errors() {
    for name in &example_names() {
        for (path, text) in files(&example(name)) {
            let tree = parse(&text);
            assert_eq!(
                syntax_errors(&tree, &text),
                Vec::<String>::new(),
                "{name}/{path}:\n{text}"
            );
            let _ = string_values(&tree, &text);
        }
    }
}

/// The default linter rules that show on the syntax tree: `no-unused-params`, `no-unused-vars`,
/// `no-unused-existing-resources`, `no-unnecessary-dependson` (a `dependsOn` lists only what no reference
/// implies), `use-parent-property` (no `/` in names), `secure-parameter-default`,
/// `no-loc-expr-outside-params` (no `resourceGroup()` outside a parameter default: a module's
/// `resourceGroup(name)` is a scope), `prefer-interpolation` (no `concat`), `prefer-unquoted-property-names`,
/// `no-hardcoded-env-urls` (disabled, line by line, where a spec value names such a host); and a
/// description on every parameter.
fn lint(name: &str, text: &str) {
    let tree = parse(text);
    lint_declarations(name, &tree, text);
    for node in nodes(&tree) {
        if node.kind() == "object_property" {
            lint_property(name, node, text);
        }
        if node.kind() == "call_expression" {
            let function = text_of(node.child(0).expect("a function"), text);
            assert_ne!(function, "concat", "{name}: concat");
            if text_of(node, text) == "resourceGroup()" {
                let in_parameter = std::iter::successors(node.parent(), Node::parent)
                    .any(|ancestor| ancestor.kind() == "parameter_declaration");
                assert!(
                    in_parameter,
                    "{name}: resourceGroup() outside a parameter default"
                );
            }
        }
    }
    let lines: Vec<&str> = text.lines().collect();
    for (index, line) in lines.iter().enumerate() {
        let flagged = [
            "core.windows.net",
            "management.azure.com",
            "vault.azure.net",
            "login.microsoftonline.com",
        ]
        .iter()
        .any(|host| {
            line.to_ascii_lowercase().contains(host) && !line.trim_start().starts_with("//")
        });
        if flagged {
            assert!(
                index > 0 && lines[index - 1].trim() == "#disable-next-line no-hardcoded-env-urls",
                "{name}: line {} names an environment host without the rule disabled",
                index + 1
            );
        }
    }
}

/// Every parameter, variable and `existing` resource is used; every parameter has a description, and a
/// secure one no default.
fn lint_declarations(name: &str, tree: &Tree, text: &str) {
    let used: BTreeSet<String> = uses(tree, text).into_iter().collect();
    let root = tree.root_node();
    let mut cursor = root.walk();
    let top: Vec<Node<'_>> = root.children(&mut cursor).collect();
    for (index, node) in top.iter().enumerate() {
        let declared = || declared_name(*node, text);
        let existing = || {
            let mut cursor = node.walk();
            node.children(&mut cursor)
                .any(|child| child.kind() == "existing")
        };
        match node.kind() {
            "parameter_declaration" | "variable_declaration" => {
                assert!(
                    used.contains(declared()),
                    "{name}: `{}` is declared and never used",
                    declared()
                );
            }
            "resource_declaration" if existing() => {
                assert!(
                    used.contains(declared()),
                    "{name}: existing `{}` is never used",
                    declared()
                );
            }
            _ => {}
        }
        if node.kind() == "parameter_declaration" {
            let decorators = top[..index]
                .iter()
                .rev()
                .find(|before| before.kind() != "diagnostic_comment")
                .map(|before| text_of(*before, text))
                .unwrap_or_default();
            assert!(
                decorators.contains("@description("),
                "{name}: {} has no description",
                text_of(*node, text)
            );
            if decorators.contains("@secure()") {
                assert!(
                    !text_of(*node, text).contains('='),
                    "{name}: a secure parameter with a default"
                );
            }
        }
    }
}

/// Property names unquoted where they can be; resource names without `/`; `dependsOn` only for what no
/// reference implies.
fn lint_property(name: &str, node: Node<'_>, text: &str) {
    let key = node.child(0).expect("a key");
    let key_text = text_of(key, text);
    if key.kind() == "string" {
        let value = decode(key_text).expect("a key decodes");
        let identifier = value
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && value.len() <= 255;
        assert!(
            !identifier || matches!(value.as_str(), "true" | "false" | "null"),
            "{name}: quoted property name {key_text}"
        );
    }
    let Some(resource) = node
        .parent()
        .and_then(|object| object.parent())
        .filter(|parent| parent.kind() == "resource_declaration")
    else {
        return;
    };
    let value = text_of(node.child(2).expect("a value"), text);
    if key_text == "name" {
        assert!(
            !value.contains('/'),
            "{name}: a resource named with a path, {value}"
        );
    }
    if key_text == "dependsOn" {
        let rest = text_of(resource, text).replace(text_of(node, text), "");
        for symbol in value
            .trim_matches(|c| c == '[' || c == ']')
            .split_whitespace()
        {
            let referenced = rest.match_indices(symbol).any(|(at, _)| {
                let after = rest[at + symbol.len()..].chars().next();
                let before = rest[..at].chars().next_back();
                !after.is_some_and(|c| c.is_ascii_alphanumeric())
                    && !before.is_some_and(|c| c.is_ascii_alphanumeric())
            });
            assert!(
                !referenced,
                "{name}: dependsOn {symbol}, which a reference already implies"
            );
        }
    }
}

#[test]
fn every_example_keeps_the_linter_default_rules() {
    for name in &example_names() {
        for (path, text) in files(&example(name)) {
            lint(&format!("{name}/{path}"), &text);
        }
    }
}

#[test]
fn resources_use_the_api_versions_and_shapes_of_issue_4() {
    let text = bicep(&example("windows-trusted-launch"));
    assert!(text.starts_with("// Generated by sigil from 'sigil.toml': "));
    assert!(text.contains("param location string = resourceGroup().location\n"));
    assert!(text.contains("resource gallery 'Microsoft.Compute/galleries@2025-03-03' = {"));
    assert!(text.contains("resource imageDefinition 'Microsoft.Compute/galleries/images@2025-03-03' = {\n  parent: gallery\n"));
    assert!(text.contains(
        "resource imageVersion 'Microsoft.Compute/galleries/images/versions@2025-03-03' = {\n  parent: imageDefinition\n"
    ));
    assert!(text.contains(
        "resource roleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {\n  scope: imageDefinition\n  \
         name: guid(imageDefinition.id, roleAssignmentPrincipalId, readerRoleDefinitionId)\n"
    ));
    assert!(text.contains(
        "var readerRoleDefinitionId = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', \
         'acdd72a7-3385-48ef-bd42-f606fba81ae7')\n"
    ));
    // References imply every dependency of the gallery resources.
    assert!(!bicep(&example("seed")).contains("dependsOn"));
}

#[test]
fn vms_are_made_as_az_vm_create_makes_them() {
    let text = bicep(&example("windows-trusted-launch"));
    assert!(
        text.contains("@secure()\nparam vmAdminPassword string\n"),
        "{text}"
    );
    assert!(text.contains("param vmAdminUsername string = 'azureadmin'\n"));
    assert!(
        text.contains(
            "      adminUsername: vmAdminUsername\n      adminPassword: vmAdminPassword\n"
        )
    );
    assert!(text.contains("    securityProfile: {\n      securityType: 'TrustedLaunch'\n"));
    // No public IP asked: none made, and the security group opens nothing.
    assert!(!text.contains("publicIPAddresses"));
    assert!(text.contains("resource vmNetworkSecurityGroup 'Microsoft.Network/networkSecurityGroups@2025-07-01' = {\n  name: '${vmName}NSG'\n  location: location\n  properties: {}\n}"));
    // From latest: the VM waits for the definition's versions.
    assert!(text.contains("        id: imageDefinition.id\n"));
    assert!(text.contains("  dependsOn: [\n    imageVersion\n  ]\n"));

    let text = bicep(&example("specialized-vm"));
    // A specialized image: no credentials at all.
    assert!(!text.contains("osProfile"));
    assert!(!text.contains("AdminUsername"));
    // Pinned: the reference is the dependency.
    assert!(text.contains("        id: imageVersion.id\n"));
    assert!(!text.contains("dependsOn"));
    // A public IP on request, and SSH open on it.
    assert!(text.contains("          publicIPAddress: {\n            id: vmPublicIp.id\n"));
    assert!(text.contains("destinationPortRange: '22'"));

    let text = bicep(&example("linux-arm64"));
    assert!(text.contains("      vmSize: 'Standard_D2ps_v5'\n"));
    assert!(text.contains("              path: '/home/${vmAdminUsername}/.ssh/authorized_keys'\n"));
    assert!(text.contains("  dependsOn: [\n    imageVersion\n    imageVersion2\n  ]\n"));
}

#[test]
fn a_vm_in_another_group_is_a_module_scoped_to_that_group() {
    let spec = example("vm-other-group");
    let files = files(&spec);
    let paths: Vec<&str> = files.iter().map(|(path, _)| path.as_str()).collect();
    assert_eq!(
        paths,
        ["main.bicep", "modules/vm.bicep", "modules/vm2.bicep"]
    );
    let main = &files[0].1;
    assert!(
        !main.contains("Microsoft.Resources/deployments") && !main.contains("virtualMachines@"),
        "no deployments resource, and the VMs only in their modules:\n{main}"
    );
    assert!(main.contains("param vmResourceGroupName string = 'rg-vm-consumers'\n"));
    assert!(main.contains(
        "module vmDeployment 'modules/vm.bicep' = {\n  name: 'vmDeployment'\n  scope: resourceGroup(vmResourceGroupName)\n  params: {\n    vmName: vmName\n    vmAdminUsername: vmAdminUsername\n    imageId: imageVersion.id\n  }\n}\n"
    ), "{main}");
    assert!(main.contains(
        "  params: {\n    location: location\n    vm2Name: vm2Name\n    vm2AdminUsername: vm2AdminUsername\n    vm2AdminPassword: vm2AdminPassword\n    imageId: imageVersion.id\n  }\n"
    ), "the password passes from the secure parameter to the module's");
    let module = &files[2].1;
    assert!(
        module.contains("@secure()\nparam vm2AdminPassword string\n"),
        "{module}"
    );
    assert!(
        module.contains("param location string\n"),
        "passed, never defaulted"
    );
    assert!(module.contains("      imageReference: {\n        id: imageId\n      }\n"));
    assert!(
        !module.contains("dependsOn"),
        "main.bicep's module waits for the image"
    );
    assert!(
        !files[1].1.contains("param location"),
        "the first VM has its own location"
    );

    // From latest, the module waits for the versions as the VM would.
    let mut latest = spec.clone();
    latest.vms.truncate(1);
    latest.vms[0].image = "sharedImages/ubuntu-24.04".parse().unwrap();
    let main = bicep(&latest);
    assert!(
        main.contains(
            "    imageId: imageDefinition.id\n  }\n  dependsOn: [\n    imageVersion\n  ]\n}\n"
        ),
        "{main}"
    );
}

#[test]
fn hostile_values_stay_quoted_in_a_module() {
    for value in HOSTILE {
        let mut spec = example("vm-other-group");
        spec.vms[0].resource_group = Some(value.to_string());
        spec.vms[0]
            .tags
            .insert(value.to_string(), value.to_string());
        spec.vms[0].ssh_key_value = Some(value.to_string());
        let plan = Plan::new(&spec).expect("the spec plans");
        let options = Options {
            source_name: (*value).to_owned(),
            ..options()
        };
        for (path, text) in emitter::modules(&plan, &options).expect("the modules render") {
            let tree = parse(&text);
            assert_eq!(
                syntax_errors(&tree, &text),
                Vec::<String>::new(),
                "{value:?} {path}:\n{text}"
            );
            lint(&format!("{value:?} {path}"), &text);
            let declarations = tree.root_node().named_child_count();
            if path == "modules/vm.bicep" {
                let values = string_values(&tree, &text);
                assert!(
                    values.iter().filter(|written| *written == value).count() >= 5,
                    "{value:?}: the tag value on four resources and the key:\n{text}"
                );
                assert!(
                    declarations >= 7,
                    "{value:?}: three parameters, four resources"
                );
            }
        }
    }
}

#[test]
fn existing_galleries_are_referenced_not_created() {
    let text = bicep(&example("existing-gallery"));
    assert!(text.contains(
        "resource gallery 'Microsoft.Compute/galleries@2025-03-03' existing = {\n  name: galleryName\n}\n"
    ));
    // No assignee-object-id in the spec: the principal is a parameter without default.
    assert!(text.contains("\nparam roleAssignmentPrincipalId string\n"));
    // The VHD URI is the spec's, with the environment-URL rule disabled for its line.
    assert!(text.contains(
        "          #disable-next-line no-hardcoded-env-urls\n          \
         uri: 'https://contosobuild.blob.core.windows.net/vhds/rhel-9.4.vhd'\n"
    ));
}

#[test]
fn an_existing_version_is_declared_existing_under_its_parameter() {
    let text = bicep(&spec(EXISTING_VERSION));
    let tree = parse(&text);
    assert_eq!(syntax_errors(&tree, &text), Vec::<String>::new());
    assert!(
        text.contains(
            "resource imageVersion 'Microsoft.Compute/galleries/images/versions@2025-03-03' existing = {\n  \
             parent: imageDefinition\n  name: existingGalleryImageVersionName\n}\n"
        ),
        "{text}"
    );
    assert!(text.contains("param existingGalleryImageVersionName string = '1.0.0'\n"));
    // The grant and the pinned VM refer to the existing version's symbol; only the other version is created.
    assert!(text.contains("  scope: imageVersion\n"), "{text}");
    assert!(text.contains("      id: imageVersion.id\n"), "{text}");
    assert_eq!(
        text.matches("'Microsoft.Compute/galleries/images/versions@2025-03-03' = {")
            .count(),
        1,
        "{text}"
    );
}

#[test]
fn an_existing_version_nothing_refers_to_is_left_out() {
    let mut spec = spec(EXISTING_VERSION);
    spec.role_assignments.clear();
    spec.vms.retain(|vm| vm.image.version.is_none());
    let text = bicep(&spec);
    assert!(!text.contains("resource imageVersion "), "{text}");
    assert!(
        text.contains("param existingGalleryImageVersionName string = '1.0.0'\n"),
        "{text}"
    );
}

#[test]
fn an_existing_resource_nothing_refers_to_is_left_out() {
    let mut spec = example("seed");
    spec.galleries[0].existing = true;
    spec.image_definitions.clear();
    spec.role_assignments.clear();
    let text = bicep(&spec);
    let tree = parse(&text);
    assert_eq!(syntax_errors(&tree, &text), Vec::<String>::new());
    assert!(!text.contains("resource "), "{text}");
    // Its name parameter stays, as in the ARM template and its parameters file (which a Bicep deployment
    // refuses when they name a parameter it does not declare).
    assert!(
        text.contains("param galleryName string = 'myGallery'\n"),
        "{text}"
    );
    assert!(!text.contains("param location"), "{text}");
}

#[test]
fn every_string_of_the_examples_is_in_the_file() {
    /// Keys whose values are references (written as symbols), or that the file states another way.
    const NOT_AS_TEXT: &[&str] = &[
        "gallery",
        "image-definition",
        "scope",
        "role",
        "image",
        "authentication-type",
        "nsg-rule",
    ];
    fn strings<'v>(value: &'v serde_json::Value, key: &str, out: &mut Vec<&'v str>) {
        match value {
            serde_json::Value::String(text) if !NOT_AS_TEXT.contains(&key) => out.push(text),
            // Template parameter names, which the file declares rather than writes as strings.
            serde_json::Value::Object(_) if key == "parameters" => {}
            serde_json::Value::Array(items) => {
                for item in items {
                    strings(item, key, out);
                }
            }
            // A resource made elsewhere is referred to by its name alone.
            serde_json::Value::Object(map) if map.get("existing") == Some(&true.into()) => {
                if let Some(name) = map.get("name") {
                    strings(name, "name", out);
                }
            }
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    if key != "resource-group" && key != "metadata" {
                        strings(value, key, out);
                    }
                }
            }
            _ => {}
        }
    }
    for name in &example_names() {
        let spec = example(name);
        let files = files(&spec);
        let text: String = files.iter().map(|(_, text)| text.as_str()).collect();
        let values: Vec<String> = files
            .iter()
            .flat_map(|(_, text)| string_values(&parse(text), text))
            .collect();
        let json = serde_json::to_value(&spec).expect("the spec serialises");
        let mut expected = Vec::new();
        strings(&json, "", &mut expected);
        for parameter in parameter_names(&json) {
            assert!(
                text.contains(&format!("\nparam {parameter} string")),
                "{name}: parameter `{parameter}` is not declared in main.bicep nor its modules"
            );
        }
        for value in expected {
            let tag_key = text.contains(&format!("    {value}: "));
            assert!(
                tag_key || values.iter().any(|written| written.contains(value)),
                "{name}: `{value}` is not in main.bicep nor its modules"
            );
        }
    }
}

/// The template parameter names of every `parameters` table of a spec.
fn parameter_names(spec: &serde_json::Value) -> Vec<&str> {
    let Some(arrays) = spec.as_object() else {
        return Vec::new();
    };
    arrays
        .values()
        .filter_map(serde_json::Value::as_array)
        .flatten()
        .filter_map(|resource| resource.get("parameters")?.as_object())
        .flat_map(serde_json::Map::values)
        .filter_map(serde_json::Value::as_str)
        .collect()
}

// ----------------------------------------------------------------------------------------- hostile values

const HOSTILE: &[&str] = &[
    "it's",
    "$(rm -rf /)",
    "`whoami`",
    "${subscription().id}",
    "\\${x}",
    "a\\",
    "line\nbreak\r\n",
    "tab\tand\u{7}bell\u{0}",
    "\u{2018}single\u{2019} \u{201C}double\u{201D}",
    "' = 1\nresource x 'y' = {",
    "}\n}\nvar z = '",
    "https://evil.blob.core.windows.net/x",
    "# not a comment // nor this /* */",
];

/// A spec with `value` everywhere free text goes: descriptions, tags (keys and values), URIs, plan,
/// sources, the assignee.
fn hostile_spec(value: &str) -> Spec {
    let mut spec = example("windows-trusted-launch");
    let gallery = &mut spec.galleries[0];
    gallery.description = Some(value.to_owned());
    gallery.tags.insert(value.to_owned(), value.to_owned());
    let definition = &mut spec.image_definitions[0];
    definition.description = Some(value.to_owned());
    definition.eula = Some(value.to_owned());
    definition.privacy_statement_uri = Some(value.to_owned());
    definition.release_note_uri = Some(value.to_owned());
    definition.plan_name = Some(value.to_owned());
    definition
        .tags
        .insert(format!("k{value}"), value.to_owned());
    definition.disallowed_disk_types = vec![value.to_owned()];
    let version = &mut spec.image_versions[0];
    version.managed_image = Some(value.to_owned());
    version.tags.insert("plain".to_owned(), value.to_owned());
    spec.role_assignments[0].assignee = Some(value.to_owned());
    spec.role_assignments[0].assignee_object_id = Some(value.to_owned());
    spec.vms.clear();
    spec
}

fn assert_stays_quoted(value: &str) {
    let text = bicep(&hostile_spec(value));
    let tree = parse(&text);
    assert_eq!(
        syntax_errors(&tree, &text),
        Vec::<String>::new(),
        "{value:?}:\n{text}"
    );
    lint(&format!("{value:?}"), &text);
    let reference = bicep(&hostile_spec("harmless"));
    // The same declarations, in the same order: nothing was added or cut off.
    let shape = |text: &str| -> Vec<String> {
        let tree = parse(text);
        let root = tree.root_node();
        let mut cursor = root.walk();
        root.children(&mut cursor)
            .filter(|node| node.kind().ends_with("_declaration"))
            .map(|node| format!("{} {}", node.kind(), declared_name(node, text)))
            .collect()
    };
    assert_eq!(shape(&text), shape(&reference), "{value:?}");
    let values = string_values(&tree, &text);
    let exact = values.iter().filter(|written| *written == value).count();
    // gallery description and tag value; definition description, eula, two URIs, plan name, tag value, disk
    // type; version source and tag value; principal default (and the tag keys where they need quotes).
    assert!(
        exact >= 12,
        "{value:?} is written exactly {exact} times:\n{text}"
    );
    let key = format!("k{value}");
    assert!(
        values.contains(&key) || text.contains(&format!("\n    {key}: ")),
        "{value:?}: the tag key"
    );
}

#[test]
fn hostile_values_stay_inside_their_quotes() {
    for value in HOSTILE {
        assert_stays_quoted(value);
    }
}

#[test]
fn hostile_source_names_stay_in_the_header_comment() {
    let spec = example("seed");
    let plan = Plan::new(&spec).expect("the seed plans");
    let options = Options {
        source_name: "x'\nresource y 'z' = {".to_owned(),
        ..options()
    };
    let text = render(&plan, Format::Bicep, &options).expect("renders");
    assert!(
        text.starts_with("// Generated by sigil from 'x\\'\\nresource y \\'z\\' = {': "),
        "{text}"
    );
    let tree = parse(&text);
    assert_eq!(syntax_errors(&tree, &text), Vec::<String>::new());
}

/// Characters that mean something to Bicep or to the other quoters, and some that look alike.
fn tricky_string() -> impl Strategy<Value = String> {
    let special = prop_oneof![
        Just('\''),
        Just('\\'),
        Just('$'),
        Just('{'),
        Just('}'),
        Just('\n'),
        Just('\r'),
        Just('\t'),
        Just('\u{0}'),
        Just('\u{7f}'),
        Just('\u{85}'),
        Just('\u{2028}'),
        Just('\u{2018}'),
        Just('\u{2019}'),
        Just('\u{201C}'),
        Just('\u{201D}'),
        Just('`'),
        Just('u'),
        Just('n'),
        Just('/'),
        Just('*'),
        Just('#'),
    ];
    prop::collection::vec(prop_oneof![3 => special, 1 => any::<char>()], 0..40)
        .prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// `quote::bicep` writes a literal that the Bicep compiler's escape rules decode to the string.
    #[test]
    fn bicep_quoting_decodes_to_the_string(value in prop_oneof![tricky_string(), any::<String>()]) {
        prop_assert_eq!(decode(&quote::bicep(&value)), Ok(value));
    }

    /// The literal `main.bicep` writes (`quote::bicep`, guarded against tree-sitter-bicep's comments in
    /// strings): `var x = <literal>` parses into exactly one string node spanning the literal, with no
    /// interpolation and no error, and the literal decodes by Bicep's escape rules to the string.
    #[test]
    fn bicep_literals_round_trip_through_tree_sitter(value in prop_oneof![tricky_string(), any::<String>()]) {
        let quoted = quote::bicep(&value);
        let source = format!("var x = {quoted}\n");
        let tree = parse(&source);
        prop_assert_eq!(syntax_errors(&tree, &source), Vec::<String>::new());
        let root = tree.root_node();
        prop_assert_eq!(root.named_child_count(), 1);
        let declaration = root.named_child(0).expect("a declaration");
        prop_assert_eq!(declaration.kind(), "variable_declaration");
        let string = declaration.child(3).expect("a value");
        prop_assert_eq!(string.kind(), "string");
        prop_assert_eq!(string.byte_range(), 8..8 + quoted.len());
        let mut cursor = string.walk();
        prop_assert!(string.children(&mut cursor).all(|child| child.kind() != "interpolation"));
        prop_assert_eq!(decode(&quoted), Ok(value));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn random_values_stay_inside_their_quotes(value in tricky_string().prop_filter("not the reference value", |v| v != "harmless")) {
        assert_stays_quoted(&value);
    }
}
