//! 分组名单.xlsx: the summary sheet 汇总, the balance charts 均衡图表 when the summary
//! compares any spread with random splits, and one list per group (第1组, 第2组, …).
//!
//! Each group list is printed, sealed in its envelope and opened only after the draw. Every
//! page carries the group's seal and the roster fingerprint, so a list that was edited or
//! swapped between envelopes no longer matches the seal when checked.

mod balance;
mod charts;
mod summary;

use std::path::Path;

use rust_xlsxwriter::{ColNum, Format, FormatAlign, RowNum, Workbook, Worksheet, XlsxError};

use super::RunInfo;
use super::book::{self, Orientation};
use super::first_page;
use super::output::xlsx_error;
use super::pages::{self, Paginator};
use super::wrap;
use crate::error::Error;
use crate::fingerprint::Fingerprint;
use crate::group::{Group, Grouping};
use crate::messages::labels;
use crate::roster::{Gender, Roster, Student, StudentId};
use crate::table::Field;
pub use balance::BalanceSheet;
use charts::BalanceCharts;
use summary::Summary;

/// Fields that have their own column and are not repeated from `Student::fields`.
const OWN_COLUMNS: [Field; 9] = [
    Field::Seq,
    Field::Name,
    Field::Gender,
    Field::IdNumber,
    Field::DocType,
    Field::StudentNo,
    Field::BirthDate,
    Field::FromSchool,
    Field::Score,
];

/// The row of the table header on a group sheet; the rows above hold the group's facts.
const TABLE_ROW: RowNum = 5;
/// The height of a student's row with one line of text, in points.
const STUDENT_ROW_HEIGHT: f64 = 20.0;
/// The minimum heights of the table's header row and of the blank row above it.
const HEADER_ROW_HEIGHT: f64 = 22.0;
const GAP_ROW_HEIGHT: f64 = 8.0;

/// Writes the group lists to `path` and returns the seal printed on each group, in group
/// order.
///
/// # Errors
///
/// [`Error::Write`] when the file exists or cannot be written.
pub fn write(
    path: &Path,
    roster: &Roster,
    grouping: &Grouping,
    info: &RunInfo,
) -> Result<Vec<Fingerprint>, Error> {
    write_lists(path, roster, grouping, info, None)
}

/// Writes the group lists as [`write`] does, with the balance section on the summary sheet.
///
/// # Errors
///
/// [`Error::Write`] when the file exists or cannot be written.
pub fn write_with_balance(
    path: &Path,
    roster: &Roster,
    grouping: &Grouping,
    info: &RunInfo,
    balance: &BalanceSheet,
) -> Result<Vec<Fingerprint>, Error> {
    write_lists(path, roster, grouping, info, Some(balance))
}

fn write_lists(
    path: &Path,
    roster: &Roster,
    grouping: &Grouping,
    info: &RunInfo,
    balance: Option<&BalanceSheet>,
) -> Result<Vec<Fingerprint>, Error> {
    let seals = grouping.seals(&roster.students);
    let mut workbook =
        build(roster, grouping, info, &seals, balance).map_err(|e| xlsx_error(path, e))?;
    first_page::save(&mut workbook, path)?;
    Ok(seals)
}

fn build(
    roster: &Roster,
    grouping: &Grouping,
    info: &RunInfo,
    seals: &[Fingerprint],
    balance: Option<&BalanceSheet>,
) -> Result<Workbook, XlsxError> {
    let mut workbook = book::new_workbook(info, labels::GROUPS_TITLE)?;
    let mut used = Vec::new();
    let summary = Summary {
        roster,
        grouping,
        info,
        seals,
        balance,
    };
    let (summary_sheet, chart_data) = summary.sheet(&mut used)?;
    let summary_name = summary_sheet.name();
    workbook.push_worksheet(summary_sheet);
    if let (Some(balance), Some(data)) = (balance, &chart_data) {
        let charts = BalanceCharts {
            fairness: balance.fairness,
            info,
            summary_sheet: &summary_name,
            data,
        };
        workbook.push_worksheet(charts.sheet(&mut used)?);
    }

    let layout = ListLayout::new(roster);
    for (group, seal) in grouping.groups.iter().zip(seals) {
        let list = GroupList {
            roster,
            info,
            layout: &layout,
            group,
            seal,
        };
        workbook.push_worksheet(list.sheet(&mut used)?);
    }
    Ok(workbook)
}

/// The content of a list column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Content {
    Seq,
    Name,
    Gender,
    Id,
    DocumentKind,
    StudentNo,
    Birth,
    FromSchool,
    Score,
    Field(Field),
    Extra(usize),
    Namesake,
    Origin,
}

/// A printed cell value. Everything except numbers is written as text.
enum Value {
    Text(String),
    Number(f64),
}

impl Content {
    fn header(self, roster: &Roster) -> String {
        let text = match self {
            Content::Seq => labels::IN_GROUP_SEQ,
            Content::Name => labels::field(Field::Name),
            Content::Gender => labels::field(Field::Gender),
            Content::Id => labels::field(Field::IdNumber),
            Content::DocumentKind => labels::DOCUMENT_KIND,
            Content::StudentNo => labels::field(Field::StudentNo),
            Content::Birth => labels::field(Field::BirthDate),
            Content::FromSchool => labels::field(Field::FromSchool),
            Content::Score => labels::field(Field::Score),
            Content::Field(field) => labels::field(field),
            Content::Extra(i) => return roster.extra_headers.get(i).cloned().unwrap_or_default(),
            Content::Namesake => labels::NAMESAKE_MARK,
            Content::Origin => labels::ORIGIN,
        };
        text.to_string()
    }

    /// Returns this column's value for a student. `seq` is the student's 1-based place in
    /// the group.
    fn value(self, student: &Student, seq: usize) -> Value {
        let text = |s: Option<&str>| Value::Text(s.unwrap_or_default().to_string());
        match self {
            Content::Seq => Value::Number(seq as f64),
            Content::Name => text(Some(&student.name)),
            Content::Gender => text(Some(labels::gender(student.gender))),
            Content::Id => Value::Text(student.id.display()),
            Content::DocumentKind => text(Some(document_kind(&student.id))),
            Content::StudentNo => text(student.student_no.as_deref()),
            Content::Birth => Value::Text(birth_text(student)),
            Content::FromSchool => text(student.from_school.as_deref()),
            Content::Score => student.score.map_or(text(None), Value::Number),
            Content::Field(field) => text(student.field_text(field)),
            Content::Extra(i) => text(student.extras.get(i).map(String::as_str)),
            Content::Namesake => text(student.namesake_mark.as_deref()),
            Content::Origin => Value::Text(crate::messages::origin_text(&student.origin)),
        }
    }

    fn is_wide_text(self) -> bool {
        matches!(
            self,
            Content::Field(_) | Content::Extra(_) | Content::FromSchool
        )
    }
}

fn document_kind(id: &StudentId) -> &str {
    match id {
        StudentId::Resident(_) => labels::RESIDENT_ID_KIND,
        StudentId::Other { kind, .. } => kind,
        StudentId::Missing => "",
    }
}

fn birth_text(student: &Student) -> String {
    student
        .birth
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The columns of the group lists, their widths and the page orientation, the same for
/// every group so the lists look alike.
struct ListLayout {
    columns: Vec<Content>,
    widths: Vec<f64>,
    orientation: Orientation,
}

impl ListLayout {
    fn new(roster: &Roster) -> ListLayout {
        let columns = list_columns(roster);
        let widths: Vec<f64> = columns.iter().map(|&c| column_width(c, roster)).collect();
        let orientation = Orientation::for_widths(&widths);
        let widths = stretch_to_page(widths, orientation);
        ListLayout {
            columns,
            widths,
            orientation,
        }
    }

    fn last_col(&self) -> ColNum {
        self.columns.len().saturating_sub(1) as ColNum
    }
}

/// Chooses the list columns: name, gender and position always, the others when at least one
/// student has a value in them.
fn list_columns(roster: &Roster) -> Vec<Content> {
    let students = &roster.students;
    let any = |test: &dyn Fn(&Student) -> bool| students.iter().any(test);
    let mut columns = vec![Content::Seq, Content::Name, Content::Gender];
    let optional = [
        (Content::Id, any(&|s| s.id != StudentId::Missing)),
        (
            Content::DocumentKind,
            any(&|s| matches!(s.id, StudentId::Other { .. })),
        ),
        (Content::StudentNo, any(&|s| s.student_no.is_some())),
        (Content::Birth, any(&|s| s.birth.is_some())),
        (Content::FromSchool, any(&|s| s.from_school.is_some())),
        (Content::Score, any(&|s| s.score.is_some())),
    ];
    columns.extend(optional.iter().filter(|(_, has)| *has).map(|(c, _)| *c));
    columns.extend(other_fields(students).into_iter().map(Content::Field));
    columns.extend(extra_columns(roster).into_iter().map(Content::Extra));
    if any(&|s| s.namesake_mark.is_some()) {
        columns.push(Content::Namesake);
    }
    columns.push(Content::Origin);
    columns
}

/// Recognised fields without their own column that some student has, in field order.
fn other_fields(students: &[Student]) -> Vec<Field> {
    let mut fields: Vec<Field> = students
        .iter()
        .flat_map(|s| s.fields.iter())
        .filter(|(field, text)| !OWN_COLUMNS.contains(field) && !text.is_empty())
        .map(|(field, _)| *field)
        .collect();
    fields.sort();
    fields.dedup();
    fields
}

/// Indices of the roster's unrecognised columns that have a value for some student.
fn extra_columns(roster: &Roster) -> Vec<usize> {
    (0..roster.extra_headers.len())
        .filter(|&i| {
            roster
                .students
                .iter()
                .any(|s| s.extras.get(i).is_some_and(|v| !v.trim().is_empty()))
        })
        .collect()
}

fn column_width(content: Content, roster: &Roster) -> f64 {
    let header = content.header(roster);
    let values: Vec<String> = roster
        .students
        .iter()
        .map(|s| match content.value(s, roster.students.len()) {
            Value::Text(t) => t,
            Value::Number(n) => n.to_string(),
        })
        .collect();
    let texts = std::iter::once(header.as_str()).chain(values.iter().map(String::as_str));
    let max = if content.is_wide_text() { 30.0 } else { 24.0 };
    book::column_width(texts, book::SIZE_TABLE, 5.0, max)
}

/// Widens narrow tables to the page width, so the facts above the table have room.
fn stretch_to_page(widths: Vec<f64>, orientation: Orientation) -> Vec<f64> {
    let printable = orientation.layout_pixels();
    let used = book::columns_pixels(&widths);
    if used >= printable || widths.is_empty() {
        return widths;
    }
    let padding = 5.0 * widths.len() as f64;
    let factor = (printable - padding) / (used - padding);
    widths.iter().map(|w| w * factor).collect()
}

/// One group's list sheet.
struct GroupList<'a> {
    roster: &'a Roster,
    info: &'a RunInfo,
    layout: &'a ListLayout,
    group: &'a Group,
    seal: &'a Fingerprint,
}

impl GroupList<'_> {
    fn sheet(&self, used: &mut Vec<String>) -> Result<Worksheet, XlsxError> {
        let mut sheet = Worksheet::new();
        sheet.set_name(book::sheet_name(
            &labels::group_name(self.group.number),
            used,
        ))?;
        let scale = pages::fit_scale(&self.layout.widths, self.layout.orientation);
        let mut pages = Paginator::new(self.layout.orientation, scale);
        self.set_up(&mut sheet, scale)?;
        self.write_facts(&mut sheet, &mut pages)?;
        self.write_table(&mut sheet, &mut pages)?;
        pages.apply_with_print_area(&mut sheet, self.layout.last_col())?;
        self.set_footer(&mut sheet, pages.pages());
        Ok(sheet)
    }

    /// Sets up the page; the footer follows once the number of pages is known.
    fn set_up(&self, sheet: &mut Worksheet, scale: u16) -> Result<(), XlsxError> {
        let title = labels::group_list_title(self.group.number);
        let header = book::run_page_header(&title, self.info);
        book::set_up_page(sheet, self.layout.orientation, &header, "", false);
        sheet.set_print_scale(scale);
        book::repeat_header_row(sheet, TABLE_ROW)?;
        for (col, width) in self.layout.widths.iter().enumerate() {
            sheet.set_column_width(col as ColNum, *width)?;
        }
        Ok(())
    }

    /// Sets the footer: the seal and roster fingerprint, and 第 x 页 共 y 页 counted within
    /// this list. Each list goes into its own envelope, so its pages are numbered from 1.
    fn set_footer(&self, sheet: &mut Worksheet, total: u32) {
        let facts = book::join_facts(&[
            (labels::GROUP_SEAL, self.seal.short()),
            (labels::ROSTER_FINGERPRINT, self.info.roster.short()),
        ]);
        let footer = book::page_footer_with(&facts, &labels::page_of_total_code(total));
        sheet.set_footer(&footer);
        sheet.set_print_first_page_number(1);
    }

    /// Writes the group number, counts, seal and run facts above the table.
    fn write_facts(&self, sheet: &mut Worksheet, pages: &mut Paginator) -> Result<(), XlsxError> {
        let last = self.layout.last_col();
        let (boys, girls) = gender_counts(self.group, &self.roster.students);
        let title = format!(
            "{}　{}",
            labels::GROUPS_TITLE,
            labels::group_name(self.group.number)
        );
        pages::place_row(sheet, pages, 0, 36.0)?;
        book::write_span(sheet, 0, (0, last), &title, &book::title(22.0))?;

        let grade = self.info.grade.map(|g| g.label()).unwrap_or_default();
        let counts = labels::group_counts(self.group.size(), boys, girls);
        let line = format!(
            "{}：{}　{}　{}：{}",
            labels::SCHOOL,
            labels::school_or_blank(&self.info.school),
            grade,
            labels::HEADCOUNT,
            counts
        );
        let centred = book::body(12.0).set_align(FormatAlign::Center);
        write_line(sheet, 1, 22.0, &line, &centred, last)?;

        let seal = format!("{}：{}", labels::GROUP_SEAL, self.seal.grouped());
        let mono = book::mono(10.5).set_align(FormatAlign::Center);
        write_line(sheet, 2, 20.0, &seal, &mono, last)?;
        write_line(
            sheet,
            3,
            18.0,
            &self.run_line(),
            &book::body(book::SIZE_NOTE).set_align(FormatAlign::Center),
            last,
        )?;
        for (row, height) in [(1, 22.0), (2, 20.0), (3, 18.0)] {
            pages.row(row, height);
        }
        pages::place_row(sheet, pages, 4, GAP_ROW_HEIGHT)
    }

    /// Returns the line of seed, roster fingerprint and any earlier runs, in small print.
    fn run_line(&self) -> String {
        let mut facts = Vec::new();
        if let Some(seed) = &self.info.seed {
            facts.push((labels::SEED, labels::seed_text(seed)));
        }
        facts.push((labels::ROSTER_FINGERPRINT, self.info.roster.short()));
        facts.push((labels::ALGORITHM, self.info.algorithm.to_string()));
        let mut line = book::join_facts(&facts);
        if let Some(earlier) = labels::earlier_runs(&self.info.earlier_runs) {
            line = format!("{line}　{earlier}");
        }
        line
    }

    fn write_table(&self, sheet: &mut Worksheet, pages: &mut Paginator) -> Result<(), XlsxError> {
        let header = book::table_header();
        let titles: Vec<String> = self
            .layout
            .columns
            .iter()
            .map(|content| book::cell_text(&content.header(self.roster)).into_owned())
            .collect();
        let cells = titles
            .iter()
            .map(String::as_str)
            .zip(self.layout.widths.clone());
        let height = wrap::row_height(cells, book::SIZE_TABLE, HEADER_ROW_HEIGHT);
        pages::place_row(sheet, pages, TABLE_ROW, height)?;
        pages.repeat_height(height);
        for (col, title) in titles.iter().enumerate() {
            sheet.write_string_with_format(TABLE_ROW, col as ColNum, title, &header)?;
        }
        let formats = CellFormats::new();
        for (index, &member) in self.group.members.iter().enumerate() {
            let Some(student) = self.roster.students.get(member) else {
                continue;
            };
            let row = TABLE_ROW + 1 + index as RowNum;
            let height = self.write_student(sheet, row, student, index + 1, &formats)?;
            pages.row(row, height);
        }
        let end_row = TABLE_ROW + 1 + self.group.members.len() as RowNum;
        let end = labels::list_end(self.group.size());
        pages.row(end_row, 22.0);
        write_line(
            sheet,
            end_row,
            22.0,
            &end,
            &book::body(book::SIZE_TABLE),
            self.layout.last_col(),
        )
    }

    fn write_student(
        &self,
        sheet: &mut Worksheet,
        row: RowNum,
        student: &Student,
        seq: usize,
        formats: &CellFormats,
    ) -> Result<f64, XlsxError> {
        let mut height = STUDENT_ROW_HEIGHT;
        for (col, &content) in self.layout.columns.iter().enumerate() {
            let col = col as ColNum;
            match content.value(student, seq) {
                Value::Number(n) => sheet.write_number_with_format(row, col, n, &formats.number)?,
                Value::Text(t) if content.is_wide_text() => {
                    let cell = [(t.as_str(), self.layout.widths[col as usize])];
                    height = height.max(wrap::row_height(cell, book::SIZE_TABLE, height));
                    sheet.write_string_with_format(
                        row,
                        col,
                        book::cell_text(&t),
                        &formats.wrapped,
                    )?
                }
                Value::Text(t) => {
                    sheet.write_string_with_format(row, col, book::cell_text(&t), &formats.text)?
                }
            };
        }
        // Explicit heights, because Excel fits wrapped rows to their text only when edited,
        // and the pagination needs every row's height.
        sheet.set_row_height(row, height)?;
        Ok(height)
    }
}

/// The formats of the list cells.
struct CellFormats {
    text: Format,
    wrapped: Format,
    number: Format,
}

impl CellFormats {
    fn new() -> CellFormats {
        CellFormats {
            text: book::text_cell(book::SIZE_TABLE).set_align(FormatAlign::Center),
            wrapped: book::text_cell(book::SIZE_TABLE).set_text_wrap(),
            number: book::bordered(book::body(book::SIZE_TABLE)).set_align(FormatAlign::Center),
        }
    }
}

fn write_line(
    sheet: &mut Worksheet,
    row: RowNum,
    height: f64,
    text: &str,
    format: &Format,
    last: ColNum,
) -> Result<(), XlsxError> {
    sheet.set_row_height(row, height)?;
    book::write_span(sheet, row, (0, last), text, format)
}

/// Boys and girls of a group, counted from the students themselves rather than taken from
/// the counts stored in the group, so the printed counts match the printed names.
pub fn gender_counts(group: &Group, students: &[Student]) -> (usize, usize) {
    let members = group.members.iter().filter_map(|&i| students.get(i));
    let boys = members.clone().filter(|s| s.gender == Gender::Male).count();
    let girls = members.filter(|s| s.gender == Gender::Female).count();
    (boys, girls)
}
