//! Reading the rosters of a run over many schools into one checked roster per school and
//! grade.
//!
//! Every file is split by the school and grade of each row. The school comes from the row's
//! 学校 cell when the roster has that column. Otherwise it comes from the file name
//! (`城关第二中学_七年级.xlsx`), then from the title rows, then from `--school`. The grade
//! comes from the row's 年级 cell, then the file name, the title rows and the sheet names;
//! [`super::run`] fills in the rest from `--grade`, the class-count table or the students'
//! ages. Each part is then checked as a roster of its own, with its own report.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::BatchProblem;
use super::naming::{grade_in_text, school_in_text, school_key};
use super::parallel;
use crate::classname::Grade;
use crate::diag::{Location, Report};
use crate::error::{Error, Result, TableKind};
use crate::read::Workbook;
use crate::roster::clean::clean_text;
use crate::roster::loaded::LoadedRoster;
use crate::roster::{ROSTER_SPEC, RosterOptions};
use crate::table::{Field, Record, Table};

/// File name endings taken from a folder of rosters; the readers decide the format by
/// content. `et` is WPS's own spreadsheet format, which WPS saves as xls or xlsx inside.
const ROSTER_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "et", "ods", "csv"];

/// The place a school's name was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameFrom {
    Column,
    FileName,
    Title,
    /// `--school` or the settings, for a roster that names no school itself.
    Option,
}

/// The place a school's grade was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GradeFrom {
    Column,
    FileName,
    Title,
    SheetName,
    /// `--grade` or the settings, for a roster that shows no grade itself.
    Option,
    ClassCounts,
    Age,
    Unknown,
}

/// One school's roster of a run over many schools.
pub struct SchoolRoster {
    pub file: PathBuf,
    pub loaded: LoadedRoster,
    pub school_from: NameFrom,
    pub grade_from: GradeFrom,
}

impl SchoolRoster {
    /// Returns the key that matches rosters and class counts: the compared school name and grade.
    pub fn key(&self) -> (String, Option<Grade>) {
        (school_key(&self.loaded.school), self.loaded.grade)
    }
}

/// A roster file, or rows of one, that cannot be run as a school.
pub struct FailedInput {
    pub file: PathBuf,
    pub fault: InputFault,
    /// The problems found before the failure.
    pub report: Report,
}

#[derive(Debug, Clone, PartialEq)]
pub enum InputFault {
    /// The file cannot be read or contains no roster.
    Unreadable(Error),
    /// Neither a 学校 column, the file name nor a title row names the school.
    NoSchoolName,
    /// Rows with a blank 学校 cell in a roster that has a 学校 column.
    RowsWithoutSchool { rows: usize },
}

/// One file's contribution to the run.
pub enum Input {
    School(Box<SchoolRoster>),
    Failed(FailedInput),
}

/// Options every roster is read with.
pub struct ReadOptions<'a> {
    pub roster: &'a RosterOptions,
    /// The school named with `--school` or in the settings.
    pub school: Option<&'a str>,
}

/// Lists the roster files of the run: the file itself, or the spreadsheet files directly in
/// the folder in name order. Subfolders are not read, so a results folder inside the roster
/// folder is never taken for rosters. Office owner files (`~$…`), hidden files and the files
/// in `skip` (the class-count table) are left out.
///
/// # Errors
///
/// [`Error::NoRosterFiles`] for a folder without spreadsheet files, [`Error::FileNotFound`]
/// for a path that does not exist, [`Error::FileUnreadable`] for a folder that cannot be
/// listed.
pub fn roster_files(path: &Path, skip: &[PathBuf]) -> Result<Vec<PathBuf>> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    if !path.exists() {
        return Err(Error::FileNotFound {
            path: path.to_path_buf(),
        });
    }
    let entries = std::fs::read_dir(path).map_err(|e| Error::FileUnreadable {
        path: path.to_path_buf(),
        code: e.raw_os_error(),
    })?;
    let skip: Vec<PathBuf> = skip.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && is_roster_name(p))
        .filter(|p| p.canonicalize().is_ok_and(|c| !skip.contains(&c)))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Error::NoRosterFiles {
            folder: path.to_path_buf(),
        });
    }
    Ok(files)
}

fn is_roster_name(path: &Path) -> bool {
    let name = crate::read::file_name(path);
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    !name.starts_with("~$")
        && !name.starts_with('.')
        && ROSTER_EXTENSIONS.contains(&extension.as_str())
}

/// Reads one file and returns one input per school and grade found in it.
pub fn read_file(path: &Path, options: &ReadOptions) -> Vec<Input> {
    let mut file_report = Report::new();
    let book = match crate::read::open(path, &mut file_report) {
        Ok(book) => book,
        Err(error) => return vec![failed(path, InputFault::Unreadable(error), file_report)],
    };
    let tables = crate::table::find_tables(&book, &ROSTER_SPEC, &mut file_report);
    if tables.is_empty() {
        let error = no_header(&book);
        return vec![failed(path, InputFault::Unreadable(error), file_report)];
    }
    let file_facts = FileFacts::of(path, &book, &tables, options);
    drop(book);
    let split = split_by_school(tables, &file_facts, &mut file_report);
    finish_parts(path, split, file_report, options)
}

fn failed(path: &Path, fault: InputFault, report: Report) -> Input {
    Input::Failed(FailedInput {
        file: path.to_path_buf(),
        fault,
        report,
    })
}

fn no_header(book: &Workbook) -> Error {
    Error::NoHeader {
        file: book.file_name.clone(),
        sheets: book.sheets.iter().map(|s| s.name.clone()).collect(),
        expected: TableKind::Roster,
    }
}

/// The school and grade a whole file names, for rows that do not name their own.
struct FileFacts {
    school: Option<(String, NameFrom)>,
    grade: Option<(Grade, GradeFrom)>,
}

impl FileFacts {
    fn of(path: &Path, book: &Workbook, tables: &[Table], options: &ReadOptions) -> FileFacts {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let titles = || tables.iter().flat_map(|t| t.titles.iter());
        let school = school_in_text(&stem)
            .map(|s| (s, NameFrom::FileName))
            .or_else(|| {
                titles()
                    .find_map(|t| school_in_text(t))
                    .map(|s| (s, NameFrom::Title))
            })
            .or_else(|| {
                let given = options.school.map(|s| clean_text(s).text);
                given
                    .filter(|s| !s.is_empty())
                    .map(|s| (s, NameFrom::Option))
            });
        let grade = grade_in_text(&stem)
            .map(|g| (g, GradeFrom::FileName))
            .or_else(|| {
                titles()
                    .find_map(|t| grade_in_text(t))
                    .map(|g| (g, GradeFrom::Title))
            })
            .or_else(|| {
                book.sheets
                    .iter()
                    .find_map(|s| grade_in_text(&s.name))
                    .map(|g| (g, GradeFrom::SheetName))
            });
        FileFacts { school, grade }
    }
}

/// The rows of one school and grade within a file.
struct Part {
    school: String,
    school_from: NameFrom,
    grade: Option<Grade>,
    grade_from: GradeFrom,
    /// One table per source table that has rows of this part, in sheet order.
    tables: Vec<Table>,
    report: Report,
}

/// A file split into its schools, with the rows that could not be placed.
struct Split {
    parts: Vec<Part>,
    /// Sheet name and row of every placed record, with the part it went to.
    owners: HashMap<String, HashMap<u32, usize>>,
    unplaced: Unplaced,
}

/// Rows that no school can take.
#[derive(Default)]
struct Unplaced {
    /// Rows with a blank 学校 cell.
    blank_school: usize,
    /// Rows of a file without a 学校 column that names no school anywhere.
    no_name: usize,
    /// Sheet name and row of each, so their problems stay with them.
    rows: HashMap<String, HashSet<u32>>,
}

/// Splits the records of every table by school and grade.
fn split_by_school(tables: Vec<Table>, facts: &FileFacts, report: &mut Report) -> Split {
    let mut split = Split {
        parts: Vec::new(),
        owners: HashMap::new(),
        unplaced: Unplaced::default(),
    };
    let mut index: HashMap<(String, Option<Grade>), usize> = HashMap::new();
    for mut table in tables {
        let records = std::mem::take(&mut table.records);
        for record in records {
            let Some((school, school_from)) = row_school(&table, &record, facts, report) else {
                match table.has(Field::School) {
                    true => split.unplaced.blank_school += 1,
                    false => split.unplaced.no_name += 1,
                }
                let rows = split.unplaced.rows.entry(table.sheet.clone()).or_default();
                rows.insert(record.row);
                continue;
            };
            let (grade, grade_from) = row_grade(&table, &record, facts, report);
            let key = (school_key(&school), grade);
            let part = *index.entry(key).or_insert_with(|| {
                split.parts.push(Part {
                    school,
                    school_from,
                    grade,
                    grade_from,
                    tables: Vec::new(),
                    report: Report::new(),
                });
                split.parts.len() - 1
            });
            split
                .owners
                .entry(table.sheet.clone())
                .or_default()
                .insert(record.row, part);
            push_record(&mut split.parts[part], &table, record);
        }
    }
    split
}

/// Adds a record to the part's copy of its table, starting the copy when needed.
fn push_record(part: &mut Part, table: &Table, record: Record) {
    let same_sheet = part.tables.last().is_some_and(|t| t.sheet == table.sheet);
    if !same_sheet {
        part.tables.push(Table {
            records: Vec::new(),
            skipped_empty: 0,
            ..table.clone()
        });
    }
    if let Some(copy) = part.tables.last_mut() {
        copy.records.push(record);
    }
}

/// Returns the school of a row: its 学校 cell when the roster has that column, else the file's.
/// A blank cell is reported and gives `None`.
fn row_school(
    table: &Table,
    record: &Record,
    facts: &FileFacts,
    report: &mut Report,
) -> Option<(String, NameFrom)> {
    if !table.has(Field::School) {
        return facts.school.clone();
    }
    let written = table
        .get(record, Field::School)
        .map(|(_, v)| clean_text(&v.display()).text)
        .unwrap_or_default();
    if written.is_empty() {
        let at = match table.cell_of(record, Field::School) {
            Some(cell) => table.location(cell),
            None => Location::row(&table.file, &table.sheet, record.row),
        };
        report.error(at, BatchProblem::SchoolMissing);
        return None;
    }
    Some((written, NameFrom::Column))
}

/// Returns the grade of a row: its 年级 cell when filled in and readable, else the file's.
fn row_grade(
    table: &Table,
    record: &Record,
    facts: &FileFacts,
    report: &mut Report,
) -> (Option<Grade>, GradeFrom) {
    let file_grade = || match facts.grade {
        Some((grade, from)) => (Some(grade), from),
        None => (None, GradeFrom::Unknown),
    };
    let Some((cell, value)) = table.get(record, Field::Grade) else {
        return file_grade();
    };
    if value.is_blank() {
        return file_grade();
    }
    let written = value.display();
    match Grade::parse(&written) {
        Some(grade) => (Some(grade), GradeFrom::Column),
        None => {
            report.error(table.location(cell), BatchProblem::GradeInvalid { written });
            file_grade()
        }
    }
}

/// Checks every part as a roster of its own and hands each the file's problems that
/// concern it: those on its rows, and those on no row of any school (such as a hidden sheet).
fn finish_parts(
    path: &Path,
    split: Split,
    file_report: Report,
    options: &ReadOptions,
) -> Vec<Input> {
    let Split {
        mut parts,
        owners,
        unplaced,
    } = split;
    let mut unplaced_report = Report::new();
    for problem in file_report.problems {
        let place = problem.at.sheet.as_ref().zip(problem.at.row);
        let owner = place.and_then(|(sheet, row)| owners.get(sheet)?.get(&row).copied());
        let is_unplaced = place.is_some_and(|(sheet, row)| {
            unplaced
                .rows
                .get(sheet)
                .is_some_and(|rows| rows.contains(&row))
        });
        match owner {
            Some(part) => parts[part].report.problems.push(problem),
            None if is_unplaced => unplaced_report.problems.push(problem),
            None => {
                for part in &mut parts {
                    part.report.problems.push(problem.clone());
                }
                unplaced_report.problems.push(problem);
            }
        }
    }
    if parts.is_empty() && unplaced.rows.is_empty() {
        let error = Error::NoRows {
            file: crate::read::file_name(path),
        };
        return vec![failed(path, InputFault::Unreadable(error), unplaced_report)];
    }
    let file = crate::read::file_name(path);
    let mut inputs: Vec<Input> = parallel::map_in_order(parts, |part| {
        Input::School(Box::new(check_part(path, &file, part, options)))
    });
    if unplaced.blank_school > 0 {
        let fault = InputFault::RowsWithoutSchool {
            rows: unplaced.blank_school,
        };
        inputs.push(failed(path, fault, unplaced_report));
    } else if unplaced.no_name > 0 {
        inputs.push(failed(path, InputFault::NoSchoolName, unplaced_report));
    }
    inputs
}

/// Checks the rows of one part as a roster.
fn check_part(path: &Path, file: &str, part: Part, options: &ReadOptions) -> SchoolRoster {
    let Part {
        school,
        school_from,
        grade,
        grade_from,
        tables,
        mut report,
    } = part;
    let roster = crate::roster::from_tables(file, &tables, options.roster, &mut report);
    drop(tables);
    let grade_inferred = !matches!(grade_from, GradeFrom::Column | GradeFrom::Option);
    SchoolRoster {
        file: path.to_path_buf(),
        loaded: LoadedRoster {
            roster,
            report,
            school,
            grade,
            grade_inferred,
        },
        school_from,
        grade_from,
    }
}
