//! The `[学校]` and `[分组]` sections: who the run is for and how the roster is read.

use serde::Deserialize;

/// `[学校]`: the names printed on every sheet.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchoolSettings {
    /// The education bureau, printed on archive copies.
    #[serde(rename = "教育局")]
    pub bureau: Option<String>,
    #[serde(rename = "学校名称")]
    pub name: Option<String>,
    /// The grade as written (七年级, 一年级, 7, 初一).
    #[serde(rename = "年级")]
    pub grade: Option<String>,
    /// The number of classes the school opens.
    #[serde(rename = "班级数")]
    pub classes: Option<u32>,
}

/// `[分组]`: how rosters are checked and where outputs go.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupingSettings {
    /// Accept students without an ID number, with a warning.
    #[serde(rename = "允许无身份证号")]
    pub allow_missing_id: Option<bool>,
    /// The highest valid score.
    #[serde(rename = "成绩满分")]
    pub score_max: Option<f64>,
    /// The folder that receives a new run folder for each run.
    #[serde(rename = "输出文件夹")]
    pub output_root: Option<String>,
}
