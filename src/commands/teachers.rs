//! `bianban teachers`: read a school's teacher sheets, check that every class team is
//! complete and balanced, suggest swaps, and write 教师均衡检查.xlsx. The school's sheets
//! are only read.

use super::{print_outputs, print_problem_list, print_problems};
use crate::diag::{ProblemKind, Report, Severity};
use crate::error::{Error, Result};
use crate::messages::labels;
use crate::messages::teachers as wording;
use crate::plan::TeachersPlan;
use crate::teachers::check::{self, Balance, ClassBalance, Verdict};
use crate::teachers::suggest::{self, Swap};
use crate::teachers::{self, TeacherProblem, TeacherSheets};
use crate::write::run_folder::RunFolder;
use crate::write::{self, teacher_check::TeacherCheck};

/// Runs the teacher check.
///
/// # Errors
///
/// Fails when a sheet cannot be read or the output cannot be written. Fails with
/// [`Error::TeamsFlagged`] when a team is incomplete, unbalanced or stacked, or a sheet has
/// errors, after writing the workbook.
pub fn run(plan: &TeachersPlan) -> Result<()> {
    let mut report = Report::new();
    let sheets = teachers::read_teams(&plan.paths, plan.grade, plan.started.date(), &mut report)?;
    print_sources(&sheets);
    check::completeness(&sheets, plan.classes, &mut report);
    let balance = check::evaluate(&sheets, &plan.rules);
    let swaps = if sheets.has_details() {
        suggest::suggest(&sheets, &balance, &plan.rules)
    } else {
        Vec::new()
    };
    let loads = check::loads(&sheets);

    print_sheet_problems(&report);
    print_balance(&sheets, &balance, &swaps);
    let book = TeacherCheck {
        sheets: &sheets,
        balance: &balance,
        swaps: &swaps,
        loads: &loads,
        report: &report,
        rules: &plan.rules,
        school: plan
            .school
            .as_deref()
            .or(sheets.school.as_deref())
            .unwrap_or(""),
        time: plan.started,
    };
    let run = RunFolder::begin(&plan.output_dir())?;
    run.write(labels::FILE_TEACHER_CHECK, |path| {
        write::teacher_check::write(path, &book)
    })?;
    let dir = run.finish()?;
    print_outputs(&dir, &[labels::FILE_TEACHER_CHECK.to_string()]);
    outcome(&report, &balance)
}

/// Reads the teacher sheets of a grouping run and returns the head teachers of classes 1 to
/// `classes` for the draw form, or `None` when no sheets were given.
///
/// # Errors
///
/// Fails when a sheet cannot be read, and with [`Error::TeamsFlagged`] when the sheets have
/// errors, so that the grouping writes nothing.
pub fn head_teachers_for_draw(
    paths: &[std::path::PathBuf],
    grade: Option<crate::classname::Grade>,
    today: chrono::NaiveDate,
    classes: u32,
) -> Result<Option<Vec<String>>> {
    if paths.is_empty() {
        return Ok(None);
    }
    println!();
    println!("{}", wording::group_teachers_heading());
    let mut report = Report::new();
    let sheets = teachers::read_teams(paths, grade, today, &mut report)?;
    for source in &sheets.sources {
        println!("{}", wording::sheet_source(source));
    }
    print_problems(&report, "");
    let errors = report.count(Severity::Error);
    if errors > 0 {
        println!("{}", wording::no_grouping_with_teacher_errors());
        return Err(Error::TeamsFlagged {
            problems: errors,
            classes: 0,
        });
    }
    if sheets.classes.len() != classes as usize {
        println!(
            "{}",
            wording::class_count_mismatch(sheets.classes.len(), classes)
        );
    }
    Ok(Some(sheets.teams.head_teachers(classes)))
}

/// Prints the problems found in the sheets under a heading that names the sheets, so that
/// a clean sheet is not read as a balanced grade.
fn print_sheet_problems(report: &Report) {
    println!();
    println!(
        "{}",
        wording::sheet_problem_counts(
            report.count(Severity::Error),
            report.count(Severity::Warning),
            report.count(Severity::Notice)
        )
    );
    print_problem_list(report, labels::FILE_TEACHER_CHECK);
}

fn print_sources(sheets: &TeacherSheets) {
    println!("{}", wording::files_heading());
    for source in &sheets.sources {
        println!("{}", wording::sheet_source(source));
    }
    println!("{}", wording::team_counts(sheets));
}

fn print_balance(sheets: &TeacherSheets, balance: &Balance, swaps: &[Swap]) {
    println!();
    if !sheets.has_details() {
        println!("{}", wording::no_balance_without_details());
    }
    println!("{}", wording::verdict_counts(balance));
    for class in balance.classes.iter().filter(|c| c.judgement.is_flagged()) {
        println!("{}", wording::flagged_class(class, sheets));
    }
    let unjudged =
        |c: &&ClassBalance| c.judgement.verdict == Verdict::Unknown && !c.judgement.is_flagged();
    for class in balance.classes.iter().filter(unjudged) {
        println!("{}", wording::unjudged_class(class, sheets));
    }
    if !swaps.is_empty() {
        println!("{}", wording::swaps_heading(swaps.len()));
        for (index, swap) in swaps.iter().enumerate() {
            println!("{}", wording::swap_line(index + 1, swap, sheets));
        }
    }
}

/// Decides the exit status: flagged when the sheets have errors, a team is incomplete, or
/// a class is unbalanced or stacked.
fn outcome(report: &Report, balance: &Balance) -> Result<()> {
    let problems = report
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error || is_incomplete_team(&p.kind))
        .count();
    let classes = balance
        .classes
        .iter()
        .filter(|c| c.judgement.is_flagged())
        .count();
    println!();
    if problems + classes == 0 {
        println!("{}", wording::all_balanced());
        return Ok(());
    }
    println!("{}", wording::flagged_outcome());
    Err(Error::TeamsFlagged { problems, classes })
}

/// Checks whether a problem marks a class team as incomplete.
fn is_incomplete_team(kind: &ProblemKind) -> bool {
    matches!(
        kind,
        ProblemKind::Teacher(
            TeacherProblem::HeadTeacherMissing { .. }
                | TeacherProblem::HeadOfSeveralClasses { .. }
                | TeacherProblem::SeveralHeadTeachers { .. }
                | TeacherProblem::SubjectTeacherMissing { .. }
                | TeacherProblem::ClassMissing { .. }
                | TeacherProblem::ClassCountDiffers { .. }
        )
    )
}
