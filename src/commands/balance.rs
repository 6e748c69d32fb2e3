//! The balancing part of `bianban group` on the console: what was balanced and how the
//! result compares with random splits. The grouping itself is made in
//! [`crate::group::make`].

use crate::group::balance::report::BalanceSummary;
use crate::group::fairness::Fairness;
use crate::group::make::notes;
use crate::messages::balance as wording;

/// Prints that the balance options found nothing to balance in this roster, so the groups
/// were made with `bianban-1`.
pub fn print_nothing_to_balance() {
    println!("{}", wording::nothing_to_balance());
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
