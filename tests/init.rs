//! `bianban init`: the work folder it makes, read back as a clerk's programs would read it.

use std::io::Read;
use std::path::Path;

use assert_cmd::Command;
use calamine::{Reader, Xlsx, open_workbook};

use bianban::diag::Report;
use bianban::roster::ROSTER_SPEC;
use bianban::settings::{Settings, parse};
use bianban::table::{Field, find_tables};

fn init(dir: &Path, args: &[&str]) -> String {
    let output = Command::cargo_bin("bianban")
        .unwrap()
        .current_dir(dir)
        .arg("init")
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(output).unwrap()
}

fn zip_entry(path: &Path, entry: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut text = String::new();
    archive
        .by_name(entry)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

fn first_row(path: &Path, sheet: &str) -> Vec<String> {
    let mut workbook: Xlsx<_> = open_workbook(path).unwrap();
    let range = workbook.worksheet_range(sheet).unwrap();
    range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|d| d.to_string())
        .collect()
}

#[test]
fn init_makes_complete_work_folder() {
    let dir = tempfile::tempdir().unwrap();

    let stdout = init(dir.path(), &["编班 2025"]);

    let work = dir.path().join("编班 2025");
    let program = format!("bianban{}", std::env::consts::EXE_SUFFIX);
    for file in [
        "编班设置.toml",
        "学生名单.xlsx",
        "教师任课表.xlsx",
        "班级数.xlsx",
        "1-检查名单.bat",
        "2-分组.bat",
        "使用说明.txt",
        program.as_str(),
    ] {
        assert!(work.join(file).is_file(), "{file} missing");
        assert!(stdout.contains(file), "{file} not listed: {stdout}");
    }
    let settings = std::fs::read_to_string(work.join("编班设置.toml")).unwrap();
    assert!(settings.starts_with('\u{FEFF}'));
    assert!(settings.contains("\r\n[学校]\r\n"));
    assert_eq!(parse(&settings), Ok(Settings::default()));
}

#[test]
fn work_folder_guide_covers_steps_after_draw() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), &[]);

    let guide = std::fs::read_to_string(dir.path().join("使用说明.txt")).unwrap();
    // The batch files stop at grouping; the guide names the commands that follow.
    for command in [
        "bianban teachers 教师任课表.xlsx",
        "bianban merge --draw 抽签记录表.xlsx --groups 分组名单.xlsx",
        "bianban late --help",
    ] {
        assert!(guide.contains(command), "{command}: {guide}");
    }
    assert!(!guide.replace("\r\n", "").contains('\n'), "{guide}");
}

#[test]
fn batch_files_keep_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), &[]);

    for (file, command) in [("1-检查名单.bat", "check"), ("2-分组.bat", "group")] {
        let bytes = std::fs::read(dir.path().join(file)).unwrap();
        assert!(bytes.is_ascii(), "{file}");
        let text = String::from_utf8(bytes).unwrap();
        assert!(!text.replace("\r\n", "").contains('\n'), "{file}");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "@echo off");
        let run = lines
            .iter()
            .position(|l| *l == format!("\"%~dp0bianban.exe\" {command}"))
            .unwrap();
        assert!(lines[..run].contains(&"cd /d \"%~dp0\""));
        assert_eq!(lines[run + 1], "set BIANBAN_STATUS=%ERRORLEVEL%");
        assert_eq!(lines.last(), Some(&"exit /b %BIANBAN_STATUS%"));
        assert!(lines[run..].contains(&"pause"));
    }
}

#[test]
fn roster_template_has_headers_dropdown_and_text_id() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), &[]);
    let path = dir.path().join("学生名单.xlsx");

    let headers = first_row(&path, "学生名单");
    assert_eq!(
        headers,
        [
            "序号",
            "姓名",
            "性别",
            "身份证号",
            "学籍号",
            "出生日期",
            "毕业学校",
            "成绩",
            "学校",
            "年级",
            "备注"
        ]
    );
    let mut workbook: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(workbook.sheet_names(), ["学生名单", "填表说明"]);
    let guide = workbook.worksheet_range("填表说明").unwrap();
    assert_eq!(guide.get((0, 0)).unwrap().to_string(), "学生名单填表说明");

    let sheet = zip_entry(&path, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<formula1>\"男,女\"</formula1>"), "{sheet}");
    assert!(sheet.contains("sqref=\"C2:C5001\""), "{sheet}");
    // The ID column (D) has a column style whose number format is 49, Excel's text format.
    let styles = zip_entry(&path, "xl/styles.xml");
    assert!(sheet.contains("<col min=\"4\" max=\"4\""), "{sheet}");
    assert!(styles.contains("numFmtId=\"49\""), "{styles}");

    let mut report = Report::new();
    let book = bianban::read::open(&path, &mut report).unwrap();
    let tables = find_tables(&book, &ROSTER_SPEC, &mut report);
    assert_eq!(tables.len(), 1);
    let fields: Vec<Field> = tables[0].columns.iter().map(|c| c.field).collect();
    for field in [
        Field::Name,
        Field::Gender,
        Field::IdNumber,
        Field::School,
        Field::Grade,
    ] {
        assert!(fields.contains(&field), "{field:?} not recognised");
    }
    // The template's own instructions sheet is skipped without a notice.
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn teacher_and_class_count_templates_have_their_sheets() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), &[]);

    let teachers = dir.path().join("教师任课表.xlsx");
    let workbook: Xlsx<_> = open_workbook(&teachers).unwrap();
    assert_eq!(workbook.sheet_names(), ["任课表", "教师信息", "填表说明"]);
    let matrix = first_row(&teachers, "任课表");
    assert_eq!(&matrix[..4], ["班级", "班主任", "语文", "数学"]);
    let details = first_row(&teachers, "教师信息");
    assert!(details.contains(&"职称".to_string()));
    let sheet = zip_entry(&teachers, "xl/worksheets/sheet2.xml");
    assert!(sheet.contains("正高级教师,高级教师,一级教师"), "{sheet}");

    let counts = dir.path().join("班级数.xlsx");
    assert_eq!(first_row(&counts, "班级数"), ["学校", "年级", "班级数"]);
    let sheet = zip_entry(&counts, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("type=\"whole\""), "{sheet}");
    assert!(
        sheet.contains("<formula1>\"一年级,七年级\"</formula1>"),
        "{sheet}"
    );
}

#[test]
fn template_guides_print_one_page_wide() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), &[]);

    for (file, entry) in [
        ("学生名单.xlsx", "xl/worksheets/sheet2.xml"),
        ("教师任课表.xlsx", "xl/worksheets/sheet3.xml"),
        ("班级数.xlsx", "xl/worksheets/sheet2.xml"),
    ] {
        let sheet = zip_entry(&dir.path().join(file), entry);
        assert!(
            sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"),
            "{file}: {sheet}"
        );
        assert!(sheet.contains("fitToHeight=\"0\""), "{file}: {sheet}");
    }
}

#[test]
fn roster_guide_names_the_file_the_folder_reads() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), &[]);

    let mut workbook: Xlsx<_> = open_workbook(dir.path().join("学生名单.xlsx")).unwrap();
    let guide = workbook.worksheet_range("填表说明").unwrap();
    let saving = guide
        .rows()
        .map(|row| row[0].to_string())
        .find(|line| line.starts_with("8."))
        .unwrap();
    assert!(saving.contains("不要改文件名"), "{saving}");
    assert!(saving.contains("“学生名单.xlsx”"), "{saving}");
    assert!(saving.contains("“各校名单”文件夹"), "{saving}");
}

#[test]
fn init_keeps_existing_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("编班设置.toml"),
        "[学校]\n学校名称 = \"城关二中\"\n",
    )
    .unwrap();

    let stdout = init(dir.path(), &[]);

    let kept = std::fs::read_to_string(dir.path().join("编班设置.toml")).unwrap();
    assert_eq!(kept, "[学校]\n学校名称 = \"城关二中\"\n");
    assert!(
        stdout.contains("已经存在，没有改动：编班设置.toml"),
        "{stdout}"
    );
    assert!(dir.path().join("学生名单.xlsx").is_file());

    let again = init(dir.path(), &[]);
    assert!(!again.contains("已建立"), "{again}");
}

#[test]
fn blank_work_folder_finds_its_roster() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), &[]);

    let assert = Command::cargo_bin("bianban")
        .unwrap()
        .current_dir(dir.path())
        .arg("check")
        .assert()
        .code(3);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("“学生名单.xlsx”里找到了表头，但表头下面没有数据行"),
        "{stderr}"
    );
}
