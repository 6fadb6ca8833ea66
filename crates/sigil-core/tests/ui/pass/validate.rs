// `Validate` needs only `sigil_core`; checks may be any path, `Self::` and qualified ones included.
use sigil_core::{Context, Validate, Validator};

#[derive(Validate)]
#[validate(check = checks::whole, check = Self::inherent)]
pub struct Spec<T: Validate> {
    #[validate(nested, check = checks::len, check = <T as checks::Limit>::at_most)]
    pub items: Vec<T>,
    #[validate(nested)]
    pub extra: Option<Box<Spec<T>>>,
}

impl<T: Validate> Spec<T> {
    fn inherent(&self, _: &mut Validator<'_>) {}
}

#[derive(Validate)]
pub struct Leaf {}

mod checks {
    use super::*;

    pub fn whole<T: Validate>(_: &Spec<T>, validator: &mut Validator<'_>) {
        let _ = validator.path();
    }

    pub fn len<T>(_: &[T], _: &mut Validator<'_>) {}

    pub trait Limit: Sized {
        fn at_most(_: &Vec<Self>, _: &mut Validator<'_>) {}
    }

    impl<T> Limit for T {}
}

fn main() {
    let spec = Spec {
        items: vec![Leaf {}],
        extra: None,
    };
    assert!(spec.validate(&Context::strict()).is_empty());
}
