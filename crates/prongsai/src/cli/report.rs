//! `prongsai report o16|o42|summary --instrument ID|FILE INPUT`: reads exported responses like
//! `prongsai score` and writes a printable Thai document (HTML) with prongsai-reports.
use std::collections::BTreeMap;
use std::io::{BufReader, Write as _};
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::Args;
use prongsai_core::{grade, Date, Instrument, Kind, Report, ReportOptions, Tally, MIN_GROUP};
use prongsai_reports::{Channel, O16Options, O42Options, Period, SummaryOptions};

use super::input::{read_csv, read_jsonl, Format, Input, Record};
use super::{load_instrument, print_problems, Loaded, Outcome};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Document {
    /// รายงานผลการสำรวจความพึงพอใจการให้บริการ (O16), for satisfaction and quick surveys.
    O16,
    /// ร่างรายงานการวิเคราะห์ผลการประเมิน ITA (O42), for IIT and EIT.
    O42,
    /// Public summary page for the agency's website (aggregates and approved comments only).
    Summary,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The document to write.
    #[arg(value_enum)]
    pub document: Document,
    /// Built-in instrument id (see `prongsai instruments`) or an instrument JSON file.
    #[arg(long, short = 'i', value_name = "ID|FILE")]
    pub instrument: String,
    /// Responses: JSON Lines (envelopes or answer objects) or CSV; `-` reads standard input.
    pub input: PathBuf,
    /// Responses of the previous period, for the comparison (same instrument and format rules).
    #[arg(long, value_name = "INPUT")]
    pub previous: Option<PathBuf>,
    /// How the previous period is named in the comparison (default: its fiscal year).
    #[arg(long, value_name = "LABEL")]
    pub previous_label: Option<String>,
    /// Input format; by default CSV for `.csv` files, JSON Lines otherwise.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// The agency's name as printed.
    #[arg(long, default_value = "")]
    pub agency: String,
    /// A division or office of the agency, if the document is for one.
    #[arg(long)]
    pub unit: Option<String>,
    /// The period's name as printed (default: the fiscal year of the data).
    #[arg(long, value_name = "LABEL")]
    pub period: Option<String>,
    /// Only responses submitted on or after this date (YYYY-MM-DD); printed as the period start.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<String>,
    /// Only responses submitted on or before this date (YYYY-MM-DD); printed as the period end.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: Option<String>,
    /// o16, summary: approved comments, one per line (moderation is done in the server).
    #[arg(long, value_name = "FILE")]
    pub comments: Option<PathBuf>,
    /// o16: how responses were collected: qr, kiosk, web or a description (repeatable).
    #[arg(long, value_name = "qr|kiosk|web|TEXT")]
    pub channel: Vec<String>,
    /// o16: service users in the period, for the recommended number of respondents.
    #[arg(long, value_name = "N")]
    pub population: Option<u32>,
    /// Name of a service point: `ID=NAME` (repeatable).
    #[arg(long = "point-name", value_name = "ID=NAME")]
    pub point_names: Vec<String>,
    /// o42: label grades with this edition's built-in scheme (e.g. 2566 for letters AA–F).
    #[arg(long, value_name = "EDITION")]
    pub grades: Option<String>,
    /// Groups smaller than this are not shown (at least 5).
    #[arg(long, default_value_t = MIN_GROUP, value_name = "N")]
    pub min_group: u64,
    /// Write numbers with Thai digits (๐–๙).
    #[arg(long)]
    pub thai_digits: bool,
    /// The date printed as the document's date (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Write the HTML here instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,
}

fn parse_date(flag: &str, s: &str) -> anyhow::Result<Date> {
    Date::parse(s.trim())
        .with_context(|| format!("--{flag}: `{s}` is not a date YYYY-MM-DD (Common era)"))
}

/// Today's date in Bangkok (reports are dated in Thai time, not UTC).
fn today() -> Date {
    Date::today_bangkok(std::time::SystemTime::now())
}

/// Counts of one input read.
struct Responses {
    tally: Tally,
    read: u64,
    skipped: u64,
    outside: u64,
}

fn read_responses(
    ins: &Instrument,
    path: &Path,
    format: Option<Format>,
    range: (Option<Date>, Option<Date>),
) -> anyhow::Result<Responses> {
    let Input {
        reader,
        format,
        source,
    } = Input::open(path, format)?;
    let mut out = Responses {
        tally: Tally::new(ins),
        read: 0,
        skipped: 0,
        outside: 0,
    };
    let filtered = range.0.is_some() || range.1.is_some();
    let mut each = |record: Record| match record {
        Record::Response { answers, context } => {
            out.read += 1;
            if filtered {
                let inside = context.date.is_some_and(|d| {
                    range.0.is_none_or(|from| d >= from) && range.1.is_none_or(|to| d <= to)
                });
                if !inside {
                    out.outside += 1;
                    return;
                }
            }
            out.tally.add(&answers, &context);
        }
        Record::Bad { line, reason } => {
            out.read += 1;
            out.skipped += 1;
            eprintln!("{source}: line {line}: skipped: {reason}");
        }
    };
    match format {
        Format::Jsonl => read_jsonl(ins, BufReader::new(reader), &mut each)
            .with_context(|| format!("cannot read {source}"))?,
        Format::Csv => {
            read_csv(ins, reader, &mut each).with_context(|| format!("cannot read {source}"))?
        }
    }
    Ok(out)
}

fn read_comments(path: &Path) -> anyhow::Result<Vec<String>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read comments {}", path.display()))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect())
}

fn point_names(specs: &[String]) -> anyhow::Result<BTreeMap<String, String>> {
    specs
        .iter()
        .map(|s| {
            let (id, name) = s
                .split_once('=')
                .with_context(|| format!("--point-name: `{s}` is not ID=NAME"))?;
            Ok((id.trim().to_string(), name.trim().to_string()))
        })
        .collect()
}

pub fn run(args: ReportArgs) -> anyhow::Result<Outcome> {
    let ins = match load_instrument(&args.instrument)? {
        Loaded::Ok(i) => i,
        Loaded::Invalid { source, problems } => {
            print_problems(&source, &problems);
            eprintln!("{source}: invalid instrument, no report written");
            return Ok(Outcome::Invalid);
        }
    };
    let satisfaction_like =
        matches!(ins.kind, Kind::Satisfaction | Kind::Quick) || !ins.dimensions.is_empty();
    match args.document {
        Document::O16 if !satisfaction_like => anyhow::bail!(
            "o16 is the satisfaction report: `{}` is not a satisfaction survey (use o42 for IIT/EIT)",
            ins.id
        ),
        Document::O42 if ins.indicators.is_empty() => anyhow::bail!(
            "o42 analyses ITA indicators: `{}` has none (use o16 for satisfaction surveys)",
            ins.id
        ),
        Document::O42 if args.comments.is_some() => {
            anyhow::bail!("--comments is for o16 and summary; o42 publishes no comments")
        }
        _ => {}
    }
    if args.min_group < MIN_GROUP {
        anyhow::bail!("--min-group: reports never show groups smaller than {MIN_GROUP}");
    }
    if let Some(key) = &args.grades {
        if grade::builtin_scheme(key).is_none() {
            anyhow::bail!(
                "--grades: no built-in grade scheme `{key}` (known: {})",
                grade::builtin_scheme_keys().join(", ")
            );
        }
    }
    let from = args
        .from
        .as_deref()
        .map(|s| parse_date("from", s))
        .transpose()?;
    let to = args
        .to
        .as_deref()
        .map(|s| parse_date("to", s))
        .transpose()?;
    if let (Some(a), Some(b)) = (from, to) {
        if a > b {
            anyhow::bail!("--from {a} is after --to {b}");
        }
    }
    let generated = match args.date.as_deref() {
        Some(s) => parse_date("date", s)?,
        None => today(),
    };
    let comments = args
        .comments
        .as_deref()
        .map(read_comments)
        .transpose()?
        .unwrap_or_default();
    let point_names = point_names(&args.point_names)?;
    let opts = ReportOptions {
        min_group: args.min_group,
        grades: args.grades.clone(),
    };

    let current = read_responses(&ins, &args.input, args.format, (from, to))?;
    let report = current.tally.report_with(&ins, &opts);
    let previous: Option<Report> = match &args.previous {
        Some(path) => {
            let prev = read_responses(&ins, path, args.format, (None, None))?;
            Some(prev.tally.report_with(&ins, &opts))
        }
        None => None,
    };
    let period = Period {
        label: args.period.clone(),
        from,
        to,
    };

    let html = match args.document {
        Document::O16 => {
            let mut o = O16Options::new(args.agency.clone(), generated);
            o.unit = args.unit.clone();
            o.period = period;
            o.channels = args.channel.iter().map(|c| Channel::parse(c)).collect();
            o.population = args.population;
            o.previous = previous.as_ref();
            o.previous_label = args.previous_label.clone();
            o.comments = comments;
            o.point_names = point_names;
            o.thai_digits = args.thai_digits;
            o.area_reports = current.tally.area_reports(&ins, &report, &opts);
            prongsai_reports::o16(&ins, &report, &o)
        }
        Document::O42 => {
            let mut o = O42Options::new(args.agency.clone(), generated);
            o.unit = args.unit.clone();
            o.period = period;
            o.previous = previous.as_ref();
            o.previous_label = args.previous_label.clone();
            o.point_names = point_names;
            o.thai_digits = args.thai_digits;
            prongsai_reports::o42(&ins, &report, &o)
        }
        Document::Summary => {
            let mut o = SummaryOptions::new(args.agency.clone(), generated);
            o.unit = args.unit.clone();
            o.period = period;
            o.comments = comments;
            o.thai_digits = args.thai_digits;
            prongsai_reports::public_summary(&ins, &report, &o)
        }
    };

    match &args.out {
        Some(path) => std::fs::write(path, html.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => std::io::stdout()
            .lock()
            .write_all(html.as_bytes())
            .context("cannot write to standard output")?,
    }
    let mut note = format!(
        "{} responses in the report, {} skipped",
        current.read - current.skipped - current.outside,
        current.skipped
    );
    if current.outside > 0 {
        note.push_str(&format!(", {} outside --from/--to", current.outside));
    }
    match &args.out {
        Some(path) => eprintln!("prongsai: wrote {} ({note})", path.display()),
        None => eprintln!("prongsai: {note}"),
    }
    Ok(Outcome::Success)
}
