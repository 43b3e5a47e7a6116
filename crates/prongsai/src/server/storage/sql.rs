//! What a back-end gives the storage algorithm (`store.rs`): a transaction that runs SQL with
//! `$1, $2, …` placeholders and plain values, and the few places where the dialects differ.
//!
//! The algorithm is written once against [`Db`]; SQLite and PostgreSQL only translate
//! placeholders and values for their driver and say how a transaction starts and ends.
use std::future::Future;

/// A value bound to a placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    Int(i64),
    Null,
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.clone())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Arg {
        Arg::Int(n)
    }
}

impl From<Option<String>> for Arg {
    fn from(s: Option<String>) -> Arg {
        s.map_or(Arg::Null, Arg::Text)
    }
}

/// Builds an argument list: `args![a, b, c]`.
macro_rules! args {
    ($($a:expr),* $(,)?) => { &[$($crate::server::storage::sql::Arg::from($a)),*] };
}
pub(crate) use args;

/// A value read from a column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Null,
}

/// One result row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row(pub Vec<Cell>);

impl Row {
    fn cell(&self, i: usize) -> anyhow::Result<&Cell> {
        self.0
            .get(i)
            .ok_or_else(|| anyhow::anyhow!("the query returned no column {i}"))
    }

    /// A text column (an error if NULL or not text).
    pub fn text(&self, i: usize) -> anyhow::Result<String> {
        match self.cell(i)? {
            Cell::Text(s) => Ok(s.clone()),
            other => anyhow::bail!("column {i}: expected text, found {other:?}"),
        }
    }

    /// A text column that may be NULL.
    pub fn opt_text(&self, i: usize) -> anyhow::Result<Option<String>> {
        match self.cell(i)? {
            Cell::Null => Ok(None),
            Cell::Text(s) => Ok(Some(s.clone())),
            other => anyhow::bail!("column {i}: expected text, found {other:?}"),
        }
    }

    /// An integer column (NULL reads as 0: `sum` over no rows).
    pub fn int(&self, i: usize) -> anyhow::Result<i64> {
        match self.cell(i)? {
            Cell::Int(n) => Ok(*n),
            Cell::Null => Ok(0),
            other => anyhow::bail!("column {i}: expected an integer, found {other:?}"),
        }
    }
}

/// One open transaction. Dropping it without [`Db::commit`] rolls it back.
pub trait Db: Send {
    /// Runs a statement; returns the number of rows it changed.
    fn execute(
        &mut self,
        sql: &str,
        args: &[Arg],
    ) -> impl Future<Output = anyhow::Result<u64>> + Send;

    /// Runs a query; returns all its rows.
    fn query(
        &mut self,
        sql: &str,
        args: &[Arg],
    ) -> impl Future<Output = anyhow::Result<Vec<Row>>> + Send;

    /// A bucket tally this process wrote last, taken out of its cache (only a back-end that is
    /// the single writer of its database keeps one).
    fn cached_tally(&mut self, key: &super::BucketKey) -> Option<prongsai_core::Tally>;

    /// Offers a bucket tally to the cache, effective once the transaction commits.
    fn keep_tally(&mut self, key: super::BucketKey, tally: prongsai_core::Tally);

    fn commit(self) -> impl Future<Output = anyhow::Result<()>> + Send;
}

/// A database: how to open transactions, and the dialect's few differences.
pub trait Backend: Send + Sync + 'static {
    type Db: Db;

    /// Appended to a `SELECT` of bucket rows to lock them until the transaction ends; empty
    /// where the whole database is locked by the write transaction anyway.
    const LOCK_ROWS: &'static str;

    /// "SQLite …" or "PostgreSQL …", for the start-up log and `/healthz`.
    fn describe(&self) -> String;

    /// A transaction that writes. Concurrent writers wait for each other (SQLite) or lock rows
    /// (PostgreSQL).
    fn write(&self) -> impl Future<Output = anyhow::Result<Self::Db>> + Send;

    /// A read-only transaction on one consistent snapshot.
    fn read(&self) -> impl Future<Output = anyhow::Result<Self::Db>> + Send;

    /// Whether a failed write transaction is worth running again (deadlock, serialisation).
    fn retryable(error: &anyhow::Error) -> bool;

    /// Runs one storage operation. SQLite's driver blocks, so its operations run where blocking
    /// is allowed; PostgreSQL's are plain async.
    fn run<T: Send>(
        &self,
        op: impl Future<Output = anyhow::Result<T>> + Send,
    ) -> impl Future<Output = anyhow::Result<T>> + Send;

    /// Flushes and closes.
    fn close(&self) -> impl Future<Output = anyhow::Result<()>> + Send;
}
