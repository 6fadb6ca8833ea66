use sigil_core::Validate;

#[derive(Validate)]
enum Os {
    Linux,
    Windows,
}

#[derive(Validate)]
struct Tuple(#[validate(nested)] Option<u8>);

#[derive(Validate)]
struct Unit;

#[derive(Validate)]
union Bits {
    int: u32,
    float: f32,
}

fn main() {}
