//! SQLite back-end: `<data_dir>/prongsai.sqlite`, WAL, `synchronous=FULL`.
//!
//! One writer connection behind a lock (the ingest queue feeds it one batch at a time) and a
//! fresh read-only connection per results query or export, which WAL lets run beside the writer.
//! A lock file keeps a second `serve` from writing to the same data directory; being the only
//! writer, this process keeps the bucket tallies it last wrote in memory.
//!
//! Checkpoints run on a thread of their own, which never makes the writer wait (see
//! `Checkpointer` below); at a clean stop that thread is stopped and joined and the WAL is
//! checkpointed and truncated to 0 bytes.
use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
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
    /// Set by the checkpointer when the WAL has grown past [`WAL_RESTART_FRAMES`]: the writer
    /// then copies the last few frames itself before its next transaction (see [`Checkpointer`]).
    restart_wal: Arc<AtomicBool>,
    /// The database file, which the checkpointer flushes. Closing a descriptor drops every
    /// POSIX lock the process holds on the file, SQLite's included, so it is closed last: the
    /// field comes after the writer and the checkpointer, and the thread holds a clone.
    _db_file: Arc<File>,
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
        let restart_wal = Arc::new(AtomicBool::new(false));
        let db_file = Arc::new(
            File::options()
                .read(true)
                .open(&path)
                .with_context(|| format!("cannot open {}", path.display()))?,
        );
        let checkpointer =
            Checkpointer::start(&path, Arc::clone(&restart_wal), Arc::clone(&db_file))?;
        Ok(Sqlite {
            path,
            writer: Arc::new(Mutex::new(Writer {
                conn,
                cache: HashMap::new(),
            })),
            _lock: lock,
            checkpointer: std::sync::Mutex::new(Some(checkpointer)),
            restart_wal,
            _db_file: db_file,
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
        writer_checkpoint(&writer.conn, &self.restart_wal);
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

/// WAL frames (4 KiB pages) past which the WAL is started anew (see [`Checkpointer`]), and
/// the size the WAL file is truncated back to afterwards (`journal_size_limit`).
const WAL_RESTART_FRAMES: i64 = 4_096;
const WAL_SIZE_LIMIT: i64 = 64 * 1024 * 1024;

/// How often the checkpointer copies the WAL into the database.
const CHECKPOINT_TICK: Duration = Duration::from_millis(250);

/// The background checkpointer thread and what stops it.
///
/// Every tick it copies the WAL into the database with a PASSIVE checkpoint (never blocks the
/// writer or readers) on a connection of its own, then flushes the database file to disk
/// itself. Under a sustained flood of writes a passive checkpoint never catches up with the
/// writer, and the WAL would grow without bound (13 GB after storing 900,000 responses back to
/// back): SQLite only starts the WAL anew once every frame is in the database. So past
/// [`WAL_RESTART_FRAMES`] the thread asks the writer to copy the few frames written since, on
/// its own connection between two transactions ([`writer_checkpoint`]); its next transaction
/// then starts the WAL anew.
///
/// Before, the thread ran a RESTART checkpoint, which takes the write lock, copies the rest,
/// fsyncs the database — every page copied since the last full checkpoint, tens of MiB at
/// 2,000 responses/s — and waits for readers, all while the writer waits: 20–270 ms stalls
/// every second or two under load (p99 79–267 ms in bench/ingest).
struct Checkpointer {
    stop: mpsc::Sender<()>,
    thread: std::thread::JoinHandle<()>,
}

impl Checkpointer {
    /// `db_file` is flushed after each checkpoint: SQLite syncs the database file only when a
    /// checkpoint has copied the whole WAL.
    fn start(
        path: &Path,
        restart_wal: Arc<AtomicBool>,
        db_file: Arc<File>,
    ) -> anyhow::Result<Checkpointer> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "journal_size_limit", WAL_SIZE_LIMIT)?;
        conn.busy_timeout(Duration::from_millis(200))?;
        let (stop, stop_rx) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("prongsai-checkpoint".into())
            .spawn(move || {
                // Wakes every tick, or at once when told to stop (or when the storage is gone);
                // the connection closes when the thread ends.
                while let Err(mpsc::RecvTimeoutError::Timeout) =
                    stop_rx.recv_timeout(CHECKPOINT_TICK)
                {
                    checkpoint_tick(&conn, &db_file, &restart_wal);
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

fn checkpoint_tick(conn: &Connection, db_file: &File, restart_wal: &AtomicBool) {
    if restart_wal.load(Ordering::Acquire) {
        // The writer has not taken its turn yet; two checkpoints at once would only make one
        // of them find the other busy.
        return;
    }
    let counts = |r: &rusqlite::Row| Ok((r.get::<_, i64>(1)?, r.get::<_, i64>(2)?));
    match conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], counts) {
        Ok((log, copied)) => {
            if copied > 0 {
                let started = std::time::Instant::now();
                match db_file.sync_data() {
                    Ok(()) => tracing::debug!(
                        "checkpointed {copied} of {log} WAL frames; database flushed in {} ms",
                        started.elapsed().as_millis()
                    ),
                    Err(e) => tracing::debug!("flushing the database file: {e}"),
                }
            }
            if log > WAL_RESTART_FRAMES {
                restart_wal.store(true, Ordering::Release);
            }
        }
        Err(e) => tracing::debug!("checkpoint: {e}"),
    }
}

/// Run by the writer before each transaction; when the checkpointer has asked, a PASSIVE
/// checkpoint on the writer's own connection copies what was written since the checkpointer's
/// last pass (little: the rest is already in the database and on disk) and, having copied
/// everything, lets the next transaction start the WAL anew. PASSIVE never waits: with a
/// reader still on an old snapshot, or the checkpointer busy, it copies what it can and is
/// asked again at a later tick.
fn writer_checkpoint(conn: &Connection, restart_wal: &AtomicBool) {
    if !restart_wal.swap(false, Ordering::AcqRel) {
        return;
    }
    let started = std::time::Instant::now();
    let counts = |r: &rusqlite::Row| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
        ))
    };
    match conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], counts) {
        Ok((busy, log, copied)) => {
            tracing::debug!(
                "WAL of {} MiB copied by the writer ({copied} of {log} frames{}) in {} ms",
                log * 4 / 1024,
                if busy == 1 { ", busy" } else { "" },
                started.elapsed().as_millis()
            );
            if busy == 1 {
                restart_wal.store(true, Ordering::Release);
            }
        }
        Err(e) => tracing::debug!("writer checkpoint: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Frames in the WAL, as a PASSIVE checkpoint reports them (it also copies them).
    fn wal_frames(conn: &Connection) -> i64 {
        conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get(1))
            .expect("checkpoint")
    }

    /// Under a flood of writes the checkpointer never takes the write lock (it used to run a
    /// RESTART checkpoint, which held the writer back for up to a quarter of a second): it
    /// copies what it can while a transaction is open, and past the limit asks the writer,
    /// whose next checkpoint between two transactions lets the WAL start anew — so the WAL
    /// stays bounded.
    #[test]
    fn the_checkpointer_never_takes_the_write_lock_and_the_writer_starts_the_wal_anew() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(FILE_NAME);
        let writer = Connection::open(&path).expect("open");
        writer
            .pragma_update(None, "journal_mode", "WAL")
            .expect("wal");
        writer
            .pragma_update(None, "wal_autocheckpoint", 0)
            .expect("no autocheckpoint");
        writer
            .execute_batch("CREATE TABLE t (k INTEGER PRIMARY KEY, v BLOB)")
            .expect("table");
        // Well past the limit: every row fills a page of its own.
        let rows = WAL_RESTART_FRAMES + 100;
        writer.execute_batch("BEGIN").expect("begin");
        for k in 0..rows {
            writer
                .execute("INSERT INTO t VALUES (?1, zeroblob(4000))", [k])
                .expect("insert");
        }
        writer.execute_batch("COMMIT").expect("commit");

        // A write transaction stays open while the checkpointer runs.
        writer.execute_batch("BEGIN IMMEDIATE").expect("begin");
        writer
            .execute("INSERT INTO t VALUES (?1, zeroblob(10))", [rows])
            .expect("insert");

        let ckpt = Connection::open(&path).expect("open");
        ckpt.busy_timeout(Duration::from_secs(5)).expect("timeout");
        let db_file = File::open(&path).expect("db file");
        let restart = AtomicBool::new(false);
        let started = std::time::Instant::now();
        checkpoint_tick(&ckpt, &db_file, &restart);
        // A RESTART checkpoint would wait for the write lock here (busy timeout 5 s).
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "the checkpointer waited for the writer"
        );
        assert!(
            restart.load(Ordering::Acquire),
            "the writer is asked to restart"
        );
        writer.execute_batch("COMMIT").expect("commit");

        // The checkpointer does nothing more until the writer has taken its turn.
        assert!(wal_frames(&ckpt) > WAL_RESTART_FRAMES);
        restart.store(true, Ordering::Release);
        writer_checkpoint(&writer, &restart);
        assert!(!restart.load(Ordering::Acquire));
        // The next transaction writes from the start of the WAL again.
        writer
            .execute("INSERT INTO t VALUES (?1, zeroblob(10))", [rows + 1])
            .expect("insert");
        let frames = wal_frames(&ckpt);
        assert!(frames < 10, "the WAL started anew: {frames} frames");
        let n: i64 = writer
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .expect("count");
        assert_eq!(n, rows + 2);
    }
}
