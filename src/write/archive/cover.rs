//! The cover sheet of a copy: the run facts, one row per class with its head teacher, drawn
//! group and counts, and the supervisors' signatures.

use rust_xlsxwriter::{ColNum, Color, Format, FormatAlign, RowNum, Worksheet, XlsxError};

use super::{Built, Copy, DrawResult};
use crate::messages::{archive as words, labels};
use crate::write::book::{self, Orientation, SignatureColumns};
use crate::write::pages::{self, Paginator};
use crate::write::{TOOL_VERSION, wrap};

/// Columns: 班级, 班主任, 抽中组号, 人数, 男, 女, 班主任签名.
const WIDTHS: [f64; 7] = [12.0, 12.0, 9.0, 7.0, 6.0, 6.0, 20.0];
const LAST: ColNum = 6;
const ROW: f64 = 22.0;
const GAP: f64 = 8.0;

pub(super) fn build(
    result: &DrawResult,
    copy: Copy,
    used: &mut Vec<String>,
) -> Result<Built, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(book::sheet_name(words::COVER_SHEET, used))?;
    let scale = pages::fit_scale(&WIDTHS, Orientation::Portrait);
    let mut pages = Paginator::new(Orientation::Portrait, scale);
    book::set_up_page(&mut sheet, Orientation::Portrait, "", "", false);
    sheet.set_print_scale(scale);
    sheet.set_print_center_horizontally(true);
    for (col, width) in WIDTHS.iter().enumerate() {
        sheet.set_column_width(col as ColNum, *width)?;
    }
    let mut cover = Cover {
        sheet: &mut sheet,
        pages: &mut pages,
        row: 0,
        lead: 0,
        result,
        copy,
    };
    cover.write_title()?;
    cover.write_facts()?;
    cover.write_table()?;
    if copy.is_public() {
        cover.write_hotlines()?;
    }
    cover.write_signatures()?;
    pages.apply_with_print_area(&mut sheet, LAST)?;
    Ok(Built {
        sheet,
        pages: pages.pages(),
        class: None,
    })
}

struct Cover<'a, 'r> {
    sheet: &'a mut Worksheet,
    pages: &'a mut Paginator,
    row: RowNum,
    /// The first row that moves to a new page with the signatures: the last two classes,
    /// or the totals when there is one class.
    lead: RowNum,
    result: &'a DrawResult<'r>,
    copy: Copy,
}

impl Cover<'_, '_> {
    /// Writes a line across the sheet and moves to the next row.
    fn line(&mut self, height: f64, text: &str, format: &Format) -> Result<(), XlsxError> {
        pages::place_row(self.sheet, self.pages, self.row, height)?;
        book::write_span(self.sheet, self.row, (0, LAST), text, format)?;
        self.row += 1;
        Ok(())
    }

    fn write_title(&mut self) -> Result<(), XlsxError> {
        self.line(36.0, words::TITLE, &book::title(book::SIZE_TITLE))?;
        let label = self.result.text.label(self.copy).to_string();
        self.line(26.0, &label, &book::title(14.0))?;
        if let Some((_, line)) = &self.result.rerun {
            let warning = book::body(book::SIZE_BODY)
                .set_bold()
                .set_text_wrap()
                .set_font_color(Color::Red)
                .set_align(FormatAlign::Center);
            self.wrapped_line(line, &warning, book::SIZE_BODY, 22.0)?;
        }
        self.line(GAP, "", &book::body(8.0))
    }

    /// Writes the facts as label and value rows.
    fn write_facts(&mut self) -> Result<(), XlsxError> {
        let label = book::bordered(book::body(book::SIZE_BODY))
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_shrink();
        let text = book::bordered(book::body(book::SIZE_BODY)).set_text_wrap();
        let mono = book::bordered(book::mono(10.5)).set_text_wrap();
        let value_width = wrap::span_width(&WIDTHS[2..]);
        for (name, value, monospaced) in self.facts() {
            let size = if monospaced { 10.5 } else { book::SIZE_BODY };
            let height = wrap::row_height([(value.as_str(), value_width)], size, 20.0);
            pages::place_row(self.sheet, self.pages, self.row, height)?;
            book::write_span(self.sheet, self.row, (0, 1), name, &label)?;
            let format = if monospaced { &mono } else { &text };
            book::write_span(self.sheet, self.row, (2, LAST), &value, format)?;
            self.row += 1;
        }
        self.line(GAP, "", &book::body(8.0))
    }

    fn facts(&self) -> Vec<(&'static str, String, bool)> {
        let result = self.result;
        let info = &result.info;
        let grade = info
            .grade
            .map(|g| g.label())
            .unwrap_or_else(|| labels::BLANK.to_string());
        let (boys, girls): (usize, usize) = result
            .classes
            .iter()
            .fold((0, 0), |(b, g), c| (b + c.boys(), g + c.girls()));
        let mut facts = vec![(
            labels::SCHOOL,
            labels::school_or_blank(&info.school).to_string(),
            false,
        )];
        if let Some(bureau) = &result.text.bureau {
            facts.push((words::BUREAU, bureau.clone(), false));
        }
        facts.extend([
            (labels::GRADE, grade, false),
            (words::DRAW_DATE, labels::date(result.date), false),
            (
                labels::STUDENT_COUNT,
                labels::student_counts(result.student_count(), boys, girls),
                false,
            ),
            (labels::CLASS_COUNT, result.classes.len().to_string(), false),
        ]);
        if let Some(seed) = &info.seed {
            facts.push((labels::SEED, labels::seed_text(seed), true));
        }
        facts.push((
            labels::ROSTER_FINGERPRINT,
            book::fingerprint_lines(&info.roster),
            true,
        ));
        if let Some(grouping) = &info.grouping {
            facts.push((
                labels::GROUPING_FINGERPRINT,
                book::fingerprint_lines(grouping),
                true,
            ));
        }
        facts.push((
            words::DRAW_FINGERPRINT,
            book::fingerprint_lines(&result.fingerprint),
            true,
        ));
        facts.push((labels::ALGORITHM, info.algorithm.to_string(), true));
        facts.push((labels::TOOL, labels::tool_version(TOOL_VERSION), false));
        facts
    }

    /// Writes the table of classes and its totals row.
    fn write_table(&mut self) -> Result<(), XlsxError> {
        let titles = [
            words::CLASS,
            words::HEAD_TEACHER,
            words::DRAWN_GROUP,
            words::HEADCOUNT,
            labels::BOYS,
            labels::GIRLS,
            words::HEAD_TEACHER_SIGN,
        ];
        let header = book::table_header();
        pages::place_row(self.sheet, self.pages, self.row, ROW)?;
        self.pages.repeat_height(ROW);
        for (col, title) in titles.iter().enumerate() {
            self.sheet
                .write_string_with_format(self.row, col as ColNum, *title, &header)?;
        }
        book::repeat_header_row(self.sheet, self.row)?;
        self.row += 1;
        let first_class = self.row;
        let cell = book::bordered(book::body(book::SIZE_TABLE)).set_align(FormatAlign::Center);
        let shrink = cell.clone().set_shrink();
        let mut totals = [0usize; 3];
        for class in &self.result.classes {
            pages::place_row(self.sheet, self.pages, self.row, ROW)?;
            let teacher = class.head_teacher.clone().unwrap_or_default();
            self.sheet
                .write_string_with_format(self.row, 0, &class.name, &shrink)?;
            self.sheet
                .write_string_with_format(self.row, 1, book::cell_text(&teacher), &shrink)?;
            self.sheet
                .write_number_with_format(self.row, 2, f64::from(class.group), &cell)?;
            let counts = [class.students.len(), class.boys(), class.girls()];
            for (offset, count) in counts.iter().enumerate() {
                let col = 3 + offset as ColNum;
                self.sheet
                    .write_number_with_format(self.row, col, *count as f64, &cell)?;
                totals[offset] += count;
            }
            self.sheet.write_blank(self.row, 6, &cell)?;
            self.row += 1;
        }
        self.lead = self.row.saturating_sub(2).max(first_class + 1);
        pages::place_row(self.sheet, self.pages, self.row, ROW)?;
        let bold = cell.clone().set_bold();
        book::write_span(self.sheet, self.row, (0, 2), labels::TOTAL, &bold)?;
        for (offset, total) in totals.iter().enumerate() {
            let col = 3 + offset as ColNum;
            self.sheet
                .write_number_with_format(self.row, col, *total as f64, &bold)?;
        }
        self.sheet.write_blank(self.row, 6, &bold)?;
        self.row += 1;
        self.line(GAP, "", &book::body(8.0))
    }

    /// Writes the hotlines and the note on what the posted copy shows.
    fn write_hotlines(&mut self) -> Result<(), XlsxError> {
        let text = book::body(book::SIZE_BODY).set_bold().set_text_wrap();
        if let Some(hotlines) = words::hotlines(&self.result.text.hotlines) {
            self.wrapped_line(&hotlines, &text, book::SIZE_BODY, 22.0)?;
        }
        let note = book::body(book::SIZE_NOTE).set_text_wrap();
        let posted_note = words::posted_note(&self.result.text.hotlines);
        self.wrapped_line(&posted_note, &note, book::SIZE_NOTE, 18.0)?;
        self.line(GAP, "", &book::body(8.0))
    }

    /// Writes a line of wrapped text across the sheet, in a row high enough for its lines
    /// and at least `min` points high.
    fn wrapped_line(
        &mut self,
        text: &str,
        format: &Format,
        size: f64,
        min: f64,
    ) -> Result<(), XlsxError> {
        let height = wrap::row_height([(text, wrap::span_width(&WIDTHS))], size, min);
        self.line(height, text, format)
    }

    /// Writes the supervisors' signature table, all on one page.
    fn write_signatures(&mut self) -> Result<(), XlsxError> {
        let roles: Vec<&str> = self
            .result
            .text
            .supervisors
            .iter()
            .map(String::as_str)
            .collect();
        let heights = book::signature_heights(roles.len());
        self.pages.closing_block(self.lead, self.row, &heights);
        let cols = SignatureColumns {
            role: (0, 1),
            signature: (2, 4),
            date: (5, 6),
        };
        book::write_signature_table(self.sheet, self.row, &roles, cols)?;
        Ok(())
    }
}
