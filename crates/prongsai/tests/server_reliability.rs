//! Reliability of `prongsai serve` on SQLite, through the real binary on loopback (bounded: a few
//! tens of seconds on 2 cores): load with duplicates and disconnects, SIGKILL mid-load, SIGTERM
//! with a request in flight.
mod server_support;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rand::seq::SliceRandom;
use rand::Rng;
use server_support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

const TOTAL: usize = 20_000;
const DUPLICATE_SHARE: f64 = 0.10;
const DISCONNECT_SHARE: f64 = 0.03;
const CLIENTS: usize = 48;

async fn connect(server: &Server) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(format!("{CLIENT_IP}:0").parse().expect("addr"))?;
    socket.connect(server.addr).await
}

fn request_head(server: &Server, len: usize) -> String {
    format!(
        "POST /api/v1/responses HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {len}\r\n\r\n",
        server.addr
    )
}

/// A client that goes away: sends part of the body (or all of it) and closes without reading.
async fn disconnect_midway(server: &Server, body: &str) {
    let cut = rand::rng().random_range(0..=body.len());
    let Ok(mut stream) = connect(server).await else {
        return;
    };
    let _ = stream
        .write_all(request_head(server, body.len()).as_bytes())
        .await;
    let _ = stream.write_all(&body.as_bytes()[..cut]).await;
    drop(stream);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_thousand_submissions_with_duplicates_and_disconnects_are_stored_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let server = Arc::new(Server::start(&ServerOpts::sqlite(dir.path())));
    let eit = instrument("ita-eit");

    let unique = (TOTAL as f64 * (1.0 - DUPLICATE_SHARE)) as usize;
    let bodies: Vec<(String, Arc<String>)> = (0..unique)
        .map(|_| {
            let id = new_id();
            let body = Arc::new(envelope_json(&eit, &id));
            (id, body)
        })
        .collect();
    let mut plan: Vec<usize> = (0..unique).collect();
    let mut rng = rand::rng();
    plan.extend((0..TOTAL - unique).map(|_| rng.random_range(0..unique)));
    plan.shuffle(&mut rng);
    let queue = Arc::new(Mutex::new(plan));
    let bodies = Arc::new(bodies);

    let created: Arc<Mutex<HashMap<usize, usize>>> = Arc::default();
    let acknowledged: Arc<Mutex<Vec<bool>>> = Arc::new(Mutex::new(vec![false; unique]));
    let disconnects = Arc::new(AtomicUsize::new(0));
    let sent = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(240);

    let mut workers = Vec::new();
    for _ in 0..CLIENTS {
        let (server, queue, bodies, created, acknowledged, disconnects, sent) = (
            Arc::clone(&server),
            Arc::clone(&queue),
            Arc::clone(&bodies),
            Arc::clone(&created),
            Arc::clone(&acknowledged),
            Arc::clone(&disconnects),
            Arc::clone(&sent),
        );
        workers.push(tokio::spawn(async move {
            let http = client();
            loop {
                assert!(Instant::now() < deadline, "load did not finish in time");
                let Some(i) = queue.lock().unwrap().pop() else {
                    break;
                };
                let (id, body) = &bodies[i];
                sent.fetch_add(1, Ordering::Relaxed);
                let (disconnect, midway) = {
                    let mut rng = rand::rng();
                    (rng.random_bool(DISCONNECT_SHARE), rng.random_bool(0.5))
                };
                if disconnect {
                    disconnects.fetch_add(1, Ordering::Relaxed);
                    if midway {
                        disconnect_midway(&server, body).await;
                    } else {
                        // Sent in full, then the client gives up before the answer.
                        let fut = http
                            .post(server.url("/api/v1/responses"))
                            .header("content-type", "application/json")
                            .header("idempotency-key", id)
                            .body(body.to_string())
                            .send();
                        let wait = Duration::from_micros(rand::rng().random_range(50..3000));
                        let _ = tokio::time::timeout(wait, fut).await;
                    }
                    // Like the widget: the response stays queued and is sent again later.
                    queue.lock().unwrap().insert(0, i);
                    continue;
                }
                let res = http
                    .post(server.url("/api/v1/responses"))
                    .header("content-type", "application/json")
                    .header("idempotency-key", id)
                    .body(body.to_string())
                    .send()
                    .await;
                match res.map(|r| r.status().as_u16()) {
                    Ok(201) => {
                        *created.lock().unwrap().entry(i).or_default() += 1;
                        acknowledged.lock().unwrap()[i] = true;
                    }
                    Ok(200) => acknowledged.lock().unwrap()[i] = true,
                    Ok(408 | 429 | 500..=599) | Err(_) => queue.lock().unwrap().insert(0, i),
                    Ok(other) => panic!("unexpected status {other}"),
                }
            }
        }));
    }
    for w in workers {
        w.await.unwrap();
    }
    let elapsed = started.elapsed();

    let created = created.lock().unwrap().clone();
    assert!(
        created.values().all(|&n| n == 1),
        "a response was created twice"
    );
    assert!(
        acknowledged.lock().unwrap().iter().all(|&a| a),
        "every response acknowledged in the end"
    );
    let http = client();
    let report = results(&http, &server, "instrument=ita-eit").await;
    assert_eq!(
        report["n"].as_u64(),
        Some(unique as u64),
        "results count each response once"
    );
    eprintln!(
        "{} requests ({} unique, {} disconnects) in {:.1} s",
        sent.load(Ordering::Relaxed),
        unique,
        disconnects.load(Ordering::Relaxed),
        elapsed.as_secs_f64()
    );
    assert!(disconnects.load(Ordering::Relaxed) > 100);

    let mut server = Arc::try_unwrap(server).unwrap_or_else(|_| panic!("server still shared"));
    assert_eq!(
        server
            .terminate(Duration::from_secs(30))
            .map(|s| s.success()),
        Some(true)
    );
    let db = rusqlite::Connection::open(dir.path().join("data/prongsai.sqlite")).unwrap();
    let rows: i64 = db
        .query_row("SELECT count(*) FROM responses", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows as usize, unique, "stored rows = unique ids");
    let check: String = db
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_mid_load_loses_no_acknowledged_response() {
    let dir = tempfile::tempdir().unwrap();
    let opts = ServerOpts::sqlite(dir.path());
    let mut server = Server::start(&opts);
    let eit = Arc::new(instrument("ita-eit"));
    let acked: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let url = server.url("/api/v1/responses");

    let mut workers = Vec::new();
    for _ in 0..24 {
        let (eit, acked, stop, url) = (
            Arc::clone(&eit),
            Arc::clone(&acked),
            Arc::clone(&stop),
            url.clone(),
        );
        workers.push(tokio::spawn(async move {
            let http = client();
            let started = Instant::now();
            while !stop.load(Ordering::Relaxed) && started.elapsed() < Duration::from_secs(30) {
                let id = new_id();
                let body = envelope_json(&eit, &id);
                let res = http
                    .post(&url)
                    .header("content-type", "application/json")
                    .body(body.clone())
                    .send()
                    .await;
                match res.map(|r| r.status().as_u16()) {
                    Ok(201 | 200) => acked.lock().unwrap().push((id, body)),
                    Ok(other) => panic!("unexpected status {other}"),
                    Err(_) => break, // the server is gone
                }
            }
        }));
    }
    // Let the load run, then kill the server without warning.
    let started = Instant::now();
    while acked.lock().unwrap().len() < 1500 && started.elapsed() < Duration::from_secs(20) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.kill();
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        w.await.unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    assert!(
        acked.len() >= 1000,
        "the load was running when the server was killed ({} acked)",
        acked.len()
    );

    {
        let db = rusqlite::Connection::open(dir.path().join("data/prongsai.sqlite")).unwrap();
        let check: String = db
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "database intact after SIGKILL");
    }

    let mut restarted = Server::start(&opts);
    let http = client();
    let stored_before = results(&http, &restarted, "instrument=ita-eit").await["n"]
        .as_u64()
        .unwrap();
    assert!(
        stored_before >= acked.len() as u64,
        "{stored_before} stored < {} acknowledged",
        acked.len()
    );
    // Every acknowledged response is there: sending it again is a duplicate (200), never new (201).
    let mut tasks = Vec::new();
    for chunk in acked.chunks(acked.len().div_ceil(16)) {
        let chunk = chunk.to_vec();
        let http = http.clone();
        let url = restarted.url("/api/v1/responses");
        tasks.push(tokio::spawn(async move {
            for (id, body) in chunk {
                let res = http
                    .post(&url)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 200, "acknowledged response {id} was lost");
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(
        results(&http, &restarted, "instrument=ita-eit").await["n"].as_u64(),
        Some(stored_before)
    );
    assert_eq!(
        restarted
            .terminate(Duration::from_secs(30))
            .map(|s| s.success()),
        Some(true)
    );
    let db = rusqlite::Connection::open(dir.path().join("data/prongsai.sqlite")).unwrap();
    let check: String = db
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let rows: i64 = db
        .query_row("SELECT count(*) FROM responses", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows as u64, stored_before, "tallies and rows agree");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_finishes_the_request_in_flight_then_exits() {
    let dir = tempfile::tempdir().unwrap();
    let opts = ServerOpts::sqlite(dir.path());
    let mut server = Server::start(&opts);
    let eit = instrument("ita-eit");
    let id = new_id();
    let body = envelope_json(&eit, &id);

    // A slow client: headers and half the body, then SIGTERM, then the rest.
    let mut stream = connect(&server).await.unwrap();
    stream
        .write_all(request_head(&server, body.len()).as_bytes())
        .await
        .unwrap();
    let half = body.len() / 2;
    stream.write_all(&body.as_bytes()[..half]).await.unwrap();
    stream.flush().await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;

    let pid = server.pid();
    let status = std::process::Command::new("kill")
        .arg("-TERM")
        .arg(pid.to_string())
        .status()
        .unwrap();
    assert!(status.success());
    tokio::time::sleep(Duration::from_millis(300)).await;
    // New connections are no longer accepted…
    assert!(
        TcpStream::connect(server.addr).await.is_err(),
        "listener closed on SIGTERM"
    );
    // …but the request in flight completes.
    stream.write_all(&body.as_bytes()[half..]).await.unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "answer within 10 s");
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.starts_with("HTTP/1.1 201"),
        "in-flight request answered: {answer}"
    );

    let exit = server.terminate(Duration::from_secs(15));
    assert_eq!(
        exit.map(|s| s.success()),
        Some(true),
        "clean exit after SIGTERM"
    );
    assert!(server.stderr().contains("stopped"));

    let restarted = Server::start(&opts);
    let http = client();
    assert_eq!(
        post(&http, &restarted, body).await.unwrap().status(),
        200,
        "the response was kept"
    );
}
