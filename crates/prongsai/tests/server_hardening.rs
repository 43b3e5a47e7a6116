//! `prongsai serve` against hostile or careless clients, through the real binary on loopback:
//! oversized bodies, half-open and slow connections, admin-token guessing, a forged `Host`,
//! formula cells in exports, an envelope id reused for another body, and back-dated responses.
mod server_support;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use prongsai_core::Date;
use serde_json::{json, Value};
use server_support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

/// The shared test config; `top` holds top-level keys, `rate_limit` more keys of that table,
/// `tables` whole tables.
fn config(top: &str, rate_limit: &str, tables: &str) -> String {
    format!(
        r#"{top}
admin_token = "{TOKEN}"

[[units]]
id = "demo"
points = ["counter-1", "counter-2"]

[rate_limit]
per_minute = 0
{rate_limit}

{tables}
"#
    )
}

fn opts(dir: &tempfile::TempDir, top: &str) -> ServerOpts {
    opts_with(dir, config(top, "", ""))
}

fn opts_with(dir: &tempfile::TempDir, config: String) -> ServerOpts {
    let mut o = ServerOpts::sqlite(dir.path());
    o.config = Some(config);
    o
}

/// A TCP connection from the loopback address `from` (each 127.0.0.x is another client).
async fn connect_from(addr: SocketAddr, from: &str) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(format!("{from}:0").parse().expect("addr"))?;
    socket.connect(addr).await
}

/// Reads until the peer closes (Ok(bytes)) or `limit` passes (Err).
async fn read_to_close(stream: &mut TcpStream, limit: Duration) -> Result<Vec<u8>, Vec<u8>> {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = Instant::now() + limit;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return Ok(got),
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
            Err(_) => return Err(got),
        }
    }
}

/// Reads one whole HTTP response (head and `Content-Length` body) within `limit`.
async fn read_response(stream: &mut TcpStream, limit: Duration) -> Option<String> {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = Instant::now() + limit;
    loop {
        let text = String::from_utf8_lossy(&got).to_string();
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                })
                .unwrap_or(0);
            if got.len() >= end + 4 + length {
                return Some(text);
            }
        }
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Ok(Ok(n)) if n > 0 => got.extend_from_slice(&buf[..n]),
            _ => return None,
        }
    }
}

/// Peak resident memory (VmHWM) of a process, in KiB.
fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("proc status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM")
}

async fn healthz_answers(server: &Server) -> bool {
    let res = reqwest::Client::new()
        .get(server.url("/healthz"))
        .timeout(Duration::from_secs(2))
        .send()
        .await;
    matches!(res, Ok(r) if r.status() == 200)
}

fn head_declaring(server: &Server, len: u64) -> String {
    format!(
        "POST /api/v1/responses HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {len}\r\n\r\n",
        server.addr
    )
}

// ------------------------------------------------------------------------------------------
// Bodies over the limit

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_body_is_refused_at_once_without_being_read() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&opts(&dir, ""));

    // 32 MiB declared, nothing sent: the 413 comes from the headers alone.
    let mut s = connect_from(server.addr, CLIENT_IP).await.unwrap();
    s.write_all(head_declaring(&server, 32 * 1024 * 1024).as_bytes())
        .await
        .unwrap();
    let started = Instant::now();
    let text = read_response(&mut s, Duration::from_secs(3))
        .await
        .expect("the server answers without waiting for the body")
        .to_lowercase();
    assert!(text.starts_with("http/1.1 413"), "{text}");
    assert!(text.contains("connection: close"), "{text}");
    assert!(text.contains("payload_too_large"), "{text}");
    assert!(started.elapsed() < Duration::from_secs(2));
    // Far more declared than is worth reading: cut off at once.
    let mut s = connect_from(server.addr, CLIENT_IP).await.unwrap();
    s.write_all(head_declaring(&server, 1 << 40).as_bytes())
        .await
        .unwrap();
    let answer = read_to_close(&mut s, Duration::from_secs(3))
        .await
        .expect("answered and closed at once");
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 413"));

    // Streamed without a length: cut off at the limit.
    let mut s = connect_from(server.addr, CLIENT_IP).await.unwrap();
    let head = format!(
        "POST /api/v1/responses HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
        server.addr
    );
    s.write_all(head.as_bytes()).await.unwrap();
    let chunk = format!("{:x}\r\n{}\r\n", 16 * 1024, " ".repeat(16 * 1024));
    for _ in 0..8 {
        if s.write_all(chunk.as_bytes()).await.is_err() {
            break;
        }
    }
    let answer = read_to_close(&mut s, Duration::from_secs(5))
        .await
        .expect("closed after the limit");
    assert!(
        String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 413"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    assert!(healthz_answers(&server).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memory_stays_flat_under_fifty_concurrent_32_mib_bodies() {
    let dir = tempfile::tempdir().unwrap();
    let server = Arc::new(Server::start(&opts(&dir, "")));
    // Warm up: a few ordinary requests, then the baseline.
    let http = client();
    let eit = instrument("ita-eit");
    for _ in 0..5 {
        let res = post(&http, &server, envelope_json(&eit, &new_id()))
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
    }
    let before = peak_rss_kib(server.pid());

    const BODY: usize = 32 * 1024 * 1024;
    let mut tasks = Vec::new();
    for i in 0..50 {
        let server = Arc::clone(&server);
        tasks.push(tokio::spawn(async move {
            // Ten client addresses, five connections each (under the per-client cap).
            let from = format!("127.0.1.{}", i % 10 + 1);
            let Ok(mut s) = connect_from(server.addr, &from).await else {
                return;
            };
            if s.write_all(head_declaring(&server, BODY as u64).as_bytes())
                .await
                .is_err()
            {
                return;
            }
            let block = vec![b' '; 256 * 1024];
            let mut sent = 0;
            while sent < BODY {
                if s.write_all(&block).await.is_err() {
                    break;
                }
                sent += block.len();
            }
            let _ = read_to_close(&mut s, Duration::from_secs(20)).await;
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let after = peak_rss_kib(server.pid());
    let grown_mib = after.saturating_sub(before) / 1024;
    eprintln!("peak memory: {before} KiB before, {after} KiB after 50 × 32 MiB bodies");
    assert!(
        grown_mib < 50,
        "peak memory grew by {grown_mib} MiB ({before} KiB → {after} KiB)"
    );
    assert!(healthz_answers(&server).await);
}

// ------------------------------------------------------------------------------------------
// Connections

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_open_connections_are_closed_and_the_server_keeps_answering() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&opts_with(
        &dir,
        config(
            "",
            "",
            "[connections]\nheader_timeout_secs = 2\nbody_timeout_secs = 2\nidle_timeout_secs = 3\nper_client = 64",
        ),
    ));

    // 300 connections from one host, each with half a request line and headers never finished.
    let mut open = Vec::new();
    for _ in 0..300 {
        let mut s = connect_from(server.addr, "127.0.0.3").await.unwrap();
        let _ = s
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            .await;
        open.push(s);
    }
    // Everyone else is still served, at once.
    let started = Instant::now();
    assert!(
        healthz_answers(&server).await,
        "healthz while 300 half-open"
    );
    assert!(started.elapsed() < Duration::from_secs(2));

    // All of them are closed by the server: beyond the per-client cap at once, the rest after
    // the header timeout.
    let closed = Arc::new(AtomicUsize::new(0));
    let mut waits = Vec::new();
    for mut s in open {
        let closed = Arc::clone(&closed);
        waits.push(tokio::spawn(async move {
            if read_to_close(&mut s, Duration::from_secs(6)).await.is_ok() {
                closed.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    for w in waits {
        w.await.unwrap();
    }
    assert_eq!(
        closed.load(Ordering::Relaxed),
        300,
        "every half-open connection is closed within the header timeout"
    );
    assert!(healthz_answers(&server).await);

    // A body that never arrives: 408 after the body timeout, connection closed.
    let mut s = connect_from(server.addr, CLIENT_IP).await.unwrap();
    s.write_all(head_declaring(&server, 500).as_bytes())
        .await
        .unwrap();
    s.write_all(b"{\"format\":").await.unwrap();
    let answer = read_to_close(&mut s, Duration::from_secs(5))
        .await
        .expect("closed after the body timeout");
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(text.contains("body_timeout"), "{text}");

    // A kept-alive connection that goes quiet after its request is closed too.
    let mut s = connect_from(server.addr, CLIENT_IP).await.unwrap();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let answer = read_to_close(&mut s, Duration::from_secs(6))
        .await
        .expect("an idle kept-alive connection is closed");
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"));
}

#[test]
fn the_connection_limits_are_checked_when_the_config_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let o = opts_with(
        &dir,
        config("", "", "[connections]\nmax = 0\nheader_timeout_secs = 0"),
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .args(["serve", "--addr", "127.0.0.1:0", "--config"])
        .arg({
            let path = dir.path().join("bad.toml");
            std::fs::write(&path, o.config.as_deref().unwrap()).unwrap();
            path
        })
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("connections.max"), "{err}");
    assert!(err.contains("connections.header_timeout_secs"), "{err}");
}

// ------------------------------------------------------------------------------------------
// Admin token guessing

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_admin_tokens_share_one_limiter_across_login_api_and_pages() {
    let dir = tempfile::tempdir().unwrap();
    let server = Arc::new(Server::start(&opts(&dir, "")));
    let guesser = reqwest::Client::builder()
        .local_address(CLIENT_IP.parse::<std::net::IpAddr>().ok())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    // 2,000 wrong Bearer tokens on the admin pages.
    let limited = Arc::new(AtomicUsize::new(0));
    let mut workers = Vec::new();
    for w in 0..16 {
        let (server, guesser, limited) =
            (Arc::clone(&server), guesser.clone(), Arc::clone(&limited));
        workers.push(tokio::spawn(async move {
            for i in 0..125 {
                let res = guesser
                    .get(server.url("/admin/results"))
                    .bearer_auth(format!("guess-{w}-{i}-0123456789"))
                    .send()
                    .await
                    .unwrap();
                if res.status() == 429 {
                    assert!(res.headers().contains_key("retry-after"));
                    limited.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    for w in workers {
        w.await.unwrap();
    }
    let limited = limited.load(Ordering::Relaxed);
    assert!(
        limited >= 1_980,
        "only {limited} of 2,000 wrong tokens were refused with 429"
    );

    // The same client is now refused everywhere, even with the right token …
    let res = guesser
        .get(server.url("/api/v1/results?instrument=ita-eit"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429, "API Bearer shares the limiter");
    let res = guesser
        .post(server.url("/admin/login"))
        .header("origin", server.base.clone())
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("token={TOKEN}&next=%2Fadmin%2Fresults"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429, "the login form shares the limiter");

    // … while another client is not.
    let other = reqwest::Client::builder()
        .local_address("127.0.0.9".parse::<std::net::IpAddr>().ok())
        .build()
        .unwrap();
    let res = other
        .get(server.url("/api/v1/results?instrument=ita-eit"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn wrong_tokens_on_the_api_and_the_login_form_count_together() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&opts_with(
        &dir,
        config(
            "",
            "login_failures_per_minute = 1\nlogin_failures_burst = 4",
            "",
        ),
    ));
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut statuses = Vec::new();
    for i in 0..6 {
        let res = if i % 2 == 0 {
            http.get(server.url("/api/v1/results?instrument=ita-eit"))
                .bearer_auth("wrong-token-0123456789")
                .send()
                .await
                .unwrap()
        } else {
            http.post(server.url("/admin/login"))
                .header("origin", server.base.clone())
                .header("content-type", "application/x-www-form-urlencoded")
                .body("token=wrong-token-0123456789")
                .send()
                .await
                .unwrap()
        };
        statuses.push(res.status().as_u16());
    }
    assert_eq!(statuses, [401, 401, 401, 401, 429, 429]);
}

// ------------------------------------------------------------------------------------------
// Links and QR codes

#[tokio::test]
async fn links_and_qr_codes_never_come_from_the_host_header() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&opts(&dir, ""));
    let http = client();
    let demo = http
        .get(server.url("/demo"))
        .header("host", "evil.example")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !demo.contains("evil.example"),
        "the Host header built a link"
    );
    assert!(
        demo.contains(&format!("http://{}/?survey=", server.addr)),
        "links use the listen address"
    );
    assert!(
        demo.contains("public_url"),
        "/demo says where the links come from"
    );
    let poster = http
        .get(server.url("/admin/posters/quick/demo"))
        .header("host", "evil.example")
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(poster.status(), 200);
    assert!(!poster.text().await.unwrap().contains("evil.example"));

    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&opts(&dir, "public_url = \"https://survey.example.go.th\""));
    let demo = http
        .get(server.url("/demo"))
        .header("host", "evil.example")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(demo.contains("https://survey.example.go.th/?survey="));
    assert!(!demo.contains("evil.example"));
}

// ------------------------------------------------------------------------------------------
// Exports

#[tokio::test]
async fn formula_cells_are_defused_in_the_csv_export() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&opts(&dir, ""));
    let http = client();
    let eit = instrument("ita-eit");
    let today = Date::today_bangkok(SystemTime::now()).to_string();
    let comments = [
        "\u{00A0}=HYPERLINK(\"http://x\")",
        " +SUM(A1)",
        "\u{FF1D}1+1",
        "\u{3000}\u{FF20}cmd",
        "ดีมาก, ขอบคุณ",
    ];
    for c in comments {
        let mut env =
            serde_json::to_value(envelope(&eit, &new_id(), "demo", None, &today)).unwrap();
        env["answers"]["comment"] = json!(c);
        let res = post(&http, &server, env.to_string()).await.unwrap();
        assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    }
    let csv = http
        .get(server.url("/api/v1/export.csv?instrument=ita-eit"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut reader =
        csv::ReaderBuilder::new().from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().unwrap().clone();
    let col = headers
        .iter()
        .position(|h| h == "comment")
        .expect("comment column");
    let mut cells: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[col].to_string())
        .collect();
    cells.sort();
    let mut expected: Vec<String> = comments
        .iter()
        .map(|c| {
            if c.starts_with('ด') {
                c.to_string()
            } else {
                format!("'{c}")
            }
        })
        .collect();
    expected.sort();
    assert_eq!(cells, expected);
}

// ------------------------------------------------------------------------------------------
// Envelope ids and dates

#[tokio::test]
async fn sqlite_an_id_sent_again_with_another_body_is_a_409_conflict() {
    let dir = tempfile::tempdir().unwrap();
    id_reused_with_another_body(opts(&dir, "")).await;
}

#[tokio::test]
async fn postgres_an_id_sent_again_with_another_body_is_a_409_conflict() {
    let Some(url) = fresh_postgres().await else {
        eprintln!("PRONGSAI_TEST_POSTGRES_URL not set: PostgreSQL test skipped");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut o = opts(&dir, "");
    o.database = Some(url);
    id_reused_with_another_body(o).await;
}

async fn id_reused_with_another_body(opts: ServerOpts) {
    let server = Server::start(&opts);
    let http = client();
    let eit = instrument("ita-eit");
    let id = new_id();
    let today = Date::today_bangkok(SystemTime::now()).to_string();
    let first =
        serde_json::to_value(envelope(&eit, &id, "demo", Some("counter-1"), &today)).unwrap();
    let send = |body: &Value| {
        http.post(server.url("/api/v1/responses"))
            .header("content-type", "application/json")
            .header("idempotency-key", id.as_str())
            .body(body.to_string())
            .send()
    };
    assert_eq!(send(&first).await.unwrap().status(), 201);
    assert_eq!(
        send(&first).await.unwrap().status(),
        200,
        "a repeat is fine"
    );

    let mut other = first.clone();
    let answers = other["answers"].as_object_mut().unwrap();
    let (code, value) = answers
        .iter()
        .find(|(_, v)| v.is_u64())
        .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
        .unwrap();
    answers.insert(code, json!(if value == 1 { 2 } else { 1 }));
    let (status, err) = error_of(send(&other).await.unwrap()).await;
    assert_eq!(status, 409);
    assert_eq!(err["code"], "id_conflict");
    assert_eq!(err["field"], "id");

    let mut moved = first.clone();
    moved["point"] = json!("counter-2");
    assert_eq!(error_of(send(&moved).await.unwrap()).await.0, 409);

    let report = results(&http, &server, "instrument=ita-eit").await;
    assert_eq!(report["n"], 1, "the first body is kept, once");
}

#[tokio::test]
async fn back_dated_and_future_responses_are_refused_naming_submitted() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&opts(&dir, "max_backdate_days = 60"));
    let http = client();
    let eit = instrument("ita-eit");
    let today = Date::today_bangkok(SystemTime::now());
    let send = |day: String| {
        let body = serde_json::to_string(&envelope(&eit, &new_id(), "demo", None, &day)).unwrap();
        let http = http.clone();
        let url = server.url("/api/v1/responses");
        async move {
            http.post(url)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .unwrap()
        }
    };
    for (day, code) in [
        (today.add_days(-61).to_string(), "submitted_too_old"),
        ("2010-01-01".to_string(), "submitted_too_old"),
        ("0000-01-01".to_string(), "submitted_too_old"),
        (today.add_days(1).to_string(), "submitted_in_future"),
    ] {
        let (status, err) = error_of(send(day.clone()).await).await;
        assert_eq!(status, 422, "{day}");
        assert_eq!(err["code"], code, "{day}: {err}");
        assert_eq!(err["field"], "submitted", "{day}");
    }
    for day in [today, today.add_days(-60)] {
        assert_eq!(send(day.to_string()).await.status(), 201, "{day}");
    }
    let report = results(&http, &server, "instrument=ita-eit").await;
    assert_eq!(report["n"], 2, "nothing refused was stored");
}
