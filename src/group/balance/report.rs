//! The goals of a balanced grouping beyond the spreads, as the outputs report them: names,
//! keep-together and keep-apart lists, missing scores.

use std::collections::BTreeMap;

use super::sound::sound_key;
use super::{BalanceRequest, Outcome};
use crate::fingerprint::Fingerprint;
use crate::group::Group;
use crate::roster::Student;

/// The goals of a balanced grouping and how far each was met.
#[derive(Debug, Clone, PartialEq)]
pub struct BalanceSummary {
    pub inputs: Fingerprint,
    /// The score column's header, when scores were balanced.
    pub score: Option<String>,
    pub columns: Vec<String>,
    pub namesakes: Option<NameGoal>,
    pub homophones: Option<NameGoal>,
    /// Numbers of keep-together and keep-apart sets, when lists were given. The search
    /// meets both, or the grouping is rejected.
    pub together: Option<usize>,
    pub apart: Option<usize>,
    /// Category columns whose categories could not all be brought within 1 of even.
    pub columns_uneven: Vec<String>,
}

/// Students sharing a name (or its sound) and the pairs of them left in one group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameGoal {
    /// Names (or sounds) shared by two or more students, and how many students share them.
    pub shared: usize,
    pub students: usize,
    /// Pairs left in one group: both names and the group number.
    pub together: Vec<(String, String, u32)>,
}

impl BalanceSummary {
    pub fn new(
        students: &[Student],
        request: &BalanceRequest,
        outcome: &Outcome,
        groups: &[Group],
        inputs: Fingerprint,
    ) -> BalanceSummary {
        let group_of = group_numbers(students.len(), groups);
        let goal = |key: &dyn Fn(&Student) -> String, pairs: &[(usize, usize)]| {
            let (shared, count) = shared_keys(students, key);
            NameGoal {
                shared,
                students: count,
                together: pairs
                    .iter()
                    .map(|&(a, b)| {
                        let name = |i: usize| students[i].name.clone();
                        (name(a), name(b), group_of[a])
                    })
                    .collect(),
            }
        };
        let namesakes = request
            .separate_namesakes
            .then(|| goal(&|s| s.name.clone(), &outcome.namesakes_together));
        let homophones = request
            .separate_homophones
            .then(|| goal(&|s| sound_key(&s.name), &outcome.homophones_together));
        let columns_uneven = request
            .columns
            .iter()
            .zip(&outcome.category_excess)
            .filter(|(_, excess)| **excess > 0)
            .map(|(c, _)| c.label.clone())
            .collect();
        BalanceSummary {
            inputs,
            score: request.score.as_ref().map(|s| s.label.clone()),
            columns: request.columns.iter().map(|c| c.label.clone()).collect(),
            namesakes,
            homophones,
            together: (!request.together.is_empty()).then_some(request.together.len()),
            apart: (!request.apart.is_empty()).then_some(request.apart.len()),
            columns_uneven,
        }
    }
}

/// Returns the group number of each roster index.
fn group_numbers(students: usize, groups: &[Group]) -> Vec<u32> {
    let mut numbers = vec![0; students];
    for group in groups {
        for &i in &group.members {
            if let Some(slot) = numbers.get_mut(i) {
                *slot = group.number;
            }
        }
    }
    numbers
}

/// Counts the non-empty keys that two or more students share, and those students.
fn shared_keys(students: &[Student], key: &dyn Fn(&Student) -> String) -> (usize, usize) {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for student in students {
        let k = key(student);
        if !k.is_empty() {
            *counts.entry(k).or_default() += 1;
        }
    }
    let shared: Vec<usize> = counts.into_values().filter(|&c| c > 1).collect();
    (shared.len(), shared.iter().sum())
}
