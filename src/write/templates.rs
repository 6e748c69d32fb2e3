//! The blank workbooks `bianban init` puts in a work folder: a student roster, a teacher
//! sheet and a class-count table. Each has its headers ready, drop-downs where the values
//! are fixed, text format where digits must stay text, and a 填表说明 sheet.
//!
//! The instruction texts are in `templates/` beside the settings and batch file templates,
//! so all the text a work folder starts with is kept in one place.

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, Format, Workbook,
    Worksheet, XlsxError,
};

use super::book::{self, SIZE_BODY};
use super::wrap;
use crate::messages::labels;
use crate::table::Field;

const ROSTER_GUIDE: &str = include_str!("../../templates/roster_guide.txt");
const TEACHER_GUIDE: &str = include_str!("../../templates/teacher_guide.txt");
const CLASS_COUNTS_GUIDE: &str = include_str!("../../templates/class_counts_guide.txt");

/// The rows that get drop-downs and formats: enough for the largest school, and the whole
/// sheet stays light.
const DATA_ROWS: u32 = 5_000;

/// Excel's built-in number format 49, `@`: the cell keeps what is typed as text.
const TEXT_FORMAT: u8 = 49;

/// One column of a template: its header, width, and what goes in it.
struct Column {
    header: &'static str,
    width: f64,
    kind: Kind,
}

enum Kind {
    Plain,
    /// Text format, so digit strings such as ID numbers keep every digit.
    Text,
    /// A drop-down of fixed values.
    List(&'static [&'static str]),
    /// A whole number of at least 1.
    Count,
}

/// Makes a column headed with the usual name of a field, so the table stage reads it back.
fn field(field: Field, width: f64, kind: Kind) -> Column {
    Column {
        header: labels::field(field),
        width,
        kind,
    }
}

/// Returns the columns of the blank roster: what the roster checks, and 学校 and 年级 for
/// rosters that list several schools.
fn roster_columns() -> Vec<Column> {
    vec![
        field(Field::Seq, 6.0, Kind::Plain),
        field(Field::Name, 10.0, Kind::Plain),
        field(Field::Gender, 6.0, Kind::List(labels::TEMPLATE_GENDERS)),
        field(Field::IdNumber, 21.0, Kind::Text),
        field(Field::StudentNo, 22.0, Kind::Text),
        field(Field::BirthDate, 12.0, Kind::Plain),
        field(Field::FromSchool, 18.0, Kind::Plain),
        field(Field::Score, 8.0, Kind::Plain),
        field(Field::School, 18.0, Kind::Plain),
        field(Field::Grade, 8.0, Kind::List(labels::TEMPLATE_GRADES)),
        field(Field::Remark, 20.0, Kind::Plain),
    ]
}

/// Builds the blank student roster.
///
/// # Errors
///
/// Fails only if a fixed text breaks one of Excel's limits, which tests rule out.
pub fn roster() -> Result<Workbook, XlsxError> {
    let mut workbook = new_workbook(labels::TEMPLATE_ROSTER_TITLE);
    let sheet = workbook.add_worksheet();
    table_sheet(sheet, labels::TEMPLATE_ROSTER_SHEET, &roster_columns())?;
    guide_sheet(workbook.add_worksheet(), ROSTER_GUIDE)?;
    Ok(workbook)
}

/// Builds the blank teacher sheet: the class matrix and the teacher details.
///
/// # Errors
///
/// As [`roster`].
pub fn teachers() -> Result<Workbook, XlsxError> {
    let mut matrix = vec![
        field(Field::Class, 10.0, Kind::Plain),
        field(Field::HeadTeacher, 10.0, Kind::Plain),
    ];
    for subject in labels::TEMPLATE_SUBJECTS {
        matrix.push(Column {
            header: subject,
            width: 9.0,
            kind: Kind::Plain,
        });
    }
    let details = [
        field(Field::Name, 10.0, Kind::Plain),
        field(Field::Gender, 6.0, Kind::List(labels::TEMPLATE_GENDERS)),
        field(Field::BirthDate, 10.0, Kind::Plain),
        field(Field::Subject, 10.0, Kind::Plain),
        field(Field::TeachingYears, 6.0, Kind::Plain),
        field(Field::Title, 12.0, Kind::List(labels::TEMPLATE_TITLES)),
        field(Field::Honour, 18.0, Kind::Plain),
        field(Field::Traits, 18.0, Kind::Plain),
    ];
    let mut workbook = new_workbook(labels::TEMPLATE_TEACHER_TITLE);
    let sheet = workbook.add_worksheet();
    table_sheet(sheet, labels::TEMPLATE_TEACHER_SHEET, &matrix)?;
    let sheet = workbook.add_worksheet();
    table_sheet(sheet, labels::TEMPLATE_TEACHER_DETAILS_SHEET, &details)?;
    guide_sheet(workbook.add_worksheet(), TEACHER_GUIDE)?;
    Ok(workbook)
}

/// Builds the blank class-count table of a bureau that groups many schools.
///
/// # Errors
///
/// As [`roster`].
pub fn class_counts() -> Result<Workbook, XlsxError> {
    let columns = [
        field(Field::School, 24.0, Kind::Plain),
        field(Field::Grade, 10.0, Kind::List(labels::TEMPLATE_GRADES)),
        field(Field::ClassCount, 8.0, Kind::Count),
    ];
    let mut workbook = new_workbook(labels::TEMPLATE_CLASS_COUNTS_TITLE);
    let sheet = workbook.add_worksheet();
    table_sheet(sheet, labels::TEMPLATE_CLASS_COUNTS_SHEET, &columns)?;
    guide_sheet(workbook.add_worksheet(), CLASS_COUNTS_GUIDE)?;
    Ok(workbook)
}

fn new_workbook(title: &str) -> Workbook {
    let mut workbook = Workbook::new();
    let properties = DocProperties::new()
        .set_title(title)
        .set_subject(labels::SUBJECT)
        .set_author("bianban");
    workbook.set_properties(&properties);
    workbook
}

/// Writes the header row and sets up every column below it.
fn table_sheet(sheet: &mut Worksheet, name: &str, columns: &[Column]) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    let header = book::table_header();
    for (index, column) in columns.iter().enumerate() {
        let col = index as u16;
        sheet.set_column_width(col, column.width)?;
        sheet.write_string_with_format(0, col, column.header, &header)?;
        match column.kind {
            Kind::Plain => {}
            Kind::Text => {
                sheet.set_column_format(col, &Format::new().set_num_format_index(TEXT_FORMAT))?;
            }
            Kind::List(values) => {
                let validation = list_validation(column.header, values)?;
                sheet.add_data_validation(1, col, DATA_ROWS, col, &validation)?;
            }
            Kind::Count => {
                let validation = count_validation()?;
                sheet.add_data_validation(1, col, DATA_ROWS, col, &validation)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn list_validation(header: &str, values: &[&str]) -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_list_strings(values)?
        .set_error_style(DataValidationErrorStyle::Stop)
        .set_error_title(labels::TEMPLATE_INVALID_TITLE)?
        .set_error_message(labels::template_list_error(header, values))
}

fn count_validation() -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(1))
        .set_error_title(labels::TEMPLATE_INVALID_TITLE)?
        .set_error_message(labels::TEMPLATE_COUNT_ERROR)
}

/// The width of the instructions' column in column units.
const GUIDE_WIDTH: f64 = 100.0;

/// Writes the instructions, one line of the text per row, the first as the title. The
/// sheet prints one page wide because the column is wider than an A4 page.
fn guide_sheet(sheet: &mut Worksheet, text: &str) -> Result<(), XlsxError> {
    sheet.set_name(labels::TEMPLATE_GUIDE_SHEET)?;
    sheet.set_column_width(0, GUIDE_WIDTH)?;
    book::set_up_page(sheet, book::Orientation::Portrait, "", "", true);
    let title = book::title(16.0);
    let line = book::body(SIZE_BODY).set_text_wrap();
    let mut lines = text.lines();
    if let Some(first) = lines.next() {
        sheet.set_row_height(0, 30.0)?;
        sheet.write_string_with_format(0, 0, first, &title)?;
    }
    for (index, text) in lines.enumerate() {
        let row = index as u32 + 1;
        sheet.write_string_with_format(row, 0, text, &line)?;
        let height = wrap::row_height([(text, GUIDE_WIDTH)], SIZE_BODY, 0.0);
        sheet.set_row_height(row, height)?;
    }
    sheet.set_screen_gridlines(false);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_build_within_excel_limits() {
        for mut workbook in [roster(), teachers(), class_counts()]
            .into_iter()
            .map(Result::unwrap)
        {
            assert!(workbook.save_to_buffer().is_ok());
        }
    }
}
