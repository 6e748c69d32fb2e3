//! Comparing each group's recomputed seal with the sealed ones, and naming what changed as
//! far as the seals allow: a student moved or swapped between groups is found by trying the
//! moves back, a deleted row by the gap it leaves in the 组内序号 numbering, a repeated
//! student by comparing rows.

use std::collections::{BTreeMap, BTreeSet};

use super::{GroupLists, ListProblem};
use crate::diag::{Location, Report};
use crate::fingerprint::{Fingerprint, canonical_line, seal_of_lines};

/// Searching for moves costs one seal per candidate, and swaps one per pair of students, so
/// the searches run only when few groups differ; with more, every group is reported as
/// changed and the confirmed roster names the cells.
const MOVE_SEARCH_GROUPS: usize = 8;
const SWAP_SEARCH_GROUPS: usize = 4;

/// The result of the seal comparison.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SealCheck {
    /// Groups whose students no longer give the sealed seal.
    pub changed: Vec<u32>,
}

/// Checks every group's sheet against the sealed seals and reports each difference.
///
/// `explain` searches for moved students and numbering gaps; the caller turns it off when
/// the confirmed roster names the differences exactly.
pub fn check_seals(lists: &GroupLists, explain: bool, report: &mut Report) -> SealCheck {
    let groups = lists.group_count();
    check_sheets(lists, groups, report);
    check_printed_seals(lists, report);
    let changed = changed_groups(lists, groups, report);
    report_repeated_students(lists, report);
    if explain && !changed.is_empty() {
        let explained = explain_moves(lists, &changed, report);
        for &group in changed.iter().filter(|g| !explained.contains(g)) {
            report_unexplained(lists, group, report);
        }
        report.notice(Location::file(&lists.file), ListProblem::RosterNeeded);
    }
    SealCheck { changed }
}

/// Every group 1..N has exactly one sheet, and no sheet lists another number.
fn check_sheets(lists: &GroupLists, groups: u32, report: &mut Report) {
    let mut seen: BTreeMap<u32, &str> = BTreeMap::new();
    for sheet in &lists.sheets {
        let at = Location::sheet(&lists.file, &sheet.sheet);
        if sheet.number == 0 || sheet.number > groups {
            let problem = ListProblem::GroupSheetUnexpected {
                group: sheet.number,
                groups,
            };
            report.error(at, problem);
        } else if let Some(other) = seen.get(&sheet.number) {
            let problem = ListProblem::GroupSheetTwice {
                group: sheet.number,
                other_sheet: other.to_string(),
            };
            report.error(at, problem);
        } else {
            seen.insert(sheet.number, &sheet.sheet);
        }
    }
    for group in (1..=groups).filter(|g| !seen.contains_key(g)) {
        report.error(
            Location::file(&lists.file),
            ListProblem::GroupSheetMissing { group },
        );
    }
}

/// The seal printed on each sheet and on 汇总 must be the recorded one.
fn check_printed_seals(lists: &GroupLists, report: &mut Report) {
    for sheet in &lists.sheets {
        let Some(sealed) = lists.sealed_seal(sheet.number) else {
            continue;
        };
        if let Some(printed) = sheet.printed_seal.filter(|p| *p != sealed) {
            let problem = ListProblem::PrintedSealDiffers {
                group: sheet.number,
                printed,
                sealed,
            };
            report.error(Location::sheet(&lists.file, &sheet.sheet), problem);
        }
    }
    for (&group, &summary) in &lists.summary.seals {
        let Some(recorded) = lists.recorded_seal(group) else {
            continue;
        };
        if summary != recorded {
            let problem = ListProblem::SummarySealDiffers {
                group,
                summary,
                recorded,
            };
            let sheet = crate::messages::labels::SUMMARY_SHEET;
            report.error(Location::sheet(&lists.file, sheet), problem);
        }
    }
}

/// Recomputes each group's seal; reports and returns the groups that differ.
fn changed_groups(lists: &GroupLists, groups: u32, report: &mut Report) -> Vec<u32> {
    let mut changed = Vec::new();
    for sheet in lists
        .sheets
        .iter()
        .filter(|s| s.number >= 1 && s.number <= groups)
    {
        let Some(sealed) = lists.sealed_seal(sheet.number) else {
            continue;
        };
        let now = crate::fingerprint::group_seal(sheet.number, &lists.members(sheet.number));
        if now != sealed {
            let problem = ListProblem::SealMismatch {
                group: sheet.number,
                sealed,
                now,
            };
            report.error(Location::sheet(&lists.file, &sheet.sheet), problem);
            changed.push(sheet.number);
        }
    }
    changed
}

/// Reports every row whose student (same canonical line, or same ID number) is already on
/// an earlier row.
fn report_repeated_students(lists: &GroupLists, report: &mut Report) {
    let mut first: BTreeMap<String, usize> = BTreeMap::new();
    for (index, student) in lists.roster.students.iter().enumerate() {
        let id = student.id.display();
        let key = if id.is_empty() {
            canonical_line(student)
        } else {
            format!("ID:{id}")
        };
        match first.get(&key) {
            Some(&earlier) => {
                let other = &lists.roster.students[earlier];
                let problem = ListProblem::StudentTwice {
                    name: student.name.clone(),
                    other_sheet: other.origin.sheet.clone(),
                    other_row: other.origin.row,
                };
                report.error(row_location(lists, index), problem);
            }
            None => {
                first.insert(key, index);
            }
        }
    }
}

pub(super) fn row_location(lists: &GroupLists, student: usize) -> Location {
    let origin = &lists.roster.students[student].origin;
    match lists.cell_of(student, crate::table::Field::Name) {
        Some(cell) => Location::cell(&lists.file, &origin.sheet, cell),
        None => Location::row(&lists.file, &origin.sheet, origin.row),
    }
}

/// The canonical lines of each changed group, by student index.
struct Lines<'a> {
    lists: &'a GroupLists,
    by_group: BTreeMap<u32, Vec<(usize, String)>>,
}

impl Lines<'_> {
    fn of(&self, group: u32) -> &[(usize, String)] {
        self.by_group.get(&group).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The seal of a group with one of its students left out and one student added.
    fn seal_with(&self, group: u32, without: Option<usize>, with: Option<&str>) -> Fingerprint {
        let mut lines: Vec<&str> = self
            .of(group)
            .iter()
            .filter(|(i, _)| Some(*i) != without)
            .map(|(_, l)| l.as_str())
            .collect();
        lines.extend(with);
        seal_of_lines(group, lines)
    }

    fn sealed(&self, group: u32) -> Option<Fingerprint> {
        self.lists.sealed_seal(group)
    }
}

/// Tries moving single students between the changed groups, and swapping pairs, until
/// both groups' seals match again. Reports each move found and returns the groups it
/// explains.
fn explain_moves(lists: &GroupLists, changed: &[u32], report: &mut Report) -> BTreeSet<u32> {
    let mut explained = BTreeSet::new();
    if changed.len() > MOVE_SEARCH_GROUPS {
        return explained;
    }
    let lines = Lines {
        lists,
        by_group: changed
            .iter()
            .map(|&g| {
                let sheet = lists.sheet_of(g);
                let members = sheet.map(|s| s.members.clone()).unwrap_or_default();
                let lines = members
                    .into_iter()
                    .map(|i| (i, canonical_line(&lists.roster.students[i])))
                    .collect();
                (g, lines)
            })
            .collect(),
    };
    for &from in changed {
        for &to in changed.iter().filter(|&&g| g != from) {
            for (student, line) in lines.of(to) {
                let back_in_from = lines.seal_with(from, None, Some(line));
                let out_of_to = lines.seal_with(to, Some(*student), None);
                if Some(back_in_from) == lines.sealed(from) && Some(out_of_to) == lines.sealed(to) {
                    report_move(lists, *student, from, to, report);
                    explained.extend([from, to]);
                }
            }
        }
    }
    if changed.len() <= SWAP_SEARCH_GROUPS {
        explain_swaps(&lines, changed, &mut explained, report);
    }
    explained
}

/// Finds pairs of students swapped between two changed groups.
fn explain_swaps(
    lines: &Lines,
    changed: &[u32],
    explained: &mut BTreeSet<u32>,
    report: &mut Report,
) {
    for (n, &a) in changed.iter().enumerate() {
        for &b in &changed[n + 1..] {
            if explained.contains(&a) || explained.contains(&b) {
                continue;
            }
            for (in_a, line_a) in lines.of(a) {
                for (in_b, line_b) in lines.of(b) {
                    let a_fixed = lines.seal_with(a, Some(*in_a), Some(line_b));
                    if Some(a_fixed) != lines.sealed(a) {
                        continue;
                    }
                    let b_fixed = lines.seal_with(b, Some(*in_b), Some(line_a));
                    if Some(b_fixed) == lines.sealed(b) {
                        report_move(lines.lists, *in_a, b, a, report);
                        report_move(lines.lists, *in_b, a, b, report);
                        explained.extend([a, b]);
                    }
                }
            }
        }
    }
}

fn report_move(
    lists: &GroupLists,
    student: usize,
    sealed_group: u32,
    group: u32,
    report: &mut Report,
) {
    let problem = ListProblem::StudentMoved {
        name: lists.roster.students[student].name.clone(),
        sealed_group,
        group,
    };
    report.error(row_location(lists, student), problem);
}

/// Names what the numbering shows about a changed group: gaps in 组内序号 are deleted rows,
/// and rows without a number or with a repeated one are added rows. Then reports the
/// change with the sealed and current sizes.
fn report_unexplained(lists: &GroupLists, group: u32, report: &mut Report) {
    let Some(sheet) = lists.sheet_of(group) else {
        return;
    };
    let mut seen = BTreeSet::new();
    for &index in &sheet.members {
        let seq = lists.entries.get(index).and_then(|e| e.seq);
        if !seq.is_some_and(|s| seen.insert(s)) {
            let problem = ListProblem::RowAdded {
                group,
                name: lists.roster.students[index].name.clone(),
            };
            report.error(row_location(lists, index), problem);
        }
    }
    let highest = seen.iter().max().copied().unwrap_or(0);
    let sealed_size = lists.recorded_size(group);
    let last = highest.max(sealed_size.unwrap_or(0) as u32);
    for seq in (1..=last).filter(|s| !seen.contains(s)) {
        let at = Location::sheet(&lists.file, &sheet.sheet);
        report.error(at, ListProblem::SeqMissing { group, seq });
    }
    let problem = ListProblem::ContentChanged {
        group,
        sealed_size,
        size: sheet.members.len(),
    };
    report.error(Location::sheet(&lists.file, &sheet.sheet), problem);
}
