//! xls and ods through calamine.

use std::path::Path;

use super::{Format, Sheet};
use crate::diag::Report;
use crate::error::Result;

pub fn read(
    path: &Path,
    bytes: Vec<u8>,
    format: Format,
    file_name: &str,
    report: &mut Report,
) -> Result<Vec<Sheet>> {
    todo!("{path:?} {} {format:?} {file_name} {report:?}", bytes.len())
}
