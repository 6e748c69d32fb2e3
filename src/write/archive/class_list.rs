//! One class's sheet: the class facts, its teachers, the student list and the head teacher's
//! signature. The archive copies list identifying columns; the posted copy lists 序号, 姓名,
//! 性别 and 班级 in two blocks side by side, so a class usually fits on one page.

use rust_xlsxwriter::{ColNum, Color, Format, FormatAlign, RowNum, Worksheet, XlsxError};

use super::{Built, ClassResult, Copy, DrawResult};
use crate::messages::{archive as words, labels};
use crate::roster::{Student, StudentId};
use crate::table::Field;
use crate::write::book::{self, Orientation};
use crate::write::pages::{self, Paginator};
use crate::write::wrap;

const STUDENT_ROW: f64 = 18.0;
/// The posted copy's rows are lower, so a class of 45 with three lines of subject teachers
/// fits on one page.
const POSTED_ROW: f64 = 16.0;
const HEADER_ROW: f64 = 22.0;
const GAP: f64 = 8.0;
/// The end line, a gap and the signature line, kept on one page.
const TAIL: [f64; 3] = [20.0, GAP, 36.0];
/// The minimum height of the posted copy's hotlines line below the tail.
const HOTLINES_ROW: f64 = 22.0;
/// The posted copy's two blocks: 序号, 姓名, 性别, 班级, then a narrow gap column.
const POSTED_BLOCK: [f64; 4] = [6.0, 12.0, 6.0, 11.0];
const POSTED_GAP: f64 = 3.0;

/// A column of the archive copies' list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Seq,
    Name,
    Gender,
    Id,
    DocumentKind,
    StudentNo,
    Birth,
    FromSchool,
    Namesake,
}

impl Column {
    fn header(self) -> &'static str {
        match self {
            Column::Seq => words::SEQ,
            Column::Name => words::NAME,
            Column::Gender => words::GENDER,
            Column::Id => labels::field(Field::IdNumber),
            Column::DocumentKind => labels::DOCUMENT_KIND,
            Column::StudentNo => labels::field(Field::StudentNo),
            Column::Birth => labels::field(Field::BirthDate),
            Column::FromSchool => labels::field(Field::FromSchool),
            Column::Namesake => labels::NAMESAKE_MARK,
        }
    }

    fn value(self, student: &Student, seq: usize) -> String {
        match self {
            Column::Seq => seq.to_string(),
            Column::Name => student.name.clone(),
            Column::Gender => labels::gender(student.gender).to_string(),
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
            Column::Namesake => student.namesake_mark.clone().unwrap_or_default(),
        }
    }
}

/// The archive columns: 序号, 姓名, 性别 always, the identifying ones when any student of
/// the whole draw has a value in them, so every class sheet has the same columns.
fn archive_columns(result: &DrawResult) -> Vec<Column> {
    let students = || {
        result
            .classes
            .iter()
            .flat_map(|c| c.students.iter().copied())
    };
    let any = |test: &dyn Fn(&Student) -> bool| students().any(test);
    let mut columns = vec![Column::Seq, Column::Name, Column::Gender];
    let optional = [
        (Column::Id, any(&|s| s.id != StudentId::Missing)),
        (
            Column::DocumentKind,
            any(&|s| matches!(s.id, StudentId::Other { .. })),
        ),
        (Column::StudentNo, any(&|s| s.student_no.is_some())),
        (Column::Birth, any(&|s| s.birth.is_some())),
        (Column::FromSchool, any(&|s| s.from_school.is_some())),
        (Column::Namesake, any(&|s| s.namesake_mark.is_some())),
    ];
    columns.extend(optional.iter().filter(|(_, has)| *has).map(|(c, _)| *c));
    columns
}

fn archive_widths(result: &DrawResult, columns: &[Column]) -> Vec<f64> {
    columns
        .iter()
        .map(|&column| {
            let values: Vec<String> = result
                .classes
                .iter()
                .flat_map(|c| {
                    c.students
                        .iter()
                        .map(move |s| column.value(s, c.students.len()))
                })
                .collect();
            let texts = std::iter::once(column.header()).chain(values.iter().map(String::as_str));
            book::column_width(texts, book::SIZE_TABLE, 5.0, 24.0)
        })
        .collect()
}

pub(super) fn build(
    result: &DrawResult,
    class: &ClassResult,
    copy: Copy,
    used: &mut Vec<String>,
) -> Result<Built, XlsxError> {
    let (columns, widths) = if copy.is_public() {
        (Vec::new(), posted_widths())
    } else {
        let columns = archive_columns(result);
        let widths = archive_widths(result, &columns);
        (columns, widths)
    };
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
    let last = widths.len().saturating_sub(1) as ColNum;
    let mut list = ClassSheet {
        sheet: &mut sheet,
        pages: &mut pages,
        row: 0,
        lead: 0,
        last,
        width: wrap::span_width(&widths),
        result,
        class,
        copy,
    };
    list.write_facts(&widths)?;
    if copy.is_public() {
        list.write_posted_table()?;
    } else {
        list.write_archive_table(&columns)?;
    }
    list.write_tail()?;
    pages.apply_with_print_area(&mut sheet, last)?;
    Ok(Built {
        sheet,
        pages: pages.pages(),
        class: Some(class.name.clone()),
    })
}

/// Returns how many of the `remaining` students go on a page with `room` points left. These
/// are all of them when they and the tail fit, else as many as two blocks hold. They are
/// never all of them when the tail alone would move to the next page, under an empty table
/// header.
fn posted_page_share(remaining: usize, room: f64, tail: f64) -> usize {
    let rows = |room: f64| (room / POSTED_ROW).floor().max(0.0) as usize;
    let fit = rows(room).max(1);
    if remaining <= 2 * rows(room - tail) {
        remaining
    } else if remaining <= 2 * fit {
        // Keep the last row's students for the next page, above the tail.
        remaining.saturating_sub(2).max(1)
    } else {
        2 * fit
    }
}

fn posted_widths() -> Vec<f64> {
    let mut widths = POSTED_BLOCK.to_vec();
    widths.push(POSTED_GAP);
    widths.extend(POSTED_BLOCK);
    widths
}

struct ClassSheet<'a, 'r> {
    sheet: &'a mut Worksheet,
    pages: &'a mut Paginator,
    row: RowNum,
    /// The first row that moves to a new page with the tail: the last two students of the
    /// archive copies' list. On the posted copy it is the tail's own first row, because the
    /// posted list keeps room for the tail itself.
    lead: RowNum,
    last: ColNum,
    /// The width of the whole sheet in column units.
    width: f64,
    result: &'a DrawResult<'r>,
    class: &'a ClassResult<'r>,
    copy: Copy,
}

impl ClassSheet<'_, '_> {
    fn line(&mut self, height: f64, text: &str, format: &Format) -> Result<(), XlsxError> {
        pages::place_row(self.sheet, self.pages, self.row, height)?;
        book::write_span(self.sheet, self.row, (0, self.last), text, format)?;
        self.row += 1;
        Ok(())
    }

    /// Writes a line of body text that wraps across the columns of these widths, in a row
    /// high enough for its lines (20 points for one).
    fn wrapped_line(
        &mut self,
        text: &str,
        format: &Format,
        widths: &[f64],
    ) -> Result<(), XlsxError> {
        let cell = [(text, wrap::span_width(widths))];
        self.line(wrap::row_height(cell, book::SIZE_BODY, 20.0), text, format)
    }

    /// Writes the title, the copy's label, any re-run line, and the class facts.
    fn write_facts(&mut self, widths: &[f64]) -> Result<(), XlsxError> {
        let class = self.class;
        let result = self.result;
        self.line(32.0, &words::class_title(&class.name), &book::title(18.0))?;
        let label = result.text.label(self.copy).to_string();
        self.line(22.0, &label, &book::title(12.0))?;
        if let Some((_, line)) = &result.rerun {
            let warning = book::body(10.0)
                .set_bold()
                .set_text_wrap()
                .set_font_color(Color::Red)
                .set_align(FormatAlign::Center);
            let cell = [(line.as_str(), wrap::span_width(widths))];
            self.line(wrap::row_height(cell, 10.0, 20.0), line, &warning)?;
        }
        let grade = result.info.grade.map(|g| g.label()).unwrap_or_default();
        let place = format!(
            "{}：{}　{grade}　{}：{}",
            labels::SCHOOL,
            labels::school_or_blank(&result.info.school),
            words::DRAW_DATE,
            labels::date(result.date)
        );
        let text = book::body(book::SIZE_BODY).set_text_wrap();
        self.wrapped_line(&place, &text, widths)?;
        let counts = labels::group_counts(class.students.len(), class.boys(), class.girls());
        let teacher = class.head_teacher.clone().unwrap_or_default();
        self.line(
            20.0,
            &words::class_facts(&teacher, class.group, &counts),
            &text,
        )?;
        if !class.subject_teachers.is_empty() {
            let pairs: Vec<(String, String)> = class
                .subject_teachers
                .iter()
                .map(|t| (t.subject.clone(), t.teacher.clone()))
                .collect();
            let line = words::subject_teachers(&pairs);
            self.wrapped_line(&line, &text, widths)?;
        }
        let seal = format!("{}：{}", labels::GROUP_SEAL, class.seal.grouped());
        self.line(18.0, &seal, &book::mono(9.0).set_shrink())?;
        self.line(GAP, "", &book::body(8.0))
    }

    fn header_row(&mut self, titles: &[&str]) -> Result<(), XlsxError> {
        let header = book::table_header();
        pages::place_row(self.sheet, self.pages, self.row, HEADER_ROW)?;
        self.pages.repeat_height(HEADER_ROW);
        for (col, title) in titles.iter().enumerate() {
            if !title.is_empty() {
                self.sheet
                    .write_string_with_format(self.row, col as ColNum, *title, &header)?;
            }
        }
        book::repeat_header_row(self.sheet, self.row)?;
        self.row += 1;
        Ok(())
    }

    fn write_archive_table(&mut self, columns: &[Column]) -> Result<(), XlsxError> {
        let titles: Vec<&str> = columns.iter().map(|c| c.header()).collect();
        self.header_row(&titles)?;
        let text = book::text_cell(book::SIZE_TABLE)
            .set_align(FormatAlign::Center)
            .set_shrink();
        let first = self.row;
        for (index, student) in self.class.students.iter().enumerate() {
            pages::place_row(self.sheet, self.pages, self.row, STUDENT_ROW)?;
            for (col, column) in columns.iter().enumerate() {
                let value = column.value(student, index + 1);
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

    /// Writes the posted list in two blocks side by side: on each page the first half of the
    /// page's students on the left, the second half on the right.
    fn write_posted_table(&mut self) -> Result<(), XlsxError> {
        let block = [words::SEQ, words::NAME, words::GENDER, words::CLASS];
        let mut titles: Vec<&str> = block.to_vec();
        titles.push("");
        titles.extend(block);
        self.header_row(&titles)?;
        let students = &self.class.students;
        let mut start = 0;
        while start < students.len() {
            let tail: f64 = self.tail_heights().iter().sum();
            let take = posted_page_share(students.len() - start, self.pages.room_left(), tail);
            let rows = take.div_ceil(2);
            for offset in 0..rows {
                pages::place_row(self.sheet, self.pages, self.row, POSTED_ROW)?;
                self.write_posted_student(0, start + offset)?;
                if offset + rows < take {
                    self.write_posted_student(5, start + rows + offset)?;
                }
                self.row += 1;
            }
            start += take;
            if start < students.len() {
                self.pages.new_page(self.row);
            }
        }
        self.lead = self.row;
        Ok(())
    }

    /// Returns the heights of the rows after the list, which are kept on one page.
    fn tail_heights(&self) -> Vec<f64> {
        let mut heights = TAIL.to_vec();
        if let Some(hotlines) = self.hotlines() {
            heights.push(self.hotlines_height(&hotlines));
        }
        heights
    }

    fn hotlines_height(&self, hotlines: &str) -> f64 {
        wrap::row_height([(hotlines, self.width)], book::SIZE_BODY, HOTLINES_ROW)
    }

    fn write_posted_student(&mut self, first_col: ColNum, index: usize) -> Result<(), XlsxError> {
        let Some(student) = self.class.students.get(index) else {
            return Ok(());
        };
        let text = book::text_cell(book::SIZE_TABLE)
            .set_align(FormatAlign::Center)
            .set_shrink();
        let values = [
            (index + 1).to_string(),
            self.result.name_on(self.copy, &student.name),
            labels::gender(student.gender).to_string(),
            self.class.name.clone(),
        ];
        for (offset, value) in values.iter().enumerate() {
            let col = first_col + offset as ColNum;
            self.sheet
                .write_string_with_format(self.row, col, book::cell_text(value), &text)?;
        }
        Ok(())
    }

    /// Writes the end line and the head teacher's signature on one page, and on the posted
    /// copy the hotlines.
    fn write_tail(&mut self) -> Result<(), XlsxError> {
        self.pages
            .closing_block(self.lead, self.row, &self.tail_heights());
        let text = book::body(book::SIZE_BODY);
        let end = words::class_end(self.class.students.len());
        let teacher = self
            .class
            .head_teacher
            .clone()
            .unwrap_or_else(|| labels::BLANK.to_string());
        let rows = [
            (TAIL[0], end),
            (TAIL[1], String::new()),
            (TAIL[2], words::head_teacher_signature(&teacher)),
        ];
        for (height, line) in rows {
            self.sheet.set_row_height(self.row, height)?;
            book::write_span(self.sheet, self.row, (0, self.last), &line, &text)?;
            self.row += 1;
        }
        if let Some(hotlines) = self.hotlines() {
            let height = self.hotlines_height(&hotlines);
            self.sheet.set_row_height(self.row, height)?;
            let bold = text.set_bold().set_text_wrap();
            book::write_span(self.sheet, self.row, (0, self.last), &hotlines, &bold)?;
        }
        Ok(())
    }

    /// Returns the hotline line on the posted copy when the setting has numbers.
    fn hotlines(&self) -> Option<String> {
        let line = words::hotlines(&self.result.text.hotlines)?;
        self.copy.is_public().then_some(line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TAIL_HEIGHT: f64 = 86.0;

    #[test]
    fn posted_share_takes_all_when_tail_fits() {
        let room = TAIL_HEIGHT + 23.0 * POSTED_ROW;
        assert_eq!(posted_page_share(45, room, TAIL_HEIGHT), 45);
        assert_eq!(posted_page_share(46, room, TAIL_HEIGHT), 46);
    }

    #[test]
    fn posted_share_fills_two_blocks_when_more_follow() {
        let room = 10.0 * POSTED_ROW;
        assert_eq!(posted_page_share(45, room, TAIL_HEIGHT), 20);
    }

    #[test]
    fn posted_share_keeps_students_above_tail() {
        // All 40 fit in two blocks of 20 rows, but the tail does not fit below them.
        let room = 20.0 * POSTED_ROW + 10.0;
        assert_eq!(posted_page_share(40, room, TAIL_HEIGHT), 38);
        assert_eq!(posted_page_share(1, room, TAIL_HEIGHT), 1);
    }

    #[test]
    fn posted_share_always_moves_on() {
        assert_eq!(posted_page_share(3, 0.0, TAIL_HEIGHT), 2);
    }
}
