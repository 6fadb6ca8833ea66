//! The public sources rules cite, keyed as in the reconciled study the rules come from.

use crate::rule::Source;

pub(crate) const NAMING_RULES: Source = Source {
    title: "Naming rules and restrictions for Azure resources: Microsoft.Compute",
    url: "https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftcompute",
};
pub(crate) const TROUBLESHOOTING: Source = Source {
    title: "Troubleshoot images in an Azure Compute Gallery (the service's error texts)",
    url: "https://learn.microsoft.com/azure/virtual-machines/troubleshooting-shared-images",
};
pub(crate) const GALLERY_OVERVIEW: Source = Source {
    title: "Store and share images in an Azure Compute Gallery (limits, scaling, best practices)",
    url: "https://learn.microsoft.com/azure/virtual-machines/azure-compute-gallery",
};
pub(crate) const IMAGE_DEFINITIONS: Source = Source {
    title: "Image definitions and versions: features, security types, updatable properties",
    url: "https://learn.microsoft.com/azure/virtual-machines/shared-image-galleries",
};
pub(crate) const IMAGE_VERSION: Source = Source {
    title: "Create an image version",
    url: "https://learn.microsoft.com/azure/virtual-machines/image-version",
};
pub(crate) const VM_APPLICATIONS: Source = Source {
    title: "VM Applications overview (limits and error messages)",
    url: "https://learn.microsoft.com/azure/virtual-machines/vm-applications",
};
pub(crate) const SHARE_RBAC: Source = Source {
    title: "Share gallery resources with role-based access control",
    url: "https://learn.microsoft.com/azure/virtual-machines/share-gallery",
};
pub(crate) const SHARE_COMMUNITY: Source = Source {
    title: "Share images using a community gallery",
    url: "https://learn.microsoft.com/azure/virtual-machines/share-gallery-community",
};
pub(crate) const REST_SPEC: Source = Source {
    title: "REST API specification GalleryRP 2025-03-03",
    url: "https://github.com/Azure/azure-rest-api-specs/blob/main/specification/compute/resource-manager/Microsoft.Compute/GalleryRP/stable/2025-03-03/GalleryRP.json",
};
pub(crate) const ARM_SCHEMA: Source = Source {
    title: "ARM template schema Microsoft.Compute 2025-03-03",
    url: "https://schema.management.azure.com/schemas/2025-03-03/Microsoft.Compute.json",
};
pub(crate) const TERRAFORM_VALIDATORS: Source = Source {
    title: "terraform-provider-azurerm compute validators",
    url: "https://github.com/hashicorp/terraform-provider-azurerm/blob/main/internal/services/compute/validate/compute.go",
};
pub(crate) const TERRAFORM_DASH_ISSUE: Source = Source {
    title: "terraform-provider-azurerm #2081: the service rejects dashes in gallery names",
    url: "https://github.com/hashicorp/terraform-provider-azurerm/issues/2081",
};
pub(crate) const PORTAL_GALLERY_NAME: Source = Source {
    title: "azure-docs #66107: the portal rejects hyphenated gallery names",
    url: "https://github.com/MicrosoftDocs/azure-docs/issues/66107",
};
pub(crate) const VERSION_ERROR_TEXT: Source = Source {
    title: "Service error text for invalid image version names (Azure/az-hop #707)",
    url: "https://github.com/Azure/az-hop/issues/707",
};
pub(crate) const PACKER_AZURE: Source = Source {
    title: "packer-plugin-azure gallery validation (replica count 1-100, version pattern)",
    url: "https://github.com/hashicorp/packer-plugin-azure/blob/main/builder/azure/arm/config.go",
};
pub(crate) const AVM_GALLERY_IMAGE: Source = Source {
    title: "Azure Verified Modules: avm/res/compute/gallery/image",
    url: "https://github.com/Azure/bicep-registry-modules/blob/main/avm/res/compute/gallery/image/main.bicep",
};
pub(crate) const ARM64_MANAGED_IMAGE: Source = Source {
    title: "packer-plugin-azure #287: managed images cannot be Arm64",
    url: "https://github.com/hashicorp/packer-plugin-azure/issues/287",
};
pub(crate) const TRUSTED_LAUNCH_SOURCE: Source = Source {
    title: "packer-plugin-azure #304: TrustedLaunchSupported source error",
    url: "https://github.com/hashicorp/packer-plugin-azure/issues/304",
};
pub(crate) const DUPLICATE_REGIONS: Source = Source {
    title: "terraform-provider-azurerm #7751: duplicate target regions",
    url: "https://github.com/hashicorp/terraform-provider-azurerm/issues/7751",
};
pub(crate) const REPLICA_GUIDANCE: Source = Source {
    title: "azure-docs #48105: one replica per 20 concurrently created VMs",
    url: "https://github.com/MicrosoftDocs/azure-docs/issues/48105",
};
pub(crate) const MANAGED_DISK_TYPES: Source = Source {
    title: "Azure managed disk types",
    url: "https://learn.microsoft.com/azure/virtual-machines/disks-types",
};
pub(crate) const LINT_SUPPRESSION: Source = Source {
    title: "sigil lint reference: suppression comments (docs/lint.md)",
    url: "https://github.com/sigil-azure/sigil/blob/main/docs/lint.md#suppression-comments",
};
pub(crate) const SPEC_FORMAT: Source = Source {
    title: "sigil spec reference (docs/spec.md)",
    url: "https://github.com/sigil-azure/sigil/blob/main/docs/spec.md",
};
pub(crate) const VM_FROM_GALLERY: Source = Source {
    title: "Create a VM from a generalized or specialized image version",
    url: "https://learn.microsoft.com/azure/virtual-machines/vm-generalized-image-version",
};
pub(crate) const BUILT_IN_ROLES: Source = Source {
    title: "Azure built-in roles",
    url: "https://learn.microsoft.com/azure/role-based-access-control/built-in-roles",
};
pub(crate) const QUICKSTART_METADATA: Source = Source {
    title: "Azure Quickstart Templates metadata.json schema",
    url: "https://aka.ms/azure-quickstart-templates-metadata-schema",
};
pub(crate) const ARM_PARAMETERS: Source = Source {
    title: "Parameters in ARM templates",
    url: "https://learn.microsoft.com/azure/azure-resource-manager/templates/parameters",
};
pub(crate) const BICEP_PARAMETERS: Source = Source {
    title: "Parameters in Bicep",
    url: "https://learn.microsoft.com/azure/azure-resource-manager/bicep/parameters",
};
pub(crate) const PUBLIC_IP_DNS: Source = Source {
    title: "Public IP addresses: DNS name label",
    url: "https://learn.microsoft.com/azure/virtual-network/ip-services/public-ip-addresses#dns-name-label",
};
pub(crate) const UPDATE_DELETE_CLI: Source = Source {
    title: "Update or delete gallery resources with the Azure CLI (what can be updated, delete order)",
    url: "https://github.com/MicrosoftDocs/azure-docs/blob/main/includes/virtual-machines-common-shared-images-update-delete-cli.md",
};
pub(crate) const UPDATE_DELETE_PS: Source = Source {
    title: "Update or delete gallery resources with Azure PowerShell (what can be updated, clean up order)",
    url: "https://github.com/MicrosoftDocs/azure-docs/blob/main/includes/virtual-machines-common-shared-images-update-delete-ps.md",
};
pub(crate) const RESOURCE_GROUP_NAMING: Source = Source {
    title: "Naming rules and restrictions for Azure resources: Microsoft.Resources",
    url: "https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftresources",
};
pub(crate) const REGIONS_LIST: Source = Source {
    title: "Azure regions list (the names `az account list-locations` prints)",
    url: "https://learn.microsoft.com/azure/reliability/regions-list",
};
pub(crate) const AVAILABILITY_ZONES: Source = Source {
    title: "Azure regions with availability zone support",
    url: "https://learn.microsoft.com/azure/reliability/availability-zones-region-support",
};
