//! A roster file or folder dropped onto the program in Explorer: checked as
//! `bianban check PATH` would check it.
//!
//! Explorer starts a dropped-on program in a folder of its own choosing (often the user's
//! home folder or the system folder), so the work folder is chosen here: the program's own
//! folder when it contains the settings file, else the folder the dropped roster is in. The
//! settings are read from there and the results go there.

use std::path::{Path, PathBuf};

use crate::cli::{CheckArgs, RosterArgs};
use crate::error::Result;
use crate::messages::console as text;
use crate::settings::SETTINGS_FILE;

/// Checks the dropped roster.
///
/// # Errors
///
/// As `bianban check`.
pub fn run(path: &Path) -> Result<()> {
    let roster = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if let Some(folder) = work_folder(&roster) {
        // A folder that cannot be entered leaves the current one, and the outputs then go
        // where Explorer started the program.
        let _ = std::env::set_current_dir(folder);
    }
    println!("{}", text::dropped(&roster));
    println!();
    let args = CheckArgs {
        roster: RosterArgs {
            roster: Some(roster),
            school: None,
            grade: None,
            allow_missing_id: false,
            out: None,
            settings: None,
        },
        classes: None,
        class_counts: None,
    };
    let command = crate::plan::check_command(&args)?;
    super::check::run_command(&command)
}

/// Returns the program's folder when it contains the settings file, else the dropped path's
/// folder.
fn work_folder(roster: &Path) -> Option<PathBuf> {
    let program_folder = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf));
    if let Some(folder) = program_folder
        && folder.join(SETTINGS_FILE).is_file()
    {
        return Some(folder);
    }
    roster.parent().map(Path::to_path_buf)
}
