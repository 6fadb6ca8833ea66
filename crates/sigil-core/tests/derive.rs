//! What the derives generate, seen from a user of `sigil_core`.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use sigil_core::names::{NameError, NameKind};
use sigil_core::rules::{SIG001, SIG003, SIG004};
use sigil_core::{Context, Diagnostic, Mode, Validate, ValidatedName, Validator};

#[derive(Debug, Clone, PartialEq, Eq, Hash, ValidatedName)]
#[name(rule = NameKind::Gallery)]
struct GalleryName(String);

// The rule is any expression, and the field type any path ending in `String`.
const DEFINITION: NameKind = NameKind::ImageDefinition;

#[derive(Debug, Clone, PartialEq, Eq, Hash, ValidatedName)]
#[name(rule = DEFINITION)]
struct DefinitionName(pub std::string::String);

fn gallery(name: &str) -> GalleryName {
    name.parse().unwrap()
}

mod validated_name {
    use super::*;

    #[test]
    fn kind_is_the_rule() {
        assert_eq!(GalleryName::KIND, NameKind::Gallery);
        assert_eq!(DefinitionName::KIND, NameKind::ImageDefinition);
    }

    #[test]
    fn parse_applies_the_rule_in_the_mode_asked() {
        assert_eq!(
            GalleryName::parse("my_gallery", Mode::Strict)
                .unwrap()
                .as_str(),
            "my_gallery"
        );
        assert!(GalleryName::parse("my-gallery", Mode::Strict).is_err());
        assert!(GalleryName::parse("", Mode::Lenient).is_err());
        let owned = GalleryName::parse(String::from("gallery01"), Mode::Lenient).unwrap();
        assert_eq!(owned.into_inner(), "gallery01");

        let inputs = ["image", "image_", "_image", "image-1.0", "", "image name"];
        for mode in [Mode::Strict, Mode::Lenient] {
            for input in inputs {
                assert_eq!(
                    DefinitionName::parse(input, mode).is_ok(),
                    NameKind::ImageDefinition.validate(input, mode).is_ok(),
                    "{input:?} in {mode:?}"
                );
            }
        }
        let differs = inputs.iter().any(|input| {
            DefinitionName::parse(*input, Mode::Strict).is_ok()
                != DefinitionName::parse(*input, Mode::Lenient).is_ok()
        });
        assert!(differs, "no input tells the modes apart");
    }

    #[test]
    fn conversions_are_strict() {
        let strict_only = ["image", "image_", "_image"]
            .into_iter()
            .find(|input| {
                NameKind::ImageDefinition
                    .validate(input, Mode::Lenient)
                    .is_ok()
                    && NameKind::ImageDefinition
                        .validate(input, Mode::Strict)
                        .is_err()
            })
            .expect("a name only the lenient rules accept");
        assert!(strict_only.parse::<DefinitionName>().is_err());
        assert!(DefinitionName::try_from(strict_only).is_err());
        assert!(DefinitionName::try_from(strict_only.to_owned()).is_err());
        assert!(serde_json::from_value::<DefinitionName>(strict_only.into()).is_err());
    }

    #[test]
    fn conversions_accept_valid_names() {
        let name = gallery("my_gallery");
        assert_eq!(GalleryName::try_from("my_gallery").unwrap(), name);
        assert_eq!(
            GalleryName::try_from(String::from("my_gallery")).unwrap(),
            name
        );
        assert_eq!(name.as_str(), "my_gallery");
        assert_eq!(AsRef::<str>::as_ref(&name), "my_gallery");
        assert_eq!(String::from(name.clone()), "my_gallery");
        assert_eq!(name.clone().into_inner(), "my_gallery");
    }

    #[test]
    fn reads_as_a_str() {
        let name = gallery("my_gallery");
        assert_eq!(name.len(), 10);
        assert!(name.starts_with("my_"));
        assert_eq!(&*name, "my_gallery");
        assert_eq!(name.to_string(), "my_gallery");
        assert_eq!(format!("[{name:>12}]"), "[  my_gallery]");
        let set: HashSet<GalleryName> = [gallery("a"), gallery("a"), gallery("b")].into();
        assert_eq!(set.len(), 2);
    }

    #[test]
    fn errors_carry_the_rule() {
        let errors: [NameError; 4] = [
            "my-gallery".parse::<GalleryName>().unwrap_err(),
            GalleryName::try_from("my-gallery").unwrap_err(),
            GalleryName::try_from(String::from("my-gallery")).unwrap_err(),
            GalleryName::parse("my-gallery", Mode::Lenient).unwrap_err(),
        ];
        let expected = NameKind::Gallery
            .validate("my-gallery", Mode::Strict)
            .unwrap_err()
            .to_string();
        assert!(expected.contains("SIG10"), "{expected}");
        for error in errors {
            assert_eq!(error.to_string(), expected);
        }
        let empty = GalleryName::parse("", Mode::Strict)
            .unwrap_err()
            .to_string();
        assert!(empty.contains("SIG10"), "{empty}");
    }

    #[test]
    fn serializes_as_a_string() {
        let name = gallery("my_gallery");
        assert_eq!(serde_json::to_string(&name).unwrap(), r#""my_gallery""#);
        let back: GalleryName = serde_json::from_str(r#""my_gallery""#).unwrap();
        assert_eq!(back, name);
    }

    #[test]
    fn deserializing_an_invalid_name_tells_the_rule() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Spec {
            gallery: GalleryName,
        }

        let error = serde_json::from_str::<GalleryName>(r#""my-gallery""#).unwrap_err();
        assert!(error.to_string().contains("SIG102"), "{error}");
        let error = serde_json::from_str::<Spec>(r#"{"gallery": ""}"#).unwrap_err();
        assert!(error.to_string().contains("SIG10"), "{error}");
        let error = serde_json::from_str::<GalleryName>("42").unwrap_err();
        assert!(error.to_string().contains("expected a string"), "{error}");
    }
}

mod validate {
    use super::*;

    fn one_of(allowed: &'static [&'static str]) -> impl Fn(&str, &mut Validator<'_>) {
        move |value, validator| {
            if !allowed.contains(&value) {
                validator.report(&SIG004, format!("`{value}` is not one of {allowed:?}"));
            }
        }
    }

    fn os_type(value: &str, validator: &mut Validator<'_>) {
        one_of(&["Linux", "Windows"])(value, validator);
    }

    fn state(value: &str, validator: &mut Validator<'_>) {
        one_of(&["Generalized", "Specialized"])(value, validator);
    }

    fn not_blank(value: &str, validator: &mut Validator<'_>) {
        if value.trim().is_empty() {
            validator.report(&SIG004, "blank");
        }
    }

    fn unique_names(items: &[Definition], validator: &mut Validator<'_>) {
        let mut seen = HashSet::new();
        for (index, item) in items.iter().enumerate() {
            if !seen.insert(item.name.to_ascii_lowercase()) {
                validator.in_index(index, |validator| {
                    validator.report_at("name", &SIG001, format!("`{}` again", item.name));
                });
            }
        }
    }

    /// Container check: sees the whole value, at the value's own path.
    fn gallery_is_defined(spec: &Spec, validator: &mut Validator<'_>) {
        for (index, item) in spec.image_definitions.iter().enumerate() {
            if item.gallery != spec.gallery.name {
                validator.in_field("image-definitions", |validator| {
                    validator.in_index(index, |validator| {
                        validator.report_at("gallery", &SIG003, "no such gallery");
                    });
                });
            }
        }
    }

    fn has_identifier(definition: &Definition, validator: &mut Validator<'_>) {
        if definition.identifier.is_none() {
            validator.report(&SIG004, "no identifier");
        }
    }

    #[derive(Debug, Deserialize, Validate)]
    #[serde(rename_all = "kebab-case")]
    #[validate(check = gallery_is_defined)]
    struct Spec {
        #[validate(nested)]
        gallery: Gallery,
        #[validate(nested, check = unique_names)]
        image_definitions: Vec<Definition>,
        // Not visited: nothing here may report.
        #[allow(dead_code)]
        comment: Option<String>,
    }

    #[derive(Debug, Deserialize, Validate)]
    struct Gallery {
        #[validate(check = gallery_name)]
        name: String,
        #[serde(rename = "desc")]
        #[validate(check = not_blank)]
        description: String,
    }

    fn gallery_name(name: &str, validator: &mut Validator<'_>) {
        if let Err(error) = NameKind::Gallery.validate(name, validator.mode()) {
            validator.extend(error.diagnostics);
        }
    }

    #[derive(Debug, Deserialize, Validate)]
    #[serde(rename_all = "camelCase")]
    #[validate(check = has_identifier)]
    struct Definition {
        #[validate(check = not_blank)]
        name: String,
        gallery: String,
        #[validate(check = os_type)]
        os_type: String,
        #[serde(rename = "osState")]
        #[validate(check = state, rename = "os-state")]
        state: String,
        #[validate(nested)]
        identifier: Option<Identifier>,
    }

    #[derive(Debug, Deserialize, Validate)]
    #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
    struct Identifier {
        #[validate(check = not_blank)]
        publisher: String,
        #[validate(check = not_blank)]
        #[validate(check = sku_is_short)]
        r#type: String,
    }

    fn sku_is_short(value: &str, validator: &mut Validator<'_>) {
        if value.len() > 3 {
            validator.report(&SIG004, "long");
        }
    }

    fn found(diagnostics: &[Diagnostic]) -> Vec<(String, &'static str)> {
        diagnostics
            .iter()
            .map(|diagnostic| (diagnostic.path.to_string(), diagnostic.rule.id))
            .collect()
    }

    fn spec() -> Spec {
        serde_json::from_value(serde_json::json!({
            "gallery": { "name": "my-gallery", "desc": " " },
            "image-definitions": [
                {
                    "name": "ubuntu", "gallery": "my-gallery", "osType": "Linux", "osState": "Generalized",
                    "identifier": { "PUBLISHER": "me", "TYPE": "gen2" }
                },
                { "name": " ", "gallery": "other", "osType": "Ubuntu", "osState": "Sleeping" },
                {
                    "name": "UBUNTU", "gallery": "my-gallery", "osType": "Windows", "osState": "Specialized",
                    "identifier": { "PUBLISHER": "", "TYPE": "" }
                }
            ],
            "comment": "   "
        }))
        .unwrap()
    }

    #[test]
    fn collects_every_violation_with_its_path() {
        let diagnostics = spec().validate(&Context::strict());
        let gallery_name = NameKind::Gallery
            .validate("my-gallery", Mode::Strict)
            .unwrap_err()
            .diagnostics;
        assert!(!gallery_name.is_empty());

        let mut expected: Vec<(String, &str)> = gallery_name
            .iter()
            .map(|diagnostic| ("gallery.name".to_owned(), diagnostic.rule.id))
            .collect();
        expected.extend(
            [
                ("gallery.desc", "SIG004"),
                ("image-definitions[0].identifier.TYPE", "SIG004"),
                ("image-definitions[1].name", "SIG004"),
                ("image-definitions[1].osType", "SIG004"),
                ("image-definitions[1].os-state", "SIG004"),
                ("image-definitions[1]", "SIG004"),
                ("image-definitions[2].identifier.PUBLISHER", "SIG004"),
                ("image-definitions[2].identifier.TYPE", "SIG004"),
                ("image-definitions[2].name", "SIG001"),
                ("image-definitions[1].gallery", "SIG003"),
            ]
            .map(|(path, rule)| (path.to_owned(), rule)),
        );
        assert_eq!(found(&diagnostics), expected);
    }

    #[test]
    fn checks_see_the_mode() {
        #[derive(Validate)]
        struct Strictly {
            #[validate(check = strict_only)]
            value: u8,
        }

        #[allow(clippy::trivially_copy_pass_by_ref)]
        fn strict_only(_: &u8, validator: &mut Validator<'_>) {
            if validator.mode() == Mode::Strict {
                validator.report(&SIG004, "strict");
            }
        }

        let value = Strictly { value: 1 };
        assert_eq!(value.validate(&Context::strict()).len(), 1);
        let lenient = Context::strict().with_mode(Mode::Lenient);
        assert!(value.validate(&lenient).is_empty());
    }

    #[test]
    fn a_valid_tree_has_nothing_to_say() {
        let mut spec = spec();
        spec.gallery.name = "my_gallery".to_owned();
        spec.gallery.description = "images".to_owned();
        spec.image_definitions.truncate(1);
        spec.image_definitions[0].gallery = "my_gallery".to_owned();
        spec.image_definitions[0]
            .identifier
            .as_mut()
            .unwrap()
            .r#type = "g2".to_owned();
        assert_eq!(spec.validate(&Context::strict()), []);
    }

    #[test]
    fn generic_structs_carry_their_bounds() {
        #[derive(Validate)]
        struct Wrapper<'a, T: Validate, const N: usize>
        where
            T: Sized,
        {
            #[validate(nested)]
            items: Vec<T>,
            #[validate(check = at_most::<N>)]
            limit: usize,
            #[validate(nested)]
            boxed: Box<T>,
            #[allow(dead_code)]
            borrowed: &'a str,
        }

        // Checks take the field by reference, whatever its type.
        #[allow(clippy::trivially_copy_pass_by_ref)]
        fn at_most<const N: usize>(value: &usize, validator: &mut Validator<'_>) {
            if *value > N {
                validator.report(&SIG004, "too many");
            }
        }

        let blank = || Gallery {
            name: "g".to_owned(),
            description: String::new(),
        };
        let wrapper = Wrapper::<'_, Gallery, 2> {
            items: vec![blank(), blank()],
            limit: 3,
            boxed: Box::new(blank()),
            borrowed: "",
        };
        assert_eq!(
            found(&wrapper.validate(&Context::strict())),
            [
                ("items[0].desc".to_owned(), "SIG004"),
                ("items[1].desc".to_owned(), "SIG004"),
                ("limit".to_owned(), "SIG004"),
                ("boxed.desc".to_owned(), "SIG004"),
            ]
        );
    }

    #[test]
    fn keys_need_no_serde() {
        #[derive(Validate)]
        #[validate(check = root)]
        #[validate(check = root)]
        struct Plain {
            #[validate(check = not_blank, check = not_blank)]
            r#loop: String,
            #[validate(rename = "Renamed", check = not_blank)]
            field: String,
        }

        fn root(_: &Plain, validator: &mut Validator<'_>) {
            validator.report(&SIG004, "root");
        }

        let plain = Plain {
            r#loop: String::new(),
            field: String::new(),
        };
        assert_eq!(
            found(&plain.validate(&Context::strict())),
            [
                ("loop".to_owned(), "SIG004"),
                ("loop".to_owned(), "SIG004"),
                ("Renamed".to_owned(), "SIG004"),
                (String::new(), "SIG004"),
                (String::new(), "SIG004"),
            ]
        );
    }

    #[test]
    fn serde_rename_all_shapes_keys() {
        #[derive(Serialize, Validate)]
        #[serde(rename_all = "PascalCase")]
        struct Shaped {
            #[validate(check = not_blank)]
            end_of_life_date: String,
            #[serde(rename = "exclude")]
            #[validate(check = not_blank)]
            exclude_from_latest: String,
        }

        let shaped = Shaped {
            end_of_life_date: String::new(),
            exclude_from_latest: String::new(),
        };
        let json = serde_json::to_value(&shaped).unwrap();
        let keys: Vec<_> = found(&shaped.validate(&Context::strict()))
            .into_iter()
            .map(|(path, _)| path)
            .collect();
        assert_eq!(keys, ["EndOfLifeDate", "exclude"]);
        for key in keys {
            assert!(json.get(&key).is_some(), "serde has no key {key}");
        }
    }
}
