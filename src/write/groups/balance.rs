//! The balance section of the summary sheet 汇总: for each attribute the spread between
//! groups and the spreads of random gender-balanced splits.
//!
//! The numbers that the charts on 均衡图表 plot sit in columns H to K beside the table,
//! outside the print area.

use rust_xlsxwriter::{ColNum, Format, FormatAlign, RowNum, Worksheet, XlsxError};

use super::summary::SUMMARY_WIDTHS;
use super::write_line;
use crate::group::balance::report::BalanceSummary;
use crate::group::fairness::{Fairness, Spread, SpreadKind};
use crate::messages::balance as wording;
use crate::write::book;
use crate::write::pages::Paginator;
use crate::write::wrap;

/// The summary rows that contain the numbers the charts plot: the row of the series names,
/// and one row per spread in the order of `Fairness::spreads`.
pub(super) struct ChartData {
    pub header_row: RowNum,
    pub spread_rows: Vec<RowNum>,
}

/// The content of the balance section of the summary sheet.
pub struct BalanceSheet<'a> {
    pub fairness: &'a Fairness,
    /// The goals of a balanced grouping; `None` for `bianban-1`.
    pub summary: Option<&'a BalanceSummary>,
    /// Notes printed under the table (missing scores, names, lists).
    pub notes: &'a [String],
}

/// The columns of the table, each a span of the summary's columns: 项目, 本次分组, the
/// random splits and 与随机分组比较. 项目 takes two columns, so that a label such as
/// 成绩平均分（本次未按此均衡，仅供对照） wraps into three lines at most.
const ITEM: (ColNum, ColNum) = (0, 1);
const ACHIEVED: (ColNum, ColNum) = (2, 3);
const RANDOM: (ColNum, ColNum) = (4, 4);
const COMPARISON: (ColNum, ColNum) = (5, 5);
/// The last column of the printed table, and the first of the chart data.
const LAST: ColNum = 5;
pub(super) const DATA_FIRST: ColNum = 7;
/// The minimum height of a table row, and of a line of text, in points.
const ROW_HEIGHT: f64 = 22.0;
const LINE_HEIGHT: f64 = 18.0;

impl BalanceSheet<'_> {
    /// Writes the section from `row`, placing every row on the summary's pages, and returns
    /// where the numbers for the charts are. The heading, the table and the notes under it
    /// stay on one page. When they start a new page, the rows from `lead` on (the end of the
    /// group table above) move with them.
    pub(super) fn write(
        &self,
        sheet: &mut Worksheet,
        (lead, row): (RowNum, RowNum),
        pages: &mut Paginator,
    ) -> Result<ChartData, XlsxError> {
        let text = book::body(book::SIZE_BODY).set_text_wrap();
        let bold = book::body(book::SIZE_BODY).set_bold();
        let full_width = wrap::span_width(&SUMMARY_WIDTHS);
        let line_height = |line: &str| wrap::row_height([(line, full_width)], book::SIZE_BODY, 0.0);
        // The section is kept on one page, so it never continues on a page of its own under
        // the repeated heading of the group table above it.
        let first = row;
        let mut heights = Vec::new();
        let mut row = row;
        let heading = wording::heading(self.fairness.splits);
        heights.push(line_height(&heading).max(ROW_HEIGHT));
        write_line(sheet, row, heights[0], &heading, &bold, LAST)?;
        row += 1;
        if let Some(summary) = self.summary {
            let items = wording::balanced_items(summary);
            let height = line_height(&items).max(LINE_HEIGHT);
            write_line(sheet, row, height, &items, &text, LAST)?;
            heights.push(height);
            row += 1;
        }
        let header_row = row;
        heights.push(self.write_header(sheet, header_row)?);
        row += 1;
        heights.push(self.write_gender(sheet, row)?);
        row += 1;
        let mut spread_rows = Vec::new();
        for spread in &self.fairness.spreads {
            heights.push(self.write_spread(sheet, row, spread)?);
            spread_rows.push(row);
            row += 1;
        }
        for note in self.note_lines() {
            let height = line_height(&note).max(LINE_HEIGHT);
            write_line(sheet, row, height, &note, &text, LAST)?;
            heights.push(height);
            row += 1;
        }
        pages.closing_block(lead, first, &heights);
        Ok(ChartData {
            header_row,
            spread_rows,
        })
    }

    /// Writes the table's header row and returns its height.
    fn write_header(&self, sheet: &mut Worksheet, row: RowNum) -> Result<f64, XlsxError> {
        let header = book::table_header();
        let random = format!(
            "{}／{}／{}",
            wording::COL_RANDOM_BEST,
            wording::COL_RANDOM_MEDIAN,
            wording::COL_RANDOM_WORST
        );
        let cells = [
            (ITEM, wording::COL_ITEM),
            (ACHIEVED, wording::COL_ACHIEVED),
            (RANDOM, random.as_str()),
            (COMPARISON, wording::COL_COMPARISON),
        ];
        let height = table_row(sheet, row, &cells, &header)?;
        let labels = [
            wording::COL_ACHIEVED,
            wording::COL_RANDOM_BEST,
            wording::COL_RANDOM_MEDIAN,
            wording::COL_RANDOM_WORST,
        ];
        for (k, label) in labels.iter().enumerate() {
            sheet.write_string(row, DATA_FIRST + k as ColNum, *label)?;
        }
        Ok(height)
    }

    /// Writes the row of the gender counts and returns its height.
    fn write_gender(&self, sheet: &mut Worksheet, row: RowNum) -> Result<f64, XlsxError> {
        let text = wording::gender_text(self.fairness);
        let cells = [
            (ITEM, wording::GENDER_ITEM),
            ((ACHIEVED.0, LAST), text.as_str()),
        ];
        table_row(sheet, row, &cells, &cell_format())
    }

    /// Writes the row of one spread, with its values for the chart beside the table, and
    /// returns its height.
    fn write_spread(
        &self,
        sheet: &mut Worksheet,
        row: RowNum,
        spread: &Spread,
    ) -> Result<f64, XlsxError> {
        let cell = cell_format();
        let centred = cell.clone().set_align(FormatAlign::Center);
        let mut item = wording::spread_item(spread);
        if !spread.balanced {
            item.push_str(wording::NOT_BALANCED);
        }
        let achieved = wording::spread_value(spread.kind, spread.achieved);
        let random = [
            spread.random_best,
            spread.random_median,
            spread.random_worst,
        ]
        .map(|v| wording::spread_value(spread.kind, v))
        .join("／");
        let comparison = wording::comparison(spread, self.fairness.splits);
        let height = table_row(sheet, row, &[(ITEM, item.as_str())], &cell)?;
        let centred_cells = [(ACHIEVED, achieved.as_str()), (RANDOM, random.as_str())];
        let height = height.max(table_row(sheet, row, &centred_cells, &centred)?);
        let height = height.max(table_row(sheet, row, &[(COMPARISON, &comparison)], &cell)?);
        sheet.set_row_height(row, height)?;
        let values = [
            spread.achieved,
            spread.random_best,
            spread.random_median,
            spread.random_worst,
        ];
        let number = Format::new().set_num_format(number_format(spread.kind));
        for (k, value) in values.iter().enumerate() {
            sheet.write_number_with_format(row, DATA_FIRST + k as ColNum, *value, &number)?;
        }
        Ok(height)
    }

    /// Lists the lines under the table: the notes, one line per category column with each
    /// category's count range per group, and where the charts are.
    fn note_lines(&self) -> Vec<String> {
        let categories = self
            .fairness
            .spreads
            .iter()
            .filter(|s| s.kind == SpreadKind::Categories)
            .map(wording::category_counts);
        let mut lines: Vec<String> = self.notes.iter().cloned().chain(categories).collect();
        if !self.fairness.spreads.is_empty() {
            lines.push(wording::charts_pointer());
        }
        lines
    }
}

fn cell_format() -> Format {
    book::bordered(book::body(book::SIZE_TABLE)).set_text_wrap()
}

/// Writes table cells, each spanning a range of the summary's columns, sets the row's
/// height to fit their wrapped text and returns it.
fn table_row(
    sheet: &mut Worksheet,
    row: RowNum,
    cells: &[((ColNum, ColNum), &str)],
    format: &Format,
) -> Result<f64, XlsxError> {
    let mut fits = Vec::new();
    for &(cols, text) in cells {
        book::write_span(sheet, row, cols, text, format)?;
        let widths = &SUMMARY_WIDTHS[cols.0 as usize..=cols.1 as usize];
        fits.push((text, wrap::span_width(widths)));
    }
    let height = wrap::row_height(fits, book::SIZE_TABLE, ROW_HEIGHT);
    sheet.set_row_height(row, height)?;
    Ok(height)
}

pub(super) fn number_format(kind: SpreadKind) -> &'static str {
    match kind {
        SpreadKind::MeanRange | SpreadKind::SdRange => "0.000",
        SpreadKind::Categories => "0",
    }
}
