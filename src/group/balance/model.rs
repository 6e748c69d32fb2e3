//! The balancing problem in canonical order: genders, scores, category and name classes,
//! keep-apart sets and keep-together units, with the checks that reject impossible requests.

use std::collections::BTreeMap;

use super::sound::sound_key;
use super::{BalanceError, BalanceRequest, SetOrigin, StudentRef, StudentSet};
use crate::roster::{Gender, Student};

/// Marks a student without a class (no namesake, no keep-together unit).
pub const NONE: u32 = u32::MAX;

/// The highest score the search accepts, in hundredths: 10,000 points. With at most
/// [`MAX_STUDENTS`] students every sum and product of the objective fits its integer type.
pub const MAX_SCORE_HUNDREDTHS: i64 = 1_000_000;

/// The maximum number of students in one balanced grouping. The largest grade of one school
/// has about 2,200.
pub const MAX_STUDENTS: usize = 100_000;

/// The balancing problem. Students are numbered by canonical position `0..n`.
pub struct Model {
    pub groups: usize,
    /// Roster index of each canonical position.
    pub roster: Vec<usize>,
    pub male: Vec<bool>,
    /// Score in hundredths, `None` when missing or when scores are not balanced.
    pub score: Vec<Option<i64>>,
    pub columns: usize,
    /// Category of each student in each column, as a global category number: `n * columns`.
    pub category: Vec<u32>,
    /// Per global category: the least and most students a group may have to be within 1 of
    /// an even share.
    pub low: Vec<u32>,
    pub high: Vec<u32>,
    /// The column of each global category.
    pub column_of: Vec<u32>,
    /// Identical-name class of each student, or [`NONE`] when the name is unique or
    /// namesakes are not separated.
    pub name_class: Vec<u32>,
    pub name_classes: usize,
    /// Same-sound class of each student, or [`NONE`].
    pub sound_class: Vec<u32>,
    pub sound_classes: usize,
    /// Keep-apart sets of each student (CSR: `apart_sets[apart_start[p]..apart_start[p+1]]`).
    pub apart_start: Vec<u32>,
    pub apart_sets: Vec<u32>,
    pub apart_count: usize,
    /// Keep-together unit of each student, or [`NONE`] for a student on their own.
    pub unit_of: Vec<u32>,
    /// Members of each name class, sound class and keep-apart set, ascending.
    pub name_members: Vec<Vec<usize>>,
    pub sound_members: Vec<Vec<usize>>,
    pub apart_members: Vec<Vec<usize>>,
    /// Members of each keep-together unit of two or more students, ascending.
    pub units: Vec<Vec<usize>>,
    pub totals: ScoreTotals,
}

/// Count, sum and sum of squares of all scores, and the constants of the score objective.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScoreTotals {
    pub count: i64,
    pub sum: i64,
    pub squares: i64,
    /// Overall mean in 1/1024 hundredths: `floor(sum * 1024 / count)`.
    pub mean: i64,
    /// Overall population variance in hundredths squared, floored.
    pub variance: i128,
    /// Weight of the mean term: the overall variance, at least 1.
    pub mean_weight: i128,
}

impl Model {
    /// Builds the model and checks the keep-together and keep-apart sets.
    ///
    /// # Errors
    ///
    /// Fails with the students named when a set cannot be met whatever the grouping, or when
    /// the roster is too large or a score too high for the search.
    pub fn build(
        students: &[Student],
        order: &[usize],
        groups: usize,
        request: &BalanceRequest,
    ) -> Result<Model, BalanceError> {
        let n = order.len();
        if n > MAX_STUDENTS {
            return Err(BalanceError::TooManyStudents {
                students: n,
                max: MAX_STUDENTS,
            });
        }
        let mut position = vec![0usize; students.len()];
        for (p, &i) in order.iter().enumerate() {
            position[i] = p;
        }
        let male: Vec<bool> = order
            .iter()
            .map(|&i| students[i].gender == Gender::Male)
            .collect();
        let score = scores(students, order, request)?;
        let mut model = Model {
            groups,
            roster: order.to_vec(),
            male,
            score,
            columns: 0,
            category: Vec::new(),
            low: Vec::new(),
            high: Vec::new(),
            column_of: Vec::new(),
            name_class: vec![NONE; n],
            name_classes: 0,
            sound_class: vec![NONE; n],
            sound_classes: 0,
            apart_start: vec![0; n + 1],
            apart_sets: Vec::new(),
            apart_count: 0,
            unit_of: vec![NONE; n],
            units: Vec::new(),
            name_members: Vec::new(),
            sound_members: Vec::new(),
            apart_members: Vec::new(),
            totals: ScoreTotals::default(),
        };
        model.totals = score_totals(&model.score);
        model.add_categories(order, request);
        if request.separate_namesakes {
            let names: Vec<String> = order.iter().map(|&i| students[i].name.clone()).collect();
            (model.name_class, model.name_classes) = classes_of(&names);
        }
        if request.separate_homophones {
            let sounds: Vec<String> = order
                .iter()
                .map(|&i| sound_key(&students[i].name))
                .collect();
            (model.sound_class, model.sound_classes) = classes_of(&sounds);
        }
        model.add_units(students, &position, &request.together)?;
        model.add_apart(students, &position, &request.apart)?;
        model.name_members = members_of(&model.name_class, model.name_classes);
        model.sound_members = members_of(&model.sound_class, model.sound_classes);
        let mut apart_members = vec![Vec::new(); model.apart_count];
        for p in 0..n {
            for &s in model.apart_of(p) {
                apart_members[s as usize].push(p);
            }
        }
        model.apart_members = apart_members;
        Ok(model)
    }

    pub fn len(&self) -> usize {
        self.roster.len()
    }

    pub fn roster_index(&self, p: usize) -> usize {
        self.roster[p]
    }

    pub fn categories(&self) -> usize {
        self.low.len()
    }

    /// Returns the global categories of student `p`, one per column.
    pub fn categories_of(&self, p: usize) -> &[u32] {
        &self.category[p * self.columns..(p + 1) * self.columns]
    }

    pub fn apart_of(&self, p: usize) -> &[u32] {
        &self.apart_sets[self.apart_start[p] as usize..self.apart_start[p + 1] as usize]
    }

    /// Adds the requested columns, then a column "score missing" when scores are balanced
    /// and some students have none, so those students are spread evenly too.
    fn add_categories(&mut self, order: &[usize], request: &BalanceRequest) {
        let mut columns: Vec<Vec<String>> = request
            .columns
            .iter()
            .map(|c| {
                let value = |i: usize| c.values.get(i).cloned().unwrap_or_default();
                order.iter().map(|&i| value(i)).collect()
            })
            .collect();
        let some_missing = self.score.iter().any(Option::is_none);
        if request.score.is_some() && some_missing {
            let flags = self.score.iter().map(|s| missing_flag(s.is_none()));
            columns.push(flags.collect());
        }
        self.columns = columns.len();
        self.category = vec![0; self.len() * self.columns];
        for (c, values) in columns.iter().enumerate() {
            let (ids, count) = classes_sorted(values);
            let offset = self.low.len() as u32;
            let mut totals = vec![0u32; count];
            for (p, &id) in ids.iter().enumerate() {
                self.category[p * self.columns + c] = offset + id;
                totals[id as usize] += 1;
            }
            let groups = self.groups as u32;
            for total in totals {
                self.low.push(total / groups);
                self.high.push(total.div_ceil(groups));
                self.column_of.push(c as u32);
            }
        }
    }

    /// Merges overlapping keep-together sets into units and checks that each unit fits one
    /// group: no more students than the largest group, no more boys or girls than a group
    /// may have.
    fn add_units(
        &mut self,
        students: &[Student],
        position: &[usize],
        sets: &[StudentSet],
    ) -> Result<(), BalanceError> {
        let n = self.len();
        let mut parent: Vec<usize> = (0..n).collect();
        let mut origin_of: BTreeMap<usize, &SetOrigin> = BTreeMap::new();
        for set in sets {
            let members: Vec<usize> = set
                .members
                .iter()
                .filter_map(|&i| position.get(i).copied())
                .collect();
            for pair in members.windows(2) {
                union(&mut parent, pair[0], pair[1]);
            }
            if let Some(&first) = members.first() {
                origin_of.entry(first).or_insert(&set.origin);
            }
        }
        let mut by_root: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for p in 0..n {
            by_root.entry(find(&mut parent, p)).or_default().push(p);
        }
        let units: Vec<Vec<usize>> = by_root.into_values().filter(|u| u.len() > 1).collect();
        for unit in &units {
            let origin = unit
                .iter()
                .find_map(|p| origin_of.get(p).copied())
                .cloned()
                .unwrap_or(SetOrigin::Column {
                    column: String::new(),
                    value: String::new(),
                });
            self.check_unit(students, unit, origin)?;
        }
        for (u, unit) in units.iter().enumerate() {
            for &p in unit {
                self.unit_of[p] = u as u32;
            }
        }
        self.units = units;
        Ok(())
    }

    fn check_unit(
        &self,
        students: &[Student],
        unit: &[usize],
        origin: SetOrigin,
    ) -> Result<(), BalanceError> {
        let n = self.len();
        let refs = || self.refs(students, unit);
        let largest = n.div_ceil(self.groups);
        if unit.len() > largest {
            return Err(BalanceError::TogetherTooLarge {
                students: refs(),
                origin,
                max: largest,
            });
        }
        let boys_total = self.male.iter().filter(|&&m| m).count();
        let boys = unit.iter().filter(|&&p| self.male[p]).count();
        let limits = [
            (Gender::Male, boys, boys_total.div_ceil(self.groups)),
            (
                Gender::Female,
                unit.len() - boys,
                (n - boys_total).div_ceil(self.groups),
            ),
        ];
        for (gender, count, max) in limits {
            if count > max {
                return Err(BalanceError::TogetherTooManyOfGender {
                    students: refs(),
                    origin,
                    gender,
                    count,
                    max,
                });
            }
        }
        Ok(())
    }

    /// Records the keep-apart sets and rejects a set with more students than groups, or with
    /// two students that must also be together.
    fn add_apart(
        &mut self,
        students: &[Student],
        position: &[usize],
        sets: &[StudentSet],
    ) -> Result<(), BalanceError> {
        let mut sets_of: Vec<Vec<u32>> = vec![Vec::new(); self.len()];
        let mut count = 0u32;
        for set in sets {
            let mut members: Vec<usize> = set
                .members
                .iter()
                .filter_map(|&i| position.get(i).copied())
                .collect();
            members.sort_unstable();
            members.dedup();
            if members.len() < 2 {
                continue;
            }
            if members.len() > self.groups {
                return Err(BalanceError::ApartTooLarge {
                    students: self.refs(students, &members),
                    origin: set.origin.clone(),
                    groups: self.groups,
                });
            }
            if let Some(pair) = self.same_unit(&members) {
                return Err(BalanceError::ApartButTogether {
                    students: vec![
                        StudentRef::of(&students[self.roster[pair.0]]),
                        StudentRef::of(&students[self.roster[pair.1]]),
                    ],
                    apart: set.origin.clone(),
                });
            }
            for &p in &members {
                sets_of[p].push(count);
            }
            count += 1;
        }
        self.apart_count = count as usize;
        self.apart_start = Vec::with_capacity(self.len() + 1);
        self.apart_start.push(0);
        for list in sets_of {
            self.apart_sets.extend(list);
            self.apart_start.push(self.apart_sets.len() as u32);
        }
        Ok(())
    }

    /// Two members of a keep-apart set that are in one keep-together unit, if any.
    fn same_unit(&self, members: &[usize]) -> Option<(usize, usize)> {
        for (k, &a) in members.iter().enumerate() {
            for &b in &members[k + 1..] {
                if self.unit_of[a] != NONE && self.unit_of[a] == self.unit_of[b] {
                    return Some((a, b));
                }
            }
        }
        None
    }

    fn refs(&self, students: &[Student], positions: &[usize]) -> Vec<StudentRef> {
        positions
            .iter()
            .map(|&p| StudentRef::of(&students[self.roster[p]]))
            .collect()
    }
}

/// Returns the category value of the "score missing" column.
fn missing_flag(missing: bool) -> String {
    if missing { "missing" } else { "present" }.to_string()
}

/// Scores in hundredths in canonical order, or all `None` when scores are not balanced.
fn scores(
    students: &[Student],
    order: &[usize],
    request: &BalanceRequest,
) -> Result<Vec<Option<i64>>, BalanceError> {
    let Some(score) = &request.score else {
        return Ok(vec![None; order.len()]);
    };
    let mut out = Vec::with_capacity(order.len());
    for &i in order {
        let value = score.hundredths.get(i).copied().flatten();
        if let Some(x) = value
            && !(0..=MAX_SCORE_HUNDREDTHS).contains(&x)
        {
            return Err(BalanceError::ScoreTooLarge {
                student: StudentRef::of(&students[i]),
                score: x as f64 / 100.0,
            });
        }
        out.push(value);
    }
    Ok(out)
}

fn score_totals(scores: &[Option<i64>]) -> ScoreTotals {
    let mut totals = ScoreTotals::default();
    for x in scores.iter().flatten() {
        totals.count += 1;
        totals.sum += x;
        totals.squares += x * x;
    }
    if totals.count > 0 {
        let (m, s, q) = (totals.count, totals.sum, totals.squares);
        totals.mean = mean_fixed(m, s);
        totals.variance = variance(m, s, q);
    }
    totals.mean_weight = totals.variance.max(1);
    totals
}

/// Computes the mean in 1/1024 hundredths, floored: `floor(s * 1024 / m)` for `m > 0`.
pub fn mean_fixed(m: i64, s: i64) -> i64 {
    (s << 10) / m
}

/// Computes the population variance in hundredths squared, floored: `floor((m*q - s*s) / (m*m))`.
pub fn variance(m: i64, s: i64, q: i64) -> i128 {
    // In 64 bits when nothing overflows, which is the usual case and much faster than
    // 128-bit division; both give the same number.
    let small = m
        .checked_mul(q)
        .zip(s.checked_mul(s))
        .and_then(|(mq, ss)| mq.checked_sub(ss))
        .zip(m.checked_mul(m));
    if let Some((numerator, denominator)) = small {
        return i128::from(numerator / denominator);
    }
    let (m, s, q) = (i128::from(m), i128::from(s), i128::from(q));
    (m * q - s * s) / (m * m)
}

/// Numbers the distinct values in byte order: each value's class number and the count.
fn classes_sorted(values: &[String]) -> (Vec<u32>, usize) {
    let distinct: BTreeMap<&str, u32> = values.iter().map(|v| (v.as_str(), 0)).collect();
    let ids: BTreeMap<&str, u32> = distinct
        .keys()
        .enumerate()
        .map(|(k, v)| (*v, k as u32))
        .collect();
    (values.iter().map(|v| ids[v.as_str()]).collect(), ids.len())
}

/// Classes of equal non-empty keys with two or more students, numbered in byte order of the
/// key; [`NONE`] for a student whose key is empty or unique.
fn classes_of(keys: &[String]) -> (Vec<u32>, usize) {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for key in keys.iter().filter(|k| !k.is_empty()) {
        *counts.entry(key.as_str()).or_default() += 1;
    }
    let numbered: BTreeMap<&str, u32> = counts
        .into_iter()
        .filter(|&(_, count)| count > 1)
        .enumerate()
        .map(|(k, (key, _))| (key, k as u32))
        .collect();
    let classes = keys
        .iter()
        .map(|k| numbered.get(k.as_str()).copied().unwrap_or(NONE))
        .collect();
    (classes, numbered.len())
}

/// Lists the students of each class, ascending.
fn members_of(class: &[u32], classes: usize) -> Vec<Vec<usize>> {
    let mut members = vec![Vec::new(); classes];
    for (p, &c) in class.iter().enumerate() {
        if c != NONE {
            members[c as usize].push(p);
        }
    }
    members
}

fn find(parent: &mut [usize], mut p: usize) -> usize {
    while parent[p] != p {
        parent[p] = parent[parent[p]];
        p = parent[p];
    }
    p
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    let (low, high) = (ra.min(rb), ra.max(rb));
    parent[high] = low;
}
