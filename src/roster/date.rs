//! Reading birth dates in all the ways rosters write them.

use chrono::NaiveDate;

use crate::read::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateNote {
    SerialNumber,
    DigitsOnly,
    WithTime,
    FullWidth,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateFault {
    Incomplete,
    Ambiguous,
    TwoDigitYear,
    Impossible,
    NotADate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateOutcome {
    Date {
        date: NaiveDate,
        note: Option<DateNote>,
    },
    Blank,
    Invalid {
        fault: DateFault,
    },
}

pub fn parse_date(value: &Value) -> DateOutcome {
    todo!("{value:?}")
}
