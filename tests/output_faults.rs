//! Output folders that fail: a full disk, a read-only folder, a folder that cannot exist,
//! and a folder that already contains a run. Each run must fail with one clear line and exit
//! status 4, leave nothing of itself behind, and succeed when repeated after the cause is
//! fixed.
//!
//! The full-disk and read-only tests of `group` mount a small tmpfs, which needs root (or
//! CAP_SYS_ADMIN); without it they print a note and pass without testing anything. The
//! tests of the other commands need no root. They put a file under the name of one output,
//! or run the program under a file size limit, which binds root as well.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::{path_str, said};

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

/// Groups the roster into `out`, from a fresh work folder so that the journal is written
/// there and never into the repository.
fn group_into(out: &Path) -> Output {
    let work = tempfile::tempdir().unwrap();
    assert_cmd::Command::cargo_bin("bianban")
        .unwrap()
        .current_dir(work.path())
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

/// Runs the binary in `dir` with every file it writes limited to 512 bytes, which no output
/// workbook fits in. SIGXFSZ is ignored, so a write past the limit fails with EFBIG instead
/// of killing the process.
#[cfg(unix)]
fn bianban_writing_little(dir: &Path, args: &[&str]) -> Output {
    Command::new("sh")
        .current_dir(dir)
        .env("RUST_BACKTRACE", "0")
        .arg("-c")
        // `ulimit -f` counts 512-byte blocks in POSIX sh and 1024-byte blocks in bash.
        .arg("trap '' XFSZ; ulimit -f 1; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_bianban"))
        .args(args)
        .output()
        .unwrap()
}

/// Returns the `command` of every entry of the journal in `dir`.
fn journal_commands(dir: &Path) -> Vec<String> {
    let Ok(text) = fs::read_to_string(dir.join(support::JOURNAL)) else {
        return Vec::new();
    };
    text.lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
        .map(|entry| entry["command"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Writes a roster of 16 students in `dir` and groups it into 2 groups in `<dir>/分组`.
fn small_school(dir: &Path) -> PathBuf {
    let rows: Vec<Vec<String>> = (0..16)
        .map(|n| {
            let male = n % 2 == 0;
            vec![
                format!("学生{n:02}"),
                if male { "男" } else { "女" }.to_string(),
                support::student_id(n, male),
            ]
        })
        .collect();
    let roster = dir.join("新生名单.xlsx");
    support::write_roster(&roster, &["姓名", "性别", "身份证号"], &rows);
    support::group(dir, &roster, 2, support::SEED)
}

/// Fills the draw form of a group folder so that class k draws group k, and returns it.
fn filled_form(folder: &Path) -> PathBuf {
    let form = folder.join("抽签记录表_已填.xlsx");
    support::rewrite(&folder.join("抽签记录表.xlsx"), &form, &|_, grid| {
        for row in grid.iter_mut() {
            let class = row.first().map(support::text).unwrap_or_default();
            if class == "抽签日期" {
                row[1] = calamine::Data::String("2025年8月28日".into());
            }
            let Some(k) = support::class_number(&class) else {
                continue;
            };
            row.resize(5, calamine::Data::Empty);
            row[2] = calamine::Data::Float(f64::from(k));
        }
    });
    form
}

/// Puts a signed-looking file under an output's name in a new folder `out`.
fn block_output(out: &Path, name: &str) {
    fs::create_dir_all(out).unwrap();
    fs::write(out.join(name), b"signed").unwrap();
}

/// Checks that `out` holds only the blocking file of [`block_output`], unchanged.
fn assert_only_blocker(out: &Path, name: &str) {
    assert_eq!(names_in(out), vec![name.to_string()]);
    assert_eq!(fs::read(out.join(name)).unwrap(), b"signed");
}

#[test]
fn merge_blocked_by_taken_name_places_nothing() {
    let work = tempfile::tempdir().unwrap();
    let folder = small_school(work.path());
    let form = filled_form(&folder);
    let out = work.path().join("存档");
    block_output(&out, support::THIRD);
    let merge = || {
        support::bianban(
            work.path(),
            &[
                "merge",
                "--draw",
                path_str(&form),
                "--groups",
                path_str(&folder.join("分组名单.xlsx")),
                "--no-hotline",
                "--out",
                path_str(&out),
            ],
        )
    };

    let failed = merge();

    assert_write_failure(&failed, "已经存在");
    assert_only_blocker(&out, support::THIRD);
    assert_eq!(journal_commands(work.path()), ["group"]);
    assert!(
        !said(&failed).contains("已记入编班日志"),
        "{}",
        said(&failed)
    );

    fs::remove_file(out.join(support::THIRD)).unwrap();
    let repeated = merge();
    assert!(repeated.status.success(), "{}", said(&repeated));
    assert_eq!(
        names_in(&out),
        [
            "学校公示.html",
            "抽签结果记录.json",
            support::FIRST,
            support::THIRD,
            support::SECOND,
        ]
    );
    assert_eq!(journal_commands(work.path()), ["group", "merge"]);
}

#[test]
fn late_blocked_by_taken_name_places_nothing() {
    let work = tempfile::tempdir().unwrap();
    let folder = small_school(work.path());
    let archive = support::merge(work.path(), &folder, &|k| k);
    let late_roster = work.path().join("后转入.xlsx");
    support::write_roster(
        &late_roster,
        &["姓名", "性别", "身份证号", "报到时间"],
        &[vec![
            "后转入00".to_string(),
            "男".to_string(),
            support::student_id(300, true),
            "2025-09-01 08:00".to_string(),
        ]],
    );
    let out = work.path().join("后转入");
    block_output(&out, support::LATE_SECOND);
    let late = || {
        support::bianban(
            work.path(),
            &[
                "late",
                "--no-hotline",
                path_str(&late_roster),
                "--archive",
                path_str(&archive.join(support::FIRST)),
                "--seed",
                support::LATE_SEED,
                "--out",
                path_str(&out),
            ],
        )
    };

    let failed = late();

    assert_write_failure(&failed, "已经存在");
    assert_only_blocker(&out, support::LATE_SECOND);
    assert_eq!(journal_commands(work.path()), ["group", "merge"]);

    // A journal entry of the failed run would name a record that no file holds, and the
    // repeated run would be refused for it.
    fs::remove_file(out.join(support::LATE_SECOND)).unwrap();
    let repeated = late();
    assert!(repeated.status.success(), "{}", said(&repeated));
    assert_eq!(names_in(&out).len(), 4, "{:?}", names_in(&out));
    assert_eq!(journal_commands(work.path()), ["group", "merge", "late"]);
}

#[cfg(unix)]
#[test]
fn teachers_write_failure_leaves_no_folder() {
    let work = tempfile::tempdir().unwrap();
    let sheet = support::repo("examples/data/教师任课表_一年级.xlsx");
    let out = work.path().join("教师检查");

    let failed = bianban_writing_little(
        work.path(),
        &["teachers", path_str(&sheet), "--out", path_str(&out)],
    );

    assert_write_failure(&failed, "教师均衡检查.xlsx");
    assert!(!out.exists(), "left behind: {:?}", names_in(&out));
}

#[cfg(unix)]
#[test]
fn audit_write_failure_leaves_no_folder() {
    let work = tempfile::tempdir().unwrap();
    let folder = small_school(work.path());
    let archive = support::merge(work.path(), &folder, &|k| k);
    let list = work.path().join("现在的班级名单.xlsx");
    support::write_roster(
        &list,
        &["班级", "姓名", "身份证号"],
        &[vec![
            "一(1)班".to_string(),
            "学生00".to_string(),
            support::student_id(0, true),
        ]],
    );
    let out = work.path().join("核查");

    let failed = bianban_writing_little(
        work.path(),
        &[
            "audit",
            path_str(&list),
            "--archive",
            path_str(&archive.join(support::FIRST)),
            "--out",
            path_str(&out),
        ],
    );

    assert_write_failure(&failed, "核查报告.xlsx");
    assert!(!out.exists(), "left behind: {:?}", names_in(&out));
}

#[cfg(unix)]
#[test]
fn batch_write_failure_leaves_no_folder() {
    // One school's roster has an error, so its problem list is written as well as the
    // other school's confirmation sheet and the overview. None of them fit.
    let work = tempfile::tempdir().unwrap();
    let rosters = work.path().join("各校名单");
    fs::create_dir(&rosters).unwrap();
    let row = |n: u32, male: bool| {
        vec![
            format!("学生{n:02}"),
            if male { "男" } else { "女" }.to_string(),
            support::student_id(n, male),
        ]
    };
    let headers = ["姓名", "性别", "身份证号"];
    let good: Vec<Vec<String>> = (0..4).map(|n| row(n, n % 2 == 0)).collect();
    support::write_roster(&rosters.join("第一小学_一年级.xlsx"), &headers, &good);
    let mut bad: Vec<Vec<String>> = (10..14).map(|n| row(n, n % 2 == 0)).collect();
    bad[1][2] = "11010120130101001".to_string();
    support::write_roster(&rosters.join("第二小学_一年级.xlsx"), &headers, &bad);
    let out = work.path().join("检查结果");

    let failed = bianban_writing_little(
        work.path(),
        &["check", path_str(&rosters), "--out", path_str(&out)],
    );

    assert_eq!(failed.status.code(), Some(EXIT_OUTPUT), "{}", said(&failed));
    assert!(
        stderr(&failed).contains("各校汇总.xlsx"),
        "{}",
        said(&failed)
    );
    assert!(!out.exists(), "left behind: {:?}", names_in(&out));
}
