//! The teacher check on teacher sheets as schools keep them: the messy C27 sheet, the
//! example workbooks, and fixtures that are balanced, unbalanced, incomplete and malformed
//! (made by `tests/fixtures/teachers/make_fixtures.py`). The binary is run in a temp folder
//! and 教师均衡检查.xlsx and 抽签记录表.xlsx are read back with calamine.

mod support;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use bianban::diag::{Problem, ProblemKind, Report, Severity};
use bianban::roster::{Gender, RosterProblem};
use bianban::teachers::{self, TeacherProblem, TeacherSheets, Title};
use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use chrono::NaiveDate;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/teachers")
        .join(name)
}

fn case(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cases")
        .join(name)
}

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/data")
        .join(name)
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 8, 20).unwrap()
}

fn read(paths: &[PathBuf]) -> (TeacherSheets, Report) {
    let mut report = Report::new();
    match teachers::read_teams(paths, None, today(), &mut report) {
        Ok(sheets) => (sheets, report),
        Err(e) => panic!("{paths:?}: {e:?}"),
    }
}

/// Returns the problems located at a cell such as `A9`.
fn at<'a>(report: &'a Report, cell: &str) -> Vec<&'a Problem> {
    report
        .problems
        .iter()
        .filter(|p| p.at.cell.is_some_and(|c| c.to_string() == cell))
        .collect()
}

fn teacher_problem_at(report: &Report, cell: &str) -> Option<(Severity, TeacherProblem)> {
    at(report, cell).into_iter().find_map(|p| match &p.kind {
        ProblemKind::Teacher(t) => Some((p.severity, t.clone())),
        _ => None,
    })
}

fn teacher<'a>(sheets: &'a TeacherSheets, name: &str) -> &'a teachers::Teacher {
    sheets
        .teachers
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no teacher {name}"))
}

// The C27 sheet: one row per class with the head teacher's details.

#[test]
fn c27_every_spelling_gives_one_class_key() {
    let (sheets, _) = read(&[case("teacher_sheet_messy.xlsx")]);
    let numbers: Vec<u32> = sheets.classes.iter().map(|c| c.class.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for class in &sheets.classes {
        assert_eq!(
            class.class.grade,
            Some(bianban::classname::Grade::SEVENTH),
            "{}",
            class.written
        );
    }
    let written: Vec<&str> = sheets.classes[..6]
        .iter()
        .map(|c| c.written.as_str())
        .collect();
    assert_eq!(
        written,
        ["七(1)班", "七（2）班", "7.3班", "初一4班", "七年级5班", "6"]
    );
}

#[test]
fn c27_duplicate_class_rows_reported() {
    let (sheets, report) = read(&[case("teacher_sheet_messy.xlsx")]);
    let Some((
        severity,
        TeacherProblem::DuplicateClass {
            class,
            first,
            first_head,
            head,
        },
    )) = teacher_problem_at(&report, "A9")
    else {
        panic!("no duplicate at A9: {:?}", at(&report, "A9"));
    };
    assert_eq!(severity, Severity::Error);
    assert_eq!(class, "七(7)班");
    assert_eq!(first.cell.map(|c| c.to_string()).as_deref(), Some("A8"));
    assert_eq!(first_head, None);
    assert_eq!(head.as_deref(), Some("孙丽"));
    let seventh = sheets.class(7).unwrap();
    assert_eq!(
        seventh.at.cell.map(|c| c.to_string()).as_deref(),
        Some("A8")
    );
    assert!(seventh.heads.is_empty());
    assert_eq!(sheets.teams.class(7).unwrap().head_teacher, None);
}

#[test]
fn c27_teaching_years_parse_into_years() {
    let (sheets, report) = read(&[case("teacher_sheet_messy.xlsx")]);
    let expected = [
        ("张明华", 15.0),
        ("李静", 8.0),
        ("王建国", 22.0),
        ("刘芳", 12.0),
        ("陈晓燕", 0.25),
        ("孙丽", 30.0),
        ("周伟", 7.5),
        ("吴敏", 10.0),
    ];
    for (name, years) in expected {
        assert_eq!(teacher(&sheets, name).years, Some(years), "{name}");
    }
    assert_eq!(teacher(&sheets, "赵磊").years, None);
    assert_eq!(
        teacher_problem_at(&report, "E7"),
        Some((
            Severity::Warning,
            TeacherProblem::YearsMissing {
                name: "赵磊".to_string()
            }
        ))
    );
    assert_eq!(
        teacher_problem_at(&report, "E11"),
        Some((
            Severity::Notice,
            TeacherProblem::YearsApproximate {
                written: "约10年".to_string(),
                years: 10.0
            }
        ))
    );
}

#[test]
fn c27_titles_map_onto_the_ladder() {
    let (sheets, report) = read(&[case("teacher_sheet_messy.xlsx")]);
    let expected = [
        ("张明华", Title::First),
        ("李静", Title::First),
        ("王建国", Title::Senior),
        ("刘芳", Title::Senior),
        ("陈晓燕", Title::Unrated),
        ("赵磊", Title::Second),
        ("孙丽", Title::Principal),
        ("周伟", Title::Senior),
        ("吴敏", Title::Second),
    ];
    for (name, title) in expected {
        assert_eq!(teacher(&sheets, name).title, Some(title), "{name}");
    }
    let renamed = [
        ("F2", "中学一级教师", Title::First),
        ("F4", "中学高级教师", Title::Senior),
        ("F10", "副高", Title::Senior),
        ("F11", "中学二级", Title::Second),
    ];
    for (cell, written, title) in renamed {
        assert_eq!(
            teacher_problem_at(&report, cell),
            Some((
                Severity::Notice,
                TeacherProblem::TitleRenamed {
                    written: written.to_string(),
                    title
                }
            )),
            "{cell}"
        );
    }
}

#[test]
fn c27_names_genders_and_subjects_are_cleaned() {
    let (sheets, report) = read(&[case("teacher_sheet_messy.xlsx")]);
    let team = sheets.teams.class(2).unwrap();
    assert_eq!(team.head_teacher.as_deref(), Some("李静"));
    let subjects: Vec<&str> = team
        .subject_teachers
        .iter()
        .map(|s| s.subject.as_str())
        .collect();
    assert_eq!(subjects, ["数学", "物理"]);
    assert_eq!(
        sheets.teams.class(5).unwrap().subject_teachers[0].subject,
        "体育"
    );
    assert_eq!(
        sheets.teams.class(8).unwrap().head_teacher.as_deref(),
        Some("周伟")
    );
    for cell in ["B3", "B10"] {
        let cleaned = at(&report, cell).iter().any(|p| {
            matches!(
                p.kind,
                ProblemKind::Roster(RosterProblem::TextCleaned { .. })
            )
        });
        assert!(cleaned, "{cell}");
    }
    assert_eq!(teacher(&sheets, "陈晓燕").gender, Some(Gender::Female));
    assert_eq!(teacher(&sheets, "赵磊").gender, Some(Gender::Male));
    assert!(sheets.subjects.is_empty(), "only head teachers are listed");
}

#[test]
fn c27_problems_name_only_the_faulty_cells() {
    let (_, report) = read(&[case("teacher_sheet_messy.xlsx")]);
    assert_eq!(report.count(Severity::Error), 1);
    let warnings: Vec<String> = report
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Warning)
        .filter_map(|p| p.at.cell.map(|c| c.to_string()))
        .collect();
    assert_eq!(warnings, ["E7", "B8"]);
}

#[test]
fn class_note_after_number_gets_a_notice() {
    let (_, report) = read(&[case("class_names_bad_for_sheets.xlsx")]);
    let notes = [
        ("A2", 1, "英语实验班"),
        ("A4", 3, "科技特色"),
        ("A5", 4, "科技特色"),
    ];
    for (cell, number, expected) in notes {
        let found = teacher_problem_at(&report, cell);
        let Some((severity, TeacherProblem::ClassNoteDropped { class, note, .. })) = found else {
            panic!("{cell}: {found:?}");
        };
        assert_eq!(severity, Severity::Notice, "{cell}");
        assert_eq!(class.number, number, "{cell}");
        assert_eq!(note, expected, "{cell}");
    }
    let plain = teacher_problem_at(&report, "A13");
    assert!(
        !matches!(plain, Some((_, TeacherProblem::ClassNoteDropped { .. }))),
        "{plain:?}"
    );
}

// The example workbooks.

#[test]
fn example_grade7_sheet_reads_cleanly() {
    let (sheets, report) = read(&[example("教师任课表.xlsx")]);
    assert_eq!(report.count(Severity::Error), 0, "{:?}", report.problems);
    assert_eq!(report.count(Severity::Warning), 0, "{:?}", report.problems);
    assert_eq!(sheets.classes.len(), 45);
    assert_eq!(sheets.subjects.len(), 11);
    assert_eq!(sheets.teachers.len(), 158);
    assert!(sheets.teachers.iter().all(|t| t.has_details()));
    assert_eq!(
        sheets
            .teams
            .head_teachers(45)
            .iter()
            .filter(|h| h.is_empty())
            .count(),
        0
    );
    assert_eq!(
        sheets.teams.class(1).unwrap().head_teacher.as_deref(),
        Some("王琴霞")
    );
}

#[test]
fn example_grade1_sheet_reads_cleanly() {
    let (sheets, report) = read(&[example("教师任课表_一年级.xlsx")]);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(sheets.grade, Some(bianban::classname::Grade::FIRST));
    assert_eq!(sheets.classes.len(), 4);
    assert_eq!(
        sheets.subjects,
        ["语文", "数学", "道德与法治", "科学", "体育", "音乐", "美术"]
    );
}

// Fixtures.

#[test]
fn long_form_years_from_work_start() {
    let (sheets, report) = read(&[fixture("long_form.xlsx")]);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(sheets.classes.len(), 3);
    assert_eq!(
        sheets.subjects,
        ["语文", "数学", "英语", "道德与法治", "体育"]
    );
    for class in &sheets.classes {
        assert_eq!(class.assignments.len(), 5);
        assert_eq!(class.head(), class.teachers_of("语文").first().copied());
    }
    // Started in September 2013; counted to 2025-08-20: 11 years and 11 months.
    assert!(sheets.teachers.iter().all(|t| t.years == Some(11.92)));
}

#[test]
fn malformed_sheets_report_each_fault_at_its_cell() {
    let (sheets, report) = read(&[
        fixture("malformed_matrix.xlsx"),
        fixture("malformed_teachers.xlsx"),
    ]);
    let expect = |cell: &str, severity: Severity, check: &dyn Fn(&TeacherProblem) -> bool| {
        let (file, cell) = cell.split_once('!').unwrap();
        let found = at(&report, cell)
            .into_iter()
            .filter(|p| p.at.file == file)
            .find_map(|p| match &p.kind {
                ProblemKind::Teacher(t) => Some((p.severity, t.clone())),
                _ => None,
            });
        assert!(
            found
                .as_ref()
                .is_some_and(|(s, p)| *s == severity && check(p)),
            "{cell}: {found:?}"
        );
    };
    expect(
        "malformed_matrix.xlsx!A4",
        Severity::Error,
        &|p| matches!(p, TeacherProblem::DuplicateClass { class, .. } if class == "七(2)班"),
    );
    expect(
        "malformed_matrix.xlsx!A7",
        Severity::Error,
        &|p| matches!(p, TeacherProblem::ClassNameInvalid { written } if written == "高一(甲)"),
    );
    expect(
        "malformed_matrix.xlsx!E5",
        Severity::Error,
        &|p| matches!(p, TeacherProblem::AmbiguousName { name, count: 2 } if name == "王芳"),
    );
    expect(
        "malformed_matrix.xlsx!D4",
        Severity::Error,
        &|p| matches!(p, TeacherProblem::AmbiguousName { name, count: 2 } if name == "张伟"),
    );
    expect(
        "malformed_teachers.xlsx!B19",
        Severity::Error,
        &|p| matches!(p, TeacherProblem::Namesakes { name, .. } if name == "王芳"),
    );
    expect(
        "malformed_matrix.xlsx!E6",
        Severity::Error,
        &|p| matches!(p, TeacherProblem::AmbiguousName { name, .. } if name == "王芳"),
    );
    expect(
        "malformed_matrix.xlsx!G6",
        Severity::Warning,
        &|p| matches!(p, TeacherProblem::NotInTeacherTable { name } if name == "吕不在"),
    );
    expect(
        "malformed_teachers.xlsx!F10",
        Severity::Warning,
        &|p| matches!(p, TeacherProblem::TitleUnknown { written } if written == "讲师"),
    );
    expect(
        "malformed_teachers.xlsx!E5",
        Severity::Warning,
        &|p| matches!(p, TeacherProblem::YearsInvalid { written } if written == "很多年"),
    );
    assert_eq!(report.count(Severity::Error), 6);

    // Namesakes with staff numbers resolve to different teachers, printed with the numbers.
    let first_math = sheets.class(1).unwrap().teachers_of("数学")[0];
    let second_math = sheets.class(2).unwrap().teachers_of("数学")[0];
    assert_ne!(first_math, second_math);
    assert_eq!(sheets.teacher(first_math).label, "张伟(工号10)");
    assert_eq!(sheets.teacher(second_math).label, "张伟(工号11)");
    assert!(sheets.teacher(first_math).has_details());
}

#[test]
fn incomplete_teams_are_found() {
    let (sheets, mut report) = read(&[fixture("incomplete.xlsx")]);
    bianban::teachers::check::completeness(&sheets, None, &mut report);
    assert_eq!(
        teacher_problem_at(&report, "B3"),
        Some((
            Severity::Warning,
            TeacherProblem::HeadTeacherMissing {
                class: "七(2)班".to_string()
            }
        ))
    );
    assert_eq!(
        teacher_problem_at(&report, "E4"),
        Some((
            Severity::Warning,
            TeacherProblem::SubjectTeacherMissing {
                class: "七(3)班".to_string(),
                subject: "英语".to_string()
            }
        ))
    );
    assert_eq!(
        teacher_problem_at(&report, "B5"),
        Some((
            Severity::Error,
            TeacherProblem::HeadOfSeveralClasses {
                name: "卫明".to_string(),
                classes: vec!["七(1)班".to_string(), "七(4)班".to_string()]
            }
        ))
    );
    assert_eq!(report.problems.len(), 3, "{:?}", report.problems);
}

// The binary.

fn bianban() -> Command {
    Command::cargo_bin("bianban").unwrap()
}

fn sheet(path: &Path, name: &str) -> Range<Data> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    book.worksheet_range(name).unwrap()
}

fn text(range: &Range<Data>, row: u32, col: u32) -> String {
    range
        .get_value((row, col))
        .map(|d| d.to_string())
        .unwrap_or_default()
}

fn number(range: &Range<Data>, row: u32, col: u32) -> f64 {
    match range.get_value((row, col)) {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("({row}, {col}) is not a number: {other:?}"),
    }
}

/// Runs `bianban teachers` on fixtures into a temp folder; returns the exit code and the
/// workbook.
fn run_check(files: &[&str]) -> (i32, PathBuf, tempfile::TempDir) {
    let paths: Vec<PathBuf> = files.iter().map(|f| fixture(f)).collect();
    run_check_on(&paths)
}

/// Runs `bianban teachers` on these sheets into a temp folder; returns the exit code and
/// the workbook.
fn run_check_on(paths: &[PathBuf]) -> (i32, PathBuf, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let output = bianban()
        .current_dir(dir.path())
        .arg("teachers")
        .args(paths)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let book = out.join("教师均衡检查.xlsx");
    assert!(
        book.is_file(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    (output.status.code().unwrap_or(-1), book, dir)
}

/// Reads the class names and verdicts of the class rows of 各班均衡.
fn verdicts(book: &Path) -> Vec<(String, String)> {
    let range = sheet(book, "各班均衡");
    (3..)
        .map(|row| (text(&range, row, 0), text(&range, row, 14)))
        .take_while(|(class, _)| class.ends_with('班'))
        .collect()
}

#[test]
fn balanced_school_passes_with_no_swaps() {
    let (code, book, _dir) = run_check(&["balanced.xlsx"]);
    assert_eq!(code, 0);
    let verdicts = verdicts(&book);
    assert_eq!(verdicts.len(), 6);
    assert!(verdicts.iter().all(|(_, v)| v == "均衡"), "{verdicts:?}");
    let swaps = sheet(&book, "调整建议");
    assert_eq!(
        text(&swaps, 2, 0),
        "没有需要调整的班级，或者找不到能改善均衡的对调。"
    );
}

#[test]
fn stacked_class_is_flagged_and_swap_suggested() {
    let (code, book, _dir) = run_check(&["unbalanced.xlsx"]);
    assert_eq!(code, 1);
    let verdicts = verdicts(&book);
    let verdict_of = |class: &str| {
        verdicts
            .iter()
            .find(|(c, _)| c == class)
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    assert_eq!(verdict_of("七(3)班"), "偏强、强强搭配");
    assert_eq!(verdict_of("七(5)班"), "偏弱");
    for class in ["七(1)班", "七(2)班", "七(4)班", "七(6)班"] {
        assert_eq!(verdict_of(class), "均衡", "{class}");
    }
    let classes = sheet(&book, "各班均衡");
    // 七(3)班 is on row 6 (0-based 5): stacked, title points 3.8, score 1.96.
    assert_eq!(text(&classes, 5, 0), "七(3)班");
    assert_eq!(text(&classes, 5, 12), "是");
    assert_eq!(number(&classes, 5, 6), 3.8);
    assert_eq!(number(&classes, 5, 7), 19.8);
    assert_eq!(number(&classes, 5, 9), 3.0);
    assert_eq!(number(&classes, 5, 13), 1.96);
    assert!(text(&classes, 5, 15).contains("强强搭配：赵华（正高级、学科带头人）"));
    assert_eq!(number(&classes, 7, 13), -1.09);

    // One swap: the head teachers of 七(3)班 and 七(5)班, with the 语文 they teach.
    let swaps = sheet(&book, "调整建议");
    assert_eq!(
        text(&swaps, 2, 1),
        "七(3)班的班主任赵华与七(5)班的班主任吕华对调（连同所教的语文）（全年级最大综合偏离度 1.96 → 0.64）"
    );
    assert_eq!(text(&swaps, 2, 2), "七(3)班");
    assert_eq!(text(&swaps, 3, 2), "七(5)班");
    let first: Vec<f64> = (3..11).map(|col| number(&swaps, 2, col)).collect();
    assert_eq!(first, [3.8, 3.2, 19.8, 14.6, 3.0, 2.0, 1.96, 0.64]);
    let second: Vec<f64> = (3..11).map(|col| number(&swaps, 3, col)).collect();
    assert_eq!(second, [2.2, 2.8, 6.4, 11.6, 0.0, 1.0, -1.09, 0.0]);
    assert_eq!(text(&swaps, 2, 11), "偏强、强强搭配");
    assert_eq!(text(&swaps, 2, 12), "均衡");
    assert_eq!(text(&swaps, 3, 11), "偏弱");
    assert_eq!(text(&swaps, 3, 12), "均衡");
    assert_eq!(text(&swaps, 4, 1), "", "only one swap");
}

#[test]
fn incomplete_teams_exit_flagged_with_problems_listed() {
    let (code, book, _dir) = run_check(&["incomplete.xlsx"]);
    assert_eq!(code, 1);
    let problems = sheet(&book, "问题清单");
    let texts: Vec<String> = (1..4).map(|row| text(&problems, row, 5)).collect();
    assert_eq!(
        texts,
        [
            "“卫明”同时是七(1)班、七(4)班的班主任。一位教师只能担任一个班的班主任，请改正。",
            "七(2)班没有班主任。请填写班主任姓名。",
            "七(3)班没有英语教师。请填写任课教师。",
        ]
    );
    assert_eq!(text(&problems, 1, 4), "B5");
    let loads = sheet(&book, "教师任课");
    let row = (1..30).find(|&r| text(&loads, r, 0) == "卫明").unwrap();
    assert_eq!(text(&loads, row, 5), "七(1)班、七(4)班");
    assert_eq!(text(&loads, row, 6), "语文：七(1)班");
}

/// Runs `bianban teachers` on sheets in a temp folder; returns the exit code, the console
/// output and the workbook.
fn run_teachers(files: &[PathBuf]) -> (i32, String, PathBuf, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let output = bianban()
        .current_dir(dir.path())
        .arg("teachers")
        .args(files)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let said = support::said(&output);
    let book = out.join("教师均衡检查.xlsx");
    assert!(book.is_file(), "{said}");
    (output.status.code().unwrap_or(-1), said, book, dir)
}

#[test]
fn classes_missing_teachers_get_no_verdict() {
    let (code, said, book, _dir) = run_teachers(&[fixture("incomplete.xlsx")]);
    assert_eq!(code, 1, "{said}");
    let verdicts = verdicts(&book);
    let verdict_of = |class: &str| {
        let found = verdicts.iter().find(|(c, _)| c == class);
        found.map(|(_, v)| v.clone()).unwrap()
    };
    assert_eq!(verdict_of("七(2)班"), "无法判断");
    assert_eq!(verdict_of("七(3)班"), "无法判断");
    assert_eq!(verdict_of("七(1)班"), "均衡");
    assert!(said.contains("缺教师无法判断 2 个班"), "{said}");
    assert!(
        said.contains("七(2)班 无法判断：缺班主任，补齐后才能判断是否均衡"),
        "{said}"
    );
    assert!(said.contains("七(3)班 无法判断：缺英语教师"), "{said}");
    let classes = sheet(&book, "各班均衡");
    let row = (3..10)
        .find(|&r| text(&classes, r, 0) == "七(3)班")
        .unwrap();
    assert_eq!(text(&classes, row, 13), "", "no overall deviation");
    assert!(text(&classes, row, 15).contains("缺英语教师"));
}

#[test]
fn c27_class_without_teachers_gets_no_verdict() {
    let (code, said, book, _dir) = run_teachers(&[case("teacher_sheet_messy.xlsx")]);
    assert_eq!(code, 1, "{said}");
    let verdicts = verdicts(&book);
    let seventh = verdicts.iter().find(|(c, _)| c == "七(7)班").unwrap();
    assert_eq!(seventh.1, "无法判断");
    assert!(said.contains("七(7)班 无法判断：缺班主任"), "{said}");
}

#[test]
fn unbalanced_clean_sheet_not_called_clean() {
    let dir = tempfile::tempdir().unwrap();
    let sheet_file = dir.path().join("任课表.xlsx");
    support::rewrite(&fixture("unbalanced.xlsx"), &sheet_file, &|_, grid| {
        for cell in grid.iter_mut().flatten() {
            if support::text(cell) == "中学高级" {
                *cell = Data::String("高级教师".into());
            }
        }
    });
    let (code, said, _book, _dir) = run_teachers(&[sheet_file]);
    assert_eq!(code, 1, "{said}");
    assert!(
        said.contains("任课表填写检查：没有发现问题（各班是否均衡见下面的均衡检查）。"),
        "{said}"
    );
    assert!(!said.contains("检查结果：没有发现问题"), "{said}");
    assert!(said.contains("结论：有需要处理的问题"), "{said}");
}

#[test]
fn malformed_two_files_exit_flagged() {
    let (code, book, _dir) = run_check(&["malformed_matrix.xlsx", "malformed_teachers.xlsx"]);
    assert_eq!(code, 1);
    let problems = sheet(&book, "问题清单");
    let errors = (1..40).filter(|&r| text(&problems, r, 1) == "错误").count();
    assert_eq!(errors, 6);
}

#[test]
fn chart_sheet_holds_a_chart() {
    let (_, book, _dir) = run_check(&["unbalanced.xlsx"]);
    let file = std::fs::File::open(&book).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/charts/chart1.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(xml.contains("<c:barChart>"));
    assert!(xml.contains("<c:lineChart>"));
    assert!(xml.contains("各班均衡"));
    assert!(xml.contains("平均教龄"));
}

#[test]
fn figures_print_with_two_decimals() {
    let (_, book, _dir) = run_check(&["unbalanced.xlsx"]);
    // 七(3)班 on row 6: 平均职称分 (G), 平均教龄 (H) and 综合偏离度 (N) get two decimals,
    // the count of honoured teachers (J) stays as it is.
    for cell in ["G6", "H6", "N6"] {
        assert_eq!(
            number_format(&book, cell).as_deref(),
            Some("0.00"),
            "{cell}"
        );
    }
    assert_eq!(number_format(&book, "J6"), None);
}

#[test]
fn school_named_in_sheet_title_heads_the_check() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let output = bianban()
        .current_dir(dir.path())
        .arg("teachers")
        .arg(example("教师任课表.xlsx"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let book = out.join("教师均衡检查.xlsx");
    assert!(book.is_file(), "{output:?}");
    let xml = zip_entry(&book, "xl/worksheets/sheet1.xml");
    assert!(
        xml.contains("&amp;R&amp;10示例市第一中学"),
        "school in the header"
    );
    let classes = sheet(&book, "各班均衡");
    assert!(text(&classes, 0, 0).starts_with("示例市第一中学"));
}

#[test]
fn unknown_school_leaves_a_blank_in_the_header() {
    // The class sheet of this fixture has no title row.
    let (_, book, _dir) = run_check(&["incomplete.xlsx"]);
    let xml = zip_entry(&book, "xl/worksheets/sheet1.xml");
    assert!(
        xml.contains("&amp;R&amp;10________"),
        "a blank for the school"
    );
}

/// Reads the text of a file inside the xlsx zip.
fn zip_entry(path: &Path, entry: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(entry).unwrap(), &mut xml).unwrap();
    xml
}

/// Returns the custom number format of a cell of the first sheet, such as `0.00`, or
/// `None` for General and the built-in formats.
fn number_format(book: &Path, cell: &str) -> Option<String> {
    let sheet = zip_entry(book, "xl/worksheets/sheet1.xml");
    let styles = zip_entry(book, "xl/styles.xml");
    let attribute = |tag: &str, name: &str| -> Option<String> {
        let rest = tag.split(&format!(" {name}=\"")).nth(1)?;
        Some(rest.split('"').next()?.to_string())
    };
    let tag = sheet
        .split(&format!("<c r=\"{cell}\""))
        .nth(1)?
        .split('>')
        .next()?;
    let style: usize = attribute(tag, "s")?.parse().ok()?;
    let xfs = styles.split("<cellXfs").nth(1)?;
    let xf = xfs.split("<xf ").nth(style + 1)?;
    let id = attribute(&format!(" {xf}"), "numFmtId")?;
    styles
        .split("<numFmt ")
        .skip(1)
        .find(|format| attribute(&format!(" {format}"), "numFmtId").as_deref() == Some(&id))
        .and_then(|format| attribute(&format!(" {format}"), "formatCode"))
}

/// Reads the class names and head teachers of the draw form.
fn draw_form_heads(path: &Path) -> Vec<(String, String)> {
    let range = sheet(path, "抽签记录");
    let header = (0..30)
        .find(|&r| text(&range, r, 1) == "班主任")
        .expect("header row");
    (header + 1..)
        .map(|row| (text(&range, row, 0), text(&range, row, 1)))
        .take_while(|(class, _)| class.ends_with('班'))
        .collect()
}

#[test]
fn group_prints_head_teachers_on_draw_form() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let output = bianban()
        .current_dir(dir.path())
        .args(["group"])
        .arg(example("一年级新生名单.xlsx"))
        .args(["--classes", "4", "--seed", "351624", "--out"])
        .arg(&out)
        .arg("--teachers")
        .arg(example("教师任课表_一年级.xlsx"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let matrix = sheet(&example("教师任课表_一年级.xlsx"), "任课表");
    let expected: Vec<(String, String)> = (2..6)
        .map(|row| (text(&matrix, row, 0), text(&matrix, row, 1)))
        .collect();
    assert_eq!(expected[0].1, "黄莉萍");
    assert_eq!(draw_form_heads(&out.join("抽签记录表.xlsx")), expected);
}

#[test]
fn group_stops_on_teacher_sheet_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let output = bianban()
        .current_dir(dir.path())
        .args(["group"])
        .arg(example("一年级新生名单.xlsx"))
        .args(["--classes", "4", "--seed", "351624", "--out"])
        .arg(&out)
        .arg("--teachers")
        .arg(fixture("incomplete.xlsx"))
        .args(["--grade", "7"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("“卫明”同时是七(1)班、七(4)班的班主任"),
        "{stdout}"
    );
    assert!(!out.exists(), "nothing may be written");
}

#[test]
fn bare_command_reads_work_folder_sheet() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("balanced.xlsx"), dir.path().join("教师任课表.xlsx")).unwrap();
    let output = bianban()
        .current_dir(dir.path())
        .args(["teachers", "--out", "结果"])
        .output()
        .unwrap();
    let said = support::said(&output);
    assert_eq!(output.status.code(), Some(0), "{said}");
    assert!(said.contains("教师任课表.xlsx"), "{said}");
    assert!(dir.path().join("结果").join("教师均衡检查.xlsx").is_file());
}

#[test]
fn bare_command_without_sheet_names_what_to_give() {
    let dir = tempfile::tempdir().unwrap();
    let output = bianban()
        .current_dir(dir.path())
        .arg("teachers")
        .output()
        .unwrap();
    let said = support::said(&output);
    assert_eq!(output.status.code(), Some(2), "{said}");
    assert!(said.contains("没有指定教师任课表"), "{said}");
    assert!(said.contains("“任课表”"), "{said}");
}

#[test]
fn settings_sheet_names_head_teachers_on_draw_form() {
    let dir = tempfile::tempdir().unwrap();
    let roster = example("七年级新生名单.xlsx");
    let teacher_sheet = example("教师任课表.xlsx");
    std::fs::copy(&teacher_sheet, dir.path().join("任课表.xlsx")).unwrap();
    std::fs::write(
        dir.path().join("编班设置.toml"),
        "[文件]\n任课表 = \"任课表.xlsx\"\n",
    )
    .unwrap();
    let output = bianban()
        .current_dir(dir.path())
        .arg("group")
        .arg(&roster)
        .args([
            "--classes",
            "45",
            "--seed",
            "351624",
            "--school",
            "示例中学",
        ])
        .args(["--out", "分组"])
        .output()
        .unwrap();
    let said = support::said(&output);
    assert_eq!(output.status.code(), Some(0), "{said}");
    let form = sheet(&dir.path().join("分组").join("抽签记录表.xlsx"), "抽签记录");
    let head_teachers: Vec<String> = form
        .rows()
        .filter(|row| row.first().is_some_and(|c| *c == "七(1)班"))
        .map(|row| row[1].to_string())
        .collect();
    assert_eq!(head_teachers, ["王琴霞"]);
}

#[test]
fn stacked_class_never_reads_balanced_alone() {
    let (code, book, _dir) = run_check_on(&[example("教师任课表.xlsx")]);
    assert_eq!(code, 1);
    let verdicts = verdicts(&book);
    let verdict_of = |class: &str| {
        let found = verdicts.iter().find(|(c, _)| c == class);
        found.map(|(_, v)| v.clone()).unwrap()
    };
    assert_eq!(verdict_of("七(3)班"), "均衡、强强搭配");
    assert_eq!(verdict_of("七(1)班"), "均衡");
}

#[test]
fn blank_template_is_not_passed_as_balanced() {
    let dir = tempfile::tempdir().unwrap();
    let init = bianban()
        .current_dir(dir.path())
        .args(["init", "工作"])
        .output()
        .unwrap();
    assert!(init.status.success(), "{}", support::said(&init));
    let work = dir.path().join("工作");
    let output = bianban()
        .current_dir(&work)
        .arg("teachers")
        .output()
        .unwrap();
    let said = support::said(&output);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(said.contains("任课表里还没有填写任何班级"), "{said}");
    assert!(!said.contains("完整、均衡"), "{said}");
}
