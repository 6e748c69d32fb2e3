//! Duplicates and namesakes.

use super::Roster;
use crate::diag::Report;

pub fn resolve(roster: &mut Roster, report: &mut Report) {
    todo!("{} {report:?}", roster.students.len())
}
