//! Every fixture, damaged in many seeded ways, must give a clean result or a clean error.
//!
//! The damages: truncation at many offsets, flipped bytes, zeroed headers and blocks, and for
//! zip packages removed members, members with swapped contents, a huge declared dimension
//! (xlsx) or a huge repetition (ods). The bulk goes through the library (`read::open_with`,
//! then the table and roster stages). A seeded sample goes through the binary, whose exit
//! status and messages are checked. Everything is deterministic: the same seed gives the
//! same damaged files on every run.

use std::collections::BTreeMap;
use std::fs;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use bianban::diag::Report;
use bianban::error::Error;
use bianban::messages::{self, errors};
use bianban::read::{self, Isolation, ReadLimits};
use bianban::roster::{self, RosterOptions};
use bianban::table::{self, Field, TableSpec};

/// Words of Rust panics and library errors that a clerk must never see.
const FOREIGN_WORDS: &[&str] = &[
    "panicked",
    "backtrace",
    "RUST_BACKTRACE",
    "error:",
    "Error",
    "Zip",
    "Xml",
    "invalid",
    "calamine",
];

/// A table like the draw form's: the class and the envelope drawn for it.
const DRAW_FORM_SPEC: TableSpec = TableSpec {
    accepted: &[
        Field::Seq,
        Field::Class,
        Field::HeadTeacher,
        Field::DrawnGroup,
    ],
    required: &[&[Field::Class], &[Field::DrawnGroup]],
};

/// Files larger than this get fewer damaged copies, and those that can be read are not
/// checked as rosters, to keep the debug-build run short.
const LARGE_FILE: usize = 50_000;

/// Fixtures left out because every readable copy costs about a gigabyte and seconds to
/// read; `tests/robustness.rs` covers them.
const EXPENSIVE: &[&str] = &["xls_far_cell.xls"];

/// SplitMix64: a small generator, so the damage does not depend on the rand crate's
/// algorithms.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Every fixture and example workbook, sorted, without the scripts that made them.
fn inputs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for folder in fs::read_dir(root.join("tests/fixtures")).unwrap() {
        let folder = folder.unwrap().path();
        for file in fs::read_dir(&folder).unwrap() {
            let path = file.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if !name.ends_with(".py") && !EXPENSIVE.contains(&name.as_str()) {
                files.push(path);
            }
        }
    }
    for file in fs::read_dir(root.join("examples/data")).unwrap() {
        files.push(file.unwrap().path());
    }
    files.sort();
    files
}

/// Makes the damaged copies of one file, each with a label that tells how it was damaged.
fn damaged_copies(bytes: &[u8], seed: u64) -> Vec<(String, Vec<u8>)> {
    let mut rng = Rng(seed);
    let large = bytes.len() > LARGE_FILE;
    let mut copies = Vec::new();
    truncations(bytes, &mut rng, large, &mut copies);
    flips(bytes, &mut rng, large, &mut copies);
    zeroed(bytes, &mut rng, &mut copies);
    if bytes.starts_with(b"PK\x03\x04") {
        zip_damage(bytes, &mut rng, large, &mut copies);
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        xls_damage(bytes, &mut copies);
    }
    copies
}

fn truncations(bytes: &[u8], rng: &mut Rng, large: bool, out: &mut Vec<(String, Vec<u8>)>) {
    let n = bytes.len();
    let mut offsets = vec![
        1,
        3,
        30,
        n / 4,
        n / 2,
        n * 3 / 4,
        n.saturating_sub(22),
        n - 1,
    ];
    let random = if large { 1 } else { 4 };
    offsets.extend((0..random).map(|_| rng.below(n)));
    for end in offsets {
        let end = end.min(n);
        out.push((format!("cut at {end}"), bytes[..end].to_vec()));
    }
}

fn flips(bytes: &[u8], rng: &mut Rng, large: bool, out: &mut Vec<(String, Vec<u8>)>) {
    let copies = if large { 3 } else { 10 };
    for copy in 0..copies {
        let mut damaged = bytes.to_vec();
        let count = 1 + copy % 8;
        for _ in 0..count {
            let at = rng.below(damaged.len());
            damaged[at] ^= 1 << rng.below(8);
        }
        out.push((format!("{count} flipped bits, copy {copy}"), damaged));
    }
}

fn zeroed(bytes: &[u8], rng: &mut Rng, out: &mut Vec<(String, Vec<u8>)>) {
    let n = bytes.len();
    let mut ranges = vec![(0, 4), (0, 512), (n.saturating_sub(22), n)];
    for _ in 0..3 {
        let start = rng.below(n);
        ranges.push((start, (start + 64).min(n)));
    }
    for (start, end) in ranges {
        let mut damaged = bytes.to_vec();
        let end = end.min(n);
        damaged[start.min(end)..end].fill(0);
        out.push((format!("zeroed {start}..{end}"), damaged));
    }
}

/// Reads the members of a zip package, or `None` when it cannot be read.
fn zip_members(bytes: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut members = Vec::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).ok()?;
        let mut content = Vec::new();
        file.read_to_end(&mut content).ok()?;
        let name = file.name().ok()?.to_string();
        members.push((name, content));
    }
    Some(members)
}

fn zip_of(members: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in members {
        writer.start_file(name.as_str(), options).unwrap();
        writer.write_all(content).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn zip_damage(bytes: &[u8], rng: &mut Rng, large: bool, out: &mut Vec<(String, Vec<u8>)>) {
    let Some(members) = zip_members(bytes) else {
        return;
    };
    for index in 0..members.len() {
        let mut fewer = members.clone();
        let (name, _) = fewer.remove(index);
        out.push((format!("without {name}"), zip_of(&fewer)));
    }
    let swaps = if large { 1 } else { 3 };
    for _ in 0..swaps {
        let (a, b) = (rng.below(members.len()), rng.below(members.len()));
        let mut swapped = members.clone();
        let content = swapped[a].1.clone();
        swapped[a].1 = swapped[b].1.clone();
        swapped[b].1 = content;
        let label = format!("{} and {} swapped", members[a].0, members[b].0);
        out.push((label, zip_of(&swapped)));
    }
    out.push((
        "huge dimension or repetition".into(),
        zip_of(&huge_claims(&members)),
    ));
}

/// Makes every xlsx sheet claim the whole grid, and repeats the first ods cell with a value
/// across every column.
fn huge_claims(members: &[(String, Vec<u8>)]) -> Vec<(String, Vec<u8>)> {
    members
        .iter()
        .map(|(name, content)| {
            let text = String::from_utf8_lossy(content);
            let changed = if name.starts_with("xl/worksheets/") {
                replace_attribute(&text, "<dimension ref=\"", "A1:XFD1048576")
            } else if name == "content.xml" {
                text.replacen(
                    "office:value-type=",
                    "table:number-columns-repeated=\"16384\" office:value-type=",
                    1,
                )
            } else {
                return (name.clone(), content.clone());
            };
            (name.clone(), changed.into_bytes())
        })
        .collect()
}

/// Replaces the value of the first attribute that starts with `start` (which ends with the
/// opening quote).
fn replace_attribute(text: &str, start: &str, value: &str) -> String {
    let Some(at) = text.find(start) else {
        return text.to_string();
    };
    let value_start = at + start.len();
    let Some(length) = text[value_start..].find('"') else {
        return text.to_string();
    };
    format!(
        "{}{value}{}",
        &text[..value_start],
        &text[value_start + length..]
    )
}

/// Makes every DIMENSIONS record (type 0x0200) of an xls file claim the whole sheet.
fn xls_damage(bytes: &[u8], out: &mut Vec<(String, Vec<u8>)>) {
    let mut damaged = bytes.to_vec();
    let record = b"\x00\x02\x0E\x00";
    let mut at = 0;
    while let Some(offset) = damaged[at..].windows(4).position(|w| w == record) {
        let body = at + offset + 4;
        if body + 14 <= damaged.len() {
            damaged[body + 4..body + 8].copy_from_slice(&65_536u32.to_le_bytes());
            damaged[body + 10..body + 12].copy_from_slice(&256u16.to_le_bytes());
        }
        at = body;
    }
    out.push(("huge DIMENSIONS".into(), damaged));
}

/// What became of one damaged copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Verdict {
    Read,
    Rejected,
    Crashed,
}

/// Reads one damaged file with the library and checks that it ends cleanly. The roster
/// stage runs only when `as_roster` is set.
fn read_damaged(path: &Path, label: &str, as_roster: bool) -> Verdict {
    let limits = ReadLimits {
        time: Duration::from_secs(60),
        isolation: Isolation::Never,
        ..ReadLimits::default()
    };
    let mut report = Report::new();
    let book = match read::open_with(path, &limits, &mut report) {
        Ok(book) => book,
        Err(error) => {
            assert_clean_error(&error, label);
            return match error {
                Error::ReaderCrashed { .. } => {
                    println!("caught a reader panic: {label}");
                    Verdict::Crashed
                }
                _ => Verdict::Rejected,
            };
        }
    };
    table::find_tables(&book, &DRAW_FORM_SPEC, &mut Report::new());
    if !as_roster {
        return Verdict::Read;
    }
    if let Err(error) = roster::from_workbook(&book, &RosterOptions::default(), &mut report) {
        assert_clean_error(&error, label);
    }
    for problem in &report.problems {
        assert_clean_text(&messages::problem_line(problem), label);
    }
    Verdict::Read
}

fn assert_clean_error(error: &Error, label: &str) {
    assert!(
        !matches!(error, Error::ReadTimeout { .. }),
        "{label}: reading hung"
    );
    let code = errors::exit_code(error);
    assert!(
        matches!(code, 1 | 3),
        "{label}: exit code {code} for {error:?}"
    );
    assert_clean_text(&messages::error_text(error), label);
}

fn assert_clean_text(text: &str, label: &str) {
    for word in FOREIGN_WORDS {
        assert!(!text.contains(word), "{label}: {word:?} in {text}");
    }
}

/// Returns a neutral name with the fixture's extension, so file names never contain the
/// words that the checks look for.
fn neutral_name(path: &Path) -> String {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!("名单.{extension}")
}

#[test]
fn damaged_fixtures_fail_cleanly_in_the_library() {
    let work = tempfile::tempdir().unwrap();
    let mut counts: BTreeMap<Verdict, usize> = BTreeMap::new();
    for (index, path) in inputs().iter().enumerate() {
        let bytes = fs::read(path).unwrap();
        if bytes.is_empty() {
            continue;
        }
        let target = work.path().join(neutral_name(path));
        let as_roster = bytes.len() <= LARGE_FILE;
        for (label, damaged) in damaged_copies(&bytes, 0x0B1A_7BA7 + index as u64) {
            fs::write(&target, &damaged).unwrap();
            let label = format!("{} ({label})", path.display());
            *counts
                .entry(read_damaged(&target, &label, as_roster))
                .or_default() += 1;
        }
    }
    // Printed for maintainers with --nocapture: how many copies were read, rejected, and
    // caught as calamine panics.
    println!("damaged copies: {counts:?}");
    assert!(counts.get(&Verdict::Rejected).copied().unwrap_or(0) > 100);
    assert!(counts.get(&Verdict::Read).copied().unwrap_or(0) > 100);
}

/// Words that the binary must never print on standard error.
const FOREIGN_STDERR: &[&str] = &["panicked", "RUST_BACKTRACE", "backtrace", "thread '"];

#[test]
fn damaged_sample_fails_cleanly_in_the_binary() {
    let mut rng = Rng(0x5EED);
    let mut runs = 0;
    for path in inputs() {
        let bytes = fs::read(&path).unwrap();
        if bytes.is_empty() {
            continue;
        }
        let copies = damaged_copies(&bytes, rng.next());
        let (label, damaged) = &copies[rng.below(copies.len())];
        let work = tempfile::tempdir().unwrap();
        let name = neutral_name(&path);
        fs::write(work.path().join(&name), damaged).unwrap();
        let output = assert_cmd::Command::cargo_bin("bianban")
            .unwrap()
            .current_dir(work.path())
            .args(["check", &name, "--out", "结果"])
            .timeout(Duration::from_secs(120))
            .output()
            .unwrap();
        let label = format!("{} ({label})", path.display());
        let code = output.status.code();
        assert!(matches!(code, Some(0 | 1 | 3)), "{label}: exit {code:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        for word in FOREIGN_WORDS.iter().chain(FOREIGN_STDERR) {
            assert!(!stderr.contains(word), "{label}: {word:?} in {stderr}");
        }
        runs += 1;
    }
    assert!(runs >= 30, "only {runs} runs");
}
