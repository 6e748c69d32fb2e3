//! Wording of command-line mistakes and internal errors.

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// The commands, each with a few words on what it does, for the message on a mistyped
/// command. A test checks that every visible command of the command line is here.
pub const COMMANDS: [(&str, &str); 8] = [
    ("init", "建立工作文件夹"),
    ("check", "检查名单"),
    ("group", "分组"),
    ("teachers", "检查教师队伍"),
    ("merge", "合并抽签结果、生成三联存档"),
    ("late", "后转入编班"),
    ("verify", "核验"),
    ("audit", "开学后核查"),
];

/// Returns clap's help or usage text with its English placeholder for options in Chinese.
pub fn help_text(text: &str) -> String {
    text.replace("[OPTIONS]", "[选项]")
}

/// A Chinese message for a command-line mistake clap found.
pub fn usage_error_text(error: &clap::Error) -> String {
    let arg = context(error, ContextKind::InvalidArg);
    let value = context(error, ContextKind::InvalidValue);
    let what = match error.kind() {
        ErrorKind::MissingRequiredArgument => format!("缺少必填的内容：{}。", translate_args(&arg)),
        ErrorKind::UnknownArgument => format!("无法识别的选项“{arg}”。"),
        ErrorKind::InvalidSubcommand => {
            format!(
                "没有“{}”这个命令。可用的命令：{}。",
                context(error, ContextKind::InvalidSubcommand),
                COMMANDS
                    .iter()
                    .map(|(name, what)| format!("{name}（{what}）"))
                    .collect::<Vec<_>>()
                    .join("、")
            )
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation if value.is_empty() => {
            format!("选项 {arg} 后面缺少要填写的内容。")
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            format!("选项 {arg} 的值“{value}”无效。")
        }
        ErrorKind::TooManyValues | ErrorKind::ArgumentConflict => {
            format!(
                "多余或冲突的内容：“{}”。",
                if value.is_empty() { &arg } else { &value }
            )
        }
        ErrorKind::NoEquals => format!("选项 {arg} 需要一个值。"),
        _ => "命令行的写法有误。".to_string(),
    };
    match usage_line(error) {
        Some(usage) => {
            format!("{what}\n{usage}\n运行“bianban --help”或“bianban 命令 --help”查看用法。")
        }
        None => format!("{what}\n运行“bianban --help”或“bianban 命令 --help”查看用法。"),
    }
}

/// Returns the usage line clap attaches to some mistakes (a missing argument, an unknown
/// option). It shows in which order a command takes its arguments.
fn usage_line(error: &clap::Error) -> Option<String> {
    match error.get(ContextKind::Usage) {
        Some(ContextValue::StyledStr(usage)) => {
            let text = usage.to_string();
            let text = text.trim().trim_start_matches("Usage:").trim();
            (!text.is_empty()).then(|| format!("用法：{}", help_text(text)))
        }
        _ => None,
    }
}

fn context(error: &clap::Error, kind: ContextKind) -> String {
    match error.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(list)) => list.join("、"),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// Replaces clap's `<名单文件>`-style placeholders and `--flag <值>` forms as they are;
/// they are already Chinese value names, so only the joining words change.
fn translate_args(args: &str) -> String {
    args.replace(' ', "")
}

/// The message printed instead of a Rust panic: the tool stopped because of a bug.
///
/// `place` is the source file and line of the failure, which helps the maintainers and
/// carries no English prose.
pub fn internal_error_text(place: &str) -> String {
    format!(
        "程序内部出错，已停止。这不是您的操作问题；请把这段文字和所用的名单、命令报告给维护人员。已经写好的文件都完整保留。\n（出错位置：{place}）"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn mistyped_command_lists_every_command() {
        let command = crate::cli::Cli::command();
        let visible: Vec<&str> = command
            .get_subcommands()
            .filter(|c| !c.is_hide_set())
            .map(clap::Command::get_name)
            .collect();
        let listed: Vec<&str> = COMMANDS.iter().map(|(name, _)| *name).collect();
        for name in &visible {
            assert!(listed.contains(name), "{name} is not listed");
        }
        assert_eq!(visible.len(), listed.len());
    }

    #[test]
    fn help_has_no_english_placeholder() {
        let mut command = crate::cli::Cli::command();
        for sub in command.get_subcommands_mut() {
            let help = help_text(&sub.render_help().to_string());
            assert!(!help.contains("OPTIONS"), "{help}");
        }
    }

    fn mistake(args: &[&str]) -> String {
        use clap::Parser;
        let error = crate::cli::Cli::try_parse_from(args).unwrap_err();
        usage_error_text(&error)
    }

    #[test]
    fn missing_argument_shows_usage_in_chinese() {
        let text = mistake(&["bianban", "late"]);
        assert!(text.contains("缺少必填的内容："), "{text}");
        assert!(text.contains("<后转入名单>"), "{text}");
        assert!(
            text.contains("用法：bianban late --archive <存档文件>"),
            "{text}"
        );
        assert!(!text.contains("Usage"), "{text}");
    }

    #[test]
    fn option_without_value_says_value_missing() {
        let text = mistake(&["bianban", "merge", "--draw"]);
        assert!(text.contains("后面缺少要填写的内容"), "{text}");
        assert!(!text.contains("的值“”无效"), "{text}");
    }
}
