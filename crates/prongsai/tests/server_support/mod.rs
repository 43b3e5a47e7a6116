//! Shared by the `server_*` tests: start the real `prongsai serve` binary on a free loopback port,
//! make valid envelopes with the core crate, and talk to the server as the widget would.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use prongsai_core::{builtin, Answers, Date, Envelope, Instrument, Locale, ScaleKind};
use rand::Rng;
use serde_json::Value;

pub const TOKEN: &str = "test-admin-token-0123456789";
/// Clients bind this loopback address, so tests can prove it is stored and logged nowhere.
pub const CLIENT_IP: &str = "127.0.0.2";
pub const USER_AGENT: &str = "PrivacyProbe/9.9 (TracerAgentString)";

/// A config with generous limits for load tests (and submission dates accepted ten years back);
/// `extra` is appended verbatim (top-level keys must come before any table, so it is inserted
/// first).
pub fn config_toml(extra: &str) -> String {
    // The tests send fixed dates back to 2024; the endpoint's default window is 60 days.
    let backdate = if extra.contains("max_backdate_days") {
        ""
    } else {
        "max_backdate_days = 3650"
    };
    format!(
        r#"{extra}
{backdate}
admin_token = "{TOKEN}"

[[units]]
id = "demo"
name = "เทศบาลทดสอบ"
points = ["counter-1", "counter-2"]

[[units]]
id = "branch"
points = ["front"]

[rate_limit]
per_minute = 0
"#
    )
}

pub struct ServerOpts {
    pub data_dir: PathBuf,
    pub config: Option<String>,
    pub database: Option<String>,
    pub widget_dir: Option<PathBuf>,
    pub env: Vec<(String, String)>,
}

impl ServerOpts {
    pub fn sqlite(dir: &Path) -> ServerOpts {
        ServerOpts {
            data_dir: dir.join("data"),
            config: Some(config_toml("")),
            database: None,
            widget_dir: Some(dir.join("no-widget")),
            env: Vec::new(),
        }
    }
}

pub struct Server {
    child: Option<Child>,
    pub addr: SocketAddr,
    pub base: String,
    stderr: Arc<Mutex<String>>,
    extra_stdout: Arc<Mutex<Vec<String>>>,
    pub data_dir: PathBuf,
}

impl Server {
    pub fn start(opts: &ServerOpts) -> Server {
        // PRONGSAI_TEST_BIN runs the tests against another build (e.g. main's, to see a new
        // test fail there first).
        let bin = std::env::var_os("PRONGSAI_TEST_BIN")
            .unwrap_or_else(|| env!("CARGO_BIN_EXE_prongsai").into());
        let mut cmd = Command::new(bin);
        cmd.arg("serve")
            .arg("--addr")
            .arg("127.0.0.1:0")
            .arg("--data-dir")
            .arg(&opts.data_dir);
        if let Some(cfg) = &opts.config {
            std::fs::create_dir_all(&opts.data_dir).expect("data dir");
            let path = opts.data_dir.with_extension("toml");
            std::fs::write(&path, cfg).expect("write config");
            cmd.arg("--config").arg(path);
        }
        if let Some(db) = &opts.database {
            cmd.arg("--database").arg(db);
        }
        if let Some(w) = &opts.widget_dir {
            cmd.arg("--widget-dir").arg(w);
        }
        cmd.env_remove("PRONGSAI_ADMIN_TOKEN")
            .env("PRONGSAI_LOG", "debug");
        for (k, v) in &opts.env {
            cmd.env(k, v);
        }
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn prongsai serve");

        let stderr = Arc::new(Mutex::new(String::new()));
        {
            let sink = Arc::clone(&stderr);
            let mut pipe = child.stderr.take().expect("stderr");
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                while let Ok(n) = pipe.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    sink.lock()
                        .unwrap()
                        .push_str(&String::from_utf8_lossy(&buf[..n]));
                }
            });
        }
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        let extra_stdout = Arc::new(Mutex::new(Vec::new()));
        {
            let extra = Arc::clone(&extra_stdout);
            std::thread::spawn(move || {
                let mut lines = BufReader::new(stdout).lines();
                if let Some(Ok(line)) = lines.next() {
                    let _ = tx.send(line);
                }
                // Anything more on stdout would break the one-line contract.
                for line in lines.map_while(Result::ok) {
                    extra.lock().unwrap().push(line);
                }
            });
        }
        let line = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(line) => line,
            Err(_) => {
                let _ = child.kill();
                panic!(
                    "server did not print its address; stderr:\n{}",
                    stderr.lock().unwrap()
                );
            }
        };
        let addr: SocketAddr = line
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("first stdout line was {line:?}"))
            .parse()
            .expect("address");
        assert_ne!(addr.port(), 0, "the real port is printed");
        Server {
            child: Some(child),
            addr,
            base: format!("http://{addr}"),
            stderr,
            extra_stdout,
            data_dir: opts.data_dir.clone(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Lines printed to stdout after `listening on …` (there should be none).
    pub fn extra_stdout(&self) -> Vec<String> {
        self.extra_stdout.lock().unwrap().clone()
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("running").id()
    }

    /// SIGKILL, as a crash or the OOM killer would.
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// SIGTERM, then wait (at most `limit`) for the exit.
    pub fn terminate(&mut self, limit: Duration) -> Option<ExitStatus> {
        let mut c = self.child.take()?;
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(c.id().to_string())
            .status();
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = c.try_wait() {
                return Some(status);
            }
            if started.elapsed() > limit {
                let _ = c.kill();
                let _ = c.wait();
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The HTTP client of a respondent: own loopback address and a recognisable user agent.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(CLIENT_IP.parse::<IpAddr>().ok())
        .user_agent(USER_AGENT)
        .timeout(Duration::from_secs(30))
        .pool_max_idle_per_host(64)
        .build()
        .expect("client")
}

pub fn instrument(id: &str) -> Instrument {
    builtin::load(id).expect("built-in instrument")
}

pub fn new_id() -> String {
    let mut rng = rand::rng();
    let b: [u8; 16] = rng.random();
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-4{}-a{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

/// A complete, valid set of answers: every visible item, options picked at random.
pub fn random_answers(ins: &Instrument) -> Answers {
    let mut rng = rand::rng();
    let mut answers = Answers::new();
    for (si, section) in ins.sections.iter().enumerate() {
        if !ins.is_section_visible(si, &answers) {
            continue;
        }
        for item in &section.items {
            if !ins.is_item_visible(item, &answers) {
                continue;
            }
            let Some(scale) = ins.scale(&item.scale) else {
                continue;
            };
            for code in ins.answer_codes(item) {
                let value = match scale.kind {
                    ScaleKind::Text => {
                        if rng.random_bool(0.3) {
                            Value::from("บริการดีมาก ขอบคุณครับ")
                        } else {
                            continue;
                        }
                    }
                    ScaleKind::Number => Value::from(scale.min.unwrap_or(1.0)),
                    ScaleKind::Multiple => {
                        let o = &scale.options[rng.random_range(0..scale.options.len())];
                        Value::Array(vec![o.value.to_json()])
                    }
                    _ => {
                        if scale.options.is_empty() {
                            continue;
                        }
                        scale.options[rng.random_range(0..scale.options.len())]
                            .value
                            .to_json()
                    }
                };
                answers.insert(code.to_string(), value);
            }
        }
    }
    answers
}

pub fn envelope(
    ins: &Instrument,
    id: &str,
    unit: &str,
    point: Option<&str>,
    day: &str,
) -> Envelope {
    Envelope::new(
        ins,
        id.to_string(),
        Some(unit.to_string()),
        point.map(str::to_string),
        Date::parse(day).expect("date"),
        Locale::Th,
        random_answers(ins),
    )
}

pub fn envelope_json(ins: &Instrument, id: &str) -> String {
    serde_json::to_string(&envelope(ins, id, "demo", Some("counter-1"), "2026-10-15"))
        .expect("json")
}

pub async fn post(
    client: &reqwest::Client,
    server: &Server,
    body: String,
) -> reqwest::Result<reqwest::Response> {
    client
        .post(server.url("/api/v1/responses"))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
}

pub async fn results(client: &reqwest::Client, server: &Server, query: &str) -> Value {
    let res = client
        .get(server.url(&format!("/api/v1/results?{query}")))
        .bearer_auth(TOKEN)
        .send()
        .await
        .expect("results request");
    assert_eq!(res.status(), 200, "results status");
    res.json().await.expect("results json")
}

/// Reads the error object of a 4xx/5xx answer.
pub async fn error_of(res: reqwest::Response) -> (u16, Value) {
    let status = res.status().as_u16();
    let body: Value = res.json().await.expect("error body is JSON");
    (status, body["error"].clone())
}

/// A unique PostgreSQL database for one test, or `None` when PRONGSAI_TEST_POSTGRES_URL is unset.
pub async fn fresh_postgres() -> Option<String> {
    let base = std::env::var("PRONGSAI_TEST_POSTGRES_URL")
        .ok()
        .filter(|s| !s.is_empty())?;
    let (client, conn) = tokio_postgres::connect(&base, tokio_postgres::NoTls)
        .await
        .expect("connect to test PostgreSQL");
    tokio::spawn(conn);
    let name = format!("prongsai_t_{}", new_id().replace('-', "_"));
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create database");
    let (prefix, _) = base.rsplit_once('/').expect("URL with a database");
    Some(format!("{prefix}/{name}"))
}

/// Every file of the data directory, concatenated (the database, its WAL, the lock file).
pub fn data_dir_bytes(dir: &Path) -> Vec<u8> {
    let mut all = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            if let Ok(b) = std::fs::read(e.path()) {
                all.extend(b);
            }
        }
    }
    all
}

pub fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// The HTTP client of an officer's browser: redirects are returned, not followed.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(120))
        .build()
        .expect("client")
}

/// Logs in through the form like a browser; returns the `Cookie` header value. The session
/// cookie must be HttpOnly, SameSite=Strict, for `/admin` only, and not `Secure` on plain http.
pub async fn login(http: &reqwest::Client, server: &Server) -> String {
    let res = http
        .post(server.url("/admin/login"))
        .header("origin", &server.base)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("token={TOKEN}&next=%2Fadmin%2Fresults"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "login redirects");
    assert_eq!(res.headers()["location"], "/admin/results");
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    for part in ["HttpOnly", "SameSite=Strict", "Path=/admin"] {
        assert!(cookie.contains(part), "{part} in {cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain http: no Secure flag");
    cookie.split(';').next().unwrap().to_string()
}

/// GET an admin page with the session cookie: the status and the body.
pub async fn admin_get(
    http: &reqwest::Client,
    server: &Server,
    cookie: &str,
    path: &str,
) -> (u16, String) {
    let (status, _, body) = admin_get_typed(http, server, cookie, path).await;
    (status, body)
}

/// GET an admin page or download with the session cookie: the status, the content type and the body.
pub async fn admin_get_typed(
    http: &reqwest::Client,
    server: &Server,
    cookie: &str,
    path: &str,
) -> (u16, String, String) {
    let res = http
        .get(server.url(path))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let ctype = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, ctype, res.text().await.unwrap())
}

mod pages;
#[allow(unused_imports)]
pub use pages::*;
