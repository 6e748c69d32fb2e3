//! The run journal through the binary. Every group, merge and late run appends a chained
//! entry without personal data. A second grouping of the same roster is printed as
//! 第2次分组 with the earlier seed on every sheet of that run.

mod support;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use support::*;

/// Writes a roster of 12 students and returns it with its rows.
fn small_roster(dir: &Path) -> (PathBuf, Vec<Vec<String>>) {
    let rows: Vec<Vec<String>> = (0..12)
        .map(|n| {
            let male = n % 2 == 0;
            let gender = if male { "男" } else { "女" };
            vec![
                format!("学生{n:02}"),
                gender.to_string(),
                student_id(n, male),
            ]
        })
        .collect();
    let roster = dir.join("新生名单.xlsx");
    write_roster(&roster, &["姓名", "性别", "身份证号"], &rows);
    (roster, rows)
}

fn group_into(dir: &Path, roster: &Path, out: &str, seed: &str, classes: &str) -> String {
    let output = bianban(
        dir,
        &[
            "group",
            path_str(roster),
            "--classes",
            classes,
            "--seed",
            seed,
            "--school",
            "示例中学",
            "--out",
            out,
        ],
    );
    assert!(output.status.success(), "{}", said(&output));
    said(&output)
}

fn entries(dir: &Path) -> Vec<serde_json::Value> {
    fs::read_to_string(dir.join(JOURNAL))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Reads the page header of every sheet of a workbook.
fn headers(path: &Path) -> Vec<String> {
    let count = sheets(path).len();
    (1..=count)
        .map(|i| {
            let file = fs::File::open(path).unwrap();
            let mut archive = zip::ZipArchive::new(file).unwrap();
            let mut xml = String::new();
            archive
                .by_name(&format!("xl/worksheets/sheet{i}.xml"))
                .unwrap()
                .read_to_string(&mut xml)
                .unwrap();
            xml.split("<oddHeader>")
                .nth(1)
                .and_then(|r| r.split("</oddHeader>").next())
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

#[test]
fn regrouping_is_marked_on_every_sheet() {
    let temp = tempfile::tempdir().unwrap();
    let (roster, _) = small_roster(temp.path());
    let first = group_into(temp.path(), &roster, "第一次", "111111", "3");
    assert!(!first.contains("次分组"), "{first}");
    let second = group_into(temp.path(), &roster, "第二次", "222222", "3");
    assert!(second.contains("此前已分组 1 次"), "{second}");
    assert!(second.contains("种子 111111"), "{second}");
    assert!(second.contains("本次是第 2 次分组"), "{second}");

    for file in ["分组名单.xlsx", "信封封面.xlsx", "抽签记录表.xlsx"] {
        let path = temp.path().join("第二次").join(file);
        for (sheet, range) in sheets(&path) {
            let cells: Vec<String> = range.rows().flatten().map(text).collect();
            assert!(
                cells
                    .iter()
                    .any(|c| c.contains("第2次分组") && c.contains("111111")),
                "{file}「{sheet}」"
            );
        }
        for header in headers(&path) {
            assert!(header.contains("第2次分组"), "{file}: {header}");
        }
        let earlier = temp.path().join("第一次").join(file);
        for header in headers(&earlier) {
            assert!(!header.contains("次分组"), "{file}: {header}");
        }
    }
    let third = group_into(temp.path(), &roster, "第三次", "333333", "3");
    assert!(third.contains("本次是第 3 次分组"), "{third}");
    assert!(
        third.contains("种子 111111") && third.contains("种子 222222"),
        "{third}"
    );
}

#[test]
fn other_class_count_is_no_regrouping() {
    let temp = tempfile::tempdir().unwrap();
    let (roster, _) = small_roster(temp.path());
    group_into(temp.path(), &roster, "三个班", "111111", "3");
    let other = group_into(temp.path(), &roster, "四个班", "222222", "4");
    assert!(!other.contains("次分组"), "{other}");
}

#[test]
fn confirmation_sheet_is_not_marked() {
    let temp = tempfile::tempdir().unwrap();
    let (roster, _) = small_roster(temp.path());
    group_into(temp.path(), &roster, "第一次", "111111", "3");
    group_into(temp.path(), &roster, "第二次", "222222", "3");
    let output = bianban(temp.path(), &["check", path_str(&roster), "--out", "检查"]);
    assert!(output.status.success(), "{}", said(&output));
    let confirm = temp.path().join("检查").join("名单确认单.xlsx");
    let cells: Vec<String> = sheets(&confirm)
        .iter()
        .flat_map(|(_, r)| r.rows().flatten().map(text).collect::<Vec<_>>())
        .collect();
    assert!(!cells.iter().any(|c| c.contains("次分组")));
}

#[test]
fn every_run_appends_a_chained_entry() {
    let temp = tempfile::tempdir().unwrap();
    let (roster, rows) = small_roster(temp.path());
    let folder = group(temp.path(), &roster, 3, SEED);
    let archive = merge(temp.path(), &folder, &|k| 4 - k);
    let late_rows = vec![vec![
        "后转入甲".to_string(),
        "女".to_string(),
        student_id(300, false),
        "2025-09-01 08:00".to_string(),
    ]];
    let late_roster = temp.path().join("后转入.xlsx");
    write_roster(
        &late_roster,
        &["姓名", "性别", "身份证号", "报到时间"],
        &late_rows,
    );
    let (output, record) = late(temp.path(), &late_roster, &archive, &[]);
    assert!(output.status.success(), "{}", said(&output));

    let entries = entries(temp.path());
    let commands: Vec<&str> = entries
        .iter()
        .map(|e| e["command"].as_str().unwrap())
        .collect();
    assert_eq!(commands, ["group", "merge", "late"]);
    for (i, entry) in entries.iter().enumerate() {
        assert_eq!(entry["seq"], i as u64 + 1);
        let prev = if i == 0 {
            "0".repeat(64)
        } else {
            entries[i - 1]["hash"].as_str().unwrap().to_string()
        };
        assert_eq!(entry["prev"].as_str().unwrap(), prev);
        assert!(entry["outputs"].as_array().unwrap().len() >= 3);
    }
    assert_eq!(entries[0]["seed"], SEED);
    assert_eq!(entries[2]["seed"], LATE_SEED);

    let pointer = |path: PathBuf| {
        let value: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
        (
            value["journal"]["seq"].as_u64().unwrap(),
            value["journal"]["hash"].clone(),
        )
    };
    let run = pointer(folder.join("运行记录.json"));
    assert_eq!(run, (1, entries[0]["hash"].clone()));
    let merged = pointer(archive.join("抽签结果记录.json"));
    assert_eq!(merged, (2, entries[1]["hash"].clone()));
    let placed = pointer(record.unwrap().join("后转入记录.json"));
    assert_eq!(placed, (3, entries[2]["hash"].clone()));

    let journal = fs::read_to_string(temp.path().join(JOURNAL)).unwrap();
    for row in rows.iter().chain(&late_rows) {
        assert!(!journal.contains(&row[0]), "name {} in journal", row[0]);
        assert!(!journal.contains(&row[2]), "ID {} in journal", row[2]);
    }
}

#[test]
fn journal_lives_in_the_settings_folder() {
    let temp = tempfile::tempdir().unwrap();
    let (roster, _) = small_roster(temp.path());
    let school = temp.path().join("一中");
    fs::create_dir(&school).unwrap();
    let settings = school.join("编班设置.toml");
    fs::write(&settings, "[学校]\n学校名称 = \"示例中学\"\n").unwrap();
    let output = bianban(
        temp.path(),
        &[
            "group",
            path_str(&roster),
            "--classes",
            "3",
            "--seed",
            SEED,
            "--settings",
            path_str(&settings),
            "--out",
            "分组",
        ],
    );
    assert!(output.status.success(), "{}", said(&output));
    assert!(school.join(JOURNAL).is_file());
    assert!(!temp.path().join(JOURNAL).exists());
}

#[test]
fn merge_inside_result_folder_uses_existing_journal() {
    let temp = tempfile::tempdir().unwrap();
    let (roster, _) = small_roster(temp.path());
    let folder = group(temp.path(), &roster, 3, SEED);
    merge(&folder, &folder, &|k| 4 - k);
    assert!(!folder.join(JOURNAL).exists());
    let commands: Vec<String> = entries(temp.path())
        .iter()
        .map(|e| e["command"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(commands, ["group", "merge"]);

    let output = bianban(
        &folder,
        &[
            "verify",
            path_str(&roster),
            "--classes",
            "3",
            "--seed",
            SEED,
            "--school",
            "示例中学",
            ".",
        ],
    );
    let out = said(&output);
    assert!(output.status.success(), "{out}");
    assert!(out.contains("日志共 2 条"), "{out}");
    assert!(!out.contains("日志末尾"), "{out}");
}

#[test]
fn verify_counts_entries_per_journal() {
    let temp = tempfile::tempdir().unwrap();
    let (roster, _) = small_roster(temp.path());
    let folder = group(temp.path(), &roster, 3, SEED);
    merge(temp.path(), &folder, &|k| 4 - k);
    let first_line = fs::read_to_string(temp.path().join(JOURNAL))
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();
    fs::write(folder.join(JOURNAL), format!("{first_line}\n")).unwrap();

    let output = bianban(
        temp.path(),
        &[
            "verify",
            path_str(&roster),
            "--classes",
            "3",
            "--seed",
            SEED,
            "--school",
            "示例中学",
            ".",
        ],
    );
    let out = said(&output);
    assert!(out.contains(&format!("  {JOURNAL}：日志共 2 条")), "{out}");
    assert!(
        out.contains(&format!("分组/{JOURNAL}：日志共 1 条")),
        "{out}"
    );
}
