//! The subcommands. Each joins pipeline stages and prints a summary; none holds logic of a
//! stage itself.

pub mod audit;
pub mod balance;
pub mod check;
pub mod dropped;
pub mod group;
pub mod init;
pub mod journal;
pub mod late;
pub mod merge;
pub mod teachers;
pub mod verify;

use std::collections::HashSet;
use std::path::Path;

use crate::classname::Grade;
use crate::diag::{Report, Severity};
use crate::error::Result;
use crate::messages::{self, summary};
use crate::plan::RosterPlan;
use crate::roster::{Gender, Roster};
use crate::table::Field;

/// How many notices are printed before the rest are only counted.
const NOTICES_SHOWN: usize = 20;

/// A roster read for a command, with what was inferred about it.
pub struct LoadedRoster {
    pub roster: Roster,
    pub report: Report,
    pub school: String,
    pub grade: Option<Grade>,
    pub grade_inferred: bool,
}

/// Reads and checks the roster of a plan and prints what was found, without its problems.
///
/// # Errors
///
/// Fails when the roster file cannot be read or has no roster table.
pub fn load_roster(plan: &RosterPlan) -> Result<LoadedRoster> {
    let loaded = read_loaded_roster(plan)?;
    print_roster_summary(&loaded);
    Ok(loaded)
}

/// Reads and checks the roster of a plan without printing anything.
///
/// # Errors
///
/// As [`load_roster`].
pub fn read_loaded_roster(plan: &RosterPlan) -> Result<LoadedRoster> {
    let mut report = Report::new();
    let roster = crate::roster::read_roster(&plan.path, &plan.options, &mut report)?;
    let school = plan
        .school
        .clone()
        .or_else(|| single_school(&roster))
        .unwrap_or_default();
    let (grade, grade_inferred) = match plan.grade {
        Some(grade) => (Some(grade), false),
        None => (infer_grade(&roster, &plan.path, plan.options.today), true),
    };
    Ok(LoadedRoster {
        roster,
        report,
        school,
        grade,
        grade_inferred,
    })
}

/// The schools named in the roster's 学校 column, each once in its first spelling, when
/// there are several. Names are compared after cleaning, so `城关 二中` and `城关二中` are one.
pub fn several_schools(roster: &Roster) -> Option<Vec<String>> {
    let mut spellings: HashSet<&str> = HashSet::new();
    let mut keys: HashSet<String> = HashSet::new();
    let mut names: Vec<String> = Vec::new();
    for school in roster.students.iter().filter_map(|s| s.school.as_deref()) {
        if spellings.insert(school) && keys.insert(crate::batch::naming::school_key(school)) {
            names.push(school.to_string());
        }
    }
    (names.len() > 1).then_some(names)
}

/// The school named in the roster's 学校 column, when every student has the same one.
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

/// Prints what was read: the file, the sheets and columns, the counts, school and grade.
pub fn print_roster_summary(loaded: &LoadedRoster) {
    let roster = &loaded.roster;
    println!("{}", summary::roster_file(&roster.file));
    for layout in &roster.layouts {
        println!("{}", summary::sheet_layout(layout));
    }
    if !roster.extra_headers.is_empty() {
        println!("{}", summary::extra_columns(&roster.extra_headers));
    }
    println!(
        "{}",
        summary::student_counts(
            roster.students.len(),
            roster.boys(),
            roster.girls(),
            roster.skipped_empty
        )
    );
    println!(
        "{}",
        summary::school_and_grade(&loaded.school, loaded.grade, loaded.grade_inferred)
    );
    if !roster.has(Field::IdNumber) {
        println!("{}", summary::no_id_column());
    }
}

/// Prints all errors and warnings, and the first notices; the rest are counted.
pub fn print_problems(report: &Report, full_list_file: &str) {
    println!();
    println!(
        "{}",
        summary::problem_counts(
            report.count(Severity::Error),
            report.count(Severity::Warning),
            report.count(Severity::Notice)
        )
    );
    let mut notices = 0;
    for problem in report.sorted() {
        if problem.severity == Severity::Notice {
            notices += 1;
            if notices > NOTICES_SHOWN {
                continue;
            }
        }
        println!("  {}", messages::problem_line(problem));
    }
    if notices > NOTICES_SHOWN {
        println!(
            "  {}",
            summary::more_notices(notices - NOTICES_SHOWN, full_list_file)
        );
    }
}

pub fn boys_girls(roster: &Roster, members: &[usize]) -> (usize, usize) {
    let boys = members
        .iter()
        .filter(|&&i| roster.students[i].gender == Gender::Male)
        .count();
    (boys, members.len() - boys)
}

/// Prints the files a command wrote and the folder they are in.
pub fn print_outputs(dir: &Path, files: &[String]) {
    println!();
    println!("{}", summary::outputs_heading());
    for file in files {
        println!("  {file}");
    }
    println!("{}", summary::output_folder(dir));
}
