//! The late-enrolment record's fingerprint and its machine-readable form
//! (`后转入记录.json`), which holds no student's name or ID number.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::OrderBasis;
use crate::error::Result;
use crate::fingerprint::Fingerprint;
use crate::journal::runs::JournalRef;
use crate::rng::ALGORITHM_VERSION;
use crate::write::record::{OutputRecord, RosterRecord, SeedRecord};

/// The first line of the late record's canonical form.
pub const LATE_FORM: &str = "bianban-late-v1";

/// What a late record is based on, as its fingerprint covers it.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordBasis {
    pub archive: Fingerprint,
    /// The earlier records of the same archive, in chain order.
    pub earlier: Vec<Fingerprint>,
    /// The canonical seed.
    pub seed: String,
    pub late_roster: Fingerprint,
    pub basis: OrderBasis,
    pub gender_rule: bool,
}

/// One placement as the fingerprint covers it: the draw and the student's placement line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedLine {
    pub order: usize,
    pub class: u32,
    pub tied: Vec<u32>,
    pub candidates: Vec<u32>,
    pub draw: Option<u32>,
    /// `fingerprint::placement_line` of the student.
    pub line: String,
}

/// The late record's fingerprint: SHA-256 of the lines `bianban-late-v1`,
/// `algorithm=bianban-1`, `archive=<hex>`, one `earlier=<hex>` per earlier record,
/// `seed=`, `late_roster=<hex>`, `order=<basis code>`, `gender_rule=<1|0>`, then for each
/// placement in order `placed=<order> class=<k> tied=<k,…> candidates=<k,…> draw=<d>`
/// (`draw=0` when no lot was needed) followed by the student's placement line.
pub fn record_fingerprint(basis: &RecordBasis, placed: &[PlacedLine]) -> Fingerprint {
    let mut text = format!(
        "{LATE_FORM}\nalgorithm={ALGORITHM_VERSION}\narchive={}\n",
        basis.archive.hex()
    );
    for earlier in &basis.earlier {
        text.push_str(&format!("earlier={}\n", earlier.hex()));
    }
    text.push_str(&format!(
        "seed={}\nlate_roster={}\norder={}\ngender_rule={}\n",
        basis.seed,
        basis.late_roster.hex(),
        basis.basis.code(),
        u8::from(basis.gender_rule)
    ));
    for p in placed {
        text.push_str(&format!(
            "placed={} class={} tied={} candidates={} draw={}\n{}\n",
            p.order,
            p.class,
            join(&p.tied),
            join(&p.candidates),
            p.draw.unwrap_or(0),
            p.line
        ));
    }
    Fingerprint::of(text.as_bytes())
}

fn join(classes: &[u32]) -> String {
    let parts: Vec<String> = classes.iter().map(u32::to_string).collect();
    parts.join(",")
}

/// The record of a `late` run, written beside its three copies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LateRecord {
    pub format: u32,
    pub tool: String,
    pub tool_version: String,
    pub algorithm: String,
    pub command: String,
    /// Local time the run started, `YYYY-MM-DDTHH:MM:SS`.
    pub time: String,
    pub school: String,
    pub grade: Option<String>,
    pub classes: u32,
    pub seed: SeedRecord,
    /// 1 for the first late enrolment into the archive, 2 for the next, and so on.
    pub sequence: u32,
    pub archive_fingerprint: String,
    pub earlier_records: Vec<String>,
    pub late_roster: RosterRecord,
    /// The [`OrderBasis::code`] of the registration order.
    pub order_basis: String,
    pub gender_rule: bool,
    pub record_fingerprint: String,
    pub class_sizes: Vec<LateClassRecord>,
    pub placements: Vec<PlacementRecord>,
    /// The late roster, the archive and the earlier records that were read.
    pub inputs: Vec<OutputRecord>,
    pub outputs: Vec<OutputRecord>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub journal: Option<JournalRef>,
}

/// A class's size before and after the run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LateClassRecord {
    pub class: u32,
    pub before: usize,
    pub added: usize,
    pub after: usize,
    pub boys: usize,
    pub girls: usize,
}

/// One placement without the student's identity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlacementRecord {
    pub order: usize,
    /// `M` or `F`.
    pub gender: String,
    pub smallest: usize,
    pub tied: Vec<u32>,
    pub candidates: Vec<u32>,
    pub draw: Option<u32>,
    pub class: u32,
}

/// Writes the record as pretty JSON, never replacing an existing file.
///
/// # Errors
///
/// Fails as `write::output::save_bytes` does.
pub fn save(path: &Path, record: &LateRecord) -> Result<()> {
    let mut json = serde_json::to_string_pretty(record).unwrap_or_default();
    json.push('\n');
    crate::write::output::save_bytes(path, json.as_bytes())
}

/// Reads a late record; `None` when the file is missing or is not one.
pub fn load(path: &Path) -> Option<LateRecord> {
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str(&text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basis() -> RecordBasis {
        RecordBasis {
            archive: Fingerprint::of(b"archive"),
            earlier: Vec::new(),
            seed: "351624".into(),
            late_roster: Fingerprint::of(b"late"),
            basis: OrderBasis::RegisteredAt,
            gender_rule: false,
        }
    }

    fn placed(class: u32) -> PlacedLine {
        PlacedLine {
            order: 1,
            class,
            tied: vec![2, 5],
            candidates: vec![2, 5],
            draw: Some(2),
            line: "ID:x\t张三\tM\t2013-01-01\t\t".into(),
        }
    }

    #[test]
    fn fingerprint_changes_with_any_placement() {
        let a = record_fingerprint(&basis(), &[placed(5)]);
        assert_eq!(a, record_fingerprint(&basis(), &[placed(5)]));
        assert_ne!(a, record_fingerprint(&basis(), &[placed(2)]));
        let mut other = basis();
        other.earlier.push(Fingerprint::of(b"first"));
        assert_ne!(a, record_fingerprint(&other, &[placed(5)]));
    }
}
