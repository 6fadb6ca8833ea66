use sigil_core::Validate;

#[derive(Validate)]
struct Spec {
    #[validate(nested = true)]
    gallery: Option<Box<Spec>>,
    #[validate(nested(deep))]
    images: Vec<Spec>,
}

fn main() {}
