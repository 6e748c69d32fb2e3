//! `bianban group`: read and check a roster, make the gender-balanced groups from the public
//! seed, and write the group lists, envelope covers, draw form and run record.
//!
//! One school is grouped here; a folder of rosters or a roster of many schools goes to
//! [`crate::batch`]. Both group each school with [`group_one_school`].

use std::path::Path;

use super::{
    LoadedRoster, print_outputs, print_problems, print_roster_summary, read_loaded_roster,
    several_schools,
};
use crate::batch::{self, school::Extras, school::group_one_school};
use crate::diag::Severity;
use crate::error::{Error, Result};
use crate::fingerprint::Fingerprint;
use crate::group::{self, Grouping};
use crate::messages::{labels, summary};
use crate::plan::{BatchPlan, GroupCommand, GroupPlan};

/// Runs `group` for one school or many.
///
/// # Errors
///
/// As [`run`] and [`batch::run`].
pub fn run_command(command: &GroupCommand) -> Result<()> {
    match command {
        GroupCommand::One(plan) => run(plan),
        GroupCommand::Batch(plan) => batch::run(plan),
    }
}

/// Runs the grouping of one school. A roster that turns out to list several schools is
/// grouped as a run over many when one of them is selected, and rejected otherwise.
///
/// # Errors
///
/// Fails when the roster cannot be read or has errors, when the class count does not fit
/// the roster, or when an output cannot be written. Nothing is written in the first cases.
pub fn run(plan: &GroupPlan) -> Result<()> {
    let loaded = read_loaded_roster(&plan.roster)?;
    if let Some(schools) = several_schools(&loaded.roster) {
        if plan.roster.school.is_some() {
            return batch::run(&BatchPlan::from_group(plan));
        }
        return Err(Error::ManySchools {
            file: loaded.roster.file.clone(),
            schools,
        });
    }
    print_roster_summary(&loaded);
    let report_file = (!loaded.report.problems.is_empty()).then_some(labels::FILE_PROBLEMS);
    print_problems(&loaded.report, report_file.unwrap_or_default());
    let errors = loaded.report.count(Severity::Error);
    if errors > 0 {
        println!("{}", summary::no_grouping_with_errors());
        return Err(Error::DataErrors { errors });
    }
    if let Some(weakness) = plan.seed.weakness() {
        println!("{}", summary::weak_seed(&plan.seed, weakness));
    }
    if loaded.school.is_empty() {
        println!("{}", summary::no_school_for_grouping());
    }

    // Teacher sheets are read before anything is written: their errors stop the run.
    let today = plan.roster.started.date();
    let head_teachers =
        super::teachers::head_teachers_for_draw(&plan.teachers, loaded.grade, today, plan.classes)?;
    let extras = Extras {
        confirmation: false,
        head_teachers,
    };
    let grouped = group_one_school(&loaded, plan, extras)?;
    if grouped.nothing_to_balance {
        super::balance::print_nothing_to_balance();
    }
    super::journal::print_earlier_groupings(&grouped.earlier_runs);
    super::journal::print_appended(&grouped.journal);
    print_grouping(&loaded, &grouped.grouping, &grouped.fingerprint);
    super::balance::print(&grouped.fairness, grouped.summary.as_ref());
    print_outputs(
        &grouped.dir,
        &grouped
            .written
            .iter()
            .map(|p| file_name(p))
            .collect::<Vec<_>>(),
    );
    Ok(())
}

fn print_grouping(loaded: &LoadedRoster, grouping: &Grouping, fingerprint: &Fingerprint) {
    let students = &loaded.roster.students;
    println!();
    println!("{}", summary::grouping_heading(grouping));
    for group in &grouping.groups {
        println!("{}", summary::group_row(group));
    }
    println!(
        "{}",
        summary::guarantees(&group::check(students, &grouping.groups))
    );
    if let Some(cap) = loaded.grade.map(|g| g.class_size_cap()) {
        let largest = grouping.groups.iter().map(|g| g.size()).max().unwrap_or(0);
        if largest > cap {
            println!("{}", summary::over_class_size_cap(largest, cap));
        }
    }
    println!();
    println!("{}", summary::fingerprint_block(&grouping.roster));
    println!("{}", summary::grouping_fingerprint(fingerprint));
}

fn file_name(path: &Path) -> String {
    crate::read::file_name(path)
}
