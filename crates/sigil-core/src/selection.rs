//! Which rules apply: `--select`, `--ignore`, a `[lint]` section and `sigil: ignore[...]` comments all name
//! rules the same way, by id (`SIG102`), by name (`gallery-name-characters`) or by id prefix (`SIG1`, every
//! gallery rule; `SIG`, every rule).
//!
//! Syntax errors (`SIG000`) cannot be turned off: a file sigil cannot read hides everything else in it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::rule::Rule;
use crate::rules::{self, SIG000};
use crate::suggest;

/// A way of naming one or more rules, known to name at least one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector {
    written: String,
    kind: SelectorKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SelectorKind {
    Rule(&'static Rule),
    /// Every rule whose id starts with the prefix (upper-cased).
    IdPrefix,
}

/// A selector that names no rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{written}` is not a rule id, rule name or id prefix{}", suggestion.as_ref().map(|s| format!(": did you mean `{s}`?")).unwrap_or_default())]
pub struct UnknownSelector {
    pub written: String,
    pub suggestion: Option<&'static str>,
}

impl Selector {
    /// Whether this selector names `rule`.
    pub fn matches(&self, rule: &Rule) -> bool {
        match self.kind {
            SelectorKind::Rule(named) => named.id == rule.id,
            SelectorKind::IdPrefix => rule.id.starts_with(&self.written.to_ascii_uppercase()),
        }
    }

    /// The selector as written.
    pub fn as_str(&self) -> &str {
        &self.written
    }

    /// A comma-separated list, as `--select SIG102,SIG2` takes it; blank items are skipped.
    ///
    /// # Errors
    /// The first item that names no rule.
    pub fn parse_list(list: &str) -> Result<Vec<Selector>, UnknownSelector> {
        list.split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(str::parse)
            .collect()
    }
}

impl FromStr for Selector {
    type Err = UnknownSelector;

    fn from_str(written: &str) -> Result<Self, Self::Err> {
        let written = written.trim();
        if let Some(rule) = rules::find(written) {
            return Ok(Self {
                written: written.to_owned(),
                kind: SelectorKind::Rule(rule),
            });
        }
        let upper = written.to_ascii_uppercase();
        let is_prefix = upper.starts_with("SIG")
            && upper[3..].bytes().all(|b| b.is_ascii_digit())
            && rules::ALL.iter().any(|rule| rule.id.starts_with(&upper));
        if is_prefix {
            return Ok(Self {
                written: written.to_owned(),
                kind: SelectorKind::IdPrefix,
            });
        }
        let candidates = rules::ALL
            .iter()
            .flat_map(|rule| [rule.id, rule.name])
            .collect::<Vec<_>>();
        Err(UnknownSelector {
            written: written.to_owned(),
            suggestion: suggest::closest(written, candidates),
        })
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.written)
    }
}

impl Serialize for Selector {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.written)
    }
}

impl<'de> Deserialize<'de> for Selector {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let written = String::deserialize(deserializer)?;
        written.parse().map_err(serde::de::Error::custom)
    }
}

/// The rules a run reports: those selected (every rule when nothing is), less those ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleFilter {
    /// `None`: every rule.
    pub select: Option<Vec<Selector>>,
    pub ignore: Vec<Selector>,
}

impl RuleFilter {
    /// Whether findings of `rule` are reported. Syntax errors always are.
    pub fn allows(&self, rule: &Rule) -> bool {
        if rule.id == SIG000.id {
            return true;
        }
        let selected = self
            .select
            .as_ref()
            .is_none_or(|select| select.iter().any(|selector| selector.matches(rule)));
        selected && !self.ignore.iter().any(|selector| selector.matches(rule))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{SIG102, SIG103, SIG201, SIG301};

    fn selectors(list: &str) -> Vec<Selector> {
        Selector::parse_list(list).unwrap()
    }

    #[test]
    fn rules_are_named_by_id_name_or_id_prefix_in_any_case() {
        assert!("SIG102".parse::<Selector>().unwrap().matches(&SIG102));
        assert!("sig102".parse::<Selector>().unwrap().matches(&SIG102));
        let by_name = "gallery-name-characters".parse::<Selector>().unwrap();
        assert!(by_name.matches(&SIG102) && !by_name.matches(&SIG103));
        let galleries = "SIG1".parse::<Selector>().unwrap();
        assert!(galleries.matches(&SIG102) && galleries.matches(&SIG103));
        assert!(!galleries.matches(&SIG201));
        assert!("SIG".parse::<Selector>().unwrap().matches(&SIG301));
    }

    #[test]
    fn a_selector_naming_no_rule_is_refused_with_a_suggestion() {
        let error = "SIG1022".parse::<Selector>().unwrap_err();
        assert_eq!(error.written, "SIG1022");
        let error = "gallery-name-charcters".parse::<Selector>().unwrap_err();
        assert_eq!(error.suggestion, Some("gallery-name-characters"));
        assert!(
            error
                .to_string()
                .contains("did you mean `gallery-name-characters`")
        );
        assert!(
            "SIG9".parse::<Selector>().is_err(),
            "no rule id starts with SIG9"
        );
        assert!("".parse::<Selector>().is_err());
        assert!("E501".parse::<Selector>().is_err());
    }

    #[test]
    fn lists_are_comma_separated() {
        let list = selectors("SIG102, SIG2,,gallery-name-length ");
        assert_eq!(list.len(), 3);
        assert_eq!(list[1].as_str(), "SIG2");
        assert!(Selector::parse_list("SIG102,nope").is_err());
    }

    #[test]
    fn the_filter_selects_then_ignores_and_keeps_syntax_errors() {
        let everything = RuleFilter::default();
        assert!(everything.allows(&SIG102));
        let galleries_but_characters = RuleFilter {
            select: Some(selectors("SIG1")),
            ignore: selectors("SIG102"),
        };
        assert!(galleries_but_characters.allows(&SIG103));
        assert!(!galleries_but_characters.allows(&SIG102));
        assert!(!galleries_but_characters.allows(&SIG201));
        let nothing = RuleFilter {
            select: None,
            ignore: selectors("SIG"),
        };
        assert!(!nothing.allows(&SIG102));
        assert!(nothing.allows(&SIG000));
    }
}
