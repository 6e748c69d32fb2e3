//! `bianban verify`: group the confirmed roster again with the seed and compare every file
//! given, or found in the folders given, with the result. Prints 一致, or every difference
//! with its place; exits with 1 when there is any.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{load_roster, print_problems};
use crate::archive::{DrawCopy, LateCopy};
use crate::diag::{Location, Report, Severity};
use crate::error::{Error, OptionFault, Result};
use crate::journal::runs::JournalRef;
use crate::late::record::LateRecord;
use crate::messages::labels::FILE_RECORD;
use crate::messages::verify as text;
use crate::plan::{RosterPlan, VerifyPlan};
use crate::regroup::Recorded;
use crate::verify::basis::{self, RecordedBasis};
use crate::verify::copies::{self, DrawReference};
use crate::verify::find::{self, Found, Kind};
use crate::verify::journal::{self, Pointer};
use crate::verify::late::LateRoster;
use crate::verify::{Expected, ExpectedRequest, VerifyProblem, envelopes, groups};
use crate::write::record::{MergeRecord, RunRecord};

/// The results of one file's check, for the summary.
struct Checked {
    shown: String,
    report: Report,
}

/// Runs the verification.
///
/// # Errors
///
/// [`Error::Differences`] when any file differs from the recomputation; the read errors of
/// the roster.
pub fn run(plan: &VerifyPlan) -> Result<()> {
    let (found, unknown) = find::collect(&plan.paths);
    let run_records: Vec<(&Found, Option<RunRecord>)> = of_kind(&found, Kind::RunRecord)
        .map(|f| (f, crate::write::record::load(&f.path)))
        .collect();
    let merge_records: Vec<(&Found, Option<MergeRecord>)> = of_kind(&found, Kind::MergeRecord)
        .map(|f| (f, crate::write::record::load_merge(&f.path)))
        .collect();
    let beside = record_beside_lists(&found, &run_records);
    let beside_record = beside.as_ref().map(|(_, record)| record);
    let expected = recompute(plan, &run_records, beside_record, &merge_records)?;
    let bases = recorded_bases(&found, &run_records, beside.as_ref(), &merge_records);
    if let Some((basis, differences)) = basis::first_difference(&bases, &expected) {
        let problem = VerifyProblem::BasisDiffers { differences };
        return conclude_other_basis(plan, &found, &expected, (basis, problem), &unknown);
    }
    let mut checked: Vec<Checked> = Vec::new();
    let mut pointers: Vec<Pointer> = Vec::new();
    check_groups(&found, &expected, &mut checked);
    for (file, record) in &run_records {
        let mut report = Report::new();
        groups::check_run_record(&file.path, &expected, &mut report);
        if let Some(record) = record {
            pointers.extend(pointer(
                &file.path,
                record.journal.as_ref(),
                "group",
                || {
                    let outputs = super::journal::file_hashes(&record.outputs);
                    (record.seed.as_ref().map(|s| s.canonical.clone()), outputs)
                },
            ));
        }
        checked.push(finish(&file.path, report));
    }
    let references = check_draws(
        &found,
        &merge_records,
        &expected,
        &mut checked,
        &mut pointers,
    );
    check_late(
        plan,
        &found,
        &expected,
        &references,
        &mut checked,
        &mut pointers,
    )?;
    let journals = journal_files(plan, &found);
    let mut journal_report = Report::new();
    let counts = journal::check_journals(&journals, &pointers, &expected, &mut journal_report);
    print_summary(&checked, &journals, &counts, &unknown);
    let mut report = Report::new();
    for check in checked {
        report.extend(check.report);
    }
    report.extend(journal_report);
    conclude(&report, found.is_empty())
}

fn of_kind(found: &[Found], kind: Kind) -> impl Iterator<Item = &Found> {
    found.iter().filter(move |f| f.kind == kind)
}

/// Finds the run record, with its path, beside the given group lists or envelope covers
/// when no run record is among the files. The record states how the groups were made.
fn record_beside_lists(
    found: &[Found],
    run_records: &[(&Found, Option<RunRecord>)],
) -> Option<(PathBuf, RunRecord)> {
    if run_records.iter().any(|(_, r)| r.is_some()) {
        return None;
    }
    found
        .iter()
        .filter(|f| matches!(f.kind, Kind::GroupLists | Kind::Envelopes))
        .find_map(|f| {
            let path = folder_of(&f.path).join(FILE_RECORD);
            crate::write::record::load(&path).map(|record| (path, record))
        })
}

/// Collects the seed, school, class count and roster fingerprint of each run and merge
/// record. Without any record, takes those the group workbooks print.
fn recorded_bases(
    found: &[Found],
    run_records: &[(&Found, Option<RunRecord>)],
    beside: Option<&(PathBuf, RunRecord)>,
    merge_records: &[(&Found, Option<MergeRecord>)],
) -> Vec<RecordedBasis> {
    let runs = run_records
        .iter()
        .filter_map(|(f, r)| Some(RecordedBasis::of_run(&f.path, r.as_ref()?)));
    let beside = beside.map(|(path, record)| RecordedBasis::of_run(path, record));
    let merges = merge_records
        .iter()
        .filter_map(|(f, r)| Some(RecordedBasis::of_merge(&f.path, r.as_ref()?)));
    let bases: Vec<RecordedBasis> = runs.chain(beside).chain(merges).collect();
    if !bases.is_empty() {
        return bases;
    }
    let today = chrono::Local::now().date_naive();
    of_kind(found, Kind::GroupLists)
        .filter_map(|f| {
            let lists = crate::grouplist::read_lists(&f.path, today, &mut Report::new()).ok()?;
            Some(RecordedBasis::of_lists(&f.path, &lists))
        })
        .collect()
}

/// Ends a run whose records were made with another seed, roster, school or class count:
/// prints that one problem and the journal's, without comparing the files.
fn conclude_other_basis(
    plan: &VerifyPlan,
    found: &[Found],
    expected: &Expected,
    (basis, problem): (&RecordedBasis, VerifyProblem),
    unknown: &[PathBuf],
) -> Result<()> {
    let shown = find::shown(&basis.file);
    let mut record_report = Report::new();
    record_report.error(Location::file(&shown), problem);
    let journals = journal_files(plan, found);
    let mut journal_report = Report::new();
    let counts = journal::check_journals(&journals, &[], expected, &mut journal_report);
    let checked = [Checked {
        shown,
        report: record_report,
    }];
    print_summary(&checked, &journals, &counts, unknown);
    let mut report = Report::new();
    for check in checked {
        report.extend(check.report);
    }
    report.extend(journal_report);
    conclude(&report, false)
}

/// Reads the roster and groups it again with the school and class count given, or else
/// those of a run or merge record among the files, and with the balance options of the run
/// record or those given.
fn recompute(
    plan: &VerifyPlan,
    run_records: &[(&Found, Option<RunRecord>)],
    beside: Option<&RunRecord>,
    merge_records: &[(&Found, Option<MergeRecord>)],
) -> Result<Expected> {
    let recorded = run_records.iter().find_map(|(_, r)| r.as_ref()).or(beside);
    let merged = merge_records.iter().find_map(|(_, r)| r.as_ref());
    let known_school = plan
        .roster
        .school
        .clone()
        .or_else(|| recorded.map(|r| r.school.clone()))
        .or_else(|| merged.map(|r| r.school.clone()));
    // The roster summary names the school the groups are made for.
    let roster_plan = RosterPlan {
        school: known_school.clone(),
        ..plan.roster.clone()
    };
    let loaded = load_roster(&roster_plan)?;
    let errors = loaded.report.count(Severity::Error);
    if errors > 0 {
        print_problems(&loaded.report, "");
        return Err(Error::DataErrors { errors });
    }
    let school = known_school.unwrap_or_else(|| loaded.school.clone());
    let classes = plan
        .classes
        .or_else(|| recorded.and_then(|r| r.classes))
        .or_else(|| merged.map(|r| r.classes))
        .ok_or(Error::InvalidOption {
            option: "--classes",
            value: String::new(),
            fault: OptionFault::ClassCount,
        })?;
    let request = ExpectedRequest {
        roster_path: &plan.roster.path,
        school,
        seed: plan.seed.clone(),
        classes,
        score_max: plan.roster.options.score_max,
        recorded: Recorded {
            run: recorded,
            algorithm: merged.map(|r| r.algorithm.as_str()),
        },
        given: &plan.balance,
    };
    let expected = Expected::compute(loaded.roster, request)?;
    println!();
    println!(
        "{}",
        text::heading(&expected.school, classes, &expected.seed.canonical)
    );
    println!(
        "{}",
        text::recomputed(
            &expected.roster_fingerprint.grouped(),
            &expected.grouping_fingerprint.grouped()
        )
    );
    Ok(expected)
}

/// Checks the group lists and the envelope covers.
fn check_groups(found: &[Found], expected: &Expected, checked: &mut Vec<Checked>) {
    for file in found {
        let mut report = Report::new();
        let result = match file.kind {
            Kind::GroupLists => groups::check_lists(&file.path, expected, &mut report),
            Kind::Envelopes => envelopes::check_envelopes(&file.path, expected, &mut report),
            _ => continue,
        };
        if let Err(error) = result {
            unreadable(&file.path, &error, &mut report);
        }
        checked.push(finish(&file.path, report));
    }
}

/// Reports a file that could not be read, so the other files are still checked.
fn unreadable(path: &Path, error: &Error, report: &mut Report) {
    let reason = crate::messages::error_text(error);
    let at = Location::file(find::shown(path));
    report.error(at, VerifyProblem::FileUnreadable { reason });
}

/// Checks the merge records and the copies of each draw; returns the draw of each folder.
fn check_draws(
    found: &[Found],
    merge_records: &[(&Found, Option<MergeRecord>)],
    expected: &Expected,
    checked: &mut Vec<Checked>,
    pointers: &mut Vec<Pointer>,
) -> Vec<DrawReference> {
    let mut references: Vec<DrawReference> = Vec::new();
    for (file, record) in merge_records {
        let mut report = Report::new();
        copies::check_merge_record(&file.path, expected, &mut report);
        if let Some(record) = record {
            references.extend(DrawReference::from_record(folder_of(&file.path), record));
            pointers.extend(pointer(
                &file.path,
                record.journal.as_ref(),
                "merge",
                || {
                    let outputs = super::journal::file_hashes(&record.outputs);
                    (record.seed.as_ref().map(|s| s.canonical.clone()), outputs)
                },
            ));
        }
        checked.push(finish(&file.path, report));
    }
    let today = chrono::Local::now().date_naive();
    let mut copies_read = Vec::new();
    for file in of_kind(found, Kind::DrawCopy) {
        let mut report = Report::new();
        let mut copy = match DrawCopy::read(&file.path, today, &mut report) {
            Ok(copy) => copy,
            Err(error) => {
                unreadable(&file.path, &error, &mut report);
                checked.push(finish(&file.path, report));
                continue;
            }
        };
        copy.book.file = find::shown(&file.path);
        let folder = folder_of(&file.path);
        let known = references.iter().any(|r| r.folder == folder);
        if !known && !copy.book.is_posted {
            references.extend(DrawReference::from_copy(folder, &copy));
        }
        copies_read.push((file, copy, report));
    }
    for (file, copy, mut report) in copies_read {
        let folder = folder_of(&file.path);
        if let Some(reference) = references.iter().find(|r| r.folder == folder) {
            copies::check_draw_copy(&copy, expected, reference, &mut report);
        }
        checked.push(finish(&file.path, report));
    }
    references
}

/// Checks the late records, placing again the late rosters given.
fn check_late(
    plan: &VerifyPlan,
    found: &[Found],
    expected: &Expected,
    references: &[DrawReference],
    checked: &mut Vec<Checked>,
    pointers: &mut Vec<Pointer>,
) -> Result<()> {
    let today = chrono::Local::now().date_naive();
    let mut rosters = Vec::new();
    for late in &plan.late {
        let loaded = load_roster(&late.roster)?;
        let mut report = loaded.report.clone();
        let order = crate::late::registration_order(&loaded.roster, &mut report);
        let errors = report.count(Severity::Error);
        let Some(order) = order.filter(|_| errors == 0) else {
            print_problems(&report, "");
            return Err(Error::DataErrors {
                errors: errors.max(1),
            });
        };
        rosters.push(LateRoster {
            roster: loaded.roster,
            seed: late.seed.clone(),
            basis: order.basis,
            order: order.students,
        });
    }
    let mut copies = Vec::new();
    let mut reports = Vec::new();
    for file in of_kind(found, Kind::LateCopy) {
        let mut report = Report::new();
        match LateCopy::read(&file.path, today, &mut report) {
            Ok(mut copy) => {
                copy.book.file = find::shown(&file.path);
                copies.push(copy);
            }
            Err(error) => unreadable(&file.path, &error, &mut report),
        }
        reports.push((file.path.clone(), report));
    }
    let mut records: Vec<(String, LateRecord)> = Vec::new();
    for file in of_kind(found, Kind::LateRecord) {
        match crate::late::record::load(&file.path) {
            Some(record) => {
                pointers.extend(pointer(&file.path, record.journal.as_ref(), "late", || {
                    let outputs = super::journal::file_hashes(&record.outputs);
                    (Some(record.seed.canonical.clone()), outputs)
                }));
                records.push((find::shown(&file.path), record));
            }
            None => {
                let mut report = Report::new();
                let at = Location::file(find::shown(&file.path));
                report.error(at, VerifyProblem::RecordUnreadable);
                checked.push(finish(&file.path, report));
            }
        }
    }
    let mut report = Report::new();
    crate::verify::late::check_late_records(
        &copies,
        &records,
        expected,
        references,
        &rosters,
        &mut report,
    );
    let mut by_file: BTreeMap<String, Report> = BTreeMap::new();
    for problem in report.problems {
        by_file
            .entry(problem.at.file.clone())
            .or_default()
            .problems
            .push(problem);
    }
    for (path, mut own) in reports {
        if let Some(more) = by_file.remove(&find::shown(&path)) {
            own.extend(more);
        }
        checked.push(finish(&path, own));
    }
    for (shown, _) in &records {
        let own = by_file.remove(shown).unwrap_or_default();
        checked.push(finish(Path::new(shown), own));
    }
    // Problems about files beside the records (their outputs) are shown under those files.
    for (shown, report) in by_file {
        checked.push(Checked { shown, report });
    }
    Ok(())
}

/// A record's pointer to its journal entry, when it has one.
fn pointer(
    path: &Path,
    reference: Option<&JournalRef>,
    command: &'static str,
    facts: impl FnOnce() -> (Option<String>, Vec<crate::journal::FileHash>),
) -> Option<Pointer> {
    let reference = reference?.clone();
    let (seed, outputs) = facts();
    Some(Pointer {
        record: find::shown(path),
        reference,
        command,
        seed,
        outputs,
    })
}

fn journal_files(plan: &VerifyPlan, found: &[Found]) -> Vec<(PathBuf, String)> {
    let work =
        crate::journal::runs::work_folder(plan.roster.settings_file.as_deref(), Path::new("."));
    find::journals(found, &plan.paths, &work)
        .into_iter()
        .map(|p| {
            let shown = find::shown(&p);
            (p, shown)
        })
        .collect()
}

fn folder_of(path: &Path) -> &Path {
    path.parent().unwrap_or(Path::new("."))
}

/// Shows the problems of a file under its path, and those about a file beside it under
/// that file's path.
fn finish(path: &Path, mut report: Report) -> Checked {
    let folder = folder_of(path);
    for problem in &mut report.problems {
        let file = &problem.at.file;
        if !file.contains(['/', '\\']) {
            problem.at.file = find::shown(&folder.join(file));
        }
    }
    Checked {
        shown: find::shown(path),
        report,
    }
}

fn print_summary(
    checked: &[Checked],
    journals: &[(PathBuf, String)],
    counts: &[usize],
    unknown: &[PathBuf],
) {
    println!("{}", text::files_heading(checked.len() + journals.len()));
    for check in checked {
        let errors = check
            .report
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count();
        println!("{}", text::file_status(&check.shown, errors));
    }
    for ((_, shown), entries) in journals.iter().zip(counts) {
        println!("{}", text::journal_file(shown, *entries));
    }
    for path in unknown {
        println!("{}", text::unknown_file(&find::shown(path)));
    }
}

/// Prints every difference and the verdict.
fn conclude(report: &Report, nothing_found: bool) -> Result<()> {
    if nothing_found {
        println!("{}", text::no_files());
        return Err(Error::Differences { count: 1 });
    }
    let errors = report.count(Severity::Error);
    if !report.problems.is_empty() {
        println!("{}", text::problems_heading());
        for problem in report.sorted() {
            println!("  {}", crate::messages::problem_line(problem));
        }
    }
    if errors == 0 {
        println!("{}", text::consistent());
        return Ok(());
    }
    Err(Error::Differences { count: errors })
}
