//! The flags of the `az sig` commands, under the spec's keys.

use crate::resources::ResourceKind;

/// How `az sig` names its resources.
impl ResourceKind {
    /// The kind and verb of `az sig ...` from its positional words.
    pub(super) fn of_words(words: &[&str]) -> Option<(Self, &'static str)> {
        let (kind, verb) = match words {
            ["sig", verb] => (Self::Gallery, *verb),
            ["sig", "image-definition", verb] => (Self::ImageDefinition, *verb),
            ["sig", "image-version", verb] => (Self::ImageVersion, *verb),
            ["sig", "gallery-application", "version", verb] => (Self::ApplicationVersion, *verb),
            ["sig", "gallery-application", verb] => (Self::Application, *verb),
            _ => return None,
        };
        let verb = ["create", "update", "show", "delete"]
            .into_iter()
            .find(|known| *known == verb)?;
        Some((kind, verb))
    }

    /// The flags that name the resource and its parents, under the spec's keys (as azure-cli spells them,
    /// short forms included).
    pub(super) fn naming_flags(self) -> &'static [(&'static [&'static str], &'static str)] {
        const GALLERY: &[&str] = &["--gallery-name", "-r"];
        const DEFINITION: &[&str] = &["--gallery-image-definition", "-i"];
        match self {
            Self::Gallery => &[(GALLERY, "name")],
            Self::ImageDefinition => &[(GALLERY, "gallery"), (DEFINITION, "name")],
            Self::ImageVersion => &[
                (GALLERY, "gallery"),
                (DEFINITION, "image-definition"),
                (&["--gallery-image-version", "-e"], "name"),
            ],
            Self::Application => &[
                (&["--gallery-name"], "gallery"),
                (&["--application-name", "--name", "-n"], "name"),
            ],
            Self::ApplicationVersion => &[
                (&["--gallery-name"], "gallery"),
                (&["--application-name"], "application"),
                (&["--version-name", "--name", "-n"], "name"),
            ],
            Self::VirtualMachine | Self::RoleAssignment => &[],
        }
    }

    pub(super) fn flags(self) -> &'static [Field] {
        match self {
            Self::Gallery => GALLERY,
            Self::ImageDefinition => IMAGE_DEFINITION,
            Self::ImageVersion => IMAGE_VERSION,
            Self::Application => APPLICATION,
            Self::ApplicationVersion => APPLICATION_VERSION,
            Self::VirtualMachine | Self::RoleAssignment => &[],
        }
    }

    /// The `--set` paths of `az sig ... update` sigil has keys for, and those keys. Paths are compared
    /// ignoring case and `_` (az takes `release_note_uri` and `releaseNoteUri` alike); `[]` is an index.
    pub(super) fn set_paths(self) -> &'static [(&'static str, &'static [&'static str])] {
        match self {
            Self::Gallery => &[("description", &["description"])],
            Self::ImageDefinition | Self::Application => DESCRIBED,
            Self::ImageVersion => VERSION_SET_PATHS,
            Self::ApplicationVersion | Self::VirtualMachine | Self::RoleAssignment => &[],
        }
    }
}

/// The texts an image definition or application describes itself with.
const DESCRIBED: &[(&str, &[&str])] = &[
    ("description", &["description"]),
    ("eula", &["eula"]),
    ("privacystatementuri", &["privacy-statement-uri"]),
    ("releasenoteuri", &["release-note-uri"]),
    ("endoflifedate", &["end-of-life-date"]),
];

const VERSION_SET_PATHS: &[(&str, &[&str])] = &[
    (
        "publishingprofile.excludefromlatest",
        &["exclude-from-latest"],
    ),
    ("publishingprofile.endoflifedate", &["end-of-life-date"]),
    ("publishingprofile.replicacount", &["replica-count"]),
    (
        "publishingprofile.storageaccounttype",
        &["storage-account-type"],
    ),
    ("publishingprofile.replicationmode", &["replication-mode"]),
    (
        "publishingprofile.targetregions[].excludefromlatest",
        &["target-regions", "[]", "exclude-from-latest"],
    ),
    (
        "publishingprofile.targetregions[].regionalreplicacount",
        &["target-regions", "[]", "replica-count"],
    ),
    (
        "publishingprofile.targetregions[].storageaccounttype",
        &["target-regions", "[]", "storage-account-type"],
    ),
];

/// Flags that say where a resource goes (the resource group, read on its own) or how the command runs, not
/// what it makes: never listed as ignored.
pub(super) const QUIET: &[&str] = &[
    "--output",
    "-o",
    "--query",
    "--only-show-errors",
    "--verbose",
    "--debug",
    "--no-wait",
    "--subscription",
    "--yes",
    "-y",
    "--resource-group",
    "-g",
];

/// `az vm create`: the flags that become the spec's keys.
pub(super) const VM: &[Field] = &[
    (&["--name", "-n"], "name", Shape::Text),
    (&["--size"], "size", Shape::Text),
    (&["--admin-username"], "admin-username", Shape::Text),
    (
        &["--authentication-type"],
        "authentication-type",
        Shape::Text,
    ),
    (
        &["--ssh-key-values", "--ssh-key-value"],
        "ssh-key-value",
        Shape::Text,
    ),
    (&["--public-ip-address-dns-name"], "dns-label", Shape::Text),
    (&["--nsg-rule"], "nsg-rule", Shape::Text),
    (&["--location", "-l"], "location", Shape::Text),
    (&["--tags"], "tags", Shape::Tags),
];

/// `az vm create` flags read by the reader itself (the image, the public IP, the credentials) or that
/// follow from the image, as sigil derives them: the VM's security type from the image definition's.
pub(super) const VM_UNDERSTOOD: &[&str] = &[
    "--image",
    "--public-ip-address",
    "--admin-password",
    "--specialized",
    "--generate-ssh-keys",
    "--security-type",
    "--enable-secure-boot",
    "--enable-vtpm",
];

/// `az vm create` flags naming the network resources it makes, and the name az gives each by default
/// (`{vm}VNET`): written with that name, they say what az would do anyway.
pub(super) const VM_NETWORK_NAMES: &[(&str, &str)] = &[
    ("--vnet-name", "VNET"),
    ("--subnet", "Subnet"),
    ("--nsg", "NSG"),
    ("--public-ip-address", "PublicIP"),
];

/// `az role assignment create`: the flags that become the spec's keys.
pub(super) const ROLE_ASSIGNMENT: &[Field] = &[
    (&["--role"], "role", Shape::Text),
    (&["--assignee"], "assignee", Shape::Text),
    (&["--assignee-object-id"], "assignee-object-id", Shape::Text),
];

/// What a flag's values become.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    Text,
    Integer,
    Bool,
    /// `key=value ...`
    Tags,
    /// `SecurityType=X IsAcceleratedNetworkSupported=True DiskControllerTypes=SCSI,NVMe`
    Features,
    /// `name[=count[=type]] ...`
    Regions,
    /// `a b c` or `a,b,c`: an array of texts.
    List,
    /// A source: only its presence matters, an unknown value is kept as written.
    Present,
}

/// A flag (and its other spellings), the spec's key, and its shape.
pub(super) type Field = (&'static [&'static str], &'static str, Shape);

const GALLERY: &[Field] = &[
    (&["--description"], "description", Shape::Text),
    (&["--tags"], "tags", Shape::Tags),
    (&["--soft-delete"], "soft-delete", Shape::Bool),
];

const IMAGE_DEFINITION: &[Field] = &[
    (&["--publisher", "-p"], "publisher", Shape::Text),
    (&["--offer", "-f"], "offer", Shape::Text),
    (&["--sku", "-s"], "sku", Shape::Text),
    (&["--os-type"], "os-type", Shape::Text),
    (&["--os-state"], "os-state", Shape::Text),
    (&["--hyper-v-generation"], "hyper-v-generation", Shape::Text),
    (&["--architecture"], "architecture", Shape::Text),
    (&["--features"], "features", Shape::Features),
    (&["--minimum-cpu-core"], "minimum-cpu-core", Shape::Integer),
    (&["--maximum-cpu-core"], "maximum-cpu-core", Shape::Integer),
    (&["--minimum-memory"], "minimum-memory", Shape::Integer),
    (&["--maximum-memory"], "maximum-memory", Shape::Integer),
    (
        &["--disallowed-disk-types"],
        "disallowed-disk-types",
        Shape::List,
    ),
    (&["--plan-name"], "plan-name", Shape::Text),
    (&["--plan-product"], "plan-product", Shape::Text),
    (&["--plan-publisher"], "plan-publisher", Shape::Text),
    (&["--eula"], "eula", Shape::Text),
    (
        &["--privacy-statement-uri"],
        "privacy-statement-uri",
        Shape::Text,
    ),
    (&["--release-note-uri"], "release-note-uri", Shape::Text),
    (&["--description"], "description", Shape::Text),
    (&["--end-of-life-date"], "end-of-life-date", Shape::Text),
    (&["--tags"], "tags", Shape::Tags),
];

const IMAGE_VERSION: &[Field] = &[
    (&["--location", "-l"], "location", Shape::Text),
    (&["--managed-image"], "managed-image", Shape::Present),
    (&["--os-snapshot"], "os-snapshot", Shape::Present),
    (&["--virtual-machine"], "virtual-machine", Shape::Present),
    (&["--os-vhd-uri"], "os-vhd-uri", Shape::Present),
    (
        &["--os-vhd-storage-account"],
        "os-vhd-storage-account",
        Shape::Present,
    ),
    (&["--target-regions"], "target-regions", Shape::Regions),
    (&["--replica-count"], "replica-count", Shape::Integer),
    (
        &["--storage-account-type"],
        "storage-account-type",
        Shape::Text,
    ),
    (&["--replication-mode"], "replication-mode", Shape::Text),
    (
        &["--exclude-from-latest"],
        "exclude-from-latest",
        Shape::Bool,
    ),
    (&["--end-of-life-date"], "end-of-life-date", Shape::Text),
    (&["--tags"], "tags", Shape::Tags),
];

const APPLICATION: &[Field] = &[
    (&["--os-type"], "os-type", Shape::Text),
    (&["--description"], "description", Shape::Text),
    (&["--end-of-life-date"], "end-of-life-date", Shape::Text),
    (&["--tags"], "tags", Shape::Tags),
];

const APPLICATION_VERSION: &[Field] = &[
    (&["--location", "-l"], "location", Shape::Text),
    (
        &["--package-file-link"],
        "package-file-link",
        Shape::Present,
    ),
    (&["--install-command"], "install-command", Shape::Present),
    (&["--remove-command"], "remove-command", Shape::Present),
    (&["--target-regions"], "target-regions", Shape::Regions),
    (
        &["--exclude-from-latest"],
        "exclude-from-latest",
        Shape::Bool,
    ),
    (&["--end-of-life-date"], "end-of-life-date", Shape::Text),
    (&["--tags"], "tags", Shape::Tags),
];
