//! Reading entrance scores; a missing score is missing, never 0.

use super::clean::{TextChange, clean_value};
use crate::read::Value;

/// A note on the way a valid score was written, when it was not a plain number cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreNote {
    /// The score had the unit 分 after it (88.5分), which was removed.
    Unit,
    /// The score was written in full-width digits (１０２).
    FullWidth,
    /// The score was a number stored as text (`102`, `98 `).
    Text,
}

/// The reason a score cell is not a usable score.
#[derive(Debug, Clone, PartialEq)]
pub enum ScoreFault {
    /// The score is below 0.
    Negative,
    /// The score is above the highest valid score `max`.
    TooLarge { max: f64 },
    /// The cell contains a score over the paper's total (120/150) instead of the score alone.
    Fraction,
    /// The cell contains a spreadsheet error such as `#N/A`, usually a failed lookup formula.
    ErrorValue,
    /// The cell contains something other than a number: a letter grade, a word, a date.
    NotANumber,
}

/// The result of reading a score cell.
#[derive(Debug, Clone, PartialEq)]
pub enum ScoreOutcome {
    /// A score from 0 to the maximum, with a note when it was written as text.
    Score { value: f64, note: Option<ScoreNote> },
    /// No score: the cell is blank (`written` is `None`) or marks the student absent or
    /// exempt (缺考, 免考, `-`, `/`). The student is left out of score balancing, never given 0.
    Missing { written: Option<String> },
    /// The value cannot be used as a score.
    Invalid { fault: ScoreFault },
}

/// Words for "no score" after cleaning and removing spaces: absent, exempt, none.
const MISSING_WORDS: &[&str] = &[
    "缺考",
    "缺",
    "缺席",
    "未考",
    "未参加",
    "免考",
    "免试",
    "无",
    "暂无",
    "无成绩",
    "空",
];

/// Dashes and slashes that clerks write into a cell to say "nothing here".
const EMPTY_MARKS: &[char] = &['-', '—', '–', '―', '－', '/', '\\', '／'];

/// Reads a score cell, accepting scores from 0 to `max` inclusive.
///
/// Numbers and numeric text (also full-width, or followed by 分) are scores. Blank cells and
/// the usual words and marks for absent or exempt students are `Missing`, so they never
/// count as 0; a real 0 written as `0` or `０` is a score.
pub fn parse_score(value: &Value, max: f64) -> ScoreOutcome {
    match value {
        Value::Empty => ScoreOutcome::Missing { written: None },
        Value::Number(n) => in_range(*n, None, max),
        Value::Text(raw) => from_text(raw, max),
        Value::Error(_) => invalid(ScoreFault::ErrorValue),
        Value::Bool(_) | Value::DateTime(_) | Value::FormulaWithoutValue(_) => {
            invalid(ScoreFault::NotANumber)
        }
    }
}

fn invalid(fault: ScoreFault) -> ScoreOutcome {
    ScoreOutcome::Invalid { fault }
}

fn in_range(value: f64, note: Option<ScoreNote>, max: f64) -> ScoreOutcome {
    if !value.is_finite() {
        invalid(ScoreFault::NotANumber)
    } else if value < 0.0 {
        invalid(ScoreFault::Negative)
    } else if value > max {
        invalid(ScoreFault::TooLarge { max })
    } else {
        ScoreOutcome::Score { value, note }
    }
}

fn from_text(raw: &str, max: f64) -> ScoreOutcome {
    let cleaned = clean_value(raw);
    if cleaned.text.is_empty() {
        return ScoreOutcome::Missing { written: None };
    }
    let compact: String = cleaned.text.chars().filter(|c| *c != ' ').collect();
    if is_missing_mark(&compact) {
        return ScoreOutcome::Missing {
            written: Some(cleaned.text),
        };
    }

    let number = compact.strip_suffix('分');
    let note = if number.is_some() {
        ScoreNote::Unit
    } else if cleaned.changes.contains(&TextChange::FullWidth) {
        ScoreNote::FullWidth
    } else {
        ScoreNote::Text
    };
    let number = number.unwrap_or(&compact);
    if is_fraction(number) {
        return invalid(ScoreFault::Fraction);
    }
    match parse_decimal(number) {
        Some(value) => in_range(value, Some(note), max),
        None => invalid(ScoreFault::NotANumber),
    }
}

fn is_missing_mark(text: &str) -> bool {
    MISSING_WORDS.contains(&text) || text.chars().all(|c| EMPTY_MARKS.contains(&c))
}

/// True for a score over a total, such as `120/150`.
fn is_fraction(text: &str) -> bool {
    text.split_once('/')
        .is_some_and(|(a, b)| parse_decimal(a).is_some() && parse_decimal(b).is_some())
}

/// Parses `88`, `88.5`, `-5` or `+5`. Unlike `str::parse::<f64>` it rejects `inf`, `NaN`,
/// exponents and a bare or trailing point, which are not how anyone writes a score.
fn parse_decimal(text: &str) -> Option<f64> {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ScoreNote::*;

    const MAX: f64 = 750.0;

    fn number(n: f64) -> ScoreOutcome {
        parse_score(&Value::Number(n), MAX)
    }

    fn text(s: &str) -> ScoreOutcome {
        parse_score(&Value::Text(s.to_string()), MAX)
    }

    fn score(value: f64, note: Option<ScoreNote>) -> ScoreOutcome {
        ScoreOutcome::Score { value, note }
    }

    fn missing(written: &str) -> ScoreOutcome {
        ScoreOutcome::Missing {
            written: Some(written.to_string()),
        }
    }

    fn bad(fault: ScoreFault) -> ScoreOutcome {
        ScoreOutcome::Invalid { fault }
    }

    // Every score cell of the score-variants sample roster, in row order.
    #[test]
    fn score_variants_roster() {
        assert_eq!(number(95.0), score(95.0, None));
        assert_eq!(number(88.5), score(88.5, None));
        assert_eq!(text("102"), score(102.0, Some(Text)));
        assert_eq!(text("88.5分"), score(88.5, Some(Unit)));
        assert_eq!(text("缺考"), missing("缺考"));
        assert_eq!(text("缺"), missing("缺"));
        assert_eq!(text("-"), missing("-"));
        assert_eq!(
            parse_score(&Value::Empty, MAX),
            ScoreOutcome::Missing { written: None }
        );
        assert_eq!(text("免考"), missing("免考"));
        assert_eq!(text("１０２"), score(102.0, Some(FullWidth)));
        assert_eq!(text("98 "), score(98.0, Some(Text)));
        assert_eq!(text("０"), score(0.0, Some(FullWidth)));
        assert_eq!(text("120/150"), bad(ScoreFault::Fraction));
        assert_eq!(
            parse_score(&Value::Error("#N/A".into()), MAX),
            bad(ScoreFault::ErrorValue)
        );
        assert_eq!(number(0.0), score(0.0, None));
        assert_eq!(number(-5.0), bad(ScoreFault::Negative));
        assert_eq!(number(1000.0), bad(ScoreFault::TooLarge { max: MAX }));
        assert_eq!(text("A"), bad(ScoreFault::NotANumber));
    }

    #[test]
    fn missing_marks() {
        for s in ["—", "/", "／", "--", "——", "缺 考", "未考", "免试", "无"] {
            assert!(
                matches!(text(s), ScoreOutcome::Missing { written: Some(_) }),
                "{s}"
            );
        }
        assert_eq!(text(" — "), missing("—"));
        assert_eq!(text("\u{3000}"), ScoreOutcome::Missing { written: None });
    }

    #[test]
    fn range_limits() {
        assert_eq!(number(750.0), score(750.0, None));
        assert_eq!(number(750.5), bad(ScoreFault::TooLarge { max: MAX }));
        assert_eq!(
            parse_score(&Value::Number(101.0), 100.0),
            bad(ScoreFault::TooLarge { max: 100.0 })
        );
        assert_eq!(text("-5"), bad(ScoreFault::Negative));
        assert_eq!(text("800分"), bad(ScoreFault::TooLarge { max: MAX }));
        assert_eq!(text("-0.5"), bad(ScoreFault::Negative));
    }

    #[test]
    fn numeric_text_forms() {
        assert_eq!(text("88.5 分"), score(88.5, Some(Unit)));
        assert_eq!(text("８８．５分"), score(88.5, Some(Unit)));
        assert_eq!(text("'95"), score(95.0, Some(Text)));
        assert_eq!(text("0"), score(0.0, Some(Text)));
        assert_eq!(text("+5"), score(5.0, Some(Text)));
    }

    #[test]
    fn not_numbers() {
        for s in [
            "优", "B+", "inf", "NaN", "1e2", "88.", ".5", "88,5", "分", "1/", "12分5",
        ] {
            assert_eq!(text(s), bad(ScoreFault::NotANumber), "{s}");
        }
        assert_eq!(
            parse_score(&Value::Bool(true), MAX),
            bad(ScoreFault::NotANumber)
        );
        assert_eq!(
            parse_score(&Value::FormulaWithoutValue("SUM(A1:A3)".into()), MAX),
            bad(ScoreFault::NotANumber)
        );
    }

    #[test]
    fn fractions() {
        assert_eq!(text("120／150"), bad(ScoreFault::Fraction));
        assert_eq!(text("88.5/100"), bad(ScoreFault::Fraction));
    }
}
