//! What the derives say about items they cannot accept: each `tests/ui/*.rs` fails to compile with
//! the `.stderr` beside it, and each `tests/ui/pass/*.rs` compiles.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
    cases.pass("tests/ui/pass/*.rs");
}
