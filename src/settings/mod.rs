//! The settings file of a work folder (`编班设置.toml`).
//!
//! Keys are Chinese, so the clerk reads and edits the file in their own words. TOML needs
//! quotes around keys that are not ASCII; the template writes them quoted, and the loader
//! quotes bare Chinese keys itself, so `学校名称 = "…"` typed by hand works too. Each section
//! lives in its own file. Command-line options override the settings.

pub mod archive;
pub mod balance;
pub mod files;
mod keys;
pub mod late;
pub mod robustness;
pub mod school;
pub mod teachers;

use std::path::{Path, PathBuf};

use serde::Deserialize;

pub use archive::ArchiveSettings;
pub use balance::BalanceSettings;
pub use files::FileSettings;
pub use late::LateSettings;
pub use robustness::ReadingSettings;
pub use school::{GroupingSettings, SchoolSettings};
pub use teachers::TeacherSettings;

/// The settings file's name, looked for in the current folder.
pub const SETTINGS_FILE: &str = "编班设置.toml";

/// Everything the settings file can set. Every section and key may be left out.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    #[serde(rename = "学校", default)]
    pub school: SchoolSettings,
    #[serde(rename = "分组", default)]
    pub grouping: GroupingSettings,
    #[serde(rename = "教师", default)]
    pub teachers: TeacherSettings,
    #[serde(rename = "存档", default)]
    pub archive: ArchiveSettings,
    #[serde(rename = "文件", default)]
    pub files: FileSettings,
    #[serde(rename = "后转入", default)]
    pub late: LateSettings,
    #[serde(rename = "均衡", default)]
    pub balance: BalanceSettings,
    #[serde(rename = "读取", default)]
    pub reading: ReadingSettings,
}

/// A settings file that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    pub path: PathBuf,
    /// The 1-based line of the problem, when known.
    pub line: Option<usize>,
    pub fault: SettingsFault,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsFault {
    /// The file exists but cannot be read (`code` is the OS error code).
    Unreadable { code: Option<i32> },
    /// The file is not valid UTF-8 text (saved as GBK by Notepad, for example).
    NotUtf8,
    /// A text value is not in double quotes.
    UnquotedText,
    /// The same key appears twice.
    DuplicateKey,
    /// A key the tool does not know, with the keys allowed at that place.
    UnknownKey { key: String, allowed: Vec<String> },
    /// A value of the wrong kind, such as text where a number belongs.
    WrongType { expected: String },
    /// A number outside the range a key accepts, both bounds included.
    OutOfRange { min: i64, max: i64 },
    /// A text value that is not one of the values a key accepts.
    UnknownValue { value: String, allowed: Vec<String> },
    /// Any other TOML syntax error.
    Syntax,
}

/// Where the settings come from: an explicit file, the current folder's file, or none.
///
/// # Errors
///
/// Fails when the file given with `--settings` does not exist, or when a settings file is
/// found but cannot be read or parsed.
pub fn load(explicit: Option<&Path>) -> Result<(Settings, Option<PathBuf>), SettingsError> {
    let path = match explicit {
        Some(path) => path.to_path_buf(),
        None => {
            let found = PathBuf::from(SETTINGS_FILE);
            if !found.is_file() {
                return Ok((Settings::default(), None));
            }
            found
        }
    };
    let settings = load_file(&path)?;
    Ok((settings, Some(path)))
}

/// Reads and parses one settings file.
///
/// # Errors
///
/// See [`load`].
pub fn load_file(path: &Path) -> Result<Settings, SettingsError> {
    let error = |line, fault| SettingsError {
        path: path.to_path_buf(),
        line,
        fault,
    };
    let bytes = std::fs::read(path).map_err(|e| {
        error(
            None,
            SettingsFault::Unreadable {
                code: e.raw_os_error(),
            },
        )
    })?;
    let text = String::from_utf8(bytes).map_err(|_| error(None, SettingsFault::NotUtf8))?;
    parse(&text).map_err(|(line, fault)| error(line, fault))
}

/// Parses settings text.
///
/// # Errors
///
/// Returns the 1-based line and the fault of the first problem.
pub fn parse(text: &str) -> Result<Settings, (Option<usize>, SettingsFault)> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let quoted = keys::quote_bare_keys(text);
    toml::from_str::<Settings>(&quoted).map_err(|e| {
        let line = e.span().map(|span| line_of(&quoted, span.start));
        (line, keys::fault_of(&e))
    })
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_and_bare_chinese_keys_both_work() {
        let quoted = parse("[学校]\n\"学校名称\" = \"示例中学\"\n\"班级数\" = 45\n").unwrap();
        let bare = parse("[学校]\n学校名称 = \"示例中学\"\n班级数 = 45\n").unwrap();
        assert_eq!(quoted, bare);
        assert_eq!(bare.school.name.as_deref(), Some("示例中学"));
        assert_eq!(bare.school.classes, Some(45));
    }

    #[test]
    fn unknown_key_names_the_allowed_keys() {
        let (line, fault) = parse("[学校]\n学校名 = \"示例中学\"\n").unwrap_err();
        assert_eq!(line, Some(2));
        match fault {
            SettingsFault::UnknownKey { key, allowed } => {
                assert_eq!(key, "学校名");
                assert!(allowed.contains(&"学校名称".to_string()));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unquoted_text_is_reported_with_its_line() {
        let (line, fault) = parse("[学校]\n\n学校名称 = 示例中学\n").unwrap_err();
        assert_eq!(line, Some(3));
        assert_eq!(fault, SettingsFault::UnquotedText);
    }

    #[test]
    fn empty_file_gives_defaults() {
        assert_eq!(parse("").unwrap(), Settings::default());
        assert_eq!(parse("\u{FEFF}# 只有注释\n").unwrap(), Settings::default());
    }
}
