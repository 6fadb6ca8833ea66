//! Gallery application rules (`galleries/applications` and their versions).

use crate::diagnostic::Severity;
use crate::model::{ApplicationVersion, TargetRegion};
use crate::rule::{Rule, RuleGroup};
use crate::rules::sources::{
    ARM_SCHEMA, NAMING_RULES, REST_SPEC, SHARE_COMMUNITY, TERRAFORM_VALIDATORS, VM_APPLICATIONS,
};
use crate::validate::Validator;

pub static SIG401: Rule = Rule {
    id: "SIG401",
    name: "application-name-length",
    group: RuleGroup::Application,
    severity: Severity::Error,
    summary: "Gallery application names are 1 to 80 characters long",
    explanation: "The naming rules page, the REST specification and the Terraform provider say 80; the VM \
applications page says 117. sigil writes names every tool accepts.",
    lenient: Some("up to 117 characters, as the VM applications page allows"),
    sources: &[NAMING_RULES, REST_SPEC, VM_APPLICATIONS],
    valid: &["a", "myApp"],
    invalid: &[""],
};

pub static SIG402: Rule = Rule {
    id: "SIG402",
    name: "application-name-characters",
    group: RuleGroup::Application,
    severity: Severity::Error,
    summary: "Gallery application names hold only ASCII letters, digits, `-`, `_` and `.`",
    explanation: "\"uppercase or lowercase letters, digits, hyphen(-), period (.), underscore (_)\" (VM \
applications). The naming rules page omits the underscore; the service and Terraform accept it.",
    lenient: None,
    sources: &[VM_APPLICATIONS, TERRAFORM_VALIDATORS, NAMING_RULES],
    valid: &["my-app_1.0"],
    invalid: &["my app", "app!"],
};

pub static SIG403: Rule = Rule {
    id: "SIG403",
    name: "application-name-edges",
    group: RuleGroup::Application,
    severity: Severity::Error,
    summary: "Gallery application names start and end with a letter or digit",
    explanation: "\"Start and end with alphanumeric\" (naming rules).",
    lenient: Some("only a trailing `.` is refused, as the VM applications page says"),
    sources: &[NAMING_RULES, VM_APPLICATIONS],
    valid: &["app1"],
    invalid: &["-app", "app-", "app."],
};

pub static SIG404: Rule = Rule {
    id: "SIG404",
    name: "application-replica-count",
    group: RuleGroup::Application,
    severity: Severity::Error,
    summary: "Application version replica counts are 1 to 10",
    explanation: "\"Up to 10 replicas per region\" (VM applications limits; Terraform checks 1-10). An older error \
text said one to three.",
    lenient: None,
    sources: &[VM_APPLICATIONS, TERRAFORM_VALIDATORS],
    valid: &["1", "10"],
    invalid: &["0", "11"],
};

pub static SIG405: Rule = Rule {
    id: "SIG405",
    name: "application-package",
    group: RuleGroup::Application,
    severity: Severity::Error,
    summary: "An application version names its package and its install and remove commands, each up to 4,096 characters",
    explanation: "`source.mediaLink` is required and must not be empty; `manageActions.install` and `remove` are \
required and `update` optional, each at most 4,096 characters, as are the package and configuration file names.",
    lenient: None,
    sources: &[VM_APPLICATIONS, ARM_SCHEMA, TERRAFORM_VALIDATORS],
    valid: &["media-link, install and remove set"],
    invalid: &["no install command", "a 5,000-character install command"],
};

pub static SIG406: Rule = Rule {
    id: "SIG406",
    name: "application-in-community-gallery",
    group: RuleGroup::Application,
    severity: Severity::Error,
    summary: "Community galleries cannot hold VM applications",
    explanation: "VM applications cannot be shared to a community gallery.",
    lenient: None,
    sources: &[SHARE_COMMUNITY, VM_APPLICATIONS],
    valid: &["an application in a private gallery"],
    invalid: &["an application in a gallery with permissions = \"Community\""],
};

const MAX_COMMAND_LENGTH: usize = 4096;
const MAX_APPLICATION_REPLICAS: u32 = 10;

/// SIG405: the package link and the install and remove commands are given, and no field is too long.
pub(crate) fn check_package(version: &ApplicationVersion, validator: &mut Validator<'_>) {
    let required = [
        ("package-file-link", &version.package_file_link),
        ("install-command", &version.install_command),
        ("remove-command", &version.remove_command),
    ];
    for (key, value) in required {
        if value.as_deref().is_none_or(str::is_empty) {
            validator.report_at(
                key,
                &SIG405,
                format!("application version `{}` needs {key}", version.name),
            );
        }
    }
    let bounded = [
        ("install-command", &version.install_command),
        ("remove-command", &version.remove_command),
        ("update-command", &version.update_command),
        ("package-file-name", &version.package_file_name),
        ("config-file-name", &version.config_file_name),
    ];
    for (key, value) in bounded {
        let length = value.as_deref().map_or(0, |value| value.chars().count());
        if length > MAX_COMMAND_LENGTH {
            validator.report_at(
                key,
                &SIG405,
                format!("{key} is {length} characters long: the limit is {MAX_COMMAND_LENGTH}"),
            );
        }
    }
}

/// SIG404: an application version's replica count is 1 to 10.
pub(crate) fn check_replica_count(count: &Option<u32>, validator: &mut Validator<'_>) {
    if let Some(count) = *count
        && !(1..=MAX_APPLICATION_REPLICAS).contains(&count)
    {
        validator.report(
            &SIG404,
            format!("application replica count {count} is out of range: it must be 1 to {MAX_APPLICATION_REPLICAS}"),
        );
    }
}

/// SIG404 for each target region of an application version.
pub(crate) fn check_target_region_replicas(
    regions: &Vec<TargetRegion>,
    validator: &mut Validator<'_>,
) {
    for (index, region) in regions.iter().enumerate() {
        validator.in_index(index, |validator| {
            validator.in_field("replica-count", |validator| {
                check_replica_count(&region.replica_count, validator);
            });
        });
    }
}
