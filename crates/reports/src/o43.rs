//! O43: รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน — the progress
//! of the O42 measures at 6 or 12 months of the fiscal year, with the seed tables' columns:
//! measure / result / outcome / responsible / period / status / evidence (seed 000:109–134,
//! seed 001:97–171).
use maud::{html, Markup};
use prongsai_core::Date;

use crate::blocks;
use crate::html::{document, table_wrap, PageKind};
use crate::measures::{MeasureProgress, MeasuresPlan, Progress, Signatory, Status};
use crate::o42::official::signatures;
use crate::thai::Fmt;

pub const TITLE: &str = "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน";

/// The two reporting rounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Round {
    /// 1 October – 31 March.
    SixMonths,
    /// The whole fiscal year.
    TwelveMonths,
}

impl Round {
    pub fn from_months(months: &str) -> Option<Round> {
        match months.trim() {
            "6" => Some(Round::SixMonths),
            "12" => Some(Round::TwelveMonths),
            _ => None,
        }
    }

    pub fn months(self) -> u32 {
        match self {
            Round::SixMonths => 6,
            Round::TwelveMonths => 12,
        }
    }

    /// "รอบ 6 เดือน (1 ตุลาคม 2567 – 31 มีนาคม 2568)".
    pub fn label(self, f: Fmt, fiscal_year: i32) -> String {
        let ce = fiscal_year - 543;
        let from = Date {
            year: ce - 1,
            month: 10,
            day: 1,
        };
        let to = match self {
            Round::SixMonths => Date {
                year: ce,
                month: 3,
                day: 31,
            },
            Round::TwelveMonths => Date {
                year: ce,
                month: 9,
                day: 30,
            },
        };
        format!(
            "รอบ {} เดือน ({} – {})",
            f.int(self.months().into()),
            f.date_long(from),
            f.date_long(to)
        )
    }
}

#[derive(Debug, Clone)]
pub struct O43Options<'a> {
    pub agency: String,
    pub unit: Option<String>,
    pub fiscal_year: i32,
    pub round: Round,
    pub plan: &'a MeasuresPlan,
    pub progress: &'a Progress,
    pub signatories: &'a [Signatory],
    /// The O-code and the edition whose numbering it is.
    pub code: Option<(String, String)>,
    pub generated: Date,
    pub thai_digits: bool,
}

/// The O43 report as a complete HTML page.
pub fn o43(o: &O43Options) -> String {
    let f = Fmt::new(o.thai_digits);
    let rows: Vec<(usize, &crate::measures::Measure, MeasureProgress)> = o
        .plan
        .measures
        .iter()
        .enumerate()
        .map(|(i, m)| (i + 1, m, o.progress.of(&m.id)))
        .collect();
    let count = |s: Status| rows.iter().filter(|(_, _, p)| p.status == s).count() as u64;
    let body = html! {
        main.doc.landscape {
            @if let Some((edition, code)) = &o.code {
                p.center.o-code { strong { (code) } " (ตามรายการข้อมูลการประเมิน ITA " (f.fiscal_year(edition.parse().unwrap_or(o.fiscal_year))) ")" }
            }
            h1 { (TITLE) }
            p.subtitle {
                strong { (if o.agency.trim().is_empty() { "(ชื่อหน่วยงาน)" } else { o.agency.trim() }) }
                @if let Some(u) = o.unit.as_deref().filter(|u| !u.trim().is_empty()) { " · " (u) }
            }
            p.meta { (f.fiscal_year(o.fiscal_year)) br; (o.round.label(f, o.fiscal_year)) }
            @if rows.is_empty() {
                p.notice { strong { "ยังไม่มีมาตรการ" } " — กำหนดมาตรการของปีงบประมาณนี้ (O42) ก่อนรายงานผล" }
            } @else {
                div.summary-box {
                    p { "มาตรการทั้งหมด " strong { (f.int(rows.len() as u64)) } " มาตรการ" }
                    @for s in Status::ALL {
                        p { (s.label()) " " strong { (f.int(count(s))) } " มาตรการ" }
                    }
                }
                (table_wrap(html! {
                    table.progress {
                        // Fixed widths (the stylesheet's `table.progress col`): with automatic
                        // layout the evidence links took the room and the measure's title
                        // wrapped every two or three letters.
                        colgroup { @for _ in 0..8 { col; } }
                        thead { tr {
                            th { "ที่" } th { "มาตรการ" } th { "ผลการดำเนินการ" } th { "ผลลัพธ์" }
                            th { "ผู้รับผิดชอบ" } th { "ระยะเวลาดำเนินการ" } th { "สถานะ" } th { "หลักฐาน" }
                        } }
                        tbody {
                            @for (i, m, p) in &rows {
                                tr {
                                    td.c { (f.int(*i as u64)) }
                                    td { strong { (m.title) } @if m.urgent { small { "แก้ไขเร่งด่วน" } } }
                                    td.pre { (p.result) }
                                    td.pre { (p.outcome) }
                                    td { (if p.responsible.trim().is_empty() { &m.owner } else { &p.responsible }) }
                                    td { (period(p, &m.deadline)) }
                                    td class=(format!("status {}", p.status.key())) { (p.status.label()) }
                                    td.evidence {
                                        @for link in &p.evidence {
                                            a href=(link) { (link) } br;
                                        }
                                    }
                                }
                            }
                        }
                    }
                }))
            }
            div.closing {
                (signatures(o.signatories))
                (blocks::footer(f, o.generated, "รายงานจากข้อมูลที่หน่วยงานบันทึกในระบบ"))
            }
        }
    };
    let title = format!(
        "{TITLE} {} {}",
        f.fiscal_year(o.fiscal_year),
        o.round.label(f, o.fiscal_year)
    );
    document(&title, PageKind::Report, body)
}

fn period(p: &MeasureProgress, deadline: &str) -> Markup {
    html! {
        @match (p.started.trim(), p.finished.trim()) {
            ("", "") => {
                @if !deadline.trim().is_empty() { "กำหนดแล้วเสร็จ " (deadline) }
            }
            (s, "") => { "เริ่ม " (s) }
            ("", e) => { "ถึง " (e) }
            (s, e) => { (s) " – " (e) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measures::Measure;

    fn plan() -> MeasuresPlan {
        MeasuresPlan {
            measures: ["ประกาศเจตจำนงสุจริต", "อบรมบุคลากร", "ปรับปรุงเว็บไซต์"]
                .iter()
                .enumerate()
                .map(|(i, t)| Measure {
                    id: format!("m{}", i + 1),
                    title: t.to_string(),
                    owner: "สำนักปลัด".into(),
                    deadline: "มีนาคม 2568".into(),
                    ..Measure::default()
                })
                .collect(),
        }
    }

    fn opts<'a>(plan: &'a MeasuresPlan, progress: &'a Progress, round: Round) -> O43Options<'a> {
        O43Options {
            agency: "เทศบาลตำบลทดสอบ".into(),
            unit: None,
            fiscal_year: 2568,
            round,
            plan,
            progress,
            signatories: &[],
            code: Some(("2566".into(), "O43".into())),
            generated: Date {
                year: 2025,
                month: 4,
                day: 2,
            },
            thai_digits: false,
        }
    }

    #[test]
    fn every_measure_shows_its_status_and_evidence() {
        let plan = plan();
        let progress = Progress {
            entries: vec![
                MeasureProgress {
                    measure: "m1".into(),
                    status: Status::Done,
                    started: "1 ต.ค. 2567".into(),
                    finished: "15 ต.ค. 2567".into(),
                    result: "ประกาศแล้ว".into(),
                    evidence: vec!["https://example.go.th/ita/o1".into()],
                    ..MeasureProgress::default()
                },
                MeasureProgress {
                    measure: "m2".into(),
                    status: Status::InProgress,
                    responsible: "กองการเจ้าหน้าที่".into(),
                    ..MeasureProgress::default()
                },
            ],
        };
        let html = o43(&opts(&plan, &progress, Round::SixMonths));
        let row = |title: &str| {
            let at = html.find(title).expect(title);
            let end = html[at..].find("</tr>").expect("row end") + at;
            html[at..end].to_string()
        };
        assert!(row("ประกาศเจตจำนงสุจริต").contains("ดำเนินการเสร็จเรียบร้อยแล้ว"));
        assert!(row("ประกาศเจตจำนงสุจริต").contains("href=\"https://example.go.th/ita/o1\""));
        assert!(row("ประกาศเจตจำนงสุจริต").contains("1 ต.ค. 2567 – 15 ต.ค. 2567"));
        assert!(row("อบรมบุคลากร").contains("อยู่ระหว่างดำเนินการ"));
        assert!(row("อบรมบุคลากร").contains("กองการเจ้าหน้าที่"));
        assert!(row("ปรับปรุงเว็บไซต์").contains("ยังไม่ดำเนินการ"));
        assert!(row("ปรับปรุงเว็บไซต์").contains("สำนักปลัด"));
        assert!(html.contains("รอบ 6 เดือน (1 ตุลาคม 2567 – 31 มีนาคม 2568)"));
        assert!(html.contains("O43"));
        // Eight columns print on a landscape page with fixed widths (in portrait the title
        // wrapped every few letters).
        assert!(html.contains(r#"<main class="doc landscape">"#));
        assert!(html.contains("@page landscape { size: A4 landscape; }"));
        assert_eq!(html.matches("<col>").count(), 8);
    }

    #[test]
    fn the_twelve_month_round_covers_the_whole_fiscal_year() {
        let plan = plan();
        let html = o43(&opts(&plan, &Progress::default(), Round::TwelveMonths));
        assert!(html.contains("รอบ 12 เดือน (1 ตุลาคม 2567 – 30 กันยายน 2568)"));
        assert_eq!(html.matches(">ยังไม่ดำเนินการ<").count(), 3);
        assert_eq!(Round::from_months("9"), None);
    }
}
