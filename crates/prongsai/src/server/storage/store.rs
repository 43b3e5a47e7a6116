//! The storage algorithm, written once: inserts (`insert.rs`), results and exports from
//! filters, comment moderation, one-time codes, admin sessions, the officer's documents
//! (`documents.rs`). A back-end ([`Backend`]) only
//! runs the SQL.
//!
//! Every statement is written with `$1, $2, …` placeholders; the few dialect differences are
//! the back-end's constants (row locks).
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use prongsai_core::{Date, Instrument, Tally};

use super::documents;
use super::insert::{insert_batch_once, recount_old_tallies};
use super::moderate;
use super::sql::{args, Arg, Backend, Db};
use super::{
    merge_stored, plan, CodeState, CommentCounts, CommentQuery, CommentRow, DocKind, DocVersion,
    ExportRow, ExportSender, Filter, InsertOutcome, NewResponse, SessionTimes, Span, Storage,
    TextCodes, EXPORT_CHUNK,
};
use crate::server::moderation::Status;

/// A storage over one back-end.
pub struct Store<B: Backend> {
    backend: B,
}

impl<B: Backend> Store<B> {
    pub fn new(backend: B) -> Store<B> {
        Store { backend }
    }

    pub fn backend(&self) -> &B {
        &self.backend
    }
}

/// How often a write transaction that met a deadlock or serialisation failure is tried in all.
const ATTEMPTS: u64 = 5;

/// A live session's idle time is extended in steps of at least this many seconds, so that not
/// every admin request writes.
const SESSION_TOUCH_STEP: i64 = 60;

/// `WHERE` conditions and arguments of a results filter; `column` is the date column (`day`
/// of responses, `period` of tallies) and `from`/`to` its inclusive bounds.
fn filter_sql(
    filter: &Filter,
    column: &str,
    from: Option<&str>,
    to: Option<&str>,
) -> (String, Vec<Arg>) {
    let mut sql = String::from("instrument = $1 AND edition = $2");
    let mut args = vec![
        Arg::from(&filter.instrument.id),
        Arg::from(&filter.instrument.edition),
    ];
    let (ge, le) = (format!("{column} >="), format!("{column} <="));
    let conditions = [
        ("unit =", filter.unit.as_deref()),
        ("point =", filter.point.as_deref()),
        (ge.as_str(), from),
        (le.as_str(), to),
    ];
    for (cond, value) in conditions {
        if let Some(v) = value {
            args.push(Arg::from(v));
            sql.push_str(&format!(" AND {cond} ${}", args.len()));
        }
    }
    (sql, args)
}

/// The bucket reads that answer a filter's date range (see [`plan`]).
fn bucket_reads(filter: &Filter) -> Vec<(Span, Option<String>, Option<String>)> {
    let plan = plan(
        filter.from.as_deref().and_then(Date::parse),
        filter.to.as_deref().and_then(Date::parse),
    );
    let mut reads = Vec::new();
    if let Some((lo, hi)) = plan.months {
        reads.push((Span::Month, lo, hi));
    }
    reads.extend(
        plan.days
            .into_iter()
            .map(|(a, b)| (Span::Day, Some(a), Some(b))),
    );
    reads
}

fn count(n: i64) -> u64 {
    n.max(0) as u64
}

#[async_trait]
impl<B: Backend> Storage for Store<B> {
    fn describe(&self) -> String {
        self.backend.describe()
    }

    async fn insert_batch(
        &self,
        batch: Arc<Vec<NewResponse>>,
    ) -> anyhow::Result<Vec<InsertOutcome>> {
        let today = crate::server::day::today().to_string();
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = self
                .backend
                .run(async {
                    let mut db = self.backend.write().await?;
                    let outcomes = insert_batch_once(&mut db, B::LOCK_ROWS, &batch, &today).await?;
                    db.commit().await?;
                    Ok(outcomes)
                })
                .await;
            match result {
                Err(e) if attempt < ATTEMPTS && B::retryable(&e) => {
                    tracing::debug!("retrying a batch after: {e:#}");
                    tokio::time::sleep(Duration::from_millis(5 * attempt)).await;
                }
                other => return other,
            }
        }
    }

    async fn tally(&self, filter: &Filter) -> anyhow::Result<Tally> {
        self.backend
            .run(async {
                // One snapshot, so that month and day buckets agree with each other.
                let mut db = self.backend.read().await?;
                let mut total = Tally::new(&filter.instrument);
                for (span, lo, hi) in bucket_reads(filter) {
                    let (cond, args) = filter_sql(filter, "period", lo.as_deref(), hi.as_deref());
                    let sql = format!(
                        "SELECT tally, point, period FROM {} WHERE {cond}",
                        span.table()
                    );
                    for row in db.query(&sql, &args).await? {
                        let text = row.text(0)?;
                        if !text.is_empty() {
                            let (point, period) = (row.text(1)?, row.text(2)?);
                            merge_stored(&mut total, &filter.instrument, &text, &point, &period)?;
                        }
                    }
                }
                db.commit().await?;
                Ok(total)
            })
            .await
    }

    async fn export(&self, filter: Filter, tx: ExportSender) -> anyhow::Result<()> {
        let result = self
            .backend
            .run(async {
                let mut db = self.backend.read().await?;
                let (cond, args) =
                    filter_sql(&filter, "day", filter.from.as_deref(), filter.to.as_deref());
                // Pages in (day, id) order, each starting after the last row of the one before:
                // memory stays flat however many rows match.
                let mut after: Option<(String, String)> = None;
                loop {
                    let mut page_args = args.clone();
                    let mut sql = format!(
                        "SELECT day, unit, point, answers, locale, id FROM responses WHERE {cond}"
                    );
                    if let Some((day, id)) = after.take() {
                        page_args.push(Arg::Text(day));
                        page_args.push(Arg::Text(id));
                        let n = page_args.len();
                        sql.push_str(&format!(" AND (day, id) > (${}, ${n})", n - 1));
                    }
                    page_args.push(Arg::Int(EXPORT_CHUNK as i64));
                    sql.push_str(&format!(" ORDER BY day, id LIMIT ${}", page_args.len()));
                    let rows = db.query(&sql, &page_args).await?;
                    let full = rows.len() == EXPORT_CHUNK;
                    if let Some(last) = rows.last() {
                        after = Some((last.text(0)?, last.text(5)?));
                    }
                    let chunk = rows
                        .iter()
                        .map(|row| {
                            Ok(ExportRow {
                                day: row.text(0)?,
                                unit: row.text(1)?,
                                point: row.text(2)?,
                                answers: row.text(3)?,
                                locale: row.text(4)?,
                            })
                        })
                        .collect::<anyhow::Result<Vec<_>>>()?;
                    if !chunk.is_empty() && tx.send(Ok(chunk)).await.is_err() {
                        return Ok(()); // the client went away
                    }
                    if !full {
                        break;
                    }
                }
                db.commit().await?;
                Ok(())
            })
            .await;
        if let Err(e) = result {
            let _ = tx.send(Err(e)).await;
        }
        Ok(())
    }

    async fn add_codes(
        &self,
        survey: &str,
        hashes: Vec<String>,
        day: Date,
    ) -> anyhow::Result<usize> {
        self.backend
            .run(async {
                let mut db = self.backend.write().await?;
                let day = day.to_string();
                let mut added = 0;
                for h in &hashes {
                    added += db
                        .execute(
                            "INSERT INTO codes (survey, hash, created_day) VALUES ($1, $2, $3)
                             ON CONFLICT DO NOTHING",
                            args![survey, h, &day],
                        )
                        .await?;
                }
                db.commit().await?;
                Ok(added as usize)
            })
            .await
    }

    async fn count(&self) -> anyhow::Result<u64> {
        self.backend
            .run(async {
                let mut db = self.backend.read().await?;
                let rows = db
                    .query(
                        "SELECT CAST(coalesce(sum(n), 0) AS BIGINT) FROM tallies",
                        &[],
                    )
                    .await?;
                db.commit().await?;
                Ok(count(
                    rows.first().map(|r| r.int(0)).transpose()?.unwrap_or(0),
                ))
            })
            .await
    }

    async fn counts(&self) -> anyhow::Result<BTreeMap<(String, String), u64>> {
        self.backend
            .run(async {
                let mut db = self.backend.read().await?;
                let rows = db
                    .query(
                        "SELECT instrument, edition, CAST(coalesce(sum(n), 0) AS BIGINT)
                         FROM tallies_month GROUP BY instrument, edition",
                        &[],
                    )
                    .await?;
                db.commit().await?;
                rows.iter()
                    .map(|r| Ok(((r.text(0)?, r.text(1)?), count(r.int(2)?))))
                    .collect::<anyhow::Result<BTreeMap<_, _>>>()
            })
            .await
    }

    async fn comments(&self, query: &CommentQuery) -> anyhow::Result<(u64, Vec<CommentRow>)> {
        self.backend
            .run(async {
                let mut db = self.backend.read().await?;
                let out = moderate::list(&mut db, query).await?;
                db.commit().await?;
                Ok(out)
            })
            .await
    }

    async fn comment(&self, id: &str) -> anyhow::Result<Option<CommentRow>> {
        self.backend
            .run(async {
                let mut db = self.backend.read().await?;
                let row = moderate::one(&mut db, id).await?;
                db.commit().await?;
                Ok(row)
            })
            .await
    }

    async fn set_comment_status(&self, id: &str, status: Status, day: Date) -> anyhow::Result<u64> {
        self.backend
            .run(async {
                let mut db = self.backend.write().await?;
                let n = moderate::set_status(&mut db, id, status, &day.to_string()).await?;
                db.commit().await?;
                Ok(n)
            })
            .await
    }

    async fn set_comment_published(
        &self,
        id: &str,
        published: &str,
        flags: &str,
    ) -> anyhow::Result<u64> {
        self.backend
            .run(async {
                let mut db = self.backend.write().await?;
                let n = moderate::set_published(&mut db, id, published, flags).await?;
                db.commit().await?;
                Ok(n)
            })
            .await
    }

    async fn comment_counts(&self) -> anyhow::Result<CommentCounts> {
        self.backend
            .run(async {
                let mut db = self.backend.read().await?;
                let rows = db
                    .query(
                        // Groups of identical comments, as the moderation page counts them
                        // (`moderate.rs`: one group per question and text key).
                        "SELECT instrument, edition, status, count(DISTINCT code || '|' || text_key)
                         FROM comments GROUP BY instrument, edition, status",
                        &[],
                    )
                    .await?;
                db.commit().await?;
                let mut out = CommentCounts::new();
                for r in rows {
                    if let Some(s) = Status::parse(&r.text(2)?) {
                        *out.entry((r.text(0)?, r.text(1)?))
                            .or_default()
                            .entry(s.as_str())
                            .or_default() += count(r.int(3)?);
                    }
                }
                Ok(out)
            })
            .await
    }

    async fn index_comments(&self, text_codes: TextCodes) -> anyhow::Result<u64> {
        self.backend
            .run(async {
                let mut db = self.backend.write().await?;
                let added = moderate::index_old(&mut db, B::LOCK_ROWS, &text_codes).await?;
                moderate::key_old(&mut db, B::LOCK_ROWS).await?;
                db.commit().await?;
                Ok(added)
            })
            .await
    }

    async fn recount_tallies(&self, instruments: Vec<Arc<Instrument>>) -> anyhow::Result<u64> {
        self.backend
            .run(async {
                let mut db = self.backend.write().await?;
                let n = recount_old_tallies(&mut db, B::LOCK_ROWS, &instruments).await?;
                db.commit().await?;
                Ok(n)
            })
            .await
    }

    async fn start_session(
        &self,
        token_hash: &str,
        times: SessionTimes,
        keep: u64,
    ) -> anyhow::Result<()> {
        self.backend
            .run(async {
                let mut db = self.backend.write().await?;
                db.execute(
                    "DELETE FROM sessions WHERE ends <= $1 OR idle_until <= $1",
                    args![times.now],
                )
                .await?;
                db.execute(
                    "INSERT INTO sessions (token_hash, ends, idle_until) VALUES ($1, $2, $3)",
                    args![token_hash, times.ends, times.idle_until],
                )
                .await?;
                // Beyond `keep` sessions, the ones that end first go.
                db.execute(
                    "DELETE FROM sessions WHERE ends < (SELECT ends FROM sessions
                       ORDER BY ends DESC LIMIT 1 OFFSET $1)",
                    args![i64::try_from(keep).unwrap_or(i64::MAX)],
                )
                .await?;
                db.commit().await?;
                Ok(())
            })
            .await
    }

    async fn touch_session(&self, token_hash: &str, times: SessionTimes) -> anyhow::Result<bool> {
        self.backend
            .run(async {
                let mut db = self.backend.read().await?;
                let rows = db
                    .query(
                        "SELECT ends, idle_until FROM sessions WHERE token_hash = $1",
                        args![token_hash],
                    )
                    .await?;
                db.commit().await?;
                let Some(row) = rows.first() else {
                    return Ok(false);
                };
                let (ends, idle_until) = (row.int(0)?, row.int(1)?);
                if ends <= times.now || idle_until <= times.now {
                    return Ok(false);
                }
                // Written at most once a minute per session, not at every request.
                if times.idle_until - idle_until >= SESSION_TOUCH_STEP {
                    let mut db = self.backend.write().await?;
                    db.execute(
                        "UPDATE sessions SET idle_until = $2 WHERE token_hash = $1 AND idle_until < $2",
                        args![token_hash, times.idle_until],
                    )
                    .await?;
                    db.commit().await?;
                }
                Ok(true)
            })
            .await
    }

    async fn code_state(&self, survey: &str, hash: &str) -> anyhow::Result<CodeState> {
        self.backend
            .run(async {
                let mut db = self.backend.read().await?;
                let rows = db
                    .query(
                        "SELECT used_day FROM codes WHERE survey = $1 AND hash = $2",
                        args![survey, hash],
                    )
                    .await?;
                db.commit().await?;
                Ok(match rows.first() {
                    None => CodeState::Unknown,
                    Some(r) if r.opt_text(0)?.is_none() => CodeState::Unused,
                    Some(_) => CodeState::Used,
                })
            })
            .await
    }

    async fn end_session(&self, token_hash: &str) -> anyhow::Result<()> {
        self.backend
            .run(async {
                let mut db = self.backend.write().await?;
                db.execute(
                    "DELETE FROM sessions WHERE token_hash = $1",
                    args![token_hash],
                )
                .await?;
                db.commit().await?;
                Ok(())
            })
            .await
    }

    async fn save_document(
        &self,
        kind: DocKind,
        unit: &str,
        fiscal_year: i32,
        day: Date,
        body: &serde_json::Value,
    ) -> anyhow::Result<i32> {
        documents::save_in(self, kind, unit, fiscal_year, day, body).await
    }

    async fn latest_document(
        &self,
        kind: DocKind,
        unit: &str,
        fiscal_year: i32,
    ) -> anyhow::Result<Option<DocVersion>> {
        Ok(documents::versions_in(self, kind, unit, fiscal_year, true)
            .await?
            .into_iter()
            .next())
    }

    async fn document_history(
        &self,
        kind: DocKind,
        unit: &str,
        fiscal_year: i32,
    ) -> anyhow::Result<Vec<DocVersion>> {
        documents::versions_in(self, kind, unit, fiscal_year, false).await
    }

    async fn close(&self) -> anyhow::Result<()> {
        self.backend.close().await
    }
}
