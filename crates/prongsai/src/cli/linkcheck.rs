//! `prongsai linkcheck ANSWERS.json`: fetch every OIT evidence URL and report what an assessor
//! would meet. Exit 0 when nothing is flagged, 1 when something is, 2 when the check could not run.
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context as _;
use clap::Args;

use super::{out, print_problems, Outcome};
use crate::linkcheck::{self, CheckOptions, LinkReport, LinkResult, MainSite};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// A report to read, in Thai and English.
    Text,
    /// The full report as JSON (every flag with its `th` and `en` message).
    Json,
}

#[derive(Debug, Args)]
pub struct LinkcheckArgs {
    /// OIT answers (JSON): {"o1": "yes", "o1.url": "https://…", "o1.note": "…", …}, or a response
    /// envelope holding them in `answers`.
    pub answers: PathBuf,
    /// The agency's main website (host or URL); evidence elsewhere is flagged.
    #[arg(long, value_name = "URL")]
    pub main_site: Option<String>,
    /// Seconds to wait for each request.
    #[arg(long, value_name = "SECS", default_value = "10", value_parser = parse_timeout)]
    pub timeout: Duration,
    /// How many links are fetched at the same time.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=32))]
    pub concurrency: u16,
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

fn parse_timeout(text: &str) -> Result<Duration, String> {
    let secs: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if !(secs.is_finite() && secs > 0.0 && secs <= 600.0) {
        return Err(format!(
            "`{text}`: the timeout must be more than 0 and at most 600 seconds"
        ));
    }
    Ok(Duration::from_secs_f64(secs))
}

pub fn run(args: LinkcheckArgs) -> anyhow::Result<Outcome> {
    let main_site = args
        .main_site
        .as_deref()
        .map(MainSite::parse)
        .transpose()
        .map_err(|e| anyhow::anyhow!("--main-site: {e}"))?;
    let source = args.answers.display().to_string();
    let text = std::fs::read_to_string(&args.answers)
        .with_context(|| format!("cannot read {source} as UTF-8 text"))?;
    let doc: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        anyhow::anyhow!(
            "{source}: not valid JSON (line {}, column {})",
            e.line(),
            e.column()
        )
    })?;
    let mut links = match linkcheck::evidence_links_from_document(&doc) {
        Ok(links) => links,
        Err(problems) => {
            print_problems(&source, &problems);
            anyhow::bail!(
                "{source}: not OIT answers ({} problem{})",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            );
        }
    };
    // Name the items when the built-in OIT instrument knows them.
    if let Some(ins) = prongsai_core::builtin::load("ita-oit") {
        for link in &mut links {
            let item = ins.find_item(&link.code);
            link.label = item.map(|item| item.text.th.clone());
            // "no evidence link" only where the item's criteria need a URL.
            if let Some(item) = item {
                link.answered_yes &= item.needs_url;
            }
        }
    }
    let options = CheckOptions {
        main_site,
        timeout: args.timeout,
        concurrency: usize::from(args.concurrency),
        ..CheckOptions::default()
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let report = runtime.block_on(linkcheck::check(links, options));
    match args.format {
        ReportFormat::Json => out(&serde_json::to_string_pretty(&report)?)?,
        ReportFormat::Text => out(&render_text(&report))?,
    }
    Ok(if report.is_clean() {
        Outcome::Success
    } else {
        Outcome::Invalid
    })
}

/// The report for a terminal: one block per item, problems marked ✗, then a summary line.
pub fn render_text(report: &LinkReport) -> String {
    let mut s = String::new();
    s.push_str("ตรวจลิงก์หลักฐาน OIT · OIT evidence link check\n");
    match &report.main_site {
        Some(site) => s.push_str(&format!("เว็บไซต์หลัก · main site: {site}\n")),
        None => s.push_str(
            "เว็บไซต์หลัก: ไม่ได้ระบุ (--main-site) จึงไม่ตรวจลิงก์นอกเว็บไซต์ · \
             main site not given (--main-site): off-site links not checked\n",
        ),
    }
    for r in &report.results {
        s.push('\n');
        item_block(&mut s, r);
    }
    s.push('\n');
    let flagged: Vec<String> = report
        .results
        .iter()
        .filter(|r| !r.flags.is_empty())
        .map(|r| r.code.to_uppercase())
        .collect();
    let n = report.results.len();
    s.push_str(&format!(
        "สรุป: ตรวจ {n} ข้อ ({} URL) มีปัญหา {} ข้อ · summary: {n} item{} checked ({} URL{} fetched), {} flagged",
        report.fetched_urls,
        flagged.len(),
        if n == 1 { "" } else { "s" },
        report.fetched_urls,
        if report.fetched_urls == 1 { "" } else { "s" },
        flagged.len(),
    ));
    if !flagged.is_empty() {
        s.push_str(&format!(": {}", flagged.join(", ")));
    }
    s
}

fn item_block(s: &mut String, r: &LinkResult) {
    s.push_str(&r.code.to_uppercase());
    if let Some(label) = &r.label {
        s.push_str(&format!("  {label}"));
    }
    s.push('\n');
    if !r.url.is_empty() {
        s.push_str(&format!("    {}\n", r.url));
    }
    if r.fetched {
        let mut facts = Vec::new();
        facts.push(match r.status {
            Some(status) => format!("HTTP {status}"),
            None => "ไม่มีคำตอบ · no answer".into(),
        });
        facts.push(format!("{:.2} s", r.elapsed_ms as f64 / 1000.0));
        if let Some(size) = r.size() {
            let approx = if r.content_length.is_none() && r.truncated {
                "≥ "
            } else {
                ""
            };
            facts.push(format!("{approx}{}", human_size(size)));
        }
        if let Some(ct) = &r.content_type {
            facts.push(ct.clone());
        }
        if let Some(title) = &r.title {
            facts.push(format!("“{title}”"));
        }
        s.push_str(&format!("    {}\n", facts.join(" · ")));
        for hop in &r.redirects {
            s.push_str(&format!("    → {} {}\n", hop.status, hop.to));
        }
    }
    if r.flags.is_empty() {
        s.push_str("    ✓ ผ่าน · ok\n");
    }
    for flag in &r.flags {
        s.push_str(&format!(
            "    ✗ {} · {}\n",
            flag.message_th(),
            flag.message_en()
        ));
    }
}

fn human_size(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KB {
        format!("{bytes} B")
    } else if b < KB * KB {
        format!("{:.1} KB", b / KB)
    } else {
        format!("{:.1} MB", b / (KB * KB))
    }
}
