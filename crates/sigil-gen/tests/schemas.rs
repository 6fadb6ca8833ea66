//! Every example's `azuredeploy.json` validates against Azure's published ARM schemas, resource by resource,
//! and its `metadata.json` against the quickstart metadata schema; and the check can fail.
//!
//! The schemas are copies in `tests/data` (see its README): `$ref`s to `https://schema.management.azure.com/...`
//! resolve from those copies and nothing is fetched. Each resource is validated as its resource provider sees it:
//! template-only keys (`dependsOn`, `scope`, ...) dropped, against the resource definition of its type in the
//! provider's schema file of its `apiVersion`, with `additionalProperties: false` added wherever an object lists
//! its properties, so a misspelt or unknown property fails instead of passing silently. The template's own shape
//! is checked against `deploymentTemplate.json`. The schemas are draft 4, and `format` is not asserted, as in the
//! outside checker this replaces (Python's `jsonschema.Draft4Validator`); on every resource the two agree.
//!
//! A nested deployment (`Microsoft.Resources/deployments`, how a VM in another resource group is deployed) has
//! no schema among the copies: what it deploys is its inline template, so that template is checked as the
//! outer one is, recursively, its shape against `deploymentTemplate.json` and each of its resources against its
//! own type's schema. The deployment itself passes the template's resource base (`deploymentTemplate.json`),
//! and its envelope is checked by hand against the published `Microsoft.Resources/deployments` resource
//! definition: only the keys that definition and ARM's template-only keys (`resourceGroup`, `dependsOn`)
//! allow, the `properties` it sends (`mode`, `expressionEvaluationOptions`, `parameters`, `template`), an
//! `Incremental` mode, and `inner` evaluation (the inner template's expressions are its own).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use jsonschema::error::ValidationErrorKind;
use jsonschema::{Draft, Registry, Retrieve, Uri, ValidationError, Validator};
use serde_json::{Value, json};
use sigil_core::model::Spec;
use sigil_gen::{Format, Options, Plan, render};

mod common;

use common::examples;

/// Where Azure publishes its schemas; the copies in `tests/data/arm-schemas` keep the folders after it.
const SCHEMA_BASE: &str = "https://schema.management.azure.com/schemas/";

/// The deployment template schema every template names in `$schema`.
const DEPLOYMENT_TEMPLATE: &str =
    "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json";

/// The nested deployment type, and the apiVersion whose published resource definition its check follows.
const DEPLOYMENT: &str = "Microsoft.Resources/deployments";
const DEPLOYMENT_API_VERSION: &str = "2025-04-01";

/// Keys ARM reads itself and never sends to the resource provider.
const TEMPLATE_KEYS: &[&str] = &[
    "dependsOn",
    "condition",
    "copy",
    "comments",
    "scope",
    "metadata",
];

/// Resource type → (schema file in the apiVersion's folder, entry of its `resourceDefinitions`). Azure publishes
/// Microsoft.Network as `Microsoft.Network.NRP.json`.
const TYPES: &[(&str, &str, &str)] = &[
    (
        "Microsoft.Compute/galleries",
        "Microsoft.Compute",
        "galleries",
    ),
    (
        "Microsoft.Compute/galleries/images",
        "Microsoft.Compute",
        "galleries_images",
    ),
    (
        "Microsoft.Compute/galleries/images/versions",
        "Microsoft.Compute",
        "galleries_images_versions",
    ),
    (
        "Microsoft.Compute/galleries/applications",
        "Microsoft.Compute",
        "galleries_applications",
    ),
    (
        "Microsoft.Compute/galleries/applications/versions",
        "Microsoft.Compute",
        "galleries_applications_versions",
    ),
    (
        "Microsoft.Authorization/roleAssignments",
        "Microsoft.Authorization",
        "roleAssignments",
    ),
    (
        "Microsoft.Compute/virtualMachines",
        "Microsoft.Compute",
        "virtualMachines",
    ),
    (
        "Microsoft.Network/virtualNetworks",
        "Microsoft.Network.NRP",
        "virtualNetworks",
    ),
    (
        "Microsoft.Network/networkInterfaces",
        "Microsoft.Network.NRP",
        "networkInterfaces",
    ),
    (
        "Microsoft.Network/publicIPAddresses",
        "Microsoft.Network.NRP",
        "publicIPAddresses",
    ),
    (
        "Microsoft.Network/networkSecurityGroups",
        "Microsoft.Network.NRP",
        "networkSecurityGroups",
    ),
];

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

fn read_json(path: &Path) -> Value {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

// ------------------------------------------------------------------------------------------------ the schemas

/// Refuses every reference not among the copies: nothing is fetched, and a missing copy is named.
struct CopiesOnly;

impl Retrieve for CopiesOnly {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        Err(format!("{uri} is not among the schemas copied to tests/data/arm-schemas").into())
    }
}

/// Makes a provider's schema refuse what it does not name: `additionalProperties: false` on every object that
/// lists properties and says nothing of others. Also rewrites the .NET character class `[\w-.]`, which other
/// regex engines read as a bad range, to `[\w\-.]`.
fn strict(schema: &mut Value) {
    match schema {
        Value::Object(object) => {
            if let Some(Value::String(pattern)) = object.get_mut("pattern") {
                *pattern = pattern.replace(r"\w-.", r"\w\-.");
            }
            let lists_properties = object
                .get("properties")
                .and_then(Value::as_object)
                .is_some_and(|properties| !properties.is_empty());
            if object.get("type").and_then(Value::as_str) == Some("object")
                && lists_properties
                && !object.contains_key("additionalProperties")
            {
                object.insert("additionalProperties".to_owned(), Value::Bool(false));
            }
            object.values_mut().for_each(strict);
        }
        Value::Array(items) => items.iter_mut().for_each(strict),
        _ => {}
    }
}

/// Every copied schema, by the URL Azure publishes it at, which is its `id` and its path under `arm-schemas`.
/// The providers' files are made strict; `common/definitions.json` and the Extensions file, hand-written and open
/// by design, are kept as published. In `deploymentTemplate.json` the union of every resource schema Azure knows
/// (which `$ref`s files not copied here) is replaced by the base every resource shares: each resource is
/// validated against its own type's schema instead.
fn registry() -> &'static Registry<'static> {
    static REGISTRY: OnceLock<Registry<'static>> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let root = data().join("arm-schemas");
        let providers: Vec<String> = TYPES
            .iter()
            .map(|(_, provider, _)| format!("{provider}.json"))
            .collect();
        let mut documents = Vec::new();
        let mut folders = vec![root.clone()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).expect("tests/data/arm-schemas is readable") {
                let path = entry.expect("a readable entry").path();
                if path.is_dir() {
                    folders.push(path);
                    continue;
                }
                if path.extension().is_none_or(|extension| extension != "json") {
                    continue;
                }
                let relative = path.strip_prefix(&root).expect("under the root");
                let url = format!(
                    "{SCHEMA_BASE}{}",
                    relative.to_string_lossy().replace('\\', "/")
                );
                let mut document = read_json(&path);
                assert_eq!(
                    document["id"].as_str().map(|id| id.trim_end_matches('#')),
                    Some(url.as_str()),
                    "{}: its id is the URL of its place in the folder",
                    path.display()
                );
                let name = path.file_name().and_then(|name| name.to_str());
                if name.is_some_and(|name| providers.iter().any(|provider| provider == name)) {
                    strict(&mut document);
                }
                if url == DEPLOYMENT_TEMPLATE {
                    document["definitions"]["resource"] =
                        json!({"$ref": "#/definitions/resourceBase"});
                }
                documents.push((url, document));
            }
        }
        Registry::new()
            .retriever(CopiesOnly)
            .extend(documents)
            .and_then(jsonschema::RegistryBuilder::prepare)
            .unwrap_or_else(|error| panic!("the copied schemas: {error}"))
    })
}

fn compile(schema: &Value) -> Result<Validator, String> {
    jsonschema::options()
        .with_draft(Draft::Draft4)
        // Python's Draft4Validator, which the outside checker uses, does not assert `format` either.
        .should_validate_formats(false)
        .with_retriever(CopiesOnly)
        .with_registry(registry())
        .build(schema)
        .map_err(|error| error.to_string())
}

/// Compiled validators by resource type and apiVersion.
type Validators = HashMap<(String, String), Arc<Validator>>;

/// The validator of one resource type at one apiVersion, compiled once.
fn resource_validator(kind: &str, api_version: &str) -> Result<Arc<Validator>, String> {
    static VALIDATORS: OnceLock<Mutex<Validators>> = OnceLock::new();
    let &(_, provider, definition) = TYPES
        .iter()
        .find(|(known, _, _)| *known == kind)
        .ok_or_else(|| format!("type {kind} is not one this check knows"))?;
    let mut validators = VALIDATORS
        .get_or_init(Mutex::default)
        .lock()
        .expect("not poisoned");
    let key = (kind.to_owned(), api_version.to_owned());
    if let Some(validator) = validators.get(&key) {
        return Ok(Arc::clone(validator));
    }
    let file = data()
        .join("arm-schemas")
        .join(api_version)
        .join(format!("{provider}.json"));
    if !file.is_file() {
        return Err(format!(
            "{kind}@{api_version}: no schema for that apiVersion in tests/data/arm-schemas"
        ));
    }
    let url = format!("{SCHEMA_BASE}{api_version}/{provider}.json");
    let validator = compile(&json!({"$ref": format!("{url}#/resourceDefinitions/{definition}")}))
        .map_err(|error| format!("{kind}@{api_version}: {provider}.json: {error}"))?;
    let validator = Arc::new(validator);
    validators.insert(key, Arc::clone(&validator));
    Ok(validator)
}

fn template_validator() -> &'static Validator {
    static VALIDATOR: OnceLock<Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        compile(&json!({"$ref": DEPLOYMENT_TEMPLATE})).expect("deploymentTemplate.json compiles")
    })
}

/// The quickstart metadata schema names no draft; its keywords mean the same in draft 4, used throughout.
fn metadata_validator() -> &'static Validator {
    static VALIDATOR: OnceLock<Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        compile(&read_json(&data().join("quickstart-metadata.schema.json")))
            .expect("the quickstart metadata schema compiles")
    })
}

// ------------------------------------------------------------------------------------------------ the checks

/// One line per schema error: its JSON path and message. Where a `oneOf`/`anyOf` failed (ARM's usual "this
/// shape, or an expression"), the errors of the branch that got deepest into the value say why the shape failed.
fn errors(validator: &Validator, instance: &Value) -> Vec<String> {
    let mut found: Vec<(String, String)> = Vec::new();
    for error in validator.iter_errors(instance) {
        let error = error.to_owned();
        for cause in causes(&error) {
            found.push((cause.instance_path().to_string(), cause.to_string()));
        }
    }
    found.sort();
    found.dedup();
    found
        .into_iter()
        .map(|(path, message)| {
            let path = if path.is_empty() {
                "/".to_owned()
            } else {
                path
            };
            format!("at {path}: {}", shorten(&message))
        })
        .collect()
}

fn causes<'e>(error: &'e ValidationError<'static>) -> Vec<&'e ValidationError<'static>> {
    fn depth(error: &ValidationError<'_>) -> usize {
        error.instance_path().as_str().matches('/').count()
    }
    let (ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context }) =
        error.kind()
    else {
        return vec![error];
    };
    // The first branch whose errors reach deepest, as Python's `max(e.context, key=path length)` picks.
    let mut best: Option<(usize, &Vec<ValidationError<'static>>)> = None;
    for branch in context {
        let Some(reach) = branch.iter().map(depth).max() else {
            continue;
        };
        if best.is_none_or(|(deepest, _)| reach > deepest) {
            best = Some((reach, branch));
        }
    }
    match best {
        Some((_, branch)) => branch.iter().flat_map(causes).collect(),
        None => vec![error],
    }
}

fn shorten(message: &str) -> String {
    const LIMIT: usize = 300;
    match message.char_indices().nth(LIMIT) {
        Some((end, _)) => format!("{}...", &message[..end]),
        None => message.to_owned(),
    }
}

/// The resource as the provider sees it: template-only keys dropped, in nested child resources too.
fn without_template_keys(resource: &Value) -> Value {
    let Some(object) = resource.as_object() else {
        return resource.clone();
    };
    let mut body: serde_json::Map<String, Value> = object
        .iter()
        .filter(|(key, _)| !TEMPLATE_KEYS.contains(&key.as_str()))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    if let Some(Value::Array(children)) = body.get_mut("resources") {
        for child in children {
            *child = without_template_keys(child);
        }
    }
    Value::Object(body)
}

/// Every way the template departs from the schemas, one line each; empty when it validates.
fn template_problems(template: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    if template["$schema"].as_str() != Some(&format!("{DEPLOYMENT_TEMPLATE}#")) {
        problems.push(format!(
            "$schema is {}, not {DEPLOYMENT_TEMPLATE}#",
            template["$schema"]
        ));
    }
    for error in errors(template_validator(), template) {
        problems.push(format!("template {error}"));
    }
    let resources: Vec<&Value> = match &template["resources"] {
        Value::Array(resources) => resources.iter().collect(),
        Value::Object(resources) => resources.values().collect(),
        _ => Vec::new(),
    };
    if resources.is_empty() {
        problems.push("the template has no resources".to_owned());
    }
    for (index, resource) in resources.into_iter().enumerate() {
        let kind = resource["type"].as_str().unwrap_or_default();
        let api_version = resource["apiVersion"].as_str().unwrap_or("none");
        let name = &resource["name"];
        if kind == DEPLOYMENT {
            problems.extend(
                deployment_problems(resource)
                    .into_iter()
                    .map(|problem| format!("resources[{index}] {kind} {name} {problem}")),
            );
            continue;
        }
        let validator = match resource_validator(kind, api_version) {
            Ok(validator) => validator,
            Err(problem) => {
                problems.push(format!("resources[{index}] {problem}"));
                continue;
            }
        };
        let mut body = without_template_keys(resource);
        // The schema's vmSize enum is frozen upstream (Azure/azure-rest-api-specs#10033): sizes are free strings.
        if let Some(size) = body.pointer_mut("/properties/hardwareProfile/vmSize")
            && size.is_string()
        {
            *size = json!("[parameters('vmSize')]");
        }
        for error in errors(&validator, &body) {
            problems.push(format!("resources[{index}] {kind} {name} {error}"));
        }
    }
    problems
}

/// A nested deployment: its envelope by hand (no schema copied), its inline template as a template.
fn deployment_problems(deployment: &Value) -> Vec<String> {
    const KEYS: &[&str] = &[
        "type",
        "apiVersion",
        "name",
        "resourceGroup",
        "subscriptionId",
        "location",
        "tags",
        "properties",
        "dependsOn",
        "condition",
        "comments",
    ];
    const PROPERTIES: &[&str] = &[
        "mode",
        "expressionEvaluationOptions",
        "parameters",
        "template",
    ];
    let mut problems = Vec::new();
    let unknown = |object: &Value, known: &[&str], at: &str, problems: &mut Vec<String>| {
        for key in object
            .as_object()
            .into_iter()
            .flat_map(|object| object.keys())
        {
            if !known.contains(&key.as_str()) {
                problems.push(format!("at {at}: unknown key {key:?}"));
            }
        }
    };
    unknown(deployment, KEYS, "/", &mut problems);
    if deployment["apiVersion"].as_str() != Some(DEPLOYMENT_API_VERSION) {
        problems.push(format!(
            "at /apiVersion: {}, not {DEPLOYMENT_API_VERSION} (the version whose definition this check follows)",
            deployment["apiVersion"]
        ));
    }
    // The definition's name pattern, `^[-\w\._\(\)]+$`, at most 64 characters, for a literal name.
    let name = deployment["name"].as_str().unwrap_or_default();
    let named = name.starts_with('[')
        || (!name.is_empty()
            && name.chars().count() <= 64
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '(' | ')')));
    if !named {
        problems.push(format!("at /name: {name:?} is not a deployment name"));
    }
    let properties = &deployment["properties"];
    unknown(properties, PROPERTIES, "/properties", &mut problems);
    if properties["mode"] != "Incremental" {
        problems.push(format!(
            "at /properties/mode: {}, not \"Incremental\"",
            properties["mode"]
        ));
    }
    if properties["expressionEvaluationOptions"] != json!({"scope": "inner"}) {
        problems.push(format!(
            "at /properties/expressionEvaluationOptions: {}, not inner",
            properties["expressionEvaluationOptions"]
        ));
    }
    for (name, value) in properties["parameters"].as_object().into_iter().flatten() {
        if value.as_object().is_none_or(|value| {
            value.len() != 1 || !value.get("value").is_some_and(Value::is_string)
        }) {
            problems.push(format!(
                "at /properties/parameters/{name}: not {{\"value\": string}}"
            ));
        }
    }
    let template = &properties["template"];
    if template.is_object() {
        problems.extend(
            template_problems(template)
                .into_iter()
                .map(|problem| format!("in its template: {problem}")),
        );
    } else {
        problems.push("at /properties/template: no inline template".to_owned());
    }
    problems
}

fn metadata_problems(metadata: &Value) -> Vec<String> {
    errors(metadata_validator(), metadata)
}

// ------------------------------------------------------------------------------------------------ the examples

fn output(spec: &Spec, format: Format) -> Value {
    let plan = Plan::new(spec).expect("the spec plans");
    let options = Options {
        source_name: "sigil.toml".to_owned(),
        date: jiff::civil::Date::constant(2026, 1, 1),
    };
    let text = render(&plan, format, &options).expect("the output renders");
    serde_json::from_str(&text).expect("the output is JSON")
}

fn report(failures: &[(String, Vec<String>)]) -> String {
    let mut message = String::new();
    for (example, problems) in failures {
        for problem in problems {
            let _ = writeln!(message, "examples/{example}: {problem}");
        }
    }
    message
}

#[test]
fn every_example_template_validates_against_the_arm_schemas() {
    let failures: Vec<(String, Vec<String>)> = examples()
        .into_iter()
        .map(|(name, spec)| {
            let problems = template_problems(&output(&spec, Format::Arm));
            (name, problems)
        })
        .filter(|(_, problems)| !problems.is_empty())
        .collect();
    assert!(failures.is_empty(), "\n{}", report(&failures));
}

#[test]
fn every_example_metadata_validates_against_the_quickstart_schema() {
    let failures: Vec<(String, Vec<String>)> = examples()
        .into_iter()
        .map(|(name, spec)| {
            let problems = metadata_problems(&output(&spec, Format::Metadata));
            (name, problems)
        })
        .filter(|(_, problems)| !problems.is_empty())
        .collect();
    assert!(failures.is_empty(), "\n{}", report(&failures));
}

// ------------------------------------------------------------------------------------------------ the check can fail

/// The template of the first example with an image definition, and that resource's index.
fn template_with_an_image_definition() -> (Value, usize) {
    examples()
        .into_iter()
        .find_map(|(_, spec)| {
            let template = output(&spec, Format::Arm);
            let index = template["resources"]
                .as_array()?
                .iter()
                .position(|r| r["type"] == "Microsoft.Compute/galleries/images")?;
            Some((template, index))
        })
        .expect("an example with an image definition")
}

fn assert_refused(problems: &[String], expected: &[&str]) {
    assert!(
        problems
            .iter()
            .any(|problem| expected.iter().all(|part| problem.contains(part))),
        "no problem mentions all of {expected:?}; found:\n{}",
        problems.join("\n")
    );
}

#[test]
fn an_unknown_property_on_an_image_definition_is_refused() {
    let (mut template, index) = template_with_an_image_definition();
    template["resources"][index]["properties"]["osFlavour"] = json!("Linux");
    assert_refused(
        &template_problems(&template),
        &[
            &format!("resources[{index}] Microsoft.Compute/galleries/images"),
            "at /properties:",
            "osFlavour",
        ],
    );
}

#[test]
fn an_os_type_outside_the_enum_is_refused() {
    let (mut template, index) = template_with_an_image_definition();
    template["resources"][index]["properties"]["osType"] = json!("Ubuntu");
    assert_refused(
        &template_problems(&template),
        &[
            &format!("resources[{index}] Microsoft.Compute/galleries/images"),
            "at /properties/osType:",
            "Ubuntu",
        ],
    );
}

#[test]
fn an_unknown_top_level_key_is_refused() {
    let (mut template, _) = template_with_an_image_definition();
    template["output"] = json!({});
    assert_refused(&template_problems(&template), &["template at /:", "output"]);
}

#[test]
fn a_resource_type_without_a_copied_schema_is_refused() {
    let (mut template, index) = template_with_an_image_definition();
    template["resources"][index]["apiVersion"] = json!("2019-12-01");
    assert_refused(
        &template_problems(&template),
        &[
            &format!("resources[{index}]"),
            "no schema for that apiVersion",
        ],
    );
}

/// The template of the example with a nested deployment, and that deployment's index.
fn template_with_a_nested_deployment() -> (Value, usize) {
    examples()
        .into_iter()
        .find_map(|(_, spec)| {
            let template = output(&spec, Format::Arm);
            let index = template["resources"]
                .as_array()?
                .iter()
                .position(|r| r["type"] == DEPLOYMENT)?;
            Some((template, index))
        })
        .expect("an example with a nested deployment")
}

#[test]
fn an_unknown_property_inside_a_nested_deployment_is_refused() {
    let (mut template, index) = template_with_a_nested_deployment();
    let inner = &mut template["resources"][index]["properties"]["template"]["resources"];
    let vm = inner
        .as_array()
        .unwrap()
        .iter()
        .position(|r| r["type"] == "Microsoft.Compute/virtualMachines")
        .unwrap();
    inner[vm]["properties"]["hardwareProfile"]["vmSku"] = json!("Standard_D2s_v5");
    assert_refused(
        &template_problems(&template),
        &[
            &format!("resources[{index}] {DEPLOYMENT}"),
            &format!("in its template: resources[{vm}] Microsoft.Compute/virtualMachines"),
            "vmSku",
        ],
    );
}

#[test]
fn a_nested_deployment_out_of_shape_is_refused() {
    let (template, index) = template_with_a_nested_deployment();
    let broken = |edit: &dyn Fn(&mut Value)| {
        let mut template = template.clone();
        edit(&mut template["resources"][index]);
        template_problems(&template)
    };
    let at = format!("resources[{index}] {DEPLOYMENT}");
    assert_refused(
        &broken(&|d| d["properties"]["expressionEvaluationOptions"]["scope"] = json!("outer")),
        &[&at, "expressionEvaluationOptions", "not inner"],
    );
    assert_refused(
        &broken(&|d| d["properties"]["templateLink"] = json!({})),
        &[&at, "unknown key \"templateLink\""],
    );
    assert_refused(
        &broken(&|d| d["properties"]["template"]["parameters"]["x"] = json!({"type": "nonsense"})),
        &[&at, "in its template: template at /parameters/x"],
    );
    assert_refused(
        &broken(&|d| {
            d["properties"]["template"]["resources"][0]["apiVersion"] = json!("2019-12-01");
        }),
        &[
            &at,
            "in its template: resources[0]",
            "no schema for that apiVersion",
        ],
    );
}

#[test]
fn a_five_character_item_display_name_is_refused() {
    let (_, spec) = examples().swap_remove(0);
    let mut metadata = output(&spec, Format::Metadata);
    metadata["itemDisplayName"] = json!("Short");
    assert_refused(
        &metadata_problems(&metadata),
        &["at /itemDisplayName:", "Short"],
    );
}
