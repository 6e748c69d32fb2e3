//! Turning table records into students.

use super::{Roster, RosterOptions};
use crate::diag::Report;
use crate::table::Table;

pub fn assemble(
    file: &str,
    tables: &[Table],
    options: &RosterOptions,
    report: &mut Report,
) -> Roster {
    todo!("{file} {} {options:?} {report:?}", tables.len())
}
