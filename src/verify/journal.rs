//! Checking the run journal: its hash chain, the entries the records point to (which
//! catches a cut-off tail), and that each entry agrees with its record.

use std::path::PathBuf;

use super::{Expected, Item, VerifyProblem};
use crate::diag::{Location, Report};
use crate::journal::runs::JournalRef;
use crate::journal::{self, ChainFault, Entry, FileHash};

/// A record's pointer to its journal entry, with what the entry must repeat.
pub struct Pointer {
    /// The record's file, as shown in messages.
    pub record: String,
    pub reference: JournalRef,
    pub command: &'static str,
    pub seed: Option<String>,
    pub outputs: Vec<FileHash>,
}

/// Checks every journal and every pointer to it; returns the number of entries read from
/// each journal, in the order given.
pub fn check_journals(
    journals: &[(PathBuf, String)],
    pointers: &[Pointer],
    expected: &Expected,
    report: &mut Report,
) -> Vec<usize> {
    let mut entries = Vec::new();
    let mut counts = Vec::new();
    for (path, shown) in journals {
        match journal::read(path) {
            Ok((read, faults)) => {
                for fault in faults {
                    report.error(fault_location(shown, &fault), VerifyProblem::Journal(fault));
                }
                counts.push(read.len());
                entries.extend(read);
            }
            Err(_) => {
                counts.push(0);
                report.error(Location::file(shown), VerifyProblem::RecordUnreadable);
            }
        }
    }
    for pointer in pointers {
        check_pointer(pointer, journals.is_empty(), &entries, report);
    }
    report_other_groupings(&entries, expected, journals, report);
    counts
}

fn fault_location(file: &str, fault: &ChainFault) -> Location {
    let line = match fault {
        ChainFault::Unreadable { line }
        | ChainFault::Edited { line, .. }
        | ChainFault::BrokenLink { line, .. }
        | ChainFault::Numbering { line, .. } => Some(*line),
        ChainFault::MissingEntry { .. } => None,
    };
    Location {
        file: file.to_string(),
        row: line.map(|l| l.saturating_sub(1) as u32),
        ..Location::default()
    }
}

fn check_pointer(pointer: &Pointer, no_journal: bool, entries: &[Entry], report: &mut Report) {
    let at = Location::file(&pointer.record);
    let seq = pointer.reference.seq;
    if no_journal {
        report.warning(at, VerifyProblem::JournalNotFound { seq });
        return;
    }
    let reference = [(seq, pointer.reference.hash.clone())];
    if !journal::check_references(entries, &reference).is_empty() {
        let record = pointer.record.clone();
        report.error(at, VerifyProblem::EntryMissing { seq, record });
        return;
    }
    let Some(entry) = entries
        .iter()
        .find(|e| e.seq == seq && e.hash == pointer.reference.hash)
    else {
        return;
    };
    let mut differs =
        |item: Item| report.error(at.clone(), VerifyProblem::EntryDiffers { seq, item });
    if entry.facts.command != pointer.command {
        differs(Item::Command);
    }
    if entry.facts.seed != pointer.seed {
        differs(Item::Seed);
    }
    let mut recorded = entry.facts.outputs.clone();
    let mut listed = pointer.outputs.clone();
    recorded.sort_by(|a, b| a.file.cmp(&b.file));
    listed.sort_by(|a, b| a.file.cmp(&b.file));
    if recorded != listed {
        differs(Item::Outputs);
    }
}

/// Notes other groupings of the same roster, school and class count in the journal.
fn report_other_groupings(
    entries: &[Entry],
    expected: &Expected,
    journals: &[(PathBuf, String)],
    report: &mut Report,
) {
    let roster = expected.roster_fingerprint.hex();
    let runs = journal::earlier_groupings(entries, &expected.school, &roster, expected.classes);
    let seeds: Vec<(String, String)> = runs
        .iter()
        .map(|e| {
            let seed = e.facts.seed.clone().unwrap_or_default();
            (e.time.replace('T', " "), seed)
        })
        .collect();
    if seeds.len() > 1
        || seeds
            .iter()
            .any(|(_, seed)| *seed != expected.seed.canonical)
    {
        let file = journals
            .first()
            .map(|(_, s)| s.as_str())
            .unwrap_or_default();
        report.notice(
            Location::file(file),
            VerifyProblem::OtherGroupings { seeds },
        );
    }
}
