//! Turning command-line options into checked plans, once, before any work starts.
//!
//! Later code reads only these plans and never looks at flags again.

use std::path::PathBuf;

use chrono::NaiveDateTime;

use crate::classname::Grade;
use crate::cli::{CheckArgs, GroupArgs, RosterArgs};
use crate::error::{Error, OptionFault, Result};
use crate::rng::Seed;
use crate::roster::{DEFAULT_SCORE_MAX, RosterOptions};
use crate::settings::{self, Settings};

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
    /// The folder that receives run folders when `out` is not given.
    pub output_root: PathBuf,
    /// The settings in force, from the settings file or defaults.
    pub settings: Settings,
    /// The settings file that was read, if any.
    pub settings_file: Option<PathBuf>,
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
    let roster = roster_plan(&args.roster)?;
    let classes = match args.classes.as_deref() {
        Some(text) => Some(parse_classes(text)?),
        None => roster.settings.school.classes,
    };
    Ok(CheckPlan { roster, classes })
}

pub fn group_plan(args: &GroupArgs) -> Result<GroupPlan> {
    let roster = roster_plan(&args.roster)?;
    let seed = Seed::parse(&args.seed).map_err(|fault| Error::InvalidOption {
        option: "--seed",
        value: args.seed.clone(),
        fault,
    })?;
    let classes = match args.classes.as_deref() {
        Some(text) => parse_classes(text)?,
        None => roster.settings.school.classes.ok_or(Error::InvalidOption {
            option: "--classes",
            value: String::new(),
            fault: OptionFault::ClassCount,
        })?,
    };
    Ok(GroupPlan {
        roster,
        classes,
        seed,
    })
}

/// Resolves the options every roster command shares: the settings file first, then the
/// command line on top.
fn roster_plan(args: &RosterArgs) -> Result<RosterPlan> {
    let (settings, settings_file) =
        settings::load(args.settings.as_deref()).map_err(Error::Settings)?;
    install_read_limits(&settings);
    let grade_text = args.grade.clone().or_else(|| settings.school.grade.clone());
    let grade = match grade_text {
        Some(text) => Some(Grade::parse(&text).ok_or(Error::InvalidOption {
            option: "--grade",
            value: text,
            fault: OptionFault::Grade,
        })?),
        None => None,
    };
    let started = chrono::Local::now().naive_local();
    let options = RosterOptions {
        allow_missing_id: args.allow_missing_id
            || settings.grouping.allow_missing_id.unwrap_or(false),
        score_max: settings.grouping.score_max.unwrap_or(DEFAULT_SCORE_MAX),
        today: started.date(),
        ..Default::default()
    };
    let school = args.school.clone().or_else(|| settings.school.name.clone());
    let school = school
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    let output_root = settings.grouping.output_root.clone();
    Ok(RosterPlan {
        path: args.roster.clone(),
        school,
        grade,
        options,
        out: args.out.clone(),
        started,
        output_root: PathBuf::from(output_root.as_deref().unwrap_or(DEFAULT_OUTPUT_ROOT)),
        settings,
        settings_file,
    })
}

/// Applies the `[读取]` limits of the settings to every file this process reads from now on.
/// Every plan that loads settings calls this before anything is read.
pub fn install_read_limits(settings: &Settings) {
    crate::read::limits::set(settings.reading.limits());
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
    /// roster, the command and the start time. When a run of the same second has that
    /// name already, `_2`, `_3` and so on are added, so a repeated run never meets the
    /// files of an earlier one.
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
        let name = format!("{stem}_{command_label}_{stamp}");
        let first = self.output_root.join(&name);
        if !first.exists() {
            return first;
        }
        (2..u32::MAX)
            .map(|n| self.output_root.join(format!("{name}_{n}")))
            .find(|path| !path.exists())
            .unwrap_or(first)
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
