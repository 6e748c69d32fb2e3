//! Resident ID numbers (居民身份证号码, GB 11643-1999): normalising and validating.

use chrono::NaiveDate;

use super::gender::Gender;
use crate::read::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IdChange {
    FullWidth,
    Spaces,
    Dashes,
    Invisible,
    LowerX,
    TimesSign,
    Apostrophe,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdFault {
    NumberCell,
    ScientificText,
    Length { chars: usize },
    OldFifteenDigit,
    BadCharacters,
    Placeholder,
    CheckDigit { expected: char },
    BirthDate,
    BornInFuture,
    ImplausibleAge { age: i32 },
    RegionCode,
    TemporaryNumber,
    LooksLikeDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdOutcome {
    Valid { id: String, changes: Vec<IdChange> },
    FromStudentNo { id: String },
    Missing { written: Option<String> },
    Invalid { shown: String, fault: IdFault },
}

pub fn parse_id(value: &Value, today: NaiveDate) -> IdOutcome {
    todo!("{value:?} {today}")
}

pub fn check_char(first17: &str) -> Option<char> {
    todo!("{first17}")
}

pub fn birth_date(id: &str) -> Option<NaiveDate> {
    todo!("{id}")
}

pub fn gender_of(id: &str) -> Option<Gender> {
    todo!("{id}")
}
