//! `bianban late`: place late students, in registration order, in the smallest classes of
//! an archived draw (ties by a seeded lot), and write the late-enrolment record in three
//! copies with its JSON record.
//!
//! Nothing is placed until the archive and every earlier late record check out against
//! their fingerprints, the journal lists no record that was left out, and no late student
//! is already in a class. The archive and the earlier records are only read.

use std::path::{Path, PathBuf};

use super::{LoadedRoster, load_roster, print_outputs, print_problems};
use crate::archive::{DrawCopy, LateCopy};
use crate::diag::{Location, Report, Severity};
use crate::error::{Error, PostedCopyUse, Result};
use crate::fingerprint::{Fingerprint, placement_line, roster_fingerprint};
use crate::journal::RunFacts;
use crate::journal::record::{Appended, append_entry};
use crate::late::record::{
    self, LateClassRecord, LateRecord, PlacedLine, PlacementRecord, RecordBasis,
};
use crate::late::{self, ClassSize, LateKey, LateProblem, Order, Placement, chain};
use crate::messages::{self, archive as archive_words, labels, late as text};
use crate::plan::LatePlan;
use crate::rng::ALGORITHM_VERSION;
use crate::roster::Gender;
use crate::write::archive::Copy;
use crate::write::late_record::{self, LateClass, LateResult};
use crate::write::record::{OutputRecord, RosterRecord, SeedRecord, output_record};
use crate::write::run_folder::RunFolder;
use crate::write::{self, RunInfo};

/// The archive and the earlier records a late enrolment builds on, checked.
struct Basis {
    archive: DrawCopy,
    fingerprint: Option<Fingerprint>,
    records: Vec<LateCopy>,
    /// Indices into `records`, in chain order.
    chain: Vec<usize>,
}

impl Basis {
    fn chained(&self) -> Vec<&LateCopy> {
        self.chain.iter().map(|&i| &self.records[i]).collect()
    }

    fn earlier(&self) -> Vec<Fingerprint> {
        self.chained().iter().filter_map(|r| r.record).collect()
    }
}

/// Runs the late enrolment.
///
/// # Errors
///
/// [`Error::LateRefused`] when the late roster, the archive or the earlier records have
/// problems, and the read and write errors of the files.
pub fn run(plan: &LatePlan) -> Result<()> {
    let mut report = Report::new();
    let basis = load_basis(plan, &mut report)?;
    let mut roster_plan = plan.roster.clone();
    roster_plan.school = basis.archive.school.clone();
    roster_plan.grade = basis.archive.grade;
    let loaded = load_roster(&roster_plan)?;
    report
        .problems
        .extend(loaded.report.problems.iter().cloned());

    let order = late::registration_order(&loaded.roster, &mut report);
    let placed = chain::placed_by_id(&basis.archive, &basis.chained());
    chain::report_already_placed(&loaded.roster, &placed, &mut report);
    if !report.problems.is_empty() {
        print_problems(&report, "");
    }
    let errors = report.count(Severity::Error);
    let (Some(archive), Some(order)) = (basis.fingerprint, order) else {
        return Err(Error::LateRefused {
            errors: errors.max(1),
        });
    };
    if errors > 0 {
        return Err(Error::LateRefused { errors });
    }

    println!("{}", text::order_basis(order.basis));
    println!("{}", text::gender_rule(plan.gender_rule));
    let result = place_students(plan, &basis, archive, &loaded, &order);
    print_placements(&result);
    print_over_cap(plan, &result, &loaded);
    write_result(plan, &basis, &result)
}

/// Reads the archive and the earlier records and checks them. The journal must list no
/// late enrolment into this archive whose record is missing.
fn load_basis(plan: &LatePlan, report: &mut Report) -> Result<Basis> {
    let today = plan.roster.started.date();
    let archive = DrawCopy::read(&plan.archive, today, report)?;
    archive
        .book
        .require_identifying("--archive", PostedCopyUse::Late)?;
    let beside = plan.archive.parent().unwrap_or(Path::new("."));
    let merge_record = write::record::load_merge(&beside.join(archive_words::FILE_MERGE_RECORD));
    let fingerprint = chain::check_archive(
        &archive,
        merge_record.as_ref(),
        archive_words::FILE_MERGE_RECORD,
        report,
    );
    println!(
        "{}",
        text::archive_file(
            &archive.book.file,
            archive.cover_classes.len(),
            archive.book.students.len()
        )
    );

    let records = plan
        .late_records
        .iter()
        .map(|path| LateCopy::read(path, today, report))
        .collect::<Result<Vec<_>>>()?;
    for record in &records {
        record
            .book
            .require_identifying("--late-record", PostedCopyUse::Late)?;
    }
    let chain = match &fingerprint {
        Some(fp) => chain::chain_records(&records, fp, report),
        None => Vec::new(),
    };
    for &index in &chain {
        let record = &records[index];
        let students = record.book.students.len();
        println!(
            "{}",
            text::earlier_record(&record.book.file, record.sequence.unwrap_or(0), students)
        );
    }
    let basis = Basis {
        archive,
        fingerprint,
        records,
        chain,
    };
    if let Some(fp) = &basis.fingerprint {
        let settings = plan.roster.settings_file.as_deref();
        let work = crate::journal::runs::work_folder(settings, &output_dir(plan));
        let journal = crate::journal::path_in(&work);
        if let Ok((entries, _)) = crate::journal::read(&journal) {
            let file = crate::read::file_name(&journal);
            chain::report_unrecorded(&entries, fp, &basis.earlier(), &file, report);
        }
    }
    Ok(basis)
}

/// Places the students and joins everything the copies print.
fn place_students<'a>(
    plan: &LatePlan,
    basis: &Basis,
    archive: Fingerprint,
    loaded: &'a LoadedRoster,
    order: &Order,
) -> LateResult<'a> {
    let students = &loaded.roster.students;
    let sizes = chain::class_sizes(&basis.archive, &basis.chained());
    let arrivals: Vec<(usize, Gender)> = order
        .students
        .iter()
        .map(|&i| (i, students[i].gender))
        .collect();
    let late_roster = roster_fingerprint(students);
    let earlier = basis.earlier();
    let key = late::late_key(&LateKey {
        seed: &plan.seed,
        archive: &archive,
        earlier: &earlier,
        late_roster: &late_roster,
        classes: sizes.len() as u32,
        gender_rule: plan.gender_rule,
    });
    let (placements, after) = late::place(&sizes, &arrivals, key, plan.gender_rule);

    let record_basis = RecordBasis {
        archive,
        earlier: earlier.clone(),
        seed: plan.seed.canonical.clone(),
        late_roster,
        basis: order.basis,
        gender_rule: plan.gender_rule,
    };
    let lines: Vec<PlacedLine> = placements
        .iter()
        .map(|p| PlacedLine {
            order: p.order,
            class: p.class,
            tied: p.tied.clone(),
            candidates: p.candidates.clone(),
            draw: p.draw,
            line: placement_line(&students[p.student]),
        })
        .collect();
    let fingerprint = record::record_fingerprint(&record_basis, &lines);

    let classes = late_classes(basis, &sizes, &after, &placements, loaded);
    LateResult {
        info: RunInfo {
            school: basis.archive.school.clone().unwrap_or_default(),
            grade: basis.archive.grade,
            classes: Some(sizes.len() as u32),
            seed: Some(plan.seed.clone()),
            roster: late_roster,
            grouping: None,
            algorithm: ALGORITHM_VERSION,
            time: plan.roster.started,
            earlier_runs: Vec::new(),
        },
        archive,
        earlier,
        sequence: basis.chain.len() as u32 + 1,
        fingerprint,
        basis: order.basis,
        gender_rule: plan.gender_rule,
        classes,
        placements,
        students,
        text: plan.archive_text.clone(),
    }
}

/// Lists every class with its sizes before and after and the students it got, named and
/// headed as on the archive's cover.
fn late_classes<'a>(
    basis: &Basis,
    before: &[ClassSize],
    after: &[ClassSize],
    placements: &[Placement],
    loaded: &'a LoadedRoster,
) -> Vec<LateClass<'a>> {
    before
        .iter()
        .zip(after)
        .map(|(b, a)| {
            let row = basis
                .archive
                .cover_classes
                .iter()
                .find(|c| c.number == Some(b.number));
            let name = match (row, basis.archive.grade) {
                (Some(row), _) => row.name.clone(),
                (None, Some(grade)) => grade.class_name(b.number),
                (None, None) => labels::class_without_grade(b.number),
            };
            LateClass {
                number: b.number,
                name,
                before: *b,
                after: *a,
                students: placements
                    .iter()
                    .filter(|p| p.class == b.number)
                    .map(|p| (p.order, &loaded.roster.students[p.student]))
                    .collect(),
                head_teacher: row.and_then(|r| r.head_teacher.clone()),
            }
        })
        .collect()
}

fn print_placements(result: &LateResult) {
    println!("{}", text::placements_heading(result.placements.len()));
    for p in &result.placements {
        let student = &result.students[p.student];
        let tied = text::tied_classes(&p.tied);
        println!(
            "{}",
            text::placement_row(
                p.order,
                &student.name,
                labels::gender(p.gender),
                &tied,
                &text::draw_text(p.draw, p.candidates.len()).replace('\n', "，"),
                &result.class_name(p.class),
            )
        );
    }
    println!();
    println!(
        "{}",
        text::record_fingerprint(&result.fingerprint.grouped())
    );
}

/// Warns about classes that grew beyond the class size cap.
fn print_over_cap(plan: &LatePlan, result: &LateResult, loaded: &LoadedRoster) {
    let Some(cap) = plan
        .class_size_cap
        .or_else(|| result.info.grade.map(|g| g.class_size_cap()))
    else {
        return;
    };
    for class in result.classes.iter().filter(|c| !c.students.is_empty()) {
        if class.after.size > cap {
            let problem = crate::diag::Problem {
                severity: Severity::Warning,
                at: Location::file(&loaded.roster.file),
                kind: LateProblem::OverCap {
                    class: class.name.clone(),
                    size: class.after.size,
                    cap,
                }
                .into(),
            };
            println!("{}", messages::problem_line(&problem));
        }
    }
}

/// Writes the three copies, records the run in the journal and writes the JSON record.
/// The files are staged and placed together, so a failure leaves none of them.
fn write_result(plan: &LatePlan, basis: &Basis, result: &LateResult) -> Result<()> {
    let run = RunFolder::begin(&output_dir(plan))?;
    let mut written = Vec::new();
    for copy in Copy::ALL {
        written.push(run.write(late_record::file_name(copy), |path| {
            late_record::write(path, result, copy)
        })?);
    }
    let mut inputs = vec![plan.roster.path.clone(), plan.archive.clone()];
    inputs.extend(
        basis
            .chain
            .iter()
            .map(|&i| basis.records[i].book.path.clone()),
    );
    let mut json = late_json(plan, result, &inputs, &written).map_err(|e| run.unstaged(e))?;
    // NOTE: the journal entry is appended before the files are placed, because the JSON
    // record stores its number. If writing the record or placing then fails, later `late`
    // runs into this archive are refused, because the journal names a record that no file
    // holds. A taken output name is found before the entry is appended.
    run.check_names_free(&[text::FILE_RECORD])?;
    let appended = record_journal(plan, run.dir(), &json)?;
    json.journal = Some(appended.reference.clone());
    written.push(run.write(text::FILE_RECORD, |path| record::save(path, &json))?);
    let dir = run.finish()?;
    super::journal::print_appended(&appended);
    let names: Vec<String> = written.iter().map(|p| crate::read::file_name(p)).collect();
    print_outputs(&dir, &names);
    Ok(())
}

/// Chooses the `--out` folder, or `后转入记录_<time>` beside the archive's folder, with
/// `(2)`, `(3)` … added when a run in the same second took that name.
fn output_dir(plan: &LatePlan) -> PathBuf {
    if let Some(out) = &plan.roster.out {
        return out.clone();
    }
    let archive_folder = plan.archive.parent().unwrap_or(Path::new("."));
    let parent = archive_folder.parent().unwrap_or(archive_folder);
    let stamp = plan.roster.started.format("%Y%m%d-%H%M%S");
    let base = format!("{}_{stamp}", text::FOLDER);
    let mut candidate = parent.join(&base);
    let mut counter = 1;
    while candidate.exists() {
        counter += 1;
        candidate = parent.join(format!("{base}({counter})"));
    }
    candidate
}

fn late_json(
    plan: &LatePlan,
    result: &LateResult,
    inputs: &[PathBuf],
    written: &[PathBuf],
) -> Result<LateRecord> {
    let students = result.students;
    let boys = students.iter().filter(|s| s.gender == Gender::Male).count();
    let files = |paths: &[PathBuf]| -> Result<Vec<OutputRecord>> {
        paths.iter().map(|p| output_record(p)).collect()
    };
    Ok(LateRecord {
        format: write::record::RECORD_FORMAT,
        tool: "bianban".into(),
        tool_version: write::TOOL_VERSION.into(),
        algorithm: ALGORITHM_VERSION.into(),
        command: "late".into(),
        time: result.info.time.format("%Y-%m-%dT%H:%M:%S").to_string(),
        school: result.info.school.clone(),
        grade: result.info.grade.map(|g| g.label()),
        classes: result.classes.len() as u32,
        seed: SeedRecord {
            written: plan.seed.written.clone(),
            canonical: plan.seed.canonical.clone(),
        },
        sequence: result.sequence,
        archive_fingerprint: result.archive.hex(),
        earlier_records: result.earlier.iter().map(Fingerprint::hex).collect(),
        late_roster: RosterRecord {
            file: crate::read::file_name(&plan.roster.path),
            fingerprint: result.info.roster.hex(),
            students: students.len(),
            boys,
            girls: students.len() - boys,
        },
        order_basis: result.basis.code().into(),
        gender_rule: result.gender_rule,
        record_fingerprint: result.fingerprint.hex(),
        class_sizes: result
            .classes
            .iter()
            .map(|c| LateClassRecord {
                class: c.number,
                before: c.before.size,
                added: c.students.len(),
                after: c.after.size,
                boys: c.after.boys,
                girls: c.after.girls,
            })
            .collect(),
        placements: result
            .placements
            .iter()
            .map(|p| PlacementRecord {
                order: p.order,
                gender: match p.gender {
                    Gender::Male => "M".into(),
                    Gender::Female => "F".into(),
                },
                smallest: p.smallest,
                tied: p.tied.clone(),
                candidates: p.candidates.clone(),
                draw: p.draw,
                class: p.class,
            })
            .collect(),
        inputs: files(inputs)?,
        outputs: files(written)?,
        journal: None,
    })
}

fn record_journal(plan: &LatePlan, dir: &Path, json: &LateRecord) -> Result<Appended> {
    let work = crate::journal::runs::work_folder(plan.roster.settings_file.as_deref(), dir);
    let mut based_on = vec![json.archive_fingerprint.clone()];
    based_on.extend(json.earlier_records.iter().cloned());
    let facts = RunFacts {
        command: "late".into(),
        tool_version: json.tool_version.clone(),
        algorithm: json.algorithm.clone(),
        school: json.school.clone(),
        grade: json.grade.clone(),
        classes: Some(json.classes),
        seed: Some(json.seed.canonical.clone()),
        roster_fingerprint: Some(json.late_roster.fingerprint.clone()),
        grouping_fingerprint: None,
        inputs: super::journal::file_hashes(&json.inputs),
        outputs: super::journal::file_hashes(&json.outputs),
        output_folder: crate::journal::runs::relative_folder(&work, dir),
        record_fingerprint: Some(json.record_fingerprint.clone()),
        based_on,
    };
    append_entry(&work, facts, plan.roster.started)
}
