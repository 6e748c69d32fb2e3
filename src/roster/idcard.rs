//! Resident ID numbers (居民身份证号码, GB 11643-1999): normalising and validating.
//!
//! An ID number has 18 characters. The first six are the address code, whose first two digits
//! name the province (GB/T 2260). The next eight are the birth date as YYYYMMDD, then comes a
//! three-digit sequence code whose last digit is odd for men and even for women. The last is
//! a check character computed with ISO 7064 MOD 11-2, which is a digit or X.
//!
//! [`parse_id`] runs its checks in this order, and reports only the first that fails:
//!
//! 1. Cell type: a number cell is always invalid, because Excel keeps only 15 significant
//!    digits. A date cell is reported as a date, and an error value (`#N/A`) as an error.
//! 2. Missing: blank, or text without digits stating that there is none (暂无, 无, 待补, 未办理,
//!    `/`, `—`).
//! 3. Shape of the whole value: `3.10104E+17` (scientific text), a date (`20130501`,
//!    `2013-05-01`), a temporary number (`L` + digits, or `999` + 15 digits), a `J` 学籍号.
//! 4. A `G` 学籍号: the rest is checked from step 5 on as the ID inside it.
//! 5. Characters: anything other than digits, X and placeholders, then placeholders.
//! 6. Length: 15 digits is an old ID, anything else but 18 is a wrong length.
//! 7. An X before the last position, which stands for an unknown digit.
//! 8. Province code, then birth date (a real date, not in the future).
//! 9. Check character, then the age at `today`.
//!
//! Faults in the address or birth digits come before the check character, because a typo
//! there breaks the check character too, and naming the part that is wrong helps the clerk
//! more. The age comes last because it is only meaningful for a number that is consistent.

use std::collections::BTreeSet;
use std::ops::RangeInclusive;

use chrono::{Datelike, NaiveDate};

use super::clean::{clean_value, decode_control_escapes, fullwidth_to_ascii, is_invisible};
use super::date::{DateFault, DateOutcome, parse_date};
use super::gender::Gender;
use crate::read::Value;
use crate::read::grid::format_number;

/// One kind of change made to an ID number's text before it was validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IdChange {
    /// Full-width digits or letters (５１０１０７, Ｘ) became ASCII.
    FullWidth,
    /// Spaces of any kind (plain, no-break, ideographic, tabs, line breaks) were removed.
    Spaces,
    /// Dashes (`-`, `－`, `—`, `–`) between groups of digits were removed.
    Dashes,
    /// Invisible characters (zero-width spaces, byte order marks) or control characters were
    /// removed.
    Invisible,
    /// A lower-case x became X.
    LowerX,
    /// The multiplication sign × (or a similar cross such as ✕) written for X became X.
    TimesSign,
    /// A Greek or Cyrillic letter that looks like X (χ, Χ, х, Х) became X.
    LookalikeX,
    /// A leading apostrophe (Excel's text marker typed by hand) was removed.
    Apostrophe,
}

/// The reason a value in the ID column is not a usable ID number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdFault {
    /// The ID is in a number cell: Excel keeps only 15 significant digits, so the last digits
    /// are lost (shown as 3.10104E+17 or ending in 000). The column must be formatted as text
    /// and the IDs typed again.
    NumberCell,
    /// Text such as 3.10104E+17: a number cell's display saved as text, typically in a CSV
    /// file saved by Excel, so the last digits are lost.
    ScientificText,
    /// Not 18 characters after removing spaces and dashes; `chars` is the count.
    Length { chars: usize },
    /// A 15-digit first-generation ID, which has no birth century and no check character;
    /// the student's current 18-character ID is needed.
    OldFifteenDigit,
    /// Characters other than digits and a final X (letters, Chinese characters, punctuation).
    BadCharacters,
    /// Placeholder characters (`.`, `?`, `*`, `#`, `…`, or X before the last position) stand
    /// for digits that were not known.
    Placeholder,
    /// The check character does not match the first 17 digits, so some character is
    /// mistyped. `expected` is the check character the first 17 digits give.
    CheckDigit { expected: char },
    /// Digits 7 to 14 are not a real date (20120231).
    BirthDate,
    /// The birth date in the ID is after the day of the check.
    BornInFuture,
    /// The birth date gives an age outside 5..=20 on the day of the check (`age` in whole
    /// years), so the ID is probably someone else's, such as a parent's, or mistyped.
    ImplausibleAge { age: i32 },
    /// The first two digits are not a province-level code.
    RegionCode,
    /// A temporary number, not an ID: a 临时学籍号 (L followed by digits) or a locally issued
    /// number starting with 999.
    TemporaryNumber,
    /// A 学籍号 starting with J: the 18 characters after J are an education self-code that
    /// the Ministry of Education gives students without a resident ID, not an ID number.
    EducationSelfCode,
    /// A date (20130501, 2013-05-01, or a date cell) is in the ID column.
    LooksLikeDate,
    /// A spreadsheet error such as `#N/A`, usually a failed lookup formula.
    ErrorValue,
}

/// The result of reading a cell of the ID column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdOutcome {
    /// A valid ID, with the changes made to its text (empty when it was written tidily).
    Valid { id: String, changes: Vec<IdChange> },
    /// A 学籍号 (G followed by a valid ID) in the ID column; `id` is the ID inside it.
    FromStudentNo { id: String },
    /// No ID: the cell is blank (`written` is `None`) or states that there is none (暂无, 无, /).
    Missing { written: Option<String> },
    /// Not a valid ID. `shown` is the value as the clerk sees it: the text cleaned of
    /// invisible characters and extra spaces, or a number as Excel's General format shows it.
    Invalid { shown: String, fault: IdFault },
}

/// Weights of the first 17 digits in the ISO 7064 MOD 11-2 check (GB 11643-1999).
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// The check character for each remainder of the weighted sum modulo 11.
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// Ages a school entrant can have, from an early primary entrant to an old junior entrant.
const PLAUSIBLE_AGES: RangeInclusive<i32> = 5..=20;

/// Characters that stand for unknown digits.
const PLACEHOLDERS: [char; 5] = ['.', '?', '*', '#', '…'];

/// Words stating that there is no ID yet, searched for in text without digits.
const MISSING_WORDS: [&str; 8] = ["无", "没有", "未", "待", "暂", "缺", "不详", "空"];

/// Database words for nothing, compared in upper case.
const MISSING_CODES: [&str; 4] = ["NULL", "N/A", "NA", "NONE"];

/// Reads a cell of the ID column and validates the ID in it, checking the age at `today`.
///
/// Text is normalised first. Full-width forms become ASCII, and spaces of all kinds, dashes,
/// invisible characters and a leading apostrophe are removed. The characters x, × and χ
/// become X. A valid ID comes back with the list of these changes. A number cell is always invalid, even when its digits
/// pass the check, and is never repaired. The order of the checks is described in the
/// module documentation.
pub fn parse_id(value: &Value, today: NaiveDate) -> IdOutcome {
    match value {
        Value::Empty => IdOutcome::Missing { written: None },
        Value::Text(raw) => parse_text(raw, today),
        Value::Number(n) => invalid(format_number(*n), IdFault::NumberCell),
        Value::DateTime(_) => invalid(value.display(), IdFault::LooksLikeDate),
        Value::Error(error) => invalid(error.clone(), IdFault::ErrorValue),
        Value::Bool(_) | Value::FormulaWithoutValue(_) => {
            invalid(value.display(), IdFault::BadCharacters)
        }
    }
}

/// Computes the check character for the first 17 digits of an ID, or `None` when `first17`
/// is not 17 ASCII digits.
pub fn check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, weight)| u32::from(b - b'0') * weight)
        .sum();
    CHECK_CHARS.get((sum % 11) as usize).copied()
}

/// Reads the birth date in digits 7 to 14 of an 18-character ID, or `None` when they are not
/// a real date.
pub fn birth_date(id: &str) -> Option<NaiveDate> {
    if id.len() != 18 {
        return None;
    }
    let digits = id
        .get(6..14)
        .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))?;
    let year = digits.get(0..4)?.parse().ok()?;
    let month = digits.get(4..6)?.parse().ok()?;
    let day = digits.get(6..8)?.parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// Reads the gender from an 18-character ID, whose 17th digit is odd for men and even for
/// women.
pub fn gender_of(id: &str) -> Option<Gender> {
    if id.len() != 18 {
        return None;
    }
    let digit = id.as_bytes().get(16).filter(|b| b.is_ascii_digit())?;
    if (digit - b'0') % 2 == 1 {
        Some(Gender::Male)
    } else {
        Some(Gender::Female)
    }
}

fn invalid(shown: String, fault: IdFault) -> IdOutcome {
    IdOutcome::Invalid { shown, fault }
}

fn parse_text(raw: &str, today: NaiveDate) -> IdOutcome {
    let shown = clean_value(raw).text;
    if shown.is_empty() {
        return IdOutcome::Missing { written: None };
    }
    let (id, changes) = normalize(raw);
    if is_missing(&id) {
        return IdOutcome::Missing {
            written: Some(shown),
        };
    }

    if let Some(fault) = shape_fault(&id, &shown) {
        return invalid(shown, fault);
    }
    if let Some(inner) = id.strip_prefix(['G', 'g']).filter(|rest| !rest.is_empty()) {
        return match validate(inner, today) {
            Ok(()) => IdOutcome::FromStudentNo {
                id: inner.to_string(),
            },
            Err(fault) => invalid(shown, fault),
        };
    }
    match validate(&id, today) {
        Ok(()) => IdOutcome::Valid { id, changes },
        Err(fault) => invalid(shown, fault),
    }
}

/// Removes spaces, dashes, invisible characters and a leading apostrophe, converts
/// full-width forms, and turns the ways X gets written into X.
fn normalize(raw: &str) -> (String, Vec<IdChange>) {
    let decoded = decode_control_escapes(raw);
    let mut changes = BTreeSet::new();
    let mut id = String::with_capacity(decoded.len());
    for c in decoded.chars() {
        if let Some(change) = removed(c) {
            changes.insert(change);
            continue;
        }
        let c = match fullwidth_to_ascii(c) {
            Some(ascii) => {
                changes.insert(IdChange::FullWidth);
                ascii
            }
            None => c,
        };
        if id.is_empty() && matches!(c, '\'' | '‘' | '’' | '`') {
            changes.insert(IdChange::Apostrophe);
            continue;
        }
        let (c, change) = check_x(c);
        changes.extend(change);
        id.push(c);
    }
    (id, changes.into_iter().collect())
}

/// Returns the change that removes `c` from an ID, if `c` is a dash, a space or invisible.
fn removed(c: char) -> Option<IdChange> {
    if matches!(
        c,
        '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}'
    ) {
        Some(IdChange::Dashes)
    } else if c.is_whitespace() {
        Some(IdChange::Spaces)
    } else if is_invisible(c) || c.is_control() {
        Some(IdChange::Invisible)
    } else {
        None
    }
}

/// Turns the characters written for the check character X into X.
fn check_x(c: char) -> (char, Option<IdChange>) {
    match c {
        'x' => ('X', Some(IdChange::LowerX)),
        '×' | '✕' | '✖' | '╳' | '⨯' => ('X', Some(IdChange::TimesSign)),
        'χ' | 'Χ' | 'х' | 'Х' => ('X', Some(IdChange::LookalikeX)),
        _ => (c, None),
    }
}

/// True when the normalised text has no digits and states that there is no ID.
fn is_missing(id: &str) -> bool {
    if id.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    id.chars().all(|c| matches!(c, '/' | '\\'))
        || MISSING_WORDS.iter().any(|word| id.contains(word))
        || MISSING_CODES.contains(&id.to_ascii_uppercase().as_str())
}

/// Faults that the whole value's shape shows: scientific notation, a date, a temporary
/// number or an education self-code.
fn shape_fault(id: &str, shown: &str) -> Option<IdFault> {
    if is_scientific(id) {
        Some(IdFault::ScientificText)
    } else if looks_like_date(shown) {
        Some(IdFault::LooksLikeDate)
    } else if is_temporary(id) {
        Some(IdFault::TemporaryNumber)
    } else if is_self_code(id) {
        Some(IdFault::EducationSelfCode)
    } else {
        None
    }
}

/// True for `3.10104E+17` and similar: a mantissa, E or e, and an exponent.
fn is_scientific(id: &str) -> bool {
    let Some((mantissa, exponent)) = id.split_once(['E', 'e']) else {
        return false;
    };
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, "0"));
    is_digits(whole) && is_digits(fraction) && is_digits(exponent) && exponent.len() <= 3
}

/// True for a value that reads as a date, or as a partial or impossible date written with
/// separators (2013.2, 2013-02-30). Digits alone count only when they are a real date
/// (20130501), so that a short ID is reported by its length.
fn looks_like_date(shown: &str) -> bool {
    match parse_date(&Value::Text(shown.to_string())) {
        DateOutcome::Date { .. } => true,
        DateOutcome::Blank
        | DateOutcome::Invalid {
            fault: DateFault::NotADate,
        } => false,
        DateOutcome::Invalid { .. } => !shown.bytes().all(|b| b.is_ascii_digit()),
    }
}

/// True for a temporary number: a 临时学籍号 (L followed by digits, which the national student
/// registry builds from the school's region code, a birth date and four random digits), or
/// 999 followed by 15 digits.
///
/// No resident ID starts with 9 because no province-level code does, so the 999 prefix
/// cannot be a mistyped ID.
/// NOTE: treating 999 as the prefix of locally issued temporary numbers is an assumption, not
/// a published rule. Made-up numbers with other prefixes are reported as `RegionCode`.
fn is_temporary(id: &str) -> bool {
    let registry = id.strip_prefix(['L', 'l']).is_some_and(is_digits);
    let local = id.len() == 18 && id.starts_with("999") && is_digits(id);
    registry || local
}

/// True for a J 学籍号: J followed by an 18-character education self-code.
fn is_self_code(id: &str) -> bool {
    id.strip_prefix(['J', 'j']).is_some_and(|code| {
        code.len() == 18 && code.bytes().all(|b| b.is_ascii_digit() || b == b'X')
    })
}

/// Validates an ID after normalising, in the order the module documentation gives.
fn validate(id: &str, today: NaiveDate) -> Result<(), IdFault> {
    check_characters(id)?;
    check_length(id)?;
    let first17 = id.get(..17).ok_or(IdFault::BadCharacters)?;
    if first17.contains('X') {
        return Err(IdFault::Placeholder);
    }
    check_region(id)?;

    let born = birth_date(id).ok_or(IdFault::BirthDate)?;
    if born > today {
        return Err(IdFault::BornInFuture);
    }
    let expected = check_char(first17).ok_or(IdFault::BadCharacters)?;
    if !id.ends_with(expected) {
        return Err(IdFault::CheckDigit { expected });
    }
    let age = age_at(born, today);
    if !PLAUSIBLE_AGES.contains(&age) {
        return Err(IdFault::ImplausibleAge { age });
    }
    Ok(())
}

/// Accepts digits, X and placeholders; placeholders are reported after other characters.
fn check_characters(id: &str) -> Result<(), IdFault> {
    let mut placeholder = false;
    for c in id.chars() {
        if PLACEHOLDERS.contains(&c) {
            placeholder = true;
        } else if !c.is_ascii_digit() && c != 'X' {
            return Err(IdFault::BadCharacters);
        }
    }
    if placeholder {
        Err(IdFault::Placeholder)
    } else {
        Ok(())
    }
}

fn check_length(id: &str) -> Result<(), IdFault> {
    let chars = id.chars().count();
    if chars == 15 && is_digits(id) {
        Err(IdFault::OldFifteenDigit)
    } else if chars != 18 {
        Err(IdFault::Length { chars })
    } else {
        Ok(())
    }
}

/// Accepts the province-level codes of GB/T 2260, 71 (Taiwan) and 81, 82, 83, which the
/// residence permits of Hong Kong, Macao and Taiwan residents use.
fn check_region(id: &str) -> Result<(), IdFault> {
    let code: u32 = id
        .get(..2)
        .and_then(|d| d.parse().ok())
        .ok_or(IdFault::RegionCode)?;
    if matches!(
        code,
        11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81..=83
    ) {
        Ok(())
    } else {
        Err(IdFault::RegionCode)
    }
}

/// Age in whole years on `today`; someone born on 29 February turns a year older on 1 March
/// in other years.
fn age_at(born: NaiveDate, today: NaiveDate) -> i32 {
    let mut age = today.year() - born.year();
    if (today.month(), today.day()) < (born.month(), born.day()) {
        age -= 1;
    }
    age
}

/// True for a non-empty run of ASCII digits. `str::parse` alone would also accept a sign.
fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use IdChange::*;
    use IdFault::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Returns a day when the 2011 to 2013 births of the samples enter junior middle school.
    fn today() -> NaiveDate {
        day(2024, 8, 20)
    }

    fn text(s: &str) -> IdOutcome {
        parse_id(&Value::Text(s.to_string()), today())
    }

    fn valid(id: &str, changes: &[IdChange]) -> IdOutcome {
        IdOutcome::Valid {
            id: id.to_string(),
            changes: changes.to_vec(),
        }
    }

    fn bad(shown: &str, fault: IdFault) -> IdOutcome {
        IdOutcome::Invalid {
            shown: shown.to_string(),
            fault,
        }
    }

    // Each ID of the ID-format-variants sample roster: all twelve are valid.
    #[test]
    fn format_variants_roster() {
        assert_eq!(
            text("51010720110422027x"),
            valid("51010720110422027X", &[LowerX])
        );
        assert_eq!(
            text("310104 20120608 0232"),
            valid("310104201206080232", &[Spaces])
        );
        assert_eq!(
            text(" 440305201311150243 "),
            valid("440305201311150243", &[Spaces])
        );
        assert_eq!(
            text("５１０１０７２０１１０４２２０２７Ｘ"),
            valid("51010720110422027X", &[FullWidth])
        );
        assert_eq!(
            text("'330106201209010287"),
            valid("330106201209010287", &[Apostrophe])
        );
        assert_eq!(
            text("420102201302080315\u{A0}"),
            valid("420102201302080315", &[Spaces])
        );
        assert_eq!(
            text("51010720111008039×"),
            valid("51010720111008039X", &[TimesSign])
        );
        assert_eq!(
            text("310104-20121222-0350"),
            valid("310104201212220350", &[Dashes])
        );
        assert_eq!(
            text("\u{200B}440305201305010367"),
            valid("440305201305010367", &[Invisible])
        );
        assert_eq!(
            text("31010420120608046Ｘ"),
            valid("31010420120608046X", &[FullWidth])
        );
        assert_eq!(text("330106201203150406"), valid("330106201203150406", &[]));
        assert_eq!(text("420102201308220438"), valid("420102201308220438", &[]));
    }

    // Each ID of the ID-validity sample roster, checked on 2026-12-04.
    #[test]
    fn validity_roster() {
        let on = |s: &str| parse_id(&Value::Text(s.to_string()), day(2026, 12, 4));
        assert_eq!(
            on("110101201101010237"),
            bad("110101201101010237", CheckDigit { expected: '1' })
        );
        assert_eq!(
            on("31010420120231023X"),
            bad("31010420120231023X", BirthDate)
        );
        assert_eq!(
            on("44030520131115024"),
            bad("44030520131115024", Length { chars: 17 })
        );
        assert_eq!(
            on("51010720110422027X1"),
            bad("51010720110422027X1", Length { chars: 19 })
        );
        assert_eq!(
            on("330106120901028"),
            bad("330106120901028", OldFifteenDigit)
        );
        assert_eq!(
            on("999320105001200017"),
            bad("999320105001200017", TemporaryNumber)
        );
        assert_eq!(
            on("11010120110715...."),
            bad("11010120110715....", Placeholder)
        );
        assert_eq!(
            on("31010420121222????"),
            bad("31010420121222????", Placeholder)
        );
        assert_eq!(on("20130501"), bad("20130501", LooksLikeDate));
        assert_eq!(
            on("G51010720111008039X"),
            IdOutcome::FromStudentNo {
                id: "51010720111008039X".into()
            }
        );
        assert_eq!(
            parse_id(&Value::Empty, day(2026, 12, 4)),
            IdOutcome::Missing { written: None }
        );
        assert_eq!(
            on("暂无"),
            IdOutcome::Missing {
                written: Some("暂无".into())
            }
        );
        assert_eq!(
            on("110101202501010454"),
            bad("110101202501010454", ImplausibleAge { age: 1 })
        );
        assert_eq!(on("31010420120608046X"), valid("31010420120608046X", &[]));
    }

    // The ID cells of the 15-digit sample roster that Excel stored as numbers, as calamine
    // reads them. 4.4030520131115e17 is 440305201311150016, whose check digit passes.
    #[test]
    fn number_cells_are_never_valid() {
        let cases = [
            (3.1010420120608e17, "3.10104E+17"),
            (4.4030520131115e17, "4.40305E+17"),
            (3.3010620120901e17, "3.30106E+17"),
            (4.2010220130208e17, "4.20102E+17"),
            (3.1010420121222e17, "3.10104E+17"),
            (4.4030520130501e17, "4.40305E+17"),
            (3.3010620120315e17, "3.30106E+17"),
        ];
        for (number, shown) in cases {
            assert_eq!(
                parse_id(&Value::Number(number), today()),
                bad(shown, NumberCell)
            );
        }
        assert_eq!(check_char("44030520131115001"), Some('6'));
        assert_eq!(
            parse_id(&Value::Number(20130501.0), today()),
            bad("20130501", NumberCell)
        );
    }

    // The Excel-saved CSV shows a number-cell ID as 3.10104E+17.
    #[test]
    fn scientific_text() {
        assert_eq!(text("3.10104E+17"), bad("3.10104E+17", ScientificText));
        assert_eq!(text("3.10104e+17"), bad("3.10104e+17", ScientificText));
        assert_eq!(text("3.10104E17"), bad("3.10104E17", ScientificText));
        assert_eq!(text("4E+17"), bad("4E+17", ScientificText));
    }

    #[test]
    fn missing_words() {
        for s in [
            "无",
            "待补",
            "/",
            "—",
            "未办理",
            "没有",
            "无身份证",
            "NULL",
            "n/a",
            "／",
            "--",
        ] {
            assert_eq!(
                text(s),
                IdOutcome::Missing {
                    written: Some(clean_value(s).text)
                },
                "{s}"
            );
        }
        assert_eq!(
            text(" \u{3000}\u{200B}"),
            IdOutcome::Missing { written: None }
        );
        assert_eq!(
            text("无 110101201101010207"),
            bad("无 110101201101010207", BadCharacters)
        );
    }

    #[test]
    fn student_numbers() {
        assert_eq!(
            text("g51010720111008039x"),
            IdOutcome::FromStudentNo {
                id: "51010720111008039X".into()
            }
        );
        assert_eq!(
            text("Ｇ５１０１０７２０１１１００８０３９Ｘ"),
            IdOutcome::FromStudentNo {
                id: "51010720111008039X".into()
            }
        );
        assert_eq!(
            text("G510107201110080391"),
            bad("G510107201110080391", CheckDigit { expected: 'X' })
        );
        assert_eq!(
            text("G5101072011100803"),
            bad("G5101072011100803", Length { chars: 16 })
        );
        assert_eq!(text("G"), bad("G", BadCharacters));
    }

    #[test]
    fn temporary_and_self_codes() {
        assert_eq!(
            text("L320105201302081234"),
            bad("L320105201302081234", TemporaryNumber)
        );
        assert_eq!(text("l1234"), bad("l1234", TemporaryNumber));
        assert_eq!(
            text("J51010720111008039X"),
            bad("J51010720111008039X", EducationSelfCode)
        );
        assert_eq!(
            text("990320105001200017"),
            bad("990320105001200017", RegionCode)
        );
    }

    #[test]
    fn dates_in_the_id_column() {
        assert_eq!(text("2013-05-01"), bad("2013-05-01", LooksLikeDate));
        assert_eq!(text("2013年5月1日"), bad("2013年5月1日", LooksLikeDate));
        assert_eq!(text("2013.2"), bad("2013.2", LooksLikeDate));
        assert_eq!(text("2013-02-30"), bad("2013-02-30", LooksLikeDate));
        let cell = Value::DateTime(day(2013, 5, 1).and_hms_opt(0, 0, 0).unwrap());
        assert_eq!(parse_id(&cell, today()), bad("2013-05-01", LooksLikeDate));
        assert_eq!(text("201305"), bad("201305", Length { chars: 6 }));
    }

    #[test]
    fn placeholders() {
        assert_eq!(
            text("110101********0207"),
            bad("110101********0207", Placeholder)
        );
        assert_eq!(
            text("110101XXXXXXXX0207"),
            bad("110101XXXXXXXX0207", Placeholder)
        );
        assert_eq!(
            text("110101xxxxxxxx0207"),
            bad("110101xxxxxxxx0207", Placeholder)
        );
        assert_eq!(
            text("1101012011010102##"),
            bad("1101012011010102##", Placeholder)
        );
        assert_eq!(
            text("11010120110101？？？？"),
            bad("11010120110101????", Placeholder)
        );
        assert_eq!(
            text("11010120110101……"),
            bad("11010120110101……", Placeholder)
        );
        assert_eq!(text("????"), bad("????", Placeholder));
    }

    #[test]
    fn bad_characters() {
        assert_eq!(
            text("11010120110101020A"),
            bad("11010120110101020A", BadCharacters)
        );
        assert_eq!(text("见附件"), bad("见附件", BadCharacters));
        assert_eq!(
            text("1101O1201101010207"),
            bad("1101O1201101010207", BadCharacters)
        );
        assert_eq!(
            text("110101'201101010207"),
            bad("110101'201101010207", BadCharacters)
        );
        assert_eq!(
            parse_id(&Value::Bool(true), today()),
            bad("TRUE", BadCharacters)
        );
        assert_eq!(
            parse_id(
                &Value::FormulaWithoutValue("VLOOKUP(B2,学生!A:D,4,0)".into()),
                today()
            ),
            bad("=VLOOKUP(B2,学生!A:D,4,0)", BadCharacters)
        );
        assert_eq!(
            parse_id(&Value::Error("#N/A".into()), today()),
            bad("#N/A", ErrorValue)
        );
    }

    #[test]
    fn region_codes() {
        // Same birth date and sequence, check character recomputed for each code.
        for (prefix, accepted) in [
            ("11", true),
            ("15", true),
            ("16", false),
            ("20", false),
            ("46", true),
            ("47", false),
            ("65", true),
            ("71", true),
            ("81", true),
            ("83", true),
            ("84", false),
            ("91", false),
            ("00", false),
        ] {
            let first17 = format!("{prefix}010120110101020");
            let id = format!("{first17}{}", check_char(&first17).unwrap());
            let accepted_here = matches!(text(&id), IdOutcome::Valid { .. });
            assert_eq!(accepted_here, accepted, "{id}");
        }
    }

    #[test]
    fn birth_dates_and_ages() {
        let id = |birth: &str| {
            let first17 = format!("110101{birth}020");
            format!("{first17}{}", check_char(&first17).unwrap())
        };
        let future = id("20240821");
        assert_eq!(text(&future), bad(&future, BornInFuture));
        let feb29 = id("20110229");
        assert_eq!(text(&feb29), bad(&feb29, BirthDate));
        let month13 = id("20111301");
        assert_eq!(text(&month13), bad(&month13, BirthDate));
        let parent = id("19850312");
        assert_eq!(text(&parent), bad(&parent, ImplausibleAge { age: 39 }));
        let four = id("20190821");
        assert_eq!(text(&four), bad(&four, ImplausibleAge { age: 4 }));
        let five = id("20190820");
        assert!(matches!(text(&five), IdOutcome::Valid { .. }));
        let twenty = id("20030821");
        assert!(matches!(text(&twenty), IdOutcome::Valid { .. }));
        let twenty_one = id("20030820");
        assert_eq!(
            text(&twenty_one),
            bad(&twenty_one, ImplausibleAge { age: 21 })
        );
    }

    #[test]
    fn check_digit_before_age() {
        // A parent's ID with a typo is reported by its check character.
        assert_eq!(
            text("110101198503120202"),
            bad("110101198503120202", CheckDigit { expected: '1' })
        );
    }

    #[test]
    fn other_normalisations() {
        assert_eq!(
            text("51010720111008039χ"),
            valid("51010720111008039X", &[LookalikeX])
        );
        assert_eq!(
            text("51010720111008039х"),
            valid("51010720111008039X", &[LookalikeX])
        );
        assert_eq!(
            text("51010720111008039ｘ"),
            valid("51010720111008039X", &[FullWidth, LowerX])
        );
        assert_eq!(
            text("310104—20121222–0350"),
            valid("310104201212220350", &[Dashes])
        );
        assert_eq!(
            text("310104－20121222－0350"),
            valid("310104201212220350", &[Dashes])
        );
        assert_eq!(
            text("\u{FEFF} '310104\u{3000}20121222\t0350_x000B_"),
            valid("310104201212220350", &[Spaces, Invisible, Apostrophe])
        );
        assert_eq!(
            text("‘330106201209010287"),
            valid("330106201209010287", &[Apostrophe])
        );
    }

    #[test]
    fn check_char_computation() {
        assert_eq!(check_char("11010120110101020"), Some('7'));
        assert_eq!(check_char("31010420120608046"), Some('X'));
        assert_eq!(check_char("11010120110101023"), Some('1'));
        assert_eq!(check_char("1101012011010102"), None);
        assert_eq!(check_char("110101201101010207"), None);
        assert_eq!(check_char("1101012011010102X"), None);
        assert_eq!(check_char("１1010120110101020"), None);
    }

    #[test]
    fn birth_date_and_gender_of_id() {
        assert_eq!(birth_date("31010420120608046X"), Some(day(2012, 6, 8)));
        assert_eq!(birth_date("31010420120231023X"), None);
        assert_eq!(birth_date("330106120901028"), None);
        assert_eq!(birth_date("3101042012060804６X"), None);
        assert_eq!(gender_of("31010420120608046X"), Some(Gender::Female));
        assert_eq!(gender_of("51010720110422027X"), Some(Gender::Male));
        assert_eq!(gender_of("110101201101011234"), Some(Gender::Male));
        assert_eq!(gender_of("330106120901028"), None);
        assert_eq!(gender_of("3101042012060804XX"), None);
    }
}
