//! Wording of what `bianban verify` prints and of the differences it finds. “应为” always
//! means the value the roster, the seed and the draw give when recomputed.

use super::{field_label, quoted};
use crate::journal::ChainFault;
use crate::verify::basis::BasisDifference;
use crate::verify::{Item, Subject, VerifyProblem};

pub fn verify_problem(problem: &VerifyProblem) -> String {
    use VerifyProblem as P;
    match problem {
        P::Differs {
            subject,
            item,
            found,
            expected,
        } => format!(
            "{}{}是{}，应为{}。",
            subject_text(subject),
            item_text(*item),
            shown(found),
            shown(expected)
        ),
        P::Missing { subject, item } => match item {
            Item::Printed(text) => format!("{}缺少“{text}”这一行。", on_text(subject)),
            _ => format!("{}没有印出{}。", on_text(subject), item_text(*item)),
        },
        P::StudentElsewhere {
            name,
            id,
            found,
            expected,
        } => format!(
            "学生{}在文件中是{found}，按名单和种子计算应为{expected}。",
            student(name, id)
        ),
        P::StudentExtra { place, name, id } => format!(
            "{place} 多出一名学生{}，按名单和种子计算不在这里。",
            student(name, id)
        ),
        P::StudentMissing { place, name, id } => format!(
            "{place} 缺少学生{}，按名单和种子计算应在这里。",
            student(name, id)
        ),
        P::StudentEdited {
            place,
            name,
            field,
            found,
            expected,
        } => format!(
            "{place} 学生“{name}”的{}是{}，应为{}。",
            field_label(*field),
            quoted(found),
            quoted(expected)
        ),
        P::StudentTwice { name, other } => {
            format!("学生“{name}”出现了两次（另一处在 {other}）。")
        }
        P::PartMissing { subject } => format!("缺少{}。", part_text(subject)),
        P::PartUnexpected { subject, twice } => {
            if *twice {
                format!("{}出现了两次。", part_text(subject))
            } else {
                format!("多出{}，按名单和种子计算没有它。", part_text(subject))
            }
        }
        P::RowUnexpected { subject, text } => format!(
            "{}多出一行{}，这不是工具印出的内容。",
            on_text(subject),
            quoted(text)
        ),
        P::FileChanged {
            record,
            content_checked,
        } => {
            if *content_checked {
                format!(
                    "文件的字节与“{record}”中记下的 SHA-256 不同：文件在生成后被改动或另存过（其中的内容已逐项核对，见本文件的其他各条）。"
                )
            } else {
                format!("文件的字节与“{record}”中记下的 SHA-256 不同：文件在生成后被改动过。")
            }
        }
        P::FormFilled { record } => format!(
            "抽签记录表与“{record}”中记下的空白表不同，说明已经填写过，这是正常的。抽签结果以抽签结果记录.json 和三联存档为准。"
        ),
        P::FileNotFound { record } => {
            format!("“{record}”中列出了这个文件，但在它旁边没有找到，未能核对。")
        }
        P::RecordUnreadable => "记录文件无法读取（不是本工具写的记录，或者被改坏了）。".to_string(),
        P::FileUnreadable { reason } => format!("文件无法读取，未能核对：{reason}"),
        P::Journal(fault) => journal_fault(fault),
        P::EntryMissing { seq, record } => format!(
            "“{record}”指向编班日志第 {seq} 条，但日志里没有这一条（日志末尾的记录被删掉了，或者换成了别的日志）。"
        ),
        P::EntryDiffers { seq, item } => format!(
            "编班日志第 {seq} 条记下的{}与这份记录不同。",
            item_text(*item)
        ),
        P::JournalNotFound { seq } => format!(
            "这份记录指向编班日志第 {seq} 条，但没有找到编班日志（编班日志.jsonl），日志未核对。请把日志文件也给出。"
        ),
        P::BasisDiffers { differences } => basis_differs(differences),
        P::OtherGroupings { seeds } => {
            let list: Vec<String> = seeds
                .iter()
                .map(|(time, seed)| format!("{time}（种子 {seed}）"))
                .collect();
            format!(
                "编班日志显示同一份名单共分组 {} 次：{}。",
                seeds.len(),
                list.join("；")
            )
        }
        P::LateOfOtherArchive => "这份后转入记录所依据的存档指纹与按名单、种子和抽签结果计算的存档指纹不同：它所依据的存档被改动过，或者属于另一次分组。".to_string(),
        P::LateUnmatched => "这份后转入记录印的记录指纹与重新计算的任何一份后转入记录都对不上（指纹被改动过，或者它所依据的记录没有给出），未能逐项核对。".to_string(),
        P::LateWithoutRoster => "没有给出这份记录的后转入名单（--late 和 --late-seed），按记录中印的学生和种子重算了抽签；学生本人是否就是名单上的人未核对。".to_string(),
        P::LateSeedDiffers { recorded, given } => format!(
            "这份后转入记录中编班时的随机种子是 {recorded}，这次给出的 --late-seed 是 {given}。条件不同，重新计算的后转入编班不可能与记录一致，所以没有逐人核对。请核对：--late-seed 是否就是后转入编班时监督人员掷出的种子，--late 与 --late-seed 是否一一对应，再运行一次。如果给出的都没错，就是这份记录被改动过。"
        ),
    }
}

/// Formats the one problem of a verify run given another seed, roster, school or class
/// count than the grouping was made with.
fn basis_differs(differences: &[BasisDifference]) -> String {
    let values: Vec<String> = differences
        .iter()
        .map(|(item, recorded, given)| {
            let given_by = match item {
                Item::RosterFingerprint => "这次给出的名单算出的是",
                _ => "这次给出的是",
            };
            format!(
                "{}是{}，{given_by}{}",
                item_text(*item),
                shown(recorded),
                shown(given)
            )
        })
        .collect();
    let checks: Vec<&str> = differences
        .iter()
        .map(|(item, _, _)| match item {
            Item::Seed => "--seed 是否就是名单确认单方框里写的随机种子",
            Item::RosterFingerprint => {
                "给出的名单是否就是分组时用的那一份（名单指纹印在名单确认单上）"
            }
            Item::ClassCount => "--classes 是否就是分组时的班级数",
            _ => "--school 是否与分组时的学校名称一字不差",
        })
        .collect();
    format!(
        "这份文件记载的分组条件：{}。条件不同，重新计算的分组不可能与文件一致，所以没有逐个核对学生。请核对：{}，再运行一次。如果给出的都没错，就是这份文件被改动过。",
        values.join("；"),
        checks.join("；")
    )
}

fn journal_fault(fault: &ChainFault) -> String {
    match fault {
        ChainFault::Unreadable { .. } => {
            "这一行不是日志记录（被改坏了或加进了别的内容）。".to_string()
        }
        ChainFault::Edited { seq, .. } => format!("日志第 {seq} 条被修改：内容与它的校验值不符。"),
        ChainFault::BrokenLink { seq, .. } => {
            format!("日志第 {seq} 条与前一条接不上：中间有记录被删除，或者记录的顺序被调换过。")
        }
        ChainFault::Numbering {
            expected, found, ..
        } => format!(
            "日志编号从第 {} 条跳到了第 {found} 条（应为第 {expected} 条）：有记录被删除或调换过。",
            expected.saturating_sub(1)
        ),
        ChainFault::MissingEntry { seq } => format!("日志缺少第 {seq} 条。"),
    }
}

fn student(name: &str, id: &str) -> String {
    if id.is_empty() {
        format!("“{name}”")
    } else {
        format!("“{name}”（身份证号 {id}）")
    }
}

/// Formats a value that follows 是 or 应为: 空白 for a blank, and a space before a value
/// that starts with a digit or a Latin letter, as in 学生 2000 人.
fn shown(value: &str) -> String {
    if value.trim().is_empty() {
        "空白".to_string()
    } else if value.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        format!(" {value}")
    } else {
        value.to_string()
    }
}

fn subject_text(subject: &Subject) -> String {
    match subject {
        Subject::File => String::new(),
        Subject::Group(n) => format!("第{n}组的"),
        Subject::Envelope(n) => format!("第{n}组信封封面的"),
        Subject::Class(name) => format!("{name}的"),
        Subject::Placement { order, name } if name.is_empty() => {
            format!("编班顺序第 {order} 名学生的")
        }
        Subject::Placement { order, name } => format!("编班顺序第 {order} 名学生“{name}”的"),
        Subject::Entry(seq) => format!("日志第 {seq} 条的"),
    }
}

/// Where something is printed: 第5组的信封封面上.
fn on_text(subject: &Subject) -> String {
    match subject {
        Subject::File => "文件上".to_string(),
        Subject::Group(n) => format!("第{n}组的名单上"),
        Subject::Envelope(n) => format!("第{n}组的信封封面上"),
        Subject::Class(name) => format!("{name}的名单上"),
        Subject::Placement { order, .. } => format!("编班顺序第 {order} 名学生这一行上"),
        Subject::Entry(seq) => format!("日志第 {seq} 条中"),
    }
}

fn part_text(subject: &Subject) -> String {
    match subject {
        Subject::File => "内容".to_string(),
        Subject::Group(n) => format!("第{n}组"),
        Subject::Envelope(n) => format!("第{n}组的信封封面"),
        Subject::Class(name) => name.clone(),
        Subject::Placement { order, name } if name.is_empty() => {
            format!("编班顺序第 {order} 名学生这一行")
        }
        Subject::Placement { order, name } => format!("编班顺序第 {order} 名学生“{name}”这一行"),
        Subject::Entry(seq) => format!("日志第 {seq} 条"),
    }
}

/// Returns the name of a value as printed on the sheets.
pub fn item_text(item: Item) -> String {
    let text = match item {
        Item::RosterFingerprint => "名单指纹",
        Item::GroupingFingerprint => "分组指纹",
        Item::BalanceInputs => "均衡条件指纹",
        Item::DrawFingerprint => "抽签结果指纹",
        Item::ArchiveFingerprint => "存档指纹",
        Item::RecordFingerprint => "后转入记录指纹",
        Item::LateRosterFingerprint => "后转入名单指纹",
        Item::EarlierRecords => "此前的后转入记录",
        Item::Seed => "随机种子",
        Item::School => "学校名称",
        Item::ClassCount => "班级数",
        Item::StudentCount => "学生人数",
        Item::Size => "人数",
        Item::Boys => "男生人数",
        Item::Girls => "女生人数",
        Item::Seal => "校验码",
        Item::DrawnGroup => "抽中组号",
        Item::DrawDate => "抽签日期",
        Item::DrawnGroups => "各班抽中的组号",
        Item::EndCount => "名单末行写的人数",
        Item::Before => "原有人数",
        Item::Added => "本次转入人数",
        Item::After => "现有人数",
        Item::Smallest => "当时最少人数",
        Item::Tied => "人数最少的班",
        Item::Candidates => "抽签范围",
        Item::Draw => "抽签结果",
        Item::PlacedClass => "编入班级",
        Item::Gender => "性别",
        Item::OrderBasis => "报到顺序依据",
        Item::GenderRule => "抽签规则",
        Item::Algorithm => "算法版本",
        Item::Command => "命令",
        Item::Outputs => "输出文件的 SHA-256",
        Item::Heading => "标题",
        Item::RunDate => "分组日期",
        Item::Field(field) => field_label(field),
        Item::Printed(text) => text,
    };
    text.to_string()
}

pub fn heading(school: &str, classes: u32, seed: &str) -> String {
    let school = if school.is_empty() {
        "（未填写）"
    } else {
        school
    };
    format!("按名单重新计算分组：学校 {school}，{classes} 组，随机种子 {seed}")
}

pub fn recomputed(roster: &str, grouping: &str) -> String {
    format!("  名单指纹 {roster}\n  分组指纹 {grouping}")
}

pub fn files_heading(count: usize) -> String {
    format!("\n核对的文件（{count} 个）：")
}

pub fn file_status(file: &str, differences: usize) -> String {
    if differences == 0 {
        format!("  {file}：一致")
    } else {
        format!("  {file}：不一致，{differences} 处")
    }
}

pub fn unknown_file(file: &str) -> String {
    format!("  {file}：不是本工具生成的文件，未核对")
}

pub fn journal_file(file: &str, entries: usize) -> String {
    format!("  {file}：日志共 {entries} 条")
}

pub fn no_files() -> &'static str {
    "没有找到要核对的文件。请给出分组结果所在的文件夹，或者分组名单、三联存档等文件。"
}

pub fn problems_heading() -> &'static str {
    "\n核对发现（“应为”是按名单和随机种子重新计算的结果）："
}

pub fn consistent() -> &'static str {
    "\n核对结果：一致"
}
