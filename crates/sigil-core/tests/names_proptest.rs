//! Property tests: the name checks agree with an independent formulation of each rule.
//!
//! The reference predicates below are the strict (and lenient) forms of
//! `/work/shared/reference/gallery-rules.md` §4, written as small matchers over bytes that follow
//! the regular expressions' structure (first class, middle class with bounded repetition, last
//! class), and a byte state machine for versions. They share no code and no shape with
//! `sigil_core::names`.

use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::Config;
use sigil_core::names::NameKind;
use sigil_core::{Diagnostic, Mode};

// ------------------------------------------------------------------------------------------------
// Reference predicates (gallery-rules.md §4)
// ------------------------------------------------------------------------------------------------

fn alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

fn alnum_or_underscore(b: u8) -> bool {
    alnum(b) || b == b'_'
}

/// `[A-Za-z0-9._]`
fn gallery_char(b: u8) -> bool {
    alnum(b) || b == b'.' || b == b'_'
}

/// `[A-Za-z0-9._-]`
fn dashed_char(b: u8) -> bool {
    gallery_char(b) || b == b'-'
}

/// `^F(?:M{0,max-2}L)?$`: one `first` byte, then optionally up to `max - 2` `middle` bytes and one
/// `last`.
/// A non-ASCII character is bytes of 0x80 and above, which no class here admits.
fn framed(
    s: &str,
    first: fn(u8) -> bool,
    middle: fn(u8) -> bool,
    last: fn(u8) -> bool,
    max: usize,
) -> bool {
    let Some((&head, rest)) = s.as_bytes().split_first() else {
        return false;
    };
    if !first(head) {
        return false;
    }
    let Some((&tail, inner)) = rest.split_last() else {
        return true;
    };
    inner.len() <= max - 2 && inner.iter().all(|&b| middle(b)) && last(tail)
}

/// `^C{min,max}$`, with an optional refused last byte.
fn run_of(
    s: &str,
    class: fn(u8) -> bool,
    min: usize,
    max: usize,
    refused_last: Option<u8>,
) -> bool {
    let bytes = s.as_bytes();
    bytes.len() >= min
        && bytes.len() <= max
        && bytes.iter().all(|&b| class(b))
        && refused_last.is_none_or(|refused| bytes.last() != Some(&refused))
}

fn ref_gallery(s: &str) -> bool {
    framed(s, alnum, gallery_char, alnum, 80)
}

fn ref_image_definition(s: &str, mode: Mode) -> bool {
    match mode {
        Mode::Strict => framed(s, alnum, dashed_char, alnum, 80),
        Mode::Lenient => framed(s, alnum, dashed_char, alnum_or_underscore, 80),
    }
}

fn ref_application(s: &str, mode: Mode) -> bool {
    match mode {
        Mode::Strict => framed(s, alnum, dashed_char, alnum, 80),
        Mode::Lenient => run_of(s, dashed_char, 1, 117, Some(b'.')),
    }
}

fn ref_identifier(s: &str, max: usize) -> bool {
    run_of(s, dashed_char, 1, max, Some(b'.'))
}

fn ref_prefix(s: &str) -> bool {
    run_of(s, alnum, 5, 16, None)
}

/// `^[A-Za-z0-9]+(?:_?[A-Za-z0-9]+)*$`: runs of alphanumerics joined by single underscores.
fn ref_script(s: &str) -> bool {
    let mut previous_was_alnum = false;
    for b in s.bytes() {
        if alnum(b) {
            previous_was_alnum = true;
        } else if b == b'_' && previous_was_alnum {
            previous_was_alnum = false;
        } else {
            return false;
        }
    }
    previous_was_alnum
}

/// Three dot-separated runs of ASCII digits, each at most `max_digits` long (if capped) and at most
/// 2,147,483,647 in value. A byte state machine, with a `.` sentinel closing the last segment.
fn ref_version(s: &str, max_digits: Option<usize>) -> bool {
    let mut segments = 0;
    let mut digits = 0_usize;
    let mut value = 0_u64;
    for b in s.bytes().chain(std::iter::once(b'.')) {
        match b {
            b'0'..=b'9' => {
                digits += 1;
                value = value.saturating_mul(10).saturating_add(u64::from(b - b'0'));
            }
            b'.' => {
                let too_long = max_digits.is_some_and(|max| digits > max);
                if digits == 0 || too_long || i32::try_from(value).is_err() {
                    return false;
                }
                segments += 1;
                digits = 0;
                value = 0;
            }
            _ => return false,
        }
    }
    segments == 3
}

/// Image and application versions: V1 and V3 (at most 10 digits a segment).
fn ref_image_version(s: &str) -> bool {
    ref_version(s, Some(10))
}

/// Script versions: X2, `^[0-9]+\.[0-9]+\.[0-9]+$` in the int32 range of V1, no digit cap.
fn ref_script_version(s: &str) -> bool {
    ref_version(s, None)
}

/// The reference verdict for every kind but the script version, whose verdict is tested on its own.
fn reference(kind: NameKind, s: &str, mode: Mode) -> bool {
    match kind {
        NameKind::Gallery => ref_gallery(s),
        NameKind::ImageDefinition => ref_image_definition(s, mode),
        NameKind::Application => ref_application(s, mode),
        NameKind::ImageVersion | NameKind::ApplicationVersion | NameKind::ScriptVersion => {
            ref_image_version(s)
        }
        NameKind::Script => ref_script(s),
        NameKind::Publisher => ref_identifier(s, 128),
        NameKind::Offer | NameKind::Sku => ref_identifier(s, 64),
        NameKind::PublicNamePrefix => ref_prefix(s),
    }
}

#[test]
fn the_reference_predicates_follow_the_rule_study() {
    assert!(ref_gallery("a") && ref_gallery("my_gallery.v2") && !ref_gallery("my-gallery"));
    assert!(!ref_gallery("") && !ref_gallery("_a") && !ref_gallery("a.") && !ref_gallery("ä"));
    assert!(ref_gallery(&"a".repeat(80)) && !ref_gallery(&"a".repeat(81)));
    assert!(ref_image_definition("a_", Mode::Lenient) && !ref_image_definition("a_", Mode::Strict));
    assert!(
        !ref_image_definition("a-", Mode::Lenient) && !ref_image_definition("_a", Mode::Lenient)
    );
    assert!(ref_application("-a", Mode::Lenient) && !ref_application("a.", Mode::Lenient));
    assert!(ref_application(&"a".repeat(117), Mode::Lenient));
    assert!(!ref_application(&"a".repeat(118), Mode::Lenient));
    assert!(!ref_application(&"a".repeat(81), Mode::Strict));
    assert!(ref_identifier(".hidden", 64) && !ref_identifier("a.", 64) && !ref_identifier("", 64));
    assert!(ref_prefix("contoso") && !ref_prefix("ctso") && !ref_prefix("contoso-images"));
    assert!(
        ref_script("a") && ref_script("setup_disks") && !ref_script("a__b") && !ref_script("_a")
    );
    assert!(!ref_script("a_") && !ref_script("") && !ref_script("a-b"));
    assert!(ref_image_version("0.0.0") && ref_image_version("2147483647.2147483647.2147483647"));
    assert!(
        !ref_image_version("2147483648.0.0")
            && !ref_image_version("1.0")
            && !ref_image_version("1..0")
    );
    assert!(!ref_image_version("00000000001.0.0") && ref_script_version("00000000001.0.0"));
    assert!(!ref_script_version("99999999999999999999999.0.0") && !ref_image_version(""));
}

// ------------------------------------------------------------------------------------------------
// Generators
// ------------------------------------------------------------------------------------------------

fn config() -> Config {
    Config {
        cases: 2000,
        failure_persistence: None,
        ..Config::default()
    }
}

/// An alphabet weighted toward the characters at the rules' boundaries. Level 0 is alphanumerics
/// only; each level adds separators, then everything a rule refuses, so that valid names are common
/// too.
fn alphabet(level: u8) -> Vec<char> {
    let mut chars = Vec::new();
    let mut add = |c: char, weight: usize| chars.extend(std::iter::repeat_n(c, weight));
    add('a', 6);
    add('Z', 3);
    add('0', 3);
    add('9', 2);
    add('1', 2);
    if level >= 1 {
        add('_', 2);
        add('.', 2);
    }
    if level >= 2 {
        add('-', 2);
    }
    if level >= 3 {
        add(' ', 1);
        add('ä', 1);
        add('\u{430}', 1); // Cyrillic а
        add('\u{ff10}', 1); // fullwidth ０
        add('/', 1);
    }
    chars
}

/// Lengths around every limit: 0/1, 4/5, 16/17, 64/65, 80/81, 117/118, 128/129.
fn length() -> impl Strategy<Value = usize> {
    prop_oneof![0..=20_usize, 60..=90_usize, 110..=135_usize]
}

fn name() -> impl Strategy<Value = String> {
    (0..=3_u8, length()).prop_flat_map(|(level, len)| {
        prop::collection::vec(select(alphabet(level)), len)
            .prop_map(|chars| chars.into_iter().collect())
    })
}

fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[0-9]{1,9}",
        3 => "[0-9]{0,12}",
        2 => "0{1,3}[0-9]{1,10}",
        2 => select(vec![
            "0", "1", "00", "2147483647", "2147483648", "02147483647", "4294967295", "4294967296",
            "9999999999", "0000000001", "00000000001", "12345678901",
        ])
        .prop_map(str::to_owned),
    ]
}

fn junk(version: String, kind: u8) -> String {
    match kind {
        0 => format!("v{version}"),
        1 => format!("{version}-beta"),
        2 => format!("{version}+build"),
        3 => format!(" {version}"),
        4 => format!("{version} "),
        5 => format!("-{version}"),
        6 => version.replacen('1', "\u{ff11}", 1),
        7 => format!("{version}\u{a0}"),
        8 => reference_word(&version),
        _ => version,
    }
}

fn reference_word(version: &str) -> String {
    if version.len().is_multiple_of(2) {
        "latest"
    } else {
        "Recent"
    }
    .to_owned()
}

fn version() -> impl Strategy<Value = String> {
    let count = prop_oneof![3 => Just(3_usize), 1 => 1..=5_usize];
    let segments = count.prop_flat_map(|count| prop::collection::vec(segment(), count));
    (segments, 0..40_u8).prop_map(|(segments, junk_kind)| junk(segments.join("."), junk_kind))
}

/// Either a name or a version-like string, so every kind sees both.
fn any_input() -> impl Strategy<Value = String> {
    prop_oneof![name(), version()]
}

fn kind() -> impl Strategy<Value = NameKind> {
    select(NameKind::ALL.to_vec())
}

/// Every kind whose verdict [`reference`] gives.
fn referenced_kind() -> impl Strategy<Value = NameKind> {
    select(
        NameKind::ALL
            .into_iter()
            .filter(|&kind| kind != NameKind::ScriptVersion)
            .collect::<Vec<_>>(),
    )
}

/// Every kind.
fn name_kind() -> impl Strategy<Value = NameKind> {
    select(NameKind::ALL.to_vec())
}

/// A name with a non-ASCII look-alike put in somewhere.
fn non_ascii_name() -> impl Strategy<Value = String> {
    let look_alikes = vec![
        '\u{430}', 'ä', '\u{ff11}', '\u{663}', '\u{a0}', '\u{200b}', '\u{131}', '\u{212a}',
    ];
    (name(), select(look_alikes), any::<prop::sample::Index>()).prop_map(|(name, c, at)| {
        let mut chars: Vec<char> = name.chars().collect();
        let at = at.index(chars.len() + 1);
        chars.insert(at, c);
        chars.into_iter().collect()
    })
}

fn mode() -> impl Strategy<Value = Mode> {
    prop_oneof![Just(Mode::Strict), Just(Mode::Lenient)]
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

fn is_identifier(kind: NameKind) -> bool {
    matches!(kind, NameKind::Publisher | NameKind::Offer | NameKind::Sku)
}

// ------------------------------------------------------------------------------------------------
// Properties
// ------------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    #[test]
    fn names_agree_with_the_reference(kind in referenced_kind(), mode in mode(), s in name()) {
        prop_assert_eq!(
            kind.validate(&s, mode).is_ok(),
            reference(kind, &s, mode),
            "{} {:?} {:?}", kind, mode, s
        );
    }

    #[test]
    fn versions_agree_with_the_reference(mode in mode(), s in version()) {
        for kind in [NameKind::ImageVersion, NameKind::ApplicationVersion] {
            prop_assert_eq!(
                kind.validate(&s, mode).is_ok(),
                ref_image_version(&s),
                "{} {:?} {:?}", kind, mode, s
            );
        }
        // Where the 10-digit cap of image versions makes no difference, script versions agree
        // with X2.
        if ref_image_version(&s) == ref_script_version(&s) {
            prop_assert_eq!(
                NameKind::ScriptVersion.validate(&s, mode).is_ok(),
                ref_script_version(&s),
                "{:?} {:?}", mode, s
            );
        }
    }

    #[test]
    fn every_kind_agrees_with_the_reference_on_versions(
        kind in referenced_kind(),
        mode in mode(),
        s in version(),
    ) {
        prop_assert_eq!(
            kind.validate(&s, mode).is_ok(),
            reference(kind, &s, mode),
            "{} {:?} {:?}", kind, mode, s
        );
    }

    #[test]
    fn strictly_valid_is_leniently_valid(kind in kind(), s in any_input()) {
        if kind.validate(&s, Mode::Strict).is_ok() {
            prop_assert!(kind.validate(&s, Mode::Lenient).is_ok(), "{} {:?}", kind, s);
        }
    }

    #[test]
    fn findings_come_from_the_kind_and_validate_follows_them(
        kind in kind(),
        mode in mode(),
        s in any_input(),
    ) {
        let found = kind.check(&s, mode);
        for diagnostic in &found {
            prop_assert!(
                kind.rules().contains(&diagnostic.rule),
                "{} {:?}: {}", kind, s, diagnostic.rule.id
            );
            prop_assert_eq!(diagnostic.severity, diagnostic.rule.severity);
        }
        prop_assert_eq!(kind.validate(&s, mode).is_err(), found.iter().any(Diagnostic::is_error));
    }

    #[test]
    fn suggestions_are_strictly_valid(kind in kind(), mode in mode(), s in any_input()) {
        let found = kind.check(&s, mode);
        // The SIG206 suggestion for identifiers is only sound when SIG206 is the only finding; see
        // `identifier_suggestions_are_strictly_valid` below.
        let skip = is_identifier(kind) && found.len() > 1;
        for diagnostic in found.iter().filter(|_| !skip) {
            for fixed in suggestions(&diagnostic.message) {
                prop_assert!(
                    kind.validate(&fixed, Mode::Strict).is_ok(),
                    "{} {:?} suggests {:?}: {}", kind, s, fixed, diagnostic.message
                );
                prop_assert_ne!(&fixed, &s);
            }
        }
    }

    #[test]
    fn non_ascii_names_get_no_suggestion(
        kind in name_kind(),
        mode in mode(),
        s in non_ascii_name(),
    ) {
        for diagnostic in kind.check(&s, mode) {
            prop_assert!(
                suggestions(&diagnostic.message).is_empty(),
                "{} {:?}: {}", kind, s, diagnostic.message
            );
        }
    }

    #[test]
    fn leading_zero_warnings_give_a_clean_canonical_version(s in version()) {
        for diagnostic in NameKind::ImageVersion.check(&s, Mode::Strict) {
            if diagnostic.rule.id == "SIG304" {
                let canonical = diagnostic
                    .message
                    .rsplit_once("write `")
                    .map(|(_, tail)| tail.trim_end_matches('`'))
                    .expect("SIG304 names the canonical form");
                prop_assert!(
                    NameKind::ImageVersion.check(canonical, Mode::Strict).is_empty(),
                    "{:?} -> {:?}", s, canonical
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn script_versions_agree_with_x2(mode in mode(), s in version()) {
        prop_assert_eq!(
            NameKind::ScriptVersion.validate(&s, mode).is_ok(),
            ref_script_version(&s),
            "{:?} {:?}", mode, s
        );
    }

    #[test]
    fn identifier_suggestions_are_strictly_valid(
        mode in mode(),
        s in name(),
        non_ascii in non_ascii_name(),
    ) {
        for kind in [NameKind::Publisher, NameKind::Offer, NameKind::Sku] {
            for diagnostic in kind.check(&s, mode) {
                for fixed in suggestions(&diagnostic.message) {
                    prop_assert!(
                        kind.validate(&fixed, Mode::Strict).is_ok(),
                        "{} {:?} suggests {:?}: {}", kind, s, fixed, diagnostic.message
                    );
                }
            }
            for diagnostic in kind.check(&non_ascii, mode) {
                prop_assert!(
                    suggestions(&diagnostic.message).is_empty(),
                    "{} {:?}: {}", kind, non_ascii, diagnostic.message
                );
            }
        }
    }
}
