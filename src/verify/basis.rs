//! Checking what the groups are made from before comparing any file: the seed, school,
//! class count and roster fingerprint a run or merge record states. When one of them differs
//! from what `verify` was given, the recomputed groups cannot match any file, and comparing
//! them student by student would only list every student as moved.

use std::path::{Path, PathBuf};

use super::{Expected, Item};
use crate::fingerprint::Fingerprint;
use crate::grouplist::GroupLists;
use crate::write::record::{MergeRecord, RunRecord};

/// The seed, school, class count and roster fingerprint a record states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedBasis {
    pub file: PathBuf,
    pub seed: Option<String>,
    /// The school, when the file states it.
    pub school: Option<String>,
    pub classes: Option<u32>,
    pub roster: Option<Fingerprint>,
}

impl RecordedBasis {
    pub fn of_run(file: &Path, record: &RunRecord) -> RecordedBasis {
        RecordedBasis {
            file: file.to_path_buf(),
            seed: record.seed.as_ref().map(|s| s.canonical.clone()),
            school: Some(record.school.clone()),
            classes: record.classes,
            roster: Fingerprint::parse(&record.roster.fingerprint),
        }
    }

    pub fn of_merge(file: &Path, record: &MergeRecord) -> RecordedBasis {
        RecordedBasis {
            file: file.to_path_buf(),
            seed: record.seed.as_ref().map(|s| s.canonical.clone()),
            school: Some(record.school.clone()),
            classes: Some(record.classes),
            roster: Fingerprint::parse(&record.roster_fingerprint),
        }
    }

    /// Takes the seed, roster fingerprint and group count a group workbook's 汇总 sheet
    /// prints, for a workbook without a run record. The printed school is not compared,
    /// because the sheet prints a blank in place of an unknown school.
    pub fn of_lists(file: &Path, lists: &GroupLists) -> RecordedBasis {
        let classes = u32::try_from(lists.sheets.len()).ok().filter(|&n| n > 0);
        RecordedBasis {
            file: file.to_path_buf(),
            seed: lists.summary.seed.clone(),
            school: None,
            classes,
            roster: lists.summary.roster,
        }
    }
}

/// A value of the basis that differs: the item, the recorded value and the given one.
pub type BasisDifference = (Item, String, String);

/// Returns the first record whose basis differs from the one recomputed, with the values
/// that differ, when no record states the basis recomputed. When one record agrees, the
/// given values are taken as right and the others are compared in full, so an edited
/// record is reported as such. A value a record does not state is not compared, because
/// the detailed checks report it as missing.
pub fn first_difference<'a>(
    recorded: &'a [RecordedBasis],
    expected: &Expected,
) -> Option<(&'a RecordedBasis, Vec<BasisDifference>)> {
    let mut found = None;
    for basis in recorded {
        let differences = differences(basis, expected);
        if differences.is_empty() {
            return None;
        }
        found.get_or_insert((basis, differences));
    }
    found
}

fn differences(basis: &RecordedBasis, expected: &Expected) -> Vec<BasisDifference> {
    let mut found = Vec::new();
    if let Some(seed) = &basis.seed
        && *seed != expected.seed.canonical
    {
        found.push((Item::Seed, seed.clone(), expected.seed.canonical.clone()));
    }
    if let Some(roster) = basis.roster
        && roster != expected.roster_fingerprint
    {
        let given = expected.roster_fingerprint.grouped();
        found.push((Item::RosterFingerprint, roster.grouped(), given));
    }
    if let Some(classes) = basis.classes
        && classes != expected.classes
    {
        let given = expected.classes.to_string();
        found.push((Item::ClassCount, classes.to_string(), given));
    }
    if let Some(school) = &basis.school
        && school.trim() != expected.school.trim()
    {
        found.push((Item::School, school.clone(), expected.school.clone()));
    }
    found
}
