use sigil_core::{Validate, Validator};

fn takes_a_number(_: &u32, _: &mut Validator<'_>) {}

fn takes_nothing() {}

#[derive(Validate)]
#[validate(check = takes_a_number)]
struct Spec {
    #[validate(check = takes_a_number)]
    gallery: String,
    #[validate(check = takes_nothing)]
    image: String,
    #[validate(check = no_such_function)]
    version: String,
}

fn main() {}
