//! A copy of the draw result read back: the facts and class table of its cover, and the
//! drawn group, seal and counts printed above each class list.

use std::path::Path;

use chrono::NaiveDate;

use super::cover::GridRow;
use super::lists::{ClassList, CopyBook, read_copy};
use crate::classname::{Grade, parse_class_name};
use crate::diag::{CellRef, Report};
use crate::error::Result;
use crate::fingerprint::Fingerprint;
use crate::messages::{archive as words, labels};
use crate::roster::Student;

/// A row of the cover's class table.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverClass {
    pub at: CellRef,
    pub name: String,
    pub number: Option<u32>,
    pub head_teacher: Option<String>,
    pub group: Option<u32>,
    pub size: Option<usize>,
    pub boys: Option<usize>,
    pub girls: Option<usize>,
    /// The row's cells, to name the cell of a wrong value.
    pub row: GridRow,
}

/// What a class sheet prints above its list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SheetFacts {
    pub group: Option<u32>,
    pub seal: Option<Fingerprint>,
    /// 人数, 男, 女 as printed.
    pub counts: Option<(usize, usize, usize)>,
}

/// A copy of the draw result read back.
#[derive(Debug, Clone)]
pub struct DrawCopy {
    pub book: CopyBook,
    pub school: Option<String>,
    pub grade: Option<Grade>,
    pub date: Option<NaiveDate>,
    /// The seed the tool computed with, as printed.
    pub seed: Option<String>,
    pub roster: Option<Fingerprint>,
    pub grouping: Option<Fingerprint>,
    pub draw: Option<Fingerprint>,
    pub cover_classes: Vec<CoverClass>,
    /// The facts above each class list, by the index of the class in `book.classes`.
    pub sheets: Vec<SheetFacts>,
}

impl DrawCopy {
    /// Reads a copy of the draw result.
    ///
    /// # Errors
    ///
    /// As [`read_copy`].
    pub fn read(path: &Path, today: NaiveDate, report: &mut Report) -> Result<DrawCopy> {
        let book = read_copy(path, today, report)?;
        let fact = |label: &str| book.cover.fact(label).map(|f| f.value);
        let fingerprint = |label: &str| fact(label).and_then(|t| Fingerprint::parse(&t));
        let sheets = book.classes.iter().map(sheet_facts).collect();
        Ok(DrawCopy {
            school: fact(labels::SCHOOL).filter(|s| s != labels::BLANK),
            grade: fact(labels::GRADE).and_then(|g| Grade::parse(&g)),
            date: fact(words::DRAW_DATE).and_then(|d| parse_printed_date(&d)),
            seed: fact(labels::SEED).map(|s| crate::grouplist::computed_seed(&s)),
            roster: fingerprint(labels::ROSTER_FINGERPRINT),
            grouping: fingerprint(labels::GROUPING_FINGERPRINT),
            draw: fingerprint(words::DRAW_FINGERPRINT),
            cover_classes: cover_classes(&book),
            sheets,
            book,
        })
    }

    /// The facts printed above a class's list.
    pub fn sheet_facts(&self, class: &ClassList) -> SheetFacts {
        let index = self.book.classes.iter().position(|c| c == class);
        index
            .and_then(|i| self.sheets.get(i).cloned())
            .unwrap_or_default()
    }

    /// The archive fingerprint of this copy's content, when it is an identifying copy with
    /// a printed draw fingerprint.
    pub fn archive_fingerprint(&self) -> Option<Fingerprint> {
        let draw = self.draw?;
        if self.book.is_posted {
            return None;
        }
        Some(crate::fingerprint::archive_fingerprint(
            &draw,
            &self.class_students(),
        ))
    }

    /// Each numbered class sheet's students, in class order.
    pub fn class_students(&self) -> Vec<(u32, Vec<&Student>)> {
        let mut classes: Vec<(u32, Vec<&Student>)> = self
            .book
            .classes
            .iter()
            .filter_map(|c| Some((c.number?, self.book.members(c))))
            .collect();
        classes.sort_by_key(|(n, _)| *n);
        classes
    }

    /// The number of classes: the cover's rows, else the class sheets.
    pub fn class_count(&self) -> u32 {
        let from_cover = self.cover_classes.len();
        let count = if from_cover > 0 {
            from_cover
        } else {
            self.book.classes.len()
        };
        count as u32
    }
}

/// Reads the cover's table of classes.
fn cover_classes(book: &CopyBook) -> Vec<CoverClass> {
    let headers = [words::CLASS, words::DRAWN_GROUP, words::HEADCOUNT];
    let Some(rows) = book.cover.table(&headers) else {
        return Vec::new();
    };
    rows.into_iter()
        .map(|row| {
            let name = row.text(words::CLASS).unwrap_or_default().to_string();
            CoverClass {
                at: row.cell(words::CLASS),
                number: parse_class_name(&name).map(|k| k.number),
                name,
                head_teacher: row
                    .text(words::HEAD_TEACHER)
                    .map(str::to_string)
                    .filter(|t| !t.is_empty()),
                group: row.number(words::DRAWN_GROUP).map(|n| n as u32),
                size: row.number(words::HEADCOUNT),
                boys: row.number(labels::BOYS),
                girls: row.number(labels::GIRLS),
                row,
            }
        })
        .collect()
}

/// Reads the lines above a class list: `班主任：…　抽中组号：第15组　人数：44 人（男 23
/// 人，女 21 人）` and `本组校验码：…`.
fn sheet_facts(class: &ClassList) -> SheetFacts {
    let mut facts = SheetFacts::default();
    for title in &class.titles {
        if let Some(rest) = after(title, &format!("{}：", words::DRAWN_GROUP)) {
            facts.group = number_between(rest, "第", "组");
        }
        if let Some(rest) = after(title, &format!("{}：", words::HEADCOUNT)) {
            facts.counts = parse_counts(rest);
        }
        if let Some(rest) = title.trim().strip_prefix(labels::GROUP_SEAL) {
            facts.seal = Fingerprint::parse(rest.trim_start_matches(['：', ':', ' ']));
        }
    }
    facts
}

fn after<'a>(text: &'a str, label: &str) -> Option<&'a str> {
    text.find(label).map(|i| &text[i + label.len()..])
}

/// The whole number between `start` and `end` (`第15组` gives 15).
pub fn number_between(text: &str, start: &str, end: &str) -> Option<u32> {
    let rest = &text[text.find(start)? + start.len()..];
    rest[..rest.find(end)?].trim().parse().ok()
}

/// Reads `44 人（男 23 人，女 21 人）` as (44, 23, 21).
pub fn parse_counts(text: &str) -> Option<(usize, usize, usize)> {
    let numbers: Vec<usize> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .take(3)
        .filter_map(|s| s.parse().ok())
        .collect();
    match numbers.as_slice() {
        [total, boys, girls] => Some((*total, *boys, *girls)),
        _ => None,
    }
}

/// Reads a date printed as `2025年8月28日`.
pub fn parse_printed_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y年%m月%d日").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_lines_parse_back() {
        assert_eq!(
            parse_counts("44 人（男 23 人，女 21 人）　"),
            Some((44, 23, 21))
        );
        assert_eq!(
            number_between("抽中组号：第15组　人数", "第", "组"),
            Some(15)
        );
        assert_eq!(
            parse_printed_date("2025年8月28日"),
            NaiveDate::from_ymd_opt(2025, 8, 28)
        );
    }
}
