//! `bianban check` and `bianban group` run as a clerk runs them: the real binary in a temporary
//! work folder, outputs read back with calamine.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx, open_workbook};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn example_roster() -> PathBuf {
    repo("examples/data/七年级新生名单.xlsx")
}

fn case(name: &str) -> PathBuf {
    repo("tests/fixtures/cases").join(name)
}

fn bianban(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("bianban").unwrap();
    command.current_dir(dir).env("RUST_BACKTRACE", "0");
    command
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let output = bianban(dir).args(args).output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn group_example(dir: &Path, out: &str, seed: &str) -> Run {
    let roster = example_roster();
    run(
        dir,
        &[
            "group",
            roster.to_str().unwrap(),
            "--classes",
            "45",
            "--seed",
            seed,
            "--school",
            "示例市第一中学",
            "--out",
            out,
        ],
    )
}

fn cell_text(data: &Data) -> String {
    match data {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        other => other.to_string(),
    }
}

/// Each group sheet's students as (ID, gender), keyed by group number.
fn group_members(path: &Path) -> BTreeMap<u32, Vec<(String, String)>> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let mut groups = BTreeMap::new();
    for name in book.sheet_names() {
        let Some(number) = name.strip_prefix('第').and_then(|n| n.strip_suffix('组')) else {
            continue;
        };
        let number: u32 = number.parse().unwrap();
        let range = book.worksheet_range(&name).unwrap();
        let rows: Vec<Vec<String>> = range
            .rows()
            .map(|r| r.iter().map(cell_text).collect())
            .collect();
        let header = rows
            .iter()
            .position(|r| r.iter().any(|c| c == "身份证号"))
            .expect("header row");
        let id_col = rows[header].iter().position(|c| c == "身份证号").unwrap();
        let gender_col = rows[header].iter().position(|c| c == "性别").unwrap();
        let members: Vec<(String, String)> = rows[header + 1..]
            .iter()
            .filter(|r| r.get(id_col).is_some_and(|id| id.len() == 18))
            .map(|r| (r[id_col].clone(), r[gender_col].clone()))
            .collect();
        groups.insert(number, members);
    }
    groups
}

#[test]
fn group_writes_every_output_and_keeps_guarantees() {
    let dir = tempfile::tempdir().unwrap();
    let result = group_example(dir.path(), "out", "351624");
    assert_eq!(result.code, 0, "{}{}", result.stdout, result.stderr);
    let out = dir.path().join("out");
    for file in [
        "分组名单.xlsx",
        "信封封面.xlsx",
        "抽签记录表.xlsx",
        "运行记录.json",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }

    let groups = group_members(&out.join("分组名单.xlsx"));
    assert_eq!(groups.len(), 45);
    let all: Vec<&String> = groups.values().flatten().map(|(id, _)| id).collect();
    let unique: BTreeSet<&String> = all.iter().copied().collect();
    assert_eq!(all.len(), 2000, "every student listed");
    assert_eq!(unique.len(), 2000, "no student listed twice");
    let sizes: Vec<usize> = groups.values().map(Vec::len).collect();
    let boys: Vec<usize> = groups
        .values()
        .map(|g| g.iter().filter(|(_, s)| s == "男").count())
        .collect();
    let girls: Vec<usize> = groups
        .values()
        .map(|g| g.iter().filter(|(_, s)| s == "女").count())
        .collect();
    for counts in [&sizes, &boys, &girls] {
        assert!(
            counts.iter().max().unwrap() - counts.iter().min().unwrap() <= 1,
            "{counts:?}"
        );
    }
    assert!(result.stdout.contains("名单指纹"));
    assert!(result.stdout.contains("满足"));
}

#[test]
fn group_without_school_warns() {
    let dir = tempfile::tempdir().unwrap();
    let roster = example_roster();
    let args = [
        "group",
        roster.to_str().unwrap(),
        "--classes",
        "45",
        "--seed",
        "351624",
        "--out",
        "无校名",
    ];
    let without = run(dir.path(), &args);
    assert_eq!(without.code, 0, "{}{}", without.stdout, without.stderr);
    assert!(
        without.stdout.contains("警告：没有填写学校名称"),
        "{}",
        without.stdout
    );

    let named = group_example(dir.path(), "有校名", "351624");
    assert_eq!(named.code, 0, "{}{}", named.stdout, named.stderr);
    assert!(
        !named.stdout.contains("没有填写学校名称"),
        "{}",
        named.stdout
    );
}

#[test]
fn same_inputs_give_same_groups_in_another_run() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(group_example(dir.path(), "a", "351624").code, 0);
    assert_eq!(group_example(dir.path(), "b", "3 5 1 6 2 4").code, 0);
    assert_eq!(group_example(dir.path(), "c", "351625").code, 0);
    let a = group_members(&dir.path().join("a/分组名单.xlsx"));
    let b = group_members(&dir.path().join("b/分组名单.xlsx"));
    let c = group_members(&dir.path().join("c/分组名单.xlsx"));
    assert_eq!(
        a, b,
        "the same seed written with spaces gives the same groups"
    );
    assert_ne!(a, c, "another seed gives other groups");
}

#[test]
fn run_record_holds_no_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(group_example(dir.path(), "out", "351624").code, 0);
    let record = std::fs::read_to_string(dir.path().join("out/运行记录.json")).unwrap();
    let groups = group_members(&dir.path().join("out/分组名单.xlsx"));
    for (id, _) in groups.values().flatten().take(200) {
        assert!(!record.contains(id.as_str()), "ID {id} in the run record");
    }
    assert!(!record.contains("张"), "a name in the run record");
    let json: serde_json::Value = serde_json::from_str(&record).unwrap();
    assert_eq!(json["algorithm"], "bianban-1");
    assert_eq!(json["roster"]["students"], 2000);
    assert_eq!(json["grouping"]["groups"].as_array().unwrap().len(), 45);
    assert_eq!(json["seed"]["canonical"], "351624");
}

#[test]
fn existing_outputs_are_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("分组名单.xlsx"), b"earlier result").unwrap();
    let result = group_example(dir.path(), "out", "351624");
    assert_eq!(result.code, 4, "{}", result.stderr);
    assert!(result.stderr.contains("已经存在"), "{}", result.stderr);
    assert_eq!(
        std::fs::read(out.join("分组名单.xlsx")).unwrap(),
        b"earlier result"
    );
}

#[test]
fn error_message_has_no_blank_line_before() {
    let dir = tempfile::tempdir().unwrap();
    let result = run(dir.path(), &["check", "没有这个文件.xlsx"]);
    assert_eq!(result.code, 3, "{}", result.stderr);
    assert!(result.stderr.starts_with("找不到"), "{:?}", result.stderr);

    let roster = case("id_typed_into_number_cells.xlsx");
    let args = [
        "group",
        roster.to_str().unwrap(),
        "--classes",
        "2",
        "--seed",
        "351624",
    ];
    let result = run(dir.path(), &args);
    assert_eq!(result.code, 1, "{}", result.stderr);
    assert!(result.stderr.starts_with("发现"), "{:?}", result.stderr);
}

#[test]
fn roster_with_errors_is_not_grouped() {
    let dir = tempfile::tempdir().unwrap();
    let roster = case("id_typed_into_number_cells.xlsx");
    let result = run(
        dir.path(),
        &[
            "group",
            roster.to_str().unwrap(),
            "--classes",
            "2",
            "--seed",
            "351624",
        ],
    );
    assert_eq!(result.code, 1);
    assert!(result.stdout.contains("D3"), "{}", result.stdout);
    assert!(result.stdout.contains("文本"), "{}", result.stdout);
    assert!(result.stderr.contains("错误"), "{}", result.stderr);
    assert!(!dir.path().join("编班结果").exists(), "nothing written");
}

#[test]
fn check_names_cells_and_writes_confirmation_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let roster = example_roster();
    let result = run(
        dir.path(),
        &[
            "check",
            roster.to_str().unwrap(),
            "--classes",
            "45",
            "--out",
            "c",
        ],
    );
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert!(
        result
            .stdout
            .contains("学生 2000 人：男 1040 人，女 960 人"),
        "{}",
        result.stdout
    );
    assert!(result.stdout.contains("年级：七年级"), "{}", result.stdout);
    let sheet = dir.path().join("c/名单确认单.xlsx");
    let mut book: Xlsx<_> = open_workbook(&sheet).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    let text: String = range
        .rows()
        .flatten()
        .map(cell_text)
        .collect::<Vec<_>>()
        .join("\n");
    let line = result
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("名单指纹"))
        .nth(1)
        .unwrap()
        .trim()
        .to_string();
    assert!(text.contains(&line), "fingerprint {line} not on the sheet");
    assert!(text.contains("2000"));
}

#[test]
fn check_with_errors_writes_problem_list_only() {
    let dir = tempfile::tempdir().unwrap();
    let roster = case("title_rows_above_header.xlsx");
    let result = run(
        dir.path(),
        &["check", roster.to_str().unwrap(), "--out", "c"],
    );
    assert_eq!(result.code, 1);
    assert!(result.stdout.contains("「七年级」E9"), "{}", result.stdout);
    assert!(dir.path().join("c/名单检查报告.xlsx").is_file());
    assert!(!dir.path().join("c/名单确认单.xlsx").exists());
}

#[test]
fn help_and_usage_errors_are_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let help = run(dir.path(), &["--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("用法"), "{}", help.stdout);
    for english in ["Usage", "Options", "Print help", "Commands"] {
        assert!(
            !help.stdout.contains(english),
            "{english} in help: {}",
            help.stdout
        );
    }
    let group_help = run(dir.path(), &["group", "--help"]);
    assert!(
        group_help.stdout.contains("随机种子"),
        "{}",
        group_help.stdout
    );
    assert!(
        !group_help.stdout.contains("Usage"),
        "{}",
        group_help.stdout
    );

    let unknown = run(dir.path(), &["group", "--sead", "1"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("无法识别的选项"),
        "{}",
        unknown.stderr
    );
    assert!(!unknown.stderr.contains("error:"), "{}", unknown.stderr);
}

#[test]
fn missing_and_broken_files_get_one_chinese_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("没有这个文件.xlsx".to_string(), "找不到文件"),
        (case("empty_file.xlsx").display().to_string(), "是空的"),
        (
            case("truncated_download.xlsx").display().to_string(),
            "已损坏",
        ),
        (case("~$owner_file.xlsx").display().to_string(), "临时文件"),
    ];
    for (path, words) in cases {
        let result = run(dir.path(), &["check", &path]);
        assert_eq!(result.code, 3, "{path}");
        assert!(result.stderr.contains(words), "{path}: {}", result.stderr);
        assert!(!result.stderr.contains("panicked"), "{}", result.stderr);
    }
}

#[test]
fn bad_class_count_and_seed_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let roster = example_roster();
    let roster = roster.to_str().unwrap();
    let zero = run(
        dir.path(),
        &["group", roster, "--classes", "0", "--seed", "351624"],
    );
    assert_eq!(zero.code, 2);
    assert!(zero.stderr.contains("班级数"), "{}", zero.stderr);
    let blank_seed = run(
        dir.path(),
        &["group", roster, "--classes", "45", "--seed", "  "],
    );
    assert_eq!(blank_seed.code, 2);
    assert!(
        blank_seed.stderr.contains("随机种子"),
        "{}",
        blank_seed.stderr
    );
    let too_many = run(
        dir.path(),
        &["group", roster, "--classes", "2001", "--seed", "351624"],
    );
    assert_eq!(too_many.code, 2);
    assert!(
        too_many.stderr.contains("比学生人数 2000 还多"),
        "{}",
        too_many.stderr
    );
}

#[test]
fn weak_seed_is_warned_but_grouped() {
    let dir = tempfile::tempdir().unwrap();
    let result = group_example(dir.path(), "out", "20250901");
    assert_eq!(result.code, 0);
    assert!(result.stdout.contains("像是一个日期"), "{}", result.stdout);
}

#[test]
fn input_roster_is_not_modified() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("名单 副本.xlsx");
    std::fs::copy(example_roster(), &copy).unwrap();
    let before = std::fs::read(&copy).unwrap();
    let result = run(
        dir.path(),
        &[
            "group",
            copy.to_str().unwrap(),
            "--classes",
            "45",
            "--seed",
            "351624",
        ],
    );
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert_eq!(std::fs::read(&copy).unwrap(), before);
}
