//! Checks of an xls workbook stream for records that calamine 0.38 trusts blindly.
//!
//! calamine reserves room for every cell that a sheet's DIMENSIONS record (MS-XLS 2.4.90)
//! claims before it reads a single cell. A record that claims four billion rows, or a first
//! row after the last, makes it ask for about a terabyte, and the process aborts. Such a
//! record is never written by Excel, WPS or LibreOffice, so the file is reported as damaged.

use std::io::{Cursor, Read};

/// The maximum rows and columns of an xls sheet (BIFF8).
const MAX_ROWS: u64 = 65_536;
const MAX_COLUMNS: u64 = 256;

/// The record types of DIMENSIONS and of EOF, which ends a substream.
const DIMENSIONS: u16 = 0x0200;
const EOF: u16 = 0x000A;

/// Returns false when a DIMENSIONS record of the workbook stream claims more than an xls
/// sheet can hold.
///
/// calamine reads some files whose compound structure the cfb crate rejects as damaged. For
/// those, the records are walked from every worksheet BOF found in the raw bytes, which
/// works where the stream's sectors follow each other, as Excel and LibreOffice write them.
pub fn dimensions_are_valid(bytes: &[u8]) -> bool {
    let valid = |(kind, body): (u16, &[u8])| kind != DIMENSIONS || fits(body);
    match workbook_stream(bytes) {
        Some(stream) => records(&stream).all(valid),
        None => sheet_starts(bytes).all(|start| sheet_records(&bytes[start..]).all(valid)),
    }
}

/// Finds the offsets of worksheet BOF records (type 0x0809, kind 0x0010) of BIFF8 and
/// BIFF5 in raw bytes.
fn sheet_starts(bytes: &[u8]) -> impl Iterator<Item = usize> {
    const BIFF8: &[u8] = b"\x09\x08\x10\x00\x00\x06\x10\x00";
    const BIFF5: &[u8] = b"\x09\x08\x08\x00\x00\x05\x10\x00";
    bytes
        .windows(BIFF8.len())
        .enumerate()
        .filter(|(_, window)| *window == BIFF8 || *window == BIFF5)
        .map(|(at, _)| at)
}

/// Returns the records of one worksheet substream, up to its EOF record.
fn sheet_records(bytes: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    records(bytes).take_while(|(kind, _)| *kind != EOF)
}

/// Reads the `Workbook` stream, or the `Book` stream of files from before Excel 97.
fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
    let mut stream = ["Workbook", "Book"]
        .iter()
        .find_map(|name| file.open_stream(name).ok())?;
    let mut data = Vec::new();
    // A stream is never longer than the file that contains it.
    stream
        .by_ref()
        .take(bytes.len() as u64)
        .read_to_end(&mut data)
        .ok()?;
    Some(data)
}

/// Iterates over the records of a BIFF stream as (type, body). A record cut off by the end of
/// the stream yields the part that is there.
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let header = stream.get(at..at + 4)?;
        let kind = u16::from_le_bytes([header[0], header[1]]);
        let length = usize::from(u16::from_le_bytes([header[2], header[3]]));
        let start = at + 4;
        let end = (start + length).min(stream.len());
        at = start + length;
        Some((kind, &stream[start..end]))
    })
}

/// True when a DIMENSIONS body claims no more than an xls sheet holds, with its first row
/// before its end row as calamine computes the size. Bodies of other lengths are left to
/// calamine, which rejects them.
fn fits(body: &[u8]) -> bool {
    let u16_at = |at: usize| u64::from(u16::from_le_bytes([body[at], body[at + 1]]));
    let u32_at = |at: usize| {
        u64::from(u32::from_le_bytes([
            body[at],
            body[at + 1],
            body[at + 2],
            body[at + 3],
        ]))
    };
    let (first_row, end_row, end_col) = match body.len() {
        10 => (u16_at(0), u16_at(2), u16_at(6)),
        14 | 16 => (u32_at(0), u32_at(4), u16_at(10)),
        _ => return true,
    };
    let empty = end_row == 0 || end_col == 0;
    end_row <= MAX_ROWS && end_col <= MAX_COLUMNS && (empty || first_row < end_row)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a BIFF8 DIMENSIONS body: first row, end row (exclusive), first column, end
    /// column.
    fn dimensions(first_row: u32, end_row: u32, first_col: u16, end_col: u16) -> Vec<u8> {
        let mut body = Vec::new();
        body.extend_from_slice(&first_row.to_le_bytes());
        body.extend_from_slice(&end_row.to_le_bytes());
        body.extend_from_slice(&first_col.to_le_bytes());
        body.extend_from_slice(&end_col.to_le_bytes());
        body.extend_from_slice(&[0, 0]);
        body
    }

    #[test]
    fn ordinary_dimensions_fit() {
        assert!(fits(&dimensions(0, 6, 1, 7)));
        assert!(fits(&dimensions(0, 65_536, 0, 256)));
        assert!(fits(&dimensions(0, 0, 0, 0)), "an empty sheet");
    }

    #[test]
    fn lying_dimensions_do_not_fit() {
        assert!(!fits(&dimensions(0, u32::MAX, 0, 7)), "four billion rows");
        assert!(!fits(&dimensions(0, 6, 0, 16_384)), "more than 256 columns");
        assert!(
            !fits(&dimensions(29_185, 6, 1, 7)),
            "first row after the end"
        );
        let biff5 = [0, 0, 0xFF, 0xFF, 0, 0, 0xFF, 0xFF, 0, 0];
        assert!(!fits(&biff5), "BIFF5 with 65,535 columns");
    }

    #[test]
    fn records_walk_a_stream() {
        let mut stream = vec![0x09, 0x08, 2, 0, 0xAA, 0xBB];
        stream.extend_from_slice(&[0x00, 0x02, 14, 0]);
        stream.extend_from_slice(&dimensions(0, 3, 0, 2));
        stream.extend_from_slice(&[0x0A, 0x00, 9, 0, 1]);
        let kinds: Vec<(u16, usize)> = records(&stream).map(|(k, b)| (k, b.len())).collect();
        assert_eq!(kinds, vec![(0x0809, 2), (DIMENSIONS, 14), (0x000A, 1)]);
    }

    #[test]
    fn real_xls_passes_and_fuzzed_copy_fails() {
        let good = include_bytes!("../../tests/fixtures/read/offset_merges_hidden_sheet.xls");
        assert!(dimensions_are_valid(good));
        let fuzzed =
            include_bytes!("../../tests/fixtures/robust/xls_dimensions_claim_billions.xls");
        assert!(!dimensions_are_valid(fuzzed));
        let broken =
            include_bytes!("../../tests/fixtures/robust/xls_lying_dimensions_broken_directory.xls");
        assert!(workbook_stream(broken).is_none());
        assert!(!dimensions_are_valid(broken));
    }

    #[test]
    fn cut_copies_are_checked_in_raw_bytes() {
        // Cut inside the last sector, the compound file no longer opens with the cfb crate,
        // but calamine still reads it.
        let good = include_bytes!("../../tests/fixtures/read/offset_merges_hidden_sheet.xls");
        let fuzzed =
            include_bytes!("../../tests/fixtures/robust/xls_dimensions_claim_billions.xls");
        for cut in [20, 1] {
            let fuzzed_cut = &fuzzed[..fuzzed.len() - cut];
            let good_cut = &good[..good.len() - cut];
            assert!(workbook_stream(fuzzed_cut).is_none(), "cut {cut}");
            assert!(!dimensions_are_valid(fuzzed_cut), "cut {cut}");
            assert!(dimensions_are_valid(good_cut), "cut {cut}");
        }
    }
}
