//! The ods reader with any bytes, then the table and roster stages on what it reads.
#![no_main]

use bianban::read::Format;
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    common::read_as(data, "fuzz.ods", Format::Ods);
});
