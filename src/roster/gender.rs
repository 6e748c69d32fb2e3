//! Reading the gender column in all the ways rosters write it.

use crate::read::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Gender {
    Male,
    Female,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GenderOutcome {
    /// A recognised spelling. `normalized` is true when it was not plainly 男 or 女.
    Known {
        gender: Gender,
        normalized: bool,
    },
    /// A value that does not say the gender (未知, 0, 9, 男/女, anything else).
    Unknown {
        written: String,
    },
    Blank,
}

pub fn parse_gender(value: &Value) -> GenderOutcome {
    todo!("{value:?}")
}
