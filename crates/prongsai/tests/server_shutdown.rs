//! A clean stop of `prongsai serve` on SQLite leaves nothing in the write-ahead log: every
//! acknowledged response is in the database file itself, so a copy of the data directory made
//! after the stop (a backup, a move to another machine) needs no `-wal` file.
mod server_support;

use std::path::Path;
use std::time::Duration;

use server_support::*;

fn wal_len(data_dir: &Path) -> u64 {
    std::fs::metadata(data_dir.join("prongsai.sqlite-wal")).map_or(0, |m| m.len())
}

async fn post_some(server: &Server, n: usize) {
    let http = client();
    let eit = instrument("ita-eit");
    for _ in 0..n {
        let res = post(&http, server, envelope_json(&eit, &new_id()))
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_leaves_an_empty_wal_and_a_complete_database() {
    let dir = tempfile::tempdir().unwrap();
    let opts = ServerOpts::sqlite(dir.path());
    let mut server = Server::start(&opts);
    post_some(&server, 200).await;
    assert!(
        wal_len(&opts.data_dir) > 0,
        "while running, the WAL holds the recent transactions"
    );

    let exit = server.terminate(Duration::from_secs(30));
    assert_eq!(exit.map(|s| s.success()), Some(true), "clean exit");
    assert_eq!(
        wal_len(&opts.data_dir),
        0,
        "the WAL is truncated at a clean stop; stderr:\n{}",
        server.stderr()
    );
    assert!(
        !server.stderr().contains("could not be truncated"),
        "{}",
        server.stderr()
    );

    // The database file alone holds every response: copy it without its WAL and read it.
    let copy = dir.path().join("copy");
    std::fs::create_dir_all(&copy).unwrap();
    std::fs::copy(
        opts.data_dir.join("prongsai.sqlite"),
        copy.join("prongsai.sqlite"),
    )
    .unwrap();
    let db = rusqlite::Connection::open(copy.join("prongsai.sqlite")).unwrap();
    let n: i64 = db
        .query_row("SELECT count(*) FROM responses", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 200);
}

/// A stop while an export still reads (an old snapshot keeps the checkpoint "busy") is waited
/// for, not ignored: the WAL still ends at 0 bytes once the reader is gone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_busy_checkpoint_at_shutdown_is_retried() {
    let dir = tempfile::tempdir().unwrap();
    let opts = ServerOpts::sqlite(dir.path());
    let mut server = Server::start(&opts);
    post_some(&server, 50).await;

    // Another process holds a read snapshot for a moment (as a backup tool or an export would).
    let path = opts.data_dir.join("prongsai.sqlite");
    let reader = std::thread::spawn(move || {
        let db = rusqlite::Connection::open(path).unwrap();
        db.execute_batch("BEGIN").unwrap();
        let _: i64 = db
            .query_row("SELECT count(*) FROM responses", [], |r| r.get(0))
            .unwrap();
        std::thread::sleep(Duration::from_millis(1500));
        db.execute_batch("COMMIT").unwrap();
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    post_some(&server, 10).await;
    let exit = server.terminate(Duration::from_secs(30));
    reader.join().unwrap();
    assert_eq!(exit.map(|s| s.success()), Some(true), "clean exit");
    assert_eq!(
        wal_len(&opts.data_dir),
        0,
        "truncated once the reader let go; stderr:\n{}",
        server.stderr()
    );
}
