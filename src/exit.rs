//! Exit codes, the same for every command.

use std::process::ExitCode;

use sigil_core::Diagnostic;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    /// Nothing wrong (warnings allowed).
    Clean = 0,
    /// At least one rule reported an error.
    RuleErrors = 1,
    /// Bad usage or unreadable input.
    InputError = 2,
}

impl Status {
    pub(crate) fn from_diagnostics<'a>(
        diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
    ) -> Self {
        if diagnostics.into_iter().any(Diagnostic::is_error) {
            Status::RuleErrors
        } else {
            Status::Clean
        }
    }
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> Self {
        ExitCode::from(status as u8)
    }
}
