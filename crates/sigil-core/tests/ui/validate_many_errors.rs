// Every mistake in the item is reported by one compile, container and fields alike.
use sigil_core::Validate;

#[derive(Validate)]
#[validate(nested, check)]
struct Spec {
    #[validate(nested = 1, check, rename)]
    gallery: Option<Box<Spec>>,
    #[validate()]
    image: String,
    #[validate(nested, nested, dive)]
    images: Vec<Spec>,
}

fn main() {}
