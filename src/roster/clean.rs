//! Cleaning text cells the way a careful clerk would, recording every change.
//!
//! The character classes here (invisible characters, special spaces, full-width forms,
//! Chinese characters) are shared with the ID, date, gender and score parsers.

use std::borrow::Cow;
use std::collections::BTreeSet;

/// One kind of change made while cleaning a text cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TextChange {
    /// Spaces of any kind (plain, no-break, ideographic) before or after the text were removed.
    Trimmed,
    /// Spaces inside the text changed: removed between Chinese characters of a name, a run of
    /// spaces became one, or a no-break or ideographic space became a plain space.
    InnerSpaces,
    /// Invisible characters (zero-width spaces, byte order marks, soft hyphens, direction
    /// marks) were removed.
    Invisible,
    /// A line break inside the cell became a space, or was removed at either end.
    LineBreak,
    /// A control character (such as a vertical tab) was removed, or a tab became a space.
    Control,
    /// Full-width letters, digits or punctuation (U+FF01..U+FF5E) became their ASCII forms.
    FullWidth,
    /// A leading apostrophe (Excel's text marker typed by hand) was removed.
    Apostrophe,
}

/// Cleaned text and the changes made to get it, sorted and without repeats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    pub text: String,
    pub changes: Vec<TextChange>,
}

/// Cleans a general text cell.
///
/// Removes invisible and control characters, including Excel's `_x000B_` escapes of control
/// characters when a reader left them undecoded. Turns tabs, line breaks and special spaces
/// into plain spaces, trims, and collapses runs of spaces into one. Converts full-width ASCII
/// letters and digits to ASCII (full-width punctuation such as （） is correct Chinese and
/// stays) and drops a leading apostrophe.
pub fn clean_text(raw: &str) -> Cleaned {
    clean(raw, Mode::Text)
}

/// Cleans a value that is parsed next (a date, score, gender or ID): as [`clean_text`], and
/// also converts full-width punctuation (`．`, `／`, `？`) so the parser sees ASCII.
pub(crate) fn clean_value(raw: &str) -> Cleaned {
    clean(raw, Mode::Value)
}

/// What kind of text is being cleaned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Text,
    Name,
    Value,
}

/// Cleans a person's name: as [`clean_text`], and also drops spaces between Chinese
/// characters (`徐 若 曦` → `徐若曦`), while Latin words keep one space (`Anna Li`).
///
/// The middle dot of minority names (`阿依古丽·买买提`) counts as part of the Chinese name,
/// so spaces around it go too.
pub fn clean_name(raw: &str) -> Cleaned {
    clean(raw, Mode::Name)
}

/// The origin of a space in the text, which decides the change reported when it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Space {
    /// U+0020, which is a change only when trimmed, doubled or removed.
    Plain,
    /// A no-break, ideographic or other Unicode space, which is always a change.
    Special,
    /// A line break or a tab, whose change was recorded when it was read.
    Recorded,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    Char(char),
    Space(Space),
}

fn clean(raw: &str, mode: Mode) -> Cleaned {
    let mut changes = BTreeSet::new();
    let decoded = decode_control_escapes(raw);
    let mut pieces = classify(&decoded, mode, &mut changes);
    drop_leading_apostrophe(&mut pieces, &mut changes);
    let text = join_spaces(&pieces, mode == Mode::Name, &mut changes);
    Cleaned {
        text,
        changes: changes.into_iter().collect(),
    }
}

/// Maps each character to a kept character or a space, dropping invisible and control ones.
fn classify(text: &str, mode: Mode, changes: &mut BTreeSet<TextChange>) -> Vec<Piece> {
    let mut pieces = Vec::with_capacity(text.len());
    for c in text.chars() {
        if is_line_break(c) {
            changes.insert(TextChange::LineBreak);
            pieces.push(Piece::Space(Space::Recorded));
        } else if c == '\t' {
            changes.insert(TextChange::Control);
            pieces.push(Piece::Space(Space::Recorded));
        } else if c.is_control() {
            changes.insert(TextChange::Control);
        } else if is_invisible(c) {
            changes.insert(TextChange::Invisible);
        } else if c == ' ' {
            pieces.push(Piece::Space(Space::Plain));
        } else if c.is_whitespace() {
            pieces.push(Piece::Space(Space::Special));
        } else if let Some(ascii) =
            fullwidth_to_ascii(c).filter(|a| mode == Mode::Value || a.is_ascii_alphanumeric())
        {
            changes.insert(TextChange::FullWidth);
            pieces.push(Piece::Char(ascii));
        } else {
            pieces.push(Piece::Char(c));
        }
    }
    pieces
}

/// Removes an apostrophe that is the first visible character.
fn drop_leading_apostrophe(pieces: &mut Vec<Piece>, changes: &mut BTreeSet<TextChange>) {
    let first = pieces.iter().position(|p| matches!(p, Piece::Char(_)));
    if let Some(i) = first
        && matches!(pieces[i], Piece::Char('\'' | '＇'))
    {
        pieces.remove(i);
        changes.insert(TextChange::Apostrophe);
    }
}

/// Builds the text: trims, turns each inner run of spaces into one plain space, and in names
/// removes the runs between Chinese characters.
fn join_spaces(pieces: &[Piece], name: bool, changes: &mut BTreeSet<TextChange>) -> String {
    let mut text = String::with_capacity(pieces.len());
    let mut i = 0;
    while i < pieces.len() {
        if let Piece::Char(c) = pieces[i] {
            text.push(c);
            i += 1;
            continue;
        }
        let end = pieces[i..]
            .iter()
            .position(|p| matches!(p, Piece::Char(_)))
            .map_or(pieces.len(), |n| i + n);
        let run = &pieces[i..end];
        let visible = run.iter().any(|p| *p != Piece::Space(Space::Recorded));
        if i == 0 || end == pieces.len() {
            if visible {
                changes.insert(TextChange::Trimmed);
            }
        } else {
            let joined = name && joins_name(text.chars().last(), pieces[end]);
            if !joined {
                text.push(' ');
            }
            let unchanged = !joined && run == [Piece::Space(Space::Plain)];
            if visible && !unchanged {
                changes.insert(TextChange::InnerSpaces);
            }
        }
        i = end;
    }
    text
}

/// True when a space between `before` and `after` separates two parts of a Chinese name.
fn joins_name(before: Option<char>, after: Piece) -> bool {
    let Piece::Char(after) = after else {
        return false;
    };
    before.is_some_and(is_name_char) && is_name_char(after)
}

fn is_name_char(c: char) -> bool {
    is_chinese(c) || is_middle_dot(c)
}

/// Replaces Excel's `_xHHHH_` escapes of control characters (U+0000..U+001F, U+007F) with the
/// characters themselves, for files whose reader left them undecoded.
///
/// Other escapes are left alone: text such as `_x4E2D_` is far more likely to be typed than
/// to be an escape.
pub(crate) fn decode_control_escapes(raw: &str) -> Cow<'_, str> {
    if !raw.contains("_x") {
        return Cow::Borrowed(raw);
    }
    let mut decoded = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(pos) = rest.find("_x") {
        let (before, from) = rest.split_at(pos);
        decoded.push_str(before);
        match escaped_control(from) {
            Some(c) => {
                decoded.push(c);
                rest = &from[ESCAPE_LEN..];
            }
            None => {
                decoded.push_str("_x");
                rest = &from[2..];
            }
        }
    }
    decoded.push_str(rest);
    Cow::Owned(decoded)
}

/// The length of an `_xHHHH_` escape.
const ESCAPE_LEN: usize = 7;

fn escaped_control(text: &str) -> Option<char> {
    let bytes = text.as_bytes();
    if bytes.len() < ESCAPE_LEN || bytes[ESCAPE_LEN - 1] != b'_' {
        return None;
    }
    let hex = &bytes[2..ESCAPE_LEN - 1];
    if !hex.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    let code = u32::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
    char::from_u32(code).filter(|c| c.is_control())
}

/// Line breaks: LF, CR, next line (U+0085) and the Unicode line and paragraph separators.
pub(crate) fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Format characters that show nothing: zero-width space, non-joiner and joiner, word joiner
/// and invisible operators, byte order mark, soft hyphen, Mongolian vowel separator and the
/// bidirectional marks, embeddings and isolates.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// Converts a full-width ASCII character (U+FF01..U+FF5E) to ASCII, which is 0xFEE0 lower.
pub(crate) fn fullwidth_to_ascii(c: char) -> Option<char> {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
        _ => None,
    }
}

/// CJK Unified Ideographs with all extensions (A to I), the compatibility ideographs and
/// 〇 (U+3007), which names use as the digit zero.
pub(crate) fn is_chinese(c: char) -> bool {
    matches!(
        c,
        '\u{3007}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{20000}'..='\u{2EE5F}'
            | '\u{2F800}'..='\u{2FA1F}'
            | '\u{30000}'..='\u{323AF}'
    )
}

/// True for the dots that separate the parts of minority names: U+00B7 as ID cards print it,
/// and the look-alikes that input methods produce (U+2022, U+2027, U+30FB, U+FF65).
pub(crate) fn is_middle_dot(c: char) -> bool {
    matches!(
        c,
        '\u{00B7}' | '\u{2022}' | '\u{2027}' | '\u{30FB}' | '\u{FF65}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use TextChange::*;

    fn text(raw: &str) -> (String, Vec<TextChange>) {
        let cleaned = clean_text(raw);
        (cleaned.text, cleaned.changes)
    }

    fn name(raw: &str) -> (String, Vec<TextChange>) {
        let cleaned = clean_name(raw);
        (cleaned.text, cleaned.changes)
    }

    fn same(s: &str) -> (String, Vec<TextChange>) {
        (s.to_string(), vec![])
    }

    fn changed(s: &str, changes: &[TextChange]) -> (String, Vec<TextChange>) {
        (s.to_string(), changes.to_vec())
    }

    #[test]
    fn tidy_text_is_unchanged() {
        assert_eq!(text("张子涵"), same("张子涵"));
        assert_eq!(text("第一小学 东校区"), same("第一小学 东校区"));
        assert_eq!(text(""), same(""));
        assert_eq!(name("Anna Li"), same("Anna Li"));
        assert_eq!(name("阿依古丽·买买提"), same("阿依古丽·买买提"));
    }

    // Each name of the name-whitespace sample roster, cleaned as a name.
    #[test]
    fn name_whitespace_roster() {
        assert_eq!(name("王  芳"), changed("王芳", &[InnerSpaces]));
        assert_eq!(name("李\u{3000}明"), changed("李明", &[InnerSpaces]));
        assert_eq!(name(" 张子涵"), changed("张子涵", &[Trimmed]));
        assert_eq!(name("刘浩然 "), changed("刘浩然", &[Trimmed]));
        assert_eq!(name("陈\u{200B}可欣"), changed("陈可欣", &[Invisible]));
        assert_eq!(name("\u{FEFF}杨梓轩"), changed("杨梓轩", &[Invisible]));
        assert_eq!(name("赵一诺\u{A0}"), changed("赵一诺", &[Trimmed]));
        assert_eq!(name("黄俊\n杰"), changed("黄俊杰", &[LineBreak]));
        assert_eq!(name("周欣怡\u{B}"), changed("周欣怡", &[Control]));
        assert_eq!(name("周欣怡_x000B_"), changed("周欣怡", &[Control]));
        assert_eq!(name("吴宇航\t"), changed("吴宇航", &[Control]));
        assert_eq!(name("Anna  Li"), changed("Anna Li", &[InnerSpaces]));
        assert_eq!(name("徐 若 曦"), changed("徐若曦", &[InnerSpaces]));
    }

    #[test]
    fn text_keeps_one_space_between_chinese() {
        assert_eq!(text("王  芳"), changed("王 芳", &[InnerSpaces]));
        assert_eq!(text("李\u{3000}明"), changed("李 明", &[InnerSpaces]));
        assert_eq!(text("黄俊\n杰"), changed("黄俊 杰", &[LineBreak]));
        assert_eq!(text("徐 若 曦"), same("徐 若 曦"));
    }

    #[test]
    fn line_breaks_of_all_kinds() {
        assert_eq!(text("a\r\nb"), changed("a b", &[LineBreak]));
        assert_eq!(text("a_x000D_\nb"), changed("a b", &[LineBreak]));
        assert_eq!(text("a\u{2028}b"), changed("a b", &[LineBreak]));
        assert_eq!(text("a\u{85}b"), changed("a b", &[LineBreak]));
        assert_eq!(text("a \nb"), changed("a b", &[InnerSpaces, LineBreak]));
        assert_eq!(text("东校区\n"), changed("东校区", &[LineBreak]));
    }

    #[test]
    fn control_characters_are_removed() {
        assert_eq!(text("a\u{0}b"), changed("ab", &[Control]));
        assert_eq!(text("a\u{7F}b"), changed("ab", &[Control]));
        assert_eq!(text("a\u{C}b"), changed("ab", &[Control]));
        assert_eq!(text("a\tb"), changed("a b", &[Control]));
        assert_eq!(text("a_x0001_b"), changed("ab", &[Control]));
    }

    #[test]
    fn other_escapes_stay_literal() {
        assert_eq!(text("_x4E2D_"), same("_x4E2D_"));
        assert_eq!(text("a_x00_b"), same("a_x00_b"));
        assert_eq!(text("_x+01F_"), same("_x+01F_"));
        assert_eq!(text("_x"), same("_x"));
        assert_eq!(text("中_x中文字_"), same("中_x中文字_"));
    }

    #[test]
    fn invisible_characters_are_removed() {
        for c in [
            '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{AD}',
        ] {
            assert_eq!(
                text(&format!("李{c}明")),
                changed("李明", &[Invisible]),
                "{c:?}"
            );
        }
        assert_eq!(text("\u{200E}王芳\u{202C}"), changed("王芳", &[Invisible]));
    }

    #[test]
    fn special_spaces_become_plain() {
        assert_eq!(text("a\u{A0}b"), changed("a b", &[InnerSpaces]));
        assert_eq!(text("a\u{2003}b"), changed("a b", &[InnerSpaces]));
        assert_eq!(text("a\u{202F}b"), changed("a b", &[InnerSpaces]));
        assert_eq!(text("\u{3000}\u{3000}a"), changed("a", &[Trimmed]));
        assert_eq!(text(" \u{A0} "), changed("", &[Trimmed]));
    }

    #[test]
    fn fullwidth_forms_become_ascii() {
        assert_eq!(text("ＡＢｃ１２３"), changed("ABc123", &[FullWidth]));
        assert_eq!(text("七（２）班"), changed("七（2）班", &[FullWidth]));
        assert_eq!(text("第一小学（东校区）"), same("第一小学（东校区）"));
    }

    #[test]
    fn leading_apostrophe_is_dropped() {
        assert_eq!(text("'123"), changed("123", &[Apostrophe]));
        assert_eq!(text(" '123"), changed("123", &[Trimmed, Apostrophe]));
        assert_eq!(text("' 王芳"), changed("王芳", &[Trimmed, Apostrophe]));
        assert_eq!(
            text("\u{FEFF}'王芳"),
            changed("王芳", &[Invisible, Apostrophe])
        );
        assert_eq!(text("＇王芳"), changed("王芳", &[Apostrophe]));
        assert_eq!(text("O'Brien"), same("O'Brien"));
        assert_eq!(text("'"), changed("", &[Apostrophe]));
    }

    #[test]
    fn changes_are_sorted_without_repeats() {
        let cleaned = clean_text(" \u{200B}Ａ\u{200B}Ｂ \t");
        assert_eq!(cleaned.text, "AB");
        assert_eq!(
            cleaned.changes,
            vec![Trimmed, Invisible, Control, FullWidth]
        );
    }

    #[test]
    fn name_spaces_between_chinese_go() {
        assert_eq!(name("徐\u{3000}若 曦"), changed("徐若曦", &[InnerSpaces]));
        assert_eq!(name("李 𠇔"), changed("李𠇔", &[InnerSpaces]));
        assert_eq!(name("王 〇"), changed("王〇", &[InnerSpaces]));
        assert_eq!(
            name("阿依古丽 · 买买提"),
            changed("阿依古丽·买买提", &[InnerSpaces])
        );
    }

    #[test]
    fn name_spaces_next_to_latin_stay() {
        assert_eq!(name("王 Anna"), same("王 Anna"));
        assert_eq!(name("Anna\u{A0}Li"), changed("Anna Li", &[InnerSpaces]));
        assert_eq!(name("王芳 2"), same("王芳 2"));
        assert_eq!(
            name("Ａｎｎａ  Ｌｉ"),
            changed("Anna Li", &[InnerSpaces, FullWidth])
        );
    }

    #[test]
    fn chinese_character_ranges() {
        assert!(is_chinese('王'));
        assert!(is_chinese('\u{3400}'));
        assert!(is_chinese('\u{201D4}'));
        assert!(is_chinese('\u{30000}'));
        assert!(!is_chinese('A'));
        assert!(!is_chinese('·'));
        assert!(!is_chinese('，'));
    }
}
