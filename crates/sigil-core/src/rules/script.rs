//! Gallery script rules (`galleries/scripts`, new in API 2025-03-03).

use crate::diagnostic::Severity;
use crate::rule::{Rule, RuleGroup};
use crate::rules::sources::ARM_SCHEMA;

pub static SIG501: Rule = Rule {
    id: "SIG501",
    name: "script-name",
    group: RuleGroup::Script,
    severity: Severity::Error,
    summary: "Gallery script names are ASCII letters and digits, with single underscores between them",
    explanation: "The ARM schema's pattern is `^[a-zA-Z0-9]+([_]?[a-zA-Z0-9]+)*$`: no `-` or `.`, no leading, \
trailing or doubled `_`. No length limit is documented. Script versions follow the version rules (SIG301-SIG304).",
    lenient: None,
    sources: &[ARM_SCHEMA],
    valid: &["a", "setup_disks", "Script01"],
    invalid: &["", "setup-disks", "_setup", "setup_", "setup__disks"],
};
