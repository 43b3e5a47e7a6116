//! The OIT self-assessment as an instrument kind: the built-in FY2566 list, yes = 100 / no = 0,
//! indicator = mean of its sub-indicators, tool = mean of indicators 9 and 10, and the evidence
//! rules (a "yes" needs its URL, a URL must be http(s)).
use prongsai_core::{builtin, score_response, Answers, Context, Instrument, Kind, Tally};
use serde_json::{json, Value};

fn oit() -> Instrument {
    builtin::load("ita-oit").expect("ita-oit is valid")
}

/// Answers every item: `yes` where `says_yes(code)`, with its evidence URL, otherwise `no`.
fn answers(ins: &Instrument, says_yes: impl Fn(&str) -> bool) -> Answers {
    let mut a = Answers::new();
    for item in ins.items() {
        if says_yes(&item.code) {
            a.insert(item.code.clone(), json!("yes"));
            a.insert(
                format!("{}.url", item.code),
                json!(format!("https://agency.example/ita/{}", item.code)),
            );
            a.insert(format!("{}.note", item.code), json!("เมนู ITA"));
        } else {
            a.insert(item.code.clone(), json!("no"));
        }
    }
    a
}

fn number(code: &str) -> u32 {
    code.trim_start_matches('o').parse().expect("o-number")
}

#[test]
fn the_built_in_list_is_fy2566_o1_to_o43_with_criteria() {
    let ins = oit();
    assert_eq!(ins.kind, Kind::Oit);
    assert_eq!(ins.edition, "2566");
    assert!(
        ins.unverified.is_some(),
        "marked unverified like the other built-ins"
    );
    let codes: Vec<String> = ins.items().map(|i| i.code.clone()).collect();
    let expected: Vec<String> = (1..=43).map(|n| format!("o{n}")).collect();
    assert_eq!(codes, expected);
    for item in ins.items() {
        let criteria = item.criteria.as_ref().expect("criteria next to each item");
        assert!(!criteria.th.trim().is_empty(), "{}", item.code);
        assert!(item.needs_url, "{}", item.code);
        let sub = item.sub_indicator.as_deref().expect("sub-indicator");
        let n = number(&item.code);
        let expected_sub = match n {
            1..=10 => "9.1",
            11..=18 => "9.2",
            19..=22 => "9.3",
            23..=26 => "9.4",
            27..=30 => "9.5",
            31..=38 => "10.1",
            _ => "10.2",
        };
        assert_eq!(sub, expected_sub, "{}", item.code);
    }
    assert_eq!(
        ins.items().find(|i| i.code == "o17").expect("o17").text.th,
        "รายงานผลการสำรวจความพึงพอใจการให้บริการ"
    );
}

#[test]
fn all_yes_is_100_all_no_is_0() {
    let ins = oit();
    let s = score_response(&ins, &answers(&ins, |_| true));
    assert_eq!(s.tools["oit"], 100.0);
    assert_eq!(s.indicators["9"], 100.0);
    assert_eq!(s.indicators["10"], 100.0);
    let s = score_response(&ins, &answers(&ins, |_| false));
    assert_eq!(s.tools["oit"], 0.0);
}

#[test]
fn only_indicator_9_yes_gives_9_100_10_0_and_oit_50() {
    let ins = oit();
    let a = answers(&ins, |c| number(c) <= 30);
    let s = score_response(&ins, &a);
    assert_eq!(s.indicators["9"], 100.0);
    assert_eq!(s.indicators["10"], 0.0);
    assert_eq!(s.tools["oit"], 50.0);
    let mut t = Tally::new(&ins);
    t.add(&a, &Context::default());
    let r = t.report(&ins);
    assert_eq!(r.tools["oit"].score, Some(50.0));
    assert_eq!(r.tools["oit"].passes, Some(false));
    assert!(r.grade.is_none(), "OIT alone gets no grade word");
    assert_eq!(r.text_answers["o1.url"], 1);
    assert_eq!(r.text_answers["o31.url"], 0);
    assert_eq!(r.indicators["9"].sub_indicators["9.3"], 100.0);
}

#[test]
fn indicator_10_is_the_mean_of_its_sub_indicators() {
    // Seed 004: 10.1 at 75 % (6 of 8 items) and 10.2 at 0 % gives indicator 10 = 37.50.
    let ins = oit();
    let a = answers(&ins, |c| (31..=36).contains(&number(c)));
    let s = score_response(&ins, &a);
    assert_eq!(s.indicators["10"], 37.5);
    let mut t = Tally::new(&ins);
    t.add(&a, &Context::default());
    let r = t.report(&ins);
    assert_eq!(r.indicators["10"].sub_indicators["10.1"], 75.0);
    assert_eq!(r.indicators["10"].sub_indicators["10.2"], 0.0);
    assert_eq!(r.indicators["10"].standing, Some("develop"));
}

#[test]
fn a_yes_without_its_url_is_named_in_thai_and_english() {
    let ins = oit();
    let mut a = answers(&ins, |c| c == "o3");
    a.remove("o3.url");
    let problems = ins.check_values(&a);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].path, "answers.o3.url");
    assert!(
        problems[0].message.contains("ข้อ O3"),
        "{}",
        problems[0].message
    );
    assert!(problems[0].message.contains("URL"));
    assert!(problems[0].message.contains("O3 is answered \"yes\""));
    // A "no" needs no URL.
    a.insert("o3".into(), json!("no"));
    assert!(ins.check_values(&a).is_empty());
}

#[test]
fn a_url_that_is_not_http_is_refused() {
    let ins = oit();
    for bad in [
        "ftp://agency.example/o1",
        "agency.example/o1",
        "javascript:alert(1)",
        "https://",
        "https://a b",
    ] {
        let mut a = answers(&ins, |c| c == "o1");
        a.insert("o1.url".into(), json!(bad));
        let problems = ins.check_values(&a);
        assert_eq!(problems.len(), 1, "{bad}: {problems:?}");
        assert_eq!(problems[0].path, "answers.o1.url");
        assert!(problems[0].message.contains("http://"), "{bad}");
        assert!(problems[0].message.contains("ข้อ O1"), "{bad}");
    }
    let mut a = answers(&ins, |c| c == "o1");
    a.insert("o1.url".into(), json!("HTTP://Agency.example/ita?x=1#o1"));
    assert!(ins.check_values(&a).is_empty());
    a.insert("o1.note".into(), json!(12));
    assert_eq!(ins.check_values(&a)[0].path, "answers.o1.note");
}

#[test]
fn the_screen_check_names_the_missing_url_too() {
    let ins = oit();
    let mut a = answers(&ins, |_| true);
    a.remove("o2.url");
    let problems = ins.check_section(0, &a);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].path, "answers.o2.url");
}

fn minimal_oit(extra: Value) -> Value {
    let mut v = json!({
        "format": "prongsai.instrument/1", "id": "my-oit", "edition": "2567", "kind": "oit",
        "title": {"th": "OIT 2567"},
        "scales": [{"id": "has", "kind": "yesno", "options": [
            {"value": "yes", "label": {"th": "มี"}, "score": 100},
            {"value": "no", "label": {"th": "ไม่มี"}, "score": 0}]}],
        "tools": [{"id": "oit", "title": {"th": "OIT"}}],
        "indicators": [{"id": "9", "tool": "oit", "title": {"th": "การเปิดเผยข้อมูล"},
            "score_by": "sub_indicators",
            "sub_indicators": [{"id": "9.1", "title": {"th": "ข้อมูลพื้นฐาน"}}]}],
        "sections": [{"id": "a", "title": {"th": "ก"}, "items": [
            {"code": "o1", "text": {"th": "โครงสร้างและอำนาจหน้าที่"}, "scale": "has",
             "indicator": "9", "sub_indicator": "9.1", "needs_url": true,
             "criteria": {"th": "แสดงแผนผังโครงสร้าง"}}]}]
    });
    if let (Some(o), Some(e)) = (v.as_object_mut(), extra.as_object()) {
        for (k, x) in e {
            o.insert(k.clone(), x.clone());
        }
    }
    v
}

#[test]
fn an_agency_can_write_another_editions_list() {
    let ins = Instrument::from_value(&minimal_oit(json!({}))).expect("valid");
    let a: Answers =
        serde_json::from_value(json!({"o1": "yes", "o1.url": "https://agency.example/"}))
            .expect("answers");
    assert!(ins.check_answers(&a).is_empty());
    let s = score_response(&ins, &a);
    assert_eq!(s.tools["oit"], 100.0);
}

#[test]
fn oit_instrument_mistakes_are_named_with_their_path() {
    let mut v = minimal_oit(json!({}));
    v["sections"][0]["items"][0]["sub_indicator"] = json!("9.9");
    v["sections"][0]["items"][0]["criteria"] = json!({"th": " "});
    v["scales"][0]["kind"] = json!("single");
    let problems = Instrument::from_value(&v).expect_err("invalid");
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    for p in [
        "sections[0].items[0].sub_indicator",
        "sections[0].items[0].criteria.th",
        "sections[0].items[0].scale",
    ] {
        assert!(paths.contains(&p), "{p} not in {paths:?}");
    }
    let mut v = minimal_oit(json!({"kind": "custom"}));
    v["indicators"][0]["sub_indicators"] = json!([]);
    let problems = Instrument::from_value(&v).expect_err("invalid");
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert!(
        paths.contains(&"sections[0].items[0].needs_url"),
        "{paths:?}"
    );
    assert!(paths.contains(&"indicators[0].score_by"), "{paths:?}");
}
