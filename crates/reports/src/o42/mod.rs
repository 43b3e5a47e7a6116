//! O42: the draft of รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส — scores per tool and
//! indicator from the agency's own pre-assessment, the change against last year, strengths and
//! indicators to develop, and for each indicator to develop the blocks staff must write
//! themselves (a copy of the NACC ITAS system's analysis scores zero, seed 004:126).
//!
//! One part a module: [`scores`] (part 2 and the appendix of breakdowns), [`analysis`]
//! (part 3 strengths and indicators to develop, part 4 the blocks to write); this module holds the
//! options, the document's order, the disclaimer and the background.
mod analysis;
mod scores;

use std::collections::BTreeMap;

use maud::{html, Markup};
use prongsai_core::grade;
use prongsai_core::report::Classified;
use prongsai_core::{Date, Instrument, Report};

use crate::blocks::{self, Period};
use crate::html::{document, PageKind};
use crate::thai::Fmt;

pub const TITLE: &str =
    "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ";

/// The instruction printed in every block staff must write.
pub const WRITE_YOURSELF: &str = "(หน่วยงานต้องเขียนเอง: การคัดลอกข้อความจากระบบ ITAS ได้คะแนนศูนย์)";

/// The blocks of each indicator to develop: (field id, heading).
pub const BLOCKS: [(&str, &str); 5] = [
    (
        "analysis",
        "การวิเคราะห์ (ประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน และประเด็นที่ต้องพัฒนาให้ดีขึ้น)",
    ),
    ("measures", "มาตรการ / แนวทางการดำเนินการ"),
    ("responsible", "ผู้รับผิดชอบ / ผู้ที่เกี่ยวข้อง"),
    ("steps", "ขั้นตอน / วิธีการปฏิบัติ"),
    ("monitoring", "การกำกับติดตามและรายงานผล"),
];

/// One perception tool's results (IIT or EIT), with last year's for the comparison.
#[derive(Debug, Clone, Copy)]
pub struct Assessment<'a> {
    pub instrument: &'a Instrument,
    pub report: &'a Report,
    pub previous: Option<&'a Report>,
}

#[derive(Debug, Clone)]
pub struct O42Options<'a> {
    pub agency: String,
    pub unit: Option<String>,
    pub period: Period,
    /// Last year's results of the same instrument (used by [`o42`]).
    pub previous: Option<&'a Report>,
    pub previous_label: Option<String>,
    pub point_names: BTreeMap<String, String>,
    pub generated: Date,
    pub thai_digits: bool,
}

impl<'a> O42Options<'a> {
    pub fn new(agency: impl Into<String>, generated: Date) -> O42Options<'a> {
        O42Options {
            agency: agency.into(),
            unit: None,
            period: Period::default(),
            previous: None,
            previous_label: None,
            point_names: BTreeMap::new(),
            generated,
            thai_digits: false,
        }
    }
}

/// The O42 draft for one instrument (IIT or EIT).
pub fn o42(ins: &Instrument, report: &Report, opts: &O42Options) -> String {
    o42_combined(
        &[Assessment {
            instrument: ins,
            report,
            previous: opts.previous,
        }],
        opts,
    )
}

/// An indicator to develop, with the tool it belongs to.
struct Weak<'r> {
    part: Assessment<'r>,
    c: &'r Classified,
}

/// The O42 draft over several tools (e.g. IIT and EIT together), as a complete HTML document.
pub fn o42_combined(parts: &[Assessment], opts: &O42Options) -> String {
    let f = Fmt::new(opts.thai_digits);
    let shown: Vec<Assessment> = parts
        .iter()
        .copied()
        .filter(|p| !p.instrument.indicators.is_empty())
        .collect();
    let head = html! {
        p.center { span.draft { "ร่าง" } }
        (blocks::title_block(
            f,
            TITLE,
            &opts.agency,
            opts.unit.as_deref(),
            &opts.period,
            shown.first().or(parts.first()).map(|p| p.report),
        ))
        (disclaimer(f, &shown))
    };
    if shown.is_empty() {
        let body = html! {
            main.doc {
                (head)
                p.notice {
                    strong { "ไม่มีผลแบบวัดการรับรู้ (IIT/EIT)" }
                    " ร่าง O42 ใช้กับแบบสำรวจที่มีตัวชี้วัดเท่านั้น"
                }
            }
        };
        return document(TITLE, PageKind::Report, body);
    }
    let visible: Vec<Assessment> = shown
        .iter()
        .copied()
        .filter(|p| !blocks::too_few(p.report))
        .collect();
    let mut weak: Vec<Weak> = visible
        .iter()
        .flat_map(|p| {
            p.report
                .to_develop
                .iter()
                .map(move |c| Weak { part: *p, c })
        })
        .collect();
    weak.sort_by(|a, b| a.c.score.total_cmp(&b.c.score));
    let body = html! {
        main.doc {
            (head)
            (background())
            (scores::scores(f, &shown, opts))
            (analysis::analysis(f, &visible))
            (analysis::measures(f, &weak))
            (scores::appendix(f, &visible, opts))
            (blocks::closing(
                f,
                opts.generated,
                &[
                    "ผู้จัดทำ (คณะทำงานด้านการประเมิน ITA)",
                    "ผู้ตรวจสอบ",
                    "ผู้บริหารหน่วยงาน (เห็นชอบ)",
                ],
                "ร่างจากผลการประเมินตนเองล่วงหน้าของหน่วยงานด้วย prongsai ไม่ใช่ผลการประเมินของสำนักงาน ป.ป.ช.",
            ))
        }
    };
    let title = format!("{TITLE} (ร่าง) {}", opts.agency.trim());
    document(title.trim(), PageKind::Report, body)
}

fn tool_name(p: &Assessment, tool: &str) -> String {
    p.report
        .tools
        .get(tool)
        .map(|t| t.title.th.clone())
        .unwrap_or_else(|| tool.to_uppercase())
}

fn short_tool(tool: &str) -> String {
    tool.to_uppercase()
}

/// "IIT/EIT": the tools of one instrument.
fn tools_of(ins: &Instrument) -> String {
    ins.tools
        .iter()
        .map(|t| short_tool(&t.id))
        .collect::<Vec<_>>()
        .join("/")
}

/// The box saying these are the agency's own scores, not the NACC's, and how grades were made.
fn disclaimer(f: Fmt, parts: &[Assessment]) -> Markup {
    let counts: Vec<String> = parts
        .iter()
        .map(|p| format!("{} ผู้ตอบ {} คน", tools_of(p.instrument), f.int(p.report.n)))
        .collect();
    html! {
        div.notice {
            p { strong {
                "ผลการประเมินตนเองล่วงหน้าของหน่วยงานด้วย prongsai "
                "ไม่ใช่ผลการประเมินของสำนักงาน ป.ป.ช. จากระบบ ITAS"
            } }
            p {
                "คะแนนในร่างนี้คำนวณจากแบบสำรวจที่หน่วยงานเก็บเอง (" (counts.join(", "))
                ") เพื่อวิเคราะห์และเตรียมมาตรการล่วงหน้า "
                "เมื่อสำนักงาน ป.ป.ช. ประกาศผลแล้ว ให้ใช้คะแนนที่ประกาศในการจัดทำรายงานฉบับที่เผยแพร่"
            }
            @for p in parts {
                @if let Some(g) = &p.report.grade {
                    @let source = grade::builtin_scheme(&g.scheme)
                        .and_then(|s| s.source.as_ref())
                        .map(|t| t.th.clone());
                    @let basis = if g.basis == "overall" {
                        "คะแนนรวมถ่วงน้ำหนัก".to_string()
                    } else {
                        format!("คะแนน {} เท่านั้น", short_tool(&g.basis))
                    };
                    @let scheme = match g.scheme.parse::<i32>() {
                        Ok(fy) => format!("เกณฑ์{}", f.fiscal_year(fy)),
                        Err(_) => "เกณฑ์ที่กำหนดในแบบสำรวจ".to_string(),
                    };
                    p {
                        "ระดับ “" (g.label.th) "” เทียบจาก" (basis) " ตาม" (scheme)
                        @if g.unverified {
                            " ซึ่ง" strong { "ยังไม่ได้ตรวจสอบกับคู่มือการประเมินของสำนักงาน ป.ป.ช." }
                            @if let Some(s) = source { " (" (s) ")" }
                        }
                    }
                }
                @if let Some(u) = &p.instrument.unverified {
                    p { small { "ข้อคำถาม: " (u.th) } }
                }
            }
        }
    }
}

/// Part 1: why the agency writes this analysis (O42 of the OIT).
fn background() -> Markup {
    html! {
        h2 { "1. ความเป็นมา" }
        p { (BACKGROUND) }
    }
}

/// The text of part 1.
const BACKGROUND: &str = "ข้อ O42 มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน กำหนดให้หน่วยงานแสดง\
     การวิเคราะห์ผลการประเมิน ITA อย่างน้อยประกอบด้วย ประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อนที่จะต้องแก้ไขโดยเร่งด่วน \
     ประเด็นที่จะต้องพัฒนาให้ดีขึ้น และแนวทางการนำผลการวิเคราะห์ไปสู่การปฏิบัติ โดยกำหนดผู้รับผิดชอบหรือผู้ที่เกี่ยวข้อง \
     ขั้นตอนหรือวิธีการปฏิบัติ และแนวทางการกำกับติดตามให้นำไปสู่การปฏิบัติและการรายงานผล \
     หน่วยงานต้องวิเคราะห์ด้วยตนเอง หากนำบทวิเคราะห์หรือข้อเสนอแนะจากระบบ ITAS มาโดยไม่มีการวิเคราะห์เพิ่มเติม \
     จะไม่ได้คะแนนในข้อนี้";

/// "Last year" as the caller named it, else the fiscal year of the previous results.
fn previous_label(f: Fmt, opts: &O42Options, prev: &Report) -> String {
    opts.previous_label
        .clone()
        .filter(|l| !l.trim().is_empty())
        .unwrap_or_else(|| Period::default().name(f, Some(prev)))
}
