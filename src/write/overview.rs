//! 各校汇总.xlsx: one row per school of a run over many schools, with its counts,
//! fingerprints and status, for the bureau's records and for following up the schools that
//! did not finish.

use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::book::{self, Orientation, SIZE_TABLE};
use super::{TOOL_VERSION, output, wrap};
use crate::batch::{Outcome, Work};
use crate::error::Result;
use crate::messages::{batch as text, labels};
use crate::plan::BatchPlan;

/// Column widths in character units, in the order of [`labels::OVERVIEW_HEADERS`].
const WIDTHS: [f64; 14] = [
    5.0, 20.0, 8.0, 7.0, 6.0, 6.0, 7.0, 22.0, 22.0, 30.0, 22.0, 10.0, 10.0, 24.0,
];
/// The row of the table header; the rows above hold the run's facts.
const HEADER_ROW: u32 = 3;
/// The height of a row with one line of text, in points.
const ROW_HEIGHT: f64 = 18.0;
/// The font size of the fingerprints.
const MONO_SIZE: f64 = 9.0;

/// Writes the overview of a run over many schools.
///
/// # Errors
///
/// Fails when the file cannot be written; an existing file is never replaced.
pub fn write(path: &Path, outcomes: &[Outcome], plan: &BatchPlan) -> Result<()> {
    let mut workbook = build(outcomes, plan).map_err(|e| output::xlsx_error(path, e))?;
    output::save(&mut workbook, path)
}

fn build(outcomes: &[Outcome], plan: &BatchPlan) -> std::result::Result<Workbook, XlsxError> {
    let work = match &plan.seed {
        Some(seed) => Work::Group(seed),
        None => Work::Check,
    };
    let title = match work {
        Work::Group(_) => labels::OVERVIEW_TITLE_GROUP,
        Work::Check => labels::OVERVIEW_TITLE_CHECK,
    };
    let mut workbook = Workbook::new();
    workbook.set_zip_compression_level(book::ZIP_COMPRESSION_LEVEL);
    let properties = rust_xlsxwriter::DocProperties::new()
        .set_title(title)
        .set_subject(labels::SUBJECT)
        .set_author("bianban");
    workbook.set_properties(&properties);
    let sheet = workbook.add_worksheet();
    sheet.set_name(labels::OVERVIEW_SHEET)?;
    set_up(sheet, title, plan, &work)?;
    write_facts(sheet, title, plan, &work)?;
    write_table(sheet, outcomes, &work)?;
    Ok(workbook)
}

fn set_up(
    sheet: &mut Worksheet,
    title: &str,
    plan: &BatchPlan,
    work: &Work,
) -> std::result::Result<(), XlsxError> {
    // A run over many schools has no single school, so the right of the header names the
    // bureau, or nothing when the settings name none.
    let header = book::page_header_sections(title, "", bureau(plan).unwrap_or(""));
    let footer = book::page_footer(&book::join_facts(&run_facts(plan, work)));
    book::set_up_page(sheet, Orientation::Landscape, &header, &footer, true);
    for (col, width) in WIDTHS.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    book::repeat_header_row(sheet, HEADER_ROW)?;
    sheet.set_freeze_panes(HEADER_ROW + 1, 2)?;
    Ok(())
}

/// Returns the education bureau from `[学校]` 教育局 in the settings, when it is not blank.
fn bureau(plan: &BatchPlan) -> Option<&str> {
    let bureau = plan.roster.settings.school.bureau.as_deref()?.trim();
    (!bureau.is_empty()).then_some(bureau)
}

/// The seed, algorithm, tool version and time of the run.
fn run_facts(plan: &BatchPlan, work: &Work) -> Vec<(&'static str, String)> {
    let mut facts = Vec::new();
    if let Work::Group(seed) = work {
        facts.push((labels::SEED, labels::seed_text(seed)));
        facts.push((labels::ALGORITHM, crate::rng::ALGORITHM_VERSION.to_string()));
    }
    facts.push((labels::TOOL, labels::tool_version(TOOL_VERSION)));
    facts.push((labels::RUN_TIME, labels::date_time(plan.roster.started)));
    facts
}

fn write_facts(
    sheet: &mut Worksheet,
    title: &str,
    plan: &BatchPlan,
    work: &Work,
) -> std::result::Result<(), XlsxError> {
    let last = WIDTHS.len() as u16 - 1;
    sheet.set_row_height(0, 30.0)?;
    let heading = match bureau(plan) {
        Some(bureau) => format!("{bureau} {title}"),
        None => title.to_string(),
    };
    book::write_span(sheet, 0, (0, last), &heading, &book::title(16.0))?;
    let facts = book::join_facts(&run_facts(plan, work));
    book::write_span(sheet, 1, (0, last), &facts, &book::body(SIZE_TABLE))?;
    Ok(())
}

struct Formats {
    header: Format,
    text: Format,
    wrapped: Format,
    number: Format,
    mono: Format,
    total: Format,
}

impl Formats {
    fn new() -> Formats {
        let text = book::bordered(book::body(SIZE_TABLE));
        Formats {
            header: book::table_header(),
            wrapped: text.clone().set_text_wrap(),
            number: text.clone().set_align(FormatAlign::Right),
            mono: book::bordered(book::mono(MONO_SIZE)).set_text_wrap(),
            total: text.clone().set_bold(),
            text,
        }
    }
}

fn write_table(
    sheet: &mut Worksheet,
    outcomes: &[Outcome],
    work: &Work,
) -> std::result::Result<(), XlsxError> {
    let formats = Formats::new();
    for (col, header) in labels::OVERVIEW_HEADERS.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, col as u16, *header, &formats.header)?;
    }
    let titles = labels::OVERVIEW_HEADERS.iter().copied().zip(WIDTHS);
    sheet.set_row_height(HEADER_ROW, wrap::row_height(titles, SIZE_TABLE, ROW_HEIGHT))?;
    let mut row = HEADER_ROW;
    for (index, outcome) in outcomes.iter().enumerate() {
        row += 1;
        write_row(sheet, row, index + 1, outcome, work, &formats)?;
    }
    write_totals(sheet, row + 1, outcomes, &formats)?;
    sheet.autofilter(HEADER_ROW, 0, row, WIDTHS.len() as u16 - 1)?;
    Ok(())
}

fn write_row(
    sheet: &mut Worksheet,
    row: u32,
    number: usize,
    outcome: &Outcome,
    work: &Work,
    formats: &Formats,
) -> std::result::Result<(), XlsxError> {
    let grade = outcome.grade.map(|g| g.label()).unwrap_or_default();
    let (students, boys, girls) = outcome.counts.unwrap_or_default();
    let fingerprint = |f: Option<crate::fingerprint::Fingerprint>| {
        f.map(|f| book::fingerprint_lines(&f)).unwrap_or_default()
    };
    let from_school = outcome.school_from.map(text::name_from).unwrap_or("");
    let from_grade = outcome.grade_from.map(text::grade_from).unwrap_or("");
    let school = book::cell_text(&outcome.school);
    sheet.write_number_with_format(row, 0, number as f64, &formats.number)?;
    sheet.write_string_with_format(row, 1, school.as_ref(), &formats.wrapped)?;
    sheet.write_string_with_format(row, 2, grade, &formats.text)?;
    if outcome.counts.is_some() {
        sheet.write_number_with_format(row, 3, students as f64, &formats.number)?;
        sheet.write_number_with_format(row, 4, boys as f64, &formats.number)?;
        sheet.write_number_with_format(row, 5, girls as f64, &formats.number)?;
    } else {
        for col in 3..=5 {
            sheet.write_blank(row, col, &formats.text)?;
        }
    }
    match outcome.classes {
        Some(classes) => {
            sheet.write_number_with_format(row, 6, f64::from(classes), &formats.number)?
        }
        None => sheet.write_blank(row, 6, &formats.text)?,
    };
    let roster = fingerprint(outcome.roster);
    let grouping = fingerprint(outcome.grouping);
    sheet.write_string_with_format(row, 7, &roster, &formats.mono)?;
    sheet.write_string_with_format(row, 8, &grouping, &formats.mono)?;
    let status = text::status(outcome, work);
    let status = book::cell_text(&status);
    sheet.write_string_with_format(row, 9, status.as_ref(), &formats.wrapped)?;
    let file = book::cell_text(outcome.file.as_deref().unwrap_or(""));
    sheet.write_string_with_format(row, 10, file.as_ref(), &formats.wrapped)?;
    sheet.write_string_with_format(row, 11, from_school, &formats.text)?;
    sheet.write_string_with_format(row, 12, from_grade, &formats.text)?;
    let folder = book::cell_text(text::output_folder(outcome));
    sheet.write_string_with_format(row, 13, folder.as_ref(), &formats.wrapped)?;

    let texts = [(1, &school), (9, &status), (10, &file), (13, &folder)];
    let text_cells = texts.map(|(col, text)| (text.as_ref(), WIDTHS[col]));
    let mono_cells = [(roster.as_str(), WIDTHS[7]), (grouping.as_str(), WIDTHS[8])];
    let height = wrap::row_height(text_cells, SIZE_TABLE, ROW_HEIGHT)
        .max(wrap::row_height(mono_cells, MONO_SIZE, ROW_HEIGHT));
    sheet.set_row_height(row, height)?;
    Ok(())
}

/// Writes the totals of the schools that finished, so they can be checked against the
/// bureau's own counts.
fn write_totals(
    sheet: &mut Worksheet,
    row: u32,
    outcomes: &[Outcome],
    formats: &Formats,
) -> std::result::Result<(), XlsxError> {
    let done = || outcomes.iter().filter(|o| o.result.is_ok());
    let sum = |pick: fn(&(usize, usize, usize)) -> usize| -> f64 {
        done()
            .filter_map(|o| o.counts.as_ref())
            .map(pick)
            .sum::<usize>() as f64
    };
    let classes: u32 = done().filter_map(|o| o.classes).sum();
    sheet.write_string_with_format(row, 1, labels::OVERVIEW_TOTAL, &formats.total)?;
    sheet.write_number_with_format(row, 3, sum(|c| c.0), &formats.total)?;
    sheet.write_number_with_format(row, 4, sum(|c| c.1), &formats.total)?;
    sheet.write_number_with_format(row, 5, sum(|c| c.2), &formats.total)?;
    sheet.write_number_with_format(row, 6, f64::from(classes), &formats.total)?;
    Ok(())
}
