//! The balance section of the summary sheet 汇总: for each attribute the spread between
//! groups, the spreads of random gender-balanced splits and a chart comparing them.
//!
//! The chart data sit in columns H to K beside the table, outside the print area.

use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartFormat, ChartPoint, ChartSolidFill, ColNum, Color, Format,
    FormatAlign, RowNum, Worksheet, XlsxError,
};

use super::write_line;
use crate::group::balance::report::BalanceSummary;
use crate::group::fairness::{Fairness, Spread, SpreadKind};
use crate::messages::balance as wording;
use crate::write::book;
use crate::write::pages::{self, Paginator};

/// The content of the balance section of the summary sheet.
pub struct BalanceSheet<'a> {
    pub fairness: &'a Fairness,
    /// The goals of a balanced grouping; `None` for `bianban-1`.
    pub summary: Option<&'a BalanceSummary>,
    /// Notes printed under the table (missing scores, names, lists).
    pub notes: &'a [String],
}

/// The last column of the printed table, and the first of the chart data.
const LAST: ColNum = 5;
const DATA_FIRST: ColNum = 7;
/// A chart's size in pixels, and the rows it covers at the default row height of 20 pixels.
const CHART_WIDTH: u32 = 680;
const CHART_HEIGHT: u32 = 250;
const CHART_ROWS: RowNum = 14;
/// Each chart row's height in points: 14 rows of 16 pt hold the 288-pixel (216 pt) chart.
const CHART_ROW_HEIGHT: f64 = 16.0;
const HEADER_HEIGHT: f64 = 44.0;
const GENDER_HEIGHT: f64 = 34.0;
const SPREAD_HEIGHT: f64 = 46.0;
const GAP_HEIGHT: f64 = 10.0;

impl BalanceSheet<'_> {
    /// Writes the section from `row`, placing every row on the summary's pages; returns
    /// the row after it.
    pub fn write(
        &self,
        sheet: &mut Worksheet,
        row: RowNum,
        pages: &mut Paginator,
    ) -> Result<RowNum, XlsxError> {
        let text = book::body(book::SIZE_BODY).set_text_wrap();
        let bold = book::body(book::SIZE_BODY).set_bold();
        let mut row = row;
        let heading = wording::heading(self.fairness.splits);
        write_line(sheet, row, 22.0, &heading, &bold, LAST)?;
        pages.row(row, 22.0);
        row += 1;
        if let Some(summary) = self.summary {
            let items = wording::balanced_items(summary);
            write_line(sheet, row, 20.0, &items, &text, LAST)?;
            pages.row(row, 20.0);
            row += 1;
        }
        let header_row = row;
        self.write_header(sheet, header_row)?;
        pages.row(header_row, HEADER_HEIGHT);
        row += 1;
        self.write_gender(sheet, row)?;
        pages.row(row, GENDER_HEIGHT);
        row += 1;
        let mut spread_rows = Vec::new();
        for spread in &self.fairness.spreads {
            self.write_spread(sheet, row, spread)?;
            pages.row(row, SPREAD_HEIGHT);
            spread_rows.push(row);
            row += 1;
        }
        for note in self.notes.iter().cloned().chain(self.category_lines()) {
            let lines = (book::text_width(&note, book::SIZE_BODY) / 90.0)
                .ceil()
                .max(1.0);
            write_line(sheet, row, 18.0 * lines, &note, &text, LAST)?;
            pages.row(row, 18.0 * lines);
            row += 1;
        }
        pages::place_row(sheet, pages, row, GAP_HEIGHT)?;
        row += 1;
        for (spread, &data_row) in self.fairness.spreads.iter().zip(&spread_rows) {
            // A chart is kept on one page: its rows get a fixed height and are placed as one
            // block, so a page break never cuts through it.
            for offset in 0..CHART_ROWS {
                sheet.set_row_height(row + offset, CHART_ROW_HEIGHT)?;
            }
            pages.block(row, &[CHART_ROW_HEIGHT; CHART_ROWS as usize]);
            let chart = chart(sheet.name().as_str(), header_row, data_row, spread)?;
            sheet.insert_chart(row, 0, &chart)?;
            row += CHART_ROWS;
        }
        Ok(row)
    }

    fn write_header(&self, sheet: &mut Worksheet, row: RowNum) -> Result<(), XlsxError> {
        let header = book::table_header();
        sheet.set_row_height(row, HEADER_HEIGHT)?;
        sheet.write_string_with_format(row, 0, wording::COL_ITEM, &header)?;
        book::write_span(sheet, row, (1, 3), wording::COL_ACHIEVED, &header)?;
        let random = format!(
            "{}／{}／{}",
            wording::COL_RANDOM_BEST,
            wording::COL_RANDOM_MEDIAN,
            wording::COL_RANDOM_WORST
        );
        sheet.write_string_with_format(row, 4, random, &header)?;
        sheet.write_string_with_format(row, 5, wording::COL_COMPARISON, &header)?;
        let labels = [
            wording::COL_ACHIEVED,
            wording::COL_RANDOM_BEST,
            wording::COL_RANDOM_MEDIAN,
            wording::COL_RANDOM_WORST,
        ];
        for (k, label) in labels.iter().enumerate() {
            sheet.write_string(row, DATA_FIRST + k as ColNum, *label)?;
        }
        Ok(())
    }

    fn write_gender(&self, sheet: &mut Worksheet, row: RowNum) -> Result<(), XlsxError> {
        let cell = cell_format();
        sheet.set_row_height(row, GENDER_HEIGHT)?;
        sheet.write_string_with_format(row, 0, wording::GENDER_ITEM, &cell)?;
        let text = wording::gender_text(self.fairness);
        book::write_span(sheet, row, (1, LAST), &text, &cell)
    }

    fn write_spread(
        &self,
        sheet: &mut Worksheet,
        row: RowNum,
        spread: &Spread,
    ) -> Result<(), XlsxError> {
        let cell = cell_format();
        let centred = cell.clone().set_align(FormatAlign::Center);
        let mut item = wording::spread_item(spread);
        if !spread.balanced {
            item.push_str(wording::NOT_BALANCED);
        }
        sheet.set_row_height(row, SPREAD_HEIGHT)?;
        sheet.write_string_with_format(row, 0, &item, &cell)?;
        let achieved = wording::spread_value(spread.kind, spread.achieved);
        book::write_span(sheet, row, (1, 3), &achieved, &centred)?;
        let random = [
            spread.random_best,
            spread.random_median,
            spread.random_worst,
        ]
        .map(|v| wording::spread_value(spread.kind, v))
        .join("／");
        sheet.write_string_with_format(row, 4, random, &centred)?;
        let comparison = wording::comparison(spread, self.fairness.splits);
        sheet.write_string_with_format(row, 5, comparison, &cell)?;
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
        Ok(())
    }

    /// Lists one line per category column: each category with its count range per group.
    fn category_lines(&self) -> Vec<String> {
        self.fairness
            .spreads
            .iter()
            .filter(|s| s.kind == SpreadKind::Categories)
            .map(wording::category_counts)
            .collect()
    }
}

fn cell_format() -> Format {
    book::bordered(book::body(book::SIZE_TABLE)).set_text_wrap()
}

fn number_format(kind: SpreadKind) -> &'static str {
    match kind {
        SpreadKind::MeanRange | SpreadKind::SdRange => "0.000",
        SpreadKind::Categories => "0",
    }
}

/// Builds a column chart of one spread: this grouping and the best 1%, median and worst 1% of the
/// random splits, the first bar in red.
fn chart(
    sheet: &str,
    header_row: RowNum,
    row: RowNum,
    spread: &Spread,
) -> Result<Chart, XlsxError> {
    let mut chart = Chart::new_column();
    let last = DATA_FIRST + 3;
    let fill = |color: Color| {
        let mut format = ChartFormat::new();
        format.set_solid_fill(ChartSolidFill::new().set_color(color));
        format
    };
    let achieved = ChartPoint::new().set_format(&mut fill(Color::Red));
    chart
        .add_series()
        .set_categories((sheet, header_row, DATA_FIRST, header_row, last))
        .set_values((sheet, row, DATA_FIRST, row, last))
        .set_format(&mut fill(Color::Gray))
        .set_points(&[achieved])
        .set_data_label(ChartDataLabel::new().show_value());
    let title = format!("{}：{}", wording::spread_item(spread), wording::CHART_NOTE);
    chart.title().set_name(&title);
    chart.legend().set_hidden();
    chart.y_axis().set_num_format(number_format(spread.kind));
    chart.set_width(CHART_WIDTH).set_height(CHART_HEIGHT);
    chart.validate()?;
    Ok(chart)
}
