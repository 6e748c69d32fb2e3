//! Placing late students one at a time, in registration order, in a class that is smallest
//! at that moment; among equally small classes a lot drawn with the seeded generator
//! decides. `docs/algorithm.md` section 10 specifies every step.

use crate::fingerprint::Fingerprint;
use crate::rng::{Generator, Seed, derive_key};
use crate::roster::Gender;

/// A class's size and gender counts at some moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClassSize {
    pub number: u32,
    pub size: usize,
    pub boys: usize,
    pub girls: usize,
}

impl ClassSize {
    fn of_gender(&self, gender: Gender) -> usize {
        match gender {
            Gender::Male => self.boys,
            Gender::Female => self.girls,
        }
    }

    fn add(&mut self, gender: Gender) {
        self.size += 1;
        match gender {
            Gender::Male => self.boys += 1,
            Gender::Female => self.girls += 1,
        }
    }
}

/// How one late student was placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// The 1-based place in registration order.
    pub order: usize,
    /// The student's index in the late roster.
    pub student: usize,
    pub gender: Gender,
    /// The size of the smallest classes at that moment.
    pub smallest: usize,
    /// The classes of that size, in class order.
    pub tied: Vec<u32>,
    /// The classes the lot was drawn among: `tied`, narrowed by the gender rule when on.
    pub candidates: Vec<u32>,
    /// The 1-based position in `candidates` the lot drew; `None` when there was one.
    pub draw: Option<u32>,
    pub class: u32,
}

/// The inputs that key the lot generator. Every value is printed on the record, so anyone
/// can recompute the draws.
pub struct LateKey<'a> {
    pub seed: &'a Seed,
    pub archive: &'a Fingerprint,
    /// The earlier late-enrolment records of the same archive, in chain order.
    pub earlier: &'a [Fingerprint],
    pub late_roster: &'a Fingerprint,
    pub classes: u32,
    pub gender_rule: bool,
}

/// Derives the generator key: SHA-256 of the lines `bianban-1/late`, `seed=`, `archive=`,
/// `earlier=` (the earlier records' fingerprints joined by commas, empty for the first),
/// `late_roster=`, `classes=` and `gender_rule=` (`1` or `0`).
pub fn late_key(key: &LateKey) -> [u8; 32] {
    let earlier: Vec<String> = key.earlier.iter().map(Fingerprint::hex).collect();
    derive_key(
        "late",
        &[
            ("seed", key.seed.canonical.clone()),
            ("archive", key.archive.hex()),
            ("earlier", earlier.join(",")),
            ("late_roster", key.late_roster.hex()),
            ("classes", key.classes.to_string()),
            (
                "gender_rule",
                if key.gender_rule { "1" } else { "0" }.to_string(),
            ),
        ],
    )
}

/// Places the arrivals (student index and gender, in registration order) and returns the
/// placements and the class sizes afterwards.
///
/// For each student: take the classes of the smallest size; with the gender rule, keep
/// among them those with the fewest students of the student's gender; when more than one
/// remains, draw `below(n)` from the generator and take that class. The generator is used
/// only for real ties, one draw each.
pub fn place(
    classes: &[ClassSize],
    arrivals: &[(usize, Gender)],
    key: [u8; 32],
    gender_rule: bool,
) -> (Vec<Placement>, Vec<ClassSize>) {
    let mut sizes = classes.to_vec();
    sizes.sort_by_key(|c| c.number);
    let mut generator = Generator::from_key(key);
    let mut placements = Vec::with_capacity(arrivals.len());
    for (index, &(student, gender)) in arrivals.iter().enumerate() {
        let Some(smallest) = sizes.iter().map(|c| c.size).min() else {
            break;
        };
        let tied: Vec<&ClassSize> = sizes.iter().filter(|c| c.size == smallest).collect();
        let candidates = if gender_rule {
            fewest_of(&tied, gender)
        } else {
            tied.iter().map(|c| c.number).collect()
        };
        let draw = (candidates.len() > 1).then(|| generator.below(candidates.len() as u32));
        let class = candidates[draw.unwrap_or(0) as usize];
        placements.push(Placement {
            order: index + 1,
            student,
            gender,
            smallest,
            tied: tied.iter().map(|c| c.number).collect(),
            candidates,
            draw: draw.map(|d| d + 1),
            class,
        });
        if let Some(target) = sizes.iter_mut().find(|c| c.number == class) {
            target.add(gender);
        }
    }
    (placements, sizes)
}

/// The classes among `tied` with the fewest students of `gender`, in class order.
fn fewest_of(tied: &[&ClassSize], gender: Gender) -> Vec<u32> {
    let fewest = tied.iter().map(|c| c.of_gender(gender)).min().unwrap_or(0);
    tied.iter()
        .filter(|c| c.of_gender(gender) == fewest)
        .map(|c| c.number)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(number: u32, boys: usize, girls: usize) -> ClassSize {
        ClassSize {
            number,
            size: boys + girls,
            boys,
            girls,
        }
    }

    #[test]
    fn smallest_class_taken_without_draw() {
        let classes = [class(1, 20, 20), class(2, 20, 19), class(3, 20, 20)];
        let (placed, after) = place(&classes, &[(0, Gender::Male)], [1; 32], false);
        assert_eq!(placed[0].class, 2);
        assert_eq!(placed[0].draw, None);
        assert_eq!(placed[0].candidates, [2]);
        assert_eq!(after[1].size, 40);
        assert_eq!(after[1].boys, 21);
    }

    #[test]
    fn ties_are_drawn_and_sizes_stay_within_one() {
        let classes: Vec<ClassSize> = (1..=5).map(|n| class(n, 20, 20)).collect();
        let arrivals: Vec<(usize, Gender)> = (0..12).map(|i| (i, Gender::Female)).collect();
        let (placed, after) = place(&classes, &arrivals, [9; 32], false);
        assert_eq!(placed[0].candidates.len(), 5);
        assert!(placed[0].draw.is_some());
        assert_eq!(
            placed[4].candidates.len(),
            1,
            "the last of a round has no tie"
        );
        assert_eq!(placed[4].draw, None);
        let sizes: Vec<usize> = after.iter().map(|c| c.size).collect();
        let (min, max) = (sizes.iter().min(), sizes.iter().max());
        assert_eq!(max.zip(min).map(|(a, b)| a - b), Some(1));
        assert_eq!(sizes.iter().sum::<usize>(), 212);
    }

    #[test]
    fn gender_rule_narrows_the_tie() {
        let classes = [class(1, 21, 19), class(2, 20, 20), class(3, 19, 21)];
        let (placed, _) = place(&classes, &[(0, Gender::Male)], [3; 32], true);
        assert_eq!(placed[0].tied, [1, 2, 3]);
        assert_eq!(placed[0].candidates, [3]);
        assert_eq!(placed[0].class, 3);
        assert_eq!(placed[0].draw, None);
        let (without, _) = place(&classes, &[(0, Gender::Male)], [3; 32], false);
        assert_eq!(without[0].candidates, [1, 2, 3]);
    }

    #[test]
    fn same_key_same_draws() {
        let classes: Vec<ClassSize> = (1..=9).map(|n| class(n, 22, 22)).collect();
        let arrivals: Vec<(usize, Gender)> = (0..7).map(|i| (i, Gender::Male)).collect();
        let a = place(&classes, &arrivals, [5; 32], false);
        let b = place(&classes, &arrivals, [5; 32], false);
        assert_eq!(a, b);
        let c = place(&classes, &arrivals, [6; 32], false);
        assert_ne!(a.0, c.0);
    }
}
