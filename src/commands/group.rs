//! `bianban group`: read and check a roster, make the gender-balanced groups from the public
//! seed, and write the group lists, envelope covers, draw form and run record.

use std::path::{Path, PathBuf};

use super::{LoadedRoster, load_roster, print_outputs, print_problems};
use crate::diag::Severity;
use crate::error::{Error, InternalFault, OptionFault, Result};
use crate::fingerprint::roster_fingerprint;
use crate::group::{self, GroupRequest, Grouping};
use crate::messages::{labels, summary};
use crate::plan::GroupPlan;
use crate::write::run_folder::RunFolder;
use crate::write::{self, RunInfo, record::RunRecord};

/// Runs the grouping.
///
/// # Errors
///
/// Fails when the roster cannot be read or has errors, when the class count does not fit
/// the roster, or when an output cannot be written. Nothing is written in the first cases.
pub fn run(plan: &GroupPlan) -> Result<()> {
    let loaded = load_roster(&plan.roster)?;
    let report_file = (!loaded.report.problems.is_empty()).then_some(labels::FILE_PROBLEMS);
    print_problems(&loaded.report, report_file.unwrap_or_default());
    let errors = loaded.report.count(Severity::Error);
    if errors > 0 {
        println!("{}", summary::no_grouping_with_errors());
        return Err(Error::DataErrors { errors });
    }
    check_class_count(&loaded, plan.classes)?;
    if let Some(weakness) = plan.seed.weakness() {
        println!("{}", summary::weak_seed(&plan.seed, weakness));
    }

    let grouping = make_groups(&loaded, plan)?;
    print_grouping(&loaded, &grouping);
    let run = RunFolder::begin(&plan.roster.output_dir(labels::FOLDER_GROUP))?;
    let written = write_outputs(&run, &loaded, plan, &grouping, report_file)?;
    let dir = run.finish()?;
    print_outputs(
        &dir,
        &written.iter().map(|p| file_name(p)).collect::<Vec<_>>(),
    );
    Ok(())
}

fn check_class_count(loaded: &LoadedRoster, classes: u32) -> Result<()> {
    let students = loaded.roster.students.len();
    if classes as usize > students {
        return Err(Error::InvalidOption {
            option: "--classes",
            value: classes.to_string(),
            fault: OptionFault::MoreClassesThanStudents { students },
        });
    }
    Ok(())
}

fn make_groups(loaded: &LoadedRoster, plan: &GroupPlan) -> Result<Grouping> {
    let request = GroupRequest {
        students: &loaded.roster.students,
        classes: plan.classes,
        seed: &plan.seed,
        school: &loaded.school,
        roster: roster_fingerprint(&loaded.roster.students),
    };
    let grouping = group::make_groups(&request);
    let guarantees = group::check(&loaded.roster.students, &grouping.groups);
    // The dealing makes these hold by construction; a failure here is a bug, and no sheet
    // may be printed from a grouping that breaks them.
    if !guarantees.hold() {
        return Err(Error::Internal {
            what: InternalFault::GroupingGuarantees,
        });
    }
    Ok(grouping)
}

fn print_grouping(loaded: &LoadedRoster, grouping: &Grouping) {
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
    println!(
        "{}",
        summary::grouping_fingerprint(&grouping.fingerprint(students))
    );
}

fn write_outputs(
    run: &RunFolder,
    loaded: &LoadedRoster,
    plan: &GroupPlan,
    grouping: &Grouping,
    report_file: Option<&str>,
) -> Result<Vec<PathBuf>> {
    let roster = &loaded.roster;
    let info = run_info(loaded, plan, grouping);
    let mut written = Vec::new();
    written.push(run.write(labels::FILE_GROUPS, |path| {
        write::groups::write(path, roster, grouping, &info)
    })?);
    written.push(run.write(labels::FILE_ENVELOPES, |path| {
        write::envelope::write(path, roster, grouping, &info)
    })?);
    written.push(run.write(labels::FILE_DRAW_FORM, |path| {
        write::drawform::write(path, grouping, &info, None)
    })?);
    if let Some(file) = report_file {
        written.push(run.write(file, |path| write::problems::write(path, &loaded.report))?);
    }
    let record = RunRecord::for_grouping(&info, plan, roster, grouping, &written)
        .map_err(|e| run.unstaged(e))?;
    written.push(run.write(labels::FILE_RECORD, |path| {
        write::record::save(path, &record)
    })?);
    Ok(written)
}

fn run_info(loaded: &LoadedRoster, plan: &GroupPlan, grouping: &Grouping) -> RunInfo {
    RunInfo {
        school: loaded.school.clone(),
        grade: loaded.grade,
        classes: Some(plan.classes),
        seed: Some(plan.seed.clone()),
        roster: grouping.roster,
        grouping: Some(grouping.fingerprint(&loaded.roster.students)),
        algorithm: grouping.algorithm,
        time: plan.roster.started,
        earlier_runs: Vec::new(),
    }
}

fn file_name(path: &Path) -> String {
    crate::read::file_name(path)
}
