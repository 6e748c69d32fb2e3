//! xls and ods through calamine.
//!
//! calamine offers only whole ranges for these formats, so each sheet is converted from its
//! range into sparse cells. Merged areas come from calamine for xls and from [`ods_scan`]
//! for ods.
//!
//! NOTE: the dense ranges cost memory for the rectangle up to the last used cell. An xls
//! sheet has at most 65,536 × 256 cells, about 512 MiB at 32 bytes a cell (an estimate from
//! the size of calamine's `Data`). calamine's ods reader rejects sheets of more than 100
//! million cells, which this reader reports as too large. Both formats are read in a child
//! process with a memory limit by default (see `isolate`).

use std::io::Cursor;
use std::path::Path;

use calamine::{
    Data, Dimensions, Ods, OdsError, Range, Reader, SheetType, SheetVisible, Xls, XlsError,
};

use super::limits::CellBudget;
use super::ods_scan::{self, ScanFault};
use super::package::{self, Package};
use super::xls_check;
use super::{Cell, Format, Merge, ReadLimits, Sheet, Value, cell_value, guard};
use crate::diag::CellRef;
use crate::error::{Error, Result, TooLargeCause};

/// Reads every worksheet of an xls or ods file.
///
/// # Errors
///
/// [`Error::Damaged`] when the file cannot be parsed, [`Error::Encrypted`] when it is
/// protected with a password, [`Error::TooLarge`] when it unpacks or stores more than the
/// limits allow or calamine refuses a sheet as too large, [`Error::ReaderCrashed`] when
/// calamine panics.
pub fn read(
    path: &Path,
    bytes: Vec<u8>,
    format: Format,
    limits: &ReadLimits,
) -> Result<Vec<Sheet>> {
    match format {
        Format::Ods => read_ods_file(path, bytes, limits),
        _ => read_xls_file(path, bytes, limits),
    }
}

fn read_ods_file(path: &Path, bytes: Vec<u8>, limits: &ReadLimits) -> Result<Vec<Sheet>> {
    let too_large = || limits.too_large(path, TooLargeCause::Cells);
    package::check(path, &bytes, Package::Ods, limits)?;

    // The scan rejects a content.xml that would make calamine loop or exhaust memory.
    let merges =
        ods_scan::scan_content(&bytes, limits.cell_budget_bytes()).map_err(
            |fault| match fault {
                ScanFault::Malformed => Error::Damaged {
                    path: path.to_path_buf(),
                },
                ScanFault::TooLarge => too_large(),
            },
        )?;

    let mut budget = CellBudget::new(limits);
    guard::catch_crash(path, || {
        read_ods(bytes, merges, &mut budget).map_err(|e| match e {
            Stop::Calamine(e) => ods_failure(path, limits, e),
            Stop::Budget => too_large(),
        })
    })
}

fn read_xls_file(path: &Path, bytes: Vec<u8>, limits: &ReadLimits) -> Result<Vec<Sheet>> {
    let mut budget = CellBudget::new(limits);
    guard::catch_crash(path, || {
        if !xls_check::dimensions_are_valid(&bytes) {
            return Err(Error::Damaged {
                path: path.to_path_buf(),
            });
        }
        read_xls(bytes, &mut budget).map_err(|e| match e {
            Stop::Calamine(e) => xls_failure(path, e),
            Stop::Budget => limits.too_large(path, TooLargeCause::Cells),
        })
    })
}

/// Why reading stopped: calamine failed, or the cells outgrew the budget.
enum Stop<E> {
    Calamine(E),
    Budget,
}

impl<E> From<E> for Stop<E> {
    fn from(error: E) -> Self {
        Stop::Calamine(error)
    }
}

fn read_xls(
    bytes: Vec<u8>,
    budget: &mut CellBudget,
) -> std::result::Result<Vec<Sheet>, Stop<XlsError>> {
    let mut workbook: Xls<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))?;
    let mut sheets = Vec::new();
    for (_, meta) in worksheets(&workbook) {
        let range = workbook.worksheet_range(&meta.name)?;
        let merges: Vec<Merge> = workbook
            .merge_cells_by_sheet_name(&meta.name)?
            .iter()
            .map(merge_of)
            .collect();
        sheets.push(sheet_of(&meta, &range, merges, budget).ok_or(Stop::Budget)?);
    }
    Ok(sheets)
}

fn read_ods(
    bytes: Vec<u8>,
    merges: Vec<Vec<Merge>>,
    budget: &mut CellBudget,
) -> std::result::Result<Vec<Sheet>, Stop<OdsError>> {
    let mut workbook: Ods<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))?;
    let mut sheets = Vec::new();
    for (index, meta) in worksheets(&workbook) {
        let range = workbook.worksheet_range(&meta.name)?;
        let sheet_merges = merges.get(index).cloned().unwrap_or_default();
        sheets.push(sheet_of(&meta, &range, sheet_merges, budget).ok_or(Stop::Budget)?);
    }
    Ok(sheets)
}

/// Lists the worksheets of a workbook with their tab index, without chart, dialog and macro
/// sheets.
fn worksheets<R: Reader<Cursor<Vec<u8>>>>(workbook: &R) -> Vec<(usize, calamine::Sheet)> {
    workbook
        .sheets_metadata()
        .iter()
        .enumerate()
        .filter(|(_, meta)| meta.typ == SheetType::WorkSheet)
        .map(|(index, meta)| (index, meta.clone()))
        .collect()
}

/// Converts a range to sparse cells at their absolute positions.
///
/// A range starts at its first used cell, not at A1, so its start is added to every position.
/// Returns `None` when the cells outgrow the budget.
fn sheet_of(
    meta: &calamine::Sheet,
    range: &Range<Data>,
    merges: Vec<Merge>,
    budget: &mut CellBudget,
) -> Option<Sheet> {
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut cells = Vec::new();
    for (row, col, data) in range.used_cells() {
        let value = cell_value::from_data(data);
        if value == Value::Empty {
            continue;
        }
        if !budget.charge(&value) {
            return None;
        }
        let at = CellRef::new(
            first_row.saturating_add(row as u32),
            first_col.saturating_add(col as u32),
        );
        cells.push(Cell { at, value });
    }
    let mut sheet = Sheet {
        name: meta.name.clone(),
        hidden: meta.visible != SheetVisible::Visible,
        cells,
        merges,
    };
    sheet.finish();
    Some(sheet)
}

fn merge_of(dimensions: &Dimensions) -> Merge {
    Merge {
        first: CellRef::new(dimensions.start.0, dimensions.start.1),
        last: CellRef::new(dimensions.end.0, dimensions.end.1),
    }
}

/// Maps calamine's xls error to what a clerk can act on. Its English text is never shown.
fn xls_failure(path: &Path, error: XlsError) -> Error {
    let path = path.to_path_buf();
    match error {
        XlsError::Password => Error::Encrypted { path },
        _ => Error::Damaged { path },
    }
}

/// Maps calamine's ods error to what a clerk can act on.
fn ods_failure(path: &Path, limits: &ReadLimits, error: OdsError) -> Error {
    match error {
        OdsError::Password => Error::Encrypted {
            path: path.to_path_buf(),
        },
        // The sheet spans more cells than calamine will allocate, as a stray far cell does.
        OdsError::CellLimitExceeded { .. } => limits.too_large(path, TooLargeCause::Cells),
        _ => Error::Damaged {
            path: path.to_path_buf(),
        },
    }
}
