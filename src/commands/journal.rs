//! The journal calls of the commands: finding earlier groupings of a roster before the
//! sheets are printed, and recording a finished run once its outputs are written.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use crate::error::Result;
use crate::fingerprint::Fingerprint;
use crate::journal::runs::{self, JournalRef};
use crate::journal::{FileHash, RunFacts};
use crate::messages::journal as text;
use crate::plan::{GroupPlan, MergePlan};
use crate::write::record::{MergeRecord, OutputRecord};
use crate::write::{EarlierRun, RunInfo, TOOL_VERSION};

/// Finds earlier groupings of this roster (same roster fingerprint, school and class count)
/// in the work folder's journal and prints a warning when there are any. A re-run is never
/// blocked, because the bureau may have a real reason for it; it is made visible instead.
pub fn earlier_groupings(plan: &GroupPlan, school: &str, roster: &Fingerprint) -> Vec<EarlierRun> {
    let work = runs::work_folder(plan.roster.settings_file.as_deref());
    let earlier = runs::earlier_runs(&work, school, roster, plan.classes);
    if !earlier.is_empty() {
        println!("{}", text::regrouping_warning(&earlier));
    }
    earlier
}

/// Records a finished `group` run: the roster and teacher sheets it read, the files it
/// wrote (all but the run record, which stores the entry's number and hash instead).
///
/// # Errors
///
/// Fails when an input or output cannot be read back for hashing, or when the journal
/// cannot be written.
pub fn record_grouping(
    dir: &Path,
    plan: &GroupPlan,
    info: &RunInfo,
    written: &[PathBuf],
) -> Result<JournalRef> {
    let work = runs::work_folder(plan.roster.settings_file.as_deref());
    let mut inputs = vec![plan.roster.path.clone()];
    inputs.extend(plan.teachers.iter().cloned());
    let facts = RunFacts {
        command: "group".into(),
        roster_fingerprint: Some(info.roster.hex()),
        grouping_fingerprint: info.grouping.map(|g| g.hex()),
        inputs: runs::hash_files(&inputs)?,
        outputs: runs::hash_files(written)?,
        output_folder: runs::relative_folder(&work, dir),
        ..run_facts(info)
    };
    record_entry(&work, facts, info.time)
}

/// Records a finished `merge` run from its merge record: the draw form and group lists it
/// read, the copies and web page it wrote, and the draw result's fingerprint.
///
/// # Errors
///
/// Fails when the journal cannot be written.
pub fn record_merge(dir: &Path, plan: &MergePlan, record: &MergeRecord) -> Result<JournalRef> {
    let work = runs::work_folder(plan.settings_file.as_deref());
    let facts = RunFacts {
        command: "merge".into(),
        tool_version: TOOL_VERSION.into(),
        algorithm: record.algorithm.clone(),
        school: record.school.clone(),
        grade: record.grade.clone(),
        classes: Some(record.classes),
        seed: record.seed.as_ref().map(|s| s.canonical.clone()),
        roster_fingerprint: Some(record.roster_fingerprint.clone()),
        grouping_fingerprint: record.grouping_fingerprint.clone(),
        inputs: file_hashes(&record.inputs),
        outputs: file_hashes(&record.outputs),
        output_folder: runs::relative_folder(&work, dir),
        record_fingerprint: Some(record.draw.fingerprint.clone()),
        based_on: Vec::new(),
    };
    record_entry(&work, facts, plan.started)
}

/// The journal's form of the file hashes a run record lists.
pub fn file_hashes(files: &[OutputRecord]) -> Vec<FileHash> {
    files
        .iter()
        .map(|f| FileHash {
            file: f.file.clone(),
            sha256: f.sha256.clone(),
        })
        .collect()
}

/// The facts every command records from its run information.
pub fn run_facts(info: &RunInfo) -> RunFacts {
    RunFacts {
        tool_version: TOOL_VERSION.into(),
        algorithm: info.algorithm.into(),
        school: info.school.clone(),
        grade: info.grade.map(|g| g.label()),
        classes: info.classes,
        seed: info.seed.as_ref().map(|s| s.canonical.clone()),
        ..RunFacts::default()
    }
}

/// Appends the entry and prints where it went, with a warning when the journal's chain
/// was already broken.
///
/// # Errors
///
/// Fails when the journal cannot be written.
pub fn record_entry(work: &Path, facts: RunFacts, time: NaiveDateTime) -> Result<JournalRef> {
    let (reference, faults) = runs::append_run(work, facts, time)?;
    if faults > 0 {
        println!("{}", text::journal_faults(faults));
    }
    let path = crate::journal::path_in(work);
    println!("{}", text::recorded(&path, reference.seq));
    Ok(reference)
}
