//! The checks every reader target runs on a workbook that was read: the table and roster
//! stages, and the Chinese text of every problem and error.

// Each target compiles this module and uses one of its two entry points.
#![allow(dead_code)]

use std::path::Path;

use bianban::diag::Report;
use bianban::messages;
use bianban::read::{self, Format, Workbook};
use bianban::roster::{self, RosterOptions};

/// Reads `data` as `format`, skipping detection.
pub fn read_as(data: &[u8], name: &str, format: Format) {
    let mut report = Report::new();
    let book = read::open_bytes_as(Path::new(name), data.to_vec(), format, &mut report);
    check(book, report);
}

/// Reads `data` as whatever format detection finds.
pub fn read_detected(data: &[u8], name: &str) {
    let mut report = Report::new();
    let book = read::open_bytes(Path::new(name), data.to_vec(), &mut report);
    check(book, report);
}

fn check(book: bianban::error::Result<Workbook>, mut report: Report) {
    match book {
        Ok(book) => {
            if let Err(error) = roster::from_workbook(&book, &RosterOptions::default(), &mut report)
            {
                let _ = messages::error_text(&error);
            }
        }
        Err(error) => {
            let _ = messages::error_text(&error);
        }
    }
    for problem in &report.problems {
        let _ = messages::problem_line(problem);
    }
}
