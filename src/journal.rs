//! The run journal (`编班日志.jsonl`): one line per `group`, `merge` and `late` run in the
//! work folder, each chained to the one before by its hash.
//!
//! Every entry stores the SHA-256 of the previous entry, and its own hash covers all its
//! fields, so removing, editing or reordering an entry breaks the chain where it happened.
//! Removing the last entries keeps the chain intact, so each run also stores its entry's
//! number and hash in its run record, and `verify` checks that those entries exist. The
//! journal contains fingerprints, seeds and file hashes, never a student's personal data.

use std::collections::{BTreeMap, HashMap};
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::SystemTime;

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
    Ok(parse(&text))
}

/// Parses the journal's text into its entries and the faults of its chain.
fn parse(text: &str) -> (Vec<Entry>, Vec<ChainFault>) {
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
    (entries.into_iter().map(|(_, e)| e).collect(), faults)
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
///
/// # Errors
///
/// Fails when the journal cannot be read or written.
pub fn append(path: &Path, facts: RunFacts, time: chrono::NaiveDateTime) -> std::io::Result<Entry> {
    append_counting(path, facts, time).map(|(entry, _)| entry)
}

/// Appends an entry for a finished run and returns it with the number of chain faults the
/// journal had before. The file is only ever appended to.
///
/// The journal is read and checked only when this process has not read it yet or the file
/// is not as this process left it (see [`KnownJournal`]). So a run over many schools does
/// not read the whole journal again for each school. Appends from threads of one process
/// are serialised; two processes writing the same journal at the same moment are not
/// guarded against.
///
/// # Errors
///
/// Fails when the journal cannot be read or written.
pub fn append_counting(
    path: &Path,
    facts: RunFacts,
    time: chrono::NaiveDateTime,
) -> std::io::Result<(Entry, usize)> {
    // A run over many schools groups them on several threads, and each finished school
    // appends its entry; reading the last entry and appending must not interleave.
    let mut journals = KNOWN.lock().unwrap_or_else(PoisonError::into_inner);
    let known = known_journal(&mut journals, path)?;
    let mut entry = Entry {
        seq: known.last.as_ref().map_or(1, |(seq, _)| seq + 1),
        time: time.format("%Y-%m-%dT%H:%M:%S").to_string(),
        facts,
        prev: known
            .last
            .as_ref()
            .map_or_else(|| GENESIS.to_string(), |(_, hash)| hash.clone()),
        hash: String::new(),
    };
    entry.hash = entry.compute_hash();
    let mut line = serde_json::to_string(&entry).map_err(std::io::Error::other)?;
    line.push('\n');
    // Until the append has succeeded, the file's state is unknown and is read again.
    let before = known.stamp.take();
    let mut file = OpenOptions::new().create(true).append(true).open(path)?;
    file.write_all(line.as_bytes())?;
    file.sync_all()?;
    known.stamp = before.and_then(|stamp| stamp.after_append(&file, line.len()));
    known.add(&entry);
    Ok((entry, known.faults))
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

/// A `group` entry of the journal, as [`earlier_groupings_in`] returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupingEntry {
    pub seed: Option<String>,
    /// The entry's time, `YYYY-MM-DDTHH:MM:SS`.
    pub time: String,
}

/// Returns the `group` entries of the same roster fingerprint for the same school and
/// class count in the journal at `path`, oldest first, as [`earlier_groupings`] finds them
/// among all entries. The journal is read again only when it is not as this process last
/// left it.
///
/// # Errors
///
/// Fails when the journal exists but cannot be read.
pub fn earlier_groupings_in(
    path: &Path,
    school: &str,
    roster: &str,
    classes: u32,
) -> std::io::Result<Vec<GroupingEntry>> {
    let mut journals = KNOWN.lock().unwrap_or_else(PoisonError::into_inner);
    let known = known_journal(&mut journals, path)?;
    let Some(groupings) = known.groupings.get(roster) else {
        return Ok(Vec::new());
    };
    let same = groupings
        .iter()
        .filter(|g| g.school == school && g.classes == Some(classes));
    Ok(same.map(|g| g.entry.clone()).collect())
}

/// The journals this process has read or written, by absolute path.
static KNOWN: Mutex<BTreeMap<PathBuf, KnownJournal>> = Mutex::new(BTreeMap::new());

/// The state of a journal file as this process read it once and then appended to it: the
/// end of the chain, the fault count and the `group` entries.
#[derive(Default)]
struct KnownJournal {
    /// The file as this process last left it; `None` when it must be read again.
    stamp: Option<FileStamp>,
    /// Number and hash of the last entry.
    last: Option<(u64, String)>,
    /// Chain faults found when the file was read; entries appended since add none.
    faults: usize,
    /// The `group` entries by roster fingerprint, oldest first.
    groupings: HashMap<String, Vec<KnownGrouping>>,
}

struct KnownGrouping {
    school: String,
    classes: Option<u32>,
    entry: GroupingEntry,
}

/// The length and modification time of a journal file. A missing file has length 0 and no
/// time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileStamp {
    length: u64,
    modified: Option<SystemTime>,
}

impl FileStamp {
    fn of(metadata: &std::fs::Metadata) -> FileStamp {
        FileStamp {
            length: metadata.len(),
            modified: metadata.modified().ok(),
        }
    }

    /// Returns the stamp of the file after this process appended `added` bytes to it, or
    /// `None` when the file's length shows that another program wrote to it as well.
    fn after_append(self, file: &File, added: usize) -> Option<FileStamp> {
        let now = FileStamp::of(&file.metadata().ok()?);
        (now.length == self.length + added as u64).then_some(now)
    }
}

/// Returns this process's knowledge of the journal at `path`, reading the file when this
/// process has not read it yet or when its length or modification time is not what this
/// process last left.
fn known_journal<'a>(
    journals: &'a mut BTreeMap<PathBuf, KnownJournal>,
    path: &Path,
) -> std::io::Result<&'a mut KnownJournal> {
    let key = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let current = match std::fs::metadata(path) {
        Ok(metadata) => FileStamp::of(&metadata),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => FileStamp {
            length: 0,
            modified: None,
        },
        Err(e) => return Err(e),
    };
    let known = journals.entry(key).or_default();
    if known.stamp != Some(current) {
        *known = KnownJournal::read(path)?;
    }
    Ok(known)
}

impl KnownJournal {
    fn read(path: &Path) -> std::io::Result<KnownJournal> {
        let (text, stamp) = match File::open(path) {
            Ok(mut file) => {
                // The time is taken before reading and the length from the text read, so
                // text added during the read is either in `text` or makes the stamps differ.
                let mut stamp = FileStamp::of(&file.metadata()?);
                let mut text = String::new();
                file.read_to_string(&mut text)?;
                stamp.length = text.len() as u64;
                (text, stamp)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (
                String::new(),
                FileStamp {
                    length: 0,
                    modified: None,
                },
            ),
            Err(e) => return Err(e),
        };
        let (entries, faults) = parse(&text);
        let mut known = KnownJournal {
            faults: faults.len(),
            ..KnownJournal::default()
        };
        for entry in &entries {
            known.add(entry);
        }
        // An appended line would join a last line without a line break, so such a journal
        // is read again after the next append.
        let complete = text.is_empty() || text.ends_with('\n');
        known.stamp = complete.then_some(stamp);
        Ok(known)
    }

    /// Takes in an entry read from the file or appended to it.
    fn add(&mut self, entry: &Entry) {
        self.last = Some((entry.seq, entry.hash.clone()));
        let facts = &entry.facts;
        let Some(roster) = &facts.roster_fingerprint else {
            return;
        };
        if facts.command != "group" {
            return;
        }
        self.groupings
            .entry(roster.clone())
            .or_default()
            .push(KnownGrouping {
                school: facts.school.clone(),
                classes: facts.classes,
                entry: GroupingEntry {
                    seed: facts.seed.clone(),
                    time: entry.time.clone(),
                },
            });
    }
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
    fn appends_chain_like_a_fresh_read() {
        let (_dir, path) = journal_with(&["111111", "222222", "333333"]);
        let (entries, faults) = read(&path).unwrap();
        assert_eq!(faults, []);
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[2].prev, entries[1].hash);
        let (fourth, before) = append_counting(&path, facts("444444"), time()).unwrap();
        assert_eq!(before, 0);
        assert_eq!(fourth.seq, 4);
        assert_eq!(fourth.prev, entries[2].hash);
        assert_eq!(read(&path).unwrap().0.last(), Some(&fourth));
    }

    #[test]
    fn journal_written_by_another_program_is_read_again() {
        let (_dir, path) = journal_with(&["111111", "222222"]);
        let mut file = OpenOptions::new().append(true).open(&path).unwrap();
        file.write_all(b"not json\n").unwrap();
        drop(file);
        let (third, before) = append_counting(&path, facts("333333"), time()).unwrap();
        assert_eq!(before, 1);
        assert_eq!(third.seq, 3);

        // An edit that changes the length: the second entry no longer matches its hash.
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replacen("222222", "2222229", 1);
        std::fs::write(&path, text).unwrap();
        let (_, faults) = read(&path).unwrap();
        let (fourth, before) = append_counting(&path, facts("444444"), time()).unwrap();
        assert_eq!(before, faults.len());
        assert_eq!(before, 2);
        assert_eq!(fourth.prev, third.hash);
    }

    #[test]
    fn last_line_without_line_break_is_read_again() {
        let (_dir, path) = journal_with(&["111111"]);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.trim_end()).unwrap();
        append_counting(&path, facts("222222"), time()).unwrap();
        // The appended entry joined the last line, so the file now has one unreadable line.
        let (entries, faults) = read(&path).unwrap();
        assert_eq!(entries.len(), 0);
        assert_eq!(faults, [ChainFault::Unreadable { line: 1 }]);
        let (third, before) = append_counting(&path, facts("333333"), time()).unwrap();
        assert_eq!(before, 1);
        assert_eq!(third.seq, 1);
        assert_eq!(third.prev, GENESIS);
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

    #[test]
    fn earlier_groupings_in_file_match_the_entries() {
        let (_dir, path) = journal_with(&["111111", "222222"]);
        let (entries, _) = read(&path).unwrap();
        let roster = "ab".repeat(32);
        let other = "cd".repeat(32);
        for (school, roster, classes) in [
            ("示例中学", &roster, 4),
            ("示例中学", &roster, 5),
            ("别的学校", &roster, 4),
            ("示例中学", &other, 4),
        ] {
            let expected: Vec<GroupingEntry> = earlier_groupings(&entries, school, roster, classes)
                .into_iter()
                .map(|e| GroupingEntry {
                    seed: e.facts.seed.clone(),
                    time: e.time.clone(),
                })
                .collect();
            let found = earlier_groupings_in(&path, school, roster, classes).unwrap();
            assert_eq!(found, expected, "{school} {classes}");
        }
        let found = earlier_groupings_in(&path, "示例中学", &roster, 4).unwrap();
        let seeds: Vec<Option<&str>> = found.iter().map(|g| g.seed.as_deref()).collect();
        assert_eq!(seeds, [Some("111111"), Some("222222")]);
    }
}
