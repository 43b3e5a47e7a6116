//! The public summary: a page for the agency's website, shown without login. Aggregates only
//! (scores, satisfaction percent against the target, number of respondents) and the comments
//! the caller has approved; no breakdown groups, no item-level free text, and no number at all
//! while fewer than 5 people have answered.
use maud::{html, Markup};
use prongsai_core::{Date, Instrument, Report};

use crate::blocks::{self, Period};
use crate::html::chart::{bar_chart, Bar, BarChart, Layout, Target};
use crate::html::{document, PageKind};
use crate::thai::Fmt;

#[derive(Debug, Clone)]
pub struct SummaryOptions {
    pub agency: String,
    pub unit: Option<String>,
    pub period: Period,
    /// Approved (moderated) comments only: the caller decides what may be published.
    pub comments: Vec<String>,
    pub generated: Date,
    pub thai_digits: bool,
}

impl SummaryOptions {
    pub fn new(agency: impl Into<String>, generated: Date) -> SummaryOptions {
        SummaryOptions {
            agency: agency.into(),
            unit: None,
            period: Period::default(),
            comments: Vec::new(),
            generated,
            thai_digits: false,
        }
    }
}

fn stat(value: &str, label: &str) -> Markup {
    html! { div.stat { span.value { (value) } span.label { (label) } } }
}

/// The headline numbers: respondents, satisfaction and target, or the tool scores.
fn stats(ins: &Instrument, report: &Report, f: Fmt, ita: bool) -> Markup {
    html! {
        div.stats {
            (stat(&format!("{} คน", f.int(report.n)), "ผู้ตอบแบบสำรวจ"))
            @if let Some(sat) = &report.satisfaction {
                (stat(
                    &sat.percent.map_or_else(|| "–".to_string(), |p| format!("{}%", f.num2(p))),
                    &format!(
                        "ความพึงพอใจโดยรวม{}",
                        sat.mean
                            .and_then(|m| blocks::band(ins, m))
                            .map(|t| format!(" (ระดับ{})", t.th))
                            .unwrap_or_default()
                    ),
                ))
                @let verdict = match sat.meets_target {
                    Some(true) => "บรรลุเป้าหมาย",
                    Some(false) => "ต่ำกว่าเป้าหมาย",
                    None => "–",
                };
                (stat(verdict, &format!("เป้าหมายร้อยละ {}", f.num_short(sat.target))))
            }
            @if ita {
                @for tool in &ins.tools {
                    @if let Some(t) = report.tools.get(&tool.id) {
                        (stat(&f.opt2(t.score), &t.title.th))
                    }
                }
            }
        }
    }
}

/// The charts: satisfaction per dimension against the target, or scores per indicator against
/// the pass mark.
fn charts(ins: &Instrument, report: &Report, f: Fmt, ita: bool) -> Markup {
    let dimension_bars = report
        .satisfaction
        .as_ref()
        .map(|sat| blocks::dimension_bars(ins, sat))
        .unwrap_or_default();
    let indicator_bars: Vec<Bar> = ins
        .indicators
        .iter()
        .filter_map(|i| {
            report
                .indicators
                .get(&i.id)
                .map(|x| Bar::new(f.text(&format!("{}. {}", i.id, i.title.th)), x.score))
        })
        .collect();
    html! {
        @if let (Some(sat), true) = (&report.satisfaction, dimension_bars.len() > 1) {
            h2 { "ความพึงพอใจรายด้าน (ร้อยละ)" }
            (bar_chart(&BarChart {
                id: "chart-public",
                title: "ร้อยละความพึงพอใจรายด้านเทียบกับเป้าหมาย",
                bars: &dimension_bars,
                max: 100.0,
                target: Some(Target { value: sat.target, label: "เป้าหมาย" }),
                unit: "%",
                fmt: f,
                layout: Layout::Stacked,
            }))
        }
        @if ita {
            h2 { "คะแนนรายตัวชี้วัด (เต็ม 100)" }
            (bar_chart(&BarChart {
                id: "chart-public",
                title: "คะแนนรายตัวชี้วัดเทียบกับเกณฑ์ผ่าน",
                bars: &indicator_bars,
                max: 100.0,
                target: Some(Target { value: ins.scoring.thresholds.pass, label: "เกณฑ์ผ่าน" }),
                unit: "",
                fmt: f,
                layout: Layout::Stacked,
            }))
            p.notice {
                "คะแนนนี้มาจากแบบสำรวจที่หน่วยงานดำเนินการเองเพื่อประเมินตนเอง "
                "ไม่ใช่ผลการประเมินที่สำนักงาน ป.ป.ช. ประกาศ"
            }
        }
    }
}

/// The public summary as a complete HTML document.
pub fn public_summary(ins: &Instrument, report: &Report, opts: &SummaryOptions) -> String {
    let f = Fmt::new(opts.thai_digits);
    let ita = !ins.indicators.is_empty() && report.satisfaction.is_none();
    let heading = if report.satisfaction.is_some() {
        "สรุปผลการสำรวจความพึงพอใจการให้บริการ".to_string()
    } else if ita {
        "สรุปผลการประเมินตนเองด้านคุณธรรมและความโปร่งใส".to_string()
    } else {
        format!("สรุปผล{}", ins.title.th)
    };
    let body = html! {
        main.doc {
            (blocks::title_block(f, &heading, &opts.agency, opts.unit.as_deref(), &opts.period, Some(report)))
            @if blocks::too_few(report) {
                (blocks::too_few_notice(f, report))
            } @else {
                (stats(ins, report, f, ita))
                (charts(ins, report, f, ita))
            }
            h2 { "ข้อเสนอแนะ" }
            (blocks::comments(f, &opts.comments, None))
            p.footer {
                "แสดงเฉพาะผลรวม ไม่มีข้อมูลที่ระบุตัวผู้ตอบ และไม่แสดงผลกลุ่มที่มีผู้ตอบน้อยกว่า "
                (f.int(report.breakdowns.min_group)) " คน · ปรับปรุงข้อมูลเมื่อ "
                (f.date_long(opts.generated))
            }
        }
    };
    let title = format!("{heading} {}", opts.agency.trim());
    document(title.trim(), PageKind::Public, body)
}
