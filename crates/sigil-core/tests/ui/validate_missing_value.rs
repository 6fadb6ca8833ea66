use sigil_core::Validate;

#[derive(Validate)]
#[validate(check)]
struct Spec {
    #[validate(check)]
    gallery: String,
    #[validate(check =, rename)]
    image: String,
    #[validate(check = 3)]
    version: String,
    #[validate(check = is_ok, rename = image)]
    script: String,
    #[validate(check = is_ok, rename = "")]
    application: String,
}

fn is_ok(_: &str, _: &mut sigil_core::Validator<'_>) {}

fn main() {}
