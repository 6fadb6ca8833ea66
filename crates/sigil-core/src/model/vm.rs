//! A virtual machine created from a gallery image, and the defaults sigil applies to it.

use serde::{Deserialize, Serialize};

use crate::Validate;
use crate::model::common::{ImageReference, Region, Tags};
use crate::model::image_definition::ImageDefinition;
use crate::model::parameters::VmParameters;
use crate::model::values::{Architecture, AuthenticationType, NsgRule, OsState, OsType};
use crate::rules::vm as rules;
#[cfg(feature = "schema")]
use crate::schema::defaults;

/// A VM, keyed as `az vm create` names its flags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[validate(check = rules::check_dns_label)]
pub struct Vm {
    /// The VM's name (`az vm create --name`): 1 to 64 characters, 15 for Windows images, without spaces or
    /// special characters, not starting with `_` nor ending with `.` or `-` (SIG703).
    #[validate(check = rules::check_name)]
    pub name: String,
    /// The image (`--image`): `GALLERY/DEFINITION` for the latest version, or `GALLERY/DEFINITION/VERSION`,
    /// of the spec (SIG003); latest needs a version it can name (SIG706).
    pub image: ImageReference,
    /// The VM size (`--size`). When omitted: `Standard_D2s_v5` for x64 images, `Standard_D2ps_v5` for Arm64
    /// (both generation 2). Fixed once created (SIG705).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
    /// The administrator's user name (`--admin-username`): required for generalized images (SIG702), refused
    /// for specialized ones, which keep the accounts they were captured with (SIG701).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin_username: Option<String>,
    /// How the administrator signs in (`--authentication-type`): `ssh` (Linux only, with `ssh-key-value`) or
    /// `password` (SIG702); `ssh` on Linux and `password` on Windows when omitted. Not for specialized images
    /// (SIG701).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication_type: Option<AuthenticationType>,
    /// The public key for `ssh` authentication (`--ssh-key-values`; SIG702). A password is never written in a
    /// spec: the outputs take it as a secure parameter or from an environment variable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssh_key_value: Option<String>,
    /// Give the VM a public IP address (`--public-ip-address`). Off unless asked: nothing is open to the
    /// internet by default.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = defaults::flag())))]
    pub public_ip: bool,
    /// The DNS name label of the public IP (`az vm create --public-ip-address-dns-name`): the VM is reached
    /// at `LABEL.REGION.cloudapp.azure.com`. Needs `public-ip`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_label: Option<String>,
    /// The inbound rule of the VM's network security group, as `az vm create --nsg-rule`: by default SSH on
    /// Linux and RDP on Windows for a VM with a public IP, none otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nsg_rule: Option<NsgRule>,
    /// The resource group of the VM (`--resource-group`), when it differs from the spec's; the spec's when
    /// omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_group: Option<String>,
    /// Where the VM runs (`--location`); the resource group's location when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Region>,
    /// Resource tags (`--tags`): a table of strings.
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
    /// The template parameters that carry this resource's values in the ARM template and Bicep file, by key.
    #[serde(default, skip_serializing_if = "VmParameters::is_empty")]
    pub parameters: VmParameters,
}

/// The default size for x64 images: generation 2 and trusted launch capable.
pub const DEFAULT_X64_SIZE: &str = "Standard_D2s_v5";
/// The default size for Arm64 images (Dpsv5, generation 2 only).
pub const DEFAULT_ARM64_SIZE: &str = "Standard_D2ps_v5";

impl Vm {
    /// The size every output states: the spec's, or a generation 2 size of the image's architecture.
    pub fn size(&self, definition: &ImageDefinition) -> &str {
        self.size
            .as_deref()
            .unwrap_or(match definition.architecture() {
                Architecture::X64 => DEFAULT_X64_SIZE,
                Architecture::Arm64 => DEFAULT_ARM64_SIZE,
            })
    }

    /// The inbound rule of the VM's network security group: the spec's, else SSH on Linux and RDP on Windows
    /// for a VM with a public IP, else none (nothing is open by default).
    pub fn nsg_rule(&self, os_type: OsType) -> NsgRule {
        self.nsg_rule.unwrap_or(match (self.public_ip, os_type) {
            (false, _) => NsgRule::None,
            (true, OsType::Linux) => NsgRule::Ssh,
            (true, OsType::Windows) => NsgRule::Rdp,
        })
    }

    /// How the admin signs in, for generalized images: the spec's, else SSH keys on Linux and a password
    /// on Windows. `None` for specialized images, which take no credentials.
    pub fn authentication_type(&self, definition: &ImageDefinition) -> Option<AuthenticationType> {
        if definition.os_state == OsState::Specialized {
            return None;
        }
        Some(
            self.authentication_type
                .unwrap_or(match definition.os_type {
                    OsType::Linux => AuthenticationType::Ssh,
                    OsType::Windows => AuthenticationType::Password,
                }),
        )
    }
}
