//! `bianban audit`: compare a current class list with the archive and the late records,
//! and write 核查报告.xlsx for the inspector to sign. Exits with 1 when any student changed
//! class, appears without a record, is missing or is listed twice.

use std::path::Path;

use super::{print_outputs, print_problems};
use crate::archive::{DrawCopy, LateCopy};
use crate::audit::{self, AuditProblem, Placed};
use crate::diag::{Location, Report, Severity};
use crate::error::{Error, PostedCopyUse, Result};
use crate::fingerprint::Fingerprint;
use crate::late::chain;
use crate::messages::{self, archive as archive_words, audit as text};
use crate::plan::AuditPlan;
use crate::write;
use crate::write::audit_report::AuditReport;
use crate::write::run_folder::RunFolder;

/// The archive and the late records as read, with the problems found in them.
struct Placement {
    archive: DrawCopy,
    fingerprint: Option<Fingerprint>,
    records: Vec<LateCopy>,
    checks: Report,
}

/// Runs the audit.
///
/// # Errors
///
/// [`Error::AuditFindings`] when anything was found; the read and write errors of the
/// files.
pub fn run(plan: &AuditPlan) -> Result<()> {
    let placement = load_placement(plan)?;
    let placed = placed_students(&placement.archive, &placement.records);

    let mut report = Report::new();
    let current = audit::read_current(&plan.current, plan.started.date(), &mut report)?;
    note_grade(&placement.archive, &current, &mut report);
    let found = audit::compare(&placed, &current.rows);
    report_findings(&found, &placed, &current.rows, &mut report);
    print_summary(&placed, &current, &found);

    let notes: Vec<String> = placement
        .checks
        .problems
        .iter()
        .filter(|p| p.severity != Severity::Notice)
        .map(messages::problem_line)
        .collect();
    report.extend(placement.checks.clone());
    if !report.problems.is_empty() {
        print_problems(&report, "");
    }

    let sha256 = std::fs::read(&plan.current)
        .map(|b| Fingerprint::of(&b))
        .map_err(|e| Error::FileUnreadable {
            path: plan.current.clone(),
            code: e.raw_os_error(),
        })?;
    let audit_report = AuditReport {
        school: placement.archive.school.clone().unwrap_or_default(),
        grade: placement.archive.grade,
        time: plan.started,
        archive_file: placement.archive.book.file.clone(),
        archive_fingerprint: placement.fingerprint,
        late_records: placement
            .records
            .iter()
            .map(|r| (r.book.file.clone(), r.record))
            .collect(),
        current_file: current.file.clone(),
        current_sha256: sha256,
        placed: &placed,
        rows: &current.rows,
        audit: &found,
        notes,
    };
    let run = RunFolder::begin(&plan.output_dir())?;
    run.write(text::FILE_REPORT, |path| {
        write::audit_report::write(path, &audit_report)
    })?;
    let dir = run.finish()?;
    print_outputs(&dir, &[text::FILE_REPORT.to_string()]);

    match found.findings() {
        0 => Ok(()),
        count => Err(Error::AuditFindings { count }),
    }
}

/// Reads the archive and the late records and checks them against their fingerprints.
/// The audit goes on when they do not check out, and the report names the problems.
fn load_placement(plan: &AuditPlan) -> Result<Placement> {
    let today = plan.started.date();
    let mut checks = Report::new();
    let archive = DrawCopy::read(&plan.archive, today, &mut checks)?;
    archive
        .book
        .require_identifying("--archive", PostedCopyUse::Audit)?;
    let beside = plan.archive.parent().unwrap_or(Path::new("."));
    let merge_record = write::record::load_merge(&beside.join(archive_words::FILE_MERGE_RECORD));
    let fingerprint = chain::check_archive(
        &archive,
        merge_record.as_ref(),
        archive_words::FILE_MERGE_RECORD,
        &mut checks,
    );
    let records = plan
        .late
        .iter()
        .map(|path| LateCopy::read(path, today, &mut checks))
        .collect::<Result<Vec<_>>>()?;
    for record in &records {
        record
            .book
            .require_identifying("--late", PostedCopyUse::Audit)?;
    }
    if let Some(fp) = &fingerprint {
        chain::chain_records(&records, fp, &mut checks);
    }
    Ok(Placement {
        archive,
        fingerprint,
        records,
        checks,
    })
}

/// Collects every student of the archive and the late records, with the class that placed
/// them.
fn placed_students<'a>(archive: &'a DrawCopy, records: &'a [LateCopy]) -> Vec<Placed<'a>> {
    let mut placed = Vec::new();
    let books = std::iter::once((&archive.book, false))
        .chain(records.iter().map(|record| (&record.book, true)));
    for (book, late) in books {
        for class in &book.classes {
            let Some(number) = class.number else { continue };
            for &index in &class.members {
                let Some(student) = book.students.get(index) else {
                    continue;
                };
                placed.push(Placed {
                    student,
                    class: number,
                    class_name: class.name.clone(),
                    source: book.file.clone(),
                    late,
                    at: book.location(index),
                });
            }
        }
    }
    placed
}

/// Notes when the list names another grade than the archive: the cohort moved up.
fn note_grade(archive: &DrawCopy, current: &audit::CurrentList, report: &mut Report) {
    let Some(archived) = archive.grade else {
        return;
    };
    let listed = current
        .rows
        .iter()
        .find_map(|r| r.class.and_then(|k| k.grade));
    if let Some(listed) = listed.filter(|g| *g != archived) {
        let problem = AuditProblem::GradeDiffers {
            list: listed.label(),
            archive: archived.label(),
        };
        report.notice(Location::file(&current.file), problem);
    }
}

fn report_findings(
    found: &audit::Audit,
    placed: &[Placed],
    rows: &[audit::CurrentRow],
    report: &mut Report,
) {
    for &(row, index, basis) in &found.moved {
        let (current, placed) = (&rows[row], &placed[index]);
        let problem = AuditProblem::Moved {
            name: current.name.clone(),
            id: placed.student.id.display(),
            placed: placed.class_name.clone(),
            current: current.class_text.clone(),
            basis,
        };
        report.error(current.at.clone(), problem);
    }
    for &(row, namesake) in &found.slipped_in {
        let current = &rows[row];
        let problem = AuditProblem::SlippedIn {
            name: current.name.clone(),
            id: current.id_text().to_string(),
            class: current.class_text.clone(),
            namesake: namesake.map(|i| placed[i].class_name.clone()),
        };
        report.error(current.at.clone(), problem);
    }
    for &index in &found.missing {
        let placed = &placed[index];
        let problem = AuditProblem::Missing {
            name: placed.student.name.clone(),
            id: placed.student.id.display(),
            class: placed.class_name.clone(),
            late: placed.late,
        };
        report.error(placed.at.clone(), problem);
    }
    for &(row, first) in &found.twice {
        let problem = AuditProblem::Twice {
            name: rows[row].name.clone(),
            other: rows[first].at.clone(),
        };
        report.error(rows[row].at.clone(), problem);
    }
}

fn print_summary(placed: &[Placed], current: &audit::CurrentList, found: &audit::Audit) {
    println!(
        "{}",
        text::summary_line(placed.len(), current.rows.len(), found.matched.len())
    );
    println!(
        "{}",
        text::findings_line(
            found.moved.len(),
            found.slipped_in.len(),
            found.missing.len(),
            found.twice.len()
        )
    );
    println!("{}", text::conclusion(found.findings()));
}
