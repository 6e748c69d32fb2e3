//! Matching the balance options to a roster: column names to values, list files and list
//! columns to sets of students.

use std::collections::BTreeMap;
use std::path::Path;

use super::options::{BalanceOptions, ListSource, ScoreSource};
use super::{
    BalanceError, BalanceRequest, CategoryAttribute, ScoreAttribute, SetOrigin, StudentRef,
    StudentSet, score_hundredths,
};
use crate::diag::{CellRef, Report};
use crate::error::{Error, Result};
use crate::read::Value;
use crate::roster::clean::{clean_name, clean_text};
use crate::roster::score::{ScoreOutcome, parse_score};
use crate::roster::{Roster, Student, StudentId};
use crate::table::Field;
use crate::table::header::{MatchStrength, match_header, normalize_header};

/// Columns that tell students apart rather than sort them into categories.
const IDENTITY_FIELDS: [Field; 7] = [
    Field::Seq,
    Field::Name,
    Field::Gender,
    Field::IdNumber,
    Field::StudentNo,
    Field::BirthDate,
    Field::Score,
];

/// Invalid cells listed in one message before the rest are only counted.
const CELLS_SHOWN: usize = 5;

/// A roster column found by its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ColumnRef {
    Field(Field),
    Extra(usize),
}

/// Resolves the options against the roster. `score_max` is the highest valid score.
///
/// # Errors
///
/// [`Error::Balance`] when a column is not in the roster, a score is not a number, or a list
/// names a student who is not on the roster (or a name that several students share);
/// the read errors of a list file that cannot be opened.
pub fn resolve(
    options: &BalanceOptions,
    roster: &Roster,
    score_max: f64,
) -> Result<BalanceRequest> {
    let score = match &options.score {
        Some(source) => Some(score_attribute(roster, source, score_max)?),
        None => None,
    };
    let columns = options
        .columns
        .iter()
        .map(|name| category_attribute(roster, name))
        .collect::<Result<Vec<_>>>()?;
    let sets = |source: &Option<ListSource>, option: &'static str| match source {
        Some(source) => student_sets(roster, source, option),
        None => Ok(Vec::new()),
    };
    Ok(BalanceRequest {
        score,
        columns,
        separate_namesakes: options.separate_namesakes,
        separate_homophones: options.separate_homophones,
        together: sets(&options.together, OPTION_TOGETHER)?,
        apart: sets(&options.apart, OPTION_APART)?,
    })
}

pub const OPTION_SCORE: &str = "--score-column";
pub const OPTION_COLUMN: &str = "--balance-column";
pub const OPTION_TOGETHER: &str = "--together";
pub const OPTION_APART: &str = "--apart";

fn balance_error(error: BalanceError) -> Error {
    Error::Balance(Box::new(error))
}

fn score_attribute(roster: &Roster, source: &ScoreSource, max: f64) -> Result<ScoreAttribute> {
    let column = match source {
        ScoreSource::Roster if roster.has(Field::Score) => ColumnRef::Field(Field::Score),
        ScoreSource::Roster => {
            return Err(balance_error(BalanceError::NoScoreColumn {
                available: available_columns(roster),
            }));
        }
        ScoreSource::Column(name) => find_column(roster, name, OPTION_SCORE)?,
    };
    let label = column_label(roster, column);
    if column == ColumnRef::Field(Field::Score) {
        return recognised_scores(roster, label);
    }
    let mut hundredths = Vec::with_capacity(roster.students.len());
    let mut invalid = Vec::new();
    for student in &roster.students {
        let text = column_text(student, column).unwrap_or_default();
        match parse_score(&Value::Text(text.clone()), max) {
            ScoreOutcome::Score { value, .. } => match score_hundredths(value) {
                Some(x) => hundredths.push(Some(x)),
                None => invalid.push((StudentRef::of(student), text)),
            },
            ScoreOutcome::Missing { .. } => hundredths.push(None),
            ScoreOutcome::Invalid { .. } => invalid.push((StudentRef::of(student), text)),
        }
    }
    if !invalid.is_empty() {
        let count = invalid.len();
        invalid.truncate(CELLS_SHOWN);
        return Err(balance_error(BalanceError::ScoresInvalid {
            column: label,
            examples: invalid,
            count,
        }));
    }
    Ok(ScoreAttribute { label, hundredths })
}

/// Scores of the recognised score column, already checked by the roster stage.
fn recognised_scores(roster: &Roster, label: String) -> Result<ScoreAttribute> {
    let mut hundredths = Vec::with_capacity(roster.students.len());
    for student in &roster.students {
        match student.score {
            Some(score) => match score_hundredths(score) {
                Some(x) => hundredths.push(Some(x)),
                None => {
                    return Err(balance_error(BalanceError::ScoreTooLarge {
                        student: StudentRef::of(student),
                        score,
                    }));
                }
            },
            None => hundredths.push(None),
        }
    }
    Ok(ScoreAttribute { label, hundredths })
}

fn category_attribute(roster: &Roster, name: &str) -> Result<CategoryAttribute> {
    let column = find_column(roster, name, OPTION_COLUMN)?;
    if let ColumnRef::Field(field) = column
        && IDENTITY_FIELDS.contains(&field)
    {
        return Err(balance_error(BalanceError::NotACategory {
            column: name.to_string(),
            field,
        }));
    }
    let values = roster
        .students
        .iter()
        .map(|s| column_text(s, column).unwrap_or_default())
        .collect();
    Ok(CategoryAttribute {
        label: column_label(roster, column),
        values,
    })
}

/// Finds a column by its header: an unrecognised column with that header, a recognised
/// column with that header, or a recognised column whose usual name or synonym it is.
fn find_column(roster: &Roster, name: &str, option: &'static str) -> Result<ColumnRef> {
    let wanted = normalize_header(name);
    let extra = roster
        .extra_headers
        .iter()
        .position(|h| normalize_header(h) == wanted);
    if let Some(i) = extra {
        return Ok(ColumnRef::Extra(i));
    }
    let columns = roster.layouts.iter().flat_map(|l| &l.columns);
    if let Some(column) = columns
        .clone()
        .find(|c| normalize_header(&c.header) == wanted)
    {
        return Ok(ColumnRef::Field(column.field));
    }
    let by_label = columns
        .clone()
        .find(|c| normalize_header(crate::messages::field_label(c.field)) == wanted);
    if let Some(column) = by_label {
        return Ok(ColumnRef::Field(column.field));
    }
    let synonym = match_header(name, crate::roster::ROSTER_FIELDS);
    if let Some((field, MatchStrength::Exact)) = synonym
        && roster.has(field)
    {
        return Ok(ColumnRef::Field(field));
    }
    Err(balance_error(BalanceError::NoSuchColumn {
        option,
        column: name.to_string(),
        available: available_columns(roster),
    }))
}

/// Lists the headers of the roster's recognised columns, then of the other columns,
/// without repeats.
fn available_columns(roster: &Roster) -> Vec<String> {
    let mut headers: Vec<String> = Vec::new();
    let recognised = roster.layouts.iter().flat_map(|l| &l.columns);
    for header in recognised
        .map(|c| c.header.trim().to_string())
        .chain(roster.extra_headers.iter().cloned())
    {
        if !header.is_empty() && !headers.contains(&header) {
            headers.push(header);
        }
    }
    headers
}

/// Returns the header shown for a column, as the roster writes it.
fn column_label(roster: &Roster, column: ColumnRef) -> String {
    match column {
        ColumnRef::Extra(i) => roster.extra_headers.get(i).cloned().unwrap_or_default(),
        ColumnRef::Field(field) => roster
            .layouts
            .iter()
            .flat_map(|l| &l.columns)
            .find(|c| c.field == field)
            .map(|c| c.header.trim().to_string())
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| crate::messages::field_label(field).to_string()),
    }
}

/// Returns a student's value in a column, cleaned, or `None` when the cell is empty.
fn column_text(student: &Student, column: ColumnRef) -> Option<String> {
    let text = match column {
        ColumnRef::Extra(i) => student.extras.get(i).cloned(),
        ColumnRef::Field(Field::FromSchool) => student.from_school.clone(),
        ColumnRef::Field(Field::School) => student.school.clone(),
        ColumnRef::Field(Field::Score) => student.score.map(crate::fingerprint::canonical_number),
        ColumnRef::Field(field) => student.field_text(field).map(str::to_string),
    }?;
    let cleaned = clean_text(&text).text;
    (!cleaned.is_empty()).then_some(cleaned)
}

fn student_sets(
    roster: &Roster,
    source: &ListSource,
    option: &'static str,
) -> Result<Vec<StudentSet>> {
    match source {
        ListSource::Column(name) => column_sets(roster, name, option),
        ListSource::File(path) => file_sets(roster, path),
    }
}

/// Students that share a non-empty value in a roster column form one set.
fn column_sets(roster: &Roster, name: &str, option: &'static str) -> Result<Vec<StudentSet>> {
    let column = find_column(roster, name, option)?;
    let label = column_label(roster, column);
    let mut by_value: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, student) in roster.students.iter().enumerate() {
        if let Some(value) = column_text(student, column) {
            by_value.entry(value).or_default().push(i);
        }
    }
    Ok(by_value
        .into_iter()
        .filter(|(_, members)| members.len() > 1)
        .map(|(value, members)| StudentSet {
            members,
            origin: SetOrigin::Column {
                column: label.clone(),
                value,
            },
        })
        .collect())
}

/// Reads a list file: each non-empty row of each visible sheet is one set of students, named
/// by name, ID number or 学籍号. Short numbers (序号) are skipped, and so is a first row that
/// names no student (a header).
fn file_sets(roster: &Roster, path: &Path) -> Result<Vec<StudentSet>> {
    let book = crate::read::open(path, &mut Report::new())?;
    let finder = StudentFinder::new(&roster.students);
    let mut sets = Vec::new();
    for sheet in book.sheets.iter().filter(|s| !s.hidden) {
        for (k, (row, cells)) in sheet.rows().enumerate() {
            let origin = SetOrigin::Row {
                file: book.file_name.clone(),
                sheet: sheet.name.clone(),
                row,
            };
            let named: Vec<(CellRef, String)> = cells
                .iter()
                .filter_map(|c| reference_text(&c.value).map(|t| (c.at, t)))
                .collect();
            let found: Vec<Lookup> = named.iter().map(|(_, t)| finder.find(t)).collect();
            let header = k == 0 && found.iter().all(|f| matches!(f, Lookup::None));
            if header || named.is_empty() {
                continue;
            }
            let members = set_members(&named, &found, &origin)?;
            sets.push(StudentSet { members, origin });
        }
    }
    Ok(sets)
}

fn set_members(
    named: &[(CellRef, String)],
    found: &[Lookup],
    origin: &SetOrigin,
) -> Result<Vec<usize>> {
    let mut members = Vec::new();
    for ((cell, text), lookup) in named.iter().zip(found) {
        match lookup {
            Lookup::One(i) => members.push(*i),
            Lookup::None => {
                return Err(balance_error(BalanceError::ListUnknownStudent {
                    origin: origin.clone(),
                    cell: *cell,
                    text: text.clone(),
                }));
            }
            Lookup::Many(count) => {
                return Err(balance_error(BalanceError::ListAmbiguousName {
                    origin: origin.clone(),
                    cell: *cell,
                    name: text.clone(),
                    count: *count,
                }));
            }
        }
    }
    members.sort_unstable();
    members.dedup();
    if members.len() < 2 {
        return Err(balance_error(BalanceError::ListTooShort {
            origin: origin.clone(),
        }));
    }
    Ok(members)
}

/// Returns the text of a cell that may name a student, or `None` for blanks and short
/// numbers such as a 序号.
fn reference_text(value: &Value) -> Option<String> {
    let text = match value {
        Value::Number(n) if n.abs() < 100_000.0 => return None,
        Value::Empty => return None,
        other => other.display(),
    };
    let cleaned = clean_text(&text).text;
    let short_number = cleaned.len() < 6 && cleaned.bytes().all(|b| b.is_ascii_digit());
    (!cleaned.is_empty() && !short_number).then_some(cleaned)
}

/// The result of looking up a list cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lookup {
    None,
    One(usize),
    /// A name that this many students share.
    Many(usize),
}

/// Finds students by ID number, 学籍号 or name.
struct StudentFinder {
    numbers: BTreeMap<String, usize>,
    names: BTreeMap<String, Vec<usize>>,
}

impl StudentFinder {
    fn new(students: &[Student]) -> StudentFinder {
        let mut numbers = BTreeMap::new();
        let mut names: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, student) in students.iter().enumerate() {
            match &student.id {
                StudentId::Resident(id) | StudentId::Other { number: id, .. } => {
                    numbers.insert(id.to_uppercase(), i);
                }
                StudentId::Missing => {}
            }
            if let Some(no) = &student.student_no {
                numbers.insert(no.to_uppercase(), i);
            }
            names.entry(student.name.clone()).or_default().push(i);
        }
        StudentFinder { numbers, names }
    }

    fn find(&self, text: &str) -> Lookup {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if let Some(&i) = self.numbers.get(&compact.to_uppercase()) {
            return Lookup::One(i);
        }
        match self.names.get(&clean_name(text).text).map(Vec::as_slice) {
            Some([i]) => Lookup::One(*i),
            Some(many) if many.len() > 1 => Lookup::Many(many.len()),
            _ => Lookup::None,
        }
    }
}
