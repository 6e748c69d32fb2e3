//! Properties of grouping algorithm `bianban-1+balance-1` over many roster sizes, class
//! counts and options: the gender rule always holds, categories end within 1 of even,
//! namesakes are separated, keep-together and keep-apart lists are met, and the result does
//! not depend on row order.

use std::collections::{BTreeMap, BTreeSet};

use bianban::fingerprint::roster_fingerprint;
use bianban::group::balance::{
    BALANCE_ALGORITHM, BalanceError, BalanceRequest, BalancedGrouping, CategoryAttribute,
    ScoreAttribute, SetOrigin, StudentSet, make_balanced_groups, score_hundredths,
};
use bianban::group::{GroupRequest, check};
use bianban::rng::Seed;
use bianban::roster::{Gender, Origin, Student, StudentId};
use proptest::prelude::*;

const NAMES: [&str; 10] = [
    "王伟", "李明", "黎明", "张伟", "章玮", "刘洋", "陈静", "杨帆", "赵磊", "周敏",
];
const SCHOOLS: [&str; 5] = ["第一小学", "第二小学", "实验小学", "育才小学", "希望小学"];

/// One invented student: gender, index into a name pool, feeder school, score in tenths.
#[derive(Debug, Clone)]
struct Row {
    male: bool,
    name: usize,
    school: usize,
    score: Option<u16>,
}

fn rows(max: usize, names: usize) -> impl Strategy<Value = Vec<Row>> {
    prop::collection::vec(
        (
            any::<bool>(),
            0..names,
            0..SCHOOLS.len(),
            prop::option::weighted(0.9, 0u16..1000),
        )
            .prop_map(|(male, name, school, score)| Row {
                male,
                name,
                school,
                score,
            }),
        1..max,
    )
}

/// Builds students; names past the pool get a number, so `names` above the pool size gives
/// few namesakes.
fn students(rows: &[Row]) -> Vec<Student> {
    rows.iter()
        .enumerate()
        .map(|(i, row)| Student {
            origin: Origin {
                sheet: "名单".into(),
                row: i as u32 + 1,
            },
            seq: None,
            name: match NAMES.get(row.name) {
                Some(name) => name.to_string(),
                None => format!("学生{}", row.name),
            },
            gender: if row.male {
                Gender::Male
            } else {
                Gender::Female
            },
            id: StudentId::Resident(format!("3201022012{i:08}")),
            student_no: None,
            birth: None,
            from_school: Some(SCHOOLS[row.school].to_string()),
            score: row.score.map(|s| f64::from(s) / 10.0),
            school: None,
            fields: BTreeMap::new(),
            extras: Vec::new(),
            namesake_mark: None,
        })
        .collect()
}

#[derive(Debug, Clone, Copy, Default)]
struct Options {
    score: bool,
    schools: bool,
    namesakes: bool,
    homophones: bool,
}

fn request(students: &[Student], options: Options) -> BalanceRequest {
    BalanceRequest {
        score: options.score.then(|| ScoreAttribute {
            label: "成绩".into(),
            hundredths: students
                .iter()
                .map(|s| s.score.and_then(score_hundredths))
                .collect(),
        }),
        columns: if options.schools {
            vec![CategoryAttribute {
                label: "毕业学校".into(),
                values: students
                    .iter()
                    .map(|s| s.from_school.clone().unwrap_or_default())
                    .collect(),
            }]
        } else {
            Vec::new()
        },
        separate_namesakes: options.namesakes,
        separate_homophones: options.homophones,
        together: Vec::new(),
        apart: Vec::new(),
    }
}

fn run(
    students: &[Student],
    classes: u32,
    balance: &BalanceRequest,
) -> Result<BalancedGrouping, BalanceError> {
    let seed = Seed::parse("351624").unwrap();
    let request = GroupRequest {
        students,
        classes,
        seed: &seed,
        school: "示例中学",
        roster: roster_fingerprint(students),
    };
    make_balanced_groups(&request, balance)
}

fn set(members: Vec<usize>) -> StudentSet {
    StudentSet {
        members,
        origin: SetOrigin::Column {
            column: "同组".into(),
            value: "1".into(),
        },
    }
}

/// The group number of each student.
fn group_of(made: &BalancedGrouping, students: usize) -> Vec<u32> {
    let mut of = vec![0; students];
    for group in &made.grouping.groups {
        for &i in &group.members {
            of[i] = group.number;
        }
    }
    of
}

/// Each category's counts per group are within 1 of each other.
fn within_one(values: &[String], of: &[u32], classes: u32) -> bool {
    let mut counts: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (value, &g) in values.iter().zip(of) {
        counts
            .entry(value.as_str())
            .or_insert_with(|| vec![0; classes as usize])[g as usize - 1] += 1;
    }
    counts.values().all(|c| {
        let (min, max) = (c.iter().min().unwrap(), c.iter().max().unwrap());
        max - min <= 1
    })
}

/// Cases per property: 120, or `BALANCE_PROPTEST_CASES` for a longer run.
fn cases() -> u32 {
    std::env::var("BALANCE_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(120)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn gender_rule_holds_with_any_options(
        rows in rows(90, 14),
        classes in 1u32..16,
        flags in any::<(bool, bool, bool, bool)>(),
    ) {
        prop_assume!(rows.len() >= classes as usize);
        let students = students(&rows);
        let options = Options { score: flags.0, schools: flags.1, namesakes: flags.2, homophones: flags.3 };
        let made = run(&students, classes, &request(&students, options)).unwrap();
        let g = check(&students, &made.grouping.groups);
        prop_assert!(g.each_once);
        prop_assert!(g.size_spread <= 1, "sizes {:?}", g);
        prop_assert!(g.boys_spread <= 1, "boys {:?}", g);
        prop_assert!(g.girls_spread <= 1, "girls {:?}", g);
        prop_assert_eq!(made.grouping.groups.len(), classes as usize);
        prop_assert_eq!(made.grouping.algorithm, BALANCE_ALGORITHM);
    }

    #[test]
    fn one_category_column_ends_within_one_of_even(
        rows in rows(150, 40),
        classes in 1u32..12,
        score in any::<bool>(),
    ) {
        prop_assume!(rows.len() >= classes as usize);
        // Missing scores would add a second category column, and two columns can conflict.
        let rows: Vec<Row> = rows
            .into_iter()
            .map(|r| Row { score: Some(r.score.unwrap_or(500)), ..r })
            .collect();
        let students = students(&rows);
        let options = Options { score, schools: true, ..Options::default() };
        let balance = request(&students, options);
        let made = run(&students, classes, &balance).unwrap();
        let of = group_of(&made, students.len());
        prop_assert!(within_one(&balance.columns[0].values, &of, classes));
        prop_assert!(made.outcome.category_excess.iter().all(|&e| e == 0));
    }

    #[test]
    fn missing_scores_spread_within_one(rows in rows(120, 40), classes in 2u32..10) {
        prop_assume!(rows.len() >= classes as usize);
        let students = students(&rows);
        let options = Options { score: true, ..Options::default() };
        let made = run(&students, classes, &request(&students, options)).unwrap();
        let of = group_of(&made, students.len());
        let missing: Vec<String> = students.iter().map(|s| s.score.is_none().to_string()).collect();
        prop_assert!(within_one(&missing, &of, classes));
    }

    #[test]
    fn identical_names_end_in_different_groups(
        rows in rows(100, 40),
        classes in 4u32..12,
    ) {
        let students = students(&rows);
        let mut by_name: BTreeMap<&str, usize> = BTreeMap::new();
        for s in &students {
            *by_name.entry(s.name.as_str()).or_default() += 1;
        }
        // Possible whenever no name is shared by more students than there are groups.
        let largest = by_name.values().copied().max().unwrap_or(1);
        let classes = (classes as usize).max(largest).min(students.len()) as u32;
        let options = Options { namesakes: true, schools: true, ..Options::default() };
        let made = run(&students, classes, &request(&students, options)).unwrap();
        prop_assert!(made.outcome.namesakes_together.is_empty());
        for group in &made.grouping.groups {
            let names: BTreeSet<&str> = group.members.iter().map(|&i| students[i].name.as_str()).collect();
            prop_assert_eq!(names.len(), group.members.len());
        }
    }

    #[test]
    fn together_and_apart_sets_are_met_or_rejected(
        rows in rows(80, 60),
        classes in 2u32..10,
        pairs in prop::collection::vec((0usize..80, 0usize..80, any::<bool>()), 0..8),
    ) {
        prop_assume!(rows.len() >= classes as usize);
        let students = students(&rows);
        let mut balance = request(&students, Options { score: true, ..Options::default() });
        for &(a, b, together) in &pairs {
            let (a, b) = (a % students.len(), b % students.len());
            if a == b {
                continue;
            }
            if together {
                balance.together.push(set(vec![a, b]));
            } else {
                balance.apart.push(set(vec![a, b]));
            }
        }
        match run(&students, classes, &balance) {
            Ok(made) => {
                let of = group_of(&made, students.len());
                for s in &balance.together {
                    prop_assert_eq!(of[s.members[0]], of[s.members[1]]);
                }
                for s in &balance.apart {
                    prop_assert_ne!(of[s.members[0]], of[s.members[1]]);
                }
                prop_assert!(check(&students, &made.grouping.groups).hold());
            }
            Err(error) => prop_assert!(
                matches!(
                    error,
                    BalanceError::ApartButTogether { .. }
                        | BalanceError::TogetherTooManyOfGender { .. }
                        | BalanceError::TogetherTooLarge { .. }
                        | BalanceError::TogetherDoNotFit { .. }
                        | BalanceError::ApartUnmet { .. }
                ),
                "unexpected {:?}",
                error
            ),
        }
    }

    #[test]
    fn row_order_does_not_change_groups(
        rows in rows(80, 12),
        classes in 1u32..8,
        rotate in 0usize..80,
    ) {
        prop_assume!(rows.len() >= classes as usize);
        let mut reordered = rows.clone();
        reordered.reverse();
        let len = reordered.len();
        reordered.rotate_left(rotate % len);
        let membership = |rows: &[Row]| {
            // IDs follow row positions, so give each row its ID from its content instead.
            let mut students = students(rows);
            for (s, row) in students.iter_mut().zip(rows) {
                s.id = StudentId::Resident(format!("{}-{}-{}-{:?}", row.name, row.school, row.male, row.score));
            }
            let options = Options { score: true, schools: true, namesakes: true, homophones: true };
            let made = run(&students, classes, &request(&students, options)).unwrap();
            let mut groups: Vec<Vec<String>> = made
                .grouping
                .groups
                .iter()
                .map(|g| {
                    let mut ids: Vec<String> = g.members.iter().map(|&i| students[i].id.display()).collect();
                    ids.sort();
                    ids
                })
                .collect();
            groups.sort();
            groups
        };
        prop_assert_eq!(membership(&rows), membership(&reordered));
    }
}

#[test]
fn same_inputs_give_same_groups() {
    let rows: Vec<Row> = (0..97)
        .map(|i| Row {
            male: i % 3 != 0,
            name: i % 13,
            school: i % 5,
            score: (i % 11 != 0).then_some((i * 37 % 1000) as u16),
        })
        .collect();
    let students = students(&rows);
    let options = Options {
        score: true,
        schools: true,
        namesakes: true,
        homophones: true,
    };
    let a = run(&students, 6, &request(&students, options)).unwrap();
    let b = run(&students, 6, &request(&students, options)).unwrap();
    assert_eq!(a.grouping.groups, b.grouping.groups);
    assert_eq!(
        a.grouping.fingerprint(&students),
        b.grouping.fingerprint(&students)
    );
}

#[test]
fn one_group_takes_everyone() {
    let rows: Vec<Row> = (0..9)
        .map(|i| Row {
            male: i < 5,
            name: i,
            school: i % 2,
            score: Some(i as u16 * 10),
        })
        .collect();
    let students = students(&rows);
    let options = Options {
        score: true,
        schools: true,
        namesakes: true,
        homophones: false,
    };
    let made = run(&students, 1, &request(&students, options)).unwrap();
    assert_eq!(made.grouping.groups.len(), 1);
    assert_eq!(made.grouping.groups[0].size(), 9);
    assert_eq!(made.grouping.groups[0].boys, 5);
}

#[test]
fn one_gender_only_still_balances_sizes() {
    let rows: Vec<Row> = (0..47)
        .map(|i| Row {
            male: false,
            name: i + 20,
            school: i % 4,
            score: Some((i * 53 % 1000) as u16),
        })
        .collect();
    let students = students(&rows);
    let options = Options {
        score: true,
        schools: true,
        ..Options::default()
    };
    let made = run(&students, 5, &request(&students, options)).unwrap();
    assert!(check(&students, &made.grouping.groups).hold());
    assert!(made.grouping.groups.iter().all(|g| g.boys == 0));
}

#[test]
fn more_groups_than_boys_gives_each_at_most_one() {
    let rows: Vec<Row> = (0..43)
        .map(|i| Row {
            male: i < 3,
            name: i + 20,
            school: i % 3,
            score: Some((i * 71 % 1000) as u16),
        })
        .collect();
    let students = students(&rows);
    let options = Options {
        score: true,
        schools: true,
        ..Options::default()
    };
    let made = run(&students, 10, &request(&students, options)).unwrap();
    assert!(made.grouping.groups.iter().all(|g| g.boys <= 1));
    assert!(check(&students, &made.grouping.groups).hold());
}

#[test]
fn twins_of_both_genders_stay_together() {
    let rows: Vec<Row> = (0..60)
        .map(|i| Row {
            male: i % 2 == 0,
            name: i + 20,
            school: i % 3,
            score: Some((i * 29 % 1000) as u16),
        })
        .collect();
    let students = students(&rows);
    let mut balance = request(
        &students,
        Options {
            score: true,
            schools: true,
            ..Options::default()
        },
    );
    balance.together = vec![set(vec![0, 1]), set(vec![2, 3]), set(vec![10, 11, 12])];
    balance.apart = vec![set(vec![0, 2, 10])];
    let made = run(&students, 4, &balance).unwrap();
    let of = group_of(&made, students.len());
    assert_eq!(of[0], of[1]);
    assert_eq!(of[2], of[3]);
    assert_eq!(of[10], of[11]);
    assert_eq!(of[11], of[12]);
    assert_ne!(of[0], of[2]);
    assert_ne!(of[0], of[10]);
    assert_ne!(of[2], of[10]);
    assert!(check(&students, &made.grouping.groups).hold());
}
