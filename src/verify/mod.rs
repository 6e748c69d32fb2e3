//! Checking every file of a placement against what the roster and the seed give: the group
//! lists, the envelope covers, the three copies, the late-enrolment records, the run
//! records and the journal. Each difference is reported where it is, in words. A value is
//! trusted only when it agrees with the recomputation, never because a file states it.

pub mod basis;
pub mod copies;
pub mod envelopes;
pub mod find;
pub mod groups;
pub mod journal;
pub mod late;
pub mod students;

use std::path::Path;

use crate::fingerprint::Fingerprint;
use crate::group::{Group, Grouping};
use crate::journal::ChainFault;
use crate::regroup::{GivenBalance, Recorded, Regroup};
use crate::rng::Seed;
use crate::roster::{Gender, Roster, Student};
use crate::table::Field;

/// The groups as the roster, the seed, the school and the class count give them.
pub struct Expected {
    pub roster: Roster,
    pub school: String,
    pub seed: Seed,
    pub classes: u32,
    pub grouping: Grouping,
    pub roster_fingerprint: Fingerprint,
    pub grouping_fingerprint: Fingerprint,
    /// The seal of group k at index k - 1.
    pub seals: Vec<Fingerprint>,
}

impl Expected {
    /// Makes the groups again as `group` made them, with the balance options of the run
    /// record or those given.
    ///
    /// # Errors
    ///
    /// As [`crate::regroup::regroup`].
    pub fn compute(roster: Roster, request: ExpectedRequest) -> crate::error::Result<Expected> {
        let roster_fingerprint = crate::fingerprint::roster_fingerprint(&roster.students);
        let made = crate::regroup::regroup(&Regroup {
            roster: &roster,
            roster_path: request.roster_path,
            classes: request.classes,
            seed: &request.seed,
            school: &request.school,
            fingerprint: roster_fingerprint,
            score_max: request.score_max,
            recorded: request.recorded,
            given: request.given,
        })?;
        let grouping = made.grouping;
        let seals = grouping.seals(&roster.students);
        let grouping_fingerprint = grouping.fingerprint(&roster.students);
        Ok(Expected {
            roster,
            school: request.school,
            seed: request.seed,
            classes: request.classes,
            grouping,
            roster_fingerprint,
            grouping_fingerprint,
            seals,
        })
    }

    pub fn group(&self, number: u32) -> Option<&Group> {
        self.grouping.groups.iter().find(|g| g.number == number)
    }

    /// Returns the students of a group, in roster order.
    pub fn members(&self, number: u32) -> Vec<&Student> {
        self.group(number)
            .map(|g| {
                g.members
                    .iter()
                    .map(|&i| &self.roster.students[i])
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn seal(&self, number: u32) -> Option<Fingerprint> {
        self.seals.get(number.checked_sub(1)? as usize).copied()
    }
}

/// The inputs the groups are made again from, besides the roster.
pub struct ExpectedRequest<'a> {
    /// The roster file, beside which recorded list files are looked for.
    pub roster_path: &'a Path,
    pub school: String,
    pub seed: Seed,
    pub classes: u32,
    pub score_max: f64,
    pub recorded: Recorded<'a>,
    pub given: &'a GivenBalance,
}

/// Counts of a list of students: all, boys, girls.
pub fn counts(students: &[&Student]) -> (usize, usize, usize) {
    let boys = students.iter().filter(|s| s.gender == Gender::Male).count();
    (students.len(), boys, students.len() - boys)
}

/// The subject of a difference.
#[derive(Debug, Clone, PartialEq)]
pub enum Subject {
    /// The file as a whole (its fingerprints, seed, school).
    File,
    Group(u32),
    Envelope(u32),
    /// A class, by its printed name.
    Class(String),
    /// A late student, by placement order and name.
    Placement {
        order: usize,
        name: String,
    },
    /// A journal entry, by number.
    Entry(u64),
}

/// The value that differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    RosterFingerprint,
    GroupingFingerprint,
    BalanceInputs,
    DrawFingerprint,
    ArchiveFingerprint,
    RecordFingerprint,
    LateRosterFingerprint,
    EarlierRecords,
    Seed,
    School,
    ClassCount,
    StudentCount,
    Size,
    Boys,
    Girls,
    Seal,
    DrawnGroup,
    DrawDate,
    DrawnGroups,
    EndCount,
    Before,
    Added,
    After,
    Smallest,
    Tied,
    Candidates,
    Draw,
    PlacedClass,
    Gender,
    OrderBasis,
    GenderRule,
    Algorithm,
    Command,
    Outputs,
    Heading,
    RunDate,
    Field(Field),
    /// A line the tool prints, named by its text.
    Printed(&'static str),
}

/// A difference between a file and the recomputation, or between files that must agree.
/// All are errors unless noted.
#[derive(Debug, Clone, PartialEq)]
pub enum VerifyProblem {
    /// A value is not what the recomputation gives.
    Differs {
        subject: Subject,
        item: Item,
        found: String,
        expected: String,
    },
    /// A value the file must print is not there.
    Missing { subject: Subject, item: Item },
    /// A student is in another class or group than the recomputation gives.
    StudentElsewhere {
        name: String,
        id: String,
        found: String,
        expected: String,
    },
    /// A student who is not on the roster (or not in this class at all).
    StudentExtra {
        place: String,
        name: String,
        id: String,
    },
    /// A student the recomputation puts here is not on the file.
    StudentMissing {
        place: String,
        name: String,
        id: String,
    },
    /// A student's value differs; the location is its cell.
    StudentEdited {
        place: String,
        name: String,
        field: Field,
        found: String,
        expected: String,
    },
    /// The same student on a second row; `other` names the first.
    StudentTwice { name: String, other: String },
    /// A sheet, envelope or table row for this subject is missing.
    PartMissing { subject: Subject },
    /// A sheet, envelope or table row that the recomputation does not have, or a second
    /// one for the same subject.
    PartUnexpected { subject: Subject, twice: bool },
    /// A row that is not part of what the tool prints.
    RowUnexpected { subject: Subject, text: String },
    /// The file's bytes are not those its record lists. `content_checked` when its content
    /// was compared value by value as well, so a re-save without edits shows only here.
    /// The draw form differs from the blank one the record lists: filled in, as meant.
    FormFilled { record: String },
    FileChanged {
        record: String,
        content_checked: bool,
    },
    /// Warning: a file its record lists was not found beside it.
    FileNotFound { record: String },
    /// A record file (JSON) that cannot be read.
    RecordUnreadable,
    /// A workbook that cannot be read; `reason` is the error's text.
    FileUnreadable { reason: String },
    /// A flaw in the journal's chain.
    Journal(ChainFault),
    /// A record points to a journal entry that is not there (the journal's tail was cut).
    EntryMissing { seq: u64, record: String },
    /// A journal entry states something else than the record that points to it.
    EntryDiffers { seq: u64, item: Item },
    /// Warning: a record points to a journal entry but no journal was found.
    JournalNotFound { seq: u64 },
    /// The seed, roster, school or class count given differ from those a record was made
    /// with, so the files were not compared: each difference is the item, the recorded
    /// value and the given one.
    BasisDiffers {
        differences: Vec<basis::BasisDifference>,
    },
    /// Notice: the journal shows other groupings of the same roster.
    OtherGroupings { seeds: Vec<(String, String)> },
    /// A late record of another archive than the one recomputed.
    LateOfOtherArchive,
    /// A late record whose printed fingerprint matches no record that could be recomputed.
    LateUnmatched,
    /// Notice: a late record was checked without its late roster, so the students' identity
    /// was taken from the record itself.
    LateWithoutRoster,
    /// The `--late-seed` given differs from the seed a late record was made with, so the
    /// record's placements were not compared.
    LateSeedDiffers { recorded: String, given: String },
}
