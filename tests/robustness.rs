//! Broken and hostile input files through the real binary: one clear Chinese line each, a
//! non-zero exit status, and never a panic, a hang or an English library message.
//!
//! Fixtures: `tests/fixtures/cases/` (messy rosters), `tests/fixtures/read/` and
//! `tests/fixtures/robust/`, made by `make_robust_fixtures.py` there.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

const EXIT_DATA: i32 = 1;
const EXIT_USAGE: i32 = 2;
const EXIT_INPUT: i32 = 3;

/// Words of Rust panics, backtraces and calamine, zip or quick-xml errors that a clerk must
/// never see.
const FOREIGN_WORDS: &[&str] = &[
    "panicked",
    "backtrace",
    "RUST_BACKTRACE",
    "error:",
    "Error",
    "Zip",
    "Xml",
    "invalid",
    "calamine",
    "thread",
    "memory allocation",
];

fn fixture(folder: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(folder)
        .join(name)
}

/// Runs `bianban ARGS` in `work` with `编班设置.toml` there when `settings` is given.
fn run_in(work: &Path, args: &[&str], settings: Option<&str>) -> Output {
    if let Some(text) = settings {
        fs::write(work.join("编班设置.toml"), text).unwrap();
    }
    Command::cargo_bin("bianban")
        .unwrap()
        .current_dir(work)
        .args(args)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap()
}

/// Copies `source` into a fresh work folder under `name` and runs `check` on it.
fn check_copy(source: &Path, name: &str, settings: Option<&str>) -> Output {
    let work = tempfile::tempdir().unwrap();
    fs::copy(source, work.path().join(name)).unwrap();
    run_in(work.path(), &["check", name, "--out", "结果"], settings)
}

/// Writes `bytes` as `name` in a fresh work folder and runs `check` on it.
fn check_bytes(bytes: &[u8], name: &str) -> Output {
    let work = tempfile::tempdir().unwrap();
    fs::write(work.path().join(name), bytes).unwrap();
    run_in(work.path(), &["check", name, "--out", "结果"], None)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Asserts that a run failed with `code` and printed exactly one message line containing
/// `expected`, in Chinese only.
fn assert_one_clear_line(output: &Output, code: i32, expected: &str) {
    let text = stderr(output);
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(output.status.code(), Some(code), "stderr: {text}");
    assert_eq!(lines.len(), 1, "stderr: {text}");
    assert!(lines[0].contains(expected), "stderr: {text}");
    for word in FOREIGN_WORDS {
        assert!(!text.contains(word), "{word:?} in stderr: {text}");
    }
}

#[test]
fn empty_file_says_empty() {
    let output = check_copy(&fixture("cases", "empty_file.xlsx"), "名单.xlsx", None);
    assert_one_clear_line(&output, EXIT_INPUT, "是空的（0 字节）");
}

#[test]
fn truncated_download_says_damaged() {
    let output = check_copy(
        &fixture("cases", "truncated_download.xlsx"),
        "名单.xlsx",
        None,
    );
    assert_one_clear_line(&output, EXIT_INPUT, "已损坏或不完整");
}

#[test]
fn owner_file_says_choose_the_real_one() {
    let output = check_copy(&fixture("cases", "~$owner_file.xlsx"), "~$名单.xlsx", None);
    assert_one_clear_line(&output, EXIT_INPUT, "请选择不带 ~$ 的那个文件");
}

#[test]
fn password_xlsx_asks_to_remove_password() {
    let output = check_copy(&fixture("read", "password_to_open.xlsx"), "名单.xlsx", None);
    assert_one_clear_line(&output, EXIT_INPUT, "设置了打开密码");
}

#[test]
fn password_xls_asks_to_remove_password() {
    let output = check_copy(
        &fixture("robust", "xls_password_to_open.xls"),
        "名单.xls",
        None,
    );
    assert_one_clear_line(&output, EXIT_INPUT, "取消打开密码");
}

#[test]
fn xor_obfuscated_xls_is_encrypted() {
    // FILEPASS with encryption type 0 (XOR obfuscation), which calamine reads as plain text.
    let mut bytes = fs::read(fixture("robust", "xls_password_to_open.xls")).unwrap();
    let bof = b"\x09\x08\x10\x00\x00\x06\x05\x00";
    let at = bytes.windows(bof.len()).position(|w| w == bof).unwrap();
    assert_eq!(
        &bytes[at + 20..at + 22],
        b"\x2F\x00",
        "FILEPASS follows BOF"
    );
    bytes[at + 24] = 0;
    bytes[at + 25] = 0;
    let output = check_bytes(&bytes, "名单.xls");
    assert_one_clear_line(&output, EXIT_INPUT, "设置了打开密码");
}

#[test]
fn not_spreadsheets_name_their_kind() {
    let cases: &[(&[u8], &str, &str)] = &[
        (
            "学生名单在附件里，请查收。\n".as_bytes(),
            "名单.xlsx",
            "普通文本文件",
        ),
        (b"%PDF-1.7\n1 0 obj\n", "名单.xls", "PDF 文档"),
        (b"\x89PNG\r\n\x1A\n\0\0\0\x0DIHDR", "名单.xlsx", "图片"),
        (
            b"\x00\x13\xF7\x80\x01\x02\x03\xFF\xFE",
            "名单.xlsx",
            "无法识别的文件",
        ),
    ];
    for (bytes, name, kind) in cases {
        let output = check_bytes(bytes, name);
        assert_one_clear_line(&output, EXIT_INPUT, kind);
    }
}

#[test]
fn web_page_without_table_says_web_page() {
    let page =
        "<!DOCTYPE html><html><head><title>登录</title></head><body>会话已过期</body></html>";
    let output = check_bytes(page.as_bytes(), "名单.xls");
    assert_one_clear_line(&output, EXIT_INPUT, "其实是网页");
}

#[test]
fn missing_file_and_folder_are_named() {
    let work = tempfile::tempdir().unwrap();
    let missing = run_in(work.path(), &["check", "没有这个文件.xlsx"], None);
    assert_one_clear_line(&missing, EXIT_INPUT, "找不到文件");
    // A folder is a folder of per-school rosters; an empty one is named as such.
    fs::create_dir(work.path().join("名单.xlsx")).unwrap();
    let folder = run_in(work.path(), &["check", "名单.xlsx"], None);
    assert_one_clear_line(&folder, EXIT_INPUT, "里没有表格文件");
}

#[cfg(unix)]
#[test]
fn named_pipe_is_not_read() {
    let work = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(work.path().join("名单.xlsx"))
        .status()
        .unwrap();
    assert!(status.success());
    let output = run_in(work.path(), &["check", "名单.xlsx"], None);
    assert_one_clear_line(&output, EXIT_INPUT, "不是普通文件");
}

#[test]
fn formula_without_value_asks_to_resave() {
    let output = check_copy(
        &fixture("robust", "formula_without_value_in_name.xlsx"),
        "名单.xlsx",
        None,
    );
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(EXIT_DATA), "{out}");
    let line = out
        .lines()
        .find(|l| l.contains("没有保存计算结果"))
        .unwrap_or_else(|| panic!("no formula message in {out}"));
    assert!(line.contains("B3"), "{line}");
    assert!(
        line.contains("请用 Excel 或 WPS 打开这个文件，保存一次后再运行"),
        "{line}"
    );
}

#[test]
fn ods_ending_inside_table_is_damaged() {
    // calamine 0.38 loops forever on this file; the content scan stops it first.
    let output = check_copy(
        &fixture("robust", "ods_content_ends_inside_table.ods"),
        "名单.ods",
        None,
    );
    assert_one_clear_line(&output, EXIT_INPUT, "已损坏或不完整");
}

#[test]
fn ods_comment_never_closed_is_damaged() {
    let output = check_copy(
        &fixture("robust", "ods_annotation_never_closed.ods"),
        "名单.ods",
        None,
    );
    assert_one_clear_line(&output, EXIT_INPUT, "已损坏或不完整");
}

#[test]
fn ods_stray_far_cell_is_too_large() {
    let output = check_copy(
        &fixture("robust", "ods_stray_far_cell.ods"),
        "名单.ods",
        None,
    );
    assert_one_clear_line(&output, EXIT_INPUT, "删除数据区以外的行和列");
}

#[test]
fn xls_lying_dimensions_are_damaged() {
    // Found by the read_xls fuzz target: a DIMENSIONS record whose first row lies after its
    // last made calamine reserve about a terabyte and abort, in-process or not. In the
    // second file the compound directory is damaged too, so the cfb crate cannot open it.
    for name in [
        "xls_dimensions_claim_billions.xls",
        "xls_lying_dimensions_broken_directory.xls",
    ] {
        let source = fixture("robust", name);
        for settings in [None, Some("[读取]\n独立进程 = \"不用\"\n")] {
            let output = check_copy(&source, "名单.xls", settings);
            assert_one_clear_line(&output, EXIT_INPUT, "已损坏或不完整");
        }
    }
}

#[test]
fn xls_far_cell_reads_within_default_memory() {
    let output = check_copy(&fixture("robust", "xls_far_cell.xls"), "名单.xls", None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("学生 3 人"), "{}", stdout(&output));
}

/// The test relies on Linux enforcing RLIMIT_AS; other systems are not checked here.
#[cfg(target_os = "linux")]
#[test]
fn xls_far_cell_exceeds_small_memory_limit() {
    // calamine builds a dense range of 65,536 × 256 cells (about 1 GB) for this sheet.
    let settings = "[读取]\n内存上限MB = 256\n";
    let output = check_copy(
        &fixture("robust", "xls_far_cell.xls"),
        "名单.xls",
        Some(settings),
    );
    assert_one_clear_line(&output, EXIT_INPUT, "用完了内存上限");
    assert!(
        stderr(&output).contains("现在是 256 MB"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn lying_dimension_reads_only_data() {
    let output = check_copy(
        &fixture("robust", "lying_dimension_and_huge_merge.xlsx"),
        "名单.xlsx",
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(out.contains("学生 3 人"), "{out}");
    assert!(out.contains("合并单元格 E2:XFD1048576 已展开"), "{out}");
}

#[test]
fn stray_far_cell_xlsx_reads_the_students() {
    let output = check_copy(&fixture("cases", "stray_far_cell.xlsx"), "名单.xlsx", None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("学生 20 人"),
        "{}",
        stdout(&output)
    );
}

/// Sets the unpacked size that the zip central directory declares for `member`.
fn declare_unpacked_size(zip: &mut [u8], member: &str, size: u32) {
    let mut at = 0;
    let mut found = false;
    while let Some(offset) = zip[at..].windows(4).position(|w| w == b"PK\x01\x02") {
        let entry = at + offset;
        let name_length = u16::from_le_bytes([zip[entry + 28], zip[entry + 29]]) as usize;
        let name = &zip[entry + 46..entry + 46 + name_length];
        if name == member.as_bytes() {
            zip[entry + 24..entry + 28].copy_from_slice(&size.to_le_bytes());
            found = true;
        }
        at = entry + 4;
    }
    assert!(found, "{member} not in the central directory");
}

#[test]
fn zip_bomb_sized_sheet_is_too_large() {
    // The sheet declares 3.75 GiB unpacked in a 1.8 KB file.
    let mut bytes = fs::read(fixture("robust", "formula_without_value_in_name.xlsx")).unwrap();
    declare_unpacked_size(&mut bytes, "xl/worksheets/sheet1.xml", 0xF000_0000);
    let output = check_bytes(&bytes, "名单.xlsx");
    assert_one_clear_line(&output, EXIT_INPUT, "压缩炸弹");
}

#[test]
fn oversized_file_is_rejected_before_reading() {
    // A quarter of 256 MiB may be read; the file is sparse, so it costs no disk space.
    let work = tempfile::tempdir().unwrap();
    let file = fs::File::create(work.path().join("名单.xlsx")).unwrap();
    file.set_len(65 * 1024 * 1024).unwrap();
    drop(file);
    let output = run_in(
        work.path(),
        &["check", "名单.xlsx"],
        Some("[读取]\n内存上限MB = 256\n"),
    );
    assert_one_clear_line(&output, EXIT_INPUT, "有 65 MB，超过了一次可以读取的 64 MB");
}

#[test]
fn time_limit_out_of_range_names_line() {
    let work = tempfile::tempdir().unwrap();
    fs::copy(
        fixture("cases", "merged_data_cells.xlsx"),
        work.path().join("名单.xlsx"),
    )
    .unwrap();
    let output = run_in(
        work.path(),
        &["check", "名单.xlsx"],
        Some("[读取]\n时间上限秒 = 0\n"),
    );
    assert_one_clear_line(&output, EXIT_USAGE, "第 2 行");
    assert!(stderr(&output).contains("应为 1 到 86400 之间的整数"));
}

/// Returns the summary lines of a check run without the output folder, which differs per
/// run.
fn summary(output: &Output) -> Vec<String> {
    stdout(output)
        .lines()
        .filter(|l| !l.starts_with("文件位置"))
        .map(str::to_string)
        .collect()
}

#[test]
fn child_and_in_process_reads_agree() {
    let files = [
        ("read", "offset_merges_hidden_sheet.xls"),
        ("read", "offset_merges_hidden_sheet.ods"),
        ("read", "offset_merges_hidden_sheet.xlsx"),
        ("cases", "roster_gbk.csv"),
        ("cases", "web_page_named_xls.xls"),
    ];
    for (folder, name) in files {
        let source = fixture(folder, name);
        let default = check_copy(&source, name, None);
        let in_process = check_copy(&source, name, Some("[读取]\n独立进程 = \"不用\"\n"));
        let child = check_copy(&source, name, Some("[读取]\n独立进程 = \"全部\"\n"));
        assert_eq!(default.status.code(), in_process.status.code(), "{name}");
        assert_eq!(default.status.code(), child.status.code(), "{name}");
        assert_eq!(summary(&default), summary(&in_process), "{name}");
        assert_eq!(summary(&default), summary(&child), "{name}");
        assert!(
            summary(&default).iter().any(|l| l.starts_with("学生 ")),
            "{name}: {}",
            stdout(&default)
        );
    }
}
