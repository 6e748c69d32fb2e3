//! The `[文件]` section: where the inputs of a work folder are, so a batch file can start a
//! command without naming Chinese file names itself.

use serde::Deserialize;

/// `[文件]`: input paths, relative to the folder the command runs in.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSettings {
    /// The roster: one file, or a folder with one roster per school.
    #[serde(rename = "名单")]
    pub roster: Option<String>,
    /// The class-count table (学校, 年级, 班级数) of a run over many schools.
    #[serde(rename = "班级数表")]
    pub class_counts: Option<String>,
    /// The teacher sheet, for `teachers` and for head teachers on the draw form.
    #[serde(rename = "任课表")]
    pub teachers: Option<String>,
}
