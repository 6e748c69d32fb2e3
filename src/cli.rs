//! Command-line arguments, with help text in Chinese.
//!
//! clap's own words ("Usage", "Options", its error messages) are English, so the help
//! template, the help and version flags, and the error texts (in `messages::usage`) are
//! replaced with Chinese ones.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

const HELP_TEMPLATE: &str = "\
{before-help}{name} {version}：{about}

用法：{usage}

{all-args}{after-help}";

const SUBCOMMAND_TEMPLATE: &str = "\
{about}

用法：{usage}

{all-args}{after-help}";

#[derive(Debug, Parser)]
#[command(
    name = "bianban",
    version,
    about = "均衡编班：检查名单、生成分组、打印信封和抽签记录表",
    help_template = HELP_TEMPLATE,
    subcommand_help_heading = "命令",
    subcommand_value_name = "命令",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    after_help = "运行“bianban 命令 --help”查看某个命令的用法，例如 bianban group --help。"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// 显示帮助
    #[arg(short = 'h', long = "help", action = clap::ArgAction::Help, global = true, help_heading = "其他")]
    help: Option<bool>,

    /// 显示版本号
    #[arg(short = 'V', long = "version", action = clap::ArgAction::Version, help_heading = "其他")]
    version: Option<bool>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 检查名单并生成“名单确认单”（分组前签字用）
    #[command(help_template = SUBCOMMAND_TEMPLATE, next_help_heading = "选项")]
    Check(CheckArgs),
    /// 按公开随机种子把学生分成若干组，生成分组名单、信封封面和抽签记录表
    #[command(help_template = SUBCOMMAND_TEMPLATE, next_help_heading = "选项")]
    Group(GroupArgs),
    /// （内部使用）在单独的进程里读取一个文件，结果写到标准输出
    #[command(name = crate::read::isolate::CHILD_COMMAND, hide = true)]
    InternalRead(InternalReadArgs),
}

/// Options shared by the commands that read a roster.
#[derive(Debug, Args)]
pub struct RosterArgs {
    /// 学生名单文件（xlsx、xls、ods、csv 均可）
    #[arg(value_name = "名单文件")]
    pub roster: PathBuf,

    /// 学校名称，印在各表上（名单有“学校”列时可不填）
    #[arg(long, value_name = "学校名称")]
    pub school: Option<String>,

    /// 年级，例如 七年级、一年级、7、1（不填时按学生年龄推断）
    #[arg(long, value_name = "年级")]
    pub grade: Option<String>,

    /// 允许没有身份证号的学生（外籍、尚未落户等），只给出警告
    #[arg(long)]
    pub allow_missing_id: bool,

    /// 输出文件夹（不填时在“编班结果”文件夹里为本次运行新建一个）
    #[arg(long, value_name = "文件夹")]
    pub out: Option<PathBuf>,

    /// 设置文件（不填时使用当前文件夹里的“编班设置.toml”，没有就用默认设置）
    #[arg(long, value_name = "设置文件")]
    pub settings: Option<PathBuf>,
}

/// The child side of `read::isolate`: the file to read and the memory limit in MiB.
#[derive(Debug, Args)]
pub struct InternalReadArgs {
    #[arg(long)]
    pub memory_mb: u64,
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub roster: RosterArgs,

    /// 班级数（填了会印在确认单上）
    #[arg(long, value_name = "班级数")]
    pub classes: Option<String>,
}

#[derive(Debug, Args)]
pub struct GroupArgs {
    #[command(flatten)]
    pub roster: RosterArgs,

    /// 班级数，也就是要分成的组数（设置文件里有“班级数”时可不填）
    #[arg(long, value_name = "班级数")]
    pub classes: Option<String>,

    /// 公开随机种子：监督人员在名单确认单签字后现场掷骰子得到的数字
    #[arg(long, value_name = "种子")]
    pub seed: String,
}
