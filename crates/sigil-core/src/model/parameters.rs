//! Template parameters: the ARM template and Bicep file take a resource's name (and a few other values) from
//! a parameter, so that a deployer can change it with a parameters file. sigil names those parameters itself
//! (`galleryName`, `vm2AdminUsername`) unless a resource's `parameters` table names them, which keeps the
//! names of templates people already deploy (`existingGalleryName`, `dnsLabelPrefix`).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::rules::SIG012;

/// Bicep keywords and literals, and the namespaces Bicep reserves (`az`, `sys`: BCP084), which cannot name a
/// parameter.
const KEYWORDS: &[&str] = &[
    "metadata",
    "param",
    "var",
    "resource",
    "module",
    "output",
    "existing",
    "if",
    "for",
    "in",
    "targetScope",
    "import",
    "using",
    "type",
    "func",
    "true",
    "false",
    "null",
    "assert",
    "extension",
    "with",
    "as",
    "az",
    "sys",
];

/// The longest parameter name ARM accepts.
const MAX_LENGTH: usize = 255;

/// A template parameter's name: a Bicep identifier (a letter or `_`, then letters, digits and `_`), which ARM
/// accepts as it is. Names are compared without regard to case, as ARM compares them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ParameterName(String);

/// Why a text is no parameter name; its display starts with the rule id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} template parameter name `{name}` {problem}", SIG012.id)]
pub struct ParameterNameError {
    pub name: String,
    pub problem: &'static str,
}

impl ParameterName {
    pub fn parse(name: &str) -> Result<Self, ParameterNameError> {
        match name_problem(name) {
            None => Ok(Self(name.to_owned())),
            Some(problem) => Err(ParameterNameError {
                name: name.to_owned(),
                problem,
            }),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn name_problem(name: &str) -> Option<&'static str> {
    let mut bytes = name.bytes();
    let Some(first) = bytes.next() else {
        return Some("is empty");
    };
    if !(first.is_ascii_alphabetic() || first == b'_') {
        return Some("must start with a letter or `_`");
    }
    if !bytes.all(|byte| byte.is_ascii_alphanumeric() || byte == b'_') {
        return Some("may hold only letters, digits and `_`");
    }
    if name.len() > MAX_LENGTH {
        return Some("is longer than 255 characters");
    }
    if KEYWORDS.contains(&name) {
        return Some("is a Bicep keyword or reserved namespace");
    }
    None
}

impl fmt::Display for ParameterName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for ParameterName {
    type Err = ParameterNameError;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::parse(name)
    }
}

impl Serialize for ParameterName {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ParameterName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Self::parse(&name).map_err(serde::de::Error::custom)
    }
}

/// A kind of resource whose values templates take from parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResourceKind {
    Gallery,
    ImageDefinition,
    ImageVersion,
    RoleAssignment,
    Vm,
}

impl ResourceKind {
    /// The stem of the kind's Bicep symbols and default parameter names.
    fn stem(self) -> &'static str {
        match self {
            ResourceKind::Gallery => "gallery",
            ResourceKind::ImageDefinition => "imageDefinition",
            ResourceKind::ImageVersion => "imageVersion",
            ResourceKind::RoleAssignment => "roleAssignment",
            ResourceKind::Vm => "vm",
        }
    }

    /// The kind's table array in a spec.
    pub fn array(self) -> &'static str {
        match self {
            ResourceKind::Gallery => "gallery",
            ResourceKind::ImageDefinition => "image-definition",
            ResourceKind::ImageVersion => "image-version",
            ResourceKind::RoleAssignment => "role-assignment",
            ResourceKind::Vm => "vm",
        }
    }

    /// The keys its `parameters` table takes.
    pub fn parameter_keys(self) -> &'static [&'static str] {
        match self {
            ResourceKind::Gallery | ResourceKind::ImageDefinition => &["name"],
            ResourceKind::ImageVersion => &["name", "managed-image"],
            ResourceKind::RoleAssignment => &["assignee-object-id"],
            ResourceKind::Vm => &[
                "name",
                "size",
                "admin-username",
                "admin-password",
                "dns-label",
            ],
        }
    }

    /// The Bicep symbol of the `index`-th (from 0) resource of the kind, and the stem of the variables the
    /// scripts hold it in: `gallery`, `gallery2`, `gallery3`...
    pub fn symbol(self, index: usize) -> String {
        if index == 0 {
            self.stem().to_owned()
        } else {
            format!("{}{}", self.stem(), index + 1)
        }
    }

    /// The parameter sigil names for `key` of the `index`-th resource of the kind when its `parameters`
    /// table names none: `galleryName`, `roleAssignment2PrincipalId`, `vmAdminPassword`. `None` for keys
    /// written as literals unless the spec names a parameter (`size`, `dns-label`, `managed-image`).
    pub fn default_parameter(self, index: usize, key: &str) -> Option<String> {
        let suffix = match (self, key) {
            (ResourceKind::RoleAssignment, "assignee-object-id") => "PrincipalId",
            (ResourceKind::RoleAssignment, _) => return None,
            (ResourceKind::Vm, "admin-username") => "AdminUsername",
            (ResourceKind::Vm, "admin-password") => "AdminPassword",
            (_, "name") => "Name",
            _ => return None,
        };
        Some(format!("{}{suffix}", self.symbol(index)))
    }
}

/// The suffixes of the Bicep symbols of a VM's resources, lowercased.
const VM_SYMBOL_SUFFIXES: &[&str] = &[
    "",
    "virtualnetwork",
    "networksecuritygroup",
    "publicip",
    "networkinterface",
    "deployment",
];

/// Whether `name` is one sigil's templates use for something other than a resource's own parameters: the
/// `location` parameter, the image id a nested deployment takes, the parameters holding other resource
/// groups' names (`vmResourceGroup2Name`), role definition variables (`readerRoleDefinitionId`) and Bicep
/// symbols (`gallery`, `vm2NetworkInterface`). Compared without regard to case, as ARM compares names.
pub fn is_reserved(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if matches!(lower.as_str(), "location" | "imageid") || lower.ends_with("roledefinitionid") {
        return true;
    }
    if numbered_between(&lower, "vmresourcegroup", "name") {
        return true;
    }
    let kinds = [
        ResourceKind::Gallery,
        ResourceKind::ImageDefinition,
        ResourceKind::ImageVersion,
        ResourceKind::RoleAssignment,
    ];
    kinds
        .iter()
        .any(|kind| numbered_between(&lower, &kind.stem().to_ascii_lowercase(), ""))
        || VM_SYMBOL_SUFFIXES
            .iter()
            .any(|suffix| numbered_between(&lower, "vm", suffix))
}

/// `{prefix}{suffix}` or `{prefix}{N}{suffix}` for a number N of at least 2.
fn numbered_between(text: &str, prefix: &str, suffix: &str) -> bool {
    let Some(middle) = text
        .strip_prefix(prefix)
        .and_then(|rest| rest.strip_suffix(suffix))
    else {
        return false;
    };
    middle.is_empty()
        || (middle.bytes().all(|byte| byte.is_ascii_digit())
            && !middle.starts_with('0')
            && middle != "1")
}

macro_rules! parameter_table {
    (
        $(#[$meta:meta])*
        $name:ident, $kind:expr, { $($(#[$field_meta:meta])* $field:ident => $key:literal),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(rename_all = "kebab-case", deny_unknown_fields)]
        pub struct $name {
            $(
                $(#[$field_meta])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $field: Option<ParameterName>,
            )+
        }

        impl $name {
            pub const KIND: ResourceKind = $kind;

            pub fn is_empty(&self) -> bool {
                *self == Self::default()
            }

            /// The parameters the table names, by spec key, in the order of [`ResourceKind::parameter_keys`].
            pub fn entries(&self) -> Vec<(&'static str, &ParameterName)> {
                let mut entries = Vec::new();
                $(
                    if let Some(name) = &self.$field {
                        entries.push(($key, name));
                    }
                )+
                entries
            }

            /// The parameter the table names for `key`.
            pub fn get(&self, key: &str) -> Option<&ParameterName> {
                match key {
                    $($key => self.$field.as_ref(),)+
                    _ => None,
                }
            }

            /// The parameter that carries `key` of the `index`-th resource of the kind: the table's, else
            /// sigil's default name, else `None` (the value is written as a literal).
            pub fn resolve(&self, index: usize, key: &str) -> Option<String> {
                self.get(key)
                    .map(|name| name.as_str().to_owned())
                    .or_else(|| Self::KIND.default_parameter(index, key))
            }
        }
    };
}

parameter_table! {
    /// A gallery's `parameters`.
    GalleryParameters, ResourceKind::Gallery, {
        /// The template parameter that carries the name; `galleryName` (`gallery2Name`... for later ones)
        /// when omitted. A Bicep identifier (SIG012) that carries one value (SIG013).
        name => "name",
    }
}

parameter_table! {
    /// An image definition's `parameters`.
    ImageDefinitionParameters, ResourceKind::ImageDefinition, {
        /// The template parameter that carries the name; `imageDefinitionName` (`imageDefinition2Name`... for
        /// later ones) when omitted. A Bicep identifier (SIG012) that carries one value (SIG013).
        name => "name",
    }
}

parameter_table! {
    /// An image version's `parameters`.
    ImageVersionParameters, ResourceKind::ImageVersion, {
        /// The template parameter that carries the name; `imageVersionName` (`imageVersion2Name`... for later
        /// ones) when omitted. A Bicep identifier (SIG012) that carries one value (SIG013).
        name => "name",
        /// The managed image (or other gallery image version) the version is made from.
        managed_image => "managed-image",
    }
}

parameter_table! {
    /// A role assignment's `parameters`.
    RoleAssignmentParameters, ResourceKind::RoleAssignment, {
        /// The principal's object id, which ARM and Bicep take.
        assignee_object_id => "assignee-object-id",
    }
}

parameter_table! {
    /// A VM's `parameters`.
    VmParameters, ResourceKind::Vm, {
        /// The template parameter that carries the name; `vmName` (`vm2Name`... for later ones) when
        /// omitted. A Bicep identifier (SIG012) that carries one value (SIG013).
        name => "name",
        /// The template parameter that carries the VM's size; the size is written as a literal when omitted
        /// (SIG012, SIG013, SIG014).
        size => "size",
        /// The template parameter that carries the administrator's user name; `vmAdminUsername`
        /// (`vm2AdminUsername`...) when omitted (SIG012, SIG013).
        admin_username => "admin-username",
        /// The secure parameter of the administrator's password, which is never defaulted.
        admin_password => "admin-password",
        /// The template parameter that carries the public IP's DNS label; the label is written as a literal
        /// when omitted, and naming one needs a `dns-label` (SIG014).
        dns_label => "dns-label",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_names_are_bicep_identifiers() {
        for good in ["galleryName", "_x", "dnsLabelPrefix", "a1_b2"] {
            assert!(ParameterName::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "1abc",
            "gallery-name",
            "my name",
            "param",
            "null",
            "sys",
            "é",
        ] {
            let error = ParameterName::parse(bad).unwrap_err();
            assert!(error.to_string().starts_with("SIG012 "), "{error}");
        }
        assert!(ParameterName::parse(&"a".repeat(256)).is_err());
    }

    #[test]
    fn default_names_number_later_resources() {
        assert_eq!(
            ResourceKind::Gallery
                .default_parameter(0, "name")
                .as_deref(),
            Some("galleryName")
        );
        assert_eq!(
            ResourceKind::Vm
                .default_parameter(2, "admin-password")
                .as_deref(),
            Some("vm3AdminPassword")
        );
        assert_eq!(
            ResourceKind::RoleAssignment
                .default_parameter(1, "assignee-object-id")
                .as_deref(),
            Some("roleAssignment2PrincipalId")
        );
        assert_eq!(ResourceKind::Vm.default_parameter(0, "size"), None);
        assert_eq!(
            ResourceKind::RoleAssignment.default_parameter(0, "name"),
            None
        );
    }

    #[test]
    fn sigils_own_identifiers_are_reserved() {
        for reserved in [
            "location",
            "Location",
            "imageId",
            "vmResourceGroupName",
            "vmResourceGroup3Name",
            "readerRoleDefinitionId",
            "gallery",
            "imageDefinition2",
            "vm12NetworkInterface",
            "vmDeployment",
        ] {
            assert!(is_reserved(reserved), "{reserved}");
        }
        for free in [
            "galleryName",
            "vmName",
            "vm1",
            "vm02",
            "existingGalleryName",
            "adminUsername",
        ] {
            assert!(!is_reserved(free), "{free}");
        }
    }

    #[test]
    fn tables_resolve_to_their_entry_or_the_default() {
        let table = VmParameters {
            size: Some(ParameterName::parse("vmSize").unwrap()),
            ..VmParameters::default()
        };
        assert_eq!(table.resolve(0, "size").as_deref(), Some("vmSize"));
        assert_eq!(table.resolve(1, "name").as_deref(), Some("vm2Name"));
        assert_eq!(table.resolve(0, "dns-label"), None);
        assert_eq!(table.entries().len(), 1);
    }
}
