//! The registration order of late students: by 报到时间, else by 报到序号, else by their
//! order in the file. The order decides who is placed first, so a value that cannot be
//! read is an error, never a guess.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::LateProblem;
use crate::diag::{Location, Report};
use crate::roster::{Roster, Student};
use crate::table::Field;
use crate::table::header::to_half_width;

/// The source of the registration order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderBasis {
    /// The 报到时间 column; equal times are ordered by 报到序号 when given, then by row.
    RegisteredAt,
    /// The 报到序号 column.
    RegistrationNo,
    /// Neither column: the order of the rows in the file.
    RowOrder,
}

impl OrderBasis {
    /// Returns the name stored in records and fingerprints.
    pub fn code(self) -> &'static str {
        match self {
            OrderBasis::RegisteredAt => "registered_at",
            OrderBasis::RegistrationNo => "registration_no",
            OrderBasis::RowOrder => "row_order",
        }
    }

    pub fn from_code(code: &str) -> Option<OrderBasis> {
        [
            OrderBasis::RegisteredAt,
            OrderBasis::RegistrationNo,
            OrderBasis::RowOrder,
        ]
        .into_iter()
        .find(|b| b.code() == code)
    }
}

/// The late students in registration order, as indices into the roster's students.
#[derive(Debug, Clone, PartialEq)]
pub struct Order {
    pub basis: OrderBasis,
    pub students: Vec<usize>,
}

/// Sorts the late students into registration order and reports every value that cannot
/// be used. Returns `None` when the order cannot be decided.
pub fn registration_order(roster: &Roster, report: &mut Report) -> Option<Order> {
    let before = report.count(crate::diag::Severity::Error);
    let numbers = roster
        .has(Field::RegistrationNo)
        .then(|| registration_numbers(roster, report));
    let order = if roster.has(Field::RegisteredAt) {
        by_time(roster, numbers.as_deref(), report)
    } else if let Some(numbers) = &numbers {
        by_number(roster, numbers)
    } else {
        let at = Location::file(&roster.file);
        report.notice(at, LateProblem::OrderByRows);
        Order {
            basis: OrderBasis::RowOrder,
            students: (0..roster.students.len()).collect(),
        }
    };
    (report.count(crate::diag::Severity::Error) == before).then_some(order)
}

/// Reads the 报到序号 of each student and reports a missing, invalid or repeated number as an
/// error.
fn registration_numbers(roster: &Roster, report: &mut Report) -> Vec<Option<u64>> {
    let mut seen: BTreeMap<u64, usize> = BTreeMap::new();
    let mut numbers = Vec::with_capacity(roster.students.len());
    for (index, student) in roster.students.iter().enumerate() {
        let at = field_location(roster, student, Field::RegistrationNo);
        let written = student.field_text(Field::RegistrationNo);
        let number = written.and_then(parse_registration_number);
        match (written, number) {
            (None, _) => report.error(at, LateProblem::RegistrationNoMissing),
            (Some(text), None) => report.error(
                at,
                LateProblem::RegistrationNoInvalid {
                    written: text.to_string(),
                },
            ),
            (Some(_), Some(n)) => {
                if let Some(&other) = seen.get(&n) {
                    let problem = LateProblem::RegistrationNoTwice {
                        number: n,
                        other: roster.students[other].origin.clone(),
                    };
                    report.error(at, problem);
                } else {
                    seen.insert(n, index);
                }
            }
        }
        numbers.push(number);
    }
    numbers
}

fn by_number(roster: &Roster, numbers: &[Option<u64>]) -> Order {
    let mut students: Vec<usize> = (0..roster.students.len()).collect();
    students.sort_by_key(|&i| (numbers[i].unwrap_or(u64::MAX), i));
    Order {
        basis: OrderBasis::RegistrationNo,
        students,
    }
}

fn by_time(roster: &Roster, numbers: Option<&[Option<u64>]>, report: &mut Report) -> Order {
    let mut times = Vec::with_capacity(roster.students.len());
    for student in &roster.students {
        let at = field_location(roster, student, Field::RegisteredAt);
        let written = student.field_text(Field::RegisteredAt);
        let time = written.and_then(parse_registration_time);
        match (written, time) {
            (None, _) => report.error(at, LateProblem::RegistrationTimeMissing),
            (Some(text), None) => report.error(
                at,
                LateProblem::RegistrationTimeInvalid {
                    written: text.to_string(),
                },
            ),
            _ => {}
        }
        times.push(time);
    }
    let number = |i: usize| numbers.and_then(|n| n[i]).unwrap_or(u64::MAX);
    let mut students: Vec<usize> = (0..roster.students.len()).collect();
    students.sort_by_key(|&i| (times[i], number(i), i));
    report_equal_times(roster, &students, &times, numbers.is_some(), report);
    Order {
        basis: OrderBasis::RegisteredAt,
        students,
    }
}

/// Notes each student whose registration time equals the one before it in the order.
fn report_equal_times(
    roster: &Roster,
    order: &[usize],
    times: &[Option<NaiveDateTime>],
    by_number: bool,
    report: &mut Report,
) {
    for pair in order.windows(2) {
        let (first, second) = (pair[0], pair[1]);
        if times[first].is_some() && times[first] == times[second] {
            let student = &roster.students[second];
            let problem = LateProblem::SameRegistrationTime {
                other: roster.students[first].origin.clone(),
                by_number,
            };
            report.notice(
                field_location(roster, student, Field::RegisteredAt),
                problem,
            );
        }
    }
}

fn field_location(roster: &Roster, student: &Student, field: Field) -> Location {
    let origin = &student.origin;
    match crate::roster::cell_of(&roster.layouts, origin, field) {
        Some(cell) => Location::cell(&roster.file, &origin.sheet, cell),
        None => Location::row(&roster.file, &origin.sheet, origin.row),
    }
}

/// Parses a 报到序号: a whole number of at least 1, in ASCII or full-width digits, also
/// written `3.0` by a number cell.
pub fn parse_registration_number(text: &str) -> Option<u64> {
    let digits: String = text.trim().chars().map(to_half_width).collect();
    let number: f64 = digits.trim().parse().ok()?;
    (number.fract() == 0.0 && (1.0..1e15).contains(&number)).then_some(number as u64)
}

/// Excel serial numbers between these are read as registration times (2000 to 2099).
const SERIAL_RANGE: std::ops::Range<f64> = 36526.0..73051.0;

/// Parses a registration time as clerks write it: `2025-08-28 11:29`, `2025/8/28 11:29:05`,
/// `2025.8.28`, `2025年8月28日 11时29分`, `2025-08-28T11:29:00`, or an Excel serial number
/// such as `45897.478` from a cell formatted General. A date without a time is taken as
/// midnight. Anything else (a time without a date, a two-digit year) returns `None`.
pub fn parse_registration_time(text: &str) -> Option<NaiveDateTime> {
    let half: String = text.trim().chars().map(to_half_width).collect();
    if let Ok(serial) = half.trim().parse::<f64>() {
        return SERIAL_RANGE
            .contains(&serial)
            .then(|| from_serial(serial))
            .flatten();
    }
    let mut normal = String::with_capacity(half.len());
    for c in half.chars() {
        match c {
            '年' | '月' | '/' | '.' => normal.push('-'),
            '日' | 'T' | '号' => normal.push(' '),
            '时' | '点' => normal.push(':'),
            '分' | '秒' => normal.push(' '),
            c => normal.push(c),
        }
    }

    let words: Vec<&str> = normal.split_whitespace().collect();
    let (date_part, time_part) = match words.as_slice() {
        [date] => (*date, String::new()),
        [date, rest @ ..] => (*date, rest.join(":")),
        [] => return None,
    };
    let date = parse_date_part(date_part.trim_end_matches('-'))?;

    let time_part = time_part.replace("::", ":");
    let time_part = time_part.trim_end_matches(':');
    if time_part.is_empty() {
        return date.and_hms_opt(0, 0, 0);
    }
    let pieces: Vec<u32> = time_part
        .split(':')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    match pieces.as_slice() {
        [h, m] => date.and_hms_opt(*h, *m, 0),
        [h, m, s] => date.and_hms_opt(*h, *m, *s),
        _ => None,
    }
}

fn parse_date_part(text: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return None;
    };
    if year.len() != 4 {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

/// Converts an Excel serial date-time (1900 date system) to a time, rounded to the second.
fn from_serial(serial: f64) -> Option<NaiveDateTime> {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_hms_opt(0, 0, 0)?;
    let seconds = (serial * 86_400.0).round() as i64;
    epoch.checked_add_signed(Duration::seconds(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<NaiveDateTime> {
        NaiveDate::from_ymd_opt(y, mo, d).and_then(|x| x.and_hms_opt(h, mi, s))
    }

    #[test]
    fn registration_times_in_usual_forms() {
        let cases = [
            ("2025-08-28 11:29:00", at(2025, 8, 28, 11, 29, 0)),
            ("2025-08-28 11:29", at(2025, 8, 28, 11, 29, 0)),
            ("2025/8/28 9:05", at(2025, 8, 28, 9, 5, 0)),
            ("2025.8.28", at(2025, 8, 28, 0, 0, 0)),
            ("2025年8月28日 11时29分", at(2025, 8, 28, 11, 29, 0)),
            ("2025年8月28日11:29:30", at(2025, 8, 28, 11, 29, 30)),
            (
                "２０２５－０８－２８　１１：２９",
                at(2025, 8, 28, 11, 29, 0),
            ),
            ("2025-08-28T11:29:00", at(2025, 8, 28, 11, 29, 0)),
            ("45897.5", at(2025, 8, 28, 12, 0, 0)),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_registration_time(text), expected, "{text}");
        }
    }

    #[test]
    fn registration_times_rejected() {
        for text in ["11:29", "8月28日", "25-8-28", "2025-02-30", "下午", "3", ""] {
            assert_eq!(parse_registration_time(text), None, "{text}");
        }
    }

    #[test]
    fn registration_numbers_are_whole() {
        assert_eq!(parse_registration_number("3"), Some(3));
        assert_eq!(parse_registration_number("３"), Some(3));
        assert_eq!(parse_registration_number("3.0"), Some(3));
        assert_eq!(parse_registration_number("3.5"), None);
        assert_eq!(parse_registration_number("0"), None);
        assert_eq!(parse_registration_number("三"), None);
    }
}
