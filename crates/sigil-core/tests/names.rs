//! Boundary tests of the naming rules: lengths, first and last characters, characters, versions,
//! non-ASCII look-alikes, and what the messages say. Each case asserts the exact rule ids reported.
//!
//! The strict and lenient forms are those of `/work/shared/reference/gallery-rules.md` §1.1-1.5
//! and §4.

use sigil_core::names::NameKind;
use sigil_core::{Mode, Severity};

const VERSION_KINDS: [NameKind; 3] = [
    NameKind::ImageVersion,
    NameKind::ApplicationVersion,
    NameKind::ScriptVersion,
];
const IDENTIFIER_KINDS: [(NameKind, usize); 3] = [
    (NameKind::Publisher, 128),
    (NameKind::Offer, 64),
    (NameKind::Sku, 64),
];
const MODES: [Mode; 2] = [Mode::Strict, Mode::Lenient];

/// The rule ids of every finding about `name`, in the order reported.
fn ids(kind: NameKind, name: &str, mode: Mode) -> Vec<&'static str> {
    kind.check(name, mode).iter().map(|d| d.rule.id).collect()
}

/// Asserts the ids reported in both modes.
fn assert_both(kind: NameKind, name: &str, expected: &[&str]) {
    for mode in MODES {
        assert_eq!(
            ids(kind, name, mode),
            expected,
            "{kind} {name:?} ({mode:?})"
        );
    }
}

fn messages(kind: NameKind, name: &str, mode: Mode) -> Vec<String> {
    kind.check(name, mode)
        .into_iter()
        .map(|d| d.message)
        .collect()
}

/// The one message reported about `name` in strict mode.
fn only_message(kind: NameKind, name: &str) -> String {
    let mut all = messages(kind, name, Mode::Strict);
    assert_eq!(
        all.len(),
        1,
        "{kind} {name:?}: expected one finding, got {all:?}"
    );
    all.remove(0)
}

/// The suggested fixes of a message: the backquoted names after "; use ", separated by " or ".
fn suggestions(message: &str) -> Vec<String> {
    let Some((_, tail)) = message.split_once("; use `") else {
        return Vec::new();
    };
    tail.trim_end_matches('`')
        .split("` or `")
        .map(str::to_owned)
        .collect()
}

fn repeat(c: char, n: usize) -> String {
    std::iter::repeat_n(c, n).collect()
}

// ------------------------------------------------------------------------------------------------
// Lengths
// ------------------------------------------------------------------------------------------------

#[test]
fn gallery_length_is_1_to_80_in_both_modes() {
    let kind = NameKind::Gallery;
    assert_both(kind, "", &["SIG101"]);
    assert_both(kind, "a", &[]);
    assert_both(kind, &repeat('a', 80), &[]);
    assert_both(kind, &repeat('a', 81), &["SIG101"]);
    let separated = format!("a{}a", repeat('_', 78));
    assert_both(kind, &separated, &[]);
}

#[test]
fn image_definition_length_is_1_to_80_in_both_modes() {
    let kind = NameKind::ImageDefinition;
    assert_both(kind, "", &["SIG201"]);
    assert_both(kind, "a", &[]);
    assert_both(kind, &repeat('a', 80), &[]);
    assert_both(kind, &repeat('a', 81), &["SIG201"]);
    let separated = format!("a{}a", repeat('-', 78));
    assert_both(kind, &separated, &[]);
}

#[test]
fn application_length_is_80_strict_and_117_lenient() {
    let kind = NameKind::Application;
    assert_both(kind, "", &["SIG401"]);
    assert_both(kind, "a", &[]);
    assert_both(kind, &repeat('a', 80), &[]);
    assert_eq!(ids(kind, &repeat('a', 81), Mode::Strict), ["SIG401"]);
    assert_eq!(
        ids(kind, &repeat('a', 81), Mode::Lenient),
        Vec::<&str>::new()
    );
    assert_eq!(ids(kind, &repeat('a', 117), Mode::Strict), ["SIG401"]);
    assert_eq!(
        ids(kind, &repeat('a', 117), Mode::Lenient),
        Vec::<&str>::new()
    );
    assert_both(kind, &repeat('a', 118), &["SIG401"]);
}

#[test]
fn identifier_lengths_are_128_for_publisher_and_64_for_offer_and_sku() {
    for (kind, max) in IDENTIFIER_KINDS {
        assert_both(kind, "", &["SIG204"]);
        assert_both(kind, "a", &[]);
        assert_both(kind, &repeat('a', max), &[]);
        assert_both(kind, &repeat('a', max + 1), &["SIG204"]);
    }
}

#[test]
fn public_name_prefix_is_5_to_16() {
    let kind = NameKind::PublicNamePrefix;
    for length in [0, 1, 4, 17, 80] {
        assert_both(kind, &repeat('a', length), &["SIG104"]);
    }
    for length in [5, 6, 15, 16] {
        assert_both(kind, &repeat('a', length), &[]);
    }
    assert_both(kind, "Contoso2024", &[]);
}

#[test]
fn script_names_have_no_length_limit() {
    assert_both(NameKind::Script, &repeat('a', 1000), &[]);
}

#[test]
fn length_is_counted_in_characters_not_bytes() {
    // 80 two-byte characters: refused for their characters, not for their length.
    assert_both(NameKind::Gallery, &repeat('ä', 80), &["SIG102"]);
    assert_both(NameKind::Gallery, &repeat('ä', 81), &["SIG101", "SIG102"]);
    assert_both(NameKind::Offer, &repeat('ü', 64), &["SIG205"]);
    assert_both(NameKind::Offer, &repeat('ü', 65), &["SIG204", "SIG205"]);
}

#[test]
fn length_messages_give_the_length_and_the_limit() {
    let message = only_message(NameKind::Gallery, &repeat('a', 81));
    assert!(
        message.contains("81 characters") && message.contains("80"),
        "{message}"
    );
    let message = messages(NameKind::Application, &repeat('a', 118), Mode::Lenient).remove(0);
    assert!(
        message.contains("118 characters") && message.contains("117"),
        "{message}"
    );
    let message = only_message(NameKind::Gallery, "");
    assert!(message.contains("empty"), "{message}");
}

// ------------------------------------------------------------------------------------------------
// First and last characters
// ------------------------------------------------------------------------------------------------

const EDGE_CASES: [&str; 6] = ["_x", "x_", ".x", "x.", "-x", "x-"];

/// Asserts the ids reported for each of [`EDGE_CASES`], in order.
fn assert_edges(kind: NameKind, mode: Mode, expected: [&[&str]; 6]) {
    for (name, expected) in EDGE_CASES.into_iter().zip(expected) {
        assert_eq!(
            ids(kind, name, mode),
            expected,
            "{kind} {name:?} ({mode:?})"
        );
    }
}

#[test]
fn gallery_edges_are_the_same_in_both_modes() {
    // A dash is refused as a character wherever it stands, so SIG102 reports it rather than SIG103.
    for mode in MODES {
        assert_edges(
            NameKind::Gallery,
            mode,
            [
                &["SIG103"],
                &["SIG103"],
                &["SIG103"],
                &["SIG103"],
                &["SIG102"],
                &["SIG102"],
            ],
        );
    }
    assert_both(NameKind::Gallery, "_", &["SIG103"]);
    assert_both(NameKind::Gallery, ".", &["SIG103"]);
    assert_both(NameKind::Gallery, "_x_", &["SIG103"]);
    assert_both(NameKind::Gallery, "a._b..c__d", &[]);
}

#[test]
fn image_definition_edges_allow_a_trailing_underscore_only_in_lenient_mode() {
    let e: &[&str] = &["SIG203"];
    assert_edges(NameKind::ImageDefinition, Mode::Strict, [e, e, e, e, e, e]);
    assert_edges(
        NameKind::ImageDefinition,
        Mode::Lenient,
        [e, &[], e, e, e, e],
    );
    assert_both(NameKind::ImageDefinition, "a-_.b", &[]);
    assert_both(NameKind::ImageDefinition, "-", &["SIG203"]);
}

#[test]
fn application_edges_refuse_only_a_trailing_period_in_lenient_mode() {
    let e: &[&str] = &["SIG403"];
    assert_edges(NameKind::Application, Mode::Strict, [e, e, e, e, e, e]);
    assert_edges(
        NameKind::Application,
        Mode::Lenient,
        [&[], &[], &[], e, &[], &[]],
    );
    assert_eq!(
        ids(NameKind::Application, "-", Mode::Lenient),
        Vec::<&str>::new()
    );
    assert_eq!(ids(NameKind::Application, ".", Mode::Lenient), ["SIG403"]);
    assert_both(NameKind::Application, "my-app_1.0", &[]);
}

#[test]
fn identifiers_refuse_only_a_trailing_period() {
    for (kind, _) in IDENTIFIER_KINDS {
        for mode in MODES {
            assert_edges(kind, mode, [&[], &[], &[], &["SIG206"], &[], &[]]);
        }
        assert_both(kind, ".", &["SIG206"]);
        assert_both(kind, "a..", &["SIG206"]);
    }
}

#[test]
fn public_name_prefix_and_script_refuse_every_separator() {
    for name in EDGE_CASES {
        assert_both(NameKind::PublicNamePrefix, name, &["SIG104"]);
        assert_both(NameKind::Script, name, &["SIG501"]);
    }
}

#[test]
fn edge_messages_say_which_end() {
    let message = only_message(NameKind::Gallery, "_x");
    assert!(message.contains("starts with `_`"), "{message}");
    let message = only_message(NameKind::Gallery, "x.");
    assert!(message.contains("ends with `.`"), "{message}");
    let message = only_message(NameKind::Gallery, "_x.");
    assert!(
        message.contains("starts with `_` and ends with `.`"),
        "{message}"
    );
    assert_eq!(suggestions(&message), ["x"]);
}

// ------------------------------------------------------------------------------------------------
// Characters
// ------------------------------------------------------------------------------------------------

#[test]
fn gallery_dashes_name_the_schema_gap_and_suggest_fixes() {
    assert_both(NameKind::Gallery, "my-gallery", &["SIG102"]);
    let message = only_message(NameKind::Gallery, "my-gallery");
    assert!(message.contains("ARM schema"), "{message}");
    assert!(message.contains("REST specification pattern"), "{message}");
    assert!(message.contains("let them through"), "{message}");
    assert_eq!(suggestions(&message), ["my_gallery", "my.gallery"]);
    for fixed in suggestions(&message) {
        assert_eq!(
            ids(NameKind::Gallery, &fixed, Mode::Strict),
            Vec::<&str>::new()
        );
    }
}

#[test]
fn other_bad_gallery_characters_do_not_mention_the_schema() {
    let message = only_message(NameKind::Gallery, "my gallery");
    assert!(message.contains("` ` (space)"), "{message}");
    assert!(!message.contains("ARM schema"), "{message}");
    assert_eq!(suggestions(&message), ["my_gallery", "my.gallery"]);
}

#[test]
fn dashed_kinds_suggest_a_dash() {
    for kind in [NameKind::ImageDefinition, NameKind::Application] {
        let message = only_message(kind, "my image!");
        assert_eq!(suggestions(&message), ["my-image"], "{kind}");
    }
}

#[test]
fn ascii_punctuation_is_refused_by_every_name_kind() {
    for c in [' ', '!', '/', '@', '#', ':', '+', '~', '\t', '\0'] {
        let name = format!("ab{c}cd");
        assert_both(NameKind::Gallery, &name, &["SIG102"]);
        assert_both(NameKind::ImageDefinition, &name, &["SIG202"]);
        assert_both(NameKind::Application, &name, &["SIG402"]);
        for (kind, _) in IDENTIFIER_KINDS {
            assert_both(kind, &name, &["SIG205"]);
        }
        assert_both(NameKind::PublicNamePrefix, &name, &["SIG104"]);
        assert_both(NameKind::Script, &name, &["SIG501"]);
    }
    let message = only_message(NameKind::Gallery, "a\0b");
    assert!(message.contains("U+0000"), "{message}");
}

// ------------------------------------------------------------------------------------------------
// Non-ASCII look-alikes
// ------------------------------------------------------------------------------------------------

/// Characters that look like, or that Unicode classes as, letters, digits or spaces.
const LOOK_ALIKES: [char; 9] = [
    'а',        // U+0430 CYRILLIC SMALL LETTER A
    'ä',        // U+00E4
    '１',       // U+FF11 FULLWIDTH DIGIT ONE
    '٣',        // U+0663 ARABIC-INDIC DIGIT THREE
    '\u{a0}',   // NO-BREAK SPACE
    '\u{200b}', // ZERO WIDTH SPACE
    'ı',        // U+0131 LATIN SMALL LETTER DOTLESS I
    '\u{212a}', // KELVIN SIGN
    'ü',        // U+00FC
];

fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

#[test]
fn non_ascii_look_alikes_are_refused_with_their_code_point_and_no_suggestion() {
    let kinds = [
        (NameKind::Gallery, "SIG102"),
        (NameKind::ImageDefinition, "SIG202"),
        (NameKind::Application, "SIG402"),
        (NameKind::Publisher, "SIG205"),
        (NameKind::Offer, "SIG205"),
        (NameKind::Sku, "SIG205"),
        (NameKind::PublicNamePrefix, "SIG104"),
        (NameKind::Script, "SIG501"),
    ];
    for c in LOOK_ALIKES {
        for (kind, rule) in kinds {
            for name in [format!("ab{c}cd"), format!("{c}abcd"), format!("abcd{c}")] {
                assert_both(kind, &name, &[rule]);
                let message = only_message(kind, &name);
                assert!(
                    message.contains(&code_point(c)),
                    "{kind} {name:?}: {message}"
                );
                assert!(
                    suggestions(&message).is_empty(),
                    "{kind} {name:?}: {message}"
                );
            }
        }
    }
}

#[test]
fn cyrillic_a_in_a_gallery_name() {
    let name = "g\u{430}llery";
    assert_both(NameKind::Gallery, name, &["SIG102"]);
    let message = only_message(NameKind::Gallery, name);
    assert!(message.contains("U+0430"), "{message}");
    assert!(message.contains("not ASCII"), "{message}");
    assert!(suggestions(&message).is_empty(), "{message}");
}

/// Versions written with non-ASCII digits or spaces.
const NON_ASCII_VERSIONS: [(&str, char); 7] = [
    ("\u{ff11}.\u{ff10}.\u{ff10}", '\u{ff11}'), // fullwidth 1.0.0
    ("\u{661}.\u{660}.\u{660}", '\u{661}'),     // Arabic-Indic 1.0.0
    ("1.0.0\u{a0}", '\u{a0}'),
    ("\u{a0}1.0.0", '\u{a0}'),
    ("1.0\u{200b}.0", '\u{200b}'),
    ("1.\u{212a}.0", '\u{212a}'),
    ("1.\u{131}.0", '\u{131}'),
];

#[test]
fn non_ascii_versions_are_refused() {
    for kind in VERSION_KINDS {
        for (version, _) in NON_ASCII_VERSIONS {
            assert_both(kind, version, &["SIG301"]);
        }
    }
}

#[test]
fn non_ascii_version_messages_give_the_code_point() {
    for kind in VERSION_KINDS {
        for (version, c) in NON_ASCII_VERSIONS {
            let message = only_message(kind, version);
            assert!(
                message.contains(&code_point(c)),
                "{kind} {version:?}: {message}"
            );
        }
    }
}

#[test]
fn non_ascii_versions_get_no_suggestion() {
    for kind in VERSION_KINDS {
        for (version, _) in NON_ASCII_VERSIONS {
            let message = only_message(kind, version);
            assert!(
                suggestions(&message).is_empty(),
                "{kind} {version:?}: {message}"
            );
        }
    }
}

// ------------------------------------------------------------------------------------------------
// Versions
// ------------------------------------------------------------------------------------------------

#[test]
fn versions_in_the_int32_range_are_valid() {
    for kind in VERSION_KINDS {
        for version in [
            "0.0.0",
            "1.0.0",
            "2018.12.1",
            "2147483647.2147483647.2147483647",
            "1000000000.0.0",
        ] {
            assert_both(kind, version, &[]);
        }
    }
}

#[test]
fn segments_above_int32_are_sig302() {
    for kind in VERSION_KINDS {
        assert_both(kind, "2147483648.0.0", &["SIG302"]);
        assert_both(kind, "9999999999.0.0", &["SIG302"]);
        assert_both(kind, "0.0.2147483648", &["SIG302"]);
        assert_both(kind, "4294967296.0.0", &["SIG302"]);
        assert_both(kind, "2147483648.1.2147483648", &["SIG302", "SIG302"]);
        let message = only_message(kind, "1.2147483648.0");
        assert!(message.contains("`2147483648`"), "{message}");
        assert!(message.contains("2,147,483,647"), "{message}");
    }
}

#[test]
fn malformed_versions_are_sig301() {
    for kind in VERSION_KINDS {
        for version in [
            "",
            "1",
            "1.0",
            "1.0.0.0",
            "v1.0.0",
            "V1.0.0",
            "1.0.0-beta",
            "1.0.0+build",
            "1..0",
            ".1.0",
            "1.0.",
            " 1.0.0",
            "1.0.0 ",
            "1. 0.0",
            "+1.0.0",
            "-1.0.0",
            "1.0.0.",
            "1_0.0.0",
            "1,0,0",
            "0x1.0.0",
            "1e3.0.0",
        ] {
            assert_both(kind, version, &["SIG301"]);
        }
    }
}

#[test]
fn eleven_digit_segments_are_sig301_for_image_and_application_versions_only() {
    for version in ["12345678901.0.0", "0.0.12345678901"] {
        assert_both(NameKind::ImageVersion, version, &["SIG301"]);
        assert_both(NameKind::ApplicationVersion, version, &["SIG301"]);
        // The schema's script version pattern has no digit cap: only the int32 range applies.
        assert_both(NameKind::ScriptVersion, version, &["SIG302"]);
    }
}

#[test]
fn malformed_version_suggestions() {
    for kind in VERSION_KINDS {
        for (version, fixed) in [
            ("v1.0.0", "1.0.0"),
            ("V1.2.3", "1.2.3"),
            ("1.0.0-beta", "1.0.0"),
            ("1.0", "1.0.0"),
            (" 1.0.0", "1.0.0"),
            ("1", "1.0.0"),
        ] {
            let message = only_message(kind, version);
            assert_eq!(
                suggestions(&message),
                [fixed],
                "{kind} {version:?}: {message}"
            );
        }
        for version in ["1.0.0.0", "1..0", "12345678901.0.0", "-1.0.0", "+1.0.0", ""] {
            let message = only_message(kind, version);
            for fixed in suggestions(&message) {
                assert_eq!(
                    ids(kind, &fixed, Mode::Strict),
                    Vec::<&str>::new(),
                    "{message}"
                );
            }
        }
    }
}

#[test]
fn version_references_are_sig303() {
    for kind in VERSION_KINDS {
        for version in ["latest", "LATEST", "Latest", "recent", "RECENT"] {
            assert_both(kind, version, &["SIG303"]);
            let message = only_message(kind, version);
            assert!(message.contains("`1.0.0`"), "{message}");
        }
        // Only the exact words: anything around them is a malformed version.
        assert_both(kind, " latest", &["SIG301"]);
        assert_both(kind, "latest1", &["SIG301"]);
    }
}

#[test]
fn leading_zeros_are_a_strict_warning_only() {
    for kind in VERSION_KINDS {
        for (version, canonical) in [
            ("1.0.01", "1.0.1"),
            ("01.0.0", "1.0.0"),
            ("2024.0105.0930", "2024.105.930"),
            ("0000000001.00.000", "1.0.0"),
        ] {
            let found = kind.check(version, Mode::Strict);
            assert_eq!(found.len(), 1, "{kind} {version}: {found:?}");
            assert_eq!(found[0].rule.id, "SIG304");
            assert_eq!(found[0].severity, Severity::Warning);
            assert!(
                found[0].message.contains(&format!("`{canonical}`")),
                "{}",
                found[0].message
            );
            assert!(
                kind.validate(version, Mode::Strict).is_ok(),
                "{kind} {version}"
            );
            assert_eq!(ids(kind, version, Mode::Lenient), Vec::<&str>::new());
        }
        // A single zero is no leading zero.
        assert_both(kind, "0.0.0", &[]);
        // An out-of-range segment is an error; the leading zero is then not worth a warning.
        assert_eq!(ids(kind, "01.0.2147483648", Mode::Strict), ["SIG302"]);
    }
}

#[test]
fn script_version_segments_are_not_capped_at_10_digits() {
    assert!(
        NameKind::ScriptVersion
            .validate("00000000001.0.0", Mode::Strict)
            .is_ok()
    );
    assert!(
        NameKind::ScriptVersion
            .validate("1.0.000000000002147483647", Mode::Strict)
            .is_ok()
    );
    assert!(
        NameKind::ScriptVersion
            .validate("1.0.000000000002147483648", Mode::Strict)
            .is_err()
    );
}

// ------------------------------------------------------------------------------------------------
// Scripts
// ------------------------------------------------------------------------------------------------

#[test]
fn script_names() {
    for name in ["a", "A", "0", "setup_disks", "Script01", "a_b_c", "a1_2b"] {
        assert_both(NameKind::Script, name, &[]);
    }
    for name in [
        "",
        "setup-disks",
        "_a",
        "a_",
        "_",
        "__",
        "a__b",
        "a.b",
        "a b",
        "ä",
    ] {
        assert_both(NameKind::Script, name, &["SIG501"]);
    }
}

#[test]
fn script_suggestions() {
    for (name, fixed) in [
        ("setup-disks", "setup_disks"),
        ("_a", "a"),
        ("a_", "a"),
        ("a__b", "a_b"),
        ("a.b c", "a_b_c"),
    ] {
        let message = only_message(NameKind::Script, name);
        assert_eq!(suggestions(&message), [fixed], "{name:?}: {message}");
    }
    for name in ["", "_", "-"] {
        let message = only_message(NameKind::Script, name);
        assert!(suggestions(&message).is_empty(), "{name:?}: {message}");
    }
}

// ------------------------------------------------------------------------------------------------
// Publisher, offer, SKU
// ------------------------------------------------------------------------------------------------

#[test]
fn identifier_characters() {
    for (kind, _) in IDENTIFIER_KINDS {
        for name in [
            "Canonical",
            "0001-com-ubuntu-server-jammy",
            "22_04-lts-gen2",
            ".hidden",
            "-x",
            "_",
            "16.04-LTS",
        ] {
            assert_both(kind, name, &[]);
        }
        for name in ["my publisher", "offer/1", "skü", "a\\b", "a:b"] {
            assert_both(kind, name, &["SIG205"]);
        }
    }
}

#[test]
fn identifier_trailing_period_suggests_the_name_without_it() {
    for (kind, _) in IDENTIFIER_KINDS {
        let message = only_message(kind, "16.04.");
        assert_eq!(suggestions(&message), ["16.04"], "{message}");
        let message = only_message(kind, "ubuntu...");
        assert_eq!(suggestions(&message), ["ubuntu"], "{message}");
        let message = only_message(kind, "...");
        assert!(suggestions(&message).is_empty(), "{message}");
    }
}

#[test]
fn identifier_trailing_period_suggestion_is_valid() {
    for (kind, max) in IDENTIFIER_KINDS {
        let too_long = format!("{}.", repeat('a', max + 1));
        for name in ["a b.", "skü.", too_long.as_str()] {
            for message in messages(kind, name, Mode::Strict) {
                for fixed in suggestions(&message) {
                    assert!(
                        kind.validate(&fixed, Mode::Strict).is_ok(),
                        "{kind} {name:?} suggests invalid `{fixed}`: {message}"
                    );
                }
            }
        }
    }
}

// ------------------------------------------------------------------------------------------------
// validate() and messages
// ------------------------------------------------------------------------------------------------

#[test]
fn validate_fails_only_on_errors_and_names_each_error() {
    let cases: [(NameKind, &str); 10] = [
        (NameKind::Gallery, "_my-gallery"),
        (NameKind::Gallery, &"-".repeat(81)),
        (NameKind::ImageDefinition, "-bad image"),
        (NameKind::Application, "app!."),
        (NameKind::ImageVersion, "2147483648.0.2147483648"),
        (NameKind::ApplicationVersion, "latest"),
        (NameKind::Offer, "a b."),
        (NameKind::PublicNamePrefix, "a-b"),
        (NameKind::Script, "a__b"),
        (NameKind::Sku, ""),
    ];
    for (kind, name) in cases {
        for mode in MODES {
            let found = kind.check(name, mode);
            assert!(
                found.iter().any(|d| d.severity == Severity::Error),
                "{kind} {name:?}"
            );
            let error = kind.validate(name, mode).expect_err(name);
            assert_eq!(error.kind, kind);
            assert_eq!(error.name, name);
            assert_eq!(error.diagnostics, found);
            let shown = error.to_string();
            for diagnostic in &found {
                assert!(shown.contains(diagnostic.rule.id), "{shown}");
                assert!(shown.contains(&diagnostic.message), "{shown}");
            }
        }
    }
    // Several errors at once.
    let error = NameKind::Gallery
        .validate("_my-gallery", Mode::Strict)
        .unwrap_err();
    let shown = error.to_string();
    assert!(
        shown.contains("SIG102") && shown.contains("SIG103"),
        "{shown}"
    );
}

#[test]
fn validate_is_ok_without_findings_or_with_warnings_only() {
    for kind in NameKind::ALL {
        let clean = match kind {
            NameKind::ImageVersion | NameKind::ApplicationVersion | NameKind::ScriptVersion => {
                "1.0.0"
            }
            NameKind::PublicNamePrefix => "contoso",
            _ => "name1",
        };
        for mode in MODES {
            assert!(kind.check(clean, mode).is_empty(), "{kind} {clean}");
            assert!(kind.validate(clean, mode).is_ok(), "{kind} {clean}");
        }
    }
    let warned = NameKind::ImageVersion.check("1.0.01", Mode::Strict);
    assert!(!warned.is_empty());
    assert!(
        NameKind::ImageVersion
            .validate("1.0.01", Mode::Strict)
            .is_ok()
    );
}

#[test]
fn every_message_names_the_value() {
    let long = repeat('a', 130);
    let samples = [
        "",
        "_x",
        "x_",
        ".x",
        "x.",
        "-x",
        "x-",
        "my-gallery",
        "a b",
        "g\u{430}llery",
        "a__b",
        "1.0",
        "v1.0.0",
        "1.0.01",
        "2147483648.0.0",
        "latest",
        "1.0.0\u{a0}",
        "ab",
        long.as_str(),
    ];
    for kind in NameKind::ALL {
        for name in samples {
            for mode in MODES {
                for diagnostic in kind.check(name, mode) {
                    let message = &diagnostic.message;
                    assert!(!message.is_empty());
                    if !name.is_empty() {
                        assert!(
                            message.contains(&format!("`{name}`")),
                            "{kind} {name:?} ({mode:?}): {message}"
                        );
                    }
                    assert!(
                        kind.rules().contains(&diagnostic.rule),
                        "{kind}: {}",
                        diagnostic.rule.id
                    );
                    assert_eq!(diagnostic.severity, diagnostic.rule.severity);
                    assert!(diagnostic.path.is_root());
                }
            }
        }
    }
}

#[test]
fn messages_use_the_kind_label() {
    for kind in NameKind::ALL {
        for name in ["", "a b", "x."] {
            for message in messages(kind, name, Mode::Strict) {
                let label = kind.label();
                let lower = message.to_lowercase();
                assert!(
                    lower.contains(&label.to_lowercase()) || message.starts_with('`'),
                    "{kind} {name:?}: {message}"
                );
            }
        }
    }
}

#[test]
fn kinds_parse_from_their_ids() {
    for kind in NameKind::ALL {
        assert_eq!(kind.id().parse::<NameKind>(), Ok(kind));
        assert_eq!(kind.id().to_uppercase().parse::<NameKind>(), Ok(kind));
        assert_eq!(kind.to_string(), kind.id());
    }
    assert!("imagedefinition".parse::<NameKind>().is_err());
}
