//! Recognising column headers as clerks write them.
//!
//! Headers are compared after [`normalize_header`] removes whitespace of every kind, bracketed
//! units and full-width forms, so `姓　名`, `出生\n日期` and `中考成绩（分）` match `姓名`,
//! `出生日期` and `中考成绩`.

/// A column meaning the tool understands, across all the sheets it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    // Student rosters.
    Seq,
    Name,
    Gender,
    IdNumber,
    DocType,
    StudentNo,
    BirthDate,
    FromSchool,
    OriginalClass,
    Score,
    School,
    Grade,
    Ethnicity,
    Address,
    Phone,
    Remark,
    RegisteredAt,
    RegistrationNo,
    // Teacher sheets, draw forms and class lists.
    Class,
    HeadTeacher,
    Subject,
    TeacherName,
    TeachingYears,
    WorkStart,
    Age,
    Title,
    Honour,
    Traits,
    DrawnGroup,
    ClassCount,
    /// A staff number (工号), which tells teachers with the same name apart.
    StaffNo,
}

/// How one field is recognised: exact names, words a header may contain, and words that
/// rule a header out (a parent's ID number is never the student's).
struct Rule {
    field: Field,
    exact: &'static [&'static str],
    contains: &'static [&'static str],
    excludes: &'static [&'static str],
}

const PARENT_WORDS: &[&str] = &["家长", "父亲", "母亲", "监护人", "父", "母", "联系人"];

const RULES: &[Rule] = &[
    Rule {
        field: Field::Seq,
        exact: &[
            "序号",
            "编号",
            "序",
            "no",
            "no.",
            "顺序号",
            "排序",
            "组内序号",
        ],
        contains: &[],
        excludes: &[],
    },
    Rule {
        field: Field::Name,
        exact: &[
            "姓名",
            "学生姓名",
            "学生名字",
            "名字",
            "新生姓名",
            "考生姓名",
            "name",
        ],
        contains: &["学生姓名"],
        excludes: PARENT_WORDS,
    },
    Rule {
        field: Field::Gender,
        exact: &["性别", "学生性别", "男女", "sex", "gender"],
        contains: &["性别"],
        excludes: PARENT_WORDS,
    },
    Rule {
        field: Field::IdNumber,
        exact: &[
            "身份证号",
            "身份证号码",
            "公民身份号码",
            "身份证件号",
            "身份证件号码",
            "学生身份证号",
            "证件号码",
            "证件号",
            "身份号码",
            "身份证",
        ],
        contains: &["身份证", "身份号码", "证件号"],
        excludes: PARENT_WORDS,
    },
    Rule {
        field: Field::DocType,
        exact: &["证件类型", "身份证件类型", "证件种类"],
        contains: &["证件类型"],
        excludes: PARENT_WORDS,
    },
    Rule {
        field: Field::StudentNo,
        exact: &[
            "学籍号",
            "全国学籍号",
            "学籍编号",
            "全国学籍编号",
            "学籍号码",
        ],
        contains: &["学籍号"],
        excludes: &[],
    },
    Rule {
        field: Field::BirthDate,
        exact: &["出生日期", "出生年月", "出生年月日", "出生", "生日"],
        contains: &["出生"],
        excludes: PARENT_WORDS,
    },
    Rule {
        field: Field::FromSchool,
        exact: &[
            "毕业学校",
            "原就读学校",
            "毕业小学",
            "原学校",
            "毕业幼儿园",
            "原就读幼儿园",
            "就读小学",
            "来源学校",
            "毕业院校",
        ],
        contains: &["毕业学校", "毕业小学", "原就读"],
        excludes: &[],
    },
    Rule {
        field: Field::OriginalClass,
        exact: &["原班级", "原班", "毕业班级"],
        contains: &[],
        excludes: &[],
    },
    Rule {
        field: Field::Score,
        exact: &[
            "成绩",
            "总分",
            "入学成绩",
            "中考成绩",
            "分数",
            "总成绩",
            "测试成绩",
            "考试成绩",
        ],
        contains: &["成绩", "总分"],
        excludes: &[],
    },
    Rule {
        field: Field::School,
        exact: &[
            "学校",
            "学校名称",
            "录取学校",
            "就读学校",
            "招生学校",
            "入学学校",
            "分配学校",
        ],
        contains: &[],
        excludes: &[],
    },
    Rule {
        field: Field::Grade,
        exact: &["年级", "入学年级"],
        contains: &[],
        excludes: &[],
    },
    Rule {
        field: Field::Ethnicity,
        exact: &["民族"],
        contains: &[],
        excludes: &[],
    },
    Rule {
        field: Field::Address,
        exact: &[
            "家庭住址",
            "住址",
            "地址",
            "家庭地址",
            "户籍地址",
            "现住址",
            "居住地址",
        ],
        contains: &["住址", "地址"],
        excludes: &[],
    },
    Rule {
        field: Field::Phone,
        exact: &[
            "联系电话",
            "电话",
            "手机",
            "手机号",
            "手机号码",
            "家长电话",
            "联系方式",
        ],
        contains: &["电话", "手机"],
        excludes: &[],
    },
    Rule {
        field: Field::Remark,
        exact: &["备注", "说明"],
        contains: &[],
        excludes: &[],
    },
    Rule {
        field: Field::RegisteredAt,
        exact: &["报到时间", "报到日期", "报名时间", "登记时间"],
        contains: &["报到时间"],
        excludes: &[],
    },
    Rule {
        field: Field::RegistrationNo,
        exact: &["报到序号", "报到顺序", "报到号", "登记序号"],
        contains: &["报到序号"],
        excludes: &[],
    },
    Rule {
        field: Field::Class,
        exact: &[
            "班级",
            "班别",
            "班级名称",
            "班",
            "所在班级",
            "现班级",
            "编入班级",
        ],
        contains: &[],
        excludes: &[],
    },
    Rule {
        field: Field::HeadTeacher,
        exact: &["班主任"],
        contains: &["班主任"],
        // 班主任教龄, 班主任职称 and the like describe the head teacher of a one-row-per-class
        // sheet and belong to their own fields.
        // The draw form's 班主任签名 column is for handwriting, not a name.
        excludes: &[
            "性别", "教龄", "职称", "电话", "荣誉", "年龄", "出生", "工作", "性格", "学科", "工号",
            "签名", "签字",
        ],
    },
    Rule {
        field: Field::Subject,
        exact: &[
            "任教学科",
            "学科",
            "科目",
            "任教科目",
            "任课学科",
            "所教学科",
        ],
        contains: &[],
        excludes: &[],
    },
    Rule {
        field: Field::TeacherName,
        exact: &["教师", "教师姓名", "任课教师", "老师", "教师名字"],
        contains: &[],
        excludes: &[],
    },
    Rule {
        field: Field::TeachingYears,
        exact: &["教龄"],
        contains: &["教龄"],
        excludes: &[],
    },
    Rule {
        field: Field::WorkStart,
        exact: &[
            "参加工作时间",
            "参加工作年月",
            "工作时间",
            "参工时间",
            "参加工作日期",
        ],
        contains: &["参加工作"],
        excludes: &[],
    },
    Rule {
        field: Field::Age,
        exact: &["年龄"],
        contains: &[],
        excludes: &[],
    },
    Rule {
        field: Field::Title,
        exact: &["职称", "专业技术职务", "专业技术职称", "职务职称"],
        contains: &["职称"],
        excludes: &[],
    },
    Rule {
        field: Field::Honour,
        exact: &["荣誉", "荣誉称号", "称号", "骨干", "骨干教师", "学科带头人"],
        contains: &["荣誉"],
        excludes: &[],
    },
    Rule {
        field: Field::Traits,
        exact: &["性格", "特点", "性格特点", "个性", "特长"],
        contains: &["性格"],
        excludes: &[],
    },
    Rule {
        field: Field::StaffNo,
        exact: &[
            "工号",
            "职工号",
            "教工号",
            "教职工号",
            "教师编号",
            "教师工号",
            "人员编号",
        ],
        contains: &["工号"],
        excludes: &[],
    },
    Rule {
        field: Field::DrawnGroup,
        exact: &[
            "抽中组号",
            "抽取组号",
            "组号",
            "抽签结果",
            "所抽组号",
            "抽中信封号",
            "信封号",
        ],
        contains: &["组号"],
        excludes: &[],
    },
    Rule {
        field: Field::ClassCount,
        exact: &[
            "班级数",
            "班数",
            "开班数",
            "计划班数",
            "班级数量",
            "拟开班数",
        ],
        contains: &["班数", "班级数"],
        excludes: &[],
    },
];

/// How surely a header was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchStrength {
    /// The header only contains a word of the field.
    Contains,
    /// The header is one of the field's usual names.
    Exact,
}

/// Normalises a header for matching: removes whitespace and invisible characters of every
/// kind, bracketed parts such as units (`（分）`), required-field marks, converts full-width
/// forms to ASCII and lower-cases Latin letters.
pub fn normalize_header(raw: &str) -> String {
    let mut out = String::new();
    let mut depth = 0u32;
    for c in raw.chars().map(to_half_width) {
        match c {
            '(' | '[' | '【' | '〔' | '{' => depth += 1,
            ')' | ']' | '】' | '〕' | '}' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if crate::read::grid::is_blank_char(c) => {}
            '*' | ':' | '：' => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Converts full-width ASCII forms and the ideographic space to their ASCII counterparts.
pub fn to_half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Matches one header against the fields a sheet may have.
pub fn match_header(raw: &str, accepted: &[Field]) -> Option<(Field, MatchStrength)> {
    let norm = normalize_header(raw);
    if norm.is_empty() {
        return None;
    }
    let rules = RULES.iter().filter(|r| accepted.contains(&r.field));
    let mut best: Option<(Field, MatchStrength)> = None;
    for rule in rules {
        if rule.exact.contains(&norm.as_str()) {
            return Some((rule.field, MatchStrength::Exact));
        }
        let excluded = rule.excludes.iter().any(|w| norm.contains(w));
        let contains = rule.contains.iter().any(|w| norm.contains(w));
        if contains && !excluded && best.is_none() {
            best = Some((rule.field, MatchStrength::Contains));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROSTER: &[Field] = &[
        Field::Seq,
        Field::Name,
        Field::Gender,
        Field::IdNumber,
        Field::StudentNo,
        Field::BirthDate,
        Field::FromSchool,
        Field::Score,
        Field::Remark,
    ];

    #[test]
    fn header_variants_match_their_field() {
        let cases = [
            ("姓\u{3000}名", Field::Name),
            ("性 别", Field::Gender),
            ("出生\n日期", Field::BirthDate),
            ("公民身份号码", Field::IdNumber),
            ("全国学籍号\u{a0}", Field::StudentNo),
            (" 毕业学校 ", Field::FromSchool),
            ("中考成绩（分）", Field::Score),
            ("序\u{3000}号", Field::Seq),
            ("身份证号*", Field::IdNumber),
        ];
        for (raw, field) in cases {
            assert_eq!(
                match_header(raw, ROSTER).map(|m| m.0),
                Some(field),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn parent_id_is_not_student_id() {
        assert_eq!(match_header("家长身份证号", ROSTER), None);
        assert_eq!(match_header("父亲身份证号码", ROSTER), None);
    }

    #[test]
    fn normalize_removes_units_and_spaces() {
        assert_eq!(normalize_header("中考成绩（分）"), "中考成绩");
        assert_eq!(normalize_header("ＮＯ．"), "no.");
        assert_eq!(normalize_header("出生\r\n日期"), "出生日期");
    }
}
