//! Chinese labels printed on the workbooks: titles, column headers, signature roles and the
//! short lines that explain each form. Writers take every printed word from here, so the
//! wording of the printed forms is reviewed in one place.

use chrono::{NaiveDate, NaiveDateTime};

use crate::rng::Seed;
use crate::table::Field;
use crate::write::EarlierRun;

// File names of the workbooks, as the clerk sees them in the output folder.
pub const FILE_CONFIRM: &str = "名单确认单.xlsx";
pub const FILE_GROUPS: &str = "分组名单.xlsx";
pub const FILE_ENVELOPES: &str = "信封封面.xlsx";
pub const FILE_DRAW_FORM: &str = "抽签记录表.xlsx";
pub const FILE_PROBLEMS: &str = "名单检查报告.xlsx";
pub const FILE_RECORD: &str = "运行记录.json";
pub const FILE_TEACHER_CHECK: &str = "教师均衡检查.xlsx";
/// The overview of a run over many schools, in the run's folder above the school folders.
pub const FILE_BATCH_SUMMARY: &str = "各校汇总.xlsx";

// Inputs a command looks for in the current folder when none is named, as `bianban init`
// creates or describes them.
pub const INPUT_ROSTER_FILE: &str = "学生名单.xlsx";
pub const INPUT_ROSTER_FOLDER: &str = "各校名单";
pub const INPUT_CLASS_COUNTS: &str = "班级数.xlsx";
pub const INPUT_TEACHER_FILE: &str = "教师任课表.xlsx";
pub const INPUT_GUIDE: &str = "使用说明.txt";

// The batch files of a work folder, one per step, numbered in the order of the steps. The
// names may be Chinese: cmd.exe reads file names through Unicode APIs whatever the console
// code page, and only a batch file's content must be ASCII.
pub const BATCH_CHECK: &str = "1-检查名单.bat";
pub const BATCH_GROUP: &str = "2-分组.bat";

// Parts of the default output folder name, `<roster>_<command>_<time>`.
pub const FOLDER_CHECK: &str = "检查";
pub const FOLDER_GROUP: &str = "分组";
pub const FOLDER_TEACHERS: &str = "教师检查";
pub const FOLDER_AUDIT: &str = "核查";

// The problem list workbook.
pub const PROBLEMS_TITLE: &str = "名单检查报告";
pub const PROBLEMS_SHEET: &str = "问题清单";
pub const PROBLEMS_HEADERS: [&str; 6] =
    ["序号", "类别", "文件", "工作表", "位置", "问题和处理办法"];
pub const PROBLEMS_NONE: &str = "没有发现问题。";

/// The line printed where a value is missing and has to be written in by hand.
pub const BLANK: &str = "________";
/// A longer blank for signatures and names.
pub const LONG_BLANK: &str = "________________";

/// The subject in every workbook's document properties.
pub const SUBJECT: &str = "均衡编班";
/// The fallback for a sheet name that is empty once invalid characters are removed.
pub const SHEET_FALLBACK: &str = "工作表";

// Labels of run facts.
pub const SCHOOL: &str = "学校";
pub const GRADE: &str = "年级";
pub const CLASS_COUNT: &str = "班级数（分组数）";
pub const STUDENT_COUNT: &str = "学生人数";
pub const GROUP_COUNT: &str = "组数";
pub const SEED: &str = "随机种子";
pub const ROSTER_FINGERPRINT: &str = "名单指纹";
pub const GROUPING_FINGERPRINT: &str = "分组指纹";
pub const GROUP_SEAL: &str = "本组校验码";
pub const ALGORITHM: &str = "算法版本";
pub const TOOL: &str = "工具版本";
pub const RUN_TIME: &str = "分组时间";
pub const RUN_DATE: &str = "分组日期";
pub const FINGERPRINT_TIME: &str = "指纹计算时间";
pub const ROSTER_FILE: &str = "名单文件";
pub const SIGNATURE: &str = "签名";
pub const DATE: &str = "日期";
pub const SIGNER: &str = "签字人员";

/// Page numbers in a page footer. `&P` and `&N` are Excel's page and page-count codes, so
/// this text must not be escaped like other header and footer text.
pub const PAGE_NUMBER_CODE: &str = "第 &P 页 共 &N 页";
/// Page numbers without the page count, for sheets numbered from their own first page.
pub const PAGE_NUMBER_ONLY_CODE: &str = "第 &P 页";

/// Formats page numbers with a page count the writer computed: `&P` is Excel's page number
/// code, the total is literal text, so this must not be escaped.
pub fn page_of_total_code(total: u32) -> String {
    format!("第 &P 页 共 {total} 页")
}

// Signature roles.
pub const ROLE_ALLOCATION: &str = "名单分配组";
pub const ROLE_INSPECTOR: &str = "纪检监督人员";
pub const ROLE_BUREAU_SECTION: &str = "教育局（基教科）工作人员";
pub const ROLE_BUREAU: &str = "教育局工作人员";
pub const ROLE_SCHOOL_CLERK: &str = "学校经办人";
pub const ROLE_PARENT: &str = "家长代表";

// 名单确认单 (roster confirmation sheet).
pub const CONFIRM_TITLE: &str = "学生名单确认单";
pub const CONFIRM_EXPLANATION: &str =
    "本单在产生随机种子之前签字确认；分组时工具会核对名单指纹，名单有任何增删改都会使指纹改变。";
pub const CONFIRM_SEED_BOX: &str = "公开随机种子（由监督人员现场掷骰子产生，当场填写）";
pub const CONFIRM_SEED_MORE: &str = "多于8位时接着写在此处：";

// 分组名单 (group lists).
pub const GROUPS_TITLE: &str = "分组名单";
pub const GROUPS_SUMMARY_TITLE: &str = "分组名单汇总";
pub const SUMMARY_SHEET: &str = "汇总";
pub const GROUP_NUMBER: &str = "组号";
pub const HEADCOUNT: &str = "人数";
pub const BOYS: &str = "男";
pub const GIRLS: &str = "女";
pub const SEAL_FULL: &str = "完整校验码";
pub const TOTAL: &str = "合计";
pub const GUARANTEE: &str = "各组人数相差不超过1人，男生、女生人数各相差不超过1人。";
pub const IN_GROUP_SEQ: &str = "组内序号";
pub const DOCUMENT_KIND: &str = "证件类型";
pub const RESIDENT_ID_KIND: &str = "居民身份证";
pub const NAMESAKE_MARK: &str = "同名标记";
pub const ORIGIN: &str = "原名单位置";

// 信封封面 (envelope covers).
pub const ENVELOPE_TITLE: &str = "分组名单信封";
pub const ENVELOPE_SHEET: &str = "信封封面";
pub const ENVELOPE_SEAL_REMINDER: &str = "封装后，名单分配组和纪检监督人员在信封封口处骑缝签字。";
pub const ENVELOPE_NO_NAMES: &str = "本封面不列学生姓名；组内名单装在信封内。";

// 各校汇总 (overview of a run over many schools).
pub const OVERVIEW_TITLE_GROUP: &str = "各校分组汇总";
pub const OVERVIEW_TITLE_CHECK: &str = "各校名单检查汇总";
pub const OVERVIEW_SHEET: &str = "各校汇总";
pub const OVERVIEW_HEADERS: [&str; 14] = [
    "序号",
    "学校",
    "年级",
    "学生",
    "男",
    "女",
    "班级数",
    "名单指纹",
    "分组指纹",
    "状态",
    "名单文件",
    "学校名称取自",
    "年级取自",
    "输出文件夹",
];
pub const OVERVIEW_TOTAL: &str = "已完成的学校合计";

// The blank workbooks of `bianban init`.
pub const TEMPLATE_ROSTER_TITLE: &str = "学生名单模板";
pub const TEMPLATE_ROSTER_SHEET: &str = "学生名单";
pub const TEMPLATE_TEACHER_TITLE: &str = "教师任课表模板";
pub const TEMPLATE_TEACHER_SHEET: &str = "任课表";
pub const TEMPLATE_TEACHER_DETAILS_SHEET: &str = "教师信息";
pub const TEMPLATE_CLASS_COUNTS_TITLE: &str = "班级数表模板";
pub const TEMPLATE_CLASS_COUNTS_SHEET: &str = "班级数";
pub const TEMPLATE_GUIDE_SHEET: &str = "填表说明";
pub const TEMPLATE_GENDERS: &[&str] = &["男", "女"];
pub const TEMPLATE_GRADES: &[&str] = &["一年级", "七年级"];
/// The title ladder, highest first.
pub const TEMPLATE_TITLES: &[&str] = &[
    "正高级教师",
    "高级教师",
    "一级教师",
    "二级教师",
    "三级教师",
    "未定级",
];
/// The subjects of grade 7; schools delete or add columns for their own.
pub const TEMPLATE_SUBJECTS: &[&str] = &[
    "语文",
    "数学",
    "英语",
    "道德与法治",
    "历史",
    "地理",
    "生物",
    "物理",
    "体育",
    "音乐",
    "美术",
    "信息技术",
];
pub const TEMPLATE_INVALID_TITLE: &str = "填写有误";
pub const TEMPLATE_COUNT_ERROR: &str = "班级数应为 1 或更大的整数。";

/// Formats the message shown when a value outside a drop-down is typed.
pub fn template_list_error(header: &str, values: &[&str]) -> String {
    format!("“{header}”请从下拉框中选择：{}。", values.join("、"))
}

// 抽签记录表 (draw form).
pub const DRAW_TITLE: &str = "现场抽签记录表";
pub const DRAW_SHEET: &str = "抽签记录";
pub const DRAW_DATE: &str = "抽签日期";
pub const DRAW_DATE_BLANK: &str = "______年____月____日";
pub const COL_CLASS: &str = "班级";
pub const COL_HEAD_TEACHER: &str = "班主任";
pub const COL_DRAWN_GROUP: &str = "抽中组号";
pub const COL_HEAD_TEACHER_SIGN: &str = "班主任签名";
pub const COL_REMARK: &str = "备注";
pub const DRAW_RULE: &str = "班主任按班级顺序上台抽取一个信封，当众展示信封上的组号并签名；抽中第几组，该组学生即编入本班。";
pub const DRAW_INPUT_TITLE: &str = "抽中组号";
pub const DRAW_ERROR_TITLE: &str = "组号无效";

/// Formats the seed as written, adding the form the tool computed with when they differ.
pub fn seed_text(seed: &Seed) -> String {
    if seed.written.trim() == seed.canonical {
        seed.canonical.clone()
    } else {
        format!("{}（按 {} 计算）", seed.written.trim(), seed.canonical)
    }
}

/// Returns the school name, or a blank to fill in by hand when none was given.
pub fn school_or_blank(school: &str) -> &str {
    if school.trim().is_empty() {
        BLANK
    } else {
        school
    }
}

pub fn tool_version(version: &str) -> String {
    format!("bianban {version}")
}

/// Formats a date as printed on forms: 2025年8月20日.
pub fn date(date: NaiveDate) -> String {
    date.format("%Y年%-m月%-d日").to_string()
}

/// Formats a time as printed on forms: 2025年8月20日 14:30.
pub fn date_time(time: NaiveDateTime) -> String {
    format!("{} {}", date(time.date()), time.format("%H:%M"))
}

/// Formats the student counts of a roster: 共 93 人，其中男生 47 人，女生 46 人.
pub fn student_counts(total: usize, boys: usize, girls: usize) -> String {
    format!("共 {total} 人，其中男生 {boys} 人，女生 {girls} 人")
}

/// Formats a group's counts on its list and envelope: 23 人（男 12 人，女 11 人）.
pub fn group_counts(total: usize, boys: usize, girls: usize) -> String {
    format!("{total} 人（男 {boys} 人，女 {girls} 人）")
}

/// Formats a group's name and sheet name: 第7组.
pub fn group_name(number: u32) -> String {
    format!("第{number}组")
}

/// The start of the last line of a group's list, by which the line is told from a student
/// row when the list is read back.
pub const LIST_END_START: &str = "本组名单到此结束";

/// Formats the last line of a group's list, so a missing last page shows.
pub fn list_end(count: usize) -> String {
    format!("{LIST_END_START}，共 {count} 人。")
}

/// Formats the page header title of a group's list: 分组名单 第7组.
pub fn group_list_title(number: u32) -> String {
    format!("{GROUPS_TITLE} {}", group_name(number))
}

/// Formats a class name when the grade is unknown: 第3班.
pub fn class_without_grade(number: u32) -> String {
    format!("第{number}班")
}

/// Formats where a student came from in the roster file as group lists printed it in
/// 原名单位置 before it took the form `「名单」第7行`: `名单!B7`, or `名单 第7行` without a
/// cell. Only used to recognise such lists when they are read back.
pub fn origin(sheet: &str, cell: Option<String>, row: u32) -> String {
    match cell {
        Some(cell) => format!("{sheet}!{cell}"),
        None => format!("{sheet} 第{row}行"),
    }
}

/// Formats the measured spread of a grouping, printed under the guarantee.
pub fn spread(sizes: (usize, usize), boys: (usize, usize), girls: (usize, usize)) -> String {
    format!(
        "本次分组：每组 {} 人，男生 {} 人，女生 {} 人。",
        count_range(sizes),
        count_range(boys),
        count_range(girls)
    )
}

/// Formats a range of counts: `23～24`, or `19` when both ends are equal.
pub fn count_range((low, high): (usize, usize)) -> String {
    if low == high {
        low.to_string()
    } else {
        format!("{low}～{high}")
    }
}

/// Formats the line that makes a re-run visible, or returns `None` for the first grouping
/// of a roster.
pub fn earlier_runs(runs: &[EarlierRun]) -> Option<String> {
    if runs.is_empty() {
        return None;
    }
    let list: Vec<String> = runs
        .iter()
        .map(|run| format!("{}（种子 {}）", date_time(run.time), run.seed))
        .collect();
    Some(format!(
        "注意：同一名单此前已分组 {} 次：{}。本次为第{}次分组。",
        runs.len(),
        list.join("；"),
        runs.len() + 1
    ))
}

/// Formats the short re-run mark for page headers, 第2次分组, or returns `None` for the
/// first grouping of a roster.
pub fn regrouping_mark(runs: &[EarlierRun]) -> Option<String> {
    (!runs.is_empty()).then(|| format!("第{}次分组", runs.len() + 1))
}

/// Formats the input message of the 抽中组号 cells.
pub fn draw_input_message(groups: u32) -> String {
    format!("填写该班班主任抽中的信封上的组号，1 至 {groups} 之间的整数。同一组号只能出现一次。")
}

/// Formats the error message shown when an invalid group number is typed.
pub fn draw_error_message(groups: u32) -> String {
    format!("组号应为 1 至 {groups} 之间的整数。请核对信封上的组号后重新填写。")
}

/// Returns the printed name of a column: the same word messages use.
pub fn field(field: Field) -> &'static str {
    super::field_label(field)
}

/// Returns the printed gender.
pub fn gender(gender: crate::roster::Gender) -> &'static str {
    match gender {
        crate::roster::Gender::Male => "男",
        crate::roster::Gender::Female => "女",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_of_equal_groups_names_one_count() {
        assert_eq!(
            spread((30, 30), (15, 16), (14, 15)),
            "本次分组：每组 30 人，男生 15～16 人，女生 14～15 人。"
        );
        assert_eq!(
            spread((44, 45), (22, 22), (22, 23)),
            "本次分组：每组 44～45 人，男生 22 人，女生 22～23 人。"
        );
    }

    fn time(hour: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2025, 8, 20)
            .and_then(|d| d.and_hms_opt(hour, 5, 0))
            .unwrap()
    }

    #[test]
    fn seed_text_shows_computed_form_when_different() {
        let spaced = Seed::parse("3 5 1 6 2 4").unwrap();
        let plain = Seed::parse("351624").unwrap();
        assert_eq!(seed_text(&spaced), "3 5 1 6 2 4（按 351624 计算）");
        assert_eq!(seed_text(&plain), "351624");
    }

    #[test]
    fn school_blank_when_missing() {
        assert_eq!(school_or_blank("  "), "________");
        assert_eq!(school_or_blank("第一中学"), "第一中学");
    }

    #[test]
    fn dates_print_without_leading_zeros() {
        assert_eq!(date(time(9).date()), "2025年8月20日");
        assert_eq!(date_time(time(9)), "2025年8月20日 09:05");
    }

    #[test]
    fn earlier_runs_listed_with_count() {
        assert_eq!(earlier_runs(&[]), None);
        let runs = [
            EarlierRun {
                seed: "111111".to_string(),
                time: time(8),
            },
            EarlierRun {
                seed: "222222".to_string(),
                time: time(9),
            },
        ];
        assert_eq!(
            earlier_runs(&runs).unwrap(),
            "注意：同一名单此前已分组 2 次：2025年8月20日 08:05（种子 111111）；\
             2025年8月20日 09:05（种子 222222）。本次为第3次分组。"
        );
    }

    #[test]
    fn origin_uses_cell_when_known() {
        assert_eq!(origin("名单", Some("B7".to_string()), 7), "名单!B7");
        assert_eq!(origin("名单", None, 7), "名单 第7行");
    }
}
