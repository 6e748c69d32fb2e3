//! The seeded swap search: random swaps, a repair sweep for unmet goals, then sweeps over
//! pairs of groups that aim at the score spread. Every move keeps each group's numbers of
//! boys and girls, and the work is bounded by constants times the roster size, never by time.

use super::model::NONE;
use super::state::{Delta, State};
use crate::rng::Generator;

/// Random swap attempts per student in the first phase.
pub const ATTEMPTS_PER_STUDENT: usize = 40;
/// The maximum number of repair sweeps. Each tries every student in an unmet goal.
pub const REPAIR_SWEEPS: usize = 4;
/// The maximum number of compound moves (cycles of three, double swaps) one repair sweep
/// evaluates, and the maximum it evaluates for one student.
pub const COMPOUND_PER_SWEEP: usize = 200_000;
pub const COMPOUND_PER_STUDENT: usize = 20_000;
/// The maximum number of score sweeps over all pairs of groups, and the maximum number of
/// swaps they evaluate in all. The second is checked before each pair of groups and bounds
/// the work for very many groups.
pub const SCORE_SWEEPS: usize = 24;
pub const SCORE_EVALUATIONS: usize = 20_000_000;
/// The maximum number of groups for which the score sweeps remember settled pairs.
const SETTLED_GROUPS: usize = 256;

/// Runs the three phases; returns the number of moves applied.
pub fn run(state: &mut State, generator: &mut Generator) -> usize {
    let model = state.model;
    let lists: [Vec<usize>; 2] = [
        (0..model.len()).filter(|&p| model.male[p]).collect(),
        (0..model.len()).filter(|&p| !model.male[p]).collect(),
    ];
    if model.groups < 2 {
        return 0;
    }
    let mut moves = random_swaps(state, generator, &lists);
    moves += repair(state, &lists);
    if model.totals.count > 0 {
        moves += score_sweeps(state, model.groups <= SETTLED_GROUPS);
    }
    moves
}

/// Runs phase 1, `ATTEMPTS_PER_STUDENT * n` attempts. Each draws a student `p`. A student
/// of a keep-together unit tries to trade the unit with students of a random other group.
/// Any other student tries a swap with a random student of the same gender.
fn random_swaps(state: &mut State, generator: &mut Generator, lists: &[Vec<usize>; 2]) -> usize {
    let model = state.model;
    let n = model.len() as u32;
    let mut moves = 0;
    for _ in 0..ATTEMPTS_PER_STUDENT * model.len() {
        let p = generator.below(n) as usize;
        if model.unit_of[p] != NONE {
            moves += usize::from(unit_move(state, generator, model.unit_of[p] as usize));
            continue;
        }
        let list = &lists[usize::from(!model.male[p])];
        let q = list[generator.below(list.len() as u32) as usize];
        if state.group_of[q] == state.group_of[p] || model.unit_of[q] != NONE {
            continue;
        }
        let delta = state.swap_delta(p, q);
        if delta.improves() {
            state.swap(p, q, &delta);
            moves += 1;
        }
    }
    moves
}

/// Tries to trade a keep-together unit with students of a random other group: for each
/// member in canonical order, a random student of the same gender there who is not in a unit.
fn unit_move(state: &mut State, generator: &mut Generator, unit: usize) -> bool {
    let model = state.model;
    let members = &model.units[unit];
    let g = state.group_of[members[0]] as usize;
    let mut h = generator.below(model.groups as u32 - 1) as usize;
    if h >= g {
        h += 1;
    }
    let mut trade: Vec<usize> = Vec::with_capacity(members.len());
    for &p in members {
        let list = state.members(h, model.male[p]);
        if list.is_empty() {
            return false;
        }
        let q = list[generator.below(list.len() as u32) as usize];
        if trade.contains(&q) {
            return false;
        }
        trade.push(q);
    }
    let moves: Vec<(usize, usize)> = members
        .iter()
        .map(|&p| (p, h))
        .chain(trade.iter().map(|&q| (q, g)))
        .collect();
    state.try_moves(&moves)
}

/// Phase 2, run only while a goal other than the score is unmet. Each student in such a
/// goal, in canonical order, takes the first improving swap with a student of the same
/// gender in canonical order. A student who finds no such swap tries compound moves: first
/// cycles of three students, then double swaps that also move out the student who blocks
/// the swap, up to [`COMPOUND_PER_STUDENT`] for the student and [`COMPOUND_PER_SWEEP`] for
/// the sweep. Stops after a sweep without a move.
fn repair(state: &mut State, lists: &[Vec<usize>; 2]) -> usize {
    let model = state.model;
    let mut moves = 0;
    for _ in 0..REPAIR_SWEEPS {
        if state.terms.all_zero() {
            break;
        }
        let before = moves;
        let mut sweep_budget = COMPOUND_PER_SWEEP;
        for p in 0..model.len() {
            if model.unit_of[p] != NONE || !state.in_conflict(p) {
                continue;
            }
            let list = &lists[usize::from(!model.male[p])];
            let mut budget = COMPOUND_PER_STUDENT.min(sweep_budget);
            let found = repair_swap(state, p, list)
                || repair_cycle(state, p, list, &mut budget)
                || repair_double_swap(state, p, lists, &mut budget);
            sweep_budget -= COMPOUND_PER_STUDENT.min(sweep_budget) - budget;
            moves += usize::from(found);
        }
        if moves == before {
            break;
        }
    }
    moves
}

/// Applies the first improving swap of `p` with a student of `list`; returns whether one
/// was found.
fn repair_swap(state: &mut State, p: usize, list: &[usize]) -> bool {
    let model = state.model;
    for &q in list {
        if model.unit_of[q] != NONE || state.group_of[q] == state.group_of[p] {
            continue;
        }
        let delta = state.swap_delta(p, q);
        if delta.improves() {
            state.swap(p, q, &delta);
            return true;
        }
    }
    false
}

/// Applies the first improving cycle `p -> group of q -> group of r -> group of p`, with
/// `q` and `r` taken from `list` in canonical order; returns whether one was found.
fn repair_cycle(state: &mut State, p: usize, list: &[usize], budget: &mut usize) -> bool {
    let model = state.model;
    let free = |state: &State, q: usize, not: &[u32]| {
        model.unit_of[q] == NONE && !not.contains(&state.group_of[q])
    };
    for &q in list {
        if !free(state, q, &[state.group_of[p]]) {
            continue;
        }
        for &r in list {
            if !free(state, r, &[state.group_of[p], state.group_of[q]]) {
                continue;
            }
            if *budget == 0 {
                return false;
            }
            *budget -= 1;
            let (g, h, k) = (
                state.group_of[p] as usize,
                state.group_of[q] as usize,
                state.group_of[r] as usize,
            );
            let moves = [(p, h), (q, k), (r, g)];
            let delta = state.moves_delta(&moves);
            if delta.improves() {
                state.apply_moves(&moves, &delta);
                return true;
            }
        }
    }
    false
}

/// Phase 3: sweeps over the pairs of groups `g < h` and both genders, each applying the best
/// of a few swaps aimed at the score: for every scored student `a` of group `g`, the two
/// students of group `h` whose scores are nearest below and at or above `x_a - d`, where `d`
/// is the transfer that would best even out the two group means. Stops after a sweep
/// without a swap.
/// Applies the first improving double swap: `p` swaps with a student `q` of its gender in
/// another group, and a student `b` who would block that swap (see [`State::blockers`]: in
/// the group of `p` for `q`, then in the group of `q` for `p`) swaps with a student `w` of
/// the gender of `b` from the other of the two groups. Students are taken in canonical
/// order; returns whether a move was applied.
fn repair_double_swap(
    state: &mut State,
    p: usize,
    lists: &[Vec<usize>; 2],
    budget: &mut usize,
) -> bool {
    let model = state.model;
    let g = state.group_of[p] as usize;
    for &q in &lists[usize::from(!model.male[p])] {
        let h = state.group_of[q] as usize;
        if model.unit_of[q] != NONE || h == g {
            continue;
        }
        let blocked = [
            (state.blockers(q, g, p), g, h),
            (state.blockers(p, h, q), h, g),
        ];
        for (blockers, from, to) in blocked {
            for b in blockers {
                if model.unit_of[b] != NONE {
                    continue;
                }
                for &w in &lists[usize::from(!model.male[b])] {
                    let usable = model.unit_of[w] == NONE && w != p && w != q;
                    if !usable || state.group_of[w] as usize != to {
                        continue;
                    }
                    if *budget == 0 {
                        return false;
                    }
                    *budget -= 1;
                    let moves = [(p, h), (q, g), (b, to), (w, from)];
                    let delta = state.moves_delta(&moves);
                    if delta.improves() {
                        state.apply_moves(&moves, &delta);
                        return true;
                    }
                }
            }
        }
    }
    false
}

///
/// A swap's change depends only on the two groups involved, so a pair of groups that has not
/// changed since it last offered no improving swap is not evaluated again; its evaluations
/// are still counted, so skipping changes no result.
fn score_sweeps(state: &mut State, remember: bool) -> usize {
    let groups = state.model.groups;
    let mut moves = 0;
    let mut evaluations = 0;
    // For each pair and gender: the versions of the two groups when the pair last found no
    // improving swap, and the evaluations that took. Kept only up to SETTLED_GROUPS groups,
    // to bound the memory; without it every pair is evaluated, with the same result.
    let slots = if remember { groups * groups * 2 } else { 0 };
    let mut settled: Vec<Option<(u64, u64, usize)>> = vec![None; slots];
    for _ in 0..SCORE_SWEEPS {
        let before = moves;
        for g in 0..groups {
            for h in g + 1..groups {
                if evaluations >= SCORE_EVALUATIONS {
                    return moves;
                }
                for male in [true, false] {
                    let slot = (g * groups + h) * 2 + usize::from(male);
                    let versions = (state.version[g], state.version[h]);
                    if let Some(Some((vg, vh, count))) = settled.get(slot)
                        && (*vg, *vh) == versions
                    {
                        evaluations += count;
                        continue;
                    }
                    let start = evaluations;
                    let moved = best_pair_swap(state, g, h, male, &mut evaluations);
                    moves += usize::from(moved);
                    if let Some(entry) = settled.get_mut(slot) {
                        *entry = (!moved).then_some((versions.0, versions.1, evaluations - start));
                    }
                }
            }
        }
        if moves == before {
            break;
        }
    }
    moves
}

fn best_pair_swap(
    state: &mut State,
    g: usize,
    h: usize,
    male: bool,
    evaluations: &mut usize,
) -> bool {
    let model = state.model;
    let Some(transfer) = state.ideal_transfer(g, h) else {
        return false;
    };
    let scored = |list: &[usize]| {
        let first = list.partition_point(|&p| model.score[p].is_none());
        list[first..].to_vec()
    };
    let (from, to) = (
        scored(state.members(g, male)),
        scored(state.members(h, male)),
    );
    let mut best: Option<(Delta, usize, usize)> = None;
    for &a in &from {
        let target = model.score[a].unwrap_or(0) - transfer;
        let k = to.partition_point(|&b| model.score[b].unwrap_or(0) < target);
        for &b in to[k.saturating_sub(1)..to.len().min(k + 1)].iter() {
            *evaluations += 1;
            let delta = state.swap_delta(a, b);
            if delta.improves() && best.is_none_or(|(d, _, _)| delta < d) {
                best = Some((delta, a, b));
            }
        }
    }
    match best {
        Some((delta, a, b)) => {
            state.swap(a, b, &delta);
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::group::balance::model::Model;
    use crate::group::balance::state_tests::{request, students};
    use crate::group::canonical_order;

    #[test]
    fn settled_pairs_change_no_result() {
        let students = students(90);
        let order = canonical_order(&students);
        let model = Model::build(&students, &order, 6, &request(90)).unwrap();
        let mut generator = Generator::from_key([9u8; 32]);
        let start = super::super::construct::start(&model, &mut generator).unwrap();
        let mut remembered = State::new(&model, start);
        let lists: [Vec<usize>; 2] = [
            (0..model.len()).filter(|&p| model.male[p]).collect(),
            (0..model.len()).filter(|&p| !model.male[p]).collect(),
        ];
        random_swaps(&mut remembered, &mut generator, &lists);
        let mut plain = remembered.clone();
        let moves = score_sweeps(&mut remembered, true);
        assert!(moves > 0);
        assert_eq!(score_sweeps(&mut plain, false), moves);
        assert_eq!(remembered.group_of, plain.group_of);
    }
}
