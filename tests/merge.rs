//! `bianban merge` end to end: the example roster is grouped once with the binary, the draw
//! form is filled in programmatically, and the copies are read back with calamine.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use assert_cmd::Command;
use calamine::{Data, Range, Reader, Xlsx, open_workbook};

const SEED: &str = "351624";
const CLASSES: u32 = 45;
const FIRST: &str = "第一联_基教科存档.xlsx";
const SECOND: &str = "第二联_纪检存档.xlsx";
const THIRD: &str = "第三联_学校公示.xlsx";
const HTML: &str = "学校公示.html";

fn roster_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/七年级新生名单.xlsx")
}

/// Groups the example roster once; every test copies the resulting folder.
fn grouped() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let out = dir.join("分组");
        let status = Command::cargo_bin("bianban")
            .unwrap()
            .current_dir(&dir)
            .args(["group", roster_path().to_str().unwrap(), "--classes", "45"])
            .args(["--seed", SEED, "--school", "示例中学", "--out"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stdout)
        );
        out
    })
}

/// A fresh copy of the grouping's folder in its own temp dir.
fn work_folder() -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let folder = temp.path().join("分组");
    fs::create_dir(&folder).unwrap();
    for entry in fs::read_dir(grouped()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            fs::copy(&path, folder.join(path.file_name().unwrap())).unwrap();
        }
    }
    (temp, folder)
}

/// The group drawn by class k: a fixed permutation of 1..=45.
fn permutation(k: u32, step: u32) -> u32 {
    ((k - 1) * step) % CLASSES + 1
}

#[derive(Clone, Debug)]
enum Typed {
    Number(f64),
    Text(String),
    Blank,
}

/// The typing styles clerks use, cycled over the classes.
fn typed_style(k: u32, group: u32) -> Typed {
    match k % 5 {
        0 => Typed::Number(f64::from(group)),
        1 => Typed::Text(group.to_string()),
        2 => Typed::Text(full_width(group)),
        3 => Typed::Text(format!("第{group}组")),
        _ => Typed::Text(format!(" {group} 组")),
    }
}

fn full_width(n: u32) -> String {
    n.to_string()
        .chars()
        .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap())
        .collect()
}

fn sheets(path: &Path) -> Vec<(String, Range<Data>)> {
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

fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

/// Writes a copy of a workbook cell by cell, with `edit` changing each sheet's grid first.
fn rewrite(src: &Path, dst: &Path, edit: &dyn Fn(&str, &mut Vec<Vec<Data>>)) {
    let mut out = rust_xlsxwriter::Workbook::new();
    for (name, range) in sheets(src) {
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut grid: Vec<Vec<Data>> = vec![Vec::new(); r0 as usize];
        grid.extend(range.rows().map(|row| {
            let mut cells = vec![Data::Empty; c0 as usize];
            cells.extend(row.iter().cloned());
            cells
        }));
        edit(&name, &mut grid);
        let sheet = out.add_worksheet();
        sheet.set_name(&name).unwrap();
        for (r, row) in grid.iter().enumerate() {
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
    out.save(dst).unwrap();
}

/// Fills the draw form of `folder` with `typed(k)` for class k and a draw date.
fn fill_form(folder: &Path, name: &str, typed: &dyn Fn(u32) -> Typed) -> PathBuf {
    let dst = folder.join(name);
    rewrite(&folder.join("抽签记录表.xlsx"), &dst, &|_, grid| {
        for row in grid.iter_mut() {
            let class = row.first().map(text).unwrap_or_default();
            if class == "抽签日期" {
                row[1] = Data::String("2025年8月28日".into());
            }
            let Some(k) = class
                .strip_prefix("七(")
                .and_then(|r| r.strip_suffix(")班"))
                .and_then(|n| n.parse::<u32>().ok())
            else {
                continue;
            };
            row.resize(5, Data::Empty);
            row[2] = match typed(k) {
                Typed::Number(n) => Data::Float(n),
                Typed::Text(t) => Data::String(t),
                Typed::Blank => Data::Empty,
            };
        }
    });
    dst
}

/// Fills the draw form of `folder` with a valid draw and merges it with `extra` options.
fn merge_filled(folder: &Path, extra: &[&str]) -> Output {
    let form = fill_form(folder, "填好.xlsx", &|k| {
        Typed::Number(f64::from(permutation(k, 7)))
    });
    let mut args = vec![
        "--draw",
        form.to_str().unwrap(),
        "--groups",
        "分组名单.xlsx",
    ];
    args.extend(extra);
    merge(folder, &args)
}

/// Runs merge in `folder`. Without a settings file or a hotline option, the posted copy
/// is written without hotlines (`--no-hotline`).
fn merge(folder: &Path, args: &[&str]) -> Output {
    let mut command = Command::cargo_bin("bianban").unwrap();
    command.current_dir(folder).arg("merge").args(args);
    let hotline_given = args.iter().any(|a| a.contains("hotline"));
    if !hotline_given && !folder.join("编班设置.toml").exists() {
        command.arg("--no-hotline");
    }
    command.output().unwrap()
}

fn stdout(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The ID numbers on each group's sheet of 分组名单.xlsx, by group number.
fn group_ids(folder: &Path) -> BTreeMap<u32, BTreeSet<String>> {
    let mut groups = BTreeMap::new();
    for (name, range) in sheets(&folder.join("分组名单.xlsx")) {
        let Some(number) = name
            .strip_prefix('第')
            .and_then(|r| r.strip_suffix('组'))
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        groups.insert(number, column_values(&range, "身份证号"));
    }
    groups
}

/// The values under a header cell in a sheet.
fn column_values(range: &Range<Data>, header: &str) -> BTreeSet<String> {
    let rows: Vec<&[Data]> = range.rows().collect();
    let Some((r, c)) = rows
        .iter()
        .enumerate()
        .find_map(|(r, row)| row.iter().position(|d| text(d) == header).map(|c| (r, c)))
    else {
        return BTreeSet::new();
    };
    rows[r + 1..]
        .iter()
        .filter_map(|row| row.get(c).map(text))
        .filter(|t| !t.is_empty())
        .collect()
}

fn zip_entry(path: &Path, entry: &str) -> String {
    let file = fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut text = String::new();
    archive
        .by_name(entry)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The header and footer of every sheet of a workbook.
fn headers_footers(path: &Path) -> Vec<(String, String)> {
    let count = sheets(path).len();
    (1..=count)
        .map(|i| {
            let xml = zip_entry(path, &format!("xl/worksheets/sheet{i}.xml"));
            let grab = |tag: &str| {
                xml.split(&format!("<{tag}>"))
                    .nth(1)
                    .and_then(|r| r.split(&format!("</{tag}>")).next())
                    .unwrap_or_default()
                    .replace("&amp;", "&")
            };
            (grab("oddHeader"), grab("oddFooter"))
        })
        .collect()
}

fn archive_folder(folder: &Path) -> PathBuf {
    folder.join("三联存档_2025-08-28")
}

/// Personal values of every student in the roster that the posted copy must never show.
fn personal_values() -> Vec<String> {
    let mut values = Vec::new();
    for (_, range) in sheets(&roster_path()) {
        for header in ["身份证号", "学籍号", "联系电话", "出生日期"] {
            values.extend(column_values(&range, header));
        }
    }
    values
}

#[test]
fn valid_draw_merges_into_three_copies() {
    let (_temp, folder) = work_folder();
    let form = fill_form(&folder, "抽签记录表_已填.xlsx", &|k| {
        typed_style(k, permutation(k, 7))
    });
    let output = merge(
        &folder,
        &[
            "--draw",
            form.to_str().unwrap(),
            "--groups",
            "分组名单.xlsx",
        ],
    );
    assert!(output.status.success(), "{}", stdout(&output));
    let out = archive_folder(&folder);
    for file in [FIRST, SECOND, THIRD, HTML, "抽签结果记录.json"] {
        assert!(out.join(file).is_file(), "{file}");
    }

    let groups = group_ids(&folder);
    for file in [FIRST, SECOND] {
        let sheets = sheets(&out.join(file));
        assert_eq!(sheets.len(), 46, "{file}: cover and 45 classes");
        for k in 1..=CLASSES {
            let name = format!("七({k})班");
            let (_, range) = sheets.iter().find(|(n, _)| *n == name).unwrap();
            let ids = column_values(range, "身份证号");
            assert_eq!(ids, groups[&permutation(k, 7)], "{file} {name}");
        }
    }
    let cover = &sheets(&out.join(FIRST))[0].1;
    let row_of_class_3 = cover.rows().find(|r| text(&r[0]) == "七(3)班").unwrap();
    assert_eq!(text(&row_of_class_3[2]), permutation(3, 7).to_string());
}

#[test]
fn copies_carry_their_label_on_every_page() {
    let (_temp, folder) = work_folder();
    let form = fill_form(&folder, "填好.xlsx", &|k| {
        Typed::Number(f64::from(permutation(k, 7)))
    });
    let output = merge(
        &folder,
        &[
            "--draw",
            form.to_str().unwrap(),
            "--groups",
            "分组名单.xlsx",
        ],
    );
    assert!(output.status.success(), "{}", stdout(&output));
    let out = archive_folder(&folder);
    for (file, label) in [
        (FIRST, "第一联 基教科存档"),
        (SECOND, "第二联 纪检存档"),
        (THIRD, "第三联 学校公示"),
    ] {
        for (header, footer) in headers_footers(&out.join(file)) {
            assert!(header.contains(label), "{file}: {header}");
            assert!(footer.contains("抽签结果指纹"), "{file}: {footer}");
            assert!(footer.contains("第 &P 页 共 "), "{file}: {footer}");
            assert!(!footer.contains("&N"), "{file}: {footer}");
        }
    }
}

#[test]
fn posted_copy_has_no_personal_data() {
    let (_temp, folder) = work_folder();
    let form = fill_form(&folder, "填好.xlsx", &|k| {
        Typed::Number(f64::from(permutation(k, 11)))
    });
    let output = merge(
        &folder,
        &[
            "--draw",
            form.to_str().unwrap(),
            "--groups",
            "分组名单.xlsx",
        ],
    );
    assert!(output.status.success(), "{}", stdout(&output));
    let out = archive_folder(&folder);
    let mut posted_cells = BTreeSet::new();
    for (_, range) in sheets(&out.join(THIRD)) {
        for row in range.rows() {
            for cell in row {
                posted_cells.insert(text(cell));
            }
        }
    }
    let html = fs::read_to_string(out.join(HTML)).unwrap();
    let personal = personal_values();
    assert!(personal.len() > 6000, "roster values were read");
    for value in &personal {
        assert!(
            !posted_cells.iter().any(|c| c.contains(value.as_str())),
            "posted workbook shows {value}"
        );
        assert!(!html.contains(value.as_str()), "web page shows {value}");
    }
    // The archive copies do carry the ID numbers.
    let first_ids: usize = sheets(&out.join(FIRST))
        .iter()
        .map(|(_, r)| column_values(r, "身份证号").len())
        .sum();
    assert_eq!(first_ids, 2000);
    for forbidden in ["http:", "https:", "<link", " src="] {
        assert!(!html.contains(forbidden), "{forbidden}");
    }
}

#[test]
fn form_mistakes_are_all_named() {
    let (_temp, folder) = work_folder();
    let form = fill_form(&folder, "有错.xlsx", &|k| match k {
        2 => Typed::Number(f64::from(permutation(1, 7))),
        3 => Typed::Text("0".into()),
        4 => Typed::Number(46.0),
        5 => Typed::Text("15.5".into()),
        6 => Typed::Text("未抽".into()),
        7 => Typed::Blank,
        k => typed_style(k, permutation(k, 7)),
    });
    let output = merge(
        &folder,
        &[
            "--draw",
            form.to_str().unwrap(),
            "--groups",
            "分组名单.xlsx",
        ],
    );
    let said = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(
        said.contains("C10：七(2)班的抽中组号是 1，七(1)班（C9）也填了 1"),
        "{said}"
    );
    assert!(
        said.contains("C9：七(1)班的抽中组号是 1，七(2)班（C10）也填了 1"),
        "{said}"
    );
    assert!(
        said.contains("C11：七(3)班的抽中组号“0”不在 1 至 45 之间"),
        "{said}"
    );
    assert!(
        said.contains("C12：七(4)班的抽中组号“46”不在 1 至 45 之间"),
        "{said}"
    );
    assert!(
        said.contains("C13：七(5)班的抽中组号“15.5”不是整数"),
        "{said}"
    );
    assert!(
        said.contains("C14：七(6)班的抽中组号“未抽”不是组号"),
        "{said}"
    );
    assert!(said.contains("C15：七(7)班的抽中组号没有填写"), "{said}");
    for k in 2..=7 {
        let group = permutation(k, 7);
        assert!(
            said.contains(&format!("第{group}组没有被任何班级抽中")),
            "{group}: {said}"
        );
    }
    assert!(
        said.contains("没有生成任何存档文件。请改正抽签记录表，然后重新运行。"),
        "{said}"
    );
    assert!(!archive_folder(&folder).exists(), "nothing written");
}

#[test]
fn group_drawn_by_three_classes_names_all() {
    let (_temp, folder) = work_folder();
    // 七(1)班 drew group 1 as planned; 七(2)班 and 七(3)班 wrote 1 as well.
    let form = fill_form(&folder, "三班同组.xlsx", &|k| match k {
        2 | 3 => Typed::Number(1.0),
        k => Typed::Number(f64::from(permutation(k, 7))),
    });
    let output = merge(
        &folder,
        &[
            "--draw",
            form.to_str().unwrap(),
            "--groups",
            "分组名单.xlsx",
        ],
    );
    let said = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(
        said.contains("C9：七(1)班的抽中组号是 1，七(2)班（C10）、七(3)班（C11）也填了 1。"),
        "{said}"
    );
    assert!(
        said.contains("C11：七(3)班的抽中组号是 1，七(1)班（C9）、七(2)班（C10）也填了 1。"),
        "{said}"
    );
    assert!(said.contains("请对照信封和签名核对这几格"), "{said}");
    assert!(!archive_folder(&folder).exists(), "nothing written");
}

#[test]
fn each_form_mistake_alone_is_refused() {
    let (_temp, folder) = work_folder();
    let cases: [(&str, u32, Typed, &str); 6] = [
        (
            "duplicate",
            9,
            Typed::Number(f64::from(permutation(8, 7))),
            "也填了",
        ),
        ("out of range", 9, Typed::Number(46.0), "不在 1 至 45 之间"),
        ("zero", 9, Typed::Text("第0组".into()), "不在 1 至 45 之间"),
        ("decimal", 9, Typed::Text("9.5".into()), "不是整数"),
        ("text", 9, Typed::Text("九组半".into()), "不是组号"),
        ("blank", 9, Typed::Blank, "没有填写"),
    ];
    for (index, (kind, class, value, words)) in cases.iter().enumerate() {
        let value = value.clone();
        let form = fill_form(&folder, &format!("错{index}.xlsx"), &|k| {
            if k == *class {
                value.clone()
            } else {
                Typed::Number(f64::from(permutation(k, 7)))
            }
        });
        let output = merge(
            &folder,
            &[
                "--draw",
                form.to_str().unwrap(),
                "--groups",
                "分组名单.xlsx",
            ],
        );
        let said = stdout(&output);
        assert_eq!(output.status.code(), Some(1), "{kind}: {said}");
        assert!(said.contains(words), "{kind}: {said}");
        assert!(
            said.contains("C17"),
            "{kind}: the cell of class 9 is named: {said}"
        );
        assert!(!archive_folder(&folder).exists(), "{kind}: nothing written");
    }
}

/// Merges a valid draw against an edited copy of the group lists and returns the output.
fn merge_with_lists(edit: &dyn Fn(&str, &mut Vec<Vec<Data>>), roster: bool) -> String {
    let (_temp, folder) = work_folder();
    let edited = folder.join("分组名单_改.xlsx");
    rewrite(&folder.join("分组名单.xlsx"), &edited, edit);
    let form = fill_form(&folder, "填好.xlsx", &|k| {
        Typed::Number(f64::from(permutation(k, 7)))
    });
    let mut args = vec![
        "--draw",
        form.to_str().unwrap(),
        "--groups",
        "分组名单_改.xlsx",
    ];
    let roster_arg = roster_path();
    if roster {
        args.extend(["--roster", roster_arg.to_str().unwrap()]);
    }
    fs::rename(folder.join("分组名单.xlsx"), folder.join("原件.xlsx")).unwrap();
    let output = merge(&folder, &args);
    let said = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(!archive_folder(&folder).exists(), "nothing written: {said}");
    said
}

/// The first student row (under the header) of a group sheet.
fn first_student_row(grid: &[Vec<Data>]) -> usize {
    grid.iter()
        .position(|r| r.first().map(text).as_deref() == Some("组内序号"))
        .unwrap()
        + 1
}

#[test]
fn edited_cell_named_with_roster() {
    let edit = |sheet: &str, grid: &mut Vec<Vec<Data>>| {
        if sheet == "第3组" {
            let row = first_student_row(grid) + 4;
            grid[row][1] = Data::String("王改名".into());
        }
    };
    let said = merge_with_lists(&edit, true);
    assert!(said.contains("「第3组」B11：第3组学生"), "{said}");
    assert!(said.contains("的姓名被改动"), "{said}");
    assert!(said.contains("现在是“王改名”"), "{said}");
    let without = merge_with_lists(&edit, false);
    assert!(
        without.contains("第3组名单的内容与封存时不一致"),
        "{without}"
    );
    assert!(without.contains("人数未变"), "{without}");
}

#[test]
fn edited_student_found_by_place_in_either_form() {
    // Lists print 原名单位置 as 「Sheet1」第7行; lists written before printed Sheet1!B7.
    for earlier in [false, true] {
        let edit = move |sheet: &str, grid: &mut Vec<Vec<Data>>| {
            if sheet != "第3组" {
                return;
            }
            let header = first_student_row(grid) - 1;
            let place_col = grid[header]
                .iter()
                .position(|c| text(c) == "原名单位置")
                .unwrap();
            for row in grid.iter_mut().skip(header + 1).filter(|_| earlier) {
                let place = text(&row[place_col]);
                let Some((sheet, rest)) =
                    place.strip_prefix('「').and_then(|p| p.split_once("」第"))
                else {
                    continue;
                };
                let line = rest.trim_end_matches('行');
                row[place_col] = Data::String(format!("{sheet}!B{line}"));
            }
            // Name and ID number both changed, so only the place identifies the student.
            let row = first_student_row(grid) + 4;
            grid[row][1] = Data::String("王改名".into());
            grid[row][3] = Data::String("420106201301010014".into());
        };
        let said = merge_with_lists(&edit, true);
        assert!(said.contains("的姓名被改动"), "{earlier}: {said}");
        assert!(said.contains("的身份证号被改动"), "{earlier}: {said}");
        assert!(!said.contains("多了一行"), "{earlier}: {said}");
    }
}

#[test]
fn swapped_students_found_without_roster() {
    // The swap needs both rows, so they are read from the sealed file first.
    let (_temp, folder) = work_folder();
    let src = folder.join("分组名单.xlsx");
    let all = sheets(&src);
    let row_of = |name: &str| {
        let (_, range) = all.iter().find(|(n, _)| n == name).unwrap();
        let grid: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
        let row = first_student_row(&grid) + 2;
        (grid[row][1..].to_vec(), text(&grid[row][1]))
    };
    let (five, five_name) = row_of("第5组");
    let (six, six_name) = row_of("第6组");
    let swap = move |sheet: &str, grid: &mut Vec<Vec<Data>>| {
        let with = match sheet {
            "第5组" => &six,
            "第6组" => &five,
            _ => return,
        };
        let row = first_student_row(grid) + 2;
        for (offset, cell) in with.iter().enumerate() {
            grid[row][1 + offset] = cell.clone();
        }
    };
    let said = merge_with_lists(&swap, false);
    assert!(
        said.contains(&format!("学生“{five_name}”封存时在第5组，现在出现在第6组")),
        "{said}"
    );
    assert!(
        said.contains(&format!("学生“{six_name}”封存时在第6组，现在出现在第5组")),
        "{said}"
    );
}

#[test]
fn deleted_row_named() {
    let edit = |sheet: &str, grid: &mut Vec<Vec<Data>>| {
        if sheet == "第8组" {
            let row = first_student_row(grid) + 9;
            grid.remove(row);
        }
    };
    let without = merge_with_lists(&edit, false);
    assert!(
        without.contains("第8组名单缺少组内序号为 10 的一行"),
        "{without}"
    );
    assert!(without.contains("少了 1 人"), "{without}");
    let with = merge_with_lists(&edit, true);
    assert!(
        with.contains("封存时在第8组，现在不在任何一组的名单上"),
        "{with}"
    );
}

#[test]
fn added_row_named() {
    let edit = |sheet: &str, grid: &mut Vec<Vec<Data>>| {
        if sheet == "第2组" {
            let row = first_student_row(grid) + 3;
            let mut added = grid[row].clone();
            added[0] = Data::Empty;
            added[1] = Data::String("关系户".into());
            added[3] = Data::String("420106201301010014".into());
            added[4] = Data::String("G420106201301010014".into());
            added[5] = Data::String("2013-01-01".into());
            grid.insert(row, added);
        }
    };
    let without = merge_with_lists(&edit, false);
    assert!(without.contains("第2组名单上多了一行“关系户”"), "{without}");
    let with = merge_with_lists(&edit, true);
    assert!(with.contains("第2组名单上多了一行“关系户”"), "{with}");
}

#[test]
fn second_draw_refused_then_rerun_marked() {
    let (_temp, folder) = work_folder();
    let first = fill_form(&folder, "第一次.xlsx", &|k| {
        Typed::Number(f64::from(permutation(k, 7)))
    });
    let output = merge(
        &folder,
        &[
            "--draw",
            first.to_str().unwrap(),
            "--groups",
            "分组名单.xlsx",
        ],
    );
    assert!(output.status.success(), "{}", stdout(&output));
    let earlier = archive_folder(&folder);
    let earlier_bytes = fs::read(earlier.join(FIRST)).unwrap();

    let second = fill_form(&folder, "第二次.xlsx", &|k| {
        Typed::Number(f64::from(permutation(k, 11)))
    });
    let args = [
        "--draw",
        second.to_str().unwrap(),
        "--groups",
        "分组名单.xlsx",
    ];
    let refused = merge(&folder, &args);
    let said = stdout(&refused);
    assert_eq!(refused.status.code(), Some(1), "{said}");
    assert!(said.contains("--rerun"), "{said}");
    let folders = || {
        fs::read_dir(&folder)
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().is_dir())
            .count()
    };
    assert_eq!(folders(), 1, "nothing new written");

    let mut rerun_args = args.to_vec();
    rerun_args.push("--rerun");
    let rerun = merge(&folder, &rerun_args);
    assert!(rerun.status.success(), "{}", stdout(&rerun));
    assert_eq!(
        fs::read(earlier.join(FIRST)).unwrap(),
        earlier_bytes,
        "first copies kept"
    );
    let again = folder.join("三联存档_2025-08-28_第2次抽签结果");
    for file in [FIRST, SECOND, THIRD] {
        for (header, _) in headers_footers(&again.join(file)) {
            assert!(header.contains("第2次抽签结果"), "{file}: {header}");
        }
        let cover = &sheets(&again.join(file))[0].1;
        let lines: Vec<String> = cover.rows().map(|r| text(&r[0])).collect();
        assert!(
            lines.iter().any(|l| l.contains("三联存档_2025-08-28")),
            "{file}: {lines:?}"
        );
    }
    let html = fs::read_to_string(again.join(HTML)).unwrap();
    assert!(html.contains("第2次抽签结果"));
}

#[test]
fn posted_page_search_filters_in_chromium() {
    let chromium = Path::new("/usr/bin/chromium");
    if !chromium.exists() {
        eprintln!("NOTE: /usr/bin/chromium is missing; the headless browser check is skipped");
        return;
    }
    let (temp, folder) = work_folder();
    let form = fill_form(&folder, "填好.xlsx", &|k| {
        Typed::Number(f64::from(permutation(k, 7)))
    });
    let output = merge(
        &folder,
        &[
            "--draw",
            form.to_str().unwrap(),
            "--groups",
            "分组名单.xlsx",
        ],
    );
    assert!(output.status.success(), "{}", stdout(&output));
    let page = archive_folder(&folder).join(HTML);
    let html = fs::read_to_string(&page).unwrap();
    let name = html
        .split("data-name=\"")
        .nth(100)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_string();
    let count = html.matches(&format!("data-name=\"{name}\"")).count();
    let dom = |fragment: &str| {
        let url = format!("file://{}{fragment}", page.display());
        let output = std::process::Command::new(chromium)
            .args(["--headless", "--no-sandbox", "--disable-gpu"])
            .args([
                "--disable-background-networking",
                "--disable-component-update",
            ])
            .args([
                "--disable-sync",
                "--no-first-run",
                "--virtual-time-budget=3000",
            ])
            .arg(format!(
                "--user-data-dir={}",
                temp.path().join("chromium").display()
            ))
            .args(["--dump-dom", &url])
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let all = dom("");
    assert_eq!(all.matches("<section class=\"class\"").count(), 45);
    assert_eq!(
        all.matches("<tr class=\"student\" data-name=").count(),
        2000
    );
    assert_eq!(visible_rows(&all).len(), 2000, "no filter without a query");

    let encoded: String = name.bytes().map(|b| format!("%{b:02X}")).collect();
    let filtered = dom(&format!("#q={encoded}"));
    let shown = visible_rows(&filtered);
    assert_eq!(shown.len(), count, "only rows named {name}");
    assert!(shown.iter().all(|r| r.contains(&name)));
    let visible_sections = filtered
        .split("<section class=\"class\"")
        .skip(1)
        .filter(|s| !s.split('>').next().unwrap_or_default().contains("hidden"))
        .count();
    assert!(visible_sections >= 1 && visible_sections <= count);
}

/// The student rows of a dumped page that are not hidden.
fn visible_rows(dom: &str) -> Vec<&str> {
    dom.split("<tr class=\"student\"")
        .skip(1)
        .filter(|r| !r.split('>').next().unwrap_or_default().contains("hidden"))
        .collect()
}

/// Every cell of a sheet as text, for searching names.
fn all_text(range: &Range<Data>) -> String {
    range
        .rows()
        .flatten()
        .map(text)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn teacher_sheet_fills_head_and_subject_teachers() {
    let (_temp, folder) = work_folder();
    let form = fill_form(&folder, "填好.xlsx", &|k| {
        Typed::Number(f64::from(permutation(k, 7)))
    });
    let teachers = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/教师任课表.xlsx");
    let output = merge(
        &folder,
        &[
            "--draw",
            form.to_str().unwrap(),
            "--groups",
            "分组名单.xlsx",
            "--teachers",
            teachers.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", stdout(&output));

    let mut report = bianban::diag::Report::new();
    let today = chrono::NaiveDate::from_ymd_opt(2025, 8, 28).unwrap();
    let sheets_read = bianban::teachers::read_teams(&[teachers], None, today, &mut report).unwrap();
    let out = archive_folder(&folder);
    let copy = sheets(&out.join(FIRST));
    for k in [1, 17, 45] {
        let team = sheets_read.teams.class(k).unwrap();
        let (_, range) = copy
            .iter()
            .find(|(n, _)| *n == format!("七({k})班"))
            .unwrap();
        let page = all_text(range);
        let head = team.head_teacher.as_deref().unwrap();
        assert!(
            page.contains(head),
            "class {k}: head teacher {head} missing"
        );
        for subject in &team.subject_teachers {
            assert!(
                page.contains(&subject.teacher),
                "class {k}: {} missing",
                subject.teacher
            );
        }
    }
}

#[test]
fn head_teacher_on_form_must_match_teacher_sheet() {
    let (_temp, folder) = work_folder();
    let form = folder.join("填好.xlsx");
    rewrite(&folder.join("抽签记录表.xlsx"), &form, &|_, grid| {
        for row in grid.iter_mut() {
            let class = row.first().map(text).unwrap_or_default();
            let Some(k) = class
                .strip_prefix("七(")
                .and_then(|r| r.strip_suffix(")班"))
                .and_then(|n| n.parse::<u32>().ok())
            else {
                continue;
            };
            row.resize(5, Data::Empty);
            row[2] = Data::Float(f64::from(permutation(k, 7)));
            if k == 2 {
                row[1] = Data::String("不是这个人".into());
            }
        }
    });
    let teachers = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/教师任课表.xlsx");
    let output = merge(
        &folder,
        &[
            "--draw",
            form.to_str().unwrap(),
            "--groups",
            "分组名单.xlsx",
            "--teachers",
            teachers.to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("不是这个人"),
        "{}",
        stdout(&output)
    );
    let archives = archive_count(&folder);
    assert_eq!(archives, 0, "nothing written");
}

/// Counts the archive folders (三联存档_…) in `folder`.
fn archive_count(folder: &Path) -> usize {
    fs::read_dir(folder)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("三联存档")
        })
        .count()
}

/// Joins every cell text of a workbook.
fn workbook_text(path: &Path) -> String {
    sheets(path)
        .iter()
        .map(|(_, range)| all_text(range))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn missing_hotline_rejected_before_writing() {
    let (_temp, folder) = work_folder();
    fs::write(folder.join("编班设置.toml"), "[存档]\n举报电话 = [\" \"]\n").unwrap();
    let output = merge_filled(&folder, &[]);
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(2), "{out}");
    assert!(out.contains("没有填写举报电话"), "{out}");
    assert!(out.contains("编班设置.toml"), "{out}");
    assert!(out.contains("--hotline"), "{out}");
    assert!(out.contains("--no-hotline"), "{out}");
    let archives = archive_count(&folder);
    assert_eq!(archives, 0, "an archive was written");
}

#[test]
fn no_hotline_option_prints_no_line() {
    let (_temp, folder) = work_folder();
    let output = merge_filled(&folder, &["--no-hotline"]);
    let out = stdout(&output);
    assert!(output.status.success(), "{out}");
    let archive = archive_folder(&folder);
    assert!(!workbook_text(&archive.join(THIRD)).contains("举报电话"));
    let html = fs::read_to_string(archive.join(HTML)).unwrap();
    assert!(!html.contains("举报电话"), "{html}");
}

#[test]
fn hotline_option_is_printed_on_posted_copy() {
    let (_temp, folder) = work_folder();
    let output = merge_filled(&folder, &["--hotline", "县纪委监委 0000-7654321"]);
    let out = stdout(&output);
    assert!(output.status.success(), "{out}");
    let archive = archive_folder(&folder);
    let posted = workbook_text(&archive.join(THIRD));
    assert!(
        posted.contains("举报电话：县纪委监委 0000-7654321"),
        "{posted}"
    );
}

#[test]
fn hotline_setting_is_printed_on_posted_copy() {
    let (_temp, folder) = work_folder();
    let settings = "[存档]\n举报电话 = [\"区教育局纪检组 0000-1234567\", \" \"]\n";
    fs::write(folder.join("编班设置.toml"), settings).unwrap();
    let output = merge_filled(&folder, &[]);
    let out = stdout(&output);
    assert!(output.status.success(), "{out}");
    assert!(!out.contains("举报电话"), "{out}");
    let archive = archive_folder(&folder);
    let line = "举报电话：区教育局纪检组 0000-1234567";
    let posted = workbook_text(&archive.join(THIRD));
    assert_eq!(posted.matches(line).count(), 46, "cover and 45 classes");
    assert!(!posted.contains("0000-1234567；"), "blank number kept");
    let html = fs::read_to_string(archive.join(HTML)).unwrap();
    assert!(html.contains(line), "{html}");
}

#[test]
fn teacher_sheet_errors_advise_the_teacher_sheet() {
    let (_temp, folder) = work_folder();
    let form = fill_form(&folder, "填好.xlsx", &|k| {
        Typed::Number(f64::from(permutation(k, 7)))
    });
    let teachers =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cases/teacher_sheet_messy.xlsx");
    let output = merge(
        &folder,
        &[
            "--draw",
            form.to_str().unwrap(),
            "--groups",
            "分组名单.xlsx",
            "--teachers",
            teachers.to_str().unwrap(),
        ],
    );
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(out.contains("七(7)班有两行"), "{out}");
    assert!(
        out.contains("这一行没有读取；请核对后只保留一行。"),
        "{out}"
    );
    assert!(!out.contains("本次检查"), "{out}");
    assert!(
        out.contains(
            "没有生成任何存档文件。请改正教师任课表（或不带 --teachers 运行），然后重新运行。"
        ),
        "{out}"
    );
    assert!(!out.contains("抽签记录表，"), "{out}");
}

#[test]
fn roster_summary_names_school_of_lists() {
    let (_temp, folder) = work_folder();
    let form = fill_form(&folder, "填好.xlsx", &|k| {
        Typed::Number(f64::from(permutation(k, 7)))
    });
    let roster = roster_path();
    let args = [
        "--draw",
        form.to_str().unwrap(),
        "--groups",
        "分组名单.xlsx",
        "--roster",
        roster.to_str().unwrap(),
    ];
    let output = merge(&folder, &args);
    let out = stdout(&output);
    assert!(output.status.success(), "{out}");
    assert!(out.contains("学校：示例中学　年级："), "{out}");
    assert!(!out.contains("未填写"), "{out}");
}
