//! The one place that turns problems and errors into Chinese text for clerks.
//!
//! Every message says what is wrong, on which value, and what to do next. Submodules hold
//! the wording of one stage each; this file joins a problem's location and text into one
//! line and decides exit codes.

pub mod archive;
pub mod audit;
pub mod balance;
pub mod batch;
pub mod console;
pub mod draw;
pub mod errors;
pub mod grouplist;
pub mod init;
pub mod journal;
pub mod labels;
pub mod late;
pub mod merge;
pub mod read;
pub mod regroup;
pub mod roster;
pub mod summary;
pub mod teachers;
pub mod usage;
pub mod verify;

use crate::diag::{Location, Problem, ProblemKind, Severity};
use crate::roster::Origin;
use crate::table::Field;

pub use errors::{error_text, exit_code};

pub fn severity_label(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Notice => "提示",
    }
}

/// Where a problem is, as the clerk finds it: `名单.xlsx「七年级」D7`.
pub fn location_text(at: &Location) -> String {
    let mut text = at.file.clone();
    if let Some(sheet) = &at.sheet {
        text.push_str(&format!("「{sheet}」"));
    }
    match (at.cell, at.row) {
        (Some(cell), _) => text.push_str(&cell.to_string()),
        (None, Some(row)) => text.push_str(&format!("第{}行", row + 1)),
        (None, None) => {}
    }
    text
}

/// One printed line for a problem: `[错误] 名单.xlsx「七年级」D7：…`.
pub fn problem_line(problem: &Problem) -> String {
    format!(
        "[{}] {}：{}",
        severity_label(problem.severity),
        location_text(&problem.at),
        problem_text(problem)
    )
}

/// The sentence for a problem, without its location.
pub fn problem_text(problem: &Problem) -> String {
    match &problem.kind {
        ProblemKind::Read(p) => read::read_problem(p),
        ProblemKind::Table(p) => read::table_problem(p, &problem.at),
        ProblemKind::Roster(p) => roster::roster_problem(p),
        ProblemKind::Teacher(p) => teachers::teacher_problem(p),
        ProblemKind::Draw(p) => draw::draw_problem(p),
        ProblemKind::GroupList(p) => grouplist::list_problem(p),
        ProblemKind::Batch(p) => batch::batch_problem(p),
        ProblemKind::Late(p) => late::late_problem(p),
        ProblemKind::Verify(p) => verify::verify_problem(p),
        ProblemKind::Audit(p) => audit::audit_problem(p),
    }
}

/// A row of the same file, for messages that point from one row to another.
pub fn origin_text(origin: &Origin) -> String {
    format!("「{}」第{}行", origin.sheet, origin.row + 1)
}

/// The usual Chinese name of a column meaning.
pub fn field_label(field: Field) -> &'static str {
    match field {
        Field::Seq => "序号",
        Field::Name => "姓名",
        Field::Gender => "性别",
        Field::IdNumber => "身份证号",
        Field::DocType => "证件类型",
        Field::StudentNo => "学籍号",
        Field::BirthDate => "出生日期",
        Field::FromSchool => "毕业学校",
        Field::OriginalClass => "原班级",
        Field::Score => "成绩",
        Field::School => "学校",
        Field::Grade => "年级",
        Field::Ethnicity => "民族",
        Field::Address => "家庭住址",
        Field::Phone => "联系电话",
        Field::Remark => "备注",
        Field::RegisteredAt => "报到时间",
        Field::RegistrationNo => "报到序号",
        Field::Class => "班级",
        Field::HeadTeacher => "班主任",
        Field::Subject => "任教学科",
        Field::TeacherName => "教师姓名",
        Field::TeachingYears => "教龄",
        Field::WorkStart => "参加工作时间",
        Field::Age => "年龄",
        Field::Title => "职称",
        Field::Honour => "荣誉",
        Field::Traits => "性格特点",
        Field::DrawnGroup => "抽中组号",
        Field::ClassCount => "班级数",
        Field::StaffNo => "工号",
    }
}

/// Shows invisible and space characters by name, so a clerk can see what was removed.
pub fn visible(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '\u{3000}' => out.push_str("[全角空格]"),
            '\u{00A0}' => out.push_str("[不换行空格]"),
            '\u{200B}'..='\u{200D}' | '\u{2060}' => out.push_str("[零宽字符]"),
            '\u{FEFF}' => out.push_str("[BOM标记]"),
            '\u{00AD}' => out.push_str("[软连字符]"),
            '\n' | '\r' => out.push_str("[换行]"),
            '\t' => out.push_str("[制表符]"),
            c if c.is_control() => out.push_str("[控制字符]"),
            c => out.push(c),
        }
    }
    out
}

/// A value in Chinese quotes, or 空白 for an empty one.
pub fn quoted(value: &str) -> String {
    if value.trim().is_empty() && !value.contains(['\u{3000}', '\u{200B}']) {
        "空白".to_string()
    } else {
        format!("“{}”", visible(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::CellRef;

    #[test]
    fn location_names_file_sheet_and_cell() {
        let at = Location::cell("名单.xlsx", "七年级", CellRef::new(8, 4));
        assert_eq!(location_text(&at), "名单.xlsx「七年级」E9");
        let row = Location::row("名单.xlsx", "七年级", 4);
        assert_eq!(location_text(&row), "名单.xlsx「七年级」第5行");
    }

    #[test]
    fn visible_names_hidden_characters() {
        assert_eq!(visible("李\u{3000}明"), "李[全角空格]明");
        assert_eq!(visible("\u{FEFF}杨梓轩"), "[BOM标记]杨梓轩");
        assert_eq!(quoted(""), "空白");
        assert_eq!(quoted("男"), "“男”");
    }
}
