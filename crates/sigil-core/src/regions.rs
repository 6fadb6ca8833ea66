//! The Azure public-cloud regions sigil knows, with whether each has availability zones.
//!
//! Azure adds regions every year, so a region missing here is reported as a warning (SIG018), never refused;
//! the zone flag decides where `sigil new` chooses zone-redundant storage, and is set only where the region
//! is listed with availability zones.

/// When the table was last compared with its sources.
pub const AS_OF: &str = "September 2025";

/// Where the table comes from: the physical regions `az account list-locations` lists for the public cloud,
/// and the regions Microsoft lists with availability zones.
pub const SOURCES: &[&str] = &[
    "https://learn.microsoft.com/azure/reliability/regions-list",
    "https://learn.microsoft.com/azure/reliability/availability-zones-region-support",
];

/// A region: the name Resource Manager and the az CLI use, the name the portal shows, and whether it has
/// availability zones (so zone-redundant storage, `Standard_ZRS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownRegion {
    pub name: &'static str,
    pub display_name: &'static str,
    pub availability_zones: bool,
}

const fn region(
    name: &'static str,
    display_name: &'static str,
    availability_zones: bool,
) -> KnownRegion {
    KnownRegion {
        name,
        display_name,
        availability_zones,
    }
}

/// Every public-cloud region sigil knows, sorted by name. Logical locations (`global`, `europe`), sovereign
/// clouds (US Government, China) and retired regions are left out: gallery resources cannot be deployed there.
pub static REGIONS: &[KnownRegion] = &[
    region("australiacentral", "Australia Central", false),
    region("australiacentral2", "Australia Central 2", false),
    region("australiaeast", "Australia East", true),
    region("australiasoutheast", "Australia Southeast", false),
    region("austriaeast", "Austria East", true),
    region("belgiumcentral", "Belgium Central", true),
    region("brazilsouth", "Brazil South", true),
    region("brazilsoutheast", "Brazil Southeast", false),
    region("canadacentral", "Canada Central", true),
    region("canadaeast", "Canada East", false),
    region("centralindia", "Central India", true),
    region("centralus", "Central US", true),
    // The early-access (canary) regions: real, listed, and used by those enrolled in them.
    region("centraluseuap", "Central US EUAP", false),
    region("chilecentral", "Chile Central", true),
    region("denmarkeast", "Denmark East", false),
    region("eastasia", "East Asia", true),
    region("eastus", "East US", true),
    region("eastus2", "East US 2", true),
    region("eastus2euap", "East US 2 EUAP", false),
    region("francecentral", "France Central", true),
    region("francesouth", "France South", false),
    region("germanynorth", "Germany North", false),
    region("germanywestcentral", "Germany West Central", true),
    region("indonesiacentral", "Indonesia Central", true),
    region("israelcentral", "Israel Central", true),
    region("italynorth", "Italy North", true),
    region("japaneast", "Japan East", true),
    region("japanwest", "Japan West", true),
    region("jioindiacentral", "Jio India Central", false),
    region("jioindiawest", "Jio India West", false),
    region("koreacentral", "Korea Central", true),
    region("koreasouth", "Korea South", false),
    region("malaysiawest", "Malaysia West", true),
    region("mexicocentral", "Mexico Central", true),
    region("newzealandnorth", "New Zealand North", true),
    region("northcentralus", "North Central US", false),
    region("northeurope", "North Europe", true),
    region("norwayeast", "Norway East", true),
    region("norwaywest", "Norway West", false),
    region("polandcentral", "Poland Central", true),
    region("qatarcentral", "Qatar Central", true),
    region("southafricanorth", "South Africa North", true),
    region("southafricawest", "South Africa West", false),
    region("southcentralus", "South Central US", true),
    region("southeastasia", "Southeast Asia", true),
    region("southindia", "South India", false),
    region("spaincentral", "Spain Central", true),
    region("swedencentral", "Sweden Central", true),
    region("swedensouth", "Sweden South", false),
    region("switzerlandnorth", "Switzerland North", true),
    region("switzerlandwest", "Switzerland West", false),
    region("taiwannorth", "Taiwan North", false),
    region("uaecentral", "UAE Central", false),
    region("uaenorth", "UAE North", true),
    region("uksouth", "UK South", true),
    region("ukwest", "UK West", false),
    region("westcentralus", "West Central US", false),
    region("westeurope", "West Europe", true),
    region("westindia", "West India", false),
    region("westus", "West US", false),
    region("westus2", "West US 2", true),
    region("westus3", "West US 3", true),
];

/// `West US 3` and `westus3` are one region to Resource Manager: spaces left out, case ignored.
/// [`Region`](crate::model::Region) holds a region in this form.
pub(crate) fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| *c != ' ')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The known region `text` names, by its name or its display name, ignoring case and spaces.
pub fn find(text: &str) -> Option<&'static KnownRegion> {
    let normalised = normalise(text);
    REGIONS.iter().find(|region| region.name == normalised)
}

/// Whether `text` names a known region with availability zones.
pub fn has_availability_zones(text: &str) -> bool {
    find(text).is_some_and(|region| region.availability_zones)
}

/// The known region closest to `text`, when `text` is a plausible typo of one (`westeurop`, `eastsu`).
pub fn closest(text: &str) -> Option<&'static KnownRegion> {
    let name = crate::suggest::closest(&normalise(text), REGIONS.iter().map(|region| region.name))?;
    REGIONS.iter().find(|region| region.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_unique_and_consistent() {
        for pair in REGIONS.windows(2) {
            assert!(
                pair[0].name < pair[1].name,
                "{} before {}",
                pair[0].name,
                pair[1].name
            );
        }
        for region in REGIONS {
            assert!(
                region
                    .name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
                "{}",
                region.name
            );
            assert_eq!(
                normalise(region.display_name),
                region.name,
                "{}",
                region.display_name
            );
        }
    }

    #[test]
    fn regions_are_found_by_name_or_display_name() {
        assert_eq!(find("westeurope").map(|r| r.name), Some("westeurope"));
        assert_eq!(find("West Europe").map(|r| r.name), Some("westeurope"));
        assert_eq!(find("EAST US 2").map(|r| r.name), Some("eastus2"));
        assert!(find("eastus5").is_none());
        assert!(find("europe").is_none());
    }

    #[test]
    fn zones_follow_the_table() {
        assert!(has_availability_zones("eastus"));
        assert!(has_availability_zones("West US 3"));
        assert!(!has_availability_zones("westus"));
        assert!(!has_availability_zones("nowhere"));
    }

    #[test]
    fn typos_suggest_the_region_meant() {
        assert_eq!(closest("westeurop").map(|r| r.name), Some("westeurope"));
        assert_eq!(closest("East Su").map(|r| r.name), Some("eastus"));
        assert!(closest("mars").is_none());
    }
}
