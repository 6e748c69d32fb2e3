//! The audit after placement: a current class list against the archive and the late
//! records. After placement no student may change class, and none may be slipped in, so
//! every difference is listed: students in another class than placed, students without
//! any record, and placed students missing from the list.
//!
//! Students are matched by ID number, else by 学籍号, else by name and birth date, and as
//! a last resort by a name that only one student has on each side. Namesakes that nothing
//! else distinguishes are matched by name within their class, so a list without ID numbers
//! does not report every namesake as slipped in and missing. Each match records which.

pub mod current;

use std::collections::BTreeMap;

use crate::diag::Location;
use crate::roster::Student;

pub use current::{CurrentList, CurrentRow, read_current};

/// The key a row of the current list was matched to a placed student by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Basis {
    Id,
    StudentNo,
    NameAndBirth,
    /// The name is unique on both sides and nothing else could be compared.
    NameOnly,
    /// Namesakes: the name is unique within the class on both sides and nothing else could
    /// be compared. Namesakes who swapped classes cannot be distinguished this way.
    NameAndClass,
}

/// A student as placed: in the archive or by a late-enrolment record.
#[derive(Debug, Clone)]
pub struct Placed<'a> {
    pub student: &'a Student,
    pub class: u32,
    pub class_name: String,
    /// The file that placed the student (the archive or a late record).
    pub source: String,
    /// True when a late-enrolment record placed the student, false for the archive.
    pub late: bool,
    pub at: Location,
}

/// The findings of the comparison.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Audit {
    /// (row, placed, basis) of every match.
    pub matched: Vec<(usize, usize, Basis)>,
    /// Matches whose class differs: (row, placed, basis).
    pub moved: Vec<(usize, usize, Basis)>,
    /// Rows without a placed student, with a placed namesake when there is one.
    pub slipped_in: Vec<(usize, Option<usize>)>,
    /// Placed students on no row.
    pub missing: Vec<usize>,
    /// Rows of a student already on an earlier row: (row, earlier row).
    pub twice: Vec<(usize, usize)>,
}

impl Audit {
    /// The number of findings that need an explanation.
    pub fn findings(&self) -> usize {
        self.moved.len() + self.slipped_in.len() + self.missing.len() + self.twice.len()
    }

    pub fn count(&self, basis: Basis) -> usize {
        self.matched.iter().filter(|m| m.2 == basis).count()
    }
}

/// Problems and findings of the audit, with their place in the current list.
#[derive(Debug, Clone, PartialEq)]
pub enum AuditProblem {
    /// Warning: a row with data but no name was left out.
    RowWithoutName,
    /// Warning: a 班级 value that names no class; the row's class is not compared.
    ClassUnreadable { written: String },
    /// A student placed in one class is listed in another.
    Moved {
        name: String,
        id: String,
        placed: String,
        current: String,
        basis: Basis,
    },
    /// A student on the list without any placement record.
    SlippedIn {
        name: String,
        id: String,
        class: String,
        namesake: Option<String>,
    },
    /// A placed student not on the list.
    Missing {
        name: String,
        id: String,
        class: String,
        /// Placed by a late-enrolment record, not by the draw.
        late: bool,
    },
    /// The same student on a second row.
    Twice { name: String, other: Location },
    /// Notice: the list's grade differs from the archive's, so classes are compared by
    /// their numbers (the cohort has moved up a grade).
    GradeDiffers { list: String, archive: String },
}

/// Matches the rows to the placed students and collects the findings.
pub fn compare(placed: &[Placed], rows: &[CurrentRow]) -> Audit {
    let mut row_match: Vec<Option<(usize, Basis)>> = vec![None; rows.len()];
    let mut placed_row: Vec<Option<usize>> = vec![None; placed.len()];
    let mut audit = Audit::default();
    match_by(
        &mut audit,
        rows,
        placed,
        &mut row_match,
        &mut placed_row,
        Basis::Id,
    );
    match_by(
        &mut audit,
        rows,
        placed,
        &mut row_match,
        &mut placed_row,
        Basis::StudentNo,
    );
    match_by(
        &mut audit,
        rows,
        placed,
        &mut row_match,
        &mut placed_row,
        Basis::NameAndBirth,
    );
    match_unique_names(
        rows,
        placed,
        &mut row_match,
        &mut placed_row,
        Basis::NameOnly,
    );
    match_unique_names(
        rows,
        placed,
        &mut row_match,
        &mut placed_row,
        Basis::NameAndClass,
    );
    // A namesake matched within its class can leave one student of that name on each
    // side, who is then matched by name alone and shows up as moved.
    match_unique_names(
        rows,
        placed,
        &mut row_match,
        &mut placed_row,
        Basis::NameOnly,
    );
    for (row, found) in row_match.iter().enumerate() {
        let Some((index, basis)) = *found else {
            continue;
        };
        audit.matched.push((row, index, basis));
        let class = rows[row].class.map(|k| k.number);
        if class.is_some_and(|c| c != placed[index].class) {
            audit.moved.push((row, index, basis));
        }
    }
    let twice: Vec<usize> = audit.twice.iter().map(|t| t.0).collect();
    for row in (0..rows.len()).filter(|r| row_match[*r].is_none() && !twice.contains(r)) {
        let namesake = (0..placed.len()).find(|&i| placed[i].student.name == rows[row].name);
        audit.slipped_in.push((row, namesake));
    }
    audit.missing = (0..placed.len())
        .filter(|&i| placed_row[i].is_none())
        .collect();
    audit
}

/// The key a row and a placed student are matched by, for one basis.
fn key_of_row(row: &CurrentRow, basis: Basis) -> Option<String> {
    match basis {
        Basis::Id => row.id.clone(),
        Basis::StudentNo => row.student_no.clone(),
        Basis::NameAndBirth => row.birth.map(|b| format!("{}\t{b}", row.name)),
        Basis::NameOnly => Some(row.name.clone()),
        Basis::NameAndClass => row.class.map(|k| format!("{}\t{}", row.name, k.number)),
    }
}

fn key_of_placed(student: &Student, basis: Basis) -> Option<String> {
    match basis {
        Basis::Id => student.id.as_resident().map(str::to_string),
        Basis::StudentNo => student.student_no.as_ref().map(|s| s.to_uppercase()),
        Basis::NameAndBirth => student.birth.map(|b| format!("{}\t{b}", student.name)),
        Basis::NameOnly => Some(student.name.clone()),
        Basis::NameAndClass => None,
    }
}

/// Matches rows to placed students by one key. A row whose student was already matched by
/// an earlier row with the same ID number or 学籍号 is a second row of the same student.
fn match_by(
    audit: &mut Audit,
    rows: &[CurrentRow],
    placed: &[Placed],
    row_match: &mut [Option<(usize, Basis)>],
    placed_row: &mut [Option<usize>],
    basis: Basis,
) {
    let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, p) in placed.iter().enumerate() {
        if let Some(key) = key_of_placed(p.student, basis) {
            by_key.entry(key).or_default().push(index);
        }
    }
    for (row, current) in rows.iter().enumerate() {
        if row_match[row].is_some() || audit.twice.iter().any(|t| t.0 == row) {
            continue;
        }
        let Some(candidates) = key_of_row(current, basis).and_then(|k| by_key.get(&k)) else {
            continue;
        };
        let free = candidates
            .iter()
            .copied()
            .find(|&i| placed_row[i].is_none());
        match free {
            Some(index) if basis != Basis::NameAndBirth || candidates.len() == 1 => {
                row_match[row] = Some((index, basis));
                placed_row[index] = Some(row);
            }
            None if basis != Basis::NameAndBirth && candidates.len() == 1 => {
                if let Some(first) = placed_row[candidates[0]] {
                    audit.twice.push((row, first));
                }
            }
            _ => {}
        }
    }
}

/// Matches the rows and placed students left whose key under `basis` (the name, or the
/// name and class) only one unmatched row and one unmatched placed student have.
fn match_unique_names(
    rows: &[CurrentRow],
    placed: &[Placed],
    row_match: &mut [Option<(usize, Basis)>],
    placed_row: &mut [Option<usize>],
    basis: Basis,
) {
    let mut row_keys: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (row, current) in rows
        .iter()
        .enumerate()
        .filter(|(r, _)| row_match[*r].is_none())
    {
        if let Some(key) = key_of_row(current, basis) {
            row_keys.entry(key).or_default().push(row);
        }
    }
    let mut placed_keys: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, p) in placed
        .iter()
        .enumerate()
        .filter(|(i, _)| placed_row[*i].is_none())
    {
        let key = match basis {
            Basis::NameAndClass => format!("{}\t{}", p.student.name, p.class),
            _ => p.student.name.clone(),
        };
        placed_keys.entry(key).or_default().push(index);
    }
    for (key, rows_keyed) in row_keys {
        let Some(placed_keyed) = placed_keys.get(&key) else {
            continue;
        };
        if let ([row], [index]) = (rows_keyed.as_slice(), placed_keyed.as_slice()) {
            // Only when the row has nothing stronger that disagrees.
            let current = &rows[*row];
            let student = placed[*index].student;
            let id_disagrees = current.id.is_some() && student.id.as_resident().is_some();
            let birth_disagrees = current.birth.is_some() && student.birth.is_some();
            if !id_disagrees && !birth_disagrees {
                row_match[*row] = Some((*index, basis));
                placed_row[*index] = Some(*row);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classname::ClassKey;
    use crate::roster::{Gender, Origin, StudentId};

    fn student(name: &str, id: &str) -> Student {
        Student {
            origin: Origin {
                sheet: "s".into(),
                row: 1,
            },
            seq: None,
            name: name.into(),
            gender: Gender::Male,
            id: if id.is_empty() {
                StudentId::Missing
            } else {
                StudentId::Resident(id.into())
            },
            student_no: (!id.is_empty()).then(|| format!("G{id}")),
            birth: None,
            from_school: None,
            score: None,
            school: None,
            fields: Default::default(),
            extras: Vec::new(),
            namesake_mark: None,
        }
    }

    fn row(name: &str, id: Option<&str>, student_no: Option<&str>, class: u32) -> CurrentRow {
        CurrentRow {
            at: Location::file("现名单.xlsx"),
            name: name.into(),
            gender: None,
            id: id.map(str::to_string),
            id_written: None,
            student_no: student_no.map(str::to_string),
            birth: None,
            class_text: format!("七({class})班"),
            class: Some(ClassKey {
                grade: None,
                number: class,
            }),
        }
    }

    #[test]
    fn moved_slipped_missing_and_twice() {
        let students = [student("甲", "1"), student("乙", "2"), student("丙", "3")];
        let placed: Vec<Placed> = students
            .iter()
            .enumerate()
            .map(|(i, s)| Placed {
                student: s,
                class: i as u32 + 1,
                class_name: format!("七({})班", i + 1),
                source: "存档".into(),
                late: false,
                at: Location::file("存档"),
            })
            .collect();
        let rows = [
            row("甲", Some("1"), None, 1),
            row("乙", None, Some("G2"), 3),
            row("丁", None, None, 2),
            row("甲", Some("1"), None, 1),
        ];
        let audit = compare(&placed, &rows);
        assert_eq!(audit.moved, [(1, 1, Basis::StudentNo)]);
        assert_eq!(audit.slipped_in, [(2, None)]);
        assert_eq!(audit.missing, [2]);
        assert_eq!(audit.twice, [(3, 0)]);
        assert_eq!(audit.count(Basis::Id), 1);
    }

    #[test]
    fn namesakes_matched_within_class() {
        let students = [
            student("李萱", "1"),
            student("李萱", "2"),
            student("王安", "3"),
            student("王安", "4"),
        ];
        let classes = [17, 19, 35, 44];
        let placed: Vec<Placed> = students
            .iter()
            .zip(classes)
            .map(|(s, class)| Placed {
                student: s,
                class,
                class_name: format!("七({class})班"),
                source: "存档".into(),
                late: false,
                at: Location::file("存档"),
            })
            .collect();
        // The 李萱 pair stayed in their classes; the 王安 in 七(44)班 moved to 七(12)班.
        let rows = [
            row("李萱", None, None, 19),
            row("李萱", None, None, 17),
            row("王安", None, None, 35),
            row("王安", None, None, 12),
        ];
        let audit = compare(&placed, &rows);
        assert_eq!(audit.slipped_in, []);
        assert_eq!(audit.missing, Vec::<usize>::new());
        assert_eq!(audit.moved, [(3, 3, Basis::NameOnly)]);
        assert_eq!(audit.count(Basis::NameAndClass), 3);
    }
}
