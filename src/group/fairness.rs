//! How balanced a grouping is, compared with random gender-balanced splits of the same roster.
//!
//! For each attribute the spread between groups is measured: the range of group means and of
//! group standard deviations of a score, and for a category column the largest difference
//! between groups in the count of any one category. The same spreads are measured on
//! random splits dealt exactly like `bianban-1` (shuffled boys, shuffled girls, shuffled
//! slots) from a generator keyed by the grouping's own key under another purpose, so an
//! inspector can see where the result falls among chance results and repeat the count. A
//! balanced grouping is compared with [`RANDOM_SPLITS_BALANCED`] splits, a plain `bianban-1`
//! grouping with [`RANDOM_SPLITS_PLAIN`].
//!
//! Sums are integers over scores in hundredths. The spreads are then `f64` values computed by
//! IEEE 754 division and square root of exact integers, which give the same bits on every
//! machine.

use super::Group;
use super::balance::{CategoryAttribute, ScoreAttribute};
use crate::fingerprint::Fingerprint;
use crate::rng::Generator;
use crate::roster::{Gender, Student};

/// The number of random splits the spreads of a balanced grouping (`bianban-1+balance-1`)
/// are compared with.
pub const RANDOM_SPLITS_BALANCED: usize = 10_000;

/// The number of random splits the spreads of a plain `bianban-1` grouping are compared with.
/// Only gender was balanced, and the grouping is itself one such random split, so the
/// comparison of score and feeder school is for information only. A tenth of the balanced
/// count keeps a run over a thousand schools fast.
pub const RANDOM_SPLITS_PLAIN: usize = 1_000;

/// The first line of the text hashed into the random splits' generator key.
pub const BASELINE_FORM: &str = "bianban-baseline-v1";

/// The attributes to measure: a score and category columns, each marked with whether it was
/// balanced.
#[derive(Debug, Clone, Default)]
pub struct FairnessRequest {
    pub score: Option<(ScoreAttribute, bool)>,
    pub columns: Vec<(CategoryAttribute, bool)>,
}

/// The measured balance of one grouping.
#[derive(Debug, Clone, PartialEq)]
pub struct Fairness {
    pub splits: usize,
    /// The minimum and maximum number of boys in a group, then the same for girls.
    pub boys: (usize, usize),
    pub girls: (usize, usize),
    /// Students without a score, when a score is measured.
    pub missing_scores: usize,
    pub spreads: Vec<Spread>,
}

/// One attribute's spread between groups and its place among the random splits.
#[derive(Debug, Clone, PartialEq)]
pub struct Spread {
    pub kind: SpreadKind,
    /// The column header as the clerk knows it.
    pub label: String,
    /// Whether the grouping was asked to balance this attribute.
    pub balanced: bool,
    /// The spread of this grouping: points for scores, students for categories.
    pub achieved: f64,
    /// Random splits with a larger spread, the same spread, and a smaller spread.
    pub better_than: usize,
    pub equal: usize,
    pub worse_than: usize,
    /// The spread of the best 1% of random splits, the median and the worst 1%.
    pub random_best: f64,
    pub random_median: f64,
    pub random_worst: f64,
    /// For a category column: each category with its total and the fewest and most students
    /// of it in a group.
    pub categories: Vec<CategoryCount>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpreadKind {
    /// Highest minus lowest group mean of the score.
    MeanRange,
    /// Highest minus lowest group standard deviation (population) of the score.
    SdRange,
    /// The largest difference between groups in the count of one category.
    Categories,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryCount {
    pub value: String,
    pub total: usize,
    pub fewest: usize,
    pub most: usize,
}

/// Measures a grouping and compares it with `splits` random splits, rounded down to a
/// multiple of [`PARTS`]; [`Fairness::splits`] is the count used.
///
/// `key` is the generator key the grouping was made with; the random splits use a key
/// derived from it and from the count (see [`baseline_key`]).
pub fn measure(
    students: &[Student],
    groups: &[Group],
    request: &FairnessRequest,
    key: &[u8; 32],
    splits: usize,
) -> Fairness {
    let data = Data::new(students, request);
    let n_groups = groups.len().max(1);
    let mut tally = Tally::new(&data, n_groups);
    for (g, group) in groups.iter().enumerate() {
        for &i in &group.members {
            tally.add(data.position[i], g);
        }
    }
    let achieved = tally.finish();
    let per_part = splits / PARTS;
    let random = random_splits(&data, n_groups, key, per_part);

    let mut spreads = Vec::new();
    if let Some((score, balanced)) = &request.score {
        for (kind, pick) in [
            (SpreadKind::MeanRange, 0usize),
            (SpreadKind::SdRange, 1usize),
        ] {
            let values: Vec<f64> = random.iter().map(|s| s.score[pick]).collect();
            let mut spread = compare(kind, &score.label, *balanced, achieved.score[pick], values);
            spread.achieved /= 100.0;
            spread.random_best /= 100.0;
            spread.random_median /= 100.0;
            spread.random_worst /= 100.0;
            spreads.push(spread);
        }
    }
    for (c, (column, balanced)) in request.columns.iter().enumerate() {
        let values: Vec<f64> = random.iter().map(|s| f64::from(s.columns[c])).collect();
        let achieved_spread = f64::from(achieved.columns[c]);
        let mut spread = compare(
            SpreadKind::Categories,
            &column.label,
            *balanced,
            achieved_spread,
            values,
        );
        spread.categories = tally.category_counts(c);
        spreads.push(spread);
    }
    let missing_scores = match request.score {
        Some(_) => data.score.iter().filter(|&&s| s < 0).count(),
        None => 0,
    };
    Fairness {
        splits: per_part * PARTS,
        boys: gender_range(students, groups, Gender::Male),
        girls: gender_range(students, groups, Gender::Female),
        missing_scores,
        spreads,
    }
}

/// The random splits are drawn in this many parts of equal size, each from its own
/// generator, so two processor cores can share the work. The parts, not the cores, fix the
/// result.
pub const PARTS: usize = 2;

/// Derives the key of one part of the random splits: SHA-256 of [`BASELINE_FORM`], the grouping's
/// key in hex, the part number (from 0) and the number of splits in the part, one
/// `name=value` line each.
pub fn baseline_key(key: &[u8; 32], part: usize, splits_in_part: usize) -> [u8; 32] {
    let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
    let text = format!("{BASELINE_FORM}\nkey={hex}\npart={part}\nsplits={splits_in_part}\n");
    Fingerprint::of(text.as_bytes()).0
}

fn compare(
    kind: SpreadKind,
    label: &str,
    balanced: bool,
    achieved: f64,
    values: Vec<f64>,
) -> Spread {
    let better_than = values.iter().filter(|&&v| v > achieved).count();
    let worse_than = values.iter().filter(|&&v| v < achieved).count();
    let mut sorted = values;
    sorted.sort_by(f64::total_cmp);
    let at = |share: usize| {
        sorted
            .get(sorted.len() * share / 100)
            .copied()
            .unwrap_or(0.0)
    };
    Spread {
        kind,
        label: label.to_string(),
        balanced,
        achieved,
        better_than,
        equal: sorted.len() - better_than - worse_than,
        worse_than,
        random_best: at(1),
        random_median: at(50),
        random_worst: at(99),
        categories: Vec::new(),
    }
}

fn gender_range(students: &[Student], groups: &[Group], gender: Gender) -> (usize, usize) {
    let counts = groups.iter().map(|g| {
        g.members
            .iter()
            .filter(|&&i| students.get(i).is_some_and(|s| s.gender == gender))
            .count()
    });
    (counts.clone().min().unwrap_or(0), counts.max().unwrap_or(0))
}

/// The measured attributes in canonical order.
struct Data {
    /// Canonical position of each roster index.
    position: Vec<usize>,
    /// Canonical positions of boys and girls.
    boys: Vec<usize>,
    girls: Vec<usize>,
    /// Score in hundredths, -1 when missing.
    score: Vec<i64>,
    /// Number of columns, and each student's category in each column as a number counting
    /// the categories of all columns (`n * columns`).
    columns: usize,
    category: Vec<u32>,
    /// Per column, the range of its category numbers and the category names in byte order.
    column_categories: Vec<(usize, Vec<String>)>,
}

impl Data {
    fn new(students: &[Student], request: &FairnessRequest) -> Data {
        let order = super::canonical_order(students);
        let mut position = vec![0; students.len()];
        for (p, &i) in order.iter().enumerate() {
            position[i] = p;
        }
        let by_gender = |gender: Gender| -> Vec<usize> {
            (0..order.len())
                .filter(|&p| students[order[p]].gender == gender)
                .collect()
        };
        let (boys, girls) = (by_gender(Gender::Male), by_gender(Gender::Female));
        let score = order
            .iter()
            .map(|&i| {
                let value = request
                    .score
                    .as_ref()
                    .and_then(|(s, _)| s.hundredths.get(i));
                value.copied().flatten().unwrap_or(-1)
            })
            .collect();
        let columns = request.columns.len();
        let mut category = vec![0u32; order.len() * columns];
        let mut column_categories = Vec::with_capacity(columns);
        let mut offset = 0usize;
        for (c, (column, _)) in request.columns.iter().enumerate() {
            let values: Vec<&str> = order
                .iter()
                .map(|&i| column.values.get(i).map(String::as_str).unwrap_or(""))
                .collect();
            let mut names: Vec<String> = values.iter().map(|v| v.to_string()).collect();
            names.sort();
            names.dedup();
            for (p, value) in values.iter().enumerate() {
                let id = names
                    .binary_search_by(|n| n.as_str().cmp(value))
                    .unwrap_or(0);
                category[p * columns + c] = (offset + id) as u32;
            }
            column_categories.push((offset, names));
            offset = column_categories.last().map_or(0, |(o, n)| o + n.len());
        }
        Data {
            position,
            boys,
            girls,
            score,
            columns,
            category,
            column_categories,
        }
    }

    fn categories(&self) -> usize {
        self.column_categories
            .last()
            .map_or(0, |(offset, names)| offset + names.len())
    }
}

/// Per-group sums and category counts of one split, reused across splits.
struct Tally<'d> {
    data: &'d Data,
    groups: usize,
    count: Vec<i64>,
    sum: Vec<i64>,
    squares: Vec<i64>,
    /// `groups * categories` counts.
    category_count: Vec<u32>,
}

/// The spreads of one split: mean range and SD range in hundredths, then each column's
/// largest category difference.
struct SplitSpreads {
    score: [f64; 2],
    columns: Vec<u32>,
}

impl<'d> Tally<'d> {
    fn new(data: &'d Data, groups: usize) -> Tally<'d> {
        Tally {
            data,
            groups,
            count: vec![0; groups],
            sum: vec![0; groups],
            squares: vec![0; groups],
            category_count: vec![0; groups * data.categories()],
        }
    }

    fn clear(&mut self) {
        self.count.fill(0);
        self.sum.fill(0);
        self.squares.fill(0);
        self.category_count.fill(0);
    }

    fn add(&mut self, p: usize, g: usize) {
        let x = self.data.score[p];
        if x >= 0 {
            self.count[g] += 1;
            self.sum[g] += x;
            self.squares[g] += x * x;
        }
        let columns = self.data.columns;
        let base = g * self.data.categories();
        for &c in &self.data.category[p * columns..(p + 1) * columns] {
            self.category_count[base + c as usize] += 1;
        }
    }

    /// Adds the students of a dealt chunk to group `g`, summing scores in local variables.
    fn add_records(&mut self, records: &[Record], g: usize) {
        let data = self.data;
        let (mut count, mut sum, mut squares) = (0, 0, 0);
        for record in records {
            let x = record.score;
            if x >= 0 {
                count += 1;
                sum += x;
                squares += x * x;
            }
        }
        self.count[g] += count;
        self.sum[g] += sum;
        self.squares[g] += squares;
        let columns = data.columns;
        let width = data.categories();
        let row = &mut self.category_count[g * width..(g + 1) * width];
        if columns == 0 {
            return;
        }
        for record in records {
            if let Some(slot) = row.get_mut(record.category as usize) {
                *slot += 1;
            }
        }
        if columns == 1 {
            return;
        }
        for record in records {
            let p = record.position as usize;
            for &c in &data.category[p * columns + 1..(p + 1) * columns] {
                if let Some(slot) = row.get_mut(c as usize) {
                    *slot += 1;
                }
            }
        }
    }

    fn finish(&self) -> SplitSpreads {
        SplitSpreads {
            score: [self.mean_range(), self.sd_range()],
            columns: (0..self.data.columns)
                .map(|c| self.column_spread(c))
                .collect(),
        }
    }

    /// Highest minus lowest group mean, in hundredths; groups without scores are left out.
    fn mean_range(&self) -> f64 {
        let scored: Vec<usize> = (0..self.groups).filter(|&g| self.count[g] > 0).collect();
        let Some(&first) = scored.first() else {
            return 0.0;
        };
        let (mut high, mut low) = (first, first);
        for &g in &scored {
            // Means compared exactly: s_g / m_g > s_h / m_h  <=>  s_g * m_h > s_h * m_g.
            let above = |a: usize, b: usize| {
                i128::from(self.sum[a]) * i128::from(self.count[b])
                    > i128::from(self.sum[b]) * i128::from(self.count[a])
            };
            if above(g, high) {
                high = g;
            }
            if above(low, g) {
                low = g;
            }
        }
        let numerator = i128::from(self.sum[high]) * i128::from(self.count[low])
            - i128::from(self.sum[low]) * i128::from(self.count[high]);
        let denominator = i128::from(self.count[high]) * i128::from(self.count[low]);
        to_f64(numerator) / to_f64(denominator)
    }

    /// Highest minus lowest group standard deviation, in hundredths.
    fn sd_range(&self) -> f64 {
        let sds = (0..self.groups).filter(|&g| self.count[g] > 0).map(|g| {
            let (m, s, q) = (
                i128::from(self.count[g]),
                i128::from(self.sum[g]),
                i128::from(self.squares[g]),
            );
            (to_f64(m * q - s * s) / to_f64(m * m)).sqrt()
        });
        let (mut low, mut high) = (f64::INFINITY, f64::NEG_INFINITY);
        for sd in sds {
            low = low.min(sd);
            high = high.max(sd);
        }
        if high < low { 0.0 } else { high - low }
    }

    /// Returns the counts of category number `k` in each group.
    fn counts_of(&self, k: usize) -> impl Iterator<Item = u32> + Clone + '_ {
        let width = self.data.categories();
        (0..self.groups).map(move |g| self.category_count[g * width + k])
    }

    fn column_spread(&self, c: usize) -> u32 {
        let (offset, names) = &self.data.column_categories[c];
        (*offset..offset + names.len())
            .map(|k| {
                let counts = self.counts_of(k);
                counts.clone().max().unwrap_or(0) - counts.min().unwrap_or(0)
            })
            .max()
            .unwrap_or(0)
    }

    fn category_counts(&self, c: usize) -> Vec<CategoryCount> {
        let (offset, names) = &self.data.column_categories[c];
        names
            .iter()
            .enumerate()
            .map(|(k, value)| {
                let counts = self.counts_of(offset + k).map(|x| x as usize);
                CategoryCount {
                    value: value.clone(),
                    total: counts.clone().sum(),
                    fewest: counts.clone().min().unwrap_or(0),
                    most: counts.max().unwrap_or(0),
                }
            })
            .collect()
    }
}

/// Converts an integer to the nearest double (ties to even). It goes through `i64` when the
/// value fits, because that conversion is one instruction, and both give the same double.
fn to_f64(x: i128) -> f64 {
    match i64::try_from(x) {
        Ok(small) => small as f64,
        Err(_) => x as f64,
    }
}

/// A student as the random splits shuffle it: the score in hundredths (-1 when missing) and
/// the category in the first column beside the canonical position, so dealing reads memory
/// in order.
#[derive(Clone, Copy)]
struct Record {
    score: i64,
    position: u32,
    category: u32,
}

/// Deals [`PARTS`] parts of `per_part` splits the way `bianban-1` deals one and measures
/// each: the parts run on their own threads and are joined in part order.
fn random_splits(data: &Data, groups: usize, key: &[u8; 32], per_part: usize) -> Vec<SplitSpreads> {
    std::thread::scope(|scope| {
        let workers: Vec<_> = (1..PARTS)
            .map(|part| scope.spawn(move || random_part(data, groups, key, (part, per_part))))
            .collect();
        let mut out = random_part(data, groups, key, (0, per_part));
        for (part, worker) in (1..PARTS).zip(workers) {
            // A worker that panicked is a bug; its part is then computed here instead.
            match worker.join() {
                Ok(splits) => out.extend(splits),
                Err(_) => out.extend(random_part(data, groups, key, (part, per_part))),
            }
        }
        out
    })
}

/// Deals the `splits` splits of part `part`.
fn random_part(
    data: &Data,
    groups: usize,
    key: &[u8; 32],
    (part, splits): (usize, usize),
) -> Vec<SplitSpreads> {
    let mut generator = Generator::from_key(baseline_key(key, part, splits));
    let mut tally = Tally::new(data, groups);
    let records = |list: &[usize]| -> Vec<Record> {
        list.iter()
            .map(|&p| Record {
                score: data.score[p],
                position: p as u32,
                category: data.category.get(p * data.columns).copied().unwrap_or(0),
            })
            .collect()
    };
    let (mut boys, mut girls) = (records(&data.boys), records(&data.girls));
    let mut slots: Vec<usize> = (0..groups).collect();
    let mut out = Vec::with_capacity(splits);
    for _ in 0..splits {
        tally.clear();
        generator.shuffle(&mut boys);
        generator.shuffle(&mut girls);
        generator.shuffle(&mut slots);
        let boy_counts = counts_with_extras(boys.len(), groups, &slots[..boys.len() % groups]);
        let girl_start = groups - girls.len() % groups;
        let girl_counts = counts_with_extras(girls.len(), groups, &slots[girl_start..]);
        deal_into(&mut tally, &boys, &boy_counts);
        deal_into(&mut tally, &girls, &girl_counts);
        out.push(tally.finish());
    }
    out
}

fn counts_with_extras(total: usize, n: usize, extra: &[usize]) -> Vec<usize> {
    let mut counts = vec![total / n; n];
    for &g in extra {
        counts[g] += 1;
    }
    counts
}

/// Gives group 0 the first `counts[0]` students of the shuffled list, group 1 the next ones,
/// and so on.
fn deal_into(tally: &mut Tally, list: &[Record], counts: &[usize]) {
    let mut start = 0;
    for (g, &count) in counts.iter().enumerate() {
        let end = (start + count).min(list.len());
        tally.add_records(&list[start..end], g);
        start = end;
    }
}
