//! The outputs of one run, placed in the output folder all together or not at all.
//!
//! A run writes several files that belong together: group lists, envelopes, the draw form
//! and the run record. If the disk fills up after the first two, a clerk must not find two
//! valid-looking lists that no record describes, and repeating the run must not fail
//! because those two now exist. So every output is first saved (by [`super::output`]) into
//! a hidden staging folder inside the output folder. When all are written, each file gets
//! its real name in the output folder. When anything fails, the staging folder is removed,
//! and the output folder looks as it did before the run.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::output::{self, TEMP_PREFIX};
use crate::error::{Error, Result, WriteFault};

/// The outputs of one run while they are being written.
#[derive(Debug)]
pub struct RunFolder {
    /// The output folder, absolute.
    dir: PathBuf,
    /// The hidden folder inside `dir` that receives the outputs until [`RunFolder::finish`].
    staging: PathBuf,
    /// True when this run created `dir`, so that a failed run removes it again.
    created_dir: bool,
    finished: bool,
}

impl RunFolder {
    /// Creates the output folder when it is missing, and the staging folder inside it.
    ///
    /// # Errors
    ///
    /// [`Error::Write`] naming `dir` when either folder cannot be created.
    pub fn begin(dir: &Path) -> Result<RunFolder> {
        let created_dir = !dir.exists();
        let dir = output::create_output_dir(dir)?;
        let staging = create_staging(&dir).map_err(|e| Error::Write {
            path: dir.clone(),
            fault: output::fault_of(&e),
        });
        let staging = match staging {
            Ok(staging) => staging,
            Err(error) => {
                if created_dir {
                    let _ = fs::remove_dir(&dir);
                }
                return Err(error);
            }
        };
        Ok(RunFolder {
            dir,
            staging,
            created_dir,
            finished: false,
        })
    }

    /// The output folder the files are placed in when the run finishes.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Runs `save` on the staged path of the output `name` and returns that path; what
    /// `save` returns besides is dropped.
    ///
    /// # Errors
    ///
    /// The error of `save`, with a staged path replaced by the output's real path.
    pub fn write<T>(&self, name: &str, save: impl FnOnce(&Path) -> Result<T>) -> Result<PathBuf> {
        let staged = self.staging.join(name);
        save(&staged).map_err(|e| self.unstaged(e))?;
        Ok(staged)
    }

    /// Replaces a staged path in a write error with the output's real path, which is what a
    /// clerk looks for.
    pub fn unstaged(&self, error: Error) -> Error {
        match error {
            Error::Write { path, fault } => {
                let path = match path.strip_prefix(&self.staging) {
                    Ok(name) => self.dir.join(name),
                    Err(_) => path,
                };
                Error::Write { path, fault }
            }
            other => other,
        }
    }

    /// Gives every staged file its real name in the output folder and removes the staging
    /// folder. Returns the output folder.
    ///
    /// # Errors
    ///
    /// [`Error::Write`] with [`WriteFault::Exists`] when an output's name is taken in the
    /// output folder, which is checked for all outputs before any is placed. Any other write
    /// error while placing. After an error no output of this run is left in the output folder.
    pub fn finish(mut self) -> Result<PathBuf> {
        self.check_names_free(&[])?;
        let names = self.staged_names()?;
        let mut placed = Vec::new();
        for name in &names {
            let target = self.dir.join(name);
            if let Err(error) = output::place_new(&self.staging.join(name), &target) {
                // NOTE: a hard link is placed atomically, but files placed before a failure
                // here are removed again, so a crash in this loop can leave part of a run.
                for path in &placed {
                    let _ = fs::remove_file(path);
                }
                return Err(output::write_error(&target, &error));
            }
            placed.push(target);
        }
        self.finished = true;
        let _ = fs::remove_dir_all(&self.staging);
        Ok(self.dir.clone())
    }

    /// Checks that no file in the output folder has the name of a staged output or of one
    /// of `still_to_write`. A run that appends to the journal before it finishes calls this
    /// first, so that a taken name stops it before the journal names files it never placed.
    ///
    /// # Errors
    ///
    /// [`Error::Write`] with [`WriteFault::Exists`] naming the first output whose name is
    /// taken, or any error listing the staging folder.
    pub fn check_names_free(&self, still_to_write: &[&str]) -> Result<()> {
        let mut names = self.staged_names()?;
        names.extend(still_to_write.iter().map(|name| name.to_string()));
        match names.iter().map(|n| self.dir.join(n)).find(|p| p.exists()) {
            Some(taken) => Err(Error::Write {
                path: taken,
                fault: WriteFault::Exists,
            }),
            None => Ok(()),
        }
    }

    /// Lists the finished files in the staging folder, sorted by name.
    fn staged_names(&self) -> Result<Vec<String>> {
        let entries = fs::read_dir(&self.staging).map_err(|e| Error::Write {
            path: self.dir.clone(),
            fault: output::fault_of(&e),
        })?;
        let mut names: Vec<String> = entries
            .filter_map(|entry| entry.ok())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| !name.starts_with(TEMP_PREFIX))
            .collect();
        names.sort();
        Ok(names)
    }
}

impl Drop for RunFolder {
    /// Removes the staging folder of a run that did not finish, and the output folder when
    /// this run created it and it is empty.
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        let _ = fs::remove_dir_all(&self.staging);
        if self.created_dir {
            let _ = fs::remove_dir(&self.dir);
        }
    }
}

/// Creates a new staging folder `.~bianban-run-PID-N` inside `dir`.
fn create_staging(dir: &Path) -> io::Result<PathBuf> {
    let mut attempt = 0u32;
    loop {
        let staging = dir.join(format!("{TEMP_PREFIX}run-{}-{attempt}", std::process::id()));
        match fs::create_dir(&staging) {
            Ok(()) => return Ok(staging),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn save_text(text: &'static str) -> impl FnOnce(&Path) -> Result<()> {
        move |path| output::save_bytes(path, text.as_bytes())
    }

    #[test]
    fn finished_run_places_every_file() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("run");
        let run = RunFolder::begin(&dir).unwrap();
        run.write("a.json", save_text("1")).unwrap();
        run.write("b.json", save_text("2")).unwrap();
        assert_eq!(
            names_in(&dir).len(),
            1,
            "only the staging folder before finish"
        );

        let placed = run.finish().unwrap();

        assert_eq!(names_in(&placed), vec!["a.json", "b.json"]);
        assert_eq!(fs::read(placed.join("b.json")).unwrap(), b"2");
    }

    #[test]
    fn failed_run_leaves_nothing() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("run");
        let result: Result<()> = (|| {
            let run = RunFolder::begin(&dir)?;
            run.write("a.json", save_text("1"))?;
            run.write("b.json", |path| -> Result<()> {
                Err(Error::Write {
                    path: path.to_path_buf(),
                    fault: WriteFault::DiskFull,
                })
            })?;
            run.finish().map(|_| ())
        })();

        let error = result.unwrap_err();
        assert_eq!(
            error,
            Error::Write {
                path: std::path::absolute(&dir).unwrap().join("b.json"),
                fault: WriteFault::DiskFull
            }
        );
        assert!(!dir.exists(), "the folder this run created is removed");
    }

    #[test]
    fn existing_output_stops_the_whole_run() {
        let root = tempfile::tempdir().unwrap();
        fs::write(root.path().join("b.json"), b"signed").unwrap();
        let run = RunFolder::begin(root.path()).unwrap();
        run.write("a.json", save_text("1")).unwrap();
        run.write("b.json", save_text("2")).unwrap();

        let error = run.finish().unwrap_err();

        assert!(matches!(
            error,
            Error::Write {
                fault: WriteFault::Exists,
                ..
            }
        ));
        assert_eq!(names_in(root.path()), vec!["b.json"]);
        assert_eq!(fs::read(root.path().join("b.json")).unwrap(), b"signed");
    }

    #[test]
    fn taken_name_found_before_it_is_written() {
        let root = tempfile::tempdir().unwrap();
        fs::write(root.path().join("record.json"), b"signed").unwrap();
        let run = RunFolder::begin(root.path()).unwrap();
        run.write("a.json", save_text("1")).unwrap();

        let error = run.check_names_free(&["record.json"]).unwrap_err();

        assert_eq!(
            error,
            Error::Write {
                path: std::path::absolute(root.path())
                    .unwrap()
                    .join("record.json"),
                fault: WriteFault::Exists
            }
        );
        assert_eq!(run.check_names_free(&["other.json"]), Ok(()));
    }

    #[test]
    fn existing_folder_is_kept_after_failure() {
        let root = tempfile::tempdir().unwrap();
        fs::write(root.path().join("old.txt"), b"x").unwrap();
        {
            let run = RunFolder::begin(root.path()).unwrap();
            run.write("a.json", save_text("1")).unwrap();
        }
        assert_eq!(names_in(root.path()), vec!["old.txt"]);
    }
}
