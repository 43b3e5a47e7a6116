//! O16: รายงานผลการสำรวจความพึงพอใจการให้บริการ, the satisfaction report an agency publishes
//! (OIT evidence O16, reported to the executives at least twice a year) — method, respondents,
//! results per dimension, item, service area, service point and period, suggestions, the
//! comparison with the previous period, and signatures.
use std::collections::BTreeMap;
use std::fmt::Write as _;

use prongsai_core::report::Group;
use prongsai_core::{Date, Instrument, Report, Role, ScaleKind};

use crate::blocks::{self, Period};
use crate::html::chart::{bar_chart, Bar, BarChart, Layout, Target};
use crate::html::{document, el, escape, PageKind};
use crate::thai::{Fmt, PeriodKind};

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

struct Ctx<'r> {
    ins: &'r Instrument,
    report: &'r Report,
    fmt: Fmt,
    max: f64,
    target: f64,
    levels: Vec<Level>,
}

/// The O16 report as a complete HTML document.
pub fn o16(ins: &Instrument, report: &Report, opts: &O16Options) -> String {
    let fmt = Fmt::new(opts.thai_digits);
    let mut b = String::from("<main class=\"doc\">");
    b.push_str(&blocks::title_block(
        fmt,
        TITLE,
        &opts.agency,
        opts.unit.as_deref(),
        &opts.period,
        Some(report),
    ));
    let Some(sat) = &report.satisfaction else {
        b.push_str(
            "<p class=\"notice\"><strong>แบบสำรวจนี้ไม่มีผลความพึงพอใจ</strong> \
             รายงาน O16 ใช้กับแบบสำรวจความพึงพอใจ (satisfaction) หรือแบบประเมินด่วน (quick) เท่านั้น</p>",
        );
        b.push_str("</main>");
        return document(TITLE, PageKind::Report, &b);
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
    if !hidden {
        b.push_str(&summary(&ctx));
    }
    b.push_str(&method(&ctx, opts));
    if hidden {
        b.push_str(&blocks::too_few_notice(fmt, report));
    } else {
        b.push_str(&profile(&ctx));
        b.push_str(&results(&ctx));
        b.push_str(&breakdowns(&ctx, opts));
        if let Some(prev) = opts.previous {
            b.push_str(&comparison(&ctx, prev, opts));
        }
    }
    let mut part = if hidden {
        2
    } else if opts.previous.is_some() {
        5
    } else {
        4
    };
    let received = report.text_answers.values().sum::<u64>();
    let _ = write!(
        b,
        "<h2>ส่วนที่ {} ข้อเสนอแนะของผู้รับบริการ</h2>{}",
        fmt.int(part),
        blocks::comments(fmt, &opts.comments, Some(received))
    );
    part += 1;
    let _ = write!(
        b,
        "<h2>ส่วนที่ {} การนำผลการสำรวจไปปรับปรุงการให้บริการ</h2>\
         <div class=\"write-yourself\"><p class=\"instruct\">(หน่วยงานเขียนเอง: ประเด็นที่จะปรับปรุง \
         ผู้รับผิดชอบ และกำหนดเวลา)</p>",
        fmt.int(part)
    );
    for _ in 0..5 {
        b.push_str("<div class=\"line\"></div>");
    }
    b.push_str("</div>");
    b.push_str(&blocks::closing(
        fmt,
        opts.generated,
        &["ผู้จัดทำรายงาน", "หัวหน้าหน่วยงาน / ผู้บริหาร (รับทราบ)"],
        "ผลสำรวจความพึงพอใจที่หน่วยงานดำเนินการเอง แสดงเฉพาะผลรวม กลุ่มที่มีผู้ตอบน้อยกว่า 5 คนไม่แสดงผล",
    ));
    b.push_str("</main>");
    let title = format!("{TITLE} {}", opts.agency.trim());
    document(title.trim(), PageKind::Report, &b)
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

fn target_header(ctx: &Ctx) -> String {
    format!(
        "เป้าหมาย<small>ร้อยละ {}</small>",
        escape(&ctx.fmt.num_short(ctx.target))
    )
}

fn target_cell(ctx: &Ctx, percent: Option<f64>) -> String {
    match percent {
        Some(p) if p >= ctx.target => el("td", "class=\"c good\"", "บรรลุ"),
        Some(_) => el("td", "class=\"c bad\"", "ไม่บรรลุ"),
        None => el("td", "class=\"c\"", "–"),
    }
}

/// Pooled mean and S.D. over every answer in `counts` (per option key), on the option scores.
fn pooled(ctx: &Ctx, counts: &BTreeMap<String, u64>) -> (u64, Option<f64>) {
    let (mut n, mut sum, mut sq) = (0u64, 0.0, 0.0);
    for l in &ctx.levels {
        let c = counts.get(&l.key).copied().unwrap_or(0);
        n += c;
        sum += c as f64 * l.score;
        sq += c as f64 * l.score * l.score;
    }
    if n < 2 {
        return (n, None);
    }
    let nf = n as f64;
    let var = (sq - sum * sum / nf) / (nf - 1.0);
    (n, Some(var.max(0.0).sqrt()))
}

fn level_headers(ctx: &Ctx) -> String {
    ctx.levels
        .iter()
        .map(|l| {
            format!(
                "<th class=\"num\">{}<small>{}</small></th>",
                escape(&ctx.fmt.text(&l.key)),
                escape(&l.label)
            )
        })
        .collect()
}

fn level_cells(ctx: &Ctx, counts: &BTreeMap<String, u64>, with_percent: bool) -> String {
    let total: u64 = ctx
        .levels
        .iter()
        .map(|l| counts.get(&l.key).copied().unwrap_or(0))
        .sum();
    ctx.levels
        .iter()
        .map(|l| {
            let c = counts.get(&l.key).copied().unwrap_or(0);
            if with_percent && total > 0 {
                format!(
                    "<td class=\"num\">{}<small>{}%</small></td>",
                    ctx.fmt.int(c),
                    ctx.fmt.num2(c as f64 / total as f64 * 100.0)
                )
            } else {
                format!("<td class=\"num\">{}</td>", ctx.fmt.int(c))
            }
        })
        .collect()
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

fn summary(ctx: &Ctx) -> String {
    let Some(sat) = &ctx.report.satisfaction else {
        return String::new();
    };
    let f = ctx.fmt;
    let all = summed_counts(
        ctx,
        ctx.ins
            .items()
            .filter(|i| i.dimension.is_some() && ctx.ins.is_scored(i))
            .map(|i| i.code.as_str()),
    );
    let (_, sd) = pooled(ctx, &all);
    let mut s = String::from("<div class=\"summary-box\"><p><strong>สรุปผล</strong> ");
    let _ = write!(
        s,
        "ผู้ตอบแบบสำรวจ {} คน มีความพึงพอใจโดยรวมร้อยละ <strong>{}</strong> \
         (x̄&nbsp;=&nbsp;{}, S.D.&nbsp;=&nbsp;{}) อยู่ในระดับ<strong>{}</strong> ",
        f.int(ctx.report.n),
        f.opt2(sat.percent),
        f.opt2(sat.mean),
        f.opt2(sd),
        escape(&band_text(ctx, sat.mean))
    );
    match sat.percent {
        Some(p) if p >= sat.target => {
            let _ = write!(s, "บรรลุเป้าหมายร้อยละ {}", f.num_short(sat.target));
        }
        Some(_) => {
            let _ = write!(s, "ต่ำกว่าเป้าหมายร้อยละ {}", f.num_short(sat.target));
        }
        None => {}
    }
    s.push_str("</p>");
    let scored: Vec<(&str, f64)> = ctx
        .ins
        .dimensions
        .iter()
        .filter_map(|d| {
            sat.dimensions
                .get(&d.id)
                .and_then(|x| x.percent)
                .map(|p| (d.title.th.as_str(), p))
        })
        .collect();
    if scored.len() > 1 {
        let hi = scored.iter().max_by(|a, b| a.1.total_cmp(&b.1));
        let lo = scored.iter().min_by(|a, b| a.1.total_cmp(&b.1));
        if let (Some(hi), Some(lo)) = (hi, lo) {
            let _ = write!(
                s,
                "<p>ด้านที่ได้รับความพึงพอใจสูงสุด: {} (ร้อยละ {}) · ต่ำสุด: {} (ร้อยละ {})</p>",
                escape(hi.0),
                f.num2(hi.1),
                escape(lo.0),
                f.num2(lo.1)
            );
        }
    }
    s.push_str("</div>");
    s
}

fn method(ctx: &Ctx, opts: &O16Options) -> String {
    let f = ctx.fmt;
    let ins = ctx.ins;
    let mut rows: Vec<(&str, String)> = Vec::new();
    rows.push((
        "เครื่องมือ",
        escape(&f.text(&format!(
            "{} (รหัส {} ฉบับปีงบประมาณ พ.ศ. {})",
            ins.title.th, ins.id, ins.edition
        ))),
    ));
    let channels = if opts.channels.is_empty() {
        "ไม่ได้ระบุ".to_string()
    } else {
        opts.channels
            .iter()
            .map(|c| escape(c.label()))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    rows.push(("ช่องทางการเก็บข้อมูล", channels));
    rows.push((
        "ช่วงเวลาเก็บข้อมูล",
        escape(&format!(
            "{}{}",
            opts.period.name(f, Some(ctx.report)),
            opts.period
                .range(f)
                .map(|r| format!(" {r}"))
                .unwrap_or_default()
        )),
    ));
    let recommended = ins
        .sample
        .as_ref()
        .and_then(|s| s.recommended(opts.population));
    let mut respondents = format!("{} คน", f.int(ctx.report.n));
    match recommended {
        Some(r) if ctx.report.n >= u64::from(r) => {
            let _ = write!(
                respondents,
                " (จำนวนที่แนะนำ {} คน: ครบแล้ว)",
                f.int(u64::from(r))
            );
        }
        Some(r) => {
            let _ = write!(
                respondents,
                " (จำนวนที่แนะนำ {} คน: ยังขาดอีก {} คน)",
                f.int(u64::from(r)),
                f.int(u64::from(r) - ctx.report.n)
            );
        }
        None => respondents.push_str(" (แบบสำรวจไม่ได้กำหนดจำนวนผู้ตอบที่แนะนำ)"),
    }
    let mut respondents = escape(&respondents);
    if let Some(note) = ins.sample.as_ref().and_then(|s| s.note.as_ref()) {
        let _ = write!(respondents, "<small>{}</small>", escape(&note.th));
    }
    if let Some(p) = opts.population {
        let _ = write!(
            respondents,
            "<small>ผู้รับบริการในช่วงเวลานี้ {} คน</small>",
            f.int(u64::from(p))
        );
    }
    rows.push(("จำนวนผู้ตอบแบบสำรวจ", respondents));
    rows.push((
        "การวิเคราะห์ข้อมูล",
        escape(&f.text(&format!(
            "จำนวน ร้อยละ ค่าเฉลี่ย (x̄) และส่วนเบี่ยงเบนมาตรฐาน (S.D.) · ร้อยละความพึงพอใจ = x̄ ÷ {} × 100",
            f.num(ctx.max, 0)
        ))),
    ));
    rows.push(("เกณฑ์การแปลผลค่าเฉลี่ย", escape(&bands_text(ctx))));
    rows.push((
        "เป้าหมาย",
        escape(&format!(
            "ผู้รับบริการมีความพึงพอใจไม่น้อยกว่าร้อยละ {}",
            f.num_short(ctx.target)
        )),
    ));
    let mut s = String::from(
        "<h2>ส่วนที่ 1 วิธีการสำรวจ</h2><table class=\"method\"><colgroup><col style=\"width:28%\"><col></colgroup><tbody>",
    );
    for (k, v) in rows {
        let _ = write!(
            s,
            "<tr><th scope=\"row\">{}</th><td>{v}</td></tr>",
            escape(k)
        );
    }
    s.push_str("</tbody></table>");
    s
}

/// "4.51–5.00 มากที่สุด · 3.51–4.50 มาก · …".
fn bands_text(ctx: &Ctx) -> String {
    let Some(rules) = &ctx.ins.scoring.satisfaction else {
        return "ไม่ได้กำหนด".into();
    };
    let mut upper = ctx.max;
    let mut parts = Vec::new();
    for b in &rules.bands {
        parts.push(format!(
            "{}–{} {}",
            ctx.fmt.num2(b.min),
            ctx.fmt.num2(upper),
            b.label.th
        ));
        upper = b.min - 0.01;
    }
    if parts.is_empty() {
        "ไม่ได้กำหนด".into()
    } else {
        parts.join(" · ")
    }
}

fn profile(ctx: &Ctx) -> String {
    let f = ctx.fmt;
    let n = ctx.report.n;
    let min = ctx.report.breakdowns.min_group;
    let mut s = String::from("<h2>ส่วนที่ 2 ข้อมูลทั่วไปของผู้ตอบแบบสำรวจ</h2>");
    let mut any = false;
    for item in ctx.ins.items().filter(|i| i.role.is_some()) {
        let (Some(stats), Some(scale)) =
            (ctx.report.items.get(&item.code), ctx.ins.scale(&item.scale))
        else {
            continue;
        };
        any = true;
        let _ = write!(
            s,
            "<table class=\"profile\"><thead><tr><th>{}</th><th class=\"num\">จำนวน (คน)</th>\
             <th class=\"num\">ร้อยละ</th></tr></thead><tbody>",
            escape(&item.text.th)
        );
        let pct = |c: u64| {
            if n > 0 {
                f.num2(c as f64 / n as f64 * 100.0)
            } else {
                "–".into()
            }
        };
        let mut answered = 0;
        for o in &scale.options {
            let c = stats.counts.get(&o.value.key()).copied().unwrap_or(0);
            answered += c;
            if c > 0 && c < min {
                let _ = write!(
                    s,
                    "<tr><td>{}</td><td class=\"suppressed\" colspan=\"2\">{}</td></tr>",
                    escape(&o.label.th),
                    escape(&blocks::suppressed(f, min))
                );
                continue;
            }
            let _ = write!(
                s,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                escape(&o.label.th),
                f.int(c),
                pct(c)
            );
        }
        if scale.kind != ScaleKind::Multiple {
            let missing = n.saturating_sub(answered);
            if missing > 0 && missing < min {
                let _ = write!(
                    s,
                    "<tr><td>ไม่ระบุ</td><td class=\"suppressed\" colspan=\"2\">{}</td></tr>",
                    escape(&blocks::suppressed(f, min))
                );
            } else if missing > 0 {
                let _ = write!(
                    s,
                    "<tr><td>ไม่ระบุ</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                    f.int(missing),
                    pct(missing)
                );
            }
            let _ = write!(
                s,
                "</tbody><tfoot><tr class=\"total\"><td>รวม</td><td class=\"num\">{}</td>\
                 <td class=\"num\">{}</td></tr></tfoot></table>",
                f.int(n),
                f.num2(100.0)
            );
        } else {
            s.push_str(
                "</tbody></table><p><small>ตอบได้มากกว่าหนึ่งข้อ ร้อยละคิดจากจำนวนผู้ตอบทั้งหมด</small></p>",
            );
        }
    }
    if !any {
        s.push_str("<p>แบบสำรวจนี้ไม่ได้ถามข้อมูลทั่วไปของผู้ตอบ</p>");
    }
    s
}

/// Counts per level (with percent), x̄, S.D., percent, band and target per dimension and overall.
fn dimension_table(ctx: &Ctx) -> String {
    let Some(sat) = &ctx.report.satisfaction else {
        return String::new();
    };
    let f = ctx.fmt;
    let mut s = String::new();
    let _ = write!(
        s,
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"ตาราง (เลื่อนดูด้านข้างได้)\"><table class=\"dimensions\"><colgroup><col style=\"width:24%\"></colgroup><thead><tr><th rowspan=\"2\">ด้าน</th>\
         <th colspan=\"{}\">จำนวนคำตอบ (ร้อยละ) ตามระดับความพึงพอใจ</th><th rowspan=\"2\" class=\"num\">x̄</th>\
         <th rowspan=\"2\" class=\"num\">S.D.</th><th rowspan=\"2\" class=\"num nw\">ร้อยละ</th>\
         <th rowspan=\"2\" class=\"nw\">แปลผล</th><th rowspan=\"2\">{}</th></tr><tr>{}</tr></thead><tbody>",
        ctx.levels.len().max(1),
        target_header(ctx),
        level_headers(ctx)
    );
    for dim in &ctx.ins.dimensions {
        let Some(stats) = sat.dimensions.get(&dim.id) else {
            continue;
        };
        let items = dimension_items(ctx.ins, &dim.id);
        let counts = summed_counts(ctx, items.iter().map(|i| i.code.as_str()));
        let _ = write!(
            s,
            "<tr data-dimension=\"{}\"><td>{}</td>{}<td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"c\">{}</td>{}</tr>",
            escape(&dim.id),
            escape(&dim.title.th),
            level_cells(ctx, &counts, true),
            f.opt2(stats.mean),
            f.opt2(stats.sd),
            f.opt2(stats.percent),
            escape(&band_text(ctx, stats.mean)),
            target_cell(ctx, stats.percent)
        );
    }
    let all = summed_counts(
        ctx,
        ctx.ins
            .items()
            .filter(|i| i.dimension.is_some() && ctx.ins.is_scored(i))
            .map(|i| i.code.as_str()),
    );
    let (_, sd) = pooled(ctx, &all);
    let _ = write!(
        s,
        "</tbody><tfoot><tr class=\"total\"><td>ภาพรวม</td>{}<td class=\"num\">{}</td><td class=\"num\">{}</td>\
         <td class=\"num\">{}</td><td class=\"c\">{}</td>{}</tr></tfoot></table></div>",
        level_cells(ctx, &all, true),
        f.opt2(sat.mean),
        f.opt2(sd),
        f.opt2(sat.percent),
        escape(&band_text(ctx, sat.mean)),
        target_cell(ctx, sat.percent)
    );
    s
}

fn results(ctx: &Ctx) -> String {
    let Some(sat) = &ctx.report.satisfaction else {
        return String::new();
    };
    let f = ctx.fmt;
    let mut s =
        String::from("<h2>ส่วนที่ 3 ผลการสำรวจความพึงพอใจ</h2><h3>3.1 ความพึงพอใจรายด้านและภาพรวม</h3>");
    s.push_str(&dimension_table(ctx));
    let mut bars: Vec<Bar> = ctx
        .ins
        .dimensions
        .iter()
        .filter_map(|dim| {
            sat.dimensions
                .get(&dim.id)
                .map(|d| Bar::new(dim.title.th.clone(), d.percent))
        })
        .collect();
    bars.push(Bar::new("ภาพรวม", sat.percent));
    s.push_str(&bar_chart(&BarChart {
        id: "chart-dimensions",
        title: "ร้อยละความพึงพอใจรายด้านเทียบกับเป้าหมาย",
        bars: &bars,
        max: 100.0,
        target: Some(Target {
            value: ctx.target,
            label: "เป้าหมาย",
        }),
        unit: "%",
        fmt: f,
        layout: Layout::Side,
    }));

    s.push_str("<h3>3.2 ความพึงพอใจรายข้อ</h3>");
    for dim in &ctx.ins.dimensions {
        let items = dimension_items(ctx.ins, &dim.id);
        if items.is_empty() {
            continue;
        }
        let _ = write!(
            s,
            "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"ตาราง (เลื่อนดูด้านข้างได้)\"><table class=\"items\"><colgroup><col style=\"width:5%\"><col>{}\
             <col style=\"width:6.5%\"><col style=\"width:6.5%\"><col style=\"width:9%\"></colgroup><thead><tr><th colspan=\"{}\">{}</th></tr>\
             <tr><th>ข้อ</th><th>รายการ</th>{}<th class=\"num\">x̄</th><th class=\"num\">S.D.</th>\
             <th class=\"nw\">แปลผล</th></tr></thead><tbody>",
            "<col style=\"width:6.5%\">".repeat(ctx.levels.len()),
            ctx.levels.len() + 5,
            escape(&dim.title.th),
            level_headers(ctx)
        );
        for (k, item) in items.iter().enumerate() {
            let Some(stats) = ctx.report.items.get(&item.code) else {
                continue;
            };
            let mut text = escape(&item.text.th);
            if stats.na > 0 {
                let na_label = ctx
                    .ins
                    .scale(&item.scale)
                    .and_then(|sc| sc.not_applicable.as_ref())
                    .map_or("ไม่ตอบ/ไม่เกี่ยวข้อง", |t| t.th.as_str());
                let _ = write!(
                    text,
                    "<small>ตอบ {} คน · {} {} คน</small>",
                    f.int(stats.n),
                    escape(na_label),
                    f.int(stats.na)
                );
            }
            let _ = write!(
                s,
                "<tr data-item=\"{}\"><td class=\"code\">{}</td><td>{text}</td>{}<td class=\"num\">{}</td>\
                 <td class=\"num\">{}</td><td class=\"c\">{}</td></tr>",
                escape(&item.code),
                f.int(k as u64 + 1),
                level_cells(ctx, &stats.counts, false),
                f.opt2(stats.score),
                f.opt2(stats.sd),
                escape(&band_text(ctx, stats.score))
            );
        }
        s.push_str("</tbody></table></div>");
    }
    s
}

/// A table of breakdown groups: label, n, per-dimension percent (optional), overall, band, target.
fn group_table(ctx: &Ctx, head: &str, rows: &[(String, Option<&Group>)], dims: bool) -> String {
    let f = ctx.fmt;
    let min = ctx.report.breakdowns.min_group;
    let dims: Vec<&prongsai_core::Dimension> = if dims && ctx.ins.dimensions.len() > 1 {
        ctx.ins.dimensions.iter().collect()
    } else {
        Vec::new()
    };
    let cols = 5 + dims.len();
    let mut s = format!(
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"ตาราง (เลื่อนดูด้านข้างได้)\"><table class=\"groups\"><thead><tr><th>{}</th><th class=\"num\">ผู้ตอบ (คน)</th>",
        escape(head)
    );
    for d in &dims {
        let _ = write!(
            s,
            "<th class=\"num\">{}<small>ร้อยละ</small></th>",
            escape(&d.title.th)
        );
    }
    let _ = write!(
        s,
        "<th class=\"num nw\">ภาพรวม<small>ร้อยละ</small></th><th class=\"nw\">แปลผล</th><th>{}</th></tr></thead><tbody>",
        target_header(ctx)
    );
    for (label, g) in rows {
        let _ = write!(s, "<tr><td>{}</td>", escape(label));
        match g {
            Some(g) if g.suppressed => {
                let _ = write!(
                    s,
                    "<td class=\"suppressed\" colspan=\"{}\">{}</td>",
                    cols - 1,
                    escape(&blocks::suppressed(f, min))
                );
            }
            Some(g) if g.n.unwrap_or(0) > 0 => {
                let _ = write!(s, "<td class=\"num\">{}</td>", f.int(g.n.unwrap_or(0)));
                for d in &dims {
                    let _ = write!(
                        s,
                        "<td class=\"num\">{}</td>",
                        f.opt2(g.dimensions.get(&d.id).copied())
                    );
                }
                let mean = g.percent.map(|p| p / 100.0 * ctx.max);
                let _ = write!(
                    s,
                    "<td class=\"num\">{}</td><td class=\"c\">{}</td>{}",
                    f.opt2(g.percent),
                    escape(&band_text(ctx, mean)),
                    target_cell(ctx, g.percent)
                );
            }
            _ => {
                let _ = write!(
                    s,
                    "<td class=\"num\">{}</td><td class=\"c\" colspan=\"{}\">ไม่มีผู้ตอบ</td>",
                    f.int(0),
                    cols - 2
                );
            }
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table></div>");
    s
}

/// Each service area's own table of counts per level, x̄, S.D. and percent per dimension (from
/// the area's full results); areas under the minimum group size are suppressed.
fn area_details(ctx: &Ctx, opts: &O16Options, rows: &[(String, Option<&Group>)]) -> String {
    let f = ctx.fmt;
    let min = ctx.report.breakdowns.min_group;
    let mut s = String::new();
    let mut k = 0;
    for (label, g) in rows {
        let Some(g) = g else { continue };
        k += 1;
        // Each area's heading and table stay on one page.
        let _ = write!(
            s,
            "<div class=\"keep\" data-area=\"{}\"><h4>{}. {}</h4>",
            escape(&g.key),
            f.int(k),
            escape(label)
        );
        let report = opts.area_reports.get(&g.key);
        match report {
            Some(r) if !g.suppressed && r.n >= min => {
                let area_ctx = Ctx {
                    ins: ctx.ins,
                    report: r,
                    fmt: f,
                    max: ctx.max,
                    target: ctx.target,
                    levels: levels(ctx.ins),
                };
                let _ = write!(s, "<p>ผู้ตอบ {} คน</p>", f.int(r.n));
                s.push_str(&dimension_table(&area_ctx));
            }
            _ if g.suppressed || report.is_some_and(|r| r.n > 0) => {
                let _ = write!(
                    s,
                    "<p class=\"suppressed\">{}</p>",
                    escape(&blocks::suppressed(f, min))
                );
            }
            _ => s.push_str("<p>ไม่มีผู้ตอบ</p>"),
        }
        s.push_str("</div>");
    }
    if k == 0 {
        s.push_str("<p>ไม่มีผู้ตอบที่ระบุด้านการให้บริการ</p>");
    }
    s
}

fn breakdowns(ctx: &Ctx, opts: &O16Options) -> String {
    let f = ctx.fmt;
    let bd = &ctx.report.breakdowns;
    let mut s = String::new();
    let mut n = 2;
    let mut next = |title: &str| {
        n += 1;
        format!("<h3>3.{n} {}</h3>", escape(title))
    };
    let has_area = ctx.ins.items().any(|i| i.role == Some(Role::ServiceArea));
    if has_area {
        let mut rows: Vec<(String, Option<&Group>)> = blocks::areas(ctx.ins)
            .into_iter()
            .map(|(key, label)| (label, bd.area.iter().find(|g| g.key == key)))
            .collect();
        for g in &bd.area {
            if !rows.iter().any(|(_, r)| r.is_some_and(|r| r.key == g.key)) {
                rows.push((blocks::area_label(ctx.ins, &g.key), Some(g)));
            }
        }
        s.push_str(&next("ความพึงพอใจจำแนกตามด้านการให้บริการ"));
        s.push_str(&group_table(ctx, "ด้านการให้บริการ", &rows, true));
        if !opts.area_reports.is_empty() {
            s.push_str(&next("ค่าสถิติรายด้านการให้บริการ"));
            s.push_str(&area_details(ctx, opts, &rows));
        }
    }
    if !bd.point.is_empty() {
        let rows: Vec<(String, Option<&Group>)> = bd
            .point
            .iter()
            .map(|g| {
                (
                    blocks::point_label(ctx.ins, &opts.point_names, &g.key),
                    Some(g),
                )
            })
            .collect();
        s.push_str(&next("ความพึงพอใจจำแนกตามจุดให้บริการ"));
        s.push_str(&group_table(ctx, "จุดให้บริการ", &rows, true));
    }
    if !bd.month.is_empty() {
        s.push_str(&next("ความพึงพอใจจำแนกตามช่วงเวลา"));
        let label = |kind, key: &str| blocks::period_label(f, kind, key);
        let rows: Vec<(String, Option<&Group>)> = bd
            .half
            .iter()
            .map(|g| (label(PeriodKind::Half, &g.key), Some(g)))
            .chain(
                bd.quarter
                    .iter()
                    .map(|g| (label(PeriodKind::Quarter, &g.key), Some(g))),
            )
            .collect();
        s.push_str(&group_table(ctx, "รายครึ่งปีและรายไตรมาส", &rows, false));
        let rows: Vec<(String, Option<&Group>)> = bd
            .month
            .iter()
            .map(|g| (label(PeriodKind::Month, &g.key), Some(g)))
            .collect();
        s.push_str(&group_table(ctx, "รายเดือน", &rows, false));
        let min = bd.min_group;
        let bars: Vec<Bar> = bd
            .month
            .iter()
            .map(|g| Bar {
                label: label(PeriodKind::Month, &g.key),
                value: if g.suppressed { None } else { g.percent },
                missing: if g.suppressed {
                    blocks::suppressed(f, min)
                } else {
                    "ไม่มีผู้ตอบ".into()
                },
            })
            .collect();
        s.push_str(&bar_chart(&BarChart {
            id: "chart-months",
            title: "ร้อยละความพึงพอใจรายเดือน",
            bars: &bars,
            max: 100.0,
            target: Some(Target {
                value: ctx.target,
                label: "เป้าหมาย",
            }),
            unit: "%",
            fmt: f,
            layout: Layout::Side,
        }));
    }
    s
}

fn comparison(ctx: &Ctx, prev: &Report, opts: &O16Options) -> String {
    let f = ctx.fmt;
    let prev_label = opts
        .previous_label
        .clone()
        .filter(|l| !l.trim().is_empty())
        .unwrap_or_else(|| Period::default().name(f, Some(prev)));
    let now_label = opts.period.name(f, Some(ctx.report));
    let mut s = String::from("<h2>ส่วนที่ 4 เปรียบเทียบกับช่วงเวลาก่อน</h2>");
    let _ = write!(
        s,
        "<table class=\"compare\"><colgroup><col style=\"width:40%\"></colgroup><thead><tr><th>รายการ</th><th class=\"num\">{}</th>\
         <th class=\"num\">{}</th><th class=\"num\">เปลี่ยนแปลง</th></tr></thead><tbody>",
        escape(&prev_label),
        escape(&now_label)
    );
    let prev_hidden = blocks::too_few(prev);
    let p = |v: Option<f64>| if prev_hidden { None } else { v };
    let _ = write!(
        s,
        "<tr><td>จำนวนผู้ตอบ (คน)</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
        f.int(prev.n),
        f.int(ctx.report.n),
        escape(&if ctx.report.n >= prev.n {
            format!("+{}", f.int(ctx.report.n - prev.n))
        } else {
            format!("-{}", f.int(prev.n - ctx.report.n))
        })
    );
    let now_sat = ctx.report.satisfaction.as_ref();
    let prev_sat = prev.satisfaction.as_ref();
    for dim in &ctx.ins.dimensions {
        let now = now_sat
            .and_then(|x| x.dimensions.get(&dim.id))
            .and_then(|d| d.percent);
        let before = p(prev_sat
            .and_then(|x| x.dimensions.get(&dim.id))
            .and_then(|d| d.percent));
        let _ = write!(
            s,
            "<tr><td>{} (ร้อยละ)</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&dim.title.th),
            f.opt2(before),
            f.opt2(now),
            escape(&blocks::change(f, now, before))
        );
    }
    let now = now_sat.and_then(|x| x.percent);
    let before = p(prev_sat.and_then(|x| x.percent));
    let _ = write!(
        s,
        "</tbody><tfoot><tr class=\"total\"><td>ภาพรวม (ร้อยละ)</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
         <td class=\"num\">{}</td></tr></tfoot></table>",
        f.opt2(before),
        f.opt2(now),
        escape(&blocks::change(f, now, before))
    );
    if prev_hidden {
        let _ = write!(
            s,
            "<p><small>ช่วงเวลาก่อนมีผู้ตอบน้อยกว่า {} คน จึงไม่แสดงผล</small></p>",
            f.int(prev.breakdowns.min_group)
        );
    }
    s
}
