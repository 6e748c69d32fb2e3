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

    /// Lays these options (from the command line) over `base` (from the settings or a run
    /// record): a flag turns an option on, and a column or list given here replaces the
    /// base's. A score column named in the base wins over a bare `--balance-score`, which
    /// only asks for the roster's score column.
    pub fn over(&self, base: &BalanceOptions) -> BalanceOptions {
        let score = match (&self.score, &base.score) {
            (Some(ScoreSource::Column(column)), _) => Some(ScoreSource::Column(column.clone())),
            (_, Some(below)) => Some(below.clone()),
            (given, None) => given.clone(),
        };
        let columns = if self.columns.is_empty() {
            base.columns.clone()
        } else {
            self.columns.clone()
        };
        BalanceOptions {
            score,
            columns,
            separate_namesakes: self.separate_namesakes || base.separate_namesakes,
            separate_homophones: self.separate_homophones || base.separate_homophones,
            together: self.together.clone().or_else(|| base.together.clone()),
            apart: self.apart.clone().or_else(|| base.apart.clone()),
        }
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
    fn given_options_lie_over_the_base() {
        let base = BalanceOptions {
            score: Some(ScoreSource::Column("总分".into())),
            columns: vec!["毕业学校".into()],
            separate_homophones: true,
            together: Some(ListSource::Column("同组".into())),
            ..Default::default()
        };
        let given = BalanceOptions {
            score: Some(ScoreSource::Roster),
            separate_namesakes: true,
            apart: Some(ListSource::Column("分开".into())),
            ..Default::default()
        };
        let merged = given.over(&base);
        assert_eq!(merged.score, Some(ScoreSource::Column("总分".into())));
        assert_eq!(merged.columns, ["毕业学校"]);
        assert!(merged.separate_namesakes);
        assert!(merged.separate_homophones);
        assert_eq!(merged.together, Some(ListSource::Column("同组".into())));
        assert_eq!(merged.apart, Some(ListSource::Column("分开".into())));

        let named = BalanceOptions {
            score: Some(ScoreSource::Column("成绩".into())),
            columns: vec!["住校".into()],
            ..Default::default()
        };
        let merged = named.over(&base);
        assert_eq!(merged.score, Some(ScoreSource::Column("成绩".into())));
        assert_eq!(merged.columns, ["住校"]);
        assert_eq!(
            BalanceOptions::default().over(&BalanceOptions::default()),
            BalanceOptions::default()
        );
    }

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
