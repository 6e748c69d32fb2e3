//! `bianban group` with balance options, run as the real binary in a temp folder. Outputs are
//! read back with calamine; rejected requests must name the students and write nothing.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use rust_xlsxwriter::Workbook;
use tempfile::TempDir;

const SURNAMES: [&str; 10] = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];
const GIVEN: [&str; 14] = [
    "子涵", "雨轩", "浩然", "欣怡", "梓萱", "俊杰", "诗琪", "宇航", "思远", "嘉怡", "晨曦", "博文",
    "若汐", "一诺",
];
const SCHOOLS: [&str; 4] = ["第一小学", "实验小学", "育才小学", "希望小学"];
const HEADER: [&str; 8] = [
    "序号",
    "姓名",
    "性别",
    "身份证号",
    "毕业学校",
    "成绩",
    "住校",
    "同组",
];

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

/// One invented student of the test roster.
struct Pupil {
    name: String,
    male: bool,
    id: String,
    school: &'static str,
    score: Option<f64>,
    boarder: bool,
    together: String,
}

/// Given names of the second twin of a pair.
const TWIN_GIVEN: [&str; 2] = ["一鸣", "一凡"];

/// 120 students with unique names except two named 林雨桐: 毕业学校 of uneven sizes, 成绩 with
/// two missing, 住校, and twins marked in 同组 (students 10 and 11, 40 and 41).
fn pupils() -> Vec<Pupil> {
    (0..120)
        .map(|i| {
            let male = i % 2 == 0;
            let seq = (i % 50) * 20 + (i / 50) * 2 + usize::from(male);
            let first17 = format!("3201022012{:02}{:02}{seq:03}", 1 + i % 12, 1 + i % 28);
            let name = match i {
                7 | 64 => "林雨桐".to_string(),
                11 | 41 => format!("{}{}", SURNAMES[(i - 1) % 10], TWIN_GIVEN[i / 40]),
                _ => format!("{}{}", SURNAMES[i % 10], GIVEN[i / 10 % GIVEN.len()]),
            };
            let together = match i {
                10 | 11 => "双胞胎甲",
                40 | 41 => "双胞胎乙",
                _ => "",
            };
            Pupil {
                name,
                male,
                id: format!("{first17}{}", check_char(&first17)),
                school: SCHOOLS[[0, 0, 0, 1, 1, 2, 0, 3, 1, 0][i % 10]],
                score: (i != 30 && i != 77).then(|| 60.0 + ((i * 37) % 400) as f64 / 10.0),
                boarder: i % 5 == 0,
                together: together.to_string(),
            }
        })
        .collect()
}

/// Writes the test roster with a title row above the header.
fn write_roster(path: &Path, pupils: &[Pupil]) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("新生名单").unwrap();
    sheet.write_string(0, 0, "示例中学七年级新生名单").unwrap();
    for (col, header) in HEADER.iter().enumerate() {
        sheet.write_string(1, col as u16, *header).unwrap();
    }
    for (i, p) in pupils.iter().enumerate() {
        let row = i as u32 + 2;
        sheet.write_number(row, 0, (i + 1) as f64).unwrap();
        sheet.write_string(row, 1, &p.name).unwrap();
        sheet
            .write_string(row, 2, if p.male { "男" } else { "女" })
            .unwrap();
        sheet.write_string(row, 3, &p.id).unwrap();
        sheet.write_string(row, 4, p.school).unwrap();
        match p.score {
            Some(score) => sheet.write_number(row, 5, score).unwrap(),
            None => sheet.write_string(row, 5, "缺考").unwrap(),
        };
        sheet
            .write_string(row, 6, if p.boarder { "是" } else { "否" })
            .unwrap();
        sheet.write_string(row, 7, &p.together).unwrap();
    }
    book.save(path).unwrap();
}

/// Writes a list file: one row per set, students by name or ID number, a header first.
fn write_list(path: &Path, rows: &[Vec<String>]) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "序号").unwrap();
    sheet.write_string(0, 1, "学生").unwrap();
    for (r, row) in rows.iter().enumerate() {
        sheet.write_number(r as u32 + 1, 0, (r + 1) as f64).unwrap();
        for (c, text) in row.iter().enumerate() {
            sheet
                .write_string(r as u32 + 1, c as u16 + 1, text)
                .unwrap();
        }
    }
    book.save(path).unwrap();
}

struct Run {
    dir: TempDir,
    roster: PathBuf,
    pupils: Vec<Pupil>,
}

impl Run {
    fn new() -> Run {
        let dir = tempfile::tempdir().unwrap();
        let roster = dir.path().join("新生名单.xlsx");
        let pupils = pupils();
        write_roster(&roster, &pupils);
        Run {
            dir,
            roster,
            pupils,
        }
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    fn group(&self, classes: &str, options: &[&str]) -> assert_cmd::assert::Assert {
        Command::cargo_bin("bianban")
            .unwrap()
            .current_dir(self.dir.path())
            .arg("group")
            .arg(&self.roster)
            .args([
                "--classes",
                classes,
                "--seed",
                "351624",
                "--school",
                "示例中学",
            ])
            .arg("--out")
            .arg(self.out())
            .args(options)
            .assert()
    }

    fn summary(&self) -> Range<Data> {
        sheet(&self.out().join("分组名单.xlsx"), "汇总")
    }

    fn record(&self) -> serde_json::Value {
        let text = fs::read_to_string(self.out().join("运行记录.json")).unwrap();
        serde_json::from_str(&text).unwrap()
    }
}

fn sheet(path: &Path, name: &str) -> Range<Data> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    book.worksheet_range(name).unwrap()
}

fn texts(range: &Range<Data>) -> Vec<String> {
    range
        .rows()
        .flat_map(|row| row.iter().map(|c| c.to_string()))
        .filter(|t| !t.is_empty())
        .collect()
}

/// The texts of the row whose first cell is `item`.
fn row_of(range: &Range<Data>, item: &str) -> Vec<String> {
    range
        .rows()
        .find(|row| row.first().is_some_and(|c| *c == item))
        .map(|row| row.iter().map(|c| c.to_string()).collect())
        .unwrap_or_default()
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

fn stderr(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

/// The group sheet (第k组) that lists a student's ID number.
fn group_of_id(path: &Path, id: &str, groups: usize) -> usize {
    (1..=groups)
        .find(|k| {
            texts(&sheet(path, &format!("第{k}组")))
                .iter()
                .any(|t| t == id)
        })
        .unwrap_or(0)
}

/// Reads the XML of a workbook's first sheet.
fn sheet_xml(path: &Path) -> String {
    zip_text(path, "xl/worksheets/sheet1.xml")
}

/// Reads the text of a file inside the xlsx zip.
fn zip_text(path: &Path, entry: &str) -> String {
    let file = fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    archive
        .by_name(entry)
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

/// Collects the text of each element `<tag …>text</tag>` in XML, in order.
fn element_texts<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    xml.split(&format!("<{tag}"))
        .skip(1)
        .filter_map(|rest| rest.split_once('>')?.1.split(&format!("</{tag}>")).next())
        .collect()
}

fn zip_names(path: &Path) -> Vec<String> {
    let file = fs::File::open(path).unwrap();
    let archive = zip::ZipArchive::new(file).unwrap();
    archive
        .file_names()
        .filter_map(|name| name.ok().map(|n| n.to_string()))
        .collect()
}

#[test]
fn summary_shows_spread_and_percentile_per_attribute() {
    let run = Run::new();
    let assert = run.group(
        "4",
        &[
            "--balance-score",
            "--balance-column",
            "毕业学校",
            "--balance-column",
            "住校",
            "--separate-namesakes",
            "--together",
            "同组",
        ],
    );
    let output = stdout(&assert);
    assert.success();
    let summary = run.summary();
    let all = texts(&summary);
    assert!(all.iter().any(|t| t.starts_with("均衡情况（与 10000 次")));
    assert!(all.iter().any(|t| t == "bianban-1+balance-1"));
    assert!(all.iter().any(|t| t == "均衡条件指纹"));
    for item in ["成绩平均分", "成绩标准差", "毕业学校", "住校"] {
        let row = row_of(&summary, item);
        assert!(!row.is_empty(), "no row for {item}");
        assert!(row.iter().any(|t| t.starts_with("优于")), "{item}: {row:?}");
    }
    let schools = row_of(&summary, "毕业学校");
    assert!(
        schools.iter().any(|t| t == "1 人" || t == "0 人"),
        "{schools:?}"
    );
    assert!(
        all.iter().any(|t| t.contains("2 名学生没有成绩")),
        "missing scores not explained"
    );
    assert!(
        row_of(&summary, "男女人数")
            .iter()
            .any(|t| t.contains("硬性规定"))
    );
    // The 项目 cells span the first two columns, so a label such as
    // 成绩平均分（本次未按此均衡，仅供对照） has room.
    let (row0, _) = summary.start().unwrap();
    let item_row = summary
        .rows()
        .position(|row| row.first().is_some_and(|c| *c == "成绩平均分"))
        .unwrap() as u32
        + row0
        + 1;
    let xml = sheet_xml(&run.out().join("分组名单.xlsx"));
    assert!(xml.contains(&format!(r#"<mergeCell ref="A{item_row}:B{item_row}"/>"#)));

    let charts = zip_names(&run.out().join("分组名单.xlsx"));
    assert_eq!(
        charts
            .iter()
            .filter(|n| n.starts_with("xl/charts/chart"))
            .count(),
        4
    );

    for line in ["成绩平均分：各组最多相差", "毕业学校：", "住校：", "同名："]
    {
        assert!(output.contains(line), "console lacks {line}");
    }
}

#[test]
fn balance_charts_not_under_group_heading() {
    let run = Run::new();
    run.group("4", &["--balance-score", "--balance-column", "毕业学校"])
        .success();
    let lists = run.out().join("分组名单.xlsx");
    let mut book: Xlsx<_> = open_workbook(&lists).unwrap();
    let names = book.sheet_names().to_vec();
    assert_eq!(
        names,
        ["汇总", "均衡图表", "第1组", "第2组", "第3组", "第4组"]
    );
    let charts = book.worksheet_range("均衡图表").unwrap();
    assert_eq!(charts.get_value((0, 0)), Some(&Data::from("分组均衡图表")));
    let intro = charts.get_value((1, 0)).unwrap().to_string();
    assert!(intro.contains("10000 次按性别均衡的随机分组"), "{intro}");
    let summary = run.summary();
    let all = texts(&summary);
    assert!(all.iter().any(|t| t == "各项目的柱状图见“均衡图表”表。"));

    // 汇总 repeats the group table's heading on every page; 均衡图表 repeats nothing.
    let workbook = zip_text(&lists, "xl/workbook.xml");
    let defined = |name: &str, sheet: usize| {
        workbook.contains(&format!(
            r#"<definedName name="_xlnm.{name}" localSheetId="{sheet}">"#
        ))
    };
    assert!(defined("Print_Titles", 0));
    assert!(!defined("Print_Titles", 1));
    assert!(defined("Print_Area", 1));
    assert!(workbook.contains(">均衡图表!$A$1:$F$"), "{workbook}");
    assert!(!sheet_xml(&lists).contains("<drawing"));
    let charts_xml = zip_text(&lists, "xl/worksheets/sheet2.xml");
    assert!(charts_xml.contains("<drawing"));
    assert!(charts_xml.contains("第 &amp;P 页 共 1 页"), "{charts_xml}");

    // Each chart plots the numbers beside its own row of the balance table on 汇总.
    let (row0, _) = summary.start().unwrap();
    for (index, item) in ["成绩平均分", "成绩标准差", "毕业学校"].iter().enumerate() {
        let chart = zip_text(&lists, &format!("xl/charts/chart{}.xml", index + 1));
        let title = element_texts(&chart, "a:t").concat();
        assert!(title.starts_with(&format!("{item}：")), "{title}");
        let refs = element_texts(&chart, "c:f");
        let row = summary
            .rows()
            .position(|r| r.first().is_some_and(|c| *c == *item))
            .unwrap() as u32
            + row0
            + 1;
        let values = format!("汇总!$H${row}:$K${row}");
        assert!(refs.contains(&values.as_str()), "{item}: {refs:?}");
    }
}

#[test]
fn twins_from_roster_column_share_a_group() {
    let run = Run::new();
    run.group("4", &["--balance-score", "--together", "同组"])
        .success();
    let lists = run.out().join("分组名单.xlsx");
    let of = |i: usize| group_of_id(&lists, &run.pupils[i].id, 4);
    assert_ne!(of(10), 0);
    assert_eq!(of(10), of(11));
    assert_eq!(of(40), of(41));
}

#[test]
fn together_and_apart_lists_from_files() {
    let run = Run::new();
    let together = run.dir.path().join("同组名单.xlsx");
    let apart = run.dir.path().join("分开名单.xlsx");
    let p = &run.pupils;
    write_list(&together, &[vec![p[3].id.clone(), p[5].name.clone()]]);
    write_list(
        &apart,
        &[vec![
            p[20].name.clone(),
            p[21].name.clone(),
            p[22].id.clone(),
        ]],
    );
    run.group(
        "4",
        &[
            "--together",
            together.to_str().unwrap(),
            "--apart",
            apart.to_str().unwrap(),
        ],
    )
    .success();
    let lists = run.out().join("分组名单.xlsx");
    let of = |i: usize| group_of_id(&lists, &run.pupils[i].id, 4);
    assert_eq!(of(3), of(5));
    assert_ne!(of(20), of(21));
    assert_ne!(of(20), of(22));
    assert_ne!(of(21), of(22));
    let summary = texts(&run.summary());
    assert!(
        summary
            .iter()
            .any(|t| t == "同组要求 1 组、分开要求 1 组：全部满足。")
    );
}

#[test]
fn together_set_larger_than_group_is_rejected() {
    let run = Run::new();
    let together = run.dir.path().join("同组名单.xlsx");
    let names: Vec<String> = [1, 3, 5, 9]
        .iter()
        .map(|&i| run.pupils[i].id.clone())
        .collect();
    write_list(&together, &[names]);
    let assert = run.group("40", &["--together", together.to_str().unwrap()]);
    let message = stderr(&assert);
    assert.code(1);
    assert!(message.contains("每组最多只有 3 人"), "{message}");
    for i in [1, 3, 5, 9] {
        assert!(message.contains(&run.pupils[i].name), "{message}");
    }
    assert!(!run.out().exists(), "output folder was created");
}

#[test]
fn apart_list_contradicting_twins_is_rejected() {
    let run = Run::new();
    let apart = run.dir.path().join("分开名单.xlsx");
    let p = &run.pupils;
    write_list(&apart, &[vec![p[40].id.clone(), p[41].id.clone()]]);
    let assert = run.group(
        "4",
        &["--together", "同组", "--apart", apart.to_str().unwrap()],
    );
    let message = stderr(&assert);
    assert.code(1);
    assert!(message.contains("互相矛盾"), "{message}");
    assert!(message.contains(&p[40].name), "{message}");
    assert!(message.contains(&p[41].name), "{message}");
    assert!(!run.out().exists());
}

#[test]
fn list_naming_unknown_student_is_rejected() {
    let run = Run::new();
    let together = run.dir.path().join("同组名单.xlsx");
    write_list(
        &together,
        &[vec![run.pupils[2].name.clone(), "查无此人".to_string()]],
    );
    let assert = run.group("4", &["--together", together.to_str().unwrap()]);
    let message = stderr(&assert);
    assert.code(1);
    assert!(
        message.contains("同组名单.xlsx「Sheet1」第2行 C2"),
        "{message}"
    );
    assert!(
        message.contains("“查无此人”在学生名单中找不到"),
        "{message}"
    );
    assert!(!run.out().exists());
}

#[test]
fn ambiguous_name_in_list_asks_for_id() {
    let run = Run::new();
    let apart = run.dir.path().join("分开名单.xlsx");
    write_list(
        &apart,
        &[vec!["林雨桐".to_string(), run.pupils[2].name.clone()]],
    );
    let assert = run.group("4", &["--apart", apart.to_str().unwrap()]);
    let message = stderr(&assert);
    assert.code(1);
    assert!(message.contains("有 2 名同名学生"), "{message}");
    assert!(!run.out().exists());
}

#[test]
fn unknown_column_lists_roster_columns() {
    let run = Run::new();
    let assert = run.group("4", &["--balance-column", "特长"]);
    let message = stderr(&assert);
    assert.code(2);
    assert!(message.contains("名单里没有“特长”列"), "{message}");
    assert!(message.contains("住校"), "{message}");
    assert!(!run.out().exists());
}

#[test]
fn settings_section_turns_balancing_on() {
    let run = Run::new();
    let settings = run.dir.path().join("编班设置.toml");
    fs::write(
        &settings,
        "[均衡]\n成绩列 = \"成绩\"\n分类列 = [\"毕业学校\"]\n同名分开 = true\n",
    )
    .unwrap();
    let assert = run.group("4", &["--settings", settings.to_str().unwrap()]);
    let output = stdout(&assert);
    assert.success();
    assert!(output.contains("算法：bianban-1+balance-1"), "{output}");
    let mut record = String::new();
    fs::File::open(run.out().join("运行记录.json"))
        .unwrap()
        .read_to_string(&mut record)
        .unwrap();
    let record: serde_json::Value = serde_json::from_str(&record).unwrap();
    assert_eq!(record["algorithm"], "bianban-1+balance-1");
    assert_eq!(record["balance"]["score"], "成绩");
    assert_eq!(record["balance"]["columns"][0], "毕业学校");
    assert_eq!(record["balance"]["separate_namesakes"], true);
    assert_eq!(record["balance"]["random_splits"], 10000);
    assert_eq!(record["balance"]["inputs"].as_str().map(str::len), Some(64));
}

#[test]
fn gender_only_run_compares_without_balancing() {
    let run = Run::new();
    let assert = run.group("4", &[]);
    let output = stdout(&assert);
    assert.success();
    assert!(output.contains("算法：bianban-1　"), "{output}");
    let summary = run.summary();
    let all = texts(&summary);
    assert!(all.iter().any(|t| t == "bianban-1"));
    assert!(!all.iter().any(|t| t == "均衡条件指纹"));
    let mean = row_of(&summary, "成绩平均分（本次未按此均衡，仅供对照）");
    assert!(mean.iter().any(|t| t.starts_with("优于")), "{mean:?}");
    let schools = row_of(&summary, "毕业学校（本次未按此均衡，仅供对照）");
    assert!(!schools.is_empty());
}

#[test]
fn random_split_count_follows_algorithm() {
    for (options, algorithm, splits) in [
        (&[][..], "bianban-1", 1000),
        (&["--balance-score"][..], "bianban-1+balance-1", 10000),
    ] {
        let run = Run::new();
        let assert = run.group("4", options);
        let output = stdout(&assert);
        assert.success();
        let heading = format!("均衡情况（与 {splits} 次按性别均衡的随机分组比较）：");
        assert!(output.contains(&heading), "{algorithm}: {output}");
        let summary = texts(&run.summary());
        assert!(
            summary.iter().any(|t| t.starts_with(&heading)),
            "{algorithm}: {summary:?}"
        );
        let record = run.record();
        assert_eq!(record["algorithm"], algorithm);
        assert_eq!(record["balance"]["random_splits"], splits, "{algorithm}");
    }
}

#[test]
fn example_grade1_roster_balances_kindergartens() {
    let dir = tempfile::tempdir().unwrap();
    let roster = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/一年级新生名单.xlsx");
    let out = dir.path().join("out");
    let assert = Command::cargo_bin("bianban")
        .unwrap()
        .current_dir(dir.path())
        .arg("group")
        .arg(&roster)
        .args(["--classes", "4", "--seed", "351624", "--out"])
        .arg(&out)
        .args([
            "--balance-column",
            "毕业幼儿园",
            "--separate-namesakes",
            "--separate-homophones",
        ])
        .assert();
    let output = stdout(&assert);
    assert.success();
    assert!(
        output.contains("毕业幼儿园：每一类在各组的人数最多相差"),
        "{output}"
    );
    let summary = sheet(&out.join("分组名单.xlsx"), "汇总");
    let row = row_of(&summary, "毕业幼儿园");
    assert!(row.iter().any(|t| t == "1 人" || t == "0 人"), "{row:?}");
    assert!(row.iter().any(|t| t.starts_with("优于")), "{row:?}");
}
