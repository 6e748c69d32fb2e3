//! Checking the typed draw: every class 1..N has one row, every row one valid group number,
//! and every group 1..N is drawn exactly once. Head teachers are compared with the teacher
//! sheet when one was given.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::DrawProblem;
use super::form::{DrawForm, FormRow};
use super::number::parse_group_number;
use crate::classname::Grade;
use crate::diag::{Location, Report};
use crate::fingerprint::Fingerprint;
use crate::messages::labels;
use crate::read::Value;
use crate::roster::date::{DateOutcome, parse_date};
use crate::teams::Teams;

/// A checked draw: the group each class drew, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct Draw {
    /// The group drawn by class k at index k - 1.
    pub groups: Vec<u32>,
    /// Head teachers typed on the form, by class at index k - 1.
    pub head_teachers: Vec<Option<String>>,
    pub date: NaiveDate,
}

impl Draw {
    /// The class (1-based) that drew group `group`.
    pub fn class_of(&self, group: u32) -> Option<u32> {
        let index = self.groups.iter().position(|&g| g == group)?;
        Some(index as u32 + 1)
    }
}

/// What the draw is checked against.
pub struct DrawCheck<'a> {
    /// N: the number of classes and of groups.
    pub classes: u32,
    pub grade: Option<Grade>,
    /// The grouping the form must have been printed for.
    pub grouping: Option<Fingerprint>,
    pub teams: Option<&'a Teams>,
    /// The date given on the command line, which wins over the form's.
    pub date: Option<NaiveDate>,
    /// The day used when neither the form nor the command line has a date.
    pub today: NaiveDate,
}

/// Checks the form and returns the draw, or `None` after reporting every mistake.
pub fn check_draw(form: &DrawForm, check: &DrawCheck, report: &mut Report) -> Option<Draw> {
    let errors_before = report.count(crate::diag::Severity::Error);
    check_printed_facts(form, check, report);
    let rows = class_rows(form, check, report);
    let groups = drawn_groups(form, check, &rows, report);
    let date = draw_date(form, check, report);
    check_head_teachers(form, check, &rows, report);
    if report.count(crate::diag::Severity::Error) > errors_before {
        return None;
    }
    let groups: Option<Vec<u32>> = (1..=check.classes)
        .map(|class| groups.get(&class).copied())
        .collect();
    let head_teachers = (1..=check.classes)
        .map(|class| {
            rows.get(&class)
                .and_then(|row| row.head_teacher.as_ref())
                .map(|(_, name)| name.clone())
        })
        .collect();
    Some(Draw {
        groups: groups?,
        head_teachers,
        date: date?,
    })
}

fn class_label(check: &DrawCheck, class: u32) -> String {
    match check.grade {
        Some(grade) => grade.class_name(class),
        None => labels::class_without_grade(class),
    }
}

/// The form's grouping fingerprint and group count must be those of this grouping.
fn check_printed_facts(form: &DrawForm, check: &DrawCheck, report: &mut Report) {
    if let (Some((cell, printed)), Some(expected)) = (&form.grouping, check.grouping) {
        let readable = Fingerprint::parse(printed);
        if readable.is_some_and(|p| p != expected) {
            let problem = DrawProblem::OtherGrouping {
                printed: printed.clone(),
                expected,
            };
            report.error(form.location(*cell), problem);
        }
    }
    if let Some(printed) = form.group_count.filter(|&n| n != check.classes) {
        let problem = DrawProblem::GroupCountDiffers {
            printed,
            groups: check.classes,
        };
        report.error(Location::sheet(&form.file, &form.sheet), problem);
    }
}

/// The row of each class 1..N; reports unreadable, out-of-range, repeated and missing
/// classes.
fn class_rows<'f>(
    form: &'f DrawForm,
    check: &DrawCheck,
    report: &mut Report,
) -> BTreeMap<u32, &'f FormRow> {
    let mut rows: BTreeMap<u32, &FormRow> = BTreeMap::new();
    for row in &form.rows {
        let at = form.location(row.class_cell);
        let Some(key) = row.class else {
            let written = row.class_written.clone();
            report.error(at, DrawProblem::ClassUnreadable { written });
            continue;
        };
        if key.number > check.classes {
            let problem = DrawProblem::ClassOutOfRange {
                written: row.class_written.clone(),
                number: key.number,
                classes: check.classes,
            };
            report.error(at, problem);
            continue;
        }
        match rows.get(&key.number) {
            Some(first) => {
                let problem = DrawProblem::ClassTwice {
                    class: row.class_written.clone(),
                    other: first.class_cell,
                };
                report.error(at, problem);
            }
            None => {
                rows.insert(key.number, row);
            }
        }
    }
    for class in (1..=check.classes).filter(|c| !rows.contains_key(c)) {
        let problem = DrawProblem::ClassMissing {
            class: class_label(check, class),
        };
        report.error(Location::sheet(&form.file, &form.sheet), problem);
    }
    rows
}

/// The group each class drew; reports invalid numbers, groups drawn twice (at both cells)
/// and groups never drawn.
fn drawn_groups(
    form: &DrawForm,
    check: &DrawCheck,
    rows: &BTreeMap<u32, &FormRow>,
    report: &mut Report,
) -> BTreeMap<u32, u32> {
    let mut groups = BTreeMap::new();
    let mut drawn_by: BTreeMap<u32, Vec<&FormRow>> = BTreeMap::new();
    for (&class, row) in rows {
        match parse_group_number(&row.group, check.classes) {
            Ok(group) => {
                groups.insert(class, group);
                drawn_by.entry(group).or_default().push(row);
            }
            Err(fault) => {
                let problem = DrawProblem::GroupInvalid {
                    class: row.class_written.clone(),
                    written: row.group.display(),
                    fault,
                    groups: check.classes,
                };
                report.error(form.location(row.group_cell), problem);
            }
        }
    }
    for (&group, rows) in drawn_by.iter().filter(|(_, rows)| rows.len() > 1) {
        report_twice(form, group, rows, report);
    }
    // A group missing because its class's number is unreadable is still named, so the
    // clerk sees which envelope number to look for.
    for group in (1..=check.classes).filter(|g| !drawn_by.contains_key(g)) {
        let problem = DrawProblem::GroupNeverDrawn { group };
        report.error(Location::sheet(&form.file, &form.sheet), problem);
    }
    groups
}

/// Reports a group drawn by several classes at each of their cells, naming the others.
fn report_twice(form: &DrawForm, group: u32, rows: &[&FormRow], report: &mut Report) {
    for (index, row) in rows.iter().enumerate() {
        let others = rows
            .iter()
            .enumerate()
            .filter(|(other, _)| *other != index)
            .map(|(_, other)| (other.class_written.clone(), other.group_cell))
            .collect();
        let problem = DrawProblem::GroupTwice {
            class: row.class_written.clone(),
            group,
            others,
        };
        report.error(form.location(row.group_cell), problem);
    }
}

/// The draw date: `--date`, else the form's date, else `today` with a notice.
fn draw_date(form: &DrawForm, check: &DrawCheck, report: &mut Report) -> Option<NaiveDate> {
    let typed = form.date.as_ref().and_then(|(cell, value)| {
        let outcome = read_date(value);
        match outcome {
            DateRead::Date(date) => Some((*cell, date)),
            DateRead::Blank => None,
            DateRead::Invalid => {
                // With --date given, the option decides and an unreadable cell does not stop
                // the merge; it is still worth a warning.
                let problem = DrawProblem::DateUnreadable {
                    written: value.display(),
                };
                if check.date.is_some() {
                    report.warning(form.location(*cell), problem);
                } else {
                    report.error(form.location(*cell), problem);
                }
                None
            }
        }
    });
    match (check.date, typed) {
        (Some(option), Some((cell, date))) if date != option => {
            let problem = DrawProblem::DateDiffers { form: date, option };
            report.warning(form.location(cell), problem);
            Some(option)
        }
        (Some(option), _) => Some(option),
        (None, Some((_, date))) => Some(date),
        (None, None) if form.date.as_ref().is_some_and(|(_, v)| is_invalid(v)) => None,
        (None, None) => {
            let problem = DrawProblem::DateMissing { used: check.today };
            let at = match &form.date {
                Some((cell, _)) => form.location(*cell),
                None => Location::sheet(&form.file, &form.sheet),
            };
            report.notice(at, problem);
            Some(check.today)
        }
    }
}

enum DateRead {
    Date(NaiveDate),
    Blank,
    Invalid,
}

/// Reads the date cell, which is printed as `______年____月____日` to be filled in: the
/// underscores are dropped, and what is left of the template counts as blank.
fn read_date(value: &Value) -> DateRead {
    let value = match value {
        Value::Text(text) => {
            let filled: String = text.chars().filter(|c| *c != '_').collect();
            let words_only = filled
                .chars()
                .all(|c| crate::read::grid::is_blank_char(c) || "年月日号".contains(c));
            if words_only {
                return DateRead::Blank;
            }
            Value::Text(filled)
        }
        other => other.clone(),
    };
    match parse_date(&value) {
        DateOutcome::Date { date, .. } => DateRead::Date(date),
        DateOutcome::Blank => DateRead::Blank,
        DateOutcome::Invalid { .. } => DateRead::Invalid,
    }
}

fn is_invalid(value: &Value) -> bool {
    matches!(read_date(value), DateRead::Invalid)
}

/// Compares each head teacher typed on the form with the teacher sheet's.
fn check_head_teachers(
    form: &DrawForm,
    check: &DrawCheck,
    rows: &BTreeMap<u32, &FormRow>,
    report: &mut Report,
) {
    let Some(teams) = check.teams else {
        return;
    };
    for (&class, row) in rows {
        let Some((cell, typed)) = &row.head_teacher else {
            continue;
        };
        let sheet = teams.class(class).and_then(|t| t.head_teacher.clone());
        if sheet.as_deref() != Some(typed.as_str()) {
            let problem = DrawProblem::HeadTeacherMismatch {
                class: row.class_written.clone(),
                form: typed.clone(),
                sheet: sheet.unwrap_or_default(),
            };
            report.error(form.location(*cell), problem);
        }
    }
}
