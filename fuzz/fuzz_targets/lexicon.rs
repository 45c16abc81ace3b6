//! Fuzz target: the lexicon reader (see ../targets.rs), under libFuzzer.
#![no_main]

#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::lexicon(data));
