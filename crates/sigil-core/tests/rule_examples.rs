//! The registry's examples hold: for every naming rule, each `valid` example passes the checks of
//! its kind and each `invalid` example is reported under that rule's id.
//!
//! The examples of naming rules are literal names (`""` is the empty name). A rule that several
//! kinds share (SIG204-SIG206 for publisher, offer and SKU; SIG301-SIG304 for the three version
//! kinds) is checked with the first kind of [`NameKind::ALL`] that owns it.

use std::collections::BTreeSet;

use sigil_core::names::NameKind;
use sigil_core::{Mode, Rule};

/// Each naming rule with the first kind that owns it.
fn owned_rules() -> Vec<(NameKind, &'static Rule)> {
    let mut seen = BTreeSet::new();
    let mut owned = Vec::new();
    for kind in NameKind::ALL {
        for &rule in kind.rules() {
            if seen.insert(rule.id) {
                owned.push((kind, rule));
            }
        }
    }
    owned
}

fn reported(kind: NameKind, name: &str, mode: Mode) -> Vec<&'static str> {
    kind.check(name, mode).iter().map(|d| d.rule.id).collect()
}

#[test]
fn every_naming_rule_is_owned_by_a_kind() {
    let ids: Vec<&str> = owned_rules().iter().map(|(_, rule)| rule.id).collect();
    for id in [
        "SIG101", "SIG102", "SIG103", "SIG104", "SIG201", "SIG202", "SIG203", "SIG204", "SIG205",
        "SIG206", "SIG301", "SIG302", "SIG303", "SIG304", "SIG401", "SIG402", "SIG403", "SIG501",
    ] {
        assert!(ids.contains(&id), "{id} is not checked by any name kind");
    }
    assert_eq!(ids.len(), 18, "{ids:?}");
}

#[test]
fn valid_examples_pass_their_rule() {
    let mut failures = Vec::new();
    for (kind, rule) in owned_rules() {
        for &example in rule.valid {
            for mode in [Mode::Strict, Mode::Lenient] {
                let found = reported(kind, example, mode);
                if found.contains(&rule.id) {
                    failures.push(format!(
                        "{} valid {example:?} as {kind} ({mode:?}): {found:?}",
                        rule.id
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn valid_examples_pass_every_rule_of_their_kind() {
    // Stronger than the rule's own check: a valid example should be a name the kind accepts
    // outright, since `sigil rules ID` shows it as one.
    let mut failures = Vec::new();
    for (kind, rule) in owned_rules() {
        for &example in rule.valid {
            let found = kind.check(example, Mode::Strict);
            if !found.is_empty() {
                let ids: Vec<&str> = found.iter().map(|d| d.rule.id).collect();
                failures.push(format!("{} valid {example:?} as {kind}: {ids:?}", rule.id));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn invalid_examples_break_their_rule() {
    let mut failures = Vec::new();
    for (kind, rule) in owned_rules() {
        for &example in rule.invalid {
            let found = reported(kind, example, Mode::Strict);
            if !found.contains(&rule.id) {
                failures.push(format!(
                    "{} invalid {example:?} as {kind}: {found:?}",
                    rule.id
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn shared_rules_hold_for_every_kind_that_shares_them() {
    // The first owner is checked above; the other kinds that share a rule must agree with it (the
    // SIG204 examples are short enough for every identifier).
    let mut failures = Vec::new();
    for kind in NameKind::ALL {
        for &rule in kind.rules() {
            for &example in rule.valid {
                if reported(kind, example, Mode::Strict).contains(&rule.id) {
                    failures.push(format!("{} valid {example:?} as {kind}", rule.id));
                }
            }
            for &example in rule.invalid {
                if !reported(kind, example, Mode::Strict).contains(&rule.id) {
                    failures.push(format!("{} invalid {example:?} as {kind}", rule.id));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn lenient_rules_describe_their_difference() {
    // A rule whose lenient form differs says so in the registry; one that does not, says nothing.
    for (kind, rule) in owned_rules() {
        let differs = rule
            .invalid
            .iter()
            .any(|example| !reported(kind, example, Mode::Lenient).contains(&rule.id));
        if differs {
            assert!(
                rule.lenient.is_some(),
                "{} behaves differently in lenient mode but says nothing",
                rule.id
            );
        }
    }
}
