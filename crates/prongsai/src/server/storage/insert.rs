//! Storing a batch of responses, written once for both back-ends: each response exactly once
//! by id (a resend is a duplicate or, with another body, a conflict), one-time codes used up,
//! comments indexed and bucket tallies updated, all in the batch's transaction.
use std::sync::Arc;

use prongsai_core::{Instrument, Tally};

use super::sql::{args, Arg, Db};
use super::{
    add_to_tally, group_by_bucket, rebuild_tally, stored_text, BucketKey, CodeCheck, InsertOutcome,
    NewComment, NewResponse, Span,
};

const INSERT_RESPONSE: &str =
    "INSERT INTO responses (id, instrument, edition, unit, point, day, locale, answers, scores, body_hash, area)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING";

/// A comment identical to one already masked is published masked the same way (it still waits
/// for its own decision). The group's masked text is found by one seek in `comments_by_text`
/// (which ends with `published`), not by reading the group: a group of thousands of identical
/// comments must not slow every insert down.
const INSERT_COMMENT: &str =
    "INSERT INTO comments (id, response_id, code, instrument, edition, unit, point, day, flags,
        text_key, published)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
        (SELECT g.published FROM comments g WHERE g.instrument = $4 AND g.edition = $5
           AND g.code = $3 AND g.text_key = $10 AND g.published IS NOT NULL
         ORDER BY g.published DESC LIMIT 1))
     ON CONFLICT (id) DO NOTHING";

const BUCKET_KEY: &str =
    "instrument = $1 AND edition = $2 AND unit = $3 AND point = $4 AND period = $5";

fn bucket_args(key: &BucketKey) -> Vec<Arg> {
    vec![
        Arg::from(&key.instrument),
        Arg::from(&key.edition),
        Arg::from(&key.unit),
        Arg::from(&key.point),
        Arg::from(&key.period),
    ]
}

/// What an existing row with the id of a new response means: the same body again, or another.
fn resent(stored: Option<Option<String>>, hash: &str) -> InsertOutcome {
    match stored {
        // A row from before body hashes (or one that vanished meanwhile): nothing to compare.
        None | Some(None) => InsertOutcome::Duplicate,
        Some(Some(h)) if h == hash => InsertOutcome::Duplicate,
        Some(Some(_)) => InsertOutcome::Conflict,
    }
}

/// The body hash stored with a response id: `None` when there is no such response.
async fn stored_hash(db: &mut impl Db, id: &str) -> anyhow::Result<Option<Option<String>>> {
    let rows = db
        .query("SELECT body_hash FROM responses WHERE id = $1", args![id])
        .await?;
    rows.first().map(|r| r.opt_text(0)).transpose()
}

/// Stores one response unless its id is taken or its one-time code does not admit it.
async fn insert_response(
    db: &mut impl Db,
    r: &NewResponse,
    today: &str,
) -> anyhow::Result<InsertOutcome> {
    let hash = r.body_hash();
    if r.code == CodeCheck::Missing {
        return Ok(match stored_hash(db, &r.id).await? {
            Some(stored) => resent(Some(stored), &hash),
            None => InsertOutcome::CodeMissing,
        });
    }
    // `ON CONFLICT DO NOTHING`: a concurrent insert of the same id (another batch, another
    // process) makes this one wait for it and then find the row.
    let inserted = db
        .execute(
            INSERT_RESPONSE,
            args![
                &r.id,
                &r.instrument.id,
                &r.instrument.edition,
                &r.unit,
                &r.point,
                r.day.to_string(),
                &r.locale,
                &r.answers_json,
                &r.scores_json,
                &hash,
                &r.area
            ],
        )
        .await?;
    if inserted == 0 {
        return Ok(resent(stored_hash(db, &r.id).await?, &hash));
    }
    if let CodeCheck::Given(code) = &r.code {
        let used = db
            .execute(
                "UPDATE codes SET used_day = $3 WHERE survey = $1 AND hash = $2 AND used_day IS NULL",
                args![&r.instrument.id, code, today],
            )
            .await?;
        if used != 1 {
            db.execute("DELETE FROM responses WHERE id = $1", args![&r.id])
                .await?;
            let known = db
                .query(
                    "SELECT 1 FROM codes WHERE survey = $1 AND hash = $2",
                    args![&r.instrument.id, code],
                )
                .await?;
            return Ok(if known.is_empty() {
                InsertOutcome::CodeUnknown
            } else {
                InsertOutcome::CodeUsed
            });
        }
    }
    Ok(InsertOutcome::Created)
}

pub(super) async fn insert_comment(db: &mut impl Db, c: &NewComment) -> anyhow::Result<u64> {
    db.execute(
        INSERT_COMMENT,
        args![
            &c.id,
            &c.response_id,
            &c.code,
            &c.instrument,
            &c.edition,
            &c.unit,
            &c.point,
            &c.day,
            &c.flags,
            &c.text_key
        ],
    )
    .await
}

/// One bucket's tally counted again from its stored responses.
async fn recount_bucket(
    db: &mut impl Db,
    instrument: &Instrument,
    span: Span,
    key: &BucketKey,
) -> anyhow::Result<Tally> {
    let (first, last) = span.days(&key.period);
    let rows = db
        .query(
            "SELECT day, answers, area FROM responses WHERE instrument = $1 AND edition = $2
               AND unit = $3 AND point = $4 AND day >= $5 AND day <= $6",
            args![
                &key.instrument,
                &key.edition,
                &key.unit,
                &key.point,
                first,
                last
            ],
        )
        .await?;
    let rows = rows
        .iter()
        .map(|r| Ok((r.text(0)?, r.text(1)?, r.text(2)?)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(rebuild_tally(instrument, &key.point, rows.into_iter()))
}

/// Counts every bucket tally again from the stored responses, once (`meta.tallies_recounted`,
/// set by schema 6 when responses exist): tallies written before held no per-respondent counts
/// (the share of respondents satisfied). Buckets of instruments not in `instruments` stay as
/// they are. Returns how many buckets were counted again.
pub(super) async fn recount_old_tallies(
    db: &mut impl Db,
    lock_rows: &str,
    instruments: &[Arc<Instrument>],
) -> anyhow::Result<u64> {
    if !super::moderate::pending(db, "tallies_recounted", lock_rows).await? {
        return Ok(0);
    }
    let mut counted = 0;
    for span in [Span::Day, Span::Month] {
        let table = span.table();
        let keys = db
            .query(
                &format!("SELECT instrument, edition, unit, point, period FROM {table}"),
                &[],
            )
            .await?;
        for row in &keys {
            let key = BucketKey {
                instrument: row.text(0)?,
                edition: row.text(1)?,
                unit: row.text(2)?,
                point: row.text(3)?,
                period: row.text(4)?,
            };
            let Some(ins) = instruments
                .iter()
                .find(|i| i.id == key.instrument && i.edition == key.edition)
            else {
                continue;
            };
            let tally = recount_bucket(db, ins, span, &key).await?;
            let mut save_args = bucket_args(&key);
            save_args.push(Arg::Int(tally.n() as i64));
            save_args.push(Arg::Text(stored_text(&tally, &key)));
            db.execute(
                &format!("UPDATE {table} SET n = $6, tally = $7 WHERE {BUCKET_KEY}"),
                &save_args,
            )
            .await?;
            counted += 1;
        }
    }
    super::moderate::done(db, "tallies_recounted").await?;
    Ok(counted)
}

/// Adds the responses `indices` of `batch` to one bucket's tally. The bucket row is created
/// if missing and locked first (PostgreSQL), so concurrent batches add up instead of
/// overwriting each other; buckets are visited in key order, so they cannot deadlock.
async fn update_bucket(
    db: &mut impl Db,
    lock_rows: &str,
    span: Span,
    key: &BucketKey,
    batch: &[NewResponse],
    indices: &[usize],
) -> anyhow::Result<()> {
    let table = span.table();
    let instrument = &batch[indices[0]].instrument;
    let key_args = bucket_args(key);
    let tally = match db.cached_tally(key) {
        Some(mut t) => {
            for &i in indices {
                t.add_in_area(
                    &batch[i].answers,
                    &batch[i].context(),
                    batch[i].mapped_area(),
                );
            }
            t
        }
        None => {
            db.execute(
                &format!(
                    "INSERT INTO {table} (instrument, edition, unit, point, period, n, tally)
                     VALUES ($1, $2, $3, $4, $5, 0, '') ON CONFLICT DO NOTHING"
                ),
                &key_args,
            )
            .await?;
            let rows = db
                .query(
                    &format!("SELECT tally FROM {table} WHERE {BUCKET_KEY}{lock_rows}"),
                    &key_args,
                )
                .await?;
            let stored = match rows.first() {
                Some(row) => row.opt_text(0)?.filter(|t| !t.is_empty()),
                None => None,
            };
            match add_to_tally(instrument, key, stored.as_deref(), batch, indices) {
                Some(t) => t,
                None => recount_bucket(db, instrument, span, key).await?,
            }
        }
    };
    let text = stored_text(&tally, key);
    let mut save_args = key_args;
    save_args.push(Arg::Int(tally.n() as i64));
    save_args.push(Arg::Text(text));
    db.execute(
        &format!("UPDATE {table} SET n = $6, tally = $7 WHERE {BUCKET_KEY}"),
        &save_args,
    )
    .await?;
    db.keep_tally(key.clone(), tally);
    Ok(())
}

/// One batch in one transaction (see [`super::Storage::insert_batch`]); `lock_rows` is the
/// back-end's [`super::sql::Backend::LOCK_ROWS`].
pub(super) async fn insert_batch_once(
    db: &mut impl Db,
    lock_rows: &str,
    batch: &[NewResponse],
    today: &str,
) -> anyhow::Result<Vec<InsertOutcome>> {
    let mut outcomes = Vec::with_capacity(batch.len());
    let mut created = Vec::new();
    for (i, r) in batch.iter().enumerate() {
        let outcome = insert_response(db, r, today).await?;
        if outcome == InsertOutcome::Created {
            created.push(i);
        }
        outcomes.push(outcome);
    }
    for &i in &created {
        for c in batch[i].comments() {
            insert_comment(db, &c).await?;
        }
    }
    // Lock order: day buckets, then month buckets, each in key order.
    for span in Span::ALL {
        for (key, indices) in group_by_bucket(batch, &created, span) {
            update_bucket(db, lock_rows, span, &key, batch, &indices).await?;
        }
    }
    Ok(outcomes)
}

#[cfg(test)]
mod tests {
    use super::INSERT_COMMENT;
    use crate::server::storage::schema::{migrations, Dialect};

    /// Storing a comment must not read its group of identical comments (a popular "บริการดี"
    /// group grows to thousands and made every insert slower: ingest fell from 2,000/s to
    /// 900/s in bench/ingest). SQLite's plan for the insert: the group's masked text by a
    /// search in `comments_by_text`, never a scan.
    #[test]
    fn a_comment_finds_its_groups_masked_text_by_one_index_search() {
        let conn = rusqlite::Connection::open_in_memory().expect("sqlite in memory");
        for m in migrations(Dialect::Sqlite) {
            conn.execute_batch(&m).expect("migration");
        }
        let sql = format!("EXPLAIN QUERY PLAN {}", INSERT_COMMENT.replace('$', "?"));
        let mut stmt = conn.prepare(&sql).expect("plan");
        let plan: Vec<String> = stmt
            .query_map(
                rusqlite::params_from_iter([rusqlite::types::Null; 10]),
                |r| r.get::<_, String>(3),
            )
            .expect("query plan")
            .collect::<Result<_, _>>()
            .expect("plan rows");
        let text = plan.join("\n");
        assert!(text.contains("comments_by_text"), "{text}");
        assert!(!text.contains("SCAN"), "no scan in: {text}");
        assert!(
            !text.contains("TEMP B-TREE"),
            "no sort of the group in: {text}"
        );
    }
}
