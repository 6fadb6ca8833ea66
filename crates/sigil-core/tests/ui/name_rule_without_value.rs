use sigil_core::ValidatedName;

#[derive(ValidatedName)]
#[name(rule)]
struct GalleryName(String);

#[derive(ValidatedName)]
#[name(rule =)]
struct ImageName(String);

#[derive(ValidatedName)]
#[name(rule(NameKind::Gallery))]
struct VersionName(String);

#[derive(ValidatedName)]
#[name = "gallery"]
struct ScriptName(String);

fn main() {}
