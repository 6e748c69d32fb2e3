//! The teacher sheets of a school: who heads and teaches each class, who the teachers are,
//! and whether the class teams are complete and balanced.
//!
//! `sheets` recognises the layouts schools use, in one workbook or several files: a class
//! matrix, a teacher table, the long form with one row per class and subject, and a
//! head-teacher table with one row per class. `parse` reads their values, `check` finds
//! incomplete and unbalanced teams, and `suggest` proposes swaps. The tool only reads the
//! school's sheets.

pub mod check;
mod details;
pub mod parse;
mod registry;
pub mod sheets;
pub mod suggest;

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::classname::{ClassKey, Grade};
use crate::diag::{Location, Report};
use crate::error::Result;
use crate::roster::Gender;
use crate::teams::Teams;
pub use parse::Title;

/// A teacher's index in [`TeacherSheets::teachers`].
pub type TeacherId = usize;

/// The details the sheets give about one teacher. Every detail is optional because each
/// sheet layout has different columns.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Teacher {
    /// The cleaned name.
    pub name: String,
    /// The staff number (工号), which distinguishes namesakes.
    pub staff_no: Option<String>,
    /// The name as printed: the name, followed by the staff number when another teacher of
    /// the school has the same name (`张伟(工号12)`).
    pub label: String,
    pub gender: Option<Gender>,
    /// 教龄 in years.
    pub years: Option<f64>,
    pub title: Option<Title>,
    pub honours: Vec<String>,
    /// Personality tags (性格, 特点).
    pub traits: Vec<String>,
    pub age: Option<u32>,
    /// The subjects in the teacher table's 任教学科 column.
    pub subjects: Vec<String>,
    /// The row the details came from; `None` when no sheet describes the teacher.
    pub details_at: Option<Location>,
}

impl Teacher {
    pub fn has_details(&self) -> bool {
        self.details_at.is_some()
    }
}

/// One subject of one class and its teacher.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// The subject under its usual name (体育 for 体育与健康).
    pub subject: String,
    pub teacher: TeacherId,
    pub at: Location,
}

/// One class as the sheets describe it.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassRow {
    /// The class with the grade of the sheet, whatever way its name was written.
    pub class: ClassKey,
    /// The class name as written.
    pub written: String,
    /// The cell of the class name.
    pub at: Location,
    /// The head teachers named for the class: normally one. Several are reported, and the
    /// checks use the first.
    pub heads: Vec<TeacherId>,
    /// The cell of the head teacher, or the class cell when the sheet has no such column.
    pub head_at: Location,
    pub assignments: Vec<Assignment>,
    /// The cell of each subject column of a class matrix, so a missing teacher can be
    /// pointed at.
    pub subject_cells: Vec<(String, Location)>,
}

impl ClassRow {
    pub fn head(&self) -> Option<TeacherId> {
        self.heads.first().copied()
    }

    /// Returns the teachers of a subject in this class, in sheet order.
    pub fn teachers_of(&self, subject: &str) -> Vec<TeacherId> {
        self.assignments
            .iter()
            .filter(|a| a.subject == subject)
            .map(|a| a.teacher)
            .collect()
    }
}

/// The kind of a sheet that was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetKind {
    /// One row per class, a 班主任 column and one column per subject.
    Matrix { subjects: Vec<String> },
    /// One row per class and subject: 班级, 学科, 教师.
    LongForm,
    /// One row per class describing its head teacher (性别, 任教学科, 教龄, 职称 …).
    HeadTeachers,
    /// One row per teacher: 姓名, 性别, 教龄, 职称, 荣誉 ….
    TeacherTable,
}

/// A sheet that was read, for the console summary.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetSource {
    pub file: String,
    pub sheet: String,
    pub kind: SheetKind,
    /// The 0-based header row.
    pub header_row: u32,
    pub rows: usize,
}

/// Everything read from a school's teacher sheets.
#[derive(Debug, Clone, Default)]
pub struct TeacherSheets {
    /// The class teams, for the draw form and archive copies.
    pub teams: Teams,
    pub teachers: Vec<Teacher>,
    /// One row per class in class order. When a class has two rows, the first is here and
    /// the second is reported.
    pub classes: Vec<ClassRow>,
    /// The subjects the school teaches in this grade, from the class matrix or long form,
    /// in the order the sheets first name them. Empty when the sheets only list head
    /// teachers.
    pub subjects: Vec<String>,
    pub grade: Option<Grade>,
    /// The school named in a title row of the class sheets, if any.
    pub school: Option<String>,
    pub sources: Vec<SheetSource>,
}

impl TeacherSheets {
    pub fn teacher(&self, id: TeacherId) -> &Teacher {
        &self.teachers[id]
    }

    /// Checks whether any sheet describes teachers (教龄, 职称 …), so balance can be judged.
    pub fn has_details(&self) -> bool {
        self.teachers.iter().any(Teacher::has_details)
    }

    /// Returns the class row of a class number.
    pub fn class(&self, number: u32) -> Option<&ClassRow> {
        self.classes.iter().find(|c| c.class.number == number)
    }
}

/// Non-fatal findings about teacher sheets and class teams. The location names the cell.
#[derive(Debug, Clone, PartialEq)]
pub enum TeacherProblem {
    /// A class cell that names no class.
    ClassNameInvalid {
        written: String,
    },
    /// A class name with a note after 班 (七(1)班/英语实验班), read as the class alone.
    ClassNoteDropped {
        written: String,
        class: ClassKey,
        note: String,
    },
    /// A class of another grade than the sheet's (八(1)班 in a 七年级 sheet).
    ClassOfOtherGrade {
        written: String,
        grade: Grade,
        expected: Grade,
    },
    /// A second row for a class. The first row is used; both must be looked at.
    DuplicateClass {
        class: String,
        first: Location,
        first_head: Option<String>,
        head: Option<String>,
    },
    /// Several head teachers in one class cell; the first is used by the checks.
    SeveralHeadTeachers {
        class: String,
        names: Vec<String>,
    },
    /// A subject in a 任教学科 cell that is not one of the usual subject names; kept as
    /// written.
    SubjectNotRecognised {
        written: String,
    },
    /// Bracketed text after a name that is not a staff number, such as `王敏（兼）`.
    BracketNoteIgnored {
        written: String,
        note: String,
    },
    /// A teacher table row with details but no name.
    NameMissing,
    /// The same teacher twice in the teacher table with the same details; one row is used.
    DuplicateTeacherRow {
        name: String,
        first: Location,
    },
    /// Two teachers with the same name and nothing to tell them apart.
    Namesakes {
        name: String,
        first: Location,
    },
    /// A class cell names a teacher who has namesakes, without a staff number.
    AmbiguousName {
        name: String,
        count: usize,
    },
    /// A class cell gives a staff number that no teacher of this name has.
    UnknownStaffNo {
        name: String,
        staff_no: String,
    },
    /// A teacher named in a class cell who is not in the teacher table.
    NotInTeacherTable {
        name: String,
    },
    YearsApproximate {
        written: String,
        years: f64,
    },
    YearsFromDate {
        written: String,
        years: f64,
    },
    YearsInvalid {
        written: String,
    },
    /// Neither 教龄 nor 参加工作时间 is filled in.
    YearsMissing {
        name: String,
    },
    WorkStartInvalid {
        written: String,
    },
    /// 参加工作时间 gives only a year; September of that year was taken.
    WorkStartYearOnly {
        written: String,
    },
    /// An old or short title name mapped onto the current ladder.
    TitleRenamed {
        written: String,
        title: Title,
    },
    /// A title cell that also lists honours (`高级教师、骨干教师`).
    TitleWithHonours {
        written: String,
        title: Title,
        honours: Vec<String>,
    },
    TitleUnknown {
        written: String,
    },
    /// 初级 is 二级 or 三级.
    TitleAmbiguous {
        written: String,
    },
    /// 特级教师 in the title column: an honour, not a title.
    TitleIsHonour {
        written: String,
    },
    TitleMissing {
        name: String,
    },
    GenderUnknown {
        written: String,
    },
    AgeInvalid {
        written: String,
    },
    /// No sheet describes the teachers, so only completeness can be checked.
    NoTeacherDetails,
    /// The sheets list only head teachers, so subject teachers cannot be checked.
    HeadTeachersOnly,
    /// A class has no head teacher.
    HeadTeacherMissing {
        class: String,
    },
    /// One teacher heads several classes; `classes` lists them all.
    HeadOfSeveralClasses {
        name: String,
        classes: Vec<String>,
    },
    /// A subject the school teaches has no teacher in a class.
    SubjectTeacherMissing {
        class: String,
        subject: String,
    },
    /// A class number between the first and the last is missing.
    ClassMissing {
        class: String,
    },
    /// The sheets list no class at all, as a blank template.
    NoClasses,
    /// The number of classes in the sheets differs from the class count of the settings.
    ClassCountDiffers {
        found: usize,
        expected: u32,
    },
}

/// Reads a school's teacher sheets from one or more files, joins teachers to their details
/// by name, and checks that every class has one head teacher and no one heads two classes.
///
/// `grade` is the grade of the classes; without it the grade is taken from the class names
/// or titles. `today` is the date 教龄 is counted to from 参加工作时间. Problems go to `report`;
/// those that make the head teachers unreliable (unreadable or duplicate classes, namesakes,
/// one head teacher for two classes) are errors.
///
/// # Errors
///
/// Fails when a file cannot be read, or when no file has a sheet with a 班级 column.
pub fn read_teams(
    paths: &[PathBuf],
    grade: Option<Grade>,
    today: NaiveDate,
    report: &mut Report,
) -> Result<TeacherSheets> {
    let sheets = sheets::read(paths, grade, today, report)?;
    check::head_teachers(&sheets, report);
    Ok(sheets)
}

/// Returns the printed name of a class: 七(3)班, or 第3班 when the grade is unknown.
pub fn class_label(class: ClassKey) -> String {
    match class.grade {
        Some(grade) => grade.class_name(class.number),
        None => crate::messages::labels::class_without_grade(class.number),
    }
}
