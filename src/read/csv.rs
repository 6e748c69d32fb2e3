//! CSV with encoding detection.
//!
//! Every field becomes text, because CSV has no types: an ID number that Excel saved as
//! `3.10104E+17` stays that text, and the roster stage reports it.

use std::path::Path;

use super::limits::CellBudget;
use super::{Cell, ReadLimits, ReadProblem, Sheet, Value, text};
use crate::diag::{CellRef, Location, Report};
use crate::error::{Error, Result, TooLargeCause};

/// How many non-blank lines are inspected to choose the column separator.
const SEPARATOR_SAMPLE_LINES: usize = 20;

/// Reads a CSV file into one sheet named after the file.
///
/// The encoding is found from a byte order mark, else strict UTF-8, else GB18030, and is
/// reported as a notice so a clerk can tell why characters look wrong.
///
/// # Errors
///
/// [`Error::Damaged`] when the CSV parser fails, which decoded text should never cause, and
/// [`Error::TooLarge`] when the cells need more memory than the limits allow.
pub fn read(
    path: &Path,
    bytes: &[u8],
    file_name: &str,
    limits: &ReadLimits,
    report: &mut Report,
) -> Result<Vec<Sheet>> {
    let decoded = text::decode(bytes);
    report.notice(
        Location::file(file_name),
        ReadProblem::CsvEncoding {
            encoding: decoded.encoding,
            bom: decoded.bom,
        },
    );

    let (body, separator) = split_separator_hint(&decoded.text);
    let separator = separator.unwrap_or_else(|| guess_separator(body));
    let mut budget = CellBudget::new(limits);
    let cells = parse(body, separator, &mut budget).map_err(|stop| match stop {
        Stop::Csv => Error::Damaged {
            path: path.to_path_buf(),
        },
        Stop::Budget => limits.too_large(path, TooLargeCause::Cells),
    })?;

    let mut sheet = Sheet {
        name: sheet_name(path),
        cells,
        ..Default::default()
    };
    sheet.finish();
    Ok(vec![sheet])
}

/// Why parsing stopped: the CSV parser failed, or the cells outgrew the budget.
enum Stop {
    Csv,
    Budget,
}

/// Parses CSV text into cells, one row per record as Excel shows them.
///
/// The csv crate skips blank lines, which Excel shows as empty rows, so the blank lines
/// between records are counted from the text to keep row numbers equal to Excel's.
fn parse(
    body: &str,
    separator: u8,
    budget: &mut CellBudget,
) -> std::result::Result<Vec<Cell>, Stop> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator)
        .from_reader(body.as_bytes());
    let mut cells = Vec::new();
    let mut row = 0u64;
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|_| Stop::Csv)?;
        let start = record.position().map_or(0, |p| p.byte());
        let blank_lines = blank_lines_at(body, usize::try_from(start).unwrap_or(usize::MAX));
        if index > 0 {
            row += 1;
        }
        row += blank_lines;
        for (col, field) in record.iter().enumerate() {
            if !field.is_empty() {
                let value = Value::Text(field.to_string());
                if !budget.charge(&value) {
                    return Err(Stop::Budget);
                }
                cells.push(Cell {
                    at: CellRef::new(clamp(row), clamp(col as u64)),
                    value,
                });
            }
        }
    }
    Ok(cells)
}

/// Counts the empty lines at byte `start`, where the csv crate began reading a record.
///
/// The reader may stop between the `\r` and `\n` of the previous record's line end; that
/// `\n` is not a blank line.
fn blank_lines_at(body: &str, start: usize) -> u64 {
    let Some(mut rest) = body.as_bytes().get(start..) else {
        return 0;
    };
    if start > 0 && body.as_bytes()[start - 1] == b'\r' {
        rest = rest.strip_prefix(b"\n").unwrap_or(rest);
    }
    let mut count = 0;
    loop {
        rest = if let Some(after) = rest.strip_prefix(b"\r\n") {
            after
        } else if let Some(after) = rest.strip_prefix(b"\n").or(rest.strip_prefix(b"\r")) {
            after
        } else {
            return count;
        };
        count += 1;
    }
}

fn clamp(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Splits off Excel's optional first line `sep=;`, which names the separator.
fn split_separator_hint(text: &str) -> (&str, Option<u8>) {
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    match first.trim_end_matches('\r').strip_prefix("sep=") {
        Some(separator) if separator.len() == 1 => (rest, separator.bytes().next()),
        _ => (text, None),
    }
}

/// Chooses comma, unless tabs or semicolons separate more of the first lines.
fn guess_separator(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .take(SEPARATOR_SAMPLE_LINES)
        .collect();
    let lines_with = |c: char| lines.iter().filter(|line| line.contains(c)).count();
    let (commas, tabs, semicolons) = (lines_with(','), lines_with('\t'), lines_with(';'));
    if tabs > commas && tabs >= semicolons {
        b'\t'
    } else if semicolons > commas && semicolons > tabs {
        b';'
    } else {
        b','
    }
}

/// Returns the file name without its extension, which Excel shows as a CSV's sheet name.
fn sheet_name(path: &Path) -> String {
    path.file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| super::file_name(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str, separator: u8) -> std::result::Result<Vec<Cell>, ()> {
        let mut budget = CellBudget::new(&ReadLimits::default());
        super::parse(body, separator, &mut budget).map_err(|_| ())
    }

    fn text_at(cells: &[Cell], row: u32, col: u32) -> Option<&str> {
        cells
            .iter()
            .find(|c| c.at == CellRef::new(row, col))
            .and_then(|c| match &c.value {
                Value::Text(s) => Some(s.as_str()),
                _ => None,
            })
    }

    #[test]
    fn quoted_comma_and_crlf() {
        let cells = parse("序号,学校\r\n1,\"第一小学,东校区\"\r\n", b',').unwrap();
        assert_eq!(text_at(&cells, 1, 1), Some("第一小学,东校区"));
        assert_eq!(text_at(&cells, 1, 0), Some("1"));
        assert_eq!(cells.len(), 4);
    }

    #[test]
    fn blank_lines_keep_excel_rows() {
        let cases: [(&str, [u32; 4]); 4] = [
            ("a,b\n\n\nc,d\n", [0, 0, 3, 3]),
            ("a,b\r\n\r\n\r\nc,d\r\n", [0, 0, 3, 3]),
            ("\na,b\nc,d", [1, 1, 2, 2]),
            ("a,b\r\rc,d", [0, 0, 2, 2]),
        ];
        for (body, expected) in cases {
            let cells = parse(body, b',').unwrap();
            let rows: Vec<u32> = cells.iter().map(|c| c.at.row).collect();
            assert_eq!(rows, expected, "{body:?}");
        }
    }

    #[test]
    fn line_break_inside_field_keeps_rows() {
        let cells = parse("a,\"x\ny\"\nb,c\n", b',').unwrap();
        assert_eq!(text_at(&cells, 0, 1), Some("x\ny"));
        assert_eq!(text_at(&cells, 1, 0), Some("b"));
    }

    #[test]
    fn bare_carriage_returns_give_one_row_each() {
        let cells = parse("a,b\rc,d\re,f", b',').unwrap();
        assert_eq!(text_at(&cells, 2, 1), Some("f"));
    }

    #[test]
    fn ragged_rows_are_kept() {
        let cells = parse("a,b,c\nd\ne,f,g,h\n", b',').unwrap();
        assert_eq!(text_at(&cells, 1, 0), Some("d"));
        assert_eq!(text_at(&cells, 2, 3), Some("h"));
    }

    #[test]
    fn cells_over_budget_stop_parsing() {
        let limits = ReadLimits {
            memory_mb: 1,
            ..ReadLimits::default()
        };
        let mut budget = CellBudget::new(&limits);
        let body = "a,".repeat(100_000);
        let result = super::parse(&body, b',', &mut budget);
        assert!(matches!(result, Err(Stop::Budget)));
    }

    #[test]
    fn separator_guess() {
        assert_eq!(guess_separator("a,b\n1,2\n"), b',');
        assert_eq!(guess_separator("姓名\t学校\n张三\t一小,东校区\n"), b'\t');
        assert_eq!(guess_separator("a;b\n1;2,5\n"), b';');
        assert_eq!(guess_separator("only one column\n"), b',');
    }

    #[test]
    fn separator_hint_line() {
        assert_eq!(
            split_separator_hint("sep=;\r\na;b\n"),
            ("a;b\n", Some(b';'))
        );
        assert_eq!(split_separator_hint("a,b\n"), ("a,b\n", None));
    }
}
