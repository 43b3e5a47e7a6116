//! Instrument validation: one test per kind of problem, each checking the JSON path reported,
//! and checks of answers against an instrument.
#![cfg(feature = "validate")]
use prongsai_core::{Answers, Instrument, Problem};
use serde_json::{json, Value};

/// A small valid instrument that each test breaks in one way.
fn base() -> Value {
    json!({
        "format": "prongsai.instrument/1",
        "id": "test", "edition": "2568", "kind": "eit",
        "title": {"th": "ทดสอบ", "en": "Test"},
        "scales": [
            {"id": "ita4", "kind": "ordinal", "not_applicable": {"th": "ไม่ทราบ"}, "options": [
                {"value": 1, "label": {"th": "น้อยที่สุด"}, "score": 0},
                {"value": 2, "label": {"th": "น้อย"}, "score": 33.3},
                {"value": 3, "label": {"th": "มาก"}, "score": 66.7},
                {"value": 4, "label": {"th": "มากที่สุด"}, "score": 100}]},
            {"id": "yesno", "kind": "yesno", "options": [
                {"value": "yes", "label": {"th": "มี"}, "score": 100},
                {"value": "no", "label": {"th": "ไม่มี"}, "score": 0}]},
            {"id": "text", "kind": "text", "max_length": 10}
        ],
        "tools": [{"id": "eit", "title": {"th": "EIT"}}],
        "indicators": [{"id": "6", "tool": "eit", "title": {"th": "คุณภาพ"}}],
        "sections": [
            {"id": "a", "title": {"th": "ส่วน ก"}, "items": [
                {"code": "used", "text": {"th": "เคยติดต่อไหม"}, "scale": "yesno", "required": true},
                {"code": "e1", "text": {"th": "ข้อ 1"}, "scale": "ita4", "indicator": "6", "required": true,
                 "show_if": {"item": "used", "in": ["yes"]},
                 "sub_items": [{"code": "e1.1", "text": {"th": "ก"}}, {"code": "e1.2", "text": {"th": "ข"}, "reverse": true}]}
            ]},
            {"id": "b", "title": {"th": "ส่วน ข"}, "items": [
                {"code": "comment", "text": {"th": "ข้อเสนอแนะ"}, "scale": "text"}
            ]}
        ],
        "scoring": {"grades": "2568", "overall": {"weights": {"iit": 30, "eit": 30, "oit": 40}}}
    })
}

fn problems(v: &Value) -> Vec<Problem> {
    match Instrument::from_value(v) {
        Ok(_) => Vec::new(),
        Err(p) => p,
    }
}

fn assert_problem(v: &Value, path: &str, fragment: &str) {
    let ps = problems(v);
    assert!(
        ps.iter()
            .any(|p| p.path == path && p.message.contains(fragment)),
        "expected a problem at {path} containing {fragment:?}, got:\n{}",
        ps.iter()
            .map(|p| format!("  {p}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_base_fixture_is_valid() {
    assert_eq!(problems(&base()), Vec::new());
}

#[test]
fn not_json_reports_line_and_column() {
    let err = Instrument::from_json("{\n  \"id\": }").expect_err("invalid");
    assert_eq!(err.len(), 1);
    assert!(err[0].message.contains("line 2"), "{}", err[0]);
}

#[test]
fn not_an_object() {
    assert_problem(&json!([1, 2]), "", "must be a JSON object");
}

#[test]
fn wrong_format() {
    let mut v = base();
    v["format"] = json!("surveyjs");
    assert_problem(&v, "format", "prongsai.instrument/1");
}

#[test]
fn missing_required_field() {
    let mut v = base();
    v.as_object_mut().expect("object").remove("title");
    assert_problem(&v, "title", "missing");
}

#[test]
fn unknown_field_is_a_typo() {
    let mut v = base();
    v["sections"][0]["items"][1]["reverce"] = json!(true);
    assert_problem(
        &v,
        "sections[0].items[1].reverce",
        "unknown field `reverce`",
    );
}

#[test]
fn wrong_type_names_the_exact_path() {
    let mut v = base();
    v["sections"][0]["items"][1]["required"] = json!("yes");
    assert_problem(&v, "sections[0].items[1].required", "expected a boolean");
}

#[test]
fn several_broken_items_are_all_reported() {
    let mut v = base();
    v["sections"][0]["items"][0]["required"] = json!("yes");
    v["sections"][1]["items"][0]["text"] = json!(5);
    v["scales"][1]["kind"] = json!("likert");
    let ps = problems(&v);
    let paths: Vec<_> = ps.iter().map(|p| p.path.as_str()).collect();
    assert!(
        paths.contains(&"sections[0].items[0].required"),
        "{paths:?}"
    );
    assert!(paths.contains(&"sections[1].items[0].text"), "{paths:?}");
    assert!(paths.contains(&"scales[1].kind"), "{paths:?}");
}

#[test]
fn bad_edition() {
    let mut v = base();
    v["edition"] = json!("2025/26");
    assert_problem(&v, "edition", "Buddhist-era");
}

#[test]
fn empty_thai_text() {
    let mut v = base();
    v["sections"][1]["title"]["th"] = json!("  ");
    assert_problem(&v, "sections[1].title.th", "Thai text is empty");
}

#[test]
fn duplicate_codes() {
    let mut v = base();
    v["sections"][1]["items"][0]["code"] = json!("e1.2");
    assert_problem(&v, "sections[1].items[0].code", "duplicate code \"e1.2\"");
}

#[test]
fn duplicate_scale_ids() {
    let mut v = base();
    v["scales"][2]["id"] = json!("ita4");
    assert_problem(&v, "scales[2].id", "duplicate scale id");
}

#[test]
fn unknown_scale() {
    let mut v = base();
    v["sections"][0]["items"][1]["scale"] = json!("ita5");
    assert_problem(&v, "sections[0].items[1].scale", "unknown scale \"ita5\"");
}

#[test]
fn unknown_indicator() {
    let mut v = base();
    v["sections"][0]["items"][1]["indicator"] = json!("9");
    assert_problem(
        &v,
        "sections[0].items[1].indicator",
        "unknown indicator \"9\"",
    );
}

#[test]
fn indicator_of_unknown_tool() {
    let mut v = base();
    v["indicators"][0]["tool"] = json!("oit");
    assert_problem(&v, "indicators[0].tool", "unknown tool \"oit\"");
}

#[test]
fn indicator_without_items() {
    let mut v = base();
    v["indicators"]
        .as_array_mut()
        .expect("array")
        .push(json!({"id": "7", "tool": "eit", "title": {"th": "สื่อสาร"}}));
    assert_problem(&v, "indicators[1]", "has no items");
}

#[test]
fn empty_scale() {
    let mut v = base();
    v["scales"][0]["options"] = json!([]);
    assert_problem(&v, "scales[0].options", "no options");
}

#[test]
fn score_outside_0_to_100() {
    let mut v = base();
    v["scales"][0]["options"][3]["score"] = json!(120);
    assert_problem(&v, "scales[0].options[3].score", "outside 0–100");
}

#[test]
fn ordinal_value_must_be_an_integer() {
    let mut v = base();
    v["scales"][0]["options"][0]["value"] = json!("low");
    assert_problem(&v, "scales[0].options[0].value", "integer level");
}

#[test]
fn yes_no_values_are_yes_and_no() {
    let mut v = base();
    v["scales"][1]["options"][0]["value"] = json!("มี");
    assert_problem(&v, "scales[1].options[0].value", "\"yes\" or \"no\"");
}

#[test]
fn duplicate_option_values() {
    let mut v = base();
    v["scales"][0]["options"][1]["value"] = json!(1);
    assert_problem(&v, "scales[0].options[1].value", "duplicate option value");
}

#[test]
fn scored_item_needs_scores_on_every_option() {
    let mut v = base();
    v["scales"][0]["options"][2]
        .as_object_mut()
        .expect("object")
        .remove("score");
    assert_problem(&v, "sections[0].items[1].scale", "options without a score");
}

#[test]
fn text_scale_cannot_be_scored() {
    let mut v = base();
    v["sections"][1]["items"][0]["indicator"] = json!("6");
    assert_problem(&v, "sections[1].items[0].scale", "a scored item needs");
}

#[test]
fn weights_must_sum_to_100() {
    let mut v = base();
    v["scoring"]["overall"]["weights"]["oit"] = json!(30);
    assert_problem(&v, "scoring.overall.weights", "sum to 90, not 100");
}

#[test]
fn condition_naming_a_missing_item() {
    let mut v = base();
    v["sections"][0]["items"][1]["show_if"]["item"] = json!("visited");
    assert_problem(
        &v,
        "sections[0].items[1].show_if.item",
        "not an earlier item",
    );
}

#[test]
fn condition_naming_a_later_item() {
    let mut v = base();
    v["sections"][0]["show_if"] = json!({"item": "comment", "in": ["x"]});
    assert_problem(&v, "sections[0].show_if.item", "not an earlier item");
}

#[test]
fn condition_with_an_impossible_answer() {
    let mut v = base();
    v["sections"][0]["items"][1]["show_if"]["in"] = json!(["maybe"]);
    assert_problem(
        &v,
        "sections[0].items[1].show_if.in[0]",
        "not an answer of scale",
    );
}

#[test]
fn unknown_grade_scheme() {
    let mut v = base();
    v["scoring"]["grades"] = json!("2590");
    assert_problem(&v, "scoring.grades", "no built-in grade scheme \"2590\"");
}

#[test]
fn inline_grade_bands_must_descend_and_reach_zero() {
    let mut v = base();
    v["scoring"]["grades"] = json!({"bands": [
        {"label": {"th": "ผ่าน"}, "min": 85}, {"label": {"th": "ดี"}, "min": 90}]});
    assert_problem(&v, "scoring.grades.bands[1].min", "highest first");
    assert_problem(&v, "scoring.grades.bands", "start at 0");
}

#[test]
fn section_without_items() {
    let mut v = base();
    v["sections"][1]["items"] = json!([]);
    assert_problem(&v, "sections[1].items", "at least one item");
}

#[test]
fn profile_question_cannot_be_scored() {
    let mut v = base();
    v["sections"][0]["items"][0]["role"] = json!("profile");
    v["sections"][0]["items"][0]["indicator"] = json!("6");
    assert_problem(&v, "sections[0].items[0].role", "never scored");
}

// ---- answers against an instrument ----

fn ins() -> Instrument {
    Instrument::from_value(&base()).expect("valid")
}

fn answers(v: Value) -> Answers {
    serde_json::from_value(v).expect("answers")
}

fn paths(ps: &[Problem]) -> Vec<String> {
    ps.iter()
        .map(|p| format!("{} | {}", p.path, p.message))
        .collect()
}

#[test]
fn a_complete_response_has_no_problems() {
    let ps = ins().check_answers(&answers(
        json!({"used": "yes", "e1.1": 4, "e1.2": "na", "comment": "ดี"}),
    ));
    assert!(ps.is_empty(), "{:?}", paths(&ps));
}

#[test]
fn answers_are_checked_for_code_type_range_and_required() {
    let ps = ins().check_answers(&answers(
        json!({"used": "yes", "e1.1": 7, "e9": 4, "comment": 5}),
    ));
    let p = paths(&ps);
    assert!(
        p.iter()
            .any(|s| s.starts_with("answers.e1.1 | 7 is not an answer")),
        "{p:?}"
    );
    assert!(
        p.iter()
            .any(|s| s.starts_with("answers.e9 | unknown item code")),
        "{p:?}"
    );
    assert!(
        p.iter()
            .any(|s| s.starts_with("answers.comment | expected text")),
        "{p:?}"
    );
    assert!(
        p.iter()
            .any(|s| s.starts_with("answers.e1.2 | an answer is required")),
        "{p:?}"
    );
}

#[test]
fn hidden_questions_are_not_required_and_may_not_be_answered() {
    let i = ins();
    assert!(i.check_answers(&answers(json!({"used": "no"}))).is_empty());
    let ps = i.check_answers(&answers(json!({"used": "no", "e1.1": 4})));
    assert!(
        paths(&ps).iter().any(|s| s.contains("do not show")),
        "{:?}",
        paths(&ps)
    );
    let mut a = answers(json!({"used": "no", "e1.1": 4, "e1.2": 3}));
    i.prune_hidden(&mut a);
    assert_eq!(a, answers(json!({"used": "no"})));
}

#[test]
fn text_longer_than_the_scale_allows_is_refused() {
    let ps = ins().check_answers(&answers(json!({"used": "no", "comment": "ก".repeat(11)})));
    assert!(
        paths(&ps).iter().any(|s| s.contains("11 characters")),
        "{:?}",
        paths(&ps)
    );
}

#[test]
fn check_section_lists_missing_answers_in_question_order() {
    let ps = ins().check_section(0, &answers(json!({"used": "yes"})));
    let codes: Vec<_> = ps.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(codes, ["answers.e1.1", "answers.e1.2"]);
    assert!(ins().check_section(1, &Answers::new()).is_empty());
}
