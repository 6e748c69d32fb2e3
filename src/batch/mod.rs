//! Runs over many schools: a folder with one roster per school, or one roster that lists
//! several schools, checked or grouped in one go.
//!
//! Each school and grade is run exactly as a one-school run would run it, through
//! [`school::group_one_school`] or [`school::check_one_school`]: its own roster fingerprint,
//! its own key from the public seed and its name, its own output folder. A school that
//! cannot run (roster errors, no class count, an unreadable file) is reported and skipped.
//! The others still run, and the exit status tells that some failed. An overview workbook
//! lists every school.
//!
//! Schools run in parallel, one per core. Nothing a school computes depends on the others
//! or on the threads, and results are printed and listed in input order.

pub mod counts;
mod entries;
pub mod naming;
mod outcome;
pub mod parallel;
mod progress;
pub mod school;
pub mod sources;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::diag::{Location, Report};
use crate::error::{Error, OptionFault, Result};
use crate::messages::{batch as text, labels, summary};
use crate::plan::BatchPlan;
use crate::roster::StudentId;
use crate::table::Field;
use crate::write::run_folder::RunFolder;
use entries::{Entry, Task};
use naming::school_key;
use progress::Progress;
use sources::{FailedInput, Input, ReadOptions, SchoolRoster};

pub use entries::Failure;
pub use outcome::{Outcome, Work};

/// Problems found by a run over many schools, beyond those of a single roster.
#[derive(Debug, Clone, PartialEq)]
pub enum BatchProblem {
    /// A class-count cell that is not a whole number of at least 1.
    ClassCountInvalid { written: String },
    /// A class-count row without a school name.
    ClassCountNoSchool,
    /// A 年级 cell, in a roster or the class-count table, that names no known grade.
    GradeInvalid { written: String },
    /// A second class-count row for the same school and grade.
    ClassCountDuplicate { school: String, first: Location },
    /// A blank 学校 cell in a roster that has a 学校 column.
    SchoolMissing,
    /// The same ID number in another school's roster.
    IdInOtherSchool {
        id: String,
        school: String,
        at: Location,
    },
}

/// Checks or groups every school of the plan.
///
/// # Errors
///
/// Fails before any school runs when the class-count table or the roster folder cannot be
/// read, when the selected school is not in the rosters, or when a grouping of several
/// schools has no class-count table. Afterwards [`Error::SchoolsFailed`] when any school
/// failed, or [`Error::Write`] when the overview cannot be written. The schools' folders
/// written by then stay, each complete.
pub fn run(plan: &BatchPlan) -> Result<()> {
    let started = Instant::now();
    let work = match &plan.seed {
        Some(seed) => Work::Group(seed),
        None => Work::Check,
    };
    let counts = plan.class_counts.as_deref().map(counts::read).transpose()?;
    let files = sources::roster_files(&plan.roster.path, plan.class_counts.as_slice())?;
    println!(
        "{}",
        text::inputs(&plan.roster.path, files.len(), plan.class_counts.as_deref())
    );
    if let Some(counts) = &counts {
        print_report(&counts.report);
    }

    let (schools, failed) = read_rosters(&files, plan);
    let mut schools = select(schools, plan)?;
    check_ids_across_schools(&mut schools);
    let today = plan.roster.options.today;
    entries::fill_grades(&mut schools, counts.as_ref(), plan.roster.grade, today);
    let schools_read = schools.len();
    let sources = text::sources(&schools);
    let selected = plan.roster.school.as_deref().map(school_key);
    let mut entries = entries::entries(schools, failed, counts.as_ref(), selected.as_deref());
    // The count covers every entry, as the result line and the overview do.
    let rosterless = entries.iter().filter(|e| e.file.is_none()).count();
    let unread = entries.len().saturating_sub(schools_read + rosterless);
    let total = (entries.len(), unread, rosterless);
    println!("{}", text::school_count(total, &sources));
    give_single_school_classes(&mut entries, plan, counts.is_some(), &work)?;
    if let Work::Group(seed) = &work
        && let Some(weakness) = seed.weakness()
    {
        println!("{}", summary::weak_seed(seed, weakness));
    }

    let folder_label = match work {
        Work::Check => labels::FOLDER_CHECK,
        Work::Group(_) => labels::FOLDER_GROUP,
    };
    // Each school's folder is placed whole by its own run. The overview is staged like
    // them, so when it cannot be written, a run folder this run created is removed again
    // unless a school's folder is in it.
    let run = RunFolder::begin(&plan.roster.output_dir(folder_label))?;
    let outcomes = run_entries(entries, plan, run.dir(), &work);
    run.write(labels::FILE_BATCH_SUMMARY, |path| {
        crate::write::overview::write(path, &outcomes, plan)
    })?;
    let run_dir = run.finish()?;
    print_results(&outcomes, &work, &run_dir, started);

    let failed = outcomes.iter().filter(|o| o.result.is_err()).count();
    if failed > 0 {
        return Err(Error::SchoolsFailed {
            failed,
            total: outcomes.len(),
        });
    }
    Ok(())
}

/// Reads every roster file, several at a time, and splits them into schools.
fn read_rosters(files: &[PathBuf], plan: &BatchPlan) -> (Vec<SchoolRoster>, Vec<FailedInput>) {
    let options = ReadOptions {
        roster: &plan.roster.options,
        school: plan.roster.school.as_deref(),
    };
    let mut progress = Progress::new();
    let total = files.len();
    let inputs = parallel::map_reporting(
        files.to_vec(),
        |file| sources::read_file(&file, &options),
        |index, _| progress.counter(&text::reading(index + 1, total)),
    );
    progress.finish();
    let mut schools = Vec::new();
    let mut failed = Vec::new();
    for input in inputs.into_iter().flatten() {
        match input {
            Input::School(school) => schools.push(*school),
            Input::Failed(input) => failed.push(input),
        }
    }
    (schools, failed)
}

/// Keeps only the school selected with `--school` or the settings, when one is.
///
/// # Errors
///
/// [`Error::SchoolNotFound`] when no roster is that school.
fn select(schools: Vec<SchoolRoster>, plan: &BatchPlan) -> Result<Vec<SchoolRoster>> {
    let Some(wanted) = plan.roster.school.as_deref() else {
        return Ok(schools);
    };
    let key = school_key(wanted);
    let mut found: Vec<String> = Vec::new();
    for school in &schools {
        if !found.contains(&school.loaded.school) {
            found.push(school.loaded.school.clone());
        }
    }
    let selected: Vec<SchoolRoster> = schools
        .into_iter()
        .filter(|s| school_key(&s.loaded.school) == key)
        .collect();
    if selected.is_empty() {
        return Err(Error::SchoolNotFound {
            school: wanted.to_string(),
            found,
        });
    }
    Ok(selected)
}

/// Reports, as an error in both schools, every resident ID number that is in the rosters of
/// two schools: a student may be placed in one school only.
fn check_ids_across_schools(schools: &mut [SchoolRoster]) {
    let mut holders: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    for (s, school) in schools.iter().enumerate() {
        for (i, student) in school.loaded.roster.students.iter().enumerate() {
            if let StudentId::Resident(id) = &student.id {
                holders.entry(id.clone()).or_default().push((s, i));
            }
        }
    }
    let mut found: Vec<(usize, usize, usize, usize)> = Vec::new();
    for places in holders.values() {
        for &(s, i) in places {
            let other = places.iter().find(|(t, _)| *t != s);
            if let Some(&(t, j)) = other {
                found.push((s, i, t, j));
            }
        }
    }
    found.sort_unstable();
    for (s, i, t, j) in found {
        let other = &schools[t];
        let problem = BatchProblem::IdInOtherSchool {
            id: schools[s].loaded.roster.students[i].id.display(),
            school: other.loaded.school.clone(),
            at: id_location(other, j),
        };
        let at = id_location(&schools[s], i);
        schools[s].loaded.report.error(at, problem);
    }
}

fn id_location(school: &SchoolRoster, student: usize) -> Location {
    let roster = &school.loaded.roster;
    let origin = &roster.students[student].origin;
    match crate::roster::cell_of(&roster.layouts, origin, Field::IdNumber) {
        Some(cell) => Location::cell(&roster.file, &origin.sheet, cell),
        None => Location::row(&roster.file, &origin.sheet, origin.row),
    }
}

/// Without a class-count table, `--classes` or the settings' 班级数 is the count of the one
/// school the run has.
///
/// # Errors
///
/// A grouping with several schools and no table fails with [`Error::ManySchools`]; a
/// grouping of one school without any count fails as a one-school run would.
fn give_single_school_classes(
    entries: &mut [Entry],
    plan: &BatchPlan,
    has_table: bool,
    work: &Work,
) -> Result<()> {
    if has_table {
        return Ok(());
    }
    let running: Vec<usize> = (0..entries.len())
        .filter(|&i| matches!(entries[i].task, Task::Run(_)))
        .collect();
    let grouping = matches!(work, Work::Group(_));
    if grouping && running.len() > 1 {
        return Err(Error::ManySchools {
            file: crate::read::file_name(&plan.roster.path),
            schools: running.iter().map(|&i| entries[i].school.clone()).collect(),
        });
    }
    if let [only] = running.as_slice() {
        entries[*only].classes = plan.classes;
        if grouping && plan.classes.is_none() {
            return Err(Error::InvalidOption {
                option: "--classes",
                value: String::new(),
                fault: OptionFault::ClassCountMissing,
            });
        }
    }
    Ok(())
}

/// Runs every entry, one school per core, printing a line per school in order on a
/// terminal.
fn run_entries(entries: Vec<Entry>, plan: &BatchPlan, run_dir: &Path, work: &Work) -> Vec<Outcome> {
    let total = entries.len();
    let mut progress = Progress::new();
    let outcomes = parallel::map_reporting(
        entries,
        |entry| outcome::process(entry, plan, run_dir, work),
        |index, outcome| {
            progress.line(&text::school_line(index + 1, total, outcome, work));
            progress.counter(&text::running(index + 1, total));
        },
    );
    progress.finish();
    outcomes
}

/// Prints the problems of the class-count table.
fn print_report(report: &Report) {
    for problem in report.sorted() {
        println!("  {}", crate::messages::problem_line(problem));
    }
}

fn print_results(outcomes: &[Outcome], work: &Work, run_dir: &Path, started: Instant) {
    println!();
    println!("{}", text::totals(outcomes, work));
    let failed: Vec<&Outcome> = outcomes.iter().filter(|o| o.result.is_err()).collect();
    if !failed.is_empty() {
        println!("{}", text::failed_heading(work));
        for outcome in failed {
            println!("  {}", text::failure_line(outcome, work));
            for line in &outcome.error_lines {
                println!("    {line}");
            }
            if let Some(list) = &outcome.problem_list {
                println!("    {}", text::full_list(list));
            }
        }
    }
    println!();
    println!("{}", text::overview_file());
    println!("{}", summary::output_folder(run_dir));
    println!("{}", text::elapsed(started.elapsed()));
}
