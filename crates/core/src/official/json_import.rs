//! Official results from JSON (the `prongsai.official/1` template), every problem named by its
//! field.
use serde_json::Value;

use super::*;

/// Reads official results from JSON (the `prongsai.official/1` template).
pub fn from_json(text: &str) -> Result<OfficialResults, Vec<ImportProblem>> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        vec![ImportProblem {
            row: None,
            column: String::new(),
            message: format!(
                "ไม่ใช่ JSON ที่ถูกต้อง (บรรทัด {}, คอลัมน์ {}) — not valid JSON (line {}, column {})",
                e.line(),
                e.column(),
                e.line(),
                e.column()
            ),
        }]
    })?;
    let Some(obj) = value.as_object() else {
        return Err(vec![ImportProblem {
            row: None,
            column: String::new(),
            message: "ต้องเป็นออบเจกต์ JSON — expected a JSON object".into(),
        }]);
    };
    let mut b = Builder::default();
    for (key, v) in obj {
        match key.as_str() {
            "format" => {
                if v.as_str() != Some(OFFICIAL_FORMAT) {
                    b.problem(
                        None,
                        "format",
                        format!("ต้องเป็น \"{OFFICIAL_FORMAT}\" — must be \"{OFFICIAL_FORMAT}\""),
                    );
                }
            }
            "fiscal_year" => {
                let raw = match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                b.fiscal_year(None, "fiscal_year", &raw, "fiscal_year".into());
            }
            "unit" => match v {
                Value::String(s) if !s.trim().is_empty() => b.unit = Some(s.trim().to_string()),
                Value::Null => {}
                _ => b.problem(None, "unit", "ต้องเป็นข้อความ — expected text"),
            },
            "grade" => match v {
                Value::String(s) if !s.trim().is_empty() => b.grade = Some(s.trim().to_string()),
                Value::Null => {}
                _ => b.problem(
                    None,
                    "grade",
                    "ต้องเป็นข้อความ เช่น \"A\" หรือ \"ผ่านดี\" — expected text such as \"A\" or \"ผ่านดี\"",
                ),
            },
            "overall" if v.is_null() => {}
            "overall" => match score_of(v) {
                Ok(s) => b.overall = Some(s),
                Err(m) => b.problem(None, "overall", m),
            },
            "tools" | "indicators" => {
                let Some(map) = v.as_object() else {
                    b.problem(
                        None,
                        key.clone(),
                        "ต้องเป็นออบเจกต์ รหัส: คะแนน — expected an object of code: score",
                    );
                    continue;
                };
                for (code, s) in map {
                    let path = format!("{key}.{code}");
                    match score_of(s) {
                        Ok(score) if key == "tools" => {
                            b.tool(None, &path, code, score, path.clone())
                        }
                        Ok(score) => b.indicator(None, &path, code, score, path.clone()),
                        Err(m) => b.problem(None, path, m),
                    }
                }
            }
            "recommendations" => {
                let Some(list) = v.as_array() else {
                    b.problem(None, "recommendations", "ต้องเป็นรายการ — expected an array");
                    continue;
                };
                for (i, r) in list.iter().enumerate() {
                    let code = r.get("code").and_then(Value::as_str);
                    let text = r.get("text").and_then(Value::as_str);
                    match (code, text) {
                        (Some(c), Some(t)) => {
                            b.recommendation(None, &format!("recommendations[{i}].code"), c, t)
                        }
                        _ => b.problem(
                            None,
                            format!("recommendations[{i}]"),
                            "ต้องมี code และ text — expected {\"code\": \"I25\", \"text\": \"…\"}",
                        ),
                    }
                }
            }
            other => b.problem(
                None,
                other,
                format!("ไม่รู้จักฟิลด์ \"{other}\" — unknown field \"{other}\""),
            ),
        }
    }
    b.finish()
}
