//! `bianban init [DIR]`: makes a work folder with the settings file, blank roster, teacher
//! and class-count workbooks, the batch files that run each step by double-click, a short
//! guide and a copy of the program.
//!
//! Files that exist already are left as they are, so running `init` again only adds what
//! is missing.

use std::path::{Path, PathBuf};

use crate::cli::InitArgs;
use crate::error::{Error, Result, WriteFault};
use crate::messages::{init as text, labels};
use crate::settings::SETTINGS_FILE;
use crate::write::{output, templates};

/// The settings template: every section and key, commented in Chinese.
pub const SETTINGS_TEMPLATE: &str = include_str!("../../templates/settings.toml");
const CHECK_BAT: &str = include_str!("../../templates/check.bat");
const GROUP_BAT: &str = include_str!("../../templates/group.bat");
const GUIDE: &str = include_str!("../../templates/work_folder_guide.txt");

/// The byte order mark that makes Notepad on older Windows read a file as UTF-8.
const UTF8_BOM: &str = "\u{FEFF}";

/// Creates the work folder and the files it lacks.
///
/// # Errors
///
/// [`Error::Write`] when the folder or a file cannot be created.
pub fn run(args: &InitArgs) -> Result<()> {
    let wanted = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let dir = output::create_output_dir(&wanted)?;
    let mut made = Vec::new();
    let mut kept = Vec::new();
    for (name, bytes) in work_folder_files()? {
        let path = dir.join(name);
        if path.exists() {
            kept.push(name.to_string());
            continue;
        }
        output::save_bytes(&path, &bytes)?;
        made.push(name.to_string());
    }
    let program = program_name();
    match copy_program(&dir.join(&program))? {
        true => made.push(program),
        false => kept.push(program),
    }
    println!("{}", text::folder(&dir));
    if !made.is_empty() {
        println!("{}", text::made(&made));
    }
    if !kept.is_empty() {
        println!("{}", text::kept(&kept));
    }
    println!("{}", text::next_step());
    Ok(())
}

/// Returns the files of a work folder and their contents, in the order they are listed.
///
/// # Errors
///
/// [`Error::Write`] when a blank workbook cannot be built, which tests rule out.
pub fn work_folder_files() -> Result<Vec<(&'static str, Vec<u8>)>> {
    let workbook = |built: std::result::Result<rust_xlsxwriter::Workbook, _>, name: &str| {
        built
            .and_then(|mut w| w.save_to_buffer())
            .map_err(|e| output::xlsx_error(Path::new(name), e))
    };
    Ok(vec![
        (SETTINGS_FILE, windows_text(SETTINGS_TEMPLATE, true)),
        (
            labels::INPUT_ROSTER_FILE,
            workbook(templates::roster(), labels::INPUT_ROSTER_FILE)?,
        ),
        (
            labels::INPUT_TEACHER_FILE,
            workbook(templates::teachers(), labels::INPUT_TEACHER_FILE)?,
        ),
        (
            labels::INPUT_CLASS_COUNTS,
            workbook(templates::class_counts(), labels::INPUT_CLASS_COUNTS)?,
        ),
        (labels::BATCH_CHECK, windows_text(CHECK_BAT, false)),
        (labels::BATCH_GROUP, windows_text(GROUP_BAT, false)),
        (labels::INPUT_GUIDE, windows_text(GUIDE, true)),
    ])
}

/// Text with CRLF line endings, as Notepad and cmd.exe expect, and with a byte order mark
/// when asked. Batch files get none: cmd.exe would run the mark as part of the first line.
pub fn windows_text(text: &str, bom: bool) -> Vec<u8> {
    let mut out = String::with_capacity(text.len() + 64);
    if bom {
        out.push_str(UTF8_BOM);
    }
    for line in text.lines() {
        out.push_str(line);
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// Returns the program's file name in a work folder, `bianban.exe` on Windows, which the
/// batch files start.
fn program_name() -> String {
    format!("bianban{}", std::env::consts::EXE_SUFFIX)
}

/// Copies the running program into the work folder so the batch files find it. Returns
/// false when a program of that name is there already, the running one included.
fn copy_program(target: &Path) -> Result<bool> {
    if target.exists() {
        return Ok(false);
    }
    let fail = |fault| Error::Write {
        path: target.to_path_buf(),
        fault,
    };
    let source = std::env::current_exe().map_err(|e| fail(output::fault_of(&e)))?;
    let bytes = std::fs::read(&source).map_err(|e| fail(WriteFault::Other(e.raw_os_error())))?;
    output::save_bytes(target, &bytes)?;
    set_executable(target);
    Ok(true)
}

/// Marks the copy executable on systems with permission bits. Windows runs any `.exe`.
#[cfg(unix)]
fn set_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    // Without the mode the copy still exists, and running it needs `chmod +x`. That step
    // is outside Windows, the platform this folder is made for.
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755));
}

#[cfg(not(unix))]
fn set_executable(_path: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::{Settings, SettingsFault, parse};

    /// Sections of the template whose loaders other parts of the tool add. Until a section's
    /// loader is in this build, its example keys must be rejected as an unknown section.
    /// Once it is, take it off this list, so the test checks its keys like the others.
    const SECTIONS_NOT_LOADED: &[&str] = &[];

    /// Tells a commented-out example setting, `#键 = 值` with no space after the `#`, from
    /// an explanation.
    fn is_example(line: &str) -> bool {
        line.starts_with('#') && !line.starts_with("# ") && line != "#" && line.contains('=')
    }

    fn section_of(line: &str) -> Option<&str> {
        let header = line.strip_prefix('#').unwrap_or(line);
        header.strip_prefix('[')?.strip_suffix(']')
    }

    /// Returns every example line with its section's name and header line.
    fn examples() -> Vec<(usize, &'static str, usize)> {
        let mut found = Vec::new();
        let mut section = None;
        for (index, line) in SETTINGS_TEMPLATE.lines().enumerate() {
            if let Some(name) = section_of(line) {
                section = Some((name, index));
            } else if is_example(line) {
                let (name, header) = section.expect("every example is under a section");
                found.push((index, name, header));
            }
        }
        found
    }

    /// Returns the template with one example and, when commented out, its section header
    /// active.
    fn with_example(index: usize, header: usize) -> String {
        let lines: Vec<&str> = SETTINGS_TEMPLATE
            .lines()
            .enumerate()
            .map(|(i, line)| match i {
                i if i == index || (i == header && line.starts_with('#')) => &line[1..],
                _ => line,
            })
            .collect();
        lines.join("\n")
    }

    #[test]
    fn settings_template_parses_to_defaults() {
        assert_eq!(parse(SETTINGS_TEMPLATE), Ok(Settings::default()));
        let written = String::from_utf8(windows_text(SETTINGS_TEMPLATE, true)).unwrap();
        assert!(written.starts_with(UTF8_BOM));
        assert_eq!(parse(&written), Ok(Settings::default()));
    }

    #[test]
    fn every_template_example_is_accepted() {
        let examples = examples();
        assert!(examples.len() >= 20, "{} examples", examples.len());
        for (index, section, header) in examples {
            let line = SETTINGS_TEMPLATE.lines().nth(index).unwrap_or_default();
            let result = parse(&with_example(index, header));
            if SECTIONS_NOT_LOADED.contains(&section) {
                match result {
                    Err((_, SettingsFault::UnknownKey { key, .. })) => {
                        assert_eq!(key, section, "{line}");
                    }
                    other => panic!("{line}: section [{section}] loads now: {other:?}"),
                }
                continue;
            }
            let settings = result.unwrap_or_else(|e| panic!("{line}: {e:?}"));
            assert_ne!(settings, Settings::default(), "{line} changed nothing");
        }
    }

    /// Returns the keys the loader accepts in a section, or the sections it accepts, read
    /// from its message about an unknown key.
    fn loader_keys(section: Option<&str>) -> Vec<String> {
        let text = match section {
            Some(section) => format!("[{section}]\n没有这一项 = 1\n"),
            None => "没有这一项 = 1\n".to_string(),
        };
        match parse(&text) {
            Err((_, SettingsFault::UnknownKey { allowed, .. })) => allowed,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn template_lists_every_key_the_loader_reads() {
        let template_keys: Vec<(&str, String)> = examples()
            .into_iter()
            .map(|(index, section, _)| {
                let line = SETTINGS_TEMPLATE.lines().nth(index).unwrap_or_default();
                let key = line[1..].split('=').next().unwrap_or_default().trim();
                (section, key.to_string())
            })
            .collect();
        let sections = loader_keys(None);
        assert!(!sections.is_empty());
        for section in &sections {
            assert!(
                SETTINGS_TEMPLATE.contains(&format!("[{section}]")),
                "section [{section}] is missing from the template"
            );
            for key in loader_keys(Some(section)) {
                assert!(
                    template_keys.contains(&(section.as_str(), key.clone())),
                    "[{section}] {key} is missing from the template"
                );
            }
        }
    }

    #[test]
    fn batch_files_are_ascii_with_crlf() {
        for text in [CHECK_BAT, GROUP_BAT] {
            let bytes = windows_text(text, false);
            assert!(bytes.is_ascii());
            let text = String::from_utf8(bytes).unwrap();
            assert!(!text.replace("\r\n", "").contains('\n'));
            assert!(text.contains("cd /d \"%~dp0\"\r\n"));
            assert!(text.contains("pause\r\nexit /b %BIANBAN_STATUS%\r\n"));
        }
    }
}
