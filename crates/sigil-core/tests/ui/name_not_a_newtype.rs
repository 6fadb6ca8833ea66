use sigil_core::ValidatedName;

#[derive(ValidatedName)]
#[name(rule = sigil_core::names::NameKind::Gallery)]
enum Kind {
    Gallery(String),
}

#[derive(ValidatedName)]
#[name(rule = sigil_core::names::NameKind::Gallery)]
struct Named {
    name: String,
}

#[derive(ValidatedName)]
#[name(rule = sigil_core::names::NameKind::Gallery)]
struct Pair(String, String);

#[derive(ValidatedName)]
#[name(rule = sigil_core::names::NameKind::Gallery)]
struct Unit;

fn main() {}
