//! Suggesting swaps that make the class teams more even.
//!
//! A swap exchanges the teachers of one subject between two classes, or the head teachers
//! of two classes (with the subjects each teaches in their own class, when both teach the
//! same ones). Swaps are chosen greedily: each one is the swap involving the worst class
//! that lowers, in this order, the number of stacked classes, the number of classes judged
//! 偏强 or 偏弱, the largest overall deviation and the sum of squared deviations. Later
//! swaps assume the earlier ones were made. Every class is judged against the school's
//! original means and spreads, so the figures before and after compare like with like.
//! The search is deterministic: ties go to the lower class number, then to the subject in
//! timetable order, then to the teachers' names.

use super::check::{
    Balance, BalanceRules, ClassBalance, Team, Verdict, Yardstick, figures, judge, teams_of,
};
use super::{TeacherId, TeacherSheets};
use crate::classname::ClassKey;

/// What a swap exchanges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SwapKind {
    /// The teachers of one subject.
    Subject { subject: String },
    /// The head teachers, with the subjects each teaches in their own class.
    Head { subjects: Vec<String> },
}

/// One class's figures before or after a swap.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub title: Option<f64>,
    pub years: Option<f64>,
    pub honoured: usize,
    pub score: f64,
    pub verdict: Verdict,
    pub stacked: bool,
}

impl Snapshot {
    fn of(class: &ClassBalance) -> Snapshot {
        Snapshot {
            title: class.figures.title,
            years: class.figures.years,
            honoured: class.figures.honoured,
            score: class.judgement.score,
            verdict: class.judgement.verdict,
            stacked: class.figures.stacked,
        }
    }
}

/// A suggested swap between two classes, with both classes' figures before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct Swap {
    pub kind: SwapKind,
    /// The class that is out of line, and its teacher who moves to `second`.
    pub first: ClassKey,
    pub first_teacher: TeacherId,
    pub second: ClassKey,
    pub second_teacher: TeacherId,
    /// Figures of `first` and `second`, before and after.
    pub before: [Snapshot; 2],
    pub after: [Snapshot; 2],
    /// The largest overall deviation of any class, before and after.
    pub worst_before: f64,
    pub worst_after: f64,
}

/// Proposes up to `rules.max_suggestions` swaps, each applied before the next is sought.
pub fn suggest(sheets: &TeacherSheets, balance: &Balance, rules: &BalanceRules) -> Vec<Swap> {
    let mut search = Search {
        sheets,
        rules,
        school: &balance.school,
        teams: teams_of(sheets),
        state: balance.classes.clone(),
    };
    let mut swaps = Vec::new();
    while swaps.len() < rules.max_suggestions {
        match search.next_swap() {
            Some(swap) => swaps.push(swap),
            None => break,
        }
    }
    swaps
}

/// How uneven the classes are, compared in field order; lower is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Unevenness {
    stacked: usize,
    flagged: usize,
    /// The largest |overall deviation|, in thousandths.
    worst: i64,
    /// The sum of squared overall deviations, in millionths.
    squares: i64,
}

fn unevenness(classes: &[ClassBalance]) -> Unevenness {
    let scores = classes.iter().map(|c| c.judgement.score);
    Unevenness {
        stacked: classes.iter().filter(|c| c.figures.stacked).count(),
        flagged: classes
            .iter()
            .filter(|c| matches!(c.judgement.verdict, Verdict::Strong | Verdict::Weak))
            .count(),
        worst: (worst(classes) * 1000.0).round() as i64,
        squares: (scores.map(|s| s * s).sum::<f64>() * 1e6).round() as i64,
    }
}

fn worst(classes: &[ClassBalance]) -> f64 {
    classes
        .iter()
        .map(|c| c.judgement.score.abs())
        .fold(0.0, f64::max)
}

/// A candidate swap between the teams at indices `a` and `b`.
#[derive(Debug, Clone)]
struct Candidate {
    kind: SwapKind,
    a: usize,
    b: usize,
    teacher_a: TeacherId,
    teacher_b: TeacherId,
    teams: [Team; 2],
}

struct Search<'a> {
    sheets: &'a TeacherSheets,
    rules: &'a BalanceRules,
    school: &'a Yardstick,
    teams: Vec<Team>,
    state: Vec<ClassBalance>,
}

impl Search<'_> {
    /// Finds and applies the next swap, or returns `None` when nothing is out of line or
    /// no swap helps.
    fn next_swap(&mut self) -> Option<Swap> {
        let current = unevenness(&self.state);
        for target in self.targets() {
            let best = self
                .candidates(target)
                .into_iter()
                .map(|c| {
                    let state = self.judged(&c);
                    (unevenness(&state), c, state)
                })
                .min_by(|x, y| x.0.cmp(&y.0).then_with(|| self.order(&x.1, &y.1)));
            if let Some((measure, candidate, state)) = best
                && measure < current
            {
                return Some(self.apply(candidate, state));
            }
        }
        None
    }

    /// The classes that are stacked or out of line, worst first.
    fn targets(&self) -> Vec<usize> {
        let mut targets: Vec<usize> = (0..self.state.len())
            .filter(|&i| self.state[i].judgement.is_flagged())
            .collect();
        targets.sort_by(|&x, &y| {
            let key = |i: usize| {
                let c = &self.state[i];
                (
                    std::cmp::Reverse(c.figures.stacked),
                    std::cmp::Reverse((c.judgement.score.abs() * 1000.0).round() as i64),
                    c.class.number,
                )
            };
            key(x).cmp(&key(y))
        });
        targets
    }

    /// Orders equally good candidates: by the other class's number, then subject swaps in
    /// timetable order before head swaps, then by the teachers' names.
    fn order(&self, x: &Candidate, y: &Candidate) -> std::cmp::Ordering {
        let kind_rank = |c: &Candidate| match &c.kind {
            SwapKind::Subject { subject } => super::parse::subject_rank(subject),
            SwapKind::Head { .. } => usize::MAX,
        };
        let label = |id: TeacherId| self.sheets.teacher(id).label.as_str();
        let key = |c: &Candidate| {
            (
                self.teams[c.b].class.number,
                kind_rank(c),
                label(c.teacher_a),
                label(c.teacher_b),
            )
        };
        key(x).cmp(&key(y))
    }

    fn candidates(&self, a: usize) -> Vec<Candidate> {
        let mut candidates = Vec::new();
        for b in 0..self.teams.len() {
            // A team with missing teachers has no verdict to improve or to spoil.
            if b == a || !self.teams[b].missing.is_empty() {
                continue;
            }
            for subject in &self.sheets.subjects {
                candidates.extend(self.subject_swap(a, b, subject));
            }
            candidates.extend(self.head_swap(a, b));
        }
        candidates
    }

    /// Exchanges the only teachers of `subject` in two classes, unless one of them is the
    /// head teacher of their class, who should keep teaching it.
    fn subject_swap(&self, a: usize, b: usize, subject: &str) -> Option<Candidate> {
        let (team_a, team_b) = (&self.teams[a], &self.teams[b]);
        let (in_a, in_b) = (team_a.teachers_of(subject), team_b.teachers_of(subject));
        let (&[x], &[y]) = (in_a.as_slice(), in_b.as_slice()) else {
            return None;
        };
        if x == y || team_a.head == Some(x) || team_b.head == Some(y) {
            return None;
        }
        let swapped = [
            replace(team_a, subject, x, y),
            replace(team_b, subject, y, x),
        ];
        Some(Candidate {
            kind: SwapKind::Subject {
                subject: subject.to_string(),
            },
            a,
            b,
            teacher_a: x,
            teacher_b: y,
            teams: swapped,
        })
    }

    /// Exchanges two head teachers when each teaches the same subjects in their own class.
    fn head_swap(&self, a: usize, b: usize) -> Option<Candidate> {
        let (team_a, team_b) = (&self.teams[a], &self.teams[b]);
        let (x, y) = (team_a.head?, team_b.head?);
        if x == y {
            return None;
        }
        let subjects_of = |team: &Team, id| {
            let mut subjects: Vec<String> = team
                .subjects
                .iter()
                .filter(|(_, t)| *t == id)
                .map(|(s, _)| s.clone())
                .collect();
            subjects.sort();
            subjects
        };
        let subjects = subjects_of(team_a, x);
        if subjects != subjects_of(team_b, y) {
            return None;
        }
        let mut new_a = team_a.clone();
        let mut new_b = team_b.clone();
        new_a.head = Some(y);
        new_b.head = Some(x);
        for subject in &subjects {
            new_a = replace(&new_a, subject, x, y);
            new_b = replace(&new_b, subject, y, x);
        }
        Some(Candidate {
            kind: SwapKind::Head { subjects },
            a,
            b,
            teacher_a: x,
            teacher_b: y,
            teams: [new_a, new_b],
        })
    }

    /// The judged classes with a candidate's two teams in place.
    fn judged(&self, candidate: &Candidate) -> Vec<ClassBalance> {
        let mut state = self.state.clone();
        for (index, team) in [candidate.a, candidate.b].into_iter().zip(&candidate.teams) {
            let figures = figures(team, &self.sheets.teachers, self.rules);
            state[index] = ClassBalance {
                class: team.class,
                head: team.head,
                judgement: judge(&figures, self.school, self.rules),
                figures,
            };
        }
        state
    }

    fn apply(&mut self, candidate: Candidate, state: Vec<ClassBalance>) -> Swap {
        let (a, b) = (candidate.a, candidate.b);
        let before = [Snapshot::of(&self.state[a]), Snapshot::of(&self.state[b])];
        let after = [Snapshot::of(&state[a]), Snapshot::of(&state[b])];
        let worst_before = worst(&self.state);
        let worst_after = worst(&state);
        let [team_a, team_b] = candidate.teams;
        self.teams[a] = team_a;
        self.teams[b] = team_b;
        self.state = state;
        Swap {
            kind: candidate.kind,
            first: self.teams[a].class,
            first_teacher: candidate.teacher_a,
            second: self.teams[b].class,
            second_teacher: candidate.teacher_b,
            before,
            after,
            worst_before,
            worst_after,
        }
    }
}

/// The team with `from` replaced by `to` as the teacher of `subject`.
fn replace(team: &Team, subject: &str, from: TeacherId, to: TeacherId) -> Team {
    let mut team = team.clone();
    for (s, teacher) in &mut team.subjects {
        if s == subject && *teacher == from {
            *teacher = to;
        }
    }
    team
}
