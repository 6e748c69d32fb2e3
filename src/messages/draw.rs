//! Wording of the mistakes found on the typed draw form.

use super::quoted;
use crate::draw::{DrawProblem, NumberFault};

pub fn draw_problem(problem: &DrawProblem) -> String {
    use DrawProblem as P;
    match problem {
        P::GroupInvalid {
            class,
            written,
            fault,
            groups,
        } => group_invalid(class, written, *fault, *groups),
        P::GroupTwice {
            class,
            group,
            others,
        } => {
            let list: Vec<String> = others
                .iter()
                .map(|(other_class, other)| format!("{other_class}（{other}）"))
                .collect();
            let cells = if others.len() == 1 {
                "这两格"
            } else {
                "这几格"
            };
            format!(
                "{class}的抽中组号是 {group}，{}也填了 {group}。每个组号只能被一个班抽中，请对照信封和签名核对{cells}。",
                list.join("、")
            )
        }
        P::GroupNeverDrawn { group } => format!(
            "第{group}组没有被任何班级抽中。请核对是哪个班抽到了 {group} 号信封，把组号填进该班的“抽中组号”格。"
        ),
        P::ClassUnreadable { written } => format!(
            "班级{}无法识别。请写成“七(1)班”这样的班级名称；如果这一行不是班级，请删除整行。",
            quoted(written)
        ),
        P::ClassOutOfRange {
            written,
            number,
            classes,
        } => {
            format!("班级“{written}”是第 {number} 班，但本次只有 {classes} 个班。请核对班级名称。")
        }
        P::ClassTwice { class, other } => format!(
            "班级“{class}”在表中出现了两次（另一处在 {other}）。每个班只能有一行，请删掉多余的一行。"
        ),
        P::ClassMissing { class } => {
            format!("表中没有{class}这一行。每个班都要有一行，请按打印出来的抽签记录表补上。")
        }
        P::HeadTeacherMismatch { class, form, sheet } => {
            let sheet = if sheet.is_empty() {
                "没有填写班主任".to_string()
            } else {
                format!("班主任是“{sheet}”")
            };
            format!(
                "{class}的班主任在抽签记录表上是“{form}”，教师任课表上{sheet}。请核对是哪一份写错了，改正后重新运行。"
            )
        }
        P::OtherGrouping { printed, expected } => format!(
            "抽签记录表上印的分组指纹是“{}”，与这次分组的分组指纹 {} 不同。这张表属于另一次分组，请使用与分组名单同一次生成的抽签记录表。",
            printed.replace('\n', " "),
            expected.grouped()
        ),
        P::GroupCountDiffers { printed, groups } => format!(
            "抽签记录表上印的组数是 {printed}，但分组名单有 {groups} 组。请使用与分组名单同一次生成的抽签记录表。"
        ),
        P::DateUnreadable { written } => format!(
            "抽签日期{}无法识别。请写成“2025年8月28日”或“2025-08-28”，或者运行时用 --date 指定。",
            quoted(written)
        ),
        P::DateDiffers { form, option } => format!(
            "表上的抽签日期是 {}，与 --date 指定的 {} 不同，已按 --date 的日期存档。",
            super::labels::date(*form),
            super::labels::date(*option)
        ),
        P::DateMissing { used } => format!(
            "抽签记录表上没有填写抽签日期，已按今天（{}）存档。如果抽签不是今天，请用 --date 指定日期后重新运行。",
            super::labels::date(*used)
        ),
    }
}

fn group_invalid(class: &str, written: &str, fault: NumberFault, groups: u32) -> String {
    let what = match fault {
        NumberFault::Blank => "没有填写".to_string(),
        NumberFault::NotNumber => format!("{}不是组号", quoted(written)),
        NumberFault::NotWhole => format!("“{written}”不是整数"),
        NumberFault::OutOfRange { .. } => format!("“{written}”不在 1 至 {groups} 之间"),
    };
    format!(
        "{class}的抽中组号{what}。请填写该班班主任抽中的信封上的组号（1 至 {groups} 之间的整数）。"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::CellRef;

    #[test]
    fn duplicate_names_the_other_cell() {
        let problem = DrawProblem::GroupTwice {
            class: "七(3)班".into(),
            group: 15,
            others: vec![("七(1)班".into(), CellRef::new(8, 2))],
        };
        assert_eq!(
            draw_problem(&problem),
            "七(3)班的抽中组号是 15，七(1)班（C9）也填了 15。每个组号只能被一个班抽中，请对照信封和签名核对这两格。"
        );
    }

    #[test]
    fn group_drawn_thrice_names_both_others() {
        let problem = DrawProblem::GroupTwice {
            class: "七(3)班".into(),
            group: 15,
            others: vec![
                ("七(1)班".into(), CellRef::new(8, 2)),
                ("七(6)班".into(), CellRef::new(13, 2)),
            ],
        };
        assert_eq!(
            draw_problem(&problem),
            "七(3)班的抽中组号是 15，七(1)班（C9）、七(6)班（C14）也填了 15。每个组号只能被一个班抽中，请对照信封和签名核对这几格。"
        );
    }

    #[test]
    fn invalid_number_names_the_value() {
        let problem = DrawProblem::GroupInvalid {
            class: "七(2)班".into(),
            written: "15.5".into(),
            fault: NumberFault::NotWhole,
            groups: 45,
        };
        assert_eq!(
            draw_problem(&problem),
            "七(2)班的抽中组号“15.5”不是整数。请填写该班班主任抽中的信封上的组号（1 至 45 之间的整数）。"
        );
    }
}
