//! Walking a resource description and collecting every finding with its path.
//!
//! `#[derive(Validate)]` writes [`Validate::validate_into`] for a struct: each field with
//! `#[validate(nested)]` or `#[validate(check = f)]` is visited under its spec key, and each
//! container-level `#[validate(check = f)]` sees the whole value.

use jiff::civil::Date;

use crate::diagnostic::{Diagnostic, FieldPath, Segment};
use crate::rule::Rule;

/// Which form of the rules applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// The intersection of every credible source: what sigil generates.
    #[default]
    Strict,
    /// What the service still accepts: for checking resources that already exist.
    Lenient,
}

/// What rules may know beyond the value itself. The core does no I/O, so the caller says what day it is.
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub mode: Mode,
    /// Today's date, for end-of-life dates that must lie in the future; `None` skips those checks.
    pub today: Option<Date>,
}

impl Context {
    pub fn strict() -> Self {
        Self::default()
    }

    #[must_use]
    pub fn with_mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }

    #[must_use]
    pub fn with_today(mut self, today: Date) -> Self {
        self.today = Some(today);
        self
    }
}

/// Collects diagnostics while a value is walked, keeping track of the path to the current field.
#[derive(Debug)]
pub struct Validator<'a> {
    context: &'a Context,
    path: FieldPath,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Validator<'a> {
    pub fn new(context: &'a Context) -> Self {
        Self {
            context,
            path: FieldPath::root(),
            diagnostics: Vec::new(),
        }
    }

    pub fn context(&self) -> &'a Context {
        self.context
    }

    pub fn mode(&self) -> Mode {
        self.context.mode
    }

    pub fn path(&self) -> &FieldPath {
        &self.path
    }

    /// Reports a finding about the value being visited.
    pub fn report(&mut self, rule: &'static Rule, message: impl Into<String>) {
        let diagnostic = Diagnostic::new(rule, message).at(self.path.clone());
        self.diagnostics.push(diagnostic);
    }

    /// Reports a finding about one field of the value being visited.
    pub fn report_at(
        &mut self,
        key: &'static str,
        rule: &'static Rule,
        message: impl Into<String>,
    ) {
        let diagnostic = Diagnostic::new(rule, message).at(self.path.key(key));
        self.diagnostics.push(diagnostic);
    }

    /// Reports a finding at a path below the value being visited (`image-version[2].target-regions`).
    pub fn report_below(
        &mut self,
        below: &FieldPath,
        rule: &'static Rule,
        message: impl Into<String>,
    ) {
        let mut path = self.path.clone();
        for segment in below.segments() {
            match segment {
                Segment::Key(key) => path.push_key(key.clone()),
                Segment::Index(index) => path.push_index(*index),
            }
        }
        self.diagnostics
            .push(Diagnostic::new(rule, message).at(path));
    }

    /// Adds findings made elsewhere (a name check, say), placing them at the current path.
    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        for diagnostic in diagnostics {
            self.diagnostics.push(diagnostic.at(self.path.clone()));
        }
    }

    /// Runs `visit` with `key` appended to the current path.
    pub fn in_field<R>(&mut self, key: &'static str, visit: impl FnOnce(&mut Self) -> R) -> R {
        self.path.push_key(key);
        let result = visit(self);
        self.path.pop();
        result
    }

    /// Runs `visit` with `[index]` appended to the current path.
    pub fn in_index<R>(&mut self, index: usize, visit: impl FnOnce(&mut Self) -> R) -> R {
        self.path.push_index(index);
        let result = visit(self);
        self.path.pop();
        result
    }

    pub fn finish(self) -> Vec<Diagnostic> {
        self.diagnostics
    }
}

/// A value whose rules can be checked, every violation collected rather than the first.
pub trait Validate {
    fn validate_into(&self, validator: &mut Validator<'_>);

    fn validate(&self, context: &Context) -> Vec<Diagnostic> {
        let mut validator = Validator::new(context);
        self.validate_into(&mut validator);
        validator.finish()
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate_into(&self, validator: &mut Validator<'_>) {
        if let Some(value) = self {
            value.validate_into(validator);
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_into(&self, validator: &mut Validator<'_>) {
        self.as_slice().validate_into(validator);
    }
}

impl<T: Validate> Validate for [T] {
    fn validate_into(&self, validator: &mut Validator<'_>) {
        for (index, item) in self.iter().enumerate() {
            validator.in_index(index, |validator| item.validate_into(validator));
        }
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate_into(&self, validator: &mut Validator<'_>) {
        (**self).validate_into(validator);
    }
}

impl<T: Validate, const N: usize> Validate for [T; N] {
    fn validate_into(&self, validator: &mut Validator<'_>) {
        self.as_slice().validate_into(validator);
    }
}

impl<T: Validate + ?Sized> Validate for &T {
    fn validate_into(&self, validator: &mut Validator<'_>) {
        (**self).validate_into(validator);
    }
}
