//! The storage layer itself, the same cases on both back-ends: SQLite always, PostgreSQL when
//! PRONGSAI_TEST_POSTGRES_URL is set (scripts/pg-test-server.sh run -- cargo test -p prongsai
//! --test server_storage). Outcomes of inserts (created, duplicate, conflict, one-time codes),
//! tallies and exports of what was stored, sessions.
mod server_support;

use std::sync::Arc;

use prongsai::server::storage::postgres::PgStorage;
use prongsai::server::storage::sqlite::SqliteStorage;
use prongsai::server::storage::{
    CodeCheck, ExportRow, Filter, InsertOutcome, NewResponse, SessionTimes, Storage,
};
use prongsai_core::{Date, Instrument};
use server_support::*;

fn response(ins: &Arc<Instrument>, id: &str, day: &str, code: CodeCheck) -> NewResponse {
    let answers = random_answers(ins);
    NewResponse {
        id: id.to_string(),
        instrument: Arc::clone(ins),
        unit: "demo".into(),
        point: "counter-1".into(),
        area: String::new(),
        day: Date::parse(day).unwrap(),
        locale: "th".into(),
        answers_json: serde_json::to_string(&answers).unwrap(),
        scores_json: "{}".into(),
        answers,
        code,
    }
}

fn filter(ins: &Arc<Instrument>) -> Filter {
    Filter {
        instrument: Arc::clone(ins),
        unit: None,
        point: None,
        from: None,
        to: None,
    }
}

async fn insert(storage: &dyn Storage, batch: Vec<NewResponse>) -> Vec<InsertOutcome> {
    storage.insert_batch(Arc::new(batch)).await.unwrap()
}

async fn exported(storage: &dyn Storage, filter: Filter) -> Vec<ExportRow> {
    let (tx, mut rx) = tokio::sync::mpsc::channel(4);
    let run = storage.export(filter, tx);
    let collect = async {
        let mut rows = Vec::new();
        while let Some(chunk) = rx.recv().await {
            rows.extend(chunk.unwrap());
        }
        rows
    };
    let (done, rows) = tokio::join!(run, collect);
    done.unwrap();
    rows
}

async fn the_same_cases(storage: Arc<dyn Storage>) {
    let eit = Arc::new(instrument("ita-eit"));
    let first = response(&eit, &new_id(), "2026-10-15", CodeCheck::NotNeeded);

    // An id stored once; the same body again is a duplicate, another body a conflict — in later
    // batches and within one batch.
    assert_eq!(
        insert(&*storage, vec![first.clone()]).await,
        [InsertOutcome::Created]
    );
    let mut other_body = first.clone();
    other_body.answers_json = other_body.answers_json.replacen('{', "{\"x\":1,", 1);
    let mut other_point = first.clone();
    other_point.point = "counter-2".into();
    assert_eq!(
        insert(
            &*storage,
            vec![first.clone(), other_body, other_point, first.clone()]
        )
        .await,
        [
            InsertOutcome::Duplicate,
            InsertOutcome::Conflict,
            InsertOutcome::Conflict,
            InsertOutcome::Duplicate
        ]
    );
    let twice = response(&eit, &new_id(), "2026-10-16", CodeCheck::NotNeeded);
    assert_eq!(
        insert(&*storage, vec![twice.clone(), twice.clone()]).await,
        [InsertOutcome::Created, InsertOutcome::Duplicate],
        "the same id twice in one batch"
    );
    assert_eq!(storage.count().await.unwrap(), 2);
    let rows = exported(&*storage, filter(&eit)).await;
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[0].answers, first.answers_json,
        "the first body stays after a conflict"
    );

    // One-time codes: unknown, then admitted once; a failed code stores nothing.
    let iit = Arc::new(instrument("ita-iit"));
    let day = Date::parse("2026-10-15").unwrap();
    assert_eq!(
        storage
            .add_codes("ita-iit", vec!["h1".into(), "h2".into(), "h1".into()], day)
            .await
            .unwrap(),
        2,
        "a hash already present is skipped"
    );
    let coded = |hash: &str| response(&iit, &new_id(), "2026-10-15", CodeCheck::Given(hash.into()));
    let used_once = coded("h1");
    assert_eq!(
        insert(
            &*storage,
            vec![
                coded("nope"),
                used_once.clone(),
                coded("h1"),
                response(&iit, &new_id(), "2026-10-15", CodeCheck::Missing)
            ]
        )
        .await,
        [
            InsertOutcome::CodeUnknown,
            InsertOutcome::Created,
            InsertOutcome::CodeUsed,
            InsertOutcome::CodeMissing
        ]
    );
    let mut resent = used_once.clone();
    resent.code = CodeCheck::Missing;
    assert_eq!(
        insert(&*storage, vec![resent]).await,
        [InsertOutcome::Duplicate],
        "a resend of a stored response needs no code"
    );
    assert_eq!(storage.tally(&filter(&iit)).await.unwrap().n(), 1);

    // Tallies: a partial month from day buckets, whole months from month buckets.
    let mut october = filter(&eit);
    october.from = Some("2026-10-16".into());
    october.to = Some("2026-10-31".into());
    assert_eq!(storage.tally(&october).await.unwrap().n(), 1);
    october.from = Some("2026-10-01".into());
    assert_eq!(storage.tally(&october).await.unwrap().n(), 2);
    let many: Vec<NewResponse> = (0..600)
        .map(|i| {
            response(
                &eit,
                &new_id(),
                &format!("2026-11-{:02}", 1 + i % 28),
                CodeCheck::NotNeeded,
            )
        })
        .collect();
    assert!(insert(&*storage, many)
        .await
        .iter()
        .all(|o| *o == InsertOutcome::Created));
    assert_eq!(storage.tally(&filter(&eit)).await.unwrap().n(), 602);
    let rows = exported(&*storage, filter(&eit)).await;
    assert_eq!(rows.len(), 602, "exported across several pages");
    assert!(
        rows.windows(2).all(|w| w[0].day <= w[1].day),
        "in day order"
    );

    // Sessions: known by hash, live until idle or over, ended at logout.
    let t = 1_800_000_000;
    let times = |now: i64| SessionTimes {
        now,
        ends: now + 100,
        idle_until: now + 10,
    };
    storage.start_session("s1", times(t), 1000).await.unwrap();
    assert!(storage.touch_session("s1", times(t + 5)).await.unwrap());
    assert!(!storage.touch_session("s2", times(t + 5)).await.unwrap());
    assert!(
        !storage.touch_session("s1", times(t + 11)).await.unwrap(),
        "idle too long"
    );
    storage.start_session("s3", times(t), 1000).await.unwrap();
    storage.end_session("s3").await.unwrap();
    assert!(!storage.touch_session("s3", times(t + 1)).await.unwrap());

    storage.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_storage_cases() {
    let dir = tempfile::tempdir().unwrap();
    let storage = SqliteStorage::open(dir.path()).await.unwrap();
    the_same_cases(Arc::new(storage)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_storage_cases() {
    let Some(url) = fresh_postgres().await else {
        eprintln!("skipped: PRONGSAI_TEST_POSTGRES_URL is not set");
        return;
    };
    let storage = PgStorage::open(&url).await.unwrap();
    the_same_cases(Arc::new(storage)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rebuilt_bucket_keeps_the_area_of_the_point() {
    let dir = tempfile::tempdir().unwrap();
    let quick = Arc::new(instrument("quick"));
    let mapped = |id: &str| {
        let mut r = response(&quick, id, "2026-10-15", CodeCheck::NotNeeded);
        r.area = "infrastructure".into();
        r
    };
    let areas = |t: prongsai_core::Tally| -> Vec<(String, Option<u64>)> {
        t.report(&quick)
            .breakdowns
            .area
            .iter()
            .map(|g| (g.key.clone(), g.n))
            .collect()
    };
    {
        let storage = SqliteStorage::open(dir.path()).await.unwrap();
        insert(&storage, (0..5).map(|_| mapped(&new_id())).collect()).await;
        assert_eq!(
            areas(storage.tally(&filter(&quick)).await.unwrap()),
            [("infrastructure".to_string(), Some(5))]
        );
        storage.close().await.unwrap();
    }
    // The stored tallies become unreadable: the next insert rebuilds its buckets from the
    // responses, and the area comes from the stored responses, not from the settings.
    {
        let conn = rusqlite::Connection::open(dir.path().join("prongsai.sqlite")).unwrap();
        conn.execute_batch(
            "UPDATE tallies SET tally = '{}'; UPDATE tallies_month SET tally = '{}';",
        )
        .unwrap();
    }
    let storage = SqliteStorage::open(dir.path()).await.unwrap();
    let unmapped = response(&quick, &new_id(), "2026-10-15", CodeCheck::NotNeeded);
    insert(&storage, vec![unmapped]).await;
    let t = storage.tally(&filter(&quick)).await.unwrap();
    assert_eq!(t.n(), 6);
    assert_eq!(areas(t), [("infrastructure".to_string(), Some(5))]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tallies_from_before_schema_6_are_counted_again_once() {
    let dir = tempfile::tempdir().unwrap();
    let sat = Arc::new(instrument("satisfaction"));
    {
        let storage = SqliteStorage::open(dir.path()).await.unwrap();
        let batch = (0..6)
            .map(|k| {
                let day = if k < 3 { "2026-10-15" } else { "2026-11-02" };
                response(&sat, &new_id(), day, CodeCheck::NotNeeded)
            })
            .collect();
        insert(&storage, batch).await;
        storage.close().await.unwrap();
    }
    // As an older release left them: tallies without the per-respondent counts (here: empty),
    // and the marker schema 6 sets when responses exist.
    {
        let conn = rusqlite::Connection::open(dir.path().join("prongsai.sqlite")).unwrap();
        let empty = prongsai_core::Tally::new(&sat).to_json().to_string();
        conn.execute("UPDATE tallies SET n = 0, tally = ?1", [&empty])
            .unwrap();
        conn.execute("UPDATE tallies_month SET n = 0, tally = ?1", [&empty])
            .unwrap();
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('tallies_recounted', '0')",
            [],
        )
        .unwrap();
    }
    let storage = SqliteStorage::open(dir.path()).await.unwrap();
    assert_eq!(storage.tally(&filter(&sat)).await.unwrap().n(), 0);
    // Two day buckets and two month buckets.
    assert_eq!(
        storage
            .recount_tallies(vec![Arc::clone(&sat)])
            .await
            .unwrap(),
        4
    );
    let report = storage.tally(&filter(&sat)).await.unwrap().report(&sat);
    assert_eq!(report.n, 6);
    let s = report.satisfaction.expect("satisfaction");
    assert_eq!(
        s.respondents_rated, 6,
        "every random response rates something"
    );
    assert!(s.respondents_satisfied_share.is_some());
    assert_eq!(
        storage
            .recount_tallies(vec![Arc::clone(&sat)])
            .await
            .unwrap(),
        0,
        "once"
    );
}

/// A bucket's tally is stored without the breakdowns that equal its total (its point, fiscal
/// year, half, quarter and month; a sixth of the text rewritten in every ingest transaction),
/// and results put them back; tallies stored whole by earlier releases still read the same and
/// take new responses.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bucket_tallies_are_stored_compact_and_whole_ones_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let eit = Arc::new(instrument("ita-eit"));
    let at = |point: &str, day: &str| {
        let mut r = response(&eit, &new_id(), day, CodeCheck::NotNeeded);
        r.point = point.into();
        r
    };
    // What the stored buckets must add up to: every response counted in memory.
    let mut expected = prongsai_core::Tally::new(&eit);
    let mut count = |batch: &[NewResponse]| {
        for r in batch {
            expected.add_in_area(&r.answers, &r.context(), r.mapped_area());
        }
        expected.clone()
    };
    let batch = vec![
        at("counter-1", "2026-11-02"),
        at("counter-1", "2026-11-02"),
        at("counter-2", "2026-11-02"),
        at("counter-2", "2026-11-20"),
        at("", "2026-12-01"),
    ];
    let five = count(&batch);
    {
        let storage = SqliteStorage::open(dir.path()).await.unwrap();
        insert(&storage, batch).await;
        assert_eq!(storage.tally(&filter(&eit)).await.unwrap(), five);
        storage.close().await.unwrap();
    }
    let conn = rusqlite::Connection::open(dir.path().join("prongsai.sqlite")).unwrap();
    let rows = |table: &str| -> Vec<(String, String, String)> {
        let mut stmt = conn
            .prepare(&format!("SELECT point, period, tally FROM {table}"))
            .unwrap();
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap();
        rows.map(Result::unwrap).collect()
    };
    for table in ["tallies", "tallies_month"] {
        for (point, period, text) in rows(table) {
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert!(v.get("month").is_none(), "{table} {point} {period}: {text}");
            assert!(v.get("point").is_none(), "{table} {point} {period}: {text}");
            // Put the whole form back, as earlier releases stored it.
            let mut whole = prongsai_core::Tally::from_json(&eit, &v).unwrap();
            let date = Date::parse(&format!("{period}-01"))
                .or_else(|| Date::parse(&period))
                .unwrap();
            whole.restore_bucket_breakdowns(&point, date);
            let text = whole.to_json_string();
            assert!(text.contains("\"month\""));
            conn.execute(
                &format!("UPDATE {table} SET tally = ?1 WHERE point = ?2 AND period = ?3"),
                [&text, &point, &period],
            )
            .unwrap();
        }
    }
    drop(conn);
    let storage = SqliteStorage::open(dir.path()).await.unwrap();
    assert_eq!(
        storage.tally(&filter(&eit)).await.unwrap(),
        five,
        "whole tallies read the same"
    );
    let one_more = vec![at("counter-1", "2026-11-02")];
    let six = count(&one_more);
    insert(&storage, one_more).await;
    assert_eq!(storage.tally(&filter(&eit)).await.unwrap(), six);
    storage.close().await.unwrap();
}
