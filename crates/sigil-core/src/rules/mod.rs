//! The rule registry: every rule sigil applies, as data. `sigil rules`, `docs/rules.md`, every diagnostic
//! and every SARIF `rules[]` entry read from here.
//!
//! Ids are stable forever and grouped by resource kind: `SIG0xx` every resource, `SIG1xx` galleries,
//! `SIG2xx` image definitions, `SIG3xx` versions, `SIG4xx` applications, `SIG5xx` scripts, `SIG6xx` sharing, `SIG7xx` VMs.
//!
//! Each file holds its rules' data and the checks that apply them. `#[derive(Validate)]` hands a field check
//! `&FieldType`, so checks of optional or repeated fields take `&Option<T>` and `&Vec<T>`.
#![allow(
    clippy::ref_option,
    clippy::ptr_arg,
    clippy::trivially_copy_pass_by_ref
)]

pub(crate) mod application;
pub(crate) mod common;
pub(crate) mod cross;
pub(crate) mod gallery;
pub(crate) mod image_definition;
pub(crate) mod parameters;
pub(crate) mod plan;
pub(crate) mod script;
pub(crate) mod sharing;
mod sources;
pub(crate) mod version;
pub(crate) mod vm;

pub use application::*;
pub use common::*;
pub use gallery::*;
pub use image_definition::*;
pub use parameters::*;
pub use plan::*;
pub use script::*;
pub use sharing::*;
pub use version::*;
pub use vm::*;

use crate::rule::Rule;

/// Every rule, in id order.
pub static ALL: &[&Rule] = &[
    &SIG000, &SIG001, &SIG002, &SIG003, &SIG004, &SIG005, &SIG006, &SIG007, &SIG008, &SIG009,
    &SIG010, &SIG011, &SIG012, &SIG013, &SIG014, &SIG015, &SIG016, &SIG017, &SIG018, //
    &SIG101, &SIG102, &SIG103, &SIG104, &SIG105, &SIG106, //
    &SIG201, &SIG202, &SIG203, &SIG204, &SIG205, &SIG206, &SIG207, &SIG208, &SIG209, &SIG210,
    &SIG211, &SIG212, &SIG213, &SIG214, &SIG215, &SIG216, &SIG217, //
    &SIG301, &SIG302, &SIG303, &SIG304, &SIG305, &SIG306, &SIG307, &SIG308, &SIG309, &SIG310,
    &SIG311, &SIG312, &SIG313, &SIG314, &SIG315, &SIG316, &SIG317, &SIG318, //
    &SIG401, &SIG402, &SIG403, &SIG404, &SIG405, &SIG406, //
    &SIG501, //
    &SIG601, &SIG602, &SIG603, //
    &SIG701, &SIG702, &SIG703, &SIG704, &SIG705, &SIG706,
];

/// The rule with this id (`SIG102`) or name (`gallery-name-characters`), ignoring case.
pub fn find(key: &str) -> Option<&'static Rule> {
    ALL.iter()
        .copied()
        .find(|rule| rule.id.eq_ignore_ascii_case(key) || rule.name.eq_ignore_ascii_case(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_sorted_and_well_formed() {
        for pair in ALL.windows(2) {
            assert!(
                pair[0].id < pair[1].id,
                "{} must sort before {}",
                pair[0].id,
                pair[1].id
            );
        }
        for rule in ALL {
            assert_eq!(rule.id.len(), 6, "{}", rule.id);
            assert!(rule.id.starts_with("SIG") && rule.id[3..].bytes().all(|b| b.is_ascii_digit()));
        }
    }

    #[test]
    fn names_are_unique_kebab_case() {
        let mut names: Vec<_> = ALL.iter().map(|rule| rule.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ALL.len(), "rule names must be unique");
        for name in names {
            assert!(
                name.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{name}"
            );
        }
    }

    #[test]
    fn every_rule_is_documented_and_sourced() {
        for rule in ALL {
            assert!(
                !rule.summary.ends_with('.'),
                "{}: a summary is one line without a period",
                rule.id
            );
            assert!(!rule.summary.contains('\n'), "{}", rule.id);
            assert!(!rule.explanation.is_empty(), "{}", rule.id);
            assert!(!rule.sources.is_empty(), "{} cites no source", rule.id);
            assert!(
                !rule.valid.is_empty() && !rule.invalid.is_empty(),
                "{} lacks examples",
                rule.id
            );
        }
    }

    #[test]
    fn the_id_range_matches_the_group() {
        use crate::rule::RuleGroup;
        for rule in ALL {
            let hundred = match rule.group {
                RuleGroup::Common => '0',
                RuleGroup::Gallery => '1',
                RuleGroup::ImageDefinition => '2',
                RuleGroup::Version => '3',
                RuleGroup::Application => '4',
                RuleGroup::Script => '5',
                RuleGroup::Sharing => '6',
                RuleGroup::Vm => '7',
            };
            assert_eq!(rule.id.as_bytes()[3] as char, hundred, "{}", rule.id);
        }
    }

    #[test]
    fn every_rule_defined_is_registered() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/rules");
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for line in text
                .lines()
                .filter(|line| line.starts_with("pub static SIG"))
            {
                let id = &line["pub static ".len().."pub static ".len() + 6];
                assert!(
                    ALL.iter().any(|rule| rule.id == id),
                    "{id} is defined but missing from rules::ALL"
                );
            }
        }
    }

    #[test]
    fn rules_are_found_by_id_or_name() {
        assert_eq!(find("sig102").map(|rule| rule.id), Some("SIG102"));
        assert_eq!(
            find("gallery-name-characters").map(|rule| rule.id),
            Some("SIG102")
        );
        assert!(find("SIG999").is_none());
    }
}
