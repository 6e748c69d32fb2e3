//! The binary form in which a child process hands a read file back to the tool.
//!
//! The child writes the result of reading one file to its standard output: the sheets and
//! notices, or the read error. The parent has the file's path and name already, so they are
//! not sent. Every number is little-endian, strings are a `u32` byte length and UTF-8, and an
//! option is a `0` or `1` byte before its value. The decoder accepts any bytes: a child
//! that died halfway gives `None`, never a panic.

use std::io::{self, Write};
use std::path::Path;

use chrono::{DateTime, NaiveDateTime};

use super::{Cell, Format, Merge, ReadProblem, Sheet, Value};
use crate::diag::{CellRef, Location, Problem, ProblemKind, Report, Severity};
use crate::error::{Error, NotSpreadsheetKind, Result, TooLargeCause};

/// The first bytes of every message; the last byte is the version of this layout.
const MAGIC: &[u8] = b"BIANBAN-READ\x01";

/// The result of reading one file: the format, sheets and notices, or the error.
pub type Outcome = Result<(Format, Vec<Sheet>, Report)>;

/// Writes an outcome in the wire form.
///
/// # Errors
///
/// Fails when `out` fails.
pub fn encode(outcome: &Outcome, out: &mut impl Write) -> io::Result<()> {
    let mut w = Writer { out };
    w.bytes(MAGIC)?;
    match outcome {
        Ok((format, sheets, report)) => {
            w.u8(0)?;
            w.u8(format_tag(*format))?;
            w.len(sheets.len())?;
            for sheet in sheets {
                w.sheet(sheet)?;
            }
            let problems: Vec<&Problem> = report
                .problems
                .iter()
                .filter(|p| matches!(p.kind, ProblemKind::Read(_)))
                .collect();
            w.len(problems.len())?;
            for problem in problems {
                w.problem(problem)?;
            }
        }
        Err(error) => {
            w.u8(1)?;
            w.error(error)?;
        }
    }
    Ok(())
}

/// Reads an outcome back; errors get `path`. Returns `None` for bytes that are not a
/// complete message.
pub fn decode(bytes: &[u8], path: &Path) -> Option<Outcome> {
    let mut r = Reader { bytes, pos: 0 };
    if r.take(MAGIC.len())? != MAGIC {
        return None;
    }
    let outcome = match r.u8()? {
        0 => {
            let format = format_of(r.u8()?)?;
            let sheets = r.list(Reader::sheet)?;
            let problems = r.list(Reader::problem)?;
            Ok((format, sheets, Report { problems }))
        }
        1 => Err(r.error(path)?),
        _ => return None,
    };
    (r.pos == bytes.len()).then_some(outcome)
}

struct Writer<'w, W: Write> {
    out: &'w mut W,
}

impl<W: Write> Writer<'_, W> {
    fn bytes(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)
    }

    fn u8(&mut self, n: u8) -> io::Result<()> {
        self.bytes(&[n])
    }

    fn u32(&mut self, n: u32) -> io::Result<()> {
        self.bytes(&n.to_le_bytes())
    }

    fn u64(&mut self, n: u64) -> io::Result<()> {
        self.bytes(&n.to_le_bytes())
    }

    fn len(&mut self, n: usize) -> io::Result<()> {
        let n = u32::try_from(n).map_err(|_| io::Error::other("list too long"))?;
        self.u32(n)
    }

    fn str(&mut self, s: &str) -> io::Result<()> {
        self.len(s.len())?;
        self.bytes(s.as_bytes())
    }

    fn option<T>(
        &mut self,
        value: Option<T>,
        write: impl FnOnce(&mut Self, T) -> io::Result<()>,
    ) -> io::Result<()> {
        match value {
            None => self.u8(0),
            Some(value) => {
                self.u8(1)?;
                write(self, value)
            }
        }
    }

    fn cell_ref(&mut self, at: CellRef) -> io::Result<()> {
        self.u32(at.row)?;
        self.u32(at.col)
    }

    fn sheet(&mut self, sheet: &Sheet) -> io::Result<()> {
        self.str(&sheet.name)?;
        self.u8(u8::from(sheet.hidden))?;
        self.len(sheet.cells.len())?;
        for cell in &sheet.cells {
            self.cell_ref(cell.at)?;
            self.value(&cell.value)?;
        }
        self.len(sheet.merges.len())?;
        for merge in &sheet.merges {
            self.cell_ref(merge.first)?;
            self.cell_ref(merge.last)?;
        }
        Ok(())
    }

    fn value(&mut self, value: &Value) -> io::Result<()> {
        match value {
            Value::Empty => self.u8(0),
            Value::Text(s) => {
                self.u8(1)?;
                self.str(s)
            }
            Value::Number(n) => {
                self.u8(2)?;
                self.u64(n.to_bits())
            }
            Value::Bool(b) => {
                self.u8(3)?;
                self.u8(u8::from(*b))
            }
            Value::DateTime(dt) => {
                self.u8(4)?;
                let utc = dt.and_utc();
                self.u64(utc.timestamp() as u64)?;
                self.u32(utc.timestamp_subsec_nanos())
            }
            Value::Error(s) => {
                self.u8(5)?;
                self.str(s)
            }
            Value::FormulaWithoutValue(s) => {
                self.u8(6)?;
                self.str(s)
            }
        }
    }

    fn problem(&mut self, problem: &Problem) -> io::Result<()> {
        let ProblemKind::Read(kind) = &problem.kind else {
            return Ok(());
        };
        self.u8(severity_tag(problem.severity))?;
        let at = &problem.at;
        self.str(&at.file)?;
        self.option(at.sheet.as_deref(), |w, s| w.str(s))?;
        self.option(at.cell, Self::cell_ref)?;
        self.option(at.row, Self::u32)?;
        self.read_problem(kind)
    }

    fn read_problem(&mut self, kind: &ReadProblem) -> io::Result<()> {
        match kind {
            ReadProblem::FormatByContent { actual, extension } => {
                self.u8(0)?;
                self.u8(format_tag(*actual))?;
                self.str(extension)
            }
            ReadProblem::HiddenSheetSkipped => self.u8(1),
            ReadProblem::CsvEncoding { encoding, bom } => {
                self.u8(2)?;
                self.str(encoding)?;
                self.u8(u8::from(*bom))
            }
            ReadProblem::WebPageTable => self.u8(3),
            ReadProblem::FormulaWithoutValue { formula } => {
                self.u8(4)?;
                self.str(formula)
            }
        }
    }

    /// Writes a read error without its path. Errors that reading cannot produce are sent
    /// as a crash.
    fn error(&mut self, error: &Error) -> io::Result<()> {
        match error {
            Error::Damaged { .. } => self.u8(0),
            Error::Encrypted { .. } => self.u8(1),
            Error::WebPage { .. } => self.u8(2),
            Error::NotSpreadsheet { kind, .. } => {
                self.u8(3)?;
                self.u8(kind_tag(*kind))
            }
            Error::EmptyFile { .. } => self.u8(5),
            Error::OwnerFile { .. } => self.u8(6),
            Error::FileNotFound { .. } => self.u8(7),
            Error::IsFolder { .. } => self.u8(8),
            Error::FileUnreadable { code, .. } => {
                self.u8(9)?;
                self.option(*code, |w, c| w.u32(c as u32))
            }
            Error::NotRegularFile { .. } => self.u8(12),
            Error::TooLarge {
                limit_mb, cause, ..
            } => {
                self.u8(10)?;
                self.u64(*limit_mb)?;
                self.too_large_cause(*cause)
            }
            Error::ReadTimeout { seconds, .. } => {
                self.u8(11)?;
                self.u64(*seconds)
            }
            _ => self.u8(4),
        }
    }

    fn too_large_cause(&mut self, cause: TooLargeCause) -> io::Result<()> {
        match cause {
            TooLargeCause::FileSize { megabytes } => {
                self.u8(0)?;
                self.u64(megabytes)
            }
            TooLargeCause::Unpacked { megabytes } => {
                self.u8(1)?;
                self.u64(megabytes)
            }
            TooLargeCause::Cells => self.u8(2),
            TooLargeCause::Memory => self.u8(3),
        }
    }
}

struct Reader<'b> {
    bytes: &'b [u8],
    pos: usize,
}

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize) -> Option<&'b [u8]> {
        let end = self.pos.checked_add(n)?;
        let slice = self.bytes.get(self.pos..end)?;
        self.pos = end;
        Some(slice)
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn bool(&mut self) -> Option<bool> {
        match self.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    fn string(&mut self) -> Option<String> {
        let length = self.u32()? as usize;
        String::from_utf8(self.take(length)?.to_vec()).ok()
    }

    fn option<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        match self.u8()? {
            0 => Some(None),
            1 => read(self).map(Some),
            _ => None,
        }
    }

    /// Reads a counted list. The count is not trusted for the allocation: every element
    /// takes at least one byte, so no more than the remaining bytes are reserved.
    fn list<T>(&mut self, mut read: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let count = self.u32()? as usize;
        let mut items = Vec::with_capacity(count.min(self.bytes.len() - self.pos));
        for _ in 0..count {
            items.push(read(self)?);
        }
        Some(items)
    }

    fn cell_ref(&mut self) -> Option<CellRef> {
        Some(CellRef::new(self.u32()?, self.u32()?))
    }

    fn sheet(&mut self) -> Option<Sheet> {
        let name = self.string()?;
        let hidden = self.bool()?;
        let cells = self.list(|r| {
            Some(Cell {
                at: r.cell_ref()?,
                value: r.value()?,
            })
        })?;
        let merges = self.list(|r| {
            Some(Merge {
                first: r.cell_ref()?,
                last: r.cell_ref()?,
            })
        })?;
        Some(Sheet {
            name,
            hidden,
            cells,
            merges,
        })
    }

    fn value(&mut self) -> Option<Value> {
        Some(match self.u8()? {
            0 => Value::Empty,
            1 => Value::Text(self.string()?),
            2 => Value::Number(f64::from_bits(self.u64()?)),
            3 => Value::Bool(self.bool()?),
            4 => Value::DateTime(self.date_time()?),
            5 => Value::Error(self.string()?),
            6 => Value::FormulaWithoutValue(self.string()?),
            _ => return None,
        })
    }

    fn date_time(&mut self) -> Option<NaiveDateTime> {
        let seconds = self.u64()? as i64;
        let nanos = self.u32()?;
        Some(DateTime::from_timestamp(seconds, nanos)?.naive_utc())
    }

    fn problem(&mut self) -> Option<Problem> {
        let severity = severity_of(self.u8()?)?;
        let at = Location {
            file: self.string()?,
            sheet: self.option(Self::string)?,
            cell: self.option(Self::cell_ref)?,
            row: self.option(Self::u32)?,
        };
        let kind = ProblemKind::Read(self.read_problem()?);
        Some(Problem { severity, at, kind })
    }

    fn read_problem(&mut self) -> Option<ReadProblem> {
        Some(match self.u8()? {
            0 => ReadProblem::FormatByContent {
                actual: format_of(self.u8()?)?,
                extension: self.string()?,
            },
            1 => ReadProblem::HiddenSheetSkipped,
            2 => ReadProblem::CsvEncoding {
                encoding: super::text::encoding_label(&self.string()?)?,
                bom: self.bool()?,
            },
            3 => ReadProblem::WebPageTable,
            4 => ReadProblem::FormulaWithoutValue {
                formula: self.string()?,
            },
            _ => return None,
        })
    }

    fn error(&mut self, path: &Path) -> Option<Error> {
        let path = path.to_path_buf();
        Some(match self.u8()? {
            0 => Error::Damaged { path },
            1 => Error::Encrypted { path },
            2 => Error::WebPage { path },
            3 => Error::NotSpreadsheet {
                path,
                kind: kind_of(self.u8()?)?,
            },
            4 => Error::ReaderCrashed { path },
            5 => Error::EmptyFile { path },
            6 => Error::OwnerFile { path },
            7 => Error::FileNotFound { path },
            8 => Error::IsFolder { path },
            9 => Error::FileUnreadable {
                path,
                code: self.option(|r| r.u32().map(|c| c as i32))?,
            },
            10 => Error::TooLarge {
                path,
                limit_mb: self.u64()?,
                cause: self.too_large_cause()?,
            },
            11 => Error::ReadTimeout {
                path,
                seconds: self.u64()?,
            },
            12 => Error::NotRegularFile { path },
            _ => return None,
        })
    }

    fn too_large_cause(&mut self) -> Option<TooLargeCause> {
        Some(match self.u8()? {
            0 => TooLargeCause::FileSize {
                megabytes: self.u64()?,
            },
            1 => TooLargeCause::Unpacked {
                megabytes: self.u64()?,
            },
            2 => TooLargeCause::Cells,
            3 => TooLargeCause::Memory,
            _ => return None,
        })
    }
}

const FORMATS: [Format; 5] = [
    Format::Xlsx,
    Format::Xls,
    Format::Ods,
    Format::Csv,
    Format::Html,
];

fn format_tag(format: Format) -> u8 {
    FORMATS.iter().position(|&f| f == format).unwrap_or(0) as u8
}

fn format_of(tag: u8) -> Option<Format> {
    FORMATS.get(usize::from(tag)).copied()
}

const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Notice];

fn severity_tag(severity: Severity) -> u8 {
    SEVERITIES.iter().position(|&s| s == severity).unwrap_or(0) as u8
}

fn severity_of(tag: u8) -> Option<Severity> {
    SEVERITIES.get(usize::from(tag)).copied()
}

const KINDS: [NotSpreadsheetKind; 6] = [
    NotSpreadsheetKind::Pdf,
    NotSpreadsheetKind::Word,
    NotSpreadsheetKind::Image,
    NotSpreadsheetKind::Archive,
    NotSpreadsheetKind::Text,
    NotSpreadsheetKind::Unknown,
];

fn kind_tag(kind: NotSpreadsheetKind) -> u8 {
    KINDS.iter().position(|&k| k == kind).unwrap_or(5) as u8
}

fn kind_of(tag: u8) -> Option<NotSpreadsheetKind> {
    KINDS.get(usize::from(tag)).copied()
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn round_trip(outcome: &Outcome) -> Option<Outcome> {
        let mut bytes = Vec::new();
        encode(outcome, &mut bytes).unwrap();
        decode(&bytes, Path::new("名单.xls"))
    }

    fn sample_sheet() -> Sheet {
        let date = NaiveDate::from_ymd_opt(2012, 9, 1)
            .and_then(|d| d.and_hms_opt(8, 30, 0))
            .unwrap();
        let values = [
            Value::Text("张子涵".into()),
            Value::Number(3.1010420120608e17),
            Value::Bool(true),
            Value::DateTime(date),
            Value::Error("#N/A".into()),
            Value::FormulaWithoutValue("SUM(A1:A3)".into()),
        ];
        Sheet {
            name: "七年级".into(),
            hidden: true,
            cells: values
                .into_iter()
                .enumerate()
                .map(|(i, value)| Cell {
                    at: CellRef::new(i as u32, 16383),
                    value,
                })
                .collect(),
            merges: vec![Merge {
                first: CellRef::new(0, 0),
                last: CellRef::new(1_048_575, 2),
            }],
        }
    }

    fn sample_report() -> Report {
        let mut report = Report::new();
        report.notice(
            Location::file("名单.csv"),
            ReadProblem::CsvEncoding {
                encoding: "GB18030",
                bom: false,
            },
        );
        report.error(
            Location::cell("名单.xls", "七年级", CellRef::new(8, 4)),
            ReadProblem::FormulaWithoutValue {
                formula: "VLOOKUP(B2,学生!A:D,4,0)".into(),
            },
        );
        report.notice(
            Location::sheet("名单.xls", "隐藏"),
            ReadProblem::HiddenSheetSkipped,
        );
        report.notice(
            Location::file("名单.xls"),
            ReadProblem::FormatByContent {
                actual: Format::Xlsx,
                extension: "xls".into(),
            },
        );
        report.notice(Location::file("名单.xls"), ReadProblem::WebPageTable);
        report
    }

    #[test]
    fn workbook_and_notices_round_trip() {
        let outcome: Outcome = Ok((Format::Ods, vec![sample_sheet()], sample_report()));
        let Some(Ok((format, sheets, report))) = round_trip(&outcome) else {
            panic!("round trip failed");
        };
        assert_eq!(format, Format::Ods);
        assert_eq!(sheets, vec![sample_sheet()]);
        assert_eq!(report.problems, sample_report().problems);
    }

    #[test]
    fn every_read_error_round_trips() {
        let path = Path::new("名单.xls").to_path_buf();
        let errors = [
            Error::Damaged { path: path.clone() },
            Error::Encrypted { path: path.clone() },
            Error::WebPage { path: path.clone() },
            Error::NotSpreadsheet {
                path: path.clone(),
                kind: NotSpreadsheetKind::Image,
            },
            Error::ReaderCrashed { path: path.clone() },
            Error::EmptyFile { path: path.clone() },
            Error::OwnerFile { path: path.clone() },
            Error::FileNotFound { path: path.clone() },
            Error::IsFolder { path: path.clone() },
            Error::FileUnreadable {
                path: path.clone(),
                code: Some(32),
            },
            Error::TooLarge {
                path: path.clone(),
                limit_mb: 4096,
                cause: TooLargeCause::Unpacked { megabytes: 9000 },
            },
            Error::ReadTimeout {
                path: path.clone(),
                seconds: 300,
            },
            Error::NotRegularFile { path: path.clone() },
        ];
        for error in errors {
            let outcome: Outcome = Err(error.clone());
            match round_trip(&outcome) {
                Some(Err(back)) => assert_eq!(back, error),
                _ => panic!("{error:?} did not round trip"),
            }
        }
    }

    #[test]
    fn cut_or_garbled_messages_are_rejected() {
        let outcome: Outcome = Ok((Format::Xls, vec![sample_sheet()], sample_report()));
        let mut bytes = Vec::new();
        encode(&outcome, &mut bytes).unwrap();
        let path = Path::new("a.xls");
        for end in 0..bytes.len() {
            assert!(decode(&bytes[..end], path).is_none(), "cut at {end}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer, path).is_none());
        assert!(decode(b"memory allocation of 1 bytes failed", path).is_none());
    }

    #[test]
    fn huge_counts_do_not_allocate() {
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&[0, 1]);
        bytes.extend_from_slice(&u32::MAX.to_le_bytes());
        assert!(decode(&bytes, Path::new("a.xls")).is_none());
    }
}
