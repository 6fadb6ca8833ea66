//! Modules (`module vm 'modules/vm.bicep' = {...}`): a local Bicep file deployed with the parameters the
//! declaration passes, into `resourceGroup(NAME)` when it says so. sigil deploys a VM of another resource
//! group this way, so the VMs (and role assignments) of a module are read as the deploying file's, with
//! that resource group; their values are placed at the module's path in the deploying file, and what the
//! module sets that the spec has no key for is noted in the module's file. Modules of modules are not read.

use std::ops::Range;
use std::path::Path;

use sigil_spec::document::{Entry, Kind, Lines, Node};
use tree_sitter::Node as Syntax;

use super::{Collected, Piece, Purpose, Reader, named_children, params, parse, push, unresolved};
use crate::arm::ResourceKind;

/// A value a module's declaration passes to one of the module's parameters.
#[derive(Debug, Clone)]
pub(crate) enum Passed {
    /// A value: its text when known before deployment, and the deploying file's parameter it is, when it
    /// is one.
    Value {
        text: Option<String>,
        parameter: Option<String>,
    },
    /// The id of a gallery image definition or version of the deploying file: `GALLERY/DEFINITION[/VERSION]`.
    Image(String),
}

impl Passed {
    /// The text, as one piece at `range` (where the module uses it); `None` when it is not a known text.
    pub(super) fn pieces(&self, range: Range<usize>) -> Option<Vec<Piece>> {
        match self {
            Passed::Value {
                text: Some(text), ..
            } => Some(vec![Piece {
                text: text.clone(),
                range,
                exact: false,
                given: false,
            }]),
            Passed::Value { text: None, .. } | Passed::Image(_) => None,
        }
    }
}

impl<'t> Reader<'t> {
    /// The modules the file deploys, read from their files with `load`.
    pub(super) fn modules(
        &self,
        file: &Path,
        load: &dyn Fn(&Path) -> Option<String>,
        collected: &mut Collected,
    ) {
        for module in &self.modules {
            self.module(*module, file, load, collected);
        }
    }

    fn module(
        &self,
        module: Syntax<'t>,
        file: &Path,
        load: &dyn Fn(&Path) -> Option<String>,
        collected: &mut Collected,
    ) {
        let children = named_children(module);
        let (Some(symbol), Some(path), Some(body)) = (
            children.first(),
            children.get(1),
            children.iter().find(|child| child.kind() == "object"),
        ) else {
            return;
        };
        let symbol = self.written(*symbol);
        let at = path.byte_range();
        let target = self
            .pieces(*path, &[])
            .ok()
            .map(|pieces| {
                pieces
                    .into_iter()
                    .map(|piece| piece.text)
                    .collect::<String>()
            })
            .filter(|target| is_local_bicep(target));
        let Some(target) = target else {
            let what = format!(
                "module `{symbol}` from `{}`: sigil reads modules that are local Bicep files",
                self.written(*path)
            );
            collected.ignored.push((at, what));
            return;
        };
        let module_file = file.parent().unwrap_or(Path::new("")).join(&target);
        let Some(text) = load(&module_file) else {
            let what = format!("module `{symbol}`: its file `{target}` cannot be read");
            collected.unresolved.push((at, what));
            return;
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let resource_group = self.module_scope(symbol, *body, collected);
        let passed = self.passed_params(*body);
        let mut read = Collected::default();
        read_module(&module_file, text, passed, self.purpose, &mut read);
        for (array, items) in read.arrays {
            for mut item in items {
                relocate(&mut item, &at);
                // Added after relocating: the group is written in this file, where its findings belong.
                if array == "vm"
                    && let Some((group, range)) = &resource_group
                    && let Kind::Table(entries) = &mut item.kind
                {
                    entries.push(Entry::new(
                        "resource-group",
                        range.clone(),
                        Node::string(range.clone(), group.clone()),
                    ));
                }
                push(&mut collected.arrays, array, item);
            }
        }
        collected.elsewhere.extend(read.elsewhere);
        collected
            .unresolved_elsewhere
            .extend(read.unresolved_elsewhere);
    }

    /// The resource group of `scope: resourceGroup(NAME)`, and where NAME is written; none without a scope.
    fn module_scope(
        &self,
        symbol: &str,
        body: Syntax<'t>,
        collected: &mut Collected,
    ) -> Option<(String, Range<usize>)> {
        let (_, scope) = self.property(body, "scope")?;
        let group = (scope.kind() == "call_expression")
            .then(|| named_children(scope))
            .and_then(|call| match &call[..] {
                [function, arguments] if self.written(*function) == "resourceGroup" => {
                    match named_children(*arguments)[..] {
                        [name] => self.pieces(name, &[]).ok(),
                        _ => None,
                    }
                }
                _ => None,
            });
        let Some(pieces) = group else {
            let what = format!(
                "the scope of module `{symbol}` is `{}`: sigil deploys a VM into a resource group it names",
                self.written(scope)
            );
            collected.ignored.push((scope.byte_range(), what));
            return None;
        };
        let range = pieces
            .iter()
            .map(|piece| piece.range.clone())
            .reduce(|all, one| all.start.min(one.start)..all.end.max(one.end))
            .unwrap_or_else(|| scope.byte_range());
        Some((pieces.into_iter().map(|piece| piece.text).collect(), range))
    }

    /// The values the module's `params` pass, by parameter.
    fn passed_params(&self, body: Syntax<'t>) -> Vec<(String, Passed)> {
        let Some((_, params)) = self.property(body, "params") else {
            return Vec::new();
        };
        named_children(params)
            .into_iter()
            .filter(|property| property.kind() == "object_property")
            .filter_map(|property| {
                let children = named_children(property);
                let [key, .., value] = children[..] else {
                    return None;
                };
                Some((self.written(key).to_owned(), self.passed(value)))
            })
            .collect()
    }

    fn passed(&self, value: Syntax<'t>) -> Passed {
        if let Some(path) = self.gallery_image_id(value) {
            return Passed::Image(path);
        }
        let text = self
            .pieces(value, &[])
            .ok()
            .map(|pieces| pieces.into_iter().map(|piece| piece.text).collect());
        Passed::Value {
            text,
            parameter: self.parameter(value),
        }
    }

    /// `GALLERY/DEFINITION[/VERSION]` when `value` is `SYMBOL.id` of an image definition or version whose
    /// name is known.
    pub(super) fn gallery_image_id(&self, value: Syntax<'t>) -> Option<String> {
        if value.kind() != "member_expression" {
            return None;
        }
        let [object, property] = named_children(value)[..] else {
            return None;
        };
        if self.written(property) != "id" {
            return None;
        }
        let symbol: String = self
            .written(object)
            .chars()
            .filter(|ch| !ch.is_whitespace())
            .collect();
        let declared = self.symbols.get(&symbol)?;
        let kind = ResourceKind::of_type(&declared.resource_type)?;
        if !matches!(
            kind,
            ResourceKind::ImageDefinition | ResourceKind::ImageVersion
        ) {
            return None;
        }
        let segments: Option<Vec<&str>> = declared
            .segments
            .iter()
            .map(|segment| segment.as_ref().map(|(text, _)| text.as_str()))
            .collect();
        Some(segments?.join("/"))
    }
}

/// Reads the module `file`, `text`, given the values `passed`: its VMs and role assignments into `read`,
/// what it sets that the spec has no key for as noted in that file.
fn read_module(
    file: &Path,
    text: &str,
    passed: Vec<(String, Passed)>,
    purpose: Purpose<'_>,
    read: &mut Collected,
) {
    let lines = Lines::new(text);
    let tree = match parse(file, text, "Bicep") {
        Ok((tree, errors)) if errors.is_empty() => tree,
        Ok((_, errors)) => return not_parsed(file, errors[0].span, read),
        Err(error) => return not_parsed(file, error.span, read),
    };
    let root = tree.root_node();
    let mut reader = Reader::new(text, params(root, text), None);
    reader.passed = passed.into_iter().collect();
    reader.purpose = purpose;
    reader.declarations(root);
    let mut module = Collected {
        unresolved: std::mem::take(&mut reader.unresolved),
        ..Collected::default()
    };
    let mut used = Vec::new();
    reader.role_assignments(&mut module, &mut used);
    reader.vms(&mut module, &mut used);
    reader.unknown_resources(&used, &mut module.ignored);
    for found in &reader.found {
        let what = format!(
            "a {} deployed by a module: sigil reads gallery resources of the deploying file only",
            found.kind.noun()
        );
        module.ignored.push((found.body.byte_range(), what));
    }
    for nested in &reader.modules {
        let what = "a module of a module: sigil reads one level of modules".to_owned();
        module.ignored.push((nested.byte_range(), what));
    }
    read.arrays = module.arrays;
    read.elsewhere = unresolved(file, &lines, module.ignored);
    read.unresolved_elsewhere = unresolved(file, &lines, module.unresolved);
}

fn not_parsed(file: &Path, span: sigil_core::Span, read: &mut Collected) {
    read.unresolved_elsewhere.push(crate::Unresolved {
        file: file.to_path_buf(),
        span,
        what: "this module does not parse: its resources are not read".into(),
    });
}

/// Whether a module path names a local Bicep file, not a registry (`br:`) or template spec (`ts:`).
fn is_local_bicep(target: &str) -> bool {
    Path::new(target)
        .extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("bicep"))
        && !["br:", "br/", "ts:", "ts/"]
            .iter()
            .any(|scheme| target.starts_with(scheme))
}

/// `node` with every range at `range`: a value read from a module is placed at the module's declaration.
fn relocate(node: &mut Node, range: &Range<usize>) {
    node.range = range.clone();
    match &mut node.kind {
        Kind::Table(entries) => {
            for entry in entries {
                entry.key_range = range.clone();
                relocate(&mut entry.value, range);
            }
        }
        Kind::Array(items) => items.iter_mut().for_each(|item| relocate(item, range)),
        _ => {}
    }
}
