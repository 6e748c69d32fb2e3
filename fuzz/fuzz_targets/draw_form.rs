//! A filled-in draw form: any file, read and checked by the reader `merge` uses
//! (`draw::form::from_workbook` and `draw::check_draw`), then every problem and error put
//! into words.
#![no_main]

use std::path::Path;

use bianban::diag::Report;
use bianban::draw::{self, check::DrawCheck, form};
use bianban::messages;
use bianban::read;
use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;

/// The maximum class count given to the check. A mutated form may claim any count, and a
/// huge one would make the check build a huge table. Real schools open at most about 50.
const MAX_CLASSES: u32 = 60;

fuzz_target!(|data: &[u8]| {
    let mut report = Report::new();
    let path = Path::new("抽签记录表.xlsx");
    let read = read::open_bytes(path, data.to_vec(), &mut report)
        .and_then(|book| form::from_workbook(&book, &mut report));
    match read {
        Ok(form) => check(&form, &mut report),
        Err(error) => {
            let _ = messages::error_text(&error);
        }
    }
    for problem in &report.problems {
        let _ = messages::problem_line(problem);
    }
});

/// Checks the form as `merge` does, with as many classes as the form claims and the grade
/// of its first class name.
fn check(form: &draw::DrawForm, report: &mut Report) {
    let classes = form
        .group_count
        .unwrap_or(form.rows.len() as u32)
        .clamp(1, MAX_CLASSES);
    let grade = form
        .rows
        .iter()
        .find_map(|row| row.class.and_then(|key| key.grade));
    let Some(today) = NaiveDate::from_ymd_opt(2025, 8, 28) else {
        return;
    };
    let check = DrawCheck {
        classes,
        grade,
        grouping: None,
        teams: None,
        date: None,
        today,
    };
    let _ = draw::check_draw(form, &check, report);
}
