//! The basis of a late enrolment: the archive and its earlier late-enrolment records. Each
//! is checked against its fingerprints before any class size is taken from it, and the
//! records must form one unbroken chain from the archive.

use std::collections::BTreeMap;

use super::{ClassSize, LateProblem};
use crate::archive::{DrawCopy, LateCopy};
use crate::diag::{Location, Report};
use crate::fingerprint::Fingerprint;
use crate::journal::Entry;
use crate::roster::{Gender, Roster, Student, StudentId};
use crate::write::record::MergeRecord;

/// Checks an identifying copy of the archive and returns its fingerprint.
///
/// Every class on the cover needs a class sheet whose list has the cover's count, and the
/// content must give the fingerprint the merge record stored, when there is a record.
pub fn check_archive(
    archive: &DrawCopy,
    record: Option<&MergeRecord>,
    record_name: &str,
    report: &mut Report,
) -> Option<Fingerprint> {
    let file = &archive.book.file;
    let at = || Location::file(file);
    if archive.book.is_posted {
        let missing = crate::messages::late::POSTED_COPY.to_string();
        report.error(at(), LateProblem::ArchiveIncomplete { missing });
        return None;
    }
    if archive.draw.is_none() || archive.cover_classes.is_empty() {
        let missing = crate::messages::archive::DRAW_FINGERPRINT.to_string();
        report.error(at(), LateProblem::ArchiveIncomplete { missing });
        return None;
    }
    for row in &archive.cover_classes {
        let listed = row
            .number
            .and_then(|n| archive.book.class(n))
            .map(|c| c.members.len());
        match (listed, row.size) {
            (None, _) => {
                let missing = row.name.clone();
                report.error(at(), LateProblem::ArchiveIncomplete { missing });
            }
            (Some(listed), Some(cover)) if listed != cover => {
                let problem = LateProblem::ArchiveCountsDiffer {
                    class: row.name.clone(),
                    cover,
                    listed,
                };
                let cell = row.row.cell(crate::messages::archive::HEADCOUNT);
                report.error(
                    Location::cell(file, &archive.book.cover.sheet, cell),
                    problem,
                );
            }
            _ => {}
        }
    }
    let now = archive.archive_fingerprint()?;
    let recorded = record
        .and_then(|r| r.archive_fingerprint.as_deref())
        .and_then(Fingerprint::parse);
    match recorded {
        Some(recorded) if recorded != now => {
            report.error(at(), LateProblem::ArchiveChanged { recorded, now });
        }
        Some(_) => {}
        None => {
            let record = record_name.to_string();
            report.warning(at(), LateProblem::ArchiveWithoutRecord { record });
        }
    }
    Some(now)
}

/// Checks the earlier records and returns their indices in chain order: each must extend
/// this archive, give its own printed fingerprint, and name exactly the records before it.
pub fn chain_records(
    records: &[LateCopy],
    archive: &Fingerprint,
    report: &mut Report,
) -> Vec<usize> {
    let mut order: Vec<usize> = Vec::new();
    let mut seen: Vec<Fingerprint> = Vec::new();
    for (index, record) in records.iter().enumerate() {
        let at = Location::file(&record.book.file);
        if let Some(extends) = record.archive.filter(|a| a != archive) {
            let problem = LateProblem::RecordOfOtherArchive {
                extends,
                archive: *archive,
            };
            report.error(at, problem);
            continue;
        }
        let (Some(printed), Some(now)) = (record.record, record.content_fingerprint()) else {
            let missing = crate::messages::late::RECORD_FINGERPRINT.to_string();
            report.error(at, LateProblem::ArchiveIncomplete { missing });
            continue;
        };
        if printed != now {
            report.error(at, LateProblem::RecordChanged { printed, now });
            continue;
        }
        if seen.contains(&printed) {
            report.error(at, LateProblem::RecordGivenTwice);
            continue;
        }
        seen.push(printed);
        order.push(index);
    }
    order.sort_by_key(|&i| records[i].earlier.as_ref().map_or(0, Vec::len));
    for (position, &index) in order.iter().enumerate() {
        let before: Vec<Fingerprint> = order[..position]
            .iter()
            .filter_map(|&i| records[i].record)
            .collect();
        let named = records[index].earlier.clone().unwrap_or_default();
        for missing in named.iter().filter(|f| !before.contains(f)) {
            let at = Location::file(&records[index].book.file);
            report.error(
                at,
                LateProblem::RecordMissingFromChain { missing: *missing },
            );
        }
    }
    order
}

/// Counts the class sizes after the archive and the records: every class on the archive,
/// with the students of its sheet and those the records placed in it.
pub fn class_sizes(archive: &DrawCopy, records: &[&LateCopy]) -> Vec<ClassSize> {
    let mut sizes: BTreeMap<u32, ClassSize> = BTreeMap::new();
    let numbers = archive
        .cover_classes
        .iter()
        .filter_map(|c| c.number)
        .chain(archive.book.classes.iter().filter_map(|c| c.number));
    for number in numbers {
        sizes.entry(number).or_insert(ClassSize {
            number,
            size: 0,
            boys: 0,
            girls: 0,
        });
    }
    let archived = archive.class_students();
    let placed = records.iter().flat_map(|r| r.class_students());
    for (number, students) in archived.into_iter().chain(placed) {
        let Some(size) = sizes.get_mut(&number) else {
            continue;
        };
        for student in students {
            size.size += 1;
            match student.gender {
                Gender::Male => size.boys += 1,
                Gender::Female => size.girls += 1,
            }
        }
    }
    sizes.into_values().collect()
}

/// A student already placed: the file and class where they are, and the student.
pub struct Placed<'a> {
    pub file: &'a str,
    pub class: String,
    pub student: &'a Student,
}

/// Collects every student of the archive and the records by ID number (or other document
/// number).
pub fn placed_by_id<'a>(
    archive: &'a DrawCopy,
    records: &[&'a LateCopy],
) -> BTreeMap<String, Placed<'a>> {
    let mut placed = BTreeMap::new();
    let copies = std::iter::once(&archive.book).chain(records.iter().map(|r| &r.book));
    for book in copies {
        for class in &book.classes {
            for student in book.members(class) {
                if student.id == StudentId::Missing {
                    continue;
                }
                placed.entry(student.id.display()).or_insert(Placed {
                    file: &book.file,
                    class: class.name.clone(),
                    student,
                });
            }
        }
    }
    placed
}

/// Reports every late student whose ID number is already in the archive or a record.
pub fn report_already_placed(
    late: &Roster,
    placed: &BTreeMap<String, Placed>,
    report: &mut Report,
) {
    for student in &late.students {
        let id = student.id.display();
        let Some(there) = placed.get(&id).filter(|_| !id.is_empty()) else {
            continue;
        };
        let problem = LateProblem::AlreadyPlaced {
            name: student.name.clone(),
            id: id.clone(),
            file: there.file.to_string(),
            class: there.class.clone(),
            row: there.student.origin.row,
            placed_name: there.student.name.clone(),
        };
        let at = Location::row(&late.file, &student.origin.sheet, student.origin.row);
        report.error(at, problem);
    }
}

/// Reports late enrolments into this archive that the journal records and whose records
/// were not given.
pub fn report_unrecorded(
    entries: &[Entry],
    archive: &Fingerprint,
    given: &[Fingerprint],
    journal_file: &str,
    report: &mut Report,
) {
    let archive = archive.hex();
    for entry in entries.iter().filter(|e| e.facts.command == "late") {
        if entry.facts.based_on.first() != Some(&archive) {
            continue;
        }
        let Some(record) = entry.facts.record_fingerprint.as_deref() else {
            continue;
        };
        let known = given.iter().any(|g| g.hex() == record);
        if !known {
            let problem = LateProblem::RecordNotGiven {
                time: entry.time.replace('T', " "),
                record: Fingerprint::parse(record).map_or(record.to_string(), |f| f.short()),
            };
            report.error(Location::file(journal_file), problem);
        }
    }
}
