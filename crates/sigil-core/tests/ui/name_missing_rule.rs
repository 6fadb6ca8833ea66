use sigil_core::ValidatedName;

#[derive(ValidatedName)]
struct GalleryName(String);

#[derive(ValidatedName)]
#[name()]
struct ImageName(String);

fn main() {}
