//! Wording of the questions and notes the program prints on the console outside a
//! command's summary.

pub const SEED_PROMPT: &str =
    "请输入监督人员现场掷骰子得到的随机种子（例如 351624），输入后按回车：";
pub const SEED_AGAIN: &str = "请再输入一次，核对没有输错：";
pub const SEEDS_DIFFER: &str = "两次输入不一致，请重新输入。";
pub const PRESS_ENTER: &str = "按回车键关闭窗口……";

/// Formats the line printed before checking a file or folder dropped onto the program.
pub fn dropped(path: &std::path::Path) -> String {
    format!("检查拖放的名单：{}", path.display())
}

/// Printed under the help when the program was started by double-clicking it.
pub const DOUBLE_CLICKED: &str = "本程序要在命令行中使用，或双击工作文件夹里的批处理文件（.bat）运行；也可以把名单文件拖到本程序的图标上检查名单。";
