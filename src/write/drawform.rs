//! 抽签记录表.xlsx: the form on which the public draw is recorded.
//!
//! The form has one row per class in class order. The head teacher of each class draws an
//! envelope, and the group number on it is written in 抽中组号. The filled form is read back
//! when the draw result is merged. Its table therefore keeps the headers the reader
//! recognises (班级, 班主任, 抽中组号) and has nothing else in those columns.

use std::path::Path;

use rust_xlsxwriter::{
    ColNum, Color, ConditionalFormatFormula, DataValidation, DataValidationRule, Format,
    FormatAlign, ProtectionOptions, RowNum, Workbook, Worksheet, XlsxError,
};

use super::RunInfo;
use super::book::{self, Orientation, SignatureColumns};
use super::output::{self, xlsx_error};
use super::pages::{self, Paginator};
use super::wrap;
use crate::error::Error;
use crate::group::Grouping;
use crate::messages::labels;

/// Columns: 班级, 班主任, 抽中组号, 班主任签名, 备注. They fit a portrait page at 100 %, so
/// the sheet needs no scaling and manual page breaks keep the signatures together.
const WIDTHS: [f64; 5] = [12.0, 14.0, 10.0, 19.0, 22.0];
const LAST: ColNum = 4;
const DRAWN_COL: ColNum = 2;
const CLASS_ROW_HEIGHT: f64 = 26.0;
const HEADER_ROW_HEIGHT: f64 = 24.0;
/// The blank row between the class table and the signatures.
const GAP_ROW_HEIGHT: f64 = 15.0;

/// Writes the draw form to `path`.
///
/// `head_teachers`, indexed by class from class 1, fills the 班主任 column. Without it the
/// column is left blank to fill in by hand. The grouping fingerprint is printed from
/// `info.grouping`, and as a blank line when that is `None`.
///
/// # Errors
///
/// [`Error::Write`] when the file exists or cannot be written.
pub fn write(
    path: &Path,
    grouping: &Grouping,
    info: &RunInfo,
    head_teachers: Option<&[String]>,
) -> Result<(), Error> {
    let form = DrawForm {
        groups: grouping.groups.len() as u32,
        grouping,
        info,
        head_teachers,
    };
    let mut workbook = form.build().map_err(|e| xlsx_error(path, e))?;
    output::save(&mut workbook, path)
}

struct DrawForm<'a> {
    /// N: the number of groups, envelopes and classes.
    groups: u32,
    grouping: &'a Grouping,
    info: &'a RunInfo,
    head_teachers: Option<&'a [String]>,
}

/// The formats of the form's cells.
struct Formats {
    label: Format,
    mono: Format,
    locked: Format,
    open: Format,
    open_centre: Format,
}

impl Formats {
    fn new() -> Formats {
        let cell = book::bordered(book::body(book::SIZE_BODY));
        Formats {
            label: cell.clone().set_bold().set_align(FormatAlign::Center),
            mono: book::bordered(book::mono(11.0)).set_text_wrap(),
            locked: cell.clone().set_align(FormatAlign::Center),
            open: cell.clone().set_unlocked(),
            open_centre: cell.set_unlocked().set_align(FormatAlign::Center),
        }
    }
}

impl DrawForm<'_> {
    fn build(&self) -> Result<Workbook, XlsxError> {
        let mut workbook = book::new_workbook(self.info, labels::DRAW_TITLE)?;
        let mut sheet = Worksheet::new();
        sheet.set_name(labels::DRAW_SHEET)?;
        self.set_up(&mut sheet)?;
        let formats = Formats::new();
        let mut pages = Paginator::new(Orientation::Portrait, 100);

        let table_row = self.write_facts(&mut sheet, &mut pages, &formats)?;
        let after = self.write_table(&mut sheet, &mut pages, table_row, &formats)?;
        self.write_signatures(&mut sheet, &mut pages, after)?;
        // Without a print area LibreOffice prints text that runs past the last column on
        // extra pages.
        pages.apply_with_print_area(&mut sheet, LAST)?;
        protect(&mut sheet);

        workbook.push_worksheet(sheet);
        Ok(workbook)
    }

    fn set_up(&self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        let header = book::run_page_header(labels::DRAW_TITLE, self.info);
        let footer = book::page_footer(&self.footer_facts());
        book::set_up_page(sheet, Orientation::Portrait, &header, &footer, false);
        sheet.set_print_center_horizontally(true);
        for (col, width) in WIDTHS.iter().enumerate() {
            sheet.set_column_width(col as ColNum, *width)?;
        }
        Ok(())
    }

    fn footer_facts(&self) -> String {
        let mut facts = Vec::new();
        if let Some(grouping) = &self.info.grouping {
            facts.push((labels::GROUPING_FINGERPRINT, grouping.short()));
        }
        facts.push((labels::SEED, self.grouping.seed.canonical.clone()));
        facts.push((labels::ALGORITHM, self.grouping.algorithm.to_string()));
        book::join_facts(&facts)
    }

    /// Writes the title and run facts above the table and returns the table's header row.
    fn write_facts(
        &self,
        sheet: &mut Worksheet,
        pages: &mut Paginator,
        formats: &Formats,
    ) -> Result<RowNum, XlsxError> {
        let mut lines = Lines { next: 0, pages };
        lines.add(
            sheet,
            36.0,
            labels::DRAW_TITLE,
            &book::title(book::SIZE_TITLE),
        )?;
        // Shrunk to fit, because a long school name would be cut at the page's edges.
        let centred = book::body(12.0).set_align(FormatAlign::Center).set_shrink();
        lines.add(sheet, 22.0, &self.place_line(), &centred)?;
        let row = lines.reserve(sheet, 22.0)?;
        self.write_date(sheet, row, formats)?;
        for (name, value, height) in self.facts() {
            let row = lines.reserve(sheet, height)?;
            sheet.write_string_with_format(row, 0, name, &formats.label)?;
            book::write_span(sheet, row, (1, LAST), &value, &formats.mono)?;
        }
        lines.wrapped(sheet, labels::DRAW_RULE, &book::body(10.0).set_text_wrap())?;
        if let Some(earlier) = labels::earlier_runs(&self.info.earlier_runs) {
            let warning = book::body(10.0)
                .set_bold()
                .set_text_wrap()
                .set_font_color(Color::Red);
            lines.wrapped(sheet, &earlier, &warning)?;
        }
        lines.add(sheet, 8.0, "", &book::body(8.0))?;
        Ok(lines.next)
    }

    /// 学校：… 年级：… 组数：…
    fn place_line(&self) -> String {
        let grade = self
            .info
            .grade
            .map(|g| g.label())
            .unwrap_or_else(|| labels::BLANK.to_string());
        format!(
            "{}：{}　　{}：{}　　{}：{}",
            labels::SCHOOL,
            labels::school_or_blank(&self.info.school),
            labels::GRADE,
            grade,
            labels::GROUP_COUNT,
            self.groups
        )
    }

    /// Writes the date line with an unlocked cell, so the date can be typed in.
    fn write_date(
        &self,
        sheet: &mut Worksheet,
        row: RowNum,
        formats: &Formats,
    ) -> Result<(), XlsxError> {
        sheet.write_string_with_format(row, 0, labels::DRAW_DATE, &formats.label)?;
        let open = formats.open.clone().set_align(FormatAlign::Center);
        sheet.merge_range(row, 1, row, 2, labels::DRAW_DATE_BLANK, &open)?;
        Ok(())
    }

    /// Returns the seed and grouping fingerprint, with their row heights.
    fn facts(&self) -> Vec<(&'static str, String, f64)> {
        let fingerprint = self
            .info
            .grouping
            .map(|f| book::fingerprint_lines(&f))
            .unwrap_or_else(|| labels::LONG_BLANK.to_string());
        vec![
            (labels::SEED, labels::seed_text(&self.grouping.seed), 22.0),
            (labels::GROUPING_FINGERPRINT, fingerprint, 36.0),
        ]
    }

    /// Writes the table header and one row per class; returns the row after the table.
    fn write_table(
        &self,
        sheet: &mut Worksheet,
        pages: &mut Paginator,
        row: RowNum,
        formats: &Formats,
    ) -> Result<RowNum, XlsxError> {
        let titles = [
            labels::COL_CLASS,
            labels::COL_HEAD_TEACHER,
            labels::COL_DRAWN_GROUP,
            labels::COL_HEAD_TEACHER_SIGN,
            labels::COL_REMARK,
        ];
        pages::place_row(sheet, pages, row, HEADER_ROW_HEIGHT)?;
        pages.repeat_height(HEADER_ROW_HEIGHT);
        for (col, title) in titles.iter().enumerate() {
            sheet.write_string_with_format(row, col as ColNum, *title, &book::table_header())?;
        }
        book::repeat_header_row(sheet, row)?;
        for class in 1..=self.groups {
            pages::place_row(sheet, pages, row + class, CLASS_ROW_HEIGHT)?;
            self.write_class(sheet, row + class, class, formats)?;
        }
        let (first, last) = (row + 1, row + self.groups);
        self.check_drawn_groups(sheet, first, last)?;
        Ok(last + 1)
    }

    fn write_class(
        &self,
        sheet: &mut Worksheet,
        row: RowNum,
        class: u32,
        formats: &Formats,
    ) -> Result<(), XlsxError> {
        let name = self.class_name(class);
        let teacher = self
            .head_teachers
            .and_then(|t| t.get(class as usize - 1))
            .map(String::as_str)
            .unwrap_or("");
        sheet.write_string_with_format(row, 0, book::cell_text(&name), &formats.locked)?;
        sheet.write_string_with_format(row, 1, book::cell_text(teacher), &formats.open_centre)?;
        sheet.write_blank(row, DRAWN_COL, &formats.open_centre)?;
        sheet.write_blank(row, 3, &formats.open)?;
        sheet.write_blank(row, 4, &formats.open)?;
        Ok(())
    }

    fn class_name(&self, class: u32) -> String {
        match self.info.grade {
            Some(grade) => grade.class_name(class),
            None => labels::class_without_grade(class),
        }
    }

    /// Allows only whole numbers 1 to N in 抽中组号 and colours a number entered twice.
    fn check_drawn_groups(
        &self,
        sheet: &mut Worksheet,
        first: RowNum,
        last: RowNum,
    ) -> Result<(), XlsxError> {
        let n = i32::try_from(self.groups).unwrap_or(i32::MAX);
        let validation = DataValidation::new()
            .allow_whole_number(DataValidationRule::Between(1, n))
            .set_input_title(labels::DRAW_INPUT_TITLE)?
            .set_input_message(labels::draw_input_message(self.groups))?
            .set_error_title(labels::DRAW_ERROR_TITLE)?
            .set_error_message(labels::draw_error_message(self.groups))?;
        sheet.add_data_validation(first, DRAWN_COL, last, DRAWN_COL, &validation)?;

        // Excel rows are 1-based in formulas; the relative C{first} moves down the range.
        let rule = format!(
            "=COUNTIF($C${}:$C${},C{})>1",
            first + 1,
            last + 1,
            first + 1
        );
        let twice = Format::new()
            .set_background_color(Color::RGB(0xFFC7CE))
            .set_font_color(Color::RGB(0x9C0006));
        let highlight = ConditionalFormatFormula::new()
            .set_rule(rule.as_str())
            .set_format(twice);
        sheet.add_conditional_format(first, DRAWN_COL, last, DRAWN_COL, &highlight)?;
        Ok(())
    }

    /// Writes the signature table after a blank row below the class table, on the page of
    /// the table's last rows. When it does not fit there, a page break before the last two
    /// classes takes them along, so the signatures never stand alone under the repeated
    /// table heading.
    fn write_signatures(
        &self,
        sheet: &mut Worksheet,
        pages: &mut Paginator,
        row: RowNum,
    ) -> Result<(), XlsxError> {
        let roles = [
            labels::ROLE_INSPECTOR,
            labels::ROLE_INSPECTOR,
            labels::ROLE_BUREAU,
            labels::ROLE_PARENT,
            labels::ROLE_PARENT,
            labels::ROLE_PARENT,
            labels::ROLE_ALLOCATION,
        ];
        let mut heights = vec![GAP_ROW_HEIGHT];
        heights.extend(book::signature_heights(roles.len()));
        sheet.set_row_height(row, GAP_ROW_HEIGHT)?;
        // The first class row stays with the table heading, the last two move along.
        let first_class = row - self.groups;
        let lead = (row.saturating_sub(2)).max(first_class + 1);
        pages.closing_block(lead, row, &heights);
        let cols = SignatureColumns {
            role: (0, 1),
            signature: (2, 3),
            date: (4, 4),
        };
        book::write_signature_table(sheet, row + 1, &roles, cols)?;
        Ok(())
    }
}

/// Full-width lines written from the top of the sheet and placed on its pages.
struct Lines<'a> {
    next: RowNum,
    pages: &'a mut Paginator,
}

impl Lines<'_> {
    /// Writes a line across the form and returns its row.
    fn add(
        &mut self,
        sheet: &mut Worksheet,
        height: f64,
        text: &str,
        format: &Format,
    ) -> Result<RowNum, XlsxError> {
        let row = self.reserve(sheet, height)?;
        book::write_span(sheet, row, (0, LAST), text, format)?;
        Ok(row)
    }

    /// Writes a line of wrapped text across the form, in a row high enough for its lines.
    fn wrapped(
        &mut self,
        sheet: &mut Worksheet,
        text: &str,
        format: &Format,
    ) -> Result<RowNum, XlsxError> {
        let cell = [(text, wrap::span_width(&WIDTHS))];
        let height = wrap::row_height(cell, 10.0, 20.0);
        self.add(sheet, height, text, format)
    }

    /// Sets the height of the next row, places it, and returns it for the caller to fill.
    fn reserve(&mut self, sheet: &mut Worksheet, height: f64) -> Result<RowNum, XlsxError> {
        let row = self.next;
        pages::place_row(sheet, self.pages, row, height)?;
        self.next += 1;
        Ok(row)
    }
}

/// Protects the sheet without a password, so only the 班主任, 抽中组号, 班主任签名 and 备注
/// cells and the date can be typed into. Class names and run facts stay as printed, which
/// matters because the filled form is read back by class name. Resizing rows and columns
/// stays allowed, and a clerk who needs to change anything else can lift the protection
/// (审阅 → 撤销工作表保护) without a password.
fn protect(sheet: &mut Worksheet) {
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::new()
    };
    sheet.protect_with_options(&options);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fit_portrait_page_unscaled() {
        let used = book::columns_pixels(&WIDTHS);
        assert!(used <= Orientation::Portrait.layout_pixels(), "{used}");
    }
}
