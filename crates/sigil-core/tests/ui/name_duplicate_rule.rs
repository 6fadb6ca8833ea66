use sigil_core::ValidatedName;

#[derive(ValidatedName)]
#[name(rule = sigil_core::names::NameKind::Gallery, rule = 1)]
struct GalleryName(String);

#[derive(ValidatedName)]
#[name(rule = sigil_core::names::NameKind::Gallery)]
#[name(rule = sigil_core::names::NameKind::Gallery)]
struct ImageName(String);

fn main() {}
