//! O16: รายงานผลการสำรวจความพึงพอใจการให้บริการ, the satisfaction report an agency publishes
//! (OIT evidence O16, reported to the executives at least twice a year) — method, respondents,
//! results per dimension, item, service area, service point and period, suggestions, the
//! comparison with the previous period, and signatures.
//!
//! One part a module: [`method`] (summary box, part 1 method, part 2 respondents),
//! [`results`] (part 3 results and breakdowns), [`comparison`] (part 4); this module holds the
//! options, the document's order and the table cells every part shares.
mod comparison;
mod method;
mod results;

use std::collections::BTreeMap;

use maud::{html, Markup};
use prongsai_core::{Date, Instrument, Report};

use crate::blocks::{self, Period};
use crate::html::{document, PageKind};
use crate::thai::Fmt;

/// How responses were collected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Channel {
    Qr,
    Kiosk,
    Web,
    Other(String),
}

impl Channel {
    pub fn label(&self) -> &str {
        match self {
            Channel::Qr => "สแกน QR Code ณ จุดให้บริการ",
            Channel::Kiosk => "เครื่องประเมินความพึงพอใจ (kiosk) ณ จุดให้บริการ",
            Channel::Web => "แบบสำรวจออนไลน์บนเว็บไซต์ของหน่วยงาน",
            Channel::Other(s) => s,
        }
    }

    /// `qr`, `kiosk`, `web`; anything else is kept as its own description.
    pub fn parse(s: &str) -> Channel {
        match s.trim().to_ascii_lowercase().as_str() {
            "qr" => Channel::Qr,
            "kiosk" => Channel::Kiosk,
            "web" => Channel::Web,
            _ => Channel::Other(s.trim().to_string()),
        }
    }
}

/// What the O16 report needs besides the results.
#[derive(Debug, Clone)]
pub struct O16Options<'a> {
    pub agency: String,
    /// A division or office within the agency, if the report is for one.
    pub unit: Option<String>,
    pub period: Period,
    pub channels: Vec<Channel>,
    /// Number of service users in the period, for the recommended sample size.
    pub population: Option<u32>,
    /// The same survey in the previous period, for the comparison.
    pub previous: Option<&'a Report>,
    pub previous_label: Option<String>,
    /// Approved (moderated) suggestions only: the caller decides what may be published.
    pub comments: Vec<String>,
    /// Names of service points by id.
    pub point_names: BTreeMap<String, String>,
    /// Full results of each service area alone, by area key (from
    /// `Tally::only(GroupBy::Area, key)`): counts per level, x̄ and S.D. per dimension. Areas with
    /// fewer than `min_group` respondents are shown suppressed.
    pub area_reports: BTreeMap<String, Report>,
    pub generated: Date,
    pub thai_digits: bool,
}

impl<'a> O16Options<'a> {
    pub fn new(agency: impl Into<String>, generated: Date) -> O16Options<'a> {
        O16Options {
            agency: agency.into(),
            unit: None,
            period: Period::default(),
            channels: Vec::new(),
            population: None,
            previous: None,
            previous_label: None,
            comments: Vec::new(),
            point_names: BTreeMap::new(),
            area_reports: BTreeMap::new(),
            generated,
            thai_digits: false,
        }
    }
}

pub const TITLE: &str = "รายงานผลการสำรวจความพึงพอใจการให้บริการ";

/// One answer level of the satisfaction scale (a column of the tables).
struct Level {
    key: String,
    label: String,
    score: f64,
}

/// What every part of the report reads.
struct Ctx<'r> {
    ins: &'r Instrument,
    report: &'r Report,
    fmt: Fmt,
    /// The highest score of the satisfaction scale (5).
    max: f64,
    /// The target percent.
    target: f64,
    levels: Vec<Level>,
}

/// The O16 report as a complete HTML document.
pub fn o16(ins: &Instrument, report: &Report, opts: &O16Options) -> String {
    let fmt = Fmt::new(opts.thai_digits);
    let title_block = blocks::title_block(
        fmt,
        TITLE,
        &opts.agency,
        opts.unit.as_deref(),
        &opts.period,
        Some(report),
    );
    let Some(sat) = &report.satisfaction else {
        let body = html! {
            main.doc {
                (title_block)
                p.notice {
                    strong { "แบบสำรวจนี้ไม่มีผลความพึงพอใจ" }
                    " รายงาน O16 ใช้กับแบบสำรวจความพึงพอใจ (satisfaction) หรือแบบประเมินด่วน (quick) เท่านั้น"
                }
            }
        };
        return document(TITLE, PageKind::Report, body);
    };
    let ctx = Ctx {
        ins,
        report,
        fmt,
        max: blocks::satisfaction_max(ins),
        target: sat.target,
        levels: levels(ins),
    };
    let hidden = blocks::too_few(report);
    let suggestions_part: u64 = if hidden {
        2
    } else if opts.previous.is_some() {
        5
    } else {
        4
    };
    let received = report.text_answers.values().sum::<u64>();
    let body = html! {
        main.doc {
            (title_block)
            @if !hidden { (method::summary(&ctx)) }
            (method::method(&ctx, opts))
            @if hidden {
                (blocks::too_few_notice(fmt, report))
            } @else {
                (method::profile(&ctx))
                (results::results(&ctx))
                (results::breakdowns(&ctx, opts))
                @if let Some(prev) = opts.previous {
                    (comparison::comparison(&ctx, prev, opts))
                }
            }
            h2 { "ส่วนที่ " (fmt.int(suggestions_part)) " ข้อเสนอแนะของผู้รับบริการ" }
            (blocks::comments(fmt, &opts.comments, Some(received)))
            h2 { "ส่วนที่ " (fmt.int(suggestions_part + 1)) " การนำผลการสำรวจไปปรับปรุงการให้บริการ" }
            div.write-yourself {
                p.instruct { "(หน่วยงานเขียนเอง: ประเด็นที่จะปรับปรุง ผู้รับผิดชอบ และกำหนดเวลา)" }
                @for _ in 0..5 { div.line {} }
            }
            (blocks::closing(
                fmt,
                opts.generated,
                &["ผู้จัดทำรายงาน", "หัวหน้าหน่วยงาน / ผู้บริหาร (รับทราบ)"],
                "ผลสำรวจความพึงพอใจที่หน่วยงานดำเนินการเอง แสดงเฉพาะผลรวม กลุ่มที่มีผู้ตอบน้อยกว่า 5 คนไม่แสดงผล",
            ))
        }
    };
    let title = format!("{TITLE} {}", opts.agency.trim());
    document(title.trim(), PageKind::Report, body)
}

/// The answer levels of the satisfaction scale, highest first.
fn levels(ins: &Instrument) -> Vec<Level> {
    let scale = ins
        .items()
        .filter(|i| i.dimension.is_some() && ins.is_scored(i))
        .find_map(|i| ins.scale(&i.scale));
    let mut levels: Vec<Level> = scale
        .map(|s| {
            s.options
                .iter()
                .filter_map(|o| {
                    Some(Level {
                        key: o.value.key(),
                        label: o.label.th.clone(),
                        score: o.score?,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    levels.sort_by(|a, b| b.score.total_cmp(&a.score));
    levels
}

fn band_text(ctx: &Ctx, mean: Option<f64>) -> String {
    mean.and_then(|m| blocks::band(ctx.ins, m))
        .map_or_else(|| "–".to_string(), |t| t.th.clone())
}

/// The header cell of the target column.
fn target_header(ctx: &Ctx) -> Markup {
    html! { "เป้าหมาย" small { "ร้อยละ " (ctx.fmt.num_short(ctx.target)) } }
}

/// The target is met when the percent *as printed* (2 decimals, half away from zero) reaches
/// it: a printed "80.00" is never "ไม่บรรลุ" 80.
fn meets_target(ctx: &Ctx, percent: f64) -> bool {
    prongsai_core::number::at_least(percent, ctx.target, 2)
}

fn target_cell(ctx: &Ctx, percent: Option<f64>) -> Markup {
    html! {
        @match percent {
            Some(p) if meets_target(ctx, p) => td.c.good { "บรรลุ" },
            Some(_) => td.c.bad { "ไม่บรรลุ" },
            None => td.c { "–" },
        }
    }
}

fn level_headers(ctx: &Ctx) -> Markup {
    html! {
        @for l in &ctx.levels {
            th.num { (ctx.fmt.text(&l.key)) small { (l.label) } }
        }
    }
}

fn level_cells(ctx: &Ctx, counts: &BTreeMap<String, u64>, with_percent: bool) -> Markup {
    let count = |l: &Level| counts.get(&l.key).copied().unwrap_or(0);
    let total: u64 = ctx.levels.iter().map(count).sum();
    html! {
        @for l in &ctx.levels {
            @let c = count(l);
            @if with_percent && total > 0 {
                td.num {
                    (ctx.fmt.int(c))
                    small { (ctx.fmt.num2(c as f64 / total as f64 * 100.0)) "%" }
                }
            } @else {
                td.num { (ctx.fmt.int(c)) }
            }
        }
    }
}

/// Items of a dimension, in the instrument's order.
fn dimension_items<'i>(ins: &'i Instrument, dim: &str) -> Vec<&'i prongsai_core::Item> {
    ins.items()
        .filter(|i| i.dimension.as_deref() == Some(dim) && ins.is_scored(i))
        .collect()
}

fn summed_counts<'a>(ctx: &Ctx, codes: impl Iterator<Item = &'a str>) -> BTreeMap<String, u64> {
    let mut sum = BTreeMap::new();
    for code in codes {
        if let Some(stats) = ctx.report.items.get(code) {
            for (k, v) in &stats.counts {
                *sum.entry(k.clone()).or_insert(0) += v;
            }
        }
    }
    sum
}

/// Answer counts per level over every satisfaction item.
fn all_counts(ctx: &Ctx) -> BTreeMap<String, u64> {
    summed_counts(
        ctx,
        ctx.ins
            .items()
            .filter(|i| i.dimension.is_some() && ctx.ins.is_scored(i))
            .map(|i| i.code.as_str()),
    )
}
