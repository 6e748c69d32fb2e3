//! The run journal (`编班日志.jsonl`): one line per `group`, `merge` and `late` run in the
//! work folder, each chained to the one before by its hash.
//!
//! Every entry stores the SHA-256 of the previous entry, and its own hash covers all its
//! fields, so removing, editing or reordering an entry breaks the chain where it happened.
//! Removing the last entries keeps the chain intact, so each run also stores its entry's
//! number and hash in its run record, and `verify` checks that those entries exist. The
//! journal contains fingerprints, seeds and file hashes, never a student's personal data.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::fingerprint::Fingerprint;

pub mod record;
pub mod runs;

pub const JOURNAL_FILE: &str = "编班日志.jsonl";

/// The `prev` value of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// A file the run read or wrote, by name and SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileHash {
    pub file: String,
    pub sha256: String,
}

/// The facts a run records in its journal entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunFacts {
    pub command: String,
    pub tool_version: String,
    pub algorithm: String,
    pub school: String,
    pub grade: Option<String>,
    pub classes: Option<u32>,
    /// The canonical seed, when the run used one.
    pub seed: Option<String>,
    pub roster_fingerprint: Option<String>,
    pub grouping_fingerprint: Option<String>,
    pub inputs: Vec<FileHash>,
    pub outputs: Vec<FileHash>,
    /// The output folder, relative to the work folder where possible.
    pub output_folder: String,
    /// The fingerprint of the result the run wrote: the draw result for `merge`, the
    /// late-enrolment record for `late`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_fingerprint: Option<String>,
    /// The fingerprints of the results this run extends: for `late`, the archive and the
    /// earlier late-enrolment records.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub based_on: Vec<String>,
}

/// One journal line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// 1 for the first entry, then one more for each.
    pub seq: u64,
    /// Local time, `YYYY-MM-DDTHH:MM:SS`.
    pub time: String,
    #[serde(flatten)]
    pub facts: RunFacts,
    /// The hash of the previous entry, [`GENESIS`] for the first.
    pub prev: String,
    /// SHA-256 of this entry's JSON with `hash` set to the empty string.
    pub hash: String,
}

impl Entry {
    /// Computes the hash this entry must carry.
    pub fn compute_hash(&self) -> String {
        let unhashed = Entry {
            hash: String::new(),
            ..self.clone()
        };
        let json = serde_json::to_string(&unhashed).unwrap_or_default();
        Fingerprint::of(json.as_bytes()).hex()
    }
}

/// A flaw in the journal's chain, by the entry it was found at (1-based line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainFault {
    /// The line is not a journal entry (damaged or edited into invalid JSON).
    Unreadable { line: usize },
    /// The entry's content does not match its own hash: it was edited.
    Edited { line: usize, seq: u64 },
    /// The entry does not point to the entry before it: one was removed or reordered.
    BrokenLink { line: usize, seq: u64 },
    /// The numbering jumps: an entry was removed or reordered.
    Numbering {
        line: usize,
        expected: u64,
        found: u64,
    },
    /// A run record refers to an entry that is missing or different.
    MissingEntry { seq: u64 },
}

/// Returns the journal's path in a work folder.
pub fn path_in(work_folder: &Path) -> PathBuf {
    work_folder.join(JOURNAL_FILE)
}

/// Reads all entries; lines that do not parse are reported as faults and skipped.
///
/// A missing journal is an empty one.
///
/// # Errors
///
/// Fails only when the file exists but cannot be read.
pub fn read(path: &Path) -> std::io::Result<(Vec<Entry>, Vec<ChainFault>)> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), Vec::new())),
        Err(e) => return Err(e),
    };
    let mut entries = Vec::new();
    let mut faults = Vec::new();
    for (index, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        match serde_json::from_str::<Entry>(line) {
            Ok(entry) => entries.push((index + 1, entry)),
            Err(_) => faults.push(ChainFault::Unreadable { line: index + 1 }),
        }
    }
    faults.extend(check_chain(&entries));
    Ok((entries.into_iter().map(|(_, e)| e).collect(), faults))
}

/// Checks hashes, links and numbering of entries given with their line numbers.
fn check_chain(entries: &[(usize, Entry)]) -> Vec<ChainFault> {
    let mut faults = Vec::new();
    let mut previous: Option<&Entry> = None;
    for (line, entry) in entries {
        let line = *line;
        if entry.compute_hash() != entry.hash {
            faults.push(ChainFault::Edited {
                line,
                seq: entry.seq,
            });
        }
        let expected_prev = previous.map_or(GENESIS, |p| p.hash.as_str());
        if entry.prev != expected_prev {
            faults.push(ChainFault::BrokenLink {
                line,
                seq: entry.seq,
            });
        }
        let expected_seq = previous.map_or(1, |p| p.seq + 1);
        if entry.seq != expected_seq {
            faults.push(ChainFault::Numbering {
                line,
                expected: expected_seq,
                found: entry.seq,
            });
        }
        previous = Some(entry);
    }
    faults
}

/// Checks that the entries a run record refers to (by number and hash) are in the journal.
pub fn check_references(entries: &[Entry], references: &[(u64, String)]) -> Vec<ChainFault> {
    references
        .iter()
        .filter(|(seq, hash)| !entries.iter().any(|e| e.seq == *seq && e.hash == *hash))
        .map(|(seq, _)| ChainFault::MissingEntry { seq: *seq })
        .collect()
}

/// Appends an entry for a finished run and returns it. The file is only ever appended to.
/// Appends from threads of one process are serialised; two processes writing the same
/// journal at the same moment are not guarded against.
///
/// # Errors
///
/// Fails when the journal cannot be read or written.
pub fn append(path: &Path, facts: RunFacts, time: chrono::NaiveDateTime) -> std::io::Result<Entry> {
    // A run over many schools groups them on several threads, and each finished school
    // appends its entry; reading the last entry and appending must not interleave.
    static APPEND: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = APPEND
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let (entries, _) = read(path)?;
    let last = entries.last();
    let mut entry = Entry {
        seq: last.map_or(1, |e| e.seq + 1),
        time: time.format("%Y-%m-%dT%H:%M:%S").to_string(),
        facts,
        prev: last.map_or_else(|| GENESIS.to_string(), |e| e.hash.clone()),
        hash: String::new(),
    };
    entry.hash = entry.compute_hash();
    let mut line = serde_json::to_string(&entry).map_err(std::io::Error::other)?;
    line.push('\n');
    let mut file = OpenOptions::new().create(true).append(true).open(path)?;
    file.write_all(line.as_bytes())?;
    file.sync_all()?;
    Ok(entry)
}

/// Earlier `group` runs of the same roster for the same school and class count, oldest first.
pub fn earlier_groupings<'a>(
    entries: &'a [Entry],
    school: &str,
    roster: &str,
    classes: u32,
) -> Vec<&'a Entry> {
    entries
        .iter()
        .filter(|e| e.facts.command == "group")
        .filter(|e| e.facts.school == school && e.facts.classes == Some(classes))
        .filter(|e| e.facts.roster_fingerprint.as_deref() == Some(roster))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(seed: &str) -> RunFacts {
        RunFacts {
            command: "group".into(),
            tool_version: "0.1.0".into(),
            algorithm: "bianban-1".into(),
            school: "示例中学".into(),
            classes: Some(4),
            seed: Some(seed.into()),
            roster_fingerprint: Some("ab".repeat(32)),
            ..Default::default()
        }
    }

    fn time() -> chrono::NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 8, 20)
            .unwrap()
            .and_hms_opt(9, 30, 0)
            .unwrap()
    }

    fn journal_with(seeds: &[&str]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = path_in(dir.path());
        for seed in seeds {
            append(&path, facts(seed), time()).unwrap();
        }
        (dir, path)
    }

    fn lines(path: &Path) -> Vec<String> {
        std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn intact_journal_has_no_faults() {
        let (_dir, path) = journal_with(&["111111", "222222", "333333"]);
        let (entries, faults) = read(&path).unwrap();
        assert_eq!(entries.len(), 3);
        assert_eq!(faults, []);
        assert_eq!(entries[0].prev, GENESIS);
        assert_eq!(entries[2].seq, 3);
    }

    #[test]
    fn removed_entry_breaks_the_chain() {
        let (_dir, path) = journal_with(&["111111", "222222", "333333"]);
        let kept = lines(&path);
        std::fs::write(&path, format!("{}\n{}\n", kept[0], kept[2])).unwrap();
        let (_, faults) = read(&path).unwrap();
        assert!(
            faults.contains(&ChainFault::BrokenLink { line: 2, seq: 3 }),
            "{faults:?}"
        );
        assert!(faults.contains(&ChainFault::Numbering {
            line: 2,
            expected: 2,
            found: 3
        }));
    }

    #[test]
    fn edited_entry_is_detected() {
        let (_dir, path) = journal_with(&["111111", "222222"]);
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replacen("222222", "999999", 1);
        std::fs::write(&path, text).unwrap();
        let (_, faults) = read(&path).unwrap();
        assert_eq!(faults, [ChainFault::Edited { line: 2, seq: 2 }]);
    }

    #[test]
    fn reordered_entries_are_detected() {
        let (_dir, path) = journal_with(&["111111", "222222", "333333"]);
        let l = lines(&path);
        std::fs::write(&path, format!("{}\n{}\n{}\n", l[0], l[2], l[1])).unwrap();
        let (_, faults) = read(&path).unwrap();
        assert!(
            faults
                .iter()
                .any(|f| matches!(f, ChainFault::BrokenLink { line: 2, .. })),
            "{faults:?}"
        );
        assert!(
            faults
                .iter()
                .any(|f| matches!(f, ChainFault::BrokenLink { line: 3, .. })),
            "{faults:?}"
        );
    }

    #[test]
    fn truncated_tail_is_caught_by_references() {
        let (_dir, path) = journal_with(&["111111", "222222"]);
        let (entries, _) = read(&path).unwrap();
        let reference = (entries[1].seq, entries[1].hash.clone());
        let l = lines(&path);
        std::fs::write(&path, format!("{}\n", l[0])).unwrap();
        let (entries, faults) = read(&path).unwrap();
        assert_eq!(faults, []);
        assert_eq!(
            check_references(&entries, &[reference]),
            [ChainFault::MissingEntry { seq: 2 }]
        );
    }

    #[test]
    fn garbage_line_is_reported() {
        let (_dir, path) = journal_with(&["111111"]);
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str("not json\n");
        std::fs::write(&path, text).unwrap();
        let (entries, faults) = read(&path).unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(faults, [ChainFault::Unreadable { line: 2 }]);
    }

    #[test]
    fn earlier_groupings_match_roster_school_and_classes() {
        let (_dir, path) = journal_with(&["111111", "222222"]);
        let (entries, _) = read(&path).unwrap();
        let roster = "ab".repeat(32);
        assert_eq!(earlier_groupings(&entries, "示例中学", &roster, 4).len(), 2);
        assert_eq!(earlier_groupings(&entries, "示例中学", &roster, 5).len(), 0);
        assert_eq!(earlier_groupings(&entries, "别的学校", &roster, 4).len(), 0);
    }
}
