//! Reading one teacher's details from a row: 性别, 教龄 or 参加工作时间, 职称, honours,
//! personality tags, 年龄 or 出生年月, and 任教学科. Each cell that cannot be read is reported
//! with its cell and left out.

use chrono::{Datelike, NaiveDate};

use super::parse::{
    self, MonthOutcome, TitleOutcome, YearsNote, YearsOutcome, split_list, subject_name,
};
use super::{Teacher, TeacherProblem};
use crate::diag::Report;
use crate::read::Value;
use crate::roster::RosterProblem;
use crate::roster::gender::{GenderOutcome, parse_gender};
use crate::table::{Field, Record, Table};

/// The columns that describe a teacher, beyond the name.
pub const DETAIL_FIELDS: &[Field] = &[
    Field::Gender,
    Field::TeachingYears,
    Field::WorkStart,
    Field::Title,
    Field::Honour,
    Field::Traits,
    Field::Age,
    Field::BirthDate,
];

/// The month taken when 参加工作时间 gives only a year: teachers start with the school year.
const WORK_START_MONTH: u32 = 9;
/// The month taken when 出生年月 gives only a year.
const BIRTH_MONTH: u32 = 7;

/// Whether a table has any column describing a teacher.
pub fn has_detail_columns(table: &Table) -> bool {
    DETAIL_FIELDS.iter().any(|f| table.has(*f))
}

/// One row's cells as a teacher's details, with problems reported at their cells.
pub struct RowReader<'a> {
    pub table: &'a Table,
    pub record: &'a Record,
    pub today: NaiveDate,
    /// The teacher's name, for problems about a missing value.
    pub name: &'a str,
}

impl RowReader<'_> {
    /// Reads the details into `teacher`, leaving its name and staff number alone. Reads the
    /// 任教学科 column too when `subjects` is true.
    pub fn read_into(&self, teacher: &mut Teacher, subjects: bool, report: &mut Report) {
        teacher.gender = self.gender(report);
        teacher.years = self.years(report);
        let (title, title_honours) = self.title(report);
        teacher.title = title;
        teacher.honours = title_honours;
        teacher.honours.extend(self.list(Field::Honour));
        teacher.traits = self.list(Field::Traits);
        teacher.age = self.age(report);
        if subjects {
            teacher.subjects = self.subjects(report);
        }
    }

    fn value(&self, field: Field) -> Option<(crate::diag::CellRef, &Value)> {
        self.table.get(self.record, field)
    }

    fn report_at(
        &self,
        report: &mut Report,
        field: Field,
        severity: crate::diag::Severity,
        problem: impl Into<crate::diag::ProblemKind>,
    ) {
        if let Some(cell) = self.table.cell_of(self.record, field) {
            report.push(severity, self.table.location(cell), problem);
        }
    }

    fn gender(&self, report: &mut Report) -> Option<crate::roster::Gender> {
        use crate::diag::Severity::{Notice, Warning};
        let value = self.value(Field::Gender).map(|(_, v)| v.clone());
        if !self.table.has(Field::Gender) {
            return None;
        }
        let value = value.unwrap_or(Value::Empty);
        match parse_gender(&value) {
            GenderOutcome::Known { gender, normalized } => {
                if normalized {
                    let problem = RosterProblem::GenderNormalized {
                        written: value.display(),
                        gender,
                    };
                    self.report_at(report, Field::Gender, Notice, problem);
                }
                Some(gender)
            }
            GenderOutcome::Unknown { written } => {
                let problem = TeacherProblem::GenderUnknown { written };
                self.report_at(report, Field::Gender, Warning, problem);
                None
            }
            GenderOutcome::Blank => {
                let problem = TeacherProblem::GenderUnknown {
                    written: String::new(),
                };
                self.report_at(report, Field::Gender, Warning, problem);
                None
            }
        }
    }

    /// 教龄 from its column, else counted from 参加工作时间.
    fn years(&self, report: &mut Report) -> Option<f64> {
        use crate::diag::Severity::{Notice, Warning};
        if let Some((_, value)) = self.value(Field::TeachingYears) {
            let written = value.display();
            match parse::parse_years(value, self.today) {
                YearsOutcome::Years { years, note } => {
                    let problem = match note {
                        Some(YearsNote::Approximate) => {
                            Some(TeacherProblem::YearsApproximate { written, years })
                        }
                        Some(YearsNote::FromDate) => {
                            Some(TeacherProblem::YearsFromDate { written, years })
                        }
                        None => None,
                    };
                    if let Some(problem) = problem {
                        self.report_at(report, Field::TeachingYears, Notice, problem);
                    }
                    return Some(years);
                }
                YearsOutcome::Invalid => {
                    let problem = TeacherProblem::YearsInvalid { written };
                    self.report_at(report, Field::TeachingYears, Warning, problem);
                    return None;
                }
                YearsOutcome::Blank => {}
            }
        }
        if let Some(years) = self.years_from_work_start(report) {
            return Some(years);
        }
        if self.table.has(Field::TeachingYears) || self.table.has(Field::WorkStart) {
            let field = if self.table.has(Field::TeachingYears) {
                Field::TeachingYears
            } else {
                Field::WorkStart
            };
            let problem = TeacherProblem::YearsMissing {
                name: self.name.to_string(),
            };
            self.report_at(report, field, Warning, problem);
        }
        None
    }

    fn years_from_work_start(&self, report: &mut Report) -> Option<f64> {
        use crate::diag::Severity::{Notice, Warning};
        let (_, value) = self.value(Field::WorkStart)?;
        let written = value.display();
        match parse::parse_month(value, WORK_START_MONTH) {
            MonthOutcome::Month { date, year_only } => {
                let Some(years) = parse::years_since(date, self.today) else {
                    let problem = TeacherProblem::WorkStartInvalid { written };
                    self.report_at(report, Field::WorkStart, Warning, problem);
                    return None;
                };
                if year_only {
                    let problem = TeacherProblem::WorkStartYearOnly { written };
                    self.report_at(report, Field::WorkStart, Notice, problem);
                }
                Some(years)
            }
            MonthOutcome::Invalid => {
                let problem = TeacherProblem::WorkStartInvalid { written };
                self.report_at(report, Field::WorkStart, Warning, problem);
                None
            }
            MonthOutcome::Blank => None,
        }
    }

    /// The title, and honours written in the title cell.
    fn title(&self, report: &mut Report) -> (Option<crate::teachers::Title>, Vec<String>) {
        use crate::diag::Severity::{Notice, Warning};
        if !self.table.has(Field::Title) {
            return (None, Vec::new());
        }
        let value = self
            .value(Field::Title)
            .map(|(_, v)| v.clone())
            .unwrap_or(Value::Empty);
        let written = value.display().trim().to_string();
        let (problem, title, honours) = match parse::parse_title(&value) {
            TitleOutcome::Known { title, renamed } => {
                let problem = renamed.then(|| TeacherProblem::TitleRenamed {
                    written: written.clone(),
                    title,
                });
                (problem.map(|p| (Notice, p)), Some(title), Vec::new())
            }
            TitleOutcome::Honour => (
                Some((
                    Warning,
                    TeacherProblem::TitleIsHonour {
                        written: written.clone(),
                    },
                )),
                None,
                vec![written.clone()],
            ),
            TitleOutcome::Ambiguous => (
                Some((Warning, TeacherProblem::TitleAmbiguous { written })),
                None,
                Vec::new(),
            ),
            TitleOutcome::Blank => (
                Some((
                    Warning,
                    TeacherProblem::TitleMissing {
                        name: self.name.to_string(),
                    },
                )),
                None,
                Vec::new(),
            ),
            TitleOutcome::Unknown => match title_with_honours(&written) {
                Some((title, honours)) => (
                    Some((
                        Notice,
                        TeacherProblem::TitleWithHonours {
                            written,
                            title,
                            honours: honours.clone(),
                        },
                    )),
                    Some(title),
                    honours,
                ),
                None => (
                    Some((Warning, TeacherProblem::TitleUnknown { written })),
                    None,
                    Vec::new(),
                ),
            },
        };
        if let Some((severity, problem)) = problem {
            self.report_at(report, Field::Title, severity, problem);
        }
        (title, honours)
    }

    fn list(&self, field: Field) -> Vec<String> {
        self.value(field)
            .map(|(_, v)| split_list(&v.display()))
            .unwrap_or_default()
    }

    fn age(&self, report: &mut Report) -> Option<u32> {
        use crate::diag::Severity::Warning;
        if let Some((_, value)) = self.value(Field::Age) {
            let text = parse::compact(&value.display());
            let digits = text.trim_end_matches(['岁', '周']);
            return match digits.parse::<u32>() {
                Ok(age) if (18..=80).contains(&age) => Some(age),
                _ => {
                    let problem = TeacherProblem::AgeInvalid {
                        written: value.display(),
                    };
                    self.report_at(report, Field::Age, Warning, problem);
                    None
                }
            };
        }
        let (_, value) = self.value(Field::BirthDate)?;
        match parse::parse_month(value, BIRTH_MONTH) {
            MonthOutcome::Month { date, .. } => {
                let age = age_on(date, self.today).filter(|a| (18..=80).contains(a));
                if age.is_none() {
                    let problem = TeacherProblem::AgeInvalid {
                        written: value.display(),
                    };
                    self.report_at(report, Field::BirthDate, Warning, problem);
                }
                age
            }
            MonthOutcome::Invalid => {
                let problem = TeacherProblem::AgeInvalid {
                    written: value.display(),
                };
                self.report_at(report, Field::BirthDate, Warning, problem);
                None
            }
            MonthOutcome::Blank => None,
        }
    }

    /// The subjects of a 任教学科 cell under their usual names; unusual ones are kept as
    /// written with a notice.
    pub fn subjects(&self, report: &mut Report) -> Vec<String> {
        let Some((_, value)) = self.value(Field::Subject) else {
            return Vec::new();
        };
        let mut subjects = Vec::new();
        for written in split_list(&value.display()) {
            let subject = match subject_name(&written) {
                Some(name) => name.to_string(),
                None => {
                    let problem = TeacherProblem::SubjectNotRecognised {
                        written: written.clone(),
                    };
                    self.report_at(
                        report,
                        Field::Subject,
                        crate::diag::Severity::Notice,
                        problem,
                    );
                    written
                }
            };
            if !subjects.contains(&subject) {
                subjects.push(subject);
            }
        }
        subjects
    }
}

/// Reads `高级教师、骨干教师`: exactly one part is a title, the others are honours.
fn title_with_honours(written: &str) -> Option<(crate::teachers::Title, Vec<String>)> {
    let parts = split_list(written);
    if parts.len() < 2 {
        return None;
    }
    let mut title = None;
    let mut honours = Vec::new();
    for part in parts {
        match parse::parse_title(&Value::Text(part.clone())) {
            TitleOutcome::Known { title: t, .. } if title.is_none() => title = Some(t),
            TitleOutcome::Known { .. } => return None,
            _ => honours.push(part),
        }
    }
    title.map(|t| (t, honours))
}

/// Whole years from a birth month to `today`.
fn age_on(birth: NaiveDate, today: NaiveDate) -> Option<u32> {
    let mut years = today.year() - birth.year();
    if today.month() < birth.month() {
        years -= 1;
    }
    u32::try_from(years).ok()
}
