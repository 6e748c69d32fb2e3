//! Wording of the faults that stop a recomputation of sealed groups in `verify` and
//! `merge`.

use std::path::Path;

use super::errors::{EXIT_DATA, EXIT_USAGE};
use crate::fingerprint::Fingerprint;
use crate::group::balance::BALANCE_ALGORITHM;
use crate::group::balance::resolve::OPTION_TOGETHER;
use crate::regroup::RegroupFault;
use crate::rng::ALGORITHM_VERSION;
use crate::write::record::BalanceRecord;

const BALANCE_FLAGS: &str = "--balance-score、--score-column 列名、--balance-column 列名、--separate-namesakes、--separate-homophones、--together 文件或列名、--apart 文件或列名";

/// Returns the exit code of a fault: 2 when an option or file must be given, 1 when the
/// files differ from the record.
pub fn exit_code(fault: &RegroupFault) -> i32 {
    match fault {
        RegroupFault::ListFileNotFound { .. } | RegroupFault::OptionsUnknown { .. } => EXIT_USAGE,
        RegroupFault::ListFileDiffers { .. }
        | RegroupFault::AlgorithmDiffers { .. }
        | RegroupFault::InputsDiffer { .. } => EXIT_DATA,
    }
}

/// Formats the text of a fault.
pub fn text(fault: &RegroupFault) -> String {
    match fault {
        RegroupFault::ListFileNotFound {
            option,
            file,
            looked,
        } => format!(
            "运行记录显示分组时用了{}文件“{file}”（{option}），但名单所在的文件夹里没有这个文件（{}）。请用 {option} 给出分组时用的那份文件，例如 {option} 某文件夹/{file}",
            list_kind(option),
            shown(looked)
        ),
        RegroupFault::ListFileDiffers { option, path } => format!(
            "名单所在文件夹里的“{}”与分组时用的{}文件不同：它的 SHA-256 与运行记录中的不符，可能在分组后被改过。请用 {option} 给出分组时用的那份文件。",
            shown(path),
            list_kind(option)
        ),
        RegroupFault::OptionsUnknown {
            record: Some(record),
        } => format!(
            "运行记录显示这次分组开启了均衡选项（算法 {BALANCE_ALGORITHM}），但这份运行记录由较早的版本写成，没有保存重新计算所需的全部均衡选项。记录中写着：{}。请加上分组时用的均衡选项再运行（{BALANCE_FLAGS}）。",
            known_options(record)
        ),
        RegroupFault::OptionsUnknown { record: None } => format!(
            "抽签结果记录显示这次分组开启了均衡选项（算法 {BALANCE_ALGORITHM}），但没有找到分组时的运行记录.json，无法得知用了哪些均衡选项。请把分组文件夹（其中有运行记录.json）一起给出，或加上分组时用的均衡选项再运行（{BALANCE_FLAGS}）。"
        ),
        RegroupFault::AlgorithmDiffers {
            recorded,
            recomputed,
        } => algorithm_differs(recorded, recomputed),
        RegroupFault::InputsDiffer {
            recorded,
            recomputed,
        } => format!(
            "按名单和均衡选项重新计算的均衡条件指纹是 {}，运行记录中是 {}，两者不同，所以算不出当时的分组。可能是名单中用于均衡的列（成绩、毕业学校、住校等）或同组、分开名单在分组后被改过，也可能是这次给出的均衡选项与分组时不同。请用分组时签字确认的名单和名单文件再运行。",
            recomputed.grouped(),
            grouped(recorded)
        ),
    }
}

fn algorithm_differs(recorded: &str, recomputed: &str) -> String {
    let head = format!(
        "运行记录显示分组用的算法是 {recorded}，这次重新计算用的是 {recomputed}，算不出当时的分组。"
    );
    let advice = if recorded == ALGORITHM_VERSION {
        "分组时没有开启均衡选项，请去掉这次给出的均衡选项再运行。".to_string()
    } else if recorded == BALANCE_ALGORITHM {
        format!("分组时开启了均衡选项，请加上分组时用的均衡选项再运行（{BALANCE_FLAGS}）。")
    } else {
        "请用生成这些文件的 bianban 版本核对。".to_string()
    };
    format!("{head}{advice}")
}

/// Lists what a record written before the options were stored states about them.
fn known_options(record: &BalanceRecord) -> String {
    let mut items: Vec<String> = Vec::new();
    if let Some(score) = &record.score {
        items.push(format!("按“{score}”列的分数均衡"));
    }
    for column in &record.columns {
        items.push(format!("按“{column}”列的分类均衡"));
    }
    if record.separate_namesakes {
        items.push("同名学生分开".to_string());
    }
    if record.separate_homophones {
        items.push("同音姓名分开".to_string());
    }
    if record.together_sets > 0 {
        items.push(format!("同组名单 {} 组", record.together_sets));
    }
    if record.apart_sets > 0 {
        items.push(format!("分开名单 {} 组", record.apart_sets));
    }
    if items.is_empty() {
        return "没有写明均衡项目".to_string();
    }
    items.join("，")
}

fn list_kind(option: &str) -> &'static str {
    if option == OPTION_TOGETHER {
        "同组名单"
    } else {
        "分开名单"
    }
}

/// Shows a recorded fingerprint in groups of four, or as written when it is not one.
fn grouped(hex: &str) -> String {
    Fingerprint::parse(hex).map_or_else(|| hex.to_string(), |f| f.grouped())
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn missing_list_file_names_the_option() {
        let fault = RegroupFault::ListFileNotFound {
            option: "--together",
            file: "双胞胎.xlsx".into(),
            looked: PathBuf::from("名单/双胞胎.xlsx"),
        };
        assert_eq!(
            text(&fault),
            "运行记录显示分组时用了同组名单文件“双胞胎.xlsx”（--together），但名单所在的文件夹里没有这个文件（名单/双胞胎.xlsx）。请用 --together 给出分组时用的那份文件，例如 --together 某文件夹/双胞胎.xlsx"
        );
        assert_eq!(exit_code(&fault), EXIT_USAGE);
    }

    #[test]
    fn plain_record_asks_to_drop_options() {
        let fault = RegroupFault::AlgorithmDiffers {
            recorded: ALGORITHM_VERSION.into(),
            recomputed: BALANCE_ALGORITHM,
        };
        let said = text(&fault);
        assert!(said.contains("去掉这次给出的均衡选项"), "{said}");
        assert_eq!(exit_code(&fault), EXIT_DATA);
    }
}
