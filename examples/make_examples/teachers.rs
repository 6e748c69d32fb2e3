//! Invented teacher sheets: who teaches what in every class, and who the teachers are.

use std::collections::HashSet;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::Worksheet;

use super::dice::Dice;
use super::people::{NameChars, ymd};
use super::roster::{Grade, apportion};
use super::sheets::{Formats, excel_date, new_workbook};
use super::{INTAKE_YEAR, Result};

/// A subject on the timetable, how many classes one of its teachers takes, and the share of
/// women among its teachers.
pub struct Subject {
    name: &'static str,
    load: (usize, usize),
    female_share: f64,
}

const fn subject(name: &'static str, load: (usize, usize), female_share: f64) -> Subject {
    Subject {
        name,
        load,
        female_share,
    }
}

pub const GRADE7_SUBJECTS: [Subject; 11] = [
    subject("语文", (2, 3), 0.85),
    subject("数学", (2, 3), 0.6),
    subject("英语", (2, 3), 0.9),
    subject("道德与法治", (3, 4), 0.7),
    subject("历史", (3, 4), 0.6),
    subject("地理", (3, 4), 0.55),
    subject("生物", (3, 4), 0.65),
    subject("体育", (3, 4), 0.2),
    subject("音乐", (3, 4), 0.85),
    subject("美术", (3, 4), 0.6),
    subject("信息技术", (3, 4), 0.4),
];

/// Grade 1: a 语文 teacher has one class and usually heads it, as primary schools arrange it.
pub const GRADE1_SUBJECTS: [Subject; 7] = [
    subject("语文", (1, 1), 0.95),
    subject("数学", (2, 2), 0.85),
    subject("道德与法治", (2, 2), 0.85),
    subject("科学", (4, 4), 0.6),
    subject("体育", (2, 2), 0.3),
    subject("音乐", (4, 4), 0.9),
    subject("美术", (4, 4), 0.7),
];

/// Professional titles, highest first, with their weight in a teacher's strength.
const TITLES: [(&str, f64); 6] = [
    ("正高级教师", 5.0),
    ("高级教师", 4.0),
    ("一级教师", 3.0),
    ("二级教师", 2.0),
    ("三级教师", 1.0),
    ("未定级", 0.0),
];

const PERSONALITIES: &[&str] = &[
    "严谨", "活泼", "耐心", "幽默", "温和", "严格", "细致", "开朗", "沉稳", "热情", "亲和",
];

struct Teacher {
    name: String,
    male: bool,
    birth: NaiveDate,
    subject: &'static str,
    years: u32,
    /// Index into `TITLES`.
    title: usize,
    honour: Option<&'static str>,
    personality: Option<&'static str>,
}

impl Teacher {
    /// Returns the rough strength a school balances between classes: title, honours and
    /// experience.
    fn strength(&self) -> f64 {
        let honour = match self.honour {
            Some("学科带头人") => 2.0,
            Some(_) => 1.0,
            None => 0.0,
        };
        TITLES[self.title].1 + honour + f64::from(self.years.min(30)) / 10.0
    }
}

/// A school's teacher sheet for one grade.
pub struct TeacherSheet {
    school: &'static str,
    grade: Grade,
    subjects: &'static [Subject],
    teachers: Vec<Teacher>,
    /// Per class, the head teacher's index into `teachers`.
    heads: Vec<usize>,
    /// Per class and subject, the teacher's index into `teachers`.
    matrix: Vec<Vec<usize>>,
}

impl TeacherSheet {
    fn class_name(&self, class: usize) -> String {
        let prefix = if self.grade == Grade::One {
            "一"
        } else {
            "七"
        };
        format!("{prefix}({})班", class + 1)
    }

    pub fn summary(&self) -> String {
        format!(
            "{}{}教师任课表，{} 个班，{} 门学科，{} 名教师",
            self.school,
            self.grade.label(),
            self.heads.len(),
            self.subjects.len(),
            self.teachers.len(),
        )
    }
}

/// Generates the teacher sheet of a school with `classes` classes. Within each subject,
/// teachers take runs of neighbouring classes, and stronger teachers go to the classes that
/// are weakest so far, with a few random swaps: balanced as a school would do it, not perfectly.
pub fn generate_teacher_sheet(
    school: &'static str,
    grade: Grade,
    classes: usize,
    subjects: &'static [Subject],
    dice: &mut Dice,
) -> TeacherSheet {
    let names = NameChars::new();
    let mut used_names = HashSet::new();
    let mut teachers = Vec::new();
    let mut class_strength = vec![0.0; classes];
    let mut matrix = vec![Vec::with_capacity(subjects.len()); classes];

    for subject in subjects {
        let loads = draw_loads(dice, classes, subject.load);
        let first = teachers.len();
        for _ in &loads {
            teachers.push(draw_teacher(dice, &names, &mut used_names, subject));
        }
        let assigned = assign_blocks(dice, &loads, &teachers[first..], &class_strength);
        for (class, &local) in assigned.iter().enumerate() {
            matrix[class].push(first + local);
            class_strength[class] += teachers[first + local].strength();
        }
    }

    let heads = choose_head_teachers(dice, &teachers, &matrix, grade);
    TeacherSheet {
        school,
        grade,
        subjects,
        teachers,
        heads,
        matrix,
    }
}

/// Splits `classes` into teacher loads within `low..=high`, unevenly as timetables come out.
fn draw_loads(dice: &mut Dice, classes: usize, (low, high): (usize, usize)) -> Vec<usize> {
    let teachers = (classes * 2).div_ceil(low + high);
    let teachers = teachers.clamp(classes.div_ceil(high), classes / low);
    let mut loads = apportion(classes, &vec![1.0; teachers]);
    for _ in 0..teachers {
        let (from, to) = (dice.index(teachers), dice.index(teachers));
        if loads[from] > low && loads[to] < high {
            loads[from] -= 1;
            loads[to] += 1;
        }
    }
    dice.shuffle(&mut loads);
    loads
}

/// Returns, per class, the index into `teachers` of the class's teacher. Each teacher takes a
/// block of neighbouring classes, with block sizes from `loads`. The strongest teacher gets
/// the block whose classes are weakest in `class_strength`, and so on down.
fn assign_blocks(
    dice: &mut Dice,
    loads: &[usize],
    teachers: &[Teacher],
    class_strength: &[f64],
) -> Vec<usize> {
    let mut starts = Vec::with_capacity(loads.len());
    let mut classes = 0;
    for &load in loads {
        starts.push(classes);
        classes += load;
    }
    let block_strength = |b: usize| {
        class_strength[starts[b]..starts[b] + loads[b]]
            .iter()
            .sum::<f64>()
            / loads[b] as f64
    };

    let mut blocks: Vec<usize> = (0..loads.len()).collect();
    blocks.sort_by(|&a, &b| {
        block_strength(a)
            .total_cmp(&block_strength(b))
            .then(a.cmp(&b))
    });
    let mut ranked: Vec<usize> = (0..teachers.len()).collect();
    ranked.sort_by(|&a, &b| teachers[b].strength().total_cmp(&teachers[a].strength()));
    // A few swaps, because a real school also weighs what no column shows.
    for _ in 0..=loads.len() / 6 {
        let (a, b) = (dice.index(ranked.len()), dice.index(ranked.len()));
        ranked.swap(a, b);
    }

    let mut teacher_of_class = vec![0; classes];
    for (&block, &teacher) in blocks.iter().zip(&ranked) {
        let block_classes = starts[block]..starts[block] + loads[block];
        teacher_of_class[block_classes].fill(teacher);
    }
    teacher_of_class
}

fn draw_teacher(
    dice: &mut Dice,
    names: &NameChars,
    used_names: &mut HashSet<String>,
    subject: &Subject,
) -> Teacher {
    let male = !dice.chance(subject.female_share);
    // Teacher names are the keys of the class matrix, so they are unique within a school.
    let name = loop {
        let name = names.adult(dice, male);
        if used_names.insert(name.clone()) {
            break name;
        }
    };
    let age = 23 + dice.below(36) as i32;
    let birth = ymd(INTAKE_YEAR - age, dice.between(1, 12), 1);
    let years = (age - 22 - dice.below(3) as i32).max(0) as u32;
    let title = draw_title(dice, years);
    Teacher {
        name,
        male,
        birth,
        subject: subject.name,
        years,
        title,
        honour: draw_honour(dice, title, years),
        personality: dice.chance(0.75).then(|| *dice.pick(PERSONALITIES)),
    }
}

/// Draws an index into `TITLES` that fits the years of teaching.
fn draw_title(dice: &mut Dice, years: u32) -> usize {
    let choices: &[(usize, u32)] = match years {
        0 => &[(5, 1)],
        1..=4 => &[(3, 80), (4, 8), (5, 12)],
        5..=11 => &[(2, 55), (3, 45)],
        12..=19 => &[(1, 20), (2, 72), (3, 8)],
        _ => &[(0, 2), (1, 45), (2, 53)],
    };
    *dice.pick_weighted(choices)
}

fn draw_honour(dice: &mut Dice, title: usize, years: u32) -> Option<&'static str> {
    if title <= 1 && dice.chance(0.15) {
        Some("学科带头人")
    } else if title <= 2 && years >= 6 && dice.chance(0.2) {
        Some("骨干教师")
    } else {
        None
    }
}

/// Chooses one head teacher per class, each teacher heading at most one class. Most are one
/// of the class's 语文, 数学 or 英语 teachers, or its 语文 teacher in grade 1. A few teach the
/// class another subject, and a rare one teaches it nothing. Teachers over 55 are passed over
/// while a younger candidate is free.
fn choose_head_teachers(
    dice: &mut Dice,
    teachers: &[Teacher],
    matrix: &[Vec<usize>],
    grade: Grade,
) -> Vec<usize> {
    let main_subjects = if grade == Grade::One { 1 } else { 3 };
    let other_subject_share = if grade == Grade::One { 0.15 } else { 0.08 };
    let mut is_head = vec![false; teachers.len()];
    let mut heads = Vec::with_capacity(matrix.len());
    for class_teachers in matrix {
        let mut candidates: Vec<usize> = class_teachers.clone();
        dice.shuffle(&mut candidates[..main_subjects]);
        dice.shuffle(&mut candidates[main_subjects..]);
        if dice.chance(other_subject_share) {
            candidates.rotate_left(main_subjects);
        }
        if dice.chance(0.04) {
            candidates.insert(0, dice.index(teachers.len()));
        }

        let free = |t: &usize| !is_head[*t];
        let head = candidates
            .iter()
            .copied()
            .find(|t| free(t) && teachers[*t].birth.year() > INTAKE_YEAR - 55)
            .or_else(|| candidates.iter().copied().find(free))
            .or_else(|| (0..teachers.len()).find(free))
            .unwrap_or(0);
        is_head[head] = true;
        heads.push(head);
    }
    heads
}

/// Writes the teacher workbook: sheet 任课表 (the class matrix under a merged title) and
/// sheet 教师信息 (one row per teacher, grouped by subject).
pub fn write_teacher_file(path: &Path, staff: &TeacherSheet) -> Result<()> {
    let mut workbook = new_workbook()?;
    let formats = Formats::new();
    let sheet = workbook.add_worksheet().set_name("任课表")?;
    write_class_matrix(sheet, staff, &formats)?;
    let sheet = workbook.add_worksheet().set_name("教师信息")?;
    write_teacher_info(sheet, staff, &formats)?;
    workbook.save(path)?;
    Ok(())
}

fn write_class_matrix(
    sheet: &mut Worksheet,
    staff: &TeacherSheet,
    formats: &Formats,
) -> Result<()> {
    let last = (staff.subjects.len() + 1) as u16;
    let title = format!(
        "{}{INTAKE_YEAR}级{}教师任课表",
        staff.school,
        staff.grade.label()
    );
    sheet.merge_range(0, 0, 0, last, &title, &formats.title)?;
    sheet.set_row_height(0, 28)?;
    let headers = ["班级", "班主任"]
        .into_iter()
        .chain(staff.subjects.iter().map(|s| s.name));
    for (col, header) in headers.enumerate() {
        sheet.set_column_width(col as u16, 11)?;
        sheet.write_string_with_format(1, col as u16, header, &formats.header)?;
    }

    for (class, class_teachers) in staff.matrix.iter().enumerate() {
        let row = class as u32 + 2;
        let head = &staff.teachers[staff.heads[class]].name;
        sheet.write_string_with_format(row, 0, staff.class_name(class), &formats.text)?;
        sheet.write_string_with_format(row, 1, head, &formats.text)?;
        for (col, &teacher) in class_teachers.iter().enumerate() {
            let name = &staff.teachers[teacher].name;
            sheet.write_string_with_format(row, col as u16 + 2, name, &formats.text)?;
        }
    }
    sheet.set_freeze_panes(2, 1)?;
    Ok(())
}

fn write_teacher_info(
    sheet: &mut Worksheet,
    staff: &TeacherSheet,
    formats: &Formats,
) -> Result<()> {
    let headers = [
        "姓名",
        "性别",
        "出生年月",
        "任教学科",
        "教龄",
        "职称",
        "荣誉",
        "性格特点",
    ];
    let widths = [10, 6, 10, 12, 6, 12, 12, 10];
    for (col, (header, width)) in headers.iter().zip(widths).enumerate() {
        sheet.set_column_width(col as u16, width)?;
        sheet.write_string_with_format(0, col as u16, *header, &formats.header)?;
    }

    for (i, teacher) in staff.teachers.iter().enumerate() {
        let row = i as u32 + 1;
        let gender = if teacher.male { "男" } else { "女" };
        sheet.write_string_with_format(row, 0, &teacher.name, &formats.text)?;
        sheet.write_string_with_format(row, 1, gender, &formats.text)?;
        sheet.write_datetime_with_format(row, 2, excel_date(teacher.birth)?, &formats.month)?;
        sheet.write_string_with_format(row, 3, teacher.subject, &formats.text)?;
        sheet.write_number_with_format(row, 4, teacher.years, &formats.number)?;
        sheet.write_string_with_format(row, 5, TITLES[teacher.title].0, &formats.text)?;
        sheet.write_string_with_format(row, 6, teacher.honour.unwrap_or(""), &formats.text)?;
        sheet.write_string_with_format(row, 7, teacher.personality.unwrap_or(""), &formats.text)?;
    }
    sheet.set_freeze_panes(1, 1)?;
    Ok(())
}
