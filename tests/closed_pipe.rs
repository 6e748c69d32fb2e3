//! A console pipe whose reader has exited, as in `bianban check 名单.xlsx | head -2`. The
//! program must end quietly on SIGPIPE, as other Unix tools do, and not print the
//! internal-error message of a panic.
#![cfg(unix)]

use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Runs the binary in `dir` with standard output a pipe whose read end is closed before
/// the program starts, so its first write meets the closed pipe.
fn run_into_closed_pipe(dir: &Path, args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Command::new(env!("CARGO_BIN_EXE_bianban"))
        .current_dir(dir)
        .env("RUST_BACKTRACE", "0")
        .args(args)
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
        .wait_with_output()
        .unwrap()
}

fn assert_quiet_end(output: &Output) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.signal(), Some(libc::SIGPIPE), "{stderr}");
    assert!(!stderr.contains("程序内部出错"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn help_into_closed_pipe_ends_quietly() {
    let work = tempfile::tempdir().unwrap();

    let output = run_into_closed_pipe(work.path(), &["--help"]);

    assert_quiet_end(&output);
}

#[test]
fn check_into_closed_pipe_ends_quietly() {
    let work = tempfile::tempdir().unwrap();
    let roster = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/一年级新生名单.xlsx");

    let output = run_into_closed_pipe(work.path(), &["check", roster.to_str().unwrap()]);

    assert_quiet_end(&output);
}
