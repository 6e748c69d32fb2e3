//! `bianban check`: read and check a roster, print its fingerprint, and write the roster
//! confirmation sheet that supervisors sign before the seed is rolled.
//!
//! One school is checked here; a folder of rosters or a roster of many schools goes to
//! [`crate::batch`]. Both check each school with [`check_one_school`].

use super::{
    print_outputs, print_problems, print_roster_summary, read_loaded_roster, several_schools,
};
use crate::batch::{self, school::check_one_school};
use crate::error::{Error, Result};
use crate::messages::{labels, summary};
use crate::plan::{BatchPlan, CheckCommand, CheckPlan};

/// Runs `check` for one school or many.
///
/// # Errors
///
/// As [`run`] and [`batch::run`].
pub fn run_command(command: &CheckCommand) -> Result<()> {
    match command {
        CheckCommand::One(plan) => run(plan),
        CheckCommand::Batch(plan) => batch::run(plan),
    }
}

/// Runs the check of one roster and returns an error when it has errors. A roster that
/// turns out to list several schools is checked school by school.
///
/// # Errors
///
/// Fails when the roster cannot be read, has errors, or an output cannot be written.
pub fn run(plan: &CheckPlan) -> Result<()> {
    let loaded = read_loaded_roster(&plan.roster)?;
    if several_schools(&loaded.roster).is_some() {
        drop(loaded);
        return batch::run(&BatchPlan::from_check(plan));
    }
    print_roster_summary(&loaded);
    let report_file = (!loaded.report.problems.is_empty()).then_some(labels::FILE_PROBLEMS);
    print_problems(&loaded.report, report_file.unwrap_or_default());

    let checked = check_one_school(&loaded, plan)?;
    println!();
    if checked.errors > 0 {
        println!("{}", summary::no_confirmation_with_errors());
    } else {
        println!("{}", summary::fingerprint_block(&checked.fingerprint));
    }
    let written: Vec<String> = checked
        .written
        .iter()
        .map(|p| crate::read::file_name(p))
        .collect();
    print_outputs(&checked.dir, &written);
    if checked.errors > 0 {
        return Err(Error::DataErrors {
            errors: checked.errors,
        });
    }
    Ok(())
}
