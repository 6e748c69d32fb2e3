//! The console window of a clerk: questions asked on it, waiting before a window closes, and
//! starting the program by dropping a file onto it.
//!
//! On Windows, Rust's standard output writes to a console with `WriteConsoleW`, so Chinese
//! text shows correctly whatever the console's code page (GBK on Chinese Windows). The code
//! page therefore stays as it is; only output redirected to a file is UTF-8 bytes.

use std::ffi::OsString;
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::PathBuf;

use crate::error::{Error, OptionFault, Result};
use crate::messages::console as text;
use crate::rng::Seed;

/// The subcommand names, which a dropped file named like one must not shadow.
const SUBCOMMANDS: &[&str] = &["check", "group", "init", "help"];

/// How often the seed may be typed twice differently before the program stops.
const SEED_ATTEMPTS: usize = 3;

/// Returns the path when the program was started with exactly one argument that is an
/// existing file or folder and not a subcommand or option: a roster dropped onto the exe in
/// Explorer, or a folder of rosters.
pub fn dropped_path(args: &[OsString]) -> Option<PathBuf> {
    let [arg] = args else {
        return None;
    };
    let text = arg.to_string_lossy();
    if text.starts_with('-') || SUBCOMMANDS.contains(&text.as_ref()) {
        return None;
    }
    let path = PathBuf::from(arg);
    path.exists().then_some(path)
}

/// Asks for the public seed on the console, twice, so a typing mistake cannot go unnoticed.
///
/// # Errors
///
/// [`OptionFault::EmptySeed`] when nobody can type on the console (input is redirected or
/// closed),
/// [`OptionFault::SeedsDiffer`] when the two entries differ [`SEED_ATTEMPTS`] times.
pub fn ask_seed() -> Result<String> {
    let missing = || Error::InvalidOption {
        option: "--seed",
        value: String::new(),
        fault: OptionFault::EmptySeed,
    };
    if !io::stdin().is_terminal() {
        return Err(missing());
    }
    for _ in 0..SEED_ATTEMPTS {
        let first = ask(text::SEED_PROMPT).ok_or_else(missing)?;
        let Ok(seed) = Seed::parse(&first) else {
            return Err(missing());
        };
        let second = ask(text::SEED_AGAIN).ok_or_else(missing)?;
        if Seed::parse(&second).is_ok_and(|again| again.canonical == seed.canonical) {
            return Ok(first);
        }
        eprintln!("{}", text::SEEDS_DIFFER);
    }
    Err(Error::InvalidOption {
        option: "--seed",
        value: String::new(),
        fault: OptionFault::SeedsDiffer,
    })
}

/// Prints a question on standard error, which stays on the console when the output is
/// redirected, and reads one line. Returns `None` when input is closed.
fn ask(question: &str) -> Option<String> {
    let _ = io::stdout().flush();
    eprint!("{question}");
    let mut line = String::new();
    match io::stdin().lock().read_line(&mut line) {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(line.trim_end_matches(['\r', '\n']).to_string()),
    }
}

/// Waits for Enter before the window closes, when someone is there to press it.
pub fn wait_for_enter() {
    if !io::stdin().is_terminal() {
        return;
    }
    let _ = ask(text::PRESS_ENTER);
}

/// True when the console window belongs to this program alone and closes when it exits:
/// the program was started by double-clicking it or dropping a file onto it in Explorer.
/// Always false outside Windows.
pub fn window_closes_on_exit() -> bool {
    #[cfg(windows)]
    {
        let mut processes = [0u32; 2];
        // SAFETY: the buffer holds two u32 values and its length is passed with it.
        let count = unsafe {
            windows_sys::Win32::System::Console::GetConsoleProcessList(processes.as_mut_ptr(), 2)
        };
        count == 1
    }
    #[cfg(not(windows))]
    {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropped_path_needs_one_existing_path() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("城关 第二中学_七年级.xlsx");
        std::fs::write(&file, b"x").unwrap();
        let arg = |p: &std::path::Path| OsString::from(p.as_os_str());

        assert_eq!(dropped_path(&[arg(&file)]), Some(file.clone()));
        assert_eq!(
            dropped_path(&[arg(dir.path())]),
            Some(dir.path().to_path_buf())
        );
        assert_eq!(dropped_path(&[]), None);
        assert_eq!(dropped_path(&[arg(&file), arg(&file)]), None);
        assert_eq!(dropped_path(&[arg(&dir.path().join("没有.xlsx"))]), None);
    }

    #[test]
    fn subcommands_and_options_are_not_dropped_files() {
        for word in ["check", "group", "init", "--help", "-h"] {
            assert_eq!(dropped_path(&[OsString::from(word)]), None, "{word}");
        }
    }
}
