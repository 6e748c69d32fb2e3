//! Checking 信封封面.xlsx: one cover per group, each with its number, counts, seal, roster
//! fingerprint and seed as recomputed, and no line the tool does not print.

use std::collections::BTreeMap;
use std::path::Path;

use super::{Expected, Item, Subject, VerifyProblem};
use crate::archive::cover::Cover;
use crate::archive::draw::{number_between, parse_counts};
use crate::diag::{CellRef, Location, Report};
use crate::fingerprint::Fingerprint;
use crate::messages::labels;

/// A row of the covers sheet, by what it prints.
#[derive(Debug, Clone, PartialEq)]
enum Line {
    School(String),
    Heading,
    Number(u32),
    Counts(Option<(usize, usize, usize)>),
    Fact(&'static str, String),
    Earlier,
    SignHeader,
    Role(&'static str),
    Reminder,
    Note,
    Unknown(String),
}

/// The labels of the facts table on each cover.
const FACTS: [&str; 5] = [
    labels::GROUP_SEAL,
    labels::ROSTER_FINGERPRINT,
    labels::SEED,
    labels::RUN_DATE,
    labels::ALGORITHM,
];
const ROLES: [&str; 2] = [labels::ROLE_ALLOCATION, labels::ROLE_INSPECTOR];

/// One cover: its group number and its rows with their cells.
struct Envelope {
    group: u32,
    lines: Vec<(CellRef, Line)>,
}

/// Checks the covers against the recomputed groups.
///
/// # Errors
///
/// Fails when the file cannot be read.
pub fn check_envelopes(
    path: &Path,
    expected: &Expected,
    report: &mut Report,
) -> crate::error::Result<()> {
    let book = crate::read::open(path, report)?;
    let file = book.file_name.clone();
    let Some(sheet) = book
        .sheets
        .iter()
        .find(|s| s.name == labels::ENVELOPE_SHEET)
        .or_else(|| book.sheets.first())
    else {
        report.error(
            Location::file(&file),
            VerifyProblem::PartMissing {
                subject: Subject::File,
            },
        );
        return Ok(());
    };
    let cover = Cover::read(sheet);
    let at = |cell: CellRef| Location::cell(&file, &sheet.name, cell);
    let envelopes = split(&cover, expected, report, &at);
    let mut seen: BTreeMap<u32, usize> = BTreeMap::new();
    for envelope in &envelopes {
        let first = envelope.lines.first().map_or(CellRef::new(0, 0), |l| l.0);
        let subject = Subject::Envelope(envelope.group);
        if expected.group(envelope.group).is_none() || seen.contains_key(&envelope.group) {
            let twice = seen.contains_key(&envelope.group);
            report.error(at(first), VerifyProblem::PartUnexpected { subject, twice });
            continue;
        }
        seen.insert(envelope.group, 1);
        check_envelope(envelope, expected, report, &at);
    }
    for group in (1..=expected.classes).filter(|g| !seen.contains_key(g)) {
        let subject = Subject::Envelope(group);
        report.error(
            Location::sheet(&file, &sheet.name),
            VerifyProblem::PartMissing { subject },
        );
    }
    Ok(())
}

/// Sorts the rows into covers: each cover starts at its school and heading rows, which
/// stand above its group number.
fn split(
    cover: &Cover,
    expected: &Expected,
    report: &mut Report,
    at: &dyn Fn(CellRef) -> Location,
) -> Vec<Envelope> {
    let rows: Vec<(CellRef, Line)> = classify(cover, expected);
    let mut envelopes: Vec<Envelope> = Vec::new();
    let mut pending: Vec<(CellRef, Line)> = Vec::new();
    for (cell, line) in rows {
        match line {
            Line::School(_) | Line::Heading => pending.push((cell, line)),
            Line::Number(group) => {
                let mut lines = std::mem::take(&mut pending);
                lines.push((cell, Line::Number(group)));
                envelopes.push(Envelope { group, lines });
            }
            other => {
                let mut rows = std::mem::take(&mut pending);
                rows.push((cell, other));
                match envelopes.last_mut() {
                    Some(envelope) => envelope.lines.extend(rows),
                    None => {
                        for (cell, line) in rows {
                            let text = line_text(&line);
                            let subject = Subject::File;
                            report.error(at(cell), VerifyProblem::RowUnexpected { subject, text });
                        }
                    }
                }
            }
        }
    }
    if let Some(envelope) = envelopes.last_mut() {
        envelope.lines.extend(pending);
    }
    envelopes
}

/// Names each non-empty row.
fn classify(cover: &Cover, expected: &Expected) -> Vec<(CellRef, Line)> {
    let rows: Vec<(u32, &Vec<(u32, String)>)> = cover.rows.iter().map(|(r, c)| (*r, c)).collect();
    let school = labels::school_or_blank(&expected.school);
    let mut lines = Vec::with_capacity(rows.len());
    for (index, (row, cells)) in rows.iter().enumerate() {
        let cell = CellRef::new(*row, cells[0].0);
        let texts: Vec<&str> = cells.iter().map(|(_, t)| t.trim()).collect();
        let next_is_heading = rows
            .get(index + 1)
            .is_some_and(|(_, c)| c.len() == 1 && c[0].1.trim().ends_with(labels::ENVELOPE_TITLE));
        let line = match texts.as_slice() {
            [text] if text.ends_with(labels::ENVELOPE_TITLE) => Line::Heading,
            [text] if next_is_heading || *text == school => Line::School(text.to_string()),
            [text] if group_number(text).is_some() => Line::Number(group_number(text).unwrap_or(0)),
            [text] if text.starts_with(labels::HEADCOUNT) => Line::Counts(parse_counts(text)),
            [text] if text.starts_with("注意：同一名单此前已分组") => Line::Earlier,
            [text] if *text == labels::ENVELOPE_SEAL_REMINDER => Line::Reminder,
            [text] if *text == labels::ENVELOPE_NO_NAMES => Line::Note,
            [text] => match ROLES.iter().find(|r| *r == text) {
                Some(role) => Line::Role(role),
                None => Line::Unknown(text.to_string()),
            },
            [label, value] => match FACTS.iter().find(|f| *f == label) {
                Some(fact) => Line::Fact(fact, value.to_string()),
                None => Line::Unknown(texts.join(" ")),
            },
            [a, b, c] if [*a, *b, *c] == [labels::SIGNER, labels::SIGNATURE, labels::DATE] => {
                Line::SignHeader
            }
            _ => Line::Unknown(texts.join(" ")),
        };
        lines.push((cell, line));
    }
    lines
}

/// Reads the group number of a `第 7 组` row.
fn group_number(text: &str) -> Option<u32> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if !compact.starts_with('第') || !compact.ends_with('组') {
        return None;
    }
    number_between(&compact, "第", "组")
}

fn line_text(line: &Line) -> String {
    match line {
        Line::Unknown(text) => text.clone(),
        Line::Fact(label, value) => format!("{label} {value}"),
        other => format!("{other:?}"),
    }
}

/// Returns the item that names a line a cover must have exactly once, or `None` for the
/// group number, the re-run line and unknown rows, which are handled apart.
fn required(line: &Line) -> Option<Item> {
    match line {
        Line::School(_) => Some(Item::School),
        Line::Heading => Some(Item::Heading),
        Line::Counts(_) => Some(Item::Size),
        Line::Fact(label, _) => Some(fact_item(label)),
        Line::SignHeader => Some(Item::Printed(labels::SIGNER)),
        Line::Role(role) => Some(Item::Printed(role)),
        Line::Reminder => Some(Item::Printed(labels::ENVELOPE_SEAL_REMINDER)),
        Line::Note => Some(Item::Printed(labels::ENVELOPE_NO_NAMES)),
        _ => None,
    }
}

fn fact_item(label: &str) -> Item {
    match label {
        labels::GROUP_SEAL => Item::Seal,
        labels::ROSTER_FINGERPRINT => Item::RosterFingerprint,
        labels::SEED => Item::Seed,
        labels::RUN_DATE => Item::RunDate,
        _ => Item::Algorithm,
    }
}

fn check_envelope(
    envelope: &Envelope,
    expected: &Expected,
    report: &mut Report,
    at: &dyn Fn(CellRef) -> Location,
) {
    let subject = Subject::Envelope(envelope.group);
    let first = envelope.lines.first().map_or(CellRef::new(0, 0), |l| l.0);
    let mut wanted: Vec<Item> = vec![
        Item::School,
        Item::Heading,
        Item::Size,
        Item::Printed(labels::SIGNER),
        Item::Printed(labels::ENVELOPE_SEAL_REMINDER),
        Item::Printed(labels::ENVELOPE_NO_NAMES),
    ];
    wanted.extend(FACTS.iter().map(|f| fact_item(f)));
    wanted.extend(ROLES.iter().map(|r| Item::Printed(r)));
    for (cell, line) in &envelope.lines {
        match (line, required(line)) {
            (_, Some(item)) => match wanted.iter().position(|w| *w == item) {
                Some(index) => {
                    wanted.remove(index);
                    check_value(envelope.group, line, expected, report, at(*cell));
                }
                None => {
                    let text = line_text(line);
                    let subject = subject.clone();
                    report.error(at(*cell), VerifyProblem::RowUnexpected { subject, text });
                }
            },
            (Line::Unknown(text), None) => {
                let problem = VerifyProblem::RowUnexpected {
                    subject: subject.clone(),
                    text: text.clone(),
                };
                report.error(at(*cell), problem);
            }
            _ => {}
        }
    }
    for item in wanted {
        let subject = subject.clone();
        report.error(at(first), VerifyProblem::Missing { subject, item });
    }
}

/// Compares a cover's counts, seal, roster fingerprint and seed with the recomputation.
fn check_value(group: u32, line: &Line, expected: &Expected, report: &mut Report, at: Location) {
    let subject = Subject::Envelope(group);
    let members = expected.members(group);
    let (size, boys, girls) = super::counts(&members);
    let mut compare = |item: Item, found: String, wanted: String| {
        if found != wanted {
            let subject = subject.clone();
            let problem = VerifyProblem::Differs {
                subject,
                item,
                found,
                expected: wanted,
            };
            report.error(at.clone(), problem);
        }
    };
    match line {
        Line::Counts(Some((s, b, g))) => {
            compare(Item::Size, s.to_string(), size.to_string());
            compare(Item::Boys, b.to_string(), boys.to_string());
            compare(Item::Girls, g.to_string(), girls.to_string());
        }
        Line::Counts(None) => compare(Item::Size, String::new(), size.to_string()),
        Line::School(text) => compare(
            Item::School,
            text.clone(),
            labels::school_or_blank(&expected.school).to_string(),
        ),
        Line::Fact(label, value) => {
            let grouped =
                |f: Option<Fingerprint>| f.map(|f| f.grouped()).unwrap_or_else(|| value.clone());
            match *label {
                labels::GROUP_SEAL => {
                    let wanted = expected
                        .seal(group)
                        .map(|s| s.grouped())
                        .unwrap_or_default();
                    compare(Item::Seal, grouped(Fingerprint::parse(value)), wanted);
                }
                labels::ROSTER_FINGERPRINT => compare(
                    Item::RosterFingerprint,
                    grouped(Fingerprint::parse(value)),
                    expected.roster_fingerprint.grouped(),
                ),
                labels::SEED => compare(
                    Item::Seed,
                    crate::grouplist::computed_seed(value),
                    expected.seed.canonical.clone(),
                ),
                labels::ALGORITHM => compare(
                    Item::Algorithm,
                    value.clone(),
                    expected.grouping.algorithm.to_string(),
                ),
                _ => {}
            }
        }
        _ => {}
    }
}
