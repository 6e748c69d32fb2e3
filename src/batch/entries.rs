//! Matching the schools found in the rosters with the class-count table, one entry per
//! school and grade, each either ready to run or failed with its reason.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use chrono::NaiveDate;

use super::counts::{ClassCount, ClassCounts};
use super::naming::{folder_name, safe_file_name, school_key};
use super::sources::{FailedInput, GradeFrom, InputFault, SchoolRoster};
use crate::classname::Grade;
use crate::diag::Report;
use crate::error::Error;

/// One school and grade of the run, or one input that cannot be a school.
pub struct Entry {
    /// The school's name as printed; empty when no school could be named.
    pub school: String,
    pub grade: Option<Grade>,
    /// The roster file; `None` for a class count without a roster.
    pub file: Option<PathBuf>,
    /// The name of the entry's output folder, unique within the run.
    pub folder: String,
    pub classes: Option<u32>,
    pub task: Task,
}

pub enum Task {
    Run(Box<SchoolRoster>),
    Fail { failure: Failure, report: Report },
}

/// The reason a school did not run, or did not finish.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The file could not be read, or contains no roster.
    Unreadable(Error),
    /// The file names no school in a 学校 column, its name or its titles.
    NoSchoolName,
    /// Rows of a roster with a 学校 column have a blank 学校 cell.
    RowsWithoutSchool { rows: usize },
    /// Two rosters are the same school and grade.
    DuplicateRoster { other: String },
    /// The class-count table has no row for the school (and grade).
    NoClassCount,
    /// The class-count row of the school is invalid or given twice.
    ClassCountInvalid,
    /// The class-count table gives the school no grade, but it has rosters of two grades.
    ClassCountNeedsGrade,
    /// A row of the class-count table matches no roster.
    NoRoster,
    /// The roster has errors.
    RosterErrors { errors: usize },
    /// More classes than students.
    MoreClassesThanStudents { students: usize },
    /// Writing the outputs failed, or the grouping broke its guarantees.
    Stopped(Error),
}

/// Fills in the grade of each roster that has none of its own; see [`fill_grade`].
pub fn fill_grades(
    schools: &mut [SchoolRoster],
    counts: Option<&ClassCounts>,
    grade_option: Option<Grade>,
    today: NaiveDate,
) {
    for school in schools {
        fill_grade(school, counts, grade_option, today);
    }
}

/// Turns the inputs, with their grades filled in, into entries: matches class counts,
/// marks rosters given twice, and adds class counts without a roster. When one school is
/// `selected` (its compared name), the class counts of other schools are left alone.
pub fn entries(
    schools: Vec<SchoolRoster>,
    failed: Vec<FailedInput>,
    counts: Option<&ClassCounts>,
    selected: Option<&str>,
) -> Vec<Entry> {
    let duplicates = duplicate_keys(&schools);
    let inputs_per_school = count_by_school(&schools);
    let mut used: HashSet<usize> = HashSet::new();
    let mut entries = Vec::new();
    for school in schools {
        let key = school.key();
        let count = counts.map(|c| match_count(c, &key, inputs_per_school[&key.0]));
        if let Some(CountMatch::Row(index)) = count {
            used.insert(index);
        }
        entries.push(school_entry(school, count, counts, &duplicates));
    }
    entries.extend(failed.into_iter().map(failed_entry));
    if let Some(counts) = counts {
        let rosterless = rosterless_entries(counts, &used, &inputs_per_school);
        let wanted = |entry: &Entry| selected.is_none_or(|key| school_key(&entry.school) == key);
        entries.extend(rosterless.into_iter().filter(wanted));
    }
    name_folders(&mut entries);
    entries
}

/// Gives a roster without a grade of its own the grade from `--grade`, else from its only
/// class-count row, else from the students' ages.
fn fill_grade(
    school: &mut SchoolRoster,
    counts: Option<&ClassCounts>,
    option: Option<Grade>,
    today: NaiveDate,
) {
    if school.loaded.grade.is_some() {
        return;
    }
    let key = school_key(&school.loaded.school);
    let only_row = counts.and_then(|c| {
        let mut rows = c.of_school(&key);
        let first = rows.next()?;
        rows.next().is_none().then_some(first)
    });
    let (grade, from) = if let Some(grade) = option {
        (Some(grade), GradeFrom::Option)
    } else if let Some(grade) = only_row.and_then(|row| row.grade) {
        (Some(grade), GradeFrom::ClassCounts)
    } else {
        let grade = crate::roster::loaded::grade_by_age(&school.loaded.roster, today);
        let from = if grade.is_some() {
            GradeFrom::Age
        } else {
            GradeFrom::Unknown
        };
        (grade, from)
    };
    school.loaded.grade = grade;
    school.grade_from = from;
    school.loaded.grade_inferred = from != GradeFrom::Option;
}

/// Returns the keys of rosters that appear more than once, with the files that have each.
fn duplicate_keys(schools: &[SchoolRoster]) -> HashMap<(String, Option<Grade>), Vec<String>> {
    let mut files: HashMap<(String, Option<Grade>), Vec<String>> = HashMap::new();
    for school in schools {
        let name = crate::read::file_name(&school.file);
        files.entry(school.key()).or_default().push(name);
    }
    files.retain(|_, names| names.len() > 1);
    files
}

fn count_by_school(schools: &[SchoolRoster]) -> HashMap<String, usize> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for school in schools {
        *counts.entry(school.key().0).or_default() += 1;
    }
    counts
}

enum CountMatch {
    Row(usize),
    Missing,
    Ambiguous,
    NeedsGrade,
}

/// Finds the class-count row of a school and grade: the row with the same grade, or a row
/// without a grade when it is the school's only roster, or the school's only row when the
/// roster's grade is unknown.
fn match_count(counts: &ClassCounts, key: &(String, Option<Grade>), inputs: usize) -> CountMatch {
    let rows: Vec<(usize, &ClassCount)> = counts.indexed_of_school(&key.0).collect();
    let same_grade: Vec<usize> = rows
        .iter()
        .filter(|(_, row)| row.grade.is_some() && row.grade == key.1)
        .map(|(i, _)| *i)
        .collect();
    let no_grade: Vec<usize> = rows
        .iter()
        .filter(|(_, row)| row.grade.is_none())
        .map(|(i, _)| *i)
        .collect();
    match (same_grade.as_slice(), no_grade.as_slice()) {
        ([row], _) => CountMatch::Row(*row),
        ([_, _, ..], _) => CountMatch::Ambiguous,
        ([], [row]) if inputs == 1 => CountMatch::Row(*row),
        ([], [_]) => CountMatch::NeedsGrade,
        ([], [_, _, ..]) => CountMatch::Ambiguous,
        _ if key.1.is_none() && rows.len() == 1 => CountMatch::Row(rows[0].0),
        _ => CountMatch::Missing,
    }
}

fn school_entry(
    school: SchoolRoster,
    count: Option<CountMatch>,
    counts: Option<&ClassCounts>,
    duplicates: &HashMap<(String, Option<Grade>), Vec<String>>,
) -> Entry {
    let file = crate::read::file_name(&school.file);
    let mut entry = Entry {
        school: school.loaded.school.clone(),
        grade: school.loaded.grade,
        file: Some(school.file.clone()),
        folder: String::new(),
        classes: None,
        task: Task::Fail {
            failure: Failure::NoClassCount,
            report: Report::new(),
        },
    };
    let failure = if let Some(files) = duplicates.get(&school.key()) {
        let other = files.iter().find(|f| **f != file).unwrap_or(&file).clone();
        Some(Failure::DuplicateRoster { other })
    } else {
        match (count, counts) {
            (Some(CountMatch::Row(index)), Some(counts)) => {
                entry.classes = counts.rows[index].classes;
                entry
                    .classes
                    .is_none()
                    .then_some(Failure::ClassCountInvalid)
            }
            (Some(CountMatch::Missing), _) => Some(Failure::NoClassCount),
            (Some(CountMatch::Ambiguous), _) => Some(Failure::ClassCountInvalid),
            (Some(CountMatch::NeedsGrade), _) => Some(Failure::ClassCountNeedsGrade),
            _ => None,
        }
    };
    entry.task = match failure {
        Some(failure) => Task::Fail {
            failure,
            report: school.loaded.report.clone(),
        },
        None => Task::Run(Box::new(school)),
    };
    entry
}

fn failed_entry(input: FailedInput) -> Entry {
    let failure = match input.fault {
        InputFault::Unreadable(error) => Failure::Unreadable(error),
        InputFault::NoSchoolName => Failure::NoSchoolName,
        InputFault::RowsWithoutSchool { rows } => Failure::RowsWithoutSchool { rows },
    };
    Entry {
        school: String::new(),
        grade: None,
        file: Some(input.file),
        folder: String::new(),
        classes: None,
        task: Task::Fail {
            failure,
            report: input.report,
        },
    }
}

/// Entries for class-count rows that no roster matched. Rows without a school and repeated
/// rows are left out: the class-count report names them already.
fn rosterless_entries(
    counts: &ClassCounts,
    used: &HashSet<usize>,
    inputs_per_school: &HashMap<String, usize>,
) -> Vec<Entry> {
    let mut seen: HashSet<(String, Option<Grade>)> = HashSet::new();
    let mut entries = Vec::new();
    for (index, row) in counts.rows.iter().enumerate() {
        let key = (row.key.clone(), row.grade);
        if used.contains(&index) || !seen.insert(key) {
            continue;
        }
        // A school with rosters whose row did not match is failed on its roster's entry.
        if row.grade.is_none() && inputs_per_school.contains_key(&row.key) {
            continue;
        }
        entries.push(Entry {
            school: row.school.clone(),
            grade: row.grade,
            file: None,
            folder: String::new(),
            classes: row.classes,
            task: Task::Fail {
                failure: Failure::NoRoster,
                report: Report::new(),
            },
        });
    }
    entries
}

/// Names each entry's output folder, adding (2), (3), … where two entries would share one.
fn name_folders(entries: &mut [Entry]) {
    let mut used: HashSet<String> = HashSet::new();
    for entry in entries {
        let base = if entry.school.is_empty() {
            let stem = entry
                .file
                .as_deref()
                .and_then(|f| f.file_stem())
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            safe_file_name(&stem)
        } else {
            folder_name(&entry.school, entry.grade)
        };
        let mut name = base.clone();
        let mut counter = 1;
        while !used.insert(name.to_lowercase()) {
            counter += 1;
            name = format!("{base}({counter})");
        }
        entry.folder = name;
    }
}
