//! Answers as the widget, the envelope and the CLI carry them, and their checks against an
//! instrument: which questions are shown, which answers are allowed, which are missing.
use std::collections::BTreeMap;

use serde_json::Value;

use crate::instrument::{
    Condition, Evidence, Instrument, Item, Kind, Scale, ScaleKind, EVIDENCE_NOTE, EVIDENCE_URL,
};
use crate::number::plain;
use crate::problem::Problem;

/// Answers keyed by answer code (`"e1.1"`, `"comment"`). Encoding: ordinal level as integer,
/// `"yes"`/`"no"`, option id, array of ids, string, number, or `"na"` for not applicable.
pub type Answers = BTreeMap<String, Value>;

/// The reserved answer for "not applicable".
pub const NOT_APPLICABLE: &str = "na";

/// Texts longer than this are refused when the scale sets no limit.
pub const DEFAULT_MAX_TEXT: u32 = 2000;

fn answered(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::String(s)) => !s.trim().is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(_) => true,
    }
}

impl Instrument {
    pub fn scale(&self, id: &str) -> Option<&Scale> {
        self.scales.iter().find(|s| s.id == id)
    }

    /// The codes under which an item's answers are kept: its sub-items', or its own.
    pub fn answer_codes<'a>(&self, item: &'a Item) -> Vec<&'a str> {
        if item.sub_items.is_empty() {
            vec![item.code.as_str()]
        } else {
            item.sub_items.iter().map(|s| s.code.as_str()).collect()
        }
    }

    /// Whether the item counts towards scores (it has an indicator or a dimension).
    pub fn is_scored(&self, item: &Item) -> bool {
        item.role.is_none() && (item.indicator.is_some() || item.dimension.is_some())
    }

    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.sections.iter().flat_map(|s| s.items.iter())
    }

    /// OIT: the item and the kind of evidence an answer code such as `o1.url` or `o1.note` holds.
    pub fn evidence_of(&self, code: &str) -> Option<(&Item, Evidence)> {
        if self.kind != Kind::Oit {
            return None;
        }
        let (base, suffix) = code.rsplit_once('.')?;
        let evidence = match suffix {
            EVIDENCE_URL => Evidence::Url,
            EVIDENCE_NOTE => Evidence::Note,
            _ => return None,
        };
        let item = self.items().find(|i| i.code == base)?;
        Some((item, evidence))
    }

    /// OIT: the evidence answer codes of an item (`o1.url`, `o1.note`); empty for other kinds.
    pub fn evidence_codes(&self, item: &Item) -> Vec<String> {
        if self.kind != Kind::Oit {
            return Vec::new();
        }
        vec![
            format!("{}.{EVIDENCE_URL}", item.code),
            format!("{}.{EVIDENCE_NOTE}", item.code),
        ]
    }

    pub fn find_item(&self, code: &str) -> Option<&Item> {
        self.items()
            .find(|i| i.code == code || i.sub_items.iter().any(|s| s.code == code))
    }

    fn holds(&self, cond: &Condition, answers: &Answers) -> bool {
        // A condition on a question that is itself hidden does not hold.
        if let Some(target) = self.find_item(&cond.item) {
            if !self.is_item_visible(target, answers) {
                return false;
            }
        }
        answers
            .get(&cond.item)
            .is_some_and(|a| cond.one_of.iter().any(|v| v == a))
    }

    pub fn is_section_visible(&self, index: usize, answers: &Answers) -> bool {
        match self.sections.get(index) {
            Some(s) => s.show_if.as_ref().is_none_or(|c| self.holds(c, answers)),
            None => false,
        }
    }

    pub fn is_item_visible(&self, item: &Item, answers: &Answers) -> bool {
        let Some(section) = self
            .sections
            .iter()
            .position(|s| s.items.iter().any(|i| i.code == item.code))
        else {
            return false;
        };
        self.is_section_visible(section, answers)
            && item.show_if.as_ref().is_none_or(|c| self.holds(c, answers))
    }

    /// Removes the answers of questions that the other answers hide (e.g. after an answer changed).
    pub fn prune_hidden(&self, answers: &mut Answers) {
        loop {
            let hidden: Vec<String> = answers
                .keys()
                .filter(|code| {
                    self.find_item(code)
                        .is_some_and(|item| !self.is_item_visible(item, answers))
                })
                .cloned()
                .collect();
            if hidden.is_empty() {
                break;
            }
            for code in hidden {
                answers.remove(&code);
            }
        }
    }

    /// Every problem with a complete response: unknown codes, wrong types, answers outside the
    /// scale, answers to hidden questions, required answers missing. Paths are `answers.<code>`.
    pub fn check_answers(&self, answers: &Answers) -> Vec<Problem> {
        let mut problems = self.check_values(answers);
        for index in 0..self.sections.len() {
            self.missing(index, answers, &mut problems);
        }
        problems
    }

    /// As [`Instrument::check_answers`] but without the required-answer check: for imported data
    /// (paper forms, other systems) where a blank is simply an unanswered question.
    pub fn check_values(&self, answers: &Answers) -> Vec<Problem> {
        let mut problems = Vec::new();
        for (code, value) in answers {
            if self.evidence_of(code).is_some() {
                continue; // checked with its item below
            }
            let Some(item) = self
                .find_item(code)
                .filter(|i| self.answer_codes(i).contains(&code.as_str()))
            else {
                problems.push(Problem::new(
                    format!("answers.{code}"),
                    format!("unknown item code \"{code}\""),
                ));
                continue;
            };
            if value.is_null() {
                continue;
            }
            if !self.is_item_visible(item, answers) {
                problems.push(Problem::new(
                    format!("answers.{code}"),
                    "answer given to a question that these answers do not show",
                ));
                continue;
            }
            if let Some(scale) = self.scale(&item.scale) {
                if let Err(msg) = check_value(scale, value) {
                    problems.push(Problem::new(format!("answers.{code}"), msg));
                }
            }
        }
        for item in self.items() {
            self.evidence_problems(item, answers, &mut problems);
        }
        problems
    }

    /// OIT: an evidence URL that is not http(s), a text too long, or a "yes" without the URL
    /// its criteria need. Messages in Thai and English, naming the item by its O-code.
    fn evidence_problems(&self, item: &Item, answers: &Answers, problems: &mut Vec<Problem>) {
        if self.kind != Kind::Oit {
            return;
        }
        let name = item.code.to_ascii_uppercase();
        let url_code = format!("{}.{EVIDENCE_URL}", item.code);
        let note_code = format!("{}.{EVIDENCE_NOTE}", item.code);
        for code in [&url_code, &note_code] {
            match answers.get(code.as_str()) {
                None | Some(Value::Null) => {}
                Some(Value::String(s)) => {
                    let len = s.chars().count();
                    if len > DEFAULT_MAX_TEXT as usize {
                        problems.push(Problem::new(
                            format!("answers.{code}"),
                            format!("ข้อ {name}: ข้อความยาว {len} ตัวอักษร รับได้ไม่เกิน {DEFAULT_MAX_TEXT} — {name}: the text is {len} characters long; at most {DEFAULT_MAX_TEXT} are accepted"),
                        ));
                    } else if code == &url_code && !s.trim().is_empty() && !is_web_url(s) {
                        problems.push(Problem::new(
                            format!("answers.{code}"),
                            format!("ข้อ {name}: URL ของหลักฐานต้องขึ้นต้นด้วย http:// หรือ https:// และมีชื่อเว็บไซต์ — {name}: the evidence URL must be an http:// or https:// address with a host, found {}", short(&Value::from(s.as_str()))),
                        ));
                    }
                }
                Some(other) => problems.push(Problem::new(
                    format!("answers.{code}"),
                    format!(
                        "ข้อ {name}: ต้องเป็นข้อความ — {name}: expected text, found {}",
                        short(other)
                    ),
                )),
            }
        }
        let says_yes = answers.get(&item.code).and_then(Value::as_str) == Some("yes");
        if item.needs_url && says_yes && !answered(answers.get(url_code.as_str())) {
            problems.push(Problem::new(
                format!("answers.{url_code}"),
                format!("ข้อ {name} ตอบ \"มี\" แต่ไม่ได้ระบุ URL ของหลักฐานบนเว็บไซต์หลักของหน่วยงาน ซึ่งเกณฑ์ของข้อนี้กำหนด — {name} is answered \"yes\" without the evidence URL its criteria need"),
            ));
        }
    }

    /// The problems of one screen (section): missing required answers and invalid values, in the
    /// order of the questions, so the first is the one to focus.
    pub fn check_section(&self, index: usize, answers: &Answers) -> Vec<Problem> {
        let mut problems = Vec::new();
        let Some(section) = self.sections.get(index) else {
            return problems;
        };
        if !self.is_section_visible(index, answers) {
            return problems;
        }
        for item in &section.items {
            if !self.is_item_visible(item, answers) {
                continue;
            }
            for code in self.answer_codes(item) {
                let value = answers.get(code);
                if !answered(value) {
                    if item.required {
                        problems.push(Problem::new(
                            format!("answers.{code}"),
                            "an answer is required",
                        ));
                    }
                } else if let (Some(scale), Some(value)) = (self.scale(&item.scale), value) {
                    if let Err(msg) = check_value(scale, value) {
                        problems.push(Problem::new(format!("answers.{code}"), msg));
                    }
                }
            }
            self.evidence_problems(item, answers, &mut problems);
        }
        problems
    }

    fn missing(&self, index: usize, answers: &Answers, problems: &mut Vec<Problem>) {
        if !self.is_section_visible(index, answers) {
            return;
        }
        for item in &self.sections[index].items {
            if item.required && self.is_item_visible(item, answers) {
                for code in self.answer_codes(item) {
                    if !answered(answers.get(code)) {
                        problems.push(Problem::new(
                            format!("answers.{code}"),
                            "an answer is required",
                        ));
                    }
                }
            }
        }
    }
}

/// Whether `value` is an allowed answer on `scale`; the error says why not.
pub fn check_value(scale: &Scale, value: &Value) -> Result<(), String> {
    let na_allowed = scale.not_applicable.is_some();
    if value.as_str() == Some(NOT_APPLICABLE) {
        return if na_allowed || matches!(scale.kind, ScaleKind::Text) {
            Ok(())
        } else {
            Err("\"na\" (not applicable) is not offered for this question".into())
        };
    }
    let listed = || {
        scale
            .options
            .iter()
            .map(|o| shown(&o.value.to_json(), 40))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match scale.kind {
        ScaleKind::Ordinal | ScaleKind::YesNo | ScaleKind::Single => {
            if scale.options.iter().any(|o| o.value.matches(value)) {
                Ok(())
            } else {
                Err(format!(
                    "{} is not an answer of this scale (expected one of {})",
                    short(value),
                    listed()
                ))
            }
        }
        ScaleKind::Multiple => {
            let Some(list) = value.as_array() else {
                return Err(format!(
                    "expected an array of option ids, found {}",
                    short(value)
                ));
            };
            for (i, v) in list.iter().enumerate() {
                if !scale.options.iter().any(|o| o.value.matches(v)) {
                    return Err(format!(
                        "item [{i}] {} is not an option (expected one of {})",
                        short(v),
                        listed()
                    ));
                }
                if list[..i].contains(v) {
                    return Err(format!("option {} is chosen twice", short(v)));
                }
            }
            Ok(())
        }
        ScaleKind::Text => {
            let Some(s) = value.as_str() else {
                return Err(format!("expected text, found {}", short(value)));
            };
            let max = scale.max_length.unwrap_or(DEFAULT_MAX_TEXT);
            let len = s.chars().count();
            if len > max as usize {
                Err(format!(
                    "text is {len} characters long; at most {max} are accepted"
                ))
            } else {
                Ok(())
            }
        }
        ScaleKind::Number => {
            let Some(n) = value.as_f64() else {
                return Err(format!("expected a number, found {}", short(value)));
            };
            if scale.min.is_some_and(|m| n < m) || scale.max.is_some_and(|m| n > m) {
                Err(format!(
                    "{} is outside the accepted range {}–{}",
                    plain(n),
                    scale.min.map(plain).unwrap_or_default(),
                    scale.max.map(plain).unwrap_or_default()
                ))
            } else {
                Ok(())
            }
        }
    }
}

/// Whether `s` is an absolute http(s) address with a host: the only evidence an assessor can
/// open. A scheme check, not a full parse: the link check fetches the address anyway.
pub fn is_web_url(s: &str) -> bool {
    let s = s.trim();
    let lower = s.to_ascii_lowercase();
    let rest = match (
        lower.strip_prefix("https://"),
        lower.strip_prefix("http://"),
    ) {
        (Some(r), _) | (None, Some(r)) => r,
        _ => return false,
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    !host.is_empty() && !host.starts_with(':') && !s.chars().any(char::is_whitespace)
}

/// A value shown in a message, shortened so a hostile answer cannot flood it.
fn short(v: &Value) -> String {
    shown(v, 40)
}

/// `v` as a person reads it in a message — `4`, `2.5`, `"text"`, `[1, 2]`, `{"a": 1}` — cut at
/// `max` characters with `…`. Written out here rather than with serde_json's serializer, which
/// (with its float formatter) the widget would otherwise carry only for these messages.
pub fn shown(v: &Value, max: usize) -> String {
    let mut out = String::new();
    write_shown(v, &mut out, max);
    if out.chars().count() > max {
        let mut cut: String = out.chars().take(max).collect();
        cut.push('…');
        cut
    } else {
        out
    }
}

fn write_shown(v: &Value, out: &mut String, max: usize) {
    // Enough is written once `max` characters certainly are (a char is at most 4 bytes).
    if out.len() > 4 * max {
        return;
    }
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => match n.as_i64() {
            Some(i) => out.push_str(&i.to_string()),
            None => out.push_str(&plain(n.as_f64().unwrap_or(0.0))),
        },
        Value::String(s) => {
            out.push('"');
            out.extend(s.chars().take(max + 1));
            out.push('"');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if out.len() > 4 * max {
                    break;
                }
                if i > 0 {
                    out.push_str(", ");
                }
                write_shown(item, out, max);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, item)) in map.iter().enumerate() {
                if out.len() > 4 * max {
                    break;
                }
                if i > 0 {
                    out.push_str(", ");
                }
                out.push('"');
                out.extend(k.chars().take(max + 1));
                out.push_str("\": ");
                write_shown(item, out, max);
            }
            out.push('}');
        }
    }
}

#[cfg(test)]
mod shown_tests {
    use super::shown;
    use serde_json::json;

    #[test]
    fn values_read_as_written() {
        assert_eq!(shown(&json!(4), 40), "4");
        assert_eq!(shown(&json!(2.5), 40), "2.5");
        assert_eq!(shown(&json!(-0.125), 40), "-0.125");
        assert_eq!(shown(&json!("ดี"), 40), "\"ดี\"");
        assert_eq!(shown(&json!(null), 40), "null");
        assert_eq!(shown(&json!(true), 40), "true");
        assert_eq!(shown(&json!([1, "a"]), 40), "[1, \"a\"]");
        assert_eq!(shown(&json!({"a": [2]}), 40), "{\"a\": [2]}");
    }

    #[test]
    fn a_flood_is_cut() {
        let long = "ก".repeat(10_000);
        let s = shown(&json!(long), 40);
        assert_eq!(s.chars().count(), 41);
        assert!(s.ends_with('…'));
        let many: Vec<u32> = (0..100_000).collect();
        let s = shown(&json!(many), 40);
        assert_eq!(
            s,
            format!(
                "{}…",
                &"[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14"[..40]
            )
        );
    }
}
