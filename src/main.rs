//! The `bianban` command: parses arguments, runs one command, prints errors in Chinese and
//! exits with a status a batch file can test.

use std::process::ExitCode;

use bianban::cli::{Cli, Command};
use bianban::messages::{self, errors};
use bianban::{commands, plan};
use clap::Parser;

fn main() -> ExitCode {
    install_panic_message();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return usage_exit(&error),
    };
    let result = match &cli.command {
        Command::Check(args) => plan::check_plan(args).and_then(|p| commands::check::run(&p)),
        Command::Group(args) => plan::group_plan(args).and_then(|p| commands::group::run(&p)),
        Command::Teachers(args) => {
            plan::teachers_plan(args).and_then(|p| commands::teachers::run(&p))
        }
        Command::Merge(args) => plan::merge_plan(args).and_then(|p| commands::merge::run(&p)),
        Command::Late(args) => plan::late_plan(args).and_then(|p| commands::late::run(&p)),
        Command::Verify(args) => plan::verify_plan(args).and_then(|p| commands::verify::run(&p)),
        Command::Audit(args) => plan::audit_plan(args).and_then(|p| commands::audit::run(&p)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!();
            eprintln!("{}", messages::error_text(&error));
            exit_code(errors::exit_code(&error))
        }
    }
}

/// Prints clap's help and version as they are (they are in Chinese) and its errors in
/// Chinese.
fn usage_exit(error: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            print!("{error}");
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let _ = command.print_help();
            exit_code(errors::EXIT_USAGE)
        }
        _ => {
            eprintln!("{}", messages::usage::usage_error_text(error));
            exit_code(errors::EXIT_USAGE)
        }
    }
}

fn exit_code(code: i32) -> ExitCode {
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

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
