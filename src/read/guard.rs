//! Running calamine so that its panics become a typed error instead of a crash.
//!
//! calamine 0.38 panics on some damaged xls files. A clerk must see one Chinese line, not a
//! Rust backtrace in English, so the panic hook is silenced while calamine runs.

use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::{Mutex, PoisonError};

use crate::error::{Error, Result};

/// Serialises hook swaps: two threads swapping at once could leave the silent hook installed.
static HOOK_SWAP: Mutex<()> = Mutex::new(());

/// Runs `read` and turns a panic inside it into [`Error::ReaderCrashed`] for `path`.
///
/// The process-wide panic hook is replaced by a silent one during the call and restored
/// afterwards, so a panic in another thread during that time is not printed either.
/// Out-of-memory aborts cannot be caught; readers must avoid them by reading sparsely.
pub fn catch_crash<T>(path: &Path, read: impl FnOnce() -> Result<T>) -> Result<T> {
    let _swap = HOOK_SWAP.lock().unwrap_or_else(PoisonError::into_inner);
    let previous = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let outcome = panic::catch_unwind(AssertUnwindSafe(read));
    panic::set_hook(previous);
    outcome.unwrap_or_else(|_| {
        Err(Error::ReaderCrashed {
            path: path.to_path_buf(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panic_becomes_reader_crashed() {
        let path = Path::new("坏.xls");
        let result: Result<u32> = catch_crash(path, || panic!("index out of bounds"));
        assert_eq!(
            result,
            Err(Error::ReaderCrashed {
                path: path.to_path_buf()
            })
        );
    }

    #[test]
    fn result_passes_through() {
        let path = Path::new("好.xls");
        assert_eq!(catch_crash(path, || Ok(7)), Ok(7));
        let damaged: Result<u32> = catch_crash(path, || {
            Err(Error::Damaged {
                path: path.to_path_buf(),
            })
        });
        assert!(matches!(damaged, Err(Error::Damaged { .. })));
    }
}
