//! The class-count table of a run over many schools: one row per school and grade with the
//! number of classes it opens (学校, 年级, 班级数).

use std::collections::HashMap;
use std::path::Path;

use super::BatchProblem;
use super::naming::school_key;
use crate::classname::Grade;
use crate::diag::{CellRef, Location, Report};
use crate::error::{Error, Result, TableKind};
use crate::read::Value;
use crate::roster::clean::clean_text;
use crate::table::{Field, Record, Table, TableSpec};

const COUNT_FIELDS: &[Field] = &[
    Field::Seq,
    Field::School,
    Field::Grade,
    Field::ClassCount,
    Field::Remark,
];

/// A class-count table needs the school and the count; the grade is optional for schools
/// that enrol one grade only.
pub const CLASS_COUNTS_SPEC: TableSpec = TableSpec {
    accepted: COUNT_FIELDS,
    required: &[&[Field::School], &[Field::ClassCount]],
};

/// One row of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassCount {
    /// The school as written, cleaned.
    pub school: String,
    /// The school in its compared form, see [`school_key`].
    pub key: String,
    /// `None` when the row gives no grade; it then fits a school with one roster only.
    pub grade: Option<Grade>,
    /// `None` when the count cell is empty or invalid; the problem is in the report.
    pub classes: Option<u32>,
    /// The row's place in the file, for messages.
    pub at: Location,
}

/// The rows of the table and the problems found in it.
#[derive(Debug, Clone)]
pub struct ClassCounts {
    pub file: String,
    pub rows: Vec<ClassCount>,
    pub report: Report,
    /// The indexes in `rows` of each school's rows, by [`ClassCount::key`], so that finding a
    /// school's rows does not scan the rows of every other school.
    by_school: HashMap<String, Vec<usize>>,
}

impl ClassCounts {
    /// Returns the rows for one school, in table order.
    pub fn of_school<'a>(&'a self, key: &str) -> impl Iterator<Item = &'a ClassCount> {
        self.indexed_of_school(key).map(|(_, row)| row)
    }

    /// Returns the rows for one school with their indexes in `rows`, in table order.
    pub fn indexed_of_school<'a>(
        &'a self,
        key: &str,
    ) -> impl Iterator<Item = (usize, &'a ClassCount)> {
        let indexes = self.by_school.get(key).map_or(&[][..], Vec::as_slice);
        indexes.iter().map(|&index| (index, &self.rows[index]))
    }
}

/// Reads the class-count table.
///
/// # Errors
///
/// Fails when the file cannot be read, has no sheet with 学校 and 班级数 columns, or has no
/// rows. Problems of single rows go to the returned report.
pub fn read(path: &Path) -> Result<ClassCounts> {
    let mut report = Report::new();
    let book = crate::read::open(path, &mut report)?;
    let tables = crate::table::find_tables(&book, &CLASS_COUNTS_SPEC, &mut report);
    if tables.is_empty() {
        return Err(Error::NoHeader {
            file: book.file_name.clone(),
            sheets: book.sheets.iter().map(|s| s.name.clone()).collect(),
            expected: TableKind::ClassCounts,
        });
    }
    let mut rows = Vec::new();
    for table in &tables {
        for record in &table.records {
            if let Some(row) = count_row(table, record, &mut report) {
                rows.push(row);
            }
        }
    }
    if rows.is_empty() && !report.has_errors() {
        return Err(Error::NoRows {
            file: book.file_name,
        });
    }
    report_duplicates(&rows, &mut report);
    let mut by_school: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, row) in rows.iter().enumerate() {
        by_school.entry(row.key.clone()).or_default().push(index);
    }
    Ok(ClassCounts {
        file: book.file_name,
        rows,
        report,
        by_school,
    })
}

/// Reads one row; a row without a school is reported and left out.
fn count_row(table: &Table, record: &Record, report: &mut Report) -> Option<ClassCount> {
    let row_at = Location::row(&table.file, &table.sheet, record.row);
    let school = text(table, record, Field::School).unwrap_or_default();
    if school.is_empty() {
        report.error(row_at, BatchProblem::ClassCountNoSchool);
        return None;
    }
    let grade = match table.get(record, Field::Grade) {
        Some((cell, value)) if !value.is_blank() => {
            let written = value.display();
            let grade = Grade::parse(&written);
            if grade.is_none() {
                report.error(table.location(cell), BatchProblem::GradeInvalid { written });
            }
            grade
        }
        _ => None,
    };
    let classes = class_count(table, record, report);
    Some(ClassCount {
        key: school_key(&school),
        school,
        grade,
        classes,
        at: row_at,
    })
}

fn text(table: &Table, record: &Record, field: Field) -> Option<String> {
    let (_, value) = table.get(record, field)?;
    Some(clean_text(&value.display()).text)
}

/// Reads the count: a whole number of at least 1, written as a number or as text such as
/// `12`, `１２` or `12个班`.
fn class_count(table: &Table, record: &Record, report: &mut Report) -> Option<u32> {
    let cell = table.cell_of(record, Field::ClassCount)?;
    let value = record.value(cell.col).cloned().unwrap_or(Value::Empty);
    let parsed = parse_count(&value);
    if parsed.is_none() {
        report.error(
            table.location(CellRef::new(record.row, cell.col)),
            BatchProblem::ClassCountInvalid {
                written: value.display(),
            },
        );
    }
    parsed
}

/// Parses a class count cell.
pub fn parse_count(value: &Value) -> Option<u32> {
    match value {
        Value::Number(n) if n.fract() == 0.0 && *n >= 1.0 && *n <= f64::from(u32::MAX) => {
            Some(*n as u32)
        }
        Value::Text(text) => {
            let cleaned = clean_text(text).text;
            let digits = cleaned.trim_end_matches('班').trim_end_matches('个').trim();
            digits.parse::<u32>().ok().filter(|&n| n >= 1)
        }
        _ => None,
    }
}

/// Reports each row that repeats the school and grade of an earlier row.
fn report_duplicates(rows: &[ClassCount], report: &mut Report) {
    let mut firsts: HashMap<(&str, Option<Grade>), usize> = HashMap::new();
    for (index, row) in rows.iter().enumerate() {
        let first = *firsts.entry((row.key.as_str(), row.grade)).or_insert(index);
        if first != index {
            report.error(
                row.at.clone(),
                BatchProblem::ClassCountDuplicate {
                    school: row.school.clone(),
                    first: rows[first].at.clone(),
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::ProblemKind;

    #[test]
    fn rows_found_by_school_and_repeats_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("班级数.csv");
        let table = "学校,年级,班级数\n城关一中,七年级,12\n城关二中,七年级,8\n\
                     城关一中,八年级,10\n城关二中,七年级,9\n";
        std::fs::write(&path, table).unwrap();
        let counts = read(&path).unwrap();

        let first: Vec<Option<u32>> = counts
            .of_school(&school_key("城关一中"))
            .map(|r| r.classes)
            .collect();
        assert_eq!(first, [Some(12), Some(10)]);
        let second: Vec<usize> = counts
            .indexed_of_school(&school_key("城关二中"))
            .map(|(index, _)| index)
            .collect();
        assert_eq!(second, [1, 3]);
        assert_eq!(counts.of_school(&school_key("城关三中")).count(), 0);

        let repeats: Vec<(&Location, &str, &Location)> = counts
            .report
            .problems
            .iter()
            .filter_map(|p| match &p.kind {
                ProblemKind::Batch(BatchProblem::ClassCountDuplicate { school, first }) => {
                    Some((&p.at, school.as_str(), first))
                }
                _ => None,
            })
            .collect();
        assert_eq!(repeats.len(), 1, "{:?}", counts.report.problems);
        assert_eq!(repeats[0].1, "城关二中");
        assert_eq!(repeats[0].0, &counts.rows[3].at);
        assert_eq!(repeats[0].2, &counts.rows[1].at);
    }

    #[test]
    fn class_count_cells_parse() {
        assert_eq!(parse_count(&Value::Number(12.0)), Some(12));
        assert_eq!(parse_count(&Value::Text("１２".into())), Some(12));
        assert_eq!(parse_count(&Value::Text(" 12个班 ".into())), Some(12));
        assert_eq!(parse_count(&Value::Number(0.0)), None);
        assert_eq!(parse_count(&Value::Number(4.5)), None);
        assert_eq!(parse_count(&Value::Text("十二".into())), None);
        assert_eq!(parse_count(&Value::Empty), None);
    }
}
