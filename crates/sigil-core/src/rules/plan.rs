//! The rules of `sigil plan`: changes between two specs that the service refuses, or that the documented
//! update commands cannot make. Each keeps the id range of the resource it is about; `sigil-plan` reports them.

use crate::diagnostic::Severity;
use crate::rule::{Rule, RuleGroup};
use crate::rules::sources::{GALLERY_OVERVIEW, IMAGE_DEFINITIONS, REST_SPEC, SHARE_COMMUNITY};
use crate::rules::sources::{UPDATE_DELETE_CLI, UPDATE_DELETE_PS};

pub static SIG015: Rule = Rule {
    id: "SIG015",
    name: "plan-resource-group",
    group: RuleGroup::Common,
    severity: Severity::Error,
    summary: "The two specs of a plan deploy to the same resource group, in the same region",
    explanation: "A resource group's region cannot change, and gallery resources cannot be moved to another group \
by an update: every resource would have to be deleted and created again. Plan a move as two steps: create the \
resources in the new group with `sigil generate`, then delete the old ones.",
    lenient: None,
    sources: &[UPDATE_DELETE_CLI, GALLERY_OVERVIEW],
    valid: &["myGalleryRG in eastus, then myGalleryRG in eastus"],
    invalid: &["myGalleryRG, then otherRG", "eastus, then westus"],
};

pub static SIG016: Rule = Rule {
    id: "SIG016",
    name: "plan-cleared-value",
    group: RuleGroup::Common,
    severity: Severity::Error,
    summary: "An update changes a value; it does not remove one",
    explanation: "The documented update commands set values: `Update-AzGallery`, \
`Update-AzGalleryImageDefinition` and `Update-AzGalleryImageVersion` send only the parameters they are given, so \
a description, end-of-life date, URI, recommended size or disk type list removed from the spec would stay on the \
resource while the plan said it was gone. Keep a value (a new date, a new text), or remove it by hand.",
    lenient: None,
    sources: &[UPDATE_DELETE_PS, UPDATE_DELETE_CLI],
    valid: &["end-of-life-date = \"2031-12-31\", then \"2032-12-31\""],
    invalid: &["end-of-life-date = \"2031-12-31\", then none"],
};

pub static SIG106: Rule = Rule {
    id: "SIG106",
    name: "gallery-fixed-property",
    group: RuleGroup::Gallery,
    severity: Severity::Error,
    summary: "A plan updates a gallery's description and tags only",
    explanation: "The documented update of a gallery changes its description. Its sharing is not an update: \
direct sharing (`Groups`) is set at creation and cannot be changed, and community sharing is turned on and off \
with `az sig share enable-community` and `az sig share reset`, which publish or withdraw every image it holds; \
soft delete has no parameter in `Update-AzGallery`. Make such a change by hand with those commands, or create a \
new gallery.",
    lenient: None,
    sources: &[UPDATE_DELETE_CLI, SHARE_COMMUNITY],
    valid: &["description = \"a\", then \"b\""],
    invalid: &[
        "permissions = \"Private\", then \"Community\"",
        "soft-delete = true, then false",
    ],
};

pub static SIG217: Rule = Rule {
    id: "SIG217",
    name: "image-definition-fixed-property",
    group: RuleGroup::ImageDefinition,
    severity: Severity::Error,
    summary: "An image definition's OS, generation, architecture, identifier, features and purchase plan cannot change",
    explanation: "The service refuses the update (\"Changing property 'galleryImage.properties.osType' is not \
allowed\"): what can be updated is the description, the end-of-life date, the recommended vCPUs and memory, and \
(as the API allows) the EULA, URIs, disallowed disk types and tags. OS type, OS state, Hyper-V generation, \
architecture, publisher, offer, SKU, the features (security type among them) and the purchase plan are fixed at \
creation. Create a new image definition (a new name, and a new publisher/offer/SKU) with the new values, and \
retire the old one.",
    lenient: None,
    sources: &[UPDATE_DELETE_CLI, IMAGE_DEFINITIONS, REST_SPEC],
    valid: &["description = \"a\", then \"b\""],
    invalid: &[
        "os-type = \"Linux\", then \"Windows\"",
        "hyper-v-generation = \"V1\", then \"V2\"",
    ],
};

pub static SIG315: Rule = Rule {
    id: "SIG315",
    name: "image-version-fixed-property",
    group: RuleGroup::Version,
    severity: Severity::Error,
    summary: "An image version's source, location, storage account type and replication mode cannot change",
    explanation: "The service refuses the update (\"Changing property \
'galleryImageVersion.properties.storageProfile.osDiskImage.source.id' is not allowed\"): what can be updated is \
the target regions, the replica counts, the exclusion from latest, the end-of-life date and tags. A version's \
source, data disks, host caching, location, storage account type and replication mode are fixed at creation. \
Publish a new version (the next version number) with the new values, and exclude the old one from latest.",
    lenient: None,
    sources: &[UPDATE_DELETE_CLI, IMAGE_DEFINITIONS, REST_SPEC],
    valid: &["replica-count = 1, then 2"],
    invalid: &[
        "managed-image = \"A\", then \"B\"",
        "replication-mode = \"Full\", then \"Shallow\"",
    ],
};

pub static SIG705: Rule = Rule {
    id: "SIG705",
    name: "vm-change",
    group: RuleGroup::Vm,
    severity: Severity::Error,
    summary: "A plan creates and deletes VMs; it does not change one",
    explanation: "A VM's image, region, administrator account and authentication are fixed when it is created, \
and its size, network and tags are changed with `az vm` commands outside the gallery's documented updates; \
recreating it in place would delete its disks. Give the changed VM a new name (the plan then creates it and \
deletes the old one), or change it by hand.",
    lenient: None,
    sources: &[UPDATE_DELETE_CLI, UPDATE_DELETE_PS],
    valid: &["the same VM in both specs"],
    invalid: &["image = \"g/d/1.0.0\", then \"g/d/2.0.0\""],
};
