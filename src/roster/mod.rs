//! The student roster: from a workbook's table to checked students.
//!
//! Every value is cleaned and validated here, each change and fault is reported with its cell,
//! and duplicates and namesakes are resolved. Later stages see only [`Student`]s.

mod assemble;
pub mod clean;
pub mod date;
mod dedupe;
pub mod gender;
pub mod idcard;
pub mod loaded;
pub mod score;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;

pub use clean::TextChange;
pub use date::{DateFault, DateNote};
pub use gender::Gender;
pub use idcard::{IdChange, IdFault};
pub use score::{ScoreFault, ScoreNote};

use crate::diag::{CellRef, Report};
use crate::error::{Error, Result};
use crate::read::Workbook;
use crate::table::{Column, Field, TableSpec};

/// The columns a roster may have.
pub const ROSTER_FIELDS: &[Field] = &[
    Field::Seq,
    Field::Name,
    Field::Gender,
    Field::IdNumber,
    Field::DocType,
    Field::StudentNo,
    Field::BirthDate,
    Field::FromSchool,
    Field::OriginalClass,
    Field::Score,
    Field::School,
    Field::Grade,
    Field::Ethnicity,
    Field::Address,
    Field::Phone,
    Field::Remark,
    Field::RegisteredAt,
    Field::RegistrationNo,
    Field::Class,
];

/// A roster needs names, and genders or ID numbers to know the genders.
pub const ROSTER_SPEC: TableSpec = TableSpec {
    accepted: ROSTER_FIELDS,
    required: &[&[Field::Name], &[Field::Gender, Field::IdNumber]],
};

/// A student's identity document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StudentId {
    /// A valid 18-character resident ID number (also used by residence permits 81, 82, 83).
    Resident(String),
    /// Another document (passport, permit) named in a 证件类型 column; not validated.
    Other { kind: String, number: String },
    /// No document number; allowed only when the clerk says so.
    Missing,
}

impl StudentId {
    pub fn as_resident(&self) -> Option<&str> {
        match self {
            StudentId::Resident(id) => Some(id),
            _ => None,
        }
    }

    /// The number as printed on archive lists, empty when missing.
    pub fn display(&self) -> String {
        match self {
            StudentId::Resident(id) => id.clone(),
            StudentId::Other { number, .. } => number.clone(),
            StudentId::Missing => String::new(),
        }
    }
}

/// Where a student's row is in the roster file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    pub sheet: String,
    /// The 0-based row; shown 1-based through [`CellRef`].
    pub row: u32,
}

/// One checked student.
#[derive(Debug, Clone, PartialEq)]
pub struct Student {
    pub origin: Origin,
    /// The 序号 as written, for the clerk's reference only.
    pub seq: Option<String>,
    pub name: String,
    pub gender: Gender,
    pub id: StudentId,
    /// 学籍号 as written after cleaning.
    pub student_no: Option<String>,
    pub birth: Option<NaiveDate>,
    pub from_school: Option<String>,
    pub score: Option<f64>,
    /// The school the student enrols in, for rosters that list many schools.
    pub school: Option<String>,
    /// Other recognised columns (address, phone, remark, ...) as cleaned text.
    pub fields: BTreeMap<Field, String>,
    /// Values of the roster's unrecognised columns, in the order of [`Roster::extra_headers`].
    pub extras: Vec<String>,
    /// A short mark that tells namesakes apart on lists (for example the birth date).
    pub namesake_mark: Option<String>,
}

impl Student {
    pub fn field_text(&self, field: Field) -> Option<&str> {
        self.fields.get(&field).map(String::as_str)
    }
}

/// How one sheet of the roster was read, for the "which column was taken for what" summary.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetLayout {
    pub sheet: String,
    pub header_row: u32,
    pub columns: Vec<Column>,
}

/// A roster read and checked, with its students in file order.
#[derive(Debug, Clone)]
pub struct Roster {
    pub file: String,
    pub layouts: Vec<SheetLayout>,
    /// Headers of columns the tool has no meaning for, kept for the lists.
    pub extra_headers: Vec<String>,
    pub students: Vec<Student>,
    /// Empty rows that were skipped, for the summary.
    pub skipped_empty: usize,
    /// Title texts above the headers, which often name the school year and grade.
    pub titles: Vec<String>,
}

impl Roster {
    pub fn boys(&self) -> usize {
        self.students
            .iter()
            .filter(|s| s.gender == Gender::Male)
            .count()
    }

    pub fn girls(&self) -> usize {
        self.students
            .iter()
            .filter(|s| s.gender == Gender::Female)
            .count()
    }

    /// True when any sheet has this column.
    pub fn has(&self, field: Field) -> bool {
        self.layouts
            .iter()
            .any(|l| l.columns.iter().any(|c| c.field == field))
    }
}

/// Choices that change how a roster is checked.
#[derive(Debug, Clone)]
pub struct RosterOptions {
    /// Students without an ID number are accepted (with a warning) instead of an error.
    pub allow_missing_id: bool,
    /// Scores are used for balancing, so a bad score is an error rather than a warning.
    pub score_used: bool,
    /// The highest valid score.
    pub score_max: f64,
    /// The date against which birth dates are checked.
    pub today: NaiveDate,
}

impl Default for RosterOptions {
    fn default() -> Self {
        RosterOptions {
            allow_missing_id: false,
            score_used: false,
            score_max: DEFAULT_SCORE_MAX,
            today: chrono::Local::now().date_naive(),
        }
    }
}

/// The default highest score: above any total a primary graduation or entrance test gives.
pub const DEFAULT_SCORE_MAX: f64 = 750.0;

/// Non-fatal findings about students. The location names the cell or row.
#[derive(Debug, Clone, PartialEq)]
pub enum RosterProblem {
    /// A text value was cleaned.
    TextCleaned {
        field: Field,
        from: String,
        to: String,
        changes: Vec<TextChange>,
    },
    /// A row has data but no name.
    NameMissing,
    /// A name contains `?`, which usually marks a character lost when the file was saved in
    /// an encoding that does not have it.
    NameLostCharacter {
        name: String,
    },
    IdNormalized {
        from: String,
        to: String,
        changes: Vec<IdChange>,
    },
    IdInvalid {
        shown: String,
        fault: IdFault,
    },
    /// A 学籍号 (G followed by the ID) was in the ID column; the ID was taken from it.
    IdFromStudentNo {
        written: String,
        id: String,
    },
    /// No ID number. An error unless missing IDs are allowed.
    IdMissing {
        written: Option<String>,
        allowed: bool,
    },
    /// A document of another kind (passport, permit) named in the 证件类型 column.
    OtherDocument {
        kind: String,
        number: String,
    },
    GenderNormalized {
        written: String,
        gender: Gender,
    },
    /// The gender cell is blank or unknown; the gender was taken from the ID.
    GenderFromId {
        written: Option<String>,
        gender: Gender,
    },
    /// The gender cell is blank or unknown and there is no valid ID to take it from.
    GenderUnknown {
        written: Option<String>,
    },
    GenderConflict {
        written: Gender,
        from_id: Gender,
        id: String,
    },
    BirthDateNote {
        written: String,
        date: NaiveDate,
        note: DateNote,
    },
    BirthDateInvalid {
        written: String,
        fault: DateFault,
    },
    BirthDateMismatch {
        written: NaiveDate,
        from_id: NaiveDate,
    },
    ScoreNote {
        written: String,
        score: f64,
        note: ScoreNote,
    },
    /// The score is missing (blank, 缺考, -); it is left out of score balancing, never 0.
    ScoreMissing {
        written: Option<String>,
    },
    ScoreInvalid {
        written: String,
        fault: ScoreFault,
        used: bool,
    },
    /// The same student again with identical data; the later row was left out.
    DuplicateRow {
        kept: Origin,
    },
    /// The same ID on two rows with different data. Grouping waits until it is fixed.
    DuplicateId {
        id: String,
        other: Origin,
    },
    /// Students with the same name; both are kept and marked on lists.
    Namesake {
        name: String,
        others: Vec<Origin>,
        mark: String,
    },
    /// A row without ID has the name and birth date of another student.
    PossibleDuplicate {
        other: Origin,
    },
}

/// Reads and checks a roster file.
///
/// # Errors
///
/// Fails when the file cannot be read, when no sheet has a roster header, or when no
/// student rows are found. Problems with single students go to `report` instead.
pub fn read_roster(path: &Path, options: &RosterOptions, report: &mut Report) -> Result<Roster> {
    let book = crate::read::open(path, report)?;
    from_workbook(&book, options, report)
}

/// Checks the roster found in an already read workbook.
///
/// # Errors
///
/// As [`read_roster`], without the file errors.
pub fn from_workbook(
    book: &Workbook,
    options: &RosterOptions,
    report: &mut Report,
) -> Result<Roster> {
    let tables = crate::table::find_tables(book, &ROSTER_SPEC, report);
    if tables.is_empty() {
        return Err(Error::NoHeader {
            file: book.file_name.clone(),
            sheets: book.sheets.iter().map(|s| s.name.clone()).collect(),
            expected: crate::error::TableKind::Roster,
        });
    }
    let mut roster = assemble::assemble(&book.file_name, &tables, options, report);
    if roster.students.is_empty() && !report.has_errors() {
        return Err(Error::NoRows {
            file: book.file_name.clone(),
        });
    }
    dedupe::resolve(&mut roster, report);
    Ok(roster)
}

/// Builds students from tables already found, with the same cleaning and checks as
/// [`from_workbook`] but without resolving duplicates, so every row stays a student. Used
/// to read printed lists back, where a repeated student is itself a finding.
pub fn students_from_tables(
    file: &str,
    tables: &[crate::table::Table],
    options: &RosterOptions,
    report: &mut Report,
) -> Roster {
    assemble::assemble(file, tables, options, report)
}

/// Checks the students of tables found already, such as one school's rows of a roster that
/// lists several schools. Unlike [`from_workbook`], no rows is not an error here.
pub fn from_tables(
    file: &str,
    tables: &[crate::table::Table],
    options: &RosterOptions,
    report: &mut Report,
) -> Roster {
    let mut roster = assemble::assemble(file, tables, options, report);
    dedupe::resolve(&mut roster, report);
    roster
}

/// The cell of a student's field, for messages about a student found later.
pub fn cell_of(layouts: &[SheetLayout], origin: &Origin, field: Field) -> Option<CellRef> {
    let layout = layouts.iter().find(|l| l.sheet == origin.sheet)?;
    let col = layout.columns.iter().find(|c| c.field == field)?.col;
    Some(CellRef::new(origin.row, col))
}
