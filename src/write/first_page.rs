//! Saving a workbook whose sheets start their page numbers at a given page.
//!
//! In SpreadsheetML (ECMA-376 Part 1, the `pageSetup` element) the first page number of a
//! sheet takes two attributes. `firstPageNumber` is an unsigned integer (default 1), and
//! `useFirstPageNumber` is a boolean that makes the first page take that number instead of
//! numbering on from the pages printed before. rust_xlsxwriter 0.102 writes
//! `set_print_first_page_number(n)` as `<pageSetup … useFirstPageNumber="n" …/>` and never
//! writes `firstPageNumber`. LibreOffice 7.4 then starts the sheet at page 1 whatever `n`
//! is (checked by printing to PDF). Excel was not tried, and `"n"` is no valid boolean for
//! n > 1 anyway. [`save`] serialises the workbook, rewrites that element of each such sheet
//! to `firstPageNumber="n" useFirstPageNumber="1"`, and copies every other zip member
//! unchanged. The test `rust_xlsxwriter_still_omits_first_page_number` fails once the
//! library writes both attributes itself, and the workaround can then go.

use std::borrow::Cow;
use std::io::{Cursor, Read, Write};
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use rust_xlsxwriter::Workbook;
use zip::result::ZipResult;
use zip::{ZipArchive, ZipWriter};

use super::output::{self, xlsx_error};
use crate::error::{Error, WriteFault};

const USE_FIRST: &str = "useFirstPageNumber";
const FIRST: &str = "firstPageNumber";

/// Serialises a workbook, writes the first page number of every sheet that set one with
/// `Worksheet::set_print_first_page_number`, and saves it under `path` as
/// [`output::save`] does.
///
/// # Errors
///
/// [`Error::Write`] when the file exists already or cannot be written, or the workbook
/// cannot be serialised.
pub fn save(workbook: &mut Workbook, path: &Path) -> Result<(), Error> {
    let bytes = workbook.save_to_buffer().map_err(|e| xlsx_error(path, e))?;
    // rust_xlsxwriter has just written this zip, so reading it back fails only on a bug,
    // which is reported as an unknown write fault.
    let fixed = write_first_page_numbers(&bytes).map_err(|_| Error::Write {
        path: path.to_path_buf(),
        fault: WriteFault::Other(None),
    })?;
    output::save_bytes(path, &fixed)
}

/// Rewrites the `pageSetup` element of every worksheet that carries the library's
/// `useFirstPageNumber="n"`. Other members keep their compressed bytes, order and options.
/// Returns the input unchanged when no sheet needs it.
fn write_first_page_numbers(xlsx: &[u8]) -> ZipResult<Cow<'_, [u8]>> {
    let mut archive = ZipArchive::new(Cursor::new(xlsx))?;
    let mut fixes = Vec::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index)?;
        if !is_worksheet(&file.name()?) {
            continue;
        }
        let mut xml = String::new();
        file.read_to_string(&mut xml)?;
        if let Some(fixed) = fixed_page_setup(&xml) {
            fixes.push((index, fixed));
        }
    }
    if fixes.is_empty() {
        return Ok(Cow::Borrowed(xlsx));
    }

    let mut writer = ZipWriter::new(Cursor::new(Vec::with_capacity(xlsx.len())));
    for index in 0..archive.len() {
        match fixes.iter().find(|(i, _)| *i == index) {
            Some((_, xml)) => {
                let file = archive.by_index(index)?;
                let name = file.name()?.into_owned();
                writer.start_file(name, file.options())?;
                writer.write_all(xml.as_bytes())?;
            }
            None => writer.raw_copy_file(archive.by_index_raw(index)?)?,
        }
    }
    Ok(Cow::Owned(writer.finish()?.into_inner()))
}

fn is_worksheet(name: &str) -> bool {
    name.strip_prefix("xl/worksheets/sheet")
        .and_then(|rest| rest.strip_suffix(".xml"))
        .is_some_and(|number| !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()))
}

/// Returns the sheet XML with its `pageSetup` element rewritten, or `None` when the element
/// is missing, has no `useFirstPageNumber`, or has `firstPageNumber` already.
fn fixed_page_setup(xml: &str) -> Option<String> {
    let mut reader = Reader::from_str(xml);
    loop {
        let start = reader.buffer_position() as usize;
        match reader.read_event().ok()? {
            Event::Empty(element) if element.name().as_ref() == "pageSetup" => {
                let end = reader.buffer_position() as usize;
                let replacement = rewrite_element(&element)?;
                return Some(format!("{}{replacement}{}", &xml[..start], &xml[end..]));
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// Builds `<pageSetup …/>` with `useFirstPageNumber="n"` replaced by
/// `firstPageNumber="n" useFirstPageNumber="1"`, every other attribute kept in place.
fn rewrite_element(element: &BytesStart) -> Option<String> {
    let attributes: Vec<_> = element.attributes().collect::<Result<_, _>>().ok()?;
    if attributes.iter().any(|a| a.key.as_ref() == FIRST) {
        return None;
    }
    let number = attributes
        .iter()
        .find(|a| a.key.as_ref() == USE_FIRST)
        .and_then(|a| a.value.parse::<u32>().ok())?;

    let mut rewritten = BytesStart::new("pageSetup");
    for attribute in attributes {
        if attribute.key.as_ref() == USE_FIRST {
            rewritten.push_attribute((FIRST, number.to_string().as_str()));
            rewritten.push_attribute((USE_FIRST, "1"));
        } else {
            rewritten.push_attribute(attribute);
        }
    }
    Some(format!("<{}/>", &*rewritten))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::Worksheet;

    /// Builds a workbook of three sheets, the second starting at page `first`.
    fn workbook_with_first_page(first: Option<u16>) -> Vec<u8> {
        let mut workbook = Workbook::new();
        for index in 0..3 {
            let mut sheet = Worksheet::new();
            sheet.set_paper_size(9);
            sheet.write_string(0, 0, "第一页").unwrap();
            if let (1, Some(first)) = (index, first) {
                sheet.set_print_first_page_number(first);
            }
            workbook.push_worksheet(sheet);
        }
        workbook.save_to_buffer().unwrap()
    }

    fn member(xlsx: &[u8], name: &str) -> String {
        let mut archive = ZipArchive::new(Cursor::new(xlsx)).unwrap();
        let mut text = String::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    fn page_setup(xml: &str) -> &str {
        let start = xml.find("<pageSetup ").unwrap();
        let end = start + xml[start..].find("/>").unwrap() + 2;
        &xml[start..end]
    }

    /// Returns every member's name, compression method and compressed bytes, in zip order.
    fn raw_members(xlsx: &[u8]) -> Vec<(String, zip::CompressionMethod, Vec<u8>)> {
        let mut archive = ZipArchive::new(Cursor::new(xlsx)).unwrap();
        (0..archive.len())
            .map(|i| {
                let mut file = archive.by_index_raw(i).unwrap();
                let mut bytes = Vec::new();
                file.read_to_end(&mut bytes).unwrap();
                (file.name().unwrap().into_owned(), file.compression(), bytes)
            })
            .collect()
    }

    #[test]
    fn rust_xlsxwriter_still_omits_first_page_number() {
        let xlsx = workbook_with_first_page(Some(7));
        let element = page_setup(&member(&xlsx, "xl/worksheets/sheet2.xml")).to_string();
        assert!(
            !element.contains(" firstPageNumber="),
            "rust_xlsxwriter now writes firstPageNumber itself ({element}): remove \
             src/write/first_page.rs and save with output::save"
        );
        assert!(element.contains(r#"useFirstPageNumber="7""#), "{element}");
    }

    #[test]
    fn first_page_number_rewritten_as_ecma_376_defines() {
        let xlsx = workbook_with_first_page(Some(7));
        let fixed = write_first_page_numbers(&xlsx).unwrap();
        let element = page_setup(&member(&fixed, "xl/worksheets/sheet2.xml")).to_string();
        assert_eq!(
            element,
            r#"<pageSetup paperSize="9" orientation="portrait" firstPageNumber="7" useFirstPageNumber="1" horizontalDpi="200" verticalDpi="200"/>"#
        );
    }

    #[test]
    fn other_members_keep_bytes_order_and_compression() {
        let xlsx = workbook_with_first_page(Some(7));
        let fixed = write_first_page_numbers(&xlsx).unwrap();
        let before = raw_members(&xlsx);
        let after = raw_members(&fixed);
        let names = |members: &[(String, _, _)]| -> Vec<String> {
            members.iter().map(|(n, _, _)| n.clone()).collect()
        };
        assert_eq!(names(&before), names(&after));
        for ((name, method, bytes), (_, method_after, bytes_after)) in before.iter().zip(&after) {
            assert_eq!(method, method_after, "{name}");
            if name != "xl/worksheets/sheet2.xml" {
                assert!(bytes == bytes_after, "{name} changed");
            }
        }
        let sheet1 = "xl/worksheets/sheet1.xml";
        assert_eq!(member(&xlsx, sheet1), member(&fixed, sheet1));
    }

    #[test]
    fn workbook_without_first_page_number_left_as_is() {
        let xlsx = workbook_with_first_page(None);
        let fixed = write_first_page_numbers(&xlsx).unwrap();
        assert!(matches!(fixed, Cow::Borrowed(_)));
    }

    #[test]
    fn element_with_both_attributes_left_alone() {
        let xml = r#"<worksheet><pageSetup paperSize="9" firstPageNumber="3" useFirstPageNumber="1"/></worksheet>"#;
        assert_eq!(fixed_page_setup(xml), None);
    }

    #[test]
    fn text_around_element_kept() {
        let xml = r#"<worksheet><a/><pageSetup paperSize="9" useFirstPageNumber="12"/><b>x</b></worksheet>"#;
        assert_eq!(
            fixed_page_setup(xml).unwrap(),
            r#"<worksheet><a/><pageSetup paperSize="9" firstPageNumber="12" useFirstPageNumber="1"/><b>x</b></worksheet>"#
        );
    }

    #[test]
    fn worksheet_member_names() {
        assert!(is_worksheet("xl/worksheets/sheet1.xml"));
        assert!(is_worksheet("xl/worksheets/sheet46.xml"));
        assert!(!is_worksheet("xl/worksheets/_rels/sheet1.xml.rels"));
        assert!(!is_worksheet("xl/worksheets/sheet.xml"));
        assert!(!is_worksheet("xl/workbook.xml"));
    }
}
