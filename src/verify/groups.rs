//! Checking 分组名单.xlsx and 运行记录.json against the recomputed groups.

use std::path::Path;

use super::{Expected, Item, Subject, VerifyProblem};
use crate::diag::{Location, Report};
use crate::fingerprint::Fingerprint;
use crate::grouplist::{self, ExpectedGroups};
use crate::messages::labels;
use crate::write::record::{GroupRecord, GroupingRecord, OutputRecord, RunRecord};

/// The files of a run record whose content `verify` compares value by value, so a changed
/// SHA-256 is reported with that in mind.
pub const CONTENT_CHECKED: [&str; 2] = [labels::FILE_GROUPS, labels::FILE_ENVELOPES];

/// Checks the group lists: every student in its recomputed group with its values as on the
/// roster, every printed seal and fingerprint as recomputed.
///
/// # Errors
///
/// Fails when the file cannot be read.
pub fn check_lists(
    path: &Path,
    expected: &Expected,
    report: &mut Report,
) -> crate::error::Result<()> {
    let today = chrono::Local::now().date_naive();
    let mut stage = Report::new();
    let mut lists = grouplist::read_lists(path, today, &mut stage)?;
    // The run record beside the lists is checked on its own; here the seals must be the
    // recomputed ones.
    report.problems.extend(
        stage
            .problems
            .into_iter()
            .filter(|p| p.severity == crate::diag::Severity::Error),
    );
    lists.record = Some(expected_record(expected));
    grouplist::check_seals(&lists, false, report);
    let groups = ExpectedGroups {
        roster: &expected.roster,
        groups: &expected.grouping.groups,
    };
    grouplist::compare_with_roster(&lists, &groups, report);
    let at = Location::sheet(&lists.file, labels::SUMMARY_SHEET);
    let summary = &lists.summary;
    compare_fingerprint(
        report,
        &at,
        Item::RosterFingerprint,
        summary.roster,
        expected.roster_fingerprint,
    );
    compare_fingerprint(
        report,
        &at,
        Item::GroupingFingerprint,
        summary.grouping,
        expected.grouping_fingerprint,
    );
    compare_text(
        report,
        &at,
        Item::Seed,
        summary.seed.as_deref(),
        &expected.seed.canonical,
    );
    compare_text(
        report,
        &at,
        Item::School,
        summary.school.as_deref(),
        &expected.school,
    );
    Ok(())
}

/// Reports a printed fingerprint that differs from the expected one, or is missing.
pub fn compare_fingerprint(
    report: &mut Report,
    at: &Location,
    item: Item,
    found: Option<Fingerprint>,
    expected: Fingerprint,
) {
    match found {
        Some(found) if found == expected => {}
        Some(found) => report.error(
            at.clone(),
            VerifyProblem::Differs {
                subject: Subject::File,
                item,
                found: found.grouped(),
                expected: expected.grouped(),
            },
        ),
        None => report.error(
            at.clone(),
            VerifyProblem::Missing {
                subject: Subject::File,
                item,
            },
        ),
    }
}

/// Reports a printed text that differs from the expected one; a missing one is skipped
/// when the expected text is empty.
pub fn compare_text(
    report: &mut Report,
    at: &Location,
    item: Item,
    found: Option<&str>,
    expected: &str,
) {
    let found = found.unwrap_or_default().trim();
    if found != expected.trim() {
        report.error(
            at.clone(),
            VerifyProblem::Differs {
                subject: Subject::File,
                item,
                found: found.to_string(),
                expected: expected.to_string(),
            },
        );
    }
}

/// Builds the run record `group` would have written, as far as the lists use it.
fn expected_record(expected: &Expected) -> RunRecord {
    RunRecord {
        balance: None,
        format: crate::write::record::RECORD_FORMAT,
        tool: "bianban".into(),
        tool_version: String::new(),
        algorithm: expected.grouping.algorithm.into(),
        command: "group".into(),
        time: String::new(),
        school: expected.school.clone(),
        grade: None,
        classes: Some(expected.classes),
        seed: None,
        settings: crate::write::record::SettingsRecord {
            allow_missing_id: false,
        },
        roster: crate::write::record::RosterRecord {
            file: expected.roster.file.clone(),
            fingerprint: expected.roster_fingerprint.hex(),
            students: expected.roster.students.len(),
            boys: expected.roster.boys(),
            girls: expected.roster.girls(),
        },
        grouping: Some(GroupingRecord {
            fingerprint: expected.grouping_fingerprint.hex(),
            groups: expected
                .grouping
                .groups
                .iter()
                .zip(&expected.seals)
                .map(|(g, seal)| GroupRecord {
                    number: g.number,
                    size: g.size(),
                    boys: g.boys,
                    girls: g.girls,
                    seal: seal.hex(),
                })
                .collect(),
        }),
        outputs: Vec::new(),
        journal: None,
    }
}

/// Checks a run record: seed, school, class count, fingerprints and each group's counts
/// and seal, and the SHA-256 of the files it lists. Returns the record when it can be read.
pub fn check_run_record(
    path: &Path,
    expected: &Expected,
    report: &mut Report,
) -> Option<RunRecord> {
    let file = crate::read::file_name(path);
    let at = Location::file(&file);
    let Some(record) = crate::write::record::load(path) else {
        report.error(at, VerifyProblem::RecordUnreadable);
        return None;
    };
    let seed = record.seed.as_ref().map(|s| s.canonical.as_str());
    compare_text(report, &at, Item::Seed, seed, &expected.seed.canonical);
    compare_text(
        report,
        &at,
        Item::School,
        Some(&record.school),
        &expected.school,
    );
    let classes = record.classes.map(|c| c.to_string());
    compare_text(
        report,
        &at,
        Item::ClassCount,
        classes.as_deref(),
        &expected.classes.to_string(),
    );
    let roster = Fingerprint::parse(&record.roster.fingerprint);
    compare_fingerprint(
        report,
        &at,
        Item::RosterFingerprint,
        roster,
        expected.roster_fingerprint,
    );
    let grouping = record.grouping.as_ref();
    let fingerprint = grouping.and_then(|g| Fingerprint::parse(&g.fingerprint));
    compare_fingerprint(
        report,
        &at,
        Item::GroupingFingerprint,
        fingerprint,
        expected.grouping_fingerprint,
    );
    check_recorded_algorithm(&record, expected, &at, report);
    check_recorded_groups(&record, expected, &at, report);
    let folder = path.parent().unwrap_or(Path::new("."));
    check_outputs(folder, &record.outputs, &file, &CONTENT_CHECKED, report);
    Some(record)
}

/// Checks the algorithm and, for a balanced grouping, the balance inputs fingerprint.
fn check_recorded_algorithm(
    record: &RunRecord,
    expected: &Expected,
    at: &Location,
    report: &mut Report,
) {
    let algorithm = expected.grouping.algorithm;
    compare_text(
        report,
        at,
        Item::Algorithm,
        Some(&record.algorithm),
        algorithm,
    );
    if let Some(inputs) = expected.grouping.balance {
        let recorded = record.balance.as_ref().and_then(|b| b.inputs.as_deref());
        let found = recorded.and_then(Fingerprint::parse);
        compare_fingerprint(report, at, Item::BalanceInputs, found, inputs);
    }
}

fn check_recorded_groups(
    record: &RunRecord,
    expected: &Expected,
    at: &Location,
    report: &mut Report,
) {
    let recorded = record
        .grouping
        .as_ref()
        .map(|g| g.groups.as_slice())
        .unwrap_or(&[]);
    for group in &expected.grouping.groups {
        let subject = Subject::Group(group.number);
        let Some(found) = recorded.iter().find(|g| g.number == group.number) else {
            report.error(at.clone(), VerifyProblem::PartMissing { subject });
            continue;
        };
        let seal = expected
            .seal(group.number)
            .map(|s| s.hex())
            .unwrap_or_default();
        let values = [
            (Item::Size, found.size.to_string(), group.size().to_string()),
            (Item::Boys, found.boys.to_string(), group.boys.to_string()),
            (
                Item::Girls,
                found.girls.to_string(),
                group.girls.to_string(),
            ),
            (Item::Seal, found.seal.clone(), seal),
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
    for extra in recorded
        .iter()
        .filter(|g| expected.group(g.number).is_none())
    {
        let subject = Subject::Group(extra.number);
        report.error(
            at.clone(),
            VerifyProblem::PartUnexpected {
                subject,
                twice: false,
            },
        );
    }
}

/// Compares the SHA-256 of each file a record lists with the file beside it.
pub fn check_outputs(
    folder: &Path,
    outputs: &[OutputRecord],
    record: &str,
    content_checked: &[&str],
    report: &mut Report,
) {
    for output in outputs {
        let path = folder.join(&output.file);
        let at = Location::file(super::find::shown(&path));
        let Ok(bytes) = std::fs::read(&path) else {
            let problem = VerifyProblem::FileNotFound {
                record: record.to_string(),
            };
            report.warning(at, problem);
            continue;
        };
        if Fingerprint::of(&bytes).hex() == output.sha256 {
            continue;
        }
        // The draw form is printed blank to be filled in at the draw, so its bytes are
        // meant to change; the draw result itself is checked through the merge record and
        // the three copies.
        if output.file == labels::FILE_DRAW_FORM {
            let problem = VerifyProblem::FormFilled {
                record: record.to_string(),
            };
            report.notice(at, problem);
            continue;
        }
        let checked = content_checked.contains(&output.file.as_str());
        let problem = VerifyProblem::FileChanged {
            record: record.to_string(),
            content_checked: checked,
        };
        report.error(at, problem);
    }
}
