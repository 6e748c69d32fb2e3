//! Turning table records into students, reporting every change and fault with its cell.

use std::collections::BTreeMap;

use super::clean::{Cleaned, clean_name, clean_text};
use super::date::{DateOutcome, parse_date};
use super::gender::{Gender, GenderOutcome, parse_gender};
use super::idcard::{self, IdOutcome, parse_id};
use super::score::{ScoreNote, ScoreOutcome, parse_score};
use super::{Origin, Roster, RosterOptions, RosterProblem, SheetLayout, Student, StudentId};
use crate::diag::{CellRef, Location, Report};
use crate::read::Value;
use crate::table::{Field, Record, Table};

/// Fields kept as cleaned text in [`Student::fields`].
const TEXT_FIELDS: &[Field] = &[
    Field::OriginalClass,
    Field::Grade,
    Field::Ethnicity,
    Field::Address,
    Field::Phone,
    Field::Remark,
    Field::RegisteredAt,
    Field::RegistrationNo,
    Field::Class,
    Field::DocType,
];

/// Builds the roster from the tables of one file, in sheet and row order.
pub fn assemble(
    file: &str,
    tables: &[Table],
    options: &RosterOptions,
    report: &mut Report,
) -> Roster {
    let extra_headers = extra_headers(tables);
    let mut roster = Roster {
        file: file.to_string(),
        layouts: Vec::new(),
        extra_headers,
        students: Vec::new(),
        skipped_empty: 0,
        titles: tables
            .iter()
            .flat_map(|t| t.titles.iter().cloned())
            .collect(),
    };
    for table in tables {
        roster.layouts.push(SheetLayout {
            sheet: table.sheet.clone(),
            header_row: table.header_row,
            columns: table.columns.clone(),
        });
        roster.skipped_empty += table.skipped_empty;
        for record in &table.records {
            let mut row = RowReader {
                table,
                record,
                options,
                report,
            };
            if let Some(student) = row.student(&roster.extra_headers) {
                roster.students.push(student);
            }
        }
    }
    roster
}

/// The unrecognised headers of all tables, each once, in order of appearance.
fn extra_headers(tables: &[Table]) -> Vec<String> {
    let mut headers: Vec<String> = Vec::new();
    for extra in tables.iter().flat_map(|t| &t.extras) {
        let header = clean_text(&extra.header).text;
        if !header.is_empty() && !headers.contains(&header) {
            headers.push(header);
        }
    }
    headers
}

/// Reads one record into a student.
struct RowReader<'a> {
    table: &'a Table,
    record: &'a Record,
    options: &'a RosterOptions,
    report: &'a mut Report,
}

impl<'a> RowReader<'a> {
    /// Reads every field and reports all its problems; returns `None` only when the row has
    /// no name or no known gender, which a student cannot be without.
    fn student(&mut self, extra_headers: &[String]) -> Option<Student> {
        let name = self.name();
        let id = self.id();
        let gender = self.gender(&id);
        let birth = self.birth(&id);
        let student = Student {
            origin: Origin {
                sheet: self.table.sheet.clone(),
                row: self.record.row,
            },
            seq: self
                .value(Field::Seq)
                .map(|(_, v)| clean_text(&v.display()).text),
            name: name?,
            gender: gender?,
            id,
            student_no: self.text(Field::StudentNo),
            birth,
            from_school: self.text(Field::FromSchool),
            score: self.score(),
            school: self.text(Field::School),
            fields: self.text_fields(),
            extras: self.extras(extra_headers),
            namesake_mark: None,
        };
        Some(student)
    }

    fn value(&self, field: Field) -> Option<(CellRef, &'a Value)> {
        self.table.get(self.record, field)
    }

    fn at(&self, cell: CellRef) -> Location {
        self.table.location(cell)
    }

    /// The cell of a field, or the row when the sheet has no such column.
    fn at_field(&self, field: Field) -> Location {
        match self.table.cell_of(self.record, field) {
            Some(cell) => self.at(cell),
            None => Location::row(&self.table.file, &self.table.sheet, self.record.row),
        }
    }

    fn name(&mut self) -> Option<String> {
        let Some((cell, value)) = self.value(Field::Name) else {
            self.report
                .error(self.at_field(Field::Name), RosterProblem::NameMissing);
            return None;
        };
        let cleaned = clean_name(&value.display());
        self.note_cleaning(Field::Name, cell, value, &cleaned);
        if cleaned.text.is_empty() {
            self.report.error(self.at(cell), RosterProblem::NameMissing);
            return None;
        }
        if cleaned.text.contains(['?', '？', '\u{FFFD}']) {
            self.report.warning(
                self.at(cell),
                RosterProblem::NameLostCharacter {
                    name: cleaned.text.clone(),
                },
            );
        }
        Some(cleaned.text)
    }

    /// A cleaned text field, with a notice when cleaning changed it.
    fn text(&mut self, field: Field) -> Option<String> {
        let (cell, value) = self.value(field)?;
        let cleaned = clean_text(&value.display());
        self.note_cleaning(field, cell, value, &cleaned);
        (!cleaned.text.is_empty()).then_some(cleaned.text)
    }

    fn note_cleaning(&mut self, field: Field, cell: CellRef, value: &Value, cleaned: &Cleaned) {
        if cleaned.changes.is_empty() {
            return;
        }
        let problem = RosterProblem::TextCleaned {
            field,
            from: value.display(),
            to: cleaned.text.clone(),
            changes: cleaned.changes.clone(),
        };
        self.report.notice(self.at(cell), problem);
    }

    fn id(&mut self) -> StudentId {
        if let Some(other) = self.other_document() {
            return other;
        }
        let (location, value) = match self.value(Field::IdNumber) {
            Some((cell, value)) => (self.at(cell), value.clone()),
            None if !self.table.has(Field::IdNumber) => return StudentId::Missing,
            None => (self.at_field(Field::IdNumber), Value::Empty),
        };
        match parse_id(&value, self.options.today) {
            IdOutcome::Valid { id, changes } => {
                if !changes.is_empty() {
                    let from = value.display();
                    self.report.notice(
                        location,
                        RosterProblem::IdNormalized {
                            from,
                            to: id.clone(),
                            changes,
                        },
                    );
                }
                StudentId::Resident(id)
            }
            IdOutcome::FromStudentNo { id } => {
                let written = value.display();
                self.report.warning(
                    location,
                    RosterProblem::IdFromStudentNo {
                        written,
                        id: id.clone(),
                    },
                );
                StudentId::Resident(id)
            }
            IdOutcome::Missing { written } => {
                let allowed = self.options.allow_missing_id;
                let problem = RosterProblem::IdMissing { written, allowed };
                if allowed {
                    self.report.warning(location, problem);
                } else {
                    self.report.error(location, problem);
                }
                StudentId::Missing
            }
            IdOutcome::Invalid { shown, fault } => {
                self.report
                    .error(location, RosterProblem::IdInvalid { shown, fault });
                StudentId::Missing
            }
        }
    }

    /// A passport or permit named in a 证件类型 column, which is kept without validation.
    fn other_document(&mut self) -> Option<StudentId> {
        let (cell, kind_value) = self.value(Field::DocType)?;
        let kind = clean_text(&kind_value.display()).text;
        let is_resident_id = kind.is_empty() || kind.contains("身份证") || kind.contains("居民");
        if is_resident_id {
            return None;
        }
        let number = self
            .value(Field::IdNumber)
            .map(|(_, v)| clean_text(&v.display()).text)?;
        if number.is_empty() {
            return None;
        }
        let problem = RosterProblem::OtherDocument {
            kind: kind.clone(),
            number: number.clone(),
        };
        self.report.notice(self.at(cell), problem);
        Some(StudentId::Other { kind, number })
    }

    fn gender(&mut self, id: &StudentId) -> Option<Gender> {
        let from_id = id.as_resident().and_then(idcard::gender_of);
        let (location, outcome) = match self.value(Field::Gender) {
            Some((cell, value)) => (self.at(cell), parse_gender(value)),
            None => (self.at_field(Field::Gender), GenderOutcome::Blank),
        };
        let written = match outcome {
            GenderOutcome::Known { gender, normalized } => {
                return self.known_gender(location, gender, normalized, from_id, id);
            }
            GenderOutcome::Unknown { written } => Some(written),
            GenderOutcome::Blank => None,
        };
        match from_id {
            Some(gender) if self.table.has(Field::Gender) => {
                self.report
                    .warning(location, RosterProblem::GenderFromId { written, gender });
                Some(gender)
            }
            // A roster without a gender column takes every gender from the ID numbers.
            Some(gender) => Some(gender),
            None => {
                self.report
                    .error(location, RosterProblem::GenderUnknown { written });
                None
            }
        }
    }

    fn known_gender(
        &mut self,
        location: Location,
        gender: Gender,
        normalized: bool,
        from_id: Option<Gender>,
        id: &StudentId,
    ) -> Option<Gender> {
        if normalized {
            let written = self
                .value(Field::Gender)
                .map(|(_, v)| v.display())
                .unwrap_or_default();
            self.report.notice(
                location.clone(),
                RosterProblem::GenderNormalized { written, gender },
            );
        }
        if let Some(from_id) = from_id.filter(|g| *g != gender) {
            let id = id.display();
            self.report.error(
                location,
                RosterProblem::GenderConflict {
                    written: gender,
                    from_id,
                    id,
                },
            );
        }
        Some(gender)
    }

    /// The birth date from the 出生日期 column, else from the ID number.
    fn birth(&mut self, id: &StudentId) -> Option<chrono::NaiveDate> {
        let from_id = id.as_resident().and_then(idcard::birth_date);
        let Some((cell, value)) = self.value(Field::BirthDate) else {
            return from_id;
        };
        let written = value.display();
        match parse_date(value) {
            DateOutcome::Date { date, note } => {
                if let Some(note) = note {
                    let problem = RosterProblem::BirthDateNote {
                        written,
                        date,
                        note,
                    };
                    self.report.notice(self.at(cell), problem);
                }
                if let Some(from_id) = from_id.filter(|d| *d != date) {
                    let problem = RosterProblem::BirthDateMismatch {
                        written: date,
                        from_id,
                    };
                    self.report.warning(self.at(cell), problem);
                }
                Some(date)
            }
            DateOutcome::Blank => from_id,
            DateOutcome::Invalid { fault } => {
                self.report.warning(
                    self.at(cell),
                    RosterProblem::BirthDateInvalid { written, fault },
                );
                from_id
            }
        }
    }

    fn score(&mut self) -> Option<f64> {
        if !self.table.has(Field::Score) {
            return None;
        }
        let location = self.at_field(Field::Score);
        let (written, outcome) = match self.value(Field::Score) {
            Some((_, value)) => (value.display(), parse_score(value, self.options.score_max)),
            None => (String::new(), ScoreOutcome::Missing { written: None }),
        };
        match outcome {
            ScoreOutcome::Score { value, note } => {
                // Every CSV cell is text, so "written as text" says nothing there.
                let note = note.filter(|n| !(self.table.text_only && *n == ScoreNote::Text));
                if let Some(note) = note {
                    self.report.notice(
                        location,
                        RosterProblem::ScoreNote {
                            written,
                            score: value,
                            note,
                        },
                    );
                }
                Some(value)
            }
            ScoreOutcome::Missing { written } => {
                self.report
                    .notice(location, RosterProblem::ScoreMissing { written });
                None
            }
            ScoreOutcome::Invalid { fault } => {
                let used = self.options.score_used;
                let problem = RosterProblem::ScoreInvalid {
                    written,
                    fault,
                    used,
                };
                if used {
                    self.report.error(location, problem);
                } else {
                    self.report.warning(location, problem);
                }
                None
            }
        }
    }

    fn text_fields(&mut self) -> BTreeMap<Field, String> {
        let mut fields = BTreeMap::new();
        for &field in TEXT_FIELDS {
            if let Some(text) = self.text(field) {
                fields.insert(field, text);
            }
        }
        fields
    }

    fn extras(&self, extra_headers: &[String]) -> Vec<String> {
        extra_headers
            .iter()
            .map(|header| {
                let column = self
                    .table
                    .extras
                    .iter()
                    .find(|e| clean_text(&e.header).text == *header);
                column
                    .and_then(|c| self.record.value(c.col))
                    .map(|v| clean_text(&v.display()).text)
                    .unwrap_or_default()
            })
            .collect()
    }
}
