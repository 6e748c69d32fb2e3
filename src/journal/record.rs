//! The journal entries of the commands, computed and appended without printing: earlier
//! groupings of a roster found before the sheets are printed, and the entry of a finished
//! `group` run once its outputs are written. The commands print what came of them.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use super::runs::{self, JournalRef};
use super::{FileHash, RunFacts};
use crate::error::Result;
use crate::fingerprint::Fingerprint;
use crate::group::balance::options::ListSource;
use crate::plan::GroupPlan;
use crate::write::record::OutputRecord;
use crate::write::{EarlierRun, RunInfo, TOOL_VERSION};

/// An entry appended to the journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appended {
    pub reference: JournalRef,
    /// Faults the journal's chain had before this entry was appended.
    pub faults: usize,
    /// The journal file.
    pub journal: PathBuf,
}

/// Finds earlier groupings of this roster (same roster fingerprint, school and class count)
/// in the journal of the work folder for output into `dir`, oldest first. A re-run is never
/// blocked, because the bureau may have a real reason for it; the sheets and the console
/// make it visible.
pub fn earlier_groupings(
    dir: &Path,
    plan: &GroupPlan,
    school: &str,
    roster: &Fingerprint,
) -> Vec<EarlierRun> {
    let work = runs::work_folder(plan.roster.settings_file.as_deref(), dir);
    runs::earlier_runs(&work, school, roster, plan.classes)
}

/// Records a finished `group` run: the roster, teacher sheets and list files it read, and
/// the files it wrote (all but the run record, which stores the entry's number and hash
/// instead).
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
) -> Result<Appended> {
    let work = runs::work_folder(plan.roster.settings_file.as_deref(), dir);
    let mut inputs = vec![plan.roster.path.clone()];
    inputs.extend(plan.teachers.iter().cloned());
    for list in [&plan.balance.together, &plan.balance.apart] {
        if let Some(ListSource::File(path)) = list {
            inputs.push(path.clone());
        }
    }
    let facts = RunFacts {
        command: "group".into(),
        roster_fingerprint: Some(info.roster.hex()),
        grouping_fingerprint: info.grouping.map(|g| g.hex()),
        inputs: runs::hash_inputs(&inputs)?,
        outputs: runs::hash_outputs(written)?,
        output_folder: runs::relative_folder(&work, dir),
        ..run_facts(info)
    };
    append_entry(&work, facts, info.time)
}

/// Appends an entry to the journal of the work folder.
///
/// # Errors
///
/// Fails when the journal cannot be written.
pub fn append_entry(work: &Path, facts: RunFacts, time: NaiveDateTime) -> Result<Appended> {
    let (reference, faults) = runs::append_run(work, facts, time)?;
    Ok(Appended {
        reference,
        faults,
        journal: super::path_in(work),
    })
}

/// Converts the file hashes a run record lists into the journal's form.
pub fn file_hashes(files: &[OutputRecord]) -> Vec<FileHash> {
    files
        .iter()
        .map(|f| FileHash {
            file: f.file.clone(),
            sha256: f.sha256.clone(),
        })
        .collect()
}

/// Collects the facts every command records from its run information.
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
