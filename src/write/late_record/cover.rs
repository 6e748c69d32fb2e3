//! The cover of a late-enrolment record: the run facts with the chain of fingerprints, the
//! size of every class before and after, the lot of every student, and the signatures.

use rust_xlsxwriter::{ColNum, Format, FormatAlign, RowNum, Worksheet, XlsxError};

use super::{Built, LateResult};
use crate::messages::{archive as archive_words, labels, late as words};
use crate::write::TOOL_VERSION;
use crate::write::archive::Copy;
use crate::write::book::{self, Orientation, SignatureColumns};
use crate::write::pages::{self, Paginator};
use crate::write::wrap;

/// Columns of the lot table: 编班顺序, 姓名, 性别, 报到, 当时最少人数, 人数最少的班级,
/// 抽签范围, 抽签结果, 编入班级. The facts span the same columns.
const WIDTHS: [f64; 9] = [6.5, 10.0, 5.0, 20.0, 7.5, 24.0, 24.0, 12.0, 9.0];
const LAST: ColNum = 8;
/// The lot table's columns whose text wraps: the class lists and the lot result.
const WRAPPED: [usize; 3] = [5, 6, 7];
const ROW: f64 = 20.0;
const GAP: f64 = 8.0;

pub(super) fn build(
    result: &LateResult,
    copy: Copy,
    used: &mut Vec<String>,
) -> Result<Built, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(book::sheet_name(words::COVER_SHEET, used))?;
    let scale = pages::fit_scale(&WIDTHS, Orientation::Landscape);
    let mut pages = Paginator::new(Orientation::Landscape, scale);
    book::set_up_page(&mut sheet, Orientation::Landscape, "", "", false);
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
    cover.write_lots()?;
    if copy.is_public() {
        cover.write_hotlines()?;
    }
    cover.write_signatures()?;
    pages.apply(&mut sheet)?;
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
    /// The first row that moves to a new page with the signatures: the last two rows of
    /// the lot table.
    lead: RowNum,
    result: &'a LateResult<'r>,
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

    fn gap(&mut self) -> Result<(), XlsxError> {
        self.line(GAP, "", &book::body(8.0))
    }

    fn write_title(&mut self) -> Result<(), XlsxError> {
        self.line(34.0, words::TITLE, &book::title(book::SIZE_TITLE))?;
        let label = self.result.text.label(self.copy).to_string();
        self.line(24.0, &label, &book::title(14.0))?;
        self.gap()
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
            let height = wrap::row_height([(value.as_str(), value_width)], size, ROW);
            pages::place_row(self.sheet, self.pages, self.row, height)?;
            book::write_span(self.sheet, self.row, (0, 1), name, &label)?;
            let format = if monospaced { &mono } else { &text };
            book::write_span(self.sheet, self.row, (2, LAST), &value, format)?;
            self.row += 1;
        }
        self.gap()
    }

    fn facts(&self) -> Vec<(&'static str, String, bool)> {
        let result = self.result;
        let info = &result.info;
        let grade = info
            .grade
            .map(|g| g.label())
            .unwrap_or_else(|| labels::BLANK.to_string());
        let boys = result
            .placements
            .iter()
            .filter(|p| p.gender == crate::roster::Gender::Male)
            .count();
        let count = result.placements.len();
        let mut facts = vec![(
            labels::SCHOOL,
            labels::school_or_blank(&info.school).to_string(),
            false,
        )];
        if let Some(bureau) = &result.text.bureau {
            facts.push((archive_words::BUREAU, bureau.clone(), false));
        }
        facts.extend([
            (labels::GRADE, grade, false),
            (words::PLACED_DATE, labels::date(info.time.date()), false),
            (words::SEQUENCE, words::sequence(result.sequence), false),
            (
                words::LATE_STUDENTS,
                labels::student_counts(count, boys, count - boys),
                false,
            ),
            (
                words::ORDER_BASIS,
                words::basis_text(result.basis).into(),
                false,
            ),
            (
                words::LOT_RULE,
                words::rule_text(result.gender_rule).into(),
                false,
            ),
        ]);
        if let Some(seed) = &info.seed {
            facts.push((labels::SEED, labels::seed_text(seed), true));
        }
        let earlier = if result.earlier.is_empty() {
            words::NONE.to_string()
        } else {
            let lines: Vec<String> = result.earlier.iter().map(|f| f.grouped()).collect();
            lines.join("\n")
        };
        facts.extend([
            (
                words::ARCHIVE_FINGERPRINT,
                book::fingerprint_lines(&result.archive),
                true,
            ),
            (words::EARLIER_RECORDS, earlier, true),
            (
                words::LATE_ROSTER_FINGERPRINT,
                book::fingerprint_lines(&info.roster),
                true,
            ),
            (
                words::RECORD_FINGERPRINT,
                book::fingerprint_lines(&result.fingerprint),
                true,
            ),
            (labels::ALGORITHM, info.algorithm.to_string(), true),
            (labels::TOOL, labels::tool_version(TOOL_VERSION), false),
        ]);
        facts
    }

    fn header_row(&mut self, titles: &[&str], height: f64) -> Result<(), XlsxError> {
        let header = book::table_header();
        pages::place_row(self.sheet, self.pages, self.row, height)?;
        for (col, title) in titles.iter().enumerate() {
            self.sheet
                .write_string_with_format(self.row, col as ColNum, *title, &header)?;
        }
        self.row += 1;
        Ok(())
    }

    /// Writes one row per student in placement order: who, when registered, the smallest
    /// classes at that moment, the lot and the class.
    fn write_lots(&mut self) -> Result<(), XlsxError> {
        // The title, the header and the first student stay on one page.
        if self.pages.room_left() < 22.0 + 30.0 + 4.0 * ROW {
            self.pages.new_page(self.row);
        }
        let bold = book::body(book::SIZE_BODY).set_bold();
        self.line(22.0, words::LOT_TABLE_TITLE, &bold)?;
        let registered = self
            .result
            .registered_field()
            .map_or(words::REGISTERED, labels::field);
        let titles = [
            words::ORDER,
            words::NAME,
            words::GENDER,
            registered,
            words::SMALLEST,
            words::TIED,
            words::CANDIDATES,
            words::DRAW,
            words::PLACED_CLASS,
        ];
        let cells = titles.iter().copied().zip(WIDTHS);
        let height = wrap::row_height(cells, book::SIZE_TABLE, 30.0);
        self.header_row(&titles, height)?;
        self.pages.repeat_height(height);
        book::repeat_header_row(self.sheet, self.row - 1)?;
        let cell = book::text_cell(book::SIZE_TABLE)
            .set_align(FormatAlign::Center)
            .set_shrink();
        let wrapped = book::text_cell(book::SIZE_TABLE)
            .set_align(FormatAlign::Center)
            .set_text_wrap();
        let first = self.row;
        for placement in &self.result.placements {
            let student = self.result.students.get(placement.student);
            let name = student
                .map(|s| self.result.name_on(self.copy, &s.name))
                .unwrap_or_default();
            let values = [
                placement.order.to_string(),
                name,
                labels::gender(placement.gender).to_string(),
                student
                    .map(|s| self.result.registered(s))
                    .unwrap_or_default(),
                placement.smallest.to_string(),
                class_numbers(&placement.tied),
                class_numbers(&placement.candidates),
                words::draw_text(placement.draw, placement.candidates.len()),
                self.result.class_name(placement.class),
            ];
            let cells = WRAPPED.map(|c| (values[c].as_str(), WIDTHS[c]));
            let height = wrap::row_height(cells, book::SIZE_TABLE, ROW);
            pages::place_row(self.sheet, self.pages, self.row, height)?;
            for (col, value) in values.iter().enumerate() {
                let format = if WRAPPED.contains(&col) {
                    &wrapped
                } else {
                    &cell
                };
                self.sheet.write_string_with_format(
                    self.row,
                    col as ColNum,
                    book::cell_text(value),
                    format,
                )?;
            }
            self.row += 1;
        }
        self.lead = self.row.saturating_sub(2).max(first + 1);
        let note = book::body(book::SIZE_NOTE).set_text_wrap();
        self.wrapped_line(words::LOT_NOTE, &note, book::SIZE_NOTE, 18.0)?;
        self.gap()
    }

    fn write_hotlines(&mut self) -> Result<(), XlsxError> {
        let text = book::body(book::SIZE_BODY).set_bold().set_text_wrap();
        if let Some(hotlines) = archive_words::hotlines(&self.result.text.hotlines) {
            self.wrapped_line(&hotlines, &text, book::SIZE_BODY, 22.0)?;
        }
        let note = book::body(book::SIZE_NOTE).set_text_wrap();
        let posted_note = archive_words::posted_note(&self.result.text.hotlines);
        self.wrapped_line(&posted_note, &note, book::SIZE_NOTE, 18.0)?;
        self.gap()
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
            role: (0, 2),
            signature: (3, 5),
            date: (6, LAST),
        };
        book::write_signature_table(self.sheet, self.row, &roles, cols)?;
        Ok(())
    }
}

/// Class numbers as printed in the lot table, runs of three or more written as ranges:
/// `2、5、7～11`.
pub fn class_numbers(classes: &[u32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut start = 0;
    while start < classes.len() {
        let mut end = start;
        while end + 1 < classes.len() && classes[end + 1] == classes[end] + 1 {
            end += 1;
        }
        if end >= start + 2 {
            parts.push(format!("{}～{}", classes[start], classes[end]));
        } else {
            parts.extend(classes[start..=end].iter().map(u32::to_string));
        }
        start = end + 1;
    }
    parts.join("、")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_runs_become_ranges() {
        assert_eq!(class_numbers(&[1, 2, 4, 5, 6, 7, 10]), "1、2、4～7、10");
        assert_eq!(class_numbers(&[3]), "3");
        assert_eq!(class_numbers(&[]), "");
    }
}
