//! Web page tables saved with a spreadsheet name.
//!
//! Some school systems export a roster as an HTML page named `.xls`; Excel and WPS open it
//! as a sheet. This reader finds the page's tables with a small tag scanner and turns each
//! table that has text into one sheet, with `colspan` and `rowspan` as merged areas. Every
//! cell is text, as in CSV.

use std::borrow::Cow;
use std::path::Path;

use encoding_rs::Encoding;

use super::limits::CellBudget;
use super::{Cell, Merge, ReadLimits, ReadProblem, Sheet, Value, text};
use crate::diag::{CellRef, Location, Report};
use crate::error::{Error, Result, TooLargeCause};

/// How much of the page is searched for a `charset` declaration.
const CHARSET_PEEK: usize = 4096;
/// The largest spans HTML allows; larger values are clamped to these.
const MAX_COLSPAN: u32 = 1000;
const MAX_ROWSPAN: u32 = 65534;

/// Reads the tables of a web page into sheets.
///
/// A page with one table gives one sheet named after the file. A page with several gives
/// sheets `表格1`, `表格2` and so on, and the table stage picks those with a header.
///
/// # Errors
///
/// [`Error::WebPage`] when no table on the page holds any text, [`Error::TooLarge`] when its
/// cells need more memory than the limits allow.
pub fn read(
    path: &Path,
    bytes: &[u8],
    file_name: &str,
    limits: &ReadLimits,
    report: &mut Report,
) -> Result<Vec<Sheet>> {
    let page = decode_page(bytes);
    let mut budget = CellBudget::new(limits);
    let tables: Vec<Table> = scan_tables(&page, &mut budget)
        .ok_or_else(|| limits.too_large(path, TooLargeCause::Cells))?
        .into_iter()
        .filter(|table| !table.cells.is_empty())
        .collect();
    if tables.is_empty() {
        return Err(Error::WebPage {
            path: path.to_path_buf(),
        });
    }
    report.notice(Location::file(file_name), ReadProblem::WebPageTable);

    let single = tables.len() == 1;
    let sheets = tables
        .into_iter()
        .enumerate()
        .map(|(i, table)| {
            let name = if single {
                stem(path)
            } else {
                format!("表格{}", i + 1)
            };
            table.into_sheet(name)
        })
        .collect();
    Ok(sheets)
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| super::file_name(path))
}

/// Decodes a page by its byte order mark, else by its `charset` declaration when the bytes
/// are valid in it, else like a CSV file (UTF-8, then GB18030).
fn decode_page(bytes: &[u8]) -> String {
    if Encoding::for_bom(bytes).is_some() {
        return text::decode(bytes).text;
    }
    let declared = declared_charset(bytes)
        .and_then(|encoding| encoding.decode_without_bom_handling_and_without_replacement(bytes));
    match declared {
        Some(page) => page.into_owned(),
        None => text::decode(bytes).text,
    }
}

/// Finds `charset=...` in a `<meta>` tag near the start; `gb2312` and `gbk` decode as GB18030.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes[..bytes.len().min(CHARSET_PEEK)].to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = find(&head[from..], b"charset") {
        let after = from + found + b"charset".len();
        let rest = &head[after..];
        let rest = rest.trim_ascii_start().strip_prefix(b"=").unwrap_or(b"");
        let rest = rest.trim_ascii_start();
        let rest = rest
            .strip_prefix(b"\"")
            .or(rest.strip_prefix(b"'"))
            .unwrap_or(rest);
        let label_length = rest
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
            .count();
        let encoding = Encoding::for_label(&rest[..label_length]);
        // A page in an ASCII-compatible file cannot really be UTF-16, whatever it declares.
        if let Some(encoding) = encoding.filter(|e| e.is_ascii_compatible()) {
            return Some(encoding);
        }
        from = after;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// One table of the page, with its cells at their grid positions.
#[derive(Debug, Default)]
struct Table {
    cells: Vec<Cell>,
    merges: Vec<Merge>,
    /// Rows started so far; the current row is `rows - 1`.
    rows: u32,
    in_row: bool,
    /// The column where the search for the next cell's place starts.
    next_col: u32,
    open: Option<OpenCell>,
    /// Merges from earlier rows that reach the current row or below.
    row_spans: Vec<Merge>,
    /// The columns of the current row that merges from earlier rows cover, as sorted ranges
    /// that neither overlap nor touch, rebuilt when a row starts.
    covered: Vec<(u32, u32)>,
}

#[derive(Debug)]
struct OpenCell {
    at: CellRef,
    text: String,
}

impl Table {
    fn start_row(&mut self) {
        self.close_cell();
        self.rows = self.rows.saturating_add(1);
        self.in_row = true;
        self.next_col = 0;
        let row = self.rows - 1;
        self.row_spans.retain(|m| m.last.row >= row);
        self.covered = covered_columns(&self.row_spans, row);
    }

    fn end_row(&mut self) {
        self.close_cell();
        self.in_row = false;
    }

    /// Places a `<td>` or `<th>` at the first column of the row not covered by a rowspan.
    fn start_cell(&mut self, attributes: &str) {
        if !self.in_row {
            self.start_row();
        }
        self.close_cell();

        let first = CellRef::new(self.rows - 1, self.free_column());
        let colspan = span(attribute(attributes, "colspan"), MAX_COLSPAN);
        let rowspan = span(attribute(attributes, "rowspan"), MAX_ROWSPAN);
        if colspan > 1 || rowspan > 1 {
            self.add_merge(first, colspan, rowspan);
        }

        self.next_col = first.col.saturating_add(colspan);
        self.open = Some(OpenCell {
            at: first,
            text: String::new(),
        });
    }

    /// Returns the first column from `next_col` on that no rowspan from above covers.
    ///
    /// Merges started in the current row lie left of `next_col`, so only those from earlier
    /// rows can cover it. A binary search keeps a page of thousands of rowspans fast.
    fn free_column(&self) -> u32 {
        let col = self.next_col;
        let after = self.covered.partition_point(|&(first, _)| first <= col);
        match after.checked_sub(1).map(|i| self.covered[i]) {
            Some((_, last)) if last >= col => last.saturating_add(1),
            _ => col,
        }
    }

    fn add_merge(&mut self, first: CellRef, colspan: u32, rowspan: u32) {
        let last = CellRef::new(
            first.row.saturating_add(rowspan - 1),
            first.col.saturating_add(colspan - 1),
        );
        let merge = Merge { first, last };
        self.merges.push(merge);
        if rowspan > 1 {
            self.row_spans.push(merge);
        }
    }

    fn close_cell(&mut self) {
        let Some(cell) = self.open.take() else {
            return;
        };
        let text = cell.text.trim_matches([' ', '\n']);
        if !text.is_empty() {
            self.cells.push(Cell {
                at: cell.at,
                value: Value::Text(text.to_string()),
            });
        }
    }

    /// Adds page text to the open cell, collapsing whitespace runs as a browser does.
    fn add_text(&mut self, raw: &str) {
        let Some(cell) = self.open.as_mut() else {
            return;
        };
        for c in decode_entities(raw).chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c') {
                if !cell.text.is_empty() && !cell.text.ends_with([' ', '\n']) {
                    cell.text.push(' ');
                }
            } else {
                cell.text.push(c);
            }
        }
    }

    fn add_line_break(&mut self) {
        if let Some(cell) = self.open.as_mut() {
            let trimmed_length = cell.text.trim_end_matches(' ').len();
            cell.text.truncate(trimmed_length);
            cell.text.push('\n');
        }
    }

    /// Closes the table; spans past the last row are cut to it, as Excel shows them.
    fn finish(&mut self) {
        self.close_cell();
        let last_row = self.rows.saturating_sub(1);
        for merge in &mut self.merges {
            merge.last.row = merge.last.row.min(last_row);
        }
        self.merges.retain(|m| m.first != m.last);
    }

    fn into_sheet(self, name: String) -> Sheet {
        let mut sheet = Sheet {
            name,
            hidden: false,
            cells: self.cells,
            merges: self.merges,
        };
        sheet.finish();
        sheet
    }
}

/// Returns the column ranges of `row` that merges from earlier rows cover, sorted, with
/// overlapping and touching ranges joined.
fn covered_columns(spans: &[Merge], row: u32) -> Vec<(u32, u32)> {
    let mut ranges: Vec<(u32, u32)> = spans
        .iter()
        .filter(|m| m.first.row < row)
        .map(|m| (m.first.col, m.last.col))
        .collect();
    ranges.sort_unstable();
    let mut joined: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
    for (first, last) in ranges {
        match joined.last_mut() {
            Some(previous) if first <= previous.1.saturating_add(1) => {
                previous.1 = previous.1.max(last);
            }
            _ => joined.push((first, last)),
        }
    }
    joined
}

/// Parses a span attribute as browsers do: leading digits, and 1 when missing or zero.
fn span(value: Option<String>, max: u32) -> u32 {
    let Some(value) = value else {
        return 1;
    };
    let digits: String = value
        .trim()
        .chars()
        .take_while(char::is_ascii_digit)
        .take(6)
        .collect();
    digits.parse::<u32>().unwrap_or(1).clamp(1, max)
}

/// Collects the page's tables in the order they start. A table nested in a cell is a table
/// of its own, and its text is not part of the outer cell. Returns `None` when the cells
/// outgrow the budget.
fn scan_tables(page: &str, budget: &mut CellBudget) -> Option<Vec<Table>> {
    let mut done: Vec<Table> = Vec::new();
    // Open tables, innermost last, each with its index in `done`.
    let mut open: Vec<usize> = Vec::new();
    for token in Tokens::new(page) {
        if let Token::Start { name: "table", .. } = token {
            open.push(done.len());
            done.push(Table::default());
            continue;
        }
        let Some(&current) = open.last() else {
            continue;
        };
        let table = &mut done[current];
        let stored = table.cells.len();
        match token {
            Token::Text(text) => table.add_text(text),
            Token::Start { name, attributes } => match name {
                "tr" => table.start_row(),
                "td" | "th" => table.start_cell(attributes),
                "br" => table.add_line_break(),
                "thead" | "tbody" | "tfoot" => table.end_row(),
                _ => {}
            },
            Token::End { name } => match name {
                "table" => {
                    table.finish();
                    open.pop();
                }
                "tr" => table.end_row(),
                "td" | "th" => table.close_cell(),
                _ => {}
            },
        }
        // A token closes at most one cell of the current table.
        let table = &done[current];
        if table.cells.len() > stored && !budget.charge(&table.cells[stored].value) {
            return None;
        }
    }
    for index in open {
        done[index].finish();
    }
    Some(done)
}

/// A piece of the page. Tag names are lowercased ASCII; names the scanner does not use are
/// reported as `"other"`.
#[derive(Debug, PartialEq)]
enum Token<'a> {
    Text(&'a str),
    Start {
        name: &'static str,
        attributes: &'a str,
    },
    End {
        name: &'static str,
    },
}

/// The tag names the table reader acts on.
const KNOWN_TAGS: &[&str] = &["table", "tr", "td", "th", "br", "thead", "tbody", "tfoot"];
/// Elements whose content is not page text and may contain `<` freely.
const RAW_TEXT_TAGS: &[&str] = &["script", "style", "textarea", "title"];

/// A scanner over the tags and text of a page that accepts any input, as browsers do.
struct Tokens<'a> {
    page: &'a str,
    pos: usize,
}

impl<'a> Tokens<'a> {
    fn new(page: &'a str) -> Self {
        Tokens { page, pos: 0 }
    }

    fn rest(&self) -> &'a str {
        &self.page[self.pos..]
    }

    /// Moves past the next occurrence of `end`, or to the end of the page.
    fn skip_past(&mut self, end: &str) {
        self.pos = match self.rest().find(end) {
            Some(i) => self.pos + i + end.len(),
            None => self.page.len(),
        };
    }

    /// Skips the content of a raw text element up to and including its end tag.
    fn skip_raw_text(&mut self, name: &str) {
        let closing = format!("</{name}");
        let lower = self.rest().to_ascii_lowercase();
        match lower.find(&closing) {
            Some(i) => {
                self.pos += i;
                self.skip_past(">");
            }
            None => self.pos = self.page.len(),
        }
    }

    /// Reads a tag starting at `self.pos` (which is at `<`); returns `None` for `<` that does
    /// not open a tag.
    fn tag(&mut self) -> Option<Token<'a>> {
        let rest = self.rest();
        let bytes = rest.as_bytes();
        let closing = bytes.get(1) == Some(&b'/');
        let name_start = if closing { 2 } else { 1 };
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            return None;
        }
        let name_length = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let name = rest[name_start..name_start + name_length].to_ascii_lowercase();
        let tag = &rest[..tag_length(rest)];
        let attributes = &tag[name_start + name_length..];
        let attributes = attributes.strip_suffix('>').unwrap_or(attributes);
        self.pos += tag.len();
        let known = KNOWN_TAGS.iter().find(|&&tag| tag == name).copied();
        if closing {
            return Some(Token::End {
                name: known.unwrap_or("other"),
            });
        }
        if RAW_TEXT_TAGS.contains(&name.as_str()) {
            self.skip_raw_text(&name);
        }
        Some(Token::Start {
            name: known.unwrap_or("other"),
            attributes,
        })
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        loop {
            let rest = self.rest();
            if rest.is_empty() {
                return None;
            }
            if !rest.starts_with('<') {
                let length = rest.find('<').unwrap_or(rest.len());
                self.pos += length;
                return Some(Token::Text(&rest[..length]));
            }
            if rest.starts_with("<!--") {
                self.pos += 4;
                self.skip_past("-->");
                continue;
            }
            if rest.starts_with("<!") || rest.starts_with("<?") {
                self.skip_past(">");
                continue;
            }
            match self.tag() {
                Some(token) => return Some(token),
                None => {
                    self.pos += 1;
                    return Some(Token::Text(&rest[..1]));
                }
            }
        }
    }
}

/// Returns the length of the tag at the start of `rest`, through its `>`. A `>` inside an attribute
/// value quoted right after `=` does not end the tag; an unterminated quote falls back to the
/// first `>`.
fn tag_length(rest: &str) -> usize {
    let mut quote = None;
    let mut previous = b'<';
    for (i, b) in rest.bytes().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'>' => return i + 1,
            None if matches!(b, b'"' | b'\'') && previous == b'=' => quote = Some(b),
            None => {}
        }
        if !b.is_ascii_whitespace() {
            previous = b;
        }
    }
    rest.find('>').map_or(rest.len(), |i| i + 1)
}

/// Returns the decoded value of an attribute, or `None` when the tag does not have it.
fn attribute(attributes: &str, requested: &str) -> Option<String> {
    let mut rest = attributes;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() {
            return None;
        }
        let name_length = rest
            .find(|c: char| c.is_ascii_whitespace() || matches!(c, '=' | '>' | '/'))
            .unwrap_or(rest.len())
            .max(1);
        let name = &rest[..name_length];
        rest = rest[name_length..].trim_start();
        let mut value = "";
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (found, remaining) = attribute_value(after);
            value = found;
            rest = remaining;
        }
        if name.eq_ignore_ascii_case(requested) {
            return Some(decode_entities(value).into_owned());
        }
    }
}

/// Splits a quoted or unquoted attribute value off the front of `text`.
fn attribute_value(text: &str) -> (&str, &str) {
    if let Some(quote) = text.chars().next().filter(|c| matches!(c, '"' | '\'')) {
        let inner = &text[1..];
        return match inner.find(quote) {
            Some(end) => (&inner[..end], &inner[end + 1..]),
            None => (inner, ""),
        };
    }
    let end = text
        .find(|c: char| c.is_ascii_whitespace() || c == '>')
        .unwrap_or(text.len());
    (&text[..end], &text[end..])
}

/// Named character references worth knowing in rosters; others are left as written.
const ENTITIES: &[(&str, char)] = &[
    ("nbsp", '\u{A0}'),
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
    ("thinsp", '\u{2009}'),
    ("times", '×'),
    ("middot", '·'),
    ("mdash", '—'),
    ("ndash", '–'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("hellip", '…'),
    ("yen", '¥'),
    ("copy", '©'),
];
/// Entities that browsers also accept without the closing `;`.
const LEGACY_ENTITIES: &[&str] = &["nbsp", "amp", "lt", "gt", "quot"];

/// Replaces character references (`&amp;`, `&#20320;`, `&#x4F60;`) with their characters.
fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        match entity(rest) {
            Some((c, length)) => {
                out.push(c);
                rest = &rest[length..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Decodes the reference at the start of `text` (which starts with `&`) into its character
/// and the number of bytes it takes.
fn entity(text: &str) -> Option<(char, usize)> {
    let body = &text[1..];
    if let Some(number) = body.strip_prefix('#') {
        return numeric_entity(number).map(|(c, length)| (c, length + 2));
    }
    let name_length = body
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(body.len());
    let name = &body[..name_length];
    let (_, c) = ENTITIES.iter().find(|(known, _)| *known == name)?;
    if body[name_length..].starts_with(';') {
        Some((*c, name_length + 2))
    } else if LEGACY_ENTITIES.contains(&name) {
        Some((*c, name_length + 1))
    } else {
        None
    }
}

/// Decodes `NNN;` or `xHH;` after `&#`, returning the character and the bytes used.
fn numeric_entity(number: &str) -> Option<(char, usize)> {
    let (digits, radix, prefix) = match number.strip_prefix(['x', 'X']) {
        Some(hex) => (hex, 16, 1),
        None => (number, 10, 0),
    };
    let digit_length = digits
        .find(|c: char| !c.is_digit(radix))
        .unwrap_or(digits.len());
    if digit_length == 0 {
        return None;
    }
    let code = u32::from_str_radix(&digits[..digit_length.min(8)], radix).unwrap_or(u32::MAX);
    let semicolon = usize::from(digits[digit_length..].starts_with(';'));
    Some((code_point(code), prefix + digit_length + semicolon))
}

/// Returns the character for a numeric reference. Browsers read 128 to 159 as windows-1252.
fn code_point(code: u32) -> char {
    if (0x80..=0x9F).contains(&code) {
        let byte = [code as u8];
        let (decoded, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
        return decoded.chars().next().unwrap_or('\u{FFFD}');
    }
    match char::from_u32(code) {
        Some('\0') | None => '\u{FFFD}',
        Some(c) => c,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn scanner_accepts_any_markup(
            page in "(<t[dhr]?( [a-z]+=(\"[^\"]*\"|'[^']*'|[0-9]+))*/?>|</t[a-z]?>|&#?[a-zA-Z0-9]{0,6};?|[^<&]{0,8}|<!--|-->|<br>|<)*"
        ) {
            let mut budget = CellBudget::new(&ReadLimits::default());
            for table in super::scan_tables(&page, &mut budget).unwrap() {
                let sheet = table.into_sheet("s".into());
                prop_assert!(sheet.cells.iter().all(|c| c.value != Value::Empty));
            }
        }

        #[test]
        fn entities_accept_any_text(text in "(&|#|x|;|[0-9a-f]|[^&])*") {
            let decoded = decode_entities(&text);
            if !text.contains('&') {
                prop_assert_eq!(decoded.as_ref(), text.as_str());
            }
        }
    }

    fn scan_tables(page: &str) -> Vec<Table> {
        let mut budget = CellBudget::new(&ReadLimits::default());
        super::scan_tables(page, &mut budget).unwrap()
    }

    fn texts(table: &Table) -> Vec<(String, String)> {
        table
            .cells
            .iter()
            .map(|cell| (cell.at.to_string(), cell.value.display()))
            .collect()
    }

    fn pair(at: &str, text: &str) -> (String, String) {
        (at.to_string(), text.to_string())
    }

    #[test]
    fn entities_decode() {
        assert_eq!(decode_entities("a&nbsp;b"), "a\u{A0}b");
        assert_eq!(decode_entities("&lt;&gt;&amp;&quot;"), "<>&\"");
        assert_eq!(decode_entities("&#24352;&#x5B50;&#X6DB5;"), "张子涵");
        assert_eq!(decode_entities("R&D &unknown; & x"), "R&D &unknown; & x");
        assert_eq!(decode_entities("&nbsp &amp"), "\u{A0} &");
        assert_eq!(decode_entities("&#0;&#150;&#x110000;"), "\u{FFFD}–\u{FFFD}");
        assert_eq!(decode_entities("&#;&#x;"), "&#;&#x;");
    }

    #[test]
    fn attributes_parse() {
        let attributes = r#" class="a" colspan = "3" rowspan=2 data-x='>'"#;
        assert_eq!(attribute(attributes, "colspan"), Some("3".to_string()));
        assert_eq!(attribute(attributes, "ROWSPAN"), Some("2".to_string()));
        assert_eq!(attribute(attributes, "data-x"), Some(">".to_string()));
        assert_eq!(attribute(attributes, "style"), None);
        assert_eq!(span(Some("2px".into()), MAX_COLSPAN), 2);
        assert_eq!(span(Some("0".into()), MAX_COLSPAN), 1);
        assert_eq!(span(Some("99999".into()), MAX_COLSPAN), 1000);
    }

    #[test]
    fn cells_with_tags_breaks_and_spaces() {
        let page = "<table><tr><td> <b>张</b>\n  三 </td><td>一<br/>二 <BR> 三</td></tr></table>";
        let tables = scan_tables(page);
        assert_eq!(
            texts(&tables[0]),
            vec![pair("A1", "张 三"), pair("B1", "一\n二\n三")]
        );
    }

    #[test]
    fn colspan_and_rowspan_place_cells() {
        let page = "<table>\
            <tr><th colspan=2>标题</th><th>c</th></tr>\
            <tr><td rowspan=\"2\">一小</td><td>1</td><td>x</td></tr>\
            <tr><td>2</td><td>y</td></tr>\
            </table>";
        let tables = scan_tables(page);
        let table = &tables[0];
        assert_eq!(
            texts(table),
            vec![
                pair("A1", "标题"),
                pair("C1", "c"),
                pair("A2", "一小"),
                pair("B2", "1"),
                pair("C2", "x"),
                pair("B3", "2"),
                pair("C3", "y"),
            ]
        );
        let merges: Vec<(String, String)> = table
            .merges
            .iter()
            .map(|m| (m.first.to_string(), m.last.to_string()))
            .collect();
        assert_eq!(merges, vec![pair("A1", "B1"), pair("A2", "A3")]);
    }

    #[test]
    fn many_rowspans_place_cells_after_them() {
        // 3,000 rowspans over row 2: a naive search per cell would test millions of spans.
        let mut page = String::from("<table><tr>");
        page.push_str(&"<td rowspan=2>a</td>".repeat(3000));
        page.push_str("</tr><tr><td>b</td><td>c</td></tr></table>");
        let tables = scan_tables(&page);
        let last_two: Vec<(String, String)> = texts(&tables[0]).into_iter().skip(3000).collect();
        let b_col = CellRef::new(1, 3000).to_string();
        let c_col = CellRef::new(1, 3001).to_string();
        assert_eq!(last_two, vec![pair(&b_col, "b"), pair(&c_col, "c")]);
    }

    #[test]
    fn cells_over_budget_stop_the_scan() {
        let limits = ReadLimits {
            memory_mb: 1,
            ..ReadLimits::default()
        };
        let mut budget = CellBudget::new(&limits);
        let page = "<table><tr>".to_string() + &"<td>x</td>".repeat(100_000) + "</tr></table>";
        assert!(super::scan_tables(&page, &mut budget).is_none());
    }

    #[test]
    fn rowspan_past_last_row_is_cut() {
        let tables = scan_tables("<table><tr><td rowspan=9>a</td><td>b</td></tr></table>");
        assert!(tables[0].merges.is_empty());
    }

    #[test]
    fn comments_scripts_and_stray_brackets() {
        let page = "<!-- <table><tr><td>no</td></tr></table> -->\
            <script>var s = '<table>';</script>\
            <table><tr><td>a < b</td><td title=\"x>y\">c</td></tr></table>";
        let tables = scan_tables(page);
        assert_eq!(tables.len(), 1);
        assert_eq!(
            texts(&tables[0]),
            vec![pair("A1", "a < b"), pair("B1", "c")]
        );
    }

    #[test]
    fn nested_table_is_separate() {
        let page = "<table><tr><td>外<table><tr><td>内</td></tr></table></td></tr></table>";
        let tables = scan_tables(page);
        assert_eq!(tables.len(), 2);
        assert_eq!(texts(&tables[0]), vec![pair("A1", "外")]);
        assert_eq!(texts(&tables[1]), vec![pair("A1", "内")]);
    }

    #[test]
    fn unclosed_tags_still_give_cells() {
        let tables = scan_tables("<table><tr><td>1<td>2<tr><td>3");
        assert_eq!(
            texts(&tables[0]),
            vec![pair("A1", "1"), pair("B1", "2"), pair("A2", "3")]
        );
    }

    #[test]
    fn charset_from_meta() {
        let gbk = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\
            <table><tr><td>\xD0\xD5\xC3\xFB</td></tr></table>";
        assert!(decode_page(gbk).contains("姓名"));
        let utf8 = "<meta charset='utf-8'><td>姓名</td>";
        assert_eq!(decode_page(utf8.as_bytes()), utf8);
        // Declared UTF-8 but saved as GBK: the bytes win.
        let wrong = b"<meta charset=utf-8><td>\xD0\xD5\xC3\xFB</td>";
        assert!(decode_page(wrong).contains("姓名"));
    }
}
