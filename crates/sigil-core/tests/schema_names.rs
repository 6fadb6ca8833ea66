//! The schema of every name kind accepts exactly what `NameKind::validate(.., Mode::Lenient)` accepts: its
//! `pattern`, `minLength` and `maxLength` together, checked on every short name over an alphabet of the
//! characters the rules treat differently, on names at and around each length limit and int32 boundary,
//! and on random long names, both arbitrary and drawn from the pattern itself.

#![cfg(feature = "schema")]

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use regex::Regex;
use serde_json::Value;
use sigil_core::schema::name_schema;
use sigil_core::{Mode, NameKind};

/// What the schema of one kind says, compiled.
struct NameSchema {
    kind: NameKind,
    pattern: Regex,
    source: String,
    min: usize,
    max: Option<usize>,
}

impl NameSchema {
    fn of(kind: NameKind) -> Self {
        let schema = name_schema(kind).to_value();
        let source = schema["pattern"]
            .as_str()
            .unwrap_or_else(|| panic!("{kind} has no pattern"))
            .to_owned();
        let bound = |key: &str| {
            schema
                .get(key)
                .and_then(Value::as_u64)
                .map(|n| usize::try_from(n).unwrap())
        };
        NameSchema {
            kind,
            pattern: Regex::new(&source).unwrap_or_else(|e| panic!("{kind}: {e}")),
            min: bound("minLength").unwrap_or(0),
            max: bound("maxLength"),
            source,
        }
    }

    /// Whether a JSON Schema validator accepts `name`: lengths count Unicode code points, as `chars` does.
    fn accepts(&self, name: &str) -> bool {
        let length = name.chars().count();
        length >= self.min
            && self.max.is_none_or(|max| length <= max)
            && self.pattern.is_match(name)
    }

    fn agrees(&self, name: &str) -> Result<(), String> {
        let schema = self.accepts(name);
        let lenient = self.kind.validate(name, Mode::Lenient).is_ok();
        if schema == lenient {
            Ok(())
        } else {
            Err(format!(
                "{} `{name}` ({} chars): the schema {} it, `validate --lenient` {} it (pattern {})",
                self.kind,
                name.chars().count(),
                if schema { "accepts" } else { "refuses" },
                if lenient { "accepts" } else { "refuses" },
                self.source
            ))
        }
    }
}

fn schemas() -> Vec<NameSchema> {
    NameKind::ALL.into_iter().map(NameSchema::of).collect()
}

/// Every string of up to `longest` characters over `alphabet`.
fn all_strings(alphabet: &[char], longest: usize) -> Vec<String> {
    let mut all = vec![String::new()];
    let mut previous = vec![String::new()];
    for _ in 0..longest {
        let next: Vec<String> = previous
            .iter()
            .flat_map(|prefix| {
                alphabet.iter().map(move |c| {
                    let mut longer = prefix.clone();
                    longer.push(*c);
                    longer
                })
            })
            .collect();
        all.extend(next.iter().cloned());
        previous = next;
    }
    all
}

/// Letters of both cases, digits, the separators the rules weigh (`-`, `_`, `.`), a space, a character
/// every rule refuses (`/`), a non-ASCII letter and one outside the Basic Multilingual Plane (two UTF-16
/// code units, one code point).
const NAME_ALPHABET: [char; 11] = ['a', 'Z', '0', '9', '-', '_', '.', ' ', '/', 'é', '𝔸'];

#[test]
fn every_short_name_agrees() {
    let names = all_strings(&NAME_ALPHABET, 4);
    assert_eq!(names.len(), 16_105);
    for schema in schemas() {
        for name in &names {
            schema.agrees(name).unwrap();
        }
    }
}

#[test]
fn every_short_version_agrees() {
    let names = all_strings(&['0', '1', '9', '.', 'x', '-'], 7);
    assert_eq!(names.len(), 335_923);
    let versions = [
        NameKind::ImageVersion,
        NameKind::ApplicationVersion,
        NameKind::ScriptVersion,
    ];
    for schema in schemas().into_iter().filter(|s| versions.contains(&s.kind)) {
        for name in &names {
            schema.agrees(name).unwrap();
        }
    }
}

/// Names of every length from 0 to 130 (past every limit), each edge and middle from the alphabet.
#[test]
fn names_around_the_length_limits_agree() {
    let edges = ['a', '0', '-', '_', '.', ' ', 'é'];
    let mut checked = 0;
    for schema in schemas() {
        for length in 0..=130 {
            for &first in &edges {
                for &middle in &['b', '_', '.', '-'] {
                    for &last in &edges {
                        let name: String = (0..length)
                            .map(|at| match at {
                                0 => first,
                                at if at + 1 == length => last,
                                _ => middle,
                            })
                            .collect();
                        schema.agrees(&name).unwrap();
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked > 200_000, "{checked}");
}

/// Segments at the digit limit and the int32 limit, with and without leading zeros, in every position.
#[test]
fn versions_around_the_int32_limit_agree() {
    let segments = [
        "0",
        "00",
        "7",
        "010",
        "999999999",
        "0999999999",
        "1000000000",
        "2147483646",
        "2147483647",
        "2147483648",
        "2147483650",
        "2147483700",
        "2148000000",
        "2200000000",
        "3000000000",
        "9999999999",
        "02147483647",
        "00000000001",
        "0000000001",
        "21474836470",
        "4294967296",
        "",
        " 1",
        "1a",
    ];
    let mut checked = 0;
    for schema in schemas() {
        for major in segments {
            for minor in segments {
                for patch in ["0", "2147483647", "2147483648", "0000000000", "00000000000"] {
                    schema.agrees(&format!("{major}.{minor}.{patch}")).unwrap();
                    schema.agrees(&format!("{patch}.{major}.{minor}")).unwrap();
                    checked += 2;
                }
            }
        }
    }
    assert_eq!(checked, 11 * 24 * 24 * 5 * 2);
}

/// Random names: arbitrary ones over the alphabet (mostly refused), and ones drawn from the pattern
/// itself (mostly accepted, up to the lengths the limits cut off), mutated by one character.
#[test]
fn random_long_names_agree() {
    for schema in schemas() {
        let mut runner = TestRunner::new(Config {
            cases: 512,
            ..Config::default()
        });
        let any_chars =
            proptest::collection::vec(proptest::sample::select(&NAME_ALPHABET[..]), 0..140)
                .prop_map(|chars| chars.into_iter().collect::<String>());
        runner
            .run(&any_chars, |name| {
                schema.agrees(&name).map_err(TestCaseError::fail)
            })
            .unwrap();

        let unanchored = schema
            .source
            .strip_prefix('^')
            .and_then(|pattern| pattern.strip_suffix('$'))
            .expect("patterns are anchored");
        let from_pattern = proptest::string::string_regex(unanchored).unwrap();
        let mutated = (
            proptest::string::string_regex(unanchored).unwrap(),
            any::<prop::sample::Index>(),
            proptest::sample::select(&NAME_ALPHABET[..]),
        )
            .prop_map(|(name, at, c)| {
                let mut chars: Vec<char> = name.chars().collect();
                if !chars.is_empty() {
                    let at = at.index(chars.len());
                    chars[at] = c;
                }
                chars.into_iter().collect::<String>()
            });
        runner
            .run(&from_pattern, |name| {
                schema.agrees(&name).map_err(TestCaseError::fail)
            })
            .unwrap();
        runner
            .run(&mutated, |name| {
                schema.agrees(&name).map_err(TestCaseError::fail)
            })
            .unwrap();
    }
}

/// The patterns stay within what ECMA-262 (with or without the `u` flag) and the Rust `regex` crate read
/// alike: anchors, ASCII classes, groups, bounded repetition, alternation, and `\.` as the only escape.
#[test]
fn patterns_use_the_portable_subset() {
    for schema in schemas() {
        let pattern = &schema.source;
        assert!(
            pattern.starts_with('^') && pattern.ends_with('$'),
            "{pattern}"
        );
        assert!(!pattern.contains("(?"), "{}: {pattern}", schema.kind);
        let mut chars = pattern.chars();
        while let Some(c) = chars.next() {
            assert!(
                c.is_ascii() && !c.is_ascii_control(),
                "{}: {pattern}",
                schema.kind
            );
            if c == '\\' {
                assert_eq!(chars.next(), Some('.'), "{}: {pattern}", schema.kind);
            }
        }
    }
}
