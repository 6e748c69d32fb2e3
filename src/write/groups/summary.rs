//! The summary sheet 汇总 of 分组名单.xlsx: the run facts, one row per group with its counts
//! and seal, the totals and the balance guarantee.

use rust_xlsxwriter::{ColNum, Color, FormatAlign, RowNum, Worksheet, XlsxError};

use super::balance::ChartData;
use super::{BalanceSheet, gender_counts, write_line};
use crate::fingerprint::Fingerprint;
use crate::group::Grouping;
use crate::messages::labels;
use crate::roster::Roster;
use crate::write::book::{self, Orientation};
use crate::write::pages::{self, Paginator};
use crate::write::{RunInfo, TOOL_VERSION, wrap};

/// The summary sheet 汇总.
pub(super) struct Summary<'a> {
    pub roster: &'a Roster,
    pub grouping: &'a Grouping,
    pub info: &'a RunInfo,
    pub seals: &'a [Fingerprint],
    /// The balance section, printed under the guarantee.
    pub balance: Option<&'a BalanceSheet<'a>>,
}

/// Summary columns: label, 人数, 男, 女, short seal, full seal.
pub(super) const SUMMARY_WIDTHS: [f64; 6] = [9.0, 6.0, 6.0, 6.0, 26.0, 42.0];
const SUMMARY_LAST: ColNum = 5;
/// The height of the blank rows between the parts of the sheet.
const GAP_ROW_HEIGHT: f64 = 12.0;
const TITLE_ROW_HEIGHT: f64 = 36.0;
const HEADER_ROW_HEIGHT: f64 = 22.0;
const GROUP_ROW_HEIGHT: f64 = 24.0;
const LINE_ROW_HEIGHT: f64 = 20.0;

impl Summary<'_> {
    /// Builds the sheet. Returns it with the rows of the numbers for the charts, when the
    /// balance section has any.
    pub fn sheet(
        &self,
        used: &mut Vec<String>,
    ) -> Result<(Worksheet, Option<ChartData>), XlsxError> {
        let mut sheet = Worksheet::new();
        sheet.set_name(book::sheet_name(labels::SUMMARY_SHEET, used))?;
        let scale = pages::fit_scale(&SUMMARY_WIDTHS, Orientation::Portrait);
        let mut pages = Paginator::new(Orientation::Portrait, scale);
        self.set_up(&mut sheet, scale)?;
        let row = self.write_facts(&mut sheet, &mut pages)?;
        pages::place_row(&mut sheet, &mut pages, row, GAP_ROW_HEIGHT)?;
        let table_row = row + 1;
        let row = self.write_table(&mut sheet, table_row, &mut pages)?;
        // The last two groups and the totals move with the guarantee or the balance section
        // when it starts a new page, so the group table's repeated heading is printed over
        // rows of its own.
        let lead = row.saturating_sub(3).max(table_row + 2);
        pages::place_row(&mut sheet, &mut pages, row, GAP_ROW_HEIGHT)?;
        let row = self.write_guarantee(&mut sheet, (lead, row + 1), &mut pages)?;
        let mut chart_data = None;
        if let Some(balance) = self.balance {
            pages::place_row(&mut sheet, &mut pages, row, GAP_ROW_HEIGHT)?;
            let data = balance.write(&mut sheet, (lead, row + 1), &mut pages)?;
            chart_data = Some(data).filter(|d| !d.spread_rows.is_empty());
        }
        pages.apply_with_print_area(&mut sheet, SUMMARY_LAST)?;
        // The summary is printed on its own, so its pages are counted from 1.
        let facts = book::run_facts(self.info);
        let footer = book::page_footer_with(&facts, &labels::page_of_total_code(pages.pages()));
        sheet.set_footer(&footer);
        sheet.set_print_first_page_number(1);
        Ok((sheet, chart_data))
    }

    /// Sets up the page; the footer follows once the number of pages is known.
    fn set_up(&self, sheet: &mut Worksheet, scale: u16) -> Result<(), XlsxError> {
        let header = book::run_page_header(labels::GROUPS_SUMMARY_TITLE, self.info);
        book::set_up_page(sheet, Orientation::Portrait, &header, "", false);
        sheet.set_print_scale(scale);
        for (col, width) in SUMMARY_WIDTHS.iter().enumerate() {
            sheet.set_column_width(col as ColNum, *width)?;
        }
        Ok(())
    }

    /// Writes the title and the run facts as label and value rows; returns the next row.
    fn write_facts(
        &self,
        sheet: &mut Worksheet,
        pages: &mut Paginator,
    ) -> Result<RowNum, XlsxError> {
        pages::place_row(sheet, pages, 0, TITLE_ROW_HEIGHT)?;
        pages::place_row(sheet, pages, 1, GAP_ROW_HEIGHT)?;
        book::write_span(
            sheet,
            0,
            (0, SUMMARY_LAST),
            labels::GROUPS_SUMMARY_TITLE,
            &book::title(book::SIZE_TITLE),
        )?;
        let label = book::bordered(book::body(book::SIZE_BODY)).set_bold();
        let text = book::bordered(book::body(book::SIZE_BODY)).set_text_wrap();
        let mono = book::bordered(book::mono(11.0)).set_text_wrap();
        let value_width = wrap::span_width(&SUMMARY_WIDTHS[1..]);
        let mut row = 2;
        for (name, value, monospaced) in self.facts() {
            let cell = [(value.as_str(), value_width)];
            let height = wrap::row_height(cell, book::SIZE_BODY, LINE_ROW_HEIGHT);
            pages::place_row(sheet, pages, row, height)?;
            sheet.write_string_with_format(row, 0, name, &label)?;
            let format = if monospaced { &mono } else { &text };
            book::write_span(sheet, row, (1, SUMMARY_LAST), &value, format)?;
            row += 1;
        }
        if let Some(earlier) = labels::earlier_runs(&self.info.earlier_runs) {
            let warning = book::body(book::SIZE_BODY)
                .set_bold()
                .set_text_wrap()
                .set_font_color(Color::Red);
            let line = [(earlier.as_str(), wrap::span_width(&SUMMARY_WIDTHS))];
            let height = wrap::row_height(line, book::SIZE_BODY, LINE_ROW_HEIGHT);
            write_line(sheet, row, height, &earlier, &warning, SUMMARY_LAST)?;
            pages.row(row, height);
            row += 1;
        }
        Ok(row)
    }

    /// Returns the run facts as label, value, and whether the value is printed monospaced.
    fn facts(&self) -> Vec<(&'static str, String, bool)> {
        let students = &self.roster.students;
        let grouping_fingerprint = self
            .info
            .grouping
            .unwrap_or_else(|| self.grouping.fingerprint(students));
        let grade = self
            .info
            .grade
            .map(|g| g.label())
            .unwrap_or_else(|| labels::BLANK.to_string());
        let mut facts = vec![
            (
                labels::SCHOOL,
                labels::school_or_blank(&self.info.school).to_string(),
                false,
            ),
            (labels::GRADE, grade, false),
            (
                labels::STUDENT_COUNT,
                labels::student_counts(students.len(), self.roster.boys(), self.roster.girls()),
                false,
            ),
            (
                labels::GROUP_COUNT,
                self.grouping.groups.len().to_string(),
                false,
            ),
            (labels::SEED, labels::seed_text(&self.grouping.seed), true),
            (
                labels::ROSTER_FINGERPRINT,
                book::fingerprint_lines(&self.grouping.roster),
                true,
            ),
            (
                labels::GROUPING_FINGERPRINT,
                book::fingerprint_lines(&grouping_fingerprint),
                true,
            ),
            (labels::ALGORITHM, self.grouping.algorithm.to_string(), true),
        ];
        if let Some(inputs) = &self.grouping.balance {
            let label = crate::messages::balance::inputs_label();
            facts.push((label, book::fingerprint_lines(inputs), true));
        }
        facts.extend([
            (labels::TOOL, labels::tool_version(TOOL_VERSION), false),
            (labels::RUN_TIME, labels::date_time(self.info.time), false),
        ]);
        facts
    }

    /// Writes the table of groups and its totals row; returns the row after it.
    fn write_table(
        &self,
        sheet: &mut Worksheet,
        row: RowNum,
        pages: &mut Paginator,
    ) -> Result<RowNum, XlsxError> {
        let header = book::table_header();
        let titles = [
            labels::GROUP_NUMBER,
            labels::HEADCOUNT,
            labels::BOYS,
            labels::GIRLS,
            labels::GROUP_SEAL,
            labels::SEAL_FULL,
        ];
        pages::place_row(sheet, pages, row, HEADER_ROW_HEIGHT)?;
        pages.repeat_height(HEADER_ROW_HEIGHT);
        for (col, title) in titles.iter().enumerate() {
            sheet.write_string_with_format(row, col as ColNum, *title, &header)?;
        }
        book::repeat_header_row(sheet, row)?;

        let mut totals = [0usize; 3];
        for (index, (group, seal)) in self.grouping.groups.iter().zip(self.seals).enumerate() {
            let (boys, girls) = gender_counts(group, &self.roster.students);
            let counts = [group.size(), boys, girls];
            let at = row + 1 + index as RowNum;
            write_group_row(sheet, at, group.number, counts, seal)?;
            pages.row(at, GROUP_ROW_HEIGHT);
            for (total, count) in totals.iter_mut().zip(counts) {
                *total += count;
            }
        }
        let totals_row = row + 1 + self.grouping.groups.len() as RowNum;
        write_totals_row(sheet, totals_row, totals)?;
        pages.row(totals_row, HEADER_ROW_HEIGHT);
        Ok(totals_row + 1)
    }

    /// Writes the guarantee and the spread this grouping actually has, on one page with the
    /// rows from `lead` on; returns the row after it.
    fn write_guarantee(
        &self,
        sheet: &mut Worksheet,
        (lead, row): (RowNum, RowNum),
        pages: &mut Paginator,
    ) -> Result<RowNum, XlsxError> {
        let text = book::body(book::SIZE_BODY).set_text_wrap();
        let spread = self.spread();
        let mut heights = Vec::new();
        for (offset, line) in [labels::GUARANTEE, spread.as_str()].iter().enumerate() {
            let cell = [(*line, wrap::span_width(&SUMMARY_WIDTHS))];
            let height = wrap::row_height(cell, book::SIZE_BODY, LINE_ROW_HEIGHT);
            write_line(
                sheet,
                row + offset as RowNum,
                height,
                line,
                &text,
                SUMMARY_LAST,
            )?;
            heights.push(height);
        }
        pages.closing_block(lead, row, &heights);
        Ok(row + heights.len() as RowNum)
    }

    fn spread(&self) -> String {
        let counts: Vec<(usize, usize, usize)> = self
            .grouping
            .groups
            .iter()
            .map(|g| {
                let (boys, girls) = gender_counts(g, &self.roster.students);
                (g.size(), boys, girls)
            })
            .collect();
        let range = |pick: fn(&(usize, usize, usize)) -> usize| {
            let values = counts.iter().map(pick);
            (values.clone().min().unwrap_or(0), values.max().unwrap_or(0))
        };
        labels::spread(range(|c| c.0), range(|c| c.1), range(|c| c.2))
    }
}

fn write_group_row(
    sheet: &mut Worksheet,
    row: RowNum,
    number: u32,
    counts: [usize; 3],
    seal: &Fingerprint,
) -> Result<(), XlsxError> {
    let number_format = book::bordered(book::body(book::SIZE_BODY)).set_align(FormatAlign::Center);
    let short = book::bordered(book::mono(11.0)).set_align(FormatAlign::Center);
    let full = book::bordered(book::mono(8.0)).set_text_wrap();
    sheet.set_row_height(row, GROUP_ROW_HEIGHT)?;
    sheet.write_number_with_format(row, 0, f64::from(number), &number_format)?;
    for (offset, count) in counts.iter().enumerate() {
        sheet.write_number_with_format(row, 1 + offset as ColNum, *count as f64, &number_format)?;
    }
    sheet.write_string_with_format(row, 4, seal.short(), &short)?;
    sheet.write_string_with_format(row, 5, book::fingerprint_lines(seal), &full)?;
    Ok(())
}

fn write_totals_row(
    sheet: &mut Worksheet,
    row: RowNum,
    totals: [usize; 3],
) -> Result<(), XlsxError> {
    let format = book::bordered(book::body(book::SIZE_BODY))
        .set_bold()
        .set_align(FormatAlign::Center);
    sheet.set_row_height(row, HEADER_ROW_HEIGHT)?;
    sheet.write_string_with_format(row, 0, labels::TOTAL, &format)?;
    for (offset, total) in totals.iter().enumerate() {
        sheet.write_number_with_format(row, 1 + offset as ColNum, *total as f64, &format)?;
    }
    sheet.write_blank(row, 4, &format)?;
    sheet.write_blank(row, 5, &format)?;
    Ok(())
}
