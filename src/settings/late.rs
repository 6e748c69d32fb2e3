//! The `[后转入]` section: how late-enrolling students are placed. Every key may be left out.

use serde::Deserialize;

/// `[后转入]`: the rules of late enrolment beyond "the smallest class first".
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LateSettings {
    /// Among the equally small classes, keep only those with the fewest students of the new
    /// student's gender before the lot is drawn (off by default). `docs/algorithm.md`
    /// section 10 gives the exact rule.
    #[serde(rename = "抽签兼顾性别")]
    pub gender_rule: Option<bool>,
    /// The largest class size; a placement beyond it is warned about. Defaults to 45 for
    /// primary and 50 for junior middle school.
    #[serde(rename = "班额上限")]
    pub class_size_cap: Option<u32>,
}
