//! Helpers shared by the tests of late enrolment, verify and audit: running the binary in
//! a work folder, filling the draw form, and rewriting workbooks cell by cell to tamper
//! with them.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use calamine::{Data, Range, Reader, Xlsx, open_workbook};

pub const SEED: &str = "351624";
pub const LATE_SEED: &str = "462135";
pub const FIRST: &str = "第一联_基教科存档.xlsx";
pub const SECOND: &str = "第二联_纪检存档.xlsx";
pub const THIRD: &str = "第三联_学校公示.xlsx";
pub const LATE_FIRST: &str = "后转入记录_第一联_基教科存档.xlsx";
pub const LATE_SECOND: &str = "后转入记录_第二联_纪检存档.xlsx";
pub const LATE_THIRD: &str = "后转入记录_第三联_学校公示.xlsx";
pub const JOURNAL: &str = "编班日志.jsonl";

pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

pub fn example_roster() -> PathBuf {
    repo("examples/data/七年级新生名单.xlsx")
}

pub fn example_late() -> PathBuf {
    repo("examples/data/后转入学生.xlsx")
}

/// Runs the binary in `dir` and returns its output.
pub fn bianban(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("bianban")
        .unwrap()
        .current_dir(dir)
        .env("RUST_BACKTRACE", "0")
        .args(args)
        .output()
        .unwrap()
}

/// Standard output and error together.
pub fn said(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

pub fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Groups a roster into `classes` groups with the seed, into `<dir>/分组`.
pub fn group(dir: &Path, roster: &Path, classes: u32, seed: &str) -> PathBuf {
    let out = dir.join("分组");
    let classes = classes.to_string();
    let output = bianban(
        dir,
        &[
            "group",
            path_str(roster),
            "--classes",
            &classes,
            "--seed",
            seed,
            "--school",
            "示例中学",
            "--out",
            path_str(&out),
        ],
    );
    assert!(output.status.success(), "{}", said(&output));
    out
}

/// Fills the draw form of a group folder so class k draws `draw(k)`, merges it, and
/// returns the archive folder.
pub fn merge(dir: &Path, folder: &Path, draw: &dyn Fn(u32) -> u32) -> PathBuf {
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
            row[2] = Data::Float(f64::from(draw(k)));
        }
    });
    let groups = folder.join("分组名单.xlsx");
    let output = bianban(
        dir,
        &[
            "merge",
            "--draw",
            path_str(&form),
            "--groups",
            path_str(&groups),
            "--no-hotline",
        ],
    );
    assert!(output.status.success(), "{}", said(&output));
    folder.join("三联存档_2025-08-28")
}

/// Reads the class number of a printed class name such as 七(3)班.
pub fn class_number(name: &str) -> Option<u32> {
    let inner = name.split_once('(')?.1.split_once(')')?.0;
    inner.parse().ok()
}

/// Runs `late` with the archive's first copy and returns the output and the new record
/// folder (the newest `后转入记录_*` beside the archive folder).
pub fn late(
    dir: &Path,
    roster: &Path,
    archive: &Path,
    extra: &[&str],
) -> (Output, Option<PathBuf>) {
    let first = archive.join(FIRST);
    let mut args = vec![
        "late",
        path_str(roster),
        "--archive",
        path_str(&first),
        "--seed",
        LATE_SEED,
    ];
    if !extra.iter().any(|a| a.contains("hotline")) {
        args.push("--no-hotline");
    }
    args.extend(extra);
    let before = late_folders(archive);
    let output = bianban(dir, &args);
    let after = late_folders(archive);
    let new = after.into_iter().find(|f| !before.contains(f));
    (output, new)
}

fn late_folders(archive: &Path) -> Vec<PathBuf> {
    let parent = archive.parent().unwrap();
    let mut folders: Vec<PathBuf> = fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.is_dir()
                && p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("后转入记录")
        })
        .collect();
    folders.sort();
    folders
}

/// Copies a folder tree.
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

pub fn sheets(path: &Path) -> Vec<(String, Range<Data>)> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let names = book.sheet_names().to_vec();
    names
        .into_iter()
        .map(|n| {
            let range = book.worksheet_range(&n).unwrap();
            (n, range)
        })
        .collect()
}

pub fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

/// Returns a sheet as a grid of cells from A1.
pub fn grid(range: &Range<Data>) -> Vec<Vec<Data>> {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut grid: Vec<Vec<Data>> = vec![Vec::new(); r0 as usize];
    grid.extend(range.rows().map(|row| {
        let mut cells = vec![Data::Empty; c0 as usize];
        cells.extend(row.iter().cloned());
        cells
    }));
    grid
}

/// Writes a copy of a workbook cell by cell, with `edit` changing each sheet's grid first.
pub fn rewrite(src: &Path, dst: &Path, edit: &dyn Fn(&str, &mut Vec<Vec<Data>>)) {
    let mut out = rust_xlsxwriter::Workbook::new();
    for (name, range) in sheets(src) {
        let mut cells = grid(&range);
        edit(&name, &mut cells);
        let sheet = out.add_worksheet();
        sheet.set_name(&name).unwrap();
        for (r, row) in cells.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Data::Float(f) => {
                        sheet.write_number(r, c, *f).unwrap();
                    }
                    Data::Int(i) => {
                        sheet.write_number(r, c, *i as f64).unwrap();
                    }
                    Data::Empty => {}
                    other => {
                        sheet.write_string(r, c, other.to_string()).unwrap();
                    }
                }
            }
        }
    }
    let temp = dst.with_extension("tmp.xlsx");
    out.save(&temp).unwrap();
    fs::rename(&temp, dst).unwrap();
}

/// Rewrites a workbook in place.
pub fn tamper(path: &Path, edit: &dyn Fn(&str, &mut Vec<Vec<Data>>)) {
    rewrite(path, path, edit);
}

/// Finds the index of the first row with a cell of this text.
pub fn row_of(grid: &[Vec<Data>], text_wanted: &str) -> Option<usize> {
    grid.iter()
        .position(|r| r.iter().any(|c| text(c) == text_wanted))
}

/// Finds the column of a header in a row.
pub fn col_of(row: &[Data], header: &str) -> Option<usize> {
    row.iter().position(|c| text(c) == header)
}

/// Computes a GB 11643 ID number from its first 17 digits.
pub fn id_number(first17: &str) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    let sum: u32 = first17
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap() * w)
        .sum();
    format!("{first17}{}", CHECK[(sum % 11) as usize])
}

/// Makes the ID number of student `n` of a small roster: born in 2013, the sequence
/// number's parity giving the gender.
pub fn student_id(n: u32, male: bool) -> String {
    let seq = (n * 2 + u32::from(male)) % 1000;
    let (month, day) = (1 + n % 12, 1 + n % 28);
    id_number(&format!("4201062013{month:02}{day:02}{seq:03}"))
}

/// Writes a small roster: rows of (name, gender, ID) and optional extra columns.
pub fn write_roster(path: &Path, headers: &[&str], rows: &[Vec<String>]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, header) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *header).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16, value).unwrap();
        }
    }
    book.save(path).unwrap();
}
