//! A first pass over an ods `content.xml`: the merged areas that calamine 0.38 reads past
//! without exposing, and the checks that keep calamine from looping or exhausting memory.
//!
//! In `content.xml` a merged area is a `table:table-cell` with `table:number-columns-spanned`
//! or `table:number-rows-spanned`; the cells it covers are `table:covered-table-cell`. Rows
//! and cells may stand for many with `number-rows-repeated` and `number-columns-repeated`,
//! so positions are counted, never stored.
//!
//! calamine loops forever when `content.xml` ends inside a table or a comment, because those
//! loops of its ods reader do not stop at the end of the file. It also builds every sheet as
//! a dense range and copies a repeated cell or row as often as the file states, so a few bytes
//! can ask for gigabytes. The scan therefore rejects XML that is not well formed, and it
//! estimates the dense ranges before calamine builds them.

use std::io::{BufRead, BufReader, Cursor};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use super::Merge;
use crate::diag::CellRef;

/// Repeated rows or cells that carry a merge are expanded at most this many times. A file
/// that repeats a merged cell more often was not typed by a clerk.
const MAX_MERGE_REPEATS: u32 = 1024;

/// More merged areas than this in one file are rejected as too large.
const MAX_MERGES: usize = 1_000_000;

/// The rows and columns to which calamine 0.38 caps repetitions (`MAX_ROWS`, `MAX_COLUMNS`
/// in its `ods.rs`).
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;

/// Bytes calamine keeps per cell of a dense range: a `Data` value (32 bytes) and the
/// formula `String` beside it (24 bytes). Sizes measured for calamine 0.38 on 64-bit targets.
const DENSE_CELL_BYTES: u64 = 56;

/// The reason a `content.xml` is not handed to calamine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanFault {
    /// The XML is not well formed, so calamine could loop forever on it.
    Malformed,
    /// The dense ranges calamine would build need more than the memory budget.
    TooLarge,
}

/// Returns the merged areas of each sheet in `content.xml` order, which is calamine's sheet
/// order, after checking that calamine can read `content.xml` within `budget_bytes`.
///
/// A package without a readable `content.xml` gives no merges; calamine then reports it.
///
/// # Errors
///
/// [`ScanFault`] when `content.xml` is malformed or its sheets are too large.
pub fn scan_content(bytes: &[u8], budget_bytes: u64) -> Result<Vec<Vec<Merge>>, ScanFault> {
    let Ok(mut archive) = ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(Vec::new());
    };
    let Ok(content) = archive.by_name("content.xml") else {
        return Ok(Vec::new());
    };
    let mut reader = Reader::from_reader(BufReader::new(content));
    reader.config_mut().expand_empty_elements = true;
    scan(&mut reader, budget_bytes)
}

/// The position of the scan inside the current sheet.
#[derive(Default)]
struct Position {
    row: u32,
    col: u32,
    /// How many rows the current `table:table-row` stands for.
    row_repeats: u32,
    /// Merges started in the current row, copied to its repetitions when the row ends.
    row_merges: Vec<Merge>,
}

/// Counts the merges of the whole file; more than [`MAX_MERGES`] stops the scan.
#[derive(Default)]
struct MergeCount(usize);

impl MergeCount {
    /// Counts one more merge and returns false once there are too many.
    fn add(&mut self) -> bool {
        self.0 += 1;
        self.0 <= MAX_MERGES
    }

    fn too_many(&self) -> bool {
        self.0 > MAX_MERGES
    }
}

/// The memory calamine would need for the cells seen so far.
#[derive(Default)]
struct Estimate {
    /// Bytes of the sheets already finished.
    finished: u64,
    sheet: Extent,
    /// The non-empty cells of the current row: first column, end column, copied text.
    row: Option<(u64, u64)>,
    row_text: u64,
    /// The current cell: its first column, repetitions, whether calamine keeps a value for
    /// it, and the text it holds.
    cell: Option<CellEstimate>,
}

/// The rectangle of non-empty cells of one sheet, which calamine stores densely.
#[derive(Default)]
struct Extent {
    first_row: Option<u64>,
    rows_end: u64,
    first_col: Option<u64>,
    cols_end: u64,
    /// Text calamine copies into every repetition of a repeated cell or row.
    copied_text: u64,
}

struct CellEstimate {
    col: u64,
    repeats: u64,
    has_value: bool,
    text: u64,
}

impl Extent {
    fn bytes(&self) -> u64 {
        let (Some(first_row), Some(first_col)) = (self.first_row, self.first_col) else {
            return 0;
        };
        let rows = self.rows_end.saturating_sub(first_row);
        let cols = self.cols_end.saturating_sub(first_col);
        rows.saturating_mul(cols)
            .saturating_mul(DENSE_CELL_BYTES)
            .saturating_add(self.copied_text)
    }
}

impl Estimate {
    fn total(&self) -> u64 {
        self.finished.saturating_add(self.sheet.bytes())
    }

    fn start_cell(&mut self, e: &BytesStart<'_>, col: u32) {
        let has_value =
            attribute(e, "office:value-type").is_some() || attribute(e, "table:formula").is_some();
        let formula = attribute(e, "table:formula").map_or(0, |f| f.len() as u64);
        self.cell = Some(CellEstimate {
            col: u64::from(col),
            repeats: count(e, "table:number-columns-repeated").min(MAX_COLUMNS),
            has_value,
            text: formula,
        });
    }

    fn add_text(&mut self, bytes: u64) {
        if let Some(cell) = &mut self.cell {
            cell.text = cell.text.saturating_add(bytes);
        }
    }

    fn end_cell(&mut self) {
        let Some(cell) = self.cell.take() else {
            return;
        };
        if !cell.has_value {
            return;
        }
        let end = cell.col.saturating_add(cell.repeats).min(MAX_COLUMNS);
        let (first, last) = self.row.unwrap_or((cell.col, end));
        self.row = Some((first.min(cell.col), last.max(end)));
        let copies = cell.text.saturating_mul(cell.repeats);
        self.row_text = self.row_text.saturating_add(copies);
    }

    fn end_row(&mut self, row: u32, repeats: u32) {
        let row_text = std::mem::take(&mut self.row_text);
        let Some((first_col, cols_end)) = self.row.take() else {
            return;
        };
        let repeats = u64::from(repeats.max(1));
        let sheet = &mut self.sheet;
        sheet.first_row.get_or_insert(u64::from(row));
        sheet.rows_end = u64::from(row).saturating_add(repeats).min(MAX_ROWS);
        sheet.first_col = Some(sheet.first_col.map_or(first_col, |c| c.min(first_col)));
        sheet.cols_end = sheet.cols_end.max(cols_end);
        sheet.copied_text = sheet
            .copied_text
            .saturating_add(row_text.saturating_mul(repeats));
    }

    fn end_sheet(&mut self) {
        self.finished = self.total();
        self.sheet = Extent::default();
    }
}

fn scan<R: BufRead>(
    reader: &mut Reader<R>,
    budget_bytes: u64,
) -> Result<Vec<Vec<Merge>>, ScanFault> {
    let mut sheets: Vec<Vec<Merge>> = Vec::new();
    let mut at = Position::default();
    let mut estimate = Estimate::default();
    let mut depth = 0u64;
    let mut merges = MergeCount::default();
    let mut buf = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|_| ScanFault::Malformed)?;
        match event {
            Event::Start(e) => {
                depth += 1;
                start_element(&e, &mut at, &mut estimate, &mut sheets, &mut merges);
            }
            Event::End(e) => {
                depth = depth.checked_sub(1).ok_or(ScanFault::Malformed)?;
                match e.name().as_ref() {
                    "table:table-cell" | "table:covered-table-cell" => estimate.end_cell(),
                    "table:table-row" => {
                        estimate.end_row(at.row, at.row_repeats);
                        if let Some(sheet) = sheets.last_mut() {
                            end_row(&mut at, sheet, &mut merges);
                        }
                    }
                    "table:table" => estimate.end_sheet(),
                    _ => {}
                }
                if estimate.total() > budget_bytes || merges.too_many() {
                    return Err(ScanFault::TooLarge);
                }
            }
            Event::Text(text) => estimate.add_text(text.len() as u64),
            Event::Eof if depth == 0 => return Ok(sheets),
            Event::Eof => return Err(ScanFault::Malformed),
            _ => {}
        }
        buf.clear();
    }
}

fn start_element(
    e: &BytesStart<'_>,
    at: &mut Position,
    estimate: &mut Estimate,
    sheets: &mut Vec<Vec<Merge>>,
    merges: &mut MergeCount,
) {
    match e.name().as_ref() {
        "table:table" => {
            sheets.push(Vec::new());
            *at = Position::default();
        }
        "table:table-row" => {
            at.col = 0;
            at.row_repeats = number(e, "table:number-rows-repeated");
        }
        "table:table-cell" | "table:covered-table-cell" => {
            estimate.start_cell(e, at.col);
            add_cell(e, at, merges);
        }
        // A run of spaces, written as one element with its length.
        "text:s" => estimate.add_text(count(e, "text:c")),
        _ => {}
    }
}

/// Records the merge a cell starts, for each of its repetitions, and moves past it.
fn add_cell(e: &BytesStart<'_>, at: &mut Position, merges: &mut MergeCount) {
    let repeats = number(e, "table:number-columns-repeated");
    let cols = number(e, "table:number-columns-spanned");
    let rows = number(e, "table:number-rows-spanned");
    if e.name().as_ref() == "table:table-cell" && (cols > 1 || rows > 1) {
        for i in 0..repeats.min(MAX_MERGE_REPEATS) {
            if !merges.add() {
                break;
            }
            let first = CellRef::new(at.row, at.col.saturating_add(i.saturating_mul(cols)));
            let last = CellRef::new(
                first.row.saturating_add(rows - 1),
                first.col.saturating_add(cols - 1),
            );
            at.row_merges.push(Merge { first, last });
        }
    }
    at.col = at.col.saturating_add(repeats);
}

/// Moves the scan past a row and its repetitions, keeping the merges the row started.
fn end_row(at: &mut Position, sheet: &mut Vec<Merge>, merges: &mut MergeCount) {
    let repeats = at.row_repeats.max(1);
    for i in 0..repeats.min(MAX_MERGE_REPEATS) {
        for merge in &at.row_merges {
            // The first copy is the merge counted when its cell was read.
            if i > 0 && !merges.add() {
                break;
            }
            let shift = |cell: CellRef| CellRef::new(cell.row.saturating_add(i), cell.col);
            sheet.push(Merge {
                first: shift(merge.first),
                last: shift(merge.last),
            });
        }
    }
    at.row_merges.clear();
    at.row = at.row.saturating_add(repeats);
}

fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .map(|attribute| attribute.value.into_owned())
}

/// Reads a count attribute; missing, invalid or zero counts are 1.
fn number(e: &BytesStart<'_>, name: &str) -> u32 {
    u32::try_from(count(e, name)).unwrap_or(u32::MAX)
}

/// Reads a count attribute as calamine does, as a 64-bit number; missing, invalid or zero
/// counts are 1.
fn count(e: &BytesStart<'_>, name: &str) -> u64 {
    attribute(e, name)
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(1)
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_xml(xml: &str, budget_bytes: u64) -> Result<Vec<Vec<Merge>>, ScanFault> {
        let mut reader = Reader::from_reader(xml.as_bytes());
        reader.config_mut().expand_empty_elements = true;
        scan(&mut reader, budget_bytes)
    }

    fn scan_text(xml: &str) -> Vec<Vec<String>> {
        let sheets = scan_xml(xml, u64::MAX).unwrap();
        sheets
            .iter()
            .map(|merges| {
                merges
                    .iter()
                    .map(|m| format!("{}:{}", m.first, m.last))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn spans_after_repeated_rows_and_cells() {
        let xml = r#"<office:spreadsheet>
            <table:table table:name="a">
              <table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>
              <table:table-row>
                <table:table-cell table:number-columns-repeated="3"/>
                <table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="3"/>
                <table:covered-table-cell/>
              </table:table-row>
            </table:table>
            <table:table table:name="b">
              <table:table-row><table:table-cell table:number-rows-spanned="2"/></table:table-row>
              <table:table-row><table:covered-table-cell/></table:table-row>
            </table:table>
          </office:spreadsheet>"#;
        assert_eq!(scan_text(xml), vec![vec!["D3:E5"], vec!["A1:A2"]]);
    }

    #[test]
    fn repeated_row_repeats_its_merges() {
        let xml = r#"<table:table>
              <table:table-row table:number-rows-repeated="2">
                <table:table-cell table:number-columns-spanned="2"/><table:covered-table-cell/>
              </table:table-row>
            </table:table>"#;
        assert_eq!(scan_text(xml), vec![vec!["A1:B1", "A2:B2"]]);
    }

    #[test]
    fn content_ending_inside_a_table_is_malformed() {
        let xml = r#"<office:spreadsheet><table:table table:name="a">
              <table:table-row><table:table-cell office:value-type="string">"#;
        assert_eq!(scan_xml(xml, u64::MAX), Err(ScanFault::Malformed));
    }

    #[test]
    fn mismatched_end_tag_is_malformed() {
        let xml = r#"<table:table><office:annotation></table:table>"#;
        assert_eq!(scan_xml(xml, u64::MAX), Err(ScanFault::Malformed));
    }

    #[test]
    fn stray_far_cell_is_too_large() {
        // One value in A1 and one in XFD1048576: calamine would build 17 billion cells.
        let xml = r#"<table:table table:name="a">
              <table:table-row><table:table-cell office:value-type="float"/></table:table-row>
              <table:table-row table:number-rows-repeated="1048574"><table:table-cell/></table:table-row>
              <table:table-row>
                <table:table-cell table:number-columns-repeated="16383"/>
                <table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>
              </table:table-row>
            </table:table>"#;
        assert_eq!(scan_xml(xml, 1 << 30), Err(ScanFault::TooLarge));
    }

    #[test]
    fn repeated_long_text_is_too_large() {
        // 10,000 spaces copied into 16,384 columns of 1,000 rows: 164 GB of text.
        let xml = r#"<table:table table:name="a">
              <table:table-row table:number-rows-repeated="1000">
                <table:table-cell table:number-columns-repeated="16384" office:value-type="string">
                  <text:p><text:s text:c="10000"/></text:p>
                </table:table-cell>
              </table:table-row>
            </table:table>"#;
        assert_eq!(scan_xml(xml, 1 << 30), Err(ScanFault::TooLarge));
    }

    #[test]
    fn trailing_empty_rows_cost_nothing() {
        // LibreOffice ends every sheet with a repeated empty row reaching row 1,048,576.
        let xml = r#"<table:table table:name="a">
              <table:table-row><table:table-cell office:value-type="string"><text:p>姓名</text:p></table:table-cell></table:table-row>
              <table:table-row table:number-rows-repeated="1048575">
                <table:table-cell table:number-columns-repeated="1024"/>
              </table:table-row>
            </table:table>"#;
        assert_eq!(scan_xml(xml, 1024).map(|s| s.len()), Ok(1));
    }

    #[test]
    fn dense_estimate_counts_rows_and_columns() {
        let xml = r#"<table:table table:name="a">
              <table:table-row table:number-rows-repeated="10">
                <table:table-cell table:number-columns-repeated="3" office:value-type="float"/>
              </table:table-row>
            </table:table>"#;
        // 10 rows × 3 columns × 56 bytes = 1,680 bytes.
        assert!(scan_xml(xml, 1680).is_ok());
        assert_eq!(scan_xml(xml, 1679), Err(ScanFault::TooLarge));
    }
}
