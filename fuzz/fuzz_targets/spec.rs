//! The `spec` fuzz target: see [`sigil_fuzz::spec`].
#![cfg_attr(feature = "libfuzzer", no_main)]

#[cfg(feature = "libfuzzer")]
libfuzzer_sys::fuzz_target!(|data: &[u8]| sigil_fuzz::spec(data));

#[cfg(not(feature = "libfuzzer"))]
fn main() -> std::process::ExitCode {
    sigil_fuzz::driver::main("spec", sigil_fuzz::spec)
}
