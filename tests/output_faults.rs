//! Output folders that fail: a full disk, a read-only folder, a folder that cannot exist,
//! and a folder that already contains a run. Each run must fail with one clear line and exit
//! status 4, leave nothing of itself behind, and succeed when repeated after the cause is
//! fixed.
//!
//! The full-disk and read-only tests mount a small tmpfs, which needs root (or
//! CAP_SYS_ADMIN); without it they print a note and pass without testing anything.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const EXIT_OUTPUT: i32 = 4;

/// The files a `group` run writes for the grade 1 example roster.
const GROUP_OUTPUTS: &[&str] = &[
    "信封封面.xlsx",
    "分组名单.xlsx",
    "名单检查报告.xlsx",
    "抽签记录表.xlsx",
    "运行记录.json",
];

fn roster() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/一年级新生名单.xlsx")
}

fn group_into(out: &Path) -> Output {
    assert_cmd::Command::cargo_bin("bianban")
        .unwrap()
        .arg("group")
        .arg(roster())
        .args(["--classes", "4", "--seed", "351624", "--out"])
        .arg(out)
        .output()
        .unwrap()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn assert_write_failure(output: &Output, expected: &str) {
    let text = stderr(output);
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(output.status.code(), Some(EXIT_OUTPUT), "{text}");
    assert_eq!(lines.len(), 1, "{text}");
    assert!(lines[0].contains(expected), "{text}");
    assert!(!text.contains("panicked"), "{text}");
}

fn assert_complete_run(output: &Output, dir: &Path) {
    assert_eq!(output.status.code(), Some(0), "{}", stderr(output));
    assert_eq!(names_in(dir), GROUP_OUTPUTS);
    for name in GROUP_OUTPUTS.iter().filter(|n| n.ends_with(".xlsx")) {
        let path = dir.join(name);
        let opened: Result<calamine::Xlsx<_>, _> = calamine::open_workbook(&path);
        assert!(opened.is_ok(), "{name} does not open");
    }
}

/// A tmpfs mounted for one test and unmounted when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    /// Mounts a tmpfs of `size` (as `mount -o size=` takes it), or returns `None` with a
    /// printed note when mounting is not permitted here.
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().unwrap();
        let mounted = mount(
            &["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"],
            &dir,
        );
        if !mounted {
            println!("NOTE: cannot mount a tmpfs here (needs root); test skipped");
            return None;
        }
        Some(Tmpfs { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn remount(&self, options: &str) {
        assert!(
            mount(&["-o", &format!("remount,{options}")], &self.dir),
            "remount {options}"
        );
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

fn mount(args: &[&str], dir: &tempfile::TempDir) -> bool {
    Command::new("mount")
        .args(args)
        .arg(dir.path())
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn full_disk_leaves_nothing_and_repeat_works() {
    // 48 KiB hold the group lists and envelopes of this roster, not the draw form as well.
    let Some(disk) = Tmpfs::mount("48k") else {
        return;
    };
    let out = disk.path().join("结果");

    let failed = group_into(&out);

    assert_write_failure(&failed, "磁盘空间不足");
    assert!(
        !out.exists() || names_in(&out).is_empty(),
        "left behind: {:?}",
        names_in(&out)
    );
    assert!(names_in(disk.path()).iter().all(|n| n == "结果"));

    disk.remount("size=4m");
    let repeated = group_into(&out);
    assert_complete_run(&repeated, &out);
}

#[cfg(unix)]
fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

/// Windows ignores the read-only attribute of folders, so this runs on Unix only.
#[cfg(unix)]
#[test]
fn read_only_folder_fails_and_repeat_works() {
    // root ignores file permissions, so for root the folder is a read-only mount.
    let (out, disk, _plain) = if is_root() {
        let Some(disk) = Tmpfs::mount("4m") else {
            return;
        };
        let out = disk.path().to_path_buf();
        disk.remount("ro");
        (out, Some(disk), None)
    } else {
        let plain = tempfile::tempdir().unwrap();
        let out = plain.path().join("只读");
        fs::create_dir(&out).unwrap();
        set_mode(&out, 0o555);
        (out, None, Some(plain))
    };

    let failed = group_into(&out);

    assert_write_failure(&failed, "没有权限写入");
    assert!(names_in(&out).is_empty());

    match &disk {
        Some(disk) => disk.remount("rw"),
        None => set_mode(&out, 0o755),
    }
    let repeated = group_into(&out);
    assert_complete_run(&repeated, &out);
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn folder_under_a_file_is_missing() {
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("名单.xlsx");
    fs::write(&file, b"x").unwrap();

    let failed = group_into(&file.join("结果"));

    assert_write_failure(&failed, "所在的文件夹不存在，也无法创建");
    assert_eq!(fs::read(&file).unwrap(), b"x");
}

#[test]
fn repeat_into_same_folder_keeps_first_run() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("结果");
    let first = group_into(&out);
    assert_complete_run(&first, &out);
    let before: Vec<Vec<u8>> = GROUP_OUTPUTS
        .iter()
        .map(|n| fs::read(out.join(n)).unwrap())
        .collect();

    let second = group_into(&out);

    assert_write_failure(&second, "已经存在");
    let after: Vec<Vec<u8>> = GROUP_OUTPUTS
        .iter()
        .map(|n| fs::read(out.join(n)).unwrap())
        .collect();
    assert_eq!(before, after);
    assert_eq!(names_in(&out), GROUP_OUTPUTS);
}

#[test]
fn default_folders_of_two_runs_differ() {
    // Without --out every run gets a new folder named by its start time, with a number
    // added within the same second, so a repeated run never meets an earlier one's files.
    let work = tempfile::tempdir().unwrap();
    let run = || {
        assert_cmd::Command::cargo_bin("bianban")
            .unwrap()
            .current_dir(work.path())
            .arg("group")
            .arg(roster())
            .args(["--classes", "4", "--seed", "351624"])
            .output()
            .unwrap()
    };
    let first = run();
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let second = run();
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    let folders = names_in(&work.path().join("编班结果"));
    assert_eq!(folders.len(), 2, "{folders:?}");
    for folder in folders {
        assert_eq!(
            names_in(&work.path().join("编班结果").join(folder)),
            GROUP_OUTPUTS
        );
    }
}
