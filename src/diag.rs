//! Problems found in the inputs, with the place a clerk can find them.
//!
//! Every stage collects non-fatal problems into a [`Report`] instead of stopping at the first
//! one, so a clerk sees all problems of a file in one run. Each [`Problem`] carries a typed
//! kind; only `messages` turns it into Chinese text.

use std::fmt;

use crate::audit::AuditProblem;
use crate::batch::BatchProblem;
use crate::draw::DrawProblem;
use crate::grouplist::ListProblem;
use crate::late::LateProblem;
use crate::read::ReadProblem;
use crate::roster::RosterProblem;
use crate::table::TableProblem;
use crate::teachers::TeacherProblem;
use crate::verify::VerifyProblem;

/// How serious a problem is. Errors stop grouping; warnings and notices do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Notice,
}

/// A cell position, zero-based inside the program and shown the Excel way (`D7`).
///
/// This is the only place that converts between calamine's zero-based positions and the
/// letters and row numbers a clerk sees in Excel or WPS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellRef {
    pub row: u32,
    pub col: u32,
}

impl CellRef {
    pub fn new(row: u32, col: u32) -> Self {
        CellRef { row, col }
    }

    /// The 1-based row number Excel shows.
    pub fn excel_row(self) -> u32 {
        self.row + 1
    }

    /// The column letters Excel shows (`A`, `Z`, `AA`, `XFD`).
    pub fn column_letters(self) -> String {
        column_letters(self.col)
    }
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", column_letters(self.col), self.excel_row())
    }
}

/// Converts a zero-based column index to Excel's letters.
pub fn column_letters(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

/// Where a problem is: the file, and where known the sheet and the cell or row.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// The file name as the clerk knows it (no directories).
    pub file: String,
    pub sheet: Option<String>,
    pub cell: Option<CellRef>,
    /// A whole row, 0-based, when no single cell is to blame.
    pub row: Option<u32>,
}

impl Location {
    pub fn file(file: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            ..Default::default()
        }
    }

    pub fn sheet(file: impl Into<String>, sheet: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            sheet: Some(sheet.into()),
            ..Default::default()
        }
    }

    pub fn cell(file: impl Into<String>, sheet: impl Into<String>, cell: CellRef) -> Self {
        Location {
            file: file.into(),
            sheet: Some(sheet.into()),
            cell: Some(cell),
            row: Some(cell.row),
        }
    }

    pub fn row(file: impl Into<String>, sheet: impl Into<String>, row: u32) -> Self {
        Location {
            file: file.into(),
            sheet: Some(sheet.into()),
            cell: None,
            row: Some(row),
        }
    }
}

/// The typed cause of a problem, one enum per pipeline stage.
#[derive(Debug, Clone, PartialEq)]
pub enum ProblemKind {
    Read(ReadProblem),
    Table(TableProblem),
    Roster(RosterProblem),
    Teacher(TeacherProblem),
    Draw(DrawProblem),
    GroupList(ListProblem),
    Batch(BatchProblem),
    Late(LateProblem),
    Verify(VerifyProblem),
    Audit(AuditProblem),
}

impl From<ReadProblem> for ProblemKind {
    fn from(p: ReadProblem) -> Self {
        ProblemKind::Read(p)
    }
}

impl From<TableProblem> for ProblemKind {
    fn from(p: TableProblem) -> Self {
        ProblemKind::Table(p)
    }
}

impl From<RosterProblem> for ProblemKind {
    fn from(p: RosterProblem) -> Self {
        ProblemKind::Roster(p)
    }
}

impl From<TeacherProblem> for ProblemKind {
    fn from(p: TeacherProblem) -> Self {
        ProblemKind::Teacher(p)
    }
}

impl From<DrawProblem> for ProblemKind {
    fn from(p: DrawProblem) -> Self {
        ProblemKind::Draw(p)
    }
}

impl From<ListProblem> for ProblemKind {
    fn from(p: ListProblem) -> Self {
        ProblemKind::GroupList(p)
    }
}

impl From<BatchProblem> for ProblemKind {
    fn from(p: BatchProblem) -> Self {
        ProblemKind::Batch(p)
    }
}

impl From<LateProblem> for ProblemKind {
    fn from(p: LateProblem) -> Self {
        ProblemKind::Late(p)
    }
}

impl From<VerifyProblem> for ProblemKind {
    fn from(p: VerifyProblem) -> Self {
        ProblemKind::Verify(p)
    }
}

impl From<AuditProblem> for ProblemKind {
    fn from(p: AuditProblem) -> Self {
        ProblemKind::Audit(p)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub severity: Severity,
    pub at: Location,
    pub kind: ProblemKind,
}

/// The problems collected while one command ran, in the order they were found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub problems: Vec<Problem>,
}

impl Report {
    pub fn new() -> Self {
        Report::default()
    }

    pub fn push(&mut self, severity: Severity, at: Location, kind: impl Into<ProblemKind>) {
        self.problems.push(Problem {
            severity,
            at,
            kind: kind.into(),
        });
    }

    pub fn error(&mut self, at: Location, kind: impl Into<ProblemKind>) {
        self.push(Severity::Error, at, kind);
    }

    pub fn warning(&mut self, at: Location, kind: impl Into<ProblemKind>) {
        self.push(Severity::Warning, at, kind);
    }

    pub fn notice(&mut self, at: Location, kind: impl Into<ProblemKind>) {
        self.push(Severity::Notice, at, kind);
    }

    pub fn extend(&mut self, other: Report) {
        self.problems.extend(other.problems);
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == severity)
            .count()
    }

    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }

    /// Problems sorted for printing: errors first, then by file, sheet and cell. File and
    /// sheet names are compared as a reader sorts them, so 七(5)班 comes before 七(15)班.
    pub fn sorted(&self) -> Vec<&Problem> {
        let mut list: Vec<&Problem> = self.problems.iter().collect();
        list.sort_by(|a, b| {
            a.severity
                .cmp(&b.severity)
                .then_with(|| location_order(&a.at, &b.at))
        });
        list
    }
}

/// Orders locations by file, sheet (a whole file first), row and column.
fn location_order(a: &Location, b: &Location) -> std::cmp::Ordering {
    let sheets = match (&a.sheet, &b.sheet) {
        (Some(x), Some(y)) => natural_order(x, y),
        (x, y) => x.is_some().cmp(&y.is_some()),
    };
    let cells = (a.row, a.cell.map(|c| c.col)).cmp(&(b.row, b.cell.map(|c| c.col)));
    natural_order(&a.file, &b.file).then(sheets).then(cells)
}

/// Compares two names with runs of ASCII digits compared by their value and everything else
/// character by character. Names equal in that order, such as `7` and `07`, are compared as
/// plain text.
fn natural_order(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut left, mut right) = (a.chars().peekable(), b.chars().peekable());
    loop {
        let order = match (left.peek(), right.peek()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let (x, y) = (digit_run(&mut left), digit_run(&mut right));
                let (x, y) = (x.trim_start_matches('0'), y.trim_start_matches('0'));
                x.len().cmp(&y.len()).then_with(|| x.cmp(y))
            }
            (Some(x), Some(y)) => {
                let order = x.cmp(y);
                left.next();
                right.next();
                order
            }
        };
        if order.is_ne() {
            return order;
        }
    }
}

/// Takes the run of ASCII digits at the start of `chars`.
fn digit_run(chars: &mut std::iter::Peekable<std::str::Chars>) -> String {
    let mut digits = String::new();
    while let Some(c) = chars.next_if(char::is_ascii_digit) {
        digits.push(c);
    }
    digits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_sheets_sort_by_number() {
        let mut names = vec!["七(45)班", "七(5)班", "七(15)班", "七(1)班", "汇总"];
        names.sort_by(|a, b| natural_order(a, b));
        assert_eq!(
            names,
            ["七(1)班", "七(5)班", "七(15)班", "七(45)班", "汇总"]
        );
    }

    #[test]
    fn equal_numbers_fall_back_to_text() {
        assert_eq!(natural_order("第07组", "第7组"), "第07组".cmp("第7组"));
        assert_eq!(natural_order("Sheet2", "Sheet10"), std::cmp::Ordering::Less);
        assert_eq!(natural_order("表", "表1"), std::cmp::Ordering::Less);
    }

    #[test]
    fn column_letters_match_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(column_letters(16383), "XFD");
    }

    #[test]
    fn cell_ref_displays_one_based_row() {
        assert_eq!(CellRef::new(8, 4).to_string(), "E9");
        assert_eq!(CellRef::new(1048575, 16383).to_string(), "XFD1048576");
    }
}
