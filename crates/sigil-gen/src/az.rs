//! The az CLI output, `deploy.sh`: the resources of `azuredeploy.json` made with the commands of the Azure
//! documentation (`az group create`, `az sig create`, `az sig image-definition create`, `az sig image-version
//! create`, `az role assignment create`, `az vm create`), written from `templates/az/deploy.sh.hbs`.
//!
//! This module decides which commands run, with which flags and which raw values; the template lays them out
//! (one line for up to two flags, else one flag a line, as the docs do) and quotes every value with `sh`.
//! Values are written out in the commands, plain words as plain words. Where the real CLI would send something
//! other than the template, the script states the value explicitly or takes another route, and says why:
//!
//! - `az sig image-definition create` defaults to Hyper-V generation V2 and `SecurityType=TrustedLaunchSupported`:
//!   both are always given, the features as one argument that the CLI splits on spaces. It drops
//!   `SecurityType=Standard`, which is harmless on V1 (nothing else is allowed there), but a V2 definition would
//!   become `TrustedLaunchSupported`: such a definition is PUT with `az rest` and the template's body.
//! - It drops `--description` and the URI flags: they are set right after with `az sig image-definition update
//!   --set`, which parses JSON, so each value is a JSON string.
//! - `az sig create` is an "aaz" command, whose shorthand syntax reads `null`, `??` and a leading `'` specially
//!   and stops a `--tags` item at a line break: such values are written in the shorthand's quotes (`aaz_string`,
//!   `aaz_tag`), and a gallery with a line break in a tag is PUT with `az rest`.
//! - `az sig image-version create` takes a target region's exclusion from latest only through a follow-up
//!   `update --set`, disk host caching not at all, and refuses `PremiumV2_LRS`: a version that needs one of
//!   these (or whose `update` would drop its data disks' sources) is PUT with `az rest` and the template's body.
//! - A single value that starts with `-` is attached, `--flag=value` (az's parser would read it as a flag); a
//!   list where one value starts with `-` cannot be written, so that resource too is PUT with `az rest`.
//! - `az role assignment create` names an assignment with a random GUID: the script names it as the template
//!   does, `guid(scope id, principal id, role definition id)`, computed in bash (the template's `arm_guid`).
//! - `az vm create` does not infer Trusted Launch from the image, and asks for credentials even for a
//!   specialized image (which it then does not send): both are given explicitly. The admin password comes from
//!   the environment variable `deploy.ps1` reads too, checked before anything is created.
//!
//! Shellcheck flags values that are literal on purpose (`$` in single quotes, ...): the command gets a
//! `# shellcheck disable=` line for exactly what its values raise (`literal_findings`).

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::{Map, Value, json};
use sigil_core::model::{
    AuthenticationType, HostCaching, HyperVGeneration, NsgRule, OsState, OsType, SecurityType,
    StorageAccountType, Tags,
};
use sigil_core::names::same_name;
use sigil_core::rules::is_guid;

use crate::plan::{
    ASSIGNMENT_NAME_INPUTS, AssignmentNameInput, CommunityPlan, Credential, DefinitionPlan,
    GalleryPlan, PASSWORD_VARIABLE, Plan, Principal, RoleAssignmentPlan, Scope, TargetRegionPlan,
    VersionPlan, VersionSource, VmImage, VmPlan,
};
use crate::{GenError, Options, api_versions, templates};

/// The storage account types `az sig image-version create` accepts (version-wide and per region).
const CLI_STORAGE_TYPES: [StorageAccountType; 3] = [
    StorageAccountType::StandardLrs,
    StorageAccountType::StandardZrs,
    StorageAccountType::PremiumLrs,
];

/// Renders `deploy.sh`.
pub fn render(plan: &Plan<'_>, options: &Options) -> Result<String, GenError> {
    let view = View::new(plan, options)?;
    templates::render("az", &view)
}

/// One word of a command: a value from the spec (quoted by the template) or a shell variable the script set
/// (written `"$name"`).
#[derive(Debug, Clone, Serialize)]
struct Word {
    text: String,
    variable: bool,
}

impl Word {
    fn value(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            variable: false,
        }
    }

    fn variable(name: impl Into<String>) -> Self {
        Self {
            text: name.into(),
            variable: true,
        }
    }
}

/// A flag and its values.
#[derive(Debug, Clone, Serialize)]
struct Arg {
    flag: &'static str,
    values: Vec<Word>,
    /// Written `--flag=value`: the one value starts with `-`, which az's parser would read as a flag.
    attached: bool,
}

/// The arguments of one az command, on one line when there are two flags or fewer, otherwise one flag a line
/// as the docs write them.
#[derive(Debug, Clone, Default, Serialize)]
struct Command {
    args: Vec<Arg>,
    multiline: bool,
    /// The shellcheck findings its literal values raise, disabled for the command (see [`literal_findings`]).
    shellcheck: Vec<&'static str>,
    /// Whether the CLI would read one of its words as `@file` to load: such a resource takes another route.
    #[serde(skip)]
    reads_files: bool,
}

impl Command {
    fn new() -> Self {
        Self::default()
    }

    /// A flag with one value from the spec, attached (`--flag=value`) when it starts with `-` (az's parser
    /// would read it as a flag) or holds `=@` (the CLI would load a file named by what follows the `=`: see
    /// [`reads_file`]; attached, the flag's own `=` is the first).
    fn flag(mut self, flag: &'static str, value: impl Into<String>) -> Self {
        let value = value.into();
        let attached = value.starts_with('-') || reads_file(&value);
        self.args.push(Arg {
            flag,
            values: vec![Word::value(value)],
            attached,
        });
        self
    }

    fn flag_if(self, flag: &'static str, value: Option<impl Into<String>>) -> Self {
        match value {
            Some(value) => self.flag(flag, value),
            None => self,
        }
    }

    /// The principal of `az role assignment create`: a sign-in name as the docs write it, which the CLI
    /// resolves; an object id as it is.
    fn principal(self, assignment: &RoleAssignmentPlan<'_>) -> Self {
        match (
            assignment.assignment.assignee.as_deref(),
            assignment.principal,
        ) {
            (Some(assignee), _) if !is_guid(assignee) && !names_file(assignee) => {
                self.flag("--assignee", assignee)
            }
            (_, Principal::ObjectId(object_id)) => self.flag("--assignee-object-id", object_id),
            (assignee, _) => self.flag_if("--assignee", assignee),
        }
    }

    /// A flag without a value.
    fn switch(mut self, flag: &'static str) -> Self {
        self.args.push(Arg {
            flag,
            values: Vec::new(),
            attached: false,
        });
        self
    }

    /// A flag whose value is a shell variable.
    fn variable(mut self, flag: &'static str, name: impl Into<String>) -> Self {
        self.args.push(Arg {
            flag,
            values: vec![Word::variable(name)],
            attached: false,
        });
        self
    }

    /// A flag with several values (callers make sure none starts with `-`: see [`listable`]).
    fn list(mut self, flag: &'static str, values: impl IntoIterator<Item = String>) -> Self {
        let values: Vec<Word> = values.into_iter().map(Word::value).collect();
        if !values.is_empty() {
            self.args.push(Arg {
                flag,
                values,
                attached: false,
            });
        }
        self
    }

    /// A `show` command's `--query id -o tsv`, which prints the resource id alone.
    fn query_id(mut self) -> Self {
        self.args.push(Arg {
            flag: "--query",
            values: vec![Word::value("id")],
            attached: false,
        });
        self.args.push(Arg {
            flag: "-o",
            values: vec![Word::value("tsv")],
            attached: false,
        });
        self
    }

    /// Lays the command out: one line for up to two flags, else one flag a line.
    fn done(mut self) -> Self {
        self.multiline = self.args.len() > 2;
        self.reads_files = self.args.iter().any(|arg| {
            arg.values.iter().filter(|word| !word.variable).any(|word| {
                if arg.attached {
                    names_file(&word.text)
                } else {
                    reads_file(&word.text)
                }
            })
        });
        self.shellcheck = literal_findings(
            self.args
                .iter()
                .flat_map(|arg| &arg.values)
                .filter(|word| !word.variable)
                .map(|word| word.text.as_str()),
        );
        self
    }
}

/// Whether the az CLI would replace a word of its command line with the contents of a file: before parsing,
/// it splits every word at its first `=` and loads the file named by `@PATH` (standard input for `@-`) when the
/// part after the `=` (or the whole word) starts with `@` (`azure.cli.core.commands._expand_file_prefixed_files`).
/// There is no escape: a value the CLI would read so is attached to its flag, aaz-quoted, or sent in a body.
fn reads_file(word: &str) -> bool {
    names_file(word.split_once('=').map_or(word, |(_, after)| after))
}

/// Whether the CLI would read a value attached to its flag (`--flag=value`) as a file to load: `@PATH`.
fn names_file(value: &str) -> bool {
    value.len() > 1 && value.starts_with('@')
}

/// What shellcheck says about values written literally in single quotes, which is what they are meant to be:
/// `$` or a backtick (SC2016, "expressions don't expand in single quotes"), a backslash (SC1003, "want to
/// escape a single quote?") and a typographic single quote (SC1112, "this is a unicode quote").
pub(crate) fn literal_findings<'v>(values: impl IntoIterator<Item = &'v str>) -> Vec<&'static str> {
    let mut findings = BTreeSet::new();
    for value in values {
        if value.contains(['\\']) {
            findings.insert("SC1003");
        }
        if value.contains(['\u{2018}', '\u{2019}']) {
            findings.insert("SC1112");
        }
        if value.contains(['$', '`']) {
            findings.insert("SC2016");
        }
    }
    findings.into_iter().collect()
}

/// Whether a list of values can follow one flag: none may start with `-`.
fn listable<'v>(values: impl IntoIterator<Item = &'v str>) -> bool {
    values.into_iter().all(|value| !value.starts_with('-'))
}

/// A value as the shorthand syntax of the CLI's "aaz" commands (`az sig create`, `az sig update`) reads it:
/// as it is, unless the parser would take it for something else (`null` for no value, `??` for help, a
/// leading `'` for a quoted string), in which case it is written in the shorthand's quotes, where `'` is `'/`.
fn aaz_string(value: &str) -> String {
    if value == "null" || value == "??" || value.starts_with(['\'', '@']) {
        aaz_quoted(value)
    } else {
        value.to_owned()
    }
}

/// A value in the shorthand syntax's single quotes.
fn aaz_quoted(value: &str) -> String {
    format!("'{}'", value.replace('\'', "'/"))
}

/// A `--tags` item of an aaz command, `key=value`: the key as it is when the shorthand syntax takes it as a
/// plain key (letters, digits, `_`, `-`, not first), else quoted; an empty value quoted, since `key=` means
/// "blank" to the parser.
fn aaz_tag(key: &str, value: &str) -> String {
    let plain_key = !key.is_empty()
        && !key.starts_with('-')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'));
    let key = if plain_key {
        key.to_owned()
    } else {
        aaz_quoted(key)
    };
    let value = if value.is_empty() {
        "''".to_owned()
    } else {
        aaz_string(value)
    };
    format!("{key}={value}")
}

/// Whether tags can be given to an aaz command's `--tags`: the shorthand's `key=value` form stops at a line
/// break.
fn aaz_taggable(tags: &Tags) -> bool {
    tags.iter()
        .all(|(key, value)| !key.contains(['\n', '\r']) && !value.contains(['\n', '\r']))
}

/// Whether tags can be given to a classic command's `--tags` (`key=value`, split at the first `=`): no key
/// may hold `=` or be empty, and no item may start with `-`.
fn classic_taggable(tags: &Tags) -> bool {
    tags.keys()
        .all(|key| !key.is_empty() && !key.contains('=') && !key.starts_with('-'))
}

/// The `--tags` items of a classic command.
fn classic_tags(tags: &Tags) -> impl Iterator<Item = String> + '_ {
    tags.iter().map(|(key, value)| format!("{key}={value}"))
}

/// A `--set` item of an update command: `path=value` with the value as JSON, which `--set` parses, so a
/// string stays a string whatever it holds.
fn json_set(path: &str, value: &Value) -> String {
    format!("{path}={value}")
}

/// Text for a `#` comment: control characters (a line break would end the comment) replaced.
fn comment_text(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect()
}

/// An `az rest` PUT of a resource with the template's body.
#[derive(Debug, Serialize)]
struct Rest {
    /// The resource id with `{subscriptionId}`, which `az rest` fills in, and the API version.
    url: String,
    /// The body, as indented JSON.
    body: String,
    shellcheck: Vec<&'static str>,
}

impl Rest {
    fn checked(mut self) -> Self {
        self.shellcheck = literal_findings([self.url.as_str(), self.body.as_str()]);
        self
    }

    fn new(path: &str, body: &Value) -> Result<Self, GenError> {
        Ok(Self {
            url: format!(
                "/subscriptions/{{subscriptionId}}/resourceGroups/{path}?api-version={}",
                api_versions::GALLERY
            ),
            body: serde_json::to_string_pretty(body)?,
            shellcheck: Vec::new(),
        }
        .checked())
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct View {
    /// The spec's file name, safe in a comment.
    source: String,
    group: Command,
    galleries: Vec<GalleryView>,
    definitions: Vec<DefinitionView>,
    versions: Vec<VersionView>,
    /// Whether there are role assignments (the script then defines `arm_guid` and reads the subscription id).
    sharing: bool,
    /// The role definitions the assignments use, each in a variable named as the template's.
    roles: Vec<RoleView>,
    assignments: Vec<AssignmentView>,
    vms: Vec<VmView>,
    /// The environment variable the admin password of password-authenticated VMs comes from.
    password_variable: Option<&'static str>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct GalleryView {
    name: String,
    /// `az sig show` of a gallery made elsewhere.
    existing: Option<Command>,
    create: Option<Command>,
    /// The template's body, when `az sig create` cannot carry the gallery.
    rest: Option<Rest>,
    /// Why: a tag with a line break.
    line_break: bool,
    /// Why: a value the CLI would read as a file to load.
    reads_files: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(
    clippy::struct_excessive_bools,
    reason = "one flag per comment the template may write"
)]
struct DefinitionView {
    gallery: String,
    name: String,
    existing: Option<Command>,
    create: Option<Command>,
    /// The follow-up `az sig image-definition update --set` for what `create` drops.
    update: Option<Command>,
    rest: Option<Rest>,
    /// The reason for `rest`: security type Standard on generation V2.
    standard_on_v2: bool,
    /// Security type Standard on generation V1, which the CLI drops and the service applies anyway.
    standard_on_v1: bool,
    /// The reason for `rest`: a tag the CLI cannot carry.
    tags_need_rest: bool,
    /// The reason for `rest`: a value the CLI would read as a file to load.
    reads_files: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct VersionView {
    gallery: String,
    definition: String,
    name: String,
    /// `az sig image-version show` of a version made elsewhere.
    existing: Option<Command>,
    create: Option<Command>,
    /// The follow-up `az sig image-version update --set` of per-region exclusions from latest.
    exclusions: Option<Command>,
    rest: Option<Rest>,
    /// Why the version is PUT with `rest`.
    why: VersionRest,
}

/// The reasons a version is PUT with the template's body, each with its own comment.
#[derive(Debug, Clone, Copy, Default, Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(
    clippy::struct_excessive_bools,
    reason = "one flag per comment the template may write"
)]
struct VersionRest {
    /// Disk host caching, which `create` has no flag for.
    host_caching: bool,
    /// `PremiumV2_LRS`, which `create` refuses.
    premium_v2: bool,
    /// Data disks and a per-region exclusion, whose `update` would drop the disks' sources.
    data_disks_and_exclusions: bool,
    /// A list value starting with `-`, or a tag key `--tags` cannot carry.
    values: bool,
    /// A value the CLI would read as a file to load.
    reads_files: bool,
}

impl VersionRest {
    fn any(self) -> bool {
        self.host_caching
            || self.premium_v2
            || self.data_disks_and_exclusions
            || self.values
            || self.reads_files
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct AssignmentView {
    /// What is shared, in words (`image definition`), and the names of its path.
    scope_kind: Vec<&'static str>,
    scope_names: Vec<String>,
    /// The variable holding the scope's resource id, and the `show` command that reads it (the first time).
    scope_variable: String,
    show: Option<ShowCommand>,
    /// What shellcheck says about the object id written literally (nothing, for a valid spec).
    principal_findings: Findings,
    principal_variable: String,
    /// The look-up of the principal's object id, when the spec gives none.
    lookup: Option<Lookup>,
    /// The words the name is the GUID of, in the plan's order: variables, and the object id when the spec
    /// gives it.
    name_inputs: Vec<Word>,
    name_variable: String,
    create: Command,
}

/// A role definition id, held in a variable: `readerRoleDefinitionId`, `customRoleDefinitionId`...
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct RoleView {
    variable: String,
    /// The role definition's GUID.
    guid: String,
}

/// Shellcheck findings to disable before a line that is not a [`Command`].
#[derive(Debug, Serialize)]
struct Findings {
    shellcheck: Vec<&'static str>,
}

/// `az sig show`, `az sig image-definition show` or `az sig image-version show`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ShowCommand {
    noun: Vec<&'static str>,
    command: Command,
}

/// `az ad user show` or `az ad sp show`: the object id of an assignee the spec names by sign-in name.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Lookup {
    noun: Vec<&'static str>,
    command: Command,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct VmView {
    /// `az group create` of the VM's resource group when it is not the spec's, before its first VM there.
    group: Option<GroupView>,
    /// The names of the definition (and version) the VM is made from, for the comment.
    image_names: Vec<String>,
    latest: bool,
    /// A specialized image, for which az vm create still wants credentials it does not send.
    specialized_linux: bool,
    specialized_windows: bool,
    /// The variable holding the image's id, and the `show` that reads it.
    image_variable: String,
    image_show: ShowCommand,
    create: Command,
}

/// A resource group other than the spec's, created before the first VM in it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct GroupView {
    /// Safe in a comment.
    name: String,
    create: Command,
}

impl View {
    fn new(plan: &Plan<'_>, options: &Options) -> Result<Self, GenError> {
        let group = &plan.resource_group;
        let galleries = plan
            .galleries
            .iter()
            .map(|gallery| gallery_view(plan, gallery))
            .collect::<Result<_, _>>()?;
        let definitions = plan
            .image_definitions
            .iter()
            .map(|definition| definition_view(plan, definition))
            .collect::<Result<_, _>>()?;
        let versions = plan
            .image_versions
            .iter()
            .map(|version| version_view(plan, version))
            .collect::<Result<_, _>>()?;
        let mut captured = BTreeSet::new();
        let roles = plan
            .roles
            .iter()
            .map(|role| RoleView {
                variable: role.variable.clone(),
                guid: role.definition_id.clone(),
            })
            .collect();
        let assignments = plan
            .role_assignments
            .iter()
            .map(|assignment| assignment_view(plan, assignment, &mut captured))
            .collect();
        let vms = plan.vms.iter().map(|vm| vm_view(plan, vm)).collect();
        let password_variable = plan
            .vms
            .iter()
            .any(|vm| {
                vm.authentication() == Some(AuthenticationType::Password)
                    || (vm.authentication().is_none()
                        && plan.image_definitions[vm.definition].definition.os_type
                            == OsType::Windows)
            })
            .then_some(PASSWORD_VARIABLE);
        Ok(Self {
            source: comment_text(&options.source_name),
            group: Command::new()
                .flag("--name", &group.name)
                .flag("--location", group.location.as_str())
                .done(),
            galleries,
            definitions,
            versions,
            sharing: !plan.role_assignments.is_empty(),
            roles,
            assignments,
            vms,
            password_variable,
        })
    }
}

/// The location of the resource group, where galleries and definitions go.
fn group_location<'p>(plan: &'p Plan<'_>) -> &'p str {
    plan.resource_group.location.as_str()
}

/// The `--resource-group` and `--gallery-name` every `az sig` command starts with.
fn in_gallery(plan: &Plan<'_>, gallery: &GalleryPlan<'_>) -> Command {
    Command::new()
        .flag("--resource-group", &plan.resource_group.name)
        .flag("--gallery-name", gallery.gallery.name.as_str())
}

fn in_definition(plan: &Plan<'_>, definition: &DefinitionPlan<'_>) -> Command {
    in_gallery(plan, plan.gallery_of(definition)).flag(
        "--gallery-image-definition",
        definition.definition.name.as_str(),
    )
}

fn in_version(plan: &Plan<'_>, version: &VersionPlan<'_>) -> Command {
    in_definition(plan, plan.definition_of(version))
        .flag("--gallery-image-version", version.version.name.as_str())
}

/// The tags of a body, when there are any.
fn insert_tags(body: &mut Map<String, Value>, tags: &Tags) {
    if !tags.is_empty() {
        body.insert("tags".to_owned(), json!(tags));
    }
}

fn insert_some(object: &mut Map<String, Value>, key: &str, value: Option<impl Serialize>) {
    if let Some(value) = value {
        object.insert(key.to_owned(), json!(value));
    }
}

fn gallery_view(plan: &Plan<'_>, gallery: &GalleryPlan<'_>) -> Result<GalleryView, GenError> {
    let spec = gallery.gallery;
    let mut view = GalleryView {
        name: spec.name.to_string(),
        existing: None,
        create: None,
        rest: None,
        line_break: false,
        reads_files: false,
    };
    if spec.existing {
        view.existing = Some(in_gallery(plan, gallery).done());
        return Ok(view);
    }
    let sharing = gallery.sharing;
    let community = sharing
        .and_then(|sharing| sharing.community)
        .unwrap_or_default();
    let command = in_gallery(plan, gallery)
        .flag_if("--description", spec.description.as_deref().map(aaz_string))
        .list(
            "--tags",
            spec.tags.iter().map(|(key, value)| aaz_tag(key, value)),
        )
        .flag_if(
            "--soft-delete",
            spec.soft_delete.map(|soft_delete| soft_delete.to_string()),
        )
        .flag_if(
            "--permissions",
            sharing.map(|sharing| sharing.permissions.as_str()),
        )
        .flag_if("--publisher-uri", community.publisher_uri.map(aaz_string))
        .flag_if(
            "--publisher-email",
            community.publisher_contact.map(aaz_string),
        )
        .flag_if("--eula", community.eula.map(aaz_string))
        .flag_if(
            "--public-name-prefix",
            community.public_name_prefix.map(aaz_string),
        );
    let command = command.done();
    view.line_break = !aaz_taggable(&spec.tags);
    view.reads_files = command.reads_files;
    if view.line_break || view.reads_files {
        let path = format!(
            "{}/providers/Microsoft.Compute/galleries/{}",
            plan.resource_group.name, spec.name
        );
        view.rest = Some(Rest::new(&path, &gallery_body(plan, gallery))?);
        return Ok(view);
    }
    view.create = Some(command);
    Ok(view)
}

/// The gallery as the template deploys it.
fn gallery_body(plan: &Plan<'_>, gallery: &GalleryPlan<'_>) -> Value {
    let spec = gallery.gallery;
    let mut properties = Map::new();
    insert_some(&mut properties, "description", spec.description.as_deref());
    if let Some(plan_sharing) = gallery.sharing {
        let mut sharing = Map::new();
        sharing.insert(
            "permissions".to_owned(),
            json!(plan_sharing.permissions.as_str()),
        );
        if let Some(community) = plan_sharing.community {
            sharing.insert(
                "communityGalleryInfo".to_owned(),
                community_body(&community),
            );
        }
        properties.insert("sharingProfile".to_owned(), Value::Object(sharing));
    }
    if let Some(soft_delete) = spec.soft_delete {
        properties.insert(
            "softDeletePolicy".to_owned(),
            json!({ "isSoftDeleteEnabled": soft_delete }),
        );
    }
    let mut body = Map::new();
    body.insert("location".to_owned(), json!(group_location(plan)));
    insert_tags(&mut body, &spec.tags);
    body.insert("properties".to_owned(), Value::Object(properties));
    Value::Object(body)
}

/// `communityGalleryInfo` as the template deploys it.
fn community_body(community: &CommunityPlan<'_>) -> Value {
    let mut info = Map::new();
    insert_some(&mut info, "publisherUri", community.publisher_uri);
    insert_some(&mut info, "publisherContact", community.publisher_contact);
    insert_some(&mut info, "eula", community.eula);
    insert_some(&mut info, "publicNamePrefix", community.public_name_prefix);
    Value::Object(info)
}

fn definition_view(
    plan: &Plan<'_>,
    definition: &DefinitionPlan<'_>,
) -> Result<DefinitionView, GenError> {
    let spec = definition.definition;
    let gallery = plan.gallery_of(definition);
    let mut view = DefinitionView {
        gallery: gallery.gallery.name.to_string(),
        name: spec.name.to_string(),
        existing: None,
        create: None,
        update: None,
        rest: None,
        standard_on_v2: false,
        standard_on_v1: false,
        tags_need_rest: false,
        reads_files: false,
    };
    if spec.existing {
        view.existing = Some(in_definition(plan, definition).done());
        return Ok(view);
    }
    let create = definition_create(plan, definition);
    let update = definition_update(plan, definition);
    view.standard_on_v2 = definition.hyper_v_generation == HyperVGeneration::V2
        && definition.security_type == SecurityType::Standard;
    view.standard_on_v1 = definition.hyper_v_generation == HyperVGeneration::V1
        && definition.security_type == SecurityType::Standard;
    view.tags_need_rest = !classic_taggable(&spec.tags);
    view.reads_files =
        create.reads_files || update.as_ref().is_some_and(|update| update.reads_files);
    if view.standard_on_v2 || view.tags_need_rest || view.reads_files {
        let path = format!(
            "{}/providers/Microsoft.Compute/galleries/{}/images/{}",
            plan.resource_group.name, gallery.gallery.name, spec.name
        );
        view.rest = Some(Rest::new(&path, &definition_body(plan, definition))?);
        return Ok(view);
    }
    view.create = Some(create);
    view.update = update;
    Ok(view)
}

/// `az sig image-definition create` with every property it carries.
fn definition_create(plan: &Plan<'_>, definition: &DefinitionPlan<'_>) -> Command {
    let spec = definition.definition;
    let features: Vec<String> = definition
        .features
        .iter()
        .map(|feature| format!("{}={}", feature.name, feature.value))
        .collect();
    let count = |value: Option<u32>| value.map(|value| value.to_string());
    in_definition(plan, definition)
        .flag("--publisher", spec.publisher.as_str())
        .flag("--offer", spec.offer.as_str())
        .flag("--sku", spec.sku.as_str())
        .flag("--os-type", spec.os_type.as_str())
        .flag("--os-state", spec.os_state.as_str().to_ascii_lowercase())
        .flag(
            "--hyper-v-generation",
            definition.hyper_v_generation.as_str(),
        )
        .flag("--features", features.join(" "))
        .flag("--architecture", definition.architecture.as_str())
        .flag_if("--minimum-cpu-core", count(spec.minimum_cpu_core))
        .flag_if("--maximum-cpu-core", count(spec.maximum_cpu_core))
        .flag_if("--minimum-memory", count(spec.minimum_memory))
        .flag_if("--maximum-memory", count(spec.maximum_memory))
        .list(
            "--disallowed-disk-types",
            spec.disallowed_disk_types.iter().cloned(),
        )
        .flag_if(
            "--end-of-life-date",
            spec.end_of_life_date.map(|date| date.to_string()),
        )
        .flag_if("--eula", spec.eula.as_deref())
        .flag_if("--plan-name", spec.plan_name.as_deref())
        .flag_if("--plan-product", spec.plan_product.as_deref())
        .flag_if("--plan-publisher", spec.plan_publisher.as_deref())
        .list("--tags", classic_tags(&spec.tags))
        .done()
}

/// `az sig image-definition update --set` of what `create` drops, as JSON strings.
fn definition_update(plan: &Plan<'_>, definition: &DefinitionPlan<'_>) -> Option<Command> {
    let spec = definition.definition;
    let sets: Vec<String> = [
        ("description", &spec.description),
        ("privacyStatementUri", &spec.privacy_statement_uri),
        ("releaseNoteUri", &spec.release_note_uri),
    ]
    .into_iter()
    .filter_map(|(path, value)| value.as_deref().map(|value| json_set(path, &json!(value))))
    .collect();
    (!sets.is_empty()).then(|| in_definition(plan, definition).list("--set", sets).done())
}

/// The image definition as the template deploys it.
fn definition_body(plan: &Plan<'_>, definition: &DefinitionPlan<'_>) -> Value {
    let spec = definition.definition;
    let mut properties = Map::new();
    insert_some(&mut properties, "description", spec.description.as_deref());
    properties.insert(
        "identifier".to_owned(),
        json!({ "publisher": spec.publisher.as_str(), "offer": spec.offer.as_str(), "sku": spec.sku.as_str() }),
    );
    properties.insert("osType".to_owned(), json!(spec.os_type.as_str()));
    properties.insert("osState".to_owned(), json!(spec.os_state.as_str()));
    properties.insert(
        "hyperVGeneration".to_owned(),
        json!(definition.hyper_v_generation.as_str()),
    );
    properties.insert(
        "architecture".to_owned(),
        json!(definition.architecture.as_str()),
    );
    let features: Vec<Value> = definition
        .features
        .iter()
        .map(|feature| json!({ "name": feature.name, "value": feature.value }))
        .collect();
    properties.insert("features".to_owned(), Value::Array(features));
    let mut recommended = Map::new();
    for (key, min, max) in [
        ("vCPUs", spec.minimum_cpu_core, spec.maximum_cpu_core),
        ("memory", spec.minimum_memory, spec.maximum_memory),
    ] {
        if min.is_some() || max.is_some() {
            let mut range = Map::new();
            insert_some(&mut range, "min", min);
            insert_some(&mut range, "max", max);
            recommended.insert(key.to_owned(), Value::Object(range));
        }
    }
    if !recommended.is_empty() {
        properties.insert("recommended".to_owned(), Value::Object(recommended));
    }
    if !spec.disallowed_disk_types.is_empty() {
        properties.insert(
            "disallowed".to_owned(),
            json!({ "diskTypes": spec.disallowed_disk_types }),
        );
    }
    insert_some(
        &mut properties,
        "endOfLifeDate",
        spec.end_of_life_date.map(|date| date.to_string()),
    );
    insert_some(&mut properties, "eula", spec.eula.as_deref());
    insert_some(
        &mut properties,
        "privacyStatementUri",
        spec.privacy_statement_uri.as_deref(),
    );
    insert_some(
        &mut properties,
        "releaseNoteUri",
        spec.release_note_uri.as_deref(),
    );
    if spec.plan_name.is_some() || spec.plan_product.is_some() || spec.plan_publisher.is_some() {
        let mut purchase_plan = Map::new();
        insert_some(&mut purchase_plan, "name", spec.plan_name.as_deref());
        insert_some(
            &mut purchase_plan,
            "publisher",
            spec.plan_publisher.as_deref(),
        );
        insert_some(&mut purchase_plan, "product", spec.plan_product.as_deref());
        properties.insert("purchasePlan".to_owned(), Value::Object(purchase_plan));
    }
    let mut body = Map::new();
    body.insert("location".to_owned(), json!(group_location(plan)));
    insert_tags(&mut body, &spec.tags);
    body.insert("properties".to_owned(), Value::Object(properties));
    Value::Object(body)
}

fn version_view(plan: &Plan<'_>, version: &VersionPlan<'_>) -> Result<VersionView, GenError> {
    let spec = version.version;
    let definition = plan.definition_of(version);
    let Some(source) = version.source else {
        return Ok(VersionView {
            gallery: plan.gallery_of(definition).gallery.name.to_string(),
            definition: definition.definition.name.to_string(),
            name: spec.name.to_string(),
            existing: Some(in_version(plan, version).done()),
            create: None,
            exclusions: None,
            rest: None,
            why: VersionRest::default(),
        });
    };
    let regions = &version.target_regions;
    let exclusions: Vec<String> = regions
        .iter()
        .enumerate()
        .filter_map(|(index, region)| {
            region.exclude_from_latest.map(|exclude| {
                json_set(
                    &format!("publishingProfile.targetRegions[{index}].excludeFromLatest"),
                    &json!(exclude),
                )
            })
        })
        .collect();
    let host_caching = spec.os_disk_host_caching.is_some()
        || spec
            .data_snapshots
            .iter()
            .any(|disk| disk.host_caching.is_some());
    let premium_v2 = !CLI_STORAGE_TYPES.contains(&version.storage_account_type)
        || regions.iter().any(|region| {
            region
                .storage_account_type
                .is_some_and(|storage| !CLI_STORAGE_TYPES.contains(&storage))
        });
    let data_disks_and_exclusions = !spec.data_snapshots.is_empty() && !exclusions.is_empty();
    let values_need_rest = !classic_taggable(&spec.tags)
        || !listable(
            spec.data_snapshots
                .iter()
                .map(|disk| disk.snapshot.as_str()),
        );
    let create = version_create(plan, version, source);
    let exclusions = (!exclusions.is_empty())
        .then(|| in_version(plan, version).list("--set", exclusions).done());
    let reads_files = create.reads_files;
    let mut view = VersionView {
        gallery: plan.gallery_of(definition).gallery.name.to_string(),
        definition: definition.definition.name.to_string(),
        name: spec.name.to_string(),
        existing: None,
        create: None,
        exclusions: None,
        rest: None,
        why: VersionRest {
            host_caching,
            premium_v2,
            data_disks_and_exclusions,
            values: values_need_rest,
            reads_files,
        },
    };
    if view.why.any() {
        let path = format!(
            "{}/providers/Microsoft.Compute/galleries/{}/images/{}/versions/{}",
            plan.resource_group.name, view.gallery, view.definition, spec.name
        );
        view.rest = Some(Rest::new(&path, &version_body(version, source))?);
        return Ok(view);
    }
    view.create = Some(create);
    view.exclusions = exclusions;
    Ok(view)
}

/// `az sig image-version create` with every property the template gives the version.
fn version_create(
    plan: &Plan<'_>,
    version: &VersionPlan<'_>,
    source: VersionSource<'_>,
) -> Command {
    let spec = version.version;
    let mut create = in_version(plan, version);
    if version.location.region().as_str() != group_location(plan) {
        create = create.flag("--location", version.location.region().as_str());
    }
    create = match source {
        VersionSource::ManagedImage(id) => create.flag("--managed-image", id),
        VersionSource::VirtualMachine(id) => create.flag("--virtual-machine", id),
        VersionSource::Snapshot(id) => create
            .flag("--os-snapshot", id)
            .list(
                "--data-snapshots",
                spec.data_snapshots.iter().map(|disk| disk.snapshot.clone()),
            )
            .list(
                "--data-snapshot-luns",
                spec.data_snapshots.iter().map(|disk| disk.lun.to_string()),
            ),
        VersionSource::Vhd {
            uri,
            storage_account,
        } => create
            .flag("--os-vhd-uri", uri)
            .flag("--os-vhd-storage-account", storage_account),
    };
    let create = create
        .list(
            "--target-regions",
            version.target_regions.iter().map(target_region_word),
        )
        .flag("--replica-count", version.replica_count.to_string())
        .flag(
            "--storage-account-type",
            version.storage_account_type.as_str(),
        )
        .flag("--replication-mode", version.replication_mode.as_str())
        .flag(
            "--exclude-from-latest",
            version.exclude_from_latest.to_string(),
        )
        .flag_if(
            "--end-of-life-date",
            spec.end_of_life_date.map(|date| date.to_string()),
        )
        .list("--tags", classic_tags(&spec.tags));
    create.done()
}

/// A `--target-regions` item: `region=count`, or `region=count=storage`.
fn target_region_word(region: &TargetRegionPlan<'_>) -> String {
    let name = region.location.region().as_str();
    match region.storage_account_type {
        Some(storage) => format!("{name}={}={}", region.replica_count, storage.as_str()),
        None => format!("{name}={}", region.replica_count),
    }
}

/// The image version as the template deploys it.
fn version_body(version: &VersionPlan<'_>, source: VersionSource<'_>) -> Value {
    let spec = version.version;
    let regions: Vec<Value> = version
        .target_regions
        .iter()
        .map(|region| {
            let mut entry = Map::new();
            entry.insert("name".to_owned(), json!(region.location.region().as_str()));
            entry.insert(
                "regionalReplicaCount".to_owned(),
                json!(region.replica_count),
            );
            insert_some(
                &mut entry,
                "storageAccountType",
                region.storage_account_type.map(StorageAccountType::as_str),
            );
            insert_some(&mut entry, "excludeFromLatest", region.exclude_from_latest);
            Value::Object(entry)
        })
        .collect();
    let mut publishing = Map::new();
    publishing.insert("targetRegions".to_owned(), Value::Array(regions));
    publishing.insert("replicaCount".to_owned(), json!(version.replica_count));
    publishing.insert(
        "storageAccountType".to_owned(),
        json!(version.storage_account_type.as_str()),
    );
    publishing.insert(
        "replicationMode".to_owned(),
        json!(version.replication_mode.as_str()),
    );
    publishing.insert(
        "excludeFromLatest".to_owned(),
        json!(version.exclude_from_latest),
    );
    insert_some(
        &mut publishing,
        "endOfLifeDate",
        spec.end_of_life_date.map(|date| date.to_string()),
    );
    let host_caching = spec.os_disk_host_caching.map(HostCaching::as_str);
    let mut storage = Map::new();
    let mut os_disk = Map::new();
    insert_some(&mut os_disk, "hostCaching", host_caching);
    match source {
        VersionSource::ManagedImage(id) => {
            storage.insert("source".to_owned(), json!({ "id": id }));
        }
        VersionSource::VirtualMachine(id) => {
            storage.insert("source".to_owned(), json!({ "virtualMachineId": id }));
        }
        VersionSource::Snapshot(id) => {
            os_disk.insert("source".to_owned(), json!({ "id": id }));
        }
        VersionSource::Vhd {
            uri,
            storage_account,
        } => {
            os_disk.insert(
                "source".to_owned(),
                json!({ "uri": uri, "storageAccountId": storage_account }),
            );
        }
    }
    if !os_disk.is_empty() {
        storage.insert("osDiskImage".to_owned(), Value::Object(os_disk));
    }
    if !spec.data_snapshots.is_empty() {
        let disks: Vec<Value> = spec
            .data_snapshots
            .iter()
            .map(|disk| {
                let mut entry = Map::new();
                entry.insert("lun".to_owned(), json!(disk.lun));
                insert_some(
                    &mut entry,
                    "hostCaching",
                    disk.host_caching.map(HostCaching::as_str),
                );
                entry.insert("source".to_owned(), json!({ "id": disk.snapshot }));
                Value::Object(entry)
            })
            .collect();
        storage.insert("dataDiskImages".to_owned(), Value::Array(disks));
    }
    let mut body = Map::new();
    body.insert(
        "location".to_owned(),
        json!(version.location.region().as_str()),
    );
    insert_tags(&mut body, &spec.tags);
    body.insert(
        "properties".to_owned(),
        json!({ "publishingProfile": Value::Object(publishing), "storageProfile": Value::Object(storage) }),
    );
    Value::Object(body)
}

/// The `show` command that reads the id of a gallery, definition or version, the words naming its kind and
/// the names of its path.
fn show_of(plan: &Plan<'_>, scope: Scope) -> (ShowCommand, Vec<&'static str>, Vec<String>) {
    match scope {
        Scope::Gallery(index) => {
            let gallery = &plan.galleries[index];
            (
                ShowCommand {
                    noun: vec!["sig"],
                    command: in_gallery(plan, gallery).query_id().done(),
                },
                vec!["gallery"],
                vec![gallery.gallery.name.to_string()],
            )
        }
        Scope::ImageDefinition(index) => {
            let definition = &plan.image_definitions[index];
            (
                ShowCommand {
                    noun: vec!["sig", "image-definition"],
                    command: in_definition(plan, definition).query_id().done(),
                },
                vec!["image", "definition"],
                vec![
                    plan.gallery_of(definition).gallery.name.to_string(),
                    definition.definition.name.to_string(),
                ],
            )
        }
        Scope::ImageVersion(index) => {
            let version = &plan.image_versions[index];
            let definition = plan.definition_of(version);
            (
                ShowCommand {
                    noun: vec!["sig", "image-version"],
                    command: in_version(plan, version).query_id().done(),
                },
                vec!["image", "version"],
                vec![
                    plan.gallery_of(definition).gallery.name.to_string(),
                    definition.definition.name.to_string(),
                    version.version.name.to_string(),
                ],
            )
        }
    }
}

/// The variable holding the id of a gallery, definition or version: its symbol and `Id`.
fn id_variable(plan: &Plan<'_>, scope: Scope) -> String {
    format!("{}Id", plan.scope_naming(scope).symbol)
}

fn assignment_view(
    plan: &Plan<'_>,
    assignment: &RoleAssignmentPlan<'_>,
    captured: &mut BTreeSet<String>,
) -> AssignmentView {
    let (show, scope_kind, scope_names) = show_of(plan, assignment.scope);
    let scope_variable = id_variable(plan, assignment.scope);
    let show = captured.insert(scope_variable.clone()).then_some(show);
    let symbol = &assignment.naming.symbol;
    let principal_variable = format!("{symbol}PrincipalId");
    let principal_id = match assignment.principal {
        Principal::ObjectId(id) => Some(id),
        Principal::SignInName(_) | Principal::ServicePrincipalName(_) => None,
    };
    let role = plan.role_of(assignment);
    let name_inputs = ASSIGNMENT_NAME_INPUTS
        .iter()
        .map(|input| match input {
            AssignmentNameInput::ScopeId => Word::variable(&scope_variable),
            AssignmentNameInput::PrincipalId => {
                principal_id.map_or_else(|| Word::variable(&principal_variable), Word::value)
            }
            AssignmentNameInput::RoleDefinitionId => Word::variable(&role.variable),
        })
        .collect();
    let name_variable = format!("{symbol}Name");
    let create = Command::new()
        .flag("--role", role.name.unwrap_or(&role.definition_id))
        .principal(assignment)
        .variable("--scope", &scope_variable)
        .variable("--name", &name_variable)
        .done();
    AssignmentView {
        scope_kind,
        scope_names,
        scope_variable,
        show,
        principal_findings: Findings {
            shellcheck: literal_findings(principal_id),
        },
        principal_variable,
        lookup: principal_lookup(assignment.principal),
        name_inputs,
        name_variable,
        create,
    }
}

/// `az ad user show` or `az ad sp show` for the object id of a principal the spec names by sign-in name or
/// service principal name, as `az role assignment create` resolves it.
fn principal_lookup(principal: Principal<'_>) -> Option<Lookup> {
    let (noun, name) = match principal {
        Principal::ObjectId(_) => return None,
        Principal::SignInName(name) => (vec!["ad", "user"], name),
        Principal::ServicePrincipalName(name) => (vec!["ad", "sp"], name),
    };
    Some(Lookup {
        noun,
        command: Command::new().flag("--id", name).query_id().done(),
    })
}

fn vm_view(plan: &Plan<'_>, vm: &VmPlan<'_>) -> VmView {
    let spec = vm.vm;
    let scope = match vm.image {
        VmImage::Latest(index) => Scope::ImageDefinition(index),
        VmImage::Version(index) => Scope::ImageVersion(index),
    };
    let (image_show, _, image_names) = show_of(plan, scope);
    let image_variable = format!("{}ImageId", vm.naming.symbol);
    let definition = &plan.image_definitions[vm.definition];
    let mut create = Command::new()
        .flag("--resource-group", vm.resource_group)
        .flag("--name", &spec.name)
        .variable("--image", &image_variable)
        .flag("--size", vm.size);
    // az vm create puts a VM in its resource group's location unless told otherwise.
    if vm.location.region() != plan.group_location_of(vm) {
        create = create.flag("--location", vm.location.region().as_str());
    }
    let group = plan
        .nested_deployment_of(vm)
        .filter(|(nested, _)| nested.creates_group)
        .map(|(_, group)| GroupView {
            name: comment_text(group.name),
            create: Command::new()
                .flag("--name", group.name)
                .flag("--location", group.location.as_str())
                .done(),
        });
    // An image that requires Trusted Launch needs a Trusted Launch VM, which az vm create does not infer.
    if let Some(profile) = vm.security_profile {
        create = create
            .flag("--security-type", profile.security_type.as_str())
            .flag("--enable-secure-boot", profile.secure_boot.to_string())
            .flag("--enable-vtpm", profile.vtpm.to_string());
    }
    let specialized = definition.definition.os_state == OsState::Specialized;
    if specialized {
        create = create.switch("--specialized");
        // az vm create asks for credentials even for a specialized image, although it then sends no OS profile.
        create = match definition.definition.os_type {
            OsType::Linux => create.switch("--generate-ssh-keys"),
            OsType::Windows => create.variable("--admin-password", PASSWORD_VARIABLE),
        };
    }
    if let Some(profile) = &vm.os_profile {
        create = create.flag("--admin-username", profile.admin_username);
        create = match &profile.credential {
            Credential::Ssh { public_key, .. } => create
                .flag("--authentication-type", "ssh")
                .flag_if("--ssh-key-values", *public_key),
            Credential::Password { .. } => create
                .flag("--authentication-type", "password")
                .variable("--admin-password", PASSWORD_VARIABLE),
        };
    }
    // Unnamed, the network of a VM is one az vm create finds in the resource group, if any: an earlier VM's,
    // where the templates make one per VM. Named, it is made anew.
    if shares_group_with_an_earlier_vm(plan, vm) {
        create = create
            .flag("--vnet-name", vm.network.virtual_network.apply(&spec.name))
            .flag("--subnet", vm.network.subnet.apply(&spec.name));
    }
    if vm.network.public_ip.is_none() {
        create = create.flag("--public-ip-address", "");
    }
    create = create.flag_if("--public-ip-address-dns-name", vm.dns_label);
    if let Some(rule) = nsg_rule_flag(vm.network.nsg_rule, definition.definition.os_type) {
        create = create.flag("--nsg-rule", rule);
    }
    create = create.list("--tags", classic_tags(&spec.tags));
    VmView {
        group,
        image_names,
        latest: matches!(vm.image, VmImage::Latest(_)),
        specialized_linux: specialized && definition.definition.os_type == OsType::Linux,
        specialized_windows: specialized && definition.definition.os_type == OsType::Windows,
        image_variable,
        image_show,
        create: create.done(),
    }
}

/// Whether a VM made before this one by the script is in the same resource group.
fn shares_group_with_an_earlier_vm(plan: &Plan<'_>, vm: &VmPlan<'_>) -> bool {
    plan.vms
        .iter()
        .take_while(|earlier| !std::ptr::eq(*earlier, vm))
        .any(|earlier| same_name(earlier.resource_group, vm.resource_group))
}

/// `--nsg-rule`, when the VM's rule is not the one az vm create opens by default (SSH on Linux, RDP on
/// Windows, whether or not the VM has a public IP).
fn nsg_rule_flag(rule: NsgRule, os_type: OsType) -> Option<&'static str> {
    let cli_default = match os_type {
        OsType::Linux => NsgRule::Ssh,
        OsType::Windows => NsgRule::Rdp,
    };
    (rule != cli_default).then_some(match rule {
        NsgRule::Ssh => "SSH",
        NsgRule::Rdp => "RDP",
        NsgRule::None => "NONE",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nsg_rule_is_passed_only_where_it_differs_from_the_clis_default() {
        assert_eq!(nsg_rule_flag(NsgRule::Ssh, OsType::Linux), None);
        assert_eq!(nsg_rule_flag(NsgRule::Rdp, OsType::Windows), None);
        assert_eq!(nsg_rule_flag(NsgRule::None, OsType::Linux), Some("NONE"));
        assert_eq!(nsg_rule_flag(NsgRule::Ssh, OsType::Windows), Some("SSH"));
    }

    #[test]
    fn aaz_values_that_the_shorthand_would_misread_are_quoted() {
        assert_eq!(aaz_string("Golden images"), "Golden images");
        assert_eq!(aaz_string("null"), "'null'");
        assert_eq!(aaz_string("??"), "'??'");
        assert_eq!(aaz_string("'quoted' it's"), "''/quoted'/ it'/s'");
        assert_eq!(aaz_tag("owner", "platform"), "owner=platform");
        assert_eq!(aaz_tag("cost center", ""), "'cost center'=''");
        assert_eq!(aaz_tag("-x", "null"), "'-x'='null'");
    }

    #[test]
    fn literal_values_name_what_shellcheck_would_flag() {
        assert!(literal_findings(["myGallery", "it's"]).is_empty());
        assert_eq!(
            literal_findings(["$(x)", "a\\b", "\u{2019}"]),
            ["SC1003", "SC1112", "SC2016"]
        );
    }

    #[test]
    fn comments_cannot_hold_line_breaks() {
        assert_eq!(comment_text("a\nb.toml"), "a\u{FFFD}b.toml");
    }
}
