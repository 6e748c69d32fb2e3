//! The roster stage on messy rosters as schools keep them: each fixture in
//! `tests/fixtures/cases/` gets the students and the problems a careful clerk would expect.

use std::path::{Path, PathBuf};

use bianban::diag::{Problem, ProblemKind, Report, Severity};
use bianban::error::Error;
use bianban::read::ReadProblem;
use bianban::roster::{
    self, DateFault, Gender, IdFault, Roster, RosterOptions, RosterProblem, ScoreFault, StudentId,
};
use bianban::table::{Field, TableProblem};
use chrono::NaiveDate;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cases")
        .join(name)
}

fn options() -> RosterOptions {
    RosterOptions {
        today: NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
        ..Default::default()
    }
}

fn read_with(name: &str, options: &RosterOptions) -> (Roster, Report) {
    let mut report = Report::new();
    match roster::read_roster(&fixture(name), options, &mut report) {
        Ok(roster) => (roster, report),
        Err(e) => panic!("{name}: {e:?}"),
    }
}

fn read(name: &str) -> (Roster, Report) {
    read_with(name, &options())
}

/// The roster problems at a cell such as `D3`.
fn at<'a>(report: &'a Report, cell: &str) -> Vec<&'a Problem> {
    report
        .problems
        .iter()
        .filter(|p| p.at.cell.is_some_and(|c| c.to_string() == cell))
        .collect()
}

fn roster_problem_at(report: &Report, cell: &str) -> Option<(Severity, RosterProblem)> {
    at(report, cell).into_iter().find_map(|p| match &p.kind {
        ProblemKind::Roster(r) => Some((p.severity, r.clone())),
        _ => None,
    })
}

fn id_fault_at(report: &Report, cell: &str) -> Option<IdFault> {
    match roster_problem_at(report, cell) {
        Some((Severity::Error, RosterProblem::IdInvalid { fault, .. })) => Some(fault),
        _ => None,
    }
}

#[test]
fn id_in_number_cell_is_error_even_when_check_digit_passes() {
    let (roster, report) = read("id_typed_into_number_cells.xlsx");
    assert_eq!(roster.students.len(), 12);
    for cell in ["D3", "D4", "D6", "D7", "D9", "D10", "D12"] {
        assert_eq!(
            id_fault_at(&report, cell),
            Some(IdFault::NumberCell),
            "{cell}"
        );
    }
    for cell in ["D2", "D5", "D8", "D11", "D13"] {
        assert!(
            at(&report, cell).is_empty(),
            "{cell} is a text ID and valid"
        );
    }
    // No repaired number is ever kept.
    let li = roster.students.iter().find(|s| s.name == "李思远").unwrap();
    assert_eq!(li.id, StudentId::Missing);
}

#[test]
fn untidy_ids_are_normalised_with_notices() {
    let (roster, report) = read("id_untidy_but_valid.xlsx");
    assert!(!report.has_errors(), "{:?}", report.problems);
    // All twelve IDs are valid; rows 2 and 5 are the same student written two ways.
    assert_eq!(roster.students.len(), 11);
    let duplicates = report
        .problems
        .iter()
        .filter(|p| {
            matches!(
                p.kind,
                ProblemKind::Roster(RosterProblem::DuplicateRow { .. })
            )
        })
        .count();
    assert_eq!(duplicates, 1);
    let normalised = report
        .problems
        .iter()
        .filter(|p| {
            matches!(
                p.kind,
                ProblemKind::Roster(RosterProblem::IdNormalized { .. })
            )
        })
        .filter(|p| p.severity == Severity::Notice)
        .count();
    assert_eq!(normalised, 10);
    assert!(roster.students.iter().all(|s| s.id.as_resident().is_some()));
    assert_eq!(roster.students[0].id.display(), "51010720110422027X");
}

#[test]
fn every_invalid_id_row_gets_its_reason() {
    let (roster, report) = read("id_invalid_kinds.xlsx");
    assert_eq!(
        roster.students.len(),
        14,
        "every student stays in the report"
    );
    let expected = [
        ("E2", IdFault::CheckDigit { expected: '1' }),
        ("E3", IdFault::BirthDate),
        ("E4", IdFault::Length { chars: 17 }),
        ("E5", IdFault::Length { chars: 19 }),
        ("E6", IdFault::OldFifteenDigit),
        ("E7", IdFault::TemporaryNumber),
        ("E8", IdFault::Placeholder),
        ("E9", IdFault::Placeholder),
        ("E10", IdFault::LooksLikeDate),
        ("E14", IdFault::ImplausibleAge { age: 1 }),
    ];
    for (cell, fault) in expected {
        assert_eq!(id_fault_at(&report, cell), Some(fault), "{cell}");
    }
    assert!(matches!(
        roster_problem_at(&report, "E11"),
        Some((Severity::Warning, RosterProblem::IdFromStudentNo { .. }))
    ));
    assert!(matches!(
        roster_problem_at(&report, "E12"),
        Some((
            Severity::Error,
            RosterProblem::IdMissing {
                written: None,
                allowed: false
            }
        ))
    ));
    assert!(matches!(
        roster_problem_at(&report, "E13"),
        Some((
            Severity::Error,
            RosterProblem::IdMissing {
                written: Some(_),
                allowed: false
            }
        ))
    ));
    assert!(at(&report, "E15").is_empty());
}

#[test]
fn missing_ids_allowed_explicitly_become_warnings() {
    let allow = RosterOptions {
        allow_missing_id: true,
        ..options()
    };
    let (_, report) = read_with("id_invalid_kinds.xlsx", &allow);
    for cell in ["E12", "E13"] {
        assert!(matches!(
            roster_problem_at(&report, cell),
            Some((
                Severity::Warning,
                RosterProblem::IdMissing { allowed: true, .. }
            ))
        ));
    }
}

#[test]
fn header_variants_map_and_parent_id_is_ignored() {
    let (roster, report) = read("header_variants.xlsx");
    assert_eq!(roster.students.len(), 10);
    assert!(!report.has_errors(), "{:?}", report.problems);
    let columns = &roster.layouts[0].columns;
    let col_of = |f: Field| columns.iter().find(|c| c.field == f).map(|c| c.col);
    assert_eq!(col_of(Field::Name), Some(1));
    assert_eq!(col_of(Field::Gender), Some(2));
    assert_eq!(col_of(Field::BirthDate), Some(3));
    assert_eq!(
        col_of(Field::IdNumber),
        Some(4),
        "公民身份号码, not 家长身份证号"
    );
    assert_eq!(col_of(Field::StudentNo), Some(6));
    assert_eq!(col_of(Field::Score), Some(8));
    assert!(roster.extra_headers.contains(&"家长身份证号".to_string()));
    assert_eq!(roster.students[0].id.display(), "110101201101010207");
    assert_eq!(roster.students[0].score, Some(60.0));
}

#[test]
fn names_are_cleaned_and_changes_reported() {
    let (roster, report) = read("name_whitespace.xlsx");
    let names: Vec<&str> = roster.students.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "王芳",
            "李明",
            "张子涵",
            "刘浩然",
            "陈可欣",
            "杨梓轩",
            "赵一诺",
            "黄俊杰",
            "周欣怡",
            "吴宇航",
            "Anna Li",
            "徐若曦"
        ]
    );
    let cleaned = report
        .problems
        .iter()
        .filter(|p| {
            matches!(
                &p.kind,
                ProblemKind::Roster(RosterProblem::TextCleaned {
                    field: Field::Name,
                    ..
                })
            )
        })
        .count();
    assert_eq!(cleaned, 12);
}

#[test]
fn gender_spellings_map_and_conflict_names_both() {
    let (roster, report) = read("gender_spellings.xlsx");
    assert_eq!(roster.students.len(), 23);
    for cell in ["C19", "C20", "C21", "C22", "C23"] {
        assert!(
            matches!(
                roster_problem_at(&report, cell),
                Some((Severity::Warning, RosterProblem::GenderFromId { .. }))
            ),
            "{cell}"
        );
    }
    assert!(matches!(
        roster_problem_at(&report, "C24"),
        Some((
            Severity::Error,
            RosterProblem::GenderConflict {
                written: Gender::Female,
                from_id: Gender::Male,
                ..
            }
        ))
    ));
    let boys = roster.boys();
    assert_eq!(boys + roster.girls(), 23);
    assert_eq!(roster.students[4].gender, Gender::Male, "M");
    assert_eq!(roster.students[9].gender, Gender::Female, "2 as a number");
}

#[test]
fn birth_dates_parse_or_are_reported() {
    let (roster, report) = read("birth_date_formats.xlsx");
    assert_eq!(roster.students.len(), 18);
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    assert_eq!(
        roster.students[2].birth,
        date(2013, 11, 15),
        "serial number"
    );
    assert_eq!(roster.students[7].birth, date(2012, 12, 22), "20121222");
    let fault = |cell| match roster_problem_at(&report, cell) {
        Some((_, RosterProblem::BirthDateInvalid { fault, .. })) => Some(fault),
        _ => None,
    };
    assert_eq!(fault("E11"), Some(DateFault::Ambiguous));
    assert_eq!(fault("E14"), Some(DateFault::Impossible));
    assert_eq!(fault("E15"), Some(DateFault::TwoDigitYear));
    assert_eq!(fault("E19"), Some(DateFault::Incomplete));
    assert!(matches!(
        roster_problem_at(&report, "E17"),
        Some((Severity::Warning, RosterProblem::BirthDateMismatch { .. }))
    ));
    assert!(
        !report.has_errors(),
        "birth date problems are warnings: the ID is authoritative"
    );
}

#[test]
fn title_rows_above_header_and_real_cell_names() {
    let (roster, report) = read("title_rows_above_header.xlsx");
    assert_eq!(roster.layouts[0].header_row, 3);
    assert_eq!(roster.students.len(), 12);
    assert!(matches!(
        id_fault_at(&report, "E9"),
        Some(IdFault::CheckDigit { .. })
    ));
}

#[test]
fn blank_rows_footer_and_example_are_skipped() {
    let (roster, report) = read("blank_rows_and_footer.xlsx");
    assert_eq!(roster.students.len(), 20);
    assert!(roster.students.iter().all(|s| s.name != "张三"));
    let example = report.problems.iter().any(|p| {
        p.severity == Severity::Warning
            && matches!(p.kind, ProblemKind::Table(TableProblem::ExampleRow))
    });
    assert!(example);
    let footers = report
        .problems
        .iter()
        .filter(|p| matches!(p.kind, ProblemKind::Table(TableProblem::FooterRow { .. })))
        .count();
    assert_eq!(footers, 3, "合计, 注 and 制表人");
    assert!(
        !report.has_errors(),
        "the =SUM in the footer is not a data cell: {:?}",
        report.problems
    );
}

#[test]
fn merged_data_cells_are_filled() {
    let (roster, report) = read("merged_data_cells.xlsx");
    assert_eq!(roster.students.len(), 15);
    assert!(roster.students.iter().all(|s| s.from_school.is_some()));
    assert_eq!(roster.students[2].from_school.as_deref(), Some("第一小学"));
    assert_eq!(roster.students[14].from_school.as_deref(), Some("希望小学"));
    assert_eq!(
        roster.students[2].field_text(Field::OriginalClass),
        Some("六(1)班")
    );
    let filled = report
        .problems
        .iter()
        .filter(|p| {
            matches!(
                p.kind,
                ProblemKind::Table(TableProblem::MergedFilled { .. })
            )
        })
        .count();
    assert_eq!(filled, 7);
}

#[test]
fn duplicates_are_merged_conflicts_flagged_namesakes_marked() {
    let (roster, report) = read("duplicates_and_namesakes.xlsx");
    let kinds: Vec<(Severity, &RosterProblem, Option<u32>)> = report
        .problems
        .iter()
        .filter_map(|p| match &p.kind {
            ProblemKind::Roster(r) => Some((p.severity, r, p.at.row)),
            _ => None,
        })
        .collect();
    let duplicate_rows: Vec<u32> = kinds
        .iter()
        .filter(|(s, r, _)| {
            *s == Severity::Warning && matches!(r, RosterProblem::DuplicateRow { .. })
        })
        .filter_map(|(_, _, row)| row.map(|r| r + 1))
        .collect();
    assert_eq!(duplicate_rows, [12, 14, 15]);
    let conflicts: Vec<u32> = kinds
        .iter()
        .filter(|(s, r, _)| *s == Severity::Error && matches!(r, RosterProblem::DuplicateId { .. }))
        .filter_map(|(_, _, row)| row.map(|r| r + 1))
        .collect();
    assert_eq!(conflicts, [13]);
    assert!(
        kinds
            .iter()
            .any(|(_, r, _)| matches!(r, RosterProblem::PossibleDuplicate { .. }))
    );
    let marks: Vec<&str> = roster
        .students
        .iter()
        .filter(|s| s.name == "刘浩然")
        .filter_map(|s| s.namesake_mark.as_deref())
        .collect();
    assert_eq!(marks, ["生于2011-04-22", "生于2012-09-09"]);
    assert_eq!(roster.students.len(), 13);
}

#[test]
fn possible_duplicate_is_not_also_called_namesake() {
    let (_, report) = read("duplicates_and_namesakes.xlsx");
    let roster_problems: Vec<(Option<u32>, &RosterProblem)> = report
        .problems
        .iter()
        .filter_map(|p| match &p.kind {
            ProblemKind::Roster(r) => Some((p.at.row, r)),
            _ => None,
        })
        .collect();
    let possible: Vec<Option<u32>> = roster_problems
        .iter()
        .filter(|(_, r)| matches!(r, RosterProblem::PossibleDuplicate { .. }))
        .map(|(row, _)| row.map(|r| r + 1))
        .collect();
    assert_eq!(possible, [Some(17)], "reported once, at the row without ID");
    let namesakes: Vec<&str> = roster_problems
        .iter()
        .filter_map(|(_, r)| match r {
            RosterProblem::Namesake { name, .. } => Some(name.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        namesakes,
        ["刘浩然", "刘浩然"],
        "王雨桐 is not called two students"
    );
}

#[test]
fn same_id_and_name_is_not_called_namesake() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("名单.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let rows = [
        ["姓名", "性别", "身份证号", "毕业学校"],
        ["张伟", "男", "420102201302080315", "第一小学"],
        ["张伟", "男", "420102201302080315", "第二小学"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *value).unwrap();
        }
    }
    book.save(&path).unwrap();

    let mut report = Report::new();
    roster::read_roster(&path, &options(), &mut report).unwrap();
    let kinds: Vec<&RosterProblem> = report
        .problems
        .iter()
        .filter_map(|p| match &p.kind {
            ProblemKind::Roster(r) => Some(r),
            _ => None,
        })
        .collect();

    assert!(
        kinds
            .iter()
            .any(|r| matches!(r, RosterProblem::DuplicateId { .. })),
        "{kinds:?}"
    );
    assert!(
        !kinds
            .iter()
            .any(|r| matches!(r, RosterProblem::Namesake { .. })),
        "{kinds:?}"
    );
}

#[test]
fn renamed_xlsx_and_web_page_read_the_same_students() {
    let (renamed, report) = read("xlsx_renamed_to_xls.xls");
    assert!(!renamed.students.is_empty());
    assert!(report.problems.iter().any(|p| matches!(
        p.kind,
        ProblemKind::Read(ReadProblem::FormatByContent { .. })
    )));
    let (web, report) = read("web_page_named_xls.xls");
    assert!(web.students.iter().any(|s| s.name == "张子涵"));
    assert!(
        report
            .problems
            .iter()
            .any(|p| matches!(p.kind, ProblemKind::Read(ReadProblem::WebPageTable)))
    );
}

#[test]
fn gbk_and_utf8_csv_give_the_same_students() {
    let (gbk, gbk_report) = read("roster_gbk.csv");
    let (utf8, _) = read("roster_utf8_bom.csv");
    assert_eq!(gbk.students.len(), 8);
    assert_eq!(utf8.students.len(), 8);
    for (a, b) in gbk.students.iter().zip(&utf8.students) {
        if a.name != "李?" {
            assert_eq!(a.name, b.name);
        }
        assert_eq!(a.from_school, b.from_school);
    }
    assert_eq!(
        gbk.students[3].from_school.as_deref(),
        Some("第一小学,东校区")
    );
    assert_eq!(
        id_fault_at(&gbk_report, "D3"),
        Some(IdFault::ScientificText)
    );
    assert!(matches!(
        roster_problem_at(&gbk_report, "B4"),
        Some((Severity::Warning, RosterProblem::NameLostCharacter { .. }))
    ));
}

#[test]
fn broken_files_give_one_clear_error() {
    let mut report = Report::new();
    let error = |name: &str, report: &mut Report| {
        roster::read_roster(&fixture(name), &options(), report).err()
    };
    assert!(matches!(
        error("empty_file.xlsx", &mut report),
        Some(Error::EmptyFile { .. })
    ));
    assert!(matches!(
        error("truncated_download.xlsx", &mut report),
        Some(Error::Damaged { .. })
    ));
    assert!(matches!(
        error("~$owner_file.xlsx", &mut report),
        Some(Error::OwnerFile { .. })
    ));
}

#[test]
fn stray_far_cell_is_ignored_with_notice() {
    let (roster, report) = read("stray_far_cell.xlsx");
    assert_eq!(roster.students.len(), 20);
    let stray = report
        .problems
        .iter()
        .find(|p| matches!(p.kind, ProblemKind::Table(TableProblem::StrayBlankCell)));
    assert_eq!(
        stray
            .and_then(|p| p.at.cell)
            .map(|c| c.to_string())
            .as_deref(),
        Some("XFD1048576")
    );
}

#[test]
fn score_variants_missing_is_never_zero() {
    let used = RosterOptions {
        score_used: true,
        ..options()
    };
    let (roster, report) = read_with("score_variants.xlsx", &used);
    let scores: Vec<Option<f64>> = roster.students.iter().map(|s| s.score).collect();
    assert_eq!(scores[0], Some(95.0));
    assert_eq!(scores[3], Some(88.5), "88.5分");
    assert_eq!(scores[4], None, "缺考 is missing, not 0");
    assert_eq!(scores[7], None, "blank is missing");
    assert_eq!(scores[9], Some(102.0), "full-width digits");
    assert_eq!(scores[11], Some(0.0), "full-width zero is a real 0");
    let fault = |cell| match roster_problem_at(&report, cell) {
        Some((Severity::Error, RosterProblem::ScoreInvalid { fault, .. })) => Some(fault),
        _ => None,
    };
    assert_eq!(fault("E14"), Some(ScoreFault::Fraction));
    assert_eq!(fault("E15"), Some(ScoreFault::ErrorValue));
    assert_eq!(fault("E17"), Some(ScoreFault::Negative));
    assert!(matches!(fault("E18"), Some(ScoreFault::TooLarge { .. })));
    assert_eq!(fault("E19"), Some(ScoreFault::NotANumber));
    assert!(matches!(
        roster_problem_at(&report, "E6"),
        Some((Severity::Notice, RosterProblem::ScoreMissing { .. }))
    ));
}

#[test]
fn score_problems_are_warnings_when_scores_unused() {
    let (_, report) = read("score_variants.xlsx");
    assert!(matches!(
        roster_problem_at(&report, "E19"),
        Some((
            Severity::Warning,
            RosterProblem::ScoreInvalid { used: false, .. }
        ))
    ));
}

#[test]
fn csv_scores_as_text_give_no_notice() {
    // Every CSV cell is text; only an xlsx number typed as text is worth pointing out.
    let (roster, report) = read("roster_utf8_bom.csv");
    assert_eq!(roster.students[0].score, Some(60.0));
    let notes = report
        .problems
        .iter()
        .filter(|p| matches!(p.kind, ProblemKind::Roster(RosterProblem::ScoreNote { .. })))
        .count();
    assert_eq!(notes, 0);
}

#[test]
fn serial_number_as_text_date_message_fits() {
    let (_, report) = read("birth_date_formats.xlsx");
    let problem = at(&report, "E16").into_iter().next().expect("E16 reported");
    let text = bianban::messages::problem_text(problem);
    assert!(text.contains("日期序号"), "{text}");
    assert!(!text.contains("2011.1"), "{text}");
}
