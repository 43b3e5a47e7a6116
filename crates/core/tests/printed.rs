//! Judged as printed: every classification uses the value rounded to the decimals shown, half
//! away from zero (as spreadsheets round), through the real Tally → Report path. A printed 85.00
//! is a strength and never listed "below 85"; 4.125 shows 4.13; 4.5075 shows 4.51 and is in the
//! band from 4.51; 79.995 shows 80.00 and meets an 80 % target.
use prongsai_core::number::fixed;
use prongsai_core::{Answers, Context, Instrument, Report, Tally};
use serde_json::{json, Value};

/// An ITA-style instrument whose one item has an option scored `score`, so one answer gives an
/// indicator of exactly that value.
fn ita_with_option(score: f64) -> Instrument {
    Instrument::from_value(&json!({
        "format": "prongsai.instrument/1", "id": "edge", "edition": "2568", "kind": "custom",
        "title": {"th": "ทดสอบ"},
        "scales": [{"id": "s", "kind": "single", "options": [
            {"value": "edge", "label": {"th": "ก"}, "score": score},
            {"value": "top", "label": {"th": "ข"}, "score": 100}
        ]}],
        "tools": [{"id": "iit", "title": {"th": "IIT"}}],
        "indicators": [{"id": "1", "tool": "iit", "title": {"th": "ตัวชี้วัด 1"}}],
        "sections": [{"id": "a", "title": {"th": "ก"}, "items": [
            {"code": "q1", "text": {"th": "ข้อ 1"}, "scale": "s", "indicator": "1"}
        ]}]
    }))
    .expect("valid instrument")
}

fn report(ins: &Instrument, responses: &[Value]) -> Report {
    let mut t = Tally::new(ins);
    for r in responses {
        let a: Answers = serde_json::from_value(r.clone()).expect("answers");
        t.add(&a, &Context::default());
    }
    t.report(ins)
}

fn standing_of(score: f64) -> (String, &'static str, Vec<String>, Vec<String>) {
    let ins = ita_with_option(score);
    let r = report(&ins, &[json!({"q1": "edge"})]);
    let ind = &r.indicators["1"];
    let s = ind.score.expect("score");
    let ids =
        |l: &[prongsai_core::report::Classified]| l.iter().map(|c| c.indicator.clone()).collect();
    (
        fixed(s, r.decimals),
        ind.standing.expect("standing"),
        ids(&r.strengths),
        ids(&r.to_develop),
    )
}

#[test]
fn indicators_at_the_edge_of_85_are_judged_as_printed() {
    for (score, shown, standing) in [
        (84.994, "84.99", "develop"),
        (84.995, "85.00", "strength"),
        (84.996, "85.00", "strength"),
        (85.0, "85.00", "strength"),
    ] {
        let (printed, st, strengths, develop) = standing_of(score);
        assert_eq!(printed, shown, "{score}");
        assert_eq!(st, standing, "{score} printed {printed}");
        if standing == "strength" {
            assert_eq!(strengths, ["1"], "{score}");
            assert!(
                develop.is_empty(),
                "{score} printed {printed} listed below 85"
            );
        } else {
            assert_eq!(develop, ["1"], "{score}");
        }
    }
}

#[test]
fn an_exact_85_with_binary_noise_is_a_strength() {
    // What a mean of exact-85 scores can come out as in floating point.
    let (printed, st, strengths, _) = standing_of(84.999_999_999_999_99);
    assert_eq!((printed.as_str(), st), ("85.00", "strength"));
    assert_eq!(strengths, ["1"]);
}

#[test]
fn a_single_tool_passes_as_printed_and_gets_no_grade_word() {
    let ins = ita_with_option(84.995);
    let r = report(&ins, &[json!({"q1": "edge"})]);
    assert_eq!(r.pass_line, 85.0);
    assert_eq!(r.tools["iit"].passes, Some(true));
    assert!(
        r.grade.is_none(),
        "one tool never gets the overall-ITA grade label"
    );
    let r = report(&ita_with_option(84.994), &[json!({"q1": "edge"})]);
    assert_eq!(r.tools["iit"].passes, Some(false));
}

/// A satisfaction instrument on the usual 1–5 scale with the usual bands, target 80 %.
fn satisfaction() -> Instrument {
    Instrument::from_value(&json!({
        "format": "prongsai.instrument/1", "id": "sat", "edition": "2568", "kind": "satisfaction",
        "title": {"th": "ความพึงพอใจ"},
        "scales": [{"id": "sat5", "kind": "ordinal", "options": [
            {"value": 1, "label": {"th": "น้อยที่สุด"}, "score": 1},
            {"value": 2, "label": {"th": "น้อย"}, "score": 2},
            {"value": 3, "label": {"th": "ปานกลาง"}, "score": 3},
            {"value": 4, "label": {"th": "มาก"}, "score": 4},
            {"value": 5, "label": {"th": "มากที่สุด"}, "score": 5}
        ]}],
        "dimensions": [{"id": "all", "title": {"th": "ภาพรวม"}}],
        "sections": [{"id": "a", "title": {"th": "ก"}, "items": [
            {"code": "p1", "text": {"th": "ข้อ 1"}, "scale": "sat5", "dimension": "all"}
        ]}],
        "scoring": {"satisfaction": {"target": 80, "bands": [
            {"min": 4.51, "label": {"th": "มากที่สุด"}},
            {"min": 3.51, "label": {"th": "มาก"}},
            {"min": 2.51, "label": {"th": "ปานกลาง"}},
            {"min": 1.51, "label": {"th": "น้อย"}},
            {"min": 1.0, "label": {"th": "น้อยที่สุด"}}
        ]}}
    }))
    .expect("valid instrument")
}

fn answers_of(counts: &[(i64, usize)]) -> Vec<Value> {
    counts
        .iter()
        .flat_map(|(level, n)| std::iter::repeat_n(json!({ "p1": level }), *n))
        .collect()
}

#[test]
fn a_mean_of_4_5075_prints_4_51_and_is_in_the_highest_band() {
    // 203 × 5 + 197 × 4 = 1803; 1803 / 400 = 4.5075
    let r = report(&satisfaction(), &answers_of(&[(5, 203), (4, 197)]));
    let sat = r.satisfaction.expect("satisfaction");
    let mean = sat.mean.expect("mean");
    assert_eq!(fixed(mean, 2), "4.51");
    assert_eq!(sat.band.expect("band").th, "มากที่สุด");
    assert_eq!(
        sat.dimensions["all"].band.as_ref().expect("band").th,
        "มากที่สุด"
    );
    // everyone answered มาก or higher
    assert_eq!(sat.satisfied_share, Some(100.0));
}

#[test]
fn a_mean_of_4_125_prints_4_13_as_the_spreadsheet_does() {
    // 165 / 40 = 4.125: 5 × 5 + 35 × 4
    let r = report(&satisfaction(), &answers_of(&[(5, 5), (4, 35)]));
    let sat = r.satisfaction.expect("satisfaction");
    assert_eq!(fixed(sat.mean.expect("mean"), 2), "4.13");
    assert_eq!(fixed(sat.percent.expect("percent"), 2), "82.50");
}

#[test]
fn a_percent_of_79_995_prints_80_00_and_meets_the_80_target() {
    // mean 3.99975 = 15999 / 4000 → 79.995 %
    let r = report(&satisfaction(), &answers_of(&[(4, 3999), (3, 1)]));
    let sat = r.satisfaction.expect("satisfaction");
    let percent = sat.percent.expect("percent");
    assert_eq!(fixed(percent, 2), "80.00");
    assert_eq!(sat.meets_target, Some(true));
    assert_eq!(sat.dimensions["all"].meets_target, Some(true));
    // 3999 of 4000 answers are มาก or higher
    assert_eq!(fixed(sat.satisfied_share.expect("share"), 2), "99.98");
    // 79.994 % does not: 3.9997 = 39997 / 10000
    let r = report(&satisfaction(), &answers_of(&[(4, 9997), (3, 3)]));
    let sat = r.satisfaction.expect("satisfaction");
    assert_eq!(fixed(sat.percent.expect("percent"), 2), "79.99");
    assert_eq!(sat.meets_target, Some(false));
}

#[test]
fn the_decimals_judged_at_follow_the_instrument() {
    let mut v = serde_json::to_value(ita_with_option(84.96)).expect("json");
    v["scoring"]["decimals"] = json!(1);
    let ins = Instrument::from_value(&v).expect("valid");
    let r = report(&ins, &[json!({"q1": "edge"})]);
    assert_eq!(r.decimals, 1);
    assert_eq!(
        r.indicators["1"].standing,
        Some("strength"),
        "84.96 shows 85.0"
    );
}

/// A satisfaction instrument with `n` items of one dimension, shown with `decimals` places.
fn satisfaction_of(n: usize, decimals: u32) -> Instrument {
    let mut v = serde_json::to_value(satisfaction()).expect("json");
    let items: Vec<Value> = (1..=n)
        .map(|k| json!({"code": format!("p{k}"), "text": {"th": "ข้อ"}, "scale": "sat5", "dimension": "all"}))
        .collect();
    v["sections"][0]["items"] = json!(items);
    v["scoring"]["decimals"] = json!(decimals);
    Instrument::from_value(&v).expect("valid")
}

#[test]
fn a_respondent_is_satisfied_when_the_own_mean_as_printed_reaches_the_level() {
    // One decimal: 19 × 4 + 3 = 79 over 20 items is 3.95, printed 4.0 → satisfied;
    // 18 × 4 + 2 × 3 = 78 is 3.9 → not.
    let ins = satisfaction_of(20, 1);
    let one = |threes: usize| -> Value {
        let mut a = serde_json::Map::new();
        for k in 1..=20 {
            a.insert(format!("p{k}"), json!(if k <= threes { 3 } else { 4 }));
        }
        Value::Object(a)
    };
    let r = report(&ins, &[one(1), one(2), one(0), json!({"p1": 5}), json!({})]);
    let sat = r.satisfaction.expect("satisfaction");
    // Four rated something (the empty response did not); 3.95, 4.0 and 5 are satisfied.
    assert_eq!(sat.respondents_rated, 4);
    assert_eq!(sat.respondents_satisfied, 3);
    assert_eq!(
        fixed(sat.respondents_satisfied_share.expect("share"), 2),
        "75.00"
    );
    // The share of answers differs: 19 + 18 + 20 + 1 of 61 answers are มาก or higher.
    assert_eq!(fixed(sat.satisfied_share.expect("share"), 2), "95.08");

    // Two decimals: 3.995 needs 200 items; half away from zero, as a spreadsheet rounds.
    let ins = satisfaction_of(200, 2);
    let mut a = serde_json::Map::new();
    for k in 1..=200 {
        a.insert(format!("p{k}"), json!(if k == 1 { 3 } else { 4 }));
    }
    let edge = Value::Object(a.clone());
    a.insert("p2".into(), json!(3));
    let below = Value::Object(a); // 3.99 → 3.99
    let r = report(&ins, &[edge, below]);
    let sat = r.satisfaction.expect("satisfaction");
    assert_eq!((sat.respondents_rated, sat.respondents_satisfied), (2, 1));
    // Nobody rated: no share at all, not 0 %.
    let r = report(&satisfaction(), &[json!({})]);
    assert_eq!(
        r.satisfaction
            .expect("satisfaction")
            .respondents_satisfied_share,
        None
    );
}
