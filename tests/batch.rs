//! Runs over many schools, through the real program: a folder of rosters or one roster with
//! a 学校 column, a class-count table, one output folder per school and an overview.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx, open_workbook};
use rust_xlsxwriter::Workbook;
use serde_json::Value;

const SEED: &str = "351624";
const GRADE7_ROSTER: &str = "七年级新生名单.xlsx";
const GRADE1_ROSTER: &str = "一年级新生名单.xlsx";

fn example(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join("data")
        .join(file)
}

fn bianban(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("bianban").unwrap();
    command.current_dir(dir);
    command
}

/// Computes the ISO 7064 MOD 11-2 check character of the first 17 digits of an ID number.
fn check_char(first17: &str) -> char {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap() * w)
        .sum();
    b"10X98765432"[(sum % 11) as usize] as char
}

/// Makes an invented valid ID number of a grade 7 pupil. `index` makes it unique, and odd
/// indices are boys.
fn id_number(index: usize) -> String {
    let first17 = format!(
        "3201022013{:02}{:02}{:03}",
        1 + index % 8,
        1 + index % 28,
        index
    );
    format!("{first17}{}", check_char(&first17))
}

/// One roster row: school, grade, name, and the index that makes the ID number.
struct Row<'a> {
    school: &'a str,
    grade: &'a str,
    name: String,
    id: String,
}

fn rows<'a>(school: &'a str, grade: &'a str, from: usize, count: usize) -> Vec<Row<'a>> {
    (from..from + count)
        .map(|i| Row {
            school,
            grade,
            name: format!("学生{i}"),
            id: id_number(i),
        })
        .collect()
}

/// Writes a roster with the columns 姓名, 性别, 身份证号, and 学校 and 年级 when asked.
fn write_roster(path: &Path, rows: &[Row], with_school: bool) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let mut headers = vec!["姓名", "性别", "身份证号"];
    if with_school {
        headers.extend(["学校", "年级"]);
    }
    for (col, header) in headers.iter().enumerate() {
        sheet.write_string(0, col as u16, *header).unwrap();
    }
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        let boy = row.id.as_bytes()[16] % 2 == 1;
        sheet.write_string(r, 0, &row.name).unwrap();
        sheet
            .write_string(r, 1, if boy { "男" } else { "女" })
            .unwrap();
        sheet.write_string(r, 2, &row.id).unwrap();
        if with_school {
            sheet.write_string(r, 3, row.school).unwrap();
            sheet.write_string(r, 4, row.grade).unwrap();
        }
    }
    workbook.save(path).unwrap();
}

/// Writes a class-count table: 学校, 年级, 班级数.
fn write_counts(path: &Path, counts: &[(&str, &str, u32)]) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (col, header) in ["学校", "年级", "班级数"].iter().enumerate() {
        sheet.write_string(0, col as u16, *header).unwrap();
    }
    for (i, (school, grade, classes)) in counts.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, *school).unwrap();
        sheet.write_string(r, 1, *grade).unwrap();
        sheet.write_number(r, 2, f64::from(*classes)).unwrap();
    }
    workbook.save(path).unwrap();
}

fn record(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// Reads the overview's rows by school and grade: students and status.
fn overview(path: &Path) -> BTreeMap<(String, String), (String, String)> {
    let mut workbook: Xlsx<_> = open_workbook(path).unwrap();
    let range = workbook.worksheet_range("各校汇总").unwrap();
    let mut rows = BTreeMap::new();
    for row in range.rows().skip(4) {
        let text = |i: usize| row.get(i).map(|d| d.to_string()).unwrap_or_default();
        if row.first().is_none_or(|d| *d == Data::Empty) {
            continue;
        }
        rows.insert((text(1), text(2)), (text(3), text(9)));
    }
    rows
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn batch_school_equals_single_school_run() {
    let dir = tempfile::tempdir().unwrap();
    let rosters = dir.path().join("各校名单");
    std::fs::create_dir(&rosters).unwrap();
    std::fs::copy(
        example(GRADE7_ROSTER),
        rosters.join("示例市第一中学_七年级.xlsx"),
    )
    .unwrap();
    std::fs::copy(
        example(GRADE1_ROSTER),
        rosters.join("示例市实验小学_一年级.xlsx"),
    )
    .unwrap();
    let counts = dir.path().join("班级数.xlsx");
    write_counts(
        &counts,
        &[
            ("示例市第一中学", "七年级", 45),
            ("示例市实验小学", "一年级", 4),
        ],
    );

    bianban(dir.path())
        .args(["group", "各校名单", "--class-counts", "班级数.xlsx"])
        .args(["--seed", SEED, "--out", "批量"])
        .assert()
        .success();
    for (file, school, classes, folder) in [
        (
            GRADE7_ROSTER,
            "示例市第一中学",
            "45",
            "示例市第一中学_七年级",
        ),
        (
            GRADE1_ROSTER,
            "示例市实验小学",
            "4",
            "示例市实验小学_一年级",
        ),
    ] {
        let single = format!("单校_{school}");
        bianban(dir.path())
            .arg("group")
            .arg(example(file))
            .args(["--school", school, "--classes", classes])
            .args(["--seed", SEED, "--out", &single])
            .assert()
            .success();
        let batch = record(&dir.path().join("批量").join(folder).join("运行记录.json"));
        let alone = record(&dir.path().join(&single).join("运行记录.json"));
        assert_eq!(batch["school"], alone["school"], "{school}");
        assert_eq!(
            batch["roster"]["fingerprint"],
            alone["roster"]["fingerprint"]
        );
        assert_eq!(
            batch["grouping"]["fingerprint"],
            alone["grouping"]["fingerprint"]
        );
        assert_eq!(batch["grouping"]["groups"], alone["grouping"]["groups"]);
    }

    let school_dir = dir.path().join("批量").join("示例市第一中学_七年级");
    assert_eq!(
        files_in(&school_dir),
        [
            "信封封面.xlsx",
            "分组名单.xlsx",
            "名单检查报告.xlsx",
            "名单确认单.xlsx",
            "抽签记录表.xlsx",
            "运行记录.json"
        ]
    );
    let rows = overview(&dir.path().join("批量").join("各校汇总.xlsx"));
    let grade7 = &rows[&("示例市第一中学".to_string(), "七年级".to_string())];
    assert_eq!(grade7.0, "2000");
    assert_eq!(grade7.1, "已分组");
}

#[test]
fn combined_roster_splits_by_school_and_grade() {
    let dir = tempfile::tempdir().unwrap();
    let mut all = rows("城关第二中学", "七年级", 0, 30);
    all.extend(rows("南湖学校", "一年级", 100, 12));
    all.extend(rows("南湖学校", "七年级", 200, 20));
    // Spaces and full-width forms in the school cell are the same school.
    all.extend(rows("城关 第二中学", "７年级", 300, 6));
    write_roster(&dir.path().join("全市名单.xlsx"), &all, true);
    write_counts(
        &dir.path().join("班级数.xlsx"),
        &[
            ("城关第二中学", "七年级", 3),
            ("南湖学校", "一年级", 2),
            ("南湖学校", "七年级", 2),
        ],
    );

    let output = bianban(dir.path())
        .args(["group", "全市名单.xlsx", "--class-counts", "班级数.xlsx"])
        .args(["--seed", SEED, "--out", "结果"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let stdout = String::from_utf8(output).unwrap();
    assert!(stdout.contains("学校名称取自：学校列 3 所"), "{stdout}");

    let out = dir.path().join("结果");
    let rows = overview(&out.join("各校汇总.xlsx"));
    let key = |s: &str, g: &str| (s.to_string(), g.to_string());
    assert_eq!(rows[&key("城关第二中学", "七年级")].0, "36");
    assert_eq!(rows[&key("南湖学校", "一年级")].0, "12");
    assert_eq!(rows[&key("南湖学校", "七年级")].0, "20");
    let grade1 = record(&out.join("南湖学校_一年级").join("运行记录.json"));
    let grade7 = record(&out.join("南湖学校_七年级").join("运行记录.json"));
    assert_eq!(grade1["classes"], 2);
    assert_eq!(grade1["roster"]["students"], 12);
    assert_eq!(grade7["roster"]["students"], 20);
    assert_ne!(
        grade1["roster"]["fingerprint"],
        grade7["roster"]["fingerprint"]
    );
}

#[test]
fn school_with_errors_is_skipped_and_others_run() {
    let dir = tempfile::tempdir().unwrap();
    let rosters = dir.path().join("各校名单");
    std::fs::create_dir(&rosters).unwrap();
    write_roster(
        &rosters.join("城关第一中学_七年级.xlsx"),
        &rows("", "", 0, 20),
        false,
    );
    let mut broken = rows("", "", 100, 20);
    broken[3].id = "320102201301010000".to_string();
    write_roster(&rosters.join("城关第二中学_七年级.xlsx"), &broken, false);
    write_counts(
        &dir.path().join("班级数.xlsx"),
        &[("城关第一中学", "七年级", 2), ("城关第二中学", "七年级", 2)],
    );

    let assert = bianban(dir.path())
        .args(["group", "--seed", SEED, "--out", "结果"])
        .assert()
        .code(1);
    let output = assert.get_output();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stdout.contains("城关第二中学 七年级：名单有 1 处错误，没有分组。"),
        "{stdout}"
    );
    assert!(stderr.contains("2 所学校中有 1 所没有完成"), "{stderr}");

    let out = dir.path().join("结果");
    assert!(
        out.join("城关第一中学_七年级")
            .join("分组名单.xlsx")
            .is_file()
    );
    assert_eq!(
        files_in(&out.join("城关第二中学_七年级")),
        ["名单检查报告.xlsx"]
    );
    let rows = overview(&out.join("各校汇总.xlsx"));
    let failed = &rows[&("城关第二中学".to_string(), "七年级".to_string())];
    assert_eq!(failed.1, "未完成：名单有 1 处错误，没有分组。");

    let problems = sheet_xml(&out.join("城关第二中学_七年级").join("名单检查报告.xlsx"));
    assert!(
        problems.contains("&amp;R&amp;10城关第二中学"),
        "the problem list names its school"
    );

    // The grouped school's row wraps its two fingerprints into four lines of 9 pt text,
    // and its stored height makes room for them.
    let tallest = row_heights(&sheet_xml(&out.join("各校汇总.xlsx")))
        .into_iter()
        .fold(0.0, f64::max);
    assert!(tallest >= 4.0 * 9.0 * 1.3, "{tallest}");
}

/// Reads the XML of a workbook's first sheet.
fn sheet_xml(path: &Path) -> String {
    use std::io::Read;
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    archive
        .by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

/// Returns the stored row heights of a sheet's XML.
fn row_heights(xml: &str) -> Vec<f64> {
    xml.split("<row ")
        .skip(1)
        .filter_map(|row| {
            let tag = row.split('>').next()?;
            tag.split(" ht=\"").nth(1)?.split('"').next()?.parse().ok()
        })
        .collect()
}

#[test]
fn missing_class_count_and_missing_roster_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let rosters = dir.path().join("各校名单");
    std::fs::create_dir(&rosters).unwrap();
    write_roster(
        &rosters.join("城关第一中学_七年级.xlsx"),
        &rows("", "", 0, 20),
        false,
    );
    write_roster(
        &rosters.join("河口第一小学_一年级.xlsx"),
        &rows("", "", 50, 20),
        false,
    );
    write_counts(
        &dir.path().join("班级数.xlsx"),
        &[("城关第一中学", "七年级", 2), ("桥头第一中学", "七年级", 3)],
    );

    let assert = bianban(dir.path())
        .args(["group", "各校名单", "--seed", SEED, "--out", "结果"])
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(
        stdout.contains("河口第一小学 一年级：班级数表里没有这所学校（这个年级）。"),
        "{stdout}"
    );
    assert!(
        stdout.contains("桥头第一中学 七年级：班级数表里有这所学校，但没有找到它的名单。"),
        "{stdout}"
    );
    let rows = overview(&dir.path().join("结果").join("各校汇总.xlsx"));
    assert_eq!(rows.len(), 3);
    assert!(
        rows[&("城关第一中学".to_string(), "七年级".to_string())]
            .1
            .starts_with("已分组")
    );
}

#[test]
fn id_in_two_schools_fails_both() {
    let dir = tempfile::tempdir().unwrap();
    let mut all = rows("城关第一中学", "七年级", 0, 10);
    let mut second = rows("城关第二中学", "七年级", 100, 10);
    second[0].id = all[4].id.clone();
    all.append(&mut second);
    write_roster(&dir.path().join("名单.xlsx"), &all, true);

    let assert = bianban(dir.path())
        .args(["check", "名单.xlsx", "--out", "结果"])
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    let id = &all[4].id;
    assert!(
        stdout.contains(&format!("身份证号 {id} 也在“城关第二中学”的名单里")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("身份证号 {id} 也在“城关第一中学”的名单里")),
        "{stdout}"
    );
}

#[test]
fn blank_school_cell_fails_only_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut all = rows("城关第一中学", "七年级", 0, 10);
    all.extend(rows("城关第二中学", "七年级", 100, 10));
    all[2].school = "";
    write_roster(&dir.path().join("名单.xlsx"), &all, true);

    let assert = bianban(dir.path())
        .args(["check", "名单.xlsx", "--out", "结果"])
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(stdout.contains("其中 1 行的学校是空的"), "{stdout}");
    assert!(stdout.contains("名单.xlsx「Sheet1」D4"), "{stdout}");
    let confirm = dir
        .path()
        .join("结果")
        .join("城关第一中学_七年级")
        .join("名单确认单.xlsx");
    assert!(confirm.is_file());
}

#[test]
fn school_option_selects_one_school_of_many() {
    let dir = tempfile::tempdir().unwrap();
    let mut all = rows("城关第一中学", "七年级", 0, 12);
    all.extend(rows("城关第二中学", "七年级", 100, 14));
    write_roster(&dir.path().join("名单.xlsx"), &all, true);

    bianban(dir.path())
        .args([
            "group",
            "名单.xlsx",
            "--school",
            "城关第二中学",
            "--classes",
            "2",
        ])
        .args(["--seed", SEED, "--out", "结果"])
        .assert()
        .success();
    let out = dir.path().join("结果");
    assert_eq!(files_in(&out), ["各校汇总.xlsx", "城关第二中学_七年级"]);
    let record = record(&out.join("城关第二中学_七年级").join("运行记录.json"));
    assert_eq!(record["roster"]["students"], 14);
    assert_eq!(record["classes"], 2);
}

#[test]
fn many_schools_without_class_counts_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let mut all = rows("城关第一中学", "七年级", 0, 12);
    all.extend(rows("城关第二中学", "七年级", 100, 14));
    write_roster(&dir.path().join("名单.xlsx"), &all, true);

    let assert = bianban(dir.path())
        .args(["group", "名单.xlsx", "--classes", "2", "--seed", SEED])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("“名单.xlsx”的学校列里有 2 所学校：城关第一中学、城关第二中学。"),
        "{stderr}"
    );
    assert!(!dir.path().join("编班结果").exists());
}

#[test]
fn paths_with_chinese_characters_and_spaces() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("2025 编班 工作");
    let rosters = work.join("各校 名单");
    std::fs::create_dir_all(&rosters).unwrap();
    write_roster(
        &rosters.join("城关 第一中学_七年级.xlsx"),
        &rows("", "", 0, 12),
        false,
    );
    write_counts(&work.join("班级 数.xlsx"), &[("城关第一中学", "七年级", 2)]);

    bianban(&work)
        .args(["group", "各校 名单", "--class-counts", "班级 数.xlsx"])
        .args(["--seed", SEED, "--out", "输出 文件夹"])
        .assert()
        .success();
    let school = work.join("输出 文件夹").join("城关 第一中学_七年级");
    let record = record(&school.join("运行记录.json"));
    // The name is printed as the file names it, with its space.
    assert_eq!(record["school"], "城关 第一中学");
    assert!(school.join("分组名单.xlsx").is_file());
}

#[test]
fn roster_folder_is_found_in_work_folder() {
    let dir = tempfile::tempdir().unwrap();
    let rosters = dir.path().join("各校名单");
    std::fs::create_dir(&rosters).unwrap();
    write_roster(
        &rosters.join("城关第一中学_七年级.xlsx"),
        &rows("", "", 0, 12),
        false,
    );
    write_counts(
        &dir.path().join("班级数.xlsx"),
        &[("城关第一中学", "七年级", 2)],
    );

    bianban(dir.path())
        .args(["check", "--out", "结果"])
        .assert()
        .success();
    let confirm = dir
        .path()
        .join("结果")
        .join("城关第一中学_七年级")
        .join("名单确认单.xlsx");
    assert!(confirm.is_file());
}

#[test]
fn missing_seed_without_console_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(example(GRADE1_ROSTER), dir.path().join("学生名单.xlsx")).unwrap();

    let assert = bianban(dir.path())
        .args(["group", "--classes", "4"])
        .write_stdin("")
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("随机种子为空（--seed）"), "{stderr}");
}

#[test]
fn dropped_roster_is_checked_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("拖放 名单.xlsx");
    std::fs::copy(example(GRADE1_ROSTER), &roster).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();

    let assert = bianban(elsewhere.path()).arg(&roster).assert().success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(stdout.contains("检查拖放的名单"), "{stdout}");
    let results = dir.path().join("编班结果");
    let runs = files_in(&results);
    assert_eq!(runs.len(), 1, "{runs:?}");
    assert!(results.join(&runs[0]).join("名单确认单.xlsx").is_file());
    assert!(!elsewhere.path().join("编班结果").exists());
}

#[test]
fn skipped_schools_counted_without_folder() {
    let dir = tempfile::tempdir().unwrap();
    let rosters = dir.path().join("各校名单");
    std::fs::create_dir(&rosters).unwrap();
    let grade7 = |name: &str| rosters.join(format!("{name}_七年级.xlsx"));
    write_roster(&grade7("城关第一中学"), &rows("", "", 0, 20), false);
    let mut broken = rows("", "", 100, 20);
    broken[3].id = "320102201301010000".to_string();
    write_roster(&grade7("城关第二中学"), &broken, false);
    let grade1 = rosters.join("河口第一小学_一年级.xlsx");
    write_roster(&grade1, &rows("", "", 50, 20), false);
    write_counts(
        &dir.path().join("班级数.xlsx"),
        &[
            ("城关第一中学", "七年级", 2),
            ("城关第二中学", "七年级", 2),
            ("桥头第一中学", "七年级", 3),
        ],
    );

    let assert = bianban(dir.path())
        .args(["group", "各校名单", "--class-counts", "班级数.xlsx"])
        .args(["--seed", SEED, "--out", "结果"])
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(
        stdout.contains("共 4 所学校（按学校和年级计，其中 1 所只在班级数表里、没有名单）"),
        "{stdout}"
    );
    assert!(stdout.contains("结果：共 4 所学校"), "{stdout}");

    let out = dir.path().join("结果");
    assert_eq!(
        files_in(&out),
        [
            "各校汇总.xlsx",
            "城关第一中学_七年级",
            "城关第二中学_七年级"
        ]
    );
    let mut workbook: Xlsx<_> = open_workbook(out.join("各校汇总.xlsx")).unwrap();
    let range = workbook.worksheet_range("各校汇总").unwrap();
    let folders: BTreeMap<String, String> = range
        .rows()
        .skip(4)
        .filter(|row| row.first().is_some_and(|d| *d != Data::Empty))
        .map(|row| (row[1].to_string(), row[13].to_string()))
        .collect();
    let skipped = "（跳过，没有生成文件夹）";
    assert_eq!(folders.len(), 4, "{folders:?}");
    assert_eq!(folders["城关第一中学"], "城关第一中学_七年级");
    assert_eq!(folders["城关第二中学"], "城关第二中学_七年级");
    assert_eq!(folders["河口第一小学"], skipped);
    assert_eq!(folders["桥头第一中学"], skipped);
}

/// Runs a grouping of two schools in `dir` and returns the overview's page header and
/// its title in A1.
fn overview_header_and_title(dir: &Path) -> (String, String) {
    let mut all = rows("城关第二中学", "七年级", 0, 12);
    all.extend(rows("南湖学校", "七年级", 100, 12));
    write_roster(&dir.join("全市名单.xlsx"), &all, true);
    write_counts(
        &dir.join("班级数.xlsx"),
        &[("城关第二中学", "七年级", 2), ("南湖学校", "七年级", 2)],
    );
    bianban(dir)
        .args(["group", "全市名单.xlsx", "--class-counts", "班级数.xlsx"])
        .args(["--seed", SEED, "--out", "结果"])
        .assert()
        .success();
    let path = dir.join("结果").join("各校汇总.xlsx");
    let xml = sheet_xml(&path);
    let header = xml
        .split("<oddHeader>")
        .nth(1)
        .and_then(|rest| rest.split("</oddHeader>").next())
        .expect("a page header")
        .replace("&amp;", "&");
    let mut workbook: Xlsx<_> = open_workbook(&path).unwrap();
    let range = workbook.worksheet_range("各校汇总").unwrap();
    let title = range.get_value((0, 0)).unwrap().to_string();
    (header, title)
}

#[test]
fn overview_header_without_school_blank() {
    let dir = tempfile::tempdir().unwrap();
    let (header, title) = overview_header_and_title(dir.path());
    assert!(!header.contains("________"), "{header}");
    assert!(header.starts_with("&L&10各校分组汇总"), "{header}");
    assert!(header.ends_with("&R&10"), "{header}");
    assert_eq!(title, "各校分组汇总");
}

#[test]
fn overview_header_names_bureau_from_settings() {
    let dir = tempfile::tempdir().unwrap();
    let settings = "[学校]\n教育局 = \" 城关区教育局 \"\n";
    std::fs::write(dir.path().join("编班设置.toml"), settings).unwrap();
    let (header, title) = overview_header_and_title(dir.path());
    assert!(!header.contains("________"), "{header}");
    assert!(header.ends_with("&R&10城关区教育局"), "{header}");
    assert_eq!(title, "城关区教育局 各校分组汇总");
}
