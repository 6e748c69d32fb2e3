//! Invented names, ID numbers, phone numbers and dates.

use std::collections::HashSet;

use chrono::{Datelike, Days, NaiveDate};

use super::dice::Dice;

/// Common surnames with rough relative frequencies, so 王, 李 and 张 dominate as they do.
#[rustfmt::skip]
const SURNAMES: &[(&str, u32)] = &[
    ("王", 72), ("李", 71), ("张", 67), ("刘", 54), ("陈", 45), ("杨", 33), ("黄", 24),
    ("赵", 20), ("吴", 20), ("周", 19), ("徐", 15), ("孙", 15), ("马", 13), ("朱", 13),
    ("胡", 12), ("郭", 12), ("何", 12), ("林", 11), ("高", 11), ("罗", 10), ("郑", 10),
    ("梁", 9), ("谢", 8), ("宋", 7), ("唐", 7), ("许", 7), ("韩", 7), ("邓", 7), ("冯", 7),
    ("曹", 6), ("彭", 6), ("曾", 6), ("肖", 6), ("田", 5), ("董", 5), ("潘", 5), ("袁", 5),
    ("蔡", 5), ("蒋", 5), ("余", 5), ("于", 5), ("杜", 4), ("叶", 4), ("程", 4), ("魏", 4),
    ("苏", 4), ("吕", 4), ("丁", 4), ("任", 4), ("卢", 4), ("姚", 4), ("沈", 4), ("钟", 3),
    ("姜", 3), ("崔", 3), ("谭", 3), ("陆", 3), ("范", 3), ("汪", 3), ("廖", 3), ("石", 3),
    ("金", 3), ("韦", 3), ("贾", 3), ("夏", 3), ("付", 3), ("方", 3), ("邹", 2), ("熊", 2),
    ("白", 2), ("孟", 2), ("秦", 2), ("邱", 2), ("侯", 2), ("江", 2), ("尹", 2), ("薛", 2),
    ("闫", 2), ("段", 2), ("雷", 2), ("龙", 2), ("黎", 2), ("史", 2), ("陶", 2), ("贺", 2),
    ("毛", 2), ("郝", 2), ("顾", 2), ("龚", 2), ("邵", 2), ("万", 2), ("覃", 1), ("武", 1),
    ("钱", 1), ("戴", 1), ("严", 1), ("欧阳", 1), ("司马", 1), ("上官", 1),
];

/// Given-name characters popular for children born 2012 to 2019.
const CHILD_BOY_CHARS: &str = "浩宇轩博杰涛俊鹏睿泽航明辰阳昊天瑞哲凯皓逸宸铭诚翔星晟煜毅旭峰\
                               锐彬恒磊鑫伟斌栋洋奕言骏豪霖远楷晋恺承钧朗";
const CHILD_GIRL_CHARS: &str = "欣怡梓涵诗婷静悦萱琪雪彤馨妍玉晓清梦颖璐瑶婉娜琳蕾雯菲倩晴丹露\
                                月紫嫣语茜芸若汐琬瑾钰舒";
const CHILD_SHARED_CHARS: &str = "子一思雨佳嘉文晨可安乐心宁沐";

/// Given-name characters typical of adults born 1966 to 2002.
const ADULT_MALE_CHARS: &str = "伟强磊军勇杰涛明超刚平辉健斌鹏华建国志飞波峰亮东海林俊宇浩";
const ADULT_FEMALE_CHARS: &str = "芳娜敏静丽艳娟霞燕玲婷雪琳慧颖洁倩红梅萍兰琴英晶丹莉";

/// Names of well-known people that the character lists above could produce, separated by
/// spaces. A drawn name on this list is drawn again.
const FAMOUS_NAMES: &str = "李白 杜甫 王维 李强 王毅 李娜 王菲 周迅 赵薇 孙俪 刘涛 张杰 周涛 \
    李静 李宁 姚明 马云 杨洋 李晨 黄磊 王源 王楠 郎平 孙杨 马龙 刘洋 韩红 刘欢 邓超 杨幂 吴京 \
    沈腾 黄渤 徐峥 胡歌 李现 周深 杨紫 韩寒 莫言 余华 鲁迅 老舍 巴金 冰心 朱德 韩正 蔡奇 \
    王俊凯 王一博 张一山 赵丽颖 刘亦菲 李冰冰 范冰冰 刘德华 王宝强 邓紫棋 朱一龙 周杰伦 林俊杰 \
    王力宏 李宇春 张靓颖 郭晶晶 杨利伟 邓亚萍 张怡宁 丁俊晖 张艺兴 欧阳修 司马光 上官婉儿 \
    习近平 李克强 胡锦涛 温家宝 王沪宁 赵乐际 丁薛祥 王岐山 易烊千玺";

fn is_famous(name: &str) -> bool {
    FAMOUS_NAMES.split_whitespace().any(|famous| famous == name)
}

/// Real district codes of the invented 示例市 (they belong to 武汉's central districts).
pub const HOME_DISTRICTS: &[u32] = &[420102, 420103, 420104, 420105, 420106, 420107, 420111];

/// Real district codes of 湖北省, for the province benchmark.
#[rustfmt::skip]
pub const PROVINCE_DISTRICTS: &[u32] = &[
    420102, 420103, 420104, 420105, 420106, 420107, 420111, 420112, 420113, 420114, 420115,
    420116, 420117, 420202, 420203, 420204, 420222, 420281, 420302, 420303, 420304, 420322,
    420381, 420502, 420503, 420506, 420602, 420606, 420607, 420702, 420704, 420802, 420804,
    420902, 421002, 421003, 421102, 421202, 421303, 422801, 429004,
];

/// Real district codes of other provinces, for students who moved from elsewhere.
#[rustfmt::skip]
pub const FAR_DISTRICTS: &[u32] = &[
    110101, 110105, 110108, 310104, 310115, 440305, 440106, 510107, 330106, 320102, 370102,
    410105, 411302, 430104, 500103, 610113, 350203, 360102,
];

/// Mobile prefixes of the 13x, 15x and 18x ranges.
#[rustfmt::skip]
const PHONE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152",
    "153", "155", "156", "157", "158", "159", "180", "181", "182", "183", "185", "186", "187",
    "188", "189",
];

/// Weights of the first 17 digits in the GB 11643 check (ISO 7064 MOD 11-2).
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// Returns the GB 11643 check character of the first 17 digits of an ID number.
pub fn id_check_character(body: &str) -> char {
    let sum: u32 = body
        .bytes()
        .zip(ID_WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    b"10X98765432"[(sum % 11) as usize] as char
}

/// Draws a name that is not on the famous-names list.
fn draw_name(dice: &mut Dice, given: &[char], shared: &[char], single_share: f64) -> String {
    loop {
        let surname = *dice.pick_weighted(SURNAMES);
        let name = format!(
            "{surname}{}",
            draw_given_name(dice, given, shared, single_share)
        );
        if !is_famous(&name) {
            return name;
        }
    }
}

/// Draws a given name of one or two characters, a fifth of them from the `shared` list.
fn draw_given_name(dice: &mut Dice, given: &[char], shared: &[char], single_share: f64) -> String {
    let length = if dice.chance(single_share) { 1 } else { 2 };
    (0..length)
        .map(|_| {
            let pool = if !shared.is_empty() && dice.chance(0.2) {
                shared
            } else {
                given
            };
            *dice.pick(pool)
        })
        .collect()
}

/// Returns the surname a name starts with, preferring a two-character surname such as 欧阳.
fn surname_of(name: &str) -> &'static str {
    SURNAMES
        .iter()
        .map(|(surname, _)| *surname)
        .filter(|surname| name.starts_with(surname))
        .max_by_key(|surname| surname.len())
        .unwrap_or("")
}

/// The given-name character lists, split into chars once.
pub struct NameChars {
    boy: Vec<char>,
    girl: Vec<char>,
    child_shared: Vec<char>,
    man: Vec<char>,
    woman: Vec<char>,
}

/// Share of children born 2012 to 2019 with a one-character given name (an estimate).
const CHILD_SINGLE_SHARE: f64 = 0.08;

impl NameChars {
    pub fn new() -> NameChars {
        NameChars {
            boy: CHILD_BOY_CHARS.chars().collect(),
            girl: CHILD_GIRL_CHARS.chars().collect(),
            child_shared: CHILD_SHARED_CHARS.chars().collect(),
            man: ADULT_MALE_CHARS.chars().collect(),
            woman: ADULT_FEMALE_CHARS.chars().collect(),
        }
    }

    pub fn child(&self, dice: &mut Dice, male: bool) -> String {
        let given = if male { &self.boy } else { &self.girl };
        draw_name(dice, given, &self.child_shared, CHILD_SINGLE_SHARE)
    }

    /// Draws a name for the twin of the child named `sibling`: same surname, another given name.
    pub fn twin(&self, dice: &mut Dice, sibling: &str, male: bool) -> String {
        let surname = surname_of(sibling);
        let given = if male { &self.boy } else { &self.girl };
        loop {
            let given = draw_given_name(dice, given, &self.child_shared, CHILD_SINGLE_SHARE);
            let name = format!("{surname}{given}");
            if name != sibling && !is_famous(&name) {
                return name;
            }
        }
    }

    /// Draws an adult's name. One-character given names were common for these birth years.
    pub fn adult(&self, dice: &mut Dice, male: bool) -> String {
        let given = if male { &self.man } else { &self.woman };
        draw_name(dice, given, &[], 0.4)
    }
}

/// The ID numbers drawn so far, so no two invented people share one.
#[derive(Default)]
pub struct IdRegistry(HashSet<u64>);

impl IdRegistry {
    /// Draws an unused 18-character ID number. The sequence number's last digit is odd for a
    /// boy and even for a girl. `twin_sequence` requests the sequence number that follows a
    /// twin's, as the registry office numbers twins one after the other.
    pub fn draw(
        &mut self,
        dice: &mut Dice,
        district: u32,
        birth: NaiveDate,
        male: bool,
        twin_sequence: Option<u32>,
    ) -> String {
        let date = u64::from(birth.year().unsigned_abs()) * 10_000
            + u64::from(birth.month() * 100 + birth.day());
        let mut next = twin_sequence.map(|seq| (seq + 1) % 1000);
        loop {
            let seq = match next.take() {
                Some(seq) if (seq % 2 == 1) == male => seq,
                Some(seq) => (seq + 1) % 1000,
                None => dice.below(500) * 2 + u32::from(male),
            };
            let key = (u64::from(district) * 100_000_000 + date) * 1000 + u64::from(seq);
            if self.0.insert(key) {
                let body = format!("{key:017}");
                return format!("{body}{}", id_check_character(&body));
            }
        }
    }
}

pub fn draw_phone(dice: &mut Dice) -> String {
    format!(
        "{}{:08}",
        dice.pick(PHONE_PREFIXES),
        dice.below(100_000_000)
    )
}

/// Returns a uniform date in `first..=last`.
pub fn draw_date(dice: &mut Dice, first: NaiveDate, last: NaiveDate) -> NaiveDate {
    let span = u32::try_from((last - first).num_days()).unwrap_or(0);
    first + Days::new(u64::from(dice.below(span + 1)))
}

/// Returns a date from constant parts that are known to be valid.
pub fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MIN)
}
