//! 教师均衡检查.xlsx: the figures and verdict of every class team with out-of-line cells
//! coloured, a chart of the classes, the suggested swaps with their before and after
//! figures, each teacher's load, and every problem found in the sheets.

use std::path::Path;

use chrono::NaiveDateTime;
use rust_xlsxwriter::{
    Chart, ChartType, ColNum, Color, DocProperties, Format, FormatAlign, RowNum, Workbook,
    Worksheet, XlsxError,
};

use super::book::{self, Orientation, SIZE_TABLE};
use super::{output, wrap};
use crate::diag::Report;
use crate::error::Result;
use crate::messages::teachers::{self as wording, class_name};
use crate::messages::{self, labels};
use crate::teachers::TeacherSheets;
use crate::teachers::check::{Balance, BalanceRules, ClassBalance, FIGURES, Figure, Load, Verdict};
use crate::teachers::suggest::{Snapshot, Swap};

/// Everything the workbook shows.
pub struct TeacherCheck<'a> {
    pub sheets: &'a TeacherSheets,
    pub balance: &'a Balance,
    pub swaps: &'a [Swap],
    pub loads: &'a [Load],
    pub report: &'a Report,
    pub rules: &'a BalanceRules,
    /// The school's name; empty when not given.
    pub school: &'a str,
    pub time: NaiveDateTime,
}

/// The row of the class table's header on 各班均衡 (0-based); the title and notes are above.
pub const CLASS_HEADER_ROW: RowNum = 2;
/// The row of the swap table's header on 调整建议.
pub const SWAP_HEADER_ROW: RowNum = 1;

const CLASS_WIDTHS: [f64; 16] = [
    10.0, 10.0, 8.0, 8.0, 12.0, 6.0, 8.0, 8.0, 8.0, 7.0, 7.0, 16.0, 7.0, 8.0, 6.0, 48.0,
];
const SWAP_WIDTHS: [f64; 13] = [
    5.0, 36.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0, 13.0, 13.0,
];
/// The height of a table row with one line of text, in points.
const ROW_HEIGHT: f64 = 18.0;
/// The size of the notes above the tables.
const NOTE_SIZE: f64 = 9.0;
/// The number format of computed figures (means, spreads, deviations): two decimals, so a
/// mean such as 2.909090… prints as 2.91 and stays a number.
const DECIMALS: &str = "0.00";
const LOAD_WIDTHS: [f64; 8] = [12.0, 5.0, 7.0, 6.0, 14.0, 10.0, 60.0, 6.0];
const PROBLEM_WIDTHS: [f64; 6] = [6.0, 6.0, 22.0, 12.0, 10.0, 90.0];

/// Returns the column of a figure on 各班均衡.
fn figure_col(figure: Figure) -> ColNum {
    match figure {
        Figure::Title => 6,
        Figure::Years => 7,
        Figure::Honours => 9,
    }
}
const VERDICT_COL: ColNum = 14;
const SCORE_COL: ColNum = 13;
const STACKED_COL: ColNum = 12;

/// Writes the workbook to `path`.
///
/// # Errors
///
/// Fails when the file exists or cannot be written.
pub fn write(path: &Path, check: &TeacherCheck<'_>) -> Result<()> {
    let mut workbook = build(check).map_err(|e| output::xlsx_error(path, e))?;
    output::save(&mut workbook, path)
}

fn build(check: &TeacherCheck<'_>) -> std::result::Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(wording::CHECK_TITLE)
            .set_subject(labels::SUBJECT)
            .set_author("bianban"),
    );
    let mut used = Vec::new();
    let formats = Formats::new();
    let classes_sheet = book::sheet_name(wording::SHEET_CLASSES, &mut used);

    let sheet = workbook.add_worksheet();
    sheet.set_name(&classes_sheet)?;
    write_classes(sheet, check, &formats)?;
    let sheet = workbook.add_worksheet();
    sheet.set_name(book::sheet_name(wording::SHEET_CHART, &mut used))?;
    write_chart(sheet, check, &classes_sheet)?;
    let sheet = workbook.add_worksheet();
    sheet.set_name(book::sheet_name(wording::SHEET_SWAPS, &mut used))?;
    write_swaps(sheet, check, &formats)?;
    let sheet = workbook.add_worksheet();
    sheet.set_name(book::sheet_name(wording::SHEET_LOADS, &mut used))?;
    write_loads(sheet, check, &formats)?;
    let sheet = workbook.add_worksheet();
    sheet.set_name(book::sheet_name(wording::SHEET_PROBLEMS, &mut used))?;
    write_problems(sheet, check, &formats)?;
    Ok(workbook)
}

struct Formats {
    header: Format,
    text: Format,
    wrapped: Format,
    /// Numbers as they are: counts and the 教龄 from the sheets.
    number: Format,
    /// Computed figures, with two decimals.
    decimal: Format,
    high: Format,
    /// A stacked class's verdict, red and wrapped in its narrow column.
    stacked_verdict: Format,
    low: Format,
    high_decimal: Format,
    low_decimal: Format,
    balanced: Format,
    summary: Format,
    summary_decimal: Format,
    note: Format,
}

impl Formats {
    fn new() -> Formats {
        let text = book::bordered(book::body(SIZE_TABLE)).set_align(FormatAlign::Center);
        let number = text.clone();
        let high = |format: &Format| {
            format
                .clone()
                .set_background_color(Color::RGB(0xFFC7CE))
                .set_font_color(Color::RGB(0x9C0006))
        };
        let low = |format: &Format| {
            format
                .clone()
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_font_color(Color::RGB(0x1F4E78))
        };
        let decimal = number.clone().set_num_format(DECIMALS);
        Formats {
            header: book::table_header(),
            wrapped: book::bordered(book::body(SIZE_TABLE)).set_text_wrap(),
            high: high(&number),
            stacked_verdict: high(&number).set_text_wrap(),
            low: low(&number),
            high_decimal: high(&decimal),
            low_decimal: low(&decimal),
            balanced: text
                .clone()
                .set_background_color(Color::RGB(0xC6EFCE))
                .set_font_color(Color::RGB(0x006100)),
            summary: text.clone().set_bold(),
            summary_decimal: decimal.clone().set_bold(),
            note: book::body(NOTE_SIZE).set_text_wrap(),
            text,
            number,
            decimal,
        }
    }

    /// Returns the format of a figure, coloured when it is out of line. Means get two
    /// decimals, and the count of honoured teachers none.
    fn figure(&self, figure: Figure, deviation: Option<f64>, limit: f64) -> &Format {
        let mean = figure != Figure::Honours;
        match (deviation, mean) {
            (Some(d), true) if d >= limit => &self.high_decimal,
            (Some(d), false) if d >= limit => &self.high,
            (Some(d), true) if d <= -limit => &self.low_decimal,
            (Some(d), false) if d <= -limit => &self.low,
            (_, true) => &self.decimal,
            (_, false) => &self.number,
        }
    }

    fn verdict(&self, verdict: Verdict) -> &Format {
        match verdict {
            Verdict::Balanced => &self.balanced,
            Verdict::Strong => &self.high,
            Verdict::Weak => &self.low,
            Verdict::Unknown => &self.text,
        }
    }
}

fn set_up(
    sheet: &mut Worksheet,
    check: &TeacherCheck<'_>,
    widths: &[f64],
) -> std::result::Result<(), XlsxError> {
    let header = book::page_header(wording::CHECK_TITLE, check.school);
    let facts = book::join_facts(&[
        (wording::GENERATED, labels::date_time(check.time)),
        (labels::TOOL, labels::tool_version(super::TOOL_VERSION)),
    ]);
    let footer = book::page_footer(&facts);
    book::set_up_page(sheet, Orientation::Landscape, &header, &footer, true);
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as ColNum, *width)?;
    }
    Ok(())
}

fn write_header(
    sheet: &mut Worksheet,
    row: RowNum,
    titles: &[&str],
    widths: &[f64],
    format: &Format,
) -> std::result::Result<(), XlsxError> {
    for (col, title) in titles.iter().enumerate() {
        sheet.write_string_with_format(row, col as ColNum, *title, format)?;
    }
    let cells = titles.iter().copied().zip(widths.iter().copied());
    let two_lines = wrap::lines_height(2, SIZE_TABLE);
    sheet.set_row_height(row, wrap::row_height(cells, SIZE_TABLE, two_lines))?;
    book::repeat_header_row(sheet, row)?;
    sheet.set_freeze_panes(row + 1, 1)?;
    Ok(())
}

fn write_classes(
    sheet: &mut Worksheet,
    check: &TeacherCheck<'_>,
    formats: &Formats,
) -> std::result::Result<(), XlsxError> {
    set_up(sheet, check, &CLASS_WIDTHS)?;
    let last = CLASS_WIDTHS.len() as ColNum - 1;
    let title = wording::check_heading(check.school, check.sheets.grade);
    book::write_span(sheet, 0, (0, last), &title, &book::title(16.0))?;
    sheet.set_row_height(0, 28.0)?;
    let rules_line = wording::rules_line(check.rules);
    book::write_span(sheet, 1, (0, last), &rules_line, &formats.note)?;
    let note = [(rules_line.as_str(), wrap::span_width(&CLASS_WIDTHS))];
    sheet.set_row_height(1, wrap::row_height(note, NOTE_SIZE, ROW_HEIGHT))?;
    write_header(
        sheet,
        CLASS_HEADER_ROW,
        &wording::CLASS_HEADERS,
        &CLASS_WIDTHS,
        &formats.header,
    )?;

    let mut row = CLASS_HEADER_ROW + 1;
    for class in &check.balance.classes {
        write_class_row(sheet, row, class, check, formats)?;
        row += 1;
    }
    write_school_rows(sheet, row, check, formats)?;
    Ok(())
}

fn write_class_row(
    sheet: &mut Worksheet,
    row: RowNum,
    class: &ClassBalance,
    check: &TeacherCheck<'_>,
    formats: &Formats,
) -> std::result::Result<(), XlsxError> {
    let sheets = check.sheets;
    let figures = &class.figures;
    let judgement = &class.judgement;
    let head = class.head.map(|id| sheets.teacher(id));

    let text = |sheet: &mut Worksheet, col: ColNum, value: &str| {
        sheet
            .write_string_with_format(row, col, book::cell_text(value), &formats.text)
            .map(|_| ())
    };
    text(sheet, 0, &class_name(class.class))?;
    text(sheet, 1, head.map(|t| t.label.as_str()).unwrap_or(""))?;
    let head_title = head.and_then(|t| t.title).map(wording::title_label);
    text(sheet, 2, head_title.unwrap_or(""))?;
    write_optional(sheet, row, 3, head.and_then(|t| t.years), &formats.number)?;
    text(
        sheet,
        4,
        &head.map(|t| t.honours.join("、")).unwrap_or_default(),
    )?;
    sheet.write_number_with_format(row, 5, figures.members as f64, &formats.text)?;

    for figure in FIGURES {
        let format = formats.figure(
            figure,
            judgement.deviation[figure.index()],
            check.rules.figure_limit,
        );
        write_optional(
            sheet,
            row,
            figure_col(figure),
            figures.value(figure),
            format,
        )?;
    }
    write_optional(sheet, row, 8, figures.years_spread, &formats.decimal)?;
    text(sheet, 10, &format!("{}/{}", figures.men, figures.women))?;
    let traits = wording::traits_text(&figures.traits);
    sheet.write_string_with_format(row, 11, book::cell_text(&traits), &formats.wrapped)?;

    let stacked = if figures.stacked { wording::YES } else { "" };
    let stacked_format = if figures.stacked {
        &formats.high
    } else {
        &formats.text
    };
    sheet.write_string_with_format(row, STACKED_COL, stacked, stacked_format)?;
    let score = (judgement.verdict != Verdict::Unknown).then_some(judgement.score);
    write_optional(sheet, row, SCORE_COL, score, &formats.decimal)?;
    // A stacked class reads as on the console, 均衡、强强搭配, so that 均衡 alone is never
    // printed beside a stacked team.
    let label = wording::verdict_label(judgement.verdict);
    let (verdict, verdict_format) = if figures.stacked {
        (format!("{label}、强强搭配"), &formats.stacked_verdict)
    } else {
        (label.to_string(), formats.verdict(judgement.verdict))
    };
    sheet.write_string_with_format(row, VERDICT_COL, &verdict, verdict_format)?;
    let reasons = wording::reasons_text(class, sheets);
    sheet.write_string_with_format(row, 15, book::cell_text(&reasons), &formats.wrapped)?;
    let cells = [
        (reasons.as_str(), CLASS_WIDTHS[15]),
        (traits.as_str(), CLASS_WIDTHS[11]),
        (verdict.as_str(), CLASS_WIDTHS[VERDICT_COL as usize]),
    ];
    sheet.set_row_height(row, wrap::row_height(cells, SIZE_TABLE, ROW_HEIGHT))?;
    Ok(())
}

fn write_optional(
    sheet: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    value: Option<f64>,
    format: &Format,
) -> std::result::Result<(), XlsxError> {
    match value {
        Some(v) => sheet.write_number_with_format(row, col, v, format)?,
        None => sheet.write_blank(row, col, format)?,
    };
    Ok(())
}

/// Writes the school's means and spreads under the class table.
fn write_school_rows(
    sheet: &mut Worksheet,
    row: RowNum,
    check: &TeacherCheck<'_>,
    formats: &Formats,
) -> std::result::Result<(), XlsxError> {
    let school = &check.balance.school;
    sheet.write_string_with_format(row, 0, wording::SCHOOL_MEAN, &formats.summary)?;
    sheet.write_string_with_format(row + 1, 0, wording::SCHOOL_SPREAD, &formats.summary)?;
    for figure in FIGURES {
        let col = figure_col(figure);
        let i = figure.index();
        let round = |x: f64| (x * 100.0).round() / 100.0;
        write_optional(
            sheet,
            row,
            col,
            school.mean[i].map(round),
            &formats.summary_decimal,
        )?;
        let spread = school.mean[i].map(|_| round(school.spread[i]));
        write_optional(sheet, row + 1, col, spread, &formats.summary_decimal)?;
    }
    Ok(())
}

/// Inserts a clustered column chart of each class's mean title points, with its mean 教龄
/// as a line on the second axis.
fn write_chart(
    sheet: &mut Worksheet,
    check: &TeacherCheck<'_>,
    classes_sheet: &str,
) -> std::result::Result<(), XlsxError> {
    set_up(sheet, check, &[])?;
    let count = check.balance.classes.len() as RowNum;
    if count == 0 {
        return Ok(());
    }
    let (first, last) = (CLASS_HEADER_ROW + 1, CLASS_HEADER_ROW + count);
    let categories = (classes_sheet, first, 0, last, 0);
    let column = |figure| {
        (
            classes_sheet,
            first,
            figure_col(figure),
            last,
            figure_col(figure),
        )
    };

    let mut chart = Chart::new(ChartType::Column);
    chart
        .add_series()
        .set_name(wording::CHART_TITLE_SERIES)
        .set_categories(categories)
        .set_values(column(Figure::Title));
    let mut line = Chart::new(ChartType::Line);
    line.add_series()
        .set_name(wording::CHART_YEARS_SERIES)
        .set_categories(categories)
        .set_values(column(Figure::Years))
        .set_secondary_axis(true);
    chart.combine(&line);
    chart.title().set_name(wording::CHART_TITLE);
    chart.y_axis().set_name(wording::CHART_Y_AXIS);
    chart.y2_axis().set_name(wording::CHART_Y2_AXIS);
    let width = (400 + 28 * count).min(1600);
    chart.set_width(width).set_height(420);
    sheet.insert_chart(1, 0, &chart)?;
    Ok(())
}

fn write_swaps(
    sheet: &mut Worksheet,
    check: &TeacherCheck<'_>,
    formats: &Formats,
) -> std::result::Result<(), XlsxError> {
    set_up(sheet, check, &SWAP_WIDTHS)?;
    let last = SWAP_WIDTHS.len() as ColNum - 1;
    book::write_span(sheet, 0, (0, last), wording::SWAPS_NOTE, &formats.note)?;
    let note = [(wording::SWAPS_NOTE, wrap::span_width(&SWAP_WIDTHS))];
    sheet.set_row_height(0, wrap::row_height(note, NOTE_SIZE, ROW_HEIGHT))?;
    write_header(
        sheet,
        SWAP_HEADER_ROW,
        &wording::SWAP_HEADERS,
        &SWAP_WIDTHS,
        &formats.header,
    )?;
    if check.swaps.is_empty() {
        let row = SWAP_HEADER_ROW + 1;
        book::write_span(sheet, row, (0, last), wording::SWAPS_NONE, &formats.note)?;
        return Ok(());
    }
    for (index, swap) in check.swaps.iter().enumerate() {
        let row = SWAP_HEADER_ROW + 1 + 2 * index as RowNum;
        write_swap(sheet, row, index + 1, swap, check, formats)?;
    }
    Ok(())
}

fn write_swap(
    sheet: &mut Worksheet,
    row: RowNum,
    number_shown: usize,
    swap: &Swap,
    check: &TeacherCheck<'_>,
    formats: &Formats,
) -> std::result::Result<(), XlsxError> {
    let what = wording::swap_cell(swap, check.sheets);
    sheet.merge_range(row, 0, row + 1, 0, &number_shown.to_string(), &formats.text)?;
    sheet.merge_range(
        row,
        1,
        row + 1,
        1,
        &book::cell_text(&what),
        &formats.wrapped,
    )?;
    // The swap text spans both rows of the swap, so each row takes half of its height.
    let what_cell = [(what.as_str(), SWAP_WIDTHS[1])];
    let half = (wrap::row_height(what_cell, SIZE_TABLE, 2.0 * ROW_HEIGHT) / 2.0).ceil();
    let classes = [swap.first, swap.second];
    for (side, class) in classes.into_iter().enumerate() {
        let at = row + side as RowNum;
        let verdicts = [&swap.before[side], &swap.after[side]].map(wording::snapshot_verdict);
        let cells = [
            (verdicts[0].as_str(), SWAP_WIDTHS[11]),
            (verdicts[1].as_str(), SWAP_WIDTHS[12]),
        ];
        sheet.set_row_height(at, wrap::row_height(cells, SIZE_TABLE, half))?;
        sheet.write_string_with_format(at, 2, class_name(class), &formats.text)?;
        write_snapshots(sheet, at, &swap.before[side], &swap.after[side], formats)?;
    }
    Ok(())
}

fn write_snapshots(
    sheet: &mut Worksheet,
    row: RowNum,
    before: &Snapshot,
    after: &Snapshot,
    formats: &Formats,
) -> std::result::Result<(), XlsxError> {
    let pairs = [
        (before.title, after.title, &formats.decimal),
        (before.years, after.years, &formats.decimal),
        (
            Some(before.honoured as f64),
            Some(after.honoured as f64),
            &formats.number,
        ),
        (Some(before.score), Some(after.score), &formats.decimal),
    ];
    for (index, (b, a, format)) in pairs.into_iter().enumerate() {
        let col = 3 + 2 * index as ColNum;
        write_optional(sheet, row, col, b, format)?;
        write_optional(sheet, row, col + 1, a, format)?;
    }
    for (col, snapshot) in [(11, before), (12, after)] {
        let text = wording::snapshot_verdict(snapshot);
        let format = formats.verdict(snapshot.verdict).clone().set_text_wrap();
        sheet.write_string_with_format(row, col, text, &format)?;
    }
    Ok(())
}

fn write_loads(
    sheet: &mut Worksheet,
    check: &TeacherCheck<'_>,
    formats: &Formats,
) -> std::result::Result<(), XlsxError> {
    set_up(sheet, check, &LOAD_WIDTHS)?;
    write_header(
        sheet,
        0,
        &wording::LOAD_HEADERS,
        &LOAD_WIDTHS,
        &formats.header,
    )?;
    for (index, load) in check.loads.iter().enumerate() {
        let row = 1 + index as RowNum;
        let teacher = check.sheets.teacher(load.teacher);
        let cells = wording::load_cells(load, teacher);
        for (col, value) in cells.iter().enumerate() {
            let format = if col == 6 {
                &formats.wrapped
            } else {
                &formats.text
            };
            sheet.write_string_with_format(row, col as ColNum, book::cell_text(value), format)?;
        }
        let wrapped = [(cells[6].as_str(), LOAD_WIDTHS[6])];
        sheet.set_row_height(row, wrap::row_height(wrapped, SIZE_TABLE, ROW_HEIGHT))?;
        sheet.write_number_with_format(row, 7, load.classes() as f64, &formats.text)?;
    }
    Ok(())
}

fn write_problems(
    sheet: &mut Worksheet,
    check: &TeacherCheck<'_>,
    formats: &Formats,
) -> std::result::Result<(), XlsxError> {
    set_up(sheet, check, &PROBLEM_WIDTHS)?;
    write_header(
        sheet,
        0,
        &wording::PROBLEM_HEADERS,
        &PROBLEM_WIDTHS,
        &formats.header,
    )?;
    let problems = check.report.sorted();
    if problems.is_empty() {
        sheet.write_string(1, 0, wording::PROBLEMS_NONE)?;
        return Ok(());
    }
    for (index, problem) in problems.iter().enumerate() {
        let row = 1 + index as RowNum;
        let place = match (problem.at.cell, problem.at.row) {
            (Some(cell), _) => cell.to_string(),
            (None, Some(row)) => format!("第{}行", row + 1),
            (None, None) => String::new(),
        };
        let cells = [
            messages::severity_label(problem.severity).to_string(),
            problem.at.file.clone(),
            problem.at.sheet.clone().unwrap_or_default(),
            place,
        ];
        sheet.write_number_with_format(row, 0, (index + 1) as f64, &formats.text)?;
        for (offset, value) in cells.iter().enumerate() {
            let col = 1 + offset as ColNum;
            sheet.write_string_with_format(row, col, book::cell_text(value), &formats.text)?;
        }
        let text = messages::problem_text(problem);
        sheet.write_string_with_format(row, 5, book::cell_text(&text), &formats.wrapped)?;
        let wrapped = [(text.as_str(), PROBLEM_WIDTHS[5])];
        sheet.set_row_height(row, wrap::row_height(wrapped, SIZE_TABLE, ROW_HEIGHT))?;
    }
    sheet.autofilter(0, 0, problems.len() as RowNum, 5)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figure_columns_match_headers() {
        assert_eq!(
            wording::CLASS_HEADERS[figure_col(Figure::Title) as usize],
            "平均职称分"
        );
        assert_eq!(
            wording::CLASS_HEADERS[figure_col(Figure::Years) as usize],
            "平均教龄"
        );
        assert_eq!(
            wording::CLASS_HEADERS[figure_col(Figure::Honours) as usize],
            "有荣誉人数"
        );
        assert_eq!(wording::CLASS_HEADERS[VERDICT_COL as usize], "结论");
        assert_eq!(wording::CLASS_HEADERS[SCORE_COL as usize], "综合偏离度");
        assert_eq!(wording::CLASS_HEADERS[STACKED_COL as usize], "强强搭配");
    }
}
