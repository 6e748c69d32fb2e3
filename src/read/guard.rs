//! Running a reader so that a panic or an endless loop inside it becomes a typed error.
//!
//! calamine 0.38 panics on some damaged xls files and loops forever on some malformed ods
//! files. A clerk must see one Chinese line, not a Rust backtrace in English, and the tool
//! must not hang. Out-of-memory aborts cannot be caught in-process at all; `isolate` runs
//! the readers in a child process for that.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::{Once, mpsc};
use std::thread;
use std::time::Duration;

use crate::error::{Error, Result};

/// The stack of a reader thread, as large as a main thread's on Linux.
const READER_STACK_BYTES: usize = 8 * 1024 * 1024;

thread_local! {
    /// True while this thread runs a guarded reader, whose panics are not printed.
    static SILENCED: Cell<bool> = const { Cell::new(false) };
}

static SILENT_HOOK: Once = Once::new();

/// Runs `read` and turns a panic inside it into [`Error::ReaderCrashed`] for `path`.
///
/// The first call wraps the panic hook installed at that time, so panics on a thread that
/// runs a guarded reader are not printed while panics elsewhere still are. A hook set later
/// with `std::panic::set_hook` replaces the wrapper.
pub fn catch_crash<T>(path: &Path, read: impl FnOnce() -> Result<T>) -> Result<T> {
    install_silent_hook();
    let was_silenced = SILENCED.with(|s| s.replace(true));
    let outcome = panic::catch_unwind(AssertUnwindSafe(read));
    SILENCED.with(|s| s.set(was_silenced));
    outcome.unwrap_or_else(|_| {
        Err(Error::ReaderCrashed {
            path: path.to_path_buf(),
        })
    })
}

fn install_silent_hook() {
    SILENT_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !SILENCED.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

/// Runs `read` on a worker thread, catching its panics, and gives up after `limit` with
/// [`Error::ReadTimeout`].
///
/// NOTE: a thread cannot be stopped from outside, so after a timeout the worker keeps
/// running until it finishes or the process exits. Commands stop at the first unreadable
/// file, so the process exits soon after.
pub fn within_time<T: Send + 'static>(
    path: &Path,
    limit: Duration,
    read: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    let (sender, receiver) = mpsc::sync_channel(1);
    let worker_path = path.to_path_buf();
    let spawned = thread::Builder::new()
        .name("bianban-read".into())
        .stack_size(READER_STACK_BYTES)
        .spawn(move || {
            let _ = sender.send(catch_crash(&worker_path, read));
        });
    let crashed = || Error::ReaderCrashed {
        path: path.to_path_buf(),
    };
    if spawned.is_err() {
        return Err(crashed());
    }
    match receiver.recv_timeout(limit) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(Error::ReadTimeout {
            path: path.to_path_buf(),
            seconds: limit.as_secs(),
        }),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(crashed()),
    }
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

    #[test]
    fn nested_guards_restore_silencing() {
        let path = Path::new("a.xls");
        let inner: Result<Result<u32>> =
            catch_crash(path, || Ok(catch_crash(path, || panic!("inner"))));
        assert!(matches!(inner, Ok(Err(Error::ReaderCrashed { .. }))));
        assert!(!SILENCED.with(Cell::get));
    }

    #[test]
    fn worker_result_and_panic_come_back() {
        let path = Path::new("a.xlsx");
        let limit = Duration::from_secs(60);
        assert_eq!(within_time(path, limit, || Ok(3)), Ok(3));
        let crashed: Result<u32> = within_time(path, limit, || panic!("calamine"));
        assert!(matches!(crashed, Err(Error::ReaderCrashed { .. })));
    }

    #[test]
    fn endless_reader_times_out() {
        let path = Path::new("循环.ods");
        let (release, parked) = mpsc::channel::<()>();
        // The worker blocks until the test ends and drops `release`, standing in for a
        // reader that never returns.
        let result: Result<u32> = within_time(path, Duration::from_millis(50), move || {
            let _ = parked.recv();
            Ok(1)
        });
        drop(release);
        assert_eq!(
            result,
            Err(Error::ReadTimeout {
                path: path.to_path_buf(),
                seconds: 0
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
}
