//! The journal on the console: the warning about earlier groupings, and the line that
//! names the entry a finished run was recorded in. Finding and appending entries is done
//! in [`crate::journal::record`].

use std::path::Path;

use crate::error::Result;
use crate::journal::RunFacts;
use crate::journal::record::{Appended, append_entry};
use crate::journal::runs;
use crate::messages::journal as text;
use crate::plan::MergePlan;
use crate::write::EarlierRun;
use crate::write::record::MergeRecord;

pub use crate::journal::record::{file_hashes, run_facts};

/// Prints a warning when the journal shows earlier groupings of the same roster.
pub fn print_earlier_groupings(earlier: &[EarlierRun]) {
    if !earlier.is_empty() {
        println!("{}", text::regrouping_warning(earlier));
    }
}

/// Prints where a run was recorded, with a warning when the journal's chain was already
/// broken.
pub fn print_appended(appended: &Appended) {
    if appended.faults > 0 {
        println!("{}", text::journal_faults(appended.faults));
    }
    println!(
        "{}",
        text::recorded(&appended.journal, appended.reference.seq)
    );
}

/// Records a finished `merge` run from its merge record: the draw form and group lists it
/// read, the copies and web page it wrote, and the draw result's fingerprint. Prints
/// nothing, because the caller prints the entry once the files are in place.
///
/// # Errors
///
/// Fails when the journal cannot be written.
pub fn record_merge(dir: &Path, plan: &MergePlan, record: &MergeRecord) -> Result<Appended> {
    let work = runs::work_folder(plan.settings_file.as_deref(), dir);
    let facts = RunFacts {
        command: "merge".into(),
        tool_version: crate::write::TOOL_VERSION.into(),
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
    append_entry(&work, facts, plan.started)
}
