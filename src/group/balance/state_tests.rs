//! Checks that the constant-time swap evaluation agrees with moving students and recounting.

use std::collections::BTreeMap;

use super::model::Model;
use super::state::State;
use super::{BalanceRequest, CategoryAttribute, ScoreAttribute, SetOrigin, StudentSet};
use crate::group::canonical_order;
use crate::rng::Generator;
use crate::roster::{Gender, Origin, Student, StudentId};

const NAMES: [&str; 6] = ["王伟", "李明", "黎明", "张伟", "章玮", "刘洋"];
const SCHOOLS: [&str; 3] = ["第一小学", "实验小学", "育才小学"];

pub fn students(n: usize) -> Vec<Student> {
    (0..n).map(student).collect()
}

fn student(i: usize) -> Student {
    Student {
        origin: Origin {
            sheet: "名单".into(),
            row: i as u32 + 1,
        },
        seq: None,
        name: NAMES[i % NAMES.len()].to_string(),
        gender: if i.is_multiple_of(3) {
            Gender::Female
        } else {
            Gender::Male
        },
        id: StudentId::Resident(format!("1101012012{i:08}")),
        student_no: None,
        birth: None,
        from_school: None,
        score: None,
        school: None,
        fields: BTreeMap::new(),
        extras: Vec::new(),
        namesake_mark: None,
    }
}

pub fn request(n: usize) -> BalanceRequest {
    let set = |members: Vec<usize>| StudentSet {
        members,
        origin: SetOrigin::Column {
            column: "同组".into(),
            value: "1".into(),
        },
    };
    BalanceRequest {
        score: Some(ScoreAttribute {
            label: "成绩".into(),
            hundredths: (0..n)
                .map(|i| (i % 7 != 0).then_some((i as i64 * 7919) % 10_001))
                .collect(),
        }),
        columns: vec![CategoryAttribute {
            label: "毕业学校".into(),
            values: (0..n).map(|i| SCHOOLS[i * i % 3].to_string()).collect(),
        }],
        separate_namesakes: true,
        separate_homophones: true,
        together: vec![set(vec![1, 2]), set(vec![10, 11, 12])],
        apart: vec![set(vec![4, 5, 6]), set(vec![7, 8])],
    }
}

#[test]
fn swap_delta_matches_recount() {
    let n = 60;
    let students: Vec<Student> = (0..n).map(student).collect();
    let order = canonical_order(&students);
    let model = Model::build(&students, &order, 5, &request(n)).unwrap();
    let start: Vec<u32> = (0..n).map(|p| (p % 5) as u32).collect();
    let mut state = State::new(&model, start);
    let mut generator = Generator::from_key([3u8; 32]);
    let mut checked = 0;
    for _ in 0..2_000 {
        let a = generator.below(n as u32) as usize;
        let b = generator.below(n as u32) as usize;
        let singles =
            model.unit_of[a] == super::model::NONE && model.unit_of[b] == super::model::NONE;
        if !singles || model.male[a] != model.male[b] || state.group_of[a] == state.group_of[b] {
            continue;
        }
        let fast = state.swap_delta(a, b);
        let before = state.measure_terms();
        let score_before = state.score_total();
        let (g, h) = (state.group_of[a] as usize, state.group_of[b] as usize);
        state.swap(a, b, &fast);
        let after = state.measure_terms();
        assert_eq!(after, state.terms, "running terms drift");
        assert_eq!(after.apart - before.apart, fast.apart);
        assert_eq!(after.names - before.names, fast.names);
        assert_eq!(after.categories - before.categories, fast.categories);
        assert_eq!(after.sounds - before.sounds, fast.sounds);
        assert_eq!(state.score_total() - score_before, fast.score);
        assert_eq!(state.group_of[a] as usize, h);
        assert_eq!(state.group_of[b] as usize, g);
        checked += 1;
    }
    assert!(checked > 200, "only {checked} swaps checked");
}

#[test]
fn rejected_unit_move_leaves_state_unchanged() {
    let n = 40;
    let students: Vec<Student> = (0..n).map(student).collect();
    let order = canonical_order(&students);
    let model = Model::build(&students, &order, 4, &request(n)).unwrap();
    let start: Vec<u32> = (0..n).map(|p| (p % 4) as u32).collect();
    let mut state = State::new(&model, start.clone());
    let terms = state.terms;
    // Moving a student to a group and straight back is never an improvement.
    let p = (0..n)
        .find(|&p| model.unit_of[p] == super::model::NONE)
        .unwrap();
    let g = state.group_of[p] as usize;
    assert!(!state.try_moves(&[(p, (g + 1) % 4), (p, g)]));
    assert_eq!(state.group_of, start);
    assert_eq!(state.terms, terms);
    assert_eq!(state.measure_terms(), terms);
}

#[test]
fn compound_delta_matches_recount() {
    let n = 60;
    let students: Vec<Student> = (0..n).map(student).collect();
    let order = canonical_order(&students);
    let model = Model::build(&students, &order, 4, &request(n)).unwrap();
    let start: Vec<u32> = (0..n).map(|p| (p % 4) as u32).collect();
    let mut state = State::new(&model, start);
    let mut generator = Generator::from_key([5u8; 32]);
    let mut checked = 0;
    for _ in 0..3_000 {
        let pick: Vec<usize> = (0..3).map(|_| generator.below(n as u32) as usize).collect();
        let groups: Vec<u32> = pick.iter().map(|&p| state.group_of[p]).collect();
        let distinct = groups[0] != groups[1] && groups[1] != groups[2] && groups[0] != groups[2];
        if !distinct {
            continue;
        }
        let moves = [
            (pick[0], groups[1] as usize),
            (pick[1], groups[2] as usize),
            (pick[2], groups[0] as usize),
        ];
        let (terms, score) = (state.measure_terms(), state.score_total());
        let delta = state.moves_delta(&moves);
        assert_eq!(state.measure_terms(), terms, "evaluation changed the state");
        assert_eq!(state.score_total(), score);
        state.apply_moves(&moves, &delta);
        let after = state.measure_terms();
        assert_eq!(after, state.terms);
        assert_eq!(after.apart - terms.apart, delta.apart);
        assert_eq!(after.names - terms.names, delta.names);
        assert_eq!(after.categories - terms.categories, delta.categories);
        assert_eq!(after.sounds - terms.sounds, delta.sounds);
        assert_eq!(state.score_total() - score, delta.score);
        checked += 1;
    }
    assert!(checked > 300, "only {checked} cycles checked");
}
