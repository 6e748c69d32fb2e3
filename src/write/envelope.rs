//! 信封封面.xlsx: one A4 page per group, stuck on the group's envelope.
//!
//! All pages are on one sheet with a manual page break before each group, so printing the
//! sheet prints every cover in group order. The cover shows the group number very large,
//! the counts, the seal, the roster fingerprint, the seed and signature lines. It shows no
//! student's name, because the envelope is handled in public before the draw.

use std::path::Path;

use rust_xlsxwriter::{ColNum, Color, Format, FormatAlign, RowNum, Workbook, Worksheet, XlsxError};

use super::RunInfo;
use super::book::{self, Orientation, SignatureColumns};
use super::groups::gender_counts;
use super::output::{self, xlsx_error};
use super::wrap;
use crate::error::Error;
use crate::fingerprint::Fingerprint;
use crate::group::{Group, Grouping};
use crate::messages::labels;
use crate::roster::{Roster, Student};

/// Eight columns A to H of equal width fit a portrait A4 page at 100 % scale, within
/// [`Orientation::layout_pixels`]. The sheet is not scaled to fit, because Excel ignores
/// manual page breaks on a scaled sheet.
const COLUMNS: ColNum = 8;
const COLUMN_WIDTH: f64 = 9.5;
const LAST: ColNum = COLUMNS - 1;
/// Columns of the facts table: label A:B, value C:H.
const LABEL: (ColNum, ColNum) = (0, 1);
const VALUE: (ColNum, ColNum) = (2, LAST);

/// The height of the row with the group number, in points, and the font sizes in it.
const NUMBER_ROW_HEIGHT: f64 = 230.0;
const NUMBER_SIZE: f64 = 180.0;
const NUMBER_WORD_SIZE: f64 = 48.0;

/// Writes the envelope covers to `path`.
///
/// # Errors
///
/// [`Error::Write`] when the file exists or cannot be written.
pub fn write(
    path: &Path,
    roster: &Roster,
    grouping: &Grouping,
    info: &RunInfo,
) -> Result<(), Error> {
    let mut workbook = build(&roster.students, grouping, info).map_err(|e| xlsx_error(path, e))?;
    output::save(&mut workbook, path)
}

fn build(students: &[Student], grouping: &Grouping, info: &RunInfo) -> Result<Workbook, XlsxError> {
    let mut workbook = book::new_workbook(info, labels::ENVELOPE_TITLE)?;
    let mut sheet = Worksheet::new();
    sheet.set_name(labels::ENVELOPE_SHEET)?;
    set_up(&mut sheet, info)?;

    let seals = grouping.seals(students);
    let mut breaks = Vec::new();
    let mut row = 0;
    for (group, seal) in grouping.groups.iter().zip(&seals) {
        if row > 0 {
            breaks.push(row);
        }
        let cover = Cover {
            students,
            grouping,
            info,
            group,
            seal,
        };
        row = cover.write(&mut sheet, row)?;
    }
    if !breaks.is_empty() {
        sheet.set_page_breaks(&breaks)?;
    }
    // Without a print area LibreOffice prints text that runs past column H on extra pages.
    if row > 0 {
        sheet.set_print_area(0, 0, row - 1, LAST)?;
    }
    workbook.push_worksheet(sheet);
    Ok(workbook)
}

fn set_up(sheet: &mut Worksheet, info: &RunInfo) -> Result<(), XlsxError> {
    let header = book::run_page_header(labels::ENVELOPE_TITLE, info);
    let footer = book::page_footer(&book::run_facts(info));
    book::set_up_page(sheet, Orientation::Portrait, &header, &footer, false);
    sheet.set_print_center_horizontally(true);
    sheet.set_column_range_width(0, LAST, COLUMN_WIDTH)?;
    sheet.set_screen_gridlines(false);
    Ok(())
}

/// One group's cover.
struct Cover<'a> {
    students: &'a [Student],
    grouping: &'a Grouping,
    info: &'a RunInfo,
    group: &'a Group,
    seal: &'a Fingerprint,
}

impl Cover<'_> {
    /// Writes the cover from `row` and returns the row after it.
    fn write(&self, sheet: &mut Worksheet, row: RowNum) -> Result<RowNum, XlsxError> {
        let row = self.write_heading(sheet, row)?;
        let row = self.write_number(sheet, row)?;
        let row = self.write_counts(sheet, row)?;
        let row = self.write_facts(sheet, row + 1)?;
        let row = self.write_earlier_runs(sheet, row)?;
        self.write_signatures(sheet, row + 1)
    }

    fn write_heading(&self, sheet: &mut Worksheet, row: RowNum) -> Result<RowNum, XlsxError> {
        let school = labels::school_or_blank(&self.info.school);
        // Shrunk to fit, because a long school name would be cut at the page's edges.
        line(sheet, row, 34.0, school, &book::title(20.0).set_shrink())?;
        let grade = self.info.grade.map(|g| g.label()).unwrap_or_default();
        let heading = format!("{grade}{}", labels::ENVELOPE_TITLE);
        line(sheet, row + 1, 28.0, &heading, &book::title(16.0))?;
        Ok(row + 2)
    }

    /// Writes 第 7 组 with the digits very large.
    fn write_number(&self, sheet: &mut Worksheet, row: RowNum) -> Result<RowNum, XlsxError> {
        let cell = book::title(NUMBER_WORD_SIZE);
        let word = book::title(NUMBER_WORD_SIZE);
        let digits = book::title(NUMBER_SIZE).set_bold();
        let number = self.group.number.to_string();
        sheet.set_row_height(row, NUMBER_ROW_HEIGHT)?;
        sheet.merge_range(row, 0, row, LAST, "", &cell)?;
        let parts = [(&word, "第 "), (&digits, number.as_str()), (&word, " 组")];
        sheet.write_rich_string_with_format(row, 0, &parts, &cell)?;
        Ok(row + 1)
    }

    fn write_counts(&self, sheet: &mut Worksheet, row: RowNum) -> Result<RowNum, XlsxError> {
        let (boys, girls) = gender_counts(self.group, self.students);
        let text = format!(
            "{} {} 人　　{} {} 人　　{} {} 人",
            labels::HEADCOUNT,
            self.group.size(),
            labels::BOYS,
            boys,
            labels::GIRLS,
            girls
        );
        line(sheet, row, 36.0, &text, &book::title(20.0))?;
        Ok(row + 1)
    }

    /// Writes the bordered table of seal, fingerprint, seed, date and algorithm.
    fn write_facts(&self, sheet: &mut Worksheet, row: RowNum) -> Result<RowNum, XlsxError> {
        let label = book::bordered(book::body(12.0))
            .set_bold()
            .set_align(FormatAlign::Center);
        let mono = book::bordered(book::mono(12.0))
            .set_text_wrap()
            .set_align(FormatAlign::Center);
        let text = book::bordered(book::body(12.0)).set_align(FormatAlign::Center);
        let seed = self.info.seed.as_ref().unwrap_or(&self.grouping.seed);
        let rows = [
            (
                labels::GROUP_SEAL,
                book::fingerprint_lines(self.seal),
                &mono,
                38.0,
            ),
            (
                labels::ROSTER_FINGERPRINT,
                book::fingerprint_lines(&self.grouping.roster),
                &mono,
                38.0,
            ),
            (labels::SEED, labels::seed_text(seed), &mono, 24.0),
            (
                labels::RUN_DATE,
                labels::date(self.info.time.date()),
                &text,
                24.0,
            ),
            (
                labels::ALGORITHM,
                self.grouping.algorithm.to_string(),
                &text,
                24.0,
            ),
        ];
        for (offset, (name, value, format, height)) in rows.iter().enumerate() {
            let at = row + offset as RowNum;
            sheet.set_row_height(at, *height)?;
            book::write_span(sheet, at, LABEL, name, &label)?;
            book::write_span(sheet, at, VALUE, value, format)?;
        }
        Ok(row + rows.len() as RowNum)
    }

    /// Writes the re-run warning, if this is not the first grouping of the roster.
    fn write_earlier_runs(&self, sheet: &mut Worksheet, row: RowNum) -> Result<RowNum, XlsxError> {
        let Some(text) = labels::earlier_runs(&self.info.earlier_runs) else {
            return Ok(row);
        };
        let warning = book::body(10.0)
            .set_bold()
            .set_text_wrap()
            .set_font_color(Color::Red);
        wrapped_line(sheet, row, 10.0, &text, &warning)?;
        Ok(row + 1)
    }

    fn write_signatures(&self, sheet: &mut Worksheet, row: RowNum) -> Result<RowNum, XlsxError> {
        let cols = SignatureColumns {
            role: (0, 2),
            signature: (3, 5),
            date: (6, LAST),
        };
        let roles = [labels::ROLE_ALLOCATION, labels::ROLE_INSPECTOR];
        let row = book::write_signature_table(sheet, row, &roles, cols)?;
        let note = book::body(11.0).set_text_wrap();
        let bold = note.clone().set_bold();
        wrapped_line(sheet, row, 11.0, labels::ENVELOPE_SEAL_REMINDER, &bold)?;
        wrapped_line(sheet, row + 1, 11.0, labels::ENVELOPE_NO_NAMES, &note)?;
        Ok(row + 2)
    }
}

/// Writes a line of wrapped text at a font size across the page, in a row high enough
/// for its lines.
fn wrapped_line(
    sheet: &mut Worksheet,
    row: RowNum,
    size: f64,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    let width = wrap::span_width(&[COLUMN_WIDTH; COLUMNS as usize]);
    let height = wrap::row_height([(text, width)], size, 20.0);
    line(sheet, row, height, text, format)
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fit_portrait_page_unscaled() {
        let widths = [COLUMN_WIDTH; COLUMNS as usize];
        let used = book::columns_pixels(&widths);
        assert!(used <= Orientation::Portrait.layout_pixels(), "{used}");
    }
}
