//! The `[教师]` section: how the teacher check judges balance and stacking. Every key may be
//! left out; the defaults are in `teachers::check::BalanceRules` and `docs/teachers.md`.

use serde::Deserialize;

/// `[教师]`: thresholds of the teacher balance check.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeacherSettings {
    /// The subjects whose teachers, with the head teacher, must not all be strong.
    #[serde(rename = "主科")]
    pub core_subjects: Option<Vec<String>>,
    /// The lowest title that makes a teacher strong (高级 by default).
    #[serde(rename = "强教师职称")]
    pub strong_title: Option<String>,
    /// Honours that make a teacher strong, matched as parts of the written honour.
    #[serde(rename = "强教师荣誉")]
    pub strong_honours: Option<Vec<String>>,
    /// How many strong teachers among the head teacher and the core subject teachers make
    /// a stacked class.
    #[serde(rename = "强强搭配人数")]
    pub stacking_count: Option<u32>,
    /// The overall deviation at which a class is judged 偏强 or 偏弱.
    #[serde(rename = "综合偏离界限")]
    pub verdict_limit: Option<f64>,
    /// The deviation of one figure at which its cell is highlighted.
    #[serde(rename = "单项偏离界限")]
    pub figure_limit: Option<f64>,
    /// Differences from the school mean below these count as no difference.
    #[serde(rename = "职称分最小差值")]
    pub title_floor: Option<f64>,
    #[serde(rename = "教龄最小差值")]
    pub years_floor: Option<f64>,
    #[serde(rename = "荣誉人数最小差值")]
    pub honour_floor: Option<f64>,
    /// The weights of the three figures in the overall deviation.
    #[serde(rename = "职称权重")]
    pub title_weight: Option<f64>,
    #[serde(rename = "教龄权重")]
    pub years_weight: Option<f64>,
    #[serde(rename = "荣誉权重")]
    pub honour_weight: Option<f64>,
    /// The difference between a class's share of women teachers and the school's at which
    /// the class's gender mix is pointed out.
    #[serde(rename = "女教师比例最大差值")]
    pub gender_gap: Option<f64>,
    /// The share of a team with one personality tag at which the tag is pointed out.
    #[serde(rename = "性格集中比例")]
    pub trait_share: Option<f64>,
    /// The most swaps suggested.
    #[serde(rename = "最多建议数")]
    pub max_suggestions: Option<u32>,
}

#[cfg(test)]
mod tests {
    use crate::settings::parse;

    #[test]
    fn teacher_section_reads_chinese_keys() {
        let text = "[教师]\n主科 = [\"语文\", \"数学\"]\n强教师职称 = \"一级\"\n综合偏离界限 = 1.2\n最多建议数 = 3\n";
        let settings = parse(text).unwrap();
        let teachers = settings.teachers;
        assert_eq!(
            teachers.core_subjects,
            Some(vec!["语文".to_string(), "数学".to_string()])
        );
        assert_eq!(teachers.strong_title.as_deref(), Some("一级"));
        assert_eq!(teachers.verdict_limit, Some(1.2));
        assert_eq!(teachers.max_suggestions, Some(3));
    }

    #[test]
    fn unknown_teacher_key_is_rejected() {
        assert!(parse("[教师]\n强教师 = \"高级\"\n").is_err());
    }
}
