//! A copy of a late-enrolment record read back: its facts, the class table and the lot
//! table of its cover, and the students on its class sheets.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;

use super::cover::GridRow;
use super::draw::{number_between, parse_printed_date};
use super::lists::{CopyBook, read_copy};
use crate::classname::{Grade, parse_class_name};
use crate::diag::{CellRef, Report};
use crate::error::Result;
use crate::fingerprint::{Fingerprint, placement_line};
use crate::late::OrderBasis;
use crate::late::record::{PlacedLine, RecordBasis};
use crate::messages::{archive as archive_words, labels, late as words};
use crate::roster::{Gender, Student};

/// A row of the 各班人数 sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct LateCoverClass {
    pub name: String,
    pub number: Option<u32>,
    pub head_teacher: Option<String>,
    pub before: Option<usize>,
    pub added: Option<usize>,
    pub after: Option<usize>,
    pub boys: Option<usize>,
    pub girls: Option<usize>,
    pub row: GridRow,
}

/// A row of the cover's lot table.
#[derive(Debug, Clone, PartialEq)]
pub struct LotRow {
    pub order: Option<usize>,
    pub name: String,
    pub gender: Option<Gender>,
    pub smallest: Option<usize>,
    pub tied: Option<Vec<u32>>,
    pub candidates: Option<Vec<u32>>,
    /// `Some(None)` when the row prints that no lot was needed.
    pub draw: Option<Option<u32>>,
    pub class: Option<u32>,
    pub row: GridRow,
}

/// A copy of a late-enrolment record read back.
#[derive(Debug, Clone)]
pub struct LateCopy {
    pub book: CopyBook,
    pub school: Option<String>,
    pub grade: Option<Grade>,
    pub date: Option<NaiveDate>,
    pub sequence: Option<u32>,
    pub basis: Option<OrderBasis>,
    pub gender_rule: Option<bool>,
    /// The seed the tool computed with, as printed.
    pub seed: Option<String>,
    pub archive: Option<Fingerprint>,
    /// The earlier records' fingerprints; `None` when the fact cannot be read.
    pub earlier: Option<Vec<Fingerprint>>,
    pub late_roster: Option<Fingerprint>,
    pub record: Option<Fingerprint>,
    pub classes: Vec<LateCoverClass>,
    pub lots: Vec<LotRow>,
}

impl LateCopy {
    /// Reads a copy of a late-enrolment record.
    ///
    /// # Errors
    ///
    /// As [`read_copy`].
    pub fn read(path: &Path, today: NaiveDate, report: &mut Report) -> Result<LateCopy> {
        let book = read_copy(path, today, report)?;
        let fact = |label: &str| book.cover.fact(label).map(|f| f.value);
        let fingerprint = |label: &str| fact(label).and_then(|t| Fingerprint::parse(&t));
        Ok(LateCopy {
            school: fact(labels::SCHOOL).filter(|s| s != labels::BLANK),
            grade: fact(labels::GRADE).and_then(|g| Grade::parse(&g)),
            date: fact(words::PLACED_DATE).and_then(|d| parse_printed_date(&d)),
            sequence: fact(words::SEQUENCE).and_then(|s| number_between(&s, "第", "次")),
            basis: fact(words::ORDER_BASIS).and_then(|b| parse_basis(&b)),
            gender_rule: fact(words::LOT_RULE).and_then(|r| parse_rule(&r)),
            seed: fact(labels::SEED).map(|s| crate::grouplist::computed_seed(&s)),
            archive: fingerprint(words::ARCHIVE_FINGERPRINT),
            earlier: fact(words::EARLIER_RECORDS).and_then(|e| parse_fingerprints(&e)),
            late_roster: fingerprint(words::LATE_ROSTER_FINGERPRINT),
            record: fingerprint(words::RECORD_FINGERPRINT),
            classes: cover_classes(&book),
            lots: lot_rows(&book),
            book,
        })
    }

    /// Maps each 编班顺序 to the identifying copy's student.
    pub fn students_by_order(&self) -> BTreeMap<usize, usize> {
        (0..self.book.students.len())
            .filter_map(|i| {
                let order = self.book.extra(i, words::ORDER)?.trim().parse().ok()?;
                Some((order, i))
            })
            .collect()
    }

    /// Joins each lot row with the student of its 编班顺序 into the placements the
    /// fingerprint covers. Returns `None` for the posted copy or when a row cannot be read.
    pub fn placed_lines(&self) -> Option<Vec<PlacedLine>> {
        if self.book.is_posted {
            return None;
        }
        let students = self.students_by_order();
        self.lots
            .iter()
            .map(|lot| {
                let order = lot.order?;
                let student = self.book.students.get(*students.get(&order)?)?;
                Some(PlacedLine {
                    order,
                    class: lot.class?,
                    tied: lot.tied.clone()?,
                    candidates: lot.candidates.clone()?,
                    draw: lot.draw?,
                    line: placement_line(student),
                })
            })
            .collect()
    }

    /// Returns what the record's fingerprint is based on, when every fact can be read.
    pub fn basis(&self) -> Option<RecordBasis> {
        Some(RecordBasis {
            archive: self.archive?,
            earlier: self.earlier.clone()?,
            seed: self.seed.clone()?,
            late_roster: self.late_roster?,
            basis: self.basis?,
            gender_rule: self.gender_rule?,
        })
    }

    /// Computes the fingerprint of the record's content as read, to compare with the printed
    /// one.
    pub fn content_fingerprint(&self) -> Option<Fingerprint> {
        let basis = self.basis()?;
        let placed = self.placed_lines()?;
        Some(crate::late::record::record_fingerprint(&basis, &placed))
    }

    /// Returns each class sheet's students, by class number.
    pub fn class_students(&self) -> Vec<(u32, Vec<&Student>)> {
        self.book
            .classes
            .iter()
            .filter_map(|c| Some((c.number?, self.book.members(c))))
            .collect()
    }
}

fn cover_classes(book: &CopyBook) -> Vec<LateCoverClass> {
    let headers = [words::CLASS, words::BEFORE, words::ADDED, words::AFTER];
    let Some(rows) = book.others.iter().find_map(|sheet| sheet.table(&headers)) else {
        return Vec::new();
    };
    rows.into_iter()
        .map(|row| {
            let name = row.text(words::CLASS).unwrap_or_default().to_string();
            LateCoverClass {
                number: parse_class_name(&name).map(|k| k.number),
                name,
                head_teacher: row
                    .text(archive_words::HEAD_TEACHER)
                    .map(str::to_string)
                    .filter(|t| !t.is_empty()),
                before: row.number(words::BEFORE),
                added: row.number(words::ADDED),
                after: row.number(words::AFTER),
                boys: row.number(labels::BOYS),
                girls: row.number(labels::GIRLS),
                row,
            }
        })
        .collect()
}

fn lot_rows(book: &CopyBook) -> Vec<LotRow> {
    let headers = [words::ORDER, words::NAME, words::PLACED_CLASS];
    let Some(rows) = book.cover.table(&headers) else {
        return Vec::new();
    };
    rows.into_iter()
        .map(|row| LotRow {
            order: row.number(words::ORDER),
            name: row.text(words::NAME).unwrap_or_default().to_string(),
            gender: row.text(words::GENDER).and_then(parse_gender),
            smallest: row.number(words::SMALLEST),
            tied: row.text(words::TIED).and_then(parse_class_numbers),
            candidates: row.text(words::CANDIDATES).and_then(parse_class_numbers),
            draw: row.text(words::DRAW).and_then(parse_draw),
            class: row
                .text(words::PLACED_CLASS)
                .and_then(parse_class_name)
                .map(|k| k.number),
            row,
        })
        .collect()
}

fn parse_gender(text: &str) -> Option<Gender> {
    match text.trim() {
        "男" => Some(Gender::Male),
        "女" => Some(Gender::Female),
        _ => None,
    }
}

/// Reads `2、5、7～11` as class numbers.
pub fn parse_class_numbers(text: &str) -> Option<Vec<u32>> {
    let mut classes = Vec::new();
    for part in text.split('、') {
        match part.split_once('～') {
            Some((first, last)) => {
                let (first, last): (u32, u32) =
                    (first.trim().parse().ok()?, last.trim().parse().ok()?);
                if last < first {
                    return None;
                }
                classes.extend(first..=last);
            }
            None => classes.push(part.trim().parse().ok()?),
        }
    }
    Some(classes)
}

/// Reads the printed lot result: `Some(Some(d))` for 抽中第 d 个, `Some(None)` for no lot.
fn parse_draw(text: &str) -> Option<Option<u32>> {
    if text.trim() == words::draw_text(None, 1) {
        return Some(None);
    }
    number_between(text, "抽中第", "个").map(Some)
}

fn parse_basis(text: &str) -> Option<OrderBasis> {
    [
        OrderBasis::RegisteredAt,
        OrderBasis::RegistrationNo,
        OrderBasis::RowOrder,
    ]
    .into_iter()
    .find(|&b| words::basis_text(b) == text.trim())
}

fn parse_rule(text: &str) -> Option<bool> {
    [true, false]
        .into_iter()
        .find(|&rule| words::rule_text(rule) == text.trim())
}

/// Reads the earlier records' fingerprints: 无, or 64 hex digits each, spaced at will.
fn parse_fingerprints(text: &str) -> Option<Vec<Fingerprint>> {
    if text.trim() == words::NONE {
        return Some(Vec::new());
    }
    let hex: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    if hex.is_empty() || !hex.len().is_multiple_of(64) {
        return None;
    }
    hex.chunks(64)
        .map(|chunk| Fingerprint::parse(&chunk.iter().collect::<String>()))
        .collect()
}

/// Returns the cell of a lot row's 编入班级.
pub fn class_cell(lot: &LotRow) -> CellRef {
    lot.row.cell(words::PLACED_CLASS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_lot_values_parse_back() {
        assert_eq!(parse_class_numbers("2、5、11"), Some(vec![2, 5, 11]));
        assert_eq!(parse_class_numbers("1、4～6"), Some(vec![1, 4, 5, 6]));
        assert_eq!(parse_class_numbers("7"), Some(vec![7]));
        assert_eq!(parse_class_numbers("七班"), None);
        assert_eq!(parse_draw(&words::draw_text(Some(3), 5)), Some(Some(3)));
        assert_eq!(parse_draw(&words::draw_text(None, 1)), Some(None));
        assert_eq!(parse_draw("随便"), None);
        for basis in [
            OrderBasis::RegisteredAt,
            OrderBasis::RegistrationNo,
            OrderBasis::RowOrder,
        ] {
            assert_eq!(parse_basis(words::basis_text(basis)), Some(basis));
        }
        assert_eq!(parse_rule(words::rule_text(true)), Some(true));
    }

    #[test]
    fn earlier_fingerprints_parse_back() {
        let a = Fingerprint::of(b"a");
        let b = Fingerprint::of(b"b");
        let text = format!("{}\n{}", a.grouped(), b.grouped());
        assert_eq!(parse_fingerprints(&text), Some(vec![a, b]));
        assert_eq!(parse_fingerprints("无"), Some(vec![]));
        assert_eq!(parse_fingerprints("ABCD"), None);
    }
}
