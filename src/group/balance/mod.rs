//! Grouping algorithm `bianban-1+balance-1`: gender-balanced groups that also balance scores,
//! categories and names, and keep students together or apart on request.
//!
//! The hard rules of `bianban-1` stay hard: every move of the search swaps students of the
//! same gender, or a keep-together set with students of the same genders, so group sizes,
//! boys and girls never differ by more than 1. The rest is a lexicographic objective: students
//! to be kept apart first, then identical names, categories within 1 of even, names that
//! sound alike, and last the spread of group means and standard deviations of the score.
//!
//! Everything is integer arithmetic on scores in hundredths, randomness comes only from the
//! project's [`Generator`], and the amount of work depends only on the roster and N, so the
//! same inputs give the same groups on any machine. `docs/algorithm.md` specifies each step.

mod construct;
mod model;
pub mod options;
pub mod report;
pub mod resolve;
mod search;
pub mod sound;
mod state;

use std::collections::BTreeSet;

use super::{GroupRequest, Grouping, canonical_order};
use crate::diag::CellRef;
use crate::fingerprint::{Fingerprint, canonical_line};
use crate::rng::Generator;
use crate::roster::{Gender, Origin, Student};
use crate::table::Field;

pub use model::MAX_SCORE_HUNDREDTHS;

/// The name of the balanced algorithm, printed on every sheet of a balanced run.
pub const BALANCE_ALGORITHM: &str = "bianban-1+balance-1";

/// The first line of the canonical form of the balance inputs.
pub const INPUTS_FORM: &str = "bianban-balance-inputs-v1";

/// A balance request resolved against one roster: the attributes to balance beyond gender.
/// Per-student values are in roster order, like [`crate::roster::Roster::students`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BalanceRequest {
    pub score: Option<ScoreAttribute>,
    pub columns: Vec<CategoryAttribute>,
    pub separate_namesakes: bool,
    pub separate_homophones: bool,
    pub together: Vec<StudentSet>,
    pub apart: Vec<StudentSet>,
}

impl BalanceRequest {
    /// True when any option is on, which makes the grouping use [`BALANCE_ALGORITHM`].
    pub fn is_active(&self) -> bool {
        self.score.is_some()
            || !self.columns.is_empty()
            || self.separate_namesakes
            || self.separate_homophones
            || !self.together.is_empty()
            || !self.apart.is_empty()
    }
}

/// A numeric column to balance: equal group means and equal standard deviations.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreAttribute {
    /// The column header as the clerk knows it.
    pub label: String,
    /// Each student's score in hundredths of a point, `None` when missing.
    pub hundredths: Vec<Option<i64>>,
}

/// A column whose values are categories to spread evenly (毕业学校, 住校, 特长).
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryAttribute {
    pub label: String,
    /// Each student's value after cleaning; an empty value is a category of its own.
    pub values: Vec<String>,
}

/// Students to keep together or apart, as indices into the roster, and the list row or
/// column value that requests it.
#[derive(Debug, Clone, PartialEq)]
pub struct StudentSet {
    pub members: Vec<usize>,
    pub origin: SetOrigin,
}

/// The place a keep-together or keep-apart set was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetOrigin {
    /// A row of a separate list file; `row` is 0-based.
    Row {
        file: String,
        sheet: String,
        row: u32,
    },
    /// The students sharing one value in a roster column.
    Column { column: String, value: String },
}

/// A student as named in messages: the name and the row in the roster file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudentRef {
    pub name: String,
    pub origin: Origin,
}

impl StudentRef {
    pub fn of(student: &Student) -> StudentRef {
        StudentRef {
            name: student.name.clone(),
            origin: student.origin.clone(),
        }
    }
}

/// A balance request that cannot be met. Nothing is written when one occurs.
#[derive(Debug, Clone, PartialEq)]
pub enum BalanceError {
    /// A keep-together set has more students than the largest group.
    TogetherTooLarge {
        students: Vec<StudentRef>,
        origin: SetOrigin,
        max: usize,
    },
    /// A keep-together set has more boys (or girls) than any group may have.
    TogetherTooManyOfGender {
        students: Vec<StudentRef>,
        origin: SetOrigin,
        gender: Gender,
        count: usize,
        max: usize,
    },
    /// Two students are on one keep-apart list but must be together by the keep-together lists.
    ApartButTogether {
        students: Vec<StudentRef>,
        apart: SetOrigin,
    },
    /// A keep-apart list has more students than there are groups.
    ApartTooLarge {
        students: Vec<StudentRef>,
        origin: SetOrigin,
        groups: usize,
    },
    /// The keep-together sets cannot all be placed without breaking the gender rule.
    TogetherDoNotFit { students: Vec<StudentRef> },
    /// The search ended with two students of a keep-apart list in one group.
    ApartUnmet { students: Vec<StudentRef> },
    /// A score is above what the integer arithmetic of the search allows.
    ScoreTooLarge { student: StudentRef, score: f64 },
    /// More students than the search handles.
    TooManyStudents { students: usize, max: usize },
    /// Scores are to be balanced but the roster has no score column.
    NoScoreColumn { available: Vec<String> },
    /// A column named in an option is not in the roster.
    NoSuchColumn {
        option: &'static str,
        column: String,
        available: Vec<String>,
    },
    /// A column with a different value for every student (姓名, 身份证号) was named as a
    /// category column.
    NotACategory { column: String, field: Field },
    /// Cells of the score column that are not scores: the first few and the count.
    ScoresInvalid {
        column: String,
        examples: Vec<(StudentRef, String)>,
        count: usize,
    },
    /// A list cell names no student of the roster.
    ListUnknownStudent {
        origin: SetOrigin,
        cell: CellRef,
        text: String,
    },
    /// A list cell gives a name that several students share.
    ListAmbiguousName {
        origin: SetOrigin,
        cell: CellRef,
        name: String,
        count: usize,
    },
    /// A list row names fewer than two different students.
    ListTooShort { origin: SetOrigin },
}

impl BalanceError {
    /// True for mistakes in the options (a column name that is not in the roster), as
    /// opposed to lists and data that cannot be met.
    pub fn is_option_mistake(&self) -> bool {
        matches!(
            self,
            BalanceError::NoScoreColumn { .. }
                | BalanceError::NoSuchColumn { .. }
                | BalanceError::NotACategory { .. }
        )
    }
}

/// A balanced grouping and how well each goal was met.
#[derive(Debug, Clone, PartialEq)]
pub struct BalancedGrouping {
    pub grouping: Grouping,
    pub outcome: Outcome,
}

/// Goals of the search that the result could not fully meet, and the final objective.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    /// Students with identical names left in one group, as pairs of roster indices.
    pub namesakes_together: Vec<(usize, usize)>,
    /// Students whose names sound alike (and differ) left in one group.
    pub homophones_together: Vec<(usize, usize)>,
    /// Per category column, the sum over groups and categories of the distance outside the
    /// even share (0 when every category is within 1 of even in every group).
    pub category_excess: Vec<u64>,
    /// Swaps and moves the search applied, for the benchmark.
    pub moves: usize,
}

/// Makes groups with algorithm [`BALANCE_ALGORITHM`].
///
/// Steps: canonical order; the keep-together sets merged into units and checked; the
/// generator keyed by seed, school, roster, N and the balance inputs; a random stratified
/// start; then the seeded swap search. `classes` must be between 1 and the number of
/// students; the caller checks this.
///
/// # Errors
///
/// Returns a [`BalanceError`] naming the students when the request cannot be met.
pub fn make_balanced_groups(
    request: &GroupRequest,
    balance: &BalanceRequest,
) -> Result<BalancedGrouping, BalanceError> {
    let students = request.students;
    let order = canonical_order(students);
    let model = model::Model::build(students, &order, request.classes as usize, balance)?;
    let inputs = inputs_fingerprint(students, balance);
    let mut generator = Generator::from_key(balance_key(request, &inputs));

    let start = construct::start(&model, &mut generator).map_err(|unit| {
        BalanceError::TogetherDoNotFit {
            students: unit
                .iter()
                .map(|&p| StudentRef::of(&students[model.roster_index(p)]))
                .collect(),
        }
    })?;
    let mut state = state::State::new(&model, start);
    let moves = search::run(&mut state, &mut generator);
    if let Some((a, b)) = state.apart_violation() {
        return Err(BalanceError::ApartUnmet {
            students: vec![
                StudentRef::of(&students[model.roster_index(a)]),
                StudentRef::of(&students[model.roster_index(b)]),
            ],
        });
    }

    let names: Vec<String> = students.iter().map(|s| s.name.clone()).collect();
    let outcome = state.outcome(moves, &names);
    let groups = state.into_groups(students);
    let grouping = Grouping {
        algorithm: BALANCE_ALGORITHM,
        classes: request.classes,
        seed: request.seed.clone(),
        school: request.school.to_string(),
        roster: request.roster,
        balance: Some(inputs),
        groups,
    };
    Ok(BalancedGrouping { grouping, outcome })
}

/// The generator key: SHA-256 of the purpose line, seed, school, roster fingerprint, N and
/// the balance inputs fingerprint, one `name=value` line each.
pub fn balance_key(request: &GroupRequest, inputs: &Fingerprint) -> [u8; 32] {
    let text = format!(
        "{BALANCE_ALGORITHM}/group\nseed={}\nschool={}\nroster={}\nclasses={}\nbalance={}\n",
        request.seed.canonical,
        request.school,
        request.roster.hex(),
        request.classes,
        inputs.hex()
    );
    Fingerprint::of(text.as_bytes()).0
}

/// Computes the fingerprint of everything the balancing uses beyond the roster fingerprint: the
/// options, each student's score and category values (the roster fingerprint does not cover
/// extra columns such as 住校) and the keep-together and keep-apart sets.
pub fn inputs_fingerprint(students: &[Student], balance: &BalanceRequest) -> Fingerprint {
    Fingerprint::of(canonical_inputs(students, balance).as_bytes())
}

/// Builds the canonical text of the balance inputs, as `docs/algorithm.md` specifies it.
pub fn canonical_inputs(students: &[Student], balance: &BalanceRequest) -> String {
    let order = canonical_order(students);
    let mut position = vec![0usize; students.len()];
    for (p, &i) in order.iter().enumerate() {
        position[i] = p;
    }
    let yes_no = |on: bool| if on { "yes" } else { "no" };
    let mut text = format!("{INPUTS_FORM}\n");
    let score_label = balance.score.as_ref().map(|s| s.label.as_str());
    text.push_str(&format!("score={}\n", score_label.unwrap_or("")));
    for column in &balance.columns {
        text.push_str(&format!("column={}\n", column.label));
    }
    text.push_str(&format!(
        "namesakes={}\nhomophones={}\n",
        yes_no(balance.separate_namesakes),
        yes_no(balance.separate_homophones)
    ));
    for &i in &order {
        text.push_str(&student_inputs_line(students, balance, i));
    }
    for (name, sets) in [("together", &balance.together), ("apart", &balance.apart)] {
        for set in canonical_sets(sets, &position) {
            let list: Vec<String> = set.iter().map(usize::to_string).collect();
            text.push_str(&format!("{name}={}\n", list.join(",")));
        }
    }
    text
}

/// `student=<canonical line>` then a tab and the score in hundredths, then a tab and each
/// category value.
fn student_inputs_line(students: &[Student], balance: &BalanceRequest, i: usize) -> String {
    let score = balance
        .score
        .as_ref()
        .and_then(|s| s.hundredths.get(i).copied().flatten())
        .map(|x| x.to_string())
        .unwrap_or_default();
    let mut line = format!("student={}\t{score}", canonical_line(&students[i]));
    for column in &balance.columns {
        line.push('\t');
        line.push_str(column.values.get(i).map(String::as_str).unwrap_or(""));
    }
    line.push('\n');
    line
}

/// Converts each set to its members' canonical positions, ascending and without repeats,
/// and sorts the sets, dropping repeated ones.
fn canonical_sets(sets: &[StudentSet], position: &[usize]) -> BTreeSet<Vec<usize>> {
    sets.iter()
        .map(|set| {
            let members: BTreeSet<usize> = set
                .members
                .iter()
                .filter_map(|&i| position.get(i).copied())
                .collect();
            members.into_iter().collect()
        })
        .collect()
}

/// Converts a score to hundredths of a point from its canonical decimal form (`88.5` gives
/// 8850), rounding a third decimal half up. Returns `None` for a negative, non-finite or too
/// large score.
pub fn score_hundredths(score: f64) -> Option<i64> {
    if !score.is_finite() || score < 0.0 {
        return None;
    }
    let text = crate::fingerprint::canonical_number(score);
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let whole: i64 = whole.parse().ok()?;
    let digits: Vec<i64> = fraction
        .bytes()
        .map(|b| i64::from(b.wrapping_sub(b'0')))
        .collect();
    if digits.iter().any(|d| !(0..=9).contains(d)) {
        return None;
    }
    let digit = |k: usize| digits.get(k).copied().unwrap_or(0);
    let round_up = i64::from(digit(2) >= 5);
    let hundredths = whole.checked_mul(100)? + digit(0) * 10 + digit(1) + round_up;
    (hundredths <= MAX_SCORE_HUNDREDTHS).then_some(hundredths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hundredths_from_canonical_decimal() {
        assert_eq!(score_hundredths(88.5), Some(8850));
        assert_eq!(score_hundredths(60.0), Some(6000));
        assert_eq!(score_hundredths(88.15), Some(8815));
        assert_eq!(score_hundredths(1.005), Some(101));
        assert_eq!(score_hundredths(0.125), Some(13));
        assert_eq!(score_hundredths(0.0), Some(0));
        assert_eq!(score_hundredths(-1.0), None);
        assert_eq!(score_hundredths(f64::NAN), None);
        assert_eq!(score_hundredths(1e12), None);
    }
}

#[cfg(test)]
mod state_tests;
