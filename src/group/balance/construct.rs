//! The start of the search: each group's exact numbers of boys and girls, the keep-together
//! units placed first, then the other students dealt in random strata.

use std::cmp::Reverse;

use super::model::{Model, NONE};
use crate::rng::Generator;

/// Places every student; returns the group of each canonical position.
///
/// # Errors
///
/// Returns the members of a keep-together unit that finds no group with room for its boys
/// and girls.
pub fn start(model: &Model, generator: &mut Generator) -> Result<Vec<u32>, Vec<usize>> {
    let n = model.groups;
    let mut slots: Vec<usize> = (0..n).collect();
    generator.shuffle(&mut slots);
    let boys = model.male.iter().filter(|&&m| m).count();
    let girls = model.len() - boys;
    let mut room = [
        counts_with_extras(boys, n, &slots[..boys % n]),
        counts_with_extras(girls, n, &slots[n - girls % n..]),
    ];

    let mut group_of = vec![NONE; model.len()];
    place_units(model, &slots, &mut room, &mut group_of)?;
    for (gender, male) in [(0, true), (1, false)] {
        let mut list: Vec<usize> = (0..model.len())
            .filter(|&p| model.male[p] == male && model.unit_of[p] == NONE)
            .collect();
        generator.shuffle(&mut list);
        list.sort_by(|&a, &b| deal_key(model, a).cmp(&deal_key(model, b)));
        deal(&list, &slots, &room[gender], generator, &mut group_of);
    }
    Ok(group_of)
}

/// `total / n` for every group, one more for the groups in `extra`.
fn counts_with_extras(total: usize, n: usize, extra: &[usize]) -> Vec<usize> {
    let mut counts = vec![total / n; n];
    for &g in extra {
        counts[g] += 1;
    }
    counts
}

/// Places the keep-together units, largest first, each in the group with room for its boys
/// and girls that shares no keep-apart set with it and has the most room left; ties go to
/// the group earlier in the slot order. When every group with room has a keep-apart conflict,
/// the conflict is allowed and left to the search.
fn place_units(
    model: &Model,
    slots: &[usize],
    room: &mut [Vec<usize>; 2],
    group_of: &mut [u32],
) -> Result<(), Vec<usize>> {
    let mut apart_in = vec![0u32; model.groups * model.apart_count];
    let mut units: Vec<&Vec<usize>> = model.units.iter().collect();
    units.sort_by_key(|u| (Reverse(u.len()), u[0]));
    for unit in units {
        let boys = unit.iter().filter(|&&p| model.male[p]).count();
        let girls = unit.len() - boys;
        let fits = |g: usize| room[0][g] >= boys && room[1][g] >= girls;
        let free = |g: usize| {
            let mut sets = unit.iter().flat_map(|&p| model.apart_of(p));
            sets.all(|&s| apart_in[g * model.apart_count + s as usize] == 0)
        };
        let best = |ok: &dyn Fn(usize) -> bool| {
            slots
                .iter()
                .copied()
                .filter(|&g| ok(g))
                .max_by_key(|&g| (room[0][g] + room[1][g], Reverse(position(slots, g))))
        };
        let chosen = best(&|g| fits(g) && free(g)).or_else(|| best(&fits));
        let Some(g) = chosen else {
            return Err(unit.clone());
        };
        room[0][g] -= boys;
        room[1][g] -= girls;
        for &p in unit.iter() {
            group_of[p] = g as u32;
            for &s in model.apart_of(p) {
                apart_in[g * model.apart_count + s as usize] += 1;
            }
        }
    }
    Ok(())
}

fn position(slots: &[usize], g: usize) -> usize {
    slots.iter().position(|&s| s == g).unwrap_or(usize::MAX)
}

/// The order in which students of one gender are dealt: by category in each column, then
/// by score from highest to lowest, students without a score last.
fn deal_key(model: &Model, p: usize) -> (&[u32], Reverse<Option<i64>>) {
    (model.categories_of(p), Reverse(model.score[p]))
}

/// Deals a sorted list in rounds: round `r` (from 0) serves, in slot order, the groups with
/// more than `r` places left for this gender; the round's students go to those groups in a
/// freshly shuffled order.
fn deal(
    list: &[usize],
    slots: &[usize],
    room: &[usize],
    generator: &mut Generator,
    group_of: &mut [u32],
) {
    let mut next = list.iter();
    let mut round = 0;
    loop {
        let mut served: Vec<usize> = slots.iter().copied().filter(|&g| room[g] > round).collect();
        if served.is_empty() {
            break;
        }
        generator.shuffle(&mut served);
        for g in served {
            if let Some(&p) = next.next() {
                group_of[p] = g as u32;
            }
        }
        round += 1;
    }
}
