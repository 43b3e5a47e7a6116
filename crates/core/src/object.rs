//! JSON objects and answer maps built by inserting one pair at a time.
//!
//! `collect()` into a map first sorts the pairs, then bulk-builds the tree: one sort and one
//! builder per key and value type. The widget builds a handful of small maps (the envelope,
//! the scores, the draft), so that machinery would be shipped to every phone for nothing; a
//! loop of `insert`s reuses the one insertion code every map already has.

use serde_json::{Map, Value};

use crate::answers::Answers;

/// A JSON object of these pairs (a later duplicate key wins, as with `collect`).
pub fn object(pairs: impl IntoIterator<Item = (String, Value)>) -> Map<String, Value> {
    let mut m = Map::new();
    for (k, v) in pairs {
        m.insert(k, v);
    }
    m
}

/// Answers as a JSON object.
pub fn answers_object(answers: &Answers) -> Value {
    Value::Object(object(answers.iter().map(|(k, v)| (k.clone(), v.clone()))))
}

/// The answers of a JSON object.
pub fn answers_of(map: &Map<String, Value>) -> Answers {
    let mut answers = Answers::new();
    for (k, v) in map {
        answers.insert(k.clone(), v.clone());
    }
    answers
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pairs_in_any_order_make_the_same_object_as_collect() {
        let pairs = vec![
            ("b".to_string(), json!(2)),
            ("a".to_string(), json!("x")),
            ("b".to_string(), json!(3)),
        ];
        let collected: Map<String, Value> = pairs.clone().into_iter().collect();
        assert_eq!(object(pairs), collected);
        let answers = answers_of(&collected);
        assert_eq!(answers_object(&answers), Value::Object(collected));
    }
}
