//! Checking the three copies of a draw result and its merge record: every class's drawn
//! group, counts, seal and students as the recomputed groups and the draw give them.
//!
//! The draw itself happened in public and cannot be recomputed. Its result is taken from
//! the merge record, whose draw fingerprint must match the groups and date it lists. Each
//! copy must then print the same result.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::groups::{CONTENT_CHECKED, check_outputs, compare_fingerprint, compare_text};
use super::students::compare_book;
use super::{Expected, Item, Subject, VerifyProblem};
use crate::archive::DrawCopy;
use crate::diag::{CellRef, Location, Report};
use crate::fingerprint::Fingerprint;
use crate::messages::{archive as words, labels};
use crate::roster::Student;
use crate::write::record::MergeRecord;

/// The draw result the copies of one folder must show.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawReference {
    pub folder: PathBuf,
    /// The group drawn by class k, at index k - 1.
    pub groups: Vec<u32>,
    pub date: NaiveDate,
}

impl DrawReference {
    /// From a merge record; `None` when its groups or date cannot be read.
    pub fn from_record(folder: &Path, record: &MergeRecord) -> Option<DrawReference> {
        Some(DrawReference {
            folder: folder.to_path_buf(),
            groups: record.draw.groups.clone(),
            date: NaiveDate::parse_from_str(&record.draw.date, "%Y-%m-%d").ok()?,
        })
    }

    /// From a copy's cover, when there is no merge record.
    pub fn from_copy(folder: &Path, copy: &DrawCopy) -> Option<DrawReference> {
        let mut rows: Vec<(u32, u32)> = copy
            .cover_classes
            .iter()
            .filter_map(|c| Some((c.number?, c.group?)))
            .collect();
        rows.sort();
        Some(DrawReference {
            folder: folder.to_path_buf(),
            groups: rows.into_iter().map(|(_, g)| g).collect(),
            date: copy.date?,
        })
    }

    pub fn fingerprint(&self, expected: &Expected) -> Fingerprint {
        crate::write::archive::draw_fingerprint(
            &expected.grouping_fingerprint,
            self.date,
            &self.groups,
        )
    }

    /// Returns the students of each class: class k has the recomputed group it drew.
    pub fn classes<'a>(&self, expected: &'a Expected) -> Vec<(u32, Vec<&'a Student>)> {
        self.groups
            .iter()
            .enumerate()
            .map(|(index, &group)| (index as u32 + 1, expected.members(group)))
            .collect()
    }

    /// The archive fingerprint the identifying copies must have.
    pub fn archive_fingerprint(&self, expected: &Expected) -> Fingerprint {
        crate::fingerprint::archive_fingerprint(
            &self.fingerprint(expected),
            &self.classes(expected),
        )
    }
}

/// Checks a merge record: its facts as recomputed, its draw as a permutation with a
/// matching fingerprint, and the SHA-256 of the files it lists.
pub fn check_merge_record(
    path: &Path,
    expected: &Expected,
    report: &mut Report,
) -> Option<MergeRecord> {
    let file = crate::read::file_name(path);
    let at = Location::file(&file);
    let Some(record) = crate::write::record::load_merge(path) else {
        report.error(at, VerifyProblem::RecordUnreadable);
        return None;
    };
    let seed = record.seed.as_ref().map(|s| s.canonical.as_str());
    compare_text(report, &at, Item::Seed, seed, &expected.seed.canonical);
    compare_text(
        report,
        &at,
        Item::ClassCount,
        Some(&record.classes.to_string()),
        &expected.classes.to_string(),
    );
    let roster = Fingerprint::parse(&record.roster_fingerprint);
    compare_fingerprint(
        report,
        &at,
        Item::RosterFingerprint,
        roster,
        expected.roster_fingerprint,
    );
    let grouping = record
        .grouping_fingerprint
        .as_deref()
        .and_then(Fingerprint::parse);
    compare_fingerprint(
        report,
        &at,
        Item::GroupingFingerprint,
        grouping,
        expected.grouping_fingerprint,
    );
    check_permutation(&record.draw.groups, expected.classes, &at, report);
    let folder = path.parent().unwrap_or(Path::new("."));
    if let Some(reference) = DrawReference::from_record(folder, &record) {
        let printed = Fingerprint::parse(&record.draw.fingerprint);
        compare_fingerprint(
            report,
            &at,
            Item::DrawFingerprint,
            printed,
            reference.fingerprint(expected),
        );
        let archive = record
            .archive_fingerprint
            .as_deref()
            .and_then(Fingerprint::parse);
        if record.archive_fingerprint.is_some() {
            compare_fingerprint(
                report,
                &at,
                Item::ArchiveFingerprint,
                archive,
                reference.archive_fingerprint(expected),
            );
        }
    } else {
        report.error(
            at.clone(),
            VerifyProblem::Missing {
                subject: Subject::File,
                item: Item::DrawDate,
            },
        );
    }
    let mut checked: Vec<&str> = CONTENT_CHECKED.to_vec();
    checked.extend([words::FILE_FIRST, words::FILE_SECOND, words::FILE_THIRD]);
    check_outputs(folder, &record.outputs, &file, &checked, report);
    Some(record)
}

/// Checks that each class draws one group and every group is drawn once.
fn check_permutation(groups: &[u32], classes: u32, at: &Location, report: &mut Report) {
    let mut sorted = groups.to_vec();
    sorted.sort_unstable();
    let wanted: Vec<u32> = (1..=classes).collect();
    if sorted != wanted {
        let list = |g: &[u32]| g.iter().map(u32::to_string).collect::<Vec<_>>().join("、");
        let problem = VerifyProblem::Differs {
            subject: Subject::File,
            item: Item::DrawnGroups,
            found: list(groups),
            expected: format!("1 至 {classes} 各一次"),
        };
        report.error(at.clone(), problem);
    }
}

/// Checks one copy of the draw result against the reference draw and the recomputation.
///
/// # Errors
///
/// Fails when the file cannot be read.
pub fn check_draw_copy(
    copy: &DrawCopy,
    expected: &Expected,
    reference: &DrawReference,
    report: &mut Report,
) {
    let file = copy.book.file.clone();
    let cover_at = |cell: Option<CellRef>| match cell {
        Some(cell) => Location::cell(&file, &copy.book.cover.sheet, cell),
        None => Location::sheet(&file, &copy.book.cover.sheet),
    };
    check_cover_facts(copy, expected, reference, &cover_at, report);

    let names = class_names(copy, reference.groups.len() as u32);
    let name_of = |k: u32| {
        names
            .get(k as usize - 1)
            .cloned()
            .unwrap_or_else(|| labels::class_without_grade(k))
    };
    check_cover_rows(copy, expected, reference, &name_of, &cover_at, report);
    check_class_sheets(copy, expected, reference, &name_of, report);
    let classes = reference.classes(expected);
    compare_book(&copy.book, &classes, &name_of, report);
}

/// Compares the facts on a copy's cover with the recomputation and the reference draw.
fn check_cover_facts(
    copy: &DrawCopy,
    expected: &Expected,
    reference: &DrawReference,
    cover_at: &dyn Fn(Option<CellRef>) -> Location,
    report: &mut Report,
) {
    let fact_at = |label: &str| cover_at(copy.book.cover.fact(label).map(|f| f.at));
    let texts = [
        (
            labels::SCHOOL,
            Item::School,
            copy.school.clone(),
            expected.school.clone(),
        ),
        (
            labels::SEED,
            Item::Seed,
            copy.seed.clone(),
            expected.seed.canonical.clone(),
        ),
        (
            words::DRAW_DATE,
            Item::DrawDate,
            copy.date.map(labels::date),
            labels::date(reference.date),
        ),
    ];
    for (label, item, found, wanted) in texts {
        compare_text(report, &fact_at(label), item, found.as_deref(), &wanted);
    }
    let fingerprints = [
        (
            labels::ROSTER_FINGERPRINT,
            Item::RosterFingerprint,
            copy.roster,
            expected.roster_fingerprint,
        ),
        (
            labels::GROUPING_FINGERPRINT,
            Item::GroupingFingerprint,
            copy.grouping,
            expected.grouping_fingerprint,
        ),
        (
            words::DRAW_FINGERPRINT,
            Item::DrawFingerprint,
            copy.draw,
            reference.fingerprint(expected),
        ),
    ];
    for (label, item, found, wanted) in fingerprints {
        compare_fingerprint(report, &fact_at(label), item, found, wanted);
    }
}

/// Names each class 1..N as the copy prints it, else from its grade.
fn class_names(copy: &DrawCopy, classes: u32) -> Vec<String> {
    (1..=classes)
        .map(|k| {
            let from_cover = copy
                .cover_classes
                .iter()
                .find(|c| c.number == Some(k))
                .map(|c| c.name.clone());
            let from_sheet = || copy.book.class(k).map(|c| c.name.clone());
            let from_grade = || copy.grade.map(|g| g.class_name(k));
            from_cover
                .or_else(from_sheet)
                .or_else(from_grade)
                .unwrap_or_else(|| labels::class_without_grade(k))
        })
        .collect()
}

fn check_cover_rows(
    copy: &DrawCopy,
    expected: &Expected,
    reference: &DrawReference,
    name_of: &dyn Fn(u32) -> String,
    cover_at: &dyn Fn(Option<CellRef>) -> Location,
    report: &mut Report,
) {
    let mut seen = Vec::new();
    for row in &copy.cover_classes {
        let Some(number) = row
            .number
            .filter(|n| (1..=reference.groups.len() as u32).contains(n))
        else {
            let subject = Subject::Class(row.name.clone());
            report.error(
                cover_at(Some(row.at)),
                VerifyProblem::PartUnexpected {
                    subject,
                    twice: false,
                },
            );
            continue;
        };
        if seen.contains(&number) {
            let subject = Subject::Class(row.name.clone());
            report.error(
                cover_at(Some(row.at)),
                VerifyProblem::PartUnexpected {
                    subject,
                    twice: true,
                },
            );
            continue;
        }
        seen.push(number);
        let group = reference.groups[number as usize - 1];
        let (size, boys, girls) = super::counts(&expected.members(group));
        let values = [
            (
                Item::DrawnGroup,
                words::DRAWN_GROUP,
                row.group.map(|g| g as usize),
                group as usize,
            ),
            (Item::Size, words::HEADCOUNT, row.size, size),
            (Item::Boys, labels::BOYS, row.boys, boys),
            (Item::Girls, labels::GIRLS, row.girls, girls),
        ];
        for (item, header, found, wanted) in values {
            if found != Some(wanted) {
                let problem = VerifyProblem::Differs {
                    subject: Subject::Class(name_of(number)),
                    item,
                    found: found.map(|f| f.to_string()).unwrap_or_default(),
                    expected: wanted.to_string(),
                };
                report.error(cover_at(Some(row.row.cell(header))), problem);
            }
        }
    }
    for number in (1..=reference.groups.len() as u32).filter(|n| !seen.contains(n)) {
        let subject = Subject::Class(name_of(number));
        report.error(cover_at(None), VerifyProblem::PartMissing { subject });
    }
}

fn check_class_sheets(
    copy: &DrawCopy,
    expected: &Expected,
    reference: &DrawReference,
    name_of: &dyn Fn(u32) -> String,
    report: &mut Report,
) {
    let file = &copy.book.file;
    let count = reference.groups.len() as u32;
    let mut seen = Vec::new();
    for class in &copy.book.classes {
        let at = Location::sheet(file, &class.sheet);
        let Some(number) = class
            .number
            .filter(|n| (1..=count).contains(n) && !seen.contains(n))
        else {
            let subject = Subject::Class(class.name.clone());
            let twice = class.number.is_some_and(|n| seen.contains(&n));
            report.error(at, VerifyProblem::PartUnexpected { subject, twice });
            continue;
        };
        seen.push(number);
        let subject = Subject::Class(name_of(number));
        if !class.has_list {
            report.error(
                at,
                VerifyProblem::Missing {
                    subject,
                    item: Item::Printed(words::NAME),
                },
            );
            continue;
        }
        let group = reference.groups[number as usize - 1];
        let members = expected.members(group);
        let (size, boys, girls) = super::counts(&members);
        let facts = copy.sheet_facts(class);
        let mut values = vec![
            (
                Item::DrawnGroup,
                facts.group.map(|g| g.to_string()),
                group.to_string(),
            ),
            (
                Item::EndCount,
                class.end_count.map(|c| c.to_string()),
                size.to_string(),
            ),
        ];
        let counts = facts.counts;
        values.extend([
            (
                Item::Size,
                counts.map(|c| c.0.to_string()),
                size.to_string(),
            ),
            (
                Item::Boys,
                counts.map(|c| c.1.to_string()),
                boys.to_string(),
            ),
            (
                Item::Girls,
                counts.map(|c| c.2.to_string()),
                girls.to_string(),
            ),
        ]);
        if !copy.book.is_posted || facts.seal.is_some() {
            let seal = expected
                .seal(group)
                .map(|s| s.grouped())
                .unwrap_or_default();
            values.push((Item::Seal, facts.seal.map(|s| s.grouped()), seal));
        }
        for (item, found, wanted) in values {
            match found {
                Some(found) if found == wanted => {}
                Some(found) => {
                    let problem = VerifyProblem::Differs {
                        subject: subject.clone(),
                        item,
                        found,
                        expected: wanted,
                    };
                    report.error(at.clone(), problem);
                }
                None => {
                    let problem = VerifyProblem::Missing {
                        subject: subject.clone(),
                        item,
                    };
                    report.error(at.clone(), problem);
                }
            }
        }
    }
    for number in (1..=count).filter(|n| !seen.contains(n)) {
        let subject = Subject::Class(name_of(number));
        report.error(Location::file(file), VerifyProblem::PartMissing { subject });
    }
}
