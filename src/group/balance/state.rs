//! The assignment under search, with per-group counts and sums kept up to date so a swap is
//! evaluated in constant time.

use super::Outcome;
use super::model::{Model, NONE, mean_fixed, variance};
use crate::group::Group;
use crate::roster::{Gender, Student};

/// The change a move makes to the objective, compared lexicographically in field order:
/// keep-apart pairs in one group, identical-name pairs in one group, category counts outside
/// the even share, same-sound pairs in one group, then the score cost.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Delta {
    pub apart: i64,
    pub names: i64,
    pub categories: i64,
    pub sounds: i64,
    pub score: i128,
}

impl Delta {
    /// True when the move makes the objective strictly better.
    pub fn improves(&self) -> bool {
        *self < Delta::default()
    }
}

/// The first four objective terms of the whole assignment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Terms {
    pub apart: i64,
    pub names: i64,
    pub categories: i64,
    pub sounds: i64,
}

impl Terms {
    pub fn all_zero(&self) -> bool {
        *self == Terms::default()
    }

    fn add(&mut self, d: &Delta) {
        self.apart += d.apart;
        self.names += d.names;
        self.categories += d.categories;
        self.sounds += d.sounds;
    }
}

#[derive(Clone)]
pub struct State<'m> {
    pub model: &'m Model,
    pub group_of: Vec<u32>,
    count: Vec<i64>,
    sum: Vec<i64>,
    squares: Vec<i64>,
    cost: Vec<i128>,
    category_count: Vec<u32>,
    name_count: Vec<u32>,
    sound_count: Vec<u32>,
    apart_count: Vec<u32>,
    pub terms: Terms,
    /// How many times each group has changed, so a search can skip a pair of groups that is
    /// as it was when it last found no improvement.
    pub version: Vec<u64>,
    /// Students not in a keep-together unit, per group and gender (index `2 * g + 0` for
    /// boys, `+ 1` for girls), sorted by score (missing first) and canonical position.
    members: Vec<Vec<usize>>,
}

impl<'m> State<'m> {
    pub fn new(model: &'m Model, group_of: Vec<u32>) -> State<'m> {
        let groups = model.groups;
        let mut state = State {
            model,
            group_of: vec![NONE; model.len()],
            count: vec![0; groups],
            sum: vec![0; groups],
            squares: vec![0; groups],
            cost: vec![0; groups],
            category_count: vec![0; groups * model.categories()],
            name_count: vec![0; groups * model.name_classes],
            sound_count: vec![0; groups * model.sound_classes],
            apart_count: vec![0; groups * model.apart_count],
            terms: Terms::default(),
            version: vec![0; groups],
            members: vec![Vec::new(); 2 * groups],
        };
        for (p, &g) in group_of.iter().enumerate() {
            state.insert(p, g as usize);
            if model.unit_of[p] == NONE {
                state.members[list_index(model, p, g as usize)].push(p);
            }
        }
        for list in &mut state.members {
            list.sort_by_key(|&p| sort_key(model, p));
        }
        for g in 0..groups {
            state.cost[g] = state.score_cost(g, 0, 0, 0);
        }
        state.terms = state.measure_terms();
        state
    }

    /// Students of one gender without a keep-together unit in group `g`, sorted by score.
    pub fn members(&self, g: usize, male: bool) -> &[usize] {
        &self.members[2 * g + usize::from(!male)]
    }

    /// Computes, without changing the state, the change of swapping `a` and `b`: two students
    /// of the same gender in different groups and not in keep-together units.
    pub fn swap_delta(&self, a: usize, b: usize) -> Delta {
        let m = self.model;
        let (g, h) = (self.group_of[a] as usize, self.group_of[b] as usize);
        let mut delta = Delta::default();
        for (&ca, &cb) in m.categories_of(a).iter().zip(m.categories_of(b)) {
            if ca != cb {
                delta.categories += self.excess_change(g, ca, -1)
                    + self.excess_change(h, ca, 1)
                    + self.excess_change(h, cb, -1)
                    + self.excess_change(g, cb, 1);
            }
        }
        let classes = |class: &[u32], counts: &[u32], width: usize| {
            let (ca, cb) = (class[a], class[b]);
            let mut change = 0;
            if ca != cb {
                change += pair_move(counts, width, ca, g, h);
                change += pair_move(counts, width, cb, h, g);
            }
            change
        };
        delta.names = classes(&m.name_class, &self.name_count, m.name_classes);
        delta.sounds = classes(&m.sound_class, &self.sound_count, m.sound_classes);
        delta.apart = self.apart_swap(a, b, g, h);
        delta.score = self.score_swap(a, b, g, h);
        delta
    }

    /// Applies a swap evaluated with [`State::swap_delta`].
    pub fn swap(&mut self, a: usize, b: usize, delta: &Delta) {
        let (g, h) = (self.group_of[a] as usize, self.group_of[b] as usize);
        self.relocate(&[(a, h), (b, g)]);
        self.terms.add(delta);
    }

    /// Evaluates moving several students at once (a keep-together unit and the students it
    /// trades places with), applying the move only when it improves the objective. Returns
    /// whether it was applied.
    pub fn try_moves(&mut self, moves: &[(usize, usize)]) -> bool {
        let delta = self.moves_delta(moves);
        if delta.improves() {
            self.apply_moves(moves, &delta);
        }
        delta.improves()
    }

    /// Moves students to new groups, updating every count, sum, cost and member list.
    fn relocate(&mut self, moves: &[(usize, usize)]) {
        let mut touched = Vec::new();
        for &(p, to) in moves {
            let from = self.group_of[p] as usize;
            self.remove(p, from);
            self.insert(p, to);
            touched.extend([from, to]);
            if self.model.unit_of[p] == NONE {
                let old = list_index(self.model, p, from);
                self.members[old].retain(|&q| q != p);
                let new = list_index(self.model, p, to);
                let key = sort_key(self.model, p);
                let list = &mut self.members[new];
                let at = list.partition_point(|&q| sort_key(self.model, q) < key);
                list.insert(at, p);
            }
        }
        touched.sort_unstable();
        touched.dedup();
        for g in touched {
            self.cost[g] = self.score_cost(g, 0, 0, 0);
            self.version[g] += 1;
        }
    }

    fn insert(&mut self, p: usize, g: usize) {
        self.adjust(p, g, 1);
        self.group_of[p] = g as u32;
    }

    fn remove(&mut self, p: usize, g: usize) {
        self.adjust(p, g, -1);
        self.group_of[p] = NONE;
    }

    fn adjust(&mut self, p: usize, g: usize, step: i32) {
        let m = self.model;
        if let Some(x) = m.score[p] {
            let s = i64::from(step);
            self.count[g] += s;
            self.sum[g] += s * x;
            self.squares[g] += s * x * x;
        }
        let categories = m.categories();
        for &c in m.categories_of(p) {
            bump(&mut self.category_count, g * categories + c as usize, step);
        }
        if m.name_class[p] != NONE {
            let at = g * m.name_classes + m.name_class[p] as usize;
            bump(&mut self.name_count, at, step);
        }
        if m.sound_class[p] != NONE {
            let at = g * m.sound_classes + m.sound_class[p] as usize;
            bump(&mut self.sound_count, at, step);
        }
        for &s in m.apart_of(p) {
            bump(&mut self.apart_count, g * m.apart_count + s as usize, step);
        }
    }

    /// Returns the change in category excess when one student of category `c` leaves (`step` -1) or
    /// joins (`step` 1) group `g`.
    fn excess_change(&self, g: usize, c: u32, step: i32) -> i64 {
        let m = self.model;
        let now = self.category_count[g * m.categories() + c as usize];
        let next = now.saturating_add_signed(step);
        let (low, high) = (m.low[c as usize], m.high[c as usize]);
        excess(next, low, high) - excess(now, low, high)
    }

    fn apart_swap(&self, a: usize, b: usize, g: usize, h: usize) -> i64 {
        let m = self.model;
        let (sets_a, sets_b) = (m.apart_of(a), m.apart_of(b));
        let width = m.apart_count;
        let counts = &self.apart_count;
        let mut change = 0;
        for &s in sets_a.iter().filter(|s| !sets_b.contains(s)) {
            change += pair_move(counts, width, s, g, h);
        }
        for &s in sets_b.iter().filter(|s| !sets_a.contains(s)) {
            change += pair_move(counts, width, s, h, g);
        }
        change
    }

    fn score_swap(&self, a: usize, b: usize, g: usize, h: usize) -> i128 {
        let m = self.model;
        let (xa, xb) = (m.score[a], m.score[b]);
        if xa == xb {
            return 0;
        }
        let part = |x: Option<i64>| x.map_or((0, 0, 0), |x| (1, x, x * x));
        let (ca, sa, qa) = part(xa);
        let (cb, sb, qb) = part(xb);
        let new_g = self.score_cost(g, cb - ca, sb - sa, qb - qa);
        let new_h = self.score_cost(h, ca - cb, sa - sb, qa - qb);
        new_g + new_h - self.cost[g] - self.cost[h]
    }

    /// Returns the score, in hundredths, whose move from group `g` to group `h` would best
    /// even out the two group means: `floor((e_g*m_h^2 - e_h*m_g^2) / (M*(m_g^2 + m_h^2)))` with
    /// `e_k = S_k*M - m_k*S`. `None` when either group has no score.
    pub fn ideal_transfer(&self, g: usize, h: usize) -> Option<i64> {
        let totals = &self.model.totals;
        let (mg, mh) = (i128::from(self.count[g]), i128::from(self.count[h]));
        if mg == 0 || mh == 0 {
            return None;
        }
        let (count, sum) = (i128::from(totals.count), i128::from(totals.sum));
        let eg = i128::from(self.sum[g]) * count - mg * sum;
        let eh = i128::from(self.sum[h]) * count - mh * sum;
        let transfer = (eg * mh * mh - eh * mg * mg).div_euclid(count * (mg * mg + mh * mh));
        i64::try_from(transfer).ok()
    }

    /// Computes the score cost of group `g` after adding the given count, sum and sum of squares:
    /// `w * (mean_g - mean)^2 + 2^20 * (var_g - var)^2`, with means in 1/1024 hundredths and
    /// variances in hundredths squared, or 0 for a group without scores.
    fn score_cost(&self, g: usize, dc: i64, ds: i64, dq: i64) -> i128 {
        let totals = &self.model.totals;
        let (m, s, q) = (self.count[g] + dc, self.sum[g] + ds, self.squares[g] + dq);
        if m == 0 {
            return 0;
        }
        let mean = i128::from(mean_fixed(m, s) - totals.mean);
        let var = variance(m, s, q) - totals.variance;
        totals.mean_weight * mean * mean + ((var * var) << 20)
    }

    /// Returns the score term of the whole assignment, the sum of the group costs.
    #[cfg(test)]
    pub fn score_total(&self) -> i128 {
        self.cost.iter().sum()
    }

    /// Recounts the first four terms from the counts.
    pub fn measure_terms(&self) -> Terms {
        let m = self.model;
        let pairs = |counts: &[u32]| counts.iter().map(|&c| pairs_of(c)).sum::<i64>();
        let categories = self
            .category_count
            .iter()
            .enumerate()
            .map(|(at, &count)| {
                let c = at % m.categories().max(1);
                excess(count, m.low[c], m.high[c])
            })
            .sum();
        Terms {
            apart: pairs(&self.apart_count),
            names: pairs(&self.name_count),
            categories,
            sounds: pairs(&self.sound_count),
        }
    }

    /// True when `p` takes part in a term that is not zero: it shares a group with a student
    /// of its keep-apart set, name or sound class, or its category is outside the even share
    /// in some group.
    pub fn in_conflict(&self, p: usize) -> bool {
        self.shares_group(p)
            || self
                .model
                .categories_of(p)
                .iter()
                .any(|&c| self.category_unbalanced(c))
    }

    /// True when `p` shares its group with a student of its keep-apart set, name class or
    /// sound class, and that class has more pairs in one group than its size makes
    /// unavoidable.
    pub fn shares_group(&self, p: usize) -> bool {
        let m = self.model;
        let g = self.group_of[p] as usize;
        let avoidable = |class: u32, counts: &[u32], width: usize, size: usize| {
            class != NONE
                && counts[g * width + class as usize] > 1
                && self.class_pairs(counts, width, class) > fewest_pairs(size, m.groups)
        };
        let name = m.name_class[p];
        let sound = m.sound_class[p];
        let size = |members: &[Vec<usize>], class: u32| members[class as usize].len();
        (name != NONE
            && avoidable(
                name,
                &self.name_count,
                m.name_classes,
                size(&m.name_members, name),
            ))
            || (sound != NONE
                && avoidable(
                    sound,
                    &self.sound_count,
                    m.sound_classes,
                    size(&m.sound_members, sound),
                ))
            || m.apart_of(p).iter().any(|&s| {
                avoidable(
                    s,
                    &self.apart_count,
                    m.apart_count,
                    size(&m.apart_members, s),
                )
            })
    }

    /// Pairs of one class that share a group, over all groups.
    fn class_pairs(&self, counts: &[u32], width: usize, class: u32) -> i64 {
        (0..self.model.groups)
            .map(|g| pairs_of(counts[g * width + class as usize]))
            .sum()
    }

    /// Computes the change of moving `p` alone to group `to`, computed without changing the state.
    /// A single move breaks the gender rule, so it is only a step of a cycle.
    fn move_delta(&self, p: usize, to: usize) -> Delta {
        let m = self.model;
        let from = self.group_of[p] as usize;
        let mut delta = Delta::default();
        for &c in m.categories_of(p) {
            delta.categories += self.excess_change(from, c, -1) + self.excess_change(to, c, 1);
        }
        delta.names = pair_move(&self.name_count, m.name_classes, m.name_class[p], from, to);
        delta.sounds = pair_move(
            &self.sound_count,
            m.sound_classes,
            m.sound_class[p],
            from,
            to,
        );
        for &s in m.apart_of(p) {
            delta.apart += pair_move(&self.apart_count, m.apart_count, s, from, to);
        }
        if let Some(x) = m.score[p] {
            let leave = self.score_cost(from, -1, -x, -x * x) - self.cost[from];
            let join = self.score_cost(to, 1, x, x * x) - self.cost[to];
            delta.score = leave + join;
        }
        delta
    }

    /// Moves `p` to `to`, updating counts, sums and the two costs but not the member lists;
    /// used to evaluate cycles.
    fn shift(&mut self, p: usize, to: usize) {
        let from = self.group_of[p] as usize;
        self.remove(p, from);
        self.insert(p, to);
        self.cost[from] = self.score_cost(from, 0, 0, 0);
        self.cost[to] = self.score_cost(to, 0, 0, 0);
    }

    /// Computes the change of moving several students at once, each step evaluated on the state left
    /// by the steps before it. The moves must keep every group's numbers of boys and girls.
    /// The state is the same afterwards.
    pub fn moves_delta(&mut self, moves: &[(usize, usize)]) -> Delta {
        let mut total = Delta::default();
        let mut back = Vec::with_capacity(moves.len());
        for &(p, to) in moves {
            let step = self.move_delta(p, to);
            total.apart += step.apart;
            total.names += step.names;
            total.categories += step.categories;
            total.sounds += step.sounds;
            total.score += step.score;
            back.push((p, self.group_of[p] as usize));
            self.shift(p, to);
        }
        for &(p, from) in back.iter().rev() {
            self.shift(p, from);
        }
        total
    }

    /// Applies moves evaluated with [`State::moves_delta`].
    pub fn apply_moves(&mut self, moves: &[(usize, usize)], delta: &Delta) {
        self.relocate(moves);
        self.terms.add(delta);
    }

    /// Students in group `g`, other than `except`, who would stop `p` from joining `g`: those
    /// sharing a name class, sound class or keep-apart set with `p`, and those of a category
    /// of `p` that `g` already has its most of. Keep-together units are left out.
    pub fn blockers(&self, p: usize, g: usize, except: usize) -> Vec<usize> {
        let m = self.model;
        let mut found = Vec::new();
        let mut add = |members: &[usize]| {
            for &b in members {
                if b != p && b != except && self.group_of[b] as usize == g && !found.contains(&b) {
                    found.push(b);
                }
            }
        };
        let full: Vec<u32> = m
            .categories_of(p)
            .iter()
            .copied()
            .filter(|&c| self.category_count[g * m.categories() + c as usize] >= m.high[c as usize])
            .collect();
        if !full.is_empty() {
            let members = [self.members(g, true), self.members(g, false)].concat();
            let of_full: Vec<usize> = members
                .into_iter()
                .filter(|&b| m.categories_of(b).iter().any(|c| full.contains(c)))
                .collect();
            add(&of_full);
        }
        if m.name_class[p] != NONE {
            add(&m.name_members[m.name_class[p] as usize]);
        }
        if m.sound_class[p] != NONE {
            add(&m.sound_members[m.sound_class[p] as usize]);
        }
        for &s in m.apart_of(p) {
            add(&m.apart_members[s as usize]);
        }
        found
    }

    fn category_unbalanced(&self, c: u32) -> bool {
        let m = self.model;
        let (low, high) = (m.low[c as usize], m.high[c as usize]);
        (0..m.groups).any(|g| {
            let count = self.category_count[g * m.categories() + c as usize];
            count < low || count > high
        })
    }

    /// Two students of one keep-apart set in the same group, the first such pair in
    /// canonical order.
    pub fn apart_violation(&self) -> Option<(usize, usize)> {
        let m = self.model;
        let listed: Vec<usize> = (0..m.len())
            .filter(|&p| !m.apart_of(p).is_empty())
            .collect();
        for (k, &a) in listed.iter().enumerate() {
            for &b in &listed[k + 1..] {
                let together = self.group_of[a] == self.group_of[b];
                if together && m.apart_of(a).iter().any(|s| m.apart_of(b).contains(s)) {
                    return Some((a, b));
                }
            }
        }
        None
    }

    /// Pairs of students of one class in one group, as roster indices.
    fn pairs_together(&self, class: &[u32]) -> Vec<(usize, usize)> {
        let listed: Vec<usize> = (0..class.len()).filter(|&p| class[p] != NONE).collect();
        let mut pairs = Vec::new();
        for (k, &a) in listed.iter().enumerate() {
            for &b in &listed[k + 1..] {
                if class[b] == class[a] && self.group_of[b] == self.group_of[a] {
                    pairs.push((self.model.roster_index(a), self.model.roster_index(b)));
                }
            }
        }
        pairs
    }

    /// Lists the goals the search could not fully meet.
    pub fn outcome(&self, moves: usize, names: &[String]) -> Outcome {
        let m = self.model;
        let mut category_excess = vec![0u64; m.columns];
        for (at, &count) in self.category_count.iter().enumerate() {
            let c = at % m.categories().max(1);
            let column = m.column_of[c] as usize;
            category_excess[column] += excess(count, m.low[c], m.high[c]) as u64;
        }
        let homophones = self
            .pairs_together(&m.sound_class)
            .into_iter()
            .filter(|&(a, b)| names[a] != names[b])
            .collect();
        Outcome {
            namesakes_together: self.pairs_together(&m.name_class),
            homophones_together: homophones,
            category_excess,
            moves,
        }
    }

    /// Converts the assignment into groups numbered 1..N, members in roster file order.
    pub fn into_groups(self, students: &[Student]) -> Vec<Group> {
        let m = self.model;
        let mut groups: Vec<Group> = (0..m.groups)
            .map(|g| Group {
                number: g as u32 + 1,
                members: Vec::new(),
                boys: 0,
                girls: 0,
            })
            .collect();
        for (p, &g) in self.group_of.iter().enumerate() {
            let group = &mut groups[g as usize];
            let i = m.roster_index(p);
            group.members.push(i);
            match students[i].gender {
                Gender::Male => group.boys += 1,
                Gender::Female => group.girls += 1,
            }
        }
        for group in &mut groups {
            group
                .members
                .sort_by(|&a, &b| students[a].origin.cmp(&students[b].origin).then(a.cmp(&b)));
        }
        groups
    }
}

fn list_index(model: &Model, p: usize, g: usize) -> usize {
    2 * g + usize::from(!model.male[p])
}

/// Students sort by score (missing first), then canonical position.
fn sort_key(model: &Model, p: usize) -> (i64, usize) {
    (model.score[p].unwrap_or(-1), p)
}

fn bump(counts: &mut [u32], at: usize, step: i32) {
    counts[at] = counts[at].saturating_add_signed(step);
}

/// Distance of a count outside `low..=high`.
fn excess(count: u32, low: u32, high: u32) -> i64 {
    i64::from(count.saturating_sub(high)) + i64::from(low.saturating_sub(count))
}

/// Returns the minimum number of same-group pairs a class of `size` students can have in
/// `groups` groups, reached by the most even spread.
fn fewest_pairs(size: usize, groups: usize) -> i64 {
    let (base, extra) = (size / groups, size % groups);
    let pairs = |c: usize| (c * c.saturating_sub(1) / 2) as i64;
    extra as i64 * pairs(base + 1) + (groups - extra) as i64 * pairs(base)
}

fn pairs_of(count: u32) -> i64 {
    let c = i64::from(count);
    c * (c - 1) / 2
}

/// Returns the change in same-group pairs of class `class` when one member moves from
/// `from` to `to`. The member leaves `count(from) - 1` partners and meets `count(to)`.
fn pair_move(counts: &[u32], width: usize, class: u32, from: usize, to: usize) -> i64 {
    if class == NONE {
        return 0;
    }
    let at = |g: usize| i64::from(counts[g * width + class as usize]);
    at(to) - (at(from) - 1)
}
