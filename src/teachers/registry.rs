//! The school's teachers by name: rows of the teacher table, and the names in class cells
//! joined to them.
//!
//! Teachers are joined by cleaned name. Two teachers with the same name are told apart only
//! by a staff number (工号): a 工号 column in the teacher table, and the number in brackets
//! after the name in class cells (`张伟(12)` or `张伟（工号12）`). Without it the name is
//! reported and never guessed.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::details::RowReader;
use super::parse::{NameRef, staff_no_text};
use super::{Teacher, TeacherId, TeacherProblem};
use crate::diag::{Location, Report};
use crate::roster::RosterProblem;
use crate::roster::clean::clean_name;
use crate::table::{Field, Table};

#[derive(Debug, Default)]
pub struct Registry {
    pub teachers: Vec<Teacher>,
    by_name: BTreeMap<String, Vec<TeacherId>>,
    /// Names shared by teacher-table rows that nothing tells apart.
    ambiguous: BTreeSet<String>,
    /// Stand-ins for class cells that could not be joined to one teacher, by name and
    /// staff number, so that every mention of the same text is one person.
    unresolved: BTreeMap<(String, Option<String>), TeacherId>,
    /// Names already reported as missing from the teacher table.
    reported_missing: BTreeSet<String>,
    /// Whether any teacher table was read.
    pub has_table: bool,
}

impl Registry {
    /// Adds the rows of a teacher table.
    pub fn add_table(&mut self, table: &Table, today: NaiveDate, report: &mut Report) {
        self.has_table = true;
        let name_field = if table.has(Field::Name) {
            Field::Name
        } else {
            Field::TeacherName
        };
        for record in &table.records {
            let Some((cell, value)) = table.get(record, name_field) else {
                let location = Location::row(&table.file, &table.sheet, record.row);
                report.warning(location, TeacherProblem::NameMissing);
                continue;
            };
            let at = table.location(cell);
            let written = value.display();
            let cleaned = clean_name(&written);
            if cleaned.text.is_empty() {
                report.warning(at, TeacherProblem::NameMissing);
                continue;
            }
            if !cleaned.changes.is_empty() {
                let problem = RosterProblem::TextCleaned {
                    field: name_field,
                    from: written.clone(),
                    to: cleaned.text.clone(),
                    changes: cleaned.changes.clone(),
                };
                report.notice(at.clone(), problem);
            }
            let mut teacher = Teacher {
                name: cleaned.text.clone(),
                staff_no: table
                    .get(record, Field::StaffNo)
                    .and_then(|(_, v)| staff_no_text(v)),
                details_at: Some(at.clone()),
                ..Default::default()
            };
            let reader = RowReader {
                table,
                record,
                today,
                name: &cleaned.text,
            };
            reader.read_into(&mut teacher, true, report);
            self.add_listed(teacher, at, report);
        }
    }

    /// Adds a teacher-table row, checking it against earlier rows of the same name.
    fn add_listed(&mut self, teacher: Teacher, at: Location, report: &mut Report) {
        let same_name: Vec<TeacherId> =
            self.by_name.get(&teacher.name).cloned().unwrap_or_default();
        let numbered_apart = teacher.staff_no.is_some()
            && same_name.iter().all(|&id| {
                let other = &self.teachers[id].staff_no;
                other.is_some() && *other != teacher.staff_no
            });
        if same_name.is_empty() || numbered_apart {
            self.push(teacher);
            return;
        }
        if let Some(&first) = same_name
            .iter()
            .find(|&&id| same_details(&self.teachers[id], &teacher))
        {
            let first = self.teachers[first].details_at.clone().unwrap_or_default();
            let name = teacher.name.clone();
            report.notice(at, TeacherProblem::DuplicateTeacherRow { name, first });
            return;
        }
        let first = self.teachers[same_name[0]]
            .details_at
            .clone()
            .unwrap_or_default();
        let name = teacher.name.clone();
        report.error(
            at,
            TeacherProblem::Namesakes {
                name: name.clone(),
                first,
            },
        );
        self.ambiguous.insert(name);
        self.push(teacher);
    }

    fn push(&mut self, teacher: Teacher) -> TeacherId {
        let id = self.teachers.len();
        self.by_name
            .entry(teacher.name.clone())
            .or_default()
            .push(id);
        self.teachers.push(teacher);
        id
    }

    /// Joins a name in a class cell to a teacher. `field` names the column in messages.
    ///
    /// A name not in the teacher table becomes a teacher without details, with a warning
    /// the first time. A name shared by several teachers, or a staff number that does not
    /// match, is an error, and the cell gets a stand-in so the checks can go on.
    pub fn resolve(
        &mut self,
        name: &NameRef,
        at: &Location,
        field: Field,
        report: &mut Report,
    ) -> TeacherId {
        self.report_cleaning(name, at, field, report);
        let candidates = self.by_name.get(&name.name).cloned().unwrap_or_default();
        if candidates.is_empty() {
            return self.add_unlisted(name, at, report);
        }
        match &name.staff_no {
            Some(no) => {
                let found = candidates
                    .iter()
                    .find(|&&id| self.teachers[id].staff_no.as_ref() == Some(no));
                match found {
                    Some(&id) => id,
                    None => {
                        let problem = TeacherProblem::UnknownStaffNo {
                            name: name.name.clone(),
                            staff_no: no.clone(),
                        };
                        report.error(at.clone(), problem);
                        self.stand_in(name)
                    }
                }
            }
            None if candidates.len() == 1 && !self.ambiguous.contains(&name.name) => candidates[0],
            None => {
                let problem = TeacherProblem::AmbiguousName {
                    name: name.name.clone(),
                    count: candidates.len(),
                };
                report.error(at.clone(), problem);
                self.stand_in(name)
            }
        }
    }

    fn report_cleaning(&self, name: &NameRef, at: &Location, field: Field, report: &mut Report) {
        if !name.cleaned.changes.is_empty() {
            let problem = RosterProblem::TextCleaned {
                field,
                from: name.written.clone(),
                to: name.name.clone(),
                changes: name.cleaned.changes.clone(),
            };
            report.notice(at.clone(), problem);
        }
        if let Some(note) = &name.note {
            let problem = TeacherProblem::BracketNoteIgnored {
                written: name.written.clone(),
                note: note.clone(),
            };
            report.notice(at.clone(), problem);
        }
    }

    fn add_unlisted(&mut self, name: &NameRef, at: &Location, report: &mut Report) -> TeacherId {
        if self.has_table && self.reported_missing.insert(name.name.clone()) {
            let problem = TeacherProblem::NotInTeacherTable {
                name: name.name.clone(),
            };
            report.warning(at.clone(), problem);
        }
        self.push(Teacher {
            name: name.name.clone(),
            staff_no: name.staff_no.clone(),
            ..Default::default()
        })
    }

    fn stand_in(&mut self, name: &NameRef) -> TeacherId {
        let key = (name.name.clone(), name.staff_no.clone());
        if let Some(&id) = self.unresolved.get(&key) {
            return id;
        }
        let id = self.teachers.len();
        self.teachers.push(Teacher {
            name: name.name.clone(),
            staff_no: name.staff_no.clone(),
            ..Default::default()
        });
        self.unresolved.insert(key, id);
        id
    }

    /// Reads the details of a head teacher from a class row (the one-row-per-class layout)
    /// and keeps them unless the teacher table already describes the teacher.
    pub fn add_row_details(
        &mut self,
        head: Option<TeacherId>,
        reader: &RowReader<'_>,
        at: &Location,
        report: &mut Report,
    ) {
        let Some(id) = head else {
            return;
        };
        let mut details = Teacher::default();
        reader.read_into(&mut details, false, report);
        let teacher = &mut self.teachers[id];
        if teacher.has_details() {
            return;
        }
        teacher.gender = details.gender;
        teacher.years = details.years;
        teacher.title = details.title;
        teacher.honours = details.honours;
        teacher.traits = details.traits;
        teacher.age = details.age;
        teacher.details_at = Some(at.clone());
    }

    /// Sets each teacher's printed label: the name, with the staff number when another
    /// teacher has the same name.
    pub fn set_labels(&mut self) {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for teacher in &self.teachers {
            *counts.entry(teacher.name.as_str()).or_default() += 1;
        }
        let shared: BTreeSet<String> = counts
            .into_iter()
            .filter(|(_, n)| *n > 1)
            .map(|(name, _)| name.to_string())
            .collect();
        for teacher in &mut self.teachers {
            teacher.label = match (&teacher.staff_no, shared.contains(&teacher.name)) {
                (Some(no), true) => crate::messages::teachers::namesake_label(&teacher.name, no),
                _ => teacher.name.clone(),
            };
        }
    }
}

/// Whether two teacher-table rows say the same about a teacher.
fn same_details(a: &Teacher, b: &Teacher) -> bool {
    a.staff_no == b.staff_no
        && a.gender == b.gender
        && a.years == b.years
        && a.title == b.title
        && a.honours == b.honours
        && a.traits == b.traits
        && a.age == b.age
        && a.subjects == b.subjects
}
