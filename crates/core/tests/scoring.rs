//! Scoring one response and aggregating many, per scale and reverse rule, checked against hand
//! calculations and the figures agencies publish.
mod support;

use prongsai_core::{score_response, Answers, Context, Date, Instrument, Tally};
use serde_json::{json, Value};
use support::builtin;

fn answers(v: Value) -> Answers {
    serde_json::from_value(v).expect("answers object")
}

fn iit() -> Instrument {
    builtin::load("ita-iit").expect("ita-iit")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn ita_four_level_scores_0_33_67_100() {
    let ins = iit();
    for (level, expected) in [(1, 0.0), (2, 100.0 / 3.0), (3, 200.0 / 3.0), (4, 100.0)] {
        let s = score_response(&ins, &answers(json!({ "i2": level })));
        assert!(
            close(s.items["i2"], expected),
            "level {level}: {}",
            s.items["i2"]
        );
    }
}

#[test]
fn reverse_scored_four_level_items_run_the_other_way() {
    let ins = iit();
    for (level, expected) in [(1, 100.0), (2, 200.0 / 3.0), (3, 100.0 / 3.0), (4, 0.0)] {
        let s = score_response(&ins, &answers(json!({ "i9": level })));
        assert!(close(s.items["i9"], expected), "i9 level {level}");
    }
}

#[test]
fn bribery_yes_no_items_score_no_as_100_and_i26_scores_yes_as_100() {
    let ins = iit();
    let s = score_response(
        &ins,
        &answers(json!({"i4.1": "no", "i4.2": "no", "i4.3": "yes", "i26.1": "yes", "i26.2": "no"})),
    );
    assert!(close(s.items["i4"], 200.0 / 3.0));
    assert!(close(s.items["i26"], 50.0));
}

#[test]
fn mixed_item_i11_reverses_only_its_second_part() {
    let ins = iit();
    // transparent "most" (100) and favouring one contractor "most" (reversed: 0) → 50
    let s = score_response(&ins, &answers(json!({"i11.1": 4, "i11.2": 4})));
    assert!(close(s.items["i11"], 50.0));
}

#[test]
fn item_is_mean_of_parts_indicator_mean_of_items_tool_mean_of_indicators() {
    let ins = iit();
    let s = score_response(
        &ins,
        &answers(json!({"i1.1": 4, "i1.2": 3, "i2": 4, "i7": 2})),
    );
    let i1 = (100.0 + 200.0 / 3.0) / 2.0;
    assert!(close(s.items["i1"], i1));
    assert!(close(s.indicators["1"], (i1 + 100.0) / 2.0));
    assert!(close(s.indicators["2"], 100.0 / 3.0));
    assert!(close(
        s.tools["iit"],
        ((i1 + 100.0) / 2.0 + 100.0 / 3.0) / 2.0
    ));
    assert!(
        !s.indicators.contains_key("3"),
        "unanswered indicators are left out, not zero"
    );
}

#[test]
fn not_applicable_is_left_out_of_scores() {
    let ins = builtin::load("ita-eit").expect("eit");
    let na_item = ins
        .items()
        .find(|i| {
            ins.scale(&i.scale)
                .is_some_and(|s| s.not_applicable.is_some())
                && i.sub_items.is_empty()
        })
        .expect("an EIT item with not applicable");
    let code = na_item.code.clone();
    let s = score_response(&ins, &answers(json!({ code.clone(): "na" })));
    assert!(!s.items.contains_key(&code));
    let mut t = Tally::new(&ins);
    t.add(&answers(json!({ code.clone(): "na" })), &Context::default());
    t.add(&answers(json!({ code.clone(): 4 })), &Context::default());
    let r = t.report(&ins);
    assert_eq!(r.items[&code].na, 1);
    assert_eq!(r.items[&code].n, 1);
    assert_eq!(r.items[&code].score, Some(100.0));
}

/// The widget builds the envelope's JSON without serde; the server reads it with serde.
#[test]
fn envelope_json_built_by_hand_is_what_serde_writes() {
    use prongsai_core::{Envelope, Locale};
    for (id, answers_json) in [
        (
            "satisfaction",
            json!({"s1": 5, "s2": 4, "comment": "ดีมาก \"ครับ\""}),
        ),
        (
            "ita-eit",
            json!({"e1.1": 4, "e1.2": 3, "e2": "na", "e6": 1}),
        ),
        ("quick", json!({})),
    ] {
        let ins = builtin::load(id).expect("built-in");
        let a = answers(answers_json);
        let scores = score_response(&ins, &a);
        assert_eq!(
            scores.to_value(),
            serde_json::to_value(&scores).expect("serde")
        );
        for (unit, point, locale) in [
            (None, None, Locale::Th),
            (Some("u1".to_string()), Some("p-2".to_string()), Locale::En),
        ] {
            let env = Envelope::new(
                &ins,
                "0b3e1c2a-1111-4222-8333-444455556666".into(),
                unit,
                point,
                Date::parse("2026-11-21").expect("date"),
                locale,
                a.clone(),
            );
            let ours = env.to_value();
            assert_eq!(ours, serde_json::to_value(&env).expect("serde"), "{id}");
            let back = Envelope::from_json(&ours.to_string()).expect("the server reads it");
            assert_eq!(back, env);
        }
    }
}

#[test]
fn satisfaction_percent_is_mean_over_five_times_100() {
    let ins = builtin::load("satisfaction").expect("satisfaction");
    let process: Vec<String> = ins
        .items()
        .filter(|i| i.dimension.as_deref() == Some("process"))
        .map(|i| i.code.clone())
        .collect();
    let mut a = Answers::new();
    for (k, code) in process.iter().enumerate() {
        a.insert(code.clone(), json!(if k % 2 == 0 { 5 } else { 4 }));
    }
    let s = score_response(&ins, &a);
    let expected_mean: f64 = process
        .iter()
        .enumerate()
        .map(|(k, _)| if k % 2 == 0 { 5.0 } else { 4.0 })
        .sum::<f64>()
        / process.len() as f64;
    assert!(close(s.dimensions["process"], expected_mean / 5.0 * 100.0));
    // the reference example: mean 4.56 → 91.2 %
    assert!(close(4.56 / 5.0 * 100.0, 91.2));
}

#[test]
fn satisfaction_report_gives_band_and_target_per_dimension() {
    let ins = builtin::load("satisfaction").expect("satisfaction");
    let mut t = Tally::new(&ins);
    let staff: Vec<String> = ins
        .items()
        .filter(|i| i.dimension.as_deref() == Some("staff"))
        .map(|i| i.code.clone())
        .collect();
    for level in [5, 5, 4, 3] {
        let a: Answers = staff.iter().map(|c| (c.clone(), json!(level))).collect();
        t.add(&a, &Context::default());
    }
    let r = t.report(&ins);
    let sat = r.satisfaction.expect("satisfaction block");
    let staff_codes = staff;
    let staff = &sat.dimensions["staff"];
    assert!(close(staff.mean.expect("mean"), 4.25));
    assert!(close(staff.percent.expect("percent"), 85.0));
    assert_eq!(staff.band.as_ref().map(|b| b.th.as_str()), Some("มาก"));
    assert_eq!(staff.meets_target, Some(true));
    // S.D. of the dimension = sample S.D. (n − 1) over all its answers: 5,5,4,3 once per staff item
    let values: Vec<f64> = [5.0, 5.0, 4.0, 3.0]
        .iter()
        .flat_map(|v| std::iter::repeat_n(*v, staff_codes.len()))
        .collect();
    let m = values.iter().sum::<f64>() / values.len() as f64;
    let sd =
        (values.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (values.len() - 1) as f64).sqrt();
    assert!(close(staff.sd.expect("sd"), sd));
    assert!(sat.dimensions["process"].mean.is_none());
}

/// Seed 004 (อบจ.มุกดาหาร, FY 2565) prints IIT indicators 86.07, 76.72, 76.57, 75.54, 72.00 and
/// IIT 77.38: the tool score is the unweighted mean of its indicators.
#[test]
fn seed_004_iit_indicators_give_77_38() {
    let published = [86.07, 76.72, 76.57, 75.54, 72.00];
    // An IIT-shaped instrument whose one option per indicator scores the published figure.
    let mut ins = iit();
    for (k, section) in ins.sections.iter_mut().enumerate() {
        for item in section.items.iter_mut() {
            if item.indicator.is_some() {
                item.scale = format!("seed{k}");
                item.sub_items.clear();
                item.reverse = false;
            }
        }
    }
    for (k, figure) in published.iter().enumerate() {
        ins.scales.push(
            serde_json::from_value(json!({"id": format!("seed{k}"), "kind": "ordinal",
                "options": [{"value": 1, "label": {"th": "x"}, "score": figure}]}))
            .expect("scale"),
        );
    }
    let text = serde_json::to_string(&ins).expect("serialize");
    let ins = Instrument::from_json(&text).expect("still valid");
    let all: Answers = ins
        .items()
        .filter(|i| ins.is_scored(i))
        .map(|i| (i.code.clone(), json!(1)))
        .collect();
    let one = score_response(&ins, &all);
    assert_eq!(format!("{:.2}", one.tools["iit"]), "77.38");
    let mut t = Tally::new(&ins);
    for _ in 0..7 {
        t.add(&all, &Context::default());
    }
    let r = t.report(&ins);
    for (k, figure) in published.iter().enumerate() {
        assert!(close(
            r.indicators[&(k + 1).to_string()].score.expect("score"),
            *figure
        ));
    }
    assert_eq!(
        format!("{:.2}", r.tools["iit"].score.expect("tool")),
        "77.38"
    );
    // 86.07 is a strength, the other four are to develop, weakest first
    let strengths: Vec<_> = r.strengths.iter().map(|c| c.indicator.as_str()).collect();
    let develop: Vec<_> = r.to_develop.iter().map(|c| c.indicator.as_str()).collect();
    assert_eq!(strengths, ["1"]);
    assert_eq!(develop, ["5", "4", "3", "2"]);
    // One tool: judged against the pass line, no grade word (the seed's "ต้องปรับปรุง" is the
    // overall ITA's label, not the IIT's).
    assert_eq!(r.tools["iit"].passes, Some(false));
    assert!(r.grade.is_none());
}

#[test]
fn a_single_tool_gets_no_grade_word_and_no_overall_ita_is_invented() {
    let ins = iit();
    let mut t = Tally::new(&ins);
    let all: Answers = ins
        .items()
        .filter(|i| ins.is_scored(i))
        .flat_map(|i| ins.answer_codes(i))
        .map(|c| {
            (
                c.to_string(),
                if ins.find_item(c).is_some_and(|i| {
                    ins.scale(&i.scale)
                        .is_some_and(|s| s.kind == prongsai_core::ScaleKind::YesNo)
                }) {
                    json!("no")
                } else {
                    json!(4)
                },
            )
        })
        .collect();
    t.add(&all, &Context::default());
    let r = t.report(&ins);
    assert!(r.overall.is_none());
    assert!(r.grade.is_none(), "an IIT alone is not an ITA result");
    assert_eq!(r.pass_line, 85.0);
    // every yes/no "no": i26 (not reversed) scores 0, so indicator 5 and the tool fall below 85
    assert_eq!(r.tools["iit"].passes, Some(false));
    let alerts = r.alerts.expect("the IIT has alert items");
    assert_eq!(alerts.respondents, 0);
    assert!(alerts.items.iter().all(|a| a.count == 0));
}

#[test]
fn breakdowns_suppress_groups_under_five_and_show_every_month() {
    let ins = builtin::load("ita-eit").expect("eit");
    let mut t = Tally::new(&ins);
    let a = answers(json!({"e2": 4}));
    let day = |s: &str| Some(Date::parse(s).expect("date"));
    for _ in 0..6 {
        t.add(
            &a,
            &Context {
                point: Some("counter-1".into()),
                date: day("2024-11-03"),
            },
        );
    }
    for _ in 0..4 {
        t.add(
            &a,
            &Context {
                point: Some("counter-2".into()),
                date: day("2025-02-10"),
            },
        );
    }
    let r = t.report(&ins);
    let point = |k: &str| {
        r.breakdowns
            .point
            .iter()
            .find(|g| g.key == k)
            .expect("group")
            .clone()
    };
    assert_eq!(point("counter-1").n, Some(6));
    assert!(!point("counter-1").suppressed);
    assert!(point("counter-2").suppressed);
    assert_eq!(point("counter-2").n, None);
    assert!(point("counter-2").indicators.is_empty());
    let months: Vec<_> = r.breakdowns.month.iter().map(|g| g.key.as_str()).collect();
    assert_eq!(months.len(), 12);
    assert_eq!(months[0], "2024-10");
    assert_eq!(r.breakdowns.month[0].n, Some(0));
    assert_eq!(r.breakdowns.month[1].n, Some(6));
    assert!(r.breakdowns.month[4].suppressed);
    assert_eq!(r.breakdowns.fiscal_year[0].key, "2568");
    assert_eq!(r.breakdowns.fiscal_year[0].n, Some(10));
}

#[test]
fn tally_survives_json_round_trip() {
    let ins = builtin::load("satisfaction").expect("satisfaction");
    let mut t = Tally::new(&ins);
    t.add(
        &answers(json!({"area": "infrastructure", "p1": 5, "suggestion": "ดีมาก"})),
        &Context {
            point: Some("counter-1".into()),
            date: Date::parse("2025-05-01"),
        },
    );
    let back = Tally::from_json(&ins, &t.to_json()).expect("round trip");
    assert_eq!(back, t);
    assert_eq!(back.report(&ins), t.report(&ins));
    assert!(Tally::from_json(&iit(), &t.to_json()).is_err());
}

#[test]
fn one_group_alone_has_full_statistics() {
    let ins = builtin::load("satisfaction").expect("satisfaction");
    let mut t = Tally::new(&ins);
    for (area, level) in [
        ("infrastructure", 5),
        ("infrastructure", 3),
        ("environment", 1),
    ] {
        t.add(
            &answers(json!({"area": area, "p1": level})),
            &Context {
                point: None,
                date: Date::parse("2025-05-01"),
            },
        );
    }
    let infra = t
        .only(prongsai_core::GroupBy::Area, "infrastructure")
        .expect("group")
        .report(&ins);
    assert_eq!(infra.n, 2);
    assert_eq!(infra.items["p1"].score, Some(4.0));
    assert_eq!(infra.items["p1"].counts["5"], 1);
    assert!(close(infra.items["p1"].sd.expect("sd"), 2f64.sqrt()));
    assert_eq!(
        t.only(prongsai_core::GroupBy::Month, "2025-05")
            .map(|g| g.n()),
        Some(3)
    );
    assert_eq!(
        t.only(prongsai_core::GroupBy::Half, "2568-H2")
            .map(|g| g.n()),
        Some(3)
    );
    assert!(t
        .only(prongsai_core::GroupBy::Area, "education-culture")
        .is_none());
}

#[test]
fn satisfaction_sd_pools_every_answer_of_every_dimension() {
    let ins = builtin::load("satisfaction").expect("satisfaction");
    let rated: Vec<String> = ins
        .items()
        .filter(|i| i.dimension.is_some() && ins.is_scored(i))
        .map(|i| i.code.clone())
        .take(3)
        .collect();
    let mut t = Tally::new(&ins);
    let mut values = Vec::new();
    for level in [5, 4, 2] {
        let a: Answers = rated.iter().map(|c| (c.clone(), json!(level))).collect();
        values.extend(std::iter::repeat_n(level as f64, rated.len()));
        t.add(&a, &Context::default());
    }
    let r = t.report(&ins);
    let m = values.iter().sum::<f64>() / values.len() as f64;
    let sd =
        (values.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (values.len() - 1) as f64).sqrt();
    assert!(close(r.satisfaction_sd(&ins).expect("sd"), sd));
    // One answer has no S.D.
    let mut one = Tally::new(&ins);
    one.add(
        &answers(json!({ (rated[0].clone()): 5 })),
        &Context::default(),
    );
    assert_eq!(one.report(&ins).satisfaction_sd(&ins), None);
}

#[test]
fn area_reports_cover_the_areas_shown_and_leave_small_ones_out() {
    let ins = builtin::load("satisfaction").expect("satisfaction");
    let mut t = Tally::new(&ins);
    for (area, count) in [("infrastructure", 5), ("environment", 2)] {
        for _ in 0..count {
            t.add(
                &answers(json!({"area": area, "p1": 4})),
                &Context::default(),
            );
        }
    }
    let report = t.report(&ins);
    let areas = t.area_reports(&ins, &report, &prongsai_core::ReportOptions::default());
    assert_eq!(areas.keys().collect::<Vec<_>>(), ["infrastructure"]);
    assert_eq!(areas["infrastructure"].n, 5);
    assert_eq!(areas["infrastructure"].items["p1"].score, Some(4.0));
}
