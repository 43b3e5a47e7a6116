//! Part 3 (strengths and indicators to develop, with their weakest items) and part 4 (per
//! indicator to develop, the facts and the blocks staff must write themselves).
use maud::{html, Markup};
use prongsai_core::report::Classified;
use prongsai_core::{AtThreshold, Instrument, Report};

use super::{short_tool, Assessment, Weak, BLOCKS, WRITE_YOURSELF};
use crate::blocks;
use crate::thai::Fmt;

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

fn item_line(f: Fmt, report: &Report, code: &str, score: f64) -> Markup {
    let text = report
        .items
        .get(code)
        .map(|i| i.text.th.as_str())
        .unwrap_or("");
    html! { li { strong { (code) } " (" (f.num2(score)) ") " (text) } }
}

/// "ตัวชี้วัดที่ 3 … ได้คะแนน 82.50 (IIT)".
fn indicator_line(f: Fmt, p: &Assessment, c: &Classified) -> Markup {
    let tool = p
        .report
        .indicators
        .get(&c.indicator)
        .map(|i| short_tool(&i.tool))
        .unwrap_or_default();
    html! {
        "ตัวชี้วัดที่ " (f.text(&c.indicator)) " " (c.title.th) " ได้คะแนน " (f.num2(c.score))
        " (" (tool) ")"
    }
}

/// Part 3: strengths (best first) and indicators to develop (worst first).
pub(super) fn analysis(f: Fmt, parts: &[Assessment]) -> Markup {
    let Some(first) = parts.first() else {
        return html! {
            h2 { "3. การวิเคราะห์ผลการประเมินตนเอง" }
            p.notice {
                strong { "ยังไม่แสดงผล" }
                " เนื่องจากมีผู้ตอบน้อยเกินไป เพื่อไม่ให้ระบุตัวผู้ตอบได้"
            }
        };
    };
    let mut strengths: Vec<(&Assessment, &Classified)> = parts
        .iter()
        .flat_map(|p| p.report.strengths.iter().map(move |c| (p, c)))
        .collect();
    strengths.sort_by(|a, b| b.1.score.total_cmp(&a.1.score));
    let mut weak: Vec<(&Assessment, &Classified)> = parts
        .iter()
        .flat_map(|p| p.report.to_develop.iter().map(move |c| (p, c)))
        .collect();
    weak.sort_by(|a, b| a.1.score.total_cmp(&b.1.score));
    html! {
        h2 { "3. การวิเคราะห์ผลการประเมินตนเอง" }
        h3 { "3.1 ตัวชี้วัดที่เป็นจุดแข็ง (" (threshold_phrase(f, first.instrument, true)) ")" }
        @if strengths.is_empty() {
            p { "ไม่มีตัวชี้วัดที่เป็นจุดแข็ง" }
        } @else {
            ol.strengths {
                @for (p, c) in &strengths {
                    li data-indicator=(c.indicator) { (indicator_line(f, p, c)) }
                }
            }
        }
        h3 { "3.2 ตัวชี้วัดที่ต้องพัฒนา (" (threshold_phrase(f, first.instrument, false)) ")" }
        @if weak.is_empty() {
            p { "ไม่มีตัวชี้วัดที่ต้องพัฒนา" }
        } @else {
            ol.to-develop {
                @for (p, c) in &weak {
                    li data-indicator=(c.indicator) {
                        (indicator_line(f, p, c))
                        @if !c.weakest_items.is_empty() {
                            br;
                            "ข้อที่ได้คะแนนต่ำสุด:"
                            ul.weakest {
                                @for i in &c.weakest_items { (item_line(f, p.report, &i.code, i.score)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The facts line of one indicator to develop: score, last year's, weakest items.
fn facts(f: Fmt, w: &Weak) -> String {
    let c = w.c;
    let mut facts = format!("ข้อมูลประกอบจากผลสำรวจ: คะแนน {}", f.num2(c.score));
    if let Some(before) = w
        .part
        .previous
        .filter(|r| !blocks::too_few(r))
        .and_then(|r| r.indicators.get(&c.indicator))
        .and_then(|i| i.score)
    {
        facts.push_str(&format!(
            " · ปีก่อน {} ({})",
            f.num2(before),
            blocks::change(f, Some(c.score), Some(before))
        ));
    }
    if !c.weakest_items.is_empty() {
        let items: Vec<String> = c
            .weakest_items
            .iter()
            .map(|i| format!("{} ({})", i.code, f.num2(i.score)))
            .collect();
        facts.push_str(&format!(" · ข้อที่ได้คะแนนต่ำสุด: {}", items.join(", ")));
    }
    facts
}

/// Part 4: per indicator to develop, its facts and the five blocks to write by hand.
pub(super) fn measures(f: Fmt, weak: &[Weak]) -> Markup {
    html! {
        h2 { "4. มาตรการเพื่อขับเคลื่อนการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน" }
        @if weak.is_empty() {
            p { "ไม่มีตัวชี้วัดที่ต้องพัฒนา หน่วยงานอาจกำหนดมาตรการเพื่อรักษาจุดแข็งตามที่เห็นสมควร" }
        } @else {
            p {
                "สำหรับตัวชี้วัดที่ต้องพัฒนาแต่ละตัว หน่วยงานต้องวิเคราะห์และกำหนดมาตรการเอง "
                "ช่องว่างด้านล่างเว้นไว้ให้หน่วยงานเขียน " (WRITE_YOURSELF)
            }
        }
        @for (k, w) in weak.iter().enumerate() {
            @let n = k + 1;
            section.measure data-indicator=(w.c.indicator) {
                h3 {
                    (f.text(&format!("4.{n}"))) " ตัวชี้วัดที่ " (f.text(&w.c.indicator)) " "
                    (w.c.title.th)
                }
                p.facts { (facts(f, w)) }
                @for (j, (field, heading)) in BLOCKS.iter().enumerate() {
                    div.write-yourself data-field=(field) {
                        h4 { (f.text(&format!("4.{n}.{}", j + 1))) " " (heading) }
                        p.instruct { (WRITE_YOURSELF) }
                        @for _ in 0..(if *field == "analysis" { 6 } else { 3 }) {
                            div.line {}
                        }
                    }
                }
            }
        }
    }
}
