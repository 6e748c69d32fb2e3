//! Splitting a school's students into N sealed groups, balanced by gender.
//!
//! The result depends only on the set of students (they are put in canonical order first),
//! the seed, the school name and N. Guarantees, checked after every run by [`check`]: every
//! student is in exactly one group, group sizes differ by at most 1, and so do the numbers of
//! boys and the numbers of girls. `docs/algorithm.md` specifies each step.

pub mod balance;
pub mod fairness;
pub mod make;

use crate::fingerprint::{Fingerprint, canonical_line, group_seal};
use crate::rng::{ALGORITHM_VERSION, Generator, Seed, group_key};
use crate::roster::{Gender, Student};

/// One group: its number on the envelope and its students as indices into the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// 1-based group number, the number printed on its envelope.
    pub number: u32,
    /// Indices into the roster's students, in roster file order.
    pub members: Vec<usize>,
    pub boys: usize,
    pub girls: usize,
}

impl Group {
    pub fn size(&self) -> usize {
        self.members.len()
    }
}

/// The groups of one school and what made them.
#[derive(Debug, Clone, PartialEq)]
pub struct Grouping {
    pub algorithm: &'static str,
    pub classes: u32,
    pub seed: Seed,
    pub school: String,
    pub roster: Fingerprint,
    /// Fingerprint of the balance inputs for algorithm `bianban-1+balance-1`; `None` for
    /// `bianban-1`.
    pub balance: Option<Fingerprint>,
    pub groups: Vec<Group>,
}

impl Grouping {
    /// The seal of each group, in group order.
    pub fn seals(&self, students: &[Student]) -> Vec<Fingerprint> {
        self.groups
            .iter()
            .map(|g| {
                let members: Vec<&Student> = g.members.iter().map(|&i| &students[i]).collect();
                group_seal(g.number, &members)
            })
            .collect()
    }

    /// The fingerprint of the whole result: SHA-256 of `bianban-grouping-v1`, the algorithm,
    /// seed, school, roster fingerprint and N, a `balance=<hex>` line for a balanced grouping,
    /// then one `group=<n> seal=<hex>` line per group.
    pub fn fingerprint(&self, students: &[Student]) -> Fingerprint {
        let mut text = format!(
            "bianban-grouping-v1\nalgorithm={}\nseed={}\nschool={}\nroster={}\nclasses={}\n",
            self.algorithm,
            self.seed.canonical,
            self.school,
            self.roster.hex(),
            self.classes
        );
        if let Some(inputs) = &self.balance {
            text.push_str(&format!("balance={}\n", inputs.hex()));
        }
        for (group, seal) in self.groups.iter().zip(self.seals(students)) {
            text.push_str(&format!("group={} seal={}\n", group.number, seal.hex()));
        }
        Fingerprint::of(text.as_bytes())
    }
}

/// The inputs of a grouping.
pub struct GroupRequest<'a> {
    pub students: &'a [Student],
    pub classes: u32,
    pub seed: &'a Seed,
    pub school: &'a str,
    pub roster: Fingerprint,
}

/// Makes the gender-balanced groups.
///
/// Steps: put the students in canonical order; split them into boys and girls; shuffle each
/// list and then the list of group slots with the generator keyed by seed, school, roster
/// fingerprint and N; give the groups at the front of the slot order the extra boys and the
/// groups at the back the extra girls, so the two overlap as little as possible; deal each
/// shuffled list out to groups 1..N in order.
///
/// `classes` must be between 1 and the number of students; the caller checks this.
pub fn make_groups(request: &GroupRequest) -> Grouping {
    let n = request.classes as usize;
    let order = canonical_order(request.students);
    let (mut boys, mut girls): (Vec<usize>, Vec<usize>) = order
        .into_iter()
        .partition(|&i| request.students[i].gender == Gender::Male);

    let key = group_key(
        request.seed,
        request.school,
        &request.roster,
        request.classes,
    );
    let mut generator = Generator::from_key(key);
    generator.shuffle(&mut boys);
    generator.shuffle(&mut girls);
    let mut slots: Vec<usize> = (0..n).collect();
    generator.shuffle(&mut slots);

    let boy_counts = counts_with_extras(boys.len(), n, &slots[..boys.len() % n]);
    let girl_counts = counts_with_extras(girls.len(), n, &slots[n - girls.len() % n..]);
    let groups = deal(request.students, &boys, &girls, &boy_counts, &girl_counts);

    Grouping {
        algorithm: ALGORITHM_VERSION,
        classes: request.classes,
        seed: request.seed.clone(),
        school: request.school.to_string(),
        roster: request.roster,
        balance: None,
        groups,
    }
}

/// Student indices sorted by their canonical lines, so file order cannot matter.
pub fn canonical_order(students: &[Student]) -> Vec<usize> {
    let lines: Vec<String> = students.iter().map(canonical_line).collect();
    let mut order: Vec<usize> = (0..students.len()).collect();
    order.sort_by(|&a, &b| lines[a].cmp(&lines[b]));
    order
}

/// How many of `total` students each of `n` groups gets: `total / n` each, one more for the
/// groups listed in `extra`.
fn counts_with_extras(total: usize, n: usize, extra: &[usize]) -> Vec<usize> {
    let mut counts = vec![total / n; n];
    for &group in extra {
        counts[group] += 1;
    }
    counts
}

/// Deals the shuffled boys and girls out to groups 1..N in order.
fn deal(
    students: &[Student],
    boys: &[usize],
    girls: &[usize],
    boy_counts: &[usize],
    girl_counts: &[usize],
) -> Vec<Group> {
    let mut boys = boys.iter().copied();
    let mut girls = girls.iter().copied();
    let mut groups = Vec::with_capacity(boy_counts.len());
    for (index, (&nb, &ng)) in boy_counts.iter().zip(girl_counts).enumerate() {
        let mut members: Vec<usize> = boys
            .by_ref()
            .take(nb)
            .chain(girls.by_ref().take(ng))
            .collect();
        members.sort_by(|&a, &b| students[a].origin.cmp(&students[b].origin).then(a.cmp(&b)));
        groups.push(Group {
            number: index as u32 + 1,
            members,
            boys: nb,
            girls: ng,
        });
    }
    groups
}

/// The guarantees of a grouping, measured on the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Guarantees {
    /// Every student is in exactly one group.
    pub each_once: bool,
    /// Largest minus smallest group size.
    pub size_spread: usize,
    pub boys_spread: usize,
    pub girls_spread: usize,
}

impl Guarantees {
    pub fn hold(&self) -> bool {
        self.each_once && self.size_spread <= 1 && self.boys_spread <= 1 && self.girls_spread <= 1
    }
}

/// Measures the guarantees on a finished grouping, from the students themselves rather than
/// from the counts stored in the groups.
pub fn check(students: &[Student], groups: &[Group]) -> Guarantees {
    let mut seen = vec![0u32; students.len()];
    for member in groups.iter().flat_map(|g| &g.members) {
        if let Some(count) = seen.get_mut(*member) {
            *count += 1;
        }
    }
    let count_gender = |g: &Group, gender: Gender| {
        g.members
            .iter()
            .filter(|&&i| students.get(i).is_some_and(|s| s.gender == gender))
            .count()
    };
    let spread = |values: Vec<usize>| {
        values.iter().max().copied().unwrap_or(0) - values.iter().min().copied().unwrap_or(0)
    };
    Guarantees {
        each_once: seen.iter().all(|&c| c == 1),
        size_spread: spread(groups.iter().map(Group::size).collect()),
        boys_spread: spread(
            groups
                .iter()
                .map(|g| count_gender(g, Gender::Male))
                .collect(),
        ),
        girls_spread: spread(
            groups
                .iter()
                .map(|g| count_gender(g, Gender::Female))
                .collect(),
        ),
    }
}
