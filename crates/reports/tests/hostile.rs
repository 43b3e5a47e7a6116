//! A hostile string — markup, a quote that closes an attribute, an ampersand, a control
//! character and an `</svg>` that would close a chart — in an agency name, a unit, a service
//! point's name, a comment, an instrument's texts or a measure's title arrives escaped in every
//! document, and no control character reaches the page.
mod common;

use common::*;
use prongsai_core::{Report, Tally};
use prongsai_reports::{
    o16, o42, poster, public_summary, O16Options, O42Options, PosterOptions, PosterPoint,
    SummaryOptions,
};
use serde_json::json;

const HOSTILE: &str = "\"><script>alert(1)</script></svg><b onclick=x>&\u{7}ท";
/// The same text as every document must carry it.
const ESCAPED: &str =
    "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;/svg&gt;&lt;b onclick=x&gt;&amp;\u{FFFD}ท";

/// No markup of the hostile string survived, every `<svg>` is closed once, no control character
/// is left, and the escaped text is there at least `at_least` times.
fn assert_escaped(page: &str, at_least: usize, what: &str) {
    for raw in ["<script", "<b onclick"] {
        assert!(!page.contains(raw), "{what}: raw {raw:?} in the page");
    }
    assert_eq!(
        page.matches("<svg").count(),
        page.matches("</svg>").count(),
        "{what}: an </svg> that is not ours"
    );
    assert!(
        !page.contains(|c: char| c.is_control() && !matches!(c, '\n' | '\r' | '\t')),
        "{what}: a control character in the page"
    );
    let found = page.matches(ESCAPED).count();
    assert!(
        found >= at_least,
        "{what}: escaped text {found} times, expected at least {at_least}"
    );
}

/// A satisfaction survey whose dimension, item and service-area texts are hostile, answered at
/// a hostile service point and with a hostile suggestion.
fn hostile_satisfaction() -> (prongsai_core::Instrument, Report) {
    let mut ins = instrument("satisfaction");
    ins.dimensions[0].title.th = HOSTILE.to_string();
    let first_item = ins
        .items()
        .find(|i| i.dimension.is_some() && ins.is_scored(i))
        .map(|i| i.code.clone())
        .expect("a satisfaction item");
    let mut t = Tally::new(&ins);
    let area = ("area", json!("infrastructure"));
    add(
        &mut t,
        &ins,
        6,
        5,
        Some(HOSTILE),
        "2024-10-03",
        std::slice::from_ref(&area),
    );
    add(&mut t, &ins, 6, 4, Some("counter1"), "2024-11-03", &[area]);
    let mut report = t.report(&ins);
    if let Some(stats) = report.items.get_mut(&first_item) {
        stats.text.th = HOSTILE.to_string();
    }
    (ins, report)
}

#[test]
fn o16_escapes_agency_unit_points_comments_and_texts() {
    let (ins, report) = hostile_satisfaction();
    let previous = satisfaction_previous();
    let mut o = O16Options::new(HOSTILE, date("2026-11-21"));
    o.unit = Some(HOSTILE.to_string());
    o.comments = vec![HOSTILE.to_string()];
    o.previous = Some(&previous);
    o.previous_label = Some(HOSTILE.to_string());
    o.point_names.insert("counter1".into(), HOSTILE.to_string());
    o.channels = vec![prongsai_reports::Channel::Other(HOSTILE.to_string())];
    let html = o16(&ins, &report, &o);
    // Title, agency, unit, channel, comment, previous label, point name (twice: the raw point id
    // and the named one), dimension title in tables, chart description and comparison.
    assert_escaped(&html, 10, "O16");
    assert!(html.contains(&format!(
        "<title>รายงานผลการสำรวจความพึงพอใจการให้บริการ {ESCAPED}</title>"
    )));
    assert!(html.contains(&format!("<li>{ESCAPED}</li>")), "comment");
}

#[test]
fn o42_escapes_agency_measures_and_items() {
    let (mut ins, mut report) = iit_report(30, &["2024-10-05", "2025-01-15"]);
    assert!(!report.to_develop.is_empty());
    for ind in &mut ins.indicators {
        ind.title.th = HOSTILE.to_string();
    }
    for c in report
        .to_develop
        .iter_mut()
        .chain(report.strengths.iter_mut())
    {
        c.title.th = HOSTILE.to_string();
    }
    let weakest = report.to_develop[0].weakest_items[0].code.clone();
    if let Some(stats) = report.items.get_mut(&weakest) {
        stats.text.th = HOSTILE.to_string();
    }
    let mut o = O42Options::new(HOSTILE, date("2026-11-21"));
    o.unit = Some(HOSTILE.to_string());
    o.period.label = Some(HOSTILE.to_string());
    o.point_names.insert("p1".into(), HOSTILE.to_string());
    let html = o42(&ins, &report, &o);
    let measures = html.matches("<section class=\"measure\"").count();
    assert_eq!(measures, report.to_develop.len());
    // Every measure's heading, the analysis lists, the score table and the weakest item.
    assert_escaped(&html, 3 + 2 * measures + ins.indicators.len(), "O42");
    assert!(html.contains(&format!("<li><strong>{weakest}</strong>")));
}

#[test]
fn public_summary_escapes_agency_unit_comments_and_dimensions() {
    let (ins, report) = hostile_satisfaction();
    let mut o = SummaryOptions::new(HOSTILE, date("2026-11-21"));
    o.unit = Some(HOSTILE.to_string());
    o.comments = vec![HOSTILE.to_string()];
    let html = public_summary(&ins, &report, &o);
    assert_escaped(&html, 5, "public summary");
}

#[test]
fn posters_escape_agency_texts_and_point_names() {
    let o = PosterOptions {
        base_url: "https://x.go.th/survey".into(),
        survey: "satisfaction".into(),
        unit: "อบต.คำไหล".into(),
        agency: HOSTILE.to_string(),
        headline: Some(HOSTILE.to_string()),
        instructions: Some(HOSTILE.to_string()),
        points: vec![
            PosterPoint {
                id: HOSTILE.to_string(),
                name: Some(HOSTILE.to_string()),
            },
            PosterPoint {
                id: "p2".into(),
                name: None,
            },
        ],
    };
    let html = poster(&o).expect("posters");
    // Agency, headline and instructions on both posters, the first point's name and id, title.
    assert_escaped(&html, 9, "posters");
    // The point id travels percent-encoded in the QR link and the printed URL.
    assert!(html.contains("point=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E"));
}
