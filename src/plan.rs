//! Turning command-line options into checked plans, once, before any work starts.
//!
//! Later code reads only these plans and never looks at flags again.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use crate::classname::Grade;
use crate::cli::{CheckArgs, GroupArgs, RosterArgs};
use crate::error::{Error, OptionFault, Result};
use crate::rng::Seed;
use crate::roster::RosterOptions;

/// The name of the folder, inside the current folder, that holds run folders by default.
pub const DEFAULT_OUTPUT_ROOT: &str = "编班结果";

/// What every roster-reading command needs.
#[derive(Debug, Clone)]
pub struct RosterPlan {
    pub path: PathBuf,
    pub school: Option<String>,
    pub grade: Option<Grade>,
    pub options: RosterOptions,
    /// The output folder as given, or `None` for a new folder under [`DEFAULT_OUTPUT_ROOT`].
    pub out: Option<PathBuf>,
    /// When the run started; names the default output folder and is printed on outputs.
    pub started: NaiveDateTime,
}

#[derive(Debug, Clone)]
pub struct CheckPlan {
    pub roster: RosterPlan,
    pub classes: Option<u32>,
}

#[derive(Debug, Clone)]
pub struct GroupPlan {
    pub roster: RosterPlan,
    pub classes: u32,
    pub seed: Seed,
}

pub fn check_plan(args: &CheckArgs) -> Result<CheckPlan> {
    let classes = args.classes.as_deref().map(parse_classes).transpose()?;
    Ok(CheckPlan {
        roster: roster_plan(&args.roster)?,
        classes,
    })
}

pub fn group_plan(args: &GroupArgs) -> Result<GroupPlan> {
    let seed = Seed::parse(&args.seed).map_err(|fault| Error::InvalidOption {
        option: "--seed",
        value: args.seed.clone(),
        fault,
    })?;
    Ok(GroupPlan {
        roster: roster_plan(&args.roster)?,
        classes: parse_classes(&args.classes)?,
        seed,
    })
}

fn roster_plan(args: &RosterArgs) -> Result<RosterPlan> {
    let grade = match &args.grade {
        Some(text) => Some(Grade::parse(text).ok_or_else(|| Error::InvalidOption {
            option: "--grade",
            value: text.clone(),
            fault: OptionFault::Grade,
        })?),
        None => None,
    };
    let started = chrono::Local::now().naive_local();
    let options = RosterOptions {
        allow_missing_id: args.allow_missing_id,
        today: started.date(),
        ..Default::default()
    };
    let school = args
        .school
        .as_ref()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    Ok(RosterPlan {
        path: args.roster.clone(),
        school,
        grade,
        options,
        out: args.out.clone(),
        started,
    })
}

/// Parses a class count written with ASCII or full-width digits.
fn parse_classes(text: &str) -> Result<u32> {
    let digits: String = text
        .trim()
        .chars()
        .map(crate::table::header::to_half_width)
        .collect();
    match digits.parse::<u32>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(Error::InvalidOption {
            option: "--classes",
            value: text.to_string(),
            fault: OptionFault::ClassCount,
        }),
    }
}

impl RosterPlan {
    /// The folder this run writes into: the `--out` folder, or a new folder named after the
    /// roster, the command and the start time.
    pub fn output_dir(&self, command_label: &str) -> PathBuf {
        if let Some(out) = &self.out {
            return out.clone();
        }
        let stem = self
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stamp = self.started.format("%Y%m%d-%H%M%S");
        Path::new(DEFAULT_OUTPUT_ROOT).join(format!("{stem}_{command_label}_{stamp}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_count_accepts_full_width_digits() {
        assert_eq!(parse_classes("45").ok(), Some(45));
        assert_eq!(parse_classes("４５").ok(), Some(45));
        assert_eq!(parse_classes(" 3 ").ok(), Some(3));
    }

    #[test]
    fn class_count_rejects_zero_and_text() {
        for text in ["0", "-2", "三", "4.5", ""] {
            assert!(matches!(
                parse_classes(text),
                Err(Error::InvalidOption {
                    fault: OptionFault::ClassCount,
                    ..
                })
            ));
        }
    }
}
