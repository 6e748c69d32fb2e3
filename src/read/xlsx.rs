//! xlsx through calamine's streaming cell reader.
//!
//! calamine's `worksheet_range` allocates the whole rectangle from A1 to the last used cell:
//! one stray value in `XFD1048576` makes it ask for about 550 GB and abort the process. The
//! streaming reader visits only the cells the file stores, so memory follows the data. The
//! package's declared sizes are checked first, and the stored cells are charged to a
//! [`CellBudget`], so neither a zip bomb nor a flood of real cells exhausts memory.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

use calamine::{
    DataRef, Dimensions, Reader, SheetType, SheetVisible, Xlsx, XlsxError, XlsxFormulaMetadata,
};

use super::limits::CellBudget;
use super::package::{self, Package};
use super::{Cell, Merge, ReadLimits, Sheet, Value, cell_value, guard};
use crate::diag::CellRef;
use crate::error::{Error, Result, TooLargeCause};

/// Why reading stopped: calamine failed, or the cells outgrew the budget.
enum Stop {
    Xlsx(XlsxError),
    Budget,
}

impl From<XlsxError> for Stop {
    fn from(error: XlsxError) -> Self {
        Stop::Xlsx(error)
    }
}

/// Reads every worksheet of an xlsx file; chart sheets are skipped.
///
/// Formula cells without a saved result become [`Value::FormulaWithoutValue`]; the table
/// stage reports those it uses. The xlsx reader itself adds no notices.
///
/// # Errors
///
/// [`Error::Damaged`] when the package or a sheet cannot be parsed, [`Error::Encrypted`] when
/// it is protected with a password, [`Error::TooLarge`] when it unpacks or stores more than
/// the limits allow, [`Error::ReaderCrashed`] when calamine panics.
pub fn read(path: &Path, bytes: Vec<u8>, limits: &ReadLimits) -> Result<Vec<Sheet>> {
    package::check(path, &bytes, Package::Xlsx, limits)?;
    let mut budget = CellBudget::new(limits);
    guard::catch_crash(path, || {
        read_sheets(bytes, &mut budget).map_err(|stop| match stop {
            Stop::Xlsx(error) => failure(path, error),
            Stop::Budget => limits.too_large(path, TooLargeCause::Cells),
        })
    })
}

fn read_sheets(bytes: Vec<u8>, budget: &mut CellBudget) -> std::result::Result<Vec<Sheet>, Stop> {
    let merges = super::xlsx_merges::merges_by_sheet(&bytes);
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes))?;
    let worksheets: Vec<calamine::Sheet> = workbook
        .sheets_metadata()
        .iter()
        .filter(|meta| meta.typ == SheetType::WorkSheet)
        .cloned()
        .collect();
    let mut sheets = Vec::with_capacity(worksheets.len());
    for meta in &worksheets {
        match read_sheet(&mut workbook, meta, merges.get(&meta.name), budget) {
            Ok(sheet) => sheets.push(sheet),
            // A dialog or macro sheet listed as a worksheet contains no roster.
            Err(Stop::Xlsx(XlsxError::NotAWorksheet(_))) => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(sheets)
}

/// Reads one sheet. Its merged areas come from `merges` when the fast scan found them, and
/// from calamine otherwise.
fn read_sheet(
    workbook: &mut Xlsx<Cursor<Vec<u8>>>,
    meta: &calamine::Sheet,
    merges: Option<&Vec<Merge>>,
    budget: &mut CellBudget,
) -> std::result::Result<Sheet, Stop> {
    let mut sheet = Sheet {
        name: meta.name.clone(),
        hidden: meta.visible != SheetVisible::Visible,
        ..Default::default()
    };
    read_cells(workbook, &mut sheet, budget)?;
    sheet.merges = match merges {
        Some(merges) => merges.clone(),
        None => workbook
            .merge_cells_by_sheet_name(&meta.name)?
            .iter()
            .map(merge_of)
            .collect(),
    };
    sheet.finish();
    Ok(sheet)
}

/// Streams the stored cells of one sheet into `sheet.cells`, skipping empty ones.
fn read_cells(
    workbook: &mut Xlsx<Cursor<Vec<u8>>>,
    sheet: &mut Sheet,
    budget: &mut CellBudget,
) -> std::result::Result<(), Stop> {
    let mut reader = workbook.worksheet_cells_reader(&sheet.name)?;
    let mut shared = SharedFormulas::default();
    while let Some(record) = reader.next_cell_with_formula_metadata()? {
        let at = CellRef::new(record.pos.0, record.pos.1);
        if let Some(formula) = &record.formula {
            shared.remember(formula, record.pos);
        }
        let unsaved_formula = match &record.formula {
            Some(formula) if record.value == DataRef::Empty => shared.text(formula, record.pos),
            _ => None,
        };
        // The table stage reports a formula without a value only where a table uses the
        // cell, so a =SUM in a footer row does not stop the run.
        let value = match unsaved_formula {
            Some(formula) => Value::FormulaWithoutValue(formula),
            None => cell_value::from_data_ref(record.value),
        };
        if value != Value::Empty {
            if !budget.charge(&value) {
                return Err(Stop::Budget);
            }
            sheet.cells.push(Cell { at, value });
        }
    }
    Ok(())
}

/// The shared formulas of one sheet, so a cell that only refers to one can show its text.
#[derive(Default)]
struct SharedFormulas {
    /// Shared index to the formula text and the cell it was written for.
    templates: HashMap<usize, (String, (u32, u32))>,
}

impl SharedFormulas {
    /// Keeps the text of a shared formula's first cell for the cells that refer to it.
    fn remember(&mut self, formula: &XlsxFormulaMetadata, pos: (u32, u32)) {
        if let XlsxFormulaMetadata::Shared {
            shared_index,
            range,
            formula,
        } = formula
        {
            let start = range.map_or(pos, |r| r.start);
            self.templates
                .insert(*shared_index, (formula.clone(), start));
        }
    }

    /// Returns a cell's formula text, or `None` when it is empty or unknown.
    ///
    /// A shared formula is shifted to the cell as Excel would show it. A formula that cannot
    /// be shifted is shown as written in its first cell.
    fn text(&self, formula: &XlsxFormulaMetadata, pos: (u32, u32)) -> Option<String> {
        let text = match formula {
            XlsxFormulaMetadata::Normal { formula } => formula.clone(),
            XlsxFormulaMetadata::Shared { formula, .. } => formula.clone(),
            XlsxFormulaMetadata::SharedDerived { shared_index } => {
                let (template, start) = self.templates.get(shared_index)?;
                calamine::expand_shared_formula(template, *start, pos)
                    .unwrap_or_else(|_| template.clone())
            }
            _ => return None,
        };
        (!text.is_empty()).then_some(text)
    }
}

fn merge_of(dimensions: &Dimensions) -> Merge {
    Merge {
        first: CellRef::new(dimensions.start.0, dimensions.start.1),
        last: CellRef::new(dimensions.end.0, dimensions.end.1),
    }
}

/// Maps calamine's error to what a clerk can act on. Its English text is never shown.
fn failure(path: &Path, error: XlsxError) -> Error {
    let path = path.to_path_buf();
    match error {
        XlsxError::Password => Error::Encrypted { path },
        _ => Error::Damaged { path },
    }
}
