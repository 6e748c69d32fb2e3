//! Merged areas of xlsx sheets without parsing the sheet twice.
//!
//! A sheet's `<mergeCells>` come after its `<sheetData>`. calamine 0.38's
//! `merge_cells_by_sheet_name` parses the whole sheet XML again to reach them, which took as
//! long as reading the cells (5 s of 13 s for a 600,000-row roster). Here the sheet is only
//! decompressed and searched for the end of `<sheetData>`, and the short rest is parsed.
//! A sheet this cannot handle (an unusual package layout, no end of `<sheetData>` found) is
//! left out of the result, and the caller asks calamine for it.

use std::collections::HashMap;
use std::io::{Cursor, Read, Seek};

use memchr::memmem;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use zip::ZipArchive;

use super::Merge;
use crate::diag::CellRef;

const WORKBOOK: &str = "xl/workbook.xml";
const WORKBOOK_RELS: &str = "xl/_rels/workbook.xml.rels";
/// How much of the sheet is decompressed at a time.
const CHUNK: usize = 256 * 1024;
/// How many bytes of a chunk's end are kept for the next search, enough for `</`, a
/// namespace prefix and `sheetData`.
const OVERLAP: usize = 64;

/// Returns the merged areas of every sheet the package lets this module find, by sheet
/// name.
pub fn merges_by_sheet(bytes: &[u8]) -> HashMap<String, Vec<Merge>> {
    let Ok(mut archive) = ZipArchive::new(Cursor::new(bytes)) else {
        return HashMap::new();
    };
    let Some(sheets) = sheet_paths(&mut archive) else {
        return HashMap::new();
    };
    let mut found = HashMap::new();
    for (name, path) in sheets {
        if let Some(merges) = sheet_merges(&mut archive, &path) {
            found.insert(name, merges);
        }
    }
    found
}

/// Returns the sheet names of `xl/workbook.xml` with the paths of their parts in the package.
fn sheet_paths<R: Read + Seek>(archive: &mut ZipArchive<R>) -> Option<Vec<(String, String)>> {
    let rels = entry_bytes(archive, WORKBOOK_RELS)?;
    let mut targets: HashMap<String, String> = HashMap::new();
    for_each_element(&rels, "Relationship", |element| {
        let id = attribute(element, "Id")?;
        let target = attribute(element, "Target")?;
        targets.insert(id, part_path(&target));
        Some(())
    })?;
    let workbook = entry_bytes(archive, WORKBOOK)?;
    let mut sheets = Vec::new();
    for_each_element(&workbook, "sheet", |element| {
        let name = attribute(element, "name")?;
        let id = attribute(element, "id")?;
        if let Some(path) = targets.get(&id) {
            sheets.push((name, path.clone()));
        }
        Some(())
    })?;
    Some(sheets)
}

/// Returns the package path of a relationship target, which is relative to `xl/` unless it
/// starts with `/`.
fn part_path(target: &str) -> String {
    match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("xl/{target}"),
    }
}

fn entry_bytes<R: Read + Seek>(archive: &mut ZipArchive<R>, name: &str) -> Option<Vec<u8>> {
    let mut entry = archive.by_name(name).ok()?;
    let mut bytes = Vec::new();
    entry.read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// Calls `visit` for every element with this local name, whatever its namespace prefix.
/// Returns `None` when the XML cannot be parsed.
fn for_each_element(
    xml: &[u8],
    local_name: &str,
    mut visit: impl FnMut(&BytesStart) -> Option<()>,
) -> Option<()> {
    let mut reader = Reader::from_reader(xml);
    // The rest of a sheet starts inside the root element, so its end tags have no start.
    reader.config_mut().allow_unmatched_ends = true;
    let mut buffer = Vec::new();
    loop {
        match reader.read_event_into(&mut buffer).ok()? {
            Event::Start(element) | Event::Empty(element)
                if element.local_name().as_ref() == local_name =>
            {
                // An element without the attributes wanted is skipped, not an error.
                let _ = visit(&element);
            }
            Event::Eof => return Some(()),
            _ => {}
        }
        buffer.clear();
    }
}

/// Returns the unescaped value of the attribute with this local name (`r:id` matches `id`).
fn attribute(element: &BytesStart, local_name: &str) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local_name)
        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok())
        .map(|v| v.into_owned())
}

/// Reads the merged areas of one sheet, or `None` when its part is missing or the end of
/// its `<sheetData>` is not found.
fn sheet_merges<R: Read + Seek>(archive: &mut ZipArchive<R>, path: &str) -> Option<Vec<Merge>> {
    let entry = archive.by_name(path).ok()?;
    let rest = rest_after_sheet_data(entry)?;
    let mut merges = Vec::new();
    for_each_element(&rest, "mergeCell", |element| {
        let reference = attribute(element, "ref")?;
        merges.push(parse_range(&reference)?);
        Some(())
    })?;
    Some(merges)
}

/// Decompresses the sheet and returns what follows the end of its `<sheetData>` element:
/// `</sheetData>` or a self-closing `<sheetData/>`, either with a namespace prefix.
fn rest_after_sheet_data(mut sheet: impl Read) -> Option<Vec<u8>> {
    let finder = memmem::Finder::new(b"sheetData");
    let mut window: Vec<u8> = Vec::with_capacity(CHUNK + OVERLAP);
    let mut chunk = vec![0u8; CHUNK];
    let mut rest: Option<Vec<u8>> = None;
    loop {
        let read = sheet.read(&mut chunk).ok()?;
        if read == 0 {
            return rest;
        }
        if let Some(rest) = rest.as_mut() {
            rest.extend_from_slice(&chunk[..read]);
            continue;
        }
        window.extend_from_slice(&chunk[..read]);
        if let Some(end) = finder
            .find_iter(&window)
            .find_map(|at| end_of_element(&window, at))
        {
            rest = Some(window[end..].to_vec());
            continue;
        }
        let keep = window.len().min(OVERLAP);
        window.drain(..window.len() - keep);
    }
}

/// Returns the position after the tag when `sheetData` at `at` names the element's end.
fn end_of_element(window: &[u8], at: usize) -> Option<usize> {
    let after = &window[at + b"sheetData".len()..];
    let open = window[..at].iter().rposition(|&b| b == b'<')?;
    let before = &window[open + 1..at];
    let prefix_ok = |p: &[u8]| p.is_empty() || (p.ends_with(b":") && !p.contains(&b' '));
    let tag_end = at + b"sheetData".len();
    if let Some(prefix) = before.strip_prefix(b"/")
        && prefix_ok(prefix)
        && after.first() == Some(&b'>')
    {
        return Some(tag_end + 1);
    }
    if prefix_ok(before) && after.starts_with(b"/>") {
        return Some(tag_end + 2);
    }
    None
}

/// Parses `A1:C3` or a single `B2` into a merged area.
fn parse_range(reference: &str) -> Option<Merge> {
    let (first, last) = match reference.split_once(':') {
        Some((first, last)) => (parse_cell(first)?, parse_cell(last)?),
        None => {
            let cell = parse_cell(reference)?;
            (cell, cell)
        }
    };
    Some(Merge { first, last })
}

/// Parses an A1-style reference, `$` signs allowed, into a zero-based cell.
fn parse_cell(reference: &str) -> Option<CellRef> {
    let text = reference.trim().replace('$', "");
    let split = text.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = text.split_at(split);
    if letters.is_empty() || !letters.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let col = letters.chars().try_fold(0u32, |n, c| {
        let value = c.to_ascii_uppercase() as u32 - 'A' as u32 + 1;
        n.checked_mul(26)?.checked_add(value)
    })?;
    let row: u32 = digits.parse().ok()?;
    Some(CellRef::new(row.checked_sub(1)?, col.checked_sub(1)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Reader, Xlsx};
    use std::path::Path;

    #[test]
    fn cell_references_parse() {
        assert_eq!(parse_cell("A1"), Some(CellRef::new(0, 0)));
        assert_eq!(parse_cell("$AB$12"), Some(CellRef::new(11, 27)));
        assert_eq!(
            parse_cell("XFD1048576"),
            Some(CellRef::new(1_048_575, 16_383))
        );
        assert_eq!(parse_cell("A0"), None);
        assert_eq!(parse_cell("12"), None);
        let merge = parse_range("B2:D3").unwrap();
        assert_eq!(
            (merge.first, merge.last),
            (CellRef::new(1, 1), CellRef::new(2, 3))
        );
    }

    #[test]
    fn sheet_data_end_found_in_chunks() {
        let row = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>sheetData</t></is></c></row>";
        let body = row.repeat(20_000);
        for (open, close) in [
            ("<sheetData>", "</sheetData>"),
            ("<x:sheetData>", "</x:sheetData>"),
        ] {
            let xml = format!(
                "<worksheet>{open}{body}{close}<mergeCells><mergeCell ref=\"A1:B2\"/></mergeCells></worksheet>"
            );
            let rest = rest_after_sheet_data(xml.as_bytes()).unwrap();
            assert!(rest.starts_with(b"<mergeCells>"), "{close}");
        }
        let empty =
            "<worksheet><sheetData/><mergeCells><mergeCell ref=\"C3\"/></mergeCells></worksheet>";
        let rest = rest_after_sheet_data(empty.as_bytes()).unwrap();
        assert!(rest.starts_with(b"<mergeCells>"));
        assert_eq!(rest_after_sheet_data(&b"<worksheet></worksheet>"[..]), None);
    }

    /// Every xlsx fixture gives the same merged areas as calamine finds.
    #[test]
    fn merges_match_calamine_on_fixtures() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for folder in [
            "tests/fixtures/cases",
            "tests/fixtures/read",
            "examples/data",
        ] {
            for entry in std::fs::read_dir(root.join(folder)).unwrap() {
                let path = entry.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                if name.ends_with(".xlsx") && !name.starts_with("~$") {
                    files.push(path);
                }
            }
        }
        let mut compared = 0;
        for path in files {
            let bytes = std::fs::read(&path).unwrap();
            let Ok(mut workbook) = Xlsx::new(Cursor::new(bytes.clone())) else {
                continue;
            };
            let fast = merges_by_sheet(&bytes);
            let worksheets: Vec<String> = workbook
                .sheets_metadata()
                .iter()
                .filter(|meta| meta.typ == calamine::SheetType::WorkSheet)
                .map(|meta| meta.name.clone())
                .collect();
            for name in worksheets {
                let Ok(expected) = workbook.merge_cells_by_sheet_name(&name) else {
                    continue;
                };
                let expected: Vec<(CellRef, CellRef)> = expected
                    .iter()
                    .map(|d| {
                        (
                            CellRef::new(d.start.0, d.start.1),
                            CellRef::new(d.end.0, d.end.1),
                        )
                    })
                    .collect();
                let found: Vec<(CellRef, CellRef)> = fast
                    .get(&name)
                    .unwrap_or_else(|| panic!("{}「{name}」not scanned", path.display()))
                    .iter()
                    .map(|m| (m.first, m.last))
                    .collect();
                assert_eq!(found, expected, "{}「{name}」", path.display());
                compared += usize::from(!expected.is_empty());
            }
        }
        assert!(compared >= 3, "only {compared} sheets with merges compared");
    }
}
