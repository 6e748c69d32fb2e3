//! Wording of the roster checks: names, ID numbers, gender, birth dates, scores, duplicates.

use chrono::NaiveDate;

use super::{field_label, origin_text, quoted};
use crate::roster::{
    DateFault, DateNote, Gender, IdChange, IdFault, RosterProblem, ScoreFault, ScoreNote,
    TextChange,
};

pub fn gender_label(gender: Gender) -> &'static str {
    match gender {
        Gender::Male => "男",
        Gender::Female => "女",
    }
}

pub fn roster_problem(problem: &RosterProblem) -> String {
    use RosterProblem as P;
    match problem {
        P::TextCleaned {
            field,
            from,
            to,
            changes,
        } => format!(
            "{}{}已整理为“{to}”（{}）。",
            field_label(*field),
            quoted(from),
            text_changes(changes)
        ),
        P::NameMissing => {
            "这一行有数据但没有姓名。请补上姓名；如果这一行不是学生，请删除整行。".into()
        }
        P::NameLostCharacter { name } => format!(
            "姓名“{name}”里有问号，通常是文件另存为 GBK 编码的 CSV 时丢失了生僻字。\
             请对照原始材料改正姓名，并尽量使用 xlsx 格式的名单。"
        ),
        P::IdNormalized { from, to, changes } => {
            format!(
                "身份证号{}已规范为“{to}”（{}）。",
                quoted(from),
                id_changes(changes)
            )
        }
        P::IdInvalid { shown, fault } => id_fault(shown, fault),
        P::IdFromStudentNo { written, id } => format!(
            "身份证号一栏填的是学籍号“{written}”，已取出其中的身份证号“{id}”。请把这个单元格改成身份证号。"
        ),
        P::IdMissing { written, allowed } => id_missing(written.as_deref(), *allowed),
        P::OtherDocument { kind, number } => {
            format!("证件类型为“{kind}”，证件号码“{number}”按原样使用，不做身份证号校验。")
        }
        P::GenderNormalized { written, gender } => {
            format!("性别{}按“{}”处理。", quoted(written), gender_label(*gender))
        }
        P::GenderFromId { written, gender } => format!(
            "性别{}无法识别，已按身份证号第17位取为“{}”。请在名单中改成“男”或“女”。",
            quoted(written.as_deref().unwrap_or("")),
            gender_label(*gender)
        ),
        P::GenderUnknown { written } => format!(
            "性别{}无法识别，也没有有效的身份证号可以推断。请填写“男”或“女”。",
            quoted(written.as_deref().unwrap_or(""))
        ),
        P::GenderConflict {
            written,
            from_id,
            id,
        } => format!(
            "性别填的是“{}”，但身份证号“{id}”第17位表示“{}”。请核对是性别填错还是身份证号填错。",
            gender_label(*written),
            gender_label(*from_id)
        ),
        P::BirthDateNote {
            written,
            date,
            note,
        } => birth_note(written, *date, *note),
        P::BirthDateInvalid { written, fault } => birth_fault(written, *fault),
        P::BirthDateMismatch { written, from_id } => format!(
            "出生日期 {} 与身份证号中的出生日期 {} 不一致。请核对哪一个是对的。",
            date_text(*written),
            date_text(*from_id)
        ),
        P::ScoreNote {
            written,
            score,
            note,
        } => score_note(written, *score, *note),
        P::ScoreMissing { written } => format!(
            "成绩为{}，按“缺少成绩”处理：不参与成绩均衡，也不当作0分。",
            quoted(written.as_deref().unwrap_or(""))
        ),
        P::ScoreInvalid {
            written,
            fault,
            used,
        } => score_fault(written, fault, *used),
        P::DuplicateRow { kept } => format!(
            "与{}是同一名学生，信息完全相同，这一行不再计入。请删除重复的行。",
            origin_text(kept)
        ),
        P::DuplicateId { id, other } => format!(
            "身份证号 {id} 与{}相同，但其他信息不同。一个身份证号只能对应一名学生，请核对改正后再分组。",
            origin_text(other)
        ),
        P::Namesake { name, others, mark } => format!(
            "“{name}”与{}同名，是不同的学生，都保留；各名单上以“{mark}”区分。",
            others
                .iter()
                .map(origin_text)
                .collect::<Vec<_>>()
                .join("、")
        ),
        P::PossibleDuplicate { other } => format!(
            "这一行没有身份证号，姓名和出生日期却与{}相同，可能是同一名学生录入了两次。请核对。",
            origin_text(other)
        ),
    }
}

fn text_changes(changes: &[TextChange]) -> String {
    let words: Vec<&str> = changes
        .iter()
        .map(|c| match c {
            TextChange::Trimmed => "去掉首尾空格",
            TextChange::InnerSpaces => "去掉中间多余的空格",
            TextChange::Invisible => "去掉看不见的字符",
            TextChange::LineBreak => "去掉换行",
            TextChange::Control => "去掉控制字符",
            TextChange::FullWidth => "全角字符改为半角",
            TextChange::Apostrophe => "去掉开头的单引号",
        })
        .collect();
    words.join("、")
}

fn id_changes(changes: &[IdChange]) -> String {
    let words: Vec<&str> = changes
        .iter()
        .map(|c| match c {
            IdChange::FullWidth => "全角数字改为半角",
            IdChange::Spaces => "去掉空格",
            IdChange::Dashes => "去掉横线",
            IdChange::Invisible => "去掉看不见的字符",
            IdChange::LowerX => "小写x改为大写X",
            IdChange::TimesSign => "乘号×改为X",
            IdChange::Apostrophe => "去掉开头的单引号",
            IdChange::LookalikeX => "形似X的字母改为X",
        })
        .collect();
    words.join("、")
}

const FIX_ID: &str = "请对照户口簿或身份证改正。";

fn id_fault(shown: &str, fault: &IdFault) -> String {
    let value = quoted(shown);
    match fault {
        IdFault::NumberCell => format!(
            "身份证号{value}存成了数字。Excel 只保留15位有效数字，后几位已变成0，无法还原。\
             请把这一列设置为“文本”格式，再按户口簿或身份证重新输入这个号码。"
        ),
        IdFault::ScientificText => format!(
            "身份证号{value}是科学计数法，说明文件曾被当作数字保存，后几位已经丢失。\
             请在 Excel 中把这一列设为“文本”格式，重新输入号码，并另存为 xlsx。"
        ),
        IdFault::Length { chars } => format!("身份证号{value}有{chars}位，应为18位。{FIX_ID}"),
        IdFault::OldFifteenDigit => {
            format!("身份证号{value}是旧的15位号码。请换成现行的18位号码（以户口簿为准）。")
        }
        IdFault::BadCharacters => {
            format!("身份证号{value}含有数字和末位X以外的字符。{FIX_ID}")
        }
        IdFault::Placeholder => format!(
            "身份证号{value}含有占位符号（如 . ? *），号码不完整。请补全号码；确实没有号码的学生请留空。"
        ),
        IdFault::CheckDigit { expected } => format!(
            "身份证号{value}的校验位不对：按前17位计算，最后一位应为“{expected}”。\
             多半是前面某一位输错了，请对照户口簿逐位核对。"
        ),
        IdFault::BirthDate => format!("身份证号{value}第7到14位的出生日期不存在。{FIX_ID}"),
        IdFault::BornInFuture => format!("身份证号{value}中的出生日期在今天之后。{FIX_ID}"),
        IdFault::ImplausibleAge { age } => format!(
            "身份证号{value}中的出生日期表明此人现在{age}岁，不可能是本届新生，\
             可能填成了家长或他人的号码。{FIX_ID}"
        ),
        IdFault::RegionCode => format!("身份证号{value}的前两位不是有效的省级行政区代码。{FIX_ID}"),
        IdFault::TemporaryNumber => {
            format!("{value}是临时编号，不是身份证号。请填写学生的18位身份证号；确实没有的请留空。")
        }
        IdFault::EducationSelfCode => format!(
            "{value}是以 J 开头的教育自编号，不是身份证号。请填写学生的18位身份证号；确实没有的请留空。"
        ),
        IdFault::ErrorValue => {
            format!("身份证号单元格是错误值{value}，通常是公式出错。请直接填写号码。")
        }
        IdFault::LooksLikeDate => {
            format!("身份证号一栏填的是日期{value}，可能填错了列。请填写18位身份证号。")
        }
    }
}

fn id_missing(written: Option<&str>, allowed: bool) -> String {
    let value = quoted(written.unwrap_or(""));
    if allowed {
        format!("没有身份证号（{value}），已按设置允许。请在备注中写明原因，以便核查。")
    } else {
        format!(
            "没有身份证号（{value}）。请补上18位身份证号；确实没有的学生（外籍、尚未落户等），\
             请在设置文件中允许无身份证号，或运行时加上 --allow-missing-id，并在备注中写明原因。"
        )
    }
}

pub fn date_text(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn birth_note(written: &str, date: NaiveDate, note: DateNote) -> String {
    let date = date_text(date);
    match note {
        DateNote::SerialNumber => format!("出生日期“{written}”是 Excel 日期序号，已读作 {date}。"),
        DateNote::DigitsOnly => format!("出生日期“{written}”已读作 {date}。"),
        DateNote::WithTime => format!("出生日期“{written}”带有时间，只取日期 {date}。"),
        DateNote::FullWidth => format!("出生日期“{written}”含全角字符，已读作 {date}。"),
    }
}

const FIX_DATE: &str = "请写成“年-月-日”，例如 2012-09-01。";

fn birth_fault(written: &str, fault: DateFault) -> String {
    let value = quoted(written);
    match fault {
        DateFault::Incomplete => format!("出生日期{value}不完整，缺少月或日。{FIX_DATE}"),
        DateFault::Ambiguous if written.trim().chars().all(|c| c.is_ascii_digit()) => format!(
            "出生日期{value}像是 Excel 的日期序号，但存成了文字，无法确定是哪一天。{FIX_DATE}"
        ),
        DateFault::Ambiguous => format!(
            "出生日期{value}有歧义（例如 2011.1 可能是1月，也可能是末尾的0丢了的10月）。{FIX_DATE}"
        ),
        DateFault::TwoDigitYear => format!("出生日期{value}只有两位年份。{FIX_DATE}"),
        DateFault::Impossible => {
            format!("出生日期{value}不存在：没有这个月或这一天。请对照户口簿或身份证改正。")
        }
        DateFault::NotADate => format!("出生日期{value}不是日期。{FIX_DATE}"),
    }
}

fn score_note(written: &str, score: f64, note: ScoreNote) -> String {
    let score = crate::fingerprint::canonical_number(score);
    match note {
        ScoreNote::Unit => format!("成绩“{written}”去掉单位后读作 {score}。"),
        ScoreNote::FullWidth => format!("成绩“{written}”含全角数字，已读作 {score}。"),
        ScoreNote::Text => format!("成绩“{written}”是文本格式，已读作 {score}。"),
    }
}

fn score_fault(written: &str, fault: &ScoreFault, used: bool) -> String {
    let value = quoted(written);
    let what = match fault {
        ScoreFault::Negative => format!("成绩{value}是负数。"),
        ScoreFault::TooLarge { max } => {
            format!(
                "成绩{value}超过满分 {}。",
                crate::fingerprint::canonical_number(*max)
            )
        }
        ScoreFault::Fraction => format!("成绩{value}写成了“得分/满分”的形式。请只填得分。"),
        ScoreFault::ErrorValue => format!("成绩单元格是错误值{value}，通常是公式出错。"),
        ScoreFault::NotANumber => format!("成绩{value}不是数字。"),
    };
    let then = if used {
        "请改正后再分组。"
    } else {
        "本次不按成绩均衡，不影响分组；如果要按成绩均衡，请先改正。"
    };
    format!("{what}{then}")
}

/// The namesake mark that uses the birth date: `生于2012-09-09`.
pub fn namesake_birth_mark(birth: NaiveDate) -> String {
    format!("生于{}", date_text(birth))
}

/// The namesake mark that uses the ID's last four characters: `证件尾号1630`.
pub fn namesake_id_mark(tail: &str) -> String {
    format!("证件尾号{tail}")
}

/// The namesake mark that uses the roster row: `名单第17行`.
pub fn namesake_row_mark(row: u32) -> String {
    format!("名单第{row}行")
}
