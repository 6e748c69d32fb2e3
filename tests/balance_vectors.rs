//! Frozen test vectors for grouping algorithm `bianban-1+balance-1`, as specified in
//! section 11 of `docs/algorithm.md`.
//!
//! If one of these fails, the balanced grouping of some real roster would change: that needs
//! a new algorithm name, not an updated vector.

use std::collections::BTreeMap;

use bianban::fingerprint::roster_fingerprint;
use bianban::group::balance::{
    BALANCE_ALGORITHM, BalanceRequest, CategoryAttribute, ScoreAttribute, SetOrigin, StudentSet,
    balance_key, canonical_inputs, inputs_fingerprint, make_balanced_groups, score_hundredths,
    sound::sound_key,
};
use bianban::group::{GroupRequest, check};
use bianban::rng::{Generator, Seed};
use bianban::roster::{Gender, Origin, Student, StudentId};
use chrono::NaiveDate;

/// An invented student: name, gender, ID, feeder school, score, 住校.
type Row = (
    &'static str,
    Gender,
    &'static str,
    &'static str,
    Option<f64>,
    &'static str,
);

/// Fifteen students with a missing score, two namesakes (王雨桐), two same-sound names (李明
/// and 黎明) and twins (张子涵 and 张子轩).
const ROWS: [Row; 15] = [
    (
        "王雨桐",
        Gender::Female,
        "440305201311150243",
        "实验小学",
        Some(73.5),
        "是",
    ),
    (
        "李思远",
        Gender::Male,
        "310104201206080232",
        "第二小学",
        Some(97.0),
        "否",
    ),
    (
        "张子涵",
        Gender::Female,
        "110101201101010207",
        "第一小学",
        Some(60.0),
        "否",
    ),
    (
        "张子轩",
        Gender::Male,
        "110101201101010215",
        "第一小学",
        Some(64.5),
        "否",
    ),
    (
        "刘浩然",
        Gender::Male,
        "51010720110422027X",
        "育才小学",
        Some(110.0),
        "是",
    ),
    (
        "陈可欣",
        Gender::Female,
        "330106201209010287",
        "第二小学",
        None,
        "否",
    ),
    (
        "杨梓轩",
        Gender::Male,
        "420102201302080315",
        "第一小学",
        Some(62.0),
        "是",
    ),
    (
        "赵一诺",
        Gender::Female,
        "110101201107150323",
        "第二小学",
        Some(99.0),
        "否",
    ),
    (
        "黄俊杰",
        Gender::Male,
        "310104201212220350",
        "实验小学",
        Some(75.0),
        "否",
    ),
    (
        "周欣怡",
        Gender::Female,
        "440305201305010367",
        "育才小学",
        Some(112.0),
        "是",
    ),
    (
        "吴宇航",
        Gender::Male,
        "51010720111008039X",
        "实验小学",
        Some(88.0),
        "否",
    ),
    (
        "王雨桐",
        Gender::Female,
        "440305201209090424",
        "第一小学",
        Some(81.5),
        "否",
    ),
    (
        "李明",
        Gender::Male,
        "310104201203030416",
        "第二小学",
        Some(91.0),
        "是",
    ),
    (
        "黎明",
        Gender::Male,
        "420102201210100438",
        "育才小学",
        Some(70.5),
        "否",
    ),
    (
        "孙悦",
        Gender::Female,
        "330106201206060449",
        "实验小学",
        Some(85.5),
        "否",
    ),
];

fn vector_students() -> Vec<Student> {
    ROWS.iter()
        .enumerate()
        .map(|(i, (name, gender, id, school, score, _))| Student {
            origin: Origin {
                sheet: "名单".into(),
                row: i as u32 + 1,
            },
            seq: Some((i + 1).to_string()),
            name: name.to_string(),
            gender: *gender,
            id: StudentId::Resident(id.to_string()),
            student_no: Some(format!("G{id}")),
            birth: NaiveDate::parse_from_str(&id[6..14], "%Y%m%d").ok(),
            from_school: Some(school.to_string()),
            score: *score,
            school: None,
            fields: BTreeMap::new(),
            extras: vec![ROWS[i].5.to_string()],
            namesake_mark: None,
        })
        .collect()
}

fn origin(value: &str) -> SetOrigin {
    SetOrigin::Column {
        column: "备注".into(),
        value: value.into(),
    }
}

/// Score, 毕业学校 and 住校 balanced, namesakes and same-sound names separated, the twins
/// 张子涵 and 张子轩 kept together, and 李思远 and 刘浩然 kept apart.
fn vector_request(students: &[Student]) -> BalanceRequest {
    BalanceRequest {
        score: Some(ScoreAttribute {
            label: "成绩".into(),
            hundredths: students
                .iter()
                .map(|s| s.score.and_then(score_hundredths))
                .collect(),
        }),
        columns: vec![
            CategoryAttribute {
                label: "毕业学校".into(),
                values: students
                    .iter()
                    .map(|s| s.from_school.clone().unwrap_or_default())
                    .collect(),
            },
            CategoryAttribute {
                label: "住校".into(),
                values: students.iter().map(|s| s.extras[0].clone()).collect(),
            },
        ],
        separate_namesakes: true,
        separate_homophones: true,
        together: vec![StudentSet {
            members: vec![2, 3],
            origin: origin("双胞胎"),
        }],
        apart: vec![StudentSet {
            members: vec![4, 1],
            origin: origin("分开"),
        }],
    }
}

fn group_request<'a>(students: &'a [Student], seed: &'a Seed) -> GroupRequest<'a> {
    GroupRequest {
        students,
        classes: 3,
        seed,
        school: "示例中学",
        roster: roster_fingerprint(students),
    }
}

#[test]
fn vector_score_hundredths_and_sound_keys() {
    assert_eq!(score_hundredths(73.5), Some(7350));
    assert_eq!(score_hundredths(112.0), Some(11200));
    assert_eq!(sound_key("李明"), "li ming");
    assert_eq!(sound_key("黎明"), "li ming");
    assert_eq!(sound_key("王雨桐"), "wang yu tong");
}

#[test]
fn vector_canonical_inputs() {
    let students = vector_students();
    let text = canonical_inputs(&students, &vector_request(&students));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        &lines[..6],
        &[
            "bianban-balance-inputs-v1",
            "score=成绩",
            "column=毕业学校",
            "column=住校",
            "namesakes=yes",
            "homophones=yes",
        ]
    );
    assert_eq!(
        lines[6],
        "student=ID:110101201101010207\t张子涵\tF\t2011-01-01\tG110101201101010207\t第一小学\t60\t6000\t第一小学\t否"
    );
    assert!(lines.contains(
        &"student=ID:330106201209010287\t陈可欣\tF\t2012-09-01\tG330106201209010287\t第二小学\t\t\t第二小学\t否"
    ));
    assert_eq!(lines[lines.len() - 2], "together=0,1");
    assert_eq!(lines[lines.len() - 1], "apart=4,13");
    assert_eq!(lines.len(), 6 + 15 + 2);
}

#[test]
fn vector_inputs_fingerprint_and_key() {
    let students = vector_students();
    let seed = Seed::parse("351624").unwrap();
    let request = group_request(&students, &seed);
    let inputs = inputs_fingerprint(&students, &vector_request(&students));
    assert_eq!(
        inputs.hex(),
        "89e82d68ccc160a2a16ad2fdd6b58a427807239f75feb8245ce8845e92a831ea"
    );
    let key = balance_key(&request, &inputs);
    let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(
        hex,
        "b6a8f2dabe7010e7270e09aeeaa99696278855a1401b3e218d8653e244a8b26a"
    );
    let mut generator = Generator::from_key(key);
    let words: Vec<u32> = (0..4).map(|_| generator.next_u32()).collect();
    assert_eq!(words, vec![2499190609, 3472439512, 2636286730, 2834689268]);
}

#[test]
fn vector_groups() {
    let students = vector_students();
    let seed = Seed::parse("351624").unwrap();
    let request = group_request(&students, &seed);
    let made = make_balanced_groups(&request, &vector_request(&students)).unwrap();
    let grouping = &made.grouping;
    assert_eq!(grouping.algorithm, BALANCE_ALGORITHM);
    assert!(check(&students, &grouping.groups).hold());
    let names: Vec<Vec<&str>> = grouping
        .groups
        .iter()
        .map(|g| {
            g.members
                .iter()
                .map(|&i| students[i].name.as_str())
                .collect()
        })
        .collect();
    assert_eq!(
        names,
        vec![
            vec!["王雨桐", "李思远", "杨梓轩", "黎明", "孙悦"],
            vec!["张子涵", "张子轩", "赵一诺", "周欣怡", "吴宇航"],
            vec!["刘浩然", "陈可欣", "黄俊杰", "王雨桐", "李明"],
        ]
    );
    assert_eq!(
        grouping.fingerprint(&students).hex(),
        "bd870c431f3b641aabcae009be481b973ccf242f8301e548b9a5b1e1c0501edb"
    );
}
