//! `bianban check`: read and check a roster, print its fingerprint, and write the roster
//! confirmation sheet that supervisors sign before the seed is rolled.

use super::{LoadedRoster, load_roster, print_outputs, print_problems};
use crate::error::{Error, Result};
use crate::fingerprint::roster_fingerprint;
use crate::messages::{labels, summary};
use crate::plan::CheckPlan;
use crate::rng::ALGORITHM_VERSION;
use crate::write::run_folder::RunFolder;
use crate::write::{self, RunInfo};

/// Runs the check and returns an error when the roster has errors.
///
/// # Errors
///
/// Fails when the roster cannot be read, has errors, or an output cannot be written.
pub fn run(plan: &CheckPlan) -> Result<()> {
    let loaded = load_roster(&plan.roster)?;
    let errors = loaded.report.count(crate::diag::Severity::Error);
    let dir = plan.roster.output_dir(labels::FOLDER_CHECK);
    let report_file = (!loaded.report.problems.is_empty()).then_some(labels::FILE_PROBLEMS);
    print_problems(&loaded.report, report_file.unwrap_or_default());

    let fingerprint = roster_fingerprint(&loaded.roster.students);
    if errors > 0 {
        println!();
        println!("{}", summary::no_confirmation_with_errors());
    } else {
        println!();
        println!("{}", summary::fingerprint_block(&fingerprint));
    }

    let mut written = Vec::new();
    let run = RunFolder::begin(&dir)?;
    if let Some(file) = report_file {
        run.write(file, |path| write::problems::write(path, &loaded.report))?;
        written.push(file.to_string());
    }
    if errors == 0 {
        let info = run_info(&loaded, plan, fingerprint);
        run.write(labels::FILE_CONFIRM, |path| {
            write::confirm::write(path, &loaded.roster, &info)
        })?;
        written.push(labels::FILE_CONFIRM.to_string());
    }
    let dir = run.finish()?;
    print_outputs(&dir, &written);
    if errors > 0 {
        return Err(Error::DataErrors { errors });
    }
    Ok(())
}

fn run_info(
    loaded: &LoadedRoster,
    plan: &CheckPlan,
    roster: crate::fingerprint::Fingerprint,
) -> RunInfo {
    RunInfo {
        school: loaded.school.clone(),
        grade: loaded.grade,
        classes: plan.classes,
        seed: None,
        roster,
        grouping: None,
        algorithm: ALGORITHM_VERSION,
        time: plan.roster.started,
        earlier_runs: Vec::new(),
    }
}
