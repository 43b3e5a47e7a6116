//! The evidence links of an OIT self-assessment written as answers: `o12` = `"yes"` / `"no"`,
//! `o12.url` = the evidence URL, `o12.note` = the explanation (design contract, `ita-oit`).
use std::collections::BTreeMap;

use prongsai_core::{normalize_code, Problem};
use serde_json::{Map, Value};

use super::EvidenceLink;

/// The item number of an OIT code (`o12` → 12).
fn oit_number(code: &str) -> Option<u32> {
    code.strip_prefix('o')
        .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|n| n.parse().ok())
}

#[derive(Default)]
struct Item {
    code: String,
    yes: bool,
    url: Option<String>,
}

/// Reads the evidence links of an answers object, sorted by item number. Keys that are not OIT
/// answers (`comment`, …) are ignored; every malformed OIT answer is a problem with its path
/// (`path_prefix` + `.` + key, e.g. `answers.o12.url`).
pub fn evidence_links(
    answers: &Map<String, Value>,
    path_prefix: &str,
) -> Result<Vec<EvidenceLink>, Vec<Problem>> {
    let mut items: BTreeMap<u32, Item> = BTreeMap::new();
    let mut problems = Vec::new();
    for (key, value) in answers {
        let path = if path_prefix.is_empty() {
            key.clone()
        } else {
            format!("{path_prefix}.{key}")
        };
        // Codes as agencies write them ("O ๑๒.url") are read like everywhere else.
        let (head, field) = match key.split_once('.') {
            Some((h, f)) => (h, Some(f.trim().to_lowercase())),
            None => (key.as_str(), None),
        };
        let code = normalize_code(head);
        let Some(number) = oit_number(&code) else {
            continue;
        };
        let item = items.entry(number).or_insert_with(|| Item {
            code: code.clone(),
            ..Item::default()
        });
        match field.as_deref() {
            None => match value {
                Value::Null => {}
                Value::String(s) if s.trim().eq_ignore_ascii_case("yes") => item.yes = true,
                Value::String(s) if s.trim().eq_ignore_ascii_case("no") => {}
                other => problems.push(Problem::new(
                    path,
                    format!("expected \"yes\" (มี) or \"no\" (ไม่มี), found {other}"),
                )),
            },
            Some("url") => match value {
                Value::Null => {}
                Value::String(s) => item.url = Some(s.trim().to_string()),
                other => problems.push(Problem::new(
                    path,
                    format!("the evidence URL must be text, found {other}"),
                )),
            },
            Some("note") => {
                if !matches!(value, Value::Null | Value::String(_)) {
                    problems.push(Problem::new(
                        path,
                        format!("the explanation must be text, found {value}"),
                    ));
                }
            }
            Some(_) => problems.push(Problem::new(
                path,
                format!("not an OIT answer: expected {code}, {code}.url or {code}.note"),
            )),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(items
        .into_values()
        .map(|item| EvidenceLink {
            code: item.code,
            url: item.url.unwrap_or_default(),
            label: None,
            answered_yes: item.yes,
        })
        .collect())
}

/// Reads a document that is either an answers object or a response envelope holding one in
/// `answers`. A document with no OIT answer at all is a problem: it is probably the wrong file.
pub fn evidence_links_from_document(doc: &Value) -> Result<Vec<EvidenceLink>, Vec<Problem>> {
    let Some(obj) = doc.as_object() else {
        return Err(vec![Problem::new(
            "",
            "expected a JSON object: OIT answers ({\"o1\": \"yes\", \"o1.url\": \"https://…\"}) or a response envelope",
        )]);
    };
    let (answers, prefix) = match obj.get("answers") {
        Some(Value::Object(a)) => (a, "answers"),
        Some(other) => {
            return Err(vec![Problem::new(
                "answers",
                format!("expected an object of answers, found {other}"),
            )])
        }
        None => (obj, ""),
    };
    let links = evidence_links(answers, prefix)?;
    if links.is_empty() {
        return Err(vec![Problem::new(
            prefix,
            "no OIT answers (o1 … o43 with o1.url) found",
        )]);
    }
    Ok(links)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_answers_in_item_order_with_tolerant_codes() {
        let doc = json!({
            "o10": "yes", "o10.url": " https://abc.go.th/o10 ",
            "O ๒.url": "https://abc.go.th/o2", "o2": "YES",
            "o3": "no", "o3.note": "ยังไม่มี",
            "comment": "ignored"
        });
        let links = evidence_links_from_document(&doc).expect("links");
        let view: Vec<(&str, &str, bool)> = links
            .iter()
            .map(|l| (l.code.as_str(), l.url.as_str(), l.answered_yes))
            .collect();
        assert_eq!(
            view,
            vec![
                ("o2", "https://abc.go.th/o2", true),
                ("o3", "", false),
                ("o10", "https://abc.go.th/o10", true),
            ]
        );
    }

    #[test]
    fn an_envelope_is_read_and_problems_name_their_path() {
        let doc = json!({"format": "prongsai.response/1", "answers": {
            "o1": 1, "o2.url": ["x"], "o3.link": "https://abc.go.th"
        }});
        let problems = evidence_links_from_document(&doc).expect_err("bad");
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            vec!["answers.o1", "answers.o2.url", "answers.o3.link"]
        );
    }

    #[test]
    fn a_file_without_oit_answers_is_refused() {
        let problems = evidence_links_from_document(&json!({"e1.1": 4})).expect_err("bad");
        assert!(problems[0].message.contains("no OIT answers"));
        assert!(evidence_links_from_document(&json!([1, 2])).is_err());
    }
}
