//! SQLite back-end: `<data_dir>/prongsai.sqlite`, WAL, `synchronous=FULL`.
//!
//! One writer connection behind a lock (the ingest queue feeds it one batch at a time) and a
//! fresh read-only connection per results query or export, which WAL lets run beside the writer.
//! A lock file keeps a second `serve` from writing to the same data directory; being the only
//! writer, this process keeps the bucket tallies it last wrote in memory.
//!
//! Checkpoints run on a thread of their own; at a clean stop that thread is stopped and joined
//! and the WAL is checkpointed and truncated to 0 bytes.
use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use anyhow::{anyhow, bail, Context as _};
use prongsai_core::Tally;
use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{Connection, OpenFlags};
use tokio::runtime::{Handle, RuntimeFlavor};
use tokio::sync::{Mutex, OwnedMutexGuard};

use super::schema::{migrations, Dialect};
use super::sql::{Arg, Backend, Cell, Db, Row};
use super::{BucketKey, Store};

pub const FILE_NAME: &str = "prongsai.sqlite";

/// The storage over SQLite.
pub type SqliteStorage = Store<Sqlite>;

/// The writer connection and the bucket tallies it last wrote, so a batch does not re-read and
/// re-parse them.
struct Writer {
    conn: Connection,
    cache: HashMap<BucketKey, Tally>,
}

const CACHE_BUCKETS: usize = 2048;

pub struct Sqlite {
    path: PathBuf,
    writer: Arc<Mutex<Writer>>,
    /// Held open for the life of the server: the advisory lock on `prongsai.lock`.
    _lock: File,
    checkpointer: std::sync::Mutex<Option<Checkpointer>>,
}

impl Store<Sqlite> {
    pub async fn open(data_dir: &Path) -> anyhow::Result<SqliteStorage> {
        let data_dir = data_dir.to_path_buf();
        let backend = tokio::task::spawn_blocking(move || Sqlite::open(&data_dir)).await??;
        Ok(Store::new(backend))
    }
}

impl Sqlite {
    fn open(data_dir: &Path) -> anyhow::Result<Sqlite> {
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
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.set_prepared_statement_cache_capacity(64);
        migrate(&mut conn)
            .with_context(|| format!("cannot bring {} up to date", path.display()))?;
        let checkpointer = Checkpointer::start(&path)?;
        Ok(Sqlite {
            path,
            writer: Arc::new(Mutex::new(Writer {
                conn,
                cache: HashMap::new(),
            })),
            _lock: lock,
            checkpointer: std::sync::Mutex::new(Some(checkpointer)),
        })
    }

    fn stop_checkpointer(&self) {
        let running = self
            .checkpointer
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some(c) = running {
            c.stop();
        }
    }
}

fn migrate(conn: &mut Connection) -> anyhow::Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let all = migrations(Dialect::Sqlite);
    let known = all.len() as i64;
    if version > known {
        bail!("the database was written by a newer prongsai (schema {version}, this one knows {known})");
    }
    for (i, sql) in all.iter().enumerate().skip(version as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
        tracing::info!("database schema migrated to version {}", i + 1);
    }
    Ok(())
}

impl rusqlite::ToSql for Arg {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Arg::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Arg::Int(n) => ToSqlOutput::Owned(Value::Integer(*n)),
            Arg::Null => ToSqlOutput::Owned(Value::Null),
        })
    }
}

fn cell(value: ValueRef<'_>) -> Cell {
    match value {
        ValueRef::Null => Cell::Null,
        ValueRef::Integer(n) => Cell::Int(n),
        ValueRef::Real(x) => Cell::Int(x as i64),
        ValueRef::Text(t) | ValueRef::Blob(t) => {
            Cell::Text(String::from_utf8_lossy(t).into_owned())
        }
    }
}

/// SQLite numbers its placeholders `?1, ?2, …` where the shared statements say `$1, $2, …`.
fn dialect(sql: &str) -> String {
    sql.replace('$', "?")
}

enum Conn {
    Writer(OwnedMutexGuard<Writer>),
    Reader(Connection),
}

/// A transaction on the writer connection or on a fresh read-only one.
pub struct SqliteDb {
    conn: Conn,
    open: bool,
    /// Tallies to put in the cache once the transaction has committed.
    staged: Vec<(BucketKey, Tally)>,
}

impl SqliteDb {
    fn connection(&self) -> &Connection {
        match &self.conn {
            Conn::Writer(w) => &w.conn,
            Conn::Reader(c) => c,
        }
    }
}

impl Db for SqliteDb {
    async fn execute(&mut self, sql: &str, args: &[Arg]) -> anyhow::Result<u64> {
        let mut stmt = self.connection().prepare_cached(&dialect(sql))?;
        Ok(stmt.execute(rusqlite::params_from_iter(args.iter()))? as u64)
    }

    async fn query(&mut self, sql: &str, args: &[Arg]) -> anyhow::Result<Vec<Row>> {
        let mut stmt = self.connection().prepare_cached(&dialect(sql))?;
        let columns = stmt.column_count();
        let mut rows = stmt.query(rusqlite::params_from_iter(args.iter()))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let cells = (0..columns)
                .map(|i| row.get_ref(i).map(cell))
                .collect::<Result<Vec<_>, _>>()?;
            out.push(Row(cells));
        }
        Ok(out)
    }

    fn cached_tally(&mut self, key: &BucketKey) -> Option<Tally> {
        // Taken out of the cache: if the transaction fails it is simply not put back.
        match &mut self.conn {
            Conn::Writer(w) => w.cache.remove(key),
            Conn::Reader(_) => None,
        }
    }

    fn keep_tally(&mut self, key: BucketKey, tally: Tally) {
        self.staged.push((key, tally));
    }

    async fn commit(mut self) -> anyhow::Result<()> {
        self.connection().execute_batch("COMMIT")?;
        self.open = false;
        let staged = std::mem::take(&mut self.staged);
        if let Conn::Writer(w) = &mut self.conn {
            if w.cache.len() + staged.len() > CACHE_BUCKETS {
                w.cache.clear();
            }
            w.cache.extend(staged);
        }
        Ok(())
    }
}

impl Drop for SqliteDb {
    fn drop(&mut self) {
        if self.open {
            if let Err(e) = self.connection().execute_batch("ROLLBACK") {
                tracing::debug!("rollback: {e}");
            }
        }
    }
}

impl Backend for Sqlite {
    type Db = SqliteDb;
    // `BEGIN IMMEDIATE` holds the only write lock of the database.
    const LOCK_ROWS: &'static str = "";

    fn describe(&self) -> String {
        format!("SQLite {}", self.path.display())
    }

    async fn write(&self) -> anyhow::Result<SqliteDb> {
        let writer = Arc::clone(&self.writer).lock_owned().await;
        writer.conn.execute_batch("BEGIN IMMEDIATE")?;
        Ok(SqliteDb {
            conn: Conn::Writer(writer),
            open: true,
            staged: Vec::new(),
        })
    }

    async fn read(&self) -> anyhow::Result<SqliteDb> {
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.execute_batch("BEGIN")?;
        Ok(SqliteDb {
            conn: Conn::Reader(conn),
            open: true,
            staged: Vec::new(),
        })
    }

    fn retryable(_: &anyhow::Error) -> bool {
        false
    }

    async fn run<T: Send>(
        &self,
        op: impl std::future::Future<Output = anyhow::Result<T>> + Send,
    ) -> anyhow::Result<T> {
        // rusqlite blocks: on the server's runtime the operation runs where blocking is allowed,
        // so requests keep being served meanwhile; a single-threaded runtime (tests, tools) just
        // runs it.
        match Handle::try_current().map(|h| h.runtime_flavor()) {
            Ok(RuntimeFlavor::MultiThread) => {
                tokio::task::block_in_place(|| Handle::current().block_on(op))
            }
            _ => op.await,
        }
    }

    async fn close(&self) -> anyhow::Result<()> {
        self.stop_checkpointer();
        let writer = Arc::clone(&self.writer).lock_owned().await;
        let path = self.path.clone();
        let truncated =
            tokio::task::spawn_blocking(move || truncate_wal(&writer.conn, &path)).await?;
        if let Err(e) = truncated {
            // Nothing is lost: the next start applies the WAL.
            tracing::warn!("{e:#}");
        }
        Ok(())
    }
}

impl Drop for Sqlite {
    fn drop(&mut self) {
        self.stop_checkpointer();
    }
}

/// Copies the whole WAL into the database and truncates it to 0 bytes. A "busy" result (a
/// reader still holds an old snapshot) is retried for a few seconds, then reported.
fn truncate_wal(conn: &Connection, path: &Path) -> anyhow::Result<()> {
    const TRIES: u32 = 50;
    for attempt in 1..=TRIES {
        let (busy, log, copied): (i64, i64, i64) =
            conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?;
        if busy == 0 {
            tracing::debug!("WAL checkpointed ({copied} of {log} frames) and truncated");
            return Ok(());
        }
        if attempt < TRIES {
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    Err(anyhow!(
        "the WAL of {} could not be truncated: the database stayed busy (a reader held it); it is \
         applied at the next start",
        path.display()
    ))
}

/// WAL frames (4 KiB pages) past which the checkpointer makes the writer wait for a full
/// checkpoint, and the size the WAL file is truncated back to afterwards (`journal_size_limit`).
const WAL_RESTART_FRAMES: i64 = 16_384;
const WAL_SIZE_LIMIT: i64 = 64 * 1024 * 1024;

/// The background checkpointer thread and what stops it.
struct Checkpointer {
    stop: mpsc::Sender<()>,
    thread: std::thread::JoinHandle<()>,
}

impl Checkpointer {
    /// Copies the WAL back into the database every half second with a PASSIVE checkpoint, which
    /// never blocks the writer or readers, on a thread and connection of its own; a WAL grown
    /// past 64 MiB gets a RESTART checkpoint, which holds the writer back only while it copies
    /// the rest.
    fn start(path: &Path) -> anyhow::Result<Checkpointer> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "journal_size_limit", WAL_SIZE_LIMIT)?;
        // Short: a pending RESTART checkpoint holds new writers back; if it cannot start soon it
        // is retried at the next tick instead.
        conn.busy_timeout(Duration::from_millis(200))?;
        let (stop, stop_rx) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("prongsai-checkpoint".into())
            .spawn(move || {
                // Wakes every half second, or at once when told to stop (or when the storage is
                // gone); the connection closes when the thread ends.
                while let Err(mpsc::RecvTimeoutError::Timeout) =
                    stop_rx.recv_timeout(Duration::from_millis(500))
                {
                    checkpoint_tick(&conn);
                }
            })?;
        Ok(Checkpointer { stop, thread })
    }

    /// Stops the thread and waits for it (at most one checkpoint in progress).
    fn stop(self) {
        let _ = self.stop.send(());
        if self.thread.join().is_err() {
            tracing::warn!("the checkpoint thread had panicked");
        }
    }
}

fn checkpoint_tick(conn: &Connection) {
    let frames = |r: &rusqlite::Row| r.get::<_, i64>(1);
    match conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], frames) {
        // Under a sustained flood of writes a passive checkpoint never catches up with the
        // writer, and the WAL would grow without bound (13 GB after storing 900,000 responses
        // back to back): past the limit, wait for a gap between two transactions, copy the rest,
        // and let the next one start the WAL anew.
        Ok(log) if log > WAL_RESTART_FRAMES => {
            let started = std::time::Instant::now();
            match conn.query_row("PRAGMA wal_checkpoint(RESTART)", [], |r| r.get::<_, i64>(0)) {
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
