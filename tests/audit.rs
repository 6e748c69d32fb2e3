//! `bianban audit` end to end. The example school is grouped, merged and given its late
//! students once. Current class lists are built from the copies with shuffled and renamed
//! columns, then changed the way a school might change them.

mod support;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use support::*;

/// Builds the work folder with the archive and one late record, once.
fn base() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let folder = group(&dir, &example_roster(), 45, SEED);
        let archive = merge(&dir, &folder, &|k| ((k - 1) * 7) % 45 + 1);
        let (output, record) = late(&dir, &example_late(), &archive, &[]);
        assert!(output.status.success(), "{}", said(&output));
        fs::rename(record.unwrap(), folder.join("后转入记录")).unwrap();
        dir
    })
}

fn archive() -> PathBuf {
    base().join("分组/三联存档_2025-08-28").join(FIRST)
}

fn late_record() -> PathBuf {
    base().join("分组/后转入记录").join(LATE_FIRST)
}

/// A placed student as listed on a copy.
#[derive(Debug, Clone)]
struct Listed {
    name: String,
    gender: String,
    id: String,
    student_no: String,
    birth: String,
    class: u32,
}

/// Reads every student of a copy's class sheets.
fn listed(path: &Path) -> Vec<Listed> {
    let mut students = Vec::new();
    for (sheet, range) in sheets(path) {
        let Some(class) = class_number(&sheet) else {
            continue;
        };
        let cells = grid(&range);
        let header = row_of(&cells, "姓名").unwrap();
        let col = |h: &str| col_of(&cells[header], h).unwrap();
        let (name, gender, id, no, birth) = (
            col("姓名"),
            col("性别"),
            col("身份证号"),
            col("学籍号"),
            col("出生日期"),
        );
        for row in &cells[header + 1..] {
            if text(&row[0]).parse::<u32>().is_err() {
                continue;
            }
            students.push(Listed {
                name: text(&row[name]),
                gender: text(&row[gender]),
                id: text(&row[id]),
                student_no: text(&row[no]),
                birth: text(&row[birth]),
                class,
            });
        }
    }
    students
}

fn everyone() -> Vec<Listed> {
    let mut all = listed(&archive());
    all.extend(listed(&late_record()));
    all
}

/// The columns a current list may have, in the order written, with their header.
#[derive(Clone, Copy)]
enum Column {
    StudentNo,
    Gender,
    Class,
    Id,
    Name,
    Birth,
}

/// Writes a current list: a title row, then the headers, then the students in a shuffled
/// order, classes written `初一3班` (or `八(3)班` for the next year).
fn write_list(path: &Path, columns: &[(Column, &str)], students: &[Listed], next_year: bool) {
    let rows: Vec<Vec<String>> = students
        .iter()
        .map(|s| {
            columns
                .iter()
                .map(|(column, _)| match column {
                    Column::StudentNo => s.student_no.clone(),
                    Column::Gender => s.gender.clone(),
                    Column::Class if next_year => format!("八({})班", s.class),
                    Column::Class => format!("初一{}班", s.class),
                    Column::Id => s.id.clone(),
                    Column::Name => s.name.clone(),
                    Column::Birth => s.birth.clone(),
                })
                .collect()
        })
        .collect();
    // A fixed shuffle: every seventh student first, and so on.
    let count = rows.len();
    let order: Vec<usize> = (0..count).map(|i| (i * 7) % count).collect();
    let mut seen = vec![false; count];
    let mut shuffled = Vec::with_capacity(count);
    for i in order.into_iter().chain(0..count) {
        if !seen[i] {
            seen[i] = true;
            shuffled.push(rows[i].clone());
        }
    }
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .write_string(0, 0, "2026学年学生名单（学籍系统导出）")
        .unwrap();
    for (c, (_, header)) in columns.iter().enumerate() {
        sheet.write_string(2, c as u16, *header).unwrap();
    }
    for (r, row) in shuffled.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            sheet.write_string(r as u32 + 3, c as u16, value).unwrap();
        }
    }
    book.save(path).unwrap();
}

const FULL: [(Column, &str); 5] = [
    (Column::StudentNo, "全国学籍号"),
    (Column::Gender, "性 别"),
    (Column::Class, "班级名称"),
    (Column::Id, "公民身份号码"),
    (Column::Name, "学生姓名"),
];

fn audit(dir: &Path, list: &Path) -> Output {
    let (archive, late) = (archive(), late_record());
    bianban(
        dir,
        &[
            "audit",
            path_str(list),
            "--archive",
            path_str(&archive),
            "--late",
            path_str(&late),
            "--out",
            path_str(&dir.join("核查")),
        ],
    )
}

/// Each sheet of the report: its rows below the header, as texts.
fn report(dir: &Path) -> BTreeMap<String, Vec<Vec<String>>> {
    sheets(&dir.join("核查").join("核查报告.xlsx"))
        .into_iter()
        .map(|(name, range)| {
            let rows = range.rows().map(|r| r.iter().map(text).collect()).collect();
            (name, rows)
        })
        .collect()
}

fn fact(rows: &[Vec<String>], label: &str) -> String {
    rows.iter()
        .find(|r| r.first().map(String::as_str) == Some(label))
        .map(|r| r[1].clone())
        .unwrap_or_default()
}

/// The data rows of a list sheet (below its title and header).
fn list_rows<'a>(report: &'a BTreeMap<String, Vec<Vec<String>>>, sheet: &str) -> &'a [Vec<String>] {
    &report[sheet][2..]
}

#[test]
fn moved_slipped_and_missing_students_found() {
    let temp = tempfile::tempdir().unwrap();
    let mut students = everyone();
    assert_eq!(students.len(), 2007);
    let moved = students[100].clone();
    students[100].class = if moved.class == 9 { 8 } else { 9 };
    let missing = students.remove(500);
    students.push(Listed {
        name: "关系户".into(),
        gender: "男".into(),
        id: id_number("42010620130101901"),
        student_no: String::new(),
        birth: String::new(),
        class: 3,
    });
    let list = temp.path().join("现名单.xlsx");
    write_list(&list, &FULL, &students, false);

    let output = audit(temp.path(), &list);
    let out = said(&output);
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(
        out.contains("调过班 1 人，无记录 1 人，缺少 1 人，重复 0 行。"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "学生“{}”（身份证号 {}）编班时在七({})班",
            moved.name, moved.id, moved.class
        )),
        "{out}"
    );
    assert!(out.contains("学生“关系户”"), "{out}");
    assert!(out.contains("无记录插入"), "{out}");
    assert!(
        out.contains(&format!(
            "学生“{}”（身份证号 {}）",
            missing.name, missing.id
        )),
        "{out}"
    );
    assert!(out.contains("但现名单上没有这名学生"), "{out}");

    let sheets = report(temp.path());
    let names: Vec<&str> = sheets.keys().map(String::as_str).collect();
    for sheet in ["核查结论", "调班学生", "无记录学生", "缺少的学生"] {
        assert!(names.contains(&sheet), "{names:?}");
    }
    let summary = &sheets["核查结论"];
    assert_eq!(fact(summary, "存档和后转入记录中的学生"), "2007 人");
    assert_eq!(fact(summary, "对上的学生"), "2006 人（按身份证号 2006 人）");
    assert!(fact(summary, "结论").contains("发现 3 处不一致"));
    assert!(
        summary.iter().flatten().any(|c| c == "核查人员"),
        "signature block"
    );
    let moved_rows = list_rows(&sheets, "调班学生");
    assert_eq!(moved_rows.len(), 1);
    assert_eq!(moved_rows[0][1], moved.name);
    assert_eq!(moved_rows[0][4], format!("七({})班", moved.class));
    assert!(moved_rows[0][5].contains('8') || moved_rows[0][5].contains('9'));
    let slipped_rows = list_rows(&sheets, "无记录学生");
    assert_eq!(slipped_rows.len(), 1);
    assert_eq!(slipped_rows[0][1], "关系户");
    let missing_rows = list_rows(&sheets, "缺少的学生");
    assert_eq!(missing_rows.len(), 1);
    assert_eq!(missing_rows[0][3], missing.id);
}

#[test]
fn unchanged_list_passes() {
    let temp = tempfile::tempdir().unwrap();
    let list = temp.path().join("现名单.xlsx");
    write_list(&list, &FULL, &everyone(), false);
    let output = audit(temp.path(), &list);
    let out = said(&output);
    assert_eq!(output.status.code(), Some(0), "{out}");
    assert!(
        out.contains("没有发现调班、无记录插入或缺少的学生"),
        "{out}"
    );
    let sheets = report(temp.path());
    assert_eq!(list_rows(&sheets, "调班学生")[0][0], "无");

    // Every printed page names the archive it was checked against by its fingerprint.
    let summary = sheets
        .values()
        .find(|rows| !fact(rows, "存档指纹").is_empty());
    let fingerprint = fact(summary.unwrap(), "存档指纹");
    let short: String = fingerprint.chars().take(19).collect();
    let book = temp.path().join("核查").join("核查报告.xlsx");
    let mut zip = zip::ZipArchive::new(fs::File::open(&book).unwrap()).unwrap();
    for k in 1..=sheets.len() {
        let mut xml = String::new();
        let entry = format!("xl/worksheets/sheet{k}.xml");
        std::io::Read::read_to_string(&mut zip.by_name(&entry).unwrap(), &mut xml).unwrap();
        let footer = xml.split("<oddFooter>").nth(1).unwrap_or_default();
        assert!(
            footer.contains(&format!("存档指纹 {short}")),
            "{entry}: {footer}"
        );
    }
}

#[test]
fn student_numbers_only_are_matched() {
    let temp = tempfile::tempdir().unwrap();
    let list = temp.path().join("现名单.xlsx");
    let columns = [
        (Column::Class, "所在班级"),
        (Column::Name, "姓名"),
        (Column::StudentNo, "学籍号"),
    ];
    let mut students = everyone();
    students[7].class = if students[7].class == 1 { 2 } else { 1 };
    write_list(&list, &columns, &students, false);
    let output = audit(temp.path(), &list);
    let out = said(&output);
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(out.contains("（按学籍号对上）"), "{out}");
    let sheets = report(temp.path());
    assert_eq!(
        fact(&sheets["核查结论"], "对上的学生"),
        "2007 人（按学籍号 2007 人）"
    );
}

#[test]
fn names_and_birth_dates_are_matched() {
    let temp = tempfile::tempdir().unwrap();
    let list = temp.path().join("现名单.xlsx");
    let columns = [
        (Column::Name, "学生姓名"),
        (Column::Birth, "出生年月"),
        (Column::Class, "班级"),
    ];
    write_list(&list, &columns, &everyone(), false);
    let output = audit(temp.path(), &list);
    let out = said(&output);
    let sheets = report(temp.path());
    let matched = fact(&sheets["核查结论"], "对上的学生");
    assert!(matched.starts_with("2007 人"), "{matched}\n{out}");
    assert!(matched.contains("按姓名和出生日期"), "{matched}");
    assert_eq!(output.status.code(), Some(0), "{out}");
}

#[test]
fn names_and_classes_only_list_passes() {
    let temp = tempfile::tempdir().unwrap();
    let list = temp.path().join("现名单.xlsx");
    let columns = [
        (Column::Name, "姓名"),
        (Column::Gender, "性别"),
        (Column::Class, "班级"),
    ];
    write_list(&list, &columns, &everyone(), false);
    let output = audit(temp.path(), &list);
    let out = said(&output);
    // The example roster has namesakes; without IDs their class distinguishes them.
    assert_eq!(output.status.code(), Some(0), "{out}");
    let sheets = report(temp.path());
    let matched = fact(&sheets["核查结论"], "对上的学生");
    assert!(matched.starts_with("2007 人"), "{matched}\n{out}");
    assert!(matched.contains("按姓名和班级"), "{matched}");
    assert_eq!(list_rows(&sheets, "调班学生")[0][0], "无");
}

#[test]
fn next_year_classes_compared_by_number() {
    let temp = tempfile::tempdir().unwrap();
    let list = temp.path().join("现名单.xlsx");
    write_list(&list, &FULL, &everyone(), true);
    let output = audit(temp.path(), &list);
    let out = said(&output);
    assert_eq!(output.status.code(), Some(0), "{out}");
    assert!(
        out.contains("现名单的年级是八年级，存档是七年级，按班号对照"),
        "{out}"
    );
}

#[test]
fn student_listed_twice_found() {
    let temp = tempfile::tempdir().unwrap();
    let list = temp.path().join("现名单.xlsx");
    let mut students = everyone();
    students.push(students[20].clone());
    write_list(&list, &FULL, &students, false);
    let output = audit(temp.path(), &list);
    let out = said(&output);
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(
        out.contains(&format!("学生“{}”在现名单上出现了两次", students[20].name)),
        "{out}"
    );
}

#[test]
fn posted_copy_given_to_audit_is_rejected() {
    let temp = tempfile::tempdir().unwrap();
    let list = temp.path().join("现名单.xlsx");
    write_list(&list, &FULL, &everyone(), false);
    let posted_archive = archive().with_file_name(THIRD);
    let posted_late = late_record().with_file_name(LATE_THIRD);
    let cases = [
        ("--archive", posted_archive, late_record()),
        ("--late", archive(), posted_late),
    ];
    for (option, archive, late) in cases {
        let out_dir = temp.path().join("核查");
        let output = bianban(
            temp.path(),
            &[
                "audit",
                path_str(&list),
                "--archive",
                path_str(&archive),
                "--late",
                path_str(&late),
                "--out",
                path_str(&out_dir),
            ],
        );
        let out = said(&output);
        assert_eq!(output.status.code(), Some(2), "{out}");
        assert!(out.contains(&format!("{option} 给出的")), "{out}");
        assert!(out.contains("是第三联（学校公示联）"), "{out}");
        assert!(out.contains("请改用第一联或第二联"), "{out}");
        assert!(!out.contains("无记录插入"), "{out}");
        assert!(!out_dir.exists(), "{option}: report written");
    }
}
