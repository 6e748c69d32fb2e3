//! Duplicates and namesakes.
//!
//! Students are identified by their normalised ID number. The same ID twice with the same
//! data is one student entered twice: the later rows are left out with a warning. The same
//! ID with different data is an error that must be fixed before grouping. Different students
//! with the same name are both kept and given a mark that tells them apart on every list.
//! Rows already reported as perhaps one student are not called different students as well.

use std::collections::{BTreeMap, BTreeSet};

use super::{Origin, Roster, RosterProblem, Student, StudentId};
use crate::diag::{Location, Report};
use crate::fingerprint::canonical_line;
use crate::table::Field;

/// Pairs of rows reported as perhaps the same student, each pair in row order.
type SuspectPairs = BTreeSet<(Origin, Origin)>;

fn pair(a: &Origin, b: &Origin) -> (Origin, Origin) {
    if a <= b {
        (a.clone(), b.clone())
    } else {
        (b.clone(), a.clone())
    }
}

/// Removes repeated rows, reports conflicting IDs and marks namesakes.
pub fn resolve(roster: &mut Roster, report: &mut Report) {
    let mut suspects = SuspectPairs::new();
    let repeated = find_repeats(roster, report, &mut suspects);
    let mut index = 0;
    roster.students.retain(|_| {
        index += 1;
        !repeated.contains(&(index - 1))
    });
    flag_possible_duplicates(roster, report, &mut suspects);
    mark_namesakes(roster, report, &suspects);
}

/// The identity of a student: the document number, or for students without one all the
/// data the fingerprint covers.
fn identity(student: &Student) -> String {
    match &student.id {
        StudentId::Resident(id) => format!("ID:{id}"),
        StudentId::Other { kind, number } => format!("DOC:{kind}:{number}"),
        StudentId::Missing => format!("ROW:{}", canonical_line(student)),
    }
}

/// Everything a duplicate must repeat to count as the same entry twice (all but 序号).
fn same_data(a: &Student, b: &Student) -> bool {
    canonical_line(a) == canonical_line(b) && a.fields == b.fields && a.extras == b.extras
}

/// Reports repeated identities and returns the indices of exact repeats to drop.
fn find_repeats(roster: &Roster, report: &mut Report, suspects: &mut SuspectPairs) -> Vec<usize> {
    let mut by_identity: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, student) in roster.students.iter().enumerate() {
        by_identity.entry(identity(student)).or_default().push(i);
    }
    let mut drop = Vec::new();
    for indices in by_identity.values().filter(|v| v.len() > 1) {
        let first = &roster.students[indices[0]];
        for &i in &indices[1..] {
            let student = &roster.students[i];
            let at = row_location(roster, &student.origin);
            if same_data(first, student) {
                report.warning(
                    at,
                    RosterProblem::DuplicateRow {
                        kept: first.origin.clone(),
                    },
                );
                drop.push(i);
            } else {
                suspects.insert(pair(&first.origin, &student.origin));
                let id = student.id.display();
                report.error(
                    at,
                    RosterProblem::DuplicateId {
                        id,
                        other: first.origin.clone(),
                    },
                );
            }
        }
    }
    drop
}

/// Warns about students without an ID who have the name and birth date of another student,
/// once per pair of rows.
fn flag_possible_duplicates(roster: &Roster, report: &mut Report, suspects: &mut SuspectPairs) {
    for student in roster
        .students
        .iter()
        .filter(|s| s.id == StudentId::Missing)
    {
        let twin = roster.students.iter().find(|other| {
            !std::ptr::eq(*other, student)
                && other.name == student.name
                && other.birth.is_some()
                && other.birth == student.birth
        });
        if let Some(other) = twin
            && suspects.insert(pair(&student.origin, &other.origin))
        {
            let at = row_location(roster, &student.origin);
            report.warning(
                at,
                RosterProblem::PossibleDuplicate {
                    other: other.origin.clone(),
                },
            );
        }
    }
}

/// Gives namesakes a mark: the birth date when it tells them apart, else the last four
/// characters of the ID, else the roster row. The notice that they are different students
/// leaves out the rows reported as perhaps the same student. Those rows still get a mark,
/// because both stay on the lists until the clerk decides.
fn mark_namesakes(roster: &mut Roster, report: &mut Report, suspects: &SuspectPairs) {
    let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, student) in roster.students.iter().enumerate() {
        by_name.entry(student.name.clone()).or_default().push(i);
    }
    for indices in by_name.values().filter(|v| v.len() > 1) {
        let births: Vec<_> = indices.iter().map(|&i| roster.students[i].birth).collect();
        let births_differ = births.iter().all(Option::is_some)
            && births
                .iter()
                .collect::<std::collections::BTreeSet<_>>()
                .len()
                == births.len();
        for &i in indices {
            let mark = namesake_mark(&roster.students[i], births_differ);
            roster.students[i].namesake_mark = Some(mark.clone());
            let origin = &roster.students[i].origin;
            let others: Vec<Origin> = indices
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| roster.students[j].origin.clone())
                .filter(|other| !suspects.contains(&pair(origin, other)))
                .collect();
            if others.is_empty() {
                continue;
            }
            let name = roster.students[i].name.clone();
            let at =
                crate::roster::cell_of(&roster.layouts, &roster.students[i].origin, Field::Name)
                    .map(|cell| {
                        Location::cell(&roster.file, &roster.students[i].origin.sheet, cell)
                    })
                    .unwrap_or_else(|| row_location(roster, &roster.students[i].origin));
            report.notice(at, RosterProblem::Namesake { name, others, mark });
        }
    }
}

fn namesake_mark(student: &Student, births_differ: bool) -> String {
    if births_differ && let Some(birth) = student.birth {
        return crate::messages::roster::namesake_birth_mark(birth);
    }
    let id = student.id.display();
    if id.chars().count() >= 4 {
        let tail: String = id
            .chars()
            .rev()
            .take(4)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        return crate::messages::roster::namesake_id_mark(&tail);
    }
    crate::messages::roster::namesake_row_mark(student.origin.row + 1)
}

fn row_location(roster: &Roster, origin: &Origin) -> Location {
    Location::row(&roster.file, &origin.sheet, origin.row)
}
