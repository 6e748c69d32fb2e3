//! Rosters written as schools lay them out, in xlsx and in the CSV that Excel saves.

use std::fs;
use std::path::Path;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};

use super::roster::{Grade, Roster, Student};
use super::{FILLED_IN, INTAKE_YEAR, Result};

/// A roster column: its header and how a student fills it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Index,
    School,
    Grade,
    Name,
    Gender,
    IdNumber,
    StudentNumber,
    BirthDate,
    PreviousSchool(&'static str),
    Score,
    Phone,
    Arrival,
}

impl Column {
    fn header(self) -> &'static str {
        match self {
            Column::Index => "序号",
            Column::School => "学校",
            Column::Grade => "年级",
            Column::Name => "姓名",
            Column::Gender => "性别",
            Column::IdNumber => "身份证号",
            Column::StudentNumber => "学籍号",
            Column::BirthDate => "出生日期",
            Column::PreviousSchool(header) => header,
            Column::Score => "成绩",
            Column::Phone => "联系电话",
            Column::Arrival => "报到时间",
        }
    }

    fn width(self) -> f64 {
        match self {
            Column::Index | Column::Gender => 6.0,
            Column::Grade | Column::Score => 8.0,
            Column::Name => 10.0,
            Column::BirthDate => 12.0,
            Column::Phone => 14.0,
            Column::PreviousSchool(_) => 16.0,
            Column::School | Column::Arrival => 18.0,
            Column::IdNumber => 21.0,
            Column::StudentNumber => 22.0,
        }
    }
}

#[rustfmt::skip]
const GRADE7_COLUMNS: [Column; 9] = [
    Column::Index, Column::Name, Column::Gender, Column::IdNumber, Column::StudentNumber,
    Column::BirthDate, Column::PreviousSchool("毕业学校"), Column::Score, Column::Phone,
];

#[rustfmt::skip]
const GRADE1_COLUMNS: [Column; 8] = [
    Column::Index, Column::Name, Column::Gender, Column::IdNumber, Column::StudentNumber,
    Column::BirthDate, Column::PreviousSchool("毕业幼儿园"), Column::Phone,
];

/// The columns of a city's or province's single roster. It contains both grades, so the feeder
/// column gets the neutral header 原就读学校 and grade 1 rows leave 成绩 empty.
#[rustfmt::skip]
pub const COMBINED_COLUMNS: [Column; 11] = [
    Column::Index, Column::School, Column::Grade, Column::Name, Column::Gender,
    Column::IdNumber, Column::StudentNumber, Column::BirthDate,
    Column::PreviousSchool("原就读学校"), Column::Score, Column::Phone,
];

/// The rows above the data: a merged title, a merged info row, an empty row, and the header
/// on row 4, as schools lay out a roster.
pub struct RosterLayout {
    pub title: String,
    pub info: String,
    pub columns: Vec<Column>,
}

/// The zero-based row of the header. Data starts on the next row.
pub const HEADER_ROW: u32 = 3;

impl RosterLayout {
    /// Returns the usual layout of one school's roster for one grade.
    pub fn school(school: &str, grade: Grade) -> RosterLayout {
        let columns = match grade {
            Grade::One => GRADE1_COLUMNS.to_vec(),
            Grade::Seven => GRADE7_COLUMNS.to_vec(),
        };
        RosterLayout {
            title: format!("{school}{INTAKE_YEAR}级{}新生名单", grade.label()),
            info: info_line(),
            columns,
        }
    }
}

/// Returns the info row under a roster's title: who filled the form in, and when.
pub fn info_line() -> String {
    let (year, month, day) = FILLED_IN;
    format!("填报单位：教务处\u{3000}\u{3000}填表日期：{year}年{month}月{day}日")
}

/// One row to write: a student and what the row adds to it.
pub struct RosterRow<'a> {
    pub index: usize,
    pub roster: &'a Roster,
    pub student: &'a Student,
    pub arrival: Option<NaiveDateTime>,
}

/// Cell formats, created once per workbook.
pub struct Formats {
    pub title: Format,
    info: Format,
    pub header: Format,
    pub text: Format,
    pub number: Format,
    score: Format,
    date: Format,
    datetime: Format,
    pub month: Format,
}

impl Formats {
    pub fn new() -> Formats {
        let cell = Format::new().set_border(FormatBorder::Thin);
        Formats {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center),
            info: Format::new().set_align(FormatAlign::Left),
            header: cell
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color(0xD9D9D9),
            text: cell.clone().set_num_format("@"),
            number: cell.clone(),
            score: cell.clone().set_num_format("0.0"),
            date: cell.clone().set_num_format("yyyy-mm-dd"),
            datetime: cell.clone().set_num_format("yyyy-mm-dd hh:mm"),
            month: cell.set_num_format("yyyy-mm"),
        }
    }
}

/// Creates a workbook whose creation date is fixed, so its bytes depend on its content only.
pub fn new_workbook() -> Result<Workbook> {
    let (year, month, day) = FILLED_IN;
    let created = ExcelDateTime::from_ymd(year, month, day)?.and_hms(8, 0, 0)?;
    let mut workbook = Workbook::new();
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    Ok(workbook)
}

/// Writes the title rows, the header and the column widths, and freezes the rows above the
/// data. It must come before any data row, because constant-memory sheets are written in order.
pub fn write_roster_head(
    sheet: &mut Worksheet,
    layout: &RosterLayout,
    formats: &Formats,
) -> Result<()> {
    let last = (layout.columns.len() - 1) as u16;
    sheet.merge_range(0, 0, 0, last, &layout.title, &formats.title)?;
    sheet.set_row_height(0, 28)?;
    sheet.merge_range(1, 0, 1, last, &layout.info, &formats.info)?;
    for (col, column) in layout.columns.iter().enumerate() {
        sheet.set_column_width(col as u16, column.width())?;
        sheet.write_string_with_format(HEADER_ROW, col as u16, column.header(), &formats.header)?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    Ok(())
}

/// Writes one student on sheet row `row` (zero-based).
pub fn write_roster_row(
    sheet: &mut Worksheet,
    row: u32,
    columns: &[Column],
    data: &RosterRow,
    formats: &Formats,
) -> Result<()> {
    for (col, column) in columns.iter().enumerate() {
        write_roster_cell(sheet, row, col as u16, *column, data, formats)?;
    }
    Ok(())
}

fn write_roster_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    column: Column,
    data: &RosterRow,
    formats: &Formats,
) -> Result<()> {
    let student = data.student;
    let text = |sheet: &mut Worksheet, value: &str| {
        sheet
            .write_string_with_format(row, col, value, &formats.text)
            .map(|_| ())
    };
    match column {
        Column::Index => {
            sheet.write_number_with_format(row, col, data.index as f64, &formats.number)?;
        }
        Column::School => text(sheet, &data.roster.school)?,
        Column::Grade => text(sheet, data.roster.grade.label())?,
        Column::Name => text(sheet, &student.name)?,
        Column::Gender => text(sheet, gender(student))?,
        Column::IdNumber => text(sheet, &student.id_number)?,
        Column::StudentNumber => text(sheet, &format!("G{}", student.id_number))?,
        Column::BirthDate => {
            let birth = excel_date(student.birth)?;
            sheet.write_datetime_with_format(row, col, birth, &formats.date)?;
        }
        Column::PreviousSchool(_) => text(sheet, &student.previous_school)?,
        Column::Score => match student.score {
            Some(score) => {
                sheet.write_number_with_format(row, col, score, &formats.score)?;
            }
            None => {
                sheet.write_blank(row, col, &formats.score)?;
            }
        },
        Column::Phone => text(sheet, &student.phone)?,
        Column::Arrival => match data.arrival {
            Some(time) => {
                let time = excel_datetime(time)?;
                sheet.write_datetime_with_format(row, col, time, &formats.datetime)?;
            }
            None => {
                sheet.write_blank(row, col, &formats.datetime)?;
            }
        },
    }
    Ok(())
}

fn gender(student: &Student) -> &'static str {
    if student.male { "男" } else { "女" }
}

pub fn excel_date(date: NaiveDate) -> Result<ExcelDateTime> {
    excel_datetime(date.and_time(NaiveTime::MIN))
}

fn excel_datetime(time: NaiveDateTime) -> Result<ExcelDateTime> {
    let date = ExcelDateTime::from_ymd(time.year() as u16, time.month() as u8, time.day() as u8)?;
    Ok(date.and_hms(time.hour() as u16, time.minute() as u8, time.second())?)
}

/// Writes a roster, with an arrival time per student when `arrivals` is given, on a sheet
/// named `Sheet1` as a clerk's workbook usually has.
pub fn write_roster_file(
    path: &Path,
    layout: &RosterLayout,
    roster: &Roster,
    arrivals: Option<&[NaiveDateTime]>,
) -> Result<()> {
    let mut workbook = new_workbook()?;
    let formats = Formats::new();
    let sheet = workbook.add_worksheet();
    write_roster_head(sheet, layout, &formats)?;
    for (i, student) in roster.students.iter().enumerate() {
        let arrival = arrivals.and_then(|times| times.get(i).copied());
        let row = RosterRow {
            index: i + 1,
            roster,
            student,
            arrival,
        };
        write_roster_row(
            sheet,
            HEADER_ROW + 1 + i as u32,
            &layout.columns,
            &row,
            &formats,
        )?;
    }
    workbook.save(path)?;
    Ok(())
}

/// Writes a roster as Excel on Chinese Windows saves "CSV (逗号分隔)": GBK without a BOM, CRLF
/// line ends, each merged title row as a first field followed by commas.
pub fn write_roster_csv(path: &Path, layout: &RosterLayout, roster: &Roster) -> Result<()> {
    let commas = ",".repeat(layout.columns.len() - 1);
    let mut text = format!(
        "{}{commas}\r\n{}{commas}\r\n{commas}\r\n",
        layout.title, layout.info
    );
    let headers: Vec<&str> = layout.columns.iter().map(|c| c.header()).collect();
    text.push_str(&headers.join(","));
    text.push_str("\r\n");
    for (i, student) in roster.students.iter().enumerate() {
        let fields: Vec<String> = layout
            .columns
            .iter()
            .map(|&c| csv_field(c, i + 1, roster, student))
            .collect();
        text.push_str(&fields.join(","));
        text.push_str("\r\n");
    }

    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    if unmappable {
        return Err(format!("{} 含有 GBK 无法表示的字符", path.display()).into());
    }
    fs::write(path, bytes)?;
    Ok(())
}

/// Returns a cell as Excel writes it to CSV, which is the displayed text: dates in the
/// default short form of Chinese Windows (2012/9/18), scores with one decimal.
fn csv_field(column: Column, index: usize, roster: &Roster, student: &Student) -> String {
    match column {
        Column::Index => index.to_string(),
        Column::School => roster.school.clone(),
        Column::Grade => roster.grade.label().to_string(),
        Column::Name => student.name.clone(),
        Column::Gender => gender(student).to_string(),
        Column::IdNumber => student.id_number.clone(),
        Column::StudentNumber => format!("G{}", student.id_number),
        Column::BirthDate => student.birth.format("%Y/%-m/%-d").to_string(),
        Column::PreviousSchool(_) => student.previous_school.clone(),
        Column::Score => student.score.map(|s| format!("{s:.1}")).unwrap_or_default(),
        Column::Phone => student.phone.clone(),
        Column::Arrival => String::new(),
    }
}
