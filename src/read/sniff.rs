//! Deciding a file's format from its first bytes.

use std::path::Path;

use super::Format;
use crate::error::Result;

pub fn detect(path: &Path, bytes: &[u8]) -> Result<Format> {
    todo!("{path:?} {}", bytes.len())
}

pub fn mismatched_extension(path: &Path, format: Format) -> Option<String> {
    todo!("{path:?} {format:?}")
}
