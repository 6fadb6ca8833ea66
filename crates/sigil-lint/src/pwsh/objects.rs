//! What the cmdlets a VM is assembled from return, as hashtables of the properties the reader follows:
//! `$config = New-AzVMConfig ...` then `$config = Set-AzVMSourceImage -VM $config ...` builds one table, and
//! `$nic.Id` of a network object is that object (so `-NetworkSecurityGroupId $nsg.Id` reads the NSG).

use std::ops::Range;

use super::{Binding, Pair, Reader, TsNode, Value, named};

/// The parameters of a cmdlet whose values its result keeps, under the result's keys.
type Kept = &'static [(&'static [&'static str], &'static str)];

/// Cmdlets whose result the reader follows: the positions of their positional parameters, the parameters
/// kept, and whether the result is a network object (its `Id` is itself).
const OBJECTS: &[(&str, &[&str], Kept, bool)] = &[
    (
        "New-AzResourceGroup",
        &["Name", "Location"],
        &[
            (&["Name", "ResourceGroupName"], "ResourceGroupName"),
            (&["Location"], "Location"),
        ],
        false,
    ),
    (
        "Get-AzResourceGroup",
        &["Name"],
        &[(&["Name", "ResourceGroupName"], "ResourceGroupName")],
        false,
    ),
    (
        "New-Object",
        &["TypeName", "ArgumentList"],
        &[
            (&["TypeName"], "TypeName"),
            (&["ArgumentList", "Args"], "ArgumentList"),
        ],
        false,
    ),
    (
        "New-AzNetworkSecurityRuleConfig",
        &[],
        &[
            (&["DestinationPortRange"], "DestinationPortRange"),
            (&["Access"], "Access"),
            (&["Direction"], "Direction"),
        ],
        false,
    ),
    (
        "New-AzNetworkSecurityGroup",
        &[],
        &[(&["SecurityRules"], "SecurityRules")],
        true,
    ),
    (
        "New-AzPublicIpAddress",
        &[],
        &[(&["DomainNameLabel"], "DomainNameLabel")],
        true,
    ),
    (
        "New-AzNetworkInterface",
        &[],
        &[
            (&["PublicIpAddressId", "PublicIpAddress"], "PublicIpAddress"),
            (
                &["NetworkSecurityGroupId", "NetworkSecurityGroup"],
                "NetworkSecurityGroup",
            ),
        ],
        true,
    ),
    (
        "New-AzVMConfig",
        &["VMName", "VMSize"],
        &[
            (&["VMName", "Name"], "VMName"),
            (&["VMSize", "Size"], "VMSize"),
        ],
        false,
    ),
];

/// The cmdlets that add to a VM configuration (`-VM $config`) and what they keep.
const CONFIGURATION: &[(&str, Kept)] = &[
    (
        "Set-AzVMSourceImage",
        &[(&["Id"], "Image"), (&["PublisherName"], "Marketplace")],
    ),
    (
        "Set-AzVMOperatingSystem",
        &[
            (&["Linux"], "Linux"),
            (&["Windows"], "Windows"),
            (&["Credential"], "Credential"),
            (
                &["DisablePasswordAuthentication"],
                "DisablePasswordAuthentication",
            ),
        ],
    ),
    ("Add-AzVMSshPublicKey", &[(&["KeyData"], "SshKey")]),
    ("Add-AzVMNetworkInterface", &[(&["Id"], "NetworkInterface")]),
    ("Set-AzVMOSDisk", &[]),
    ("Set-AzVMBootDiagnostic", &[]),
    ("Set-AzVMSecurityProfile", &[]),
    ("Set-AzVmUefi", &[]),
];

/// The value of the last binding of `aliases`.
pub(super) fn bound<'b>(bindings: &'b [Binding], aliases: &[&str]) -> Option<&'b Binding> {
    bindings.iter().rev().find(|b| named(aliases, &b.parameter))
}

fn kept(bindings: &[Binding], kept: Kept) -> Vec<Pair> {
    kept.iter()
        .filter_map(|(aliases, key)| {
            let binding = bound(bindings, aliases)?;
            Some(Pair {
                key: (*key).to_owned(),
                key_range: binding.key_range.clone(),
                value: binding.value.clone(),
            })
        })
        .collect()
}

/// `pairs` with `more` set over them.
fn merged(mut pairs: Vec<Pair>, more: Vec<Pair>) -> Vec<Pair> {
    for pair in more {
        pairs.retain(|known| !known.key.eq_ignore_ascii_case(&pair.key));
        pairs.push(pair);
    }
    pairs
}

impl Reader<'_> {
    /// The result of a cmdlet the reader follows, `None` for the others.
    pub(super) fn object(&self, cmdlet: &str, command: TsNode) -> Option<Value> {
        let cmdlet = cmdlet.rsplit('\\').next().unwrap_or(cmdlet);
        let range = command.byte_range();
        if let Some((name, positions, keep, network)) = OBJECTS
            .iter()
            .find(|(name, ..)| name.eq_ignore_ascii_case(cmdlet))
        {
            let (bindings, _) = self.bindings(command, positions, name);
            let pairs = kept(&bindings, keep);
            return Some(if *network {
                network_object(pairs, range)
            } else {
                Value::Table(pairs, range)
            });
        }
        let (name, keep) = CONFIGURATION
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(cmdlet))?;
        let (bindings, _) = self.bindings(command, &[], name);
        let base = match bound(&bindings, &["VM"]).map(|b| &b.value) {
            Some(Value::Table(pairs, _)) => pairs.clone(),
            _ => return None,
        };
        Some(Value::Table(merged(base, kept(&bindings, keep)), range))
    }
}

/// A network object whose `Id` is itself, so that what refers to it by id reads its properties.
fn network_object(pairs: Vec<Pair>, range: Range<usize>) -> Value {
    let itself = Value::Table(pairs.clone(), range.clone());
    let mut pairs = pairs;
    pairs.push(Pair {
        key: "Id".to_owned(),
        key_range: range.clone(),
        value: itself,
    });
    Value::Table(pairs, range)
}
