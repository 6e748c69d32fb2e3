//! Merged areas of ods sheets, which calamine 0.38 reads past without exposing.
//!
//! In `content.xml` a merged area is a `table:table-cell` with `table:number-columns-spanned`
//! or `table:number-rows-spanned`; the cells it covers are `table:covered-table-cell`. Rows
//! and cells may stand for many with `number-rows-repeated` and `number-columns-repeated`,
//! so positions are counted, never stored.

use std::io::{BufRead, BufReader, Cursor};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use super::Merge;
use crate::diag::CellRef;

/// Repeated rows or cells that carry a merge are expanded at most this many times. A file
/// that repeats a merged cell more often was not typed by a clerk.
const MAX_MERGE_REPEATS: u32 = 1024;

/// Returns the merged areas of each sheet in `content.xml` order, which is calamine's sheet
/// order. An unreadable `content.xml` gives no merges, because its cells were already read.
pub fn merges_by_sheet(bytes: &[u8]) -> Vec<Vec<Merge>> {
    let Ok(mut archive) = ZipArchive::new(Cursor::new(bytes)) else {
        return Vec::new();
    };
    let Ok(content) = archive.by_name("content.xml") else {
        return Vec::new();
    };
    let mut reader = Reader::from_reader(BufReader::new(content));
    reader.config_mut().expand_empty_elements = true;
    scan(&mut reader).unwrap_or_default()
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

fn scan<R: BufRead>(reader: &mut Reader<R>) -> quick_xml::Result<Vec<Vec<Merge>>> {
    let mut sheets: Vec<Vec<Merge>> = Vec::new();
    let mut at = Position::default();
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf)? {
            Event::Start(e) => match e.name().as_ref() {
                "table:table" => {
                    sheets.push(Vec::new());
                    at = Position::default();
                }
                "table:table-row" => {
                    at.col = 0;
                    at.row_repeats = number(&e, "table:number-rows-repeated");
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    add_cell(&e, &mut at);
                }
                _ => {}
            },
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                if let Some(sheet) = sheets.last_mut() {
                    end_row(&mut at, sheet);
                }
            }
            Event::Eof => return Ok(sheets),
            _ => {}
        }
        buf.clear();
    }
}

/// Records the merge a cell starts, for each of its repetitions, and moves past it.
fn add_cell(e: &BytesStart<'_>, at: &mut Position) {
    let repeats = number(e, "table:number-columns-repeated");
    let cols = number(e, "table:number-columns-spanned");
    let rows = number(e, "table:number-rows-spanned");
    if e.name().as_ref() == "table:table-cell" && (cols > 1 || rows > 1) {
        for i in 0..repeats.min(MAX_MERGE_REPEATS) {
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
fn end_row(at: &mut Position, sheet: &mut Vec<Merge>) {
    let repeats = at.row_repeats.max(1);
    for i in 0..repeats.min(MAX_MERGE_REPEATS) {
        for merge in &at.row_merges {
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

/// Reads a count attribute; missing, invalid or zero counts are 1.
fn number(e: &BytesStart<'_>, name: &str) -> u32 {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|attribute| attribute.value.parse().ok())
        .unwrap_or(1)
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_text(xml: &str) -> Vec<Vec<String>> {
        let mut reader = Reader::from_reader(xml.as_bytes());
        reader.config_mut().expand_empty_elements = true;
        let sheets = scan(&mut reader).unwrap();
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
}
