//! PostgreSQL back-end (`--database postgres://…`), for agencies that run several `serve`
//! processes behind a load balancer. Plain TCP (no TLS): run it next to the database or through
//! a tunnel.
//!
//! Concurrency between processes: a response id is inserted with `ON CONFLICT DO NOTHING` (the
//! unique index makes a concurrent duplicate wait and then see the row); bucket rows are locked
//! with `SELECT … FOR UPDATE` in key order so batches cannot deadlock on them; a batch that still
//! fails with a deadlock or serialisation error is retried whole.
use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{anyhow, bail, Context as _};
use async_trait::async_trait;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use prongsai_core::{Date, Tally};
use tokio_postgres::error::SqlState;
use tokio_postgres::types::ToSql;
use tokio_postgres::NoTls;

use super::{
    add_to_tally, comment_row, comments_of_row, group_by_bucket, merge_stored, plan, rebuild_tally,
    CodeCheck, CodeState, CommentCounts, CommentQuery, CommentRow, ExportRow, ExportSender, Filter,
    InsertOutcome, NewComment, NewResponse, Span, Storage, TextCodes, COMMENT_COLUMNS,
    EXPORT_CHUNK,
};
use crate::server::moderation::Status;

/// Each entry is one schema version; `prongsai_schema.version` records the last applied.
const MIGRATIONS: &[&str] = &[
    // 1: responses, bucket tallies, one-time codes.
    "CREATE TABLE responses (
        id TEXT PRIMARY KEY,
        instrument TEXT NOT NULL,
        edition TEXT NOT NULL,
        unit TEXT NOT NULL,
        point TEXT NOT NULL,
        day TEXT NOT NULL,
        locale TEXT NOT NULL,
        answers TEXT NOT NULL,
        scores TEXT NOT NULL
    );
    CREATE INDEX responses_by_day ON responses (instrument, edition, day, id);
    CREATE TABLE tallies (
        instrument TEXT NOT NULL,
        edition TEXT NOT NULL,
        unit TEXT NOT NULL,
        point TEXT NOT NULL,
        period TEXT NOT NULL,
        n BIGINT NOT NULL,
        tally TEXT,
        PRIMARY KEY (instrument, edition, unit, point, period)
    );
    CREATE TABLE tallies_month (
        instrument TEXT NOT NULL,
        edition TEXT NOT NULL,
        unit TEXT NOT NULL,
        point TEXT NOT NULL,
        period TEXT NOT NULL,
        n BIGINT NOT NULL,
        tally TEXT,
        PRIMARY KEY (instrument, edition, unit, point, period)
    );
    CREATE TABLE codes (
        survey TEXT NOT NULL,
        hash TEXT NOT NULL,
        created_day TEXT NOT NULL,
        used_day TEXT,
        PRIMARY KEY (survey, hash)
    );",
    // 2: comment moderation (keys and status; the text stays in responses.answers).
    "CREATE TABLE comments (
        id TEXT PRIMARY KEY,
        response_id TEXT NOT NULL,
        code TEXT NOT NULL,
        instrument TEXT NOT NULL,
        edition TEXT NOT NULL,
        unit TEXT NOT NULL,
        point TEXT NOT NULL,
        day TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        flags TEXT NOT NULL DEFAULT '',
        decided_day TEXT
    );
    -- The moderation list walks one of these backwards (newest day first) for its filters,
    -- from the index alone (flags included), and only then reads the page's rows; the last
    -- index counts comments per edition and status.
    CREATE INDEX comments_by_day ON comments (day, id, flags);
    CREATE INDEX comments_by_status ON comments (status, day, id, flags);
    CREATE INDEX comments_by_instrument ON comments (instrument, status, day, id, flags);
    CREATE INDEX comments_by_instrument_day ON comments (instrument, day, id, flags);
    CREATE INDEX comments_by_edition ON comments (instrument, edition, status);
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    INSERT INTO meta (key, value)
        SELECT 'comments_indexed', '0' WHERE EXISTS (SELECT 1 FROM responses);",
];

/// Arbitrary key of the advisory lock that serialises migrations between processes.
const MIGRATION_LOCK: i64 = 0x7072_6f6e_6773_6169; // "prongsai"

pub struct PgStorage {
    pool: Pool,
    describe: String,
}

impl PgStorage {
    pub async fn open(url: &str) -> anyhow::Result<PgStorage> {
        let config =
            tokio_postgres::Config::from_str(url).context("the database URL cannot be read")?;
        let describe = format!(
            "PostgreSQL {}/{}",
            config
                .get_hosts()
                .first()
                .map(|h| match h {
                    tokio_postgres::config::Host::Tcp(name) => name.clone(),
                    #[cfg(unix)]
                    tokio_postgres::config::Host::Unix(path) => path.display().to_string(),
                })
                .unwrap_or_default(),
            config.get_dbname().unwrap_or("")
        );
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(8)
            .wait_timeout(Some(Duration::from_secs(10)))
            .create_timeout(Some(Duration::from_secs(10)))
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .build()
            .context("cannot make the connection pool")?;
        let storage = PgStorage { pool, describe };
        storage.migrate().await?;
        Ok(storage)
    }

    async fn migrate(&self) -> anyhow::Result<()> {
        let mut client = self
            .pool
            .get()
            .await
            .map_err(|e| anyhow!("cannot connect: {e}"))?;
        client
            .execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])
            .await?;
        let result = async {
            client.batch_execute("CREATE TABLE IF NOT EXISTS prongsai_schema (version INTEGER NOT NULL)").await?;
            let version: i32 = client
                .query_opt("SELECT version FROM prongsai_schema", &[])
                .await?
                .map(|r| r.get(0))
                .unwrap_or(0);
            let known = MIGRATIONS.len() as i32;
            if version > known {
                bail!("the database was written by a newer prongsai (schema {version}, this one knows {known})");
            }
            for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
                let tx = client.transaction().await?;
                tx.batch_execute(sql).await?;
                tx.execute("DELETE FROM prongsai_schema", &[]).await?;
                tx.execute("INSERT INTO prongsai_schema (version) VALUES ($1)", &[&((i + 1) as i32)]).await?;
                tx.commit().await?;
                tracing::info!("database schema migrated to version {}", i + 1);
            }
            Ok(())
        }
        .await;
        client
            .execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK])
            .await?;
        result
    }

    async fn try_insert(&self, batch: &[NewResponse]) -> Result<Vec<InsertOutcome>, BatchError> {
        let mut client = self
            .pool
            .get()
            .await
            .map_err(|e| BatchError::Other(anyhow!("no connection: {e}")))?;
        let tx = client.transaction().await?;
        let insert = tx
            .prepare_cached(
                "INSERT INTO responses (id, instrument, edition, unit, point, day, locale, answers, scores)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING",
            )
            .await?;
        let exists = tx
            .prepare_cached("SELECT 1 FROM responses WHERE id = $1")
            .await?;
        let undo = tx
            .prepare_cached("DELETE FROM responses WHERE id = $1")
            .await?;
        let use_code = tx
            .prepare_cached("UPDATE codes SET used_day = $3 WHERE survey = $1 AND hash = $2 AND used_day IS NULL")
            .await?;
        let code_known = tx
            .prepare_cached("SELECT 1 FROM codes WHERE survey = $1 AND hash = $2")
            .await?;
        let today = super::super::day::today().to_string();

        let mut outcomes = Vec::with_capacity(batch.len());
        let mut created = Vec::new();
        for (i, r) in batch.iter().enumerate() {
            if r.code == CodeCheck::Missing {
                let stored = tx.query_opt(&exists, &[&r.id]).await?.is_some();
                outcomes.push(if stored {
                    InsertOutcome::AlreadyStored
                } else {
                    InsertOutcome::CodeMissing
                });
                continue;
            }
            let day = r.day.to_string();
            let n = tx
                .execute(
                    &insert,
                    &[
                        &r.id,
                        &r.instrument.id,
                        &r.instrument.edition,
                        &r.unit,
                        &r.point,
                        &day,
                        &r.locale,
                        &r.answers_json,
                        &r.scores_json,
                    ],
                )
                .await?;
            if n == 0 {
                outcomes.push(InsertOutcome::AlreadyStored);
                continue;
            }
            if let CodeCheck::Given(hash) = &r.code {
                if tx
                    .execute(&use_code, &[&r.instrument.id, hash, &today])
                    .await?
                    != 1
                {
                    tx.execute(&undo, &[&r.id]).await?;
                    let known = tx
                        .query_opt(&code_known, &[&r.instrument.id, hash])
                        .await?
                        .is_some();
                    outcomes.push(if known {
                        InsertOutcome::CodeUsed
                    } else {
                        InsertOutcome::CodeUnknown
                    });
                    continue;
                }
            }
            outcomes.push(InsertOutcome::Created);
            created.push(i);
        }
        if !created.is_empty() {
            let comment = tx.prepare_cached(INSERT_COMMENT).await?;
            for &i in &created {
                for c in batch[i].comments() {
                    insert_comment(&tx, &comment, &c).await?;
                }
            }
        }

        // Lock order: day buckets, then month buckets, each in key order.
        for span in Span::ALL {
            let table = span.table();
            let ensure = tx
                .prepare_cached(&format!(
                    "INSERT INTO {table} (instrument, edition, unit, point, period, n, tally)
                     VALUES ($1, $2, $3, $4, $5, 0, NULL) ON CONFLICT DO NOTHING"
                ))
                .await?;
            let lock = tx
                .prepare_cached(&format!(
                    "SELECT tally FROM {table} WHERE instrument = $1 AND edition = $2
                       AND unit = $3 AND point = $4 AND period = $5 FOR UPDATE"
                ))
                .await?;
            let save = tx
                .prepare_cached(&format!(
                    "UPDATE {table} SET n = $6, tally = $7 WHERE instrument = $1 AND edition = $2
                       AND unit = $3 AND point = $4 AND period = $5"
                ))
                .await?;
            let rows = tx
                .prepare_cached(
                    "SELECT day, answers FROM responses WHERE instrument = $1 AND edition = $2
                       AND unit = $3 AND point = $4 AND day >= $5 AND day <= $6",
                )
                .await?;
            for (key, indices) in group_by_bucket(batch, &created, span) {
                let instrument = &batch[indices[0]].instrument;
                let kp: [&(dyn ToSql + Sync); 5] = [
                    &key.instrument,
                    &key.edition,
                    &key.unit,
                    &key.point,
                    &key.period,
                ];
                tx.execute(&ensure, &kp).await?;
                let stored: Option<String> = tx.query_one(&lock, &kp).await?.get(0);
                let tally = match add_to_tally(instrument, stored.as_deref(), batch, &indices) {
                    Some(t) => t,
                    None => {
                        let (first, last) = span.days(&key.period);
                        let all = tx
                            .query(
                                &rows,
                                &[
                                    &key.instrument,
                                    &key.edition,
                                    &key.unit,
                                    &key.point,
                                    &first,
                                    &last,
                                ],
                            )
                            .await?;
                        rebuild_tally(
                            instrument,
                            &key.point,
                            all.iter().map(|r| (r.get(0), r.get(1))),
                        )
                    }
                };
                let text = serde_json::to_string(&tally.to_json())
                    .map_err(|e| BatchError::Other(e.into()))?;
                let n = tally.n() as i64;
                tx.execute(
                    &save,
                    &[
                        &key.instrument,
                        &key.edition,
                        &key.unit,
                        &key.point,
                        &key.period,
                        &n,
                        &text,
                    ],
                )
                .await?;
            }
        }
        tx.commit().await?;
        Ok(outcomes)
    }
}

const INSERT_COMMENT: &str =
    "INSERT INTO comments (id, response_id, code, instrument, edition, unit, point, day, flags)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING";

async fn insert_comment(
    tx: &tokio_postgres::Transaction<'_>,
    stmt: &tokio_postgres::Statement,
    c: &NewComment,
) -> Result<u64, tokio_postgres::Error> {
    tx.execute(
        stmt,
        &[
            &c.id,
            &c.response_id,
            &c.code,
            &c.instrument,
            &c.edition,
            &c.unit,
            &c.point,
            &c.day,
            &c.flags,
        ],
    )
    .await
}

fn read_comment(row: &tokio_postgres::Row) -> CommentRow {
    comment_row(
        row.get(0),
        row.get(1),
        row.get(2),
        row.get(3),
        row.get(4),
        row.get(5),
        row.get(6),
        row.get(7),
        row.get(8),
        row.get(9),
        row.get(10),
    )
}

impl PgStorage {
    async fn client(&self) -> anyhow::Result<deadpool_postgres::Object> {
        self.pool
            .get()
            .await
            .map_err(|e| anyhow!("no connection: {e}"))
    }
}

enum BatchError {
    /// Deadlock or serialisation failure: worth another try.
    Retry(tokio_postgres::Error),
    Other(anyhow::Error),
}

impl From<tokio_postgres::Error> for BatchError {
    fn from(e: tokio_postgres::Error) -> Self {
        match e.code() {
            Some(c)
                if *c == SqlState::T_R_DEADLOCK_DETECTED
                    || *c == SqlState::T_R_SERIALIZATION_FAILURE =>
            {
                BatchError::Retry(e)
            }
            _ => BatchError::Other(e.into()),
        }
    }
}

/// `WHERE` clause and parameters of a filter; `column` is the date column (`day` of responses,
/// `period` of tallies) and `from`/`to` its inclusive bounds.
fn filter_sql(
    filter: &Filter,
    column: &str,
    from: Option<&str>,
    to: Option<&str>,
) -> (String, Vec<String>) {
    let mut sql = String::from("instrument = $1 AND edition = $2");
    let mut args = vec![
        filter.instrument.id.clone(),
        filter.instrument.edition.clone(),
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
            args.push(v.to_string());
            sql.push_str(&format!(" AND {cond} ${}", args.len()));
        }
    }
    (sql, args)
}

fn as_params(args: &[String]) -> Vec<&(dyn ToSql + Sync)> {
    args.iter().map(|a| a as &(dyn ToSql + Sync)).collect()
}

#[async_trait]
impl Storage for PgStorage {
    fn describe(&self) -> String {
        self.describe.clone()
    }

    async fn insert_batch(
        &self,
        batch: Arc<Vec<NewResponse>>,
    ) -> anyhow::Result<Vec<InsertOutcome>> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.try_insert(&batch).await {
                Ok(outcomes) => return Ok(outcomes),
                Err(BatchError::Retry(e)) if attempt < 5 => {
                    tracing::debug!("retrying a batch after: {e}");
                    tokio::time::sleep(Duration::from_millis(5 * attempt)).await;
                }
                Err(BatchError::Retry(e)) => return Err(e.into()),
                Err(BatchError::Other(e)) => return Err(e),
            }
        }
    }

    async fn tally(&self, filter: &Filter) -> anyhow::Result<Tally> {
        let mut client = self
            .pool
            .get()
            .await
            .map_err(|e| anyhow!("no connection: {e}"))?;
        let plan = plan(
            filter.from.as_deref().and_then(Date::parse),
            filter.to.as_deref().and_then(Date::parse),
        );
        let mut reads: Vec<(Span, Option<String>, Option<String>)> = Vec::new();
        if let Some((lo, hi)) = plan.months {
            reads.push((Span::Month, lo, hi));
        }
        reads.extend(
            plan.days
                .into_iter()
                .map(|(a, b)| (Span::Day, Some(a), Some(b))),
        );
        // One snapshot, so that month and day buckets agree with each other.
        let db = client
            .build_transaction()
            .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .await?;
        let mut total = Tally::new(&filter.instrument);
        for (span, lo, hi) in reads {
            let (cond, args) = filter_sql(filter, "period", lo.as_deref(), hi.as_deref());
            let stmt = db
                .prepare_cached(&format!(
                    "SELECT tally FROM {} WHERE {cond} AND tally IS NOT NULL",
                    span.table()
                ))
                .await?;
            let rows = db.query_raw(&stmt, as_params(&args)).await?;
            futures_util::pin_mut!(rows);
            while let Some(row) = futures_util::StreamExt::next(&mut rows).await {
                let text: String = row?.get(0);
                merge_stored(&mut total, &filter.instrument, &text)?;
            }
        }
        db.commit().await?;
        Ok(total)
    }

    async fn export(&self, filter: Filter, tx: ExportSender) -> anyhow::Result<()> {
        let run = async {
            let mut client = self
                .pool
                .get()
                .await
                .map_err(|e| anyhow!("no connection: {e}"))?;
            let (cond, args) =
                filter_sql(&filter, "day", filter.from.as_deref(), filter.to.as_deref());
            let db = client.build_transaction().read_only(true).start().await?;
            let stmt = db
                .prepare(&format!(
                    "SELECT day, unit, point, answers, locale FROM responses WHERE {cond} ORDER BY day, id"
                ))
                .await?;
            // A portal (cursor) fetched in pages keeps memory flat however many rows match.
            let portal = db.bind(&stmt, &as_params(&args)).await?;
            loop {
                let page = db.query_portal(&portal, EXPORT_CHUNK as i32).await?;
                if page.is_empty() {
                    break;
                }
                let chunk = page
                    .iter()
                    .map(|row| ExportRow {
                        day: row.get(0),
                        unit: row.get(1),
                        point: row.get(2),
                        answers: row.get(3),
                        locale: row.get(4),
                    })
                    .collect();
                if tx.send(Ok(chunk)).await.is_err() {
                    return Ok(()); // the client went away
                }
            }
            db.commit().await?;
            anyhow::Ok(())
        };
        if let Err(e) = run.await {
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
        let mut client = self
            .pool
            .get()
            .await
            .map_err(|e| anyhow!("no connection: {e}"))?;
        let tx = client.transaction().await?;
        let stmt = tx
            .prepare_cached("INSERT INTO codes (survey, hash, created_day) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .await?;
        let day = day.to_string();
        let mut added = 0;
        for h in &hashes {
            added += tx.execute(&stmt, &[&survey, h, &day]).await? as usize;
        }
        tx.commit().await?;
        Ok(added)
    }

    async fn code_state(&self, survey: &str, hash: &str) -> anyhow::Result<CodeState> {
        let client = self.client().await?;
        let row = client
            .query_opt(
                "SELECT used_day FROM codes WHERE survey = $1 AND hash = $2",
                &[&survey, &hash],
            )
            .await?;
        Ok(match row {
            None => CodeState::Unknown,
            Some(r) if r.get::<_, Option<String>>(0).is_none() => CodeState::Unused,
            Some(_) => CodeState::Used,
        })
    }

    async fn count(&self) -> anyhow::Result<u64> {
        let client = self
            .pool
            .get()
            .await
            .map_err(|e| anyhow!("no connection: {e}"))?;
        let n: i64 = client
            .query_one("SELECT coalesce(sum(n), 0)::BIGINT FROM tallies", &[])
            .await?
            .get(0);
        Ok(n as u64)
    }

    async fn counts(&self) -> anyhow::Result<BTreeMap<(String, String), u64>> {
        let client = self.client().await?;
        let rows = client
            .query(
                "SELECT instrument, edition, coalesce(sum(n), 0)::BIGINT FROM tallies_month
                 GROUP BY instrument, edition",
                &[],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| {
                (
                    (r.get::<_, String>(0), r.get::<_, String>(1)),
                    r.get::<_, i64>(2).max(0) as u64,
                )
            })
            .collect())
    }

    async fn comments(&self, query: &CommentQuery) -> anyhow::Result<(u64, Vec<CommentRow>)> {
        let mut client = self.client().await?;
        let db = client
            .build_transaction()
            .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .await?;
        let (cond, args) = query.conditions(|k| format!("${k}"));
        let total: i64 = db
            .query_one(
                &format!("SELECT count(*) FROM comments c WHERE {cond}"),
                &as_params(&args),
            )
            .await?
            .get(0);
        let limit = i64::from(query.limit);
        let offset = i64::try_from(query.offset).unwrap_or(i64::MAX);
        let mut params = as_params(&args);
        params.push(&limit);
        params.push(&offset);
        let rows = db
            .query(
                &format!(
                    "SELECT {COMMENT_COLUMNS} FROM (SELECT c.id FROM comments c WHERE {cond}
                       ORDER BY c.day DESC, c.id DESC LIMIT ${} OFFSET ${}) p
                     JOIN comments c ON c.id = p.id JOIN responses r ON r.id = c.response_id
                     ORDER BY c.day DESC, c.id DESC",
                    args.len() + 1,
                    args.len() + 2
                ),
                &params,
            )
            .await?;
        db.commit().await?;
        Ok((total.max(0) as u64, rows.iter().map(read_comment).collect()))
    }

    async fn comment(&self, id: &str) -> anyhow::Result<Option<CommentRow>> {
        let client = self.client().await?;
        let row = client
            .query_opt(
                &format!(
                    "SELECT {COMMENT_COLUMNS} FROM comments c JOIN responses r ON r.id = c.response_id
                     WHERE c.id = $1"
                ),
                &[&id],
            )
            .await?;
        Ok(row.as_ref().map(read_comment))
    }

    async fn set_comment_status(
        &self,
        id: &str,
        status: Status,
        day: Date,
    ) -> anyhow::Result<bool> {
        let client = self.client().await?;
        let n = client
            .execute(
                "UPDATE comments SET status = $2, decided_day = $3 WHERE id = $1",
                &[&id, &status.as_str(), &day.to_string()],
            )
            .await?;
        Ok(n == 1)
    }

    async fn comment_counts(&self) -> anyhow::Result<CommentCounts> {
        let client = self.client().await?;
        let rows = client
            .query(
                "SELECT instrument, edition, status, count(*) FROM comments
                 GROUP BY instrument, edition, status",
                &[],
            )
            .await?;
        let mut out = CommentCounts::new();
        for r in rows {
            if let Some(s) = Status::parse(r.get::<_, &str>(2)) {
                *out.entry((r.get(0), r.get(1)))
                    .or_default()
                    .entry(s.as_str())
                    .or_default() += r.get::<_, i64>(3).max(0) as u64;
            }
        }
        Ok(out)
    }

    async fn index_comments(&self, text_codes: TextCodes) -> anyhow::Result<u64> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        // Locks the marker row: a second server starting at the same time waits, then finds
        // the work done.
        let pending: Option<String> = tx
            .query_opt(
                "SELECT value FROM meta WHERE key = 'comments_indexed' FOR UPDATE",
                &[],
            )
            .await?
            .map(|r| r.get(0));
        if pending.as_deref() != Some("0") {
            tx.commit().await?;
            return Ok(0);
        }
        let read = tx
            .prepare("SELECT id, instrument, edition, unit, point, day, answers FROM responses")
            .await?;
        let insert = tx.prepare(INSERT_COMMENT).await?;
        let portal = tx.bind(&read, &[]).await?;
        let mut added = 0u64;
        loop {
            let page = tx.query_portal(&portal, 1000).await?;
            if page.is_empty() {
                break;
            }
            for row in &page {
                let cols: Vec<String> = (0..7).map(|k| row.get(k)).collect();
                for c in comments_of_row(
                    &text_codes,
                    &cols[0],
                    &cols[1],
                    &cols[2],
                    &cols[3],
                    &cols[4],
                    &cols[5],
                    &cols[6],
                ) {
                    added += insert_comment(&tx, &insert, &c).await?;
                }
            }
        }
        tx.execute(
            "UPDATE meta SET value = '1' WHERE key = 'comments_indexed'",
            &[],
        )
        .await?;
        tx.commit().await?;
        Ok(added)
    }

    async fn close(&self) -> anyhow::Result<()> {
        self.pool.close();
        Ok(())
    }
}
