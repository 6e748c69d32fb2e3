//! Running one entry of a run over many schools and recording what came of it.

use std::path::Path;

use super::entries::{Entry, Failure, Task};
use super::school::{Extras, GroupedSchool, check_one_school, group_one_school};
use super::sources::{GradeFrom, NameFrom, SchoolRoster};
use crate::classname::Grade;
use crate::diag::{Report, Severity};
use crate::error::{Error, OptionFault};
use crate::fingerprint::{Fingerprint, roster_fingerprint};
use crate::messages::{self, labels};
use crate::plan::{BatchPlan, CheckPlan, GroupPlan, RosterPlan};
use crate::rng::Seed;
use crate::roster::loaded::LoadedRoster;
use crate::write::run_folder::RunFolder;

/// How many errors of a failed school are printed on the console; the problem list in its
/// folder has them all.
const ERRORS_SHOWN: usize = 5;

/// The result of one entry of the run, for the console and the overview workbook.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub school: String,
    pub grade: Option<Grade>,
    /// The roster's file name.
    pub file: Option<String>,
    /// The name of the school's output folder in the run's folder.
    pub folder: String,
    /// Whether the run wrote the school's folder: its results or its problem list.
    pub folder_written: bool,
    /// Students, boys and girls, when a roster was read.
    pub counts: Option<(usize, usize, usize)>,
    pub classes: Option<u32>,
    pub roster: Option<Fingerprint>,
    pub grouping: Option<Fingerprint>,
    pub school_from: Option<NameFrom>,
    pub grade_from: Option<GradeFrom>,
    /// `Ok` when the school was grouped or checked without errors.
    pub result: Result<(), Failure>,
    /// Warnings in the roster, counted for the status.
    pub warnings: usize,
    /// The first errors, as printed lines.
    pub error_lines: Vec<String>,
    /// The problem list written into the school's folder, relative to the run's folder.
    pub problem_list: Option<String>,
}

/// The work the run does for each school.
pub enum Work<'a> {
    Check,
    Group(&'a Seed),
}

/// Runs one entry: groups or checks a school, or records why it cannot run. A failed
/// school's problems are written into its folder so the school can fix its roster.
pub fn process(entry: Entry, plan: &BatchPlan, run_dir: &Path, work: &Work) -> Outcome {
    let folder_path = run_dir.join(&entry.folder);
    let mut outcome = Outcome {
        school: entry.school.clone(),
        grade: entry.grade,
        file: entry.file.as_deref().map(crate::read::file_name),
        folder: entry.folder.clone(),
        folder_written: false,
        counts: None,
        classes: entry.classes,
        roster: None,
        grouping: None,
        school_from: None,
        grade_from: None,
        result: Ok(()),
        warnings: 0,
        error_lines: Vec::new(),
        problem_list: None,
    };
    match entry.task {
        Task::Run(school) => run_school(
            &school,
            entry.classes,
            plan,
            &folder_path,
            work,
            &mut outcome,
        ),
        Task::Fail { failure, report } => {
            note_report(&report, &mut outcome);
            outcome.result = Err(failure);
            write_problem_list(&report, &folder_path, &mut outcome);
        }
    }
    outcome.folder_written = folder_path.is_dir();
    outcome
}

fn run_school(
    school: &SchoolRoster,
    classes: Option<u32>,
    plan: &BatchPlan,
    folder: &Path,
    work: &Work,
    outcome: &mut Outcome,
) {
    let loaded = &school.loaded;
    let roster = &loaded.roster;
    outcome.counts = Some((roster.students.len(), roster.boys(), roster.girls()));
    outcome.school_from = Some(school.school_from);
    outcome.grade_from = Some(school.grade_from);
    note_report(&loaded.report, outcome);
    let roster_plan = school_plan(plan, school, folder);
    outcome.result = match work {
        Work::Check => check(loaded, roster_plan, classes, outcome),
        Work::Group(seed) => group(loaded, roster_plan, (classes, seed), plan, outcome),
    };
    if outcome.result.is_err() && outcome.problem_list.is_none() {
        write_problem_list(&loaded.report, folder, outcome);
    }
}

fn check(
    loaded: &LoadedRoster,
    roster: RosterPlan,
    classes: Option<u32>,
    outcome: &mut Outcome,
) -> Result<(), Failure> {
    let plan = CheckPlan { roster, classes };
    let checked = check_one_school(loaded, &plan).map_err(Failure::Stopped)?;
    outcome.roster = Some(checked.fingerprint);
    if checked
        .written
        .iter()
        .any(|p| p.ends_with(labels::FILE_PROBLEMS))
    {
        outcome.problem_list = Some(relative_list(&outcome.folder));
    }
    match checked.errors {
        0 => Ok(()),
        errors => Err(Failure::RosterErrors { errors }),
    }
}

fn group(
    loaded: &LoadedRoster,
    roster: RosterPlan,
    (classes, seed): (Option<u32>, &Seed),
    batch: &BatchPlan,
    outcome: &mut Outcome,
) -> Result<(), Failure> {
    outcome.roster = Some(roster_fingerprint(&loaded.roster.students));
    let Some(classes) = classes else {
        return Err(Failure::NoClassCount);
    };
    let plan = GroupPlan {
        roster,
        classes,
        seed: seed.clone(),
        teachers: Vec::new(),
        balance: batch.balance.clone(),
    };
    let extras = Extras {
        confirmation: true,
        head_teachers: None,
    };
    match group_one_school(loaded, &plan, extras) {
        Ok(grouped) => {
            print_grouped_notes(&grouped, outcome);
            outcome.grouping = Some(grouped.fingerprint);
            if !loaded.report.problems.is_empty() {
                outcome.problem_list = Some(relative_list(&outcome.folder));
            }
            Ok(())
        }
        Err(Error::DataErrors { errors }) => Err(Failure::RosterErrors { errors }),
        Err(Error::InvalidOption {
            fault: OptionFault::MoreClassesThanStudents { students },
            ..
        }) => Err(Failure::MoreClassesThanStudents { students }),
        Err(error) => Err(Failure::Stopped(error)),
    }
}

/// Prints what a one-school run prints before its summary: that the balance options found
/// nothing to balance, earlier groupings of the roster, and the journal entry. Schools run
/// on several threads, so these lines come as each school finishes, each with the school's
/// name.
fn print_grouped_notes(grouped: &GroupedSchool, outcome: &Outcome) {
    let print = |note: &str| {
        println!(
            "{}",
            messages::batch::school_note(&outcome.school, outcome.grade, note)
        );
    };
    if grouped.nothing_to_balance {
        print(messages::balance::nothing_to_balance());
    }
    if !grouped.earlier_runs.is_empty() {
        print(&messages::journal::regrouping_warning(
            &grouped.earlier_runs,
        ));
    }
    let journal = &grouped.journal;
    if journal.faults > 0 {
        print(&messages::journal::journal_faults(journal.faults));
    }
    print(&messages::journal::recorded(
        &journal.journal,
        journal.reference.seq,
    ));
}

/// Returns the options of one school: the run's, with the school's own name, grade and folder.
fn school_plan(plan: &BatchPlan, school: &SchoolRoster, folder: &Path) -> RosterPlan {
    RosterPlan {
        path: school.file.clone(),
        school: Some(school.loaded.school.clone()),
        grade: school.loaded.grade,
        out: Some(folder.to_path_buf()),
        ..plan.roster.clone()
    }
}

/// Counts the warnings and keeps the first errors as printed lines.
fn note_report(report: &Report, outcome: &mut Outcome) {
    outcome.warnings = report.count(Severity::Warning);
    outcome.error_lines = report
        .sorted()
        .into_iter()
        .filter(|p| p.severity == Severity::Error)
        .take(ERRORS_SHOWN)
        .map(messages::problem_line)
        .collect();
}

/// Writes a failed school's problems into its folder, when it has any. A failure to write
/// leaves the school failed for its first reason, and the console names the list only when
/// it was written.
fn write_problem_list(report: &Report, folder: &Path, outcome: &mut Outcome) {
    if report.problems.is_empty() {
        return;
    }
    let Ok(run) = RunFolder::begin(folder) else {
        return;
    };
    let written = run.write(labels::FILE_PROBLEMS, |path| {
        crate::write::problems::write(path, report, &outcome.school)
    });
    if written.is_ok() && run.finish().is_ok() {
        outcome.problem_list = Some(relative_list(&outcome.folder));
    }
}

fn relative_list(folder: &str) -> String {
    format!(
        "{folder}{}{}",
        std::path::MAIN_SEPARATOR,
        labels::FILE_PROBLEMS
    )
}
