//! Grades and class names (一(1)班, 七(1)班).

use std::fmt;

/// A school grade, 1 to 12. Grade 1 (一年级) and grade 7 (七年级) are the entry grades.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Grade(u8);

const NUMERALS: [&str; 12] = [
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二",
];

impl Grade {
    pub const FIRST: Grade = Grade(1);
    pub const SEVENTH: Grade = Grade(7);

    pub fn new(number: u8) -> Option<Grade> {
        (1..=12).contains(&number).then_some(Grade(number))
    }

    pub fn number(self) -> u8 {
        self.0
    }

    /// Returns the Chinese numeral used in class names: 一 for grade 1, 七 for grade 7.
    pub fn numeral(self) -> &'static str {
        NUMERALS[usize::from(self.0 - 1)]
    }

    /// The grade as printed: 一年级, 七年级.
    pub fn label(self) -> String {
        format!("{}年级", self.numeral())
    }

    /// Returns whether the grade is in primary school (1 to 6), where class sizes are capped at 45.
    pub fn is_primary(self) -> bool {
        self.0 <= 6
    }

    /// Returns the policy cap on class size: 45 in primary school, 50 in junior middle school and above.
    pub fn class_size_cap(self) -> usize {
        if self.is_primary() { 45 } else { 50 }
    }

    /// Parses the ways grades are written: `7`, `七`, `七年级`, `初一`, `初中一年级`, `1`,
    /// `一年级`, `小学一年级`, full-width digits included.
    pub fn parse(text: &str) -> Option<Grade> {
        let compact: String = text
            .chars()
            .map(crate::table::header::to_half_width)
            .filter(|c| !c.is_whitespace())
            .collect();
        let trimmed = compact
            .trim_end_matches("新生")
            .trim_end_matches('级')
            .trim_end_matches('年');
        if let Ok(n) = trimmed.parse::<u8>() {
            return Grade::new(n);
        }
        let (offset, rest) = if let Some(rest) = trimmed
            .strip_prefix("初中")
            .or_else(|| trimmed.strip_prefix('初'))
        {
            (6, rest)
        } else if let Some(rest) = trimmed
            .strip_prefix("高中")
            .or_else(|| trimmed.strip_prefix('高'))
        {
            (9, rest)
        } else {
            (0, trimmed.strip_prefix("小学").unwrap_or(trimmed))
        };
        let index = NUMERALS.iter().position(|n| *n == rest)?;
        Grade::new(index as u8 + 1 + offset)
    }

    /// Finds an entry grade named in free text such as a file name or a title row:
    /// `2025级七年级新生名单` or `初一新生` give grade 7, `一年级新生` gives grade 1.
    pub fn find_in(text: &str) -> Option<Grade> {
        let compact: String = text
            .chars()
            .map(crate::table::header::to_half_width)
            .filter(|c| !c.is_whitespace())
            .collect();
        let seventh = ["初一", "初中一年级", "七年级", "7年级"];
        if seventh.iter().any(|w| compact.contains(w)) {
            return Some(Grade::SEVENTH);
        }
        let first = ["一年级", "1年级"];
        let found_first = first.iter().any(|w| {
            compact.match_indices(w).any(|(i, _)| {
                let before = compact[..i].chars().last();
                !matches!(before, Some('十' | '初' | '0'..='9'))
            })
        });
        found_first.then_some(Grade::FIRST)
    }

    /// Returns the name of class `n` (1-based): 七(1)班.
    pub fn class_name(self, n: u32) -> String {
        format!("{}({n})班", self.numeral())
    }
}

/// A class identified by its number within the grade, whatever way its name was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClassKey {
    /// The grade when the name states one (`七(3)班`), `None` for a bare `3班` or `3`.
    pub grade: Option<Grade>,
    /// The 1-based class number.
    pub number: u32,
}

/// Parses a class name in the spellings schools use: `七(1)班`, `七（2）班`, `7.3班`,
/// `初一4班`, `七年级5班`, `一(1)班`, `3班`, a bare `6`, and names with a suffix after 班
/// (`七(1)班/英语实验班`). Returns `None` when no class number can be found.
pub fn parse_class_name(text: &str) -> Option<ClassKey> {
    let compact = compact_class_name(text);
    let body = match compact.find('班') {
        Some(end) => &compact[..end],
        None => compact.as_str(),
    };
    let (grade, rest) = split_grade(body);
    let rest = rest.trim_start_matches(['(', '[', '.', '-', '_', '/', '、', '第']);
    let rest = rest.trim_end_matches([')', ']']);
    let number = parse_number(rest)?;
    (number >= 1).then_some(ClassKey { grade, number })
}

/// Returns the note written after 班 in a class name (`英语实验班` in
/// `七(1)班/英语实验班`), without the punctuation that joins it, or `None` when there is none.
pub fn class_name_note(text: &str) -> Option<String> {
    let compact = compact_class_name(text);
    let (_, after) = compact.split_once('班')?;
    let note = after.trim_matches(|c: char| c.is_ascii_punctuation() || "、。".contains(c));
    (!note.is_empty()).then(|| note.to_string())
}

/// Returns a class name in half-width forms without whitespace and without the apostrophe
/// Excel users type to keep a value as text.
fn compact_class_name(text: &str) -> String {
    text.chars()
        .map(crate::table::header::to_half_width)
        .filter(|c| !c.is_whitespace() && *c != '\'')
        .collect()
}

/// Splits a leading grade (`七年级`, `初一`, `7.`, `一`) from the rest of a class name.
fn split_grade(body: &str) -> (Option<Grade>, &str) {
    const PREFIXES: &[(&str, u8)] = &[
        ("初中一年级", 7),
        ("初一年级", 7),
        ("初一", 7),
        ("七年级", 7),
        ("7年级", 7),
        ("一年级", 1),
        ("1年级", 1),
        ("小学一年级", 1),
    ];
    for (prefix, grade) in PREFIXES {
        if let Some(rest) = body.strip_prefix(prefix) {
            return (Grade::new(*grade), rest);
        }
    }
    // A single grade numeral or digit followed by a separator: 七(1), 7.3, 7-3, 一(2).
    let mut chars = body.chars();
    if let Some(first) = chars.next() {
        let rest = chars.as_str();
        let separated = rest.starts_with(['(', '.', '-', '_', '/']);
        let grade = NUMERALS
            .iter()
            .position(|n| n.chars().eq([first]))
            .map(|i| i as u8 + 1);
        let grade = grade.or_else(|| first.to_digit(10).map(|d| d as u8));
        if let Some(grade) =
            grade.filter(|_| separated || !rest.is_empty() && first_is_numeral(first))
        {
            return (Grade::new(grade), rest);
        }
    }
    (None, body)
}

/// Returns whether `c` is a Chinese grade numeral, which may stand straight before the class
/// number (`七3班`).
fn first_is_numeral(c: char) -> bool {
    NUMERALS.iter().any(|n| n.chars().eq([c]))
}

/// Parses a class number in Arabic digits or Chinese numerals up to 99 (`12`, `十二`).
pub(crate) fn parse_number(text: &str) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    if text.chars().all(|c| c.is_ascii_digit()) {
        return text.parse().ok();
    }
    let digit = |c: char| {
        NUMERALS[..9]
            .iter()
            .position(|n| n.chars().eq([c]))
            .map(|i| i as u32 + 1)
    };
    let chars: Vec<char> = text.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [c] => digit(*c),
        ['十', unit] => Some(10 + digit(*unit)?),
        [tens, '十'] => Some(10 * digit(*tens)?),
        [tens, '十', unit] => Some(10 * digit(*tens)? + digit(*unit)?),
        _ => None,
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_parse_in_usual_spellings() {
        for text in [
            "7",
            "七",
            "七年级",
            "初一",
            "初中一年级",
            "７",
            "七年级新生",
        ] {
            assert_eq!(Grade::parse(text), Some(Grade::SEVENTH), "{text}");
        }
        for text in ["1", "一", "一年级", "小学一年级"] {
            assert_eq!(Grade::parse(text), Some(Grade::FIRST), "{text}");
        }
        assert_eq!(Grade::parse("十三"), None);
        assert_eq!(Grade::parse("0"), None);
    }

    #[test]
    fn grades_are_found_in_titles() {
        assert_eq!(
            Grade::find_in("示例市第一中学2025级七年级新生名单"),
            Some(Grade::SEVENTH)
        );
        assert_eq!(Grade::find_in("初一年级新生"), Some(Grade::SEVENTH));
        assert_eq!(Grade::find_in("实验小学一年级新生名单"), Some(Grade::FIRST));
        assert_eq!(Grade::find_in("十一年级"), None);
        assert_eq!(Grade::find_in("新生名单"), None);
    }

    #[test]
    fn class_name_spellings_give_one_key() {
        let seventh = |number| {
            Some(ClassKey {
                grade: Some(Grade::SEVENTH),
                number,
            })
        };
        let bare = |number| {
            Some(ClassKey {
                grade: None,
                number,
            })
        };
        assert_eq!(parse_class_name("七(1)班"), seventh(1));
        assert_eq!(parse_class_name("七（2）班"), seventh(2));
        assert_eq!(parse_class_name("7.3班"), seventh(3));
        assert_eq!(parse_class_name("初一4班"), seventh(4));
        assert_eq!(parse_class_name("七年级5班"), seventh(5));
        assert_eq!(parse_class_name("七年级（5）班"), seventh(5));
        assert_eq!(parse_class_name("七3班"), seventh(3));
        assert_eq!(parse_class_name("7-12"), seventh(12));
        assert_eq!(parse_class_name("6"), bare(6));
        assert_eq!(parse_class_name("12班"), bare(12));
        assert_eq!(parse_class_name("第3班"), bare(3));
        assert_eq!(parse_class_name(" 七(10)班 "), seventh(10));
        assert_eq!(parse_class_name("七(十二)班"), seventh(12));
        assert_eq!(parse_class_name("七(1)班/英语实验班"), seventh(1));
        assert_eq!(parse_class_name("'七5班"), seventh(5));
        assert_eq!(
            parse_class_name("一(1)班"),
            Some(ClassKey {
                grade: Some(Grade::FIRST),
                number: 1
            })
        );
        assert_eq!(parse_class_name("History"), None);
        assert_eq!(parse_class_name(""), None);
        assert_eq!(parse_class_name("七(0)班"), None);
    }

    #[test]
    fn class_name_note_after_ban() {
        assert_eq!(
            class_name_note("七(1)班/英语实验班").as_deref(),
            Some("英语实验班")
        );
        assert_eq!(
            class_name_note("七年级（3）班：科技特色").as_deref(),
            Some("科技特色")
        );
        assert_eq!(class_name_note("七(10)班 "), None);
        assert_eq!(class_name_note("初一4班"), None);
        assert_eq!(class_name_note("6"), None);
    }

    #[test]
    fn class_names_use_the_grade_numeral() {
        assert_eq!(Grade::SEVENTH.class_name(12), "七(12)班");
        assert_eq!(Grade::FIRST.class_name(1), "一(1)班");
        assert_eq!(Grade::SEVENTH.label(), "七年级");
    }
}
