//! Wording of what the commands print about the run journal (`编班日志.jsonl`).

use std::path::Path;

use super::labels;
use crate::write::EarlierRun;

/// Formats the console warning of a second or later grouping of the same roster.
pub fn regrouping_warning(runs: &[EarlierRun]) -> String {
    let list: Vec<String> = runs
        .iter()
        .map(|run| format!("{}（种子 {}）", labels::date_time(run.time), run.seed))
        .collect();
    format!(
        "警告：编班日志显示，同一份名单、同一学校、同样的班级数此前已分组 {} 次：{}。本次是第 {} 次分组，已在分组名单、信封封面和抽签记录表的每一张表上注明。",
        runs.len(),
        list.join("；"),
        runs.len() + 1
    )
}

/// Formats the line naming the journal entry that recorded the run.
pub fn recorded(journal: &Path, seq: u64) -> String {
    format!("本次运行已记入编班日志第 {seq} 条：{}", journal.display())
}

/// Formats the warning when the journal had faults before this run appended to it.
pub fn journal_faults(faults: usize) -> String {
    format!(
        "警告：编班日志中有 {faults} 处记录对不上（被改动、删除或调换过）。本次仍已记入日志；请用 bianban verify 核对日志，查清原因。"
    )
}
