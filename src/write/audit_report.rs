//! 核查报告.xlsx: the audit of a current class list against the archive and the late
//! records, for an inspector to sign. A summary sheet with the files compared, the counts,
//! the conclusion and the signatures, then one sheet each for the students who changed
//! class, those without any record and those missing.

use std::path::Path;

use chrono::NaiveDateTime;
use rust_xlsxwriter::{
    ColNum, DocProperties, Format, FormatAlign, RowNum, Workbook, Worksheet, XlsxError,
};

use super::book::{self, Orientation, SignatureColumns};
use super::output::{self, xlsx_error};
use super::pages::{self, Paginator};
use super::wrap;
use crate::audit::{Audit, Basis, CurrentRow, Placed};
use crate::classname::Grade;
use crate::error::Error;
use crate::fingerprint::Fingerprint;
use crate::messages::{audit as words, labels};

/// Everything the report prints.
pub struct AuditReport<'a> {
    pub school: String,
    pub grade: Option<Grade>,
    pub time: NaiveDateTime,
    pub archive_file: String,
    pub archive_fingerprint: Option<Fingerprint>,
    /// The late records compared, with their fingerprints.
    pub late_records: Vec<(String, Option<Fingerprint>)>,
    pub current_file: String,
    /// The SHA-256 of the current list's file, so the signed report names the exact file.
    pub current_sha256: Fingerprint,
    pub placed: &'a [Placed<'a>],
    pub rows: &'a [CurrentRow],
    pub audit: &'a Audit,
    /// Problems found in the archive or the late records, as printed sentences.
    pub notes: Vec<String>,
}

/// Writes the report to `path`.
///
/// # Errors
///
/// [`Error::Write`] when the file exists or cannot be written.
pub fn write(path: &Path, report: &AuditReport) -> Result<(), Error> {
    let mut workbook = build(report).map_err(|e| xlsx_error(path, e))?;
    output::save(&mut workbook, path)
}

fn build(report: &AuditReport) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(words::TITLE)
            .set_subject(labels::SUBJECT)
            .set_author("bianban"),
    );
    workbook.push_worksheet(summary(report)?);
    workbook.push_worksheet(moved(report)?);
    workbook.push_worksheet(slipped(report)?);
    workbook.push_worksheet(missing(report)?);
    Ok(workbook)
}

const SUMMARY_WIDTHS: [f64; 6] = [26.0, 13.0, 13.0, 13.0, 13.0, 13.0];

fn summary(report: &AuditReport) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(words::SUMMARY_SHEET)?;
    let scale = pages::fit_scale(&SUMMARY_WIDTHS, Orientation::Portrait);
    let mut pages = Paginator::new(Orientation::Portrait, scale);
    book::set_up_page(
        &mut sheet,
        Orientation::Portrait,
        &header(report),
        "",
        false,
    );
    sheet.set_print_scale(scale);
    for (col, width) in SUMMARY_WIDTHS.iter().enumerate() {
        sheet.set_column_width(col as ColNum, *width)?;
    }
    let last = SUMMARY_WIDTHS.len() as ColNum - 1;
    let mut row: RowNum = 0;
    let mut line = |sheet: &mut Worksheet,
                    pages: &mut Paginator,
                    height: f64,
                    text: &str,
                    format: &Format|
     -> Result<RowNum, XlsxError> {
        pages::place_row(sheet, pages, row, height)?;
        book::write_span(sheet, row, (0, last), text, format)?;
        row += 1;
        Ok(row)
    };
    line(
        &mut sheet,
        &mut pages,
        36.0,
        words::TITLE,
        &book::title(book::SIZE_TITLE),
    )?;
    line(&mut sheet, &mut pages, 8.0, "", &book::body(8.0))?;
    let label = book::bordered(book::body(book::SIZE_BODY))
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_text_wrap();
    let text = book::bordered(book::body(book::SIZE_BODY)).set_text_wrap();
    let value_width = wrap::span_width(&SUMMARY_WIDTHS[1..]);
    for (name, value) in facts(report) {
        let cells = [(name, SUMMARY_WIDTHS[0]), (value.as_str(), value_width)];
        let height = wrap::row_height(cells, book::SIZE_BODY, 20.0);
        pages::place_row(&mut sheet, &mut pages, row, height)?;
        book::write_span(&mut sheet, row, (0, 0), name, &label)?;
        book::write_span(&mut sheet, row, (1, last), &value, &text)?;
        row += 1;
    }
    pages::place_row(&mut sheet, &mut pages, row, 15.0)?;
    row += 1;
    let roles: Vec<&str> = words::SIGNERS.to_vec();
    pages.block(row, &book::signature_heights(roles.len()));
    let cols = SignatureColumns {
        role: (0, 1),
        signature: (2, 3),
        date: (4, last),
    };
    book::write_signature_table(&mut sheet, row, &roles, cols)?;
    pages.apply(&mut sheet)?;
    sheet.set_footer(footer(report, pages.pages()));
    sheet.set_print_first_page_number(1);
    Ok(sheet)
}

/// Builds the page footer of every sheet: the fingerprint of the archive the report checks
/// and the current list's file on the left, 第 x 页 共 y 页 of the sheet on the right.
fn footer(report: &AuditReport, pages: u32) -> String {
    let mut facts = Vec::new();
    if let Some(fingerprint) = report.archive_fingerprint {
        facts.push((words::ARCHIVE_FINGERPRINT, fingerprint.short()));
    }
    facts.push((words::CURRENT_LIST, report.current_file.clone()));
    book::page_footer_with(
        &book::join_facts(&facts),
        &labels::page_of_total_code(pages),
    )
}

fn facts(report: &AuditReport) -> Vec<(&'static str, String)> {
    let audit = report.audit;
    let counts: Vec<(Basis, usize)> = [
        Basis::Id,
        Basis::StudentNo,
        Basis::NameAndBirth,
        Basis::NameOnly,
        Basis::NameAndClass,
    ]
    .iter()
    .map(|&b| (b, audit.count(b)))
    .collect();
    let late = if report.late_records.is_empty() {
        words::NONE_FOUND.to_string()
    } else {
        let lines: Vec<String> = report
            .late_records
            .iter()
            .map(|(file, fp)| {
                words::late_record_line(file, &fp.map(|f| f.short()).unwrap_or_default())
            })
            .collect();
        lines.join("\n")
    };
    let mut facts = vec![
        (
            labels::SCHOOL,
            labels::school_or_blank(&report.school).to_string(),
        ),
        (
            labels::GRADE,
            report
                .grade
                .map(|g| g.label())
                .unwrap_or_else(|| labels::BLANK.to_string()),
        ),
        (words::ARCHIVE, report.archive_file.clone()),
        (
            words::ARCHIVE_FINGERPRINT,
            report
                .archive_fingerprint
                .map(|f| book::fingerprint_lines(&f))
                .unwrap_or_default(),
        ),
        (words::LATE_RECORDS, late),
        (words::CURRENT_LIST, report.current_file.clone()),
        (
            words::CURRENT_HASH,
            book::fingerprint_lines(&report.current_sha256),
        ),
        (words::AUDIT_TIME, labels::date_time(report.time)),
        (words::PLACED, words::people(report.placed.len())),
        (words::LISTED, words::rows(report.rows.len())),
        (words::MATCHED, words::matched(&counts)),
        (words::MOVED, words::people(audit.moved.len())),
        (words::SLIPPED, words::people(audit.slipped_in.len())),
        (words::MISSING, words::people(audit.missing.len())),
        (words::TWICE, words::rows(audit.twice.len())),
        (words::CONCLUSION, words::conclusion(audit.findings())),
    ];
    if !report.notes.is_empty() {
        facts.push((words::NOTES, report.notes.join("\n")));
    }
    facts
}

fn header(report: &AuditReport) -> String {
    book::page_header(words::TITLE, &report.school)
}

/// Builds a list sheet: a title, a header row repeated on every page, and one row per
/// student.
fn list_sheet(
    report: &AuditReport,
    name: &str,
    titles: &[&str],
    widths: &[f64],
    rows: Vec<Vec<String>>,
) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(name)?;
    let scale = pages::fit_scale(widths, Orientation::Landscape);
    let mut pages = Paginator::new(Orientation::Landscape, scale);
    book::set_up_page(
        &mut sheet,
        Orientation::Landscape,
        &header(report),
        "",
        false,
    );
    sheet.set_print_scale(scale);
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as ColNum, *width)?;
    }
    let last = widths.len() as ColNum - 1;
    pages::place_row(&mut sheet, &mut pages, 0, 30.0)?;
    let title = format!("{} {name}", words::TITLE);
    book::write_span(&mut sheet, 0, (0, last), &title, &book::title(16.0))?;
    let header_cells = titles.iter().copied().zip(widths.iter().copied());
    let header_height = wrap::row_height(header_cells, book::SIZE_TABLE, 22.0);
    pages::place_row(&mut sheet, &mut pages, 1, header_height)?;
    pages.repeat_height(header_height);
    let header = book::table_header();
    for (col, title) in titles.iter().enumerate() {
        sheet.write_string_with_format(1, col as ColNum, *title, &header)?;
    }
    book::repeat_header_row(&mut sheet, 1)?;
    let cell = book::text_cell(book::SIZE_TABLE)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    if rows.is_empty() {
        pages::place_row(&mut sheet, &mut pages, 2, 20.0)?;
        book::write_span(&mut sheet, 2, (0, last), words::NONE_FOUND, &cell)?;
    }
    for (row, values) in (2..).zip(rows) {
        let cells = values
            .iter()
            .map(String::as_str)
            .zip(widths.iter().copied());
        let height = wrap::row_height(cells, book::SIZE_TABLE, 20.0);
        pages::place_row(&mut sheet, &mut pages, row, height)?;
        for (col, value) in values.iter().enumerate() {
            sheet.write_string_with_format(row, col as ColNum, book::cell_text(value), &cell)?;
        }
    }
    pages.apply(&mut sheet)?;
    sheet.set_footer(footer(report, pages.pages()));
    sheet.set_print_first_page_number(1);
    Ok(sheet)
}

fn moved(report: &AuditReport) -> Result<Worksheet, XlsxError> {
    let titles = [
        words::SEQ,
        words::NAME,
        words::ID,
        words::STUDENT_NO,
        words::PLACED_CLASS,
        words::CURRENT_CLASS,
        words::SOURCE,
        words::BASIS,
        words::WHERE,
    ];
    let widths = [5.0, 10.0, 24.0, 25.0, 10.0, 12.0, 22.0, 12.0, 20.0];
    let rows = report
        .audit
        .moved
        .iter()
        .enumerate()
        .map(|(n, &(row, index, basis))| {
            let current = &report.rows[row];
            let placed = &report.placed[index];
            vec![
                (n + 1).to_string(),
                current.name.clone(),
                placed.student.id.display(),
                placed.student.student_no.clone().unwrap_or_default(),
                placed.class_name.clone(),
                current.class_text.clone(),
                placed.source.clone(),
                words::basis_text(basis).to_string(),
                crate::messages::location_text(&current.at),
            ]
        })
        .collect();
    list_sheet(report, words::MOVED_SHEET, &titles, &widths, rows)
}

fn slipped(report: &AuditReport) -> Result<Worksheet, XlsxError> {
    let titles = [
        words::SEQ,
        words::NAME,
        words::GENDER,
        words::ID,
        words::STUDENT_NO,
        words::CURRENT_CLASS,
        words::WHERE,
        words::REMARK,
    ];
    let widths = [5.0, 10.0, 6.0, 24.0, 25.0, 12.0, 20.0, 32.0];
    let rows = report
        .audit
        .slipped_in
        .iter()
        .enumerate()
        .map(|(n, &(row, namesake))| {
            let current = &report.rows[row];
            vec![
                (n + 1).to_string(),
                current.name.clone(),
                current
                    .gender
                    .map(labels::gender)
                    .unwrap_or_default()
                    .to_string(),
                current.id_text().to_string(),
                current.student_no.clone().unwrap_or_default(),
                current.class_text.clone(),
                crate::messages::location_text(&current.at),
                namesake
                    .map(|i| words::namesake(&report.placed[i].class_name))
                    .unwrap_or_default(),
            ]
        })
        .collect();
    list_sheet(report, words::SLIPPED_SHEET, &titles, &widths, rows)
}

fn missing(report: &AuditReport) -> Result<Worksheet, XlsxError> {
    let titles = [
        words::SEQ,
        words::NAME,
        words::GENDER,
        words::ID,
        words::STUDENT_NO,
        words::PLACED_CLASS,
        words::SOURCE,
    ];
    let widths = [5.0, 10.0, 6.0, 24.0, 25.0, 10.0, 34.0];
    let rows = report
        .audit
        .missing
        .iter()
        .enumerate()
        .map(|(n, &index)| {
            let placed = &report.placed[index];
            vec![
                (n + 1).to_string(),
                placed.student.name.clone(),
                labels::gender(placed.student.gender).to_string(),
                placed.student.id.display(),
                placed.student.student_no.clone().unwrap_or_default(),
                placed.class_name.clone(),
                placed.source.clone(),
            ]
        })
        .collect();
    list_sheet(report, words::MISSING_SHEET, &titles, &widths, rows)
}
