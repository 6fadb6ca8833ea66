//! Version rules (`galleries/images/versions`, and the names of application and script versions).

use crate::diagnostic::{FieldPath, Severity};
use crate::model::{ImageVersion, ReplicationMode, TargetRegion};
use crate::rule::{Rule, RuleGroup};
use crate::rules::sources::{
    ARM_SCHEMA, DUPLICATE_REGIONS, GALLERY_OVERVIEW, IMAGE_DEFINITIONS, IMAGE_VERSION,
    NAMING_RULES, PACKER_AZURE, REPLICA_GUIDANCE, TERRAFORM_VALIDATORS, TROUBLESHOOTING,
    TRUSTED_LAUNCH_SOURCE, UPDATE_DELETE_CLI, UPDATE_DELETE_PS, VERSION_ERROR_TEXT,
    VM_APPLICATIONS, VM_FROM_GALLERY,
};
use crate::validate::Validator;

pub static SIG301: Rule = Rule {
    id: "SIG301",
    name: "version-format",
    group: RuleGroup::Version,
    severity: Severity::Error,
    summary: "Version names are exactly Major.Minor.Patch: three dot-separated numbers of 1 to 10 digits",
    explanation: "The service: \"The image version name should follow Major(int).Minor(int).Patch(int) format, \
where int is between 0 and 2,147,483,647 (inclusive). For e.g: 1.0.0, 2018.12.1 etc\". No sign, no spaces, no `v` \
prefix, no `-beta` or `+build` suffix, no two- or four-part forms. The same rule names application versions and \
gallery script versions; the schema's script version pattern sets no digit limit, so only the int32 range applies \
to them.",
    lenient: None,
    sources: &[
        VERSION_ERROR_TEXT,
        TROUBLESHOOTING,
        NAMING_RULES,
        VM_APPLICATIONS,
    ],
    valid: &["1.0.0", "2018.12.1", "0.0.0"],
    invalid: &["1.0", "1.0.0.0", "v1.0.0", "1.0.0-beta", "1..0"],
};

pub static SIG302: Rule = Rule {
    id: "SIG302",
    name: "version-segment-range",
    group: RuleGroup::Version,
    severity: Severity::Error,
    summary: "Each version segment is at most 2,147,483,647",
    explanation: "Each segment is converted to an int32 (\"where int is between 0 and 2,147,483,647\"). Ten digits \
are allowed, so `9999999999.0.0` has the right shape and is still refused; the Terraform provider and Packer miss \
this.",
    lenient: None,
    sources: &[VERSION_ERROR_TEXT, NAMING_RULES],
    valid: &["2147483647.0.0"],
    invalid: &["2147483648.0.0", "9999999999.0.0"],
};

pub static SIG303: Rule = Rule {
    id: "SIG303",
    name: "version-reserved-name",
    group: RuleGroup::Version,
    severity: Severity::Error,
    summary: "`latest` is a reference to a version, never a version's name",
    explanation: "`latest` means the highest Major, then Minor, then Patch among the versions not excluded from \
latest. It is used in references (`.../versions/latest`), not as a name. `recent` exists only in Terraform's data \
source.",
    lenient: None,
    sources: &[IMAGE_DEFINITIONS, TERRAFORM_VALIDATORS],
    valid: &["1.0.0"],
    invalid: &["latest", "recent"],
};

pub static SIG304: Rule = Rule {
    id: "SIG304",
    name: "version-leading-zeros",
    group: RuleGroup::Version,
    severity: Severity::Warning,
    summary: "Version segments are written without leading zeros",
    explanation: "The service accepts leading zeros, and date-style versions such as `2024.0105.0930` are common, \
but whether `1.0.01` and `1.0.1` are the same version is undocumented, and ordering by `latest` is numeric. sigil \
writes canonical numbers.",
    lenient: Some("not checked"),
    sources: &[IMAGE_VERSION, PACKER_AZURE],
    valid: &["1.0.1", "2024.105.930"],
    invalid: &["1.0.01", "2024.0105.0930"],
};

pub static SIG305: Rule = Rule {
    id: "SIG305",
    name: "target-regions-include-source",
    group: RuleGroup::Version,
    severity: Severity::Error,
    summary: "A version's target regions include the version's own location",
    explanation: "The service: \"Gallery image version publishing profile regions <publishingRegions> must \
contain the location of image version <sourceRegion>\".",
    lenient: None,
    sources: &[TROUBLESHOOTING, IMAGE_VERSION, VM_APPLICATIONS],
    valid: &["location eastus, target regions eastus and westus"],
    invalid: &["location eastus, target region westus only"],
};

pub static SIG306: Rule = Rule {
    id: "SIG306",
    name: "duplicate-target-region",
    group: RuleGroup::Version,
    severity: Severity::Error,
    summary: "A target region appears once",
    explanation: "The service: \"Duplicate regions are not allowed in target publishing regions.\" Regions are \
compared after normalising (`West US` is `westus`).",
    lenient: None,
    sources: &[TROUBLESHOOTING, DUPLICATE_REGIONS],
    valid: &["eastus, westus"],
    invalid: &["eastus, East US"],
};

pub static SIG307: Rule = Rule {
    id: "SIG307",
    name: "replica-count-range",
    group: RuleGroup::Version,
    severity: Severity::Error,
    summary: "Image version replica counts are 1 to 100",
    explanation: "The limits page allows \"maximum 100 replicas per image version\"; Packer, tested against the \
service, checks \"Replica count must be between 1 and 100\". Out of range the service says \"The value <value> of \
parameter <property> is out of range\".",
    lenient: None,
    sources: &[GALLERY_OVERVIEW, PACKER_AZURE, TROUBLESHOOTING],
    valid: &["1", "100"],
    invalid: &["0", "101"],
};

pub static SIG308: Rule = Rule {
    id: "SIG308",
    name: "replica-count-high",
    group: RuleGroup::Version,
    severity: Severity::Warning,
    summary: "More than 50 replicas in a region, or 100 in all, is more than the service advises",
    explanation: "\"50 replicas should be sufficient\" per region. The 100 limit may apply to a version's total \
across regions, so a total above 100 is flagged too.",
    lenient: None,
    sources: &[GALLERY_OVERVIEW],
    valid: &["50"],
    invalid: &["51"],
};

pub static SIG309: Rule = Rule {
    id: "SIG309",
    name: "replicas-per-concurrent-vms",
    group: RuleGroup::Version,
    severity: Severity::Warning,
    summary: "Keep one replica for every 20 VMs created at the same time in a region",
    explanation: "Best practice: one replica per 20 VMs created concurrently (the scaling section says 50; sigil \
uses the conservative figure), so that creation is not throttled. sigil counts the VMs the description creates from \
the image in each region.",
    lenient: None,
    sources: &[GALLERY_OVERVIEW, REPLICA_GUIDANCE],
    valid: &["1 replica, 20 VMs"],
    invalid: &["1 replica, 21 VMs"],
};

pub static SIG310: Rule = Rule {
    id: "SIG310",
    name: "shallow-replication",
    group: RuleGroup::Version,
    severity: Severity::Error,
    summary: "Shallow replication keeps one replica in the source region only",
    explanation: "Replication mode `Shallow` (for development and test) does not replicate: the version lives in \
its source region with a replica count of 1.",
    lenient: None,
    sources: &[GALLERY_OVERVIEW, IMAGE_DEFINITIONS, PACKER_AZURE],
    valid: &["Shallow, one target region (the source), 1 replica"],
    invalid: &["Shallow with westus added", "Shallow with 2 replicas"],
};

pub static SIG311: Rule = Rule {
    id: "SIG311",
    name: "version-source",
    group: RuleGroup::Version,
    severity: Severity::Error,
    summary: "An image version has exactly one source; a VHD names its storage account",
    explanation: "The service: \"One and only one source type (user image, snapshot, disk, virtual machine) can \
be provided\". Give one of `managed-image`, `virtual-machine`, `os-snapshot` (with optional `data-snapshots`) or \
`os-vhd-uri` with `os-vhd-storage-account` (required since API 2022-03-03).",
    lenient: None,
    sources: &[TROUBLESHOOTING, IMAGE_VERSION, ARM_SCHEMA],
    valid: &["managed-image only", "os-snapshot with data-snapshots"],
    invalid: &[
        "no source",
        "managed-image and os-snapshot",
        "os-vhd-uri without os-vhd-storage-account",
    ],
};

pub static SIG312: Rule = Rule {
    id: "SIG312",
    name: "data-disk-layout",
    group: RuleGroup::Version,
    severity: Severity::Error,
    summary: "Data disk LUNs are unique, and so are their sources",
    explanation: "Each data disk image has its own LUN and its own source; an OS disk and a data disk never share \
one.",
    lenient: None,
    sources: &[TROUBLESHOOTING, IMAGE_VERSION],
    valid: &["LUN 0 and LUN 1"],
    invalid: &["LUN 0 twice"],
};

pub static SIG313: Rule = Rule {
    id: "SIG313",
    name: "trusted-launch-supported-source",
    group: RuleGroup::Version,
    severity: Severity::Warning,
    summary: "TrustedLaunchSupported versions have been refused from snapshot and VM sources",
    explanation: "In 2023-2024 the service said: \"The security type 'TrustedLaunchSupported' is not supported for \
the source id '<id>'. Currently only Vhd Blob, User Image and Gallery Image Version sources are supported for \
'TrustedLaunchSupported' images.\" It may have been relaxed since.",
    lenient: Some("not checked"),
    sources: &[TRUSTED_LAUNCH_SOURCE],
    valid: &["TrustedLaunchSupported from a managed image"],
    invalid: &["TrustedLaunchSupported from an OS snapshot"],
};

pub static SIG314: Rule = Rule {
    id: "SIG314",
    name: "storage-account-type",
    group: RuleGroup::Version,
    severity: Severity::Error,
    summary: "Replica storage is Standard_LRS, Standard_ZRS, Premium_LRS or PremiumV2_LRS",
    explanation: "The storage account types of image versions in API 2025-03-03 (PremiumV2_LRS is new in it; the \
az CLI's client-side list lacks it). ZRS is only available in regions with availability zones (\"ZRS storage \
account type is not supported in this region.\").",
    lenient: None,
    sources: &[ARM_SCHEMA, TROUBLESHOOTING],
    valid: &[
        "Standard_LRS",
        "Standard_ZRS",
        "Premium_LRS",
        "PremiumV2_LRS",
    ],
    invalid: &["StandardSSD_LRS", "Premium_ZRS"],
};

pub static SIG316: Rule = Rule {
    id: "SIG316",
    name: "retired-version",
    group: RuleGroup::Version,
    severity: Severity::Error,
    summary: "A retired version states its end-of-life date and is not kept in latest",
    explanation: "`retired = true` keeps a version but stops offering it: the outputs exclude it from latest \
(version-wide, which applies in each target region without an exclusion of its own) and write its end-of-life \
date, the two properties of a version the update documentation lists beside its regions and replicas, and what \
`sigil plan` updates when a version is retired. The date is required: a default such as today would \
make the outputs depend on the day they are generated. `exclude-from-latest = false`, on the version or a target \
region, contradicts `retired`.",
    lenient: None,
    sources: &[UPDATE_DELETE_CLI, UPDATE_DELETE_PS, IMAGE_VERSION],
    valid: &[
        "retired = true, end-of-life-date = \"2031-12-31\"",
        "retired = true with exclude-from-latest = true",
    ],
    invalid: &[
        "retired = true without end-of-life-date",
        "retired = true, exclude-from-latest = false",
        "retired = true, a target region with exclude-from-latest = false",
    ],
};

pub static SIG317: Rule = Rule {
    id: "SIG317",
    name: "no-latest-version",
    group: RuleGroup::Version,
    severity: Severity::Warning,
    summary: "Keep a version of each image definition in latest",
    explanation: "When every version of an image definition is excluded from latest (retired, or \
`exclude-from-latest` in each of its target regions), `latest` names no version and creating a VM from \
`GALLERY/DEFINITION` or `.../latest` fails; only VMs that pin a version can still be created. sigil counts the \
versions the description creates; a version marked `existing` may be latest, so it silences the warning. A VM of \
the description that uses `latest` of such a definition is an error (SIG706).",
    lenient: None,
    sources: &[UPDATE_DELETE_CLI, IMAGE_VERSION, VM_FROM_GALLERY],
    valid: &[
        "1.0.0 retired, 1.1.0 not excluded",
        "1.0.0 retired, 1.1.0 existing",
    ],
    invalid: &["1.0.0 retired, 1.1.0 exclude-from-latest = true"],
};

pub static SIG318: Rule = Rule {
    id: "SIG318",
    name: "latest-not-newest",
    group: RuleGroup::Version,
    severity: Severity::Warning,
    summary: "Latest is the newest version of an image definition",
    explanation: "`latest` is the highest Major.Minor.Patch version not excluded from latest. Excluding the newest \
version (retired, or `exclude-from-latest` in each of its target regions) while an older one is kept makes \
`latest` an older version: VMs created from `latest` get it. That is a rollback; if it is not one, keep the newest \
version in latest and retire the older one. A version marked `existing` may be latest, so the description cannot \
tell, and sigil does not warn on its account.",
    lenient: None,
    sources: &[UPDATE_DELETE_CLI, IMAGE_VERSION],
    valid: &["1.0.0 retired, 1.1.0 not excluded"],
    invalid: &["1.0.0 not excluded, 1.1.0 retired"],
};

/// SIG316: a retired version states its end-of-life date and nothing keeps it in latest.
pub(crate) fn check_retired(version: &ImageVersion, validator: &mut Validator<'_>) {
    if !version.retired {
        return;
    }
    if version.end_of_life_date.is_none() {
        validator.report_at(
            "retired",
            &SIG316,
            format!(
                "image version `{}` is retired without an end-of-life date; set `end-of-life-date`",
                version.name
            ),
        );
    }
    if version.exclude_from_latest == Some(false) {
        validator.report_at(
            "exclude-from-latest",
            &SIG316,
            format!(
                "image version `{}` is retired, which excludes it from latest; remove `exclude-from-latest = false`",
                version.name
            ),
        );
    }
    for (index, region) in version.target_regions.iter().enumerate() {
        if region.exclude_from_latest == Some(false) {
            let below = FieldPath::root()
                .key("target-regions")
                .index(index)
                .key("exclude-from-latest");
            validator.report_below(
                &below,
                &SIG316,
                format!(
                    "image version `{}` is retired, which excludes it from latest in {}; remove \
                     `exclude-from-latest = false`",
                    version.name, region.name
                ),
            );
        }
    }
}

/// SIG311: exactly one source; a VHD names its storage account; data snapshots go with an OS snapshot. A
/// version made elsewhere (`existing = true`) is not created here, so it needs no source.
pub(crate) fn check_source(version: &ImageVersion, validator: &mut Validator<'_>) {
    if version.existing {
        return;
    }
    let sources = version.sources();
    match sources.as_slice() {
        [] => validator.report(
            &SIG311,
            format!(
                "image version `{}` has no source: give one of managed-image, virtual-machine, os-snapshot or os-vhd-uri",
                version.name
            ),
        ),
        [_] => {}
        [first, second, ..] => validator.report_at(
            second.key(),
            &SIG311,
            format!(
                "image version `{}` names both {} and {}: give exactly one source",
                version.name,
                first.key(),
                second.key()
            ),
        ),
    }
    if version.os_vhd_uri.is_some() != version.os_vhd_storage_account.is_some() {
        let (key, message) = if version.os_vhd_uri.is_some() {
            (
                "os-vhd-uri",
                "os-vhd-uri needs os-vhd-storage-account, the id of the storage account that holds the VHD",
            )
        } else {
            (
                "os-vhd-storage-account",
                "os-vhd-storage-account is given without os-vhd-uri",
            )
        };
        validator.report_at(key, &SIG311, message);
    }
    if !version.data_snapshots.is_empty() && version.os_snapshot.is_none() {
        validator.report_at(
            "data-snapshots",
            &SIG311,
            "data-snapshots go with an os-snapshot source: a managed image, VM or VHD brings its own disks",
        );
    }
}

/// SIG312: data disks have distinct LUNs and distinct sources, none shared with the OS disk.
pub(crate) fn check_data_disks(version: &ImageVersion, validator: &mut Validator<'_>) {
    for (index, disk) in version.data_snapshots.iter().enumerate() {
        let earlier = &version.data_snapshots[..index];
        let mut below = FieldPath::root().key("data-snapshots").index(index);
        if earlier.iter().any(|other| other.lun == disk.lun) {
            below.push_key("lun");
            validator.report_below(
                &below,
                &SIG312,
                format!("LUN {} is used by two data disks", disk.lun),
            );
            continue;
        }
        let shares_os_disk = version
            .os_snapshot
            .as_deref()
            .is_some_and(|os| os.eq_ignore_ascii_case(&disk.snapshot));
        if shares_os_disk
            || earlier
                .iter()
                .any(|other| other.snapshot.eq_ignore_ascii_case(&disk.snapshot))
        {
            below.push_key("snapshot");
            validator.report_below(
                &below,
                &SIG312,
                format!("snapshot `{}` is the source of two disks", disk.snapshot),
            );
        }
    }
}

/// SIG310 (replica part): shallow replication keeps a single replica.
pub(crate) fn check_shallow_replication(version: &ImageVersion, validator: &mut Validator<'_>) {
    if version.replication_mode != Some(ReplicationMode::Shallow) {
        return;
    }
    if version.replica_count.is_some_and(|count| count != 1) {
        validator.report_at(
            "replica-count",
            &SIG310,
            format!(
                "image version `{}` uses Shallow replication, which keeps exactly 1 replica",
                version.name
            ),
        );
    }
    for (index, region) in version.target_regions.iter().enumerate() {
        if region.replica_count.is_some_and(|count| count != 1) {
            let below = FieldPath::root()
                .key("target-regions")
                .index(index)
                .key("replica-count");
            validator.report_below(
                &below,
                &SIG310,
                format!(
                    "region {} has more than 1 replica under Shallow replication",
                    region.name
                ),
            );
        }
    }
}

const MAX_REPLICAS: u32 = 100;
const ADVISED_REPLICAS: u32 = 50;

/// SIG308 (total part): more than 100 replicas across regions.
pub(crate) fn check_replica_totals(version: &ImageVersion, validator: &mut Validator<'_>) {
    let total: u32 = version
        .target_regions
        .iter()
        .map(|region| version.replicas_in(region))
        .sum();
    if total > MAX_REPLICAS {
        validator.report_at(
            "target-regions",
            &SIG308,
            format!(
                "image version `{}` has {total} replicas across its regions; the limit of 100 may apply to the total",
                version.name
            ),
        );
    }
}

/// SIG306: each target region once, compared normalised.
pub(crate) fn check_duplicate_regions(regions: &Vec<TargetRegion>, validator: &mut Validator<'_>) {
    for (index, region) in regions.iter().enumerate() {
        if regions[..index]
            .iter()
            .any(|other| other.name == region.name)
        {
            let below = FieldPath::root().index(index).key("name");
            validator.report_below(
                &below,
                &SIG306,
                format!("target region {} is listed twice", region.name),
            );
        }
    }
}

/// SIG307, SIG308: a replica count is 1 to 100, advisedly at most 50.
pub(crate) fn check_replica_count(count: &Option<u32>, validator: &mut Validator<'_>) {
    match *count {
        Some(count) if count == 0 || count > MAX_REPLICAS => validator.report(
            &SIG307,
            format!("replica count {count} is out of range: it must be 1 to {MAX_REPLICAS}"),
        ),
        Some(count) if count > ADVISED_REPLICAS => validator.report(
            &SIG308,
            format!("replica count {count} is above the {ADVISED_REPLICAS} per region the service advises"),
        ),
        _ => {}
    }
}
