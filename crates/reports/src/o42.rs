//! O42: the draft of รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส — scores per tool and
//! indicator from the agency's own pre-assessment, the change against last year, strengths and
//! indicators to develop, and for each indicator to develop the blocks staff must write
//! themselves (a copy of the NACC ITAS system's analysis scores zero, seed 004:126).
use std::collections::BTreeMap;
use std::fmt::Write as _;

use prongsai_core::grade;
use prongsai_core::report::{Classified, Group};
use prongsai_core::{AtThreshold, Date, Instrument, Report};

use crate::blocks::{self, Period};
use crate::html::chart::{bar_chart, Bar, BarChart, Layout, Target};
use crate::html::{document, el, escape, PageKind};
use crate::thai::{Fmt, PeriodKind};

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
    let mut b = String::from("<main class=\"doc\">");
    b.push_str("<p class=\"center\"><span class=\"draft\">ร่าง</span></p>");
    b.push_str(&blocks::title_block(
        f,
        TITLE,
        &opts.agency,
        opts.unit.as_deref(),
        &opts.period,
        shown.first().or(parts.first()).map(|p| p.report),
    ));
    b.push_str(&disclaimer(f, &shown));
    if shown.is_empty() {
        b.push_str(
            "<p class=\"notice\"><strong>ไม่มีผลแบบวัดการรับรู้ (IIT/EIT)</strong> \
             ร่าง O42 ใช้กับแบบสำรวจที่มีตัวชี้วัดเท่านั้น</p></main>",
        );
        return document(TITLE, PageKind::Report, &b);
    }
    b.push_str(&background());
    b.push_str(&scores(f, &shown, opts));
    let visible: Vec<Assessment> = shown
        .iter()
        .copied()
        .filter(|p| !blocks::too_few(p.report))
        .collect();
    b.push_str(&analysis(f, &visible));
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
    b.push_str(&measures(f, &weak));
    b.push_str(&appendix(f, &visible, opts));
    b.push_str(&blocks::closing(
        f,
        opts.generated,
        &[
            "ผู้จัดทำ (คณะทำงานด้านการประเมิน ITA)",
            "ผู้ตรวจสอบ",
            "ผู้บริหารหน่วยงาน (เห็นชอบ)",
        ],
        "ร่างจากผลการประเมินตนเองล่วงหน้าของหน่วยงานด้วย prongsai ไม่ใช่ผลการประเมินของสำนักงาน ป.ป.ช.",
    ));
    b.push_str("</main>");
    let title = format!("{TITLE} (ร่าง) {}", opts.agency.trim());
    document(title.trim(), PageKind::Report, &b)
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

fn disclaimer(f: Fmt, parts: &[Assessment]) -> String {
    let mut s = String::from(
        "<div class=\"notice\"><p><strong>ผลการประเมินตนเองล่วงหน้าของหน่วยงานด้วย prongsai \
         ไม่ใช่ผลการประเมินของสำนักงาน ป.ป.ช. จากระบบ ITAS</strong></p>",
    );
    let counts: Vec<String> = parts
        .iter()
        .map(|p| {
            let tools: Vec<String> = p
                .instrument
                .tools
                .iter()
                .map(|t| short_tool(&t.id))
                .collect();
            format!("{} ผู้ตอบ {} คน", tools.join("/"), f.int(p.report.n))
        })
        .collect();
    let _ = write!(
        s,
        "<p>คะแนนในร่างนี้คำนวณจากแบบสำรวจที่หน่วยงานเก็บเอง ({}) เพื่อวิเคราะห์และเตรียมมาตรการล่วงหน้า \
         เมื่อสำนักงาน ป.ป.ช. ประกาศผลแล้ว ให้ใช้คะแนนที่ประกาศในการจัดทำรายงานฉบับที่เผยแพร่</p>",
        escape(&counts.join(", "))
    );
    for p in parts {
        if let Some(g) = &p.report.grade {
            let source = grade::builtin_scheme(&g.scheme)
                .and_then(|s| s.source.as_ref())
                .map(|t| t.th.clone());
            let basis = if g.basis == "overall" {
                "คะแนนรวมถ่วงน้ำหนัก".to_string()
            } else {
                format!("คะแนน {} เท่านั้น", short_tool(&g.basis))
            };
            let scheme = match g.scheme.parse::<i32>() {
                Ok(fy) => format!("เกณฑ์{}", f.fiscal_year(fy)),
                Err(_) => "เกณฑ์ที่กำหนดในแบบสำรวจ".to_string(),
            };
            let _ = write!(
                s,
                "<p>ระดับ “{}” เทียบจาก{} ตาม{}{}</p>",
                escape(&g.label.th),
                escape(&basis),
                escape(&scheme),
                if g.unverified {
                    format!(
                        " ซึ่ง<strong>ยังไม่ได้ตรวจสอบกับคู่มือการประเมินของสำนักงาน ป.ป.ช.</strong>{}",
                        source
                            .map(|s| format!(" ({})", escape(&s)))
                            .unwrap_or_default()
                    )
                } else {
                    String::new()
                }
            );
        }
        if let Some(u) = &p.instrument.unverified {
            let _ = write!(s, "<p><small>ข้อคำถาม: {}</small></p>", escape(&u.th));
        }
    }
    s.push_str("</div>");
    s
}

fn background() -> String {
    "<h2>1. ความเป็นมา</h2><p>ข้อ O42 มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน กำหนดให้หน่วยงานแสดง\
     การวิเคราะห์ผลการประเมิน ITA อย่างน้อยประกอบด้วย ประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อนที่จะต้องแก้ไขโดยเร่งด่วน \
     ประเด็นที่จะต้องพัฒนาให้ดีขึ้น และแนวทางการนำผลการวิเคราะห์ไปสู่การปฏิบัติ โดยกำหนดผู้รับผิดชอบหรือผู้ที่เกี่ยวข้อง \
     ขั้นตอนหรือวิธีการปฏิบัติ และแนวทางการกำกับติดตามให้นำไปสู่การปฏิบัติและการรายงานผล \
     หน่วยงานต้องวิเคราะห์ด้วยตนเอง หากนำบทวิเคราะห์หรือข้อเสนอแนะจากระบบ ITAS มาโดยไม่มีการวิเคราะห์เพิ่มเติม \
     จะไม่ได้คะแนนในข้อนี้</p>"
        .to_string()
}

fn standing_cell(standing: Option<&str>) -> String {
    match standing {
        Some("strength") => el("td", "class=\"c good\"", "จุดแข็ง"),
        Some("develop") => el("td", "class=\"c bad\"", "ต้องพัฒนา"),
        _ => el("td", "class=\"c\"", "–"),
    }
}

fn previous_label(f: Fmt, opts: &O42Options, prev: &Report) -> String {
    opts.previous_label
        .clone()
        .filter(|l| !l.trim().is_empty())
        .unwrap_or_else(|| Period::default().name(f, Some(prev)))
}

fn scores(f: Fmt, parts: &[Assessment], opts: &O42Options) -> String {
    let mut s = String::from("<h2>2. ผลการประเมินตนเอง</h2>");
    let prev_label = parts
        .iter()
        .find_map(|p| p.previous)
        .map(|prev| previous_label(f, opts, prev));
    let has_prev = prev_label.is_some();
    let _ = write!(
        s,
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"ตาราง (เลื่อนดูด้านข้างได้)\"><table class=\"scores\"><thead><tr><th>แบบวัด / ตัวชี้วัด</th>\
         <th class=\"num\">ผู้ตอบ (คน)</th><th class=\"num\">คะแนน</th>{}<th>ผล</th></tr></thead><tbody>",
        prev_label
            .as_ref()
            .map(|l| format!(
                "<th class=\"num\">{}</th><th class=\"num\">เปลี่ยนแปลง</th>",
                escape(l)
            ))
            .unwrap_or_default()
    );
    let mut bars = Vec::new();
    for p in parts {
        let hidden = blocks::too_few(p.report);
        let prev = p.previous.filter(|r| !blocks::too_few(r));
        let cols = if has_prev { 5 } else { 3 };
        for tool in &p.instrument.tools {
            let score = p.report.tools.get(&tool.id).and_then(|t| t.score);
            let _ = write!(
                s,
                "<tr class=\"total\" data-tool=\"{}\"><td>{}</td><td class=\"num\">{}</td>",
                escape(&tool.id),
                escape(&tool_name(p, &tool.id)),
                f.int(p.report.n)
            );
            if hidden {
                let _ = write!(
                    s,
                    "<td class=\"suppressed\" colspan=\"{cols}\">{}</td></tr>",
                    escape(&blocks::suppressed(f, p.report.breakdowns.min_group))
                );
                continue;
            }
            let before = prev
                .and_then(|r| r.tools.get(&tool.id))
                .and_then(|t| t.score);
            let grade = p
                .report
                .grade
                .as_ref()
                .filter(|g| g.basis == tool.id)
                .map(|g| format!("ระดับ {}*", g.label.th))
                .unwrap_or_else(|| "–".into());
            let _ = write!(s, "<td class=\"num\">{}</td>", f.opt2(score));
            if has_prev {
                let _ = write!(
                    s,
                    "<td class=\"num\">{}</td><td class=\"num\">{}</td>",
                    f.opt2(before),
                    escape(&blocks::change(f, score, before))
                );
            }
            let _ = write!(s, "{}</tr>", el("td", "class=\"c\"", &grade));
        }
        if hidden {
            continue;
        }
        for ind in &p.instrument.indicators {
            let Some(stats) = p.report.indicators.get(&ind.id) else {
                continue;
            };
            let before = prev
                .and_then(|r| r.indicators.get(&ind.id))
                .and_then(|i| i.score);
            let _ = write!(
                s,
                "<tr data-indicator=\"{}\"><td>ตัวชี้วัดที่ {} {}</td><td></td><td class=\"num\">{}</td>",
                escape(&ind.id),
                escape(&f.text(&ind.id)),
                escape(&ind.title.th),
                f.opt2(stats.score)
            );
            if has_prev {
                let _ = write!(
                    s,
                    "<td class=\"num\">{}</td><td class=\"num\">{}</td>",
                    f.opt2(before),
                    escape(&blocks::change(f, stats.score, before))
                );
            }
            let _ = write!(s, "{}</tr>", standing_cell(stats.standing));
            bars.push(Bar::new(
                f.text(&format!("{}. {}", ind.id, ind.title.th)),
                stats.score,
            ));
        }
        if let Some(overall) = p.report.overall {
            let _ = write!(
                s,
                "<tr class=\"total\"><td>คะแนนรวมถ่วงน้ำหนัก</td><td></td><td class=\"num\">{}</td>{}<td></td></tr>",
                f.num2(overall),
                if has_prev { "<td></td><td></td>" } else { "" }
            );
        }
    }
    s.push_str("</tbody></table></div>");
    if parts.iter().any(|p| p.report.grade.is_some()) {
        s.push_str(
            "<p><small>* ระดับเทียบจากคะแนนของแบบวัดนั้นตามเกณฑ์ที่ระบุในกรอบด้านบน ไม่ใช่ระดับผลการประเมิน ITA \
             ที่สำนักงาน ป.ป.ช. ประกาศ (ซึ่งรวมแบบวัด OIT ด้วย)</small></p>",
        );
    }
    let mut sample = Vec::new();
    for p in parts {
        if let Some(min) = p.report.sample_min {
            sample.push(format!(
                "{}: ผู้ตอบ {} คน จากขั้นต่ำที่แนะนำ {} คน",
                p.instrument
                    .tools
                    .iter()
                    .map(|t| short_tool(&t.id))
                    .collect::<Vec<_>>()
                    .join("/"),
                f.int(p.report.n),
                f.int(u64::from(min))
            ));
        }
    }
    if !sample.is_empty() {
        let _ = write!(s, "<p><small>{}</small></p>", escape(&sample.join(" · ")));
    }
    if !bars.is_empty() {
        let pass = parts
            .first()
            .map_or(85.0, |p| p.instrument.scoring.thresholds.pass);
        s.push_str(&bar_chart(&BarChart {
            id: "chart-indicators",
            title: "คะแนนรายตัวชี้วัดเทียบกับเกณฑ์ผ่าน",
            bars: &bars,
            max: 100.0,
            target: Some(Target {
                value: pass,
                label: "เกณฑ์ผ่าน",
            }),
            unit: "",
            fmt: f,
            layout: Layout::Side,
        }));
    }
    s
}

fn threshold_phrase(f: Fmt, ins: &Instrument, strength: bool) -> String {
    let t = &ins.scoring.thresholds;
    if strength {
        match t.at_threshold {
            AtThreshold::Strength => {
                f.text(&format!("คะแนนตั้งแต่ {} ขึ้นไป", f.num(t.strength_above, 0)))
            }
            _ => f.text(&format!("คะแนนมากกว่า {}", f.num(t.strength_above, 0))),
        }
    } else {
        match t.at_threshold {
            AtThreshold::Develop => f.text(&format!("คะแนนไม่เกิน {}", f.num(t.develop_below, 0))),
            _ => f.text(&format!("คะแนนต่ำกว่า {}", f.num(t.develop_below, 0))),
        }
    }
}

fn item_line(f: Fmt, report: &Report, code: &str, score: f64) -> String {
    let text = report
        .items
        .get(code)
        .map(|i| i.text.th.as_str())
        .unwrap_or("");
    format!(
        "<li><strong>{}</strong> ({}) {}</li>",
        escape(code),
        f.num2(score),
        escape(text)
    )
}

fn analysis(f: Fmt, parts: &[Assessment]) -> String {
    let mut s = String::from("<h2>3. การวิเคราะห์ผลการประเมินตนเอง</h2>");
    let Some(first) = parts.first() else {
        s.push_str(
            "<p class=\"notice\"><strong>ยังไม่แสดงผล</strong> เนื่องจากมีผู้ตอบน้อยเกินไป \
             เพื่อไม่ให้ระบุตัวผู้ตอบได้</p>",
        );
        return s;
    };
    let mut strengths: Vec<(&Assessment, &Classified)> = parts
        .iter()
        .flat_map(|p| p.report.strengths.iter().map(move |c| (p, c)))
        .collect();
    strengths.sort_by(|a, b| b.1.score.total_cmp(&a.1.score));
    let _ = write!(
        s,
        "<h3>3.1 ตัวชี้วัดที่เป็นจุดแข็ง ({})</h3>",
        escape(&threshold_phrase(f, first.instrument, true))
    );
    if strengths.is_empty() {
        s.push_str("<p>ไม่มีตัวชี้วัดที่เป็นจุดแข็ง</p>");
    } else {
        s.push_str("<ol class=\"strengths\">");
        for (p, c) in &strengths {
            let tool = p
                .report
                .indicators
                .get(&c.indicator)
                .map(|i| short_tool(&i.tool))
                .unwrap_or_default();
            let _ = write!(
                s,
                "<li data-indicator=\"{}\">ตัวชี้วัดที่ {} {} ได้คะแนน {} ({})</li>",
                escape(&c.indicator),
                escape(&f.text(&c.indicator)),
                escape(&c.title.th),
                f.num2(c.score),
                escape(&tool)
            );
        }
        s.push_str("</ol>");
    }
    let mut weak: Vec<(&Assessment, &Classified)> = parts
        .iter()
        .flat_map(|p| p.report.to_develop.iter().map(move |c| (p, c)))
        .collect();
    weak.sort_by(|a, b| a.1.score.total_cmp(&b.1.score));
    let _ = write!(
        s,
        "<h3>3.2 ตัวชี้วัดที่ต้องพัฒนา ({})</h3>",
        escape(&threshold_phrase(f, first.instrument, false))
    );
    if weak.is_empty() {
        s.push_str("<p>ไม่มีตัวชี้วัดที่ต้องพัฒนา</p>");
    } else {
        s.push_str("<ol class=\"to-develop\">");
        for (p, c) in &weak {
            let tool = p
                .report
                .indicators
                .get(&c.indicator)
                .map(|i| short_tool(&i.tool))
                .unwrap_or_default();
            let _ = write!(
                s,
                "<li data-indicator=\"{}\">ตัวชี้วัดที่ {} {} ได้คะแนน {} ({})",
                escape(&c.indicator),
                escape(&f.text(&c.indicator)),
                escape(&c.title.th),
                f.num2(c.score),
                escape(&tool)
            );
            if !c.weakest_items.is_empty() {
                s.push_str("<br>ข้อที่ได้คะแนนต่ำสุด:<ul class=\"weakest\">");
                for i in &c.weakest_items {
                    s.push_str(&item_line(f, p.report, &i.code, i.score));
                }
                s.push_str("</ul>");
            }
            s.push_str("</li>");
        }
        s.push_str("</ol>");
    }
    s
}

fn measures(f: Fmt, weak: &[Weak]) -> String {
    let mut s =
        String::from("<h2>4. มาตรการเพื่อขับเคลื่อนการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน</h2>");
    if weak.is_empty() {
        s.push_str("<p>ไม่มีตัวชี้วัดที่ต้องพัฒนา หน่วยงานอาจกำหนดมาตรการเพื่อรักษาจุดแข็งตามที่เห็นสมควร</p>");
        return s;
    }
    let _ = write!(
        s,
        "<p>สำหรับตัวชี้วัดที่ต้องพัฒนาแต่ละตัว หน่วยงานต้องวิเคราะห์และกำหนดมาตรการเอง \
         ช่องว่างด้านล่างเว้นไว้ให้หน่วยงานเขียน {}</p>",
        escape(WRITE_YOURSELF)
    );
    for (k, w) in weak.iter().enumerate() {
        let n = k + 1;
        let c = w.c;
        let _ = write!(
            s,
            "<section class=\"measure\" data-indicator=\"{}\"><h3>{} ตัวชี้วัดที่ {} {}</h3>",
            escape(&c.indicator),
            escape(&f.text(&format!("4.{n}"))),
            escape(&f.text(&c.indicator)),
            escape(&c.title.th)
        );
        let mut facts = format!("ข้อมูลประกอบจากผลสำรวจ: คะแนน {}", f.num2(c.score));
        if let Some(before) = w
            .part
            .previous
            .filter(|r| !blocks::too_few(r))
            .and_then(|r| r.indicators.get(&c.indicator))
            .and_then(|i| i.score)
        {
            let _ = write!(
                facts,
                " · ปีก่อน {} ({})",
                f.num2(before),
                blocks::change(f, Some(c.score), Some(before))
            );
        }
        if !c.weakest_items.is_empty() {
            let items: Vec<String> = c
                .weakest_items
                .iter()
                .map(|i| format!("{} ({})", i.code, f.num2(i.score)))
                .collect();
            let _ = write!(facts, " · ข้อที่ได้คะแนนต่ำสุด: {}", items.join(", "));
        }
        let _ = write!(s, "<p class=\"facts\">{}</p>", escape(&facts));
        for (j, (field, heading)) in BLOCKS.iter().enumerate() {
            let lines = if *field == "analysis" { 6 } else { 3 };
            let _ = write!(
                s,
                "<div class=\"write-yourself\" data-field=\"{field}\"><h4>{} {}</h4>\
                 <p class=\"instruct\">{}</p>",
                escape(&f.text(&format!("4.{n}.{}", j + 1))),
                escape(heading),
                escape(WRITE_YOURSELF)
            );
            for _ in 0..lines {
                s.push_str("<div class=\"line\"></div>");
            }
            s.push_str("</div>");
        }
        s.push_str("</section>");
    }
    s
}

/// Results by period and service point, with small groups suppressed.
fn appendix(f: Fmt, parts: &[Assessment], opts: &O42Options) -> String {
    let mut s = String::new();
    for p in parts {
        let bd = &p.report.breakdowns;
        if bd.month.is_empty() && bd.point.is_empty() {
            continue;
        }
        if s.is_empty() {
            s.push_str("<h2>ภาคผนวก ผลการประเมินตนเองจำแนกตามช่วงเวลาและจุดให้บริการ</h2>");
        }
        let tools: Vec<String> = p
            .instrument
            .tools
            .iter()
            .map(|t| short_tool(&t.id))
            .collect();
        let name = tools.join("/");
        let label = |kind, key: &str| blocks::period_label(f, kind, key);
        if !bd.point.is_empty() {
            let rows: Vec<(String, &Group)> = bd
                .point
                .iter()
                .map(|g| {
                    (
                        blocks::point_label(p.instrument, &opts.point_names, &g.key),
                        g,
                    )
                })
                .collect();
            let _ = write!(s, "<h3>{} จำแนกตามจุดให้บริการ</h3>", escape(&name));
            s.push_str(&group_table(f, p, "จุดให้บริการ", &rows));
        }
        if !bd.month.is_empty() {
            let rows: Vec<(String, &Group)> = bd
                .half
                .iter()
                .map(|g| (label(PeriodKind::Half, &g.key), g))
                .chain(
                    bd.quarter
                        .iter()
                        .map(|g| (label(PeriodKind::Quarter, &g.key), g)),
                )
                .chain(
                    bd.month
                        .iter()
                        .map(|g| (label(PeriodKind::Month, &g.key), g)),
                )
                .collect();
            let _ = write!(s, "<h3>{} จำแนกตามช่วงเวลา</h3>", escape(&name));
            s.push_str(&group_table(f, p, "ช่วงเวลา", &rows));
        }
    }
    s
}

fn group_table(f: Fmt, p: &Assessment, head: &str, rows: &[(String, &Group)]) -> String {
    let ins = p.instrument;
    let cols = 1 + ins.indicators.len() + ins.tools.len();
    let mut s = format!(
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"ตาราง (เลื่อนดูด้านข้างได้)\"><table class=\"groups\"><colgroup><col style=\"width:20%\"></colgroup>\
         <thead><tr><th>{}</th><th class=\"num\">ผู้ตอบ (คน)</th>",
        escape(head)
    );
    for ind in &ins.indicators {
        let _ = write!(
            s,
            "<th class=\"num\"><span class=\"nw\">{}</span><small>{}</small></th>",
            escape(&f.text(&format!("ตัวชี้วัดที่ {}", ind.id))),
            escape(&ind.title.th)
        );
    }
    for t in &ins.tools {
        let _ = write!(s, "<th class=\"num\">{}</th>", escape(&short_tool(&t.id)));
    }
    s.push_str("</tr></thead><tbody>");
    for (label, g) in rows {
        let _ = write!(s, "<tr><td>{}</td>", escape(label));
        if g.suppressed {
            let _ = write!(
                s,
                "<td class=\"suppressed\" colspan=\"{cols}\">{}</td></tr>",
                escape(&blocks::suppressed(f, p.report.breakdowns.min_group))
            );
            continue;
        }
        let n = g.n.unwrap_or(0);
        let _ = write!(s, "<td class=\"num\">{}</td>", f.int(n));
        if n == 0 {
            let _ = write!(
                s,
                "<td class=\"c\" colspan=\"{}\">ไม่มีผู้ตอบ</td></tr>",
                cols - 1
            );
            continue;
        }
        for ind in &ins.indicators {
            let _ = write!(
                s,
                "<td class=\"num\">{}</td>",
                f.opt2(g.indicators.get(&ind.id).copied())
            );
        }
        for t in &ins.tools {
            let _ = write!(
                s,
                "<td class=\"num\">{}</td>",
                f.opt2(g.tools.get(&t.id).copied())
            );
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table></div>");
    s
}
