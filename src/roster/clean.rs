//! Cleaning text cells the way a careful clerk would, recording every change.

/// One kind of change made while cleaning a text cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TextChange {
    /// Spaces before or after the text were removed.
    Trimmed,
    /// Spaces inside a Chinese name were removed, or runs of spaces became one.
    InnerSpaces,
    /// Invisible characters (zero-width spaces, byte order marks, soft hyphens) were removed.
    Invisible,
    /// A line break inside the cell was removed.
    LineBreak,
    /// A control character (such as a vertical tab or a tab) was removed.
    Control,
    /// Full-width letters, digits or punctuation became their ASCII forms.
    FullWidth,
    /// A leading apostrophe (Excel's text marker typed by hand) was removed.
    Apostrophe,
}

/// Cleaned text and the changes made to get it, sorted and without repeats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    pub text: String,
    pub changes: Vec<TextChange>,
}

/// Cleans a general text cell.
pub fn clean_text(raw: &str) -> Cleaned {
    todo!("{raw}")
}

/// Cleans a person's name: as `clean_text`, and also drops spaces between Chinese characters.
pub fn clean_name(raw: &str) -> Cleaned {
    todo!("{raw}")
}
