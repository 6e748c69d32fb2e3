//! Turning command-line options into checked plans, once, before any work starts.
//!
//! Later code reads only these plans and never looks at flags again.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use crate::classname::Grade;
use crate::cli::{
    AuditArgs, BalanceArgs, CheckArgs, GroupArgs, LateArgs, MergeArgs, RosterArgs, TeachersArgs,
    VerifyArgs,
};
use crate::error::{Error, OptionFault, Result};
use crate::group::balance::options::{BalanceOptions, ListSource, ScoreSource};
use crate::messages::labels;
use crate::regroup::GivenBalance;
use crate::rng::Seed;
use crate::roster::{DEFAULT_SCORE_MAX, RosterOptions};
use crate::settings::{self, BalanceSettings, Settings};
use crate::teachers::check::BalanceRules;

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
    /// Teacher sheets whose head teachers are printed on the draw form.
    pub teachers: Vec<PathBuf>,
    /// What to balance beyond gender; all off by default.
    pub balance: BalanceOptions,
}

/// What `bianban teachers` needs.
#[derive(Debug, Clone)]
pub struct TeachersPlan {
    pub paths: Vec<PathBuf>,
    pub school: Option<String>,
    pub grade: Option<Grade>,
    /// The class count from the settings, to compare with the sheets.
    pub classes: Option<u32>,
    pub rules: BalanceRules,
    /// The output folder as given, or `None` for a new folder under the output root.
    pub out: Option<PathBuf>,
    /// When the run started; 教龄 is counted from 参加工作时间 up to this day.
    pub started: NaiveDateTime,
    pub output_root: PathBuf,
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
    /// What to balance beyond gender in every school; all off by default.
    pub balance: BalanceOptions,
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
        balance: BalanceOptions::default(),
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
    let mut roster = roster_plan(&args.roster)?;
    let balance = balance_options(&args.balance, &roster.settings.balance);
    // A score that decides groups must be valid, so a bad score becomes an error.
    roster.options.score_used = balance.score.is_some();
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
    let teachers = teachers_or_setting(&args.teachers, &roster.settings);
    match classes {
        Some(classes) if !batch => Ok(GroupCommand::One(GroupPlan {
            roster,
            classes,
            seed,
            teachers,
            balance,
        })),
        _ => Ok(GroupCommand::Batch(BatchPlan {
            roster,
            class_counts,
            classes,
            seed: Some(seed),
            balance,
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
            balance: BalanceOptions::default(),
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
            balance: plan.balance.clone(),
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

pub fn teachers_plan(args: &TeachersArgs) -> Result<TeachersPlan> {
    let (settings, _) = load_settings(args.settings.as_deref())?;
    let grade_text = args.grade.clone().or_else(|| settings.school.grade.clone());
    let grade = match grade_text {
        Some(text) => Some(Grade::parse(&text).ok_or(Error::InvalidOption {
            option: "--grade",
            value: text,
            fault: OptionFault::Grade,
        })?),
        None => None,
    };
    let rules =
        BalanceRules::from_settings(&settings.teachers).map_err(|value| Error::InvalidOption {
            option: "强教师职称",
            value,
            fault: OptionFault::Title,
        })?;
    let school = args.school.clone().or_else(|| settings.school.name.clone());
    let output_root = settings.grouping.output_root.clone();
    Ok(TeachersPlan {
        paths: teacher_sheets(&args.sheets, &settings)?,
        school: school
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
        grade,
        classes: settings.school.classes,
        rules,
        out: args.out.clone(),
        started: chrono::Local::now().naive_local(),
        output_root: PathBuf::from(output_root.as_deref().unwrap_or(DEFAULT_OUTPUT_ROOT)),
    })
}

/// Where `merge` takes the groups from.
#[derive(Debug, Clone)]
pub enum GroupSource {
    /// The sealed group lists, checked against their seals, and against the confirmed
    /// roster when one is given.
    Lists {
        path: PathBuf,
        roster: Option<RosterPlan>,
    },
    /// The groups recomputed from the confirmed roster and the seed.
    Recompute {
        roster: RosterPlan,
        seed: Seed,
        classes: u32,
    },
}

#[derive(Debug, Clone)]
pub struct MergePlan {
    pub draw: PathBuf,
    pub source: GroupSource,
    pub teachers: Vec<PathBuf>,
    /// The school and grade from the command line or settings; `None` keeps the grouping's.
    pub school: Option<String>,
    pub grade: Option<Grade>,
    /// The draw date from `--date`; `None` takes the date typed on the form.
    pub date: Option<chrono::NaiveDate>,
    pub rerun: bool,
    pub out: Option<PathBuf>,
    pub started: NaiveDateTime,
    pub output_root: PathBuf,
    pub archive: crate::write::archive::ArchiveText,
    /// The settings file that was read, if any; its folder is the work folder.
    pub settings_file: Option<PathBuf>,
    /// Balance options given on the command line and in the settings, for recomputing
    /// groups whose run record does not tell them.
    pub balance: GivenBalance,
}

pub fn merge_plan(args: &MergeArgs) -> Result<MergePlan> {
    let (settings, settings_file) = load_settings(args.settings.as_deref())?;
    let roster_plan_of = |path: &PathBuf| {
        roster_plan(&RosterArgs {
            roster: Some(path.clone()),
            school: args.school.clone(),
            grade: args.grade.clone(),
            allow_missing_id: false,
            out: args.out.clone(),
            settings: args.settings.clone(),
        })
    };
    let source = merge_source(args, &settings, &roster_plan_of)?;
    let grade_text = args.grade.clone().or_else(|| settings.school.grade.clone());
    let grade = match grade_text {
        Some(text) => Some(Grade::parse(&text).ok_or(Error::InvalidOption {
            option: "--grade",
            value: text,
            fault: OptionFault::Grade,
        })?),
        None => None,
    };
    let date = match args.date.as_deref() {
        Some(text) => Some(parse_date(text)?),
        None => None,
    };
    let school = args
        .school
        .clone()
        .or_else(|| settings.school.name.clone())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    let output_root = settings.grouping.output_root.clone();
    Ok(MergePlan {
        draw: args.draw.clone(),
        source,
        teachers: teachers_or_setting(&args.teachers, &settings),
        school,
        grade,
        date,
        rerun: args.rerun,
        out: args.out.clone(),
        started: chrono::Local::now().naive_local(),
        output_root: PathBuf::from(output_root.as_deref().unwrap_or(DEFAULT_OUTPUT_ROOT)),
        archive: archive_text(
            &settings,
            hotlines_of(
                &args.hotline,
                args.no_hotline,
                &settings,
                settings_file.as_deref(),
            )?,
        ),
        settings_file,
        balance: given_balance(&args.balance, &settings.balance),
    })
}

fn merge_source(
    args: &MergeArgs,
    settings: &Settings,
    roster_plan_of: &dyn Fn(&PathBuf) -> Result<RosterPlan>,
) -> Result<GroupSource> {
    if let Some(path) = &args.groups {
        if let Some(seed) = &args.seed {
            return Err(Error::InvalidOption {
                option: "--seed",
                value: seed.clone(),
                fault: OptionFault::Conflict {
                    other: "--groups".to_string(),
                },
            });
        }
        let roster = args.roster.as_ref().map(roster_plan_of).transpose()?;
        return Ok(GroupSource::Lists {
            path: path.clone(),
            roster,
        });
    }
    let (Some(seed_text), Some(roster_path)) = (&args.seed, &args.roster) else {
        return Err(Error::InvalidOption {
            option: "--groups",
            value: String::new(),
            fault: OptionFault::GroupsOrSeed,
        });
    };
    let seed = Seed::parse(seed_text).map_err(|fault| Error::InvalidOption {
        option: "--seed",
        value: seed_text.clone(),
        fault,
    })?;
    let classes = match args.classes.as_deref() {
        Some(text) => parse_classes(text)?,
        None => settings.school.classes.ok_or(Error::InvalidOption {
            option: "--seed",
            value: seed_text.clone(),
            fault: OptionFault::Requires {
                other: "--classes".to_string(),
            },
        })?,
    };
    Ok(GroupSource::Recompute {
        roster: roster_plan_of(roster_path)?,
        seed,
        classes,
    })
}

/// The words of the copies: the settings' `[存档]` section over the printed defaults.
/// Returns the hotline numbers for the posted copy: none with `--no-hotline`, else those
/// given on the command line, else those of the settings, without blank entries.
///
/// # Errors
///
/// [`Error::HotlinesMissing`] when there are none and `--no-hotline` was not given, because
/// a posted copy is written once and cannot get its hotlines later.
fn hotlines_of(
    given: &[String],
    no_hotline: bool,
    settings: &Settings,
    settings_file: Option<&Path>,
) -> Result<Vec<String>> {
    if no_hotline {
        return Ok(Vec::new());
    }
    let listed: &[String] = if given.is_empty() {
        settings.archive.hotlines.as_deref().unwrap_or_default()
    } else {
        given
    };
    let hotlines: Vec<String> = listed
        .iter()
        .map(|number| number.trim().to_string())
        .filter(|number| !number.is_empty())
        .collect();
    if hotlines.is_empty() {
        return Err(Error::HotlinesMissing {
            settings_file: settings_file.map(Path::to_path_buf),
        });
    }
    Ok(hotlines)
}

fn archive_text(settings: &Settings, hotlines: Vec<String>) -> crate::write::archive::ArchiveText {
    use crate::messages::archive as words;
    let archive = &settings.archive;
    let label = |value: &Option<String>, default: &str| {
        value
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .unwrap_or(default)
            .to_string()
    };
    let supervisors = archive
        .supervisors
        .clone()
        .filter(|list| !list.is_empty())
        .unwrap_or_else(|| words::SUPERVISORS.iter().map(|s| s.to_string()).collect());
    crate::write::archive::ArchiveText {
        labels: [
            label(&archive.first_label, words::LABEL_FIRST),
            label(&archive.second_label, words::LABEL_SECOND),
            label(&archive.third_label, words::LABEL_THIRD),
        ],
        hotlines,
        mask_names: archive.mask_names.unwrap_or(false),
        bureau: archive
            .bureau
            .clone()
            .or_else(|| settings.school.bureau.clone()),
        supervisors,
    }
}

/// The plan of `bianban late`.
#[derive(Debug, Clone)]
pub struct LatePlan {
    /// The late students' roster; its school and grade come from the archive.
    pub roster: RosterPlan,
    pub archive: PathBuf,
    pub late_records: Vec<PathBuf>,
    pub seed: Seed,
    /// Narrow a tie to the classes with the fewest students of the new student's gender.
    pub gender_rule: bool,
    /// The class size beyond which a placement is warned about; `None` takes the grade's.
    pub class_size_cap: Option<usize>,
    pub archive_text: crate::write::archive::ArchiveText,
}

pub fn late_plan(args: &LateArgs) -> Result<LatePlan> {
    let roster = roster_plan(&RosterArgs {
        roster: Some(args.roster.clone()),
        school: None,
        grade: None,
        allow_missing_id: args.allow_missing_id,
        out: args.out.clone(),
        settings: args.settings.clone(),
    })?;
    let seed = parse_seed(&args.seed)?;
    let late = &roster.settings.late;
    // The record folder goes beside the archive's folder, found from the archive's path.
    // The path is made absolute first because a relative 第一联.xlsx has no folders to go up.
    Ok(LatePlan {
        archive: absolute(&args.archive),
        late_records: args.late_records.iter().map(|p| absolute(p)).collect(),
        seed,
        gender_rule: late.gender_rule.unwrap_or(false),
        class_size_cap: late.class_size_cap.map(|c| c as usize),
        archive_text: archive_text(
            &roster.settings,
            hotlines_of(
                &args.hotline,
                args.no_hotline,
                &roster.settings,
                roster.settings_file.as_deref(),
            )?,
        ),
        roster,
    })
}

/// Returns the path joined to the current folder when it is relative, so that its parent
/// folders are known.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// A late roster to place again, with the seed its record was made with.
#[derive(Debug, Clone)]
pub struct LateCheck {
    pub roster: RosterPlan,
    pub seed: Seed,
}

/// The plan of `bianban verify`.
#[derive(Debug, Clone)]
pub struct VerifyPlan {
    /// The confirmed roster; `school` is `None` when the run record is to name it.
    pub roster: RosterPlan,
    pub classes: Option<u32>,
    pub seed: Seed,
    pub paths: Vec<PathBuf>,
    pub late: Vec<LateCheck>,
    /// Balance options given on the command line and in the settings, for a grouping whose
    /// run record does not tell them.
    pub balance: GivenBalance,
}

pub fn verify_plan(args: &VerifyArgs) -> Result<VerifyPlan> {
    let plan_of = |path: &PathBuf, school: Option<String>| {
        roster_plan(&RosterArgs {
            roster: Some(path.clone()),
            school,
            grade: None,
            // Missing ID numbers were allowed or not when the roster was grouped; verify
            // only needs the same students.
            allow_missing_id: true,
            out: None,
            settings: args.settings.clone(),
        })
    };
    let roster = plan_of(&args.roster, args.school.clone())?;
    let classes = match args.classes.as_deref() {
        Some(text) => Some(parse_classes(text)?),
        None => roster.settings.school.classes,
    };
    if args.late.len() != args.late_seeds.len() {
        let (option, other) = if args.late.len() > args.late_seeds.len() {
            ("--late", "--late-seed")
        } else {
            ("--late-seed", "--late")
        };
        return Err(Error::InvalidOption {
            option,
            value: String::new(),
            fault: OptionFault::Requires {
                other: other.to_string(),
            },
        });
    }
    let late = args
        .late
        .iter()
        .zip(&args.late_seeds)
        .map(|(path, seed)| {
            Ok(LateCheck {
                roster: plan_of(path, None)?,
                seed: parse_seed(seed)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(VerifyPlan {
        seed: parse_seed(&args.seed)?,
        classes,
        paths: args.paths.clone(),
        late,
        balance: given_balance(&args.balance, &roster.settings.balance),
        roster,
    })
}

/// The plan of `bianban audit`.
#[derive(Debug, Clone)]
pub struct AuditPlan {
    pub current: PathBuf,
    pub archive: PathBuf,
    pub late: Vec<PathBuf>,
    pub out: Option<PathBuf>,
    pub started: NaiveDateTime,
    pub output_root: PathBuf,
}

pub fn audit_plan(args: &AuditArgs) -> Result<AuditPlan> {
    let (settings, _) = load_settings(args.settings.as_deref())?;
    let output_root = settings.grouping.output_root.clone();
    Ok(AuditPlan {
        current: args.current.clone(),
        archive: args.archive.clone(),
        late: args.late.clone(),
        out: args.out.clone(),
        started: chrono::Local::now().naive_local(),
        output_root: PathBuf::from(output_root.as_deref().unwrap_or(DEFAULT_OUTPUT_ROOT)),
    })
}

impl AuditPlan {
    /// Chooses the folder this run writes into: the `--out` folder, or a new folder named
    /// after the current list and the start time.
    pub fn output_dir(&self) -> PathBuf {
        if let Some(out) = &self.out {
            return out.clone();
        }
        let stem = self
            .current
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stamp = self.started.format("%Y%m%d-%H%M%S");
        let label = crate::messages::labels::FOLDER_AUDIT;
        self.output_root.join(format!("{stem}_{label}_{stamp}"))
    }
}

fn parse_seed(text: &str) -> Result<Seed> {
    Seed::parse(text).map_err(|fault| Error::InvalidOption {
        option: "--seed",
        value: text.to_string(),
        fault,
    })
}

/// Parses a date written `2025-08-28` (also with `/` or `.`, or full-width digits).
fn parse_date(text: &str) -> Result<chrono::NaiveDate> {
    let normal: String = text
        .trim()
        .chars()
        .map(crate::table::header::to_half_width)
        .map(|c| if c == '/' || c == '.' { '-' } else { c })
        .collect();
    chrono::NaiveDate::parse_from_str(&normal, "%Y-%m-%d").map_err(|_| Error::InvalidOption {
        option: "--date",
        value: text.to_string(),
        fault: OptionFault::Date,
    })
}

/// Merges the balance options: a command-line flag turns an option on, and a column or list
/// given on the command line replaces the one in the settings.
fn balance_options(args: &BalanceArgs, settings: &BalanceSettings) -> BalanceOptions {
    given_balance(args, settings)
        .flags
        .over(&settings_balance(settings))
}

/// Collects the balance options of the command line and of the settings apart. A
/// recomputation lays the command line's over a run record's when there is one.
fn given_balance(args: &BalanceArgs, settings: &BalanceSettings) -> GivenBalance {
    let score = match trimmed(&args.score_column) {
        Some(column) => Some(ScoreSource::Column(column)),
        None => args.balance_score.then_some(ScoreSource::Roster),
    };
    GivenBalance {
        flags: BalanceOptions {
            score,
            columns: column_list(&args.balance_column),
            separate_namesakes: args.separate_namesakes,
            separate_homophones: args.separate_homophones,
            together: trimmed(&args.together).map(|v| ListSource::parse(&v)),
            apart: trimmed(&args.apart).map(|v| ListSource::parse(&v)),
        },
        settings: settings_balance(settings),
    }
}

/// Reads the balance options of the settings' `[均衡]` section.
fn settings_balance(settings: &BalanceSettings) -> BalanceOptions {
    BalanceOptions {
        score: trimmed(&settings.score_column).map(ScoreSource::Column),
        columns: column_list(settings.columns.as_deref().unwrap_or_default()),
        separate_namesakes: settings.separate_namesakes.unwrap_or(false),
        separate_homophones: settings.separate_homophones.unwrap_or(false),
        together: trimmed(&settings.together).map(|v| ListSource::parse(&v)),
        apart: trimmed(&settings.apart).map(|v| ListSource::parse(&v)),
    }
}

fn trimmed(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

/// Trims the column headers and drops blank and repeated ones, keeping the order given.
fn column_list(listed: &[String]) -> Vec<String> {
    let mut columns: Vec<String> = Vec::new();
    for column in listed.iter().filter_map(|c| trimmed(&Some(c.clone()))) {
        if !columns.contains(&column) {
            columns.push(column);
        }
    }
    columns
}

/// Resolves the options every roster command shares: the settings file first, then the
/// command line on top.
fn roster_plan(args: &RosterArgs) -> Result<RosterPlan> {
    let (settings, settings_file) = load_settings(args.settings.as_deref())?;
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

/// Returns the teacher sheets on the command line, else the settings' `[文件]` 任课表.
fn teachers_or_setting(given: &[PathBuf], settings: &Settings) -> Vec<PathBuf> {
    if !given.is_empty() {
        return given.to_vec();
    }
    settings.files.teachers.iter().map(PathBuf::from).collect()
}

/// Finds the sheets `teachers` reads: the command line, then the settings' `[文件]` 任课表, then
/// `教师任课表.xlsx` in the current folder, as `init` creates it.
fn teacher_sheets(given: &[PathBuf], settings: &Settings) -> Result<Vec<PathBuf>> {
    let sheets = teachers_or_setting(given, settings);
    if !sheets.is_empty() {
        return Ok(sheets);
    }
    let file = PathBuf::from(labels::INPUT_TEACHER_FILE);
    if file.is_file() {
        return Ok(vec![file]);
    }
    Err(Error::TeachersNotGiven)
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

/// Loads the settings file and applies its `[读取]` limits to every file this process reads
/// from now on. Every plan loads its settings through here, before anything is read.
fn load_settings(explicit: Option<&Path>) -> Result<(Settings, Option<PathBuf>)> {
    let (settings, file) = settings::load(explicit).map_err(Error::Settings)?;
    install_read_limits(&settings);
    Ok((settings, file))
}

/// Applies the `[读取]` limits of the settings to every file this process reads from now on.
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

impl TeachersPlan {
    /// The folder this run writes into: the `--out` folder, or a new folder named after the
    /// first sheet file and the start time.
    pub fn output_dir(&self) -> PathBuf {
        if let Some(out) = &self.out {
            return out.clone();
        }
        let stem = self
            .paths
            .first()
            .and_then(|p| p.file_stem())
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stamp = self.started.format("%Y%m%d-%H%M%S");
        let label = crate::messages::labels::FOLDER_TEACHERS;
        self.output_root.join(format!("{stem}_{label}_{stamp}"))
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
