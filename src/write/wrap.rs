//! Row heights for cells whose text wraps.
//!
//! Excel fits a row to wrapped text only when a cell in it is edited. LibreOffice and WPS
//! open a row without a stored height one line high, so the further lines of a wrapped
//! cell print over the rows below. Every sheet that wraps text therefore stores the height
//! of such a row, computed here from the number of lines its tallest cell needs at its
//! column width.

use super::book;

/// The height of one line of text as a multiple of the font size. Excel's rows for 宋体
/// 11 pt are 14.25 pt high (1.3 times), and the fonts LibreOffice substitutes for 宋体 on
/// computers without it (Noto Sans CJK, Droid Sans Fallback) need a little more.
const LINE_SPACING: f64 = 1.35;
/// The room above and below the lines of a cell, in points.
const ROW_PADDING: f64 = 5.0;
/// The part of a column's width that the cell's padding and grid line take, in column units.
const CELL_PADDING: f64 = 1.0;
/// Excel's largest row height in points.
pub const MAX_ROW_HEIGHT: f64 = 409.0;

/// Returns the height of one line of text at a font size, in points.
pub fn line_height(size: f64) -> f64 {
    size * LINE_SPACING
}

/// Returns the height of a row with `lines` lines of text at a font size, in points,
/// within Excel's limit.
pub fn lines_height(lines: usize, size: f64) -> f64 {
    (line_height(size) * lines.max(1) as f64 + ROW_PADDING).min(MAX_ROW_HEIGHT)
}

/// Returns the width of a cell merged across columns of these widths, in column units.
/// Excel draws a column of width `w` as `7w + 5` pixels, so each further column adds its
/// width and 5/7 of a unit.
pub fn span_width(widths: &[f64]) -> f64 {
    let gaps = widths.len().saturating_sub(1) as f64;
    widths.iter().sum::<f64>() + gaps * 5.0 / 7.0
}

/// Counts the lines that text takes in a cell `width` column units wide at a font size.
///
/// The text breaks where it has line breaks, between any two CJK characters, and at spaces
/// between words of other text. A word longer than a line is broken between characters.
/// CJK characters count about two units at 11 pt (see [`book::text_width`]).
pub fn wrapped_lines(text: &str, size: f64, width: f64) -> usize {
    let room = (width - CELL_PADDING).max(1.0);
    text.split('\n')
        .map(|line| line_count(line, size, room))
        .sum::<usize>()
        .max(1)
}

/// Returns the height a row needs for its wrapped cells, each a text and the width of its
/// cell, at a font size: the height of the cell with the most lines, and at least `min`.
pub fn row_height<'a>(cells: impl IntoIterator<Item = (&'a str, f64)>, size: f64, min: f64) -> f64 {
    let lines = cells
        .into_iter()
        .map(|(text, width)| wrapped_lines(text, size, width))
        .max()
        .unwrap_or(1);
    lines_height(lines, size).max(min).min(MAX_ROW_HEIGHT)
}

/// Counts the lines of one line of text (no line breaks) in `room` column units.
fn line_count(line: &str, size: f64, room: f64) -> usize {
    let mut lines = 1;
    let mut used = 0.0;
    for token in break_units(line) {
        let width = book::text_width(token, size);
        if used + width <= room {
            used += width;
        } else if token == " " {
            // A space at the end of a line is not printed.
        } else if width <= room {
            lines += 1;
            used = width;
        } else {
            for (index, c) in token.char_indices() {
                let width = book::text_width(&token[index..index + c.len_utf8()], size);
                if used + width > room && used > 0.0 {
                    lines += 1;
                    used = 0.0;
                }
                used += width;
            }
        }
    }
    lines
}

/// Splits a line into the pieces a line break may not cut: each CJK character alone, each
/// space alone, and each run of other characters (a word).
fn break_units(line: &str) -> Vec<&str> {
    let mut units = Vec::new();
    let mut word_start = None;
    for (index, c) in line.char_indices() {
        let alone = c == ' ' || book::is_wide(c);
        if alone {
            if let Some(start) = word_start.take() {
                units.push(&line[start..index]);
            }
            units.push(&line[index..index + c.len_utf8()]);
        } else if word_start.is_none() {
            word_start = Some(index);
        }
    }
    if let Some(start) = word_start {
        units.push(&line[start..]);
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_takes_one_line() {
        assert_eq!(wrapped_lines("", 11.0, 10.0), 1);
        assert_eq!(wrapped_lines("身份证号", 11.0, 10.0), 1);
    }

    #[test]
    fn cjk_text_breaks_between_any_characters() {
        // 20 characters of 2.1 units each in 20 units of room: 9 per line.
        let text = "甲".repeat(20);
        assert_eq!(wrapped_lines(&text, 11.0, 21.0), 3);
    }

    #[test]
    fn latin_words_move_whole_to_next_line() {
        // "abcdef" is 7.5 units, so the second word cannot share a 10-unit line.
        assert_eq!(wrapped_lines("abcdef abcdef", 11.0, 11.0), 2);
        // A word longer than the line is broken between characters.
        assert_eq!(wrapped_lines(&"a".repeat(20), 11.0, 11.0), 3);
    }

    #[test]
    fn line_breaks_start_new_lines() {
        assert_eq!(wrapped_lines("甲\n乙\n丙", 11.0, 30.0), 3);
        assert_eq!(wrapped_lines("甲\n\n丙", 11.0, 30.0), 3);
    }

    #[test]
    fn smaller_font_fits_more_per_line() {
        let text = "甲".repeat(20);
        assert!(wrapped_lines(&text, 9.0, 21.0) < wrapped_lines(&text, 11.0, 21.0));
    }

    #[test]
    fn row_height_follows_tallest_cell() {
        let long = "甲".repeat(40);
        let height = row_height([("短", 10.0), (long.as_str(), 21.0)], 11.0, 20.0);
        assert_eq!(height, lines_height(5, 11.0));
        assert_eq!(row_height([("短", 10.0)], 11.0, 20.0), 20.0);
    }

    #[test]
    fn row_height_stays_within_excel_limit() {
        let long = "甲".repeat(5_000);
        assert_eq!(
            row_height([(long.as_str(), 10.0)], 11.0, 20.0),
            MAX_ROW_HEIGHT
        );
    }

    #[test]
    fn merged_span_counts_column_gaps() {
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(close(span_width(&[10.0]), 10.0));
        assert!(close(span_width(&[10.0, 4.0, 7.0]), 21.0 + 10.0 / 7.0));
        assert!(close(span_width(&[]), 0.0));
    }
}
