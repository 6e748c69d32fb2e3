//! The three copies of the draw result (三联存档): one workbook each, with a cover sheet and
//! one sheet per class.
//!
//! The two archive copies list the students' identifying columns. The posted copy lists only
//! what parents need to find a child (序号, 姓名, 性别, 班级) and the complaint hotlines,
//! never an ID number, birth date, address, phone, 学籍号, score or feeder school. Every page
//! header names the copy and the class, and every footer carries the draw fingerprint and
//! 第 x 页 共 y 页 counted over the whole copy. A copy is printed and filed as one document,
//! so its pages are numbered on from the cover through the last class, and a missing page
//! shows as a gap in the numbers (see `pages` for how the counts stay right).

mod class_list;
mod cover;

use std::path::Path;

use chrono::NaiveDate;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::RunInfo;
use super::book;
use super::first_page;
use super::output::xlsx_error;
use crate::error::Error;
use crate::fingerprint::Fingerprint;
use crate::messages::{archive as words, labels};
use crate::roster::{Gender, Student};
use crate::teams::SubjectTeacher;

/// Which of the three copies a workbook is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copy {
    /// 第一联, for the bureau's basic-education section.
    Education,
    /// 第二联, for the discipline inspection office.
    Inspection,
    /// 第三联, posted at the school and on its public account.
    Public,
}

impl Copy {
    pub const ALL: [Copy; 3] = [Copy::Education, Copy::Inspection, Copy::Public];

    pub fn file_name(self) -> &'static str {
        match self {
            Copy::Education => words::FILE_FIRST,
            Copy::Inspection => words::FILE_SECOND,
            Copy::Public => words::FILE_THIRD,
        }
    }

    pub fn is_public(self) -> bool {
        self == Copy::Public
    }
}

/// One class of the draw result.
#[derive(Debug, Clone)]
pub struct ClassResult<'a> {
    pub number: u32,
    /// The class name as printed: 七(1)班.
    pub name: String,
    /// The group its head teacher drew.
    pub group: u32,
    pub seal: Fingerprint,
    /// The group's students, in list order.
    pub students: Vec<&'a Student>,
    pub head_teacher: Option<String>,
    pub subject_teachers: Vec<SubjectTeacher>,
}

impl ClassResult<'_> {
    pub fn boys(&self) -> usize {
        self.students
            .iter()
            .filter(|s| s.gender == Gender::Male)
            .count()
    }

    pub fn girls(&self) -> usize {
        self.students.len() - self.boys()
    }
}

/// The configurable words of the copies, resolved from the settings.
#[derive(Debug, Clone, PartialEq)]
pub struct ArchiveText {
    /// The labels of the three copies, in copy order.
    pub labels: [String; 3],
    pub hotlines: Vec<String>,
    pub mask_names: bool,
    pub bureau: Option<String>,
    pub supervisors: Vec<String>,
}

impl ArchiveText {
    pub fn label(&self, copy: Copy) -> &str {
        let index = Copy::ALL.iter().position(|&c| c == copy).unwrap_or(0);
        &self.labels[index]
    }
}

/// Everything the copies print.
#[derive(Debug, Clone)]
pub struct DrawResult<'a> {
    pub info: RunInfo,
    pub date: NaiveDate,
    /// The fingerprint of this draw result: grouping, date and the group of each class.
    pub fingerprint: Fingerprint,
    pub classes: Vec<ClassResult<'a>>,
    /// For a re-run: the short mark for page headers and the full line for the cover and
    /// each class sheet.
    pub rerun: Option<(String, String)>,
    pub text: ArchiveText,
}

impl DrawResult<'_> {
    /// Returns how a name is printed on this copy.
    pub fn name_on(&self, copy: Copy, name: &str) -> String {
        if copy.is_public() && self.text.mask_names {
            words::masked_name(name)
        } else {
            name.to_string()
        }
    }

    pub fn student_count(&self) -> usize {
        self.classes.iter().map(|c| c.students.len()).sum()
    }
}

/// The fingerprint of a draw result: SHA-256 of `bianban-draw-v1`, the grouping fingerprint,
/// the draw date and one `class=<k> group=<g>` line per class.
pub fn draw_fingerprint(grouping: &Fingerprint, date: NaiveDate, groups: &[u32]) -> Fingerprint {
    let mut text = format!(
        "bianban-draw-v1\ngrouping={}\ndate={}\n",
        grouping.hex(),
        date.format("%Y-%m-%d")
    );
    for (index, group) in groups.iter().enumerate() {
        text.push_str(&format!("class={} group={group}\n", index + 1));
    }
    Fingerprint::of(text.as_bytes())
}

/// A sheet built with its number of pages, before the footer is set.
pub(crate) struct Built {
    pub sheet: Worksheet,
    pub pages: u32,
    /// The class name for the page header, or `None` for the cover.
    pub class: Option<String>,
}

/// Writes one copy to `path`.
///
/// # Errors
///
/// [`Error::Write`] when the file exists or cannot be written.
pub fn write(path: &Path, result: &DrawResult, copy: Copy) -> Result<(), Error> {
    let mut workbook = build(result, copy).map_err(|e| xlsx_error(path, e))?;
    first_page::save(&mut workbook, path)
}

fn build(result: &DrawResult, copy: Copy) -> Result<rust_xlsxwriter::Workbook, XlsxError> {
    let title = format!("{} {}", words::TITLE, result.text.label(copy));
    let mut workbook = book::new_workbook(&result.info, &title)?;
    let mut used = Vec::new();
    let mut sheets = vec![cover::build(result, copy, &mut used)?];
    for class in &result.classes {
        sheets.push(class_list::build(result, class, copy, &mut used)?);
    }
    let counts: Vec<u32> = sheets.iter().map(|b| b.pages).collect();
    let total: u32 = counts.iter().sum();
    for (mut built, first) in sheets.into_iter().zip(first_pages(&counts)) {
        set_header_footer(&mut built, result, copy, total);
        built.sheet.set_print_first_page_number(first);
        workbook.push_worksheet(built.sheet);
    }
    Ok(workbook)
}

/// Returns the number of the first page of each sheet when the sheets, of these numbers of
/// pages, are numbered on from 1 as one document.
pub(crate) fn first_pages(counts: &[u32]) -> Vec<u16> {
    let mut next: u32 = 1;
    counts
        .iter()
        .map(|&count| {
            // rust_xlsxwriter takes the first page number as a u16, so the sheets of a copy
            // past page 65,535 (over 30,000 classes) all start at 65,535.
            let first = u16::try_from(next).unwrap_or(u16::MAX);
            next = next.saturating_add(count);
            first
        })
        .collect()
}

/// Sets the copy's label, the re-run mark and the school and class in the header, and the
/// fingerprints and 第 x 页 共 y 页 of the whole copy in the footer.
fn set_header_footer(built: &mut Built, result: &DrawResult, copy: Copy, total: u32) {
    let label = result.text.label(copy);
    let centre = result
        .rerun
        .as_ref()
        .map(|(mark, _)| mark.as_str())
        .unwrap_or("");
    let school = labels::school_or_blank(&result.info.school);
    let right = match &built.class {
        Some(class) => format!("{school} {class}"),
        None => school.to_string(),
    };
    let header = book::page_header_sections(label, centre, &right);
    let mut facts = vec![(words::DRAW_FINGERPRINT, result.fingerprint.short())];
    if let Some(grouping) = &result.info.grouping {
        facts.push((labels::GROUPING_FINGERPRINT, grouping.short()));
    }
    let footer = book::page_footer_with(
        &book::join_facts(&facts),
        &labels::page_of_total_code(total),
    );
    built.sheet.set_header(&header);
    built.sheet.set_footer(&footer);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_pages_number_on_across_sheets() {
        assert_eq!(first_pages(&[3, 2, 1, 2]), vec![1, 4, 6, 7]);
        assert_eq!(first_pages(&[]), Vec::<u16>::new());
    }

    #[test]
    fn first_pages_stop_at_excel_limit() {
        assert_eq!(
            first_pages(&[65_534, 1, 5, 5]),
            vec![1, 65_535, 65_535, 65_535]
        );
    }
}
