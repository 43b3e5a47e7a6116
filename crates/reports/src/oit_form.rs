//! The OIT self-assessment printed on A4 in the layout of the official system's form: per
//! sub-indicator, each item's code, title, มี / ไม่มี, the evidence URL and the explanation,
//! ready to be copied item by item.
use maud::html;

use crate::pages::oit::OitGroup;
use crate::shell::Shell;

/// What the printed form shows.
#[derive(Debug, Clone)]
pub struct OitFormDoc<'a> {
    pub agency: String,
    pub unit: Option<String>,
    pub fiscal_year: i32,
    /// Instrument title and edition.
    pub instrument: String,
    /// Saved version and its day.
    pub version: Option<(i32, String)>,
    pub groups: &'a [OitGroup],
    /// Today, as printed.
    pub generated: String,
}

const FORM_CSS: &str = "
table.oit{width:100%;border-collapse:collapse;font-size:10.5pt;table-layout:fixed}
table.oit th,table.oit td{border:1px solid #555;padding:3pt 4pt;vertical-align:top;text-align:left}
table.oit th{background:#eee}
table.oit col.code{width:9%}
table.oit col.title{width:27%}
table.oit col.ans{width:9%}
table.oit col.url{width:28%}
td.url{overflow-wrap:anywhere;word-break:break-all;font-size:9.5pt}
tr.group th{background:#dde5f3}
tr{break-inside:avoid}
";

fn answer_label(a: &str) -> &'static str {
    match a {
        "yes" => "มี",
        "no" => "ไม่มี",
        _ => "ยังไม่ตอบ",
    }
}

/// The printable form as one self-contained HTML page.
pub fn oit_form(d: &OitFormDoc<'_>) -> String {
    let title = format!(
        "แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT) ปีงบประมาณ {}",
        d.fiscal_year
    );
    Shell::new(&title)
        .head(html! { style { (maud::PreEscaped(FORM_CSS)) } })
        .render(html! {
            main.report {
                h1 { (title) }
                p {
                    (d.agency)
                    @if let Some(u) = &d.unit { @if *u != d.agency { " · " (u) } }
                }
                p.small {
                    (d.instrument)
                    @if let Some((v, day)) = &d.version { " · ฉบับที่ " (v) " บันทึกเมื่อ " (day) }
                    " · พิมพ์เมื่อ " (d.generated)
                }
                table.oit {
                    colgroup { col.code; col.title; col.ans; col.url; col.note; }
                    thead { tr { th { "ข้อ" } th { "ข้อมูล" } th { "มี / ไม่มี" } th { "URL" } th { "คำอธิบายเพิ่มเติม" } } }
                    tbody {
                        @for g in d.groups {
                            tr.group { th colspan="5" { "ตัวชี้วัดย่อยที่ " (g.id) " " (g.title) } }
                            @for i in &g.items { tr {
                                td { (i.code.to_uppercase()) }
                                td { (i.title) }
                                td { (answer_label(&i.answer)) }
                                td.url { (i.url) }
                                td { (i.note) }
                            } }
                        }
                    }
                }
                p.small { "คำตอบของหน่วยงานเพื่อนำไปกรอกในระบบ ITAS — ไม่ใช่ผลการตรวจของผู้ประเมิน" }
            }
        })
}
