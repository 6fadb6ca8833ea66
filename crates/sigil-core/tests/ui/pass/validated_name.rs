// The derive needs nothing in scope but the derive itself, and no dependency on serde.
#[derive(Debug, Clone, PartialEq, Eq, Hash, sigil_core::ValidatedName)]
#[name(rule = sigil_core::names::NameKind::ImageDefinition)]
pub struct ImageName(String);

const KIND: sigil_core::names::NameKind = sigil_core::names::NameKind::Gallery;

// Names the derive's output must not trip over.
mod shadowing {
    #![allow(dead_code)]

    type Result<T> = std::result::Result<T, ()>;
    struct String;
    struct Mode;
    trait Into {}

    #[derive(sigil_core::ValidatedName)]
    #[name(rule = crate::KIND)]
    pub(crate) struct GalleryName(pub ::std::string::String);
}

fn main() {
    let name: ImageName = "ubuntu-22.04".parse().unwrap();
    assert_eq!(&*name, "ubuntu-22.04");
    assert!(shadowing::GalleryName::try_from("a-b").is_err());
}
