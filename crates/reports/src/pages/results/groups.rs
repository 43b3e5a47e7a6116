//! Breakdown tables of the results page: by service point and by service area.
use maud::{html, Markup};
use prongsai_core::report::Group;

use super::{full, ResultsPage, F};
use crate::blocks;

/// What the rows of a breakdown table are.
#[derive(Clone, Copy, PartialEq, Eq)]
enum GroupKind {
    Point,
    Area,
}

/// A table of breakdown groups: label, n and the group's measures.
fn group_table(
    p: &ResultsPage,
    caption: &str,
    rows: &[(String, String, Option<&Group>)],
    kind: GroupKind,
) -> Markup {
    // (key, column label); the key says where the value comes from.
    let mut cols: Vec<(String, String)> = Vec::new();
    if p.satisfaction_like() {
        for d in &p.ins.dimensions {
            cols.push((d.id.clone(), d.title.th.clone()));
        }
        cols.push(("overall".into(), "ภาพรวม".into()));
    } else {
        for t in &p.ins.tools {
            cols.push((format!("tool:{}", t.id), t.title.th.clone()));
        }
        for i in &p.ins.indicators {
            cols.push((format!("indicator:{}", i.id), format!("ตัวชี้วัด {}", i.id)));
        }
    }
    let value = |g: &Group, key: &str| {
        if let Some(t) = key.strip_prefix("tool:") {
            g.tools.get(t).copied()
        } else if let Some(i) = key.strip_prefix("indicator:") {
            g.indicators.get(i).copied()
        } else if key == "overall" {
            g.percent
        } else {
            g.dimensions.get(key).copied()
        }
    };
    let target = p.report.satisfaction.as_ref().map(|s| s.target);
    let point_key = |k: &str| (kind == GroupKind::Point).then(|| k.to_string());
    let area_key = |k: &str| (kind == GroupKind::Area).then(|| k.to_string());
    html! {
        div.table-wrap tabindex="0" role="region" aria-label=(caption) {
            table {
                caption { (caption) }
                thead { tr {
                    th scope="col" { (if kind == GroupKind::Area { "ด้านการให้บริการ" } else { "จุดให้บริการ" }) }
                    th.num scope="col" { "ผู้ตอบ (คน)" }
                    @for (_, label) in &cols { th.num scope="col" { (label) } }
                } }
                tbody {
                    @for (key, label, g) in rows {
                        @match g {
                            Some(g) if g.suppressed => {
                                tr data-point=[point_key(key)] data-area=[area_key(key)] data-suppressed="true" {
                                    th scope="row" { (label) }
                                    td.sup colspan=(cols.len() + 1) { (p.suppressed_text()) }
                                }
                            }
                            Some(g) if g.n.unwrap_or(0) > 0 => {
                                tr data-point=[point_key(key)] data-area=[area_key(key)] data-n=(g.n.unwrap_or(0)) {
                                    th scope="row" { (label) }
                                    td.num { (F.int(g.n.unwrap_or(0))) }
                                    @for (col, _) in &cols {
                                        @let x = value(g, col);
                                        @let below = matches!((x, target), (Some(x), Some(t)) if x < t);
                                        td.num.bad[below] data-value=(full(x)) { (F.opt2(x)) @if below { " ▼" } }
                                    }
                                }
                            }
                            _ => {
                                tr data-point=[point_key(key)] data-area=[area_key(key)] data-n="0" {
                                    th scope="row" { (label) }
                                    td.num { "0" }
                                    td colspan=(cols.len()) { "ไม่มีผู้ตอบ" }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if target.is_some() {
            p.small { "▼ = ต่ำกว่าเป้าหมาย" }
        }
    }
}

pub(super) fn points(p: &ResultsPage) -> Markup {
    let bd = &p.report.breakdowns;
    let mut keys: Vec<(String, String)> = Vec::new();
    for u in &p.units {
        if p.scope.unit.as_ref().is_some_and(|f| *f != u.id) {
            continue;
        }
        for pt in &u.points {
            if p.scope.point.as_ref().is_some_and(|f| f != pt) {
                continue;
            }
            if !keys.iter().any(|(k, _)| k == pt) {
                keys.push((pt.clone(), format!("{} · {}", u.name, pt)));
            }
        }
    }
    for g in &bd.point {
        if !keys.iter().any(|(k, _)| *k == g.key) {
            keys.push((g.key.clone(), g.key.clone()));
        }
    }
    if keys.is_empty() {
        return html! {};
    }
    let rows: Vec<(String, String, Option<&Group>)> = keys
        .into_iter()
        .map(|(k, label)| {
            let g = bd.point.iter().find(|g| g.key == k);
            (k, label, g)
        })
        .collect();
    html! {
        section aria-labelledby="h-points" {
            h2 #h-points { "ผลรายจุดให้บริการ" }
            (group_table(p, "ผลจำแนกตามจุดให้บริการ", &rows, GroupKind::Point))
            p.small { "ผู้ตอบที่ไม่ได้ระบุจุดให้บริการ (เช่น ตอบจากเว็บไซต์) ไม่อยู่ในตารางนี้" }
        }
    }
}

pub(super) fn areas(p: &ResultsPage) -> Markup {
    let bd = &p.report.breakdowns;
    let mut rows: Vec<(String, String, Option<&Group>)> = blocks::areas(p.ins)
        .into_iter()
        .map(|(k, label)| {
            let g = bd.area.iter().find(|g| g.key == k);
            (k, label, g)
        })
        .collect();
    for g in &bd.area {
        if !rows.iter().any(|(k, _, _)| *k == g.key) {
            rows.push((g.key.clone(), blocks::area_label(p.ins, &g.key), Some(g)));
        }
    }
    if rows.is_empty() {
        return html! {};
    }
    html! {
        section aria-labelledby="h-areas" {
            h2 #h-areas { "ความพึงพอใจรายด้านการให้บริการ (ร้อยละ)" }
            (group_table(p, "ร้อยละความพึงพอใจจำแนกตามด้านการให้บริการและมิติ", &rows, GroupKind::Area))
        }
    }
}
