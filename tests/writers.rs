//! The printable workbooks of the grouping step, written into a temp folder and read back
//! with calamine. Print settings are checked in the sheet XML inside the xlsx.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Read;
use std::path::Path;

use bianban::classname::Grade;
use bianban::diag::{CellRef, Location, Report};
use bianban::error::{Error, WriteFault};
use bianban::fingerprint::roster_fingerprint;
use bianban::group::{GroupRequest, Grouping, make_groups};
use bianban::read::ReadProblem;
use bianban::rng::{ALGORITHM_VERSION, Seed};
use bianban::roster::{Gender, Origin, Roster, SheetLayout, Student, StudentId};
use bianban::table::{Column, Field, MatchStrength};
use bianban::write::{EarlierRun, RunInfo, confirm, drawform, envelope, groups, problems};
use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use chrono::{NaiveDate, NaiveDateTime};

const SHEET: &str = "新生名单";
const SURNAMES: [&str; 12] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙",
];
const GIVEN: [&str; 16] = [
    "子涵", "雨轩", "浩然", "欣怡", "梓萱", "俊杰", "诗琪", "宇航", "思远", "嘉怡", "晨曦", "博文",
    "若汐", "一诺", "明哲", "语桐",
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

/// Makes an invented resident ID: region 320102, the birth date, a sequence number whose last
/// digit is odd for boys, and the check character.
fn id_number(birth: NaiveDate, index: usize, gender: Gender) -> String {
    let parity = match gender {
        Gender::Male => 1,
        Gender::Female => 0,
    };
    let seq = (index % 50) * 20 + (index / 50) % 5 * 2 + parity;
    let first17 = format!("320102{}{:03}", birth.format("%Y%m%d"), seq);
    format!("{first17}{}", check_char(&first17))
}

/// Makes an invented three-character name. `index` picks it, so names rarely repeat.
fn name(index: usize) -> String {
    let surname = SURNAMES[index % SURNAMES.len()];
    let given = GIVEN[(index / SURNAMES.len()) % GIVEN.len()];
    format!("{surname}{given}")
}

fn student(index: usize) -> Student {
    let gender = if index.is_multiple_of(2) {
        Gender::Male
    } else {
        Gender::Female
    };
    let birth =
        NaiveDate::from_ymd_opt(2012, 1 + (index % 12) as u32, 1 + (index % 28) as u32).unwrap();
    let id = id_number(birth, index, gender);
    let mut fields = BTreeMap::new();
    fields.insert(Field::Phone, format!("1390000{:04}", index));
    if index.is_multiple_of(3) {
        fields.insert(
            Field::Address,
            format!("南京市玄武区北京东路{}号", index + 1),
        );
    }
    Student {
        origin: Origin {
            sheet: SHEET.to_string(),
            row: index as u32 + 2,
        },
        seq: Some((index + 1).to_string()),
        name: name(index),
        gender,
        student_no: Some(format!("G{id}")),
        id: StudentId::Resident(id),
        birth: Some(birth),
        from_school: Some(format!("第{}小学", index % 7 + 1)),
        score: Some(200.0 + (index % 97) as f64 + 0.5 * (index % 2) as f64),
        school: None,
        fields,
        extras: vec![if index.is_multiple_of(5) {
            "足球".to_string()
        } else {
            String::new()
        }],
        namesake_mark: None,
    }
}

fn column(field: Field, col: u32, header: &str) -> Column {
    Column {
        field,
        col,
        header: header.to_string(),
        strength: MatchStrength::Exact,
    }
}

/// Makes a roster of `count` invented students. The title row is row 1, the header row 2.
fn roster(count: usize) -> Roster {
    let columns = vec![
        column(Field::Seq, 0, "序号"),
        column(Field::Name, 1, "姓名"),
        column(Field::Gender, 2, "性别"),
        column(Field::IdNumber, 3, "身份证号"),
        column(Field::StudentNo, 4, "学籍号"),
        column(Field::BirthDate, 5, "出生日期"),
        column(Field::FromSchool, 6, "毕业学校"),
        column(Field::Score, 7, "成绩"),
        column(Field::Phone, 8, "联系电话"),
        column(Field::Address, 9, "家庭住址"),
    ];
    Roster {
        file: "2025级新生名单.xlsx".to_string(),
        layouts: vec![SheetLayout {
            sheet: SHEET.to_string(),
            header_row: 1,
            columns,
        }],
        extra_headers: vec!["特长".to_string()],
        students: (0..count).map(student).collect(),
        skipped_empty: 0,
        titles: Vec::new(),
    }
}

fn grouping(roster: &Roster, classes: u32) -> Grouping {
    let seed = Seed::parse("351624").unwrap();
    let request = GroupRequest {
        students: &roster.students,
        classes,
        seed: &seed,
        school: "南京市第一中学",
        roster: roster_fingerprint(&roster.students),
    };
    make_groups(&request)
}

fn run_time() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2025, 8, 20)
        .unwrap()
        .and_hms_opt(9, 30, 0)
        .unwrap()
}

fn info(roster: &Roster, grouping: Option<&Grouping>) -> RunInfo {
    RunInfo {
        school: "南京市第一中学".to_string(),
        grade: Some(Grade::SEVENTH),
        classes: grouping.map(|g| g.classes),
        seed: grouping.map(|g| g.seed.clone()),
        roster: roster_fingerprint(&roster.students),
        grouping: grouping.map(|g| g.fingerprint(&roster.students)),
        algorithm: ALGORITHM_VERSION,
        time: run_time(),
        earlier_runs: Vec::new(),
    }
}

/// Reads every sheet of a workbook with its name, in workbook order.
fn read_sheets(path: &Path) -> Vec<(String, Range<Data>)> {
    let mut workbook: Xlsx<_> = open_workbook(path).unwrap();
    let names = workbook.sheet_names().to_vec();
    names
        .into_iter()
        .map(|name| {
            let range = workbook.worksheet_range(&name).unwrap();
            (name, range)
        })
        .collect()
}

/// Returns the cells of a sheet as text by absolute (row, column), numbers in their
/// shortest form.
fn texts(range: &Range<Data>) -> BTreeMap<(u32, u32), String> {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    range
        .used_cells()
        .map(|(r, c, value)| {
            let text = match value {
                Data::Float(f) => f.to_string(),
                other => other.to_string(),
            };
            ((row0 + r as u32, col0 + c as u32), text)
        })
        .filter(|(_, text)| !text.is_empty())
        .collect()
}

/// Finds the absolute position of the first cell whose text is `text`.
fn find(range: &Range<Data>, text: &str) -> Option<(u32, u32)> {
    texts(range)
        .into_iter()
        .find(|(_, t)| t == text)
        .map(|(at, _)| at)
}

/// Returns the rows of a group list's students: those below the header with a number in
/// column A.
fn student_rows(range: &Range<Data>, header_row: u32) -> Vec<u32> {
    (header_row + 1..)
        .take_while(|&row| matches!(range.get_value((row, 0)), Some(Data::Float(_))))
        .collect()
}

/// Reads the text of a file inside the xlsx zip.
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

/// Returns the stored height of each row of a sheet's XML that has one, by 0-based row.
fn row_heights(xml: &str) -> BTreeMap<u32, f64> {
    xml.split("<row ")
        .skip(1)
        .filter_map(|row| {
            let tag = format!(" {}", row.split('>').next()?);
            let value = |name: &str| tag.split(&format!(" {name}=\"")).nth(1)?.split('"').next();
            let number: u32 = value("r")?.parse().ok()?;
            let height: f64 = value("ht")?.parse().ok()?;
            Some((number - 1, height))
        })
        .collect()
}

/// Returns the rows that start a new printed page: the manual page breaks of a sheet's XML.
fn page_breaks(xml: &str) -> Vec<u32> {
    xml.split("<brk id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .collect()
}

/// Returns the printed page a row is on, counted from 0.
fn page_of(row: u32, breaks: &[u32]) -> usize {
    breaks.iter().filter(|&&b| b <= row).count()
}

fn member_ids(roster: &Roster, grouping: &Grouping, group: usize) -> BTreeSet<String> {
    grouping.groups[group]
        .members
        .iter()
        .map(|&i| roster.students[i].id.display())
        .collect()
}

#[test]
fn group_sheets_list_exactly_their_students() {
    let roster = roster(93);
    let grouping = grouping(&roster, 4);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("分组名单.xlsx");

    groups::write(&path, &roster, &grouping, &info(&roster, Some(&grouping))).unwrap();

    let sheets = read_sheets(&path);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["汇总", "第1组", "第2组", "第3组", "第4组"]);
    for (index, (_, range)) in sheets[1..].iter().enumerate() {
        let (header_row, id_col) = find(range, "身份证号").expect("身份证号 header");
        let mut ids = BTreeSet::new();
        let rows = student_rows(range, header_row);
        for &row in &rows {
            match range.get_value((row, id_col)) {
                Some(Data::String(id)) => assert!(ids.insert(id.clone()), "{id} twice"),
                other => panic!("ID in row {row} is {other:?}, not text"),
            }
        }
        assert_eq!(
            ids,
            member_ids(&roster, &grouping, index),
            "group {}",
            index + 1
        );
        let end = format!("本组名单到此结束，共 {} 人。", rows.len());
        let after = range.get_value((header_row + 1 + rows.len() as u32, 0));
        assert_eq!(after, Some(&Data::String(end)));
    }
}

#[test]
fn group_sheet_columns_follow_roster() {
    let mut roster = roster(93);
    roster.students[4].namesake_mark = Some("2012-05-05".to_string());
    let grouping = grouping(&roster, 4);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("分组名单.xlsx");

    groups::write(&path, &roster, &grouping, &info(&roster, Some(&grouping))).unwrap();

    let sheets = read_sheets(&path);
    let range = &sheets[1].1;
    let (header_row, _) = find(range, "组内序号").unwrap();
    let cells = texts(range);
    let headers: Vec<&str> = cells
        .range((header_row, 0)..(header_row + 1, 0))
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(
        headers,
        [
            "组内序号",
            "姓名",
            "性别",
            "身份证号",
            "学籍号",
            "出生日期",
            "毕业学校",
            "成绩",
            "家庭住址",
            "联系电话",
            "特长",
            "同名标记",
            "原名单位置"
        ]
    );
}

#[test]
fn group_sheet_row_shows_student_values() {
    let roster = roster(93);
    let grouping = grouping(&roster, 4);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("分组名单.xlsx");

    groups::write(&path, &roster, &grouping, &info(&roster, Some(&grouping))).unwrap();

    let sheets = read_sheets(&path);
    let range = &sheets[1].1;
    let (header_row, _) = find(range, "组内序号").unwrap();
    let first = &roster.students[grouping.groups[0].members[0]];
    let (_, origin_col) = find(range, "原名单位置").unwrap();
    let row: Vec<String> = (0..=origin_col)
        .map(|col| {
            range
                .get_value((header_row + 1, col))
                .map(|v| v.to_string())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(row[0], "1");
    assert_eq!(row[1], first.name);
    assert_eq!(row[3], first.id.display());
    assert_eq!(row[4], first.student_no.clone().unwrap());
    assert_eq!(row[5], first.birth.unwrap().format("%Y-%m-%d").to_string());
    let expected_origin = format!("「{SHEET}」第{}行", first.origin.row + 1);
    assert_eq!(row[origin_col as usize], expected_origin);
}

#[test]
fn group_sheets_print_their_seal() {
    let roster = roster(93);
    let grouping = grouping(&roster, 4);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("分组名单.xlsx");

    let printed =
        groups::write(&path, &roster, &grouping, &info(&roster, Some(&grouping))).unwrap();

    let seals = grouping.seals(&roster.students);
    assert_eq!(printed, seals);
    let sheets = read_sheets(&path);
    for ((_, range), seal) in sheets[1..].iter().zip(&seals) {
        let line = format!("本组校验码：{}", seal.grouped());
        assert!(find(range, &line).is_some(), "{line}");
    }
}

#[test]
fn summary_counts_equal_group_sizes_for_45_groups() {
    let roster = roster(2000);
    let grouping = grouping(&roster, 45);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("分组名单.xlsx");

    groups::write(&path, &roster, &grouping, &info(&roster, Some(&grouping))).unwrap();

    let sheets = read_sheets(&path);
    assert_eq!(sheets.len(), 46);
    assert_eq!(sheets[45].0, "第45组");
    let summary = &sheets[0].1;
    let (header_row, _) = find(summary, "组号").unwrap();
    let seals = grouping.seals(&roster.students);
    for (index, group) in grouping.groups.iter().enumerate() {
        let row = header_row + 1 + index as u32;
        let number = summary.get_value((row, 0)).cloned();
        let size = summary.get_value((row, 1)).cloned();
        let boys = summary.get_value((row, 2)).cloned();
        let girls = summary.get_value((row, 3)).cloned();
        let seal = summary.get_value((row, 4)).cloned();
        assert_eq!(number, Some(Data::Float(f64::from(group.number))));
        assert_eq!(size, Some(Data::Float(group.size() as f64)));
        assert_eq!(boys, Some(Data::Float(group.boys as f64)));
        assert_eq!(girls, Some(Data::Float(group.girls as f64)));
        assert_eq!(seal, Some(Data::String(seals[index].short())));
    }
    let totals = header_row + 46;
    assert_eq!(
        summary.get_value((totals, 0)),
        Some(&Data::String("合计".to_string()))
    );
    assert_eq!(summary.get_value((totals, 1)), Some(&Data::Float(2000.0)));
}

#[test]
fn group_sheets_hold_each_student_once() {
    let roster = roster(2000);
    let grouping = grouping(&roster, 45);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("分组名单.xlsx");

    groups::write(&path, &roster, &grouping, &info(&roster, Some(&grouping))).unwrap();

    let mut listed = BTreeSet::new();
    for (name, range) in &read_sheets(&path)[1..] {
        let (header_row, id_col) = find(range, "身份证号").unwrap();
        for row in student_rows(range, header_row) {
            let id = range.get_value((row, id_col)).unwrap().to_string();
            assert!(listed.insert(id), "{name} row {row}");
        }
    }
    assert_eq!(listed.len(), 2000);
}

#[test]
fn summary_shows_fingerprints_and_seed() {
    let roster = roster(93);
    let grouping = grouping(&roster, 4);
    let info = info(&roster, Some(&grouping));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("分组名单.xlsx");

    groups::write(&path, &roster, &grouping, &info).unwrap();

    let sheets = read_sheets(&path);
    let cells = texts(&sheets[0].1);
    let values: BTreeSet<String> = cells.values().map(|t| t.replace('\n', " ")).collect();
    assert!(values.contains(&info.roster.grouped()));
    assert!(values.contains(&info.grouping.unwrap().grouped()));
    assert!(values.contains("351624"));
    assert!(values.contains("bianban-1"));
    assert!(values.contains("各组人数相差不超过1人，男生、女生人数各相差不超过1人。"));
}

#[test]
fn rerun_is_printed_on_summary() {
    let roster = roster(93);
    let grouping = grouping(&roster, 4);
    let mut info = info(&roster, Some(&grouping));
    info.earlier_runs = vec![EarlierRun {
        seed: "111111".to_string(),
        time: run_time() - chrono::Duration::hours(1),
    }];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("分组名单.xlsx");

    groups::write(&path, &roster, &grouping, &info).unwrap();

    let sheets = read_sheets(&path);
    let cells = texts(&sheets[0].1);
    let warning = cells
        .values()
        .find(|t| t.contains("此前已分组"))
        .expect("re-run warning");
    assert!(warning.contains("111111"), "{warning}");
    assert!(warning.contains("本次为第2次分组"), "{warning}");
}

#[test]
fn envelopes_never_show_a_student_name() {
    let roster = roster(93);
    let grouping = grouping(&roster, 4);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("信封封面.xlsx");

    envelope::write(&path, &roster, &grouping, &info(&roster, Some(&grouping))).unwrap();

    let sheets = read_sheets(&path);
    let all: Vec<String> = sheets
        .iter()
        .flat_map(|(_, range)| texts(range).into_values())
        .collect();
    for student in &roster.students {
        for text in &all {
            assert!(!text.contains(&student.name), "{} in {text}", student.name);
        }
    }
}

#[test]
fn envelopes_show_number_counts_and_seal() {
    let roster = roster(93);
    let grouping = grouping(&roster, 4);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("信封封面.xlsx");

    envelope::write(&path, &roster, &grouping, &info(&roster, Some(&grouping))).unwrap();

    let sheets = read_sheets(&path);
    assert_eq!(sheets.len(), 1);
    let cells = texts(&sheets[0].1);
    let values: Vec<String> = cells.values().map(|t| t.replace('\n', " ")).collect();
    let seals = grouping.seals(&roster.students);
    for (group, seal) in grouping.groups.iter().zip(&seals) {
        let number = format!("第 {} 组", group.number);
        let counts = format!(
            "人数 {} 人　　男 {} 人　　女 {} 人",
            group.size(),
            group.boys,
            group.girls
        );
        assert!(values.contains(&number), "{number}");
        assert!(values.contains(&counts), "{counts}");
        assert!(values.contains(&seal.grouped()), "{}", seal.grouped());
    }
    let sheet_xml = zip_entry(&path, "xl/worksheets/sheet1.xml");
    assert_eq!(
        sheet_xml.matches("<brk ").count(),
        3,
        "a page break before groups 2 to 4"
    );
}

#[test]
fn draw_form_has_one_row_per_class() {
    let roster = roster(93);
    let grouping = grouping(&roster, 4);
    let teachers: Vec<String> = ["王老师", "李老师", "张老师", "刘老师"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("抽签记录表.xlsx");

    let info = info(&roster, Some(&grouping));
    drawform::write(&path, &grouping, &info, Some(&teachers)).unwrap();

    let sheets = read_sheets(&path);
    let range = &sheets[0].1;
    let (header_row, class_col) = find(range, "班级").unwrap();
    assert_eq!(class_col, 0);
    let cells = texts(range);
    assert_eq!(cells[&(header_row, 1)], "班主任");
    assert_eq!(cells[&(header_row, 2)], "抽中组号");
    for class in 1..=4u32 {
        let row = header_row + class;
        assert_eq!(cells[&(row, 0)], format!("七({class})班"));
        assert_eq!(cells[&(row, 1)], teachers[class as usize - 1]);
        assert!(!cells.contains_key(&(row, 2)), "抽中组号 starts empty");
    }
    assert_ne!(
        cells.get(&(header_row + 5, 0)).map(String::as_str),
        Some("七(5)班")
    );
}

#[test]
fn draw_form_checks_drawn_group_numbers() {
    let roster = roster(2000);
    let grouping = grouping(&roster, 45);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("抽签记录表.xlsx");

    drawform::write(&path, &grouping, &info(&roster, Some(&grouping)), None).unwrap();

    let range = &read_sheets(&path)[0].1;
    let (header_row, _) = find(range, "抽中组号").unwrap();
    let (first, last) = (header_row + 2, header_row + 46);
    let xml = zip_entry(&path, "xl/worksheets/sheet1.xml");
    let validation = xml
        .split("<dataValidation ")
        .nth(1)
        .expect("a data validation");
    assert!(validation.starts_with(r#"type="whole""#));
    assert!(validation.contains(&format!(r#"sqref="C{first}:C{last}""#)));
    assert!(validation.contains(r#"errorTitle="组号无效""#));
    assert!(xml.contains("<formula1>1</formula1><formula2>45</formula2>"));
    assert!(xml.contains(&format!("COUNTIF($C${first}:$C${last},C{first})&gt;1")));
    assert!(xml.contains("<sheetProtection"));
    assert_eq!(texts(range)[&(header_row + 45, 0)], "七(45)班");
}

#[test]
fn draw_form_of_45_classes_keeps_signatures_with_last_classes() {
    let roster = roster(2000);
    let grouping = grouping(&roster, 45);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("抽签记录表.xlsx");

    drawform::write(&path, &grouping, &info(&roster, Some(&grouping)), None).unwrap();

    let range = &read_sheets(&path)[0].1;
    let (last_class, _) = find(range, "七(45)班").unwrap();
    let (signer, _) = find(range, "签字人员").unwrap();
    let last_row = texts(range).keys().map(|&(row, _)| row).max().unwrap();
    let breaks = page_breaks(&zip_entry(&path, "xl/worksheets/sheet1.xml"));
    assert!(!breaks.is_empty(), "45 classes take more than one page");
    let page = page_of(signer, &breaks);
    assert_eq!(
        page_of(last_row, &breaks),
        page,
        "signatures split: {breaks:?}"
    );
    assert_eq!(
        page_of(last_class, &breaks),
        page,
        "signatures without a class above them: {breaks:?}"
    );
}

#[test]
fn draw_form_without_grade_names_classes_by_number() {
    let roster = roster(93);
    let grouping = grouping(&roster, 4);
    let mut info = info(&roster, Some(&grouping));
    info.grade = None;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("抽签记录表.xlsx");

    drawform::write(&path, &grouping, &info, None).unwrap();

    let range = &read_sheets(&path)[0].1;
    let (header_row, _) = find(range, "班级").unwrap();
    assert_eq!(texts(range)[&(header_row + 3, 0)], "第3班");
}

#[test]
fn problem_list_rows_fit_their_wrapped_text() {
    let mut report = Report::new();
    let at = |row| Location::cell("名单.xlsx", SHEET, CellRef::new(row, 3));
    let formula = |text: String| ReadProblem::FormulaWithoutValue { formula: text };
    report.notice(at(1), formula("A1".to_string()));
    report.notice(at(2), formula("A1+".repeat(80)));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("名单检查报告.xlsx");

    problems::write(&path, &report, "").unwrap();

    let range = &read_sheets(&path)[0].1;
    let cells = texts(range);
    assert!(cells[&(2, 5)].contains(&"A1+".repeat(80)));
    let xml = zip_entry(&path, "xl/worksheets/sheet1.xml");
    let heights = row_heights(&xml);
    // The long formula takes at least two more lines of 10.5 pt text than the short one.
    assert!(heights[&2] >= heights[&1] + 28.0, "{heights:?}");
    assert!(
        xml.contains("&amp;R&amp;10________"),
        "a blank for the school"
    );
}

#[test]
fn problem_list_names_the_school_in_its_header() {
    let mut report = Report::new();
    report.notice(
        Location::file("名单.xlsx"),
        ReadProblem::FormulaWithoutValue {
            formula: "A1".to_string(),
        },
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("名单检查报告.xlsx");

    problems::write(&path, &report, "南京市第一中学").unwrap();

    let xml = zip_entry(&path, "xl/worksheets/sheet1.xml");
    assert!(xml.contains("&amp;R&amp;10南京市第一中学"), "{xml}");
}

#[test]
fn confirmation_shows_grouped_fingerprint_and_counts() {
    let roster = roster(93);
    let info = info(&roster, None);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("名单确认单.xlsx");

    confirm::write(&path, &roster, &info).unwrap();

    let sheets = read_sheets(&path);
    assert_eq!(sheets.len(), 1);
    let cells = texts(&sheets[0].1);
    let values: Vec<&String> = cells.values().collect();
    let grouped = info.roster.grouped();
    let groups: Vec<&str> = grouped.split(' ').collect();
    let first_line = groups[..8].join(" ");
    let second_line = groups[8..].join(" ");
    let first_at = values
        .iter()
        .position(|v| **v == first_line)
        .expect("first line");
    assert_eq!(*values[first_at + 1], second_line);
    assert!(
        values
            .iter()
            .any(|v| v.contains("共 93 人，其中男生 47 人，女生 46 人"))
    );
    assert!(values.iter().any(|v| v.contains("2025级新生名单.xlsx")));
    assert!(values.iter().any(|v| v.contains("公开随机种子")));
    for role in [
        "名单分配组",
        "纪检监督人员",
        "教育局（基教科）工作人员",
        "学校经办人",
    ] {
        assert!(values.iter().any(|v| *v == role), "{role}");
    }
}

#[test]
fn confirmation_without_class_count_leaves_blank() {
    let roster = roster(93);
    let mut info = info(&roster, None);
    info.classes = None;
    info.school = String::new();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("名单确认单.xlsx");

    confirm::write(&path, &roster, &info).unwrap();

    let cells = texts(&read_sheets(&path)[0].1);
    let values: Vec<&String> = cells.values().collect();
    assert!(values.iter().any(|v| *v == "班级数（分组数）：________"));
    assert!(values.iter().any(|v| *v == "学校：________"));
}

#[test]
fn existing_file_is_never_overwritten() {
    let roster = roster(93);
    let grouping = grouping(&roster, 4);
    let info = info(&roster, Some(&grouping));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("分组名单.xlsx");
    fs::write(&path, b"signed list").unwrap();

    let result = groups::write(&path, &roster, &grouping, &info);

    assert_eq!(
        result,
        Err(Error::Write {
            path: path.clone(),
            fault: WriteFault::Exists
        })
    );
    assert_eq!(fs::read(&path).unwrap(), b"signed list");
    let leftovers = fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 1, "no temporary file left behind");
}

#[test]
fn every_workbook_prints_on_a4_with_footer() {
    let roster = roster(93);
    let grouping = grouping(&roster, 4);
    let info = info(&roster, Some(&grouping));
    let dir = tempfile::tempdir().unwrap();
    let confirm_path = dir.path().join("名单确认单.xlsx");
    let groups_path = dir.path().join("分组名单.xlsx");
    let envelope_path = dir.path().join("信封封面.xlsx");
    let draw_path = dir.path().join("抽签记录表.xlsx");

    confirm::write(&confirm_path, &roster, &info).unwrap();
    groups::write(&groups_path, &roster, &grouping, &info).unwrap();
    envelope::write(&envelope_path, &roster, &grouping, &info).unwrap();
    drawform::write(&draw_path, &grouping, &info, None).unwrap();

    for path in [&confirm_path, &envelope_path, &draw_path] {
        let xml = zip_entry(path, "xl/worksheets/sheet1.xml");
        assert!(xml.contains(r#"paperSize="9""#), "{path:?}");
        assert!(xml.contains("第 &amp;P 页 共 &amp;N 页"), "{path:?}");
    }
    // The group lists count their pages themselves, because &N counts every sheet when
    // the workbook is printed at once.
    let summary_xml = zip_entry(&groups_path, "xl/worksheets/sheet1.xml");
    assert!(summary_xml.contains(r#"paperSize="9""#));
    assert!(summary_xml.contains("第 &amp;P 页 共 1 页"));
    let seal = grouping.seals(&roster.students)[1].short();
    let group_xml = zip_entry(&groups_path, "xl/worksheets/sheet3.xml");
    assert!(group_xml.contains(&format!("本组校验码 {seal}")));
    assert!(group_xml.contains("分组名单 第2组"));
    let footer = group_xml.split("<oddFooter>").nth(1).unwrap_or_default();
    let pages = footer
        .split("&amp;R&amp;9第 &amp;P 页 共 ")
        .nth(1)
        .and_then(|rest| rest.split(" 页</oddFooter>").next())
        .and_then(|n| n.parse::<u32>().ok());
    assert!(matches!(pages, Some(1..=3)), "{footer}");
    assert!(group_xml.contains(r#"useFirstPageNumber="1""#));
    assert!(
        !group_xml.contains("fitToHeight"),
        "a fixed scale keeps the page breaks"
    );
}

#[test]
fn properties_carry_fingerprints_and_run_time() {
    let roster = roster(93);
    let grouping = grouping(&roster, 4);
    let info = info(&roster, Some(&grouping));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("分组名单.xlsx");

    groups::write(&path, &roster, &grouping, &info).unwrap();

    let custom = zip_entry(&path, "docProps/custom.xml");
    for name in [
        "roster_fingerprint",
        "grouping_fingerprint",
        "seed",
        "algorithm",
        "tool_version",
    ] {
        assert!(custom.contains(&format!(r#"name="{name}""#)), "{name}");
    }
    assert!(custom.contains(&info.roster.hex()));
    let core = zip_entry(&path, "docProps/core.xml");
    assert!(core.contains("2025-08-20T09:30:00Z"));
    assert!(core.contains("<dc:creator>bianban</dc:creator>"));
}

#[test]
fn same_inputs_give_same_bytes() {
    let roster = roster(93);
    let grouping = grouping(&roster, 4);
    let info = info(&roster, Some(&grouping));
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("a.xlsx");
    let second = dir.path().join("b.xlsx");

    groups::write(&first, &roster, &grouping, &info).unwrap();
    groups::write(&second, &roster, &grouping, &info).unwrap();

    assert_eq!(fs::read(&first).unwrap(), fs::read(&second).unwrap());
}
