//! The grouping guarantees over many roster sizes, gender mixes and class counts.

use std::collections::{BTreeMap, BTreeSet};

use bianban::fingerprint::roster_fingerprint;
use bianban::group::{GroupRequest, Grouping, check, make_groups};
use bianban::rng::Seed;
use bianban::roster::{Gender, Origin, Student, StudentId};
use proptest::prelude::*;

/// An invented student; `n` makes the ID and name unique.
fn student(n: usize, gender: Gender) -> Student {
    Student {
        origin: Origin {
            sheet: "名单".into(),
            row: n as u32 + 1,
        },
        seq: Some((n + 1).to_string()),
        name: format!("学生{n:04}"),
        gender,
        id: StudentId::Resident(format!("1101012012{n:08}")),
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

fn roster(boys: usize, girls: usize) -> Vec<Student> {
    (0..boys + girls)
        .map(|n| {
            student(
                n,
                if n < boys {
                    Gender::Male
                } else {
                    Gender::Female
                },
            )
        })
        .collect()
}

fn group(students: &[Student], classes: u32, seed: &str) -> Grouping {
    let seed = Seed::parse(seed).expect("seed");
    let request = GroupRequest {
        students,
        classes,
        seed: &seed,
        school: "示例中学",
        roster: roster_fingerprint(students),
    };
    make_groups(&request)
}

/// The groups as sets of student names, independent of indices and list order.
fn membership(students: &[Student], grouping: &Grouping) -> Vec<BTreeSet<String>> {
    grouping
        .groups
        .iter()
        .map(|g| {
            g.members
                .iter()
                .map(|&i| students[i].name.clone())
                .collect()
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn guarantees_hold_for_any_mix(boys in 0usize..160, girls in 0usize..160, classes in 1u32..60) {
        prop_assume!(boys + girls >= classes as usize);
        let students = roster(boys, girls);
        let grouping = group(&students, classes, "351624");
        let g = check(&students, &grouping.groups);
        prop_assert!(g.each_once);
        prop_assert!(g.size_spread <= 1, "sizes {:?}", g);
        prop_assert!(g.boys_spread <= 1, "boys {:?}", g);
        prop_assert!(g.girls_spread <= 1, "girls {:?}", g);
        prop_assert_eq!(grouping.groups.len(), classes as usize);
    }

    #[test]
    fn row_order_does_not_change_groups(boys in 1usize..80, girls in 1usize..80, classes in 1u32..20, rotate in 0usize..50) {
        prop_assume!(boys + girls >= classes as usize);
        let students = roster(boys, girls);
        let mut reordered = students.clone();
        reordered.reverse();
        let len = reordered.len();
        reordered.rotate_left(rotate % len);
        let a = membership(&students, &group(&students, classes, "46213553"));
        let b = membership(&reordered, &group(&reordered, classes, "46213553"));
        prop_assert_eq!(a, b);
    }
}

#[test]
fn one_class_takes_everyone() {
    let students = roster(7, 5);
    let grouping = group(&students, 1, "123456");
    assert_eq!(grouping.groups.len(), 1);
    assert_eq!(grouping.groups[0].size(), 12);
    assert_eq!(grouping.groups[0].boys, 7);
    assert_eq!(grouping.groups[0].girls, 5);
}

#[test]
fn all_one_gender_still_balances_sizes() {
    let students = roster(0, 47);
    let grouping = group(&students, 5, "123456");
    let sizes: Vec<usize> = grouping.groups.iter().map(|g| g.size()).collect();
    assert_eq!(sizes.iter().sum::<usize>(), 47);
    assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1);
    assert!(grouping.groups.iter().all(|g| g.boys == 0));
}

#[test]
fn more_classes_than_boys_gives_each_group_at_most_one() {
    let students = roster(3, 40);
    let grouping = group(&students, 10, "654321");
    let boys: Vec<usize> = grouping.groups.iter().map(|g| g.boys).collect();
    assert_eq!(boys.iter().sum::<usize>(), 3);
    assert!(boys.iter().all(|&b| b <= 1));
    assert!(check(&students, &grouping.groups).hold());
}

#[test]
fn extra_boys_and_girls_overlap_minimally() {
    // 7 boys and 7 girls in 4 groups: 3 extra boys and 3 extra girls; 3 + 3 - 4 = 2 groups
    // must get both, and the sizes are then 4, 4, 3, 3 only if the overlap is exactly 2.
    let students = roster(7, 7);
    let grouping = group(&students, 4, "918273");
    let both = grouping
        .groups
        .iter()
        .filter(|g| g.boys == 2 && g.girls == 2)
        .count();
    assert_eq!(both, 2);
    assert!(check(&students, &grouping.groups).hold());
}

#[test]
fn different_seeds_give_different_groups() {
    let students = roster(50, 50);
    let a = membership(&students, &group(&students, 4, "351624"));
    let b = membership(&students, &group(&students, 4, "351625"));
    assert_ne!(a, b);
}

#[test]
fn same_inputs_give_same_groups() {
    let students = roster(33, 29);
    let a = group(&students, 5, "351624");
    let b = group(&students, 5, "3 5 1 6 2 4");
    assert_eq!(a.groups, b.groups);
    assert_eq!(a.fingerprint(&students), b.fingerprint(&students));
}
