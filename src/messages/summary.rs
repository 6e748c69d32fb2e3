//! Wording of what the commands print: what was read, what was made, where the files are.

use std::path::Path;

use super::field_label;
use crate::classname::Grade;
use crate::fingerprint::Fingerprint;
use crate::group::{Group, Grouping, Guarantees};
use crate::rng::{MIN_SEED_CHARS, Seed, SeedWeakness};
use crate::roster::SheetLayout;

pub fn roster_file(file: &str) -> String {
    format!("名单文件：{file}")
}

/// One sheet's header row and which column was taken for what.
pub fn sheet_layout(layout: &SheetLayout) -> String {
    let columns: Vec<String> = layout
        .columns
        .iter()
        .map(|c| {
            let letters = crate::diag::column_letters(c.col);
            let header = super::visible(c.header.trim());
            format!("{letters}列“{header}”→{}", field_label(c.field))
        })
        .collect();
    format!(
        "  工作表「{}」，表头在第{}行：{}",
        layout.sheet,
        layout.header_row + 1,
        columns.join("；")
    )
}

pub fn extra_columns(headers: &[String]) -> String {
    format!("  其他列（原样保留在名单上）：{}", headers.join("、"))
}

pub fn student_counts(total: usize, boys: usize, girls: usize, skipped_empty: usize) -> String {
    let skipped = if skipped_empty > 0 {
        format!("；跳过空行 {skipped_empty} 行")
    } else {
        String::new()
    };
    format!("学生 {total} 人：男 {boys} 人，女 {girls} 人{skipped}")
}

pub fn school_and_grade(school: &str, grade: Option<Grade>, inferred: bool) -> String {
    let school = if school.is_empty() {
        "（未填写，可用 --school 指定）"
    } else {
        school
    };
    let grade = match (grade, inferred) {
        (Some(g), false) => g.label(),
        (Some(g), true) => format!("{}（根据名单推断，可用 --grade 指定）", g.label()),
        (None, _) => "（无法推断，可用 --grade 指定）".to_string(),
    };
    format!("学校：{school}　年级：{grade}")
}

pub fn no_id_column() -> &'static str {
    "注意：名单中没有身份证号列，学生只能靠姓名和出生日期区分，性别也无法与身份证号核对。"
}

pub fn problem_counts(errors: usize, warnings: usize, notices: usize) -> String {
    if errors + warnings + notices == 0 {
        return "检查结果：没有发现问题。".to_string();
    }
    format!("检查结果：错误 {errors} 处，警告 {warnings} 处，提示 {notices} 处")
}

pub fn more_notices(count: usize, full_list_file: &str) -> String {
    if full_list_file.is_empty() {
        format!("……另有 {count} 条提示未列出。")
    } else {
        format!("……另有 {count} 条提示未列出，完整清单见“{full_list_file}”。")
    }
}

/// The fingerprint on two lines of eight groups, to be read aloud and compared.
pub fn fingerprint_block(fingerprint: &Fingerprint) -> String {
    let grouped = fingerprint.grouped();
    let groups: Vec<&str> = grouped.split(' ').collect();
    format!(
        "名单指纹：\n  {}\n  {}",
        groups[..8].join(" "),
        groups[8..].join(" ")
    )
}

pub fn grouping_fingerprint(fingerprint: &Fingerprint) -> String {
    format!("分组指纹：{}", fingerprint.grouped())
}

pub fn no_confirmation_with_errors() -> &'static str {
    "名单有错误，没有生成名单确认单。名单指纹要在改正错误之后才作数。"
}

pub fn no_grouping_with_errors() -> &'static str {
    "名单有错误，没有分组，也没有写出任何文件。可以运行 bianban check 生成问题清单，改正后再分组。"
}

/// Returns the warning of a grouping without a school name. The name is part of the random key
/// and is printed on every sheet, so a forgotten `--school` gives other groups than the
/// name would.
pub fn no_school_for_grouping() -> &'static str {
    "警告：没有填写学校名称，分组名单、信封封面和抽签记录表上都不印学校名称。学校名称参与分组计算，填与不填分组结果不同。需要学校名称时，请加上 --school 学校名称（或在设置文件的[学校]里填写“学校名称”），写法与名单确认单一字不差，在装袋封存前重新分组。"
}

pub fn weak_seed(seed: &Seed, weakness: SeedWeakness) -> String {
    let why = match weakness {
        SeedWeakness::Short { chars } => {
            let unit = if seed.canonical.chars().all(|c| c.is_ascii_digit()) {
                "位数字"
            } else {
                "个字"
            };
            format!("只有 {chars} {unit}，容易被反复尝试；建议至少掷 {MIN_SEED_CHARS} 次骰子")
        }
        SeedWeakness::Date => "像是一个日期，别人容易猜到或事先选定".to_string(),
        SeedWeakness::NotDigits { others } => format!(
            "里除了数字还有“{others}”，不像掷骰子得到的数字；请核对是否打错，打错了要改正后重新分组"
        ),
        SeedWeakness::Repeated => "所有数字都相同，不像现场掷出的".to_string(),
    };
    format!("警告：随机种子“{}”{why}。", seed.canonical)
}

pub fn grouping_heading(grouping: &Grouping) -> String {
    format!(
        "随机种子：{}　算法：{}　分为 {} 组\n  组号  人数  男  女",
        grouping.seed.canonical, grouping.algorithm, grouping.classes
    )
}

pub fn group_row(group: &Group) -> String {
    format!(
        "  {:>4}  {:>4}  {:>3}  {:>3}",
        group.number,
        group.size(),
        group.boys,
        group.girls
    )
}

pub fn guarantees(g: &Guarantees) -> String {
    let mark = |ok: bool| if ok { "满足" } else { "不满足" };
    format!(
        "核对：每名学生恰好在一个组里（{}）；各组人数最多相差 {} 人（{}）；男生最多相差 {} 人（{}）；女生最多相差 {} 人（{}）",
        mark(g.each_once),
        g.size_spread,
        mark(g.size_spread <= 1),
        g.boys_spread,
        mark(g.boys_spread <= 1),
        g.girls_spread,
        mark(g.girls_spread <= 1)
    )
}

pub fn over_class_size_cap(largest: usize, cap: usize) -> String {
    format!("警告：最大的组有 {largest} 人，超过了班额上限 {cap} 人。请核对班级数。")
}

pub fn outputs_heading() -> &'static str {
    "已生成："
}

pub fn output_folder(dir: &Path) -> String {
    format!("文件位置：{}", dir.display())
}
