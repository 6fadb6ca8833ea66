//! The `lint` fuzz target: see [`sigil_fuzz::lint`].
#![cfg_attr(feature = "libfuzzer", no_main)]

#[cfg(feature = "libfuzzer")]
libfuzzer_sys::fuzz_target!(|data: &[u8]| sigil_fuzz::lint(data));

#[cfg(not(feature = "libfuzzer"))]
fn main() -> std::process::ExitCode {
    sigil_fuzz::driver::main("lint", sigil_fuzz::lint)
}
