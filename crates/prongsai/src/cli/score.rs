//! `prongsai score --instrument ID|FILE INPUT`: aggregates exported responses and prints the
//! results as JSON (the same shape as the server's results API).
use std::io::BufReader;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::Args;
use prongsai_core::{grade, ReportOptions, Tally};
use serde::Serialize;
use serde_json::Value;

use super::input::{read_csv, read_jsonl, Format, Input, Record};
use super::{load_instrument, print_problems, Loaded, Outcome};

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Built-in instrument id (see `prongsai instruments`) or an instrument JSON file.
    #[arg(long, short = 'i', value_name = "ID|FILE")]
    pub instrument: String,
    /// Responses: JSON Lines (envelopes or answer objects) or CSV; `-` reads standard input.
    pub input: PathBuf,
    /// Input format; by default CSV for `.csv` files, JSON Lines otherwise.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Stop at the first bad row (exit 1) instead of skipping and counting it.
    #[arg(long)]
    pub strict: bool,
    /// Round numbers in the output to this many decimals (full precision by default).
    #[arg(long, value_name = "N")]
    pub decimals: Option<u32>,
    /// Label the overall grade with this edition's built-in scheme (e.g. 2566 for letters AA–F).
    /// A single tool (IIT, EIT or OIT alone) gets no grade word, only its score against the pass line.
    #[arg(long, value_name = "EDITION")]
    pub grades: Option<String>,
    /// Print only the headline figures (n, tool and indicator scores, grade, strengths, to develop,
    /// satisfaction percent) instead of the full results.
    #[arg(long)]
    pub summary: bool,
    /// Groups smaller than this are suppressed in breakdowns.
    #[arg(long, default_value_t = prongsai_core::MIN_GROUP, value_name = "N")]
    pub min_group: u64,
}

#[derive(Serialize)]
struct InputSummary {
    read: u64,
    skipped: u64,
    /// The first problems (at most 100), with their line numbers.
    problems: Vec<LineProblem>,
}

#[derive(Serialize)]
struct LineProblem {
    line: usize,
    message: String,
}

const MAX_LISTED: usize = 100;

pub fn run(args: ScoreArgs) -> anyhow::Result<Outcome> {
    let ins = match load_instrument(&args.instrument)? {
        Loaded::Ok(i) => i,
        Loaded::Invalid { source, problems } => {
            print_problems(&source, &problems);
            eprintln!("{source}: invalid instrument, nothing scored");
            return Ok(Outcome::Invalid);
        }
    };
    if let Some(key) = &args.grades {
        if grade::builtin_scheme(key).is_none() {
            anyhow::bail!(
                "--grades: no built-in grade scheme `{key}` (known: {})",
                grade::builtin_scheme_keys().join(", ")
            );
        }
    }
    let Input {
        reader,
        format,
        source,
    } = Input::open(&args.input, args.format)?;

    let mut tally = Tally::new(&ins);
    let mut summary = InputSummary {
        read: 0,
        skipped: 0,
        problems: Vec::new(),
    };
    let mut fatal: Option<(usize, String)> = None;
    let mut each = |record: Record| {
        if fatal.is_some() {
            return;
        }
        summary.read += 1;
        match record {
            Record::Response { answers, context } => tally.add(&answers, &context),
            Record::Bad { line, reason } => {
                if args.strict {
                    fatal = Some((line, reason));
                    return;
                }
                eprintln!("{source}: line {line}: skipped: {reason}");
                summary.skipped += 1;
                if summary.problems.len() < MAX_LISTED {
                    summary.problems.push(LineProblem {
                        line,
                        message: reason,
                    });
                }
            }
        }
    };
    match format {
        Format::Jsonl => read_jsonl(&ins, BufReader::new(reader), &mut each)
            .with_context(|| format!("cannot read {source}"))?,
        Format::Csv => {
            read_csv(&ins, reader, &mut each).with_context(|| format!("cannot read {source}"))?
        }
    }
    if let Some((line, reason)) = fatal {
        eprintln!("{source}: line {line}: {reason}");
        eprintln!("{source}: stopped at line {line} (--strict); nothing scored");
        return Ok(Outcome::Invalid);
    }
    let opts = ReportOptions {
        min_group: args.min_group,
        grades: args.grades.clone(),
    };
    let report = tally.report_with(&ins, &opts);
    print_alerts(&source, &report);
    let mut out = if args.summary {
        summary_of(&report)
    } else {
        serde_json::to_value(&report)?
    };
    if let Value::Object(map) = &mut out {
        map.insert("input".into(), serde_json::to_value(&summary)?);
    }
    if let Some(d) = args.decimals {
        round_numbers(&mut out, d);
    }
    super::out(&serde_json::to_string_pretty(&out)?)?;
    Ok(Outcome::Success)
}

/// The headline figures of a report.
fn summary_of(r: &prongsai_core::Report) -> Value {
    let scores = |m: Vec<(&String, Option<f64>)>| -> Value {
        Value::Object(
            m.into_iter()
                .map(|(k, v)| (k.clone(), serde_json::json!(v)))
                .collect(),
        )
    };
    let ids = |list: &[prongsai_core::report::Classified]| -> Vec<String> {
        list.iter().map(|c| c.indicator.clone()).collect()
    };
    let mut out = serde_json::json!({
        "instrument": r.instrument,
        "edition": r.edition,
        "n": r.n,
        "pass_line": r.pass_line,
        "tools": scores(r.tools.iter().map(|(k, t)| (k, t.score)).collect()),
        "tools_pass": Value::Object(
            r.tools
                .iter()
                .map(|(k, t)| (k.clone(), serde_json::json!(t.passes)))
                .collect(),
        ),
        "indicators": scores(r.indicators.iter().map(|(k, i)| (k, i.score)).collect()),
        "grade": r.grade.as_ref().map(|g| serde_json::json!({
            "label": g.label.th, "basis": g.basis, "scheme": g.scheme, "unverified": g.unverified
        })),
        "strengths": ids(&r.strengths),
        "to_develop": ids(&r.to_develop),
    });
    if let (Some(alerts), Value::Object(map)) = (&r.alerts, &mut out) {
        map.insert(
            "alerts".into(),
            serde_json::json!({
                "respondents": alerts.respondents,
                "items": Value::Object(
                    alerts
                        .items
                        .iter()
                        .map(|a| (a.code.clone(), Value::from(a.count)))
                        .collect(),
                ),
            }),
        );
    }
    if let (Some(sat), Value::Object(map)) = (&r.satisfaction, &mut out) {
        map.insert(
            "satisfaction".into(),
            serde_json::json!({
                "percent": sat.percent,
                "satisfied_share": sat.satisfied_share,
                "respondents_satisfied_share": sat.respondents_satisfied_share,
                "band": sat.band.as_ref().map(|b| b.th.clone()),
                "meets_target": sat.meets_target,
                "dimensions": scores(sat.dimensions.iter().map(|(k, d)| (k, d.percent)).collect()),
            }),
        );
    }
    out
}

/// Alert answers (asked for money, gifts or favours) are never only averaged away: a line on
/// standard error says how many respondents reported one, per item.
fn print_alerts(source: &str, r: &prongsai_core::Report) {
    let Some(alerts) = r.alerts.as_ref().filter(|a| a.respondents > 0) else {
        return;
    };
    let items = alerts
        .items
        .iter()
        .filter(|a| a.count > 0)
        .map(|a| format!("{} {}", a.code, a.count))
        .collect::<Vec<_>>()
        .join(", ");
    eprintln!(
        "{source}: แจ้งเตือน: ผู้ตอบ {n} คนตอบว่ามีการเรียกรับหรือให้เงิน ทรัพย์สิน หรือประโยชน์อื่น ({items}) — alert: {n} respondent(s) reported money, property or favours being asked for or given ({items})",
        n = alerts.respondents
    );
}

/// Rounds every non-integer number in a JSON value (display only; counts stay integers).
pub fn round_numbers(v: &mut Value, decimals: u32) {
    match v {
        Value::Number(n) if n.is_f64() => {
            // The same rounding every judgement uses (84.995 → 85.00, 4.125 → 4.13).
            let rounded = n
                .as_f64()
                .map(|f| prongsai_core::number::round_half_away(f, decimals))
                .and_then(serde_json::Number::from_f64);
            if let Some(r) = rounded {
                *n = r;
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| round_numbers(x, decimals)),
        Value::Object(o) => o.values_mut().for_each(|x| round_numbers(x, decimals)),
        _ => {}
    }
}
