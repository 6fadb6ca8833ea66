//! The `round_trip` fuzz target: see [`sigil_fuzz::round_trip`].
#![cfg_attr(feature = "libfuzzer", no_main)]

#[cfg(feature = "libfuzzer")]
libfuzzer_sys::fuzz_target!(|data: &[u8]| sigil_fuzz::round_trip(data));

#[cfg(not(feature = "libfuzzer"))]
fn main() -> std::process::ExitCode {
    sigil_fuzz::driver::main("round_trip", sigil_fuzz::round_trip)
}
