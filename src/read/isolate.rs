//! Reading a file in a child process: the tool runs itself again as `bianban __read FILE`.
//!
//! Only a separate process survives an out-of-memory abort or an endless loop inside
//! calamine. The child reads the one file with the in-process readers and writes the outcome
//! to its standard output in the `wire` form. Its standard error is never shown. The parent
//! kills the child at the time limit and, on Unix, starts it with an address-space limit
//! (`RLIMIT_AS`) equal to the memory limit.
//!
//! NOTE: Windows has no per-process memory limit without a job object, which this tool does
//! not create, so there a child is bounded by time only. An out-of-memory abort still ends
//! only the child, and the clerk still gets a message.

use std::io::{self, BufWriter, Read, Write};
use std::path::Path;
use std::process::{Child, Command, ExitCode, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use super::wire::{self, Outcome};
use super::{Isolation, ReadLimits, Sheet, detect, guard, read_bytes, read_sheets};
use crate::diag::Report;
use crate::error::{Error, Result, TooLargeCause};

/// The hidden subcommand that runs the child side.
pub const CHILD_COMMAND: &str = "__read";

/// The maximum pause between two checks whether the child has finished.
const POLL_INTERVAL: Duration = Duration::from_millis(20);

/// How much of the child's standard error is kept to recognise an out-of-memory abort.
const STDERR_KEPT: u64 = 64 * 1024;

/// The start of the line Rust's default allocation error handler prints before it aborts.
const ALLOCATION_FAILED: &[u8] = b"memory allocation of";

/// Reads `path` in a child process that runs `program`, within `limits`.
///
/// Returns `None` when the child cannot be started, so that the caller reads the file
/// in-process instead.
pub fn read_in_child(
    program: &Path,
    path: &Path,
    limits: &ReadLimits,
) -> Option<Result<(Vec<Sheet>, Report)>> {
    let mut child = command(program, path, limits).spawn().ok()?;
    let (Some(stdout), Some(stderr)) = (child.stdout.take(), child.stderr.take()) else {
        let _ = child.kill();
        let _ = child.wait();
        return None;
    };
    let output_cap = limits.memory_bytes();
    let output = thread::spawn(move || read_capped(stdout, output_cap));
    let errors = thread::spawn(move || read_capped(stderr, STDERR_KEPT));

    let ended = wait_until(&mut child, Instant::now() + limits.time);
    let (output, overflowed) = output.join().unwrap_or_default();
    let (errors, _) = errors.join().unwrap_or_default();
    Some(verdict(path, limits, ended, &output, overflowed, &errors))
}

/// Builds the child's command line: `PROGRAM __read --memory-mb N -- PATH`.
fn command(program: &Path, path: &Path, limits: &ReadLimits) -> Command {
    let mut command = Command::new(program);
    command
        .arg(CHILD_COMMAND)
        .arg("--memory-mb")
        .arg(limits.memory_mb.to_string())
        .arg("--")
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("RUST_BACKTRACE", "0");
    limit_memory(&mut command, limits.memory_bytes());
    command
}

/// Sets the child's address-space limit to `bytes`, or to the hard limit when that is lower.
#[cfg(unix)]
fn limit_memory(command: &mut Command, bytes: u64) {
    use std::os::unix::process::CommandExt;

    let requested = libc::rlim_t::try_from(bytes).unwrap_or(libc::RLIM_INFINITY);
    // SAFETY: the closure runs in the forked child before exec. It calls only getrlimit and
    // setrlimit, which are async-signal-safe, on a stack value, and allocates nothing.
    unsafe {
        command.pre_exec(move || {
            let mut limit = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            if libc::getrlimit(libc::RLIMIT_AS, &mut limit) != 0 {
                return Err(io::Error::last_os_error());
            }
            limit.rlim_cur = requested.min(limit.rlim_max);
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

#[cfg(not(unix))]
fn limit_memory(_command: &mut Command, _bytes: u64) {}

/// Reads a pipe to its end, keeping at most `cap` bytes. Returns the bytes and whether
/// there were more; stopping early closes the pipe, so a child still writing fails.
fn read_capped(pipe: impl Read, cap: u64) -> (Vec<u8>, bool) {
    let mut bytes = Vec::new();
    let mut limited = pipe.take(cap.saturating_add(1));
    let _ = limited.read_to_end(&mut bytes);
    let overflowed = bytes.len() as u64 > cap;
    (bytes, overflowed)
}

/// The way the child process ended.
enum Ended {
    Exited(ExitStatus),
    /// Killed at the time limit.
    TimedOut,
    /// Its state could not be queried; it was killed.
    Lost,
}

/// Waits for the child until `deadline` and kills it then.
fn wait_until(child: &mut Child, deadline: Instant) -> Ended {
    let mut pause = Duration::from_millis(1);
    let ended = loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ended::Exited(status),
            Ok(None) => {}
            Err(_) => break Ended::Lost,
        }
        let now = Instant::now();
        if now >= deadline {
            break Ended::TimedOut;
        }
        thread::sleep(pause.min(deadline - now));
        pause = (pause * 2).min(POLL_INTERVAL);
    };
    let _ = child.kill();
    let _ = child.wait();
    ended
}

/// Turns how the child ended and what it wrote into the read's result.
fn verdict(
    path: &Path,
    limits: &ReadLimits,
    ended: Ended,
    output: &[u8],
    overflowed: bool,
    errors: &[u8],
) -> Result<(Vec<Sheet>, Report)> {
    let crashed = || Error::ReaderCrashed {
        path: path.to_path_buf(),
    };
    let status = match ended {
        Ended::Exited(status) => status,
        Ended::TimedOut => {
            return Err(Error::ReadTimeout {
                path: path.to_path_buf(),
                seconds: limits.time.as_secs(),
            });
        }
        Ended::Lost => return Err(crashed()),
    };
    if overflowed {
        return Err(limits.too_large(path, TooLargeCause::Cells));
    }
    if status.success()
        && let Some(outcome) = wire::decode(output, path)
    {
        return outcome.map(|(_, sheets, report)| (sheets, report));
    }
    if ran_out_of_memory(status, errors) {
        return Err(limits.too_large(path, TooLargeCause::Memory));
    }
    Err(crashed())
}

/// True when the child aborted for lack of memory: Rust printed its allocation failure, or
/// on Unix the kernel's out-of-memory killer ended it with SIGKILL.
fn ran_out_of_memory(status: ExitStatus, errors: &[u8]) -> bool {
    let reported = errors
        .windows(ALLOCATION_FAILED.len())
        .any(|window| window == ALLOCATION_FAILED);
    reported || killed_by_kernel(status)
}

#[cfg(unix)]
fn killed_by_kernel(status: ExitStatus) -> bool {
    use std::os::unix::process::ExitStatusExt;
    status.signal() == Some(libc::SIGKILL)
}

#[cfg(not(unix))]
fn killed_by_kernel(_status: ExitStatus) -> bool {
    false
}

/// Runs the child side: reads `path` in this process and writes the outcome to standard
/// output. The exit status is success whenever the outcome was written, error or not.
pub fn child_main(path: &Path, memory_mb: u64) -> ExitCode {
    let limits = ReadLimits {
        memory_mb,
        isolation: Isolation::Never,
        ..ReadLimits::default()
    };
    let outcome = read_here(path, &limits);
    let mut out = BufWriter::new(io::stdout().lock());
    match wire::encode(&outcome, &mut out).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}

fn read_here(path: &Path, limits: &ReadLimits) -> Outcome {
    let bytes = read_bytes(path, limits)?;
    let format = detect(path, &bytes)?;
    let (sheets, report) = guard::catch_crash(path, || read_sheets(path, bytes, format, limits))?;
    Ok((format, sheets, report))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `read_in_child` with a shell script standing in for the tool. The script must
    /// `exec` its last command, so that killing the child closes its pipes.
    #[cfg(unix)]
    fn read_with_script(body: &str, limits: &ReadLimits) -> Result<(Vec<Sheet>, Report)> {
        use std::os::unix::fs::PermissionsExt;

        let dir = tempfile::tempdir().unwrap();
        let program = dir.path().join("child.sh");
        std::fs::write(&program, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
        // Another test thread forking while the script was open for writing makes exec
        // fail with "text file busy" for a moment, so starting is retried.
        for _ in 0..50 {
            if let Some(result) = read_in_child(&program, Path::new("a.ods"), limits) {
                return result;
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!("the script never started");
    }

    #[cfg(unix)]
    #[test]
    fn endless_child_is_killed_at_the_time_limit() {
        let limits = ReadLimits {
            time: Duration::from_millis(300),
            ..ReadLimits::default()
        };
        let result = read_with_script("exec sleep 600", &limits);
        assert!(matches!(result, Err(Error::ReadTimeout { .. })));
    }

    #[cfg(unix)]
    #[test]
    fn child_out_of_memory_is_too_large() {
        let body = "echo 'memory allocation of 1099511627776 bytes failed' >&2\nkill -ABRT $$";
        let result = read_with_script(body, &ReadLimits::default());
        assert!(matches!(
            result,
            Err(Error::TooLarge {
                cause: TooLargeCause::Memory,
                limit_mb: 4096,
                ..
            })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn child_garbage_is_a_crash() {
        let result = read_with_script("echo 'thread main panicked'", &ReadLimits::default());
        assert!(matches!(result, Err(Error::ReaderCrashed { .. })));
    }

    #[cfg(unix)]
    #[test]
    fn child_flooding_its_output_is_too_large() {
        // More output than the memory limit of 64 MiB, which also bounds `head` itself.
        let limits = ReadLimits {
            memory_mb: 64,
            ..ReadLimits::default()
        };
        let result = read_with_script("exec head -c 70000000 /dev/zero", &limits);
        assert!(matches!(
            result,
            Err(Error::TooLarge {
                cause: TooLargeCause::Cells,
                ..
            })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn child_outcome_comes_through_the_pipe() {
        let dir = tempfile::tempdir().unwrap();
        let message = dir.path().join("outcome.bin");
        let sheet = Sheet {
            name: "名单".into(),
            ..Sheet::default()
        };
        let outcome: Outcome = Ok((
            super::super::Format::Ods,
            vec![sheet.clone()],
            Report::new(),
        ));
        let mut bytes = Vec::new();
        wire::encode(&outcome, &mut bytes).unwrap();
        std::fs::write(&message, bytes).unwrap();
        let body = format!("exec cat '{}'", message.display());
        let (sheets, report) = read_with_script(&body, &ReadLimits::default()).unwrap();
        assert_eq!(sheets, vec![sheet]);
        assert!(report.problems.is_empty());
    }

    #[test]
    fn read_capped_reports_overflow() {
        assert_eq!(read_capped(&b"abc"[..], 3), (b"abc".to_vec(), false));
        let (bytes, overflowed) = read_capped(&b"abcd"[..], 3);
        assert_eq!(bytes.len(), 4);
        assert!(overflowed);
    }

    #[cfg(unix)]
    fn exit_status(raw: i32) -> ExitStatus {
        use std::os::unix::process::ExitStatusExt;
        ExitStatus::from_raw(raw)
    }

    #[cfg(unix)]
    #[test]
    fn verdict_tells_memory_from_crash() {
        let path = Path::new("大.xls");
        let limits = ReadLimits::default();
        let aborted = exit_status(libc::SIGABRT);
        let oom = b"memory allocation of 549755813888 bytes failed\n";
        let memory = verdict(path, &limits, Ended::Exited(aborted), b"", false, oom);
        assert!(matches!(
            memory,
            Err(Error::TooLarge {
                cause: TooLargeCause::Memory,
                ..
            })
        ));
        let panicked = verdict(path, &limits, Ended::Exited(aborted), b"", false, b"");
        assert!(matches!(panicked, Err(Error::ReaderCrashed { .. })));
        let killed = verdict(
            path,
            &limits,
            Ended::Exited(exit_status(libc::SIGKILL)),
            b"",
            false,
            b"",
        );
        assert!(matches!(
            killed,
            Err(Error::TooLarge {
                cause: TooLargeCause::Memory,
                ..
            })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn verdict_passes_the_childs_outcome_on() {
        let path = Path::new("a.xls");
        let limits = ReadLimits::default();
        let mut output = Vec::new();
        let outcome: Outcome = Err(Error::Encrypted {
            path: path.to_path_buf(),
        });
        wire::encode(&outcome, &mut output).unwrap();
        let result = verdict(
            path,
            &limits,
            Ended::Exited(exit_status(0)),
            &output,
            false,
            b"",
        );
        assert!(matches!(result, Err(Error::Encrypted { .. })));
        let timed_out = verdict(path, &limits, Ended::TimedOut, b"", false, b"");
        assert!(matches!(
            timed_out,
            Err(Error::ReadTimeout { seconds: 300, .. })
        ));
    }
}
