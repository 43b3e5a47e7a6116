//! Unfinished surveys survive a reload: the answers and the current part are kept under one key
//! per instrument, edition and unit, offered for resuming, and cleared after submitting.

use prongsai_core::{object, Answers, Instrument};
use serde_json::{Map, Value};

use super::json;

use super::storage::KeyValue;

const PREFIX: &str = "prongsai:draft:";

/// Drafts older than this many days are not offered.
const MAX_AGE_DAYS: f64 = 30.0;
const DAY_MS: f64 = 86_400_000.0;

#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub answers: Answers,
    /// Index of the section that was on screen.
    pub section: usize,
    /// Milliseconds since the epoch of the last change.
    pub saved: f64,
}

impl Draft {
    pub fn to_json(&self) -> String {
        let mut m = Map::new();
        m.insert("answers".into(), object::answers_object(&self.answers));
        m.insert("section".into(), Value::from(self.section));
        m.insert("saved".into(), Value::from(self.saved));
        json::stringify(&Value::Object(m))
    }

    pub fn from_json(text: &str) -> Option<Draft> {
        let v = json::parse(text).ok()?;
        let answers: Answers = match v.get("answers")? {
            Value::Object(m) => object::answers_of(m),
            _ => return None,
        };
        Some(Draft {
            answers,
            section: v
                .get("section")
                .and_then(Value::as_u64)
                .map_or(0, |s| s as usize),
            saved: v.get("saved").and_then(Value::as_f64).unwrap_or(0.0),
        })
    }
}

/// The storage key for an instrument (edition included: a new edition's items differ).
pub fn key(instrument: &Instrument, unit: Option<&str>) -> String {
    format!(
        "{PREFIX}{}:{}:{}",
        instrument.id,
        instrument.edition,
        unit.unwrap_or("")
    )
}

/// A stored draft with at least one answer, not older than 30 days at `now_ms`.
pub fn load(kv: &dyn KeyValue, key: &str, now_ms: f64) -> Option<Draft> {
    let text = kv.get(key).ok()??;
    let d = Draft::from_json(&text)?;
    if d.answers.is_empty() || now_ms - d.saved > MAX_AGE_DAYS * DAY_MS {
        return None;
    }
    Some(d)
}

/// Best effort: a draft that cannot be saved is only a lost convenience.
pub fn save(kv: &dyn KeyValue, key: &str, draft: &Draft) {
    let _ = kv.set(key, &draft.to_json());
}

pub fn clear(kv: &dyn KeyValue, key: &str) {
    let _ = kv.remove(key);
}
