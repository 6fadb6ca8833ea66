//! For random pairs of valid specs, running the plan (modelled by `sigil_plan::apply` on OLD's resources)
//! yields NEW's resources; a pair the plan refuses is only skipped when every refused property really differs.
//!
//! The specs are written as TOML from small pools of names (so OLD and NEW share resources) and of property
//! values, and loaded through `sigil_spec` (a generator bug that makes an invalid spec fails the test). NEW
//! mostly keeps OLD's fixed properties and values, so most pairs are plans rather than refusals.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use proptest::prelude::*;
use sigil_core::model::Spec;
use sigil_core::{Context, Diagnostic};
use sigil_plan::{Key, Kind, Operation, Property, Resources, apply, plan, resources};

const GALLERIES: [&str; 2] = ["galA", "galB"];
const DEFINITIONS: [&str; 2] = ["linux", "win"];
const VERSIONS: [&str; 3] = ["1.0.0", "1.1.0", "2.0.0"];
const TEXTS: [&str; 3] = ["one", "two 'quoted'", "three $(x)"];
const DATES: [&str; 2] = ["2031-12-31", "2035-06-30"];
const REGIONS: [&str; 2] = ["westus", "northeurope"];

/// A value for each updatable property of a resource, drawn from a pool (`None`: not set).
#[derive(Debug, Clone)]
struct Updatable {
    description: Option<usize>,
    eula: Option<usize>,
    date: Option<usize>,
    cpu: Option<(u32, u32)>,
    memory: Option<(u32, u32)>,
    disks: Option<bool>,
    tag: Option<usize>,
    regions: Vec<(usize, u32)>,
    replicas: Option<u32>,
    exclude: Option<bool>,
}

fn updatable() -> impl Strategy<Value = Updatable> {
    (
        (
            proptest::option::of(0..TEXTS.len()),
            proptest::option::of(0..TEXTS.len()),
            proptest::option::of(0..DATES.len()),
            proptest::option::of((1..3u32, 3..6u32)),
            proptest::option::of((1..3u32, 3..6u32)),
        ),
        (
            proptest::option::of(any::<bool>()),
            proptest::option::of(0..TEXTS.len()),
            proptest::collection::vec((0..REGIONS.len(), 1..3u32), 0..3),
            proptest::option::of(1..4u32),
            proptest::option::of(any::<bool>()),
        ),
    )
        .prop_map(
            |((description, eula, date, cpu, memory), (disks, tag, regions, replicas, exclude))| {
                Updatable {
                    description,
                    eula,
                    date,
                    cpu,
                    memory,
                    disks,
                    tag,
                    regions,
                    replicas,
                    exclude,
                }
            },
        )
}

/// One resource of the pools: whether the spec has it, a fixed property (one of two values), its updatable
/// properties, and for a gallery whether it is made elsewhere.
#[derive(Debug, Clone)]
struct Slot {
    present: bool,
    fixed: bool,
    existing: bool,
    values: Updatable,
}

fn slot() -> impl Strategy<Value = Slot> {
    (
        prop::bool::weighted(0.7),
        any::<bool>(),
        prop::bool::weighted(0.15),
        updatable(),
    )
        .prop_map(|(present, fixed, existing, values)| Slot {
            present,
            fixed,
            existing,
            values,
        })
}

/// A spec: a slot per gallery, per definition of a gallery, per version of a definition, and role
/// assignments (scope gallery or definition, role, assignee).
#[derive(Debug, Clone)]
struct Model {
    galleries: Vec<Slot>,
    definitions: Vec<Slot>,
    versions: Vec<Slot>,
    grants: Vec<(usize, Option<usize>, bool, usize)>,
}

const DEFINITION_SLOTS: usize = GALLERIES.len() * DEFINITIONS.len();
const VERSION_SLOTS: usize = DEFINITION_SLOTS * VERSIONS.len();

fn model() -> impl Strategy<Value = Model> {
    (
        proptest::collection::vec(slot(), GALLERIES.len()),
        proptest::collection::vec(slot(), DEFINITION_SLOTS),
        proptest::collection::vec(slot(), VERSION_SLOTS),
        proptest::collection::vec(
            (
                0..GALLERIES.len(),
                proptest::option::of(0..DEFINITIONS.len()),
                any::<bool>(),
                0..2usize,
            ),
            0..4,
        ),
    )
        .prop_map(|(galleries, definitions, versions, grants)| Model {
            galleries,
            definitions,
            versions,
            grants,
        })
}

/// NEW made from OLD and a second draw: unless `refusals`, NEW keeps OLD's fixed properties and sets every
/// updatable property OLD sets (to the drawn value, or the `fallback`'s), since unsetting one is refused too.
fn next(old: &Model, drawn: &Model, fallback: &Model, refusals: bool) -> Model {
    let mut new = drawn.clone();
    if refusals {
        return new;
    }
    let pairs = [
        (&mut new.galleries, &old.galleries, &fallback.galleries),
        (
            &mut new.definitions,
            &old.definitions,
            &fallback.definitions,
        ),
        (&mut new.versions, &old.versions, &fallback.versions),
    ];
    for (new, old, fallback) in pairs {
        for ((slot, before), spare) in new.iter_mut().zip(old).zip(fallback) {
            slot.fixed = before.fixed;
            let (values, before, spare) = (&mut slot.values, &before.values, &spare.values);
            macro_rules! keep_set {
                ($($field:ident),*) => {$(
                    if before.$field.is_some() && values.$field.is_none() {
                        values.$field = spare.$field.or(before.$field);
                    }
                )*};
            }
            keep_set!(description, eula, date, cpu, memory, disks);
        }
    }
    new
}

fn toml_text(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// The spec's TOML: parents only when present (a definition of an absent gallery is left out, and so on).
// One straight pass over the pools, in the spec's order; indices name the pools' entries.
#[allow(clippy::too_many_lines, clippy::needless_range_loop)]
fn write(model: &Model) -> String {
    let mut text = String::from("[resource-group]\nname = \"rg\"\nlocation = \"eastus\"\n");
    let gallery_on = |g: usize| model.galleries[g].present;
    let definition_on =
        |g: usize, d: usize| gallery_on(g) && model.definitions[g * DEFINITIONS.len() + d].present;
    for (g, slot) in model.galleries.iter().enumerate() {
        if !slot.present {
            continue;
        }
        let _ = write!(text, "\n[[gallery]]\nname = \"{}\"\n", GALLERIES[g]);
        if slot.existing {
            text.push_str("existing = true\n");
            continue;
        }
        let values = &slot.values;
        let _ = writeln!(text, "soft-delete = {}", slot.fixed);
        if let Some(description) = values.description {
            let _ = writeln!(text, "description = {}", toml_text(TEXTS[description]));
        }
        if let Some(tag) = values.tag {
            let _ = writeln!(text, "tags = {{ team = {} }}", toml_text(TEXTS[tag]));
        }
    }
    for g in 0..GALLERIES.len() {
        for (d, name) in DEFINITIONS.iter().enumerate() {
            if !definition_on(g, d) {
                continue;
            }
            let slot = &model.definitions[g * DEFINITIONS.len() + d];
            let values = &slot.values;
            let _ = write!(
                text,
                "\n[[image-definition]]\ngallery = \"{}\"\nname = \"{name}\"\npublisher = \"contoso\"\noffer = \"{name}\"\nsku = \"{name}-sku\"\nos-type = \"{}\"\nos-state = \"{}\"\n",
                GALLERIES[g],
                if *name == "win" { "Windows" } else { "Linux" },
                if slot.fixed {
                    "Specialized"
                } else {
                    "Generalized"
                },
            );
            if let Some(description) = values.description {
                let _ = writeln!(text, "description = {}", toml_text(TEXTS[description]));
            }
            if let Some(eula) = values.eula {
                let _ = writeln!(text, "eula = {}", toml_text(TEXTS[eula]));
                let _ = writeln!(text, "release-note-uri = \"https://example.com/{eula}\"");
            }
            if let Some(date) = values.date {
                let _ = writeln!(text, "end-of-life-date = \"{}\"", DATES[date]);
            }
            if let Some((min, max)) = values.cpu {
                let _ = writeln!(text, "minimum-cpu-core = {min}\nmaximum-cpu-core = {max}");
            }
            if let Some((min, max)) = values.memory {
                let _ = writeln!(text, "minimum-memory = {min}\nmaximum-memory = {max}");
            }
            if let Some(premium) = values.disks {
                let disks = if premium {
                    "[\"Standard_LRS\", \"Premium_LRS\"]"
                } else {
                    "[\"Standard_LRS\"]"
                };
                let _ = writeln!(text, "disallowed-disk-types = {disks}");
            }
            if let Some(tag) = values.tag {
                let _ = writeln!(text, "tags = {{ team = {} }}", toml_text(TEXTS[tag]));
            }
        }
    }
    for g in 0..GALLERIES.len() {
        for d in 0..DEFINITIONS.len() {
            if !definition_on(g, d) {
                continue;
            }
            for (v, name) in VERSIONS.iter().enumerate() {
                let slot = &model.versions[(g * DEFINITIONS.len() + d) * VERSIONS.len() + v];
                if !slot.present {
                    continue;
                }
                let values = &slot.values;
                let _ = write!(
                    text,
                    "\n[[image-version]]\ngallery = \"{}\"\nimage-definition = \"{}\"\nname = \"{name}\"\nmanaged-image = \"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/img/providers/Microsoft.Compute/images/i{}\"\n",
                    GALLERIES[g],
                    DEFINITIONS[d],
                    u8::from(slot.fixed),
                );
                let mut regions: Vec<String> = vec!["{ name = \"eastus\" }".to_owned()];
                for (region, replicas) in &values.regions {
                    let entry = format!(
                        "{{ name = \"{}\", replica-count = {replicas} }}",
                        REGIONS[*region]
                    );
                    if !regions
                        .iter()
                        .any(|written| written.contains(REGIONS[*region]))
                    {
                        regions.push(entry);
                    }
                }
                if regions.len() > 1 {
                    let _ = writeln!(text, "target-regions = [{}]", regions.join(", "));
                }
                if let Some(replicas) = values.replicas {
                    let _ = writeln!(text, "replica-count = {replicas}");
                }
                if let Some(exclude) = values.exclude {
                    let _ = writeln!(text, "exclude-from-latest = {exclude}");
                }
                if let Some(date) = values.date {
                    let _ = writeln!(text, "end-of-life-date = \"{}\"", DATES[date]);
                }
                if let Some(tag) = values.tag {
                    let _ = writeln!(text, "tags = {{ release = {} }}", toml_text(TEXTS[tag]));
                }
            }
        }
    }
    let mut grants: Vec<String> = Vec::new();
    for &(g, definition, contributor, assignee) in &model.grants {
        let scope = match definition {
            Some(d) if definition_on(g, d) => format!("{}/{}", GALLERIES[g], DEFINITIONS[d]),
            None if gallery_on(g) => GALLERIES[g].to_owned(),
            _ => continue,
        };
        let grant = format!(
            "\n[[role-assignment]]\nscope = \"{scope}\"\nrole = \"{}\"\nassignee = \"user{assignee}@example.com\"\n",
            if contributor { "Contributor" } else { "Reader" }
        );
        if !grants.contains(&grant) {
            grants.push(grant);
        }
    }
    text.extend(grants);
    text
}

fn load(text: &str) -> Spec {
    let today = jiff::civil::date(2026, 1, 1);
    let context = Context::strict().with_today(today);
    let loaded = sigil_spec::load_bytes(Path::new("spec.toml"), text.as_bytes(), &context);
    let errors: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|located| located.diagnostic.is_error())
        .map(|located| {
            format!(
                "{}: {}",
                located.diagnostic.rule.id, located.diagnostic.message
            )
        })
        .collect();
    assert!(
        errors.is_empty(),
        "the generator wrote an invalid spec: {errors:#?}\n{text}"
    );
    loaded.spec.expect("a spec without errors deserialises")
}

/// What a set of resources deploys: each created resource's properties, by identity.
fn deployed(resources: &Resources) -> BTreeMap<Key, Vec<Property>> {
    resources
        .iter()
        .filter(|(_, resource)| !resource.existing)
        .map(|(key, resource)| (key.clone(), resource.properties.clone()))
        .collect()
}

/// Each refusal names a property whose values really differ between OLD and NEW (or, for SIG016, is unset in
/// NEW), found by its path in NEW.
fn assert_refusals_are_right(old: &Spec, new: &Spec, refused: &[Diagnostic]) {
    let (before, after) = (resources(old), resources(new));
    for diagnostic in refused {
        let path = diagnostic.path.to_string();
        let (table, rest) = path
            .split_once('[')
            .unwrap_or_else(|| panic!("{path}: {}", diagnostic.message));
        let (index, property) = rest.split_once("].").unwrap_or_else(|| panic!("{path}"));
        let index: usize = index.parse().unwrap();
        let (key, resource) = after
            .iter()
            .find(|(key, resource)| key.kind.spec_key() == table && resource.index == index)
            .unwrap_or_else(|| panic!("{path} names no resource of NEW"));
        let previous = before
            .get(key)
            .unwrap_or_else(|| panic!("{path}: not in OLD, so nothing changed"));
        let (was, is) = (previous.value(property), resource.value(property));
        assert_ne!(
            was, is,
            "{}: {path} refused but unchanged",
            diagnostic.rule.id
        );
        if diagnostic.rule.id == "SIG016" {
            assert_eq!(is, None, "SIG016 is the removal of a value: {path}");
        } else {
            let fixed = resource
                .properties
                .iter()
                .find(|p| p.key == property)
                .map(|p| p.change);
            assert_eq!(
                fixed,
                Some(sigil_plan::Change::Fixed(diagnostic.rule)),
                "{path}: refused with {} but not fixed by that rule",
                diagnostic.rule.id
            );
        }
        let named = match diagnostic.rule.id {
            "SIG016" => [was.unwrap_or_default(), "removed"],
            _ => [was.unwrap_or("(not set)"), is.unwrap_or("(not set)")],
        };
        for value in named {
            assert!(
                diagnostic.message.contains(value),
                "the message names `{value}`: {}",
                diagnostic.message
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn applying_the_plan_to_old_yields_new(
        old in model(),
        drawn in model(),
        fallback in model(),
        refusals in prop::bool::weighted(0.2),
    ) {
        let new = next(&old, &drawn, &fallback, refusals);
        let (old_text, new_text) = (write(&old), write(&new));
        let (old_spec, new_spec) = (load(&old_text), load(&new_text));
        match plan(&old_spec, &new_spec) {
            Ok(plan) => {
                let after = apply(plan.operations(), &resources(&old_spec));
                prop_assert_eq!(
                    deployed(&after),
                    deployed(&resources(&new_spec)),
                    "\nOLD:\n{}\nNEW:\n{}\n{}",
                    old_text,
                    new_text,
                    plan.summary()
                );
                prop_assert_eq!(plan.is_empty(), deployed(&resources(&old_spec)) == deployed(&resources(&new_spec)));
                // Every operation is one the kind allows: role assignments are never updated.
                for operation in plan.operations() {
                    if let Operation::Update { key, changes, .. } = operation {
                        prop_assert!(key.kind != Kind::RoleAssignment && !changes.is_empty());
                    }
                }
            }
            Err(refused) => {
                prop_assert!(!refused.is_empty());
                assert_refusals_are_right(&old_spec, &new_spec, &refused);
            }
        }
    }
}
