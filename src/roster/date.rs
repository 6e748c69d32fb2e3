//! Reading birth dates in all the ways rosters write them.
//!
//! Excel stores a date as a serial number of days in the 1900 date system, where serial 1 is
//! 1900-01-01 and the non-existent 1900-02-29 is serial 60. A date cell arrives here as
//! [`Value::DateTime`]; a date typed into a General cell, or a date column converted to
//! numbers, arrives as a plain [`Value::Number`].

use chrono::{Days, NaiveDate, NaiveTime};

use super::clean::{TextChange, clean_value};
use crate::read::Value;
use crate::read::grid::format_number;

/// A note on the way a valid date was written, when that is worth a notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateNote {
    /// An Excel serial number in a number cell that is not formatted as a date (41593).
    SerialNumber,
    /// Eight digits without separators (20121222), as a number or as text.
    DigitsOnly,
    /// The value has a time of day other than midnight, which was ignored.
    WithTime,
    /// Full-width digits or separators (２０１２．９．１) were read as ASCII.
    FullWidth,
}

/// The reason a value is not a usable birth date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateFault {
    /// A part is missing: only a year and month (2013.2, 2013年2月) or only a year.
    Incomplete,
    /// The value can be read as more than one date: 2011.1 as a number (October with its
    /// trailing zero lost, or January), day and month order unknown (08/06/2012), or a serial
    /// number typed as text.
    Ambiguous,
    /// The year has only two digits (12-06-08), so the century is unknown.
    TwoDigitYear,
    /// The parts name no real date (2011.02.30, month 13) or a year outside 1900..=2099.
    Impossible,
    /// The value is not written like a date at all.
    NotADate,
}

/// The result of reading a birth date cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateOutcome {
    /// A date, with a note when the way it was written deserves a notice.
    Date {
        date: NaiveDate,
        note: Option<DateNote>,
    },
    /// The cell is empty or contains only spaces and invisible characters.
    Blank,
    /// The value is not a usable date.
    Invalid { fault: DateFault },
}

/// Serial numbers are read as birth dates only in this range, so that scores, years and
/// sequence numbers in a General cell are not mistaken for dates.
const SERIAL_FIRST: (i32, u32, u32) = (1950, 1, 1);
const SERIAL_LAST: (i32, u32, u32) = (2030, 12, 31);

/// Years a written date may have; others are typing errors.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2099;

/// Separators between year, month and day; `。` is what Chinese input methods type for `.`.
const SEPARATORS: [char; 5] = ['.', '-', '/', '\\', '。'];

/// Reads a birth date cell.
///
/// Date cells are taken as they are. Numbers are read as Excel serial numbers within
/// 1950-01-01..=2030-12-31 or as eight digits (20121222). Text is read as year, month and day
/// separated by `.`, `-`, `/` or written `2011年7月15日`, or as eight digits, optionally
/// followed by a time. Anything that might mean more than one date is rejected, not guessed.
pub fn parse_date(value: &Value) -> DateOutcome {
    match value {
        Value::Empty => DateOutcome::Blank,
        Value::DateTime(dt) => {
            let note = (dt.time() != NaiveTime::MIN).then_some(DateNote::WithTime);
            DateOutcome::Date {
                date: dt.date(),
                note,
            }
        }
        Value::Number(n) => from_number(*n),
        Value::Text(raw) => from_text(raw),
        Value::Bool(_) | Value::Error(_) | Value::FormulaWithoutValue(_) => {
            invalid(DateFault::NotADate)
        }
    }
}

fn invalid(fault: DateFault) -> DateOutcome {
    DateOutcome::Invalid { fault }
}

fn date(date: NaiveDate, note: Option<DateNote>) -> DateOutcome {
    DateOutcome::Date { date, note }
}

fn from_number(n: f64) -> DateOutcome {
    if !n.is_finite() || n < 0.0 {
        return invalid(DateFault::NotADate);
    }
    if n.fract() != 0.0 {
        // 2011.1 or 2013.05 typed into a General cell: a year and a month.
        let shown = format_number(n);
        return match shown.split_once('.') {
            Some((year, month)) => from_year_month(year, month, '.'),
            None => invalid(DateFault::NotADate),
        };
    }
    if let Some(day) = serial_date(n as i64) {
        return date(day, Some(DateNote::SerialNumber));
    }
    from_digits(&format_number(n))
}

/// Converts an Excel 1900-system serial number to a date, if it is a plausible birth date.
fn serial_date(serial: i64) -> Option<NaiveDate> {
    // Serials from 61 on are days since 1899-12-30, because Excel counts 1900-02-29.
    let days = u64::try_from(serial).ok().filter(|&s| s >= 61)?;
    let day = NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(Days::new(days))?;
    let (y, m, d) = SERIAL_FIRST;
    let first = NaiveDate::from_ymd_opt(y, m, d)?;
    let (y, m, d) = SERIAL_LAST;
    let last = NaiveDate::from_ymd_opt(y, m, d)?;
    (first..=last).contains(&day).then_some(day)
}

fn from_text(raw: &str) -> DateOutcome {
    let cleaned = clean_value(raw);
    if cleaned.text.is_empty() {
        return DateOutcome::Blank;
    }
    let fullwidth = cleaned.changes.contains(&TextChange::FullWidth);
    match parse_written(&cleaned.text) {
        DateOutcome::Date { date, note: None } if fullwidth => DateOutcome::Date {
            date,
            note: Some(DateNote::FullWidth),
        },
        outcome => outcome,
    }
}

/// Parses cleaned text: a date, optionally followed by a time after a space.
fn parse_written(text: &str) -> DateOutcome {
    let Some((day, time)) = text.split_once(' ').filter(|(_, t)| t.contains(':')) else {
        let compact: String = text.chars().filter(|c| *c != ' ').collect();
        return parse_day(&compact);
    };
    let Some(time) = parse_time(time) else {
        return invalid(DateFault::NotADate);
    };
    match parse_day(day) {
        DateOutcome::Date { date, note } if time != NaiveTime::MIN => DateOutcome::Date {
            date,
            note: note.or(Some(DateNote::WithTime)),
        },
        outcome => outcome,
    }
}

fn parse_time(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M"))
        .ok()
}

/// Parses the date part of cleaned text without spaces.
fn parse_day(text: &str) -> DateOutcome {
    if is_digits(text) {
        return from_digits(text);
    }
    if text.contains(['年', '月']) {
        return from_chinese(text);
    }
    let separator = text.chars().find(|c| SEPARATORS.contains(c));
    let parts: Vec<&str> = text.split(SEPARATORS).collect();
    if !parts.iter().all(|p| is_digits(p)) {
        return invalid(DateFault::NotADate);
    }
    match (parts.as_slice(), separator) {
        ([year, month, day], _) => from_parts(year, month, day),
        ([year, month], Some(separator)) => from_year_month(year, month, separator),
        _ => invalid(DateFault::NotADate),
    }
}

/// Reads three numbers by their widths: year first (2012-9-1), year last (08/06/2012, whose
/// day and month order is unknown) or no four-digit year (12-06-08).
fn from_parts(first: &str, second: &str, third: &str) -> DateOutcome {
    let short = |s: &str| (1..=2).contains(&s.len());
    if first.len() == 4 && short(second) && short(third) {
        from_ymd(first, second, third, None)
    } else if short(first) && short(second) && third.len() == 4 {
        invalid(DateFault::Ambiguous)
    } else if short(first) && short(second) && short(third) {
        invalid(DateFault::TwoDigitYear)
    } else {
        invalid(DateFault::NotADate)
    }
}

/// Reads a year and a month without a day (2013.2). A month of 1 after a dot is ambiguous,
/// because a number cell drops the trailing zero of 2011.10.
fn from_year_month(year: &str, month: &str, separator: char) -> DateOutcome {
    let month_number = month.parse::<u32>().ok();
    if year.len() != 4 || !(1..=2).contains(&month.len()) {
        return invalid(DateFault::NotADate);
    }
    if !matches!(month_number, Some(1..=12)) || !is_year(year) {
        return invalid(DateFault::Impossible);
    }
    if separator == '.' && month == "1" {
        return invalid(DateFault::Ambiguous);
    }
    invalid(DateFault::Incomplete)
}

/// Reads `2011年7月15日` (or `号` for 日), and reports the forms without a day or a year.
fn from_chinese(text: &str) -> DateOutcome {
    let Some((year, rest)) = text.split_once('年') else {
        // 7月15日: a month and a day without a year.
        return chinese_incomplete(text);
    };
    if !is_digits(year) {
        return invalid(DateFault::NotADate);
    }
    if year.len() == 2 {
        return invalid(DateFault::TwoDigitYear);
    }
    let Some((month, day)) = rest.split_once('月') else {
        return chinese_incomplete(rest);
    };
    let day = day.trim_end_matches(['日', '号']);
    if day.is_empty() {
        return chinese_incomplete(month);
    }
    if !is_digits(month) || !is_digits(day) {
        return invalid(DateFault::NotADate);
    }
    from_ymd(year, month, day, None)
}

/// Incomplete when what is there is digits and date words (2013年2月, 7月15日).
fn chinese_incomplete(rest: &str) -> DateOutcome {
    let date_like = rest
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '月' | '日' | '号'));
    if date_like {
        invalid(DateFault::Incomplete)
    } else {
        invalid(DateFault::NotADate)
    }
}

/// Reads a run of digits: eight as YYYYMMDD, six as YYYYMM or YYMMDD, four as a year alone,
/// five as a serial number that lost its number type.
fn from_digits(digits: &str) -> DateOutcome {
    match digits.len() {
        8 => {
            let (year, rest) = digits.split_at(4);
            let (month, day) = rest.split_at(2);
            if !is_year(year) {
                return invalid(DateFault::NotADate);
            }
            from_ymd(year, month, day, Some(DateNote::DigitsOnly))
        }
        6 => from_six_digits(digits),
        4 if is_year(digits) => invalid(DateFault::Incomplete),
        // A serial number as text came from a conversion this tool cannot see, such as a CSV
        // file, a paste, or a column formatted as text after typing. So it is unknown whether
        // it was a date, and whether its workbook counted from 1900 or 1904.
        5 if digits.parse().ok().and_then(serial_date).is_some() => invalid(DateFault::Ambiguous),
        _ => invalid(DateFault::NotADate),
    }
}

fn from_six_digits(digits: &str) -> DateOutcome {
    let (year, month) = digits.split_at(4);
    if is_year(year) && matches!(month.parse::<u32>(), Ok(1..=12)) {
        return invalid(DateFault::Incomplete);
    }
    let (yy, rest) = digits.split_at(2);
    let (mm, dd) = rest.split_at(2);
    let valid = NaiveDate::from_ymd_opt(
        2000 + yy.parse::<i32>().unwrap_or(-1),
        mm.parse().unwrap_or(0),
        dd.parse().unwrap_or(0),
    );
    if valid.is_some() {
        invalid(DateFault::TwoDigitYear)
    } else {
        invalid(DateFault::NotADate)
    }
}

/// Builds a date from digit strings checked by the caller, reporting impossible ones.
fn from_ymd(year: &str, month: &str, day: &str, note: Option<DateNote>) -> DateOutcome {
    let (Ok(y), Ok(m), Ok(d)) = (year.parse(), month.parse(), day.parse()) else {
        return invalid(DateFault::NotADate);
    };
    if !YEARS.contains(&y) {
        return invalid(DateFault::Impossible);
    }
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(day) => date(day, note),
        None => invalid(DateFault::Impossible),
    }
}

fn is_year(text: &str) -> bool {
    text.len() == 4 && text.parse::<i32>().is_ok_and(|y| YEARS.contains(&y))
}

/// True for a non-empty run of ASCII digits. `str::parse` alone would also accept a sign.
fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDateTime;

    use super::*;
    use DateFault::*;
    use DateNote::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn text(s: &str) -> DateOutcome {
        parse_date(&Value::Text(s.to_string()))
    }

    fn number(n: f64) -> DateOutcome {
        parse_date(&Value::Number(n))
    }

    fn datetime(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateOutcome {
        let dt: NaiveDateTime = day(y, m, d).and_hms_opt(h, min, 0).unwrap();
        parse_date(&Value::DateTime(dt))
    }

    fn ok(y: i32, m: u32, d: u32, note: Option<DateNote>) -> DateOutcome {
        DateOutcome::Date {
            date: day(y, m, d),
            note,
        }
    }

    fn bad(fault: DateFault) -> DateOutcome {
        DateOutcome::Invalid { fault }
    }

    // Every birth date cell of the birth-date-formats sample roster, in row order.
    #[test]
    fn birthdate_formats_roster() {
        assert_eq!(datetime(2011, 1, 1, 0, 0), ok(2011, 1, 1, None));
        assert_eq!(datetime(2012, 6, 8, 0, 0), ok(2012, 6, 8, None));
        assert_eq!(number(41593.0), ok(2013, 11, 15, Some(SerialNumber)));
        assert_eq!(text("2011.04.22"), ok(2011, 4, 22, None));
        assert_eq!(text("2012-9-1"), ok(2012, 9, 1, None));
        assert_eq!(text("2013/02/08"), ok(2013, 2, 8, None));
        assert_eq!(text("2011年7月15日"), ok(2011, 7, 15, None));
        assert_eq!(number(20121222.0), ok(2012, 12, 22, Some(DigitsOnly)));
        assert_eq!(text("20130501"), ok(2013, 5, 1, Some(DigitsOnly)));
        assert_eq!(number(2011.1), bad(Ambiguous));
        assert_eq!(text("2012.03.15 "), ok(2012, 3, 15, None));
        assert_eq!(datetime(2013, 8, 22, 0, 0), ok(2013, 8, 22, None));
        assert_eq!(text("2011.02.30"), bad(Impossible));
        assert_eq!(text("12-06-08"), bad(TwoDigitYear));
        assert_eq!(text("41593"), bad(Ambiguous));
        assert_eq!(datetime(2010, 4, 22, 0, 0), ok(2010, 4, 22, None));
        assert_eq!(text("2012．9．1"), ok(2012, 9, 1, Some(FullWidth)));
        assert_eq!(text("2013.2"), bad(Incomplete));
    }

    #[test]
    fn blank_cells() {
        assert_eq!(parse_date(&Value::Empty), DateOutcome::Blank);
        assert_eq!(text(" \u{3000}"), DateOutcome::Blank);
    }

    #[test]
    fn time_of_day() {
        assert_eq!(
            datetime(2013, 8, 22, 8, 30),
            ok(2013, 8, 22, Some(WithTime))
        );
        assert_eq!(text("2011-01-01 00:00:00"), ok(2011, 1, 1, None));
        assert_eq!(text("2011-01-01 00:00"), ok(2011, 1, 1, None));
        assert_eq!(text("2011-01-01 12:00:00"), ok(2011, 1, 1, Some(WithTime)));
        assert_eq!(text("2011-01-01 25:00:00"), bad(NotADate));
    }

    #[test]
    fn serial_number_range() {
        assert_eq!(number(18264.0), ok(1950, 1, 1, Some(SerialNumber)));
        assert_eq!(number(47848.0), ok(2030, 12, 31, Some(SerialNumber)));
        assert_eq!(number(18263.0), bad(NotADate));
        assert_eq!(number(47849.0), bad(NotADate));
        assert_eq!(number(95.0), bad(NotADate));
        assert_eq!(number(-41593.0), bad(NotADate));
    }

    #[test]
    fn year_and_month_numbers() {
        assert_eq!(number(2013.2), bad(Incomplete));
        assert_eq!(number(2013.05), bad(Incomplete));
        assert_eq!(number(2013.12), bad(Incomplete));
        assert_eq!(number(2013.13), bad(Impossible));
        assert_eq!(number(2013.0), bad(Incomplete));
        assert_eq!(number(88.5), bad(NotADate));
    }

    #[test]
    fn eight_digits() {
        assert_eq!(number(20120231.0), bad(Impossible));
        assert_eq!(text("20121322"), bad(Impossible));
        assert_eq!(text("12345678"), bad(NotADate));
        assert_eq!(text("２０１３０５０１"), ok(2013, 5, 1, Some(DigitsOnly)));
    }

    #[test]
    fn incomplete_dates() {
        assert_eq!(text("2013年2月"), bad(Incomplete));
        assert_eq!(text("2013年"), bad(Incomplete));
        assert_eq!(text("7月15日"), bad(Incomplete));
        assert_eq!(text("2013-02"), bad(Incomplete));
        assert_eq!(text("2013.1"), bad(Ambiguous));
        assert_eq!(text("2013-1"), bad(Incomplete));
        assert_eq!(text("201302"), bad(Incomplete));
        assert_eq!(text("2013"), bad(Incomplete));
    }

    #[test]
    fn chinese_forms() {
        assert_eq!(text("2011年07月15日"), ok(2011, 7, 15, None));
        assert_eq!(text("2011年7月15号"), ok(2011, 7, 15, None));
        assert_eq!(text("2011年7月15"), ok(2011, 7, 15, None));
        assert_eq!(text("2011 年 7 月 15 日"), ok(2011, 7, 15, None));
        assert_eq!(text("2011年2月30日"), bad(Impossible));
        assert_eq!(text("11年7月15日"), bad(TwoDigitYear));
        assert_eq!(text("二〇一一年七月"), bad(NotADate));
        assert_eq!(text("2011年+7月15日"), bad(NotADate));
        assert_eq!(text("3个月"), bad(NotADate));
        assert_eq!(text("2013年二月"), bad(NotADate));
    }

    #[test]
    fn other_separators() {
        assert_eq!(text("2012。9。1"), ok(2012, 9, 1, None));
        assert_eq!(text("2012\\9\\1"), ok(2012, 9, 1, None));
        assert_eq!(text("2012 - 9 - 1"), ok(2012, 9, 1, None));
        assert_eq!(text("2012－09－01"), ok(2012, 9, 1, Some(FullWidth)));
    }

    #[test]
    fn two_digit_years_and_day_first() {
        assert_eq!(text("12/6/8"), bad(TwoDigitYear));
        assert_eq!(text("120608"), bad(TwoDigitYear));
        assert_eq!(text("08/06/2012"), bad(Ambiguous));
        assert_eq!(text("8/6/2012"), bad(Ambiguous));
    }

    #[test]
    fn impossible_dates() {
        assert_eq!(text("2011.13.01"), bad(Impossible));
        assert_eq!(text("2011-00-10"), bad(Impossible));
        assert_eq!(text("1012-06-08"), bad(Impossible));
        assert_eq!(text("2100-01-01"), bad(Impossible));
    }

    #[test]
    fn not_dates() {
        for s in [
            "不详",
            "2012-9-1-5",
            "2012-9-",
            "-9-1",
            "abc",
            "3.10104E+17",
            "2012.9.1a",
        ] {
            assert_eq!(text(s), bad(NotADate), "{s}");
        }
        assert_eq!(text("310104-20121222-0350"), bad(NotADate));
        assert_eq!(text("11010120110715...."), bad(NotADate));
        assert_eq!(parse_date(&Value::Bool(true)), bad(NotADate));
        assert_eq!(parse_date(&Value::Error("#N/A".into())), bad(NotADate));
    }
}
