//! Running calamine so that its panics become a typed error instead of a crash.
//!
//! calamine 0.38 panics on some damaged xls files. A clerk must see one Chinese line, not a
//! Rust backtrace in English, so panics are not printed while calamine runs.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::Once;

use crate::error::{Error, Result};

thread_local! {
    /// Whether this thread is inside [`catch_crash`], whose panics are not printed.
    static SILENCED: Cell<bool> = const { Cell::new(false) };
}

/// Wraps the panic hook in place when the first read starts, once per process.
static WRAP_HOOK: Once = Once::new();

/// Runs `read` and turns a panic inside it into [`Error::ReaderCrashed`] for `path`.
///
/// The panic hook in place at the first call is wrapped by one that stays silent on threads
/// inside this function and calls the original elsewhere. Several files can therefore be
/// read at once, each on its own thread, and a panic on another thread is still printed.
/// Out-of-memory aborts cannot be caught; readers must avoid them by reading sparsely.
pub fn catch_crash<T>(path: &Path, read: impl FnOnce() -> Result<T>) -> Result<T> {
    WRAP_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !SILENCED.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was_silenced = SILENCED.with(|s| s.replace(true));
    let outcome = panic::catch_unwind(AssertUnwindSafe(read));
    SILENCED.with(|s| s.set(was_silenced));
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
    fn reads_on_two_threads_overlap() {
        use std::sync::mpsc;
        use std::time::Duration;
        let wait = Duration::from_secs(5);
        let (entered, first_entered) = mpsc::channel();
        let (go_on, second_entered) = mpsc::channel();
        let first = std::thread::spawn(move || {
            catch_crash(Path::new("一.xlsx"), || {
                entered.send(()).ok();
                Ok(second_entered.recv_timeout(wait).is_ok())
            })
        });
        let second = std::thread::spawn(move || {
            catch_crash(Path::new("二.xlsx"), || {
                let saw_first = first_entered.recv_timeout(wait).is_ok();
                go_on.send(()).ok();
                Ok(saw_first)
            })
        });
        assert_eq!(first.join().unwrap(), Ok(true));
        assert_eq!(second.join().unwrap(), Ok(true));
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
