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
//!   months at its ends, and never read responses. A bucket's tally is stored without the
//!   breakdowns that equal its total (its point and periods), which reads put back (see
//!   `buckets::stored_text`); whole ones, as stored before, read as well. Schema 7 changes no
//!   table: it makes an older release, which would take the left-out breakdowns for empty,
//!   refuse the database.
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
//! * `comments.published`, `comments.text_key` (schema 5) — the published text of a comment
//!   with parts masked by the officer (NULL while nothing is masked; the answer itself is never
//!   changed) and the group key of identical comments; see `masking.rs` and `moderate.rs`.
//! * `responses.area` (schema 6) — the service area of the response's service point when it was
//!   stored (`[point_areas]`; "" when not mapped): a response whose answers name no area (a
//!   one-tap kiosk rating) counts in that area, also when its bucket is rebuilt.
use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use prongsai_core::{Answers, Context, Date, Instrument, Tally};
use tokio::sync::mpsc;

use super::config::{redact_url, StorageTarget};
use super::moderation::Status;

mod buckets;
mod comments;
pub mod documents;
mod insert;
mod moderate;
pub mod postgres;
pub mod schema;
pub mod sql;
pub mod sqlite;
pub mod store;

pub(crate) use buckets::{add_to_tally, group_by_bucket, merge_stored, rebuild_tally, stored_text};
pub use buckets::{plan, BucketKey, Plan, Span};
pub(crate) use comments::{comment_row, comments_of_row, COMMENT_COLUMNS, SAME_GROUP};
pub use comments::{CommentCounts, CommentQuery, CommentRow, NewComment, TextCodes};
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
    /// The service area of the service point (`[point_areas]`); "" when not mapped.
    pub area: String,
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

    /// The service area the response counts in when its answers name none.
    pub fn mapped_area(&self) -> Option<&str> {
        (!self.area.is_empty()).then_some(self.area.as_str())
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

    /// Groups of identical comments (same question, same text after trimming, collapsing white
    /// space and folding case) matching the query: one row per group, its newest comment with
    /// the number of matching comments in the group, newest day first (then by key, never by
    /// arrival), with their text; and how many groups match in all.
    async fn comments(&self, query: &CommentQuery) -> anyhow::Result<(u64, Vec<CommentRow>)>;

    /// One comment by its key, with the size of its group.
    async fn comment(&self, id: &str) -> anyhow::Result<Option<CommentRow>>;

    /// Sets the moderation status of a comment and every comment identical to it; returns how
    /// many changed (0 when there is no such comment).
    async fn set_comment_status(&self, id: &str, status: Status, day: Date) -> anyhow::Result<u64>;

    /// Sets the published text (masked, see `masking.rs`) and flags of a comment and every
    /// comment identical to it; returns how many changed. The answers are never changed.
    async fn set_comment_published(
        &self,
        id: &str,
        published: &str,
        flags: &str,
    ) -> anyhow::Result<u64>;

    /// Comments per (instrument, edition) and status, a group of identical comments counted once
    /// (as the moderation page lists them).
    async fn comment_counts(&self) -> anyhow::Result<CommentCounts>;

    /// Indexes the comments of responses stored before the `comments` table existed (schema 2),
    /// once, and keys the comments indexed before schema 5 for grouping, once; returns how many
    /// comments were indexed (0 when there was nothing to do).
    async fn index_comments(&self, text_codes: TextCodes) -> anyhow::Result<u64>;

    /// Counts every bucket tally again from the stored responses, once after the upgrade to
    /// schema 6 (tallies written before lack the per-respondent counts); returns how many
    /// buckets were counted again (0 when there was nothing to do).
    async fn recount_tallies(&self, instruments: Vec<Arc<Instrument>>) -> anyhow::Result<u64>;

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
