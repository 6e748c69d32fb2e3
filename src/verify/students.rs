//! Comparing the students listed on a copy with the students the recomputation puts in
//! each class: a student in another class, a row added or deleted, a value edited.

use std::collections::BTreeMap;

use super::VerifyProblem;
use crate::archive::{ClassList, CopyBook, PostedRow};
use crate::diag::{Location, Report};
use crate::fingerprint::placement_line;
use crate::messages::archive::masked_name;
use crate::messages::labels;
use crate::roster::Student;
use crate::table::Field;

/// Compares the students of a copy's class sheets, identifying or posted, with the
/// expected students of each class.
pub fn compare_book(
    book: &CopyBook,
    expected: &[(u32, Vec<&Student>)],
    class_name: &dyn Fn(u32) -> String,
    report: &mut Report,
) {
    let file = book.file.as_str();
    if book.is_posted {
        let listing = PostedListing {
            file,
            rows: &book.posted,
            classes: &book.classes,
            class_name,
        };
        compare_posted(&listing, expected, report);
        return;
    }
    let listed: Vec<(u32, usize)> = book
        .classes
        .iter()
        .filter_map(|c| Some((c.number?, c)))
        .flat_map(|(n, c)| c.members.iter().map(move |&i| (n, i)))
        .collect();
    let locate = |i: usize, field: Option<Field>| match field.and_then(|f| book.cell_of(i, f)) {
        Some(cell) => Location::cell(file, &book.students[i].origin.sheet, cell),
        None => book.location(i),
    };
    let class_at = |k: u32| match book.class(k) {
        Some(c) => Location::sheet(file, &c.sheet),
        None => Location::file(file),
    };
    let listing = Listing {
        listed,
        students: &book.students,
        locate: &locate,
        class_at: &class_at,
        class_name,
    };
    compare(&listing, expected, report);
}

/// The fields an identifying copy prints, in the order they are compared.
const PRINTED: [Field; 6] = [
    Field::IdNumber,
    Field::Name,
    Field::Gender,
    Field::BirthDate,
    Field::StudentNo,
    Field::FromSchool,
];

/// The students of a file to compare: each with the class it is listed under.
pub struct Listing<'a> {
    /// (class number, index into `students`), in sheet order.
    pub listed: Vec<(u32, usize)>,
    pub students: &'a [Student],
    /// The location of a student's field, or of its row with `None`.
    pub locate: &'a dyn Fn(usize, Option<Field>) -> Location,
    /// The location of a class's sheet, for a student missing from it.
    pub class_at: &'a dyn Fn(u32) -> Location,
    /// The printed name of a class.
    pub class_name: &'a dyn Fn(u32) -> String,
}

/// Reports every difference between the listing and the expected students of each class.
pub fn compare(listing: &Listing, expected: &[(u32, Vec<&Student>)], report: &mut Report) {
    let flat: Vec<(u32, &Student)> = expected
        .iter()
        .flat_map(|(class, students)| students.iter().map(move |s| (*class, *s)))
        .collect();
    let mut by_line: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, (_, student)) in flat.iter().enumerate() {
        by_line
            .entry(placement_line(student))
            .or_default()
            .push(index);
    }
    let mut used = vec![false; flat.len()];
    let mut leftover = Vec::new();
    let mut seen_ids: BTreeMap<String, usize> = BTreeMap::new();
    for &(class, index) in &listing.listed {
        let student = &listing.students[index];
        if let Some(first) = repeated(&mut seen_ids, student, index) {
            let other = crate::messages::location_text(&(listing.locate)(first, None));
            let name = student.name.clone();
            report.error(
                (listing.locate)(index, None),
                VerifyProblem::StudentTwice { name, other },
            );
            continue;
        }
        let candidates = by_line.get(&placement_line(student));
        let free = candidates
            .into_iter()
            .flatten()
            .copied()
            .filter(|&i| !used[i]);
        let free: Vec<usize> = free.collect();
        let chosen = free
            .iter()
            .copied()
            .find(|&i| flat[i].0 == class)
            .or_else(|| free.first().copied());
        match chosen {
            Some(i) => {
                used[i] = true;
                report_elsewhere(listing, index, class, flat[i].0, report);
            }
            None => leftover.push((class, index)),
        }
    }
    for (class, index) in leftover {
        match find_edited(&listing.students[index], &flat, &used) {
            Some(i) => {
                used[i] = true;
                report_edits(listing, index, flat[i].0, flat[i].1, report);
                report_elsewhere(listing, index, class, flat[i].0, report);
            }
            None => {
                let student = &listing.students[index];
                let problem = VerifyProblem::StudentExtra {
                    place: (listing.class_name)(class),
                    name: student.name.clone(),
                    id: student.id.display(),
                };
                report.error((listing.locate)(index, None), problem);
            }
        }
    }
    let unused = flat.iter().zip(&used).filter(|(_, used)| !**used);
    for ((class, student), _) in unused {
        let problem = VerifyProblem::StudentMissing {
            place: (listing.class_name)(*class),
            name: student.name.clone(),
            id: student.id.display(),
        };
        report.error((listing.class_at)(*class), problem);
    }
}

/// Returns the index of the first row with the same ID number, when this one repeats it.
fn repeated(seen: &mut BTreeMap<String, usize>, student: &Student, index: usize) -> Option<usize> {
    let id = student.id.display();
    if id.is_empty() {
        return None;
    }
    match seen.get(&id) {
        Some(&first) => Some(first),
        None => {
            seen.insert(id, index);
            None
        }
    }
}

fn report_elsewhere(
    listing: &Listing,
    index: usize,
    found: u32,
    expected: u32,
    report: &mut Report,
) {
    if found == expected {
        return;
    }
    let student = &listing.students[index];
    let problem = VerifyProblem::StudentElsewhere {
        name: student.name.clone(),
        id: student.id.display(),
        found: (listing.class_name)(found),
        expected: (listing.class_name)(expected),
    };
    report.error((listing.locate)(index, Some(Field::Name)), problem);
}

/// Finds the expected student an edited row stands for: the same ID number, else the only
/// unmatched student of the same name.
fn find_edited(student: &Student, flat: &[(u32, &Student)], used: &[bool]) -> Option<usize> {
    let free = || (0..flat.len()).filter(|&i| !used[i]);
    let id = student.id.display();
    let by_id = free().find(|&i| !id.is_empty() && flat[i].1.id.display() == id);
    by_id.or_else(|| {
        let mut same = free().filter(|&i| flat[i].1.name == student.name);
        let first = same.next();
        first.filter(|_| same.next().is_none())
    })
}

fn report_edits(
    listing: &Listing,
    index: usize,
    class: u32,
    expected: &Student,
    report: &mut Report,
) {
    let student = &listing.students[index];
    for field in PRINTED {
        let (found, wanted) = (field_text(student, field), field_text(expected, field));
        if found == wanted {
            continue;
        }
        let problem = VerifyProblem::StudentEdited {
            place: (listing.class_name)(class),
            name: expected.name.clone(),
            field,
            found,
            expected: wanted,
        };
        report.error((listing.locate)(index, Some(field)), problem);
    }
}

/// Returns a printed field's value.
pub fn field_text(student: &Student, field: Field) -> String {
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
        _ => String::new(),
    }
}

/// The rows of a posted copy to compare: the rows, the class sheets they are on, and how a
/// name is printed (masked or not).
pub struct PostedListing<'a> {
    pub file: &'a str,
    pub rows: &'a [PostedRow],
    pub classes: &'a [ClassList],
    pub class_name: &'a dyn Fn(u32) -> String,
}

/// Compares a posted copy's names and genders with the expected students of each class.
pub fn compare_posted(
    listing: &PostedListing,
    expected: &[(u32, Vec<&Student>)],
    report: &mut Report,
) {
    let masked = listing.rows.iter().any(|r| r.name.contains('*'));
    let flat: Vec<Shown> = expected
        .iter()
        .flat_map(|(class, students)| students.iter().map(move |s| shown(*class, s, masked)))
        .collect();
    let mut used = vec![false; flat.len()];
    let leftover = match_in_class(listing, &flat, &mut used, report);
    explain_leftover(listing, &flat, &mut used, leftover, report);

    let sheet_of = |class: u32| {
        listing
            .classes
            .iter()
            .find(|c| c.number == Some(class))
            .map_or(Location::file(listing.file), |c| {
                Location::sheet(listing.file, &c.sheet)
            })
    };
    for (student, _) in flat.iter().zip(&used).filter(|(_, used)| !**used) {
        let problem = VerifyProblem::StudentMissing {
            place: (listing.class_name)(student.class),
            name: student.name.clone(),
            id: String::new(),
        };
        report.error(sheet_of(student.class), problem);
    }
}

/// An expected student as the posted copy prints it.
struct Shown {
    class: u32,
    name: String,
    gender: String,
}

fn shown(class: u32, student: &Student, masked: bool) -> Shown {
    let name = if masked {
        masked_name(&student.name)
    } else {
        student.name.clone()
    };
    Shown {
        class,
        name,
        gender: labels::gender(student.gender).to_string(),
    }
}

/// Matches each row to an expected student of its class with the same name and gender, and
/// returns the rows left with their class.
fn match_in_class<'a>(
    listing: &PostedListing<'a>,
    flat: &[Shown],
    used: &mut [bool],
    report: &mut Report,
) -> Vec<(u32, &'a PostedRow)> {
    let mut leftover = Vec::new();
    for class in listing.classes {
        let Some(number) = class.number else {
            continue;
        };
        for row in class.members.iter().filter_map(|&i| listing.rows.get(i)) {
            report_class_column(listing, class, row, report);
            let same = (0..flat.len()).find(|&i| {
                !used[i]
                    && flat[i].class == number
                    && flat[i].name == row.name
                    && flat[i].gender == row.gender
            });
            match same {
                Some(i) => used[i] = true,
                None => leftover.push((number, row)),
            }
        }
    }
    leftover
}

/// Names what each row left stands for: a student of another class, a student whose
/// gender was edited, or a student the recomputation does not have.
fn explain_leftover(
    listing: &PostedListing,
    flat: &[Shown],
    used: &mut [bool],
    leftover: Vec<(u32, &PostedRow)>,
    report: &mut Report,
) {
    let at = |row: &PostedRow| Location::cell(listing.file, &row.sheet, row.at);
    let mut unexplained = Vec::new();
    for (number, row) in leftover {
        let elsewhere = (0..flat.len())
            .find(|&i| !used[i] && flat[i].name == row.name && flat[i].gender == row.gender);
        let regendered = || {
            (0..flat.len())
                .find(|&i| !used[i] && flat[i].class == number && flat[i].name == row.name)
        };
        if let Some(i) = elsewhere {
            used[i] = true;
            let problem = VerifyProblem::StudentElsewhere {
                name: row.name.clone(),
                id: String::new(),
                found: (listing.class_name)(number),
                expected: (listing.class_name)(flat[i].class),
            };
            report.error(at(row), problem);
        } else if let Some(i) = regendered() {
            used[i] = true;
            let problem = VerifyProblem::StudentEdited {
                place: (listing.class_name)(number),
                name: row.name.clone(),
                field: Field::Gender,
                found: row.gender.clone(),
                expected: flat[i].gender.clone(),
            };
            report.error(at(row), problem);
        } else {
            unexplained.push((number, row));
        }
    }
    // Extra rows are reported last, so a moved student is never taken for an added one.
    for (number, row) in unexplained {
        let problem = VerifyProblem::StudentExtra {
            place: (listing.class_name)(number),
            name: row.name.clone(),
            id: String::new(),
        };
        report.error(at(row), problem);
    }
}

/// The 班级 column of a posted row must name the class of its sheet.
fn report_class_column(
    listing: &PostedListing,
    class: &ClassList,
    row: &PostedRow,
    report: &mut Report,
) {
    let number = crate::classname::parse_class_name(&row.class).map(|k| k.number);
    if number == class.number {
        return;
    }
    let mut at = Location::cell(listing.file, &row.sheet, row.at);
    if let Some(cell) = at.cell.as_mut() {
        cell.col += 2;
    }
    let problem = VerifyProblem::Differs {
        subject: super::Subject::Class(class.name.clone()),
        item: super::Item::Field(Field::Class),
        found: row.class.clone(),
        expected: class.name.clone(),
    };
    report.error(at, problem);
}
