//! The comment moderation statements of the storage algorithm (`store.rs` runs them in its
//! transactions): lists of groups of identical comments, one comment, decisions and masks that
//! act on a whole group, and the one-time indexing and keying of comments stored before.
use super::insert::insert_comment;
use super::sql::{args, Arg, Db, Row};
use super::{
    comment_row, comments_of_row, CommentQuery, CommentRow, TextCodes, COMMENT_COLUMNS, SAME_GROUP,
};
use crate::server::masking;
use crate::server::moderation::Status;

/// Rows read per page when indexing or keying the comments of an older database.
const PAGE: i64 = 1000;

fn read_comment(row: &Row) -> anyhow::Result<CommentRow> {
    Ok(comment_row(
        row.text(0)?,
        row.text(1)?,
        row.text(2)?,
        row.text(3)?,
        row.text(4)?,
        row.text(5)?,
        row.text(6)?,
        row.text(7)?,
        row.text(8)?,
        row.opt_text(9)?,
        row.text(10)?,
        row.opt_text(11)?,
        row.int(12)?.max(0) as u64,
    ))
}

/// The groups of identical comments matching the query (each its newest comment and the number
/// of matching comments in it), newest first; and how many groups match in all.
pub(super) async fn list(
    db: &mut impl Db,
    query: &CommentQuery,
) -> anyhow::Result<(u64, Vec<CommentRow>)> {
    let (cond, texts) = query.conditions(|k| format!("${k}"));
    let mut args: Vec<Arg> = texts.into_iter().map(Arg::Text).collect();
    let groups = "GROUP BY c.instrument, c.edition, c.code, c.text_key";
    let total = db
        .query(
            &format!(
                "SELECT count(*) FROM (SELECT 1 AS one FROM comments c WHERE {cond} {groups}) t"
            ),
            &args,
        )
        .await?;
    let total = total.first().map(|r| r.int(0)).transpose()?.unwrap_or(0);
    args.push(Arg::Int(i64::from(query.limit)));
    args.push(Arg::Int(i64::try_from(query.offset).unwrap_or(i64::MAX)));
    let n = args.len();
    // The page's groups first (each named by its newest member), then their rows; CROSS JOIN
    // keeps SQLite from turning the join around.
    let sql = format!(
        "SELECT {COMMENT_COLUMNS}, p.n FROM (
           SELECT max(c.day) AS last_day, max(c.id) AS id, count(*) AS n FROM comments c
           WHERE {cond} {groups}
           ORDER BY last_day DESC, id DESC LIMIT ${} OFFSET ${n}) p
         CROSS JOIN comments c CROSS JOIN responses r
         WHERE c.id = p.id AND r.id = c.response_id
         ORDER BY p.last_day DESC, p.id DESC",
        n - 1
    );
    let rows = db.query(&sql, &args).await?;
    let rows = rows
        .iter()
        .map(read_comment)
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok((total.max(0) as u64, rows))
}

/// One comment by its key, with the size of its whole group.
pub(super) async fn one(db: &mut impl Db, id: &str) -> anyhow::Result<Option<CommentRow>> {
    let rows = db
        .query(
            &format!(
                "SELECT {COMMENT_COLUMNS}, (SELECT count(*) FROM comments g WHERE {SAME_GROUP})
                 FROM comments c JOIN responses r ON r.id = c.response_id WHERE c.id = $1"
            ),
            args![id],
        )
        .await?;
    rows.first().map(read_comment).transpose()
}

/// Sets the status of a comment's whole group; returns how many comments changed (0: no such
/// comment).
pub(super) async fn set_status(
    db: &mut impl Db,
    id: &str,
    status: Status,
    day: &str,
) -> anyhow::Result<u64> {
    db.execute(
        &format!(
            "UPDATE comments SET status = $2, decided_day = $3 WHERE id IN (
               SELECT g.id FROM comments c JOIN comments g ON {SAME_GROUP} WHERE c.id = $1)"
        ),
        args![id, status.as_str(), day],
    )
    .await
}

/// Sets the published text and flags of a comment's whole group; returns how many changed.
pub(super) async fn set_published(
    db: &mut impl Db,
    id: &str,
    published: &str,
    flags: &str,
) -> anyhow::Result<u64> {
    db.execute(
        &format!(
            "UPDATE comments SET published = $2, flags = $3 WHERE id IN (
               SELECT g.id FROM comments c JOIN comments g ON {SAME_GROUP} WHERE c.id = $1)"
        ),
        args![id, published, flags],
    )
    .await
}

/// Whether the one-time task `key` of the `meta` table is still to do; locks its row, so a
/// second server starting at the same time waits, then finds the work done.
pub(super) async fn pending(db: &mut impl Db, key: &str, lock: &str) -> anyhow::Result<bool> {
    let marker = db
        .query(
            &format!("SELECT value FROM meta WHERE key = $1{lock}"),
            args![key],
        )
        .await?;
    Ok(marker.first().map(|r| r.text(0)).transpose()?.as_deref() == Some("0"))
}

/// Marks the one-time task `key` of the `meta` table done.
pub(super) async fn done(db: &mut impl Db, key: &str) -> anyhow::Result<()> {
    db.execute("UPDATE meta SET value = '1' WHERE key = $1", args![key])
        .await?;
    Ok(())
}

/// Indexes the comments of responses stored before schema 2, once; returns how many.
pub(super) async fn index_old(
    db: &mut impl Db,
    lock: &str,
    text_codes: &TextCodes,
) -> anyhow::Result<u64> {
    if !pending(db, "comments_indexed", lock).await? {
        return Ok(0);
    }
    let mut added = 0u64;
    let mut after = String::new();
    loop {
        let rows = db
            .query(
                "SELECT id, instrument, edition, unit, point, day, answers FROM responses
                 WHERE id > $1 ORDER BY id LIMIT $2",
                args![&after, PAGE],
            )
            .await?;
        for row in &rows {
            let cols = (0..7)
                .map(|k| row.text(k))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let comments = comments_of_row(
                text_codes, &cols[0], &cols[1], &cols[2], &cols[3], &cols[4], &cols[5], &cols[6],
            );
            for c in comments {
                added += insert_comment(db, &c).await?;
            }
        }
        match rows.last() {
            Some(last) if rows.len() as i64 == PAGE => after = last.text(0)?,
            _ => break,
        }
    }
    done(db, "comments_indexed").await?;
    Ok(added)
}

/// Gives the comments indexed before schema 5 their group key, once; returns how many.
pub(super) async fn key_old(db: &mut impl Db, lock: &str) -> anyhow::Result<u64> {
    if !pending(db, "comments_keyed", lock).await? {
        return Ok(0);
    }
    let mut keyed = 0u64;
    let mut after = String::new();
    loop {
        let rows = db
            .query(
                "SELECT c.id, c.code, r.answers FROM comments c
                 JOIN responses r ON r.id = c.response_id
                 WHERE c.id > $1 ORDER BY c.id LIMIT $2",
                args![&after, PAGE],
            )
            .await?;
        for row in &rows {
            let (id, code, answers) = (row.text(0)?, row.text(1)?, row.text(2)?);
            let text = crate::server::moderation::text_of(&answers, &code).unwrap_or_default();
            // An unreadable answer keys by its comment id, alone in its group.
            let key = if text.trim().is_empty() {
                id.clone()
            } else {
                masking::text_key(&text)
            };
            keyed += db
                .execute(
                    "UPDATE comments SET text_key = $2 WHERE id = $1",
                    args![&id, key],
                )
                .await?;
        }
        match rows.last() {
            Some(last) if rows.len() as i64 == PAGE => after = last.text(0)?,
            _ => break,
        }
    }
    done(db, "comments_keyed").await?;
    Ok(keyed)
}
