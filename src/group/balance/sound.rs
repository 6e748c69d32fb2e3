//! Names that sound alike: the tone-less pinyin of a name.

use pinyin::ToPinyin;

/// Returns the tone-less pinyin of a name, syllables separated by one space (`李明` and `黎明`
/// both give `li ming`).
///
/// Each Chinese character takes its most common reading in the `pinyin` crate 0.11.0, so a
/// surname read differently (曾 as zēng) may be missed. Characters without a reading (Latin
/// letters, digits, the middle dot of minority names) are kept as themselves, lower-cased,
/// and whitespace is dropped. Returns an empty key for a name with no character left.
pub fn sound_key(name: &str) -> String {
    let mut syllables: Vec<String> = Vec::new();
    let mut latin = String::new();
    for (c, reading) in name.chars().zip(name.to_pinyin()) {
        match reading {
            Some(reading) => {
                flush(&mut latin, &mut syllables);
                syllables.push(reading.plain().to_string());
            }
            None if c.is_whitespace() => flush(&mut latin, &mut syllables),
            None => latin.extend(c.to_lowercase()),
        }
    }
    flush(&mut latin, &mut syllables);
    syllables.join(" ")
}

fn flush(latin: &mut String, syllables: &mut Vec<String>) {
    if !latin.is_empty() {
        syllables.push(std::mem::take(latin));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_sound_different_characters() {
        assert_eq!(sound_key("李明"), "li ming");
        assert_eq!(sound_key("黎明"), "li ming");
        assert_eq!(sound_key("张伟"), sound_key("章玮"));
        assert_ne!(sound_key("张伟"), sound_key("张维嘉"));
    }

    #[test]
    fn latin_and_dots_kept() {
        assert_eq!(sound_key("Anna Li"), "anna li");
        assert_eq!(sound_key("阿依·木"), "a yi · mu");
        assert_eq!(sound_key(""), "");
    }
}
