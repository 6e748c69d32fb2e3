//! Reading a current class list, as exported months later from the student registration
//! system: any column order, the usual header spellings, 班级 in any of its spellings, and
//! perhaps only a 学籍号 to tell students apart. Values are cleaned with the roster stage's
//! parsers, but no row is dropped for a missing gender or ID: the audit must see every row.

use std::path::Path;

use chrono::NaiveDate;

use super::AuditProblem;
use crate::classname::{ClassKey, parse_class_name};
use crate::diag::{Location, Report};
use crate::error::{Error, Result, TableKind};
use crate::roster::clean::{clean_name, clean_text};
use crate::roster::date::{DateOutcome, parse_date};
use crate::roster::gender::{GenderOutcome, parse_gender};
use crate::roster::idcard::{IdOutcome, parse_id};
use crate::roster::{Gender, ROSTER_FIELDS};
use crate::table::{Field, Record, Table, TableSpec};

/// A class list needs names and classes; everything else helps to match students.
pub const CURRENT_SPEC: TableSpec = TableSpec {
    accepted: ROSTER_FIELDS,
    required: &[&[Field::Name], &[Field::Class]],
};

/// One row of the current list.
#[derive(Debug, Clone, PartialEq)]
pub struct CurrentRow {
    pub at: Location,
    pub name: String,
    pub gender: Option<Gender>,
    /// A valid resident ID number.
    pub id: Option<String>,
    /// The ID cell's text when it is not a valid ID number, to show as written.
    pub id_written: Option<String>,
    pub student_no: Option<String>,
    pub birth: Option<NaiveDate>,
    pub class_text: String,
    pub class: Option<ClassKey>,
}

/// The current list read.
#[derive(Debug, Clone)]
pub struct CurrentList {
    pub file: String,
    pub rows: Vec<CurrentRow>,
    /// The columns found, for the summary.
    pub fields: Vec<Field>,
}

impl CurrentRow {
    /// The ID number, or the ID cell as written when it is not valid.
    pub fn id_text(&self) -> &str {
        self.id
            .as_deref()
            .or(self.id_written.as_deref())
            .unwrap_or_default()
    }
}

impl CurrentList {
    pub fn has(&self, field: Field) -> bool {
        self.fields.contains(&field)
    }
}

/// Reads the current list.
///
/// # Errors
///
/// Fails when the file cannot be read or no sheet has 姓名 and 班级 columns.
pub fn read_current(path: &Path, today: NaiveDate, report: &mut Report) -> Result<CurrentList> {
    let book = crate::read::open(path, report)?;
    let mut stage = Report::new();
    let tables = crate::table::find_tables(&book, &CURRENT_SPEC, &mut stage);
    if tables.is_empty() {
        return Err(Error::NoHeader {
            file: book.file_name.clone(),
            sheets: book.sheets.iter().map(|s| s.name.clone()).collect(),
            expected: TableKind::ClassList,
        });
    }
    let mut list = CurrentList {
        file: book.file_name.clone(),
        rows: Vec::new(),
        fields: Vec::new(),
    };
    for table in &tables {
        for column in &table.columns {
            if !list.fields.contains(&column.field) {
                list.fields.push(column.field);
            }
        }
        for record in &table.records {
            if let Some(row) = read_row(table, record, today, report) {
                list.rows.push(row);
            }
        }
    }
    Ok(list)
}

fn read_row(
    table: &Table,
    record: &Record,
    today: NaiveDate,
    report: &mut Report,
) -> Option<CurrentRow> {
    let text = |field: Field| {
        table
            .get(record, field)
            .map(|(_, v)| clean_text(&v.display()).text)
            .filter(|t| !t.is_empty())
    };
    let at = match table.cell_of(record, Field::Name) {
        Some(cell) => table.location(cell),
        None => Location::row(&table.file, &table.sheet, record.row),
    };
    let name = table
        .get(record, Field::Name)
        .map(|(_, v)| clean_name(&v.display()).text)
        .filter(|n| !n.is_empty());
    let Some(name) = name else {
        report.warning(at, AuditProblem::RowWithoutName);
        return None;
    };
    let id = table
        .get(record, Field::IdNumber)
        .and_then(|(_, v)| match parse_id(v, today) {
            IdOutcome::Valid { id, .. } | IdOutcome::FromStudentNo { id } => Some(id),
            _ => None,
        });
    let id_written = text(Field::IdNumber).filter(|_| id.is_none());
    let student_no = text(Field::StudentNo).map(|s| s.to_uppercase());
    let birth = table
        .get(record, Field::BirthDate)
        .and_then(|(_, v)| match parse_date(v) {
            DateOutcome::Date { date, .. } => Some(date),
            _ => None,
        });
    let birth = birth.or_else(|| id.as_deref().and_then(crate::roster::idcard::birth_date));
    let gender = table
        .get(record, Field::Gender)
        .and_then(|(_, v)| match parse_gender(v) {
            GenderOutcome::Known { gender, .. } => Some(gender),
            _ => None,
        });
    let gender = gender.or_else(|| id.as_deref().and_then(crate::roster::idcard::gender_of));
    let class_text = text(Field::Class).unwrap_or_default();
    let class = parse_class_name(&class_text);
    if class.is_none() {
        let cell = table.cell_of(record, Field::Class);
        let where_ = cell.map_or(at.clone(), |c| table.location(c));
        let problem = AuditProblem::ClassUnreadable {
            written: class_text.clone(),
        };
        report.warning(where_, problem);
    }
    Some(CurrentRow {
        at,
        name,
        gender,
        id,
        id_written,
        student_no,
        birth,
        class_text,
        class,
    })
}
