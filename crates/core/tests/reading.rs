//! Reading an instrument in both configurations of the core: with `validate` (server, CLI) and
//! without (the widget, `--no-default-features`). Either way a broken instrument is refused with
//! a problem that names where it is, never a panic, and a good one reads completely.
mod support;

use prongsai_core::{Instrument, Problem};
use serde_json::{json, Value};
use support::builtin;

fn base() -> Value {
    json!({
        "format": "prongsai.instrument/1",
        "id": "test", "edition": "2568", "kind": "custom",
        "title": {"th": "ทดสอบ", "en": "Test"},
        "scales": [
            {"id": "yesno", "kind": "yesno", "options": [
                {"value": "yes", "label": {"th": "มี"}, "score": 100},
                {"value": "no", "label": {"th": "ไม่มี"}, "score": 0}]},
            {"id": "text", "kind": "text", "max_length": 10}
        ],
        "sections": [
            {"id": "a", "title": {"th": "ส่วน ก"}, "items": [
                {"code": "used", "text": {"th": "เคยติดต่อไหม"}, "scale": "yesno", "required": true},
                {"code": "comment", "text": {"th": "ข้อเสนอแนะ"}, "scale": "text"}
            ]}
        ]
    })
}

fn problems(v: &Value) -> Vec<Problem> {
    match Instrument::from_json(&v.to_string()) {
        Ok(_) => Vec::new(),
        Err(p) => p,
    }
}

fn has(ps: &[Problem], path: &str, fragment: &str) -> bool {
    ps.iter()
        .any(|p| p.path == path && p.message.contains(fragment))
}

#[test]
fn a_good_instrument_reads_completely() {
    let ins = match Instrument::from_json(&base().to_string()) {
        Ok(i) => i,
        Err(p) => panic!("{p:?}"),
    };
    assert_eq!(ins.id, "test");
    assert!(ins.anonymous, "defaults apply");
    assert_eq!(ins.sections[0].items.len(), 2);
    assert_eq!(ins.scales[0].options[0].score, Some(100.0));
}

#[test]
fn every_builtin_reads_the_same_as_its_json() {
    for id in ["ita-iit", "ita-eit", "satisfaction", "quick"] {
        let ins = builtin::load(id).expect("built-in");
        assert_eq!(ins.id, id);
        // What the server sends at /instruments/ID.json is the instrument re-serialized: it
        // must read back to the same instrument.
        let again = Instrument::from_json(&serde_json::to_string(&ins).expect("serializes"));
        assert_eq!(again.as_ref().ok(), Some(&ins), "{id} round-trips");
    }
}

#[test]
fn malformed_json_names_line_and_column() {
    let ps = match Instrument::from_json("{\n  \"id\": ") {
        Ok(_) => panic!("accepted"),
        Err(p) => p,
    };
    assert_eq!(ps.len(), 1);
    assert!(
        ps[0].message.contains("not valid JSON (line 2"),
        "{}",
        ps[0]
    );
}

#[test]
fn a_wrong_type_is_refused_with_its_field() {
    let mut v = base();
    v["sections"][0]["items"][0]["required"] = json!("yes");
    let ps = problems(&v);
    assert!(!ps.is_empty());
    assert!(
        ps.iter().any(|p| p.message.contains("invalid type")),
        "{ps:?}"
    );
    let mut v = base();
    v["sections"][0]["items"][0]
        .as_object_mut()
        .expect("item")
        .remove("scale");
    let ps = problems(&v);
    assert!(
        ps.iter()
            .any(|p| p.message.contains("required field `scale` is missing")),
        "{ps:?}"
    );
}

#[test]
fn an_unknown_scale_is_refused_at_its_path() {
    let mut v = base();
    v["sections"][0]["items"][1]["scale"] = json!("nope");
    let ps = problems(&v);
    assert!(
        has(&ps, "sections[0].items[1].scale", "unknown scale \"nope\""),
        "{ps:?}"
    );
}

#[test]
fn a_choice_scale_without_options_is_refused() {
    let mut v = base();
    v["scales"][0]["options"] = json!([]);
    let ps = problems(&v);
    assert!(
        has(&ps, "scales[0].options", "the scale has no options"),
        "{ps:?}"
    );
}

#[test]
fn an_instrument_without_questions_is_refused() {
    let mut v = base();
    v["sections"] = json!([{"id": "a", "title": {"th": "ก"}, "items": []}]);
    assert!(!problems(&v).is_empty());
}
