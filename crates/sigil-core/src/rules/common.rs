//! Rules every kind of resource shares: unique names, end-of-life dates, known values, references.

use std::fmt::Write as _;

use crate::diagnostic::{FieldPath, Severity};
use crate::model::{EndOfLife, Metadata, Region, Spec};
use crate::regions;
use crate::rule::{Rule, RuleGroup};
use crate::rules::sources::{
    ARM_SCHEMA, AVAILABILITY_ZONES, GALLERY_OVERVIEW, IMAGE_DEFINITIONS, LINT_SUPPRESSION,
    NAMING_RULES, QUICKSTART_METADATA, REGIONS_LIST, RESOURCE_GROUP_NAMING, SPEC_FORMAT,
    TROUBLESHOOTING, VM_APPLICATIONS,
};
use crate::validate::{Mode, Validator};

pub static SIG000: Rule = Rule {
    id: "SIG000",
    name: "syntax",
    group: RuleGroup::Common,
    severity: Severity::Error,
    summary: "A spec file is valid TOML, or JSON for a `.json` spec",
    explanation: "sigil reads `sigil.toml` as TOML 1.0 and `*.json` specs as JSON. A file that does not parse \
cannot be checked further; the diagnostic points at the first character the parser could not read.",
    lenient: None,
    sources: &[SPEC_FORMAT],
    valid: &["name = \"myGallery\""],
    invalid: &["name = myGallery", "name = \"myGallery"],
};

pub static SIG001: Rule = Rule {
    id: "SIG001",
    name: "duplicate-name",
    group: RuleGroup::Common,
    severity: Severity::Error,
    summary: "Names are unique within their parent, compared without regard to case",
    explanation: "Azure Resource Manager names are case-insensitive: `myGallery` and `MyGallery` are the same \
gallery. A gallery name is unique within the subscription (\"The gallery name <galleryName> is not unique within \
the subscription\"), an image definition or application within its gallery, a version within its definition or \
application, a VM within its resource group. Two resources with the same name in one description would overwrite each other or fail.",
    lenient: None,
    sources: &[NAMING_RULES, TROUBLESHOOTING],
    valid: &["myGallery and otherGallery"],
    invalid: &["myGallery and MYGALLERY"],
};

pub static SIG002: Rule = Rule {
    id: "SIG002",
    name: "end-of-life-in-past",
    group: RuleGroup::Common,
    severity: Severity::Error,
    summary: "An end-of-life date must lie in the future when it is written",
    explanation: "The service refuses an end-of-life date that has passed: \"EndOfLifeDate must be set to a future \
date.\" The date is informational (VMs can still be created after it) but cannot be set in the past. Write it as a \
full date-time such as `2031-12-31T00:00:00Z`: the az CLI turns a bare date into `T12:59:59Z`.",
    lenient: Some("not checked: an existing resource's date was in the future when it was written"),
    sources: &[TROUBLESHOOTING, IMAGE_DEFINITIONS],
    valid: &["2031-12-31T00:00:00Z"],
    invalid: &["2001-01-01T00:00:00Z"],
};

pub static SIG003: Rule = Rule {
    id: "SIG003",
    name: "unknown-reference",
    group: RuleGroup::Common,
    severity: Severity::Error,
    summary: "A resource refers to its parent by a name the description defines",
    explanation: "Image definitions name their gallery, versions their gallery and definition, role assignments \
and VMs the resource they use. A reference to a resource that is not in the description (created or marked \
`existing = true`) cannot be deployed.",
    lenient: None,
    sources: &[GALLERY_OVERVIEW],
    valid: &["gallery = \"myGallery\" with a [[gallery]] named myGallery"],
    invalid: &["gallery = \"myGalery\" with only myGallery defined"],
};

pub static SIG004: Rule = Rule {
    id: "SIG004",
    name: "unknown-value",
    group: RuleGroup::Common,
    severity: Severity::Error,
    summary: "A property that takes one of a fixed set of values has one of them",
    explanation: "OS type, OS state, Hyper-V generation, architecture, security type, storage account type, \
replication mode, disk caching and sharing permissions are enumerations in the REST API and the ARM schema. \
Values are compared without regard to case and written in the schema's spelling.",
    lenient: None,
    sources: &[ARM_SCHEMA],
    valid: &["Linux", "linux", "TrustedLaunchSupported"],
    invalid: &["Ubuntu", "Gen2", "TrustedLaunchSupport"],
};

pub static SIG005: Rule = Rule {
    id: "SIG005",
    name: "uri-syntax",
    group: RuleGroup::Common,
    severity: Severity::Warning,
    summary: "Privacy statement, release note and publisher URIs are absolute http(s) URIs",
    explanation: "The service does not validate these fields, but they are shown to consumers (publicly, in a \
community gallery) and Azure Verified Modules require a valid URL. Never put a secret or a SAS token in them.",
    lenient: None,
    sources: &[IMAGE_DEFINITIONS, VM_APPLICATIONS],
    valid: &["https://example.com/privacy"],
    invalid: &["example.com/privacy", "see the wiki"],
};

pub static SIG006: Rule = Rule {
    id: "SIG006",
    name: "subscription-limits",
    group: RuleGroup::Common,
    severity: Severity::Error,
    summary: "At most 100 galleries, 1,000 image definitions and 10,000 image versions per subscription and region",
    explanation: "Azure Compute Gallery's documented limits. A description that creates more in one region cannot \
deploy.",
    lenient: None,
    sources: &[GALLERY_OVERVIEW],
    valid: &["100 galleries in eastus"],
    invalid: &["101 galleries in eastus"],
};

/// SIG002: an end-of-life date lies ahead. Only in strict mode, and only when the caller knows the date.
pub(crate) fn check_end_of_life(date: &Option<EndOfLife>, validator: &mut Validator<'_>) {
    let (Some(date), Some(today)) = (date, validator.context().today) else {
        return;
    };
    if validator.mode() == Mode::Strict && !date.is_after(today) {
        validator.report(
            &SIG002,
            format!(
                "end-of-life date {date} is not in the future (today is {today}): set a later date"
            ),
        );
    }
}

/// SIG005: a URI field holds an absolute http(s) URI.
pub(crate) fn check_uri(uri: &Option<String>, validator: &mut Validator<'_>) {
    let Some(uri) = uri else {
        return;
    };
    let rest = uri
        .strip_prefix("https://")
        .or_else(|| uri.strip_prefix("http://"));
    let has_host =
        rest.is_some_and(|rest| rest.split('/').next().is_some_and(|host| !host.is_empty()));
    if !has_host || uri.chars().any(char::is_whitespace) {
        validator.report(
            &SIG005,
            format!("`{uri}` is not an absolute http(s) URI such as `https://example.com/privacy`"),
        );
    }
}

pub static SIG007: Rule = Rule {
    id: "SIG007",
    name: "unknown-key",
    group: RuleGroup::Common,
    severity: Severity::Error,
    summary: "Every key of a spec is one sigil knows",
    explanation: "Keys are the az CLI's flags in kebab-case. An unknown key is refused rather than ignored: a \
misspelt `hyper-v-generaton` would otherwise deploy the platform default without a word. The message suggests the \
closest known key.",
    lenient: None,
    sources: &[SPEC_FORMAT],
    valid: &["hyper-v-generation = \"V2\""],
    invalid: &["hyper-v-generaton = \"V2\""],
};

pub static SIG008: Rule = Rule {
    id: "SIG008",
    name: "missing-key",
    group: RuleGroup::Common,
    severity: Severity::Error,
    summary: "A resource states every key it requires",
    explanation: "An image definition needs its gallery, name, publisher, offer, SKU, OS type and OS state; an image \
version its gallery, definition and name; a role assignment its scope and role; a VM its name and image.",
    lenient: None,
    sources: &[SPEC_FORMAT, ARM_SCHEMA],
    valid: &["os-type = \"Linux\""],
    invalid: &["an [[image-definition]] without os-type"],
};

pub static SIG009: Rule = Rule {
    id: "SIG009",
    name: "invalid-value",
    group: RuleGroup::Common,
    severity: Severity::Error,
    summary: "A value has the type and format its key takes",
    explanation: "Counts are whole numbers, flags are booleans, dates are ISO 8601 (`2031-12-31T00:00:00Z`), regions \
are region names, scopes and images are `GALLERY/DEFINITION[/VERSION]` paths.",
    lenient: None,
    sources: &[SPEC_FORMAT],
    valid: &["replica-count = 2", "end-of-life-date = \"2031-12-31\""],
    invalid: &[
        "replica-count = \"two\"",
        "end-of-life-date = \"31/12/2031\"",
    ],
};

pub static SIG010: Rule = Rule {
    id: "SIG010",
    name: "metadata",
    group: RuleGroup::Common,
    severity: Severity::Error,
    summary: "Quickstart metadata fits its schema: a 10-60 character title, a 10-200 character summary, a GitHub user name",
    explanation: "`sigil generate` writes a quickstart `metadata.json`, whose schema wants `itemDisplayName` of 10 to \
60 characters, `summary` of 10 to 200, `description` of 10 to 1,000 and a `githubUsername` of up to 39 letters, \
digits and single inner hyphens.",
    lenient: None,
    sources: &[QUICKSTART_METADATA],
    valid: &["display-name = \"Trusted Launch gallery\""],
    invalid: &["display-name = \"Gallery\"", "github-username = \"-me\""],
};

pub static SIG011: Rule = Rule {
    id: "SIG011",
    name: "suppression",
    group: RuleGroup::Common,
    severity: Severity::Warning,
    summary: "A `sigil: ignore[...]` comment names the rules it silences",
    explanation: "`sigil lint` skips a rule's findings on a resource when a comment in it, or just above it, \
says `sigil: ignore[SIG102]` (ids, names or id prefixes, separated by commas). A comment without a list, or \
naming no rule, silences nothing; it is reported so that it does not look as if it did.",
    lenient: None,
    sources: &[LINT_SUPPRESSION],
    valid: &[
        "# sigil: ignore[SIG102]",
        "// sigil: ignore[gallery-name-characters, SIG2]",
    ],
    invalid: &["# sigil: ignore", "# sigil: ignore[SIG1022]"],
};

/// SIG010: user-given metadata fits the quickstart schema.
pub(crate) fn check_metadata(metadata: &Metadata, validator: &mut Validator<'_>) {
    let lengths = [
        ("display-name", &metadata.display_name, 10, 60),
        ("summary", &metadata.summary, 10, 200),
        ("description", &metadata.description, 10, 1000),
    ];
    for (key, value, min, max) in lengths {
        let Some(value) = value else { continue };
        let length = value.chars().count();
        if !(min..=max).contains(&length) {
            validator.report_at(
                key,
                &SIG010,
                format!("{key} is {length} characters long: it must be {min} to {max}"),
            );
        }
    }
    if let Some(user) = &metadata.github_username
        && !is_github_username(user)
    {
        validator.report_at(
            "github-username",
            &SIG010,
            format!("`{user}` is not a GitHub user name: up to 39 letters and digits, with single hyphens between them"),
        );
    }
}

fn is_github_username(user: &str) -> bool {
    let bytes = user.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 39
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        && bytes.first() != Some(&b'-')
        && bytes.last() != Some(&b'-')
        && !user.contains("--")
}

pub static SIG017: Rule = Rule {
    id: "SIG017",
    name: "resource-group-name",
    group: RuleGroup::Common,
    severity: Severity::Error,
    summary: "Resource group names are 1 to 90 letters, digits, `_`, `-`, `.`, `(` and `)`, not ending with `.`",
    explanation: "Microsoft's naming rules for `Microsoft.Resources/resourcegroups`: 1-90 characters, \
\"Underscores, hyphens, periods, parentheses, and letters or digits. Can't end with period.\" Letters and digits \
include non-ASCII ones (`rg-café` is a valid name). Checked wherever a description names a resource group: \
`[resource-group] name` and a VM's `resource-group`.",
    lenient: None,
    sources: &[RESOURCE_GROUP_NAMING],
    valid: &["rg-gallery", "my_rg.(prod)", "rg-café"],
    invalid: &["", "rg.", "a/b", "my rg", "a name of 91 characters"],
};

pub static SIG018: Rule = Rule {
    id: "SIG018",
    name: "unknown-region",
    group: RuleGroup::Common,
    severity: Severity::Warning,
    summary: "A location or target region is an Azure public-cloud region sigil knows",
    explanation: "Regions are compared as Resource Manager compares them, ignoring case and spaces, so the name \
(`westeurope`) and the display name (`West Europe`) are the same region. A name missing from sigil's table of \
regions (as of September 2025, from `az account list-locations` and Microsoft's regions list) is most likely a typo, \
which the message corrects; it is a warning, not an error, because Azure adds regions. For a region newer than \
the table, silence it with `[lint] ignore = [\"SIG018\"]`, `--ignore SIG018` or a `sigil: ignore[SIG018]` comment.",
    lenient: None,
    sources: &[REGIONS_LIST, AVAILABILITY_ZONES],
    valid: &["eastus", "West Europe", "westus3"],
    invalid: &["eastus5", "westeurop", "europe"],
};

/// The longest resource group name.
const MAX_RESOURCE_GROUP_NAME: usize = 90;

fn is_resource_group_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '(' | ')')
}

/// SIG017: why `name` cannot name a resource group, with the fixed name when one is obvious.
pub fn resource_group_name_problem(name: &str) -> Option<String> {
    let length = name.chars().count();
    if length == 0 {
        return Some("resource group name is empty: give 1 to 90 characters".to_owned());
    }
    if length > MAX_RESOURCE_GROUP_NAME {
        return Some(format!(
            "resource group name `{name}` is {length} characters long: the limit is {MAX_RESOURCE_GROUP_NAME}"
        ));
    }
    let mut bad: Vec<char> = name
        .chars()
        .filter(|&c| !is_resource_group_char(c))
        .collect();
    bad.dedup();
    let problem = if !bad.is_empty() {
        let shown: Vec<String> = bad.iter().map(|&c| describe_char(c)).collect();
        format!(
            "contains {}: use letters, digits, `_`, `-`, `.`, `(` and `)`",
            shown.join(", ")
        )
    } else if name.ends_with('.') {
        "ends with `.`, which the service refuses".to_owned()
    } else {
        return None;
    };
    let mut message = format!("resource group name `{name}` {problem}");
    if let Some(fixed) = fixed_resource_group_name(name) {
        let _ = write!(message, "; use `{fixed}`");
    }
    Some(message)
}

fn describe_char(c: char) -> String {
    match c {
        ' ' => "` ` (space)".to_owned(),
        c if c.is_control() => format!("U+{:04X} (a control character)", u32::from(c)),
        c => format!("`{c}`"),
    }
}

/// Each run of refused characters as one `-`, and no trailing periods; `None` when nothing useful is left.
fn fixed_resource_group_name(name: &str) -> Option<String> {
    let mut fixed = String::with_capacity(name.len());
    for c in name.chars() {
        if is_resource_group_char(c) {
            fixed.push(c);
        } else if !fixed.ends_with('-') {
            fixed.push('-');
        }
    }
    let fixed = fixed.trim_end_matches(['.', '-']).trim_start_matches('-');
    (!fixed.is_empty() && fixed != name).then(|| fixed.to_owned())
}

/// SIG018: why `region` is not a region sigil knows, with the one meant when it is a plausible typo.
pub fn unknown_region_problem(region: &Region) -> Option<String> {
    if regions::find(region.as_str()).is_some() {
        return None;
    }
    let known = format!(
        "region `{region}` is not an Azure public-cloud region sigil knows (its list is of {})",
        regions::AS_OF
    );
    Some(match regions::closest(region.as_str()) {
        Some(meant) => format!("{known}; did you mean `{}`?", meant.name),
        None => format!("{known}: if the region is newer, ignore SIG018"),
    })
}

/// SIG017 and SIG018: every resource group name and region the description holds.
pub(crate) fn check_resource_groups_and_regions(spec: &Spec, validator: &mut Validator<'_>) {
    let at = |array: &'static str, index: usize, key: &'static str| {
        FieldPath::root().key(array).index(index).key(key)
    };
    let mut names: Vec<(FieldPath, &str)> = Vec::new();
    let mut locations: Vec<(FieldPath, &Region)> = Vec::new();
    if let Some(group) = &spec.resource_group {
        let root = FieldPath::root().key("resource-group");
        names.push((root.key("name"), &group.name));
        locations.push((root.key("location"), &group.location));
    }
    for (index, vm) in spec.vms.iter().enumerate() {
        names.extend(
            vm.resource_group
                .as_deref()
                .map(|name| (at("vm", index, "resource-group"), name)),
        );
        locations.extend(
            vm.location
                .as_ref()
                .map(|region| (at("vm", index, "location"), region)),
        );
    }
    let image_versions = spec
        .image_versions
        .iter()
        .map(|v| (&v.location, &v.target_regions));
    let application_versions =
        (spec.application_versions.iter()).map(|v| (&v.location, &v.target_regions));
    let placements = (image_versions
        .enumerate()
        .map(|(index, v)| ("image-version", index, v)))
    .chain(
        application_versions
            .enumerate()
            .map(|(index, v)| ("application-version", index, v)),
    );
    for (array, index, (location, targets)) in placements {
        if let Some(region) = location {
            locations.push((at(array, index, "location"), region));
        }
        for (target, region) in targets.iter().enumerate() {
            let path = at(array, index, "target-regions").index(target).key("name");
            locations.push((path, &region.name));
        }
    }
    for (path, name) in names {
        if let Some(message) = resource_group_name_problem(name) {
            validator.report_below(&path, &SIG017, message);
        }
    }
    for (path, region) in locations {
        if let Some(message) = unknown_region_problem(region) {
            validator.report_below(&path, &SIG018, message);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(text: &str) -> Region {
        text.parse().unwrap()
    }

    #[test]
    fn resource_group_names_are_at_most_90_characters() {
        assert_eq!(resource_group_name_problem(&"a".repeat(90)), None);
        let message = resource_group_name_problem(&"a".repeat(91)).unwrap();
        assert!(
            message.ends_with("is 91 characters long: the limit is 90"),
            "{message}"
        );
        let message = resource_group_name_problem("").unwrap();
        assert_eq!(
            message,
            "resource group name is empty: give 1 to 90 characters"
        );
        // Characters, not bytes: 90 two-byte letters are a valid name.
        assert_eq!(resource_group_name_problem(&"é".repeat(90)), None);
    }

    #[test]
    fn resource_group_names_take_letters_digits_and_five_signs() {
        for name in [
            "rg",
            "my_rg-1.(prod)",
            "(rg)",
            "rg-café",
            "グループ",
            "rg.v2",
        ] {
            assert_eq!(resource_group_name_problem(name), None, "{name}");
        }
    }

    #[test]
    fn a_trailing_period_is_refused_and_dropped() {
        let message = resource_group_name_problem("rg.").unwrap();
        assert_eq!(
            message,
            "resource group name `rg.` ends with `.`, which the service refuses; use `rg`"
        );
        let message = resource_group_name_problem("...").unwrap();
        assert!(!message.contains("; use"), "{message}");
    }

    #[test]
    fn refused_characters_become_hyphens() {
        assert_eq!(
            resource_group_name_problem("a/b").unwrap(),
            "resource group name `a/b` contains `/`: use letters, digits, `_`, `-`, `.`, `(` and `)`; use `a-b`"
        );
        assert_eq!(
            resource_group_name_problem("my rg!").unwrap(),
            "resource group name `my rg!` contains ` ` (space), `!`: use letters, digits, `_`, `-`, `.`, `(` and `)`; use `my-rg`"
        );
        let message = resource_group_name_problem("rg\u{1}.").unwrap();
        assert!(
            message.contains("U+0001 (a control character)"),
            "{message}"
        );
        assert!(message.ends_with("; use `rg`"), "{message}");
    }

    #[test]
    fn known_regions_pass_by_name_and_display_name() {
        assert_eq!(unknown_region_problem(&region("eastus")), None);
        assert_eq!(unknown_region_problem(&region("West Europe")), None);
        assert_eq!(unknown_region_problem(&region("Australia Central 2")), None);
    }

    #[test]
    fn unknown_regions_suggest_the_region_meant() {
        let message = unknown_region_problem(&region("eastus5")).unwrap();
        assert!(
            message.starts_with("region `eastus5` is not an Azure public-cloud region sigil knows"),
            "{message}"
        );
        assert!(message.ends_with("; did you mean `eastus`?"), "{message}");
        let message = unknown_region_problem(&region("West Europ")).unwrap();
        assert!(
            message.ends_with("; did you mean `westeurope`?"),
            "{message}"
        );
        let message = unknown_region_problem(&region("mars")).unwrap();
        assert!(
            message.ends_with("if the region is newer, ignore SIG018"),
            "{message}"
        );
    }
}
