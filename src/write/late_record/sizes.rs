//! The 各班人数 sheet of a late-enrolment record: every class's size before and after the
//! run, with its boys and girls, so the next late enrolment and an inspector see them.

use rust_xlsxwriter::{ColNum, FormatAlign, Worksheet, XlsxError};

use super::{Built, LateResult};
use crate::messages::{archive as archive_words, labels, late as words};
use crate::write::book::{self, Orientation};
use crate::write::pages::{self, Paginator};

/// Columns: 班级, 班主任, 原有人数, 本次转入, 现有人数, 男, 女.
const WIDTHS: [f64; 7] = [12.0, 12.0, 10.0, 10.0, 10.0, 7.0, 7.0];
const LAST: ColNum = 6;
const ROW: f64 = 18.0;

pub(super) fn build(result: &LateResult, used: &mut Vec<String>) -> Result<Built, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(book::sheet_name(words::SIZES_SHEET, used))?;
    let scale = pages::fit_scale(&WIDTHS, Orientation::Portrait);
    let mut pages = Paginator::new(Orientation::Portrait, scale);
    book::set_up_page(&mut sheet, Orientation::Portrait, "", "", false);
    sheet.set_print_scale(scale);
    sheet.set_print_center_horizontally(true);
    for (col, width) in WIDTHS.iter().enumerate() {
        sheet.set_column_width(col as ColNum, *width)?;
    }
    pages::place_row(&mut sheet, &mut pages, 0, 30.0)?;
    book::write_span(
        &mut sheet,
        0,
        (0, LAST),
        words::SIZES_TITLE,
        &book::title(16.0),
    )?;
    let header = book::table_header();
    let titles = [
        words::CLASS,
        archive_words::HEAD_TEACHER,
        words::BEFORE,
        words::ADDED,
        words::AFTER,
        labels::BOYS,
        labels::GIRLS,
    ];
    pages::place_row(&mut sheet, &mut pages, 1, 22.0)?;
    pages.repeat_height(22.0);
    for (col, title) in titles.iter().enumerate() {
        sheet.write_string_with_format(1, col as ColNum, *title, &header)?;
    }
    book::repeat_header_row(&mut sheet, 1)?;
    let cell = book::bordered(book::body(book::SIZE_TABLE)).set_align(FormatAlign::Center);
    let shrink = cell.clone().set_shrink();
    let mut row = 2;
    let mut totals = [0usize; 5];
    for class in &result.classes {
        pages::place_row(&mut sheet, &mut pages, row, ROW)?;
        let teacher = class.head_teacher.clone().unwrap_or_default();
        sheet.write_string_with_format(row, 0, &class.name, &shrink)?;
        sheet.write_string_with_format(row, 1, book::cell_text(&teacher), &shrink)?;
        let counts = [
            class.before.size,
            class.students.len(),
            class.after.size,
            class.after.boys,
            class.after.girls,
        ];
        for (offset, count) in counts.iter().enumerate() {
            sheet.write_number_with_format(row, 2 + offset as ColNum, *count as f64, &cell)?;
            totals[offset] += count;
        }
        row += 1;
    }
    pages::place_row(&mut sheet, &mut pages, row, ROW)?;
    let bold = cell.set_bold();
    book::write_span(&mut sheet, row, (0, 1), labels::TOTAL, &bold)?;
    for (offset, total) in totals.iter().enumerate() {
        sheet.write_number_with_format(row, 2 + offset as ColNum, *total as f64, &bold)?;
    }
    pages.apply(&mut sheet)?;
    Ok(Built {
        sheet,
        pages: pages.pages(),
        class: None,
    })
}
