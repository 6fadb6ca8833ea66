use sigil_core::ValidatedName;

#[derive(ValidatedName)]
#[name(rule = sigil_core::names::NameKind::Gallery)]
struct Borrowed(&'static str);

#[derive(ValidatedName)]
#[name(rule = sigil_core::names::NameKind::Gallery)]
struct Boxed(Box<str>);

fn main() {}
