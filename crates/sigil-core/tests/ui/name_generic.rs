use sigil_core::ValidatedName;

#[derive(ValidatedName)]
#[name(rule = sigil_core::names::NameKind::Gallery)]
struct GalleryName<const STRICT: bool>(String);

fn main() {}
