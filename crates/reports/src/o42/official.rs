//! The O42 made from last year's **official** ITA results (issue 12 point 4): all ten indicators
//! with the agency's own survey results beside them, the urgent defects (indicators below the
//! pass line, bribery answers in the agency's own IIT/EIT, the assessor's recommendations) apart
//! from the points to develop, the measures of the fiscal year they are for, and the signatories
//! from the settings.
use std::collections::BTreeMap;

use maud::{html, Markup};
use prongsai_core::official::OfficialResults;
use prongsai_core::report::Alerts;
use prongsai_core::{Date, Report};

use super::{BACKGROUND, TITLE, WRITE_YOURSELF};
use crate::blocks;
use crate::html::{document, table_wrap, PageKind};
use crate::measures::{Measure, MeasuresPlan, Signatory};
use crate::thai::Fmt;

/// The pass line of an indicator, judged on the value as printed with two decimals.
pub const PASS: f64 = 85.0;
const DECIMALS: u32 = 2;

/// The agency's own results of one perception tool (IIT or EIT) over the plan's fiscal year.
#[derive(Debug, Clone, Copy)]
pub struct OwnResults<'a> {
    /// "IIT" / "EIT".
    pub tool: &'a str,
    pub report: &'a Report,
}

/// Everything the document is made from.
#[derive(Debug, Clone)]
pub struct OfficialO42<'a> {
    pub agency: String,
    pub unit: Option<String>,
    /// The fiscal year (Buddhist era) the measures are for.
    pub fiscal_year: i32,
    pub official: &'a OfficialResults,
    /// Indicator id ("1" … "10") → Thai name.
    pub indicator_names: BTreeMap<String, String>,
    pub own: Vec<OwnResults<'a>>,
    pub plan: &'a MeasuresPlan,
    pub signatories: &'a [Signatory],
    /// The O-code and the edition whose numbering it is (from `edition::report_code_or_earlier`).
    pub code: Option<(String, String)>,
    pub generated: Date,
    pub thai_digits: bool,
}

/// One urgent defect or point to develop.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub what: String,
    pub why: String,
}

/// The urgent tier: indicators below [`PASS`] (weakest first), bribery answers, then the
/// assessor's recommendations.
pub fn urgent(doc: &OfficialO42) -> Vec<Point> {
    let f = Fmt::new(doc.thai_digits);
    let mut out: Vec<Point> = doc
        .official
        .below(PASS, DECIMALS)
        .into_iter()
        .map(|(id, score)| Point {
            what: format!("ตัวชี้วัดที่ {} {}", f.text(id), name(doc, id)),
            why: format!(
                "คะแนนจากผลการประเมินอย่างเป็นทางการ {} ต่ำกว่าเกณฑ์ผ่าน {}",
                f.num2(score),
                f.num2(PASS)
            ),
        })
        .collect();
    for own in &doc.own {
        if let Some(alerts) = &own.report.alerts {
            if let Some(p) = bribery(f, own, alerts) {
                out.push(p);
            }
        }
    }
    for r in &doc.official.recommendations {
        out.push(Point {
            what: format!("ข้อเสนอแนะของผู้ประเมิน ข้อ {}", r.code),
            why: r.text.clone(),
        });
    }
    out
}

/// Indicators at or above the pass line that still fall short of full marks, weakest first.
pub fn to_develop(doc: &OfficialO42) -> Vec<Point> {
    let f = Fmt::new(doc.thai_digits);
    let mut v: Vec<(&String, f64)> = doc
        .official
        .indicators
        .iter()
        .filter(|(_, s)| {
            prongsai_core::number::at_least(**s, PASS, DECIMALS)
                && !prongsai_core::number::at_least(**s, 100.0, DECIMALS)
        })
        .map(|(k, s)| (k, *s))
        .collect();
    v.sort_by(|a, b| a.1.total_cmp(&b.1));
    v.into_iter()
        .map(|(id, score)| Point {
            what: format!("ตัวชี้วัดที่ {} {}", f.text(id), name(doc, id)),
            why: format!("ผ่านเกณฑ์ ({}) แต่ยังพัฒนาให้ดีขึ้นได้", f.num2(score)),
        })
        .collect()
}

fn bribery(f: Fmt, own: &OwnResults, alerts: &Alerts) -> Option<Point> {
    if alerts.respondents == 0 {
        return None;
    }
    let items: Vec<String> = alerts
        .items
        .iter()
        .filter(|a| a.count > 0)
        .map(|a| match &a.part {
            Some(p) => format!("{} ({})", a.text.th, p.th),
            None => a.text.th.clone(),
        })
        .collect();
    // A count from fewer respondents than the smallest group shown could point at a person.
    let who = if blocks::too_few(own.report) {
        "มีผู้ตอบ".to_string()
    } else {
        format!("ผู้ตอบ {} คน", f.int(alerts.respondents))
    };
    Some(Point {
        what: format!(
            "การเรียกรับสินบนหรือประโยชน์อื่นใด (แบบวัด {} ของหน่วยงาน)",
            own.tool
        ),
        why: format!(
            "{who} ตอบว่า “มี” ในข้อ: {} — ต้องตรวจสอบและแก้ไขโดยเร่งด่วน",
            items.join("; ")
        ),
    })
}

fn name<'d>(doc: &'d OfficialO42, id: &str) -> &'d str {
    doc.indicator_names
        .get(id)
        .map(String::as_str)
        .unwrap_or("")
}

/// The agency's own score of indicator `id`, when one of its surveys measures it.
fn own_score(doc: &OfficialO42, id: &str) -> Option<f64> {
    doc.own
        .iter()
        .filter(|o| !blocks::too_few(o.report))
        .find_map(|o| o.report.indicators.get(id).and_then(|i| i.score))
}

/// IIT, EIT, OIT first (the order of the NACC's tables), then any other tool.
fn tools_in_order(official: &OfficialResults) -> Vec<(&String, &f64)> {
    let rank = |t: &str| {
        ["iit", "eit", "oit"]
            .iter()
            .position(|x| *x == t)
            .unwrap_or(3)
    };
    let mut v: Vec<(&String, &f64)> = official.tools.iter().collect();
    v.sort_by_key(|(t, _)| rank(t));
    v
}

fn indicator_order(doc: &OfficialO42) -> Vec<String> {
    let mut ids: Vec<String> = (1..=10).map(|i| i.to_string()).collect();
    for k in doc.official.indicators.keys() {
        if !ids.contains(k) {
            ids.push(k.clone());
        }
    }
    ids
}

/// The O42 document from official results, as a complete HTML page.
pub fn o42_official(doc: &OfficialO42) -> String {
    let f = Fmt::new(doc.thai_digits);
    let official = doc.official;
    let urgent = urgent(doc);
    let develop = to_develop(doc);
    let (urgent_measures, other_measures): (Vec<&Measure>, Vec<&Measure>) =
        doc.plan.measures.iter().partition(|m| m.urgent);
    let has_own = doc.own.iter().any(|o| !blocks::too_few(o.report));
    let body = html! {
        main.doc {
            p.center { span.draft { "ร่าง" } }
            @if let Some((edition, code)) = &doc.code {
                p.center.o-code { strong { (code) } " (ตามรายการข้อมูลการประเมิน ITA " (f.fiscal_year(edition.parse().unwrap_or(doc.fiscal_year))) ")" }
            }
            h1 { (TITLE) }
            p.subtitle {
                strong { (if doc.agency.trim().is_empty() { "(ชื่อหน่วยงาน)" } else { doc.agency.trim() }) }
                @if let Some(u) = doc.unit.as_deref().filter(|u| !u.trim().is_empty()) { " · " (u) }
            }
            p.meta {
                "มาตรการสำหรับ" (f.fiscal_year(doc.fiscal_year)) br;
                "จากผลการประเมินอย่างเป็นทางการ ประจำปีงบประมาณ พ.ศ. " (f.text(&official.fiscal_year))
            }
            h2 { "1. ความเป็นมา" }
            p { (BACKGROUND) }
            h2 { "2. ผลการประเมินคุณธรรมและความโปร่งใส ปีงบประมาณ พ.ศ. " (f.text(&official.fiscal_year)) }
            p {
                "คะแนนจากผลการประเมินอย่างเป็นทางการของสำนักงาน ป.ป.ช. ที่หน่วยงานบันทึกไว้"
                @if let Some(o) = official.overall { " คะแนนรวม " strong { (f.num2(o)) } }
                @if let Some(g) = &official.grade { " ระดับ " strong { (g) } }
            }
            @if !official.tools.is_empty() {
                (table_wrap(html! {
                    table.tools {
                        thead { tr { th { "เครื่องมือ" } th.num { "คะแนน" } } }
                        tbody {
                            @for (tool, score) in tools_in_order(official) {
                                tr { td { (tool.to_uppercase()) } td.num { (f.num2(*score)) } }
                            }
                        }
                    }
                }))
            }
            (table_wrap(html! {
                table.indicators {
                    thead { tr {
                        th { "ตัวชี้วัด" }
                        th.num { "ผลอย่างเป็นทางการ" }
                        @if has_own { th.num { "ผลสำรวจของหน่วยงานเอง" small { (f.fiscal_year(doc.fiscal_year)) } } }
                        th { "เทียบเกณฑ์ " (f.num2(PASS)) }
                    } }
                    tbody {
                        @for id in indicator_order(doc) {
                            @let score = official.indicators.get(&id).copied();
                            tr {
                                td { (f.text(&id)) ". " (name(doc, &id)) }
                                td.num { (f.opt2(score)) }
                                @if has_own { td.num { (f.opt2(own_score(doc, &id))) } }
                                @match score {
                                    Some(s) if !prongsai_core::number::at_least(s, PASS, DECIMALS) => {
                                        td.bad { "ต่ำกว่าเกณฑ์ — แก้ไขเร่งด่วน" }
                                    }
                                    Some(_) => { td.good { "ผ่านเกณฑ์" } }
                                    None => { td.c { "ไม่มีข้อมูล" } }
                                }
                            }
                        }
                    }
                }
            }))
            @if has_own {
                p { small { "ผลสำรวจของหน่วยงานเองคำนวณจากแบบวัดที่หน่วยงานเก็บด้วย prongsai ไม่ใช่ผลของสำนักงาน ป.ป.ช." } }
            }
            h2 { "3. ผลการวิเคราะห์" }
            h3 { "3.1 ประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน" }
            (points(&urgent, "ไม่พบตัวชี้วัดที่ต่ำกว่าเกณฑ์ คำตอบเรื่องการเรียกรับสินบน หรือข้อเสนอแนะของผู้ประเมิน"))
            h3 { "3.2 ประเด็นที่ต้องพัฒนาให้ดีขึ้น" }
            (points(&develop, "ไม่มี"))
            div.write-yourself {
                h4 { "บทวิเคราะห์ของหน่วยงาน" }
                p.instruct { (WRITE_YOURSELF) }
                @for _ in 0..4 { div.line {} }
            }
            h2 { "4. มาตรการส่งเสริมคุณธรรมและความโปร่งใส " (f.fiscal_year(doc.fiscal_year)) }
            @if doc.plan.measures.is_empty() {
                p.notice { strong { "ยังไม่ได้กำหนดมาตรการ" } " — กำหนดมาตรการ ผู้รับผิดชอบ ขั้นตอน กำหนดเวลาแล้วเสร็จ การกำกับติดตามและการรายงานผล ก่อนเผยแพร่" }
            } @else {
                h3 { "4.1 มาตรการแก้ไขข้อบกพร่องโดยเร่งด่วน" }
                (measures_table(&urgent_measures))
                h3 { "4.2 มาตรการพัฒนาให้ดีขึ้น" }
                (measures_table(&other_measures))
            }
            div.closing {
                (signatures(doc.signatories))
                (blocks::footer(f, doc.generated, "ร่างเพื่อให้หน่วยงานตรวจแก้ คะแนนในข้อ 2 มาจากผลอย่างเป็นทางการที่หน่วยงานบันทึกเข้าระบบ"))
            }
        }
    };
    let title = format!("{TITLE} {}", f.fiscal_year(doc.fiscal_year));
    document(&title, PageKind::Report, body)
}

fn points(list: &[Point], none: &str) -> Markup {
    html! {
        @if list.is_empty() {
            p { (none) }
        } @else {
            ol.points {
                @for p in list { li { strong { (p.what) } " — " (p.why) } }
            }
        }
    }
}

/// The measures as the seeds tabulate them.
pub fn measures_table(list: &[&Measure]) -> Markup {
    html! {
        @if list.is_empty() {
            p { "ไม่มี" }
        } @else {
            (table_wrap(html! {
                table.measures {
                    thead { tr {
                        th { "ที่" } th { "มาตรการ / ประเด็น" } th { "ขั้นตอน / วิธีการปฏิบัติ" }
                        th { "ผู้รับผิดชอบ" } th { "กำหนดเวลาแล้วเสร็จ" }
                        th { "การกำกับติดตาม" } th { "การรายงานผล" }
                    } }
                    tbody {
                        @for (i, m) in list.iter().enumerate() {
                            tr {
                                td.c { (i + 1) }
                                td { strong { (m.title) } @if !m.issue.is_empty() { small { (m.issue) } } }
                                td.pre { (m.steps) }
                                td { (m.owner) }
                                td { (m.deadline) }
                                td.pre { (m.monitoring) }
                                td.pre { (m.reporting) }
                            }
                        }
                    }
                }
            }))
        }
    }
}

/// Signature blocks with the names and positions from the settings, in their order (author →
/// head of สำนักปลัด → ปลัด → นายก); blank lines when none are configured.
pub fn signatures(list: &[Signatory]) -> Markup {
    if list.is_empty() {
        return blocks::signatures(&["ผู้จัดทำรายงาน", "ผู้เสนอ", "ผู้เห็นชอบ", "ผู้อนุมัติ"]);
    }
    html! {
        div.signatures {
            @for s in list {
                div.signature {
                    "ลงชื่อ .............................................." br;
                    "(" (s.name) ")" br;
                    (s.position) br;
                    @if !s.role.is_empty() { (s.role) br; }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use prongsai_core::official;

    fn results() -> OfficialResults {
        official::from_json(official::JSON_TEMPLATE).expect("template")
    }

    fn doc<'a>(
        o: &'a OfficialResults,
        plan: &'a MeasuresPlan,
        s: &'a [Signatory],
    ) -> OfficialO42<'a> {
        OfficialO42 {
            agency: "เทศบาลตำบลทดสอบ".into(),
            unit: None,
            fiscal_year: 2568,
            official: o,
            indicator_names: BTreeMap::from([("10".to_string(), "การป้องกันการทุจริต".to_string())]),
            own: Vec::new(),
            plan,
            signatories: s,
            code: Some(("2566".into(), "O42".into())),
            generated: Date {
                year: 2025,
                month: 1,
                day: 15,
            },
            thai_digits: false,
        }
    }

    #[test]
    fn every_indicator_below_85_and_every_recommendation_is_urgent() {
        let o = results();
        let plan = MeasuresPlan::default();
        let d = doc(&o, &plan, &[]);
        let u = urgent(&d);
        // The template: indicator 1 is 86.07, the nine others are below 85; three recommendations.
        assert_eq!(u.len(), 9 + 3);
        assert!(
            u[0].what.contains("ตัวชี้วัดที่ 10 การป้องกันการทุจริต"),
            "{:?}",
            u[0]
        );
        assert!(u.iter().any(|p| p.what.contains("I25")));
        let dev = to_develop(&d);
        assert_eq!(dev.len(), 1);
        assert!(dev[0].what.contains("ตัวชี้วัดที่ 1"));
        let html = o42_official(&d);
        assert_eq!(html.matches("ต่ำกว่าเกณฑ์ — แก้ไขเร่งด่วน").count(), 9);
        assert!(html.contains("O42"));
        assert!(html.contains("37.50"));
        assert!(html.contains("ยังไม่ได้กำหนดมาตรการ"));
    }

    #[test]
    fn measures_are_split_by_tier_and_signatories_printed_in_order() {
        let o = results();
        let plan = MeasuresPlan {
            measures: vec![
                Measure {
                    id: "m1".into(),
                    title: "เผยแพร่แผนป้องกันการทุจริต <ปี 2568>".into(),
                    deadline: "31 มีนาคม 2568".into(),
                    urgent: true,
                    ..Measure::default()
                },
                Measure {
                    id: "m2".into(),
                    title: "อบรมบุคลากร".into(),
                    ..Measure::default()
                },
            ],
        };
        let s = vec![
            Signatory {
                role: "ผู้จัดทำ".into(),
                name: "นางสาวก".into(),
                position: "นักวิเคราะห์".into(),
            },
            Signatory {
                role: "ผู้อนุมัติ".into(),
                name: "นายข".into(),
                position: "นายกเทศมนตรี".into(),
            },
        ];
        let html = o42_official(&doc(&o, &plan, &s));
        let urgent_at = html.find("4.1 มาตรการ").expect("urgent measures");
        let develop_at = html.find("4.2 มาตรการ").expect("develop measures");
        let m1 = html
            .find("เผยแพร่แผนป้องกันการทุจริต &lt;ปี 2568&gt;")
            .expect("escaped title");
        let m2 = html.find("อบรมบุคลากร").expect("m2");
        assert!(urgent_at < m1 && m1 < develop_at && develop_at < m2);
        assert!(html.contains("31 มีนาคม 2568"));
        let a = html.find("(นางสาวก)").expect("author");
        let b = html.find("(นายข)").expect("mayor");
        assert!(a < b);
    }
}
