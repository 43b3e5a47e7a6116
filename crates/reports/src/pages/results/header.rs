//! The top of the results page: the filter form with quick periods, the report and export
//! links, and the summary figures (respondents, sample, tool scores, satisfaction, grade).
use maud::{html, Markup};
use prongsai_core::{grade, Date};

use super::{full, ResultsPage, F};
use crate::blocks;
use crate::pages::query;
use crate::url::encode;

/// The filter as query pairs, for links that keep it.
fn filter_query(p: &ResultsPage, extra: &[(&str, Option<&str>)]) -> String {
    let mut pairs: Vec<(&str, Option<&str>)> = vec![
        ("edition", Some(p.ins.edition.as_str())),
        ("unit", p.scope.unit.as_deref()),
        ("point", p.scope.point.as_deref()),
        ("from", p.scope.from.as_deref()),
        ("to", p.scope.to.as_deref()),
    ];
    pairs.extend_from_slice(extra);
    query(&pairs)
}

/// "1/10/2568": the day/month/Buddhist-era year the server parses back (empty when unset).
fn be_date(d: Option<Date>) -> String {
    d.map(|d| format!("{}/{}/{}", d.day, d.month, d.year + 543))
        .unwrap_or_default()
}

pub(super) fn filters(p: &ResultsPage) -> Markup {
    let ins = p.ins;
    let scope = &p.scope;
    let from = scope.from.as_deref().and_then(Date::parse);
    let to = scope.to.as_deref().and_then(Date::parse);
    // Each point once, labelled with the first unit that has it.
    let mut points: Vec<(&str, &str)> = Vec::new();
    for u in &p.units {
        for pt in &u.points {
            if !points.iter().any(|(k, _)| *k == pt.as_str()) {
                points.push((pt.as_str(), u.name.as_str()));
            }
        }
    }
    let unit_name = scope
        .unit
        .as_ref()
        .and_then(|id| p.units.iter().find(|u| u.id == *id))
        .map_or("ทุกหน่วยงาน", |u| u.name.as_str());
    html! {
        section.card aria-labelledby="h-filter" {
            h2 #h-filter { "ช่วงเวลาและขอบเขตของผล" }
            form.filters method="get" action={ "/admin/results/" (encode(&ins.id)) } {
                @if p.editions.len() > 1 {
                    div {
                        label for="f-edition" { "ฉบับ (ปีงบประมาณของแบบสำรวจ)" }
                        select #f-edition name="edition" {
                            @for e in p.editions.iter().rev() {
                                option value=(e) selected[*e == ins.edition] { (e) }
                            }
                        }
                    }
                } @else {
                    input type="hidden" name="edition" value=(ins.edition);
                }
                div {
                    label for="f-unit" { "หน่วยงาน" }
                    select #f-unit name="unit" {
                        option value="" { "ทุกหน่วยงาน" }
                        @for u in &p.units {
                            option value=(u.id) selected[scope.unit.as_deref() == Some(u.id.as_str())] { (u.name) }
                        }
                    }
                }
                div {
                    label for="f-point" { "จุดให้บริการ" }
                    select #f-point name="point" {
                        option value="" { "ทุกจุด" }
                        @for (pt, unit) in &points {
                            option value=(pt) selected[scope.point.as_deref() == Some(*pt)] { (unit) " · " (pt) }
                        }
                    }
                }
                // Buddhist-era dates as officers write them (d/m/yyyy), never mm/dd/yyyy.
                div {
                    label for="f-from" { "ตั้งแต่วันที่ (วัน/เดือน/ปี พ.ศ.)" }
                    input type="text" #f-from name="from" inputmode="numeric" placeholder="1/10/2568"
                        pattern="[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}" value=(be_date(from));
                }
                div {
                    label for="f-to" { "ถึงวันที่ (วัน/เดือน/ปี พ.ศ.)" }
                    input type="text" #f-to name="to" inputmode="numeric" placeholder="30/9/2569"
                        pattern="[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}" value=(be_date(to));
                }
                div { button type="submit" { "แสดงผล" } }
            }
            p.small { "เลือกช่วงเวลาด่วน:" }
            ul.periods {
                @for qp in &p.quick_periods {
                    @let fs = qp.from.map(|d| d.to_string());
                    @let ts = qp.to.map(|d| d.to_string());
                    @let href = format!("/admin/results/{}{}", encode(&ins.id), query(&[
                        ("edition", Some(ins.edition.as_str())),
                        ("unit", scope.unit.as_deref()),
                        ("point", scope.point.as_deref()),
                        ("from", fs.as_deref()),
                        ("to", ts.as_deref()),
                    ]));
                    li { a href=(href) aria-current=[(qp.from == from && qp.to == to).then_some("true")] { (qp.label) } }
                }
            }
            p data-period={ (scope.from.as_deref().unwrap_or("")) ".." (scope.to.as_deref().unwrap_or("")) } {
                strong { "แสดงผล:" } " " (p.range_label) " · " (unit_name) " · "
                (scope.point.as_deref().unwrap_or("ทุกจุดให้บริการ"))
            }
        }
    }
}

pub(super) fn downloads(p: &ResultsPage) -> Markup {
    let id = encode(&p.ins.id);
    let fq = filter_query(p, &[]);
    let fq_view = filter_query(p, &[("view", Some("1"))]);
    let all_o42 = query(&[
        ("unit", p.scope.unit.as_deref()),
        ("from", p.scope.from.as_deref()),
        ("to", p.scope.to.as_deref()),
        ("view", Some("1")),
    ]);
    html! {
        section.card.noprint aria-labelledby="h-dl" {
            h2 #h-dl { "รายงานและการส่งออกข้อมูล" }
            ul.links {
                @if p.satisfaction_like() {
                    li {
                        "รายงานผลการสำรวจความพึงพอใจ (O16): "
                        a href={ "/admin/reports/o16/" (id) (fq_view) } { "เปิดเพื่อพิมพ์" } " · "
                        a href={ "/admin/reports/o16/" (id) (fq) } { "ดาวน์โหลด HTML" }
                    }
                }
                @if p.ita() {
                    li {
                        "ร่างรายงานการวิเคราะห์ผล (O42): "
                        a href={ "/admin/reports/o42/" (id) (fq_view) } { "เปิดเพื่อพิมพ์" } " · "
                        a href={ "/admin/reports/o42/" (id) (fq) } { "ดาวน์โหลด HTML" }
                    }
                    @if p.combined_o42 {
                        li {
                            "ร่าง O42 รวมทุกแบบวัด (IIT และ EIT): "
                            a href={ "/admin/reports/o42-all" (all_o42) } { "เปิดเพื่อพิมพ์" }
                        }
                    }
                }
                li {
                    "หน้าสรุปผลสำหรับเผยแพร่: "
                    a href={ "/admin/reports/summary/" (id) (fq_view) } { "ตัวอย่าง" }
                    @if p.public_summary {
                        " · " a href={ "/public/" (id) } { "หน้าสาธารณะ (ไม่ต้องเข้าสู่ระบบ)" }
                    } @else {
                        " " span.muted.small { "(ยังไม่เปิดหน้าสาธารณะ: เพิ่มใน public_summaries ของไฟล์ตั้งค่า)" }
                    }
                }
                li {
                    "ผลรวม: "
                    a href={ "/admin/export/" (id) "/results.json" (fq) } { "JSON" } " · "
                    a href={ "/admin/export/" (id) "/items.csv" (fq) } { "CSV สถิติรายข้อ" }
                }
                li {
                    "คำตอบรายคน (ไม่ระบุตัวตน): "
                    a href={ "/admin/export/" (id) "/responses.csv" (fq) } { "CSV" } " · "
                    a href={ "/admin/export/" (id) "/responses.jsonl" (fq) } { "JSON Lines" }
                }
                li {
                    a href={ "/admin/comments" (query(&[("instrument", Some(p.ins.id.as_str())), ("status", Some("pending"))])) } { "ตรวจสอบความคิดเห็น" }
                    " (รอตรวจสอบ " (F.int(p.pending_comments)) " รายการ)"
                }
            }
        }
    }
}

pub(super) fn summary(p: &ResultsPage) -> Markup {
    let r = p.report;
    let hidden = blocks::too_few(r);
    let n_hidden = hidden && r.n > 0;
    let n_text = if n_hidden {
        format!("น้อยกว่า {}", F.int(p.min_group()))
    } else {
        F.int(r.n)
    };
    html! {
        section aria-labelledby="h-sum" {
            h2 #h-sum { "สรุป" }
            div.stats {
                div.stat {
                    span.v data-n=[(!n_hidden).then_some(r.n)] { (n_text) " คน" }
                    span.l { "ผู้ตอบแบบสำรวจ" }
                }
                @if let Some(min) = r.sample_min {
                    (sample(p, u64::from(min), hidden))
                }
                @if !hidden {
                    @for tool in &p.ins.tools {
                        @if let Some(t) = r.tools.get(&tool.id) {
                            div.stat {
                                span.v data-tool-score=(full(t.score)) { (F.opt2(t.score)) }
                                span.l { "คะแนน " (t.title.th) " (เต็ม 100)" }
                                @if let Some(passes) = t.passes {
                                    // The score against the pass line; no grade word for one tool.
                                    span.l data-passes=(passes) {
                                        "เกณฑ์ผ่าน " (F.num_short(r.pass_line)) ": "
                                        strong { (if passes { "ผ่าน" } else { "ยังไม่ผ่าน" }) }
                                    }
                                }
                            }
                        }
                    }
                    @if let Some(sat) = &r.satisfaction {
                        div.stat {
                            span.v data-percent=(full(sat.percent)) {
                                (sat.percent.map_or_else(|| "–".into(), |x| format!("{}%", F.num2(x))))
                            }
                            span.l {
                                "ความพึงพอใจโดยรวม"
                                @if let Some(b) = &sat.band { " (ระดับ" (b.th) ")" }
                                " · เป้าหมายร้อยละ " (F.num_short(sat.target)) ": "
                                (match sat.meets_target { Some(true) => "บรรลุ", Some(false) => "ไม่บรรลุ", None => "–" })
                            }
                        }
                        @if let Some(share) = sat.respondents_satisfied_share {
                            div.stat {
                                span.v data-respondents-satisfied=(full(Some(share))) { (F.num2(share)) "%" }
                                span.l {
                                    (blocks::satisfied_respondents_label(sat.satisfied_from))
                                    " (" (F.int(sat.respondents_satisfied)) " จาก " (F.int(sat.respondents_rated))
                                    " คน ที่ค่าเฉลี่ยของตนเองตั้งแต่ " (sat.satisfied_from) " ขึ้นไป)"
                                }
                            }
                        }
                    }
                }
            }
            @if !hidden {
                (grade_block(p))
            }
        }
    }
}

fn sample(p: &ResultsPage, min: u64, hidden: bool) -> Markup {
    let n = p.report.n;
    let label = if hidden {
        format!("จำนวนขั้นต่ำที่แนะนำ {} คน", F.int(min))
    } else if n >= min {
        format!("ขั้นต่ำที่แนะนำ {} คน: ครบแล้ว", F.int(min))
    } else {
        format!(
            "ขั้นต่ำที่แนะนำ {} คน: ยังขาดอีก {} คน",
            F.int(min),
            F.int(min - n)
        )
    };
    let shown = if hidden { 0 } else { n.min(min) };
    let note = p.ins.sample.as_ref().and_then(|s| s.note.as_ref());
    html! {
        div.stat {
            span.l #sample-l { (label) }
            meter min="0" max=(min) value=(shown) aria-labelledby="sample-l" data-sample-min=(min) {}
            @if let Some(note) = note { span.l.small { (note.th) } }
        }
    }
}

fn grade_block(p: &ResultsPage) -> Markup {
    let Some(g) = &p.report.grade else {
        return html! {
            @if p.ins.kind.is_ita() {
                p.small.muted {
                    "ระดับผลรวม ITA ใช้ได้เมื่อมีคะแนนครบทุกเครื่องมือ (IIT, EIT และ OIT) "
                    "ผลของเครื่องมือเดียวจึงแสดงเป็นคะแนนเทียบเกณฑ์ผ่านเท่านั้น"
                }
            }
        };
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
    let source = grade::builtin_scheme(&g.scheme).and_then(|s| s.source.as_ref());
    html! {
        div.card data-grade=(g.label.th) {
            p { strong { "ระดับผล (เทียบเกณฑ์): " (g.label.th) } " · " (basis) " " (F.num2(g.score)) " · " (scheme) }
            p { strong { "ไม่ใช่ผลการประเมินอย่างเป็นทางการของ ป.ป.ช." } }
            @if g.unverified {
                p.small { "เกณฑ์ระดับผลนี้ยังไม่ได้ตรวจสอบกับประกาศของสำนักงาน ป.ป.ช. ประจำปี (unverified) ใช้เพื่อประกอบการพิจารณาเท่านั้น" }
                @if let Some(src) = source { p.small.muted { "ที่มา: " (src.th) } }
            }
            @if let Some(u) = &p.ins.unverified {
                details { summary { "หมายเหตุเกี่ยวกับข้อคำถาม" } p.small { (u.th) } }
            }
        }
    }
}
