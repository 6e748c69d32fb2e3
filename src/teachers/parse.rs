//! Reading the values of teacher sheets: 教龄, 参加工作时间, 职称, honours, personality
//! tags, subject names and the teacher names in class cells.

use chrono::{Datelike, NaiveDate};

use crate::read::Value;
use crate::read::grid::format_number;
use crate::roster::clean::{Cleaned, clean_name, clean_text};
use crate::table::header::to_half_width;

/// The most years of teaching a value may state; more is a typing error.
pub const MAX_YEARS: f64 = 60.0;

/// The professional title ladder of primary and secondary school teachers, lowest first, so
/// that `Ord` compares titles by rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Title {
    /// 未定级: no title yet (new teachers, probation).
    Unrated,
    /// 三级教师.
    Third,
    /// 二级教师.
    Second,
    /// 一级教师.
    First,
    /// 高级教师.
    Senior,
    /// 正高级教师.
    Principal,
}

impl Title {
    /// All titles, highest first, as the ladder is printed.
    pub const LADDER: [Title; 6] = [
        Title::Principal,
        Title::Senior,
        Title::First,
        Title::Second,
        Title::Third,
        Title::Unrated,
    ];

    /// The title's points in the balance figures: 5 for 正高级 down to 0 for 未定级.
    pub fn points(self) -> f64 {
        match self {
            Title::Principal => 5.0,
            Title::Senior => 4.0,
            Title::First => 3.0,
            Title::Second => 2.0,
            Title::Third => 1.0,
            Title::Unrated => 0.0,
        }
    }
}

/// How a 职称 cell was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TitleOutcome {
    /// A title. `renamed` is true when the cell used an old or short name (中学高级, 中一,
    /// 副高) that was mapped onto the current ladder.
    Known {
        title: Title,
        renamed: bool,
    },
    /// 特级教师 and the like: an honour, not a rung of the ladder.
    Honour,
    /// 初级: both 二级 (助理级) and 三级 (员级) are 初级, so the rung is unknown.
    Ambiguous,
    /// Text that names no title.
    Unknown,
    Blank,
}

/// Current names, after removing a trailing 教师 or 职称 and a leading 中小学.
const CURRENT_TITLES: &[(&str, Title)] = &[
    ("正高级", Title::Principal),
    ("高级", Title::Senior),
    ("一级", Title::First),
    ("二级", Title::Second),
    ("三级", Title::Third),
    ("未定级", Title::Unrated),
];

/// Old and short names. The 2015 reform of teacher titles (人力资源社会保障部、教育部
/// 《关于深化中小学教师职称制度改革的指导意见》，人社部发〔2015〕79号) mapped the old
/// ranks onto the new ladder this way: 中学高级 → 高级; 中学一级 and 小学高级 → 一级;
/// 中学二级 and 小学一级 → 二级; 中学三级, 小学二级 and 小学三级 → 三级. So 小学高级 is
/// 一级 and 小学一级 is 二级, although the words look alike.
const OLD_TITLES: &[(&str, Title)] = &[
    ("正高", Title::Principal),
    ("正高级职称", Title::Principal),
    ("副高", Title::Senior),
    ("副高级", Title::Senior),
    ("中学高级", Title::Senior),
    ("中高", Title::Senior),
    ("中教高级", Title::Senior),
    ("高级职称", Title::Senior),
    ("中学一级", Title::First),
    ("中一", Title::First),
    ("中教一级", Title::First),
    ("中级", Title::First),
    ("中级职称", Title::First),
    ("小学高级", Title::First),
    ("小高", Title::First),
    ("小教高级", Title::First),
    ("中学二级", Title::Second),
    ("中二", Title::Second),
    ("中教二级", Title::Second),
    ("助理级", Title::Second),
    ("小学一级", Title::Second),
    ("小一", Title::Second),
    ("小教一级", Title::Second),
    ("中学三级", Title::Third),
    ("中三", Title::Third),
    ("中教三级", Title::Third),
    ("员级", Title::Third),
    ("小学二级", Title::Third),
    ("小学三级", Title::Third),
    ("小二", Title::Third),
    ("小三", Title::Third),
    ("小教二级", Title::Third),
    ("小教三级", Title::Third),
    ("无", Title::Unrated),
    ("暂无", Title::Unrated),
    ("未评", Title::Unrated),
    ("未评级", Title::Unrated),
    ("未定", Title::Unrated),
    ("无职称", Title::Unrated),
    ("见习", Title::Unrated),
    ("见习期", Title::Unrated),
    ("试用期", Title::Unrated),
    ("新教师", Title::Unrated),
];

/// Reads a 职称 cell.
pub fn parse_title(value: &Value) -> TitleOutcome {
    let text = compact(&value.display());
    if text.is_empty() || matches!(text.as_str(), "-" | "/" | "—") {
        return TitleOutcome::Blank;
    }
    let stripped = strip_title_words(&text);
    if let Some((_, title)) = CURRENT_TITLES.iter().find(|(n, _)| *n == stripped) {
        return TitleOutcome::Known {
            title: *title,
            renamed: false,
        };
    }
    if let Some((_, title)) = OLD_TITLES.iter().find(|(n, _)| *n == stripped) {
        return TitleOutcome::Known {
            title: *title,
            renamed: true,
        };
    }
    if stripped.starts_with("特级") {
        return TitleOutcome::Honour;
    }
    if stripped == "初级" || stripped == "初级职称" {
        return TitleOutcome::Ambiguous;
    }
    TitleOutcome::Unknown
}

fn strip_title_words(text: &str) -> &str {
    let text = text.strip_prefix("中小学").unwrap_or(text);
    let text = text.strip_suffix("职务").unwrap_or(text);
    let text = text.strip_suffix("教师").unwrap_or(text);
    text.strip_suffix("老师").unwrap_or(text)
}

/// How a 教龄 cell was read.
#[derive(Debug, Clone, PartialEq)]
pub enum YearsOutcome {
    Years {
        years: f64,
        note: Option<YearsNote>,
    },
    Blank,
    /// Not a number of years, or more than [`MAX_YEARS`].
    Invalid,
}

/// Why a valid 教龄 deserves a notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearsNote {
    /// 约10年, 10年左右, 十多年: an estimate, read as the number it names.
    Approximate,
    /// A date in the 教龄 column, read as the date teaching started.
    FromDate,
}

/// Reads a 教龄 cell: `15`, `7.5`, `15年`, `十二年`, `3个月`, `2年3个月`, `一年半`, `约10年`.
/// A date in the cell is taken as the start of teaching and counted up to `today`.
pub fn parse_years(value: &Value, today: NaiveDate) -> YearsOutcome {
    match value {
        Value::Empty => YearsOutcome::Blank,
        Value::Number(n) => years_in_range(*n, None),
        Value::DateTime(start) => match years_since(start.date(), today) {
            Some(years) => YearsOutcome::Years {
                years,
                note: Some(YearsNote::FromDate),
            },
            None => YearsOutcome::Invalid,
        },
        Value::Text(raw) => {
            let text = compact(raw);
            if text.is_empty() {
                return YearsOutcome::Blank;
            }
            years_from_text(&text)
        }
        _ => YearsOutcome::Invalid,
    }
}

fn years_in_range(years: f64, note: Option<YearsNote>) -> YearsOutcome {
    if years.is_finite() && (0.0..=MAX_YEARS).contains(&years) {
        YearsOutcome::Years { years, note }
    } else {
        YearsOutcome::Invalid
    }
}

/// Words that mark an estimate, before or after the number.
const APPROXIMATE_PREFIXES: &[&str] = &["大约", "将近", "接近", "大概", "约", "近"];
const APPROXIMATE_SUFFIXES: &[&str] = &["左右", "以上", "上下"];

fn years_from_text(text: &str) -> YearsOutcome {
    let mut approximate = false;
    let mut rest = text;
    for prefix in APPROXIMATE_PREFIXES {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r;
            approximate = true;
            break;
        }
    }
    for suffix in APPROXIMATE_SUFFIXES {
        if let Some(r) = rest.strip_suffix(suffix) {
            rest = r;
            approximate = true;
        }
    }
    let plain: String = rest
        .chars()
        .filter(|c| !matches!(c, '多' | '余' | '+'))
        .collect();
    approximate |= plain.len() != rest.len();
    let note = approximate.then_some(YearsNote::Approximate);
    match years_and_months(&plain) {
        Some(years) => years_in_range(years, note),
        None => YearsOutcome::Invalid,
    }
}

/// Parses `15`, `15年`, `15年半`, `3个月`, `2年3个月`, `半年` into years.
fn years_and_months(text: &str) -> Option<f64> {
    let text = text.strip_suffix("整").unwrap_or(text);
    if let Some(before) = text.strip_suffix("半年") {
        let whole = if before.is_empty() {
            0.0
        } else {
            number(before)?
        };
        return Some(whole + 0.5);
    }
    let (years, months) = match text.split_once('年') {
        Some((years, rest)) => {
            let months = match rest {
                "" => 0.0,
                "半" => 6.0,
                months => number(months_text(months)?)?,
            };
            (number(years)?, months)
        }
        None => match months_text(text) {
            Some(months) => (0.0, number(months)?),
            None => (number(text)?, 0.0),
        },
    };
    if months >= 12.0 && years > 0.0 {
        return None;
    }
    Some(((years + months / 12.0) * 100.0).round() / 100.0)
}

/// The number in `3个月` or `3月`, or `None` when the text names no months.
fn months_text(text: &str) -> Option<&str> {
    text.strip_suffix("个月")
        .or_else(|| text.strip_suffix('月'))
}

/// Parses a number in Arabic digits (`7.5`) or Chinese numerals up to 99 (`十二`, `两`).
pub fn number(text: &str) -> Option<f64> {
    if text.is_empty() {
        return None;
    }
    if text.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return text.parse().ok();
    }
    chinese_number(text).map(f64::from)
}

fn chinese_digit(c: char) -> Option<u32> {
    "零一二三四五六七八九"
        .chars()
        .position(|d| d == c)
        .map(|i| i as u32)
        .or((c == '两').then_some(2))
}

fn chinese_number(text: &str) -> Option<u32> {
    let chars: Vec<char> = text.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [c] => chinese_digit(*c),
        ['十', unit] => Some(10 + chinese_digit(*unit)?),
        [tens, '十'] => Some(10 * chinese_digit(*tens)?),
        [tens, '十', unit] => Some(10 * chinese_digit(*tens)? + chinese_digit(*unit)?),
        _ => None,
    }
}

/// Counts the years from `start` to `today` to two decimals, or `None` when `start` is in
/// the future or more than [`MAX_YEARS`] ago.
pub fn years_since(start: NaiveDate, today: NaiveDate) -> Option<f64> {
    if start > today {
        return None;
    }
    let months = (today.year() - start.year()) * 12 + today.month() as i32 - start.month() as i32;
    let months = if today.day() < start.day() {
        months - 1
    } else {
        months
    };
    let years = f64::from(months.max(0)) / 12.0;
    (years <= MAX_YEARS).then_some((years * 100.0).round() / 100.0)
}

/// How a month cell (参加工作时间, 出生年月) was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthOutcome {
    /// A date; only the year and month matter. `year_only` is true when no month was
    /// written, and the month was then taken as `default_month`.
    Month {
        date: NaiveDate,
        year_only: bool,
    },
    Blank,
    Invalid,
}

/// Reads a year and month as written in staff tables: a date cell, `2001年9月`, `2001.09`,
/// `2001-9-1`, `200109`, `20010901`, `2001年` or `2001`. `2001.1` in a number cell is
/// `2001.10` with its trailing zero lost or January; it is read as the year alone.
pub fn parse_month(value: &Value, default_month: u32) -> MonthOutcome {
    match value {
        Value::Empty => MonthOutcome::Blank,
        Value::DateTime(dt) => month(dt.date().year(), dt.date().month(), false),
        Value::Number(n) => month_from_number(*n, default_month),
        Value::Text(raw) => {
            let text = compact(raw);
            if text.is_empty() {
                return MonthOutcome::Blank;
            }
            month_from_text(&text, default_month)
        }
        _ => MonthOutcome::Invalid,
    }
}

fn month(year: i32, month_number: u32, year_only: bool) -> MonthOutcome {
    match NaiveDate::from_ymd_opt(year, month_number, 1) {
        Some(date) if (1900..=2099).contains(&year) => MonthOutcome::Month { date, year_only },
        _ => MonthOutcome::Invalid,
    }
}

fn month_from_number(n: f64, default_month: u32) -> MonthOutcome {
    if !n.is_finite() || n < 0.0 {
        return MonthOutcome::Invalid;
    }
    if n.fract() != 0.0 {
        let shown = format_number(n);
        return match shown.split_once('.') {
            Some((year, "1")) => year_month(year, "", default_month),
            Some((year, m)) => year_month(year, m, default_month),
            None => MonthOutcome::Invalid,
        };
    }
    let whole = n as i64;
    match whole {
        1900..=2099 => month(whole as i32, default_month, true),
        // Excel serial numbers from 1927 to 2119 typed into a General cell.
        10_000..=80_000 => excel_serial(whole),
        _ => month_from_text(&whole.to_string(), default_month),
    }
}

fn excel_serial(serial: i64) -> MonthOutcome {
    let base = NaiveDate::from_ymd_opt(1899, 12, 30);
    match base.and_then(|b| b.checked_add_days(chrono::Days::new(serial as u64))) {
        Some(date) => month(date.year(), date.month(), false),
        None => MonthOutcome::Invalid,
    }
}

fn month_from_text(text: &str, default_month: u32) -> MonthOutcome {
    let text = text.trim_end_matches(['日', '号']);
    if let Some((year, rest)) = text.split_once('年') {
        let month_part = rest.split('月').next().unwrap_or("");
        return year_month(year, month_part, default_month);
    }
    let parts: Vec<&str> = text.split(['.', '-', '/', '。']).collect();
    match parts.as_slice() {
        [digits] if digits.chars().all(|c| c.is_ascii_digit()) => match digits.len() {
            4 => year_month(digits, "", default_month),
            6 | 8 => year_month(&digits[..4], &digits[4..6], default_month),
            _ => MonthOutcome::Invalid,
        },
        [year, m] | [year, m, _] => year_month(year, m, default_month),
        _ => MonthOutcome::Invalid,
    }
}

fn year_month(year: &str, month_text: &str, default_month: u32) -> MonthOutcome {
    let Some(year) = year
        .parse::<i32>()
        .ok()
        .filter(|_| year.len() == 4 && year.chars().all(|c| c.is_ascii_digit()))
    else {
        return MonthOutcome::Invalid;
    };
    if month_text.is_empty() {
        return month(year, default_month, true);
    }
    match month_text.parse::<u32>() {
        Ok(m) if (1..=12).contains(&m) => month(year, m, false),
        _ => MonthOutcome::Invalid,
    }
}

/// Splits a cell that lists several items (honours, tags, subjects) on the usual
/// separators: `、`, `，`, `,`, `；`, `;`, `/`, `|`, line breaks and spaces.
pub fn split_list(text: &str) -> Vec<String> {
    text.split(|c: char| {
        matches!(
            c,
            '、' | '，' | ',' | '；' | ';' | '/' | '／' | '|' | '｜' | '＋' | '+'
        ) || c.is_whitespace()
    })
    .map(|s| s.trim().to_string())
    .filter(|s| !s.is_empty() && !is_none_word(s))
    .collect()
}

/// Words that mean "none" in a list cell.
fn is_none_word(text: &str) -> bool {
    matches!(text, "无" | "暂无" | "没有" | "-" | "—" | "/" | "否")
}

/// The usual subjects of primary and junior middle schools with the other names sheets
/// use for them; the first name of each entry is the one the tool prints.
const SUBJECTS: &[&[&str]] = &[
    &["语文"],
    &["数学"],
    &["英语", "外语", "英文"],
    &[
        "道德与法治",
        "道法",
        "道德与法制",
        "思想品德",
        "思品",
        "品德与社会",
        "品德与生活",
        "政治",
    ],
    &["历史"],
    &["地理"],
    &["生物", "生物学"],
    &["物理"],
    &["化学"],
    &["体育", "体育与健康", "体育健康", "体健"],
    &["音乐"],
    &["美术"],
    &["信息技术", "信息科技", "信息", "计算机", "微机"],
    &["科学"],
    &["劳动", "劳动教育"],
    &["综合实践", "综合实践活动", "综合"],
    &["心理健康", "心理", "心理健康教育"],
    &["书法"],
    &["历史与社会"],
    &["日语"],
    &["俄语"],
    &["艺术"],
];

/// Returns the printed name of a subject written in any usual way (`体育与健康` → `体育`),
/// or `None` for a word that is not a subject. A trailing 教师, 老师 or 任课教师 is allowed, as
/// in a matrix header `语文教师`.
pub fn subject_name(written: &str) -> Option<&'static str> {
    let text = compact(written);
    let text = ["任课教师", "教师", "老师"]
        .iter()
        .find_map(|s| text.strip_suffix(s))
        .unwrap_or(&text);
    SUBJECTS
        .iter()
        .find(|names| names.contains(&text))
        .map(|names| names[0])
}

/// The position of a subject in the usual timetable order, for sorting subjects that came
/// from different sheets; unknown subjects go last.
pub fn subject_rank(subject: &str) -> usize {
    SUBJECTS
        .iter()
        .position(|names| names[0] == subject)
        .unwrap_or(SUBJECTS.len())
}

/// One teacher named in a class cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameRef {
    /// The cleaned name, without the bracketed staff number.
    pub name: String,
    /// The staff number written after the name: `张伟(12)`, `张伟（工号12）`.
    pub staff_no: Option<String>,
    /// Bracketed text after the name that is not a staff number (`王敏（兼）`), ignored.
    pub note: Option<String>,
    /// The name as written and what cleaning changed.
    pub written: String,
    pub cleaned: Cleaned,
}

/// Separators between several teachers in one cell (`张三/李四`). Spaces are not among them
/// because clerks pad names with spaces (`李 静`); see [`split_names`].
const NAME_SEPARATORS: &[char] = &['/', '／', '、', '，', ',', '；', ';', '|', '｜', '\n'];

/// Splits a class cell into the teachers it names.
///
/// Several teachers are separated by `/`, `、`, `,`, `；` or a line break. Spaces separate
/// names only when every part has at least two characters (`张三 李四`), because `李 静` is one
/// name padded with a space. A name may carry its staff number in brackets, `张伟(12)` or
/// `张伟（工号12）`, to tell namesakes apart.
pub fn split_names(raw: &str) -> Vec<NameRef> {
    raw.split(NAME_SEPARATORS)
        .flat_map(split_on_spaces)
        .filter_map(|part| name_ref(&part))
        .collect()
}

fn split_on_spaces(part: &str) -> Vec<String> {
    let words: Vec<&str> = part
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let all_names = words.len() > 1
        && words
            .iter()
            .all(|w| w.chars().count() >= 2 && w.chars().all(is_han));
    if all_names {
        words.into_iter().map(str::to_string).collect()
    } else {
        vec![part.to_string()]
    }
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFD) || c == '·'
}

fn name_ref(part: &str) -> Option<NameRef> {
    let (name_part, bracket) = split_bracket(part);
    let cleaned = clean_name(name_part);
    if cleaned.text.is_empty() {
        return None;
    }
    let (staff_no, note) = match bracket {
        Some(inner) => match staff_number(inner) {
            Some(no) => (Some(no), None),
            None => (
                None,
                Some(inner.trim().to_string()).filter(|n| !n.is_empty()),
            ),
        },
        None => (None, None),
    };
    Some(NameRef {
        name: cleaned.text.clone(),
        staff_no,
        note,
        written: part.trim().to_string(),
        cleaned,
    })
}

/// Splits `张伟(12)` into the name and the bracketed text, with ASCII or full-width brackets.
fn split_bracket(part: &str) -> (&str, Option<&str>) {
    let Some(open) = part.find(['(', '（']) else {
        return (part, None);
    };
    let after = &part[open..];
    let inner = after
        .trim_start_matches(['(', '（'])
        .trim_end()
        .trim_end_matches([')', '）']);
    (&part[..open], Some(inner))
}

/// Reads the staff number in a bracket after a name: digits and letters, optionally after
/// 工号, 编号 or `#`.
fn staff_number(bracket: &str) -> Option<String> {
    let text = compact(bracket);
    let text = ["工号", "编号", "职工号", "#", "No.", "no."]
        .iter()
        .find_map(|p| text.strip_prefix(p))
        .unwrap_or(&text);
    let text = text.trim_start_matches([':', '：']);
    (!text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .then(|| text.to_string())
}

/// Cleans a staff number cell: digits as written, no spaces.
pub fn staff_no_text(value: &Value) -> Option<String> {
    let text = compact(&value.display());
    (!text.is_empty()).then_some(text)
}

/// Text with full-width forms made ASCII and every space and invisible character removed.
pub fn compact(raw: &str) -> String {
    clean_text(raw)
        .text
        .chars()
        .map(to_half_width)
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Value {
        Value::Text(s.to_string())
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 8, 20).unwrap()
    }

    fn years(value: Value) -> Option<(f64, Option<YearsNote>)> {
        match parse_years(&value, today()) {
            YearsOutcome::Years { years, note } => Some((years, note)),
            _ => None,
        }
    }

    #[test]
    fn years_in_every_written_form() {
        assert_eq!(years(Value::Number(15.0)), Some((15.0, None)));
        assert_eq!(years(text("15年")), Some((15.0, None)));
        assert_eq!(years(text("十二年")), Some((12.0, None)));
        assert_eq!(years(text("3个月")), Some((0.25, None)));
        assert_eq!(years(text("7.5")), Some((7.5, None)));
        assert_eq!(years(text("30")), Some((30.0, None)));
        assert_eq!(years(text("２０年")), Some((20.0, None)));
        assert_eq!(years(text("2年6个月")), Some((2.5, None)));
        assert_eq!(years(text("一年半")), Some((1.5, None)));
        assert_eq!(years(text("半年")), Some((0.5, None)));
        assert_eq!(years(text("两年")), Some((2.0, None)));
        assert_eq!(years(text("二十五年")), Some((25.0, None)));
    }

    #[test]
    fn approximate_years_are_marked() {
        let approximate = Some(YearsNote::Approximate);
        assert_eq!(years(text("约10年")), Some((10.0, approximate)));
        assert_eq!(years(text("10年左右")), Some((10.0, approximate)));
        assert_eq!(years(text("十多年")), Some((10.0, approximate)));
        assert_eq!(years(text("20余年")), Some((20.0, approximate)));
    }

    #[test]
    fn bad_years_are_invalid() {
        for bad in ["很久", "15年3个月2", "-3", "年", "abc", "十三个年"] {
            assert_eq!(
                parse_years(&text(bad), today()),
                YearsOutcome::Invalid,
                "{bad}"
            );
        }
        assert_eq!(
            parse_years(&Value::Number(75.0), today()),
            YearsOutcome::Invalid
        );
        assert_eq!(parse_years(&text(" "), today()), YearsOutcome::Blank);
        assert_eq!(
            parse_years(&Value::Number(-1.0), today()),
            YearsOutcome::Invalid
        );
    }

    #[test]
    fn date_in_years_column_counts_from_it() {
        let start = NaiveDate::from_ymd_opt(2005, 9, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        assert_eq!(
            years(Value::DateTime(start)),
            Some((19.92, Some(YearsNote::FromDate)))
        );
    }

    #[test]
    fn years_since_counts_whole_months() {
        let start = NaiveDate::from_ymd_opt(2001, 9, 1).unwrap();
        assert_eq!(years_since(start, today()), Some(23.92));
        assert_eq!(years_since(today(), today()), Some(0.0));
        let future = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert_eq!(years_since(future, today()), None);
    }

    fn title(s: &str) -> TitleOutcome {
        parse_title(&text(s))
    }

    fn known(title: Title, renamed: bool) -> TitleOutcome {
        TitleOutcome::Known { title, renamed }
    }

    #[test]
    fn current_titles_map_directly() {
        assert_eq!(title("正高级教师"), known(Title::Principal, false));
        assert_eq!(title("高级教师"), known(Title::Senior, false));
        assert_eq!(title("一级教师"), known(Title::First, false));
        assert_eq!(title("二级"), known(Title::Second, false));
        assert_eq!(title("三级教师"), known(Title::Third, false));
        assert_eq!(title("未定级"), known(Title::Unrated, false));
        assert_eq!(title("中小学高级教师"), known(Title::Senior, false));
        assert_eq!(title(" 高 级 "), known(Title::Senior, false));
    }

    #[test]
    fn old_titles_follow_the_2015_mapping() {
        assert_eq!(title("中学高级教师"), known(Title::Senior, true));
        assert_eq!(title("副高"), known(Title::Senior, true));
        assert_eq!(title("中高"), known(Title::Senior, true));
        assert_eq!(title("正高"), known(Title::Principal, true));
        assert_eq!(title("中学一级教师"), known(Title::First, true));
        assert_eq!(title("中一"), known(Title::First, true));
        assert_eq!(title("小学高级教师"), known(Title::First, true));
        assert_eq!(title("小学一级"), known(Title::Second, true));
        assert_eq!(title("中二"), known(Title::Second, true));
        assert_eq!(title("中学二级"), known(Title::Second, true));
        assert_eq!(title("中三"), known(Title::Third, true));
        assert_eq!(title("小学三级教师"), known(Title::Third, true));
        assert_eq!(title("暂无"), known(Title::Unrated, true));
    }

    #[test]
    fn honours_and_unknown_words_are_not_titles() {
        assert_eq!(title("特级教师"), TitleOutcome::Honour);
        assert_eq!(title("初级"), TitleOutcome::Ambiguous);
        assert_eq!(title("讲师"), TitleOutcome::Unknown);
        assert_eq!(title("高级工程师"), TitleOutcome::Unknown);
        assert_eq!(title(""), TitleOutcome::Blank);
    }

    #[test]
    fn months_in_staff_table_forms() {
        let date = |y, m| NaiveDate::from_ymd_opt(y, m, 1).unwrap();
        let month_of = |v: Value| parse_month(&v, 9);
        let exact = |y, m| MonthOutcome::Month {
            date: date(y, m),
            year_only: false,
        };
        assert_eq!(month_of(text("2001年9月")), exact(2001, 9));
        assert_eq!(month_of(text("2001.09")), exact(2001, 9));
        assert_eq!(month_of(text("2001-9-1")), exact(2001, 9));
        assert_eq!(month_of(text("200109")), exact(2001, 9));
        assert_eq!(month_of(Value::Number(2001.09)), exact(2001, 9));
        assert_eq!(month_of(Value::Number(36770.0)), exact(2000, 9));
        let year_only = MonthOutcome::Month {
            date: date(2001, 9),
            year_only: true,
        };
        assert_eq!(month_of(Value::Number(2001.0)), year_only);
        assert_eq!(month_of(text("2001年")), year_only);
        assert_eq!(month_of(Value::Number(2001.1)), year_only);
        assert_eq!(month_of(text("2001.13")), MonthOutcome::Invalid);
        assert_eq!(month_of(text("去年")), MonthOutcome::Invalid);
    }

    #[test]
    fn lists_split_on_usual_separators() {
        assert_eq!(split_list("数学、物理"), ["数学", "物理"]);
        assert_eq!(split_list("英语,道德与法治"), ["英语", "道德与法治"]);
        assert_eq!(split_list("数学/信息技术"), ["数学", "信息技术"]);
        assert_eq!(split_list("历史 地理"), ["历史", "地理"]);
        assert_eq!(split_list("音乐；美术"), ["音乐", "美术"]);
        assert!(split_list("无").is_empty());
    }

    #[test]
    fn subjects_normalise_to_one_name() {
        assert_eq!(subject_name("体育与健康"), Some("体育"));
        assert_eq!(subject_name("道 法"), Some("道德与法治"));
        assert_eq!(subject_name("语文教师"), Some("语文"));
        assert_eq!(subject_name("信息科技"), Some("信息技术"));
        assert_eq!(subject_name("班主任"), None);
        assert_eq!(subject_name("联系电话"), None);
    }

    fn names(raw: &str) -> Vec<(String, Option<String>)> {
        split_names(raw)
            .into_iter()
            .map(|n| (n.name, n.staff_no))
            .collect()
    }

    #[test]
    fn class_cells_name_one_or_more_teachers() {
        let plain = |n: &str| (n.to_string(), None);
        assert_eq!(names("张三/李四"), [plain("张三"), plain("李四")]);
        assert_eq!(names("李 静"), [plain("李静")]);
        assert_eq!(names("周\u{3000}伟"), [plain("周伟")]);
        assert_eq!(names("张三 李四"), [plain("张三"), plain("李四")]);
        assert_eq!(names("张三、李四"), [plain("张三"), plain("李四")]);
        assert!(names("  ").is_empty());
    }

    #[test]
    fn staff_numbers_in_brackets_tell_namesakes_apart() {
        let numbered = |n: &str, no: &str| (n.to_string(), Some(no.to_string()));
        assert_eq!(names("张伟(12)"), [numbered("张伟", "12")]);
        assert_eq!(names("张伟（工号12）"), [numbered("张伟", "12")]);
        assert_eq!(names("张伟(工号:A07)"), [numbered("张伟", "A07")]);
        let with_note = split_names("王敏（兼）");
        assert_eq!(with_note[0].name, "王敏");
        assert_eq!(with_note[0].staff_no, None);
        assert_eq!(with_note[0].note.as_deref(), Some("兼"));
    }
}
