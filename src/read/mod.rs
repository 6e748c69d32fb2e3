//! Reading spreadsheet files of any kind schools use into one sparse cell model.
//!
//! The format is decided from the file's first bytes, never from its name: school systems
//! export web pages named `.xls`, and clerks rename files. Each reader turns its format into
//! [`Workbook`]; everything after this stage works on that model only.
//!
//! Every read is guarded, because the files come from anywhere: panics become errors
//! (`guard`), each file has a time and a memory limit (`limits`), and xls and ods are read
//! by a child process that survives an endless loop or an out-of-memory abort (`isolate`).
//! `docs/robustness.md` lists the hostile inputs tried.

mod cell_value;
mod csv;
pub mod grid;
mod guard;
mod html;
pub mod isolate;
pub mod limits;
mod ods_scan;
mod package;
pub mod sniff;
mod spreadsheet;
mod text;
mod wire;
mod xls_check;
mod xlsx;
mod xlsx_merges;

use std::fs::File;
use std::io::Read;
use std::path::Path;

pub use grid::{Cell, Format, Merge, Sheet, Value, Workbook};
pub use limits::{Isolation, ReadLimits};

use crate::diag::{Location, Report};
use crate::error::{Error, Result, TooLargeCause};

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

/// Reads a spreadsheet file, choosing the reader by the file's first bytes, within the
/// process-wide [`limits`].
///
/// Notices (renamed files, encodings, hidden sheets) go to `report`.
///
/// # Errors
///
/// Fails with a typed [`Error`] for a missing, empty, damaged, encrypted, too large or
/// non-spreadsheet file, or one whose reading crashed or timed out. The error names the file,
/// so a clerk can act on it.
pub fn open(path: &Path, report: &mut Report) -> Result<Workbook> {
    open_with(path, &limits::current(), report)
}

/// Reads a spreadsheet file within the given limits.
///
/// The file is read in a child process when the limits isolate its format and
/// [`limits::set_child_program`] named the program. Otherwise it is read on a worker thread,
/// which is given up on after the time limit.
///
/// # Errors
///
/// As [`open`].
pub fn open_with(path: &Path, limits: &ReadLimits, report: &mut Report) -> Result<Workbook> {
    let bytes = read_bytes(path, limits)?;
    let format = detect(path, &bytes)?;
    notice_renamed(path, format, report);
    let child = limits::child_program().filter(|_| limits.isolates(format));
    let isolated = child.and_then(|program| isolate::read_in_child(&program, path, limits));
    let (sheets, notices) = match isolated {
        Some(result) => result?,
        None => {
            let worker_path = path.to_path_buf();
            let worker_limits = limits.clone();
            guard::within_time(path, limits.time, move || {
                read_sheets(&worker_path, bytes, format, &worker_limits)
            })?
        }
    };
    report.extend(notices);
    Ok(workbook(path, format, sheets))
}

/// Reads a file's bytes already in memory, on the calling thread, without a time limit: for
/// tests and fuzzing, which look for panics and hangs themselves. `path` names the file in
/// errors and notices; nothing is read from it.
///
/// # Errors
///
/// As [`open`], except that it never times out.
pub fn open_bytes(path: &Path, bytes: Vec<u8>, report: &mut Report) -> Result<Workbook> {
    let format = detect(path, &bytes)?;
    notice_renamed(path, format, report);
    let limits = ReadLimits::default();
    let (sheets, notices) = guard::catch_crash(path, || read_sheets(path, bytes, format, &limits))?;
    report.extend(notices);
    Ok(workbook(path, format, sheets))
}

/// Reads bytes as the given format, skipping detection, so a fuzzer reaches one reader
/// with every input.
///
/// # Errors
///
/// As [`open_bytes`].
pub fn open_bytes_as(
    path: &Path,
    bytes: Vec<u8>,
    format: Format,
    report: &mut Report,
) -> Result<Workbook> {
    let limits = ReadLimits::default();
    let (sheets, notices) = guard::catch_crash(path, || read_sheets(path, bytes, format, &limits))?;
    report.extend(notices);
    Ok(workbook(path, format, sheets))
}

/// Runs the reader of one format and returns its sheets and notices. This is the part that
/// runs on a worker thread or in the child process.
fn read_sheets(
    path: &Path,
    bytes: Vec<u8>,
    format: Format,
    limits: &ReadLimits,
) -> Result<(Vec<Sheet>, Report)> {
    let mut report = Report::new();
    let file_name = file_name(path);
    let sheets = match format {
        Format::Xlsx => xlsx::read(path, bytes, limits)?,
        Format::Xls | Format::Ods => spreadsheet::read(path, bytes, format, limits)?,
        Format::Csv => csv::read(path, &bytes, &file_name, limits, &mut report)?,
        Format::Html => html::read(path, &bytes, &file_name, limits, &mut report)?,
    };
    Ok((sheets, report))
}

/// Decides the format, turning a panic of the zip crate on a hostile package into an error.
fn detect(path: &Path, bytes: &[u8]) -> Result<Format> {
    guard::catch_crash(path, || sniff::detect(path, bytes))
}

fn notice_renamed(path: &Path, format: Format, report: &mut Report) {
    if let Some(extension) = sniff::mismatched_extension(path, format) {
        report.notice(
            Location::file(file_name(path)),
            ReadProblem::FormatByContent {
                actual: format,
                extension,
            },
        );
    }
}

fn workbook(path: &Path, format: Format, sheets: Vec<Sheet>) -> Workbook {
    Workbook {
        path: path.to_path_buf(),
        file_name: file_name(path),
        format,
        sheets,
    }
}

/// Rejects folders, devices, pipes and sockets. The type is checked before the file is
/// opened, because opening a named pipe blocks until it has a writer.
fn check_file_type(path: &Path) -> Result<()> {
    let metadata = std::fs::metadata(path).map_err(|e| unreadable(path, e))?;
    if metadata.is_dir() {
        return Err(Error::IsFolder {
            path: path.to_path_buf(),
        });
    }
    if !metadata.is_file() {
        return Err(Error::NotRegularFile {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

fn unreadable(path: &Path, error: std::io::Error) -> Error {
    match error.kind() {
        std::io::ErrorKind::NotFound => Error::FileNotFound {
            path: path.to_path_buf(),
        },
        _ => Error::FileUnreadable {
            path: path.to_path_buf(),
            code: error.raw_os_error(),
        },
    }
}

/// The file name shown to clerks: the last path component, or the whole path.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Reads the whole file; the input is only ever opened for reading.
///
/// A file larger than [`ReadLimits::max_file_bytes`] is rejected before it is read.
fn read_bytes(path: &Path, limits: &ReadLimits) -> Result<Vec<u8>> {
    let unreadable = |e| unreadable(path, e);
    check_file_type(path)?;
    let mut file = File::open(path).map_err(unreadable)?;
    let size = file.metadata().map_err(unreadable)?.len();
    if size > limits.max_file_bytes() {
        let megabytes = size.div_ceil(1024 * 1024);
        return Err(limits.too_large(path, TooLargeCause::FileSize { megabytes }));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // The file may have grown since its size was taken; it is read only up to the limit.
    file.by_ref()
        .take(limits.max_file_bytes().saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > limits.max_file_bytes() {
        let megabytes = (bytes.len() as u64).div_ceil(1024 * 1024);
        return Err(limits.too_large(path, TooLargeCause::FileSize { megabytes }));
    }
    Ok(bytes)
}
