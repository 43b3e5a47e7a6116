//! Comment moderation: which answers are comments, how a comment is keyed, and which comments
//! look like they carry personal data.
//!
//! A comment is a non-empty answer to a free-text question (scale kind `text`: `comment`,
//! `suggestion`, `reason`, …). Its text stays where it is, in the response's answers; the
//! `comments` table holds only its key, where and when it was given, its moderation status,
//! the personal-data flags, the group key of identical comments and, once the officer masked
//! part of it, the text as published (see `masking.rs`). The key is a hash of the response id and the answer code, so it is
//! the same whenever it is computed (indexing old databases is idempotent) and shows neither the
//! response id nor the order of arrival.
//!
//! Only approved comments are ever published (public page, O16, public summary). A comment that
//! looks like it names a person, a phone number, an ID number or an e-mail address is flagged
//! and needs a second, explicit confirmation before it can be approved.
use sha2::{Digest, Sha256};

use prongsai_core::{Answers, Instrument, ScaleKind};

/// Moderation status of a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Not yet looked at: never published.
    Pending,
    /// May be published.
    Approved,
    /// Never published.
    Hidden,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Pending, Status::Approved, Status::Hidden];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Approved => "approved",
            Status::Hidden => "hidden",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        match s {
            "pending" => Some(Status::Pending),
            "approved" => Some(Status::Approved),
            "hidden" => Some(Status::Hidden),
            _ => None,
        }
    }

    pub fn label_th(self) -> &'static str {
        match self {
            Status::Pending => "รอตรวจสอบ",
            Status::Approved => "อนุมัติให้เผยแพร่",
            Status::Hidden => "ซ่อน (ไม่เผยแพร่)",
        }
    }
}

/// Why a comment looks like it contains personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Flag {
    Phone,
    IdNumber,
    Name,
    Email,
}

impl Flag {
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::Phone => "phone",
            Flag::IdNumber => "id_number",
            Flag::Name => "name",
            Flag::Email => "email",
        }
    }

    pub fn parse(s: &str) -> Option<Flag> {
        match s {
            "phone" => Some(Flag::Phone),
            "id_number" => Some(Flag::IdNumber),
            "name" => Some(Flag::Name),
            "email" => Some(Flag::Email),
            _ => None,
        }
    }

    pub fn label_th(self) -> &'static str {
        match self {
            Flag::Phone => "อาจมีหมายเลขโทรศัพท์",
            Flag::IdNumber => "อาจมีเลขประจำตัวประชาชน 13 หลัก",
            Flag::Name => "อาจมีชื่อบุคคล (นาย/นาง/นางสาว/น.ส./ด.ช./ด.ญ. …)",
            Flag::Email => "อาจมีที่อยู่อีเมล",
        }
    }
}

/// Flags as stored: `phone,name` (sorted, no spaces; empty when none).
pub fn flags_to_string(flags: &[Flag]) -> String {
    flags
        .iter()
        .map(|f| f.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

pub fn flags_from_string(s: &str) -> Vec<Flag> {
    s.split(',').filter_map(Flag::parse).collect()
}

/// The key of a comment: the first 32 hex digits of SHA-256 over the response id and the code.
pub fn comment_id(response_id: &str, code: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"prongsai-comment\n");
    h.update(response_id.as_bytes());
    h.update(b"\n");
    h.update(code.as_bytes());
    h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether `s` looks like a comment key.
pub fn is_comment_id(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The answer codes of the instrument's free-text questions.
pub fn text_codes(ins: &Instrument) -> Vec<String> {
    ins.items()
        .filter(|item| {
            ins.scale(&item.scale)
                .is_some_and(|s| s.kind == ScaleKind::Text)
        })
        .flat_map(|item| {
            ins.answer_codes(item)
                .into_iter()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The comments of one response: (code, text) for each non-empty free-text answer.
pub fn comments_in<'a>(codes: &'a [String], answers: &'a Answers) -> Vec<(&'a str, &'a str)> {
    codes
        .iter()
        .filter_map(|code| {
            let text = answers.get(code)?.as_str()?;
            (!text.trim().is_empty()).then_some((code.as_str(), text))
        })
        .collect()
}

/// The free-text answer `code` of stored answers (JSON text), if any.
pub fn text_of(answers_json: &str, code: &str) -> Option<String> {
    let answers: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(answers_json).ok()?;
    answers.get(code)?.as_str().map(str::to_string)
}

/// Everything in a comment that looks like personal data, sorted, each reason once.
pub fn detect(text: &str) -> Vec<Flag> {
    let mut flags = Vec::new();
    let normalized: Vec<char> = text.chars().map(ascii_digit).collect();
    flags.extend(digit_runs(&normalized).iter().filter_map(DigitRun::flag));
    if has_titled_name(&normalized) {
        flags.push(Flag::Name);
    }
    if has_email(&normalized) {
        flags.push(Flag::Email);
    }
    flags.sort();
    flags.dedup();
    flags
}

/// The phone and ID numbers of a comment as written in it (dashes, spaces, Thai digits kept),
/// each once, in order: what the moderation page offers to mask with one click.
pub fn numbers_in(text: &str) -> Vec<(Flag, String)> {
    let chars: Vec<char> = text.chars().collect();
    let normalized: Vec<char> = chars.iter().copied().map(ascii_digit).collect();
    let mut out: Vec<(Flag, String)> = Vec::new();
    for run in digit_runs(&normalized) {
        let Some(flag) = run.flag() else { continue };
        let start = if run.plus { run.start - 1 } else { run.start };
        let written: String = chars[start..run.end].iter().collect();
        if !out.iter().any(|(_, w)| *w == written) {
            out.push((flag, written));
        }
    }
    out
}

/// Thai digits ๐–๙ and full-width digits as ASCII digits; everything else unchanged.
fn ascii_digit(c: char) -> char {
    match c {
        '๐'..='๙' => char::from(b'0' + (c as u32 - '๐' as u32) as u8),
        '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
        c => c,
    }
}

struct DigitRun {
    digits: String,
    /// A `+` right before the first digit (international form).
    plus: bool,
    /// Where the run starts and ends (char indices, end exclusive).
    start: usize,
    end: usize,
}

impl DigitRun {
    /// A 13-digit ID number, or a Thai phone number (0 + 8–9 digits, or +66 / 66 then the
    /// number without its leading 0).
    fn flag(&self) -> Option<Flag> {
        let len = self.digits.len();
        let local = self.digits.starts_with('0') && (len == 9 || len == 10);
        let international = self.digits.starts_with("66")
            && ((self.plus && (10..=12).contains(&len)) || len == 11 || len == 12);
        if len == 13 {
            Some(Flag::IdNumber)
        } else if local || international {
            Some(Flag::Phone)
        } else {
            None
        }
    }
}

/// Runs of digits in which single separators (space, dash, dot, no-break space) may stand
/// between digits: `081-234-5678`, `0 2123 4567`, `1-2345-67890-12-3`.
fn digit_runs(chars: &[char]) -> Vec<DigitRun> {
    let is_sep = |c: char| matches!(c, ' ' | '-' | '.' | '\u{a0}' | '–');
    let mut runs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let plus = i > 0 && chars[i - 1] == '+';
        let mut digits = String::new();
        let mut j = i;
        loop {
            if j < chars.len() && chars[j].is_ascii_digit() {
                digits.push(chars[j]);
                j += 1;
            } else if j + 1 < chars.len() && is_sep(chars[j]) && chars[j + 1].is_ascii_digit() {
                j += 1;
            } else {
                break;
            }
        }
        // A run glued to letters (a code like "AB1234567890") is not a number on its own.
        let glued = j < chars.len() && chars[j].is_ascii_alphabetic();
        if !glued {
            runs.push(DigitRun {
                digits,
                plus,
                start: i,
                end: j,
            });
        }
        i = j.max(i + 1);
    }
    runs
}

/// Titles before a person's name. Longer ones first, so that นางสาว is not read as นาง + สาว….
const TITLES: [&str; 8] = [
    "นางสาว",
    "เด็กชาย",
    "เด็กหญิง",
    "น.ส.",
    "ด.ช.",
    "ด.ญ.",
    "นาย",
    "นาง",
];

/// Words that begin with a title but name a role, not a person ("นายก" = mayor).
const NOT_NAMES: [&str; 34] = [
    "นายก",
    "นายอำเภอ",
    "นายจ้าง",
    "นายทุน",
    "นายช่าง",
    "นายหน้า",
    "นายตรวจ",
    "นายสิบ",
    "นายร้อย",
    "นายพัน",
    "นายพล",
    "นายทหาร",
    "นายด่าน",
    "นายท่า",
    "นายประกัน",
    "นายงาน",
    "นายเวร",
    "นายแพทย์",
    "นายสัตวแพทย์",
    "นายตำรวจ",
    "นายประตู",
    "นายห้าง",
    "นายบ้าน",
    "นางพยาบาล",
    "นางงาม",
    "นางฟ้า",
    "นางแบบ",
    "นางเอก",
    "นางรำ",
    "นางกำนัล",
    "นางใน",
    "นางนวล",
    "นางสนม",
    "นางแมว",
];

fn is_thai_letter(c: char) -> bool {
    ('\u{0E01}'..='\u{0E2E}').contains(&c) || ('\u{0E30}'..='\u{0E4E}').contains(&c)
}

fn starts_with_at(chars: &[char], at: usize, word: &str) -> bool {
    (at..)
        .zip(word.chars())
        .all(|(k, w)| chars.get(k) == Some(&w))
}

/// A Thai title followed (after at most one space) by at least two letters of a name, or an
/// English title (Mr/Mrs/Ms/Miss) followed by a capitalised word.
fn has_titled_name(chars: &[char]) -> bool {
    for at in 0..chars.len() {
        for title in TITLES {
            if !starts_with_at(chars, at, title) {
                continue;
            }
            if NOT_NAMES.iter().any(|w| starts_with_at(chars, at, w)) {
                break;
            }
            let mut k = at + title.chars().count();
            if k < chars.len() && chars[k] == ' ' {
                k += 1;
            }
            let letters = chars[k.min(chars.len())..]
                .iter()
                .take_while(|c| is_thai_letter(**c) || c.is_alphabetic())
                .count();
            if letters >= 2 {
                return true;
            }
            break;
        }
        for title in ["Mr.", "Mrs.", "Ms.", "Miss", "Mr", "Mrs", "Ms"] {
            if !starts_with_at(chars, at, title) || (at > 0 && chars[at - 1].is_alphabetic()) {
                continue;
            }
            let mut k = at + title.chars().count();
            if k < chars.len() && chars[k] == ' ' {
                k += 1;
            } else {
                continue;
            }
            if k < chars.len()
                && chars[k].is_uppercase()
                && chars.get(k + 1).is_some_and(|c| c.is_alphabetic())
            {
                return true;
            }
        }
    }
    false
}

/// `name@host.tld`.
fn has_email(chars: &[char]) -> bool {
    let local = |c: char| c.is_ascii_alphanumeric() || "._%+-".contains(c);
    let host = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '.';
    for (at, c) in chars.iter().enumerate() {
        if *c != '@' || at == 0 || !local(chars[at - 1]) {
            continue;
        }
        let domain: String = chars[at + 1..].iter().take_while(|c| host(**c)).collect();
        let domain = domain.trim_end_matches('.');
        if let Some((name, tld)) = domain.rsplit_once('.') {
            if !name.is_empty() && tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()) {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(s: &str) -> Vec<Flag> {
        detect(s)
    }

    #[test]
    fn finds_thai_phone_numbers_in_every_usual_form() {
        for s in [
            "โทรมาที่ 081-234-5678 ได้เลย",
            "ติดต่อ 0812345678",
            "เบอร์ 02-123-4567 ค่ะ",
            "โทร 02 123 4567",
            "+66 81 234 5678",
            "+66812345678",
            "โทร ๐๘๑-๒๓๔-๕๖๗๘ ครับ",
            "เบอร์081.234.5678",
        ] {
            assert_eq!(f(s), vec![Flag::Phone], "{s}");
        }
    }

    #[test]
    fn finds_id_numbers_with_or_without_dashes_and_in_thai_digits() {
        for s in [
            "เลขบัตร 1234567890123",
            "1-2345-67890-12-3",
            "บัตร ๑-๒๓๔๕-๖๗๘๙๐-๑๒-๓ หาย",
            "1 2345 67890 12 3",
        ] {
            assert_eq!(f(s), vec![Flag::IdNumber], "{s}");
        }
    }

    #[test]
    fn finds_names_after_titles_but_not_roles() {
        for s in [
            "นายสมชาย ใจดี พูดจาไม่สุภาพ",
            "นาย สมชาย",
            "เจ้าหน้าที่ชื่อนางสมศรีบริการดีมาก",
            "ขอบคุณนางสาวมาลี",
            "น.ส.มาลี ช่วยเหลือดี",
            "ด.ช. ก้อง",
            "ด.ญ.ใบเตย",
            "thanks to Mr. Smith",
        ] {
            assert_eq!(f(s), vec![Flag::Name], "{s}");
        }
        for s in [
            "นายกเทศมนตรีควรลงพื้นที่บ่อยขึ้น",
            "ท่านนายอำเภอมาเยี่ยม",
            "นางพยาบาลใจดี",
            "บริการดีมาก รวดเร็ว",
            "ได้รับบริการ 3 ครั้ง ใช้เวลา 15 นาที",
            "ค่าธรรมเนียม 1,000,000 บาท วันที่ 21/11/2568",
            "รหัส AB1234567890123",
            "ปี 2568 ดีขึ้นกว่า 2567",
            "Mrs",
        ] {
            assert_eq!(f(s), Vec::<Flag>::new(), "{s}");
        }
    }

    #[test]
    fn finds_email_addresses_and_reports_each_reason_once() {
        assert_eq!(f("ส่งมาที่ somchai.j@example.co.th"), vec![Flag::Email]);
        assert_eq!(f("a@b"), Vec::<Flag>::new());
        assert_eq!(
            f("นายสมชาย โทร 0812345678 หรือ 0898765432 บัตร 1234567890123"),
            vec![Flag::Phone, Flag::IdNumber, Flag::Name]
        );
    }

    #[test]
    fn flags_round_trip_through_their_stored_form() {
        let all = vec![Flag::Phone, Flag::IdNumber, Flag::Name, Flag::Email];
        assert_eq!(flags_from_string(&flags_to_string(&all)), all);
        assert_eq!(flags_from_string(""), Vec::<Flag>::new());
    }

    #[test]
    fn comment_ids_are_stable_and_opaque() {
        let a = comment_id("0d9f6c1e-1111-4222-a333-444455556666", "comment");
        assert_eq!(
            a,
            comment_id("0d9f6c1e-1111-4222-a333-444455556666", "comment")
        );
        assert_ne!(
            a,
            comment_id("0d9f6c1e-1111-4222-a333-444455556666", "suggestion")
        );
        assert!(is_comment_id(&a));
        assert!(!a.contains("0d9f6c1e"));
        assert!(!is_comment_id("../etc/passwd"));
    }

    #[test]
    fn text_codes_of_the_builtins() {
        let eit = prongsai_core::builtin::load("ita-eit").unwrap();
        assert_eq!(text_codes(&eit), vec!["comment"]);
        let sat = prongsai_core::builtin::load("satisfaction").unwrap();
        assert!(text_codes(&sat).contains(&"suggestion".to_string()));
    }
}
