//! School names and grades found in file names and title rows, the key that compares school
//! names, and the names of the per-school output folders.

use crate::classname::Grade;
use crate::read::grid::is_blank_char;
use crate::table::header::to_half_width;

/// Words that end the school name in a file name or title: what follows a school name in
/// `城关第二中学七年级新生名单` or `示例市第一中学2025级新生花名册`.
const NAME_ENDS: &[&str] = &[
    "一年级",
    "七年级",
    "1年级",
    "7年级",
    "小学一年级",
    "初中一年级",
    "初一",
    "新生",
    "名单",
    "花名册",
    "学生",
    "录取",
    "分班",
    "编班",
    "副本",
];

/// Characters that separate the parts of a file name such as `城关第二中学_七年级`.
/// Brackets are not separators, because they belong to names like `实验学校（初中部）`.
/// Spaces are not either, because some names contain them. A grade or year after a space
/// is cut off like any other.
const SEPARATORS: &[char] = &['_', '-', '—', '－', '、', ',', '，', '+'];

/// Labels after which an information row names the school: `填报单位：示例市第一中学`.
const NAME_LABELS: &[&str] = &[
    "填报单位",
    "学校名称",
    "单位名称",
    "填报学校",
    "学校",
    "单位",
];

/// Returns the form in which school names are compared: full-width forms as ASCII and no spaces or
/// invisible characters, so `城关 第二中学` and `城关第二中学` are one school.
pub fn school_key(name: &str) -> String {
    name.chars()
        .map(to_half_width)
        .filter(|c| !is_blank_char(*c))
        .collect()
}

/// Finds a school name in a file name (without extension) or a title row, or returns
/// `None` when the text names no school.
///
/// An information row's `填报单位：…` wins. Otherwise the text is split at separators such
/// as `_`, and the first part that still looks like a school name once years, grades and
/// words such as 新生名单 are cut off is taken.
pub fn school_in_text(text: &str) -> Option<String> {
    if let Some(name) = labelled_name(text) {
        return Some(name);
    }
    text.split(SEPARATORS)
        .map(cut_after_name)
        .find(|part| looks_like_school(part))
}

/// Returns the name after a label such as `填报单位：`, up to the next space.
fn labelled_name(text: &str) -> Option<String> {
    for label in NAME_LABELS {
        for colon in ['：', ':'] {
            let marker = format!("{label}{colon}");
            let Some(start) = text.find(&marker) else {
                continue;
            };
            let rest = text[start + marker.len()..].trim_start();
            let name: String = rest.chars().take_while(|c| !is_blank_char(*c)).collect();
            if looks_like_school(&name) {
                return Some(name);
            }
        }
    }
    None
}

/// Cuts a leading year (`2025级`), a trailing copy number (`(1)`), and everything from the
/// first year, grade or list word on.
fn cut_after_name(part: &str) -> String {
    let part = strip_copy_number(part.trim());
    let part = strip_leading_year(part);
    let mut end = part.len();
    for word in NAME_ENDS {
        if let Some(at) = part.find(word) {
            end = end.min(at);
        }
    }
    if let Some(at) = year_position(part) {
        end = end.min(at);
    }
    part[..end].trim().to_string()
}

/// Removes the `(1)` or `（2）` that browsers and Windows add to a copy's file name.
fn strip_copy_number(part: &str) -> &str {
    for (open, close) in [('(', ')'), ('（', '）')] {
        if let Some(inner) = part.strip_suffix(close)
            && let Some(at) = inner.rfind(open)
            && inner[at + open.len_utf8()..]
                .chars()
                .all(|c| c.is_ascii_digit())
            && at + open.len_utf8() < inner.len()
        {
            return part[..at].trim_end();
        }
    }
    part
}

/// Removes a year written before the name: `2025级`, `2025年`, `2025届`, `2025`.
fn strip_leading_year(part: &str) -> &str {
    let digits = part.chars().take_while(char::is_ascii_digit).count();
    if digits != 4 {
        return part;
    }
    let rest = &part[digits..];
    rest.strip_prefix(['级', '年', '届']).unwrap_or(rest)
}

/// Returns the byte position of a year inside the text: four digits, or digits followed by 级 or 届.
fn year_position(part: &str) -> Option<usize> {
    let bytes = part.as_bytes();
    let mut start = None;
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_digit() {
            let from = *start.get_or_insert(i);
            let run = i + 1 - from;
            let next = part[i + 1..].chars().next();
            if run == 4 || matches!(next, Some('级' | '届')) {
                return Some(from);
            }
        } else {
            start = None;
        }
    }
    None
}

/// True for text a school name can be: 城关第二中学, 东湖学校, 城关一中, 南湖二小, 桥头完小.
/// Region words left over from a combined roster (全市, 全省) are not.
fn looks_like_school(text: &str) -> bool {
    let text = text.trim();
    text.chars().count() >= 2
        && (text.contains('学')
            || text.contains('校')
            || text.ends_with('中')
            || text.ends_with('小'))
}

/// Finds the entry grade named in a file name, sheet name or title row.
pub fn grade_in_text(text: &str) -> Option<Grade> {
    Grade::find_in(text)
}

/// Returns the name of a school's output folder: `城关第二中学_七年级`, with characters Windows
/// does not allow in file names replaced by `_`.
pub fn folder_name(school: &str, grade: Option<Grade>) -> String {
    let mut name = safe_file_name(school);
    if let Some(grade) = grade {
        name.push('_');
        name.push_str(&grade.label());
    }
    name
}

/// The maximum length of the folder name part taken from a school name, in characters. Windows paths are
/// limited to 260 UTF-16 units unless long paths are enabled, and every output folder sits
/// inside the run's folder.
const MAX_NAME_CHARS: usize = 60;

/// Names Windows reserves for devices, which no file or folder may have.
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Makes text usable as a file or folder name on Windows and elsewhere: no `<>:"/\|?*` or
/// control characters, no trailing dot or space, not a device name, not empty.
pub fn safe_file_name(text: &str) -> String {
    let replaced: String = text
        .chars()
        .map(|c| {
            if c.is_control() || "<>:\"/\\|?*".contains(c) {
                '_'
            } else {
                c
            }
        })
        .take(MAX_NAME_CHARS)
        .collect();
    let trimmed = replaced.trim().trim_end_matches(['.', ' ']).to_string();
    let stem = trimmed.split('.').next().unwrap_or_default();
    if trimmed.is_empty() {
        "_".to_string()
    } else if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(stem)) {
        format!("{trimmed}_")
    } else {
        trimmed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn school_key_ignores_spaces_and_width() {
        assert_eq!(school_key("城关 第二中学"), school_key("城关第二中学"));
        assert_eq!(
            school_key("城关第２中学\u{3000}"),
            school_key("城关第2中学")
        );
        assert_eq!(
            school_key("实验学校（初中部）"),
            school_key("实验学校(初中部)")
        );
        assert_ne!(school_key("城关第一中学"), school_key("城关第二中学"));
    }

    #[test]
    fn school_found_in_file_names() {
        let cases = [
            ("城关第二中学_七年级", Some("城关第二中学")),
            ("七年级_城关第二中学", Some("城关第二中学")),
            ("城关第二中学七年级新生名单", Some("城关第二中学")),
            ("2025级城关第二中学新生名单", Some("城关第二中学")),
            ("城关一中 2025年七年级", Some("城关一中")),
            ("南湖学校-一年级", Some("南湖学校")),
            ("桥头完小", Some("桥头完小")),
            ("城关第二中学(1)", Some("城关第二中学")),
            ("实验学校（初中部）_七年级", Some("实验学校（初中部）")),
            ("城关 第一中学_七年级", Some("城关 第一中学")),
            ("城关第二中学 七年级新生", Some("城关第二中学")),
            ("全市名单", None),
            ("新生名单(1)", None),
            ("七年级", None),
        ];
        for (text, school) in cases {
            assert_eq!(school_in_text(text).as_deref(), school, "{text}");
        }
    }

    #[test]
    fn school_found_in_title_rows() {
        assert_eq!(
            school_in_text("示例市第一中学2025级七年级新生名单").as_deref(),
            Some("示例市第一中学")
        );
        assert_eq!(
            school_in_text("填报单位：示例市实验小学    填表日期：2025年8月20日").as_deref(),
            Some("示例市实验小学")
        );
    }

    #[test]
    fn folder_names_are_valid_on_windows() {
        assert_eq!(
            folder_name("城关第二中学", Grade::new(7)),
            "城关第二中学_七年级"
        );
        assert_eq!(safe_file_name("a/b:c*?"), "a_b_c__");
        assert_eq!(safe_file_name("学校. "), "学校");
        assert_eq!(safe_file_name("CON"), "CON_");
        assert_eq!(safe_file_name("  "), "_");
        assert_eq!(safe_file_name(&"校".repeat(100)).chars().count(), 60);
    }
}
