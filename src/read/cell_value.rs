//! Converting calamine's cell values into [`Value`].

use calamine::{Data, DataRef, ExcelDateTime};
use chrono::{NaiveDate, NaiveDateTime};

use super::Value;

/// Converts a value borrowed from calamine's streaming xlsx reader.
pub fn from_data_ref(data: DataRef<'_>) -> Value {
    match data {
        DataRef::Int(n) => Value::Number(n as f64),
        DataRef::Float(n) => Value::Number(n),
        DataRef::String(s) => text(s),
        DataRef::SharedString(s) => text(s.to_string()),
        DataRef::Bool(b) => Value::Bool(b),
        DataRef::DateTime(dt) => date_time(dt),
        DataRef::DateTimeIso(s) => iso_date_time(s),
        DataRef::DurationIso(s) => text(s),
        DataRef::Error(e) => Value::Error(e.to_string()),
        DataRef::Empty => Value::Empty,
    }
}

/// Converts a value of a calamine range, as the xls and ods readers return.
pub fn from_data(data: &Data) -> Value {
    match data {
        Data::Int(n) => Value::Number(*n as f64),
        Data::Float(n) => Value::Number(*n),
        Data::String(s) => text(s.clone()),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) => date_time(*dt),
        Data::DateTimeIso(s) => iso_date_time(s.clone()),
        Data::DurationIso(s) => text(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
        Data::Empty => Value::Empty,
    }
}

/// Wraps text, turning an empty string into [`Value::Empty`] like a formatted empty cell.
fn text(s: String) -> Value {
    if s.is_empty() {
        Value::Empty
    } else {
        Value::Text(s)
    }
}

/// Converts a date cell. Durations (`[h]:mm` formats) and dates chrono cannot represent
/// stay numbers.
fn date_time(dt: ExcelDateTime) -> Value {
    match dt.as_datetime() {
        Some(value) if dt.is_datetime() => Value::DateTime(value),
        _ => Value::Number(dt.as_f64()),
    }
}

/// Parses a date written as ISO 8601 text (ods files, and xlsx cells of type `d`).
fn iso_date_time(s: String) -> Value {
    let parsed = NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        });
    match parsed {
        Some(value) => Value::DateTime(value),
        None => text(s),
    }
}

#[cfg(test)]
mod tests {
    use calamine::{CellErrorType, ExcelDateTimeType};

    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .unwrap()
    }

    #[test]
    fn excel_serial_date_becomes_date() {
        let dt = ExcelDateTime::new(40655.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(
            from_data(&Data::DateTime(dt)),
            Value::DateTime(date(2011, 4, 22))
        );
    }

    #[test]
    fn duration_stays_number() {
        let dt = ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false);
        assert_eq!(from_data(&Data::DateTime(dt)), Value::Number(1.5));
    }

    #[test]
    fn iso_dates_parse() {
        assert_eq!(
            from_data(&Data::DateTimeIso("2011-04-22".into())),
            Value::DateTime(date(2011, 4, 22))
        );
        assert_eq!(
            from_data(&Data::DateTimeIso("2011-04-22T00:00:00".into())),
            Value::DateTime(date(2011, 4, 22))
        );
        assert_eq!(
            from_data(&Data::DateTimeIso("2011.04".into())),
            Value::Text("2011.04".into())
        );
    }

    #[test]
    fn errors_use_excel_spelling() {
        assert_eq!(
            from_data_ref(DataRef::Error(CellErrorType::NA)),
            Value::Error("#N/A".into())
        );
        assert_eq!(
            from_data(&Data::Error(CellErrorType::Div0)),
            Value::Error("#DIV/0!".into())
        );
    }

    #[test]
    fn empty_string_is_empty() {
        assert_eq!(from_data_ref(DataRef::String(String::new())), Value::Empty);
        assert_eq!(from_data_ref(DataRef::SharedString("")), Value::Empty);
        assert_eq!(from_data_ref(DataRef::Int(3)), Value::Number(3.0));
    }
}
