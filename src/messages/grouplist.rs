//! Wording of the differences found between the group lists and what was sealed.

use super::{field_label, quoted};
use crate::grouplist::ListProblem;

pub fn list_problem(problem: &ListProblem) -> String {
    use ListProblem as P;
    match problem {
        P::SealMismatch { group, sealed, now } => format!(
            "第{group}组名单的内容与封存时不一致：封存时的校验码是 {}，按现在的内容算出的是 {}。名单在分组之后被改动过。",
            sealed.short(),
            now.short()
        ),
        P::PrintedSealDiffers {
            group,
            printed,
            sealed,
        } => format!(
            "第{group}组工作表上印的校验码 {} 与封存记录中的 {} 不同。校验码这一行被改过，或者这张表来自另一次分组。",
            printed.short(),
            sealed.short()
        ),
        P::SummarySealDiffers {
            group,
            summary,
            recorded,
        } => format!(
            "汇总表中第{group}组的校验码 {} 与运行记录中的 {} 不同。汇总表被改过，或者来自另一次分组。",
            summary.short(),
            recorded.short()
        ),
        P::CellEdited {
            group,
            name,
            field,
            sealed,
            now,
        } => format!(
            "第{group}组学生“{name}”的{}被改动：封存时是{}，现在是{}。",
            field_label(*field),
            quoted(sealed),
            quoted(now)
        ),
        P::StudentMoved {
            name,
            sealed_group,
            group,
        } => format!(
            "学生“{name}”封存时在第{sealed_group}组，现在出现在第{group}组的名单上。分组后学生不能调换。"
        ),
        P::RowAdded { group, name } => format!(
            "第{group}组名单上多了一行“{name}”，封存时的名单上没有这一行。"
        ),
        P::RowDeleted { group, name } => format!(
            "学生“{name}”封存时在第{group}组，现在不在任何一组的名单上（这一行被删除了）。"
        ),
        P::SeqMissing { group, seq } => format!(
            "第{group}组名单缺少组内序号为 {seq} 的一行，这一行可能被删除了。"
        ),
        P::StudentTwice {
            name,
            other_sheet,
            other_row,
        } => format!(
            "学生“{name}”在名单上出现了两次（另一处在「{other_sheet}」第{}行）。",
            other_row + 1
        ),
        P::ContentChanged {
            group,
            sealed_size,
            size,
        } => content_changed(*group, *sealed_size, *size),
        P::GroupSheetMissing { group } => {
            format!("分组名单里没有第{group}组的工作表。请使用分组时生成的完整文件。")
        }
        P::GroupSheetUnexpected { group, groups } => format!(
            "这张工作表是第{group}组的名单，但本次分组只有 {groups} 组。请使用分组时生成的原文件。"
        ),
        P::GroupSheetTwice { group, other_sheet } => format!(
            "第{group}组的名单出现了两次（另一张是「{other_sheet}」）。请使用分组时生成的原文件。"
        ),
        P::RosterDiffers { confirmed, grouped } => format!(
            "用 --roster 指定的名单指纹是 {}，而分组时名单的指纹是 {}。这不是分组时用的那份名单，请使用签字确认过的名单。",
            confirmed.short(),
            grouped.short()
        ),
        P::NoRecord { file } => format!(
            "分组名单旁边没有找到“{file}”，只能与工作簿里印的校验码核对。请把分组时生成的整个文件夹一起保存，不要只复制分组名单。"
        ),
        P::FileSavedAgain => {
            "分组名单文件与分组时生成的文件不完全相同（可能被打开后又保存过），已逐组核对了其中的内容。".to_string()
        }
        P::RosterNeeded => {
            "加上 --roster 并指定签字确认过的名单，可以准确列出被改动的单元格和被删除的学生。".to_string()
        }
    }
}

fn content_changed(group: u32, sealed_size: Option<usize>, size: usize) -> String {
    let sizes = match sealed_size {
        Some(sealed) if sealed > size => {
            format!(
                "封存时 {sealed} 人，现在 {size} 人，少了 {} 人",
                sealed - size
            )
        }
        Some(sealed) if sealed < size => {
            format!(
                "封存时 {sealed} 人，现在 {size} 人，多了 {} 人",
                size - sealed
            )
        }
        Some(_) => format!("人数未变（{size} 人），说明有学生的信息被改动"),
        None => format!("现有 {size} 人"),
    };
    format!("第{group}组名单被改动过：{sizes}。")
}
