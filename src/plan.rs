//! Turning command-line options into checked plans, once, before any work starts.
//!
//! Later code reads only these plans and never looks at flags again.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use crate::classname::Grade;
use crate::cli::{CheckArgs, GroupArgs, RosterArgs};
use crate::error::{Error, OptionFault, Result};
use crate::messages::labels;
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

/// A run over many schools: a folder with one roster per school, or one roster that lists
/// several schools, with a class-count table.
#[derive(Debug, Clone)]
pub struct BatchPlan {
    /// The options every school shares. `roster.path` is the folder or file, `roster.school`
    /// selects one school when set, and `roster.grade` is the grade of rosters that show none.
    pub roster: RosterPlan,
    /// The class-count table (学校, 年级, 班级数), when given or found.
    pub class_counts: Option<PathBuf>,
    /// A class count given for the one selected school (`--classes` or the settings).
    pub classes: Option<u32>,
    /// The public seed of a grouping; `None` for a check.
    pub seed: Option<Seed>,
}

/// What `bianban check` runs: one school's roster, or many schools.
#[derive(Debug, Clone)]
pub enum CheckCommand {
    One(CheckPlan),
    Batch(BatchPlan),
}

/// What `bianban group` runs: one school's roster, or many schools.
#[derive(Debug, Clone)]
pub enum GroupCommand {
    One(GroupPlan),
    Batch(BatchPlan),
}

/// Resolves `check`: a folder of rosters or a class-count table makes it a run over many
/// schools.
///
/// # Errors
///
/// Fails on invalid options or settings, or when no roster is given or found.
pub fn check_command(args: &CheckArgs) -> Result<CheckCommand> {
    let roster = roster_plan(&args.roster)?;
    let class_counts = class_counts_path(args.class_counts.as_deref(), &roster);
    let classes = batch_classes(args.classes.as_deref(), class_counts.as_deref(), &roster)?;
    if class_counts.is_none() && !roster.path.is_dir() {
        return Ok(CheckCommand::One(CheckPlan { roster, classes }));
    }
    Ok(CheckCommand::Batch(BatchPlan {
        roster,
        class_counts,
        classes,
        seed: None,
    }))
}

/// Resolves `group`: as [`check_command`], and asks for the seed on the console when it is
/// not given and the console can answer.
///
/// # Errors
///
/// Fails on invalid options or settings, when no roster is given or found, when a single
/// school has no class count, or when the seed is missing or invalid.
pub fn group_command(args: &GroupArgs) -> Result<GroupCommand> {
    let roster = roster_plan(&args.roster)?;
    if !roster.path.exists() {
        return Err(Error::FileNotFound { path: roster.path });
    }
    let class_counts = class_counts_path(args.class_counts.as_deref(), &roster);
    let batch = class_counts.is_some() || roster.path.is_dir();
    let classes = batch_classes(args.classes.as_deref(), class_counts.as_deref(), &roster)?;
    if !batch && classes.is_none() {
        return Err(Error::InvalidOption {
            option: "--classes",
            value: String::new(),
            fault: OptionFault::ClassCountMissing,
        });
    }
    let seed = seed_of(args.seed.as_deref())?;
    match classes {
        Some(classes) if !batch => Ok(GroupCommand::One(GroupPlan {
            roster,
            classes,
            seed,
        })),
        _ => Ok(GroupCommand::Batch(BatchPlan {
            roster,
            class_counts,
            classes,
            seed: Some(seed),
        })),
    }
}

impl BatchPlan {
    /// Turns a one-school check into a run over many schools, for a roster found to list
    /// several.
    pub fn from_check(plan: &CheckPlan) -> BatchPlan {
        BatchPlan {
            roster: plan.roster.clone(),
            class_counts: None,
            classes: plan.classes,
            seed: None,
        }
    }

    /// Turns a one-school grouping into a run over many schools, for a roster found to list
    /// several while one of them is selected.
    pub fn from_group(plan: &GroupPlan) -> BatchPlan {
        BatchPlan {
            roster: plan.roster.clone(),
            class_counts: None,
            classes: Some(plan.classes),
            seed: Some(plan.seed.clone()),
        }
    }
}

/// The class count from `--classes` or the settings. A class-count table takes the place
/// of the settings' count, and `--classes` together with a table is a conflict.
fn batch_classes(
    given: Option<&str>,
    class_counts: Option<&Path>,
    roster: &RosterPlan,
) -> Result<Option<u32>> {
    match (given, class_counts) {
        (Some(text), Some(_)) => Err(Error::InvalidOption {
            option: "--classes",
            value: text.to_string(),
            fault: OptionFault::Conflict {
                other: "--class-counts".to_string(),
            },
        }),
        (Some(text), None) => Ok(Some(parse_classes(text)?)),
        (None, Some(_)) => Ok(None),
        (None, None) => Ok(roster.settings.school.classes),
    }
}

/// The class-count table: the command line, then the settings, then `班级数.xlsx` in the
/// current folder when the roster is a folder.
fn class_counts_path(given: Option<&Path>, roster: &RosterPlan) -> Option<PathBuf> {
    if let Some(path) = given {
        return Some(path.to_path_buf());
    }
    if let Some(path) = &roster.settings.files.class_counts {
        return Some(PathBuf::from(path));
    }
    let found = PathBuf::from(labels::INPUT_CLASS_COUNTS);
    (roster.path.is_dir() && found.is_file()).then_some(found)
}

/// Parses the seed given on the command line, or asks for it on the console.
fn seed_of(given: Option<&str>) -> Result<Seed> {
    let written = match given {
        Some(text) => text.to_string(),
        None => crate::console::ask_seed()?,
    };
    Seed::parse(&written).map_err(|fault| Error::InvalidOption {
        option: "--seed",
        value: written.clone(),
        fault,
    })
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
    let seed = seed_of(args.seed.as_deref())?;
    let classes = match args.classes.as_deref() {
        Some(text) => parse_classes(text)?,
        None => roster.settings.school.classes.ok_or(Error::InvalidOption {
            option: "--classes",
            value: String::new(),
            fault: OptionFault::ClassCountMissing,
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
        path: roster_path(args.roster.as_deref(), &settings)?,
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

/// The roster file or folder: the command line, then the settings, then a `各校名单` folder
/// or a `学生名单.xlsx` file in the current folder.
fn roster_path(given: Option<&Path>, settings: &Settings) -> Result<PathBuf> {
    if let Some(path) = given {
        return Ok(path.to_path_buf());
    }
    if let Some(path) = &settings.files.roster {
        return Ok(PathBuf::from(path));
    }
    let folder = PathBuf::from(labels::INPUT_ROSTER_FOLDER);
    if folder.is_dir() {
        return Ok(folder);
    }
    let file = PathBuf::from(labels::INPUT_ROSTER_FILE);
    if file.is_file() {
        return Ok(file);
    }
    Err(Error::RosterNotGiven)
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
        self.output_root
            .join(format!("{stem}_{command_label}_{stamp}"))
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
