//! Properties of scoring and aggregation over random valid responses to the built-in instruments.
mod support;

use prongsai_core::number::round_half_away;
use prongsai_core::{score_response, Answers, Context, Date, Instrument, ScaleKind, Tally};
use proptest::prelude::*;
use serde_json::{json, Value};
use support::builtin;

/// Every answer a respondent could give to each answer code, plus "no answer".
fn choices(ins: &Instrument) -> Vec<(String, Vec<Option<Value>>)> {
    let mut out = Vec::new();
    for item in ins.items() {
        let Some(scale) = ins.scale(&item.scale) else {
            continue;
        };
        for code in ins.answer_codes(item) {
            let mut vals: Vec<Option<Value>> = vec![None];
            match scale.kind {
                ScaleKind::Text => vals.push(Some(json!("ความเห็น"))),
                ScaleKind::Number => vals.push(Some(json!(3))),
                ScaleKind::Multiple => vals.extend(
                    scale
                        .options
                        .iter()
                        .map(|o| Some(json!([o.value.to_json()]))),
                ),
                _ => vals.extend(scale.options.iter().map(|o| Some(o.value.to_json()))),
            }
            if scale.not_applicable.is_some() {
                vals.push(Some(json!("na")));
            }
            out.push((code.to_string(), vals));
        }
        // OIT evidence: the URL always given (a "yes" needs it), the explanation sometimes.
        for code in ins.evidence_codes(item) {
            let vals = if code.ends_with(".url") {
                vec![Some(json!(format!("https://agency.example/ita/{code}")))]
            } else {
                vec![None, Some(json!("อยู่ที่เมนู ITA"))]
            };
            out.push((code, vals));
        }
    }
    out
}

fn response(ins: &Instrument) -> impl Strategy<Value = (Answers, Context)> {
    let choices = choices(ins);
    let picks: Vec<_> = choices.iter().map(|(_, v)| 0..v.len()).collect();
    (picks, 0usize..3, 0u32..730).prop_map(move |(idx, point, day)| {
        let mut a = Answers::new();
        for ((code, vals), i) in choices.iter().zip(idx) {
            if let Some(v) = &vals[i] {
                a.insert(code.clone(), v.clone());
            }
        }
        let date = Date::parse(&format!(
            "{:04}-{:02}-{:02}",
            2024 + (day / 365) as i32,
            1 + (day % 365) / 31 % 12,
            1 + day % 28
        ));
        let point = ["counter-1", "counter-2", ""][point];
        (
            a,
            Context {
                point: (!point.is_empty()).then(|| point.to_string()),
                date,
            },
        )
    })
}

fn tally(ins: &Instrument, rs: &[(Answers, Context)]) -> Tally {
    let mut t = Tally::new(ins);
    for (a, c) in rs {
        t.add(a, c);
    }
    t
}

fn instruments() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "ita-iit",
        "ita-eit",
        "ita-oit",
        "satisfaction",
        "quick",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn every_score_of_a_response_is_within_0_and_100(
        (id, rs) in instruments().prop_flat_map(|id| {
            let ins = builtin::load(id).expect("built-in");
            (Just(id), prop::collection::vec(response(&ins), 1..4))
        })
    ) {
        let ins = builtin::load(id).expect("built-in");
        for (a, _) in &rs {
            let s = score_response(&ins, a);
            for v in s.items.values().chain(s.indicators.values()).chain(s.tools.values()).chain(s.dimensions.values()) {
                prop_assert!((0.0..=100.0).contains(v), "{v}");
            }
        }
        let r = tally(&ins, &rs).report(&ins);
        for i in r.indicators.values() {
            if let Some(s) = i.score { prop_assert!((0.0..=100.0).contains(&s)); }
        }
        for t in r.tools.values() {
            if let Some(s) = t.score { prop_assert!((0.0..=100.0).contains(&s)); }
        }
        if let Some(p) = r.satisfaction.as_ref().and_then(|s| s.percent) {
            prop_assert!((0.0..=100.0).contains(&p));
        }
    }

    /// The stored text of a bucket tally, written without a `Value` tree (the server's ingest
    /// path), is the object of `to_json` (key order aside, which depends on serde_json's
    /// features) and reads back to the same tally.
    #[test]
    fn tally_text_is_to_json_as_text_and_reads_back(
        (id, rs) in instruments().prop_flat_map(|id| {
            let ins = builtin::load(id).expect("built-in");
            (Just(id), prop::collection::vec(response(&ins), 0..12))
        })
    ) {
        let ins = builtin::load(id).expect("built-in");
        let mut t = tally(&ins, &rs);
        if let Some(a) = rs.first() {
            t.add_in_area(&a.0, &a.1, Some("ฝ่ายทะเบียน"));
        }
        let back: Value = serde_json::from_str(&t.to_json_string()).expect("json");
        prop_assert_eq!(&back, &t.to_json());
        prop_assert_eq!(Tally::from_json(&ins, &back).expect("round trip"), t);
    }

    /// A bucket's tally (one service point, days of one month) stored in the compact form —
    /// without the breakdowns that equal its total — reads back to the same tally once they are
    /// put back; a tally of two points is stored whole.
    #[test]
    fn a_bucket_tally_stored_compact_reads_back_the_same(
        (id, rs, day, point) in instruments().prop_flat_map(|id| {
            let ins = builtin::load(id).expect("built-in");
            (Just(id), prop::collection::vec(response(&ins), 1..12), 1u32..=28,
             prop::sample::select(vec!["counter-1", ""]))
        })
    ) {
        let ins = builtin::load(id).expect("built-in");
        let date = Date { year: 2025, month: 10, day };
        let mut t = Tally::new(&ins);
        for (i, (a, _)) in rs.iter().enumerate() {
            let ctx = Context {
                point: (!point.is_empty()).then(|| point.to_string()),
                date: Some(Date { day: 1 + (day + i as u32) % 28, ..date }),
            };
            t.add_in_area(a, &ctx, (i % 2 == 0).then_some("ฝ่ายทะเบียน"));
        }
        let text = t.to_bucket_json_string(point, date);
        let value: Value = serde_json::from_str(&text).expect("json");
        prop_assert!(value.get("month").is_none(), "compact: {text}");
        let mut back = Tally::from_json(&ins, &value).expect("read");
        back.restore_bucket_breakdowns(point, date);
        prop_assert_eq!(&back, &t);

        // Another point in the same tally: not a bucket's shape, so stored whole.
        let mut mixed = t.clone();
        mixed.add(&rs[0].0, &Context { point: Some("counter-2".into()), date: Some(date) });
        let value: Value =
            serde_json::from_str(&mixed.to_bucket_json_string(point, date)).expect("json");
        prop_assert!(value.get("month").is_some());
        prop_assert_eq!(Tally::from_json(&ins, &value).expect("read"), mixed);
    }

    #[test]
    fn aggregate_of_a_union_equals_merge_of_aggregates(
        (id, a, b) in instruments().prop_flat_map(|id| {
            let ins = builtin::load(id).expect("built-in");
            (Just(id), prop::collection::vec(response(&ins), 0..20), prop::collection::vec(response(&ins), 0..20))
        })
    ) {
        let ins = builtin::load(id).expect("built-in");
        let union: Vec<_> = a.iter().chain(b.iter()).cloned().collect();
        let mut merged = tally(&ins, &a);
        merged.merge(&tally(&ins, &b)).expect("same instrument");
        let whole = tally(&ins, &union);
        prop_assert_eq!(&merged, &whole);
        prop_assert_eq!(merged.report(&ins), whole.report(&ins));
    }

    #[test]
    fn respondents_satisfied_are_those_whose_own_printed_mean_reaches_the_level(
        (id, a, b) in prop::sample::select(vec!["satisfaction", "quick"]).prop_flat_map(|id| {
            let ins = builtin::load(id).expect("built-in");
            (Just(id), prop::collection::vec(response(&ins), 0..15), prop::collection::vec(response(&ins), 0..15))
        })
    ) {
        let ins = builtin::load(id).expect("built-in");
        let level = ins.scoring.satisfaction.as_ref().map_or(4, |r| r.satisfied_level()) as f64;
        // Each respondent's own mean over the rated items they answered, by hand.
        let own_mean = |r: &(Answers, Context)| -> Option<f64> {
            let mut scores = Vec::new();
            for item in ins.items().filter(|i| i.dimension.is_some() && ins.is_scored(i)) {
                let scale = ins.scale(&item.scale).expect("scale");
                for code in ins.answer_codes(item) {
                    let Some(v) = r.0.get(code) else { continue };
                    if let Some(o) = scale.options.iter().find(|o| o.value.matches(v)) {
                        scores.extend(o.score);
                    }
                }
            }
            (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64)
        };
        let union: Vec<_> = a.iter().chain(b.iter()).cloned().collect();
        let means: Vec<f64> = union.iter().filter_map(own_mean).collect();
        let satisfied = means.iter().filter(|m| round_half_away(**m, 2) >= level).count() as u64;
        let mut merged = tally(&ins, &a);
        merged.merge(&tally(&ins, &b)).expect("same instrument");
        let sat = merged.report(&ins).satisfaction.expect("satisfaction");
        prop_assert_eq!(sat.respondents_rated, means.len() as u64);
        prop_assert_eq!(sat.respondents_satisfied, satisfied);
        match sat.respondents_satisfied_share {
            None => prop_assert!(means.is_empty()),
            Some(s) => prop_assert!((s - satisfied as f64 / means.len() as f64 * 100.0).abs() < 1e-9),
        }
        let json = merged.to_json();
        prop_assert_eq!(Tally::from_json(&ins, &json).expect("round trip"), merged);
    }

    #[test]
    fn alerts_count_each_respondent_with_a_bribery_answer_once_and_merge(
        (id, a, b) in prop::sample::select(vec!["ita-iit", "ita-eit"]).prop_flat_map(|id| {
            let ins = builtin::load(id).expect("built-in");
            (Just(id), prop::collection::vec(response(&ins), 0..15), prop::collection::vec(response(&ins), 0..15))
        })
    ) {
        let ins = builtin::load(id).expect("built-in");
        let alert_codes: Vec<&str> = ins.items().filter(|i| i.alert).flat_map(|i| ins.answer_codes(i)).collect();
        prop_assert!(!alert_codes.is_empty());
        let union: Vec<_> = a.iter().chain(b.iter()).cloned().collect();
        let said_yes = |r: &(Answers, Context), code: &str| r.0.get(code) == Some(&json!("yes"));
        let expected = union.iter().filter(|r| alert_codes.iter().any(|c| said_yes(r, c))).count() as u64;
        let mut merged = tally(&ins, &a);
        merged.merge(&tally(&ins, &b)).expect("same instrument");
        let alerts = merged.report(&ins).alerts.expect("alert items");
        prop_assert_eq!(alerts.respondents, expected);
        for item in &alerts.items {
            let n = union.iter().filter(|r| said_yes(r, &item.code)).count() as u64;
            prop_assert_eq!(item.count, n, "{}", &item.code);
        }
        let json = merged.to_json();
        prop_assert_eq!(Tally::from_json(&ins, &json).expect("round trip"), merged);
    }

    #[test]
    fn oit_is_the_mean_of_indicators_9_and_10_and_yes_counts_100(
        rs in {
            let ins = builtin::load("ita-oit").expect("built-in");
            prop::collection::vec(response(&ins), 1..6)
        }
    ) {
        let ins = builtin::load("ita-oit").expect("built-in");
        for (a, _) in &rs {
            let s = score_response(&ins, a);
            for (code, score) in &s.items {
                let expected = if a.get(code) == Some(&json!("yes")) { 100.0 } else { 0.0 };
                prop_assert_eq!(*score, expected, "{}", code);
            }
            if let (Some(i9), Some(i10)) = (s.indicators.get("9"), s.indicators.get("10")) {
                prop_assert!((s.tools["oit"] - (i9 + i10) / 2.0).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn order_of_responses_is_irrelevant(
        (id, rs, seed) in instruments().prop_flat_map(|id| {
            let ins = builtin::load(id).expect("built-in");
            (Just(id), prop::collection::vec(response(&ins), 0..30), any::<u64>())
        })
    ) {
        let ins = builtin::load(id).expect("built-in");
        let mut shuffled = rs.clone();
        // deterministic shuffle from the seed
        let mut s = seed | 1;
        for i in (1..shuffled.len()).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            shuffled.swap(i, (s % (i as u64 + 1)) as usize);
        }
        prop_assert_eq!(tally(&ins, &rs).report(&ins), tally(&ins, &shuffled).report(&ins));
    }

    #[test]
    fn a_checked_random_response_never_has_problems_beyond_required_and_hidden(
        (id, rs) in instruments().prop_flat_map(|id| {
            let ins = builtin::load(id).expect("built-in");
            (Just(id), prop::collection::vec(response(&ins), 1..5))
        })
    ) {
        let ins = builtin::load(id).expect("built-in");
        for (a, _) in &rs {
            for p in ins.check_answers(a) {
                prop_assert!(p.message.contains("required") || p.message.contains("do not show"), "{}", p);
            }
        }
    }
}
