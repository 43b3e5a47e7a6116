//! The OIT self-assessment printed on A4 in the layout of the official system's form: per
//! sub-indicator, each item's code, title, มี / ไม่มี, the evidence URL and the explanation,
//! ready to be copied item by item.
use maud::html;
use prongsai_core::Date;

use crate::pages::oit::{OitGroup, OitItemRow};
use crate::shell::Shell;
use crate::thai::Fmt;

/// What the printed form shows.
#[derive(Debug, Clone)]
pub struct OitFormDoc<'a> {
    pub agency: String,
    pub unit: Option<String>,
    pub fiscal_year: i32,
    /// Instrument title and edition.
    pub instrument: String,
    /// Saved version and its day (`YYYY-MM-DD`, printed as a Thai date).
    pub version: Option<(i32, String)>,
    pub groups: &'a [OitGroup],
    /// Today (Bangkok), printed as a Thai date.
    pub generated: Date,
}

// The form runs over several pages: unlike the short tables of the reports it is allowed to split
// (rows never do), so it starts under the title instead of leaving page 1 empty. 12 pt is the
// smallest size of every document (TH Sarabun New is designed for 16 pt).
const FORM_CSS: &str = "
table.oit{width:100%;border-collapse:collapse;font-size:12pt;table-layout:fixed;break-inside:auto;page-break-inside:auto}
table.oit th,table.oit td{border:1px solid #555;padding:3pt 4pt;vertical-align:top;text-align:left}
table.oit th{background:#eee}
table.oit col.code{width:9%}
table.oit col.title{width:27%}
table.oit col.ans{width:9%}
table.oit col.url{width:28%}
td.url{overflow-wrap:anywhere;word-break:break-all;font-size:12pt}
tr.group th{background:#dde5f3}
table.oit tr,table.oit tbody.lead{break-inside:avoid;page-break-inside:avoid}
";

/// One item of the form: O-code, what must be published, the answer, the URL, the explanation.
fn item_row(i: &OitItemRow) -> maud::Markup {
    html! { tr {
        td { (i.code.to_uppercase()) }
        td { (i.title) }
        td { (answer_label(&i.answer)) }
        td.url { (i.url) }
        td { (i.note) }
    } }
}

fn answer_label(a: &str) -> &'static str {
    match a {
        "yes" => "มี",
        "no" => "ไม่มี",
        _ => "ยังไม่ตอบ",
    }
}

/// The printable form as one self-contained HTML page.
pub fn oit_form(d: &OitFormDoc<'_>) -> String {
    let f = Fmt::new(false);
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
                    @if let Some((v, day)) = &d.version {
                        " · ฉบับที่ " (v) " บันทึกเมื่อ "
                        (Date::parse(day).map(|day| f.date_long(day)).unwrap_or_else(|| day.clone()))
                    }
                    " · พิมพ์เมื่อ " (f.date_long(d.generated))
                }
                table.oit {
                    colgroup { col.code; col.title; col.ans; col.url; col.note; }
                    thead { tr { th { "ข้อ" } th { "ข้อมูล" } th { "มี / ไม่มี" } th { "URL" } th { "คำอธิบายเพิ่มเติม" } } }
                    // Each sub-indicator's heading shares a row group with its first item, and
                    // that group is never split: a heading is never left alone at a page foot.
                    @for g in d.groups {
                        @let (first, rest) = g.items.split_at(g.items.len().min(1));
                        tbody.lead {
                            tr.group { th colspan="5" { "ตัวชี้วัดย่อยที่ " (g.id) " " (g.title) } }
                            @for i in first { (item_row(i)) }
                        }
                        @if !rest.is_empty() {
                            tbody { @for i in rest { (item_row(i)) } }
                        }
                    }
                }
                p.small { "คำตอบของหน่วยงานเพื่อนำไปกรอกในระบบ ITAS — ไม่ใช่ผลการตรวจของผู้ประเมิน" }
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(groups: &[OitGroup]) -> String {
        oit_form(&OitFormDoc {
            agency: "เทศบาลตำบลทดสอบ".into(),
            unit: None,
            fiscal_year: 2570,
            instrument: "แบบวัด OIT (ฉบับปีงบประมาณ 2566)".into(),
            version: Some((3, "2026-11-30".into())),
            groups,
            generated: Date {
                year: 2026,
                month: 12,
                day: 3,
            },
        })
    }

    #[test]
    fn dates_print_in_thai_and_each_item_has_its_answer() {
        let groups = vec![OitGroup {
            id: "9.1".into(),
            title: "ข้อมูลพื้นฐาน".into(),
            items: vec![OitItemRow {
                code: "o1".into(),
                title: "โครงสร้าง".into(),
                answer: "yes".into(),
                url: "https://www.example.go.th/structure".into(),
                ..OitItemRow::default()
            }],
        }];
        let html = doc(&groups);
        assert!(html.contains("ฉบับที่ 3 บันทึกเมื่อ 30 พฤศจิกายน 2569"), "{html}");
        assert!(html.contains("พิมพ์เมื่อ 3 ธันวาคม 2569"));
        assert!(!html.contains("2026-"));
        let row = &html[html.find("<td>O1</td>").expect("row O1")..];
        let row = &row[..row.find("</tr>").expect("row end")];
        assert!(row.contains("<td>มี</td>") && row.contains("https://www.example.go.th/structure"));
    }

    #[test]
    fn the_long_form_may_split_between_rows_and_prints_nothing_under_12pt() {
        // The shared stylesheet keeps short tables whole; this 43-row form must start under the
        // title (it left page 1 empty) and split between rows only.
        assert!(FORM_CSS.contains("break-inside:auto"));
        assert!(FORM_CSS.contains("table.oit tr,table.oit tbody.lead{break-inside:avoid"));
        for part in FORM_CSS.split("font-size:").skip(1) {
            let size: f64 = part[..part.find("pt").expect("pt")].parse().expect("size");
            assert!(size >= 12.0, "font-size {size}pt");
        }
    }

    #[test]
    fn a_sub_indicator_heading_keeps_its_first_item_on_its_page() {
        let item = |code: &str| OitItemRow {
            code: code.into(),
            title: "ข้อมูล".into(),
            answer: "yes".into(),
            ..OitItemRow::default()
        };
        let groups = [
            OitGroup {
                id: "9.1".into(),
                title: "การเปิดเผยข้อมูลพื้นฐาน".into(),
                items: vec![item("o1"), item("o2"), item("o3")],
            },
            OitGroup {
                id: "9.2".into(),
                title: "การบริหารงาน".into(),
                items: vec![item("o4")],
            },
        ];
        let html = doc(&groups);
        let leads: Vec<&str> = html
            .split("<tbody class=\"lead\">")
            .skip(1)
            .map(|t| &t[..t.find("</tbody>").expect("end of the row group")])
            .collect();
        assert_eq!(
            leads.len(),
            2,
            "one unsplittable row group per sub-indicator"
        );
        assert!(leads[0].contains("ตัวชี้วัดย่อยที่ 9.1") && leads[0].contains("<td>O1</td>"));
        assert!(
            !leads[0].contains("<td>O2</td>"),
            "only the first item joins the heading"
        );
        assert!(leads[1].contains("ตัวชี้วัดย่อยที่ 9.2") && leads[1].contains("<td>O4</td>"));
        let rest = html.find("<td>O2</td>").expect("O2") < html.find("<td>O3</td>").expect("O3");
        assert!(rest, "the other items follow in order");
    }
}
