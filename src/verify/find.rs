//! Finding the files to check: the files given, and in the folders given every file the
//! tool writes, by its name. A file given by itself may have another name, so its kind is
//! then decided by its content.

use std::path::{Path, PathBuf};

use crate::messages::{archive as archive_words, labels, late as late_words};

/// The kinds of files `verify` checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    GroupLists,
    Envelopes,
    RunRecord,
    DrawCopy,
    MergeRecord,
    LateCopy,
    LateRecord,
    Journal,
    /// Written by the tool and checked by its SHA-256 in a record only.
    HashedOnly,
}

/// The depth to which folders are searched.
const MAX_DEPTH: usize = 6;

/// Returns the kind of a file the tool writes, by its name.
pub fn kind_by_name(name: &str) -> Option<Kind> {
    let kind = match name {
        labels::FILE_GROUPS => Kind::GroupLists,
        labels::FILE_ENVELOPES => Kind::Envelopes,
        labels::FILE_RECORD => Kind::RunRecord,
        archive_words::FILE_FIRST | archive_words::FILE_SECOND | archive_words::FILE_THIRD => {
            Kind::DrawCopy
        }
        archive_words::FILE_MERGE_RECORD => Kind::MergeRecord,
        late_words::FILE_FIRST | late_words::FILE_SECOND | late_words::FILE_THIRD => Kind::LateCopy,
        late_words::FILE_RECORD => Kind::LateRecord,
        crate::journal::JOURNAL_FILE => Kind::Journal,
        labels::FILE_DRAW_FORM | labels::FILE_PROBLEMS | archive_words::FILE_HTML => {
            Kind::HashedOnly
        }
        _ => return None,
    };
    Some(kind)
}

/// Decides the kind of a file given by itself under another name, from its content.
fn kind_by_content(path: &Path) -> Option<Kind> {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "jsonl" => Some(Kind::Journal),
        "json" => json_kind(path),
        _ => workbook_kind(path),
    }
}

fn json_kind(path: &Path) -> Option<Kind> {
    let text = std::fs::read_to_string(path).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    match value.get("command")?.as_str()? {
        "group" => Some(Kind::RunRecord),
        "merge" => Some(Kind::MergeRecord),
        "late" => Some(Kind::LateRecord),
        _ => None,
    }
}

fn workbook_kind(path: &Path) -> Option<Kind> {
    let mut report = crate::diag::Report::new();
    let book = crate::read::open(path, &mut report).ok()?;
    let first = book.sheets.first()?.name.as_str();
    let has = |name: &str| book.sheets.iter().any(|s| s.name == name);
    if first == archive_words::COVER_SHEET {
        Some(Kind::DrawCopy)
    } else if first == late_words::COVER_SHEET {
        Some(Kind::LateCopy)
    } else if has(labels::ENVELOPE_SHEET) {
        Some(Kind::Envelopes)
    } else if has(labels::SUMMARY_SHEET) {
        Some(Kind::GroupLists)
    } else {
        None
    }
}

/// A file to check.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Found {
    pub kind: Kind,
    pub path: PathBuf,
}

/// Collects the files of the paths given: files as they are, folders searched for the
/// files the tool writes. Returns the files found and the given files of no known kind.
pub fn collect(paths: &[PathBuf]) -> (Vec<Found>, Vec<PathBuf>) {
    let mut found = Vec::new();
    let mut unknown = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, 0, &mut found);
        } else {
            let name = crate::read::file_name(path);
            match kind_by_name(&name).or_else(|| kind_by_content(path)) {
                Some(kind) => found.push(Found {
                    kind,
                    path: path.clone(),
                }),
                None => unknown.push(path.clone()),
            }
        }
    }
    found.sort_by(|a, b| {
        let key = |f: &Found| {
            (
                f.kind,
                f.path.parent().map(Path::to_path_buf),
                copy_rank(&f.path),
            )
        };
        key(a).cmp(&key(b)).then_with(|| a.path.cmp(&b.path))
    });
    found.dedup_by(|a, b| same_file(&a.path, &b.path));
    (found, unknown)
}

/// Returns 0, 1 or 2 for the first, second and third copy of an archive or a late record,
/// and 3 for any other file. The copies are then checked and listed in that order, not by
/// character code, which puts 三 before 二.
fn copy_rank(path: &Path) -> usize {
    let name = crate::read::file_name(path);
    let copies = [
        [archive_words::FILE_FIRST, late_words::FILE_FIRST],
        [archive_words::FILE_SECOND, late_words::FILE_SECOND],
        [archive_words::FILE_THIRD, late_words::FILE_THIRD],
    ];
    copies
        .iter()
        .position(|names| names.contains(&name.as_str()))
        .unwrap_or(copies.len())
}

fn walk(folder: &Path, depth: usize, found: &mut Vec<Found>) {
    if depth > MAX_DEPTH {
        return;
    }
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let name = crate::read::file_name(&path);
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        if path.is_dir() {
            walk(&path, depth + 1, found);
        } else if let Some(kind) = kind_by_name(&name) {
            found.push(Found { kind, path });
        }
    }
}

/// Chooses the journals to check: those among the files, else the nearest one at or above
/// the given paths, else the one in the work folder.
pub fn journals(found: &[Found], paths: &[PathBuf], work_folder: &Path) -> Vec<PathBuf> {
    let given: Vec<PathBuf> = found
        .iter()
        .filter(|f| f.kind == Kind::Journal)
        .map(|f| f.path.clone())
        .collect();
    if !given.is_empty() {
        return given;
    }
    paths
        .iter()
        .find_map(|path| crate::journal::runs::folder_with_journal(path))
        .into_iter()
        .chain(std::iter::once(work_folder.to_path_buf()))
        .map(|folder| crate::journal::path_in(&folder))
        .find(|journal| journal.is_file())
        .into_iter()
        .collect()
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Returns the path shown in messages: relative to the current folder when inside it.
pub fn shown(path: &Path) -> String {
    let current = std::env::current_dir().ok();
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let relative = current
        .as_deref()
        .and_then(|c| absolute.strip_prefix(c).ok())
        .unwrap_or(path);
    relative.display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_names_have_kinds() {
        assert_eq!(kind_by_name("分组名单.xlsx"), Some(Kind::GroupLists));
        assert_eq!(kind_by_name("第三联_学校公示.xlsx"), Some(Kind::DrawCopy));
        assert_eq!(
            kind_by_name("后转入记录_第一联_基教科存档.xlsx"),
            Some(Kind::LateCopy)
        );
        assert_eq!(kind_by_name("编班日志.jsonl"), Some(Kind::Journal));
        assert_eq!(kind_by_name("学生名单.xlsx"), None);
    }
}
