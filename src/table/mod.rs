//! Finding the table inside a sheet: its header row, what each column means, and its data
//! rows with merged cells filled in and empty, footer and example rows set aside.
//!
//! Rosters, teacher sheets, draw forms and class lists all go through this stage, so each of
//! them understands title rows, merged cells and footers the same way.

pub mod header;

use std::collections::BTreeMap;

use crate::diag::{CellRef, Location, Report};
use crate::read::{Sheet, Value, Workbook};
pub use header::{Field, MatchStrength, match_header};

/// How many rows from the top are searched for the header.
const HEADER_SEARCH_ROWS: u32 = 40;

/// Non-fatal findings about a table's layout.
#[derive(Debug, Clone, PartialEq)]
pub enum TableProblem {
    /// A second column also looks like this field; the first one was used.
    DuplicateColumn {
        field: Field,
        header: String,
        used: CellRef,
    },
    /// A merged area in the data was filled from its top-left cell. The location is the
    /// top-left cell.
    MergedFilled { last: CellRef, value: String },
    /// A row that is an example (例, 示例) was left out.
    ExampleRow,
    /// A row after the data that is a footer (合计, 注, 制表人) was left out.
    FooterRow { text: String },
    /// A cell far outside the table that only holds invisible characters was ignored.
    StrayBlankCell,
    /// A value in a column without a header was ignored.
    ValueWithoutHeader { value: String },
    /// A sheet other than the one with the header was ignored.
    SheetWithoutHeader,
}

/// One column the table understood.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub field: Field,
    pub col: u32,
    /// The header as written in the sheet.
    pub header: String,
    pub strength: MatchStrength,
}

/// A column with a header the tool has no meaning for; kept so outputs can show it.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtraColumn {
    pub col: u32,
    pub header: String,
}

/// One data row: its 0-based row index and its cells by column, merged areas filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub row: u32,
    pub cells: BTreeMap<u32, Value>,
}

impl Record {
    pub fn value(&self, col: u32) -> Option<&Value> {
        self.cells.get(&col)
    }
}

/// The table found in one sheet.
#[derive(Debug, Clone)]
pub struct Table {
    pub file: String,
    pub sheet: String,
    /// The header row, 0-based.
    pub header_row: u32,
    pub columns: Vec<Column>,
    pub extras: Vec<ExtraColumn>,
    pub records: Vec<Record>,
    /// Rows left out as empty (blank or numbered only), counted for the summary.
    pub skipped_empty: usize,
    /// The texts above the header (title rows such as `某中学2025级七年级新生名单`).
    pub titles: Vec<String>,
    /// The file stores every cell as text (CSV, a web page), so a number written as text is
    /// normal there and not worth a notice.
    pub text_only: bool,
}

impl Table {
    pub fn column(&self, field: Field) -> Option<&Column> {
        self.columns.iter().find(|c| c.field == field)
    }

    pub fn has(&self, field: Field) -> bool {
        self.column(field).is_some()
    }

    /// The cell and value of a field in a record, if the column exists and the cell is set.
    pub fn get<'r>(&self, record: &'r Record, field: Field) -> Option<(CellRef, &'r Value)> {
        let col = self.column(field)?.col;
        record
            .value(col)
            .map(|v| (CellRef::new(record.row, col), v))
    }

    /// The cell where a field of a record is or would be.
    pub fn cell_of(&self, record: &Record, field: Field) -> Option<CellRef> {
        self.column(field).map(|c| CellRef::new(record.row, c.col))
    }

    pub fn location(&self, at: CellRef) -> Location {
        Location::cell(&self.file, &self.sheet, at)
    }
}

/// What a sheet must contain to count as the table a command looks for.
pub struct TableSpec {
    /// Fields this kind of sheet may have.
    pub accepted: &'static [Field],
    /// Each inner list needs at least one of its fields (for example 姓名, and 性别 or
    /// 身份证号).
    pub required: &'static [&'static [Field]],
}

impl TableSpec {
    fn satisfied_by(&self, fields: &[Field]) -> bool {
        self.required
            .iter()
            .all(|any| any.iter().any(|f| fields.contains(f)))
    }
}

/// Finds the tables of a workbook: every visible sheet whose header matches `spec`.
///
/// Hidden sheets are skipped with a notice; visible sheets without a matching header are
/// mentioned when another sheet had one. Returns no tables when no sheet matches.
pub fn find_tables(book: &Workbook, spec: &TableSpec, report: &mut Report) -> Vec<Table> {
    let mut tables = Vec::new();
    let mut without_header = Vec::new();
    for sheet in &book.sheets {
        if sheet.hidden {
            report.notice(
                Location::sheet(&book.file_name, &sheet.name),
                crate::read::ReadProblem::HiddenSheetSkipped,
            );
            continue;
        }
        match read_table(&book.file_name, sheet, spec, report) {
            Some(mut table) => {
                table.text_only = matches!(
                    book.format,
                    crate::read::Format::Csv | crate::read::Format::Html
                );
                tables.push(table);
            }
            None if !sheet.cells.is_empty() && !is_guide_sheet(&sheet.name) => {
                without_header.push(&sheet.name);
            }
            None => {}
        }
    }
    if !tables.is_empty() {
        for name in without_header {
            report.notice(
                Location::sheet(&book.file_name, name),
                TableProblem::SheetWithoutHeader,
            );
        }
    }
    tables
}

/// Returns whether a sheet is an instructions sheet (填表说明, 使用说明, ...), like the one in the
/// tool's own templates. Such a sheet has no header by design, so not reading it is not
/// worth a notice.
pub fn is_guide_sheet(name: &str) -> bool {
    name.contains("说明")
}

/// Reads one sheet as a table, or returns `None` when no header row matches `spec`.
pub fn read_table(
    file: &str,
    sheet: &Sheet,
    spec: &TableSpec,
    report: &mut Report,
) -> Option<Table> {
    let (header_row, columns, extras) = find_header(file, sheet, spec, report)?;
    let mut table = Table {
        file: file.to_string(),
        sheet: sheet.name.clone(),
        header_row,
        columns,
        extras,
        records: Vec::new(),
        skipped_empty: 0,
        titles: title_texts(sheet, header_row),
        text_only: false,
    };
    let filled = fill_merged(&table, sheet, report);
    collect_records(&mut table, filled, report);
    Some(table)
}

type HeaderMatch = (u32, Vec<Column>, Vec<ExtraColumn>);

/// The non-blank texts in the rows above the header, in reading order.
fn title_texts(sheet: &Sheet, header_row: u32) -> Vec<String> {
    sheet
        .rows()
        .take_while(|(row, _)| *row < header_row)
        .flat_map(|(_, cells)| cells.iter().filter_map(|c| text_of(&c.value)))
        .map(|t| t.trim().to_string())
        .collect()
}

/// Picks the header row: among the first rows, the one that matches the most fields and
/// satisfies the spec. Ties go to the upper row.
fn find_header(
    file: &str,
    sheet: &Sheet,
    spec: &TableSpec,
    report: &mut Report,
) -> Option<HeaderMatch> {
    let mut best: Option<(usize, u32)> = None;
    for (row, cells) in sheet.rows().take_while(|(r, _)| *r < HEADER_SEARCH_ROWS) {
        let fields: Vec<Field> = cells
            .iter()
            .filter_map(|c| text_of(&c.value))
            .filter_map(|t| match_header(&t, spec.accepted).map(|m| m.0))
            .collect();
        if spec.satisfied_by(&fields) && best.is_none_or(|(n, _)| fields.len() > n) {
            best = Some((fields.len(), row));
        }
    }
    let (_, row) = best?;
    let (columns, extras) = map_columns(file, sheet, row, spec, report);
    Some((row, columns, extras))
}

/// Maps each header cell of `row` to a field; the strongest and leftmost match wins.
fn map_columns(
    file: &str,
    sheet: &Sheet,
    row: u32,
    spec: &TableSpec,
    report: &mut Report,
) -> (Vec<Column>, Vec<ExtraColumn>) {
    let mut columns: Vec<Column> = Vec::new();
    let mut extras = Vec::new();
    let header_cells = sheet
        .rows()
        .find(|(r, _)| *r == row)
        .map(|(_, c)| c)
        .unwrap_or(&[]);
    for cell in header_cells {
        let Some(text) = text_of(&cell.value) else {
            continue;
        };
        let header = text.trim().to_string();
        let Some((field, strength)) = match_header(&text, spec.accepted) else {
            extras.push(ExtraColumn {
                col: cell.at.col,
                header,
            });
            continue;
        };
        let candidate = Column {
            field,
            col: cell.at.col,
            header: header.clone(),
            strength,
        };
        match columns.iter_mut().find(|c| c.field == field) {
            None => columns.push(candidate),
            Some(existing) => {
                let (kept, dropped) = if strength > existing.strength {
                    (candidate, existing.clone())
                } else {
                    (existing.clone(), candidate)
                };
                report.notice(
                    Location::cell(file, &sheet.name, CellRef::new(row, dropped.col)),
                    TableProblem::DuplicateColumn {
                        field,
                        header: dropped.header.clone(),
                        used: CellRef::new(row, kept.col),
                    },
                );
                extras.push(ExtraColumn {
                    col: dropped.col,
                    header: dropped.header,
                });
                *existing = kept;
            }
        }
    }
    columns.sort_by_key(|c| c.col);
    extras.sort_by_key(|c| c.col);
    (columns, extras)
}

/// A data cell's position, row then column, and its value.
type DataCell = ((u32, u32), Value);

/// Returns the data cells below the header in row-major order with every merged area
/// filled from its top-left cell, and reports each filled area.
///
/// The sheet's cells are already in row-major order, so only the filled cells go through a
/// map; a roster of many schools has millions of cells. Only the columns that have a header
/// are filled, and no row below the last one with data in them: a file may merge a cell
/// down to row 1,048,576 and across to column XFD, and filling all of that would take
/// billions of cells.
fn fill_merged(table: &Table, sheet: &Sheet, report: &mut Report) -> Vec<DataCell> {
    let mut fills: BTreeMap<(u32, u32), Value> = BTreeMap::new();
    let known = known_columns(table);
    let last_row = last_data_row(sheet, &known);
    for merge in &sheet.merges {
        if merge.first.row <= table.header_row || merge.first == merge.last {
            continue;
        }
        let Some(value) = sheet.get(merge.first).cloned() else {
            continue;
        };
        let spans_rows = merge.last.row > merge.first.row;
        let columns = known
            .iter()
            .filter(|&&col| (merge.first.col..=merge.last.col).contains(&col));
        for &col in columns {
            for row in merge.first.row..=merge.last.row.min(last_row) {
                fills.insert((row, col), value.clone());
            }
        }
        let is_mapped = table
            .columns
            .iter()
            .any(|c| (merge.first.col..=merge.last.col).contains(&c.col));
        if spans_rows && is_mapped {
            report.notice(
                table.location(merge.first),
                TableProblem::MergedFilled {
                    last: merge.last,
                    value: value.display(),
                },
            );
        }
    }
    let own = sheet
        .cells
        .iter()
        .filter(|c| c.at.row > table.header_row)
        .map(|c| ((c.at.row, c.at.col), c.value.clone()));
    merge_sorted(own, fills.into_iter())
}

/// Merges two sequences sorted by position; where both have a cell, `fills` wins.
fn merge_sorted(
    own: impl Iterator<Item = DataCell>,
    fills: impl Iterator<Item = DataCell>,
) -> Vec<DataCell> {
    let mut own = own.peekable();
    let mut fills = fills.peekable();
    let mut cells = Vec::new();
    loop {
        let next = match (own.peek(), fills.peek()) {
            (Some(a), Some(b)) if a.0 < b.0 => own.next(),
            (Some(a), Some(b)) if a.0 == b.0 => {
                own.next();
                fills.next()
            }
            (_, Some(_)) => fills.next(),
            (Some(_), None) => own.next(),
            (None, None) => break,
        };
        cells.extend(next);
    }
    cells
}

/// The columns with a header, recognised or not, in ascending order.
fn known_columns(table: &Table) -> Vec<u32> {
    let mut known: Vec<u32> = table
        .columns
        .iter()
        .map(|c| c.col)
        .chain(table.extras.iter().map(|e| e.col))
        .collect();
    known.sort_unstable();
    known.dedup();
    known
}

/// The last row with a non-blank cell in one of the `known` columns, or 0.
fn last_data_row(sheet: &Sheet, known: &[u32]) -> u32 {
    sheet
        .cells
        .iter()
        .rev()
        .find(|c| known.binary_search(&c.at.col).is_ok() && !c.value.is_blank())
        .map_or(0, |c| c.at.row)
}

/// Splits the data cells into records, leaving out empty, footer and example rows.
fn collect_records(table: &mut Table, cells: Vec<DataCell>, report: &mut Report) {
    let known: Vec<u32> = table
        .columns
        .iter()
        .map(|c| c.col)
        .chain(table.extras.iter().map(|e| e.col))
        .collect();
    let last_known = known.iter().copied().max().unwrap_or(0);
    // The cells are in row-major order, so each row's cells arrive together.
    let mut rows: Vec<(u32, BTreeMap<u32, Value>)> = Vec::new();
    for ((row, col), value) in cells {
        if known.contains(&col) {
            match rows.last_mut() {
                Some((last, cells)) if *last == row => {
                    cells.insert(col, value);
                }
                _ => rows.push((row, BTreeMap::from([(col, value)]))),
            }
        } else if value.is_blank() {
            let far = col > last_known + 1 || row > table.header_row + 100_000;
            if far {
                report.notice(
                    table.location(CellRef::new(row, col)),
                    TableProblem::StrayBlankCell,
                );
            }
        } else {
            report.notice(
                table.location(CellRef::new(row, col)),
                TableProblem::ValueWithoutHeader {
                    value: value.display(),
                },
            );
        }
    }
    for (row, cells) in rows {
        let record = Record { row, cells };
        match classify(table, &record) {
            RowKind::Empty => table.skipped_empty += 1,
            RowKind::Footer(text) => {
                report.notice(
                    Location::row(&table.file, &table.sheet, row),
                    TableProblem::FooterRow { text },
                );
            }
            RowKind::Example => {
                report.warning(
                    Location::row(&table.file, &table.sheet, row),
                    TableProblem::ExampleRow,
                );
            }
            RowKind::Data => {
                // Data below a footer is unusual but real (a second block pasted below the
                // total), so it is kept; the footer notice above tells the clerk where.
                report_unsaved_formulas(table, &record, report);
                table.records.push(record);
            }
        }
    }
}

/// Reports formula cells without a saved result in a data row's recognised columns; their
/// value is unknown until the file is opened and saved in Excel or WPS.
fn report_unsaved_formulas(table: &Table, record: &Record, report: &mut Report) {
    for column in &table.columns {
        if let Some(Value::FormulaWithoutValue(formula)) = record.value(column.col) {
            let problem = crate::read::ReadProblem::FormulaWithoutValue {
                formula: formula.clone(),
            };
            report.error(
                table.location(CellRef::new(record.row, column.col)),
                problem,
            );
        }
    }
}

enum RowKind {
    Empty,
    Footer(String),
    Example,
    Data,
}

const FOOTER_STARTS: &[&str] = &[
    "合计",
    "总计",
    "小计",
    "共计",
    "注",
    "备注：",
    "说明",
    "制表",
    "填表",
    "审核",
    "负责人",
    "校长",
    "签字",
    "签名",
    "盖章",
    "经办人",
];

const EXAMPLE_MARKS: &[&str] = &["例", "示例", "样例", "举例", "例子", "范例"];

fn classify(table: &Table, record: &Record) -> RowKind {
    let seq_col = table.column(Field::Seq).map(|c| c.col);
    // Only the first filled cell and the 序号 cell decide, so only those are compacted; a
    // roster has hundreds of thousands of rows.
    let mut filled = record.cells.iter().filter(|(_, v)| !v.is_blank());
    let Some((first_col, first_value)) = filled.next() else {
        return RowKind::Empty;
    };
    let first_text = compact(&first_value.display());
    let only_seq = filled.next().is_none() && Some(*first_col) == seq_col;
    if only_seq && !is_footer_text(&first_text) {
        return RowKind::Empty;
    }
    if is_footer_text(&first_text) {
        return RowKind::Footer(first_value.display().trim().to_string());
    }
    let seq_text = seq_col
        .and_then(|c| record.cells.get(&c))
        .filter(|v| !v.is_blank())
        .map(|v| compact(&v.display()));
    let is_example = seq_text.is_some_and(|t| EXAMPLE_MARKS.iter().any(|m| t.starts_with(m)))
        || EXAMPLE_MARKS.iter().any(|m| {
            first_text
                .strip_prefix(m)
                .is_some_and(|rest| rest.starts_with(['：', ':']))
        });
    if is_example {
        return RowKind::Example;
    }
    RowKind::Data
}

fn is_footer_text(text: &str) -> bool {
    FOOTER_STARTS.iter().any(|w| text.starts_with(w)) && !text.chars().all(|c| c.is_ascii_digit())
}

/// Text without any whitespace or invisible characters, for comparing row markers.
fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| !crate::read::grid::is_blank_char(*c))
        .collect()
}

fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::Text(t) if !value.is_blank() => Some(t.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{Cell, Merge};

    fn text_cell(row: u32, col: u32, text: &str) -> Cell {
        Cell {
            at: CellRef::new(row, col),
            value: Value::Text(text.into()),
        }
    }

    #[test]
    fn merge_over_whole_sheet_fills_only_data_cells() {
        let mut sheet = Sheet {
            name: "名单".into(),
            ..Sheet::default()
        };
        for (col, header) in ["姓名", "性别", "备注"].iter().enumerate() {
            sheet.cells.push(text_cell(0, col as u32, header));
        }
        for (row, name) in ["张子涵", "李思远", "王雨桐"].iter().enumerate() {
            sheet.cells.push(text_cell(row as u32 + 1, 0, name));
            sheet.cells.push(text_cell(row as u32 + 1, 1, "女"));
        }
        sheet.cells.push(text_cell(1, 2, "转入"));
        // C2:XFD1048576, 17 billion cells if filled in full.
        sheet.merges.push(Merge {
            first: CellRef::new(1, 2),
            last: CellRef::new(1_048_575, 16_383),
        });
        sheet.finish();

        let mut report = Report::new();
        let table = read_table("a.xlsx", &sheet, &crate::roster::ROSTER_SPEC, &mut report);

        let table = table.expect("a roster table");
        assert_eq!(table.records.len(), 3);
        for record in &table.records {
            assert_eq!(record.value(2), Some(&Value::Text("转入".into())));
            assert_eq!(record.cells.len(), 3, "row {}", record.row);
        }
    }
}
