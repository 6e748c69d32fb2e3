//! Wording of the teacher check: problems in teacher sheets, verdicts and their reasons,
//! suggested swaps, the console summary and the labels of 教师均衡检查.xlsx.

use super::{location_text, quoted};
use crate::classname::ClassKey;
use crate::diag::Location;
use crate::teachers::check::{Balance, ClassBalance, Figure, HEAD_ROLE, Reason, Verdict};
use crate::teachers::suggest::{Swap, SwapKind};
use crate::teachers::{SheetKind, SheetSource, TeacherId, TeacherProblem, TeacherSheets, Title};

// The workbook 教师均衡检查.xlsx.
pub const CHECK_TITLE: &str = "教师均衡检查";
pub const SHEET_CLASSES: &str = "各班均衡";
pub const SHEET_CHART: &str = "各班对比图";
pub const SHEET_SWAPS: &str = "调整建议";
pub const SHEET_LOADS: &str = "教师任课";
pub const SHEET_PROBLEMS: &str = "问题清单";
pub const CLASS_HEADERS: [&str; 16] = [
    "班级",
    "班主任",
    "班主任职称",
    "班主任教龄",
    "班主任荣誉",
    "教师人数",
    "平均职称分",
    "平均教龄",
    "教龄标准差",
    "有荣誉人数",
    "男/女",
    "性格特点",
    "强强搭配",
    "综合偏离度",
    "结论",
    "原因",
];
pub const SCHOOL_MEAN: &str = "全年级平均";
pub const SCHOOL_SPREAD: &str = "各班标准差";
pub const SWAP_HEADERS: [&str; 13] = [
    "序号",
    "调整办法",
    "班级",
    "平均职称分（调整前）",
    "平均职称分（调整后）",
    "平均教龄（调整前）",
    "平均教龄（调整后）",
    "有荣誉人数（调整前）",
    "有荣誉人数（调整后）",
    "综合偏离度（调整前）",
    "综合偏离度（调整后）",
    "结论（调整前）",
    "结论（调整后）",
];
pub const SWAPS_NONE: &str = "没有需要调整的班级，或者找不到能改善均衡的对调。";
pub const SWAPS_NOTE: &str = "建议按序号依次考虑，后一条以前面各条都已调整为前提。本工具不修改学校的任课表；是否调整由学校决定。";
pub const LOAD_HEADERS: [&str; 8] = [
    "教师",
    "性别",
    "职称",
    "教龄",
    "荣誉",
    "班主任",
    "任教学科和班级",
    "班级数",
];
pub const PROBLEM_HEADERS: [&str; 6] = ["序号", "类别", "文件", "工作表", "位置", "问题和处理办法"];
pub const PROBLEMS_NONE: &str = "没有发现问题。";
pub const CHART_TITLE: &str = "各班教师队伍对比";
pub const CHART_TITLE_SERIES: &str = "平均职称分";
pub const CHART_YEARS_SERIES: &str = "平均教龄";
pub const CHART_Y_AXIS: &str = "职称分（正高级5分 … 未定级0分）";
pub const CHART_Y2_AXIS: &str = "教龄（年）";
pub const YES: &str = "是";
pub const GENERATED: &str = "生成时间";
pub const MALE: &str = "男";
pub const FEMALE: &str = "女";

/// Formats the printed name of a teacher who shares their name with another: 张伟(工号12).
pub fn namesake_label(name: &str, staff_no: &str) -> String {
    format!("{name}(工号{staff_no})")
}

pub fn title_label(title: Title) -> &'static str {
    match title {
        Title::Principal => "正高级",
        Title::Senior => "高级",
        Title::First => "一级",
        Title::Second => "二级",
        Title::Third => "三级",
        Title::Unrated => "未定级",
    }
}

pub fn verdict_label(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Balanced => "均衡",
        Verdict::Strong => "偏强",
        Verdict::Weak => "偏弱",
        Verdict::Unknown => "无法判断",
    }
}

pub fn figure_label(figure: Figure) -> &'static str {
    match figure {
        Figure::Title => "平均职称分",
        Figure::Years => "平均教龄",
        Figure::Honours => "有荣誉人数",
    }
}

/// Formats a number for figures: at most two decimals, no trailing zeros.
pub fn number(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn figure_value(figure: Figure, value: f64) -> String {
    match figure {
        Figure::Title => format!("{} 分", number(value)),
        Figure::Years => format!("{} 年", number(value)),
        Figure::Honours => format!("{} 人", number(value)),
    }
}

pub fn class_name(class: ClassKey) -> String {
    crate::teachers::class_label(class)
}

fn place(at: &Location) -> String {
    location_text(at)
}

pub fn teacher_problem(problem: &TeacherProblem) -> String {
    use TeacherProblem as P;
    match problem {
        P::ClassNoteDropped {
            written,
            class,
            note,
        } => {
            let class = class_name(*class);
            format!(
                "班级{}按{class}读取；班号后的“{note}”不属于班级名称，检查表、抽签记录表和三联存档上只印{class}。",
                quoted(written)
            )
        }
        P::ClassNameInvalid { written } => format!(
            "班级{}无法识别。请写成“七(1)班”“一(2)班”这样的班级名称。",
            quoted(written)
        ),
        P::ClassOfOtherGrade {
            written,
            grade,
            expected,
        } => format!(
            "班级“{written}”是{}的，而这份任课表是{}的，这一行没有读取。请核对年级，或用 --grade 指定年级。",
            grade.label(),
            expected.label()
        ),
        P::DuplicateClass {
            class,
            first,
            first_head,
            head,
        } => format!(
            "{class}有两行：{}（班主任{}）和这一行（班主任{}）。工具不会自行合并，这一行没有读取；请核对后只保留一行。",
            place(first),
            quoted(first_head.as_deref().unwrap_or("")),
            quoted(head.as_deref().unwrap_or(""))
        ),
        P::SeveralHeadTeachers { class, names } => format!(
            "{class}填了 {} 位班主任（{}）。每个班只能有一位班主任，请只保留一位；本次检查按第一位计算。",
            names.len(),
            names.join("、")
        ),
        P::SubjectNotRecognised { written } => {
            format!("学科“{written}”不是常见的学科名称，按原样使用。如果是错别字，请改正。")
        }
        P::BracketNoteIgnored { written, note } => format!(
            "“{written}”括号里的“{note}”不是工号，已忽略。同名教师请在括号里写工号，例如“张伟(12)”。"
        ),
        P::NameMissing => "这一行有教师信息但没有姓名，没有读取。请补上姓名。".to_string(),
        P::DuplicateTeacherRow { name, first } => format!(
            "教师“{name}”在{}已经出现过，两行内容相同，只用一行。",
            place(first)
        ),
        P::Namesakes { name, first } => format!(
            "有两位教师都叫“{name}”（另一位在{}），无法区分。请在教师信息表中加一列“工号”，并在任课表中写成“{name}(工号)”，例如“{name}(12)”。",
            place(first)
        ),
        P::AmbiguousName { name, count } => format!(
            "教师信息表中有 {count} 位“{name}”，这里没有写工号，无法确定是哪一位。请写成“{name}(工号)”，例如“{name}(12)”。"
        ),
        P::UnknownStaffNo { name, staff_no } => format!(
            "教师信息表中没有工号为“{staff_no}”的“{name}”。请核对工号。"
        ),
        P::NotInTeacherTable { name } => format!(
            "教师“{name}”不在教师信息表中，均衡检查不计其职称、教龄和荣誉。请把这位教师补进教师信息表，或核对姓名是否写错。"
        ),
        P::YearsApproximate { written, years } => {
            format!("教龄“{written}”是估计值，按 {} 年计算。", number(*years))
        }
        P::YearsFromDate { written, years } => format!(
            "教龄一栏填的是日期“{written}”，已当作参加工作时间，算得教龄 {} 年。",
            number(*years)
        ),
        P::YearsInvalid { written } => format!(
            "教龄“{written}”无法识别，均衡检查不计这位教师的教龄。请写成年数，例如 15 或“15年”。"
        ),
        P::YearsMissing { name } => {
            let who = if name.is_empty() {
                "这位教师".to_string()
            } else {
                format!("“{name}”")
            };
            format!("{who}的教龄是空白，也没有参加工作时间，均衡检查不计其教龄。请补上教龄。")
        }
        P::WorkStartInvalid { written } => format!(
            "参加工作时间“{written}”无法识别或晚于今天，没有用来计算教龄。请写成“2005年9月”或“2005.09”。"
        ),
        P::WorkStartYearOnly { written } => {
            format!("参加工作时间“{written}”只有年份，按当年9月计算教龄。")
        }
        P::TitleRenamed { written, title } => title_renamed(written, *title),
        P::TitleWithHonours {
            written,
            title,
            honours,
        } => format!(
            "职称一栏“{written}”里有荣誉称号，职称按“{}”，“{}”算作荣誉。",
            title_label(*title),
            honours.join("、")
        ),
        P::TitleUnknown { written } => format!(
            "职称“{written}”无法识别，均衡检查不计这位教师的职称。请写成 正高级、高级、一级、二级、三级 或 未定级（旧称如“中学高级”“小学一级”也可以）。"
        ),
        P::TitleAmbiguous { written } => format!(
            "职称“{written}”既可能是二级也可能是三级，均衡检查不计这位教师的职称。请写明“二级教师”或“三级教师”。"
        ),
        P::TitleIsHonour { written } => format!(
            "“{written}”是荣誉称号，不是职称，已算作荣誉。请在职称一栏填写这位教师的职称（如“高级教师”）。"
        ),
        P::TitleMissing { name } => {
            let who = if name.is_empty() {
                "这位教师".to_string()
            } else {
                format!("“{name}”")
            };
            format!("{who}的职称是空白，均衡检查不计其职称。没有职称请填“未定级”。")
        }
        P::GenderUnknown { written } if written.trim().is_empty() => {
            "性别是空白，这位教师不计入男女比例。请填写“男”或“女”。".to_string()
        }
        P::GenderUnknown { written } => format!(
            "性别{}无法识别，这位教师不计入男女比例。请填写“男”或“女”。",
            quoted(written)
        ),
        P::AgeInvalid { written } => format!("年龄或出生年月“{written}”无法识别，已忽略。"),
        P::NoTeacherDetails => "没有找到教师信息表（姓名、性别、教龄、职称等），只能检查任课是否齐全，无法比较各班的职称和教龄。请把教师信息表放在同一个文件里，或和任课表一起指定。".to_string(),
        P::HeadTeachersOnly => "这份表只列了各班班主任和他们任教的学科，没有各学科的任课教师，因此不检查各学科是否都有教师。".to_string(),
        P::HeadTeacherMissing { class } => format!("{class}没有班主任。请填写班主任姓名。"),
        P::HeadOfSeveralClasses { name, classes } => format!(
            "“{name}”同时是{}的班主任。一位教师只能担任一个班的班主任，请改正。",
            classes.join("、")
        ),
        P::SubjectTeacherMissing { class, subject } => {
            format!("{class}没有{subject}教师。请填写任课教师。")
        }
        P::ClassMissing { class } => format!("任课表中没有{class}。请核对是否漏了这个班。"),
        P::NoClasses => "任课表里还没有填写任何班级。请在任课表中每班一行填好班级、班主任和各学科教师，再检查。".to_string(),
        P::ClassCountDiffers { found, expected } => format!(
            "任课表中有 {found} 个班，但设置文件中的班级数是 {expected}。请核对。"
        ),
    }
}

fn title_renamed(written: &str, title: Title) -> String {
    let compact: String = written.chars().filter(|c| !c.is_whitespace()).collect();
    let primary_note = if compact.starts_with("小学") || compact.starts_with("小教") {
        "（按2015年职称制度改革的对应关系：原小学高级对应一级，原小学一级对应二级）"
    } else {
        ""
    };
    format!(
        "职称“{written}”是旧称或简称，按“{}”计算{primary_note}。",
        title_label(title)
    )
}

/// Formats a reason for a verdict in words.
pub fn reason_text(reason: &Reason, sheets: &TeacherSheets) -> String {
    match reason {
        Reason::Figure {
            figure,
            value,
            mean,
            high,
        } => format!(
            "{} {}，{}全年级平均 {}",
            figure_label(*figure),
            figure_value(*figure, *value),
            if *high { "高于" } else { "低于" },
            figure_value(*figure, *mean)
        ),
        Reason::Stacked { strong } => format!("强强搭配：{}", strong_list(strong, sheets)),
        Reason::GenderMix {
            women,
            members,
            school_share,
        } => format!(
            "男女比例：{members} 人中女教师 {women} 人，全年级女教师约占 {}%",
            (school_share * 100.0).round()
        ),
        Reason::TraitsConcentrated {
            tag,
            count,
            members,
        } => format!("性格特点集中：{members} 人中 {count} 人为“{tag}”"),
        Reason::NoDetails => "教师信息表中没有这个班的教师，无法比较".to_string(),
        Reason::TeachersMissing { roles } => {
            let roles: Vec<String> = roles.iter().map(|role| role_label(role)).collect();
            format!("缺{}，补齐后才能判断是否均衡", roles.join("、"))
        }
    }
}

/// Names a missing role: 班主任, or a subject's teacher (英语教师).
fn role_label(role: &str) -> String {
    if role == HEAD_ROLE {
        role.to_string()
    } else {
        format!("{role}教师")
    }
}

fn strong_list(strong: &[TeacherId], sheets: &TeacherSheets) -> String {
    let names: Vec<String> = strong
        .iter()
        .map(|id| {
            let teacher = sheets.teacher(*id);
            let mut marks: Vec<String> = teacher
                .title
                .map(|t| title_label(t).to_string())
                .into_iter()
                .collect();
            marks.extend(teacher.honours.iter().cloned());
            format!("{}（{}）", teacher.label, marks.join("、"))
        })
        .collect();
    names.join("、")
}

/// All reasons of a class, joined for one cell.
pub fn reasons_text(class: &ClassBalance, sheets: &TeacherSheets) -> String {
    let parts: Vec<String> = class
        .judgement
        .reasons
        .iter()
        .map(|r| reason_text(r, sheets))
        .collect();
    parts.join("；")
}

/// What a swap does: 七(3)班的数学教师王敏 与 七(8)班的数学教师李强 对调.
pub fn swap_text(swap: &Swap, sheets: &TeacherSheets) -> String {
    let first = class_name(swap.first);
    let second = class_name(swap.second);
    let a = &sheets.teacher(swap.first_teacher).label;
    let b = &sheets.teacher(swap.second_teacher).label;
    match &swap.kind {
        SwapKind::Subject { subject } => {
            format!("{first}的{subject}教师{a}与{second}的{subject}教师{b}对调")
        }
        SwapKind::Head { subjects } if subjects.is_empty() => {
            format!("{first}的班主任{a}与{second}的班主任{b}对调")
        }
        SwapKind::Head { subjects } => format!(
            "{first}的班主任{a}与{second}的班主任{b}对调（连同所教的{}）",
            subjects.join("、")
        ),
    }
}

/// The title line of 各班均衡: 示例中学七年级教师均衡检查.
pub fn check_heading(school: &str, grade: Option<crate::classname::Grade>) -> String {
    let grade = grade.map(|g| g.label()).unwrap_or_default();
    format!("{}{grade}{CHECK_TITLE}", school.trim())
}

/// The thresholds in force, printed under the title.
pub fn rules_line(rules: &crate::teachers::check::BalanceRules) -> String {
    format!(
        "说明：职称分按正高级5、高级4、一级3、二级2、三级1、未定级0计。各项与全年级平均比较，差值除以各班标准差为偏离度（差值小于职称分{}、教龄{}年、荣誉{}人时记为0）。\
         综合偏离度≥{}为偏强，≤-{}为偏弱；单项偏离度绝对值≥{}的格子标色（红色偏高，蓝色偏低）。\
         {}或荣誉为“{}”之一的算强教师；班主任与{}教师中强教师达{}人为强强搭配。",
        number(rules.floors[0]),
        number(rules.floors[1]),
        number(rules.floors[2]),
        number(rules.verdict_limit),
        number(rules.verdict_limit),
        number(rules.figure_limit),
        strong_title_text(rules.strong_title),
        rules.strong_honours.join("、"),
        rules.core_subjects.join("、"),
        rules.stacking_count
    )
}

fn strong_title_text(title: Title) -> String {
    if title == Title::Principal {
        "正高级职称".to_string()
    } else {
        format!("{}及以上职称", title_label(title))
    }
}

/// Personality tags with counts: 严谨2、活泼1.
pub fn traits_text(traits: &[(String, usize)]) -> String {
    let parts: Vec<String> = traits.iter().map(|(tag, n)| format!("{tag}{n}")).collect();
    parts.join("、")
}

/// The swap cell of 调整建议: what to exchange and the largest deviation before and after.
pub fn swap_cell(swap: &Swap, sheets: &TeacherSheets) -> String {
    format!(
        "{}（全年级最大综合偏离度 {} → {}）",
        swap_text(swap, sheets),
        number(swap.worst_before),
        number(swap.worst_after)
    )
}

/// A verdict before or after a swap, with stacking: 偏强、强强搭配.
pub fn snapshot_verdict(snapshot: &crate::teachers::suggest::Snapshot) -> String {
    let verdict = verdict_label(snapshot.verdict);
    if snapshot.stacked {
        format!("{verdict}、强强搭配")
    } else {
        verdict.to_string()
    }
}

/// The text cells of a row of 教师任课: teacher, gender, title, years, honours, head of,
/// subjects with classes.
pub fn load_cells(
    load: &crate::teachers::check::Load,
    teacher: &crate::teachers::Teacher,
) -> [String; 7] {
    let gender = match teacher.gender {
        Some(crate::roster::Gender::Male) => MALE,
        Some(crate::roster::Gender::Female) => FEMALE,
        None => "",
    };
    let head_of: Vec<String> = load.head_of.iter().map(|c| class_name(*c)).collect();
    let subjects: Vec<String> = load
        .subjects
        .iter()
        .map(|(subject, classes)| {
            let names: Vec<String> = classes.iter().map(|c| class_name(*c)).collect();
            format!("{subject}：{}", names.join("、"))
        })
        .collect();
    [
        teacher.label.clone(),
        gender.to_string(),
        teacher.title.map(title_label).unwrap_or("").to_string(),
        teacher.years.map(number).unwrap_or_default(),
        teacher.honours.join("、"),
        head_of.join("、"),
        subjects.join("；"),
    ]
}

// Console summary.

pub fn sheet_source(source: &SheetSource) -> String {
    let kind = match &source.kind {
        SheetKind::Matrix { subjects } => format!("班级任课表（{}）", subjects.join("、")),
        SheetKind::LongForm => "任课明细表（每行一个班的一门学科）".to_string(),
        SheetKind::HeadTeachers => "班主任信息表（每行一个班）".to_string(),
        SheetKind::TeacherTable => "教师信息表".to_string(),
    };
    format!(
        "  {}「{}」：{kind}，表头在第{}行，{} 行数据",
        source.file,
        source.sheet,
        source.header_row + 1,
        source.rows
    )
}

pub fn files_heading() -> &'static str {
    "读取的任课表："
}

pub fn team_counts(sheets: &TeacherSheets) -> String {
    let grade = sheets
        .grade
        .map(|g| g.label())
        .unwrap_or_else(|| "（年级不明，可用 --grade 指定）".to_string());
    let described = sheets.teachers.iter().filter(|t| t.has_details()).count();
    format!(
        "{grade}：{} 个班，{} 门学科，{} 位教师（其中 {described} 位有职称、教龄等信息）",
        sheets.classes.len(),
        sheets.subjects.len(),
        sheets.teachers.len()
    )
}

/// Formats the counts of problems in the teacher sheets, apart from the balance verdicts.
pub fn sheet_problem_counts(errors: usize, warnings: usize, notices: usize) -> String {
    if errors + warnings + notices == 0 {
        return "任课表填写检查：没有发现问题（各班是否均衡见下面的均衡检查）。".to_string();
    }
    format!("任课表填写检查：错误 {errors} 处，警告 {warnings} 处，提示 {notices} 处")
}

pub fn verdict_counts(balance: &Balance) -> String {
    let unknown = match balance.count(Verdict::Unknown) {
        0 => String::new(),
        count => format!("，缺教师无法判断 {count} 个班"),
    };
    format!(
        "均衡检查：均衡 {} 个班，偏强 {} 个班，偏弱 {} 个班{unknown}；强强搭配 {} 个班",
        balance.count(Verdict::Balanced),
        balance.count(Verdict::Strong),
        balance.count(Verdict::Weak),
        balance.stacked()
    )
}

/// Formats one class without a verdict: `  七(7)班 无法判断：缺班主任，补齐后才能判断是否均衡`.
pub fn unjudged_class(class: &ClassBalance, sheets: &TeacherSheets) -> String {
    let reasons: Vec<String> = class
        .judgement
        .reasons
        .iter()
        .map(|reason| reason_text(reason, sheets))
        .collect();
    format!(
        "  {} {}：{}",
        class_name(class.class),
        verdict_label(Verdict::Unknown),
        reasons.join("；")
    )
}

/// One flagged class: `  七(3)班 偏强（综合偏离度 1.52）：平均职称分…`. A stacked class has
/// 强强搭配 in its verdict, so its strong teachers follow without the word again.
pub fn flagged_class(class: &ClassBalance, sheets: &TeacherSheets) -> String {
    let verdict = verdict_label(class.judgement.verdict);
    let verdict = if class.figures.stacked {
        format!("{verdict}、强强搭配")
    } else {
        verdict.to_string()
    };
    let reasons: Vec<String> = class
        .judgement
        .reasons
        .iter()
        .map(|reason| match reason {
            Reason::Stacked { strong } => format!("强教师为{}", strong_list(strong, sheets)),
            other => reason_text(other, sheets),
        })
        .collect();
    let score = if class.judgement.verdict == Verdict::Unknown {
        String::new()
    } else {
        format!("（综合偏离度 {}）", number(class.judgement.score))
    };
    format!(
        "  {} {verdict}{score}：{}",
        class_name(class.class),
        reasons.join("；")
    )
}

pub fn swaps_heading(count: usize) -> String {
    format!("调整建议（共 {count} 条，依次考虑）：")
}

pub fn swap_line(index: usize, swap: &Swap, sheets: &TeacherSheets) -> String {
    format!(
        "  {index}. {}：{}综合偏离度 {} → {}，{}综合偏离度 {} → {}",
        swap_text(swap, sheets),
        class_name(swap.first),
        number(swap.before[0].score),
        number(swap.after[0].score),
        class_name(swap.second),
        number(swap.before[1].score),
        number(swap.after[1].score)
    )
}

pub fn all_balanced() -> &'static str {
    "结论：各班教师队伍完整、均衡，没有强强搭配。"
}

pub fn flagged_outcome() -> &'static str {
    "结论：有需要处理的问题（见上文和“教师均衡检查.xlsx”）。"
}

pub fn no_balance_without_details() -> &'static str {
    "没有教师的职称、教龄等信息，无法比较各班是否均衡。"
}

pub fn group_teachers_heading() -> &'static str {
    "读取任课表（抽签记录表上印出各班班主任）："
}

pub fn no_grouping_with_teacher_errors() -> &'static str {
    "任课表有错误，没有分组，也没有写出任何文件。请改正任课表后再分组，或不带 --teachers 运行。"
}

pub fn class_count_mismatch(found: usize, classes: u32) -> String {
    format!(
        "警告：任课表中有 {found} 个班，本次分为 {classes} 组；抽签记录表只印出第1至第{classes}班的班主任。"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_without_trailing_zeros() {
        assert_eq!(number(3.0), "3");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(1.256), "1.26");
        assert_eq!(number(-0.8), "-0.8");
    }

    #[test]
    fn primary_titles_explain_the_mapping() {
        let text = teacher_problem(&TeacherProblem::TitleRenamed {
            written: "小学高级教师".to_string(),
            title: Title::First,
        });
        assert_eq!(
            text,
            "职称“小学高级教师”是旧称或简称，按“一级”计算（按2015年职称制度改革的对应关系：原小学高级对应一级，原小学一级对应二级）。"
        );
    }
}
