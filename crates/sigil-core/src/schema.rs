//! The JSON Schema (draft 2020-12) of the spec, generated from the model (feature `schema`).
//!
//! The model's structs derive `schemars::JsonSchema`, which reads their serde attributes: kebab-case keys,
//! `deny_unknown_fields` as `additionalProperties: false`, required keys as those without a default, doc
//! comments as descriptions. The types with hand-written serde impls get their schema here, from the same
//! data their parsers use: the value enums list their `SPELLINGS` (and, since sigil compares them without
//! regard to case, a case-insensitive pattern accepts the other spellings), names carry the rules of their
//! [`NameKind`]: their length limits and [`NameKind::schema_pattern`], the character and edge rules.
//!
//! A schema cannot know whether a resource already exists, so names take what `sigil validate --lenient`
//! accepts (a test in `tests/schema_names.rs` holds the two equal); where the strict rules refuse more, the
//! description says so. The keys whose default is one fixed value carry it as `default`, read from the
//! model (`defaults`); defaults that depend on other keys are in the descriptions.
//!
//! What a schema cannot say is left to `sigil validate`: references between resources, the rules that
//! compare keys, and the strict forms of names.

use std::borrow::Cow;
use std::fmt::Write as _;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::{Value, json};

use crate::diagnostic::Severity;
use crate::model::names::{
    ApplicationName, ApplicationVersionName, GalleryName, ImageDefinitionName, ImageVersionName,
    Offer, PublicNamePrefix, Publisher, ScriptName, ScriptVersionName, Sku,
};
use crate::model::values::{
    Architecture, AuthenticationType, DiskControllerType, HostCaching, HyperVGeneration, NsgRule,
    OsState, OsType, ReplicationMode, SecurityType, SharingPermission, StorageAccountType,
};
use crate::model::{EndOfLife, ImageReference, ParameterName, Region, ResourcePath, Spec};
use crate::names::NameKind;
use crate::rules;
use crate::selection::Selector;
use crate::validate::Mode;

/// Where the schema says it lives.
pub const SCHEMA_ID: &str =
    "https://raw.githubusercontent.com/sigil-azure/sigil/main/docs/sigil.schema.json";

/// The schema of a whole spec file.
pub fn spec_schema() -> Schema {
    let mut schema = SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<Spec>();
    schema.insert("$id".to_owned(), json!(SCHEMA_ID));
    schema.insert("title".to_owned(), json!("sigil spec"));
    schema.insert(
        "description".to_owned(),
        json!(
            "A sigil spec (sigil.toml, or the same structure as JSON): the galleries, image definitions, \
             image versions, applications, role assignments and VMs of one deployment. `sigil validate` \
             checks what a schema cannot: references, the strict forms of names, and the rules between keys."
        ),
    );
    schema
}

/// [`spec_schema`] as pretty JSON with a final newline, as `sigil schema` prints it and
/// `docs/sigil.schema.json` holds it.
pub fn spec_schema_json() -> String {
    let mut text =
        serde_json::to_string_pretty(&spec_schema()).expect("a schema serialises as JSON");
    text.push('\n');
    text
}

/// The `default`s of the keys whose default is one fixed value, each read from what the model gives a
/// resource that leaves the key out, so the schema states what sigil applies. The model's attributes name
/// these functions (`#[schemars(extend("default" = ...))]`).
pub(crate) mod defaults {
    use serde_json::json;

    use crate::model::values::{
        Architecture, HyperVGeneration, ReplicationMode, StorageAccountType,
    };
    use crate::model::{ImageDefinition, ImageVersion};

    /// An image definition with only its required keys.
    fn bare_definition() -> ImageDefinition {
        serde_json::from_value(json!({
            "gallery": "gallery",
            "name": "definition",
            "publisher": "publisher",
            "offer": "offer",
            "sku": "sku",
            "os-type": "Linux",
            "os-state": "Generalized",
        }))
        .expect("an image definition with its required keys deserialises")
    }

    /// An image version with only its required keys and one target region without keys of its own.
    fn bare_version() -> ImageVersion {
        serde_json::from_value(json!({
            "gallery": "gallery",
            "image-definition": "definition",
            "name": "1.0.0",
            "target-regions": [{ "name": "eastus" }],
        }))
        .expect("an image version with its required keys deserialises")
    }

    /// What `#[serde(default)]` gives a flag (`existing`, `retired`, `public-ip`) left out.
    pub(crate) fn flag() -> bool {
        bool::default()
    }

    pub(crate) fn hyper_v_generation() -> HyperVGeneration {
        bare_definition().hyper_v_generation()
    }

    pub(crate) fn architecture() -> Architecture {
        bare_definition().architecture()
    }

    pub(crate) fn replica_count() -> u32 {
        let version = bare_version();
        version.replicas_in(&version.target_regions[0])
    }

    pub(crate) fn exclude_from_latest() -> bool {
        bare_version().exclude_from_latest()
    }

    pub(crate) fn storage_account_type() -> StorageAccountType {
        bare_version().storage_account_type()
    }

    pub(crate) fn replication_mode() -> ReplicationMode {
        bare_version().replication_mode()
    }
}

/// `^(?:...)$` matching each spelling in any case, for values sigil compares without regard to case.
fn case_insensitive_pattern<'a>(spellings: impl IntoIterator<Item = &'a str>) -> String {
    let alternatives: Vec<String> = spellings
        .into_iter()
        .map(|spelling| {
            spelling
                .chars()
                .map(|c| {
                    if c.is_ascii_alphabetic() {
                        format!("[{}{}]", c.to_ascii_uppercase(), c.to_ascii_lowercase())
                    } else if c.is_ascii_alphanumeric() || c == ' ' || c == '-' {
                        c.to_string()
                    } else {
                        format!("\\{c}")
                    }
                })
                .collect()
        })
        .collect();
    format!("^(?:{})$", alternatives.join("|"))
}

/// A value of a closed set: the spellings sigil writes (offered for completion), or any other case of them.
fn spellings_schema(spellings: &[&str]) -> Schema {
    let spellings: Vec<&str> = spellings.to_vec();
    json_schema!({
        "anyOf": [
            { "enum": spellings },
            {
                "type": "string",
                "pattern": case_insensitive_pattern(spellings.iter().copied()),
            },
        ]
    })
}

macro_rules! value_schemas {
    ($($name:ident),+ $(,)?) => {$(
        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                spellings_schema($name::SPELLINGS)
            }
        }
    )+};
}

value_schemas!(
    OsType,
    OsState,
    HyperVGeneration,
    Architecture,
    SecurityType,
    DiskControllerType,
    StorageAccountType,
    ReplicationMode,
    HostCaching,
    SharingPermission,
    NsgRule,
    AuthenticationType,
);

/// The shortest and longest names of `kind` that the lenient rules accept, probed with names of letters
/// only (valid characters for every kind that has a length range), so the limits come from the rules
/// themselves. `None` for kinds that no run of letters satisfies (versions) or past 1,000 characters.
fn length_range(kind: NameKind) -> Option<(usize, usize)> {
    let accepts = |length: usize| kind.validate(&"a".repeat(length), Mode::Lenient).is_ok();
    let min = (1..=1000).find(|&length| accepts(length))?;
    let max = (min..=1000).take_while(|&length| accepts(length)).last()?;
    (max < 1000).then_some((min, max))
}

/// The schema of a name of `kind`: its length range and [`NameKind::schema_pattern`], both what
/// `sigil validate --lenient` accepts, and a description naming its rules and, where the strict rules
/// refuse more, their lenient forms.
pub fn name_schema(kind: NameKind) -> Schema {
    let rules: Vec<String> = kind
        .rules()
        .iter()
        .map(|rule| format!("{} {}", rule.id, rule.summary))
        .collect();
    let label = kind.label();
    let article = if label.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "An"
    } else {
        "A"
    };
    let mut description = format!("{article} {label}: {}.", rules.join("; "));
    let lenient: Vec<String> = kind
        .rules()
        .iter()
        .filter(|rule| rule.severity == Severity::Error)
        .filter_map(|rule| rule.lenient.map(|form| format!("{} {form}", rule.id)))
        .collect();
    if !lenient.is_empty() {
        let _ = write!(
            description,
            " The schema takes the lenient forms, which `sigil validate --lenient` applies to resources that \
             already exist: {}. Without `--lenient`, `sigil validate` refuses those names.",
            lenient.join("; ")
        );
    }
    let mut schema = json_schema!({
        "type": "string",
        "minLength": 1,
        "pattern": kind.schema_pattern(),
        "description": description,
    });
    if let Some((min, max)) = length_range(kind) {
        schema.insert("minLength".to_owned(), json!(min));
        schema.insert("maxLength".to_owned(), json!(max));
    }
    schema
}

macro_rules! name_schemas {
    ($($name:ident => $kind:ident),+ $(,)?) => {$(
        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                name_schema(NameKind::$kind)
            }
        }
    )+};
}

name_schemas!(
    GalleryName => Gallery,
    ImageDefinitionName => ImageDefinition,
    ImageVersionName => ImageVersion,
    ApplicationName => Application,
    ApplicationVersionName => ApplicationVersion,
    ScriptName => Script,
    ScriptVersionName => ScriptVersion,
    Publisher => Publisher,
    Offer => Offer,
    Sku => Sku,
    PublicNamePrefix => PublicNamePrefix,
);

/// A string schema: its pattern and description.
macro_rules! string_schema {
    ($name:ident, $pattern:expr, $description:expr) => {
        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({
                    "type": "string",
                    "pattern": $pattern,
                    "description": $description,
                })
            }
        }
    };
}

string_schema!(
    Region,
    "^[A-Za-z0-9 ]*[A-Za-z0-9][A-Za-z0-9 ]*$",
    "An Azure region, compared as Azure Resource Manager does (`West US` is `westus`)."
);
string_schema!(
    EndOfLife,
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ].+)?$",
    "A date (`2031-12-31`) or an RFC 3339 date-time (`2031-12-31T00:00:00Z`), in the future (SIG002)."
);
string_schema!(
    ResourcePath,
    "^[^/]+(/[^/]+){0,2}$",
    "`GALLERY`, `GALLERY/DEFINITION` or `GALLERY/DEFINITION/VERSION` (SIG601)."
);
string_schema!(
    ImageReference,
    "^[^/]+/[^/]+(/[^/]+)?$",
    "`GALLERY/DEFINITION` for the latest version, or `GALLERY/DEFINITION/VERSION`."
);

impl JsonSchema for ParameterName {
    fn schema_name() -> Cow<'static, str> {
        "ParameterName".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^[A-Za-z_][A-Za-z0-9_]*$",
            "maxLength": 255,
            "description": "A template parameter's name: a Bicep identifier (SIG012).",
        })
    }
}

impl JsonSchema for Selector {
    fn schema_name() -> Cow<'static, str> {
        "Selector".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let known: Vec<Value> = rules::ALL
            .iter()
            .flat_map(|rule| [json!(rule.id), json!(rule.name)])
            .collect();
        json_schema!({
            "description": "A rule id (`SIG102`), name (`gallery-name-characters`) or id prefix (`SIG1`).",
            "anyOf": [
                { "enum": known },
                { "type": "string", "pattern": "^\\s*[Ss][Ii][Gg][0-9]*\\s*$" },
            ]
        })
    }
}
