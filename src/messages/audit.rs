//! Printed words of the audit report (核查报告) and the wording of what `bianban audit`
//! prints and of its findings.

use super::{location_text, quoted};
use crate::audit::{AuditProblem, Basis};

pub const FILE_REPORT: &str = "核查报告.xlsx";
pub const TITLE: &str = "编班核查报告";

// Sheet names.
pub const SUMMARY_SHEET: &str = "核查结论";
pub const MOVED_SHEET: &str = "调班学生";
pub const SLIPPED_SHEET: &str = "无记录学生";
pub const MISSING_SHEET: &str = "缺少的学生";

// Labels of the summary's facts.
pub const ARCHIVE: &str = "存档";
pub const ARCHIVE_FINGERPRINT: &str = "存档指纹";
pub const LATE_RECORDS: &str = "后转入记录";
pub const CURRENT_LIST: &str = "现在的班级名单";
pub const CURRENT_HASH: &str = "名单文件 SHA-256";
pub const AUDIT_TIME: &str = "核查时间";
pub const PLACED: &str = "存档和后转入记录中的学生";
pub const LISTED: &str = "现名单上的学生";
pub const MATCHED: &str = "对上的学生";
pub const MOVED: &str = "调过班的学生";
pub const SLIPPED: &str = "无记录的学生";
pub const MISSING: &str = "缺少的学生";
pub const TWICE: &str = "重复的行";
pub const CONCLUSION: &str = "结论";
pub const NOTES: &str = "存档核对";

// Column headers of the lists.
pub const SEQ: &str = "序号";
pub const NAME: &str = "姓名";
pub const GENDER: &str = "性别";
pub const ID: &str = "身份证号";
pub const STUDENT_NO: &str = "学籍号";
pub const PLACED_CLASS: &str = "编入班级";
pub const CURRENT_CLASS: &str = "现在班级";
pub const SOURCE: &str = "编班依据";
pub const BASIS: &str = "对应方式";
pub const WHERE: &str = "现名单位置";
pub const REMARK: &str = "说明";
pub const NONE_FOUND: &str = "无";

/// The roles who sign the report.
pub const SIGNERS: [&str; 3] = ["核查人员", "核查人员", "学校负责人"];

pub fn basis_text(basis: Basis) -> &'static str {
    match basis {
        Basis::Id => "身份证号",
        Basis::StudentNo => "学籍号",
        Basis::NameAndBirth => "姓名和出生日期",
        Basis::NameOnly => "仅姓名（名单上没有身份证号、学籍号和出生日期可比）",
        Basis::NameAndClass => {
            "同名学生按姓名和班级（名单上没有身份证号、学籍号和出生日期可比，同名学生互相调换班级查不出）"
        }
    }
}

pub fn matched(counts: &[(Basis, usize)]) -> String {
    let total: usize = counts.iter().map(|c| c.1).sum();
    let parts: Vec<String> = counts
        .iter()
        .filter(|c| c.1 > 0)
        .map(|(basis, n)| format!("按{} {n} 人", short_basis(*basis)))
        .collect();
    if parts.is_empty() {
        format!("{total} 人")
    } else {
        format!("{total} 人（{}）", parts.join("，"))
    }
}

fn short_basis(basis: Basis) -> &'static str {
    match basis {
        Basis::NameOnly => "姓名",
        Basis::NameAndClass => "姓名和班级",
        other => basis_text(other),
    }
}

pub fn people(count: usize) -> String {
    format!("{count} 人")
}

pub fn rows(count: usize) -> String {
    format!("{count} 行")
}

pub fn conclusion(findings: usize) -> String {
    if findings == 0 {
        "现名单与存档和后转入记录一致：没有发现调班、无记录插入或缺少的学生。".to_string()
    } else {
        format!("发现 {findings} 处不一致（见后面各表），请学校逐一说明。")
    }
}

pub fn late_record_line(file: &str, fingerprint: &str) -> String {
    format!("{file}（{fingerprint}）")
}

pub fn namesake(class: &str) -> String {
    format!("存档中有同名学生，在{class}，但身份证号、学籍号或出生日期对不上")
}

pub fn audit_problem(problem: &AuditProblem) -> String {
    use AuditProblem as P;
    match problem {
        P::RowWithoutName => "这一行有内容但没有姓名，未核查。".to_string(),
        P::ClassUnreadable { written } => format!(
            "班级{}无法识别，这一行的班级未核对。请写成 七(3)班 这样的班级名称。",
            quoted(written)
        ),
        P::Moved {
            name,
            id,
            placed,
            current,
            basis,
        } => format!(
            "学生“{name}”{}编班时在{placed}，现在在{current}（按{}对上）。编班后学生不能调班。",
            id_text(id),
            short_basis(*basis)
        ),
        P::SlippedIn {
            name,
            id,
            class,
            namesake,
        } => {
            let note = namesake
                .as_deref()
                .map(|c| format!("存档中有同名学生在{c}，但对不上。"))
                .unwrap_or_default();
            format!(
                "学生“{name}”{}在{class}，但存档和后转入记录中都没有这名学生（无记录插入）。{note}",
                id_text(id)
            )
        }
        P::Missing {
            name,
            id,
            class,
            late,
        } => format!(
            "学生“{name}”{}{}{class}，但现名单上没有这名学生。",
            id_text(id),
            if *late {
                "后转入时编入"
            } else {
                "编班时在"
            }
        ),
        P::Twice { name, other } => format!(
            "学生“{name}”在现名单上出现了两次（另一处在 {}）。",
            location_text(other)
        ),
        P::GradeDiffers { list, archive } => {
            format!("现名单的年级是{list}，存档是{archive}，按班号对照（七(3)班对八(3)班）。")
        }
    }
}

fn id_text(id: &str) -> String {
    if id.is_empty() {
        String::new()
    } else {
        format!("（身份证号 {id}）")
    }
}

pub fn summary_line(placed: usize, listed: usize, matched: usize) -> String {
    format!("存档和后转入记录中 {placed} 名学生，现名单 {listed} 行，对上 {matched} 人。")
}

pub fn findings_line(moved: usize, slipped: usize, missing: usize, twice: usize) -> String {
    format!("调过班 {moved} 人，无记录 {slipped} 人，缺少 {missing} 人，重复 {twice} 行。")
}
