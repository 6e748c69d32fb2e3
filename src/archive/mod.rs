//! Reading printed copies back: the three copies of a draw result (三联存档) and of a
//! late-enrolment record (后转入记录).
//!
//! `late` reads the archive to learn each class's students, `verify` compares every copy
//! with what the roster and seed give, and `audit` compares them with a current class list.
//! The identifying copies' lists are read with the roster stage's cleaning, so a student
//! read back has the same canonical values as when the copy was written.

pub mod cover;
pub mod draw;
pub mod late;
pub mod lists;

pub use draw::DrawCopy;
pub use late::LateCopy;
pub use lists::{ClassList, CopyBook, PostedRow, read_copy};
