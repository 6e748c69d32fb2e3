//! Random numbers that never change with a `rand` release.

use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};

/// A ChaCha8 stream with the few distributions the generator needs.
///
/// Only `next_u32` is taken from the generator and every distribution is built here from
/// integer steps and exact floating-point steps, so the data depends on the seed alone.
pub struct Dice(ChaCha8Rng);

impl Dice {
    /// Creates the stream named `label` for `seed`. Each file or school draws from its own
    /// stream, so adding a school or reordering the writing leaves the other files unchanged.
    pub fn new(seed: u64, label: &str) -> Dice {
        let mut key = [0u8; 32];
        key[..8].copy_from_slice(&seed.to_le_bytes());
        key[8..16].copy_from_slice(&fnv1a(label.as_bytes()).to_le_bytes());
        Dice(ChaCha8Rng::from_seed(key))
    }

    /// Returns a uniform integer in `0..n`, using rejection sampling to avoid modulo bias.
    pub fn below(&mut self, n: u32) -> u32 {
        assert!(n > 0, "below(0) has no value to return");
        let limit = (u32::MAX / n) * n;
        loop {
            let value = self.0.next_u32();
            if value < limit {
                return value % n;
            }
        }
    }

    /// Returns a uniform integer in `low..=high`.
    pub fn between(&mut self, low: u32, high: u32) -> u32 {
        low + self.below(high - low + 1)
    }

    /// Returns a uniform index into a slice of length `len`.
    pub fn index(&mut self, len: usize) -> usize {
        self.below(u32::try_from(len).unwrap_or(u32::MAX)) as usize
    }

    /// Returns a uniform number in `[0, 1)` with 32 random bits.
    pub fn unit(&mut self) -> f64 {
        f64::from(self.0.next_u32()) / 4_294_967_296.0
    }

    pub fn chance(&mut self, probability: f64) -> bool {
        self.unit() < probability
    }

    /// Returns a roughly standard normal number: the Irwin-Hall sum of twelve uniforms minus
    /// six. IEEE additions give the same bits on every platform, unlike the `ln` and `cos` of
    /// Box-Muller, and the tails stop at ±6, which suits bounded exam scores.
    pub fn normal(&mut self) -> f64 {
        (0..12).map(|_| self.unit()).sum::<f64>() - 6.0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }

    /// Picks an item with probability proportional to its weight.
    pub fn pick_weighted<'a, T>(&mut self, items: &'a [(T, u32)]) -> &'a T {
        let total: u32 = items.iter().map(|(_, weight)| weight).sum();
        let mut ticket = self.below(total);
        for (item, weight) in items {
            if ticket < *weight {
                return item;
            }
            ticket -= weight;
        }
        &items[items.len() - 1].0
    }

    /// Shuffles in place with the Fisher-Yates algorithm.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.index(i + 1);
            items.swap(i, j);
        }
    }
}

/// Hashes a stream label with 64-bit FNV-1a, written out here so it never changes.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
