//! The `[均衡]` section: what to balance beyond gender. Every option is off when left out.

use serde::Deserialize;

/// `[均衡]`: the score column, category columns, names and keep-together or keep-apart lists.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BalanceSettings {
    /// The header of the score column to balance (成绩, 总分); empty or absent for none.
    #[serde(rename = "成绩列")]
    pub score_column: Option<String>,
    /// Headers of the columns whose categories are spread evenly (毕业学校, 住校, 特长).
    #[serde(rename = "分类列")]
    pub columns: Option<Vec<String>>,
    /// Put students with identical names in different groups where possible.
    #[serde(rename = "同名分开")]
    pub separate_namesakes: Option<bool>,
    /// Put students whose names sound alike in different groups where possible.
    #[serde(rename = "同音分开")]
    pub separate_homophones: Option<bool>,
    /// A list file, or the header of a roster column, naming students to keep together.
    #[serde(rename = "同组名单")]
    pub together: Option<String>,
    /// A list file, or the header of a roster column, naming students to keep apart.
    #[serde(rename = "分开名单")]
    pub apart: Option<String>,
}

#[cfg(test)]
mod tests {
    use crate::settings::parse;

    #[test]
    fn balance_section_reads_every_key() {
        let text = "[均衡]\n成绩列 = \"总分\"\n分类列 = [\"毕业学校\", \"住校\"]\n同名分开 = true\n\
                    同音分开 = false\n同组名单 = \"双胞胎.xlsx\"\n分开名单 = \"分开\"\n";
        let balance = parse(text).unwrap().balance;
        assert_eq!(balance.score_column.as_deref(), Some("总分"));
        assert_eq!(
            balance.columns,
            Some(vec!["毕业学校".to_string(), "住校".to_string()])
        );
        assert_eq!(balance.separate_namesakes, Some(true));
        assert_eq!(balance.separate_homophones, Some(false));
        assert_eq!(balance.together.as_deref(), Some("双胞胎.xlsx"));
        assert_eq!(balance.apart.as_deref(), Some("分开"));
    }

    #[test]
    fn balance_section_absent_means_all_off() {
        let balance = parse("[学校]\n班级数 = 4\n").unwrap().balance;
        assert_eq!(balance, super::BalanceSettings::default());
    }
}
