//! Checks the committed example workbooks in `examples/data/`, which the README, other tests
//! and the benchmarks rely on. The files are read back with calamine, as the tool reads them.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use calamine::{Data, DataType, Range, Reader, Xlsx, open_workbook};
use chrono::{Days, NaiveDate};

// The generator itself, so a test can compare its output with the committed bytes.
#[allow(dead_code)]
#[path = "../examples/make_examples/main.rs"]
mod make_examples;

const GRADE7_ROSTER: &str = "七年级新生名单.xlsx";
const GRADE1_ROSTER: &str = "一年级新生名单.xlsx";
const GRADE7_TEACHERS: &str = "教师任课表.xlsx";
const GRADE1_TEACHERS: &str = "教师任课表_一年级.xlsx";
const LATE_STUDENTS: &str = "后转入学生.xlsx";

/// Zero-based row of the roster header (Excel row 4), under the title, info and empty rows.
const HEADER_ROW: usize = 3;

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join("data")
}

fn open(file: &str) -> Xlsx<std::io::BufReader<std::fs::File>> {
    let path = data_dir().join(file);
    open_workbook(&path).unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()))
}

fn sheet(file: &str, name: &str) -> Range<Data> {
    open(file).worksheet_range(name).unwrap()
}

/// A roster read back: header names and data rows (everything under the header).
struct Roster {
    header: Vec<String>,
    rows: Vec<Vec<Data>>,
}

impl Roster {
    fn read(file: &str) -> Roster {
        let range = sheet(file, "Sheet1");
        assert_eq!(range.start(), Some((0, 0)), "{file} starts at A1");
        let all: Vec<Vec<Data>> = range.rows().map(|row| row.to_vec()).collect();
        let header = all[HEADER_ROW]
            .iter()
            .map(|cell| cell.to_string())
            .collect();
        Roster {
            header,
            rows: all[HEADER_ROW + 1..].to_vec(),
        }
    }

    fn column(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    }

    fn cells(&self, name: &str) -> Vec<&Data> {
        let col = self.column(name);
        self.rows.iter().map(|row| &row[col]).collect()
    }

    fn strings(&self, name: &str) -> Vec<String> {
        self.cells(name)
            .iter()
            .map(|cell| cell.to_string())
            .collect()
    }
}

/// Returns whether an 18-character ID number passes the GB 11643 check (ISO 7064 MOD 11-2).
fn id_check_passes(id: &str) -> bool {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let bytes = id.as_bytes();
    if bytes.len() != 18 || !bytes[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = bytes[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    b"10X98765432"[(sum % 11) as usize] == bytes[17]
}

fn excel_date(cell: &Data) -> NaiveDate {
    let serial = cell
        .get_datetime()
        .unwrap_or_else(|| panic!("{cell:?} is not a date"))
        .as_f64();
    let base = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
    base + Days::new(serial.floor() as u64)
}

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

#[test]
fn committed_files_match_the_generator() {
    let out = tempfile::tempdir().unwrap();
    let written = make_examples::write_default_set(out.path(), make_examples::DEFAULT_SEED)
        .unwrap_or_else(|e| panic!("generator failed: {e}"));
    assert_eq!(written.len(), 5);
    for file in written {
        let name = file.path.file_name().unwrap();
        let committed = std::fs::read(data_dir().join(name)).unwrap();
        let generated = std::fs::read(&file.path).unwrap();
        assert!(
            committed == generated,
            "examples/data/{} differs from the generator's output: run \
             `cargo run --release --example make_examples` and commit the files",
            name.to_string_lossy()
        );
    }
}

#[test]
fn grade7_roster_has_2000_students() {
    let roster = Roster::read(GRADE7_ROSTER);
    assert_eq!(roster.rows.len(), 2000);
    let index: Vec<f64> = roster
        .cells("序号")
        .iter()
        .map(|c| c.get_float().unwrap())
        .collect();
    assert_eq!(index.first(), Some(&1.0));
    assert_eq!(index.last(), Some(&2000.0));
}

#[test]
fn grade7_roster_header_has_usual_columns() {
    let roster = Roster::read(GRADE7_ROSTER);
    let expected = [
        "序号",
        "姓名",
        "性别",
        "身份证号",
        "学籍号",
        "出生日期",
        "毕业学校",
        "成绩",
        "联系电话",
    ];
    assert_eq!(roster.header, expected);
}

#[test]
fn grade7_roster_is_52_percent_boys() {
    let roster = Roster::read(GRADE7_ROSTER);
    let genders = roster.strings("性别");
    let boys = genders.iter().filter(|g| *g == "男").count();
    let girls = genders.iter().filter(|g| *g == "女").count();
    assert_eq!(boys, 1040);
    assert_eq!(girls, 960);
}

#[test]
fn grade7_roster_has_12_uneven_feeder_schools() {
    let roster = Roster::read(GRADE7_ROSTER);
    let mut sizes: HashMap<String, usize> = HashMap::new();
    for school in roster.strings("毕业学校") {
        *sizes.entry(school).or_default() += 1;
    }
    assert_eq!(sizes.len(), 12);
    assert!(
        sizes.values().max().unwrap() >= &300,
        "largest feeder: {sizes:?}"
    );
    assert!(
        sizes.values().min().unwrap() <= &30,
        "smallest feeder: {sizes:?}"
    );
}

#[test]
fn title_and_info_rows_are_merged_above_header() {
    for (file, last_col) in [(GRADE7_ROSTER, 8), (GRADE1_ROSTER, 7), (LATE_STUDENTS, 9)] {
        let mut workbook = open(file);
        let merged = workbook.merge_cells_by_sheet_name("Sheet1").unwrap();
        let spans: Vec<_> = merged.iter().map(|d| (d.start, d.end)).collect();
        assert!(
            spans.contains(&((0, 0), (0, last_col))),
            "{file} title: {spans:?}"
        );
        assert!(
            spans.contains(&((1, 0), (1, last_col))),
            "{file} info: {spans:?}"
        );

        let range = workbook.worksheet_range("Sheet1").unwrap();
        let title = range.get((0, 0)).unwrap().to_string();
        assert!(title.ends_with("名单"), "{file} title: {title}");
        assert!(
            range
                .get((1, 0))
                .unwrap()
                .to_string()
                .starts_with("填报单位：教务处")
        );
        assert!(
            range
                .rows()
                .nth(2)
                .unwrap()
                .iter()
                .all(|c| *c == Data::Empty)
        );
        assert_eq!(range.get((HEADER_ROW, 0)).unwrap().to_string(), "序号");
    }
}

#[test]
fn id_numbers_pass_check_digit() {
    for file in [GRADE7_ROSTER, GRADE1_ROSTER, LATE_STUDENTS] {
        for id in Roster::read(file).strings("身份证号") {
            assert!(id_check_passes(&id), "{file}: {id}");
        }
    }
}

#[test]
fn id_sequence_digit_matches_gender() {
    for file in [GRADE7_ROSTER, GRADE1_ROSTER, LATE_STUDENTS] {
        let roster = Roster::read(file);
        for (id, gender) in roster
            .strings("身份证号")
            .iter()
            .zip(roster.strings("性别"))
        {
            let odd = (id.as_bytes()[16] - b'0') % 2 == 1;
            assert_eq!(odd, gender == "男", "{file}: {id} is {gender}");
        }
    }
}

#[test]
fn id_student_number_and_phone_cells_are_text() {
    for file in [GRADE7_ROSTER, GRADE1_ROSTER, LATE_STUDENTS] {
        let roster = Roster::read(file);
        for column in ["身份证号", "学籍号", "联系电话"] {
            for cell in roster.cells(column) {
                assert!(cell.is_string(), "{file} {column}: {cell:?}");
            }
        }
    }
}

#[test]
fn student_number_is_g_and_id() {
    for file in [GRADE7_ROSTER, GRADE1_ROSTER, LATE_STUDENTS] {
        let roster = Roster::read(file);
        for (id, number) in roster
            .strings("身份证号")
            .iter()
            .zip(roster.strings("学籍号"))
        {
            assert_eq!(number, format!("G{id}"), "{file}");
        }
    }
}

#[test]
fn phone_numbers_are_11_digit_mobiles() {
    for phone in Roster::read(GRADE7_ROSTER).strings("联系电话") {
        assert_eq!(phone.len(), 11, "{phone}");
        assert!(phone.bytes().all(|b| b.is_ascii_digit()), "{phone}");
        assert!(["13", "15", "18"].contains(&&phone[..2]), "{phone}");
    }
}

#[test]
fn id_numbers_are_unique_across_rosters() {
    let mut seen = HashSet::new();
    for file in [GRADE7_ROSTER, LATE_STUDENTS] {
        for id in Roster::read(file).strings("身份证号") {
            assert!(seen.insert(id.clone()), "{file}: {id} appears twice");
        }
    }
    let grade1 = Roster::read(GRADE1_ROSTER).strings("身份证号");
    assert_eq!(grade1.iter().collect::<HashSet<_>>().len(), grade1.len());
}

#[test]
fn birth_dates_fit_grade_and_match_id() {
    let cases = [
        (GRADE7_ROSTER, ymd(2012, 9, 1), ymd(2013, 8, 31)),
        (LATE_STUDENTS, ymd(2012, 9, 1), ymd(2013, 8, 31)),
        (GRADE1_ROSTER, ymd(2018, 9, 1), ymd(2019, 8, 31)),
    ];
    for (file, first, last) in cases {
        let roster = Roster::read(file);
        for (cell, id) in roster
            .cells("出生日期")
            .iter()
            .zip(roster.strings("身份证号"))
        {
            let birth = excel_date(cell);
            assert!(first <= birth, "{file}: {birth} is too early");
            assert!(birth <= last, "{file}: {birth} is too late");
            assert_eq!(
                birth.format("%Y%m%d").to_string(),
                id[6..14],
                "{file}: {id}"
            );
        }
    }
}

#[test]
fn grade7_roster_has_namesakes() {
    let roster = Roster::read(GRADE7_ROSTER);
    let mut ids_by_name: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, id) in roster
        .strings("姓名")
        .into_iter()
        .zip(roster.strings("身份证号"))
    {
        ids_by_name.entry(name).or_default().push(id);
    }
    let shared: Vec<_> = ids_by_name.values().filter(|ids| ids.len() > 1).collect();
    assert!(shared.len() >= 3, "namesakes: {shared:?}");
}

#[test]
fn scores_are_normal_around_75() {
    let scores: Vec<f64> = Roster::read(GRADE7_ROSTER)
        .cells("成绩")
        .iter()
        .map(|c| c.get_float().unwrap())
        .collect();
    for score in &scores {
        assert!((0.0..=100.0).contains(score), "{score}");
        assert!(
            ((score * 10.0).round() - score * 10.0).abs() < 1e-9,
            "one decimal: {score}"
        );
    }
    let mean = scores.iter().sum::<f64>() / scores.len() as f64;
    let variance = scores.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / scores.len() as f64;
    assert!((72.0..78.0).contains(&mean), "mean {mean}");
    assert!(
        (12.0..17.0).contains(&variance.sqrt()),
        "sd {}",
        variance.sqrt()
    );
}

#[test]
fn grade1_roster_has_kindergartens_and_no_score() {
    let roster = Roster::read(GRADE1_ROSTER);
    assert!(
        (150..=170).contains(&roster.rows.len()),
        "{} students",
        roster.rows.len()
    );
    assert!(roster.header.contains(&"毕业幼儿园".to_string()));
    assert!(!roster.header.contains(&"成绩".to_string()));
    assert!(!roster.header.contains(&"毕业学校".to_string()));
    let boys = roster.strings("性别").iter().filter(|g| *g == "男").count();
    let share = boys as f64 / roster.rows.len() as f64;
    assert!((0.515..0.525).contains(&share), "boys {share}");
}

#[test]
fn late_students_are_seven_other_people() {
    let late = Roster::read(LATE_STUDENTS);
    assert_eq!(late.rows.len(), 7);
    let main_ids: HashSet<String> = Roster::read(GRADE7_ROSTER)
        .strings("身份证号")
        .into_iter()
        .collect();
    for id in late.strings("身份证号") {
        assert!(!main_ids.contains(&id), "{id} is on the main roster");
    }
}

#[test]
fn late_arrivals_are_out_of_row_order_once() {
    let late = Roster::read(LATE_STUDENTS);
    let times: Vec<f64> = late
        .cells("报到时间")
        .iter()
        .map(|c| c.get_datetime().unwrap().as_f64())
        .collect();
    let descents = times.windows(2).filter(|pair| pair[0] > pair[1]).count();
    assert_eq!(descents, 1, "{times:?}");
    let distinct: HashSet<u64> = times.iter().map(|t| t.to_bits()).collect();
    assert_eq!(distinct.len(), 7);
}

/// A teacher workbook read back: the class matrix and the teacher table by name.
struct TeacherSheet {
    subjects: Vec<String>,
    classes: Vec<Vec<String>>,
    teachers: HashMap<String, Vec<Data>>,
}

impl TeacherSheet {
    fn read(file: &str) -> TeacherSheet {
        let matrix = sheet(file, "任课表");
        let rows: Vec<Vec<String>> = matrix
            .rows()
            .map(|row| row.iter().map(|c| c.to_string()).collect())
            .collect();
        assert!(rows[0][0].ends_with("教师任课表"), "title: {}", rows[0][0]);
        assert_eq!(rows[1][..2], ["班级", "班主任"]);

        let info = sheet(file, "教师信息");
        let mut info_rows = info.rows();
        let header: Vec<String> = info_rows
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(header[..2], ["姓名", "性别"]);
        assert!(header.contains(&"教龄".to_string()), "{header:?}");
        assert!(header.contains(&"职称".to_string()), "{header:?}");
        let teachers = info_rows
            .map(|row| (row[0].to_string(), row.to_vec()))
            .collect();

        TeacherSheet {
            subjects: rows[1][2..].to_vec(),
            classes: rows[2..].to_vec(),
            teachers,
        }
    }
}

#[test]
fn grade7_teacher_matrix_has_45_classes() {
    let staff = TeacherSheet::read(GRADE7_TEACHERS);
    assert_eq!(staff.classes.len(), 45);
    assert_eq!(staff.subjects.len(), 11);
    for (i, class) in staff.classes.iter().enumerate() {
        assert_eq!(class[0], format!("七({})班", i + 1));
        for name in &class[1..] {
            assert!(
                staff.teachers.contains_key(name),
                "{}: {name} not in 教师信息",
                class[0]
            );
        }
    }
}

#[test]
fn grade7_subject_teachers_take_2_to_4_classes() {
    let staff = TeacherSheet::read(GRADE7_TEACHERS);
    for (s, subject) in staff.subjects.iter().enumerate() {
        let mut loads: HashMap<&str, usize> = HashMap::new();
        for class in &staff.classes {
            *loads.entry(&class[s + 2]).or_default() += 1;
        }
        for (teacher, load) in loads {
            assert!(
                (2..=4).contains(&load),
                "{subject} {teacher}: {load} classes"
            );
        }
    }
}

#[test]
fn head_teachers_distinct_and_teaching() {
    for (file, classes) in [(GRADE7_TEACHERS, 45), (GRADE1_TEACHERS, 4)] {
        let staff = TeacherSheet::read(file);
        let heads: HashSet<&str> = staff.classes.iter().map(|c| c[1].as_str()).collect();
        assert_eq!(heads.len(), classes, "{file}: a teacher heads two classes");
        let teaching = staff
            .classes
            .iter()
            .filter(|c| c[2..].contains(&c[1]))
            .count();
        assert!(
            teaching * 10 >= classes * 8,
            "{file}: {teaching} of {classes}"
        );
    }
}

#[test]
fn grade1_teacher_matrix_has_primary_subjects() {
    let staff = TeacherSheet::read(GRADE1_TEACHERS);
    let expected = ["语文", "数学", "道德与法治", "科学", "体育", "音乐", "美术"];
    assert_eq!(staff.subjects, expected);
    let names: Vec<&str> = staff.classes.iter().map(|c| c[0].as_str()).collect();
    assert_eq!(names, ["一(1)班", "一(2)班", "一(3)班", "一(4)班"]);
}

#[test]
fn teacher_titles_and_experience_are_plausible() {
    let titles = [
        "正高级教师",
        "高级教师",
        "一级教师",
        "二级教师",
        "三级教师",
        "未定级",
    ];
    let staff = TeacherSheet::read(GRADE7_TEACHERS);
    let mut count_by_title: HashMap<String, usize> = HashMap::new();
    for (name, row) in &staff.teachers {
        let years = row[4]
            .get_float()
            .unwrap_or_else(|| panic!("{name} 教龄: {:?}", row[4]));
        assert!((0.0..=40.0).contains(&years), "{name}: {years}");
        let title = row[5].to_string();
        assert!(titles.contains(&title.as_str()), "{name}: {title}");
        *count_by_title.entry(title).or_default() += 1;
    }
    let senior = count_by_title.get("高级教师").copied().unwrap_or(0);
    let first = count_by_title.get("一级教师").copied().unwrap_or(0);
    assert!(first > senior, "{count_by_title:?}");
    assert!(
        senior * 100 < staff.teachers.len() * 45,
        "{count_by_title:?}"
    );
}
