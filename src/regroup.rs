//! Making a sealed grouping again, for `verify` and `merge`.
//!
//! The balance options come from the grouping's run record (`运行记录.json`), where `group`
//! stored them, with any option given on the command line in place of the recorded one. A
//! list file is recorded by its name and SHA-256, and is looked for beside the roster when
//! it is not given again. Without a record, the settings' `[均衡]` options are used, as
//! `group` used them. The result is checked against the algorithm and the balance inputs
//! fingerprint the record states before any file is compared with it, so a recomputation
//! that cannot give the sealed groups stops with its reason instead of reporting every
//! student as moved.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::fingerprint::Fingerprint;
use crate::group::balance::BALANCE_ALGORITHM;
use crate::group::balance::options::{BalanceOptions, ListSource, ScoreSource};
use crate::group::balance::resolve::{OPTION_APART, OPTION_TOGETHER};
use crate::group::make::{GroupInputs, Made, make_grouping};
use crate::rng::Seed;
use crate::roster::Roster;
use crate::write::record::{
    BalanceOptionsRecord, BalanceRecord, ListSourceRecord, RunRecord, ScoreSourceRecord,
};

/// The balance options given for a recomputation, besides the recorded ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GivenBalance {
    /// Options from the command line; each one given replaces the recorded one.
    pub flags: BalanceOptions,
    /// The settings' `[均衡]` options, used when no record states how the grouping was made.
    pub settings: BalanceOptions,
}

/// The facts the records found state about how the grouping was made.
#[derive(Debug, Clone, Copy, Default)]
pub struct Recorded<'a> {
    /// The grouping's run record.
    pub run: Option<&'a RunRecord>,
    /// The algorithm another record names (a merge record), used when there is no run
    /// record.
    pub algorithm: Option<&'a str>,
}

impl Recorded<'_> {
    fn algorithm(&self) -> Option<&str> {
        self.run.map(|r| r.algorithm.as_str()).or(self.algorithm)
    }
}

/// The reason a sealed grouping cannot be made again.
#[derive(Debug, Clone, PartialEq)]
pub enum RegroupFault {
    /// A list file the record names is neither given nor beside the roster.
    ListFileNotFound {
        option: &'static str,
        file: String,
        looked: PathBuf,
    },
    /// The file of the recorded name beside the roster has another SHA-256 than the
    /// recorded one.
    ListFileDiffers { option: &'static str, path: PathBuf },
    /// The grouping was balanced, but its options are not recorded and none were given.
    /// `record` is the balance part of a run record written before the options were
    /// stored, or `None` when only another record named the algorithm.
    OptionsUnknown { record: Option<Box<BalanceRecord>> },
    /// The recomputation used another algorithm than the record names.
    AlgorithmDiffers {
        recorded: String,
        recomputed: &'static str,
    },
    /// The balance inputs fingerprint of the recomputation is not the recorded one.
    InputsDiffer {
        recorded: String,
        recomputed: Fingerprint,
    },
}

fn fault(fault: RegroupFault) -> Error {
    Error::Regroup(Box::new(fault))
}

/// The inputs a recomputation starts from.
pub struct Regroup<'a> {
    pub roster: &'a Roster,
    /// The roster file, beside which recorded list files are looked for.
    pub roster_path: &'a Path,
    pub classes: u32,
    pub seed: &'a Seed,
    pub school: &'a str,
    pub fingerprint: Fingerprint,
    pub score_max: f64,
    pub recorded: Recorded<'a>,
    pub given: &'a GivenBalance,
}

/// Makes the grouping again with the options it was made with, and checks the algorithm
/// and balance inputs fingerprint against the record.
///
/// # Errors
///
/// [`Error::Regroup`] when the options cannot be found or the recomputation does not match
/// the record; the errors of [`make_grouping`].
pub fn regroup(request: &Regroup) -> Result<Made> {
    let balance = balance_options(request.recorded, request.given, request.roster_path)?;
    let made = make_grouping(&GroupInputs {
        roster: request.roster,
        classes: request.classes,
        seed: request.seed,
        school: request.school,
        fingerprint: request.fingerprint,
        balance: &balance,
        score_max: request.score_max,
    })?;
    check_made(request.recorded, &made)?;
    Ok(made)
}

/// Chooses the balance options: the command line's over the run record's; without a run
/// record, the command line's over the settings'.
///
/// # Errors
///
/// [`RegroupFault::OptionsUnknown`] when the record names the balanced algorithm without
/// its options and no option is given; the faults of [`locate_list`].
pub fn balance_options(
    recorded: Recorded,
    given: &GivenBalance,
    roster_path: &Path,
) -> Result<BalanceOptions> {
    let balanced = recorded.algorithm() == Some(BALANCE_ALGORITHM);
    let base = match recorded.run {
        Some(run) if balanced => {
            let balance = run.balance.as_ref();
            match balance.and_then(|b| b.options.as_ref()) {
                Some(options) => recorded_options(options, &given.flags, roster_path)?,
                None if given.flags.is_active() => given.settings.clone(),
                None => {
                    return Err(fault(RegroupFault::OptionsUnknown {
                        record: balance.map(|b| Box::new(b.clone())),
                    }));
                }
            }
        }
        Some(_) => BalanceOptions::default(),
        None if balanced && !given.flags.is_active() && !given.settings.is_active() => {
            return Err(fault(RegroupFault::OptionsUnknown { record: None }));
        }
        None => given.settings.clone(),
    };
    Ok(given.flags.over(&base))
}

/// Turns recorded options back into options, finding each list file the command line does
/// not give again.
fn recorded_options(
    record: &BalanceOptionsRecord,
    flags: &BalanceOptions,
    roster_path: &Path,
) -> Result<BalanceOptions> {
    let folder = roster_path.parent().unwrap_or(Path::new(""));
    let list = |recorded: &Option<ListSourceRecord>, given: bool, option| match recorded {
        Some(_) if given => Ok(None),
        Some(source) => locate_list(source, folder, option).map(Some),
        None => Ok(None),
    };
    Ok(BalanceOptions {
        score: record.score.as_ref().map(|score| match score {
            ScoreSourceRecord::Roster => ScoreSource::Roster,
            ScoreSourceRecord::Column { column } => ScoreSource::Column(column.clone()),
        }),
        columns: record.columns.clone(),
        separate_namesakes: record.separate_namesakes,
        separate_homophones: record.separate_homophones,
        together: list(&record.together, flags.together.is_some(), OPTION_TOGETHER)?,
        apart: list(&record.apart, flags.apart.is_some(), OPTION_APART)?,
    })
}

/// Finds a recorded list: a column stays a column, and a file is looked for in `folder`
/// under its recorded name and must have the recorded SHA-256.
///
/// # Errors
///
/// [`RegroupFault::ListFileNotFound`] and [`RegroupFault::ListFileDiffers`].
fn locate_list(
    source: &ListSourceRecord,
    folder: &Path,
    option: &'static str,
) -> Result<ListSource> {
    let (file, sha256) = match source {
        ListSourceRecord::Column { column } => return Ok(ListSource::Column(column.clone())),
        ListSourceRecord::File { file, sha256 } => (file, sha256),
    };
    let path = folder.join(file);
    let Ok(hash) = crate::journal::runs::hash_input(&path) else {
        return Err(fault(RegroupFault::ListFileNotFound {
            option,
            file: file.clone(),
            looked: path,
        }));
    };
    if !hash.sha256.eq_ignore_ascii_case(sha256) {
        return Err(fault(RegroupFault::ListFileDiffers { option, path }));
    }
    Ok(ListSource::File(path))
}

/// Checks a recomputation against the record: the same algorithm and, for a balanced
/// grouping, the same balance inputs fingerprint.
///
/// # Errors
///
/// [`RegroupFault::AlgorithmDiffers`] and [`RegroupFault::InputsDiffer`].
pub fn check_made(recorded: Recorded, made: &Made) -> Result<()> {
    let recomputed = made.grouping.algorithm;
    if let Some(algorithm) = recorded.algorithm()
        && algorithm != recomputed
    {
        return Err(fault(RegroupFault::AlgorithmDiffers {
            recorded: algorithm.to_string(),
            recomputed,
        }));
    }
    let inputs = recorded
        .run
        .and_then(|r| r.balance.as_ref())
        .and_then(|b| b.inputs.as_ref());
    if let (Some(inputs), Some(recomputed)) = (inputs, made.grouping.balance)
        && !recomputed.hex().eq_ignore_ascii_case(inputs)
    {
        return Err(fault(RegroupFault::InputsDiffer {
            recorded: inputs.clone(),
            recomputed,
        }));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record_with(options: Option<BalanceOptionsRecord>) -> RunRecord {
        let text = include_str!("../tests/fixtures/regroup/运行记录_旧版.json");
        let mut record: RunRecord = serde_json::from_str(text).unwrap();
        if let Some(balance) = record.balance.as_mut() {
            balance.options = options;
        }
        record
    }

    fn columns_only() -> BalanceOptionsRecord {
        BalanceOptionsRecord {
            score: Some(ScoreSourceRecord::Roster),
            columns: vec!["毕业学校".into()],
            separate_namesakes: true,
            separate_homophones: false,
            together: None,
            apart: None,
        }
    }

    #[test]
    fn old_balanced_record_without_options_is_named() {
        let record = record_with(None);
        let recorded = Recorded {
            run: Some(&record),
            algorithm: None,
        };
        let result = balance_options(recorded, &GivenBalance::default(), Path::new("名单.xlsx"));
        let Err(Error::Regroup(fault)) = result else {
            panic!("expected a regroup fault");
        };
        assert!(matches!(
            *fault,
            RegroupFault::OptionsUnknown { record: Some(_) }
        ));
    }

    #[test]
    fn recorded_options_come_back() {
        let record = record_with(Some(columns_only()));
        let recorded = Recorded {
            run: Some(&record),
            algorithm: None,
        };
        let options =
            balance_options(recorded, &GivenBalance::default(), Path::new("名单.xlsx")).unwrap();
        assert_eq!(options.score, Some(ScoreSource::Roster));
        assert_eq!(options.columns, ["毕业学校"]);
        assert!(options.separate_namesakes);
        assert!(!options.separate_homophones);
    }

    #[test]
    fn flags_replace_recorded_columns() {
        let record = record_with(Some(columns_only()));
        let recorded = Recorded {
            run: Some(&record),
            algorithm: None,
        };
        let given = GivenBalance {
            flags: BalanceOptions {
                columns: vec!["住校".into()],
                ..Default::default()
            },
            settings: BalanceOptions::default(),
        };
        let options = balance_options(recorded, &given, Path::new("名单.xlsx")).unwrap();
        assert_eq!(options.columns, ["住校"]);
        assert_eq!(options.score, Some(ScoreSource::Roster));
    }

    #[test]
    fn plain_record_ignores_settings() {
        let mut record = record_with(None);
        record.algorithm = crate::rng::ALGORITHM_VERSION.into();
        let recorded = Recorded {
            run: Some(&record),
            algorithm: None,
        };
        let given = GivenBalance {
            flags: BalanceOptions::default(),
            settings: BalanceOptions {
                separate_namesakes: true,
                ..Default::default()
            },
        };
        let options = balance_options(recorded, &given, Path::new("名单.xlsx")).unwrap();
        assert!(!options.is_active());
    }

    #[test]
    fn recorded_list_file_found_beside_roster() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("双胞胎.csv"), "张三,张四\n").unwrap();
        let sha256 = Fingerprint::of(b"\xe5\xbc\xa0\xe4\xb8\x89,\xe5\xbc\xa0\xe5\x9b\x9b\n").hex();
        let source = ListSourceRecord::File {
            file: "双胞胎.csv".into(),
            sha256,
        };
        let found = locate_list(&source, dir.path(), OPTION_TOGETHER).unwrap();
        assert_eq!(found, ListSource::File(dir.path().join("双胞胎.csv")));

        std::fs::write(dir.path().join("双胞胎.csv"), "张三,王五\n").unwrap();
        let Err(Error::Regroup(changed)) = locate_list(&source, dir.path(), OPTION_TOGETHER) else {
            panic!("expected a changed file");
        };
        assert!(matches!(*changed, RegroupFault::ListFileDiffers { .. }));

        std::fs::remove_file(dir.path().join("双胞胎.csv")).unwrap();
        let Err(Error::Regroup(missing)) = locate_list(&source, dir.path(), OPTION_APART) else {
            panic!("expected a missing file");
        };
        assert!(matches!(
            *missing,
            RegroupFault::ListFileNotFound {
                option: "--apart",
                ..
            }
        ));
    }
}
