//! Reading spreadsheet files of any kind schools use into one sparse cell model.
//!
//! The format is decided from the file's first bytes, never from its name: school systems
//! export web pages named `.xls`, and clerks rename files. Each reader turns its format into
//! [`Workbook`]; everything after this stage works on that model only.

mod cell_value;
mod csv;
pub mod grid;
mod guard;
mod html;
mod ods_merges;
pub mod sniff;
mod spreadsheet;
mod text;
mod xlsx;
mod xlsx_merges;

use std::path::Path;

pub use grid::{Cell, Format, Merge, Sheet, Value, Workbook};

use crate::diag::{Location, Report};
use crate::error::{Error, Result};

/// Non-fatal findings of the reading stage.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadProblem {
    /// The content is another format than the file name says, for example an xlsx renamed
    /// to `.xls`. The file is read by its content.
    FormatByContent { actual: Format, extension: String },
    /// A hidden sheet was not read.
    HiddenSheetSkipped,
    /// A CSV file was decoded with this encoding (`UTF-8`, `GB18030`, `UTF-16LE` or
    /// `UTF-16BE`).
    CsvEncoding { encoding: &'static str, bom: bool },
    /// A web page table saved under a spreadsheet name was read.
    WebPageTable,
    /// A formula cell has no saved result, so its value is unknown.
    FormulaWithoutValue { formula: String },
}

/// Reads a spreadsheet file, choosing the reader by the file's first bytes.
///
/// Notices (renamed files, encodings, hidden sheets) go to `report`.
///
/// # Errors
///
/// Fails with a typed [`Error`] for a missing, empty, damaged, encrypted or non-spreadsheet
/// file; the error names the file so a clerk can act on it.
pub fn open(path: &Path, report: &mut Report) -> Result<Workbook> {
    let bytes = read_bytes(path)?;
    let file_name = file_name(path);
    let detected = sniff::detect(path, &bytes)?;
    if let Some(extension) = sniff::mismatched_extension(path, detected) {
        report.notice(
            Location::file(&file_name),
            ReadProblem::FormatByContent {
                actual: detected,
                extension,
            },
        );
    }
    let sheets = match detected {
        Format::Xlsx => xlsx::read(path, bytes)?,
        Format::Xls | Format::Ods => spreadsheet::read(path, bytes, detected)?,
        Format::Csv => csv::read(path, &bytes, &file_name, report)?,
        Format::Html => html::read(path, &bytes, &file_name, report)?,
    };
    Ok(Workbook {
        path: path.to_path_buf(),
        file_name,
        format: detected,
        sheets,
    })
}

/// The file name shown to clerks: the last path component, or the whole path.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Reads the whole file; the input is only ever opened for reading.
fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    if path.is_dir() {
        return Err(Error::IsFolder {
            path: path.to_path_buf(),
        });
    }
    std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::FileNotFound {
            path: path.to_path_buf(),
        },
        _ => Error::FileUnreadable {
            path: path.to_path_buf(),
            code: e.raw_os_error(),
        },
    })
}
