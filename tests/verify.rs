//! `bianban verify` end to end. The example school is grouped, merged and given its late
//! students once. Each test copies the work folder and tampers with one file in one way,
//! then checks that verify names the difference and exits with 1.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use calamine::Data;
use support::*;

/// Builds the work folder with the grouping, the archive and one late record, once.
fn base() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let folder = group(&dir, &example_roster(), 45, SEED);
        let archive = merge(&dir, &folder, &|k| ((k - 1) * 7) % 45 + 1);
        let (output, record) = late(&dir, &example_late(), &archive, &[]);
        assert!(output.status.success(), "{}", said(&output));
        let record = record.unwrap();
        fs::rename(&record, archive.parent().unwrap().join("后转入记录")).unwrap();
        dir
    })
}

struct Work {
    _temp: tempfile::TempDir,
    dir: PathBuf,
}

impl Work {
    fn new() -> Work {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path().join("work");
        copy_tree(base(), &dir);
        Work { _temp: temp, dir }
    }

    fn groups(&self) -> PathBuf {
        self.dir.join("分组")
    }

    /// Copies the group lists alone, without their run record, into a folder of their own.
    fn lists_alone(&self) -> PathBuf {
        let alone = self.dir.join("只有分组名单");
        std::fs::create_dir(&alone).unwrap();
        let lists = self.groups().join("分组名单.xlsx");
        std::fs::copy(lists, alone.join("分组名单.xlsx")).unwrap();
        alone
    }

    fn archive(&self) -> PathBuf {
        self.groups().join("三联存档_2025-08-28")
    }

    fn late(&self) -> PathBuf {
        self.groups().join("后转入记录")
    }

    /// Runs verify on these files or folders.
    fn verify(&self, paths: &[PathBuf], extra: &[&str]) -> Output {
        let roster = example_roster();
        let mut args = vec![
            "verify",
            path_str(&roster),
            "--classes",
            "45",
            "--seed",
            SEED,
            "--school",
            "示例中学",
        ];
        args.extend(extra);
        let shown: Vec<&str> = paths.iter().map(|p| path_str(p)).collect();
        args.extend(shown);
        bianban(&self.dir, &args)
    }
}

/// Verifies and expects differences that include every one of `words`.
fn differs(output: &Output, words: &[&str]) {
    let out = said(output);
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(out.contains("核对结果：不一致"), "{out}");
    for word in words {
        assert!(out.contains(word), "missing “{word}” in:\n{out}");
    }
}

/// Finds the first row under a list's header (序号 or 组内序号 in the first column).
fn first_student(grid: &[Vec<Data>]) -> usize {
    grid.iter()
        .position(|r| matches!(r.first().map(text).as_deref(), Some("序号" | "组内序号")))
        .unwrap()
        + 1
}

fn name_col(grid: &[Vec<Data>]) -> usize {
    col_of(&grid[first_student(grid) - 1], "姓名").unwrap()
}

/// Returns the values of a list row from the name column on.
fn student_at(path: &Path, sheet: &str, offset: usize) -> Vec<Data> {
    let all = sheets(path);
    let (_, range) = all.iter().find(|(n, _)| n == sheet).unwrap();
    let cells = grid(range);
    let row = first_student(&cells) + offset;
    let col = name_col(&cells);
    cells[row][col..].to_vec()
}

/// Swaps the student `offset` rows into the lists of two sheets.
fn swap_students(path: &Path, a: &str, b: &str, offset: usize) -> (String, String) {
    let row_a = student_at(path, a, offset);
    let row_b = student_at(path, b, offset);
    let names = (text(&row_a[0]), text(&row_b[0]));
    let (a, b) = (a.to_string(), b.to_string());
    tamper(path, &move |sheet, grid| {
        let with = if sheet == a {
            &row_b
        } else if sheet == b {
            &row_a
        } else {
            return;
        };
        let row = first_student(grid) + offset;
        let col = name_col(grid);
        for (i, cell) in with.iter().enumerate() {
            grid[row][col + i] = cell.clone();
        }
    });
    names
}

fn edit_name(path: &Path, sheet: &str, offset: usize) -> String {
    let original = text(&student_at(path, sheet, offset)[0]);
    let sheet = sheet.to_string();
    tamper(path, &move |name, grid| {
        if name == sheet {
            let row = first_student(grid) + offset;
            let col = name_col(grid);
            grid[row][col] = Data::String("王改名".into());
        }
    });
    original
}

fn delete_student(path: &Path, sheet: &str, offset: usize) -> String {
    let name = text(&student_at(path, sheet, offset)[0]);
    let sheet = sheet.to_string();
    tamper(path, &move |name, grid| {
        if name == sheet {
            let row = first_student(grid) + offset;
            grid.remove(row);
        }
    });
    name
}

/// Inserts a student called 关系户 with a made-up valid ID above the row at `offset`.
fn add_student(path: &Path, sheet: &str, offset: usize) {
    let sheet = sheet.to_string();
    tamper(path, &move |name, grid| {
        if name != sheet {
            return;
        }
        let row = first_student(grid) + offset;
        let header = grid[first_student(grid) - 1].clone();
        let mut added = grid[row].clone();
        let col = name_col(grid);
        added[col] = Data::String("关系户".into());
        if let Some(id) = col_of(&header, "身份证号") {
            added[id] = Data::String(id_number("42010620130101901"));
        }
        if let Some(no) = col_of(&header, "学籍号") {
            added[no] = Data::String(String::new());
        }
        grid.insert(row, added);
    });
}

#[test]
fn untouched_files_are_consistent() {
    let work = Work::new();
    let late = example_late();
    let output = work.verify(
        &[work.groups()],
        &["--late", path_str(&late), "--late-seed", LATE_SEED],
    );
    let out = said(&output);
    assert_eq!(output.status.code(), Some(0), "{out}");
    assert!(out.contains("核对结果：一致"), "{out}");
    for file in [
        "分组名单.xlsx：一致",
        "信封封面.xlsx：一致",
        "运行记录.json：一致",
        "抽签结果记录.json：一致",
        "第一联_基教科存档.xlsx：一致",
        "第二联_纪检存档.xlsx：一致",
        "第三联_学校公示.xlsx：一致",
        "后转入记录_第一联_基教科存档.xlsx：一致",
        "后转入记录.json：一致",
    ] {
        assert!(out.contains(file), "{file}: {out}");
    }
    assert!(out.contains("日志共 3 条"), "{out}");
}

#[test]
fn roster_summary_names_school_of_record() {
    let work = Work::new();
    let roster = example_roster();
    let groups = work.groups();
    let args = [
        "verify",
        path_str(&roster),
        "--seed",
        SEED,
        path_str(&groups),
    ];
    let output = bianban(&work.dir, &args);
    let out = said(&output);
    assert!(output.status.success(), "{out}");
    assert!(out.contains("学校：示例中学　年级："), "{out}");
    assert!(!out.contains("未填写"), "{out}");
}

#[test]
fn wrong_seed_is_reported_once() {
    let work = Work::new();
    let output = bianban(
        &work.dir,
        &[
            "verify",
            path_str(&example_roster()),
            "--classes",
            "45",
            "--seed",
            "351625",
            "--school",
            "示例中学",
            path_str(&work.groups()),
        ],
    );
    differs(
        &output,
        &[
            "分组/运行记录.json：这份文件记载的分组条件：随机种子是 351624，这次给出的是 351625。",
            "没有逐个核对学生",
            "请核对：--seed 是否就是名单确认单方框里写的随机种子",
        ],
    );
    let out = said(&output);
    assert_eq!(out.matches("[错误]").count(), 1, "{out}");
    assert!(!out.contains("学生“"), "{out}");
}

#[test]
fn wrong_seed_with_lists_alone_reported_once() {
    let work = Work::new();
    let alone = work.lists_alone();
    let roster = example_roster();
    let args = [
        "verify",
        path_str(&roster),
        "--classes",
        "45",
        "--seed",
        "351625",
        "--school",
        "示例中学",
        path_str(&alone),
    ];
    let output = bianban(&work.dir, &args);
    differs(
        &output,
        &[
            "分组名单.xlsx：这份文件记载的分组条件：随机种子是 351624，这次给出的是 351625。",
            "没有逐个核对学生",
        ],
    );
    let out = said(&output);
    assert_eq!(out.matches("[错误]").count(), 1, "{out}");
    assert!(!out.contains("学生“"), "{out}");
}

#[test]
fn lists_alone_with_right_seed_are_compared() {
    let work = Work::new();
    let alone = work.lists_alone();
    let output = work.verify(&[alone], &[]);
    let out = said(&output);
    assert!(output.status.success(), "{out}");
    assert!(!out.contains("分组条件"), "{out}");
    assert!(out.contains("分组名单.xlsx"), "{out}");
    assert!(out.contains("核对结果：一致"), "{out}");
}

#[test]
fn wrong_late_seed_is_reported_once_per_file() {
    let work = Work::new();
    let late = example_late();
    let output = work.verify(
        &[work.groups()],
        &["--late", path_str(&late), "--late-seed", "462136"],
    );
    differs(
        &output,
        &[
            "这份后转入记录中编班时的随机种子是 462135，这次给出的 --late-seed 是 462136。",
            "没有逐人核对",
        ],
    );
    let out = said(&output);
    // One error for each of the three copies and the JSON record, none per placement.
    assert_eq!(out.matches("[错误]").count(), 4, "{out}");
    assert!(!out.contains("编班顺序第"), "{out}");
}

#[test]
fn wrong_class_count_is_reported_once() {
    let work = Work::new();
    let roster = example_roster();
    let archive = work.archive();
    let args = [
        "verify",
        path_str(&roster),
        "--classes",
        "44",
        "--seed",
        SEED,
        path_str(&archive),
    ];
    let output = bianban(&work.dir, &args);
    differs(
        &output,
        &[
            "抽签结果记录.json：这份文件记载的分组条件：班级数是 45，这次给出的是 44。",
            "请核对：--classes 是否就是分组时的班级数",
        ],
    );
    assert_eq!(said(&output).matches("[错误]").count(), 1);
}

// 分组名单.xlsx

fn lists(work: &Work) -> PathBuf {
    work.groups().join("分组名单.xlsx")
}

#[test]
fn lists_edited_cell() {
    let work = Work::new();
    let original = edit_name(&lists(&work), "第3组", 4);
    let output = work.verify(&[lists(&work)], &[]);
    differs(
        &output,
        &[
            &format!("第3组学生“{original}”的姓名被改动"),
            "现在是“王改名”",
        ],
    );
}

#[test]
fn lists_swapped_students() {
    let work = Work::new();
    let (five, six) = swap_students(&lists(&work), "第5组", "第6组", 2);
    let output = work.verify(&[lists(&work)], &[]);
    differs(
        &output,
        &[
            &format!("学生“{five}”封存时在第5组，现在出现在第6组"),
            &format!("学生“{six}”封存时在第6组，现在出现在第5组"),
        ],
    );
}

#[test]
fn lists_deleted_row() {
    let work = Work::new();
    let name = delete_student(&lists(&work), "第8组", 9);
    let output = work.verify(&[lists(&work)], &[]);
    differs(
        &output,
        &[&format!(
            "学生“{name}”封存时在第8组，现在不在任何一组的名单上"
        )],
    );
}

#[test]
fn lists_added_row() {
    let work = Work::new();
    add_student(&lists(&work), "第2组", 3);
    let output = work.verify(&[lists(&work)], &[]);
    differs(&output, &["第2组名单上多了一行“关系户”"]);
}

// 信封封面.xlsx

fn envelopes(work: &Work) -> PathBuf {
    work.groups().join("信封封面.xlsx")
}

/// Finds the first row at or after cover `group`'s 第 n 组 row whose first cell starts
/// with `start`.
fn cover_row(grid: &[Vec<Data>], group: u32, start: &str) -> usize {
    let number = grid
        .iter()
        .position(|r| text(&r[0]).split_whitespace().collect::<String>() == format!("第{group}组"))
        .unwrap();
    number
        + grid[number..]
            .iter()
            .position(|r| text(&r[0]).starts_with(start))
            .unwrap()
}

#[test]
fn envelopes_edited_cell() {
    let work = Work::new();
    let all = sheets(&envelopes(&work));
    let cells = grid(&all[0].1);
    let row = cover_row(&cells, 5, "人数");
    let printed = text(&cells[row][0]);
    let size: u32 = printed.split_whitespace().nth(1).unwrap().parse().unwrap();
    let edited = printed.replacen(
        &format!("人数 {size} 人"),
        &format!("人数 {} 人", size - 1),
        1,
    );
    tamper(&envelopes(&work), &move |_, grid| {
        grid[row][0] = Data::String(edited.clone());
    });
    let output = work.verify(&[envelopes(&work)], &[]);
    differs(
        &output,
        &[&format!("第5组信封封面的人数是 {}，应为 {size}", size - 1)],
    );
}

#[test]
fn envelopes_swapped_seals() {
    let work = Work::new();
    tamper(&envelopes(&work), &|_, grid| {
        let (five, six) = (
            cover_row(grid, 5, "本组校验码"),
            cover_row(grid, 6, "本组校验码"),
        );
        let seal_five = grid[five][2].clone();
        grid[five][2] = grid[six][2].clone();
        grid[six][2] = seal_five;
    });
    let output = work.verify(&[envelopes(&work)], &[]);
    differs(
        &output,
        &["第5组信封封面的校验码是", "第6组信封封面的校验码是"],
    );
}

#[test]
fn envelopes_deleted_row() {
    let work = Work::new();
    tamper(&envelopes(&work), &|_, grid| {
        let row = cover_row(grid, 5, "本组校验码");
        grid.remove(row);
    });
    let output = work.verify(&[envelopes(&work)], &[]);
    differs(&output, &["第5组的信封封面上没有印出校验码"]);
}

#[test]
fn envelopes_added_row() {
    let work = Work::new();
    tamper(&envelopes(&work), &|_, grid| {
        let row = cover_row(grid, 5, "人数") + 1;
        let mut added = vec![Data::Empty; 3];
        added[0] = Data::String("补录".into());
        added[2] = Data::String("另加一名学生".into());
        grid.insert(row, added);
    });
    let output = work.verify(&[envelopes(&work)], &[]);
    differs(&output, &["第5组的信封封面上多出一行“补录 另加一名学生”"]);
}

// The three copies of the draw result.

fn copy(work: &Work, file: &str) -> PathBuf {
    work.archive().join(file)
}

/// Verifies one copy with the merge record, which names the draw result.
fn verify_copy(work: &Work, file: &str) -> Output {
    work.verify(&[copy(work, file), copy(work, "抽签结果记录.json")], &[])
}

#[test]
fn archive_copies_edited_cell() {
    for file in [FIRST, SECOND] {
        let work = Work::new();
        let original = edit_name(&copy(&work, file), "七(3)班", 4);
        let output = verify_copy(&work, file);
        differs(
            &output,
            &[&format!(
                "七(3)班 学生“{original}”的姓名是“王改名”，应为“{original}”"
            )],
        );
    }
}

#[test]
fn archive_copies_swapped_students() {
    for file in [FIRST, SECOND] {
        let work = Work::new();
        let (five, six) = swap_students(&copy(&work, file), "七(5)班", "七(6)班", 2);
        let output = verify_copy(&work, file);
        differs(
            &output,
            &[
                &format!("学生“{five}”（身份证号"),
                "在文件中是七(6)班，按名单和种子计算应为七(5)班",
                &format!("学生“{six}”（身份证号"),
                "在文件中是七(5)班，按名单和种子计算应为七(6)班",
            ],
        );
    }
}

#[test]
fn archive_copies_deleted_row() {
    for file in [FIRST, SECOND] {
        let work = Work::new();
        let name = delete_student(&copy(&work, file), "七(8)班", 9);
        let output = verify_copy(&work, file);
        differs(&output, &[&format!("七(8)班 缺少学生“{name}”（身份证号")]);
    }
}

#[test]
fn archive_copies_added_row() {
    for file in [FIRST, SECOND] {
        let work = Work::new();
        add_student(&copy(&work, file), "七(2)班", 3);
        let output = verify_copy(&work, file);
        differs(&output, &["七(2)班 多出一名学生“关系户”（身份证号"]);
    }
}

#[test]
fn archive_copy_drawn_group_edited() {
    let work = Work::new();
    tamper(&copy(&work, FIRST), &|sheet, grid| {
        if sheet == "抽签结果" {
            let row = row_of(grid, "七(4)班").unwrap();
            grid[row][2] = Data::Float(1.0);
        }
    });
    let output = verify_copy(&work, FIRST);
    differs(&output, &["七(4)班的抽中组号是 1，应为 22"]);
}

#[test]
fn posted_copy_edited_cell() {
    let work = Work::new();
    edit_name(&copy(&work, THIRD), "七(3)班", 4);
    let output = verify_copy(&work, THIRD);
    differs(
        &output,
        &["七(3)班 多出一名学生“王改名”", "七(3)班 缺少学生"],
    );
}

#[test]
fn posted_copy_swapped_students() {
    let work = Work::new();
    let path = copy(&work, THIRD);
    let a = student_at(&path, "七(5)班", 2);
    let b = student_at(&path, "七(6)班", 2);
    let (name_a, name_b) = (text(&a[0]), text(&b[0]));
    tamper(&path, &move |sheet, grid| {
        let with = match sheet {
            "七(5)班" => &b,
            "七(6)班" => &a,
            _ => return,
        };
        let row = first_student(grid) + 2;
        grid[row][1] = with[0].clone();
        grid[row][2] = with[1].clone();
    });
    let output = verify_copy(&work, THIRD);
    differs(
        &output,
        &[
            &format!("学生“{name_a}”在文件中是七(6)班，按名单和种子计算应为七(5)班"),
            &format!("学生“{name_b}”在文件中是七(5)班，按名单和种子计算应为七(6)班"),
        ],
    );
}

#[test]
fn posted_copy_deleted_row() {
    let work = Work::new();
    let name = delete_student(&copy(&work, THIRD), "七(8)班", 3);
    let output = verify_copy(&work, THIRD);
    differs(&output, &[&format!("七(8)班 缺少学生“{name}”")]);
}

#[test]
fn posted_copy_added_row() {
    let work = Work::new();
    tamper(&copy(&work, THIRD), &|sheet, grid| {
        if sheet == "七(2)班" {
            let row = first_student(grid) + 3;
            let mut added = grid[row].clone();
            added.truncate(4);
            added[1] = Data::String("关系户".into());
            grid.insert(row, added);
        }
    });
    let output = verify_copy(&work, THIRD);
    differs(&output, &["七(2)班 多出一名学生“关系户”"]);
}

// The late-enrolment record.

fn late_copy(work: &Work) -> PathBuf {
    work.late().join(LATE_FIRST)
}

/// Lists the class sheets of the late record, in sheet order.
fn late_sheets(work: &Work) -> Vec<String> {
    sheets(&late_copy(work))
        .into_iter()
        .map(|(n, _)| n)
        .filter(|n| class_number(n).is_some())
        .collect()
}

fn verify_late(work: &Work) -> Output {
    let late = example_late();
    work.verify(
        &[late_copy(work), copy(work, "抽签结果记录.json")],
        &["--late", path_str(&late), "--late-seed", LATE_SEED],
    )
}

#[test]
fn late_record_edited_cell() {
    let work = Work::new();
    let sheet = late_sheets(&work)[0].clone();
    let original = edit_name(&late_copy(&work), &sheet, 0);
    let output = verify_late(&work);
    differs(
        &output,
        &[&format!(
            "{sheet} 学生“{original}”的姓名是“王改名”，应为“{original}”"
        )],
    );
}

#[test]
fn late_record_swapped_students() {
    let work = Work::new();
    let classes = late_sheets(&work);
    let (a, b) = swap_students(&late_copy(&work), &classes[0], &classes[1], 0);
    let output = verify_late(&work);
    differs(
        &output,
        &[
            &format!("学生“{a}”（身份证号"),
            &format!(
                "在文件中是{}，按名单和种子计算应为{}",
                classes[1], classes[0]
            ),
            &format!("学生“{b}”（身份证号"),
        ],
    );
}

#[test]
fn late_record_deleted_row() {
    let work = Work::new();
    let sheet = late_sheets(&work)[2].clone();
    let name = delete_student(&late_copy(&work), &sheet, 0);
    let output = verify_late(&work);
    differs(&output, &[&format!("{sheet} 缺少学生“{name}”（身份证号")]);
}

#[test]
fn late_record_added_row() {
    let work = Work::new();
    let sheet = late_sheets(&work)[1].clone();
    add_student(&late_copy(&work), &sheet, 0);
    let output = verify_late(&work);
    differs(
        &output,
        &[&format!("{sheet} 多出一名学生“关系户”（身份证号")],
    );
}

#[test]
fn late_record_lot_edited_without_roster() {
    let work = Work::new();
    tamper(&late_copy(&work), &|sheet, grid| {
        if sheet == "后转入编班" {
            let header = row_of(grid, "编班顺序").unwrap();
            let col = col_of(&grid[header], "抽签结果").unwrap();
            grid[header + 1][col] = Data::String("共 25 个\n抽中第 1 个".into());
        }
    });
    let output = work.verify(&[late_copy(&work), copy(&work, "抽签结果记录.json")], &[]);
    differs(
        &output,
        &["编班顺序第 1 名学生“孙语瑾”的抽签结果是共 25 个，抽中第 1 个"],
    );
}

// Run records and the journal.

#[test]
fn changed_run_record() {
    let work = Work::new();
    let path = work.groups().join("运行记录.json");
    let mut record: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    let seal = record["grouping"]["groups"][2]["seal"]
        .as_str()
        .unwrap()
        .to_string();
    let changed = format!("{}0", &seal[..63]);
    record["grouping"]["groups"][2]["seal"] = serde_json::Value::String(changed.clone());
    fs::write(&path, serde_json::to_string_pretty(&record).unwrap()).unwrap();
    let output = work.verify(&[path], &[]);
    differs(
        &output,
        &[&format!("第3组的校验码是 {changed}，应为 {seal}")],
    );
}

#[test]
fn changed_seed_in_run_record() {
    let work = Work::new();
    let path = work.groups().join("运行记录.json");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text.replace("\"351624\"", "\"999999\"")).unwrap();
    let output = work.verify(&[work.groups()], &[]);
    differs(&output, &["随机种子是 999999，应为 351624"]);
    assert!(!said(&output).contains("没有逐个核对学生"));
}

#[test]
fn changed_output_hash_in_run_record() {
    let work = Work::new();
    let path = work.groups().join("运行记录.json");
    let text = fs::read_to_string(&path).unwrap();
    let record: serde_json::Value = serde_json::from_str(&text).unwrap();
    let sha = record["outputs"][1]["sha256"].as_str().unwrap().to_string();
    fs::write(&path, text.replace(&sha, &"0".repeat(64))).unwrap();
    let journal = work.dir.join(JOURNAL);
    let output = work.verify(&[path, journal], &[]);
    differs(
        &output,
        &[
            "信封封面.xlsx",
            "SHA-256 不同",
            "编班日志第 1 条记下的输出文件的 SHA-256与这份记录不同",
        ],
    );
}

fn journal_lines(work: &Work) -> Vec<String> {
    fs::read_to_string(work.dir.join(JOURNAL))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

fn write_journal(work: &Work, lines: &[&String]) {
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    fs::write(work.dir.join(JOURNAL), text).unwrap();
}

fn verify_journal(work: &Work) -> Output {
    work.verify(&[work.groups(), work.dir.join(JOURNAL)], &[])
}

#[test]
fn journal_entry_removed() {
    let work = Work::new();
    let lines = journal_lines(&work);
    write_journal(&work, &[&lines[0], &lines[2]]);
    let output = verify_journal(&work);
    differs(
        &output,
        &[
            "日志第 3 条与前一条接不上",
            "指向编班日志第 2 条，但日志里没有这一条",
        ],
    );
}

#[test]
fn journal_entry_edited() {
    let work = Work::new();
    let lines = journal_lines(&work);
    let edited = lines[0].replacen("\"seed\":\"351624\"", "\"seed\":\"351625\"", 1);
    assert_ne!(edited, lines[0]);
    write_journal(&work, &[&edited, &lines[1], &lines[2]]);
    let output = verify_journal(&work);
    differs(&output, &["日志第 1 条被修改"]);
}

#[test]
fn journal_entries_reordered() {
    let work = Work::new();
    let lines = journal_lines(&work);
    write_journal(&work, &[&lines[0], &lines[2], &lines[1]]);
    let output = verify_journal(&work);
    differs(
        &output,
        &["日志第 3 条与前一条接不上", "日志第 2 条与前一条接不上"],
    );
}

#[test]
fn journal_tail_cut_off() {
    let work = Work::new();
    let lines = journal_lines(&work);
    write_journal(&work, &[&lines[0], &lines[1]]);
    let output = verify_journal(&work);
    let out = said(&output);
    differs(
        &output,
        &["后转入记录.json”指向编班日志第 3 条，但日志里没有这一条"],
    );
    assert!(!out.contains("接不上"), "the chain itself is intact: {out}");
}

// 抽签记录表.xlsx

#[test]
fn draw_form_filled_in_place_is_consistent() {
    let work = Work::new();
    let form = work.groups().join("抽签记录表.xlsx");
    tamper(&form, &|_, grid| {
        for row in grid.iter_mut() {
            let class = row.first().map(text).unwrap_or_default();
            if let Some(k) = class_number(&class) {
                row.resize(5, Data::Empty);
                row[2] = Data::Float(f64::from(((k - 1) * 7) % 45 + 1));
            }
        }
    });
    let late = example_late();
    let output = work.verify(
        &[work.groups()],
        &["--late", path_str(&late), "--late-seed", LATE_SEED],
    );
    let out = said(&output);
    assert_eq!(output.status.code(), Some(0), "{out}");
    assert!(out.contains("核对结果：一致"), "{out}");
    assert!(out.contains("说明已经填写过"), "{out}");
}
