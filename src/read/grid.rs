//! The format-neutral model every reader produces: sheets of sparse cells.
//!
//! Cells are stored sparsely, so memory follows the data actually present and not the
//! dimension a file claims: one stray value in `XFD1048576` costs one entry.

use std::path::PathBuf;

use chrono::NaiveDateTime;

use crate::diag::CellRef;

/// A cell value as the spreadsheet stored it, before any cleaning.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    /// A number cell. Excel keeps only 15 significant digits, which matters for ID numbers.
    Number(f64),
    Bool(bool),
    /// A cell the spreadsheet formats as a date or time.
    DateTime(NaiveDateTime),
    /// An error value such as `#N/A`, as Excel shows it.
    Error(String),
    /// A formula whose result was never saved (the file was written by a program that does
    /// not calculate). The text is the formula without the leading `=`.
    FormulaWithoutValue(String),
}

impl Value {
    /// True for empty cells and for text that is only whitespace or invisible characters.
    pub fn is_blank(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(s) => s.chars().all(is_blank_char),
            _ => false,
        }
    }

    /// The value as a clerk would see it typed, for messages and for text fields.
    pub fn display(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(s) => s.clone(),
            Value::Number(n) => format_number(*n),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Value::DateTime(dt) => {
                if dt.time() == chrono::NaiveTime::MIN {
                    dt.date().format("%Y-%m-%d").to_string()
                } else {
                    dt.format("%Y-%m-%d %H:%M:%S").to_string()
                }
            }
            Value::Error(e) => e.clone(),
            Value::FormulaWithoutValue(f) => format!("={f}"),
        }
    }
}

/// Whitespace and invisible characters that make a cell look empty.
pub fn is_blank_char(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
        )
        || c.is_control()
}

/// Formats a number the way Excel's General format shows it, up to 15 significant digits.
pub fn format_number(n: f64) -> String {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15 {
        return format!("{}", n as i64);
    }
    if n.is_finite() && n.abs() >= 1e15 {
        // Excel shows large numbers in scientific form, e.g. 3.10104E+17.
        let exp = n.abs().log10().floor() as i32;
        let mantissa = n / 10f64.powi(exp);
        let m = format!("{mantissa:.5}");
        let m = m.trim_end_matches('0').trim_end_matches('.');
        return format!("{m}E+{exp}");
    }
    let s = format!("{n}");
    if s.len() > 17 {
        format!("{n:.10}").trim_end_matches('0').to_string()
    } else {
        s
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub at: CellRef,
    pub value: Value,
}

/// A merged area, from its top-left to its bottom-right cell, both inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub first: CellRef,
    pub last: CellRef,
}

impl Merge {
    pub fn contains(&self, at: CellRef) -> bool {
        (self.first.row..=self.last.row).contains(&at.row)
            && (self.first.col..=self.last.col).contains(&at.col)
    }
}

/// One sheet: its name as the clerk sees it, and its non-empty cells in row-major order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sheet {
    pub name: String,
    pub hidden: bool,
    /// Non-empty cells sorted by row, then column. Readers must keep this order.
    pub cells: Vec<Cell>,
    pub merges: Vec<Merge>,
}

impl Sheet {
    /// Sorts the cells into row-major order and drops empty ones; readers call this last.
    pub fn finish(&mut self) {
        self.cells.retain(|c| c.value != Value::Empty);
        self.cells.sort_by_key(|c| (c.at.row, c.at.col));
        self.cells.dedup_by_key(|c| (c.at.row, c.at.col));
    }

    /// The value at a cell, if the cell is not empty.
    pub fn get(&self, at: CellRef) -> Option<&Value> {
        self.cells
            .binary_search_by_key(&(at.row, at.col), |c| (c.at.row, c.at.col))
            .ok()
            .map(|i| &self.cells[i].value)
    }

    /// The non-empty rows, each as its 0-based row index and its cells.
    pub fn rows(&self) -> impl Iterator<Item = (u32, &[Cell])> {
        self.cells
            .chunk_by(|a, b| a.at.row == b.at.row)
            .map(|chunk| (chunk[0].at.row, chunk))
    }
}

/// The file formats the readers understand, decided from the file's first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Xls,
    Ods,
    Csv,
    /// A web page table saved with a spreadsheet name, as some school systems export.
    Html,
}

/// A spreadsheet file read into memory.
#[derive(Debug, Clone)]
pub struct Workbook {
    pub path: PathBuf,
    /// The file name shown in messages.
    pub file_name: String,
    pub format: Format,
    pub sheets: Vec<Sheet>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_numbers_show_like_excel() {
        assert_eq!(format_number(3.10104e17), "3.10104E+17");
        assert_eq!(format_number(310104201206080000.0), "3.10104E+17");
        assert_eq!(format_number(20121222.0), "20121222");
        assert_eq!(format_number(88.5), "88.5");
    }

    #[test]
    fn rows_group_cells_by_row() {
        let mut sheet = Sheet {
            name: "s".into(),
            ..Default::default()
        };
        for (r, c) in [(2, 1), (0, 0), (2, 0), (0, 3)] {
            sheet.cells.push(Cell {
                at: CellRef::new(r, c),
                value: Value::Text("x".into()),
            });
        }
        sheet.finish();
        let rows: Vec<(u32, usize)> = sheet.rows().map(|(r, cells)| (r, cells.len())).collect();
        assert_eq!(rows, vec![(0, 2), (2, 2)]);
        assert_eq!(
            sheet.get(CellRef::new(2, 1)),
            Some(&Value::Text("x".into()))
        );
        assert_eq!(sheet.get(CellRef::new(1, 1)), None);
    }
}
