use sigil_core::Validate;

#[derive(Validate)]
struct Spec {
    #[validate(nested, nested)]
    gallery: Option<Box<Spec>>,
    #[validate(nested, rename = "image")]
    #[validate(rename = "images")]
    images: Vec<Spec>,
}

fn main() {}
