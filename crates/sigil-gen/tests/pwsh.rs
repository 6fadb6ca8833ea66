//! The Az PowerShell output: snapshots of every example, the properties each example sets, and values that
//! must stay inside their quoting, checked with a real PowerShell grammar (tree-sitter-powershell).

use proptest::prelude::*;
use sigil_core::model::Spec;
use sigil_gen::quote;
use sigil_gen::{Format, Options, Plan, render};
use tree_sitter::{Node, Parser, Tree};

mod common;

use common::{EXISTING_VERSION, example_names, example_text, options};

fn render_spec(text: &str, options: &Options) -> String {
    let spec: Spec = toml::from_str(text).expect("the spec deserialises");
    let plan = Plan::new(&spec).expect("the spec plans");
    render(&plan, Format::Pwsh, options).expect("deploy.ps1 renders")
}

fn example(name: &str) -> String {
    render_spec(&example_text(name), &options())
}

fn parse(source: &str) -> Tree {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_powershell::LANGUAGE.into())
        .expect("the PowerShell grammar loads");
    parser.parse(source, None).expect("tree-sitter parses")
}

/// Every node of the tree, depth first.
fn nodes(tree: &Tree) -> Vec<Node<'_>> {
    let mut all = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        all.push(node);
        let mut cursor = node.walk();
        stack.extend(node.children(&mut cursor));
    }
    all
}

/// Syntax errors, as `line:column: text`.
fn syntax_errors(source: &str, tree: &Tree) -> Vec<String> {
    nodes(tree)
        .into_iter()
        .filter(|node| node.is_error() || node.is_missing())
        .map(|node| {
            let at = node.start_position();
            format!(
                "{}:{}: {:?}",
                at.row + 1,
                at.column + 1,
                &source[node.byte_range()]
            )
        })
        .collect()
}

fn is_single_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}')
}

/// The value of a verbatim string literal as PowerShell's tokenizer reads it: inside the quotes, any single
/// quote character (`'` and `‘ ’ ‚ ‛`) ends the string unless another follows it, and the pair stands for
/// the second. `None` when a quote character would end the string early.
fn verbatim_value(literal: &str) -> Option<String> {
    let inner = literal.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut value = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if is_single_quote(c) {
            let next = chars.next().filter(|&next| is_single_quote(next))?;
            value.push(next);
        } else {
            value.push(c);
        }
    }
    Some(value)
}

/// Every verbatim string of the script, read as PowerShell reads it.
fn verbatim_strings(source: &str, tree: &Tree) -> Vec<String> {
    nodes(tree)
        .into_iter()
        .filter(|node| node.kind() == "verbatim_string_characters")
        .map(|node| {
            let literal = &source[node.byte_range()];
            verbatim_value(literal)
                .unwrap_or_else(|| panic!("{literal} is not one verbatim string"))
        })
        .collect()
}

/// The commands the script runs.
fn command_names(source: &str, tree: &Tree) -> Vec<String> {
    nodes(tree)
        .into_iter()
        .filter(|node| node.kind() == "command_name")
        .map(|node| source[node.byte_range()].to_owned())
        .collect()
}

/// The cmdlets a generated script may run.
const CMDLETS: &[&str] = &[
    "New-AzResourceGroup",
    "New-AzGallery",
    "New-AzResource",
    "Get-AzGallery",
    "New-AzGalleryImageDefinition",
    "Get-AzGalleryImageDefinition",
    "New-AzGalleryImageVersion",
    "Get-AzGalleryImageVersion",
    "Get-AzADUser",
    "Get-AzADServicePrincipal",
    "New-AzRoleAssignment",
    "Out-Null",
    "ConvertTo-SecureString",
    "New-AzVirtualNetworkSubnetConfig",
    "New-AzVirtualNetwork",
    "New-AzPublicIpAddress",
    "New-AzNetworkSecurityRuleConfig",
    "New-AzNetworkSecurityGroup",
    "New-AzNetworkInterface",
    "New-AzVMConfig",
    "Set-AzVMOperatingSystem",
    "Set-AzVMSourceImage",
    "Set-AzVMOSDisk",
    "Set-AzVMSecurityProfile",
    "Set-AzVMUefi",
    "Set-AzVMBootDiagnostic",
    "Add-AzVMNetworkInterface",
    "Add-AzVMSshPublicKey",
    "New-AzVM",
    "New-Object",
];

fn assert_well_formed(name: &str, script: &str) {
    let tree = parse(script);
    let errors = syntax_errors(script, &tree);
    assert!(
        errors.is_empty(),
        "{name}: syntax errors {errors:?}\n{script}"
    );
    for command in command_names(script, &tree) {
        assert!(
            CMDLETS.contains(&command.as_str()),
            "{name}: runs `{command}`\n{script}"
        );
    }
    let lines: Vec<&str> = script.lines().collect();
    for (index, line) in lines.iter().enumerate() {
        assert!(
            !line.ends_with(' '),
            "{name}:{}: trailing space: {line:?}",
            index + 1
        );
        if line.ends_with('`') {
            let next = lines.get(index + 1).copied().unwrap_or_default();
            assert!(
                next.starts_with("   -"),
                "{name}:{}: a continuation not followed by a parameter",
                index + 1
            );
        }
    }
}

#[test]
fn every_example_matches_its_snapshot() {
    for name in &example_names() {
        insta::assert_snapshot!(name.as_str(), example(name));
    }
}

#[test]
fn every_example_parses_runs_only_known_cmdlets_and_continues_lines_cleanly() {
    for name in &example_names() {
        assert_well_formed(name, &example(name));
    }
}

#[test]
fn the_script_is_deterministic() {
    for name in &example_names() {
        assert_eq!(example(name), example(name), "{name}");
    }
}

#[test]
fn the_header_names_the_spec_and_stops_on_the_first_error() {
    let script = example("seed");
    assert!(
        script.starts_with("# Generated by sigil from 'sigil.toml'"),
        "{script}"
    );
    assert!(script.contains("\n$ErrorActionPreference = 'Stop'\n"));
}

/// The seed scenario holds the PowerShell doc's cmdlets and parameters, plus the explicit defaults.
#[test]
fn the_seed_holds_the_documented_cmdlets() {
    let script = example("seed");
    for fragment in [
        "$resourceGroup = New-AzResourceGroup -Name 'myGalleryRG' -Location 'eastus' -Force\n",
        "$gallery = New-AzGallery `\n   -GalleryName 'myGallery' `\n   -ResourceGroupName $resourceGroup.ResourceGroupName `\n   -Location 'eastus'\n",
        "$imageDefinition = New-AzGalleryImageDefinition `\n   -GalleryName $gallery.Name `\n",
        "   -Name 'myImageDefinition' `\n   -Publisher 'myPublisher' `\n   -Offer 'myOffer' `\n   -Sku '16.04-LTS' `\n   -OsType Linux `\n   -OsState Specialized `\n",
        // the default New-AzGalleryImageDefinition would apply, stated so the template and the script agree
        "   -HyperVGeneration 'V2' `\n   -Architecture 'x64' `\n   -Feature @(\n      @{ Name = 'SecurityType'; Value = 'TrustedLaunchSupported' }\n   )\n",
        "# Hyper-V generation V2 and SecurityType TrustedLaunchSupported: sigil's explicit defaults",
        "New-AzRoleAssignment `\n   -ObjectId '11111111-2222-3333-4444-555555555555' `\n   -RoleDefinitionName 'Reader' `\n   -Scope $gallery.Id | Out-Null\n",
    ] {
        assert!(
            script.contains(fragment),
            "missing {fragment:?} in\n{script}"
        );
    }
    assert!(!script.contains("New-AzGalleryImageVersion"));
    assert!(
        !script.contains("SIGIL_ADMIN_PASSWORD"),
        "no VM, no password"
    );
}

#[test]
fn every_gallery_and_definition_property_of_the_windows_example_is_sent() {
    let script = example("windows-trusted-launch");
    for fragment in [
        // soft delete has no New-AzGallery parameter: the gallery is created with its full body
        "$null = New-AzResource `\n   -ResourceGroupName $resourceGroup.ResourceGroupName `\n   -ResourceType 'Microsoft.Compute/galleries' `\n   -ResourceName 'corp.images_prod' `\n   -ApiVersion '2025-03-03' `\n   -Location 'westeurope' `\n",
        "   -Tag @{ 'costCenter' = '4711'; 'owner' = 'platform' } `\n   -Properties @{\n      description = 'Golden images for the platform team'\n      softDeletePolicy = @{ isSoftDeleteEnabled = $true }\n   } `\n   -Force\n",
        "$gallery = Get-AzGallery -ResourceGroupName $resourceGroup.ResourceGroupName -Name 'corp.images_prod'\n",
        "   -OsType Windows `\n   -OsState Generalized `\n   -HyperVGeneration 'V2' `\n   -Architecture 'x64' `\n",
        "      @{ Name = 'SecurityType'; Value = 'TrustedLaunch' },\n      @{ Name = 'IsAcceleratedNetworkSupported'; Value = 'True' },\n      @{ Name = 'DiskControllerTypes'; Value = 'SCSI,NVMe' }\n",
        "   -MinimumVCPU 2 `\n   -MaximumVCPU 32 `\n   -MinimumMemory 4 `\n   -MaximumMemory 128 `\n",
        "   -EndOfLifeDate '2031-12-31T00:00:00Z' `\n",
        "   -Eula 'https://contoso.example/eula' `\n",
        "   -PrivacyStatementUri 'https://contoso.example/privacy' `\n",
        "   -ReleaseNoteUri 'https://contoso.example/notes' `\n",
        "   -Description 'Windows Server 2022 Datacenter Azure Edition, hardened' `\n",
        "   -Tag @{ 'os' = 'windows' }\n",
        "   -SourceImageId '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-build/providers/Microsoft.Compute/images/win2022-build-118' `\n",
        "   -ReplicaCount 1 `\n   -StorageAccountType 'Standard_LRS' `\n   -ReplicationMode 'Full' `\n",
        "   -TargetRegion @(\n      @{ Name = 'westeurope'; ReplicaCount = 3; StorageAccountType = 'Standard_ZRS' },\n      @{ Name = 'northeurope'; ReplicaCount = 2 }\n   ) `\n",
        "   -PublishingProfileExcludeFromLatest:$false `\n   -PublishingProfileEndOfLifeDate '2027-06-30T00:00:00Z'",
        "   -ObjectId 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' `\n   -RoleDefinitionName 'Reader' `\n   -Scope $imageDefinition.Id | Out-Null\n",
    ] {
        assert!(
            script.contains(fragment),
            "missing {fragment:?} in\n{script}"
        );
    }
    // New-AzGalleryImageDefinition appends TrustedLaunchSupported when no SecurityType is given: one is, always
    assert!(!script.contains("TrustedLaunchSupported"));
}

#[test]
fn every_version_property_of_the_arm64_example_is_sent() {
    let script = example("linux-arm64");
    for fragment in [
        "   -Description 'Arm64 images'\n",
        "   -HyperVGeneration 'V2' `\n   -Architecture 'Arm64' `\n",
        "      @{ Name = 'SecurityType'; Value = 'Standard' },\n      @{ Name = 'IsHibernateSupported'; Value = 'False' },\n      @{ Name = 'DiskControllerTypes'; Value = 'SCSI' }\n",
        "   -DisallowedDiskType 'Standard_LRS'\n",
        // a snapshot source with host caching, and a data disk
        "   -OSDiskImage @{ HostCaching = 'ReadOnly'; Source = @{ Id = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-build/providers/Microsoft.Compute/snapshots/ubuntu-arm-os-100' } } `\n",
        "   -DataDiskImage @(\n      @{ Lun = 0; HostCaching = 'None'; Source = @{ Id = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-build/providers/Microsoft.Compute/snapshots/ubuntu-arm-data-100' } }\n   ) `\n",
        // retired: excluded from latest (version-wide, which its regions follow), with its end-of-life date
        "      @{ Name = 'eastus2'; ReplicaCount = 2; StorageAccountType = 'Standard_ZRS' },\n      @{ Name = 'westus2'; ReplicaCount = 1 }\n",
        "   -PublishingProfileExcludeFromLatest:$true `\n   -PublishingProfileEndOfLifeDate '2030-04-30T00:00:00Z'\n\n",
        // version-wide values, a per-region exclusion and the version's count for regions without their own
        "   -ReplicaCount 2 `\n   -StorageAccountType 'Premium_LRS' `\n   -ReplicationMode 'Full' `\n",
        "      @{ Name = 'eastus2'; ReplicaCount = 2 },\n      @{ Name = 'westus2'; ReplicaCount = 1; ExcludeFromLatest = $true },\n      @{ Name = 'centralus'; ReplicaCount = 2; StorageAccountType = 'Standard_LRS' }\n",
        "   -PublishingProfileExcludeFromLatest:$false `\n   -PublishingProfileEndOfLifeDate '2030-04-30T00:00:00Z' `\n   -Tag @{ 'build' = '110' }\n",
        "   -ObjectId '22222222-3333-4444-5555-666666666666' `\n   -RoleDefinitionName 'Reader' `\n   -Scope $imageVersion2.Id | Out-Null\n",
    ] {
        assert!(
            script.contains(fragment),
            "missing {fragment:?} in\n{script}"
        );
    }
}

#[test]
fn an_existing_gallery_is_referenced_by_name_and_a_sign_in_name_is_resolved_by_the_cmdlet() {
    let script = example("existing-gallery");
    assert!(!script.contains("New-AzGallery "), "{script}");
    assert!(
        !script.contains("Get-AzGallery"),
        "nothing reads the gallery: no role is scoped to it\n{script}"
    );
    for fragment in [
        "# Gallery 'sharedGallery' exists already (existing = true): it is referenced, not created.\n",
        "   -GalleryName 'sharedGallery' `\n",
        "   -ReleaseNoteUri 'https://contoso.example/rhel-9/notes' `\n   -PurchasePlanName 'rhel-lvm9' `\n   -PurchasePlanProduct 'rhel-byos' `\n   -PurchasePlanPublisher 'redhat'\n",
        "   -OSDiskImage @{ Source = @{ Uri = 'https://contosobuild.blob.core.windows.net/vhds/rhel-9.4.vhd'; StorageAccountId = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-build/providers/Microsoft.Storage/storageAccounts/contosobuild' } } `\n",
        "   -SignInName 'rhel-consumers@example.com' `\n   -RoleDefinitionName 'Reader' `\n   -Scope $imageDefinition.Id | Out-Null\n",
    ] {
        assert!(
            script.contains(fragment),
            "missing {fragment:?} in\n{script}"
        );
    }
}

#[test]
fn a_generation_1_definition_states_standard_security() {
    let script = example("specialized-vm");
    for fragment in [
        "# SecurityType Standard: sigil's explicit default for Hyper-V generation V1",
        "   -HyperVGeneration 'V1' `\n   -Architecture 'x64' `\n   -Feature @(\n      @{ Name = 'SecurityType'; Value = 'Standard' }\n   )\n",
        "   -SourceImageVMId '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/app-golden' `\n",
        "   -ReplicationMode 'Shallow' `\n",
    ] {
        assert!(
            script.contains(fragment),
            "missing {fragment:?} in\n{script}"
        );
    }
}

#[test]
fn an_existing_version_is_read_for_its_id_not_created() {
    let script = render_spec(EXISTING_VERSION, &options());
    assert_well_formed("existing version", &script);
    let lookup = "$imageVersion = Get-AzGalleryImageVersion `\n   -ResourceGroupName $resourceGroup.ResourceGroupName `\n   \
                  -GalleryName 'g' `\n   -GalleryImageDefinitionName 'd' `\n   -Name '1.0.0'\n";
    assert!(script.contains(lookup), "{script}");
    assert_eq!(
        script.matches("= New-AzGalleryImageVersion").count(),
        1,
        "{script}"
    );
    assert!(script.contains("   -Scope $imageVersion.Id"), "{script}");
    assert!(script.contains("-Id $imageVersion.Id"), "{script}");
}

#[test]
fn role_scopes_of_existing_resources_are_read_and_custom_roles_take_an_object_id() {
    let script = render_spec(
        r#"
        [resource-group]
        name = "rg"
        location = "eastus"

        [[gallery]]
        name = "elsewhere"
        existing = true

        [[image-definition]]
        gallery = "elsewhere"
        name = "def"
        existing = true
        publisher = "p"
        offer = "o"
        sku = "s"
        os-type = "Linux"
        os-state = "Generalized"

        [[role-assignment]]
        scope = "elsewhere"
        role = "Contributor"
        assignee = "http://builder"

        [[role-assignment]]
        scope = "elsewhere/def"
        role = "11111111-2222-3333-4444-555555555555"
        assignee = "someone@example.com"

        [[role-assignment]]
        scope = "elsewhere/def"
        role = "Reader"
        assignee = "99999999-8888-7777-6666-555555555555"
        "#,
        &options(),
    );
    assert_well_formed("existing scopes", &script);
    for fragment in [
        "$gallery = Get-AzGallery -ResourceGroupName $resourceGroup.ResourceGroupName -Name 'elsewhere'\n",
        "$imageDefinition = Get-AzGalleryImageDefinition `\n   -ResourceGroupName $resourceGroup.ResourceGroupName `\n   -GalleryName 'elsewhere' `\n   -Name 'def'\n",
        "   -ServicePrincipalName 'http://builder' `\n   -RoleDefinitionName 'Contributor' `\n   -Scope $gallery.Id | Out-Null\n",
        "$roleAssignment2Principal = Get-AzADUser -UserPrincipalName 'someone@example.com'\n",
        "   -ObjectId $roleAssignment2Principal.Id `\n   -RoleDefinitionId '11111111-2222-3333-4444-555555555555' `\n   -Scope $imageDefinition.Id | Out-Null\n",
        "   -ObjectId '99999999-8888-7777-6666-555555555555' `\n   -RoleDefinitionName 'Reader' `\n",
    ] {
        assert!(
            script.contains(fragment),
            "missing {fragment:?} in\n{script}"
        );
    }
    assert!(!script.contains("New-AzGalleryImageDefinition"));
}

#[test]
fn a_vm_without_a_public_ip_has_nothing_open_to_the_internet() {
    let script = example("linux-arm64");
    assert!(!script.contains("New-AzPublicIpAddress"), "{script}");
    assert!(
        !script.contains("New-AzNetworkSecurityRuleConfig"),
        "{script}"
    );
    for fragment in [
        "$vmSubnet = New-AzVirtualNetworkSubnetConfig -Name 'arm-builder-01Subnet' -AddressPrefix '10.0.0.0/24'\n",
        "   -Name 'arm-builder-01VNET' `\n   -AddressPrefix '10.0.0.0/16' `\n   -Subnet $vmSubnet\n",
        "$vmNsg = New-AzNetworkSecurityGroup `\n   -ResourceGroupName $resourceGroup.ResourceGroupName `\n   -Location 'eastus2' `\n   -Name 'arm-builder-01NSG'\n",
        "   -Name 'arm-builder-01VMNic' `\n   -IpConfigurationName 'ipconfigarm-builder-01' `\n   -SubnetId $vmVnet.Subnets[0].Id `\n   -NetworkSecurityGroupId $vmNsg.Id\n",
        // the latest version of the definition, the Arm64 default size, and SSH keys only
        "$vmConfig = New-AzVMConfig -VMName 'arm-builder-01' -VMSize 'Standard_D2ps_v5' -SecurityType Standard\n",
        "$vmConfig = Set-AzVMSourceImage -VM $vmConfig -Id $imageDefinition.Id\n",
        "$vmConfig = Set-AzVMOSDisk -VM $vmConfig -CreateOption FromImage -Caching ReadWrite\n",
        "$vmConfig = Set-AzVMBootDiagnostic -VM $vmConfig -Disable\n",
        "-Linux -ComputerName 'arm-builder-01' -Credential $vmCredential -DisablePasswordAuthentication\n",
        "$vmConfig.OSProfile.AdminPassword = $null\n",
        "$vmConfig = Add-AzVMSshPublicKey -VM $vmConfig -KeyData 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl azureuser@example' -Path '/home/azureuser/.ssh/authorized_keys'\n",
        "New-AzVM `\n   -ResourceGroupName $resourceGroup.ResourceGroupName `\n   -Location 'eastus2' `\n   -VM $vmConfig `\n   -DisableBginfoExtension | Out-Null\n",
    ] {
        assert!(
            script.contains(fragment),
            "missing {fragment:?} in\n{script}"
        );
    }
    assert!(
        !script.contains("SIGIL_ADMIN_PASSWORD"),
        "SSH keys only: no password\n{script}"
    );
}

#[test]
fn a_vm_from_a_pinned_specialized_version_gets_a_public_ip_on_request_and_no_os_profile() {
    let script = example("specialized-vm");
    for fragment in [
        "$vmRemoteAccess = New-AzNetworkSecurityRuleConfig `\n   -Name 'default-allow-ssh' `\n   -Protocol Tcp `\n   -Direction Inbound `\n   -Priority 1000 `\n   -SourceAddressPrefix '*' `\n   -SourcePortRange '*' `\n   -DestinationAddressPrefix '*' `\n   -DestinationPortRange '22' `\n   -Access Allow\n",
        "   -Name 'app-01NSG' `\n   -SecurityRules $vmRemoteAccess\n",
        "$vmPublicIp = New-AzPublicIpAddress `\n   -ResourceGroupName $resourceGroup.ResourceGroupName `\n   -Location 'eastus' `\n   -Name 'app-01PublicIP' `\n   -Sku Standard `\n   -AllocationMethod Static\n",
        "   -NetworkSecurityGroupId $vmNsg.Id `\n   -PublicIpAddressId $vmPublicIp.Id\n",
        "$vmConfig = New-AzVMConfig -VMName 'app-01' -VMSize 'Standard_D4s_v5' -SecurityType Standard\n",
        "$vmConfig = Set-AzVMSourceImage -VM $vmConfig -Id $imageVersion.Id\n",
        "# A specialized image keeps the accounts it was captured with: no OS profile.\n",
    ] {
        assert!(
            script.contains(fragment),
            "missing {fragment:?} in\n{script}"
        );
    }
    assert!(!script.contains("Set-AzVMOperatingSystem"), "{script}");
}

#[test]
fn vms_in_another_group_create_it_once_and_go_there() {
    let script = example("vm-other-group");
    let group = "$null = New-AzResourceGroup -Name 'rg-vm-consumers' -Location 'westus2' -Force\n";
    assert_eq!(script.matches(group).count(), 1, "{script}");
    assert!(script.find(group) < script.find("New-AzVirtualNetwork "));
    assert_eq!(
        script
            .matches("   -ResourceGroupName 'rg-vm-consumers' `\n")
            .count(),
        9,
        "two virtual networks, security groups, NICs and VMs, one public IP"
    );
    assert!(script.contains(
        "New-AzVM `\n   -ResourceGroupName 'rg-vm-consumers' `\n   -Location 'eastus' `\n"
    ));
    assert!(
        script.contains("-Id $imageVersion.Id\n"),
        "the image from the spec's group"
    );
}

#[test]
fn a_password_comes_from_the_environment_checked_before_anything_is_created() {
    let script = example("windows-trusted-launch");
    let check = script.find("if (-not $env:SIGIL_ADMIN_PASSWORD) {\n   throw 'Set the environment variable SIGIL_ADMIN_PASSWORD");
    let first_cmdlet = script
        .find("New-AzResourceGroup")
        .expect("the group is created");
    assert!(check.is_some_and(|check| check < first_cmdlet), "{script}");
    for fragment in [
        "$adminPassword = ConvertTo-SecureString -String $env:SIGIL_ADMIN_PASSWORD -AsPlainText -Force\n",
        "$vmCredential = New-Object System.Management.Automation.PSCredential ('azureadmin', $adminPassword)\n",
        "$vmConfig = Set-AzVMOperatingSystem -VM $vmConfig -Windows -ComputerName 'win-test-01' -Credential $vmCredential\n",
        // the definition is TrustedLaunch: the VM is too
        "$vmConfig = New-AzVMConfig -VMName 'win-test-01' -VMSize 'Standard_D2s_v5' -SecurityType TrustedLaunch -EnableSecureBoot $true -EnableVtpm $true\n",
        "$vmConfig = Set-AzVMSourceImage -VM $vmConfig -Id $imageDefinition.Id\n",
    ] {
        assert!(
            script.contains(fragment),
            "missing {fragment:?} in\n{script}"
        );
    }
    assert!(!script.contains("New-AzPublicIpAddress"), "{script}");
}

/// Text no quoting may let out: quotes of every kind, subexpressions, variables, backticks, line breaks.
const HOSTILE: &[&str] = &[
    "it's $(Remove-Item -Recurse C:\\) `n",
    "\u{2018}; Remove-Item x; \u{2019}",
    "\u{201A}\u{201B}'' \"$env:PATH\" ${x} @(1) #",
    "line one\nline two\r\n'; Stop-Computer; '",
    "\u{201C}double\u{201D} \u{201E} `$` `' `\"",
];

// One letter per hostile value keeps the spec below readable.
#[allow(clippy::many_single_char_names)]
fn hostile_spec() -> String {
    // TOML basic strings: escape backslashes, quotes and line breaks.
    let toml = |text: &str| {
        let mut out = String::from("\"");
        for c in text.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '"' => out.push_str("\\\""),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    };
    let [a, b, c, d, e] = HOSTILE else {
        unreachable!()
    };
    format!(
        r#"
        [resource-group]
        name = {rg}
        location = "eastus"

        [[gallery]]
        name = "g"
        description = {a}
        tags = {{ {tag_key} = {b} }}

        [[gallery]]
        name = "g2"
        description = {c}
        soft-delete = false
        tags = {{ plain = {d} }}

        [[image-definition]]
        gallery = "g"
        name = "def"
        publisher = "p"
        offer = "o"
        sku = "s"
        os-type = "Windows"
        os-state = "Generalized"
        description = {a}
        eula = {b}
        privacy-statement-uri = {c}
        release-note-uri = {d}
        plan-name = {e}
        plan-product = {a}
        plan-publisher = {b}
        tags = {{ t = {c} }}

        [[image-version]]
        gallery = "g"
        image-definition = "def"
        name = "1.0.0"
        os-vhd-uri = {d}
        os-vhd-storage-account = {e}
        tags = {{ v = {a} }}

        [[image-version]]
        gallery = "g"
        image-definition = "def"
        name = "1.0.1"
        managed-image = {b}

        [[role-assignment]]
        scope = "g"
        role = "Reader"
        assignee = {e}

        [[vm]]
        name = {a}
        image = "g/def"
        authentication-type = "ssh"
        admin-username = {b}
        ssh-key-value = {c}
        public-ip = true
        tags = {{ {tag_key} = {e} }}

        [[vm]]
        name = {d}
        image = "g/def/1.0.0"
        admin-username = {e}
        authentication-type = "password"
        resource-group = {rg}
        location = "westus"
        "#,
        rg = toml(d),
        tag_key = toml(c),
        a = toml(a),
        b = toml(b),
        c = toml(c),
        d = toml(d),
        e = toml(e),
    )
}

#[test]
fn hostile_values_stay_inside_their_quotes() {
    let options = Options {
        source_name: "evil\nRemove-Item -Recurse /\r'.toml".to_owned(),
        ..options()
    };
    let script = render_spec(&hostile_spec(), &options);
    assert_well_formed("hostile", &script);
    let tree = parse(&script);
    let strings = verbatim_strings(&script, &tree);
    for value in HOSTILE {
        assert!(
            strings.iter().any(|string| string == value),
            "{value:?} is not one string of\n{script}"
        );
    }
    // the header comment and the role assignment's comment hold the values on one line each
    assert!(
        script.starts_with("# Generated by sigil from 'evil Remove-Item -Recurse / ''.toml'"),
        "{script}"
    );
    let comments = nodes(&tree)
        .into_iter()
        .filter(|node| node.kind() == "comment")
        .count();
    let comment_lines = script
        .lines()
        .filter(|line| line.trim_start().starts_with('#'))
        .count();
    assert_eq!(
        comments, comment_lines,
        "every comment is one line of its own\n{script}"
    );
}

/// Strings built from the characters PowerShell gives a meaning to, and any others.
fn tricky_string() -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        '\'', '\u{2018}', '\u{2019}', '\u{201A}', '\u{201B}', '"', '\u{201C}', '\u{201D}',
        '\u{201E}', '$', '`', '(', ')', '{', '}', '@', '#', ';', '&', '|', '\n', '\r', '\t', ' ',
        '<', '>', 'a', 'Z', '0',
    ]);
    let piece = prop_oneof![
        3 => special.prop_map(String::from),
        1 => Just("$(".to_owned()),
        1 => Just("${".to_owned()),
        1 => Just("''".to_owned()),
        1 => Just("#>".to_owned()),
        1 => any::<char>().prop_filter("tree-sitter reads text", |c| *c != '\0').prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// `quote::powershell` gives one verbatim string that PowerShell reads back as the same text.
    #[test]
    fn powershell_quoting_round_trips_through_a_real_parser(value in tricky_string()) {
        let quoted = quote::powershell(&value);
        let source = format!("$x = {quoted}\n");
        let tree = parse(&source);
        let errors = syntax_errors(&source, &tree);
        prop_assert!(errors.is_empty(), "{source:?}: {errors:?}");
        let literals: Vec<&str> = nodes(&tree)
            .into_iter()
            .filter(|node| node.kind() == "verbatim_string_characters")
            .map(|node| &source[node.byte_range()])
            .collect();
        prop_assert_eq!(&literals, &[quoted.as_str()], "{:?}", source);
        prop_assert_eq!(verbatim_value(&quoted), Some(value));
    }
}

#[test]
fn the_reader_of_verbatim_strings_refuses_a_lone_quote() {
    assert_eq!(verbatim_value("'it''s'"), Some("it's".to_owned()));
    assert_eq!(
        verbatim_value("'a\u{2019}\u{2019}b'"),
        Some("a\u{2019}b".to_owned())
    );
    assert_eq!(verbatim_value("'a\u{2019}b'"), None);
}
