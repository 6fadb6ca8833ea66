//! What a rule is, as data: the part of a rule that `sigil rules`, the docs and every diagnostic read.

use std::fmt;

use crate::diagnostic::Severity;

/// Where a rule comes from: a Microsoft page, the REST spec, a service error text seen in the wild.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    pub title: &'static str,
    pub url: &'static str,
}

/// The resource kind a rule is about; it also decides the rule's id range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleGroup {
    Common,
    Gallery,
    ImageDefinition,
    Version,
    Application,
    Script,
    Sharing,
    Vm,
}

impl RuleGroup {
    pub fn title(self) -> &'static str {
        match self {
            RuleGroup::Common => "Every resource",
            RuleGroup::Gallery => "Galleries",
            RuleGroup::ImageDefinition => "Image definitions",
            RuleGroup::Version => "Image, application and script versions",
            RuleGroup::Application => "Gallery applications",
            RuleGroup::Script => "Gallery scripts",
            RuleGroup::Sharing => "Sharing and role assignments",
            RuleGroup::Vm => "Virtual machines from gallery images",
        }
    }
}

/// One rule of the registry. The check that applies it lives beside the resource it is about; this is
/// the part that never changes with the code: a stable id, what it says, and why.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable forever: `SIG102`. Never reused, never renumbered.
    pub id: &'static str,
    /// A kebab-case name for people: `gallery-name-characters`.
    pub name: &'static str,
    pub group: RuleGroup,
    pub severity: Severity,
    /// One line: what must hold.
    pub summary: &'static str,
    /// Why it holds, with the service's own words where they exist.
    pub explanation: &'static str,
    /// What the lenient form (for resources that already exist) accepts instead, if it differs.
    pub lenient: Option<&'static str>,
    pub sources: &'static [Source],
    /// Values the rule accepts and rejects, shown by `sigil rules ID` and checked by the tests.
    pub valid: &'static [&'static str],
    pub invalid: &'static [&'static str],
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.id, self.name)
    }
}
