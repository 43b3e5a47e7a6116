//! Collector benchmark (DESIGN.md budgets): sustained ingest into SQLite through the real
//! `prongsai serve` binary on loopback, and the results time over 1,000,000 stored EIT responses.
//! Not a test: it prints figures. Run it through `bench/ingest/run.sh` (release build).
//!
//! Phases:
//! 1. open loop: requests offered at a fixed rate (default 2,000/s, the budget) for N seconds;
//!    latency measured from the scheduled send time, so queueing is not hidden.
//! 2. closed loop: C clients sending back to back; the sustained maximum.
//!    Both phases send 10 % duplicates and check at the end that stored = unique acknowledged.
//! 3. results: 1,000,000 EIT responses (and 1,000,000 satisfaction responses, for the O16)
//!    stored through the storage layer (the same insert path the server uses: rows, bucket
//!    tallies, comment index), then `GET /api/v1/results`, the results pages, the O16 / O42
//!    downloads, the public page and the moderation list timed on a fresh server; for
//!    comparison, a full recomputation from the stored rows. `--only-results` skips 1 and 2
//!    (`bench/results/run.sh`).
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::Parser;
use prongsai::server::storage::sqlite::SqliteStorage;
use prongsai::server::storage::{CodeCheck, NewResponse, Storage};
use prongsai_core::{
    builtin, score_response, Answers, Context, Date, Envelope, Instrument, Locale, ScaleKind, Tally,
};
use rand::Rng;
use serde_json::Value;

const TOKEN: &str = "bench-admin-token-0123456789";

#[derive(Parser)]
#[command(args_override_self = true)]
struct Args {
    /// The prongsai binary [default: next to this example, ../prongsai]
    #[arg(long)]
    bin: Option<PathBuf>,
    /// Offered rate of the open-loop phase (responses per second).
    #[arg(long, default_value_t = 2000)]
    rate: u64,
    /// Seconds per load phase.
    #[arg(long, default_value_t = 20)]
    seconds: u64,
    /// Concurrent clients of the closed-loop phase.
    #[arg(long, default_value_t = 32)]
    concurrency: usize,
    /// Responses stored for the results phase (0 skips it).
    #[arg(long, default_value_t = 1_000_000)]
    results_n: usize,
    /// Service points of the stored responses in the results phase.
    #[arg(long, default_value_t = 3)]
    results_points: usize,
    /// Days the stored responses of the results phase are spread over (from 2025-01-01).
    #[arg(long, default_value_t = 365)]
    results_days: usize,
    /// Satisfaction responses stored beside the EIT ones in the results phase (for the O16).
    #[arg(long, default_value_t = 1_000_000)]
    results_satisfaction_n: usize,
    /// Skip the ingest phases; store and time the results only.
    #[arg(long)]
    only_results: bool,
    /// Where to put the databases [default: a temporary directory]
    #[arg(long)]
    work_dir: Option<PathBuf>,
}

struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(bin: &PathBuf, data: &std::path::Path, config: &std::path::Path) -> Server {
        let mut child = Command::new(bin)
            .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
            .arg(data)
            .arg("--config")
            .arg(config)
            .arg("--widget-dir")
            .arg(data.join("no-widget"))
            .env(
                "PRONGSAI_LOG",
                std::env::var("PRONGSAI_LOG").unwrap_or_else(|_| "warn".into()),
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start prongsai serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("listening line");
        let addr = line
            .trim()
            .strip_prefix("listening on ")
            .expect("listening on …")
            .to_string();
        Server { child, base: addr }
    }

    /// CPU seconds the server process has used so far (user + system), from /proc.
    fn cpu_seconds(&self) -> f64 {
        cpu_seconds_of(&format!("/proc/{}/stat", self.child.id()))
    }

    fn stop(mut self) {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

/// utime + stime of a /proc/…/stat file, in seconds (USER_HZ is 100 on Linux).
fn cpu_seconds_of(path: &str) -> f64 {
    let Ok(stat) = std::fs::read_to_string(path) else {
        return f64::NAN;
    };
    let after = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(f64::NAN)
    };
    (ticks(11) + ticks(12)) / 100.0
}

fn random_answers(ins: &Instrument, rng: &mut impl Rng) -> Answers {
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
                        if rng.random_bool(0.2) {
                            Value::from("บริการดี รวดเร็ว")
                        } else {
                            continue;
                        }
                    }
                    ScaleKind::Number => Value::from(scale.min.unwrap_or(1.0)),
                    _ if scale.options.is_empty() => continue,
                    ScaleKind::Multiple => Value::Array(vec![scale.options
                        [rng.random_range(0..scale.options.len())]
                    .value
                    .to_json()]),
                    _ => scale.options[rng.random_range(0..scale.options.len())]
                        .value
                        .to_json(),
                };
                answers.insert(code.to_string(), value);
            }
        }
    }
    answers
}

fn new_id(rng: &mut impl Rng) -> String {
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

fn envelopes(ins: &Instrument, n: usize) -> Vec<(String, String)> {
    let mut rng = rand::rng();
    let points = ["counter-1", "counter-2", "counter-3"];
    (0..n)
        .map(|i| {
            let id = new_id(&mut rng);
            let env = Envelope::new(
                ins,
                id.clone(),
                Some("demo".into()),
                Some(points[i % 3].into()),
                // Live traffic: everyone submits today (in Bangkok), at one of three counters.
                Date::today_bangkok(std::time::SystemTime::now()),
                Locale::Th,
                random_answers(ins, &mut rng),
            );
            (id, serde_json::to_string(&env).expect("json"))
        })
        .collect()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

struct PhaseResult {
    sent: u64,
    ok: u64,
    errors: u64,
    seconds: f64,
    latencies_ms: Vec<f64>,
}

impl PhaseResult {
    fn print(&mut self, name: &str) {
        self.latencies_ms.sort_by(|a, b| a.total_cmp(b));
        let l = &self.latencies_ms;
        println!(
            "{name}: {} requests in {:.1} s = {:.0} responses/s acknowledged; errors {}; latency ms p50 {:.2}  p90 {:.2}  p99 {:.2}  max {:.2}",
            self.sent,
            self.seconds,
            self.ok as f64 / self.seconds,
            self.errors,
            percentile(l, 0.50),
            percentile(l, 0.90),
            percentile(l, 0.99),
            l.last().copied().unwrap_or(f64::NAN)
        );
    }
}

/// Picks the next body: 10 % of the time one already sent (a duplicate).
struct Feed {
    bodies: Vec<(String, String)>,
    next: AtomicU64,
}

impl Feed {
    fn pick(&self) -> usize {
        let n = self.next.load(Ordering::Relaxed) as usize;
        if n > 10 && rand::rng().random_bool(0.10) {
            return rand::rng().random_range(0..n.min(self.bodies.len()));
        }
        let i = self.next.fetch_add(1, Ordering::Relaxed) as usize;
        i % self.bodies.len()
    }
}

async fn open_loop(
    http: &reqwest::Client,
    url: &str,
    feed: Arc<Feed>,
    rate: u64,
    seconds: u64,
) -> PhaseResult {
    let interval = Duration::from_secs_f64(1.0 / rate as f64);
    let total = rate * seconds;
    let results: Arc<Mutex<Vec<(bool, f64)>>> =
        Arc::new(Mutex::new(Vec::with_capacity(total as usize)));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(total as usize);
    for k in 0..total {
        let scheduled = started + interval * k as u32;
        tokio::time::sleep_until(scheduled.into()).await;
        let (http, url, feed, results) = (
            http.clone(),
            url.to_string(),
            Arc::clone(&feed),
            Arc::clone(&results),
        );
        tasks.push(tokio::spawn(async move {
            let body = feed.bodies[feed.pick()].1.clone();
            let res = http
                .post(&url)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await;
            let ok = matches!(res.map(|r| r.status().as_u16()), Ok(200 | 201));
            results
                .lock()
                .expect("lock")
                .push((ok, scheduled.elapsed().as_secs_f64() * 1000.0));
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    let seconds = started.elapsed().as_secs_f64();
    let results = results.lock().expect("lock");
    PhaseResult {
        sent: results.len() as u64,
        ok: results.iter().filter(|r| r.0).count() as u64,
        errors: results.iter().filter(|r| !r.0).count() as u64,
        seconds,
        latencies_ms: results.iter().map(|r| r.1).collect(),
    }
}

async fn closed_loop(
    http: &reqwest::Client,
    url: &str,
    feed: Arc<Feed>,
    clients: usize,
    seconds: u64,
) -> PhaseResult {
    let started = Instant::now();
    let end = started + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (http, url, feed) = (http.clone(), url.to_string(), Arc::clone(&feed));
        tasks.push(tokio::spawn(async move {
            let mut out = Vec::new();
            while Instant::now() < end {
                let body = feed.bodies[feed.pick()].1.clone();
                let t = Instant::now();
                let res = http
                    .post(&url)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await;
                let ok = matches!(res.map(|r| r.status().as_u16()), Ok(200 | 201));
                out.push((ok, t.elapsed().as_secs_f64() * 1000.0));
            }
            out
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap_or_default());
    }
    let seconds = started.elapsed().as_secs_f64();
    PhaseResult {
        sent: all.len() as u64,
        ok: all.iter().filter(|r| r.0).count() as u64,
        errors: all.iter().filter(|r| !r.0).count() as u64,
        seconds,
        latencies_ms: all.iter().map(|r| r.1).collect(),
    }
}

async fn get_results(http: &reqwest::Client, base: &str, query: &str) -> (f64, Value) {
    let t = Instant::now();
    let res = http
        .get(format!("{base}/api/v1/results?{query}"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .expect("results");
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.expect("json");
    (t.elapsed().as_secs_f64() * 1000.0, v)
}

fn write_config(dir: &std::path::Path) -> PathBuf {
    let path = dir.join("bench.toml");
    std::fs::write(
        &path,
        format!(
            "admin_token = \"{TOKEN}\"\npublic_summaries = [\"satisfaction\", \"ita-eit\"]\n[[units]]\nid = \"demo\"\npoints = [\"counter-1\", \"counter-2\", \"counter-3\"]\n[rate_limit]\nper_minute = 0\n\n# Every simulated client connects from this one machine.\n[connections]\nper_client = 0\n"
        ),
    )
    .expect("config");
    path
}

/// Stores `n` responses of one instrument through the storage layer: a year of them (from
/// 2025-01-01), arriving day by day at the service points, in batches of 2,000.
async fn store(
    storage: &SqliteStorage,
    instrument: &Arc<Instrument>,
    n: usize,
    args: &Args,
    t: Instant,
) -> anyhow::Result<()> {
    let mut rng = rand::rng();
    let points: Vec<String> = (1..=args.results_points)
        .map(|p| format!("counter-{p}"))
        .collect();
    let batch_size = 2000;
    let mut done = 0;
    while done < n {
        let m = batch_size.min(n - done);
        let batch: Vec<NewResponse> = (0..m)
            .map(|k| {
                let i = done + k;
                let answers = random_answers(instrument, &mut rng);
                let scores =
                    serde_json::to_string(&score_response(instrument, &answers)).expect("json");
                let day = prongsai_core::Date::from_days_since_epoch(
                    20_089 + (i * args.results_days / n) as i64,
                );
                NewResponse {
                    id: new_id(&mut rng),
                    instrument: Arc::clone(instrument),
                    unit: "demo".into(),
                    point: points[i % points.len()].clone(),
                    area: String::new(),
                    day,
                    locale: "th".into(),
                    answers_json: serde_json::to_string(&answers).expect("json"),
                    scores_json: scores,
                    answers,
                    code: CodeCheck::NotNeeded,
                }
            })
            .collect();
        storage.insert_batch(Arc::new(batch)).await?;
        done += m;
        if done % 200_000 == 0 {
            println!(
                "  stored {done} {} in {:.0} s",
                instrument.id,
                t.elapsed().as_secs_f64()
            );
        }
    }
    Ok(())
}

async fn ingest_phases(
    args: &Args,
    bin: &PathBuf,
    work: &std::path::Path,
    config: &std::path::Path,
    eit: &Instrument,
) -> anyhow::Result<()> {
    // ---- 1 + 2: ingest
    let feed_n = (args.rate * (args.seconds + 2)) as usize + 200_000;
    let t = Instant::now();
    let feed = Arc::new(Feed {
        bodies: envelopes(eit, feed_n),
        next: AtomicU64::new(0),
    });
    println!(
        "made {feed_n} EIT envelopes in {:.1} s (client side, not timed below)",
        t.elapsed().as_secs_f64()
    );
    let ingest_dir = work.join("ingest");
    let server = Server::start(bin, &ingest_dir, config);
    let url = format!("{}/api/v1/responses", server.base);
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(1024)
        .build()?;

    let _ = open_loop(&http, &url, Arc::clone(&feed), args.rate.min(500), 2).await; // warm-up
    let (cpu0, own0) = (server.cpu_seconds(), cpu_seconds_of("/proc/self/stat"));
    let mut open = open_loop(&http, &url, Arc::clone(&feed), args.rate, args.seconds).await;
    open.print(&format!("open loop at {}/s", args.rate));
    let cpu1 = server.cpu_seconds();
    let mut closed = closed_loop(
        &http,
        &url,
        Arc::clone(&feed),
        args.concurrency,
        args.seconds,
    )
    .await;
    closed.print(&format!("closed loop, {} clients", args.concurrency));
    let (cpu2, own2) = (server.cpu_seconds(), cpu_seconds_of("/proc/self/stat"));
    let per = |cpu: f64, n: u64| cpu * 1000.0 / n.max(1) as f64;
    println!(
        "server CPU per request: {:.3} ms (open loop), {:.3} ms (closed loop) => about {:.0} requests/s per core of server time; \
         the load generator used {:.0} % as much CPU as the server",
        per(cpu1 - cpu0, open.sent),
        per(cpu2 - cpu1, closed.sent),
        1000.0 / per(cpu2 - cpu1, closed.sent),
        100.0 * (own2 - own0) / (cpu2 - cpu0)
    );
    let unique = feed
        .next
        .load(Ordering::Relaxed)
        .min(feed.bodies.len() as u64);
    let (_, report) = get_results(&http, &server.base, "instrument=ita-eit").await;
    let stored = report["n"].as_u64().unwrap_or(0);
    println!(
        "stored {stored} = unique sent {unique}: {}",
        if stored == unique {
            "ok, none lost or duplicated"
        } else {
            "MISMATCH"
        }
    );
    server.stop();

    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let bin = args.bin.clone().unwrap_or_else(|| {
        let exe = std::env::current_exe().expect("exe");
        exe.parent()
            .and_then(|p| p.parent())
            .expect("target dir")
            .join("prongsai")
    });
    let tmp = tempfile::tempdir()?;
    let work = args
        .work_dir
        .clone()
        .unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&work)?;
    let config = write_config(&work);
    let eit = builtin::load("ita-eit").expect("ita-eit");
    println!(
        "prongsai ingest benchmark — {} cores, binary {}",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(0),
        bin.display()
    );

    if !args.only_results {
        ingest_phases(&args, &bin, &work, &config, &eit).await?;
    }

    // ---- 3: results over many stored responses
    if args.results_n > 0 {
        let dir = work.join("results");
        let instrument = Arc::new(eit.clone());
        let satisfaction = Arc::new(builtin::load("satisfaction").expect("satisfaction"));
        let t = Instant::now();
        {
            let storage = SqliteStorage::open(&dir).await?;
            store(&storage, &instrument, args.results_n, &args, t).await?;
            store(
                &storage,
                &satisfaction,
                args.results_satisfaction_n,
                &args,
                t,
            )
            .await?;
            storage.close().await?;
        }
        let seeding = t.elapsed().as_secs_f64();
        let size: u64 = std::fs::read_dir(&dir)?
            .flatten()
            .filter_map(|e| e.metadata().ok())
            .map(|m| m.len())
            .sum();
        println!(
            "stored {} EIT and {} satisfaction responses through the storage layer in {seeding:.0} s ({:.0}/s in batches of 2000); database {:.0} MB",
            args.results_n,
            args.results_satisfaction_n,
            (args.results_n + args.results_satisfaction_n) as f64 / seeding,
            size as f64 / 1e6
        );

        let server = Server::start(&bin, &dir, &config);
        let http = reqwest::Client::new();
        let mut times = Vec::new();
        for round in 0..5 {
            let (ms, v) = get_results(&http, &server.base, "instrument=ita-eit").await;
            if round == 0 {
                println!(
                    "  results n = {}, eit tool score {}",
                    v["n"], v["tools"]["eit"]["score"]
                );
                assert_eq!(v["n"].as_u64(), Some(args.results_n as u64));
            }
            times.push(ms);
        }
        times.sort_by(|a, b| a.total_cmp(b));
        println!(
            "GET /api/v1/results over {} responses: first {:.0} ms, median {:.0} ms, max {:.0} ms (budget < 2000 ms)",
            args.results_n, times[0], times[2], times[4]
        );
        let (ms, v) = get_results(
            &http,
            &server.base,
            "instrument=ita-eit&point=counter-2&from=2025-03-01&to=2025-05-31",
        )
        .await;
        println!(
            "GET /api/v1/results one counter, one quarter (n = {}): {ms:.0} ms",
            v["n"]
        );
        let (ms, v) = get_results(
            &http,
            &server.base,
            "instrument=ita-eit&from=2025-03-15&to=2025-11-20",
        )
        .await;
        println!(
            "GET /api/v1/results 2025-03-15 … 2025-11-20, all counters (n = {}): {ms:.0} ms",
            v["n"]
        );
        let t = Instant::now();
        let csv = http
            .get(format!(
                "{}/api/v1/export.csv?instrument=ita-eit",
                server.base
            ))
            .bearer_auth(TOKEN)
            .send()
            .await?
            .bytes()
            .await?;
        println!(
            "GET /api/v1/export.csv: {:.0} MB in {:.1} s (streamed)",
            csv.len() as f64 / 1e6,
            t.elapsed().as_secs_f64()
        );
        println!(
            "results pages and reports (Authorization: Bearer; median of 3, first in brackets; budget < 2000 ms):"
        );
        for path in [
            "/admin/results",
            "/admin/results/ita-eit",
            "/admin/results/ita-eit?point=counter-2&from=2025-03-01&to=2025-05-31",
            "/admin/reports/o42/ita-eit",
            "/admin/reports/o42-all",
            "/admin/export/ita-eit/items.csv",
            "/admin/results/satisfaction",
            "/admin/reports/o16/satisfaction",
            "/public/satisfaction",
            "/admin/comments?instrument=ita-eit",
            "/admin/comments?status=all&page=2000",
        ] {
            let mut times = Vec::new();
            let mut bytes = 0;
            for _ in 0..3 {
                let t = Instant::now();
                let res = http
                    .get(format!("{}{path}", server.base))
                    .bearer_auth(TOKEN)
                    .send()
                    .await?;
                assert_eq!(res.status(), 200, "{path}");
                bytes = res.bytes().await?.len();
                times.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            let first = times[0];
            times.sort_by(|a, b| a.total_cmp(b));
            println!(
                "  GET {path}: {:.0} ms ({first:.0} ms), {:.0} KB",
                times[1],
                bytes as f64 / 1024.0
            );
        }
        server.stop();

        // For comparison: what a request would cost without the pre-aggregated buckets.
        let t = Instant::now();
        let db = rusqlite::Connection::open_with_flags(
            dir.join("prongsai.sqlite"),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )?;
        let mut stmt =
            db.prepare("SELECT point, day, answers FROM responses WHERE instrument = 'ita-eit'")?;
        let mut rows = stmt.query([])?;
        let mut tally = Tally::new(&instrument);
        while let Some(row) = rows.next()? {
            let point: String = row.get(0)?;
            let day: String = row.get(1)?;
            let answers: Answers = serde_json::from_str(&row.get::<_, String>(2)?)?;
            tally.add(
                &answers,
                &Context {
                    point: Some(point),
                    date: Date::parse(&day),
                },
            );
        }
        let report = tally.report(&instrument);
        println!(
            "full recomputation from the rows (no buckets), in-process: {:.1} s for n = {}",
            t.elapsed().as_secs_f64(),
            report.n
        );
    }
    Ok(())
}
