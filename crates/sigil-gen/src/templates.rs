//! The handlebars templates of the text outputs, embedded at build time from the repository's `templates/`,
//! and the helpers they write values with.
//!
//! HTML escaping is off and every value goes through a helper that quotes it for the target language
//! (`sh`, `ps`, `bicep`, `bicep_interpolation`, `md`) or proves it needs no quoting (`ident`, `int`, `bool`);
//! a test refuses any template expression that does neither.

use handlebars::{
    Context, Handlebars, Helper, HelperResult, Output, RenderContext, RenderError,
    RenderErrorReason, handlebars_helper, no_escape,
};
use serde::Serialize;

use crate::quote;

/// Every template, by the name emitters render it with (or other templates include it with, `{{> name}}`),
/// and its text.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "bicep",
        include_str!("../../../templates/bicep/main.bicep.hbs"),
    ),
    (
        "bicep_vm",
        include_str!("../../../templates/bicep/vm.bicep.hbs"),
    ),
    (
        "bicep_module",
        include_str!("../../../templates/bicep/module.bicep.hbs"),
    ),
    ("az", include_str!("../../../templates/az/deploy.sh.hbs")),
    (
        "teardown_az",
        include_str!("../../../templates/az/teardown.sh.hbs"),
    ),
    (
        "teardown_pwsh",
        include_str!("../../../templates/pwsh/teardown.ps1.hbs"),
    ),
    (
        "pwsh",
        include_str!("../../../templates/pwsh/deploy.ps1.hbs"),
    ),
    (
        "readme",
        include_str!("../../../templates/readme/README.md.hbs"),
    ),
];

handlebars_helper!(sh: |value: str| quote::bash(value).into_owned());
handlebars_helper!(ps: |value: str| quote::powershell(value));
handlebars_helper!(bicep: |value: str| quote::bicep(value));
handlebars_helper!(md: |value: str| quote::markdown(value));
handlebars_helper!(int: |value: u64| value.to_string());
handlebars_helper!(boolean: |value: bool| value.to_string());

/// An identifier the generator made (a symbol, a parameter, a flag), written as it is after checking that
/// it cannot need quoting in any target language.
fn ident(
    helper: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    out.write(identifier(helper, 0)?)?;
    Ok(())
}

/// `{{bicep_interpolation prefix identifier suffix}}`: the Bicep string `'prefix${identifier}suffix'`
/// ([`quote::bicep_interpolation`]), the identifier checked as [`ident`] checks it.
fn bicep_interpolation(
    helper: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    let text = |index: usize| {
        helper
            .param(index)
            .and_then(|param| param.value().as_str())
            .ok_or_else(|| {
                RenderError::from(RenderErrorReason::Other(format!(
                    "bicep_interpolation: parameter {index} is not a string"
                )))
            })
    };
    let expression = identifier(helper, 1)?;
    out.write(&quote::bicep_interpolation(text(0)?, expression, text(2)?))?;
    Ok(())
}

/// The helper's `index`-th parameter, checked to be an identifier: ASCII letters, digits, `_`, `-` and `.`.
fn identifier<'h>(helper: &'h Helper<'_>, index: usize) -> Result<&'h str, RenderError> {
    let value = helper
        .param(index)
        .and_then(|param| param.value().as_str())
        .unwrap_or_default();
    let is_identifier = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if !is_identifier {
        return Err(RenderError::from(RenderErrorReason::Other(format!(
            "`{value}` is not an identifier"
        ))));
    }
    Ok(value)
}

/// A registry with every template and helper, strict about missing values.
pub(crate) fn registry() -> Handlebars<'static> {
    let mut handlebars = Handlebars::new();
    handlebars.set_strict_mode(true);
    handlebars.register_escape_fn(no_escape);
    handlebars.register_helper("sh", Box::new(sh));
    handlebars.register_helper("ps", Box::new(ps));
    handlebars.register_helper("bicep", Box::new(bicep));
    handlebars.register_helper("md", Box::new(md));
    handlebars.register_helper("int", Box::new(int));
    handlebars.register_helper("bool", Box::new(boolean));
    handlebars.register_helper("ident", Box::new(ident));
    handlebars.register_helper("bicep_interpolation", Box::new(bicep_interpolation));
    for (name, text) in TEMPLATES {
        handlebars
            .register_template_string(name, *text)
            .unwrap_or_else(|error| panic!("templates/{name}: {error}"));
    }
    handlebars
}

/// Renders the template `name` with `data`.
pub(crate) fn render(name: &str, data: &impl Serialize) -> Result<String, crate::GenError> {
    thread_local! {
        static REGISTRY: Handlebars<'static> = registry();
    }
    REGISTRY
        .with(|registry| registry.render(name, data))
        .map_err(|error| crate::GenError::Template {
            template: name.to_owned(),
            message: error.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The helpers a template may write a value with.
    const VALUE_HELPERS: &[&str] = &[
        "sh",
        "ps",
        "bicep",
        "bicep_interpolation",
        "md",
        "ident",
        "int",
        "bool",
    ];

    /// The expressions of a template: the text between `{{` and `}}`, braces and `~` trimmed.
    fn expressions(text: &str) -> Vec<&str> {
        text.split("{{")
            .skip(1)
            .filter_map(|rest| rest.split_once("}}").map(|(inside, _)| inside))
            .map(|inside| inside.trim_matches(|c| c == '{' || c == '~').trim())
            .collect()
    }

    #[test]
    fn every_template_parses() {
        let _ = registry();
    }

    #[test]
    fn every_value_a_template_writes_goes_through_a_quoting_helper() {
        for (name, text) in TEMPLATES {
            for expression in expressions(text) {
                let structural =
                    expression.starts_with(['#', '/', '!', '>']) || expression == "else";
                let helper = expression.split_whitespace().next().unwrap_or_default();
                assert!(
                    structural || VALUE_HELPERS.contains(&helper),
                    "templates/{name}: `{{{{{expression}}}}}` writes a value without a quoting helper ({})",
                    VALUE_HELPERS.join(", ")
                );
            }
        }
    }
}
