//! `load` through its public API: positions of every kind of finding, collection of every error, and
//! no panic on any input.

use std::path::Path;

use proptest::prelude::*;
use sigil_core::{Context, FieldPath, Located};
use sigil_spec::{Loaded, load, load_bytes};

fn toml(text: &str) -> Loaded {
    load(Path::new("sigil.toml"), text, &Context::strict())
}

fn json(text: &str) -> Loaded {
    load(Path::new("spec.json"), text, &Context::strict())
}

/// `line:column rule path` of each finding, the shape the assertions below compare.
fn found(loaded: &Loaded) -> Vec<String> {
    loaded
        .diagnostics
        .iter()
        .map(
            |Located {
                 span, diagnostic, ..
             }| {
                format!(
                    "{}:{} {} {}",
                    span.start.line, span.start.column, diagnostic.rule.id, diagnostic.path
                )
            },
        )
        .collect()
}

const DEFINITION: &str = r#"
[[gallery]]
name = "myGallery"

[[image-definition]]
gallery = "myGallery"
name = "myImage"
publisher = "contoso"
offer = "ubuntu"
sku = "22.04"
os-type = "Linux"
os-state = "Generalized"
"#;

#[test]
fn a_valid_spec_reads_and_indexes_every_value() {
    let loaded = toml(DEFINITION);
    assert_eq!(found(&loaded), Vec::<String>::new());
    let spec = loaded.spec.expect("the spec reads");
    assert_eq!(spec.image_definitions[0].sku.as_str(), "22.04");
    let sku = FieldPath::root()
        .key("image-definition")
        .index(0)
        .key("sku");
    let place = loaded.index.get(&sku).unwrap();
    assert_eq!((place.value.start.line, place.value.start.column), (10, 7));
    assert_eq!(place.key.unwrap().start.column, 1);
}

#[test]
fn rule_findings_point_at_the_value_or_the_nearest_written_ancestor() {
    let text = format!(
        "{DEFINITION}hyper-v-generation = \"V1\"\nfeatures.security-type = \"TrustedLaunch\"\n\n\
         [[vm]]\nname = \"myVM\"\nimage = \"myGallery/myImage\"\nssh-key-value = \"ssh-ed25519 AAAA\"\n"
    );
    let loaded = toml(&text);
    assert_eq!(
        found(&loaded),
        [
            // The value of hyper-v-generation, which the rule names.
            "13:22 SIG208 image-definition[0].hyper-v-generation",
            // admin-username is not written: the [[vm]] header stands for it.
            "16:1 SIG702 vm[0].admin-username",
        ]
    );
}

#[test]
fn every_bad_key_of_a_resource_is_reported() {
    let text = r#"
[[gallery]]
name = "my-gallery"
soft-delete = "yes"
colour = "blue"
tags = { team = 7 }
"#;
    assert_eq!(
        found(&toml(text)),
        [
            "3:8 SIG102 gallery[0].name",
            "4:15 SIG009 gallery[0].soft-delete",
            "5:1 SIG007 gallery[0].colour",
            "6:17 SIG009 gallery[0].tags.team",
        ]
    );
}

#[test]
fn removed_elements_keep_their_place_in_the_file() {
    let text = r#"
[[gallery]]
name = "myGallery"

[[image-definition]]
gallery = "myGallery"
name = "myImage"
publisher = "contoso"
offer = "ubuntu"
sku = "22.04"
os-type = "Linux"
os-state = "Generalized"
features.disk-controller-types = ["SCSI", "IDE", "NVMe", "SATA"]

[[image-version]]
gallery = "myGallery"
image-definition = "myImage"
name = "1.0.0"
target-regions = [{ name = "west-us" }, { name = "eastus" }, { replica-count = 1 }, { nme = "westus" }]
"#;
    assert_eq!(
        found(&toml(text)),
        [
            "13:43 SIG004 image-definition[0].features.disk-controller-types[1]",
            "13:58 SIG004 image-definition[0].features.disk-controller-types[3]",
            "19:28 SIG009 image-version[0].target-regions[0].name",
            "19:62 SIG008 image-version[0].target-regions[2]",
            "19:87 SIG007 image-version[0].target-regions[3].nme",
        ]
    );
}

#[test]
fn a_key_removed_to_read_on_or_misspelt_is_not_also_missing() {
    let text = "[resource-group]\nname = \"rg\"\nlocaton = \"eastus\"\n\n[[gallery]]\nname = 7\n";
    assert_eq!(
        found(&toml(text)),
        [
            "3:1 SIG007 resource-group.locaton",
            "6:8 SIG009 gallery[0].name"
        ]
    );
}

#[test]
fn a_finding_about_a_top_level_key_is_made_once() {
    let text = "[[galery]]\nname = \"a\"\n[[galery]]\nname = \"b\"\n\
                [[resource-group]]\nname = \"rg\"\n[[resource-group]]\nname = \"rg\"\n";
    let loaded = toml(text);
    assert_eq!(
        found(&loaded),
        ["1:3 SIG007 galery", "5:1 SIG009 resource-group"]
    );
    assert!(
        loaded.diagnostics[0]
            .diagnostic
            .message
            .ends_with("did you mean `gallery`?")
    );
}

#[test]
fn json_reads_the_same_and_places_findings_in_json() {
    let text = r#"{
  "gallery": [{ "name": "myGallery" }, { "name": "my-gallery", "colour": 1 }],
  "image-definition": [{ "gallery": "myGallery" }]
}"#;
    assert_eq!(
        found(&json(text)),
        [
            "2:50 SIG102 gallery[1].name",
            "2:64 SIG007 gallery[1].colour",
            "3:24 SIG008 image-definition[0]",
        ]
    );
    assert!(
        json(r#"{"gallery": [{"name": "myGallery"}]}"#)
            .spec
            .is_some()
    );
}

#[test]
fn syntax_errors_stop_reading_and_name_the_place() {
    let loaded = toml("[[gallery]]\nname = \"a\"\nname = \"b\"\n");
    assert_eq!(found(&loaded), ["3:1 SIG000 "]);
    assert!(loaded.has_syntax_errors() && loaded.spec.is_none() && loaded.index.is_empty());
    assert_eq!(
        loaded.diagnostics[0].diagnostic.message,
        "invalid TOML: duplicate key `name`: write each key once in a table"
    );
    assert_eq!(
        found(&json("{\"vm\": [], \"gallery\": [], \"vm\": []}")),
        ["1:27 SIG000 "]
    );
    assert_eq!(found(&json("{ // comment\n}")), ["1:3 SIG000 "]);
    assert_eq!(found(&json("")), ["1:1 SIG000 "]);
    assert_eq!(found(&json("{} {}")), ["1:4 SIG000 "]);
}

#[test]
fn a_byte_order_mark_takes_no_column() {
    let loaded = toml("\u{feff}[[gallery]]\nname = 5\n");
    assert_eq!(found(&loaded), ["2:8 SIG009 gallery[0].name"]);
    let loaded = json("\u{feff}{\"gallery\": 5}");
    assert_eq!(found(&loaded), ["1:13 SIG009 gallery"]);
}

#[test]
fn text_that_is_not_utf8_is_a_syntax_error_where_it_stops_being_utf8() {
    let loaded = load_bytes(
        Path::new("sigil.toml"),
        b"name = \"caf\xc3\xa9\"\n# \xff\n",
        &Context::strict(),
    );
    assert_eq!(found(&loaded), ["2:3 SIG000 "]);
}

#[test]
fn an_empty_toml_spec_describes_nothing_and_is_valid() {
    let loaded = toml("");
    assert_eq!(found(&loaded), Vec::<String>::new());
    assert!(loaded.spec.is_some());
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let depth = 100_000;
    let toml_text = format!("a = {}{}", "[".repeat(depth), "]".repeat(depth));
    assert!(toml(&toml_text).has_syntax_errors());
    let json_text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    assert!(json(&json_text).has_syntax_errors());
    let objects = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
    assert!(json(&objects).has_syntax_errors());
    // Nesting within the parsers' limits reads, and is refused by the model.
    let deep = format!("{{\"gallery\": {}{}}}", "[".repeat(400), "]".repeat(400));
    assert_eq!(found(&json(&deep)), ["1:14 SIG009 gallery[0]"]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn no_text_makes_load_panic(text in any::<String>()) {
        let _ = toml(&text);
        let _ = json(&text);
    }

    #[test]
    fn no_bytes_make_load_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = load_bytes(Path::new("a.toml"), &bytes, &Context::strict());
        let _ = load_bytes(Path::new("a.json"), &bytes, &Context::strict());
    }

    #[test]
    fn no_damaged_spec_makes_load_panic(cut in 0..DEFINITION.len(), insert in "[\\[\\]{}=\",.: a-z0-9\n]{0,8}") {
        let mut text = DEFINITION.to_owned();
        if text.is_char_boundary(cut) {
            text.insert_str(cut, &insert);
        }
        let loaded = toml(&text);
        for located in &loaded.diagnostics {
            prop_assert!(located.span.start.line >= 1 && located.span.start.column >= 1);
        }
    }
}

#[test]
fn a_nul_character_is_refused_at_its_string_raw_or_escaped() {
    let message = |loaded: &Loaded| loaded.diagnostics[0].diagnostic.message.clone();
    let raw = toml("[[gallery]]\nname = \"g\"\ndescription = \"a\0b\"\n");
    assert_eq!(found(&raw), ["3:17 SIG000 "]);
    assert!(
        message(&raw).contains("NUL character (U+0000)"),
        "{}",
        message(&raw)
    );
    let escaped = toml("[[gallery]]\nname = \"g\"\ndescription = \"a\\u0000b\"\n");
    assert_eq!(found(&escaped), ["3:15 SIG000 "]);
    assert!(message(&escaped).contains("NUL character (U+0000)"));
    let escaped = json(r#"{"gallery": [{"name": "g", "description": "a\u0000b"}]}"#);
    assert_eq!(found(&escaped), ["1:43 SIG000 "]);
    assert!(message(&escaped).contains("NUL character (U+0000)"));
    // Other control characters, escaped, are text a script can carry.
    assert!(
        toml("[[gallery]]\nname = \"g\"\ndescription = \"a\\u0001\\tb\"\n")
            .diagnostics
            .is_empty()
    );
}
