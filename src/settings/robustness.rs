//! The `[读取]` section: limits on reading one input file.
//!
//! Out of range values are rejected while the file is parsed, so the message names the line.

use std::fmt;
use std::time::Duration;

use serde::Deserialize;
use serde::de::{self, Deserializer, Expected, Unexpected};

use crate::read::limits::{DEFAULT_MEMORY_LIMIT_MB, DEFAULT_TIME_LIMIT_SECONDS};
use crate::read::{Isolation, ReadLimits};

/// The shortest and longest time limits accepted, in seconds (one second to one day).
const TIME_LIMIT_RANGE: (i64, i64) = (1, 86_400);

/// The smallest and largest memory limits accepted, in MiB. The floor keeps a slip such as 4
/// for 4096 from failing every roster: a release build reads the 2,000-student example roster
/// in about 6 MiB and the 600,000-row province roster in about 450 MiB. 1 TiB is beyond any
/// school PC.
const MEMORY_LIMIT_RANGE: (i64, i64) = (256, 1_048_576);

/// `[读取]`: how long and with how much memory one input file may be read.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadingSettings {
    /// Seconds reading one file may take before it is given up.
    #[serde(rename = "时间上限秒", default, deserialize_with = "time_limit")]
    pub time_limit_seconds: Option<u64>,
    /// MiB reading one file may take.
    #[serde(rename = "内存上限MB", default, deserialize_with = "memory_limit")]
    pub memory_limit_mb: Option<u64>,
    /// The formats that a child process reads.
    #[serde(rename = "独立进程")]
    pub isolation: Option<IsolationSetting>,
}

/// The values of `独立进程`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum IsolationSetting {
    /// xls and ods in a child process, the default.
    #[serde(rename = "自动")]
    Auto,
    /// Every format in a child process.
    #[serde(rename = "全部")]
    All,
    /// No child process.
    #[serde(rename = "不用")]
    Off,
}

impl ReadingSettings {
    /// Returns the read limits these settings give, with defaults for what is left out.
    pub fn limits(&self) -> ReadLimits {
        let isolation = match self.isolation.unwrap_or(IsolationSetting::Auto) {
            IsolationSetting::Auto => Isolation::XlsOds,
            IsolationSetting::All => Isolation::Always,
            IsolationSetting::Off => Isolation::Never,
        };
        ReadLimits {
            time: Duration::from_secs(
                self.time_limit_seconds
                    .unwrap_or(DEFAULT_TIME_LIMIT_SECONDS),
            ),
            memory_mb: self.memory_limit_mb.unwrap_or(DEFAULT_MEMORY_LIMIT_MB),
            isolation,
        }
    }
}

fn time_limit<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    in_range(deserializer, TIME_LIMIT_RANGE)
}

fn memory_limit<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    in_range(deserializer, MEMORY_LIMIT_RANGE)
}

/// Reads a whole number and rejects it outside `(min, max)`. The error text is parsed back
/// by `keys::fault_of`, which turns it into [`super::SettingsFault::OutOfRange`].
fn in_range<'de, D: Deserializer<'de>>(
    deserializer: D,
    (min, max): (i64, i64),
) -> Result<Option<u64>, D::Error> {
    let value = i64::deserialize(deserializer)?;
    if (min..=max).contains(&value) {
        Ok(Some(value as u64))
    } else {
        Err(de::Error::invalid_value(
            Unexpected::Signed(value),
            &WholeNumber { min, max },
        ))
    }
}

/// The expectation named in an out of range error.
pub struct WholeNumber {
    pub min: i64,
    pub max: i64,
}

/// The words before the bounds in a [`WholeNumber`] expectation.
pub const WHOLE_NUMBER_FROM: &str = "a whole number from ";

impl Expected for WholeNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{WHOLE_NUMBER_FROM}{} to {}", self.min, self.max)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{SettingsFault, parse};
    use super::*;

    #[test]
    fn reading_section_sets_limits() {
        let settings =
            parse("[读取]\n时间上限秒 = 60\n内存上限MB = 512\n独立进程 = \"全部\"\n").unwrap();
        let limits = settings.reading.limits();
        assert_eq!(limits.time, Duration::from_secs(60));
        assert_eq!(limits.memory_mb, 512);
        assert_eq!(limits.isolation, Isolation::Always);
    }

    #[test]
    fn missing_section_gives_defaults() {
        let limits = parse("").unwrap().reading.limits();
        assert_eq!(limits, ReadLimits::default());
    }

    #[test]
    fn zero_time_limit_is_out_of_range() {
        let (line, fault) = parse("[读取]\n\n时间上限秒 = 0\n").unwrap_err();
        assert_eq!(line, Some(3));
        assert_eq!(
            fault,
            SettingsFault::OutOfRange {
                min: 1,
                max: 86_400
            }
        );
    }

    #[test]
    fn small_memory_limit_is_out_of_range() {
        let (_, fault) = parse("[读取]\n内存上限MB = -5\n").unwrap_err();
        assert_eq!(
            fault,
            SettingsFault::OutOfRange {
                min: 256,
                max: 1_048_576
            }
        );
    }

    #[test]
    fn unknown_isolation_lists_the_values() {
        let (line, fault) = parse("[读取]\n独立进程 = \"有时\"\n").unwrap_err();
        assert_eq!(line, Some(2));
        assert_eq!(
            fault,
            SettingsFault::UnknownValue {
                value: "有时".into(),
                allowed: vec!["自动".into(), "全部".into(), "不用".into()],
            }
        );
    }
}
