//! bianban (编班): balanced class placement for first-year students, from roster to archive.
//!
//! The pipeline, one module per stage:
//! `read` (any spreadsheet into cells) → `table` (header and data rows) → `roster` (checked
//! students) → `fingerprint` → `group` (seeded, gender-balanced groups, using `rng`) →
//! `write` (printable workbooks). `commands` join the stages; `messages` is the only place
//! that turns problems and errors into Chinese text.

pub mod archive;
pub mod audit;
pub mod batch;
pub mod classname;
pub mod commands;
pub mod diag;
pub mod draw;
pub mod error;
pub mod fingerprint;
pub mod group;
pub mod grouplist;
pub mod late;
pub mod messages;
pub mod read;
pub mod regroup;
pub mod rng;
pub mod roster;
pub mod table;
pub mod teachers;
pub mod verify;
pub mod write;

pub mod cli;
pub mod console;
pub mod journal;
pub mod plan;
pub mod settings;
pub mod teams;
