//! Invented first-year students, one school's roster at a time.

use chrono::NaiveDate;

use super::INTAKE_YEAR;
use super::dice::Dice;
use super::people::{
    FAR_DISTRICTS, HOME_DISTRICTS, IdRegistry, NameChars, draw_date, draw_phone, ymd,
};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Grade {
    One,
    Seven,
}

impl Grade {
    pub fn label(self) -> &'static str {
        match self {
            Grade::One => "一年级",
            Grade::Seven => "七年级",
        }
    }

    /// Returns the first and last birth date of pupils who start this grade on time.
    pub fn birth_range(self) -> (NaiveDate, NaiveDate) {
        let age = match self {
            Grade::One => 6,
            Grade::Seven => 12,
        };
        (
            ymd(INTAKE_YEAR - age - 1, 9, 1),
            ymd(INTAKE_YEAR - age, 8, 31),
        )
    }

    /// Returns the policy cap on class size: 45 in primary, 50 in junior middle school.
    pub fn class_cap(self) -> usize {
        match self {
            Grade::One => 45,
            Grade::Seven => 50,
        }
    }

    fn has_score(self) -> bool {
        self == Grade::Seven
    }

    /// Returns what the previous schools are: primary schools for grade 7, kindergartens for 1.
    fn feeder_kind(self) -> &'static str {
        match self {
            Grade::One => "幼儿园",
            Grade::Seven => "小学",
        }
    }
}

pub struct Student {
    pub name: String,
    pub male: bool,
    pub id_number: String,
    pub birth: NaiveDate,
    pub previous_school: String,
    pub score: Option<f64>,
    pub phone: String,
}

/// The shape of one school's roster for one grade.
pub struct RosterSpec {
    pub school: String,
    pub grade: Grade,
    /// Feeder schools (or kindergartens) and how many students come from each.
    pub feeders: Vec<(String, usize)>,
    pub male_share: f64,
    pub district: u32,
    /// Districts of the same city or province, for students born across a district border.
    pub nearby: &'static [u32],
    /// Pairs of different students made to share a name, on top of namesakes by chance.
    pub namesake_pairs: usize,
}

/// One school's first-year roster, in the order the school's list has it.
pub struct Roster {
    pub school: String,
    pub grade: Grade,
    pub students: Vec<Student>,
}

/// Share of students whose twin is drawn right after them, an estimate that makes about
/// one student in forty a twin.
const TWIN_SHARE: f64 = 0.012;

/// Generates a roster: students grouped by feeder school as the feeders sent them, with the
/// exact share of boys, a few twins and some namesakes.
pub fn generate_roster(spec: &RosterSpec, dice: &mut Dice, ids: &mut IdRegistry) -> Roster {
    let names = NameChars::new();
    let size: usize = spec.feeders.iter().map(|(_, count)| count).sum();
    let boys = (size as f64 * spec.male_share).round() as usize;
    let mut sexes: Vec<bool> = (0..size).map(|i| i < boys).collect();
    dice.shuffle(&mut sexes);

    let mut students: Vec<Student> = Vec::with_capacity(size);
    let mut has_twin = vec![false; size];
    for (feeder, count) in &spec.feeders {
        let first = students.len();
        for _ in 0..*count {
            let index = students.len();
            let male = sexes[index];
            let twin = index > first && !has_twin[index - 1] && dice.chance(TWIN_SHARE);
            let student = if twin {
                has_twin[index - 1] = true;
                has_twin[index] = true;
                draw_twin(&students[index - 1], male, dice, ids, &names)
            } else {
                draw_student(spec, feeder, male, dice, ids, &names)
            };
            students.push(student);
        }
    }

    add_namesakes(&mut students, &has_twin, spec.namesake_pairs, dice);
    Roster {
        school: spec.school.clone(),
        grade: spec.grade,
        students,
    }
}

fn draw_student(
    spec: &RosterSpec,
    feeder: &str,
    male: bool,
    dice: &mut Dice,
    ids: &mut IdRegistry,
    names: &NameChars,
) -> Student {
    let (first, last) = spec.grade.birth_range();
    let birth = draw_date(dice, first, last);
    let district = draw_birth_district(spec, dice);
    Student {
        name: names.child(dice, male),
        male,
        id_number: ids.draw(dice, district, birth, male, None),
        birth,
        previous_school: feeder.to_string(),
        score: spec.grade.has_score().then(|| draw_score(dice)),
        phone: draw_phone(dice),
    }
}

/// Most students were born in the school's district, some in a neighbouring one, a few far off.
fn draw_birth_district(spec: &RosterSpec, dice: &mut Dice) -> u32 {
    let roll = dice.unit();
    if roll < 0.75 {
        spec.district
    } else if roll < 0.93 {
        *dice.pick(spec.nearby)
    } else {
        *dice.pick(FAR_DISTRICTS)
    }
}

/// Draws the twin of `sibling`: same surname, birth date, birthplace, phone and feeder school.
fn draw_twin(
    sibling: &Student,
    male: bool,
    dice: &mut Dice,
    ids: &mut IdRegistry,
    names: &NameChars,
) -> Student {
    let district = sibling.id_number[..6].parse().unwrap_or(HOME_DISTRICTS[0]);
    let sibling_sequence = sibling.id_number[14..17].parse().ok();
    Student {
        name: names.twin(dice, &sibling.name, male),
        male,
        id_number: ids.draw(dice, district, sibling.birth, male, sibling_sequence),
        birth: sibling.birth,
        previous_school: sibling.previous_school.clone(),
        score: sibling.score.map(|_| draw_score(dice)),
        phone: sibling.phone.clone(),
    }
}

/// Draws an entrance score: roughly normal with mean 75 and sd 15, one decimal, within 0..100.
fn draw_score(dice: &mut Dice) -> f64 {
    let score = (75.0 + 15.0 * dice.normal()).clamp(0.0, 100.0);
    (score * 10.0).round() / 10.0
}

/// Renames students until the roster has at least `wanted` namesake pairs: two students of
/// the same gender from different feeder schools. Twins keep their names, so a family keeps
/// one surname.
fn add_namesakes(students: &mut [Student], has_twin: &[bool], wanted: usize, dice: &mut Dice) {
    let mut attempts = 0;
    while count_namesake_pairs(students) < wanted && attempts < 1000 {
        attempts += 1;
        let from = dice.index(students.len());
        let to = dice.index(students.len());
        let (a, b) = (&students[from], &students[to]);
        let unfit = has_twin[from] || has_twin[to] || a.male != b.male || a.name == b.name;
        if unfit || a.previous_school == b.previous_school {
            continue;
        }
        students[to].name = students[from].name.clone();
    }
}

/// Counts pairs of students that share a name. Three students with one name count as two.
pub fn count_namesake_pairs(students: &[Student]) -> usize {
    let mut names: Vec<&str> = students.iter().map(|s| s.name.as_str()).collect();
    names.sort_unstable();
    names.windows(2).filter(|pair| pair[0] == pair[1]).count()
}

/// Splits `total` over `weights` by largest remainders, so the counts add up exactly.
pub fn apportion(total: usize, weights: &[f64]) -> Vec<usize> {
    let sum: f64 = weights.iter().sum();
    let exact: Vec<f64> = weights.iter().map(|w| total as f64 * w / sum).collect();
    let mut counts: Vec<usize> = exact.iter().map(|x| x.floor() as usize).collect();
    let remainder = |i: usize| exact[i] - exact[i].floor();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| remainder(b).total_cmp(&remainder(a)).then(a.cmp(&b)));
    let missing = total.saturating_sub(counts.iter().sum());
    for &i in order.iter().take(missing) {
        counts[i] += 1;
    }
    counts
}

/// Returns the one-line description of a roster printed after writing it.
pub fn roster_summary(roster: &Roster) -> String {
    let boys = roster.students.iter().filter(|s| s.male).count();
    let mut feeders: Vec<&str> = roster
        .students
        .iter()
        .map(|s| s.previous_school.as_str())
        .collect();
    feeders.sort_unstable();
    feeders.dedup();
    format!(
        "{}{}，{} 名学生（男 {boys}，女 {}），来自 {} 所{}，同名 {} 对",
        roster.school,
        roster.grade.label(),
        roster.students.len(),
        roster.students.len() - boys,
        feeders.len(),
        roster.grade.feeder_kind(),
        count_namesake_pairs(&roster.students),
    )
}
