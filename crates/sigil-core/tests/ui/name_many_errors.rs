// Every mistake in the item is reported by one compile.
use sigil_core::ValidatedName;

#[derive(ValidatedName)]
#[name(kind = NameKind::Gallery, rule)]
#[name(strict)]
struct GalleryName<'a>(&'a str);

fn main() {}
