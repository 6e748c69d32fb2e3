//! The `[存档]` section: the wording, contacts and signers printed on the three copies of the
//! draw result.

use serde::Deserialize;

/// `[存档]`: every key may be left out, and the printed defaults then apply.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArchiveSettings {
    /// The label of the basic-education section's copy (default 第一联 基教科存档).
    #[serde(rename = "第一联")]
    pub first_label: Option<String>,
    /// The label of the discipline inspection office's copy (default 第二联 纪检存档).
    #[serde(rename = "第二联")]
    pub second_label: Option<String>,
    /// The label of the copy posted at the school (default 第三联 学校公示).
    #[serde(rename = "第三联")]
    pub third_label: Option<String>,
    /// Complaint hotline numbers printed on the posted copy, each with its owner when
    /// written so (`区教育局纪检组 0000-1234567`).
    #[serde(rename = "举报电话")]
    pub hotlines: Option<Vec<String>>,
    /// Print names on the posted copy with their middle characters masked (张*涵).
    #[serde(rename = "公示姓名打码")]
    pub mask_names: Option<bool>,
    /// The education bureau named on the copies; `[学校]` 教育局 is used when left out.
    #[serde(rename = "教育局")]
    pub bureau: Option<String>,
    /// The roles of the supervisors who sign each copy, one signature row each.
    #[serde(rename = "监督人员")]
    pub supervisors: Option<Vec<String>>,
}
