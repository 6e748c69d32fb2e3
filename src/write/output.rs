//! Writing output files without ever replacing one.
//!
//! Every output is first written in full to a hidden temporary file in the target folder
//! (`.~bianban-…`), flushed to the disk, and then given its real name with a hard link,
//! which fails when the name is taken. An interrupted run therefore leaves no half-written
//! workbook under a real name, and a second run cannot overwrite a list that was printed
//! and signed.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Workbook, XlsxError};

use crate::error::{Error, WriteFault};

/// The start of every temporary file name, so a clerk who sees one left over by a crash can
/// tell where it came from.
pub const TEMP_PREFIX: &str = ".~bianban-";

/// Serialises a workbook and saves it under `path`.
///
/// # Errors
///
/// [`Error::Write`] when the file exists already, the folder is missing or read-only, the
/// disk is full, or the workbook cannot be serialised.
pub fn save(workbook: &mut Workbook, path: &Path) -> Result<(), Error> {
    let bytes = workbook.save_to_buffer().map_err(|e| xlsx_error(path, e))?;
    save_bytes(path, &bytes)
}

/// Saves bytes (a serialised workbook, JSON, HTML) under `path`, never replacing a file.
///
/// # Errors
///
/// As [`save`]. On any failure the temporary file is removed and nothing is left under
/// `path` that was not there before.
pub fn save_bytes(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let fail = |fault| Error::Write {
        path: path.to_path_buf(),
        fault,
    };
    if path.exists() {
        return Err(fail(WriteFault::Exists));
    }

    let (temp, file) = create_temp(path).map_err(|e| fail(fault_of(&e)))?;
    let written = write_and_sync(file, bytes).and_then(|()| place(&temp, path, link));
    if let Err(error) = written {
        let _ = fs::remove_file(&temp);
        return Err(fail(error_fault(&error)));
    }
    Ok(())
}

/// Creates the output folder and its parents when missing, and returns it as an absolute
/// path for the run summary.
///
/// # Errors
///
/// [`Error::Write`] when the folder cannot be created, or a file has its name.
pub fn create_output_dir(path: &Path) -> Result<PathBuf, Error> {
    fs::create_dir_all(path).map_err(|e| Error::Write {
        path: path.to_path_buf(),
        fault: fault_of(&e),
    })?;
    Ok(std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// Maps a rust_xlsxwriter failure to a write error. Only its I/O errors can happen once the
/// writers have checked Excel's limits themselves.
pub fn xlsx_error(path: &Path, error: XlsxError) -> Error {
    let fault = match error {
        XlsxError::IoError(e) => fault_of(&e),
        // NOTE: any other variant is an Excel limit that the writers failed to check first.
        // The clerk then sees an unknown write fault, not the library's English text.
        _ => WriteFault::Other(None),
    };
    Error::Write {
        path: path.to_path_buf(),
        fault,
    }
}

/// Classifies an operating system error by its raw code.
///
/// The code alone decides, not the platform the program was built for, so every mapping is
/// tested on every platform. Windows and Unix numbers overlap; the table uses the meaning
/// that occurs when creating and writing a new file on the platform that has it:
///
/// | code | Windows | Unix | fault |
/// |---|---|---|---|
/// | 1 | invalid function | EPERM | ReadOnly |
/// | 2 | file not found | ENOENT | FolderMissing |
/// | 3 | path not found | – | FolderMissing |
/// | 5 | access denied | EIO | ReadOnly |
/// | 13 | – | EACCES | ReadOnly |
/// | 17 | – | EEXIST | Exists |
/// | 20 | device not found | ENOTDIR | FolderMissing |
/// | 28 | – | ENOSPC | DiskFull |
/// | 30 | – | EROFS | ReadOnly |
/// | 32, 33 | sharing or lock violation | – | Locked |
/// | 39, 112 | disk full | – | DiskFull |
/// | 80, 183 | file already exists | – | Exists |
/// | 122 | – | EDQUOT (Linux) | DiskFull |
/// | 267 | invalid folder name | – | FolderMissing |
///
/// Windows' access denied (5) is ReadOnly, not Locked. A file held open by Excel or WPS gives
/// a sharing violation (32) instead. Outputs are new files, so access denied comes from a
/// folder the user may not write to: permissions, a write-protected stick, or Windows'
/// controlled folder access. Unix's EIO (5), a failing drive, also maps to ReadOnly, and
/// "write to another folder" is the right advice for it too.
pub fn fault_of(error: &io::Error) -> WriteFault {
    let Some(code) = error.raw_os_error() else {
        return fault_of_kind(error.kind());
    };
    match code {
        1 | 5 | 13 | 30 => WriteFault::ReadOnly,
        2 | 3 | 20 | 267 => WriteFault::FolderMissing,
        17 | 80 | 183 => WriteFault::Exists,
        28 | 39 | 112 | 122 => WriteFault::DiskFull,
        32 | 33 => WriteFault::Locked,
        _ => WriteFault::Other(Some(code)),
    }
}

/// Classifies an error without an OS code, as made inside this module or by std.
fn fault_of_kind(kind: io::ErrorKind) -> WriteFault {
    match kind {
        io::ErrorKind::AlreadyExists => WriteFault::Exists,
        io::ErrorKind::NotFound => WriteFault::FolderMissing,
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => WriteFault::ReadOnly,
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => WriteFault::DiskFull,
        _ => WriteFault::Other(None),
    }
}

/// Like [`fault_of`], except that the target name being taken is always [`WriteFault::Exists`],
/// whichever way the placing step found out.
fn error_fault(error: &io::Error) -> WriteFault {
    if error.kind() == io::ErrorKind::AlreadyExists {
        WriteFault::Exists
    } else {
        fault_of(error)
    }
}

/// Creates a new, empty temporary file next to `target`. The process id and a counter keep
/// two runs writing to the same folder apart; `create_new` makes a clash an error to retry.
fn create_temp(target: &Path) -> io::Result<(PathBuf, File)> {
    let folder = folder_of(target);
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let mut attempt = 0u32;
    loop {
        let temp = folder.join(format!(
            "{TEMP_PREFIX}{}-{attempt}-{name}",
            std::process::id()
        ));
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}

/// Gives a finished file its real name without replacing anything there, as [`save_bytes`]
/// does with its temporary file.
///
/// # Errors
///
/// The I/O error; `AlreadyExists` when the name is taken.
pub fn place_new(temp: &Path, target: &Path) -> io::Result<()> {
    place(temp, target, link)
}

/// The write error for an I/O error met while saving `path`.
pub fn write_error(path: &Path, error: &io::Error) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        fault: error_fault(error),
    }
}

/// Returns the folder a file goes into, or `.` for a bare file name.
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

fn write_and_sync(mut file: File, bytes: &[u8]) -> io::Result<()> {
    file.write_all(bytes)?;
    file.sync_all()
}

fn link(from: &Path, to: &Path) -> io::Result<()> {
    fs::hard_link(from, to)
}

/// Gives the temporary file its real name without replacing anything there.
///
/// A hard link fails atomically when the name is taken. A rename cannot be used for this,
/// because Rust's `fs::rename` replaces an existing file on Windows and Unix alike. FAT32
/// and exFAT, the usual file systems of USB sticks, have no hard links. There the name is
/// checked first and the file renamed after, so another program could create the same name
/// in between.
fn place(
    temp: &Path,
    target: &Path,
    make_link: fn(&Path, &Path) -> io::Result<()>,
) -> io::Result<()> {
    match make_link(temp, target) {
        Ok(()) => {
            // The real name points at the data now, so a leftover hidden temp file is harmless.
            let _ = fs::remove_file(temp);
            Ok(())
        }
        Err(e) if links_unsupported(&e) => rename_if_free(temp, target),
        Err(e) => Err(e),
    }
}

/// True when the file system has no hard links: EPERM (1) from Linux's vfat and exfat,
/// ERROR_INVALID_FUNCTION (1) or ERROR_NOT_SUPPORTED (50) from Windows on FAT, EOPNOTSUPP
/// (95 on Linux, 45 on macOS).
fn links_unsupported(error: &io::Error) -> bool {
    error.kind() == io::ErrorKind::Unsupported
        || matches!(error.raw_os_error(), Some(1 | 45 | 50 | 95))
}

fn rename_if_free(temp: &Path, target: &Path) -> io::Result<()> {
    if target.exists() {
        return Err(io::Error::from(io::ErrorKind::AlreadyExists));
    }
    fs::rename(temp, target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fault_of_maps_every_listed_code() {
        let cases = [
            (1, WriteFault::ReadOnly),
            (2, WriteFault::FolderMissing),
            (3, WriteFault::FolderMissing),
            (5, WriteFault::ReadOnly),
            (13, WriteFault::ReadOnly),
            (17, WriteFault::Exists),
            (20, WriteFault::FolderMissing),
            (28, WriteFault::DiskFull),
            (30, WriteFault::ReadOnly),
            (32, WriteFault::Locked),
            (33, WriteFault::Locked),
            (39, WriteFault::DiskFull),
            (80, WriteFault::Exists),
            (112, WriteFault::DiskFull),
            (122, WriteFault::DiskFull),
            (183, WriteFault::Exists),
            (267, WriteFault::FolderMissing),
            (9999, WriteFault::Other(Some(9999))),
        ];
        for (code, fault) in cases {
            let error = io::Error::from_raw_os_error(code);
            assert_eq!(fault_of(&error), fault, "code {code}");
        }
    }

    #[test]
    fn fault_of_without_code_uses_kind() {
        let exists = io::Error::from(io::ErrorKind::AlreadyExists);
        let denied = io::Error::from(io::ErrorKind::PermissionDenied);
        let other = io::Error::other("zip");
        assert_eq!(fault_of(&exists), WriteFault::Exists);
        assert_eq!(fault_of(&denied), WriteFault::ReadOnly);
        assert_eq!(fault_of(&other), WriteFault::Other(None));
    }

    #[test]
    fn save_bytes_never_replaces_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("名单.json");
        fs::write(&path, b"signed").unwrap();

        let result = save_bytes(&path, b"new");

        assert_eq!(
            result,
            Err(Error::Write {
                path: path.clone(),
                fault: WriteFault::Exists
            })
        );
        assert_eq!(fs::read(&path).unwrap(), b"signed");
        assert_eq!(leftover_temps(dir.path()), 0);
    }

    #[test]
    fn save_bytes_writes_new_file_and_removes_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");

        save_bytes(&path, b"{}").unwrap();

        assert_eq!(fs::read(&path).unwrap(), b"{}");
        assert_eq!(leftover_temps(dir.path()), 0);
    }

    #[test]
    fn save_bytes_into_missing_folder_fails() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing").join("out.json");

        let result = save_bytes(&path, b"{}");

        assert_eq!(
            result,
            Err(Error::Write {
                path,
                fault: WriteFault::FolderMissing
            })
        );
    }

    fn no_links(_: &Path, _: &Path) -> io::Result<()> {
        Err(io::Error::from_raw_os_error(1))
    }

    #[test]
    fn place_without_hard_links_renames_when_free() {
        let dir = tempfile::tempdir().unwrap();
        let temp = dir.path().join(".~bianban-temp");
        let target = dir.path().join("out.xlsx");
        fs::write(&temp, b"data").unwrap();

        place(&temp, &target, no_links).unwrap();

        assert_eq!(fs::read(&target).unwrap(), b"data");
        assert!(!temp.exists());
    }

    #[test]
    fn place_without_hard_links_keeps_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let temp = dir.path().join(".~bianban-temp");
        let target = dir.path().join("out.xlsx");
        fs::write(&temp, b"data").unwrap();
        fs::write(&target, b"signed").unwrap();

        let error = place(&temp, &target, no_links).unwrap_err();

        assert_eq!(error.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&target).unwrap(), b"signed");
    }

    #[test]
    fn place_with_hard_links_rejects_taken_name() {
        let dir = tempfile::tempdir().unwrap();
        let temp = dir.path().join(".~bianban-temp");
        let target = dir.path().join("out.xlsx");
        fs::write(&temp, b"data").unwrap();
        fs::write(&target, b"signed").unwrap();

        let error = place(&temp, &target, link).unwrap_err();

        assert_eq!(error_fault(&error), WriteFault::Exists);
        assert_eq!(fs::read(&target).unwrap(), b"signed");
    }

    #[test]
    fn create_output_dir_makes_parents() {
        let dir = tempfile::tempdir().unwrap();
        let wanted = dir.path().join("2025").join("七年级");

        let made = create_output_dir(&wanted).unwrap();

        assert!(made.is_dir());
        assert!(made.is_absolute());
    }

    fn leftover_temps(dir: &Path) -> usize {
        fs::read_dir(dir)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with(TEMP_PREFIX)
            })
            .count()
    }
}
