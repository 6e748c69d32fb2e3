//! The shared look of every workbook the tool prints: fonts, borders, A4 page setup, page
//! headers and footers, document properties, column widths and valid sheet names.
//!
//! Excel's limits are checked here before a value reaches rust_xlsxwriter, because some of
//! its setters print an English warning and drop a value that is too long instead of failing.

use std::borrow::Cow;

use rust_xlsxwriter::{
    ColNum, Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, RowNum,
    Workbook, Worksheet, XlsxError,
};

use super::{RunInfo, TOOL_VERSION};
use crate::fingerprint::Fingerprint;
use crate::messages::labels;

pub const FONT_BODY: &str = "宋体";
pub const FONT_TITLE: &str = "黑体";
/// Fingerprints are printed in a monospaced font so the groups of four line up when read
/// aloud. Consolas ships with Windows since Vista and with Office.
pub const FONT_MONO: &str = "Consolas";
/// The GB2312 character set code, so that Excel picks the Chinese font for 宋体 and 黑体.
const CHARSET_GB2312: u8 = 134;

/// Font sizes in points. Tables use 五号 (10.5 pt), the usual size of Chinese official forms.
pub const SIZE_BODY: f64 = 11.0;
pub const SIZE_TABLE: f64 = 10.5;
pub const SIZE_TITLE: f64 = 20.0;
pub const SIZE_NOTE: f64 = 9.0;

/// Excel's paper code for A4.
pub const PAPER_A4: u8 = 9;
/// Excel's limit on a page header or footer, counted in UTF-16 units with the codes.
pub const MAX_HEADER_FOOTER: usize = 255;
/// Excel's limit on a sheet name, in UTF-16 units.
pub const MAX_SHEET_NAME: usize = 31;
/// Excel's limit on the text of one cell, in UTF-16 units.
pub const MAX_CELL_TEXT: usize = 32_767;
/// Excel's limit on a text document property.
pub const MAX_PROPERTY_TEXT: usize = 255;

/// The share of the printable width that sheets printed at 100 % are designed to fill. Excel
/// draws column widths in digits of Calibri 11 (7 pixels), and the rest is headroom for
/// rounding.
// NOTE: LibreOffice on a computer without Calibri or its metric twin Carlito draws columns
// wider (about a third with DejaVu Sans), and such sheets then spill a column onto a second
// page.
const LAYOUT_SHARE: f64 = 0.85;

/// Page margins in inches: left and right, top and bottom, header and footer.
const MARGIN_SIDE: f64 = 0.6;
const MARGIN_TOP_BOTTOM: f64 = 0.75;
const MARGIN_HEADER_FOOTER: f64 = 0.3;

/// The page orientation of a sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    Portrait,
    Landscape,
}

impl Orientation {
    /// Returns the printable width inside the side margins, in pixels at 96 dpi, the unit
    /// Excel turns column widths into.
    pub fn printable_pixels(self) -> f64 {
        let paper_inches = match self {
            Orientation::Portrait => 8.27,
            Orientation::Landscape => 11.69,
        };
        (paper_inches - 2.0 * MARGIN_SIDE) * 96.0
    }

    /// Returns the width a sheet's columns may fill, in pixels, with room for wider fonts.
    pub fn layout_pixels(self) -> f64 {
        self.printable_pixels() * LAYOUT_SHARE
    }

    /// Returns the printable height inside the top and bottom margins, in points.
    pub fn printable_points(self) -> f64 {
        let paper_inches = match self {
            Orientation::Portrait => 11.69,
            Orientation::Landscape => 8.27,
        };
        (paper_inches - 2.0 * MARGIN_TOP_BOTTOM) * 72.0
    }

    /// Chooses portrait when columns of these widths fit across it, else landscape.
    pub fn for_widths(widths: &[f64]) -> Orientation {
        if columns_pixels(widths) <= Orientation::Portrait.layout_pixels() {
            Orientation::Portrait
        } else {
            Orientation::Landscape
        }
    }
}

/// Returns the printed width of columns in pixels. Excel draws a column of width `w`, counted
/// in digits of the default font (7 pixels for Calibri 11), as `7w + 5` pixels.
pub fn columns_pixels(widths: &[f64]) -> f64 {
    widths.iter().map(|w| 7.0 * w + 5.0).sum()
}

/// Body text in 宋体, vertically centred.
pub fn body(size: f64) -> Format {
    Format::new()
        .set_font_name(FONT_BODY)
        .set_font_charset(CHARSET_GB2312)
        .set_font_size(size)
        .set_align(FormatAlign::VerticalCenter)
}

/// Title text in 黑体, centred.
pub fn title(size: f64) -> Format {
    Format::new()
        .set_font_name(FONT_TITLE)
        .set_font_charset(CHARSET_GB2312)
        .set_font_size(size)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
}

/// Monospaced text for fingerprints and seeds.
pub fn mono(size: f64) -> Format {
    Format::new()
        .set_font_name(FONT_MONO)
        .set_font_size(size)
        .set_align(FormatAlign::VerticalCenter)
}

/// Adds thin borders on all four sides, for table cells.
pub fn bordered(format: Format) -> Format {
    format.set_border(FormatBorder::Thin)
}

/// Returns the format of a table's header row: bold, light grey, bordered, centred, wrapped.
pub fn table_header() -> Format {
    bordered(body(SIZE_TABLE))
        .set_bold()
        .set_background_color(Color::RGB(0xD9D9D9))
        .set_align(FormatAlign::Center)
        .set_text_wrap()
}

/// A table cell that Excel keeps as text, for ID numbers and other digit strings that must
/// never turn into numbers.
pub fn text_cell(size: f64) -> Format {
    bordered(body(size)).set_num_format("@")
}

/// Sets up a sheet to print on A4 with the tool's margins, header and footer.
///
/// `fit_width` scales the sheet to one page wide. Excel ignores manual page breaks on a
/// sheet scaled this way, so sheets with their own breaks pass `false` and are laid out to
/// fit instead.
pub fn set_up_page(
    sheet: &mut Worksheet,
    orientation: Orientation,
    header: &str,
    footer: &str,
    fit_width: bool,
) {
    sheet.set_paper_size(PAPER_A4);
    match orientation {
        Orientation::Portrait => sheet.set_portrait(),
        Orientation::Landscape => sheet.set_landscape(),
    };
    sheet.set_margins(
        MARGIN_SIDE,
        MARGIN_SIDE,
        MARGIN_TOP_BOTTOM,
        MARGIN_TOP_BOTTOM,
        MARGIN_HEADER_FOOTER,
        MARGIN_HEADER_FOOTER,
    );
    if fit_width {
        sheet.set_print_fit_to_pages(1, 0);
    }
    sheet.set_header(header);
    sheet.set_footer(footer);
}

/// Repeats a table's header row at the top of every printed page.
///
/// # Errors
///
/// Fails only for a row beyond Excel's last row.
pub fn repeat_header_row(sheet: &mut Worksheet, row: RowNum) -> Result<(), XlsxError> {
    sheet.set_repeat_rows(row, row)?;
    Ok(())
}

/// Builds a page header with the workbook's title on the left and the school on the right.
pub fn page_header(title: &str, school: &str) -> String {
    fit_sections(
        &[("&L&10", title), ("&R&10", labels::school_or_blank(school))],
        "",
    )
}

/// Builds the page header of a grouping's sheets: the title on the left, the school on the
/// right, and for a second or later grouping of the same roster 第2次分组 (第3次 …) in the
/// centre, so a re-run shows on every printed page.
pub fn run_page_header(title: &str, info: &RunInfo) -> String {
    let mark = labels::regrouping_mark(&info.earlier_runs).unwrap_or_default();
    page_header_sections(title, &mark, labels::school_or_blank(&info.school))
}

/// Builds a page header with text on the left, in the centre and on the right.
pub fn page_header_sections(left: &str, centre: &str, right: &str) -> String {
    fit_sections(
        &[("&L&10", left), ("&C&B&10", centre), ("&R&10", right)],
        "",
    )
}

/// Builds a page footer with run facts on the left and 第 x 页 共 y 页 on the right.
pub fn page_footer(facts: &str) -> String {
    page_footer_with(facts, labels::PAGE_NUMBER_CODE)
}

/// Builds a page footer with run facts on the left and these page number codes on the right.
pub fn page_footer_with(facts: &str, page_codes: &str) -> String {
    let pages = format!("&R&9{page_codes}");
    fit_sections(&[("&L&9", facts)], &pages)
}

/// Run facts for a page footer: the roster fingerprint's short form, the seed when there is
/// one, and the algorithm.
pub fn run_facts(info: &RunInfo) -> String {
    let mut facts = vec![(labels::ROSTER_FINGERPRINT, info.roster.short())];
    if let Some(seed) = &info.seed {
        facts.push((labels::SEED, seed.canonical.clone()));
    }
    facts.push((labels::ALGORITHM, info.algorithm.to_string()));
    join_facts(&facts)
}

/// Joins labelled facts into one line: `名单指纹 AB12 …  ·  随机种子 351624`.
pub fn join_facts(facts: &[(&str, String)]) -> String {
    let parts: Vec<String> = facts
        .iter()
        .map(|(label, value)| format!("{label} {value}"))
        .collect();
    parts.join(" · ")
}

/// Escapes text for a page header or footer, where `&` starts a code.
pub fn escape_header_footer(text: &str) -> String {
    text.replace('&', "&&")
}

/// Joins header or footer sections, each a code prefix and a text, then `fixed` codes, and
/// shortens the longest text until the whole fits in Excel's 255 UTF-16 units.
///
/// A text starting with a digit gets a leading space so that it cannot extend a font size
/// code (`&10` followed by `7` would read as size 107).
fn fit_sections(sections: &[(&str, &str)], fixed: &str) -> String {
    let mut texts: Vec<String> = sections.iter().map(|(_, t)| t.to_string()).collect();
    loop {
        let joined = join_sections(sections, &texts, fixed);
        let excess = utf16_len(&joined).saturating_sub(MAX_HEADER_FOOTER);
        if excess == 0 {
            return joined;
        }
        let longest = (0..texts.len()).max_by_key(|&i| utf16_len(&texts[i]));
        let Some(longest) = longest.filter(|&i| !texts[i].is_empty()) else {
            // Only the codes are left, and they alone are too long.
            return String::new();
        };
        let keep = utf16_len(&texts[longest]).saturating_sub(excess + 1);
        texts[longest] = if keep == 0 {
            String::new()
        } else {
            format!("{}…", truncate_utf16(&texts[longest], keep))
        };
    }
}

fn join_sections(sections: &[(&str, &str)], texts: &[String], fixed: &str) -> String {
    let mut out = String::new();
    for ((code, _), text) in sections.iter().zip(texts) {
        out.push_str(code);
        if text.starts_with(|c: char| c.is_ascii_digit()) {
            out.push(' ');
        }
        out.push_str(&escape_header_footer(text));
    }
    out.push_str(fixed);
    out
}

/// Document properties: title, subject, author `bianban`, a comment and custom properties
/// with the fingerprints, seed, algorithm and tool version, and the run time as creation
/// date, so the file's bytes depend only on its inputs and that time.
///
/// # Errors
///
/// Fails when the run time is before 1900, which Excel cannot store.
pub fn properties(info: &RunInfo, title: &str) -> Result<DocProperties, XlsxError> {
    let mut properties = DocProperties::new()
        .set_title(property_text(title))
        .set_subject(labels::SUBJECT)
        .set_author("bianban")
        .set_comment(property_text(&comment(info)))
        .set_creation_datetime(&excel_time(info.time)?)
        .set_custom_property("roster_fingerprint", info.roster.hex());
    if let Some(grouping) = &info.grouping {
        properties = properties.set_custom_property("grouping_fingerprint", grouping.hex());
    }
    if let Some(seed) = &info.seed {
        properties = properties.set_custom_property("seed", property_text(&seed.canonical));
    }
    Ok(properties
        .set_custom_property("algorithm", info.algorithm)
        .set_custom_property("tool_version", TOOL_VERSION))
}

/// The zip compression level of every workbook: deflate's fastest. Compressing at the
/// default level 6 took about a tenth of a grouping's instructions (callgrind, 2,000
/// students). Level 1 files are about 40 % larger, 347 KB instead of 245 KB for the group
/// lists of 2,000 students.
pub const ZIP_COMPRESSION_LEVEL: u8 = 1;

/// Makes a workbook with the tool's document properties.
///
/// # Errors
///
/// As [`properties`].
pub fn new_workbook(info: &RunInfo, title: &str) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_zip_compression_level(ZIP_COMPRESSION_LEVEL);
    workbook.set_properties(&properties(info, title)?);
    Ok(workbook)
}

/// Builds the comment property: every run fact on one line, for people who look at the
/// file's properties in Explorer or WPS.
fn comment(info: &RunInfo) -> String {
    let mut facts = vec![(labels::ROSTER_FINGERPRINT, info.roster.grouped())];
    if let Some(grouping) = &info.grouping {
        facts.push((labels::GROUPING_FINGERPRINT, grouping.grouped()));
    }
    if let Some(seed) = &info.seed {
        facts.push((labels::SEED, seed.canonical.clone()));
    }
    facts.push((labels::ALGORITHM, info.algorithm.to_string()));
    facts.push((labels::TOOL, labels::tool_version(TOOL_VERSION)));
    join_facts(&facts)
}

fn excel_time(time: chrono::NaiveDateTime) -> Result<ExcelDateTime, XlsxError> {
    use chrono::{Datelike, Timelike};
    let year = u16::try_from(time.year()).unwrap_or(0);
    ExcelDateTime::from_ymd(year, time.month() as u8, time.day() as u8)?.and_hms(
        time.hour() as u16,
        time.minute() as u8,
        time.second(),
    )
}

fn property_text(text: &str) -> String {
    truncate_utf16(text, MAX_PROPERTY_TEXT).into_owned()
}

/// Splits a fingerprint into two lines of eight groups, to print in full where one line is
/// too wide.
pub fn fingerprint_lines(fingerprint: &Fingerprint) -> String {
    let grouped = fingerprint.grouped();
    let groups: Vec<&str> = grouped.split(' ').collect();
    let (first, second) = groups.split_at(groups.len() / 2);
    format!("{}\n{}", first.join(" "), second.join(" "))
}

/// Cell text cut to Excel's 32,767 UTF-16 units.
pub fn cell_text(text: &str) -> Cow<'_, str> {
    truncate_utf16(text, MAX_CELL_TEXT)
}

/// Counts the UTF-16 units of text, the unit of Excel's limits.
pub fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// Returns the longest prefix of `text` with at most `max` UTF-16 units, never splitting a
/// character that takes two units (a surrogate pair).
pub fn truncate_utf16(text: &str, max: usize) -> Cow<'_, str> {
    let mut units = 0;
    for (index, c) in text.char_indices() {
        units += c.len_utf16();
        if units > max {
            return Cow::Borrowed(&text[..index]);
        }
    }
    Cow::Borrowed(text)
}

/// Estimates the width of text in Excel column units at a font size. A CJK or full-width
/// character is about two units, other characters a little over one. The estimate errs wide, because
/// the digits of 宋体's substitutes (on computers without it) are wider than 宋体's own.
/// Multi-line text counts its widest line.
pub fn text_width(text: &str, size: f64) -> f64 {
    let line_width = |line: &str| -> f64 { line.chars().map(char_width).sum() };
    let widest = text.lines().map(line_width).fold(0.0, f64::max);
    widest * size / 11.0
}

fn char_width(c: char) -> f64 {
    if is_wide(c) { 2.1 } else { 1.25 }
}

/// Computes a column width that fits the widest text, with room for the cell padding,
/// between `min` and `max`.
pub fn column_width<'a>(
    texts: impl IntoIterator<Item = &'a str>,
    size: f64,
    min: f64,
    max: f64,
) -> f64 {
    let widest = texts
        .into_iter()
        .map(|t| text_width(t, size))
        .fold(0.0, f64::max);
    (widest + 1.5).clamp(min, max)
}

/// True for characters that print two columns wide: CJK ideographs and punctuation, kana,
/// Hangul and full-width forms.
pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2E80..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

/// Writes text into a range of columns on one row, merging them when there are several.
///
/// # Errors
///
/// Fails only for positions beyond Excel's limits.
pub fn write_span(
    sheet: &mut Worksheet,
    row: RowNum,
    cols: (ColNum, ColNum),
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    let text = cell_text(text);
    if cols.1 > cols.0 {
        sheet.merge_range(row, cols.0, row, cols.1, &text, format)?;
    } else {
        sheet.write_string_with_format(row, cols.0, text, format)?;
    }
    Ok(())
}

/// The columns of a signature table: who signs, the signature, the date.
#[derive(Debug, Clone, Copy)]
pub struct SignatureColumns {
    pub role: (ColNum, ColNum),
    pub signature: (ColNum, ColNum),
    pub date: (ColNum, ColNum),
}

/// The height of a signature row in points, enough for a handwritten name.
pub const SIGNATURE_ROW_HEIGHT: f64 = 40.0;
/// The height of a signature table's header row in points.
pub const SIGNATURE_HEADER_HEIGHT: f64 = 22.0;

/// Returns the row heights of a signature table with this many roles, as
/// [`write_signature_table`] sets them.
pub fn signature_heights(roles: usize) -> Vec<f64> {
    let mut heights = vec![SIGNATURE_HEADER_HEIGHT];
    heights.extend(std::iter::repeat_n(SIGNATURE_ROW_HEIGHT, roles));
    heights
}

/// Writes a bordered signature table, a header row and one row per role, and returns the
/// row after it.
///
/// # Errors
///
/// Fails only for positions beyond Excel's limits.
pub fn write_signature_table(
    sheet: &mut Worksheet,
    row: RowNum,
    roles: &[&str],
    cols: SignatureColumns,
) -> Result<RowNum, XlsxError> {
    let header = table_header();
    let role_format = bordered(body(SIZE_BODY)).set_align(FormatAlign::Center);
    let empty = bordered(body(SIZE_BODY));
    sheet.set_row_height(row, SIGNATURE_HEADER_HEIGHT)?;
    write_span(sheet, row, cols.role, labels::SIGNER, &header)?;
    write_span(sheet, row, cols.signature, labels::SIGNATURE, &header)?;
    write_span(sheet, row, cols.date, labels::DATE, &header)?;
    for (offset, role) in roles.iter().enumerate() {
        let at = row + 1 + offset as RowNum;
        sheet.set_row_height(at, SIGNATURE_ROW_HEIGHT)?;
        write_span(sheet, at, cols.role, role, &role_format)?;
        write_span(sheet, at, cols.signature, "", &empty)?;
        write_span(sheet, at, cols.date, "", &empty)?;
    }
    Ok(row + 1 + roles.len() as RowNum)
}

/// Makes `wanted` a valid sheet name that differs from every name in `used`, ignoring case
/// as Excel does, and adds it to `used`.
///
/// Excel's rules: at most 31 UTF-16 units, none of `[ ] : * ? / \`, no `'` at either end,
/// not the reserved `History`. Bad characters are replaced by similar ones (brackets by
/// parentheses, `:` `?` `*` by their full-width forms, slashes by `-`), control characters
/// and surrounding spaces are removed, and a name taken already gets `(2)`, `(3)`, ….
/// Callers keep the full name in a cell of the sheet, because the sheet name may be cut.
pub fn sheet_name(wanted: &str, used: &mut Vec<String>) -> String {
    let base = clean_sheet_name(wanted);
    let mut candidate = fit_sheet_name(&base, "");
    let mut counter = 1;
    while is_taken(&candidate, used) {
        counter += 1;
        candidate = fit_sheet_name(&base, &format!("({counter})"));
    }
    used.push(candidate.clone());
    candidate
}

fn clean_sheet_name(wanted: &str) -> String {
    let replaced: String = wanted
        .chars()
        .map(|c| match c {
            '[' => '(',
            ']' => ')',
            ':' => '：',
            '?' => '？',
            '*' => '＊',
            '/' | '\\' => '-',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let trimmed = trim_sheet_name(&replaced);
    if trimmed.is_empty() {
        labels::SHEET_FALLBACK.to_string()
    } else if trimmed.eq_ignore_ascii_case("History") {
        format!("{trimmed}_")
    } else {
        trimmed.to_string()
    }
}

/// Removes what may not or should not surround a sheet name: spaces and apostrophes.
fn trim_sheet_name(name: &str) -> &str {
    name.trim_matches(|c: char| c.is_whitespace() || c == '\'')
}

/// Cuts `base` so that it and `suffix` fit in 31 UTF-16 units, without leaving a space or
/// apostrophe at the cut.
fn fit_sheet_name(base: &str, suffix: &str) -> String {
    let room = MAX_SHEET_NAME - utf16_len(suffix);
    let cut = truncate_utf16(base, room);
    let cut = if suffix.is_empty() {
        trim_sheet_name(&cut)
    } else {
        cut.trim_end()
    };
    format!("{cut}{suffix}")
}

fn is_taken(name: &str, used: &[String]) -> bool {
    let lower = name.to_lowercase();
    used.iter().any(|u| u.to_lowercase() == lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Class names that are not valid sheet names, as found in teacher sheets.
    const CLASS_NAMES: [&str; 15] = [
        "七(1)班/英语实验班",
        "七[2]班",
        "七年级（3）班：科技特色",
        "七年级(4)班:科技特色",
        "'七5班",
        "七年级(6)班-数学物理化学生物竞赛强化培优实验班级",
        "七年级(6)班-数学物理化学生物竞赛强化培优实验班级第二组第一队甲",
        "七年级(6)班-数学物理化学生物竞赛强化培优实验班级第二组第一队乙",
        "七(8)班𠇔甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲",
        "History",
        "七(9)班?",
        "七(10)班",
        "七(10)班 ",
        "Class A",
        "CLASS a",
    ];

    #[test]
    fn sheet_names_from_bad_class_names() {
        let mut used = Vec::new();
        let names: Vec<String> = CLASS_NAMES
            .iter()
            .map(|n| sheet_name(n, &mut used))
            .collect();
        let expected = [
            "七(1)班-英语实验班",
            "七(2)班",
            "七年级（3）班：科技特色",
            "七年级(4)班：科技特色",
            "七5班",
            "七年级(6)班-数学物理化学生物竞赛强化培优实验班级",
            "七年级(6)班-数学物理化学生物竞赛强化培优实验班级第二组第一",
            "七年级(6)班-数学物理化学生物竞赛强化培优实验班级第二(2)",
            "七(8)班𠇔甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲",
            "History_",
            "七(9)班？",
            "七(10)班",
            "七(10)班(2)",
            "Class A",
            "CLASS a(2)",
        ];
        for (name, want) in names.iter().zip(expected) {
            assert_eq!(name, want);
        }
    }

    #[test]
    fn sheet_names_pass_rust_xlsxwriter_check() {
        let mut used = Vec::new();
        for wanted in CLASS_NAMES {
            let name = sheet_name(wanted, &mut used);
            assert!(
                rust_xlsxwriter::utility::check_sheet_name(&name).is_ok(),
                "{name}"
            );
            assert!(utf16_len(&name) <= MAX_SHEET_NAME, "{name}");
        }
    }

    #[test]
    fn sheet_names_are_unique_ignoring_case() {
        let mut used = Vec::new();
        for wanted in CLASS_NAMES {
            sheet_name(wanted, &mut used);
        }
        let mut lower: Vec<String> = used.iter().map(|n| n.to_lowercase()).collect();
        lower.sort();
        lower.dedup();
        assert_eq!(lower.len(), CLASS_NAMES.len());
    }

    #[test]
    fn sheet_name_never_splits_surrogate_pair() {
        // 30 units of 甲, then a character outside the BMP that takes units 31 and 32.
        let wanted = format!("{}𠇔", "甲".repeat(30));
        let name = sheet_name(&wanted, &mut Vec::new());
        assert_eq!(name, "甲".repeat(30));
    }

    #[test]
    fn sheet_name_suffix_keeps_surrogate_pair_whole() {
        let wanted = format!("{}𠇔甲甲", "甲".repeat(27));
        let mut used = vec![sheet_name(&wanted, &mut Vec::new())];
        let second = sheet_name(&wanted, &mut used);
        assert_eq!(second, format!("{}(2)", "甲".repeat(27)));
    }

    #[test]
    fn sheet_name_of_only_bad_characters_gets_fallback() {
        let mut used = Vec::new();
        assert_eq!(sheet_name("''", &mut used), "工作表");
        assert_eq!(sheet_name("  ", &mut used), "工作表(2)");
        assert_eq!(sheet_name("history", &mut used), "history_");
    }

    #[test]
    fn header_escapes_ampersand_and_fits_limit() {
        let header = page_header("分组名单 第1组", "A&B中学");
        assert_eq!(header, "&L&10分组名单 第1组&R&10A&&B中学");

        let long_school = "某".repeat(400);
        let header = page_header("分组名单", &long_school);
        assert!(utf16_len(&header) <= MAX_HEADER_FOOTER);
        assert!(header.starts_with("&L&10分组名单&R&10某某"));
        assert!(header.ends_with('…'));
    }

    #[test]
    fn footer_keeps_page_codes_and_separates_digits() {
        let footer = page_footer("351624");
        assert_eq!(footer, "&L&9 351624&R&9第 &P 页 共 &N 页");

        let long = "&".repeat(300);
        let footer = page_footer(&long);
        assert!(utf16_len(&footer) <= MAX_HEADER_FOOTER);
        assert!(footer.ends_with("&R&9第 &P 页 共 &N 页"));
        assert!(
            !footer.contains("&&&R"),
            "an escaped & must not be cut in half"
        );
    }

    #[test]
    fn footer_of_codes_alone_too_long_is_empty() {
        let codes = "&P".repeat(200);
        assert_eq!(page_footer_with("名单指纹", &codes), "");
    }

    #[test]
    fn cell_text_cut_to_excel_limit() {
        let long = "𠇔".repeat(20_000);
        let cut = cell_text(&long);
        assert_eq!(utf16_len(&cut), 32_766);
        assert_eq!(cell_text("短"), "短");
    }

    #[test]
    fn text_width_counts_cjk_wider() {
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(close(text_width("身份证号", 11.0), 8.4));
        assert!(close(text_width("1234", 11.0), 5.0));
        assert!(close(text_width("1234", 22.0), 10.0));
        assert!(close(text_width("a\nabc", 11.0), 3.75));
    }

    #[test]
    fn fingerprint_lines_split_eight_and_eight() {
        let fp = Fingerprint::of(b"abc");
        let text = fingerprint_lines(&fp);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].split(' ').count(), 8);
        assert_eq!(lines[1].split(' ').count(), 8);
        assert_eq!(text.replace('\n', " "), fp.grouped());
    }
}
