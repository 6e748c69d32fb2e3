//! Reading every input format through `bianban::read::open`.
//!
//! Fixtures: invented messy roster files in `tests/fixtures/cases/`, and in
//! `tests/fixtures/read/` a small workbook made by `make_offset_merges_hidden_sheet.py` and
//! converted to xls and ods with LibreOffice.

use std::path::{Path, PathBuf};

use bianban::diag::{CellRef, ProblemKind, Report, Severity};
use bianban::error::{Error, NotSpreadsheetKind};
use bianban::read::{self, Format, ReadProblem, Sheet, Value, Workbook};
use chrono::NaiveDate;

fn fixture(name: &str) -> PathBuf {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let case = fixtures.join("cases").join(name);
    if case.exists() {
        case
    } else {
        fixtures.join("read").join(name)
    }
}

fn open(name: &str) -> (Workbook, Report) {
    let mut report = Report::new();
    let book = match read::open(&fixture(name), &mut report) {
        Ok(book) => book,
        Err(e) => panic!("{name} could not be read: {e:?}"),
    };
    (book, report)
}

fn open_error(path: &Path) -> Error {
    let mut report = Report::new();
    match read::open(path, &mut report) {
        Ok(book) => panic!("{} was read as {:?}", path.display(), book.format),
        Err(e) => e,
    }
}

/// Returns the value at a cell given the way Excel shows its address, such as `D7`.
fn at<'a>(sheet: &'a Sheet, address: &str) -> Option<&'a Value> {
    sheet
        .cells
        .iter()
        .find(|cell| cell.at.to_string() == address)
        .map(|cell| &cell.value)
}

fn text(s: &str) -> Option<Value> {
    Some(Value::Text(s.to_string()))
}

fn date(y: i32, m: u32, d: u32) -> Option<Value> {
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(Value::DateTime)
}

fn read_problems(report: &Report) -> Vec<(Severity, ReadProblem)> {
    report
        .problems
        .iter()
        .filter_map(|p| match &p.kind {
            ProblemKind::Read(kind) => Some((p.severity, kind.clone())),
            _ => None,
        })
        .collect()
}

fn merge_addresses(sheet: &Sheet) -> Vec<String> {
    let mut merges: Vec<String> = sheet
        .merges
        .iter()
        .map(|m| format!("{}:{}", m.first, m.last))
        .collect();
    merges.sort();
    merges
}

#[test]
fn xlsx_roster_cases_read_cell_values() {
    // (file, sheet, cell, value) for every roster case saved as xlsx.
    let cases = [
        (
            "id_typed_into_number_cells.xlsx",
            "七年级新生",
            "D2",
            text("110101201101010207"),
        ),
        (
            "id_typed_into_number_cells.xlsx",
            "七年级新生",
            "D3",
            Some(Value::Number(3.1010420120608e17)),
        ),
        ("id_untidy_but_valid.xlsx", "名单", "B1", text("姓名")),
        (
            "id_invalid_kinds.xlsx",
            "名单",
            "E9",
            text("31010420121222????"),
        ),
        ("header_variants.xlsx", "Sheet1", "B1", text("姓\u{3000}名")),
        ("name_whitespace.xlsx", "名单", "A1", text("序号")),
        ("gender_spellings.xlsx", "名单", "C1", text("性别")),
        ("birth_date_formats.xlsx", "名单", "E2", date(2011, 1, 1)),
        (
            "birth_date_formats.xlsx",
            "名单",
            "A2",
            Some(Value::Number(1.0)),
        ),
        ("title_rows_above_header.xlsx", "七年级", "B4", text("序号")),
        (
            "title_rows_above_header.xlsx",
            "七年级",
            "E9",
            text("330106201209010280"),
        ),
        ("merged_data_cells.xlsx", "名单", "A2", text("第一小学")),
        ("duplicates_and_namesakes.xlsx", "名单", "B1", text("姓名")),
        (
            "score_variants.xlsx",
            "名单",
            "E15",
            Some(Value::Error("#N/A".into())),
        ),
    ];
    for (file, sheet_name, address, expected) in cases {
        let (book, _) = open(file);
        assert_eq!(book.format, Format::Xlsx, "{file}");
        let sheet = book.sheets.iter().find(|s| s.name == sheet_name);
        let Some(sheet) = sheet else {
            panic!("{file}: no sheet {sheet_name}");
        };
        assert_eq!(at(sheet, address), expected.as_ref(), "{file} {address}");
    }
}

#[test]
fn teacher_and_class_sheets_read() {
    for file in [
        "teacher_sheet_messy.xlsx",
        "class_names_bad_for_sheets.xlsx",
    ] {
        let (book, _) = open(file);
        assert_eq!(book.sheets.len(), 1, "{file}");
        assert_eq!(book.sheets[0].name, "教师", "{file}");
        assert_eq!(at(&book.sheets[0], "B1"), text("班主任").as_ref(), "{file}");
    }
}

#[test]
fn title_rows_keep_merged_areas() {
    let (book, _) = open("title_rows_above_header.xlsx");
    assert_eq!(merge_addresses(&book.sheets[0]), ["B1:I1", "B2:I2"]);
}

#[test]
fn merged_data_cells_value_in_top_cell() {
    let (book, _) = open("merged_data_cells.xlsx");
    let sheet = &book.sheets[0];
    assert_eq!(
        merge_addresses(sheet),
        [
            "A11:A16", "A2:A6", "A7:A10", "B12:B16", "B2:B4", "B5:B6", "B7:B10"
        ]
    );
    assert_eq!(at(sheet, "A7"), text("实验小学").as_ref());
    assert_eq!(at(sheet, "A3"), None);
}

#[test]
fn formatted_empty_rows_are_not_cells() {
    let (book, _) = open("blank_rows_and_footer.xlsx");
    let sheet = &book.sheets[0];
    assert!(sheet.cells.iter().all(|c| c.value != Value::Empty));
    let last_row = sheet.cells.iter().map(|c| c.at.excel_row()).max();
    assert_eq!(last_row, Some(39));
    assert!(sheet.cells.len() < 250, "{} cells", sheet.cells.len());
}

#[test]
fn stray_far_cell_is_one_sparse_cell() {
    let (book, _) = open("stray_far_cell.xlsx");
    let sheet = &book.sheets[0];
    assert_eq!(at(sheet, "XFD1048576"), text("\u{3000}").as_ref());
    let last = sheet.cells.last().map(|c| c.at);
    assert_eq!(last, Some(CellRef::new(1_048_575, 16_383)));
    // Twenty students below the header in rows 2 to 21, one name each in column B.
    let names = sheet
        .cells
        .iter()
        .filter(|c| c.at.col == 1 && (2..=21).contains(&c.at.excel_row()))
        .count();
    assert_eq!(names, 20);
    assert_eq!(sheet.rows().count(), 22);
    assert_peak_memory_below(512 * 1024 * 1024);
}

/// Asserts that the peak resident memory of this test process stays below `bytes`. A dense
/// read of the stray cell would need hundreds of gigabytes.
#[cfg(target_os = "linux")]
fn assert_peak_memory_below(bytes: u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak_kib = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        });
    if let Some(peak_kib) = peak_kib {
        assert!(peak_kib * 1024 < bytes, "peak memory {peak_kib} KiB");
    }
}

#[cfg(not(target_os = "linux"))]
fn assert_peak_memory_below(_bytes: u64) {}

#[test]
fn renamed_xlsx_read_by_content_with_notice() {
    let (book, report) = open("xlsx_renamed_to_xls.xls");
    assert_eq!(book.format, Format::Xlsx);
    assert_eq!(at(&book.sheets[0], "B1"), text("姓名").as_ref());
    assert_eq!(
        read_problems(&report),
        [(
            Severity::Notice,
            ReadProblem::FormatByContent {
                actual: Format::Xlsx,
                extension: "xls".into()
            }
        )]
    );
}

#[test]
fn web_page_table_decoded_from_gb2312() {
    let (book, report) = open("web_page_named_xls.xls");
    assert_eq!(book.format, Format::Html);
    assert_eq!(book.sheets.len(), 1);
    let sheet = &book.sheets[0];
    assert_eq!(sheet.name, "web_page_named_xls");
    assert_eq!(at(sheet, "A1"), text("序号").as_ref());
    assert_eq!(at(sheet, "B2"), text("张子涵").as_ref());
    assert_eq!(at(sheet, "D5"), text("51010720110422027X").as_ref());
    assert_eq!(at(sheet, "F9"), text("实验小学").as_ref());
    assert_eq!(sheet.rows().count(), 9);
    assert_eq!(
        read_problems(&report),
        [(Severity::Notice, ReadProblem::WebPageTable)]
    );
}

#[test]
fn gbk_and_utf8_bom_csv_give_same_rows() {
    let (gbk, gbk_report) = open("roster_gbk.csv");
    let (utf8, utf8_report) = open("roster_utf8_bom.csv");
    assert_eq!(gbk.format, Format::Csv);
    assert_eq!(utf8.format, Format::Csv);
    let (gbk, utf8) = (&gbk.sheets[0], &utf8.sheets[0]);
    assert_eq!(gbk.name, "roster_gbk");
    assert_eq!(gbk.rows().count(), 9);
    assert_eq!(utf8.rows().count(), 9);

    // The files differ on purpose in two cells: the ID Excel rounded and the lost character.
    assert_eq!(at(gbk, "D3"), text("3.10104E+17").as_ref());
    assert_eq!(at(utf8, "D3"), text("310104201206080232").as_ref());
    assert_eq!(at(gbk, "B4"), text("李?").as_ref());
    assert_eq!(at(utf8, "B4"), text("李𠇔").as_ref());
    let same = |cell: &&bianban::read::Cell| !["D3", "B4"].contains(&cell.at.to_string().as_str());
    let gbk_rest: Vec<_> = gbk.cells.iter().filter(same).collect();
    let utf8_rest: Vec<_> = utf8.cells.iter().filter(same).collect();
    assert_eq!(gbk_rest, utf8_rest);
    assert_eq!(at(gbk, "F5"), text("第一小学,东校区").as_ref());

    let encoding = |report: &Report| read_problems(report);
    assert_eq!(
        encoding(&gbk_report),
        [(
            Severity::Notice,
            ReadProblem::CsvEncoding {
                encoding: "GB18030",
                bom: false
            }
        )]
    );
    assert_eq!(
        encoding(&utf8_report),
        [(
            Severity::Notice,
            ReadProblem::CsvEncoding {
                encoding: "UTF-8",
                bom: true
            }
        )]
    );
}

/// Checks the sheets of the workbook that `make_offset_merges_hidden_sheet.py` makes.
fn assert_offset_workbook(book: &Workbook) {
    let sheet = &book.sheets[0];
    assert_eq!(sheet.name, "名单");
    assert!(!sheet.hidden);
    assert_eq!(at(sheet, "B2"), text("七年级新生名单").as_ref());
    assert_eq!(at(sheet, "A1"), None);
    assert_eq!(at(sheet, "B4"), text("张子涵").as_ref());
    assert_eq!(at(sheet, "D4"), date(2011, 4, 22).as_ref());
    assert_eq!(at(sheet, "F4"), Some(&Value::Number(88.5)));
    assert_eq!(at(sheet, "F5"), Some(&Value::Number(97.0)));
    assert_eq!(at(sheet, "E5"), None);
    assert_eq!(at(sheet, "E6"), text("实验小学").as_ref());

    let hidden = book.sheets.iter().find(|s| s.name == "隐藏");
    assert!(hidden.is_some_and(|s| s.hidden));
    assert_eq!(hidden.and_then(|s| at(s, "A1")), text("秘密").as_ref());
}

#[test]
fn xlsx_fixture_skips_chart_sheet() {
    let (book, _) = open("offset_merges_hidden_sheet.xlsx");
    assert_offset_workbook(&book);
    let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["名单", "隐藏"]);
    assert_eq!(merge_addresses(&book.sheets[0]), ["B2:F2", "E4:E5"]);
    assert_eq!(
        at(&book.sheets[0], "F6"),
        Some(&Value::Error("#N/A".into()))
    );
}

#[test]
fn xlsx_formula_without_saved_value_keeps_formula() {
    // The reader keeps the formula; the table stage reports it only where a table uses it.
    let (book, report) = open("offset_merges_hidden_sheet.xlsx");
    assert_eq!(
        at(&book.sheets[0], "G4"),
        Some(&Value::FormulaWithoutValue("F4+1".into()))
    );
    assert!(
        report
            .problems
            .iter()
            .all(|p| p.severity != Severity::Error)
    );
}

#[test]
fn xls_fixture_reads_cells_merges_and_hidden_sheet() {
    let (book, report) = open("offset_merges_hidden_sheet.xls");
    assert_eq!(book.format, Format::Xls);
    assert_offset_workbook(&book);
    assert_eq!(merge_addresses(&book.sheets[0]), ["B2:F2", "E4:E5"]);
    assert_eq!(
        at(&book.sheets[0], "F6"),
        Some(&Value::Error("#N/A".into()))
    );
    // LibreOffice saved the calculated result of the formula.
    assert_eq!(at(&book.sheets[0], "G4"), Some(&Value::Number(89.5)));
    assert!(report.problems.is_empty());
}

#[test]
fn ods_fixture_reads_cells_merges_and_hidden_sheet() {
    let (book, report) = open("offset_merges_hidden_sheet.ods");
    assert_eq!(book.format, Format::Ods);
    assert_offset_workbook(&book);
    assert_eq!(merge_addresses(&book.sheets[0]), ["B2:F2", "E4:E5"]);
    assert_eq!(at(&book.sheets[0], "G4"), Some(&Value::Number(89.5)));
    assert!(report.problems.is_empty());
}

#[test]
fn empty_truncated_and_owner_files_fail_typed() {
    assert!(matches!(
        open_error(&fixture("empty_file.xlsx")),
        Error::EmptyFile { .. }
    ));
    assert!(matches!(
        open_error(&fixture("truncated_download.xlsx")),
        Error::Damaged { .. }
    ));
    assert!(matches!(
        open_error(&fixture("~$owner_file.xlsx")),
        Error::OwnerFile { .. }
    ));
}

/// The fixture is the offset workbook encrypted with password 1234 by msoffcrypto-tool 6.1:
/// a compound file with an `EncryptedPackage` stream, as password-protected xlsx files are.
#[test]
fn password_protected_xlsx_is_encrypted() {
    assert!(matches!(
        open_error(&fixture("password_to_open.xlsx")),
        Error::Encrypted { .. }
    ));
}

#[test]
fn owner_file_layout_found_under_another_name() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("名单.xlsx");
    std::fs::copy(fixture("~$owner_file.xlsx"), &copy).unwrap();
    assert!(matches!(open_error(&copy), Error::OwnerFile { .. }));
}

#[test]
fn pdf_and_random_bytes_are_not_spreadsheets() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("名单.xlsx");
    std::fs::write(
        &pdf,
        b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<<>>\nendobj\n",
    )
    .unwrap();
    let junk = dir.path().join("名单.xls");
    let bytes: Vec<u8> = (0u32..4096)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    std::fs::write(&junk, bytes).unwrap();

    assert_eq!(
        open_error(&pdf),
        Error::NotSpreadsheet {
            path: pdf.clone(),
            kind: NotSpreadsheetKind::Pdf
        }
    );
    assert_eq!(
        open_error(&junk),
        Error::NotSpreadsheet {
            path: junk.clone(),
            kind: NotSpreadsheetKind::Unknown
        }
    );
}

#[test]
fn missing_file_and_folder_fail_typed() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("没有.xlsx");
    assert_eq!(
        open_error(&missing),
        Error::FileNotFound {
            path: missing.clone()
        }
    );
    assert_eq!(
        open_error(dir.path()),
        Error::IsFolder {
            path: dir.path().to_path_buf()
        }
    );
}

#[test]
fn web_page_without_table_fails_typed() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("导出.xls");
    std::fs::write(
        &page,
        "<html><body><p>会话已过期，请重新登录</p></body></html>",
    )
    .unwrap();
    assert_eq!(open_error(&page), Error::WebPage { path: page.clone() });
}
