//! The officer's ITA year after the official results: `/admin/ita` (what is saved for a unit and
//! fiscal year, links to the O42 / O43), `/admin/ita/measures` (the O42 measures: owner, steps,
//! deadline, monitoring, reporting, urgent or not) and `/admin/ita/progress` (the O43 tracker).
use maud::{html, Markup};

use super::layout::{admin, Nav};
use super::official::Problem;
use super::query;
use crate::measures::{Measure, MeasureProgress, Status};

/// The unit and fiscal year every ITA page works on.
#[derive(Debug, Clone)]
pub struct Scope {
    /// (id, name) of every unit.
    pub units: Vec<(String, String)>,
    pub unit: String,
    /// The fiscal year the measures are for (Buddhist era).
    pub fiscal_year: i32,
}

impl Scope {
    fn query(&self) -> String {
        let fy = self.fiscal_year.to_string();
        query(&[("unit", Some(&self.unit)), ("fy", Some(&fy))])
    }

    fn hidden(&self) -> Markup {
        html! {
            input type="hidden" name="unit" value=(self.unit);
            input type="hidden" name="fy" value=(self.fiscal_year);
        }
    }

    fn back(&self) -> Markup {
        html! { p.small { a href={ "/admin/ita" (self.query()) } { "← ITA ของหน่วยงาน (O42 / O43)" } } }
    }
}

/// `/admin/ita`.
#[derive(Debug, Clone)]
pub struct ItaHome {
    pub scope: Scope,
    /// Version and day of the official results of the year before, if saved.
    pub official: Option<(i32, String)>,
    pub measures: usize,
    pub measures_version: Option<i32>,
    /// Count of measures per status.
    pub progress: Vec<(&'static str, usize)>,
}

pub fn home(p: &ItaHome) -> String {
    let s = &p.scope;
    let q = s.query();
    let body = html! {
        h1 { "ITA ของหน่วยงาน: ผลอย่างเป็นทางการ → O42 → O43" }
        form.filters method="get" action="/admin/ita" {
            div {
                label for="unit" { "หน่วยงาน" }
                select #unit name="unit" {
                    @for (id, name) in &s.units { option value=(id) selected[*id == s.unit] { (name) } }
                }
            }
            div {
                label for="fy" { "ปีงบประมาณของมาตรการ (พ.ศ.)" }
                input #fy type="text" inputmode="numeric" name="fy" value=(s.fiscal_year);
            }
            div { button type="submit" { "แสดง" } }
        }
        ol {
            li.card {
                strong { "ผลการประเมินอย่างเป็นทางการ ปีงบประมาณ " (s.fiscal_year - 1) } br;
                @match &p.official {
                    Some((v, day)) => { "บันทึกแล้ว ฉบับที่ " (v) " (" (day) ") " }
                    None => { span.notice { "ยังไม่ได้บันทึก" } " " }
                }
                a href={ "/admin/ita/official" (query(&[("unit", Some(&s.unit)), ("fy", Some(&(s.fiscal_year - 1).to_string()))])) } { "กรอกหรือนำเข้า" }
            }
            li.card {
                strong { "มาตรการ (O42) ปีงบประมาณ " (s.fiscal_year) } br;
                (p.measures) " มาตรการ"
                @if let Some(v) = p.measures_version { " · ฉบับที่ " (v) }
                " · " a href={ "/admin/ita/measures" (q) } { "แก้ไขมาตรการ" }
                " · " a href={ "/admin/ita/o42" (q) } { "รายงาน O42 (พิมพ์ได้)" }
            }
            li.card {
                strong { "ความก้าวหน้า (O43)" } br;
                @for (label, n) in &p.progress { (label) " " (n) " · " }
                a href={ "/admin/ita/progress" (q) } { "บันทึกความก้าวหน้า" }
                " · " a href={ "/admin/ita/o43" (query(&[("unit", Some(&s.unit)), ("fy", Some(&s.fiscal_year.to_string())), ("round", Some("6"))])) } { "O43 รอบ 6 เดือน" }
                " · " a href={ "/admin/ita/o43" (query(&[("unit", Some(&s.unit)), ("fy", Some(&s.fiscal_year.to_string())), ("round", Some("12"))])) } { "O43 รอบ 12 เดือน" }
            }
            li.card {
                strong { "แบบประเมิน OIT (O1–O43) ปีงบประมาณ " (s.fiscal_year) } br;
                a href={ "/admin/ita/oit" (q) } { "กรอก ตรวจลิงก์ พิมพ์ และส่งออก" }
                " · " a href={ "/admin/ita/estimate" (q) } { "ประมาณการ ITA (IIT + EIT + OIT)" }
            }
        }
    };
    admin("ITA ของหน่วยงาน", Nav::Ita, body)
}

fn problems(list: &[Problem]) -> Markup {
    html! {
        @if !list.is_empty() {
            div.notice.err role="alert" {
                p { strong { "ยังไม่ได้บันทึก พบปัญหา " (list.len()) " รายการ" } }
                ul { @for p in list { li {
                    @if let Some(r) = p.row { "แถวที่ " (r) " " }
                    @if !p.column.is_empty() { "ช่อง “" (p.column) "”: " }
                    (p.message)
                } } }
            }
        }
    }
}

fn saved(v: Option<i32>) -> Markup {
    html! { @if let Some(v) = v { p.notice.ok role="status" { "บันทึกแล้ว (ฉบับที่ " (v) ")" } } }
}

fn history(list: &[(i32, String)]) -> Markup {
    html! {
        @if !list.is_empty() {
            h2 { "ประวัติการบันทึก" }
            ul { @for (v, day) in list { li { "ฉบับที่ " (v) " · " (day) } } }
        }
    }
}

/// `/admin/ita/measures`.
#[derive(Debug, Clone)]
pub struct MeasuresPage {
    pub scope: Scope,
    /// The measures as stored or typed, blank rows included.
    pub measures: Vec<Measure>,
    pub problems: Vec<Problem>,
    pub saved: Option<i32>,
    pub history: Vec<(i32, String)>,
}

fn text_field(name: String, label: &str, value: &str, long: bool) -> Markup {
    html! {
        label for=(name) { (label) }
        @if long {
            textarea id=(name) name=(name) rows="3" cols="60" { (value) }
        } @else {
            input id=(name) type="text" name=(name) value=(value);
        }
    }
}

pub fn measures(p: &MeasuresPage) -> String {
    let s = &p.scope;
    let body = html! {
        (s.back())
        h1 { "มาตรการส่งเสริมคุณธรรมและความโปร่งใส (O42) ปีงบประมาณ " (s.fiscal_year) }
        p.muted { "แถวที่ไม่มีชื่อมาตรการจะไม่ถูกบันทึก ทุกครั้งที่บันทึกจะเก็บเป็นฉบับใหม่" }
        (saved(p.saved))
        (problems(&p.problems))
        form method="post" action="/admin/ita/measures" {
            (s.hidden())
            @for (i, m) in p.measures.iter().enumerate() {
                fieldset.card {
                    legend { "มาตรการที่ " (i + 1) }
                    input type="hidden" name={ "m." (i) ".id" } value=(m.id);
                    (text_field(format!("m.{i}.title"), "มาตรการ", &m.title, false))
                    (text_field(format!("m.{i}.issue"), "ประเด็นที่แก้ไข / พัฒนา (ตัวชี้วัด ข้อ)", &m.issue, false))
                    (text_field(format!("m.{i}.owner"), "ผู้รับผิดชอบ", &m.owner, false))
                    (text_field(format!("m.{i}.steps"), "ขั้นตอน / วิธีการปฏิบัติ", &m.steps, true))
                    (text_field(format!("m.{i}.deadline"), "กำหนดเวลาแล้วเสร็จ", &m.deadline, false))
                    (text_field(format!("m.{i}.monitoring"), "การกำกับติดตาม", &m.monitoring, true))
                    (text_field(format!("m.{i}.reporting"), "การรายงานผล", &m.reporting, true))
                    label.check {
                        input type="checkbox" name={ "m." (i) ".urgent" } value="yes" checked[m.urgent];
                        "ข้อบกพร่องที่ต้องแก้ไขโดยเร่งด่วน"
                    }
                }
            }
            div.actions { button type="submit" { "บันทึกมาตรการ" } }
        }
        (history(&p.history))
    };
    admin("มาตรการ O42", Nav::Ita, body)
}

/// `/admin/ita/progress`.
#[derive(Debug, Clone)]
pub struct ProgressPage {
    pub scope: Scope,
    /// Each measure with its progress as stored or typed (evidence one link a line).
    pub rows: Vec<(Measure, MeasureProgress, String)>,
    pub problems: Vec<Problem>,
    pub saved: Option<i32>,
    pub history: Vec<(i32, String)>,
}

pub fn progress(p: &ProgressPage) -> String {
    let s = &p.scope;
    let body = html! {
        (s.back())
        h1 { "ความก้าวหน้าของมาตรการ (O43) ปีงบประมาณ " (s.fiscal_year) }
        (saved(p.saved))
        (problems(&p.problems))
        @if p.rows.is_empty() {
            p.notice { "ยังไม่มีมาตรการของปีงบประมาณนี้ — " a href={ "/admin/ita/measures" (s.query()) } { "กำหนดมาตรการ (O42)" } " ก่อน" }
        } @else {
            form method="post" action="/admin/ita/progress" {
                (s.hidden())
                @for (m, pr, evidence) in &p.rows {
                    @let id = &m.id;
                    fieldset.card {
                        legend { (m.title) }
                        input type="hidden" name="measure" value=(id);
                        label for={ (id) ".status" } { "สถานะ" }
                        select id={ (id) ".status" } name={ (id) ".status" } {
                            @for st in Status::ALL {
                                option value=(st.key()) selected[st == pr.status] { (st.label()) }
                            }
                        }
                        (text_field(format!("{id}.started"), "วันที่เริ่ม", &pr.started, false))
                        (text_field(format!("{id}.finished"), "วันที่แล้วเสร็จ", &pr.finished, false))
                        (text_field(format!("{id}.result"), "ผลการดำเนินการ", &pr.result, true))
                        (text_field(format!("{id}.outcome"), "ผลลัพธ์", &pr.outcome, true))
                        (text_field(format!("{id}.responsible"), "ผู้รับผิดชอบ (ว่าง = ตามมาตรการ)", &pr.responsible, false))
                        (text_field(format!("{id}.evidence"), "หลักฐาน (ลิงก์ http/https บรรทัดละหนึ่งลิงก์)", evidence, true))
                    }
                }
                div.actions { button type="submit" { "บันทึกความก้าวหน้า" } }
            }
        }
        (history(&p.history))
    };
    admin("ความก้าวหน้า O43", Nav::Ita, body)
}
