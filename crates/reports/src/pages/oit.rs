//! The OIT self-assessment of one unit and fiscal year (`/admin/ita/oit`): every item O1…O43
//! grouped by sub-indicator with มี / ไม่มี, the evidence URL, the explanation and the item's
//! criteria as a checklist; the current score, the history of saved versions and the last
//! evidence link check. Also the agency's own ITA estimate (`/admin/ita/estimate`).
use maud::{html, Markup};

use super::layout::{admin, Nav};
use super::measures::Scope;
use super::query;

/// One item of the form, as stored or as typed.
#[derive(Debug, Clone, Default)]
pub struct OitItemRow {
    /// Answer code, e.g. `o12`.
    pub code: String,
    pub title: String,
    /// The criteria, one point a line of the checklist.
    pub criteria: Vec<String>,
    pub needs_url: bool,
    /// `"yes"`, `"no"` or empty (not answered yet).
    pub answer: String,
    pub url: String,
    pub note: String,
    /// What is wrong with this item (Thai and English), when the save was refused.
    pub problems: Vec<String>,
}

/// The items of one sub-indicator (9.1 …).
#[derive(Debug, Clone, Default)]
pub struct OitGroup {
    pub id: String,
    pub title: String,
    pub items: Vec<OitItemRow>,
}

/// One line of the link check report.
#[derive(Debug, Clone, Default)]
pub struct LinkRow {
    /// Item code as printed (`O12`).
    pub code: String,
    pub url: String,
    /// "HTTP 200", "ไม่ได้เปิด" …
    pub status: String,
    /// Where the redirects ended, when it is another address.
    pub redirected_to: Option<String>,
    pub title: Option<String>,
    pub size: Option<String>,
    /// Thai messages of the flags; empty when the link is fine.
    pub flags: Vec<String>,
}

/// The stored link check shown on the page.
#[derive(Debug, Clone, Default)]
pub struct LinkCheckView {
    /// The document version that was checked, and the day of the check.
    pub version: i32,
    pub day: String,
    pub main_site: Option<String>,
    pub fetched_urls: usize,
    pub flagged_items: usize,
    pub rows: Vec<LinkRow>,
    /// The answers were saved again after the check.
    pub outdated: bool,
}

/// `/admin/ita/oit`.
#[derive(Debug, Clone)]
pub struct OitPage {
    pub scope: Scope,
    /// Instrument title and edition, and its "unverified" note.
    pub instrument: String,
    pub unverified: Option<String>,
    pub groups: Vec<OitGroup>,
    pub main_site: String,
    /// (what, score as printed) for indicators 9, 10 and the OIT tool.
    pub scores: Vec<(String, String)>,
    /// Problems of a refused save (each names its item).
    pub problems: Vec<String>,
    /// Version just saved.
    pub saved: Option<i32>,
    /// The version shown, when it is not the current one.
    pub viewing: Option<i32>,
    /// Current version and its day.
    pub current: Option<(i32, String)>,
    pub history: Vec<(i32, String)>,
    pub link_check: Option<LinkCheckView>,
}

fn scope_query(s: &Scope, extra: &[(&str, Option<&str>)]) -> String {
    let fy = s.fiscal_year.to_string();
    let mut pairs = vec![("unit", Some(s.unit.as_str())), ("fy", Some(fy.as_str()))];
    pairs.extend_from_slice(extra);
    query(&pairs)
}

fn hidden(s: &Scope) -> Markup {
    html! {
        input type="hidden" name="unit" value=(s.unit);
        input type="hidden" name="fy" value=(s.fiscal_year);
    }
}

fn scope_picker(s: &Scope, action: &str) -> Markup {
    html! {
        form.filters method="get" action=(action) {
            div {
                label for="unit" { "หน่วยงาน" }
                select #unit name="unit" {
                    @for (id, name) in &s.units { option value=(id) selected[*id == s.unit] { (name) } }
                }
            }
            div {
                label for="fy" { "ปีงบประมาณ (พ.ศ.)" }
                input #fy type="text" inputmode="numeric" name="fy" value=(s.fiscal_year);
            }
            div { button type="submit" { "แสดง" } }
        }
    }
}

fn item(row: &OitItemRow) -> Markup {
    let c = &row.code;
    let bad = !row.problems.is_empty();
    html! {
        fieldset.card.oit-item.bad[bad] id={ "item-" (c) } {
            legend { strong { (c.to_uppercase()) } " " (row.title) }
            @if bad {
                ul.err-list role="alert" { @for p in &row.problems { li { (p) } } }
            }
            div.oit-cols {
                div {
                    div.radios role="radiogroup" aria-label={ (c.to_uppercase()) " มีหรือไม่มี" } {
                        label.check { input type="radio" name=(c) value="yes" checked[row.answer == "yes"]; "มี" }
                        label.check { input type="radio" name=(c) value="no" checked[row.answer == "no"]; "ไม่มี" }
                    }
                    label for={ (c) ".url" } {
                        "URL หลักฐานบนเว็บไซต์หลัก"
                        @if row.needs_url { " (ต้องระบุเมื่อตอบ “มี”)" }
                    }
                    input id={ (c) ".url" } type="text" inputmode="url" name={ (c) ".url" } value=(row.url) placeholder="https://";
                    label for={ (c) ".note" } { "คำอธิบายเพิ่มเติม" }
                    textarea id={ (c) ".note" } name={ (c) ".note" } rows="2" { (row.note) }
                }
                @if !row.criteria.is_empty() {
                    div.criteria {
                        p.small { strong { "เกณฑ์ที่ผู้ประเมินตรวจ" } }
                        ul.checklist { @for point in &row.criteria { li { (point) } } }
                    }
                }
            }
        }
    }
}

fn link_report(s: &Scope, lc: &Option<LinkCheckView>, can_check: bool, main_site: &str) -> Markup {
    html! {
        h2 #linkcheck { "ตรวจลิงก์หลักฐาน" }
        @if can_check {
            form.noprint.linkcheck method="post" action="/admin/ita/oit/linkcheck" {
                (hidden(s))
                p.small.muted {
                    "เปิดทุก URL ของฉบับที่บันทึกล่าสุด ตรวจสถานะ การเปลี่ยนเส้นทาง ชื่อหน้า ขนาด "
                    "และหน้าที่อยู่นอกเว็บไซต์หลัก"
                    @if main_site.is_empty() { " (ยังไม่ได้ระบุเว็บไซต์หลัก จึงไม่ตรวจว่าอยู่นอกเว็บไซต์หลักหรือไม่)" }
                    @else { " (เว็บไซต์หลัก: " (main_site) ")" }
                }
                div.inline {
                    label for="timeout" { "รอแต่ละหน้าไม่เกิน (วินาที)" }
                    input #timeout type="text" inputmode="numeric" name="timeout" value="10";
                }
                button type="submit" { "ตรวจลิงก์ทั้งหมด" }
            }
        } @else {
            p.muted { "บันทึกแบบประเมินก่อน จึงตรวจลิงก์ได้" }
        }
        @if let Some(lc) = lc {
            div.notice.ok[lc.flagged_items == 0].err[lc.flagged_items > 0] role="status" {
                "ผลการตรวจลิงก์ของฉบับที่ " (lc.version) " (ตรวจเมื่อ " (lc.day) "): เปิด " (lc.fetched_urls) " URL, "
                @if lc.flagged_items == 0 { "ไม่พบปัญหา" } @else { "พบปัญหา " (lc.flagged_items) " ข้อ" }
                @if let Some(m) = &lc.main_site { " · เว็บไซต์หลัก " (m) }
                @if lc.outdated { br; strong { "มีการบันทึกแบบประเมินหลังการตรวจนี้ ควรตรวจอีกครั้ง" } }
            }
            div.table-wrap { table.links {
                thead { tr { th { "ข้อ" } th { "URL" } th { "สถานะ" } th { "ชื่อหน้า / ขนาด" } th { "ปัญหา" } } }
                tbody { @for r in &lc.rows { tr {
                    td { (r.code) }
                    td.url { (r.url)
                        @if let Some(to) = &r.redirected_to { br; span.small { "→ เปลี่ยนเส้นทางไปที่ " (to) } }
                    }
                    td { (r.status) }
                    td { @if let Some(t) = &r.title { (t) } @if let Some(sz) = &r.size { br; span.small { (sz) } } }
                    td.bad[!r.flags.is_empty()].good[r.flags.is_empty()] {
                        @if r.flags.is_empty() { "ใช้ได้" }
                        @else { ul { @for f in &r.flags { li { (f) } } } }
                    }
                } } }
            } }
        }
    }
}

const OIT_CSS: &str = "
.oit-cols{display:grid;grid-template-columns:1fr;gap:.5rem 1rem}
@media (min-width:56rem){.oit-cols{grid-template-columns:3fr 2fr}}
.oit-item.bad{border:2px solid #b91c1c}
.err-list{color:#991b1b;font-weight:600;margin:.25rem 0 .5rem;padding-left:1.2rem}
.radios{display:flex;gap:1.5rem}
.criteria{background:#f9fafb;border-left:4px solid #93c5fd;padding:.25rem .6rem;font-size:.9rem}
.checklist{margin:.2rem 0;padding-left:1.2rem}
textarea{display:block;width:100%;font:inherit;padding:.3rem .5rem;border:1px solid #6b7280;border-radius:4px}
td.url{overflow-wrap:anywhere;max-width:24rem}
.inline{max-width:16rem;margin:.4rem 0}
";

pub fn page(p: &OitPage) -> String {
    let s = &p.scope;
    let body = html! {
        style { (maud::PreEscaped(OIT_CSS)) }
        p.small { a href={ "/admin/ita" (scope_query(s, &[])) } { "← ITA ของหน่วยงาน" } }
        h1 { "แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT) ปีงบประมาณ " (s.fiscal_year) }
        (scope_picker(s, "/admin/ita/oit"))
        p.muted { (p.instrument) }
        @if let Some(u) = &p.unverified { p.notice.small { (u) } }
        @match &p.current {
            Some((v, day)) => p { "บันทึกล่าสุด: ฉบับที่ " (v) " บันทึกเมื่อ " (day) " (ฉบับร่าง แก้ไขและบันทึกได้เรื่อย ๆ ทุกครั้งเก็บเป็นฉบับใหม่)" },
            None => p.notice { "ยังไม่ได้บันทึกแบบประเมินของหน่วยงานและปีงบประมาณนี้" },
        }
        @if let Some(v) = p.saved { p.notice.ok role="status" { "บันทึกแล้ว (ฉบับที่ " (v) ")" } }
        @if let Some(v) = p.viewing {
            p.notice role="status" { "กำลังดูฉบับที่ " (v) " (ฉบับเก่า) — บันทึกจากหน้านี้จะเป็นฉบับใหม่ที่มีคำตอบตามฉบับนี้ · "
                a href={ "/admin/ita/oit" (scope_query(s, &[])) } { "กลับไปฉบับล่าสุด" } }
        }
        @if !p.problems.is_empty() {
            div.notice.err role="alert" {
                p { strong { "ยังไม่ได้บันทึก พบปัญหา " (p.problems.len()) " รายการ (คำตอบที่กรอกไว้ยังอยู่ในแบบฟอร์ม)" } }
                ul { @for m in &p.problems { li { (m) } } }
            }
        }
        h2 { "คะแนนตามคำตอบที่บันทึก" }
        div.stats { @for (what, score) in &p.scores { div.stat { span.v { (score) } span.l { (what) } } } }
        p.small.muted { "คะแนนจากการตอบของหน่วยงานเอง (มี = 100, ไม่มี = 0) ไม่ใช่ผลการตรวจของผู้ประเมิน" }
        div.actions.noprint {
            a.button.secondary href={ "/admin/ita/oit/print" (scope_query(s, &[])) } { "พิมพ์แบบ OIT" }
            a.button.secondary href={ "/admin/ita/oit/export.csv" (scope_query(s, &[])) } { "ส่งออก CSV" }
            a.button.secondary href={ "/admin/ita/oit/export.json" (scope_query(s, &[])) } { "ส่งออก JSON" }
            a.button.secondary href={ "/admin/ita/estimate" (scope_query(s, &[])) } { "ประมาณการ ITA" }
        }
        form method="post" action="/admin/ita/oit" {
            (hidden(s))
            div.card {
                label for="main_site" { "เว็บไซต์หลักของหน่วยงาน (ใช้ตรวจว่าหลักฐานอยู่บนเว็บไซต์หลัก)" }
                input #main_site type="text" inputmode="url" name="main_site" value=(p.main_site) placeholder="https://www.example.go.th";
            }
            @for g in &p.groups {
                h2 { "ตัวชี้วัดย่อยที่ " (g.id) " " (g.title) }
                @for row in &g.items { (item(row)) }
            }
            div.actions { button type="submit" { "บันทึกฉบับร่าง" } }
        }
        (link_report(s, &p.link_check, p.current.is_some(), &p.main_site))
        @if !p.history.is_empty() {
            h2 { "ประวัติการบันทึก" }
            ul { @for (v, day) in &p.history {
                li { a href={ "/admin/ita/oit" (scope_query(s, &[("version", Some(&v.to_string()))])) } { "ฉบับที่ " (v) } " · บันทึกเมื่อ " (day) }
            } }
        }
    };
    admin("แบบประเมิน OIT", Nav::Ita, body)
}

/// One tool's line of the estimate page.
#[derive(Debug, Clone, Default)]
pub struct ToolLine {
    /// `IIT`, `EIT`, `OIT`.
    pub tool: String,
    /// The score as printed, or none when the tool's result is missing.
    pub score: Option<String>,
    pub weight: String,
    /// Where the score comes from (or what to do to get it).
    pub source: String,
}

/// `/admin/ita/estimate`.
#[derive(Debug, Clone)]
pub struct EstimatePage {
    pub scope: Scope,
    pub tools: Vec<ToolLine>,
    /// The weighted score as printed and the grade label, when all three tools exist.
    pub score: Option<String>,
    pub grade: Option<String>,
    /// The edition whose weights and grade labels were used.
    pub edition: String,
    pub unverified: bool,
    /// Why there is no estimate (each missing tool said plainly).
    pub missing: Vec<String>,
}

/// The label every estimate carries.
pub const ESTIMATE_LABEL: &str = "การประมาณการของหน่วยงานเอง ไม่ใช่ผลการประเมินอย่างเป็นทางการ";

pub fn estimate(p: &EstimatePage) -> String {
    let s = &p.scope;
    let body = html! {
        p.small { a href={ "/admin/ita" (scope_query(s, &[])) } { "← ITA ของหน่วยงาน" } }
        h1 { "ประมาณการคะแนน ITA ภาพรวม ปีงบประมาณ " (s.fiscal_year) }
        (scope_picker(s, "/admin/ita/estimate"))
        p.notice { strong { (ESTIMATE_LABEL) } }
        div.table-wrap { table.narrow {
            thead { tr { th { "เครื่องมือ" } th.num { "คะแนน" } th.num { "น้ำหนัก (%)" } th { "ที่มา" } } }
            tbody { @for t in &p.tools { tr {
                td { (t.tool) }
                td.num { @match &t.score { Some(v) => (v), None => "ยังไม่มี" } }
                td.num { (t.weight) }
                td { (t.source) }
            } } }
        } }
        @match &p.score {
            Some(score) => {
                div.stats {
                    div.stat { span.v { (score) } span.l { "คะแนนประมาณการ (ถ่วงน้ำหนัก)" } }
                    @if let Some(g) = &p.grade { div.stat { span.v { (g) } span.l { "ระดับผลการประเมิน (ประมาณการ)" } } }
                }
            }
            None => {
                div.notice.err role="status" {
                    p { strong { "ยังประมาณการภาพรวมไม่ได้" } }
                    ul { @for m in &p.missing { li { (m) } } }
                }
            }
        }
        p.small.muted {
            "น้ำหนักและเกณฑ์ระดับตามข้อมูลปีงบประมาณ " (p.edition)
            @if p.unverified { " (ยังไม่ได้ตรวจสอบกับคู่มือของสำนักงาน ป.ป.ช.)" }
            " · " (ESTIMATE_LABEL)
        }
    };
    admin("ประมาณการ ITA", Nav::Ita, body)
}
