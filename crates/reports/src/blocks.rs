//! Parts every document shares: the period the data cover, the text of a suppressed group,
//! labels of breakdown groups, interpretation bands, the change against a previous period,
//! approved comments, the signature block and the footer.
use std::collections::BTreeMap;

use maud::{html, Markup};
use prongsai_core::report::Satisfaction;
use prongsai_core::{Date, Instrument, Report, Role, Text};

use crate::html::chart::Bar;
use crate::thai::{Fmt, PeriodKind};

/// The period a document covers. Without a label it is named from the fiscal years in the data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Period {
    /// Shown as is, e.g. "ครึ่งปีแรก ปีงบประมาณ พ.ศ. 2568".
    pub label: Option<String>,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

impl Period {
    /// The name of the period: the caller's label, else the fiscal year(s) of the data.
    pub fn name(&self, fmt: Fmt, report: Option<&Report>) -> String {
        if let Some(label) = self.label.as_deref().filter(|l| !l.trim().is_empty()) {
            return label.trim().to_string();
        }
        if let (Some(from), Some(to)) = (self.from, self.to) {
            let (a, b) = (from.fiscal_year(), to.fiscal_year());
            return if a == b {
                fmt.fiscal_year(a)
            } else {
                fmt.text(&format!("ปีงบประมาณ พ.ศ. {a}–{b}"))
            };
        }
        let years: Vec<i32> = report
            .map(|r| r.breakdowns.fiscal_year.as_slice())
            .unwrap_or_default()
            .iter()
            .filter_map(|g| g.key.parse().ok())
            .collect();
        match (years.first(), years.last()) {
            (Some(a), Some(b)) if a == b => fmt.fiscal_year(*a),
            (Some(a), Some(b)) => fmt.text(&format!("ปีงบประมาณ พ.ศ. {a}–{b}")),
            _ => "ไม่ระบุช่วงเวลา (ข้อมูลไม่มีวันที่)".to_string(),
        }
    }

    /// "ระหว่างวันที่ 1 ตุลาคม 2567 ถึงวันที่ 31 มีนาคม 2568", when both ends are known.
    pub fn range(&self, fmt: Fmt) -> Option<String> {
        match (self.from, self.to) {
            (Some(from), Some(to)) => Some(format!(
                "ระหว่างวันที่ {} ถึงวันที่ {}",
                fmt.date_long(from),
                fmt.date_long(to)
            )),
            (Some(from), None) => Some(format!("ตั้งแต่วันที่ {}", fmt.date_long(from))),
            (None, Some(to)) => Some(format!("ถึงวันที่ {}", fmt.date_long(to))),
            (None, None) => None,
        }
    }
}

/// The bribery alert: how many respondents answered "มี" on an item about being asked for
/// money, gifts or favours (IIT i4–i6, EIT e4), in red, never averaged away into an indicator.
/// Shown only when the whole result may be shown (at least `min_group` respondents); nothing
/// for instruments without alert items. `per_item` lists the items with a count (officer pages).
pub fn bribery_alert(fmt: Fmt, report: &Report, per_item: bool) -> Markup {
    let Some(alerts) = &report.alerts else {
        return html! {};
    };
    if too_few(report) {
        return html! {};
    }
    if alerts.respondents == 0 {
        return html! {
            p.alert-none data-alerts="0" {
                "ไม่มีผู้ตอบว่าถูกเรียกรับเงิน ทรัพย์สิน หรือประโยชน์อื่นใด"
            }
        };
    }
    html! {
        div.alert role="note" data-alerts=(alerts.respondents) {
            p {
                strong {
                    "มีผู้ตอบว่า “มี” การเรียกรับเงิน ทรัพย์สิน หรือประโยชน์อื่นใด "
                    (fmt.int(alerts.respondents)) " คน"
                }
                " จากผู้ตอบทั้งหมด " (fmt.int(report.n)) " คน"
            }
            @if per_item {
                ul {
                    @for a in alerts.items.iter().filter(|a| a.count > 0) {
                        li data-alert-item=(a.code) {
                            (fmt.text(&a.code)) " " (a.text.th)
                            @if let Some(part) = &a.part { " — " (part.th) }
                            ": " strong { (fmt.int(a.count)) " คน" }
                        }
                    }
                }
                p { "เป็นเรื่องเร่งด่วนที่ต้องตรวจสอบ ไม่ใช่เพียงคะแนนที่ลดลง" }
            }
        }
    }
}

/// The name of the share of respondents satisfied at `level` or higher ("ผู้ตอบที่พึงพอใจระดับ
/// มากขึ้นไป" for 4 on the usual five levels).
pub fn satisfied_respondents_label(level: i64) -> String {
    let word = match level {
        5 => "มากที่สุด".to_string(),
        4 => "มากขึ้นไป".to_string(),
        3 => "ปานกลางขึ้นไป".to_string(),
        n => format!("{n} ขึ้นไป"),
    };
    format!("ผู้ตอบที่พึงพอใจระดับ{word}")
}

/// The share of respondents satisfied as one sentence with its definition: "ร้อยละ 75.00 ของผู้ตอบ
/// (3 จาก 4 คน) …"; `None` when nobody rated an item.
pub fn satisfied_respondents(fmt: Fmt, sat: &Satisfaction) -> Option<String> {
    let share = sat.respondents_satisfied_share?;
    Some(format!(
        "{}: ร้อยละ {} ของผู้ตอบ ({} จาก {} คน) — นับผู้ตอบที่ค่าเฉลี่ยของตนเองในข้อที่ให้คะแนน \
         (ปัดเศษตามที่แสดง) ตั้งแต่ {} ขึ้นไป แสดงคู่กับร้อยละความพึงพอใจ (ค่าเฉลี่ย ÷ 5 × 100)",
        satisfied_respondents_label(sat.satisfied_from),
        fmt.num2(share),
        fmt.int(sat.respondents_satisfied),
        fmt.int(sat.respondents_rated),
        fmt.int(sat.satisfied_from.max(0) as u64),
    ))
}

/// "ไม่แสดงผล (น้อยกว่า 5 คน)".
pub fn suppressed(fmt: Fmt, min_group: u64) -> String {
    format!("ไม่แสดงผล (น้อยกว่า {} คน)", fmt.int(min_group))
}

/// Whether the whole result is too small to show any number (fewer respondents than the
/// smallest group that may be reported).
pub fn too_few(report: &Report) -> bool {
    report.n < report.breakdowns.min_group
}

/// The notice shown instead of every number when [`too_few`] holds.
pub fn too_few_notice(fmt: Fmt, report: &Report) -> Markup {
    if report.n == 0 {
        html! { p.notice { strong { "ยังไม่มีผู้ตอบแบบสำรวจ" } " จึงยังไม่มีผลให้แสดง" } }
    } else {
        html! {
            p.notice {
                strong { "ยังไม่แสดงผล" }
                " เนื่องจากมีผู้ตอบน้อยกว่า " (fmt.int(report.breakdowns.min_group))
                " คน เพื่อไม่ให้ระบุตัวผู้ตอบได้"
            }
        }
    }
}

/// The label of an option of the first item with `role`, by option key.
fn role_option_label(ins: &Instrument, role: Role, key: &str) -> Option<String> {
    let item = ins.items().find(|i| i.role == Some(role))?;
    let scale = ins.scale(&item.scale)?;
    scale
        .options
        .iter()
        .find(|o| o.value.key() == key)
        .map(|o| o.label.th.clone())
}

/// The name of a service area: the option label of the instrument's service-area item, else
/// (a `quick` rating counted in the area of its service point) of the built-in satisfaction
/// survey's, else the key.
pub fn area_label(ins: &Instrument, key: &str) -> String {
    role_option_label(ins, Role::ServiceArea, key)
        .or_else(|| {
            prongsai_core::builtin::load("satisfaction")
                .and_then(|sat| role_option_label(&sat, Role::ServiceArea, key))
        })
        .unwrap_or_else(|| key.to_string())
}

/// The service areas the instrument offers, in its order: (key, label).
pub fn areas(ins: &Instrument) -> Vec<(String, String)> {
    ins.items()
        .find(|i| i.role == Some(Role::ServiceArea))
        .and_then(|i| ins.scale(&i.scale))
        .map(|s| {
            s.options
                .iter()
                .map(|o| (o.value.key(), o.label.th.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// The name of a service point: the caller's name, else the instrument's option label, else the id.
pub fn point_label(ins: &Instrument, names: &BTreeMap<String, String>, key: &str) -> String {
    names
        .get(key)
        .filter(|n| !n.trim().is_empty())
        .cloned()
        .or_else(|| role_option_label(ins, Role::ServicePoint, key))
        .unwrap_or_else(|| key.to_string())
}

/// The Thai label of a period key of a breakdown (falls back to the key itself).
pub fn period_label(fmt: Fmt, kind: PeriodKind, key: &str) -> String {
    fmt.period_key(kind, key).unwrap_or_else(|| fmt.text(key))
}

/// The interpretation band of a mean on the satisfaction scale.
pub fn band(ins: &Instrument, mean: f64) -> Option<&Text> {
    let bands = &ins.scoring.satisfaction.as_ref()?.bands;
    bands
        .iter()
        .find(|b| mean >= b.min)
        .or(bands.last())
        .map(|b| &b.label)
}

/// One bar per dimension with results (its satisfaction percent), in the instrument's order:
/// the dimension chart of every document and page.
pub fn dimension_bars(ins: &Instrument, sat: &Satisfaction) -> Vec<Bar> {
    ins.dimensions
        .iter()
        .filter_map(|d| {
            sat.dimensions
                .get(&d.id)
                .map(|x| Bar::new(d.title.th.clone(), x.percent))
        })
        .collect()
}

/// The highest option score of the scales of the satisfaction items (5 on the usual scale).
pub fn satisfaction_max(ins: &Instrument) -> f64 {
    ins.items()
        .filter(|i| i.dimension.is_some() && ins.is_scored(i))
        .filter_map(|i| ins.scale(&i.scale))
        .flat_map(|s| s.options.iter().filter_map(|o| o.score))
        .fold(None, |acc: Option<f64>, s| {
            Some(acc.map_or(s, |a| a.max(s)))
        })
        .unwrap_or(5.0)
}

/// "↑ +1.25", "↓ -0.50" or "= 0.00" (the change from `before` to `now`), "–" when either is missing.
pub fn change(fmt: Fmt, now: Option<f64>, before: Option<f64>) -> String {
    match (now, before) {
        (Some(n), Some(b)) => {
            let d = n - b;
            let shown = fmt.signed2(d);
            let arrow = if shown.contains('+') {
                "↑"
            } else if shown.starts_with('-') {
                "↓"
            } else {
                "="
            };
            format!("{arrow} {shown}")
        }
        _ => "–".to_string(),
    }
}

/// The approved comments as a numbered list, or a line saying there are none.
pub fn comments(fmt: Fmt, approved: &[String], received: Option<u64>) -> Markup {
    let shown: Vec<&str> = approved
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    let count = fmt.int(shown.len() as u64);
    html! {
        @match received {
            Some(r) => p {
                "ข้อเสนอแนะที่ได้รับ " (fmt.int(r))
                " รายการ แสดงเฉพาะที่ผ่านการตรวจสอบของหน่วยงานแล้ว " (count) " รายการ"
            },
            None => p { "ข้อเสนอแนะที่ผ่านการตรวจสอบของหน่วยงานแล้ว " (count) " รายการ" },
        }
        @if shown.is_empty() {
            p { "– ไม่มีข้อเสนอแนะที่เผยแพร่ได้ –" }
        } @else {
            ol.comments {
                @for c in &shown { li { (c) } }
            }
        }
    }
}

/// Signature lines, one per role ("ผู้จัดทำรายงาน", …).
pub fn signatures(roles: &[&str]) -> Markup {
    html! {
        div.signatures {
            @for role in roles {
                div.signature {
                    "ลงชื่อ .............................................." br;
                    "(..............................................)" br;
                    "ตำแหน่ง .............................................." br;
                    (role) br;
                    "วันที่ ........ เดือน .................... พ.ศ. .........."
                }
            }
        }
    }
}

/// The signatures and the footer, kept on one page together.
pub fn closing(fmt: Fmt, generated: Date, roles: &[&str], note: &str) -> Markup {
    html! { div.closing { (signatures(roles)) (footer(fmt, generated, note)) } }
}

/// The footer: when and with what the document was made.
pub fn footer(fmt: Fmt, generated: Date, note: &str) -> Markup {
    html! {
        p.footer {
            "จัดทำด้วยโปรแกรม prongsai เมื่อวันที่ " (fmt.date_long(generated)) " · " (note)
        }
    }
}

/// The title block: heading, agency, unit, period.
pub fn title_block(
    fmt: Fmt,
    heading: &str,
    agency: &str,
    unit: Option<&str>,
    period: &Period,
    report: Option<&Report>,
) -> Markup {
    let agency = agency.trim();
    let unit = unit.map(str::trim).filter(|u| !u.is_empty());
    html! {
        h1 { (heading) }
        p.subtitle {
            strong { (if agency.is_empty() { "(ชื่อหน่วยงาน)" } else { agency }) }
            @if let Some(u) = unit { " · " (u) }
        }
        p.meta {
            (period.name(fmt, report))
            @if let Some(r) = period.range(fmt) { br; (r) }
            @if let Some(to) = period.to { br; "ข้อมูล ณ วันที่ " (fmt.date_long(to)) }
        }
        @if let Some(r) = report { (under_sample(fmt, r)) }
    }
}

/// A boxed warning when fewer people answered than the instrument's recommended sample: the
/// numbers that follow may not represent the agency's service users or staff.
pub fn under_sample(fmt: Fmt, report: &Report) -> Markup {
    match report.sample_min.map(u64::from) {
        Some(min) if report.n < min => html! {
            p.notice data-under-sample=(min) {
                strong {
                    "จำนวนผู้ตอบ " (fmt.int(report.n)) " คน น้อยกว่าจำนวนขั้นต่ำที่แนะนำ "
                    (fmt.int(min)) " คน"
                }
                " ผลที่แสดงอาจไม่สะท้อนความเห็นของผู้รับบริการหรือบุคลากรทั้งหมด ควรเก็บข้อมูลเพิ่มก่อนใช้ผลนี้"
            }
        },
        _ => html! {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_show_direction_and_difference() {
        let f = Fmt::default();
        assert_eq!(change(f, Some(80.0), Some(78.75)), "↑ +1.25");
        assert_eq!(change(f, Some(70.0), Some(70.5)), "↓ -0.50");
        assert_eq!(change(f, Some(70.0), Some(70.001)), "= 0.00");
        assert_eq!(change(f, None, Some(70.0)), "–");
    }

    #[test]
    fn comments_are_escaped_and_blank_ones_dropped() {
        let html = comments(
            Fmt::default(),
            &["<img src=x onerror=alert(1)>".into(), "  ".into()],
            Some(3),
        )
        .into_string();
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(!html.contains("<img"));
        assert!(html.contains("ได้รับ 3 รายการ"));
        assert!(html.contains("แล้ว 1 รายการ"));
    }

    #[test]
    fn suppressed_text() {
        assert_eq!(suppressed(Fmt::default(), 5), "ไม่แสดงผล (น้อยกว่า 5 คน)");
    }
}
