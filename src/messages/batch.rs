//! Wording of runs over many schools: what was read, one line per school, why a school was
//! skipped, and the totals.

use std::path::Path;
use std::time::Duration;

use super::{errors, location_text, quoted};
use crate::batch::sources::{GradeFrom, NameFrom, SchoolRoster};
use crate::batch::{BatchProblem, Failure, Outcome, Work};
use crate::classname::Grade;

pub fn batch_problem(problem: &BatchProblem) -> String {
    match problem {
        BatchProblem::ClassCountInvalid { written } => format!(
            "班级数{}无效，应为1或更大的整数。请改正后重新运行；这所学校暂不处理。",
            quoted(written)
        ),
        BatchProblem::ClassCountNoSchool => {
            "这一行有班级数但没有填写学校名称，已跳过。请补上学校名称。".to_string()
        }
        BatchProblem::GradeInvalid { written } => format!(
            "年级{}无法识别。请写成“一年级”“七年级”，或 1、7。",
            quoted(written)
        ),
        BatchProblem::ClassCountDuplicate { school, first } => format!(
            "“{school}”的班级数在{}已经填过一次。同一所学校同一个年级只能有一行，请删掉多余的一行；这所学校暂不处理。",
            location_text(first)
        ),
        BatchProblem::SchoolMissing => {
            "名单有“学校”列，但这一行的学校是空的，这名学生没有分到任何学校。请补上学校名称。"
                .to_string()
        }
        BatchProblem::IdInOtherSchool { id, school, at } => format!(
            "身份证号 {id} 也在“{school}”的名单里（{}）。一名学生只能在一所学校分组，请与两所学校核实后删掉多余的一行。",
            location_text(at)
        ),
    }
}

/// Formats what the run reads: the roster file or folder, and the class-count table.
pub fn inputs(roster: &Path, files: usize, counts: Option<&Path>) -> String {
    let roster = if roster.is_dir() {
        format!("名单文件夹：{}（{files} 个表格文件）", roster.display())
    } else {
        format!("名单文件：{}", roster.display())
    };
    match counts {
        Some(counts) => format!("{roster}\n班级数表：{}", counts.display()),
        None => roster,
    }
}

pub fn reading(done: usize, total: usize) -> String {
    format!("正在读取名单：{done}/{total}")
}

pub fn running(done: usize, total: usize) -> String {
    format!("已处理学校：{done}/{total}")
}

/// Formats where the school names and grades of the rosters were taken from, counted
/// over the schools.
pub fn sources(schools: &[SchoolRoster]) -> String {
    let mut names: Vec<(&str, usize)> = Vec::new();
    let mut grades: Vec<(&str, usize)> = Vec::new();
    for school in schools {
        tally(&mut names, name_from(school.school_from));
        tally(&mut grades, grade_from(school.grade_from));
    }
    let list = |items: &[(&str, usize)]| {
        items
            .iter()
            .map(|(what, n)| format!("{what} {n} 所"))
            .collect::<Vec<_>>()
            .join("，")
    };
    format!(
        "学校名称取自：{}。年级取自：{}。",
        list(&names),
        list(&grades)
    )
}

/// Formats the number of schools the run reports, as the result line and the overview
/// count them: `(total, unread, rosterless)` are all entries, the roster files that give
/// no school, and the class-count rows without a roster. `sources` follows the count.
pub fn school_count((total, unread, rosterless): (usize, usize, usize), sources: &str) -> String {
    let mut apart = Vec::new();
    if unread > 0 {
        apart.push(format!("{unread} 个名单文件没有读出学校"));
    }
    if rosterless > 0 {
        apart.push(format!("{rosterless} 所只在班级数表里、没有名单"));
    }
    let apart = if apart.is_empty() {
        String::new()
    } else {
        format!("，其中 {}", apart.join("，"))
    };
    format!("共 {total} 所学校（按学校和年级计{apart}）。{sources}")
}

fn tally<'a>(counts: &mut Vec<(&'a str, usize)>, what: &'a str) {
    match counts.iter_mut().find(|(w, _)| *w == what) {
        Some((_, n)) => *n += 1,
        None => counts.push((what, 1)),
    }
}

pub fn name_from(from: NameFrom) -> &'static str {
    match from {
        NameFrom::Column => "学校列",
        NameFrom::FileName => "文件名",
        NameFrom::Title => "标题行",
        NameFrom::Option => "--school 或设置文件",
    }
}

pub fn grade_from(from: GradeFrom) -> &'static str {
    match from {
        GradeFrom::Column => "年级列",
        GradeFrom::FileName => "文件名",
        GradeFrom::Title => "标题行",
        GradeFrom::SheetName => "工作表名",
        GradeFrom::Option => "--grade 或设置文件",
        GradeFrom::ClassCounts => "班级数表",
        GradeFrom::Age => "学生年龄推断",
        GradeFrom::Unknown => "无法确定",
    }
}

/// Formats the school and grade as one label: 城关第二中学 七年级.
pub fn school_label(school: &str, grade: Option<Grade>) -> String {
    let school = if school.is_empty() {
        "（学校不明）"
    } else {
        school
    };
    match grade {
        Some(grade) => format!("{school} {}", grade.label()),
        None => school.to_string(),
    }
}

/// Formats a note about one school printed while the run goes on, with the school's label
/// in front: 【城关第二中学 七年级】本次运行已记入编班日志第 5 条.
pub fn school_note(school: &str, grade: Option<Grade>, note: &str) -> String {
    format!("【{}】{note}", school_label(school, grade))
}

/// Formats the line printed for each school while the run goes on.
pub fn school_line(index: usize, total: usize, outcome: &Outcome, work: &Work) -> String {
    let width = total.to_string().len();
    let counts = match outcome.counts {
        Some((students, boys, girls)) => format!("　{students} 人（男 {boys}，女 {girls}）"),
        None => String::new(),
    };
    let classes = match outcome.classes {
        Some(classes) => format!("　{classes} 班"),
        None => String::new(),
    };
    format!(
        "[{index:>width$}/{total}] {}{counts}{classes}　{}",
        school_label(&outcome.school, outcome.grade),
        status(outcome, work)
    )
}

/// Returns the overview's 输出文件夹 cell: the school's folder, or a note when none was
/// written for it.
pub fn output_folder(outcome: &Outcome) -> &str {
    if outcome.folder_written {
        &outcome.folder
    } else {
        "（跳过，没有生成文件夹）"
    }
}

/// Formats the status of a school, as on its console line and in the overview's 状态
/// column.
pub fn status(outcome: &Outcome, work: &Work) -> String {
    let warnings = match outcome.warnings {
        0 => String::new(),
        n => format!("（有 {n} 处警告，见问题清单）"),
    };
    match (&outcome.result, work) {
        (Ok(()), Work::Group(_)) => format!("已分组{warnings}"),
        (Ok(()), Work::Check) => format!("名单无误{warnings}"),
        (Err(failure), _) => format!("未完成：{}", failure_text(failure, work)),
    }
}

/// Formats the reason a school did not run or finish.
pub fn failure_text(failure: &Failure, work: &Work) -> String {
    let not_done = match work {
        Work::Group(_) => "没有分组",
        Work::Check => "没有生成确认单",
    };
    match failure {
        Failure::Unreadable(error) => errors::error_text(error),
        Failure::NoSchoolName => {
            "看不出是哪所学校：名单没有“学校”列，文件名和标题里也没有学校名称。请把文件名改成“学校名称_年级.xlsx”，例如“城关第二中学_七年级.xlsx”。".to_string()
        }
        Failure::RowsWithoutSchool { rows } => format!(
            "名单有“学校”列，但其中 {rows} 行的学校是空的，这些学生没有分到任何学校。请补上学校名称。"
        ),
        Failure::DuplicateRoster { other } => format!(
            "这所学校这个年级的名单不止一个（另一个在“{other}”里），两个都没有处理。请只保留一个名单。"
        ),
        Failure::NoClassCount => {
            "班级数表里没有这所学校（这个年级）。请在班级数表里加上一行，学校名称要和名单一致。"
                .to_string()
        }
        Failure::ClassCountInvalid => {
            "班级数表里这所学校的班级数无效或填了不止一行（见上面的班级数表问题）。".to_string()
        }
        Failure::ClassCountNeedsGrade => {
            "班级数表里这所学校没有写年级，但名单里有两个年级。请在班级数表里分年级各写一行。"
                .to_string()
        }
        Failure::NoRoster => {
            "班级数表里有这所学校，但没有找到它的名单。请检查名单文件和学校名称的写法。"
                .to_string()
        }
        Failure::RosterErrors { errors } => format!("名单有 {errors} 处错误，{not_done}。"),
        Failure::MoreClassesThanStudents { students } => {
            format!("班级数比学生人数 {students} 还多，{not_done}。请核对班级数表。")
        }
        Failure::Stopped(error) => errors::error_text(error),
    }
}

pub fn totals(outcomes: &[Outcome], work: &Work) -> String {
    let total = outcomes.len();
    let done = outcomes.iter().filter(|o| o.result.is_ok()).count();
    let students: usize = outcomes
        .iter()
        .filter(|o| o.result.is_ok())
        .filter_map(|o| o.counts)
        .map(|(n, _, _)| n)
        .sum();
    let finished = match work {
        Work::Group(_) => "已分组",
        Work::Check => "名单无误",
    };
    format!(
        "结果：共 {total} 所学校，{finished} {done} 所（学生 {students} 人），未完成 {} 所。",
        total - done
    )
}

pub fn failed_heading(work: &Work) -> &'static str {
    match work {
        Work::Group(_) => "未完成的学校（其他学校的分组不受影响）：",
        Work::Check => "未完成的学校：",
    }
}

pub fn failure_line(outcome: &Outcome, work: &Work) -> String {
    let file = match &outcome.file {
        Some(file) if outcome.school.is_empty() => format!("（{file}）"),
        _ => String::new(),
    };
    let reason = match &outcome.result {
        Err(failure) => failure_text(failure, work),
        Ok(()) => String::new(),
    };
    format!(
        "{}{file}：{reason}",
        school_label(&outcome.school, outcome.grade)
    )
}

pub fn full_list(path: &str) -> String {
    format!("完整的问题清单：{path}")
}

pub fn overview_file() -> String {
    format!("各校情况见“{}”。", super::labels::FILE_BATCH_SUMMARY)
}

pub fn elapsed(time: Duration) -> String {
    format!("用时 {:.1} 秒", time.as_secs_f64())
}
