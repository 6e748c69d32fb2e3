//! Wording of balancing: errors of balance requests, the console lines and the labels of the
//! balance section on the summary sheet.

use super::labels::count_range;
use crate::group::balance::report::{BalanceSummary, NameGoal};
use crate::group::balance::{BalanceError, SetOrigin, StudentRef};
use crate::group::fairness::{Fairness, Spread, SpreadKind};
use crate::roster::Gender;
use crate::table::Field;

// Labels of the balance section of the summary sheet 汇总.
pub const SECTION_TITLE: &str = "均衡情况";
pub const COL_ITEM: &str = "项目";
pub const COL_ACHIEVED: &str = "本次分组";
pub const COL_RANDOM_BEST: &str = "随机分组最好的1%";
pub const COL_RANDOM_MEDIAN: &str = "随机分组中位数";
pub const COL_RANDOM_WORST: &str = "随机分组最差的1%";
pub const COL_COMPARISON: &str = "与随机分组比较";
pub const GENDER_ITEM: &str = "男女人数";
pub const CHART_NOTE: &str = "各组之间的差距，越小越均衡";
pub const NOT_BALANCED: &str = "（本次未按此均衡，仅供对照）";

// The sheet 均衡图表 of 分组名单.xlsx, one chart per balance item.
pub const CHARTS_SHEET: &str = "均衡图表";
pub const CHARTS_TITLE: &str = "分组均衡图表";

/// Formats the line under the balance section of 汇总 that points to the charts.
pub fn charts_pointer() -> String {
    format!("各项目的柱状图见“{CHARTS_SHEET}”表。")
}

/// Formats the line under the title of 均衡图表 that explains the bars.
pub fn charts_intro(splits: usize) -> String {
    format!(
        "每个项目一张柱状图：红色柱是本次分组，灰色柱依次是 {splits} 次按性别均衡的随机分组中\
         最好的1%、中位数和最差的1%。各项目的数值见“{summary}”表的“{SECTION_TITLE}”。",
        summary = super::labels::SUMMARY_SHEET
    )
}

/// Formats the heading of the balance section and the console block.
pub fn heading(splits: usize) -> String {
    format!("{SECTION_TITLE}（与 {splits} 次按性别均衡的随机分组比较）：")
}

/// Formats the item name of a spread: 成绩平均分, 成绩标准差, 毕业学校.
pub fn spread_item(spread: &Spread) -> String {
    match spread.kind {
        SpreadKind::MeanRange => format!("{}平均分", spread.label),
        SpreadKind::SdRange => format!("{}标准差", spread.label),
        SpreadKind::Categories => spread.label.clone(),
    }
}

/// Formats a spread value with its unit: `0.004 分`, `1 人`.
pub fn spread_value(kind: SpreadKind, value: f64) -> String {
    match kind {
        SpreadKind::MeanRange | SpreadKind::SdRange => format!("{value:.3} 分"),
        SpreadKind::Categories => format!("{value:.0} 人"),
    }
}

/// Formats where the spread falls among the random splits: 优于 99.9% 的随机分组, followed
/// by the share that ties with it. Shares are rounded down, so they never claim more than
/// was counted, and a share that rounds down to 0.0% is given as a count instead.
pub fn comparison(spread: &Spread, splits: usize) -> String {
    let better = spread.better_than;
    let better_text = if better == splits {
        format!("优于全部 {splits} 次随机分组")
    } else if better == 0 {
        "没有优于任何一次随机分组".to_string()
    } else if tenths(better, splits) == 0 {
        format!("只优于 {better} 次随机分组")
    } else {
        format!("优于 {} 的随机分组", percent(better, splits))
    };
    if spread.equal == 0 || better == splits {
        return better_text;
    }
    // A percentage is followed by a space before the next Chinese word, a count by 次.
    let equal = match tenths(spread.equal, splits) {
        0 => format!("{} 次", spread.equal),
        _ => format!("{} ", percent(spread.equal, splits)),
    };
    if better == 0 {
        format!("{better_text}，与其中 {equal}持平")
    } else {
        format!("{better_text}，另有 {equal}与之持平")
    }
}

/// Returns a share of the splits in tenths of a percent, rounded down.
fn tenths(count: usize, splits: usize) -> usize {
    count * 1000 / splits.max(1)
}

/// Formats a share of the splits in percent, rounded down to one decimal: `99.9%`.
fn percent(count: usize, splits: usize) -> String {
    let tenths = tenths(count, splits);
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// Formats the console line of one spread.
pub fn spread_line(spread: &Spread, splits: usize) -> String {
    let what = match spread.kind {
        SpreadKind::MeanRange | SpreadKind::SdRange => "各组最多相差",
        SpreadKind::Categories => "每一类在各组的人数最多相差",
    };
    let note = if spread.balanced { "" } else { NOT_BALANCED };
    format!(
        "  {}{note}：{what} {}，{}（随机分组中位数 {}）",
        spread_item(spread),
        spread_value(spread.kind, spread.achieved),
        comparison(spread, splits),
        spread_value(spread.kind, spread.random_median)
    )
}

/// Formats the gender line. Every split keeps the gender rule, so there is nothing to compare.
pub fn gender_text(fairness: &Fairness) -> String {
    format!(
        "每组男生 {} 人，女生 {} 人；这是硬性规定，随机分组同样满足",
        count_range(fairness.boys),
        count_range(fairness.girls)
    )
}

/// Formats the categories of a column with their counts per group: `第一小学 8～9 人`.
pub fn category_counts(spread: &Spread) -> String {
    let parts: Vec<String> = spread
        .categories
        .iter()
        .map(|c| {
            let value = if c.value.is_empty() {
                "（空白）"
            } else {
                c.value.as_str()
            };
            let per_group = count_range((c.fewest, c.most));
            format!("{value} 共{}人、每组 {per_group} 人", c.total)
        })
        .collect();
    format!("{}：{}", spread.label, parts.join("；"))
}

/// Formats the list of balanced attributes, for the summary sheet and the console.
pub fn balanced_items(summary: &BalanceSummary) -> String {
    let mut items = vec!["性别".to_string()];
    items.extend(
        summary
            .score
            .iter()
            .map(|s| format!("{s}（平均分和标准差）")),
    );
    items.extend(summary.columns.iter().cloned());
    if summary.namesakes.is_some() {
        items.push("同名学生分开".to_string());
    }
    if summary.homophones.is_some() {
        items.push("同音姓名分开".to_string());
    }
    if summary.together.is_some() {
        items.push("同组名单".to_string());
    }
    if summary.apart.is_some() {
        items.push("分开名单".to_string());
    }
    format!("本次按{}均衡分组。", items.join("、"))
}

/// Formats how missing scores were handled.
pub fn missing_scores(count: usize) -> String {
    format!(
        "{count} 名学生没有成绩：他们作为单独一类平均分到各组，不计入各组的平均分和标准差，也没有按 0 分计算。"
    )
}

/// Formats the line about identical or same-sound names.
pub fn name_goal(goal: &NameGoal, sound: bool) -> String {
    let what = if sound { "姓名同音" } else { "同名" };
    if goal.shared == 0 {
        return format!("{what}：名单中没有{what}的学生。");
    }
    let base = format!("{what}：{} 组共 {} 名学生", goal.shared, goal.students);
    if goal.together.is_empty() {
        return format!("{base}，全部分在不同组。");
    }
    let pairs: Vec<String> = goal
        .together
        .iter()
        .map(|(a, b, g)| format!("{a}、{b}（第{g}组）"))
        .collect();
    format!(
        "{base}；有 {} 对未能分开：{}。",
        pairs.len(),
        pairs.join("；")
    )
}

/// Formats the line about keep-together and keep-apart lists, which are always met.
pub fn lists_met(together: Option<usize>, apart: Option<usize>) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(count) = together {
        parts.push(format!("同组要求 {count} 组"));
    }
    if let Some(count) = apart {
        parts.push(format!("分开要求 {count} 组"));
    }
    (!parts.is_empty()).then(|| format!("{}：全部满足。", parts.join("、")))
}

/// Formats the line naming category columns that could not be brought within 1 of even.
pub fn columns_uneven(columns: &[String]) -> String {
    format!(
        "注意：{} 的各类人数无法全部做到各组相差不超过 1 人（几个分类列或同组、分开要求互相牵制），已尽量接近。",
        columns.join("、")
    )
}

/// Formats the notice that the balance options found nothing to act on.
pub fn nothing_to_balance() -> &'static str {
    "注意：同组名单、分开名单里没有两名或以上的学生，其他均衡选项也没有开启，本次只按性别分组（算法 bianban-1）。"
}

/// Returns the label of the balance inputs fingerprint.
pub fn inputs_label() -> &'static str {
    "均衡条件指纹"
}

/// Formats the text of a balance error.
pub fn error_text(error: &BalanceError) -> String {
    match error {
        BalanceError::TogetherTooLarge {
            students,
            origin,
            max,
        } => format!(
            "{}要求 {} 共 {} 人分在同一组，但每组最多只有 {max} 人，无法满足。请检查这一组同组学生。",
            together_origin(origin),
            names(students),
            students.len()
        ),
        BalanceError::TogetherTooManyOfGender {
            students,
            origin,
            gender,
            count,
            max,
        } => format!(
            "{}要求 {} 分在同一组，其中{} {count} 人，但男女均衡要求每组{}最多 {max} 人，无法满足。请检查这一组同组学生。",
            together_origin(origin),
            names(students),
            gender_word(*gender),
            gender_word(*gender)
        ),
        BalanceError::ApartButTogether { students, apart } => format!(
            "{}要求 {} 分在不同组，但同组名单要求他们在同一组，两个要求互相矛盾。请删掉其中一个要求。",
            apart_origin(apart),
            both(students)
        ),
        BalanceError::ApartTooLarge {
            students,
            origin,
            groups,
        } => format!(
            "{}要求 {} 共 {} 人两两分在不同组，但只有 {groups} 个组，无法满足。请把这一行拆成几行，或减少人数。",
            apart_origin(origin),
            names(students),
            students.len()
        ),
        BalanceError::TogetherDoNotFit { students } => format!(
            "同组名单要求 {} 分在同一组，但各组的男生、女生名额已被其他同组学生占用，无法全部安排。请减少同组要求，或把人数多的同组拆开。",
            names(students)
        ),
        BalanceError::ApartUnmet { students } => format!(
            "无法让 {} 分在不同组：分开名单与同组名单、男女均衡互相冲突。请检查同组名单和分开名单。",
            both(students)
        ),
        BalanceError::ScoreTooLarge {
            student: who,
            score,
        } => format!(
            "{} 的成绩 {score} 超过 10000 分，超出了按成绩均衡能处理的范围。请核对成绩列。",
            student(who)
        ),
        BalanceError::TooManyStudents { students, max } => format!(
            "名单有 {students} 名学生，超过了均衡分组一次能处理的 {max} 人。请按学校分别分组。"
        ),
        BalanceError::NoScoreColumn { available } => format!(
            "要求按成绩均衡（--balance-score），但名单里没有成绩列。名单的列有：{}。请用 --score-column 指定成绩所在的列，或去掉这个选项。",
            available.join("、")
        ),
        BalanceError::NoSuchColumn {
            option,
            column,
            available,
        } => format!(
            "名单里没有“{column}”列（{option}）。名单的列有：{}。请检查列名是否写错。",
            available.join("、")
        ),
        BalanceError::NotACategory { column, field } => not_a_category(column, *field),
        BalanceError::ScoresInvalid {
            column,
            examples,
            count,
        } => {
            let shown: Vec<String> = examples
                .iter()
                .map(|(who, text)| format!("{}的“{text}”", student(who)))
                .collect();
            format!(
                "“{column}”列有 {count} 个值不是成绩，例如 {}。请改正后再分组；没有成绩的学生留空或写“缺考”。",
                shown.join("、")
            )
        }
        BalanceError::ListUnknownStudent { origin, cell, text } => format!(
            "{} {cell} 单元格的“{text}”在学生名单中找不到。请写学生的姓名、身份证号或学籍号，与学生名单一致。",
            list_place(origin)
        ),
        BalanceError::ListAmbiguousName {
            origin,
            cell,
            name,
            count,
        } => format!(
            "{} {cell} 单元格的“{name}”在学生名单中有 {count} 名同名学生，无法确定是哪一位。请改写这名学生的身份证号或学籍号。",
            list_place(origin)
        ),
        BalanceError::ListTooShort { origin } => format!(
            "{}只写了一名学生。每一行要写两名或更多学生。",
            list_place(origin)
        ),
    }
}

fn not_a_category(column: &str, field: Field) -> String {
    let why = match field {
        Field::Gender => "性别已经按规定均衡，不必再写".to_string(),
        Field::Score => "成绩请用 --balance-score 或 --score-column 均衡".to_string(),
        other => format!(
            "{}每名学生各不相同，不能用来分类均衡",
            super::field_label(other)
        ),
    };
    format!("“{column}”列不能作为分类列（--balance-column）：{why}。")
}

fn gender_word(gender: Gender) -> &'static str {
    match gender {
        Gender::Male => "男生",
        Gender::Female => "女生",
    }
}

/// Formats a student as messages name one: `王雨桐（「名单」第5行）`.
fn student(who: &StudentRef) -> String {
    format!("{}（{}）", who.name, super::origin_text(&who.origin))
}

/// Two students joined by 和: `王雨桐（「名单」第5行）和李思远（「名单」第9行）`.
fn both(students: &[StudentRef]) -> String {
    let list: Vec<String> = students.iter().map(student).collect();
    list.join(" 和 ")
}

fn names(students: &[StudentRef]) -> String {
    let list: Vec<String> = students.iter().map(student).collect();
    list.join("、")
}

/// Formats the place of a list row or column value: `双胞胎.xlsx「Sheet1」第3行`.
fn list_place(origin: &SetOrigin) -> String {
    match origin {
        SetOrigin::Row { file, sheet, row } => format!("{file}「{sheet}」第{}行", row + 1),
        SetOrigin::Column { column, value } => format!("名单“{column}”列的“{value}”"),
    }
}

fn together_origin(origin: &SetOrigin) -> String {
    format!("同组名单（{}）", list_place(origin))
}

fn apart_origin(origin: &SetOrigin) -> String {
    format!("分开名单（{}）", list_place(origin))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::group::fairness::CategoryCount;

    fn spread(better_than: usize, equal: usize) -> Spread {
        Spread {
            kind: SpreadKind::MeanRange,
            label: "成绩".to_string(),
            balanced: true,
            achieved: 0.004,
            better_than,
            equal,
            worse_than: 10_000 - better_than - equal,
            random_best: 6.5,
            random_median: 9.3,
            random_worst: 13.2,
            categories: Vec::new(),
        }
    }

    #[test]
    fn category_counts_of_equal_groups_name_one_count() {
        let count = |value: &str, fewest, most| CategoryCount {
            value: value.to_string(),
            total: 30,
            fewest,
            most,
        };
        let spread = Spread {
            label: "毕业学校".to_string(),
            categories: vec![count("第一小学", 10, 10), count("第二小学", 9, 11)],
            ..spread(0, 0)
        };
        assert_eq!(
            category_counts(&spread),
            "毕业学校：第一小学 共30人、每组 10 人；第二小学 共30人、每组 9～11 人"
        );
    }

    #[test]
    fn comparison_rounds_down() {
        assert_eq!(
            comparison(&spread(9_999, 0), 10_000),
            "优于 99.9% 的随机分组"
        );
        assert_eq!(
            comparison(&spread(10_000, 0), 10_000),
            "优于全部 10000 次随机分组"
        );
        assert_eq!(
            comparison(&spread(5_454, 120), 10_000),
            "优于 54.5% 的随机分组，另有 1.2% 与之持平"
        );
    }

    #[test]
    fn comparison_counts_shares_below_a_tenth_percent() {
        assert_eq!(
            comparison(&spread(9_000, 3), 10_000),
            "优于 90.0% 的随机分组，另有 3 次与之持平"
        );
        assert_eq!(comparison(&spread(7, 0), 10_000), "只优于 7 次随机分组");
    }

    #[test]
    fn comparison_better_than_none() {
        assert_eq!(
            comparison(&spread(0, 0), 10_000),
            "没有优于任何一次随机分组"
        );
        assert_eq!(
            comparison(&spread(0, 2_130), 10_000),
            "没有优于任何一次随机分组，与其中 21.3% 持平"
        );
    }

    #[test]
    fn spread_line_names_item_value_and_median() {
        assert_eq!(
            spread_line(&spread(10_000, 0), 10_000),
            "  成绩平均分：各组最多相差 0.004 分，优于全部 10000 次随机分组（随机分组中位数 9.300 分）"
        );
    }

    #[test]
    fn gender_line_shows_equal_counts_once() {
        let fairness = Fairness {
            splits: 10_000,
            boys: (20, 21),
            girls: (19, 19),
            missing_scores: 0,
            spreads: Vec::new(),
        };
        assert_eq!(
            gender_text(&fairness),
            "每组男生 20～21 人，女生 19 人；这是硬性规定，随机分组同样满足"
        );
    }

    #[test]
    fn list_errors_name_the_cell() {
        let origin = SetOrigin::Row {
            file: "双胞胎.xlsx".to_string(),
            sheet: "Sheet1".to_string(),
            row: 2,
        };
        let error = BalanceError::ListTooShort { origin };
        assert_eq!(
            error_text(&error),
            "双胞胎.xlsx「Sheet1」第3行只写了一名学生。每一行要写两名或更多学生。"
        );
    }
}
