//! Reading a copy's class sheets back. The identifying copies' lists go through the table
//! and roster stages like any roster, so every value is cleaned the same way as when it was
//! written. The posted copy's lists (序号, 姓名, 性别, 班级, in one or two blocks side by
//! side) are read as rows of text.

use std::path::{Path, PathBuf};

use super::cover::{Cover, cell_text};
use crate::classname::parse_class_name;
use crate::diag::{CellRef, Location, Report, Severity};
use crate::error::{Error, PostedCopyUse, Result, TableKind};
use crate::messages::{archive as words, late as late_words};
use crate::read::Sheet;
use crate::roster::{ROSTER_SPEC, RosterOptions, SheetLayout, Student};
use crate::table::{self, Field, Table};

/// The printed lines below a class list that are not students: the end line with the
/// count, the head teacher's signature and the posted copy's hotlines.
const END_STARTS: [&str; 2] = ["本班名单到此结束", late_words::END_START];
const TAIL_STARTS: [&str; 2] = ["班主任（", "举报电话"];
/// Sheets of a copy that are not class lists.
const NOT_LISTS: [&str; 1] = [late_words::SIZES_SHEET];

/// One class sheet of a copy.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassList {
    /// The class number, from the sheet's title or else its name.
    pub number: Option<u32>,
    /// The class name as the title prints it (七(3)班), else the sheet name.
    pub name: String,
    pub sheet: String,
    /// The texts above the list's header row, in order.
    pub titles: Vec<String>,
    /// Indices into the copy's students or posted rows, in sheet order.
    pub members: Vec<usize>,
    /// The count printed in the end line, when it was found.
    pub end_count: Option<usize>,
    /// Whether a list header was found on the sheet.
    pub has_list: bool,
}

/// A row of the posted copy: only what parents need to find a child.
#[derive(Debug, Clone, PartialEq)]
pub struct PostedRow {
    pub sheet: String,
    /// The name's cell.
    pub at: CellRef,
    pub seq: Option<String>,
    /// The 编班顺序 of a late-enrolment record's posted copy.
    pub order: Option<String>,
    pub name: String,
    pub gender: String,
    pub class: String,
}

/// A copy read back: its cover and its class sheets.
#[derive(Debug, Clone)]
pub struct CopyBook {
    pub file: String,
    pub path: PathBuf,
    pub cover: Cover,
    /// Sheets beside the cover that hold no class list (a late record's 各班人数).
    pub others: Vec<Cover>,
    pub classes: Vec<ClassList>,
    /// The identifying copies' students, every row a student (nothing merged or dropped).
    pub students: Vec<Student>,
    pub layouts: Vec<SheetLayout>,
    /// The headers of the list columns the roster stage has no meaning for (编班顺序).
    pub extra_headers: Vec<String>,
    /// The posted copy's rows.
    pub posted: Vec<PostedRow>,
    pub is_posted: bool,
}

impl CopyBook {
    /// Rejects a posted copy, which prints no IDs, where `command` needs the first or
    /// second copy. `option` is the command-line option that named the file.
    ///
    /// # Errors
    ///
    /// Fails with [`Error::PostedCopyGiven`] when this is the posted copy.
    pub fn require_identifying(&self, option: &'static str, command: PostedCopyUse) -> Result<()> {
        if self.is_posted {
            return Err(Error::PostedCopyGiven {
                path: self.path.clone(),
                option,
                command,
            });
        }
        Ok(())
    }

    /// Finds the sheet of a class by its number.
    pub fn class(&self, number: u32) -> Option<&ClassList> {
        self.classes.iter().find(|c| c.number == Some(number))
    }

    /// Returns the students of a class sheet, in sheet order.
    pub fn members(&self, class: &ClassList) -> Vec<&Student> {
        class
            .members
            .iter()
            .filter_map(|&i| self.students.get(i))
            .collect()
    }

    /// Returns the cell of a student's field.
    pub fn cell_of(&self, student: usize, field: Field) -> Option<CellRef> {
        let origin = &self.students.get(student)?.origin;
        crate::roster::cell_of(&self.layouts, origin, field)
    }

    /// Returns a student's value in a column the roster stage has no meaning for, by its
    /// header.
    pub fn extra(&self, student: usize, header: &str) -> Option<&str> {
        let index = self.extra_headers.iter().position(|h| h == header)?;
        let value = self.students.get(student)?.extras.get(index)?;
        (!value.is_empty()).then_some(value.as_str())
    }

    /// Returns where a student is: the name's cell, else the row.
    pub fn location(&self, student: usize) -> Location {
        let Some(origin) = self.students.get(student).map(|s| &s.origin) else {
            return Location::file(&self.file);
        };
        match self.cell_of(student, Field::Name) {
            Some(cell) => Location::cell(&self.file, &origin.sheet, cell),
            None => Location::row(&self.file, &origin.sheet, origin.row),
        }
    }
}

/// Reads a copy: the first sheet as its cover, every other sheet as a class list.
///
/// Errors of the roster stage (an ID number edited into an invalid one, say) go to
/// `report`; its notices and warnings were shown when the students were first read.
///
/// # Errors
///
/// Fails when the file cannot be read or has no sheet beside the cover.
pub fn read_copy(path: &Path, today: chrono::NaiveDate, report: &mut Report) -> Result<CopyBook> {
    let book = crate::read::open(path, report)?;
    let Some((cover_sheet, class_sheets)) = book.sheets.split_first() else {
        return Err(no_lists(&book));
    };
    let is_posted = class_sheets.iter().any(is_posted_sheet);
    let mut copy = CopyBook {
        file: book.file_name.clone(),
        path: path.to_path_buf(),
        cover: Cover::read(cover_sheet),
        others: Vec::new(),
        classes: Vec::new(),
        students: Vec::new(),
        layouts: Vec::new(),
        extra_headers: Vec::new(),
        posted: Vec::new(),
        is_posted,
    };
    let mut tables = Vec::new();
    for sheet in class_sheets.iter().filter(|s| !s.hidden) {
        if NOT_LISTS.contains(&sheet.name.as_str()) {
            copy.others.push(Cover::read(sheet));
        } else if is_posted {
            let class = read_posted(sheet, &mut copy.posted);
            copy.classes.push(class);
        } else {
            tables.push(read_identifying(&book.file_name, sheet, &mut copy.classes));
        }
    }
    if copy.classes.is_empty() {
        return Err(no_lists(&book));
    }
    let tables: Vec<Table> = tables.into_iter().flatten().collect();
    add_students(&mut copy, &tables, today, report);
    Ok(copy)
}

fn no_lists(book: &crate::read::Workbook) -> Error {
    Error::NoHeader {
        file: book.file_name.clone(),
        sheets: book.sheets.iter().map(|s| s.name.clone()).collect(),
        expected: TableKind::ClassList,
    }
}

/// Tells a posted sheet by its list header, which has 班级 beside 姓名 (the identifying
/// copies' headers do not).
fn is_posted_sheet(sheet: &Sheet) -> bool {
    sheet.rows().take(40).any(|(_, cells)| {
        let texts: Vec<String> = cells.iter().map(|c| cell_text(&c.value)).collect();
        texts.iter().any(|t| t.trim() == words::NAME) && texts.iter().any(|t| t.trim() == "班级")
    })
}

/// Finds the list table of an identifying class sheet and records the class.
fn read_identifying(file: &str, sheet: &Sheet, classes: &mut Vec<ClassList>) -> Option<Table> {
    let mut stage = Report::new();
    let table = table::read_table(file, sheet, &ROSTER_SPEC, &mut stage);
    let titles = table.as_ref().map(|t| t.titles.clone()).unwrap_or_default();
    let (number, name) = class_of(&titles, &sheet.name);
    let mut table = table;
    let mut end_count = None;
    if let Some(table) = &mut table {
        end_count = drop_printed_lines(table);
    }
    classes.push(ClassList {
        number,
        name,
        sheet: sheet.name.clone(),
        titles,
        members: Vec::new(),
        end_count,
        has_list: table.is_some(),
    });
    table
}

/// Builds the students of all tables and assigns them to their class sheets.
fn add_students(
    copy: &mut CopyBook,
    tables: &[Table],
    today: chrono::NaiveDate,
    report: &mut Report,
) {
    if tables.is_empty() {
        return;
    }
    let options = RosterOptions {
        allow_missing_id: true,
        today,
        ..RosterOptions::default()
    };
    let mut stage = Report::new();
    let roster = crate::roster::students_from_tables(&copy.file, tables, &options, &mut stage);
    for problem in stage.problems {
        if problem.severity == Severity::Error {
            report.problems.push(problem);
        }
    }
    for (index, student) in roster.students.iter().enumerate() {
        if let Some(class) = copy
            .classes
            .iter_mut()
            .find(|c| c.sheet == student.origin.sheet)
        {
            class.members.push(index);
        }
    }
    copy.students = roster.students;
    copy.layouts = roster.layouts;
    copy.extra_headers = roster.extra_headers;
}

/// Removes the end line, the signature line and the hotlines from a list's records. They
/// span the row, so once merged cells are filled they look like students. Returns the
/// count the end line prints, or `None` when the list has no end line.
fn drop_printed_lines(table: &mut Table) -> Option<usize> {
    let mut end_count = None;
    table.records.retain(|record| {
        // The line starts in the first column, merged across the row or not.
        let text = record
            .cells
            .values()
            .next()
            .map(|v| v.display())
            .unwrap_or_default();
        let text = text.trim();
        if END_STARTS.iter().any(|s| text.starts_with(s)) {
            end_count = end_count.or_else(|| count_in(text));
            return false;
        }
        !TAIL_STARTS.iter().any(|s| text.starts_with(s))
    });
    end_count
}

/// Reads the number after 共 in a printed end line (`…，共 44 人。`).
fn count_in(text: &str) -> Option<usize> {
    let after = &text[text.rfind('共')? + '共'.len_utf8()..];
    let digits: String = after
        .trim()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Reads the class of a sheet from its title (`七(3)班 学生名单`), else from its name.
fn class_of(titles: &[String], sheet: &str) -> (Option<u32>, String) {
    let title_class = titles.first().and_then(|t| {
        let name = t.split_whitespace().next()?;
        parse_class_name(name).map(|key| (key.number, name.to_string()))
    });
    match title_class {
        Some((number, name)) => (Some(number), name),
        None => (parse_class_name(sheet).map(|k| k.number), sheet.to_string()),
    }
}

/// Reads a posted class sheet: blocks of 序号, 姓名, 性别, 班级 side by side under one
/// header row.
fn read_posted(sheet: &Sheet, rows: &mut Vec<PostedRow>) -> ClassList {
    let texts = |cells: &[crate::read::Cell]| -> Vec<(u32, String)> {
        cells
            .iter()
            .filter(|c| !c.value.is_blank())
            .map(|c| (c.at.col, cell_text(&c.value).trim().to_string()))
            .collect()
    };
    let mut titles = Vec::new();
    let mut blocks: Vec<Block> = Vec::new();
    let mut header_row = None;
    for (row, cells) in sheet.rows() {
        let cells = texts(cells);
        if header_row.is_none() {
            blocks = blocks_of(&cells);
            if blocks.is_empty() {
                titles.extend(cells.into_iter().map(|(_, t)| t));
            } else {
                header_row = Some(row);
            }
        }
    }
    let (number, name) = class_of(&titles, &sheet.name);
    let mut class = ClassList {
        number,
        name,
        sheet: sheet.name.clone(),
        titles,
        members: Vec::new(),
        end_count: None,
        has_list: header_row.is_some(),
    };
    let Some(header_row) = header_row else {
        return class;
    };
    for (row, cells) in sheet.rows().filter(|(r, _)| *r > header_row) {
        let cells = texts(cells);
        let first = cells.first().map(|(_, t)| t.as_str()).unwrap_or_default();
        if END_STARTS.iter().any(|s| first.starts_with(s)) {
            class.end_count = class.end_count.or_else(|| count_in(first));
            continue;
        }
        if TAIL_STARTS.iter().any(|s| first.starts_with(s)) {
            continue;
        }
        for block in &blocks {
            if let Some(posted) = block.row(sheet, row, &cells) {
                class.members.push(rows.len());
                rows.push(posted);
            }
        }
    }
    class.members.sort_by_key(|&i| {
        let seq = rows[i].seq.as_deref().and_then(|s| s.parse::<u32>().ok());
        (seq.unwrap_or(u32::MAX), rows[i].at.col, rows[i].at.row)
    });
    class
}

/// The columns of one block of a posted list.
struct Block {
    seq: u32,
    order: Option<u32>,
    name: u32,
    gender: Option<u32>,
    class: Option<u32>,
}

/// Finds the blocks of a header row. Each starts at a 序号 cell and takes the 姓名, 性别
/// and 班级 cells up to the next 序号.
fn blocks_of(cells: &[(u32, String)]) -> Vec<Block> {
    let starts: Vec<u32> = cells
        .iter()
        .filter(|(_, t)| t == words::SEQ)
        .map(|(c, _)| *c)
        .collect();
    let mut blocks = Vec::new();
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(u32::MAX);
        let find = |header: &str| {
            cells
                .iter()
                .find(|(c, t)| *c > start && *c < end && t == header)
                .map(|(c, _)| *c)
        };
        if let Some(name) = find(words::NAME) {
            blocks.push(Block {
                seq: start,
                order: find(late_words::ORDER),
                name,
                gender: find(words::GENDER),
                class: find(words::CLASS),
            });
        }
    }
    let has_class = cells.iter().any(|(_, t)| t == words::CLASS);
    if has_class { blocks } else { Vec::new() }
}

impl Block {
    fn row(&self, sheet: &Sheet, row: u32, cells: &[(u32, String)]) -> Option<PostedRow> {
        let text = |col: Option<u32>| {
            col.and_then(|c| cells.iter().find(|(cc, _)| *cc == c))
                .map(|(_, t)| t.clone())
        };
        let name = text(Some(self.name)).filter(|t| !t.is_empty())?;
        Some(PostedRow {
            sheet: sheet.name.clone(),
            at: CellRef::new(row, self.name),
            seq: text(Some(self.seq)),
            order: text(self.order),
            name,
            gender: text(self.gender).unwrap_or_default(),
            class: text(self.class).unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn end_line_count_is_read() {
        assert_eq!(count_in("本班名单到此结束，共 44 人。"), Some(44));
        assert_eq!(count_in("本班本次转入到此结束，共 2 人。"), Some(2));
        assert_eq!(count_in("本班名单到此结束"), None);
    }

    #[test]
    fn class_from_title_or_sheet() {
        let titles = vec!["七(3)班 学生名单".to_string()];
        assert_eq!(class_of(&titles, "x"), (Some(3), "七(3)班".to_string()));
        assert_eq!(class_of(&[], "七(5)班"), (Some(5), "七(5)班".to_string()));
    }
}
