//! Checking class teams: completeness (one head teacher per class, a teacher for every
//! subject, no one heading two classes), each teacher's load, and the balance of teams.
//!
//! Balance compares three figures of each class with the other classes of the grade: the
//! mean title points of its teachers (正高级 5 … 未定级 0), their mean 教龄 and the number of
//! teachers with an honour. Each figure's deviation is its difference from the mean of all
//! classes divided by the spread (standard deviation) between classes, and differences
//! smaller than a floor count as none. The weighted mean of the three deviations is the
//! class's overall deviation, which decides the verdict 偏强, 偏弱 or 均衡. Stacking is judged
//! apart from it: too many strong teachers among the head teacher and the core subject
//! teachers of one class.

use std::collections::{BTreeMap, BTreeSet};

use super::{Teacher, TeacherId, TeacherProblem, TeacherSheets, Title, class_label};
use crate::classname::ClassKey;
use crate::diag::{Location, Report};
use crate::settings::TeacherSettings;

/// The thresholds of the balance check, from the `[教师]` settings or their defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct BalanceRules {
    pub core_subjects: Vec<String>,
    /// Teachers with this title or a higher one are strong.
    pub strong_title: Title,
    /// Teachers with an honour containing one of these words are strong.
    pub strong_honours: Vec<String>,
    /// The number of strong teachers among the head teacher and core subject teachers that
    /// makes a class stacked. A smaller group is stacked when all its teachers are strong.
    pub stacking_count: usize,
    /// The overall deviation from which a class is 偏强 (or, negative, 偏弱).
    pub verdict_limit: f64,
    /// The deviation of one figure from which its cell is highlighted.
    pub figure_limit: f64,
    /// Differences from the mean below these count as none: title points, years, honoured
    /// teachers.
    pub floors: [f64; 3],
    pub weights: [f64; 3],
    /// The gap between a class's share of women and the school's that is pointed out.
    pub gender_gap: f64,
    /// The share of a team with one personality tag that is pointed out.
    pub trait_share: f64,
    pub max_suggestions: usize,
}

impl Default for BalanceRules {
    fn default() -> Self {
        BalanceRules {
            core_subjects: ["语文", "数学", "英语"].map(String::from).to_vec(),
            strong_title: Title::Senior,
            strong_honours: ["特级", "学科带头人", "骨干", "名师", "名班主任", "教学能手"]
                .map(String::from)
                .to_vec(),
            stacking_count: 3,
            verdict_limit: 1.0,
            figure_limit: 1.5,
            floors: [0.3, 2.0, 1.0],
            weights: [1.0, 1.0, 1.0],
            gender_gap: 0.3,
            trait_share: 0.6,
            max_suggestions: 5,
        }
    }
}

impl BalanceRules {
    /// Applies the settings over the defaults.
    ///
    /// # Errors
    ///
    /// Returns the written value of 强教师职称 when it names no title.
    pub fn from_settings(settings: &TeacherSettings) -> Result<BalanceRules, String> {
        let mut rules = BalanceRules::default();
        if let Some(subjects) = &settings.core_subjects {
            rules.core_subjects = subjects
                .iter()
                .map(|s| super::parse::subject_name(s).map_or_else(|| s.clone(), String::from))
                .collect();
        }
        if let Some(written) = &settings.strong_title {
            let value = crate::read::Value::Text(written.clone());
            rules.strong_title = match super::parse::parse_title(&value) {
                super::parse::TitleOutcome::Known { title, .. } => title,
                _ => return Err(written.clone()),
            };
        }
        if let Some(honours) = &settings.strong_honours {
            rules.strong_honours = honours.clone();
        }

        let set = |target: &mut f64, value: Option<f64>| {
            if let Some(v) = value.filter(|v| v.is_finite() && *v >= 0.0) {
                *target = v;
            }
        };
        set(&mut rules.verdict_limit, settings.verdict_limit);
        set(&mut rules.figure_limit, settings.figure_limit);
        set(&mut rules.floors[0], settings.title_floor);
        set(&mut rules.floors[1], settings.years_floor);
        set(&mut rules.floors[2], settings.honour_floor);
        set(&mut rules.weights[0], settings.title_weight);
        set(&mut rules.weights[1], settings.years_weight);
        set(&mut rules.weights[2], settings.honour_weight);
        set(&mut rules.gender_gap, settings.gender_gap);
        set(&mut rules.trait_share, settings.trait_share);

        if let Some(count) = settings.stacking_count {
            rules.stacking_count = count.max(1) as usize;
        }
        if let Some(count) = settings.max_suggestions {
            rules.max_suggestions = count as usize;
        }
        Ok(rules)
    }

    /// Checks whether a teacher is strong: a title at or above the strong title, or a strong
    /// honour.
    pub fn is_strong(&self, teacher: &Teacher) -> bool {
        let titled = teacher.title.is_some_and(|t| t >= self.strong_title);
        let honoured = teacher
            .honours
            .iter()
            .any(|h| self.strong_honours.iter().any(|w| h.contains(w.as_str())));
        titled || honoured
    }
}

/// The figures of balance, in the order of [`BalanceRules::floors`] and `weights`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Figure {
    /// The mean title points of the team.
    Title,
    /// The mean 教龄 of the team.
    Years,
    /// The number of teachers with an honour.
    Honours,
}

pub const FIGURES: [Figure; 3] = [Figure::Title, Figure::Years, Figure::Honours];

impl Figure {
    pub fn index(self) -> usize {
        self as usize
    }
}

/// A class team as the balance check uses it: who heads it and who teaches what.
#[derive(Debug, Clone, PartialEq)]
pub struct Team {
    pub class: ClassKey,
    pub head: Option<TeacherId>,
    pub subjects: Vec<(String, TeacherId)>,
    /// The unfilled roles: [`HEAD_ROLE`] and the subjects of the sheets without a
    /// teacher. A team with gaps gets no verdict.
    pub missing: Vec<String>,
}

/// The role of the head teacher in [`Team::missing`].
pub const HEAD_ROLE: &str = "班主任";

impl Team {
    /// Returns the distinct teachers of the team, head teacher first.
    pub fn members(&self) -> Vec<TeacherId> {
        let mut members = Vec::new();
        for id in self.head.iter().chain(self.subjects.iter().map(|(_, t)| t)) {
            if !members.contains(id) {
                members.push(*id);
            }
        }
        members
    }

    /// Returns the teachers of a subject.
    pub fn teachers_of(&self, subject: &str) -> Vec<TeacherId> {
        self.subjects
            .iter()
            .filter(|(s, _)| s == subject)
            .map(|(_, t)| *t)
            .collect()
    }
}

/// Builds the teams of all classes, in class order.
pub fn teams_of(sheets: &TeacherSheets) -> Vec<Team> {
    sheets
        .classes
        .iter()
        .map(|row| Team {
            class: row.class,
            head: row.head(),
            subjects: row
                .assignments
                .iter()
                .map(|a| (a.subject.clone(), a.teacher))
                .collect(),
            missing: missing_roles(row, &sheets.subjects),
        })
        .collect()
}

/// Returns the unfilled roles of a class row, head teacher first.
fn missing_roles(row: &super::ClassRow, subjects: &[String]) -> Vec<String> {
    let head = row.heads.is_empty().then(|| HEAD_ROLE.to_string());
    let unstaffed = subjects
        .iter()
        .filter(|subject| row.teachers_of(subject).is_empty())
        .cloned();
    head.into_iter().chain(unstaffed).collect()
}

/// Counts and means that describe a class team.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClassFigures {
    pub members: usize,
    /// Members with details in a teacher sheet.
    pub described: usize,
    pub title: Option<f64>,
    pub years: Option<f64>,
    /// The standard deviation of the members' 教龄.
    pub years_spread: Option<f64>,
    pub honoured: usize,
    pub men: usize,
    pub women: usize,
    /// Personality tags with their counts, most frequent first.
    pub traits: Vec<(String, usize)>,
    /// The strong teachers among the head teacher and the core subject teachers.
    pub strong: Vec<TeacherId>,
    pub stacked: bool,
    /// The unfilled roles of the team, as in [`Team::missing`].
    pub missing: Vec<String>,
}

impl ClassFigures {
    /// Returns the value of a figure, or `None` when no member is described.
    pub fn value(&self, figure: Figure) -> Option<f64> {
        match figure {
            Figure::Title => self.title,
            Figure::Years => self.years,
            Figure::Honours => (self.described > 0).then_some(self.honoured as f64),
        }
    }
}

/// Computes the figures of one team.
pub fn figures(team: &Team, teachers: &[Teacher], rules: &BalanceRules) -> ClassFigures {
    let members = team.members();
    let of = |id: &TeacherId| &teachers[*id];
    let titles: Vec<f64> = members
        .iter()
        .filter_map(|id| of(id).title.map(Title::points))
        .collect();
    let years: Vec<f64> = members.iter().filter_map(|id| of(id).years).collect();
    let mut traits: BTreeMap<&str, usize> = BTreeMap::new();
    for id in &members {
        for tag in &of(id).traits {
            *traits.entry(tag.as_str()).or_default() += 1;
        }
    }
    let mut traits: Vec<(String, usize)> = traits
        .into_iter()
        .map(|(tag, n)| (tag.to_string(), n))
        .collect();
    traits.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let gender = |g| members.iter().filter(|id| of(id).gender == Some(g)).count();
    let (strong, stacked) = stacking(team, teachers, rules);
    ClassFigures {
        members: members.len(),
        described: members.iter().filter(|id| of(id).has_details()).count(),
        title: mean(&titles),
        years: mean(&years).map(round2),
        years_spread: spread(&years).map(round2),
        honoured: members
            .iter()
            .filter(|id| !of(id).honours.is_empty())
            .count(),
        men: gender(crate::roster::Gender::Male),
        women: gender(crate::roster::Gender::Female),
        traits,
        strong,
        stacked,
        missing: team.missing.clone(),
    }
}

/// Finds the strong teachers among the head teacher and the core subject teachers, and
/// whether they are too many.
fn stacking(team: &Team, teachers: &[Teacher], rules: &BalanceRules) -> (Vec<TeacherId>, bool) {
    let mut group: Vec<TeacherId> = team.head.into_iter().collect();
    for subject in &rules.core_subjects {
        for id in team.teachers_of(subject) {
            if !group.contains(&id) {
                group.push(id);
            }
        }
    }
    let strong: Vec<TeacherId> = group
        .iter()
        .copied()
        .filter(|id| rules.is_strong(&teachers[*id]))
        .collect();
    let needed = rules.stacking_count.min(group.len());
    let stacked = group.len() >= 2 && strong.len() >= needed;
    (strong, stacked)
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// Computes the population standard deviation.
fn spread(values: &[f64]) -> Option<f64> {
    let m = mean(values)?;
    let variance = values.iter().map(|v| (v - m).powi(2)).sum::<f64>() / values.len() as f64;
    Some(variance.sqrt())
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The school's means and spreads that each class is compared with.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Yardstick {
    pub mean: [Option<f64>; 3],
    pub spread: [f64; 3],
    /// The share of women among all class members, counted once per class.
    pub women_share: Option<f64>,
}

/// Computes the means and spreads of the figures across classes. Classes with missing
/// teachers are left out, because their figures describe part of a team.
pub fn yardstick(classes: &[ClassFigures]) -> Yardstick {
    let mut result = Yardstick::default();
    let complete = || classes.iter().filter(|c| c.missing.is_empty());
    for figure in FIGURES {
        let values: Vec<f64> = complete().filter_map(|c| c.value(figure)).collect();
        result.mean[figure.index()] = mean(&values);
        result.spread[figure.index()] = spread(&values).unwrap_or(0.0);
    }
    let women: usize = classes.iter().map(|c| c.women).sum();
    let known: usize = classes.iter().map(|c| c.women + c.men).sum();
    result.women_share = (known > 0).then(|| women as f64 / known as f64);
    result
}

/// A class's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    Balanced,
    Strong,
    Weak,
    /// The team misses a teacher, so its balance cannot be judged.
    Unknown,
}

/// A reason a class is out of line, or a point worth a look.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// A figure above (`high`) or below the school mean.
    Figure {
        figure: Figure,
        value: f64,
        mean: f64,
        high: bool,
    },
    /// Too many strong teachers among the head teacher and the core subject teachers.
    Stacked { strong: Vec<TeacherId> },
    /// The share of women differs much from the school's.
    GenderMix {
        women: usize,
        members: usize,
        school_share: f64,
    },
    /// Most of the team share one personality tag.
    TraitsConcentrated {
        tag: String,
        count: usize,
        members: usize,
    },
    /// No teacher of the team is described in a teacher sheet.
    NoDetails,
    /// The unfilled roles of the team, as in [`Team::missing`].
    TeachersMissing { roles: Vec<String> },
}

/// The judgement of one class.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    /// Each figure's deviation, 0 for differences below the floor; `None` when unknown.
    pub deviation: [Option<f64>; 3],
    /// The weighted mean of the known deviations.
    pub score: f64,
    pub verdict: Verdict,
    pub reasons: Vec<Reason>,
}

impl Judgement {
    /// Checks whether a figure's cell is out of line.
    pub fn is_out_of_line(&self, figure: Figure, rules: &BalanceRules) -> bool {
        self.deviation[figure.index()].is_some_and(|d| d.abs() >= rules.figure_limit)
    }

    /// Checks whether the class is 偏强, 偏弱 or stacked. A class without a verdict is not
    /// flagged here, because its missing teachers are reported as problems.
    pub fn is_flagged(&self) -> bool {
        matches!(self.verdict, Verdict::Strong | Verdict::Weak)
            || self
                .reasons
                .iter()
                .any(|r| matches!(r, Reason::Stacked { .. }))
    }
}

/// Computes the deviation of a value from the school: its difference from the mean in
/// spreads, or 0 when the difference is below `floor` or the classes do not differ.
pub fn deviation(value: f64, mean: f64, spread: f64, floor: f64) -> f64 {
    let difference = value - mean;
    if difference.abs() < floor || spread < 1e-9 {
        return 0.0;
    }
    round2(difference / spread)
}

/// Judges one class against the school. A class with missing teachers gets
/// [`Verdict::Unknown`] and no deviations.
pub fn judge(figures: &ClassFigures, school: &Yardstick, rules: &BalanceRules) -> Judgement {
    if !figures.missing.is_empty() {
        return unknown(figures);
    }
    let mut deviations = [None; 3];
    let (mut weighted, mut weights) = (0.0, 0.0);
    for figure in FIGURES {
        let i = figure.index();
        let (Some(value), Some(mean)) = (figures.value(figure), school.mean[i]) else {
            continue;
        };
        let d = deviation(value, mean, school.spread[i], rules.floors[i]);
        deviations[i] = Some(d);
        weighted += rules.weights[i] * d;
        weights += rules.weights[i];
    }
    let score = if weights > 0.0 {
        round2(weighted / weights)
    } else {
        0.0
    };
    let verdict = if score >= rules.verdict_limit && rules.verdict_limit > 0.0 {
        Verdict::Strong
    } else if score <= -rules.verdict_limit && rules.verdict_limit > 0.0 {
        Verdict::Weak
    } else {
        Verdict::Balanced
    };
    let mut judgement = Judgement {
        deviation: deviations,
        score,
        verdict,
        reasons: Vec::new(),
    };
    judgement.reasons = reasons(figures, school, rules, &judgement);
    judgement
}

/// Judges a team with missing teachers: it lists the gaps, and stacking when the teachers
/// present are stacked already.
fn unknown(figures: &ClassFigures) -> Judgement {
    let mut reasons = vec![Reason::TeachersMissing {
        roles: figures.missing.clone(),
    }];
    if figures.stacked {
        reasons.push(Reason::Stacked {
            strong: figures.strong.clone(),
        });
    }
    Judgement {
        deviation: [None; 3],
        score: 0.0,
        verdict: Verdict::Unknown,
        reasons,
    }
}

fn reasons(
    figures: &ClassFigures,
    school: &Yardstick,
    rules: &BalanceRules,
    judgement: &Judgement,
) -> Vec<Reason> {
    let mut reasons = Vec::new();
    if figures.members > 0 && figures.described == 0 {
        reasons.push(Reason::NoDetails);
    }
    for figure in FIGURES {
        let i = figure.index();
        let (Some(d), Some(value), Some(mean)) = (
            judgement.deviation[i],
            figures.value(figure),
            school.mean[i],
        ) else {
            continue;
        };
        let with_verdict = match judgement.verdict {
            Verdict::Strong => d > 0.0,
            Verdict::Weak => d < 0.0,
            Verdict::Balanced | Verdict::Unknown => false,
        };
        if with_verdict || d.abs() >= rules.figure_limit {
            reasons.push(Reason::Figure {
                figure,
                value,
                mean,
                high: d > 0.0,
            });
        }
    }
    if figures.stacked {
        reasons.push(Reason::Stacked {
            strong: figures.strong.clone(),
        });
    }
    reasons.extend(gender_reason(figures, school, rules));
    reasons.extend(trait_reason(figures, rules));
    reasons
}

/// Teams smaller than this are not judged on gender or personality mix.
const MIN_TEAM_FOR_MIX: usize = 4;

fn gender_reason(
    figures: &ClassFigures,
    school: &Yardstick,
    rules: &BalanceRules,
) -> Option<Reason> {
    let known = figures.men + figures.women;
    let school_share = school.women_share?;
    if known < MIN_TEAM_FOR_MIX {
        return None;
    }
    let share = figures.women as f64 / known as f64;
    ((share - school_share).abs() >= rules.gender_gap).then_some(Reason::GenderMix {
        women: figures.women,
        members: known,
        school_share,
    })
}

fn trait_reason(figures: &ClassFigures, rules: &BalanceRules) -> Option<Reason> {
    let (tag, count) = figures.traits.first()?;
    let concentrated = figures.members >= MIN_TEAM_FOR_MIX
        && *count >= 3
        && *count as f64 / figures.members as f64 >= rules.trait_share;
    concentrated.then(|| Reason::TraitsConcentrated {
        tag: tag.clone(),
        count: *count,
        members: figures.members,
    })
}

/// One class's figures and judgement.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassBalance {
    pub class: ClassKey,
    pub head: Option<TeacherId>,
    pub figures: ClassFigures,
    pub judgement: Judgement,
}

/// The balance of all classes.
#[derive(Debug, Clone, PartialEq)]
pub struct Balance {
    pub classes: Vec<ClassBalance>,
    pub school: Yardstick,
}

impl Balance {
    pub fn count(&self, verdict: Verdict) -> usize {
        self.classes
            .iter()
            .filter(|c| c.judgement.verdict == verdict)
            .count()
    }

    pub fn stacked(&self) -> usize {
        self.classes.iter().filter(|c| c.figures.stacked).count()
    }
}

/// Judges every class of the sheets.
pub fn evaluate(sheets: &TeacherSheets, rules: &BalanceRules) -> Balance {
    let teams = teams_of(sheets);
    let figures: Vec<ClassFigures> = teams
        .iter()
        .map(|t| figures(t, &sheets.teachers, rules))
        .collect();
    let school = yardstick(&figures);
    let classes = judge_all(&teams, figures, &school, rules);
    Balance { classes, school }
}

/// Judges teams against a given yardstick; the suggestions keep the school's original one.
pub fn judge_all(
    teams: &[Team],
    figures: Vec<ClassFigures>,
    school: &Yardstick,
    rules: &BalanceRules,
) -> Vec<ClassBalance> {
    teams
        .iter()
        .zip(figures)
        .map(|(team, figures)| ClassBalance {
            class: team.class,
            head: team.head,
            judgement: judge(&figures, school, rules),
            figures,
        })
        .collect()
}

/// Checks the head teachers: each class has one, and no one heads two classes. Returns the
/// number of findings.
pub fn head_teachers(sheets: &TeacherSheets, report: &mut Report) -> usize {
    let before = report.problems.len();
    let mut headed: BTreeMap<TeacherId, Vec<&super::ClassRow>> = BTreeMap::new();
    for row in &sheets.classes {
        let class = class_label(row.class);
        match row.heads.as_slice() {
            [] => report.warning(
                row.head_at.clone(),
                TeacherProblem::HeadTeacherMissing { class },
            ),
            [_] => {}
            several => {
                let names = several
                    .iter()
                    .map(|id| sheets.teacher(*id).label.clone())
                    .collect();
                report.error(
                    row.head_at.clone(),
                    TeacherProblem::SeveralHeadTeachers { class, names },
                );
            }
        }
        if let Some(head) = row.head() {
            headed.entry(head).or_default().push(row);
        }
    }
    for (teacher, rows) in headed {
        if rows.len() < 2 {
            continue;
        }
        let classes: Vec<String> = rows.iter().map(|r| class_label(r.class)).collect();
        for row in &rows[1..] {
            let problem = TeacherProblem::HeadOfSeveralClasses {
                name: sheets.teacher(teacher).label.clone(),
                classes: classes.clone(),
            };
            report.error(row.head_at.clone(), problem);
        }
    }
    report.problems.len() - before
}

/// Checks that every subject has a teacher in every class, that no class number is
/// missing, and that the number of classes is `expected` when given. Returns the number of
/// findings.
pub fn completeness(sheets: &TeacherSheets, expected: Option<u32>, report: &mut Report) -> usize {
    let before = report.problems.len();
    for row in &sheets.classes {
        for subject in &sheets.subjects {
            if !row.teachers_of(subject).is_empty() {
                continue;
            }
            let at = row
                .subject_cells
                .iter()
                .find(|(s, _)| s == subject)
                .map(|(_, at)| at.clone())
                .unwrap_or_else(|| row.at.clone());
            let problem = TeacherProblem::SubjectTeacherMissing {
                class: class_label(row.class),
                subject: subject.clone(),
            };
            report.warning(at, problem);
        }
    }
    report_class_gaps(sheets, expected, report);
    report.problems.len() - before
}

fn report_class_gaps(sheets: &TeacherSheets, expected: Option<u32>, report: &mut Report) {
    let Some(first) = sheets.classes.first() else {
        // A blank template must not pass as complete and balanced.
        let at = match sheets.sources.first() {
            Some(source) => Location::sheet(source.file.clone(), source.sheet.clone()),
            None => Location::default(),
        };
        report.error(at, TeacherProblem::NoClasses);
        return;
    };
    let numbers: BTreeSet<u32> = sheets.classes.iter().map(|c| c.class.number).collect();
    let last = numbers
        .iter()
        .max()
        .copied()
        .unwrap_or(0)
        .max(expected.unwrap_or(0));
    let location =
        crate::diag::Location::sheet(&first.at.file, first.at.sheet.clone().unwrap_or_default());
    for number in 1..=last {
        if !numbers.contains(&number) {
            let class = class_label(ClassKey {
                grade: sheets.grade,
                number,
            });
            report.warning(location.clone(), TeacherProblem::ClassMissing { class });
        }
    }
    if let Some(expected) = expected
        && numbers.len() != expected as usize
    {
        let problem = TeacherProblem::ClassCountDiffers {
            found: numbers.len(),
            expected,
        };
        report.warning(location, problem);
    }
}

/// One teacher's duties in the grade.
#[derive(Debug, Clone, PartialEq)]
pub struct Load {
    pub teacher: TeacherId,
    pub head_of: Vec<ClassKey>,
    /// Each subject with the classes it is taught in.
    pub subjects: Vec<(String, Vec<ClassKey>)>,
}

impl Load {
    /// Counts the distinct classes the teacher teaches or heads.
    pub fn classes(&self) -> usize {
        let all: BTreeSet<u32> = self
            .head_of
            .iter()
            .chain(self.subjects.iter().flat_map(|(_, c)| c))
            .map(|c| c.number)
            .collect();
        all.len()
    }
}

/// Lists every teacher's head-teacher classes and subjects, by subject then name.
pub fn loads(sheets: &TeacherSheets) -> Vec<Load> {
    let mut by_teacher: BTreeMap<TeacherId, Load> = BTreeMap::new();
    for row in &sheets.classes {
        if let Some(head) = row.head() {
            by_teacher
                .entry(head)
                .or_insert_with(|| empty_load(head))
                .head_of
                .push(row.class);
        }
        for a in &row.assignments {
            let load = by_teacher
                .entry(a.teacher)
                .or_insert_with(|| empty_load(a.teacher));
            match load.subjects.iter_mut().find(|(s, _)| *s == a.subject) {
                Some((_, classes)) => {
                    if !classes.contains(&row.class) {
                        classes.push(row.class);
                    }
                }
                None => load.subjects.push((a.subject.clone(), vec![row.class])),
            }
        }
    }
    let mut loads: Vec<Load> = by_teacher.into_values().collect();
    let rank = |load: &Load| {
        load.subjects
            .first()
            .map(|(s, _)| super::parse::subject_rank(s))
            .unwrap_or(usize::MAX)
    };
    loads.sort_by(|a, b| {
        rank(a).cmp(&rank(b)).then_with(|| {
            sheets
                .teacher(a.teacher)
                .label
                .cmp(&sheets.teacher(b.teacher).label)
        })
    });
    loads
}

fn empty_load(teacher: TeacherId) -> Load {
    Load {
        teacher,
        head_of: Vec::new(),
        subjects: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn teacher(title: Title, years: f64, honour: &str) -> Teacher {
        Teacher {
            name: format!("{title:?}{years}"),
            title: Some(title),
            years: Some(years),
            honours: (!honour.is_empty())
                .then(|| honour.to_string())
                .into_iter()
                .collect(),
            details_at: Some(crate::diag::Location::file("t.xlsx")),
            ..Default::default()
        }
    }

    fn team(head: TeacherId, subjects: &[(&str, TeacherId)]) -> Team {
        Team {
            class: ClassKey {
                grade: None,
                number: 1,
            },
            head: Some(head),
            subjects: subjects.iter().map(|(s, t)| (s.to_string(), *t)).collect(),
            missing: Vec::new(),
        }
    }

    #[test]
    fn small_differences_count_as_none() {
        assert_eq!(deviation(3.2, 3.0, 0.1, 0.3), 0.0);
        assert_eq!(deviation(3.6, 3.0, 0.4, 0.3), 1.5);
        assert_eq!(deviation(2.4, 3.0, 0.4, 0.3), -1.5);
        assert_eq!(deviation(5.0, 3.0, 0.0, 0.3), 0.0);
    }

    #[test]
    fn stacking_needs_three_strong_among_head_and_core() {
        let rules = BalanceRules::default();
        let teachers = vec![
            teacher(Title::Senior, 20.0, ""),
            teacher(Title::First, 10.0, "市级骨干教师"),
            teacher(Title::Principal, 30.0, ""),
            teacher(Title::Second, 5.0, ""),
        ];
        let stacked = team(0, &[("语文", 0), ("数学", 1), ("英语", 2), ("体育", 3)]);
        let figures = figures(&stacked, &teachers, &rules);
        assert!(figures.stacked);
        assert_eq!(figures.strong, [0, 1, 2]);
        let mixed = team(0, &[("语文", 0), ("数学", 3), ("英语", 2)]);
        assert!(!super::figures(&mixed, &teachers, &rules).stacked);
    }

    #[test]
    fn stacked_two_person_core_group() {
        let rules = BalanceRules::default();
        let teachers = vec![
            teacher(Title::Senior, 20.0, ""),
            teacher(Title::First, 10.0, "学科带头人"),
        ];
        let grade_one = team(0, &[("语文", 0), ("数学", 1)]);
        assert!(figures(&grade_one, &teachers, &rules).stacked);
    }

    #[test]
    fn verdict_follows_weighted_mean_of_deviations() {
        let rules = BalanceRules::default();
        let school = Yardstick {
            mean: [Some(3.0), Some(12.0), Some(1.0)],
            spread: [0.4, 3.0, 1.0],
            women_share: None,
        };
        let strong = ClassFigures {
            members: 5,
            described: 5,
            title: Some(3.6),
            years: Some(18.0),
            honoured: 2,
            ..Default::default()
        };
        let judgement = judge(&strong, &school, &rules);
        assert_eq!(judgement.deviation, [Some(1.5), Some(2.0), Some(1.0)]);
        assert_eq!(judgement.score, 1.5);
        assert_eq!(judgement.verdict, Verdict::Strong);
        assert_eq!(judgement.reasons.len(), 3);
        let usual = ClassFigures {
            title: Some(3.1),
            years: Some(13.0),
            honoured: 1,
            ..strong
        };
        assert_eq!(judge(&usual, &school, &rules).verdict, Verdict::Balanced);
    }

    #[test]
    fn settings_override_defaults_and_reject_bad_title() {
        let settings = TeacherSettings {
            strong_title: Some("正高级".to_string()),
            verdict_limit: Some(0.8),
            core_subjects: Some(vec!["体育与健康".to_string()]),
            ..Default::default()
        };
        let rules = BalanceRules::from_settings(&settings).unwrap();
        assert_eq!(rules.strong_title, Title::Principal);
        assert_eq!(rules.verdict_limit, 0.8);
        assert_eq!(rules.core_subjects, ["体育"]);
        let bad = TeacherSettings {
            strong_title: Some("教授".to_string()),
            ..Default::default()
        };
        assert_eq!(BalanceRules::from_settings(&bad), Err("教授".to_string()));
    }
}
