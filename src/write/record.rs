//! The machine-readable run record written beside the outputs (`运行记录.json`).
//!
//! It holds what is needed to repeat and check the run (versions, settings, seed,
//! fingerprints, counts, output file hashes) and no personal data of any student.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{RunInfo, TOOL_VERSION};
use crate::error::{Error, Result, WriteFault};
use crate::fingerprint::Fingerprint;
use crate::group::Grouping;
use crate::group::balance::options::{BalanceOptions, ListSource, ScoreSource};
use crate::group::balance::report::BalanceSummary;
use crate::group::fairness::{Fairness, SpreadKind};
use crate::journal::runs::JournalRef;
use crate::plan::GroupPlan;
use crate::roster::Roster;

/// The version of this record's layout.
pub const RECORD_FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    pub format: u32,
    pub tool: String,
    pub tool_version: String,
    pub algorithm: String,
    pub command: String,
    /// Local time the run started, `YYYY-MM-DDTHH:MM:SS`.
    pub time: String,
    pub school: String,
    pub grade: Option<String>,
    pub classes: Option<u32>,
    pub seed: Option<SeedRecord>,
    pub settings: SettingsRecord,
    pub roster: RosterRecord,
    pub grouping: Option<GroupingRecord>,
    pub outputs: Vec<OutputRecord>,
    /// The run's journal entry; records written before the journal existed have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub journal: Option<JournalRef>,
    /// What was balanced and how the spreads compare with random splits; absent in records
    /// of runs that measured nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub balance: Option<BalanceRecord>,
}

/// The balance options of a run (column headers and counts, no student data) and the
/// measured spreads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BalanceRecord {
    /// Fingerprint of the balance inputs, for a balanced grouping.
    pub inputs: Option<String>,
    pub score: Option<String>,
    pub columns: Vec<String>,
    pub separate_namesakes: bool,
    pub separate_homophones: bool,
    pub together_sets: usize,
    pub apart_sets: usize,
    pub missing_scores: usize,
    pub random_splits: usize,
    pub spreads: Vec<SpreadRecord>,
    /// The options a balanced grouping was made with, so `verify` and `merge` can make it
    /// again; absent for `bianban-1` and in records written before it was stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<BalanceOptionsRecord>,
}

/// The balance options as `group` resolved them from the command line and the settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BalanceOptionsRecord {
    pub score: Option<ScoreSourceRecord>,
    /// Category column headers as given, in order.
    pub columns: Vec<String>,
    pub separate_namesakes: bool,
    pub separate_homophones: bool,
    pub together: Option<ListSourceRecord>,
    pub apart: Option<ListSourceRecord>,
}

/// The score column: the one the roster recognised (成绩, 总分, …) or one named by header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum ScoreSourceRecord {
    Roster,
    Column { column: String },
}

/// A keep-together or keep-apart list: a roster column, or a list file by its name and
/// SHA-256 (its folder is not stored, because the files may be moved).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum ListSourceRecord {
    Column { column: String },
    File { file: String, sha256: String },
}

impl BalanceOptionsRecord {
    /// Records the options, hashing each list file.
    ///
    /// # Errors
    ///
    /// [`Error::FileUnreadable`] when a list file cannot be read.
    pub fn of(options: &BalanceOptions) -> Result<BalanceOptionsRecord> {
        Ok(BalanceOptionsRecord {
            score: options.score.as_ref().map(|score| match score {
                ScoreSource::Roster => ScoreSourceRecord::Roster,
                ScoreSource::Column(column) => ScoreSourceRecord::Column {
                    column: column.clone(),
                },
            }),
            columns: options.columns.clone(),
            separate_namesakes: options.separate_namesakes,
            separate_homophones: options.separate_homophones,
            together: options.together.as_ref().map(list_record).transpose()?,
            apart: options.apart.as_ref().map(list_record).transpose()?,
        })
    }
}

fn list_record(source: &ListSource) -> Result<ListSourceRecord> {
    match source {
        ListSource::Column(column) => Ok(ListSourceRecord::Column {
            column: column.clone(),
        }),
        ListSource::File(path) => {
            let hash = crate::journal::runs::hash_input(path)?;
            Ok(ListSourceRecord::File {
                file: hash.file,
                sha256: hash.sha256,
            })
        }
    }
}

/// One spread: `mean_range`, `sd_range` (points) or `categories` (students).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpreadRecord {
    pub kind: String,
    pub column: String,
    pub balanced: bool,
    pub achieved: f64,
    pub better_than: usize,
    pub equal: usize,
    pub random_median: f64,
}

impl BalanceRecord {
    /// Returns the record of a run, or `None` when it was not balanced and measured nothing.
    /// `options` are those of a balanced grouping.
    pub fn new(
        summary: Option<&BalanceSummary>,
        fairness: &Fairness,
        options: Option<BalanceOptionsRecord>,
    ) -> Option<BalanceRecord> {
        if summary.is_none() && fairness.spreads.is_empty() {
            return None;
        }
        let spreads = fairness
            .spreads
            .iter()
            .map(|s| SpreadRecord {
                kind: match s.kind {
                    SpreadKind::MeanRange => "mean_range",
                    SpreadKind::SdRange => "sd_range",
                    SpreadKind::Categories => "categories",
                }
                .to_string(),
                column: s.label.clone(),
                balanced: s.balanced,
                achieved: s.achieved,
                better_than: s.better_than,
                equal: s.equal,
                random_median: s.random_median,
            })
            .collect();
        Some(BalanceRecord {
            inputs: summary.map(|s| s.inputs.hex()),
            score: summary.and_then(|s| s.score.clone()),
            columns: summary.map(|s| s.columns.clone()).unwrap_or_default(),
            separate_namesakes: summary.is_some_and(|s| s.namesakes.is_some()),
            separate_homophones: summary.is_some_and(|s| s.homophones.is_some()),
            together_sets: summary.and_then(|s| s.together).unwrap_or(0),
            apart_sets: summary.and_then(|s| s.apart).unwrap_or(0),
            missing_scores: fairness.missing_scores,
            random_splits: fairness.splits,
            spreads,
            options,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeedRecord {
    pub written: String,
    pub canonical: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SettingsRecord {
    pub allow_missing_id: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RosterRecord {
    /// The roster's file name, without folders.
    pub file: String,
    pub fingerprint: String,
    pub students: usize,
    pub boys: usize,
    pub girls: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupingRecord {
    pub fingerprint: String,
    pub groups: Vec<GroupRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupRecord {
    pub number: u32,
    pub size: usize,
    pub boys: usize,
    pub girls: usize,
    pub seal: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutputRecord {
    pub file: String,
    pub sha256: String,
}

impl RunRecord {
    /// The record of a `group` run, hashing the output files already written.
    ///
    /// # Errors
    ///
    /// Fails when an output file cannot be read back for hashing.
    pub fn for_grouping(
        info: &RunInfo,
        plan: &GroupPlan,
        roster: &Roster,
        grouping: &Grouping,
        outputs: &[PathBuf],
    ) -> Result<RunRecord> {
        let seals = grouping.seals(&roster.students);
        let groups = grouping
            .groups
            .iter()
            .zip(&seals)
            .map(|(g, seal)| GroupRecord {
                number: g.number,
                size: g.size(),
                boys: g.boys,
                girls: g.girls,
                seal: seal.hex(),
            })
            .collect();
        let grouping_record = GroupingRecord {
            fingerprint: grouping.fingerprint(&roster.students).hex(),
            groups,
        };
        Ok(RunRecord {
            format: RECORD_FORMAT,
            tool: "bianban".into(),
            tool_version: TOOL_VERSION.into(),
            algorithm: info.algorithm.into(),
            command: "group".into(),
            time: info.time.format("%Y-%m-%dT%H:%M:%S").to_string(),
            school: info.school.clone(),
            grade: info.grade.map(|g| g.label()),
            classes: info.classes,
            seed: info.seed.as_ref().map(|s| SeedRecord {
                written: s.written.clone(),
                canonical: s.canonical.clone(),
            }),
            settings: SettingsRecord {
                allow_missing_id: plan.roster.options.allow_missing_id,
            },
            roster: roster_record(roster, &info.roster),
            grouping: Some(grouping_record),
            outputs: outputs
                .iter()
                .map(|p| output_record(p))
                .collect::<Result<_>>()?,
            journal: None,
            balance: None,
        })
    }
}

fn roster_record(roster: &Roster, fingerprint: &Fingerprint) -> RosterRecord {
    RosterRecord {
        file: roster.file.clone(),
        fingerprint: fingerprint.hex(),
        students: roster.students.len(),
        boys: roster.boys(),
        girls: roster.girls(),
    }
}

/// The file name and SHA-256 of an output file.
///
/// # Errors
///
/// Fails when the file cannot be read.
pub fn output_record(path: &Path) -> Result<OutputRecord> {
    let bytes = std::fs::read(path).map_err(|e| Error::Write {
        path: path.to_path_buf(),
        fault: WriteFault::Other(e.raw_os_error()),
    })?;
    Ok(OutputRecord {
        file: crate::read::file_name(path),
        sha256: Fingerprint::of(&bytes).hex(),
    })
}

/// Writes the record as pretty JSON, never replacing an existing file.
///
/// # Errors
///
/// Fails as [`super::output::save_bytes`] does.
pub fn save(path: &Path, record: &RunRecord) -> Result<()> {
    let mut json = serde_json::to_string_pretty(record).unwrap_or_default();
    json.push('\n');
    super::output::save_bytes(path, json.as_bytes())
}

/// Reads a run record.
///
/// Returns `None` when the file cannot be read or is not a run record of this tool.
pub fn load(path: &Path) -> Option<RunRecord> {
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str(&text).ok()
}

/// The record of a `merge` run (`抽签结果记录.json`), written beside the three copies. Later
/// merges read it to find earlier draws of the same roster. It holds no personal data: the
/// group each class drew, the fingerprints, and hashes of the files read and written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MergeRecord {
    pub format: u32,
    pub tool: String,
    pub tool_version: String,
    pub algorithm: String,
    pub command: String,
    /// Local time the merge ran, `YYYY-MM-DDTHH:MM:SS`.
    pub time: String,
    pub school: String,
    pub grade: Option<String>,
    pub classes: u32,
    pub seed: Option<SeedRecord>,
    pub roster_fingerprint: String,
    pub grouping_fingerprint: Option<String>,
    pub draw: DrawRecord,
    /// The draw form and group lists that were read.
    pub inputs: Vec<OutputRecord>,
    pub outputs: Vec<OutputRecord>,
    /// The fingerprint of the archive's content (`fingerprint::archive_fingerprint`), which
    /// late-enrolment records extend; merges before it existed have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive_fingerprint: Option<String>,
    /// The merge's journal entry, when it was recorded in one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub journal: Option<JournalRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrawRecord {
    /// The draw date, `YYYY-MM-DD`.
    pub date: String,
    pub fingerprint: String,
    /// 1 for the first merge of these groups, 2 for the first re-run, and so on.
    pub sequence: u32,
    /// The group drawn by class k at index k - 1.
    pub groups: Vec<u32>,
    /// Earlier merges of the same roster, oldest first.
    pub earlier: Vec<EarlierDrawRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EarlierDrawRecord {
    pub folder: String,
    pub time: String,
    pub fingerprint: String,
}

/// Writes a merge record as pretty JSON, never replacing an existing file.
///
/// # Errors
///
/// Fails as [`super::output::save_bytes`] does.
pub fn save_merge(path: &Path, record: &MergeRecord) -> Result<()> {
    let mut json = serde_json::to_string_pretty(record).unwrap_or_default();
    json.push('\n');
    super::output::save_bytes(path, json.as_bytes())
}

/// Reads a merge record; `None` when the file is missing or not a merge record.
pub fn load_merge(path: &Path) -> Option<MergeRecord> {
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str(&text).ok()
}
