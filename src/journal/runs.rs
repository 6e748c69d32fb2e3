//! The journal as the commands use it: where it lives, how a finished run is appended, and
//! how earlier groupings of a roster are found.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use super::{Entry, FileHash, RunFacts};
use crate::error::{Error, Result};
use crate::fingerprint::Fingerprint;
use crate::write::EarlierRun;

/// A run record's pointer to its journal entry. A journal whose tail was cut off still has
/// an intact chain, so `verify` checks that the entry each record points to is there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalRef {
    pub seq: u64,
    pub hash: String,
}

impl From<&Entry> for JournalRef {
    fn from(entry: &Entry) -> Self {
        JournalRef {
            seq: entry.seq,
            hash: entry.hash.clone(),
        }
    }
}

/// Returns the work folder, where the journal is read and appended. That is the folder of
/// the settings file when one is used, else the nearest folder at or above `output_folder`
/// that already has a journal, else the current folder. So a run started inside an
/// earlier result folder appends to the journal of that grouping.
pub fn work_folder(settings_file: Option<&Path>, output_folder: &Path) -> PathBuf {
    if let Some(settings) = settings_file {
        let parent = settings.parent().filter(|p| !p.as_os_str().is_empty());
        return parent.map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    }
    folder_with_journal(output_folder).unwrap_or_else(|| PathBuf::from("."))
}

/// Returns the nearest folder at or above `path` that has a journal.
pub fn folder_with_journal(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    absolute
        .ancestors()
        .find(|folder| super::path_in(folder).is_file())
        .map(Path::to_path_buf)
}

/// Hashes each input file, by file name and SHA-256, through [`hash_input`].
///
/// # Errors
///
/// [`Error::FileUnreadable`] when a file cannot be read.
pub fn hash_inputs(paths: &[PathBuf]) -> Result<Vec<FileHash>> {
    paths.iter().map(|path| hash_input(path)).collect()
}

/// Hashes each output file, by file name and SHA-256. Outputs are new files, so they are
/// read and hashed each time.
///
/// # Errors
///
/// [`Error::FileUnreadable`] when a file cannot be read.
pub fn hash_outputs(paths: &[PathBuf]) -> Result<Vec<FileHash>> {
    paths
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).map_err(|e| unreadable(path, &e))?;
            Ok(FileHash {
                file: crate::read::file_name(path),
                sha256: Fingerprint::of(&bytes).hex(),
            })
        })
        .collect()
}

/// The input files this process has hashed, by absolute path.
static INPUT_HASHES: Mutex<BTreeMap<PathBuf, InputHash>> = Mutex::new(BTreeMap::new());

/// An input file's SHA-256 in hex, with the length and modification time the file had
/// when it was read.
struct InputHash {
    length: u64,
    modified: Option<SystemTime>,
    sha256: String,
}

/// The age below which an input's hash is not kept. File systems store modification times
/// in steps (2 s on FAT, one clock tick on Linux), so a file changed again within the same
/// step keeps its time.
const RECENT_CHANGE: Duration = Duration::from_secs(2);

/// Hashes an input file (a roster, a teacher sheet, a list file), by file name and SHA-256.
/// Every input hash of a run goes through here, and each file is read and hashed once per
/// process: a run over many schools from one combined roster records that roster for every
/// school. A file whose length or modification time has changed since is hashed again, and
/// so is one modified within [`RECENT_CHANGE`] before it was hashed.
///
/// # Errors
///
/// [`Error::FileUnreadable`] when the file cannot be read.
pub fn hash_input(path: &Path) -> Result<FileHash> {
    let mut file = File::open(path).map_err(|e| unreadable(path, &e))?;
    let metadata = file.metadata().map_err(|e| unreadable(path, &e))?;
    let (length, modified) = (metadata.len(), metadata.modified().ok());
    let key = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    // The lock is held while hashing, so threads that need the same file wait for the one
    // hash instead of each reading the file.
    let mut hashes = INPUT_HASHES.lock().unwrap_or_else(PoisonError::into_inner);
    let known = hashes
        .get(&key)
        .filter(|h| h.length == length && h.modified == modified);
    let sha256 = match known {
        Some(hash) => hash.sha256.clone(),
        None => {
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes)
                .map_err(|e| unreadable(path, &e))?;
            let sha256 = Fingerprint::of(&bytes).hex();
            let settled = modified.is_some_and(|time| {
                SystemTime::now()
                    .duration_since(time)
                    .is_ok_and(|age| age >= RECENT_CHANGE)
            });
            if settled {
                let hash = InputHash {
                    length,
                    modified,
                    sha256: sha256.clone(),
                };
                hashes.insert(key, hash);
            }
            sha256
        }
    };
    Ok(FileHash {
        file: crate::read::file_name(path),
        sha256,
    })
}

fn unreadable(path: &Path, error: &std::io::Error) -> Error {
    Error::FileUnreadable {
        path: path.to_path_buf(),
        code: error.raw_os_error(),
    }
}

/// Writes `folder` relative to the work folder when it is inside it, with `/` between
/// the parts, so the journal reads the same on every machine.
pub fn relative_folder(work_folder: &Path, folder: &Path) -> String {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (base, target) = (absolute(work_folder), absolute(folder));
    let Ok(inside) = target.strip_prefix(&base) else {
        return target.display().to_string();
    };
    let parts: Vec<String> = inside
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// Appends the entry of a finished run to the work folder's journal and returns the number
/// of chain faults the journal had before, with the pointer to the new entry.
///
/// # Errors
///
/// [`Error::Write`] when the journal cannot be read or written.
pub fn append_run(
    work_folder: &Path,
    facts: RunFacts,
    time: chrono::NaiveDateTime,
) -> Result<(JournalRef, usize)> {
    let path = super::path_in(work_folder);
    let write_error = |e: std::io::Error| Error::Write {
        path: path.clone(),
        fault: crate::write::output::fault_of(&e),
    };
    let (entry, faults) = super::append_counting(&path, facts, time).map_err(write_error)?;
    Ok((JournalRef::from(&entry), faults))
}

/// Finds the earlier groupings of the same roster for the same school and class count in
/// the work folder's journal, oldest first. An unreadable journal gives none, and `verify`
/// reports its faults.
pub fn earlier_runs(
    work_folder: &Path,
    school: &str,
    roster: &Fingerprint,
    classes: u32,
) -> Vec<EarlierRun> {
    let path = super::path_in(work_folder);
    let Ok(earlier) = super::earlier_groupings_in(&path, school, &roster.hex(), classes) else {
        return Vec::new();
    };
    earlier
        .into_iter()
        .map(|entry| EarlierRun {
            seed: entry.seed.unwrap_or_default(),
            time: parse_time(&entry.time).unwrap_or_default(),
        })
        .collect()
}

/// Parses the `YYYY-MM-DDTHH:MM:SS` time of entries and records.
pub fn parse_time(text: &str) -> Option<chrono::NaiveDateTime> {
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_folder_is_the_settings_folder() {
        let output = Path::new("/data/一中/编班结果");
        assert_eq!(
            work_folder(Some(Path::new("编班设置.toml")), output),
            PathBuf::from(".")
        );
        assert_eq!(
            work_folder(Some(Path::new("/data/一中/编班设置.toml")), output),
            PathBuf::from("/data/一中")
        );
    }

    #[test]
    fn work_folder_is_the_nearest_with_a_journal() {
        let dir = tempfile::tempdir().unwrap();
        let result = dir.path().join("编班结果").join("名单_分组_1");
        std::fs::create_dir_all(&result).unwrap();
        let output = result.join("三联存档_2025-08-28");
        assert_eq!(work_folder(None, &output), PathBuf::from("."));

        std::fs::write(super::super::path_in(dir.path()), "").unwrap();
        assert_eq!(work_folder(None, &output), dir.path());

        std::fs::write(super::super::path_in(&result), "").unwrap();
        assert_eq!(work_folder(None, &output), result);
    }

    #[test]
    fn folders_inside_the_work_folder_are_relative() {
        let base = Path::new("/data/一中");
        assert_eq!(
            relative_folder(base, Path::new("/data/一中/编班结果/名单_分组_1")),
            "编班结果/名单_分组_1"
        );
        assert_eq!(relative_folder(base, base), ".");
        assert_eq!(relative_folder(base, Path::new("/other/x")), "/other/x");
    }

    #[test]
    fn input_hash_is_kept_while_length_and_time_match() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("名单.csv");
        let write = |text: &str, modified: SystemTime| {
            std::fs::write(&path, text).unwrap();
            let file = File::options().write(true).open(&path).unwrap();
            file.set_modified(modified).unwrap();
        };
        let old = SystemTime::now() - Duration::from_secs(3600);
        write("张三,男\n", old);
        let first = hash_input(&path).unwrap();
        assert_eq!(first.file, "名单.csv");
        assert_eq!(first.sha256, Fingerprint::of("张三,男\n".as_bytes()).hex());

        // Same length and time: the kept hash is returned and the file is not read again.
        write("李四,女\n", old);
        assert_eq!(hash_input(&path).unwrap(), first);

        write("李四,女\n", old + Duration::from_secs(1));
        let retimed = hash_input(&path).unwrap();
        assert_eq!(
            retimed.sha256,
            Fingerprint::of("李四,女\n".as_bytes()).hex()
        );

        write("王五五,男\n", old + Duration::from_secs(1));
        let longer = hash_input(&path).unwrap();
        assert_eq!(
            longer.sha256,
            Fingerprint::of("王五五,男\n".as_bytes()).hex()
        );
    }

    #[test]
    fn recently_changed_input_is_hashed_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("名单.csv");
        std::fs::write(&path, "张三,男\n").unwrap();
        let first = hash_input(&path).unwrap();
        std::fs::write(&path, "李四,女\n").unwrap();
        let second = hash_input(&path).unwrap();
        assert_ne!(second, first);
        assert_eq!(second.sha256, Fingerprint::of("李四,女\n".as_bytes()).hex());
    }

    #[test]
    fn earlier_runs_come_from_the_journal() {
        let dir = tempfile::tempdir().unwrap();
        let roster = Fingerprint::of(b"roster");
        let facts = |seed: &str| RunFacts {
            command: "group".into(),
            school: "示例中学".into(),
            classes: Some(4),
            seed: Some(seed.into()),
            roster_fingerprint: Some(roster.hex()),
            ..Default::default()
        };
        let time = chrono::NaiveDate::from_ymd_opt(2025, 8, 20)
            .and_then(|d| d.and_hms_opt(9, 30, 0))
            .unwrap();
        append_run(dir.path(), facts("111111"), time).unwrap();
        let (reference, faults) = append_run(dir.path(), facts("222222"), time).unwrap();
        assert_eq!(reference.seq, 2);
        assert_eq!(faults, 0);
        let runs = earlier_runs(dir.path(), "示例中学", &roster, 4);
        let seeds: Vec<&str> = runs.iter().map(|r| r.seed.as_str()).collect();
        assert_eq!(seeds, ["111111", "222222"]);
        assert_eq!(runs[0].time, time);
        assert!(earlier_runs(dir.path(), "示例中学", &roster, 5).is_empty());
    }
}
