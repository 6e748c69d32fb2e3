//! The city and province benchmark sets: many schools, each with its own roster file.

use std::fs;
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, sync_channel};
use std::thread;

use super::dice::Dice;
use super::people::{HOME_DISTRICTS, IdRegistry, PROVINCE_DISTRICTS};
use super::roster::{Grade, Roster, RosterSpec, apportion, generate_roster, roster_summary};
use super::sheets::{
    COMBINED_COLUMNS, Formats, HEADER_ROW, RosterLayout, RosterRow, info_line, new_workbook,
    write_roster_csv, write_roster_file, write_roster_head, write_roster_row,
};
use super::{INTAKE_YEAR, Result, print_written};

/// The shape of a benchmark region: how many schools, students and files.
pub struct RegionSpec {
    /// 全市 or 全省, the first part of the single roster's file name.
    name: &'static str,
    schools: usize,
    /// Schools of the nine-year system (九年一贯制) that enrol both grade 1 and grade 7.
    through_schools: usize,
    students: usize,
    /// The skew of roster sizes: sizes above the minimum follow `u^k` for evenly spread `u`,
    /// so a larger exponent gives many small schools and a few large ones.
    size_exponent: u32,
    /// Every n-th roster is written as a GBK CSV file instead of xlsx.
    csv_every: usize,
    districts: &'static [u32],
    towns: Towns,
    /// Whether to print one line per roster file. The province prints one line for the folder.
    list_each_file: bool,
}

/// The source of the town names in a region's school names.
enum Towns {
    Listed(&'static [&'static str]),
    /// Two-character names made of one character from each string.
    Combined(&'static str, &'static str),
}

pub const CITY: RegionSpec = RegionSpec {
    name: "全市",
    schools: 30,
    through_schools: 2,
    students: 30_000,
    size_exponent: 2,
    csv_every: 9,
    districts: HOME_DISTRICTS,
    towns: Towns::Listed(&[
        "城关", "城东", "城西", "城南", "城北", "南湖", "东湖", "桥头", "河口", "新城",
    ]),
    list_each_file: true,
};

pub const PROVINCE: RegionSpec = RegionSpec {
    name: "全省",
    schools: 1200,
    through_schools: 80,
    students: 600_000,
    size_exponent: 9,
    csv_every: 9,
    districts: PROVINCE_DISTRICTS,
    towns: Towns::Combined(
        "青白石龙凤金马桃柳松梅新古永长安福和太清",
        "山河湖桥溪坪岭塘港口源林阳泉湾",
    ),
    list_each_file: false,
};

const SMALLEST_ROSTER: usize = 300;
const LARGEST_ROSTER: usize = 2000;

/// The students that fit on one sheet under the header: Excel's 1,048,576 rows minus four.
const SHEET_STUDENT_LIMIT: usize = 1_048_576 - HEADER_ROW as usize - 1;

/// One roster file of a region: which school and grade, how large, in which format.
struct RosterPlan {
    school: String,
    grade: Grade,
    size: usize,
    csv: bool,
}

impl RosterPlan {
    fn file_name(&self) -> String {
        let extension = if self.csv { "csv" } else { "xlsx" };
        format!("{}_{}.{extension}", self.school, self.grade.label())
    }

    /// Returns the classes the school opens: the fewest that keep every class under the cap.
    fn classes(&self) -> usize {
        self.size.div_ceil(self.grade.class_cap())
    }
}

/// Writes a city or province: the folder 各校名单 with one roster per school and grade, the
/// class counts in 班级数.xlsx, and all students in one workbook (unless they exceed one
/// sheet). The main thread generates the rosters one by one and two threads write them, so
/// memory holds only a few rosters at a time.
pub fn write_region(region: &RegionSpec, out: &Path, seed: u64) -> Result<()> {
    let plans = plan_region(region, seed);
    let folder = out.join("各校名单");
    fs::create_dir_all(&folder)?;
    let total: usize = plans.iter().map(|p| p.size).sum();
    let combined_path = out.join(format!("{}名单.xlsx", region.name));
    let write_combined = total <= SHEET_STUDENT_LIMIT;

    let (school_sender, school_receiver) = sync_channel::<(usize, Arc<Roster>)>(4);
    let (combined_sender, combined_receiver) = sync_channel::<Arc<Roster>>(4);
    thread::scope(|scope| -> Result<()> {
        let schools = scope.spawn(|| write_school_files(school_receiver, &plans, &folder, region));
        let combined = write_combined.then(|| {
            scope.spawn(|| write_combined_file(combined_receiver, &combined_path, region.name))
        });
        let mut ids = IdRegistry::default();
        for (i, plan) in plans.iter().enumerate() {
            let roster = Arc::new(generate_region_roster(region, plan, seed, &mut ids));
            let to_combined = !write_combined || combined_sender.send(roster.clone()).is_ok();
            if !to_combined || school_sender.send((i, roster)).is_err() {
                break; // A writer failed, and join below returns its error.
            }
        }
        drop(school_sender);
        drop(combined_sender);
        schools.join().map_err(|_| "各校名单的写入线程意外退出")??;
        if let Some(combined) = combined {
            combined
                .join()
                .map_err(|_| "合并名单的写入线程意外退出")??;
        }
        Ok(())
    })?;

    print_region_summary(region, &plans, &folder, &combined_path, write_combined)?;
    let classes_path = out.join("班级数.xlsx");
    write_class_counts(&classes_path, &plans)?;
    let classes: usize = plans.iter().map(RosterPlan::classes).sum();
    print_written(
        &classes_path,
        &format!("{} 行，共 {classes} 个班", plans.len()),
    )
}

fn print_region_summary(
    region: &RegionSpec,
    plans: &[RosterPlan],
    folder: &Path,
    combined_path: &Path,
    write_combined: bool,
) -> Result<()> {
    let total: usize = plans.iter().map(|p| p.size).sum();
    if !region.list_each_file {
        let csv = plans.iter().filter(|p| p.csv).count();
        let summary = format!(
            "{} 个名单文件（其中 CSV {csv} 个），共 {total} 名学生",
            plans.len()
        );
        print_written(folder, &summary)?;
    }
    if write_combined {
        print_written(combined_path, &format!("{total} 名学生，含学校和年级列"))
    } else {
        println!(
            "未写 {}：{total} 名学生超出一个工作表的行数上限",
            combined_path.display()
        );
        Ok(())
    }
}

/// Plans the rosters of a region: school names, grades, sizes and file formats. Single-grade
/// schools alternate between junior middle and primary, town by town. Each nine-year school
/// gets two rosters.
fn plan_region(region: &RegionSpec, seed: u64) -> Vec<RosterPlan> {
    let mut dice = Dice::new(seed, &format!("{}-plan", region.name));
    let towns = region_towns(region, &mut dice);
    let single = region.schools - region.through_schools;
    let mut schools = Vec::new();
    for i in 0..single {
        let town = &towns[(i / 2) % towns.len()];
        let ordinal = chinese_number(i / (2 * towns.len()) + 1);
        if i % 2 == 0 {
            schools.push((format!("{town}第{ordinal}中学"), Grade::Seven));
        } else {
            schools.push((format!("{town}第{ordinal}小学"), Grade::One));
        }
    }
    for i in 0..region.through_schools {
        let town = &towns[(single / 2 + i) % towns.len()];
        let round = i / towns.len();
        let school = match round {
            0 => format!("{town}学校"),
            _ => format!("{town}第{}学校", chinese_number(round + 1)),
        };
        schools.push((school.clone(), Grade::One));
        schools.push((school, Grade::Seven));
    }

    let sizes = roster_sizes(&mut dice, schools.len(), region);
    let csv_slot = region.csv_every / 2;
    schools
        .into_iter()
        .zip(sizes)
        .enumerate()
        .map(|(i, ((school, grade), size))| RosterPlan {
            school,
            grade,
            size,
            csv: i % region.csv_every == csv_slot,
        })
        .collect()
}

fn region_towns(region: &RegionSpec, dice: &mut Dice) -> Vec<String> {
    match region.towns {
        Towns::Listed(towns) => towns.iter().map(|t| t.to_string()).collect(),
        Towns::Combined(firsts, seconds) => {
            let mut towns: Vec<String> = firsts
                .chars()
                .flat_map(|a| seconds.chars().map(move |b| format!("{a}{b}")))
                .collect();
            dice.shuffle(&mut towns);
            towns
        }
    }
}

/// Returns roster sizes within `SMALLEST_ROSTER..=LARGEST_ROSTER` whose total is close to the
/// region's student count: a skewed shape scaled to that total, capped, then shuffled.
fn roster_sizes(dice: &mut Dice, count: usize, region: &RegionSpec) -> Vec<usize> {
    let span = (LARGEST_ROSTER - SMALLEST_ROSTER) as f64;
    let shape: Vec<f64> = (0..count)
        .map(|i| power((i as f64 + 0.5) / count as f64, region.size_exponent))
        .collect();
    let wanted = region.students.saturating_sub(SMALLEST_ROSTER * count) as f64;
    let scale = wanted / shape.iter().sum::<f64>();
    let mut sizes: Vec<usize> = shape
        .iter()
        .map(|x| SMALLEST_ROSTER + (x * scale).round().min(span) as usize)
        .collect();
    dice.shuffle(&mut sizes);
    sizes
}

/// Generates one roster of a region. Its feeders are the schools or kindergartens of the
/// school's town, from three to six of them, each a little smaller than the one before.
fn generate_region_roster(
    region: &RegionSpec,
    plan: &RosterPlan,
    seed: u64,
    ids: &mut IdRegistry,
) -> Roster {
    let mut dice = Dice::new(seed, &format!("{}-{}", plan.school, plan.grade.label()));
    let town: String = plan.school.chars().take(2).collect();
    let kinds: &[&str] = match plan.grade {
        Grade::Seven => &[
            "第一小学",
            "中心小学",
            "第二小学",
            "实验小学",
            "第三小学",
            "育才小学",
        ],
        Grade::One => &[
            "中心幼儿园",
            "第一幼儿园",
            "阳光幼儿园",
            "蓝天幼儿园",
            "实验幼儿园",
        ],
    };
    let feeder_count = dice.between(3, kinds.len() as u32) as usize;
    let weights: Vec<f64> = (0..feeder_count).map(|i| power(0.6, i as u32)).collect();
    let feeders = kinds
        .iter()
        .map(|kind| format!("{town}{kind}"))
        .zip(apportion(plan.size, &weights))
        .collect();
    let spec = RosterSpec {
        school: plan.school.clone(),
        grade: plan.grade,
        feeders,
        male_share: 0.51 + f64::from(dice.below(4)) / 100.0,
        district: *dice.pick(region.districts),
        nearby: region.districts,
        namesake_pairs: 0,
    };
    generate_roster(&spec, &mut dice, ids)
}

/// Returns `base` to the power `exponent` by repeated multiplication, which gives the same
/// bits in every build, unlike `powi`, whose result may depend on the optimiser.
fn power(base: f64, exponent: u32) -> f64 {
    (0..exponent).fold(1.0, |product, _| product * base)
}

/// Writes a number from 1 to 99 in Chinese characters, as in 第十二中学.
fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        10 => "十".to_string(),
        11..=19 => format!("十{}", DIGITS[n % 10]),
        20..=99 => format!("{}十{}", DIGITS[n / 10], DIGITS[n % 10]),
        _ => DIGITS[n % 10].to_string(),
    }
}

fn write_school_files(
    rosters: Receiver<(usize, Arc<Roster>)>,
    plans: &[RosterPlan],
    folder: &Path,
    region: &RegionSpec,
) -> Result<()> {
    for (i, roster) in rosters {
        let plan = &plans[i];
        let path = folder.join(plan.file_name());
        let layout = RosterLayout::school(&plan.school, plan.grade);
        if plan.csv {
            write_roster_csv(&path, &layout, &roster)?;
        } else {
            write_roster_file(&path, &layout, &roster, None)?;
        }
        if region.list_each_file {
            print_written(&path, &roster_summary(&roster))?;
        }
    }
    Ok(())
}

/// Writes every roster into one constant-memory sheet, with 学校 and 年级 columns.
fn write_combined_file(rosters: Receiver<Arc<Roster>>, path: &Path, region: &str) -> Result<()> {
    let mut workbook = new_workbook()?;
    let formats = Formats::new();
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    let place = region.trim_start_matches('全');
    let layout = RosterLayout {
        title: format!("示例{place}{INTAKE_YEAR}级一年级、七年级新生名单"),
        info: info_line(),
        columns: COMBINED_COLUMNS.to_vec(),
    };
    write_roster_head(sheet, &layout, &formats)?;

    let mut index = 0;
    for roster in rosters {
        for student in &roster.students {
            index += 1;
            let row = RosterRow {
                index,
                roster: &roster,
                student,
                arrival: None,
            };
            write_roster_row(
                sheet,
                HEADER_ROW + index as u32,
                &layout.columns,
                &row,
                &formats,
            )?;
        }
    }
    workbook.save(path)?;
    Ok(())
}

/// Writes 班级数.xlsx: one row per school and grade with the number of classes it opens.
fn write_class_counts(path: &Path, plans: &[RosterPlan]) -> Result<()> {
    let mut workbook = new_workbook()?;
    let formats = Formats::new();
    let sheet = workbook.add_worksheet();
    for (col, (header, width)) in [("学校", 20), ("年级", 8), ("班级数", 8)]
        .iter()
        .enumerate()
    {
        sheet.set_column_width(col as u16, *width)?;
        sheet.write_string_with_format(0, col as u16, *header, &formats.header)?;
    }
    for (i, plan) in plans.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string_with_format(row, 0, &plan.school, &formats.text)?;
        sheet.write_string_with_format(row, 1, plan.grade.label(), &formats.text)?;
        sheet.write_number_with_format(row, 2, plan.classes() as f64, &formats.number)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    workbook.save(path)?;
    Ok(())
}
