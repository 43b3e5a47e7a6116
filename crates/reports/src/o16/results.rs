//! Part 3: satisfaction per dimension and per item, then per service area, service point and
//! period.
use maud::{html, Markup};
use prongsai_core::report::Group;
use prongsai_core::Role;

use super::{
    all_counts, band_text, dimension_items, level_cells, level_headers, levels, summed_counts,
    target_cell, target_header, Ctx, O16Options,
};
use crate::blocks;
use crate::html::chart::{bar_chart, Bar, BarChart, Layout, Target};
use crate::html::table_wrap;
use crate::thai::PeriodKind;

/// Counts per level (with percent), x̄, S.D., percent, band and target per dimension and overall.
fn dimension_table(ctx: &Ctx) -> Markup {
    let Some(sat) = &ctx.report.satisfaction else {
        return html! {};
    };
    let f = ctx.fmt;
    let sd = ctx.report.satisfaction_sd(ctx.ins);
    table_wrap(html! {
        table.dimensions {
            colgroup { col style="width:24%"; }
            thead {
                tr {
                    th rowspan="2" { "ด้าน" }
                    th colspan=(ctx.levels.len().max(1)) { "จำนวนคำตอบ (ร้อยละ) ตามระดับความพึงพอใจ" }
                    th.num rowspan="2" { "x̄" }
                    th.num rowspan="2" { "S.D." }
                    th.num.nw rowspan="2" { "ร้อยละ" }
                    th.nw rowspan="2" { "แปลผล" }
                    th rowspan="2" { (target_header(ctx)) }
                }
                tr { (level_headers(ctx)) }
            }
            tbody {
                @for dim in &ctx.ins.dimensions {
                    @if let Some(stats) = sat.dimensions.get(&dim.id) {
                        @let items = dimension_items(ctx.ins, &dim.id);
                        @let counts = summed_counts(ctx, items.iter().map(|i| i.code.as_str()));
                        tr data-dimension=(dim.id) {
                            td { (dim.title.th) }
                            (level_cells(ctx, &counts, true))
                            td.num { (f.opt2(stats.mean)) }
                            td.num { (f.opt2(stats.sd)) }
                            td.num { (f.opt2(stats.percent)) }
                            td.c { (band_text(ctx, stats.mean)) }
                            (target_cell(ctx, stats.percent))
                        }
                    }
                }
            }
            tfoot {
                tr.total {
                    td { "ภาพรวม" }
                    (level_cells(ctx, &all_counts(ctx), true))
                    td.num { (f.opt2(sat.mean)) }
                    td.num { (f.opt2(sd)) }
                    td.num { (f.opt2(sat.percent)) }
                    td.c { (band_text(ctx, sat.mean)) }
                    (target_cell(ctx, sat.percent))
                }
            }
        }
    })
}

/// Parts 3.1 (dimensions and overall, with the chart) and 3.2 (every item).
pub(super) fn results(ctx: &Ctx) -> Markup {
    let Some(sat) = &ctx.report.satisfaction else {
        return html! {};
    };
    let f = ctx.fmt;
    let mut bars = blocks::dimension_bars(ctx.ins, sat);
    bars.push(Bar::new("ภาพรวม", sat.percent));
    html! {
        h2 { "ส่วนที่ 3 ผลการสำรวจความพึงพอใจ" }
        h3 { "3.1 ความพึงพอใจรายด้านและภาพรวม" }
        (dimension_table(ctx))
        @if let Some(line) = blocks::satisfied_respondents(f, sat) {
            p.satisfied-respondents data-respondents-satisfied=[sat.respondents_satisfied_share] { (line) }
        }
        (bar_chart(&BarChart {
            id: "chart-dimensions",
            title: "ร้อยละความพึงพอใจรายด้านเทียบกับเป้าหมาย",
            bars: &bars,
            max: 100.0,
            target: Some(Target { value: ctx.target, label: "เป้าหมาย" }),
            unit: "%",
            fmt: f,
            layout: Layout::Side,
        }))
        h3 { "3.2 ความพึงพอใจรายข้อ" }
        @for dim in &ctx.ins.dimensions {
            (item_table(ctx, dim))
        }
    }
}

/// The items of one dimension: counts per level, x̄, S.D. and band.
fn item_table(ctx: &Ctx, dim: &prongsai_core::Dimension) -> Markup {
    let f = ctx.fmt;
    let items = dimension_items(ctx.ins, &dim.id);
    if items.is_empty() {
        return html! {};
    }
    table_wrap(html! {
        table.items {
            colgroup {
                col style="width:5%";
                col;
                @for _ in &ctx.levels { col style="width:6.5%"; }
                col style="width:6.5%";
                col style="width:6.5%";
                col style="width:9%";
            }
            thead {
                tr { th colspan=(ctx.levels.len() + 5) { (dim.title.th) } }
                tr {
                    th { "ข้อ" }
                    th { "รายการ" }
                    (level_headers(ctx))
                    th.num { "x̄" }
                    th.num { "S.D." }
                    th.nw { "แปลผล" }
                }
            }
            tbody {
                @for (k, item) in items.iter().enumerate() {
                    @if let Some(stats) = ctx.report.items.get(&item.code) {
                        tr data-item=(item.code) {
                            td.code { (f.int(k as u64 + 1)) }
                            td {
                                (item.text.th)
                                @if stats.na > 0 {
                                    @let na_label = ctx
                                        .ins
                                        .scale(&item.scale)
                                        .and_then(|sc| sc.not_applicable.as_ref())
                                        .map_or("ไม่ตอบ/ไม่เกี่ยวข้อง", |t| t.th.as_str());
                                    small {
                                        "ตอบ " (f.int(stats.n)) " คน · " (na_label) " "
                                        (f.int(stats.na)) " คน"
                                    }
                                }
                            }
                            (level_cells(ctx, &stats.counts, false))
                            td.num { (f.opt2(stats.score)) }
                            td.num { (f.opt2(stats.sd)) }
                            td.c { (band_text(ctx, stats.score)) }
                        }
                    }
                }
            }
        }
    })
}

/// A table of breakdown groups: label, n, per-dimension percent (optional), overall, band, target.
fn group_table(ctx: &Ctx, head: &str, rows: &[(String, Option<&Group>)], dims: bool) -> Markup {
    let f = ctx.fmt;
    let min = ctx.report.breakdowns.min_group;
    let dims: Vec<&prongsai_core::Dimension> = if dims && ctx.ins.dimensions.len() > 1 {
        ctx.ins.dimensions.iter().collect()
    } else {
        Vec::new()
    };
    let cols = 5 + dims.len();
    table_wrap(html! {
        table.groups {
            thead {
                tr {
                    th { (head) }
                    th.num { "ผู้ตอบ (คน)" }
                    @for d in &dims { th.num { (d.title.th) small { "ร้อยละ" } } }
                    th.num.nw { "ภาพรวม" small { "ร้อยละ" } }
                    th.nw { "แปลผล" }
                    th { (target_header(ctx)) }
                }
            }
            tbody {
                @for (label, g) in rows {
                    tr {
                        td { (label) }
                        @match g {
                            Some(g) if g.suppressed => {
                                td.suppressed colspan=(cols - 1) { (blocks::suppressed(f, min)) }
                            }
                            Some(g) if g.n.unwrap_or(0) > 0 => {
                                td.num { (f.int(g.n.unwrap_or(0))) }
                                @for d in &dims {
                                    td.num { (f.opt2(g.dimensions.get(&d.id).copied())) }
                                }
                                td.num { (f.opt2(g.percent)) }
                                td.c { (band_text(ctx, g.percent.map(|p| p / 100.0 * ctx.max))) }
                                (target_cell(ctx, g.percent))
                            }
                            _ => {
                                td.num { (f.int(0)) }
                                td.c colspan=(cols - 2) { "ไม่มีผู้ตอบ" }
                            }
                        }
                    }
                }
            }
        }
    })
}

/// Each service area's own table of counts per level, x̄, S.D. and percent per dimension (from
/// the area's full results); areas under the minimum group size are suppressed.
fn area_details(ctx: &Ctx, opts: &O16Options, rows: &[(String, Option<&Group>)]) -> Markup {
    let f = ctx.fmt;
    let min = ctx.report.breakdowns.min_group;
    let groups: Vec<(&String, &Group)> = rows
        .iter()
        .filter_map(|(label, g)| g.map(|g| (label, g)))
        .collect();
    html! {
        @for (k, (label, g)) in groups.iter().enumerate() {
            @let report = opts.area_reports.get(&g.key);
            // Each area's heading and table stay on one page.
            div.keep data-area=(g.key) {
                h4 { (f.int(k as u64 + 1)) ". " (label) }
                @match report {
                    Some(r) if !g.suppressed && r.n >= min => {
                        p { "ผู้ตอบ " (f.int(r.n)) " คน" }
                        (dimension_table(&Ctx {
                            ins: ctx.ins,
                            report: r,
                            fmt: f,
                            max: ctx.max,
                            target: ctx.target,
                            levels: levels(ctx.ins),
                        }))
                    }
                    _ if g.suppressed || report.is_some_and(|r| r.n > 0) => {
                        p.suppressed { (blocks::suppressed(f, min)) }
                    }
                    _ => { p { "ไม่มีผู้ตอบ" } }
                }
            }
        }
        @if groups.is_empty() {
            p { "ไม่มีผู้ตอบที่ระบุด้านการให้บริการ" }
        }
    }
}

/// Parts 3.3 onwards: per service area, service point and period, numbered in order.
pub(super) fn breakdowns(ctx: &Ctx, opts: &O16Options) -> Markup {
    let f = ctx.fmt;
    let bd = &ctx.report.breakdowns;
    let mut n = 2;
    let mut next = |title: &str| {
        n += 1;
        html! { h3 { "3." (n) " " (title) } }
    };
    let mut parts: Vec<Markup> = Vec::new();
    // Also a one-tap rating without an area question, counted by the area of its point.
    let has_area =
        ctx.ins.items().any(|i| i.role == Some(Role::ServiceArea)) || !bd.area.is_empty();
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
        parts.push(next("ความพึงพอใจจำแนกตามด้านการให้บริการ"));
        parts.push(group_table(ctx, "ด้านการให้บริการ", &rows, true));
        if !opts.area_reports.is_empty() {
            parts.push(next("ค่าสถิติรายด้านการให้บริการ"));
            parts.push(area_details(ctx, opts, &rows));
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
        parts.push(next("ความพึงพอใจจำแนกตามจุดให้บริการ"));
        parts.push(group_table(ctx, "จุดให้บริการ", &rows, true));
    }
    if !bd.month.is_empty() {
        parts.push(next("ความพึงพอใจจำแนกตามช่วงเวลา"));
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
        parts.push(group_table(ctx, "รายครึ่งปีและรายไตรมาส", &rows, false));
        let rows: Vec<(String, Option<&Group>)> = bd
            .month
            .iter()
            .map(|g| (label(PeriodKind::Month, &g.key), Some(g)))
            .collect();
        parts.push(group_table(ctx, "รายเดือน", &rows, false));
        let bars: Vec<Bar> = bd
            .month
            .iter()
            .map(|g| Bar {
                label: label(PeriodKind::Month, &g.key),
                value: if g.suppressed { None } else { g.percent },
                missing: if g.suppressed {
                    blocks::suppressed(f, bd.min_group)
                } else {
                    "ไม่มีผู้ตอบ".into()
                },
            })
            .collect();
        parts.push(bar_chart(&BarChart {
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
    html! { @for p in &parts { (p) } }
}
