//! Scores of the results page: tools and indicators against the pass line, strengths and
//! indicators to develop, and satisfaction per dimension against the target.
use maud::{html, Markup};
use prongsai_core::report::Classified;
use prongsai_core::Text;

use super::{full, ResultsPage, F};
use crate::blocks;
use crate::html::chart::{bar_chart, Bar, BarChart, Layout, Target};

pub(super) fn indicators(p: &ResultsPage) -> Markup {
    let ins = p.ins;
    let r = p.report;
    let pass = ins.scoring.thresholds.pass;
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
    let chart = bar_chart(&BarChart {
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
    });
    html! {
        section aria-labelledby="h-ind" {
            h2 #h-ind { "คะแนนรายเครื่องมือและรายตัวชี้วัด" }
            (chart)
            div.table-wrap tabindex="0" role="region" aria-label="ตารางคะแนนรายตัวชี้วัด" {
                table {
                    caption { "คะแนนรายตัวชี้วัด (เต็ม 100)" }
                    thead { tr { th scope="col" { "ตัวชี้วัด" } th.num scope="col" { "คะแนน" } th scope="col" { "ผล" } } }
                    tbody {
                        @for tool in &ins.tools {
                            @if let Some(t) = r.tools.get(&tool.id) {
                                tr.total data-tool=(tool.id) data-score=(full(t.score)) {
                                    th scope="row" { (t.title.th) }
                                    td.num { (F.opt2(t.score)) }
                                    td { (match t.score { Some(x) if x >= pass => "ผ่านเกณฑ์", Some(_) => "ต่ำกว่าเกณฑ์", None => "–" }) }
                                }
                            }
                            @for ind in ins.indicators.iter().filter(|i| i.tool == tool.id) {
                                @if let Some(i) = r.indicators.get(&ind.id) {
                                    tr data-indicator=(ind.id) data-score=(full(i.score)) {
                                        th scope="row" { (ind.id) ". " (ind.title.th) }
                                        td.num { (F.opt2(i.score)) }
                                        td { (match i.standing { Some("strength") => "จุดแข็ง", Some("develop") => "ควรพัฒนา", _ => "–" }) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn item_text(p: &ResultsPage, code: &str) -> String {
    p.ins
        .items()
        .find(|i| i.code == code)
        .map(|i| i.text.th.clone())
        .unwrap_or_default()
}

fn classified_list(p: &ResultsPage, title: &str, id: &str, items: &[Classified]) -> Markup {
    html! {
        section aria-labelledby=(id) {
            h3 id=(id) { (title) }
            @if items.is_empty() {
                p.muted { "– ไม่มี –" }
            } @else {
                ul {
                    @for c in items {
                        @let weakest = c.weakest_items.iter()
                            .map(|w| format!("{} {} ({})", w.code, item_text(p, &w.code), F.num2(w.score)))
                            .collect::<Vec<_>>()
                            .join(" · ");
                        li data-classified=(c.indicator) {
                            strong { (c.indicator) ". " (c.title.th) } " — " (F.num2(c.score)) " คะแนน"
                            br;
                            span.small { "ข้อที่คะแนนต่ำสุด: " (weakest) }
                        }
                    }
                }
            }
        }
    }
}

pub(super) fn standing(p: &ResultsPage) -> Markup {
    let t = &p.ins.scoring.thresholds;
    html! {
        div.cols {
            (classified_list(p, &format!("จุดแข็ง (คะแนนมากกว่า {})", F.num_short(t.strength_above)), "h-strong", &p.report.strengths))
            (classified_list(p, &format!("ประเด็นที่ควรพัฒนา (คะแนนน้อยกว่า {})", F.num_short(t.develop_below)), "h-dev", &p.report.to_develop))
        }
    }
}

/// One row of the dimension table.
struct DimensionRow<'a> {
    id: &'a str,
    label: &'a str,
    mean: Option<f64>,
    sd: Option<f64>,
    percent: Option<f64>,
    band: Option<&'a Text>,
    meets: Option<bool>,
    total: bool,
}

fn dimension_row(d: &DimensionRow) -> Markup {
    html! {
        tr.total[d.total] data-dimension=(d.id) data-mean=(full(d.mean)) data-sd=(full(d.sd)) data-percent=(full(d.percent)) {
            th scope="row" { (d.label) }
            td.num { (F.opt2(d.mean)) }
            td.num { (F.opt2(d.sd)) }
            td.num { (F.opt2(d.percent)) }
            td { (d.band.map_or("–", |b| b.th.as_str())) }
            @match d.meets {
                Some(true) => td.good { "บรรลุ" },
                Some(false) => td.bad { "ไม่บรรลุ" },
                None => td { "–" },
            }
        }
    }
}

pub(super) fn dimensions(p: &ResultsPage) -> Markup {
    let Some(sat) = &p.report.satisfaction else {
        return html! {};
    };
    let mut bars = blocks::dimension_bars(p.ins, sat);
    bars.push(Bar::new("ภาพรวม", sat.percent));
    let chart = bar_chart(&BarChart {
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
    });
    let mut rows: Vec<DimensionRow> = p
        .ins
        .dimensions
        .iter()
        .filter_map(|d| {
            let x = sat.dimensions.get(&d.id)?;
            Some(DimensionRow {
                id: &d.id,
                label: &d.title.th,
                mean: x.mean,
                sd: x.sd,
                percent: x.percent,
                band: x.band.as_ref(),
                meets: x.meets_target,
                total: false,
            })
        })
        .collect();
    rows.push(DimensionRow {
        id: "overall",
        label: "ภาพรวม",
        mean: sat.mean,
        sd: p.report.satisfaction_sd(p.ins),
        percent: sat.percent,
        band: sat.band.as_ref(),
        meets: sat.meets_target,
        total: true,
    });
    html! {
        section aria-labelledby="h-dim" {
            h2 #h-dim { "ความพึงพอใจรายด้าน (เป้าหมายร้อยละ " (F.num_short(sat.target)) ")" }
            (chart)
            div.table-wrap tabindex="0" role="region" aria-label="ตารางความพึงพอใจรายด้าน" {
                table {
                    caption { "ความพึงพอใจรายด้าน" }
                    thead { tr {
                        th scope="col" { "ด้าน" } th.num scope="col" { "x̄" } th.num scope="col" { "S.D." }
                        th.num scope="col" { "ร้อยละ" } th scope="col" { "แปลผล" } th scope="col" { "เป้าหมาย" }
                    } }
                    tbody { @for row in &rows { (dimension_row(row)) } }
                }
            }
        }
    }
}
