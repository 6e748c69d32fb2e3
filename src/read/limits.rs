//! Limits on reading one input file: time, memory, and whether a separate process reads it.
//!
//! calamine 0.38 can loop forever on a malformed ods file and builds dense ranges for xls and
//! ods, so a hostile file can exhaust memory. A panic can be caught in-process, an endless
//! loop only given up on, and an out-of-memory abort survived only in another process. The
//! limits are process-wide because every command reads through [`super::open`]: the plan
//! sets them once from the settings, and `main` names the program that child reads run.

use std::path::{Path, PathBuf};
use std::sync::{PoisonError, RwLock};
use std::time::Duration;

use super::{Cell, Format, Value};
use crate::error::{Error, TooLargeCause};

/// The default time limit for reading one file.
///
/// A release build read the 43 MB, 600,000-row province roster that `make_examples
/// --province` writes in 8 s of CPU time (18 s wall clock on a shared, loaded 2-core VM).
/// The same roster saved as ods by LibreOffice took 15 s of CPU time (40 s wall clock), see
/// `docs/performance.md`. 300 s leaves room for a PC several times slower.
pub const DEFAULT_TIME_LIMIT_SECONDS: u64 = 300;

/// The default memory limit for reading one file, in MiB.
pub const DEFAULT_MEMORY_LIMIT_MB: u64 = 4096;

/// The formats that a child process reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Isolation {
    /// Every format is read inside the tool's own process.
    Never,
    /// xls and ods are read by a child process, because their calamine readers build dense
    /// ranges and can loop. xlsx (streamed), CSV and web pages are read in-process.
    XlsOds,
    /// Every format is read by a child process.
    Always,
}

/// The limits that apply to reading one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadLimits {
    /// How long reading one file may take, child process start included.
    pub time: Duration,
    /// How much memory reading one file may take, in MiB. A child process gets this as its
    /// address-space limit on Unix; in-process readers stop when their stored cells would
    /// take a quarter of it.
    pub memory_mb: u64,
    pub isolation: Isolation,
}

impl Default for ReadLimits {
    fn default() -> Self {
        ReadLimits {
            time: Duration::from_secs(DEFAULT_TIME_LIMIT_SECONDS),
            memory_mb: DEFAULT_MEMORY_LIMIT_MB,
            isolation: Isolation::XlsOds,
        }
    }
}

impl ReadLimits {
    pub fn memory_bytes(&self) -> u64 {
        self.memory_mb.saturating_mul(1024 * 1024)
    }

    /// Returns the largest input file that is read at all: a quarter of the memory limit,
    /// because the file's bytes, the parsed cells and later copies are in memory together.
    pub fn max_file_bytes(&self) -> u64 {
        self.memory_bytes() / 4
    }

    /// Returns the memory the stored cells of one file may take, as [`CellBudget`] counts it.
    pub fn cell_budget_bytes(&self) -> u64 {
        self.memory_bytes() / 4
    }

    /// True when files of this format are read by a child process.
    pub fn isolates(&self, format: Format) -> bool {
        match self.isolation {
            Isolation::Never => false,
            Isolation::XlsOds => matches!(format, Format::Xls | Format::Ods),
            Isolation::Always => true,
        }
    }

    /// Builds the error for a file that needs more memory than these limits allow.
    pub fn too_large(&self, path: &Path, cause: TooLargeCause) -> Error {
        Error::TooLarge {
            path: path.to_path_buf(),
            limit_mb: self.memory_mb,
            cause,
        }
    }
}

static LIMITS: RwLock<Option<ReadLimits>> = RwLock::new(None);
static CHILD_PROGRAM: RwLock<Option<PathBuf>> = RwLock::new(None);

/// Sets the limits for every later read of this process.
pub fn set(limits: ReadLimits) {
    *LIMITS.write().unwrap_or_else(PoisonError::into_inner) = Some(limits);
}

/// Returns the limits set with [`set`], or the defaults.
pub fn current() -> ReadLimits {
    LIMITS
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .clone()
        .unwrap_or_default()
}

/// Names the program that child reads run, which must be this tool's own binary.
///
/// Until this is called, every file is read in-process: a test binary or a library user
/// cannot be re-run as `bianban __read`.
pub fn set_child_program(program: PathBuf) {
    *CHILD_PROGRAM
        .write()
        .unwrap_or_else(PoisonError::into_inner) = Some(program);
}

pub fn child_program() -> Option<PathBuf> {
    CHILD_PROGRAM
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .clone()
}

/// An estimate of the memory the stored cells of one file take, charged cell by cell, so a
/// reader stops before a file with a lying size or a zip bomb exhausts memory.
#[derive(Debug)]
pub struct CellBudget {
    left: u64,
}

impl CellBudget {
    pub fn new(limits: &ReadLimits) -> Self {
        CellBudget {
            left: limits.cell_budget_bytes(),
        }
    }

    /// Charges one stored cell: its slot in the cell list and its text on the heap. Returns
    /// false once the budget is spent.
    pub fn charge(&mut self, value: &Value) -> bool {
        let heap = match value {
            Value::Text(s) | Value::Error(s) | Value::FormulaWithoutValue(s) => s.len(),
            _ => 0,
        };
        let cost = (std::mem::size_of::<Cell>() + heap) as u64;
        match self.left.checked_sub(cost) {
            Some(left) => {
                self.left = left;
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_isolates_xls_and_ods_only() {
        let limits = ReadLimits::default();
        assert!(limits.isolates(Format::Xls));
        assert!(limits.isolates(Format::Ods));
        assert!(!limits.isolates(Format::Xlsx));
        assert!(!limits.isolates(Format::Csv));
        assert!(!limits.isolates(Format::Html));
    }

    #[test]
    fn budgets_are_a_quarter_of_memory() {
        let limits = ReadLimits {
            memory_mb: 400,
            ..ReadLimits::default()
        };
        assert_eq!(limits.max_file_bytes(), 100 * 1024 * 1024);
        assert_eq!(limits.cell_budget_bytes(), 100 * 1024 * 1024);
    }

    #[test]
    fn cell_budget_runs_out() {
        let limits = ReadLimits {
            memory_mb: 1,
            ..ReadLimits::default()
        };
        let mut budget = CellBudget::new(&limits);
        let text = Value::Text("x".repeat(1000));
        let mut stored = 0;
        while budget.charge(&text) {
            stored += 1;
        }
        // A quarter of 1 MiB is 262,144 bytes, and each cell costs its slot plus 1000 bytes.
        let per_cell = std::mem::size_of::<Cell>() + 1000;
        assert_eq!(stored, 262_144 / per_cell);
    }
}
