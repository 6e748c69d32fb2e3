//! Frozen vectors of the late-enrolment lot, as listed in `docs/algorithm.md` section 10.
//! A change to any of them changes where late students go: it needs a new algorithm name.

use bianban::fingerprint::Fingerprint;
use bianban::late::{ClassSize, LateKey, late_key, place};
use bianban::rng::{Generator, Seed};
use bianban::roster::Gender::{self, Female, Male};

fn class(number: u32, boys: usize, girls: usize) -> ClassSize {
    ClassSize {
        number,
        size: boys + girls,
        boys,
        girls,
    }
}

/// Five classes of 30, 29, 29, 30 and 29 students.
fn classes() -> [ClassSize; 5] {
    [
        class(1, 15, 15),
        class(2, 15, 14),
        class(3, 14, 15),
        class(4, 15, 15),
        class(5, 15, 14),
    ]
}

fn arrivals() -> Vec<(usize, Gender)> {
    [Female, Male, Male, Female, Female, Male, Female]
        .into_iter()
        .enumerate()
        .collect()
}

fn key(gender_rule: bool) -> [u8; 32] {
    let seed = Seed::parse("462135").unwrap();
    let archive = Fingerprint::parse(&"a".repeat(64)).unwrap();
    let late = Fingerprint::parse(&"b".repeat(64)).unwrap();
    late_key(&LateKey {
        seed: &seed,
        archive: &archive,
        earlier: &[],
        late_roster: &late,
        classes: 5,
        gender_rule,
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn key_is_sha256_of_documented_lines() {
    let text = format!(
        "bianban-1/late\nseed=462135\narchive={}\nearlier=\nlate_roster={}\nclasses=5\ngender_rule=0\n",
        "a".repeat(64),
        "b".repeat(64)
    );
    assert_eq!(Fingerprint::of(text.as_bytes()).0, key(false));
    assert_eq!(
        hex(&key(false)),
        "688d637bbff4d1f5130053c24b841359042d475f941cafd0b792d858638248b4"
    );
    assert_eq!(
        hex(&key(true)),
        "9770ddf2122c14edc046a92d886526cc8d33aae870faee49914d09528f4e2a64"
    );
}

#[test]
fn first_words_of_the_lot_generator() {
    let mut generator = Generator::from_key(key(false));
    let words: Vec<u32> = (0..4).map(|_| generator.next_u32()).collect();
    assert_eq!(words, [739075807, 123888526, 1347608462, 352455214]);
}

/// (tied, candidates, draw, class) of each placement.
type Expected = [(&'static [u32], &'static [u32], Option<u32>, u32); 7];

fn check(gender_rule: bool, expected: &Expected, after: [(usize, usize, usize); 5]) {
    let (placed, sizes) = place(&classes(), &arrivals(), key(gender_rule), gender_rule);
    for (p, (tied, candidates, draw, class)) in placed.iter().zip(expected) {
        assert_eq!(p.tied, *tied, "placement {}", p.order);
        assert_eq!(p.candidates, *candidates, "placement {}", p.order);
        assert_eq!(p.draw, *draw, "placement {}", p.order);
        assert_eq!(p.class, *class, "placement {}", p.order);
    }
    let sizes: Vec<(usize, usize, usize)> =
        sizes.iter().map(|c| (c.size, c.boys, c.girls)).collect();
    assert_eq!(sizes, after);
}

#[test]
fn placements_without_gender_rule() {
    let expected: Expected = [
        (&[2, 3, 5], &[2, 3, 5], Some(1), 2),
        (&[3, 5], &[3, 5], Some(1), 3),
        (&[5], &[5], None, 5),
        (&[1, 2, 3, 4, 5], &[1, 2, 3, 4, 5], Some(2), 2),
        (&[1, 3, 4, 5], &[1, 3, 4, 5], Some(1), 1),
        (&[3, 4, 5], &[3, 4, 5], Some(1), 3),
        (&[4, 5], &[4, 5], Some(1), 4),
    ];
    let after = [
        (31, 15, 16),
        (31, 15, 16),
        (31, 16, 15),
        (31, 15, 16),
        (30, 16, 14),
    ];
    check(false, &expected, after);
}

#[test]
fn placements_with_gender_rule() {
    let expected: Expected = [
        (&[2, 3, 5], &[2, 5], Some(1), 2),
        (&[3, 5], &[3], None, 3),
        (&[5], &[5], None, 5),
        (&[1, 2, 3, 4, 5], &[5], None, 5),
        (&[1, 2, 3, 4], &[1, 2, 3, 4], Some(4), 4),
        (&[1, 2, 3], &[1, 2, 3], Some(2), 2),
        (&[1, 3], &[1, 3], Some(2), 3),
    ];
    let after = [
        (30, 15, 15),
        (31, 16, 15),
        (31, 15, 16),
        (31, 15, 16),
        (31, 16, 15),
    ];
    check(true, &expected, after);
}
