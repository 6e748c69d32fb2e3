//! Comparing the group lists with the groups recomputed from the confirmed roster, which
//! names every difference exactly: the cell of an edited value, a student moved between
//! groups, a row added or deleted.

use std::collections::{BTreeMap, BTreeSet};

use super::check::row_location;
use super::{GroupLists, ListProblem};
use crate::diag::{Location, Report};
use crate::fingerprint::{canonical_line, canonical_number};
use crate::group::Group;
use crate::messages::labels;
use crate::roster::{Roster, Student};
use crate::table::Field;

/// The groups as they must be: the confirmed roster grouped again with the recorded seed.
pub struct ExpectedGroups<'a> {
    pub roster: &'a Roster,
    pub groups: &'a [Group],
}

/// The fields of a student that its seal covers, as printed.
const SEALED_FIELDS: [Field; 7] = [
    Field::IdNumber,
    Field::Name,
    Field::Gender,
    Field::BirthDate,
    Field::StudentNo,
    Field::FromSchool,
    Field::Score,
];

/// Reports every difference between the lists and the expected groups; returns whether
/// there was any. Students listed twice are reported by the seal check already.
pub fn compare_with_roster(
    lists: &GroupLists,
    expected: &ExpectedGroups,
    report: &mut Report,
) -> bool {
    let before = report.problems.len();
    let sealed_group = sealed_groups(expected);
    let mut by_line: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for &i in sealed_group.keys() {
        let line = canonical_line(&expected.roster.students[i]);
        by_line.entry(line).or_default().push(i);
    }
    let mut used = BTreeSet::new();
    let mut leftover = Vec::new();
    for (index, student) in lists.roster.students.iter().enumerate() {
        let group = lists.entries[index].group;
        match by_line.get(&canonical_line(student)) {
            Some(candidates) => {
                let Some(&i) = candidates.iter().find(|i| !used.contains(*i)) else {
                    continue;
                };
                used.insert(i);
                report_if_moved(lists, index, sealed_group[&i], group, report);
            }
            None => leftover.push(index),
        }
    }
    let places = roster_places(expected.roster);
    for index in leftover {
        let group = lists.entries[index].group;
        match find_sealed(lists, index, expected, &places, &used) {
            Some(i) => {
                used.insert(i);
                report_edits(lists, index, &expected.roster.students[i], report);
                report_if_moved(lists, index, sealed_group[&i], group, report);
            }
            None => {
                let name = lists.roster.students[index].name.clone();
                report.error(
                    row_location(lists, index),
                    ListProblem::RowAdded { group, name },
                );
            }
        }
    }
    for (&i, &group) in sealed_group.iter().filter(|(i, _)| !used.contains(*i)) {
        let name = expected.roster.students[i].name.clone();
        let at = match lists.sheet_of(group) {
            Some(sheet) => Location::sheet(&lists.file, &sheet.sheet),
            None => Location::file(&lists.file),
        };
        report.error(at, ListProblem::RowDeleted { group, name });
    }
    report.problems.len() > before
}

/// The sealed group of each roster student, by index.
fn sealed_groups(expected: &ExpectedGroups) -> BTreeMap<usize, u32> {
    expected
        .groups
        .iter()
        .flat_map(|g| g.members.iter().map(move |&i| (i, g.number)))
        .collect()
}

fn report_if_moved(lists: &GroupLists, index: usize, sealed: u32, group: u32, report: &mut Report) {
    if sealed != group {
        let problem = ListProblem::StudentMoved {
            name: lists.roster.students[index].name.clone(),
            sealed_group: sealed,
            group,
        };
        report.error(row_location(lists, index), problem);
    }
}

/// Maps each roster student's place in the roster file to the student's index. A place is
/// written as the lists print it in 原名单位置 (`「名单」第7行`) and as earlier lists did (`名单!B7`).
fn roster_places(roster: &Roster) -> BTreeMap<String, usize> {
    let mut places = BTreeMap::new();
    for (i, student) in roster.students.iter().enumerate() {
        places.insert(earlier_roster_place(roster, student), i);
        places.insert(crate::messages::origin_text(&student.origin), i);
    }
    places
}

/// Formats a student's 原名单位置 as lists printed it before the form `「名单」第7行`.
fn earlier_roster_place(roster: &Roster, student: &Student) -> String {
    let cell = crate::roster::cell_of(&roster.layouts, &student.origin, Field::Name);
    labels::origin(
        &student.origin.sheet,
        cell.map(|c| c.to_string()),
        student.origin.row + 1,
    )
}

/// The roster student a changed row stands for: by its 原名单位置, else its ID number,
/// else its name when only one unmatched student has it.
fn find_sealed(
    lists: &GroupLists,
    index: usize,
    expected: &ExpectedGroups,
    places: &BTreeMap<String, usize>,
    used: &BTreeSet<usize>,
) -> Option<usize> {
    let student = &lists.roster.students[index];
    let free = |i: &usize| !used.contains(i);
    let by_place = lists.entries[index]
        .roster_place
        .as_ref()
        .and_then(|p| places.get(p))
        .copied()
        .filter(free);
    let students = &expected.roster.students;
    let id = student.id.display();
    let by_id = || {
        (0..students.len())
            .filter(free)
            .find(|&i| !id.is_empty() && students[i].id.display() == id)
    };
    let by_name = || {
        let mut same = (0..students.len())
            .filter(free)
            .filter(|&i| students[i].name == student.name);
        let first = same.next();
        first.filter(|_| same.next().is_none())
    };
    by_place.or_else(by_id).or_else(by_name)
}

/// Reports each sealed field whose printed value differs, at its cell.
fn report_edits(lists: &GroupLists, index: usize, sealed: &Student, report: &mut Report) {
    let student = &lists.roster.students[index];
    let group = lists.entries[index].group;
    for field in SEALED_FIELDS {
        let (was, now) = (field_text(sealed, field), field_text(student, field));
        if was == now {
            continue;
        }
        let at = match lists.cell_of(index, field) {
            Some(cell) => Location::cell(&lists.file, &student.origin.sheet, cell),
            None => row_location(lists, index),
        };
        let problem = ListProblem::CellEdited {
            group,
            name: sealed.name.clone(),
            field,
            sealed: was,
            now,
        };
        report.error(at, problem);
    }
}

/// A sealed field's value as printed on the lists.
fn field_text(student: &Student, field: Field) -> String {
    match field {
        Field::IdNumber => student.id.display(),
        Field::Name => student.name.clone(),
        Field::Gender => labels::gender(student.gender).to_string(),
        Field::BirthDate => student
            .birth
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        Field::StudentNo => student.student_no.clone().unwrap_or_default(),
        Field::FromSchool => student.from_school.clone().unwrap_or_default(),
        Field::Score => student.score.map(canonical_number).unwrap_or_default(),
        _ => String::new(),
    }
}
