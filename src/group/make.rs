//! Making a school's groups with the algorithm its options call for: `bianban-1` when no
//! balance option is on, `bianban-1+balance-1` when one is.
//!
//! `group` makes its groups here, and `verify` and `merge` make them again here, so a
//! recomputation from the roster, the seed and the same options gives exactly the groups
//! that were sealed.

use super::balance::options::BalanceOptions;
use super::balance::report::BalanceSummary;
use super::balance::{
    BalanceRequest, CategoryAttribute, ScoreAttribute, balance_key, inputs_fingerprint,
    make_balanced_groups, resolve, score_hundredths,
};
use super::fairness::{self, Fairness, FairnessRequest};
use super::{GroupRequest, Grouping};
use crate::error::{Error, InternalFault, OptionFault, Result};
use crate::fingerprint::Fingerprint;
use crate::messages::{balance as wording, field_label};
use crate::rng::{Seed, group_key};
use crate::roster::{Roster, Student};
use crate::table::Field;

/// Everything a grouping depends on.
pub struct GroupInputs<'a> {
    pub roster: &'a Roster,
    pub classes: u32,
    pub seed: &'a Seed,
    pub school: &'a str,
    /// The roster fingerprint of `roster.students`.
    pub fingerprint: Fingerprint,
    /// The balance options; all off for `bianban-1`.
    pub balance: &'a BalanceOptions,
    /// The highest valid score, for a score column named by its header.
    pub score_max: f64,
}

/// A grouping with the key it was made with and, for a balanced one, its goals.
pub struct Made {
    pub grouping: Grouping,
    pub key: [u8; 32],
    pub request: Option<BalanceRequest>,
    pub summary: Option<BalanceSummary>,
    /// Balance options were on but found nothing to balance in this roster (a list column
    /// that no two students share), so the grouping is `bianban-1`.
    pub nothing_to_balance: bool,
}

/// Makes the groups: `bianban-1` when no balance option is on or the options find nothing
/// to balance, `bianban-1+balance-1` otherwise. The guarantees of [`super::check`] are
/// checked on the result.
///
/// # Errors
///
/// [`Error::InvalidOption`] when the class count is 0 or larger than the number of
/// students; [`Error::Balance`] when a balance column is missing, a list names unknown
/// students or the request cannot be met; the read errors of a list file;
/// [`Error::Internal`] when the result breaks the guarantees.
pub fn make_grouping(inputs: &GroupInputs) -> Result<Made> {
    check_class_count(inputs.roster.students.len(), inputs.classes)?;
    let mut request = None;
    if inputs.balance.is_active() {
        request = Some(resolve::resolve(
            inputs.balance,
            inputs.roster,
            inputs.score_max,
        )?);
    }
    let nothing_to_balance = request.as_ref().is_some_and(|r| !r.is_active());
    let group_request = GroupRequest {
        students: &inputs.roster.students,
        classes: inputs.classes,
        seed: inputs.seed,
        school: inputs.school,
        roster: inputs.fingerprint,
    };
    let mut made = make(&group_request, request)?;
    made.nothing_to_balance = nothing_to_balance;
    let guarantees = super::check(&inputs.roster.students, &made.grouping.groups);
    // The dealing and every move of the balanced search keep these by construction; a
    // failure here is a bug, and no sheet may be printed from a grouping that breaks them.
    if !guarantees.hold() {
        return Err(Error::Internal {
            what: InternalFault::GroupingGuarantees,
        });
    }
    Ok(made)
}

fn check_class_count(students: usize, classes: u32) -> Result<()> {
    if classes == 0 {
        return Err(Error::InvalidOption {
            option: "--classes",
            value: classes.to_string(),
            fault: OptionFault::ClassCount,
        });
    }
    if classes as usize > students {
        return Err(Error::InvalidOption {
            option: "--classes",
            value: classes.to_string(),
            fault: OptionFault::MoreClassesThanStudents { students },
        });
    }
    Ok(())
}

/// Makes the groups with the algorithm the request calls for.
fn make(request: &GroupRequest, balance: Option<BalanceRequest>) -> Result<Made> {
    let Some(balance) = balance.filter(BalanceRequest::is_active) else {
        return Ok(Made {
            grouping: super::make_groups(request),
            key: group_key(
                request.seed,
                request.school,
                &request.roster,
                request.classes,
            ),
            request: None,
            summary: None,
            nothing_to_balance: false,
        });
    };
    let students = request.students;
    let made = make_balanced_groups(request, &balance).map_err(|e| Error::Balance(Box::new(e)))?;
    let inputs = inputs_fingerprint(students, &balance);
    let summary = BalanceSummary::new(
        students,
        &balance,
        &made.outcome,
        &made.grouping.groups,
        inputs,
    );
    Ok(Made {
        key: balance_key(request, &inputs),
        grouping: made.grouping,
        request: Some(balance),
        summary: Some(summary),
        nothing_to_balance: false,
    })
}

/// Measures the balanced attributes and, for comparison, the score and feeder school when
/// the roster has them and they were not balanced. A balanced grouping is compared with
/// [`fairness::RANDOM_SPLITS_BALANCED`] random splits, a `bianban-1` grouping with
/// [`fairness::RANDOM_SPLITS_PLAIN`].
pub fn measure(roster: &Roster, made: &Made) -> Fairness {
    let students = &roster.students;
    let mut request = FairnessRequest::default();
    if let Some(balance) = &made.request {
        request.score = balance.score.clone().map(|s| (s, true));
        request.columns = balance.columns.iter().map(|c| (c.clone(), true)).collect();
    }
    if request.score.is_none() && students.iter().any(|s| s.score.is_some()) {
        let score = ScoreAttribute {
            label: header_of(roster, Field::Score),
            hundredths: students
                .iter()
                .map(|s| s.score.and_then(score_hundredths))
                .collect(),
        };
        request.score = Some((score, false));
    }
    let school_balanced = request.columns.iter().any(|(c, _)| {
        c.values
            .iter()
            .zip(students)
            .all(|(v, s)| same_school(v, s))
    });
    if !school_balanced && students.iter().any(|s| s.from_school.is_some()) {
        let schools = CategoryAttribute {
            label: header_of(roster, Field::FromSchool),
            values: students
                .iter()
                .map(|s| s.from_school.clone().unwrap_or_default())
                .collect(),
        };
        request.columns.push((schools, false));
    }
    let splits = match made.request {
        Some(_) => fairness::RANDOM_SPLITS_BALANCED,
        None => fairness::RANDOM_SPLITS_PLAIN,
    };
    fairness::measure(students, &made.grouping.groups, &request, &made.key, splits)
}

/// Returns the header of a recognised column as the roster writes it (毕业幼儿园, 总分), or the
/// field's usual name.
fn header_of(roster: &Roster, field: Field) -> String {
    let columns = roster.layouts.iter().flat_map(|l| &l.columns);
    columns
        .filter(|c| c.field == field)
        .map(|c| c.header.trim().to_string())
        .find(|h| !h.is_empty())
        .unwrap_or_else(|| field_label(field).to_string())
}

/// True when a category value is the student's feeder school, so a balanced 毕业学校 column
/// is not measured twice.
fn same_school(value: &str, student: &Student) -> bool {
    value == student.from_school.as_deref().unwrap_or("")
}

/// Lists the notes under the spreads, as the summary sheet and the console print them:
/// missing scores, names, lists and uneven columns.
pub fn notes(fairness: &Fairness, summary: Option<&BalanceSummary>) -> Vec<String> {
    let mut lines = Vec::new();
    let Some(summary) = summary else {
        return lines;
    };
    if summary.score.is_some() && fairness.missing_scores > 0 {
        lines.push(wording::missing_scores(fairness.missing_scores));
    }
    if let Some(goal) = &summary.namesakes {
        lines.push(wording::name_goal(goal, false));
    }
    if let Some(goal) = &summary.homophones {
        lines.push(wording::name_goal(goal, true));
    }
    lines.extend(wording::lists_met(summary.together, summary.apart));
    if !summary.columns_uneven.is_empty() {
        lines.push(wording::columns_uneven(&summary.columns_uneven));
    }
    lines
}
