//! The results page of one instrument edition (`/admin/results/<id>`): responses against the
//! recommended sample, tool and indicator scores with the pass line, grade label, strengths and
//! indicators to develop, satisfaction per dimension and service area against the target, the
//! comparison with the previous fiscal year and half-year, the monthly trend with every month of
//! the fiscal year, the breakdown by service point, and the answers to every item.
//!
//! Rendering only: the handler (`admin.rs`) gathers the data. Every number shown is rounded to
//! two decimals; the full-precision value is in a `data-` attribute of its row (`data-score`,
//! `data-mean`, `data-sd`, `data-n`), which is what the tests compare with `prongsai score`.
//! Groups of fewer than 5 respondents show "ไม่แสดงผล (น้อยกว่า 5 คน)" and no number, and with
//! fewer than 5 respondents in all no number is shown at all.
use std::collections::BTreeMap;
use std::fmt::Write as _;

use prongsai_core::period::fiscal_year_months;
use prongsai_core::report::Group;
use prongsai_core::{grade, Date, Instrument, Item, Report, ScaleKind};
use prongsai_reports::blocks;
use prongsai_reports::html::chart::{
    bar_chart, column_chart, distribution_bar, neutral, palette, Bar, BarChart, Layout, Segment,
    Target,
};
use prongsai_reports::thai::{Fmt, PeriodKind};

use super::config::Settings;
use super::page::{escape, query};
use super::periods::{self, RangeKind};
use super::storage::Filter;

/// One period of a comparison, with its results.
pub struct Period {
    pub label: String,
    pub from: Date,
    pub to: Date,
    pub report: Report,
}

/// "previous vs current", e.g. the previous fiscal year against this one.
pub struct Comparison {
    pub title: String,
    pub previous: Period,
    pub current: Period,
}

pub struct View<'a> {
    pub settings: &'a Settings,
    pub ins: &'a Instrument,
    pub filter: &'a Filter,
    pub report: &'a Report,
    pub comparisons: &'a [Comparison],
    /// The day comparisons are made around.
    pub reference: Date,
    /// Comments of this edition per status.
    pub comments: Option<&'a BTreeMap<&'static str, u64>>,
}

const F: Fmt = Fmt::DEFAULT;

fn satisfaction_like(v: &View) -> bool {
    v.report.satisfaction.is_some()
}

fn ita(v: &View) -> bool {
    !v.ins.indicators.is_empty() && !satisfaction_like(v)
}

/// Full precision for data attributes ("" when missing).
fn full(x: Option<f64>) -> String {
    x.map(|x| x.to_string()).unwrap_or_default()
}

fn min_group(v: &View) -> u64 {
    v.report.breakdowns.min_group
}

fn suppressed_text(v: &View) -> String {
    blocks::suppressed(F, min_group(v))
}

/// The filter as query pairs, for links that keep it.
fn filter_query(v: &View, extra: &[(&str, Option<&str>)]) -> String {
    let edition = Some(v.ins.edition.as_str());
    let mut pairs: Vec<(&str, Option<&str>)> = vec![
        ("edition", edition),
        ("unit", v.filter.unit.as_deref()),
        ("point", v.filter.point.as_deref()),
        ("from", v.filter.from.as_deref()),
        ("to", v.filter.to.as_deref()),
    ];
    pairs.extend_from_slice(extra);
    query(&pairs)
}

fn range_label(from: Option<Date>, to: Option<Date>) -> String {
    match (from, to) {
        (Some(f), Some(t)) => match periods::kind(f, t) {
            RangeKind::FiscalYear(fy) => F.fiscal_year(fy),
            RangeKind::Half(fy, h) => format!("{} {}", F.fiscal_year(fy), F.half(fy, h)),
            RangeKind::Other => format!("{} – {}", F.date_short(f), F.date_short(t)),
        },
        (Some(f), None) => format!("ตั้งแต่ {}", F.date_short(f)),
        (None, Some(t)) => format!("ถึง {}", F.date_short(t)),
        (None, None) => "ข้อมูลทั้งหมดของฉบับนี้".to_string(),
    }
}

/// The whole page body (inside `<main>`).
pub fn render(v: &View) -> String {
    let mut b = String::new();
    let ins = v.ins;
    let _ = write!(
        b,
        "<h1>{} <span class=\"muted small\">ฉบับ {} · {}</span></h1>",
        escape(&ins.title.th),
        escape(&F.text(&ins.edition)),
        escape(&ins.id)
    );
    if ins.kind.is_ita() || !ins.indicators.is_empty() {
        b.push_str(
            "<p class=\"notice\"><strong>ผลการประเมินตนเองของหน่วยงานด้วย prongsai \
             ไม่ใช่ผลการประเมินอย่างเป็นทางการของ ป.ป.ช.</strong> \
             (ผลทางการคำนวณโดยระบบ ITAS ของสำนักงาน ป.ป.ช. จากการเก็บข้อมูลของสำนักงานเอง)</p>",
        );
    }
    b.push_str(&filters(v));
    b.push_str(&downloads(v));
    b.push_str(&summary(v));
    if blocks::too_few(v.report) {
        b.push_str(
            &blocks::too_few_notice(F, v.report)
                .replace("class=\"notice\"", "class=\"notice\" data-too-few=\"true\""),
        );
        return b;
    }
    if ita(v) {
        b.push_str(&indicators(v));
        b.push_str(&standing(v));
    }
    if satisfaction_like(v) {
        b.push_str(&dimensions(v));
    }
    b.push_str(&comparisons(v));
    b.push_str(&trend(v));
    b.push_str(&points(v));
    if satisfaction_like(v) {
        b.push_str(&areas(v));
    }
    b.push_str(&items(v));
    b
}

fn filters(v: &View) -> String {
    let ins = v.ins;
    let mut s = String::from("<section class=\"card\" aria-labelledby=\"h-filter\"><h2 id=\"h-filter\">ช่วงเวลาและขอบเขตของผล</h2>");
    let _ = write!(
        s,
        "<form class=\"filters\" method=\"get\" action=\"/admin/results/{}\">",
        escape(&ins.id)
    );
    let editions = v.settings.surveys.editions(&ins.id);
    if editions.len() > 1 {
        s.push_str("<div><label for=\"f-edition\">ฉบับ (ปีงบประมาณของแบบสำรวจ)</label><select id=\"f-edition\" name=\"edition\">");
        for e in editions.iter().rev() {
            let _ = write!(
                s,
                "<option value=\"{0}\"{1}>{0}</option>",
                escape(e),
                if *e == ins.edition { " selected" } else { "" }
            );
        }
        s.push_str("</select></div>");
    } else {
        let _ = write!(
            s,
            "<input type=\"hidden\" name=\"edition\" value=\"{}\">",
            escape(&ins.edition)
        );
    }
    s.push_str("<div><label for=\"f-unit\">หน่วยงาน</label><select id=\"f-unit\" name=\"unit\"><option value=\"\">ทุกหน่วยงาน</option>");
    for u in v.settings.units.values() {
        let _ = write!(
            s,
            "<option value=\"{}\"{}>{}</option>",
            escape(&u.id),
            if v.filter.unit.as_deref() == Some(u.id.as_str()) {
                " selected"
            } else {
                ""
            },
            escape(u.name.as_deref().unwrap_or(&u.id))
        );
    }
    s.push_str("</select></div><div><label for=\"f-point\">จุดให้บริการ</label><select id=\"f-point\" name=\"point\"><option value=\"\">ทุกจุด</option>");
    let mut seen = Vec::new();
    for u in v.settings.units.values() {
        for p in &u.points {
            if seen.contains(p) {
                continue;
            }
            seen.push(p.clone());
            let _ = write!(
                s,
                "<option value=\"{}\"{}>{} · {}</option>",
                escape(p),
                if v.filter.point.as_deref() == Some(p.as_str()) {
                    " selected"
                } else {
                    ""
                },
                escape(u.name.as_deref().unwrap_or(&u.id)),
                escape(p)
            );
        }
    }
    let _ = write!(
        s,
        "</select></div><div><label for=\"f-from\">ตั้งแต่วันที่</label><input type=\"date\" id=\"f-from\" name=\"from\" value=\"{}\"></div>\
         <div><label for=\"f-to\">ถึงวันที่</label><input type=\"date\" id=\"f-to\" name=\"to\" value=\"{}\"></div>\
         <div><button type=\"submit\">แสดงผล</button></div></form>",
        escape(v.filter.from.as_deref().unwrap_or("")),
        escape(v.filter.to.as_deref().unwrap_or(""))
    );
    // Quick periods around the reference day.
    let fy = v.reference.fiscal_year();
    let choices: Vec<(String, Option<(Date, Date)>)> = vec![
        ("ทั้งหมด".to_string(), None),
        (F.fiscal_year(fy), Some(periods::fiscal_year(fy))),
        (
            format!("ครึ่งปีแรก {}", F.text(&fy.to_string())),
            Some(periods::fiscal_half(fy, 1)),
        ),
        (
            format!("ครึ่งปีหลัง {}", F.text(&fy.to_string())),
            Some(periods::fiscal_half(fy, 2)),
        ),
        (F.fiscal_year(fy - 1), Some(periods::fiscal_year(fy - 1))),
    ];
    let from = v.filter.from.as_deref().and_then(Date::parse);
    let to = v.filter.to.as_deref().and_then(Date::parse);
    s.push_str("<p class=\"small\">เลือกช่วงเวลาด่วน:</p><ul class=\"periods\">");
    for (label, range) in choices {
        let (f, t) = match range {
            Some((f, t)) => (Some(f), Some(t)),
            None => (None, None),
        };
        let current = f == from && t == to;
        let fs = f.map(|d| d.to_string());
        let ts = t.map(|d| d.to_string());
        let href = format!(
            "/admin/results/{}{}",
            escape(&ins.id),
            escape(&query(&[
                ("edition", Some(ins.edition.as_str())),
                ("unit", v.filter.unit.as_deref()),
                ("point", v.filter.point.as_deref()),
                ("from", fs.as_deref()),
                ("to", ts.as_deref()),
            ]))
        );
        let _ = write!(
            s,
            "<li><a href=\"{href}\"{}>{}</a></li>",
            if current {
                " aria-current=\"true\""
            } else {
                ""
            },
            escape(&label)
        );
    }
    s.push_str("</ul>");
    let unit = v
        .filter
        .unit
        .as_ref()
        .and_then(|u| v.settings.units.get(u))
        .map(|u| u.name.clone().unwrap_or_else(|| u.id.clone()))
        .unwrap_or_else(|| "ทุกหน่วยงาน".into());
    let _ = write!(
        s,
        "<p data-period=\"{}\"><strong>แสดงผล:</strong> {} · {} · {}</p></section>",
        escape(&format!(
            "{}..{}",
            v.filter.from.as_deref().unwrap_or(""),
            v.filter.to.as_deref().unwrap_or("")
        )),
        escape(&range_label(from, to)),
        escape(&unit),
        escape(v.filter.point.as_deref().map_or("ทุกจุดให้บริการ", |p| p))
    );
    s
}

fn downloads(v: &View) -> String {
    let ins = v.ins;
    let id = escape(&ins.id);
    let fq = filter_query(v, &[]);
    let fq_view = filter_query(v, &[("view", Some("1"))]);
    let mut s = String::from("<section class=\"card noprint\" aria-labelledby=\"h-dl\"><h2 id=\"h-dl\">รายงานและการส่งออกข้อมูล</h2><ul class=\"links\">");
    if satisfaction_like(v) {
        let _ = write!(
            s,
            "<li>รายงานผลการสำรวจความพึงพอใจ (O16): <a href=\"/admin/reports/o16/{id}{}\">เปิดเพื่อพิมพ์</a> · \
             <a href=\"/admin/reports/o16/{id}{}\">ดาวน์โหลด HTML</a></li>",
            escape(&fq_view),
            escape(&fq)
        );
    }
    if !ins.indicators.is_empty() && !satisfaction_like(v) {
        let _ = write!(
            s,
            "<li>ร่างรายงานการวิเคราะห์ผล (O42): <a href=\"/admin/reports/o42/{id}{}\">เปิดเพื่อพิมพ์</a> · \
             <a href=\"/admin/reports/o42/{id}{}\">ดาวน์โหลด HTML</a></li>",
            escape(&fq_view),
            escape(&fq)
        );
        let ita_count = v
            .settings
            .surveys
            .latest()
            .filter(|i| !i.indicators.is_empty() && i.dimensions.is_empty())
            .count();
        if ita_count > 1 {
            let q = query(&[
                ("unit", v.filter.unit.as_deref()),
                ("from", v.filter.from.as_deref()),
                ("to", v.filter.to.as_deref()),
                ("view", Some("1")),
            ]);
            let _ = write!(
                s,
                "<li>ร่าง O42 รวมทุกแบบวัด (IIT และ EIT): <a href=\"/admin/reports/o42-all{}\">เปิดเพื่อพิมพ์</a></li>",
                escape(&q)
            );
        }
    }
    let _ = write!(
        s,
        "<li>หน้าสรุปผลสำหรับเผยแพร่: <a href=\"/admin/reports/summary/{id}{}\">ตัวอย่าง</a>",
        escape(&fq_view)
    );
    if v.settings.public_summaries.contains(&ins.id) {
        let _ = write!(
            s,
            " · <a href=\"/public/{id}\">หน้าสาธารณะ (ไม่ต้องเข้าสู่ระบบ)</a>"
        );
    } else {
        s.push_str(" <span class=\"muted small\">(ยังไม่เปิดหน้าสาธารณะ: เพิ่มใน public_summaries ของไฟล์ตั้งค่า)</span>");
    }
    s.push_str("</li>");
    let _ = write!(
        s,
        "<li>ผลรวม: <a href=\"/admin/export/{id}/results.json{0}\">JSON</a> · \
         <a href=\"/admin/export/{id}/items.csv{0}\">CSV สถิติรายข้อ</a></li>\
         <li>คำตอบรายคน (ไม่ระบุตัวตน): <a href=\"/admin/export/{id}/responses.csv{0}\">CSV</a> · \
         <a href=\"/admin/export/{id}/responses.jsonl{0}\">JSON Lines</a></li>",
        escape(&fq)
    );
    let pending = v
        .comments
        .and_then(|c| c.get("pending"))
        .copied()
        .unwrap_or(0);
    let _ = write!(
        s,
        "<li><a href=\"/admin/comments{}\">ตรวจสอบความคิดเห็น</a> (รอตรวจสอบ {} รายการ)</li></ul></section>",
        escape(&query(&[
            ("instrument", Some(ins.id.as_str())),
            ("status", Some("pending"))
        ])),
        F.int(pending)
    );
    s
}

fn stat(value: &str, label: &str, attrs: &str) -> String {
    format!(
        "<div class=\"stat\"><span class=\"v\"{attrs}>{}</span><span class=\"l\">{}</span></div>",
        escape(value),
        escape(label)
    )
}

fn summary(v: &View) -> String {
    let r = v.report;
    let hidden = blocks::too_few(r);
    let mut s = String::from(
        "<section aria-labelledby=\"h-sum\"><h2 id=\"h-sum\">สรุป</h2><div class=\"stats\">",
    );
    let n_text = if hidden && r.n > 0 {
        format!("น้อยกว่า {}", F.int(min_group(v)))
    } else {
        F.int(r.n)
    };
    let n_attr = if hidden && r.n > 0 {
        String::new()
    } else {
        format!(" data-n=\"{}\"", r.n)
    };
    s.push_str(&stat(&format!("{n_text} คน"), "ผู้ตอบแบบสำรวจ", &n_attr));
    if let Some(min) = r.sample_min {
        let min = u64::from(min);
        let label = if hidden {
            format!("จำนวนขั้นต่ำที่แนะนำ {} คน", F.int(min))
        } else if r.n >= min {
            format!("ขั้นต่ำที่แนะนำ {} คน: ครบแล้ว", F.int(min))
        } else {
            format!(
                "ขั้นต่ำที่แนะนำ {} คน: ยังขาดอีก {} คน",
                F.int(min),
                F.int(min - r.n)
            )
        };
        let shown = if hidden { 0 } else { r.n.min(min) };
        let _ = write!(
            s,
            "<div class=\"stat\"><span class=\"l\" id=\"sample-l\">{}</span>\
             <meter min=\"0\" max=\"{min}\" value=\"{shown}\" aria-labelledby=\"sample-l\" data-sample-min=\"{min}\"></meter>{}</div>",
            escape(&label),
            v.ins
                .sample
                .as_ref()
                .and_then(|s| s.note.as_ref())
                .map(|n| format!("<span class=\"l small\">{}</span>", escape(&n.th)))
                .unwrap_or_default()
        );
    }
    if !hidden {
        for tool in &v.ins.tools {
            if let Some(t) = r.tools.get(&tool.id) {
                s.push_str(&stat(
                    &F.opt2(t.score),
                    &format!("คะแนน {} (เต็ม 100)", t.title.th),
                    &format!(" data-tool-score=\"{}\"", escape(&full(t.score))),
                ));
            }
        }
        if let Some(sat) = &r.satisfaction {
            s.push_str(&stat(
                &sat.percent
                    .map_or_else(|| "–".into(), |p| format!("{}%", F.num2(p))),
                &format!(
                    "ความพึงพอใจโดยรวม{} · เป้าหมายร้อยละ {}: {}",
                    sat.band
                        .as_ref()
                        .map(|b| format!(" (ระดับ{})", b.th))
                        .unwrap_or_default(),
                    F.num_short(sat.target),
                    match sat.meets_target {
                        Some(true) => "บรรลุ",
                        Some(false) => "ไม่บรรลุ",
                        None => "–",
                    }
                ),
                &format!(" data-percent=\"{}\"", escape(&full(sat.percent))),
            ));
        }
    }
    s.push_str("</div>");
    if !hidden {
        s.push_str(&grade_block(v));
    }
    s.push_str("</section>");
    s
}

fn grade_block(v: &View) -> String {
    let Some(g) = &v.report.grade else {
        if v.ins.kind.is_ita() {
            return "<p class=\"small muted\">ไม่แสดงระดับผล: แบบสำรวจนี้ไม่มีเกณฑ์ระดับผล หรือยังไม่มีคะแนน</p>"
                .into();
        }
        return String::new();
    };
    let basis = if g.basis == "overall" {
        "คะแนนรวมถ่วงน้ำหนัก".to_string()
    } else {
        format!("คะแนน {} เท่านั้น", g.basis.to_uppercase())
    };
    let scheme = match g.scheme.parse::<i32>() {
        Ok(fy) => format!("เกณฑ์{}", F.fiscal_year(fy)),
        Err(_) => "เกณฑ์ที่กำหนดในแบบสำรวจ".into(),
    };
    let mut s = format!(
        "<div class=\"card\" data-grade=\"{}\"><p><strong>ระดับผล (เทียบเกณฑ์): {}</strong> · {} {} · {}</p>\
         <p><strong>ไม่ใช่ผลการประเมินอย่างเป็นทางการของ ป.ป.ช.</strong></p>",
        escape(&g.label.th),
        escape(&g.label.th),
        escape(&basis),
        escape(&F.num2(g.score)),
        escape(&scheme)
    );
    if g.unverified {
        s.push_str("<p class=\"small\">เกณฑ์ระดับผลนี้ยังไม่ได้ตรวจสอบกับประกาศของสำนักงาน ป.ป.ช. ประจำปี (unverified) ใช้เพื่อประกอบการพิจารณาเท่านั้น</p>");
        if let Some(src) = grade::builtin_scheme(&g.scheme).and_then(|s| s.source.as_ref()) {
            let _ = write!(s, "<p class=\"small muted\">ที่มา: {}</p>", escape(&src.th));
        }
    }
    if let Some(u) = &v.ins.unverified {
        let _ = write!(
            s,
            "<details><summary>หมายเหตุเกี่ยวกับข้อคำถาม</summary><p class=\"small\">{}</p></details>",
            escape(&u.th)
        );
    }
    s.push_str("</div>");
    s
}

fn indicators(v: &View) -> String {
    let ins = v.ins;
    let r = v.report;
    let pass = ins.scoring.thresholds.pass;
    let mut s = String::from(
        "<section aria-labelledby=\"h-ind\"><h2 id=\"h-ind\">คะแนนรายเครื่องมือและรายตัวชี้วัด</h2>",
    );
    let mut bars: Vec<Bar> = Vec::new();
    for tool in &ins.tools {
        if let Some(t) = r.tools.get(&tool.id) {
            bars.push(Bar::new(format!("{} (รวม)", t.title.th), t.score));
        }
    }
    for ind in &ins.indicators {
        if let Some(i) = r.indicators.get(&ind.id) {
            bars.push(Bar::new(format!("{}. {}", ind.id, ind.title.th), i.score));
        }
    }
    s.push_str(&bar_chart(&BarChart {
        id: "chart-indicators",
        title: "คะแนนรายเครื่องมือและรายตัวชี้วัดเทียบกับเกณฑ์",
        bars: &bars,
        max: 100.0,
        target: Some(Target {
            value: pass,
            label: "เกณฑ์",
        }),
        unit: "",
        fmt: F,
        layout: Layout::Stacked,
    }));
    s.push_str(
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"ตารางคะแนนรายตัวชี้วัด\">\
         <table><caption>คะแนนรายตัวชี้วัด (เต็ม 100)</caption><thead><tr><th scope=\"col\">ตัวชี้วัด</th>\
         <th scope=\"col\" class=\"num\">คะแนน</th><th scope=\"col\">ผล</th></tr></thead><tbody>",
    );
    for tool in &ins.tools {
        if let Some(t) = r.tools.get(&tool.id) {
            let _ = write!(
                s,
                "<tr class=\"total\" data-tool=\"{}\" data-score=\"{}\"><th scope=\"row\">{}</th><td class=\"num\">{}</td><td>{}</td></tr>",
                escape(&tool.id),
                escape(&full(t.score)),
                escape(&t.title.th),
                F.opt2(t.score),
                match t.score {
                    Some(x) if x >= pass => "ผ่านเกณฑ์",
                    Some(_) => "ต่ำกว่าเกณฑ์",
                    None => "–",
                }
            );
        }
        for ind in ins.indicators.iter().filter(|i| i.tool == tool.id) {
            let Some(i) = r.indicators.get(&ind.id) else {
                continue;
            };
            let _ = write!(
                s,
                "<tr data-indicator=\"{}\" data-score=\"{}\"><th scope=\"row\">{}. {}</th><td class=\"num\">{}</td><td>{}</td></tr>",
                escape(&ind.id),
                escape(&full(i.score)),
                escape(&ind.id),
                escape(&ind.title.th),
                F.opt2(i.score),
                match i.standing {
                    Some("strength") => "จุดแข็ง",
                    Some("develop") => "ควรพัฒนา",
                    _ => "–",
                }
            );
        }
    }
    s.push_str("</tbody></table></div></section>");
    s
}

fn item_text(ins: &Instrument, code: &str) -> String {
    ins.items()
        .find(|i| i.code == code)
        .map(|i| i.text.th.clone())
        .unwrap_or_default()
}

fn standing(v: &View) -> String {
    let t = &v.ins.scoring.thresholds;
    let list = |title: &str, id: &str, items: &[prongsai_core::report::Classified]| {
        let mut s = format!(
            "<section aria-labelledby=\"{id}\"><h3 id=\"{id}\">{}</h3>",
            escape(title)
        );
        if items.is_empty() {
            s.push_str("<p class=\"muted\">– ไม่มี –</p>");
        } else {
            s.push_str("<ul>");
            for c in items {
                let weakest: Vec<String> = c
                    .weakest_items
                    .iter()
                    .map(|w| {
                        format!(
                            "{} {} ({})",
                            escape(&w.code),
                            escape(&item_text(v.ins, &w.code)),
                            F.num2(w.score)
                        )
                    })
                    .collect();
                let _ = write!(
                    s,
                    "<li data-classified=\"{}\"><strong>{}. {}</strong> — {} คะแนน<br><span class=\"small\">ข้อที่คะแนนต่ำสุด: {}</span></li>",
                    escape(&c.indicator),
                    escape(&c.indicator),
                    escape(&c.title.th),
                    F.num2(c.score),
                    weakest.join(" · ")
                );
            }
            s.push_str("</ul>");
        }
        s.push_str("</section>");
        s
    };
    format!(
        "<div class=\"cols\">{}{}</div>",
        list(
            &format!("จุดแข็ง (คะแนนมากกว่า {})", F.num_short(t.strength_above)),
            "h-strong",
            &v.report.strengths
        ),
        list(
            &format!(
                "ประเด็นที่ควรพัฒนา (คะแนนน้อยกว่า {})",
                F.num_short(t.develop_below)
            ),
            "h-dev",
            &v.report.to_develop
        )
    )
}

fn dimensions(v: &View) -> String {
    let Some(sat) = &v.report.satisfaction else {
        return String::new();
    };
    let mut s = format!(
        "<section aria-labelledby=\"h-dim\"><h2 id=\"h-dim\">ความพึงพอใจรายด้าน (เป้าหมายร้อยละ {})</h2>",
        F.num_short(sat.target)
    );
    let mut bars: Vec<Bar> = v
        .ins
        .dimensions
        .iter()
        .filter_map(|d| {
            sat.dimensions
                .get(&d.id)
                .map(|x| Bar::new(d.title.th.clone(), x.percent))
        })
        .collect();
    bars.push(Bar::new("ภาพรวม", sat.percent));
    s.push_str(&bar_chart(&BarChart {
        id: "chart-dimensions",
        title: "ร้อยละความพึงพอใจรายด้านเทียบกับเป้าหมาย",
        bars: &bars,
        max: 100.0,
        target: Some(Target {
            value: sat.target,
            label: "เป้าหมาย",
        }),
        unit: "%",
        fmt: F,
        layout: Layout::Stacked,
    }));
    s.push_str(
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"ตารางความพึงพอใจรายด้าน\"><table>\
         <caption>ความพึงพอใจรายด้าน</caption><thead><tr><th scope=\"col\">ด้าน</th><th scope=\"col\" class=\"num\">x̄</th>\
         <th scope=\"col\" class=\"num\">S.D.</th><th scope=\"col\" class=\"num\">ร้อยละ</th><th scope=\"col\">แปลผล</th>\
         <th scope=\"col\">เป้าหมาย</th></tr></thead><tbody>",
    );
    let row = |id: &str,
               label: &str,
               mean: Option<f64>,
               sd: Option<f64>,
               pct: Option<f64>,
               band: Option<&prongsai_core::Text>,
               meets: Option<bool>,
               total: bool| {
        format!(
            "<tr{} data-dimension=\"{}\" data-mean=\"{}\" data-sd=\"{}\" data-percent=\"{}\"><th scope=\"row\">{}</th>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td>{}</tr>",
            if total { " class=\"total\"" } else { "" },
            escape(id),
            escape(&full(mean)),
            escape(&full(sd)),
            escape(&full(pct)),
            escape(label),
            F.opt2(mean),
            F.opt2(sd),
            F.opt2(pct),
            escape(band.map_or("–", |b| b.th.as_str())),
            match meets {
                Some(true) => "<td class=\"good\">บรรลุ</td>".to_string(),
                Some(false) => "<td class=\"bad\">ไม่บรรลุ</td>".to_string(),
                None => "<td>–</td>".to_string(),
            }
        )
    };
    for d in &v.ins.dimensions {
        if let Some(x) = sat.dimensions.get(&d.id) {
            s.push_str(&row(
                &d.id,
                &d.title.th,
                x.mean,
                x.sd,
                x.percent,
                x.band.as_ref(),
                x.meets_target,
                false,
            ));
        }
    }
    s.push_str(&row(
        "overall",
        "ภาพรวม",
        sat.mean,
        pooled_sd(v),
        sat.percent,
        sat.band.as_ref(),
        sat.meets_target,
        true,
    ));
    s.push_str("</tbody></table></div></section>");
    s
}

/// S.D. of every answer to the satisfaction items together (as the O16 report computes it).
fn pooled_sd(v: &View) -> Option<f64> {
    let (mut n, mut sum, mut sq) = (0u64, 0.0, 0.0);
    for item in v.ins.items() {
        if item.dimension.is_none() || !v.ins.is_scored(item) {
            continue;
        }
        let (Some(st), Some(scale)) = (v.report.items.get(&item.code), v.ins.scale(&item.scale))
        else {
            continue;
        };
        for o in &scale.options {
            let (Some(score), Some(c)) = (o.score, st.counts.get(&o.value.key())) else {
                continue;
            };
            n += c;
            sum += *c as f64 * score;
            sq += *c as f64 * score * score;
        }
    }
    if n < 2 {
        return None;
    }
    let nf = n as f64;
    Some(((sq - sum * sum / nf) / (nf - 1.0)).max(0.0).sqrt())
}

/// The scores a period or group is summarised by: (key, label, value) — tools and indicators for
/// ITA, dimensions and overall percent for satisfaction.
fn measures(v: &View, r: &Report) -> Vec<(String, String, Option<f64>)> {
    let mut out = Vec::new();
    if let Some(sat) = &r.satisfaction {
        for d in &v.ins.dimensions {
            out.push((
                format!("dimension:{}", d.id),
                format!("{} (ร้อยละ)", d.title.th),
                sat.dimensions.get(&d.id).and_then(|x| x.percent),
            ));
        }
        out.push(("overall".into(), "ภาพรวม (ร้อยละ)".into(), sat.percent));
    } else {
        for t in &v.ins.tools {
            out.push((
                format!("tool:{}", t.id),
                format!("{} (คะแนน)", t.title.th),
                r.tools.get(&t.id).and_then(|x| x.score),
            ));
        }
        for i in &v.ins.indicators {
            out.push((
                format!("indicator:{}", i.id),
                format!("{}. {}", i.id, i.title.th),
                r.indicators.get(&i.id).and_then(|x| x.score),
            ));
        }
    }
    out
}

fn comparisons(v: &View) -> String {
    if v.comparisons.is_empty() {
        return String::new();
    }
    let mut s = String::from(
        "<section aria-labelledby=\"h-cmp\"><h2 id=\"h-cmp\">เปรียบเทียบกับช่วงเวลาก่อน</h2>",
    );
    for (k, c) in v.comparisons.iter().enumerate() {
        let prev_hidden = blocks::too_few(&c.previous.report);
        let cur_hidden = blocks::too_few(&c.current.report);
        let _ = write!(
            s,
            "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{0}\"><table data-comparison=\"{k}\">\
             <caption>{0}</caption><thead><tr><th scope=\"col\">รายการ</th>\
             <th scope=\"col\" class=\"num\">{1}<br><span class=\"small\">{2}</span></th>\
             <th scope=\"col\" class=\"num\">{3}<br><span class=\"small\">{4}</span></th>\
             <th scope=\"col\" class=\"num\">เปลี่ยนแปลง</th></tr></thead><tbody>",
            escape(&c.title),
            escape(&c.previous.label),
            escape(&format!(
                "{} – {}",
                F.date_short(c.previous.from),
                F.date_short(c.previous.to)
            )),
            escape(&c.current.label),
            escape(&format!(
                "{} – {}",
                F.date_short(c.current.from),
                F.date_short(c.current.to)
            )),
        );
        let n_cell = |r: &Report, hidden: bool| {
            if hidden && r.n > 0 {
                format!("<td class=\"num sup\">{}</td>", escape(&suppressed_text(v)))
            } else {
                format!("<td class=\"num\" data-n=\"{}\">{}</td>", r.n, F.int(r.n))
            }
        };
        let _ = write!(
            s,
            "<tr><th scope=\"row\">ผู้ตอบ (คน)</th>{}{}<td class=\"num\">–</td></tr>",
            n_cell(&c.previous.report, prev_hidden),
            n_cell(&c.current.report, cur_hidden)
        );
        let prev = measures(v, &c.previous.report);
        let cur = measures(v, &c.current.report);
        for ((key, label, now), (_, _, before)) in cur.iter().zip(prev.iter()) {
            let before = if prev_hidden { None } else { *before };
            let now = if cur_hidden { None } else { *now };
            let cell = |x: Option<f64>, hidden: bool, r: &Report| {
                if hidden && r.n > 0 {
                    "<td class=\"num sup\">ไม่แสดงผล</td>".to_string()
                } else {
                    format!(
                        "<td class=\"num\" data-value=\"{}\">{}</td>",
                        escape(&full(x)),
                        F.opt2(x)
                    )
                }
            };
            let _ = write!(
                s,
                "<tr data-measure=\"{}\"><th scope=\"row\">{}</th>{}{}<td class=\"num\">{}</td></tr>",
                escape(key),
                escape(label),
                cell(before, prev_hidden, &c.previous.report),
                cell(now, cur_hidden, &c.current.report),
                escape(&blocks::change(F, now, before))
            );
        }
        s.push_str("</tbody></table></div>");
    }
    s.push_str("</section>");
    s
}

/// The headline score of a group: the tool score (one tool) or the overall satisfaction percent.
fn headline(v: &View, g: &Group) -> Option<f64> {
    if satisfaction_like(v) {
        g.percent
    } else if v.ins.tools.len() == 1 {
        g.tools.get(&v.ins.tools[0].id).copied()
    } else {
        None
    }
}

fn headline_name(v: &View) -> String {
    if satisfaction_like(v) {
        "ความพึงพอใจ (ร้อยละ)".into()
    } else {
        v.ins
            .tools
            .first()
            .map(|t| format!("คะแนน {}", t.title.th))
            .unwrap_or_else(|| "คะแนน".into())
    }
}

fn trend(v: &View) -> String {
    let bd = &v.report.breakdowns;
    if bd.fiscal_year.is_empty() {
        return String::new();
    }
    let target = match &v.report.satisfaction {
        Some(sat) => (sat.target, "เป้าหมาย"),
        None => (v.ins.scoring.thresholds.pass, "เกณฑ์"),
    };
    let mut s =
        String::from("<section aria-labelledby=\"h-trend\"><h2 id=\"h-trend\">แนวโน้มรายเดือน</h2>");
    let by_month: BTreeMap<&str, &Group> = bd.month.iter().map(|g| (g.key.as_str(), g)).collect();
    let multi_tools = !satisfaction_like(v) && v.ins.tools.len() > 1;
    for fy_group in &bd.fiscal_year {
        let Ok(fy) = fy_group.key.parse::<i32>() else {
            continue;
        };
        let months = fiscal_year_months(fy);
        let _ = write!(
            s,
            "<h3>{}</h3><div class=\"cols\"><div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"ตารางรายเดือน {0}\">\
             <table class=\"narrow\" data-fiscal-year=\"{fy}\"><caption>ผลรายเดือน {0}</caption><thead><tr><th scope=\"col\">เดือน</th>\
             <th scope=\"col\" class=\"num\">ผู้ตอบ (คน)</th>",
            escape(&F.fiscal_year(fy))
        );
        if multi_tools {
            for t in &v.ins.tools {
                let _ = write!(
                    s,
                    "<th scope=\"col\" class=\"num\">{}</th>",
                    escape(&t.title.th)
                );
            }
        } else {
            let _ = write!(
                s,
                "<th scope=\"col\" class=\"num\">{}</th>",
                escape(&headline_name(v))
            );
        }
        s.push_str("</tr></thead><tbody>");
        let mut bars = Vec::new();
        for m in &months {
            let label = blocks::period_label(F, PeriodKind::Month, m);
            let short = m
                .split_once('-')
                .and_then(|(_, mm)| mm.parse::<u32>().ok())
                .and_then(prongsai_reports::thai::month_short)
                .unwrap_or("")
                .to_string();
            let g = by_month.get(m.as_str()).copied();
            let cols = if multi_tools { v.ins.tools.len() } else { 1 };
            match g {
                Some(g) if g.suppressed => {
                    let _ = write!(
                        s,
                        "<tr data-month=\"{}\" data-suppressed=\"true\"><th scope=\"row\">{}</th><td class=\"sup\" colspan=\"{}\">{}</td></tr>",
                        escape(m),
                        escape(&label),
                        cols + 1,
                        escape(&suppressed_text(v))
                    );
                    bars.push(Bar {
                        label: short,
                        value: None,
                        missing: suppressed_text(v),
                    });
                }
                Some(g) if g.n.unwrap_or(0) > 0 => {
                    let _ = write!(
                        s,
                        "<tr data-month=\"{}\" data-n=\"{}\"><th scope=\"row\">{}</th><td class=\"num\">{}</td>",
                        escape(m),
                        g.n.unwrap_or(0),
                        escape(&label),
                        F.int(g.n.unwrap_or(0))
                    );
                    if multi_tools {
                        for t in &v.ins.tools {
                            let x = g.tools.get(&t.id).copied();
                            let _ = write!(
                                s,
                                "<td class=\"num\" data-score=\"{}\">{}</td>",
                                escape(&full(x)),
                                F.opt2(x)
                            );
                        }
                    } else {
                        let x = headline(v, g);
                        let _ = write!(
                            s,
                            "<td class=\"num\" data-score=\"{}\">{}</td>",
                            escape(&full(x)),
                            F.opt2(x)
                        );
                    }
                    s.push_str("</tr>");
                    bars.push(Bar::new(short, headline(v, g)));
                }
                _ => {
                    let _ = write!(
                        s,
                        "<tr data-month=\"{}\" data-n=\"0\"><th scope=\"row\">{}</th><td class=\"num\">0</td><td colspan=\"{cols}\">ไม่มีผู้ตอบ</td></tr>",
                        escape(m),
                        escape(&label)
                    );
                    bars.push(Bar {
                        label: short,
                        value: None,
                        missing: "ไม่มีผู้ตอบ".into(),
                    });
                }
            }
        }
        s.push_str("</tbody></table></div>");
        if !multi_tools {
            let title = format!("{} รายเดือน {}", headline_name(v), F.fiscal_year(fy));
            let id = format!("chart-month-{fy}");
            s.push_str(&column_chart(&BarChart {
                id: &id,
                title: &title,
                bars: &bars,
                max: 100.0,
                target: Some(Target {
                    value: target.0,
                    label: target.1,
                }),
                unit: if satisfaction_like(v) { "%" } else { "" },
                fmt: F,
                layout: Layout::Stacked,
            }));
        }
        s.push_str("</div>");
    }
    s.push_str("</section>");
    s
}

/// A table of breakdown groups: label, n and the group's measures.
fn group_table(
    v: &View,
    caption: &str,
    rows: &[(String, String, Option<&Group>)],
    attr: &str,
) -> String {
    let mut cols: Vec<(String, String)> = Vec::new();
    if satisfaction_like(v) {
        for d in &v.ins.dimensions {
            cols.push((d.id.clone(), d.title.th.clone()));
        }
        cols.push(("overall".into(), "ภาพรวม".into()));
    } else {
        for t in &v.ins.tools {
            cols.push((format!("tool:{}", t.id), t.title.th.clone()));
        }
        for i in &v.ins.indicators {
            cols.push((format!("indicator:{}", i.id), format!("ตัวชี้วัด {}", i.id)));
        }
    }
    let target = v.report.satisfaction.as_ref().map(|s| s.target);
    let mut s = format!(
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{0}\"><table><caption>{0}</caption>\
         <thead><tr><th scope=\"col\">{1}</th><th scope=\"col\" class=\"num\">ผู้ตอบ (คน)</th>",
        escape(caption),
        if attr == "area" { "ด้านการให้บริการ" } else { "จุดให้บริการ" }
    );
    for (_, label) in &cols {
        let _ = write!(s, "<th scope=\"col\" class=\"num\">{}</th>", escape(label));
    }
    s.push_str("</tr></thead><tbody>");
    for (key, label, g) in rows {
        let _ = write!(s, "<tr data-{attr}=\"{}\"", escape(key));
        match g {
            Some(g) if g.suppressed => {
                let _ = write!(
                    s,
                    " data-suppressed=\"true\"><th scope=\"row\">{}</th><td class=\"sup\" colspan=\"{}\">{}</td>",
                    escape(label),
                    cols.len() + 1,
                    escape(&suppressed_text(v))
                );
            }
            Some(g) if g.n.unwrap_or(0) > 0 => {
                let _ = write!(
                    s,
                    " data-n=\"{}\"><th scope=\"row\">{}</th><td class=\"num\">{}</td>",
                    g.n.unwrap_or(0),
                    escape(label),
                    F.int(g.n.unwrap_or(0))
                );
                for (key, _) in &cols {
                    let x = if let Some(t) = key.strip_prefix("tool:") {
                        g.tools.get(t).copied()
                    } else if let Some(i) = key.strip_prefix("indicator:") {
                        g.indicators.get(i).copied()
                    } else if key == "overall" {
                        g.percent
                    } else {
                        g.dimensions.get(key).copied()
                    };
                    let below = match (x, target) {
                        (Some(x), Some(t)) => x < t,
                        _ => false,
                    };
                    let _ = write!(
                        s,
                        "<td class=\"num{}\" data-value=\"{}\">{}{}</td>",
                        if below { " bad" } else { "" },
                        escape(&full(x)),
                        F.opt2(x),
                        if below { " ▼" } else { "" }
                    );
                }
            }
            _ => {
                let _ = write!(
                    s,
                    " data-n=\"0\"><th scope=\"row\">{}</th><td class=\"num\">0</td><td colspan=\"{}\">ไม่มีผู้ตอบ</td>",
                    escape(label),
                    cols.len()
                );
            }
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table></div>");
    if target.is_some() {
        s.push_str("<p class=\"small\">▼ = ต่ำกว่าเป้าหมาย</p>");
    }
    s
}

fn points(v: &View) -> String {
    let bd = &v.report.breakdowns;
    let mut keys: Vec<(String, String)> = Vec::new();
    for u in v.settings.units.values() {
        if v.filter.unit.as_ref().is_some_and(|f| *f != u.id) {
            continue;
        }
        for p in &u.points {
            if v.filter.point.as_ref().is_some_and(|f| f != p) {
                continue;
            }
            if !keys.iter().any(|(k, _)| k == p) {
                keys.push((
                    p.clone(),
                    format!("{} · {}", u.name.as_deref().unwrap_or(&u.id), p),
                ));
            }
        }
    }
    for g in &bd.point {
        if !keys.iter().any(|(k, _)| *k == g.key) {
            keys.push((g.key.clone(), g.key.clone()));
        }
    }
    if keys.is_empty() {
        return String::new();
    }
    let note = "<p class=\"small\">ผู้ตอบที่ไม่ได้ระบุจุดให้บริการ (เช่น ตอบจากเว็บไซต์) ไม่อยู่ในตารางนี้</p>";
    let rows: Vec<(String, String, Option<&Group>)> = keys
        .into_iter()
        .map(|(k, label)| {
            let g = bd.point.iter().find(|g| g.key == k);
            (k, label, g)
        })
        .collect();
    format!(
        "<section aria-labelledby=\"h-points\"><h2 id=\"h-points\">ผลรายจุดให้บริการ</h2>{}{note}</section>",
        group_table(v, "ผลจำแนกตามจุดให้บริการ", &rows, "point")
    )
}

fn areas(v: &View) -> String {
    let bd = &v.report.breakdowns;
    let mut rows: Vec<(String, String, Option<&Group>)> = blocks::areas(v.ins)
        .into_iter()
        .map(|(k, label)| {
            let g = bd.area.iter().find(|g| g.key == k);
            (k, label, g)
        })
        .collect();
    for g in &bd.area {
        if !rows.iter().any(|(k, _, _)| *k == g.key) {
            rows.push((g.key.clone(), blocks::area_label(v.ins, &g.key), Some(g)));
        }
    }
    if rows.is_empty() {
        return String::new();
    }
    format!(
        "<section aria-labelledby=\"h-areas\"><h2 id=\"h-areas\">ความพึงพอใจรายด้านการให้บริการ (ร้อยละ)</h2>{}</section>",
        group_table(
            v,
            "ร้อยละความพึงพอใจจำแนกตามด้านการให้บริการและมิติ",
            &rows,
            "area"
        )
    )
}

/// Segments of an item's (or part's) answer counts, in scale order.
fn segments(v: &View, item: &Item, counts: &BTreeMap<String, u64>) -> (Vec<Segment>, bool) {
    let Some(scale) = v.ins.scale(&item.scale) else {
        return (Vec::new(), false);
    };
    let ordinal = scale.kind == ScaleKind::Ordinal;
    let colors = if ordinal {
        palette(scale.options.len())
    } else {
        neutral(scale.options.len())
    };
    let segs = scale
        .options
        .iter()
        .zip(colors)
        .map(|(o, color)| Segment {
            label: o.label.th.clone(),
            count: counts.get(&o.value.key()).copied().unwrap_or(0),
            color,
        })
        .collect();
    (segs, ordinal)
}

fn legend(v: &View, item: &Item) -> String {
    let Some(scale) = v.ins.scale(&item.scale) else {
        return String::new();
    };
    let colors = if scale.kind == ScaleKind::Ordinal {
        palette(scale.options.len())
    } else {
        neutral(scale.options.len())
    };
    let mut s = String::from("<ul class=\"legend\" aria-label=\"คำอธิบายสี\">");
    for (o, c) in scale.options.iter().zip(colors) {
        let _ = write!(
            s,
            "<li><span style=\"background:{c}\"></span>{}</li>",
            escape(&o.label.th)
        );
    }
    s.push_str("</ul>");
    s
}

fn items(v: &View) -> String {
    let ins = v.ins;
    let r = v.report;
    let min = min_group(v);
    let mut s =
        String::from("<section aria-labelledby=\"h-items\"><h2 id=\"h-items\">คำตอบรายข้อ</h2>");
    let mut profile = String::new();
    let mut texts = String::new();
    for section in &ins.sections {
        let mut rows = String::new();
        let mut legends: Vec<String> = Vec::new();
        for item in &section.items {
            let Some(scale) = ins.scale(&item.scale) else {
                continue;
            };
            if matches!(scale.kind, ScaleKind::Text | ScaleKind::Number) {
                if scale.kind == ScaleKind::Text {
                    for code in ins.answer_codes(item) {
                        let got = r.text_answers.get(code).copied().unwrap_or(0);
                        let _ = write!(
                            texts,
                            "<li data-text=\"{}\">{} ({}): {} รายการ</li>",
                            escape(code),
                            escape(&item.text.th),
                            escape(code),
                            F.int(got)
                        );
                    }
                }
                continue;
            }
            let Some(st) = r.items.get(&item.code) else {
                continue;
            };
            if item.role.is_some() {
                profile.push_str(&profile_table(item, st, r.n, min, scale));
                continue;
            }
            let legend_html = legend(v, item);
            if !legends.contains(&legend_html) {
                legends.push(legend_html);
            }
            let mean_cell = |x: Option<f64>| format!("<td class=\"num\">{}</td>", F.opt2(x));
            let na_note = |na: u64| {
                if na > 0 {
                    format!("<br><span class=\"small\">ไม่เกี่ยวข้อง {}</span>", F.int(na))
                } else {
                    String::new()
                }
            };
            if st.parts.is_empty() {
                let (segs, _) = segments(v, item, &st.counts);
                let _ = write!(
                    rows,
                    "<tr data-item=\"{}\" data-n=\"{}\" data-mean=\"{}\" data-sd=\"{}\"><th scope=\"row\">{}</th><td>{}\
                     {}</td><td class=\"num\">{}{}</td>{}{}</tr>",
                    escape(&item.code),
                    st.n,
                    escape(&full(st.score)),
                    escape(&full(st.sd)),
                    escape(&item.code),
                    escape(&item.text.th),
                    distribution_bar(&segs, F),
                    F.int(st.n),
                    na_note(st.na),
                    mean_cell(st.score),
                    mean_cell(st.sd)
                );
            } else {
                let _ = write!(
                    rows,
                    "<tr class=\"total\" data-item=\"{}\" data-n=\"{}\" data-mean=\"{}\" data-sd=\"{}\"><th scope=\"row\">{}</th><td>{}</td>\
                     <td class=\"num\">{}</td>{}{}</tr>",
                    escape(&item.code),
                    st.n,
                    escape(&full(st.score)),
                    escape(&full(st.sd)),
                    escape(&item.code),
                    escape(&item.text.th),
                    F.int(st.n),
                    mean_cell(st.score),
                    mean_cell(st.sd)
                );
                for (code, part) in &st.parts {
                    let (segs, _) = segments(v, item, &part.counts);
                    let _ = write!(
                        rows,
                        "<tr data-part=\"{}\" data-n=\"{}\" data-mean=\"{}\" data-sd=\"{}\"><th scope=\"row\">{}</th><td>{}\
                         {}</td><td class=\"num\">{}{}</td>{}{}</tr>",
                        escape(code),
                        part.n,
                        escape(&full(part.score)),
                        escape(&full(part.sd)),
                        escape(code),
                        escape(&part.text.th),
                        distribution_bar(&segs, F),
                        F.int(part.n),
                        na_note(part.na),
                        mean_cell(part.score),
                        mean_cell(part.sd)
                    );
                }
            }
        }
        if rows.is_empty() {
            continue;
        }
        let mean_label = if satisfaction_like(v) {
            "ค่าเฉลี่ย"
        } else {
            "คะแนน (0–100)"
        };
        let _ = write!(
            s,
            "<h3>{0}</h3>{1}<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"คำตอบรายข้อ: {0}\"><table class=\"items\">\
             <caption>คำถาม การกระจายคำตอบ จำนวนผู้ตอบ ค่าเฉลี่ย และส่วนเบี่ยงเบนมาตรฐาน</caption>\
             <thead><tr><th scope=\"col\">ข้อ</th><th scope=\"col\">คำถามและการกระจายคำตอบ</th>\
             <th scope=\"col\" class=\"num\">n</th><th scope=\"col\" class=\"num\">{2}</th><th scope=\"col\" class=\"num\">S.D.</th></tr></thead>\
             <tbody>{rows}</tbody></table></div>",
            escape(&section.title.th),
            legends.join(""),
            mean_label
        );
    }
    if !profile.is_empty() {
        let _ = write!(
            s,
            "<h3>ข้อมูลทั่วไปของผู้ตอบ</h3><p class=\"small\">จำนวน 1–{} คน ไม่แสดงผล</p>{profile}",
            F.int(min.saturating_sub(1))
        );
    }
    if !texts.is_empty() {
        let _ = write!(
            s,
            "<h3>ความคิดเห็นและข้อเสนอแนะ</h3><ul>{texts}</ul>\
             <p><a href=\"/admin/comments{}\">อ่านและตรวจสอบความคิดเห็น</a> (เผยแพร่เฉพาะที่อนุมัติแล้ว)</p>",
            escape(&query(&[("instrument", Some(ins.id.as_str()))]))
        );
    }
    s.push_str("</section>");
    s
}

fn profile_table(
    item: &Item,
    st: &prongsai_core::report::ItemStats,
    n: u64,
    min: u64,
    scale: &prongsai_core::Scale,
) -> String {
    let mut s = format!(
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{0}\"><table data-profile=\"{1}\"><caption>{0}</caption>\
         <thead><tr><th scope=\"col\">คำตอบ</th><th scope=\"col\" class=\"num\">คน</th><th scope=\"col\" class=\"num\">ร้อยละ</th></tr></thead><tbody>",
        escape(&item.text.th),
        escape(&item.code)
    );
    for o in &scale.options {
        let c = st.counts.get(&o.value.key()).copied().unwrap_or(0);
        if c > 0 && c < min {
            let _ = write!(
                s,
                "<tr><th scope=\"row\">{}</th><td class=\"sup\" colspan=\"2\">{}</td></tr>",
                escape(&o.label.th),
                escape(&blocks::suppressed(F, min))
            );
        } else {
            let pct = if n > 0 {
                F.num2(c as f64 / n as f64 * 100.0)
            } else {
                "–".into()
            };
            let _ = write!(
                s,
                "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                escape(&o.label.th),
                F.int(c),
                pct
            );
        }
    }
    s.push_str("</tbody></table></div>");
    s
}
