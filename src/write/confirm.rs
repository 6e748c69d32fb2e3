//! 名单确认单.xlsx: the one-page roster confirmation, signed before the seed exists.
//!
//! The page carries the roster fingerprint in large type, in two lines of eight groups so it
//! can be read aloud and compared. It also has the student counts, a box in which the
//! supervisors write the seed they roll, and the signature lines.

use std::path::Path;

use rust_xlsxwriter::{
    ColNum, Format, FormatAlign, FormatBorder, RowNum, Workbook, Worksheet, XlsxError,
};

use super::book::{self, Orientation, SignatureColumns};
use super::output::{self, xlsx_error};
use super::{RunInfo, TOOL_VERSION, wrap};
use crate::error::Error;
use crate::messages::labels;
use crate::roster::Roster;

const SHEET: &str = "名单确认单";
/// Eight columns A to H of equal width; the page is scaled to fit one A4 sheet.
const COLUMNS: ColNum = 8;
const COLUMN_WIDTH: f64 = 10.5;
const LAST: ColNum = COLUMNS - 1;

/// Writes the roster confirmation sheet to `path`.
///
/// # Errors
///
/// [`Error::Write`] when the file exists or cannot be written.
pub fn write(path: &Path, roster: &Roster, info: &RunInfo) -> Result<(), Error> {
    let mut workbook = build(roster, info).map_err(|e| xlsx_error(path, e))?;
    output::save(&mut workbook, path)
}

fn build(roster: &Roster, info: &RunInfo) -> Result<Workbook, XlsxError> {
    let mut workbook = book::new_workbook(info, labels::CONFIRM_TITLE)?;
    let mut sheet = Worksheet::new();
    sheet.set_name(SHEET)?;
    set_up(&mut sheet, info)?;

    let row = write_facts(&mut sheet, roster, info)?;
    let row = write_fingerprint(&mut sheet, row + 1, info)?;
    let row = write_seed_box(&mut sheet, row + 1)?;
    let end = write_signatures(&mut sheet, row + 1)?;
    // Without a print area LibreOffice counts text that runs past the last column into the
    // printed width.
    sheet.set_print_area(0, 0, end - 1, LAST)?;

    workbook.push_worksheet(sheet);
    Ok(workbook)
}

fn set_up(sheet: &mut Worksheet, info: &RunInfo) -> Result<(), XlsxError> {
    let header = book::page_header(labels::CONFIRM_TITLE, &info.school);
    let footer = book::page_footer(&book::run_facts(info));
    book::set_up_page(sheet, Orientation::Portrait, &header, &footer, false);
    // The form must stay on one page, so it is scaled to fit one page both ways.
    sheet.set_print_fit_to_pages(1, 1);
    sheet.set_print_center_horizontally(true);
    sheet.set_column_range_width(0, LAST, COLUMN_WIDTH)?;
    sheet.set_screen_gridlines(false);
    Ok(())
}

/// Returns the width of the page's columns in column units.
fn page_width() -> f64 {
    wrap::span_width(&[COLUMN_WIDTH; COLUMNS as usize])
}

/// Writes one line of text across the page.
fn line(
    sheet: &mut Worksheet,
    row: RowNum,
    height: f64,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    sheet.set_row_height(row, height)?;
    book::write_span(sheet, row, (0, LAST), text, format)
}

/// Writes the title, school, grade, counts, class count and file; returns the next row.
fn write_facts(
    sheet: &mut Worksheet,
    roster: &Roster,
    info: &RunInfo,
) -> Result<RowNum, XlsxError> {
    let text = book::body(13.0).set_text_wrap();
    line(sheet, 0, 40.0, labels::CONFIRM_TITLE, &book::title(22.0))?;
    let grade = info
        .grade
        .map(|g| g.label())
        .unwrap_or_else(|| labels::BLANK.to_string());
    let classes = info
        .classes
        .map(|n| n.to_string())
        .unwrap_or_else(|| labels::BLANK.to_string());
    let counts = labels::student_counts(roster.students.len(), roster.boys(), roster.girls());
    let facts = [
        format!(
            "{}：{}",
            labels::SCHOOL,
            labels::school_or_blank(&info.school)
        ),
        format!("{}：{}", labels::GRADE, grade),
        format!("{}：{}", labels::STUDENT_COUNT, counts),
        format!("{}：{}", labels::CLASS_COUNT, classes),
        format!("{}：{}", labels::ROSTER_FILE, roster.file),
        format!(
            "{}：{}",
            labels::FINGERPRINT_TIME,
            labels::date_time(info.time)
        ),
    ];
    for (offset, fact) in facts.iter().enumerate() {
        let height = wrap::row_height([(fact.as_str(), page_width())], 13.0, 28.0);
        line(sheet, 2 + offset as RowNum, height, fact, &text)?;
    }
    Ok(2 + facts.len() as RowNum)
}

/// Writes the roster fingerprint in two large lines, the versions and the explanation.
fn write_fingerprint(
    sheet: &mut Worksheet,
    row: RowNum,
    info: &RunInfo,
) -> Result<RowNum, XlsxError> {
    let label = book::title(14.0);
    let big = book::mono(20.0).set_bold().set_align(FormatAlign::Center);
    let sides = big
        .set_border_left(FormatBorder::Medium)
        .set_border_right(FormatBorder::Medium);
    let top = sides.clone().set_border_top(FormatBorder::Medium);
    let bottom = sides.set_border_bottom(FormatBorder::Medium);
    let lines = book::fingerprint_lines(&info.roster);
    let (first, second) = lines.split_once('\n').unwrap_or((&lines, ""));
    line(sheet, row, 26.0, labels::ROSTER_FINGERPRINT, &label)?;
    line(sheet, row + 1, 40.0, first, &top)?;
    line(sheet, row + 2, 40.0, second, &bottom)?;

    let small = book::body(10.0).set_align(FormatAlign::Center);
    let versions = book::join_facts(&[
        (labels::TOOL, labels::tool_version(TOOL_VERSION)),
        (labels::ALGORITHM, info.algorithm.to_string()),
    ]);
    line(sheet, row + 3, 20.0, &versions, &small)?;
    let note = book::body(11.0).set_text_wrap();
    let explanation = [(labels::CONFIRM_EXPLANATION, page_width())];
    let height = wrap::row_height(explanation, 11.0, 36.0);
    line(sheet, row + 4, height, labels::CONFIRM_EXPLANATION, &note)?;
    Ok(row + 5)
}

/// Writes the bordered seed box: its label, eight squares for digits and a line for more.
fn write_seed_box(sheet: &mut Worksheet, row: RowNum) -> Result<RowNum, XlsxError> {
    let label = book::title(13.0).set_border(FormatBorder::Medium);
    line(sheet, row, 30.0, labels::CONFIRM_SEED_BOX, &label)?;

    let square = book::mono(28.0)
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Medium);
    sheet.set_row_height(row + 1, 64.0)?;
    for col in 0..COLUMNS {
        sheet.write_blank(row + 1, col, &square)?;
    }

    let more = book::body(11.0).set_border(FormatBorder::Medium);
    line(sheet, row + 2, 30.0, labels::CONFIRM_SEED_MORE, &more)?;
    Ok(row + 3)
}

fn write_signatures(sheet: &mut Worksheet, row: RowNum) -> Result<RowNum, XlsxError> {
    let roles = [
        labels::ROLE_ALLOCATION,
        labels::ROLE_INSPECTOR,
        labels::ROLE_BUREAU_SECTION,
        labels::ROLE_SCHOOL_CLERK,
    ];
    let cols = SignatureColumns {
        role: (0, 2),
        signature: (3, 5),
        date: (6, LAST),
    };
    book::write_signature_table(sheet, row, &roles, cols)
}
