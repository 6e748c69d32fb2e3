//! Late enrolment (后转入): students who enrol after the draw go, one by one in
//! registration order, to a class that is smallest at that moment; a seeded lot decides
//! among equally small classes. The result extends the archive by a late-enrolment record
//! chained to it by fingerprint; the archive itself is never changed.

pub mod chain;
pub mod order;
pub mod place;
pub mod record;

use crate::fingerprint::Fingerprint;
use crate::roster::Origin;

pub use order::{Order, OrderBasis, registration_order};
pub use place::{ClassSize, LateKey, Placement, late_key, place};

/// Problems of late enrolment: of the registration order, of a late student already
/// placed, and of the archive and earlier records the placement builds on.
#[derive(Debug, Clone, PartialEq)]
pub enum LateProblem {
    /// A 报到时间 cell is blank although the column exists.
    RegistrationTimeMissing,
    /// A 报到时间 that is not a date and time.
    RegistrationTimeInvalid { written: String },
    /// A 报到序号 cell is blank although the column exists.
    RegistrationNoMissing,
    /// A 报到序号 that is not a whole number of at least 1.
    RegistrationNoInvalid { written: String },
    /// Two students with the same 报到序号; `other` is the first.
    RegistrationNoTwice { number: u64, other: Origin },
    /// Notice: the same 报到时间 as the student before in the order, who goes first by
    /// 报到序号 (`by_number`) or else by row.
    SameRegistrationTime { other: Origin, by_number: bool },
    /// Notice: no 报到时间 or 报到序号 column, so the rows' order is the registration order.
    OrderByRows,
    /// A late student is already in the archive or an earlier late record (same ID
    /// number). The location is the late roster's row.
    AlreadyPlaced {
        name: String,
        id: String,
        /// The file, class and row where the student already is.
        file: String,
        class: String,
        row: u32,
        placed_name: String,
    },
    /// The archive's content no longer gives the fingerprint its merge record stored.
    ArchiveChanged {
        recorded: Fingerprint,
        now: Fingerprint,
    },
    /// Warning: no 抽签结果记录.json beside the archive, so its content could not be
    /// checked against what was written.
    ArchiveWithoutRecord { record: String },
    /// The archive's cover and its class sheet disagree on a class's size.
    ArchiveCountsDiffer {
        class: String,
        cover: usize,
        listed: usize,
    },
    /// The archive lacks the draw fingerprint or a class sheet, so it is not a complete
    /// first or second copy.
    ArchiveIncomplete { missing: String },
    /// An earlier late record extends another archive.
    RecordOfOtherArchive {
        extends: Fingerprint,
        archive: Fingerprint,
    },
    /// An earlier late record names a record before it that was not given.
    RecordMissingFromChain { missing: Fingerprint },
    /// Two of the given late records are the same record.
    RecordGivenTwice,
    /// A late record's content no longer gives its printed fingerprint: it was edited.
    RecordChanged {
        printed: Fingerprint,
        now: Fingerprint,
    },
    /// The journal shows a late enrolment into this archive whose record was not given, so
    /// the class sizes would be wrong.
    RecordNotGiven { time: String, record: String },
    /// Warning: a class grows beyond the class size cap.
    OverCap {
        class: String,
        size: usize,
        cap: usize,
    },
}
