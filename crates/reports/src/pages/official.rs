//! `/admin/ita/official`: last year's official ITA results of a unit, typed into a form (scores
//! per indicator and tool, the grade, the assessor's recommendations) or imported from the CSV /
//! JSON template (upload or paste). On bad input the page comes back with every problem, its
//! row and column, and what was typed.
use maud::{html, Markup};

use super::layout::{admin, Nav};
use super::query;

/// What the form holds, as typed (strings, so a wrong value comes back unchanged).
#[derive(Debug, Clone, Default)]
pub struct OfficialForm {
    pub fiscal_year: String,
    pub overall: String,
    pub grade: String,
    /// (tool id, score) for iit, eit, oit.
    pub tools: Vec<(String, String)>,
    /// Scores of indicators 1 … 10.
    pub indicators: Vec<String>,
    /// (code, text) of the recommendations, blank rows included.
    pub recommendations: Vec<(String, String)>,
}

/// One problem of the input: row (CSV line) and column (CSV column or JSON field).
#[derive(Debug, Clone)]
pub struct Problem {
    pub row: Option<usize>,
    pub column: String,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct OfficialPage {
    /// (id, name) of every unit.
    pub units: Vec<(String, String)>,
    pub unit: String,
    pub form: OfficialForm,
    /// The pasted import text, kept after an error.
    pub import_text: String,
    pub problems: Vec<Problem>,
    /// The version just saved.
    pub saved: Option<i32>,
    /// (version, saved day) of the shown fiscal year, newest first.
    pub history: Vec<(i32, String)>,
    /// (id, name) of the ten indicators.
    pub indicator_names: Vec<(String, String)>,
}

fn unit_select(units: &[(String, String)], unit: &str) -> Markup {
    html! {
        label for="unit" { "หน่วยงาน" }
        select #unit name="unit" {
            @for (id, name) in units {
                option value=(id) selected[id == unit] { (name) }
            }
        }
    }
}

fn problems(list: &[Problem]) -> Markup {
    html! {
        @if !list.is_empty() {
            div.notice.err role="alert" {
                p { strong { "ยังไม่ได้บันทึก พบปัญหา " (list.len()) " รายการ (ไม่มีข้อมูลใดถูกนำเข้าบางส่วน)" } }
                ul {
                    @for p in list {
                        li {
                            @if let Some(r) = p.row { "แถวที่ " (r) " " }
                            @if !p.column.is_empty() { "คอลัมน์/ช่อง “" (p.column) "”: " }
                            (p.message)
                        }
                    }
                }
            }
        }
    }
}

pub fn page(p: &OfficialPage) -> String {
    let f = &p.form;
    let here = query(&[("unit", Some(&p.unit)), ("fy", Some(&f.fiscal_year))]);
    let body = html! {
        p.small { a href={ "/admin/ita" (here) } { "← ITA ของหน่วยงาน (O42 / O43)" } }
        h1 { "ผลการประเมิน ITA อย่างเป็นทางการ (ปีที่แล้ว)" }
        p.muted { "บันทึกผลที่สำนักงาน ป.ป.ช. ประกาศ เพื่อใช้วิเคราะห์ใน O42 ของปีถัดไป ทุกครั้งที่บันทึกจะเก็บเป็นฉบับใหม่ ฉบับเดิมไม่ถูกลบ" }
        @if let Some(v) = p.saved {
            p.notice.ok role="status" { "บันทึกแล้ว (ฉบับที่ " (v) ")" }
        }
        (problems(&p.problems))
        h2 { "กรอกผลการประเมิน" }
        form.card method="post" action="/admin/ita/official" {
            (unit_select(&p.units, &p.unit))
            label for="fiscal_year" { "ปีงบประมาณที่ประเมิน (พ.ศ.)" }
            input #fiscal_year type="text" inputmode="numeric" name="fiscal_year" value=(f.fiscal_year) required;
            h3 { "คะแนนรายตัวชี้วัด (0–100)" }
            table {
                thead { tr { th { "ตัวชี้วัด" } th { "คะแนน" } } }
                tbody {
                    @for (i, (id, name)) in p.indicator_names.iter().enumerate() {
                        tr {
                            td { label for={ "ind" (id) } { (id) ". " (name) } }
                            td { input id={ "ind" (id) } type="text" inputmode="decimal" name={ "indicator." (id) }
                                value=(f.indicators.get(i).map(String::as_str).unwrap_or("")); }
                        }
                    }
                }
            }
            h3 { "คะแนนรายเครื่องมือ คะแนนรวม และระดับ" }
            @for (tool, v) in &f.tools {
                label for={ "tool-" (tool) } { (tool.to_uppercase()) }
                input id={ "tool-" (tool) } type="text" inputmode="decimal" name={ "tool." (tool) } value=(v);
            }
            label for="overall" { "คะแนนรวม" }
            input #overall type="text" inputmode="decimal" name="overall" value=(f.overall);
            label for="grade" { "ระดับผลการประเมิน" }
            input #grade type="text" name="grade" value=(f.grade);
            h3 { "ข้อเสนอแนะของผู้ประเมิน (เช่น I25, E14, O36)" }
            table {
                thead { tr { th { "ข้อ" } th { "ข้อเสนอแนะ" } } }
                tbody {
                    @for (i, (code, text)) in f.recommendations.iter().enumerate() {
                        tr {
                            td { input type="text" name={ "rec." (i) ".code" } aria-label={ "รหัสข้อ แถว " (i + 1) } value=(code); }
                            td { input type="text" name={ "rec." (i) ".text" } aria-label={ "ข้อเสนอแนะ แถว " (i + 1) } value=(text); }
                        }
                    }
                }
            }
            div.actions { button type="submit" { "บันทึกผลการประเมิน" } }
        }
        h2 { "นำเข้าจากไฟล์ CSV หรือ JSON" }
        p { "แม่แบบ: " a href="/admin/ita/official/template.csv" { "official-results-template.csv" } " · "
            a href="/admin/ita/official/template.json" { "official-results-template.json" } }
        form.card method="post" action="/admin/ita/official/import" enctype="multipart/form-data" {
            (unit_select(&p.units, &p.unit))
            label for="file" { "ไฟล์ (.csv หรือ .json)" }
            input #file type="file" name="file" accept=".csv,.json,text/csv,application/json";
            label for="text" { "หรือวางข้อความ CSV / JSON" }
            textarea #text name="text" rows="10" cols="60" { (p.import_text) }
            div.actions { button type="submit" { "นำเข้า" } }
        }
        @if !p.history.is_empty() {
            h2 { "ประวัติการบันทึก ปีงบประมาณ " (f.fiscal_year) }
            ul { @for (v, day) in &p.history { li { "ฉบับที่ " (v) " · " (day) } } }
        }
    };
    admin("ผลการประเมิน ITA อย่างเป็นทางการ", Nav::Ita, body)
}
