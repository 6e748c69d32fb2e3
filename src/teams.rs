//! The teachers a school assigned to each class, as the draw form and the archive copies
//! print them. The `teachers` stage reads them from the school's sheets.

use crate::classname::ClassKey;

/// One subject taught in a class and its teacher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubjectTeacher {
    /// The subject under its usual name (语文, 数学, 道德与法治 …; 体育 for 体育与健康).
    pub subject: String,
    pub teacher: String,
}

/// A class's teaching team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassTeam {
    pub class: ClassKey,
    /// The class name as written in the school's sheet.
    pub written: String,
    pub head_teacher: Option<String>,
    /// Subject teachers in the sheet's column order.
    pub subject_teachers: Vec<SubjectTeacher>,
}

/// The teams of all classes of one grade of one school, in class-number order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Teams {
    pub classes: Vec<ClassTeam>,
}

impl Teams {
    /// The team of class `number` (1-based).
    pub fn class(&self, number: u32) -> Option<&ClassTeam> {
        self.classes.iter().find(|t| t.class.number == number)
    }

    /// Head-teacher names indexed by class number minus one, for forms with one row per
    /// class; classes without a known head teacher get an empty name.
    pub fn head_teachers(&self, classes: u32) -> Vec<String> {
        (1..=classes)
            .map(|n| {
                self.class(n)
                    .and_then(|t| t.head_teacher.clone())
                    .unwrap_or_default()
            })
            .collect()
    }
}
