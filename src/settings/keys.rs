//! Making hand-typed Chinese keys valid TOML, and classifying TOML errors.

use super::SettingsFault;

/// Puts double quotes around bare keys and table names that TOML does not allow unquoted
/// (anything beyond ASCII letters, digits, `-` and `_`). Lines inside multi-line strings and
/// already quoted keys are left alone.
pub fn quote_bare_keys(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut in_multiline = false;
    for line in text.split_inclusive('\n') {
        let fixed = if in_multiline {
            line.to_string()
        } else {
            quote_line(line)
        };
        if line.matches("\"\"\"").count() % 2 == 1 || line.matches("'''").count() % 2 == 1 {
            in_multiline = !in_multiline;
        }
        out.push_str(&fixed);
    }
    out
}

fn quote_line(line: &str) -> String {
    let body = line.trim_end_matches(['\n', '\r']);
    let ending = &line[body.len()..];
    let indent_len = body.len() - body.trim_start().len();
    let (indent, rest) = body.split_at(indent_len);
    if let Some(inner) = rest.strip_prefix('[')
        && !inner.starts_with('[')
        && let Some(end) = inner.find(']')
    {
        let name = quote_key(inner[..end].trim());
        return format!("{indent}[{name}]{}{ending}", &inner[end + 1..]);
    }
    let Some(eq) = rest.find('=') else {
        return line.to_string();
    };
    let key = rest[..eq].trim();
    if key.is_empty() || key.starts_with(['#', '"', '\'']) {
        return line.to_string();
    }
    format!("{indent}{} {}{ending}", quote_key(key), &rest[eq..])
}

fn quote_key(key: &str) -> String {
    let bare_ok = key
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.');
    if bare_ok || key.starts_with('"') {
        key.to_string()
    } else {
        format!("\"{key}\"")
    }
}

/// Sorts a TOML error into the faults a clerk can act on.
pub fn fault_of(error: &toml::de::Error) -> SettingsFault {
    let message = error.message();
    if message.contains("string values must be quoted") {
        return SettingsFault::UnquotedText;
    }
    if message.contains("duplicate key") {
        return SettingsFault::DuplicateKey;
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or_default().to_string();
        let allowed = rest
            .split("expected ")
            .nth(1)
            .map(|list| {
                // `one of `a`, `b`, or `c``: the names are every second piece between
                // backticks, and the English words around them are dropped.
                list.split('`')
                    .skip(1)
                    .step_by(2)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        return SettingsFault::UnknownKey { key, allowed };
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let value = rest.split('`').next().unwrap_or_default().to_string();
        let allowed = rest
            .split("expected ")
            .nth(1)
            .map(|list| {
                list.split('`')
                    .skip(1)
                    .step_by(2)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        return SettingsFault::UnknownValue { value, allowed };
    }
    if message.starts_with("invalid value")
        && let Some((min, max)) = whole_number_bounds(message)
    {
        return SettingsFault::OutOfRange { min, max };
    }
    if message.starts_with("invalid type") {
        let expected = message
            .split("expected ")
            .nth(1)
            .unwrap_or_default()
            .to_string();
        return SettingsFault::WrongType { expected };
    }
    SettingsFault::Syntax
}

/// Finds the bounds in an error that names a [`super::robustness::WholeNumber`] expectation.
fn whole_number_bounds(message: &str) -> Option<(i64, i64)> {
    let (_, bounds) = message.split_once(super::robustness::WHOLE_NUMBER_FROM)?;
    let (min, rest) = bounds.split_once(" to ")?;
    let max: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '-')
        .collect();
    Some((min.trim().parse().ok()?, max.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_chinese_keys_and_tables_get_quotes() {
        let text = "[学校]\n学校名称 = \"示例中学\"  # 注释\nascii_key = 1\n\"已加引号\" = 2\n";
        let quoted = quote_bare_keys(text);
        assert_eq!(
            quoted,
            "[\"学校\"]\n\"学校名称\" = \"示例中学\"  # 注释\nascii_key = 1\n\"已加引号\" = 2\n"
        );
    }

    #[test]
    fn unknown_key_lists_only_key_names() {
        let error =
            toml::from_str::<crate::settings::Settings>("[\"学校\"]\n\"x\" = 1\n").unwrap_err();
        match fault_of(&error) {
            SettingsFault::UnknownKey { key, allowed } => {
                assert_eq!(key, "x");
                assert_eq!(allowed, ["教育局", "学校名称", "年级", "班级数"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn comments_and_multiline_strings_are_untouched() {
        let text = "# 说明 = 不是键\n说明 = \"\"\"\n第一行 = 还是文字\n\"\"\"\n";
        let quoted = quote_bare_keys(text);
        assert_eq!(
            quoted,
            "# 说明 = 不是键\n\"说明\" = \"\"\"\n第一行 = 还是文字\n\"\"\"\n"
        );
    }
}
