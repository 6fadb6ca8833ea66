//! Image definition rules (`Microsoft.Compute/galleries/images`).

use std::fmt::Write as _;

use crate::diagnostic::Severity;
use crate::model::{
    Architecture, DiskControllerType, HyperVGeneration, ImageDefinition, SecurityType,
};
use crate::rule::{Rule, RuleGroup};
use crate::rules::sources::{
    ARM_SCHEMA, ARM64_MANAGED_IMAGE, AVM_GALLERY_IMAGE, IMAGE_DEFINITIONS, IMAGE_VERSION,
    MANAGED_DISK_TYPES, NAMING_RULES, REST_SPEC, TERRAFORM_VALIDATORS, TROUBLESHOOTING,
};
use crate::suggest::closest;
use crate::validate::Validator;

pub static SIG201: Rule = Rule {
    id: "SIG201",
    name: "image-definition-name-length",
    group: RuleGroup::ImageDefinition,
    severity: Severity::Error,
    summary: "Image definition names are 1 to 80 characters long",
    explanation: "The naming rules page, the REST specification, the Terraform provider and Azure Verified \
Modules agree on 80 characters; the service's entity-name rule is `^[^_\\W][\\w-._]{0,79}(?<![-.])$`.",
    lenient: None,
    sources: &[NAMING_RULES, REST_SPEC, TROUBLESHOOTING],
    valid: &["i", "myImageDefinition"],
    invalid: &[""],
};

pub static SIG202: Rule = Rule {
    id: "SIG202",
    name: "image-definition-name-characters",
    group: RuleGroup::ImageDefinition,
    severity: Severity::Error,
    summary: "Image definition names hold only ASCII letters, digits, `-`, `_` and `.`",
    explanation: "\"Alphanumerics, underscores, hyphens, and periods\" (naming rules). The service's pattern uses \
.NET's `\\w`, which also matches non-ASCII letters; sigil keeps to ASCII, which every tool and the portal accept.",
    lenient: None,
    sources: &[NAMING_RULES, TROUBLESHOOTING, TERRAFORM_VALIDATORS],
    valid: &["ubuntu-22.04_lts"],
    invalid: &["ubuntu 22.04", "image@1", "ımage"],
};

pub static SIG203: Rule = Rule {
    id: "SIG203",
    name: "image-definition-name-edges",
    group: RuleGroup::ImageDefinition,
    severity: Severity::Error,
    summary: "Image definition names start and end with a letter or digit",
    explanation: "The service rejects a leading `-`, `_` or `.` and a trailing `-` or `.` (\"The provided resource \
name <name> has these invalid trailing characters\"). The troubleshooting page also lists a trailing `_` among the \
causes of that error, so sigil's strict form refuses it too.",
    lenient: Some("a trailing `_` is accepted, as the service's own pattern accepts it"),
    sources: &[NAMING_RULES, TROUBLESHOOTING],
    valid: &["a", "ubuntu-22.04"],
    invalid: &["-image", "image-", "image.", "_image", "image_"],
};

pub static SIG204: Rule = Rule {
    id: "SIG204",
    name: "identifier-length",
    group: RuleGroup::ImageDefinition,
    severity: Severity::Error,
    summary: "Publisher is 1 to 128 characters; offer and SKU are 1 to 64",
    explanation: "The service: \"Asset name galleryImage.properties.identifier.<property> is not valid. It cannot \
be empty. ... The length of the name cannot exceed <number> characters.\" The limits are 128 for the publisher and \
64 for the offer and the SKU.",
    lenient: None,
    sources: &[TROUBLESHOOTING, TERRAFORM_VALIDATORS],
    valid: &["myPublisher", "16.04-LTS"],
    invalid: &[""],
};

pub static SIG205: Rule = Rule {
    id: "SIG205",
    name: "identifier-characters",
    group: RuleGroup::ImageDefinition,
    severity: Severity::Error,
    summary: "Publisher, offer and SKU hold only ASCII letters, digits, `-`, `.` and `_`",
    explanation: "The service: \"Allowed characters are uppercase or lowercase letters, digits, hyphen(-), period \
(.), underscore (_).\" There is no rule on the first character.",
    lenient: None,
    sources: &[TROUBLESHOOTING, TERRAFORM_VALIDATORS],
    valid: &[
        "Canonical",
        "0001-com-ubuntu-server-jammy",
        "22_04-lts-gen2",
    ],
    invalid: &["my publisher", "offer/1", "skü"],
};

pub static SIG206: Rule = Rule {
    id: "SIG206",
    name: "identifier-trailing-period",
    group: RuleGroup::ImageDefinition,
    severity: Severity::Error,
    summary: "Publisher, offer and SKU do not end with a period",
    explanation: "The service: \"Names are not allowed to end with period(.).\"",
    lenient: None,
    sources: &[TROUBLESHOOTING],
    valid: &["16.04-LTS", ".hidden"],
    invalid: &["16.04."],
};

pub static SIG207: Rule = Rule {
    id: "SIG207",
    name: "duplicate-identifier",
    group: RuleGroup::ImageDefinition,
    severity: Severity::Error,
    summary: "Publisher, offer and SKU together are unique within a gallery",
    explanation: "The service: \"Gallery image: <name> identified by (publisher:<P>, offer:<O>, sku:<S>) already \
exists. Choose a different publisher, offer, sku combination.\" Two of the three may repeat; the triple may repeat \
across galleries and may equal a Marketplace image's.",
    lenient: None,
    sources: &[TROUBLESHOOTING, IMAGE_DEFINITIONS],
    valid: &["(contoso, ubuntu, 22.04) and (contoso, ubuntu, 24.04)"],
    invalid: &["(contoso, ubuntu, 22.04) twice in one gallery"],
};

pub static SIG208: Rule = Rule {
    id: "SIG208",
    name: "security-type-needs-gen2",
    group: RuleGroup::ImageDefinition,
    severity: Severity::Error,
    summary: "Every security type but Standard needs Hyper-V generation V2",
    explanation: "Trusted launch and confidential VMs run only on generation 2 VMs: \"SecurityType can be \
specified only with TVM capable image (Gen2)\". TrustedLaunch, TrustedLaunchSupported, ConfidentialVM, \
ConfidentialVmSupported and TrustedLaunchAndConfidentialVmSupported all require `hyper-v-generation = \"V2\"`.",
    lenient: None,
    sources: &[IMAGE_DEFINITIONS, AVM_GALLERY_IMAGE, TERRAFORM_VALIDATORS],
    valid: &["V2 with TrustedLaunch", "V1 with Standard"],
    invalid: &["V1 with TrustedLaunchSupported"],
};

pub static SIG209: Rule = Rule {
    id: "SIG209",
    name: "arm64-needs-gen2",
    group: RuleGroup::ImageDefinition,
    severity: Severity::Error,
    summary: "Arm64 image definitions need Hyper-V generation V2",
    explanation: "Arm64 VM sizes (Dpsv5 and later) support only generation 2 VMs. The Terraform provider does not \
check this (its Hyper-V generation defaults to V1), so an Arm64 definition written for it deploys and then cannot \
start a VM.",
    lenient: None,
    sources: &[ARM_SCHEMA, IMAGE_VERSION],
    valid: &["Arm64 with V2"],
    invalid: &["Arm64 with V1"],
};

pub static SIG210: Rule = Rule {
    id: "SIG210",
    name: "security-type-private-only",
    group: RuleGroup::ImageDefinition,
    severity: Severity::Error,
    summary: "TrustedLaunch and ConfidentialVM definitions live only in private galleries",
    explanation: "Directly shared and community galleries accept only the `*Supported` security types \
(TrustedLaunchSupported, ConfidentialVmSupported, TrustedLaunchAndConfidentialVmSupported).",
    lenient: None,
    sources: &[IMAGE_DEFINITIONS],
    valid: &["TrustedLaunchSupported in a community gallery"],
    invalid: &["TrustedLaunch in a community gallery"],
};

pub static SIG211: Rule = Rule {
    id: "SIG211",
    name: "disk-controller-types",
    group: RuleGroup::ImageDefinition,
    severity: Severity::Error,
    summary: "Disk controller types are `SCSI` or `SCSI,NVMe`",
    explanation: "The `DiskControllerTypes` feature lists the controllers the image supports: `SCSI`, or `SCSI` \
and `NVMe`. NVMe alone is not a documented value. sigil writes one canonical spelling, `SCSI,NVMe`, in every output \
(the az CLI splits `--features` on spaces).",
    lenient: None,
    sources: &[IMAGE_DEFINITIONS, TERRAFORM_VALIDATORS],
    valid: &["SCSI", "SCSI,NVMe"],
    invalid: &["NVMe", "SCSI,SCSI"],
};

pub static SIG212: Rule = Rule {
    id: "SIG212",
    name: "recommended-range",
    group: RuleGroup::ImageDefinition,
    severity: Severity::Error,
    summary: "Recommended vCPU and memory ranges are at least 1, with the minimum not above the maximum",
    explanation: "The service: \"The minimum value of <property> must not be greater than the maximum value of \
<property>.\" Both bounds are positive integers (memory in GB).",
    lenient: None,
    sources: &[TROUBLESHOOTING, ARM_SCHEMA],
    valid: &["minimum-cpu-core = 2, maximum-cpu-core = 8"],
    invalid: &[
        "minimum-cpu-core = 0",
        "minimum-memory = 16, maximum-memory = 8",
    ],
};

pub static SIG213: Rule = Rule {
    id: "SIG213",
    name: "recommended-range-large",
    group: RuleGroup::ImageDefinition,
    severity: Severity::Warning,
    summary: "Recommended vCPUs above 128 or memory above 4,000 GB are probably a mistake",
    explanation: "No hard upper bound is documented; Azure Verified Modules document 1-128 vCPUs and 1-4,000 GB. \
The Terraform provider's 80 and 640 are stale and not applied here.",
    lenient: None,
    sources: &[AVM_GALLERY_IMAGE, TERRAFORM_VALIDATORS],
    valid: &["maximum-cpu-core = 64"],
    invalid: &["maximum-cpu-core = 1024"],
};

pub static SIG214: Rule = Rule {
    id: "SIG214",
    name: "disallowed-disk-type",
    group: RuleGroup::ImageDefinition,
    severity: Severity::Warning,
    summary: "Disallowed disk types are managed disk SKU names",
    explanation: "`disallowed.diskTypes` is free-form in the schema, but only managed disk SKU names \
(Standard_LRS, StandardSSD_LRS, StandardSSD_ZRS, Premium_LRS, Premium_ZRS, PremiumV2_LRS, UltraSSD_LRS) mean \
anything to VM creation.",
    lenient: None,
    sources: &[ARM_SCHEMA, MANAGED_DISK_TYPES],
    valid: &["Standard_LRS", "Premium_LRS"],
    invalid: &["HDD", "Standard"],
};

pub static SIG215: Rule = Rule {
    id: "SIG215",
    name: "purchase-plan-incomplete",
    group: RuleGroup::ImageDefinition,
    severity: Severity::Error,
    summary: "A purchase plan names its plan, product and publisher together",
    explanation: "A plan must match the Marketplace image's plan exactly; a partial one fails at VM creation \
(\"... has a different plan ... than the parent gallery image plan\"). Azure Verified Modules require all three.",
    lenient: None,
    sources: &[IMAGE_VERSION, TROUBLESHOOTING, AVM_GALLERY_IMAGE],
    valid: &["plan-name, plan-product and plan-publisher all set"],
    invalid: &["plan-name without plan-publisher", "plan-publisher = \"\""],
};

pub static SIG216: Rule = Rule {
    id: "SIG216",
    name: "arm64-managed-image",
    group: RuleGroup::ImageDefinition,
    severity: Severity::Error,
    summary: "An Arm64 image version cannot come from a managed image",
    explanation: "Managed images do not support Arm64 (\"Creating an image with snapshot source that has CPU \
Architecture 'Arm64' is not supported\"); Arm64 images are only supported through Azure Compute Gallery, from \
snapshots, disks, VMs or VHDs.",
    lenient: None,
    sources: &[ARM64_MANAGED_IMAGE, IMAGE_VERSION],
    valid: &["Arm64 definition, version from os-snapshot"],
    invalid: &["Arm64 definition, version from managed-image"],
};

/// SIG208, SIG209: trusted launch, confidential VMs and Arm64 run only on generation 2.
pub(crate) fn check_generation(definition: &ImageDefinition, validator: &mut Validator<'_>) {
    if definition.hyper_v_generation() != HyperVGeneration::V1 {
        return;
    }
    if let Some(security_type) = definition
        .features
        .security_type
        .filter(|&t| t != SecurityType::Standard)
    {
        validator.report_at(
            "hyper-v-generation",
            &SIG208,
            format!(
                "image definition `{}` has security type {security_type}, which needs hyper-v-generation V2, not \
                 V1: set hyper-v-generation = \"V2\" or security-type = \"Standard\"",
                definition.name
            ),
        );
    }
    if definition.architecture() == Architecture::Arm64 {
        validator.report_at(
            "hyper-v-generation",
            &SIG209,
            format!(
                "image definition `{}` is Arm64, which runs only on generation 2: set hyper-v-generation = \"V2\"",
                definition.name
            ),
        );
    }
}

const MAX_PLAUSIBLE_VCPUS: u32 = 128;
const MAX_PLAUSIBLE_MEMORY_GB: u32 = 4000;

/// SIG212, SIG213: recommended vCPU and memory ranges.
pub(crate) fn check_recommended(definition: &ImageDefinition, validator: &mut Validator<'_>) {
    let ranges = [
        (
            "minimum-cpu-core",
            definition.minimum_cpu_core,
            "maximum-cpu-core",
            definition.maximum_cpu_core,
            MAX_PLAUSIBLE_VCPUS,
            "vCPUs",
        ),
        (
            "minimum-memory",
            definition.minimum_memory,
            "maximum-memory",
            definition.maximum_memory,
            MAX_PLAUSIBLE_MEMORY_GB,
            "GB",
        ),
    ];
    for (min_key, min, max_key, max, plausible, unit) in ranges {
        for (key, value) in [(min_key, min), (max_key, max)] {
            match value {
                Some(0) => validator.report_at(key, &SIG212, format!("{key} is 0: it must be at least 1")),
                Some(value) if value > plausible => validator.report_at(
                    key,
                    &SIG213,
                    format!("{key} is {value} {unit}, above the documented {plausible}: is it a mistake?"),
                ),
                _ => {}
            }
        }
        if let (Some(min), Some(max)) = (min, max)
            && min > max
        {
            validator.report_at(
                min_key,
                &SIG212,
                format!("{min_key} ({min}) is greater than {max_key} ({max}): the minimum must not exceed the maximum"),
            );
        }
    }
}

/// SIG215: a purchase plan is all three of name, product and publisher, or nothing. An empty value names
/// nothing: the outputs would disagree on it (a template writes `""`, PowerShell leaves the parameter out).
pub(crate) fn check_purchase_plan(definition: &ImageDefinition, validator: &mut Validator<'_>) {
    let parts = [
        ("plan-name", &definition.plan_name),
        ("plan-product", &definition.plan_product),
        ("plan-publisher", &definition.plan_publisher),
    ];
    for (key, value) in parts {
        if value
            .as_deref()
            .is_some_and(|value| value.trim().is_empty())
        {
            validator.report(
                &SIG215,
                format!(
                    "image definition `{}` has an empty {key}: write the Marketplace image's plan exactly, or leave the purchase plan out",
                    definition.name
                ),
            );
        }
    }
    let parts = parts.map(|(key, value)| (key, value.is_some()));
    let given = parts.iter().filter(|(_, given)| *given).count();
    if given == 0 || given == parts.len() {
        return;
    }
    let missing: Vec<&str> = parts
        .iter()
        .filter(|(_, given)| !given)
        .map(|(key, _)| *key)
        .collect();
    validator.report(
        &SIG215,
        format!(
            "image definition `{}` has a partial purchase plan: set {} as well, exactly as the Marketplace image's plan",
            definition.name,
            missing.join(" and ")
        ),
    );
}

const DISK_SKUS: [&str; 7] = [
    "Standard_LRS",
    "StandardSSD_LRS",
    "StandardSSD_ZRS",
    "Premium_LRS",
    "Premium_ZRS",
    "PremiumV2_LRS",
    "UltraSSD_LRS",
];

/// SIG214: disallowed disk types are managed disk SKU names.
pub(crate) fn check_disallowed_disk_types(types: &Vec<String>, validator: &mut Validator<'_>) {
    for (index, disk_type) in types.iter().enumerate() {
        if !DISK_SKUS
            .iter()
            .any(|known| known.eq_ignore_ascii_case(disk_type))
        {
            let mut message = format!(
                "`{disk_type}` is not a managed disk type ({})",
                DISK_SKUS.join(", ")
            );
            if let Some(suggestion) = closest(disk_type, DISK_SKUS) {
                let _ = write!(message, "; did you mean `{suggestion}`?");
            }
            validator.in_index(index, |validator| validator.report(&SIG214, message));
        }
    }
}

/// SIG211: disk controller types are `SCSI`, or `SCSI` and `NVMe`, each once.
pub(crate) fn check_disk_controller_types(
    types: &Option<Vec<DiskControllerType>>,
    validator: &mut Validator<'_>,
) {
    let Some(types) = types else {
        return;
    };
    let mut seen = Vec::new();
    for disk_type in types {
        if seen.contains(disk_type) {
            validator.report(
                &SIG211,
                format!("disk controller type {disk_type} is listed twice"),
            );
        }
        seen.push(*disk_type);
    }
    if !seen.contains(&DiskControllerType::Scsi) {
        let listed: Vec<&str> = seen.iter().map(|t| t.as_str()).collect();
        validator.report(
            &SIG211,
            format!(
                "disk controller types [{}] lack SCSI: the documented values are SCSI, or SCSI and NVMe",
                listed.join(", ")
            ),
        );
    }
}
