//! One class's sheet of a late-enrolment record: the class's sizes and the students it got
//! in this run. The archive copies list identifying columns; the posted copy lists 序号,
//! 编班顺序, 姓名, 性别 and 班级 only.

use rust_xlsxwriter::{ColNum, Format, FormatAlign, RowNum, Worksheet, XlsxError};

use super::{Built, LateClass, LateResult};
use crate::messages::{archive as archive_words, labels, late as words};
use crate::roster::{Student, StudentId};
use crate::table::Field;
use crate::write::archive::Copy;
use crate::write::book::{self, Orientation};
use crate::write::pages::{self, Paginator};
use crate::write::wrap;

const STUDENT_ROW: f64 = 18.0;
const HEADER_ROW: f64 = 22.0;
const GAP: f64 = 8.0;
/// The end line, a gap and the signature line, kept on one page.
const TAIL: [f64; 3] = [20.0, GAP, 36.0];

/// A column of a class sheet's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Seq,
    Order,
    Name,
    Gender,
    Class,
    Id,
    DocumentKind,
    StudentNo,
    Birth,
    FromSchool,
    Registered(Field),
}

impl Column {
    fn header(self) -> &'static str {
        match self {
            Column::Seq => words::SEQ,
            Column::Order => words::ORDER,
            Column::Name => words::NAME,
            Column::Gender => words::GENDER,
            Column::Class => words::CLASS,
            Column::Id => labels::field(Field::IdNumber),
            Column::DocumentKind => labels::DOCUMENT_KIND,
            Column::StudentNo => labels::field(Field::StudentNo),
            Column::Birth => labels::field(Field::BirthDate),
            Column::FromSchool => labels::field(Field::FromSchool),
            Column::Registered(field) => labels::field(field),
        }
    }

    fn value(self, row: &Row, result: &LateResult, copy: Copy) -> String {
        let student = row.student;
        match self {
            Column::Seq => row.seq.to_string(),
            Column::Order => row.order.to_string(),
            Column::Name => result.name_on(copy, &student.name),
            Column::Gender => labels::gender(student.gender).to_string(),
            Column::Class => row.class.to_string(),
            Column::Id => student.id.display(),
            Column::DocumentKind => match &student.id {
                StudentId::Resident(_) => labels::RESIDENT_ID_KIND.to_string(),
                StudentId::Other { kind, .. } => kind.clone(),
                StudentId::Missing => String::new(),
            },
            Column::StudentNo => student.student_no.clone().unwrap_or_default(),
            Column::Birth => student
                .birth
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            Column::FromSchool => student.from_school.clone().unwrap_or_default(),
            Column::Registered(field) => student.field_text(field).unwrap_or_default().into(),
        }
    }
}

/// One student row of a class sheet.
struct Row<'a> {
    seq: usize,
    order: usize,
    student: &'a Student,
    class: &'a str,
}

/// Chooses the columns of a copy: the posted copy shows what parents need, the archive
/// copies the identifying columns any late student has a value in.
fn columns(result: &LateResult, copy: Copy) -> Vec<Column> {
    let mut columns = vec![Column::Seq, Column::Order, Column::Name, Column::Gender];
    if copy.is_public() {
        columns.push(Column::Class);
        return columns;
    }
    let students: Vec<&Student> = result
        .classes
        .iter()
        .flat_map(|c| c.students.iter().map(|(_, s)| *s))
        .collect();
    let any = |test: &dyn Fn(&Student) -> bool| students.iter().any(|s| test(s));
    let optional = [
        (Column::Id, any(&|s| s.id != StudentId::Missing)),
        (
            Column::DocumentKind,
            any(&|s| matches!(s.id, StudentId::Other { .. })),
        ),
        (Column::StudentNo, any(&|s| s.student_no.is_some())),
        (Column::Birth, any(&|s| s.birth.is_some())),
        (Column::FromSchool, any(&|s| s.from_school.is_some())),
    ];
    columns.extend(optional.iter().filter(|(_, has)| *has).map(|(c, _)| *c));
    columns.extend(result.registered_field().map(Column::Registered));
    columns
}

fn widths(result: &LateResult, columns: &[Column], copy: Copy) -> Vec<f64> {
    columns
        .iter()
        .map(|&column| {
            let values: Vec<String> = result
                .classes
                .iter()
                .flat_map(|c| rows(c).into_iter().map(move |r| (r, c)))
                .map(|(row, _)| column.value(&row, result, copy))
                .collect();
            let texts = std::iter::once(column.header()).chain(values.iter().map(String::as_str));
            book::column_width(texts, book::SIZE_TABLE, 5.0, 24.0)
        })
        .collect()
}

fn rows<'a>(class: &'a LateClass) -> Vec<Row<'a>> {
    class
        .students
        .iter()
        .enumerate()
        .map(|(index, (order, student))| Row {
            seq: index + 1,
            order: *order,
            student,
            class: &class.name,
        })
        .collect()
}

pub(super) fn build(
    result: &LateResult,
    class: &LateClass,
    copy: Copy,
    used: &mut Vec<String>,
) -> Result<Built, XlsxError> {
    let columns = columns(result, copy);
    let widths = widths(result, &columns, copy);
    let scale = pages::fit_scale(&widths, Orientation::Portrait);
    let mut sheet = Worksheet::new();
    sheet.set_name(book::sheet_name(&class.name, used))?;
    book::set_up_page(&mut sheet, Orientation::Portrait, "", "", false);
    sheet.set_print_scale(scale);
    sheet.set_print_center_horizontally(true);
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as ColNum, *width)?;
    }
    let mut pages = Paginator::new(Orientation::Portrait, scale);
    let mut list = ClassSheet {
        sheet: &mut sheet,
        pages: &mut pages,
        row: 0,
        lead: 0,
        last: widths.len().saturating_sub(1) as ColNum,
        width: wrap::span_width(&widths),
        result,
        class,
        copy,
    };
    list.write_facts()?;
    list.write_table(&columns)?;
    list.write_tail()?;
    pages.apply(&mut sheet)?;
    Ok(Built {
        sheet,
        pages: pages.pages(),
        class: Some(class.name.clone()),
    })
}

struct ClassSheet<'a, 'r> {
    sheet: &'a mut Worksheet,
    pages: &'a mut Paginator,
    row: RowNum,
    /// The first row that moves to a new page with the tail: the last two students.
    lead: RowNum,
    last: ColNum,
    /// The width of the whole sheet in column units.
    width: f64,
    result: &'a LateResult<'r>,
    class: &'a LateClass<'r>,
    copy: Copy,
}

impl ClassSheet<'_, '_> {
    fn line(&mut self, height: f64, text: &str, format: &Format) -> Result<(), XlsxError> {
        pages::place_row(self.sheet, self.pages, self.row, height)?;
        book::write_span(self.sheet, self.row, (0, self.last), text, format)?;
        self.row += 1;
        Ok(())
    }

    /// Writes the title, the copy's label, the school and date, and the class's sizes.
    fn write_facts(&mut self) -> Result<(), XlsxError> {
        let class = self.class;
        let result = self.result;
        self.line(32.0, &words::class_title(&class.name), &book::title(18.0))?;
        let label = result.text.label(self.copy).to_string();
        self.line(22.0, &label, &book::title(12.0))?;
        let grade = result.info.grade.map(|g| g.label()).unwrap_or_default();
        let place = format!(
            "{}：{}　{grade}　{}：{}",
            labels::SCHOOL,
            labels::school_or_blank(&result.info.school),
            words::PLACED_DATE,
            labels::date(result.info.time.date())
        );
        let text = book::body(book::SIZE_BODY).set_text_wrap();
        let cell = [(place.as_str(), self.width)];
        self.line(wrap::row_height(cell, book::SIZE_BODY, 20.0), &place, &text)?;
        let sizes = words::class_sizes(
            class.before.size,
            class.students.len(),
            class.after.size,
            class.after.boys,
            class.after.girls,
        );
        let cell = [(sizes.as_str(), self.width)];
        self.line(wrap::row_height(cell, book::SIZE_BODY, 20.0), &sizes, &text)?;
        self.line(GAP, "", &book::body(8.0))
    }

    fn write_table(&mut self, columns: &[Column]) -> Result<(), XlsxError> {
        let header = book::table_header();
        pages::place_row(self.sheet, self.pages, self.row, HEADER_ROW)?;
        self.pages.repeat_height(HEADER_ROW);
        for (col, column) in columns.iter().enumerate() {
            self.sheet.write_string_with_format(
                self.row,
                col as ColNum,
                column.header(),
                &header,
            )?;
        }
        book::repeat_header_row(self.sheet, self.row)?;
        self.row += 1;
        let text = book::text_cell(book::SIZE_TABLE)
            .set_align(FormatAlign::Center)
            .set_shrink();
        let first = self.row;
        for row in rows(self.class) {
            pages::place_row(self.sheet, self.pages, self.row, STUDENT_ROW)?;
            for (col, column) in columns.iter().enumerate() {
                let value = column.value(&row, self.result, self.copy);
                self.sheet.write_string_with_format(
                    self.row,
                    col as ColNum,
                    book::cell_text(&value),
                    &text,
                )?;
            }
            self.row += 1;
        }
        self.lead = self.row.saturating_sub(2).max(first + 1);
        Ok(())
    }

    /// Writes the end line and the head teacher's signature on one page, and on the posted
    /// copy the hotlines.
    fn write_tail(&mut self) -> Result<(), XlsxError> {
        let hotlines = archive_words::hotlines(&self.result.text.hotlines);
        let hotlines = hotlines.filter(|_| self.copy.is_public());
        let hotlines_height = hotlines.as_deref().map_or(22.0, |line| {
            wrap::row_height([(line, self.width)], book::SIZE_BODY, 22.0)
        });
        let mut heights = TAIL.to_vec();
        if hotlines.is_some() {
            heights.push(hotlines_height);
        }
        self.pages.closing_block(self.lead, self.row, &heights);
        let text = book::body(book::SIZE_BODY);
        let teacher = self
            .class
            .head_teacher
            .clone()
            .unwrap_or_else(|| labels::BLANK.to_string());
        let rows = [
            (TAIL[0], words::class_end(self.class.students.len())),
            (TAIL[1], String::new()),
            (TAIL[2], words::head_teacher_signature(&teacher)),
        ];
        for (height, line) in rows {
            self.sheet.set_row_height(self.row, height)?;
            book::write_span(self.sheet, self.row, (0, self.last), &line, &text)?;
            self.row += 1;
        }
        if let Some(hotlines) = hotlines {
            self.sheet.set_row_height(self.row, hotlines_height)?;
            let bold = text.set_bold().set_text_wrap();
            book::write_span(self.sheet, self.row, (0, self.last), &hotlines, &bold)?;
        }
        Ok(())
    }
}
