use sigil_core::Validate;

#[derive(Validate)]
#[validate()]
struct Spec {
    #[validate()]
    gallery: String,
    #[validate]
    image: String,
    #[validate(rename = "version")]
    version: String,
}

fn main() {}
