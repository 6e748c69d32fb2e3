//! Reading 分组名单.xlsx back after the draw and proving it is still what was sealed.
//!
//! Each group's students are rebuilt with the roster stage's cleaning, their seal is
//! recomputed and compared with the seal printed on the sheet, the one on 汇总 and the one
//! in 运行记录.json. When they differ, the difference is named: with the confirmed roster
//! exactly (which cell of which student, a student moved between groups, an added or deleted
//! row), without it as far as the seals alone allow.

mod check;
mod diff;
mod read;

use crate::diag::CellRef;
use crate::fingerprint::Fingerprint;
use crate::roster::{Roster, Student};
use crate::table::Field;
use crate::write::record::RunRecord;

pub use check::{SealCheck, check_seals};
pub use diff::{ExpectedGroups, compare_with_roster};
pub(crate) use read::computed_seed;
pub use read::read_lists;

/// A difference between the group lists and what was sealed. All are errors unless noted.
#[derive(Debug, Clone, PartialEq)]
pub enum ListProblem {
    /// The students on a group's sheet no longer give the group's sealed seal.
    SealMismatch {
        group: u32,
        sealed: Fingerprint,
        now: Fingerprint,
    },
    /// The seal printed on a group's sheet differs from the sealed one in the run record
    /// (or, without a record, on 汇总).
    PrintedSealDiffers {
        group: u32,
        printed: Fingerprint,
        sealed: Fingerprint,
    },
    /// 汇总's seal of a group differs from the run record's.
    SummarySealDiffers {
        group: u32,
        summary: Fingerprint,
        recorded: Fingerprint,
    },
    /// A student's value differs from the confirmed roster. The location is the cell.
    CellEdited {
        group: u32,
        name: String,
        field: Field,
        sealed: String,
        now: String,
    },
    /// A student is on another group's list than the sealed one.
    StudentMoved {
        name: String,
        sealed_group: u32,
        group: u32,
    },
    /// A row that was not on any sealed list.
    RowAdded { group: u32, name: String },
    /// A student of a sealed list is on no list now.
    RowDeleted { group: u32, name: String },
    /// The in-group numbering has a gap, so the row with this number was deleted.
    SeqMissing { group: u32, seq: u32 },
    /// The same student on a second row; `other` is the first one (sheet and row).
    StudentTwice {
        name: String,
        other_sheet: String,
        other_row: u32,
    },
    /// A group's content changed and the seals alone cannot tell which cell.
    ContentChanged {
        group: u32,
        sealed_size: Option<usize>,
        size: usize,
    },
    /// No sheet lists this group.
    GroupSheetMissing { group: u32 },
    /// A sheet lists a group number beyond the number of groups.
    GroupSheetUnexpected { group: u32, groups: u32 },
    /// Two sheets list the same group.
    GroupSheetTwice { group: u32, other_sheet: String },
    /// The confirmed roster is not the roster that was grouped.
    RosterDiffers {
        confirmed: Fingerprint,
        grouped: Fingerprint,
    },
    /// Warning: no run record beside the lists; the seals printed in the workbook are used.
    NoRecord { file: String },
    /// Notice: the file's bytes differ from those recorded, for example after it was opened
    /// and saved again; its content was checked instead.
    FileSavedAgain,
    /// Notice: the exact cells can only be named with the confirmed roster (`--roster`).
    RosterNeeded,
}

/// Where a student was found on the lists.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub group: u32,
    /// The 组内序号 as printed, when readable.
    pub seq: Option<u32>,
    /// The 原名单位置 as printed: where the student was in the roster file.
    pub roster_place: Option<String>,
}

/// One group's sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupSheet {
    pub number: u32,
    pub sheet: String,
    pub printed_seal: Option<Fingerprint>,
    /// Indices into [`GroupLists::roster`]'s students, in sheet order.
    pub members: Vec<usize>,
}

/// What 汇总 states about the run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SummaryFacts {
    pub seals: std::collections::BTreeMap<u32, Fingerprint>,
    pub school: Option<String>,
    pub grade: Option<String>,
    /// The seed in the form the tool computed with.
    pub seed: Option<String>,
    pub roster: Option<Fingerprint>,
    pub grouping: Option<Fingerprint>,
}

/// The group lists read back.
#[derive(Debug, Clone)]
pub struct GroupLists {
    pub file: String,
    /// The students of all sheets, read as a roster without resolving duplicates. Their
    /// origin is their row on the group sheet.
    pub roster: Roster,
    /// Where each student of `roster` was found, by index.
    pub entries: Vec<Entry>,
    pub sheets: Vec<GroupSheet>,
    pub summary: SummaryFacts,
    /// 运行记录.json beside the workbook, when found.
    pub record: Option<RunRecord>,
    /// Whether the workbook's bytes are those recorded in the run record.
    pub same_bytes: bool,
}

impl GroupLists {
    /// The sheet of a group.
    pub fn sheet_of(&self, group: u32) -> Option<&GroupSheet> {
        self.sheets.iter().find(|s| s.number == group)
    }

    /// The students of a group in sheet order.
    pub fn members(&self, group: u32) -> Vec<&Student> {
        self.sheet_of(group)
            .map(|s| {
                s.members
                    .iter()
                    .map(|&i| &self.roster.students[i])
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The cell of a student's field on its group sheet.
    pub fn cell_of(&self, student: usize, field: Field) -> Option<CellRef> {
        let origin = &self.roster.students.get(student)?.origin;
        crate::roster::cell_of(&self.roster.layouts, origin, field)
    }

    /// The number of groups: from the run record, else 汇总, else the highest sheet number.
    pub fn group_count(&self) -> u32 {
        let from_record = self.record.as_ref().and_then(|r| r.classes);
        let from_summary = u32::try_from(self.summary.seals.len())
            .ok()
            .filter(|&n| n > 0);
        let from_sheets = self.sheets.iter().map(|s| s.number).max().unwrap_or(0);
        from_record.or(from_summary).unwrap_or(from_sheets)
    }

    /// The sealed seal of a group: the run record's, else 汇总's, else the one printed on
    /// its sheet.
    pub fn sealed_seal(&self, group: u32) -> Option<Fingerprint> {
        self.recorded_seal(group)
            .or_else(|| self.summary.seals.get(&group).copied())
            .or_else(|| self.sheet_of(group).and_then(|s| s.printed_seal))
    }

    /// The seal of a group in the run record.
    pub fn recorded_seal(&self, group: u32) -> Option<Fingerprint> {
        let record = self.record.as_ref()?.grouping.as_ref()?;
        let seal = &record.groups.iter().find(|g| g.number == group)?.seal;
        Fingerprint::parse(seal)
    }

    /// The size of a group in the run record.
    pub fn recorded_size(&self, group: u32) -> Option<usize> {
        let record = self.record.as_ref()?.grouping.as_ref()?;
        Some(record.groups.iter().find(|g| g.number == group)?.size)
    }
}
