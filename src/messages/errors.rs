//! Wording of errors that stop a command, and the exit code of each.

use std::path::Path;

use crate::error::{
    Error, InternalFault, MergeInput, NotSpreadsheetKind, OptionFault, PostedCopyUse, TableKind,
    TooLargeCause, WriteFault,
};
use crate::settings::{SETTINGS_FILE, SettingsError, SettingsFault};

/// Exit status when the data has errors, a check flags something, or a comparison differs.
pub const EXIT_DATA: i32 = 1;
/// Exit status for invalid options or settings.
pub const EXIT_USAGE: i32 = 2;
/// Exit status when an input file cannot be read.
pub const EXIT_INPUT: i32 = 3;
/// Exit status when an output cannot be written.
pub const EXIT_OUTPUT: i32 = 4;
/// Exit status after an internal error (a bug); the message asks to report it.
pub const EXIT_INTERNAL: i32 = 70;

pub fn exit_code(error: &Error) -> i32 {
    match error {
        Error::DataErrors { .. } | Error::TeamsFlagged { .. } => EXIT_DATA,
        Error::MergeRefused { .. } | Error::DrawnBefore { .. } => EXIT_DATA,
        Error::SchoolsFailed { .. } => EXIT_DATA,
        Error::LateRefused { .. } | Error::Differences { .. } | Error::AuditFindings { .. } => {
            EXIT_DATA
        }
        Error::InvalidOption { .. } | Error::Settings(_) => EXIT_USAGE,
        Error::RosterNotGiven
        | Error::TeachersNotGiven
        | Error::ManySchools { .. }
        | Error::SchoolNotFound { .. } => EXIT_USAGE,
        Error::PostedCopyGiven { .. } | Error::HotlinesMissing { .. } => EXIT_USAGE,
        Error::Write { .. } => EXIT_OUTPUT,
        Error::Internal { .. } => EXIT_INTERNAL,
        Error::Balance(e) if e.is_option_mistake() => EXIT_USAGE,
        Error::Balance(_) => EXIT_DATA,
        Error::Regroup(fault) => super::regroup::exit_code(fault),
        _ => EXIT_INPUT,
    }
}

const RESAVE: &str =
    "请用 Excel 或 WPS 打开它，确认能看到内容后另存为新的 .xlsx 文件，再用新文件运行。";
/// [`RESAVE`] as the second of two ways out.
const RESAVE_AGAIN: &str =
    "也可以用 Excel 或 WPS 打开它，确认能看到内容后另存为新的 .xlsx 文件，再用新文件运行。";

pub fn error_text(error: &Error) -> String {
    match error {
        Error::FileNotFound { path } => {
            format!(
                "找不到文件“{}”。请检查文件名和所在文件夹是否正确。",
                shown(path)
            )
        }
        Error::IsFolder { path } => {
            format!(
                "“{}”是文件夹，不是文件。请指定名单文件，例如 名单.xlsx。",
                shown(path)
            )
        }
        Error::NotRegularFile { path } => format!(
            "“{}”不是普通文件（可能是设备或管道），无法作为名单读取。请指定保存在磁盘上的表格文件。",
            shown(path)
        ),
        Error::FileUnreadable { path, code } => format!(
            "无法打开文件“{}”{}。如果它正在 Excel 或 WPS 中打开，请先关闭再运行。",
            shown(path),
            os_code(*code)
        ),
        Error::EmptyFile { path } => {
            format!(
                "文件“{}”是空的（0 字节）。请重新导出或重新复制这个文件。",
                shown(path)
            )
        }
        Error::OwnerFile { path } => format!(
            "“{}”是 Excel 或 WPS 打开文件时自动生成的临时文件（文件名以 ~$ 开头），不是名单。请选择不带 ~$ 的那个文件。",
            shown(path)
        ),
        Error::Damaged { path } => {
            format!(
                "文件“{}”已损坏或不完整（可能没有下载完）。请重新下载或重新导出。{RESAVE_AGAIN}",
                shown(path)
            )
        }
        Error::Encrypted { path } => format!(
            "文件“{}”设置了打开密码，无法读取。请在 Excel 或 WPS 中打开它，取消打开密码后保存，再运行。",
            shown(path)
        ),
        Error::WebPage { path } => format!(
            "文件“{}”其实是网页，不是表格文件，里面也没有找到可以读取的表格。{RESAVE}",
            shown(path)
        ),
        Error::NotSpreadsheet { path, kind } => format!(
            "文件“{}”是{}，不是表格文件。请选择 Excel（.xlsx、.xls）、WPS、ODS 或 CSV 格式的文件。",
            shown(path),
            kind_label(*kind)
        ),
        Error::ReadTimeout { path, seconds } => format!(
            "读取文件“{}”超过 {seconds} 秒仍未完成，已停止。文件可能已损坏；{RESAVE}如果文件确实很大，{}",
            shown(path),
            raise_setting("时间上限秒", &format!("{seconds} 秒"))
        ),
        Error::ReaderCrashed { path } => {
            format!("读取文件“{}”时出错，文件可能已损坏。{RESAVE}", shown(path))
        }
        Error::TooLarge {
            path,
            limit_mb,
            cause,
        } => too_large_text(path, *limit_mb, *cause),
        Error::NoHeader {
            file,
            sheets,
            expected,
        } => no_header(file, sheets, *expected),
        Error::NoRows { file } => {
            format!("“{file}”里找到了表头，但表头下面没有数据行。请检查是不是选错了文件。")
        }
        Error::DataErrors { errors } => {
            format!("发现 {errors} 处错误（见上面的列表）。请改正名单后重新运行。")
        }
        Error::TeamsFlagged { problems, classes } => teams_flagged(*problems, *classes),
        Error::InvalidOption {
            option,
            value,
            fault,
        } => option_text(option, value, fault),
        Error::Write { path, fault } => write_text(path, *fault),
        Error::Settings(error) => settings_text(error),
        Error::MergeRefused { errors, inputs } => merge_refused(*errors, inputs),
        Error::DrawnBefore {
            folder,
            time,
            differing,
        } => format!(
            "这些分组在 {time} 已经合并过一次抽签结果（存档在“{}”），本次有 {differing} 个班的组号与那次不同。存档只生成一次，不会覆盖；如果确实要重新抽签，请加上 --rerun，两次的结果都会保留，本次的每一页都会注明是重新抽签。",
            shown(folder)
        ),
        Error::TeachersNotGiven => format!(
            "没有指定教师任课表。请在命令后写上任课表文件，或在设置文件的[文件]里填写“任课表”；也可以把任课表命名为“{}”，放在当前文件夹里。",
            super::labels::INPUT_TEACHER_FILE
        ),
        Error::RosterNotGiven => format!(
            "没有指定名单。请在命令后写上名单文件或文件夹，或在设置文件的[文件]里填写“名单”；也可以把名单命名为“{}”，或把各校名单放进“{}”文件夹，放在当前文件夹里。",
            super::labels::INPUT_ROSTER_FILE,
            super::labels::INPUT_ROSTER_FOLDER
        ),
        Error::NoRosterFiles { folder } => format!(
            "文件夹“{}”里没有表格文件（xlsx、xls、et、ods、csv）。请把各校名单放进这个文件夹，或指定别的文件夹。",
            shown(folder)
        ),
        Error::ManySchools { file, schools } => format!(
            "“{file}”的学校列里有 {} 所学校：{}。多所学校一起分组时，请用 --class-counts 指定班级数表（学校、年级、班级数三列）；只分其中一所时，请用 --school 写上学校名称。",
            schools.len(),
            list_some(schools)
        ),
        Error::SchoolNotFound { school, found } => format!(
            "名单里没有学校“{school}”。名单里的学校有：{}。请检查 --school 或设置文件里“学校名称”的写法。",
            list_some(found)
        ),
        Error::SchoolsFailed { failed, total } => format!(
            "{total} 所学校中有 {failed} 所没有完成（原因见上面的列表和汇总表）。其他学校的结果已经写好；改正后可以只重新运行没有完成的学校。"
        ),
        Error::LateRefused { errors } => format!(
            "发现 {errors} 处问题（见上面的列表），没有编班，也没有生成任何文件。请改正后重新运行。"
        ),
        Error::Differences { count } => {
            format!("核对结果：不一致，共 {count} 处（见上面的列表）。")
        }
        Error::HotlinesMissing { settings_file } => {
            let where_to = match settings_file {
                Some(path) => format!("在设置文件“{}”的 [存档] 一节填写", path.display()),
                None => format!(
                    "在 {SETTINGS_FILE} 的 [存档] 一节填写（还没有设置文件时，可运行 bianban init 建立）"
                ),
            };
            format!(
                "没有填写举报电话。学校公示联要印举报电话，存档只生成一次，事后不能补印，所以这次没有生成任何文件。请{where_to}，例如 举报电话 = [\"县教育局纪检组 0000-1234567\"]；也可以在命令里加 --hotline \"县教育局纪检组 0000-1234567\"。确实不印举报电话时加 --no-hotline。"
            )
        }
        Error::PostedCopyGiven {
            path,
            option,
            command,
        } => {
            let consequence = match command {
                PostedCopyUse::Audit => "无法与现名单逐人核对，所以没有核查",
                PostedCopyUse::Late => "无法据此核对各班学生和已有的后转入记录，所以没有编班",
            };
            format!(
                "{option} 给出的“{}”是第三联（学校公示联），上面没有身份证号、学籍号和出生日期，{consequence}。请改用第一联或第二联，再运行一次。",
                crate::read::file_name(path)
            )
        }
        Error::AuditFindings { count } => {
            format!("核查发现 {count} 处需要说明的情况（见上面的列表和核查报告）。")
        }
        Error::Internal { what } => internal_text(*what),
        Error::Balance(error) => super::balance::error_text(error),
        Error::Regroup(fault) => super::regroup::text(fault),
    }
}

/// Formats why `merge` wrote nothing, with what to do about each input that had errors.
fn merge_refused(errors: usize, inputs: &[MergeInput]) -> String {
    let advice: Vec<&str> = inputs
        .iter()
        .map(|input| match input {
            MergeInput::Groups => "换用分组时生成的原始分组名单和签字确认过的名单",
            MergeInput::DrawForm => "改正抽签记录表",
            MergeInput::TeacherSheets => "改正教师任课表（或不带 --teachers 运行）",
        })
        .collect();
    let advice = if advice.is_empty() {
        "改正上面列出的问题".to_string()
    } else {
        advice.join("，")
    };
    format!(
        "发现 {errors} 处问题（见上面的列表），没有生成任何存档文件。请{advice}，然后重新运行。"
    )
}

fn teams_flagged(problems: usize, classes: usize) -> String {
    let mut parts = Vec::new();
    if problems > 0 {
        // Only errors and incomplete teams are counted; the other warnings ask for a check.
        parts.push(format!("任课表有 {problems} 处必须处理的错误或配备问题"));
    }
    if classes > 0 {
        parts.push(format!("{classes} 个班不均衡或强强搭配"));
    }
    format!("{}（见上面的说明）。", parts.join("，"))
}

fn too_large_text(path: &Path, limit_mb: u64, cause: TooLargeCause) -> String {
    let path = shown(path);
    let raise = raise_setting("内存上限MB", &format!("{limit_mb} MB"));
    match cause {
        TooLargeCause::FileSize { megabytes } => format!(
            "文件“{path}”有 {megabytes} MB，超过了一次可以读取的 {} MB。名单文件一般只有几 MB，请确认选对了文件；如果确实要读这么大的文件，{raise}",
            limit_mb / 4
        ),
        TooLargeCause::Unpacked { megabytes } => format!(
            "文件“{path}”解压后有 {megabytes} MB，和文件本身的大小极不相称，可能已损坏或是特意构造的压缩炸弹，已停止读取。请向提供文件的人要一份用 Excel 或 WPS 正常保存的文件；如果它确实是很大的名单，{raise}"
        ),
        TooLargeCause::Cells => format!(
            "文件“{path}”里的表格范围太大，读取需要的内存超过了上限，已停止。常见原因是数据下方或右侧很远处还有内容或格式：请在 Excel 或 WPS 中删除数据区以外的行和列，保存后再运行；如果数据确实这么多，{raise}"
        ),
        TooLargeCause::Memory => format!(
            "读取文件“{path}”时用完了内存上限，已停止。文件可能已损坏，或者表格范围远大于实际数据；{RESAVE}如果数据确实这么多，{raise}"
        ),
    }
}

/// Tells where to raise a `[读取]` limit, with its value now.
fn raise_setting(key: &str, current: &str) -> String {
    format!("可以在设置文件 {SETTINGS_FILE} 的 [读取] 部分调高“{key}”（现在是 {current}）。")
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// Lists up to ten names with 、 and says how many more there are.
fn list_some(names: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut text = names
        .iter()
        .take(SHOWN)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join("、");
    if names.len() > SHOWN {
        text.push_str(&format!(" 等（共 {} 所）", names.len()));
    }
    text
}

fn os_code(code: Option<i32>) -> String {
    code.map(|c| format!("（系统错误代码 {c}）"))
        .unwrap_or_default()
}

fn kind_label(kind: NotSpreadsheetKind) -> &'static str {
    match kind {
        NotSpreadsheetKind::Pdf => "PDF 文档",
        NotSpreadsheetKind::Word => "Word 文档",
        NotSpreadsheetKind::Image => "图片",
        NotSpreadsheetKind::Archive => "压缩包",
        NotSpreadsheetKind::Text => "普通文本文件",
        NotSpreadsheetKind::Unknown => "无法识别的文件",
    }
}

fn no_header(file: &str, sheets: &[String], expected: TableKind) -> String {
    let (what, needs) = match expected {
        TableKind::Roster => (
            "学生名单的表头",
            "名单至少要有“姓名”列，以及“性别”或“身份证号”列",
        ),
        TableKind::TeacherSheet => (
            "教师任课表的表头",
            "任课表至少要有“班级”和“班主任”列，或“姓名”和“职称”等列",
        ),
        TableKind::DrawForm => ("抽签记录表的表头", "抽签记录表要有“班级”和“抽中组号”列"),
        TableKind::ClassCounts => ("班级数表的表头", "班级数表要有“学校”和“班级数”列"),
        TableKind::ClassList => ("班级名单的表头", "班级名单要有“姓名”和“班级”列"),
    };
    let sheets = if sheets.is_empty() {
        "没有工作表".to_string()
    } else {
        sheets.join("、")
    };
    format!("在“{file}”（工作表：{sheets}）的前40行里没有找到{what}。{needs}，请检查表头的写法。")
}

fn option_text(option: &str, value: &str, fault: &OptionFault) -> String {
    match fault {
        OptionFault::ClassCount => format!("班级数“{value}”无效，应为1或更大的整数（{option}）。"),
        OptionFault::MoreClassesThanStudents { students } => {
            format!(
                "班级数 {value} 比学生人数 {students} 还多，无法分组。请核对班级数（{option}）。"
            )
        }
        OptionFault::EmptySeed => format!(
            "随机种子为空（{option}）。请填写监督人员现场掷骰子得到的数字，例如 --seed 351624。"
        ),
        OptionFault::Grade => {
            format!("年级“{value}”无法识别（{option}）。请写成“一年级”“七年级”，或 1、7。")
        }
        OptionFault::Title => format!(
            "设置“{option}”的值“{value}”不是职称。请写成 正高级、高级、一级、二级、三级 或 未定级。"
        ),
        OptionFault::Conflict { other } => {
            format!("选项 {option} 不能和 {other} 同时使用。请只保留其中一个。")
        }
        OptionFault::GroupsOrSeed => "请用 --groups 指定分组时生成的分组名单.xlsx；或者用 --roster、--seed 和 --classes 指定名单、随机种子和班级数，重新计算分组。".to_string(),
        OptionFault::Requires { other } => {
            format!("选项 {option} 需要同时给出 {other}。")
        }
        OptionFault::Date => {
            format!("日期“{value}”无法识别（{option}）。请写成 2025-08-28 这样的形式。")
        }
        OptionFault::ClassCountMissing => format!(
            "没有班级数。请用 {option} 写上本校的班级数，或在设置文件的[学校]里填写“班级数”；多所学校一起分组时，请用 --class-counts 指定班级数表。"
        ),
        OptionFault::SeedsDiffer => {
            "两次输入的随机种子不一致，已停止，没有分组。请核对监督人员记录的种子后重新运行。"
                .to_string()
        }
    }
}

fn write_text(path: &Path, fault: WriteFault) -> String {
    let path = shown(path);
    match fault {
        WriteFault::Exists => format!(
            "文件“{path}”已经存在。为防止覆盖以前的结果，本工具从不覆盖文件。请换一个输出文件夹（--out），或把旧文件移走后再运行。"
        ),
        WriteFault::Locked => {
            format!("文件“{path}”正被其他程序（如 Excel 或 WPS）打开，无法写入。请关闭它后再运行。")
        }
        WriteFault::ReadOnly => format!(
            "没有权限写入“{path}”（文件夹是只读的，或者文件正被其他程序打开）。请换一个可以写入的文件夹，或关闭该文件后再运行。"
        ),
        WriteFault::DiskFull => format!(
            "磁盘空间不足，无法写入“{path}”。没有写完的文件已删除，原有的文件没有改动；请清理磁盘空间后重新运行。"
        ),
        WriteFault::FolderMissing => {
            format!("无法写入“{path}”：所在的文件夹不存在，也无法创建。请检查输出文件夹的路径。")
        }
        WriteFault::Other(code) => format!(
            "写入“{path}”失败{}。请检查磁盘和文件夹后重新运行。",
            os_code(code)
        ),
    }
}

fn internal_text(what: InternalFault) -> String {
    let (detail, files) = match what {
        InternalFault::GroupingGuarantees => (
            "分组结果没有通过人数和男女均衡的核对",
            "为安全起见已停止，没有写出任何文件。",
        ),
        InternalFault::WriterThread => (
            "写出分组名单时程序意外中止",
            "这次的输出文件夹不完整，请不要使用其中的文件。",
        ),
    };
    format!("程序内部出错：{detail}。{files}请把所用的名单、种子和命令报告给维护人员。")
}

fn settings_text(error: &SettingsError) -> String {
    let place = match error.line {
        Some(line) => format!("设置文件“{}”第 {line} 行", shown(&error.path)),
        None => format!("设置文件“{}”", shown(&error.path)),
    };
    let what = match &error.fault {
        SettingsFault::Unreadable { code } => {
            format!(
                "无法读取{}。请确认文件存在且没有被其他程序占用。",
                os_code(*code)
            )
        }
        SettingsFault::NotUtf8 => {
            "不是 UTF-8 编码。请用记事本打开，选择“另存为”，编码选 UTF-8 后保存。".to_string()
        }
        SettingsFault::UnquotedText => {
            "的文字没有加英文双引号。请写成 名称 = \"示例中学\" 这样的形式。".to_string()
        }
        SettingsFault::DuplicateKey => {
            "的设置项前面已经出现过。每一项只能写一次，请删掉重复的一行。".to_string()
        }
        SettingsFault::UnknownKey { key, allowed } => format!(
            "的设置项“{key}”无法识别。这里可以写的设置项有：{}。请检查是否有错别字。",
            allowed.join("、")
        ),
        SettingsFault::WrongType { expected } => format!(
            "的值类型不对（应为{}）。数字不加引号，文字加英文双引号，表示“是”或“否”的项写 true 或 false（不加引号）。",
            type_label(expected)
        ),
        SettingsFault::OutOfRange { min, max } => {
            format!("的值超出范围，应为 {min} 到 {max} 之间的整数。")
        }
        SettingsFault::UnknownValue { value, allowed } => format!(
            "的值“{value}”无法识别。这里只能写{}之一（加英文双引号）。",
            allowed
                .iter()
                .map(|a| format!("“{a}”"))
                .collect::<Vec<_>>()
                .join("、")
        ),
        SettingsFault::Syntax => {
            "的写法有误。请对照 bianban init 生成的设置文件检查这一行。".to_string()
        }
    };
    format!("{place}{what}")
}

/// Names the TOML value kinds serde expects in words a clerk knows.
fn type_label(expected: &str) -> &'static str {
    if expected.contains("bool") {
        "true 或 false"
    } else if expected.contains("integer")
        || expected.contains("u32")
        || expected.contains("f64")
        || expected.contains("float")
    {
        "数字"
    } else if expected.contains("sequence") {
        "用方括号括起来的列表"
    } else {
        "加英文双引号的文字"
    }
}
