//! Recognising the layouts of teacher sheets and turning their rows into class teams.
//!
//! Every visible sheet of every file is read as a class sheet (it has a 班级 column) or as
//! a teacher table (姓名 and details such as 性别, 教龄 or 职称). A class sheet is a matrix
//! when its other headers are subject names, the long form when it has 学科 and 教师
//! columns, and a head-teacher table when it has a 班主任 column and details of that head
//! teacher. The teacher tables are read first, so that names in class cells can be joined
//! to them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;

use super::details::{self, RowReader};
use super::parse::{self, split_names, subject_name};
use super::registry::Registry;
use super::{Assignment, ClassRow, SheetKind, SheetSource, TeacherProblem, TeacherSheets};
use crate::classname::{ClassKey, Grade, class_name_note, parse_class_name};
use crate::diag::{Location, Report};
use crate::error::{Error, Result, TableKind};
use crate::read::Workbook;
use crate::roster::clean::clean_text;
use crate::table::{self, Field, Record, Table, TableProblem, TableSpec};
use crate::teams::{ClassTeam, SubjectTeacher, Teams};

/// The columns a class sheet may have.
const CLASS_FIELDS: &[Field] = &[
    Field::Seq,
    Field::Class,
    Field::HeadTeacher,
    Field::Subject,
    Field::TeacherName,
    Field::StaffNo,
    Field::Gender,
    Field::TeachingYears,
    Field::WorkStart,
    Field::Title,
    Field::Honour,
    Field::Traits,
    Field::Age,
    Field::BirthDate,
    Field::Phone,
    Field::Remark,
];

/// A class sheet needs a 班级 column; what else it has decides its layout.
const CLASS_SPEC: TableSpec = TableSpec {
    accepted: CLASS_FIELDS,
    required: &[&[Field::Class]],
};

/// The columns a teacher table may have.
const TEACHER_FIELDS: &[Field] = &[
    Field::Seq,
    Field::Name,
    Field::TeacherName,
    Field::StaffNo,
    Field::Gender,
    Field::BirthDate,
    Field::Age,
    Field::Subject,
    Field::TeachingYears,
    Field::WorkStart,
    Field::Title,
    Field::Honour,
    Field::Traits,
    Field::Phone,
    Field::Remark,
];

/// A teacher table needs names and at least one detail.
const TEACHER_SPEC: TableSpec = TableSpec {
    accepted: TEACHER_FIELDS,
    required: &[
        &[Field::Name, Field::TeacherName],
        &[
            Field::Gender,
            Field::TeachingYears,
            Field::WorkStart,
            Field::Title,
            Field::Honour,
            Field::Traits,
            Field::Age,
            Field::BirthDate,
        ],
    ],
};

/// The word in a long form's subject column that marks the head teacher.
const HEAD_TEACHER_SUBJECT: &str = "班主任";

/// A class sheet that was recognised, with its layout.
struct ClassTable {
    table: Table,
    kind: SheetKind,
    /// Subject columns of a matrix: column and subject.
    subject_columns: Vec<(u32, &'static str)>,
}

#[derive(Default)]
struct Found {
    class_tables: Vec<ClassTable>,
    teacher_tables: Vec<Table>,
}

/// Reads the teacher sheets in `paths`. See [`super::read_teams`].
pub(super) fn read(
    paths: &[PathBuf],
    grade: Option<Grade>,
    today: NaiveDate,
    report: &mut Report,
) -> Result<TeacherSheets> {
    let mut books = Vec::new();
    for path in paths {
        books.push(crate::read::open(path, report)?);
    }
    let mut found = Found::default();
    for book in &books {
        find_in_book(book, &mut found, report);
    }
    if found.class_tables.is_empty() {
        return Err(no_class_sheet(&books));
    }

    let mut registry = Registry::default();
    for table in &found.teacher_tables {
        registry.add_table(table, today, report);
    }
    let grade = grade.or_else(|| sheet_grade(&found, &books));
    let mut builder = ClassBuilder {
        registry,
        grade,
        today,
        rows: Vec::new(),
        subjects: Vec::new(),
    };
    for class_table in &found.class_tables {
        builder.add_table(class_table, report);
    }
    let mut sheets = builder.finish(&found, report);
    sheets.school = title_school(&found);
    Ok(sheets)
}

/// Returns the school named in a title row of a class sheet, such as
/// `示例市第一中学2025级七年级教师任课表`. Only a name ending as school names do (中学,
/// 学校, 初中部 …) is taken, because titles also hold words such as 学年 or 学期.
fn title_school(found: &Found) -> Option<String> {
    let ends = ['学', '校', '中', '小', '部', '）', ')'];
    found
        .class_tables
        .iter()
        .flat_map(|t| t.table.titles.iter())
        .filter_map(|title| crate::batch::naming::school_in_text(title))
        .find(|name| name.ends_with(ends))
}

fn no_class_sheet(books: &[Workbook]) -> Error {
    let files: Vec<&str> = books.iter().map(|b| b.file_name.as_str()).collect();
    let sheets = books
        .iter()
        .flat_map(|b| b.sheets.iter().map(|s| s.name.clone()))
        .collect();
    Error::NoHeader {
        file: files.join("、"),
        sheets,
        expected: TableKind::TeacherSheet,
    }
}

/// Sorts the visible sheets of a workbook into class sheets and teacher tables.
fn find_in_book(book: &Workbook, found: &mut Found, report: &mut Report) {
    let mut unread = Vec::new();
    let mut any = false;
    for sheet in &book.sheets {
        if sheet.hidden {
            let location = Location::sheet(&book.file_name, &sheet.name);
            report.notice(location, crate::read::ReadProblem::HiddenSheetSkipped);
            continue;
        }
        // Each attempt reports into its own list, so a layout that is not taken leaves no
        // notices behind.
        let mut attempt = Report::new();
        if let Some(table) = table::read_table(&book.file_name, sheet, &CLASS_SPEC, &mut attempt)
            && let Some(class_table) = recognise_class_table(table)
        {
            report.extend(attempt);
            found.class_tables.push(class_table);
            any = true;
            continue;
        }
        let mut attempt = Report::new();
        if let Some(table) = table::read_table(&book.file_name, sheet, &TEACHER_SPEC, &mut attempt)
        {
            report.extend(attempt);
            found.teacher_tables.push(table);
            any = true;
            continue;
        }
        if !sheet.cells.is_empty() && !crate::table::is_guide_sheet(&sheet.name) {
            unread.push(sheet.name.clone());
        }
    }
    if any {
        for name in unread {
            let location = Location::sheet(&book.file_name, name);
            report.notice(location, TableProblem::SheetWithoutHeader);
        }
    }
}

fn recognise_class_table(table: Table) -> Option<ClassTable> {
    let subject_columns: Vec<(u32, &'static str)> = table
        .extras
        .iter()
        .filter_map(|e| subject_name(&e.header).map(|s| (e.col, s)))
        .collect();
    let kind = if table.has(Field::Subject) && table.has(Field::TeacherName) {
        SheetKind::LongForm
    } else if !subject_columns.is_empty() {
        SheetKind::Matrix {
            subjects: subject_columns.iter().map(|(_, s)| s.to_string()).collect(),
        }
    } else if table.has(Field::HeadTeacher) {
        SheetKind::HeadTeachers
    } else {
        return None;
    };
    Some(ClassTable {
        table,
        kind,
        subject_columns,
    })
}

/// Returns the grade most class names state, else one named in a title, sheet name or file
/// name.
fn sheet_grade(found: &Found, books: &[Workbook]) -> Option<Grade> {
    let mut counts: BTreeMap<Grade, usize> = BTreeMap::new();
    for class_table in &found.class_tables {
        let table = &class_table.table;
        for record in &table.records {
            let stated = table
                .get(record, Field::Class)
                .and_then(|(_, v)| parse_class_name(&v.display()))
                .and_then(|key| key.grade);
            if let Some(grade) = stated {
                *counts.entry(grade).or_default() += 1;
            }
        }
    }
    let most = counts
        .iter()
        .max_by_key(|(grade, n)| (**n, std::cmp::Reverse(**grade)));
    if let Some((grade, _)) = most {
        return Some(*grade);
    }
    let titles = found
        .class_tables
        .iter()
        .flat_map(|t| t.table.titles.iter().chain([&t.table.sheet]));
    let files = books.iter().map(|b| &b.file_name);
    titles.chain(files).find_map(|text| Grade::find_in(text))
}

struct ClassBuilder {
    registry: Registry,
    grade: Option<Grade>,
    today: NaiveDate,
    rows: Vec<ClassRow>,
    /// The subjects of matrix columns and long-form rows, in first-seen order.
    subjects: Vec<String>,
}

impl ClassBuilder {
    fn add_table(&mut self, class_table: &ClassTable, report: &mut Report) {
        match &class_table.kind {
            SheetKind::LongForm => self.add_long_form(&class_table.table, report),
            _ => {
                for (_, subject) in &class_table.subject_columns {
                    self.note_subject(subject);
                }
                for record in &class_table.table.records {
                    self.add_class_row(class_table, record, report);
                }
            }
        }
    }

    fn note_subject(&mut self, subject: &str) {
        if !self.subjects.iter().any(|s| s == subject) {
            self.subjects.push(subject.to_string());
        }
    }

    /// Reads one row of a matrix or head-teacher table.
    fn add_class_row(&mut self, class_table: &ClassTable, record: &Record, report: &mut Report) {
        let table = &class_table.table;
        let Some(mut row) = self.class_of(table, record, report) else {
            return;
        };
        self.read_heads(table, record, &mut row, report);
        // A row without a head teacher describes no one, so its detail cells are not read.
        if details::has_detail_columns(table) && row.head().is_some() {
            let head_name = self.head_name(&row);
            let reader = RowReader {
                table,
                record,
                today: self.today,
                name: &head_name,
            };
            self.registry
                .add_row_details(row.head(), &reader, &row.head_at, report);
        }
        if class_table.kind == SheetKind::HeadTeachers {
            self.add_head_subjects(table, record, &mut row, report);
        }
        for &(col, subject) in &class_table.subject_columns {
            let at = table.location(crate::diag::CellRef::new(record.row, col));
            row.subject_cells.push((subject.to_string(), at.clone()));
            let written = record.value(col).map(|v| v.display()).unwrap_or_default();
            for name in split_names(&written) {
                let teacher = self
                    .registry
                    .resolve(&name, &at, Field::TeacherName, report);
                row.assignments.push(Assignment {
                    subject: subject.to_string(),
                    teacher,
                    at: at.clone(),
                });
            }
        }
        self.push_row(row, report);
    }

    fn head_name(&self, row: &ClassRow) -> String {
        row.head()
            .map(|id| self.registry.teachers[id].name.clone())
            .unwrap_or_default()
    }

    /// Reads the 班主任 cell of a row into its head teachers.
    fn read_heads(
        &mut self,
        table: &Table,
        record: &Record,
        row: &mut ClassRow,
        report: &mut Report,
    ) {
        let Some(cell) = table.cell_of(record, Field::HeadTeacher) else {
            return;
        };
        let at = table.location(cell);
        row.head_at = at.clone();
        let written = record
            .value(cell.col)
            .map(|v| v.display())
            .unwrap_or_default();
        for name in split_names(&written) {
            let id = self
                .registry
                .resolve(&name, &at, Field::HeadTeacher, report);
            if !row.heads.contains(&id) {
                row.heads.push(id);
            }
        }
    }

    /// In a head-teacher table, the 任教学科 cell lists the subjects the head teacher
    /// teaches in the class.
    fn add_head_subjects(
        &mut self,
        table: &Table,
        record: &Record,
        row: &mut ClassRow,
        report: &mut Report,
    ) {
        let Some(cell) = table.cell_of(record, Field::Subject) else {
            return;
        };
        let reader = RowReader {
            table,
            record,
            today: self.today,
            name: "",
        };
        let subjects = reader.subjects(report);
        let Some(head) = row.head() else {
            return;
        };
        for subject in subjects {
            row.assignments.push(Assignment {
                subject,
                teacher: head,
                at: table.location(cell),
            });
        }
    }

    /// Reads the long form: rows of one class are joined into one team.
    fn add_long_form(&mut self, table: &Table, report: &mut Report) {
        let mut by_class: BTreeMap<u32, ClassRow> = BTreeMap::new();
        for record in &table.records {
            let Some(row) = self.class_of(table, record, report) else {
                continue;
            };
            let number = row.class.number;
            let class_row = by_class.entry(number).or_insert(row);
            self.read_long_row(table, record, class_row, report);
        }
        for (_, row) in by_class {
            self.push_row(row, report);
        }
    }

    fn read_long_row(
        &mut self,
        table: &Table,
        record: &Record,
        row: &mut ClassRow,
        report: &mut Report,
    ) {
        if table.has(Field::HeadTeacher) {
            self.read_heads(table, record, row, report);
        }
        let Some((_, subject_value)) = table.get(record, Field::Subject) else {
            return;
        };
        let Some((cell, teacher_value)) = table.get(record, Field::TeacherName) else {
            return;
        };
        let at = table.location(cell);
        let written_subject = parse::compact(&subject_value.display());
        let names = split_names(&teacher_value.display());

        if written_subject == HEAD_TEACHER_SUBJECT {
            row.head_at = at.clone();
            for name in names {
                let id = self
                    .registry
                    .resolve(&name, &at, Field::HeadTeacher, report);
                if !row.heads.contains(&id) {
                    row.heads.push(id);
                }
            }
            return;
        }
        let subject = match subject_name(&written_subject) {
            Some(name) => name.to_string(),
            None => {
                let problem = TeacherProblem::SubjectNotRecognised {
                    written: written_subject.clone(),
                };
                if let Some(cell) = table.cell_of(record, Field::Subject) {
                    report.notice(table.location(cell), problem);
                }
                written_subject
            }
        };

        self.note_subject(&subject);
        let subject_at = table
            .cell_of(record, Field::Subject)
            .map(|c| table.location(c))
            .unwrap_or_else(|| at.clone());
        row.subject_cells.push((subject.clone(), subject_at));
        for name in names {
            let teacher = self
                .registry
                .resolve(&name, &at, Field::TeacherName, report);
            let known = row
                .assignments
                .iter()
                .any(|a| a.subject == subject && a.teacher == teacher);
            if !known {
                row.assignments.push(Assignment {
                    subject: subject.clone(),
                    teacher,
                    at: at.clone(),
                });
            }
        }
    }

    /// Reads the class cell of a record; reports names that are no class or of another
    /// grade.
    fn class_of(&self, table: &Table, record: &Record, report: &mut Report) -> Option<ClassRow> {
        let cell = table.cell_of(record, Field::Class)?;
        let at = table.location(cell);
        let written = record
            .value(cell.col)
            .map(|v| clean_text(&v.display()).text)
            .unwrap_or_default();
        let Some(key) = parse_class_name(&written) else {
            report.error(at, TeacherProblem::ClassNameInvalid { written });
            return None;
        };
        if let (Some(stated), Some(expected)) = (key.grade, self.grade)
            && stated != expected
        {
            let problem = TeacherProblem::ClassOfOtherGrade {
                written,
                grade: stated,
                expected,
            };
            report.error(at, problem);
            return None;
        }
        let class = ClassKey {
            grade: self.grade.or(key.grade),
            number: key.number,
        };
        if let Some(note) = class_name_note(&written) {
            let problem = TeacherProblem::ClassNoteDropped {
                written: written.clone(),
                class,
                note,
            };
            report.notice(at.clone(), problem);
        }
        Some(ClassRow {
            class,
            written,
            head_at: at.clone(),
            at,
            heads: Vec::new(),
            assignments: Vec::new(),
            subject_cells: Vec::new(),
        })
    }

    /// Adds a class row, or reports it when the class has a row already.
    fn push_row(&mut self, row: ClassRow, report: &mut Report) {
        let Some(first) = self
            .rows
            .iter()
            .find(|r| r.class.number == row.class.number)
        else {
            self.rows.push(row);
            return;
        };
        let head_label = |r: &ClassRow| r.head().map(|id| self.registry.teachers[id].name.clone());
        let problem = TeacherProblem::DuplicateClass {
            class: super::class_label(row.class),
            first: first.at.clone(),
            first_head: head_label(first),
            head: head_label(&row),
        };
        report.error(row.at.clone(), problem);
    }

    fn finish(mut self, found: &Found, report: &mut Report) -> TeacherSheets {
        self.registry.set_labels();
        self.rows.sort_by_key(|r| r.class.number);
        self.report_missing_sources(found, report);
        let teams = build_teams(&self.rows, &self.registry);
        TeacherSheets {
            teams,
            teachers: self.registry.teachers,
            classes: self.rows,
            subjects: self.subjects,
            grade: self.grade,
            school: None,
            sources: sources(found),
        }
    }

    /// Says what cannot be checked because of the sheets given.
    fn report_missing_sources(&self, found: &Found, report: &mut Report) {
        let first = &found.class_tables[0].table;
        let location = Location::sheet(&first.file, &first.sheet);
        if self.subjects.is_empty() {
            report.notice(location.clone(), TeacherProblem::HeadTeachersOnly);
        }
        if !self.registry.teachers.iter().any(|t| t.has_details()) {
            report.notice(location, TeacherProblem::NoTeacherDetails);
        }
    }
}

fn build_teams(rows: &[ClassRow], registry: &Registry) -> Teams {
    let label = |id: usize| registry.teachers[id].label.clone();
    let classes = rows
        .iter()
        .map(|row| ClassTeam {
            class: row.class,
            written: row.written.clone(),
            head_teacher: row.head().map(label),
            subject_teachers: row
                .assignments
                .iter()
                .map(|a| SubjectTeacher {
                    subject: a.subject.clone(),
                    teacher: label(a.teacher),
                })
                .collect(),
        })
        .collect();
    Teams { classes }
}

fn sources(found: &Found) -> Vec<SheetSource> {
    let class_sources = found.class_tables.iter().map(|t| SheetSource {
        file: t.table.file.clone(),
        sheet: t.table.sheet.clone(),
        kind: t.kind.clone(),
        header_row: t.table.header_row,
        rows: t.table.records.len(),
    });
    let teacher_sources = found.teacher_tables.iter().map(|t| SheetSource {
        file: t.file.clone(),
        sheet: t.sheet.clone(),
        kind: SheetKind::TeacherTable,
        header_row: t.header_row,
        rows: t.records.len(),
    });
    class_sources.chain(teacher_sources).collect()
}
