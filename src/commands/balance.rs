//! The balancing part of `bianban group`: resolving the balance options against the roster,
//! choosing the algorithm, measuring the result against random splits and printing it.

use super::LoadedRoster;
use crate::error::{Error, Result};
use crate::group::balance::report::BalanceSummary;
use crate::group::balance::{
    BalanceRequest, CategoryAttribute, ScoreAttribute, balance_key, inputs_fingerprint,
    make_balanced_groups, resolve, score_hundredths,
};
use crate::group::fairness::{self, Fairness, FairnessRequest};
use crate::group::{self, GroupRequest, Grouping};
use crate::messages::{balance as wording, field_label};
use crate::plan::GroupPlan;
use crate::rng::group_key;
use crate::table::Field;

/// A grouping with the key it was made with and, for a balanced one, its goals.
pub struct Made {
    pub grouping: Grouping,
    pub key: [u8; 32],
    pub request: Option<BalanceRequest>,
    pub summary: Option<BalanceSummary>,
}

/// Resolves the balance options of the plan, or returns `None` when none is on.
///
/// # Errors
///
/// [`Error::Balance`] when a column is missing or a list names unknown students; read errors
/// of a list file.
pub fn resolve_request(loaded: &LoadedRoster, plan: &GroupPlan) -> Result<Option<BalanceRequest>> {
    if !plan.balance.is_active() {
        return Ok(None);
    }
    let score_max = plan.roster.options.score_max;
    let request = resolve::resolve(&plan.balance, &loaded.roster, score_max)?;
    if !request.is_active() {
        println!("{}", wording::nothing_to_balance());
    }
    Ok(Some(request))
}

/// Makes the groups: `bianban-1` without balance options, `bianban-1+balance-1` with them.
///
/// # Errors
///
/// [`Error::Balance`] when the balance request cannot be met.
pub fn make(request: &GroupRequest, balance: Option<BalanceRequest>) -> Result<Made> {
    let Some(balance) = balance.filter(BalanceRequest::is_active) else {
        return Ok(Made {
            grouping: group::make_groups(request),
            key: group_key(
                request.seed,
                request.school,
                &request.roster,
                request.classes,
            ),
            request: None,
            summary: None,
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
    })
}

/// Measures the balanced attributes and, for comparison, the score and feeder school when
/// the roster has them and they were not balanced.
pub fn measure(loaded: &LoadedRoster, made: &Made) -> Fairness {
    let students = &loaded.roster.students;
    let mut request = FairnessRequest::default();
    if let Some(balance) = &made.request {
        request.score = balance.score.clone().map(|s| (s, true));
        request.columns = balance.columns.iter().map(|c| (c.clone(), true)).collect();
    }
    if request.score.is_none() && students.iter().any(|s| s.score.is_some()) {
        let score = ScoreAttribute {
            label: header_of(loaded, Field::Score),
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
            label: header_of(loaded, Field::FromSchool),
            values: students
                .iter()
                .map(|s| s.from_school.clone().unwrap_or_default())
                .collect(),
        };
        request.columns.push((schools, false));
    }
    fairness::measure(students, &made.grouping.groups, &request, &made.key)
}

/// Returns the header of a recognised column as the roster writes it (毕业幼儿园, 总分), or the
/// field's usual name.
fn header_of(loaded: &LoadedRoster, field: Field) -> String {
    let columns = loaded.roster.layouts.iter().flat_map(|l| &l.columns);
    columns
        .filter(|c| c.field == field)
        .map(|c| c.header.trim().to_string())
        .find(|h| !h.is_empty())
        .unwrap_or_else(|| field_label(field).to_string())
}

/// True when a category value is the student's feeder school, so a balanced 毕业学校 column
/// is not measured twice.
fn same_school(value: &str, student: &crate::roster::Student) -> bool {
    value == student.from_school.as_deref().unwrap_or("")
}

/// Prints the balance block: what was balanced, one line per attribute, and the goals.
pub fn print(fairness: &Fairness, summary: Option<&BalanceSummary>) {
    println!();
    if let Some(summary) = summary {
        println!("{}", wording::balanced_items(summary));
    }
    println!("{}", wording::heading(fairness.splits));
    println!(
        "  {}：{}",
        wording::GENDER_ITEM,
        wording::gender_text(fairness)
    );
    for spread in &fairness.spreads {
        println!("{}", wording::spread_line(spread, fairness.splits));
    }
    for line in notes(fairness, summary) {
        println!("  {line}");
    }
}

/// Lists the notes under the spreads: missing scores, names, lists and uneven columns.
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
