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

use crate::diag::{Report, Severity};
use crate::error::Result;
use crate::messages::{self, summary};
use crate::plan::RosterPlan;
use crate::roster::{Gender, Roster};
use crate::table::Field;

pub use crate::roster::loaded::{LoadedRoster, grade_by_age};

/// How many notices are printed before the rest are only counted.
const NOTICES_SHOWN: usize = 20;

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
    crate::roster::loaded::read_loaded(
        &plan.path,
        &plan.options,
        plan.school.as_deref(),
        plan.grade,
    )
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

/// Prints the counts, all errors and warnings, and the first notices; the rest are counted.
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
    print_problem_list(report, full_list_file);
}

/// Prints all errors and warnings, and the first notices; the rest are counted.
pub fn print_problem_list(report: &Report, full_list_file: &str) {
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
