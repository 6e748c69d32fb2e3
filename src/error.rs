//! Errors that stop a command. Problems that only concern some rows live in `diag` instead.
//!
//! Variants name the broken rule and carry the file and the value; `messages` turns them into
//! Chinese text and an exit code, and nothing else formats them for a clerk.

use std::path::PathBuf;

/// What kind of file was found where a spreadsheet was expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotSpreadsheetKind {
    /// A PDF document.
    Pdf,
    /// A Word document (doc or docx).
    Word,
    /// An image.
    Image,
    /// A zip archive that is not an xlsx or ods workbook.
    Archive,
    /// Plain text that is neither CSV nor a web page table.
    Text,
    /// Anything else.
    Unknown,
}

/// Why a file was found too large to read within the memory limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TooLargeCause {
    /// The file itself is larger than the share of the memory limit that a file may take.
    FileSize { megabytes: u64 },
    /// The parts of a zip package (xlsx, ods) declare far more unpacked bytes than a real
    /// workbook of the file's size has, as a zip bomb does.
    Unpacked { megabytes: u64 },
    /// The cells stored in the file need more memory than the limit allows, or the sheet
    /// spans more cells than calamine builds (a stray cell far from the data).
    Cells,
    /// The separate reading process ran out of memory at the limit.
    Memory,
}

/// The kind of table a command looked for in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    Roster,
    TeacherSheet,
    DrawForm,
    ClassCounts,
    ClassList,
}

/// The reason an output could not be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteFault {
    /// The file already exists; outputs are never overwritten.
    Exists,
    /// Another program (Excel or WPS on Windows) holds the file open.
    Locked,
    /// The folder cannot be written to.
    ReadOnly,
    /// The disk or the user's quota is full.
    DiskFull,
    /// The folder does not exist and could not be created.
    FolderMissing,
    /// Any other operating system error, by its raw code where known.
    Other(Option<i32>),
}

/// An input of `merge` that can stop it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeInput {
    /// The group lists, or the confirmed roster they are checked against.
    Groups,
    DrawForm,
    TeacherSheets,
}

/// A command-line option or setting with a value that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OptionFault {
    /// The class count is not a whole number of at least 1.
    ClassCount,
    /// More classes than students.
    MoreClassesThanStudents { students: usize },
    /// The seed is empty after removing spaces.
    EmptySeed,
    /// The grade is not one the tool knows.
    Grade,
    /// Two options contradict each other.
    Conflict { other: String },
    /// A setting that should name a teacher title names none.
    Title,
    /// `merge` needs either the group lists or the roster with the seed.
    GroupsOrSeed,
    /// The option needs another option given too.
    Requires { other: String },
    /// A date that is not written YYYY-MM-DD.
    Date,
    /// No class count was given for a single school.
    ClassCountMissing,
    /// The seed typed on the console twice was not the same both times.
    SeedsDiffer,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    FileNotFound {
        path: PathBuf,
    },
    IsFolder {
        path: PathBuf,
    },
    /// A device, pipe or socket, whose reading could block or never end.
    NotRegularFile {
        path: PathBuf,
    },
    /// The operating system refused to open the file; `code` is the raw OS error code.
    FileUnreadable {
        path: PathBuf,
        code: Option<i32>,
    },
    EmptyFile {
        path: PathBuf,
    },
    /// Excel's or WPS's small `~$` owner file, picked by mistake.
    OwnerFile {
        path: PathBuf,
    },
    /// A truncated or otherwise damaged workbook.
    Damaged {
        path: PathBuf,
    },
    /// A workbook protected with a password to open.
    Encrypted {
        path: PathBuf,
    },
    /// A web page saved with a spreadsheet name whose table could not be read.
    WebPage {
        path: PathBuf,
    },
    NotSpreadsheet {
        path: PathBuf,
        kind: NotSpreadsheetKind,
    },
    /// Reading took longer than the limit; `seconds` is the limit.
    ReadTimeout {
        path: PathBuf,
        seconds: u64,
    },
    /// The spreadsheet library failed inside (a panic or an out-of-memory abort).
    ReaderCrashed {
        path: PathBuf,
    },
    /// Reading the file needs more memory than the limit allows; `limit_mb` is the memory
    /// limit in MiB.
    TooLarge {
        path: PathBuf,
        limit_mb: u64,
        cause: TooLargeCause,
    },
    /// No sheet has a header row with the columns the command needs.
    NoHeader {
        file: String,
        sheets: Vec<String>,
        expected: TableKind,
    },
    /// The file was read but holds no data rows.
    NoRows {
        file: String,
    },
    /// The data has errors; they were printed as a report.
    DataErrors {
        errors: usize,
    },
    /// The teacher check flagged problems or classes; they were printed and written.
    TeamsFlagged {
        problems: usize,
        classes: usize,
    },
    InvalidOption {
        option: &'static str,
        value: String,
        fault: OptionFault,
    },
    Write {
        path: PathBuf,
        fault: WriteFault,
    },
    /// The settings file cannot be read or has a mistake.
    Settings(crate::settings::SettingsError),
    /// The group lists, the draw form or the teacher sheets have problems; they were
    /// printed as a report and no copy was written. `inputs` are those with errors.
    MergeRefused {
        errors: usize,
        inputs: Vec<MergeInput>,
    },
    /// The same groups were drawn and archived before with another result, and `--rerun`
    /// was not given. `folder` holds the earlier copies.
    DrawnBefore {
        folder: PathBuf,
        time: String,
        differing: usize,
    },
    /// No roster was named, and none of the usual names exists in the current folder.
    RosterNotGiven,
    /// `teachers` was given no sheet, and neither the settings nor the current folder name
    /// one.
    TeachersNotGiven,
    /// `merge` or `late` would write a posted copy without hotline numbers: neither
    /// `--hotline` nor the settings give any, and `--no-hotline` was not given.
    HotlinesMissing {
        settings_file: Option<PathBuf>,
    },
    /// A folder given as the roster holds no spreadsheet files.
    NoRosterFiles {
        folder: PathBuf,
    },
    /// A one-school command got a roster that lists several schools in its 学校 column.
    ManySchools {
        file: String,
        schools: Vec<String>,
    },
    /// The school selected with `--school` is not in the rosters.
    SchoolNotFound {
        school: String,
        found: Vec<String>,
    },
    /// Some schools of a run over many schools failed; each was reported with its reason.
    SchoolsFailed {
        failed: usize,
        total: usize,
    },
    /// The late students, the archive or the earlier late records have problems; they were
    /// printed as a report and nothing was placed or written.
    LateRefused {
        errors: usize,
    },
    /// `verify` found differences between the files and the recomputation; they were
    /// printed.
    Differences {
        count: usize,
    },
    /// A posted copy (第三联) was given where a command needs the students' IDs, which only
    /// the first and second copies print. `option` is the option that named the file.
    PostedCopyGiven {
        path: PathBuf,
        option: &'static str,
        command: PostedCopyUse,
    },
    /// `audit` found students who moved class, slipped in or are missing; they were printed
    /// and written to the report.
    AuditFindings {
        count: usize,
    },
    /// A balance option cannot be used with this roster, or its lists cannot be met.
    Balance(Box<crate::group::balance::BalanceError>),
    /// A sealed grouping cannot be made again with the options it was made with.
    Regroup(Box<crate::regroup::RegroupFault>),
    /// A guarantee the program itself must keep was broken: a bug. Nothing was written.
    Internal {
        what: InternalFault,
    },
}

/// The guarantee an internal error broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InternalFault {
    /// A finished grouping did not pass its own guarantee check.
    GroupingGuarantees,
    /// A thread writing an output stopped with a panic.
    WriterThread,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::messages::error_text(self))
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

/// The command that was given a posted copy where it needs an identifying copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostedCopyUse {
    /// `audit` matches current students with the archive by ID.
    Audit,
    /// `late` reads each class's students and the late-record chain from the archive.
    Late,
}
