//! Reading the group numbers clerks type into 抽中组号: `15`, `"15"`, `１５`, `15组`,
//! `第15组`, `15号`, ` 15 组`, `15.0`, and Chinese numerals such as `十五`.

use crate::read::Value;
use crate::read::grid::is_blank_char;
use crate::table::header::to_half_width;

/// Why a typed group number cannot be used.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NumberFault {
    /// The cell is empty or holds only spaces.
    Blank,
    /// The value is not a number (text, a date, an error value).
    NotNumber,
    /// The number has a fraction, such as 15.5.
    NotWhole,
    /// A whole number outside 1..=N.
    OutOfRange { number: i64 },
}

/// Parses a typed group number and checks it lies in 1..=`groups`.
///
/// # Errors
///
/// Returns the [`NumberFault`] that names what is wrong with the value.
pub fn parse_group_number(value: &Value, groups: u32) -> Result<u32, NumberFault> {
    let number = match value {
        Value::Empty => return Err(NumberFault::Blank),
        Value::Number(n) => whole(*n)?,
        Value::Text(text) => parse_text(text)?,
        _ => return Err(NumberFault::NotNumber),
    };
    if number < 1 || number > i64::from(groups) {
        return Err(NumberFault::OutOfRange { number });
    }
    u32::try_from(number).map_err(|_| NumberFault::OutOfRange { number })
}

fn whole(n: f64) -> Result<i64, NumberFault> {
    if !n.is_finite() {
        return Err(NumberFault::NotNumber);
    }
    if n.fract() != 0.0 {
        return Err(NumberFault::NotWhole);
    }
    // Any group count is far below this bound, so clamping keeps the value out of range.
    Ok(n.clamp(-1e12, 1e12) as i64)
}

/// Reads a number typed as text, after removing spaces and the words 第, 组, 号 around it.
fn parse_text(text: &str) -> Result<i64, NumberFault> {
    let compact: String = text
        .chars()
        .map(to_half_width)
        .filter(|c| !is_blank_char(*c))
        .collect();
    if compact.is_empty() {
        return Err(NumberFault::Blank);
    }
    let core = compact.strip_prefix('第').unwrap_or(&compact);
    let core = strip_suffix_words(core);
    if core.is_empty() {
        return Err(NumberFault::NotNumber);
    }
    if is_decimal(core) {
        let n: f64 = core.parse().map_err(|_| NumberFault::NotNumber)?;
        return whole(n);
    }
    crate::classname::parse_number(core)
        .map(i64::from)
        .ok_or(NumberFault::NotNumber)
}

fn strip_suffix_words(text: &str) -> &str {
    let mut core = text;
    for suffix in ["号信封", "组号", "组", "号"] {
        if let Some(rest) = core.strip_suffix(suffix) {
            core = rest;
            break;
        }
    }
    core
}

/// True for an optional minus sign, digits and at most one decimal point.
fn is_decimal(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty()
        && digits.chars().filter(|c| *c == '.').count() <= 1
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().any(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Value {
        Value::Text(s.to_string())
    }

    #[test]
    fn typed_spellings_give_the_number() {
        let values = [
            Value::Number(15.0),
            text("15"),
            text("１５"),
            text("15组"),
            text("第15组"),
            text("15号"),
            text(" 15 组"),
            text("\u{3000}15\u{3000}"),
            text("15.0"),
            text("第十五组"),
            text("15号信封"),
        ];
        for value in values {
            assert_eq!(parse_group_number(&value, 45), Ok(15), "{value:?}");
        }
    }

    #[test]
    fn faults_are_named() {
        let cases = [
            (text("15.5"), NumberFault::NotWhole),
            (Value::Number(15.5), NumberFault::NotWhole),
            (text("0"), NumberFault::OutOfRange { number: 0 }),
            (Value::Number(46.0), NumberFault::OutOfRange { number: 46 }),
            (text("-3"), NumberFault::OutOfRange { number: -3 }),
            (Value::Empty, NumberFault::Blank),
            (text("  "), NumberFault::Blank),
            (text("未抽"), NumberFault::NotNumber),
            (text("第组"), NumberFault::NotNumber),
            (text("1.2.3"), NumberFault::NotNumber),
            (Value::Bool(true), NumberFault::NotNumber),
        ];
        for (value, fault) in cases {
            assert_eq!(parse_group_number(&value, 45), Err(fault), "{value:?}");
        }
    }
}
