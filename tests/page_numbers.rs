//! Page numbers of the printed workbooks: the archival copies are numbered on across their
//! sheets, each group list of 分组名单.xlsx from 1, every total matches the pages the
//! paginator made, and LibreOffice (when installed) prints exactly that many pages.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::sync::OnceLock;

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx, open_workbook};

const COPIES: [&str; 3] = [
    "第一联_基教科存档.xlsx",
    "第二联_纪检存档.xlsx",
    "第三联_学校公示.xlsx",
];
const POSTED: &str = "第三联_学校公示.xlsx";
const FIRST: &str = "第一联_基教科存档.xlsx";
const GROUPS: &str = "分组名单.xlsx";

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/data")
        .join(name)
}

/// The folders of one run of the example: the grouping and the three copies.
struct Run {
    groups: PathBuf,
    copies: PathBuf,
}

/// Groups a roster, fills the draw form with a fixed permutation and merges it with the
/// teacher sheet. The folder is kept for the tests of this file, which only read it.
fn run(roster: &str, classes: u32, teachers: &str) -> Run {
    let dir = tempfile::tempdir().unwrap().keep();
    let groups = dir.join("分组");
    let output = Command::cargo_bin("bianban")
        .unwrap()
        .current_dir(&dir)
        .args(["group", example(roster).to_str().unwrap()])
        .args(["--classes", &classes.to_string(), "--seed", "351624"])
        .args(["--school", "示例学校", "--out"])
        .arg(&groups)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");

    let form = groups.join("抽签记录表_已填.xlsx");
    fill_form(&groups.join("抽签记录表.xlsx"), &form, classes);
    let output = Command::cargo_bin("bianban")
        .unwrap()
        .current_dir(&groups)
        .args([
            "merge",
            "--draw",
            form.to_str().unwrap(),
            "--groups",
            GROUPS,
            "--no-hotline",
        ])
        .args(["--teachers", example(teachers).to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    Run {
        copies: groups.join("三联存档_2025-08-28"),
        groups,
    }
}

/// Runs the 4-class grade-1 example once for this file.
fn small_run() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| run("一年级新生名单.xlsx", 4, "教师任课表_一年级.xlsx"))
}

/// Copies the draw form cell by cell, with a draw date and group `7(k - 1) mod n + 1` for
/// the k-th class, a permutation when n is not a multiple of 7.
fn fill_form(src: &Path, dst: &Path, classes: u32) {
    let mut book: Xlsx<_> = open_workbook(src).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    let mut out = rust_xlsxwriter::Workbook::new();
    let sheet = out.add_worksheet();
    for (r, row) in range.rows().enumerate() {
        let r = r as u32;
        for (c, cell) in row.iter().enumerate() {
            if let Data::String(text) = cell {
                sheet.write_string(r, c as u16, text).unwrap();
            }
        }
        let first = row.first().map(|c| c.to_string()).unwrap_or_default();
        if first == "抽签日期" {
            sheet.write_string(r, 1, "2025年8月28日").unwrap();
        }
        if let Some(k) = class_number(&first) {
            let group = (7 * (k - 1)) % classes + 1;
            sheet.write_number(r, 2, f64::from(group)).unwrap();
        }
    }
    out.save(dst).unwrap();
}

/// Returns the number in a class name such as 一(3)班.
fn class_number(name: &str) -> Option<u32> {
    let (_, rest) = name.split_once('(')?;
    rest.strip_suffix(")班")?.parse().ok()
}

fn zip_text(path: &Path, entry: &str) -> String {
    let mut archive = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    archive
        .by_name(entry)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// Returns the value of `name="…"` inside an element's text.
fn attribute(element: &str, name: &str) -> Option<String> {
    let start = element.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = start + element[start..].find('"')?;
    Some(element[start..end].to_string())
}

/// The print settings of a sheet, read from its XML.
#[derive(Debug)]
struct SheetPages {
    /// `firstPageNumber` and `useFirstPageNumber` of `pageSetup`.
    first: Option<u32>,
    use_first: Option<String>,
    /// The manual page breaks, so the pages the paginator made are `breaks + 1`.
    breaks: u32,
    footer: String,
    /// The cells written, as `A1:I32`.
    dimension: String,
}

impl SheetPages {
    fn pages(&self) -> u32 {
        self.breaks + 1
    }
}

fn sheet_pages(path: &Path) -> Vec<SheetPages> {
    let count = zip_text(path, "xl/workbook.xml").matches("<sheet ").count();
    (1..=count)
        .map(|k| {
            let xml = zip_text(path, &format!("xl/worksheets/sheet{k}.xml"));
            let page_setup = xml.split("<pageSetup ").nth(1).unwrap_or_default();
            let page_setup = page_setup.split("/>").next().unwrap_or_default();
            let page_setup = format!(" {page_setup}");
            let footer = xml
                .split("<oddFooter>")
                .nth(1)
                .and_then(|rest| rest.split("</oddFooter>").next())
                .unwrap_or_default()
                .replace("&amp;", "&");
            let dimension = xml.split("<dimension ").nth(1).unwrap_or_default();
            SheetPages {
                first: attribute(&page_setup, "firstPageNumber").map(|n| n.parse().unwrap()),
                use_first: attribute(&page_setup, "useFirstPageNumber"),
                breaks: xml.matches("<brk ").count() as u32,
                footer,
                dimension: attribute(&format!(" {dimension}"), "ref").unwrap(),
            }
        })
        .collect()
}

/// Returns the print area of each sheet, by sheet index, as `A1:I32`.
fn print_areas(path: &Path) -> Vec<Option<String>> {
    let workbook = zip_text(path, "xl/workbook.xml");
    let count = workbook.matches("<sheet ").count();
    (0..count)
        .map(|index| {
            let tag = format!("<definedName name=\"_xlnm.Print_Area\" localSheetId=\"{index}\">");
            let rest = workbook.split(&tag).nth(1)?;
            let reference = rest.split("</definedName>").next()?;
            let cells = reference.rsplit('!').next()?;
            Some(cells.replace('$', ""))
        })
        .collect()
}

/// Returns the total that a footer prints after 第 &P 页 共.
fn footer_total(footer: &str) -> Option<u32> {
    let rest = footer.split("第 &P 页 共 ").nth(1)?;
    rest.split(" 页").next()?.trim().parse().ok()
}

#[test]
fn copies_number_pages_on_across_sheets() {
    let run = small_run();
    for copy in COPIES {
        let sheets = sheet_pages(&run.copies.join(copy));
        assert_eq!(sheets.len(), 5, "{copy}: cover and 4 classes");
        let total: u32 = sheets.iter().map(SheetPages::pages).sum();
        let mut next = 1;
        for (index, sheet) in sheets.iter().enumerate() {
            assert_eq!(sheet.first, Some(next), "{copy} sheet {index}: {sheet:?}");
            assert_eq!(
                sheet.use_first.as_deref(),
                Some("1"),
                "{copy} sheet {index}"
            );
            assert_eq!(
                footer_total(&sheet.footer),
                Some(total),
                "{copy} sheet {index}: {}",
                sheet.footer
            );
            assert!(!sheet.footer.contains("&N"), "{copy}: {}", sheet.footer);
            next += sheet.pages();
        }
    }
}

#[test]
fn group_lists_number_each_list_from_one() {
    let sheets = sheet_pages(&small_run().groups.join(GROUPS));
    assert_eq!(sheets.len(), 6, "summary, balance charts and 4 groups");
    for (index, sheet) in sheets.iter().enumerate() {
        assert_eq!(sheet.first, Some(1), "sheet {index}: {sheet:?}");
        assert_eq!(sheet.use_first.as_deref(), Some("1"), "sheet {index}");
        assert_eq!(
            footer_total(&sheet.footer),
            Some(sheet.pages()),
            "sheet {index}: {}",
            sheet.footer
        );
    }
}

/// The row number at the end of a range such as `A1:K44`.
fn last_row(range: &str) -> String {
    range
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect()
}

#[test]
fn paginated_sheets_print_exactly_their_cells() {
    let run = small_run();
    let mut books: Vec<PathBuf> = COPIES.iter().map(|c| run.copies.join(c)).collect();
    books.push(run.groups.join(GROUPS));
    books.push(run.groups.join("信封封面.xlsx"));
    books.push(run.groups.join("抽签记录表.xlsx"));
    for book in books {
        let areas = print_areas(&book);
        for (index, (sheet, area)) in sheet_pages(&book).iter().zip(areas).enumerate() {
            let is_summary = book.ends_with(GROUPS) && index == 0;
            if is_summary {
                // The summary keeps the numbers its balance charts plot in columns right of
                // the printed table, so its print area is narrower than its cells but must
                // still start at A1 and end at the last row.
                let area = area.expect("the summary has a print area");
                assert!(area.starts_with("A1:"), "{area}");
                assert_eq!(
                    last_row(&area),
                    last_row(&sheet.dimension),
                    "{book:?}: {area}"
                );
            } else {
                assert_eq!(area.as_ref(), Some(&sheet.dimension), "{book:?}");
            }
        }
    }
}

#[test]
fn posted_class_of_45_fits_one_page() {
    let run = run("七年级新生名单.xlsx", 45, "教师任课表.xlsx");
    let sheets = sheet_pages(&run.copies.join(POSTED));
    assert_eq!(sheets.len(), 46, "cover and 45 classes");
    for (index, sheet) in sheets.iter().enumerate().skip(1) {
        assert_eq!(sheet.breaks, 0, "class sheet {index} has page breaks");
    }
    let total = sheets[0].pages() + 45;
    assert_eq!(footer_total(&sheets[0].footer), Some(total));
    assert_cover_keeps_signatures(&run.copies.join(FIRST));
    let _ = fs::remove_dir_all(run.groups);
}

#[test]
fn cover_of_few_classes_keeps_signatures_with_the_table() {
    let run = small_run();
    for copy in COPIES {
        assert_cover_keeps_signatures(&run.copies.join(copy));
    }
}

/// Asserts that the signature table of a copy's cover is printed on one page, together
/// with the last class of the table above it.
fn assert_cover_keeps_signatures(book: &Path) {
    let mut workbook: Xlsx<_> = open_workbook(book).unwrap();
    let name = workbook.sheet_names()[0].clone();
    let range = workbook.worksheet_range(&name).unwrap();
    let (row0, _) = range.start().unwrap();
    let row_of = |text: &str| {
        range
            .rows()
            .position(|row| {
                row.iter()
                    .any(|cell| matches!(cell, Data::String(s) if s == text))
            })
            .map(|index| row0 + index as u32)
    };
    let total = row_of("合计").expect("a total row");
    let signer = row_of("签字人员").expect("a signature table");
    let last_row = row0 + range.height() as u32 - 1;
    let xml = zip_text(book, "xl/worksheets/sheet1.xml");
    let breaks: Vec<u32> = xml
        .split("<brk id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .collect();
    let page_of = |row: u32| breaks.iter().filter(|&&b| b <= row).count();
    let page = page_of(signer);
    assert_eq!(
        page_of(last_row),
        page,
        "{book:?}: signatures split at {breaks:?}"
    );
    assert_eq!(
        page_of(total - 1),
        page,
        "{book:?}: signatures apart from the classes at {breaks:?}"
    );
}

/// Converts a workbook to PDF with LibreOffice in its own profile folder and returns the
/// number of pages, or `None` when LibreOffice is not installed.
fn printed_pages(book: &Path, out: &Path) -> Option<u32> {
    let profile = format!(
        "-env:UserInstallation=file://{}",
        out.join("profile").display()
    );
    let converted = Process::new("libreoffice")
        .arg(profile)
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(out)
        .arg(book)
        .output()
        .ok()?;
    assert!(converted.status.success(), "{converted:?}");
    let pdf = out.join(book.with_extension("pdf").file_name().unwrap());
    Some(pdf_page_count(&pdf))
}

/// Counts the page objects of a PDF: `/Type /Page` not followed by `s`, as LibreOffice
/// writes its page dictionaries uncompressed.
fn pdf_page_count(pdf: &Path) -> u32 {
    let bytes = fs::read(pdf).unwrap();
    let mut count = 0;
    for (index, window) in bytes.windows(5).enumerate() {
        if window != b"/Type" {
            continue;
        }
        let rest = &bytes[index + 5..];
        let rest = rest.trim_ascii_start();
        if rest.starts_with(b"/Page") && !rest[5..].first().is_some_and(u8::is_ascii_alphanumeric) {
            count += 1;
        }
    }
    count
}

#[test]
fn libreoffice_prints_as_many_pages_as_counted() {
    let run = small_run();
    let out = tempfile::tempdir().unwrap();
    for copy in [POSTED, FIRST] {
        let book = run.copies.join(copy);
        let Some(printed) = printed_pages(&book, out.path()) else {
            println!("NOTE: libreoffice is not installed, so the printed pages were not counted");
            return;
        };
        let sheets = sheet_pages(&book);
        let counted: u32 = sheets.iter().map(SheetPages::pages).sum();
        assert_eq!(printed, counted, "{copy}");
        assert_eq!(footer_total(&sheets[0].footer), Some(printed), "{copy}");
    }
}
