//! The `bianban` command: parses arguments, runs one command, prints errors in Chinese and
//! exits with a status a batch file can test.

use std::ffi::OsString;
use std::process::ExitCode;

use bianban::cli::{Cli, Command};
use bianban::error::Result;
use bianban::messages::{self, errors};
use bianban::{commands, console, plan, read};
use clap::Parser;

fn main() -> ExitCode {
    restore_default_sigpipe();
    install_panic_message();
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    if let Some(path) = console::dropped_path(&args) {
        return finish(commands::dropped::run(&path), true);
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return usage_exit(&error),
    };
    enable_child_reads();
    let result = match &cli.command {
        Command::InternalRead(args) => {
            return read::isolate::child_main(&args.file, args.memory_mb);
        }
        Command::Check(args) => {
            plan::check_command(args).and_then(|p| commands::check::run_command(&p))
        }
        Command::Group(args) => {
            plan::group_command(args).and_then(|p| commands::group::run_command(&p))
        }
        Command::Teachers(args) => {
            plan::teachers_plan(args).and_then(|p| commands::teachers::run(&p))
        }
        Command::Merge(args) => plan::merge_plan(args).and_then(|p| commands::merge::run(&p)),
        Command::Init(args) => commands::init::run(args),
        Command::Late(args) => plan::late_plan(args).and_then(|p| commands::late::run(&p)),
        Command::Verify(args) => plan::verify_plan(args).and_then(|p| commands::verify::run(&p)),
        Command::Audit(args) => plan::audit_plan(args).and_then(|p| commands::audit::run(&p)),
    };
    finish(result, console::window_closes_on_exit())
}

/// Prints the error of a failed command, waits for Enter when the window would close at
/// once, and returns the exit status.
fn finish(result: Result<()>, wait: bool) -> ExitCode {
    let code = match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{}", messages::error_text(&error));
            exit_code(errors::exit_code(&error))
        }
    };
    if wait {
        console::wait_for_enter();
    }
    code
}

/// Prints clap's help and version as they are (they are in Chinese) and its errors in
/// Chinese. A window opened by double-clicking the program waits for Enter, so the text can
/// be read.
fn usage_exit(error: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    let code = match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            print!("{}", messages::usage::help_text(&error.to_string()));
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            let mut command = <Cli as clap::CommandFactory>::command();
            print!(
                "{}",
                messages::usage::help_text(&command.render_help().to_string())
            );
            if console::window_closes_on_exit() {
                println!();
                println!("{}", messages::console::DOUBLE_CLICKED);
            }
            exit_code(errors::EXIT_USAGE)
        }
        _ => {
            eprintln!("{}", messages::usage::usage_error_text(error));
            exit_code(errors::EXIT_USAGE)
        }
    };
    if console::window_closes_on_exit() {
        console::wait_for_enter();
    }
    code
}

/// Lets the readers run this binary again as a child process, which survives what calamine
/// does to a hostile file. Without the binary's path every file is read in-process.
fn enable_child_reads() {
    if let Ok(program) = std::env::current_exe() {
        read::limits::set_child_program(program);
    }
}

fn exit_code(code: i32) -> ExitCode {
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

/// Lets a closed console pipe end the program quietly, as it ends other Unix tools. Rust
/// ignores SIGPIPE, so `println!` into a pipe whose reader has exited (`bianban check … |
/// head`) would panic and print the internal-error message instead.
///
/// NOTE: like any signal that ends the program, a closed pipe can stop a run while it writes
/// its outputs (a run over many schools prints while other schools are written). That may
/// leave a hidden staging folder behind.
#[cfg(unix)]
fn restore_default_sigpipe() {
    // SAFETY: runs first in `main`, before any other thread exists, and only sets the
    // disposition of one signal back to the system default.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Windows has no SIGPIPE. There a write to a closed pipe still fails with an error, which
/// `println!` turns into a panic.
#[cfg(not(unix))]
fn restore_default_sigpipe() {}

/// Replaces Rust's English panic output with a Chinese message; a panic here is a bug.
fn install_panic_message() {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("{}", messages::usage::internal_error_text(&place));
    }));
}
