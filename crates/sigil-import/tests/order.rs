//! Resources come back from a template in the spec's order. Found by the round-trip fuzz target: an
//! existing gallery before a created one came back after it (the template creates, then refers to its
//! existing parents), with both galleries' parameter names written out, since they were no longer the
//! defaults of their positions.

use std::path::Path;

use sigil_core::Context;
use sigil_import::{Options, Output, Source, carried_by, import};

const SPEC: &str = r#"
[resource-group]
name = "rg-shared-images"
location = "uksouth"

[[gallery]]
name = "sharedGallery"
existing = true

[[image-definition]]
gallery = "sharedGallery"
name = "rhel-9"
publisher = "Contoso"
offer = "rhel"
sku = "9-gen2"
os-type = "Linux"
os-state = "Generalized"

[[gallery]]
name = "created"
"#;

#[test]
fn an_existing_gallery_before_a_created_one_imports_in_its_place() {
    let context = Context::strict();
    let loaded = sigil_spec::load(Path::new("sigil.toml"), SPEC, &context);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let original = loaded.spec.expect("a spec");
    let plan = sigil_gen::Plan::new(&original).expect("a plan");
    let options = sigil_gen::Options {
        source_name: "sigil.toml".to_owned(),
        date: jiff::civil::date(2026, 1, 1),
    };
    let render = |format| sigil_gen::render(&plan, format, &options).expect("rendered");
    let template = Source {
        path: "azuredeploy.json".into(),
        text: render(sigil_gen::Format::Arm),
    };
    let options = Options {
        parameters: Some(Source {
            path: "azuredeploy.parameters.json".into(),
            text: render(sigil_gen::Format::ArmParameters),
        }),
        resource_group: Some("rg-shared-images".to_owned()),
        location: Some("uksouth".to_owned()),
        context,
    };
    let imported = import(&[template], &options).expect("imported");
    let names: Vec<&str> = imported
        .spec
        .galleries
        .iter()
        .map(|gallery| gallery.name.as_str())
        .collect();
    assert_eq!(names, ["sharedGallery", "created"], "{}", imported.toml);
    assert_eq!(
        carried_by(imported.spec, Output::Template),
        carried_by(original, Output::Template),
        "{}",
        imported.toml
    );
}
