//! A small versioned document store for what the officer writes rather than what respondents
//! answer: last year's official results (`official`), the O42 measures plan (`o42`) and its O43
//! progress (`o43`), the OIT self-assessment (`oit`) and its link checks (`oit-links`), one line
//! of history per save.
//!
//! Table `documents(kind, unit, fiscal_year, version, saved_day, body)`: every save is a new
//! version (1, 2, …) of its (kind, unit, fiscal year); the highest is current, none is ever
//! overwritten or deleted. `body` is the JSON text; `saved_day` the ISO date (no time of day and
//! nobody's identity is stored, as for responses).
//!
//! The SQL is written once: `$n` placeholders mean the same in PostgreSQL and SQLite (where
//! `$1` is a named parameter numbered by its first appearance, and each statement below names
//! its parameters in order). The store keeps its own connection (SQLite: one more connection to
//! the same WAL file; PostgreSQL: a small pool), so the response storage is left alone.
use std::path::Path;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{anyhow, Context as _};
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use prongsai_core::Date;
use serde_json::Value;
use tokio_postgres::NoTls;

use super::super::config::{redact_url, StorageTarget};

/// The kinds of document the server keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Last year's official ITA results (`prongsai.official/1`), keyed by their own fiscal year.
    Official,
    /// The O42 measures plan, keyed by the fiscal year the measures are for.
    Measures,
    /// The O43 progress of those measures, same key as the plan.
    Progress,
    /// The OIT self-assessment (answers `o1`, `o1.url`, `o1.note` … and the main site).
    Oit,
    /// The evidence link checks of the OIT self-assessment, each naming the version it checked.
    OitLinks,
}

impl Kind {
    pub fn key(self) -> &'static str {
        match self {
            Kind::Official => "official",
            Kind::Measures => "o42",
            Kind::Progress => "o43",
            Kind::Oit => "oit",
            Kind::OitLinks => "oit-links",
        }
    }
}

/// One saved version.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    pub version: i32,
    pub saved_day: String,
    pub body: Value,
}

const CREATE: &str = "CREATE TABLE IF NOT EXISTS documents (
    kind TEXT NOT NULL,
    unit TEXT NOT NULL,
    fiscal_year INTEGER NOT NULL,
    version INTEGER NOT NULL,
    saved_day TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (kind, unit, fiscal_year, version)
)";

/// The next version in one statement; two concurrent saves of the same document collide on the
/// primary key and the loser is retried.
const INSERT: &str = "INSERT INTO documents (kind, unit, fiscal_year, version, saved_day, body)
    SELECT $1, $2, $3, COALESCE(MAX(version), 0) + 1, $4, $5
    FROM documents WHERE kind = $1 AND unit = $2 AND fiscal_year = $3
    RETURNING version";

const HISTORY: &str = "SELECT version, saved_day, body FROM documents
    WHERE kind = $1 AND unit = $2 AND fiscal_year = $3 ORDER BY version DESC";

const LATEST: &str = "SELECT version, saved_day, body FROM documents
    WHERE kind = $1 AND unit = $2 AND fiscal_year = $3 ORDER BY version DESC LIMIT 1";

const SAVE_ATTEMPTS: usize = 3;

#[derive(Clone)]
pub enum Documents {
    Sqlite(Arc<Mutex<rusqlite::Connection>>),
    Postgres(Pool),
}

impl std::fmt::Debug for Documents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Documents::Sqlite(_) => f.write_str("Documents(SQLite)"),
            Documents::Postgres(_) => f.write_str("Documents(PostgreSQL)"),
        }
    }
}

impl Documents {
    /// Opens the store next to the responses and creates its table.
    pub async fn open(target: &StorageTarget) -> anyhow::Result<Documents> {
        match target {
            StorageTarget::Sqlite { data_dir } => {
                let path = data_dir.join(super::sqlite::FILE_NAME);
                tokio::task::spawn_blocking(move || open_sqlite(&path)).await?
            }
            StorageTarget::Postgres { url } => open_postgres(url)
                .await
                .map_err(|e| anyhow!("PostgreSQL at {}: {e:#}", redact_url(url))),
        }
    }

    /// Saves `body` as the next version; returns its number.
    pub async fn save(
        &self,
        kind: Kind,
        unit: &str,
        fiscal_year: i32,
        day: Date,
        body: &Value,
    ) -> anyhow::Result<i32> {
        let text = serde_json::to_string(body)?;
        let day = day.to_string();
        let mut last = None;
        for _ in 0..SAVE_ATTEMPTS {
            let attempt = match self {
                Documents::Sqlite(conn) => {
                    let conn = Arc::clone(conn);
                    let (unit, day, text) = (unit.to_string(), day.clone(), text.clone());
                    tokio::task::spawn_blocking(move || -> anyhow::Result<i32> {
                        let conn = conn
                            .lock()
                            .map_err(|_| anyhow!("document store poisoned"))?;
                        Ok(conn.query_row(
                            INSERT,
                            rusqlite::params![kind.key(), unit, fiscal_year, day, text],
                            |r| r.get(0),
                        )?)
                    })
                    .await?
                }
                Documents::Postgres(pool) => {
                    async {
                        let client = pool
                            .get()
                            .await
                            .map_err(|e| anyhow!("cannot connect: {e}"))?;
                        let row = client
                            .query_one(INSERT, &[&kind.key(), &unit, &fiscal_year, &day, &text])
                            .await?;
                        Ok(row.get::<_, i32>(0))
                    }
                    .await
                }
            };
            match attempt {
                Ok(v) => return Ok(v),
                Err(e) => last = Some(e),
            }
        }
        Err(last.unwrap_or_else(|| anyhow!("the document was not saved")))
    }

    /// The current (highest) version, if any.
    pub async fn latest(
        &self,
        kind: Kind,
        unit: &str,
        fiscal_year: i32,
    ) -> anyhow::Result<Option<Version>> {
        Ok(self
            .query(LATEST, kind, unit, fiscal_year)
            .await?
            .into_iter()
            .next())
    }

    /// Every version, newest first.
    pub async fn history(
        &self,
        kind: Kind,
        unit: &str,
        fiscal_year: i32,
    ) -> anyhow::Result<Vec<Version>> {
        self.query(HISTORY, kind, unit, fiscal_year).await
    }

    async fn query(
        &self,
        sql: &'static str,
        kind: Kind,
        unit: &str,
        fiscal_year: i32,
    ) -> anyhow::Result<Vec<Version>> {
        let rows: Vec<(i32, String, String)> = match self {
            Documents::Sqlite(conn) => {
                let conn = Arc::clone(conn);
                let unit = unit.to_string();
                tokio::task::spawn_blocking(
                    move || -> anyhow::Result<Vec<(i32, String, String)>> {
                        let conn = conn
                            .lock()
                            .map_err(|_| anyhow!("document store poisoned"))?;
                        let mut stmt = conn.prepare_cached(sql)?;
                        let rows = stmt
                            .query_map(rusqlite::params![kind.key(), unit, fiscal_year], |r| {
                                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                            })?
                            .collect::<Result<Vec<_>, _>>()?;
                        Ok(rows)
                    },
                )
                .await??
            }
            Documents::Postgres(pool) => {
                let client = pool
                    .get()
                    .await
                    .map_err(|e| anyhow!("cannot connect: {e}"))?;
                client
                    .query(sql, &[&kind.key(), &unit, &fiscal_year])
                    .await?
                    .into_iter()
                    .map(|r| (r.get(0), r.get(1), r.get(2)))
                    .collect()
            }
        };
        rows.into_iter()
            .map(|(version, saved_day, body)| {
                Ok(Version {
                    version,
                    saved_day,
                    body: serde_json::from_str(&body).with_context(|| {
                        format!("stored document version {version} is not JSON")
                    })?,
                })
            })
            .collect()
    }
}

fn open_sqlite(path: &Path) -> anyhow::Result<Documents> {
    let conn = rusqlite::Connection::open(path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.execute_batch(CREATE)?;
    Ok(Documents::Sqlite(Arc::new(Mutex::new(conn))))
}

async fn open_postgres(url: &str) -> anyhow::Result<Documents> {
    let config =
        tokio_postgres::Config::from_str(url).context("the database URL cannot be read")?;
    let manager = Manager::from_config(
        config,
        NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    let pool = Pool::builder(manager)
        .max_size(2)
        .wait_timeout(Some(Duration::from_secs(10)))
        .create_timeout(Some(Duration::from_secs(10)))
        .runtime(deadpool_postgres::Runtime::Tokio1)
        .build()
        .context("cannot make the connection pool")?;
    let client = pool
        .get()
        .await
        .map_err(|e| anyhow!("cannot connect: {e}"))?;
    client.batch_execute(CREATE).await?;
    drop(client);
    Ok(Documents::Postgres(pool))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[tokio::test]
    async fn every_save_is_a_new_version_and_the_latest_is_current() {
        let dir = std::env::temp_dir().join(format!("prongsai-docs-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let _ = std::fs::remove_file(dir.join(super::super::sqlite::FILE_NAME));
        let docs = Documents::open(&StorageTarget::Sqlite {
            data_dir: dir.clone(),
        })
        .await
        .expect("open");
        let day = Date {
            year: 2025,
            month: 1,
            day: 2,
        };
        assert_eq!(
            docs.latest(Kind::Measures, "demo", 2568)
                .await
                .expect("latest"),
            None
        );
        for n in 1..=3 {
            let v = docs
                .save(Kind::Measures, "demo", 2568, day, &json!({ "n": n }))
                .await
                .expect("save");
            assert_eq!(v, n);
        }
        // Another unit, kind or year starts its own history.
        assert_eq!(
            docs.save(Kind::Measures, "branch", 2568, day, &json!({}))
                .await
                .expect("save"),
            1
        );
        assert_eq!(
            docs.save(Kind::Progress, "demo", 2568, day, &json!({}))
                .await
                .expect("save"),
            1
        );
        let latest = docs
            .latest(Kind::Measures, "demo", 2568)
            .await
            .expect("latest")
            .expect("some");
        assert_eq!((latest.version, latest.body), (3, json!({ "n": 3 })));
        let history = docs
            .history(Kind::Measures, "demo", 2568)
            .await
            .expect("history");
        let versions: Vec<i32> = history.iter().map(|v| v.version).collect();
        assert_eq!(versions, [3, 2, 1]);
        assert_eq!(history[2].body, json!({ "n": 1 }));
        assert_eq!(history[2].saved_day, "2025-01-02");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
