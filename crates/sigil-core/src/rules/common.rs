//! Rules every kind of resource shares: unique names, end-of-life dates, known values, references.

use crate::diagnostic::Severity;
use crate::model::{EndOfLife, Metadata};
use crate::rule::{Rule, RuleGroup};
use crate::rules::sources::{
    ARM_SCHEMA, GALLERY_OVERVIEW, IMAGE_DEFINITIONS, LINT_SUPPRESSION, NAMING_RULES,
    QUICKSTART_METADATA, SPEC_FORMAT, TROUBLESHOOTING, VM_APPLICATIONS,
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
