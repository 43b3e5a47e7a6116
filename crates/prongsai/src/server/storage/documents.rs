//! A small versioned document store for what the officer writes rather than what respondents
//! answer: last year's official results (`official`), the O42 measures plan (`o42`) and its O43
//! progress (`o43`), the OIT self-assessment (`oit`) and its link checks (`oit-links`), one line
//! of history per save.
//!
//! Table `documents(kind, unit, fiscal_year, version, saved_day, body)` (schema 4): every save is
//! a new version (1, 2, …) of its (kind, unit, fiscal year); the highest is current, none is ever
//! overwritten or deleted. `body` is the JSON text; `saved_day` the ISO date (no time of day and
//! nobody's identity is stored, as for responses).
//!
//! Written once against [`Db`], like the rest of the storage: the documents use the responses'
//! connections and transactions ([`Storage::save_document`](super::Storage::save_document) and
//! the two reads), so each back-end only runs the SQL.
use anyhow::Context as _;
use prongsai_core::Date;
use serde_json::Value;

use super::sql::{args, Backend, Db, Row};
use super::Store;

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

/// Two concurrent saves of one document collide on the primary key: the loser tries again.
const SAVE_ATTEMPTS: usize = 3;

/// Saves `body` as the next version in a write transaction of `store`; returns its number.
pub(super) async fn save_in<B: Backend>(
    store: &Store<B>,
    kind: Kind,
    unit: &str,
    fiscal_year: i32,
    day: Date,
    body: &Value,
) -> anyhow::Result<i32> {
    let backend = store.backend();
    let mut last = None;
    for _ in 0..SAVE_ATTEMPTS {
        let attempt = backend
            .run(async {
                let mut db = backend.write().await?;
                let version = save(&mut db, kind, unit, fiscal_year, day, body).await?;
                db.commit().await?;
                Ok(version)
            })
            .await;
        match attempt {
            Ok(v) => return Ok(v),
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| anyhow::anyhow!("the document was not saved")))
}

/// Every version (newest first), or with `latest_only` the current one, in one read
/// transaction of `store`.
pub(super) async fn versions_in<B: Backend>(
    store: &Store<B>,
    kind: Kind,
    unit: &str,
    fiscal_year: i32,
    latest_only: bool,
) -> anyhow::Result<Vec<Version>> {
    let backend = store.backend();
    backend
        .run(async {
            let mut db = backend.read().await?;
            let found = versions(&mut db, kind, unit, fiscal_year, latest_only).await?;
            db.commit().await?;
            Ok(found)
        })
        .await
}

/// Saves `body` as the next version in the transaction `db`; returns its number.
async fn save<D: Db>(
    db: &mut D,
    kind: Kind,
    unit: &str,
    fiscal_year: i32,
    day: Date,
    body: &Value,
) -> anyhow::Result<i32> {
    let text = serde_json::to_string(body)?;
    let rows = db
        .query(
            INSERT,
            args![
                kind.key(),
                unit,
                i64::from(fiscal_year),
                day.to_string(),
                text
            ],
        )
        .await?;
    let version = rows
        .first()
        .ok_or_else(|| anyhow::anyhow!("the document store returned no version"))?
        .int(0)?;
    Ok(i32::try_from(version)?)
}

/// Every version (newest first), or with `latest_only` the current one.
async fn versions<D: Db>(
    db: &mut D,
    kind: Kind,
    unit: &str,
    fiscal_year: i32,
    latest_only: bool,
) -> anyhow::Result<Vec<Version>> {
    let sql = if latest_only { LATEST } else { HISTORY };
    db.query(sql, args![kind.key(), unit, i64::from(fiscal_year)])
        .await?
        .iter()
        .map(version)
        .collect()
}

fn version(row: &Row) -> anyhow::Result<Version> {
    let version = i32::try_from(row.int(0)?)?;
    Ok(Version {
        version,
        saved_day: row.text(1)?,
        body: serde_json::from_str(&row.text(2)?)
            .with_context(|| format!("stored document version {version} is not JSON"))?,
    })
}

#[cfg(test)]
mod tests {
    use super::super::Storage;
    use super::*;
    use crate::server::config::StorageTarget;
    use serde_json::json;

    /// `unit` is fresh for each run: a PostgreSQL database may be shared with earlier runs.
    async fn every_save_is_a_new_version(docs: &dyn Storage, unit: &str) {
        let day = Date {
            year: 2025,
            month: 1,
            day: 2,
        };
        assert_eq!(
            docs.latest_document(Kind::Measures, unit, 2568)
                .await
                .expect("latest"),
            None
        );
        for n in 1..=3 {
            let v = docs
                .save_document(Kind::Measures, unit, 2568, day, &json!({ "n": n }))
                .await
                .expect("save");
            assert_eq!(v, n);
        }
        // Another unit, kind or year starts its own history.
        let other = format!("{unit}-branch");
        for (kind, unit, fy) in [
            (Kind::Measures, other.as_str(), 2568),
            (Kind::Progress, unit, 2568),
            (Kind::Measures, unit, 2569),
        ] {
            assert_eq!(
                docs.save_document(kind, unit, fy, day, &json!({}))
                    .await
                    .expect("save"),
                1
            );
        }
        let latest = docs
            .latest_document(Kind::Measures, unit, 2568)
            .await
            .expect("latest")
            .expect("some");
        assert_eq!((latest.version, latest.body), (3, json!({ "n": 3 })));
        let history = docs
            .document_history(Kind::Measures, unit, 2568)
            .await
            .expect("history");
        let versions: Vec<i32> = history.iter().map(|v| v.version).collect();
        assert_eq!(versions, [3, 2, 1]);
        assert_eq!(history[2].body, json!({ "n": 1 }));
        assert_eq!(history[2].saved_day, "2025-01-02");
    }

    #[tokio::test]
    async fn every_save_is_a_new_version_and_the_latest_is_current_in_sqlite() {
        let dir = std::env::temp_dir().join(format!("prongsai-docs-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let _ = std::fs::remove_file(dir.join(super::super::sqlite::FILE_NAME));
        let docs = super::super::open(&StorageTarget::Sqlite {
            data_dir: dir.clone(),
        })
        .await
        .expect("open");
        every_save_is_a_new_version(docs.as_ref(), "demo").await;
        docs.close().await.expect("close");
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// With PRONGSAI_TEST_POSTGRES_URL (scripts/pg-test-server.sh run -- …); skipped without.
    #[tokio::test]
    async fn every_save_is_a_new_version_and_the_latest_is_current_in_postgres() {
        let Ok(url) = std::env::var("PRONGSAI_TEST_POSTGRES_URL") else {
            eprintln!("skipped: PRONGSAI_TEST_POSTGRES_URL is not set");
            return;
        };
        let docs = super::super::open(&StorageTarget::Postgres { url })
            .await
            .expect("open");
        let unit = format!("docs-{}", crate::server::config::random_token());
        every_save_is_a_new_version(docs.as_ref(), &unit).await;
        docs.close().await.expect("close");
    }
}
