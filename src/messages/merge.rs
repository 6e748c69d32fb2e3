//! Wording of what `bianban merge` prints.

use std::path::Path;

pub fn lists_file(file: &str) -> String {
    format!("分组名单：{file}")
}

pub fn lists_checked(groups: u32, students: usize) -> String {
    format!("已核对 {groups} 组、{students} 名学生：每组内容都与封存时的校验码一致。")
}

pub fn roster_checked() -> &'static str {
    "已与签字确认过的名单逐人核对：每名学生恰好在一个组里，没有改动。"
}

pub fn groups_recomputed(groups: u32) -> String {
    format!("已按名单和随机种子重新计算出 {groups} 个组。")
}

pub fn draw_file(file: &str) -> String {
    format!("抽签记录表：{file}")
}

pub fn draw_checked(classes: usize, date: &str) -> String {
    format!("抽签结果：{classes} 个班各抽中一个组，没有重复和遗漏。抽签日期：{date}")
}

pub fn same_as_before(folder: &Path) -> String {
    format!(
        "这次的抽签结果与已经存档的结果完全相同，没有重复生成。存档文件在：{}",
        folder.display()
    )
}

pub fn rerun_written(sequence: u32) -> String {
    format!(
        "注意：这是同一批分组的第 {sequence} 次抽签结果，已在存档的每一页上注明；以前的结果仍然保留。"
    )
}

pub fn rerun_without_earlier() -> &'static str {
    "提示：给出了 --rerun，但没有找到以前的抽签结果存档，本次按第一次抽签存档。"
}

pub fn draw_fingerprint(grouped: &str) -> String {
    format!("抽签结果指纹：{grouped}")
}
