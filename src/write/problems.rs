//! The problem list workbook (`名单检查报告.xlsx`): every problem of a run, one row each, so a
//! clerk can sort, filter and tick them off while fixing the roster.

use std::path::Path;

use rust_xlsxwriter::{DocProperties, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::book::{self, Orientation, SIZE_TABLE};
use super::{output, wrap};
use crate::diag::{Problem, Report, Severity};
use crate::error::Result;
use crate::messages::{self, labels};

/// Column widths in character units: 序号, 类别, 文件, 工作表, 位置, 问题和处理办法.
const WIDTHS: [f64; 6] = [6.0, 6.0, 26.0, 12.0, 10.0, 90.0];

/// The height of a row with one line of text, in points.
const ROW_HEIGHT: f64 = 18.0;

/// Writes all problems of `report`, errors first, then by file, sheet and cell. `school`
/// is printed in the page header, or a blank line to fill in when it is empty.
///
/// # Errors
///
/// Fails when the file cannot be written; an existing file is never replaced.
pub fn write(path: &Path, report: &Report, school: &str) -> Result<()> {
    let mut workbook = Workbook::new();
    workbook.set_zip_compression_level(book::ZIP_COMPRESSION_LEVEL);
    workbook.set_properties(
        &DocProperties::new()
            .set_title(labels::PROBLEMS_TITLE)
            .set_author("bianban"),
    );
    fill(workbook.add_worksheet(), report, school).map_err(|e| output::xlsx_error(path, e))?;
    output::save(&mut workbook, path)
}

fn fill(
    sheet: &mut Worksheet,
    report: &Report,
    school: &str,
) -> std::result::Result<(), XlsxError> {
    sheet.set_name(labels::PROBLEMS_SHEET)?;
    let header = book::page_header(labels::PROBLEMS_TITLE, school);
    let footer = book::page_footer("");
    book::set_up_page(sheet, Orientation::Landscape, &header, &footer, true);
    for (col, width) in WIDTHS.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    let header_format = book::table_header();
    for (col, title) in labels::PROBLEMS_HEADERS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *title, &header_format)?;
    }
    let titles = labels::PROBLEMS_HEADERS.iter().copied().zip(WIDTHS);
    sheet.set_row_height(0, wrap::row_height(titles, SIZE_TABLE, ROW_HEIGHT))?;
    book::repeat_header_row(sheet, 0)?;
    sheet.set_freeze_panes(1, 0)?;
    let problems = report.sorted();
    if problems.is_empty() {
        sheet.write_string(1, 0, labels::PROBLEMS_NONE)?;
    }
    let formats = RowFormats::new();
    for (index, problem) in problems.iter().enumerate() {
        write_row(sheet, index as u32 + 1, index + 1, problem, &formats)?;
    }
    if !problems.is_empty() {
        sheet.autofilter(0, 0, problems.len() as u32, WIDTHS.len() as u16 - 1)?;
    }
    Ok(())
}

struct RowFormats {
    plain: Format,
    wrapped: Format,
    error: Format,
    warning: Format,
}

impl RowFormats {
    fn new() -> Self {
        let plain = book::bordered(book::body(SIZE_TABLE)).set_align(FormatAlign::VerticalCenter);
        RowFormats {
            wrapped: plain.clone().set_text_wrap(),
            error: plain.clone().set_bold().set_font_color(0xC00000),
            warning: plain.clone().set_font_color(0x9C5700),
            plain,
        }
    }

    fn severity(&self, severity: Severity) -> &Format {
        match severity {
            Severity::Error => &self.error,
            Severity::Warning => &self.warning,
            Severity::Notice => &self.plain,
        }
    }
}

fn write_row(
    sheet: &mut Worksheet,
    row: u32,
    number: usize,
    problem: &Problem,
    formats: &RowFormats,
) -> std::result::Result<(), XlsxError> {
    let place = match (problem.at.cell, problem.at.row) {
        (Some(cell), _) => cell.to_string(),
        (None, Some(row)) => format!("第{}行", row + 1),
        (None, None) => String::new(),
    };
    sheet.write_number_with_format(row, 0, number as f64, &formats.plain)?;
    sheet.write_string_with_format(
        row,
        1,
        messages::severity_label(problem.severity),
        formats.severity(problem.severity),
    )?;
    let file = book::cell_text(&problem.at.file);
    sheet.write_string_with_format(row, 2, file.as_ref(), &formats.wrapped)?;
    sheet.write_string_with_format(
        row,
        3,
        book::cell_text(problem.at.sheet.as_deref().unwrap_or("")),
        &formats.plain,
    )?;
    sheet.write_string_with_format(row, 4, place, &formats.plain)?;
    let text = book::cell_text(&messages::problem_text(problem)).into_owned();
    sheet.write_string_with_format(row, 5, &text, &formats.wrapped)?;
    let cells = [(file.as_ref(), WIDTHS[2]), (text.as_str(), WIDTHS[5])];
    sheet.set_row_height(row, wrap::row_height(cells, SIZE_TABLE, ROW_HEIGHT))?;
    Ok(())
}
