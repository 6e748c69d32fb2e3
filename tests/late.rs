//! `bianban late` end to end: schools are grouped and merged with the binary, then late
//! students are placed and the late-enrolment record is read back with calamine.

mod support;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use support::*;

/// Groups and merges the example school (2,000 students, 45 classes) once; every test
/// copies the work folder.
fn example_school() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let folder = group(&dir, &example_roster(), 45, SEED);
        merge(&dir, &folder, &|k| ((k - 1) * 7) % 45 + 1);
        dir
    })
}

fn copy_of(base: &Path) -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let work = temp.path().join("work");
    copy_tree(base, &work);
    (temp, work)
}

fn archive_of(work: &Path) -> PathBuf {
    work.join("分组").join("三联存档_2025-08-28")
}

/// Groups and merges a small school of `boys` and `girls` into `classes` groups, class k
/// drawing group k, and returns the archive folder.
fn small_school(dir: &Path, boys: u32, girls: u32, classes: u32) -> PathBuf {
    let rows: Vec<Vec<String>> = (0..boys + girls)
        .map(|n| {
            let male = n < boys;
            let gender = if male { "男" } else { "女" };
            vec![
                format!("学生{n:02}"),
                gender.to_string(),
                student_id(n, male),
            ]
        })
        .collect();
    let roster = dir.join("新生名单.xlsx");
    write_roster(&roster, &["姓名", "性别", "身份证号"], &rows);
    let folder = group(dir, &roster, classes, SEED);
    merge(dir, &folder, &|k| k)
}

/// Writes a late roster of the given genders with 报到时间 one hour apart, in row order.
fn late_roster(dir: &Path, name: &str, genders: &[bool]) -> PathBuf {
    let rows: Vec<Vec<String>> = genders
        .iter()
        .enumerate()
        .map(|(i, &male)| {
            let n = 300 + i as u32;
            vec![
                format!("后转入{i:02}"),
                if male { "男" } else { "女" }.to_string(),
                student_id(n, male),
                format!("2025-09-0{} {:02}:00", 1 + i / 9, 8 + i % 9),
            ]
        })
        .collect();
    let path = dir.join(name);
    write_roster(&path, &["姓名", "性别", "身份证号", "报到时间"], &rows);
    path
}

/// A row of the lot table on a late record's cover.
#[derive(Debug, Clone)]
struct Lot {
    order: u32,
    name: String,
    tied: String,
    candidates: String,
    draw: String,
    class: String,
}

fn lots(record: &Path) -> Vec<Lot> {
    let all = sheets(record);
    let (_, cover) = all.iter().find(|(n, _)| n == "后转入编班").unwrap();
    let cells = grid(cover);
    let header = row_of(&cells, "编班顺序").unwrap();
    let col = |h: &str| col_of(&cells[header], h).unwrap();
    let (order, name, tied, candidates, draw, class) = (
        col("编班顺序"),
        col("姓名"),
        col("人数最少的班（班号）"),
        col("抽签范围（班号）"),
        col("抽签结果"),
        col("编入班级"),
    );
    cells[header + 1..]
        .iter()
        .take_while(|r| text(&r[order]).parse::<u32>().is_ok())
        .map(|r| Lot {
            order: text(&r[order]).parse().unwrap(),
            name: text(&r[name]),
            tied: text(&r[tied]),
            candidates: text(&r[candidates]),
            draw: text(&r[draw]),
            class: text(&r[class]),
        })
        .collect()
}

/// Reads the 各班人数 sheet: class name → (before, added, after, boys, girls).
fn sizes(record: &Path) -> BTreeMap<String, [u32; 5]> {
    let all = sheets(record);
    let (_, sheet) = all.iter().find(|(n, _)| n == "各班人数").unwrap();
    let cells = grid(sheet);
    let header = row_of(&cells, "原有人数").unwrap();
    cells[header + 1..]
        .iter()
        .filter(|r| class_number(&text(&r[0])).is_some())
        .map(|r| {
            let n = |c: usize| text(&r[c]).parse::<u32>().unwrap();
            (text(&r[0]), [n(2), n(3), n(4), n(5), n(6)])
        })
        .collect()
}

/// Reads the archive cover's counts: class name → (size, boys, girls).
fn archive_counts(archive: &Path) -> BTreeMap<String, [u32; 3]> {
    let all = sheets(&archive.join(FIRST));
    let cells = grid(&all[0].1);
    let header = row_of(&cells, "抽中组号").unwrap();
    cells[header + 1..]
        .iter()
        .filter(|r| class_number(&text(&r[0])).is_some())
        .map(|r| {
            let n = |c: usize| text(&r[c]).parse::<u32>().unwrap();
            (text(&r[0]), [n(3), n(4), n(5)])
        })
        .collect()
}

/// Expands printed class numbers (`1、3～5`).
fn numbers(printed: &str) -> Vec<u32> {
    printed
        .split('、')
        .flat_map(|part| match part.split_once('～') {
            Some((a, b)) => (a.parse::<u32>().unwrap()..=b.parse().unwrap()).collect(),
            None => vec![part.parse().unwrap()],
        })
        .collect()
}

#[test]
fn placed_smallest_first_in_registration_order() {
    let (_temp, work) = copy_of(example_school());
    let archive = archive_of(&work);
    let before = fs::read(archive.join(FIRST)).unwrap();
    let (output, folder) = late(&work, &example_late(), &archive, &[]);
    let text_out = said(&output);
    assert!(output.status.success(), "{text_out}");
    assert!(text_out.contains("按报到时间"), "{text_out}");
    let folder = folder.unwrap();
    for file in [LATE_FIRST, LATE_SECOND, LATE_THIRD, "后转入记录.json"] {
        assert!(folder.join(file).is_file(), "{file}");
    }
    assert_eq!(
        fs::read(archive.join(FIRST)).unwrap(),
        before,
        "archive untouched"
    );

    let lots = lots(&folder.join(LATE_FIRST));
    let names: Vec<&str> = lots.iter().map(|l| l.name.as_str()).collect();
    // 李琪欣 registered on 9月2日 but is listed below 陈诚瑞 (9月4日) in the file.
    assert_eq!(
        names,
        [
            "孙语瑾",
            "王瑶悦",
            "董航彬",
            "李琪欣",
            "陈诚瑞",
            "陈佳航",
            "何逸鑫"
        ]
    );

    let mut sizes_now: BTreeMap<u32, u32> = archive_counts(&archive)
        .into_iter()
        .map(|(name, [size, _, _])| (class_number(&name).unwrap(), size))
        .collect();
    for lot in &lots {
        let smallest = *sizes_now.values().min().unwrap();
        let tied: Vec<u32> = sizes_now
            .iter()
            .filter(|(_, s)| **s == smallest)
            .map(|(k, _)| *k)
            .collect();
        assert_eq!(numbers(&lot.tied), tied, "order {}", lot.order);
        let class = class_number(&lot.class).unwrap();
        assert!(tied.contains(&class), "order {} went to {class}", lot.order);
        assert!(
            lot.draw.contains(&format!("共 {} 个", tied.len())),
            "{lot:?}"
        );
        *sizes_now.get_mut(&class).unwrap() += 1;
    }
    let table = sizes(&folder.join(LATE_FIRST));
    let after: u32 = table.values().map(|s| s[2]).sum();
    let added: u32 = table.values().map(|s| s[1]).sum();
    assert_eq!(after, 2007);
    assert_eq!(added, 7);
    for (name, s) in &table {
        assert_eq!(s[2], sizes_now[&class_number(name).unwrap()], "{name}");
        assert_eq!(s[0] + s[1], s[2], "{name}");
        assert_eq!(s[3] + s[4], s[2], "{name}");
    }
}

#[test]
fn record_is_chained_to_the_archive() {
    let (_temp, work) = copy_of(example_school());
    let archive = archive_of(&work);
    let (output, folder) = late(&work, &example_late(), &archive, &[]);
    assert!(output.status.success(), "{}", said(&output));
    let folder = folder.unwrap();
    let merge: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(archive.join("抽签结果记录.json")).unwrap())
            .unwrap();
    let archive_fp = merge["archive_fingerprint"]
        .as_str()
        .unwrap()
        .to_uppercase();
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(folder.join("后转入记录.json")).unwrap()).unwrap();
    assert_eq!(
        json["archive_fingerprint"].as_str().unwrap().to_uppercase(),
        archive_fp
    );
    assert_eq!(json["sequence"], 1);
    assert_eq!(json["placements"].as_array().unwrap().len(), 7);
    assert!(json["journal"]["seq"].as_u64().is_some());
    for file in [LATE_FIRST, LATE_SECOND, LATE_THIRD] {
        let cover = grid(&sheets(&folder.join(file))[0].1);
        let printed: String = cover
            .iter()
            .find(|r| r.first().map(text).as_deref() == Some("所依据的存档指纹"))
            .map(|r| r.iter().skip(1).map(text).collect())
            .unwrap();
        let printed: String = printed.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(printed, archive_fp, "{file}");
    }
    let journal = fs::read_to_string(work.join(JOURNAL)).unwrap();
    let last = journal.lines().last().unwrap();
    assert!(last.contains("\"command\":\"late\""), "{last}");
    assert!(last.contains(&archive_fp.to_lowercase()), "{last}");
}

#[test]
fn posted_copy_shows_no_id_numbers() {
    let (_temp, work) = copy_of(example_school());
    let archive = archive_of(&work);
    let (output, folder) = late(&work, &example_late(), &archive, &[]);
    assert!(output.status.success(), "{}", said(&output));
    let folder = folder.unwrap();
    let ids = ["42010620121023698X", "420106201210021823", "15146758518"];
    let posted: Vec<String> = sheets(&folder.join(LATE_THIRD))
        .iter()
        .flat_map(|(_, r)| r.rows().flatten().map(text).collect::<Vec<_>>())
        .collect();
    for id in ids {
        assert!(
            !posted.iter().any(|c| c.contains(id)),
            "posted copy shows {id}"
        );
    }
    let first: Vec<String> = sheets(&folder.join(LATE_FIRST))
        .iter()
        .flat_map(|(_, r)| r.rows().flatten().map(text).collect::<Vec<_>>())
        .collect();
    assert!(first.iter().any(|c| c == ids[0]), "first copy lists the ID");
}

#[test]
fn missing_hotline_rejected_before_writing() {
    let temp = tempfile::tempdir().unwrap();
    let archive = small_school(temp.path(), 6, 6, 3);
    let roster = late_roster(temp.path(), "后转入.xlsx", &[true]);
    let first = archive.join(FIRST);
    let args = [
        "late",
        path_str(&roster),
        "--archive",
        path_str(&first),
        "--seed",
        LATE_SEED,
    ];
    let output = bianban(temp.path(), &args);
    let out = said(&output);
    assert_eq!(output.status.code(), Some(2), "{out}");
    assert!(out.contains("没有填写举报电话"), "{out}");
    assert!(late_folders_in(archive.parent().unwrap()).is_empty());
}

#[test]
fn no_hotline_option_prints_no_line() {
    let temp = tempfile::tempdir().unwrap();
    let archive = small_school(temp.path(), 6, 6, 3);
    let roster = late_roster(temp.path(), "后转入.xlsx", &[true]);
    let (output, folder) = late(temp.path(), &roster, &archive, &["--no-hotline"]);
    let out = said(&output);
    assert!(output.status.success(), "{out}");
    let posted: Vec<String> = sheets(&folder.unwrap().join(LATE_THIRD))
        .iter()
        .flat_map(|(_, r)| r.rows().flatten().map(text).collect::<Vec<_>>())
        .collect();
    assert!(!posted.iter().any(|c| c.contains("举报电话")), "{posted:?}");
}

/// Names of the late-record folders directly in a folder.
fn late_folders_in(folder: &Path) -> Vec<String> {
    fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("后转入记录"))
        .collect()
}

#[test]
fn relative_archive_path_gives_same_folder() {
    let temp = tempfile::tempdir().unwrap();
    let archive = small_school(temp.path(), 6, 6, 3);
    let roster = late_roster(temp.path(), "后转入.xlsx", &[true]);
    let args = [
        "late",
        path_str(&roster),
        "--archive",
        FIRST,
        "--seed",
        LATE_SEED,
        "--no-hotline",
    ];
    let output = bianban(&archive, &args);
    assert!(output.status.success(), "{}", said(&output));
    assert_eq!(late_folders_in(&archive), Vec::<String>::new());
    assert_eq!(late_folders_in(archive.parent().unwrap()).len(), 1);
}

#[test]
fn posted_copy_given_to_late_is_rejected() {
    let temp = tempfile::tempdir().unwrap();
    let archive = small_school(temp.path(), 6, 6, 3);
    let roster = late_roster(temp.path(), "后转入.xlsx", &[true]);
    let (output, first) = late(temp.path(), &roster, &archive, &[]);
    assert!(output.status.success(), "{}", said(&output));
    let posted_record = first.unwrap().join(LATE_THIRD);
    let posted_archive = archive.join(THIRD);
    let first_copy = archive.join(FIRST);
    let cases = [
        ("--archive", vec!["--archive", path_str(&posted_archive)]),
        (
            "--late-record",
            vec!["--late-record", path_str(&posted_record)],
        ),
    ];
    for (option, extra) in cases {
        let mut args = vec![
            "late",
            path_str(&roster),
            "--seed",
            LATE_SEED,
            "--no-hotline",
        ];
        if option == "--late-record" {
            args.extend(["--archive", path_str(&first_copy)]);
        }
        args.extend(extra);
        let before = late_folders_in(archive.parent().unwrap()).len();
        let output = bianban(temp.path(), &args);
        let out = said(&output);
        assert_eq!(output.status.code(), Some(2), "{option}: {out}");
        assert!(out.contains(&format!("{option} 给出的")), "{out}");
        assert!(out.contains("是第三联（学校公示联）"), "{out}");
        assert!(out.contains("所以没有编班"), "{out}");
        assert!(out.contains("请改用第一联或第二联"), "{out}");
        let after = late_folders_in(archive.parent().unwrap()).len();
        assert_eq!(after, before, "{option}: a record was written");
    }
}

#[test]
fn all_classes_equal_tie_among_all() {
    let temp = tempfile::tempdir().unwrap();
    let archive = small_school(temp.path(), 6, 6, 3);
    let roster = late_roster(temp.path(), "后转入.xlsx", &[true, false]);
    let (output, folder) = late(temp.path(), &roster, &archive, &[]);
    assert!(output.status.success(), "{}", said(&output));
    let lots = lots(&folder.unwrap().join(LATE_FIRST));
    assert_eq!(lots[0].tied, "1～3");
    assert_eq!(lots[0].candidates, "1～3");
    assert!(lots[0].draw.contains("共 3 个"), "{:?}", lots[0]);
    assert_eq!(numbers(&lots[1].tied).len(), 2, "{:?}", lots[1]);
    assert!(!numbers(&lots[1].tied).contains(&class_number(&lots[0].class).unwrap()));
}

#[test]
fn more_late_students_than_classes() {
    let temp = tempfile::tempdir().unwrap();
    let archive = small_school(temp.path(), 6, 6, 3);
    let genders = [true, false, true, true, false, false, true];
    let roster = late_roster(temp.path(), "后转入.xlsx", &genders);
    let (output, folder) = late(temp.path(), &roster, &archive, &[]);
    assert!(output.status.success(), "{}", said(&output));
    let record = folder.unwrap().join(LATE_FIRST);
    let lots = lots(&record);
    assert_eq!(lots.len(), 7);
    // Rounds of three: each round fills every class once, its last placement has no lot.
    for round in lots.chunks(3) {
        let classes: std::collections::BTreeSet<String> =
            round.iter().map(|l| l.class.clone()).collect();
        assert_eq!(classes.len(), round.len(), "{round:?}");
    }
    assert_eq!(lots[2].draw, "无需抽签");
    assert_eq!(lots[5].draw, "无需抽签");
    let after: Vec<u32> = sizes(&record).values().map(|s| s[2]).collect();
    let (min, max) = (after.iter().min().unwrap(), after.iter().max().unwrap());
    assert_eq!(max - min, 1, "{after:?}");
    assert_eq!(after.iter().sum::<u32>(), 19);
}

#[test]
fn gender_rule_prefers_fewest_of_the_same_gender() {
    let temp = tempfile::tempdir().unwrap();
    // 7 boys and 5 girls in 3 groups: every group has 4 students, one has 3 boys and 1 girl.
    let archive = small_school(temp.path(), 7, 5, 3);
    let counts = archive_counts(&archive);
    let (one_girl, _) = counts.iter().find(|(_, c)| c[2] == 1).unwrap();
    fs::write(
        temp.path().join("编班设置.toml"),
        "[后转入]\n抽签兼顾性别 = true\n",
    )
    .unwrap();
    let roster = late_roster(temp.path(), "后转入.xlsx", &[false]);
    let (output, folder) = late(temp.path(), &roster, &archive, &[]);
    let out = said(&output);
    assert!(output.status.success(), "{out}");
    assert!(out.contains("同性别学生最少"), "{out}");
    let lots = lots(&folder.unwrap().join(LATE_FIRST));
    assert_eq!(lots[0].tied, "1～3");
    assert_eq!(
        lots[0].candidates,
        class_number(one_girl).unwrap().to_string()
    );
    assert_eq!(lots[0].draw, "无需抽签");
    assert_eq!(&lots[0].class, one_girl);
}

#[test]
fn without_gender_rule_the_lot_takes_all_smallest() {
    let temp = tempfile::tempdir().unwrap();
    let archive = small_school(temp.path(), 7, 5, 3);
    let roster = late_roster(temp.path(), "后转入.xlsx", &[false]);
    let (output, folder) = late(temp.path(), &roster, &archive, &[]);
    assert!(output.status.success(), "{}", said(&output));
    let lots = lots(&folder.unwrap().join(LATE_FIRST));
    assert_eq!(lots[0].candidates, "1～3");
    assert!(lots[0].draw.contains("共 3 个"));
}

#[test]
fn registration_numbers_order_the_students() {
    let temp = tempfile::tempdir().unwrap();
    let archive = small_school(temp.path(), 6, 6, 3);
    let rows: Vec<Vec<String>> = [(3, "甲"), (1, "乙"), (2, "丙")]
        .iter()
        .enumerate()
        .map(|(i, (number, name))| {
            vec![
                format!("后转入{name}"),
                "男".to_string(),
                student_id(400 + i as u32, true),
                number.to_string(),
            ]
        })
        .collect();
    let roster = temp.path().join("后转入.xlsx");
    write_roster(&roster, &["姓名", "性别", "身份证号", "报到序号"], &rows);
    let (output, folder) = late(temp.path(), &roster, &archive, &[]);
    let out = said(&output);
    assert!(output.status.success(), "{out}");
    assert!(out.contains("按报到序号"), "{out}");
    let names: Vec<String> = lots(&folder.unwrap().join(LATE_FIRST))
        .into_iter()
        .map(|l| l.name)
        .collect();
    assert_eq!(names, ["后转入乙", "后转入丙", "后转入甲"]);
}

#[test]
fn row_order_used_and_stated_without_columns() {
    let temp = tempfile::tempdir().unwrap();
    let archive = small_school(temp.path(), 6, 6, 3);
    let rows: Vec<Vec<String>> = ["甲", "乙"]
        .iter()
        .enumerate()
        .map(|(i, name)| {
            vec![
                format!("后转入{name}"),
                "女".into(),
                student_id(410 + i as u32, false),
            ]
        })
        .collect();
    let roster = temp.path().join("后转入.xlsx");
    write_roster(&roster, &["姓名", "性别", "身份证号"], &rows);
    let (output, folder) = late(temp.path(), &roster, &archive, &[]);
    let out = said(&output);
    assert!(output.status.success(), "{out}");
    assert!(out.contains("按名单中的行序"), "{out}");
    let cover = grid(&sheets(&folder.unwrap().join(LATE_FIRST))[0].1);
    let basis = cover
        .iter()
        .find(|r| r.first().map(text).as_deref() == Some("报到顺序依据"))
        .map(|r| text(&r[2]))
        .unwrap();
    assert!(basis.contains("行序"), "{basis}");
}

#[test]
fn unreadable_registration_time_refused() {
    let temp = tempfile::tempdir().unwrap();
    let archive = small_school(temp.path(), 6, 6, 3);
    let rows = vec![
        vec![
            "后转入甲".into(),
            "男".into(),
            student_id(420, true),
            "2025-09-01 08:00".into(),
        ],
        vec![
            "后转入乙".into(),
            "男".into(),
            student_id(421, true),
            "下午".into(),
        ],
    ];
    let roster = temp.path().join("后转入.xlsx");
    write_roster(&roster, &["姓名", "性别", "身份证号", "报到时间"], &rows);
    let (output, folder) = late(temp.path(), &roster, &archive, &[]);
    let out = said(&output);
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(out.contains("D3：报到时间“下午”无法识别"), "{out}");
    assert!(folder.is_none(), "nothing written");
}

#[test]
fn student_already_in_archive_refused() {
    let temp = tempfile::tempdir().unwrap();
    let archive = small_school(temp.path(), 6, 6, 3);
    let rows = vec![vec![
        "另一个名字".into(),
        "男".into(),
        student_id(0, true),
        "2025-09-01 08:00".into(),
    ]];
    let roster = temp.path().join("后转入.xlsx");
    write_roster(&roster, &["姓名", "性别", "身份证号", "报到时间"], &rows);
    let (output, folder) = late(temp.path(), &roster, &archive, &[]);
    let out = said(&output);
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(out.contains("学生“另一个名字”"), "{out}");
    assert!(out.contains("已经在“第一联_基教科存档.xlsx”的"), "{out}");
    assert!(out.contains("“学生00”"), "{out}");
    assert!(folder.is_none(), "nothing written");
}

#[test]
fn second_late_run_builds_on_the_first_record() {
    let temp = tempfile::tempdir().unwrap();
    let archive = small_school(temp.path(), 6, 6, 3);
    let first_roster = late_roster(temp.path(), "第一批.xlsx", &[true, false]);
    let (output, first) = late(temp.path(), &first_roster, &archive, &[]);
    assert!(output.status.success(), "{}", said(&output));
    let first = first.unwrap().join(LATE_FIRST);

    let rows = vec![vec![
        "第二批甲".into(),
        "女".into(),
        student_id(430, false),
        "2025-10-08 09:00".into(),
    ]];
    let second_roster = temp.path().join("第二批.xlsx");
    write_roster(
        &second_roster,
        &["姓名", "性别", "身份证号", "报到时间"],
        &rows,
    );
    let (refused, none) = late(temp.path(), &second_roster, &archive, &[]);
    let out = said(&refused);
    assert_eq!(refused.status.code(), Some(1), "{out}");
    assert!(out.contains("请用 --late-record 给出它"), "{out}");
    assert!(none.is_none());

    let record = path_str(&first).to_string();
    let (output, second) = late(
        temp.path(),
        &second_roster,
        &archive,
        &["--late-record", &record],
    );
    assert!(output.status.success(), "{}", said(&output));
    let second = second.unwrap().join(LATE_FIRST);
    let lots = lots(&second);
    let placed_first: Vec<u32> = self::lots(&first)
        .iter()
        .map(|l| class_number(&l.class).unwrap())
        .collect();
    // Two classes grew by one in the first run, so the third is the only smallest.
    let third = (1..=3).find(|k| !placed_first.contains(k)).unwrap();
    assert_eq!(numbers(&lots[0].tied), [third]);
    let cover = grid(&sheets(&second)[0].1);
    let fact = |label: &str| {
        cover
            .iter()
            .find(|r| r.first().map(text).as_deref() == Some(label))
            .map(|r| text(&r[2]))
            .unwrap()
    };
    assert_eq!(fact("后转入次序"), "第 2 次");
    let first_cover = grid(&sheets(&first)[0].1);
    let first_fp: String = first_cover
        .iter()
        .find(|r| r.first().map(text).as_deref() == Some("本记录指纹"))
        .map(|r| text(&r[2]).split_whitespace().collect())
        .unwrap();
    let earlier: String = fact("此前的后转入记录").split_whitespace().collect();
    assert_eq!(earlier, first_fp);
}

#[test]
fn edited_earlier_record_refused() {
    let temp = tempfile::tempdir().unwrap();
    let archive = small_school(temp.path(), 6, 6, 3);
    let first_roster = late_roster(temp.path(), "第一批.xlsx", &[true]);
    let (_, first) = late(temp.path(), &first_roster, &archive, &[]);
    let first = first.unwrap().join(LATE_FIRST);
    tamper(&first, &|sheet, grid| {
        if sheet == "后转入编班" {
            let header = row_of(grid, "编班顺序").unwrap();
            let col = col_of(&grid[header], "编入班级").unwrap();
            let class = text(&grid[header + 1][col]);
            let other = if class == "七(1)班" {
                "七(2)班"
            } else {
                "七(1)班"
            };
            grid[header + 1][col] = calamine::Data::String(other.into());
        }
    });
    let second_roster = late_roster(temp.path(), "第二批.xlsx", &[false]);
    let record = path_str(&first).to_string();
    let (output, none) = late(
        temp.path(),
        &second_roster,
        &archive,
        &["--late-record", &record],
    );
    let out = said(&output);
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(out.contains("后转入记录的内容与它印的指纹不一致"), "{out}");
    assert!(none.is_none());
}
