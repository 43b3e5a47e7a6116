//! Synthetic responses and reports for the document tests.
#![allow(dead_code)]

use prongsai_core::{builtin, Answers, Context, Date, Instrument, Report, ScaleKind, Tally};
use serde_json::{json, Value};

pub fn instrument(id: &str) -> Instrument {
    builtin::load(id).expect("built-in instrument")
}

pub fn date(s: &str) -> Date {
    Date::parse(s).expect("valid date")
}

/// One response to every scored item at `level`, yes/no items answered `yesno`.
pub fn answers(ins: &Instrument, level: i64, yesno: &str) -> Answers {
    let mut a = Answers::new();
    for item in ins.items().filter(|i| ins.is_scored(i)) {
        let is_yesno = ins
            .scale(&item.scale)
            .is_some_and(|s| s.kind == ScaleKind::YesNo);
        for code in ins.answer_codes(item) {
            a.insert(
                code.to_string(),
                if is_yesno { json!(yesno) } else { json!(level) },
            );
        }
    }
    a
}

/// Adds `n` responses at `level` on `day` at `point`, with `extra` answers merged in.
pub fn add(
    tally: &mut Tally,
    ins: &Instrument,
    n: usize,
    level: i64,
    point: Option<&str>,
    day: &str,
    extra: &[(&str, Value)],
) {
    for _ in 0..n {
        let mut a = answers(ins, level, "no");
        for (k, v) in extra {
            a.insert((*k).to_string(), v.clone());
        }
        tally.add(
            &a,
            &Context {
                point: point.map(str::to_string),
                date: Some(date(day)),
            },
        );
    }
}

/// A satisfaction report over FY 2568: two large service points and one of 3 people, areas
/// infrastructure (12) and environment (3), no response in September 2025.
pub fn satisfaction_report() -> (Instrument, Report) {
    let ins = instrument("satisfaction");
    let mut t = Tally::new(&ins);
    let area = |a: &str| ("area", json!(a));
    add(
        &mut t,
        &ins,
        6,
        5,
        Some("counter1"),
        "2024-10-03",
        &[area("infrastructure"), ("sex", json!("female"))],
    );
    add(
        &mut t,
        &ins,
        4,
        4,
        Some("counter1"),
        "2024-11-12",
        &[area("infrastructure"), ("sex", json!("male"))],
    );
    add(
        &mut t,
        &ins,
        2,
        3,
        Some("counter2"),
        "2025-01-20",
        &[area("infrastructure")],
    );
    add(
        &mut t,
        &ins,
        5,
        4,
        Some("counter2"),
        "2025-04-02",
        &[("suggestion", json!("ไม่ควรเผยแพร่: ชื่อคุณสมชาย 081-234-5678"))],
    );
    add(
        &mut t,
        &ins,
        3,
        2,
        Some("tiny"),
        "2025-06-30",
        &[area("environment")],
    );
    let r = t.report(&ins);
    (ins, r)
}

/// The same survey one year earlier, a little lower.
pub fn satisfaction_previous() -> Report {
    let ins = instrument("satisfaction");
    let mut t = Tally::new(&ins);
    add(&mut t, &ins, 8, 4, Some("counter1"), "2023-12-01", &[]);
    add(&mut t, &ins, 4, 3, Some("counter1"), "2024-02-01", &[]);
    t.report(&ins)
}

/// An IIT report where indicators differ: the answers per indicator are set per response.
pub fn iit_report(responses: usize, months: &[&str]) -> (Instrument, Report) {
    let ins = instrument("ita-iit");
    let mut t = Tally::new(&ins);
    for k in 0..responses {
        let mut a = Answers::new();
        for item in ins.items().filter(|i| ins.is_scored(i)) {
            let ind = item.indicator.as_deref().unwrap_or("");
            let scale = ins.scale(&item.scale);
            let is_yesno = scale.is_some_and(|s| s.kind == ScaleKind::YesNo);
            // Indicator 1 and 4 strong, the others weaker.
            let strong = matches!(ind, "1" | "4") || k % 3 == 0;
            for code in ins.answer_codes(item) {
                let reverse = item
                    .sub_items
                    .iter()
                    .find(|s| s.code == code)
                    .and_then(|s| s.reverse)
                    .unwrap_or(item.reverse);
                let v = if is_yesno {
                    // "yes" scores 100 unless reversed.
                    json!(if strong != reverse { "yes" } else { "no" })
                } else {
                    let level = if strong { 4 } else { 2 };
                    json!(if reverse { 5 - level } else { level })
                };
                a.insert(code.to_string(), v);
            }
        }
        a.insert("comment".into(), json!("ผู้บังคับบัญชาเลือกปฏิบัติ ห้ามเผยแพร่"));
        tally_add(&mut t, &a, months[k % months.len()]);
    }
    let r = t.report(&ins);
    (ins, r)
}

fn tally_add(t: &mut Tally, a: &Answers, day: &str) {
    t.add(
        a,
        &Context {
            point: None,
            date: Some(date(day)),
        },
    );
}

/// A simple EIT report with every answer at `level`.
pub fn eit_report(n: usize, level: i64) -> (Instrument, Report) {
    let ins = instrument("ita-eit");
    let mut t = Tally::new(&ins);
    add(&mut t, &ins, n, level, Some("front"), "2025-02-10", &[]);
    let r = t.report(&ins);
    (ins, r)
}

/// "87.67": the 2-decimal display of a number.
pub fn d2(v: f64) -> String {
    format!("{v:.2}")
}

/// The HTML from `start` (the first occurrence of `marker`) to the end of its table row.
pub fn row<'a>(html: &'a str, marker: &str) -> &'a str {
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("`{marker}` not found"));
    let rest = &html[start..];
    let end = rest.find("</tr>").unwrap_or(rest.len());
    &rest[..end]
}

/// The visible text of an HTML fragment (tags removed).
pub fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The visible text of a suppressed row holds no number besides the "5" of "น้อยกว่า 5 คน".
pub fn assert_no_number(row_html: &str) {
    let t = text(row_html).replace("น้อยกว่า 5 คน", "");
    assert!(
        !t.chars()
            .any(|c| c.is_ascii_digit() || ('๐'..='๙').contains(&c)),
        "a number in a suppressed row: {t}"
    );
}
