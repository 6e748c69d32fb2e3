//! Groups made with balance options are made again by `verify` and `merge` with the same
//! options: those recorded in 运行记录.json, a list file found again beside the roster by
//! its recorded SHA-256, or options given on the command line for a record written before
//! the options were stored. Each test groups the example roster with the binary.

mod support;

use std::fs;
use std::path::PathBuf;
use std::process::Output;

use calamine::Data;
use support::*;

const BALANCE: [&str; 5] = [
    "--balance-score",
    "--balance-column",
    "毕业学校",
    "--separate-namesakes",
    "--together",
];

/// A work folder with a copy of the example roster and a keep-together list beside it.
struct Work {
    _temp: tempfile::TempDir,
    dir: PathBuf,
}

impl Work {
    fn new() -> Work {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path().join("work");
        fs::create_dir(&dir).unwrap();
        fs::copy(example_roster(), dir.join("名单.xlsx")).unwrap();
        let work = Work { _temp: temp, dir };
        let (a, b) = work.two_students();
        fs::write(work.dir.join("同组名单.csv"), format!("{a},{b}\n")).unwrap();
        work
    }

    fn roster(&self) -> PathBuf {
        self.dir.join("名单.xlsx")
    }

    fn out(&self) -> PathBuf {
        self.dir.join("分组")
    }

    /// Returns the ID numbers of two students of the example roster with different names.
    fn two_students(&self) -> (String, String) {
        let (_, range) = sheets(&self.roster()).remove(0);
        let grid = grid(&range);
        let header = grid
            .iter()
            .position(|r| col_of(r, "身份证号").is_some())
            .unwrap();
        let col = col_of(&grid[header], "身份证号").unwrap();
        (text(&grid[header + 1][col]), text(&grid[header + 2][col]))
    }

    /// Groups with the balance options and the keep-together list beside the roster.
    fn group_balanced(&self) {
        let roster = self.roster();
        let mut args = vec!["group", path_str(&roster)];
        args.extend(["--classes", "45", "--seed", SEED, "--school", "示例中学"]);
        args.extend(BALANCE);
        args.extend(["同组名单.csv", "--out", "分组"]);
        let output = bianban(&self.dir, &args);
        assert!(output.status.success(), "{}", said(&output));
    }

    /// Runs verify on the group folder with the roster, seed and class count only, plus
    /// `extra`.
    fn verify(&self, extra: &[&str]) -> Output {
        let roster = self.roster();
        let out = self.out();
        let mut args = vec!["verify", path_str(&roster), "--classes", "45"];
        args.extend(["--seed", SEED, "--school", "示例中学"]);
        args.extend(extra);
        args.push(path_str(&out));
        bianban(&self.dir, &args)
    }
}

fn consistent(output: &Output) {
    let out = said(output);
    assert_eq!(output.status.code(), Some(0), "{out}");
    assert!(out.contains("核对结果：一致"), "{out}");
}

#[test]
fn balanced_grouping_verifies_from_its_record() {
    let work = Work::new();
    work.group_balanced();
    let record = fs::read_to_string(work.out().join("运行记录.json")).unwrap();
    assert!(record.contains("\"options\""), "{record}");
    assert!(record.contains("同组名单.csv"), "{record}");
    consistent(&work.verify(&[]));
}

#[test]
fn balanced_grouping_with_swapped_students_differs() {
    let work = Work::new();
    work.group_balanced();
    let lists = work.out().join("分组名单.xlsx");
    tamper(&lists, &|sheet, grid| {
        if sheet != "第1组" {
            return;
        }
        let first = grid
            .iter()
            .position(|r| r.first().map(text).as_deref() == Some("组内序号"))
            .unwrap()
            + 1;
        let (a, b) = (grid[first][1].clone(), grid[first + 1][1].clone());
        grid[first][1] = b;
        grid[first + 1][1] = a;
    });
    let output = work.verify(&[]);
    let out = said(&output);
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(out.contains("核对结果：不一致"), "{out}");
    assert!(out.contains("分组名单.xlsx"), "{out}");
}

#[test]
fn changed_list_file_beside_roster_is_named() {
    let work = Work::new();
    work.group_balanced();
    fs::write(work.dir.join("同组名单.csv"), "某某,某某某\n").unwrap();
    let output = work.verify(&[]);
    let out = said(&output);
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(out.contains("同组名单.csv"), "{out}");
    assert!(out.contains("SHA-256"), "{out}");
    assert!(!out.contains("程序内部出错"), "{out}");
}

#[test]
fn missing_list_file_asks_for_the_option() {
    let work = Work::new();
    work.group_balanced();
    fs::rename(
        work.dir.join("同组名单.csv"),
        work.dir.join("别处_同组名单.csv"),
    )
    .unwrap();
    let output = work.verify(&[]);
    let out = said(&output);
    assert_eq!(output.status.code(), Some(2), "{out}");
    assert!(out.contains("--together"), "{out}");
    // Given again under its new name, the same file gives the same groups.
    let output = work.verify(&["--together", "别处_同组名单.csv"]);
    consistent(&output);
}

#[test]
fn plain_grouping_with_balance_flags_is_refused() {
    let work = Work::new();
    group(&work.dir, &work.roster(), 45, SEED);
    consistent(&work.verify(&[]));
    let output = work.verify(&["--balance-score"]);
    let out = said(&output);
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(out.contains("去掉这次给出的均衡选项"), "{out}");
}

/// A run record written before the balance options were stored: the options must be given
/// on the command line, and then the groups come out as sealed.
#[test]
fn record_without_options_takes_them_from_the_command_line() {
    let work = Work::new();
    work.group_balanced();
    let path = work.out().join("运行记录.json");
    let mut record: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    record["balance"]
        .as_object_mut()
        .unwrap()
        .remove("options")
        .unwrap();
    fs::write(&path, serde_json::to_string_pretty(&record).unwrap()).unwrap();

    let output = work.verify(&[]);
    let out = said(&output);
    assert_eq!(output.status.code(), Some(2), "{out}");
    assert!(out.contains("较早的版本"), "{out}");

    let mut flags: Vec<&str> = BALANCE.to_vec();
    flags.push("同组名单.csv");
    let output = work.verify(&flags);
    let out = said(&output);
    // The record itself was edited, so its own check differs; the groups do not.
    assert!(out.contains("分组名单.xlsx：一致"), "{out}");
    assert!(out.contains("信封封面.xlsx：一致"), "{out}");
}

#[test]
fn merge_recomputes_balanced_groups() {
    let work = Work::new();
    work.group_balanced();
    let folder = work.out();
    let form = folder.join("抽签记录表_已填.xlsx");
    rewrite(&folder.join("抽签记录表.xlsx"), &form, &|_, grid| {
        for row in grid.iter_mut() {
            let class = row.first().map(text).unwrap_or_default();
            if class == "抽签日期" {
                row[1] = Data::String("2025年8月28日".into());
            }
            let Some(k) = class_number(&class) else {
                continue;
            };
            row.resize(5, Data::Empty);
            row[2] = Data::Float(f64::from(((k - 1) * 7) % 45 + 1));
        }
    });
    let roster = work.roster();
    let output = bianban(
        &work.dir,
        &[
            "merge",
            "--draw",
            path_str(&form),
            "--groups",
            path_str(&folder.join("分组名单.xlsx")),
            "--no-hotline",
            "--roster",
            path_str(&roster),
        ],
    );
    let out = said(&output);
    assert!(output.status.success(), "{out}");
    let archive = folder.join("三联存档_2025-08-28");
    assert!(archive.join("第一联_基教科存档.xlsx").is_file(), "{out}");
}
