//! SQLite back-end: `<data_dir>/prongsai.sqlite`.
//!
//! One writer connection behind a mutex (the ingest queue feeds it one batch at a time) and a
//! fresh read-only connection per results query or export, which WAL lets run beside the writer.
//! A lock file keeps a second `serve` from writing to the same data directory.
use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::{anyhow, bail, Context as _};
use async_trait::async_trait;
use prongsai_core::{Date, Tally};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};

use super::{
    add_to_tally, comment_row, comments_of_row, group_by_bucket, merge_stored, plan, rebuild_tally,
    BucketKey, CodeCheck, CodeState, CommentCounts, CommentQuery, CommentRow, ExportRow,
    ExportSender, Filter, InsertOutcome, NewComment, NewResponse, Span, Storage, TextCodes,
    COMMENT_COLUMNS, EXPORT_CHUNK,
};
use crate::server::moderation::Status;

pub const FILE_NAME: &str = "prongsai.sqlite";

/// Schema versions, applied in order at start-up; `PRAGMA user_version` records the last one.
const MIGRATIONS: &[&str] = &[
    // 1: responses, bucket tallies, one-time codes.
    "CREATE TABLE responses (
        id TEXT PRIMARY KEY NOT NULL,
        instrument TEXT NOT NULL,
        edition TEXT NOT NULL,
        unit TEXT NOT NULL,
        point TEXT NOT NULL,
        day TEXT NOT NULL,
        locale TEXT NOT NULL,
        answers TEXT NOT NULL,
        scores TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX responses_by_day ON responses (instrument, edition, day);
    CREATE TABLE tallies (
        instrument TEXT NOT NULL,
        edition TEXT NOT NULL,
        unit TEXT NOT NULL,
        point TEXT NOT NULL,
        period TEXT NOT NULL,
        n INTEGER NOT NULL,
        tally TEXT NOT NULL,
        PRIMARY KEY (instrument, edition, unit, point, period)
    ) WITHOUT ROWID;
    CREATE TABLE tallies_month (
        instrument TEXT NOT NULL,
        edition TEXT NOT NULL,
        unit TEXT NOT NULL,
        point TEXT NOT NULL,
        period TEXT NOT NULL,
        n INTEGER NOT NULL,
        tally TEXT NOT NULL,
        PRIMARY KEY (instrument, edition, unit, point, period)
    ) WITHOUT ROWID;
    CREATE TABLE codes (
        survey TEXT NOT NULL,
        hash TEXT NOT NULL,
        created_day TEXT NOT NULL,
        used_day TEXT,
        PRIMARY KEY (survey, hash)
    ) WITHOUT ROWID;",
    // 2: comment moderation (keys and status; the text stays in responses.answers).
    "CREATE TABLE comments (
        id TEXT PRIMARY KEY NOT NULL,
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
    ) WITHOUT ROWID;
    -- The moderation list walks one of these backwards (newest day first) for its filters,
    -- from the index alone (flags included), and only then reads the page's rows; the last
    -- index counts comments per edition and status.
    CREATE INDEX comments_by_day ON comments (day, id, flags);
    CREATE INDEX comments_by_status ON comments (status, day, id, flags);
    CREATE INDEX comments_by_instrument ON comments (instrument, status, day, id, flags);
    CREATE INDEX comments_by_instrument_day ON comments (instrument, day, id, flags);
    CREATE INDEX comments_by_edition ON comments (instrument, edition, status);
    CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;
    INSERT INTO meta (key, value)
        SELECT 'comments_indexed', '0' WHERE EXISTS (SELECT 1 FROM responses);",
];

/// The writer connection and, since no other process writes this file (lock file), the bucket
/// tallies it last wrote, so a batch does not re-read and re-parse them.
struct Writer {
    conn: Connection,
    cache: HashMap<BucketKey, Tally>,
}

const CACHE_BUCKETS: usize = 2048;

pub struct SqliteStorage {
    path: PathBuf,
    writer: Arc<Mutex<Writer>>,
    /// Held open for the life of the server: the advisory lock on `prongsai.lock`.
    _lock: File,
    /// Set to stop the background checkpointer.
    stop: Arc<std::sync::atomic::AtomicBool>,
}

impl SqliteStorage {
    pub async fn open(data_dir: &Path) -> anyhow::Result<SqliteStorage> {
        let data_dir = data_dir.to_path_buf();
        tokio::task::spawn_blocking(move || SqliteStorage::open_blocking(&data_dir)).await?
    }

    fn open_blocking(data_dir: &Path) -> anyhow::Result<SqliteStorage> {
        std::fs::create_dir_all(data_dir)
            .with_context(|| format!("cannot create the data directory {}", data_dir.display()))?;
        let lock_path = data_dir.join("prongsai.lock");
        let lock = File::create(&lock_path)
            .with_context(|| format!("cannot create {}", lock_path.display()))?;
        if lock.try_lock().is_err() {
            bail!(
                "another `prongsai serve` is using the data directory {}; stop it or use another --data-dir",
                data_dir.display()
            );
        }
        let path = data_dir.join(FILE_NAME);
        let mut conn =
            Connection::open(&path).with_context(|| format!("cannot open {}", path.display()))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // FULL: an acknowledged response survives a power cut, not just a crash. Group commit
        // keeps the fsyncs per second low.
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "cache_size", -65536)?;
        // Checkpoints run on their own thread (below), not inside a commit that requests wait on.
        conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        conn.pragma_update(None, "journal_size_limit", WAL_SIZE_LIMIT)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        migrate(&mut conn)
            .with_context(|| format!("cannot bring {} up to date", path.display()))?;
        let stop = start_checkpointer(&path)?;
        Ok(SqliteStorage {
            path,
            writer: Arc::new(Mutex::new(Writer {
                conn,
                cache: HashMap::new(),
            })),
            _lock: lock,
            stop,
        })
    }

    fn reader(path: &Path) -> anyhow::Result<Connection> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        Ok(conn)
    }

    async fn with_writer<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Writer) -> anyhow::Result<T> + Send + 'static,
    ) -> anyhow::Result<T> {
        let writer = Arc::clone(&self.writer);
        tokio::task::spawn_blocking(move || {
            let mut writer = writer
                .lock()
                .map_err(|_| anyhow!("the SQLite writer was poisoned by a panic"))?;
            f(&mut writer)
        })
        .await?
    }
}

/// WAL frames (4 KiB pages) past which the checkpointer makes the writer wait for a full
/// checkpoint, and the size the WAL file is truncated back to afterwards (`journal_size_limit`).
const WAL_RESTART_FRAMES: i64 = 16_384;
const WAL_SIZE_LIMIT: i64 = 64 * 1024 * 1024;

/// Copies the WAL back into the database every half second with a PASSIVE checkpoint, which
/// never blocks the writer or readers, on a thread and connection of its own; a WAL grown past
/// 64 MiB gets a RESTART checkpoint, which holds the writer back only while it copies the rest.
fn start_checkpointer(path: &Path) -> anyhow::Result<Arc<std::sync::atomic::AtomicBool>> {
    use std::sync::atomic::{AtomicBool, Ordering};
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "journal_size_limit", WAL_SIZE_LIMIT)?;
    // Short: a pending RESTART checkpoint holds new writers back; if it cannot start soon it is
    // retried at the next tick instead.
    conn.busy_timeout(std::time::Duration::from_millis(200))?;
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    std::thread::Builder::new()
        .name("prongsai-checkpoint".into())
        .spawn(move || {
            let frames = |r: &rusqlite::Row| r.get::<_, i64>(1);
            while !flag.load(Ordering::Relaxed) {
                std::thread::sleep(std::time::Duration::from_millis(500));
                match conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], frames) {
                    // Under a sustained flood of writes a passive checkpoint never catches up
                    // with the writer, and the WAL would grow without bound (13 GB after storing
                    // 900,000 responses back to back): past the limit, wait for a gap between
                    // two transactions, copy the rest, and let the next one start the WAL anew.
                    Ok(log) if log > WAL_RESTART_FRAMES => {
                        let started = std::time::Instant::now();
                        match conn
                            .query_row("PRAGMA wal_checkpoint(RESTART)", [], |r| r.get::<_, i64>(0))
                        {
                            Ok(busy) => tracing::info!(
                                "the WAL had grown to {} MiB: full checkpoint in {} ms{}",
                                log * 4 / 1024,
                                started.elapsed().as_millis(),
                                if busy == 1 { " (busy, will retry)" } else { "" }
                            ),
                            Err(e) => tracing::debug!("restart checkpoint: {e}"),
                        }
                    }
                    Ok(_) => {}
                    Err(e) => tracing::debug!("checkpoint: {e}"),
                }
            }
        })?;
    Ok(stop)
}

impl Drop for SqliteStorage {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

fn migrate(conn: &mut Connection) -> anyhow::Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let known = MIGRATIONS.len() as i64;
    if version > known {
        bail!("the database was written by a newer prongsai (schema {version}, this one knows {known})");
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
        tracing::info!("database schema migrated to version {}", i + 1);
    }
    Ok(())
}

fn insert_batch_blocking(
    writer: &mut Writer,
    batch: &[NewResponse],
) -> anyhow::Result<Vec<InsertOutcome>> {
    let Writer { conn, cache } = writer;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut updated: Vec<(BucketKey, Tally)> = Vec::new();
    let mut outcomes = Vec::with_capacity(batch.len());
    let mut created = Vec::new();
    {
        let mut exists = tx.prepare_cached("SELECT 1 FROM responses WHERE id = ?1")?;
        let mut use_code = tx.prepare_cached(
            "UPDATE codes SET used_day = ?3 WHERE survey = ?1 AND hash = ?2 AND used_day IS NULL",
        )?;
        let mut code_known =
            tx.prepare_cached("SELECT 1 FROM codes WHERE survey = ?1 AND hash = ?2")?;
        let mut insert = tx.prepare_cached(
            "INSERT INTO responses (id, instrument, edition, unit, point, day, locale, answers, scores)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        for (i, r) in batch.iter().enumerate() {
            if exists.exists(params![r.id])? {
                outcomes.push(InsertOutcome::AlreadyStored);
                continue;
            }
            match &r.code {
                CodeCheck::NotNeeded => {}
                CodeCheck::Missing => {
                    outcomes.push(InsertOutcome::CodeMissing);
                    continue;
                }
                CodeCheck::Given(hash) => {
                    let today = super::super::day::today().to_string();
                    if use_code.execute(params![r.instrument.id, hash, today])? != 1 {
                        let known = code_known.exists(params![r.instrument.id, hash])?;
                        outcomes.push(if known {
                            InsertOutcome::CodeUsed
                        } else {
                            InsertOutcome::CodeUnknown
                        });
                        continue;
                    }
                }
            }
            insert.execute(params![
                r.id,
                r.instrument.id,
                r.instrument.edition,
                r.unit,
                r.point,
                r.day.to_string(),
                r.locale,
                r.answers_json,
                r.scores_json
            ])?;
            outcomes.push(InsertOutcome::Created);
            created.push(i);
        }
        let mut comment = tx.prepare_cached(INSERT_COMMENT)?;
        for &i in &created {
            for c in batch[i].comments() {
                insert_comment(&mut comment, &c)?;
            }
        }
    }
    for span in Span::ALL {
        let table = span.table();
        let mut load = tx.prepare_cached(&format!(
            "SELECT tally FROM {table}
             WHERE instrument = ?1 AND edition = ?2 AND unit = ?3 AND point = ?4 AND period = ?5"
        ))?;
        let mut save = tx.prepare_cached(&format!(
            "INSERT INTO {table} (instrument, edition, unit, point, period, n, tally)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (instrument, edition, unit, point, period)
             DO UPDATE SET n = excluded.n, tally = excluded.tally"
        ))?;
        let mut rows = tx.prepare_cached(
            "SELECT day, answers FROM responses
             WHERE instrument = ?1 AND edition = ?2 AND unit = ?3 AND point = ?4
               AND day >= ?5 AND day <= ?6",
        )?;
        for (key, indices) in group_by_bucket(batch, &created, span) {
            let instrument = &batch[indices[0]].instrument;
            let kp = params![key.instrument, key.edition, key.unit, key.point, key.period];
            // Taken out of the cache: if the transaction fails it is simply not put back.
            let cached = cache.remove(&key).map(|mut t| {
                for &i in &indices {
                    t.add(&batch[i].answers, &batch[i].context());
                }
                t
            });
            let added = match cached {
                Some(t) => Some(t),
                None => {
                    let stored: Option<String> = load.query_row(kp, |row| row.get(0)).optional()?;
                    add_to_tally(instrument, stored.as_deref(), batch, &indices)
                }
            };
            let tally = match added {
                Some(t) => t,
                None => {
                    let (first, last) = span.days(&key.period);
                    let all = rows
                        .query_map(
                            params![
                                key.instrument,
                                key.edition,
                                key.unit,
                                key.point,
                                first,
                                last
                            ],
                            |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)),
                        )?
                        .collect::<Result<Vec<_>, _>>()?;
                    rebuild_tally(instrument, &key.point, all.into_iter())
                }
            };
            let text = serde_json::to_string(&tally.to_json())?;
            save.execute(params![
                key.instrument,
                key.edition,
                key.unit,
                key.point,
                key.period,
                tally.n() as i64,
                text
            ])?;
            updated.push((key, tally));
        }
    }
    tx.commit()?;
    if cache.len() + updated.len() > CACHE_BUCKETS {
        cache.clear();
    }
    cache.extend(updated);
    Ok(outcomes)
}

const INSERT_COMMENT: &str =
    "INSERT INTO comments (id, response_id, code, instrument, edition, unit, point, day, flags)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (id) DO NOTHING";

fn insert_comment(stmt: &mut rusqlite::CachedStatement, c: &NewComment) -> rusqlite::Result<usize> {
    stmt.execute(params![
        c.id,
        c.response_id,
        c.code,
        c.instrument,
        c.edition,
        c.unit,
        c.point,
        c.day,
        c.flags
    ])
}

fn read_comment(row: &rusqlite::Row) -> rusqlite::Result<CommentRow> {
    Ok(comment_row(
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
        row.get(6)?,
        row.get(7)?,
        row.get(8)?,
        row.get(9)?,
        row.get(10)?,
    ))
}

/// `WHERE` clause and parameters of a filter; `column` is the date column (`day` of responses,
/// `period` of tallies) and `from`/`to` its inclusive bounds.
fn filter_sql(
    filter: &Filter,
    column: &str,
    from: Option<&str>,
    to: Option<&str>,
) -> (String, Vec<String>) {
    let mut sql = String::from("instrument = ?1 AND edition = ?2");
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
            sql.push_str(&format!(" AND {cond} ?{}", args.len()));
        }
    }
    (sql, args)
}

#[async_trait]
impl Storage for SqliteStorage {
    fn describe(&self) -> String {
        format!("SQLite {}", self.path.display())
    }

    async fn insert_batch(
        &self,
        batch: Arc<Vec<NewResponse>>,
    ) -> anyhow::Result<Vec<InsertOutcome>> {
        self.with_writer(move |w| insert_batch_blocking(w, &batch))
            .await
    }

    async fn tally(&self, filter: &Filter) -> anyhow::Result<Tally> {
        let path = self.path.clone();
        let filter = filter.clone();
        tokio::task::spawn_blocking(move || {
            let conn = SqliteStorage::reader(&path)?;
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
            // One read transaction, so that month and day buckets agree with each other.
            let tx = conn.unchecked_transaction()?;
            let mut total = Tally::new(&filter.instrument);
            for (span, lo, hi) in reads {
                let (cond, args) = filter_sql(&filter, "period", lo.as_deref(), hi.as_deref());
                let mut stmt =
                    tx.prepare(&format!("SELECT tally FROM {} WHERE {cond}", span.table()))?;
                let mut rows = stmt.query(rusqlite::params_from_iter(args.iter()))?;
                while let Some(row) = rows.next()? {
                    let text: String = row.get(0)?;
                    merge_stored(&mut total, &filter.instrument, &text)?;
                }
            }
            Ok(total)
        })
        .await?
    }

    async fn export(&self, filter: Filter, tx: ExportSender) -> anyhow::Result<()> {
        let path = self.path.clone();
        tokio::task::spawn_blocking(move || {
            let run = || -> anyhow::Result<()> {
                let conn = SqliteStorage::reader(&path)?;
                let (cond, args) =
                    filter_sql(&filter, "day", filter.from.as_deref(), filter.to.as_deref());
                let mut stmt = conn.prepare(&format!(
                    "SELECT day, unit, point, answers, locale FROM responses WHERE {cond} ORDER BY day, id"
                ))?;
                let mut rows = stmt.query(rusqlite::params_from_iter(args.iter()))?;
                let mut chunk = Vec::with_capacity(EXPORT_CHUNK);
                while let Some(row) = rows.next()? {
                    chunk.push(ExportRow {
                        day: row.get(0)?,
                        unit: row.get(1)?,
                        point: row.get(2)?,
                        answers: row.get(3)?,
                        locale: row.get(4)?,
                    });
                    if chunk.len() == EXPORT_CHUNK {
                        let full = std::mem::replace(&mut chunk, Vec::with_capacity(EXPORT_CHUNK));
                        if tx.blocking_send(Ok(full)).is_err() {
                            return Ok(()); // the client went away
                        }
                    }
                }
                if !chunk.is_empty() {
                    let _ = tx.blocking_send(Ok(chunk));
                }
                Ok(())
            };
            if let Err(e) = run() {
                let _ = tx.blocking_send(Err(e));
            }
            Ok(())
        })
        .await?
    }

    async fn add_codes(
        &self,
        survey: &str,
        hashes: Vec<String>,
        day: Date,
    ) -> anyhow::Result<usize> {
        let survey = survey.to_string();
        self.with_writer(move |w| {
            let tx = w.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut added = 0;
            {
                let mut stmt = tx.prepare_cached(
                    "INSERT INTO codes (survey, hash, created_day) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                )?;
                let day = day.to_string();
                for h in &hashes {
                    added += stmt.execute(params![survey, h, day])?;
                }
            }
            tx.commit()?;
            Ok(added)
        })
        .await
    }

    async fn code_state(&self, survey: &str, hash: &str) -> anyhow::Result<CodeState> {
        let (path, survey, hash) = (self.path.clone(), survey.to_string(), hash.to_string());
        tokio::task::spawn_blocking(move || {
            let conn = SqliteStorage::reader(&path)?;
            let used: Option<Option<String>> = conn
                .query_row(
                    "SELECT used_day FROM codes WHERE survey = ?1 AND hash = ?2",
                    params![survey, hash],
                    |r| r.get(0),
                )
                .optional()?;
            Ok(match used {
                None => CodeState::Unknown,
                Some(None) => CodeState::Unused,
                Some(Some(_)) => CodeState::Used,
            })
        })
        .await?
    }

    async fn count(&self) -> anyhow::Result<u64> {
        self.with_writer(|w| {
            let n: i64 = w
                .conn
                .query_row("SELECT coalesce(sum(n), 0) FROM tallies", [], |r| r.get(0))?;
            Ok(n as u64)
        })
        .await
    }

    async fn counts(&self) -> anyhow::Result<BTreeMap<(String, String), u64>> {
        let path = self.path.clone();
        tokio::task::spawn_blocking(move || {
            let conn = SqliteStorage::reader(&path)?;
            let mut stmt = conn.prepare(
                "SELECT instrument, edition, sum(n) FROM tallies_month GROUP BY instrument, edition",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(((r.get::<_, String>(0)?, r.get::<_, String>(1)?), r.get::<_, i64>(2)?))
            })?;
            let mut out = BTreeMap::new();
            for row in rows {
                let (k, n) = row?;
                out.insert(k, n.max(0) as u64);
            }
            Ok(out)
        })
        .await?
    }

    async fn comments(&self, query: &CommentQuery) -> anyhow::Result<(u64, Vec<CommentRow>)> {
        let path = self.path.clone();
        let query = query.clone();
        tokio::task::spawn_blocking(move || {
            let conn = SqliteStorage::reader(&path)?;
            let tx = conn.unchecked_transaction()?;
            let (cond, mut args) = query.conditions(|k| format!("?{k}"));
            let total: i64 = tx.query_row(
                &format!("SELECT count(*) FROM comments c WHERE {cond}"),
                rusqlite::params_from_iter(args.iter()),
                |r| r.get(0),
            )?;
            args.push(query.limit.to_string());
            args.push(query.offset.to_string());
            let n = args.len();
            let mut stmt = tx.prepare(&format!(
                // The page's keys first, from an index alone; CROSS JOIN keeps SQLite from
                // turning the join around (scanning every comment to probe the page).
                "SELECT {COMMENT_COLUMNS} FROM (SELECT c.id FROM comments c WHERE {cond}
                   ORDER BY c.day DESC, c.id DESC LIMIT CAST(?{} AS INTEGER) OFFSET CAST(?{n} AS INTEGER)) p
                 CROSS JOIN comments c CROSS JOIN responses r
                 WHERE c.id = p.id AND r.id = c.response_id
                 ORDER BY c.day DESC, c.id DESC",
                n - 1
            ))?;
            let rows = stmt
                .query_map(rusqlite::params_from_iter(args.iter()), read_comment)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok((total.max(0) as u64, rows))
        })
        .await?
    }

    async fn comment(&self, id: &str) -> anyhow::Result<Option<CommentRow>> {
        let path = self.path.clone();
        let id = id.to_string();
        tokio::task::spawn_blocking(move || {
            let conn = SqliteStorage::reader(&path)?;
            Ok(conn
                .query_row(
                    &format!(
                        "SELECT {COMMENT_COLUMNS} FROM comments c JOIN responses r ON r.id = c.response_id
                         WHERE c.id = ?1"
                    ),
                    params![id],
                    read_comment,
                )
                .optional()?)
        })
        .await?
    }

    async fn set_comment_status(
        &self,
        id: &str,
        status: Status,
        day: Date,
    ) -> anyhow::Result<bool> {
        let id = id.to_string();
        self.with_writer(move |w| {
            let n = w.conn.execute(
                "UPDATE comments SET status = ?2, decided_day = ?3 WHERE id = ?1",
                params![id, status.as_str(), day.to_string()],
            )?;
            Ok(n == 1)
        })
        .await
    }

    async fn comment_counts(&self) -> anyhow::Result<CommentCounts> {
        let path = self.path.clone();
        tokio::task::spawn_blocking(move || {
            let conn = SqliteStorage::reader(&path)?;
            let mut stmt = conn.prepare(
                "SELECT instrument, edition, status, count(*) FROM comments
                 GROUP BY instrument, edition, status",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })?;
            let mut out = CommentCounts::new();
            for row in rows {
                let (ins, ed, status, n) = row?;
                if let Some(s) = Status::parse(&status) {
                    *out.entry((ins, ed))
                        .or_default()
                        .entry(s.as_str())
                        .or_default() += n.max(0) as u64;
                }
            }
            Ok(out)
        })
        .await?
    }

    async fn index_comments(&self, text_codes: TextCodes) -> anyhow::Result<u64> {
        self.with_writer(move |w| {
            let pending: Option<String> = w
                .conn
                .query_row(
                    "SELECT value FROM meta WHERE key = 'comments_indexed'",
                    [],
                    |r| r.get(0),
                )
                .optional()?;
            if pending.as_deref() != Some("0") {
                return Ok(0);
            }
            let tx = w
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut added = 0u64;
            {
                let mut read = tx.prepare(
                    "SELECT id, instrument, edition, unit, point, day, answers FROM responses",
                )?;
                let mut insert = tx.prepare_cached(INSERT_COMMENT)?;
                let mut rows = read.query([])?;
                while let Some(row) = rows.next()? {
                    let cols: [String; 7] = [
                        row.get(0)?,
                        row.get(1)?,
                        row.get(2)?,
                        row.get(3)?,
                        row.get(4)?,
                        row.get(5)?,
                        row.get(6)?,
                    ];
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
                        added += insert_comment(&mut insert, &c)? as u64;
                    }
                }
            }
            tx.execute(
                "UPDATE meta SET value = '1' WHERE key = 'comments_indexed'",
                [],
            )?;
            tx.commit()?;
            Ok(added)
        })
        .await
    }

    async fn close(&self) -> anyhow::Result<()> {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        self.with_writer(|w| {
            w.conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
            Ok(())
        })
        .await
    }
}
