//! The balance options as the clerk gave them, before they are matched to a roster.

use std::path::{Path, PathBuf};

/// What the command line and settings ask to balance, by column names and list sources.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BalanceOptions {
    pub score: Option<ScoreSource>,
    /// Headers of the category columns, in the order given, without repeats.
    pub columns: Vec<String>,
    pub separate_namesakes: bool,
    pub separate_homophones: bool,
    pub together: Option<ListSource>,
    pub apart: Option<ListSource>,
}

impl BalanceOptions {
    pub fn is_active(&self) -> bool {
        *self != BalanceOptions::default()
    }
}

/// Which column holds the scores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScoreSource {
    /// The column the roster recognised as scores (成绩, 总分, 入学成绩, …).
    Roster,
    /// A column named by its header.
    Column(String),
}

/// Where a keep-together or keep-apart list comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListSource {
    /// A separate spreadsheet: one set per row, students named by name, ID number or 学籍号.
    File(PathBuf),
    /// A roster column: students with the same non-empty value form one set.
    Column(String),
}

/// File extensions that make a list value a file even when the file does not exist, so a
/// mistyped file name is reported as a missing file and not as a missing column.
const LIST_EXTENSIONS: [&str; 7] = ["xlsx", "xlsm", "xls", "et", "ods", "csv", "txt"];

impl ListSource {
    /// Reads a list value: an existing file or a name with a spreadsheet extension is a
    /// file, anything else a roster column header.
    pub fn parse(text: &str) -> ListSource {
        let text = text.trim();
        let path = Path::new(text);
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if path.is_file() || LIST_EXTENSIONS.contains(&extension.as_str()) {
            ListSource::File(path.to_path_buf())
        } else {
            ListSource::Column(text.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_value_with_extension_is_a_file() {
        assert_eq!(
            ListSource::parse("双胞胎.xlsx"),
            ListSource::File(PathBuf::from("双胞胎.xlsx"))
        );
        assert_eq!(
            ListSource::parse(" 同组 "),
            ListSource::Column("同组".to_string())
        );
    }
}
