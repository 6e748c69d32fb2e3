//! `bianban merge`: check the typed draw form and the sealed group lists, then write the
//! three copies of the draw result, the posted web page and the merge record.
//!
//! Nothing is written until the form is right and the lists match their seals. A merge
//! never overwrites earlier copies. Earlier merges are found by their 抽签结果记录.json in
//! the folders beside the output folder and inside the group lists' folder; a second merge
//! of the same roster with another result is refused unless `--rerun` is given.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{LoadedRoster, load_roster, print_outputs, print_problems};
use crate::classname::Grade;
use crate::diag::{Report, Severity};
use crate::draw::check::DrawCheck;
use crate::draw::{self, Draw};
use crate::error::{Error, MergeInput, Result};
use crate::fingerprint::{Fingerprint, roster_fingerprint};
use crate::group::balance::BALANCE_ALGORITHM;
use crate::grouplist::{self, ExpectedGroups, GroupLists, ListProblem};
use crate::messages::{archive as words, labels, merge as text};
use crate::plan::{GroupSource, MergePlan, RosterPlan};
use crate::regroup::{GivenBalance, Recorded, Regroup, regroup};
use crate::rng::{ALGORITHM_VERSION, Seed};
use crate::roster::Student;
use crate::teams::Teams;
use crate::write::archive::{self, ClassResult, Copy, DrawResult};
use crate::write::record::{
    self, DrawRecord, EarlierDrawRecord, MergeRecord, RunRecord, SeedRecord,
};
use crate::write::run_folder::RunFolder;
use crate::write::{self, RunInfo};

/// The groups to merge the draw into, with what made them.
struct Groups {
    students: Vec<Student>,
    /// Student indices of group k at index k - 1.
    members: Vec<Vec<usize>>,
    seals: Vec<Fingerprint>,
    info: RunInfo,
    lists: Option<PathBuf>,
}

/// Runs the merge.
///
/// # Errors
///
/// [`Error::MergeRefused`] when the lists, the form or the teacher sheets have problems,
/// [`Error::DrawnBefore`] for a second, different result without `--rerun`, and the read
/// and write errors of the files.
pub fn run(plan: &MergePlan) -> Result<()> {
    let mut report = Report::new();
    let groups = load_groups(plan, &mut report)?;
    let groups_errors = report.count(Severity::Error);
    let form = draw::read_form(&plan.draw, &mut report)?;
    println!("{}", text::draw_file(&form.file));
    let classes = groups.members.len() as u32;
    let form_errors = report.count(Severity::Error) - groups_errors;
    let teams = load_teams(
        &plan.teachers,
        groups.info.grade,
        plan.started.date(),
        &mut report,
    )?;
    let teams_errors = report.count(Severity::Error) - groups_errors - form_errors;
    let check = DrawCheck {
        classes,
        grade: groups.info.grade,
        grouping: groups.info.grouping,
        teams: teams.as_ref(),
        date: plan.date,
        today: plan.started.date(),
    };
    let checked = draw::check_draw(&form, &check, &mut report);
    if !report.problems.is_empty() {
        print_problems(&report, "");
    }
    let errors = report.count(Severity::Error);
    let Some(draw) = checked.filter(|_| errors == 0) else {
        // The draw check reports the form's own mistakes and where it disagrees with the
        // teacher sheets; the form is what the clerk corrects then.
        let draw_errors = errors - groups_errors - form_errors - teams_errors;
        return Err(refused([
            (MergeInput::Groups, groups_errors),
            (MergeInput::DrawForm, form_errors + draw_errors),
            (MergeInput::TeacherSheets, teams_errors),
        ]));
    };
    println!(
        "{}",
        text::draw_checked(draw.groups.len(), &labels::date(draw.date))
    );
    write_result(plan, &groups, &draw, teams.as_ref())
}

/// Returns the refusal for the errors counted per input.
fn refused(counts: [(MergeInput, usize); 3]) -> Error {
    let errors: usize = counts.iter().map(|(_, n)| n).sum();
    let inputs = counts.iter().filter(|(_, n)| *n > 0).map(|(i, _)| *i);
    Error::MergeRefused {
        errors: errors.max(1),
        inputs: inputs.collect(),
    }
}

/// Reads the teacher sheets given with `--teachers`.
///
/// # Errors
///
/// Fails when a teacher sheet cannot be read.
fn load_teams(
    paths: &[PathBuf],
    grade: Option<Grade>,
    today: NaiveDate,
    report: &mut Report,
) -> Result<Option<Teams>> {
    if paths.is_empty() {
        return Ok(None);
    }
    let sheets = crate::teachers::read_teams(paths, grade, today, report)?;
    Ok(Some(sheets.teams))
}

fn load_groups(plan: &MergePlan, report: &mut Report) -> Result<Groups> {
    match &plan.source {
        GroupSource::Lists { path, roster } => from_lists(plan, path, roster.as_ref(), report),
        GroupSource::Recompute {
            roster,
            seed,
            classes,
        } => recompute(plan, roster, seed, *classes, report),
    }
}

/// Reads the sealed lists and checks them, against the confirmed roster when given.
fn from_lists(
    plan: &MergePlan,
    path: &Path,
    roster: Option<&RosterPlan>,
    report: &mut Report,
) -> Result<Groups> {
    let lists = grouplist::read_lists(path, plan.started.date(), report)?;
    println!("{}", text::lists_file(&lists.file));
    let info = lists_info(plan, &lists);
    let confirmed = match roster {
        Some(roster_plan) => Some(load_roster(&with_school(roster_plan, &info.school))?),
        None => None,
    };
    let mut exact = false;
    if let (Some(loaded), Some(roster_plan)) = (&confirmed, roster) {
        forward_errors(&loaded.report, report);
        let given = Given {
            roster_plan,
            balance: &plan.balance,
        };
        exact = compare_roster(&lists, loaded, &info, given, report)?;
    }
    let check = grouplist::check_seals(&lists, !exact, report);
    if check.changed.is_empty() && !report.has_errors() {
        println!(
            "{}",
            text::lists_checked(lists.group_count(), lists.roster.students.len())
        );
        if exact {
            println!("{}", text::roster_checked());
        }
    }
    let count = lists.group_count();
    let members: Vec<Vec<usize>> = (1..=count)
        .map(|g| {
            lists
                .sheet_of(g)
                .map(|s| s.members.clone())
                .unwrap_or_default()
        })
        .collect();
    let seals = (1..=count)
        .map(|g| crate::fingerprint::group_seal(g, &lists.members(g)))
        .collect();
    Ok(Groups {
        students: lists.roster.students,
        members,
        seals,
        info,
        lists: Some(path.to_path_buf()),
    })
}

/// Returns the roster's plan with the school of the group lists, so that the roster
/// summary names it, unless a school was given.
fn with_school(roster_plan: &RosterPlan, school: &str) -> RosterPlan {
    let known = Some(school.to_string()).filter(|s| !s.is_empty());
    RosterPlan {
        school: roster_plan.school.clone().or(known),
        ..roster_plan.clone()
    }
}

/// Keeps the errors of the confirmed roster; its notices were printed with it.
fn forward_errors(from: &Report, into: &mut Report) {
    for problem in from
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
    {
        into.problems.push(problem.clone());
    }
}

/// The confirmed roster's plan and the balance options given, for a recomputation.
#[derive(Clone, Copy)]
struct Given<'a> {
    roster_plan: &'a RosterPlan,
    balance: &'a GivenBalance,
}

/// Compares the lists with the groups recomputed from the confirmed roster, with the
/// balance options of the run record beside the lists; returns whether the comparison
/// could be made (same roster, known seed).
///
/// # Errors
///
/// As [`regroup`], when the groups cannot be made again as they were made.
fn compare_roster(
    lists: &GroupLists,
    loaded: &LoadedRoster,
    info: &RunInfo,
    given: Given,
    report: &mut Report,
) -> Result<bool> {
    let confirmed = roster_fingerprint(&loaded.roster.students);
    if confirmed != info.roster {
        let problem = ListProblem::RosterDiffers {
            confirmed,
            grouped: info.roster,
        };
        report.error(crate::diag::Location::file(&loaded.roster.file), problem);
        return Ok(false);
    }
    let Some(seed) = &info.seed else {
        return Ok(false);
    };
    let made = regroup(&Regroup {
        roster: &loaded.roster,
        roster_path: &given.roster_plan.path,
        classes: lists.group_count(),
        seed,
        school: &grouping_school(lists),
        fingerprint: confirmed,
        score_max: given.roster_plan.options.score_max,
        recorded: Recorded {
            run: lists.record.as_ref(),
            algorithm: None,
        },
        given: given.balance,
    })?;
    let expected = ExpectedGroups {
        roster: &loaded.roster,
        groups: &made.grouping.groups,
    };
    grouplist::compare_with_roster(lists, &expected, report);
    Ok(true)
}

/// The school name the grouping was keyed with: the run record's, else 汇总's.
fn grouping_school(lists: &GroupLists) -> String {
    match &lists.record {
        Some(record) => record.school.clone(),
        None => lists.summary.school.clone().unwrap_or_default(),
    }
}

/// The run facts of sealed lists: from the run record, else from 汇总; the command line
/// and settings name the school and grade when given.
fn lists_info(plan: &MergePlan, lists: &GroupLists) -> RunInfo {
    let record = lists.record.as_ref();
    let fingerprint = |recorded: Option<&String>, printed: Option<Fingerprint>| {
        recorded.and_then(|h| Fingerprint::parse(h)).or(printed)
    };
    let roster = fingerprint(record.map(|r| &r.roster.fingerprint), lists.summary.roster);
    let grouping = fingerprint(
        record
            .and_then(|r| r.grouping.as_ref())
            .map(|g| &g.fingerprint),
        lists.summary.grouping,
    );
    let seed_text = record
        .and_then(|r| r.seed.as_ref())
        .map(|s| s.written.clone())
        .or_else(|| lists.summary.seed.clone());
    let grade_text = record
        .and_then(|r| r.grade.clone())
        .or_else(|| lists.summary.grade.clone());
    RunInfo {
        school: plan
            .school
            .clone()
            .unwrap_or_else(|| grouping_school(lists)),
        grade: plan
            .grade
            .or_else(|| grade_text.as_deref().and_then(Grade::parse)),
        classes: Some(lists.group_count()),
        seed: seed_text.and_then(|s| Seed::parse(&s).ok()),
        roster: roster.unwrap_or(Fingerprint([0; 32])),
        grouping,
        algorithm: record.map_or(ALGORITHM_VERSION, |r| known_algorithm(&r.algorithm)),
        time: plan.started,
        earlier_runs: Vec::new(),
    }
}

/// Returns the algorithm name of a record as this version names it. An unknown name is
/// taken as `bianban-1`, the only algorithm without balance options.
fn known_algorithm(name: &str) -> &'static str {
    if name == BALANCE_ALGORITHM {
        BALANCE_ALGORITHM
    } else {
        ALGORITHM_VERSION
    }
}

/// Groups the confirmed roster again with the seed, as `group` did: with the balance
/// options of the run record beside the draw form when it is of this roster, seed and class
/// count, or with those given.
fn recompute(
    plan: &MergePlan,
    roster_plan: &RosterPlan,
    seed: &Seed,
    classes: u32,
    report: &mut Report,
) -> Result<Groups> {
    let loaded = load_roster(roster_plan)?;
    forward_errors(&loaded.report, report);
    let fingerprint = roster_fingerprint(&loaded.roster.students);
    let record = record_beside_form(&plan.draw, &fingerprint, seed, classes);
    let made = regroup(&Regroup {
        roster: &loaded.roster,
        roster_path: &roster_plan.path,
        classes,
        seed,
        school: &loaded.school,
        fingerprint,
        score_max: roster_plan.options.score_max,
        recorded: Recorded {
            run: record.as_ref(),
            algorithm: None,
        },
        given: &plan.balance,
    })?;
    let grouping = made.grouping;
    let students = loaded.roster.students;
    println!("{}", text::groups_recomputed(classes));
    let info = RunInfo {
        school: plan.school.clone().unwrap_or_else(|| loaded.school.clone()),
        grade: plan.grade.or(loaded.grade),
        classes: Some(classes),
        seed: Some(seed.clone()),
        roster: fingerprint,
        grouping: Some(grouping.fingerprint(&students)),
        algorithm: grouping.algorithm,
        time: plan.started,
        earlier_runs: Vec::new(),
    };
    Ok(Groups {
        members: grouping.groups.iter().map(|g| g.members.clone()).collect(),
        seals: grouping.seals(&students),
        students,
        info,
        lists: None,
    })
}

/// Finds the run record in the draw form's folder when it records a grouping of this
/// roster with this seed and class count.
fn record_beside_form(
    form: &Path,
    roster: &Fingerprint,
    seed: &Seed,
    classes: u32,
) -> Option<RunRecord> {
    let folder = form.parent().unwrap_or(Path::new(""));
    let record = record::load(&folder.join(labels::FILE_RECORD))?;
    let same_seed = record.seed.as_ref().map(|s| s.canonical.as_str()) == Some(&seed.canonical);
    let same_roster = Fingerprint::parse(&record.roster.fingerprint) == Some(*roster);
    (same_seed && same_roster && record.classes == Some(classes)).then_some(record)
}

/// An earlier merge of the same roster, found by its record.
struct EarlierMerge {
    folder: PathBuf,
    record: MergeRecord,
}

/// Decides about earlier merges, then writes the copies, the web page and the record.
fn write_result(
    plan: &MergePlan,
    groups: &Groups,
    draw: &Draw,
    teams: Option<&Teams>,
) -> Result<()> {
    let base = default_folder(plan, groups, draw.date);
    let earlier = find_earlier(plan, groups, &base);
    if !is_new_draw(plan, draw, &earlier)? {
        return Ok(());
    }
    let sequence = earlier.len() as u32 + 1;
    let dir = match &plan.out {
        Some(out) => out.clone(),
        None => free_folder(&base, sequence),
    };
    let result = draw_result(plan, groups, draw, teams, &earlier);
    // The copies go into a staging folder and are placed together with the record, so a
    // full disk or a locked file never leaves some copies without the others.
    let run = RunFolder::begin(&dir)?;
    let written = write_files(&run, &result)?;
    let mut record = merge_record(plan, groups, draw, &result, sequence, &earlier, &written)
        .map_err(|e| run.unstaged(e))?;
    // NOTE: the journal entry is appended before the files are placed, because the record
    // stores its number. If writing the record or placing then fails, the journal names a
    // merge without files. A taken output name is found before the entry is appended.
    run.check_names_free(&[words::FILE_MERGE_RECORD])?;
    let appended = super::journal::record_merge(run.dir(), plan, &record)?;
    record.journal = Some(appended.reference.clone());
    run.write(words::FILE_MERGE_RECORD, |path| {
        record::save_merge(path, &record)
    })?;
    let dir = run.finish()?;
    super::journal::print_appended(&appended);
    println!();
    println!("{}", text::draw_fingerprint(&result.fingerprint.grouped()));
    if sequence > 1 {
        println!("{}", text::rerun_written(sequence));
    }
    let mut names: Vec<String> = written.iter().map(|p| crate::read::file_name(p)).collect();
    names.push(words::FILE_MERGE_RECORD.to_string());
    print_outputs(&dir, &names);
    Ok(())
}

/// Returns false when the last earlier merge has the same draw, which is then named on the
/// console and not written again.
///
/// # Errors
///
/// [`Error::DrawnBefore`] when an earlier merge has a different draw and the run was not
/// marked as a re-run.
fn is_new_draw(plan: &MergePlan, draw: &Draw, earlier: &[EarlierMerge]) -> Result<bool> {
    if let Some(last) = earlier.last() {
        let differing = differing_classes(&last.record.draw.groups, &draw.groups);
        if differing == 0 {
            println!("{}", text::same_as_before(&last.folder));
            return Ok(false);
        }
        if !plan.rerun {
            return Err(Error::DrawnBefore {
                folder: last.folder.clone(),
                time: last.record.time.replace('T', " "),
                differing,
            });
        }
    } else if plan.rerun {
        println!("{}", text::rerun_without_earlier());
    }
    Ok(true)
}

fn differing_classes(earlier: &[u32], now: &[u32]) -> usize {
    let longest = earlier.len().max(now.len());
    (0..longest)
        .filter(|&i| earlier.get(i) != now.get(i))
        .count()
}

/// The default output folder: `三联存档_<draw date>` beside the group lists, or in the
/// output root when the groups were recomputed.
fn default_folder(plan: &MergePlan, groups: &Groups, date: NaiveDate) -> PathBuf {
    let parent = match &groups.lists {
        Some(lists) => lists.parent().map(Path::to_path_buf).unwrap_or_default(),
        None => plan.output_root.clone(),
    };
    parent.join(format!("{}_{}", words::FOLDER, date.format("%Y-%m-%d")))
}

/// The first folder name that is not taken: the base for a first draw, else the base with
/// `_第2次抽签`, then `(2)`, `(3)` … added.
fn free_folder(base: &Path, sequence: u32) -> PathBuf {
    let name = base
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = if sequence > 1 {
        format!("{name}_{}", words::rerun_mark(sequence))
    } else {
        name
    };
    let parent = base.parent().unwrap_or(Path::new("."));
    let mut candidate = parent.join(&stem);
    let mut counter = 1;
    while candidate.exists() {
        counter += 1;
        candidate = parent.join(format!("{stem}({counter})"));
    }
    candidate
}

/// Earlier merges of the same roster: records in the folders beside the output folder and
/// inside the group lists' folder, oldest first.
fn find_earlier(plan: &MergePlan, groups: &Groups, base: &Path) -> Vec<EarlierMerge> {
    let mut places: Vec<PathBuf> = Vec::new();
    let out_parent = plan
        .out
        .as_ref()
        .and_then(|o| o.parent())
        .map(Path::to_path_buf);
    for place in [
        base.parent().map(Path::to_path_buf),
        out_parent,
        plan.out.clone(),
    ]
    .into_iter()
    .flatten()
    {
        let place = if place.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            place
        };
        if !places.contains(&place) {
            places.push(place);
        }
    }
    let roster = groups.info.roster.hex();
    let mut found: Vec<EarlierMerge> = Vec::new();
    for place in &places {
        for folder in std::iter::once(place.clone()).chain(subfolders(place)) {
            let Some(record) = record::load_merge(&folder.join(words::FILE_MERGE_RECORD)) else {
                continue;
            };
            let known = found.iter().any(|f| {
                f.record.draw.fingerprint == record.draw.fingerprint && f.record.time == record.time
            });
            if record.roster_fingerprint == roster && !known {
                found.push(EarlierMerge { folder, record });
            }
        }
    }
    found.sort_by(|a, b| a.record.time.cmp(&b.record.time));
    found
}

fn subfolders(place: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(place) else {
        return Vec::new();
    };
    let mut folders: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    folders
}

/// Joins the groups, the draw and the teachers into what the copies print.
fn draw_result<'a>(
    plan: &MergePlan,
    groups: &'a Groups,
    draw: &Draw,
    teams: Option<&Teams>,
    earlier: &[EarlierMerge],
) -> DrawResult<'a> {
    let grouping = groups.info.grouping.unwrap_or(groups.info.roster);
    let fingerprint = archive::draw_fingerprint(&grouping, draw.date, &draw.groups);
    let classes = draw
        .groups
        .iter()
        .enumerate()
        .map(|(index, &group)| {
            let number = index as u32 + 1;
            let team = teams.and_then(|t| t.class(number));
            let members = groups
                .members
                .get(group as usize - 1)
                .cloned()
                .unwrap_or_default();
            ClassResult {
                number,
                name: class_name(groups.info.grade, number),
                group,
                seal: groups
                    .seals
                    .get(group as usize - 1)
                    .copied()
                    .unwrap_or(Fingerprint([0; 32])),
                students: members
                    .iter()
                    .filter_map(|&i| groups.students.get(i))
                    .collect(),
                head_teacher: team
                    .and_then(|t| t.head_teacher.clone())
                    .or_else(|| draw.head_teachers.get(index).cloned().flatten()),
                subject_teachers: team.map(|t| t.subject_teachers.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let rerun = (!earlier.is_empty()).then(|| {
        let sequence = earlier.len() as u32 + 1;
        let list: Vec<(String, chrono::NaiveDateTime)> = earlier
            .iter()
            .map(|e| {
                let folder = crate::read::file_name(&e.folder);
                let time =
                    chrono::NaiveDateTime::parse_from_str(&e.record.time, "%Y-%m-%dT%H:%M:%S")
                        .unwrap_or(plan.started);
                (folder, time)
            })
            .collect();
        (
            words::rerun_mark(sequence),
            words::rerun_line(sequence, &list),
        )
    });
    DrawResult {
        info: groups.info.clone(),
        date: draw.date,
        fingerprint,
        classes,
        rerun,
        text: plan.archive.clone(),
    }
}

fn class_name(grade: Option<Grade>, number: u32) -> String {
    match grade {
        Some(grade) => grade.class_name(number),
        None => labels::class_without_grade(number),
    }
}

/// Writes the three copies and the web page into the run's staging folder and returns
/// their staged paths.
fn write_files(run: &RunFolder, result: &DrawResult) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for copy in Copy::ALL {
        written.push(run.write(copy.file_name(), |path| archive::write(path, result, copy))?);
    }
    written.push(run.write(words::FILE_HTML, |path| {
        write::posted_html::write(path, result)
    })?);
    Ok(written)
}

fn merge_record(
    plan: &MergePlan,
    groups: &Groups,
    draw: &Draw,
    result: &DrawResult,
    sequence: u32,
    earlier: &[EarlierMerge],
    written: &[PathBuf],
) -> Result<MergeRecord> {
    let info = &groups.info;
    let mut inputs = vec![plan.draw.clone()];
    inputs.extend(groups.lists.clone());
    Ok(MergeRecord {
        format: record::RECORD_FORMAT,
        tool: "bianban".into(),
        tool_version: write::TOOL_VERSION.into(),
        algorithm: info.algorithm.into(),
        command: "merge".into(),
        time: plan.started.format("%Y-%m-%dT%H:%M:%S").to_string(),
        school: info.school.clone(),
        grade: info.grade.map(|g| g.label()),
        classes: draw.groups.len() as u32,
        seed: info.seed.as_ref().map(|s| SeedRecord {
            written: s.written.clone(),
            canonical: s.canonical.clone(),
        }),
        roster_fingerprint: info.roster.hex(),
        grouping_fingerprint: info.grouping.map(|g| g.hex()),
        draw: DrawRecord {
            date: draw.date.format("%Y-%m-%d").to_string(),
            fingerprint: result.fingerprint.hex(),
            sequence,
            groups: draw.groups.clone(),
            earlier: earlier
                .iter()
                .map(|e| EarlierDrawRecord {
                    folder: crate::read::file_name(&e.folder),
                    time: e.record.time.clone(),
                    fingerprint: e.record.draw.fingerprint.clone(),
                })
                .collect(),
        },
        inputs: inputs
            .iter()
            .map(|p| record::output_record(p))
            .collect::<Result<_>>()?,
        outputs: written
            .iter()
            .map(|p| record::output_record(p))
            .collect::<Result<_>>()?,
        archive_fingerprint: Some(archive_fingerprint(result).hex()),
        journal: None,
    })
}

/// Computes the fingerprint of what the first and second copies print about each class.
fn archive_fingerprint(result: &DrawResult) -> Fingerprint {
    let classes: Vec<(u32, Vec<&Student>)> = result
        .classes
        .iter()
        .map(|c| (c.number, c.students.clone()))
        .collect();
    crate::fingerprint::archive_fingerprint(&result.fingerprint, &classes)
}
