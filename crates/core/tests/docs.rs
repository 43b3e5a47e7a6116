//! The documentation's examples are real: the complete example in docs/instrument-format.md is a
//! valid instrument and scores as the page says.
use prongsai_core::{score_response, Answers, Instrument};

const DOC: &str = include_str!("../../../docs/instrument-format.md");

fn json_blocks() -> Vec<&'static str> {
    DOC.split("```json")
        .skip(1)
        .filter_map(|b| b.split("```").next())
        .collect()
}

#[test]
fn docs_example_is_valid() {
    let blocks = json_blocks();
    let ins = Instrument::from_json(blocks[0]).unwrap_or_else(|p| {
        panic!(
            "{}",
            p.iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    assert_eq!(ins.id, "khamlai-service");
    let answers: Answers = serde_json::from_str(blocks[1]).expect("example response");
    assert!(
        ins.check_answers(&answers).is_empty(),
        "{:?}",
        ins.check_answers(&answers)
    );
    let s = score_response(&ins, &answers);
    assert_eq!(s.items["q1"], 100.0);
    assert_eq!(s.indicators["1"], 100.0);
    assert_eq!(s.tools["service"], 100.0);
    assert_eq!(s.dimensions["staff"], 40.0);
}
