//! Checking late-enrolment records: the chain back to the recomputed archive, every lot
//! drawn again from the printed fingerprints and seed, and each copy's students, sizes and
//! fingerprints as the recomputation gives them.
//!
//! With the late roster and seed given (`--late`, `--late-seed`), the order and the
//! students come from the roster. Without them they come from the record itself, so the
//! record is still checked for inner consistency and for lots drawn as the seed gives them.

use std::collections::BTreeMap;
use std::path::Path;

use super::copies::DrawReference;
use super::groups::{check_outputs, compare_fingerprint, compare_text};
use super::students::compare_book;
use super::{Expected, Item, Subject, VerifyProblem};
use crate::archive::LateCopy;
use crate::diag::{Location, Report};
use crate::fingerprint::{Fingerprint, placement_line, roster_fingerprint};
use crate::late::record::{LateRecord, PlacedLine, RecordBasis, record_fingerprint};
use crate::late::{ClassSize, LateKey, OrderBasis, Placement, late_key, place};
use crate::messages::{labels, late as words};
use crate::rng::Seed;
use crate::roster::{Gender, Roster, Student};

/// A late roster given to place again, read and ordered.
pub struct LateRoster {
    pub roster: Roster,
    pub seed: Seed,
    pub basis: OrderBasis,
    /// Student indices in registration order.
    pub order: Vec<usize>,
}

/// One late record as recomputed.
pub struct Recomputed {
    pub fingerprint: Fingerprint,
    pub placements: Vec<Placement>,
    /// The student of each placement, by placement order.
    pub students: BTreeMap<usize, Student>,
    pub before: Vec<ClassSize>,
    pub after: Vec<ClassSize>,
    pub basis: RecordBasis,
    /// True when the seed is the `--late-seed` given with the late roster, false when it is
    /// the record's own.
    pub seed_given: bool,
}

/// Checks the late records: `copies` are all copies found, grouped here by record.
pub fn check_late_records(
    copies: &[LateCopy],
    records: &[(String, LateRecord)],
    expected: &Expected,
    references: &[DrawReference],
    rosters: &[LateRoster],
    report: &mut Report,
) {
    let archives: Vec<(Fingerprint, &DrawReference)> = references
        .iter()
        .map(|r| (r.archive_fingerprint(expected), r))
        .collect();
    let mut by_record: BTreeMap<Option<Fingerprint>, Vec<&LateCopy>> = BTreeMap::new();
    for copy in copies {
        by_record.entry(copy.record).or_default().push(copy);
    }
    let mut chains: BTreeMap<Fingerprint, Vec<&LateCopy>> = BTreeMap::new();
    for copy in copies.iter().filter(|c| !c.book.is_posted) {
        let known = copy
            .archive
            .and_then(|a| archives.iter().find(|(fp, _)| *fp == a));
        match known {
            Some((fp, _)) => {
                let chain = chains.entry(*fp).or_default();
                if !chain.iter().any(|c| c.record == copy.record) {
                    chain.push(copy);
                }
            }
            None => report.error(
                Location::file(&copy.book.file),
                VerifyProblem::LateOfOtherArchive,
            ),
        }
    }
    let mut recomputed: BTreeMap<Fingerprint, Recomputed> = BTreeMap::new();
    let mut checked: Vec<String> = Vec::new();
    for (archive, mut chain) in chains {
        let Some((_, reference)) = archives.iter().find(|(fp, _)| *fp == archive) else {
            continue;
        };
        chain.sort_by_key(|c| c.earlier.as_ref().map_or(0, Vec::len));
        let mut sizes = archive_sizes(reference, expected);
        let mut earlier: Vec<Fingerprint> = Vec::new();
        for record in chain {
            let result = recompute(record, archive, &earlier, &sizes, rosters, report);
            let Some(result) = result else { continue };
            sizes = result.after.clone();
            earlier.push(result.fingerprint);
            for copy in by_record.get(&record.record).into_iter().flatten() {
                check_copy(copy, &result, report);
                checked.push(copy.book.file.clone());
            }
            if let Some(printed) = record.record {
                recomputed.insert(printed, result);
            }
        }
    }
    for copy in copies.iter().filter(|c| !checked.contains(&c.book.file)) {
        let known = copy
            .archive
            .is_some_and(|a| archives.iter().any(|(fp, _)| *fp == a));
        if known || copy.book.is_posted {
            report.error(
                Location::file(&copy.book.file),
                VerifyProblem::LateUnmatched,
            );
        }
    }
    for (file, json) in records {
        let printed = Fingerprint::parse(&json.record_fingerprint);
        match printed.and_then(|p| recomputed.get(&p)) {
            Some(result) => check_json(file, json, result, report),
            None => report.error(Location::file(file), VerifyProblem::LateUnmatched),
        }
    }
}

/// Counts the archive's class sizes as the reference draw and the recomputed groups give them.
fn archive_sizes(reference: &DrawReference, expected: &Expected) -> Vec<ClassSize> {
    reference
        .classes(expected)
        .into_iter()
        .map(|(number, students)| {
            let (size, boys, girls) = super::counts(&students);
            ClassSize {
                number,
                size,
                boys,
                girls,
            }
        })
        .collect()
}

/// Places the record's students again: from the late roster when one with the record's
/// fingerprint was given, else from the record's own lot table and students.
fn recompute(
    record: &LateCopy,
    archive: Fingerprint,
    earlier: &[Fingerprint],
    sizes: &[ClassSize],
    rosters: &[LateRoster],
    report: &mut Report,
) -> Option<Recomputed> {
    let given = rosters
        .iter()
        .find(|r| Some(roster_fingerprint(&r.roster.students)) == record.late_roster);
    let (students, arrivals, basis, seed, late_roster) = match given {
        Some(late) => from_roster(late),
        None => {
            report.notice(
                Location::file(&record.book.file),
                VerifyProblem::LateWithoutRoster,
            );
            from_record(record)?
        }
    };
    let gender_rule = record.gender_rule.unwrap_or(false);
    let key = late_key(&LateKey {
        seed: &seed,
        archive: &archive,
        earlier,
        late_roster: &late_roster,
        classes: sizes.len() as u32,
        gender_rule,
    });
    let (placements, after) = place(sizes, &arrivals, key, gender_rule);
    let record_basis = RecordBasis {
        archive,
        earlier: earlier.to_vec(),
        seed: seed.canonical.clone(),
        late_roster,
        basis,
        gender_rule,
    };
    let by_order: BTreeMap<usize, Student> = placements
        .iter()
        .filter_map(|p| Some((p.order, students.get(&p.student)?.clone())))
        .collect();
    let lines: Vec<PlacedLine> = placements
        .iter()
        .map(|p| PlacedLine {
            order: p.order,
            class: p.class,
            tied: p.tied.clone(),
            candidates: p.candidates.clone(),
            draw: p.draw,
            line: by_order
                .get(&p.order)
                .map(placement_line)
                .unwrap_or_default(),
        })
        .collect();
    Some(Recomputed {
        fingerprint: record_fingerprint(&record_basis, &lines),
        placements,
        students: by_order,
        before: sizes.to_vec(),
        after,
        basis: record_basis,
        seed_given: given.is_some(),
    })
}

type Arrivals = (
    BTreeMap<usize, Student>,
    Vec<(usize, Gender)>,
    OrderBasis,
    Seed,
    Fingerprint,
);

fn from_roster(late: &LateRoster) -> Arrivals {
    let students: BTreeMap<usize, Student> =
        late.roster.students.iter().cloned().enumerate().collect();
    let arrivals = late
        .order
        .iter()
        .map(|&i| (i, late.roster.students[i].gender))
        .collect();
    let fingerprint = roster_fingerprint(&late.roster.students);
    (
        students,
        arrivals,
        late.basis,
        late.seed.clone(),
        fingerprint,
    )
}

/// Reads the arrivals as the record lists them: its students by 编班顺序, with their genders.
fn from_record(record: &LateCopy) -> Option<Arrivals> {
    let by_order = record.students_by_order();
    let mut students = BTreeMap::new();
    let mut arrivals = Vec::new();
    let mut lots: Vec<_> = record
        .lots
        .iter()
        .filter_map(|l| Some((l.order?, l)))
        .collect();
    lots.sort_by_key(|(order, _)| *order);
    for (order, lot) in lots {
        let student = by_order
            .get(&order)
            .and_then(|&i| record.book.students.get(i));
        let gender = student.map(|s| s.gender).or(lot.gender)?;
        if let Some(student) = student {
            students.insert(order, student.clone());
        }
        arrivals.push((order, gender));
    }
    let seed = Seed::parse(record.seed.as_deref()?).ok()?;
    Some((students, arrivals, record.basis?, seed, record.late_roster?))
}

/// Compares one copy of a record with the recomputation.
fn check_copy(copy: &LateCopy, result: &Recomputed, report: &mut Report) {
    let file = &copy.book.file;
    let cover = &copy.book.cover;
    let at = |label: &str| match cover.fact(label) {
        Some(fact) => Location::cell(file, &cover.sheet, fact.at),
        None => Location::sheet(file, &cover.sheet),
    };
    let basis = &result.basis;
    if let Some(problem) = given_seed_differs(copy.seed.as_deref(), result) {
        report.error(at(labels::SEED), problem);
        return;
    }
    compare_fingerprint(
        report,
        &at(words::RECORD_FINGERPRINT),
        Item::RecordFingerprint,
        copy.record,
        result.fingerprint,
    );
    compare_fingerprint(
        report,
        &at(words::ARCHIVE_FINGERPRINT),
        Item::ArchiveFingerprint,
        copy.archive,
        basis.archive,
    );
    compare_fingerprint(
        report,
        &at(words::LATE_ROSTER_FINGERPRINT),
        Item::LateRosterFingerprint,
        copy.late_roster,
        basis.late_roster,
    );
    compare_text(
        report,
        &at(labels::SEED),
        Item::Seed,
        copy.seed.as_deref(),
        &basis.seed,
    );
    let list = |f: &[Fingerprint]| {
        f.iter()
            .map(Fingerprint::short)
            .collect::<Vec<_>>()
            .join("、")
    };
    let earlier = copy.earlier.as_deref().map(list);
    compare_text(
        report,
        &at(words::EARLIER_RECORDS),
        Item::EarlierRecords,
        earlier.as_deref(),
        &list(&basis.earlier),
    );
    let order = copy.basis.map(words::basis_text);
    compare_text(
        report,
        &at(words::ORDER_BASIS),
        Item::OrderBasis,
        order,
        words::basis_text(basis.basis),
    );

    let name_of = |k: u32| class_name(copy, k);
    check_lots(copy, result, &name_of, report);
    check_sizes(copy, result, &name_of, report);
    check_students(copy, result, &name_of, report);
}

/// Returns the problem to report instead of every placement when the record's seed is not
/// the `--late-seed` given: with another seed every lot differs, which shows nothing about
/// the record.
fn given_seed_differs(recorded: Option<&str>, result: &Recomputed) -> Option<VerifyProblem> {
    let recorded = Seed::parse(recorded?).ok()?.canonical;
    (result.seed_given && recorded != result.basis.seed).then(|| VerifyProblem::LateSeedDiffers {
        recorded,
        given: result.basis.seed.clone(),
    })
}

fn class_name(copy: &LateCopy, number: u32) -> String {
    let from_sizes = copy
        .classes
        .iter()
        .find(|c| c.number == Some(number))
        .map(|c| c.name.clone());
    let from_grade = || copy.grade.map(|g| g.class_name(number));
    from_sizes
        .or_else(from_grade)
        .unwrap_or_else(|| labels::class_without_grade(number))
}

/// Compares every lot row with the lots drawn again.
fn check_lots(
    copy: &LateCopy,
    result: &Recomputed,
    name_of: &dyn Fn(u32) -> String,
    report: &mut Report,
) {
    let file = &copy.book.file;
    let sheet = &copy.book.cover.sheet;
    let mut seen = Vec::new();
    for lot in &copy.lots {
        let at = |header: &str| Location::cell(file, sheet, lot.row.cell(header));
        let placement = lot
            .order
            .and_then(|o| result.placements.iter().find(|p| p.order == o));
        let Some(placement) = placement.filter(|p| !seen.contains(&p.order)) else {
            let subject = Subject::Placement {
                order: lot.order.unwrap_or(0),
                name: lot.name.clone(),
            };
            report.error(
                at(words::ORDER),
                VerifyProblem::PartUnexpected {
                    subject,
                    twice: lot.order.is_some_and(|o| seen.contains(&o)),
                },
            );
            continue;
        };
        seen.push(placement.order);
        let name = result
            .students
            .get(&placement.order)
            .map(|s| s.name.clone())
            .unwrap_or_else(|| lot.name.clone());
        let subject = Subject::Placement {
            order: placement.order,
            name,
        };
        let numbers = crate::write::late_record::class_numbers;
        let values = [
            (
                Item::Gender,
                words::GENDER,
                lot.gender.map(|g| labels::gender(g).to_string()),
                labels::gender(placement.gender).to_string(),
            ),
            (
                Item::Smallest,
                words::SMALLEST,
                lot.smallest.map(|s| s.to_string()),
                placement.smallest.to_string(),
            ),
            (
                Item::Tied,
                words::TIED,
                lot.tied.as_deref().map(numbers),
                numbers(&placement.tied),
            ),
            (
                Item::Candidates,
                words::CANDIDATES,
                lot.candidates.as_deref().map(numbers),
                numbers(&placement.candidates),
            ),
            (
                Item::Draw,
                words::DRAW,
                lot.draw.map(|d| draw_text(d, placement)),
                draw_text(placement.draw, placement),
            ),
            (
                Item::PlacedClass,
                words::PLACED_CLASS,
                lot.class.map(name_of),
                name_of(placement.class),
            ),
        ];
        for (item, header, found, wanted) in values {
            if found.as_deref() != Some(wanted.as_str()) {
                let problem = VerifyProblem::Differs {
                    subject: subject.clone(),
                    item,
                    found: found.unwrap_or_default(),
                    expected: wanted,
                };
                report.error(at(header), problem);
            }
        }
    }
    for placement in result
        .placements
        .iter()
        .filter(|p| !seen.contains(&p.order))
    {
        let name = result
            .students
            .get(&placement.order)
            .map(|s| s.name.clone())
            .unwrap_or_default();
        let subject = Subject::Placement {
            order: placement.order,
            name,
        };
        report.error(
            Location::sheet(file, sheet),
            VerifyProblem::PartMissing { subject },
        );
    }
}

fn draw_text(draw: Option<u32>, placement: &Placement) -> String {
    words::draw_text(draw, placement.candidates.len()).replace('\n', "，")
}

/// Compares the 各班人数 sheet with the recomputed sizes.
fn check_sizes(
    copy: &LateCopy,
    result: &Recomputed,
    name_of: &dyn Fn(u32) -> String,
    report: &mut Report,
) {
    let file = &copy.book.file;
    let sheet = copy
        .book
        .others
        .first()
        .map_or(copy.book.cover.sheet.as_str(), |s| s.sheet.as_str());
    let mut seen = Vec::new();
    for row in &copy.classes {
        let at = |header: &str| Location::cell(file, sheet, row.row.cell(header));
        let before = row
            .number
            .and_then(|n| result.before.iter().find(|c| c.number == n));
        let after = row
            .number
            .and_then(|n| result.after.iter().find(|c| c.number == n));
        let (Some(before), Some(after)) = (before, after) else {
            let subject = Subject::Class(row.name.clone());
            report.error(
                at(words::CLASS),
                VerifyProblem::PartUnexpected {
                    subject,
                    twice: false,
                },
            );
            continue;
        };
        seen.push(before.number);
        let values = [
            (Item::Before, words::BEFORE, row.before, before.size),
            (
                Item::Added,
                words::ADDED,
                row.added,
                after.size - before.size,
            ),
            (Item::After, words::AFTER, row.after, after.size),
            (Item::Boys, labels::BOYS, row.boys, after.boys),
            (Item::Girls, labels::GIRLS, row.girls, after.girls),
        ];
        for (item, header, found, wanted) in values {
            if found != Some(wanted) {
                let problem = VerifyProblem::Differs {
                    subject: Subject::Class(name_of(before.number)),
                    item,
                    found: found.map(|f| f.to_string()).unwrap_or_default(),
                    expected: wanted.to_string(),
                };
                report.error(at(header), problem);
            }
        }
    }
    for class in result.before.iter().filter(|c| !seen.contains(&c.number)) {
        let subject = Subject::Class(name_of(class.number));
        report.error(
            Location::sheet(file, sheet),
            VerifyProblem::PartMissing { subject },
        );
    }
}

/// Compares each class sheet's students with the recomputed placements.
fn check_students(
    copy: &LateCopy,
    result: &Recomputed,
    name_of: &dyn Fn(u32) -> String,
    report: &mut Report,
) {
    let mut expected: BTreeMap<u32, Vec<&Student>> = BTreeMap::new();
    for placement in &result.placements {
        if let Some(student) = result.students.get(&placement.order) {
            expected.entry(placement.class).or_default().push(student);
        }
    }
    let expected: Vec<(u32, Vec<&Student>)> = expected.into_iter().collect();
    compare_book(&copy.book, &expected, name_of, report);
}

/// Compares the JSON record with the recomputation.
fn check_json(file: &str, json: &LateRecord, result: &Recomputed, report: &mut Report) {
    let at = Location::file(file);
    let basis = &result.basis;
    if let Some(problem) = given_seed_differs(Some(&json.seed.canonical), result) {
        report.error(at, problem);
        return;
    }
    let parse = |hex: &str| Fingerprint::parse(hex);
    compare_fingerprint(
        report,
        &at,
        Item::ArchiveFingerprint,
        parse(&json.archive_fingerprint),
        basis.archive,
    );
    compare_fingerprint(
        report,
        &at,
        Item::LateRosterFingerprint,
        parse(&json.late_roster.fingerprint),
        basis.late_roster,
    );
    compare_text(
        report,
        &at,
        Item::Seed,
        Some(&json.seed.canonical),
        &basis.seed,
    );
    let earlier: Vec<String> = basis.earlier.iter().map(Fingerprint::hex).collect();
    compare_text(
        report,
        &at,
        Item::EarlierRecords,
        Some(&json.earlier_records.join("、")),
        &earlier.join("、"),
    );
    for placement in &result.placements {
        let found = json.placements.iter().find(|p| p.order == placement.order);
        let subject = Subject::Placement {
            order: placement.order,
            name: String::new(),
        };
        let Some(found) = found else {
            report.error(at.clone(), VerifyProblem::PartMissing { subject });
            continue;
        };
        let numbers = crate::write::late_record::class_numbers;
        let values = [
            (
                Item::PlacedClass,
                found.class.to_string(),
                placement.class.to_string(),
            ),
            (
                Item::Draw,
                draw_text(found.draw, placement),
                draw_text(placement.draw, placement),
            ),
            (Item::Tied, numbers(&found.tied), numbers(&placement.tied)),
            (
                Item::Candidates,
                numbers(&found.candidates),
                numbers(&placement.candidates),
            ),
        ];
        for (item, found, wanted) in values {
            if found != wanted {
                let problem = VerifyProblem::Differs {
                    subject: subject.clone(),
                    item,
                    found,
                    expected: wanted,
                };
                report.error(at.clone(), problem);
            }
        }
    }

    let folder = Path::new(file).parent().unwrap_or(Path::new("."));
    let checked = [words::FILE_FIRST, words::FILE_SECOND, words::FILE_THIRD];
    check_outputs(
        folder,
        &json.outputs,
        &crate::read::file_name(Path::new(file)),
        &checked,
        report,
    );
}
