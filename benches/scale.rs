//! Scale benchmarks: one school, a city and a province, end to end through the real program.
//!
//! ```text
//! cargo bench --bench scale                 # one school and the city
//! cargo bench --bench scale -- single       # one school only
//! cargo bench --bench scale -- province     # the province (minutes)
//! ```
//!
//! The city and province sets are generated first (they are not committed):
//!
//! ```text
//! cargo run --release --example make_examples -- --city
//! cargo run --release --example make_examples -- --province
//! ```
//!
//! Each case runs the `bianban` binary built with the bench profile and reports the median
//! wall time. The one-school case also times the stages inside the library. Every run has
//! its own new work folder in a temporary folder, as its current folder and for its
//! outputs, so it starts with an empty run journal (`编班日志.jsonl`), and nothing is
//! written into the repository. Results and the machine they came from are recorded in
//! `docs/performance.md`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use bianban::batch::school::{Extras, group_one_school};
use bianban::commands::read_loaded_roster;
use bianban::plan::{GroupPlan, RosterPlan};
use bianban::rng::Seed;
use bianban::roster::RosterOptions;
use bianban::settings::Settings;

const SEED: &str = "351624";
const SINGLE_ROSTER: &str = "examples/data/七年级新生名单.xlsx";
const SINGLE_CLASSES: u32 = 45;

fn main() {
    let wanted: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let runs = |name: &str, default: bool| {
        if wanted.is_empty() {
            default
        } else {
            wanted.iter().any(|w| w == name)
        }
    };
    print_machine();
    let scratch = tempfile::tempdir().expect("a temporary folder for the outputs");
    if runs("single", true) {
        bench_single(scratch.path());
    }
    if runs("city", true) {
        bench_region(scratch.path(), "city", "全市名单.xlsx", 3);
    }
    if runs("province", false) {
        bench_region(scratch.path(), "province", "全省名单.xlsx", 1);
    }
}

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Prints the processor, core count and load, which the figures depend on.
fn print_machine() {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown".to_string());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "machine: {cpu}, {cores} cores, load average {}",
        load.trim()
    );
}

/// The one-school grouping: the whole program, and the stages inside it.
fn bench_single(scratch: &Path) {
    let roster = manifest().join(SINGLE_ROSTER);
    let times: Vec<Duration> = (0..7)
        .map(|i| {
            let work = work_folder(scratch, &format!("single-{i}"));
            let out = work.join("out");
            let classes = SINGLE_CLASSES.to_string();
            let args = [
                "group",
                path_arg(&roster),
                "--classes",
                &classes,
                "--seed",
                SEED,
                "--out",
                path_arg(&out),
            ];
            run_program(&args, &work)
        })
        .collect();
    report("single school, 2,000 students, group (program)", &times);

    let mut read = Vec::new();
    let mut group = Vec::new();
    for i in 0..7 {
        let work = work_folder(scratch, &format!("stages-{i}"));
        let plan = single_plan(&roster, &work);
        let start = Instant::now();
        let loaded = read_loaded_roster(&plan.roster).expect("the example roster reads");
        read.push(start.elapsed());
        let start = Instant::now();
        let extras = Extras {
            confirmation: false,
            head_teachers: None,
        };
        group_one_school(&loaded, &plan, extras).expect("the example roster groups");
        group.push(start.elapsed());
    }
    report("  read and check (library)", &read);
    report("  group and write (library)", &group);
}

/// Returns the plan of a one-school grouping with its outputs and its journal in `work`.
fn single_plan(roster: &Path, work: &Path) -> GroupPlan {
    let started = chrono::Local::now().naive_local();
    let out = work.join("out");
    GroupPlan {
        roster: RosterPlan {
            path: roster.to_path_buf(),
            school: Some("示例市第一中学".to_string()),
            grade: None,
            options: RosterOptions {
                today: started.date(),
                ..Default::default()
            },
            out: Some(out.clone()),
            started,
            output_root: out,
            settings: Settings::default(),
            // The journal is written into the settings file's folder. No settings file is
            // read here: `settings` above is what the run uses.
            settings_file: Some(work.join("编班设置.toml")),
        },
        classes: SINGLE_CLASSES,
        seed: Seed::parse(SEED).expect("a valid seed"),
        teachers: Vec::new(),
        balance: Default::default(),
    }
}

/// A region: the folder of per-school rosters, then the one combined roster.
fn bench_region(scratch: &Path, set: &str, combined: &str, repeats: usize) {
    let data = manifest().join("target").join("example-data").join(set);
    let counts = data.join("班级数.xlsx");
    if !counts.is_file() {
        println!(
            "{set}: no data in {}; run `cargo run --release --example make_examples -- --{set}` first",
            data.display()
        );
        return;
    }
    for (label, input) in [
        ("folder of rosters", data.join("各校名单")),
        ("one combined roster", data.join(combined)),
    ] {
        if !input.exists() {
            continue;
        }
        let times: Vec<Duration> = (0..repeats)
            .map(|i| {
                let work = work_folder(scratch, &format!("{set}-{i}-{}", label.len()));
                let out = work.join("out");
                let args = [
                    "group",
                    path_arg(&input),
                    "--class-counts",
                    path_arg(&counts),
                    "--seed",
                    SEED,
                    "--out",
                    path_arg(&out),
                ];
                let time = run_program(&args, &work);
                let _ = std::fs::remove_dir_all(&work);
                time
            })
            .collect();
        report(&format!("{set}, {label}, group (program)"), &times);
    }
}

fn path_arg(path: &Path) -> &str {
    path.to_str().expect("benchmark paths are UTF-8")
}

/// Creates the new, empty work folder `name` of one run inside `scratch`.
fn work_folder(scratch: &Path, name: &str) -> PathBuf {
    let work = scratch.join(name);
    std::fs::create_dir(&work).expect("a new work folder in the temporary folder");
    work
}

/// Runs the program in the work folder `work` and returns its wall time; a failed run stops
/// the benchmark.
fn run_program(args: &[&str], work: &Path) -> Duration {
    let start = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_bianban"))
        .current_dir(work)
        .args(args)
        .output()
        .expect("the bianban binary runs");
    let time = start.elapsed();
    assert!(
        output.status.success(),
        "bianban {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    time
}

fn report(label: &str, times: &[Duration]) {
    let mut sorted = times.to_vec();
    sorted.sort();
    let median = sorted[sorted.len() / 2];
    let min = sorted[0];
    let max = sorted[sorted.len() - 1];
    println!(
        "{label}: median {:.3} s (min {:.3}, max {:.3}, {} runs)",
        median.as_secs_f64(),
        min.as_secs_f64(),
        max.as_secs_f64(),
        times.len()
    );
}
