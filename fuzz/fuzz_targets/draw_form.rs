//! A filled-in draw form: any file, read and searched for the draw form's table.
//!
//! TODO(lead): the draw-form reader is written on another branch under `src/draw/`. Once it
//! is merged, call it here instead of `find_tables` with this stand-in spec.
#![no_main]

use std::path::Path;

use bianban::diag::Report;
use bianban::read;
use bianban::table::{self, Field, TableSpec};
use libfuzzer_sys::fuzz_target;

/// The draw form's columns: the class, its head teacher and the envelope drawn for it.
const DRAW_FORM_SPEC: TableSpec = TableSpec {
    accepted: &[
        Field::Seq,
        Field::Class,
        Field::HeadTeacher,
        Field::DrawnGroup,
    ],
    required: &[&[Field::Class], &[Field::DrawnGroup]],
};

fuzz_target!(|data: &[u8]| {
    let mut report = Report::new();
    let path = Path::new("抽签记录表.xlsx");
    if let Ok(book) = read::open_bytes(path, data.to_vec(), &mut report) {
        for table in table::find_tables(&book, &DRAW_FORM_SPEC, &mut report) {
            for record in &table.records {
                for field in [Field::Class, Field::DrawnGroup] {
                    if let Some((_, value)) = table.get(record, field) {
                        let _ = bianban::classname::parse_class_name(&value.display());
                    }
                }
            }
        }
    }
});
