//! Part 2 (scores per tool and indicator, against last year, with the chart) and the appendix
//! (the same per service point and period).
use maud::{html, Markup};
use prongsai_core::report::Group;

use super::{previous_label, short_tool, tool_name, tools_of, Assessment, O42Options};
use crate::blocks;
use crate::html::chart::{bar_chart, Bar, BarChart, Layout, Target};
use crate::html::table_wrap;
use crate::thai::{Fmt, PeriodKind};

fn standing_cell(standing: Option<&str>) -> Markup {
    html! {
        @match standing {
            Some("strength") => td.c.good { "จุดแข็ง" },
            Some("develop") => td.c.bad { "ต้องพัฒนา" },
            _ => td.c { "–" },
        }
    }
}

/// Part 2: one row per tool and per indicator, the weighted total, notes and the chart.
pub(super) fn scores(f: Fmt, parts: &[Assessment], opts: &O42Options) -> Markup {
    let prev_label = parts
        .iter()
        .find_map(|p| p.previous)
        .map(|prev| previous_label(f, opts, prev));
    let has_prev = prev_label.is_some();
    let bars: Vec<Bar> = parts
        .iter()
        .filter(|p| !blocks::too_few(p.report))
        .flat_map(|p| {
            p.instrument.indicators.iter().filter_map(|ind| {
                let stats = p.report.indicators.get(&ind.id)?;
                Some(Bar::new(
                    f.text(&format!("{}. {}", ind.id, ind.title.th)),
                    stats.score,
                ))
            })
        })
        .collect();
    let sample: Vec<String> = parts
        .iter()
        .filter_map(|p| {
            let min = p.report.sample_min?;
            Some(format!(
                "{}: ผู้ตอบ {} คน จากขั้นต่ำที่แนะนำ {} คน",
                tools_of(p.instrument),
                f.int(p.report.n),
                f.int(u64::from(min))
            ))
        })
        .collect();
    let pass = parts
        .first()
        .map_or(85.0, |p| p.instrument.scoring.thresholds.pass);
    let table = html! {
        table.scores {
            thead {
                tr {
                    th { "แบบวัด / ตัวชี้วัด" }
                    th.num { "ผู้ตอบ (คน)" }
                    th.num { "คะแนน" }
                    @if let Some(l) = &prev_label {
                        th.num { (l) }
                        th.num { "เปลี่ยนแปลง" }
                    }
                    th { "ผล" }
                }
            }
            tbody {
                @for p in parts { (score_rows(f, p, has_prev)) }
            }
        }
    };
    html! {
        h2 { "2. ผลการประเมินตนเอง" }
        (table_wrap(table))
        @if parts.iter().any(|p| p.report.grade.is_some()) {
            p { small {
                "* ระดับเทียบจากคะแนนของแบบวัดนั้นตามเกณฑ์ที่ระบุในกรอบด้านบน ไม่ใช่ระดับผลการประเมิน ITA "
                "ที่สำนักงาน ป.ป.ช. ประกาศ (ซึ่งรวมแบบวัด OIT ด้วย)"
            } }
        }
        @if !sample.is_empty() {
            p { small { (sample.join(" · ")) } }
        }
        @if !bars.is_empty() {
            (bar_chart(&BarChart {
                id: "chart-indicators",
                title: "คะแนนรายตัวชี้วัดเทียบกับเกณฑ์ผ่าน",
                bars: &bars,
                max: 100.0,
                target: Some(Target { value: pass, label: "เกณฑ์ผ่าน" }),
                unit: "",
                fmt: f,
                layout: Layout::Side,
            }))
        }
    }
}

/// The rows of one assessment: its tools, then (unless suppressed) its indicators and total.
fn score_rows(f: Fmt, p: &Assessment, has_prev: bool) -> Markup {
    let hidden = blocks::too_few(p.report);
    let prev = p.previous.filter(|r| !blocks::too_few(r));
    let cols = if has_prev { 5 } else { 3 };
    html! {
        @for tool in &p.instrument.tools {
            @let score = p.report.tools.get(&tool.id).and_then(|t| t.score);
            tr.total data-tool=(tool.id) {
                td { (tool_name(p, &tool.id)) }
                td.num { (f.int(p.report.n)) }
                @if hidden {
                    td.suppressed colspan=(cols) {
                        (blocks::suppressed(f, p.report.breakdowns.min_group))
                    }
                } @else {
                    @let before = prev.and_then(|r| r.tools.get(&tool.id)).and_then(|t| t.score);
                    @let grade = p
                        .report
                        .grade
                        .as_ref()
                        .filter(|g| g.basis == tool.id)
                        .map(|g| format!("ระดับ {}*", g.label.th))
                        .unwrap_or_else(|| "–".into());
                    td.num { (f.opt2(score)) }
                    @if has_prev {
                        td.num { (f.opt2(before)) }
                        td.num { (blocks::change(f, score, before)) }
                    }
                    td.c { (grade) }
                }
            }
        }
        @if !hidden {
            @for ind in &p.instrument.indicators {
                @if let Some(stats) = p.report.indicators.get(&ind.id) {
                    @let before = prev
                        .and_then(|r| r.indicators.get(&ind.id))
                        .and_then(|i| i.score);
                    tr data-indicator=(ind.id) {
                        td { "ตัวชี้วัดที่ " (f.text(&ind.id)) " " (ind.title.th) }
                        td {}
                        td.num { (f.opt2(stats.score)) }
                        @if has_prev {
                            td.num { (f.opt2(before)) }
                            td.num { (blocks::change(f, stats.score, before)) }
                        }
                        (standing_cell(stats.standing))
                    }
                }
            }
            @if let Some(overall) = p.report.overall {
                tr.total {
                    td { "คะแนนรวมถ่วงน้ำหนัก" }
                    td {}
                    td.num { (f.num2(overall)) }
                    @if has_prev { td {} td {} }
                    td {}
                }
            }
        }
    }
}

/// Results by period and service point, with small groups suppressed.
pub(super) fn appendix(f: Fmt, parts: &[Assessment], opts: &O42Options) -> Markup {
    let with_breakdowns: Vec<&Assessment> = parts
        .iter()
        .filter(|p| !p.report.breakdowns.month.is_empty() || !p.report.breakdowns.point.is_empty())
        .collect();
    let label = |kind, key: &str| blocks::period_label(f, kind, key);
    html! {
        @if !with_breakdowns.is_empty() {
            h2 { "ภาคผนวก ผลการประเมินตนเองจำแนกตามช่วงเวลาและจุดให้บริการ" }
        }
        @for p in &with_breakdowns {
            @let bd = &p.report.breakdowns;
            @let name = tools_of(p.instrument);
            @if !bd.point.is_empty() {
                @let rows: Vec<(String, &Group)> = bd
                    .point
                    .iter()
                    .map(|g| (blocks::point_label(p.instrument, &opts.point_names, &g.key), g))
                    .collect();
                h3 { (name) " จำแนกตามจุดให้บริการ" }
                (group_table(f, p, "จุดให้บริการ", &rows))
            }
            @if !bd.month.is_empty() {
                @let rows: Vec<(String, &Group)> = bd
                    .half
                    .iter()
                    .map(|g| (label(PeriodKind::Half, &g.key), g))
                    .chain(bd.quarter.iter().map(|g| (label(PeriodKind::Quarter, &g.key), g)))
                    .chain(bd.month.iter().map(|g| (label(PeriodKind::Month, &g.key), g)))
                    .collect();
                h3 { (name) " จำแนกตามช่วงเวลา" }
                (group_table(f, p, "ช่วงเวลา", &rows))
            }
        }
    }
}

/// One row per group: respondents, each indicator's and each tool's score.
fn group_table(f: Fmt, p: &Assessment, head: &str, rows: &[(String, &Group)]) -> Markup {
    let ins = p.instrument;
    let cols = 1 + ins.indicators.len() + ins.tools.len();
    table_wrap(html! {
        table.groups {
            colgroup { col style="width:20%"; }
            thead {
                tr {
                    th { (head) }
                    th.num { "ผู้ตอบ (คน)" }
                    @for ind in &ins.indicators {
                        th.num {
                            span.nw { (f.text(&format!("ตัวชี้วัดที่ {}", ind.id))) }
                            small { (ind.title.th) }
                        }
                    }
                    @for t in &ins.tools { th.num { (short_tool(&t.id)) } }
                }
            }
            tbody {
                @for (label, g) in rows {
                    @let n = g.n.unwrap_or(0);
                    tr {
                        td { (label) }
                        @if g.suppressed {
                            td.suppressed colspan=(cols) {
                                (blocks::suppressed(f, p.report.breakdowns.min_group))
                            }
                        } @else if n == 0 {
                            td.num { (f.int(n)) }
                            td.c colspan=(cols - 1) { "ไม่มีผู้ตอบ" }
                        } @else {
                            td.num { (f.int(n)) }
                            @for ind in &ins.indicators {
                                td.num { (f.opt2(g.indicators.get(&ind.id).copied())) }
                            }
                            @for t in &ins.tools {
                                td.num { (f.opt2(g.tools.get(&t.id).copied())) }
                            }
                        }
                    }
                }
            }
        }
    })
}
