//! xls and ods through calamine.
//!
//! calamine offers only whole ranges for these formats, so each sheet is converted from its
//! range into sparse cells. Merged areas come from calamine for xls and from [`ods_merges`]
//! for ods.
//!
//! NOTE: the dense ranges cost memory for the rectangle up to the last used cell. An xls
//! sheet has at most 65,536 × 256 cells, about 512 MiB at 32 bytes a cell (an estimate from
//! the size of calamine's `Data`). calamine's ods reader rejects sheets of more than 100
//! million cells, which this reader reports as a crash.

use std::io::Cursor;
use std::path::Path;

use calamine::{
    Data, Dimensions, Ods, OdsError, Range, Reader, SheetType, SheetVisible, Xls, XlsError,
};

use super::{Cell, Format, Merge, Sheet, Value, cell_value, guard, ods_merges};
use crate::diag::CellRef;
use crate::error::{Error, Result};

/// Reads every worksheet of an xls or ods file.
///
/// # Errors
///
/// [`Error::Damaged`] when the file cannot be parsed, [`Error::Encrypted`] when it is
/// protected with a password, [`Error::ReaderCrashed`] when calamine panics or refuses a
/// sheet as too large.
pub fn read(path: &Path, bytes: Vec<u8>, format: Format) -> Result<Vec<Sheet>> {
    guard::catch_crash(path, || match format {
        Format::Ods => read_ods(bytes).map_err(|e| ods_failure(path, e)),
        _ => read_xls(bytes).map_err(|e| xls_failure(path, e)),
    })
}

fn read_xls(bytes: Vec<u8>) -> std::result::Result<Vec<Sheet>, XlsError> {
    let mut workbook: Xls<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))?;
    let mut sheets = Vec::new();
    for (_, meta) in worksheets(&workbook) {
        let range = workbook.worksheet_range(&meta.name)?;
        let merges: Vec<Merge> = workbook
            .merge_cells_by_sheet_name(&meta.name)?
            .iter()
            .map(merge_of)
            .collect();
        sheets.push(sheet_of(&meta, &range, merges));
    }
    Ok(sheets)
}

fn read_ods(bytes: Vec<u8>) -> std::result::Result<Vec<Sheet>, OdsError> {
    let merges = ods_merges::merges_by_sheet(&bytes);
    let mut workbook: Ods<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))?;
    let mut sheets = Vec::new();
    for (index, meta) in worksheets(&workbook) {
        let range = workbook.worksheet_range(&meta.name)?;
        let sheet_merges = merges.get(index).cloned().unwrap_or_default();
        sheets.push(sheet_of(&meta, &range, sheet_merges));
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
fn sheet_of(meta: &calamine::Sheet, range: &Range<Data>, merges: Vec<Merge>) -> Sheet {
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let cells = range
        .used_cells()
        .map(|(row, col, data)| Cell {
            at: CellRef::new(first_row + row as u32, first_col + col as u32),
            value: cell_value::from_data(data),
        })
        .filter(|cell| cell.value != Value::Empty)
        .collect();
    let mut sheet = Sheet {
        name: meta.name.clone(),
        hidden: meta.visible != SheetVisible::Visible,
        cells,
        merges,
    };
    sheet.finish();
    sheet
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
fn ods_failure(path: &Path, error: OdsError) -> Error {
    let path = path.to_path_buf();
    match error {
        OdsError::Password => Error::Encrypted { path },
        // The sheet claims more cells than calamine will allocate, as a stray far cell does.
        OdsError::CellLimitExceeded { .. } => Error::ReaderCrashed { path },
        _ => Error::Damaged { path },
    }
}
