//! PostgreSQL back-end (`--database postgres://…`), for agencies that run several `serve`
//! processes behind a load balancer: responses, one-time codes and admin sessions all live in
//! the database, so any process answers any request. Plain TCP (no TLS): run it next to the
//! database or through a tunnel.
//!
//! Concurrency between processes (the algorithm is in `store.rs`): a response id is inserted
//! with `ON CONFLICT DO NOTHING` (the unique index makes a concurrent duplicate wait and then see
//! the row); bucket rows are locked with `SELECT … FOR UPDATE` in key order so batches cannot
//! deadlock on them; a batch that still fails with a deadlock or serialisation error is retried
//! whole.
use std::str::FromStr;
use std::time::Duration;

use anyhow::{anyhow, bail, Context as _};
use bytes::BytesMut;
use deadpool_postgres::{Manager, ManagerConfig, Object, Pool, RecyclingMethod};
use prongsai_core::Tally;
use tokio_postgres::error::SqlState;
use tokio_postgres::types::{IsNull, ToSql, Type};
use tokio_postgres::NoTls;

use super::schema::{migrations, Dialect};
use super::sql::{Arg, Backend, Cell, Db, Row};
use super::{BucketKey, Store};

/// The storage over PostgreSQL.
pub type PgStorage = Store<Postgres>;

/// Arbitrary key of the advisory lock that serialises migrations between processes.
const MIGRATION_LOCK: i64 = 0x7072_6f6e_6773_6169; // "prongsai"

pub struct Postgres {
    pool: Pool,
    describe: String,
}

impl Store<Postgres> {
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
        let backend = Postgres { pool, describe };
        backend.migrate().await?;
        Ok(Store::new(backend))
    }
}

impl Postgres {
    async fn client(&self) -> anyhow::Result<Object> {
        self.pool
            .get()
            .await
            .map_err(|e| anyhow!("no connection: {e}"))
    }

    async fn migrate(&self) -> anyhow::Result<()> {
        let client = self.client().await?;
        client
            .execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])
            .await?;
        let result = async {
            client
                .batch_execute("CREATE TABLE IF NOT EXISTS prongsai_schema (version INTEGER NOT NULL)")
                .await?;
            let version: i32 = client
                .query_opt("SELECT version FROM prongsai_schema", &[])
                .await?
                .map(|r| r.get(0))
                .unwrap_or(0);
            let all = migrations(Dialect::Postgres);
            let known = all.len() as i32;
            if version > known {
                bail!("the database was written by a newer prongsai (schema {version}, this one knows {known})");
            }
            for (i, sql) in all.iter().enumerate().skip(version as usize) {
                let step = format!(
                    "BEGIN; {sql}; DELETE FROM prongsai_schema; INSERT INTO prongsai_schema (version) VALUES ({}); COMMIT;",
                    i + 1
                );
                if let Err(e) = client.batch_execute(&step).await {
                    let _ = client.batch_execute("ROLLBACK").await;
                    return Err(e.into());
                }
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

    async fn begin(&self, statement: &str) -> anyhow::Result<PgDb> {
        let client = self.client().await?;
        client.batch_execute(statement).await?;
        Ok(PgDb {
            client: Some(client),
        })
    }
}

impl ToSql for Arg {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Arg::Text(s) => s.to_sql(ty, out),
            Arg::Int(n) if *ty == Type::INT4 => i32::try_from(*n)?.to_sql(ty, out),
            Arg::Int(n) if *ty == Type::INT8 => n.to_sql(ty, out),
            Arg::Int(n) => Err(format!("the integer {n} cannot be sent as {ty}").into()),
            Arg::Null => Ok(IsNull::Yes),
        }
    }

    fn accepts(ty: &Type) -> bool {
        <String as ToSql>::accepts(ty) || *ty == Type::INT4 || *ty == Type::INT8
    }

    tokio_postgres::types::to_sql_checked!();
}

fn cells(row: &tokio_postgres::Row) -> anyhow::Result<Row> {
    let cells = row
        .columns()
        .iter()
        .enumerate()
        .map(|(i, column)| {
            let ty = column.type_();
            let cell = if *ty == Type::INT8 {
                row.try_get::<_, Option<i64>>(i)?.map(Cell::Int)
            } else if *ty == Type::INT4 {
                row.try_get::<_, Option<i32>>(i)?
                    .map(|n| Cell::Int(n.into()))
            } else {
                row.try_get::<_, Option<String>>(i)?.map(Cell::Text)
            };
            Ok(cell.unwrap_or(Cell::Null))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(Row(cells))
}

/// A transaction on a pooled connection. Dropped without a commit, the connection leaves the
/// pool and closes, which rolls the transaction back.
pub struct PgDb {
    client: Option<Object>,
}

impl PgDb {
    fn client(&self) -> anyhow::Result<&Object> {
        self.client
            .as_ref()
            .ok_or_else(|| anyhow!("the transaction has ended"))
    }
}

fn params(args: &[Arg]) -> Vec<&(dyn ToSql + Sync)> {
    args.iter().map(|a| a as &(dyn ToSql + Sync)).collect()
}

impl Db for PgDb {
    async fn execute(&mut self, sql: &str, args: &[Arg]) -> anyhow::Result<u64> {
        let client = self.client()?;
        let stmt = client.prepare_cached(sql).await?;
        Ok(client.execute(&stmt, &params(args)).await?)
    }

    async fn query(&mut self, sql: &str, args: &[Arg]) -> anyhow::Result<Vec<Row>> {
        let client = self.client()?;
        let stmt = client.prepare_cached(sql).await?;
        let rows = client.query(&stmt, &params(args)).await?;
        rows.iter().map(cells).collect()
    }

    fn cached_tally(&mut self, _: &BucketKey) -> Option<Tally> {
        // Other processes write the same buckets: always read them, locked.
        None
    }

    fn keep_tally(&mut self, _: BucketKey, _: Tally) {}

    async fn commit(mut self) -> anyhow::Result<()> {
        let client = self
            .client
            .take()
            .ok_or_else(|| anyhow!("the transaction has ended"))?;
        match client.batch_execute("COMMIT").await {
            Ok(()) => Ok(()),
            Err(e) => {
                drop(Object::take(client));
                Err(e.into())
            }
        }
    }
}

impl Drop for PgDb {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            drop(Object::take(client));
        }
    }
}

impl Backend for Postgres {
    type Db = PgDb;
    const LOCK_ROWS: &'static str = " FOR UPDATE";

    fn describe(&self) -> String {
        self.describe.clone()
    }

    async fn write(&self) -> anyhow::Result<PgDb> {
        self.begin("BEGIN").await
    }

    async fn read(&self) -> anyhow::Result<PgDb> {
        self.begin("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .await
    }

    fn retryable(error: &anyhow::Error) -> bool {
        error.chain().any(|cause| {
            cause
                .downcast_ref::<tokio_postgres::Error>()
                .and_then(tokio_postgres::Error::code)
                .is_some_and(|c| {
                    *c == SqlState::T_R_DEADLOCK_DETECTED
                        || *c == SqlState::T_R_SERIALIZATION_FAILURE
                })
        })
    }

    async fn run<T: Send>(
        &self,
        op: impl std::future::Future<Output = anyhow::Result<T>> + Send,
    ) -> anyhow::Result<T> {
        op.await
    }

    async fn close(&self) -> anyhow::Result<()> {
        self.pool.close();
        Ok(())
    }
}
