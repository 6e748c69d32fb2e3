//! Input files are only ever opened for reading: a run leaves their bytes and modification
//! time as they were, and a read-only input works.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::SystemTime;

fn roster() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/一年级新生名单.xlsx")
}

fn bianban(work: &Path, args: &[&str]) -> Output {
    assert_cmd::Command::cargo_bin("bianban")
        .unwrap()
        .current_dir(work)
        .args(args)
        .output()
        .unwrap()
}

fn snapshot(path: &Path) -> (Vec<u8>, SystemTime) {
    let bytes = fs::read(path).unwrap();
    let modified = fs::metadata(path).unwrap().modified().unwrap();
    (bytes, modified)
}

#[test]
fn check_and_group_leave_input_unchanged() {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("名单.xlsx");
    fs::copy(roster(), &input).unwrap();
    let before = snapshot(&input);

    let check = bianban(work.path(), &["check", "名单.xlsx", "--out", "检查"]);
    let group = bianban(
        work.path(),
        &[
            "group",
            "名单.xlsx",
            "--classes",
            "4",
            "--seed",
            "351624",
            "--out",
            "分组",
        ],
    );

    assert_eq!(check.status.code(), Some(0));
    assert_eq!(group.status.code(), Some(0));
    let after = snapshot(&input);
    assert!(before.0 == after.0, "the input's bytes changed");
    assert_eq!(before.1, after.1, "the input's modification time changed");
}

#[cfg(unix)]
fn make_read_only(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o444)).unwrap();
}

#[cfg(not(unix))]
fn make_read_only(path: &Path) {
    let mut permissions = fs::metadata(path).unwrap().permissions();
    permissions.set_readonly(true);
    fs::set_permissions(path, permissions).unwrap();
}

#[test]
fn read_only_input_file_is_read() {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("名单.xlsx");
    fs::copy(roster(), &input).unwrap();
    make_read_only(&input);

    let output = bianban(work.path(), &["check", "名单.xlsx", "--out", "检查"]);

    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("学生 158 人"));
}

/// root may write a file of mode 444, so for root the input also lies on a read-only
/// mount, where no process may write it. Without permission to mount this prints a note.
#[test]
fn input_on_read_only_mount_is_read() {
    let mount_point = tempfile::tempdir().unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(mount_point.path())
        .output()
        .is_ok_and(|o| o.status.success());
    if !mounted {
        println!("NOTE: cannot mount a tmpfs here (needs root); test skipped");
        return;
    }
    let input = mount_point.path().join("名单.xlsx");
    fs::copy(roster(), &input).unwrap();
    let remounted = Command::new("mount")
        .args(["-o", "remount,ro"])
        .arg(mount_point.path())
        .status()
        .is_ok_and(|s| s.success());
    let work = tempfile::tempdir().unwrap();
    let output = remounted.then(|| {
        let input = input.to_string_lossy().into_owned();
        bianban(work.path(), &["check", &input, "--out", "检查"])
    });
    let _ = Command::new("umount").arg(mount_point.path()).status();

    let output = output.expect("remount read-only");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("学生 158 人"));
}
