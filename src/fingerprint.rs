//! Fingerprints: SHA-256 over documented canonical forms, printed so they can be read aloud.
//!
//! The roster fingerprint covers the fields that identify a student or that the grouping may
//! use, normalised, one line per student, lines sorted. It therefore does not change with row
//! order, column order, cell formatting or stray spaces, and changes when any student is
//! added, removed or altered. `docs/algorithm.md` specifies the exact bytes.

use std::fmt;

use sha2::{Digest, Sha256};

use crate::roster::{Gender, Student, StudentId};

/// The first line of the roster's canonical form; it names the form's version.
pub const ROSTER_FORM: &str = "bianban-roster-v1";

/// A SHA-256 digest.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fingerprint(pub [u8; 32]);

impl Fingerprint {
    /// Hashes bytes with SHA-256.
    pub fn of(bytes: &[u8]) -> Self {
        Fingerprint(Sha256::digest(bytes).into())
    }

    /// Lower-case hex, as stored in run records.
    pub fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Upper-case hex in groups of four, as printed on sheets to be read aloud.
    pub fn grouped(&self) -> String {
        let hex = self.hex().to_uppercase();
        let groups: Vec<&str> = (0..hex.len()).step_by(4).map(|i| &hex[i..i + 4]).collect();
        groups.join(" ")
    }

    /// The first 16 hex digits in groups of four, for page footers with little room.
    pub fn short(&self) -> String {
        self.grouped()[..19].to_string()
    }

    /// Parses 64 hex digits, with or without spaces, in either case.
    pub fn parse(text: &str) -> Option<Self> {
        let hex: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if hex.len() != 64 || !hex.is_ascii() {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(Fingerprint(out))
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({})", self.hex())
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.grouped())
    }
}

/// The canonical line of one student: tab-separated ID, name, gender, birth date, 学籍号,
/// feeder school and score, each normalised and empty when unknown.
pub fn canonical_line(student: &Student) -> String {
    use std::fmt::Write;
    // Built in one buffer, because the grouping and every seal compute these lines again
    // for each student; the bytes are those of the documented form.
    let mut line = String::with_capacity(96);
    match &student.id {
        StudentId::Resident(id) => {
            line.push_str("ID:");
            line.push_str(id);
        }
        StudentId::Other { kind, number } => {
            line.push_str("DOC:");
            line.push_str(kind);
            line.push(':');
            line.push_str(number);
        }
        StudentId::Missing => {}
    }
    line.push('\t');
    line.push_str(&student.name);
    line.push('\t');
    line.push_str(match student.gender {
        Gender::Male => "M",
        Gender::Female => "F",
    });
    line.push('\t');
    if let Some(birth) = student.birth {
        use chrono::Datelike;
        let _ = write!(
            line,
            "{:04}-{:02}-{:02}",
            birth.year(),
            birth.month(),
            birth.day()
        );
    }
    line.push('\t');
    line.push_str(student.student_no.as_deref().unwrap_or(""));
    line.push('\t');
    line.push_str(student.from_school.as_deref().unwrap_or(""));
    line.push('\t');
    if let Some(score) = student.score {
        let _ = write!(line, "{score}");
    }
    line
}

/// A number in its shortest round-trip decimal form without exponent (`60`, `88.5`).
pub fn canonical_number(value: f64) -> String {
    format!("{value}")
}

/// The roster's canonical form: the version line, then the students' canonical lines in
/// byte order, each ending with a line feed.
pub fn canonical_roster(students: &[Student]) -> String {
    let mut lines: Vec<String> = students.iter().map(canonical_line).collect();
    lines.sort();
    let mut text = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum::<usize>() + 32);
    text.push_str(ROSTER_FORM);
    text.push('\n');
    for line in lines {
        text.push_str(&line);
        text.push('\n');
    }
    text
}

/// The roster fingerprint: SHA-256 of [`canonical_roster`] in UTF-8.
pub fn roster_fingerprint(students: &[Student]) -> Fingerprint {
    Fingerprint::of(canonical_roster(students).as_bytes())
}

/// The first line of a group's seal form.
pub const SEAL_FORM: &str = "bianban-group-seal-v1";

/// A group's seal: SHA-256 of the seal form line, `group=<number>`, then the canonical lines
/// of its students in byte order. It is printed on the group's list and envelope, so an
/// edited, added, removed or moved student shows when the list is checked later.
pub fn group_seal(number: u32, members: &[&Student]) -> Fingerprint {
    let lines: Vec<String> = members.iter().map(|s| canonical_line(s)).collect();
    seal_of_lines(number, lines)
}

/// A group's seal from its students' canonical lines, in any order.
pub fn seal_of_lines<S: AsRef<str> + Ord>(number: u32, mut lines: Vec<S>) -> Fingerprint {
    lines.sort();
    let mut text = format!("{SEAL_FORM}\ngroup={number}\n");
    for line in lines {
        text.push_str(line.as_ref());
        text.push('\n');
    }
    Fingerprint::of(text.as_bytes())
}

/// A student's line as the archive copies print it: the [`canonical_line`] without the
/// score, which the copies do not show. Reading a copy back gives the same line.
pub fn placement_line(student: &Student) -> String {
    let line = canonical_line(student);
    match line.rsplit_once('\t') {
        Some((identity, _score)) => identity.to_string(),
        None => line,
    }
}

/// The first line of the archive's canonical form.
pub const ARCHIVE_FORM: &str = "bianban-archive-v1";

/// The archive fingerprint: SHA-256 of the line `bianban-archive-v1`, the line
/// `draw=<draw fingerprint hex>`, then for each class in class order the line
/// `class=<k> size=<n>` followed by the [`placement_line`]s of its students in byte order.
///
/// It covers what the first and second copies print about each student, so it can be
/// computed when the archive is written and again from the copy read back years later.
/// Late-enrolment records name the archive they extend by it.
pub fn archive_fingerprint(draw: &Fingerprint, classes: &[(u32, Vec<&Student>)]) -> Fingerprint {
    let mut text = format!("{ARCHIVE_FORM}\ndraw={}\n", draw.hex());
    for (number, students) in classes {
        let mut lines: Vec<String> = students.iter().map(|s| placement_line(s)).collect();
        lines.sort();
        text.push_str(&format!("class={number} size={}\n", lines.len()));
        for line in lines {
            text.push_str(&line);
            text.push('\n');
        }
    }
    Fingerprint::of(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_splits_into_sixteen_groups() {
        let fp = Fingerprint::of(b"abc");
        assert_eq!(
            fp.hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(fp.grouped().split(' ').count(), 16);
        assert!(fp.grouped().starts_with("BA78 16BF 8F01"));
        assert_eq!(fp.short(), "BA78 16BF 8F01 CFEA");
        assert_eq!(Fingerprint::parse(&fp.grouped()), Some(fp));
    }

    #[test]
    fn canonical_number_has_no_trailing_zeros() {
        assert_eq!(canonical_number(60.0), "60");
        assert_eq!(canonical_number(88.5), "88.5");
        assert_eq!(canonical_number(0.1 + 0.2), "0.30000000000000004");
    }
}
