//! The seeded generator: key derivation, unbiased bounded integers and the shuffle.
//!
//! Only `next_u32` of rand_chacha's ChaCha20 is used. The bounded integer and the
//! Fisher-Yates shuffle are written here because rand's own `shuffle` and `random_range`
//! have changed their output between releases, and a grouping must be reproducible years
//! later. `docs/algorithm.md` specifies every step.

use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};

use crate::error::OptionFault;
use crate::fingerprint::Fingerprint;

/// The name of the algorithm; it changes whenever any output of the same inputs would.
pub const ALGORITHM_VERSION: &str = "bianban-1";

/// A public seed as typed and in the canonical form that keys the generator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seed {
    pub written: String,
    /// Full-width forms turned into ASCII, whitespace and invisible characters removed.
    pub canonical: String,
}

impl Seed {
    /// Canonicalises a seed so that `3 5 1 6`, `3516` and `３５１６` are the same seed.
    ///
    /// # Errors
    ///
    /// Fails when nothing is left after removing whitespace.
    pub fn parse(written: &str) -> Result<Seed, OptionFault> {
        let canonical: String = written
            .chars()
            .map(crate::table::header::to_half_width)
            .filter(|c| !crate::read::grid::is_blank_char(*c))
            .collect();
        if canonical.is_empty() {
            return Err(OptionFault::EmptySeed);
        }
        Ok(Seed {
            written: written.to_string(),
            canonical,
        })
    }

    /// Why the seed is easy to guess or to choose, if it is.
    pub fn weakness(&self) -> Option<SeedWeakness> {
        let chars = self.canonical.chars().count();
        if looks_like_date(&self.canonical) {
            return Some(SeedWeakness::Date);
        }
        let mut others: Vec<char> = self
            .canonical
            .chars()
            .filter(|c| !c.is_ascii_digit())
            .collect();
        others.dedup();
        let has_digit = self.canonical.chars().any(|c| c.is_ascii_digit());
        if has_digit && !others.is_empty() {
            return Some(SeedWeakness::NotDigits {
                others: others.into_iter().collect(),
            });
        }
        if chars < MIN_SEED_CHARS {
            return Some(SeedWeakness::Short { chars });
        }
        let first = self.canonical.chars().next();
        if self.canonical.chars().all(|c| Some(c) == first) {
            return Some(SeedWeakness::Repeated);
        }
        None
    }
}

/// Seeds shorter than this are flagged: six dice give 46,656 possibilities, the least that
/// makes trying seeds until a wanted result appears impractical to do unnoticed.
pub const MIN_SEED_CHARS: usize = 6;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeedWeakness {
    Short {
        chars: usize,
    },
    /// Digits mixed with other characters (`35162a`), most likely a typing mistake. A seed
    /// with no digit at all is taken as meant.
    NotDigits {
        others: String,
    },
    Date,
    Repeated,
}

/// True for seeds that are a calendar date such as `20250901`, `2025-09-01` or `2025年9月1日`.
fn looks_like_date(seed: &str) -> bool {
    let digits: String = seed.chars().filter(|c| c.is_ascii_digit()).collect();
    let rest_is_separators = seed
        .chars()
        .all(|c| c.is_ascii_digit() || "-./年月日".contains(c));
    if !rest_is_separators {
        return false;
    }
    let parsed = match digits.len() {
        8 => chrono::NaiveDate::parse_from_str(&digits, "%Y%m%d").ok(),
        _ => {
            let parts: Vec<&str> = seed
                .split(|c: char| !c.is_ascii_digit())
                .filter(|p| !p.is_empty())
                .collect();
            match parts.as_slice() {
                [y, m, d] if y.len() == 4 => chrono::NaiveDate::from_ymd_opt(
                    y.parse().unwrap_or(0),
                    m.parse().unwrap_or(0),
                    d.parse().unwrap_or(0),
                ),
                _ => None,
            }
        }
    };
    parsed.is_some_and(|d| (1900..=2100).contains(&chrono::Datelike::year(&d)))
}

/// Derives a 32-byte generator key: SHA-256 of the given `name=value` lines under a purpose
/// line, each line ending with a line feed.
pub fn derive_key(purpose: &str, lines: &[(&str, String)]) -> [u8; 32] {
    let mut text = format!("{ALGORITHM_VERSION}/{purpose}\n");
    for (name, value) in lines {
        text.push_str(name);
        text.push('=');
        text.push_str(value);
        text.push('\n');
    }
    Fingerprint::of(text.as_bytes()).0
}

/// The key of the grouping of one school's roster.
pub fn group_key(seed: &Seed, school: &str, roster: &Fingerprint, classes: u32) -> [u8; 32] {
    derive_key(
        "group",
        &[
            ("seed", seed.canonical.clone()),
            ("school", school.to_string()),
            ("roster", roster.hex()),
            ("classes", classes.to_string()),
        ],
    )
}

/// ChaCha20 (20 rounds, stream 0, block counter from 0) used through `next_u32` only.
pub struct Generator {
    inner: ChaCha20Rng,
}

impl Generator {
    pub fn from_key(key: [u8; 32]) -> Self {
        Generator {
            inner: ChaCha20Rng::from_seed(key),
        }
    }

    pub fn next_u32(&mut self) -> u32 {
        self.inner.next_u32()
    }

    /// An unbiased integer in `0..bound` (Lemire's multiply-and-reject method).
    ///
    /// Takes `x = next_u32()`, forms the 64-bit product `m = x * bound`, and rejects it when
    /// its low 32 bits are below `2^32 mod bound`; otherwise returns the high 32 bits.
    ///
    /// # Panics
    ///
    /// Panics when `bound` is 0, which no caller passes.
    pub fn below(&mut self, bound: u32) -> u32 {
        assert!(bound > 0, "bound must be positive");
        let mut product = u64::from(self.next_u32()) * u64::from(bound);
        // The threshold is below `bound`, so low bits at or above `bound` are accepted
        // without computing it; this skips a division on almost every call and returns
        // exactly what the loop in the documentation returns.
        if (product as u32) < bound {
            let threshold = bound.wrapping_neg() % bound;
            while (product as u32) < threshold {
                product = u64::from(self.next_u32()) * u64::from(bound);
            }
        }
        (product >> 32) as u32
    }

    /// Shuffles in place with Fisher-Yates, from the last position down to the second: for
    /// `i` from `len - 1` down to 1, swap position `i` with `below(i + 1)`.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u32 + 1) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chacha20_stream_matches_rfc_7539_zero_key() {
        // RFC 7539 section 2.3.2 keystream for the all-zero key and nonce starts 76 b8 e0 ad.
        let mut generator = Generator::from_key([0u8; 32]);
        assert_eq!(
            generator.next_u32(),
            u32::from_le_bytes([0x76, 0xb8, 0xe0, 0xad])
        );
        assert_eq!(
            generator.next_u32(),
            u32::from_le_bytes([0xa0, 0xf1, 0x3d, 0x90])
        );
    }

    #[test]
    fn below_stays_in_range_and_is_reproducible() {
        let mut a = Generator::from_key([7u8; 32]);
        let mut b = Generator::from_key([7u8; 32]);
        for bound in [1u32, 2, 3, 45, 1000, u32::MAX] {
            let x = a.below(bound);
            assert!(x < bound);
            assert_eq!(x, b.below(bound));
        }
    }

    #[test]
    fn seed_canonical_form_ignores_spacing_and_width() {
        let a = Seed::parse("3 5 1 6 2 4").unwrap();
        let b = Seed::parse("３５１６２４").unwrap();
        assert_eq!(a.canonical, "351624");
        assert_eq!(a.canonical, b.canonical);
        assert_eq!(Seed::parse(" \u{3000} "), Err(OptionFault::EmptySeed));
    }

    #[test]
    fn weak_seeds_are_flagged() {
        let weakness = |s: &str| Seed::parse(s).unwrap().weakness();
        assert_eq!(weakness("123"), Some(SeedWeakness::Short { chars: 3 }));
        assert_eq!(weakness("20250901"), Some(SeedWeakness::Date));
        assert_eq!(weakness("2025-9-1"), Some(SeedWeakness::Date));
        assert_eq!(weakness("2025年9月1日"), Some(SeedWeakness::Date));
        assert_eq!(weakness("666666"), Some(SeedWeakness::Repeated));
        assert_eq!(weakness("351624"), None);
        assert_eq!(weakness("46213553"), None);
    }

    #[test]
    fn seed_with_typed_letter_flagged() {
        let weakness = |s: &str| Seed::parse(s).unwrap().weakness();
        let letter = SeedWeakness::NotDigits {
            others: "a".to_string(),
        };
        assert_eq!(weakness("35162a"), Some(letter));
        assert_eq!(weakness("３５１６２４"), None);
        assert_eq!(weakness("红星中学抽签"), None);
    }
}
