//! Reading the typed draw form: the class rows of its table, the draw date and the facts
//! printed above the table.
//!
//! The form written by `write::drawform` has title rows, a table 班级 | 班主任 | 抽中组号 |
//! 班主任签名 | 备注 with one row per class, a blank row and a signature table headed
//! 签字人员. Rows from the signature table on are not classes and are left out.

use std::path::Path;

use crate::classname::{ClassKey, parse_class_name};
use crate::diag::{CellRef, Location, Report, Severity};
use crate::error::{Error, Result, TableKind};
use crate::messages::labels;
use crate::read::{Sheet, Value, Workbook};
use crate::roster::clean::clean_name;
use crate::table::{self, Field, Table, TableSpec};

/// The columns a draw form may have.
pub const DRAW_FIELDS: &[Field] = &[
    Field::Seq,
    Field::Class,
    Field::HeadTeacher,
    Field::DrawnGroup,
    Field::Remark,
];

/// A draw form needs its classes and the group each drew.
pub const DRAW_SPEC: TableSpec = TableSpec {
    accepted: DRAW_FIELDS,
    required: &[&[Field::Class], &[Field::DrawnGroup]],
};

/// One class row of the form.
#[derive(Debug, Clone, PartialEq)]
pub struct FormRow {
    pub class_cell: CellRef,
    /// The class name as written.
    pub class_written: String,
    pub class: Option<ClassKey>,
    pub group_cell: CellRef,
    pub group: Value,
    /// The head teacher typed on the form, cleaned like a name; `None` when blank.
    pub head_teacher: Option<(CellRef, String)>,
}

/// The draw form as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawForm {
    pub file: String,
    pub sheet: String,
    pub rows: Vec<FormRow>,
    /// The cell right of 抽签日期 and its value, when the form has that label.
    pub date: Option<(CellRef, Value)>,
    /// The 分组指纹 printed on the form, as text.
    pub grouping: Option<(CellRef, String)>,
    /// The 组数 printed in the form's place line.
    pub group_count: Option<u32>,
}

impl DrawForm {
    pub fn location(&self, cell: CellRef) -> Location {
        Location::cell(&self.file, &self.sheet, cell)
    }
}

/// Reads the draw form at `path`. Problems of the reading and table stages go to `report`.
///
/// # Errors
///
/// Fails when the file cannot be read or has no sheet with 班级 and 抽中组号 columns.
pub fn read_form(path: &Path, report: &mut Report) -> Result<DrawForm> {
    let book = crate::read::open(path, report)?;
    from_workbook(&book, report)
}

/// Reads the draw form from an already read workbook: the first sheet with a draw table.
///
/// # Errors
///
/// As [`read_form`], without the file errors.
pub fn from_workbook(book: &Workbook, report: &mut Report) -> Result<DrawForm> {
    let mut table_report = Report::new();
    let tables = table::find_tables(book, &DRAW_SPEC, &mut table_report);
    // Layout notices (the signature table read as a footer, other sheets) are expected on
    // this form; only errors, such as formulas without results, concern the clerk.
    keep_errors(table_report, report);
    let Some(table) = tables.into_iter().next() else {
        return Err(Error::NoHeader {
            file: book.file_name.clone(),
            sheets: book.sheets.iter().map(|s| s.name.clone()).collect(),
            expected: TableKind::DrawForm,
        });
    };
    let Some(sheet) = book.sheets.iter().find(|s| s.name == table.sheet) else {
        return Err(Error::NoRows {
            file: book.file_name.clone(),
        });
    };
    Ok(DrawForm {
        file: book.file_name.clone(),
        sheet: table.sheet.clone(),
        rows: class_rows(&table, sheet),
        date: value_right_of(sheet, labels::DRAW_DATE, table.header_row),
        grouping: value_right_of(sheet, labels::GROUPING_FINGERPRINT, table.header_row)
            .map(|(cell, value)| (cell, value.display())),
        group_count: group_count(&table),
    })
}

fn keep_errors(from: Report, into: &mut Report) {
    for problem in from.problems {
        if problem.severity == Severity::Error {
            into.problems.push(problem);
        }
    }
}

/// The class rows of the table, up to the signature table.
fn class_rows(table: &Table, sheet: &Sheet) -> Vec<FormRow> {
    let stop = signature_row(table, sheet);
    let (Some(class_col), Some(group_col)) = (
        table.column(Field::Class).map(|c| c.col),
        table.column(Field::DrawnGroup).map(|c| c.col),
    ) else {
        return Vec::new();
    };
    table
        .records
        .iter()
        .filter(|r| stop.is_none_or(|stop| r.row < stop))
        .map(|record| {
            let written = record
                .value(class_col)
                .map(Value::display)
                .unwrap_or_default();
            let head_teacher = table
                .get(record, Field::HeadTeacher)
                .map(|(cell, value)| (cell, clean_name(&value.display()).text))
                .filter(|(_, name)| !name.is_empty());
            FormRow {
                class_cell: CellRef::new(record.row, class_col),
                class: parse_class_name(&written),
                class_written: written.trim().to_string(),
                group_cell: CellRef::new(record.row, group_col),
                group: record.value(group_col).cloned().unwrap_or(Value::Empty),
                head_teacher,
            }
        })
        .collect()
}

/// The row of the signature table's header (签字人员) below the class table, if any.
fn signature_row(table: &Table, sheet: &Sheet) -> Option<u32> {
    sheet
        .cells
        .iter()
        .filter(|c| c.at.row > table.header_row)
        .find(|c| compact(&c.value.display()) == labels::SIGNER)
        .map(|c| c.at.row)
}

/// The first non-empty cell right of a label above the table, such as the date typed
/// right of 抽签日期. A label without a value gives its right neighbour with no value.
fn value_right_of(sheet: &Sheet, label: &str, header_row: u32) -> Option<(CellRef, Value)> {
    let at = sheet
        .cells
        .iter()
        .filter(|c| c.at.row < header_row)
        .find(|c| compact(&c.value.display()) == label)?
        .at;
    let right = sheet
        .cells
        .iter()
        .filter(|c| c.at.row == at.row && c.at.col > at.col && !c.value.is_blank())
        .min_by_key(|c| c.at.col);
    Some(match right {
        Some(cell) => (cell.at, cell.value.clone()),
        None => (CellRef::new(at.row, at.col + 1), Value::Empty),
    })
}

/// The group count from the place line above the table (`…组数：45`).
fn group_count(table: &Table) -> Option<u32> {
    // `compact` turns the full-width colon of the printed line into an ASCII one.
    let marker = format!("{}:", labels::GROUP_COUNT);
    table.titles.iter().find_map(|title| {
        let compact = compact(title);
        let rest = &compact[compact.find(&marker)? + marker.len()..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    })
}

/// Text without whitespace, with full-width forms turned to ASCII.
fn compact(text: &str) -> String {
    text.chars()
        .map(crate::table::header::to_half_width)
        .filter(|c| !crate::read::grid::is_blank_char(*c))
        .collect()
}
