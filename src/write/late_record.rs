//! The late-enrolment record (后转入记录) in the same three-copy form as the archive. Each
//! copy has a cover with the chain of fingerprints and the lot of every student, a sheet of
//! every class's size before and after, and one sheet per class that received students.
//!
//! The two archive copies list the students' identifying columns; the posted copy lists
//! only 序号, 编班顺序, 姓名, 性别 and 班级. Every page header names the copy, every footer
//! carries this record's and the archive's fingerprints and 第 x 页 共 y 页 within the sheet.

mod class_sheet;
mod cover;
mod sizes;

pub use cover::class_numbers;

use std::path::Path;

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::RunInfo;
use super::archive::{ArchiveText, Copy};
use super::book;
use super::output::xlsx_error;
use crate::error::Error;
use crate::fingerprint::Fingerprint;
use crate::late::{ClassSize, OrderBasis, Placement};
use crate::messages::{archive as archive_words, labels, late as words};
use crate::roster::Student;
use crate::table::Field;

/// One class of the late enrolment: its sizes before and after, and the students it got.
#[derive(Debug, Clone)]
pub struct LateClass<'a> {
    pub number: u32,
    /// The class name as printed: 七(3)班.
    pub name: String,
    pub before: ClassSize,
    pub after: ClassSize,
    /// The students placed in this class by this run, with their 1-based placement order.
    pub students: Vec<(usize, &'a Student)>,
    pub head_teacher: Option<String>,
}

/// Everything the three copies of a late-enrolment record print.
#[derive(Debug, Clone)]
pub struct LateResult<'a> {
    /// School, grade, class count, seed, the late roster's fingerprint and the run time.
    pub info: RunInfo,
    pub archive: Fingerprint,
    pub earlier: Vec<Fingerprint>,
    pub sequence: u32,
    pub fingerprint: Fingerprint,
    pub basis: OrderBasis,
    pub gender_rule: bool,
    pub classes: Vec<LateClass<'a>>,
    pub placements: Vec<Placement>,
    /// The late roster's students, indexed by [`Placement::student`].
    pub students: &'a [Student],
    pub text: ArchiveText,
}

impl LateResult<'_> {
    /// Returns the name of a class as printed.
    pub fn class_name(&self, number: u32) -> String {
        self.classes
            .iter()
            .find(|c| c.number == number)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| labels::class_without_grade(number))
    }

    /// Returns how a name is printed on this copy.
    pub fn name_on(&self, copy: Copy, name: &str) -> String {
        if copy.is_public() && self.text.mask_names {
            archive_words::masked_name(name)
        } else {
            name.to_string()
        }
    }

    /// Returns the column the registration order was taken from, when it was a column.
    pub fn registered_field(&self) -> Option<Field> {
        match self.basis {
            OrderBasis::RegisteredAt => Some(Field::RegisteredAt),
            OrderBasis::RegistrationNo => Some(Field::RegistrationNo),
            OrderBasis::RowOrder => None,
        }
    }

    /// Returns a student's registration time or number as written.
    pub fn registered(&self, student: &Student) -> String {
        self.registered_field()
            .and_then(|f| student.field_text(f))
            .unwrap_or_default()
            .to_string()
    }
}

/// Returns the file name of a copy of the late record.
pub fn file_name(copy: Copy) -> &'static str {
    match copy {
        Copy::Education => words::FILE_FIRST,
        Copy::Inspection => words::FILE_SECOND,
        Copy::Public => words::FILE_THIRD,
    }
}

/// A sheet built with its number of pages, before the footer is set.
struct Built {
    sheet: Worksheet,
    pages: u32,
    /// The class name for the page header, or `None` for the cover.
    class: Option<String>,
}

/// Writes one copy to `path`.
///
/// # Errors
///
/// [`Error::Write`] when the file exists or cannot be written.
pub fn write(path: &Path, result: &LateResult, copy: Copy) -> Result<(), Error> {
    let mut workbook = build(result, copy).map_err(|e| xlsx_error(path, e))?;
    super::first_page::save(&mut workbook, path)
}

fn build(result: &LateResult, copy: Copy) -> Result<Workbook, XlsxError> {
    let title = format!("{} {}", words::TITLE, result.text.label(copy));
    let mut workbook = book::new_workbook(&result.info, &title)?;
    let mut used = Vec::new();
    let mut sheets = vec![
        cover::build(result, copy, &mut used)?,
        sizes::build(result, &mut used)?,
    ];
    for class in result.classes.iter().filter(|c| !c.students.is_empty()) {
        sheets.push(class_sheet::build(result, class, copy, &mut used)?);
    }
    // The record is filed as one document, so its pages are numbered on across sheets
    // the way the archive copies are.
    let counts: Vec<u32> = sheets.iter().map(|b| b.pages).collect();
    let total: u32 = counts.iter().sum();
    for (mut built, first) in sheets.into_iter().zip(super::archive::first_pages(&counts)) {
        set_header_footer(&mut built, result, copy, total);
        built.sheet.set_print_first_page_number(first);
        workbook.push_worksheet(built.sheet);
    }
    Ok(workbook)
}

/// Sets the copy's label, the sequence and the school and class in the header, and the
/// fingerprints and 第 x 页 共 y 页 of the whole copy in the footer.
fn set_header_footer(built: &mut Built, result: &LateResult, copy: Copy, total: u32) {
    let label = result.text.label(copy);
    let centre = words::sequence_mark(result.sequence);
    let school = labels::school_or_blank(&result.info.school);
    let right = match &built.class {
        Some(class) => format!("{school} {class}"),
        None => school.to_string(),
    };
    let header = book::page_header_sections(label, &centre, &right);
    let facts = [
        (words::RECORD_FINGERPRINT, result.fingerprint.short()),
        (words::ARCHIVE_FINGERPRINT, result.archive.short()),
    ];
    let footer = book::page_footer_with(
        &book::join_facts(&facts),
        &labels::page_of_total_code(total),
    );
    built.sheet.set_header(&header);
    built.sheet.set_footer(&footer);
}
