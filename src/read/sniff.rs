//! Deciding a file's format from its first bytes.
//!
//! The name is only used to recognise Excel's `~$` owner files and to notice renamed files:
//! school systems export web pages named `.xls`, and clerks rename xlsx files to `.xls`.

use std::io::{Cursor, Read};
use std::path::Path;

use zip::ZipArchive;

use super::{Format, text};
use crate::error::{Error, NotSpreadsheetKind, Result};

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// An empty zip archive has only the end-of-central-directory record.
const EMPTY_ZIP_MAGIC: &[u8] = b"PK\x05\x06";
const CFB_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
const ODS_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";
const ODT_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.text";
/// How much of a small zip member (`mimetype`, `[Content_Types].xml`) is inspected.
const MEMBER_PEEK: u64 = 64 * 1024;
/// How much of a text file is inspected for HTML tags and column separators.
const TEXT_PEEK: usize = 8 * 1024;

/// Decides a file's format from its content.
///
/// # Errors
///
/// Returns the [`Error`] that explains why the file cannot be read as a spreadsheet: empty,
/// an Excel owner file, damaged, encrypted, or another kind of document.
pub fn detect(path: &Path, bytes: &[u8]) -> Result<Format> {
    let is_package = bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(CFB_MAGIC);
    if has_owner_file_layout(bytes) || (has_owner_file_name(path) && !is_package) {
        return Err(Error::OwnerFile {
            path: path.to_path_buf(),
        });
    }
    if bytes.is_empty() {
        return Err(Error::EmptyFile {
            path: path.to_path_buf(),
        });
    }
    if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(EMPTY_ZIP_MAGIC) {
        return detect_zip(path, bytes);
    }
    if bytes.starts_with(CFB_MAGIC) {
        return detect_cfb(path, bytes);
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(not_spreadsheet(path, kind));
    }
    detect_text(path, bytes)
}

/// Returns the file's extension when it names another format than the content has, so a
/// notice can explain that the file was read by its content.
///
/// Unknown extensions and files without one return `None`, and so do web pages: their own
/// notice already says that a web page was read.
pub fn mismatched_extension(path: &Path, format: Format) -> Option<String> {
    let extension = path.extension()?.to_string_lossy().to_lowercase();
    let named = match extension.as_str() {
        "xlsx" | "xlsm" | "xltx" | "xltm" => Format::Xlsx,
        "xls" | "xlt" => Format::Xls,
        "ods" => Format::Ods,
        "csv" | "txt" | "tsv" => Format::Csv,
        "htm" | "html" => Format::Html,
        _ => return None,
    };
    (named != format && format != Format::Html).then_some(extension)
}

/// True for names like `~$roster.xlsx`, which Excel and WPS use for their owner files.
fn has_owner_file_name(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| name.to_string_lossy().starts_with("~$"))
}

/// True for the layout of an Excel owner file: 162 or 165 bytes holding the user name once as
/// a length byte and ANSI text padded to 54 bytes, then as a 16-bit length and UTF-16 text.
fn has_owner_file_layout(bytes: &[u8]) -> bool {
    if bytes.len() != 162 && bytes.len() != 165 {
        return false;
    }
    let ansi_length = usize::from(bytes[0]);
    let utf16_length = usize::from(u16::from_le_bytes([bytes[54], bytes[55]]));
    (1..=53).contains(&ansi_length)
        && (1..=53).contains(&utf16_length)
        && 56 + 2 * utf16_length <= bytes.len()
        && !bytes[1..=ansi_length].contains(&0)
        && bytes[ansi_length + 1..54]
            .iter()
            .all(|&b| b == b' ' || b == 0)
}

/// Tells a workbook from other zip packages by the names of its members.
fn detect_zip(path: &Path, bytes: &[u8]) -> Result<Format> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|_| Error::Damaged {
        path: path.to_path_buf(),
    })?;
    zip_verdict(&mut archive).map_err(|kind| not_spreadsheet(path, kind))
}

fn zip_verdict(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
) -> std::result::Result<Format, NotSpreadsheetKind> {
    if archive.index_for_name("xl/workbook.xml").is_some() {
        return Ok(Format::Xlsx);
    }
    if archive.index_for_name("word/document.xml").is_some() {
        return Err(NotSpreadsheetKind::Word);
    }

    // OpenDocument packages name their kind in a `mimetype` member.
    if let Some(mimetype) = read_member(archive, "mimetype") {
        return match mimetype.trim_ascii() {
            ODS_MIMETYPE => Ok(Format::Ods),
            ODT_MIMETYPE => Err(NotSpreadsheetKind::Word),
            _ => Err(NotSpreadsheetKind::Archive),
        };
    }
    if archive.index_for_name("content.xml").is_some() {
        return Ok(Format::Ods);
    }

    // Office Open XML packages whose parts have unusual names still declare their types.
    let content_types = read_member(archive, "[Content_Types].xml").unwrap_or_default();
    if contains(&content_types, b"spreadsheetml") {
        Ok(Format::Xlsx)
    } else if contains(&content_types, b"wordprocessingml") {
        Err(NotSpreadsheetKind::Word)
    } else {
        // TODO: xlsb workbooks (xl/workbook.bin) land here; calamine could read them.
        Err(NotSpreadsheetKind::Archive)
    }
}

/// Reads up to [`MEMBER_PEEK`] bytes of a zip member, or `None` when it is missing or broken.
fn read_member(archive: &mut ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<Vec<u8>> {
    let member = archive.by_name(name).ok()?;
    let mut content = Vec::new();
    member.take(MEMBER_PEEK).read_to_end(&mut content).ok()?;
    Some(content)
}

/// Tells an xls workbook from other OLE compound files by their stream names.
///
/// An xlsx or docx protected with a password to open is stored as a compound file with an
/// `EncryptedPackage` stream, so this also finds encrypted workbooks.
fn detect_cfb(path: &Path, bytes: &[u8]) -> Result<Format> {
    let names = cfb_entry_names(bytes);
    let has = |wanted: &str| names.iter().any(|name| name == wanted);
    if has("EncryptedPackage") {
        return Err(Error::Encrypted {
            path: path.to_path_buf(),
        });
    }
    if has("WordDocument") {
        return Err(not_spreadsheet(path, NotSpreadsheetKind::Word));
    }
    if has("PowerPoint Document") {
        return Err(not_spreadsheet(path, NotSpreadsheetKind::Unknown));
    }
    if cfb_is_cut(bytes) {
        return Err(Error::Damaged {
            path: path.to_path_buf(),
        });
    }
    if has_file_pass(bytes) {
        return Err(Error::Encrypted {
            path: path.to_path_buf(),
        });
    }
    // Workbooks have a `Workbook` (or, before Excel 97, `Book`) stream. When the directory
    // cannot be found the xls reader decides, and reports damage if it fails.
    Ok(Format::Xls)
}

/// True when a compound file refers to sectors past its end, as a cut-off download does.
///
/// calamine 0.38 panics on some such files. The header (MS-CFB 2.2) gives the sector size
/// at offset 30, the first directory sector at 48, and up to 109 FAT sectors from 76 on.
/// Sector `n` starts at byte `(n + 1) × size`. Every FAT entry below 0xFFFFFFFA names a
/// sector, which must lie in the file; a partial last sector is tolerated. FAT sectors
/// beyond the first 109 (files over about 7 MB) are not checked.
fn cfb_is_cut(bytes: &[u8]) -> bool {
    const FIRST_SPECIAL: u32 = 0xFFFF_FFFA;
    let shift = match bytes.get(30..32) {
        Some(&[low, high]) => u16::from_le_bytes([low, high]),
        _ => return true,
    };
    if shift != 9 && shift != 12 {
        return true;
    }
    let size = 1usize << shift;
    let sectors = bytes.len().saturating_sub(size).div_ceil(size);
    let in_file = |n: u32| n >= FIRST_SPECIAL || (n as usize) < sectors;
    let u32_at = |at: usize| {
        bytes.get(at..at + 4).map_or(FIRST_SPECIAL, |b| {
            u32::from_le_bytes([b[0], b[1], b[2], b[3]])
        })
    };
    if !in_file(u32_at(48)) {
        return true;
    }
    (0..109).map(|i| u32_at(76 + 4 * i)).any(|fat| {
        if fat >= FIRST_SPECIAL {
            return false;
        }
        let start = (fat as usize + 1) * size;
        let Some(sector) = bytes.get(start..start + size) else {
            return true;
        };
        sector
            .chunks_exact(4)
            .any(|e| !in_file(u32::from_le_bytes([e[0], e[1], e[2], e[3]])))
    })
}

/// True when an xls workbook stream starts with a FILEPASS record, which Excel writes for a
/// workbook with a password to open (MS-XLS 2.4.117).
///
/// The workbook globals begin with a BOF record (type 0x0809; version 0x0600 in BIFF8 or
/// 0x0500 in BIFF5, kind 0x0005), and FILEPASS (type 0x002F) must follow it directly. The
/// stream starts a sector, so the BOF lies whole in the file's bytes. Any FILEPASS counts,
/// including XOR obfuscation (encryption type 0), which calamine 0.38 reads as if it were
/// plain and so returns scrambled text.
fn has_file_pass(bytes: &[u8]) -> bool {
    const BOF_BIFF8: &[u8] = b"\x09\x08\x10\x00\x00\x06\x05\x00";
    const BOF_BIFF5: &[u8] = b"\x09\x08\x08\x00\x00\x05\x05\x00";
    const FILE_PASS: &[u8] = b"\x2F\x00";
    bytes
        .windows(BOF_BIFF8.len())
        .enumerate()
        .any(|(at, window)| {
            let body = match window {
                BOF_BIFF8 => 16,
                BOF_BIFF5 => 8,
                _ => return false,
            };
            let next = at + 4 + body;
            bytes.get(next..next + 2) == Some(FILE_PASS)
        })
}

/// Collects the names of the directory entries of a compound file (MS-CFB).
///
/// Directory entries are 128 bytes long and sectors are 512 or 4096 bytes after a header of
/// the same size, so every entry starts at a multiple of 128 in the file. An entry stores its
/// name in UTF-16LE (at most 32 units with the terminating zero), the name's length in bytes
/// at offset 64 and its type (1 storage, 2 stream, 5 root) at offset 66. Scanning every
/// aligned slot instead of following the sector chain finds the names even in a damaged file.
fn cfb_entry_names(bytes: &[u8]) -> Vec<String> {
    bytes
        .chunks_exact(128)
        .skip(4)
        .filter_map(cfb_entry_name)
        .collect()
}

fn cfb_entry_name(entry: &[u8]) -> Option<String> {
    let name_bytes = usize::from(u16::from_le_bytes([entry[64], entry[65]]));
    let is_entry_type = matches!(entry[66], 1 | 2 | 5);
    if !is_entry_type || !(4..=64).contains(&name_bytes) || name_bytes % 2 != 0 {
        return None;
    }
    let units: Vec<u16> = entry[..name_bytes - 2]
        .chunks_exact(2)
        .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
        .collect();
    String::from_utf16(&units).ok()
}

/// Recognises common binary files by their signature.
fn binary_kind(bytes: &[u8]) -> Option<NotSpreadsheetKind> {
    const SIGNATURES: &[(&[u8], NotSpreadsheetKind)] = &[
        (b"%PDF", NotSpreadsheetKind::Pdf),
        (b"\x89PNG\r\n\x1A\n", NotSpreadsheetKind::Image),
        (b"\xFF\xD8\xFF", NotSpreadsheetKind::Image),
        (b"GIF87a", NotSpreadsheetKind::Image),
        (b"GIF89a", NotSpreadsheetKind::Image),
        (b"Rar!\x1A\x07", NotSpreadsheetKind::Archive),
        (b"7z\xBC\xAF\x27\x1C", NotSpreadsheetKind::Archive),
        (b"\x1F\x8B", NotSpreadsheetKind::Archive),
        (b"{\\rtf", NotSpreadsheetKind::Word),
    ];
    let is_webp = bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP";
    if is_webp {
        return Some(NotSpreadsheetKind::Image);
    }
    SIGNATURES
        .iter()
        .find(|(signature, _)| bytes.starts_with(signature))
        .map(|&(_, kind)| kind)
}

/// Tells web pages, CSV and other text apart; anything that is not text is unknown.
fn detect_text(path: &Path, bytes: &[u8]) -> Result<Format> {
    if !text::is_text(bytes) {
        return Err(not_spreadsheet(path, NotSpreadsheetKind::Unknown));
    }
    let head = text_head(bytes);
    if head.starts_with('<') && is_html(&head) {
        return Ok(Format::Html);
    }
    if head.starts_with("<?xml") {
        // NOTE: Excel 2003 XML spreadsheets (SpreadsheetML) land here; no reader handles them.
        return Err(not_spreadsheet(path, NotSpreadsheetKind::Text));
    }
    if has_column_separators(&head) || named_csv(path) {
        return Ok(Format::Csv);
    }
    Err(not_spreadsheet(path, NotSpreadsheetKind::Text))
}

/// Decodes the start of a text file and strips the byte order mark and leading whitespace.
fn text_head(bytes: &[u8]) -> String {
    let mut end = bytes.len().min(TEXT_PEEK);
    // Keep UTF-16 text whole; cutting inside a UTF-8 or GB18030 character only costs one
    // replacement character at the end.
    end -= end % 2;
    let decoded = text::decode(&bytes[..end]);
    decoded.text.trim_start().to_string()
}

fn is_html(head: &str) -> bool {
    let lower = head.to_ascii_lowercase();
    [
        "<html",
        "<!doctype html",
        "<table",
        "<body",
        "<head",
        "<meta",
    ]
    .iter()
    .any(|tag| lower.contains(tag))
}

/// Returns true when one of the first lines contains a comma, tab or semicolon.
fn has_column_separators(head: &str) -> bool {
    head.lines()
        .take(20)
        .any(|line| line.contains([',', '\t', ';']))
}

/// Returns true for a `.csv` name, so a text file without separators is read as one column.
fn named_csv(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

fn not_spreadsheet(path: &Path, kind: NotSpreadsheetKind) -> Error {
    Error::NotSpreadsheet {
        path: path.to_path_buf(),
        kind,
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn detect_accepts_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
            let result = detect(Path::new("a.xlsx"), &bytes);
            let empty = matches!(result, Err(Error::EmptyFile { .. }));
            prop_assert_eq!(empty, bytes.is_empty());
        }
    }

    fn detect_bytes(name: &str, bytes: &[u8]) -> Result<Format> {
        detect(Path::new(name), bytes)
    }

    fn kind_of(result: Result<Format>) -> Option<NotSpreadsheetKind> {
        match result {
            Err(Error::NotSpreadsheet { kind, .. }) => Some(kind),
            _ => None,
        }
    }

    fn zip_with(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, content) in members {
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            writer.start_file(*name, options).unwrap();
            writer.write_all(content).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    /// Builds a compound file with one directory sector that lists the given stream names:
    /// 512-byte sectors, the directory in sector 0, and no FAT sectors.
    fn cfb_with(names: &[&str]) -> Vec<u8> {
        let mut bytes = CFB_MAGIC.to_vec();
        bytes.resize(512, 0);
        bytes[30..32].copy_from_slice(&9u16.to_le_bytes());
        bytes[76..512].fill(0xFF);
        for name in names {
            let mut entry = vec![0u8; 128];
            let units: Vec<u16> = name.encode_utf16().collect();
            for (i, unit) in units.iter().enumerate() {
                entry[2 * i..2 * i + 2].copy_from_slice(&unit.to_le_bytes());
            }
            let length = (units.len() as u16 + 1) * 2;
            entry[64..66].copy_from_slice(&length.to_le_bytes());
            entry[66] = 2;
            bytes.extend_from_slice(&entry);
        }
        bytes
    }

    #[test]
    fn empty_bytes_are_an_empty_file() {
        assert!(matches!(
            detect_bytes("a.xlsx", b""),
            Err(Error::EmptyFile { .. })
        ));
    }

    #[test]
    fn zip_with_workbook_is_xlsx() {
        let bytes = zip_with(&[("xl/workbook.xml", b"<workbook/>")]);
        assert_eq!(detect_bytes("a.bin", &bytes), Ok(Format::Xlsx));
    }

    #[test]
    fn zip_with_spreadsheetml_content_types_is_xlsx() {
        let types = b"<Types><Override ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>";
        let bytes = zip_with(&[("[Content_Types].xml", types)]);
        assert_eq!(detect_bytes("a.bin", &bytes), Ok(Format::Xlsx));
    }

    #[test]
    fn zip_with_ods_mimetype_is_ods() {
        let bytes = zip_with(&[("mimetype", ODS_MIMETYPE), ("content.xml", b"<x/>")]);
        assert_eq!(detect_bytes("a.zip", &bytes), Ok(Format::Ods));
    }

    #[test]
    fn docx_and_odt_are_word() {
        let docx = zip_with(&[("word/document.xml", b"<w/>")]);
        assert_eq!(
            kind_of(detect_bytes("a.xlsx", &docx)),
            Some(NotSpreadsheetKind::Word)
        );
        let odt = zip_with(&[("mimetype", ODT_MIMETYPE), ("content.xml", b"<x/>")]);
        assert_eq!(
            kind_of(detect_bytes("a.ods", &odt)),
            Some(NotSpreadsheetKind::Word)
        );
    }

    #[test]
    fn other_zip_is_an_archive() {
        let bytes = zip_with(&[("photos/1.jpg", b"\xFF\xD8\xFF")]);
        assert_eq!(
            kind_of(detect_bytes("a.xlsx", &bytes)),
            Some(NotSpreadsheetKind::Archive)
        );
    }

    #[test]
    fn cut_off_zip_is_damaged() {
        let bytes = zip_with(&[("xl/workbook.xml", b"<workbook/>")]);
        let cut = &bytes[..bytes.len() / 2];
        assert!(matches!(
            detect_bytes("a.xlsx", cut),
            Err(Error::Damaged { .. })
        ));
    }

    #[test]
    fn compound_file_kinds() {
        let xls = cfb_with(&["Root Entry", "Workbook"]);
        assert_eq!(detect_bytes("a.xls", &xls), Ok(Format::Xls));
        let encrypted = cfb_with(&["Root Entry", "EncryptionInfo", "EncryptedPackage"]);
        assert!(matches!(
            detect_bytes("a.xlsx", &encrypted),
            Err(Error::Encrypted { .. })
        ));
        let doc = cfb_with(&["Root Entry", "WordDocument", "1Table"]);
        assert_eq!(
            kind_of(detect_bytes("a.xls", &doc)),
            Some(NotSpreadsheetKind::Word)
        );
    }

    /// Builds a compound file whose workbook stream starts with BOF and then `next`.
    fn xls_starting_with(next: &[u8]) -> Vec<u8> {
        let mut bytes = cfb_with(&["Root Entry", "Workbook"]);
        bytes.resize(1024, 0);
        bytes.extend_from_slice(b"\x09\x08\x10\x00\x00\x06\x05\x00");
        bytes.extend_from_slice(&[0; 12]);
        bytes.extend_from_slice(next);
        bytes
    }

    #[test]
    fn cut_xls_is_damaged() {
        let xls = include_bytes!("../../tests/fixtures/read/offset_merges_hidden_sheet.xls");
        assert_eq!(detect_bytes("a.xls", xls), Ok(Format::Xls));
        for end in [100, 512, 1000, 4608, xls.len() - 512] {
            assert!(
                matches!(
                    detect_bytes("a.xls", &xls[..end]),
                    Err(Error::Damaged { .. })
                ),
                "cut at {end}"
            );
        }
    }

    #[test]
    fn xls_with_file_pass_is_encrypted() {
        // FILEPASS with RC4 (type 1) and with XOR obfuscation (type 0).
        for kind in [b"\x01\x00", b"\x00\x00"] {
            let mut record = b"\x2F\x00\x06\x00".to_vec();
            record.extend_from_slice(kind);
            record.extend_from_slice(&[0x12, 0x34, 0x56, 0x78]);
            assert!(matches!(
                detect_bytes("a.xls", &xls_starting_with(&record)),
                Err(Error::Encrypted { .. })
            ));
        }
        // INTERFACEHDR after BOF: an ordinary workbook.
        let plain = xls_starting_with(b"\xE1\x00\x02\x00\xB0\x04");
        assert_eq!(detect_bytes("a.xls", &plain), Ok(Format::Xls));
    }

    #[test]
    fn owner_file_by_layout_and_by_name() {
        let mut owner = vec![7u8];
        owner.extend_from_slice(b"teacher");
        owner.resize(54, b' ');
        owner.extend_from_slice(&7u16.to_le_bytes());
        for unit in "teacher".encode_utf16() {
            owner.extend_from_slice(&unit.to_le_bytes());
        }
        owner.resize(165, b' ');
        assert!(matches!(
            detect_bytes("roster.xlsx", &owner),
            Err(Error::OwnerFile { .. })
        ));
        assert!(matches!(
            detect_bytes("~$roster.xlsx", b"\x05"),
            Err(Error::OwnerFile { .. })
        ));
    }

    #[test]
    fn binary_signatures() {
        let cases: &[(&[u8], NotSpreadsheetKind)] = &[
            (b"%PDF-1.7\n", NotSpreadsheetKind::Pdf),
            (b"\x89PNG\r\n\x1A\n\0\0", NotSpreadsheetKind::Image),
            (b"\xFF\xD8\xFF\xE0\0\x10JFIF", NotSpreadsheetKind::Image),
            (b"GIF89a\x01\0", NotSpreadsheetKind::Image),
            (
                b"\x00\x13\xF7\x80\x01\x02garbage",
                NotSpreadsheetKind::Unknown,
            ),
        ];
        for (bytes, kind) in cases {
            assert_eq!(kind_of(detect_bytes("a.xlsx", bytes)), Some(*kind));
        }
    }

    #[test]
    fn html_after_bom_and_whitespace() {
        let page = "\u{FEFF}\r\n  <!DOCTYPE html><html><body><table></table></body></html>";
        assert_eq!(detect_bytes("a.xls", page.as_bytes()), Ok(Format::Html));
        let bare = b"<TABLE><TR><TD>1</TD></TR></TABLE>";
        assert_eq!(detect_bytes("a.xls", bare), Ok(Format::Html));
    }

    #[test]
    fn delimited_text_is_csv() {
        assert_eq!(
            detect_bytes("a.txt", "序号,姓名\n1,张三\n".as_bytes()),
            Ok(Format::Csv)
        );
        assert_eq!(
            detect_bytes("a.dat", b"\xD0\xF2\xBA\xC5\t\xD0\xD5\xC3\xFB\r\n"),
            Ok(Format::Csv)
        );
        assert_eq!(
            kind_of(detect_bytes("a.txt", "只有一行字".as_bytes())),
            Some(NotSpreadsheetKind::Text)
        );
        assert_eq!(
            detect_bytes("a.csv", "姓名\n张三\n".as_bytes()),
            Ok(Format::Csv)
        );
        assert_eq!(
            detect_bytes("a.csv", "<序号>,姓名\n".as_bytes()),
            Ok(Format::Csv)
        );
        let xml = b"<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"/>";
        assert_eq!(
            kind_of(detect_bytes("a.xls", xml)),
            Some(NotSpreadsheetKind::Text)
        );
    }

    #[test]
    fn extension_mismatch() {
        let renamed = Path::new("名单.XLS");
        assert_eq!(
            mismatched_extension(renamed, Format::Xlsx),
            Some("xls".to_string())
        );
        assert_eq!(mismatched_extension(renamed, Format::Xls), None);
        assert_eq!(mismatched_extension(renamed, Format::Html), None);
        assert_eq!(mismatched_extension(Path::new("a.txt"), Format::Csv), None);
        assert_eq!(mismatched_extension(Path::new("a.dat"), Format::Xlsx), None);
        assert_eq!(mismatched_extension(Path::new("noext"), Format::Xlsx), None);
    }
}
