//! Reading entrance scores; a missing score is missing, never 0.

use crate::read::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreNote {
    Unit,
    FullWidth,
    Text,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ScoreFault {
    Negative,
    TooLarge { max: f64 },
    Fraction,
    ErrorValue,
    NotANumber,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ScoreOutcome {
    Score { value: f64, note: Option<ScoreNote> },
    Missing { written: Option<String> },
    Invalid { fault: ScoreFault },
}

pub fn parse_score(value: &Value, max: f64) -> ScoreOutcome {
    todo!("{value:?} {max}")
}
