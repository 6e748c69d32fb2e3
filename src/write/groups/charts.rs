//! The sheet 均衡图表 of 分组名单.xlsx: one column chart per balance item, comparing this
//! grouping with the random splits.
//!
//! The charts have a sheet of their own because 汇总 repeats the group table's heading row
//! at the top of every printed page. Excel applies print titles to the whole sheet, so a
//! chart that ran onto a further page of 汇总 printed under that heading. The charts plot
//! the numbers that the balance section keeps beside its table on 汇总.

use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartFormat, ChartPoint, ChartSolidFill, ColNum, Color, RowNum,
    Worksheet, XlsxError,
};

use super::balance::{ChartData, DATA_FIRST, number_format};
use super::summary::SUMMARY_WIDTHS;
use super::write_line;
use crate::group::fairness::{Fairness, Spread};
use crate::messages::{balance as wording, labels};
use crate::write::book::{self, Orientation};
use crate::write::pages::{self, Paginator};
use crate::write::{RunInfo, wrap};

/// The last printed column. The sheet has the summary's columns, so both print at one scale.
const LAST: ColNum = 5;
/// A chart's size in pixels. The width stays within columns A to F (695 pixels).
const CHART_WIDTH: u32 = 680;
const CHART_HEIGHT: u32 = 250;
/// The rows a chart covers and their height in points: 14 rows of 16 pt (224 pt, about 299
/// pixels) hold the 250-pixel chart and a gap under it.
const CHART_ROWS: RowNum = 14;
const CHART_ROW_HEIGHT: f64 = 16.0;
const TITLE_ROW_HEIGHT: f64 = 36.0;
const LINE_ROW_HEIGHT: f64 = 20.0;
const GAP_ROW_HEIGHT: f64 = 12.0;

/// The sheet 均衡图表.
pub(super) struct BalanceCharts<'a> {
    pub fairness: &'a Fairness,
    pub info: &'a RunInfo,
    /// The name of the summary sheet, whose cells the charts plot.
    pub summary_sheet: &'a str,
    pub data: &'a ChartData,
}

impl BalanceCharts<'_> {
    pub fn sheet(&self, used: &mut Vec<String>) -> Result<Worksheet, XlsxError> {
        let mut sheet = Worksheet::new();
        sheet.set_name(book::sheet_name(wording::CHARTS_SHEET, used))?;
        let scale = pages::fit_scale(&SUMMARY_WIDTHS, Orientation::Portrait);
        let mut pages = Paginator::new(Orientation::Portrait, scale);
        let header = book::run_page_header(wording::CHARTS_TITLE, self.info);
        book::set_up_page(&mut sheet, Orientation::Portrait, &header, "", false);
        sheet.set_print_scale(scale);
        for (col, width) in SUMMARY_WIDTHS.iter().enumerate() {
            sheet.set_column_width(col as ColNum, *width)?;
        }

        let row = self.write_title(&mut sheet, &mut pages)?;
        self.write_charts(&mut sheet, row, &mut pages)?;

        pages.apply_with_print_area(&mut sheet, LAST)?;
        // Like the summary, the sheet is printed on its own, so its pages are counted from 1.
        let facts = book::run_facts(self.info);
        let footer = book::page_footer_with(&facts, &labels::page_of_total_code(pages.pages()));
        sheet.set_footer(&footer);
        sheet.set_print_first_page_number(1);
        Ok(sheet)
    }

    /// Writes the title and the line that explains the bars; returns the next row.
    fn write_title(
        &self,
        sheet: &mut Worksheet,
        pages: &mut Paginator,
    ) -> Result<RowNum, XlsxError> {
        let title = book::title(book::SIZE_TITLE);
        pages::place_row(sheet, pages, 0, TITLE_ROW_HEIGHT)?;
        book::write_span(sheet, 0, (0, LAST), wording::CHARTS_TITLE, &title)?;

        let intro = wording::charts_intro(self.fairness.splits);
        let cell = [(intro.as_str(), wrap::span_width(&SUMMARY_WIDTHS))];
        let height = wrap::row_height(cell, book::SIZE_BODY, LINE_ROW_HEIGHT);
        let text = book::body(book::SIZE_BODY).set_text_wrap();
        write_line(sheet, 1, height, &intro, &text, LAST)?;
        pages.row(1, height);
        pages::place_row(sheet, pages, 2, GAP_ROW_HEIGHT)?;
        Ok(3)
    }

    /// Inserts one chart per spread from `row` down, each on rows of a fixed height placed
    /// as one block, so a page break never cuts through a chart.
    fn write_charts(
        &self,
        sheet: &mut Worksheet,
        mut row: RowNum,
        pages: &mut Paginator,
    ) -> Result<(), XlsxError> {
        let spreads = self.fairness.spreads.iter();
        for (spread, &data_row) in spreads.zip(&self.data.spread_rows) {
            for offset in 0..CHART_ROWS {
                sheet.set_row_height(row + offset, CHART_ROW_HEIGHT)?;
            }
            pages.block(row, &[CHART_ROW_HEIGHT; CHART_ROWS as usize]);
            let chart = chart(self.summary_sheet, self.data.header_row, data_row, spread)?;
            sheet.insert_chart(row, 0, &chart)?;
            row += CHART_ROWS;
        }
        Ok(())
    }
}

/// Builds a column chart of one spread: this grouping and the best 1%, median and worst 1%
/// of the random splits, the first bar in red. The values are on `sheet`, row `row`, with
/// their series names in `header_row`.
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
