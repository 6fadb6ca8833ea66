//! Properties that take one of a fixed set of values. Parsing ignores case, as Azure Resource Manager
//! does; writing always uses the ARM schema's spelling, so every output states the same value.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::rule::Rule;
use crate::rules::{SIG004, SIG314};
use crate::suggest::closest;

/// A value that is none of a property's allowed values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ValueError {
    pub property: &'static str,
    pub value: String,
    pub allowed: &'static [&'static str],
    pub rule: &'static Rule,
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} `{}` is not one of {}",
            self.rule.id,
            self.property,
            self.value,
            self.allowed.join(", ")
        )?;
        if let Some(suggestion) = closest(&self.value, self.allowed.iter().copied()) {
            write!(f, "; did you mean `{suggestion}`?")?;
        }
        Ok(())
    }
}

macro_rules! value_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $property:literal, $rule:expr, {
            $($(#[$variant_meta:meta])* $variant:ident => $spelling:literal $(| $alias:literal)*),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$variant_meta])* $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub const SPELLINGS: &'static [&'static str] = &[$($spelling),+];
            pub const PROPERTY: &'static str = $property;

            /// The ARM schema's spelling.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $spelling),+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = ValueError;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                $(
                    if value.eq_ignore_ascii_case($spelling) $(|| value.eq_ignore_ascii_case($alias))* {
                        return Ok($name::$variant);
                    }
                )+
                Err(ValueError {
                    property: $property,
                    value: value.to_owned(),
                    allowed: Self::SPELLINGS,
                    rule: &$rule,
                })
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                value.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

value_enum! {
    /// The operating system of an image or application.
    OsType, "os-type", SIG004, { Windows => "Windows", Linux => "Linux" }
}

value_enum! {
    /// Whether an image was generalized (sysprep, waagent -deprovision) or kept as it was.
    OsState, "os-state", SIG004, { Generalized => "Generalized", Specialized => "Specialized" }
}

value_enum! {
    /// The Hyper-V generation of the VMs an image runs on.
    HyperVGeneration, "hyper-v-generation", SIG004, { V1 => "V1", V2 => "V2" }
}

value_enum! {
    /// The CPU architecture of an image.
    Architecture, "architecture", SIG004, { X64 => "x64", Arm64 => "Arm64" }
}

value_enum! {
    /// The `SecurityType` feature of an image definition.
    SecurityType, "security-type", SIG004, {
        Standard => "Standard",
        TrustedLaunch => "TrustedLaunch",
        TrustedLaunchSupported => "TrustedLaunchSupported",
        ConfidentialVm => "ConfidentialVM",
        ConfidentialVmSupported => "ConfidentialVmSupported",
        TrustedLaunchAndConfidentialVmSupported => "TrustedLaunchAndConfidentialVmSupported",
    }
}

impl SecurityType {
    /// Types a VM must use as they are, as opposed to the `*Supported` ones an image merely allows.
    /// Only private galleries may hold them.
    pub fn is_private_only(self) -> bool {
        matches!(
            self,
            SecurityType::TrustedLaunch | SecurityType::ConfidentialVm
        )
    }
}

value_enum! {
    /// A disk controller an image supports.
    DiskControllerType, "disk-controller-types", SIG004, { Scsi => "SCSI", Nvme => "NVMe" }
}

value_enum! {
    /// The storage of an image version's replicas.
    StorageAccountType, "storage-account-type", SIG314, {
        StandardLrs => "Standard_LRS",
        StandardZrs => "Standard_ZRS",
        PremiumLrs => "Premium_LRS",
        PremiumV2Lrs => "PremiumV2_LRS",
    }
}

value_enum! {
    /// Whether an image version is replicated (Full) or kept in its source region (Shallow).
    ReplicationMode, "replication-mode", SIG004, { Full => "Full", Shallow => "Shallow" }
}

value_enum! {
    /// Disk host caching of an image version's OS or data disk.
    HostCaching, "host-caching", SIG004, { None => "None", ReadOnly => "ReadOnly", ReadWrite => "ReadWrite" }
}

value_enum! {
    /// Who a gallery is shared with beyond role assignments.
    SharingPermission, "permissions", SIG004, { Private => "Private", Groups => "Groups", Community => "Community" }
}

value_enum! {
    /// The inbound rule `az vm create --nsg-rule` opens on a VM's network security group.
    NsgRule, "nsg-rule", SIG004, { Ssh => "SSH", Rdp => "RDP", None => "None" }
}

value_enum! {
    /// How a VM's administrator signs in.
    AuthenticationType, "authentication-type", SIG004, { Ssh => "ssh", Password => "password" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsing_ignores_case_and_writing_uses_the_schema_spelling() {
        assert_eq!("linux".parse::<OsType>(), Ok(OsType::Linux));
        assert_eq!(
            "CONFIDENTIALVMSUPPORTED".parse::<SecurityType>(),
            Ok(SecurityType::ConfidentialVmSupported)
        );
        assert_eq!(SecurityType::ConfidentialVm.to_string(), "ConfidentialVM");
        assert_eq!(
            "nvme".parse::<DiskControllerType>().map(|t| t.to_string()),
            Ok("NVMe".to_owned())
        );
    }

    #[test]
    fn unknown_values_name_the_allowed_ones_and_suggest_the_closest() {
        let error = "Linx".parse::<OsType>().unwrap_err();
        assert_eq!(error.rule.id, "SIG004");
        assert_eq!(
            error.to_string(),
            "SIG004 os-type `Linx` is not one of Windows, Linux; did you mean `Linux`?"
        );
        let error = "StandardSSD_LRS".parse::<StorageAccountType>().unwrap_err();
        assert_eq!(error.rule.id, "SIG314");
    }

    #[test]
    fn serde_round_trips_in_schema_spelling() {
        let parsed: Architecture = serde_json::from_str("\"arm64\"").unwrap();
        assert_eq!(serde_json::to_string(&parsed).unwrap(), "\"Arm64\"");
        let error = serde_json::from_str::<Architecture>("\"x86\"")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("architecture `x86` is not one of x64, Arm64"),
            "{error}"
        );
    }
}
