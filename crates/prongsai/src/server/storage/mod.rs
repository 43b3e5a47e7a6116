//! Where responses live: one trait, one algorithm (`store.rs`), two back-ends that run its SQL
//! (`sql.rs` says what a back-end provides; `schema.rs` holds the tables of both).
//!
//! * SQLite (default): one file `<data_dir>/prongsai.sqlite`, WAL, `synchronous=FULL`, one writer
//!   connection on its own thread fed in batches (group commit: one fsync per batch, so ingest
//!   scales with load instead of with the disk's fsync rate).
//! * PostgreSQL (`--database postgres://…`): several `serve` processes may share one database;
//!   bucket rows are locked in a fixed order so concurrent batches cannot deadlock, and a batch
//!   that still meets a deadlock or serialisation failure is retried.
//!
//! Why rusqlite + tokio-postgres and not sqlx: the SQLite side wants a dedicated writer thread
//! with explicit `BEGIN IMMEDIATE` transactions and PRAGMAs, which is direct with rusqlite; the two
//! back-ends share no SQL that sqlx's `Any` driver would let us write once (upserts, locking and
//! placeholders differ), and neither needs compile-time checked queries against a live database.
//!
//! Tables (same in both):
//! * `responses` — one row per envelope id: instrument, edition, unit, point, `day` (the envelope's
//!   `submitted` date; no time of day is ever stored), locale, answers and the server's own scores.
//!   SQLite keeps it `WITHOUT ROWID`, keyed by the random envelope id, so not even the arrival
//!   order is recorded.
//! * `tallies` and `tallies_month` — pre-aggregated `Tally` per (instrument, edition, unit, point)
//!   and per day, respectively per month, updated in the same transaction as the insert. Results
//!   merge the month buckets of the whole months in the range and the day buckets of the partial
//!   months at its ends, and never read responses.
//! * `codes` — one-time codes for staff surveys: a hash of the code, the day it was made and the
//!   day it was used. Nothing links a code to the response it allowed.
//! * `comments` (schema 2) — one row per non-empty free-text answer: its key (a hash of response
//!   id and answer code, see `moderation`), the response id and code (the text itself stays in
//!   the response's answers and is never copied), instrument, edition, unit, point, day, the
//!   moderation status (`pending`, `approved`, `hidden`), the personal-data flags and the day of
//!   the last decision. Written in the transaction that stores the response.
//! * `meta` (schema 2) — `comments_indexed = 0` while responses stored before schema 2 still need
//!   their comments indexed (done once at start-up, see [`Storage::index_comments`]).
//! * `responses.body_hash` (schema 3) — see [`NewResponse::body_hash`].
//! * `sessions` (schema 3) — admin sessions of the results pages, shared by every `serve`
//!   process of the database: a hash of the session token and two expiry times, nothing else.
//! * `documents` (schema 4) — what the officer writes (official results, O42/O43, OIT), every
//!   save a new version; see `documents.rs`.
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use async_trait::async_trait;
use prongsai_core::period::days_in_month;
use prongsai_core::{Answers, Context, Date, Instrument, Tally};
use tokio::sync::mpsc;

use super::config::{redact_url, StorageTarget};
use super::moderation::{self, Status};

pub mod documents;
mod insert;
pub mod postgres;
pub mod schema;
pub mod sql;
pub mod sqlite;
pub mod store;

pub use documents::{Kind as DocKind, Version as DocVersion};
pub use store::Store;

/// How a response to a survey with one-time codes is allowed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeCheck {
    /// The survey needs no code.
    NotNeeded,
    /// The survey needs a code and none was sent.
    Missing,
    /// The hash of the code that was sent (see `codes::hash`).
    Given(String),
}

/// What the database knows of a one-time code (a read-only look-up; nothing is used up).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeState {
    Unknown,
    Unused,
    Used,
}

/// A checked, scored response ready to store.
#[derive(Debug, Clone)]
pub struct NewResponse {
    pub id: String,
    pub instrument: Arc<Instrument>,
    pub unit: String,
    /// "" when the response names no service point.
    pub point: String,
    pub day: Date,
    pub locale: String,
    pub answers: Answers,
    pub answers_json: String,
    pub scores_json: String,
    pub code: CodeCheck,
}

impl NewResponse {
    pub fn bucket(&self, span: Span) -> BucketKey {
        BucketKey {
            instrument: self.instrument.id.clone(),
            edition: self.instrument.edition.clone(),
            unit: self.unit.clone(),
            point: self.point.clone(),
            period: span.period(self.day),
        }
    }

    /// A hash of the response's canonical body: what is stored of it (instrument, edition,
    /// unit, point, day, locale and the answers, serialised with their keys in order) — not the
    /// server's scores, which it recomputes, nor a one-time code. An id sent again with the
    /// same body is a [`InsertOutcome::Duplicate`], with another body a
    /// [`InsertOutcome::Conflict`].
    pub fn body_hash(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(b"prongsai.body/1");
        for part in [
            &self.instrument.id,
            &self.instrument.edition,
            &self.unit,
            &self.point,
            &self.day.to_string(),
            &self.locale,
            &self.answers_json,
        ] {
            // Length-prefixed, so that no two different bodies run together into one text.
            h.update((part.len() as u64).to_be_bytes());
            h.update(part.as_bytes());
        }
        format!("{:x}", h.finalize())
    }

    pub fn context(&self) -> Context {
        Context {
            point: (!self.point.is_empty()).then(|| self.point.clone()),
            date: Some(self.day),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InsertOutcome {
    Created,
    /// The id was stored before with the same body (see [`NewResponse::body_hash`]), or before
    /// bodies were hashed: nothing new is stored.
    Duplicate,
    /// The id was stored before with a different body: nothing new is stored (the first body
    /// stays).
    Conflict,
    CodeMissing,
    CodeUnknown,
    CodeUsed,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BucketKey {
    pub instrument: String,
    pub edition: String,
    pub unit: String,
    pub point: String,
    /// `YYYY-MM-DD` for a day bucket, `YYYY-MM` for a month bucket.
    pub period: String,
}

/// Bucket tallies are kept per day (any date range can be answered) and per month (long ranges
/// read a few month buckets instead of hundreds of day buckets); both are updated in the
/// transaction that stores the response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Day,
    Month,
}

impl Span {
    pub const ALL: [Span; 2] = [Span::Day, Span::Month];

    pub fn table(self) -> &'static str {
        match self {
            Span::Day => "tallies",
            Span::Month => "tallies_month",
        }
    }

    pub fn period(self, day: Date) -> String {
        match self {
            Span::Day => day.to_string(),
            Span::Month => format!("{:04}-{:02}", day.year, day.month),
        }
    }

    /// The inclusive range of response days a bucket period covers.
    pub fn days(self, period: &str) -> (String, String) {
        match self {
            Span::Day => (period.to_string(), period.to_string()),
            Span::Month => (format!("{period}-01"), format!("{period}-31")),
        }
    }
}

/// Which buckets answer a date range: whole months from the month table, the partial months at
/// either end from the day table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Inclusive `YYYY-MM` bounds (`None` = open) of the month buckets to read, if any.
    pub months: Option<(Option<String>, Option<String>)>,
    /// Inclusive `YYYY-MM-DD` ranges of day buckets to read.
    pub days: Vec<(String, String)>,
}

pub fn plan(from: Option<Date>, to: Option<Date>) -> Plan {
    let ym = |d: Date| (d.year, d.month);
    let month_str = |(y, m): (i32, u32)| format!("{y:04}-{m:02}");
    let last_day = |(y, m): (i32, u32)| Date {
        year: y,
        month: m,
        day: days_in_month(y, m),
    };
    let first_day = |(y, m): (i32, u32)| Date {
        year: y,
        month: m,
        day: 1,
    };
    let next = |(y, m): (i32, u32)| if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    let prev = |(y, m): (i32, u32)| if m == 1 { (y - 1, 12) } else { (y, m - 1) };
    let is_last = |d: Date| d.day == days_in_month(d.year, d.month);

    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            return Plan {
                months: None,
                days: Vec::new(),
            };
        }
        if ym(f) == ym(t) {
            return if f.day == 1 && is_last(t) {
                Plan {
                    months: Some((Some(month_str(ym(f))), Some(month_str(ym(f))))),
                    days: Vec::new(),
                }
            } else {
                Plan {
                    months: None,
                    days: vec![(f.to_string(), t.to_string())],
                }
            };
        }
    }
    let mut days = Vec::new();
    let lo = match from {
        None => None,
        Some(f) if f.day == 1 => Some(ym(f)),
        Some(f) => {
            days.push((f.to_string(), last_day(ym(f)).to_string()));
            Some(next(ym(f)))
        }
    };
    let hi = match to {
        None => None,
        Some(t) if is_last(t) => Some(ym(t)),
        Some(t) => {
            days.push((first_day(ym(t)).to_string(), t.to_string()));
            Some(prev(ym(t)))
        }
    };
    let months = match (lo, hi) {
        (Some(l), Some(h)) if l > h => None,
        (l, h) => Some((l.map(month_str), h.map(month_str))),
    };
    Plan { months, days }
}

/// Which responses a results query or an export covers.
#[derive(Debug, Clone)]
pub struct Filter {
    pub instrument: Arc<Instrument>,
    pub unit: Option<String>,
    pub point: Option<String>,
    /// Inclusive ISO dates.
    pub from: Option<String>,
    pub to: Option<String>,
}

/// One stored response as the CSV export needs it.
#[derive(Debug, Clone)]
pub struct ExportRow {
    pub day: String,
    pub unit: String,
    pub point: String,
    pub answers: String,
    pub locale: String,
}

/// A comment to index: everything but its text, which stays in the response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewComment {
    pub id: String,
    pub response_id: String,
    pub code: String,
    pub instrument: String,
    pub edition: String,
    pub unit: String,
    pub point: String,
    pub day: String,
    pub flags: String,
}

impl NewResponse {
    /// The comments of this response (its non-empty free-text answers).
    pub fn comments(&self) -> Vec<NewComment> {
        let codes = moderation::text_codes(&self.instrument);
        moderation::comments_in(&codes, &self.answers)
            .into_iter()
            .map(|(code, text)| NewComment {
                id: moderation::comment_id(&self.id, code),
                response_id: self.id.clone(),
                code: code.to_string(),
                instrument: self.instrument.id.clone(),
                edition: self.instrument.edition.clone(),
                unit: self.unit.clone(),
                point: self.point.clone(),
                day: self.day.to_string(),
                flags: moderation::flags_to_string(&moderation::detect(text)),
            })
            .collect()
    }
}

/// The comments of a stored response (for indexing databases from before schema 2).
#[allow(clippy::too_many_arguments)]
pub(crate) fn comments_of_row(
    text_codes: &TextCodes,
    response_id: &str,
    instrument: &str,
    edition: &str,
    unit: &str,
    point: &str,
    day: &str,
    answers_json: &str,
) -> Vec<NewComment> {
    let Some(codes) = text_codes.get(&(instrument.to_string(), edition.to_string())) else {
        return Vec::new();
    };
    let Ok(answers) = serde_json::from_str::<Answers>(answers_json) else {
        return Vec::new();
    };
    moderation::comments_in(codes, &answers)
        .into_iter()
        .map(|(code, text)| NewComment {
            id: moderation::comment_id(response_id, code),
            response_id: response_id.to_string(),
            code: code.to_string(),
            instrument: instrument.to_string(),
            edition: edition.to_string(),
            unit: unit.to_string(),
            point: point.to_string(),
            day: day.to_string(),
            flags: moderation::flags_to_string(&moderation::detect(text)),
        })
        .collect()
}

/// Free-text answer codes per (instrument, edition).
pub type TextCodes = HashMap<(String, String), Vec<String>>;

/// Which comments to list.
#[derive(Debug, Clone, Default)]
pub struct CommentQuery {
    pub instrument: Option<String>,
    pub edition: Option<String>,
    pub unit: Option<String>,
    pub point: Option<String>,
    /// Inclusive ISO dates.
    pub from: Option<String>,
    pub to: Option<String>,
    pub status: Option<Status>,
    /// `Some(true)`: only flagged ones; `Some(false)`: only unflagged ones.
    pub flagged: Option<bool>,
    pub limit: u32,
    pub offset: u64,
}

impl CommentQuery {
    /// The approved comments of a results filter (what may be published), newest first.
    pub fn approved(filter: &Filter, limit: u32) -> CommentQuery {
        CommentQuery {
            instrument: Some(filter.instrument.id.clone()),
            edition: Some(filter.instrument.edition.clone()),
            unit: filter.unit.clone(),
            point: filter.point.clone(),
            from: filter.from.clone(),
            to: filter.to.clone(),
            status: Some(Status::Approved),
            flagged: None,
            limit,
            offset: 0,
        }
    }

    /// `WHERE` conditions over the `comments` table aliased `c`; `ph(k)` writes the k-th
    /// placeholder (1-based).
    pub(crate) fn conditions(&self, ph: impl Fn(usize) -> String) -> (String, Vec<String>) {
        let mut sql = String::from("1 = 1");
        let mut args: Vec<String> = Vec::new();
        let status = self.status.map(|s| s.as_str().to_string());
        let eq = [
            ("c.instrument =", &self.instrument),
            ("c.edition =", &self.edition),
            ("c.unit =", &self.unit),
            ("c.point =", &self.point),
            ("c.day >=", &self.from),
            ("c.day <=", &self.to),
            ("c.status =", &status),
        ];
        for (cond, value) in eq {
            if let Some(v) = value {
                args.push(v.clone());
                sql.push_str(&format!(" AND {cond} {}", ph(args.len())));
            }
        }
        match self.flagged {
            Some(true) => sql.push_str(" AND c.flags <> ''"),
            Some(false) => sql.push_str(" AND c.flags = ''"),
            None => {}
        }
        (sql, args)
    }
}

/// A comment with its text, for the moderation page and for publishing approved ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentRow {
    pub id: String,
    pub instrument: String,
    pub edition: String,
    pub unit: String,
    pub point: String,
    pub day: String,
    pub code: String,
    pub status: Status,
    pub flags: Vec<moderation::Flag>,
    pub decided_day: Option<String>,
    /// The answer's text, read from the response (empty if it cannot be read).
    pub text: String,
}

/// The columns `comment_row` reads, in order, from `comments c JOIN responses r`.
pub(crate) const COMMENT_COLUMNS: &str =
    "c.id, c.instrument, c.edition, c.unit, c.point, c.day, c.code, c.status, c.flags, c.decided_day, r.answers";

#[allow(clippy::too_many_arguments)]
pub(crate) fn comment_row(
    id: String,
    instrument: String,
    edition: String,
    unit: String,
    point: String,
    day: String,
    code: String,
    status: String,
    flags: String,
    decided_day: Option<String>,
    answers: String,
) -> CommentRow {
    let text = moderation::text_of(&answers, &code).unwrap_or_default();
    CommentRow {
        id,
        instrument,
        edition,
        unit,
        point,
        day,
        code,
        status: Status::parse(&status).unwrap_or(Status::Pending),
        flags: moderation::flags_from_string(&flags),
        decided_day,
        text,
    }
}

/// Number of comments per (instrument, edition, status).
pub type CommentCounts = BTreeMap<(String, String), BTreeMap<&'static str, u64>>;

/// The times of an admin session, in Unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionTimes {
    pub now: i64,
    /// The end of the session's lifetime (login + its maximum length); unused by a touch.
    pub ends: i64,
    /// The end of its idle time (now + the idle limit).
    pub idle_until: i64,
}

/// Rows travel in chunks (up to `EXPORT_CHUNK`), so streaming costs little per row.
pub type ExportSender = mpsc::Sender<anyhow::Result<Vec<ExportRow>>>;
pub const EXPORT_CHUNK: usize = 256;

#[async_trait]
pub trait Storage: Send + Sync + 'static {
    /// "sqlite" or "postgres", for the start-up log.
    fn describe(&self) -> String;

    /// Stores a batch in one transaction: each response exactly once (by id), one-time codes
    /// marked used, bucket tallies updated. Returns one outcome per response, in order. An error
    /// means nothing of the batch was stored.
    async fn insert_batch(
        &self,
        batch: Arc<Vec<NewResponse>>,
    ) -> anyhow::Result<Vec<InsertOutcome>>;

    /// The merge of the matching bucket tallies.
    async fn tally(&self, filter: &Filter) -> anyhow::Result<Tally>;

    /// Sends the matching responses, ordered by day and id (never by arrival), until done or until
    /// the receiver is dropped.
    async fn export(&self, filter: Filter, tx: ExportSender) -> anyhow::Result<()>;

    /// Stores new one-time codes (hashes); returns how many were new (a hash already present is
    /// skipped so the caller can make another).
    async fn add_codes(
        &self,
        survey: &str,
        hashes: Vec<String>,
        day: Date,
    ) -> anyhow::Result<usize>;

    /// Whether a code (its hash) of a survey exists and is still unused; changes nothing.
    async fn code_state(&self, survey: &str, hash: &str) -> anyhow::Result<CodeState>;

    /// Number of stored responses (all instruments); for the start-up log and tests.
    async fn count(&self) -> anyhow::Result<u64>;

    /// Number of stored responses per (instrument, edition), from the bucket tallies.
    async fn counts(&self) -> anyhow::Result<BTreeMap<(String, String), u64>>;

    /// Comments matching the query, newest day first (then by key, never by arrival), with their
    /// text; and how many match in all.
    async fn comments(&self, query: &CommentQuery) -> anyhow::Result<(u64, Vec<CommentRow>)>;

    /// One comment by its key.
    async fn comment(&self, id: &str) -> anyhow::Result<Option<CommentRow>>;

    /// Sets a comment's moderation status; false when there is no such comment.
    async fn set_comment_status(&self, id: &str, status: Status, day: Date)
        -> anyhow::Result<bool>;

    /// Comments per (instrument, edition) and status.
    async fn comment_counts(&self) -> anyhow::Result<CommentCounts>;

    /// Indexes the comments of responses stored before the `comments` table existed (schema 2),
    /// once; returns how many comments were indexed (0 when there was nothing to do).
    async fn index_comments(&self, text_codes: TextCodes) -> anyhow::Result<u64>;

    /// Starts an admin session known by the hash of its token; deletes the expired ones and,
    /// beyond `keep`, those that end first.
    async fn start_session(
        &self,
        token_hash: &str,
        times: SessionTimes,
        keep: u64,
    ) -> anyhow::Result<()>;

    /// Whether the session is live at `times.now`; a live one stays live until
    /// `times.idle_until` (and at most until its end).
    async fn touch_session(&self, token_hash: &str, times: SessionTimes) -> anyhow::Result<bool>;

    /// Ends a session (logout).
    async fn end_session(&self, token_hash: &str) -> anyhow::Result<()>;

    /// Saves `body` as the next version of a document (see `documents.rs`); returns its number.
    async fn save_document(
        &self,
        kind: DocKind,
        unit: &str,
        fiscal_year: i32,
        day: Date,
        body: &serde_json::Value,
    ) -> anyhow::Result<i32>;

    /// The current (highest) version of a document, if any.
    async fn latest_document(
        &self,
        kind: DocKind,
        unit: &str,
        fiscal_year: i32,
    ) -> anyhow::Result<Option<DocVersion>>;

    /// Every version of a document, newest first.
    async fn document_history(
        &self,
        kind: DocKind,
        unit: &str,
        fiscal_year: i32,
    ) -> anyhow::Result<Vec<DocVersion>>;

    /// Flushes and closes (SQLite: stops the checkpointer and truncates the WAL).
    async fn close(&self) -> anyhow::Result<()>;
}

/// Opens the configured back-end and brings its schema up to date.
pub async fn open(target: &StorageTarget) -> anyhow::Result<Arc<dyn Storage>> {
    match target {
        StorageTarget::Sqlite { data_dir } => {
            Ok(Arc::new(sqlite::SqliteStorage::open(data_dir).await?))
        }
        StorageTarget::Postgres { url } => {
            Ok(Arc::new(postgres::PgStorage::open(url).await.map_err(
                |e| anyhow::anyhow!("PostgreSQL at {}: {e:#}", redact_url(url)),
            )?))
        }
    }
}

/// Groups the indices of the created responses of a batch by bucket, in key order (the lock
/// order for PostgreSQL).
pub(crate) fn group_by_bucket(
    batch: &[NewResponse],
    created: &[usize],
    span: Span,
) -> BTreeMap<BucketKey, Vec<usize>> {
    let mut groups: BTreeMap<BucketKey, Vec<usize>> = BTreeMap::new();
    for &i in created {
        groups.entry(batch[i].bucket(span)).or_default().push(i);
    }
    groups
}

/// Adds responses to a bucket's stored tally. `None` when the stored tally cannot be read (e.g.
/// written by an incompatible version): the caller then rebuilds the bucket from its rows.
pub(crate) fn add_to_tally(
    instrument: &Instrument,
    stored: Option<&str>,
    batch: &[NewResponse],
    indices: &[usize],
) -> Option<Tally> {
    let mut tally = match stored {
        None => Tally::new(instrument),
        Some(text) => {
            let value: serde_json::Value = serde_json::from_str(text).ok()?;
            match Tally::from_json(instrument, &value) {
                Ok(t) => t,
                Err(problem) => {
                    tracing::warn!(
                        "stored tally of {} {} cannot be read ({problem}); rebuilding it from the responses",
                        instrument.id,
                        instrument.edition
                    );
                    return None;
                }
            }
        }
    };
    for &i in indices {
        tally.add(&batch[i].answers, &batch[i].context());
    }
    Some(tally)
}

/// Rebuilds one bucket's tally from the stored answers of its responses.
pub(crate) fn rebuild_tally<'a>(
    instrument: &Instrument,
    point: &str,
    rows: impl Iterator<Item = (String, String)> + 'a,
) -> Tally {
    let mut tally = Tally::new(instrument);
    for (day, answers) in rows {
        let Ok(answers) = serde_json::from_str::<Answers>(&answers) else {
            continue;
        };
        let ctx = Context {
            point: (!point.is_empty()).then(|| point.to_string()),
            date: Date::parse(&day),
        };
        tally.add(&answers, &ctx);
    }
    tally
}

/// Parses and merges one stored bucket tally into `into`.
pub(crate) fn merge_stored(
    into: &mut Tally,
    instrument: &Instrument,
    text: &str,
) -> anyhow::Result<()> {
    let value: serde_json::Value = serde_json::from_str(text)?;
    let tally =
        Tally::from_json(instrument, &value).map_err(|p| anyhow::anyhow!("stored tally: {p}"))?;
    into.merge(&tally)
        .map_err(|p| anyhow::anyhow!("merging tallies: {p}"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<Date> {
        Date::parse(s)
    }

    fn p(months: Option<(Option<&str>, Option<&str>)>, days: &[(&str, &str)]) -> Plan {
        Plan {
            months: months.map(|(a, b)| (a.map(str::to_string), b.map(str::to_string))),
            days: days
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
        }
    }

    #[test]
    fn plans_whole_months_from_the_month_table() {
        assert_eq!(plan(None, None), p(Some((None, None)), &[]));
        assert_eq!(
            plan(d("2025-03-01"), None),
            p(Some((Some("2025-03"), None)), &[])
        );
        assert_eq!(
            plan(d("2025-03-15"), d("2025-06-10")),
            p(
                Some((Some("2025-04"), Some("2025-05"))),
                &[("2025-03-15", "2025-03-31"), ("2025-06-01", "2025-06-10")]
            )
        );
        assert_eq!(
            plan(d("2025-03-15"), d("2025-04-10")).months,
            None,
            "no whole month between"
        );
        assert_eq!(
            plan(d("2025-02-01"), d("2025-02-28")),
            p(Some((Some("2025-02"), Some("2025-02"))), &[])
        );
        assert_eq!(
            plan(d("2025-02-03"), d("2025-02-05")),
            p(None, &[("2025-02-03", "2025-02-05")])
        );
        assert_eq!(
            plan(d("2025-12-20"), d("2026-01-31")),
            p(
                Some((Some("2026-01"), Some("2026-01"))),
                &[("2025-12-20", "2025-12-31")]
            )
        );
        assert_eq!(
            plan(None, d("2025-01-15")),
            p(
                Some((None, Some("2024-12"))),
                &[("2025-01-01", "2025-01-15")]
            )
        );
        assert_eq!(plan(d("2025-05-01"), d("2025-04-01")), p(None, &[]));
    }
}
