//! Reading 分组名单.xlsx: the group sheets as a roster, the seal printed on each, the facts
//! and seals on 汇总, and 运行记录.json beside the workbook.

use std::collections::BTreeMap;
use std::path::Path;

use super::{Entry, GroupLists, GroupSheet, ListProblem, SummaryFacts};
use crate::diag::{Location, Report, Severity};
use crate::error::{Error, Result, TableKind};
use crate::fingerprint::Fingerprint;
use crate::messages::labels;
use crate::read::{Sheet, Value};
use crate::roster::{ROSTER_SPEC, RosterOptions, Student};
use crate::table::{self, Field, Table};
use crate::write::record;

/// Reads the group lists at `path`, and the run record beside them.
///
/// Only errors of the roster stage are kept in `report` (an ID number edited into an invalid
/// one, say). Its notices and warnings were shown when the roster was grouped.
///
/// # Errors
///
/// Fails when the file cannot be read or has no group sheet.
pub fn read_lists(
    path: &Path,
    today: chrono::NaiveDate,
    report: &mut Report,
) -> Result<GroupLists> {
    let book = crate::read::open(path, report)?;
    let mut stage = Report::new();
    let mut tables = table::find_tables(&book, &ROSTER_SPEC, &mut stage);
    if tables.is_empty() {
        return Err(Error::NoHeader {
            file: book.file_name.clone(),
            sheets: book.sheets.iter().map(|s| s.name.clone()).collect(),
            expected: TableKind::ClassList,
        });
    }
    for table in &mut tables {
        drop_end_line(table);
    }
    // Missing ID numbers were allowed or not when the roster was grouped; here they only
    // have to be as sealed.
    let options = RosterOptions {
        allow_missing_id: true,
        today,
        ..RosterOptions::default()
    };
    let mut roster =
        crate::roster::students_from_tables(&book.file_name, &tables, &options, &mut stage);
    for problem in stage.problems {
        if problem.severity == Severity::Error {
            report.problems.push(problem);
        }
    }
    let entries = take_list_columns(&mut roster);
    let sheets = group_sheets(&tables, &roster.students);
    let summary = book
        .sheets
        .iter()
        .find(|s| s.name == labels::SUMMARY_SHEET)
        .map(read_summary)
        .unwrap_or_default();
    let (record, same_bytes) = load_record(path);
    if record.is_none() {
        let problem = ListProblem::NoRecord {
            file: labels::FILE_RECORD.to_string(),
        };
        report.warning(Location::file(&book.file_name), problem);
    } else if !same_bytes {
        report.notice(Location::file(&book.file_name), ListProblem::FileSavedAgain);
    }
    let entries = entries
        .into_iter()
        .zip(&roster.students)
        .map(|(mut entry, student)| {
            entry.group = sheets
                .iter()
                .find(|s| s.sheet == student.origin.sheet)
                .map_or(0, |s| s.number);
            entry
        })
        .collect();
    Ok(GroupLists {
        file: book.file_name.clone(),
        roster,
        entries,
        sheets,
        summary,
        record,
        same_bytes,
    })
}

/// Removes the list's last line (本组名单到此结束…). It spans the whole row, so once merged
/// cells are filled it looks like a student named after it.
fn drop_end_line(table: &mut Table) {
    let Some(name_col) = table.column(Field::Name).map(|c| c.col) else {
        return;
    };
    let seq_col = table.column(Field::Seq).map(|c| c.col);
    table.records.retain(|record| {
        let starts = |col: Option<u32>| {
            col.and_then(|c| record.value(c))
                .is_some_and(|v| v.display().trim().starts_with(labels::LIST_END_START))
        };
        !(starts(Some(name_col)) || starts(seq_col))
    });
}

/// Takes the 组内序号, 同名标记 and 原名单位置 columns out of the students' values: the first
/// two as the entry, the namesake mark back into the student.
fn take_list_columns(roster: &mut crate::roster::Roster) -> Vec<Entry> {
    let position = |header: &str| roster.extra_headers.iter().position(|h| h == header);
    let namesake = position(labels::NAMESAKE_MARK);
    let origin = position(labels::ORIGIN);
    let mut entries = Vec::with_capacity(roster.students.len());
    for student in &mut roster.students {
        let text = |i: Option<usize>| {
            i.and_then(|i| student.extras.get(i))
                .filter(|v| !v.is_empty())
                .cloned()
        };
        let roster_place = text(origin);
        student.namesake_mark = text(namesake);
        entries.push(Entry {
            group: 0,
            seq: seq_of(student),
            roster_place,
        });
    }
    let mut drop: Vec<usize> = [namesake, origin].into_iter().flatten().collect();
    drop.sort_unstable_by(|a, b| b.cmp(a));
    for index in drop {
        roster.extra_headers.remove(index);
        for student in &mut roster.students {
            if index < student.extras.len() {
                student.extras.remove(index);
            }
        }
    }
    entries
}

/// The 组内序号 of a student as a whole number.
fn seq_of(student: &Student) -> Option<u32> {
    let text = student.seq.as_deref()?;
    let number: f64 = text.trim().parse().ok()?;
    (number.fract() == 0.0 && number >= 1.0 && number < f64::from(u32::MAX))
        .then_some(number as u32)
}

/// One entry per sheet that has a group list, with its group number and printed seal.
fn group_sheets(tables: &[Table], students: &[Student]) -> Vec<GroupSheet> {
    tables
        .iter()
        .filter_map(|table| {
            let number = group_number(table)?;
            let members = students
                .iter()
                .enumerate()
                .filter(|(_, s)| s.origin.sheet == table.sheet)
                .map(|(i, _)| i)
                .collect();
            Some(GroupSheet {
                number,
                sheet: table.sheet.clone(),
                printed_seal: printed_seal(table),
                members,
            })
        })
        .collect()
}

/// The group number from the sheet's title (`分组名单　第7组`), else from its name.
fn group_number(table: &Table) -> Option<u32> {
    table
        .titles
        .iter()
        .filter(|t| t.starts_with(labels::GROUPS_TITLE))
        .chain(std::iter::once(&table.sheet))
        .find_map(|text| number_between(text, "第", "组"))
}

/// The whole number written between `start` and `end` in text (`第7组` gives 7).
fn number_between(text: &str, start: &str, end: &str) -> Option<u32> {
    let after = &text[text.find(start)? + start.len()..];
    let digits = &after[..after.find(end)?];
    digits.trim().parse().ok()
}

/// The seal printed in the line `本组校验码：XXXX …` above the table.
fn printed_seal(table: &Table) -> Option<Fingerprint> {
    table
        .titles
        .iter()
        .find_map(|title| seal_after_label(title))
}

fn seal_after_label(text: &str) -> Option<Fingerprint> {
    let rest = text.trim().strip_prefix(labels::GROUP_SEAL)?;
    let rest = rest.trim_start_matches(['：', ':', ' ']);
    Fingerprint::parse(rest)
}

/// Reads 汇总: the facts in label and value rows, and the full seal of each group from the
/// table under 组号 … 完整校验码.
fn read_summary(sheet: &Sheet) -> SummaryFacts {
    let rows = rows_of(sheet);
    let fact = |label: &str| {
        rows.values().find_map(|cells| {
            let first = cells.first()?;
            (first.1.trim() == label).then(|| cells.get(1).map(|c| c.1.clone()))?
        })
    };
    let fingerprint = |label: &str| fact(label).and_then(|t| Fingerprint::parse(&t));
    let school = fact(labels::SCHOOL).filter(|s| s.trim() != labels::BLANK);
    let grade = fact(labels::GRADE).filter(|s| s.trim() != labels::BLANK);
    SummaryFacts {
        seals: summary_seals(&rows),
        school: school.map(|s| s.trim().to_string()),
        grade,
        seed: fact(labels::SEED).map(|t| computed_seed(&t)),
        roster: fingerprint(labels::ROSTER_FINGERPRINT),
        grouping: fingerprint(labels::GROUPING_FINGERPRINT),
    }
}

/// The non-blank cells of each row as (column, text), in column order.
fn rows_of(sheet: &Sheet) -> BTreeMap<u32, Vec<(u32, String)>> {
    let mut rows: BTreeMap<u32, Vec<(u32, String)>> = BTreeMap::new();
    for cell in sheet.cells.iter().filter(|c| !c.value.is_blank()) {
        let text = match &cell.value {
            Value::Number(n) => crate::read::grid::format_number(*n),
            other => other.display(),
        };
        rows.entry(cell.at.row)
            .or_default()
            .push((cell.at.col, text));
    }
    rows
}

fn summary_seals(rows: &BTreeMap<u32, Vec<(u32, String)>>) -> BTreeMap<u32, Fingerprint> {
    let mut seals = BTreeMap::new();
    let header = rows.iter().find(|(_, cells)| {
        cells
            .first()
            .is_some_and(|c| c.1.trim() == labels::GROUP_NUMBER)
            && cells.iter().any(|c| c.1.trim() == labels::SEAL_FULL)
    });
    let Some((&header_row, cells)) = header else {
        return seals;
    };
    let Some(seal_col) = cells
        .iter()
        .find(|c| c.1.trim() == labels::SEAL_FULL)
        .map(|c| c.0)
    else {
        return seals;
    };
    for cells in rows.range(header_row + 1..).map(|(_, c)| c) {
        let number = cells.first().and_then(|c| c.1.trim().parse::<u32>().ok());
        let seal = cells
            .iter()
            .find(|c| c.0 == seal_col)
            .and_then(|c| Fingerprint::parse(&c.1));
        if let (Some(number), Some(seal)) = (number, seal) {
            seals.insert(number, seal);
        }
    }
    seals
}

/// The seed the tool computed with, from the printed `3 5 1 6（按 3516 计算）` or `3516`.
pub(crate) fn computed_seed(printed: &str) -> String {
    let marker = "（按 ";
    match printed.find(marker) {
        Some(start) => {
            let rest = &printed[start + marker.len()..];
            rest.split(" 计算").next().unwrap_or(rest).to_string()
        }
        None => printed.trim().to_string(),
    }
}

/// Loads 运行记录.json beside the workbook, and tells whether the workbook's bytes are the
/// recorded ones.
fn load_record(path: &Path) -> (Option<record::RunRecord>, bool) {
    let folder = path.parent().unwrap_or(Path::new("."));
    let Some(run) = record::load(&folder.join(labels::FILE_RECORD)) else {
        return (None, false);
    };
    let name = crate::read::file_name(path);
    let recorded = run
        .outputs
        .iter()
        .find(|o| o.file == name)
        .map(|o| o.sha256.clone());
    let actual = std::fs::read(path).ok().map(|b| Fingerprint::of(&b).hex());
    let same = recorded.is_some() && recorded == actual;
    (Some(run), same)
}
