//! Aggregates N synthetic EIT responses (default 1,000,000) and prints seconds, responses/s and
//! peak memory. Responses are generated in batches so that memory measures the aggregation, not
//! the test data; only the aggregation is timed. Run: `bench/aggregate/run.sh` (release build).
use std::time::{Duration, Instant};

use prongsai_core::{builtin, Answers, Context, Date, Instrument, ScaleKind, Tally};
use serde_json::{json, Value};

const BATCH: usize = 20_000;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Answer codes with the values a respondent could choose.
fn plan(ins: &Instrument) -> Vec<(String, Vec<Value>)> {
    let mut out = Vec::new();
    for item in ins.items() {
        let Some(scale) = ins.scale(&item.scale) else {
            continue;
        };
        for code in ins.answer_codes(item) {
            let mut vals: Vec<Value> = match scale.kind {
                ScaleKind::Text => vec![json!("บริการดีมาก")],
                _ => scale.options.iter().map(|o| o.value.to_json()).collect(),
            };
            if scale.not_applicable.is_some() {
                vals.push(json!("na"));
            }
            out.push((code.to_string(), vals));
        }
    }
    out
}

fn batch(plan: &[(String, Vec<Value>)], rng: &mut Rng, n: usize) -> Vec<(Answers, Context)> {
    let points = ["counter-1", "counter-2", "counter-3", "online"];
    (0..n)
        .map(|_| {
            let mut a = Answers::new();
            for (code, vals) in plan {
                // the comment is left empty by most respondents
                if code == "comment" && rng.below(10) != 0 {
                    continue;
                }
                a.insert(code.clone(), vals[rng.below(vals.len())].clone());
            }
            let day = rng.below(365 * 2) as u32;
            let date = Date::parse(&format!(
                "{}-{:02}-{:02}",
                2024 + day / 365,
                1 + (day % 365) / 31 % 12,
                1 + day % 28
            ));
            (
                a,
                Context {
                    point: Some(points[rng.below(points.len())].to_string()),
                    date,
                },
            )
        })
        .collect()
}

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Aggregates `total` responses on one thread; returns the tally and the time spent adding.
fn run(
    ins: &Instrument,
    plan: &[(String, Vec<Value>)],
    total: usize,
    seed: u64,
) -> (Tally, Duration) {
    let mut rng = Rng(seed);
    let mut tally = Tally::new(ins);
    let mut spent = Duration::ZERO;
    let mut done = 0;
    while done < total {
        let n = BATCH.min(total - done);
        let rs = batch(plan, &mut rng, n);
        let t0 = Instant::now();
        for (a, c) in &rs {
            tally.add(a, c);
        }
        spent += t0.elapsed();
        done += n;
    }
    (tally, spent)
}

fn main() {
    let total: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let Some(ins) = builtin::load("ita-eit") else {
        eprintln!("the built-in EIT instrument did not load");
        std::process::exit(1);
    };
    let plan = plan(&ins);

    // One thread.
    let (tally, spent) = run(&ins, &plan, total, 0x9e37_79b9_7f4a_7c15);
    let t0 = Instant::now();
    let report = tally.report(&ins);
    let report_time = t0.elapsed();
    let secs = spent.as_secs_f64() + report_time.as_secs_f64();
    println!("aggregate {total} synthetic EIT responses (1 thread)");
    println!("  add:    {:.3} s", spent.as_secs_f64());
    println!("  report: {:.3} s", report_time.as_secs_f64());
    println!(
        "  total:  {:.3} s  = {:.0} responses/s   (budget < 2 s)",
        secs,
        total as f64 / secs
    );

    // Two threads, each its own tally, then merged: what the server and the kiosk batches rely on.
    let half = total / 2;
    let (ins_a, ins_b) = (ins.clone(), ins.clone());
    let (plan_a, plan_b) = (plan.clone(), plan.clone());
    let wall = Instant::now();
    let a = std::thread::spawn(move || run(&ins_a, &plan_a, half, 11));
    let b = std::thread::spawn(move || run(&ins_b, &plan_b, total - half, 12));
    let (Ok((mut ta, sa)), Ok((tb, sb))) = (a.join(), b.join()) else {
        eprintln!("a worker thread failed");
        std::process::exit(1);
    };
    let t0 = Instant::now();
    if let Err(p) = ta.merge(&tb) {
        eprintln!("merge failed: {p}");
        std::process::exit(1);
    }
    let merged_report = ta.report(&ins);
    let merge_time = t0.elapsed();
    let par = sa.max(sb).as_secs_f64() + merge_time.as_secs_f64();
    println!("aggregate {total} synthetic EIT responses (2 threads + merge)");
    println!(
        "  add (slowest thread): {:.3} s, merge + report: {:.3} s",
        sa.max(sb).as_secs_f64(),
        merge_time.as_secs_f64()
    );
    println!(
        "  total:  {:.3} s  = {:.0} responses/s   (wall incl. generating data {:.1} s)",
        par,
        total as f64 / par,
        wall.elapsed().as_secs_f64()
    );
    println!(
        "peak memory (VmHWM): {:.1} MiB",
        peak_rss_mib().unwrap_or(f64::NAN)
    );
    println!(
        "check: n = {} / {}, EIT = {:.2} / {:.2}",
        report.n,
        merged_report.n,
        report
            .tools
            .get("eit")
            .and_then(|t| t.score)
            .unwrap_or(f64::NAN),
        merged_report
            .tools
            .get("eit")
            .and_then(|t| t.score)
            .unwrap_or(f64::NAN)
    );
}
