//! Command-line arguments, with help text in Chinese.
//!
//! clap's own words ("Usage", "Options", its error messages) are English, so the help
//! template, the help and version flags, and the error texts (in `messages::usage`) are
//! replaced with Chinese ones.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

const HELP_TEMPLATE: &str = "\
{before-help}{name} {version}　{about}

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
    /// 读取教师任课表，检查各班班主任和任课教师是否齐全、均衡，生成“教师均衡检查”表
    #[command(help_template = SUBCOMMAND_TEMPLATE, next_help_heading = "选项")]
    Teachers(TeachersArgs),
    /// 读取填好的抽签记录表，核对分组名单，生成三联存档（基教科、纪检、学校公示）和公示网页
    #[command(help_template = SUBCOMMAND_TEMPLATE, next_help_heading = "选项")]
    Merge(MergeArgs),
    /// 建立工作文件夹：设置文件、名单和任课表模板、双击运行的批处理文件
    #[command(help_template = SUBCOMMAND_TEMPLATE, next_help_heading = "选项")]
    Init(InitArgs),
    /// 后转入学生按报到先后编入当时人数最少的班级（人数相同时抽签），生成三联后转入记录
    #[command(help_template = SUBCOMMAND_TEMPLATE, next_help_heading = "选项")]
    Late(LateArgs),
    /// 按名单和随机种子重新计算分组，逐项核对分组名单、信封封面、三联存档、后转入记录和编班日志
    #[command(help_template = SUBCOMMAND_TEMPLATE, next_help_heading = "选项")]
    Verify(VerifyArgs),
    /// 用现在的班级名单与存档和后转入记录对照，找出调过班、无记录插入和缺少的学生
    #[command(help_template = SUBCOMMAND_TEMPLATE, next_help_heading = "选项")]
    Audit(AuditArgs),
    /// （内部使用）在单独的进程里读取一个文件，结果写到标准输出
    #[command(name = crate::read::isolate::CHILD_COMMAND, hide = true)]
    InternalRead(InternalReadArgs),
}

/// Options shared by the commands that read a roster.
#[derive(Debug, Args)]
pub struct RosterArgs {
    /// 学生名单文件（xlsx、xls、ods、csv 均可），或每校一个名单的文件夹（不填时用设置文件里的“名单”，再找当前文件夹里的“各校名单”文件夹或“学生名单.xlsx”）
    #[arg(value_name = "名单文件或文件夹")]
    pub roster: Option<PathBuf>,

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

    /// 多校检查时的班级数表（学校、年级、班级数三列），填了会印在各校确认单上
    #[arg(long, value_name = "班级数表")]
    pub class_counts: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct GroupArgs {
    #[command(flatten)]
    pub roster: RosterArgs,

    /// 班级数，也就是要分成的组数（设置文件里有“班级数”时可不填）
    #[arg(long, value_name = "班级数")]
    pub classes: Option<String>,

    /// 多校分组时的班级数表（学校、年级、班级数三列）；名单是文件夹时不填则找当前文件夹里的“班级数.xlsx”
    #[arg(long, value_name = "班级数表")]
    pub class_counts: Option<PathBuf>,

    /// 公开随机种子：监督人员在名单确认单签字后现场掷骰子得到的数字（不填时程序会提示输入）
    #[arg(long, value_name = "种子")]
    pub seed: Option<String>,

    /// 教师任课表文件，抽签记录表上会印出各班班主任；任课表和教师信息表分在两个文件时，写两次 --teachers
    #[arg(long, value_name = "任课表文件")]
    pub teachers: Vec<PathBuf>,

    #[command(flatten)]
    pub balance: BalanceArgs,
}

#[derive(Debug, Args)]
pub struct TeachersArgs {
    /// 教师任课表文件（xlsx、xls、ods、csv 均可）；任课表和教师信息表分在几个文件里时，全部写上
    #[arg(value_name = "任课表文件", num_args = 1..)]
    pub sheets: Vec<PathBuf>,

    /// 学校名称，印在检查表上
    #[arg(long, value_name = "学校名称")]
    pub school: Option<String>,

    /// 年级，例如 七年级、一年级、7、1（不填时按班级名称推断）
    #[arg(long, value_name = "年级")]
    pub grade: Option<String>,

    /// 输出文件夹（不填时在“编班结果”文件夹里为本次运行新建一个）
    #[arg(long, value_name = "文件夹")]
    pub out: Option<PathBuf>,

    /// 设置文件（不填时使用当前文件夹里的“编班设置.toml”，没有就用默认设置）
    #[arg(long, value_name = "设置文件")]
    pub settings: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// 填好“抽中组号”的抽签记录表（分组时生成的 抽签记录表.xlsx）
    #[arg(long, value_name = "抽签记录表")]
    pub draw: PathBuf,

    /// 分组时生成的分组名单（分组名单.xlsx）；旁边的 运行记录.json 用来核对校验码
    #[arg(long, value_name = "分组名单")]
    pub groups: Option<PathBuf>,

    /// 签字确认过的学生名单：和分组名单一起给出时逐人核对；不给分组名单时，用它和种子重新计算分组
    #[arg(long, value_name = "名单文件")]
    pub roster: Option<PathBuf>,

    /// 分组时用的公开随机种子（不给分组名单、重新计算分组时填写）
    #[arg(long, value_name = "种子")]
    pub seed: Option<String>,

    /// 班级数（重新计算分组时填写；设置文件里有“班级数”时可不填）
    #[arg(long, value_name = "班级数")]
    pub classes: Option<String>,

    /// 教师任课表（可以给出多个文件），用来核对班主任并在存档上列出任课教师
    #[arg(long, value_name = "任课表", num_args = 1..)]
    pub teachers: Vec<PathBuf>,

    /// 学校名称，印在存档上（不填时沿用分组时的学校名称）
    #[arg(long, value_name = "学校名称")]
    pub school: Option<String>,

    /// 年级，例如 七年级、一年级、7、1（不填时沿用分组时的年级）
    #[arg(long, value_name = "年级")]
    pub grade: Option<String>,

    /// 抽签日期，例如 2025-08-28（不填时用抽签记录表上填写的日期）
    #[arg(long, value_name = "日期")]
    pub date: Option<String>,

    /// 重新抽签：同一批分组以前已经合并过另一个抽签结果时，仍然生成本次的存档，两次结果都保留
    #[arg(long)]
    pub rerun: bool,

    /// 举报电话，印在学校公示联上；可写多次。写了就不用设置文件 [存档] 里的“举报电话”
    #[arg(long, value_name = "号码")]
    pub hotline: Vec<String>,

    /// 学校公示联不印举报电话。没有填写举报电话时，不加这一项就不生成任何文件
    #[arg(long, conflicts_with = "hotline")]
    pub no_hotline: bool,

    /// 输出文件夹（不填时在分组名单所在文件夹里新建“三联存档_抽签日期”）
    #[arg(long, value_name = "文件夹")]
    pub out: Option<PathBuf>,

    /// 设置文件（不填时使用当前文件夹里的“编班设置.toml”，没有就用默认设置）
    #[arg(long, value_name = "设置文件")]
    pub settings: Option<PathBuf>,

    // Balance options for recomputed groups; the run record's are used when none is given.
    #[command(flatten)]
    pub balance: BalanceArgs,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// 要建立的工作文件夹（不填时为当前文件夹）；已有的文件不会被覆盖
    #[arg(value_name = "文件夹")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct LateArgs {
    /// 后转入学生名单（xlsx、xls、ods、csv 均可）；有“报到时间”或“报到序号”列时按它排先后，否则按行序
    #[arg(value_name = "后转入名单")]
    pub roster: PathBuf,

    /// 合并抽签结果时生成的第一联存档（第一联_基教科存档.xlsx），也可以用第二联
    #[arg(long, value_name = "存档文件")]
    pub archive: PathBuf,

    /// 此前每一次后转入编班生成的记录（后转入记录_第一联_基教科存档.xlsx），有几份写几次
    #[arg(long = "late-record", value_name = "后转入记录")]
    pub late_records: Vec<PathBuf>,

    /// 公开随机种子：监督人员现场掷骰子得到的数字，人数最少的班级有几个时用它抽签
    #[arg(long, value_name = "种子")]
    pub seed: String,

    /// 允许没有身份证号的学生（外籍、尚未落户等），只给出警告
    #[arg(long)]
    pub allow_missing_id: bool,

    /// 举报电话，印在学校公示联上；可写多次。写了就不用设置文件 [存档] 里的“举报电话”
    #[arg(long, value_name = "号码")]
    pub hotline: Vec<String>,

    /// 学校公示联不印举报电话。没有填写举报电话时，不加这一项就不生成任何文件
    #[arg(long, conflicts_with = "hotline")]
    pub no_hotline: bool,

    /// 输出文件夹（不填时在存档文件夹旁边新建“后转入记录_时间”）
    #[arg(long, value_name = "文件夹")]
    pub out: Option<PathBuf>,

    /// 设置文件（不填时使用当前文件夹里的“编班设置.toml”，没有就用默认设置）
    #[arg(long, value_name = "设置文件")]
    pub settings: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// 分组时用的、签字确认过的学生名单
    #[arg(value_name = "名单文件")]
    pub roster: PathBuf,

    /// 要核对的文件或文件夹（分组名单、信封封面、三联存档、后转入记录、运行记录、编班日志）；文件夹里的文件会逐一找出
    #[arg(value_name = "文件或文件夹", required = true, num_args = 1..)]
    pub paths: Vec<PathBuf>,

    /// 班级数，也就是分组数（不填时用运行记录里的班级数）
    #[arg(long, value_name = "班级数")]
    pub classes: Option<String>,

    /// 分组时用的公开随机种子
    #[arg(long, value_name = "种子")]
    pub seed: String,

    /// 学校名称（不填时用运行记录里的学校名称）
    #[arg(long, value_name = "学校名称")]
    pub school: Option<String>,

    /// 后转入学生名单：给出时按它和 --late-seed 重新计算后转入编班
    #[arg(long, value_name = "后转入名单")]
    pub late: Vec<PathBuf>,

    /// 后转入编班时用的随机种子（与 --late 一一对应）
    #[arg(long = "late-seed", value_name = "种子")]
    pub late_seeds: Vec<String>,

    /// 设置文件（不填时使用当前文件夹里的“编班设置.toml”，没有就用默认设置）
    #[arg(long, value_name = "设置文件")]
    pub settings: Option<PathBuf>,

    // Balance options for the recomputation; the run record's are used when none is given.
    #[command(flatten)]
    pub balance: BalanceArgs,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// 现在的班级名单（从学籍系统导出，列的顺序不限，至少要有姓名和班级）
    #[arg(value_name = "班级名单")]
    pub current: PathBuf,

    /// 合并抽签结果时生成的第一联存档（第一联_基教科存档.xlsx），也可以用第二联
    #[arg(long, value_name = "存档文件")]
    pub archive: PathBuf,

    /// 后转入记录（后转入记录_第一联_基教科存档.xlsx），有几份写几次
    #[arg(long, value_name = "后转入记录")]
    pub late: Vec<PathBuf>,

    /// 输出文件夹（不填时在“编班结果”文件夹里为本次核查新建一个）
    #[arg(long, value_name = "文件夹")]
    pub out: Option<PathBuf>,

    /// 设置文件（不填时使用当前文件夹里的“编班设置.toml”，没有就用默认设置）
    #[arg(long, value_name = "设置文件")]
    pub settings: Option<PathBuf>,
}

/// Options that balance more than gender; all are off unless given here or in the settings.
#[derive(Debug, Args)]
#[command(next_help_heading = "均衡选项（默认不开启，也可写在设置文件的 [均衡] 里）")]
pub struct BalanceArgs {
    /// 按名单的成绩列均衡：各组平均分和标准差尽量相同（没有成绩的学生单独平均分配，不按 0 分算）
    #[arg(long)]
    pub balance_score: bool,

    /// 按这一列的分数均衡，例如 总分（写了就不必再写 --balance-score）
    #[arg(long, value_name = "列名")]
    pub score_column: Option<String>,

    /// 按这一列的分类均衡，例如 毕业学校、住校；每一类在各组的人数尽量相差不超过1人。可写多次
    #[arg(long, value_name = "列名")]
    pub balance_column: Vec<String>,

    /// 同名学生尽量分在不同组
    #[arg(long)]
    pub separate_namesakes: bool,

    /// 姓名读音相同（拼音相同）的学生尽量分在不同组
    #[arg(long)]
    pub separate_homophones: bool,

    /// 必须同组的学生（如双胞胎）：一个名单文件（每行一组，写姓名、身份证号或学籍号），或名单中的一列（值相同的学生同组）
    #[arg(long, value_name = "文件或列名")]
    pub together: Option<String>,

    /// 必须分开的学生：一个名单文件（每行一组，同一行的学生两两不同组），或名单中的一列
    #[arg(long, value_name = "文件或列名")]
    pub apart: Option<String>,
}
