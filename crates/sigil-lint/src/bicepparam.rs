//! Bicep parameters files (`*.bicepparam`): the values they give the parameters of the Bicep file their
//! `using` names, checked where they are written when they name a gallery resource of that file.
//!
//! tree-sitter-bicep reads Bicep, not its parameters files: it has `using 'file'` but not `using none`,
//! and its `param` needs a type. So the file is read as the Bicep it nearly is: each `param` keyword
//! becomes `var  ` and a `using none` or `extends` statement is blanked, byte for byte the same length,
//! so every range still points into the file. A `var` of the file resolves the values interpolating it.
//!
//! A `using` naming anything but a Bicep file (a registry module `br:`, a template spec `ts:`, an ARM
//! template) is listed as unresolved; a Bicep file that cannot be read or has no gallery resource, and
//! `using none`, leave nothing to check.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sigil_spec::document::Lines;
use tree_sitter::Node as Syntax;

use crate::{Read, Unresolved, bicep};

/// Reads a `.bicepparam` file against the Bicep file its `using` names, which `template` gives (`None`
/// when it cannot be read or has no gallery resource). `text` has no byte order mark.
pub fn read(file: &Path, text: &str, template: impl Fn(&Path) -> Option<Arc<str>>) -> Read {
    let (bicep_text, params) = as_bicep(text);
    let (tree, diagnostics) = match bicep::parse(file, &bicep_text, "Bicep parameters") {
        Ok(parsed) => parsed,
        Err(located) => {
            return Read {
                diagnostics: vec![located],
                ..Read::default()
            };
        }
    };
    let root = tree.root_node();
    let mut read = match using(root, &bicep_text) {
        Some((target, _)) if is_bicep_file(&target) => {
            let path = file.parent().unwrap_or(Path::new("")).join(target);
            let given = bicep::given(root, &bicep_text, |at| params.contains(&at));
            template(&path).map_or_else(Read::default, |template| {
                let template = template.strip_prefix('\u{feff}').unwrap_or(&template);
                bicep::read_given(file, text, template, &given)
            })
        }
        Some((target, range)) => Read {
            unresolved: vec![Unresolved {
                file: file.to_path_buf(),
                span: Lines::new(text).span(&range),
                what: format!(
                    "the values of this file: they are for `{target}`, which is not a Bicep file sigil reads"
                ),
            }],
            ..Read::default()
        },
        None => Read::default(),
    };
    read.diagnostics.splice(0..0, diagnostics);
    read
}

/// What the `using` statement of the file names, and where; `None` without one (`using none`).
fn using(root: Syntax<'_>, text: &str) -> Option<(String, Range<usize>)> {
    let mut cursor = root.walk();
    let statement = root
        .named_children(&mut cursor)
        .find(|child| child.kind() == "using_statement")?;
    let target = statement.named_child(0)?;
    Some((bicep::literal(target, text)?, target.byte_range()))
}

fn is_bicep_file(target: &str) -> bool {
    PathBuf::from(target)
        .extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("bicep"))
        && !["br:", "br/", "ts:", "ts/"]
            .iter()
            .any(|scheme| target.starts_with(scheme))
}

/// The file as Bicep, the same length, and where each `param` keyword is (now `var`).
fn as_bicep(text: &str) -> (String, Vec<usize>) {
    let mut bicep = String::with_capacity(text.len());
    let mut params = Vec::new();
    let mut in_multiline_string = false;
    for line in text.split_inclusive('\n') {
        let starts_a_statement = !in_multiline_string;
        if line.matches("'''").count() % 2 == 1 {
            in_multiline_string = !in_multiline_string;
        }
        let statement = line.trim_start();
        let indent = line.len() - statement.len();
        if !starts_a_statement {
            bicep.push_str(line);
        } else if let Some(rest) = keyword(statement, "param") {
            params.push(bicep.len() + indent);
            bicep.push_str(&line[..indent]);
            bicep.push_str("var  ");
            bicep.push_str(rest);
        } else if keyword(statement, "extends").is_some()
            || keyword(statement, "using")
                .and_then(|rest| keyword(rest.trim_start(), "none"))
                .is_some()
        {
            bicep.extend(line.chars().map(|ch| match ch {
                '\n' | '\r' => ch.to_string(),
                _ => " ".repeat(ch.len_utf8()),
            }));
        } else {
            bicep.push_str(line);
        }
    }
    (bicep, params)
}

/// What follows `word` at the start of `statement` when it is that keyword, not a longer identifier.
fn keyword<'s>(statement: &'s str, word: &str) -> Option<&'s str> {
    let rest = statement.strip_prefix(word)?;
    (rest.is_empty() || rest.starts_with(|ch: char| ch.is_whitespace() || ch == '/'))
        .then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = "param galleryName string = 'fine_gallery'
param imageName string = 'fine-image'
param version string = '1.0.0'
resource gallery 'Microsoft.Compute/galleries@2023-07-03' = {
  name: galleryName
}
resource image 'Microsoft.Compute/galleries/images@2023-07-03' = {
  parent: gallery
  name: imageName
}
resource release 'Microsoft.Compute/galleries/images/versions@2023-07-03' = {
  name: '${galleryName}/${imageName}/${version}'
}
";

    fn read_text(text: &str) -> Read {
        read(Path::new("p/main.bicepparam"), text, |path| {
            (path == Path::new("p/main.bicep")).then(|| Arc::from(TEMPLATE))
        })
    }

    fn names(read: &Read, array: &str, key: &str) -> Vec<String> {
        let Some(alternatives) = &read.alternatives else {
            return Vec::new();
        };
        alternatives
            .get(array)
            .map(|array| {
                array
                    .items()
                    .iter()
                    .filter_map(|item| Some(item.get(key)?.as_str()?.to_owned()))
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn the_values_given_are_names_placed_where_the_file_writes_them() {
        let text = "using './main.bicep'\n\nparam galleryName = 'my-gallery'\n";
        let read = read_text(text);
        assert!(read.diagnostics.is_empty(), "{:?}", read.diagnostics);
        assert_eq!(names(&read, "gallery", "name"), ["my-gallery"]);
        assert_eq!(names(&read, "image-definition", "gallery"), ["my-gallery"]);
        assert_eq!(names(&read, "image-version", "gallery"), ["my-gallery"]);
        // The image's own name is the template's, not this file's.
        assert!(names(&read, "image-definition", "name").is_empty());
        let alternatives = read.alternatives.as_ref().unwrap();
        let name = alternatives.get("gallery").unwrap().items()[0]
            .get("name")
            .unwrap();
        assert_eq!(&text[name.range.clone()], "my-gallery");
    }

    #[test]
    fn a_value_interpolating_a_var_of_the_file_is_read() {
        let text =
            "using './main.bicep'\nvar prefix = 'my'\nparam galleryName = '${prefix}-gallery'\n";
        assert_eq!(names(&read_text(text), "gallery", "name"), ["my-gallery"]);
    }

    #[test]
    fn a_var_is_not_a_value_given_to_the_template() {
        let read = read_text("using './main.bicep'\nvar galleryName = 'my-gallery'\n");
        assert!(read.alternatives.is_none());
    }

    #[test]
    fn expressions_are_unresolved() {
        let read = read_text("using './main.bicep'\nparam imageName = toLower('X')\n");
        // Once for the image definition and once for the version its name is part of.
        assert_eq!(read.unresolved.len(), 2, "{:?}", read.unresolved);
        for unknown in &read.unresolved {
            assert!(unknown.what.contains("`toLower('X')`"), "{}", unknown.what);
            assert_eq!(unknown.span.start.line, 2);
        }
    }

    #[test]
    fn a_misshapen_name_is_placed_where_the_file_writes_its_value() {
        let read = read_text("using './main.bicep'\nparam version = '1.0/2'\n");
        let [misshapen] = &read.diagnostics[..] else {
            panic!("{:?}", read.diagnostics);
        };
        assert_eq!(misshapen.diagnostic.rule.id, "SIG009");
        let start = misshapen.span.start;
        assert_eq!((start.line, start.column), (2, 18));
    }

    #[test]
    fn other_targets_are_unresolved_and_none_is_nothing() {
        let read =
            read_text("using 'br/public:avm/res/compute/gallery:0.9.0'\nparam name = 'a-b'\n");
        assert_eq!(read.unresolved.len(), 1);
        assert!(read.unresolved[0].what.contains("br/public:"));
        for text in [
            "using none\nparam galleryName = 'a-b'\n",
            "using './missing.bicep'\nparam galleryName = 'a-b'\n",
        ] {
            let read = read_text(text);
            assert!(
                read.diagnostics.is_empty(),
                "{text}: {:?}",
                read.diagnostics
            );
            assert!(read.alternatives.is_none() && read.unresolved.is_empty());
        }
    }

    #[test]
    fn a_file_that_does_not_parse_is_a_syntax_error_where_it_is() {
        let read = read_text("using './main.bicep'\nparam galleryName = \n");
        assert_eq!(read.diagnostics[0].diagnostic.rule.id, "SIG000");
        assert!(
            read.diagnostics[0]
                .diagnostic
                .message
                .starts_with("invalid Bicep parameters")
        );
    }

    #[test]
    fn the_rewrite_keeps_every_offset_and_leaves_multiline_strings_alone() {
        let text = "using none // x\nparam a = '''\nparam b = 1\n'''\nparamName\n";
        let (bicep, params) = as_bicep(text);
        assert_eq!(bicep.len(), text.len());
        assert_eq!(params, [16]);
        assert_eq!(&bicep[16..21], "var  ");
        assert!(bicep.contains("\nparam b = 1\n") && bicep.contains("paramName"));
        assert!(bicep.starts_with("               \n"));
    }
}
