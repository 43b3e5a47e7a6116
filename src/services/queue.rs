//! The persistent submit queue: pure logic over a [`KeyValue`] store, so it can be tested with a
//! fake storage. Sending lives in `sender.rs`.
//!
//! One key per response (`prongsai:q:<id>`), so two tabs never overwrite each other's entries.
//! An entry is written BEFORE the first attempt and removed only when the endpoint answers 2xx.

use std::rc::Rc;

use serde_json::{Map, Value};

use super::json;

use super::storage::{KeyValue, MemoryStorage};

pub const PREFIX: &str = "prongsai:q:";

/// One queued response. (Stored as JSON written by hand rather than with serde derive: the
/// widget's wasm stays smaller.)
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Envelope id = idempotency key.
    pub id: String,
    pub endpoint: String,
    /// The envelope JSON, exactly as it will be POSTed.
    pub body: String,
    /// Order of queueing (milliseconds since the epoch; only used for ordering).
    pub queued: f64,
    pub attempts: u32,
    /// The endpoint rejected it (4xx other than 408/429): its message. Kept, not retried
    /// automatically.
    pub rejected: Option<String>,
    /// The endpoint's error code of the rejection (`code_used`, …), for the respondent's words.
    pub rejected_code: Option<String>,
    /// The one-time code of a code survey (`X-Prongsai-Code`): kept only as long as the queued
    /// response needs it, removed with the entry.
    pub code: Option<String>,
}

impl Entry {
    pub fn to_json(&self) -> String {
        let text = |s: &Option<String>| s.as_deref().map_or(Value::Null, Value::from);
        let mut m = Map::new();
        m.insert("id".into(), Value::from(self.id.as_str()));
        m.insert("endpoint".into(), Value::from(self.endpoint.as_str()));
        m.insert("body".into(), Value::from(self.body.as_str()));
        m.insert("queued".into(), Value::from(self.queued));
        m.insert("attempts".into(), Value::from(self.attempts));
        m.insert("rejected".into(), text(&self.rejected));
        m.insert("rejected_code".into(), text(&self.rejected_code));
        m.insert("code".into(), text(&self.code));
        json::stringify(&Value::Object(m))
    }

    /// `None` for anything that is not an entry written by [`Entry::to_json`].
    pub fn from_json(text: &str) -> Option<Entry> {
        let v = json::parse(text).ok()?;
        let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        Some(Entry {
            id: s("id")?,
            endpoint: s("endpoint")?,
            body: s("body")?,
            queued: v.get("queued").and_then(Value::as_f64).unwrap_or(0.0),
            attempts: v
                .get("attempts")
                .and_then(Value::as_u64)
                .map_or(0, |a| a.min(u64::from(u32::MAX)) as u32),
            rejected: s("rejected"),
            rejected_code: s("rejected_code"),
            code: s("code"),
        })
    }
}

/// What the endpoint's answer means for an entry.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// 2xx: 201 stored, 200 already stored. Remove from the queue.
    Delivered,
    /// Network failure, 408, 429, 5xx: try again later (`after_ms` from Retry-After).
    Retry { after_ms: Option<u32> },
    /// Any other status: keep, show the server's message, do not retry.
    Rejected(String),
}

/// Classifies an HTTP answer of the endpoint.
pub fn classify(status: u16, body: &str, retry_after: Option<&str>) -> Outcome {
    match status {
        200..=299 => Outcome::Delivered,
        408 | 429 | 500..=599 => Outcome::Retry {
            after_ms: retry_after
                .and_then(|s| s.trim().parse::<u32>().ok())
                .map(|s| s.saturating_mul(1000).min(MAX_BACKOFF_MS)),
        },
        // Every other answer is a refusal: kept in the queue with the server's reason and shown,
        // never resent by itself. This includes 409 `id_conflict` (another body was stored
        // under this id), which a retry could never fix.
        _ => Outcome::Rejected(server_message(status, body)),
    }
}

/// The human message in an endpoint's JSON error: `{"error": {"message", "problems"}}` (the
/// prongsai server), `{"error": "…"}`, `{"message": "…"}` or `{"problems": [{"path", "message"}]}`.
pub fn server_message(status: u16, body: &str) -> String {
    let fallback = format!("HTTP {status}");
    let Ok(v) = json::parse(body) else {
        let b = body.trim();
        return if b.is_empty() || b.len() > 300 || b.starts_with('<') {
            fallback
        } else {
            format!("{fallback}: {b}")
        };
    };
    let mut parts: Vec<String> = Vec::new();
    fn problems(ps: Option<&serde_json::Value>, parts: &mut Vec<String>) {
        for p in ps.and_then(|p| p.as_array()).into_iter().flatten().take(5) {
            let path = p.get("path").and_then(|x| x.as_str()).unwrap_or("");
            let msg = p.get("message").and_then(|x| x.as_str()).unwrap_or("");
            if !msg.is_empty() {
                let line = if path.is_empty() {
                    msg.to_string()
                } else {
                    format!("{path}: {msg}")
                };
                if !parts.iter().any(|q| q.contains(msg)) {
                    parts.push(line);
                }
            }
        }
    }
    for key in ["error", "message"] {
        match v.get(key) {
            Some(serde_json::Value::String(s)) => parts.push(s.clone()),
            Some(serde_json::Value::Object(o)) => {
                if let Some(serde_json::Value::String(s)) = o.get("message") {
                    parts.push(s.clone());
                }
                problems(o.get("problems"), &mut parts);
            }
            _ => {}
        }
    }
    problems(v.get("problems"), &mut parts);
    parts.dedup();
    if parts.is_empty() {
        fallback
    } else {
        format!("{fallback}: {}", parts.join("; "))
    }
}

pub const FIRST_BACKOFF_MS: u32 = 1_000;
pub const MAX_BACKOFF_MS: u32 = 60_000;

/// Delay before attempt `attempt + 1` (exponential from 1 s, capped at 60 s), before jitter.
pub fn backoff_ms(attempt: u32) -> u32 {
    FIRST_BACKOFF_MS
        .saturating_mul(1u32 << attempt.min(16))
        .min(MAX_BACKOFF_MS)
}

/// A snapshot of the queue for the status line.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QueueStatus {
    /// Entries waiting to be (re)sent.
    pub pending: usize,
    /// Ids of the entries waiting to be (re)sent.
    pub pending_ids: Vec<String>,
    /// Rejected entries: (id, the endpoint's error code, its message).
    pub rejections: Vec<(String, String, String)>,
    /// Ids of the responses delivered since the page loaded.
    pub delivered_ids: Vec<String>,
    /// Some entry (or the whole store) lives only in memory.
    pub memory_only: bool,
    /// A send is in flight.
    pub sending: bool,
    /// Responses delivered since the page loaded.
    pub delivered: u32,
    /// The browser reports a network connection.
    pub online: bool,
}

/// The queue over a primary store with an in-memory spill for failed writes.
pub struct Queue {
    primary: Rc<dyn KeyValue>,
    persistent: bool,
    spill: MemoryStorage,
}

/// Where an entry ended up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Persisted {
    Stored,
    MemoryOnly,
}

impl Queue {
    pub fn new(primary: Rc<dyn KeyValue>, persistent: bool) -> Self {
        Queue {
            primary,
            persistent,
            spill: MemoryStorage::default(),
        }
    }

    fn key(id: &str) -> String {
        format!("{PREFIX}{id}")
    }

    /// Writes (or rewrites) an entry. Never fails: a failed write keeps the entry in memory.
    pub fn put(&self, e: &Entry) -> Persisted {
        let json = e.to_json();
        let key = Self::key(&e.id);
        if self.primary.set(&key, &json).is_ok() {
            let _ = self.spill.remove(&key);
            if self.persistent {
                Persisted::Stored
            } else {
                Persisted::MemoryOnly
            }
        } else {
            let _ = self.spill.set(&key, &json);
            Persisted::MemoryOnly
        }
    }

    /// Removes an acknowledged entry from both stores.
    pub fn remove(&self, id: &str) {
        let key = Self::key(id);
        let _ = self.primary.remove(&key);
        let _ = self.spill.remove(&key);
    }

    /// All entries, oldest first. Unreadable entries are skipped (and left in place).
    pub fn entries(&self) -> Vec<Entry> {
        let mut out: Vec<Entry> = Vec::new();
        for store in [
            &*self.primary as &dyn KeyValue,
            &self.spill as &dyn KeyValue,
        ] {
            for k in store.keys(PREFIX).unwrap_or_default() {
                if let Ok(Some(v)) = store.get(&k) {
                    if let Some(e) = Entry::from_json(&v) {
                        if !out.iter().any(|o| o.id == e.id) {
                            out.push(e);
                        }
                    }
                }
            }
        }
        out.sort_unstable_by(|a, b| a.queued.total_cmp(&b.queued).then_with(|| a.id.cmp(&b.id)));
        out
    }

    /// Entries that should be sent now. Rejected entries are tried again only when
    /// `include_rejected` (once per page load: the endpoint may have been fixed meanwhile).
    pub fn sendable(&self, include_rejected: bool) -> Vec<Entry> {
        self.entries()
            .into_iter()
            .filter(|e| include_rejected || e.rejected.is_none())
            .collect()
    }

    /// Counts for the status line (sending/delivered/online are filled in by the sender).
    pub fn status(&self) -> QueueStatus {
        let entries = self.entries();
        let spilled = !self.spill.keys(PREFIX).unwrap_or_default().is_empty();
        QueueStatus {
            pending: entries.iter().filter(|e| e.rejected.is_none()).count(),
            pending_ids: entries
                .iter()
                .filter(|e| e.rejected.is_none())
                .map(|e| e.id.clone())
                .collect(),
            rejections: entries
                .iter()
                .filter_map(|e| {
                    let message = e.rejected.clone()?;
                    Some((
                        e.id.clone(),
                        e.rejected_code.clone().unwrap_or_default(),
                        message,
                    ))
                })
                .collect(),
            memory_only: !self.persistent || spilled,
            ..QueueStatus::default()
        }
    }
}
