//! Rules of virtual machines created from gallery images.

use crate::diagnostic::Severity;
use crate::model::Vm;
use crate::rule::{Rule, RuleGroup};
use crate::rules::sources::{
    IMAGE_VERSION, NAMING_RULES, PUBLIC_IP_DNS, UPDATE_DELETE_CLI, VM_FROM_GALLERY,
};
use crate::validate::Validator;

pub static SIG701: Rule = Rule {
    id: "SIG701",
    name: "vm-credentials-specialized",
    group: RuleGroup::Vm,
    severity: Severity::Error,
    summary: "A VM from a specialized image sets no administrator account",
    explanation: "A specialized image keeps the accounts, host name and data of the VM it was captured from, so \
creating a VM from it takes no OS profile: `az vm create --specialized`, and no admin user name, password or SSH \
key. Giving one makes the deployment fail.",
    lenient: None,
    sources: &[VM_FROM_GALLERY],
    valid: &["a specialized image and no admin-username"],
    invalid: &["a specialized image with admin-username"],
};

pub static SIG702: Rule = Rule {
    id: "SIG702",
    name: "vm-credentials-generalized",
    group: RuleGroup::Vm,
    severity: Severity::Error,
    summary: "A VM from a generalized image names its administrator and how they sign in",
    explanation: "A generalized image is provisioned anew: the VM needs `admin-username` and either SSH \
authentication with `ssh-key-value` (Linux only) or password authentication. The password is never written in the \
spec; the outputs take it as a secure parameter or from the environment.",
    lenient: None,
    sources: &[VM_FROM_GALLERY],
    valid: &["admin-username with authentication-type = \"ssh\" and ssh-key-value"],
    invalid: &[
        "no admin-username",
        "ssh without ssh-key-value",
        "ssh on a Windows image",
    ],
};

pub static SIG703: Rule = Rule {
    id: "SIG703",
    name: "vm-name",
    group: RuleGroup::Vm,
    severity: Severity::Error,
    summary: "VM names are 1 to 64 characters (15 for Windows) without special characters",
    explanation: "A VM name may not hold ``\\ / \" ' [ ] : | < > + = ; , ? * @ & ~ ! # $ % ^ ( ) { } `` or \
spaces, may not start with `_` nor end with `.` or `-`; Windows computer names are at most 15 characters, Linux \
VM names at most 64.",
    lenient: None,
    sources: &[NAMING_RULES],
    valid: &["myVM", "web-01"],
    invalid: &["", "my vm", "web-", "_vm"],
};

pub static SIG704: Rule = Rule {
    id: "SIG704",
    name: "vm-dns-label",
    group: RuleGroup::Vm,
    severity: Severity::Error,
    summary: "A VM's DNS label is 3 to 63 lowercase letters, digits and hyphens, on a public IP",
    explanation: "`dns-label` is the DNS name label of the VM's public IP address \
(`LABEL.REGION.cloudapp.azure.com`, `az vm create --public-ip-address-dns-name`): it starts with a letter, ends \
with a letter or digit, holds only lowercase letters, digits and hyphens, and needs `public-ip = true`, for \
without a public IP there is nothing to name.",
    lenient: None,
    sources: &[PUBLIC_IP_DNS],
    valid: &["mysigvm", "web-01"],
    invalid: &["MySigVm", "1vm", "vm-", "a label on a VM without public-ip"],
};

const FORBIDDEN: &str = "\\/\"'[]:|<>+=;,?*@&~!#$%^(){}` ";

/// SIG703: the part of the VM name rules that holds for Linux and Windows alike (the 15-character limit
/// of Windows is checked with the image, in `cross`).
pub(crate) fn check_name(name: &String, validator: &mut Validator<'_>) {
    let length = name.chars().count();
    let forbidden: Vec<char> = name
        .chars()
        .filter(|c| FORBIDDEN.contains(*c) || !c.is_ascii())
        .collect();
    let problem = if length == 0 {
        "is empty".to_owned()
    } else if length > 64 {
        format!("is {length} characters long, above 64")
    } else if let Some(c) = forbidden.first() {
        format!("contains `{c}`")
    } else if name.starts_with('_') {
        "starts with `_`".to_owned()
    } else if name.ends_with(['.', '-']) {
        "ends with `.` or `-`".to_owned()
    } else {
        return;
    };
    validator.report(&SIG703, format!("VM name `{name}` {problem}"));
}

/// SIG704: the DNS label's shape, and a public IP for it to name.
pub(crate) fn check_dns_label(vm: &Vm, validator: &mut Validator<'_>) {
    let Some(label) = &vm.dns_label else {
        return;
    };
    if let Some(problem) = dns_label_problem(label) {
        validator.report_at(
            "dns-label",
            &SIG704,
            format!("DNS label `{label}` {problem}"),
        );
    }
    if !vm.public_ip {
        validator.report_at(
            "dns-label",
            &SIG704,
            format!(
                "VM `{}` has a DNS label but no public IP to carry it; set public-ip = true",
                vm.name
            ),
        );
    }
}

fn dns_label_problem(label: &str) -> Option<String> {
    let length = label.chars().count();
    if !(3..=63).contains(&length) {
        return Some(format!("is {length} characters long: it must be 3 to 63"));
    }
    if let Some(c) = label
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        return Some(format!(
            "contains `{c}`: only lowercase letters, digits and `-` are allowed"
        ));
    }
    if !label.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Some("must start with a letter".to_owned());
    }
    if label.ends_with('-') {
        return Some("must end with a letter or digit".to_owned());
    }
    None
}

pub static SIG706: Rule = Rule {
    id: "SIG706",
    name: "vm-latest-excluded",
    group: RuleGroup::Vm,
    severity: Severity::Error,
    summary: "A VM created from latest needs a version of its definition that latest can name",
    explanation: "A VM whose `image` names no version (or `latest`) gets the highest version not excluded from \
latest. When the description excludes every version of that definition (retired, or `exclude-from-latest` in each \
of its target regions) and creates none elsewhere (`existing`), `latest` names nothing and the VM's deployment \
fails. Pin the VM to a version (`GALLERY/DEFINITION/VERSION`) or keep a version in latest.",
    lenient: None,
    sources: &[VM_FROM_GALLERY, UPDATE_DELETE_CLI, IMAGE_VERSION],
    valid: &[
        "image = \"g/d\", 1.1.0 not excluded",
        "image = \"g/d/1.0.0\", 1.0.0 retired",
    ],
    invalid: &["image = \"g/d\", its only version 1.0.0 retired"],
};

#[cfg(test)]
mod tests {
    use super::dns_label_problem;

    #[test]
    fn dns_labels_follow_the_public_ip_rules() {
        for good in ["mysigvm", "web-01", "abc"] {
            assert_eq!(dns_label_problem(good), None, "{good}");
        }
        for bad in ["ab", "MySigVm", "1vm", "vm-", "my_vm", &"a".repeat(64)] {
            assert!(dns_label_problem(bad).is_some(), "{bad}");
        }
    }
}
