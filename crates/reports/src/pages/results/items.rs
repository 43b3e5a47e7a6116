//! The answers to every item on the results page: per section a table with the distribution of
//! answers, n, mean and S.D.; respondent-profile tables (small counts suppressed); and how many
//! text answers each open question received.
use std::collections::BTreeMap;

use maud::{html, Markup};
use prongsai_core::report::ItemStats;
use prongsai_core::{Item, Scale, ScaleKind};

use super::{full, ResultsPage, F};
use crate::blocks;
use crate::html::chart::{distribution_bar, neutral, palette, Segment};
use crate::pages::query;

fn colors(scale: &Scale) -> Vec<&'static str> {
    if scale.kind == ScaleKind::Ordinal {
        palette(scale.options.len())
    } else {
        neutral(scale.options.len())
    }
}

/// The distribution bar of an item's (or part's) answer counts, in scale order.
fn distribution(scale: &Scale, counts: &BTreeMap<String, u64>) -> Markup {
    let segs: Vec<Segment> = scale
        .options
        .iter()
        .zip(colors(scale))
        .map(|(o, color)| Segment {
            label: o.label.th.clone(),
            count: counts.get(&o.value.key()).copied().unwrap_or(0),
            color,
        })
        .collect();
    distribution_bar(&segs, F)
}

fn legend(scale: &Scale) -> Markup {
    html! {
        ul.legend aria-label="คำอธิบายสี" {
            @for (o, c) in scale.options.iter().zip(colors(scale)) {
                li { span style={ "background:" (c) } {} (o.label.th) }
            }
        }
    }
}

/// One row: code, text with the distribution, n (and "not applicable"), mean and S.D.
struct Row<'a> {
    code: &'a str,
    text: &'a str,
    n: u64,
    na: u64,
    score: Option<f64>,
    sd: Option<f64>,
}

fn stats_cells(r: &Row) -> Markup {
    html! {
        td.num { (F.opt2(r.score)) }
        td.num { (F.opt2(r.sd)) }
    }
}

fn n_cell(r: &Row) -> Markup {
    html! {
        td.num {
            (F.int(r.n))
            @if r.na > 0 { br; span.small { "ไม่เกี่ยวข้อง " (F.int(r.na)) } }
        }
    }
}

fn item_rows(item: &Item, st: &ItemStats, scale: &Scale) -> Markup {
    let whole = Row {
        code: &item.code,
        text: &item.text.th,
        n: st.n,
        na: st.na,
        score: st.score,
        sd: st.sd,
    };
    html! {
        @if st.parts.is_empty() {
            tr data-item=(whole.code) data-n=(whole.n) data-mean=(full(whole.score)) data-sd=(full(whole.sd)) {
                th scope="row" { (whole.code) }
                td { (whole.text) (distribution(scale, &st.counts)) }
                (n_cell(&whole))
                (stats_cells(&whole))
            }
        } @else {
            tr.total data-item=(whole.code) data-n=(whole.n) data-mean=(full(whole.score)) data-sd=(full(whole.sd)) {
                th scope="row" { (whole.code) }
                td { (whole.text) }
                td.num { (F.int(whole.n)) }
                (stats_cells(&whole))
            }
            @for (code, part) in &st.parts {
                @let row = Row { code, text: &part.text.th, n: part.n, na: part.na, score: part.score, sd: part.sd };
                tr data-part=(row.code) data-n=(row.n) data-mean=(full(row.score)) data-sd=(full(row.sd)) {
                    th scope="row" { (row.code) }
                    td { (row.text) (distribution(scale, &part.counts)) }
                    (n_cell(&row))
                    (stats_cells(&row))
                }
            }
        }
    }
}

fn profile_table(item: &Item, st: &ItemStats, n: u64, min: u64, scale: &Scale) -> Markup {
    html! {
        div.table-wrap tabindex="0" role="region" aria-label=(item.text.th) {
            table data-profile=(item.code) {
                caption { (item.text.th) }
                thead { tr { th scope="col" { "คำตอบ" } th.num scope="col" { "คน" } th.num scope="col" { "ร้อยละ" } } }
                tbody {
                    @for o in &scale.options {
                        @let c = st.counts.get(&o.value.key()).copied().unwrap_or(0);
                        tr {
                            th scope="row" { (o.label.th) }
                            @if c > 0 && c < min {
                                td.sup colspan="2" { (blocks::suppressed(F, min)) }
                            } @else {
                                td.num { (F.int(c)) }
                                td.num { (if n > 0 { F.num2(c as f64 / n as f64 * 100.0) } else { "–".into() }) }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub(super) fn items(p: &ResultsPage) -> Markup {
    let ins = p.ins;
    let r = p.report;
    let min = p.min_group();
    let mean_label = if p.satisfaction_like() {
        "ค่าเฉลี่ย"
    } else {
        "คะแนน (0–100)"
    };
    let mut profiles: Vec<Markup> = Vec::new();
    // (code, item text, answers received) of every text answer.
    let mut texts: Vec<(&str, &str, u64)> = Vec::new();
    let mut sections: Vec<(&str, Vec<Markup>, Vec<Markup>)> = Vec::new();
    for section in &ins.sections {
        let mut rows = Vec::new();
        let mut legends: Vec<Markup> = Vec::new();
        for item in &section.items {
            let Some(scale) = ins.scale(&item.scale) else {
                continue;
            };
            match scale.kind {
                ScaleKind::Text => {
                    for code in ins.answer_codes(item) {
                        let got = r.text_answers.get(code).copied().unwrap_or(0);
                        texts.push((code, &item.text.th, got));
                    }
                    continue;
                }
                ScaleKind::Number => continue,
                _ => {}
            }
            let Some(st) = r.items.get(&item.code) else {
                continue;
            };
            if item.role.is_some() {
                profiles.push(profile_table(item, st, r.n, min, scale));
                continue;
            }
            let l = legend(scale);
            if !legends.iter().any(|x| x.0 == l.0) {
                legends.push(l);
            }
            rows.push(item_rows(item, st, scale));
        }
        if !rows.is_empty() {
            sections.push((&section.title.th, legends, rows));
        }
    }
    html! {
        section aria-labelledby="h-items" {
            h2 #h-items { "คำตอบรายข้อ" }
            @for (title, legends, rows) in &sections {
                h3 { (title) }
                @for l in legends { (l) }
                div.table-wrap tabindex="0" role="region" aria-label={ "คำตอบรายข้อ: " (title) } {
                    table.items {
                        caption { "คำถาม การกระจายคำตอบ จำนวนผู้ตอบ ค่าเฉลี่ย และส่วนเบี่ยงเบนมาตรฐาน" }
                        thead { tr {
                            th scope="col" { "ข้อ" }
                            th scope="col" { "คำถามและการกระจายคำตอบ" }
                            th.num scope="col" { "n" }
                            th.num scope="col" { (mean_label) }
                            th.num scope="col" { "S.D." }
                        } }
                        tbody { @for row in rows { (row) } }
                    }
                }
            }
            @if !profiles.is_empty() {
                h3 { "ข้อมูลทั่วไปของผู้ตอบ" }
                p.small { "จำนวน 1–" (F.int(min.saturating_sub(1))) " คน ไม่แสดงผล" }
                @for t in &profiles { (t) }
            }
            @if !texts.is_empty() {
                h3 { "ความคิดเห็นและข้อเสนอแนะ" }
                ul {
                    @for (code, text, got) in &texts {
                        li data-text=(code) { (text) " (" (code) "): " (F.int(*got)) " รายการ" }
                    }
                }
                p {
                    a href={ "/admin/comments" (query(&[("instrument", Some(ins.id.as_str()))])) } { "อ่านและตรวจสอบความคิดเห็น" }
                    " (เผยแพร่เฉพาะที่อนุมัติแล้ว)"
                }
            }
        }
    }
}
