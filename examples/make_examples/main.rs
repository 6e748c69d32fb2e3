//! Writes the invented example workbooks that the README, the tests and the benchmarks use.
//!
//! `cargo run --release --example make_examples` rewrites the committed files in
//! `examples/data/`; `--bench-roster`, `--city` and `--province` write benchmark sets under
//! `target/example-data/`. `examples/README.md` lists the files. Every name, ID number and
//! phone number is invented.
//!
//! The output depends on the seed alone: see `dice` for the random numbers, and every
//! workbook has a fixed creation date, so two runs write byte-identical files. The generator
//! does not use the `bianban` library on purpose, because its data is what the library is
//! tested against.

mod dice;
mod people;
mod region;
mod roster;
mod sheets;
mod teachers;

use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{NaiveDateTime, NaiveTime};
use clap::{ArgGroup, Parser};

use dice::Dice;
use people::{HOME_DISTRICTS, IdRegistry, draw_date, ymd};
use region::{CITY, PROVINCE, write_region};
use roster::{Grade, Roster, RosterSpec, generate_roster, roster_summary};
use sheets::{RosterLayout, write_roster_file};
use teachers::{GRADE1_SUBJECTS, GRADE7_SUBJECTS, generate_teacher_sheet, write_teacher_file};

type Result<T> = std::result::Result<T, Box<dyn Error + Send + Sync>>;

/// The autumn term whose first-year students the data describes: grade 1 pupils were born
/// from 2018-09-01 to 2019-08-31, grade 7 pupils from 2012-09-01 to 2013-08-31.
const INTAKE_YEAR: i32 = 2025;

/// The seed of the committed files in `examples/data/`.
pub const DEFAULT_SEED: u64 = 20_250_820;

/// The date in every roster's info row, also the creation date of every workbook.
const FILLED_IN: (u16, u8, u8) = (2025, 8, 20);

/// 生成示例名单、教师任课表和基准测试数据（全部为虚构数据）。
#[derive(Parser)]
#[command(group(ArgGroup::new("set").args(["bench_roster", "city", "province"])))]
struct Options {
    /// 只写 2000 人的七年级名单（与 examples/data 中的相同），供编班基准测试使用
    #[arg(long)]
    bench_roster: bool,

    /// 写一个市的数据：30 所学校约 3 万名学生，每校一个名单，另有班级数表和全市名单
    #[arg(long)]
    city: bool,

    /// 写一个省的数据：1200 所学校约 60 万名学生，结构与 --city 相同
    #[arg(long)]
    province: bool,

    /// 输出文件夹（默认：不带选项时为 examples/data，其余写到 target/example-data 下）
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,

    /// 随机数种子；换一个种子会生成另一批数据
    #[arg(long, default_value_t = DEFAULT_SEED)]
    seed: u64,
}

impl Options {
    /// Returns the output folder. Only the default set with the default seed goes to the
    /// committed `examples/data/`, so trying another seed never overwrites those files.
    fn out_dir(&self) -> PathBuf {
        if let Some(out) = &self.out {
            return out.clone();
        }
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let bench = manifest.join("target").join("example-data");
        if self.bench_roster {
            bench.join("bench-roster")
        } else if self.city {
            bench.join("city")
        } else if self.province {
            bench.join("province")
        } else if self.seed == DEFAULT_SEED {
            manifest.join("examples").join("data")
        } else {
            bench.join(format!("seed-{}", self.seed))
        }
    }
}

fn main() -> Result<()> {
    let options = Options::parse();
    let started = Instant::now();
    let out = options.out_dir();
    fs::create_dir_all(&out)?;

    if options.bench_roster {
        let written = write_grade7_roster(&out, options.seed, &mut IdRegistry::default())?;
        print_written(&written.path, &written.summary)?;
    } else if options.city {
        write_region(&CITY, &out, options.seed)?;
    } else if options.province {
        write_region(&PROVINCE, &out, options.seed)?;
    } else {
        for written in write_default_set(&out, options.seed)? {
            print_written(&written.path, &written.summary)?;
        }
    }

    println!("用时 {:.1} 秒", started.elapsed().as_secs_f64());
    Ok(())
}

const GRADE7_SCHOOL: &str = "示例市第一中学";
const GRADE1_SCHOOL: &str = "示例市实验小学";

/// Classes the example schools open. 2,000 students in 45 classes stay under the cap of 50.
const GRADE7_CLASSES: usize = 45;
const GRADE1_CLASSES: usize = 4;

/// The twelve primary schools that send students to 示例市第一中学, largest first.
const GRADE7_FEEDERS: [(&str, usize); 12] = [
    ("第一小学", 400),
    ("实验小学", 330),
    ("育才小学", 280),
    ("城南小学", 240),
    ("城北小学", 200),
    ("第二小学", 160),
    ("向阳小学", 130),
    ("红星小学", 100),
    ("光明小学", 70),
    ("新华小学", 45),
    ("东风小学", 30),
    ("江滩小学", 15),
];

const GRADE1_FEEDERS: [(&str, usize); 6] = [
    ("机关幼儿园", 52),
    ("实验幼儿园", 38),
    ("阳光幼儿园", 27),
    ("蓝天幼儿园", 19),
    ("童心幼儿园", 14),
    ("小太阳幼儿园", 8),
];

/// Late students who come from out of town and so have no local entrance score.
const OUT_OF_TOWN_FEEDERS: [&str; 2] = ["东湖镇中心小学", "县城关小学"];

/// One file written, with the one-line summary printed for it.
pub struct WrittenFile {
    pub path: PathBuf,
    summary: String,
}

/// Writes the five committed example files into `out` and returns what was written.
pub fn write_default_set(out: &Path, seed: u64) -> Result<Vec<WrittenFile>> {
    let mut ids = IdRegistry::default();
    let mut written = vec![write_grade7_roster(out, seed, &mut ids)?];

    let grade1 = grade1_roster(seed);
    let path = out.join("一年级新生名单.xlsx");
    write_roster_file(
        &path,
        &RosterLayout::school(GRADE1_SCHOOL, Grade::One),
        &grade1,
        None,
    )?;
    written.push(WrittenFile {
        path,
        summary: roster_summary(&grade1),
    });

    let teacher_sets = [
        (
            GRADE7_SCHOOL,
            Grade::Seven,
            GRADE7_CLASSES,
            &GRADE7_SUBJECTS[..],
            "教师任课表.xlsx",
        ),
        (
            GRADE1_SCHOOL,
            Grade::One,
            GRADE1_CLASSES,
            &GRADE1_SUBJECTS[..],
            "教师任课表_一年级.xlsx",
        ),
    ];
    for (school, grade, classes, subjects, file) in teacher_sets {
        let mut dice = Dice::new(seed, &format!("teachers-{}", grade.label()));
        let staff = generate_teacher_sheet(school, grade, classes, subjects, &mut dice);
        let path = out.join(file);
        write_teacher_file(&path, &staff)?;
        written.push(WrittenFile {
            path,
            summary: staff.summary(),
        });
    }

    // The late students come after the main roster in `ids`, so they are other people.
    let (late, arrivals) = late_students(seed, &mut ids);
    let path = out.join("后转入学生.xlsx");
    let mut layout = RosterLayout::school(GRADE7_SCHOOL, Grade::Seven);
    layout.title = format!("{GRADE7_SCHOOL}{INTAKE_YEAR}级七年级后转入学生名单");
    layout.columns.push(sheets::Column::Arrival);
    write_roster_file(&path, &layout, &late, Some(&arrivals))?;
    let summary = format!("{} 名后转入学生，含报到时间", late.students.len());
    written.push(WrittenFile { path, summary });
    Ok(written)
}

/// Writes the 2,000-student grade 7 roster, which is also the benchmark roster.
fn write_grade7_roster(out: &Path, seed: u64, ids: &mut IdRegistry) -> Result<WrittenFile> {
    let spec = RosterSpec {
        school: GRADE7_SCHOOL.to_string(),
        grade: Grade::Seven,
        feeders: GRADE7_FEEDERS
            .iter()
            .map(|(name, n)| (name.to_string(), *n))
            .collect(),
        male_share: 0.52,
        district: 420106,
        nearby: HOME_DISTRICTS,
        namesake_pairs: 3,
    };
    let roster = generate_roster(&spec, &mut Dice::new(seed, "grade7-roster"), ids);
    let path = out.join("七年级新生名单.xlsx");
    write_roster_file(
        &path,
        &RosterLayout::school(GRADE7_SCHOOL, Grade::Seven),
        &roster,
        None,
    )?;
    Ok(WrittenFile {
        path,
        summary: roster_summary(&roster),
    })
}

fn grade1_roster(seed: u64) -> Roster {
    let spec = RosterSpec {
        school: GRADE1_SCHOOL.to_string(),
        grade: Grade::One,
        feeders: GRADE1_FEEDERS
            .iter()
            .map(|(name, n)| (name.to_string(), *n))
            .collect(),
        male_share: 0.52,
        district: 420103,
        nearby: HOME_DISTRICTS,
        namesake_pairs: 1,
    };
    generate_roster(
        &spec,
        &mut Dice::new(seed, "grade1-roster"),
        &mut IdRegistry::default(),
    )
}

/// Generates seven late grade 7 students and their arrival times. The times ascend except for
/// rows 4 and 5, as when a clerk types the forms in the order they lie on the desk.
fn late_students(seed: u64, ids: &mut IdRegistry) -> (Roster, Vec<NaiveDateTime>) {
    let local = GRADE7_FEEDERS[..5].iter().map(|(name, _)| name.to_string());
    let out_of_town = OUT_OF_TOWN_FEEDERS.iter().map(|name| name.to_string());
    let spec = RosterSpec {
        school: GRADE7_SCHOOL.to_string(),
        grade: Grade::Seven,
        feeders: local.chain(out_of_town).map(|name| (name, 1)).collect(),
        male_share: 4.0 / 7.0,
        district: 420106,
        nearby: HOME_DISTRICTS,
        namesake_pairs: 0,
    };
    let mut dice = Dice::new(seed, "late-students");
    let mut roster = generate_roster(&spec, &mut dice, ids);
    dice.shuffle(&mut roster.students);
    for student in &mut roster.students {
        if OUT_OF_TOWN_FEEDERS.contains(&student.previous_school.as_str()) {
            student.score = None;
        }
    }

    let mut arrivals = draw_arrivals(&mut dice, roster.students.len());
    arrivals.swap(3, 4);
    (roster, arrivals)
}

/// Draws distinct, ascending office-hour arrival times between 2025-08-26 and 2025-09-05.
fn draw_arrivals(dice: &mut Dice, count: usize) -> Vec<NaiveDateTime> {
    let mut arrivals: Vec<NaiveDateTime> = Vec::with_capacity(count);
    while arrivals.len() < count {
        let day = draw_date(dice, ymd(INTAKE_YEAR, 8, 26), ymd(INTAKE_YEAR, 9, 5));
        let minute = dice.between(8 * 60 + 30, 17 * 60 + 30);
        let time = NaiveTime::from_hms_opt(minute / 60, minute % 60, 0).unwrap_or_default();
        let arrival = day.and_time(time);
        if !arrivals.contains(&arrival) {
            arrivals.push(arrival);
        }
    }
    arrivals.sort();
    arrivals
}

/// Prints one line for a written file or folder: its path, size and what it contains.
fn print_written(path: &Path, summary: &str) -> Result<()> {
    let bytes = if path.is_dir() {
        let entries = fs::read_dir(path)?;
        entries
            .map(|entry| Ok(entry?.metadata()?.len()))
            .sum::<Result<u64>>()?
    } else {
        fs::metadata(path)?.len()
    };
    println!(
        "已写出 {}（{}）：{summary}",
        path.display(),
        human_size(bytes)
    );
    Ok(())
}

fn human_size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / f64::from(1 << 20))
    } else {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    }
}
