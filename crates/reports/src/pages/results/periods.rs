//! Time on the results page: the comparison with the previous fiscal year and half-year, and
//! the monthly trend with every month of the fiscal year (table and column chart).
use std::collections::BTreeMap;

use maud::{html, Markup};
use prongsai_core::period::fiscal_year_months;
use prongsai_core::report::Group;
use prongsai_core::Report;

use super::{full, ResultsPage, F};
use crate::blocks;
use crate::html::chart::{column_chart, Bar, BarChart, Layout, Target};
use crate::thai::{month_short, PeriodKind};

/// The scores a period is summarised by: (key, label, value) — tools and indicators for ITA,
/// dimensions and overall percent for satisfaction.
fn measures(p: &ResultsPage, r: &Report) -> Vec<(String, String, Option<f64>)> {
    let mut out = Vec::new();
    if let Some(sat) = &r.satisfaction {
        for d in &p.ins.dimensions {
            out.push((
                format!("dimension:{}", d.id),
                format!("{} (ร้อยละ)", d.title.th),
                sat.dimensions.get(&d.id).and_then(|x| x.percent),
            ));
        }
        out.push(("overall".into(), "ภาพรวม (ร้อยละ)".into(), sat.percent));
    } else {
        for t in &p.ins.tools {
            out.push((
                format!("tool:{}", t.id),
                format!("{} (คะแนน)", t.title.th),
                r.tools.get(&t.id).and_then(|x| x.score),
            ));
        }
        for i in &p.ins.indicators {
            out.push((
                format!("indicator:{}", i.id),
                format!("{}. {}", i.id, i.title.th),
                r.indicators.get(&i.id).and_then(|x| x.score),
            ));
        }
    }
    out
}

pub(super) fn comparisons(p: &ResultsPage) -> Markup {
    if p.comparisons.is_empty() {
        return html! {};
    }
    let n_cell = |r: &Report, hidden: bool| {
        html! {
            @if hidden && r.n > 0 {
                td.num.sup { (p.suppressed_text()) }
            } @else {
                td.num data-n=(r.n) { (F.int(r.n)) }
            }
        }
    };
    let cell = |x: Option<f64>, hidden: bool, r: &Report| {
        html! {
            @if hidden && r.n > 0 {
                td.num.sup { "ไม่แสดงผล" }
            } @else {
                td.num data-value=(full(x)) { (F.opt2(x)) }
            }
        }
    };
    html! {
        section aria-labelledby="h-cmp" {
            h2 #h-cmp { "เปรียบเทียบกับช่วงเวลาก่อน" }
            @for (k, c) in p.comparisons.iter().enumerate() {
                @let prev_hidden = blocks::too_few(&c.previous.report);
                @let cur_hidden = blocks::too_few(&c.current.report);
                @let prev = measures(p, &c.previous.report);
                @let cur = measures(p, &c.current.report);
                div.table-wrap tabindex="0" role="region" aria-label=(c.title) {
                    table data-comparison=(k) {
                        caption { (c.title) }
                        thead { tr {
                            th scope="col" { "รายการ" }
                            th.num scope="col" { (c.previous.label) br; span.small { (F.date_short(c.previous.from)) " – " (F.date_short(c.previous.to)) } }
                            th.num scope="col" { (c.current.label) br; span.small { (F.date_short(c.current.from)) " – " (F.date_short(c.current.to)) } }
                            th.num scope="col" { "เปลี่ยนแปลง" }
                        } }
                        tbody {
                            tr {
                                th scope="row" { "ผู้ตอบ (คน)" }
                                (n_cell(&c.previous.report, prev_hidden))
                                (n_cell(&c.current.report, cur_hidden))
                                td.num { "–" }
                            }
                            @for ((key, label, now), (_, _, before)) in cur.iter().zip(prev.iter()) {
                                @let before = if prev_hidden { None } else { *before };
                                @let now = if cur_hidden { None } else { *now };
                                tr data-measure=(key) {
                                    th scope="row" { (label) }
                                    (cell(before, prev_hidden, &c.previous.report))
                                    (cell(now, cur_hidden, &c.current.report))
                                    td.num { (blocks::change(F, now, before)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The headline score of a group: the tool score (one tool) or the overall satisfaction percent.
fn headline(p: &ResultsPage, g: &Group) -> Option<f64> {
    if p.satisfaction_like() {
        g.percent
    } else if p.ins.tools.len() == 1 {
        g.tools.get(&p.ins.tools[0].id).copied()
    } else {
        None
    }
}

fn headline_name(p: &ResultsPage) -> String {
    if p.satisfaction_like() {
        "ความพึงพอใจ (ร้อยละ)".into()
    } else {
        p.ins
            .tools
            .first()
            .map(|t| format!("คะแนน {}", t.title.th))
            .unwrap_or_else(|| "คะแนน".into())
    }
}

pub(super) fn trend(p: &ResultsPage) -> Markup {
    let bd = &p.report.breakdowns;
    if bd.fiscal_year.is_empty() {
        return html! {};
    }
    let by_month: BTreeMap<&str, &Group> = bd.month.iter().map(|g| (g.key.as_str(), g)).collect();
    let years: Vec<i32> = bd
        .fiscal_year
        .iter()
        .filter_map(|g| g.key.parse::<i32>().ok())
        .collect();
    html! {
        section aria-labelledby="h-trend" {
            h2 #h-trend { "แนวโน้มรายเดือน" }
            @for fy in years { (fiscal_year(p, &by_month, fy)) }
        }
    }
}

/// The months of one fiscal year: a table, and a column chart of the headline score.
fn fiscal_year(p: &ResultsPage, by_month: &BTreeMap<&str, &Group>, fy: i32) -> Markup {
    let multi_tools = !p.satisfaction_like() && p.ins.tools.len() > 1;
    let cols = if multi_tools { p.ins.tools.len() } else { 1 };
    let fy_label = F.fiscal_year(fy);
    let suppressed = p.suppressed_text();
    let mut bars = Vec::new();
    let mut rows = Vec::new();
    for m in fiscal_year_months(fy) {
        let label = blocks::period_label(F, PeriodKind::Month, &m);
        let short = m
            .split_once('-')
            .and_then(|(_, mm)| mm.parse::<u32>().ok())
            .and_then(month_short)
            .unwrap_or("")
            .to_string();
        let row = match by_month.get(m.as_str()).copied() {
            Some(g) if g.suppressed => {
                bars.push(Bar {
                    label: short,
                    value: None,
                    missing: suppressed.clone(),
                });
                html! {
                    tr data-month=(m) data-suppressed="true" {
                        th scope="row" { (label) }
                        td.sup colspan=(cols + 1) { (suppressed) }
                    }
                }
            }
            Some(g) if g.n.unwrap_or(0) > 0 => {
                bars.push(Bar::new(short, headline(p, g)));
                let values: Vec<Option<f64>> = if multi_tools {
                    p.ins
                        .tools
                        .iter()
                        .map(|t| g.tools.get(&t.id).copied())
                        .collect()
                } else {
                    vec![headline(p, g)]
                };
                html! {
                    tr data-month=(m) data-n=(g.n.unwrap_or(0)) {
                        th scope="row" { (label) }
                        td.num { (F.int(g.n.unwrap_or(0))) }
                        @for x in values { td.num data-score=(full(x)) { (F.opt2(x)) } }
                    }
                }
            }
            _ => {
                bars.push(Bar {
                    label: short,
                    value: None,
                    missing: "ไม่มีผู้ตอบ".into(),
                });
                html! {
                    tr data-month=(m) data-n="0" {
                        th scope="row" { (label) }
                        td.num { "0" }
                        td colspan=(cols) { "ไม่มีผู้ตอบ" }
                    }
                }
            }
        };
        rows.push(row);
    }
    let chart = (!multi_tools).then(|| {
        let target = match &p.report.satisfaction {
            Some(sat) => (sat.target, "เป้าหมาย"),
            None => (p.ins.scoring.thresholds.pass, "เกณฑ์"),
        };
        let title = format!("{} รายเดือน {}", headline_name(p), fy_label);
        let id = format!("chart-month-{fy}");
        column_chart(&BarChart {
            id: &id,
            title: &title,
            bars: &bars,
            max: 100.0,
            target: Some(Target {
                value: target.0,
                label: target.1,
            }),
            unit: if p.satisfaction_like() { "%" } else { "" },
            fmt: F,
            layout: Layout::Stacked,
        })
    });
    html! {
        h3 { (fy_label) }
        div.cols {
            div.table-wrap tabindex="0" role="region" aria-label={ "ตารางรายเดือน " (fy_label) } {
                table.narrow data-fiscal-year=(fy) {
                    caption { "ผลรายเดือน " (fy_label) }
                    thead { tr {
                        th scope="col" { "เดือน" }
                        th.num scope="col" { "ผู้ตอบ (คน)" }
                        @if multi_tools {
                            @for t in &p.ins.tools { th.num scope="col" { (t.title.th) } }
                        } @else {
                            th.num scope="col" { (headline_name(p)) }
                        }
                    } }
                    tbody { @for row in rows { (row) } }
                }
            }
            @if let Some(chart) = chart { (chart) }
        }
    }
}
