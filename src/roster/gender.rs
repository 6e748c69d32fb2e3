//! Reading the gender column in all the ways rosters write it.
//!
//! Numeric codes follow GB/T 2261.1-2003 (个人基本信息分类与代码, 人的性别代码):
//! 1 male, 2 female, 0 unknown, 9 not stated.

use super::clean::clean_value;
use crate::read::Value;
use crate::read::grid::format_number;

/// A student's gender as the grouping balances it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Gender {
    /// 男.
    Male,
    /// 女.
    Female,
}

/// The result of reading a gender cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GenderOutcome {
    /// A recognised spelling. `normalized` is true when it was not plainly 男 or 女.
    Known { gender: Gender, normalized: bool },
    /// A value that does not say the gender (未知, 0, 9, 男/女, anything else), as cleaned text.
    Unknown { written: String },
    /// The cell is empty or contains only spaces and invisible characters.
    Blank,
}

/// Spellings of male after cleaning, removing spaces and lower-casing.
const MALE: &[&str] = &[
    "男", "1", "m", "male", "man", "boy", "男性", "男生", "男孩", "男子", "男童",
];

/// Spellings of female after cleaning, removing spaces and lower-casing.
const FEMALE: &[&str] = &[
    "女", "2", "f", "female", "woman", "girl", "女性", "女生", "女孩", "女子", "女童",
];

/// Reads a gender cell.
///
/// Recognises 男/女 with any spaces, M/F in any case and width, male/female, 男性/女性,
/// 男生/女生, 男孩/女孩, and the GB/T 2261.1 codes 1 and 2 as numbers or text. The codes 0
/// (unknown) and 9 (not stated) give no gender, so they are `Unknown`.
pub fn parse_gender(value: &Value) -> GenderOutcome {
    match value {
        Value::Empty => GenderOutcome::Blank,
        Value::Number(n) => from_code(*n),
        Value::Text(raw) => from_text(raw),
        other => GenderOutcome::Unknown {
            written: other.display(),
        },
    }
}

fn from_code(code: f64) -> GenderOutcome {
    let gender = if code == 1.0 {
        Gender::Male
    } else if code == 2.0 {
        Gender::Female
    } else {
        return GenderOutcome::Unknown {
            written: format_number(code),
        };
    };
    GenderOutcome::Known {
        gender,
        normalized: true,
    }
}

fn from_text(raw: &str) -> GenderOutcome {
    let plain = match raw.trim() {
        "男" => Some(Gender::Male),
        "女" => Some(Gender::Female),
        _ => None,
    };
    if let Some(gender) = plain {
        return GenderOutcome::Known {
            gender,
            normalized: false,
        };
    }

    let written = clean_value(raw).text;
    if written.is_empty() {
        return GenderOutcome::Blank;
    }
    let key: String = written
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    let gender = if MALE.contains(&key.as_str()) {
        Gender::Male
    } else if FEMALE.contains(&key.as_str()) {
        Gender::Female
    } else {
        return GenderOutcome::Unknown { written };
    };
    GenderOutcome::Known {
        gender,
        normalized: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Gender::*;

    fn text(s: &str) -> GenderOutcome {
        parse_gender(&Value::Text(s.to_string()))
    }

    fn plain(gender: Gender) -> GenderOutcome {
        GenderOutcome::Known {
            gender,
            normalized: false,
        }
    }

    fn normalized(gender: Gender) -> GenderOutcome {
        GenderOutcome::Known {
            gender,
            normalized: true,
        }
    }

    fn unknown(written: &str) -> GenderOutcome {
        GenderOutcome::Unknown {
            written: written.to_string(),
        }
    }

    // Every gender cell of the gender-variants sample roster, in row order.
    #[test]
    fn gender_variants_roster() {
        assert_eq!(text("男"), plain(Male));
        assert_eq!(text("女"), plain(Female));
        assert_eq!(text("男 "), plain(Male));
        assert_eq!(text(" 女"), plain(Female));
        assert_eq!(text("M"), normalized(Male));
        assert_eq!(text("F"), normalized(Female));
        assert_eq!(text("m"), normalized(Male));
        assert_eq!(text("f"), normalized(Female));
        assert_eq!(parse_gender(&Value::Number(1.0)), normalized(Male));
        assert_eq!(parse_gender(&Value::Number(2.0)), normalized(Female));
        assert_eq!(text("1"), normalized(Male));
        assert_eq!(text("2"), normalized(Female));
        assert_eq!(text("男性"), normalized(Male));
        assert_eq!(text("女生"), normalized(Female));
        assert_eq!(text("Ｍ"), normalized(Male));
        assert_eq!(text("male"), normalized(Male));
        assert_eq!(text("Female"), normalized(Female));
        assert_eq!(parse_gender(&Value::Number(0.0)), unknown("0"));
        assert_eq!(parse_gender(&Value::Number(9.0)), unknown("9"));
        assert_eq!(parse_gender(&Value::Empty), GenderOutcome::Blank);
        assert_eq!(text("未知"), unknown("未知"));
        assert_eq!(text("男/女"), unknown("男/女"));
    }

    #[test]
    fn whitespace_of_any_kind_around_plain() {
        assert_eq!(text("\u{3000}女\u{A0}"), plain(Female));
        assert_eq!(text("\t男\n"), plain(Male));
        assert_eq!(text("男\u{200B}"), normalized(Male));
        assert_eq!(text("男 性"), normalized(Male));
    }

    #[test]
    fn other_spellings() {
        for s in ["男生", "男孩", "MALE", "Boy", "ｍ", "１"] {
            assert_eq!(text(s), normalized(Male), "{s}");
        }
        for s in ["女性", "女孩", "FEMALE", "girl", "Ｆ", "２"] {
            assert_eq!(text(s), normalized(Female), "{s}");
        }
    }

    #[test]
    fn codes_zero_and_nine_as_text() {
        assert_eq!(text("0"), unknown("0"));
        assert_eq!(text("9"), unknown("9"));
        assert_eq!(parse_gender(&Value::Number(1.5)), unknown("1.5"));
    }

    #[test]
    fn unknown_keeps_cleaned_text() {
        assert_eq!(text(" 不详 "), unknown("不详"));
        assert_eq!(text("Ｘ"), unknown("X"));
        assert_eq!(parse_gender(&Value::Bool(true)), unknown("TRUE"));
        assert_eq!(parse_gender(&Value::Error("#N/A".into())), unknown("#N/A"));
    }

    #[test]
    fn blank_text_is_blank() {
        assert_eq!(text(""), GenderOutcome::Blank);
        assert_eq!(text(" \u{3000}\u{200B}"), GenderOutcome::Blank);
    }
}
