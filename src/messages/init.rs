//! Wording of `bianban init`.

use std::path::Path;

pub fn folder(dir: &Path) -> String {
    format!("工作文件夹：{}", dir.display())
}

pub fn made(files: &[String]) -> String {
    format!("已建立：{}", files.join("、"))
}

pub fn kept(files: &[String]) -> String {
    format!("已经存在，没有改动：{}", files.join("、"))
}

pub fn next_step() -> String {
    format!(
        "下一步：打开“{}”，按说明填写名单和设置，然后双击“{}”。",
        super::labels::INPUT_GUIDE,
        super::labels::BATCH_CHECK
    )
}
