//! A roster read for a command, with the school and grade inferred from it when they were
//! not given.

use std::path::Path;

use super::{Roster, RosterOptions};
use crate::classname::Grade;
use crate::diag::Report;
use crate::error::Result;
use crate::table::Field;

/// A roster read for a command, with what was inferred about it.
pub struct LoadedRoster {
    pub roster: Roster,
    pub report: Report,
    pub school: String,
    pub grade: Option<Grade>,
    pub grade_inferred: bool,
}

/// Reads and checks a roster without printing anything. A school or grade that is not
/// given is taken from the roster.
///
/// # Errors
///
/// Fails when the roster file cannot be read or has no roster table.
pub fn read_loaded(
    path: &Path,
    options: &RosterOptions,
    school: Option<&str>,
    grade: Option<Grade>,
) -> Result<LoadedRoster> {
    let mut report = Report::new();
    let roster = super::read_roster(path, options, &mut report)?;
    let school = school
        .map(str::to_string)
        .or_else(|| single_school(&roster))
        .unwrap_or_default();
    let (grade, grade_inferred) = match grade {
        Some(grade) => (Some(grade), false),
        None => (infer_grade(&roster, path, options.today), true),
    };
    Ok(LoadedRoster {
        roster,
        report,
        school,
        grade,
        grade_inferred,
    })
}

/// Returns the school named in the roster's 学校 column when every student has the same one.
fn single_school(roster: &Roster) -> Option<String> {
    let first = roster.students.first()?.school.clone()?;
    roster
        .students
        .iter()
        .all(|s| s.school.as_ref() == Some(&first))
        .then_some(first)
}

/// Guesses the entry grade: from the roster's 年级 column, else from the file name, sheet
/// names and title rows, else from the students' median age on 1 September (about 6 for
/// grade 1, about 12 for grade 7; the nearer of the two entry grades is taken).
fn infer_grade(roster: &Roster, path: &Path, today: chrono::NaiveDate) -> Option<Grade> {
    let from_column = roster
        .students
        .iter()
        .find_map(|s| s.field_text(Field::Grade))
        .and_then(Grade::parse);
    let file = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let texts = std::iter::once(file.as_str())
        .chain(roster.layouts.iter().map(|l| l.sheet.as_str()))
        .chain(roster.titles.iter().map(String::as_str));
    let from_texts = texts.filter_map(Grade::find_in).next();
    from_column
        .or(from_texts)
        .or_else(|| grade_by_age(roster, today))
}

/// Guesses the entry grade from the students' median age on 1 September.
pub fn grade_by_age(roster: &Roster, today: chrono::NaiveDate) -> Option<Grade> {
    use chrono::Datelike;
    let year = if today.month() >= 7 {
        today.year()
    } else {
        today.year() - 1
    };
    let term_start = chrono::NaiveDate::from_ymd_opt(year, 9, 1)?;
    let mut ages: Vec<u32> = roster
        .students
        .iter()
        .filter_map(|s| s.birth)
        .filter_map(|b| term_start.years_since(b))
        .collect();
    if ages.is_empty() {
        return None;
    }
    ages.sort_unstable();
    Some(if ages[ages.len() / 2] <= 9 {
        Grade::FIRST
    } else {
        Grade::SEVENTH
    })
}
