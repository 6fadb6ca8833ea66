//! The scenarios of `sigil new`: the Microsoft quickstarts and the docs' sharing step, modernised, and an image
//! factory, each a handlebars template of a spec (`templates/new/*.toml.hbs`) filled in with values from the
//! command line.
//!
//! A scenario only writes text: the caller loads it with `sigil_spec::load`, so that every value goes through
//! the core's rules before anything is written, then generates from it as `sigil generate` does. Values enter
//! the TOML only through [`toml_string`] (the template helper `toml`), so no value can break out of its string.

use std::fmt::Write as _;

use handlebars::{
    Context, Handlebars, Helper, HelperResult, Output, RenderContext, RenderError,
    RenderErrorReason, handlebars_helper, no_escape,
};
use jiff::civil::Date;
use serde_json::{Map, Value, json};

use crate::GenError;

/// One scenario: its name on the command line, what it makes, the values it takes and its template.
#[derive(Debug)]
pub struct Scenario {
    /// `sig-create`: the subcommand of `sigil new` and the template's file name.
    pub id: &'static str,
    /// One line for `sigil new --help`.
    pub about: &'static str,
    pub flags: &'static [Flag],
    template: &'static str,
}

/// A value a scenario takes, as the command line flag `--{name}`, named after the spec key it sets.
#[derive(Debug)]
pub struct Flag {
    pub name: &'static str,
    pub help: &'static str,
    pub need: Need,
    /// The values it takes, when it is not a spec value (which the core's rules check) but a choice of the
    /// scenario's; empty for any value.
    pub choices: &'static [&'static str],
}

impl Flag {
    /// A flag with a default value.
    const fn new(name: &'static str, default: &'static str, help: &'static str) -> Self {
        Self {
            name,
            help,
            need: Need::Default(default),
            choices: &[],
        }
    }

    /// A flag that must be given.
    const fn required(name: &'static str, help: &'static str) -> Self {
        Self {
            name,
            help,
            need: Need::Required,
            choices: &[],
        }
    }

    /// A flag that must be given when `flag` has `value`.
    const fn required_when(
        name: &'static str,
        flag: &'static str,
        value: &'static str,
        help: &'static str,
    ) -> Self {
        Self {
            name,
            help,
            need: Need::RequiredWhen { flag, value },
            choices: &[],
        }
    }

    /// One of a `group` of flags of which at least one must be given.
    const fn one_of(name: &'static str, group: &'static str, help: &'static str) -> Self {
        Self {
            name,
            help,
            need: Need::OneOf(group),
            choices: &[],
        }
    }

    /// The flag, taking only `choices`.
    const fn choices(self, choices: &'static [&'static str]) -> Self {
        Self { choices, ..self }
    }
}

/// Whether a flag must be given, and what it is when not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// This value unless given.
    Default(&'static str),
    /// Always given: a value with no sensible default (the id of the user's own managed image).
    Required,
    /// Given when `flag` has `value`, otherwise unused.
    RequiredWhen {
        flag: &'static str,
        value: &'static str,
    },
    /// At least one of the flags of this group is given (an assignee by sign-in name or by object id).
    OneOf(&'static str),
}

/// The group of flags that name a role assignment's principal.
pub const PRINCIPAL: &str = "principal";

const RESOURCE_GROUP: Flag = Flag::new(
    "resource-group",
    "myGalleryRG",
    "The resource group the scripts deploy to (the templates deploy to the one they are given)",
);
const LOCATION: Flag = Flag::new(
    "location",
    "eastus",
    "The resource group's region; the templates' `location` parameter defaults to the group's",
);
const GALLERY_NAME: Flag = Flag::new(
    "gallery-name",
    "myGallery",
    "The gallery's name: letters, digits, `_` and `.`",
);
const IMAGE_DEFINITION: Flag = Flag::new(
    "image-definition",
    "myImageDefinition",
    "The image definition's name",
);
const PUBLISHER: Flag = Flag::new(
    "publisher",
    "myPublisher",
    "The image definition's publisher",
);
const OFFER: Flag = Flag::new("offer", "myOffer", "The image definition's offer");
const SKU: Flag = Flag::new("sku", "mySku", "The image definition's SKU");
const OS_TYPE: Flag = Flag::new("os-type", "Linux", "Linux or Windows");
const OS_STATE: Flag = Flag::new("os-state", "Generalized", "Generalized or Specialized");
const IMAGE_VERSION: Flag = Flag::new(
    "image-version",
    "1.0.0",
    "The image version's name, MAJOR.MINOR.PATCH",
);
const MANAGED_IMAGE: Flag = Flag::required(
    "managed-image",
    "Resource id of the managed image (or gallery image version) the image version is made from",
);
const ROLE: Flag = Flag::new(
    "role",
    "Reader",
    "The role given: Reader (enough to create VMs from the images), or another built-in role or role id",
);
const ASSIGNEE: Flag = Flag::one_of(
    "assignee",
    PRINCIPAL,
    "Who is given the role, as `az role assignment create --assignee` takes it: a sign-in name or object id",
);
const ASSIGNEE_OBJECT_ID: Flag = Flag::one_of(
    "assignee-object-id",
    PRINCIPAL,
    "The principal's object id, which the ARM template and Bicep file need (else a parameter without default)",
);

const SIG_CREATE: Scenario = Scenario {
    id: "sig-create",
    about: "A gallery (the quickstart sig-create)",
    flags: &[
        RESOURCE_GROUP,
        LOCATION,
        GALLERY_NAME,
        Flag::new(
            "description",
            "My Private Gallery",
            "The gallery's description",
        ),
    ],
    template: include_str!("../../../templates/new/sig-create.toml.hbs"),
};

const SIG_IMAGE_DEFINITION_CREATE: Scenario = Scenario {
    id: "sig-image-definition-create",
    about: "An image definition in an existing gallery (the quickstart sig-image-definition-create)",
    flags: &[
        RESOURCE_GROUP,
        LOCATION,
        GALLERY_NAME,
        IMAGE_DEFINITION,
        PUBLISHER,
        OFFER,
        SKU,
        OS_TYPE,
        OS_STATE,
        Flag::new(
            "description",
            "Sample Gallery Image Description",
            "The image definition's description",
        ),
    ],
    template: include_str!("../../../templates/new/sig-image-definition-create.toml.hbs"),
};

const SIG_IMAGE_VERSION_CREATE: Scenario = Scenario {
    id: "sig-image-version-create",
    about: "An image version from a managed image, in an existing gallery and image definition (the quickstart \
            sig-image-version-create)",
    flags: &[
        RESOURCE_GROUP,
        LOCATION,
        GALLERY_NAME,
        IMAGE_DEFINITION,
        PUBLISHER,
        OFFER,
        SKU,
        OS_TYPE,
        OS_STATE,
        Flag::new(
            "image-version",
            "0.0.1",
            "The image version's name, MAJOR.MINOR.PATCH",
        ),
        MANAGED_IMAGE,
    ],
    template: include_str!("../../../templates/new/sig-image-version-create.toml.hbs"),
};

const VM_FROM_SIG: Scenario = Scenario {
    id: "vm-from-sig",
    about: "A VM with a password, a public IP and a DNS name, from an existing image version in an existing \
            gallery (the quickstart vm-from-sig); no inbound port open unless asked",
    flags: &[
        RESOURCE_GROUP,
        LOCATION,
        GALLERY_NAME,
        IMAGE_DEFINITION,
        PUBLISHER,
        OFFER,
        SKU,
        OS_TYPE,
        Flag::new(
            "image-version",
            "0.0.1",
            "The image version the VM is made from, MAJOR.MINOR.PATCH (sig-image-version-create's default)",
        ),
        Flag::new(
            "vm-name",
            "mysigvm",
            "The VM's name; its network resources are named after it",
        ),
        Flag::new(
            "size",
            "Standard_D2s_v5",
            "The VM size: a generation 2 size, as the image is generation 2",
        ),
        Flag::new(
            "admin-username",
            "azureuser",
            "The administrator's user name (the password is a secure template parameter or \
                   SIGIL_ADMIN_PASSWORD for the scripts, never a flag)",
        ),
        Flag::new(
            "dns-label",
            "mysigvm",
            "The public IP address's DNS label, unique in the region",
        ),
        Flag::new(
            "nsg-rule",
            "None",
            "The inbound port the network security group opens to the internet: None, SSH or RDP",
        ),
    ],
    template: include_str!("../../../templates/new/vm-from-sig.toml.hbs"),
};

/// The scope `sig-share` gives the role at.
const SHARE_SCOPE: &str = "share-scope";

const SIG_SHARE: Scenario = Scenario {
    id: "sig-share",
    about: "A gallery and an image definition shared with RBAC (the docs' sharing step)",
    flags: &[
        RESOURCE_GROUP,
        LOCATION,
        GALLERY_NAME,
        IMAGE_DEFINITION,
        PUBLISHER,
        OFFER,
        Flag::new("sku", "16.04-LTS", "The image definition's SKU"),
        OS_TYPE,
        Flag::new("os-state", "Specialized", "Generalized or Specialized"),
        ROLE,
        ASSIGNEE,
        ASSIGNEE_OBJECT_ID,
        Flag::new(SHARE_SCOPE, "gallery", "What the role is given on: gallery (as the docs recommend), image-definition, or image-version \
                   (which adds an image version, made from --managed-image)")
        .choices(&["gallery", "image-definition", "image-version"]),
        IMAGE_VERSION,
        Flag::required_when("managed-image", SHARE_SCOPE, "image-version", "With --share-scope image-version: resource id of the managed image the version is made from"),
    ],
    template: include_str!("../../../templates/new/sig-share.toml.hbs"),
};

const IMAGE_FACTORY: Scenario = Scenario {
    id: "image-factory",
    about: "A gallery with a Linux and a Windows image definition, versions replicated to several regions (ZRS \
            where the region has availability zones), shared with RBAC, with end-of-life dates",
    flags: &[
        RESOURCE_GROUP,
        Flag::new(
            "location",
            "eastus2",
            "The resource group's region, where the gallery and the versions are made",
        ),
        Flag::new(
            "gallery-name",
            "imageFactory",
            "The gallery's name: letters, digits, `_` and `.`",
        ),
        Flag::new(
            "publisher",
            "Contoso",
            "The publisher of both image definitions",
        ),
        Flag::new(
            "linux-image-definition",
            "ubuntu-server",
            "The Linux image definition's name (also its offer)",
        ),
        Flag::new(
            "linux-sku",
            "24_04-lts-gen2",
            "The Linux image definition's SKU",
        ),
        Flag::required(
            "linux-managed-image",
            "Resource id of the managed image the Linux version is made from",
        ),
        Flag::new(
            "windows-image-definition",
            "windows-server",
            "The Windows image definition's name (also its offer)",
        ),
        Flag::new(
            "windows-sku",
            "2025-datacenter-azure-edition",
            "The Windows image definition's SKU",
        ),
        Flag::required(
            "windows-managed-image",
            "Resource id of the managed image the Windows version is made from",
        ),
        IMAGE_VERSION,
        Flag::new(
            "target-regions",
            "eastus2,westus3,northcentralus",
            "The regions the versions are replicated to, comma-separated, the location first; ZRS where \
                   the region has availability zones, LRS elsewhere",
        ),
        ROLE,
        ASSIGNEE,
        ASSIGNEE_OBJECT_ID,
    ],
    template: include_str!("../../../templates/new/image-factory.toml.hbs"),
};

/// Every scenario, in the order `sigil new --help` lists them.
pub const SCENARIOS: [&Scenario; 6] = [
    &SIG_CREATE,
    &SIG_IMAGE_DEFINITION_CREATE,
    &SIG_IMAGE_VERSION_CREATE,
    &VM_FROM_SIG,
    &SIG_SHARE,
    &IMAGE_FACTORY,
];

/// Why a scenario could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    #[error("--{flag} `{value}` is not one of {choices}")]
    Choice {
        flag: &'static str,
        value: String,
        choices: String,
    },
    #[error("scenario {scenario} takes no --{flag}")]
    UnknownFlag {
        scenario: &'static str,
        flag: String,
    },
    #[error(transparent)]
    Template(GenError),
}

/// How many years after the day of `sigil new` the end-of-life dates of image definitions and of image
/// versions fall.
const DEFINITION_LIFETIME_YEARS: i16 = 3;
const VERSION_LIFETIME_YEARS: i16 = 1;

impl Scenario {
    /// The scenario called `id`.
    pub fn find(id: &str) -> Option<&'static Scenario> {
        SCENARIOS.into_iter().find(|scenario| scenario.id == id)
    }

    /// The flag called `name`.
    pub fn flag(&self, name: &str) -> Option<&'static Flag> {
        self.flags.iter().find(|flag| flag.name == name)
    }

    /// The spec, `sigil.toml`, for `values` (flag name to value; flags not given are absent) on `today`, the
    /// day end-of-life dates are reckoned from.
    pub fn render(&self, values: &[(&str, &str)], today: Date) -> Result<String, ScenarioError> {
        self.check_choices(values)?;
        let data = self.data(values, today);
        let mut text = registry()
            .render_template(self.template, &data)
            .map_err(|error| {
                ScenarioError::Template(GenError::Template {
                    template: format!("new/{}.toml.hbs", self.id),
                    message: error.to_string(),
                })
            })?;
        // Handlebars drops the template's final line break.
        if !text.ends_with('\n') {
            text.push('\n');
        }
        Ok(text)
    }

    /// A flag with choices has one of them: its value decides what the template writes, and no rule of the
    /// core would see a wrong one.
    fn check_choices(&self, values: &[(&str, &str)]) -> Result<(), ScenarioError> {
        for (name, value) in values {
            let Some(flag) = self.flag(name) else {
                return Err(ScenarioError::UnknownFlag {
                    scenario: self.id,
                    flag: (*name).to_owned(),
                });
            };
            if !flag.choices.is_empty() && !flag.choices.contains(value) {
                return Err(ScenarioError::Choice {
                    flag: flag.name,
                    value: (*value).to_owned(),
                    choices: flag.choices.join(", "),
                });
            }
        }
        Ok(())
    }

    /// What the template sees: every flag by name (`null` when not given) and the values derived from them.
    fn data(&self, values: &[(&str, &str)], today: Date) -> Value {
        let mut data = Map::new();
        for flag in self.flags {
            let value = values
                .iter()
                .find(|(name, _)| *name == flag.name)
                .map_or(Value::Null, |(_, value)| Value::from(*value));
            data.insert(flag.name.to_owned(), value);
        }
        // The template writes the regions one by one, each with its storage account type.
        if let Some(Value::String(list)) = data.get("target-regions") {
            let regions = target_regions(list);
            data.insert("target-regions".to_owned(), regions);
        }
        data.insert(
            "definition-end-of-life".to_owned(),
            Value::from(end_of_life(today, DEFINITION_LIFETIME_YEARS)),
        );
        data.insert(
            "version-end-of-life".to_owned(),
            Value::from(end_of_life(today, VERSION_LIFETIME_YEARS)),
        );
        Value::Object(data)
    }
}

/// The last day of the year `years` after `today`'s, as the full date-time the service stores: a date that
/// moves only once a year, so a scenario rendered again the same year is the same spec.
fn end_of_life(today: Date, years: i16) -> String {
    format!(
        "{}-12-31T00:00:00Z",
        i32::from(today.year()) + i32::from(years)
    )
}

/// `target-regions` as the template writes them: each region once, in the order given, with ZRS where the
/// region has availability zones. A region the core does not accept is passed on as written, so that its
/// rule reports it.
fn target_regions(list: &str) -> Value {
    let mut seen: Vec<String> = Vec::new();
    let mut regions = Vec::new();
    for region in list.split(',').map(str::trim).filter(|r| !r.is_empty()) {
        let normalised = normalise_region(region);
        if seen.contains(&normalised) {
            continue;
        }
        // Zone-redundant storage exists only in regions with availability zones ("ZRS storage account type
        // is not supported in this region" elsewhere).
        let storage = if sigil_core::regions::has_availability_zones(region) {
            "Standard_ZRS"
        } else {
            "Standard_LRS"
        };
        regions.push(json!({ "name": region, "storage-account-type": storage }));
        seen.push(normalised);
    }
    Value::Array(regions)
}

/// `West US 3` and `westus3` are one region, as the core compares them.
fn normalise_region(region: &str) -> String {
    region
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A TOML basic string that stands for exactly `value`: `"` and `\` escaped, and every control character
/// written as an escape, so the string stays on its line and nothing can end it early.
pub fn toml_string(value: &str) -> String {
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('"');
    for c in value.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            '\t' => quoted.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(quoted, "\\u{:04X}", u32::from(c));
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

handlebars_helper!(toml_helper: |value: str| toml_string(value));

/// `{{toml_path a b c}}`: the TOML string `"a/b/c"`, a resource path such as a role assignment's scope.
fn toml_path(
    helper: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    let mut segments = Vec::new();
    for param in helper.params() {
        let segment = param.value().as_str().ok_or_else(|| {
            RenderError::from(RenderErrorReason::Other(format!(
                "toml_path: `{}` is not a string",
                param.relative_path().map_or("?", String::as_str)
            )))
        })?;
        segments.push(segment);
    }
    out.write(&toml_string(&segments.join("/")))?;
    Ok(())
}

/// The helpers a scenario template writes values with; HTML escaping off, missing values an error.
fn registry() -> Handlebars<'static> {
    let mut handlebars = Handlebars::new();
    handlebars.set_strict_mode(true);
    handlebars.register_escape_fn(no_escape);
    handlebars.register_helper("toml", Box::new(toml_helper));
    handlebars.register_helper("toml_path", Box::new(toml_path));
    handlebars
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: Date = jiff::civil::date(2026, 1, 1);

    /// Every required flag with a value, so that each scenario renders.
    fn required_values(scenario: &Scenario) -> Vec<(&'static str, &'static str)> {
        scenario
            .flags
            .iter()
            .filter_map(|flag| match flag.need {
                Need::Required => Some((flag.name, "/subscriptions/x/images/y")),
                Need::Default(value) => Some((flag.name, value)),
                Need::OneOf(_) if flag.name == "assignee" => Some((flag.name, "a@example.com")),
                _ => None,
            })
            .collect()
    }

    /// The expressions of a template: the text between `{{` and `}}`, braces and `~` trimmed.
    fn expressions(text: &str) -> Vec<&str> {
        text.split("{{")
            .skip(1)
            .filter_map(|rest| rest.split_once("}}").map(|(inside, _)| inside))
            .map(|inside| inside.trim_matches(|c| c == '{' || c == '~').trim())
            .collect()
    }

    #[test]
    fn every_value_a_scenario_writes_goes_through_a_quoting_helper() {
        for scenario in SCENARIOS {
            for expression in expressions(scenario.template) {
                let structural =
                    expression.starts_with(['#', '/', '!']) || expression.starts_with("else");
                let helper = expression.split_whitespace().next().unwrap_or_default();
                assert!(
                    structural || ["toml", "toml_path"].contains(&helper),
                    "{}: `{{{{{expression}}}}}` writes a value without toml or toml_path",
                    scenario.id
                );
            }
        }
    }

    #[test]
    fn every_scenario_renders_toml_with_its_defaults() {
        for scenario in SCENARIOS {
            let text = scenario
                .render(&required_values(scenario), TODAY)
                .unwrap_or_else(|error| panic!("{}: {error}", scenario.id));
            if let Err(error) = text.parse::<toml::Table>() {
                panic!("{}: {error}\n{text}", scenario.id);
            }
        }
    }

    #[test]
    fn every_flag_is_written_by_its_template() {
        for scenario in SCENARIOS {
            let used: Vec<&str> = expressions(scenario.template)
                .iter()
                .flat_map(|expression| expression.split([' ', '(', ')']))
                .collect();
            for flag in scenario.flags {
                assert!(
                    used.contains(&flag.name),
                    "{}: --{} is not used",
                    scenario.id,
                    flag.name
                );
            }
        }
    }

    #[test]
    fn a_choice_outside_its_choices_is_refused() {
        let scenario = Scenario::find("sig-share").unwrap();
        let mut values = required_values(scenario);
        values.retain(|(name, _)| *name != "share-scope");
        values.push(("share-scope", "subscription"));
        let error = scenario.render(&values, TODAY).unwrap_err();
        assert!(
            matches!(
                error,
                ScenarioError::Choice {
                    flag: "share-scope",
                    ..
                }
            ),
            "{error}"
        );
    }

    #[test]
    fn flag_names_are_unique_within_a_scenario() {
        for scenario in SCENARIOS {
            for (index, flag) in scenario.flags.iter().enumerate() {
                assert!(
                    scenario.flags[..index].iter().all(|f| f.name != flag.name),
                    "{}: --{} twice",
                    scenario.id,
                    flag.name
                );
            }
        }
    }

    #[test]
    fn a_hostile_value_stays_one_toml_string() {
        let hostile = "x\"\n[[gallery]]\nname = \"evil\" \\ \u{7f}\u{0} \t'''";
        let scenario = Scenario::find("sig-create").unwrap();
        let mut values = required_values(scenario);
        values.retain(|(name, _)| *name != "description");
        values.push(("description", hostile));
        let text = scenario.render(&values, TODAY).unwrap();
        let table: toml::Table = text.parse().unwrap();
        let galleries = table["gallery"].as_array().unwrap();
        assert_eq!(galleries.len(), 1);
        assert_eq!(galleries[0]["description"].as_str(), Some(hostile));
    }

    #[test]
    fn toml_strings_read_back_as_the_value() {
        for value in [
            "",
            "plain",
            "quote\"",
            "back\\slash",
            "nl\ncr\r",
            "\u{1b}[0m",
            "ü €",
        ] {
            let line = format!("key = {}", toml_string(value));
            let table: toml::Table = line.parse().unwrap();
            assert_eq!(table["key"].as_str(), Some(value), "{line}");
        }
    }

    #[test]
    fn target_regions_get_zrs_only_where_zones_are() {
        let regions = target_regions("eastus2, northcentralus,East US 2,westus3");
        let pairs: Vec<(&str, &str)> = regions
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["name"].as_str().unwrap(),
                    r["storage-account-type"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            pairs,
            [
                ("eastus2", "Standard_ZRS"),
                ("northcentralus", "Standard_LRS"),
                ("westus3", "Standard_ZRS"),
            ]
        );
    }

    #[test]
    fn end_of_life_dates_follow_the_year_of_today() {
        assert_eq!(end_of_life(TODAY, 3), "2029-12-31T00:00:00Z");
        assert_eq!(
            end_of_life(jiff::civil::date(2031, 12, 31), 1),
            "2032-12-31T00:00:00Z"
        );
    }
}
