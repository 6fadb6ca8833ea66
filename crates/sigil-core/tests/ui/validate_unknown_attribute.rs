use sigil_core::Validate;

#[derive(Validate)]
#[validate(nested)]
#[validate(skip)]
struct Spec {
    #[validate(dive)]
    gallery: Option<Box<Spec>>,
    #[validate(nested, length(min = 1))]
    images: Vec<Spec>,
}

fn main() {}
