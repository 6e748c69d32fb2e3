//! Writing the printable workbooks and the run record.
//!
//! Every workbook prints on A4 with the fingerprint, seed and algorithm version in its page
//! header or footer and document properties. Files are written to a temporary name in the
//! output folder and then moved into place without replacing anything, so a run never
//! overwrites an earlier output and an interrupted run leaves no half-written file.

pub mod archive;
pub mod audit_report;
pub mod book;
pub mod confirm;
pub mod drawform;
pub mod envelope;
pub mod first_page;
pub mod groups;
pub mod late_record;
pub mod output;
pub mod overview;
pub mod pages;
pub mod posted_html;
pub mod problems;
pub mod record;
pub mod run_folder;
pub mod teacher_check;
pub mod templates;
pub mod wrap;

use chrono::NaiveDateTime;

use crate::classname::Grade;
use crate::fingerprint::Fingerprint;
use crate::rng::Seed;

/// The version of this tool, printed on every output.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// An earlier grouping of the same roster, printed on a re-run's sheets so re-rolling a seed
/// until a wanted result appears cannot stay hidden.
#[derive(Debug, Clone, PartialEq)]
pub struct EarlierRun {
    pub seed: String,
    pub time: NaiveDateTime,
}

/// What every printed page says about the run that made it.
#[derive(Debug, Clone, PartialEq)]
pub struct RunInfo {
    /// School name; empty when not given, and then printed as a blank to fill in by hand.
    pub school: String,
    pub grade: Option<Grade>,
    pub classes: Option<u32>,
    pub seed: Option<Seed>,
    pub roster: Fingerprint,
    /// Fingerprint of the whole grouping, once there is one.
    pub grouping: Option<Fingerprint>,
    pub algorithm: &'static str,
    pub time: NaiveDateTime,
    /// Earlier groupings of the same roster; empty for the first.
    pub earlier_runs: Vec<EarlierRun>,
}
