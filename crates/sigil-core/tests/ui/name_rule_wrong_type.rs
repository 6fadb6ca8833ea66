use sigil_core::ValidatedName;

#[derive(ValidatedName)]
#[name(rule = "gallery")]
struct GalleryName(String);

fn main() {}
