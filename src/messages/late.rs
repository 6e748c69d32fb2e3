//! Printed words of the late-enrolment record, and the wording of what `bianban late`
//! prints and of its problems.

use std::path::Path;

use unicode_width::UnicodeWidthStr;

use super::{origin_text, quoted};
use crate::late::{LateProblem, OrderBasis};

// File names, as the clerk sees them in the output folder.
pub const FILE_FIRST: &str = "后转入记录_第一联_基教科存档.xlsx";
pub const FILE_SECOND: &str = "后转入记录_第二联_纪检存档.xlsx";
pub const FILE_THIRD: &str = "后转入记录_第三联_学校公示.xlsx";
pub const FILE_RECORD: &str = "后转入记录.json";
/// The start of the default output folder's name, `后转入记录_<run time>`.
pub const FOLDER: &str = "后转入记录";

pub const TITLE: &str = "后转入学生编班记录";
pub const COVER_SHEET: &str = "后转入编班";
pub const SIZES_SHEET: &str = "各班人数";
pub const SIZES_TITLE: &str = "各班人数（本次后转入编班前后）";

// Labels of the cover's facts.
pub const PLACED_DATE: &str = "编班日期";
pub const SEQUENCE: &str = "后转入次序";
pub const LATE_STUDENTS: &str = "后转入学生";
pub const ORDER_BASIS: &str = "报到顺序依据";
pub const LOT_RULE: &str = "抽签规则";
pub const ARCHIVE_FINGERPRINT: &str = "所依据的存档指纹";
pub const EARLIER_RECORDS: &str = "此前的后转入记录";
pub const LATE_ROSTER_FINGERPRINT: &str = "后转入名单指纹";
pub const RECORD_FINGERPRINT: &str = "本记录指纹";
pub const NONE: &str = "无";
/// The part of the archive the posted copy lacks, so it cannot be used for placing.
pub const POSTED_COPY: &str = "各班学生的身份证号等信息（这是第三联公示联）";

// The cover's class table.
pub const CLASS: &str = "班级";
pub const BEFORE: &str = "原有人数";
pub const ADDED: &str = "本次转入";
pub const AFTER: &str = "现有人数";

// The cover's lot table.
pub const LOT_TABLE_TITLE: &str = "逐人编班和抽签记录";
pub const ORDER: &str = "编班顺序";
pub const NAME: &str = "姓名";
pub const GENDER: &str = "性别";
pub const REGISTERED: &str = "报到";
pub const SMALLEST: &str = "当时最少人数";
pub const TIED: &str = "人数最少的班（班号）";
pub const CANDIDATES: &str = "抽签范围（班号）";
pub const DRAW: &str = "抽签结果";
pub const PLACED_CLASS: &str = "编入班级";

pub const SEQ: &str = "序号";
pub const END_START: &str = "本班本次转入到此结束";

/// The roles who sign the cover by default, one row each.
pub const SIGNERS: [&str; 4] = [
    "纪检监督人员",
    "教育局（基教科）工作人员",
    "学校经办人",
    "家长代表",
];

/// Formats the sequence of a late enrolment into one archive: 第 2 次.
pub fn sequence(sequence: u32) -> String {
    format!("第 {sequence} 次")
}

/// Formats the page header's mark of the sequence: 第2次后转入编班.
pub fn sequence_mark(sequence: u32) -> String {
    format!("第{sequence}次后转入编班")
}

/// Formats the class sheet's title: 七(3)班 后转入学生名单.
pub fn class_title(class: &str) -> String {
    format!("{class} 后转入学生名单")
}

/// Formats a class's sizes: 原有 44 人，本次转入 1 人，现有 45 人（男 23 人，女 22 人）.
pub fn class_sizes(before: usize, added: usize, after: usize, boys: usize, girls: usize) -> String {
    format!("原有 {before} 人，本次转入 {added} 人，现有 {after} 人（男 {boys} 人，女 {girls} 人）")
}

/// Formats the last line of a class sheet, so a missing page shows.
pub fn class_end(count: usize) -> String {
    format!("{END_START}，共 {count} 人。")
}

/// Returns the printed registration order basis. Reading a record back compares with it.
pub fn basis_text(basis: OrderBasis) -> &'static str {
    match basis {
        OrderBasis::RegisteredAt => {
            "按报到时间（名单中的“报到时间”列），时间相同的按报到序号或名单行序"
        }
        OrderBasis::RegistrationNo => "按报到序号（名单中的“报到序号”列）",
        OrderBasis::RowOrder => "按名单中的行序（名单没有报到时间和报到序号列）",
    }
}

/// Returns the printed lot rule. Reading a record back compares with it.
pub fn rule_text(gender_rule: bool) -> &'static str {
    if gender_rule {
        "每名学生编入当时人数最少的班级；人数最少的班级有几个时，先取其中与该生同性别学生最少的班级，仍有几个时抽签决定"
    } else {
        "每名学生编入当时人数最少的班级；人数最少的班级有几个时，抽签决定"
    }
}

/// Formats the lot result on two lines, 共 5 个 and 抽中第 2 个, or that none was needed.
pub fn draw_text(draw: Option<u32>, candidates: usize) -> String {
    match draw {
        Some(d) => format!("共 {candidates} 个\n抽中第 {d} 个"),
        None => "无需抽签".to_string(),
    }
}

/// The note under the lot table: how anyone can repeat the lots.
pub const LOT_NOTE: &str = "抽签用公开的随机种子、存档指纹、此前记录的指纹和后转入名单指纹算出，任何人都可以用 bianban verify 重算核对。";

/// Formats the head teacher's signature line under a class sheet.
pub fn head_teacher_signature(head_teacher: &str) -> String {
    format!("班主任（{head_teacher}）签名：________________　　日期：____年__月__日")
}

pub fn late_problem(problem: &LateProblem) -> String {
    use LateProblem as P;
    match problem {
        P::RegistrationTimeMissing => {
            "报到时间没有填写。后转入学生按报到先后编班，请补上报到时间后重新运行。".to_string()
        }
        P::RegistrationTimeInvalid { written } => format!(
            "报到时间{}无法识别。请写成 2025-09-01 08:30 这样的日期和时间。",
            quoted(written)
        ),
        P::RegistrationNoMissing => "报到序号没有填写。请补上后重新运行。".to_string(),
        P::RegistrationNoInvalid { written } => format!(
            "报到序号{}不是正整数。请写成 1、2、3 这样的数字。",
            quoted(written)
        ),
        P::RegistrationNoTwice { number, other } => format!(
            "报到序号 {number} 与{}重复，无法确定谁先报到。请改正后重新运行。",
            origin_text(other)
        ),
        P::SameRegistrationTime { other, by_number } => format!(
            "报到时间与{}相同，{}。",
            origin_text(other),
            if *by_number {
                "按报到序号排先后"
            } else {
                "按名单中的行序排先后"
            }
        ),
        P::OrderByRows => {
            "名单中没有“报到时间”或“报到序号”列，按名单中的行序（从上到下）依次编班。".to_string()
        }
        P::AlreadyPlaced {
            name,
            id,
            file,
            class,
            row,
            placed_name,
        } => format!(
            "学生“{name}”（身份证号 {id}）已经在“{file}”的{class}（第{}行，“{placed_name}”）中，不能再作为后转入学生编班。请核对名单。",
            row + 1
        ),
        P::ArchiveChanged { recorded, now } => format!(
            "存档的内容与生成时不一致：抽签结果记录中的存档指纹是 {}，按现在的内容算出的是 {}。存档在生成后被改动过，请先用 bianban verify 核对。",
            recorded.short(),
            now.short()
        ),
        P::ArchiveWithoutRecord { record } => format!(
            "存档旁边没有找到“{record}”，无法核对存档是否被改动过。请把存档文件夹整个保存。"
        ),
        P::ArchiveCountsDiffer {
            class,
            cover,
            listed,
        } => format!(
            "存档封面上{class}是 {cover} 人，但{class}的名单上有 {listed} 人。存档被改动过，请先用 bianban verify 核对。"
        ),
        P::ArchiveIncomplete { missing } => {
            format!(
                "这不是完整的第一联或第二联存档：缺少{missing}。请使用合并抽签结果时生成的原文件。"
            )
        }
        P::RecordOfOtherArchive { extends, archive } => format!(
            "这份后转入记录所依据的存档指纹是 {}，而给出的存档指纹是 {}。它属于另一份存档，请核对。",
            extends.short(),
            archive.short()
        ),
        P::RecordMissingFromChain { missing } => format!(
            "这份后转入记录之前还有一份记录（指纹 {}），但没有给出。请用 --late-record 把此前的每一份后转入记录都给出。",
            missing.short()
        ),
        P::RecordGivenTwice => "同一份后转入记录给出了两次。".to_string(),
        P::RecordChanged { printed, now } => format!(
            "后转入记录的内容与它印的指纹不一致：印的是 {}，按现在的内容算出的是 {}。记录在生成后被改动过。",
            printed.short(),
            now.short()
        ),
        P::RecordNotGiven { time, record } => format!(
            "编班日志显示 {time} 已为这份存档做过一次后转入编班（记录指纹 {record}），但这次没有给出那份记录，各班人数会算错。请用 --late-record 给出它。"
        ),
        P::OverCap { class, size, cap } => {
            format!("{class}编入后有 {size} 人，超过了班额上限 {cap} 人。")
        }
    }
}

pub fn archive_file(file: &str, classes: usize, students: usize) -> String {
    format!("存档：{file}（{classes} 个班，{students} 名学生）")
}

pub fn earlier_record(file: &str, sequence: u32, students: usize) -> String {
    format!("此前的后转入记录：{file}（第 {sequence} 次，{students} 名学生）")
}

pub fn order_basis(basis: OrderBasis) -> String {
    format!("报到顺序：{}", basis_text(basis))
}

pub fn gender_rule(on: bool) -> String {
    format!("抽签规则：{}", rule_text(on))
}

pub fn placements_heading(count: usize) -> String {
    format!("\n逐人编班（共 {count} 人）：\n  顺序  姓名        性别  人数最少的班级  结果")
}

pub fn placement_row(
    order: usize,
    name: &str,
    gender: &str,
    tied: &str,
    draw: &str,
    class: &str,
) -> String {
    format!(
        "  {order:>4}  {}  {}  {}  {class}（{draw}）",
        pad_to_columns(name, 10),
        pad_to_columns(gender, 4),
        pad_to_columns(tied, 14)
    )
}

/// Pads `text` with spaces to `columns` console columns. Chinese characters and full-width
/// punctuation take two columns, so `format!`'s width, which counts characters, would
/// leave the table's columns out of line.
fn pad_to_columns(text: &str, columns: usize) -> String {
    let width = UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(columns.saturating_sub(width)))
}

/// Formats the smallest classes for the console: their numbers, or their count when more
/// than six.
pub fn tied_classes(classes: &[u32]) -> String {
    if classes.len() > 6 {
        format!("{} 个班", classes.len())
    } else {
        crate::write::late_record::class_numbers(classes)
    }
}

pub fn record_fingerprint(grouped: &str) -> String {
    format!("本记录指纹：{grouped}")
}

pub fn same_as_before(folder: &Path) -> String {
    format!(
        "这些学生已经按同样的种子编过班，结果相同，没有重复生成。记录在：{}",
        folder.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Returns the console column at which `part` starts in `line`.
    fn column_of(line: &str, part: &str) -> usize {
        let start = line.find(part).unwrap();
        UnicodeWidthStr::width(&line[..start])
    }

    #[test]
    fn placement_rows_line_up_with_heading() {
        let heading = placements_heading(7);
        let heading = heading.lines().last().unwrap();
        let row = placement_row(
            1,
            "孙语瑾",
            "女",
            "25 个班",
            "共 25 个，抽中第 9 个",
            "七(15)班",
        );

        assert_eq!(column_of(&row, "女"), column_of(heading, "性别"));
        assert_eq!(
            column_of(&row, "25 个班"),
            column_of(heading, "人数最少的班级")
        );
        assert_eq!(column_of(&row, "七(15)班"), column_of(heading, "结果"));
    }
}
