//! The work done for one school, the same in a one-school run and in a run over many.
//!
//! Neither function prints: a one-school command prints the details afterwards, and a run
//! over many schools prints one line per school.

use std::path::{Path, PathBuf};

use crate::diag::Severity;
use crate::error::{Error, InternalFault, Result};
use crate::fingerprint::{Fingerprint, roster_fingerprint};
use crate::group::Grouping;
use crate::group::balance::report::BalanceSummary;
use crate::group::fairness::Fairness;
use crate::group::make::{self, GroupInputs, Made};
use crate::journal::record::{self as journal, Appended};
use crate::messages::labels;
use crate::plan::{CheckPlan, GroupPlan};
use crate::rng::ALGORITHM_VERSION;
use crate::roster::loaded::LoadedRoster;
use crate::write::record::{BalanceOptionsRecord, BalanceRecord, RunRecord};
use crate::write::run_folder::RunFolder;
use crate::write::{self, EarlierRun, RunInfo};

/// The outputs a grouping writes besides the group lists, envelopes, draw form and record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extras {
    /// The roster confirmation sheet. A run over many schools writes it into every school's
    /// folder, so each folder contains the complete set for that school.
    pub confirmation: bool,
    /// Head-teacher names of classes 1 to N, printed on the draw form.
    pub head_teachers: Option<Vec<String>>,
}

/// A school's finished grouping and the files written for it.
pub struct GroupedSchool {
    pub grouping: Grouping,
    /// The fingerprint of the whole grouping, printed on the sheets.
    pub fingerprint: Fingerprint,
    pub dir: PathBuf,
    pub written: Vec<PathBuf>,
    /// How the result compares with random gender-balanced splits.
    pub fairness: Fairness,
    /// What the balanced search aimed at and reached, when balance options were on.
    pub summary: Option<BalanceSummary>,
    /// Balance options were on but found nothing to balance, so the grouping is `bianban-1`.
    pub nothing_to_balance: bool,
    /// Earlier groupings of the same roster, school and class count in the journal.
    pub earlier_runs: Vec<EarlierRun>,
    /// The journal entry of this run.
    pub journal: Appended,
}

/// Groups one school and writes its outputs into `plan.roster.output_dir`.
///
/// # Errors
///
/// [`Error::DataErrors`] when the roster has errors and [`Error::InvalidOption`] when there
/// are more classes than students; nothing is written in these cases. [`Error::Write`] when
/// an output cannot be written, [`Error::Internal`] when the grouping breaks its guarantees.
pub fn group_one_school(
    loaded: &LoadedRoster,
    plan: &GroupPlan,
    extras: Extras,
) -> Result<GroupedSchool> {
    let errors = loaded.report.count(Severity::Error);
    if errors > 0 {
        return Err(Error::DataErrors { errors });
    }
    let made = make::make_grouping(&GroupInputs {
        roster: &loaded.roster,
        classes: plan.classes,
        seed: &plan.seed,
        school: &loaded.school,
        fingerprint: roster_fingerprint(&loaded.roster.students),
        balance: &plan.balance,
        score_max: plan.roster.options.score_max,
    })?;
    let fingerprint = made.grouping.fingerprint(&loaded.roster.students);
    let fairness = make::measure(&loaded.roster, &made);
    let dir = plan.roster.output_dir(labels::FOLDER_GROUP);
    let info = group_run_info(loaded, plan, &made.grouping, fingerprint, &dir);
    // Every output goes into a staging folder first and is placed only when all are
    // written, so a full disk or a locked file never leaves half a set.
    let run = RunFolder::begin(&dir)?;
    let (written, journal) =
        write_group_outputs(&run, loaded, plan, (&made, &fairness), &info, extras)?;
    let dir = run.finish()?;
    let written = written
        .iter()
        .map(|staged| dir.join(file_name(staged)))
        .collect();
    Ok(GroupedSchool {
        grouping: made.grouping,
        fingerprint,
        dir,
        written,
        fairness,
        summary: made.summary,
        nothing_to_balance: made.nothing_to_balance,
        earlier_runs: info.earlier_runs,
        journal,
    })
}

/// Writes the outputs of a grouping and records the run in the journal. The group lists,
/// the largest workbook, are written on a second thread while the smaller ones are written
/// on this one. Each file's bytes depend only on its inputs, so the files are the same as
/// when written one after the other.
fn write_group_outputs(
    run: &RunFolder,
    loaded: &LoadedRoster,
    plan: &GroupPlan,
    (made, fairness): (&Made, &Fairness),
    info: &RunInfo,
    extras: Extras,
) -> Result<(Vec<PathBuf>, Appended)> {
    let roster = &loaded.roster;
    let grouping = &made.grouping;
    let notes = make::notes(fairness, made.summary.as_ref());
    let sheet = write::groups::BalanceSheet {
        fairness,
        summary: made.summary.as_ref(),
        notes: &notes,
    };
    let (lists_written, others) = std::thread::scope(|scope| {
        let lists_writer = scope.spawn(|| {
            run.write(labels::FILE_GROUPS, |path| {
                write::groups::write_with_balance(path, roster, grouping, info, &sheet)
            })
        });
        let others = write_small_outputs(run, loaded, grouping, info, extras);
        (lists_writer.join(), others)
    });
    let lists = lists_written.map_err(|_| Error::Internal {
        what: InternalFault::WriterThread,
    })??;
    let (confirmation, mut written) = others?;
    let mut all: Vec<PathBuf> = confirmation.into_iter().collect();
    all.push(lists);
    all.append(&mut written);
    let mut record =
        RunRecord::for_grouping(info, plan, roster, grouping, &all).map_err(|e| run.unstaged(e))?;
    let options = match &made.summary {
        Some(_) => Some(BalanceOptionsRecord::of(&plan.balance)?),
        None => None,
    };
    record.balance = BalanceRecord::new(made.summary.as_ref(), fairness, options);
    // NOTE: the journal entry is appended before the outputs are placed, because the run
    // record stores the entry's number and hash; if placing then fails, the journal names
    // a run whose files are missing. A taken output name is found before the entry is
    // appended.
    run.check_names_free(&[labels::FILE_RECORD])?;
    let journal = journal::record_grouping(run.dir(), plan, info, &all);
    let journal = journal.map_err(|e| run.unstaged(e))?;
    record.journal = Some(journal.reference.clone());
    all.push(run.write(labels::FILE_RECORD, |path| {
        write::record::save(path, &record)
    })?);
    Ok((all, journal))
}

/// Writes every output but the group lists and the record: the confirmation sheet when
/// asked for, then the envelopes, the draw form and the problem list. Returns the
/// confirmation sheet apart, because it comes first in the list of outputs.
fn write_small_outputs(
    run: &RunFolder,
    loaded: &LoadedRoster,
    grouping: &Grouping,
    info: &RunInfo,
    extras: Extras,
) -> Result<(Option<PathBuf>, Vec<PathBuf>)> {
    let roster = &loaded.roster;
    let mut confirmation = None;
    if extras.confirmation {
        let confirm_info = RunInfo {
            seed: None,
            grouping: None,
            ..info.clone()
        };
        confirmation = Some(run.write(labels::FILE_CONFIRM, |path| {
            write::confirm::write(path, roster, &confirm_info)
        })?);
    }
    let mut written = Vec::new();
    written.push(run.write(labels::FILE_ENVELOPES, |path| {
        write::envelope::write(path, roster, grouping, info)
    })?);
    let heads = extras.head_teachers.as_deref();
    written.push(run.write(labels::FILE_DRAW_FORM, |path| {
        write::drawform::write(path, grouping, info, heads)
    })?);
    if !loaded.report.problems.is_empty() {
        written.push(run.write(labels::FILE_PROBLEMS, |path| {
            write::problems::write(path, &loaded.report, &loaded.school)
        })?);
    }
    Ok((confirmation, written))
}

fn group_run_info(
    loaded: &LoadedRoster,
    plan: &GroupPlan,
    grouping: &Grouping,
    fingerprint: Fingerprint,
    dir: &Path,
) -> RunInfo {
    RunInfo {
        school: loaded.school.clone(),
        grade: loaded.grade,
        classes: Some(plan.classes),
        seed: Some(plan.seed.clone()),
        roster: grouping.roster,
        grouping: Some(fingerprint),
        algorithm: grouping.algorithm,
        time: plan.roster.started,
        earlier_runs: journal::earlier_groupings(dir, plan, &loaded.school, &grouping.roster),
    }
}

/// A school's checked roster and the files written for it.
#[derive(Debug, Clone)]
pub struct CheckedSchool {
    pub fingerprint: Fingerprint,
    pub errors: usize,
    pub dir: PathBuf,
    pub written: Vec<PathBuf>,
}

/// Writes one school's problem list, when there are problems, and its roster confirmation
/// sheet, when there are no errors, into `plan.roster.output_dir`.
///
/// # Errors
///
/// [`Error::Write`] when an output cannot be written. Errors in the roster are not an error
/// here; they are counted in the result.
pub fn check_one_school(loaded: &LoadedRoster, plan: &CheckPlan) -> Result<CheckedSchool> {
    let errors = loaded.report.count(Severity::Error);
    let fingerprint = roster_fingerprint(&loaded.roster.students);
    let run = RunFolder::begin(&plan.roster.output_dir(labels::FOLDER_CHECK))?;
    let mut written = Vec::new();
    if !loaded.report.problems.is_empty() {
        written.push(run.write(labels::FILE_PROBLEMS, |path| {
            write::problems::write(path, &loaded.report, &loaded.school)
        })?);
    }
    if errors == 0 {
        let info = check_run_info(loaded, plan, fingerprint);
        written.push(run.write(labels::FILE_CONFIRM, |path| {
            write::confirm::write(path, &loaded.roster, &info)
        })?);
    }
    let dir = run.finish()?;
    let written = written
        .iter()
        .map(|staged| dir.join(file_name(staged)))
        .collect();
    Ok(CheckedSchool {
        fingerprint,
        errors,
        dir,
        written,
    })
}

fn check_run_info(loaded: &LoadedRoster, plan: &CheckPlan, roster: Fingerprint) -> RunInfo {
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

fn file_name(path: &Path) -> String {
    crate::read::file_name(path)
}
