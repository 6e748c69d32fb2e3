//! Format detection and whichever reader it picks, then the table and roster stages.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    common::read_detected(data, "fuzz.xlsx");
});
