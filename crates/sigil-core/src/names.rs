//! The naming rules: galleries, image definitions, versions, applications, scripts, and the identifier
//! (publisher, offer, SKU) of an image definition.
//!
//! Plain character checks, not regular expressions: every class here is ASCII by construction, so no
//! Unicode letter or digit can slip through the way .NET's `\w` lets it through the service's own pattern.

use std::fmt;
use std::str::FromStr;

use crate::diagnostic::{Diagnostic, Severity, write_tagged};
use crate::rule::Rule;
use crate::rules::{
    SIG101, SIG102, SIG103, SIG104, SIG201, SIG202, SIG203, SIG204, SIG205, SIG206, SIG301, SIG302,
    SIG303, SIG304, SIG401, SIG402, SIG403, SIG501,
};
use crate::validate::Mode;

/// What a name names. Each kind has its own rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NameKind {
    Gallery,
    ImageDefinition,
    ImageVersion,
    Application,
    ApplicationVersion,
    Script,
    ScriptVersion,
    Publisher,
    Offer,
    Sku,
    PublicNamePrefix,
}

impl NameKind {
    pub const ALL: [NameKind; 11] = [
        NameKind::Gallery,
        NameKind::ImageDefinition,
        NameKind::ImageVersion,
        NameKind::Application,
        NameKind::ApplicationVersion,
        NameKind::Script,
        NameKind::ScriptVersion,
        NameKind::Publisher,
        NameKind::Offer,
        NameKind::Sku,
        NameKind::PublicNamePrefix,
    ];

    /// The kebab-case id used on the command line (`--kind image-definition`) and in JSON output.
    pub fn id(self) -> &'static str {
        match self {
            NameKind::Gallery => "gallery",
            NameKind::ImageDefinition => "image-definition",
            NameKind::ImageVersion => "image-version",
            NameKind::Application => "application",
            NameKind::ApplicationVersion => "application-version",
            NameKind::Script => "script",
            NameKind::ScriptVersion => "script-version",
            NameKind::Publisher => "publisher",
            NameKind::Offer => "offer",
            NameKind::Sku => "sku",
            NameKind::PublicNamePrefix => "public-name-prefix",
        }
    }

    /// How messages refer to a value of this kind: "gallery name", "SKU".
    pub fn label(self) -> &'static str {
        match self {
            NameKind::Gallery => "gallery name",
            NameKind::ImageDefinition => "image definition name",
            NameKind::ImageVersion => "image version name",
            NameKind::Application => "application name",
            NameKind::ApplicationVersion => "application version name",
            NameKind::Script => "script name",
            NameKind::ScriptVersion => "script version name",
            NameKind::Publisher => "publisher",
            NameKind::Offer => "offer",
            NameKind::Sku => "SKU",
            NameKind::PublicNamePrefix => "public name prefix",
        }
    }

    /// The rules a name of this kind is checked against.
    pub fn rules(self) -> &'static [&'static Rule] {
        static GALLERY_RULES: [&Rule; 3] = [&SIG101, &SIG102, &SIG103];
        static IMAGE_DEFINITION_RULES: [&Rule; 3] = [&SIG201, &SIG202, &SIG203];
        static VERSION_RULES: [&Rule; 4] = [&SIG301, &SIG302, &SIG303, &SIG304];
        static APPLICATION_RULES: [&Rule; 3] = [&SIG401, &SIG402, &SIG403];
        static SCRIPT_RULES: [&Rule; 1] = [&SIG501];
        static IDENTIFIER_RULES: [&Rule; 3] = [&SIG204, &SIG205, &SIG206];
        static PREFIX_RULES: [&Rule; 1] = [&SIG104];
        match self {
            NameKind::Gallery => &GALLERY_RULES,
            NameKind::ImageDefinition => &IMAGE_DEFINITION_RULES,
            NameKind::ImageVersion | NameKind::ApplicationVersion | NameKind::ScriptVersion => {
                &VERSION_RULES
            }
            NameKind::Application => &APPLICATION_RULES,
            NameKind::Script => &SCRIPT_RULES,
            NameKind::Publisher | NameKind::Offer | NameKind::Sku => &IDENTIFIER_RULES,
            NameKind::PublicNamePrefix => &PREFIX_RULES,
        }
    }

    /// Every finding about `name`, errors and warnings.
    pub fn check(self, name: &str, mode: Mode) -> Vec<Diagnostic> {
        match self {
            NameKind::Gallery => GALLERY.check(name, mode),
            NameKind::ImageDefinition => IMAGE_DEFINITION.check(name, mode),
            NameKind::Application => APPLICATION.check(name, mode),
            NameKind::ImageVersion | NameKind::ApplicationVersion => {
                check_version(self.label(), name, mode, Some(MAX_VERSION_DIGITS))
            }
            // The schema's script version pattern has no digit limit, only the int32 range.
            NameKind::ScriptVersion => check_version(self.label(), name, mode, None),
            NameKind::Script => check_script(name),
            NameKind::Publisher => check_identifier(self.label(), name, 128),
            NameKind::Offer | NameKind::Sku => check_identifier(self.label(), name, 64),
            NameKind::PublicNamePrefix => check_public_name_prefix(name),
        }
    }

    /// `Ok` when `name` has no error (warnings allowed); otherwise every finding about it.
    pub fn validate(self, name: &str, mode: Mode) -> Result<(), NameError> {
        let diagnostics = self.check(name, mode);
        if diagnostics.iter().any(Diagnostic::is_error) {
            Err(NameError {
                kind: self,
                name: name.to_owned(),
                diagnostics,
            })
        } else {
            Ok(())
        }
    }

    /// A regular expression, in the subset of ECMA-262 every JSON Schema validator reads (no `\d`, no
    /// lookaround), for the schema's `pattern`: the names this kind's checks accept in [`Mode::Lenient`],
    /// length aside (the schema states it as `minLength` and `maxLength`). A schema cannot tell whether a
    /// resource exists, so it must never refuse what `sigil validate --lenient` accepts; where the strict
    /// form refuses more (SIG203, SIG401, SIG403), the pattern lets it through. Each arm mirrors a check
    /// above, and `tests/schema_names.rs` holds the two equal over every short name and many long ones.
    pub fn schema_pattern(self) -> String {
        match self {
            // GALLERY: `allowed`, and the strict edges in both modes.
            NameKind::Gallery => "^[A-Za-z0-9]([A-Za-z0-9_.]*[A-Za-z0-9])?$".to_owned(),
            // IMAGE_DEFINITION, `LenientEdges::NoTrailingDashOrPeriod`: a letter or digit first.
            NameKind::ImageDefinition => "^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9_])?$".to_owned(),
            // APPLICATION, `LenientEdges::NoTrailingPeriod`; and `check_identifier`.
            NameKind::Application | NameKind::Publisher | NameKind::Offer | NameKind::Sku => {
                "^[A-Za-z0-9_.-]*[A-Za-z0-9_-]$".to_owned()
            }
            NameKind::PublicNamePrefix => "^[A-Za-z0-9]+$".to_owned(),
            NameKind::Script => "^[A-Za-z0-9]+(_[A-Za-z0-9]+)*$".to_owned(),
            NameKind::ImageVersion | NameKind::ApplicationVersion => version_pattern(true),
            NameKind::ScriptVersion => version_pattern(false),
        }
    }
}

impl fmt::Display for NameKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for NameKind {
    type Err = UnknownNameKind;

    fn from_str(id: &str) -> Result<Self, Self::Err> {
        NameKind::ALL
            .into_iter()
            .find(|kind| kind.id().eq_ignore_ascii_case(id))
            .ok_or_else(|| UnknownNameKind(id.to_owned()))
    }
}

/// A kind id that is none of [`NameKind::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown name kind `{0}`")]
pub struct UnknownNameKind(pub String);

/// A name that breaks at least one rule of its kind, with every finding about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct NameError {
    pub kind: NameKind,
    pub name: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_tagged(f, self.diagnostics.iter().filter(|d| d.is_error()))
    }
}

/// The shape shared by gallery, image definition and application names: a length range, a character
/// class, and a rule on the first and last characters.
struct NameShape {
    label: &'static str,
    max_len: usize,
    lenient_max_len: usize,
    allowed: fn(char) -> bool,
    allowed_text: &'static str,
    /// Separators that can stand in for a disallowed one when suggesting a fix, in order of preference.
    replacements: &'static [char],
    /// Whether to explain that the schema's pattern lets dashes through although the service refuses them.
    dashes_pass_schema: bool,
    lenient_edges: LenientEdges,
    length_rule: &'static Rule,
    characters_rule: &'static Rule,
    edges_rule: &'static Rule,
}

/// What the lenient form accepts at the ends of a name, where the strict form wants letters or digits.
#[derive(Clone, Copy)]
enum LenientEdges {
    Strict,
    /// The service's pattern: a letter or digit first, no `-` or `.` last.
    NoTrailingDashOrPeriod,
    /// The VM applications page: anything but a trailing `.`.
    NoTrailingPeriod,
}

const GALLERY: NameShape = NameShape {
    label: "gallery name",
    max_len: 80,
    lenient_max_len: 80,
    allowed: |c| c.is_ascii_alphanumeric() || c == '_' || c == '.',
    allowed_text: "ASCII letters, digits, `_` and `.`",
    replacements: &['_', '.'],
    dashes_pass_schema: true,
    lenient_edges: LenientEdges::Strict,
    length_rule: &SIG101,
    characters_rule: &SIG102,
    edges_rule: &SIG103,
};

const IMAGE_DEFINITION: NameShape = NameShape {
    label: "image definition name",
    max_len: 80,
    lenient_max_len: 80,
    allowed: is_dashed_name_char,
    allowed_text: "ASCII letters, digits, `-`, `_` and `.`",
    replacements: &['-'],
    dashes_pass_schema: false,
    lenient_edges: LenientEdges::NoTrailingDashOrPeriod,
    length_rule: &SIG201,
    characters_rule: &SIG202,
    edges_rule: &SIG203,
};

const APPLICATION: NameShape = NameShape {
    label: "application name",
    max_len: 80,
    lenient_max_len: 117,
    allowed: is_dashed_name_char,
    allowed_text: "ASCII letters, digits, `-`, `_` and `.`",
    replacements: &['-'],
    dashes_pass_schema: false,
    lenient_edges: LenientEdges::NoTrailingPeriod,
    length_rule: &SIG401,
    characters_rule: &SIG402,
    edges_rule: &SIG403,
};

fn is_dashed_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

impl NameShape {
    fn check(&self, name: &str, mode: Mode) -> Vec<Diagnostic> {
        let max_len = match mode {
            Mode::Strict => self.max_len,
            Mode::Lenient => self.lenient_max_len,
        };
        let mut found = Vec::new();
        if let Some(length) = length_finding(self.label, name, max_len, self.length_rule) {
            found.push(length);
        }
        if name.is_empty() {
            return found;
        }
        found.extend(self.characters_finding(name));
        found.extend(self.edges_finding(name, mode));
        found
    }

    fn characters_finding(&self, name: &str) -> Option<Diagnostic> {
        let bad = disallowed_chars(name, self.allowed);
        if bad.is_empty() {
            return None;
        }
        let listed = describe_chars(&bad);
        let mut message = if self.dashes_pass_schema && bad.contains(&'-') {
            format!(
                "{} `{name}` contains {listed}: the service rejects dashes in gallery names, although the ARM \
                 schema and REST specification pattern let them through; only {} are allowed",
                self.label, self.allowed_text
            )
        } else {
            format!(
                "{} `{name}` contains {listed}: only {} are allowed",
                self.label, self.allowed_text
            )
        };
        push_suggestions(&mut message, &self.suggestions(name));
        Some(Diagnostic::new(self.characters_rule, message))
    }

    fn edges_finding(&self, name: &str, mode: Mode) -> Option<Diagnostic> {
        let first = name.chars().next()?;
        let last = name.chars().next_back()?;
        let edges = match mode {
            Mode::Strict => LenientEdges::Strict,
            Mode::Lenient => self.lenient_edges,
        };
        let first_ok = !(self.allowed)(first)
            || first.is_ascii_alphanumeric()
            || matches!(edges, LenientEdges::NoTrailingPeriod);
        let last_ok = !(self.allowed)(last)
            || match edges {
                LenientEdges::Strict => last.is_ascii_alphanumeric(),
                LenientEdges::NoTrailingDashOrPeriod => !matches!(last, '-' | '.'),
                LenientEdges::NoTrailingPeriod => last != '.',
            };
        let problem = match (first_ok, last_ok) {
            (true, true) => return None,
            (false, true) => format!("starts with `{first}`"),
            (true, false) => format!("ends with `{last}`"),
            (false, false) => format!("starts with `{first}` and ends with `{last}`"),
        };
        let mut message = format!(
            "{} `{name}` {problem}: the first and last characters must be letters or digits",
            self.label
        );
        push_suggestions(&mut message, &self.suggestions(name));
        Some(Diagnostic::new(self.edges_rule, message))
    }

    /// Corrected names that pass every strict rule: disallowed ASCII punctuation and spaces replaced by an
    /// allowed separator, ends trimmed. Nothing is suggested for non-ASCII characters: guessing a
    /// transliteration would be wrong as often as right.
    fn suggestions(&self, name: &str) -> Vec<String> {
        if !name.is_ascii() {
            return Vec::new();
        }
        let mut suggestions: Vec<String> = Vec::new();
        for &separator in self.replacements {
            let replaced: String = name
                .chars()
                .map(|c| if (self.allowed)(c) { c } else { separator })
                .collect();
            let trimmed = replaced
                .trim_matches(|c: char| !c.is_ascii_alphanumeric())
                .to_owned();
            let valid = !trimmed.is_empty()
                && trimmed.len() <= self.max_len
                && trimmed.chars().all(self.allowed);
            if valid && trimmed != name && !suggestions.contains(&trimmed) {
                suggestions.push(trimmed);
            }
        }
        suggestions
    }
}

fn length_finding(
    label: &str,
    name: &str,
    max_len: usize,
    rule: &'static Rule,
) -> Option<Diagnostic> {
    let length = name.chars().count();
    if length == 0 {
        Some(Diagnostic::new(
            rule,
            format!("{label} is empty: give 1 to {max_len} characters"),
        ))
    } else if length > max_len {
        Some(Diagnostic::new(
            rule,
            format!("{label} `{name}` is {length} characters long: the limit is {max_len}"),
        ))
    } else {
        None
    }
}

fn check_identifier(label: &'static str, name: &str, max_len: usize) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if let Some(length) = length_finding(label, name, max_len, &SIG204) {
        found.push(length);
    }
    let bad = disallowed_chars(name, is_dashed_name_char);
    if !bad.is_empty() {
        found.push(Diagnostic::new(
            &SIG205,
            format!(
                "{label} `{name}` contains {}: only ASCII letters, digits, `-`, `.` and `_` are allowed",
                describe_chars(&bad)
            ),
        ));
    }
    if let Some(stripped) = name.strip_suffix('.') {
        let mut message = format!("{label} `{name}` ends with `.`, which the service refuses");
        let fixed = stripped.trim_end_matches('.');
        if !fixed.is_empty() && check_identifier(label, fixed, max_len).is_empty() {
            push_suggestions(&mut message, &[fixed.to_owned()]);
        }
        found.push(Diagnostic::new(&SIG206, message));
    }
    found
}

fn check_public_name_prefix(name: &str) -> Vec<Diagnostic> {
    let length = name.chars().count();
    let bad = disallowed_chars(name, |c| c.is_ascii_alphanumeric());
    let problem = if !bad.is_empty() {
        format!("contains {}", describe_chars(&bad))
    } else if !(5..=16).contains(&length) {
        format!("is {length} characters long")
    } else {
        return Vec::new();
    };
    vec![Diagnostic::new(
        &SIG104,
        format!(
            "public name prefix `{name}` {problem}: it must be 5 to 16 ASCII letters or digits"
        ),
    )]
}

fn check_script(name: &str) -> Vec<Diagnostic> {
    const RULE_TEXT: &str = "it must be ASCII letters and digits, with single `_` between them";
    let problem = if name.is_empty() {
        "is empty".to_owned()
    } else if let bad @ [_, ..] =
        disallowed_chars(name, |c| c.is_ascii_alphanumeric() || c == '_').as_slice()
    {
        format!("contains {}", describe_chars(bad))
    } else if name.starts_with('_') {
        "starts with `_`".to_owned()
    } else if name.ends_with('_') {
        "ends with `_`".to_owned()
    } else if name.contains("__") {
        "contains `__`".to_owned()
    } else {
        return Vec::new();
    };
    let shown = if name.is_empty() {
        String::new()
    } else {
        format!(" `{name}`")
    };
    let mut message = format!("script name{shown} {problem}: {RULE_TEXT}");
    if name.is_ascii() {
        let mut fixed = String::new();
        for c in name.chars() {
            let c = if c.is_ascii_alphanumeric() { c } else { '_' };
            if !(c == '_' && (fixed.is_empty() || fixed.ends_with('_'))) {
                fixed.push(c);
            }
        }
        let fixed = fixed.trim_end_matches('_').to_owned();
        if !fixed.is_empty() && fixed != name {
            push_suggestions(&mut message, &[fixed]);
        }
    }
    vec![Diagnostic::new(&SIG501, message)]
}

const INT32_MAX: u64 = 2_147_483_647;
const MAX_VERSION_DIGITS: usize = 10;

fn check_version(
    label: &'static str,
    name: &str,
    mode: Mode,
    max_digits: Option<usize>,
) -> Vec<Diagnostic> {
    if ["latest", "recent"]
        .iter()
        .any(|word| name.eq_ignore_ascii_case(word))
    {
        return vec![Diagnostic::new(
            &SIG303,
            format!(
                "`{name}` is a reference to a version, never a version's name: name versions Major.Minor.Patch, such as `1.0.0`"
            ),
        )];
    }
    if let Some(problem) = version_shape_problem(name, max_digits) {
        let shown = if name.is_empty() {
            String::new()
        } else {
            format!(" `{name}`")
        };
        let mut message =
            format!("{label}{shown} {problem}: it must be Major.Minor.Patch, such as `1.0.0`");
        if let Some(fixed) = version_suggestion(name) {
            push_suggestions(&mut message, &[fixed]);
        }
        return vec![Diagnostic::new(&SIG301, message)];
    }
    let mut found = Vec::new();
    for segment in name.split('.') {
        if !fits_int32(segment) {
            found.push(Diagnostic::new(
                &SIG302,
                format!("segment `{segment}` of {label} `{name}` is above 2,147,483,647, the int32 limit"),
            ));
        }
    }
    let has_leading_zero = name
        .split('.')
        .any(|segment| segment.len() > 1 && segment.starts_with('0'));
    if mode == Mode::Strict && found.is_empty() && has_leading_zero {
        let canonical = canonical_version(name);
        found.push(Diagnostic::new(
            &SIG304,
            format!("{label} `{name}` has leading zeros: write `{canonical}`"),
        ));
    }
    found
}

/// Whether a run of ASCII digits, leading zeros and all, is at most `i32::MAX`.
fn fits_int32(digits: &str) -> bool {
    let significant = digits.trim_start_matches('0');
    significant.len() <= MAX_VERSION_DIGITS
        && significant
            .parse::<u64>()
            .map_or(true, |value| value <= INT32_MAX)
}

/// Why `name` is not three dot-separated runs of ASCII digits (at most `max_digits` each), or `None`.
fn version_shape_problem(name: &str, max_digits: Option<usize>) -> Option<String> {
    if name.is_empty() {
        return Some("is empty".to_owned());
    }
    let segments: Vec<&str> = name.split('.').collect();
    if segments.len() != 3 {
        let count = segments.len();
        let noun = if count == 1 { "part" } else { "parts" };
        return Some(format!("has {count} {noun}"));
    }
    for segment in segments {
        if segment.is_empty() {
            return Some("has an empty segment".to_owned());
        }
        let bad = disallowed_chars(segment, |c| c.is_ascii_digit());
        if !bad.is_empty() {
            return Some(format!(
                "has segment `{segment}`, which is not a number: it contains {}",
                describe_chars(&bad)
            ));
        }
        if let Some(max) = max_digits.filter(|&max| segment.len() > max) {
            return Some(format!(
                "has segment `{segment}` of {} digits, above the limit of {max}",
                segment.len()
            ));
        }
    }
    None
}

/// A valid version that the user probably meant: `v1.2.3` → `1.2.3`, `1.2.3-beta` → `1.2.3`, `1.2` → `1.2.0`.
fn version_suggestion(name: &str) -> Option<String> {
    if !name.is_ascii() {
        return None;
    }
    let core = name.trim().trim_start_matches(['v', 'V']);
    let core = core.split(['-', '+', ' ']).next().unwrap_or_default();
    let mut segments: Vec<&str> = core.split('.').collect();
    if segments
        .iter()
        .any(|s| s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    if segments.len() > 3 {
        return None;
    }
    while segments.len() < 3 {
        segments.push("0");
    }
    let fixed = canonical_version(&segments.join("."));
    let in_range = fixed
        .split('.')
        .all(|s| s.parse::<u64>().is_ok_and(|v| v <= INT32_MAX));
    (in_range && fixed != name).then_some(fixed)
}

fn canonical_version(name: &str) -> String {
    name.split('.')
        .map(|segment| {
            let trimmed = segment.trim_start_matches('0');
            if trimmed.is_empty() { "0" } else { trimmed }
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// The schema pattern of `check_version`: three segments of digits, each at most [`INT32_MAX`]; with
/// `digit_limit`, at most [`MAX_VERSION_DIGITS`] long, leading zeros and all.
fn version_pattern(digit_limit: bool) -> String {
    // The digit limit is the width of `INT32_MAX`, so within it the range check alone bounds a segment.
    const _: () = assert!(INT32_MAX.ilog10() as usize + 1 == MAX_VERSION_DIGITS);
    let max = INT32_MAX.to_string();
    let within_limit = format!("([0-9]{{1,{}}}|{})", max.len() - 1, digits_at_most(&max));
    let segment = if digit_limit {
        within_limit
    } else {
        format!("0*{within_limit}")
    };
    format!("^{segment}\\.{segment}\\.{segment}$")
}

/// Alternatives matching the runs of as many digits as `max` has whose value is at most `max`: `max` with
/// a lower digit at one place, any digits after it, or `max` itself.
fn digits_at_most(max: &str) -> String {
    let mut alternatives = Vec::new();
    for (at, digit) in max.bytes().enumerate() {
        let any_after = max.len() - at - 1;
        let lower = match digit {
            b'0' => continue,
            b'1' => "0".to_owned(),
            digit => format!("[0-{}]", char::from(digit - 1)),
        };
        let rest = match any_after {
            0 => String::new(),
            1 => "[0-9]".to_owned(),
            n => format!("[0-9]{{{n}}}"),
        };
        alternatives.push(format!("{}{lower}{rest}", &max[..at]));
    }
    alternatives.push(max.to_owned());
    alternatives.join("|")
}

/// The characters of `name` that `allowed` refuses, each once, in order of appearance.
fn disallowed_chars(name: &str, allowed: impl Fn(char) -> bool) -> Vec<char> {
    let mut bad = Vec::new();
    for c in name.chars() {
        if !allowed(c) && !bad.contains(&c) {
            bad.push(c);
        }
    }
    bad
}

/// Characters as a person can read them: `` `-` ``, `` ` ` (space) ``, `` `а` (U+0430, not ASCII) ``.
fn describe_chars(chars: &[char]) -> String {
    const SHOWN: usize = 5;
    let mut described: Vec<String> = chars
        .iter()
        .take(SHOWN)
        .map(|&c| describe_char(c))
        .collect();
    if chars.len() > SHOWN {
        described.push(format!("{} more", chars.len() - SHOWN));
    }
    described.join(", ")
}

fn describe_char(c: char) -> String {
    match c {
        ' ' => "` ` (space)".to_owned(),
        c if c.is_control() => format!("U+{:04X} (a control character)", u32::from(c)),
        c if !c.is_ascii() => format!("`{c}` (U+{:04X}, not ASCII)", u32::from(c)),
        c => format!("`{c}`"),
    }
}

fn push_suggestions(message: &mut String, suggestions: &[String]) {
    let quoted: Vec<String> = suggestions.iter().map(|s| format!("`{s}`")).collect();
    if !quoted.is_empty() {
        message.push_str("; use ");
        message.push_str(&quoted.join(" or "));
    }
}

/// Whether two names are the same resource name to Azure Resource Manager (case-insensitive).
pub fn same_name(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// The severity of the worst finding, if any.
pub fn worst(diagnostics: &[Diagnostic]) -> Option<Severity> {
    diagnostics.iter().map(|d| d.severity).max()
}
