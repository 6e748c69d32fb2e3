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

/// Formats the line naming the journal entry that recorded the run. A journal in the
/// current folder is named without the `./` that the work folder `.` puts in front.
pub fn recorded(journal: &Path, seq: u64) -> String {
    let path = journal.strip_prefix(".").unwrap_or(journal);
    format!("本次运行已记入编班日志第 {seq} 条：{}", path.display())
}

/// Formats the warning when the journal had faults before this run appended to it.
pub fn journal_faults(faults: usize) -> String {
    format!(
        "警告：编班日志中有 {faults} 处记录对不上（被改动、删除或调换过）。本次仍已记入日志；请用 bianban verify 核对日志，查清原因。"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorded_names_journal_without_dot_folder() {
        let line = recorded(Path::new("./编班日志.jsonl"), 1);
        assert_eq!(line, "本次运行已记入编班日志第 1 条：编班日志.jsonl");
    }

    #[test]
    fn recorded_keeps_other_folders() {
        let line = recorded(Path::new("/学校/编班日志.jsonl"), 2);
        assert_eq!(line, "本次运行已记入编班日志第 2 条：/学校/编班日志.jsonl");
    }
}
