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

    /// Problems sorted for printing: errors first, then by sheet and cell.
    pub fn sorted(&self) -> Vec<&Problem> {
        let mut list: Vec<&Problem> = self.problems.iter().collect();
        list.sort_by(|a, b| {
            (
                a.severity,
                &a.at.file,
                &a.at.sheet,
                a.at.row,
                a.at.cell.map(|c| c.col),
            )
                .cmp(&(
                    b.severity,
                    &b.at.file,
                    &b.at.sheet,
                    b.at.row,
                    b.at.cell.map(|c| c.col),
                ))
        });
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
