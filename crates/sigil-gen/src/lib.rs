//! Generates, from one spec, quickstart-style deployments that do exactly the same thing whichever way they
//! are run: an ARM template with its parameters file, a Bicep file, an az CLI script and an Az PowerShell
//! script, with a README and a quickstart `metadata.json`.
//!
//! A spec is first resolved into a [`plan::Plan`] (every default decided, every name given a parameter and a
//! symbol); each emitter renders the plan. JSON is built as data with serde; text formats come from the
//! handlebars templates in the repository's `templates/`, whose values all pass through [`quote`].

pub mod api_versions;
pub mod arm;
pub mod az;
pub mod bicep;
pub mod metadata;
pub mod parameters;
pub mod plan;
pub mod pwsh;
pub mod quote;
pub mod readme;
pub mod scenario;
pub mod teardown;
mod templates;
pub mod write;

use jiff::civil::Date;

pub use plan::{Plan, PlanError};

/// What the outputs say about where they come from.
#[derive(Debug, Clone)]
pub struct Options {
    /// The spec's file name, quoted in each output's header.
    pub source_name: String,
    /// The `dateUpdated` of `metadata.json`: from `SOURCE_DATE_EPOCH`, the spec, or today, as the caller decides.
    pub date: Date,
}

/// One output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Arm,
    ArmParameters,
    Bicep,
    Az,
    Pwsh,
    Readme,
    Metadata,
    /// `teardown.sh`, written only when asked (`sigil generate --teardown`).
    TeardownAz,
    /// `teardown.ps1`, written only when asked.
    TeardownPwsh,
}

impl Format {
    /// Every output, in the order they are written.
    pub const ALL: [Format; 7] = [
        Format::Arm,
        Format::ArmParameters,
        Format::Bicep,
        Format::Az,
        Format::Pwsh,
        Format::Readme,
        Format::Metadata,
    ];

    /// The teardown scripts, which delete what the others create.
    pub const TEARDOWN: [Format; 2] = [Format::TeardownAz, Format::TeardownPwsh];

    /// The file name of the output in a generated folder.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Arm => "azuredeploy.json",
            Format::ArmParameters => "azuredeploy.parameters.json",
            Format::Bicep => "main.bicep",
            Format::Az => "deploy.sh",
            Format::Pwsh => "deploy.ps1",
            Format::Readme => "README.md",
            Format::Metadata => "metadata.json",
            Format::TeardownAz => "teardown.sh",
            Format::TeardownPwsh => "teardown.ps1",
        }
    }
}

/// Why an output could not be rendered: a defect of sigil's, never of the spec.
#[derive(Debug, thiserror::Error)]
pub enum GenError {
    #[error("template {template}: {message}")]
    Template { template: String, message: String },
    #[error("JSON output: {0}")]
    Json(#[from] serde_json::Error),
}

/// Renders one output.
pub fn render(plan: &Plan<'_>, format: Format, options: &Options) -> Result<String, GenError> {
    match format {
        Format::Arm => arm::template(plan, options),
        Format::ArmParameters => arm::parameters(plan),
        Format::Bicep => bicep::render(plan, options),
        Format::Az => az::render(plan, options),
        Format::Pwsh => pwsh::render(plan, options),
        Format::Readme => readme::render(plan, options),
        Format::Metadata => metadata::render(plan, options),
        Format::TeardownAz => teardown::render_az(plan, options),
        Format::TeardownPwsh => teardown::render_pwsh(plan, options),
    }
}

/// Renders every output, as `(path in the folder, contents)`: the files of [`Format::ALL`], in that order,
/// with the Bicep modules of VMs in other resource groups ([`bicep::modules`], `modules/*.bicep`) after
/// `main.bicep`, which uses them.
pub fn generate(plan: &Plan<'_>, options: &Options) -> Result<Vec<(String, String)>, GenError> {
    let mut outputs = Vec::new();
    for format in Format::ALL {
        outputs.push((
            format.file_name().to_owned(),
            render(plan, format, options)?,
        ));
        if format == Format::Bicep {
            outputs.extend(bicep::modules(plan, options)?);
        }
    }
    Ok(outputs)
}

/// Renders the teardown scripts ([`Format::TEARDOWN`]), as `(file name, contents)`.
pub fn teardown(plan: &Plan<'_>, options: &Options) -> Result<Vec<(String, String)>, GenError> {
    Format::TEARDOWN
        .into_iter()
        .map(|format| {
            Ok((
                format.file_name().to_owned(),
                render(plan, format, options)?,
            ))
        })
        .collect()
}
