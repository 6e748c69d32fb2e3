//! The draw stage: reading the typed 抽签记录表 and checking it is a one-to-one mapping of
//! classes to groups.
//!
//! Every mistake on the form is reported with its cell in one run, and a result comes back
//! only when the form has none, so nothing is written from a half-right form.

pub mod check;
pub mod form;
pub mod number;

use chrono::NaiveDate;

use crate::diag::CellRef;
use crate::fingerprint::Fingerprint;
pub use check::{Draw, check_draw};
pub use form::{DrawForm, FormRow, read_form};
pub use number::{NumberFault, parse_group_number};

/// A mistake on the typed draw form. The location names the cell.
#[derive(Debug, Clone, PartialEq)]
pub enum DrawProblem {
    /// The 抽中组号 of a class cannot be used.
    GroupInvalid {
        class: String,
        written: String,
        fault: NumberFault,
        groups: u32,
    },
    /// Several classes drew the same group. Reported at each of the cells, naming every
    /// other class (as written) and cell with that group.
    GroupTwice {
        class: String,
        group: u32,
        others: Vec<(String, CellRef)>,
    },
    /// No class drew this group.
    GroupNeverDrawn { group: u32 },
    /// The 班级 cell names no class number.
    ClassUnreadable { written: String },
    /// The class number is beyond the number of classes.
    ClassOutOfRange {
        written: String,
        number: u32,
        classes: u32,
    },
    /// The same class on a second row.
    ClassTwice { class: String, other: CellRef },
    /// A class without a row on the form.
    ClassMissing { class: String },
    /// The head teacher typed on the form is not the one on the teacher sheet.
    HeadTeacherMismatch {
        class: String,
        form: String,
        sheet: String,
    },
    /// The form was printed for another grouping: its 分组指纹 is not this grouping's.
    OtherGrouping {
        printed: String,
        expected: Fingerprint,
    },
    /// The group count printed on the form is not the number of groups.
    GroupCountDiffers { printed: u32, groups: u32 },
    /// The draw date on the form cannot be read.
    DateUnreadable { written: String },
    /// `--date` and the date on the form differ; the option was used.
    DateDiffers { form: NaiveDate, option: NaiveDate },
    /// Neither the form nor `--date` gives the draw date; the given day was used.
    DateMissing { used: NaiveDate },
}
