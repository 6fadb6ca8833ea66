// `nested` needs the field's type to implement `Validate`; the error points at the type.
// Type parameters keep the expected output free of the list of every `Validate` type in sigil_core.
use sigil_core::Validate;

#[derive(Validate)]
struct Spec<G, I> {
    #[validate(nested)]
    gallery: G,
    #[validate(nested)]
    images: Vec<I>,
}

fn main() {}
