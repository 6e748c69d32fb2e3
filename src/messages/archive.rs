//! Printed words of the three copies of the draw result and of the posted web page.

use chrono::NaiveDateTime;

// File names of the copies, as the clerk sees them in the output folder.
pub const FILE_FIRST: &str = "第一联_基教科存档.xlsx";
pub const FILE_SECOND: &str = "第二联_纪检存档.xlsx";
pub const FILE_THIRD: &str = "第三联_学校公示.xlsx";
pub const FILE_HTML: &str = "学校公示.html";
pub const FILE_MERGE_RECORD: &str = "抽签结果记录.json";

/// The start of the default output folder's name, `三联存档_<draw date>`.
pub const FOLDER: &str = "三联存档";

// Default copy labels, printed in every page header; configurable in `[存档]`.
pub const LABEL_FIRST: &str = "第一联 基教科存档";
pub const LABEL_SECOND: &str = "第二联 纪检存档";
pub const LABEL_THIRD: &str = "第三联 学校公示";

pub const TITLE: &str = "均衡编班抽签结果";
pub const COVER_SHEET: &str = "抽签结果";
pub const BUREAU: &str = "教育局";
pub const DRAW_DATE: &str = "抽签日期";
pub const DRAW_FINGERPRINT: &str = "抽签结果指纹";
pub const CLASS: &str = "班级";
pub const HEAD_TEACHER: &str = "班主任";
pub const DRAWN_GROUP: &str = "抽中组号";
pub const HEADCOUNT: &str = "人数";
pub const HEAD_TEACHER_SIGN: &str = "班主任签名";
pub const SEQ: &str = "序号";
pub const NAME: &str = "姓名";
pub const GENDER: &str = "性别";
pub const SUBJECT_TEACHERS: &str = "任课教师";
pub const HOTLINES: &str = "举报电话";
const POSTED_NOTE: &str = "本表只公布学生姓名、性别和所在班级。";
const POSTED_NOTE_HOTLINES: &str = "对编班结果有异议的，可拨打举报电话反映。";
pub const SEARCH_PLACEHOLDER: &str = "输入学生姓名查找";
pub const SEARCH_NONE: &str = "没有找到这个姓名。";
pub const MASK_NOTE: &str = "为保护未成年人信息，姓名中间的字以 * 代替；查找时输入完整姓名即可。";

/// The default supervisors who sign each copy, one row each.
pub const SUPERVISORS: [&str; 6] = [
    "纪检监督人员",
    "纪检监督人员",
    "教育局（基教科）工作人员",
    "家长代表",
    "家长代表",
    "家长代表",
];

/// Formats a class list's title: 七(1)班 学生名单.
pub fn class_title(class: &str) -> String {
    format!("{class} 学生名单")
}

/// Formats a drawn group as printed: 第15组.
pub fn drawn_group(group: u32) -> String {
    format!("第{group}组")
}

/// Formats a class's facts line: 班主任：张三　抽中组号：第15组　人数：44 人（男 23 人，女 21 人）.
pub fn class_facts(head_teacher: &str, group: u32, counts: &str) -> String {
    let teacher = if head_teacher.is_empty() {
        super::labels::BLANK
    } else {
        head_teacher
    };
    format!(
        "{HEAD_TEACHER}：{teacher}　{DRAWN_GROUP}：{}　{HEADCOUNT}：{counts}",
        drawn_group(group)
    )
}

/// Formats the subject teachers of a class: 任课教师：语文 张三　数学 李四.
pub fn subject_teachers(pairs: &[(String, String)]) -> String {
    let list: Vec<String> = pairs.iter().map(|(s, t)| format!("{s} {t}")).collect();
    format!("{SUBJECT_TEACHERS}：{}", list.join("　"))
}

/// Formats the last line of a class list, so a missing page shows.
pub fn class_end(count: usize) -> String {
    format!("本班名单到此结束，共 {count} 人。")
}

/// Formats the head teacher's signature line under a class list.
pub fn head_teacher_signature(head_teacher: &str) -> String {
    format!("班主任（{head_teacher}）签名：________________　　日期：____年__月__日")
}

/// Formats the hotline line: 举报电话：0000-1234567；区纪委 0000-7654321. Without numbers
/// there is no line, and `merge` and `late` warn about the empty setting instead.
pub fn hotlines(numbers: &[String]) -> Option<String> {
    if numbers.is_empty() {
        return None;
    }
    Some(format!("{HOTLINES}：{}", numbers.join("；")))
}

/// Returns the note on what the posted copy shows; it points to the hotlines only when
/// they are printed.
pub fn posted_note(numbers: &[String]) -> String {
    if numbers.is_empty() {
        POSTED_NOTE.to_string()
    } else {
        format!("{POSTED_NOTE}{POSTED_NOTE_HOTLINES}")
    }
}

/// Formats the re-run mark printed on every page of a later merge of the same groups.
pub fn rerun_mark(sequence: u32) -> String {
    format!("第{sequence}次抽签结果")
}

/// Formats the full re-run line: which earlier results exist and where they are.
pub fn rerun_line(sequence: u32, earlier: &[(String, NaiveDateTime)]) -> String {
    let list: Vec<String> = earlier
        .iter()
        .map(|(folder, time)| format!("{}，{folder}", super::labels::date_time(*time)))
        .collect();
    format!(
        "{}（前{}次结果见：{}）。本次为重新抽签，以前的结果仍然保留。",
        rerun_mark(sequence),
        earlier.len(),
        list.join("；")
    )
}

/// Masks the middle of a name for the posted copy: 张*涵, 张*, 欧**娜. A one-character
/// name is left as it is.
pub fn masked_name(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    match chars.len() {
        0 | 1 => name.to_string(),
        2 => format!("{}*", chars[0]),
        n => {
            let middle = "*".repeat(n - 2);
            format!("{}{middle}{}", chars[0], chars[n - 1])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_masked_in_the_middle() {
        assert_eq!(masked_name("张雨涵"), "张*涵");
        assert_eq!(masked_name("李明"), "李*");
        assert_eq!(masked_name("欧阳娜娜"), "欧**娜");
        assert_eq!(masked_name("王"), "王");
    }
}
