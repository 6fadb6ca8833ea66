use sigil_core::ValidatedName;

#[derive(ValidatedName)]
#[name(rule = sigil_core::names::NameKind::Gallery, kind = NameKind::Gallery)]
struct GalleryName(String);

fn main() {}
